//! Mail templates: one plain-text file per kind and language, `Subject: …` on the first line,
//! an empty line, then the body. `{room}`, `{when}`… are filled from the mail's facts; a name
//! the mail does not know is an error when the file is read, not a blank in a sent mail.
//! The built-in texts are in `src/mail/templates/`; a file of the same path under the config
//! dir's `mail/` (`mail/fr/booking_created.txt`) replaces one.

use std::collections::BTreeMap;
use std::path::Path;

use crate::i18n::Lang;

/// What a mail is about: the outbox's `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    BookingCreated,
    BookingChanged,
    BookingDeleted,
    ModerationPending,
    ModerationDecided,
    TentativeExpired,
    LoanOverdue,
    ImportReport,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::BookingCreated,
        Kind::BookingChanged,
        Kind::BookingDeleted,
        Kind::ModerationPending,
        Kind::ModerationDecided,
        Kind::TentativeExpired,
        Kind::LoanOverdue,
        Kind::ImportReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::BookingCreated => "booking_created",
            Kind::BookingChanged => "booking_changed",
            Kind::BookingDeleted => "booking_deleted",
            Kind::ModerationPending => "moderation_pending",
            Kind::ModerationDecided => "moderation_decided",
            Kind::TentativeExpired => "tentative_expired",
            Kind::LoanOverdue => "loan_overdue",
            Kind::ImportReport => "import_report",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Mails that tell someone what another person did: that person is not told of it.
    pub fn tells_of_someones_action(self) -> bool {
        matches!(
            self,
            Kind::BookingCreated
                | Kind::BookingChanged
                | Kind::BookingDeleted
                | Kind::ModerationPending
                | Kind::ModerationDecided
        )
    }

    fn built_in(self, lang: Lang) -> &'static str {
        macro_rules! pick {
            ($name:literal) => {
                match lang {
                    Lang::En => include_str!(concat!("../templates/en/", $name, ".txt")),
                    Lang::Fr => include_str!(concat!("../templates/fr/", $name, ".txt")),
                }
            };
        }
        match self {
            Kind::BookingCreated => pick!("booking_created"),
            Kind::BookingChanged => pick!("booking_changed"),
            Kind::BookingDeleted => pick!("booking_deleted"),
            Kind::ModerationPending => pick!("moderation_pending"),
            Kind::ModerationDecided => pick!("moderation_decided"),
            Kind::TentativeExpired => pick!("tentative_expired"),
            Kind::LoanOverdue => pick!("loan_overdue"),
            Kind::ImportReport => pick!("import_report"),
        }
    }
}

/// The names a template may use.
pub const FIELDS: &[&str] = &[
    "site",
    "recipient",
    "actor",
    "id",
    "name",
    "room",
    "area",
    "when",
    "series",
    "beneficiary",
    "type",
    "description",
    "decision",
    "decided",
    "reason",
    "until",
    "day",
    "report",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// A template file that cannot be used: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl Template {
    /// Reads a template's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Template, TemplateError> {
        let error = |line: usize, message: String| TemplateError {
            file: file.to_owned(),
            line,
            message,
        };
        let text = text.replace("\r\n", "\n");
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let subject = first
            .strip_prefix("Subject:")
            .ok_or_else(|| error(1, "the first line must be `Subject: …`".into()))?
            .trim()
            .to_owned();
        if subject.is_empty() {
            return Err(error(1, "the subject is empty".into()));
        }
        let body = rest.strip_prefix('\n').unwrap_or(rest).to_owned();
        for (i, line) in std::iter::once(first).chain(rest.lines()).enumerate() {
            if let Some(unknown) = placeholders(line).find(|p| !FIELDS.contains(p)) {
                return Err(error(
                    i + 1,
                    format!("{{{unknown}}} is not a field; known: {}", FIELDS.join(", ")),
                ));
            }
        }
        Ok(Template { subject, body })
    }

    /// The subject (one line, whatever the values hold) and the body.
    pub fn render(&self, values: &BTreeMap<&str, String>) -> (String, String) {
        let subject = fill(&self.subject, values, true);
        let body = fill(&self.body, values, false);
        (subject, tidy(&body))
    }
}

/// `{name}` placeholders of a line (`{` not followed by a lower-case name and `}` is text).
fn placeholders(line: &str) -> impl Iterator<Item = &str> {
    line.match_indices('{').filter_map(move |(at, _)| {
        let rest = &line[at + 1..];
        let end = rest.find('}')?;
        let name = &rest[..end];
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .then_some(name)
    })
}

