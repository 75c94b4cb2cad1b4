//! `intendant`: parse the command line, find the database, then open the TUI or run a
//! subcommand. Every screen has a CLI twin so scripts and tests drive the same code.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand};

use intendant::booking::cli::BookingCommand;
use intendant::config::{self, DbTarget, Environment, FileConfig, TlsMode};
use intendant::db::embedded::{self, Cluster};
use intendant::db::migrate::{self, StatusLine};
use intendant::db::{ConnectSettings, Database, DbError};
use intendant::i18n::{tr, Lang, T};
use intendant::import;
use intendant::import::dates::DateOrder;
use intendant::import::decode::{parse_delimiter, Encoding, ReadOptions};
use intendant::import::fields::Kind;
use intendant::import::run::{ImportError, ImportOptions};
use intendant::output;
use intendant::tui::app::App;
use intendant::tui::keymap::Keymap;
use intendant::tui::theme::{ColorDepth, Theme};

/// A message on stdout, through the sanitiser (`intendant::output`).
macro_rules! say {
    ($($t:tt)*) => { output::out(&format!($($t)*)) };
}

/// An error on stderr, through the sanitiser.
macro_rules! fail {
    ($($t:tt)*) => { output::err(&format!($($t)*)) };
}

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
    /// Import students or staff from a school information system's CSV export
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// The people the imports keep
    People {
        #[command(subcommand)]
        what: PeopleCommand,
    },
    /// Room and equipment bookings
    Booking {
        #[command(subcommand)]
        what: Box<BookingCommand>,
    },
    /// Sites, areas, rooms, types, users and rights from a TOML file, or back into one
    Setup {
        #[command(subcommand)]
        what: SetupCommand,
    },
    /// Directory accounts against the official people lists (seed 004)
    Correlate {
        #[command(subcommand)]
        what: CorrelateCommand,
        #[arg(long, default_value = "text", global = true)]
        format: String,
    },
    /// Periodic work for cron: expire unconfirmed tentative bookings, queue overdue notices
    Tasks {
        #[command(subcommand)]
        what: TasksCommand,
    },
}

