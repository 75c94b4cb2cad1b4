//! `intendant`: parse the command line, find the database, then open the TUI or run a
//! subcommand. Every screen has a CLI twin so scripts and tests drive the same code; each
//! feature's `cli.rs` holds its subcommands, `intendant::cli` what they share.
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use intendant::booking::cli::BookingCommand;
use intendant::cli::{self as shared, Shell};
use intendant::config::{Environment, FileConfig};
use intendant::i18n::{tr, T};
use intendant::{admin, booking, correlation, db, import, mail, setup};

#[derive(Parser)]
#[command(
    name = "intendant",
    version,
    about = "The operations desk of schools and universities, in a terminal"
)]
struct Cli {
    /// PostgreSQL URL or key=value string; else INTENDANT_DATABASE_URL, DATABASE_URL, PG*, the config file, the embedded cluster
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Interface language (fr or en); else your user setting, the config file, LANG
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    /// Theme: default, mono, high-contrast, or a file NAME.toml in the config dir's themes/
    #[arg(long, global = true, value_name = "NAME")]
    theme: Option<String>,
    /// Keymap: default or vim (keymap.toml in the config dir overrides per key)
    #[arg(long, global = true, value_name = "NAME")]
    keymap: Option<String>,
    /// A read-only planning for a hallway screen: no key but quit, the next area every SECONDS (30)
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, default_missing_value = "30",
          value_parser = clap::value_parser!(u64).range(5..=3600))]
    kiosk: Option<u64>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Load the demo data set (idempotent), then open the TUI
    Demo {
        /// Load the data and exit
        #[arg(long)]
        no_tui: bool,
    },
    /// The database: migrations and the embedded cluster
    Db {
        #[command(subcommand)]
        action: db::cli::DbCommand,
    },
    /// Show where the database and the settings come from, and any problem in keymap or theme files
    Config,
    /// Import students or staff from a school information system's CSV export
    Import {
        #[command(subcommand)]
        what: import::cli::ImportCommand,
    },
    /// Certificate campaigns: make one, decide its candidates, list and show them
    Campaign {
        #[command(subcommand)]
        what: intendant::campaign::cli::CampaignCommand,
    },
    /// The people the imports keep
    People {
        #[command(subcommand)]
        what: import::cli::PeopleCommand,
    },
    /// Room and equipment bookings
    Booking {
        #[command(subcommand)]
        what: Box<BookingCommand>,
    },
    /// Sites, areas, rooms, types, users and rights from a TOML file, or back into one
    Setup {
        #[command(subcommand)]
        what: setup::cli::SetupCommand,
    },
    /// Directory accounts against the official people lists
    Correlate {
        #[command(subcommand)]
        what: correlation::cli::CorrelateCommand,
        #[arg(long, value_enum, default_value_t = intendant::output::Format::Text, global = true)]
        format: intendant::output::Format,
    },
    /// Periodic work for cron: expire unconfirmed tentative bookings, queue overdue notices
    Tasks {
        #[command(subcommand)]
        what: booking::cli::TasksCommand,
    },
    /// Deliver the mail the outbox holds, then wait for more (an administrator's login)
    Worker {
        /// Deliver what is due now, then exit (for cron)
        #[arg(long)]
        once: bool,
    },
    /// Administration: booking types, days without bookings, cycle days, users, settings, the connection log (administrators)
    Admin {
        #[command(subcommand)]
        what: admin::cli::AdminCommand,
    },
    /// The outbox: send a test message, list the mails, try failed ones again
    Mail {
        #[command(subcommand)]
        what: mail::cli::MailCommand,
    },
}

fn main() -> ExitCode {
    let started = Instant::now();
    let env = Environment::capture();
    // `--help` speaks the language the rest will (--lang, the config file, LANG).
    let command = intendant::cli_help::localize(Cli::command(), help_language(&env));
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let _log = intendant::logging::init(env.state_dir.as_deref());
    let mut shell = Shell {
        database_url: cli.database_url.clone(),
        lang: cli.lang.clone(),
        theme: cli.theme.clone(),
        keymap: cli.keymap.clone(),
        kiosk: cli.kiosk,
        env,
        file: FileConfig::default(),
        session: Default::default(),
    };
    intendant::i18n::set_current(shell.language());
    // A command is one conversation with the database: one thread does it without handing
    // each reply across threads; the TUI draws while it reads, so it has two.
    let runtime = match opens_tui(&cli.command) {
        true => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build(),
        false => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            intendant::fail!("{}", tr(T::CliCannotStart, &[&e]));
            return ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(dispatch(cli, &mut shell, started)) {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            intendant::fail!("{e:#}");
            shared::exit_code(&e)
        }
    };
    runtime.block_on(shared::close_databases());
    code
}

