//! Drawing the planning: a title line, the grid of the current view, a legend. Cells are
//! written straight into the buffer: a week of 50 rooms is 350 cells, drawn in well under a
//! millisecond. Reads the pane, changes nothing.

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::pane::{day_label, PlanningPane};
use crate::booking::model::plan::{self, Axis, BookingInfo, Marker, Target, ViewKind};
use crate::i18n::{fill, Lang, T};
use crate::output::sanitize;
use crate::tui::theme::Theme;
use crate::tui::widgets::frame::fit;

pub struct Look<'a> {
    pub lang: Lang,
    pub theme: &'a Theme,
    pub keymap: &'a crate::tui::keymap::Keymap,
    pub tz: Tz,
    pub today: NaiveDate,
}

impl<'a> Look<'a> {
    pub fn of(cx: &crate::tui::screen::Ctx<'a>) -> Look<'a> {
        Look {
            lang: cx.lang,
            theme: cx.theme,
            keymap: cx.keymap,
            tz: cx.tz(),
            today: cx.today(),
        }
    }
}

/// The grid's geometry for a body of `width` × `height`: label column, cell width, rows per
/// grid row, and how many columns and rows are visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub label: u16,
    pub cell: u16,
    /// Header lines: two in a month of all rooms too narrow for "31" (tens above units).
    pub header: u16,
    pub row_height: u16,
    pub visible_cols: usize,
    pub visible_rows: usize,
}

pub fn geometry(pane: &PlanningPane, lang: Lang, width: u16, height: u16) -> Option<Geometry> {
    let grid = pane.grid()?;
    let rows_label = grid
        .rows
        .iter()
        .map(|a| pane.axis_label(a, lang).width())
        .max()
        .unwrap_or(4) as u16;
    let label = match grid.kind {
        ViewKind::MonthRoom => 6,
        _ => rows_label.clamp(5, 18) + 1,
    };
    let min_cell = match grid.kind {
        ViewKind::Day | ViewKind::WeekRoom => 9,
        ViewKind::WeekAll => 8,
        ViewKind::MonthRoom => 10,
        ViewKind::MonthAll => 2,
    };
    let cols = grid.columns.len().max(1) as u16;
    let free = width.saturating_sub(label);
    let cell = (free / cols).max(min_cell);
    let header = if grid.kind == ViewKind::MonthAll && cell < 3 {
        2
    } else {
        1
    };
    // Title line, header line(s), legend line.
    let grid_height = height.saturating_sub(2 + header);
    let rows = grid.rows.len().max(1) as u16;
    let row_height = match grid.kind {
        ViewKind::MonthRoom => (grid_height / rows).max(2),
        // The week of all rooms lists every booking of a cell where the height allows.
        ViewKind::WeekAll => (grid_height / rows).clamp(1, pane.most_in_a_day().max(1) as u16),
        _ => 1,
    };
    Some(Geometry {
        label,
        cell,
        header,
        row_height,
        visible_cols: ((free / cell.max(1)) as usize)
            .max(1)
            .min(grid.columns.len()),
        visible_rows: ((grid_height / row_height.max(1)) as usize)
            .max(1)
            .min(grid.rows.len()),
    })
}

fn view_name(kind: ViewKind) -> T {
    match kind {
        ViewKind::Day => T::ViewDay,
        ViewKind::WeekRoom => T::ViewWeekRoom,
        ViewKind::WeekAll => T::ViewWeekAll,
        ViewKind::MonthRoom => T::ViewMonthRoom,
        ViewKind::MonthAll => T::ViewMonthAll,
    }
}