#[derive(Subcommand)]
enum SetupCommand {
    /// Create or update everything the file describes (never deletes); all or nothing
    Load {
        file: PathBuf,
        /// Check the file and report, write nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Write the current setup in the same format (to stdout, or --out FILE)
    Dump {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CorrelateCommand {
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

#[derive(Subcommand)]
enum TasksCommand {
    /// Run the tasks once
    Run {
        #[arg(long, default_value = "text")]
        format: String,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A students file (seed 000, Annexe A)
    Students {
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A staff file (Annexe B)
    Staff {
        file: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
    /// A directory snapshot, as `ldapsearch -LLL` writes it (the previous one is kept)
    Ldif {
        file: PathBuf,
        #[arg(long, default_value = "text")]
        format: String,
        /// Take a snapshot with no account (it would make every person one to create)
        #[arg(long)]
        allow_empty: bool,
    },
    /// The local accounts (exam, generic) as a CSV: login, last_name, first_name, category (E, P or Z), comment; the file is the whole list
    Local {
        file: PathBuf,
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Every DIR/eleve/*.csv (students, first) and DIR/membre/*.csv (staff); imported files go to DIR/done, refused ones to DIR/failed
    Drop {
        dir: PathBuf,
        #[command(flatten)]
        flags: ImportFlags,
    },
}

#[derive(clap::Args, Clone)]
struct ImportFlags {
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
    #[arg(long, default_value = "text")]
    format: String,
}

#[derive(Subcommand)]
enum PeopleCommand {
    /// List people, as text or JSON
    List {
        /// student or staff
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        school: Option<String>,
        /// text or json
        #[arg(long, default_value = "text")]
        format: String,
    },
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
    intendant::i18n::set_current(resolve_language(&cli, &env, &FileConfig::default()));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            fail!("{}", tr(T::CliCannotStart, &[&e]));
            return ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(dispatch(cli, env, started)) {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            fail!("{e:#}");
            if e.downcast_ref::<BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    };
    runtime.block_on(close_databases());
    code
}

/// A wrong option or value on the command line: said, and exit 2.
#[derive(Debug)]
struct BadInput(String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Every database a command opened, to be closed cleanly when it ends.
static OPENED: std::sync::Mutex<Vec<Database>> = std::sync::Mutex::new(Vec::new());

async fn close_databases() {
    let opened = OPENED
        .lock()
        .map(|mut o| std::mem::take(&mut *o))
        .unwrap_or_default();
    for db in opened {
        db.shutdown(std::time::Duration::from_secs(1)).await;
    }
}

async fn dispatch(cli: Cli, env: Environment, started: Instant) -> anyhow::Result<ExitCode> {
    let file = match env.config_file() {
        Some(path) => FileConfig::load(&path)?,
        None => FileConfig::default(),
    };
    intendant::i18n::set_current(resolve_language(&cli, &env, &file));
    let done = |r: anyhow::Result<()>| r.map(|()| ExitCode::SUCCESS);
    match &cli.command {
        None => {
            require_terminal()?;
            let (db, _) = open(&cli, &env, &file, true).await?;
            done(tui(db, &cli, &env, &file, started).await)
        }
        Some(Command::Demo { no_tui }) => {
            if !no_tui {
                require_terminal()?;
            }
            let (db, _) = open(&cli, &env, &file, !no_tui).await?;
            let added = intendant::demo::load(&db).await?;
            tracing::info!("demo data: {added} rows added");
            if *no_tui {
                say!("{}", tr(T::CliDemoLoaded, &[&db.target(), &added]));
                Ok(ExitCode::SUCCESS)
            } else {
                done(tui(db, &cli, &env, &file, started).await)
            }
        }
        Some(Command::Db { action }) => done(db_command(action, &cli, &env, &file).await),
        Some(Command::Config) => done(show_config(&cli, &env, &file)),
        Some(Command::Import { what }) => import_command(what, &cli, &env, &file).await,
        Some(Command::Booking { what }) => {
            let (db, _) = open(&cli, &env, &file, false).await?;
            Ok(ExitCode::from(
                intendant::booking::cli::run(what, &db).await,
            ))
        }
        Some(Command::Setup { what }) => setup_command(what, &cli, &env, &file).await,
        Some(Command::Correlate { what, format }) => {
            let (db, _) = open(&cli, &env, &file, false).await?;
            Ok(ExitCode::from(
                correlate(what, format == "json", &db, &file).await,
            ))
        }
        Some(Command::Tasks {
            what: TasksCommand::Run { format },
        }) => {
            let (db, _) = open(&cli, &env, &file, false).await?;
            Ok(ExitCode::from(
                intendant::booking::cli::tasks(&db, format).await,
            ))
        }
        Some(Command::People {
            what:
                PeopleCommand::List {
                    kind,
                    school,
                    format,
                },
        }) => {
            let kind = match kind.as_deref() {
                Some(k) => Some(
                    Kind::parse(k)
                        .ok_or_else(|| BadInput(format!("--kind {k}: student or staff")))?
                        .name(),
                ),
                None => None,
            };
            let (db, _) = open(&cli, &env, &file, false).await?;
            let people = import::people::list(&db, kind, school.as_deref()).await?;
            if format == "json" {
                output::json(&people, true);
            } else {
                for p in &people {
                    let state = if p.active { "" } else { " (inactive)" };
                    say!(
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
    }
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
        None => import::store::default_date_order(db).await?,
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
        deactivation: import::guard::Limits {
            max_percent: import::store::max_deactivation(db).await?,
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
) -> anyhow::Result<Vec<(String, import::fields::Field)>> {
    let mut columns = match &flags.mapping {
        Some(name) => import::store::load_mapping(db, name, kind)
            .await?
            .ok_or_else(|| BadInput(tr(T::ImportNoMapping, &[name, &kind.name()])))?,
        None => Vec::new(),
    };
    for text in &flags.map {
        let (header, field) = import::fields::parse_map(kind, text).map_err(BadInput)?;
        columns.retain(|(h, _)| !h.eq_ignore_ascii_case(&header));
        columns.push((header, field));
    }
    if let Some(name) = &flags.save_mapping {
        import::store::save_mapping(db, name, kind, &columns).await?;
    }
    Ok(columns)
}

async fn import_command(
    what: &ImportCommand,
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
) -> anyhow::Result<ExitCode> {
    if !matches!(
        what,
        ImportCommand::Ldif { .. } | ImportCommand::Local { .. }
    ) {
        let (db, _) = open(cli, env, file, false).await?;
        if !import::store::may_import(&db).await? {
            fail!("{}", tr(T::ImportDenied, &[&db.user()]));
            return Ok(ExitCode::from(4));
        }
    }
    let (kind, path, flags) = match what {
        ImportCommand::Ldif {
            file: path,
            format,
            allow_empty,
        } => {
            let (db, _) = open(cli, env, file, false).await?;
            return Ok(ExitCode::from(
                import_ldif(path, format == "json", *allow_empty, &db, &file.correlation).await,
            ));
        }
        ImportCommand::Local { file: path, format } => {
            let (db, _) = open(cli, env, file, false).await?;
            return Ok(ExitCode::from(
                import_local(path, format == "json", &db).await,
            ));
        }
        ImportCommand::Students { file, flags } => (Kind::Student, file, flags),
        ImportCommand::Staff { file, flags } => (Kind::Staff, file, flags),
        ImportCommand::Drop { dir, flags } => {
            let (db, _) = open(cli, env, file, false).await?;
            let options = import_options(Kind::Student, flags, &db).await?;
            let results = import::drop::run(&db, dir, &options).await?;
            if flags.format == "json" {
                output::json(&results, true);
            } else {
                for r in &results {
                    let what = r
                        .message
                        .clone()
                        .unwrap_or_else(|| r.moved_to.clone().unwrap_or_default());
                    say!(
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
    let json = flags.format == "json";
    let (db, _) = open(cli, env, file, false).await?;
    let options = import_options(kind, flags, &db).await?;
    let progress = import::cli::progress_bar(!json);
    match import::run::run(&db, path, &options, progress).await {
        Ok(report) => {
            if json {
                output::json(&report, true);
            } else {
                output::out_raw_lines(&report.summary());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Strict(report)) => {
            if json {
                output::json(&report, true);
            } else {
                output::out_raw_lines(&report.summary());
            }
            fail!("{}", ImportError::Strict(report.clone()));
            Ok(ExitCode::from(3))
        }
        Err(e) => {
            fail!("{e}");
            Ok(ExitCode::from(e.exit_code()))
        }
    }
}

async fn setup_command(
    what: &SetupCommand,
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
) -> anyhow::Result<ExitCode> {
    use intendant::setup::store;
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
                    fail!("{name}: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let setup = match store::parse(&name, &text) {
                Ok(s) => s,
                Err(e) => {
                    fail!("{e}");
                    return Ok(ExitCode::from(2));
                }
            };
            if *dry_run {
                say!("{}", tr(T::SetupValid, &[&name]));
                return Ok(ExitCode::SUCCESS);
            }
            let (db, _) = open(cli, env, file, false).await?;
            let summary = match store::load(&db, &setup, true).await {
                Ok(summary) => summary,
                Err(store::SetupError::Invalid { problems, .. }) => {
                    fail!("{name}: {}", problems.join("\n  "));
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            };
            if format == "json" {
                output::json(&summary, false);
            } else {
                say!(
                    "{}",
                    tr(
                        T::SetupLoaded,
                        &[&name, &summary.total_created(), &summary.total_updated()]
                    )
                );
                for (kind, n) in &summary.created {
                    say!("  {kind}: +{n}");
                }
                for (kind, n) in &summary.updated {
                    say!("  {kind}: ~{n}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SetupCommand::Dump { out } => {
            let (db, _) = open(cli, env, file, false).await?;
            let setup = store::dump(&db).await?;
            let text = toml::to_string(&setup)?;
            match out {
                Some(path) => {
                    std::fs::write(path, text).with_context(|| path.display().to_string())?
                }
                // A dump is data: exact when it goes to a file or a pipe, made inert on a terminal.
                None if std::io::stdout().is_terminal() => output::out_raw_lines(&text),
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn import_ldif(
    path: &std::path::Path,
    json: bool,
    allow_empty: bool,
    db: &Database,
    mapping: &intendant::correlation::directory::Mapping,
) -> u8 {
    use intendant::correlation::{ldif, store};
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
                output::err_plain(&tr(T::WarnPrefix, &[&format!("{name}: {w}")]));
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

async fn import_local(path: &std::path::Path, json: bool, db: &Database) -> u8 {
    use intendant::correlation::{local, store};
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
    outcome: Result<serde_json::Value, intendant::correlation::store::CorrelationError>,
) -> u8 {
    match outcome {
        Ok(v) => {
            if json {
                output::json(&v, false);
            } else {
                output::out(&intendant::correlation::text::lines(&v).join("\n"));
            }
            0
        }
        Err(e) => {
            fail!("{e}");
            e.exit_code()
        }
    }
}

async fn correlate(what: &CorrelateCommand, json: bool, db: &Database, file: &FileConfig) -> u8 {
    use intendant::correlation::apply::Decision;
    use intendant::correlation::store;
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
                store::apply(db, out, *dry_run, &file.correlation).await?,
            )
            .unwrap_or_default(),
        })
    }
    .await;
    report_json(json, outcome)
}

fn require_terminal() -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(tr(T::CliNeedsTerminal, &[]));
    }
    Ok(())
}

/// Connection settings and where they came from, starting the embedded cluster if that is
/// the database.
async fn locate(
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
) -> anyhow::Result<(ConnectSettings, String)> {
    Ok(
        match config::resolve_database(cli.database_url.as_deref(), env, file)? {
            DbTarget::Server(s) => (ConnectSettings::from(&*s), tr(T::CliFrom, &[&s.source])),
            DbTarget::Embedded { dir_override } => {
                let cluster = Cluster::locate(env, dir_override)?;
                cluster.ensure_running().await?;
                let origin = tr(T::CliEmbeddedIn, &[&cluster.dir.display()]);
                let config = cluster.connect_config(embedded::DATABASE);
                (
                    ConnectSettings {
                        config,
                        tls: TlsMode::Disable,
                        root_cert: None,
                    },
                    origin,
                )
            }
        },
    )
}

/// Finds the database, connects, migrates. Interactive callers are asked for a password the
/// server wants and nobody gave.
async fn open(
    cli: &Cli,
    env: &Environment,
    file: &FileConfig,
    interactive: bool,
) -> anyhow::Result<(Database, String)> {
    let (mut settings, origin) = locate(cli, env, file).await?;
    let mut attempts = 0;
    loop {
        let db = Database::new(&settings)?;
        match db.ready().await {
            Ok(outcome) => {
                for name in &outcome.applied {
                    tracing::info!("migration {name} applied to {}", db.target());
                }
                if let Ok(mut opened) = OPENED.lock() {
                    opened.push(db.clone());
                }
                return Ok((db, origin));
            }
            Err(DbError::PasswordMissing { .. })
                if interactive && attempts < 3 && std::io::stdin().is_terminal() =>
            {
                attempts += 1;
                let password =
                    rpassword::prompt_password(tr(T::CliPasswordPrompt, &[&db.target()]))
                        .context(tr(T::CliReadingPassword, &[]))?;
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
    // Named as the user knows it: `intendant config` shows the folder.
    let (user_text, unreadable) =
        match user_keymap.map(|p| config::read_user_text(&p, "keymap.toml")) {
            Some(Ok(text)) => (text, None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
    let (keymap, mut warnings) = Keymap::load(
        keymap_choice,
        user_text.as_deref().map(|t| ("keymap.toml", t)),
    );
    warnings.extend(unreadable);
    let depth = ColorDepth::detect(env);
    let theme_choice = cli
        .theme
        .as_deref()
        .or(file.theme.as_deref())
        .unwrap_or("default");
    let themes_dir = env.config_dir.as_ref().map(|d| d.join("themes"));
    let (theme, theme_warnings) = Theme::load(theme_choice, themes_dir.as_deref(), depth);
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
    let mut app = App::new(
        resolve_language(cli, env, file),
        theme,
        keymap,
        chrono::Utc::now(),
        (0, 0),
    );
    app.lang_forced = cli.lang.is_some();
    for w in &warnings {
        tracing::warn!("{w}");
    }
    if let Some(first) = warnings.first() {
        let more = if warnings.len() > 1 {
            tr(T::WarnMore, &[&(warnings.len() - 1)])
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
    match action {
        DbCommand::Start | DbCommand::Stop => {
            let DbTarget::Embedded { dir_override } =
                config::resolve_database(cli.database_url.as_deref(), env, file)?
            else {
                bail!(tr(T::CliEmbeddedOnly, &[]));
            };
            let cluster = Cluster::locate(env, dir_override)?;
            let dir = cluster.dir.display();
            if matches!(action, DbCommand::Start) {
                cluster.ensure_running().await?;
                say!("{}", tr(T::CliClusterRunning, &[&dir]));
            } else if cluster.stop().await? {
                say!("{}", tr(T::CliClusterStopped, &[&dir]));
            } else {
                say!("{}", tr(T::CliClusterNotRunning, &[&dir]));
            }
            Ok(())
        }
        DbCommand::Migrate => {
            let (mut settings, origin) = locate(cli, env, file).await?;
            settings.config.application_name("intendant db migrate");
            let db = Database::new(&settings)?;
            let outcome = db.ready().await?;
            let latest = migrate::latest_version();
            if outcome.applied.is_empty() {
                say!("{}", tr(T::CliUpToDate, &[&db.target(), &origin, &latest]));
            } else {
                say!(
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
            let (db, origin) = open(cli, env, file, false).await?;
            say!("{}", tr(T::CliDatabase, &[&db.target(), &origin]));
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
                say!("  {version:04} {name:<28} {state}");
            }
            Ok(())
        }
    }
}

fn show_config(cli: &Cli, env: &Environment, file: &FileConfig) -> anyhow::Result<()> {
    let config_file = env
        .config_file()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    say!("{}", tr(T::CliConfigFile, &[&config_file]));
    match config::resolve_database(cli.database_url.as_deref(), env, file)? {
        DbTarget::Server(s) => say!(
            "{}",
            tr(
                T::CliDatabaseServer,
                &[&s.describe(), &s.source, &format!("{:?}", s.tls)]
            )
        ),
        DbTarget::Embedded { dir_override } => match Cluster::locate(env, dir_override) {
            Ok(c) => say!(
                "{}",
                tr(
                    T::CliDatabase,
                    &[&"-", &tr(T::CliEmbeddedIn, &[&c.dir.display()])]
                )
            ),
            Err(e) => say!("{}", tr(T::CliEmbeddedUnavailable, &[&e])),
        },
    }
    let (keymap, theme, depth, warnings) = load_look(cli, env, file);
    say!(
        "{}",
        tr(T::CliLanguage, &[&resolve_language(cli, env, file)])
    );
    say!("{}", tr(T::CliKeymap, &[&keymap.name]));
    say!("{}", tr(T::CliTheme, &[&theme.name, &format!("{depth:?}")]));
    for w in &warnings {
        output::err_plain(&tr(T::WarnPrefix, &[w]));
    }
    Ok(())
}
