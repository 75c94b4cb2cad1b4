//! The planning screen.
//!
//! - `pane`: where the planning is (area, room, view, date, cursor) and the bookings loaded.
//! - `layers`: what opens over the grid (go to a date, a booking's detail, the form, delete
//!   confirmation, the place picker, the moderation queue), a stack, and their keys.
//! - `form`: the booking form's state and checks.
//! - `effects`: each [`Cmd`] run against the database, answered by one [`Msg`].
//! - `grid` and `overlays` draw the grid and the layers; they read the state, change nothing.
//!
//! Moving the cursor never asks the database: `pane.wanted()` says when a range must load.

pub mod effects;
pub mod form;
pub mod grid;
pub mod layers;
pub mod overlays;
pub mod pane;

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::Frame;

use self::form::Form;
use self::layers::Layer;
use self::pane::{Loaded, PlanningPane};
use crate::booking::model::plan::{BookingInfo, ViewKind};
use crate::booking::model::refusal::Refusal;
use crate::booking::model::state::Loan;
use crate::booking::plan_store::Structure;
use crate::booking::store::Booked;
use crate::db::listen::Kind;
use crate::i18n::{fill, Lang, T};
use crate::tui::job::{Latest, Reply, Ticket};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, Failure, KeyIn, Level, Out, Screen, Search};

#[derive(Debug, Default)]
pub struct State {
    pub pane: PlanningPane,
    /// Active users for the form's beneficiary completion, read the first time a form needs
    /// them (and again after another session changed users).
    pub users: Option<Vec<(String, String)>>,
    /// Open over the grid, the top one last.
    pub layers: Vec<Layer>,
    structure: Latest,
    bookings: Latest,
}

/// A refusal as the form needs it: the database's rule, to put it by its field.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    Rule(Refusal),
    Other(String),
}

impl Refused {
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Refused::Rule(r) => Some(r),
            Refused::Other(_) => None,
        }
    }

    pub fn text(&self, lang: Lang, tz: chrono_tz::Tz) -> String {
        match self {
            Refused::Rule(r) => r.explain(lang, tz),
            Refused::Other(text) => text.clone(),
        }
    }
}

/// A write that went through, said in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Done {
    Deleted(usize),
    Moderated(usize),
    Loan(Loan),
    Confirmed(usize),
}

#[derive(Debug)]
pub enum Msg {
    Structure {
        id: u64,
        result: Result<Box<Structure>, Failure>,
    },
    Bookings {
        id: u64,
        loaded: Loaded,
        result: Result<Vec<BookingInfo>, Failure>,
    },
    History {
        id: i64,
        result: Result<Vec<(String, String, String)>, Failure>,
    },
    Done(Result<Done, Refused>),
    Saved(Result<Booked, Refused>),
    /// The rule of the series booking `booking` belongs to, for the form.
    Series {
        booking: i64,
        series: Option<crate::booking::model::repeat::Series>,
    },
    Queue(Result<Vec<BookingInfo>, Failure>),
    Users(Result<Vec<(String, String)>, Failure>),
    Preview {
        generation: u64,
        /// None when the check failed: the form says nothing rather than "all free".
        conflicts: Option<Vec<NaiveDate>>,
    },
}

#[derive(Clone, Debug)]
pub enum Cmd {
    LoadStructure(Ticket),
    LoadBookings {
        ticket: Ticket,
        rooms: Vec<i64>,
        loaded: Loaded,
        /// The installation's zone: whole local days are asked for.
        tz: chrono_tz::Tz,
    },
    /// Where the user is, for next time (no history, no announcement).
    Remember {
        area: Option<i64>,
        room: Option<i64>,
        view: ViewKind,
    },
    LoadHistory {
        id: i64,
    },
    Save(Box<form::Request>),
    LoadSeries {
        booking: i64,
    },
    Delete {
        id: i64,
        series: bool,
    },
    Moderate {
        id: i64,
        accept: bool,
        reason: String,
        series: bool,
    },
    Loan {
        id: i64,
        state: Loan,
    },
    LoadQueue,
    LoadUsers,
    /// Confirm a tentative booking (and its series' tentative occurrences).
    Confirm {
        id: i64,
    },
    Preview {
        generation: u64,
        room: i64,
        occurrences: Vec<crate::booking::model::repeat::Occurrence>,
        /// The booking being edited, and its series when the whole series is: not conflicts.
        except: Vec<i64>,
        series: Option<i64>,
    },
}

const GRID: &[Context] = &[Context::Planning, Context::List];

