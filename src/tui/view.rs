//! Drawing the shell: header, body, status line, overlays. Reads the state, changes nothing.

use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::app::{App, ConnState, Level, Overlay, Screen, MIN_HEIGHT, MIN_WIDTH};
use super::help::{self, HelpLine};
use super::keymap::{Action, Context};
use crate::i18n::{fill, short_datetime, T};
use crate::output::sanitize;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(app, frame, area);
        return;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, frame, header);
    match app.screen {
        Screen::Planning => {
            let look = crate::booking::view::Look {
                lang: app.lang,
                theme: &app.theme,
                keymap: &app.keymap,
                tz: app.timezone(),
                today: app.now.with_timezone(&app.timezone()).date_naive(),
            };
            crate::booking::view::draw(&app.planning, &look, frame, body);
            crate::booking::overlays::draw(
                &app.planning_overlay,
                &app.planning,
                &look,
                frame,
                body,
            );
        }
        Screen::Correlation => {
            crate::correlation::view::draw(&app.correlation, app.lang, &app.theme, frame, body)
        }
        Screen::Users => crate::users::view::draw(&app.users, app.lang, &app.theme, frame, body),
        Screen::Imports => {
            let look = crate::import::view::Look {
                lang: app.lang,
                theme: &app.theme,
                keymap: &app.keymap,
                tz: app.timezone(),
            };
            crate::import::view::draw(&app.imports, &look, frame, body);
        }
    }
    draw_status(app, frame, status);
    match &app.overlay {
        Overlay::Help { scroll } => draw_help(app, *scroll, frame, area),
        Overlay::Palette(palette) => draw_palette(app, palette, frame, area),
        Overlay::None | Overlay::Search { .. } => {}
    }
}

fn draw_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = fill(
        T::TooSmall.text(app.lang),
        &[&MIN_WIDTH, &MIN_HEIGHT, &area.width, &area.height],
    );
    let lines = (text.width() as u16).div_ceil(area.width.max(1)).max(1);
    let [middle] = Layout::vertical([Constraint::Length(lines)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(app.theme.style("status.warn")),
        middle,
    );
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let theme = &app.theme;
    // Site › area › room: where the planning is (and will open next time).
    let area_info = app.planning.area_info();
    let mut selector = match area_info {
        Some(a) => format!("│ {} › {} ", sanitize(&a.site), sanitize(&a.name)),
        None => format!(
            "│ {}: {} › {}: {} ",
            T::Site.text(lang),
            T::NoneYet.text(lang),
            T::Area.text(lang),
            T::NoneYet.text(lang)
        ),
    };
    if let Some(room) = app.planning.room_info() {
        selector.push_str(&format!("› {} ", sanitize(&room.name)));
    }
    let mut left = vec![
        Span::styled(
            format!(" {} ", T::AppName.text(lang)),
            theme.style("header.title"),
        ),
        Span::styled(selector, theme.style("header")),
    ];
    let local = app.now.with_timezone(&app.timezone());
    let (name, status) = match &app.session {
        Some(s) => (
            sanitize(
                s.display_name
                    .as_deref()
                    .filter(|n| !n.is_empty())
                    .unwrap_or(&s.login),
            )
            .into_owned(),
            s.status
                .map(|st| st.label(lang))
                .unwrap_or(T::StatusUnknown.text(lang))
                .to_owned(),
        ),
        None => (String::new(), String::new()),
    };
    // The widest variant that leaves the site and area selector whole.
    let compact = local.format("%d/%m %H:%M").to_string();
    let variants = [
        (format!("{name} ({status})"), short_datetime(&local, lang)),
        (format!("{name} ({status})"), compact.clone()),
        (name, compact.clone()),
        (String::new(), compact),
    ];
    let left_width: usize = left.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(left_width);
    let (who, when) = variants
        .iter()
        .find(|(who, when)| who.width() + when.width() + 5 <= room)
        .unwrap_or(&variants[3]);
    let right = Line::from(vec![
        Span::styled(who.as_str(), theme.style("header.user")),
        Span::styled(format!(" │ {when} "), theme.style("header")),
    ]);
    let right_width = right.width();
    // The installation's name only where it fits whole.
    if let Some(site) = &app
        .session
        .as_ref()
        .map(|s| sanitize(&s.site_name).into_owned())
    {
        if left_width + site.width() + 3 + right_width <= area.width as usize {
            left.push(Span::styled(format!("│ {site}"), theme.style("header")));
        }
    }
    frame.render_widget(Block::default().style(theme.style("header")), area);
    let [l, r] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length((right_width as u16).min(area.width)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), l);
    frame.render_widget(Paragraph::new(right), r);
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let theme = &app.theme;
    let spin = SPINNER[app.spinner % SPINNER.len()];
    let conn = match app.conn {
        ConnState::Online => Span::styled(
            format!(" ● {} ", T::Connected.text(lang)),
            theme.style("status.online"),
        ),
        ConnState::Connecting => Span::styled(
            format!(" {spin} {} ", T::Connecting.text(lang)),
            theme.style("status.offline"),
        ),
        ConnState::Reconnecting => Span::styled(
            format!(" {spin} {} ", T::Reconnecting.text(lang)),
            theme.style("status.offline"),
        ),
    };
    let mut left = vec![conn, Span::styled(" ", theme.style("status"))];
    if let Overlay::Search { query } = &app.overlay {
        left.push(Span::styled(
            T::SearchPrompt.text(lang),
            theme.style("status.hint"),
        ));
        left.push(Span::styled(
            format!("{}▏", sanitize(query)),
            theme.style("status"),
        ));
    } else if !app.pending_keys().is_empty() {
        let keys: Vec<String> = app.pending_keys().iter().map(|k| k.to_string()).collect();
        left.push(Span::styled(keys.join(" "), theme.style("status.hint")));
    } else if let Some(m) = &app.message {
        let style = match m.level {
            Level::Info => "status.info",
            Level::Warn => "status.warn",
            Level::Error => "status.error",
        };
        left.push(Span::styled(
            format!(" {} ", sanitize(&m.text)),
            theme.style(style),
        ));
    }
    let left = Line::from(left);
    let mut right = Vec::new();
    if app.is_busy() {
        right.push(Span::styled(format!("{spin} "), theme.style("status.hint")));
    }
    let hint = |action: Action| {
        app.keymap
            .keys_for(Context::Global, action)
            .unwrap_or_default()
    };
    let hints = format!(
        "{} {} · {} {} ",
        hint(Action::Help),
        T::HintHelp.text(lang),
        hint(Action::Palette),
        T::HintCommands.text(lang)
    );
    // A message wins over the key hints when both do not fit.
    if left.width() + hints.width() < area.width as usize {
        right.push(Span::styled(hints, theme.style("status.hint")));
    }
    let right = Line::from(right);
    frame.render_widget(Block::default().style(theme.style("status")), area);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right.width() as u16)])
        .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), r);
}

