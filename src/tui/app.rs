//! The shell's state and its `update`: messages in, commands out (Elm style). Nothing here
//! touches the terminal or the database, so "keys in, state out" tests drive it directly.

use std::collections::BTreeSet;

use chrono::{DateTime, Timelike, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::help;
use super::keymap::{Action, Context, Key, Keymap, Resolution};
use super::palette::Palette;
use super::theme::Theme;
use crate::db::listen::DbEvent;
use crate::i18n::{Lang, T};
use crate::import::dates::DateOrder;
use crate::import::report::Report;
use crate::import::store::RunRow;
use crate::import::view::ImportsPane;
use crate::import::wizard::{
    CheckSummary, Input, Loading, Outcome, PreviewData, Step, Wizard, WizardCmd,
};
use crate::users::model::{Session, UserRow};
use crate::users::view::{table_height, UsersPane};
use std::path::PathBuf;

pub mod correlation;
pub mod planning;

pub use planning::PlanningOverlay;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnState {
    Connecting,
    Online,
    Reconnecting,
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help { scroll: usize },
    Palette(Palette),
    Search { query: String },
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

/// The screens Tab goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Planning,
    Users,
    Imports,
    Correlation,
}

#[derive(Debug)]
pub enum Msg {
    Input(Event),
    Tick(DateTime<Utc>),
    Db(DbEvent),
    Session {
        request: u64,
        result: Result<Session, Failure>,
    },
    Users {
        request: u64,
        result: Result<Vec<UserRow>, Failure>,
    },
    ImportRuns {
        request: u64,
        result: Result<Vec<RunRow>, Failure>,
    },
    RunReport(Result<Box<Report>, Failure>),
    WizardPreviewed {
        path: PathBuf,
        result: Result<Box<PreviewData>, String>,
    },
    WizardChecked {
        path: PathBuf,
        result: Result<CheckSummary, String>,
    },
    WizardProgress {
        done: u64,
        total: u64,
    },
    WizardFinished(Result<Box<Report>, crate::import::wizard::RunFailure>),
    WizardHeaders {
        path: std::path::PathBuf,
        result: Result<Vec<String>, String>,
    },
    /// The mapping's name, or why it could not be saved.
    WizardMappingSaved(Result<String, String>),
    PlanningStructure {
        request: u64,
        result: Result<Box<crate::booking::plan_store::Structure>, Failure>,
    },
    PlanningBookings {
        request: u64,
        loaded: crate::booking::pane::Loaded,
        result: Result<Vec<crate::booking::plan::BookingInfo>, Failure>,
    },
    Planning(planning::PlanningMsg),
    CorrelationLoaded {
        request: u64,
        result: Result<Box<crate::correlation::store::State>, Failure>,
    },
    /// A decision was written (Ok) or refused (Err, the reason).
    CorrelationDone(Result<(), String>),
    AccountAttrs {
        login: String,
        attrs: crate::correlation::ldif::Attributes,
    },
    Shutdown,
}

/// Work for the event loop to run in the background; its answer comes back as a [`Msg`].
#[derive(Clone, Debug)]
pub enum Cmd {
    LoadSession {
        request: u64,
    },
    LoadUsers {
        request: u64,
    },
    LoadImportRuns {
        request: u64,
    },
    LoadRunReport {
        id: i64,
    },
    Wizard(WizardCmd),
    LoadPlanningStructure {
        request: u64,
    },
    LoadPlanningBookings {
        request: u64,
        rooms: Vec<i64>,
        loaded: crate::booking::pane::Loaded,
    },
    RememberPlanning {
        area: Option<i64>,
        room: Option<i64>,
        view: crate::booking::plan::ViewKind,
    },
    Planning(planning::PlanningCmd),
    LoadCorrelation {
        request: u64,
    },
    Correlate(correlation::CorrelationCmd),
    LoadAccountAttrs {
        login: String,
    },
}

pub struct App {
    pub lang: Lang,
    /// Set by `--lang`: then the user's own setting does not override it.
    pub lang_forced: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    pub session: Option<Session>,
    pub conn: ConnState,
    pub message: Option<Message>,
    pub overlay: Overlay,
    pub users: UsersPane,
    pub screen: Screen,
    pub imports: ImportsPane,
    pub planning: crate::booking::pane::PlanningPane,
    pub planning_overlay: PlanningOverlay,
    pub correlation: crate::correlation::pane::CorrelationPane,
    /// Where the import wizard's file browser starts.
    pub start_dir: PathBuf,
    pub size: (u16, u16),
    pub now: DateTime<Utc>,
    pub spinner: usize,
    pub should_quit: bool,
    /// Set when the screen must be drawn again.
    pub dirty: bool,
    in_flight: BTreeSet<u64>,
    latest_session: u64,
    latest_users: u64,
    latest_runs: u64,
    latest_structure: u64,
    latest_bookings: u64,
    latest_correlation: u64,
    /// A change was announced while a reload of the same data ran: reload once more after it.
    bookings_stale: bool,
    correlation_stale: bool,
    next_request: u64,
    pending_keys: Vec<Key>,
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
            lang,
            lang_forced: false,
            theme,
            keymap,
            session: None,
            conn: ConnState::Connecting,
            message: None,
            overlay: Overlay::None,
            users: UsersPane::default(),
            screen: Screen::Planning,
            imports: ImportsPane::default(),
            planning: Default::default(),
            planning_overlay: PlanningOverlay::None,
            correlation: Default::default(),
            start_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            size,
            now,
            spinner: 0,
            should_quit: false,
            dirty: true,
            in_flight: BTreeSet::new(),
            latest_session: 0,
            latest_users: 0,
            latest_runs: 0,
            latest_structure: 0,
            latest_bookings: 0,
            bookings_stale: false,
            correlation_stale: false,
            latest_correlation: 0,
            next_request: 0,
            pending_keys: Vec::new(),
        }
    }

    /// What to load when the shell opens.
    pub fn start(&mut self) -> Vec<Cmd> {
        self.reload()
    }

    pub fn is_busy(&self) -> bool {
        !self.in_flight.is_empty()
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            level: Level::Warn,
        });
        self.dirty = true;
    }

    fn request(&mut self) -> u64 {
        self.next_request += 1;
        self.in_flight.insert(self.next_request);
        self.next_request
    }

    fn reload(&mut self) -> Vec<Cmd> {
        let session = self.request();
        self.latest_session = session;
        let users = self.request();
        self.latest_users = users;
        let mut cmds = vec![
            Cmd::LoadSession { request: session },
            Cmd::LoadUsers { request: users },
        ];
        if self.imports.runs.is_some() || self.screen == Screen::Imports {
            cmds.push(self.reload_runs());
        }
        if self.correlation.state.is_some() || self.screen == Screen::Correlation {
            cmds.push(self.reload_correlation());
        }
        if self.planning.structure.is_some() || self.screen == Screen::Planning {
            cmds.push(self.reload_structure());
            self.planning.loaded = None;
        }
        cmds
    }

    /// Another session changed correlation rows: reload what is shown, one load at a time.
    fn on_correlation_change(&mut self) -> Vec<Cmd> {
        if self.correlation.state.is_none() {
            return Vec::new();
        }
        if self.in_flight.contains(&self.latest_correlation) {
            self.correlation_stale = true;
            return Vec::new();
        }
        vec![self.reload_correlation()]
    }

    fn reload_runs(&mut self) -> Cmd {
        let request = self.request();
        self.latest_runs = request;
        Cmd::LoadImportRuns { request }
    }

    fn body_rows(&self) -> usize {
        table_height(self.size.1.saturating_sub(2))
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                self.dirty = true;
                return self.on_key(key);
            }
            Msg::Input(Event::Resize(w, h)) => {
                self.size = (w, h);
                let rows = self.body_rows();
                self.users.scroll_into_view(rows);
                self.planning_scroll();
                self.dirty = true;
            }
            Msg::Input(_) => {}
            Msg::Tick(now) => {
                if self.is_busy() || self.conn != ConnState::Online {
                    self.spinner = self.spinner.wrapping_add(1);
                    self.dirty = true;
                }
                if now.minute() != self.now.minute() {
                    self.dirty = true;
                }
                self.now = now;
                if self.screen == Screen::Correlation {
                    if let Some(login) = self.correlation.settle() {
                        return vec![Cmd::LoadAccountAttrs { login }];
                    }
                }
            }
            Msg::Db(event) => return self.on_db_event(event),
            Msg::Session { request, result } => {
                self.in_flight.remove(&request);
                self.dirty = true;
                if request == self.latest_session {
                    match result {
                        Ok(session) => {
                            if !self.lang_forced {
                                if let Some(lang) = session.language {
                                    self.lang = lang;
                                }
                            }
                            // Said at once, rather than after a wizard ran to the end.
                            self.imports.denied = !session.manages_people;
                            self.correlation.denied = !session.manages_people;
                            self.session = Some(session);
                        }
                        Err(f) => self.on_failure(f),
                    }
                }
            }
            Msg::Users { request, result } => {
                self.in_flight.remove(&request);
                self.dirty = true;
                if request == self.latest_users {
                    match result {
                        Ok(rows) => self.users.replace(rows),
                        Err(f) => self.on_failure(f),
                    }
                }
            }
            Msg::ImportRuns { request, result } => {
                self.in_flight.remove(&request);
                self.dirty = true;
                if request == self.latest_runs {
                    match result {
                        Ok(runs) => {
                            self.imports.selected =
                                self.imports.selected.min(runs.len().saturating_sub(1));
                            self.imports.offset = self.imports.offset.min(self.imports.selected);
                            self.imports.runs = Some(runs);
                        }
                        Err(f) => self.on_failure(f),
                    }
                }
            }
            Msg::RunReport(result) => {
                self.dirty = true;
                match result {
                    Ok(report) => {
                        let mut wizard = self.new_wizard();
                        wizard.step = Step::Finished {
                            result: Loading::Ready(report),
                            scroll: 0,
                        };
                        self.imports.wizard = Some(wizard);
                    }
                    Err(f) => self.on_failure(f),
                }
            }
            Msg::WizardPreviewed { path, result } => {
                self.dirty = true;
                if let Some(w) = &mut self.imports.wizard {
                    w.previewed(&path, result.map(|b| *b));
                }
            }
            Msg::WizardChecked { path, result } => {
                self.dirty = true;
                if let Some(w) = &mut self.imports.wizard {
                    w.checked(&path, result);
                }
            }
            Msg::WizardProgress { done, total } => {
                self.dirty = true;
                if let Some(w) = &mut self.imports.wizard {
                    w.progressed(done, total);
                }
            }
            Msg::WizardHeaders { path, result } => {
                self.dirty = true;
                if let Some(w) = &mut self.imports.wizard {
                    w.headers_read(&path, result);
                }
            }
            Msg::WizardMappingSaved(result) => {
                self.dirty = true;
                if let Some(w) = &mut self.imports.wizard {
                    w.mapping_saved(result);
                }
            }
            Msg::WizardFinished(result) => {
                self.dirty = true;
                if let Some(w) = &mut self.imports.wizard {
                    w.finished(result.map(|b| *b));
                }
            }
            Msg::PlanningStructure { request, result } => {
                self.in_flight.remove(&request);
                self.dirty = true;
                if request == self.latest_structure {
                    match result {
                        Ok(structure) => return self.planning_structure(*structure),
                        Err(f) => self.on_failure(f),
                    }
                }
            }
            Msg::PlanningBookings {
                request,
                loaded,
                result,
            } => {
                self.in_flight.remove(&request);
                self.dirty = true;
                if request == self.latest_bookings {
                    match result {
                        Ok(bookings) => {
                            self.planning.bookings = bookings;
                            self.planning.loaded = Some(loaded);
                        }
                        Err(f) => self.on_failure(f),
                    }
                    if std::mem::take(&mut self.bookings_stale) {
                        return self.on_booking_change();
                    }
                }
            }
            Msg::Planning(msg) => {
                self.dirty = true;
                return self.on_planning_msg(msg);
            }
            Msg::CorrelationLoaded { request, result } => {
                self.in_flight.remove(&request);
                self.dirty = true;
                if request == self.latest_correlation {
                    match result {
                        Ok(state) => self.correlation_loaded(*state),
                        Err(f) => self.on_failure(f),
                    }
                    if std::mem::take(&mut self.correlation_stale) {
                        return self.on_correlation_change();
                    }
                }
            }
            Msg::AccountAttrs { login, attrs } => {
                self.dirty = true;
                self.correlation.attrs = Some((login, attrs));
            }
            Msg::CorrelationDone(result) => {
                self.dirty = true;
                if let Err(text) = result {
                    self.message = Some(Message {
                        text,
                        level: Level::Error,
                    });
                }
                return vec![self.reload_correlation()];
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
            let text = crate::i18n::fill(T::LoadFailed.text(self.lang), &[&failure.text]);
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
                let has = |k: &str| kinds.iter().any(|x| x == k);
                if has(crate::db::listen::EVERYTHING) || has("app_user") || has("setting") {
                    return self.reload();
                }
                let mut cmds = Vec::new();
                if has("booking") {
                    cmds.extend(self.on_booking_change());
                }
                if has("correlation_link")
                    || has("correlation_decision")
                    || has("directory_run")
                    || has("local_account")
                {
                    cmds.extend(self.on_correlation_change());
                }
                if has("import_run") && self.imports.runs.is_some() {
                    cmds.push(self.reload_runs());
                }
                return cmds;
            }
        }
        Vec::new()
    }

    fn on_key(&mut self, event: KeyEvent) -> Vec<Cmd> {
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
        if self.screen == Screen::Planning && self.planning_overlay.is_open() {
            if let Some(cmds) = self.planning_key(&event, key, typed) {
                return cmds;
            }
        }
        // Typing the name a column mapping is saved under.
        if self.screen == Screen::Imports {
            if let Some(wizard) = self.imports.wizard.as_mut().filter(|w| w.naming.is_some()) {
                use crate::import::wizard::NameKey;
                let name_key = match (typed, event.code) {
                    (Some(c), _) => Some(NameKey::Char(c)),
                    (None, KeyCode::Backspace) => Some(NameKey::Backspace),
                    (None, KeyCode::Enter) => Some(NameKey::Enter),
                    (None, KeyCode::Esc) => Some(NameKey::Cancel),
                    _ => None,
                };
                self.dirty = true;
                return name_key
                    .map(|k| wizard.type_name(k).into_iter().map(Cmd::Wizard).collect())
                    .unwrap_or_default();
            }
        }
        match &mut self.overlay {
            Overlay::Palette(palette) => {
                if let Some(c) = typed {
                    palette.type_char(c);
                    return Vec::new();
                }
                if event.code == KeyCode::Backspace {
                    palette.backspace();
                    return Vec::new();
                }
                match self
                    .keymap
                    .resolve(&[Context::Palette, Context::Global], &[], key)
                {
                    Resolution::Action(Action::Cancel) => self.overlay = Overlay::None,
                    Resolution::Action(Action::Up) => palette.move_by(-1),
                    Resolution::Action(Action::Down) => palette.move_by(1),
                    Resolution::Action(Action::Confirm) => {
                        let chosen = palette.chosen(self.lang);
                        self.overlay = Overlay::None;
                        if let Some(action) = chosen {
                            return self.perform(action);
                        }
                    }
                    Resolution::Action(Action::Quit) => self.should_quit = true,
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Search { query } => {
                match (typed, event.code) {
                    (Some(c), _) => {
                        query.push(c);
                        // The correlation filters both columns as you type.
                        if self.screen == Screen::Correlation {
                            self.correlation.search = query.clone();
                            self.correlation.rebuild();
                        }
                    }
                    (None, KeyCode::Backspace) => {
                        query.pop();
                        if self.screen == Screen::Correlation {
                            self.correlation.search = query.clone();
                            self.correlation.rebuild();
                        }
                    }
                    (None, KeyCode::Enter) => {
                        let query = std::mem::take(query);
                        self.overlay = Overlay::None;
                        if self.screen == Screen::Planning {
                            self.planning.search = query;
                        } else if self.screen == Screen::Correlation {
                            self.correlation.search = query;
                            self.correlation.rebuild();
                        } else {
                            self.users.set_filter(query);
                        }
                    }
                    (None, KeyCode::Esc) => {
                        self.overlay = Overlay::None;
                        if self.screen == Screen::Planning {
                            self.planning.search.clear();
                        } else if self.screen == Screen::Correlation {
                            self.correlation.search.clear();
                            self.correlation.rebuild();
                        } else {
                            self.users.set_filter(String::new());
                        }
                    }
                    _ => {
                        if self.keymap.resolve(&[Context::Global], &[], key)
                            == Resolution::Action(Action::Quit)
                        {
                            self.should_quit = true;
                        }
                    }
                }
                Vec::new()
            }
            Overlay::Help { .. } => {
                let action = match self
                    .keymap
                    .resolve(&[Context::Help, Context::Global], &[], key)
                {
                    Resolution::Action(a) => a,
                    _ => return Vec::new(),
                };
                let total = help::lines(&self.keymap, self.lang).len();
                let page = self.size.1.saturating_sub(8).max(1) as usize;
                if let Overlay::Help { scroll } = &mut self.overlay {
                    let max = total.saturating_sub(page);
                    match action {
                        Action::Cancel | Action::Help => self.overlay = Overlay::None,
                        Action::Up => *scroll = scroll.saturating_sub(1),
                        Action::Down => *scroll = (*scroll + 1).min(max),
                        Action::PageUp | Action::HalfPageUp => {
                            *scroll = scroll.saturating_sub(page)
                        }
                        Action::PageDown | Action::HalfPageDown => {
                            *scroll = (*scroll + page).min(max)
                        }
                        Action::Quit => self.should_quit = true,
                        _ => {}
                    }
                }
                Vec::new()
            }
            Overlay::None => {
                let contexts: &[Context] = match self.screen {
                    Screen::Planning => &[Context::Planning, Context::List, Context::Global],
                    Screen::Correlation if self.correlation.confirm_forget => {
                        &[Context::Confirm, Context::Global]
                    }
                    Screen::Correlation => &[Context::Correlation, Context::List, Context::Global],
                    Screen::Users => &[Context::List, Context::Global],
                    Screen::Imports => &[Context::Imports, Context::List, Context::Global],
                };
                match self.keymap.resolve(contexts, &self.pending_keys, key) {
                    Resolution::Pending => {
                        self.pending_keys.push(key);
                        Vec::new()
                    }
                    Resolution::Action(action) => {
                        self.pending_keys.clear();
                        self.perform(action)
                    }
                    Resolution::Unbound => {
                        self.pending_keys.clear();
                        Vec::new()
                    }
                }
            }
        }
    }

    /// Runs an action in the main view, from a key or from the palette.
    pub fn perform(&mut self, action: Action) -> Vec<Cmd> {
        self.dirty = true;
        match action {
            Action::GoPlanning => return self.show(Screen::Planning),
            Action::GoUsers => return self.show(Screen::Users),
            Action::GoImports => return self.show(Screen::Imports),
            Action::GoCorrelation => return self.show(Screen::Correlation),
            Action::NextView | Action::PrevView if self.screen != Screen::Planning => {
                // Tab goes round: planning, users, imports, correlation.
                let order = [
                    Screen::Planning,
                    Screen::Users,
                    Screen::Imports,
                    Screen::Correlation,
                ];
                let i = order.iter().position(|s| *s == self.screen).unwrap_or(0);
                let next = if action == Action::NextView {
                    order[(i + 1) % order.len()]
                } else {
                    order[(i + order.len() - 1) % order.len()]
                };
                return self.show(next);
            }
            Action::Quit | Action::Help | Action::Palette => {}
            _ if self.screen == Screen::Imports => return self.perform_imports(action),
            _ if self.screen == Screen::Planning => return self.perform_planning(action),
            _ if self.screen == Screen::Correlation => return self.perform_correlation(action),
            _ => {}
        }
        let rows = self.body_rows();
        let page = rows.max(1) as isize;
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Palette => self.overlay = Overlay::Palette(Palette::default()),
            Action::Search => {
                self.overlay = Overlay::Search {
                    query: self.users.filter.clone(),
                }
            }
            Action::Refresh => {
                self.message = Some(Message {
                    text: T::Refreshed.text(self.lang).into(),
                    level: Level::Info,
                });
                return self.reload();
            }
            Action::Cancel => {
                self.message = None;
                if !self.users.filter.is_empty() {
                    self.users.set_filter(String::new());
                }
            }
            Action::Up => self.users.move_by(-1, rows),
            Action::Down => self.users.move_by(1, rows),
            Action::PageUp => self.users.move_by(-page, rows),
            Action::PageDown => self.users.move_by(page, rows),
            Action::HalfPageUp => self.users.move_by(-(page / 2).max(1), rows),
            Action::HalfPageDown => self.users.move_by((page / 2).max(1), rows),
            Action::First => self.users.move_by(isize::MIN / 2, rows),
            Action::Last => self.users.move_by(isize::MAX / 2, rows),
            // Nothing to open or to move sideways in the users list yet.
            Action::Confirm
            | Action::Left
            | Action::Right
            | Action::NextView
            | Action::PrevView
            | Action::Today
            | Action::GoToDate
            | Action::NewBooking
            | Action::Edit
            | Action::Delete
            | Action::NextRoom
            | Action::PrevRoom
            | Action::NextArea
            | Action::PrevArea
            | Action::Moderation
            | Action::PickPlace
            | Action::GoPlanning
            | Action::GoUsers
            | Action::GoImports
            | Action::Save
            | Action::LoanBorrowed
            | Action::LoanReturned
            | Action::LoanOverdue
            | Action::Accept
            | Action::AcceptSeries
            | Action::Refuse
            | Action::RefuseSeries
            | Action::Yes
            | Action::WholeSeries
            | Action::No
            | Action::Mark
            | Action::MarkCategory
            | Action::Link
            | Action::LinkSuggestion
            | Action::Keep
            | Action::KeepAlways
            | Action::Forget
            | Action::Undo
            | Action::Sort
            | Action::Filter
            | Action::GoCorrelation => {}
            Action::NewImport
            | Action::CycleEncoding
            | Action::CycleDelimiter
            | Action::CycleDateOrder
            | Action::MapColumns
            | Action::SaveMapping
            | Action::ParentFolder => {}
        }
        Vec::new()
    }

    /// Switches screens, loading what the new one has not loaded yet.
    fn show(&mut self, screen: Screen) -> Vec<Cmd> {
        self.screen = screen;
        match screen {
            Screen::Imports if self.imports.runs.is_none() => vec![self.reload_runs()],
            Screen::Planning if self.planning.structure.is_none() => vec![self.reload_structure()],
            Screen::Correlation if self.correlation.state.is_none() => {
                vec![self.reload_correlation()]
            }
            _ => Vec::new(),
        }
    }

    fn new_wizard(&self) -> Wizard {
        let order = self
            .session
            .as_ref()
            .and_then(|s| DateOrder::parse(&s.import_date_order))
            .unwrap_or(DateOrder::Dmy);
        Wizard::new(self.start_dir.clone(), self.now.date_naive(), order)
    }

    /// Actions on the Imports screen: the runs list, or the wizard when it is open.
    fn perform_imports(&mut self, action: Action) -> Vec<Cmd> {
        let page = self.body_rows().max(1);
        if let Some(wizard) = &mut self.imports.wizard {
            let input = match action {
                Action::Up => Input::Up,
                Action::Down => Input::Down,
                Action::PageUp | Action::HalfPageUp => Input::PageUp,
                Action::PageDown | Action::HalfPageDown => Input::PageDown,
                Action::First => Input::First,
                Action::Last => Input::Last,
                Action::Confirm => Input::Confirm,
                Action::Cancel => Input::Back,
                Action::ParentFolder | Action::Left => Input::Parent,
                Action::CycleEncoding => Input::CycleEncoding,
                Action::CycleDelimiter => Input::CycleDelimiter,
                Action::CycleDateOrder => Input::CycleDateOrder,
                Action::MapColumns => Input::MapColumns,
                Action::SaveMapping => Input::SaveMapping,
                Action::Right => Input::Next,
                _ => return Vec::new(),
            };
            return match wizard.input(input, page) {
                Outcome::Stay(cmds) => cmds.into_iter().map(Cmd::Wizard).collect(),
                Outcome::Closed { imported } => {
                    self.imports.wizard = None;
                    if imported {
                        vec![self.reload_runs()]
                    } else {
                        Vec::new()
                    }
                }
            };
        }
        let count = self.imports.runs.as_ref().map(Vec::len).unwrap_or(0);
        let delta: isize = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp | Action::HalfPageUp => -(page as isize),
            Action::PageDown | Action::HalfPageDown => page as isize,
            Action::First => isize::MIN / 2,
            Action::Last => isize::MAX / 2,
            Action::NewImport if self.imports.denied => return Vec::new(),
            Action::NewImport => {
                self.imports.wizard = Some(self.new_wizard());
                return Vec::new();
            }
            Action::Confirm => {
                let pane = &self.imports;
                let id = pane
                    .runs
                    .as_ref()
                    .and_then(|r| r.get(pane.selected))
                    .map(|r| r.id);
                return id
                    .map(|id| vec![Cmd::LoadRunReport { id }])
                    .unwrap_or_default();
            }
            Action::Refresh => return vec![self.reload_runs()],
            _ => return Vec::new(),
        };
        let pane = &mut self.imports;
        if count > 0 {
            pane.selected = pane.selected.saturating_add_signed(delta).min(count - 1);
            if pane.selected < pane.offset {
                pane.offset = pane.selected;
            } else if pane.selected >= pane.offset + page {
                pane.offset = pane.selected + 1 - page;
            }
        }
        Vec::new()
    }

    /// Keys typed while a multi-key binding is incomplete (`g` of `gg`), shown in the status line.
    pub fn pending_keys(&self) -> &[Key] {
        &self.pending_keys
    }

    /// The installation's time zone, UTC when the setting is not a known zone.
    pub fn timezone(&self) -> chrono_tz::Tz {
        self.session
            .as_ref()
            .and_then(|s| s.timezone.parse().ok())
            .unwrap_or(chrono_tz::UTC)
    }
}