impl State {
    pub fn top(&self) -> Option<&Layer> {
        self.layers.last()
    }

    fn load_structure(&mut self, out: &mut Out<Cmd>) {
        out.run(Cmd::LoadStructure(self.structure.start()));
    }

    /// Loads the bookings the view needs and has not got; else, once nothing is loading, the
    /// range either side the next PgUp/PgDn will show, so that it draws without waiting.
    pub(super) fn loads(&mut self, cx: &Ctx, out: &mut Out<Cmd>) {
        let ahead = || {
            (!self.bookings.is_running())
                .then(|| self.pane.ahead())
                .flatten()
        };
        let Some(loaded) = self.pane.wanted().or_else(ahead) else {
            return;
        };
        out.run(Cmd::LoadBookings {
            ticket: self.bookings.start(),
            rooms: self.pane.room_ids(),
            loaded,
            tz: cx.tz(),
        });
    }

    pub(super) fn scroll(&mut self, cx: &Ctx) {
        let (w, h) = cx.body;
        if let Some(g) = grid::geometry(&self.pane, cx.lang, w, h) {
            self.pane.scroll_into_view(g.visible_cols, g.visible_rows);
        }
    }

    pub(super) fn remember(&self) -> Cmd {
        Cmd::Remember {
            area: self.pane.area_info().map(|a| a.id),
            room: self.pane.room_info().map(|r| r.id),
            view: self.pane.view(),
        }
    }

    /// The grid's keys (no layer open).
    fn grid_key(&mut self, cx: &Ctx, action: Action, out: &mut Out<Cmd>) -> bool {
        let tz = cx.tz();
        let pane = &mut self.pane;
        match action {
            Action::Up => pane.move_by(0, -1),
            Action::Down => pane.move_by(0, 1),
            Action::Left => pane.move_by(-1, 0),
            Action::Right => pane.move_by(1, 0),
            Action::PageUp | Action::HalfPageUp => pane.page(false),
            Action::PageDown | Action::HalfPageDown => pane.page(true),
            Action::First => pane.move_by(-10_000, -10_000),
            Action::Last => pane.move_by(10_000, 10_000),
            Action::Today => pane.go_to(cx.today()),
            Action::GoToDate => self.layers.push(Layer::go_to()),
            Action::NextView | Action::PrevView => {
                pane.cycle_view(action == Action::NextView);
                out.run(self.remember());
            }
            Action::NextRoom | Action::PrevRoom => {
                let n = pane.rooms().len();
                if n > 0 {
                    let step = if action == Action::NextRoom { 1 } else { n - 1 };
                    pane.select_room((pane.room + step) % n);
                    out.run(self.remember());
                }
            }
            Action::NextArea | Action::PrevArea => {
                let n = pane.structure.as_ref().map(|s| s.areas.len()).unwrap_or(0);
                if n > 0 {
                    let step = if action == Action::NextArea { 1 } else { n - 1 };
                    pane.select_area((pane.area + step) % n);
                    out.run(self.remember());
                }
            }
            Action::Cancel => {
                out.quiet();
                pane.search.clear();
            }
            Action::Refresh => {
                out.say(T::Refreshed.text(cx.lang), Level::Info);
                pane.loaded = None;
                self.load_structure(out);
            }
            Action::Confirm => {
                let here: Vec<BookingInfo> = pane
                    .target()
                    .map(|t| pane.cell(tz, &t).into_iter().cloned().collect())
                    .unwrap_or_default();
                match here.as_slice() {
                    // A cell of a whole day holding several: every one of them, to choose.
                    [_, _, ..] if pane.target().is_some_and(|t| t.slot.is_none()) => {
                        self.layers.push(Layer::Cell {
                            items: here,
                            cursor: Default::default(),
                        })
                    }
                    _ => match pane.at_cursor(tz).cloned() {
                        Some(b) => self.open_detail(b, out),
                        None => self.open_form(cx, None, out),
                    },
                }
            }
            Action::NewBooking => self.open_form(cx, None, out),
            Action::Edit => {
                if let Some(b) = pane.at_cursor(tz).cloned() {
                    self.open_form(cx, Some(b), out);
                }
            }
            Action::Delete => {
                if let Some(b) = pane.at_cursor(tz).cloned() {
                    if !self.may_change(cx, &b) {
                        out.say(T::PlanningReadOnly.text(cx.lang), Level::Warn);
                    } else {
                        self.layers.push(Layer::ConfirmDelete {
                            booking: Box::new(b),
                        });
                    }
                }
            }
            Action::PickPlace => self.layers.push(Layer::picker(&self.pane)),
            Action::Moderation => {
                self.layers.push(Layer::queue());
                out.run(Cmd::LoadQueue);
            }
            _ => return false,
        }
        self.scroll(cx);
        self.loads(cx, out);
        true
    }

