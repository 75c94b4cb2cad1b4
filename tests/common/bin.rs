//! The real binary, run as a script would, with nothing from the developer's environment.

use std::process::{Command, Output};

pub fn intendant(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_intendant"));
    cmd.args(args);
    // Nothing from the developer's own environment may pick the database.
    for var in intendant::config::database_vars() {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    let scratch = std::env::temp_dir().join("intendant-cli-tests");
    cmd.env("XDG_STATE_HOME", scratch.join("state"))
        .env("XDG_CONFIG_HOME", scratch.join("config-none"));
    cmd
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `intendant setup load` of `toml` into the database at `url` (its superuser): a test's school.
pub fn setup_load(url: &str, toml: &str) {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), toml).expect("write the setup");
    let out = intendant(&[
        "--database-url",
        url,
        "setup",
        "load",
        file.path().to_str().unwrap(),
    ])
    .output()
    .expect("run intendant");
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `intendant --database-url URL ARGS…` as a script runs it: exit code, output, errors.
pub fn run_at(url: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--database-url", url];
    all.extend_from_slice(args);
    let out = intendant(&all).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}
