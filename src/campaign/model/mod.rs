//! The campaign rules, apart from SQL and the terminal (seed: the university tool's "règles de
//! gestion"), each in one place:
//!
//! - `offer`: the diploma versions a campaign may be made for.
//! - `verdict`: admitted, not admitted or no verdict, from the admission results.
//! - `state`: what becomes of a candidate (blocked, to generate, sent…).
//! - `label`: the official diploma label, put together from its parts.
//! - `certificate`: the certificate's page laid out from its template (wrapping, centring).
//! - `extract`: the columns of each CSV extract, and a line read into typed values.

pub mod certificate;
pub mod extract;
pub mod label;
pub mod offer;
pub mod state;
pub mod verdict;