    pub(super) fn open_detail(&mut self, booking: BookingInfo, out: &mut Out<Cmd>) {
        let id = booking.id;
        self.layers.push(Layer::Detail {
            booking: Box::new(booking),
            history: None,
            scroll: 0,
        });
        out.run(Cmd::LoadHistory { id });
    }

    /// Whether the session may change `b`, as the database will judge it (seed 003 §1.5):
    /// what it may not change is not offered.
    pub(super) fn may_change(&self, cx: &Ctx, b: &BookingInfo) -> bool {
        let Some(room) = self.pane.rooms().into_iter().find(|r| r.id == b.room_id) else {
            return false;
        };
        if room.handles {
            return true;
        }
        let Some(session) = cx.session else {
            return false;
        };
        let visitor = matches!(session.status, None | Some(crate::session::Status::Visitor));
        let mine =
            b.owner == session.login || b.beneficiary_login.as_deref() == Some(&session.login);
        !visitor && mine && !room.unavailable
    }

    pub(super) fn open_form(&mut self, cx: &Ctx, editing: Option<BookingInfo>, out: &mut Out<Cmd>) {
        if let Some(b) = &editing {
            if !self.may_change(cx, b) {
                out.say(T::PlanningReadOnly.text(cx.lang), Level::Warn);
                return;
            }
        }
        let tz = cx.tz();
        let pane = &self.pane;
        let (Some(area), Some(target), Some(structure)) =
            (pane.area_info(), pane.target(), pane.structure.as_ref())
        else {
            return;
        };
        let Some(room) = pane.rooms().get(target.room).map(|r| (*r).clone()) else {
            return;
        };
        let (start, end) =
            crate::booking::model::plan::new_booking_bounds(tz, area, &target, pane.date);
        if let Some(b) = editing.as_ref().filter(|b| b.series_id.is_some()) {
            out.run(Cmd::LoadSeries { booking: b.id });
        }
        let form = match editing {
            Some(b) => Form::edit(&b, area, &room, structure, tz),
            None => Form::new(area, &room, structure, start, end, tz),
        }
        .in_lang(cx.lang);
        let mut form = Box::new(form);
        match &self.users {
            Some(users) => form.users = users.clone(),
            None if form.room.may_book_for_others => out.run(Cmd::LoadUsers),
            None => {}
        }
        form.admin = cx
            .session
            .is_some_and(|s| s.status == Some(crate::session::Status::Admin));
        form.now = cx.now.to_utc();
        form.select_focused();
        self.layers.push(Layer::Form(form));
        self.form_preview(out);
    }

    /// Asks the database which dates of the form's occurrences are taken.
    pub(super) fn form_preview(&mut self, out: &mut Out<Cmd>) {
        let calendar = self
            .pane
            .structure
            .as_ref()
            .map(|s| s.calendar.clone())
            .unwrap_or_default();
        let Some(Layer::Form(form)) = self.layers.last_mut() else {
            return;
        };
        if let Some((generation, occurrences)) = form.preview(&calendar) {
            if !occurrences.is_empty() {
                let series = form.series_id.filter(|_| form.scope == form::Scope::Series);
                out.run(Cmd::Preview {
                    generation,
                    room: form.room.id,
                    occurrences,
                    except: form.editing.into_iter().collect(),
                    series,
                });
            }
        }
    }

    fn structure_loaded(&mut self, cx: &Ctx, structure: Structure, out: &mut Out<Cmd>) {
        self.pane.set_structure(structure, cx.today());
        self.scroll(cx);
        self.loads(cx, out);
    }
}

impl Screen for State {
    type Msg = Msg;
    type Cmd = Cmd;

