//! The drop folder (seed 000, "Le script d'automatisation"): `DIR/eleve/*.csv` are students,
//! `DIR/membre/*.csv` staff, imported students first. Each imported file moves to
//! `DIR/done/`, each refused one to `DIR/failed/`, its report beside it. Safe from cron: a
//! lock file keeps runs from overlapping, and a file still being written is left for later.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::model::fields::Kind;
use super::run::{self, ImportError, ImportOptions};
use crate::db::Database;

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    pub file: String,
    pub kind: String,
    /// "done", "failed" or "waiting" (still being written).
    pub outcome: String,
    pub moved_to: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DropError {
    #[error("{0}: another `intendant import drop` is running on this folder")]
    Busy(String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// How long a file must have kept its size and date before it is taken.
const SETTLE: Duration = Duration::from_millis(1500);

async fn settled(path: &Path) -> bool {
    let stat = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.len(), m.modified().ok()))
    };
    let Some((size, modified)) = stat(path) else {
        return false;
    };
    let old_enough = modified
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age >= SETTLE);
    if !old_enough {
        return false;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    stat(path).map(|(s, _)| s) == Some(size)
}

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Moves `file` into `dir` under a name that does not overwrite an earlier one, and writes
/// `report` beside it.
fn file_away(file: &Path, dir: &Path, report: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut target = dir.join(format!("{stamp}-{name}"));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{stamp}-{n}-{name}"));
        n += 1;
    }
    std::fs::rename(file, &target)?;
    std::fs::write(target.with_extension("report.json"), report)?;
    Ok(target)
}

pub async fn run(
    db: &Database,
    dir: &Path,
    options: &ImportOptions,
) -> Result<Vec<Dropped>, DropError> {
    let lock_path = dir.join(".intendant-drop.lock");
    let lock =
        File::create(&lock_path).map_err(|e| DropError::Io(lock_path.display().to_string(), e))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(DropError::Busy(dir.display().to_string())),
        Err(TryLockError::Error(e)) => {
            return Err(DropError::Io(lock_path.display().to_string(), e))
        }
    }
    let mut results = Vec::new();
    for (sub, kind) in [("eleve", Kind::Student), ("membre", Kind::Staff)] {
        for file in csv_files(&dir.join(sub)) {
            let record =
                |outcome: &str, moved_to: Option<&Path>, message: Option<String>| Dropped {
                    file: file.display().to_string(),
                    kind: kind.name().into(),
                    outcome: outcome.into(),
                    moved_to: moved_to.map(|p| p.display().to_string()),
                    message,
                };
            if !settled(&file).await {
                results.push(record("waiting", None, None));
                continue;
            }
            let options = ImportOptions {
                kind,
                dry_run: false,
                ..options.clone()
            };
            let progress: run::Progress = std::sync::Arc::new(|_, _| {});
            let (outcome, folder, report, message) =
                match run::run(db, &file, &options, progress).await {
                    // The server, not the file, failed: try again next time.
                    Err(ImportError::Db(e)) if e.is_connection_lost() => {
                        results.push(record("waiting", None, Some(e.to_string())));
                        continue;
                    }
                    Ok(report) => ("done", "done", report.to_json(), None),
                    Err(ImportError::Strict(report)) => (
                        "failed",
                        "failed",
                        report.to_json(),
                        Some(ImportError::Strict(report.clone()).to_string()),
                    ),
                    Err(e) => {
                        let text = e.to_string();
                        (
                        "failed",
                        "failed",
                        serde_json::json!({ "file": file.display().to_string(), "error": text })
                            .to_string(),
                        Some(text),
                    )
                    }
                };
            let moved = file_away(&file, &dir.join(folder), &report)
                .map_err(|e| DropError::Io(file.display().to_string(), e))?;
            results.push(record(outcome, Some(&moved), message));
        }
    }
    drop(lock);
    Ok(results)
}
