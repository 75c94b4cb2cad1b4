//! The event loop: one task owns the terminal and the state. Input, database answers,
//! NOTIFY messages, ticks and signals all arrive on one channel; `update` turns them into
//! state changes and commands; commands run as spawned tasks that answer with messages.
//! The loop never awaits the database, and draws only when something changed.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::app::{App, Cmd, Msg};
use super::terminal::TerminalGuard;
use super::view;
use crate::db::{listen, Database};
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
    for cmd in app.start() {
        execute(cmd, &db, &tx);
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
            execute(cmd, &db, &tx);
        }
        if app.should_quit {
            break;
        }
    }
    listener.abort();
    drop(guard);
    Ok(())
}

fn execute(cmd: Cmd, db: &Database, tx: &UnboundedSender<Msg>) {
    let db = db.clone();
    let tx = tx.clone();
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
        };
        let _ = tx.send(msg);
    });
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
