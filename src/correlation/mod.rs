//! Correlating directory (LDAP) accounts with the official people lists.
//!
//! - `model/` is pure: LDIF, accounts, name comparison, the automatic cascade, suggestions,
//!   the change set.
//! - `store` is the SQL: snapshots, links, decisions, the state a session works on.
//! - `ui/` is the correlation screen: `pane` (both columns, marks, filters, undo), the
//!   screen's `update`, `effects` (each decision written), `view`.
//! - `cli` is `intendant correlate …` and `intendant import ldif|local`; `text` is what the
//!   commands print for a person.

pub mod cli;
pub mod model;
pub mod store;
pub mod text;
pub mod ui;
