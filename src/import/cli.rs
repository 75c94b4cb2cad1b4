//! What the import commands print: a summary or one JSON object, and a progress bar on a
//! terminal (nothing when piped).

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::report::Report;
use super::run::Progress;
use crate::i18n::{tr, T};

/// A progress bar on stderr when it is a terminal; silent otherwise.
pub fn progress_bar(enabled: bool) -> Progress {
    if !enabled || !std::io::stderr().is_terminal() {
        return Arc::new(|_, _| {});
    }
    let last = Mutex::new(Instant::now() - Duration::from_secs(1));
    Arc::new(move |done, total| {
        let Ok(mut last) = last.lock() else { return };
        if done < total && last.elapsed() < Duration::from_millis(100) {
            return;
        }
        *last = Instant::now();
        let width = 40usize;
        let filled = if total == 0 {
            width
        } else {
            (done as usize * width / total as usize).min(width)
        };
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{total}",
            "#".repeat(filled),
            " ".repeat(width - filled)
        );
        if done >= total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    })
}

/// The human summary of a run: details first, the counts last (as a terminal shows best).
pub fn summary(report: &Report) -> String {
    let (headline, details) = summary_lines(report);
    details
        .iter()
        .chain(&headline)
        .map(|l| format!("{l}\n"))
        .collect()
}

/// (the counts and the run, the rest): a screen shows the counts first.
pub fn summary_lines(report: &Report) -> (Vec<String>, Vec<String>) {
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
