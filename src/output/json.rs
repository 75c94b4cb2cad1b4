//! JSON for a terminal: exact (it decodes to the very same strings) but never carrying a byte
//! a terminal would obey. serde_json leaves DEL, C1 controls and bidirectional overrides raw
//! in strings; here they are written as `\uXXXX` escapes.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::sanitize::needs_escape;

/// `value` as one line of JSON.
pub fn compact(value: &impl Serialize) -> String {
    write(value, CompactFormatter)
}

/// `value` as indented JSON.
pub fn pretty(value: &impl Serialize) -> String {
    write(value, PrettyFormatter::new())
}

fn write<F: Formatter>(value: &impl Serialize, formatter: F) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Safe(formatter));
    if value.serialize(&mut ser).is_err() {
        return "null".into();
    }
    // The serializer writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn terminal_controls_are_escaped_and_the_value_is_unchanged() {
        let hostile = "A\x1b]52;c;SGVsbG8=\x07B\u{9b}2J\u{7f}\u{202e}C";
        let value = json!({"name": hostile, "list": [hostile]});
        for text in [compact(&value), pretty(&value)] {
            assert!(
                !text.chars().any(|c| c != '\n' && needs_escape(c)),
                "{text}"
            );
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
        assert_eq!(compact(&json!("é\u{9b}")), "\"é\\u009b\"");
    }

    #[test]
    fn pretty_is_serde_jsons_pretty_for_plain_text() {
        let value = json!({"a": [1, 2], "b": {"c": "d"}});
        assert_eq!(
            pretty(&value),
            serde_json::to_string_pretty(&value).unwrap()
        );
        assert_eq!(compact(&value), value.to_string());
    }
}
