//! Room and equipment booking (GRR, seeds 001 and 003).
//!
//! Pure: `repeat` expands a periodic booking into occurrences in the installation's local
//! time, `rule_json` is a rule's stored and typed form, `refusal` turns the database's refusals
//! into sentences, `limits` says how long each text may be. `store` calls the write-path functions of sql/0004, which hold every rule
//! and right; `cli` is `intendant booking …`.

pub mod bbcode;
pub mod cli;
pub mod form;
pub mod limits;
pub mod overlays;
pub mod pane;
pub mod plan;
pub mod plan_store;
pub mod refusal;
pub mod repeat;
pub mod rule_json;
pub mod store;
pub mod view;
