//! One import, end to end: pass 1 reads the header and the birth-date column (to decide the
//! date order) and counts the rows; pass 2 validates each row on a blocking thread and hands
//! batches to the database task, which stages them by COPY and merges them in one
//! transaction. A dry run or a refused strict run rolls that transaction back.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::model::dates::{
    parse_school_year, school_year_of, DateOrder, OrderDecision, SlashEvidence,
};
use super::model::decode::{self, delimiter_name, Encoding, ReadOptions};
use super::model::fields::{specs, Field, Kind};
use super::model::report::{FieldFound, Report};
use super::model::validate::{row_key, validate, Problem, RowOutcome, RowRules};
use super::store::{self, Staged};
use crate::db::{Database, DbError};
use crate::i18n::{tr, T};

#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub kind: Kind,
    pub read: ReadOptions,
    /// For slash dates no value decides: `--date-order`, else the default (dmy).
    pub date_order: DateOrder,
    /// `--school-year`, for rows that have none.
    pub school_year: Option<String>,
    /// The import date, which gives the school year otherwise.
    pub today: NaiveDate,
    pub dry_run: bool,
    pub strict: bool,
    pub mark_missing_inactive: bool,
    /// How many people this run may mark inactive (see `guard`).
    pub deactivation: super::model::guard::Limits,
    /// Columns mapped by hand (header as written → field), before the known names.
    pub columns: Vec<(String, Field)>,
}

impl ImportOptions {
    /// Detected encoding and delimiter, D/M slash dates, the school year from `today`, a
    /// real run that marks missing people inactive.
    pub fn new(kind: Kind, today: NaiveDate) -> ImportOptions {
        ImportOptions {
            kind,
            read: ReadOptions::default(),
            date_order: DateOrder::Dmy,
            school_year: None,
            today,
            dry_run: false,
            strict: false,
            mark_missing_inactive: true,
            deactivation: super::model::guard::Limits {
                max_percent: 10,
                allowed: None,
            },
            columns: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be imported at all; nothing was written.
    #[error("{0}")]
    Refused(String),
    /// `--strict` and some rows were rejected; nothing was written.
    #[error("{}", tr(T::ErrStrict, &[&.0.rejected_lines()]))]
    Strict(Box<Report>),
    /// The run would mark too many people inactive; nothing was written.
    #[error("{0}")]
    Deactivation(Box<super::model::guard::Refused>),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl ImportError {
    /// 2: refused before anything was written; 3: strict run with rejections; 1: other.
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::Refused(_) | ImportError::Deactivation(_) => 2,
            ImportError::Strict(_) => 3,
            ImportError::Db(_) => 1,
        }
    }
}

/// What pass 1 learned.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub rules: RowRules,
    pub encoding: Encoding,
    pub delimiter: u8,
    pub data_rows: u64,
    pub checksum: String,
    /// A UTF-8 mark opened a file that is not UTF-8 (read as Windows-1252).
    pub bom_mismatch: bool,
}

fn refused(path: &Path, e: impl std::fmt::Display) -> ImportError {
    ImportError::Refused(tr(T::ErrUnreadable, &[&path.display(), &e]))
}

fn open(
    path: &Path,
    read: ReadOptions,
) -> Result<decode::Decoded<std::io::BufReader<File>>, ImportError> {
    let file = File::open(path).map_err(|e| refused(path, e))?;
    decode::open(file, read).map_err(|e| refused(path, e))
}

