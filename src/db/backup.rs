//! `intendant db backup` and `intendant db restore`: PostgreSQL's own `pg_dump` (custom format)
//! and `pg_restore`, run with the connection the app uses. A backup is written beside its final
//! name and renamed once complete; a restore goes into a new database, built under a temporary
//! name and renamed once whole, so a failure never leaves half a database behind.
//!
//! The pure parts (which program, its version, its progress lines) are apart and unit-tested.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};

use super::Database;
use crate::i18n::{tr, T};

/// Why a backup or a restore did not happen: bad input (exit 2), refused (4), or failed (1).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Failed(String),
}

impl BackupError {
    pub fn exit_code(&self) -> u8 {
        match self {
            BackupError::BadInput(_) => 2,
            BackupError::Refused(_) => 4,
            BackupError::Failed(_) => 1,
        }
    }
}

impl From<super::DbError> for BackupError {
    fn from(e: super::DbError) -> BackupError {
        BackupError::Failed(e.to_string())
    }
}

/// "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → 15.
pub fn major_version(text: &str) -> Option<u32> {
    let after = text.split("PostgreSQL)").nth(1)?.trim_start();
    after
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// `pg_dump: dumping contents of table "public.booking"` → "booking".
pub fn table_dumped(line: &str) -> Option<&str> {
    let rest = line.split("dumping contents of table \"").nth(1)?;
    let name = rest.strip_suffix('"')?;
    Some(name.rsplit_once('.').map_or(name, |(_, t)| t))
}

/// `pg_restore: processing data for table "public.booking"` → "booking".
pub fn table_restored(line: &str) -> Option<&str> {
    let rest = line.split("processing data for table \"").nth(1)?;
    let name = rest.strip_suffix('"')?;
    Some(name.rsplit_once('.').map_or(name, |(_, t)| t))
}

/// The places a client program may be, best first: the server's own version's folder, then
/// the newest installed, then PATH.
fn candidates(program: &str, server_major: u32) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from(format!(
        "/usr/lib/postgresql/{server_major}/bin/{program}"
    ))];
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            Some((
                e.file_name().to_str()?.parse().ok()?,
                e.path().join("bin").join(program),
            ))
        })
        .collect();
    versions.sort();
    found.extend(versions.into_iter().rev().map(|(_, p)| p));
    found.push(PathBuf::from(program));
    found
}

/// The program to run, refused when older than the server (its dump would be refused, or
/// lose what it does not know).
async fn client_program(program: &str, server_major: u32) -> Result<PathBuf, BackupError> {
    let mut oldest_seen = None;
    for path in candidates(program, server_major) {
        let Ok(out) = tokio::process::Command::new(&path)
            .arg("--version")
            .output()
            .await
        else {
            continue;
        };
        let Some(major) = major_version(&String::from_utf8_lossy(&out.stdout)) else {
            continue;
        };
        if major >= server_major {
            return Ok(path);
        }
        oldest_seen.get_or_insert(major);
    }
    Err(BackupError::Refused(match oldest_seen {
        Some(v) => tr(T::BackupTooOld, &[&program, &v, &server_major]),
        None => tr(T::BackupNoProgram, &[&program, &server_major]),
    }))
}

async fn server_major(db: &Database) -> Result<u32, BackupError> {
    let client = db.client().await?;
    let n: i32 = client
        .query_one("SELECT current_setting('server_version_num')::int", &[])
        .await
        .map_err(|e| BackupError::Failed(db.classify(e).to_string()))?
        .get(0);
    Ok((n / 10000) as u32)
}

/// The environment pg_dump and pg_restore connect with: the app's own connection, to `dbname`.
fn libpq_env(db: &Database, dbname: &str) -> Vec<(&'static str, String)> {
    let mut env = db.libpq_env();
    env.retain(|(k, _)| *k != "PGDATABASE");
    env.push(("PGDATABASE", dbname.to_owned()));
    env
}

/// The backups in `dir` (`*.dump`), newest first: name, size, modified.
pub fn list(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "dump"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((
                e.file_name().to_string_lossy().into_owned(),
                m.len(),
                m.modified().ok()?,
            ))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.2));
    found
}

/// The default name of a backup of database `name`, made now.
pub fn default_name(name: &str) -> String {
    format!(
        "intendant-{name}-{}.dump",
        chrono::Local::now().format("%Y%m%d-%H%M")
    )
}

/// Runs `cmd`, calling `progress` with each line of its standard error; its error text when
/// it fails.
async fn run_with_progress(
    mut cmd: tokio::process::Command,
    mut progress: impl FnMut(&str),
) -> Result<(), String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    if let Some(stderr) = child.stderr.take() {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            progress(&line);
            if line.contains("error") || line.contains("FATAL") {
                errors.push(line);
            }
        }
    }
    let status = child.wait().await.map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} ({status})", errors.join("; ")))
    }
}

