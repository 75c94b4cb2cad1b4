//! Room and equipment booking (GRR, seeds 001 and 003).
//!
//! So far only the pure core: `repeat` expands a periodic booking into occurrences in the
//! installation's local time. The schema, rules, rights, store and views come with the rest
//! of the booking issue.

pub mod repeat;
