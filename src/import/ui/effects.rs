//! The Imports screen's commands, run. Reading and checking a file run on the blocking pool;
//! the import itself runs as one task that `Cancel` aborts (its transaction rolls back).

use std::sync::{Arc, Mutex};

use super::wizard::{CheckSummary, RunFailure, WizardCmd};
use super::{Cmd, Msg};
use crate::db::Database;
use crate::import::{run, store};

/// The import running now, so that it can be stopped.
#[derive(Clone, Debug, Default)]
pub struct Running(Arc<Mutex<Option<tokio::task::AbortHandle>>>);

/// Where replies go: progress comes several times before the end.
pub type Send = Arc<dyn Fn(Msg) + std::marker::Send + Sync>;

/// Runs `cmd`, sending its replies; returns when it is done.
pub async fn run(db: &Database, cmd: Cmd, running: &Running, send: Send) {
    let db = db.clone();
    match cmd {
        Cmd::LoadRuns(ticket) => send(Msg::Runs {
            id: ticket.id,
            result: ticket
                .slot
                .scope(store::list_runs(&db))
                .await
                .map_err(Into::into),
        }),
        Cmd::LoadReport { id } => send(Msg::Report(
            store::run_report(&db, id)
                .await
                .map(Box::new)
                .map_err(Into::into),
        )),
        Cmd::Wizard(WizardCmd::Cancel) => {
            // Aborting the task drops its transaction: PostgreSQL rolls it back.
            if let Some(handle) = running.0.lock().ok().and_then(|mut r| r.take()) {
                handle.abort();
            }
        }
        Cmd::Wizard(WizardCmd::Run { path, mut options }) => {
            let task = tokio::spawn(async move {
                if let Ok(share) = store::max_deactivation(&db).await {
                    options.deactivation.max_percent = share;
                }
                let progress_send = send.clone();
                let progress: run::Progress = Arc::new(move |done, total| {
                    progress_send(Msg::Progress { done, total });
                });
                let result = run::run(&db, &path, &options, progress).await;
                send(Msg::Finished(result.map(Box::new).map_err(|e| match e {
                    run::ImportError::Deactivation(refused) => RunFailure::Deactivation(refused),
                    other => RunFailure::Other(other.to_string()),
                })));
            });
            if let Ok(mut slot) = running.0.lock() {
                *slot = Some(task.abort_handle());
            }
            let _ = task.await;
        }
        Cmd::Wizard(WizardCmd::Headers { path, options }) => {
            let _ = tokio::task::spawn_blocking(move || {
                let result = run::headers(&path, options.read).map_err(|e| e.to_string());
                send(Msg::Headers { path, result });
            })
            .await;
        }
        Cmd::Wizard(WizardCmd::SaveMapping {
            name,
            kind,
            columns,
        }) => {
            let result = store::save_mapping(&db, &name, kind, &columns)
                .await
                .map(|()| name)
                .map_err(|e| e.to_string());
            send(Msg::MappingSaved(result));
        }
        Cmd::Wizard(WizardCmd::Preview { path, options }) => {
            let _ = tokio::task::spawn_blocking(move || {
                let result = run::prepare(&path, &options)
                    .and_then(|prepared| Ok((run::first_rows(&path, &prepared, 5)?, prepared)))
                    .map(|(rows, prepared)| Box::new((prepared, rows)))
                    .map_err(|e| e.to_string());
                send(Msg::Previewed { path, result });
            })
            .await;
        }
        Cmd::Wizard(WizardCmd::Check { path, prepared }) => {
            let _ = tokio::task::spawn_blocking(move || {
                let result = run::check_rows(&path, &prepared, run::Duplicates::InMemory, |_| true)
                    .map(|c| CheckSummary {
                        rows: c.rows,
                        rejected: c.rejected,
                        warnings: c.warnings,
                    })
                    .map_err(|e| e.to_string());
                send(Msg::Checked { path, result });
            })
            .await;
        }
    }
}
