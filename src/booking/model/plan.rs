//! The planning's pure model: an area's slots (times or named periods), the five views (day,
//! week of a room, week of all rooms, month of a room, month of all rooms), which dates and
//! rooms they show, which bookings fall in each cell, and the cursor. No IO, no terminal.

use super::state::{Loan, Moderation};
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Weekday,
};
use chrono_tz::Tz;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// Rooms as columns, slots as rows.
    Day,
    /// One room: days as columns, slots as rows.
    WeekRoom,
    /// Rooms as rows, days as columns.
    WeekAll,
    /// One room: a calendar of the month.
    MonthRoom,
    /// Rooms as rows, the month's days as columns.
    MonthAll,
}

impl ViewKind {
    pub const ALL: [ViewKind; 5] = [
        ViewKind::Day,
        ViewKind::WeekRoom,
        ViewKind::WeekAll,
        ViewKind::MonthRoom,
        ViewKind::MonthAll,
    ];

    pub fn next(self) -> ViewKind {
        let i = ViewKind::ALL.iter().position(|v| *v == self).unwrap_or(0);
        ViewKind::ALL[(i + 1) % ViewKind::ALL.len()]
    }

    pub fn prev(self) -> ViewKind {
        let i = ViewKind::ALL.iter().position(|v| *v == self).unwrap_or(0);
        ViewKind::ALL[(i + ViewKind::ALL.len() - 1) % ViewKind::ALL.len()]
    }

    /// The name `app_user.default_view` keeps.
    pub fn code(self) -> &'static str {
        match self {
            ViewKind::Day => "day",
            ViewKind::WeekRoom => "week",
            ViewKind::WeekAll => "week_all",
            ViewKind::MonthRoom => "month",
            ViewKind::MonthAll => "month_all",
        }
    }

    pub fn from_code(code: &str) -> Option<ViewKind> {
        ViewKind::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn one_room(self) -> bool {
        matches!(self, ViewKind::WeekRoom | ViewKind::MonthRoom)
    }
}

/// One row of a day's grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// "08:00", "8:00 AM" or the period's name.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slots {
    Times {
        start: NaiveTime,
        end: NaiveTime,
        step_minutes: u32,
    },
    Periods(Vec<Slot>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    pub letter: String,
    pub name: String,
    pub color: String,
    /// No longer offered to new bookings; those that have it keep it.
    pub hidden: bool,
}

/// An additional field's kind, as `area_field.kind` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Multiline,
    /// One of the field's choices.
    List,
}