pub(crate) fn overlay_block<'a>(app: &App, title: &'a str, footer: &'a str) -> Block<'a> {
    framed(&app.theme, title, footer)
}

/// An overlay's frame: its title on top, its keys at the bottom.
pub(crate) fn framed<'a>(
    theme: &super::theme::Theme,
    title: &'a str,
    footer: &'a str,
) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("overlay.border"))
        .style(theme.style("overlay"))
        .title(Span::styled(
            format!(" {title} "),
            theme.style("overlay.title"),
        ))
        .title_bottom(
            Line::from(Span::styled(
                format!(" {footer} "),
                theme.style("overlay.border"),
            ))
            .right_aligned(),
        )
}

pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

fn draw_help(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let lines = help::lines(&app.keymap, app.lang);
    let key_width = lines
        .iter()
        .filter_map(|l| match l {
            HelpLine::Entry { keys, .. } => Some(keys.width()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let rect = centered(
        area,
        (area.width * 4 / 5).max(70),
        area.height.saturating_sub(4),
    );
    let block = overlay_block(
        app,
        T::HelpTitle.text(app.lang),
        T::HelpFooter.text(app.lang),
    );
    let theme = &app.theme;
    let text: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .map(|l| match l {
            HelpLine::Section(title) => {
                Line::from(Span::styled(*title, theme.style("overlay.section")))
            }
            HelpLine::Blank => Line::from(""),
            HelpLine::Entry { keys, description } => Line::from(vec![
                Span::styled(
                    format!("  {keys:<key_width$}  "),
                    theme.style("overlay.key"),
                ),
                Span::styled(*description, theme.style("overlay")),
            ]),
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(text).block(block), rect);
}

fn draw_palette(app: &App, palette: &super::palette::Palette, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let theme = &app.theme;
    let entries = palette.entries(lang);
    let height = (entries.len() as u16 + 4).clamp(6, area.height.saturating_sub(4));
    let rect = centered(area, 64, height);
    let block = overlay_block(app, T::PaletteTitle.text(lang), T::PalettePrompt.text(lang));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(": ", theme.style("prompt")),
            Span::styled(
                format!("{}▏", sanitize(&palette.query)),
                theme.style("overlay"),
            ),
        ])),
        input,
    );
    if entries.is_empty() {
        frame.render_widget(
            Paragraph::new(T::PaletteEmpty.text(lang)).style(theme.style("muted")),
            list,
        );
        return;
    }
    let items: Vec<ListItem> = entries
        .iter()
        .map(|a| {
            let keys = Context::ALL
                .iter()
                .find_map(|c| app.keymap.keys_for(*c, *a))
                .unwrap_or_default();
            ListItem::new(Line::from(vec![
                Span::styled(format!("{:<16}", a.name()), theme.style("overlay.key")),
                Span::styled(
                    format!("{:<32}", a.description().text(lang)),
                    theme.style("overlay"),
                ),
                Span::styled(keys, theme.style("muted")),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(palette.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme.style("overlay.selected"))
            .style(Style::default()),
        list,
        &mut state,
    );
}
