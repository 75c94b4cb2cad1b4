//! Schema migrations: the numbered files of `sql/`, embedded at build time, applied in order
//! in one transaction under an advisory lock, each recorded with its SHA-256.

use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use crate::i18n::{tr, T};

#[derive(Clone, Copy, Debug)]
pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sql: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// Chosen once; any two clients migrating the same database serialise on it.
const LOCK_KEY: i64 = 0x1A7E_4DA1_0000_0001;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("{}", tr(T::ErrSchemaNewer, &[&.found, &.known]))]
    Newer { found: i32, known: i32 },
    #[error("{}", tr(T::ErrMigrationEdited, &[&.name, &.recorded, &.current]))]
    Edited {
        name: String,
        recorded: String,
        current: String,
    },
    #[error("{}", tr(T::ErrMigrationFailed, &[&.name, &.detail]))]
    Failed { name: &'static str, detail: String },
    /// Migrations to apply, and a login that may not create in the schema (not its owner).
    #[error("{}", tr(T::ErrMigrateByOwner, &[&.0]))]
    ByOwner(String),
    /// The login may connect but reads nothing here: no member of this database's group.
    #[error("{}", tr(T::ErrNotAUser, &[&.0]))]
    NotAUser(String),
    #[error("{}", tr(T::ErrSchemaRead, &[&.0]))]
    Db(String),
}

impl From<tokio_postgres::Error> for MigrateError {
    fn from(e: tokio_postgres::Error) -> MigrateError {
        MigrateError::Db(super::error_text(&e))
    }
}

pub fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn latest_version() -> i32 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub applied: Vec<&'static str>,
}

#[derive(Clone, Debug)]
pub struct Applied {
    pub version: i32,
    pub name: String,
    pub checksum: String,
    pub applied_at: chrono::DateTime<chrono::Utc>,
    pub applied_by: String,
}

async fn applied(
    client: &impl tokio_postgres::GenericClient,
) -> Result<Vec<Applied>, MigrateError> {
    let exists: Option<String> = client
        .query_one("SELECT to_regclass('public.schema_migration')::text", &[])
        .await?
        .get(0);
    if exists.is_none() {
        return Ok(Vec::new());
    }
    let rows = match client
        .query("SELECT version, name, checksum, applied_at, applied_by FROM public.schema_migration ORDER BY version", &[])
        .await
    {
        Ok(rows) => rows,
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => {
            let login: String = client.query_one("SELECT session_user::text", &[]).await?.get(0);
            return Err(MigrateError::NotAUser(login));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(rows
        .iter()
        .map(|r| Applied {
            version: r.get(0),
            name: r.get(1),
            checksum: r.get(2),
            applied_at: r.get(3),
            applied_by: r.get(4),
        })
        .collect())
}

/// True when the database holds exactly this binary's migrations, unedited, and its group
/// role is this database's own: what every command checks first, in one round trip (the
/// simple protocol: nothing to prepare). Anything else (a first run, a migration to apply, a
/// newer schema, a table missing) answers false and the full check says what to do.
pub async fn up_to_date_and_owned(client: &Client) -> bool {
    let Ok(messages) = client
        .simple_query(
            "SELECT string_agg(version || ':' || checksum, ',' ORDER BY version),
                    public.group_role_owned()::text
               FROM public.schema_migration",
        )
        .await
    else {
        return false;
    };
    messages.iter().any(|m| match m {
        tokio_postgres::SimpleQueryMessage::Row(row) => {
            row.get(0) == Some(EXPECTED_SCHEMA) && row.get(1) == Some("true")
        }
        _ => false,
    })
}

/// Compares what the database recorded with what this binary carries; returns what is missing.
fn pending(applied: &[Applied]) -> Result<Vec<&'static Migration>, MigrateError> {
    let known = latest_version();
    if let Some(newest) = applied
        .iter()
        .map(|a| a.version)
        .max()
        .filter(|v| *v > known)
    {
        return Err(MigrateError::Newer {
            found: newest,
            known,
        });
    }
    for a in applied {
        if let Some(m) = MIGRATIONS.iter().find(|m| m.version == a.version) {
            let current = checksum(m.sql);
            if current != a.checksum {
                return Err(MigrateError::Edited {
                    name: m.name.into(),
                    recorded: a.checksum.clone(),
                    current,
                });
            }
        }
    }
    Ok(MIGRATIONS
        .iter()
        .filter(|m| !applied.iter().any(|a| a.version == m.version))
        .collect())
}

/// Brings the schema up to date. Cheap when it already is: one read, no lock.
pub async fn migrate(client: &mut Client) -> Result<Outcome, MigrateError> {
    if pending(&applied(&*client).await?)?.is_empty() {
        return Ok(Outcome::default());
    }
    // A session lock taken before BEGIN: a transaction that started while another client was
    // migrating would keep stale catalog caches and not see the tables it created.
    client
        .execute("SELECT pg_advisory_lock($1)", &[&LOCK_KEY])
        .await?;
    let result = migrate_locked(client).await;
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&LOCK_KEY])
        .await;
    let outcome = result?;
    unlocked?;
    Ok(outcome)
}