pub fn draw(pane: &PlanningPane, look: &Look, frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    let theme = look.theme;
    let lang = look.lang;
    let Some(structure) = &pane.structure else {
        buf.set_string(
            area.x + 1,
            area.y,
            T::Loading.text(lang),
            theme.style("muted"),
        );
        return;
    };
    let Some(area_info) = pane.area_info() else {
        let text = T::PlanningNoArea.text(lang);
        buf.set_string(
            area.x + 1,
            area.y,
            fit(text, area.width as usize - 2),
            theme.style("muted"),
        );
        return;
    };
    let view = pane.view();
    let (first, last) = plan::range(view, area_info, pane.date);
    let span = if first == last {
        match structure_cycle(pane, first) {
            Some(n) => format!("{} · J{n}", day_label(first, lang, false)),
            None => day_label(first, lang, false),
        }
    } else {
        format!("{} – {}", first.format("%d/%m"), last.format("%d/%m/%Y"))
    };
    let mut title = format!(
        " {} · {} › {}",
        view_name(view).text(lang),
        sanitize(&area_info.site),
        sanitize(&area_info.name)
    );
    if view.one_room() {
        if let Some(r) = pane.room_info() {
            title.push_str(&format!(" › {}", sanitize(&r.name)));
        }
    }
    title.push_str(&format!(" · {span}"));
    if !pane.search.is_empty() {
        title.push_str(&format!(" · /{}", sanitize(&pane.search)));
    }
    buf.set_string(
        area.x,
        area.y,
        fit(&title, area.width as usize),
        theme.style("planning.title"),
    );
    let legend = fill(
        T::PlanningLegend.text(lang),
        &[
            &Marker::Pending.glyph(),
            &Marker::Tentative.glyph(),
            &Marker::Borrowed.glyph(),
            &Marker::Overdue.glyph(),
            &Marker::External.glyph(),
            &Marker::Series.glyph(),
        ],
    );
    let bottom = area.y + area.height.saturating_sub(1);
    buf.set_string(
        area.x,
        bottom,
        fit(&legend, area.width as usize),
        theme.style("planning.legend"),
    );
    let Some(g) = geometry(pane, lang, area.width, area.height) else {
        return;
    };
    let Some(grid) = pane.grid() else { return };
    let cursor = pane.cursor();
    let header_y = area.y + g.header;
    let top = area.y + 1 + g.header;
    let rooms = pane.rooms();
    let blocked = &structure.calendar.blocked;
    // Column headers; rooms told apart however narrow the columns.
    let room_names: Vec<&str> = rooms.iter().map(|r| r.name.as_str()).collect();
    let room_labels = plan::distinct_labels(&room_names, g.cell.saturating_sub(1) as usize);
    for (i, axis) in grid
        .columns
        .iter()
        .enumerate()
        .skip(pane.col_offset)
        .take(g.visible_cols)
    {
        let x = area.x + g.label + (i - pane.col_offset) as u16 * g.cell;
        let mut style = theme.style("planning.header");
        let text = match (axis, view) {
            // Too narrow for "31": the tens on the line above, where they change.
            (Axis::Date(d), ViewKind::MonthAll) if g.header == 2 => {
                let tens = d.day() / 10;
                if tens > 0 && (d.day() % 10 == 0 || i == pane.col_offset) {
                    buf.set_string(
                        x,
                        header_y - 1,
                        tens.to_string(),
                        theme.style("planning.header"),
                    );
                }
                (d.day() % 10).to_string()
            }
            (Axis::Date(d), ViewKind::MonthAll) => format!("{:>2}", d.day()),
            (Axis::Room(r), _) => room_labels.get(*r).cloned().unwrap_or_default(),
            // Narrow columns: "lun 23" rather than a cut "lun 23/…".
            (Axis::Date(d), _)
                if pane.axis_label(axis, lang).width() + 1 > g.cell as usize
                    && view != ViewKind::MonthRoom =>
            {
                format!("{} {}", day_label(*d, lang, true), d.day())
            }
            _ => pane.axis_label(axis, lang),
        };
        // The day's cycle number (J1…Jn) where the column has room for it.
        let cycle = match axis {
            Axis::Date(d) if !matches!(view, ViewKind::MonthAll | ViewKind::MonthRoom) => {
                structure_cycle(pane, *d)
            }
            _ => None,
        };
        let text = match cycle {
            Some(n) if text.width() + format!(" J{n}").width() < g.cell as usize => {
                format!("{text} J{n}")
            }
            _ => text,
        };
        if let Axis::Date(d) = axis {
            if *d == look.today && view != ViewKind::MonthRoom {
                style = theme.style("planning.today");
            } else if blocked.contains(d) && view != ViewKind::MonthRoom {
                style = theme.style("planning.blocked");
            }
        }
        if let Axis::Room(r) = axis {
            if rooms.get(*r).is_some_and(|r| r.unavailable) {
                style = theme.style("planning.unavailable");
            }
        }
        buf.set_string(
            x,
            header_y,
            fit(&sanitize(&text), g.cell.saturating_sub(1) as usize),
            style,
        );
    }
    // Rows.
    for (j, axis) in grid
        .rows
        .iter()
        .enumerate()
        .skip(pane.row_offset)
        .take(g.visible_rows)
    {
        let y = top + (j - pane.row_offset) as u16 * g.row_height;
        if y >= bottom {
            break;
        }
        let mut style = theme.style("planning.label");
        let mut label = pane.axis_label(axis, lang);
        if let Axis::Room(r) = axis {
            if rooms.get(*r).is_some_and(|r| r.unavailable) {
                style = theme.style("planning.unavailable");
                label = format!("⊘{label}");
            }
        }
        buf.set_string(
            area.x,
            y,
            fit(&sanitize(&label), g.label.saturating_sub(1) as usize),
            style,
        );
        for (i, _) in grid
            .columns
            .iter()
            .enumerate()
            .skip(pane.col_offset)
            .take(g.visible_cols)
        {
            let x = area.x + g.label + (i - pane.col_offset) as u16 * g.cell;
            let Some(mut target) = grid.target(i, j, pane.room) else {
                continue;
            };
            if target.date == NaiveDate::MIN {
                target.date = pane.date;
            }
            let rect = Rect::new(x, y, g.cell, g.row_height.min(bottom - y));
            let here = cursor == Some((i, j));
            draw_cell(pane, look, buf, rect, &target, here, j);
        }
    }
}

