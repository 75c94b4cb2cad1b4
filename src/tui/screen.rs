//! What the shell gives a feature's screen and what it asks of it.
//!
//! A screen (`booking::ui`, `import::ui`, …) is a state with its own messages and commands.
//! The shell hands it keys already resolved through the screen's keymap contexts, its own
//! messages back, and a [`Ctx`] to read; the screen answers through [`Out`]: commands to run,
//! a line for the status bar, a failure. It never touches the terminal or the database.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::keymap::{Action, Context, Keymap};
use super::theme::Theme;
use crate::i18n::Lang;
use crate::session::Session;

/// What every screen may read: the user's language, look and keys, the clock, who is
/// connected, and the body's size.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub now: DateTime<Utc>,
    pub session: Option<&'a Session>,
    /// The body: the screen less its header and status lines.
    pub body: (u16, u16),
    /// Where file pickers start.
    pub start_dir: &'a std::path::Path,
}

impl Ctx<'_> {
    pub fn tz(&self) -> Tz {
        self.session.map(Session::tz).unwrap_or(chrono_tz::UTC)
    }

    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz()).date_naive()
    }

    /// The session has loaded and says the user may not work on people (nothing is said
    /// before it has loaded).
    pub fn denied_people(&self) -> bool {
        self.session.is_some_and(|s| !s.manages_people)
    }

    /// The keys bound to `action`, searched through `contexts` then the global ones.
    pub fn keys(&self, contexts: &[Context], action: Action) -> String {
        contexts
            .iter()
            .chain([&Context::Global])
            .find_map(|c| self.keymap.keys_for(*c, action))
            .unwrap_or_else(|| action.name().to_owned())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub level: Level,
}

/// A failed request, as the UI needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub text: String,
    pub connection_lost: bool,
}

impl From<crate::db::DbError> for Failure {
    fn from(e: crate::db::DbError) -> Failure {
        Failure {
            connection_lost: e.is_connection_lost(),
            text: e.to_string(),
        }
    }
}

/// What a screen tells the shell besides its commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    Say(Message),
    /// Clear the status line.
    Quiet,
    /// A load failed: the shell shows it, or waits for the connection to come back.
    Failed(Failure),
}

/// A screen's answer: commands to run, notes for the shell.
#[derive(Debug)]
pub struct Out<C> {
    pub cmds: Vec<C>,
    pub notes: Vec<Note>,
}

impl<C> Default for Out<C> {
    fn default() -> Self {
        Out {
            cmds: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl<C> Out<C> {
    pub fn run(&mut self, cmd: C) {
        self.cmds.push(cmd);
    }

    pub fn say(&mut self, text: impl Into<String>, level: Level) {
        self.notes.push(Note::Say(Message {
            text: text.into(),
            level,
        }));
    }

    pub fn quiet(&mut self) {
        self.notes.push(Note::Quiet);
    }

    pub fn failed(&mut self, failure: Failure) {
        self.notes.push(Note::Failed(failure));
    }

    pub fn map<D>(self, f: impl Fn(C) -> D) -> Out<D> {
        Out {
            cmds: self.cmds.into_iter().map(f).collect(),
            notes: self.notes,
        }
    }
}

/// A key for a screen: the action it resolved to in the screen's contexts (then the global
/// ones), and the character it types when a layer takes text.
#[derive(Clone, Copy, Debug)]
pub struct KeyIn {
    pub event: KeyEvent,
    pub action: Option<Action>,
    pub typed: Option<char>,
}

impl KeyIn {
    /// An action alone (from the palette).
    pub fn action(action: Action) -> KeyIn {
        KeyIn {
            event: KeyEvent::from(crossterm::event::KeyCode::Null),
            action: Some(action),
            typed: None,
        }
    }
}

/// The `/` search, as the shell's search line reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    /// The text so far, while typing.
    Typing(String),
    /// Enter.
    Done(String),
    /// Esc: no search.
    Cleared,
}

/// A feature's screen, as the shell drives it.
pub trait Screen {
    type Msg;
    type Cmd;

    /// The top layer's keymap contexts, most specific first (the global ones come after).
    fn contexts(&self) -> &'static [Context];
    /// A layer (a dialog, a form, a wizard) is open over the screen: `q` and `Esc` close it.
    fn layer_open(&self) -> bool {
        false
    }
    /// The top layer takes typed text: plain characters go to it, not to the keymap.
    fn typing(&self) -> bool {
        false
    }
    /// Text the user would lose by leaving.
    fn unsaved(&self) -> bool {
        false
    }
    /// A load of this screen is running.
    fn busy(&self) -> bool;
    /// A key; false when the screen has no use for it (the shell may then use it).
    fn key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Self::Cmd>) -> bool;
    /// A reply to one of its commands.
    fn update(&mut self, cx: &Ctx, msg: Self::Msg, out: &mut Out<Self::Cmd>);
    /// The screen is shown: load what it has not got.
    fn shown(&mut self, cx: &Ctx, out: &mut Out<Self::Cmd>);
    /// Read everything again (F5, a reconnection, settings changed). Only a screen that has
    /// loaded something reloads.
    fn reload(&mut self, cx: &Ctx, out: &mut Out<Self::Cmd>);
    /// Another session changed these kinds of rows.
    fn changed(&mut self, cx: &Ctx, kinds: &[crate::db::listen::Kind], out: &mut Out<Self::Cmd>);
    /// What the screen shows once its data are in, for the log's start-up milestone ("grid
    /// drawn with 2,000 bookings"); None while it has nothing.
    fn shows(&self) -> Option<String> {
        None
    }
    /// True while what the screen must show is being read (a week not loaded yet): the loop
    /// holds the frame a moment rather than draw it empty and then again full.
    fn awaits_shown_data(&self) -> bool {
        false
    }
    /// The search text this screen starts from; None: no search here.
    fn search_text(&self) -> Option<String> {
        None
    }
    fn search(&mut self, _cx: &Ctx, _search: Search) {}
    /// Stops waiting for the running loads: their slots, to stop them on the server.
    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        Vec::new()
    }
    fn tick(&mut self, _cx: &Ctx, _out: &mut Out<Self::Cmd>) {}
    fn resized(&mut self, _cx: &Ctx) {}
    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect);
}
