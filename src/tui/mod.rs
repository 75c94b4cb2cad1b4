//! The full-screen shell. It knows no feature: screens plug in through `router`.
//!
//! - `run`: the event loop (terminal, input, signals, ticks, NOTIFY) and the effects runner;
//!   `pace`: when a changed screen is drawn (held a moment while its data are read).
//! - `app`: the shell's state and `update` (messages in, commands out); `layers`: its own
//!   layers (help, palette, search, "leave?").
//! - `screen`: what a feature's screen is to the shell (`Screen`, `Ctx`, `Out`); `base`:
//!   what the shell keeps for every screen (language, look, keys, clock, session).
//! - `router`: the screens, and their messages and commands wrapped; the only file that
//!   names a feature.
//! - `job`: "latest request wins", for every load.
//! - `view`: header, status line and the shell's layers, drawn.
//! - `widgets/`: the list cursor, the text input, the confirm dialog, frames.
//! - `keymap`, `theme`, `help`, `palette`, `terminal`, `start`.
//!
//! Text from data passes `crate::output::sanitize` before it is drawn.

pub mod app;
pub mod base;
pub mod help;
pub mod job;
pub mod keymap;
pub mod layers;
pub mod pace;
pub mod palette;
pub mod router;
pub mod run;
pub mod screen;
pub mod start;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;
