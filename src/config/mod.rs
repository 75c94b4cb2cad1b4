//! Settings resolution: where the database is, which language, keymap and theme. `pgpass`
//! reads `~/.pgpass` as libpq does; `locale` reads the language from the locale variables. Pure: the process environment comes in as an [`Environment`] value so the
//! precedence rules are unit-tested without touching the real one.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::i18n::{tr, T};

pub mod locale;
pub mod pgpass;

/// What the process knows about its surroundings, captured once at start-up.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    pub vars: HashMap<String, String>,
    pub os_user: String,
    pub home: Option<PathBuf>,
    pub config_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
    pub is_root: bool,
}

impl Environment {
    pub fn capture() -> Environment {
        use std::os::unix::fs::MetadataExt;
        let vars: HashMap<String, String> = std::env::vars().collect();
        let dirs = directories::ProjectDirs::from("", "", "intendant");
        let uid = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
        let os_user = vars
            .get("USER")
            .or_else(|| vars.get("LOGNAME"))
            .cloned()
            .or_else(|| uid.and_then(user_name_of_uid))
            .unwrap_or_else(|| "intendant".to_owned());
        Environment {
            home: directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()),
            config_dir: dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
            data_dir: dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
            state_dir: dirs
                .as_ref()
                .map(|d| d.state_dir().unwrap_or(d.data_dir()).to_path_buf()),
            is_root: uid == Some(0),
            os_user,
            vars,
        }
    }

    /// An environment made of these variables only: for tests and tools.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Environment {
        Environment {
            vars: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Environment::default()
        }
    }

    /// A variable, treating an empty value as unset (as libpq does).
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn config_file(&self) -> Option<PathBuf> {
        self.config_dir.as_ref().map(|d| d.join("config.toml"))
    }
}

fn user_name_of_uid(uid: u32) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?;
        (id.parse() == Ok(uid)).then(|| name.to_owned())
    })
}

/// `config.toml` in the XDG config dir. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub language: Option<String>,
    pub keymap: Option<String>,
    pub theme: Option<String>,
    #[serde(default)]
    pub embedded: EmbeddedConfig,
    /// Which directory attributes mean what (`[correlation]`); OMICO's defaults otherwise.
    #[serde(default)]
    pub correlation: crate::correlation::model::directory::Mapping,
    /// The SMTP server of this machine's mail workers (`[mail]`); the database's settings
    /// otherwise.
    #[serde(default)]
    pub mail: crate::mail::model::settings::MailFileConfig,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedConfig {
    /// Where the private cluster lives, instead of the XDG data dir.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{origin}: {message}")]
    Url { origin: String, message: String },
}

impl FileConfig {
    /// Reads the file if it exists; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => FileConfig::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
            Err(e) => Err(ConfigError::File {
                file: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::File {
            file: path.display().to_string(),
            message: toml_error_message(&e, text),
        })
    }
}

