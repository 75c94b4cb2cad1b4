//! Every connection the app opens, so that leaving can cancel what still runs on the server
//! and close each connection with a goodbye.
//!
//! deadpool aborts a connection's task when it drops the client, which resets the socket (the
//! server logs "connection reset by peer") and, worse, a statement already sent goes on and
//! commits with nobody told. Here the connection task is ours: dropping the client lets it
//! send its Terminate message and end, and [`Tracker::cancel_all`] stops a running statement.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use deadpool_postgres::Connect;
use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::task::JoinHandle;
use tokio_postgres::CancelToken;
use tokio_postgres_rustls::MakeRustlsConnect;

/// A connection's cancel key and the task driving it.
struct Tracked {
    cancel: CancelToken,
    task: JoinHandle<()>,
}

#[derive(Clone, Default)]
pub struct Tracker {
    live: Arc<Mutex<Vec<Tracked>>>,
}

impl Tracker {
    pub fn add(&self, cancel: CancelToken, task: JoinHandle<()>) {
        if let Ok(mut live) = self.live.lock() {
            live.retain(|t| !t.task.is_finished());
            live.push(Tracked { cancel, task });
        }
    }

    /// Asks the server to cancel whatever each open connection is running (an idle one
    /// ignores it).
    pub async fn cancel_all(&self, tls: Option<MakeRustlsConnect>) {
        let tokens: Vec<CancelToken> = match self.live.lock() {
            Ok(live) => live
                .iter()
                .filter(|t| !t.task.is_finished())
                .map(|t| t.cancel.clone())
                .collect(),
            Err(_) => return,
        };
        let cancels = tokens.into_iter().map(|token| {
            let tls = tls.clone();
            async move {
                let sent = match tls {
                    Some(tls) => token.cancel_query(tls).await,
                    None => token.cancel_query(tokio_postgres::NoTls).await,
                };
                if let Err(e) = sent {
                    tracing::debug!("cancel request: {e}");
                }
            }
        });
        let _ =
            tokio::time::timeout(Duration::from_secs(2), futures::future::join_all(cancels)).await;
    }

    /// Waits for every connection task to end (their clients are gone), at most `wait`:
    /// as soon as the last one has said goodbye, not at the next tick of a poll.
    pub async fn wait_closed(&self, wait: Duration) {
        let tasks: Vec<JoinHandle<()>> = match self.live.lock() {
            Ok(mut live) => live.drain(..).map(|t| t.task).collect(),
            Err(_) => return,
        };
        let _ = tokio::time::timeout(wait, futures::future::join_all(tasks)).await;
    }
}

/// deadpool's way in: connects, keeps the task, hands deadpool a handle it may abort freely.
pub struct TrackedConnect {
    pub tls: Option<MakeRustlsConnect>,
    pub tracker: Tracker,
}

impl Connect for TrackedConnect {
    fn connect(
        &self,
        config: &tokio_postgres::Config,
    ) -> BoxFuture<'_, Result<(tokio_postgres::Client, JoinHandle<()>), tokio_postgres::Error>>
    {
        let config = config.clone();
        Box::pin(async move {
            let (client, task) = match &self.tls {
                Some(tls) => {
                    let (client, connection) = config.connect(tls.clone()).await?;
                    (client, tokio::spawn(drive(connection)))
                }
                None => {
                    let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
                    (client, tokio::spawn(drive(connection)))
                }
            };
            self.tracker.add(client.cancel_token(), task);
            // A client that vanishes (killed, SSH dropped) is noticed by the server within a
            // second even while a statement runs, which is then rolled back (PostgreSQL 14+;
            // older servers do not know the setting, and that is fine). Sent, not awaited: it
            // goes ahead of the first statement on the same connection, which saves a round
            // trip per command; its answer is read and dropped by the connection.
            let _ = client
                .batch_execute("SET client_connection_check_interval = 1000")
                .now_or_never();
            Ok((client, tokio::spawn(async {})))
        })
    }
}

async fn drive<S, T>(connection: tokio_postgres::Connection<S, T>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    if let Err(e) = connection.await {
        tracing::info!("connection ended: {e}");
    }
}
