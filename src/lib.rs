//! Intendant: the operations desk of schools and universities, in a terminal.
//!
//! One binary over one PostgreSQL database.
//!
//! - `config` decides where the database is and which language, keymap and theme; `cli` is
//!   what every command shares (the shell's settings, exit codes), `cli_help` its `--help`
//!   in French; `main.rs` parses the command line and hands each subcommand to its
//!   feature's `cli`.
//! - `db` connects, migrates (`sql/`), listens for changes and cancels what the user left.
//! - `session` is who is connected; `output` is the one sanitiser and the CLI's printing;
//!   `i18n` the one catalogue of French and English strings.
//! - Features, each with `model/` (pure), `store` (SQL), `ui/` (its screen) and `cli`:
//!   `booking` (rooms and the planning), `import` (CSV imports of people), `correlation`
//!   (directory accounts against the official lists), `users`; `setup` loads and dumps the
//!   installation's structure; `demo` makes the demo school; `mail` delivers the outbox
//!   (`intendant worker`).
//! - `admin`: administration (sites, areas, rooms, types, the calendar, rights, users, settings,
//!   logins, the kiosk) through SQL functions that check who asks, and its screen (F8).
//! - `campaign`: certificate campaigns; so far their rules (`campaign::model`).
//! - `tui` is the full-screen shell: the event loop, layers, keymap, theme, widgets, and the
//!   router that is the only place it meets the features.
#![forbid(unsafe_code)]

pub mod admin;
pub mod booking;
pub mod campaign;
pub mod cli;
pub mod cli_help;
pub mod config;
pub mod correlation;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod import;
pub mod logging;
pub mod mail;
pub mod output;
pub mod session;
pub mod setup;
pub mod tui;
pub mod users;
