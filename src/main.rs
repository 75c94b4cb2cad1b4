//! `intendant`: parse the command line, find the database, then open the TUI or run a
//! subcommand. Every screen has a CLI twin so scripts and tests drive the same code.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand};

use intendant::config::{self, DbTarget, Environment, FileConfig, TlsMode};
use intendant::db::embedded::{self, Cluster};
use intendant::db::migrate::{self, StatusLine};
use intendant::db::{ConnectSettings, Database, DbError};
use intendant::i18n::Lang;
use intendant::tui::app::App;
use intendant::tui::keymap::Keymap;
use intendant::tui::theme::{ColorDepth, Theme};

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
        action: DbCommand,
    },
    /// Show where the database and the settings come from, and any problem in keymap or theme files
    Config,
}

#[derive(Subcommand)]
enum DbCommand {
    /// Bring the schema up to date (any command that connects does this first)
    Migrate,
    /// Show the database in use and which migrations are applied
    Status,
    /// Start the embedded cluster (created on first use)
    Start,
    /// Stop the embedded cluster
    Stop,
}

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    let env = Environment::capture();
    let _log = intendant::logging::init(env.state_dir.as_deref());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("intendant: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli, env, started)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("intendant: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(cli: Cli, env: Environment, started: Instant) -> anyhow::Result<()> {
    let file = match env.config_file() {
        Some(path) => FileConfig::load(&path)?,
        None => FileConfig::default(),
    };
    match &cli.command {
        None => {
            require_terminal()?;
            let (db, _) = open(&cli, &env, &file, true).await?;
            tui(db, &cli, &env, &file, started).await
        }
        Some(Command::Demo { no_tui }) => {
            if !no_tui {
                require_terminal()?;
            }
            let (db, _) = open(&cli, &env, &file, !no_tui).await?;
            let added = intendant::demo::load(&db).await?;
            tracing::info!("demo data: {added} rows added");
            if *no_tui {
                println!("demo data loaded into {} ({added} rows added)", db.target());
                Ok(())
            } else {
                tui(db, &cli, &env, &file, started).await
            }
        }
        Some(Command::Db { action }) => db_command(action, &cli, &env, &file).await,
        Some(Command::Config) => show_config(&cli, &env, &file),
    }
}

fn require_terminal() -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the full-screen app needs a terminal; for scripts use a subcommand (intendant --help)"
        );
    }
    Ok(())
}

