//! The planning's overlays: go to a date, a booking's detail (BBCode rendered, history), the
//! booking form, delete confirmation, the moderation queue. Reads state, changes nothing.

use crate::booking::model::plan::FieldKind;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::form::{FieldId, Form};
use super::grid::Look;
use super::layers::{picker_entries, Layer};
use super::pane::PlanningPane;
use crate::booking::model::bbcode;
use crate::booking::model::plan::BookingInfo;
use crate::i18n::{fill, Lang, T};
use crate::output::{sanitize, sanitize_lines};
use crate::tui::keymap::{Action, Context};
use crate::tui::widgets::frame::{centered, framed};
use crate::tui::widgets::frame::{fit, wrap_lines};

/// Draws one layer over the grid.
pub fn draw(layer: &Layer, pane: &PlanningPane, look: &Look, frame: &mut Frame, area: Rect) {
    match layer {
        Layer::GoTo { input, error } => draw_go_to(&input.shown(), *error, look, frame, area),
        Layer::Detail {
            booking,
            history,
            scroll,
        } => draw_detail(
            booking,
            history.as_deref(),
            *scroll,
            pane,
            look,
            frame,
            area,
        ),
        Layer::Form(form) => draw_form(form, look, frame, area),
        Layer::ConfirmDelete { booking } => draw_delete(booking, look, frame, area),
        Layer::Picker { cursor } => draw_picker(cursor.selected, pane, look, frame, area),
        Layer::Queue {
            items,
            cursor,
            reason,
        } => draw_queue(
            items.as_deref(),
            cursor.selected,
            reason.as_ref().map(|r| r.text.as_str()),
            pane,
            look,
            frame,
            area,
        ),
        Layer::Cell { items, cursor } => {
            draw_cell_list(items, cursor.selected, pane, look, frame, area)
        }
    }
}

