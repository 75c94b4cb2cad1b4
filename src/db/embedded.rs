//! The embedded default: a private PostgreSQL cluster that Intendant creates and starts
//! itself when no database is configured (DESIGN.md section 2).
//!
//! A normal user gets `$XDG_DATA_HOME/intendant/pg`; root gets `/var/lib/intendant/pg`, run as
//! the `postgres` system account, since initdb and postgres refuse to run as root. The Unix
//! socket lives inside the data folder and no TCP port is opened.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::config::Environment;
use crate::i18n::{tr, T};

/// The socket file name is `.s.PGSQL.<port>`; no TCP listener uses this number.
pub const SOCKET_PORT: u16 = 5432;
pub const DATABASE: &str = "intendant";
const SYSTEM_ACCOUNT: &str = "postgres";

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error("{}", tr(T::ErrNoServerPrograms, &[]))]
    NoBinaries,
    #[error("{}", tr(T::ErrNoSystemAccount, &[]))]
    NoSystemAccount,
    #[error("{}", tr(T::ErrNoDataDir, &[]))]
    NoDataDir,
    #[error("{}", tr(T::ErrClusterStep, &[&.step, &.dir, &.detail]))]
    Step {
        step: String,
        dir: String,
        detail: String,
    },
}

enum Step {
    Program(&'static str),
    Text(T),
}

impl From<&'static str> for Step {
    fn from(name: &'static str) -> Step {
        Step::Program(name)
    }
}

impl From<T> for Step {
    fn from(t: T) -> Step {
        Step::Text(t)
    }
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub dir: PathBuf,
    bin_dir: PathBuf,
    /// The system account the server runs as, when we are root.
    run_as: Option<Account>,
    /// The bootstrap superuser: the local login, so `session_user` is the person.
    pub superuser: String,
}

#[derive(Clone, Debug)]
struct Account {
    name: String,
    uid: u32,
    gid: u32,
}

impl Cluster {
    pub fn locate(
        env: &Environment,
        dir_override: Option<PathBuf>,
    ) -> Result<Cluster, EmbeddedError> {
        let bin_dir = find_server_binaries(env.var("PATH")).ok_or(EmbeddedError::NoBinaries)?;
        let run_as = if env.is_root {
            Some(system_account(SYSTEM_ACCOUNT).ok_or(EmbeddedError::NoSystemAccount)?)
        } else {
            None
        };
        let dir = match dir_override {
            Some(dir) => dir,
            None if env.is_root => PathBuf::from("/var/lib/intendant/pg"),
            None => env
                .data_dir
                .as_ref()
                .ok_or(EmbeddedError::NoDataDir)?
                .join("pg"),
        };
        Ok(Cluster {
            dir,
            bin_dir,
            run_as,
            superuser: env.os_user.clone(),
        })
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.join(format!(".s.PGSQL.{SOCKET_PORT}"))
    }

    pub fn connect_config(&self, dbname: &str) -> tokio_postgres::Config {
        let mut config = tokio_postgres::Config::new();
        config
            .host_path(&self.dir)
            .port(SOCKET_PORT)
            .user(&self.superuser)
            .dbname(dbname);
        config
    }

    /// A failed step: a program's name, or a catalogue text.
    fn fail(&self, step: impl Into<Step>, detail: impl Into<String>) -> EmbeddedError {
        let step = match step.into() {
            Step::Program(name) => name.to_owned(),
            Step::Text(t) => t.text(crate::i18n::current()).to_owned(),
        };
        EmbeddedError::Step {
            step,
            dir: self.dir.display().to_string(),
            detail: detail.into(),
        }
    }

    /// Creates the cluster if needed, starts it if needed, creates the `intendant` database.
    pub async fn ensure_running(&self) -> Result<(), EmbeddedError> {
        if !self.socket().exists() || self.connect("postgres").await.is_err() {
            if !self.dir.join("PG_VERSION").exists() {
                self.init().await?;
            }
            self.start().await?;
        }
        self.create_database().await
    }

    async fn init(&self) -> Result<(), EmbeddedError> {
        self.prepare_dir()?;
        let dir = self.dir.to_string_lossy().into_owned();
        let output = self
            .command("initdb")
            .args([
                "-D",
                &dir,
                "-U",
                &self.superuser,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-instructions",
            ])
            .output()
            .await
            .map_err(|e| self.fail("initdb", e.to_string()))?;
        check(&output).map_err(|d| self.fail("initdb", d))?;
        tracing::info!("created the private cluster in {dir}");
        Ok(())
    }

