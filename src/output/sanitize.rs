//! The one gate every string from data passes before it reaches the terminal.
//!
//! A name, a CSV cell or an LDAP attribute is attacker-controlled: `\x1b]52;…` would write the
//! administrator's clipboard, `\x1b[2J` would wipe the screen. Control characters are shown as
//! their visible Unicode "control pictures" (`␛`, `␀`, …), so nothing is silently lost and nothing
//! reaches the terminal as a command. Bidirectional overrides, which can make text lie about its
//! order, are shown as `�`.

use std::borrow::Cow;

/// Makes `text` safe to print on one line.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(visible).collect())
}

/// The same for text of several lines (a command's output): line breaks stay, everything else
/// that a terminal would obey is made visible.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c == '\n' { c } else { visible(c) })
            .collect(),
    )
}

/// What a terminal could take as a command or as a reordering of the text: C0 and C1
/// controls, DEL, and bidirectional overrides.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn visible(c: char) -> char {
    match c {
        '\t' => ' ',
        // C0 controls have dedicated pictures at U+2400 + code.
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        c if c.is_control() || is_bidi_control(c) => '\u{FFFD}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(
            sanitize("Lefèvre-Roy"),
            Cow::Borrowed("Lefèvre-Roy")
        ));
    }

    #[test]
    fn escape_sequences_become_visible_and_inert() {
        let out = sanitize("a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07");
        assert!(!out.chars().any(|c| c.is_control()));
        assert_eq!(out, "a␛[2Jb␛]52;c;ZXZpbA==␇");
    }

    #[test]
    fn c1_del_newlines_and_bidi_are_neutralised() {
        assert_eq!(sanitize("x\u{9b}31m\u{7f}\r\n\u{202e}y\tz"), "x�31m␡␍␊�y z");
    }

    #[test]
    fn lines_keep_their_breaks_only() {
        assert_eq!(sanitize_lines("a\x1b[2J\nb\r\n"), "a␛[2J\nb␍\n");
        assert!(matches!(sanitize_lines("a\nb\n"), Cow::Borrowed(_)));
    }
}
