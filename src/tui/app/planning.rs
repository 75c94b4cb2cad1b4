//! The planning screen's part of `update`: navigation, its overlays (go to a date, a
//! booking's detail, the booking form, delete confirmation, the moderation queue), loads, and
//! live refresh from NOTIFY. Moving the cursor never asks the database anything.

use chrono::{Datelike, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent};

use super::{App, Cmd, Failure, Level, Message, Overlay};
use crate::booking::form::{Form, FormInput};
use crate::booking::plan::BookingInfo;
use crate::booking::store::Booked;
use crate::i18n::{fill, T};
use crate::tui::keymap::{Action, Context, Key, Resolution};

#[derive(Clone, Debug)]
pub enum PlanningOverlay {
    None,
    GoTo {
        text: String,
        error: bool,
    },
    Detail {
        booking: Box<BookingInfo>,
        history: Option<Vec<(String, String, String)>>,
        scroll: usize,
    },
    Form(Box<Form>),
    ConfirmDelete {
        booking: Box<BookingInfo>,
    },
    /// Choosing where to look: every area (by site), each with its rooms.
    Picker {
        selected: usize,
    },
    Queue {
        items: Option<Vec<BookingInfo>>,
        selected: usize,
        /// Typing a refusal's reason.
        reason: Option<String>,
    },
}

#[derive(Debug)]
pub enum PlanningMsg {
    History {
        id: i64,
        result: Result<Vec<(String, String, String)>, Failure>,
    },
    /// A save, delete, moderation or loan: Ok(what to say) or the refusal's text and rule.
    Done(Result<String, Refused>),
    Saved(Result<Booked, Refused>),
    Queue(Result<Vec<BookingInfo>, Failure>),
    Preview {
        generation: u64,
        /// None when the check failed: the form says nothing rather than "all free".
        conflicts: Option<Vec<NaiveDate>>,
    },
}

/// A refusal as the form needs it: the sentence and the rule, to put it by its field.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub text: String,
    pub rule: Option<String>,
}

#[derive(Clone, Debug)]
pub enum PlanningCmd {
    LoadHistory {
        id: i64,
    },
    Save(Box<crate::booking::form::Request>),
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
        state: String,
    },
    LoadQueue,
    Preview {
        generation: u64,
        room: i64,
        occurrences: Vec<crate::booking::repeat::Occurrence>,
        /// The booking being edited, and its series when the whole series is: not conflicts.
        except: Vec<i64>,
        series: Option<i64>,
    },
}

/// The picker's lines: each area (None), then its rooms (Some(index among the area's rooms)).
pub fn picker_entries(pane: &crate::booking::pane::PlanningPane) -> Vec<(usize, Option<usize>)> {
    let Some(s) = &pane.structure else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, a) in s.areas.iter().enumerate() {
        out.push((i, None));
        let rooms = s.rooms.iter().filter(|r| r.area_id == a.id).count();
        out.extend((0..rooms).map(|r| (i, Some(r))));
    }
    out
}

