//! What opens over the planning's grid, as a stack: `Esc` (or `q` where nothing is typed)
//! closes the top layer and shows the one below; a write that went through closes them all.

use chrono::{Datelike, NaiveDate};

use super::form::{Form, FormInput, Outcome};
use super::{Cmd, Msg, State};
use crate::booking::model::plan::{BookingInfo, ViewKind};
use crate::booking::model::state::Loan;
use crate::i18n::{fill, T};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::{Ctx, KeyIn, Level, Out};
use crate::tui::widgets::input::{Edit, TextInput};
use crate::tui::widgets::list::Cursor;

#[derive(Clone, Debug)]
pub enum Layer {
    GoTo {
        input: TextInput,
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
        cursor: Cursor,
    },
    Queue {
        items: Option<Vec<BookingInfo>>,
        cursor: Cursor,
        /// Typing a refusal's reason.
        reason: Option<TextInput>,
    },
    /// Every booking of a cell that holds more than one (the week of all rooms, a month):
    /// Enter opens one.
    Cell {
        items: Vec<BookingInfo>,
        cursor: Cursor,
    },
}

impl Layer {
    pub fn go_to() -> Layer {
        Layer::GoTo {
            input: TextInput::default(),
            error: false,
        }
    }

    pub fn queue() -> Layer {
        Layer::Queue {
            items: None,
            cursor: Cursor::default(),
            reason: None,
        }
    }

    /// The picker, on the place the planning shows.
    pub fn picker(pane: &super::pane::PlanningPane) -> Layer {
        let entries = picker_entries(pane);
        let current = (pane.area, pane.view().one_room().then_some(pane.room));
        let selected = entries.iter().position(|e| *e == current).unwrap_or(0);
        Layer::Picker {
            cursor: Cursor {
                selected,
                offset: 0,
            },
        }
    }

    pub fn contexts(&self) -> &'static [Context] {
        match self {
            Layer::GoTo { .. } => &[],
            Layer::Detail { .. } => &[Context::Detail],
            Layer::Form(_) => &[Context::Form],
            Layer::ConfirmDelete { .. } => &[Context::Confirm],
            Layer::Picker { .. } => &[Context::List],
            Layer::Queue {
                reason: Some(_), ..
            } => &[],
            Layer::Queue { .. } => &[Context::Queue],
            Layer::Cell { .. } => &[Context::List],
        }
    }

    /// Characters typed go to the layer.
    pub fn typing(&self) -> bool {
        matches!(
            self,
            Layer::GoTo { .. }
                | Layer::Form(_)
                | Layer::Queue {
                    reason: Some(_),
                    ..
                }
        )
    }
}