/// Finds the database, starts the embedded cluster if that is the one, connects, migrates.
/// Interactive callers are asked for a password the server wants and nobody gave.
async fn open(
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
    interactive: bool,
) -> anyhow::Result<(Database, String)> {
    let (mut settings, origin) =
        match config::resolve_database(cli.database_url.as_deref(), env, file)? {
            DbTarget::Server(s) => (ConnectSettings::from(&*s), format!("from {}", s.source)),
            DbTarget::Embedded { dir_override } => {
                let cluster = Cluster::locate(env, dir_override)?;
                cluster.ensure_running().await?;
                let origin = format!("embedded cluster in {}", cluster.dir.display());
                (
                    ConnectSettings {
                        config: cluster.connect_config(embedded::DATABASE),
                        tls: TlsMode::Disable,
                        root_cert: None,
                    },
                    origin,
                )
            }
        };
    let mut attempts = 0;
    loop {
        let db = Database::new(&settings)?;
        match db.ready().await {
            Ok(outcome) => {
                for name in &outcome.applied {
                    tracing::info!("migration {name} applied to {}", db.target());
                }
                return Ok((db, origin));
            }
            Err(DbError::PasswordMissing { .. })
                if interactive && attempts < 3 && std::io::stdin().is_terminal() =>
            {
                attempts += 1;
                let password =
                    rpassword::prompt_password(format!("Password for {}: ", db.target()))
                        .context("reading the password")?;
                settings.config.password(password);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn resolve_language(cli: &Cli, env: &Environment, file: &FileConfig) -> Lang {
    cli.lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| config::language(env, file))
}

fn load_look(
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
) -> (Keymap, Theme, ColorDepth, Vec<String>) {
    let keymap_choice = cli
        .keymap
        .as_deref()
        .or(file.keymap.as_deref())
        .unwrap_or("default");
    let user_keymap = env.config_dir.as_ref().map(|d| d.join("keymap.toml"));
    let user_text = user_keymap.as_ref().and_then(|p| {
        std::fs::read_to_string(p)
            .ok()
            .map(|t| (p.display().to_string(), t))
    });
    let (keymap, mut warnings) = Keymap::load(
        keymap_choice,
        user_text.as_ref().map(|(l, t)| (l.as_str(), t.as_str())),
    );
    let depth = ColorDepth::detect(|k| env.var(k).map(str::to_owned));
    let theme_choice = cli
        .theme
        .as_deref()
        .or(file.theme.as_deref())
        .unwrap_or("default");
    let (theme, theme_warnings) = Theme::load(
        theme_choice,
        env.config_dir.as_ref().map(|d| d.join("themes")).as_deref(),
        depth,
    );
    warnings.extend(theme_warnings);
    (keymap, theme, depth, warnings)
}

async fn tui(
    db: Database,
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
    started: Instant,
) -> anyhow::Result<()> {
    let (keymap, theme, _, warnings) = load_look(cli, env, file);
    let lang = resolve_language(cli, env, file);
    let mut app = App::new(lang, theme, keymap, chrono::Utc::now(), (0, 0));
    app.lang_forced = cli.lang.is_some();
    for w in &warnings {
        tracing::warn!("{w}");
    }
    if let Some(first) = warnings.first() {
        let more = if warnings.len() > 1 {
            format!(" (+{} more: intendant config)", warnings.len() - 1)
        } else {
            String::new()
        };
        app.warn(format!("{first}{more}"));
    }
    intendant::tui::run::run(db, app, started).await
}

async fn db_command(
    action: &DbCommand,
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
) -> anyhow::Result<()> {
    let target = config::resolve_database(cli.database_url.as_deref(), env, file)?;
    match action {
        DbCommand::Start | DbCommand::Stop => {
            let DbTarget::Embedded { dir_override } = target else {
                bail!("`intendant db start|stop` manage the embedded cluster; this configuration uses a server you manage yourself");
            };
            let cluster = Cluster::locate(env, dir_override)?;
            if matches!(action, DbCommand::Start) {
                cluster.ensure_running().await?;
                println!(
                    "embedded cluster running in {} (socket only, no TCP port)",
                    cluster.dir.display()
                );
            } else if cluster.stop().await? {
                println!("embedded cluster in {} stopped", cluster.dir.display());
            } else {
                println!(
                    "embedded cluster in {} was not running",
                    cluster.dir.display()
                );
            }
            Ok(())
        }
        DbCommand::Migrate => {
            let (mut settings, origin) = match &target {
                DbTarget::Server(s) => (ConnectSettings::from(&**s), format!("from {}", s.source)),
                DbTarget::Embedded { .. } => {
                    let (db, origin) = open(cli, env, file, false).await?;
                    println!(
                        "{} ({origin}): schema at version {}",
                        db.target(),
                        migrate::latest_version()
                    );
                    return Ok(());
                }
            };
            settings.config.application_name("intendant db migrate");
            let db = Database::new(&settings)?;
            let outcome = db.ready().await?;
            if outcome.applied.is_empty() {
                println!(
                    "{} ({origin}): schema up to date at version {}",
                    db.target(),
                    migrate::latest_version()
                );
            } else {
                println!(
                    "{} ({origin}): applied {}",
                    db.target(),
                    outcome.applied.join(", ")
                );
            }
            Ok(())
        }
        DbCommand::Status => {
            let (db, origin) = open(cli, env, file, false).await?;
            println!("database: {} ({origin})", db.target());
            let client = db.client().await?;
            for line in migrate::status(&client).await? {
                match line {
                    StatusLine::Applied(a, same) => println!(
                        "  {:04} {:<28} applied {} by {}{}",
                        a.version,
                        a.name,
                        a.applied_at.format("%Y-%m-%d %H:%M:%S UTC"),
                        a.applied_by,
                        if same { "" } else { "  (EDITED SINCE)" }
                    ),
                    StatusLine::Pending(m) => println!("  {:04} {:<28} pending", m.version, m.name),
                    StatusLine::Unknown(a) => {
                        println!("  {:04} {:<28} unknown to this binary", a.version, a.name)
                    }
                }
            }
            Ok(())
        }
    }
}

fn show_config(cli: &Cli, env: &Environment, file: &FileConfig) -> anyhow::Result<()> {
    let config_file = env
        .config_file()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(none)".into());
    println!("config file: {config_file}");
    match config::resolve_database(cli.database_url.as_deref(), env, file)? {
        DbTarget::Server(s) => println!(
            "database: {} (from {}, sslmode {:?})",
            s.describe(),
            s.source,
            s.tls
        ),
        DbTarget::Embedded { dir_override } => match Cluster::locate(env, dir_override) {
            Ok(c) => println!("database: embedded cluster in {}", c.dir.display()),
            Err(e) => println!("database: embedded cluster unavailable: {e}"),
        },
    }
    let (keymap, theme, depth, warnings) = load_look(cli, env, file);
    println!("language: {}", resolve_language(cli, env, file));
    println!("keymap: {}", keymap.name);
    println!("theme: {} (colours: {depth:?})", theme.name);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}
