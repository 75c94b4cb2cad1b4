//! Drawing the correlation session: counts, the two columns, the detail pane with
//! suggestions. Only the visible rows are formatted. Reads the pane, changes nothing.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::pane::{CorrelationPane, Filter, RowState, Side, SideState, Sort};
use crate::correlation::model::cascade::Rule;
use crate::i18n::{fill, Lang, T};
use crate::output::sanitize;
use crate::tui::theme::Theme;
use crate::tui::widgets::frame::fit;

fn state_style(theme: &Theme, s: RowState) -> Style {
    theme.style(match s {
        RowState::Linked(_) => "correlation.linked",
        RowState::Manual => "correlation.manual",
        RowState::Keep => "correlation.keep",
        RowState::KeepAlways => "correlation.keep_always",
        RowState::Delete => "correlation.delete",
        RowState::DomainAdmin => "correlation.admin",
        RowState::Undecided => "correlation.undecided",
        RowState::PersonGone => "correlation.gone",
        RowState::Local => "correlation.local",
    })
}

/// A one-word tag for the state, so the mono theme still tells states apart.
fn state_tag(s: RowState) -> &'static str {
    match s {
        RowState::Linked(Rule::NumberName) => "=N+ ",
        RowState::Linked(Rule::Number) => "=N  ",
        RowState::Linked(Rule::NameBirthdate) => "=D  ",
        RowState::Linked(_) => "=   ",
        RowState::Manual => "=M  ",
        RowState::Keep => "K   ",
        RowState::KeepAlways => "K!  ",
        RowState::Delete => "X   ",
        RowState::DomainAdmin => "A   ",
        RowState::Undecided => "?   ",
        RowState::PersonGone => "=?  ",
        RowState::Local => "L   ",
    }
}

/// `E- MARTIN Léa - 2009-07-01 (E002)`.
pub fn row_text(
    category: char,
    last: &str,
    first: &str,
    birth: Option<chrono::NaiveDate>,
    number: Option<&str>,
) -> String {
    let mut s = format!("{category}- {} {first}", last.to_uppercase());
    if let Some(b) = birth {
        s.push_str(&format!(" - {b}"));
    }
    if let Some(n) = number {
        s.push_str(&format!(" ({n})"));
    }
    sanitize(&s).into_owned()
}

fn sort_name(sort: Sort, lang: Lang) -> &'static str {
    match sort {
        Sort::Name => T::SortName,
        Sort::Category => T::SortCategory,
        Sort::Number => T::SortNumber,
        Sort::State => T::SortState,
    }
    .text(lang)
}

/// Rows visible in each column for a body of `height` lines.
pub fn visible_rows(height: u16) -> usize {
    // Counts line, column borders and header, the detail pane.
    height.saturating_sub(1 + 3 + DETAIL_HEIGHT) as usize
}

const DETAIL_HEIGHT: u16 = 7;

