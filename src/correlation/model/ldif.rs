//! LDIF (RFC 2849) as `ldapsearch -LLL` writes it, read and written. Reading: `version: 1`,
//! comments, folded lines (a continuation starts with one space), `attr:: base64` values
//! (every non-ASCII value comes that way), multi-valued attributes, CRLF. A base64 value that
//! is not UTF-8 text (Active Directory's objectGUID and objectSid, jpegPhoto, certificates) is
//! kept as bytes. `attr:< URL` values are skipped with a warning: nothing is fetched from
//! anywhere. A change record (`changetype:`) is refused: it is not a snapshot. Every error and
//! warning names its line. Writing: values that are not "safe strings" are base64, long lines
//! are folded at 76 columns, bytes come back exactly as read.

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// One value of an attribute: text, or bytes that are not UTF-8 text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrValue {
    Text(String),
    Binary(Vec<u8>),
}

impl From<&str> for AttrValue {
    fn from(text: &str) -> AttrValue {
        AttrValue::Text(text.to_owned())
    }
}

impl From<String> for AttrValue {
    fn from(text: String) -> AttrValue {
        AttrValue::Text(text)
    }
}

impl AttrValue {
    pub fn text(&self) -> Option<&str> {
        match self {
            AttrValue::Text(t) => Some(t),
            AttrValue::Binary(_) => None,
        }
    }

    /// As a person reads it: the text, or `‹binary, N bytes›`.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        match self {
            AttrValue::Text(t) => std::borrow::Cow::Borrowed(t),
            AttrValue::Binary(b) => std::borrow::Cow::Owned(format!("‹binary, {} bytes›", b.len())),
        }
    }
}

/// Attribute names (lowercased) with their values, in the order first met.
pub type Attributes = Vec<(String, Vec<AttrValue>)>;

/// Something a snapshot's reader passed over, with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LdifWarning {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LdifWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub dn: String,
    /// The line the entry starts on, for messages.
    pub line: usize,
    /// Attribute names lowercased, in the order first met; values in order.
    pub attrs: Attributes,
}

