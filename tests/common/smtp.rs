//! A real SMTP server on 127.0.0.1 for a test (`tests/smtp/server.py`, aiosmtpd), on a port
//! of its own, with what it received read back as decoded messages. `bash .ci/run` installs
//! aiosmtpd; `INTENDANT_TEST_PYTHON` picks the interpreter (python3 otherwise).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub spool: tempfile::TempDir,
}

/// A message as the server received it, parts decoded.
#[derive(Clone, Debug, Deserialize)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub tls: bool,
    pub authenticated: bool,
    pub headers: std::collections::BTreeMap<String, String>,
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Part {
    #[serde(rename = "type")]
    pub kind: String,
    pub params: std::collections::BTreeMap<String, String>,
    pub filename: Option<String>,
    pub content: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn text(&self) -> &str {
        self.parts
            .iter()
            .find(|p| p.kind == "text/plain")
            .map(|p| p.content.as_str())
            .unwrap_or("")
    }

    pub fn calendar(&self) -> Option<&Part> {
        self.parts.iter().find(|p| p.kind == "text/calendar")
    }

    pub fn to(&self) -> &str {
        self.rcpt_to.first().map(String::as_str).unwrap_or("")
    }
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py")
}

impl SmtpServer {
    /// A plain server (no TLS, no login).
    pub fn start() -> SmtpServer {
        SmtpServer::start_with(&[], None)
    }

    /// With extra options (`--cert`, `--key`, `--login`, `--slow`), on `port` if given.
    pub fn start_with(options: &[&str], port: Option<u16>) -> SmtpServer {
        let spool = tempfile::tempdir().expect("spool dir");
        let python = std::env::var("INTENDANT_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let mut cmd = Command::new(&python);
        cmd.arg(script())
            .arg("--spool")
            .arg(spool.path())
            .args(options)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(p) = port {
            cmd.arg("--port").arg(p.to_string());
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("{python} tests/smtp/server.py: {e} (bash .ci/run installs what it needs)")
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the SMTP server's first line");
        let port = line
            .trim()
            .strip_prefix("ready ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!(
                    "the test SMTP server did not start (is aiosmtpd installed? \
                     `python3 -m pip install aiosmtpd`, or bash .ci/run): {line:?}"
                )
            });
        SmtpServer { child, port, spool }
    }

    /// Everything received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<_> = std::fs::read_dir(self.spool.path())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("spool file");
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived (at most `limit`), and returns them all.
    pub fn wait_for(&self, n: usize, limit: Duration) -> Vec<Received> {
        let until = Instant::now() + limit;
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > until {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server (its port then refuses connections).
    pub fn stop(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.spool, tempfile::tempdir().expect("dir"))
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on (bound, then let go).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}
