//! The shell's state and its `update`: messages in, commands out (Elm style). Nothing here
//! touches the terminal or the database, so "keys in, state out" tests drive it directly.
//!
//! A key goes to the top layer first: the shell's own (help, palette, search, "leave?"),
//! then the shown screen's (a form, a dialog, the wizard), then the screen itself. `Esc` and
//! `q` close the top layer; `q` quits only when none is open.

use std::path::PathBuf;

use chrono::{DateTime, Timelike, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::job::{Latest, Reply, Ticket};
use super::keymap::{Action, Context, Key, Keymap, Resolution};
use super::layers::Layer;
use super::router::{self, FeatureCmd, FeatureMsg, Screens, ORDER};
use super::screen::{KeyIn, Note, Out};
use super::theme::Theme;
use crate::db::cancel::Slot;
use crate::db::listen::{DbEvent, Kind};
use crate::i18n::{Lang, T};
use crate::session::Session;

pub use super::base::Base;
pub use super::router::Page;
pub use super::screen::{Failure, Level, Message};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnState {
    Connecting,
    Online,
    Reconnecting,
}

#[derive(Debug)]
pub enum Msg {
    Input(Event),
    Tick(DateTime<Utc>),
    Db(DbEvent),
    Session {
        id: u64,
        result: Result<Session, Failure>,
    },
    Feature(FeatureMsg),
    Shutdown,
}

/// Work for the event loop to run in the background; its answer comes back as a [`Msg`].
#[derive(Clone, Debug)]
pub enum Cmd {
    LoadSession(Ticket),
    /// Stop a load on the server.
    Cancel(Slot),
    Feature(FeatureCmd),
}

pub struct App {
    pub base: Base,
    pub screens: Screens,
    pub page: Page,
    /// The shell's layers over every screen, the top one last.
    pub layers: Vec<Layer>,
    pub conn: ConnState,
    pub message: Option<Message>,
    pub spinner: usize,
    pub should_quit: bool,
    /// Set when the screen must be drawn again.
    pub dirty: bool,
    session: Latest,
    pending_keys: Vec<Key>,
    /// `--kiosk`: the planning alone, read-only, turning to the next area by itself.
    pub kiosk: Option<Kiosk>,
}

/// A hallway screen: no key acts but quitting; every `every` the planning shows the next area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kiosk {
    pub every: chrono::Duration,
    pub turned: DateTime<Utc>,
}

impl Kiosk {
    pub fn new(seconds: u64, now: DateTime<Utc>) -> Kiosk {
        Kiosk {
            every: chrono::Duration::seconds(seconds as i64),
            turned: now,
        }
    }

    /// True when it is time for the next area (and the clock starts again).
    pub fn turn(&mut self, now: DateTime<Utc>) -> bool {
        if now - self.turned >= self.every {
            self.turned = now;
            true
        } else {
            false
        }
    }
}

impl App {
    pub fn new(
        lang: Lang,
        theme: Theme,
        keymap: Keymap,
        now: DateTime<Utc>,
        size: (u16, u16),
    ) -> App {
        App {
            base: Base {
                lang,
                lang_forced: false,
                theme,
                keymap,
                session: None,
                now,
                size,
                start_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            },
            screens: Screens::default(),
            page: Page::Planning,
            layers: Vec::new(),
            conn: ConnState::Connecting,
            message: None,
            spinner: 0,
            should_quit: false,
            dirty: true,
            session: Latest::default(),
            pending_keys: Vec::new(),
            kiosk: None,
        }
    }

    /// Who is connected: their language (unless the command line chose) and settings.
    pub fn set_session(&mut self, session: Session) {
        if !self.base.lang_forced {
            if let Some(lang) = session.language {
                self.base.lang = lang;
            }
        }
        // The welcome text, once, when the app opens.
        if self.base.session.is_none()
            && !session.welcome.trim().is_empty()
            && self.message.is_none()
        {
            self.message = Some(Message {
                text: session.welcome.clone(),
                level: Level::Info,
            });
        }
        self.base.session = Some(session);
    }

