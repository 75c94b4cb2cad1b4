//! TLS against a real server: a private cluster with a certificate from a test CA, valid for
//! `localhost` only, so each sslmode's meaning shows: `require` encrypts without checking,
//! `verify-ca` checks the chain, `verify-full` the chain and the host name.

use std::path::{Path, PathBuf};
use std::process::Command;

use intendant::config::TlsMode;
use intendant::db::{ConnectSettings, Database};

struct TlsServer {
    _root: tempfile::TempDir,
    data: PathBuf,
    bin: PathBuf,
    port: u16,
    ca: PathBuf,
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// Runs a server program as the account that owns the cluster.
fn server_command(program: &Path) -> Command {
    let mut c = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    // A folder the server's account can read.
    c.current_dir("/");
    c
}

fn run(c: &mut Command) {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        c,
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TlsServer {
    fn start() -> TlsServer {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let certs = root.path();
        crate::common::certs::make(certs, "DNS:localhost");

        let bin =
            intendant::db::embedded::find_server_binaries(std::env::var("PATH").ok().as_deref())
                .expect("PostgreSQL server programs");
        let data = root.path().join("pg");
        std::fs::create_dir(&data).unwrap();
        if is_root() {
            run(Command::new("chown").args(["-R", "postgres:"]).arg(&data));
        }
        run(server_command(&bin.join("initdb")).args([
            "-D",
            data.to_str().unwrap(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        ]));
        for f in ["server.crt", "server.key"] {
            std::fs::copy(certs.join(f), data.join(f)).unwrap();
            std::fs::set_permissions(data.join(f), std::fs::Permissions::from_mode(0o600)).unwrap();
            if is_root() {
                run(Command::new("chown").arg("postgres:").arg(data.join(f)));
            }
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key",
            data.display()
        );
        let data_text = data.to_str().unwrap().to_owned();
        run(server_command(&bin.join("pg_ctl")).args([
            "-D",
            &data_text,
            "-l",
            &format!("{data_text}/log"),
            "-w",
            "-o",
            &options,
            "start",
        ]));
        TlsServer {
            ca: certs.join("ca.crt"),
            _root: root,
            data,
            bin,
            port,
        }
    }

    fn settings(&self, host: &str, tls: TlsMode, root_cert: Option<&Path>) -> ConnectSettings {
        let config = format!("postgres://postgres@{host}:{}/postgres", self.port)
            .parse()
            .unwrap();
        ConnectSettings {
            config,
            tls,
            root_cert: root_cert.map(Path::to_path_buf),
        }
    }

    /// Whether a connection made with these settings is encrypted, or why it failed.
    async fn encrypted(&self, settings: ConnectSettings) -> Result<bool, String> {
        let db = Database::new(&settings).map_err(|e| e.to_string())?;
        let client = db.client().await.map_err(|e| e.to_string())?;
        let row = client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .await
            .map_err(|e| e.to_string())?;
        Ok(row.get(0))
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = server_command(&self.bin.join("pg_ctl"))
            .args(["-D", self.data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
    }
}

#[tokio::test]
async fn each_sslmode_means_what_libpq_says() {
    let server = TlsServer::start();
    let ca = Some(server.ca.as_path());
    assert_eq!(
        server
            .encrypted(server.settings("127.0.0.1", TlsMode::Disable, None))
            .await,
        Ok(false)
    );
    assert_eq!(
        server
            .encrypted(server.settings("127.0.0.1", TlsMode::Prefer, None))
            .await,
        Ok(true)
    );
    assert_eq!(
        server
            .encrypted(server.settings("127.0.0.1", TlsMode::Require, None))
            .await,
        Ok(true),
        "require does not check the certificate"
    );
    assert_eq!(
        server
            .encrypted(server.settings("localhost", TlsMode::VerifyFull, ca))
            .await,
        Ok(true)
    );
    assert_eq!(
        server
            .encrypted(server.settings("127.0.0.1", TlsMode::VerifyCa, ca))
            .await,
        Ok(true),
        "verify-ca ignores the host name"
    );
    let wrong_name = server
        .encrypted(server.settings("127.0.0.1", TlsMode::VerifyFull, ca))
        .await;
    assert!(
        wrong_name.is_err(),
        "verify-full must check the host name: {wrong_name:?}"
    );
    let untrusted = server
        .encrypted(server.settings("localhost", TlsMode::VerifyFull, None))
        .await;
    assert!(
        untrusted.is_err(),
        "a certificate from an unknown CA must be refused: {untrusted:?}"
    );
}

#[test]
fn the_cli_takes_sslmode_and_sslrootcert_from_the_url() {
    let server = TlsServer::start();
    let url = format!(
        "postgres://postgres@localhost:{}/postgres?sslmode=verify-full&sslrootcert={}",
        server.port,
        server.ca.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args(["--database-url", &url, "db", "status"])
        .env("LANG", "C.UTF-8")
        .env(
            "XDG_STATE_HOME",
            std::env::temp_dir().join("intendant-tls-tests"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0001 0001_core.sql"));
}
