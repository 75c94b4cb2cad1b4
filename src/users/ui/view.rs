//! Drawing the users list: a table with the cursor's row highlighted.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row};
use ratatui::Frame;

use super::UsersPane;
use crate::i18n::{Lang, T};
use crate::output::sanitize;
use crate::tui::theme::Theme;

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
        .skip(pane.cursor.offset)
        .take(crate::tui::widgets::list::table_rows(area.height))
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
    crate::tui::widgets::list::draw_table(
        frame,
        area,
        theme,
        &pane.cursor,
        ratatui::widgets::Table::new(rows, widths)
            .header(header)
            .block(block),
    );
}
