//! Drawing the shell: header, body, status line, overlays. Reads the state, changes nothing.

use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::app::{App, ConnState, Level, MIN_HEIGHT, MIN_WIDTH};
use super::help::{self, HelpLine};
use super::keymap::{Action, Context};
use super::layers::Layer;
use super::widgets::frame::{centered, fit, framed};
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
    app.screens.draw(app.page, &app.base.cx(), frame, body);
    draw_status(app, frame, status);
    for layer in &app.layers {
        match layer {
            Layer::Help { scroll } => draw_help(app, *scroll, frame, area),
            Layer::Palette(palette) => draw_palette(app, palette, frame, area),
            Layer::AskQuit => draw_ask_quit(app, frame, area),
            Layer::Search(_) => {}
        }
    }
}

fn draw_ask_quit(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.base.lang;
    let key = |a| {
        app.base
            .keymap
            .keys_for(Context::Confirm, a)
            .unwrap_or_default()
    };
    let keys = fill(
        T::QuitKeys.text(lang),
        &[&key(Action::Yes), &key(Action::No)],
    );
    super::widgets::confirm::draw(
        &app.base.theme,
        T::QuitTitle.text(lang),
        T::QuitAsk.text(lang),
        &keys,
        frame,
        area,
    );
}

fn draw_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = fill(
        T::TooSmall.text(app.base.lang),
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
            .style(app.base.theme.style("status.warn")),
        middle,
    );
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.base.lang;
    let theme = &app.base.theme;
    // Site › area › room: where the planning is (and will open next time); shorter forms drop
    // the site, then the area, before the user's name goes.
    let places: Vec<String> = match app.screens.place() {
        Some((site, area, room)) => {
            let (site, area) = (sanitize(&site), sanitize(&area));
            let room = room.map(|r| sanitize(&r).into_owned());
            let tail = room.map(|r| format!("› {r} ")).unwrap_or_default();
            let mut forms = vec![
                format!("│ {site} › {area} {tail}"),
                format!("│ {area} {tail}"),
            ];
            if !tail.is_empty() {
                forms.push(format!("│ {}", &tail["› ".len()..]));
            }
            forms
        }
        None => vec![format!(
            "│ {}: {} › {}: {} ",
            T::Site.text(lang),
            T::NoneYet.text(lang),
            T::Area.text(lang),
            T::NoneYet.text(lang)
        )],
    };
    let title = format!(" {} ", T::AppName.text(lang));
    let local = app.base.now.with_timezone(&app.base.timezone());
    let (name, status) = match &app.base.session {
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
    // The widest variant that keeps the place whole; else a shorter place with the user's name;
    // else the place cut, and the time alone.
    let compact = local.format("%d/%m %H:%M").to_string();
    let variants = [
        (format!("{name} ({status})"), short_datetime(&local, lang)),
        (format!("{name} ({status})"), compact.clone()),
        (name, compact.clone()),
        (String::new(), compact),
    ];
    let width = area.width as usize;
    let fits = |(who, when): &(String, String), place: &String| {
        title.width() + place.width() + who.width() + when.width() + 5 <= width
    };
    let chosen = places.iter().find_map(|place| {
        variants[..3]
            .iter()
            .find(|v| fits(v, place))
            .map(|v| (place, v))
    });
    let (selector, (who, when)) =
        chosen.unwrap_or((places.last().unwrap_or(&places[0]), &variants[3]));
    let room_for_place = width.saturating_sub(title.width() + who.width() + when.width() + 5);
    let mut left = vec![
        Span::styled(title.clone(), theme.style("header.title")),
        Span::styled(fit(selector, room_for_place), theme.style("header")),
    ];
    let left_width: usize = left.iter().map(|s| s.width()).sum();
    let right = Line::from(vec![
        Span::styled(who.as_str(), theme.style("header.user")),
        Span::styled(format!(" │ {when} "), theme.style("header")),
    ]);
    let right_width = right.width();
    // The installation's name only where it fits whole.
    if let Some(site) = &app
        .base
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
    let lang = app.base.lang;
    let theme = &app.base.theme;
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
    if let Some(Layer::Search(input)) = app.layers.last() {
        left.push(Span::styled(
            T::SearchPrompt.text(lang),
            theme.style("status.hint"),
        ));
        left.push(Span::styled(input.shown(), theme.style("status")));
    } else if !app.pending_keys().is_empty() {
        let keys: Vec<String> = app.pending_keys().iter().map(|k| k.to_string()).collect();
        left.push(Span::styled(keys.join(" "), theme.style("status.hint")));
    } else {
        // An active `/` filter is always said, so an emptier screen is never a mystery.
        if let Some(filter) = app.screens.search_text(app.page).filter(|f| !f.is_empty()) {
            left.push(Span::styled(
                format!("/{} ", sanitize(&filter)),
                theme.style("status.hint"),
            ));
        }
        if let Some(m) = &app.message {
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
    }
    let left = Line::from(left);
    let mut right = Vec::new();
    if let Some(dead) = app
        .base
        .session
        .as_ref()
        .map(|s| s.dead_letters)
        .filter(|n| *n > 0)
    {
        // Said whenever the message leaves room for it.
        let said = format!(
            "{} ",
            T::MailStatusDead
                .text(lang)
                .replace("{0}", &dead.to_string())
        );
        if left.width() + said.width() < area.width as usize {
            right.push(Span::styled(said, theme.style("status.error")));
        }
    }
    if app.is_busy() {
        right.push(Span::styled(format!("{spin} "), theme.style("status.hint")));
    }
    let hint = |action: Action| {
        app.base
            .keymap
            .keys_for(Context::Global, action)
            .unwrap_or_default()
    };
    let hints = match &app.kiosk {
        Some(k) => format!(
            "{} ",
            fill(
                T::KioskStatus.text(lang),
                &[&k.every.num_seconds(), &hint(Action::Quit)]
            )
        ),
        None => format!(
            "{} {} · {} {} ",
            hint(Action::Help),
            T::HintHelp.text(lang),
            hint(Action::Palette),
            T::HintCommands.text(lang)
        ),
    };
    // A message wins over the key hints when both do not fit.
    let taken: usize = right.iter().map(|s| s.width()).sum();
    if left.width() + taken + hints.width() < area.width as usize {
        right.push(Span::styled(hints, theme.style("status.hint")));
    }
    let right = Line::from(right);
    frame.render_widget(Block::default().style(theme.style("status")), area);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(right.width() as u16)])
        .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), r);
}

fn draw_help(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let lines = help::lines(&app.base.keymap, app.base.lang);
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
    let block = framed(
        &app.base.theme,
        T::HelpTitle.text(app.base.lang),
        T::HelpFooter.text(app.base.lang),
    );
    let theme = &app.base.theme;
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
                Span::styled(description.as_str(), theme.style("overlay")),
            ]),
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(text).block(block), rect);
}

fn draw_palette(app: &App, palette: &super::palette::Palette, frame: &mut Frame, area: Rect) {
    let lang = app.base.lang;
    let theme = &app.base.theme;
    let entries = palette.entries(lang);
    let height = (entries.len() as u16 + 4).clamp(6, area.height.saturating_sub(4));
    let rect = centered(area, 64, height);
    let block = framed(
        &app.base.theme,
        T::PaletteTitle.text(lang),
        T::PalettePrompt.text(lang),
    );
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
                .find_map(|c| app.base.keymap.keys_for(*c, *a))
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
    let mut state = ListState::default().with_selected(Some(palette.cursor.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme.style("overlay.selected"))
            .style(Style::default()),
        list,
        &mut state,
    );
}