/// Every booking of a cell, one a line; Enter opens the one selected.
fn draw_cell_list(
    items: &[BookingInfo],
    selected: usize,
    pane: &PlanningPane,
    look: &Look,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = look.lang;
    let theme = look.theme;
    let height = (items.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, (area.width * 4 / 5).max(60), height);
    let keys = footer(
        look,
        T::CellKeys,
        Context::List,
        &[Action::Confirm, Action::Cancel],
    );
    let title = fill(T::CellTitle.text(lang), &[&items.len()]);
    let block = framed(theme, &title, &keys);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let visible = inner.height as usize;
    let offset = selected.saturating_sub(visible.saturating_sub(1));
    for (i, b) in items.iter().enumerate().skip(offset).take(visible) {
        let style = if i == selected {
            theme.style("overlay.selected")
        } else {
            theme.style("overlay")
        };
        let line = format!(
            "{}  {:<16}  {}",
            when(b),
            room_name(pane, b.room_id),
            super::grid::label(b, usize::MAX)
        );
        let y = inner.y + (i - offset) as u16;
        frame.render_widget(
            Paragraph::new(fit(&line, inner.width as usize)).style(style),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
}

/// The keys of `actions` in `context`, as the footer's placeholders.
fn keys(look: &Look, context: Context, actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .map(|a| {
            look.keymap
                .keys_for(context, *a)
                .unwrap_or_else(|| "-".into())
        })
        .collect()
}

fn footer(look: &Look, text: T, context: Context, actions: &[Action]) -> String {
    let keys = keys(look, context, actions);
    let args: Vec<&dyn std::fmt::Display> =
        keys.iter().map(|k| k as &dyn std::fmt::Display).collect();
    fill(text.text(look.lang), &args)
}

fn when(b: &BookingInfo) -> String {
    let end = if b.end.date_naive() == b.start.date_naive() {
        b.end.format("%H:%M").to_string()
    } else {
        b.end.format("%Y-%m-%d %H:%M").to_string()
    };
    format!("{} – {end}", b.start.format("%Y-%m-%d %H:%M"))
}

fn draw_go_to(text: &str, error: bool, look: &Look, frame: &mut Frame, area: Rect) {
    let lang = look.lang;
    let rect = centered(area, 50, 4);
    let block = framed(look.theme, T::GoToTitle.text(lang), T::GoToHint.text(lang));
    let mut spans = vec![
        Span::styled("› ", look.theme.style("prompt")),
        Span::styled(text.to_owned(), look.theme.style("overlay")),
    ];
    if error {
        spans.push(Span::styled(
            format!("  {}", T::GoToBad.text(lang)),
            look.theme.style("status.error"),
        ));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(Line::from(spans)).block(block), rect);
}

fn room_name(pane: &PlanningPane, id: i64) -> String {
    pane.structure
        .as_ref()
        .and_then(|s| s.rooms.iter().find(|r| r.id == id))
        .map(|r| sanitize(&r.name).into_owned())
        .unwrap_or_default()
}

fn state_words(b: &BookingInfo, lang: Lang) -> String {
    let mut words = Vec::new();
    words.extend(b.moderation.label(lang).map(str::to_owned));
    if let Some(t) = b.tentative_until {
        words.push(format!("~ {}", t.format("%Y-%m-%d %H:%M")));
    }
    words.extend(b.loan.label(lang).map(str::to_owned));
    if let Some(s) = b.series_id {
        words.push(fill(T::DetailSeries.text(lang), &[&s]));
    }
    words.join(" · ")
}

fn draw_detail(
    b: &BookingInfo,
    history: Option<&[(String, String, String)]>,
    scroll: usize,
    pane: &PlanningPane,
    look: &Look,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = look.lang;
    let theme = look.theme;
    let rect = centered(
        area,
        (area.width * 3 / 4).max(70),
        area.height.saturating_sub(2),
    );
    let title = fill(T::DetailTitle.text(lang), &[&b.id]);
    let footer_keys = footer(
        look,
        T::DetailKeys,
        Context::Detail,
        &[
            Action::Edit,
            Action::Delete,
            Action::LoanBorrowed,
            Action::LoanReturned,
            Action::LoanOverdue,
            Action::Cancel,
        ],
    );
    let block = framed(theme, &title, &footer_keys);
    let key = |k: T| Span::styled(format!("{:<14}", k.text(lang)), theme.style("overlay.key"));
    let value = |v: String| Span::styled(v, theme.style("overlay"));
    let kind = pane
        .structure
        .as_ref()
        .and_then(|s| s.types.iter().find(|t| t.letter == b.kind))
        .map(|t| format!("{} {}", t.letter, sanitize(&t.name)))
        .unwrap_or_else(|| b.kind.clone());
    let mut lines = vec![
        Line::from(Span::styled(
            sanitize(&b.name).into_owned(),
            theme.style("overlay.title"),
        )),
        Line::from(vec![key(T::DetailRoom), value(room_name(pane, b.room_id))]),
        Line::from(vec![key(T::DetailWhen), value(when(b))]),
        Line::from(vec![key(T::FormType), value(kind)]),
        Line::from(vec![
            key(T::DetailOwner),
            value(sanitize(&b.owner).into_owned()),
        ]),
    ];
    if let Some(who) = &b.beneficiary {
        lines.push(Line::from(vec![
            key(T::DetailFor),
            value(sanitize(who).into_owned()),
        ]));
    }
    let state = state_words(b, lang);
    if !state.is_empty() {
        lines.push(Line::from(vec![key(T::DetailState), value(state)]));
    }
    if let Some(until) = b.tentative_until {
        let key = keys(look, Context::Detail, &[Action::ConfirmTentative])
            .into_iter()
            .next()
            .unwrap_or_default();
        let text = if b.series_id.is_some() {
            T::DetailTentativeSeries
        } else {
            T::DetailTentative
        };
        lines.push(Line::from(Span::styled(
            fill(text.text(lang), &[&until.format("%Y-%m-%d %H:%M"), &key]),
            theme.style("status.warn"),
        )));
    }
    let blocked = pane
        .structure
        .as_ref()
        .is_some_and(|s| s.calendar.blocked.contains(&b.start.date_naive()));
    if blocked {
        lines.push(Line::from(Span::styled(
            T::DetailOnBlockedDay.text(lang),
            theme.style("status.warn"),
        )));
    }
    for (name, v) in &b.fields {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<14}", fit(&sanitize(name), 13)),
                theme.style("overlay.key"),
            ),
            value(sanitize(v).into_owned()),
        ]));
    }
    for text in [&b.short_description, &b.description] {
        if text.trim().is_empty() {
            continue;
        }
        lines.push(Line::from(""));
        // Line breaks stay line breaks here, where the paragraph lays out lines; every other
        // control is made visible.
        let text = text.replace("\r\n", "\n");
        for runs in bbcode::render(&sanitize_lines(&text), theme.style("overlay")) {
            lines.push(Line::from(
                runs.into_iter()
                    .map(|r| Span::styled(r.text, r.style))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    if let Some(history) = history.filter(|h| !h.is_empty()) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            T::DetailHistory.text(lang),
            theme.style("overlay.section"),
        )));
        for (at, who, what) in history {
            lines.push(Line::from(value(format!(
                "  {at}  {}  {what}",
                sanitize(who)
            ))));
        }
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        rect,
    );
}