/// Backs the database up to `out` (custom format), telling `progress` each table done (its
/// number, the count, its name). Only an administrator who can read every row (the owner, a
/// superuser) may: a dump through the row-level rules would silently miss rows.
pub async fn backup(
    db: &Database,
    out: &Path,
    mut progress: impl FnMut(usize, i64, &str),
) -> Result<u64, BackupError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT is_admin(),
                    (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user)
                    OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'booking'::regclass), 'MEMBER'),
                    current_database(),
                    (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')",
            &[],
        )
        .await
        .map_err(|e| BackupError::Failed(db.classify(e).to_string()))?;
    let (admin, reads_all, name, tables): (bool, bool, String, i64) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    if !admin {
        return Err(BackupError::Refused(tr(T::RuleAdminOnly, &[])));
    }
    if !reads_all {
        return Err(BackupError::Refused(tr(T::BackupNeedsOwner, &[])));
    }
    let program = client_program("pg_dump", server_major(db).await?).await?;
    let partial = out.with_extension("partial");
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(["--format=custom", "--verbose", "--file"])
        .arg(&partial)
        .envs(libpq_env(db, &name));
    let mut done = 0;
    let result = run_with_progress(cmd, |line| {
        if let Some(table) = table_dumped(line) {
            done += 1;
            progress(done, tables, table);
        }
    })
    .await;
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(BackupError::Failed(tr(T::BackupFailed, &[&e])));
    }
    std::fs::rename(&partial, out).map_err(|e| BackupError::Failed(e.to_string()))?;
    Ok(std::fs::metadata(out).map(|m| m.len()).unwrap_or(0))
}

/// Restores `file` into a new database `into`. An existing database of that name is replaced
/// only with `force`, and never while someone is connected to it.
pub async fn restore(
    db: &Database,
    file: &Path,
    into: &str,
    force: bool,
    mut progress: impl FnMut(&str),
) -> Result<(), BackupError> {
    if into.is_empty() || into.len() > 50 || into.contains(['"', '/', '\0']) {
        return Err(BackupError::BadInput(tr(T::BackupBadName, &[&into])));
    }
    let major = server_major(db).await?;
    let program = client_program("pg_restore", major).await?;
    // A file that is not a dump is bad input, said before anything is created.
    let list = tokio::process::Command::new(&program)
        .arg("--list")
        .arg(file)
        .output()
        .await
        .map_err(|e| BackupError::Failed(e.to_string()))?;
    if !list.status.success() {
        return Err(BackupError::BadInput(tr(
            T::BackupNotADump,
            &[
                &file.display(),
                &String::from_utf8_lossy(&list.stderr).trim(),
            ],
        )));
    }
    let client = db.client().await?;
    let fail = |e: tokio_postgres::Error| BackupError::Failed(db.classify(e).to_string());
    let row = client
        .query_one(
            "SELECT is_admin(),
                    (SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = session_user),
                    EXISTS (SELECT FROM pg_database WHERE datname = $1),
                    (SELECT count(*) FROM pg_stat_activity WHERE datname = $1),
                    current_database() = $1",
            &[&into],
        )
        .await
        .map_err(fail)?;
    let (admin, creates, exists, sessions, same): (bool, bool, bool, i64, bool) =
        (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
    if !admin {
        return Err(BackupError::Refused(tr(T::RuleAdminOnly, &[])));
    }
    if !creates {
        return Err(BackupError::Refused(tr(T::BackupNeedsCreatedb, &[])));
    }
    if same {
        return Err(BackupError::Refused(tr(T::BackupNotOverSelf, &[&into])));
    }
    if exists && !force {
        return Err(BackupError::Refused(tr(T::BackupExists, &[&into])));
    }
    if exists && sessions > 0 {
        return Err(BackupError::Refused(tr(
            T::BackupInUse,
            &[&into, &sessions],
        )));
    }
    let building = format!("{into}__restoring");
    let quote = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {}", quote(&building)))
        .await
        .map_err(fail)?;
    client
        .batch_execute(&format!(
            "CREATE DATABASE {} TEMPLATE template0",
            quote(&building)
        ))
        .await
        .map_err(fail)?;
    let mut cmd = tokio::process::Command::new(program);
    cmd.args([
        "--verbose",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
    ])
    .arg(&building)
    .arg(file)
    .envs(libpq_env(db, &building));
    let result = run_with_progress(cmd, |line| {
        if let Some(table) = table_restored(line) {
            progress(table);
        }
    })
    .await;
    if let Err(e) = result {
        let _ = client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {}", quote(&building)))
            .await;
        return Err(BackupError::Failed(tr(T::RestoreFailed, &[&e])));
    }
    if exists {
        client
            .batch_execute(&format!("DROP DATABASE {}", quote(into)))
            .await
            .map_err(fail)?;
    }
    client
        .batch_execute(&format!(
            "ALTER DATABASE {} RENAME TO {}",
            quote(&building),
            quote(into)
        ))
        .await
        .map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_progress_lines_are_read() {
        assert_eq!(
            major_version("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"),
            Some(15)
        );
        assert_eq!(major_version("pg_restore (PostgreSQL) 9.6.24"), Some(9));
        assert_eq!(major_version("bash: pg_dump: not found"), None);
        assert_eq!(
            table_dumped("pg_dump: dumping contents of table \"public.booking\""),
            Some("booking")
        );
        assert_eq!(table_dumped("pg_dump: reading extensions"), None);
        assert_eq!(
            table_restored("pg_restore: processing data for table \"public.room\""),
            Some("room")
        );
    }

    #[test]
    fn the_servers_own_version_is_tried_first_and_path_last() {
        let c = candidates("pg_dump", 15);
        assert_eq!(c[0], PathBuf::from("/usr/lib/postgresql/15/bin/pg_dump"));
        assert_eq!(c.last(), Some(&PathBuf::from("pg_dump")));
    }
}