fn fill(template: &str, values: &BTreeMap<&str, String>, one_line: bool) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match after.find('}').map(|end| (&after[..end], end)) {
            Some((name, end)) if FIELDS.contains(&name) => {
                let value = values.get(name).map(String::as_str).unwrap_or("");
                // Mail is read in terminals too (mutt): data goes through the one sanitiser.
                if one_line {
                    out.push_str(&crate::output::sanitize(&value.replace(['\r', '\n'], " ")));
                } else {
                    out.push_str(&crate::output::sanitize_lines(&value.replace("\r\n", "\n")));
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// No run of blank lines where a value was empty, and no trailing ones.
fn tidy(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank = 0;
    for line in body.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out.push('\n');
    out
}

/// Every kind's template in both languages: the built-in ones, each replaced by a file of the
/// config dir's `mail/<lang>/<kind>.txt` when there is one that reads.
#[derive(Clone, Debug)]
pub struct Templates(BTreeMap<(Kind, u8), Template>);

impl Templates {
    pub fn built_in() -> Templates {
        let mut all = BTreeMap::new();
        for kind in Kind::ALL {
            for lang in [Lang::En, Lang::Fr] {
                let file = format!("templates/{}/{}.txt", lang.code(), kind.as_str());
                let t = Template::parse(&file, kind.built_in(lang))
                    .unwrap_or_else(|e| panic!("built-in template {e}"));
                all.insert((kind, lang as u8), t);
            }
        }
        Templates(all)
    }

    /// The built-in templates with the overrides found in `dir` (the config dir's `mail/`);
    /// a file that does not read is reported and the built-in one kept.
    pub fn with_overrides(dir: Option<&Path>) -> (Templates, Vec<TemplateError>) {
        let mut templates = Templates::built_in();
        let mut problems = Vec::new();
        let Some(dir) = dir else {
            return (templates, problems);
        };
        for kind in Kind::ALL {
            for lang in [Lang::En, Lang::Fr] {
                let path = dir.join(lang.code()).join(format!("{}.txt", kind.as_str()));
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                match Template::parse(&path.display().to_string(), &text) {
                    Ok(t) => {
                        templates.0.insert((kind, lang as u8), t);
                    }
                    Err(e) => problems.push(e),
                }
            }
        }
        (templates, problems)
    }

    pub fn get(&self, kind: Kind, lang: Lang) -> &Template {
        &self.0[&(kind, lang as u8)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn every_built_in_template_reads_and_names_its_room() {
        let all = Templates::built_in();
        for kind in Kind::ALL {
            for lang in [Lang::En, Lang::Fr] {
                let t = all.get(kind, lang);
                let (subject, _) = t.render(&values(&[("site", "Lycée")]));
                assert!(
                    subject.starts_with("[Lycée]"),
                    "{kind:?} {lang:?}: {subject}"
                );
            }
        }
    }

    #[test]
    fn a_template_fills_its_fields_and_keeps_other_braces() {
        let t =
            Template::parse("t", "Subject: {room} {x\n\nA {room} b {not a field} {}\n").unwrap();
        let (subject, body) = t.render(&values(&[("room", "Labo 1")]));
        assert_eq!(subject, "Labo 1 {x");
        assert_eq!(body, "A Labo 1 b {not a field} {}\n");
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_line() {
        let e = Template::parse("f.txt", "Subject: x\n\nline\n{rooom}\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("{rooom}"), "{e}");
        let e = Template::parse("f.txt", "Hello\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("Subject")), (1, true));
    }

    #[test]
    fn a_subject_stays_one_line_whatever_the_values_hold() {
        let t = Template::parse("t", "Subject: {room}\n\n{room}\n").unwrap();
        let (subject, body) = t.render(&values(&[("room", "a\r\nBcc: x@y\u{1b}[2J")]));
        assert!(!subject.contains(['\r', '\n', '\u{1b}']), "{subject:?}");
        assert!(body.contains("Bcc") && !body.contains('\u{1b}'), "{body:?}");
    }

    #[test]
    fn empty_values_leave_no_run_of_blank_lines() {
        let t = Template::parse("t", "Subject: s\n\nA\n\n{description}\n\n\nB\n\n").unwrap();
        assert_eq!(t.render(&values(&[])).1, "A\n\nB\n");
    }

    #[test]
    fn an_override_replaces_one_template_and_a_bad_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("fr")).unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(
            dir.path().join("fr/booking_created.txt"),
            "Subject: Nouveau : {room}\n\nSalle {room}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("en/booking_deleted.txt"), "no subject\n").unwrap();
        let (t, problems) = Templates::with_overrides(Some(dir.path()));
        assert_eq!(
            t.get(Kind::BookingCreated, Lang::Fr).subject,
            "Nouveau : {room}"
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].file.ends_with("en/booking_deleted.txt"));
        assert!(t
            .get(Kind::BookingDeleted, Lang::En)
            .subject
            .contains("cancelled"));
    }
}
