//! `intendant import students|staff|drop|ldif|local` and `intendant people list`: options into
//! `ImportOptions`, the run, its summary or JSON, exit codes; and the progress bar, drawn on
//! stderr when it is a terminal (nothing otherwise).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Subcommand;

use super::model::dates::DateOrder;
use super::model::decode::{parse_delimiter, Encoding, ReadOptions};
use super::model::fields::Kind;
use super::run::{ImportError, ImportOptions, Progress};
use crate::cli::{BadInput, Shell};
use crate::db::Database;
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

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A students file (the export: school, number, names, birth date, class…)
    Students {
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A staff file (the export: school, number, names, function…)
    Staff {
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A directory snapshot, as `ldapsearch -LLL` writes it (the previous one is kept)
    Ldif {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
        /// Take a snapshot with no account (it would make every person one to create)
        #[arg(long)]
        allow_empty: bool,
    },
    /// The local accounts (exam, generic) as a CSV: login, last_name, first_name, category (E, P or Z), comment; the file is the whole list
    Local {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Every DIR/eleve/*.csv (students, first) and DIR/membre/*.csv (staff); imported files go to DIR/done, refused ones to DIR/failed
    Drop {
        dir: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
}

#[derive(clap::Args, Clone)]
pub struct ImportFlags {
    /// utf-8 or windows-1252 (default: detected; valid UTF-8 wins)
    #[arg(long)]
    encoding: Option<String>,
    /// , ; or tab (default: detected from the header line)
    #[arg(long)]
    delimiter: Option<String>,
    /// For slash dates no value decides: dmy or mdy (default: the import.date_order setting)
    #[arg(long)]
    date_order: Option<String>,
    /// For rows without one, e.g. 2025-2026 (default: from today's date, 1 August starts a year)
    #[arg(long)]
    school_year: Option<String>,
    /// Report exactly what would happen, write nothing
    #[arg(long)]
    dry_run: bool,
    /// Write nothing if any row is rejected (exit 3)
    #[arg(long)]
    strict: bool,
    /// Mark inactive the people of the file's schools that the file no longer lists
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    mark_missing_inactive: bool,
    /// Allow this run to mark up to N people inactive, beyond the import.max_deactivation share
    #[arg(long, value_name = "N")]
    allow_deactivation: Option<u64>,
    /// A column the known names miss: 'HEADER=field', e.g. 'N° élève=number' (repeatable)
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    map: Vec<String>,
    /// Use the column mapping saved under NAME (in the wizard, or with --save-mapping)
    #[arg(long, value_name = "NAME")]
    mapping: Option<String>,
    /// Save this run's --map columns under NAME for later runs
    #[arg(long, value_name = "NAME")]
    save_mapping: Option<String>,
    /// text or json
    #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
    format: crate::output::Format,
}

#[derive(Subcommand)]
pub enum PeopleCommand {
    /// List people, as text or JSON
    List {
        /// student or staff
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        school: Option<String>,
        /// text or json
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
}

async fn import_options(
    kind: Kind,
    flags: &ImportFlags,
    db: &Database,
) -> anyhow::Result<ImportOptions> {
    let encoding = match &flags.encoding {
        Some(e) => Some(Encoding::parse(e).ok_or_else(|| {
            BadInput(format!(
                "--encoding {e}: utf-8, windows-1252, utf-16le or utf-16be"
            ))
        })?),
        None => None,
    };
    let delimiter = match &flags.delimiter {
        Some(d) => Some(
            parse_delimiter(d).ok_or_else(|| BadInput(format!("--delimiter {d}: , ; or tab")))?,
        ),
        None => None,
    };
    let date_order = match &flags.date_order {
        Some(text) => DateOrder::parse(text)
            .ok_or_else(|| BadInput(format!("--date-order {text}: dmy or mdy")))?,
        None => super::store::default_date_order(db).await?,
    };
    Ok(ImportOptions {
        kind,
        read: ReadOptions {
            encoding,
            delimiter,
        },
        date_order,
        school_year: flags.school_year.clone(),
        today: chrono::Local::now().date_naive(),
        dry_run: flags.dry_run,
        strict: flags.strict,
        mark_missing_inactive: flags.mark_missing_inactive,
        deactivation: super::model::guard::Limits {
            max_percent: super::store::max_deactivation(db).await?,
            allowed: flags.allow_deactivation,
        },
        columns: columns(kind, flags, db).await?,
    })
}

/// The columns mapped by hand: a saved mapping, then `--map` (which wins); saved when asked.
async fn columns(
    kind: Kind,
    flags: &ImportFlags,
    db: &Database,
) -> anyhow::Result<Vec<(String, super::model::fields::Field)>> {
    let mut columns = match &flags.mapping {
        Some(name) => super::store::load_mapping(db, name, kind)
            .await?
            .ok_or_else(|| BadInput(tr(T::ImportNoMapping, &[name, &kind.name()])))?,
        None => Vec::new(),
    };
    for text in &flags.map {
        let (header, field) = super::model::fields::parse_map(kind, text).map_err(BadInput)?;
        columns.retain(|(h, _)| !h.eq_ignore_ascii_case(&header));
        columns.push((header, field));
    }
    if let Some(name) = &flags.save_mapping {
        super::store::save_mapping(db, name, kind, &columns).await?;
    }
    Ok(columns)
}

pub async fn run(what: &ImportCommand, shell: &Shell) -> anyhow::Result<ExitCode> {
    if !matches!(
        what,
        ImportCommand::Ldif { .. } | ImportCommand::Local { .. }
    ) {
        let (db, _) = shell.open(false).await?;
        if !crate::users::store::manages_people(&db).await? {
            crate::fail!("{}", tr(T::ImportDenied, &[&db.user()]));
            return Ok(ExitCode::from(4));
        }
    }
    let (kind, path, flags) = match what {
        ImportCommand::Ldif {
            file: path,
            format,
            allow_empty,
        } => {
            let (db, _) = shell.open(false).await?;
            return Ok(ExitCode::from(
                crate::correlation::cli::import_ldif(
                    path,
                    format.is_json(),
                    *allow_empty,
                    &db,
                    &shell.file.correlation,
                )
                .await,
            ));
        }
        ImportCommand::Local { file: path, format } => {
            let (db, _) = shell.open(false).await?;
            return Ok(ExitCode::from(
                crate::correlation::cli::import_local(path, format.is_json(), &db).await,
            ));
        }
        ImportCommand::Students { file, flags } => (Kind::Student, file, flags),
        ImportCommand::Staff { file, flags } => (Kind::Staff, file, flags),
        ImportCommand::Drop { dir, flags } => {
            let (db, _) = shell.open(false).await?;
            let options = import_options(Kind::Student, flags, &db).await?;
            let results = super::drop::run(&db, dir, &options).await?;
            if flags.format.is_json() {
                crate::output::json(&results, true);
            } else {
                for r in &results {
                    let what = r
                        .message
                        .clone()
                        .unwrap_or_else(|| r.moved_to.clone().unwrap_or_default());
                    crate::say!(
                        "{}",
                        tr(T::DropLine, &[&r.file, &format!("{} {what}", r.outcome)])
                    );
                }
            }
            let failed = results.iter().any(|r| r.outcome == "failed");
            return Ok(if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
    };
    let json = flags.format.is_json();
    let (db, _) = shell.open(false).await?;
    let options = import_options(kind, flags, &db).await?;
    let progress = progress_bar(!json);
    match super::run::run(&db, path, &options, progress).await {
        Ok(report) => {
            if json {
                crate::output::json(&report, true);
            } else {
                crate::output::out_raw_lines(&report.summary());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Strict(report)) => {
            if json {
                crate::output::json(&report, true);
            } else {
                crate::output::out_raw_lines(&report.summary());
            }
            crate::fail!("{}", ImportError::Strict(report.clone()));
            Ok(ExitCode::from(3))
        }
        Err(e) => {
            crate::fail!("{e}");
            Ok(ExitCode::from(e.exit_code()))
        }
    }
}

/// `intendant people list`.
pub async fn people(what: &PeopleCommand, shell: &Shell) -> anyhow::Result<ExitCode> {
    let PeopleCommand::List {
        kind,
        school,
        format,
    } = what;
    let kind = match kind.as_deref() {
        Some(k) => Some(
            Kind::parse(k)
                .ok_or_else(|| BadInput(format!("--kind {k}: student or staff")))?
                .name(),
        ),
        None => None,
    };
    let (db, _) = shell.open(false).await?;
    let people = super::people::list(&db, kind, school.as_deref()).await?;
    if format.is_json() {
        crate::output::json(&people, true);
    } else {
        for p in &people {
            let state = if p.active { "" } else { " (inactive)" };
            crate::say!(
                "{:<7} {:<10} {:<10} {}, {} {}{state}",
                p.kind,
                p.school,
                p.number,
                p.last_name,
                p.first_name,
                p.school_year
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
