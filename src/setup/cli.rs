//! `intendant setup load|dump`: the setup file in and out, every problem named, exit 2 for a
//! file that cannot be loaded (nothing written).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;

use crate::cli::Shell;
use crate::i18n::{tr, T};

#[derive(Subcommand)]
pub enum SetupCommand {
    /// Create or update everything the file describes (never deletes); all or nothing
    Load {
        file: PathBuf,
        /// Check the file and report, write nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Write the current setup in the same format (to stdout, or --out FILE)
    Dump {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn run(what: &SetupCommand, shell: &Shell) -> anyhow::Result<ExitCode> {
    use super::store;
    match what {
        SetupCommand::Load {
            file: path,
            dry_run,
            format,
        } => {
            let name = path.display().to_string();
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    crate::fail!("{name}: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let setup = match store::parse(&name, &text) {
                Ok(s) => s,
                Err(e) => {
                    crate::fail!("{e}");
                    return Ok(ExitCode::from(2));
                }
            };
            if *dry_run {
                crate::say!("{}", tr(T::SetupValid, &[&name]));
                return Ok(ExitCode::SUCCESS);
            }
            let (db, _) = shell.open(false).await?;
            let summary = match store::load(&db, &setup, true).await {
                Ok(summary) => summary,
                Err(store::SetupError::Invalid { problems, .. }) => {
                    crate::fail!("{name}: {}", problems.join("\n  "));
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            if format.is_json() {
                crate::output::json(&summary, false);
            } else {
                crate::say!(
                    "{}",
                    tr(
                        T::SetupLoaded,
                        &[&name, &summary.total_created(), &summary.total_updated()]
                    )
                );
                for (kind, n) in &summary.created {
                    crate::say!("  {kind}: +{n}");
                }
                for (kind, n) in &summary.updated {
                    crate::say!("  {kind}: ~{n}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SetupCommand::Dump { out } => {
            let (db, _) = shell.open(false).await?;
            let setup = store::dump(&db).await?;
            let text = toml::to_string(&setup)?;
            match out {
                Some(path) => {
                    std::fs::write(path, text).with_context(|| path.display().to_string())?
                }
                // A dump is data: exact when it goes to a file or a pipe, made inert on a terminal.
                None if std::io::stdout().is_terminal() => crate::output::out_raw_lines(&text),
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
