//! `intendant db migrate|status|start|stop|backup|restore`: the schema, the embedded cluster,
//! and backups (`backup.rs`).

use anyhow::bail;
use clap::Subcommand;

use super::embedded::Cluster;
use super::migrate::{self, StatusLine};
use super::Database;
use crate::cli::Shell;
use crate::config::{self, DbTarget};
use crate::i18n::{tr, T};

#[derive(Subcommand)]
pub enum DbCommand {
    /// Bring the schema up to date (any command that connects does this first)
    Migrate,
    /// Show the database in use and which migrations are applied
    Status,
    /// Start the embedded cluster (created on first use)
    Start,
    /// Stop the embedded cluster
    Stop,
    /// Back the database up with pg_dump (custom format), table by table (administrators who own it)
    Backup {
        /// The file (default: intendant-DATABASE-YYYYMMDD-HHMM.dump here)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Restore a backup into a new database (never over one in use; --force replaces an idle one)
    Restore {
        /// The backup file
        file: std::path::PathBuf,
        /// The new database's name
        #[arg(long)]
        into: String,
        #[arg(long)]
        force: bool,
    },
}

/// `db backup` and `db restore`: exit 0 done, 2 bad input, 4 refused, 1 failed.
pub async fn run_backup(
    action: &DbCommand,
    shell: &Shell,
) -> anyhow::Result<std::process::ExitCode> {
    let (db, _) = shell.open(false).await?;
    let result = match action {
        DbCommand::Backup { out } => {
            let name = db.name();
            let out = out
                .clone()
                .unwrap_or_else(|| std::path::PathBuf::from(super::backup::default_name(name)));
            let progress = |done: usize, tables: i64, table: &str| {
                crate::output::err(&tr(T::BackupProgress, &[&done, &tables, &table]));
            };
            super::backup::backup(&db, &out, progress)
                .await
                .map(|size| {
                    crate::say!("{}", tr(T::BackupDone, &[&out.display(), &size]));
                })
        }
        DbCommand::Restore { file, into, force } => {
            let progress = |table: &str| crate::output::err(&tr(T::RestoreProgress, &[&table]));
            super::backup::restore(&db, file, into, *force, progress)
                .await
                .map(|()| {
                    crate::say!("{}", tr(T::RestoreDone, &[&file.display(), &into]));
                })
        }
        _ => Ok(()),
    };
    Ok(match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            crate::output::err(&e.to_string());
            std::process::ExitCode::from(e.exit_code())
        }
    })
}

pub async fn run(action: &DbCommand, shell: &Shell) -> anyhow::Result<()> {
    match action {
        DbCommand::Start | DbCommand::Stop => {
            let DbTarget::Embedded { dir_override } =
                config::resolve_database(shell.database_url.as_deref(), &shell.env, &shell.file)?
            else {
                bail!(tr(T::CliEmbeddedOnly, &[]));
            };
            let cluster = Cluster::locate(&shell.env, dir_override)?;
            let dir = cluster.dir.display();
            if matches!(action, DbCommand::Start) {
                cluster.ensure_running().await?;
                crate::say!("{}", tr(T::CliClusterRunning, &[&dir]));
            } else if cluster.stop().await? {
                crate::say!("{}", tr(T::CliClusterStopped, &[&dir]));
            } else {
                crate::say!("{}", tr(T::CliClusterNotRunning, &[&dir]));
            }
            Ok(())
        }
        DbCommand::Backup { .. } | DbCommand::Restore { .. } => {
            unreachable!("db backup and restore have exit codes of their own: run_backup")
        }
        DbCommand::Migrate => {
            let (mut settings, origin) = shell.locate().await?;
            settings.config.application_name("intendant db migrate");
            let db = Database::new(&settings)?;
            let outcome = db.ready().await?;
            let latest = migrate::latest_version();
            if outcome.applied.is_empty() {
                crate::say!("{}", tr(T::CliUpToDate, &[&db.target(), &origin, &latest]));
            } else {
                crate::say!(
                    "{}",
                    tr(
                        T::CliApplied,
                        &[&db.target(), &origin, &outcome.applied.join(", ")]
                    )
                );
            }
            Ok(())
        }
        DbCommand::Status => {
            let (db, origin) = shell.open(false).await?;
            crate::say!("{}", tr(T::CliDatabase, &[&db.target(), &origin]));
            let client = db.client().await?;
            for line in migrate::status(&client).await? {
                let (version, name, state) = match line {
                    StatusLine::Applied(a, same) => {
                        let at = a.applied_at.format("%Y-%m-%d %H:%M:%S UTC");
                        let mut state = tr(T::CliMigrationApplied, &[&at, &a.applied_by]);
                        if !same {
                            state = format!("{state}  {}", tr(T::CliEditedSince, &[]));
                        }
                        (a.version, a.name, state)
                    }
                    StatusLine::Pending(m) => {
                        (m.version, m.name.to_owned(), tr(T::CliPending, &[]))
                    }
                    StatusLine::Unknown(a) => (a.version, a.name, tr(T::CliUnknownMigration, &[])),
                };
                crate::say!("  {version:04} {name:<28} {state}");
            }
            Ok(())
        }
    }
}
