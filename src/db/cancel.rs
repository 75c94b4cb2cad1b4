//! Cancelling one request on the server: a read the user moved past (Esc) stops running
//! there, not only in the app.
//!
//! A request runs inside [`Slot::scope`]; each connection it takes from the pool leaves its
//! cancel key in the slot, and the slot is emptied as soon as the request ends, so a later
//! cancel can never reach a connection that has moved on to other work.

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio_postgres::CancelToken;

tokio::task_local! {
    static CURRENT: Slot;
}

/// Where a running request's cancel key is kept.
#[derive(Clone, Default)]
pub struct Slot(Arc<Mutex<Vec<CancelToken>>>);

impl Slot {
    /// Runs `work`, recording the cancel key of the connection it uses while it runs.
    pub async fn scope<F: Future>(&self, work: F) -> F::Output {
        let out = CURRENT.scope(self.clone(), work).await;
        self.take();
        out
    }

    /// The keys of the connections the request holds now (a load may read on two at once);
    /// taking them makes a second cancel a no-op.
    pub(super) fn take(&self) -> Vec<CancelToken> {
        self.0
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }
}

/// Called when a connection is handed out: a request in a slot leaves its key there.
pub(super) fn record(token: impl FnOnce() -> CancelToken) {
    let _ = CURRENT.try_with(|slot| {
        if let Ok(mut keys) = slot.0.lock() {
            keys.push(token());
        }
    });
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = self.0.lock().map(|k| k.len()).unwrap_or(0);
        write!(f, "Slot({keys} running)")
    }
}

impl PartialEq for Slot {
    fn eq(&self, other: &Slot) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
