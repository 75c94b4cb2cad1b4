//! Student and staff imports: CSV exports of a school information system become `person`
//! rows, the official lists the correlation matches directory accounts against.
//!
//! - `model/` is pure (decoding, fields and mappings, dates, row checks, the report, the
//!   deactivation guard).
//! - `run` reads a file in two passes and writes it in one transaction; `store` is the SQL;
//!   `people` lists persons; `drop` watches the drop folder.
//! - `ui/` is the Imports screen: the runs list and the wizard (`wizard` is its state,
//!   `effects` runs its commands, `view` draws).
//! - `cli` is `intendant import …` and `intendant people …`.

pub mod cli;
pub mod drop;
pub mod model;
pub mod people;
pub mod run;
pub mod store;
pub mod ui;
