//! Drawing the Administration screen: the sections down the left, the chosen one's table on
//! the right with the keys it takes in its bottom border, and a form or a question over it.
//! Every text from the database goes through the sanitiser.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Wrap};
use ratatui::Frame;

use super::form::Form;
use super::sections::Section;
use super::{sections, Layer, State};
use crate::i18n::{fill, T};
use crate::output::sanitize;
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::Ctx;
use crate::tui::widgets::frame::{centered, framed};

/// The sections' column.
const MENU: u16 = 20;

pub fn draw(state: &State, cx: &Ctx, frame: &mut Frame, area: Rect) {
    let (lang, theme) = (cx.lang, cx.theme);
    let all = cx.session.map(Section::visible).unwrap_or_default();
    let block = |title: String| {
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.style("border"))
            .title(Span::styled(title, theme.style("title")))
    };
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new(T::AdminNoSections.text(lang))
                .style(theme.style("muted"))
                .wrap(Wrap { trim: true })
                .block(block(format!(" {} ", T::AdminTitle.text(lang)))),
            area,
        );
        return;
    }
    let [menu, body] =
        Layout::horizontal([Constraint::Length(MENU), Constraint::Min(0)]).areas(area);
    let current = state.current(cx);
    let lines: Vec<Line> = all
        .iter()
        .map(|s| {
            let chosen = Some(*s) == current;
            Line::styled(
                format!(
                    "{} {}",
                    if chosen { "›" } else { " " },
                    s.title().text(lang)
                ),
                theme.style(if chosen {
                    "table.row.selected"
                } else {
                    "table.row"
                }),
            )
        })
        .collect();
    let keys = format!(
        " {} {} ",
        cx.keys(&[Context::List], Action::Left),
        cx.keys(&[Context::List], Action::Right)
    );
    frame.render_widget(
        Paragraph::new(lines).block(
            block(format!(" {} ", T::AdminTitle.text(lang)))
                .title_bottom(Span::styled(keys, theme.style("muted"))),
        ),
        menu,
    );
    let Some(section) = current else { return };
    let hints = hints(section, cx);
    let title = format!(" {} ", section.title().text(lang));
    let framed_body = block(title).title_bottom(Span::styled(hints, theme.style("muted")));
    if section == Section::Password {
        let text = fill(
            T::AdminPasswordHelp.text(lang),
            &[&cx.keys(&[Context::Admin], Action::Password)],
        );
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(framed_body),
            body,
        );
    } else {
        draw_table(state, section, cx, frame, body, framed_body);
    }
    match &state.layer {
        Layer::Form(form) => draw_form(form, cx, frame, area),
        Layer::Edit(edit) => draw_edit(edit, cx, frame, area),
        Layer::RestoreInto { file, input } => {
            let rect = centered(area, 64, 5);
            frame.render_widget(Clear, rect);
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let keys = fill(
                T::AdminFormKeys.text(lang),
                &[
                    &cx.keys(&[Context::Form], Action::Confirm),
                    &cx.keys(&[Context::Form], Action::Cancel),
                ],
            );
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(T::RestoreIntoPrompt.text(lang), theme.style("muted")),
                    Line::styled(input.shown(), theme.style("table.row")),
                ])
                .block(framed(
                    theme,
                    &fill(T::RestoreTitle.text(lang), &[&sanitize(&name)]),
                    &keys,
                )),
                rect,
            );
        }
        Layer::Confirm(q) => {
            let key = |a| cx.keymap.keys_for(Context::Confirm, a).unwrap_or_default();
            crate::tui::widgets::confirm::draw(
                theme,
                T::AdminTitle.text(lang),
                &q.text,
                &fill(
                    T::QuitKeys.text(lang),
                    &[&key(Action::Yes), &key(Action::No)],
                ),
                frame,
                area,
            );
        }
        Layer::None => {}
    }
}

/// The keys the section acts on, for its bottom border.
fn hints(section: Section, cx: &Ctx) -> String {
    let k = |a| cx.keys(&[Context::Admin, Context::List], a);
    let items: Vec<(String, T)> = match section {
        Section::Users => vec![
            (k(Action::NewItem), T::AdminHintNew),
            (k(Action::Toggle), T::AdminHintOnOff),
            (k(Action::Password), T::AdminHintPassword),
        ],
        Section::Sites | Section::Areas | Section::Rooms => vec![
            (k(Action::NewItem), T::AdminHintNew),
            (k(Action::Edit), T::AdminHintEdit),
            (k(Action::Archive), T::AdminHintArchive),
        ],
        Section::Types => vec![
            (k(Action::NewItem), T::AdminHintNew),
            (k(Action::Edit), T::AdminHintEdit),
            (k(Action::Toggle), T::AdminHintHide),
        ],
        Section::Fields | Section::Blocked | Section::Cycle | Section::Rights => vec![
            (k(Action::NewItem), T::AdminHintNew),
            (k(Action::Delete), T::AdminHintRemove),
        ],
        Section::Settings => vec![(k(Action::Edit), T::AdminHintEdit)],
        Section::Backups => vec![
            (k(Action::NewItem), T::AdminHintBackup),
            (k(Action::Confirm), T::AdminHintRestore),
        ],
        Section::Password => vec![(k(Action::Password), T::AdminHintPassword)],
        Section::Connections => Vec::new(),
    };
    if items.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = items
        .iter()
        .map(|(key, t)| format!("{key} {}", t.text(cx.lang)))
        .collect();
    format!(" {} ", parts.join(" · "))
}

