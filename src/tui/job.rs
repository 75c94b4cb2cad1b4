//! "Latest request wins": one per kind of load (the users list, a week of bookings, …).
//!
//! Starting a load supersedes the one before; a reply to a superseded or cancelled load is
//! dropped, so the screen never goes back to data the user moved past. A change announced
//! while a load runs is remembered and loaded once more when it answers, however many
//! changes came (one load at a time).

use crate::db::cancel::Slot;

/// One started load: its number, echoed by the reply, and where its cancel key is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub id: u64,
    pub slot: Slot,
}

#[derive(Debug, Default)]
pub struct Latest {
    last: u64,
    running: Option<Ticket>,
    again: bool,
}

/// What to do with a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The latest load's answer: use it. `again`: a change came meanwhile, load once more.
    Use { again: bool },
    /// An answer the user moved past: drop it.
    Drop,
}

impl Latest {
    /// Starts a load, superseding any running one.
    pub fn start(&mut self) -> Ticket {
        self.last += 1;
        self.again = false;
        let ticket = Ticket {
            id: self.last,
            slot: Slot::default(),
        };
        self.running = Some(ticket.clone());
        ticket
    }

    /// Starts a load unless one runs; then it is done once more when that one answers.
    pub fn start_or_queue(&mut self) -> Option<Ticket> {
        if self.running.is_some() {
            self.again = true;
            return None;
        }
        Some(self.start())
    }

    /// The reply to load `id` has come.
    pub fn reply(&mut self, id: u64) -> Reply {
        match &self.running {
            Some(t) if t.id == id => {
                self.running = None;
                Reply::Use {
                    again: std::mem::take(&mut self.again),
                }
            }
            _ => Reply::Drop,
        }
    }

    /// A screen is shown: its first load, unless it has the data or the load runs.
    pub fn when_shown(&mut self, loaded: bool) -> Option<Ticket> {
        (!loaded && !self.is_running()).then(|| self.start())
    }

    /// Read everything again: only what was loaded is read again.
    pub fn when_reloaded(&mut self, loaded: bool) -> Option<Ticket> {
        loaded.then(|| self.start())
    }

    /// Another session changed the rows: read again, one load at a time.
    pub fn when_changed(&mut self, loaded: bool) -> Option<Ticket> {
        loaded.then(|| self.start_or_queue()).flatten()
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Stops waiting for the running load; its slot, to stop it on the server too.
    pub fn cancel(&mut self) -> Option<Slot> {
        self.again = false;
        self.running.take().map(|t| t.slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_the_user_moved_past_is_dropped() {
        let mut job = Latest::default();
        let first = job.start();
        let second = job.start();
        assert_eq!(job.reply(first.id), Reply::Drop);
        assert!(job.is_running());
        assert_eq!(job.reply(second.id), Reply::Use { again: false });
        assert!(!job.is_running());
        assert_eq!(job.reply(second.id), Reply::Drop, "a reply counts once");
    }

    #[test]
    fn changes_during_a_load_make_one_more_load() {
        let mut job = Latest::default();
        let t = job.start_or_queue().unwrap();
        assert!(job.start_or_queue().is_none());
        assert!(job.start_or_queue().is_none());
        assert_eq!(job.reply(t.id), Reply::Use { again: true });
        assert!(job.start_or_queue().is_some());
    }

    #[test]
    fn a_cancelled_load_answers_into_nothing() {
        let mut job = Latest::default();
        let t = job.start();
        assert!(job.cancel().is_some());
        assert!(job.cancel().is_none());
        assert_eq!(job.reply(t.id), Reply::Drop);
    }
}
