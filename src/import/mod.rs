//! Student and staff imports (seed 000): CSV exports of a school information system become
//! `person` rows, the official sources the correlation matches directory accounts against.
//!
//! Pure: `decode` (encoding, delimiter, records), `fields` (canonical fields and their
//! synonyms, header mapping), `dates` (birth dates, date order, school years), `validate`
//! (one row), `report`, `guard` (how many people a run may mark inactive). IO: `run` (the two passes and the transaction), `store` (SQL),
//! `people` (listing), `drop` (the drop folder), `cli` (progress bar); TUI: `wizard` (state)
//! and `view`.

pub mod cli;
pub mod dates;
pub mod decode;
pub mod drop;
pub mod fields;
pub mod guard;
pub mod people;
pub mod report;
pub mod run;
pub mod store;
pub mod validate;
pub mod view;
pub mod wizard;
