//! The event loop: one task owns the terminal and the state. Input, database answers,
//! NOTIFY messages, ticks and signals all arrive on one channel; `update` turns them into
//! state changes and commands; commands run as spawned tasks that answer with messages.
//! The loop never awaits the database, and draws only when something changed.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::app::{App, Cmd, Msg};
use super::planning_cmd;
use super::terminal::TerminalGuard;
use super::view;
use crate::booking::{plan_store, store as booking_store};
use crate::correlation::store as correlation_store;
use crate::db::{listen, Database};
use crate::import;
use crate::import::wizard::WizardCmd;
use crate::users::store;

pub async fn run(db: Database, mut app: App, started: Instant) -> anyhow::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    app.size = (size.width, size.height);
    let (tx, mut rx) = unbounded_channel::<Msg>();

    spawn_input(tx.clone());
    spawn_signals(tx.clone())?;
    spawn_ticks(tx.clone());
    let listener = {
        let tx = tx.clone();
        listen::spawn(db.clone(), move |event| tx.send(Msg::Db(event)).is_ok())
    };
    let mut running_import: Option<tokio::task::JoinHandle<()>> = None;
    for cmd in app.start() {
        execute(cmd, &db, &tx, &mut running_import);
    }

    let mut first_frame = true;
    let mut first_data_frame = true;
    loop {
        if app.dirty {
            app.dirty = false;
            if let Err(e) = guard.terminal.draw(|f| view::draw(&app, f)) {
                // The terminal is gone (SSH dropped): nothing left to show.
                tracing::warn!("drawing failed, leaving: {e}");
                break;
            }
            // Start-up milestones, for measuring (README: time to first frame).
            let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
            if std::mem::take(&mut first_frame) {
                tracing::info!(elapsed_ms, "first frame drawn");
            }
            if first_data_frame && app.users.rows.is_some() {
                first_data_frame = false;
                tracing::info!(elapsed_ms, "first frame with data drawn");
            }
        }
        let Some(msg) = rx.recv().await else { break };
        let mut cmds = app.update(msg);
        // Coalesce a burst (paste, key repeat, many NOTIFYs) into one frame.
        while let Ok(msg) = rx.try_recv() {
            cmds.extend(app.update(msg));
        }
        for cmd in cmds {
            execute(cmd, &db, &tx, &mut running_import);
        }
        if app.should_quit {
            break;
        }
    }
    listener.abort();
    drop(guard);
    // A write still waiting on the server (a lock, a slow statement) is cancelled, not left to
    // commit after the user has gone; connections close with a goodbye.
    db.shutdown(Duration::from_secs(2)).await;
    Ok(())
}

