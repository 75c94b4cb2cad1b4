//! Drives the App against a real database the way the event loop does: each command the
//! App asks for runs through the real effects runner (`tui::run::perform`) and its replies
//! go back to `update`, until it asks nothing more.
#![allow(dead_code)]

use intendant::booking::ui::Cmd as BookingCmd;
use intendant::db::Database;
use intendant::tui::app::{App, Cmd, Msg};
use intendant::tui::router::{Effects, FeatureCmd};

/// Returns how many booking ranges were loaded on the way.
pub async fn settle(app: &mut App, db: &Database, cmds: Vec<Cmd>) -> usize {
    settle_until(app, db, cmds, |_| false).await.0
}

/// As `settle`, but stops as soon as `done` holds; returns the loads run and the commands
/// left (what the event loop would still be running in the background).
pub async fn settle_until(
    app: &mut App,
    db: &Database,
    cmds: Vec<Cmd>,
    done: impl Fn(&App) -> bool,
) -> (usize, Vec<Cmd>) {
    let effects = Effects::default();
    let mut queue = cmds;
    let mut loads = 0;
    while !done(app) {
        let Some(cmd) = queue.pop() else { break };
        if matches!(
            cmd,
            Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadBookings { .. }))
        ) {
            loads += 1;
        }
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
        intendant::tui::run::perform(cmd, db, &effects, move |m| {
            let _ = tx.send(m);
        })
        .await;
        while let Ok(msg) = rx.try_recv() {
            queue.extend(app.update(msg));
        }
    }
    (loads, queue)
}