/// `denied`: the user may not work on the correlation (only administrators and user managers do).
pub fn draw(
    pane: &CorrelationPane,
    denied: bool,
    lang: Lang,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let [counts_area, columns, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(DETAIL_HEIGHT),
    ])
    .areas(area);
    let Some(state) = &pane.state else {
        frame.render_widget(
            Paragraph::new(T::Loading.text(lang)).style(theme.style("muted")),
            area,
        );
        return;
    };
    let c = pane.counts();
    let filter = match pane.filter {
        Filter::Remaining => T::FilterRemaining,
        Filter::Correlated => T::FilterCorrelated,
        Filter::All => T::FilterAll,
    }
    .text(lang);
    let mut line = fill(
        T::CorrelationCounts.text(lang),
        &[
            &filter,
            &(c.automatic + c.manual),
            &c.automatic,
            &c.manual,
            &c.keep,
            &c.keep_always,
            &c.delete,
            &c.undecided,
            &c.domain_admins,
            &c.people_left,
        ],
    );
    if c.local > 0 {
        line.push_str(&fill(T::CorrelationLocalCount.text(lang), &[&c.local]));
    }
    if !pane.search.is_empty() {
        line.push_str(&format!(" · /{}", sanitize(&pane.search)));
    }
    frame.render_widget(
        Paragraph::new(fit(&line, area.width as usize)).style(theme.style("title")),
        counts_area,
    );
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(columns);
    let rows = columns.height.saturating_sub(3) as usize;
    // Left: the directory.
    let title = (T::CorrelationLeft, &pane.left, state.accounts.len());
    let inner = column(
        frame,
        left_area,
        theme,
        lang,
        title,
        pane.focus == Side::Left,
    );
    if denied || state.run_id.is_none() {
        let text = if denied {
            T::CorrelationDeniedScreen.text(lang)
        } else {
            T::CorrelationEmpty.text(lang)
        };
        frame.render_widget(
            Paragraph::new(fit(text, inner.width as usize)).style(theme.style("status.warn")),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
    }
    let focused = pane.focus == Side::Left;
    let items = shown(&pane.left, rows).map(|(at_cursor, i)| {
        let a = &state.accounts[i];
        let st = pane.account_state(i);
        let text = row_text(a.category, &a.last, &a.first, a.birth, a.number.as_deref());
        let marked = pane.marked_left.contains(&a.login);
        let style = state_style(theme, st);
        column_line(
            theme,
            marked,
            state_tag(st),
            text,
            (at_cursor, focused),
            style,
        )
    });
    if state.run_id.is_some() {
        draw_rows(frame, inner, items);
    }
    // Right: the official people.
    let title = (T::CorrelationRight, &pane.right, state.people.len());
    let inner = column(
        frame,
        right_area,
        theme,
        lang,
        title,
        pane.focus == Side::Right,
    );
    let focused = pane.focus == Side::Right;
    let items = shown(&pane.right, rows).map(|(at_cursor, j)| {
        let p = &state.people[j];
        let linked = pane.person_linked(j).is_some();
        let q = &p.person;
        let text = row_text(q.category, &q.last, &q.first, q.birth, Some(&q.number));
        let marked = pane.marked_right.contains(&p.id);
        let (tag, style) = if linked {
            ("=   ", theme.style("correlation.linked"))
        } else {
            ("?   ", theme.style("correlation.undecided"))
        };
        column_line(theme, marked, tag, text, (at_cursor, focused), style)
    });
    draw_rows(frame, inner, items);
    draw_detail(pane, lang, theme, frame, detail);
}

/// A column's line: the mark, the state's tag, the text; the cursor's colour over the state's.
fn column_line(
    theme: &Theme,
    marked: bool,
    tag: &str,
    text: String,
    (at_cursor, focused): (bool, bool),
    style: Style,
) -> (String, Style) {
    let mark = if marked { "●" } else { " " };
    let style = if at_cursor {
        cursor_style(theme, focused)
    } else {
        style
    };
    (format!("{mark}{tag}{text}"), style)
}