fn execute(
    cmd: Cmd,
    db: &Database,
    tx: &UnboundedSender<Msg>,
    running_import: &mut Option<tokio::task::JoinHandle<()>>,
) {
    let db = db.clone();
    let tx = tx.clone();
    match cmd {
        Cmd::Wizard(WizardCmd::Cancel) => {
            // Dropping the task drops its transaction: PostgreSQL rolls it back.
            if let Some(handle) = running_import.take() {
                handle.abort();
            }
        }
        Cmd::Wizard(WizardCmd::Run { path, mut options }) => {
            *running_import = Some(tokio::spawn(async move {
                if let Ok(share) = import::store::max_deactivation(&db).await {
                    options.deactivation.max_percent = share;
                }
                let progress_tx = tx.clone();
                let progress: import::run::Progress = std::sync::Arc::new(move |done, total| {
                    let _ = progress_tx.send(Msg::WizardProgress { done, total });
                });
                let result = import::run::run(&db, &path, &options, progress).await;
                let _ = tx.send(Msg::WizardFinished(result.map(Box::new).map_err(
                    |e| match e {
                        import::run::ImportError::Deactivation(refused) => {
                            import::wizard::RunFailure::Deactivation(refused)
                        }
                        other => import::wizard::RunFailure::Other(other.to_string()),
                    },
                )));
            }));
        }
        Cmd::Wizard(WizardCmd::Headers { path, options }) => {
            tokio::task::spawn_blocking(move || {
                let result = import::run::headers(&path, options.read).map_err(|e| e.to_string());
                let _ = tx.send(Msg::WizardHeaders { path, result });
            });
        }
        Cmd::Wizard(WizardCmd::SaveMapping {
            name,
            kind,
            columns,
        }) => {
            tokio::spawn(async move {
                let result = import::store::save_mapping(&db, &name, kind, &columns)
                    .await
                    .map(|()| name)
                    .map_err(|e| e.to_string());
                let _ = tx.send(Msg::WizardMappingSaved(result));
            });
        }
        Cmd::Wizard(WizardCmd::Preview { path, options }) => {
            tokio::task::spawn_blocking(move || {
                let result = import::run::prepare(&path, &options)
                    .and_then(|prepared| {
                        Ok((import::run::first_rows(&path, &prepared, 5)?, prepared))
                    })
                    .map(|(rows, prepared)| Box::new((prepared, rows)))
                    .map_err(|e| e.to_string());
                let _ = tx.send(Msg::WizardPreviewed { path, result });
            });
        }
        Cmd::Wizard(WizardCmd::Check { path, prepared }) => {
            tokio::task::spawn_blocking(move || {
                let result = import::run::check_rows(
                    &path,
                    &prepared,
                    import::run::Duplicates::InMemory,
                    |_| true,
                )
                .map(|c| import::wizard::CheckSummary {
                    rows: c.rows,
                    rejected: c.rejected,
                    warnings: c.warnings,
                })
                .map_err(|e| e.to_string());
                let _ = tx.send(Msg::WizardChecked { path, result });
            });
        }
        cmd => {
            tokio::spawn(async move {
                let msg = match cmd {
                    Cmd::LoadSession { request } => Msg::Session {
                        request,
                        result: store::load_session(&db).await.map_err(Into::into),
                    },
                    Cmd::LoadUsers { request } => Msg::Users {
                        request,
                        result: store::list(&db).await.map_err(Into::into),
                    },
                    Cmd::LoadImportRuns { request } => Msg::ImportRuns {
                        request,
                        result: import::store::list_runs(&db).await.map_err(Into::into),
                    },
                    Cmd::LoadRunReport { id } => Msg::RunReport(
                        import::store::run_report(&db, id)
                            .await
                            .map(Box::new)
                            .map_err(Into::into),
                    ),
                    Cmd::LoadPlanningStructure { request } => Msg::PlanningStructure {
                        request,
                        result: plan_store::structure(&db)
                            .await
                            .map(Box::new)
                            .map_err(Into::into),
                    },
                    Cmd::LoadPlanningBookings {
                        request,
                        rooms,
                        loaded,
                    } => {
                        let tz = booking_store::settings(&db)
                            .await
                            .map(|s| s.tz)
                            .unwrap_or(chrono_tz::UTC);
                        let result = plan_store::bookings_for(&db, tz, &rooms, &loaded).await;
                        Msg::PlanningBookings {
                            request,
                            loaded,
                            result: result.map_err(Into::into),
                        }
                    }
                    Cmd::RememberPlanning { area, room, view } => {
                        if let Err(e) = plan_store::remember(&db, area, room, view).await {
                            tracing::warn!("remembering the planning's place: {e}");
                        }
                        return;
                    }
                    Cmd::Planning(cmd) => Msg::Planning(planning_cmd::run(&db, cmd).await),
                    Cmd::LoadCorrelation { request } => Msg::CorrelationLoaded {
                        request,
                        result: correlation_store::load(&db)
                            .await
                            .map(Box::new)
                            .map_err(|e| super::app::Failure {
                                text: e.to_string(),
                                connection_lost: matches!(&e, correlation_store::CorrelationError::Db(d) if d.is_connection_lost()),
                            }),
                    },
                    Cmd::Correlate(cmd) => Msg::CorrelationDone(correlate(&db, cmd).await),
                    Cmd::LoadAccountAttrs { login } => Msg::AccountAttrs {
                        attrs: correlation_store::account_attrs(&db, &login)
                            .await
                            .unwrap_or_default(),
                        login,
                    },
                    Cmd::Wizard(_) => return,
                };
                let _ = tx.send(msg);
            });
        }
    }
}

/// One correlation decision, written.
async fn correlate(
    db: &Database,
    cmd: super::app::correlation::CorrelationCmd,
) -> Result<(), String> {
    use super::app::correlation::CorrelationCmd as C;
    match cmd {
        C::Link { login, person_id } => correlation_store::link_ids(db, &login, person_id).await,
        C::Decide { logins, decision } => correlation_store::decide(db, &logins, decision)
            .await
            .map(drop),
        C::Forget => correlation_store::forget(db).await.map(drop),
        C::Restore(previous) => correlation_store::set_decisions(db, &previous).await,
        C::Unlink { login, replaced } => correlation_store::undo_link(db, &login, &replaced).await,
    }
    .map_err(|e| e.to_string())
}

fn spawn_input(tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut events = crossterm::event::EventStream::new();
        while let Some(event) = events.next().await {
            let msg = match event {
                Ok(event) => Msg::Input(event),
                Err(e) => {
                    tracing::warn!("terminal input failed: {e}");
                    Msg::Shutdown
                }
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
        let _ = tx.send(Msg::Shutdown);
    });
}

/// SIGHUP (SSH dropped), SIGTERM and SIGINT end the app cleanly.
fn spawn_signals(tx: UnboundedSender<Msg>) -> std::io::Result<()> {
    for kind in [
        SignalKind::hangup(),
        SignalKind::terminate(),
        SignalKind::interrupt(),
    ] {
        let mut stream = signal(kind)?;
        let tx = tx.clone();
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                tracing::info!("signal {kind:?}: leaving");
                let _ = tx.send(Msg::Shutdown);
            }
        });
    }
    Ok(())
}

fn spawn_ticks(tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_millis(120));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            if tx.send(Msg::Tick(chrono::Utc::now())).is_err() {
                break;
            }
        }
    });
}
