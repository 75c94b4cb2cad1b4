//! A list's cursor and scroll: which row is chosen and which is the first shown. Every list
//! (users, import runs, both correlation columns, the place picker, the moderation queue)
//! moves through this one type, so the keys behave the same everywhere.

use ratatui::layout::Rect;
use ratatui::widgets::{Table, TableState};
use ratatui::Frame;

use crate::tui::keymap::Action;
use crate::tui::theme::Theme;

/// A table (its rows, header and block given) scrolled and highlighted where `cursor` says:
/// the one way every list screen draws its rows.
pub fn draw_table(frame: &mut Frame, area: Rect, theme: &Theme, cursor: &Cursor, table: Table) {
    let table = table
        .column_spacing(1)
        .row_highlight_style(theme.style("table.row.selected"));
    let mut state = TableState::default()
        .with_offset(cursor.offset)
        .with_selected(Some(cursor.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

/// Rows of a bordered table with a header in a body of `body_height` lines.
pub fn table_rows(body_height: u16) -> usize {
    body_height.saturating_sub(3) as usize
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    /// The first row shown.
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` rows among `count`, keeping the cursor in a window of `height` rows.
    pub fn move_by(&mut self, delta: isize, count: usize, height: usize) {
        if count == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
        self.scroll_into_view(height);
    }

    /// The movement keys; false for any other action.
    pub fn step(&mut self, action: Action, count: usize, height: usize) -> bool {
        let page = height.max(1) as isize;
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::HalfPageUp => -(page / 2).max(1),
            Action::HalfPageDown => (page / 2).max(1),
            Action::First => isize::MIN / 2,
            Action::Last => isize::MAX / 2,
            _ => return false,
        };
        self.move_by(delta, count, height);
        true
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// After the rows changed: the cursor stays on a row that exists.
    pub fn clamp(&mut self, count: usize) {
        self.selected = self.selected.min(count.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_scrolls_within_bounds() {
        let mut c = Cursor::default();
        assert!(c.step(Action::Last, 10, 4));
        assert_eq!((c.selected, c.offset), (9, 6));
        c.step(Action::PageUp, 10, 4);
        assert_eq!((c.selected, c.offset), (5, 5));
        c.step(Action::First, 10, 4);
        assert_eq!((c.selected, c.offset), (0, 0));
        assert!(!c.step(Action::Confirm, 10, 4));
        c.move_by(3, 0, 4);
        assert_eq!(c, Cursor::default());
        c.selected = 8;
        c.clamp(3);
        assert_eq!(c.selected, 2);
    }
}
