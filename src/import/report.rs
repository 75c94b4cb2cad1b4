//! What an import did, as shown on screen, printed as JSON, stored with the run and written
//! beside a dropped file.

use serde::{Deserialize, Serialize};

use super::validate::Problem;

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
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Absent from this full import of their school: marked inactive, never deleted.
    pub deactivated: u64,
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
