//! `intendant correlate …`, and the two imports that feed the correlation (`import ldif`,
//! `import local`): what they print, as sentences or as JSON, and their exit codes.

use std::path::PathBuf;

use clap::Subcommand;

use crate::cli::Shell;
use crate::db::Database;
use crate::i18n::{tr, T};

#[derive(Subcommand)]
pub enum CorrelateCommand {
    /// Run the automatic cascade (it also runs after every import)
    Run {
        /// Compare official numbers without their leading zeros
        #[arg(long)]
        ignore_leading_zeros: bool,
    },
    /// The pairs, and what remains on each side
    List {
        #[arg(long)]
        remaining: bool,
    },
    /// Link an account to a person by hand: LOGIN NUMBER (or SCHOOL/NUMBER)
    Link { login: String, person: String },
    /// Keep these accounts until the next apply
    Keep { logins: Vec<String> },
    /// Keep these accounts for good
    KeepAlways { logins: Vec<String> },
    /// Archive these accounts at the next apply (never a deletion)
    Delete { logins: Vec<String> },
    /// Erase every manual decision except links: keep, keep always and delete are asked again
    Forget,
    /// Write DIR/backup-<ts>.ldif, then DIR/changes-<ts>.ldif
    Apply {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn import_ldif(
    path: &std::path::Path,
    json: bool,
    allow_empty: bool,
    db: &Database,
    mapping: &super::model::directory::Mapping,
) -> u8 {
    use super::{model::ldif, store};
    let name = path.display().to_string();
    let outcome = async {
        store::require_access(db).await?;
        // The file and its entries are gone before the cascade loads the whole snapshot again.
        let (imported, warnings) = {
            let bytes = std::fs::read(path)
                .map_err(|e| store::CorrelationError::Io(format!("{name}: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                store::CorrelationError::BadInput(format!("{name}: not UTF-8 text (LDIF is UTF-8)"))
            })?;
            let (entries, warnings) = ldif::parse_with_warnings(&text).map_err(|error| {
                store::CorrelationError::Ldif {
                    file: name.clone(),
                    error,
                }
            })?;
            drop(text);
            for w in &warnings {
                crate::output::err_plain(&tr(T::WarnPrefix, &[&format!("{name}: {w}")]));
            }
            let imported =
                store::import_snapshot(db, &name, &entries, mapping, allow_empty).await?;
            (imported, warnings)
        };
        let cascade = store::run(db, false).await?;
        let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        Ok::<_, store::CorrelationError>(
            serde_json::json!({"import": imported, "cascade": cascade, "warnings": warnings}),
        )
    }
    .await;
    report_json(json, outcome)
}

pub async fn import_local(path: &std::path::Path, json: bool, db: &Database) -> u8 {
    use super::{model::local, store};
    let name = path.display().to_string();
    let outcome = async {
        store::require_access(db).await?;
        let bytes =
            std::fs::read(path).map_err(|e| store::CorrelationError::Io(format!("{name}: {e}")))?;
        let accounts = local::parse(&bytes).map_err(|problems| {
            store::CorrelationError::BadInput(format!("{name}: {}", problems.join("\n  ")))
        })?;
        let mut declared = store::import_local(db, &accounts).await?;
        // What is local is no longer the cascade's to pair.
        declared["cascade"] =
            serde_json::to_value(store::run(db, false).await?).unwrap_or_default();
        Ok(declared)
    }
    .await;
    report_json(json, outcome)
}

fn report_json(
    json: bool,
    outcome: Result<serde_json::Value, super::store::CorrelationError>,
) -> u8 {
    match outcome {
        Ok(v) => {
            if json {
                crate::output::json(&v, false);
            } else {
                crate::output::out(&super::text::lines(&v).join("\n"));
            }
            0
        }
        Err(e) => {
            crate::fail!("{e}");
            e.exit_code()
        }
    }
}

pub async fn run(what: &CorrelateCommand, json: bool, db: &Database, shell: &Shell) -> u8 {
    use super::model::apply::Decision;
    use super::store;
    let outcome = async {
        store::require_access(db).await?;
        Ok(match what {
            CorrelateCommand::Run { ignore_leading_zeros } => {
                serde_json::to_value(store::run(db, *ignore_leading_zeros).await?).unwrap_or_default()
            }
            CorrelateCommand::List { remaining } => store::listing(&store::load(db).await?, *remaining),
            CorrelateCommand::Link { login, person } => {
                store::link(db, login, person).await?;
                serde_json::json!({"linked": login, "person": person})
            }
            CorrelateCommand::Keep { logins } => {
                serde_json::json!({"keep": store::decide(db, logins, Decision::Keep).await?})
            }
            CorrelateCommand::KeepAlways { logins } => {
                serde_json::json!({"keep_always": store::decide(db, logins, Decision::KeepAlways).await?})
            }
            CorrelateCommand::Delete { logins } => {
                serde_json::json!({"delete": store::decide(db, logins, Decision::Delete).await?})
            }
            CorrelateCommand::Forget => serde_json::json!({"forgotten": store::forget(db).await?}),
            CorrelateCommand::Apply { out, dry_run } => serde_json::to_value(
                store::apply(db, out, *dry_run, &shell.file.correlation).await?,
            )
            .unwrap_or_default(),
        })
    }
    .await;
    report_json(json, outcome)
}