/// "2026-12-07", "07/12/2026", "07/12" (this year), "+3" (days from the shown date).
pub fn parse_go_to(text: &str, shown: NaiveDate) -> Option<NaiveDate> {
    let t = text.trim();
    if let Some(n) = t.strip_prefix('+').and_then(|n| n.parse::<i64>().ok()) {
        return Some(shown + chrono::Duration::days(n));
    }
    if let Some(n) = t.strip_prefix('-').and_then(|n| n.parse::<i64>().ok()) {
        return Some(shown - chrono::Duration::days(n));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{t}/{}", shown.year()), "%d/%m/%Y").ok())
}

impl PlanningOverlay {
    pub fn is_open(&self) -> bool {
        !matches!(self, PlanningOverlay::None)
    }
}

impl App {
    pub(super) fn reload_structure(&mut self) -> Cmd {
        let request = self.request();
        self.latest_structure = request;
        Cmd::LoadPlanningStructure { request }
    }

    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.timezone()).date_naive()
    }

    pub(super) fn planning_structure(
        &mut self,
        structure: crate::booking::plan_store::Structure,
    ) -> Vec<Cmd> {
        let today = self.today();
        self.planning.set_structure(structure, today);
        self.planning_scroll();
        self.planning_loads()
    }

    /// Loads the bookings the view needs and has not got.
    fn planning_loads(&mut self) -> Vec<Cmd> {
        let Some(loaded) = self.planning.wanted() else {
            return Vec::new();
        };
        let request = self.request();
        self.latest_bookings = request;
        vec![Cmd::LoadPlanningBookings {
            request,
            rooms: self.planning.room_ids(),
            loaded,
        }]
    }

    pub(super) fn planning_scroll(&mut self) {
        let body = (self.size.0, self.size.1.saturating_sub(2));
        if let Some(g) = crate::booking::view::geometry(&self.planning, self.lang, body.0, body.1) {
            self.planning
                .scroll_into_view(g.visible_cols, g.visible_rows);
        }
    }

    fn remember(&self) -> Cmd {
        Cmd::RememberPlanning {
            area: self.planning.area_info().map(|a| a.id),
            room: self.planning.room_info().map(|r| r.id),
            view: self.planning.view(),
        }
    }

    fn say(&mut self, text: String, level: Level) {
        self.message = Some(Message { text, level });
    }

    pub(super) fn perform_planning(&mut self, action: Action) -> Vec<Cmd> {
        let tz = self.timezone();
        let mut cmds = Vec::new();
        match action {
            Action::Up => self.planning.move_by(0, -1),
            Action::Down => self.planning.move_by(0, 1),
            Action::Left => self.planning.move_by(-1, 0),
            Action::Right => self.planning.move_by(1, 0),
            Action::PageUp | Action::HalfPageUp => self.planning.page(false),
            Action::PageDown | Action::HalfPageDown => self.planning.page(true),
            Action::First => self.planning.move_by(-10_000, -10_000),
            Action::Last => self.planning.move_by(10_000, 10_000),
            Action::Today => {
                let today = self.today();
                self.planning.go_to(today);
            }
            Action::GoToDate => {
                self.planning_overlay = PlanningOverlay::GoTo {
                    text: String::new(),
                    error: false,
                }
            }
            Action::NextView | Action::PrevView => {
                self.planning.cycle_view(action == Action::NextView);
                cmds.push(self.remember());
            }
            Action::NextRoom | Action::PrevRoom => {
                let n = self.planning.rooms().len();
                if n > 0 {
                    let step = if action == Action::NextRoom { 1 } else { n - 1 };
                    self.planning.select_room((self.planning.room + step) % n);
                    cmds.push(self.remember());
                }
            }
            Action::NextArea | Action::PrevArea => {
                let n = self
                    .planning
                    .structure
                    .as_ref()
                    .map(|s| s.areas.len())
                    .unwrap_or(0);
                if n > 0 {
                    let step = if action == Action::NextArea { 1 } else { n - 1 };
                    self.planning.select_area((self.planning.area + step) % n);
                    cmds.push(self.remember());
                }
            }
            Action::Search => {
                self.overlay = Overlay::Search {
                    query: self.planning.search.clone(),
                }
            }
            Action::Cancel => {
                self.message = None;
                self.planning.search.clear();
            }
            Action::Refresh => {
                self.say(T::Refreshed.text(self.lang).into(), Level::Info);
                self.planning.loaded = None;
                cmds.push(self.reload_structure());
            }
            Action::Confirm => match self.planning.at_cursor(tz).cloned() {
                Some(b) => return self.open_detail(b),
                None => return self.open_form(None),
            },
            Action::NewBooking => return self.open_form(None),
            Action::Edit => {
                if let Some(b) = self.planning.at_cursor(tz).cloned() {
                    return self.open_form(Some(b));
                }
            }
            Action::Delete => {
                if let Some(b) = self.planning.at_cursor(tz).cloned() {
                    if !self.may_change(&b) {
                        self.say(T::PlanningReadOnly.text(self.lang).into(), Level::Warn);
                        return Vec::new();
                    }
                    self.planning_overlay = PlanningOverlay::ConfirmDelete {
                        booking: Box::new(b),
                    };
                }
            }
            Action::PickPlace => {
                let entries = picker_entries(&self.planning);
                let current = (
                    self.planning.area,
                    self.planning
                        .view()
                        .one_room()
                        .then_some(self.planning.room),
                );
                let selected = entries.iter().position(|e| *e == current).unwrap_or(0);
                self.planning_overlay = PlanningOverlay::Picker { selected };
            }
            Action::Moderation => {
                self.planning_overlay = PlanningOverlay::Queue {
                    items: None,
                    selected: 0,
                    reason: None,
                };
                return vec![Cmd::Planning(PlanningCmd::LoadQueue)];
            }
            _ => {}
        }
        self.planning_scroll();
        cmds.extend(self.planning_loads());
        cmds
    }

    fn open_detail(&mut self, booking: BookingInfo) -> Vec<Cmd> {
        let id = booking.id;
        self.planning_overlay = PlanningOverlay::Detail {
            booking: Box::new(booking),
            history: None,
            scroll: 0,
        };
        vec![Cmd::Planning(PlanningCmd::LoadHistory { id })]
    }

    /// Whether the session may change `b`, as the database will judge it (seed 003 §1.5):
    /// fields it may not change are not offered.
    fn may_change(&self, b: &BookingInfo) -> bool {
        let Some(room) = self
            .planning
            .rooms()
            .into_iter()
            .find(|r| r.id == b.room_id)
        else {
            return false;
        };
        if room.handles {
            return true;
        }
        let Some(session) = &self.session else {
            return false;
        };
        let visitor = matches!(
            session.status,
            None | Some(crate::users::model::Status::Visitor)
        );
        let mine =
            b.owner == session.login || b.beneficiary_login.as_deref() == Some(&session.login);
        !visitor && mine && !room.unavailable
    }

    fn open_form(&mut self, editing: Option<BookingInfo>) -> Vec<Cmd> {
        if let Some(b) = &editing {
            if !self.may_change(b) {
                self.say(T::PlanningReadOnly.text(self.lang).into(), Level::Warn);
                return Vec::new();
            }
        }
        let tz = self.timezone();
        let pane = &self.planning;
        let (Some(area), Some(target), Some(structure)) =
            (pane.area_info(), pane.target(), pane.structure.as_ref())
        else {
            return Vec::new();
        };
        let Some(room) = pane.rooms().get(target.room).map(|r| (*r).clone()) else {
            return Vec::new();
        };
        let slots = area.slots();
        let (start, end) = crate::booking::plan::cell_bounds(tz, area, &slots, &target, pane.date);
        let form = match editing {
            Some(b) => Form::edit(&b, area, &room, structure, tz),
            None => Form::new(area, &room, structure, start, end, tz),
        };
        self.planning_overlay = PlanningOverlay::Form(Box::new(form));
        self.form_preview()
    }

    /// Asks the database which dates of the form's occurrences are taken.
    fn form_preview(&mut self) -> Vec<Cmd> {
        let PlanningOverlay::Form(form) = &mut self.planning_overlay else {
            return Vec::new();
        };
        let calendar = self
            .planning
            .structure
            .as_ref()
            .map(|s| s.calendar.clone())
            .unwrap_or_default();
        match form.preview(&calendar) {
            Some((generation, occurrences)) if !occurrences.is_empty() => {
                let series = form
                    .series_id
                    .filter(|_| form.scope == crate::booking::form::Scope::Series);
                vec![Cmd::Planning(PlanningCmd::Preview {
                    generation,
                    room: form.room.id,
                    occurrences,
                    except: form.editing.into_iter().collect(),
                    series,
                })]
            }
            _ => Vec::new(),
        }
    }

    /// Keys while a planning overlay is open, through the overlay's keymap context; text
    /// keys go to the field being typed in. None lets the shell handle the key.
    pub(super) fn planning_key(
        &mut self,
        event: &KeyEvent,
        key: Key,
        typed: Option<char>,
    ) -> Option<Vec<Cmd>> {
        let context = match &self.planning_overlay {
            PlanningOverlay::None => return None,
            PlanningOverlay::GoTo { .. } => None,
            PlanningOverlay::Detail { .. } => Some(Context::Detail),
            PlanningOverlay::Form(_) => Some(Context::Form),
            PlanningOverlay::ConfirmDelete { .. } => Some(Context::Confirm),
            PlanningOverlay::Picker { .. } => Some(Context::List),
            PlanningOverlay::Queue {
                reason: Some(_), ..
            } => None,
            PlanningOverlay::Queue { .. } => Some(Context::Queue),
        };
        let action =
            context.and_then(
                |c| match self.keymap.resolve(&[c, Context::Global], &[], key) {
                    Resolution::Action(a) => Some(a),
                    _ => None,
                },
            );
        if action == Some(Action::Quit)
            && !matches!(self.planning_overlay, PlanningOverlay::Form(_))
        {
            self.should_quit = true;
            return Some(Vec::new());
        }
        let done = Some(Vec::new());
        match &mut self.planning_overlay {
            PlanningOverlay::None => None,
            PlanningOverlay::GoTo { text, error } => {
                match (typed, event.code) {
                    (Some(c), _) => {
                        text.push(c);
                        *error = false;
                    }
                    (None, KeyCode::Backspace) => {
                        text.pop();
                    }
                    (None, KeyCode::Esc) => self.planning_overlay = PlanningOverlay::None,
                    (None, KeyCode::Enter) => match parse_go_to(text, self.planning.date) {
                        Some(date) => {
                            self.planning_overlay = PlanningOverlay::None;
                            self.planning.go_to(date);
                            self.planning_scroll();
                            return Some(self.planning_loads());
                        }
                        None => *error = true,
                    },
                    _ => {}
                }
                done
            }
            PlanningOverlay::Detail {
                booking, scroll, ..
            } => {
                let id = booking.id;
                let loan = match action {
                    Some(Action::LoanBorrowed) => "borrowed",
                    Some(Action::LoanReturned) => "returned",
                    Some(Action::LoanOverdue) => "overdue",
                    Some(Action::Edit) => {
                        let b = (**booking).clone();
                        return Some(self.open_form(Some(b)));
                    }
                    Some(Action::Delete) => {
                        let b = booking.clone();
                        self.planning_overlay = PlanningOverlay::ConfirmDelete { booking: b };
                        return done;
                    }
                    Some(Action::Cancel | Action::Confirm) => {
                        self.planning_overlay = PlanningOverlay::None;
                        return done;
                    }
                    Some(Action::Up) => {
                        *scroll = scroll.saturating_sub(1);
                        return done;
                    }
                    Some(Action::Down) => {
                        *scroll += 1;
                        return done;
                    }
                    _ => return done,
                };
                Some(vec![Cmd::Planning(PlanningCmd::Loan {
                    id,
                    state: loan.into(),
                })])
            }
            PlanningOverlay::ConfirmDelete { booking } => {
                let id = booking.id;
                let series = booking.series_id.is_some();
                let cmd = match action {
                    Some(Action::Yes) => PlanningCmd::Delete { id, series: false },
                    Some(Action::WholeSeries) if series => PlanningCmd::Delete { id, series: true },
                    Some(Action::No | Action::Cancel) => {
                        self.planning_overlay = PlanningOverlay::None;
                        return done;
                    }
                    _ => return done,
                };
                self.planning_overlay = PlanningOverlay::None;
                Some(vec![Cmd::Planning(cmd)])
            }
            PlanningOverlay::Form(form) => {
                let input = match action {
                    Some(Action::Cancel) => FormInput::Cancel,
                    Some(Action::Save) => FormInput::Save,
                    Some(Action::Confirm) => FormInput::Enter,
                    Some(Action::Down) => FormInput::Next,
                    Some(Action::Up) => FormInput::Prev,
                    Some(Action::Left) => FormInput::Left,
                    Some(Action::Right) => FormInput::Right,
                    _ => FormInput::Key(*event),
                };
                match form.input(input) {
                    crate::booking::form::Outcome::Stay { changed } => {
                        if changed {
                            return Some(self.form_preview());
                        }
                        done
                    }
                    crate::booking::form::Outcome::Close => {
                        self.planning_overlay = PlanningOverlay::None;
                        done
                    }
                    crate::booking::form::Outcome::Save(request) => {
                        Some(vec![Cmd::Planning(PlanningCmd::Save(request))])
                    }
                }
            }
            PlanningOverlay::Picker { selected } => {
                let entries = picker_entries(&self.planning);
                match action {
                    Some(Action::Up) => *selected = selected.saturating_sub(1),
                    Some(Action::Down) => {
                        *selected = (*selected + 1).min(entries.len().saturating_sub(1))
                    }
                    Some(Action::First) => *selected = 0,
                    Some(Action::Last) => *selected = entries.len().saturating_sub(1),
                    Some(Action::Cancel) => self.planning_overlay = PlanningOverlay::None,
                    Some(Action::Confirm) => {
                        let chosen = entries.get(*selected).copied();
                        self.planning_overlay = PlanningOverlay::None;
                        if let Some((area, room)) = chosen {
                            if area != self.planning.area {
                                self.planning.select_area(area);
                            }
                            if let Some(room) = room {
                                self.planning.select_room(room);
                                if !self.planning.view().one_room() {
                                    self.planning.view =
                                        Some(crate::booking::plan::ViewKind::WeekRoom);
                                }
                            }
                            self.planning_scroll();
                            let mut cmds = vec![self.remember()];
                            cmds.extend(self.planning_loads());
                            return Some(cmds);
                        }
                    }
                    _ => {}
                }
                done
            }
            PlanningOverlay::Queue {
                items,
                selected,
                reason,
            } => {
                let count = items.as_ref().map(Vec::len).unwrap_or(0);
                if let Some(text) = reason {
                    match (typed, event.code) {
                        (Some(c), _) => text.push(c),
                        (None, KeyCode::Backspace) => {
                            text.pop();
                        }
                        (None, KeyCode::Esc) => *reason = None,
                        (None, KeyCode::Enter) => {
                            let why = std::mem::take(text);
                            *reason = None;
                            if let Some(b) = items.as_ref().and_then(|i| i.get(*selected)) {
                                return Some(vec![Cmd::Planning(PlanningCmd::Moderate {
                                    id: b.id,
                                    accept: false,
                                    reason: why,
                                    series: false,
                                })]);
                            }
                        }
                        _ => {}
                    }
                    return done;
                }
                let chosen = items.as_ref().and_then(|i| i.get(*selected)).map(|b| b.id);
                let decide = |accept: bool, series: bool| {
                    chosen.map(|id| {
                        vec![Cmd::Planning(PlanningCmd::Moderate {
                            id,
                            accept,
                            reason: String::new(),
                            series,
                        })]
                    })
                };
                match action {
                    Some(Action::Accept) => return decide(true, false).or(done),
                    Some(Action::AcceptSeries) => return decide(true, true).or(done),
                    Some(Action::RefuseSeries) => return decide(false, true).or(done),
                    Some(Action::Refuse) if chosen.is_some() => *reason = Some(String::new()),
                    Some(Action::Cancel) => self.planning_overlay = PlanningOverlay::None,
                    Some(Action::Up) => *selected = selected.saturating_sub(1),
                    Some(Action::Down) => *selected = (*selected + 1).min(count.saturating_sub(1)),
                    _ => {}
                }
                done
            }
        }
    }

    pub(super) fn on_planning_msg(&mut self, msg: PlanningMsg) -> Vec<Cmd> {
        match msg {
            PlanningMsg::History { id, result } => {
                if let PlanningOverlay::Detail {
                    booking, history, ..
                } = &mut self.planning_overlay
                {
                    if booking.id == id {
                        *history = Some(result.unwrap_or_default());
                    }
                }
                Vec::new()
            }
            PlanningMsg::Preview {
                generation,
                conflicts,
            } => {
                if let (PlanningOverlay::Form(form), Some(conflicts)) =
                    (&mut self.planning_overlay, conflicts)
                {
                    form.previewed(generation, conflicts);
                }
                Vec::new()
            }
            PlanningMsg::Saved(result) => match result {
                Ok(booked) => {
                    self.planning_overlay = PlanningOverlay::None;
                    let text = fill(
                        T::PlanningSaved.text(self.lang),
                        &[&booked.occurrences.len(), &booked.skipped.len()],
                    );
                    self.say(text, Level::Info);
                    self.planning.loaded = None;
                    self.planning_loads()
                }
                Err(refused) => {
                    if let PlanningOverlay::Form(form) = &mut self.planning_overlay {
                        form.refused(refused.rule.as_deref(), refused.text);
                    } else {
                        self.say(refused.text, Level::Error);
                    }
                    Vec::new()
                }
            },
            PlanningMsg::Done(result) => {
                match result {
                    Ok(text) => self.say(text, Level::Info),
                    Err(refused) => self.say(refused.text, Level::Error),
                }
                let mut cmds = Vec::new();
                if let PlanningOverlay::Queue { .. } = self.planning_overlay {
                    cmds.push(Cmd::Planning(PlanningCmd::LoadQueue));
                }
                if let PlanningOverlay::Detail { .. } = self.planning_overlay {
                    self.planning_overlay = PlanningOverlay::None;
                }
                self.planning.loaded = None;
                cmds.extend(self.planning_loads());
                cmds
            }
            PlanningMsg::Queue(result) => {
                match result {
                    Ok(list) => {
                        if let PlanningOverlay::Queue {
                            items, selected, ..
                        } = &mut self.planning_overlay
                        {
                            *selected = (*selected).min(list.len().saturating_sub(1));
                            *items = Some(list);
                        }
                    }
                    Err(f) => self.on_failure(f),
                }
                Vec::new()
            }
        }
    }

    /// Another client changed bookings: reload if they touch what is loaded. The cursor,
    /// the view and any open form stay as they are.
    /// Another session changed bookings. The announcement says no more (any role may listen,
    /// so it names no room and no time): the loaded range is read again through RLS, one
    /// load at a time however many changes come.
    pub(super) fn on_booking_change(&mut self) -> Vec<Cmd> {
        let Some(loaded) = self.planning.loaded.clone() else {
            return Vec::new();
        };
        if self.in_flight.contains(&self.latest_bookings) {
            self.bookings_stale = true;
            return Vec::new();
        }
        let request = self.request();
        self.latest_bookings = request;
        vec![Cmd::LoadPlanningBookings {
            request,
            rooms: self.planning.room_ids(),
            loaded,
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_to_reads_the_usual_forms() {
        let shown = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_go_to("2027-01-05", shown), d(2027, 1, 5));
        assert_eq!(parse_go_to("05/01/2027", shown), d(2027, 1, 5));
        assert_eq!(parse_go_to("07/12", shown), d(2026, 12, 7));
        assert_eq!(parse_go_to("+7", shown), d(2026, 12, 1));
        assert_eq!(parse_go_to("demain", shown), None);
    }
}