    fn contexts(&self) -> &'static [Context] {
        self.top().map(Layer::contexts).unwrap_or(GRID)
    }

    fn layer_open(&self) -> bool {
        !self.layers.is_empty()
    }

    fn typing(&self) -> bool {
        self.top().is_some_and(Layer::typing)
    }

    fn unsaved(&self) -> bool {
        self.layers
            .iter()
            .any(|l| matches!(l, Layer::Form(f) if f.edited))
    }

    /// Reading what is shown; reading ahead (or again, after another session's change)
    /// shows no spinner: the screen is already right.
    fn busy(&self) -> bool {
        self.structure.is_running() || self.awaits_shown_data()
    }

    fn key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) -> bool {
        if self.layer_open() {
            self.layer_key(cx, key, out);
            return true;
        }
        key.action.is_some_and(|a| self.grid_key(cx, a, out))
    }

    fn update(&mut self, cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        match msg {
            Msg::Structure { id, result } => {
                if let Reply::Use { .. } = self.structure.reply(id) {
                    match result {
                        Ok(structure) => self.structure_loaded(cx, *structure, out),
                        Err(f) => out.failed(f),
                    }
                }
            }
            Msg::Bookings { id, loaded, result } => {
                if let Reply::Use { again } = self.bookings.reply(id) {
                    match result {
                        Ok(bookings) => {
                            self.pane.set_bookings(bookings);
                            self.pane.loaded = Some(loaded);
                        }
                        Err(f) => out.failed(f),
                    }
                    if again {
                        self.reload_bookings(cx, out);
                    } else {
                        // Moved on while it loaded: what the new place needs.
                        self.loads(cx, out);
                    }
                }
            }
            other => self.layer_reply(cx, other, out),
        }
    }

    fn shown(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.structure.is_some();
        out.cmds
            .extend(self.structure.when_shown(loaded).map(Cmd::LoadStructure));
    }

    fn reload(&mut self, _cx: &Ctx, out: &mut Out<Cmd>) {
        let loaded = self.pane.structure.is_some();
        if let Some(ticket) = self.structure.when_reloaded(loaded) {
            self.pane.loaded = None;
            out.run(Cmd::LoadStructure(ticket));
        }
    }

    fn changed(&mut self, cx: &Ctx, kinds: &[Kind], out: &mut Out<Cmd>) {
        if kinds.contains(&Kind::Users) {
            self.users = None;
        }
        if kinds.contains(&Kind::Bookings) {
            self.reload_bookings(cx, out);
        }
    }

    fn search_text(&self) -> Option<String> {
        Some(self.pane.search.clone())
    }

    fn awaits_shown_data(&self) -> bool {
        self.bookings.is_running() && self.pane.wanted().is_some()
    }

    fn shows(&self) -> Option<String> {
        self.pane
            .loaded
            .as_ref()
            .map(|_| format!("grid drawn with {} bookings", self.pane.bookings().len()))
    }

    fn search(&mut self, _cx: &Ctx, search: Search) {
        match search {
            Search::Typing(_) => {}
            Search::Done(text) => self.pane.search = text,
            Search::Cleared => self.pane.search.clear(),
        }
    }

    fn cancel(&mut self) -> Vec<crate::db::cancel::Slot> {
        self.bookings
            .cancel()
            .into_iter()
            .chain(self.structure.cancel())
            .collect()
    }

    fn resized(&mut self, cx: &Ctx) {
        self.scroll(cx);
    }

    fn draw(&self, cx: &Ctx, frame: &mut Frame, area: Rect) {
        let look = grid::Look::of(cx);
        grid::draw(&self.pane, &look, frame, area);
        for layer in &self.layers {
            overlays::draw(layer, &self.pane, &look, frame, area);
        }
    }
}

impl State {
    /// Another session changed bookings. The announcement says no more (any role may listen,
    /// so it names no room and no time): the loaded range is read again through RLS, one
    /// load at a time however many changes come. The cursor, the view and any open form stay.
    fn reload_bookings(&mut self, cx: &Ctx, out: &mut Out<Cmd>) {
        let Some(loaded) = self.pane.loaded.clone() else {
            return;
        };
        if let Some(ticket) = self.bookings.start_or_queue() {
            out.run(Cmd::LoadBookings {
                ticket,
                rooms: self.pane.room_ids(),
                loaded,
                tz: cx.tz(),
            });
        }
    }

    /// Where the planning is, for the header: site › area › room.
    pub fn place(&self) -> Option<(String, String, Option<String>)> {
        let area = self.pane.area_info()?;
        Some((
            area.site.clone(),
            area.name.clone(),
            self.pane.room_info().map(|r| r.name.clone()),
        ))
    }

    pub(super) fn done_text(done: &Done, lang: Lang) -> String {
        match done {
            Done::Deleted(n) => fill(T::PlanningDeleted.text(lang), &[n]),
            Done::Moderated(n) => fill(T::PlanningModerated.text(lang), &[n]),
            Done::Confirmed(n) => fill(T::PlanningConfirmed.text(lang), &[n]),
            Done::Loan(state) => fill(
                T::PlanningLoan.text(lang),
                &[&state.label(lang).unwrap_or_default()],
            ),
        }
    }
}