impl FieldKind {
    /// The column's value; anything else (a newer schema) reads as plain text.
    pub fn parse(code: &str) -> FieldKind {
        match code {
            "multiline" => FieldKind::Multiline,
            "list" => FieldKind::List,
            _ => FieldKind::Text,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: String,
    pub kind: FieldKind,
    pub choices: Vec<String>,
    pub mandatory: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaInfo {
    pub id: i64,
    pub name: String,
    pub site: String,
    pub week_starts: Weekday,
    /// Bit 0 Monday … bit 6 Sunday.
    pub days: u8,
    pub slots: Slots,
    pub twelve_hour: bool,
    pub default_minutes: u32,
    pub default_type: Option<String>,
    /// None: every type.
    pub types: Option<Vec<String>>,
    pub fields: Vec<FieldInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomInfo {
    pub id: i64,
    pub area_id: i64,
    pub name: String,
    pub capacity: i32,
    pub unavailable: bool,
    pub moderated: bool,
    pub tentative_days: i32,
    pub tracks_loans: bool,
    /// The session may book for someone else here.
    pub may_book_for_others: bool,
    /// The session handles the room: moderation, loans.
    pub handles: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BookingInfo {
    pub id: i64,
    pub room_id: i64,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
    pub name: String,
    pub kind: String,
    pub owner: String,
    /// The beneficiary's name, or the external person's.
    pub beneficiary: Option<String>,
    /// The registered beneficiary's login.
    pub beneficiary_login: Option<String>,
    pub external: bool,
    pub series_id: Option<i64>,
    pub moderation: Moderation,
    pub tentative_until: Option<DateTime<Tz>>,
    pub loan: Loan,
    pub short_description: String,
    pub description: String,
    pub fields: Vec<(String, String)>,
}

/// What a cell shows besides the name: GRR's little icons, as letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Pending,
    Tentative,
    Borrowed,
    Overdue,
    External,
    Series,
}

impl Marker {
    /// One character each, so a narrow cell still shows them.
    pub fn glyph(self) -> char {
        match self {
            Marker::Pending => '?',
            Marker::Tentative => '~',
            Marker::Borrowed => '⇄',
            Marker::Overdue => '!',
            Marker::External => '@',
            Marker::Series => '↻',
        }
    }
}

impl BookingInfo {
    pub fn markers(&self) -> Vec<Marker> {
        let mut m = Vec::new();
        if self.moderation == Moderation::Pending {
            m.push(Marker::Pending);
        }
        if self.tentative_until.is_some() {
            m.push(Marker::Tentative);
        }
        match self.loan {
            Loan::Borrowed => m.push(Marker::Borrowed),
            Loan::Overdue => m.push(Marker::Overdue),
            Loan::None | Loan::Returned => {}
        }
        if self.external {
            m.push(Marker::External);
        }
        if self.series_id.is_some() {
            m.push(Marker::Series);
        }
        m
    }

    pub fn overlaps(&self, from: DateTime<Tz>, to: DateTime<Tz>) -> bool {
        self.start < to && from < self.end
    }
}

pub fn show_time(t: NaiveTime, twelve_hour: bool) -> String {
    // By hand: chrono's `format` parses its pattern again at every call, and a frame shows
    // hundreds of times.
    let (h, m) = (t.hour(), t.minute());
    if twelve_hour {
        let half = if h < 12 { "AM" } else { "PM" };
        format!("{}:{m:02} {half}", (h + 11) % 12 + 1)
    } else {
        format!("{h:02}:{m:02}")
    }
}

impl AreaInfo {
    /// The rows of one day.
    pub fn slots(&self) -> Vec<Slot> {
        match &self.slots {
            Slots::Periods(p) => p.clone(),
            Slots::Times { .. } => self
                .slot_times()
                .map(|(start, end)| Slot {
                    start,
                    end,
                    label: show_time(start, self.twelve_hour),
                })
                .collect(),
        }
    }

    /// Row `i` of a day alone: a cell asks for its own slot, not for the day's list.
    pub fn slot(&self, i: usize) -> Option<Slot> {
        match &self.slots {
            Slots::Periods(p) => p.get(i).cloned(),
            Slots::Times { .. } => self.slot_times().nth(i).map(|(start, end)| Slot {
                start,
                end,
                label: show_time(start, self.twelve_hour),
            }),
        }
    }

    pub fn slot_count(&self) -> usize {
        match &self.slots {
            Slots::Periods(p) => p.len(),
            Slots::Times { .. } => self.slot_times().count(),
        }
    }

    /// Start and end of each row of a day of times (none for named periods).
    fn slot_times(&self) -> impl Iterator<Item = (NaiveTime, NaiveTime)> {
        let (mut next_start, end, step) = match &self.slots {
            Slots::Times {
                start,
                end,
                step_minutes,
            } => (
                Some(*start),
                *end,
                Duration::minutes((*step_minutes).max(1) as i64),
            ),
            Slots::Periods(_) => (None, NaiveTime::MIN, Duration::minutes(1)),
        };
        std::iter::from_fn(move || {
            let t = next_start.filter(|t| *t < end)?;
            let next = t + step;
            // Past midnight or the end: the last slot ends the day.
            let stop = if next <= t || next > end { end } else { next };
            next_start = (stop > t && stop != end).then_some(stop);
            Some((t, stop))
        })
    }

    pub fn shows(&self, day: Weekday) -> bool {
        self.days & (1 << day.num_days_from_monday()) != 0
    }

    /// The first day of the week `date` is in.
    pub fn week_start(&self, date: NaiveDate) -> NaiveDate {
        let back = (7 + date.weekday().num_days_from_monday()
            - self.week_starts.num_days_from_monday())
            % 7;
        date - Duration::days(back as i64)
    }

    /// The shown days of the week `date` is in.
    pub fn week(&self, date: NaiveDate) -> Vec<NaiveDate> {
        let first = self.week_start(date);
        (0..7)
            .map(|i| first + Duration::days(i))
            .filter(|d| self.shows(d.weekday()))
            .collect()
    }

    /// The types a booking may take here, in display order.
    pub fn allows_type(&self, letter: &str) -> bool {
        self.types
            .as_ref()
            .is_none_or(|t| t.iter().any(|x| x == letter))
    }
}

/// The instant a local date and time is, the earliest when the clocks pass it twice; the
/// next valid instant when they skip it.
pub fn at(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Tz> {
    let local = date.and_time(time);
    tz.from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| skipped(tz, local))
}

fn skipped(tz: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    (1..=180)
        .find_map(|m| {
            tz.from_local_datetime(&(local + Duration::minutes(m)))
                .earliest()
        })
        .unwrap_or_else(|| tz.from_utc_datetime(&local))
}

/// The first and last day of the month `date` is in.
pub fn month_bounds(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = date.with_day(1).unwrap_or(date);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (first, next - Duration::days(1))
}

/// What a view shows, and the cursor in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub kind: ViewKind,
    /// Column headers and what each column is.
    pub columns: Vec<Axis>,
    pub rows: Vec<Axis>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Axis {
    Room(usize),
    Date(NaiveDate),
    Slot(usize),
    /// A week of the month calendar, by its first day.
    Week(NaiveDate),
}

/// A cell's place in time and space, for opening a booking or the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub room: usize,
    pub date: NaiveDate,
    /// None for whole-day cells (week of all rooms, months).
    pub slot: Option<usize>,
}

/// The days a view covers: [first, last].
pub fn range(kind: ViewKind, area: &AreaInfo, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    match kind {
        ViewKind::Day => (date, date),
        ViewKind::WeekRoom | ViewKind::WeekAll => {
            let first = area.week_start(date);
            (first, first + Duration::days(6))
        }
        ViewKind::MonthRoom | ViewKind::MonthAll => month_bounds(date),
    }
}

/// The date the view moves to with PgDn (forward) or PgUp.
pub fn step(kind: ViewKind, date: NaiveDate, forward: bool) -> NaiveDate {
    let sign = if forward { 1 } else { -1 };
    match kind {
        ViewKind::Day => date + Duration::days(sign),
        ViewKind::WeekRoom | ViewKind::WeekAll => date + Duration::weeks(sign),
        ViewKind::MonthRoom | ViewKind::MonthAll => {
            let months = chrono::Months::new(1);
            let moved = if forward {
                date.checked_add_months(months)
            } else {
                date.checked_sub_months(months)
            };
            moved.unwrap_or(date)
        }
    }
}

impl Grid {
    pub fn build(kind: ViewKind, area: &AreaInfo, rooms: usize, date: NaiveDate) -> Grid {
        let slots = area.slot_count();
        let room_axis = || (0..rooms).map(Axis::Room).collect::<Vec<_>>();
        let slot_axis = || (0..slots).map(Axis::Slot).collect::<Vec<_>>();
        let week = || {
            area.week(date)
                .into_iter()
                .map(Axis::Date)
                .collect::<Vec<_>>()
        };
        let (columns, rows) = match kind {
            ViewKind::Day => (room_axis(), slot_axis()),
            ViewKind::WeekRoom => (week(), slot_axis()),
            ViewKind::WeekAll => (week(), room_axis()),
            ViewKind::MonthRoom => {
                let (first, last) = month_bounds(date);
                let days: Vec<Axis> = area.week(first).into_iter().map(Axis::Date).collect();
                let mut weeks = Vec::new();
                let mut w = area.week_start(first);
                while w <= last {
                    weeks.push(Axis::Week(w));
                    w += Duration::weeks(1);
                }
                (days, weeks)
            }
            ViewKind::MonthAll => {
                let (first, last) = month_bounds(date);
                let days = (0..=(last - first).num_days())
                    .map(|i| first + Duration::days(i))
                    .filter(|d| area.shows(d.weekday()))
                    .map(Axis::Date)
                    .collect();
                (days, room_axis())
            }
        };
        Grid {
            kind,
            columns,
            rows,
        }
    }

    /// The cell at (column, row): which room, date and slot. In the month calendar the
    /// column's date is only its weekday; the row's week gives the date.
    pub fn target(&self, col: usize, row: usize, room: usize) -> Option<Target> {
        let c = self.columns.get(col)?;
        let r = self.rows.get(row)?;
        Some(match (c, r) {
            (Axis::Room(i), Axis::Slot(s)) => Target {
                room: *i,
                date: NaiveDate::MIN,
                slot: Some(*s),
            },
            (Axis::Date(d), Axis::Slot(s)) => Target {
                room,
                date: *d,
                slot: Some(*s),
            },
            (Axis::Date(d), Axis::Room(i)) => Target {
                room: *i,
                date: *d,
                slot: None,
            },
            (Axis::Date(d), Axis::Week(w)) => {
                let offset = (7 + d.weekday().num_days_from_monday()
                    - w.weekday().num_days_from_monday())
                    % 7;
                Target {
                    room,
                    date: *w + Duration::days(offset as i64),
                    slot: None,
                }
            }
            _ => return None,
        })
    }

    /// The column and row showing `date` (and `room`, `slot` where the view has them).
    pub fn find(&self, date: NaiveDate, room: usize, slot: usize) -> (usize, usize) {
        let col = self
            .columns
            .iter()
            .position(|c| match c {
                Axis::Date(d) if self.kind == ViewKind::MonthRoom => d.weekday() == date.weekday(),
                Axis::Date(d) => *d == date,
                Axis::Room(i) => *i == room,
                _ => false,
            })
            .unwrap_or(0);
        let row = self
            .rows
            .iter()
            .position(|r| match r {
                Axis::Slot(s) => *s == slot,
                Axis::Room(i) => *i == room,
                Axis::Week(w) => date >= *w && date < *w + Duration::weeks(1),
                _ => false,
            })
            .unwrap_or(0);
        (col, row)
    }
}

/// Puts bookings in the order [`bookings_in`] searches: by room, then start.
pub fn sort_for_lookup(bookings: &mut [BookingInfo]) {
    bookings.sort_unstable_by_key(|b| (b.room_id, b.start, b.id));
}

/// The bookings of `room` overlapping [from, to), in time order, out of bookings sorted by
/// [`sort_for_lookup`]: a cell looks at its room's bookings that start before it ends, not
/// at every booking loaded (350 cells × 6,000 bookings was half of a week's frame).
pub fn bookings_in(
    bookings: &[BookingInfo],
    room_id: i64,
    from: DateTime<Tz>,
    to: DateTime<Tz>,
) -> impl Iterator<Item = &BookingInfo> {
    let first = bookings.partition_point(|b| b.room_id < room_id);
    let room = &bookings[first..];
    let end = room.partition_point(|b| b.room_id == room_id && b.start < to);
    room[..end].iter().filter(move |b| from < b.end)
}

/// The day a target cell is on (a view of one day leaves it to the shown date).
fn target_day(target: &Target, date: NaiveDate) -> NaiveDate {
    if target.date == NaiveDate::MIN {
        date
    } else {
        target.date
    }
}

/// The bounds of a target cell: its slot, or its whole day.
pub fn cell_bounds(
    tz: Tz,
    area: &AreaInfo,
    target: &Target,
    date: NaiveDate,
) -> (DateTime<Tz>, DateTime<Tz>) {
    let day = target_day(target, date);
    match target.slot.and_then(|s| area.slot(s)) {
        Some(slot) => {
            let end_day = if slot.end <= slot.start {
                day + Duration::days(1)
            } else {
                day
            };
            (at(tz, day, slot.start), at(tz, end_day, slot.end))
        }
        None => (
            at(tz, day, NaiveTime::MIN),
            at(tz, day + Duration::days(1), NaiveTime::MIN),
        ),
    }
}

/// What a new booking of a cell starts as: the cell's slot; for a cell that is a whole day
/// (the week of all rooms, the month), the area's first slot or period that day, as GRR
/// offers, never midnight to midnight.
pub fn new_booking_bounds(
    tz: Tz,
    area: &AreaInfo,
    target: &Target,
    date: NaiveDate,
) -> (DateTime<Tz>, DateTime<Tz>) {
    match (target.slot, area.slot(0)) {
        (None, Some(first)) => {
            let day = target_day(target, date);
            (at(tz, day, first.start), at(tz, day, first.end))
        }
        _ => cell_bounds(tz, area, target, date),
    }
}

/// Column headers that tell rooms apart in `width` columns: the names when they fit; else
/// without the beginning they all share ("Salle 0…" fifty times is no header), shortened
/// from the left ("…012") when still too long.
pub fn distinct_labels(names: &[&str], width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    if names.iter().all(|n| n.width() <= width) || width == 0 {
        return names.iter().map(|n| (*n).to_owned()).collect();
    }
    let first: Vec<char> = names
        .first()
        .map(|n| n.chars().collect())
        .unwrap_or_default();
    let mut common = first.len();
    for n in names.iter().skip(1) {
        common = common.min(
            first
                .iter()
                .zip(n.chars())
                .take_while(|(a, b)| **a == *b)
                .count(),
        );
    }
    // Never strip a whole name: one of them would read as nothing.
    let shortest = names.iter().map(|n| n.chars().count()).min().unwrap_or(0);
    let common = if common >= shortest { 0 } else { common };
    names
        .iter()
        .map(|n| {
            let rest: String = n.chars().skip(common).collect();
            let shown = if common > 0 {
                format!("…{rest}")
            } else {
                rest
            };
            if shown.width() <= width {
                return shown;
            }
            // From the left: the end of a name is what differs ("…012").
            let mut tail: Vec<char> = Vec::new();
            let mut used = 1;
            for c in shown.chars().rev() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + w > width {
                    break;
                }
                used += w;
                tail.push(c);
            }
            tail.reverse();
            format!("…{}", tail.into_iter().collect::<String>())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    pub fn area(slots: Slots) -> AreaInfo {
        AreaInfo {
            id: 1,
            name: "Info".into(),
            site: "NORD".into(),
            week_starts: Weekday::Mon,
            days: 0b0011111,
            slots,
            twelve_hour: false,
            default_minutes: 60,
            default_type: None,
            types: None,
            fields: vec![],
        }
    }

    #[test]
    fn time_slots_follow_the_area() {
        let a = area(Slots::Times {
            start: t(8, 0),
            end: t(10, 0),
            step_minutes: 30,
        });
        let labels: Vec<String> = a.slots().into_iter().map(|s| s.label).collect();
        assert_eq!(labels, ["08:00", "08:30", "09:00", "09:30"]);
        let mut twelve = a.clone();
        twelve.twelve_hour = true;
        twelve.slots = Slots::Times {
            start: t(11, 0),
            end: t(14, 0),
            step_minutes: 60,
        };
        let labels: Vec<String> = twelve.slots().into_iter().map(|s| s.label).collect();
        assert_eq!(labels, ["11:00 AM", "12:00 PM", "1:00 PM"]);
        // A step that does not divide the day: the last slot is shorter.
        let odd = area(Slots::Times {
            start: t(8, 0),
            end: t(9, 0),
            step_minutes: 25,
        });
        let ends: Vec<NaiveTime> = odd.slots().into_iter().map(|s| s.end).collect();
        assert_eq!(ends, [t(8, 25), t(8, 50), t(9, 0)]);
    }

    #[test]
    fn p15_room_headers_tell_rooms_apart() {
        let names: Vec<String> = (1..=50).map(|i| format!("Salle {i:03}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let labels = distinct_labels(&refs, 8);
        assert_eq!(labels[0], "…01");
        assert_eq!(labels[49], "…50");
        let unique: std::collections::BTreeSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), 50, "every header differs");
        // Names that fit stay whole; names without a shared start keep their end.
        assert_eq!(
            distinct_labels(&["Labo 101", "CDI"], 8),
            ["Labo 101", "CDI"]
        );
        assert_eq!(
            distinct_labels(&["Salle multimédia", "Gymnase"], 8),
            ["…timédia", "Gymnase"]
        );
    }

    #[test]
    fn p03_a_whole_day_cell_offers_the_areas_first_slot_or_period() {
        let tz = chrono_tz::Europe::Paris;
        let day = NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
        let whole_day = Target {
            room: 0,
            date: day,
            slot: None,
        };
        let times = area(Slots::Times {
            start: t(8, 0),
            end: t(18, 0),
            step_minutes: 30,
        });
        let (start, end) = new_booking_bounds(tz, &times, &whole_day, day);
        assert_eq!((start.time(), end.time()), (t(8, 0), t(8, 30)));
        assert_eq!(start.date_naive(), day);
        let periods = area(Slots::Periods(vec![Slot {
            start: t(8, 0),
            end: t(8, 55),
            label: "M1".into(),
        }]));
        let (start, end) = new_booking_bounds(tz, &periods, &whole_day, day);
        assert_eq!((start.time(), end.time()), (t(8, 0), t(8, 55)));
    }

    #[test]
    fn weeks_start_where_the_area_says_and_show_its_days() {
        let mut a = area(Slots::Periods(vec![]));
        let wed = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(a.week(wed).len(), 5);
        assert_eq!(
            a.week(wed)[0],
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        a.week_starts = Weekday::Sun;
        a.days = 0b1111111;
        let week = a.week(wed);
        assert_eq!(week[0], NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(week.len(), 7);
    }

    #[test]
    fn grids_and_targets() {
        let a = area(Slots::Times {
            start: t(8, 0),
            end: t(12, 0),
            step_minutes: 60,
        });
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let g = Grid::build(ViewKind::Day, &a, 3, day);
        assert_eq!((g.columns.len(), g.rows.len()), (3, 4));
        let g = Grid::build(ViewKind::WeekAll, &a, 3, day);
        assert_eq!((g.columns.len(), g.rows.len()), (5, 3));
        assert_eq!(
            g.target(2, 1, 0),
            Some(Target {
                room: 1,
                date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                slot: None
            })
        );
        let g = Grid::build(ViewKind::MonthRoom, &a, 3, day);
        // November 2026 starts on a Sunday: the calendar's first week is 26 Oct.
        assert_eq!(g.rows.len(), 6);
        let (col, row) = g.find(day, 0, 0);
        assert_eq!(g.target(col, row, 0).unwrap().date, day);
        let g = Grid::build(ViewKind::MonthAll, &a, 3, day);
        assert_eq!(g.columns.len(), 21, "the weekdays of November 2026");
    }

    #[test]
    fn steps_and_ranges() {
        let a = area(Slots::Periods(vec![]));
        let jan31 = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(
            step(ViewKind::MonthAll, jan31, true),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
        assert_eq!(
            step(ViewKind::WeekAll, jan31, false),
            NaiveDate::from_ymd_opt(2027, 1, 24).unwrap()
        );
        assert_eq!(
            range(ViewKind::WeekRoom, &a, jan31),
            (
                NaiveDate::from_ymd_opt(2027, 1, 25).unwrap(),
                NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()
            )
        );
    }

    #[test]
    fn local_times_the_clocks_skip_move_forward() {
        let tz = chrono_tz::Europe::Paris;
        let d = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        assert_eq!(at(tz, d, t(2, 30)).format("%H:%M").to_string(), "03:00");
    }
}
