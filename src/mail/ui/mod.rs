//! The Mail screen (administrators): the outbox newest first, what each mail became for each
//! recipient and why, and `r` to try the selected one again now. Moving never asks the
//! database; the list reloads with F5 and after a retry.

pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::db::listen::Kind;
use crate::i18n::T;
use crate::mail::store::{self, Filter, Listed};
use crate::session::Status;
use crate::tui::job::{Latest, Reply, Ticket};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, Failure, KeyIn, Level, Out, Screen};
use crate::tui::widgets::list::Cursor;

/// How many mails the screen reads.
const SHOWN: i64 = 500;

#[derive(Debug, Default)]
pub struct State {
    /// None until the first load answers.
    pub rows: Option<Vec<Listed>>,
    pub cursor: Cursor,
    load: Latest,
}

#[derive(Debug)]
pub enum Msg {
    Loaded {
        id: u64,
        result: Result<Vec<Listed>, Failure>,
    },
    Retried(Result<Vec<i64>, Failure>),
}

#[derive(Clone, Debug)]
pub enum Cmd {
    Load(Ticket),
    Retry(i64),
}

/// Only administrators read the outbox (the database shows others nothing).
fn allowed(cx: &Ctx) -> bool {
    cx.session.is_some_and(|s| s.status == Some(Status::Admin))
}

impl State {
    pub fn selected(&self) -> Option<&Listed> {
        self.rows.as_ref()?.get(self.cursor.selected)
    }

    fn count(&self) -> usize {
        self.rows.as_ref().map_or(0, Vec::len)
    }

    /// Replaces the rows, keeping the cursor on the same mail when it is still there.
    pub fn replace(&mut self, rows: Vec<Listed>) {
        let current = self.selected().map(|m| m.id);
        self.rows = Some(rows);
        if let Some(i) = current.and_then(|id| self.rows.iter().flatten().position(|m| m.id == id))
        {
            self.cursor.selected = i;
        }
        let count = self.count();
        self.cursor.clamp(count);
    }
}

/// A mail worth trying again: not sent yet, given up, or with a recipient refused or
/// without an address.
pub fn retriable(m: &Listed) -> bool {
    m.state != "sent"
        || m.recipients
            .iter()
            .any(|r| r.state == "refused" || r.state == "no_address")
}

impl Screen for State {
    type Msg = Msg;
    type Cmd = Cmd;