/// Whether the command opens the TUI (the planning, the demo, the kiosk).
fn opens_tui(command: &Option<Command>) -> bool {
    matches!(command, None | Some(Command::Demo { no_tui: false }))
}

/// The language of `--help`: `--lang` read from the raw arguments (clap has not parsed them
/// yet), else the config file's, else the locale's.
fn help_language(env: &Environment) -> intendant::i18n::Lang {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_owned)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    });
    flag.as_deref()
        .and_then(intendant::i18n::Lang::parse)
        .unwrap_or_else(|| {
            let file = env
                .config_file()
                .and_then(|p| FileConfig::load(&p).ok())
                .unwrap_or_default();
            intendant::config::language(env, &file)
        })
}

async fn dispatch(cli: Cli, shell: &mut Shell, started: Instant) -> anyhow::Result<ExitCode> {
    if let Some(path) = shell.env.config_file() {
        shell.file = FileConfig::load(&path)?;
    }
    intendant::i18n::set_current(shell.language());
    let shell = &*shell;
    let done = |r: anyhow::Result<()>| r.map(|()| ExitCode::SUCCESS);
    match &cli.command {
        None => {
            shared::require_terminal()?;
            let (db, _) = shell.open(true).await?;
            done(intendant::tui::start::start(db, shell, started).await)
        }
        Some(Command::Demo { no_tui }) => {
            if !no_tui {
                shared::require_terminal()?;
            }
            let (db, _) = shell.open(!no_tui).await?;
            let added = intendant::demo::load(&db).await?;
            tracing::info!("demo data: {added} rows added");
            if *no_tui {
                intendant::say!("{}", tr(T::CliDemoLoaded, &[&db.target(), &added]));
                Ok(ExitCode::SUCCESS)
            } else {
                done(intendant::tui::start::start(db, shell, started).await)
            }
        }
        Some(Command::Db {
            action:
                action @ (db::cli::DbCommand::Backup { .. } | db::cli::DbCommand::Restore { .. }),
        }) => db::cli::run_backup(action, shell).await,
        Some(Command::Db { action }) => done(db::cli::run(action, shell).await),
        Some(Command::Config) => done(shared::show_config(shell)),
        Some(Command::Import { what }) => import::cli::run(what, shell).await,
        Some(Command::People { what }) => import::cli::people(what, shell).await,
        Some(Command::Booking { what }) => {
            let (db, _) = shell.open(false).await?;
            Ok(ExitCode::from(booking::cli::run(what, &db).await))
        }
        Some(Command::Setup { what }) => setup::cli::run(what, shell).await,
        Some(Command::Correlate { what, format }) => {
            let (db, _) = shell.open(false).await?;
            Ok(ExitCode::from(
                correlation::cli::run(what, format.is_json(), &db, shell).await,
            ))
        }
        Some(Command::Tasks {
            what: booking::cli::TasksCommand::Run { format },
        }) => {
            let (db, _) = shell.open(false).await?;
            Ok(ExitCode::from(booking::cli::tasks(&db, *format).await))
        }
        Some(Command::Worker { once }) => mail::cli::worker(*once, shell).await,
        Some(Command::Mail { what }) => mail::cli::run(what, shell).await,
        Some(Command::Admin { what }) => {
            let (db, _) = shell.open(false).await?;
            admin::cli::run(what, &db).await
        }
        Some(Command::Campaign { what }) => {
            let (db, _) = shell.open(false).await?;
            Ok(ExitCode::from(
                intendant::campaign::cli::run(what, &db, shell.env.config_dir.as_deref()).await,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Issue 13 point 21: every help text has its French, so `--help` speaks the user's
    /// language whole.
    #[test]
    fn p21_every_help_text_has_its_french() {
        let missing = intendant::cli_help::untranslated(&Cli::command());
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
