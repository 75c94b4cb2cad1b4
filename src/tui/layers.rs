//! The shell's own layers, over every screen: the help, the command palette, the `/`
//! search line, and "leave without saving?". Each gets its keys through its own keymap
//! context; `Esc` (and `q` where nothing is typed) closes it.

use crossterm::event::KeyEvent;

use super::app::{App, Cmd};
use super::help;
use super::keymap::{Action, Context, Key, Resolution};
use super::palette::Palette;
use super::screen::{KeyIn, Search};
use super::widgets::input::{Edit, TextInput};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layer {
    Help {
        scroll: usize,
    },
    Palette(Palette),
    Search(TextInput),
    /// A form holds unsaved text and the user asked to leave.
    AskQuit,
}

impl From<String> for TextInput {
    fn from(text: String) -> TextInput {
        TextInput::new(text)
    }
}

impl App {
    fn resolve(&self, context: Context, key: Key) -> Option<Action> {
        match self
            .base
            .keymap
            .resolve(&[context, Context::Global], &[], key)
        {
            Resolution::Action(a) => Some(a),
            _ => None,
        }
    }

    pub(super) fn layer_key(&mut self, event: KeyEvent, key: Key, typed: Option<char>) -> Vec<Cmd> {
        let page = self.page;
        let context = match self.layers.last() {
            Some(Layer::Palette(_)) => Context::Palette,
            Some(Layer::Help { .. }) => Context::Help,
            Some(Layer::AskQuit) => Context::Confirm,
            Some(Layer::Search(_)) | None => Context::Global,
        };
        let action = self.resolve(context, key);
        let total = help::lines(&self.base.keymap, self.base.lang).len();
        let page_rows = self.base.size.1.saturating_sub(8).max(1) as usize;
        let lang = self.base.lang;
        let Some(top) = self.layers.last_mut() else {
            return Vec::new();
        };
        match top {
            Layer::Palette(palette) => {
                if let Some(c) = typed {
                    palette.type_char(c);
                    return Vec::new();
                }
                if event.code == crossterm::event::KeyCode::Backspace {
                    palette.backspace();
                    return Vec::new();
                }
                match action {
                    Some(Action::Cancel) => {
                        self.layers.pop();
                    }
                    Some(Action::Up) => palette.move_by(-1),
                    Some(Action::Down) => palette.move_by(1),
                    Some(Action::Confirm) => {
                        let chosen = palette.chosen(lang);
                        self.layers.pop();
                        if let Some(action) = chosen {
                            return self.perform(action);
                        }
                    }
                    Some(Action::Quit) => self.quit(),
                    _ => {}
                }
            }
            Layer::Search(input) => {
                let key_in = KeyIn {
                    event,
                    action: None,
                    typed,
                };
                let search = match input.key(&key_in) {
                    Edit::Changed => Search::Typing(input.text.clone()),
                    Edit::Done(text) => {
                        self.layers.pop();
                        Search::Done(text)
                    }
                    Edit::Cancelled => {
                        self.layers.pop();
                        Search::Cleared
                    }
                    Edit::Ignored => {
                        if action == Some(Action::Quit) {
                            self.quit();
                        }
                        return Vec::new();
                    }
                };
                self.screens.search(page, &self.base.cx(), search);
            }
            Layer::Help { scroll } => {
                let max = total.saturating_sub(page_rows);
                match action {
                    Some(Action::Cancel | Action::Help) => {
                        self.layers.pop();
                    }
                    // `q` closes the help; Ctrl-C leaves.
                    Some(Action::Quit) if typed.is_some() => {
                        self.layers.pop();
                    }
                    Some(Action::Quit) => self.quit(),
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Action::Down) => *scroll = (*scroll + 1).min(max),
                    Some(Action::PageUp | Action::HalfPageUp) => {
                        *scroll = scroll.saturating_sub(page_rows)
                    }
                    Some(Action::PageDown | Action::HalfPageDown) => {
                        *scroll = (*scroll + page_rows).min(max)
                    }
                    _ => {}
                }
            }
            Layer::AskQuit => match action {
                // Ctrl-C twice leaves, as in a shell.
                Some(Action::Yes) => self.should_quit = true,
                Some(Action::Quit) if typed.is_none() => self.should_quit = true,
                Some(Action::No | Action::Cancel | Action::Quit) => {
                    self.layers.pop();
                }
                _ => {}
            },
        }
        Vec::new()
    }
}