    fn contexts(&self) -> &'static [Context] {
        &[Context::Mail, Context::List]
    }

    fn busy(&self) -> bool {
        self.load.is_running()
    }

    fn key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) -> bool {
        let Some(action) = key.action else {
            return false;
        };
        let height = crate::tui::widgets::list::table_rows(view::list_height(cx.body.1));
        let count = self.count();
        if self.cursor.step(action, count, height) {
            return true;
        }
        if action != Action::Retry {
            return false;
        }
        match self.selected() {
            Some(m) if retriable(m) => {
                out.say(
                    T::MailRetrying
                        .text(cx.lang)
                        .replace("{0}", &m.id.to_string()),
                    Level::Info,
                );
                out.run(Cmd::Retry(m.id));
            }
            Some(_) => out.say(T::MailNothingToRetry.text(cx.lang), Level::Info),
            None => {}
        }
        true
    }

    fn update(&mut self, cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        match msg {
            Msg::Loaded { id, result } => {
                if let Reply::Use { again } = self.load.reply(id) {
                    match result {
                        Ok(rows) => self.replace(rows),
                        Err(f) => out.failed(f),
                    }
                    if again {
                        out.run(Cmd::Load(self.load.start()));
                    }
                }
            }
            Msg::Retried(result) => {
                match result {
                    Ok(ids) if !ids.is_empty() => out.say(
                        T::MailRetried
                            .text(cx.lang)
                            .replace("{0}", &ids.len().to_string())
                            .replace(
                                "{1}",
                                &ids.iter()
                                    .map(i64::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ),
                        Level::Info,
                    ),
                    Ok(_) => out.say(T::MailNothingToRetry.text(cx.lang), Level::Info),
                    Err(f) => out.failed(f),
                }
                out.cmds.extend(self.load.start_or_queue().map(Cmd::Load));
            }
        }
    }

    fn shown(&mut self, cx: &Ctx, out: &mut Out<Cmd>) {
        if allowed(cx) {
            let loaded = self.rows.is_some();
            out.cmds.extend(self.load.when_shown(loaded).map(Cmd::Load));
        }
    }

    fn reload(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.rows.is_some();
        out.cmds
            .extend(self.load.when_reloaded(loaded).map(Cmd::Load));
    }

    fn changed(&mut self, _cx: &Ctx, kinds: &[Kind], out: &mut Out<Cmd>) {
        // Bookings queue mail: a list on screen follows them.
        let loaded = self.rows.is_some()
            && kinds
                .iter()
                .any(|k| matches!(k, Kind::Bookings | Kind::Everything));
        out.cmds
            .extend(self.load.when_changed(loaded).map(Cmd::Load));
    }

    fn shows(&self) -> Option<String> {
        Some(format!(
            "mail drawn with {} mails",
            self.rows.as_ref()?.len()
        ))
    }

    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        self.load.cancel().into_iter().collect()
    }

    fn resized(&mut self, cx: &Ctx) {
        self.cursor
            .scroll_into_view(crate::tui::widgets::list::table_rows(view::list_height(
                cx.body.1,
            )));
    }

    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect) {
        view::draw(self, cx, allowed(cx), frame, area);
    }
}

/// The screen's commands against the database.
pub async fn run(db: &crate::db::Database, cmd: Cmd) -> Msg {
    match cmd {
        Cmd::Load(ticket) => Msg::Loaded {
            id: ticket.id,
            result: ticket
                .slot
                .scope(async {
                    let client = db.client().await?;
                    store::list(&**client, Filter::All, SHOWN)
                        .await
                        .map_err(|e| db.classify(e))
                })
                .await
                .map_err(Into::into),
        },
        Cmd::Retry(id) => Msg::Retried(
            async {
                let client = db.client().await?;
                store::retry(&**client, &[id])
                    .await
                    .map_err(|e| db.classify(e))
            }
            .await
            .map_err(Into::into),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::store::ListedRecipient;

    fn mail(id: i64, state: &str, recipient_state: &str) -> Listed {
        Listed {
            id,
            kind: "booking_created".into(),
            state: state.into(),
            created_at: chrono::Utc::now(),
            attempts: 0,
            next_attempt_at: None,
            last_error: None,
            booking_id: Some(1),
            recipients: vec![ListedRecipient {
                recipient: "bob".into(),
                address: Some("bob@x.example".into()),
                state: recipient_state.into(),
                detail: None,
            }],
        }
    }

    #[test]
    fn only_what_went_wrong_or_waits_is_retried() {
        assert!(!retriable(&mail(1, "sent", "sent")));
        assert!(!retriable(&mail(1, "sent", "opted_out")));
        assert!(retriable(&mail(1, "sent", "refused")));
        assert!(retriable(&mail(1, "sent", "no_address")));
        assert!(retriable(&mail(1, "dead", "waiting")));
        assert!(retriable(&mail(1, "retrying", "waiting")));
    }

    #[test]
    fn reloading_keeps_the_cursor_on_the_same_mail() {
        let mut s = State::default();
        s.replace(vec![mail(3, "sent", "sent"), mail(2, "dead", "waiting")]);
        s.cursor.selected = 1;
        s.replace(vec![
            mail(4, "pending", "waiting"),
            mail(3, "sent", "sent"),
            mail(2, "dead", "waiting"),
        ]);
        assert_eq!(s.selected().map(|m| m.id), Some(2));
    }
}