/// One column's frame, titled with how many of its rows show and how they sort (the focused
/// one stands out); the area inside it.
fn column(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    lang: Lang,
    (title, side, total): (T, &SideState, usize),
    focused: bool,
) -> Rect {
    let title = fill(
        title.text(lang),
        &[&side.rows.len(), &total, &sort_name(side.sort, lang)],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.style("overlay.border")
        } else {
            theme.style("border")
        })
        .title(Span::styled(format!(" {title} "), theme.style("title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The rows of a side that fit in `height` lines: whether each is the cursor's, and its index.
fn shown(side: &SideState, height: usize) -> impl Iterator<Item = (bool, usize)> + '_ {
    side.rows
        .iter()
        .enumerate()
        .skip(side.cursor.offset)
        .take(height)
        .map(|(k, &i)| (k == side.cursor.selected, i))
}

/// One line per row, padded to the column so the cursor's colour spans it.
fn draw_rows(frame: &mut Frame, area: Rect, rows: impl Iterator<Item = (String, Style)>) {
    let width = area.width as usize;
    let lines: Vec<Line> = rows
        .map(|(text, style)| {
            Line::from(Span::styled(
                format!("{:<width$}", fit(&text, width)),
                style,
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn cursor_style(theme: &Theme, focused: bool) -> Style {
    if focused {
        theme.style("table.row.selected")
    } else {
        theme
            .style("table.row.selected")
            .add_modifier(ratatui::style::Modifier::DIM)
    }
}

fn draw_detail(pane: &CorrelationPane, lang: Lang, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(state) = &pane.state else { return };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.style("border"))
        .title(Span::styled(
            format!(" {} ", T::CorrelationDetail.text(lang)),
            theme.style("title"),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let key = |k: &str| Span::styled(format!("{k:<10}"), theme.style("overlay.key"));
    let val = |v: String| Span::raw(sanitize(&v).into_owned());
    let mut lines: Vec<Line> = Vec::new();
    match pane.focus {
        Side::Left => {
            let Some((_, a)) = pane.selected_account() else {
                frame.render_widget(Paragraph::new(lines), inner);
                return;
            };
            lines.push(Line::from(vec![
                key("login"),
                val(a.login.clone()),
                Span::raw("  "),
                key("dn"),
                val(a.dn.clone()),
            ]));
            lines.push(Line::from(vec![
                key("birth"),
                val(a.birth.map(|b| b.to_string()).unwrap_or_else(|| "-".into())),
                Span::raw("  "),
                key("number"),
                val(a.number.clone().unwrap_or_else(|| "-".into())),
            ]));
            lines.push(Line::from(vec![key("groups"), val(a.groups.join(", "))]));
            if let Some((id, rule)) = state.links.get(&a.login) {
                if let Some(p) = state.people.iter().find(|p| p.id == *id) {
                    lines.push(Line::from(vec![
                        key("linked"),
                        val(format!(
                            "{} ({})",
                            row_text(
                                p.person.category,
                                &p.person.last,
                                &p.person.first,
                                p.person.birth,
                                Some(&p.person.number)
                            ),
                            rule.code()
                        )),
                    ]));
                }
            }
            if let Some(number) = state.orphans.get(&a.login) {
                lines.push(Line::from(vec![
                    key("link"),
                    val(fill(
                        T::CorrelationPersonGone.text(lang),
                        &[&sanitize(number)],
                    )),
                ]));
            }
            // The rest of the entry, once loaded (the cursor rested on it).
            if let Some((login, attrs)) = &pane.attrs {
                if *login == a.login {
                    let shown = ["uid", "sn", "givenname", "employeenumber", "objectclass"];
                    let rest: Vec<String> = attrs
                        .iter()
                        .filter(|(n, _)| !shown.contains(&n.as_str()))
                        .map(|(n, v)| {
                            let values: Vec<_> = v.iter().map(|x| x.shown()).collect();
                            format!("{n}: {}", values.join(" | "))
                        })
                        .collect();
                    if !rest.is_empty() {
                        lines.push(Line::from(vec![key("attrs"), val(rest.join(" · "))]));
                    }
                }
            }
            if let Some((login, found)) = &pane.suggestions {
                if *login == a.login {
                    for (k, s) in found.iter().enumerate() {
                        let p = &state.people[s.person];
                        lines.push(Line::from(vec![
                            key(if k == 0 { "suggest" } else { "" }),
                            val(format!(
                                "{} · {}{}",
                                row_text(
                                    p.person.category,
                                    &p.person.last,
                                    &p.person.first,
                                    p.person.birth,
                                    Some(&p.person.number)
                                ),
                                s.reason.code(),
                                if s.score < 1.0 {
                                    format!(" {:.2}", s.score)
                                } else {
                                    String::new()
                                }
                            )),
                        ]));
                    }
                }
            }
        }
        Side::Right => {
            if let Some((id, p)) = pane.selected_person() {
                let row = state.people.iter().find(|r| r.id == id);
                lines.push(Line::from(vec![
                    key("number"),
                    val(p.number.clone()),
                    Span::raw("  "),
                    key("kind"),
                    val(row.map(|r| r.kind.clone()).unwrap_or_default()),
                ]));
                lines.push(Line::from(vec![
                    key("name"),
                    val(format!("{} {}", p.last, p.first)),
                ]));
                lines.push(Line::from(vec![
                    key("birth"),
                    val(p.birth.map(|b| b.to_string()).unwrap_or_else(|| "-".into())),
                ]));
                if let Some(email) = row.and_then(|r| r.email.clone()) {
                    lines.push(Line::from(vec![key("email"), val(email)]));
                }
                let linked = state.links.iter().find(|(_, (pid, _))| *pid == id);
                if let Some((login, (_, rule))) = linked {
                    lines.push(Line::from(vec![
                        key("linked"),
                        val(format!("{login} ({})", rule.code())),
                    ]));
                }
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
