//! The LISTEN task: one dedicated connection that receives `pg_notify('intendant', …)` and
//! tells the TUI when the server goes away and comes back. It reconnects by itself, with a
//! short backoff, for as long as the app runs.

use std::time::Duration;

use super::Database;

pub const CHANNEL: &str = "intendant";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbEvent {
    Online,
    Lost(String),
    Notification(String),
}

/// Spawns the task; it stops when `emit` returns false (the receiver is gone).
pub fn spawn(
    db: Database,
    emit: impl Fn(DbEvent) -> bool + Send + Sync + 'static,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(250);
        let mut online = None;
        loop {
            match listen_once(&db, &emit, &mut online).await {
                Ok(()) => return,
                Err(reason) => {
                    if online != Some(false) {
                        online = Some(false);
                        if !emit(DbEvent::Lost(reason)) {
                            return;
                        }
                    }
                }
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(1));
        }
    })
}

/// Listens until the connection ends (Err) or the receiver is gone (Ok).
async fn listen_once(
    db: &Database,
    emit: &impl Fn(DbEvent) -> bool,
    online: &mut Option<bool>,
) -> Result<(), String> {
    let (client, mut notifications) = db.dedicated().await.map_err(|e| e.to_string())?;
    client
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .await
        .map_err(|e| e.to_string())?;
    *online = Some(true);
    if !emit(DbEvent::Online) {
        return Ok(());
    }
    // A server that vanishes without closing the socket is noticed by this probe.
    let mut probe = tokio::time::interval(Duration::from_secs(2));
    loop {
        tokio::select! {
            n = notifications.recv() => match n {
                Some(n) => if !emit(DbEvent::Notification(n.payload().to_owned())) { return Ok(()); },
                None => return Err("connection closed".into()),
            },
            _ = probe.tick() => {
                tokio::time::timeout(Duration::from_secs(3), client.simple_query(""))
                    .await
                    .map_err(|_| "no answer".to_owned())?
                    .map_err(|e| e.to_string())?;
            }
        }
    }
}