/// The picker's lines: each area (None), then its rooms (Some(index among the area's rooms)).
pub fn picker_entries(pane: &super::pane::PlanningPane) -> Vec<(usize, Option<usize>)> {
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

impl State {
    fn close(&mut self) {
        self.layers.pop();
    }

    /// A key for the top layer.
    pub(super) fn layer_key(&mut self, cx: &Ctx, key: KeyIn, out: &mut Out<Cmd>) {
        let action = key.action;
        let Some(top) = self.layers.last_mut() else {
            return;
        };
        match top {
            Layer::GoTo { input, error } => match input.key(&key) {
                Edit::Changed => *error = false,
                Edit::Cancelled => self.close(),
                Edit::Done(text) => match parse_go_to(&text, self.pane.date) {
                    Some(date) => {
                        self.close();
                        self.pane.go_to(date);
                        self.scroll(cx);
                        self.loads(cx, out);
                    }
                    None => {
                        *input = TextInput::new(text);
                        *error = true;
                    }
                },
                Edit::Ignored => {}
            },
            Layer::Detail {
                booking, scroll, ..
            } => {
                let id = booking.id;
                let loan = match action {
                    Some(Action::LoanBorrowed) => Loan::Borrowed,
                    Some(Action::LoanReturned) => Loan::Returned,
                    Some(Action::LoanOverdue) => Loan::Overdue,
                    Some(Action::Edit) => {
                        let b = (**booking).clone();
                        return self.open_form(cx, Some(b), out);
                    }
                    Some(Action::Delete) => {
                        let booking = booking.clone();
                        self.layers.push(Layer::ConfirmDelete { booking });
                        return;
                    }
                    Some(Action::ConfirmTentative) => {
                        if booking.tentative_until.is_none() {
                            out.say(
                                T::RuleNotTentative
                                    .text(cx.lang)
                                    .replace("{0}", &id.to_string()),
                                Level::Warn,
                            );
                        } else {
                            out.run(Cmd::Confirm { id });
                        }
                        return;
                    }
                    Some(Action::Cancel | Action::Confirm) => return self.close(),
                    Some(Action::Up) => return *scroll = scroll.saturating_sub(1),
                    Some(Action::Down) => return *scroll += 1,
                    _ => return,
                };
                // Only a room that lends itself out has loans (the database says so too).
                let room = self
                    .pane
                    .rooms()
                    .into_iter()
                    .find(|r| r.id == booking.room_id);
                match room {
                    Some(r) if r.tracks_loans => out.run(Cmd::Loan { id, state: loan }),
                    _ => {
                        let name = room.map(|r| r.name.clone()).unwrap_or_default();
                        let text = fill(T::RuleNoLoans.text(cx.lang), &[&name]);
                        out.say(text, Level::Warn);
                    }
                }
            }
            Layer::ConfirmDelete { booking } => {
                let id = booking.id;
                let series = booking.series_id.is_some();
                let cmd = match action {
                    Some(Action::Yes) => Cmd::Delete { id, series: false },
                    Some(Action::WholeSeries) if series => Cmd::Delete { id, series: true },
                    Some(Action::No | Action::Cancel) => return self.close(),
                    _ => return,
                };
                self.close();
                out.run(cmd);
            }
            Layer::Form(form) => {
                let input = match action {
                    Some(Action::Cancel) => FormInput::Cancel,
                    Some(Action::Save) => FormInput::Save,
                    Some(Action::Confirm) => FormInput::Enter,
                    Some(Action::Down) => FormInput::Next,
                    Some(Action::Up) => FormInput::Prev,
                    Some(Action::Left) => FormInput::Left,
                    Some(Action::Right) => FormInput::Right,
                    _ => FormInput::Key(key.event),
                };
                match form.input(input) {
                    Outcome::Stay { changed: true } => self.form_preview(out),
                    Outcome::Stay { changed: false } => {}
                    Outcome::Close => self.close(),
                    Outcome::Save(request) => out.run(Cmd::Save(request)),
                }
            }
            Layer::Picker { cursor } => {
                let entries = picker_entries(&self.pane);
                let rows = cx.body.1.saturating_sub(4) as usize;
                match action {
                    Some(a) if cursor.step(a, entries.len(), rows) => {}
                    Some(Action::Cancel) => self.close(),
                    Some(Action::Confirm) => {
                        let chosen = entries.get(cursor.selected).copied();
                        self.close();
                        if let Some((area, room)) = chosen {
                            if area != self.pane.area {
                                self.pane.select_area(area);
                            }
                            if let Some(room) = room {
                                self.pane.select_room(room);
                                if !self.pane.view().one_room() {
                                    self.pane.view = Some(ViewKind::WeekRoom);
                                }
                            }
                            self.scroll(cx);
                            out.run(self.remember());
                            self.loads(cx, out);
                        }
                    }
                    _ => {}
                }
            }
            Layer::Cell { items, cursor } => {
                let rows = cx.body.1.saturating_sub(6) as usize;
                match action {
                    Some(Action::Confirm) => {
                        if let Some(b) = items.get(cursor.selected).cloned() {
                            self.open_detail(b, out);
                        }
                    }
                    Some(Action::Cancel) => self.close(),
                    Some(a) => {
                        cursor.step(a, items.len(), rows);
                    }
                    None => {}
                }
            }
            Layer::Queue {
                items,
                cursor,
                reason,
            } => {
                let count = items.as_ref().map(Vec::len).unwrap_or(0);
                let chosen = items
                    .as_ref()
                    .and_then(|i| i.get(cursor.selected))
                    .map(|b| b.id);
                if let Some(input) = reason {
                    match input.key(&key) {
                        Edit::Cancelled => *reason = None,
                        Edit::Done(why) => {
                            *reason = None;
                            if let Some(id) = chosen {
                                out.run(Cmd::Moderate {
                                    id,
                                    accept: false,
                                    reason: why,
                                    series: false,
                                });
                            }
                        }
                        Edit::Changed | Edit::Ignored => {}
                    }
                    return;
                }
                let decide = |accept: bool, series: bool| {
                    chosen.map(|id| Cmd::Moderate {
                        id,
                        accept,
                        reason: String::new(),
                        series,
                    })
                };
                let rows = cx.body.1.saturating_sub(4) as usize;
                match action {
                    Some(Action::Accept) => out.cmds.extend(decide(true, false)),
                    Some(Action::AcceptSeries) => out.cmds.extend(decide(true, true)),
                    Some(Action::RefuseSeries) => out.cmds.extend(decide(false, true)),
                    Some(Action::Refuse) if chosen.is_some() => {
                        *reason = Some(TextInput::default())
                    }
                    Some(Action::Cancel) => self.close(),
                    // Enter opens the booking waiting (every field, its history) over the queue.
                    Some(Action::Confirm) => {
                        let waiting = items.as_ref().and_then(|i| i.get(cursor.selected)).cloned();
                        match waiting {
                            Some(b) => self.open_detail(b, out),
                            None => out.say(T::QueueEmpty.text(cx.lang), Level::Info),
                        }
                    }
                    Some(a) => {
                        cursor.step(a, count, rows);
                    }
                    None => {}
                }
            }
        }
    }

    /// Replies to the layers' commands.
    pub(super) fn layer_reply(&mut self, cx: &Ctx, msg: Msg, out: &mut Out<Cmd>) {
        let tz = cx.tz();
        match msg {
            Msg::History { id, result } => {
                for layer in &mut self.layers {
                    if let Layer::Detail {
                        booking, history, ..
                    } = layer
                    {
                        if booking.id == id {
                            *history = Some(result.clone().unwrap_or_default());
                        }
                    }
                }
            }
            Msg::Preview {
                generation,
                conflicts,
            } => {
                if let (Some(Layer::Form(form)), Some(conflicts)) =
                    (self.layers.last_mut(), conflicts)
                {
                    form.previewed(generation, conflicts);
                }
            }
            Msg::Series {
                booking,
                series: Some(series),
            } => {
                if let Some(Layer::Form(form)) = self.layers.last_mut() {
                    if form.editing == Some(booking) {
                        form.series_loaded(series);
                        self.form_preview(out);
                    }
                }
            }
            Msg::Series { series: None, .. } => {}
            Msg::Users(Ok(users)) => {
                for layer in &mut self.layers {
                    if let Layer::Form(form) = layer {
                        form.users = users.clone();
                    }
                }
                self.users = Some(users);
            }
            Msg::Users(Err(f)) => out.failed(f),
            Msg::Saved(Ok(booked)) => {
                self.layers.clear();
                let text = fill(
                    T::PlanningSaved.text(cx.lang),
                    &[&booked.occurrences.len(), &booked.skipped.len()],
                );
                out.say(text, Level::Info);
                self.pane.loaded = None;
                self.loads(cx, out);
            }
            Msg::Saved(Err(refused)) => {
                let text = refused.text(cx.lang, tz);
                match self.layers.last_mut() {
                    Some(Layer::Form(form)) => form.refused(refused.refusal(), text),
                    _ => out.say(text, Level::Error),
                }
            }
            Msg::Done(result) => {
                match result {
                    Ok(done) => out.say(Self::done_text(&done, cx.lang), Level::Info),
                    Err(refused) => out.say(refused.text(cx.lang, tz), Level::Error),
                }
                // The queue stays open for the next decision; a booking's detail is stale.
                self.layers.retain(|l| matches!(l, Layer::Queue { .. }));
                if !self.layers.is_empty() {
                    out.run(Cmd::LoadQueue);
                }
                self.pane.loaded = None;
                self.loads(cx, out);
            }
            Msg::Queue(Ok(list)) => {
                if let Some(Layer::Queue { items, cursor, .. }) = self.layers.last_mut() {
                    cursor.clamp(list.len());
                    *items = Some(list);
                }
            }
            Msg::Queue(Err(f)) => out.failed(f),
            Msg::Structure { .. } | Msg::Bookings { .. } => {}
        }
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