impl Entry {
    /// The first text value of `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.all(name).next()
    }

    /// The text values of `name` (any case); bytes are left out.
    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> + '_ {
        let name = name.to_ascii_lowercase();
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(AttrValue::text)
    }

    /// Adds a value; `index` maps each attribute name of this entry to its place, so an
    /// entry of many distinct attributes reads in linear time.
    fn push(&mut self, index: &mut HashMap<String, usize>, name: String, value: AttrValue) {
        match index.get(&name) {
            Some(&i) => self.attrs[i].1.push(value),
            None => {
                index.insert(name.clone(), self.attrs.len());
                self.attrs.push((name, vec![value]));
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LdifError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> LdifError {
    LdifError {
        line,
        message: message.into(),
    }
}

/// Logical lines (folding undone, comments dropped) with the physical line each starts on;
/// None marks the blank lines that end records.
fn logical_lines(text: &str) -> Vec<Option<(usize, String)>> {
    let mut out: Vec<Option<(usize, String)>> = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let number = i + 1;
        if let Some(rest) = line.strip_prefix(' ') {
            if in_comment {
                continue;
            }
            if let Some(Some((_, last))) = out.last_mut() {
                last.push_str(rest);
                continue;
            }
            // A continuation with nothing to continue: kept, and refused by the parser.
            out.push(Some((number, line.to_owned())));
            continue;
        }
        in_comment = line.starts_with('#');
        if in_comment {
            continue;
        }
        if line.is_empty() {
            if !matches!(out.last(), Some(None) | None) {
                out.push(None);
            }
        } else {
            out.push(Some((number, line.to_owned())));
        }
    }
    out
}

/// `name: value`, `name:: base64`, `name:< url` → (name, value).
/// One line's attribute and value; no value for one given by URL (skipped).
fn attr_value(number: usize, line: &str) -> Result<(String, Option<AttrValue>), LdifError> {
    let Some(colon) = line.find(':') else {
        return Err(error(
            number,
            format!("expected `attribute: value`, found `{}`", clip(line)),
        ));
    };
    let name = &line[..colon];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ';' || c == '.')
    {
        return Err(error(
            number,
            format!("`{}` is not an attribute name", clip(name)),
        ));
    }
    let rest = &line[colon + 1..];
    let value = if let Some(encoded) = rest.strip_prefix(':') {
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|e| error(number, format!("{name}: invalid base64 ({e})")))?;
        match String::from_utf8(bytes) {
            Ok(text) => AttrValue::Text(text),
            Err(e) => AttrValue::Binary(e.into_bytes()),
        }
    } else if rest.starts_with('<') {
        return Ok((name.to_ascii_lowercase(), None));
    } else {
        AttrValue::Text(
            rest.strip_prefix(' ')
                .unwrap_or(rest)
                .trim_start_matches(' ')
                .to_owned(),
        )
    };
    Ok((name.to_ascii_lowercase(), Some(value)))
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

pub fn parse(text: &str) -> Result<Vec<Entry>, LdifError> {
    parse_with_warnings(text).map(|(entries, _)| entries)
}

/// The entries, and what was passed over (values given by URL).
pub fn parse_with_warnings(text: &str) -> Result<(Vec<Entry>, Vec<LdifWarning>), LdifError> {
    read(text, false)
}

/// A file of change records (what `apply` writes), read as entries with their `changetype`.
pub fn parse_changes(text: &str) -> Result<Vec<Entry>, LdifError> {
    read(text, true).map(|(entries, _)| entries)
}

fn read(text: &str, changes: bool) -> Result<(Vec<Entry>, Vec<LdifWarning>), LdifError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut warnings = Vec::new();
    let mut entries = Vec::new();
    let mut current: Option<Entry> = None;
    let mut index = HashMap::new();
    let mut first = true;
    for item in logical_lines(text) {
        let Some((number, line)) = item else {
            if let Some(e) = current.take() {
                entries.push(e);
            }
            continue;
        };
        if line.starts_with(' ') {
            return Err(error(
                number,
                "a continuation line (starting with a space) follows nothing",
            ));
        }
        // Change records separate their modifications with `-`.
        if line == "-" && current.is_some() {
            continue;
        }
        let (name, value) = attr_value(number, &line)?;
        let Some(value) = value else {
            warnings.push(LdifWarning {
                line: number,
                message: format!(
                    "{name}: a value given by URL (`{name}:<`) is not read; it was skipped"
                ),
            });
            continue;
        };
        if name == "changetype" && !changes {
            return Err(error(
                number,
                format!(
                    "a change record (changetype: {}): this is a file of changes, not a directory snapshot; export the directory with ldapsearch -LLL",
                    clip(value.text().unwrap_or("?"))
                ),
            ));
        }
        if let AttrValue::Text(t) = &value {
            if t.contains('\0') {
                return Err(error(
                    number,
                    format!("the value of `{name}` holds a NUL byte, which no directory text may"),
                ));
            }
        }
        if first && current.is_none() && name == "version" {
            first = false;
            if value.text().map(str::trim) != Some("1") {
                let value = value.shown();
                return Err(error(
                    number,
                    format!("LDIF version {value}: only version 1 is known"),
                ));
            }
            continue;
        }
        first = false;
        match &mut current {
            None if name == "dn" => {
                index.clear();
                let AttrValue::Text(dn) = value else {
                    return Err(error(number, "a dn must be text"));
                };
                current = Some(Entry {
                    dn,
                    line: number,
                    attrs: Vec::new(),
                })
            }
            None => {
                return Err(error(
                    number,
                    format!("an entry must start with `dn:`, not `{name}:`"),
                ));
            }
            Some(_) if name == "dn" => {
                return Err(error(
                    number,
                    "a second `dn:` in one entry (a blank line is missing)",
                ));
            }
            Some(e) => e.push(&mut index, name, value),
        }
    }
    if let Some(e) = current {
        entries.push(e);
    }
    Ok((entries, warnings))
}

/// RFC 2849's SAFE-STRING: written as is; anything else is base64.
fn is_safe(value: &str) -> bool {
    let first_ok = value
        .chars()
        .next()
        .is_none_or(|c| c != ' ' && c != ':' && c != '<');
    first_ok
        && !value.ends_with(' ')
        && value
            .bytes()
            .all(|b| b.is_ascii() && b != b'\0' && b != b'\n' && b != b'\r')
}

/// One `name: value` line, base64 when needed, folded at 76 columns.
pub fn line(name: &str, value: &str) -> String {
    let raw = if is_safe(value) {
        format!("{name}: {value}")
    } else {
        format!("{name}:: {}", STANDARD.encode(value.as_bytes()))
    };
    fold(&raw)
}

/// The same for a value of either kind: bytes always go as base64, exactly as read.
pub fn value_line(name: &str, value: &AttrValue) -> String {
    match value {
        AttrValue::Text(t) => line(name, t),
        AttrValue::Binary(b) => fold(&format!("{name}:: {}", STANDARD.encode(b))),
    }
}

fn fold(raw: &str) -> String {
    if raw.len() <= 76 {
        return format!("{raw}\n");
    }
    // Safe strings and base64 are ASCII: byte positions are characters.
    let mut out = String::with_capacity(raw.len() + raw.len() / 75 * 2);
    out.push_str(&raw[..76]);
    out.push('\n');
    let mut rest = &raw[76..];
    while !rest.is_empty() {
        let take = rest.len().min(75);
        out.push(' ');
        out.push_str(&rest[..take]);
        out.push('\n');
        rest = &rest[take..];
    }
    out
}

