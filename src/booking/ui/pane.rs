//! The planning screen's state: which area, room, view and date; the cursor, kept as a place
//! (date, room, slot) so that switching views keeps it; the bookings loaded for the visible
//! range plus one range either side. Moving never needs the database: `wanted` says when a
//! load is due. Pure: the App turns `wanted` into a command.

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;

use crate::booking::model::plan::{
    self, AreaInfo, Axis, BookingInfo, Grid, RoomInfo, Target, ViewKind,
};
use crate::booking::plan_store::Structure;

/// What is loaded: the area's rooms between two dates (inclusive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub area_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Clone, Debug, Default)]
pub struct PlanningPane {
    /// None until the first load answers.
    pub structure: Option<Structure>,
    pub area: usize,
    /// Index among the area's rooms: the room of one-room views, and the cursor's room.
    pub room: usize,
    pub view: Option<ViewKind>,
    pub date: NaiveDate,
    pub slot: usize,
    /// By room, then start (`plan::sort_for_lookup`): set through `set_bookings`.
    bookings: Vec<BookingInfo>,
    pub loaded: Option<Loaded>,
    /// First visible row and column of the grid.
    pub row_offset: usize,
    pub col_offset: usize,
    /// `/` narrows the grid to bookings whose text contains this.
    pub search: String,
}

impl PlanningPane {
    pub fn bookings(&self) -> &[BookingInfo] {
        &self.bookings
    }

    pub fn set_bookings(&mut self, mut bookings: Vec<BookingInfo>) {
        plan::sort_for_lookup(&mut bookings);
        self.bookings = bookings;
    }

    pub fn view(&self) -> ViewKind {
        self.view.unwrap_or(ViewKind::WeekAll)
    }

    /// Takes a (re)loaded structure, keeping the place when it still exists.
    pub fn set_structure(&mut self, s: Structure, today: NaiveDate) {
        let first = self.structure.is_none();
        let area_id = if first {
            s.last_area
        } else {
            self.area_info().map(|a| a.id)
        };
        let room_id = if first {
            s.last_room
        } else {
            self.room_info().map(|r| r.id)
        };
        if first {
            self.view = Some(s.last_view.unwrap_or(ViewKind::WeekAll));
            self.date = today;
        }
        self.area = area_id
            .and_then(|id| s.areas.iter().position(|a| a.id == id))
            .unwrap_or(0);
        self.structure = Some(s);
        let rooms = self.rooms();
        self.room = room_id
            .and_then(|id| rooms.iter().position(|r| r.id == id))
            .unwrap_or(0);
        self.clamp();
    }

    pub fn area_info(&self) -> Option<&AreaInfo> {
        self.structure.as_ref()?.areas.get(self.area)
    }

    pub fn rooms(&self) -> Vec<&RoomInfo> {
        match (&self.structure, self.area_info()) {
            (Some(s), Some(a)) => s.rooms.iter().filter(|r| r.area_id == a.id).collect(),
            _ => Vec::new(),
        }
    }

    pub fn room_info(&self) -> Option<&RoomInfo> {
        self.rooms().get(self.room).copied()
    }

    pub fn grid(&self) -> Option<Grid> {
        let area = self.area_info()?;
        Some(Grid::build(
            self.view(),
            area,
            self.rooms().len(),
            self.date,
        ))
    }

    /// The cursor's column and row in the grid.
    pub fn cursor(&self) -> Option<(usize, usize)> {
        Some(self.grid()?.find(self.date, self.room, self.slot))
    }

    pub fn target(&self) -> Option<Target> {
        let (col, row) = self.cursor()?;
        let mut t = self.grid()?.target(col, row, self.room)?;
        if t.date == NaiveDate::MIN {
            t.date = self.date;
        }
        Some(t)
    }

    fn clamp(&mut self) {
        let rooms = self.rooms().len();
        self.room = self.room.min(rooms.saturating_sub(1));
        let slots = self.area_info().map(|a| a.slot_count()).unwrap_or(0);
        self.slot = self.slot.min(slots.saturating_sub(1));
        if let Some(area) = self.area_info() {
            // A day the area does not show: the next one it does.
            if area.days != 0 && !area.shows(self.date.weekday()) {
                let mut d = self.date;
                while !area.shows(d.weekday()) {
                    d += Duration::days(1);
                }
                self.date = d;
            }
        }
    }

    /// Moves the cursor by cells; at an edge of a day, week or month, the view follows.
    pub fn move_by(&mut self, dx: isize, dy: isize) {
        let Some(grid) = self.grid() else { return };
        let Some((col, row)) = self.cursor() else {
            return;
        };
        let cols = grid.columns.len() as isize;
        let rows = grid.rows.len() as isize;
        if cols == 0 || rows == 0 {
            return;
        }
        let new_col = (col as isize + dx).clamp(0, cols - 1) as usize;
        let new_row = (row as isize + dy).clamp(0, rows - 1) as usize;
        let Some(t) = grid.target(new_col, new_row, self.room) else {
            return;
        };
        if t.date != NaiveDate::MIN {
            self.date = t.date;
        }
        if !self.view().one_room() {
            self.room = t.room;
        }
        if let Some(s) = t.slot {
            self.slot = s;
        }
    }

