//! The event loop: one task owns the terminal and the state. Input, database answers,
//! NOTIFY messages, ticks and signals all arrive on one channel; `update` turns them into
//! state changes and commands; commands run as spawned tasks that answer with messages.
//! The loop never awaits the database, and draws only when something changed.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::app::{App, Cmd, Msg};
use super::pace;
use super::router::{self, Effects, FeatureMsg};
use super::terminal::TerminalGuard;
use super::view;
use crate::db::{listen, Database};

pub async fn run(db: Database, mut app: App, started: Instant) -> anyhow::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    app.base.size = (size.width, size.height);
    let (tx, mut rx) = unbounded_channel::<Msg>();

    spawn_input(tx.clone());
    spawn_signals(tx.clone())?;
    spawn_ticks(tx.clone());
    let listener = {
        let tx = tx.clone();
        listen::spawn(db.clone(), move |event| tx.send(Msg::Db(event)).is_ok())
    };
    let effects = Effects::default();
    for cmd in app.start() {
        execute(cmd, &db, &effects, &tx);
    }

    let mut first_frame = true;
    let mut first_data_frame = true;
    let mut housekeeping = None;
    let mut held_since = None;
    loop {
        let mut hold = None;
        if app.dirty {
            match pace::decide(app.awaits_shown_data(), &mut held_since, Instant::now()) {
                pace::Pace::HoldUntil(until) => hold = Some(until),
                pace::Pace::Draw => {}
            }
        }
        if app.dirty && hold.is_none() {
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
            // The screen's data in, said as what was drawn (not "nothing runs any more").
            if first_data_frame && app.base.session.is_some() && !app.is_busy() {
                if let Some(what) = app.screens.shows(app.page) {
                    first_data_frame = false;
                    tracing::info!(elapsed_ms, "start-up: {what}");
                }
            }
        }
        // Once the first screen has its data (or a second has passed), not before: start-up
        // reads compete with nothing.
        if housekeeping.is_none() && (!first_data_frame || started.elapsed() > HOUSEKEEPING_AFTER) {
            housekeeping = Some(spawn_housekeeping(&db));
        }
        let msg = match hold {
            Some(until) => match tokio::time::timeout_at(until.into(), rx.recv()).await {
                Ok(msg) => msg,
                // The data are slow: draw what there is (its spinner) now.
                Err(_) => continue,
            },
            None => rx.recv().await,
        };
        let Some(msg) = msg else { break };
        let mut cmds = app.update(msg);
        // Coalesce a burst (paste, key repeat, many NOTIFYs) into one frame.
        while let Ok(msg) = rx.try_recv() {
            cmds.extend(app.update(msg));
        }
        // Messages made in the background (a refusal, a failed import) speak the user's own
        // language once the session has said which.
        if crate::i18n::current() != app.base.lang {
            crate::i18n::set_current(app.base.lang);
        }
        for cmd in cmds {
            execute(cmd, &db, &effects, &tx);
        }
        if app.should_quit {
            break;
        }
    }
    listener.abort();
    drop(guard);
    let logged = housekeeping.unwrap_or_else(|| spawn_housekeeping(&db));
    match logged.await {
        Ok(Ok(id)) => {
            if let Err(e) = crate::session::connection_end(&db, id).await {
                tracing::warn!("connection log, end: {e}");
            }
        }
        Ok(Err(e)) => tracing::warn!("connection log, start: {e}"),
        Err(e) => tracing::warn!("connection log, start: {e}"),
    }
    // A write still waiting on the server (a lock, a slow statement) is cancelled, not left to
    // commit after the user has gone; connections close with a goodbye.
    db.shutdown(Duration::from_secs(2)).await;
    Ok(())
}

const HOUSEKEEPING_AFTER: Duration = Duration::from_secs(1);

/// What a session does besides its screens, in the background: the daily tasks when the
/// installation runs them at the first start of the day (GRR's mode), and the connection log's
/// start; returns the log's id for the clean end.
fn spawn_housekeeping(db: &Database) -> tokio::task::JoinHandle<Result<i64, crate::db::DbError>> {
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = crate::booking::store::tasks_at_first_login(&db).await {
            tracing::warn!("daily tasks at first login: {e}");
        }
        let app = concat!("intendant ", env!("CARGO_PKG_VERSION"));
        crate::session::connection_start(&db, app).await
    })
}

/// Runs one command as a task; its replies come back on the loop's channel.
fn execute(cmd: Cmd, db: &Database, effects: &Effects, tx: &UnboundedSender<Msg>) {
    let db = db.clone();
    let tx = tx.clone();
    let effects = effects.clone();
    tokio::spawn(async move {
        perform(cmd, &db, &effects, move |m| {
            let _ = tx.send(m);
        })
        .await
    });
}

/// Runs one command to its end, sending its replies (tests drive the App through this too).
pub async fn perform(
    cmd: Cmd,
    db: &Database,
    effects: &Effects,
    send: impl Fn(Msg) + Send + Sync + 'static,
) {
    match cmd {
        Cmd::LoadSession(ticket) => {
            let result = ticket.slot.scope(crate::session::load(db)).await;
            send(Msg::Session {
                id: ticket.id,
                result: result.map_err(Into::into),
            });
        }
        Cmd::Cancel(slot) => db.cancel(&slot).await,
        Cmd::Feature(cmd) => {
            let send: router::Send =
                std::sync::Arc::new(move |m: FeatureMsg| send(Msg::Feature(m)));
            router::run(db, effects, cmd, send).await;
        }
    }
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
