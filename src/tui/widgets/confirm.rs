//! A yes/no question in a frame over the screen: the question (made safe by the caller),
//! the keys that answer it at the bottom.

use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::frame::{centered, framed};
use crate::tui::theme::Theme;

pub fn draw(theme: &Theme, title: &str, question: &str, keys: &str, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 72, 5);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(question.to_owned())
            .block(framed(theme, title, keys))
            .wrap(Wrap { trim: true }),
        rect,
    );
}
