//! The database edge: where it is ([`crate::config`] decides, [`embedded`] may start it),
//! the pool every query goes through (`connections` tracks each one so leaving can cancel and
//! close them), `cancel` (stopping one request on the server), `migrate`, `tls`, and `listen`
//! (the LISTEN task that tells the TUI what kind of rows changed). `cli` is `intendant db …`.
//!
//! Errors are classified here ([`DbError`]) so the UI can tell "wrong password" from
//! "server unreachable" from "migration failed".

pub mod backup;
pub mod cancel;
pub mod cli;
mod connections;
pub mod embedded;
pub mod listen;
pub mod migrate;
pub mod tls;

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::config::{describe_config, ServerSettings, TlsMode};
use crate::i18n::{tr, T};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{}", tr(T::ErrUnreachable, &[&.target, &.detail]))]
    Unreachable { target: String, detail: String },
    #[error("{}", tr(T::ErrPasswordMissing, &[&.target, &.user]))]
    PasswordMissing { target: String, user: String },
    #[error("{}", tr(T::ErrAuthFailed, &[&.target, &.user, &.detail]))]
    AuthFailed {
        target: String,
        user: String,
        detail: String,
    },
    /// The database refused the connection itself: no CONNECT privilege, which is how
    /// "logins disabled" keeps everyone but the administrators out.
    #[error("{}", tr(T::ErrNoConnect, &[&.target, &.user]))]
    NoConnect { target: String, user: String },
    #[error("{}", tr(T::ErrTls, &[&.0]))]
    Tls(String),
    #[error(transparent)]
    Migration(#[from] migrate::MigrateError),
    #[error(transparent)]
    Embedded(#[from] embedded::EmbeddedError),
    #[error("{}", tr(T::ErrBusy, &[&.0]))]
    Busy(String),
    #[error("{}", tr(T::ErrForeignGroup, &[&.role, &.target]))]
    ForeignGroup { role: String, target: String },
    #[error("{0}")]
    Query(String),
}

impl DbError {
    /// True when retrying later may work: the server or the network went away.
    pub fn is_connection_lost(&self) -> bool {
        matches!(self, DbError::Unreachable { .. })
    }
}

/// What is needed to open connections, whatever the database's origin.
#[derive(Clone, Debug)]
pub struct ConnectSettings {
    pub config: tokio_postgres::Config,
    pub tls: TlsMode,
    pub root_cert: Option<std::path::PathBuf>,
}

impl From<&ServerSettings> for ConnectSettings {
    fn from(s: &ServerSettings) -> ConnectSettings {
        ConnectSettings {
            config: s.config.clone(),
            tls: s.tls,
            root_cert: s.root_cert.clone(),
        }
    }
}

/// A handle on the database: cheap to clone, shared by every task.
#[derive(Clone)]
pub struct Database {
    pool: Pool,
    config: tokio_postgres::Config,
    /// None for Unix sockets and `sslmode=disable`: tokio-postgres asks a TLS connector for
    /// a host name even on a socket, which a real connector rejects.
    tls: Option<MakeRustlsConnect>,
    target: String,
    connections: connections::Tracker,
    /// Set when notifications were dropped for want of room.
    dropped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Database {
    pub fn new(settings: &ConnectSettings) -> Result<Database, DbError> {
        let mut config = settings.config.clone();
        config.ssl_mode(match settings.tls {
            TlsMode::Disable => tokio_postgres::config::SslMode::Disable,
            TlsMode::Allow | TlsMode::Prefer => tokio_postgres::config::SslMode::Prefer,
            TlsMode::Require | TlsMode::VerifyCa | TlsMode::VerifyFull => {
                tokio_postgres::config::SslMode::Require
            }
        });
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if config.get_application_name().is_none() {
            config.application_name("intendant");
        }
        let only_sockets = config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, tokio_postgres::config::Host::Unix(_)));
        let tls = if settings.tls == TlsMode::Disable || only_sockets {
            None
        } else {
            Some(
                tls::connector(settings.tls, settings.root_cert.as_deref())
                    .map_err(DbError::Tls)?,
            )
        };
        let manager_config = ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let connections = connections::Tracker::default();
        let manager = Manager::from_connect(
            config.clone(),
            connections::TrackedConnect {
                tls: tls.clone(),
                tracker: connections.clone(),
            },
            manager_config,
        );
        let pool = Pool::builder(manager)
            .max_size(4)
            .runtime(Runtime::Tokio1)
            .create_timeout(Some(Duration::from_secs(6)))
            .wait_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| DbError::Query(e.to_string()))?;
        let target = describe_config(&config);
        Ok(Database {
            pool,
            config,
            tls,
            target,
            connections,
            dropped: Default::default(),
        })
    }

    /// `user@host:port/db`, for messages.
    /// The connection as libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD,
    /// PGSSLMODE), for the PostgreSQL client programs the app runs (pg_dump, pg_restore).
    pub fn libpq_env(&self) -> Vec<(&'static str, String)> {
        use tokio_postgres::config::{Host, SslMode};
        let c = &self.config;
        let mut env = Vec::new();
        let hosts: Vec<String> = c
            .get_hosts()
            .iter()
            .map(|h| match h {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        if !hosts.is_empty() {
            env.push(("PGHOST", hosts.join(",")));
        }
        if !c.get_ports().is_empty() {
            let ports: Vec<String> = c.get_ports().iter().map(u16::to_string).collect();
            env.push(("PGPORT", ports.join(",")));
        }
        if let Some(user) = c.get_user() {
            env.push(("PGUSER", user.to_owned()));
        }
        if let Some(name) = c.get_dbname() {
            env.push(("PGDATABASE", name.to_owned()));
        }
        if let Some(password) = c.get_password() {
            env.push(("PGPASSWORD", String::from_utf8_lossy(password).into_owned()));
        }
        env.push((
            "PGSSLMODE",
            match c.get_ssl_mode() {
                SslMode::Disable => "disable",
                SslMode::Require => "require",
                _ => "prefer",
            }
            .to_owned(),
        ));
        env
    }

    /// The database's name (as the connection names it).
    pub fn name(&self) -> &str {
        self.config.get_dbname().unwrap_or("intendant")
    }

    pub fn target(&self) -> &str {
        &self.target
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or("?")
    }

    /// A pooled connection.
    pub async fn client(&self) -> Result<deadpool_postgres::Object, DbError> {
        let client = self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => self.classify(e),
            // Every connection is busy (a burst of reloads): the server is there, so this is
            // not a lost connection.
            deadpool_postgres::PoolError::Timeout(_) => DbError::Busy(self.target.clone()),
            other => DbError::Unreachable {
                target: self.target.clone(),
                detail: other.to_string(),
            },
        })?;
        cancel::record(|| client.cancel_token());
        Ok(client)
    }

    /// Asks the server to stop the statement running in `slot`'s request (nothing when the
    /// request has ended). The request then fails with "canceling statement due to user
    /// request", which its caller has stopped waiting for.
    pub async fn cancel(&self, slot: &cancel::Slot) {
        for token in slot.take() {
            let sent = match &self.tls {
                Some(tls) => token.cancel_query(tls.clone()).await,
                None => token.cancel_query(tokio_postgres::NoTls).await,
            };
            if let Err(e) = sent {
                tracing::debug!("cancel request: {e}");
            }
        }
    }

    /// A dedicated connection outside the pool (LISTEN needs one of its own), with the task
    /// driving it; notifications and the end of the connection arrive on the returned channel.
    pub async fn dedicated(
        &self,
    ) -> Result<
        (
            tokio_postgres::Client,
            tokio::sync::mpsc::Receiver<tokio_postgres::Notification>,
        ),
        DbError,
    > {
        let (tx, rx) = tokio::sync::mpsc::channel(NOTIFICATION_QUEUE);
        let client = match &self.tls {
            Some(tls) => {
                let (client, connection) = self
                    .config
                    .connect(tls.clone())
                    .await
                    .map_err(|e| self.classify(e))?;
                let task =
                    tokio::spawn(forward_notifications(connection, tx, self.dropped.clone()));
                self.connections.add(client.cancel_token(), task);
                client
            }
            None => {
                let (client, connection) = self
                    .config
                    .connect(tokio_postgres::NoTls)
                    .await
                    .map_err(|e| self.classify(e))?;
                let task =
                    tokio::spawn(forward_notifications(connection, tx, self.dropped.clone()));
                self.connections.add(client.cancel_token(), task);
                client
            }
        };
        Ok((client, rx))
    }

    /// The flag set when notifications were dropped (the LISTEN task clears it).
    pub fn notifications_dropped(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.dropped.clone()
    }

    /// Opens a connection and brings the schema up to date: what every command does first.
    pub async fn ready(&self) -> Result<migrate::Outcome, DbError> {
        let mut client = self.client().await?;
        if migrate::up_to_date_and_owned(&client).await {
            return Ok(migrate::Outcome::default());
        }
        let outcome = migrate::migrate(&mut client).await?;
        let owned: Option<bool> = client
            .query_one("SELECT group_role_owned()", &[])
            .await
            .map_err(|e| self.classify(e))?
            .get(0);
        if owned != Some(true) {
            let role: String = client
                .query_one("SELECT group_role()", &[])
                .await
                .map_err(|e| self.classify(e))?
                .get(0);
            return Err(DbError::ForeignGroup {
                role,
                target: self.target.clone(),
            });
        }
        Ok(outcome)
    }

    /// Leaves cleanly: statements still running are cancelled on the server (a write the user
    /// walked away from must not commit later), then every connection is closed with a
    /// goodbye rather than a reset. Waits at most `wait` for the connections to end.
    pub async fn shutdown(&self, wait: Duration) {
        // A cancel request is a connection of its own: sent only when a pooled connection is
        // still out (a statement may be running), not for idle ones at every exit.
        let status = self.pool.status();
        if status.size > status.available {
            self.connections.cancel_all(self.tls.clone()).await;
        }
        self.pool.close();
        self.connections.wait_closed(wait).await;
    }

    pub fn classify(&self, e: tokio_postgres::Error) -> DbError {
        classify(e, &self.target, self.user())
    }
}

