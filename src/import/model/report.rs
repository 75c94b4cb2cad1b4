//! What an import did, as shown on screen, printed as JSON, stored with the run and written
//! beside a dropped file.

use serde::{Deserialize, Serialize};

use super::validate::Problem;
use crate::i18n::{tr, T};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldFound {
    pub field: String,
    pub header: Option<String>,
    pub found: bool,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatedRow {
    pub line: u64,
    pub school: String,
    pub number: String,
    pub fields: Vec<String>,
}

/// What a run did in one school (the result page of the imports, per school).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchoolCounts {
    pub school: String,
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub deactivated: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    pub kind: String,
    pub file: String,
    pub checksum: String,
    pub encoding: String,
    pub delimiter: String,
    pub date_order: String,
    /// "detected" from the column, "option" (the option or the default), or "inconsistent".
    pub date_order_source: String,
    pub school_year: String,
    pub fields: Vec<FieldFound>,
    pub unknown_headers: Vec<String>,
    /// Something to know about how the file was read (a mark that lied about the encoding).
    pub encoding_note: Option<String>,
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Absent from this full import of their school: marked inactive, never deleted.
    pub deactivated: u64,
    /// The same counts for each school of the file.
    pub schools: Vec<SchoolCounts>,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub updated_fields: Vec<UpdatedRow>,
    pub dry_run: bool,
    pub strict: bool,
    pub run_id: Option<i64>,
}

impl Report {
    /// Lines rejected (a line may have several problems).
    pub fn rejected_lines(&self) -> usize {
        let mut lines: Vec<u64> = self.rejected.iter().map(|p| p.line).collect();
        lines.dedup();
        lines.len()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

impl Report {
    /// The human summary of a run: details first, the counts last (as a terminal shows best).
    pub fn summary(&self) -> String {
        let (headline, details) = self.summary_lines();
        details
            .iter()
            .chain(&headline)
            .map(|l| format!("{l}\n"))
            .collect()
    }

    /// (the counts and the run, the rest): a screen shows the counts first.
    pub fn summary_lines(&self) -> (Vec<String>, Vec<String>) {
        let report = self;
        let mut out: Vec<String> = Vec::new();
        let mut line = |s: String| out.push(s);
        line(tr(
            T::ImportFileLine,
            &[
                &report.file,
                &report.kind,
                &report.encoding,
                &report.delimiter,
                &report.date_order,
                &report.date_order_source,
            ],
        ));
        if let Some(note) = &report.encoding_note {
            line(format!("  {note}"));
        }
        for f in report.fields.iter().filter(|f| f.found || f.required) {
            let state = match &f.header {
                Some(h) => tr(T::ImportFieldFound, &[h]),
                None => tr(T::ImportFieldMissing, &[]),
            };
            line(format!("  {:<16} {state}", f.field));
        }
        let absent: Vec<&str> = report
            .fields
            .iter()
            .filter(|f| !f.found && !f.required)
            .map(|f| f.field.as_str())
            .collect();
        if !absent.is_empty() {
            line(format!(
                "  {}",
                tr(T::ImportFieldsAbsent, &[&absent.join(", ")])
            ));
        }
        if !report.unknown_headers.is_empty() {
            line(tr(
                T::ImportUnknownHeaders,
                &[&report.unknown_headers.join(", ")],
            ));
        }
        for c in &report.schools {
            line(tr(
                T::ImportSchoolLine,
                &[
                    &c.school,
                    &c.rows,
                    &c.added,
                    &c.updated,
                    &c.unchanged,
                    &c.rejected,
                    &c.deactivated,
                ],
            ));
        }
        for u in &report.updated_fields {
            line(tr(
                T::ImportUpdatedLine,
                &[&u.line, &u.school, &u.number, &u.fields.join(", ")],
            ));
        }
        for p in &report.rejected {
            line(tr(T::ImportRejectedLine, &[&p.line, &p.field, &p.reason]));
        }
        for p in &report.warnings {
            line(tr(T::ImportWarningLine, &[&p.line, &p.field, &p.reason]));
        }
        let headline = vec![
            tr(
                T::ImportCounts,
                &[
                    &report.rows,
                    &report.added,
                    &report.updated,
                    &report.unchanged,
                    &report.rejected_lines(),
                    &report.deactivated,
                    &report.school_year,
                ],
            ),
            match report.run_id {
                Some(id) => tr(T::ImportCommitted, &[&id]),
                None => tr(T::ImportDryRun, &[]),
            },
        ];
        (headline, out)
    }
}
