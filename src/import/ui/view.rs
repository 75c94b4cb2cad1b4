//! The Imports screen: the list of runs, and the wizard over it.

use chrono_tz::Tz;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Gauge, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};
use ratatui::Frame;

use super::wizard::{Loading, Step, Wizard};
use crate::i18n::{fill, Lang, T};
use crate::import::model::report::Report;
use crate::import::store::RunRow;
use crate::output::sanitize;
use crate::tui::keymap::{Action, Context, Keymap};
use crate::tui::theme::Theme;
use crate::tui::widgets::frame::fit;
use crate::tui::widgets::list::Cursor;

/// The Imports screen's state.
#[derive(Clone, Debug, Default)]
pub struct ImportsPane {
    pub runs: Option<Vec<RunRow>>,
    pub cursor: crate::tui::widgets::list::Cursor,
    pub wizard: Option<Wizard>,
}

/// What views need from the app to draw.
pub struct Look<'a> {
    pub lang: Lang,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub tz: Tz,
    /// The user may not import (only administrators and user managers do).
    pub denied: bool,
}

impl Look<'_> {
    fn key(&self, action: Action) -> String {
        [Context::Imports, Context::List, Context::Global]
            .iter()
            .find_map(|c| self.keymap.keys_for(*c, action))
            .unwrap_or_else(|| action.name().to_owned())
    }

    fn block<'b>(&self, title: String) -> Block<'b> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.style("border"))
            .title(Span::styled(
                format!(" {title} "),
                self.theme.style("title"),
            ))
    }
}

pub fn draw(pane: &ImportsPane, look: &Look, frame: &mut Frame, area: Rect) {
    match &pane.wizard {
        Some(wizard) => draw_wizard(wizard, look, frame, area),
        None => draw_runs(pane, look, frame, area),
    }
}

fn draw_runs(pane: &ImportsPane, look: &Look, frame: &mut Frame, area: Rect) {
    let lang = look.lang;
    let block = look.block(format!(
        "{} · {} {}",
        T::ImportsTitle.text(lang),
        look.key(Action::NewImport),
        T::ActionNewImport.text(lang)
    ));
    let Some(runs) = &pane.runs else {
        frame.render_widget(
            Paragraph::new(T::Loading.text(lang))
                .block(block)
                .style(look.theme.style("muted")),
            area,
        );
        return;
    };
    if look.denied || runs.is_empty() {
        let text = if look.denied {
            T::ImportsDenied.text(lang).to_owned()
        } else {
            fill(T::ImportsEmpty.text(lang), &[&look.key(Action::NewImport)])
        };
        frame.render_widget(
            Paragraph::new(text)
                .block(block)
                .style(look.theme.style("muted")),
            area,
        );
        return;
    }
    let header = Row::new(
        [
            T::ColWhen,
            T::ColKind,
            T::ColFile,
            T::ColRows,
            T::ColAdded,
            T::ColUpdated,
            T::ColRejected,
            T::ColBy,
        ]
        .map(|t| Cell::from(t.text(lang))),
    )
    .style(look.theme.style("table.header"));
    let height = area.height.saturating_sub(3) as usize;
    let rows = runs.iter().skip(pane.cursor.offset).take(height).map(|r| {
        Row::new(vec![
            Cell::from(
                r.run_at
                    .with_timezone(&look.tz)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            ),
            Cell::from(r.kind.clone()),
            Cell::from(sanitize(&r.file_name).into_owned()),
            Cell::from(r.rows.to_string()),
            Cell::from(r.added.to_string()),
            Cell::from(r.updated.to_string()),
            Cell::from(r.rejected.to_string()),
            Cell::from(sanitize(&r.run_by).into_owned()),
        ])
    });
    let widths = [
        Constraint::Length(16),
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(10),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(look.theme.style("table.row.selected"));
    let mut state = TableState::default().with_selected(Some(
        pane.cursor.selected.saturating_sub(pane.cursor.offset),
    ));
    frame.render_stateful_widget(table, area, &mut state);
}

fn list<'a>(items: Vec<ListItem<'a>>, cursor: &Cursor, look: &Look, frame: &mut Frame, area: Rect) {
    let mut state = ListState::default()
        .with_selected(Some(cursor.selected))
        .with_offset(cursor.offset);
    frame.render_stateful_widget(
        List::new(items).highlight_style(look.theme.style("table.row.selected")),
        area,
        &mut state,
    );
}

