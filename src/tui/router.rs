//! The one place the shell meets the features: which screens there are, their states, and
//! their messages and commands wrapped for the event loop. Adding a screen is adding it here.

use std::sync::Arc;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::keymap::{Action, Context};
use super::screen::{Ctx, KeyIn, Out, Screen, Search};
use crate::db::cancel::Slot;
use crate::db::listen::Kind;
use crate::db::Database;
use crate::{admin, booking, correlation, import, mail, users};

/// The screens, in the order Tab goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Planning,
    Users,
    Imports,
    Correlation,
    Mail,
    Admin,
}

/// The screen an action belongs to when only one screen has it (run from the palette or a
/// key elsewhere, it goes there).
pub fn page_of(action: Action) -> Option<Page> {
    match action {
        Action::NewImport => Some(Page::Imports),
        _ => None,
    }
}

pub const ORDER: [Page; 6] = [
    Page::Planning,
    Page::Users,
    Page::Imports,
    Page::Correlation,
    Page::Mail,
    Page::Admin,
];

#[derive(Debug, Default)]
pub struct Screens {
    pub planning: booking::ui::State,
    pub users: users::ui::State,
    pub imports: import::ui::State,
    pub correlation: correlation::ui::State,
    pub mail: mail::ui::State,
    pub admin: admin::ui::State,
}

#[derive(Debug)]
pub enum FeatureMsg {
    Booking(booking::ui::Msg),
    Users(users::ui::Msg),
    Imports(import::ui::Msg),
    Correlation(correlation::ui::Msg),
    Mail(mail::ui::Msg),
    Admin(admin::ui::Msg),
}

#[derive(Clone, Debug)]
pub enum FeatureCmd {
    Booking(booking::ui::Cmd),
    Users(users::ui::Cmd),
    Imports(import::ui::Cmd),
    Correlation(correlation::ui::Cmd),
    Mail(mail::ui::Cmd),
    Admin(admin::ui::Cmd),
}

/// Runs `$body` with `$s` bound to the page's state and `$wrap` to its command's wrapper.
macro_rules! on_page {
    ($screens:expr, $page:expr, |$s:ident, $wrap:ident| $body:expr) => {
        match $page {
            Page::Planning => {
                let $s = &mut $screens.planning;
                let $wrap = FeatureCmd::Booking;
                $body
            }
            Page::Users => {
                let $s = &mut $screens.users;
                let $wrap = FeatureCmd::Users;
                $body
            }
            Page::Imports => {
                let $s = &mut $screens.imports;
                let $wrap = FeatureCmd::Imports;
                $body
            }
            Page::Correlation => {
                let $s = &mut $screens.correlation;
                let $wrap = FeatureCmd::Correlation;
                $body
            }
            Page::Mail => {
                let $s = &mut $screens.mail;
                let $wrap = FeatureCmd::Mail;
                $body
            }
            Page::Admin => {
                let $s = &mut $screens.admin;
                let $wrap = FeatureCmd::Admin;
                $body
            }
        }
    };
}

/// The same, reading.
macro_rules! read_page {
    ($screens:expr, $page:expr, |$s:ident| $body:expr) => {
        match $page {
            Page::Planning => {
                let $s = &$screens.planning;
                $body
            }
            Page::Users => {
                let $s = &$screens.users;
                $body
            }
            Page::Imports => {
                let $s = &$screens.imports;
                $body
            }
            Page::Correlation => {
                let $s = &$screens.correlation;
                $body
            }
            Page::Mail => {
                let $s = &$screens.mail;
                $body
            }
            Page::Admin => {
                let $s = &$screens.admin;
                $body
            }
        }
    };
}

/// Calls `$method(cx, …, &mut out)` on one page and returns its `Out`, wrapped.
macro_rules! ask {
    ($screens:expr, $page:expr, $method:ident ($($arg:expr),*)) => {
        on_page!($screens, $page, |s, wrap| {
            let mut out = Out::default();
            s.$method($($arg,)* &mut out);
            out.map(wrap)
        })
    };
}

fn reply<S: Screen>(
    s: &mut S,
    cx: &Ctx,
    msg: S::Msg,
    wrap: impl Fn(S::Cmd) -> FeatureCmd,
) -> Out<FeatureCmd> {
    let mut out = Out::default();
    s.update(cx, msg, &mut out);
    out.map(wrap)
}