fn draw_delete(b: &BookingInfo, look: &Look, frame: &mut Frame, area: Rect) {
    let lang = look.lang;
    let text = if b.series_id.is_some() {
        T::DeleteKeys
    } else {
        T::DeleteKeysOne
    };
    let keys = footer(
        look,
        text,
        Context::Confirm,
        &[Action::Yes, Action::WholeSeries, Action::No],
    );
    let ask = fill(T::DeleteAsk.text(lang), &[&sanitize(&b.name), &when(b)]);
    crate::tui::widgets::confirm::draw(
        look.theme,
        T::DeleteTitle.text(lang),
        &ask,
        &keys,
        frame,
        area,
    );
}

fn field_label(id: FieldId, form: &Form, lang: Lang) -> (String, bool) {
    let text = |t: T| (t.text(lang).to_owned(), false);
    match id {
        FieldId::Scope => text(T::FormScope),
        FieldId::Name => (T::FormName.text(lang).to_owned(), true),
        FieldId::Date => text(T::FormDate),
        FieldId::Start => text(T::FormStart),
        FieldId::End => text(T::FormEnd),
        FieldId::Type => text(T::FormType),
        FieldId::Beneficiary => text(T::FormBeneficiary),
        FieldId::ExternalName => text(T::FormExternalName),
        FieldId::ExternalEmail => text(T::FormExternalEmail),
        FieldId::ShortDescription => text(T::FormShort),
        FieldId::Description => text(T::FormDescription),
        FieldId::Repeat => text(T::FormRepeat),
        FieldId::Every => text(T::FormEvery),
        FieldId::Days => text(T::FormDays),
        FieldId::CycleDay => text(T::FormCycleDay),
        FieldId::Until => text(T::FormUntil),
        FieldId::ConfirmBy => text(T::FormConfirmBy),
        FieldId::Extra(i) => form.extra_label(i),
    }
}