fn hint_line<'a>(text: String, look: &Look) -> Line<'a> {
    Line::from(Span::styled(text, look.theme.style("muted")))
}

fn draw_wizard(wizard: &Wizard, look: &Look, frame: &mut Frame, area: Rect) {
    let lang = look.lang;
    let block = look.block(T::WizardTitle.text(lang).to_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    let back = look.key(Action::Cancel);
    match &wizard.step {
        Step::Kind { cursor } => {
            frame.render_widget(
                Paragraph::new(T::WizardChooseKind.text(lang)).style(look.theme.style("title")),
                top,
            );
            let items = [T::WizardKindStudents, T::WizardKindStaff]
                .map(|t| ListItem::new(format!("  {}", t.text(lang))))
                .to_vec();
            list(items, cursor, look, frame, body);
            frame.render_widget(
                Paragraph::new(hint_line(
                    fill(
                        T::WizardNextHint.text(lang),
                        &[&look.key(Action::Confirm), &back],
                    ),
                    look,
                )),
                bottom,
            );
        }
        Step::Browse {
            dir,
            entries,
            cursor,
            error,
            ..
        } => {
            frame.render_widget(
                Paragraph::new(format!(
                    "{} — {}",
                    T::WizardChooseFile.text(lang),
                    sanitize(&dir.display().to_string())
                ))
                .style(look.theme.style("title")),
                top,
            );
            if let Some(e) = error {
                frame.render_widget(
                    Paragraph::new(sanitize(e).into_owned())
                        .style(look.theme.style("status.error")),
                    body,
                );
            } else {
                let width = body.width as usize;
                let items: Vec<ListItem> = entries
                    .iter()
                    .map(|e| {
                        let name = if e.is_dir {
                            format!("{}/", sanitize(&e.name))
                        } else {
                            sanitize(&e.name).into_owned()
                        };
                        let size = if e.is_dir {
                            String::new()
                        } else {
                            human_size(e.size)
                        };
                        let pad = width.saturating_sub(name.chars().count() + size.len() + 3);
                        ListItem::new(format!("  {name}{}{size}", " ".repeat(pad)))
                    })
                    .collect();
                list(items, cursor, look, frame, body);
            }
            let hint = format!(
                "{} · {} {}",
                fill(
                    T::WizardNextHint.text(lang),
                    &[&look.key(Action::Confirm), &back]
                ),
                look.key(Action::ParentFolder),
                T::HintParentFolder.text(lang)
            );
            frame.render_widget(Paragraph::new(hint_line(hint, look)), bottom);
        }
        Step::Preview {
            path,
            choices,
            preview,
            ..
        } => {
            frame.render_widget(
                Paragraph::new(format!(
                    "{} — {}",
                    T::WizardPreview.text(lang),
                    sanitize(&path.display().to_string())
                ))
                .style(look.theme.style("title")),
                top,
            );
            match preview {
                Loading::Pending => {
                    frame.render_widget(Paragraph::new(T::Loading.text(lang)), body)
                }
                Loading::Failed(e) => {
                    // Usually columns no list knows: say how to map them by hand.
                    let lines = vec![
                        Line::from(Span::styled(
                            sanitize(e).into_owned(),
                            look.theme.style("status.error"),
                        )),
                        Line::from(""),
                        Line::from(fill(
                            T::WizardMapHint.text(lang),
                            &[&look.key(Action::MapColumns)],
                        )),
                    ];
                    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body)
                }
                Loading::Ready(p) => draw_preview(&p.description, &p.rows, look, frame, body),
            }
            let _ = choices;
            let hint = fill(
                T::WizardChangeHint.text(lang),
                &[
                    &look.key(Action::CycleEncoding),
                    &look.key(Action::CycleDelimiter),
                    &look.key(Action::CycleDateOrder),
                    &look.key(Action::Confirm),
                ],
            );
            frame.render_widget(Paragraph::new(hint_line(hint, look)), bottom);
        }
        Step::Check {
            preview,
            summary,
            cursor,
            ..
        } => {
            frame.render_widget(
                Paragraph::new(sanitize(&preview.description.file).into_owned())
                    .style(look.theme.style("title")),
                top,
            );
            match summary {
                Loading::Pending => {
                    frame.render_widget(Paragraph::new(T::WizardChecking.text(lang)), body)
                }
                Loading::Failed(e) => frame.render_widget(
                    Paragraph::new(sanitize(e).into_owned())
                        .style(look.theme.style("status.error")),
                    body,
                ),
                Loading::Ready(s) => {
                    let rejected_lines = {
                        let mut lines: Vec<u64> = s.rejected.iter().map(|p| p.line).collect();
                        lines.dedup();
                        lines.len() as u64
                    };
                    let [counts, problems] =
                        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
                    let text = fill(
                        T::WizardCheckSummary.text(lang),
                        &[
                            &s.rows,
                            &(s.rows - rejected_lines),
                            &rejected_lines,
                            &s.warnings.len(),
                        ],
                    );
                    frame.render_widget(
                        Paragraph::new(text).style(look.theme.style("title")),
                        counts,
                    );
                    let items: Vec<ListItem> = s
                        .rejected
                        .iter()
                        .map(|p| (p, T::ImportRejectedLine))
                        .chain(s.warnings.iter().map(|p| (p, T::ImportWarningLine)))
                        .map(|(p, t)| {
                            ListItem::new(fill(
                                t.text(lang),
                                &[&p.line, &p.field, &sanitize(&p.reason)],
                            ))
                        })
                        .collect();
                    list(items, cursor, look, frame, problems);
                }
            }
            frame.render_widget(
                Paragraph::new(hint_line(
                    fill(
                        T::WizardConfirmHint.text(lang),
                        &[&look.key(Action::Confirm), &back],
                    ),
                    look,
                )),
                bottom,
            );
        }
        Step::Columns {
            path,
            headers,
            fields,
            cursor,
            ..
        } => {
            let name = file_name(path);
            frame.render_widget(
                Paragraph::new(fit(
                    &fill(T::WizardColumnsTitle.text(lang), &[&sanitize(&name)]),
                    top.width as usize,
                ))
                .style(look.theme.style("title")),
                top,
            );
            let items: Vec<ListItem> = headers
                .iter()
                .zip(fields)
                .map(|(h, f)| {
                    let field = match f {
                        Some(f) => f.name(),
                        None => T::WizardColumnIgnored.text(lang).to_owned(),
                    };
                    ListItem::new(format!("{:<28} → {field}", fit(&sanitize(h), 28)))
                })
                .collect();
            list(items, cursor, look, frame, body);
            let hint = match (&wizard.naming, &wizard.saved) {
                (Some(typed), _) => {
                    fill(T::WizardMappingName.text(lang), &[&sanitize(&typed.text)])
                }
                (None, Some(said)) => said.clone(),
                (None, None) => fill(
                    T::WizardColumnsHint.text(lang),
                    &[
                        &look.key(Action::Confirm),
                        &look.key(Action::SaveMapping),
                        &back,
                    ],
                ),
            };
            frame.render_widget(Paragraph::new(hint_line(hint, look)), bottom);
        }
        Step::ConfirmDeactivation { refused, .. } => {
            frame.render_widget(
                Paragraph::new(fill(T::WizardDeactivateTitle.text(lang), &[&refused.total]))
                    .style(look.theme.style("status.error")),
                top,
            );
            let mut lines = vec![
                Line::from(fill(
                    T::WizardDeactivateWhy.text(lang),
                    &[&refused.reason()],
                )),
                Line::from(""),
            ];
            for school in refused.schools.iter().filter(|s| s.gone > 0) {
                lines.push(Line::from(Span::styled(
                    sanitize(&fill(
                        T::WizardDeactivateSchool.text(lang),
                        &[&school.school, &school.gone, &school.active],
                    ))
                    .into_owned(),
                    look.theme.style("prompt"),
                )));
                lines.extend(
                    school
                        .sample
                        .iter()
                        .map(|name| Line::from(format!("  {}", sanitize(name)))),
                );
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
            let hint = fill(
                T::WizardDeactivateHint.text(lang),
                &[&look.key(Action::Confirm), &look.key(Action::Cancel)],
            );
            frame.render_widget(Paragraph::new(hint_line(hint, look)), bottom);
        }
        Step::Running {
            path, done, total, ..
        } => {
            let name = file_name(path);
            frame.render_widget(
                Paragraph::new(fill(T::WizardRunning.text(lang), &[&sanitize(&name)]))
                    .style(look.theme.style("title")),
                top,
            );
            let ratio = if *total == 0 {
                0.0
            } else {
                (*done as f64 / *total as f64).clamp(0.0, 1.0)
            };
            let [gauge] = Layout::vertical([Constraint::Length(1)]).areas(body);
            frame.render_widget(
                Gauge::default()
                    .ratio(ratio)
                    .label(format!("{done}/{total}"))
                    .gauge_style(look.theme.style("table.row.selected")),
                gauge,
            );
        }
        Step::Finished { result, scroll } => {
            let close = fill(T::WizardCloseHint.text(lang), &[&look.key(Action::Confirm)]);
            match result {
                Loading::Ready(report) => {
                    frame.render_widget(
                        Paragraph::new(T::WizardFinished.text(lang))
                            .style(look.theme.style("title")),
                        top,
                    );
                    let (headline, details) = report.summary_lines();
                    let mut lines: Vec<Line> = headline
                        .iter()
                        .map(|l| {
                            Line::from(Span::styled(
                                sanitize(l).into_owned(),
                                look.theme.style("prompt"),
                            ))
                        })
                        .collect();
                    // Never past the last page, whatever the size was when it scrolled. The counts
                    // may wrap on a narrow terminal: count the rows they take.
                    let width = body.width.max(1) as usize;
                    let headline_rows: usize = headline
                        .iter()
                        .map(|l| {
                            unicode_width::UnicodeWidthStr::width(l.as_str())
                                .max(1)
                                .div_ceil(width)
                        })
                        .sum();
                    let visible = (body.height as usize).saturating_sub(headline_rows).max(1);
                    let start = (*scroll).min(details.len().saturating_sub(visible));
                    lines.extend(
                        details
                            .iter()
                            .skip(start)
                            .map(|l| Line::from(sanitize(l).into_owned())),
                    );
                    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
                }
                Loading::Failed(e) => {
                    frame.render_widget(
                        Paragraph::new(T::WizardFailed.text(lang))
                            .style(look.theme.style("status.error")),
                        top,
                    );
                    frame.render_widget(
                        Paragraph::new(sanitize(e).into_owned()).wrap(Wrap { trim: true }),
                        body,
                    );
                }
                Loading::Pending => {}
            }
            frame.render_widget(Paragraph::new(hint_line(close, look)), bottom);
        }
    }
}

fn draw_preview(
    description: &Report,
    rows: &[(u64, Vec<String>)],
    look: &Look,
    frame: &mut Frame,
    area: Rect,
) {
    let lang = look.lang;
    let [reading, mapping, sample] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length((rows.len() as u16 + 1).min(7)),
    ])
    .areas(area);
    let line = fill(
        T::WizardReading.text(lang),
        &[
            &description.encoding,
            &description.delimiter,
            &description.date_order,
            &description.date_order_source,
        ],
    );
    frame.render_widget(
        Paragraph::new(line).style(look.theme.style("prompt")),
        reading,
    );
    // Fields found or required, then the unknown headers, in as many columns as fit.
    let mut cells: Vec<Span> = description
        .fields
        .iter()
        .filter(|f| f.found || f.required)
        .map(|f| match &f.header {
            Some(h) => Span::raw(format!("{} ← {}", f.field, sanitize(h))),
            None => Span::styled(
                format!("{} ← {}", f.field, T::WizardMissing.text(lang)),
                look.theme.style("status.error"),
            ),
        })
        .collect();
    if !description.unknown_headers.is_empty() {
        let unknown: Vec<String> = description
            .unknown_headers
            .iter()
            .map(|h| sanitize(h).into_owned())
            .collect();
        cells.push(Span::styled(
            fill(T::WizardUnknown.text(lang), &[&unknown.join(", ")]),
            look.theme.style("muted"),
        ));
    }
    let columns = (mapping.width / 32).max(1) as usize;
    let lines: Vec<Line> = cells
        .chunks(columns)
        .map(|chunk| {
            Line::from(
                chunk
                    .iter()
                    .flat_map(|s| [s.clone(), Span::raw("   ")])
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), mapping);
    let sample_rows: Vec<Row> = rows
        .iter()
        .map(|(line, values)| {
            let mut cells = vec![Cell::from(format!("{line}"))];
            cells.extend(values.iter().map(|v| Cell::from(sanitize(v).into_owned())));
            Row::new(cells)
        })
        .collect();
    let width = rows.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let mut widths = vec![Constraint::Length(4)];
    widths.extend(std::iter::repeat_n(Constraint::Fill(1), width));
    frame.render_widget(
        Table::new(sample_rows, widths).style(look.theme.style("muted")),
        sample,
    );
}

/// The file's name without its folder, for titles.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