fn checksum(path: &Path) -> Result<String, ImportError> {
    let mut file = File::open(path).map_err(|e| refused(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| refused(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Pass 1: header mapping, date order, row count. Refuses a file missing a required column.
pub fn prepare(path: &Path, options: &ImportOptions) -> Result<Prepared, ImportError> {
    let default_school_year = match &options.school_year {
        Some(text) => parse_school_year(text).ok_or_else(|| {
            ImportError::Refused(format!(
                "--school-year {text}: {}",
                tr(T::ReasonSchoolYear, &[])
            ))
        })?,
        None => school_year_of(options.today),
    };
    let mut decoded = open(path, options.read)?;
    let mut record = csv::StringRecord::new();
    if decoded
        .next_record(&mut record)
        .map_err(|e| refused(path, e))?
        .is_none()
    {
        return Err(ImportError::Refused(tr(
            T::ErrEmptyFile,
            &[&path.display()],
        )));
    }
    let headers: Vec<String> = record.iter().map(str::to_owned).collect();
    let map = super::model::fields::map_headers_with(options.kind, &headers, &options.columns);
    let specs = specs(options.kind);
    if !map.missing_required.is_empty() {
        // Every missing column at once, each with the names it is known by.
        let columns: Vec<String> = map
            .missing_required
            .iter()
            .map(|missing| {
                let names = specs
                    .iter()
                    .find(|s| s.field == *missing)
                    .map(|s| s.names.join(", "))
                    .unwrap_or_default();
                tr(T::ErrMissingColumn, &[&missing.name(), &names])
            })
            .collect();
        return Err(ImportError::Refused(tr(
            T::ErrMissingColumns,
            &[&path.display(), &columns.join("; ")],
        )));
    }
    let birth = map.column(Field::BirthDate);
    let mut evidence = SlashEvidence::default();
    let mut data_rows = 0;
    while decoded
        .next_record(&mut record)
        .map_err(|e| refused(path, e))?
        .is_some()
    {
        data_rows += 1;
        if let Some(value) = birth.and_then(|i| record.get(i)) {
            evidence.observe(value);
        }
    }
    let rules = RowRules {
        kind: options.kind,
        specs,
        map,
        date_order: OrderDecision::decide(evidence, options.date_order),
        default_school_year,
    };
    Ok(Prepared {
        rules,
        encoding: decoded.encoding,
        delimiter: decoded.delimiter,
        data_rows,
        checksum: checksum(path)?,
        bom_mismatch: decoded.bom_mismatch,
    })
}

/// The header line as written, for mapping columns by hand.
pub fn headers(path: &Path, read: ReadOptions) -> Result<Vec<String>, ImportError> {
    let mut decoded = open(path, read)?;
    let mut record = csv::StringRecord::new();
    match decoded
        .next_record(&mut record)
        .map_err(|e| refused(path, e))?
    {
        Some(_) => Ok(record.iter().map(str::to_owned).collect()),
        None => Err(ImportError::Refused(tr(
            T::ErrEmptyFile,
            &[&path.display()],
        ))),
    }
}

/// The first `n` data rows as parsed, for the wizard's preview.
pub fn first_rows(
    path: &Path,
    prepared: &Prepared,
    n: usize,
) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    let read = ReadOptions {
        encoding: Some(prepared.encoding),
        delimiter: Some(prepared.delimiter),
    };
    let mut decoded = open(path, read)?;
    let mut record = csv::StringRecord::new();
    decoded
        .next_record(&mut record)
        .map_err(|e| refused(path, e))?;
    let mut rows = Vec::new();
    while rows.len() < n {
        match decoded
            .next_record(&mut record)
            .map_err(|e| refused(path, e))?
        {
            Some(line) => rows.push((line, record.iter().map(str::to_owned).collect())),
            None => break,
        }
    }
    Ok(rows)
}

/// What pass 2 found besides the rows it handed out.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    pub rows: u64,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub school_years: Vec<String>,
}

pub const BATCH: usize = 2_000;

/// Where later duplicates of a key are found: here, in memory (the wizard's check), or by
/// the database over the staged rows (a real run: a million keys stay out of memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    InMemory,
    InDatabase,
}

/// Pass 2: validates every row, rejects later duplicates of a key (when asked), and hands
/// rows out in batches; stops early when `sink` returns false.
pub fn check_rows(
    path: &Path,
    prepared: &Prepared,
    duplicates: Duplicates,
    mut sink: impl FnMut(Vec<Staged>) -> bool,
) -> Result<Checked, ImportError> {
    // Read as pass 1 decided, so both passes see the same records.
    let read = ReadOptions {
        encoding: Some(prepared.encoding),
        delimiter: Some(prepared.delimiter),
    };
    let mut decoded = open(path, read)?;
    let rules = &prepared.rules;
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut checked = Checked::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut record = csv::StringRecord::new();
    // The header line, read by pass 1.
    decoded
        .next_record(&mut record)
        .map_err(|e| refused(path, e))?;
    while let Some(line) = decoded
        .next_record(&mut record)
        .map_err(|e| refused(path, e))?
    {
        checked.rows += 1;
        let key = row_key(&rules.map, &record);
        let earlier = match (&key, duplicates) {
            (Some(k), Duplicates::InMemory) => {
                let earlier = seen.get(k).copied();
                if earlier.is_none() {
                    seen.insert(k.clone(), line);
                }
                earlier
            }
            _ => None,
        };
        let outcome = validate(rules, &record, line);
        let staged = match (outcome, earlier) {
            (RowOutcome::Valid { person, warnings }, None) => {
                checked.warnings.extend(warnings);
                if !checked.school_years.contains(&person.school_year) {
                    checked.school_years.push(person.school_year.clone());
                }
                Some(Staged::Valid { line, person })
            }
            (outcome, earlier) => {
                if let RowOutcome::Rejected { problems } = outcome {
                    checked.rejected.extend(problems);
                }
                if let Some(first) = earlier {
                    checked.rejected.push(Problem {
                        line,
                        field: Field::Number.name(),
                        reason: tr(T::ReasonDuplicate, &[&first]),
                    });
                }
                key.map(|(school, number)| Staged::KeyOnly {
                    line,
                    school,
                    number,
                })
            }
        };
        batch.extend(staged);
        if batch.len() >= BATCH && !sink(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
            return Ok(checked);
        }
    }
    if !batch.is_empty() {
        sink(batch);
    }
    Ok(checked)
}

/// The report's description of the file, before any row is merged.
pub fn describe(path: &Path, prepared: &Prepared, options: &ImportOptions) -> Report {
    let map = &prepared.rules.map;
    Report {
        kind: options.kind.name().into(),
        file: path.display().to_string(),
        checksum: prepared.checksum.clone(),
        encoding: prepared.encoding.name().into(),
        delimiter: delimiter_name(prepared.delimiter).into(),
        date_order: prepared.rules.date_order.name().into(),
        date_order_source: prepared.rules.date_order.source().into(),
        school_year: prepared.rules.default_school_year.clone(),
        fields: prepared
            .rules
            .specs
            .iter()
            .map(|s| FieldFound {
                field: s.field.name(),
                header: map.header(s.field).map(str::to_owned),
                found: map.column(s.field).is_some(),
                required: s.required,
            })
            .collect(),
        unknown_headers: map.unknown.clone(),
        encoding_note: prepared.bom_mismatch.then(|| tr(T::WarnBomMismatch, &[])),
        dry_run: options.dry_run,
        strict: options.strict,
        ..Report::default()
    }
}

/// Called with (rows done, rows in the file).
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Imports one file. On success the report says what changed (and its run id, unless dry run).
pub async fn run(
    db: &Database,
    path: &Path,
    options: &ImportOptions,
    progress: Progress,
) -> Result<Report, ImportError> {
    let path: PathBuf = path.to_owned();
    let prepared = {
        let (path, options) = (path.clone(), options.clone());
        tokio::task::spawn_blocking(move || prepare(&path, &options))
            .await
            .map_err(|e| ImportError::Refused(e.to_string()))??
    };
    let mut report = describe(&path, &prepared, options);
    let total = prepared.data_rows;

    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    store::create_stage(&tx).await.map_err(|e| db.classify(e))?;

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<Staged>>(4);
    let checker = {
        let (path, prepared) = (path.clone(), prepared.clone());
        tokio::task::spawn_blocking(move || {
            check_rows(&path, &prepared, Duplicates::InDatabase, |batch| {
                sender.blocking_send(batch).is_ok()
            })
        })
    };
    let mut stager = store::Stager::start(&tx)
        .await
        .map_err(|e| db.classify(e))?;
    let mut done = 0u64;
    while let Some(batch) = receiver.recv().await {
        for row in &batch {
            stager.write(row).await.map_err(|e| db.classify(e))?;
        }
        done += batch.len() as u64;
        progress(done.min(total), total);
    }
    stager.finish().await.map_err(|e| db.classify(e))?;
    let checked = checker
        .await
        .map_err(|e| ImportError::Refused(e.to_string()))??;
    progress(total, total);

    report.rows = checked.rows;
    report.rejected = checked.rejected;
    for (line, first) in store::reject_duplicates(&tx)
        .await
        .map_err(|e| db.classify(e))?
    {
        report.rejected.push(Problem {
            line,
            field: Field::Number.name(),
            reason: tr(T::ReasonDuplicate, &[&first]),
        });
    }
    report.rejected.sort_by_key(|p| p.line);
    report.warnings = checked.warnings;
    // The year the rows say, when they say one (the latest), else the default.
    if let Some(latest) = checked.school_years.iter().max() {
        report.school_year = latest.clone();
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let run_id = if options.dry_run || (options.strict && !report.rejected.is_empty()) {
        None
    } else {
        Some(
            store::create_run(
                &tx,
                options.kind,
                &file_name,
                &report.checksum,
                &report.school_year,
            )
            .await
            .map_err(|e| db.classify(e))?,
        )
    };
    let mut schools = store::school_counts(&tx)
        .await
        .map_err(|e| db.classify(e))?;
    let active_before = if options.mark_missing_inactive {
        store::active_by_school(&tx, options.kind)
            .await
            .map_err(|e| db.classify(e))?
    } else {
        Default::default()
    };
    let merged = store::merge(&tx, options.kind, run_id)
        .await
        .map_err(|e| db.classify(e))?;
    for c in &mut schools {
        let known = merged.known_by_school.get(&c.school).copied().unwrap_or(0);
        c.added = c.added.saturating_sub(known);
        c.unchanged = known;
    }
    for u in &merged.updated {
        if let Some(c) = schools.iter_mut().find(|c| c.school == u.school) {
            c.updated += 1;
            c.unchanged = c.unchanged.saturating_sub(1);
        }
    }
    if options.mark_missing_inactive {
        let gone = store::deactivate_missing(&tx, options.kind, run_id, &report.school_year)
            .await
            .map_err(|e| db.classify(e))?;
        let losses: Vec<super::model::guard::SchoolLoss> = gone
            .iter()
            .map(|(school, (n, sample))| super::model::guard::SchoolLoss {
                school: school.clone(),
                active: active_before.get(school).copied().unwrap_or(*n),
                gone: *n,
                sample: sample.clone(),
            })
            .collect();
        let rejected = report.rejected_lines() as u64;
        let accepted = report.rows.saturating_sub(rejected);
        if let Err(refused) =
            super::model::guard::check(&losses, rejected, accepted, options.deactivation)
        {
            // Nothing of the run stays: the transaction goes.
            tx.rollback().await.map_err(|e| db.classify(e))?;
            return Err(ImportError::Deactivation(Box::new(refused)));
        }
        report.deactivated = losses.iter().map(|l| l.gone).sum();
        for loss in &losses {
            if let Some(c) = schools.iter_mut().find(|c| c.school == loss.school) {
                c.deactivated = loss.gone;
            }
        }
    }
    report.schools = schools;
    report.added = merged.added;
    report.updated = merged.updated.len() as u64;
    report.unchanged = merged.unchanged;
    report.updated_fields = merged.updated;
    report.run_id = run_id;
    if options.strict && !report.rejected.is_empty() {
        tx.rollback().await.map_err(|e| db.classify(e))?;
        return Err(ImportError::Strict(Box::new(report)));
    }
    match run_id {
        Some(id) => {
            store::finish_run(&tx, id, &report)
                .await
                .map_err(|e| db.classify(e))?;
            tx.commit().await.map_err(|e| db.classify(e))?;
            // The people changed: the correlation follows (seed 004 section 2). Its failure
            // does not undo a committed import; it is logged and `correlate run` redoes it.
            if let Err(e) = crate::correlation::store::run(db, false).await {
                tracing::warn!("correlation after the import of run {id}: {e}");
            }
        }
        None => tx.rollback().await.map_err(|e| db.classify(e))?,
    }
    Ok(report)
}