    /// The folder must exist, belong to the server's account and be private (0700).
    fn prepare_dir(&self) -> Result<(), EmbeddedError> {
        if let Some(parent) = self.dir.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                self.fail(T::StepCreateFolder, format!("{}: {e}", parent.display()))
            })?;
        }
        match std::fs::create_dir(&self.dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(self.fail(T::StepCreateFolder, e.to_string())),
        }
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| self.fail(T::StepPermissions, e.to_string()))?;
        if let Some(account) = &self.run_as {
            std::os::unix::fs::chown(&self.dir, Some(account.uid), Some(account.gid))
                .map_err(|e| self.fail(T::StepChown, e.to_string()))?;
        }
        Ok(())
    }

    async fn start(&self) -> Result<(), EmbeddedError> {
        let dir = self.dir.to_string_lossy().into_owned();
        let log = self.dir.join("server.log").to_string_lossy().into_owned();
        // pg_ctl hands -o to a shell: quote the folder.
        let options = format!(
            "-k '{}' -p {SOCKET_PORT} -c listen_addresses=''",
            dir.replace('\'', r"'\''")
        );
        let output = self
            .command("pg_ctl")
            .args([
                "-D", &dir, "-l", &log, "-w", "-t", "60", "-o", &options, "start",
            ])
            .output()
            .await
            .map_err(|e| self.fail("pg_ctl start", e.to_string()))?;
        if let Err(detail) = check(&output) {
            // Someone else may have started it meanwhile.
            if self.connect("postgres").await.is_ok() {
                return Ok(());
            }
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = tail
                .lines()
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            return Err(self.fail("pg_ctl start", format!("{detail} {}", tail.join(" | "))));
        }
        Ok(())
    }

    async fn create_database(&self) -> Result<(), EmbeddedError> {
        let client = self
            .connect("postgres")
            .await
            .map_err(|e| self.fail(T::StepConnect, e))?;
        let exists = client
            .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DATABASE])
            .await
            .map_err(|e| self.fail(T::StepFindDatabase, e.to_string()))?;
        if exists.is_none() {
            if let Err(e) = client
                .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
                .await
            {
                if e.code() != Some(&tokio_postgres::error::SqlState::DUPLICATE_DATABASE) {
                    return Err(self.fail(T::StepCreateDatabase, super::error_text(&e)));
                }
            }
        }
        Ok(())
    }

    async fn connect(&self, dbname: &str) -> Result<tokio_postgres::Client, String> {
        let (client, connection) = self
            .connect_config(dbname)
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(client)
    }

    pub fn is_running(&self) -> bool {
        self.dir.join("postmaster.pid").exists() && self.socket().exists()
    }

    /// Stops the server; Ok(false) when it was not running.
    pub async fn stop(&self) -> Result<bool, EmbeddedError> {
        if !self.dir.join("postmaster.pid").exists() {
            return Ok(false);
        }
        let dir = self.dir.to_string_lossy().into_owned();
        let output = self
            .command("pg_ctl")
            .args(["-D", &dir, "-m", "fast", "-w", "stop"])
            .output()
            .await
            .map_err(|e| self.fail("pg_ctl stop", e.to_string()))?;
        check(&output).map_err(|d| self.fail("pg_ctl stop", d))?;
        Ok(true)
    }

    fn command(&self, program: &str) -> tokio::process::Command {
        let path = self.bin_dir.join(program);
        let mut cmd = match &self.run_as {
            Some(account) => {
                let mut c = tokio::process::Command::new(runuser());
                c.args(["-u", &account.name, "--"]).arg(path);
                c
            }
            None => tokio::process::Command::new(path),
        };
        // Programs run from a folder the server's account can read, with a predictable locale.
        cmd.current_dir("/")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("PGDATA")
            .stdin(std::process::Stdio::null());
        cmd
    }
}

fn runuser() -> &'static str {
    ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or("runuser")
}

fn check(output: &Output) -> Result<(), String> {
    if output.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let text = if text.trim().is_empty() {
        String::from_utf8_lossy(&output.stdout)
    } else {
        text
    };
    Err(format!(
        "{} ({})",
        text.trim().replace('\n', " "),
        output.status
    ))
}

/// A folder holding both `initdb` and `pg_ctl`: first on PATH, else the newest Debian-style
/// `/usr/lib/postgresql/<version>/bin`.
pub fn find_server_binaries(path: Option<&str>) -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(found) = path
        .into_iter()
        .flat_map(|p| p.split(':'))
        .map(PathBuf::from)
        .find(|d| has_both(d))
    {
        return Some(found);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| has_both(bin))
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn system_account(name: &str) -> Option<Account> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() > 3 && f[0] == name {
            Some(Account {
                name: name.into(),
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
            })
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binaries_on_path_win_over_the_debian_layout() {
        let dir = tempfile::tempdir().unwrap();
        for p in ["initdb", "pg_ctl"] {
            std::fs::write(dir.path().join(p), "").unwrap();
        }
        let path = format!("/nonexistent:{}", dir.path().display());
        assert_eq!(
            find_server_binaries(Some(&path)),
            Some(dir.path().to_path_buf())
        );
    }

    #[test]
    fn the_data_folder_depends_on_who_runs_it() {
        let Some(_) = find_server_binaries(std::env::var("PATH").ok().as_deref()) else {
            return;
        };
        let mut env = Environment {
            os_user: "alice".into(),
            data_dir: Some("/home/alice/.local/share/intendant".into()),
            ..Environment::default()
        };
        env.vars
            .insert("PATH".into(), std::env::var("PATH").unwrap_or_default());
        let c = Cluster::locate(&env, None).unwrap();
        assert_eq!(
            c.dir,
            PathBuf::from("/home/alice/.local/share/intendant/pg")
        );
        assert_eq!(
            c.socket(),
            PathBuf::from("/home/alice/.local/share/intendant/pg/.s.PGSQL.5432")
        );
        if system_account(SYSTEM_ACCOUNT).is_some() {
            env.is_root = true;
            env.os_user = "root".into();
            assert_eq!(
                Cluster::locate(&env, None).unwrap().dir,
                PathBuf::from("/var/lib/intendant/pg")
            );
        }
    }
}
