//! The Users screen: the installation's users, with a search. Moving never asks the
//! database; the list reloads when users change.

pub mod view;

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::db::listen::Kind;
use crate::tui::job::{Latest, Reply, Ticket};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, Failure, KeyIn, Out, Screen, Search};
use crate::tui::widgets::list::Cursor;
use crate::users::model::UserRow;

/// The list's state: rows as loaded, the filter typed with `/`, the cursor and the scroll.
#[derive(Clone, Debug, Default)]
pub struct UsersPane {
    /// None until the first load answers.
    pub rows: Option<Vec<UserRow>>,
    pub filter: String,
    pub cursor: Cursor,
}

impl UsersPane {
    pub fn visible(&self) -> Vec<&UserRow> {
        self.rows
            .iter()
            .flatten()
            .filter(|r| r.matches(&self.filter))
            .collect()
    }

    /// Replaces the rows, keeping the cursor on the same login when it is still there.
    pub fn replace(&mut self, rows: Vec<UserRow>) {
        let current = self
            .visible()
            .get(self.cursor.selected)
            .map(|r| r.login.clone());
        self.rows = Some(rows);
        if let Some(login) = current {
            if let Some(i) = self.visible().iter().position(|r| r.login == login) {
                self.cursor.selected = i;
            }
        }
        let count = self.visible().len();
        self.cursor.clamp(count);
    }

    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.cursor = Cursor::default();
    }

    /// Moves the cursor by `delta` rows (clamped), in a window of `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let count = self.visible().len();
        self.cursor.move_by(delta, count, height);
    }
}

#[derive(Debug, Default)]
pub struct State {
    pub pane: UsersPane,
    load: Latest,
}

#[derive(Debug)]
pub enum Msg {
    Loaded {
        id: u64,
        result: Result<Vec<UserRow>, Failure>,
    },
}

#[derive(Clone, Debug)]
pub enum Cmd {
    Load(Ticket),
}

impl State {
    fn load(&mut self, out: &mut Out<Cmd>) {
        out.run(Cmd::Load(self.load.start()));
    }
}

impl Screen for State {
    type Msg = Msg;
    type Cmd = Cmd;

    fn contexts(&self) -> &'static [Context] {
        &[Context::List]
    }

    fn busy(&self) -> bool {
        self.load.is_running()
    }

    fn key(&mut self, cx: &Ctx, key: KeyIn, _out: &mut Out<Cmd>) -> bool {
        let rows = crate::tui::widgets::list::table_rows(cx.body.1);
        let Some(action) = key.action else {
            return false;
        };
        let count = self.pane.visible().len();
        if self.pane.cursor.step(action, count, rows) {
            return true;
        }
        if action == Action::Cancel && !self.pane.filter.is_empty() {
            self.pane.set_filter(String::new());
        }
        false
    }

    fn update(&mut self, _cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        let Msg::Loaded { id, result } = msg;
        if let Reply::Use { again } = self.load.reply(id) {
            match result {
                Ok(rows) => self.pane.replace(rows),
                Err(f) => out.failed(f),
            }
            if again {
                self.load(out);
            }
        }
    }

    fn shown(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.rows.is_some();
        out.cmds.extend(self.load.when_shown(loaded).map(Cmd::Load));
    }

    fn reload(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.rows.is_some();
        out.cmds
            .extend(self.load.when_reloaded(loaded).map(Cmd::Load));
    }

    fn changed(&mut self, _cx: &Ctx, kinds: &[Kind], out: &mut Out<Cmd>) {
        let loaded = self.pane.rows.is_some() && kinds.contains(&Kind::Users);
        out.cmds
            .extend(self.load.when_changed(loaded).map(Cmd::Load));
    }

    fn search_text(&self) -> Option<String> {
        Some(self.pane.filter.clone())
    }

    fn shows(&self) -> Option<String> {
        let rows = self.pane.rows.as_ref()?;
        Some(format!("users drawn with {} users", rows.len()))
    }

    fn search(&mut self, _cx: &Ctx, search: Search) {
        match search {
            Search::Typing(_) => {}
            Search::Done(text) => self.pane.set_filter(text),
            Search::Cleared => self.pane.set_filter(String::new()),
        }
    }

    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        self.load.cancel().into_iter().collect()
    }

    fn resized(&mut self, cx: &Ctx) {
        self.pane
            .cursor
            .scroll_into_view(crate::tui::widgets::list::table_rows(cx.body.1));
    }

    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect) {
        view::draw(&self.pane, cx.lang, cx.theme, frame, area);
    }
}

/// The users list, read.
pub async fn run(db: &crate::db::Database, cmd: Cmd) -> Msg {
    let Cmd::Load(ticket) = cmd;
    Msg::Loaded {
        id: ticket.id,
        result: ticket
            .slot
            .scope(crate::users::store::list(db))
            .await
            .map_err(Into::into),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::model::UserRow;

    fn row(login: &str) -> UserRow {
        UserRow {
            login: login.into(),
            display_name: login.to_uppercase(),
            email: None,
            status: None,
            active: true,
        }
    }

    #[test]
    fn the_cursor_stays_in_view_and_in_bounds() {
        let mut pane = UsersPane::default();
        pane.replace((0..50).map(|i| row(&format!("u{i:02}"))).collect());
        pane.move_by(30, 10);
        assert_eq!((pane.cursor.selected, pane.cursor.offset), (30, 21));
        pane.move_by(-25, 10);
        assert_eq!((pane.cursor.selected, pane.cursor.offset), (5, 5));
        pane.move_by(1000, 10);
        assert_eq!((pane.cursor.selected, pane.cursor.offset), (49, 40));
    }

    #[test]
    fn reloading_keeps_the_cursor_on_the_same_person() {
        let mut pane = UsersPane::default();
        pane.replace(vec![row("b"), row("c"), row("d")]);
        pane.move_by(1, 10);
        pane.replace(vec![row("a"), row("b"), row("c"), row("d")]);
        assert_eq!(pane.visible()[pane.cursor.selected].login, "c");
        pane.replace(vec![row("a")]);
        assert_eq!(pane.cursor.selected, 0);
    }

    #[test]
    fn filtering_matches_login_name_and_email() {
        let mut pane = UsersPane::default();
        pane.replace(vec![
            row("marie"),
            UserRow {
                email: Some("x@lycee.fr".into()),
                ..row("paul")
            },
        ]);
        pane.set_filter("LYCEE".into());
        assert_eq!(pane.visible().len(), 1);
        pane.set_filter("MAR".into());
        assert_eq!(pane.visible()[0].login, "marie");
    }
}