/// "line N: message", from a toml error and the text it came from.
pub fn toml_error_message(e: &toml::de::Error, text: &str) -> String {
    match e.span() {
        Some(span) => tr(T::ErrLine, &[&line_of(text, span.start), &e.message()]),
        None => e.message().to_owned(),
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Where the database settings were found, for messages and `intendant db status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbSource {
    Flag,
    IntendantEnv,
    DatabaseUrlEnv,
    Libpq,
    ConfigFile(PathBuf),
}

impl fmt::Display for DbSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbSource::Flag => f.write_str("--database-url"),
            DbSource::IntendantEnv => f.write_str("INTENDANT_DATABASE_URL"),
            DbSource::DatabaseUrlEnv => f.write_str("DATABASE_URL"),
            DbSource::Libpq => f.write_str(T::SourcePgVars.text(crate::i18n::current())),
            DbSource::ConfigFile(p) => write!(f, "{}", p.display()),
        }
    }
}

/// libpq's `sslmode`, which tokio-postgres only partly knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TlsMode {
    Disable,
    Allow,
    #[default]
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl FromStr for TlsMode {
    type Err = String;
    fn from_str(s: &str) -> Result<TlsMode, String> {
        Ok(match s {
            "disable" => TlsMode::Disable,
            "allow" => TlsMode::Allow,
            "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            other => return Err(tr(T::ErrSslMode, &[&other])),
        })
    }
}

impl TlsMode {
    /// Whether the server certificate must chain to a trusted root.
    pub fn verifies_certificate(self) -> bool {
        matches!(self, TlsMode::VerifyCa | TlsMode::VerifyFull)
    }
}

/// A server to connect to.
#[derive(Clone, Debug)]
pub struct ServerSettings {
    pub source: DbSource,
    pub config: tokio_postgres::Config,
    pub tls: TlsMode,
    pub root_cert: Option<PathBuf>,
    /// Where the password came from, if any; used to explain authentication failures.
    pub password_from: Option<&'static str>,
}

impl ServerSettings {
    /// `user@host:port/db`, never the password.
    pub fn describe(&self) -> String {
        describe_config(&self.config)
    }
}

pub fn describe_config(config: &tokio_postgres::Config) -> String {
    use tokio_postgres::config::Host;
    let host = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(",");
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{}:{}/{}",
        config.get_user().unwrap_or("?"),
        host,
        port,
        config.get_dbname().or(config.get_user()).unwrap_or("?")
    )
}

#[derive(Clone, Debug)]
pub enum DbTarget {
    Server(Box<ServerSettings>),
    /// Nothing configured: the private local cluster.
    Embedded {
        dir_override: Option<PathBuf>,
    },
}

/// The libpq variables that, when any is set, name the server.
pub const LIBPQ_VARS: [&str; 6] = [
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGDATABASE",
    "PGPASSWORD",
    "PGSSLMODE",
];

/// Every variable that can choose the database, for scripts and tests that must clear them.
pub fn database_vars() -> impl Iterator<Item = &'static str> {
    ["INTENDANT_DATABASE_URL", "DATABASE_URL"]
        .into_iter()
        .chain(LIBPQ_VARS)
}

/// Applies DESIGN.md section 2's order: flag, `INTENDANT_DATABASE_URL`, `DATABASE_URL`, libpq
/// variables (+ `~/.pgpass`), the config file, then the embedded cluster.
pub fn resolve_database(
    flag: Option<&str>,
    env: &Environment,
    file: &FileConfig,
) -> Result<DbTarget, ConfigError> {
    let candidates = [
        (flag, DbSource::Flag),
        (env.var("INTENDANT_DATABASE_URL"), DbSource::IntendantEnv),
        (env.var("DATABASE_URL"), DbSource::DatabaseUrlEnv),
    ];
    for (value, source) in candidates {
        if let Some(url) = value.filter(|v| !v.trim().is_empty()) {
            return server_from_url(url, source, env).map(|s| DbTarget::Server(Box::new(s)));
        }
    }

    if LIBPQ_VARS.iter().any(|v| env.var(v).is_some()) {
        return server_from_libpq(env).map(|s| DbTarget::Server(Box::new(s)));
    }
    if let Some(url) = file.database_url.as_deref() {
        let path = env
            .config_file()
            .unwrap_or_else(|| PathBuf::from("config.toml"));
        return server_from_url(url, DbSource::ConfigFile(path), env)
            .map(|s| DbTarget::Server(Box::new(s)));
    }
    let dir_override = env
        .var("INTENDANT_EMBEDDED_DIR")
        .map(PathBuf::from)
        .or_else(|| file.embedded.dir.clone());
    Ok(DbTarget::Embedded { dir_override })
}

fn server_from_url(
    url: &str,
    source: DbSource,
    env: &Environment,
) -> Result<ServerSettings, ConfigError> {
    let (rest, sslmode, root_cert) = split_tls_params(url);
    let origin = source.to_string();
    let config = tokio_postgres::Config::from_str(&rest).map_err(|e| ConfigError::Url {
        origin: origin.clone(),
        message: tr(T::ErrBadConnString, &[&e]),
    })?;
    let tls = match sslmode.or_else(|| env.var("PGSSLMODE").map(str::to_owned)) {
        Some(mode) => mode
            .parse()
            .map_err(|message| ConfigError::Url { origin, message })?,
        None => TlsMode::Prefer,
    };
    let mut settings = ServerSettings {
        source,
        config,
        tls,
        root_cert: root_cert
            .map(PathBuf::from)
            .or_else(|| env.var("PGSSLROOTCERT").map(PathBuf::from)),
        password_from: None,
    };
    if settings.config.get_password().is_some() {
        settings.password_from = Some("the connection string");
    }
    fill_from_environment(&mut settings, env);
    Ok(settings)
}

fn server_from_libpq(env: &Environment) -> Result<ServerSettings, ConfigError> {
    let mut config = tokio_postgres::Config::new();
    let hosts = env
        .var("PGHOST")
        .unwrap_or(if Path::new("/var/run/postgresql").is_dir() {
            "/var/run/postgresql"
        } else {
            "localhost"
        });
    for host in hosts.split(',') {
        config.host(host.trim());
    }
    if let Some(port) = env.var("PGPORT") {
        let port = port.trim().parse::<u16>().map_err(|_| ConfigError::Url {
            origin: "PGPORT".into(),
            message: tr(T::ErrNotAPort, &[&port]),
        })?;
        config.port(port);
    }
    if let Some(db) = env.var("PGDATABASE") {
        config.dbname(db);
    }
    let tls = match env.var("PGSSLMODE") {
        Some(mode) => mode.parse().map_err(|message| ConfigError::Url {
            origin: "PGSSLMODE".into(),
            message,
        })?,
        None => TlsMode::Prefer,
    };
    let mut settings = ServerSettings {
        source: DbSource::Libpq,
        config,
        tls,
        root_cert: env.var("PGSSLROOTCERT").map(PathBuf::from),
        password_from: None,
    };
    fill_from_environment(&mut settings, env);
    Ok(settings)
}

/// libpq's fallbacks for what a connection string left out: user, password, pgpass.
fn fill_from_environment(settings: &mut ServerSettings, env: &Environment) {
    let config = &mut settings.config;
    if config.get_user().is_none() {
        config.user(env.var("PGUSER").unwrap_or(&env.os_user));
    }
    if config.get_hosts().is_empty() {
        config.host("localhost");
    }
    if config.get_password().is_none() {
        if let Some(pw) = env.var("PGPASSWORD") {
            config.password(pw);
            settings.password_from = Some("PGPASSWORD");
        } else if let Some(pw) = pgpass_lookup(config, env) {
            config.password(pw);
            settings.password_from = Some("~/.pgpass");
        }
    }
}

fn pgpass_lookup(config: &tokio_postgres::Config, env: &Environment) -> Option<String> {
    use tokio_postgres::config::Host;
    let path = env
        .var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| env.home.as_ref().map(|h| h.join(".pgpass")))?;
    let text = pgpass::read_private(&path)?;
    let entries = pgpass::parse(&text);
    let host = match config.get_hosts().first()? {
        Host::Tcp(name) => name.clone(),
        // libpq matches a socket connection against "localhost".
        Host::Unix(_) => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user()?;
    let db = config.get_dbname().unwrap_or(user);
    pgpass::lookup(&entries, &host, port, db, user).map(str::to_owned)
}

/// Takes `sslmode` and `sslrootcert` out of a URL or key=value string, since tokio-postgres
/// rejects `verify-ca`/`verify-full` and ignores root certificates.
fn split_tls_params(conn: &str) -> (String, Option<String>, Option<String>) {
    let mut mode = None;
    let mut root = None;
    let mut take = |key: &str, value: &str| match key {
        "sslmode" => {
            mode = Some(value.to_owned());
            true
        }
        "sslrootcert" => {
            root = Some(value.to_owned());
            true
        }
        _ => false,
    };
    if conn.starts_with("postgres://") || conn.starts_with("postgresql://") {
        let Some((base, query)) = conn.split_once('?') else {
            return (conn.to_owned(), None, None);
        };
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                !take(k, v)
            })
            .collect();
        let rest = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        (rest, mode, root)
    } else {
        let kept: Vec<&str> = conn
            .split_whitespace()
            .filter(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                !take(k.trim(), v.trim())
            })
            .collect();
        (kept.join(" "), mode, root)
    }
}

/// The interface language: the user's own setting (read later from the database) wins over
/// the config file, which wins over the locale variables.
pub fn language(env: &Environment, file: &FileConfig) -> crate::i18n::Lang {
    use crate::i18n::Lang;
    file.language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| locale::language_of(env))
}

/// A file of the user's (keymap, theme): None when it does not exist, an error naming it
/// (with `label`, as the user knows it) when it is not UTF-8 text or cannot be read.
pub fn read_user_text(path: &std::path::Path, label: &str) -> Result<Option<String>, String> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            crate::i18n::tr(crate::i18n::T::WarnNotUtf8, &[&label, &line])
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{label}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Environment {
        Environment {
            os_user: "alice".into(),
            config_dir: Some("/home/alice/.config/intendant".into()),
            ..Environment::from_pairs(pairs)
        }
    }

    fn server(t: DbTarget) -> ServerSettings {
        match t {
            DbTarget::Server(s) => *s,
            DbTarget::Embedded { .. } => panic!("expected a server"),
        }
    }

    #[test]
    fn flag_beats_every_variable() {
        let e = env(&[
            ("INTENDANT_DATABASE_URL", "postgres://a@h1/x"),
            ("DATABASE_URL", "postgres://b@h2/y"),
            ("PGHOST", "h3"),
        ]);
        let s = server(
            resolve_database(Some("postgres://c@h0/z"), &e, &FileConfig::default()).unwrap(),
        );
        assert_eq!(s.source, DbSource::Flag);
        assert_eq!(s.describe(), "c@h0:5432/z");
    }

    #[test]
    fn order_after_the_flag() {
        let file = FileConfig {
            database_url: Some("postgres://f@file/db".into()),
            ..Default::default()
        };
        let e = env(&[
            ("INTENDANT_DATABASE_URL", "postgres://a@h1/x"),
            ("DATABASE_URL", "postgres://b@h2/y"),
        ]);
        assert_eq!(
            server(resolve_database(None, &e, &file).unwrap()).source,
            DbSource::IntendantEnv
        );
        let e = env(&[("DATABASE_URL", "postgres://b@h2/y"), ("PGHOST", "h3")]);
        assert_eq!(
            server(resolve_database(None, &e, &file).unwrap()).source,
            DbSource::DatabaseUrlEnv
        );
        let e = env(&[("PGHOST", "h3"), ("PGDATABASE", "school")]);
        let s = server(resolve_database(None, &e, &file).unwrap());
        assert_eq!(
            (s.describe(), s.source),
            ("alice@h3:5432/school".to_owned(), DbSource::Libpq)
        );
        let s = server(resolve_database(None, &env(&[]), &file).unwrap());
        assert!(matches!(s.source, DbSource::ConfigFile(_)));
        assert!(matches!(
            resolve_database(None, &env(&[]), &FileConfig::default()).unwrap(),
            DbTarget::Embedded { .. }
        ));
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let e = env(&[("DATABASE_URL", ""), ("PGHOST", "")]);
        assert!(matches!(
            resolve_database(None, &e, &FileConfig::default()).unwrap(),
            DbTarget::Embedded { .. }
        ));
    }

    #[test]
    fn libpq_variables_fill_what_a_url_leaves_out() {
        let e = env(&[
            ("DATABASE_URL", "postgres://db.example/school"),
            ("PGUSER", "bob"),
            ("PGPASSWORD", "pw"),
        ]);
        let s = server(resolve_database(None, &e, &FileConfig::default()).unwrap());
        assert_eq!(s.config.get_user(), Some("bob"));
        assert_eq!(s.config.get_password(), Some(&b"pw"[..]));
        assert_eq!(s.password_from, Some("PGPASSWORD"));
    }

    #[test]
    fn sslmodes_libpq_knows_are_accepted() {
        let e = env(&[]);
        let s = server(resolve_database(Some("postgres://u@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=x"), &e, &FileConfig::default()).unwrap());
        assert_eq!(s.tls, TlsMode::VerifyFull);
        assert_eq!(s.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        assert_eq!(s.config.get_application_name(), Some("x"));
        let s = server(
            resolve_database(
                Some("host=h user=u sslmode=require"),
                &e,
                &FileConfig::default(),
            )
            .unwrap(),
        );
        assert_eq!(s.tls, TlsMode::Require);
        let e = env(&[("PGHOST", "h"), ("PGSSLMODE", "verify-ca")]);
        assert_eq!(
            server(resolve_database(None, &e, &FileConfig::default()).unwrap()).tls,
            TlsMode::VerifyCa
        );
        let err = resolve_database(
            Some("postgres://u@h/d?sslmode=sometimes"),
            &env(&[]),
            &FileConfig::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown sslmode `sometimes`"),
            "{err}"
        );
    }

    #[test]
    fn bad_urls_and_ports_name_their_origin() {
        let e = env(&[("DATABASE_URL", "postgres://u@h:notaport/d")]);
        let err = resolve_database(None, &e, &FileConfig::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("DATABASE_URL: not a valid connection string"),
            "{err}"
        );
        let e = env(&[("PGPORT", "54x")]);
        let err = resolve_database(None, &e, &FileConfig::default())
            .unwrap_err()
            .to_string();
        assert_eq!(err, "PGPORT: `54x` is not a port number");
    }

    #[test]
    fn pgpass_supplies_a_missing_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(
            &path,
            "# comment\nother:*:*:*:no\ndb.example:5432:school:bob:s3cr\\:et\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        let e = env(&[
            ("DATABASE_URL", "postgres://bob@db.example/school"),
            ("PGPASSFILE", path.to_str().unwrap()),
        ]);
        let s = server(resolve_database(None, &e, &FileConfig::default()).unwrap());
        assert_eq!(s.config.get_password(), Some(&b"s3cr:et"[..]));
        assert_eq!(s.password_from, Some("~/.pgpass"));
    }

    #[test]
    fn config_file_errors_name_the_line() {
        let err = FileConfig::parse(
            "language = \"fr\"\ncolour = 3\n",
            Path::new("/c/config.toml"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/c/config.toml: line 2: unknown field `colour`"),
            "{err}"
        );
    }

    #[test]
    fn language_precedence() {
        use crate::i18n::Lang;
        let file = FileConfig {
            language: Some("en".into()),
            ..Default::default()
        };
        assert_eq!(language(&env(&[("LANG", "fr_FR.UTF-8")]), &file), Lang::En);
        assert_eq!(
            language(&env(&[("LANG", "fr_FR.UTF-8")]), &FileConfig::default()),
            Lang::Fr
        );
    }
}
