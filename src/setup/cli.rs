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
    /// Number the school days of a period J1…Jn in turn (cycle days), skipping blocked days
    /// and the days the school is closed; replaces the period's numbers
    Cycle {
        /// First day (YYYY-MM-DD)
        #[arg(long)]
        from: String,
        /// Last day (YYYY-MM-DD)
        #[arg(long)]
        to: String,
        /// Days in a cycle (J1…Jn)
        #[arg(long)]
        days: u32,
        /// The days the school opens
        #[arg(long, default_value = "mon,tue,wed,thu,fri")]
        open: String,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
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
                Err(e @ store::SetupError::Refused { .. }) => {
                    crate::fail!("{name}: {e}");
                    return Ok(ExitCode::from(e.exit_code()));
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
        SetupCommand::Cycle {
            from,
            to,
            days,
            open,
            format,
        } => cycle(shell, (from, to), *days, open, format.is_json()).await,
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

/// `setup cycle`: the period's school days numbered in turn, written in one transaction.
async fn cycle(
    shell: &Shell,
    (from, to): (&str, &str),
    length: u32,
    open: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use crate::booking::cli::parse_date;
    use crate::booking::model::{cycle::number_days, rule_json::parse_days};
    let bad = |text: String| {
        crate::fail!("{text}");
        Ok(ExitCode::from(2))
    };
    let (from, to) = match (parse_date("--from", from), parse_date("--to", to)) {
        (Ok(f), Ok(t)) if f <= t => (f, t),
        (Ok(f), Ok(t)) => return bad(tr(T::CycleBadPeriod, &[&f, &t])),
        (Err(e), _) | (_, Err(e)) => return bad(e.to_string()),
    };
    if !(1..=100).contains(&length) {
        return bad(tr(T::CycleBadLength, &[&length]));
    }
    let open = match parse_days(open) {
        Ok(days) if !days.is_empty() => days,
        Ok(_) => return bad(tr(T::CycleBadOpen, &[&open])),
        Err(day) => return bad(tr(T::CycleBadOpen, &[&day])),
    };
    let (db, _) = shell.open(false).await?;
    let blocked = crate::booking::store::blocked_days(&db, from, to).await?;
    let numbered = number_days(from, to, length, open, &blocked);
    let code = match crate::booking::store::set_cycle_days(&db, from, to, &numbered).await {
        Ok(n) => {
            if json {
                crate::output::json(
                    &serde_json::json!({"numbered": n, "from": from, "to": to, "length": length,
                                        "blocked": blocked.len()}),
                    false,
                );
            } else {
                crate::say!(
                    "{}",
                    tr(T::CycleDone, &[&n, &length, &from, &to, &blocked.len()])
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            crate::fail!(
                "{}",
                e.explain(
                    crate::booking::store::settings(&db)
                        .await
                        .map(|s| s.tz)
                        .unwrap_or(chrono_tz::UTC)
                )
            );
            ExitCode::from(e.exit_code())
        }
    };
    Ok(code)
}