fn draw_table(
    state: &State,
    section: Section,
    cx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    block: Block,
) {
    let (lang, theme) = (cx.lang, cx.theme);
    let Some(all) = &state.rows else {
        frame.render_widget(
            Paragraph::new(T::Loading.text(lang))
                .style(theme.style("muted"))
                .block(block),
            area,
        );
        return;
    };
    let rows = state.visible();
    if all.is_empty() || rows.is_empty() {
        frame.render_widget(
            Paragraph::new(T::AdminNone.text(lang))
                .style(theme.style("muted"))
                .block(block),
            area,
        );
        return;
    }
    let columns = section.columns();
    let header = Row::new(columns.iter().map(|(t, _)| Cell::from(t.text(lang))))
        .style(theme.style("table.header"));
    let widths: Vec<Constraint> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, w))| {
            if i + 1 == columns.len() {
                Constraint::Fill(1)
            } else {
                Constraint::Length(*w)
            }
        })
        .collect();
    let shown = rows
        .iter()
        .skip(state.cursor.offset)
        .take(crate::tui::widgets::list::table_rows(area.height))
        .map(|item: &&sections::Item| {
            let mut texts: Vec<String> = item
                .cells
                .iter()
                .map(|c| sanitize(c).into_owned())
                .collect();
            let marked = matches!(
                section,
                Section::Sites | Section::Areas | Section::Rooms | Section::Types
            );
            if item.off && marked && texts.len() > 1 {
                let mark = if section == Section::Types {
                    T::AdminHidden
                } else {
                    T::AdminArchivedMark
                };
                texts[1] = format!("{} [{}]", texts[1], mark.text(lang));
            }
            let cells: Vec<Cell> = texts.into_iter().map(Cell::from).collect();
            Row::new(cells).style(theme.style(if item.off { "muted" } else { "table.row" }))
        });
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

fn draw_form(form: &Form, cx: &Ctx, frame: &mut Frame, area: Rect) {
    let (lang, theme) = (cx.lang, cx.theme);
    let title = match form.purpose {
        super::form::Purpose::NewUser => T::AdminNewUser.text(lang).to_owned(),
        super::form::Purpose::PasswordOf => {
            fill(T::AdminPasswordOf.text(lang), &[&sanitize(&form.login)])
        }
        super::form::Purpose::OwnPassword => T::AdminOwnPassword.text(lang).to_owned(),
    };
    let keys = fill(
        T::AdminFormKeys.text(lang),
        &[
            &cx.keys(&[Context::Form], Action::Confirm),
            &cx.keys(&[Context::Form], Action::Cancel),
        ],
    );
    let height = form.fields.len() as u16 + 5;
    let rect = centered(area, 60, height);
    frame.render_widget(Clear, rect);
    let mut lines: Vec<Line> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let focused = i == form.focus;
            Line::from(vec![
                Span::styled(
                    format!("{:>14} ", f.label.text(lang)),
                    theme.style(if focused { "title" } else { "muted" }),
                ),
                Span::styled(f.shown(lang, focused), theme.style("table.row")),
            ])
        })
        .collect();
    lines.push(Line::default());
    if let Some(e) = &form.error {
        lines.push(Line::styled(
            sanitize(e).into_owned(),
            theme.style("status.error"),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(framed(theme, &title, &keys)),
        rect,
    );
}

/// The fields of what is being changed, a window of them around the one being typed when
/// they do not all fit (a room has eighteen).
fn draw_edit(edit: &super::edit::Edit, cx: &Ctx, frame: &mut Frame, area: Rect) {
    let (lang, theme) = (cx.lang, cx.theme);
    let title = fill(
        if edit.target.is_new() {
            T::AdminNewTitle
        } else {
            T::AdminEditTitle
        }
        .text(lang),
        &[&sanitize(&edit.name)],
    );
    let keys = fill(
        T::AdminFormKeys.text(lang),
        &[
            &cx.keys(&[Context::Form], Action::Confirm),
            &cx.keys(&[Context::Form], Action::Cancel),
        ],
    );
    const WIDTH: u16 = 70;
    // A refusal may list what it is about (the bookings of a day): it takes the room left.
    let error: Vec<String> = edit
        .error
        .iter()
        .flat_map(|e| e.lines())
        .flat_map(|l| {
            crate::tui::widgets::frame::wrap_lines(
                &sanitize(l),
                WIDTH as usize - 2,
                area.height as usize,
            )
        })
        .collect();
    let room = area.height.saturating_sub(7).max(3) as usize;
    let shown = edit.fields.len().min(room);
    let first = edit
        .focus
        .saturating_sub(shown - 1)
        .min(edit.fields.len() - shown);
    let error_room = (area.height as usize)
        .saturating_sub(shown + 5)
        .min(error.len().max(2));
    let rect = centered(area, WIDTH, (shown + 3 + error_room) as u16);
    frame.render_widget(Clear, rect);
    let mut lines: Vec<Line> = edit
        .fields
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(i, f)| {
            let focused = i == edit.focus;
            let text = crate::output::sanitize(&f.input.text).into_owned();
            Line::from(vec![
                Span::styled(
                    format!("{:>24} ", f.key),
                    theme.style(if focused { "title" } else { "muted" }),
                ),
                Span::styled(
                    if focused { format!("{text}▏") } else { text },
                    theme.style("table.row"),
                ),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.extend(
        error
            .into_iter()
            .take(error_room)
            .map(|l| Line::styled(l, theme.style("status.error"))),
    );
    frame.render_widget(
        Paragraph::new(lines).block(framed(theme, &title, &keys)),
        rect,
    );
}
