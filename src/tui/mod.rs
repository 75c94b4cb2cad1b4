//! The full-screen shell.
//!
//! `run` owns the terminal and the loop; `app` holds the state and its `update` (messages in,
//! commands out); `view` draws it; `keymap` and `theme` load the user's files; `help` and
//! `palette` are the two overlays (text from data passes `crate::output::sanitize`);
//! `terminal` enters and restores the screen; `planning_cmd` runs the planning's writes.

pub mod app;
pub mod help;
pub mod keymap;
pub mod palette;
pub mod planning_cmd;
pub mod run;
pub mod start;
pub mod terminal;
pub mod theme;
pub mod view;