impl Screens {
    pub fn contexts(&self, page: Page) -> &'static [Context] {
        read_page!(self, page, |s| s.contexts())
    }

    pub fn layer_open(&self, page: Page) -> bool {
        read_page!(self, page, |s| s.layer_open())
    }

    pub fn typing(&self, page: Page) -> bool {
        read_page!(self, page, |s| s.typing())
    }

    /// Some screen holds text the user would lose.
    pub fn unsaved(&self) -> bool {
        ORDER.iter().any(|p| read_page!(self, *p, |s| s.unsaved()))
    }

    pub fn busy(&self) -> bool {
        ORDER.iter().any(|p| read_page!(self, *p, |s| s.busy()))
    }

    pub fn shows(&self, page: Page) -> Option<String> {
        read_page!(self, page, |s| s.shows())
    }

    pub fn awaits_shown_data(&self, page: Page) -> bool {
        read_page!(self, page, |s| s.awaits_shown_data())
    }

    pub fn search_text(&self, page: Page) -> Option<String> {
        read_page!(self, page, |s| s.search_text())
    }

    pub fn draw(&self, page: Page, cx: &Ctx, frame: &mut Frame, area: Rect) {
        read_page!(self, page, |s| s.draw(cx, frame, area))
    }

    /// A key for the page; `.0` is false when the page had no use for it.
    pub fn key(&mut self, page: Page, cx: &Ctx, key: KeyIn) -> (bool, Out<FeatureCmd>) {
        on_page!(self, page, |s, wrap| {
            let mut out = Out::default();
            let used = s.key(cx, key, &mut out);
            (used, out.map(wrap))
        })
    }

    pub fn update(&mut self, cx: &Ctx, msg: FeatureMsg) -> Out<FeatureCmd> {
        match msg {
            FeatureMsg::Booking(m) => reply(&mut self.planning, cx, m, FeatureCmd::Booking),
            FeatureMsg::Users(m) => reply(&mut self.users, cx, m, FeatureCmd::Users),
            FeatureMsg::Imports(m) => reply(&mut self.imports, cx, m, FeatureCmd::Imports),
            FeatureMsg::Correlation(m) => {
                reply(&mut self.correlation, cx, m, FeatureCmd::Correlation)
            }
            FeatureMsg::Mail(m) => reply(&mut self.mail, cx, m, FeatureCmd::Mail),
            FeatureMsg::Admin(m) => reply(&mut self.admin, cx, m, FeatureCmd::Admin),
        }
    }

    pub fn shown(&mut self, page: Page, cx: &Ctx) -> Out<FeatureCmd> {
        ask!(self, page, shown(cx))
    }

    pub fn tick(&mut self, page: Page, cx: &Ctx) -> Out<FeatureCmd> {
        ask!(self, page, tick(cx))
    }

    /// Every screen reads again what it has loaded; the shown one loads what it lacks.
    pub fn reload(&mut self, page: Page, cx: &Ctx) -> Out<FeatureCmd> {
        let mut all = Out::default();
        for p in ORDER {
            let out = ask!(self, p, reload(cx));
            all.cmds.extend(out.cmds);
            all.notes.extend(out.notes);
        }
        let shown = self.shown(page, cx);
        all.cmds.extend(shown.cmds);
        all
    }

    pub fn changed(&mut self, cx: &Ctx, kinds: &[Kind]) -> Out<FeatureCmd> {
        let mut all = Out::default();
        for p in ORDER {
            let out = ask!(self, p, changed(cx, kinds));
            all.cmds.extend(out.cmds);
            all.notes.extend(out.notes);
        }
        all
    }

    pub fn search(&mut self, page: Page, cx: &Ctx, search: Search) {
        on_page!(self, page, |s, _w| s.search(cx, search))
    }

    pub fn cancel(&mut self, page: Page) -> Vec<Slot> {
        on_page!(self, page, |s, _w| s.cancel())
    }

    pub fn resized(&mut self, cx: &Ctx) {
        for p in ORDER {
            on_page!(self, p, |s, _w| s.resized(cx));
        }
    }

    /// Where the planning is, for the header: site, area, room.
    pub fn place(&self) -> Option<(String, String, Option<String>)> {
        self.planning.place()
    }
}

/// What effects keep between commands: the import that may be stopped.
#[derive(Clone, Debug, Default)]
pub struct Effects {
    import: import::ui::effects::Running,
}

pub type Send = Arc<dyn Fn(FeatureMsg) + std::marker::Send + Sync>;

/// Runs one feature command against the database, sending its replies; returns when done.
pub async fn run(db: &Database, effects: &Effects, cmd: FeatureCmd, send: Send) {
    match cmd {
        FeatureCmd::Booking(c) => {
            if let Some(msg) = booking::ui::effects::run(db, c).await {
                send(FeatureMsg::Booking(msg));
            }
        }
        FeatureCmd::Users(c) => send(FeatureMsg::Users(users::ui::run(db, c).await)),
        FeatureCmd::Imports(c) => {
            let to_shell = send.clone();
            let send: import::ui::effects::Send =
                Arc::new(move |m| to_shell(FeatureMsg::Imports(m)));
            import::ui::effects::run(db, c, &effects.import, send).await;
        }
        FeatureCmd::Correlation(c) => send(FeatureMsg::Correlation(
            correlation::ui::effects::run(db, c).await,
        )),
        FeatureCmd::Mail(c) => send(FeatureMsg::Mail(mail::ui::run(db, c).await)),
        FeatureCmd::Admin(c) => send(FeatureMsg::Admin(admin::ui::run(db, c).await)),
    }
}
