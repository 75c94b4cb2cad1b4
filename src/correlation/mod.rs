//! Correlating directory accounts with the official people lists (OMICO, seed 004).
//!
//! Pure: `ldif` reads and writes RFC 2849, `normalize` compares names, dates and numbers,
//! `directory` reads accounts out of entries, `cascade` makes the automatic pairs, `suggest`
//! proposes candidates for the rest, `apply` writes the backup and the change set, `text`
//! is what the commands print for a person, `local` reads the file of local accounts.

pub mod apply;
pub mod cascade;
pub mod cli;
pub mod directory;
pub mod ldif;
pub mod local;
pub mod normalize;
pub mod pane;
pub mod store;
pub mod suggest;
pub mod text;
pub mod view;
