//! Property tests for what reads untrusted text: the sanitiser never lets a terminal control
//! through and keeps every printable character; the setup file, keymap and theme parsers
//! never panic, and every problem they report names its file (and, for a syntax error, the
//! line).

use intendant::output::{json_compact, needs_escape, sanitize, sanitize_lines};
use intendant::tui::keymap::Keymap;
use intendant::tui::theme::{ColorDepth, Theme};
use proptest::prelude::*;

/// Text with many control characters, escape sequences and odd Unicode in it.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        Just("\x1b[2J".to_owned()),
        Just("\x1b]52;c;SGVsbG8=\x07".to_owned()),
        Just("\u{9b}31m".to_owned()),
        Just("\u{202e}\u{2066}\u{200f}".to_owned()),
        Just("\r\n\t\0\x7f".to_owned()),
        "[\\x00-\\x20\\x7f-\\u{a0}]{0,8}",
        "[a-zA-Zé ]{0,8}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Text shaped like TOML, with the keys these files use, and some noise.
fn toml_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[global]".to_owned()),
        Just("[planning]".to_owned()),
        Just("[[user]]".to_owned()),
        Just("[[site]]".to_owned()),
        Just("[[room]]".to_owned()),
        Just("[[area]]".to_owned()),
        Just("[palette]".to_owned()),
        Just("inherits = \"default\"".to_owned()),
        Just("inherits = \"fuzz\"".to_owned()),
        Just("login = \"x\"".to_owned()),
        Just("q = \"quit\"".to_owned()),
        Just("j = [\"down\", \"up\"]".to_owned()),
        Just("\"grid.cell\" = { fg = \"red\", modifiers = [\"bold\"] }".to_owned()),
        Just("code = \"S\"".to_owned()),
        Just("name = \"\u{1b}[2J\"".to_owned()),
        "[a-z_.\"\\[\\]{}=, 0-9#-]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_sanitiser_lets_no_control_through_and_keeps_the_rest(text in hostile()) {
        let out = sanitize(&text);
        prop_assert!(!out.chars().any(|c| c.is_control() || needs_escape(c)));
        // One character for one: every printable character is where it was.
        prop_assert_eq!(out.chars().count(), text.chars().count());
        for (a, b) in text.chars().zip(out.chars()) {
            if !needs_escape(a) {
                prop_assert_eq!(a, b);
            }
        }
        let lines = sanitize_lines(&text);
        prop_assert!(!lines.chars().any(|c| c != '\n' && needs_escape(c)));
        prop_assert_eq!(
            lines.chars().filter(|&c| c == '\n').count(),
            text.chars().filter(|&c| c == '\n').count()
        );
    }

    #[test]
    fn terminal_json_is_exact_and_inert(text in hostile()) {
        let json = json_compact(&serde_json::json!({ "v": text }));
        prop_assert!(!json.chars().any(needs_escape));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back["v"].as_str(), Some(text.as_str()));
    }

    #[test]
    fn the_setup_parser_names_the_file_and_never_panics(text in toml_like()) {
        if let Err(e) = intendant::setup::store::parse("setup.toml", &text) {
            let message = e.to_string();
            prop_assert!(message.starts_with("setup.toml: "), "{}", message);
            if toml::from_str::<toml::Table>(&text).is_err() {
                prop_assert!(message.contains("line"), "{}", message);
            }
        }
    }

    #[test]
    fn the_keymap_parser_names_the_file_and_never_panics(text in toml_like()) {
        let (_, warnings) = Keymap::load("default", Some(("keymap.toml", &text)));
        for w in &warnings {
            prop_assert!(w.starts_with("keymap.toml: "), "{}", w);
        }
        if toml::from_str::<toml::Table>(&text).is_err() {
            prop_assert!(warnings.iter().any(|w| w.contains("line")), "{:?}", warnings);
        }
    }

    #[test]
    fn the_theme_parser_names_the_file_and_never_panics(text in toml_like()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fuzz.toml"), &text).unwrap();
        let (_, warnings) = Theme::load("fuzz", Some(dir.path()), ColorDepth::Ansi16);
        for w in &warnings {
            prop_assert!(w.contains("themes/fuzz.toml") || w.contains("fuzz"), "{}", w);
        }
        if toml::from_str::<toml::Table>(&text).is_err() {
            prop_assert!(warnings.iter().any(|w| w.contains("line")), "{:?}", warnings);
        }
    }
}
