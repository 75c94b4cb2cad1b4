//! What every command shares: the global options and where the database is (`Shell`),
//! connecting and migrating first, closing every connection cleanly at the end, the bad-input
//! error (exit 2), and `intendant config`. Each feature's `cli.rs` holds its own subcommands;
//! `main.rs` only parses and dispatches.

use std::io::IsTerminal;

use anyhow::{bail, Context as _};

use crate::config::{self, DbTarget, Environment, FileConfig, TlsMode};
use crate::db::embedded::{self, Cluster};
use crate::db::{ConnectSettings, Database, DbError};
use crate::i18n::{tr, Lang, T};
use crate::tui::keymap::Keymap;
use crate::tui::theme::{ColorDepth, Theme};

/// The global options and the settings files: what every command starts from.
pub struct Shell {
    pub database_url: Option<String>,
    pub lang: Option<String>,
    pub theme: Option<String>,
    pub keymap: Option<String>,
    /// `--kiosk`: the seconds between two areas of the read-only planning.
    pub kiosk: Option<u64>,
    pub env: Environment,
    pub file: FileConfig,
    /// Who is connected, as `open` read it; the full-screen app takes it.
    pub session: std::sync::Mutex<Option<crate::session::Session>>,
}

/// A wrong option or value on the command line: said, and exit 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// 2 for bad input, 1 for anything else.
pub fn exit_code(e: &anyhow::Error) -> std::process::ExitCode {
    if e.downcast_ref::<BadInput>().is_some() {
        std::process::ExitCode::from(2)
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Every database a command opened, to be closed cleanly when it ends.
static OPENED: std::sync::Mutex<Vec<Database>> = std::sync::Mutex::new(Vec::new());

/// Closes what the command opened: running statements cancelled, connections said goodbye to.
pub async fn close_databases() {
    let opened = OPENED
        .lock()
        .map(|mut o| std::mem::take(&mut *o))
        .unwrap_or_default();
    for db in opened {
        db.shutdown(std::time::Duration::from_secs(1)).await;
    }
}

/// The full-screen app needs a terminal on both ends.
pub fn require_terminal() -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(tr(T::CliNeedsTerminal, &[]));
    }
    Ok(())
}

impl Shell {
    /// `--lang`, else the config file, else the locale.
    pub fn language(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(|| config::language(&self.env, &self.file))
    }

    /// Without `--lang`, the language the user chose in the app (`app_user.language`) comes
    /// before the config file and the locale, as `--help` says. The session read for it is
    /// kept: the full-screen app (`interactive`) starts from it rather than asking again.
    async fn user_language(&self, db: &Database, interactive: bool) {
        let forced = self.lang.as_deref().and_then(Lang::parse).is_some();
        if forced && !interactive {
            return;
        }
        match crate::session::load(db).await {
            Ok(session) => {
                if !forced {
                    if let Some(lang) = session.language {
                        crate::i18n::set_current(lang);
                    }
                }
                if let Ok(mut read) = self.session.lock() {
                    *read = Some(session);
                }
            }
            Err(e) => tracing::warn!("the user's language: {e}"),
        }
    }

    /// The session `open` read, once.
    pub fn take_session(&self) -> Option<crate::session::Session> {
        self.session.lock().ok().and_then(|mut s| s.take())
    }

    /// Connection settings and where they came from, starting the embedded cluster if that is
    /// the database.
    pub async fn locate(&self) -> anyhow::Result<(ConnectSettings, String)> {
        let (env, file) = (&self.env, &self.file);
        Ok(
            match config::resolve_database(self.database_url.as_deref(), env, file)? {
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
    pub async fn open(&self, interactive: bool) -> anyhow::Result<(Database, String)> {
        let (mut settings, origin) = self.locate().await?;
        let mut attempts = 0;
        loop {
            let db = Database::new(&settings)?;
            // Closed when the command ends, whether it got further than this or not.
            if let Ok(mut opened) = OPENED.lock() {
                opened.push(db.clone());
            }
            match db.ready().await {
                Ok(outcome) => {
                    for name in &outcome.applied {
                        tracing::info!("migration {name} applied to {}", db.target());
                    }
                    self.user_language(&db, interactive).await;
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

    /// The keymap and theme in force, the colour depth, and what was wrong in the user's files.
    pub fn look(&self) -> (Keymap, Theme, ColorDepth, Vec<String>) {
        let (env, file) = (&self.env, &self.file);
        let keymap_choice = self
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
        let theme_choice = self
            .theme
            .as_deref()
            .or(file.theme.as_deref())
            .unwrap_or("default");
        let themes_dir = env.config_dir.as_ref().map(|d| d.join("themes"));
        let (theme, theme_warnings) = Theme::load(theme_choice, themes_dir.as_deref(), depth);
        warnings.extend(theme_warnings);
        (keymap, theme, depth, warnings)
    }
}

/// `intendant config`: where the database and the settings come from, and what is wrong in
/// the user's keymap and theme files.
pub fn show_config(shell: &Shell) -> anyhow::Result<()> {
    let (env, file) = (&shell.env, &shell.file);
    let config_file = env
        .config_file()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    crate::say!("{}", tr(T::CliConfigFile, &[&config_file]));
    match config::resolve_database(shell.database_url.as_deref(), env, file)? {
        DbTarget::Server(s) => crate::say!(
            "{}",
            tr(
                T::CliDatabaseServer,
                &[&s.describe(), &s.source, &format!("{:?}", s.tls)]
            )
        ),
        DbTarget::Embedded { dir_override } => match Cluster::locate(env, dir_override) {
            Ok(c) => crate::say!(
                "{}",
                tr(
                    T::CliDatabase,
                    &[&"-", &tr(T::CliEmbeddedIn, &[&c.dir.display()])]
                )
            ),
            Err(e) => crate::say!("{}", tr(T::CliEmbeddedUnavailable, &[&e])),
        },
    }
    let (keymap, theme, depth, warnings) = shell.look();
    crate::say!("{}", tr(T::CliLanguage, &[&shell.language()]));
    crate::say!("{}", tr(T::CliKeymap, &[&keymap.name]));
    crate::say!("{}", tr(T::CliTheme, &[&theme.name, &format!("{depth:?}")]));
    for w in &warnings {
        crate::output::err_plain(&tr(T::WarnPrefix, &[w]));
    }
    Ok(())
}

/// Writes a setting and says so: exit 0; 2 when the value breaks its rule; 4 when the user may
/// not (`intendant admin setting set`, `intendant mail set`).
pub async fn setting(
    db: &Database,
    name: &str,
    value: &str,
) -> anyhow::Result<std::process::ExitCode> {
    use crate::session::SettingError;
    match crate::session::write_setting(db, name, value).await {
        Ok(()) => {
            crate::say!("{name} = {value}");
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(SettingError::Bad(text)) => Err(BadInput(text).into()),
        Err(SettingError::Refused(text)) => {
            crate::fail!("{text}");
            Ok(std::process::ExitCode::from(4))
        }
        Err(SettingError::Db(e)) => Err(e.into()),
    }
}