fn draw_form(form: &Form, look: &Look, frame: &mut Frame, area: Rect) {
    let lang = look.lang;
    let theme = look.theme;
    let fields = form.fields();
    let focus = form.focused();
    let rows: u16 = fields
        .iter()
        .map(|f| {
            if *f == FieldId::Description && *f == focus {
                4
            } else {
                1
            }
        })
        .sum();
    let width = area.width.clamp(60, 90);
    let below = form_notes(form, width.saturating_sub(2) as usize);
    let height = (rows + 5 + below.len().max(1) as u16).min(area.height);
    let rect = centered(area, width, height);
    let title = match form.editing {
        Some(_) => fill(T::FormEdit.text(lang), &[&sanitize(&form.room.name)]),
        None => fill(T::FormNew.text(lang), &[&sanitize(&form.room.name)]),
    };
    let keys = footer(
        look,
        T::FormKeys,
        Context::Form,
        &[
            Action::Down,
            Action::Right,
            Action::Confirm,
            Action::Save,
            Action::Cancel,
        ],
    );
    let block = framed(theme, &title, &keys);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let label_w = 22u16;
    let mut y = inner.y;
    let bottom = inner.y + inner.height.saturating_sub(1 + below.len().max(1) as u16);
    // Keep the focused field in view on a short terminal.
    let focus_index = fields.iter().position(|f| *f == focus).unwrap_or(0);
    let skip = focus_index.saturating_sub((bottom - inner.y) as usize);
    for id in fields.iter().skip(skip) {
        if y >= bottom {
            break;
        }
        let focused = *id == focus;
        let (label, required) = field_label(*id, form, lang);
        let label = format!(
            "{}{}",
            fit(&sanitize(&label), label_w as usize - 3),
            if required { " *" } else { "" }
        );
        let label_style = if focused {
            theme.style("overlay.selected")
        } else {
            theme.style("overlay.key")
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("{label:<w$}", w = label_w as usize),
                label_style,
            )),
            Rect::new(inner.x, y, label_w, 1),
        );
        let height = if *id == FieldId::Description && focused {
            4
        } else {
            1
        };
        let height = height.min(bottom - y);
        let error = form.errors.get(id);
        let error_w = error
            .map(|e| (e.chars().count() as u16 + 2).min(inner.width / 2))
            .unwrap_or(0);
        let value_rect = Rect::new(
            inner.x + label_w,
            y,
            inner.width.saturating_sub(label_w + error_w),
            height,
        );
        match (focused, form.textarea(*id)) {
            (true, Some(t))
                if !matches!(id, FieldId::Type | FieldId::Repeat | FieldId::Scope)
                    && !is_picker(form, *id) =>
            {
                let mut t = safe_textarea(t);
                t.set_cursor_line_style(ratatui::style::Style::default());
                t.set_style(theme.style("overlay"));
                t.set_cursor_style(theme.style("overlay.selected"));
                t.set_selection_style(theme.style("overlay.selected"));
                frame.render_widget(&t, value_rect);
            }
            _ => {
                let text = if is_picker(form, *id) {
                    let v = form.picked(*id);
                    if focused {
                        format!("‹ {v} ›")
                    } else {
                        v
                    }
                } else {
                    form.value(*id).lines().next().unwrap_or("").to_owned()
                };
                let text = if *id == FieldId::Repeat && form.repeat == 0 && !focused {
                    crate::i18n::T::RepeatNone.text(form.lang).to_owned()
                } else {
                    text
                };
                frame.render_widget(
                    Paragraph::new(fit(&sanitize(&text), value_rect.width as usize))
                        .style(theme.style("overlay")),
                    value_rect,
                );
            }
        }
        if let Some(e) = error {
            frame.render_widget(
                Paragraph::new(fit(&sanitize(e), error_w as usize))
                    .style(theme.style("status.error")),
                Rect::new(value_rect.x + value_rect.width, y, error_w, 1),
            );
        }
        if *id == FieldId::Beneficiary && focused {
            let hints: Vec<String> = form
                .matching_users()
                .iter()
                .map(|(l, n)| format!("{l} ({n})"))
                .collect();
            if !hints.is_empty() && y + 1 < bottom {
                y += 1;
                frame.render_widget(
                    Paragraph::new(fit(
                        &sanitize(&format!("→ {}", hints.join(" · "))),
                        inner.width as usize - label_w as usize,
                    ))
                    .style(theme.style("muted")),
                    Rect::new(inner.x + label_w, y, inner.width.saturating_sub(label_w), 1),
                );
            }
        }
        y += height;
    }
    // Preview, what an administrator passes over, what the next save would do, and the
    // database's general complaint, wrapped: every conflicting date is read.
    let preview = Rect::new(inner.x, bottom, inner.width, 1.min(inner.height));
    let taken = form
        .preview
        .conflicts
        .as_ref()
        .is_some_and(|c| !c.is_empty());
    frame.render_widget(
        Paragraph::new(fit(&preview_text(form, lang), preview.width as usize)).style(if taken {
            theme.style("status.warn")
        } else {
            theme.style("muted")
        }),
        preview,
    );
    for (y, (text, style)) in (bottom + 1..inner.y + inner.height).zip(below.iter()) {
        frame.render_widget(
            Paragraph::new(text.as_str()).style(theme.style(style)),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
}

/// The preview line: how many occurrences, which are skipped, which are taken.
fn preview_text(form: &Form, lang: Lang) -> String {
    let p = &form.preview;
    let mut parts = Vec::new();
    if form.saving {
        parts.push(T::FormSaving.text(lang).to_owned());
    } else if let Some(e) = &p.error {
        parts.push(e.clone());
    } else {
        parts.push(fill(T::FormPreview.text(lang), &[&p.count]));
        if !p.blocked.is_empty() {
            let list: Vec<String> = p
                .blocked
                .iter()
                .map(|d| d.format("%d/%m").to_string())
                .collect();
            parts.push(fill(T::FormPreviewBlocked.text(lang), &[&list.join(", ")]));
        }
        match &p.conflicts {
            None => parts.push(T::FormPreviewChecking.text(lang).to_owned()),
            Some(c) if c.is_empty() => parts.push(T::FormPreviewFree.text(lang).to_owned()),
            Some(c) => {
                let list: Vec<String> = c.iter().map(|d| d.format("%d/%m").to_string()).collect();
                parts.push(fill(T::FormPreviewTaken.text(lang), &[&list.join(", ")]));
            }
        }
    }
    parts.join(" · ")
}

/// The lines under the preview, wrapped to `width`, with their theme keys.
fn form_notes(form: &Form, width: usize) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut add = |text: &str, style: &'static str, max: usize| {
        for line in wrap_lines(&sanitize(text), width, max) {
            out.push((line, style));
        }
    };
    if form.notice.is_none() && !form.preview.bypass.is_empty() {
        add(&form.bypass_text(), "status.warn", 2);
    }
    if let Some(e) = &form.general_error {
        add(e, "status.error", 6);
    }
    // A field's complaint too long for its place beside the field is read whole here.
    for e in form.errors.values() {
        if e.chars().count() + 2 > width / 2 {
            add(e, "status.error", 4);
        }
    }
    if let Some(n) = &form.notice {
        add(n, "status.warn", 3);
    }
    out
}