    /// What to load when the shell opens: who is connected (unless already known), and what
    /// the screen shows.
    pub fn start(&mut self) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if self.base.session.is_none() {
            cmds.push(Cmd::LoadSession(self.session.start()));
        }
        let shown = self.screens.shown(self.page, &self.base.cx());
        cmds.extend(self.apply(shown));
        cmds
    }

    pub fn is_busy(&self) -> bool {
        self.session.is_running() || self.screens.busy()
    }

    /// True while the page's data for what it shows are being read, no layer of the shell
    /// over it (a layer's own change is drawn at once).
    pub fn awaits_shown_data(&self) -> bool {
        self.layers.is_empty() && self.screens.awaits_shown_data(self.page)
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.say(text.into(), Level::Warn);
    }

    pub fn say(&mut self, text: String, level: Level) {
        self.message = Some(Message { text, level });
        self.dirty = true;
    }

    /// Keys typed while a multi-key binding is incomplete (`g` of `gg`), shown in the status line.
    pub fn pending_keys(&self) -> &[Key] {
        &self.pending_keys
    }

    /// A screen's answer: its notes shown, its commands wrapped for the loop.
    fn apply(&mut self, out: Out<FeatureCmd>) -> Vec<Cmd> {
        for note in out.notes {
            match note {
                Note::Say(m) => self.message = Some(m),
                Note::Quiet => self.message = None,
                Note::Failed(f) => self.on_failure(f),
            }
        }
        out.cmds.into_iter().map(Cmd::Feature).collect()
    }

    fn reload(&mut self) -> Vec<Cmd> {
        let mut cmds = vec![Cmd::LoadSession(self.session.start())];
        let out = self.screens.reload(self.page, &self.base.cx());
        cmds.extend(self.apply(out));
        cmds
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                self.dirty = true;
                return self.on_key(key);
            }
            Msg::Input(Event::Resize(w, h)) => {
                self.base.size = (w, h);
                self.screens.resized(&self.base.cx());
                self.dirty = true;
            }
            Msg::Input(_) => {}
            Msg::Tick(now) => {
                if self.is_busy() || self.conn != ConnState::Online {
                    self.spinner = self.spinner.wrapping_add(1);
                    self.dirty = true;
                }
                if now.minute() != self.base.now.minute() {
                    self.dirty = true;
                }
                self.base.now = now;
                let mut out = self.screens.tick(self.page, &self.base.cx());
                if self.kiosk.as_mut().is_some_and(|k| k.turn(now)) {
                    let (_, turned) = self.screens.key(
                        Page::Planning,
                        &self.base.cx(),
                        KeyIn::action(Action::NextArea),
                    );
                    out.cmds.extend(turned.cmds);
                    self.dirty = true;
                }
                if !out.cmds.is_empty() {
                    self.dirty = true;
                }
                return self.apply(out);
            }
            Msg::Db(event) => return self.on_db_event(event),
            Msg::Session { id, result } => {
                self.dirty = true;
                if let Reply::Use { .. } = self.session.reply(id) {
                    match result {
                        Ok(session) => self.set_session(session),
                        Err(f) => self.on_failure(f),
                    }
                }
            }
            Msg::Feature(msg) => {
                self.dirty = true;
                let out = self.screens.update(&self.base.cx(), msg);
                return self.apply(out);
            }
            Msg::Shutdown => self.should_quit = true,
        }
        Vec::new()
    }

    fn on_failure(&mut self, failure: Failure) {
        if failure.connection_lost {
            // The LISTEN task notices too and reloads everything once the server is back.
            self.conn = ConnState::Reconnecting;
        } else {
            let text = crate::i18n::fill(T::LoadFailed.text(self.base.lang), &[&failure.text]);
            self.message = Some(Message {
                text,
                level: Level::Error,
            });
        }
    }

    fn on_db_event(&mut self, event: DbEvent) -> Vec<Cmd> {
        self.dirty = true;
        match event {
            DbEvent::Online => {
                let was = std::mem::replace(&mut self.conn, ConnState::Online);
                if was == ConnState::Reconnecting {
                    return self.reload();
                }
            }
            DbEvent::Lost(reason) => {
                tracing::warn!("connection lost: {reason}");
                self.conn = ConnState::Reconnecting;
            }
            DbEvent::Changed(kinds) => {
                let everything = [Kind::Everything, Kind::Users, Kind::Settings];
                if kinds.iter().any(|k| everything.contains(k)) {
                    return self.reload();
                }
                let out = self.screens.changed(&self.base.cx(), &kinds);
                return self.apply(out);
            }
        }
        Vec::new()
    }

    fn on_key(&mut self, event: KeyEvent) -> Vec<Cmd> {
        // What the last action said ("Saved: 1 booking") is stale once the user acts again.
        self.message = None;
        let key = Key::from_event(&event);
        let typed = match event.code {
            KeyCode::Char(c)
                if !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        };
        if !self.layers.is_empty() {
            return self.layer_key(event, key, typed);
        }
        // A hallway screen: quitting is the one thing a key does.
        if self.kiosk.is_some() {
            if self.base.keymap.resolve(&[Context::Global], &[], key)
                == Resolution::Action(Action::Quit)
            {
                self.should_quit = true;
            }
            return Vec::new();
        }
        let page = self.page;
        let typing = self.screens.typing(page);
        let mut contexts = self.screens.contexts(page).to_vec();
        contexts.push(Context::Global);
        let action = if typing && typed.is_some() {
            None
        } else {
            let pending = if typing { &[][..] } else { &self.pending_keys };
            match self.base.keymap.resolve(&contexts, pending, key) {
                Resolution::Pending => {
                    self.pending_keys.push(key);
                    return Vec::new();
                }
                Resolution::Action(a) => Some(a),
                Resolution::Unbound => None,
            }
        };
        self.pending_keys.clear();
        let key = KeyIn {
            event,
            action,
            typed,
        };
        if action == Some(Action::Quit) {
            // `q` closes what is open; Ctrl-C and a `q` on a bare screen leave.
            if typed.is_some() && self.screens.layer_open(page) {
                return self.pass_to_screen(KeyIn {
                    action: Some(Action::Cancel),
                    ..key
                });
            }
            self.quit();
            return Vec::new();
        }
        if self.screens.layer_open(page) {
            return self.pass_to_screen(key);
        }
        self.act(key)
    }

    fn pass_to_screen(&mut self, key: KeyIn) -> Vec<Cmd> {
        let (_, out) = self.screens.key(self.page, &self.base.cx(), key);
        self.apply(out)
    }

    /// Leaves, unless a form holds unsaved text: then asks.
    pub(super) fn quit(&mut self) {
        if self.screens.unsaved() {
            self.layers.push(Layer::AskQuit);
        } else {
            self.should_quit = true;
        }
    }

    /// Runs an action in the main view, from a key or from the palette.
    pub fn perform(&mut self, action: Action) -> Vec<Cmd> {
        self.dirty = true;
        self.act(KeyIn::action(action))
    }

    /// A key on a screen with no layer open: the shell's own actions, then the screen's.
    fn act(&mut self, key: KeyIn) -> Vec<Cmd> {
        let page = self.page;
        match key.action {
            Some(Action::Quit) => self.quit(),
            Some(Action::Help) => self.layers.push(Layer::Help { scroll: 0 }),
            Some(Action::Palette) => self.layers.push(Layer::Palette(Default::default())),
            Some(Action::GoPlanning) => return self.show(Page::Planning),
            Some(Action::GoUsers) => return self.show(Page::Users),
            Some(Action::GoImports) => return self.show(Page::Imports),
            Some(Action::GoCorrelation) => return self.show(Page::Correlation),
            Some(Action::GoMail) => return self.show(Page::Mail),
            Some(Action::GoAdmin) => return self.show(Page::Admin),
            Some(Action::Search) => {
                if let Some(text) = self.screens.search_text(page) {
                    self.layers.push(Layer::Search(text.into()));
                }
            }
            Some(Action::Cancel) => {
                let running = self.screens.cancel(page);
                if !running.is_empty() {
                    self.say(T::Cancelled.text(self.base.lang).into(), Level::Info);
                    return running.into_iter().map(Cmd::Cancel).collect();
                }
                let cmds = self.pass_to_screen(key);
                if cmds.is_empty() {
                    self.message = None;
                }
                return cmds;
            }
            _ => {
                let (used, out) = self.screens.key(page, &self.base.cx(), key);
                let mut cmds = self.apply(out);
                if !used {
                    cmds.extend(self.unused(key));
                }
                return cmds;
            }
        }
        Vec::new()
    }

    /// What the shell does with an action the screen did not use: an action of another
    /// screen goes there (the palette's "new import" from the planning opens the wizard).
    fn unused(&mut self, key: KeyIn) -> Vec<Cmd> {
        if let Some(page) = key.action.and_then(router::page_of) {
            if page != self.page {
                let mut cmds = self.show(page);
                let (_, out) = self.screens.key(page, &self.base.cx(), key);
                cmds.extend(self.apply(out));
                return cmds;
            }
        }
        match key.action {
            Some(a @ (Action::NextView | Action::PrevView)) => {
                let i = ORDER.iter().position(|p| *p == self.page).unwrap_or(0);
                let n = ORDER.len();
                let next = if a == Action::NextView {
                    i + 1
                } else {
                    i + n - 1
                };
                self.show(ORDER[next % n])
            }
            Some(Action::Refresh) => {
                self.say(T::Refreshed.text(self.base.lang).into(), Level::Info);
                self.reload()
            }
            // A key that does nothing here says so, rather than nothing (moving at an edge
            // and Esc with nothing open are silent, as anywhere).
            Some(a) if !moves(a) => {
                let lang = self.base.lang;
                let text =
                    crate::i18n::fill(T::NothingHere.text(lang), &[&a.description().text(lang)]);
                self.say(text, Level::Info);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Switches screens, loading what the new one has not loaded yet.
    pub fn show(&mut self, page: Page) -> Vec<Cmd> {
        self.page = page;
        let out = self.screens.shown(page, &self.base.cx());
        self.apply(out)
    }

    /// The installation's time zone, UTC when the setting is not a known zone.
    pub fn timezone(&self) -> chrono_tz::Tz {
        self.base.timezone()
    }
}

/// Moving keys: at an edge or on an empty list they have nothing to say.
fn moves(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::PageUp
            | Action::PageDown
            | Action::HalfPageUp
            | Action::HalfPageDown
            | Action::First
            | Action::Last
            | Action::Cancel
    )
}
