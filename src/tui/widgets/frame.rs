//! An overlay's frame, centring a box in an area, and cutting text to a width.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::theme::Theme;

/// An overlay's frame: its title on top, its keys at the bottom.
pub fn framed<'a>(theme: &Theme, title: &'a str, footer: &'a str) -> Block<'a> {
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

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}