/// Notifications waiting to be read, at most; past that they are dropped and counted as one
/// "everything changed" (a flood must not grow the app's memory).
const NOTIFICATION_QUEUE: usize = 1024;

/// Drives a dedicated connection, handing its notifications over until either side ends.
async fn forward_notifications<S, T>(
    mut connection: tokio_postgres::Connection<S, T>,
    tx: tokio::sync::mpsc::Sender<tokio_postgres::Notification>,
    dropped: std::sync::Arc<std::sync::atomic::AtomicBool>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use futures::StreamExt;
    let mut messages = futures::stream::poll_fn(move |cx| connection.poll_message(cx));
    while let Some(message) = messages.next().await {
        match message {
            Ok(tokio_postgres::AsyncMessage::Notification(n)) => match tx.try_send(n) {
                Ok(()) => {}
                Err(tokio::sync::mpsc::error::TrySendError::Full(_)) => {
                    dropped.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) => break,
            },
            Ok(_) => {}
            Err(e) => {
                tracing::info!("dedicated connection ended: {e}");
                break;
            }
        }
    }
}

/// Sorts a driver error into what the user can act on.
pub fn classify(e: tokio_postgres::Error, target: &str, user: &str) -> DbError {
    use tokio_postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            return DbError::AuthFailed {
                target: target.into(),
                user: user.into(),
                detail: db.message().into(),
            };
        }
        if *code == SqlState::INSUFFICIENT_PRIVILEGE
            && db.message().starts_with("permission denied for database")
        {
            return DbError::NoConnect {
                target: target.into(),
                user: user.into(),
            };
        }
        if *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
        {
            return DbError::Unreachable {
                target: target.into(),
                detail: db.message().into(),
            };
        }
        return DbError::Query(error_text(&e));
    }
    let text = full_text(&e);
    if text.contains("password missing") {
        return DbError::PasswordMissing {
            target: target.into(),
            user: user.into(),
        };
    }
    if e.is_closed()
        || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>())
        || text.contains("timeout")
    {
        let detail = std::error::Error::source(&e)
            .map(|s| s.to_string())
            .unwrap_or(text);
        return DbError::Unreachable {
            target: target.into(),
            detail,
        };
    }
    DbError::Query(text)
}

/// The server's message with its detail and hint, for the status line.
pub fn error_text(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_owned();
            if let Some(detail) = db.detail() {
                text.push_str(" — ");
                text.push_str(detail);
            }
            if let Some(hint) = db.hint() {
                text.push_str(" (");
                text.push_str(hint);
                text.push(')');
            }
            text
        }
        None => full_text(e),
    }
}

/// An error with its causes: tokio-postgres puts the useful part ("password missing",
/// "Connection refused") in the source, not in the top message.
fn full_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A burst of reloads that waits for a pooled connection is not the server going away:
    /// the TUI must not show "reconnecting…" for it.
    #[test]
    fn a_busy_pool_is_not_a_lost_connection() {
        assert!(!DbError::Busy("db".into()).is_connection_lost());
        assert!(DbError::Unreachable {
            target: "db".into(),
            detail: "refused".into()
        }
        .is_connection_lost());
    }
}
