//! Mail that is never lost. The rules queue mails in `outbox` in the same transaction as the
//! change they tell of; this delivers them.
//!
//! - `model/` (pure): `template` (a file per kind and language, overridable), `letter` (who is
//!   sent what, or skipped and why; Message-IDs), `ics` (the calendar part), `settings` (where
//!   mail goes: database settings, the config file's `[mail]`, the password).
//! - `store`: the outbox's SQL (take, record, list, retry); the rules are `sql/0020_mail.sql`.
//! - `smtp`: lettre, and each letter's fate (sent, refused for good, failed for now).
//! - `worker`: `intendant worker`, rounds of delivery woken by NOTIFY and a poll.
//! - `ui/`: the Mail screen (administrators): the outbox, and a retry with one key.
//! - `cli`: `intendant worker`, `intendant mail test|list|retry`.

pub mod cli;
pub mod model;
pub mod smtp;
pub mod store;
pub mod ui;
pub mod worker;
