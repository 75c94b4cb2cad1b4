//! Drawing the Mail screen: the outbox as a table, and under it the selected mail's
//! recipients with what became of each and the last error.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Wrap};
use ratatui::Frame;

use super::State;
use crate::i18n::{Lang, T};
use crate::mail::store::Listed;
use crate::output::sanitize;
use crate::tui::screen::Ctx;
use crate::tui::theme::Theme;

/// Lines of the detail under the list.
const DETAIL: u16 = 8;

/// The list's height in a body of `height` lines (the detail takes the rest).
pub fn list_height(height: u16) -> u16 {
    height.saturating_sub(DETAIL).max(3)
}

pub fn state_label(state: &str, lang: Lang) -> &'static str {
    let t = match state {
        "sent" => T::MailStateSent,
        "pending" => T::MailStatePending,
        "retrying" => T::MailStateRetrying,
        "dead" => T::MailStateDead,
        "refused" => T::MailStateRefused,
        "no_address" => T::MailStateNoAddress,
        "opted_out" => T::MailStateOptedOut,
        "off" => T::MailStateOff,
        "self" => T::MailStateSelf,
        _ => T::MailStateWaiting,
    };
    t.text(lang)
}

fn state_style(state: &str) -> &'static str {
    match state {
        "dead" | "refused" => "status.error",
        "retrying" | "no_address" => "status.warn",
        "sent" => "table.row",
        _ => "muted",
    }
}

pub fn draw(state: &State, cx: &Ctx, allowed: bool, frame: &mut Frame, area: Rect) {
    let (lang, theme) = (cx.lang, cx.theme);
    let mut title = vec![Span::styled(
        format!(" {} ", T::MailTitle.text(lang)),
        theme.style("title"),
    )];
    if let Some(rows) = &state.rows {
        let dead = rows.iter().filter(|m| m.state == "dead").count();
        title.push(Span::styled(
            format!("{} ", rows.len()),
            theme.style("muted"),
        ));
        if dead > 0 {
            title.push(Span::styled(
                format!(
                    "{} ",
                    T::MailDeadCount
                        .text(lang)
                        .replace("{0}", &dead.to_string())
                ),
                theme.style("status.error"),
            ));
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border"))
        .title(Line::from(title));
    let empty = |text: &str, frame: &mut Frame| {
        frame.render_widget(
            Paragraph::new(text.to_owned())
                .style(theme.style("muted"))
                .wrap(Wrap { trim: true })
                .block(block.clone()),
            area,
        );
    };
    if !allowed {
        return empty(T::MailAdminsOnly.text(lang), frame);
    }
    let Some(rows) = &state.rows else {
        return empty(T::Loading.text(lang), frame);
    };
    if rows.is_empty() {
        return empty(T::MailListEmptyScreen.text(lang), frame);
    }
    let [list, detail] = Layout::vertical([
        Constraint::Length(list_height(area.height)),
        Constraint::Min(0),
    ])
    .areas(area);
    draw_list(state, rows, cx, frame, list, block);
    if let Some(m) = state.selected() {
        draw_detail(m, lang, theme, cx.tz(), frame, detail);
    }
}

fn draw_list(
    state: &State,
    rows: &[Listed],
    cx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    block: Block,
) {
    let (lang, theme) = (cx.lang, cx.theme);
    let header = Row::new(
        [
            T::MailColId,
            T::MailColQueued,
            T::MailColState,
            T::MailColKind,
            T::MailColTo,
        ]
        .map(|t| Cell::from(t.text(lang))),
    )
    .style(theme.style("table.header"));
    let tz = cx.tz();
    let shown = rows
        .iter()
        .skip(state.cursor.offset)
        .take(crate::tui::widgets::list::table_rows(area.height))
        .map(|m| {
            let to: Vec<String> = m
                .recipients
                .iter()
                .map(|r| sanitize(&r.recipient).into_owned())
                .collect();
            Row::new(vec![
                Cell::from(m.id.to_string()),
                Cell::from(
                    m.created_at
                        .with_timezone(&tz)
                        .format("%d/%m %H:%M")
                        .to_string(),
                ),
                Cell::from(state_label(&m.state, lang)).style(theme.style(state_style(&m.state))),
                Cell::from(kind_label(&m.kind, lang)),
                Cell::from(to.join(", ")),
            ])
            .style(theme.style("table.row"))
        });
    let widths = [
        Constraint::Length(6),
        Constraint::Length(11),
        Constraint::Length(12),
        Constraint::Length(18),
        Constraint::Fill(1),
    ];
    crate::tui::widgets::list::draw_table(
        frame,
        area,
        theme,
        &state.cursor,
        ratatui::widgets::Table::new(shown, widths)
            .header(header)
            .block(block),
    );
}

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    let t = match kind {
        "booking_created" => T::MailKindCreated,
        "booking_changed" => T::MailKindChanged,
        "booking_deleted" => T::MailKindDeleted,
        "moderation_pending" => T::MailKindPending,
        "moderation_decided" => T::MailKindDecided,
        "tentative_expired" => T::MailKindExpired,
        "loan_overdue" => T::MailKindOverdue,
        _ => T::MailKindImportReport,
    };
    t.text(lang)
}

fn draw_detail(
    m: &Listed,
    lang: Lang,
    theme: &Theme,
    tz: chrono_tz::Tz,
    frame: &mut Frame,
    area: Rect,
) {
    let mut lines = Vec::new();
    if m.state != "sent" && m.attempts > 0 {
        let mut head = T::MailAttempts
            .text(lang)
            .replace("{0}", &m.attempts.to_string());
        if let Some(next) = m.next_attempt_at {
            head.push_str(&format!(
                " · {} {}",
                T::MailNextAttempt.text(lang),
                next.with_timezone(&tz).format("%d/%m %H:%M")
            ));
        }
        lines.push(Line::styled(head, theme.style("muted")));
    }
    if let (Some(e), false) = (&m.last_error, m.state == "sent") {
        lines.push(Line::styled(
            sanitize(e).into_owned(),
            theme.style(state_style(&m.state)),
        ));
    }
    for r in &m.recipients {
        let mut spans = vec![
            Span::styled(
                format!("{} ", sanitize(&r.recipient)),
                theme.style("table.row"),
            ),
            Span::styled(
                r.address
                    .as_deref()
                    .map(|a| format!("<{}> ", sanitize(a)))
                    .unwrap_or_default(),
                theme.style("muted"),
            ),
            Span::styled(
                state_label(&r.state, lang),
                theme.style(state_style(&r.state)),
            ),
        ];
        if let Some(d) = &r.detail {
            spans.push(Span::styled(
                format!("  {}", sanitize(d)),
                theme.style("muted"),
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.style("border"))
                .title(Span::styled(format!(" #{} ", m.id), theme.style("title"))),
        ),
        area,
    );
}
