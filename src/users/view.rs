use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::model::UserRow;
use crate::i18n::{Lang, T};
use crate::output::sanitize;
use crate::tui::theme::Theme;

/// The list's state: rows as loaded, the filter typed with `/`, the cursor and the scroll.
#[derive(Clone, Debug, Default)]
pub struct UsersPane {
    /// None until the first load answers.
    pub rows: Option<Vec<UserRow>>,
    pub filter: String,
    pub selected: usize,
    pub offset: usize,
}

impl UsersPane {
    pub fn visible(&self) -> Vec<&UserRow> {
        self.rows
            .iter()
            .flatten()
            .filter(|r| r.matches(&self.filter))
            .collect()
    }

    /// Replaces the rows, keeping the cursor on the same login when it is still there.
    pub fn replace(&mut self, rows: Vec<UserRow>) {
        let current = self.visible().get(self.selected).map(|r| r.login.clone());
        self.rows = Some(rows);
        if let Some(login) = current {
            if let Some(i) = self.visible().iter().position(|r| r.login == login) {
                self.selected = i;
            }
        }
        self.clamp();
    }

    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = 0;
        self.offset = 0;
    }

    /// Moves the cursor by `delta` rows (clamped) and scrolls so it stays in a window of
    /// `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let count = self.visible().len();
        if count == 0 {
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    fn clamp(&mut self) {
        let count = self.visible().len();
        self.selected = self.selected.min(count.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }
}

/// Rows of table that fit in a body of `body_height` lines (borders and header taken off).
pub fn table_height(body_height: u16) -> usize {
    body_height.saturating_sub(3) as usize
}

pub fn draw(pane: &UsersPane, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let visible = pane.visible();
    let mut title = vec![Span::styled(
        format!(" {} ", T::UsersTitle.text(lang)),
        theme.style("title"),
    )];
    if let Some(rows) = &pane.rows {
        title.push(Span::styled(
            format!("{}/{} ", visible.len(), rows.len()),
            theme.style("muted"),
        ));
    }
    if !pane.filter.is_empty() {
        title.push(Span::styled(
            format!("/{} ", sanitize(&pane.filter)),
            theme.style("prompt"),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border"))
        .title(Line::from(title));
    let Some(_) = &pane.rows else {
        frame.render_widget(
            Paragraph::new(T::Loading.text(lang))
                .style(theme.style("muted"))
                .block(block),
            area,
        );
        return;
    };
    if visible.is_empty() {
        let text = if pane.filter.is_empty() {
            T::NoUsers.text(lang)
        } else {
            T::NoUserMatches.text(lang)
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.style("muted"))
                .block(block),
            area,
        );
        return;
    }
    let header = Row::new(
        [
            T::ColLogin,
            T::ColName,
            T::ColStatus,
            T::ColEmail,
            T::ColActive,
        ]
        .map(|t| Cell::from(t.text(lang))),
    )
    .style(theme.style("table.header"));
    // Only the rows on screen are built: a list of thousands costs what a screenful costs.
    let rows = visible
        .iter()
        .skip(pane.offset)
        .take(table_height(area.height))
        .map(|u| {
            let status = u.status.map(|s| s.label(lang)).unwrap_or("");
            let active = if u.active { T::Yes } else { T::No }.text(lang);
            let style = if u.active {
                theme.style("table.row")
            } else {
                theme.style("table.row.inactive")
            };
            Row::new(vec![
                Cell::from(sanitize(&u.login).into_owned()),
                Cell::from(sanitize(&u.display_name).into_owned()),
                Cell::from(status),
                Cell::from(sanitize(u.email.as_deref().unwrap_or("")).into_owned()),
                Cell::from(active),
            ])
            .style(style)
        });
    let widths = [
        Constraint::Length(14),
        Constraint::Fill(2),
        Constraint::Length(14),
        Constraint::Fill(2),
        Constraint::Length(6),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.style("table.row.selected"));
    let mut state = TableState::default()
        .with_offset(pane.offset)
        .with_selected(Some(pane.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(login: &str) -> UserRow {
        UserRow {
            login: login.into(),
            display_name: login.to_uppercase(),
            email: None,
            status: None,
            active: true,
        }
    }

    #[test]
    fn the_cursor_stays_in_view_and_in_bounds() {
        let mut pane = UsersPane::default();
        pane.replace((0..50).map(|i| row(&format!("u{i:02}"))).collect());
        pane.move_by(30, 10);
        assert_eq!((pane.selected, pane.offset), (30, 21));
        pane.move_by(-25, 10);
        assert_eq!((pane.selected, pane.offset), (5, 5));
        pane.move_by(1000, 10);
        assert_eq!((pane.selected, pane.offset), (49, 40));
    }

    #[test]
    fn reloading_keeps_the_cursor_on_the_same_person() {
        let mut pane = UsersPane::default();
        pane.replace(vec![row("b"), row("c"), row("d")]);
        pane.move_by(1, 10);
        pane.replace(vec![row("a"), row("b"), row("c"), row("d")]);
        assert_eq!(pane.visible()[pane.selected].login, "c");
        pane.replace(vec![row("a")]);
        assert_eq!(pane.selected, 0);
    }

    #[test]
    fn filtering_matches_login_name_and_email() {
        let mut pane = UsersPane::default();
        pane.replace(vec![
            row("marie"),
            UserRow {
                email: Some("x@lycee.fr".into()),
                ..row("paul")
            },
        ]);
        pane.set_filter("LYCEE".into());
        assert_eq!(pane.visible().len(), 1);
        pane.set_filter("MAR".into());
        assert_eq!(pane.visible()[0].login, "marie");
    }
}
