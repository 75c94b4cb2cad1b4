//! One line of typed text (a date to go to, a refusal's reason, a mapping's name, a search):
//! characters, Backspace, Enter to accept, Esc to give up.

use crossterm::event::KeyCode;

use crate::tui::keymap::Action;
use crate::tui::screen::KeyIn;

/// Down (Tab) and Up move among a form's `count` fields, round; true when the key moved.
pub fn move_focus(focus: &mut usize, count: usize, action: Option<Action>) -> bool {
    match action {
        Some(Action::Down) if count > 0 => *focus = (*focus + 1) % count,
        Some(Action::Up) if count > 0 => *focus = (*focus + count - 1) % count,
        _ => return false,
    }
    true
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
}

/// What a key did to the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Changed,
    /// Enter: the text as typed.
    Done(String),
    Cancelled,
    Ignored,
}

impl TextInput {
    pub fn new(text: impl Into<String>) -> TextInput {
        TextInput { text: text.into() }
    }

    pub fn key(&mut self, key: &KeyIn) -> Edit {
        match (key.typed, key.event.code) {
            (Some(c), _) => {
                self.text.push(c);
                Edit::Changed
            }
            (None, KeyCode::Backspace) => {
                self.text.pop();
                Edit::Changed
            }
            (None, KeyCode::Enter) => Edit::Done(std::mem::take(&mut self.text)),
            (None, KeyCode::Esc) => Edit::Cancelled,
            _ => Edit::Ignored,
        }
    }

    /// The text with a cursor after it, made safe to draw.
    pub fn shown(&self) -> String {
        format!("{}▏", crate::output::sanitize(&self.text))
    }
}
