//! The import commands' progress bar: drawn on stderr when it is a terminal, nothing otherwise
//! (a run's summary is `Report::summary`).

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::run::Progress;

/// A progress bar on stderr when it is a terminal; silent otherwise.
pub fn progress_bar(enabled: bool) -> Progress {
    if !enabled || !std::io::stderr().is_terminal() {
        return Arc::new(|_, _| {});
    }
    let last = Mutex::new(Instant::now() - Duration::from_secs(1));
    Arc::new(move |done, total| {
        let Ok(mut last) = last.lock() else { return };
        if done < total && last.elapsed() < Duration::from_millis(100) {
            return;
        }
        *last = Instant::now();
        let width = 40usize;
        let filled = if total == 0 {
            width
        } else {
            (done as usize * width / total as usize).min(width)
        };
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{total}",
            "#".repeat(filled),
            " ".repeat(width - filled)
        );
        if done >= total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    })
}