fn is_picker(form: &Form, id: FieldId) -> bool {
    match id {
        FieldId::Scope | FieldId::Type | FieldId::Repeat => true,
        FieldId::Start | FieldId::End => matches!(
            form.area.slots,
            crate::booking::model::plan::Slots::Periods(_)
        ),
        FieldId::Extra(i) => form
            .area
            .fields
            .get(i)
            .is_some_and(|f| f.kind == FieldKind::List),
        _ => false,
    }
}

fn draw_queue(
    items: Option<&[BookingInfo]>,
    selected: usize,
    reason: Option<&str>,
    pane: &PlanningPane,
    look: &Look,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = look.lang;
    let theme = look.theme;
    let rect = centered(
        area,
        (area.width * 4 / 5).max(70),
        area.height.saturating_sub(4),
    );
    let keys = footer(
        look,
        T::QueueKeys,
        Context::Queue,
        &[
            Action::Accept,
            Action::AcceptSeries,
            Action::Refuse,
            Action::RefuseSeries,
            Action::Cancel,
        ],
    );
    let block = framed(theme, T::QueueTitle.text(lang), &keys);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let Some(items) = items else {
        frame.render_widget(
            Paragraph::new(T::Loading.text(lang)).style(theme.style("muted")),
            inner,
        );
        return;
    };
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(T::QueueEmpty.text(lang)).style(theme.style("muted")),
            inner,
        );
        return;
    }
    let visible = inner.height.saturating_sub(1) as usize;
    let offset = selected.saturating_sub(visible.saturating_sub(1));
    for (i, b) in items.iter().enumerate().skip(offset).take(visible) {
        let style = if i == selected {
            theme.style("overlay.selected")
        } else {
            theme.style("overlay")
        };
        let series = if b.series_id.is_some() { "↻ " } else { "" };
        let line = format!(
            "{}  {:<16}  {series}{}  ({})",
            when(b),
            room_name(pane, b.room_id),
            sanitize(&b.name),
            sanitize(b.beneficiary.as_deref().unwrap_or(&b.owner))
        );
        let y = inner.y + (i - offset) as u16;
        frame.render_widget(
            Paragraph::new(fit(&line, inner.width as usize)).style(style),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
    if let Some(text) = reason {
        let y = inner.y + inner.height.saturating_sub(1);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(T::QueueReason.text(lang), theme.style("prompt")),
                Span::styled(format!("{}▏", sanitize(text)), theme.style("overlay")),
            ])),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
}

