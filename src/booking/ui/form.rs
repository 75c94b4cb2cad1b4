//! The booking form: its fields (those the room and the area call for), typing (tui-textarea
//! for every text), pickers (type, list fields, periods, repeat), a live preview of the
//! occurrences, and what to save. The database's refusals come back here and are shown by
//! the field they concern; what was typed stays.

use crate::booking::model::plan::FieldKind;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use tui_textarea::TextArea;

use crate::booking::model::plan::{AreaInfo, BookingInfo, RoomInfo, Slots, TypeInfo};
use crate::booking::model::refusal::{Reason, Refusal};
use crate::booking::model::repeat::{
    expand, Calendar, Kind as RepeatKind, Occurrence, Rule, Series,
};
use crate::booking::model::rule_json::{days_text, parse_days};
use crate::booking::model::typed::{date_forms, parse_date, parse_date_time, show_date};
use crate::booking::plan_store::Structure;
use crate::booking::store::{Details, SkippedDate};
use crate::i18n::{Lang, T};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldId {
    Scope,
    Name,
    Date,
    Start,
    End,
    Type,
    Beneficiary,
    ExternalName,
    ExternalEmail,
    ShortDescription,
    Description,
    Extra(usize),
    Repeat,
    Every,
    Days,
    CycleDay,
    Until,
    ConfirmBy,
}

/// Occurrences, the series they come from, and the dates the expansion skipped.
type Planned = (Vec<Occurrence>, Option<Series>, Vec<SkippedDate>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    One,
    Series,
}

/// No repeat, then the planner's kinds (`repeat::KINDS`), in the order the picker cycles.
pub const REPEATS: [Option<RepeatKind>; 8] = {
    use crate::booking::model::repeat::KINDS;
    [
        None,
        Some(KINDS[0]),
        Some(KINDS[1]),
        Some(KINDS[2]),
        Some(KINDS[3]),
        Some(KINDS[4]),
        Some(KINDS[5]),
        Some(KINDS[6]),
    ]
};

/// What the repeat picker shows for a choice, from a first date: "every month, the 5th
/// Thursday" and "every month, the last Thursday" are two choices, both named.
pub fn repeat_name(kind: Option<RepeatKind>, first: NaiveDate, lang: Lang) -> String {
    use crate::i18n::{fill, ordinal, weekday_name};
    let day = weekday_name(first.weekday(), lang);
    match kind {
        None => T::RepeatNone.text(lang).into(),
        Some(RepeatKind::Daily) => T::RepeatDaily.text(lang).into(),
        Some(RepeatKind::Weekly) => T::RepeatWeekly.text(lang).into(),
        Some(RepeatKind::MonthlyDate) => fill(T::RepeatMonthlyDate.text(lang), &[&first.day()]),
        Some(RepeatKind::MonthlyWeekday) => fill(
            T::RepeatMonthlyWeekday.text(lang),
            &[&ordinal((first.day() - 1) / 7 + 1, lang), &day],
        ),
        Some(RepeatKind::MonthlyLastWeekday) => fill(T::RepeatMonthlyLast.text(lang), &[&day]),
        Some(RepeatKind::Yearly) => T::RepeatYearly.text(lang).into(),
        Some(RepeatKind::Cycle) => T::RepeatCycle.text(lang).into(),
    }
}

#[derive(Debug)]
pub enum FormInput {
    Next,
    Prev,
    Left,
    Right,
    Enter,
    Save,
    Cancel,
    Key(KeyEvent),
}

pub enum Outcome {
    Stay { changed: bool },
    Close,
    Save(Box<Request>),
}

/// What the form asks the database to do.
#[derive(Clone, Debug)]
pub struct Request {
    /// The booking being changed; None for a new one.
    pub editing: Option<i64>,
    pub series_id: Option<i64>,
    pub scope: Scope,
    pub room: i64,
    pub details: Details,
    pub occurrences: Vec<Occurrence>,
    pub series: Option<Series>,
    pub skipped: Vec<SkippedDate>,
    /// Book the free dates of a series and report the taken ones.
    pub skip_conflicts: bool,
}

/// A rule an administrator's booking passes over, for the preview to say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bypass {
    BlockedDay(NaiveDate),
    Past(NaiveDate),
}

/// What the next save confirms, after the form asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arm {
    /// Book although the rules are passed over (administrators).
    Bypass,
    /// Book the free dates of a series, skip the taken ones.
    SkipConflicts,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub generation: u64,
    pub count: usize,
    pub blocked: Vec<NaiveDate>,
    /// None until the database answered for this generation.
    pub conflicts: Option<Vec<NaiveDate>>,
    pub error: Option<String>,
    /// Rules an administrator passes over (empty for everyone else: the database decides).
    pub bypass: Vec<Bypass>,
}

#[derive(Clone, Debug)]
pub struct Form {
    /// The longest series the database takes (`series.max_occurrences`).
    pub max_occurrences: usize,
    pub editing: Option<i64>,
    pub series_id: Option<i64>,
    /// The series being changed, once loaded.
    pub series: Option<Series>,
    /// The date of the occurrence the form was opened on.
    occurrence_date: NaiveDate,
    pub scope: Scope,
    pub room: RoomInfo,
    pub area: AreaInfo,
    pub types: Vec<TypeInfo>,
    /// Active users (login, name) for the beneficiary completion; read when the form opens.
    pub users: Vec<(String, String)>,
    pub tz: Tz,
    texts: BTreeMap<FieldId, TextArea<'static>>,
    pub type_index: usize,
    pub repeat: usize,
    /// For period areas: indices into the area's periods.
    pub period_start: usize,
    pub period_end: usize,
    /// For list fields: the chosen index (0: nothing, when not mandatory).
    pub choices: BTreeMap<usize, usize>,
    pub focus: usize,
    pub errors: BTreeMap<FieldId, String>,
    pub general_error: Option<String>,
    pub preview: Preview,
    pub saving: bool,
    /// The user changed something since the form opened.
    pub edited: bool,
    /// The language the form's own words are in.
    pub lang: Lang,
    /// The user is an administrator: the past and blocked days do not stop them, so the form
    /// says when they are passed over and asks first.
    pub admin: bool,
    pub now: DateTime<chrono::Utc>,
    /// What the next save confirms, and the sentence that asked.
    pub armed: Option<Arm>,
    pub notice: Option<String>,
}

fn text(value: &str) -> TextArea<'static> {
    let mut t = TextArea::from(value.lines().map(str::to_owned).collect::<Vec<_>>());
    t.move_cursor(tui_textarea::CursorMove::Bottom);
    t.move_cursor(tui_textarea::CursorMove::End);
    t
}

