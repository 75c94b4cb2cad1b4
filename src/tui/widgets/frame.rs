//! An overlay's frame, centring a box in an area, and cutting text to a width.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::theme::Theme;

/// An overlay's frame: its title on top, its keys at the bottom.
pub fn framed<'a>(theme: &Theme, title: &'a str, footer: &'a str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("overlay.border"))
        .style(theme.style("overlay"))
        .title(Span::styled(
            format!(" {title} "),
            theme.style("overlay.title"),
        ))
        .title_bottom(
            Line::from(Span::styled(
                format!(" {footer} "),
                theme.style("overlay.border"),
            ))
            .right_aligned(),
        )
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` broken into lines of at most `width` columns, at spaces where it can be (a word
/// longer than the line is cut); at most `max` lines, the last one ending in "…" when some
/// text is left over.
pub fn wrap_lines(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let sep = usize::from(!line.is_empty());
            if line.width() + sep + word.width() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if line.is_empty() {
                // A word wider than the line: cut it.
                let head = fit(&word, width + 1);
                let head = head.trim_end_matches('…').to_owned();
                if head.is_empty() {
                    return lines;
                }
                word = word[head.len()..].to_owned();
                lines.push(head);
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max && max > 0 {
        lines.truncate(max);
        let last = lines.pop().unwrap_or_default();
        lines.push(fit(&format!("{last} …"), width));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_lines_breaks_at_spaces_cuts_long_words_and_says_when_it_stops() {
        assert_eq!(
            wrap_lines("The room is already booked: 10/12 14:00", 16, 5),
            ["The room is", "already booked:", "10/12 14:00"]
        );
        assert_eq!(wrap_lines("abcdefghij", 4, 5), ["abcd", "efgh", "ij"]);
        let cut = wrap_lines("one two three four five six", 9, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
        assert!(wrap_lines("", 10, 3).is_empty());
    }
}