fn draw_picker(selected: usize, pane: &PlanningPane, look: &Look, frame: &mut Frame, area: Rect) {
    let lang = look.lang;
    let theme = look.theme;
    let Some(s) = &pane.structure else { return };
    let entries = picker_entries(pane);
    let height = (entries.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(4);
    let rect = centered(area, 60, height);
    let block = framed(theme, T::PickerTitle.text(lang), T::PickerKeys.text(lang));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let visible = inner.height as usize;
    let offset = selected.saturating_sub(visible.saturating_sub(1));
    for (i, (a, room)) in entries.iter().enumerate().skip(offset).take(visible) {
        let Some(area_info) = s.areas.get(*a) else {
            continue;
        };
        let text = match room {
            None => format!(
                "{} › {}",
                sanitize(&area_info.site),
                sanitize(&area_info.name)
            ),
            Some(r) => {
                let name = s
                    .rooms
                    .iter()
                    .filter(|x| x.area_id == area_info.id)
                    .nth(*r)
                    .map(|x| sanitize(&x.name).into_owned())
                    .unwrap_or_default();
                format!("    {name}")
            }
        };
        let style = if i == selected {
            theme.style("overlay.selected")
        } else if room.is_none() {
            theme.style("overlay.key")
        } else {
            theme.style("overlay")
        };
        frame.render_widget(
            Paragraph::new(fit(&text, inner.width as usize)).style(style),
            Rect::new(inner.x, inner.y + (i - offset) as u16, inner.width, 1),
        );
    }
}

/// The field being typed in, as the terminal may show it: the text editor draws its lines as
/// they are, so a name holding `\x1b]52;…` would reach the terminal. The copy drawn has every
/// control made visible (one character for one, so the cursor and the selection keep their
/// places); what is edited and saved is untouched.
fn safe_textarea(t: &tui_textarea::TextArea<'static>) -> tui_textarea::TextArea<'static> {
    use tui_textarea::CursorMove;
    let lines: Vec<String> = t.lines().iter().map(|l| sanitize(l).into_owned()).collect();
    let mut shown = tui_textarea::TextArea::new(lines);
    let jump = |shown: &mut tui_textarea::TextArea<'static>, (row, col): (usize, usize)| {
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        shown.move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
    };
    if let Some((from, to)) = t.selection_range() {
        // The selection from its far end to the cursor, as the original has it.
        let cursor = t.cursor();
        let anchor = if cursor == to { from } else { to };
        jump(&mut shown, anchor);
        shown.start_selection();
    }
    jump(&mut shown, t.cursor());
    shown
}
