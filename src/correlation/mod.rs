//! Correlating directory accounts with the official people lists (OMICO, seed 004).
//!
//! Pure: `ldif` reads and writes RFC 2849, `normalize` compares names, dates and numbers,
//! `cascade` makes the automatic pairs, `suggest` proposes candidates for the rest.

pub mod cascade;
pub mod ldif;
pub mod normalize;
pub mod suggest;