impl Form {
    /// The form with its own words in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Form {
        // The dates were written before the language was known: write them in it.
        for id in [FieldId::Date, FieldId::Until] {
            if let Some(d) = parse_date(&self.value(id), self.lang) {
                self.texts.insert(id, text(&show_date(d, lang)));
            }
        }
        for id in [FieldId::End, FieldId::ConfirmBy] {
            if let Some(t) = parse_date_time(&self.value(id), self.lang) {
                let shown = format!("{} {}", show_date(t.date(), lang), t.format("%H:%M"));
                self.texts.insert(id, text(&shown));
            }
        }
        self.lang = lang;
        if let Ok(days) = parse_days(&self.value(FieldId::Days)) {
            self.texts
                .insert(FieldId::Days, text(&days_text(days, lang)));
        }
        self
    }

    /// The date typed, else the day the form opened on: what the repeat names speak of.
    fn first_date(&self) -> NaiveDate {
        parse_date(&self.value(FieldId::Date), self.lang).unwrap_or(self.occurrence_date)
    }

    fn blank(area: &AreaInfo, room: &RoomInfo, structure: &Structure, tz: Tz) -> Form {
        let types: Vec<TypeInfo> = structure
            .types
            .iter()
            .filter(|t| !t.hidden && area.allows_type(&t.letter))
            .cloned()
            .collect();
        let type_index = area
            .default_type
            .as_ref()
            .and_then(|d| types.iter().position(|t| &t.letter == d))
            .unwrap_or(0);
        Form {
            max_occurrences: structure.max_occurrences.unwrap_or(usize::MAX),
            editing: None,
            series_id: None,
            series: None,
            occurrence_date: NaiveDate::default(),
            scope: Scope::One,
            room: room.clone(),
            area: area.clone(),
            types,
            users: Vec::new(),
            tz,
            texts: BTreeMap::new(),
            type_index,
            repeat: 0,
            period_start: 0,
            period_end: 0,
            choices: BTreeMap::new(),
            focus: 0,
            errors: BTreeMap::new(),
            general_error: None,
            preview: Preview::default(),
            saving: false,
            edited: false,
            lang: Lang::En,
            admin: false,
            now: DateTime::<chrono::Utc>::MIN_UTC,
            armed: None,
            notice: None,
        }
    }

    /// A new booking of the cell [start, end).
    pub fn new(
        area: &AreaInfo,
        room: &RoomInfo,
        structure: &Structure,
        start: DateTime<Tz>,
        end: DateTime<Tz>,
        tz: Tz,
    ) -> Form {
        let mut f = Form::blank(area, room, structure, tz);
        let end = if matches!(area.slots, Slots::Times { .. }) {
            let wanted = start + Duration::minutes(area.default_minutes as i64);
            wanted.max(end)
        } else {
            end
        };
        f.set_times(start, end);
        f.occurrence_date = start.date_naive();
        f.texts.insert(FieldId::Name, text(""));
        f.texts.insert(FieldId::Every, text("1"));
        f.texts
            .insert(FieldId::Days, text(weekday_code(start.date_naive())));
        f.texts.insert(
            FieldId::Until,
            text(&show_date(
                start.date_naive() + Duration::weeks(3),
                Lang::En,
            )),
        );
        f.texts.insert(FieldId::CycleDay, text("1"));
        for (i, field) in area.fields.iter().enumerate() {
            if field.kind == FieldKind::List {
                f.choices.insert(i, if field.mandatory { 1 } else { 0 });
            }
        }
        f
    }

    /// Changing an existing booking.
    pub fn edit(
        b: &BookingInfo,
        area: &AreaInfo,
        room: &RoomInfo,
        structure: &Structure,
        tz: Tz,
    ) -> Form {
        let mut f = Form::new(area, room, structure, b.start, b.end, tz);
        // The booking's own times, not the default duration a new booking gets.
        f.set_times(b.start, b.end);
        f.editing = Some(b.id);
        f.series_id = b.series_id;
        f.occurrence_date = b.start.date_naive();
        f.texts.insert(FieldId::Name, text(&b.name));
        f.texts
            .insert(FieldId::ShortDescription, text(&b.short_description));
        f.texts.insert(FieldId::Description, text(&b.description));
        // A booking keeps its type even when no longer offered.
        if !f.types.iter().any(|t| t.letter == b.kind) {
            if let Some(t) = structure.types.iter().find(|t| t.letter == b.kind) {
                f.types.push(t.clone());
            }
        }
        if let Some(i) = f.types.iter().position(|t| t.letter == b.kind) {
            f.type_index = i;
        }
        if b.external {
            f.texts.insert(
                FieldId::ExternalName,
                text(b.beneficiary.as_deref().unwrap_or("")),
            );
        }
        for (i, field) in area.fields.iter().enumerate() {
            let value = b
                .fields
                .iter()
                .find(|(k, _)| k == &field.name)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            if field.kind == FieldKind::List {
                let index = field
                    .choices
                    .iter()
                    .position(|c| c == value)
                    .map(|p| p + 1)
                    .unwrap_or(0);
                f.choices.insert(i, index);
            } else {
                f.texts.insert(FieldId::Extra(i), text(value));
            }
        }
        if let Some(t) = b.tentative_until {
            f.texts.insert(
                FieldId::ConfirmBy,
                text(&format!(
                    "{} {}",
                    show_date(t.date_naive(), Lang::En),
                    t.format("%H:%M")
                )),
            );
        }
        f
    }

    /// The series of the booking being changed arrived: the repeat fields take its rule, its
    /// interval, its days and its end, so that "the whole series" changes what is there.
    pub fn series_loaded(&mut self, series: Series) {
        let rule = &series.rule;
        self.repeat = REPEATS
            .iter()
            .position(|k| *k == Some(rule.kind()))
            .unwrap_or(0);
        self.texts
            .insert(FieldId::Every, text(&rule.every().to_string()));
        if let Rule::Weekly { days, .. } = rule {
            self.texts
                .insert(FieldId::Days, text(&days_text(*days, self.lang)));
        }
        if let Rule::CycleDay { day } = rule {
            self.texts.insert(FieldId::CycleDay, text(&day.to_string()));
        }
        self.texts
            .insert(FieldId::Until, text(&show_date(series.until, self.lang)));
        self.series = Some(series);
        if self.scope == Scope::Series {
            self.show_scope_date();
        }
    }

    /// The date field shows the occurrence's date for "this one", the series' first date for
    /// "the whole series".
    fn show_scope_date(&mut self) {
        let date = match (&self.series, self.scope) {
            (Some(series), Scope::Series) => series.start.date(),
            _ => self.occurrence_date,
        };
        self.texts
            .insert(FieldId::Date, text(&show_date(date, self.lang)));
    }

    fn set_times(&mut self, start: DateTime<Tz>, end: DateTime<Tz>) {
        self.texts.insert(
            FieldId::Date,
            text(&show_date(start.date_naive(), self.lang)),
        );
        self.texts.insert(
            FieldId::Start,
            text(&start.time().format("%H:%M").to_string()),
        );
        let end_text = if end.date_naive() == start.date_naive() {
            end.time().format("%H:%M").to_string()
        } else {
            format!(
                "{} {}",
                show_date(end.date_naive(), self.lang),
                end.format("%H:%M")
            )
        };
        self.texts.insert(FieldId::End, text(&end_text));
        if let Slots::Periods(periods) = &self.area.slots {
            self.period_start = periods
                .iter()
                .position(|p| p.start == start.time())
                .unwrap_or(0);
            self.period_end = periods
                .iter()
                .position(|p| p.end == end.time())
                .unwrap_or(self.period_start);
        }
    }

    /// The fields shown, in order: what this room, area, repeat and user call for.
    pub fn fields(&self) -> Vec<FieldId> {
        let mut out = Vec::new();
        if self.editing.is_some() && self.series_id.is_some() {
            out.push(FieldId::Scope);
        }
        out.extend([
            FieldId::Name,
            FieldId::Date,
            FieldId::Start,
            FieldId::End,
            FieldId::Type,
        ]);
        if self.room.may_book_for_others {
            out.extend([
                FieldId::Beneficiary,
                FieldId::ExternalName,
                FieldId::ExternalEmail,
            ]);
        }
        out.extend([FieldId::ShortDescription, FieldId::Description]);
        out.extend((0..self.area.fields.len()).map(FieldId::Extra));
        let repeats = self.editing.is_none() || self.scope == Scope::Series;
        if repeats {
            out.push(FieldId::Repeat);
            match REPEATS[self.repeat] {
                None => {}
                Some(RepeatKind::Weekly) => {
                    out.extend([FieldId::Every, FieldId::Days, FieldId::Until])
                }
                Some(RepeatKind::Cycle) => out.extend([FieldId::CycleDay, FieldId::Until]),
                Some(_) => out.extend([FieldId::Every, FieldId::Until]),
            }
        }
        if self.room.tentative_days > 0 {
            out.push(FieldId::ConfirmBy);
        }
        out
    }

    pub fn focused(&self) -> FieldId {
        let fields = self.fields();
        fields[self.focus.min(fields.len() - 1)]
    }

    fn is_picker(&self, id: FieldId) -> bool {
        match id {
            FieldId::Scope | FieldId::Type | FieldId::Repeat => true,
            FieldId::Start | FieldId::End => matches!(self.area.slots, Slots::Periods(_)),
            FieldId::Extra(i) => self
                .area
                .fields
                .get(i)
                .is_some_and(|f| f.kind == FieldKind::List),
            _ => false,
        }
    }

    fn is_multiline(&self, id: FieldId) -> bool {
        match id {
            FieldId::Description => true,
            FieldId::Extra(i) => self
                .area
                .fields
                .get(i)
                .is_some_and(|f| f.kind == FieldKind::Multiline),
            _ => false,
        }
    }

    /// The text of a text field ("" when never typed).
    pub fn value(&self, id: FieldId) -> String {
        self.texts
            .get(&id)
            .map(|t| t.lines().join("\n"))
            .unwrap_or_default()
    }

    pub fn textarea(&self, id: FieldId) -> Option<&TextArea<'static>> {
        self.texts.get(&id)
    }

    /// What a picker shows.
    pub fn picked(&self, id: FieldId) -> String {
        match id {
            FieldId::Scope => match self.scope {
                Scope::One => T::FormThisOne.text(self.lang).into(),
                Scope::Series => T::FormWholeSeries.text(self.lang).into(),
            },
            FieldId::Type => self
                .types
                .get(self.type_index)
                .map(|t| format!("{} {}", t.letter, t.name))
                .unwrap_or_default(),
            FieldId::Repeat => repeat_name(REPEATS[self.repeat], self.first_date(), self.lang),
            FieldId::Start | FieldId::End => match &self.area.slots {
                Slots::Periods(p) => {
                    let i = if id == FieldId::Start {
                        self.period_start
                    } else {
                        self.period_end
                    };
                    p.get(i).map(|s| s.label.clone()).unwrap_or_default()
                }
                _ => self.value(id),
            },
            FieldId::Extra(i) => {
                let choice = self.choices.get(&i).copied().unwrap_or(0);
                self.area
                    .fields
                    .get(i)
                    .and_then(|f| choice.checked_sub(1).and_then(|c| f.choices.get(c)))
                    .cloned()
                    .unwrap_or_default()
            }
            _ => self.value(id),
        }
    }

    fn pick(&mut self, id: FieldId, forward: bool) {
        let cycle = |i: usize, n: usize| {
            if n == 0 {
                0
            } else if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match id {
            FieldId::Scope => {
                self.scope = match self.scope {
                    Scope::One => Scope::Series,
                    Scope::Series => Scope::One,
                };
                self.show_scope_date();
            }
            FieldId::Type => self.type_index = cycle(self.type_index, self.types.len()),
            FieldId::Repeat => self.repeat = cycle(self.repeat, REPEATS.len()),
            FieldId::Start | FieldId::End => {
                if let Slots::Periods(p) = &self.area.slots {
                    if id == FieldId::Start {
                        self.period_start = cycle(self.period_start, p.len());
                        self.period_end = self.period_end.max(self.period_start);
                    } else {
                        self.period_end = cycle(self.period_end, p.len()).max(self.period_start);
                    }
                }
            }
            FieldId::Extra(i) => {
                if let Some(f) = self.area.fields.get(i) {
                    let n = f.choices.len() + 1;
                    let first = if f.mandatory { 1 } else { 0 };
                    let mut c = cycle(self.choices.get(&i).copied().unwrap_or(0), n);
                    if c < first {
                        c = if forward { first } else { n - 1 };
                    }
                    self.choices.insert(i, c);
                }
            }
            _ => {}
        }
    }

    /// An additional field's name, and whether it is mandatory.
    /// A one-line field that gets the focus has its text selected, as in any form: the first
    /// key typed replaces it (`14:00`, then `17:00`, is 17:00), an arrow keeps it.
    pub fn select_focused(&mut self) {
        let id = self.focused();
        if self.is_multiline(id) || self.is_picker(id) {
            return;
        }
        if let Some(t) = self.texts.get_mut(&id) {
            t.select_all();
        }
    }

    pub fn extra_label(&self, i: usize) -> (String, bool) {
        self.area
            .fields
            .get(i)
            .map(|f| (f.name.clone(), f.mandatory))
            .unwrap_or_default()
    }

    pub fn input(&mut self, input: FormInput) -> Outcome {
        if self.saving {
            return Outcome::Stay { changed: false };
        }
        let fields = self.fields();
        let id = self.focused();
        let mut changed = false;
        match input {
            FormInput::Cancel => return Outcome::Close,
            FormInput::Save => return self.save(),
            FormInput::Next => {
                self.focus = (self.focus + 1).min(fields.len() - 1);
                self.select_focused();
            }
            FormInput::Prev => {
                self.focus = self.focus.saturating_sub(1);
                self.select_focused();
            }
            FormInput::Enter if self.is_multiline(id) => {
                if let Some(t) = self.texts.get_mut(&id) {
                    t.insert_newline();
                }
            }
            FormInput::Enter => {
                if self.focus + 1 >= fields.len() {
                    return self.save();
                }
                self.focus += 1;
                self.select_focused();
            }
            FormInput::Left | FormInput::Right if self.is_picker(id) => {
                self.pick(id, matches!(input, FormInput::Right));
                changed = true;
            }
            FormInput::Right if id == FieldId::Beneficiary => {
                // At the end of the text, → completes to the first matching user.
                if let Some((login, _)) = self.matching_users().first() {
                    self.texts.insert(id, text(login));
                    changed = true;
                }
            }
            FormInput::Left | FormInput::Right => {
                let key = if matches!(input, FormInput::Left) {
                    crossterm::event::KeyCode::Left
                } else {
                    crossterm::event::KeyCode::Right
                };
                if let Some(t) = self.texts.get_mut(&id) {
                    // An arrow ends the selection: what is typed next goes where the cursor is.
                    t.cancel_selection();
                    t.input(KeyEvent::from(key));
                }
            }
            FormInput::Key(event) if !self.is_picker(id) => {
                let t = self.texts.entry(id).or_insert_with(|| text(""));
                changed = t.input(event);
            }
            FormInput::Key(_) => {}
        }
        // Whatever changes, the field's old complaint no longer applies.
        if changed {
            self.edited = true;
            self.errors.remove(&id);
            self.general_error = None;
            self.armed = None;
            self.notice = None;
        }
        let timing = matches!(
            id,
            FieldId::Date
                | FieldId::Start
                | FieldId::End
                | FieldId::Repeat
                | FieldId::Every
                | FieldId::Days
                | FieldId::CycleDay
                | FieldId::Until
                | FieldId::Scope
        );
        Outcome::Stay {
            changed: changed && timing,
        }
    }

    /// Users whose login or name starts like what is typed in the beneficiary field.
    pub fn matching_users(&self) -> Vec<(String, String)> {
        let typed = self.value(FieldId::Beneficiary).to_lowercase();
        if typed.is_empty() {
            return Vec::new();
        }
        self.users
            .iter()
            .filter(|(l, n)| {
                l.to_lowercase().starts_with(&typed)
                    || n.to_lowercase()
                        .split_whitespace()
                        .any(|w| w.starts_with(&typed))
            })
            .take(3)
            .cloned()
            .collect()
    }

    fn local(&self, date: NaiveDate, time: NaiveTime) -> NaiveDateTime {
        date.and_time(time)
    }

    /// Start and end in local time, or the field that is wrong and why.
    fn times(&self) -> Result<(NaiveDateTime, NaiveDateTime), (FieldId, String)> {
        let date = parse_date(&self.value(FieldId::Date), self.lang)
            .ok_or((FieldId::Date, date_forms(self.lang).to_owned()))?;
        let (start, end) = match &self.area.slots {
            Slots::Periods(p) => {
                let s = p
                    .get(self.period_start)
                    .ok_or((FieldId::Start, "?".into()))?;
                let e = p.get(self.period_end).ok_or((FieldId::End, "?".into()))?;
                (self.local(date, s.start), self.local(date, e.end))
            }
            Slots::Times { .. } => {
                let hm = |id: FieldId| {
                    NaiveTime::parse_from_str(self.value(id).trim(), "%H:%M")
                        .map_err(|_| (id, "HH:MM".to_owned()))
                };
                let start = self.local(date, hm(FieldId::Start)?);
                let end_text = self.value(FieldId::End);
                let end = match parse_date_time(&end_text, self.lang) {
                    Some(end) => end,
                    None => hm(FieldId::End).map(|t| self.local(date, t))?,
                };
                (start, end)
            }
        };
        if end <= start {
            return Err((FieldId::End, T::FormAfterStart.text(self.lang).into()));
        }
        Ok((start, end))
    }

    fn rule(&self, first: NaiveDate) -> Result<Option<(Rule, NaiveDate)>, (FieldId, String)> {
        let Some(kind) = REPEATS[self.repeat] else {
            return Ok(None);
        };
        if self.editing.is_some() && self.scope == Scope::One {
            return Ok(None);
        }
        let every: u32 = self
            .value(FieldId::Every)
            .trim()
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or((FieldId::Every, "1, 2, 3…".to_owned()))?;
        let until = parse_date(&self.value(FieldId::Until), self.lang)
            .ok_or((FieldId::Until, date_forms(self.lang).to_owned()))?;
        let days = match kind {
            RepeatKind::Weekly => Some(
                parse_days(&self.value(FieldId::Days))
                    .map_err(|d| (FieldId::Days, format!("{d}: mon,tue…")))?,
            ),
            _ => None,
        };
        let cycle_day = match kind {
            RepeatKind::Cycle => Some(
                self.value(FieldId::CycleDay)
                    .trim()
                    .parse()
                    .map_err(|_| (FieldId::CycleDay, "1, 2…".to_owned()))?,
            ),
            _ => None,
        };
        let rule = crate::booking::model::repeat::rule_of(kind, every, first, days, cycle_day)
            .map_err(|e| match e {
                crate::booking::model::repeat::ChoiceError::NoDays => {
                    (FieldId::Days, "mon,tue…".to_owned())
                }
                crate::booking::model::repeat::ChoiceError::NoCycleDay => {
                    (FieldId::CycleDay, "1, 2…".to_owned())
                }
            })?;
        Ok(Some((rule, until)))
    }

    /// The occurrences the form describes, the series, and what the expansion skipped.
    fn plan(&self, calendar: &Calendar) -> Result<Planned, (FieldId, String)> {
        let (start, end) = self.times()?;
        let instant = |id: FieldId, t: NaiveDateTime| {
            self.tz
                .from_local_datetime(&t)
                .earliest()
                .ok_or((id, T::FormNoSuchTime.text(self.lang).to_owned()))
        };
        match self.rule(start.date())? {
            None => Ok((
                vec![Occurrence {
                    start: instant(FieldId::Start, start)?,
                    end: instant(FieldId::End, end)?,
                }],
                None,
                Vec::new(),
            )),
            Some((rule, until)) => {
                let series = Series {
                    start,
                    end,
                    rule,
                    until,
                };
                let x = expand(&series, self.tz, calendar, self.max_occurrences)
                    .map_err(|e| (FieldId::Until, e.to_string()))?;
                let skipped = crate::booking::store::expansion_skips(&x.skipped);
                Ok((x.occurrences, Some(series), skipped))
            }
        }
    }

    /// Recomputes the preview; returns the occurrences to check against the database.
    pub fn preview(&mut self, calendar: &Calendar) -> Option<(u64, Vec<Occurrence>)> {
        self.preview.generation += 1;
        let generation = self.preview.generation;
        match self.plan(calendar) {
            Ok((occurrences, _, skipped)) => {
                let bypass = if self.admin {
                    bypassed(&occurrences, calendar, self.now)
                } else {
                    Vec::new()
                };
                self.preview = Preview {
                    generation,
                    count: occurrences.len(),
                    blocked: skipped.iter().filter_map(|s| s.date.parse().ok()).collect(),
                    conflicts: None,
                    error: None,
                    bypass,
                };
                Some((generation, occurrences))
            }
            Err((_, why)) => {
                self.preview = Preview {
                    generation,
                    error: Some(why),
                    ..Preview::default()
                };
                None
            }
        }
    }

    pub fn previewed(&mut self, generation: u64, conflicts: Vec<NaiveDate>) {
        if generation == self.preview.generation {
            self.preview.conflicts = Some(conflicts);
        }
    }

    fn details(&self) -> Details {
        let opt = |id: FieldId| {
            let v = self.value(id).trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let mut d = Details {
            name: opt(FieldId::Name),
            kind: self.types.get(self.type_index).map(|t| t.letter.clone()),
            short_description: Some(self.value(FieldId::ShortDescription).trim().to_owned()),
            description: Some(self.value(FieldId::Description).trim_end().to_owned()),
            ..Details::default()
        };
        if self.room.may_book_for_others {
            d.beneficiary = opt(FieldId::Beneficiary);
            d.external_name = opt(FieldId::ExternalName);
            d.external_email = opt(FieldId::ExternalEmail);
        }
        for (i, f) in self.area.fields.iter().enumerate() {
            let value = if f.kind == FieldKind::List {
                self.picked(FieldId::Extra(i))
            } else {
                self.value(FieldId::Extra(i)).trim().to_owned()
            };
            // An emptied field of a booking being changed is sent empty: the database drops it.
            if !value.is_empty() || self.editing.is_some() {
                d.fields.insert(f.name.clone(), value);
            }
        }
        if let Some(text) = opt(FieldId::ConfirmBy) {
            if let Some(local) = parse_date_time(&text, self.lang) {
                d.tentative_until = self
                    .tz
                    .from_local_datetime(&local)
                    .earliest()
                    .map(|t| t.to_utc());
            }
        }
        d
    }

    fn save(&mut self) -> Outcome {
        self.errors.clear();
        self.general_error = None;
        if self.value(FieldId::Name).trim().is_empty() {
            self.errors
                .insert(FieldId::Name, T::FormRequired.text(self.lang).into());
        }
        for (i, f) in self.area.fields.iter().enumerate() {
            let value = self.picked(FieldId::Extra(i));
            if f.mandatory && value.trim().is_empty() {
                self.errors
                    .insert(FieldId::Extra(i), T::FormRequired.text(self.lang).into());
            }
        }
        if let Some(text) = Some(self.value(FieldId::ConfirmBy)).filter(|t| !t.trim().is_empty()) {
            if parse_date_time(&text, self.lang).is_none() {
                self.errors.insert(
                    FieldId::ConfirmBy,
                    format!("{} HH:MM", date_forms(self.lang)),
                );
            }
        }
        let planned = match self.plan(&Calendar::default()) {
            Ok(p) => Some(p),
            Err((id, why)) => {
                self.errors.insert(id, why);
                None
            }
        };
        if !self.errors.is_empty() {
            self.focus_first_error();
            return Outcome::Stay { changed: false };
        }
        let Some((occurrences, series, skipped)) = planned else {
            return Outcome::Stay { changed: false };
        };
        if !self.preview.bypass.is_empty() && self.armed != Some(Arm::Bypass) {
            self.armed = Some(Arm::Bypass);
            self.notice = Some(crate::i18n::fill(
                T::FormBypassConfirm.text(self.lang),
                &[&self.bypass_text()],
            ));
            return Outcome::Stay { changed: false };
        }
        let skip_conflicts = self.armed == Some(Arm::SkipConflicts);
        self.saving = true;
        Outcome::Save(Box::new(Request {
            editing: self.editing,
            series_id: self.series_id,
            scope: self.scope,
            room: self.room.id,
            details: self.details(),
            occurrences,
            series,
            skipped,
            skip_conflicts,
        }))
    }

    /// "2026-12-25 is a blocked day, 2026-11-02 is in the past", for the preview.
    pub fn bypass_text(&self) -> String {
        let list: Vec<String> = self
            .preview
            .bypass
            .iter()
            .map(|b| match b {
                Bypass::BlockedDay(d) => {
                    crate::i18n::fill(T::FormBypassBlocked.text(self.lang), &[d])
                }
                Bypass::Past(d) => crate::i18n::fill(T::FormBypassPast.text(self.lang), &[d]),
            })
            .collect();
        crate::i18n::fill(T::FormBypass.text(self.lang), &[&list.join(", ")])
    }

    /// Re-plans with the real calendar before saving (blocked days skipped).
    pub fn with_calendar(mut request: Request, calendar: &Calendar, tz: Tz, max: usize) -> Request {
        if let Some(series) = &request.series {
            if let Ok(x) = expand(series, tz, calendar, max) {
                request.occurrences = x.occurrences;
                request.skipped = crate::booking::store::expansion_skips(&x.skipped);
            }
        }
        request
    }

    fn focus_first_error(&mut self) {
        if let Some(first) = self.errors.keys().next().copied() {
            if let Some(i) = self.fields().iter().position(|f| *f == first) {
                self.focus = i;
            }
        }
    }

    /// The database said no: show it by the field it concerns, keep everything typed.
    pub fn refused(&mut self, refusal: Option<&Refusal>, text: String) {
        self.saving = false;
        let rule = refusal.map(|r| r.rule).unwrap_or(Reason::Other);
        let named = |key: &str| refusal.map(|r| r.arg(key)).unwrap_or_default();
        self.armed = None;
        self.notice = None;
        // A series that meets taken dates: every date is said (below the fields, where it
        // has room), and the next save may book the free ones.
        if rule == Reason::Conflict && self.preview.count > 1 {
            self.general_error = Some(text);
            self.armed = Some(Arm::SkipConflicts);
            self.notice = Some(T::FormSkipOffer.text(self.lang).to_owned());
            return;
        }
        let field = match rule {
            Reason::Conflict
            | Reason::Past
            | Reason::MinMinutesBefore
            | Reason::MaxDaysAhead
            | Reason::BlockedDay
            | Reason::ClosedDay
            | Reason::OutsideHours
            | Reason::OffGrid
            | Reason::OutsidePeriods => Some(FieldId::Start),
            Reason::MaxDuration | Reason::SeriesOverlaps => Some(FieldId::End),
            Reason::TypeNotEnabled => Some(FieldId::Type),
            Reason::BookForOthers | Reason::UnknownBeneficiary => Some(FieldId::Beneficiary),
            Reason::TentativeNotAllowed | Reason::TentativeDeadline => Some(FieldId::ConfirmBy),
            Reason::TooMany | Reason::NoOccurrence => Some(FieldId::Until),
            Reason::TooLong => match named("field").as_str() {
                "short_description" => Some(FieldId::ShortDescription),
                "description" => Some(FieldId::Description),
                "external_name" => Some(FieldId::ExternalName),
                "name" => Some(FieldId::Name),
                _ => None,
            },
            Reason::MandatoryField | Reason::FieldChoice | Reason::UnknownField => {
                let name = named("field");
                self.area
                    .fields
                    .iter()
                    .position(|f| f.name == name)
                    .map(FieldId::Extra)
            }
            _ => None,
        };
        match field.filter(|f| self.fields().contains(f)) {
            Some(f) => {
                self.errors.insert(f, text);
                self.focus_first_error();
            }
            None => self.general_error = Some(text),
        }
    }
}

/// The rules an administrator's occurrences pass over: blocked days (a series skips them
/// already; one booking does not) and the past.
fn bypassed(
    occurrences: &[Occurrence],
    calendar: &Calendar,
    now: DateTime<chrono::Utc>,
) -> Vec<Bypass> {
    let mut out = Vec::new();
    for o in occurrences {
        if calendar.blocked.contains(&o.date()) {
            out.push(Bypass::BlockedDay(o.date()));
        }
        if o.start.with_timezone(&chrono::Utc) < now {
            out.push(Bypass::Past(o.date()));
        }
    }
    out
}

fn weekday_code(d: NaiveDate) -> &'static str {
    crate::booking::model::rule_json::weekday_name(d.weekday())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::model::plan::FieldInfo;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn fixture() -> (AreaInfo, RoomInfo, Structure) {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let area = AreaInfo {
            id: 1,
            name: "Info".into(),
            site: "Nord".into(),
            week_starts: chrono::Weekday::Mon,
            days: 31,
            slots: Slots::Times {
                start: t(8, 0),
                end: t(19, 0),
                step_minutes: 30,
            },
            twelve_hour: false,
            default_minutes: 60,
            default_type: Some("B".into()),
            types: Some(vec!["A".into(), "B".into()]),
            fields: vec![FieldInfo {
                name: "Niveau".into(),
                kind: FieldKind::List,
                choices: vec!["2de".into(), "1re".into()],
                mandatory: true,
            }],
        };
        let room = RoomInfo {
            id: 7,
            area_id: 1,
            name: "Labo".into(),
            capacity: 30,
            unavailable: false,
            moderated: false,
            tentative_days: 0,
            tracks_loans: false,
            may_book_for_others: false,
            handles: false,
        };
        let structure = Structure {
            types: ["A", "B", "C"]
                .iter()
                .map(|l| TypeInfo {
                    letter: (*l).into(),
                    name: format!("type {l}"),
                    color: "#123456".into(),
                    hidden: false,
                })
                .collect(),
            ..Structure::default()
        };
        (area, room, structure)
    }

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.input(FormInput::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    }

    fn form() -> Form {
        let (area, room, structure) = fixture();
        let tz = chrono_tz::Europe::Paris;
        let start = tz.with_ymd_and_hms(2027, 1, 5, 10, 0, 0).unwrap();
        Form::new(
            &area,
            &room,
            &structure,
            start,
            start + Duration::minutes(30),
            tz,
        )
    }

    #[test]
    fn p04_the_5th_and_the_last_weekday_are_two_named_choices() {
        let (area, room, structure) = fixture();
        let tz = chrono_tz::Europe::Paris;
        // Thursday 31 December 2026: the 5th and the last.
        let start = tz.with_ymd_and_hms(2026, 12, 31, 10, 0, 0).unwrap();
        let mut f = Form::new(&area, &room, &structure, start, start, tz).in_lang(Lang::Fr);
        f.focus = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Repeat)
            .unwrap();
        let mut names = Vec::new();
        for _ in 0..REPEATS.len() {
            names.push(f.picked(FieldId::Repeat));
            f.input(FormInput::Right);
        }
        assert!(
            names.contains(&"chaque mois, le 5e jeudi".to_owned()),
            "{names:?}"
        );
        assert!(
            names.contains(&"chaque mois, le dernier jeudi".to_owned()),
            "{names:?}"
        );
        assert!(names.contains(&"aucune".to_owned()), "{names:?}");
        assert!(
            !names.iter().any(|n| n.contains("weekly") || n == "none"),
            "{names:?}"
        );
    }

    #[test]
    fn p21_the_form_writes_days_in_its_language_and_reads_both() {
        let mut f = form().in_lang(Lang::Fr);
        assert_eq!(f.value(FieldId::Days), "mar", "Tuesday 5 January 2027");
        f.focus = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Repeat)
            .unwrap();
        while REPEATS[f.repeat] != Some(RepeatKind::Weekly) {
            f.input(FormInput::Right);
        }
        assert_eq!(f.picked(FieldId::Repeat), "chaque semaine");
        match f.rule(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()) {
            Ok(Some((Rule::Weekly { days, .. }, _))) => {
                assert!(days.contains(chrono::Weekday::Tue))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(form().value(FieldId::Days), "tue");
    }

    #[test]
    fn p13_an_administrator_is_told_the_rule_is_passed_over_and_asked() {
        let mut f = form();
        typed(&mut f, "Conseil");
        let blocked = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        let calendar = Calendar {
            blocked: [blocked].into_iter().collect(),
            ..Calendar::default()
        };
        // Not an administrator: the database decides; nothing to pass over.
        f.preview(&calendar);
        assert!(f.preview.bypass.is_empty());
        f.admin = true;
        // A clock after the booking: it is in the past too.
        f.now = chrono::Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap();
        f.preview(&calendar);
        assert!(f.preview.bypass.contains(&Bypass::BlockedDay(blocked)));
        assert!(f.preview.bypass.contains(&Bypass::Past(blocked)));
        assert!(f.bypass_text().contains("2027-01-05 is a blocked day"));
        assert!(
            matches!(f.input(FormInput::Save), Outcome::Stay { .. }),
            "asks first"
        );
        assert!(f.notice.as_deref().unwrap_or("").contains("Save again"));
        assert!(
            matches!(f.input(FormInput::Save), Outcome::Save(_)),
            "then books"
        );
        // Changing anything asks again.
        let mut f = form();
        typed(&mut f, "Conseil");
        f.admin = true;
        f.preview(&calendar);
        f.input(FormInput::Save);
        typed(&mut f, "!");
        assert!(f.armed.is_none() && f.notice.is_none());
    }

    #[test]
    fn p17_a_series_meeting_taken_dates_offers_to_skip_them() {
        let mut f = form();
        typed(&mut f, "Conseil");
        f.preview.count = 6;
        let r = Refusal::from_detail(
            "x",
            Some(r#"{"rule": "conflict", "conflicts": [{"start": "2027-01-12T09:00:00+00:00", "end": "2027-01-12T10:00:00+00:00", "name": "Club", "beneficiary": "Bob"}]}"#),
        )
        .unwrap();
        f.refused(
            Some(&r),
            "The room is already booked: 2027-01-12 10:00–11:00 “Club” for Bob.".into(),
        );
        assert!(f.general_error.as_deref().unwrap().contains("“Club”"));
        assert_eq!(f.armed, Some(Arm::SkipConflicts));
        let Outcome::Save(request) = f.input(FormInput::Save) else {
            panic!("saves");
        };
        assert!(request.skip_conflicts);
    }

    #[test]
    fn p20_a_french_form_writes_and_reads_dates_the_french_way() {
        let mut f = form().in_lang(Lang::Fr);
        assert_eq!(f.value(FieldId::Date), "05/01/2027");
        assert_eq!(f.value(FieldId::Until), "26/01/2027");
        typed(&mut f, "Conseil");
        f.focus = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Repeat)
            .unwrap();
        while REPEATS[f.repeat] != Some(RepeatKind::Weekly) {
            f.input(FormInput::Right);
        }
        let until = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Until)
            .unwrap();
        while f.focus < until {
            f.input(FormInput::Next);
        }
        typed(&mut f, "2027-01-19");
        let Outcome::Save(r) = f.input(FormInput::Save) else {
            panic!("ISO is read too: {:?}", f.errors);
        };
        assert_eq!(r.occurrences.len(), 3);
        // A wrong date names the forms accepted.
        let mut f = form().in_lang(Lang::Fr);
        typed(&mut f, "Conseil");
        f.input(FormInput::Next);
        typed(&mut f, "31/02/2027");
        f.input(FormInput::Save);
        assert_eq!(
            f.errors.get(&FieldId::Date).map(String::as_str),
            Some("AAAA-MM-JJ ou JJ/MM/AAAA")
        );
        // In English, ISO.
        assert_eq!(form().value(FieldId::Date), "2027-01-05");
    }

    #[test]
    fn a_new_form_takes_the_cell_the_default_duration_and_type() {
        let f = form();
        assert_eq!(f.value(FieldId::Date), "2027-01-05");
        assert_eq!(f.value(FieldId::Start), "10:00");
        assert_eq!(f.value(FieldId::End), "11:00");
        assert_eq!(
            f.picked(FieldId::Type),
            "B type B",
            "only the area's types, its default first"
        );
        assert_eq!(
            f.picked(FieldId::Extra(0)),
            "2de",
            "a mandatory list starts on a choice"
        );
        assert!(!f.fields().contains(&FieldId::Beneficiary));
    }

    #[test]
    fn weekly_for_four_weeks_saves_four_occurrences() {
        let mut f = form();
        typed(&mut f, "NSI");
        let repeat = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Repeat)
            .unwrap();
        f.focus = repeat;
        f.input(FormInput::Right);
        f.input(FormInput::Right);
        assert_eq!(f.picked(FieldId::Repeat), "every week");
        assert!(f.fields().contains(&FieldId::Days));
        let preview = f.preview(&Calendar::default()).unwrap();
        assert_eq!(preview.1.len(), 4);
        match f.input(FormInput::Save) {
            Outcome::Save(r) => {
                assert_eq!(r.occurrences.len(), 4);
                assert!(r.series.is_some());
                assert_eq!(r.details.name.as_deref(), Some("NSI"));
                assert_eq!(
                    r.details.fields.get("Niveau").map(String::as_str),
                    Some("2de")
                );
            }
            _ => panic!("expected a save"),
        }
    }

    /// The form plans with the CLI's planner: the last weekday of the month is a choice, and
    /// the longest series is the database's, not a number of its own.
    #[test]
    fn the_last_weekday_and_the_series_cap_come_from_the_shared_planner() {
        let mut f = form();
        typed(&mut f, "Conseil");
        f.focus = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Repeat)
            .unwrap();
        while REPEATS[f.repeat] != Some(RepeatKind::MonthlyLastWeekday) {
            f.input(FormInput::Right);
        }
        match f.rule(chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()) {
            Ok(Some((Rule::MonthlyWeekday { nth, .. }, _))) => {
                assert_eq!(nth, crate::booking::model::repeat::Nth::Last)
            }
            other => panic!("{other:?}"),
        }
        f.max_occurrences = 3;
        while f.picked(FieldId::Repeat) != "every week" {
            f.input(FormInput::Right);
        }
        assert!(
            f.preview(&Calendar::default()).is_none(),
            "four weeks exceed a cap of 3"
        );
        assert!(f.preview.error.is_some());
    }

    fn series_member(tz: Tz) -> BookingInfo {
        let start = tz.with_ymd_and_hms(2027, 1, 12, 10, 0, 0).unwrap();
        BookingInfo {
            id: 9,
            room_id: 7,
            start,
            end: start + Duration::minutes(60),
            name: "Cours".into(),
            kind: "A".into(),
            owner: "x".into(),
            beneficiary: None,
            beneficiary_login: None,
            external: false,
            series_id: Some(3),
            moderation: crate::booking::model::state::Moderation::None,
            tentative_until: None,
            loan: crate::booking::model::state::Loan::None,
            short_description: String::new(),
            description: String::new(),
            fields: vec![("Niveau".into(), "1re".into())],
        }
    }

    #[test]
    fn p01_the_whole_series_loads_its_own_rule_days_interval_and_until() {
        let (area, room, structure) = fixture();
        let tz = chrono_tz::Europe::Paris;
        let mut f = Form::edit(&series_member(tz), &area, &room, &structure, tz);
        let first = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        f.series_loaded(Series {
            start: first.and_hms_opt(10, 0, 0).unwrap(),
            end: first.and_hms_opt(11, 0, 0).unwrap(),
            rule: Rule::Weekly {
                every: 2,
                days: crate::booking::model::repeat::Days::of(&[
                    chrono::Weekday::Tue,
                    chrono::Weekday::Thu,
                ]),
            },
            until: NaiveDate::from_ymd_opt(2027, 7, 27).unwrap(),
        });
        assert_eq!(
            f.value(FieldId::Date),
            "2027-01-12",
            "this one: its own date"
        );
        f.input(FormInput::Right);
        assert_eq!(f.scope, Scope::Series);
        assert_eq!(f.picked(FieldId::Repeat), "every week");
        assert_eq!(f.value(FieldId::Every), "2");
        assert_eq!(f.value(FieldId::Days), "tue,thu");
        assert_eq!(f.value(FieldId::Until), "2027-07-27");
        assert_eq!(
            f.value(FieldId::Date),
            "2027-01-05",
            "the series: its first date"
        );
        // Cycling the repeat round to weekly again keeps the end date.
        let at = f
            .fields()
            .iter()
            .position(|x| *x == FieldId::Repeat)
            .unwrap();
        f.focus = at;
        for _ in 0..REPEATS.len() {
            f.input(FormInput::Right);
        }
        assert_eq!(f.picked(FieldId::Repeat), "every week");
        assert_eq!(f.value(FieldId::Until), "2027-07-27");
        let Outcome::Save(request) = f.input(FormInput::Save) else {
            panic!("saves: {:?}", f.errors);
        };
        let series = request.series.expect("a series");
        assert_eq!(series.until, NaiveDate::from_ymd_opt(2027, 7, 27).unwrap());
        assert_eq!(series.start.date(), first);
        assert_eq!(request.scope, Scope::Series);
        // Back to "this one": its own date again, and no rule.
        f.saving = false;
        f.focus = 0;
        f.input(FormInput::Left);
        assert_eq!(f.value(FieldId::Date), "2027-01-12");
    }

    #[test]
    fn p19_the_first_key_in_a_prefilled_field_replaces_it() {
        let mut f = form();
        let end = f.fields().iter().position(|x| *x == FieldId::End).unwrap();
        while f.focus < end {
            f.input(FormInput::Next);
        }
        assert_eq!(f.focused(), FieldId::End);
        let before = f.value(FieldId::End);
        assert!(!before.is_empty());
        typed(&mut f, "17:00");
        assert_eq!(f.value(FieldId::End), "17:00", "not {before}17:00");
        // Backspace on a selected value empties it; an arrow keeps it and types after it.
        f.input(FormInput::Prev);
        f.input(FormInput::Next);
        f.input(FormInput::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
        assert_eq!(f.value(FieldId::End), "");
        typed(&mut f, "17:00");
        f.input(FormInput::Prev);
        f.input(FormInput::Next);
        f.input(FormInput::Right);
        typed(&mut f, "x");
        assert_eq!(f.value(FieldId::End), "17:00x");
    }

    #[test]
    fn editing_keeps_the_booking_s_own_times_and_values() {
        let (area, room, structure) = fixture();
        let tz = chrono_tz::Europe::Paris;
        let start = tz.with_ymd_and_hms(2027, 1, 5, 10, 0, 0).unwrap();
        let b = BookingInfo {
            id: 9,
            room_id: 7,
            start,
            end: start + Duration::minutes(30),
            name: "Court".into(),
            kind: "A".into(),
            owner: "x".into(),
            beneficiary: None,
            beneficiary_login: None,
            external: false,
            series_id: Some(3),
            moderation: crate::booking::model::state::Moderation::None,
            tentative_until: None,
            loan: crate::booking::model::state::Loan::None,
            short_description: String::new(),
            description: "[b]gras[/b]".into(),
            fields: vec![("Niveau".into(), "1re".into())],
        };
        let f = Form::edit(&b, &area, &room, &structure, tz);
        assert_eq!(
            f.value(FieldId::End),
            "10:30",
            "not stretched to the default hour"
        );
        assert_eq!(f.value(FieldId::Name), "Court");
        assert_eq!(f.picked(FieldId::Type), "A type A");
        assert_eq!(f.picked(FieldId::Extra(0)), "1re");
        assert_eq!(
            f.fields()[0],
            FieldId::Scope,
            "a series member asks: this one or all"
        );
        assert!(
            !f.fields().contains(&FieldId::Repeat),
            "one occurrence has no repeat"
        );
    }

    #[test]
    fn errors_stay_by_their_field_and_keep_what_was_typed() {
        let mut f = form();
        f.focus = 2;
        for _ in 0..5 {
            f.input(FormInput::Key(KeyEvent::new(
                KeyCode::Backspace,
                KeyModifiers::NONE,
            )));
        }
        typed(&mut f, "25h");
        assert!(matches!(f.input(FormInput::Save), Outcome::Stay { .. }));
        assert!(f.errors.contains_key(&FieldId::Name));
        assert!(f.errors.contains_key(&FieldId::Start));
        assert_eq!(f.value(FieldId::Start), "25h");
        assert_eq!(
            f.focused(),
            FieldId::Name,
            "the first wrong field gets the focus"
        );
        // The database's refusal lands by its field.
        let mut f = form();
        typed(&mut f, "x");
        f.saving = true;
        let refusal = |detail: &str| {
            crate::booking::model::refusal::Refusal::from_detail("", Some(detail)).unwrap()
        };
        f.refused(
            Some(&refusal(r#"{"rule": "conflict"}"#)),
            "The room is already booked".into(),
        );
        assert!(!f.saving);
        assert_eq!(
            f.errors.get(&FieldId::Start).map(String::as_str),
            Some("The room is already booked")
        );
        assert_eq!(f.value(FieldId::Name), "x");
        f.refused(
            Some(&refusal(r#"{"rule": "max_per_user"}"#)),
            "too many".into(),
        );
        assert_eq!(f.general_error.as_deref(), Some("too many"));
        f.refused(
            Some(&refusal(r#"{"rule": "too_long", "field": "description"}"#)),
            "description: at most 65536 characters, not 70000.".into(),
        );
        assert!(f.errors.contains_key(&FieldId::Description));
        f.refused(
            Some(&refusal(r#"{"rule": "too_long", "field": "name"}"#)),
            "name: at most 80 characters, not 81.".into(),
        );
        assert!(f.errors.contains_key(&FieldId::Name));
    }
}
