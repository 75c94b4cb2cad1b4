//! Everything the app writes to a terminal passes here.
//!
//! `sanitize` is the one gate for text from data (names, CSV cells, LDAP values, server
//! messages): the TUI's views call it for every string they draw, and the command line writes
//! through [`out`], [`err`] and [`json`], which apply it to whole messages. `json` keeps the
//! values exact: what a terminal would obey is escaped, never dropped.

mod json;
mod sanitize;

pub use json::{compact as json_compact, pretty as json_pretty};
pub use sanitize::{needs_escape, sanitize, sanitize_lines};

use std::io::Write;

/// A message on stdout, through the sanitiser: `say!("{} rows", n)`.
#[macro_export]
macro_rules! say {
    ($($t:tt)*) => { $crate::output::out(&format!($($t)*)) };
}

/// An error on stderr (`intendant: …`), through the sanitiser.
#[macro_export]
macro_rules! fail {
    ($($t:tt)*) => { $crate::output::err(&format!($($t)*)) };
}

/// One message on stdout, line breaks kept, the rest made inert.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", sanitize_lines(text));
}

/// The same without the final line break (the text brings its own).
pub fn out_raw_lines(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", sanitize_lines(text));
}

/// One message on stderr, prefixed with the program's name.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "intendant: {}", sanitize_lines(text));
}

/// A message on stderr as it is given (a warning line of its own).
pub fn err_plain(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", sanitize_lines(text));
}

/// A value as JSON on stdout: one line, or indented.
/// A JSON object's field as text: a string as it is, null as nothing, anything else as JSON.
pub fn field_text(v: &serde_json::Value, key: &str) -> String {
    match &v[key] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub fn json(value: &impl serde::Serialize, pretty: bool) {
    let text = if pretty {
        json_pretty(value)
    } else {
        json_compact(value)
    };
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// What a command prints: sentences for a person, or exact JSON for a script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

impl Format {
    pub fn is_json(self) -> bool {
        self == Format::Json
    }
}