    /// PgDn / PgUp: the next or previous day, week or month, the cursor on the same weekday.
    pub fn page(&mut self, forward: bool) {
        self.date = plan::step(self.view(), self.date, forward);
        self.clamp();
    }

    pub fn go_to(&mut self, date: NaiveDate) {
        self.date = date;
        self.clamp();
    }

    pub fn cycle_view(&mut self, forward: bool) {
        let v = self.view();
        self.view = Some(if forward { v.next() } else { v.prev() });
        self.row_offset = 0;
        self.col_offset = 0;
    }

    pub fn select_area(&mut self, index: usize) {
        self.area = index;
        self.room = 0;
        self.slot = 0;
        self.row_offset = 0;
        self.col_offset = 0;
        self.clamp();
    }

    pub fn select_room(&mut self, index: usize) {
        self.room = index;
        self.clamp();
    }

    /// The dates a view needs loaded: what it shows, and one range either side so that
    /// PgUp/PgDn draw at once.
    pub fn wanted_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let area = self.area_info()?;
        let (first, last) = plan::range(self.view(), area, self.date);
        let span = (last - first).num_days() + 1;
        Some((first - Duration::days(span), last + Duration::days(span)))
    }

    /// Some(range) when what is shown is not all loaded: the range shown, alone, so that
    /// it is drawn as soon as it is read ([`Self::ahead`] then reads either side).
    pub fn wanted(&self) -> Option<Loaded> {
        let area = self.area_info()?;
        let (first, last) = plan::range(self.view(), area, self.date);
        self.missing(first, last)
    }

    /// Some(range) when what is shown is loaded but not the range either side: what to read
    /// in the background after a move, before the next PgUp/PgDn asks for it.
    pub fn ahead(&self) -> Option<Loaded> {
        let (from, to) = self.wanted_range()?;
        self.missing(from, to)
    }

    /// Some(these dates) when they are not all loaded for the current area.
    fn missing(&self, from: NaiveDate, to: NaiveDate) -> Option<Loaded> {
        let area = self.area_info()?;
        let covered = self
            .loaded
            .as_ref()
            .is_some_and(|l| l.area_id == area.id && l.from <= from && l.to >= to);
        (!covered).then_some(Loaded {
            area_id: area.id,
            from,
            to,
        })
    }

    /// Room ids of the current area, for loading.
    pub fn room_ids(&self) -> Vec<i64> {
        self.rooms().iter().map(|r| r.id).collect()
    }

    /// The bookings a cell shows, in time order.
    /// The most bookings one room has on one day of what is loaded (how tall a row of the
    /// week of all rooms may usefully be).
    pub fn most_in_a_day(&self) -> usize {
        // Sorted by room then start: a room's day is a run of consecutive bookings.
        let (mut most, mut run, mut last) = (0, 0, None);
        for b in self.bookings.iter().filter(|b| self.matches(b)) {
            let key = Some((b.room_id, b.start.date_naive()));
            run = if key == last { run + 1 } else { 1 };
            last = key;
            most = most.max(run);
        }
        most
    }

    pub fn cell(&self, tz: Tz, target: &Target) -> Vec<&BookingInfo> {
        let Some(area) = self.area_info() else {
            return Vec::new();
        };
        let Some(room) = self.rooms().get(target.room).map(|r| r.id) else {
            return Vec::new();
        };
        let (from, to) = plan::cell_bounds(tz, area, target, self.date);
        plan::bookings_in(&self.bookings, room, from, to)
            .filter(|b| self.matches(b))
            .collect()
    }

    pub fn matches(&self, b: &BookingInfo) -> bool {
        if self.search.is_empty() {
            return true;
        }
        let needle = self.search.to_lowercase();
        [
            b.name.as_str(),
            b.short_description.as_str(),
            b.description.as_str(),
            b.owner.as_str(),
            b.beneficiary.as_deref().unwrap_or(""),
        ]
        .iter()
        .any(|t| t.to_lowercase().contains(&needle))
    }

    /// The booking under the cursor, if any.
    pub fn at_cursor(&self, tz: Tz) -> Option<&BookingInfo> {
        let t = self.target()?;
        self.cell(tz, &t).into_iter().next()
    }

    /// Keeps the cursor's cell within `visible` rows and columns, scrolling as little as
    /// possible.
    pub fn scroll_into_view(&mut self, visible_cols: usize, visible_rows: usize) {
        let Some((col, row)) = self.cursor() else {
            return;
        };
        let fit = |offset: &mut usize, pos: usize, visible: usize| {
            let visible = visible.max(1);
            if pos < *offset {
                *offset = pos;
            } else if pos >= *offset + visible {
                *offset = pos + 1 - visible;
            }
        };
        fit(&mut self.col_offset, col, visible_cols);
        fit(&mut self.row_offset, row, visible_rows);
    }

    /// The label of a grid column or row.
    pub fn axis_label(&self, axis: &Axis, lang: crate::i18n::Lang) -> String {
        match axis {
            Axis::Room(i) => self
                .rooms()
                .get(*i)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            Axis::Slot(i) => self
                .area_info()
                .and_then(|a| a.slot(*i).map(|s| s.label))
                .unwrap_or_default(),
            Axis::Date(d) => day_label(*d, lang, self.view() == ViewKind::MonthRoom),
            Axis::Week(w) => format!("{}", w.format("%d/%m")),
        }
    }
}

