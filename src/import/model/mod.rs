//! The imports' pure side: no SQL, no terminal. `decode` (encoding, delimiter, records),
//! `fields` (the canonical fields, their synonyms, the header mapping), `dates` (birth dates,
//! date order, school years), `validate` (one row), `report` (a run's outcome), `guard` (how
//! many people a run may mark inactive).

pub mod dates;
pub mod decode;
pub mod fields;
pub mod guard;
pub mod report;
pub mod validate;