async fn migrate_locked(client: &mut Client) -> Result<Outcome, MigrateError> {
    let tx = client.transaction().await?;
    // Another client may have migrated while we waited for the lock: look again.
    let todo = pending(&applied(&tx).await?)?;
    if todo.is_empty() {
        return Ok(Outcome::default());
    }
    // An administrator who does not own the database cannot change its schema: say who can.
    let may_create: bool = tx
        .query_one("SELECT has_schema_privilege('public', 'CREATE')", &[])
        .await?
        .get(0);
    if !may_create {
        let names: Vec<&str> = todo.iter().map(|m| m.name).collect();
        return Err(MigrateError::ByOwner(names.join(", ")));
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS public.schema_migration (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            applied_by text NOT NULL DEFAULT session_user
        )",
    )
    .await?;
    let mut outcome = Outcome::default();
    for m in todo {
        tx.batch_execute(m.sql)
            .await
            .map_err(|e| MigrateError::Failed {
                name: m.name,
                detail: super::error_text(&e),
            })?;
        tx.execute(
            "INSERT INTO public.schema_migration (version, name, checksum) VALUES ($1, $2, $3)",
            &[&m.version, &m.name, &checksum(m.sql)],
        )
        .await?;
        outcome.applied.push(m.name);
    }
    tx.commit().await?;
    Ok(outcome)
}

/// One line per migration this binary knows, plus any the database has that it does not.
#[derive(Clone, Debug)]
pub enum StatusLine {
    Applied(Applied, bool),
    Pending(&'static Migration),
    Unknown(Applied),
}

pub async fn status(client: &Client) -> Result<Vec<StatusLine>, MigrateError> {
    let applied = applied(client).await?;
    let mut lines: Vec<StatusLine> = MIGRATIONS
        .iter()
        .map(|m| match applied.iter().find(|a| a.version == m.version) {
            Some(a) => StatusLine::Applied(a.clone(), a.checksum == checksum(m.sql)),
            None => StatusLine::Pending(m),
        })
        .collect();
    lines.extend(
        applied
            .into_iter()
            .filter(|a| !MIGRATIONS.iter().any(|m| m.version == a.version))
            .map(StatusLine::Unknown),
    );
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_hashed_at_build_time_is_the_one_embedded() {
        let now = MIGRATIONS
            .iter()
            .map(|m| format!("{}:{}", m.version, checksum(m.sql)))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(EXPECTED_SCHEMA, now);
    }

    fn record(m: &Migration, sum: &str) -> Applied {
        Applied {
            version: m.version,
            name: m.name.into(),
            checksum: sum.into(),
            applied_at: chrono::Utc::now(),
            applied_by: "t".into(),
        }
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i32 + 1, "{}", m.name);
        }
    }

    #[test]
    fn pending_detects_edits_and_newer_schemas() {
        let first = &MIGRATIONS[0];
        assert_eq!(pending(&[]).unwrap().len(), MIGRATIONS.len());
        assert!(pending(&[record(first, &checksum(first.sql))])
            .unwrap()
            .iter()
            .all(|m| m.version != 1));
        assert!(matches!(
            pending(&[record(first, "0000")]),
            Err(MigrateError::Edited { .. })
        ));
        let future = Applied {
            version: 9999,
            ..record(first, "x")
        };
        assert!(matches!(
            pending(&[future]),
            Err(MigrateError::Newer { found: 9999, .. })
        ));
    }
}
