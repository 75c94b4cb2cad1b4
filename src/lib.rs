//! Intendant: the operations desk of schools and universities, in a terminal.
//!
//! One binary over one PostgreSQL database. `config` decides where the database is; `db`
//! connects, migrates and listens; `tui` is the full-screen shell; each feature folder
//! (`users`, later `booking`, `import`, `correlation`, `campaign`, `mail`) holds its pure
//! model, its SQL store and its views. `main.rs` parses the command line and dispatches.
#![forbid(unsafe_code)]

pub mod booking;
pub mod cli;
pub mod config;
pub mod correlation;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod import;
pub mod logging;
pub mod output;
pub mod session;
pub mod setup;
pub mod tui;
pub mod users;
