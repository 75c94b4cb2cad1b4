//! Certificate campaigns ("attestations de réussite"): for a year, a faculty and a diploma
//! version, each candidate's verdict from the results, and a PDF certificate for those admitted.
//! So far the rules alone (issue 17, part 1, first step):
//!
//! - `model`: pure, unit-tested — which diplomas are offered, the verdict from the results, the
//!   candidate's state, the official diploma label.

pub mod model;
