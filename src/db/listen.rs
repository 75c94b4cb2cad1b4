//! The LISTEN task: one dedicated connection that receives `pg_notify('intendant', …)` and
//! tells the TUI when the server goes away and comes back. It reconnects by itself, with a
//! short backoff, for as long as the app runs.
//!
//! Any role may NOTIFY on the channel, so what arrives is untrusted: a payload is only ever
//! read for the kind of thing that changed (`{"kind": "booking"}`), and a burst (one
//! transaction may send thousands) becomes one event naming each kind once.

use std::collections::BTreeSet;
use std::time::Duration;

use super::Database;

pub const CHANNEL: &str = "intendant";

/// How long a burst is gathered before it is told.
const BURST: Duration = Duration::from_millis(150);

/// What changed, as a screen needs to know it. The payload names a table; it is read here,
/// once, and nowhere else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Notifications were dropped (a flood): anything may have changed.
    Everything,
    /// Users or their rights (`app_user`).
    Users,
    /// The installation's settings.
    Settings,
    Bookings,
    ImportRuns,
    /// Links, decisions, directory snapshots, local accounts.
    Correlation,
    /// A table no screen shows.
    Other,
}

impl Kind {
    fn of_table(table: &str) -> Kind {
        match table {
            "app_user" => Kind::Users,
            "setting" => Kind::Settings,
            "booking" => Kind::Bookings,
            "import_run" => Kind::ImportRuns,
            "correlation_link" | "correlation_decision" | "directory_run" | "local_account" => {
                Kind::Correlation
            }
            _ => Kind::Other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbEvent {
    Online,
    Lost(String),
    /// These kinds of rows changed (each once, in order).
    Changed(Vec<Kind>),
}

/// The kind a payload names, if it is one of ours in shape (`{"kind": "a_table"}`).
pub fn kind_of(payload: &str) -> Option<Kind> {
    if payload.len() > 1024 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    let kind = v.get("kind")?.as_str()?;
    let plain = !kind.is_empty()
        && kind.len() <= 63
        && kind.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    plain.then(|| Kind::of_table(kind))
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
    let overflow = db.notifications_dropped();
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
                Some(first) => {
                    let mut kinds = BTreeSet::new();
                    kinds.extend(kind_of(first.payload()));
                    let until = tokio::time::Instant::now() + BURST;
                    let mut closed = false;
                    loop {
                        match tokio::time::timeout_at(until, notifications.recv()).await {
                            Ok(Some(n)) => kinds.extend(kind_of(n.payload())),
                            Ok(None) => { closed = true; break; }
                            Err(_) => break,
                        }
                    }
                    if overflow.swap(false, std::sync::atomic::Ordering::Relaxed) {
                        kinds.insert(Kind::Everything);
                    }
                    if !kinds.is_empty() && !emit(DbEvent::Changed(kinds.into_iter().collect())) {
                        return Ok(());
                    }
                    if closed {
                        return Err("connection closed".into());
                    }
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_kind_is_read() {
        assert_eq!(kind_of(r#"{"kind":"booking"}"#), Some(Kind::Bookings));
        assert_eq!(
            kind_of(r#"{"kind":"booking","rooms":[1]}"#),
            Some(Kind::Bookings)
        );
        assert_eq!(
            kind_of(r#"{"kind":"local_account"}"#),
            Some(Kind::Correlation)
        );
        assert_eq!(kind_of(r#"{"kind":"room"}"#), Some(Kind::Other));
        for junk in [
            "",
            "not json",
            r#"{"kind": 3}"#,
            r#"{"kind": "Booking; DROP"}"#,
            r#"{"kind": "\u001b[2J"}"#,
            r#"{"other": "booking"}"#,
        ] {
            assert_eq!(kind_of(junk), None, "{junk}");
        }
        let long = format!(r#"{{"kind":"booking","pad":"{}"}}"#, "x".repeat(2000));
        assert_eq!(kind_of(&long), None);
    }
}