/// One cell: the booking(s) it holds, or its emptiness (free, blocked day, unavailable room).
fn draw_cell(
    pane: &PlanningPane,
    look: &Look,
    buf: &mut Buffer,
    rect: Rect,
    target: &Target,
    here: bool,
    row: usize,
) {
    let theme = look.theme;
    let view = pane.view();
    let width = rect.width.saturating_sub(1) as usize;
    let blocked = pane
        .structure
        .as_ref()
        .is_some_and(|s| s.calendar.blocked.contains(&target.date));
    let unavailable = pane.rooms().get(target.room).is_some_and(|r| r.unavailable);
    let bookings = pane.cell(look.tz, target);
    let cursor = theme.style("planning.cursor");
    let empty_style = if blocked {
        theme.style("planning.blocked")
    } else if unavailable {
        theme.style("planning.unavailable")
    } else {
        theme.style("planning.cell")
    };
    let filler = if blocked { "░" } else { "·" };
    let Some(first) = bookings.first() else {
        let style = if here { cursor } else { empty_style };
        let text = if view == ViewKind::MonthRoom {
            format!("{:>2}", target.date.day())
        } else {
            filler.to_owned()
        };
        paint(buf, rect, style);
        buf.set_string(rect.x, rect.y, fit(&text, width), style);
        return;
    };
    let colour = |b: &BookingInfo| {
        let hex = pane
            .structure
            .as_ref()
            .and_then(|s| s.types.iter().find(|t| t.letter == b.kind))
            .map(|t| t.color.as_str())
            .unwrap_or("#888888");
        theme.booking(hex)
    };
    let style = if here { cursor } else { colour(first) };
    match view {
        ViewKind::Day | ViewKind::WeekRoom => {
            // The name where the booking starts (or at the top of the grid); below, its colour.
            let starts_here = row == pane.row_offset
                || pane.area_info().is_some_and(|a| {
                    let (from, _) = plan::cell_bounds(look.tz, a, target, pane.date);
                    first.start >= from
                });
            paint(buf, rect, style);
            let text = if starts_here {
                label(first, width)
            } else if theme.name == "mono" {
                "│".to_owned()
            } else {
                String::new()
            };
            buf.set_string(rect.x, rect.y, fit(&text, width), style);
        }
        ViewKind::WeekAll => {
            // One line per booking, as GRR lists them. When the lines run out, the last one
            // says how many more there are (Enter lists them all); on a single line, the
            // first booking and "+N".
            paint(buf, rect, style);
            let lines = rect.height.max(1) as usize;
            let (shown, more_line) = match bookings.len() {
                n if n <= lines => (n, false),
                _ if lines == 1 => (1, false),
                _ => (lines - 1, true),
            };
            for (k, b) in bookings.iter().take(shown).enumerate() {
                let s = if here { cursor } else { colour(b) };
                let y = rect.y + k as u16;
                let more = if lines == 1 && bookings.len() > 1 {
                    format!("+{}", bookings.len() - 1)
                } else {
                    String::new()
                };
                let room_for = width.saturating_sub(more.width());
                let text = if room_for >= 12 {
                    format!(
                        "{} {}",
                        short_time(b.start.time()),
                        label(b, room_for.saturating_sub(6))
                    )
                } else {
                    label(b, room_for)
                };
                paint(buf, Rect::new(rect.x, y, rect.width, 1), s);
                buf.set_string(rect.x, y, fit(&text, room_for), s);
                buf.set_string(rect.x + (width - more.width()) as u16, y, &more, s);
            }
            if more_line {
                let y = rect.y + shown as u16;
                let text = fill(
                    T::PlanningMore.text(look.lang),
                    &[&(bookings.len() - shown)],
                );
                buf.set_string(rect.x, y, fit(&text, width), style);
            }
        }
        ViewKind::MonthAll => {
            paint(buf, rect, style);
            let text = if bookings.len() > 9 {
                "+".to_owned()
            } else {
                bookings.len().to_string()
            };
            buf.set_string(rect.x, rect.y, fit(&text, width.max(1)), style);
        }
        ViewKind::MonthRoom => {
            let day_style = if here {
                cursor
            } else {
                theme.style("planning.header")
            };
            buf.set_string(
                rect.x,
                rect.y,
                format!("{:>2}", target.date.day()),
                day_style,
            );
            // Under the day number, a line per booking; the last line says "+N" when they
            // do not all fit.
            let lines = rect.height.saturating_sub(1) as usize;
            let shown = if bookings.len() > lines {
                lines.saturating_sub(1)
            } else {
                bookings.len()
            };
            if shown < bookings.len() && lines > 0 {
                let y = rect.y + lines as u16;
                let text = fill(
                    T::PlanningMore.text(look.lang),
                    &[&(bookings.len() - shown)],
                );
                buf.set_string(rect.x, y, fit(&text, width), theme.style("planning.header"));
            }
            for (k, b) in bookings.iter().take(shown).enumerate() {
                let y = rect.y + 1 + k as u16;
                let s = colour(b);
                let text = format!(
                    "{} {}",
                    short_time(b.start.time()),
                    label(b, width.saturating_sub(6))
                );
                paint(buf, Rect::new(rect.x, y, width as u16, 1), s);
                buf.set_string(rect.x, y, fit(&text, width), s);
            }
        }
    }
}

fn short_time(t: NaiveTime) -> String {
    plan::show_time(t, false)
}

/// Markers then the name, made safe and cut to `width`: "?↻ NSI Tle".
pub(super) fn label(b: &BookingInfo, width: usize) -> String {
    let markers: String = b.markers().iter().map(|m| m.glyph()).collect();
    let name = sanitize(&b.name);
    if markers.is_empty() {
        fit(&name, width)
    } else {
        fit(&format!("{markers} {name}"), width)
    }
}

fn paint(buf: &mut Buffer, rect: Rect, style: Style) {
    let width = rect.width.saturating_sub(1);
    for y in rect.y..rect.y + rect.height {
        for x in rect.x..rect.x + width {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_symbol(" ").set_style(style);
            }
        }
    }
}

/// The cycle day (J1…Jn) of `day`, when the calendar gives one.
fn structure_cycle(pane: &PlanningPane, day: NaiveDate) -> Option<u32> {
    pane.structure
        .as_ref()
        .and_then(|s| s.calendar.cycle_days.get(&day).copied())
}