const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAYS_FR: [&str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];

/// "Tue 24/11", or in the month calendar only "Tue".
pub fn day_label(d: NaiveDate, lang: crate::i18n::Lang, weekday_only: bool) -> String {
    let names = match lang {
        crate::i18n::Lang::En => DAYS_EN,
        crate::i18n::Lang::Fr => DAYS_FR,
    };
    let name = names[d.weekday().num_days_from_monday() as usize];
    if weekday_only {
        name.to_owned()
    } else {
        format!("{name} {}", d.format("%d/%m"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::model::plan::{Slots, TypeInfo};
    use chrono::{NaiveTime, Weekday};

    pub fn structure() -> Structure {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        let area = |id, name: &str| AreaInfo {
            id,
            name: name.into(),
            site: "Nord".into(),
            week_starts: Weekday::Mon,
            days: 0b0011111,
            slots: Slots::Times {
                start: t(8),
                end: t(12),
                step_minutes: 60,
            },
            twelve_hour: false,
            default_minutes: 60,
            default_type: None,
            types: None,
            fields: vec![],
        };
        let room = |id, area_id, name: &str| RoomInfo {
            id,
            area_id,
            name: name.into(),
            capacity: 0,
            unavailable: false,
            moderated: false,
            tentative_days: 0,
            tracks_loans: false,
            may_book_for_others: false,
            handles: false,
        };
        Structure {
            areas: vec![area(1, "Info"), area(2, "Sport")],
            rooms: vec![
                room(10, 1, "Labo"),
                room(11, 1, "Salle"),
                room(20, 2, "Gym"),
            ],
            types: vec![TypeInfo {
                letter: "A".into(),
                name: "Cours".into(),
                color: "#4a90d9".into(),
                hidden: false,
            }],
            last_area: Some(1),
            last_room: Some(11),
            ..Structure::default()
        }
    }

    fn pane() -> PlanningPane {
        let mut p = PlanningPane::default();
        p.set_structure(structure(), NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        p
    }

    #[test]
    fn opens_where_the_user_left_it() {
        let p = pane();
        assert_eq!(p.area_info().unwrap().name, "Info");
        assert_eq!(p.room_info().unwrap().name, "Salle");
        assert_eq!(p.view(), ViewKind::WeekAll);
    }

    #[test]
    fn the_cursor_moves_across_cells_and_keeps_its_place_between_views() {
        let mut p = pane();
        // Week of all rooms: columns are days, rows rooms.
        p.move_by(1, 0);
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        p.move_by(0, -1);
        assert_eq!(p.room_info().unwrap().name, "Labo");
        p.cycle_view(true); // month of one room
        assert_eq!(p.view(), ViewKind::MonthRoom);
        assert_eq!(
            p.target().unwrap().date,
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
        );
        p.move_by(0, 1);
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        p.view = Some(ViewKind::Day);
        p.move_by(0, 2);
        assert_eq!(p.slot, 2);
        p.move_by(1, 0);
        assert_eq!(p.room_info().unwrap().name, "Salle");
        // Edges clamp.
        p.move_by(5, 9);
        assert_eq!((p.room, p.slot), (1, 3));
    }

    #[test]
    fn loads_the_week_shown_first_then_a_range_either_side() {
        let mut p = pane();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // The week shown alone: drawn as soon as it is read.
        let wanted = p.wanted().unwrap();
        assert_eq!((wanted.from, wanted.to), (day(23), day(29)));
        assert!(p.ahead().is_some());
        p.loaded = Some(wanted);
        assert_eq!(p.wanted(), None);
        // Then the weeks either side.
        let ahead = p.ahead().unwrap();
        assert_eq!(
            (ahead.from, ahead.to),
            (day(16), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
        );
        p.loaded = Some(ahead);
        assert_eq!(p.ahead(), None);
        p.page(true);
        assert_eq!(p.wanted(), None, "the next week was read ahead");
        assert!(p.ahead().is_some(), "and the one after it is due");
        p.page(true);
        assert!(p.wanted().is_some());
        p.select_area(1);
        assert_eq!(p.room_info().unwrap().name, "Gym");
    }

    #[test]
    fn the_scroll_follows_the_cursor() {
        let mut p = pane();
        p.view = Some(ViewKind::Day);
        p.move_by(0, 3);
        p.scroll_into_view(2, 2);
        assert_eq!(p.row_offset, 2);
        p.move_by(0, -3);
        p.scroll_into_view(2, 2);
        assert_eq!(p.row_offset, 0);
    }
}
