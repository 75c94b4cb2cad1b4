//! `intendant campaign new|list|show|run`: exit 0 done, 2 bad input (a diploma not offered, a
//! faculty without right, a campaign not found), 1 the database.

use clap::Subcommand;
use serde_json::Value;

use super::store;
use crate::booking::store::BookingError;
use crate::db::Database;
use crate::i18n::{tr, T};
use crate::output::Format;

#[derive(Subcommand)]
pub enum CampaignCommand {
    /// Make a campaign: a year, one of your faculties, a diploma version it offers
    New {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        faculty: String,
        /// CODE/VERSION
        #[arg(long)]
        diploma: String,
        /// Test mode: certificates made, nothing sent to students
        #[arg(long)]
        test: bool,
    },
    /// Your faculties' campaigns
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// A campaign's candidates: step, state and why
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Decide every candidate not sent yet (verdict, blockings); with --out, make the admitted ones' certificates there
    Run {
        id: i64,
        /// The folder the certificates go to (CAMPAIGN-STUDENT.pdf)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// One candidate's certificate as a PDF (the template: <config dir>/campaign/certificate.toml, else the built-in one)
    Pdf {
        id: i64,
        student: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// The certificates' signatory (administrators): name, title, signature image (PNG)
    Signatory {
        #[arg(long)]
        name: String,
        #[arg(long)]
        title: String,
        /// The signature, a PNG file
        #[arg(long)]
        image: Option<std::path::PathBuf>,
    },
    /// Load an extract of the student records system (administrators): years, faculties, diplomas, steps, students, results, blockings or rights from a CSV file; apogee: all of them from Apogée's foreign tables
    Import {
        #[arg(value_parser = ["years", "faculties", "diplomas", "steps", "students", "results", "blockings", "rights", "apogee"])]
        kind: String,
        /// The CSV file (not with apogee)
        file: Option<std::path::PathBuf>,
    },
}

pub async fn run(cmd: &CampaignCommand, db: &Database, config_dir: Option<&std::path::Path>) -> u8 {
    if let CampaignCommand::Run { id, out } = cmd {
        return match run_and_generate(db, *id, out.as_deref(), config_dir).await {
            Ok(line) => {
                crate::say!("{line}");
                0
            }
            Err(e) => {
                crate::output::err(&e.explain(chrono_tz::UTC));
                e.exit_code()
            }
        };
    }
    if let CampaignCommand::Pdf { id, student, out } = cmd {
        return match pdf(db, *id, student, out, config_dir).await {
            Ok(()) => {
                crate::say!("{}", tr(T::CampaignPdfWritten, &[&out.display()]));
                0
            }
            Err(e) => {
                crate::output::err(&e.explain(chrono_tz::UTC));
                e.exit_code()
            }
        };
    }
    if let CampaignCommand::Import { kind, file } = cmd {
        return import(db, kind, file.as_deref()).await;
    }
    match outcome(cmd, db).await {
        Ok(()) => 0,
        Err(e) => {
            crate::output::err(&e.explain(chrono_tz::UTC));
            e.exit_code()
        }
    }
}

/// `campaign import KIND FILE`, or `campaign import apogee`.
async fn import(db: &Database, kind: &str, file: Option<&std::path::Path>) -> u8 {
    let loaded = match (super::model::extract::Extract::parse(kind), file) {
        (Some(extract), Some(file)) => store::import(db, extract, file)
            .await
            .map(|n| tr(T::CampaignImported, &[&file.display(), &n, &kind])),
        (None, None) if kind == "apogee" => store::import_apogee(db).await.map(|loaded| {
            let parts: Vec<String> = loaded
                .iter()
                .map(|(e, n)| format!("{}: {n}", e.name()))
                .collect();
            tr(T::CampaignApogeeLoaded, &[&parts.join(", ")])
        }),
        _ => {
            crate::output::err(&tr(T::CampaignImportUsage, &[]));
            return 2;
        }
    };
    match loaded {
        Ok(line) => {
            crate::say!("{line}");
            0
        }
        Err(e) => {
            crate::output::err(&e.to_string());
            e.exit_code()
        }
    }
}

use crate::output::field_text as text;

async fn outcome(cmd: &CampaignCommand, db: &Database) -> Result<(), BookingError> {
    match cmd {
        CampaignCommand::New {
            year,
            faculty,
            diploma,
            test,
        } => {
            let (code, version) = diploma
                .rsplit_once('/')
                .and_then(|(c, v)| Some((c, v.parse::<i32>().ok()?)))
                .ok_or_else(|| BookingError::BadInput(tr(T::CampaignBadDiploma, &[diploma])))?;
            let id = store::create(db, *year, faculty, code, version, *test).await?;
            crate::say!("{}", tr(T::CampaignMade, &[&id]));
        }
        CampaignCommand::List { format } => {
            let v = store::list(db).await?;
            if format.is_json() {
                crate::output::json(&v, false);
            } else {
                let lines: String = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| {
                        format!(
                            "{:>4} {} {:<8} {:<16} {}  ({}){}\n",
                            c["id"],
                            c["year"],
                            text(c, "faculty"),
                            text(c, "diploma"),
                            text(c, "label"),
                            tr(T::CampaignCandidates, &[&c["candidates"]]),
                            if c["test"] == Value::Bool(true) {
                                " [test]"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect();
                crate::output::out_raw_lines(&lines);
            }
        }
        CampaignCommand::Show { id, format } => {
            let v = store::show(db, *id).await?;
            if format.is_json() {
                crate::output::json(&v, false);
            } else {
                let lines: String = v["candidates"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| {
                        let why = c["blockings"]
                            .as_array()
                            .filter(|b| !b.is_empty())
                            .map(|b| {
                                b.iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            })
                            .unwrap_or_else(|| text(c, "reason"));
                        format!(
                            "{:<10} {:<24} {:<12} {:<20} {} {}\n",
                            text(c, "student"),
                            format!("{} {}", text(c, "last_name"), text(c, "first_name")),
                            text(c, "step"),
                            text(c, "state"),
                            text(c, "mention"),
                            why
                        )
                    })
                    .collect();
                crate::output::out_raw_lines(&lines);
            }
        }
        CampaignCommand::Import { .. }
        | CampaignCommand::Pdf { .. }
        | CampaignCommand::Run { .. } => {}
        CampaignCommand::Signatory { name, title, image } => {
            let png = match image {
                Some(path) => Some(
                    std::fs::read(path)
                        .map_err(|e| BookingError::BadInput(format!("{}: {e}", path.display())))?,
                ),
                None => None,
            };
            if png
                .as_ref()
                .is_some_and(|b| !b.starts_with(b"\x89PNG\r\n\x1a\n"))
            {
                return Err(BookingError::BadInput(tr(T::CampaignNotPng, &[])));
            }
            store::signatory(db, name, title, png.as_deref()).await?;
            crate::say!("{}", tr(T::CampaignSignatorySet, &[name]));
        }
    }
    Ok(())
}

/// The template in force: the university's, else the built-in one.
pub fn template(
    config_dir: Option<&std::path::Path>,
) -> Result<super::model::certificate::Template, String> {
    use super::model::certificate;
    match config_dir.map(|d| d.join("campaign").join("certificate.toml")) {
        Some(path) if path.exists() => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            certificate::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
        }
        _ => certificate::parse(certificate::DEFAULT_TEMPLATE),
    }
}

async fn pdf(
    db: &Database,
    id: i64,
    student: &str,
    out: &std::path::Path,
    config_dir: Option<&std::path::Path>,
) -> Result<(), BookingError> {
    let t = template(config_dir).map_err(BookingError::BadInput)?;
    let fonts = super::pdf::Fonts::read(&t).map_err(BookingError::BadInput)?;
    let (values, signature) = store::certificate(db, id, student).await?;
    let bytes = super::pdf::render(&t, &fonts, &values, signature.as_deref())
        .map_err(BookingError::BadInput)?;
    // Written beside, then renamed: never half a file.
    let partial = out.with_extension("partial");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, out))
        .map_err(|e| BookingError::BadInput(format!("{}: {e}", out.display())))
}

/// Decides the candidates, then makes the certificates of those to generate, one at a time (a
/// campaign of thousands holds one PDF in memory): each made is `generated`, each that could
/// not be is `failed` with why.
async fn run_and_generate(
    db: &Database,
    id: i64,
    out: Option<&std::path::Path>,
    config_dir: Option<&std::path::Path>,
) -> Result<String, BookingError> {
    let mut counts = store::run(db, id).await?;
    if let Some(dir) = out {
        let t = template(config_dir).map_err(BookingError::BadInput)?;
        let fonts = super::pdf::Fonts::read(&t).map_err(BookingError::BadInput)?;
        std::fs::create_dir_all(dir)
            .map_err(|e| BookingError::BadInput(format!("{}: {e}", dir.display())))?;
        for student in store::to_generate(db, id).await? {
            let made = async {
                let (values, signature) = store::certificate(db, id, &student).await?;
                let bytes = super::pdf::render(&t, &fonts, &values, signature.as_deref())
                    .map_err(BookingError::BadInput)?;
                let path = dir.join(format!("{id}-{student}.pdf"));
                let partial = path.with_extension("partial");
                std::fs::write(&partial, bytes)
                    .and_then(|()| std::fs::rename(&partial, &path))
                    .map_err(|e| BookingError::BadInput(format!("{}: {e}", path.display())))
            }
            .await;
            let failure = made.as_ref().err().map(|e| e.explain(chrono_tz::UTC));
            store::generated(db, id, &student, failure.as_deref()).await?;
            let state = if failure.is_some() {
                "failed"
            } else {
                "generated"
            };
            if let Some(n) = counts.get_mut("to_generate") {
                *n -= 1;
            }
            *counts.entry(state).or_default() += 1;
        }
        counts.retain(|_, n| *n > 0);
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    let mut report = tr(T::CampaignRun, &[&id, &parts.join(", ")]);
    if out.is_some() && store::place(db).await?.is_empty() {
        report.push('\n');
        report.push_str(&tr(T::CampaignNoPlace, &[]));
    }
    if let Some((address, recipients)) = store::test_recipients(db, id).await? {
        report.push('\n');
        report.push_str(&tr(T::CampaignTestMode, &[]));
        if !address.is_empty() {
            report.push('\n');
            report.push_str(&tr(T::CampaignTestAddress, &[&address]));
        }
        for (student, name, email) in &recipients {
            let to = email
                .clone()
                .unwrap_or_else(|| tr(T::CampaignNoAddress, &[]));
            // The log is read in terminals too: the values through the sanitiser.
            tracing::info!(
                campaign = id,
                student = %crate::output::sanitize(student),
                to = %crate::output::sanitize(&to),
                "test mode: not sent"
            );
            report.push_str(&format!("\n  {student:<10} {name:<30} {to}"));
        }
    }
    Ok(report)
}
