//! Logs go to a file in the XDG state dir, never to the screen the TUI owns.
//!
//! The file is the user's alone (0600 in a 0700 folder), and it holds ids, never contents:
//! the database driver's debug lines (which print every query's parameters, so booking names,
//! descriptions and people's data) are held at `info` whatever `INTENDANT_LOG` says. One
//! exception, asked for by the universities: a certificate campaign in test mode logs the
//! addresses its certificates would go to, so a test can be checked before going live.

use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;

/// Targets that would write data into the log at debug level.
const QUIET: [&str; 3] = ["tokio_postgres", "deadpool_postgres", "postgres_protocol"];

/// Starts file logging; keep the guard alive until exit so the last lines are written.
/// `INTENDANT_LOG` sets the filter (default `info`).
pub fn init(state_dir: Option<&Path>) -> Option<(WorkerGuard, PathBuf)> {
    let dir = state_dir?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .ok()?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).ok()?;
    let path = dir.join("intendant.log");
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)
        .ok()?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).ok()?;
    let appender = tracing_appender::rolling::never(dir, "intendant.log");
    // A queue of 4,096 lines, not the default 128,000: that one is a 4 MB buffer filled in at
    // every start, 1.5 ms of each CLI call; the log writes a few lines a command.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(4096)
        .finish(appender);
    let mut filter = tracing_subscriber::EnvFilter::try_from_env("INTENDANT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    for target in QUIET {
        if let Ok(directive) = format!("{target}=info").parse() {
            filter = filter.add_directive(directive);
        }
    }
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some((guard, path))
}
