//! Logs go to a file in the XDG state dir, never to the screen the TUI owns.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;

/// Starts file logging; keep the guard alive until exit so the last lines are written.
/// `INTENDANT_LOG` sets the filter (default `info`).
pub fn init(state_dir: Option<&Path>) -> Option<(WorkerGuard, PathBuf)> {
    let dir = state_dir?;
    std::fs::create_dir_all(dir).ok()?;
    let appender = tracing_appender::rolling::never(dir, "intendant.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("INTENDANT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some((guard, dir.join("intendant.log")))
}