/// An entry as LDIF, ending with its blank line.
pub fn write_entry(e: &Entry) -> String {
    let mut out = line("dn", &e.dn);
    for (name, values) in &e.attrs {
        for v in values {
            out.push_str(&value_line(name, v));
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many distinct attributes in one entry read in linear time (it took 19 s for 160,000
    /// and never ended for 500,000 when each new name was searched for in a list).
    #[test]
    fn an_entry_of_many_distinct_attributes_reads_quickly() {
        let n = 200_000;
        let mut text = String::from("dn: uid=big,dc=x\n");
        for i in 0..n {
            text.push_str(&format!("a{i}: v\n"));
        }
        text.push_str("a7: second\n");
        let entries = parse(&text).unwrap();
        assert_eq!(entries[0].attrs.len(), n);
        assert_eq!(entries[0].all("A7").collect::<Vec<_>>(), ["v", "second"]);
    }

    const SAMPLE: &str = "version: 1\r\n\
# extended LDIF\r\n\
#  continued comment\r\n\
\r\n\
dn: uid=lmartin,ou=eleves,dc=lycee,dc=fr\r\n\
objectClass: inetOrgPerson\r\n\
objectClass: posixAccount\r\n\
uid: lmartin\r\n\
sn:: TGVmw6h2cmUtUm95\r\n\
givenName: L\r\n éa\r\n\
description: a very long description that ldapsearch folds at seventy-six colu\r\n mns exactly\r\n\
\r\n\
\r\n\
dn: uid=pc01$,ou=computers,dc=lycee,dc=fr\r\n\
uid: pc01$\r\n";

    #[test]
    fn reads_what_ldapsearch_writes() {
        let entries = parse(SAMPLE).unwrap();
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e.dn, "uid=lmartin,ou=eleves,dc=lycee,dc=fr");
        assert_eq!(e.line, 5);
        assert_eq!(
            e.all("objectclass").collect::<Vec<_>>(),
            ["inetOrgPerson", "posixAccount"]
        );
        assert_eq!(e.get("sn"), Some("Lefèvre-Roy"), "base64 is decoded");
        assert_eq!(e.get("givenName"), Some("Léa"), "folded lines are joined");
        assert!(e
            .get("description")
            .unwrap()
            .ends_with("seventy-six columns exactly"));
        assert_eq!(entries[1].get("uid"), Some("pc01$"));
    }

    #[test]
    fn bytes_that_are_not_text_are_kept_and_shown_as_bytes() {
        let e = &parse("dn: cn=a,dc=x\nobjectGUID:: nB3+AP8QSouhAQIDgIGC/w==\ncn: a\n").unwrap()[0];
        let AttrValue::Binary(b) = &e.attrs[0].1[0] else {
            panic!("{e:?}")
        };
        assert_eq!(b.len(), 16);
        assert_eq!(e.attrs[0].1[0].shown(), "‹binary, 16 bytes›");
        assert_eq!(e.get("objectguid"), None, "bytes are no text value");
        assert!(write_entry(e).contains("objectguid:: nB3+AP8QSouhAQIDgIGC/w==\n"));
    }

    #[test]
    fn errors_name_their_line() {
        // A value by URL is skipped with a warning naming its line; nothing is fetched.
        let (entries, warnings) =
            parse_with_warnings("dn: uid=a,dc=x\njpegPhoto:< file:///etc/passwd\nuid: a\n")
                .unwrap();
        assert_eq!(entries[0].attrs.len(), 1);
        assert_eq!(warnings[0].line, 2);
        assert!(warnings[0].message.contains("URL"), "{}", warnings[0]);
        // A change record is not a snapshot.
        let err =
            parse("dn: uid=a,dc=x\nchangetype: modify\nadd: uid\nuid: injected\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("not a directory snapshot"), "{err}");
        let err = parse("version: 1\n\nuid: a\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("dn:"), "{err}");
        let err = parse("dn: uid=a,dc=x\nsn:: ***\n").unwrap_err();
        assert_eq!((err.line, err.message.contains("base64")), (2, true));
        let err = parse("dn: a\nuid: a\ndn: b\n").unwrap_err();
        assert_eq!(err.line, 3);
        let err = parse("version: 2\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = parse("dn: a\nno colon here\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn writes_what_it_reads() {
        let entry = Entry {
            dn: "uid=énora,ou=eleves,dc=lycee,dc=fr".into(),
            line: 1,
            attrs: vec![
                ("sn".into(), vec!["Le Gall".into()]),
                ("description".into(), vec!["x".repeat(200).into()]),
                (
                    "cn".into(),
                    vec![" leading space".into(), "Énora Le Gall".into()],
                ),
            ],
        };
        let text = write_entry(&entry);
        assert!(text.starts_with("dn:: "), "non-ASCII DN is base64:\n{text}");
        assert!(text.lines().all(|l| l.len() <= 76), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(back[0].dn, entry.dn);
        assert_eq!(back[0].attrs, entry.attrs);
    }

    #[test]
    fn empty_and_blank_only_input() {
        assert_eq!(parse("").unwrap(), vec![]);
        assert_eq!(parse("\n\n# nothing\n\n").unwrap(), vec![]);
        assert_eq!(parse("version: 1\n").unwrap(), vec![]);
    }
}
