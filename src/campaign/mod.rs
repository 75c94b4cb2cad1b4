//! Certificate campaigns ("attestations de réussite"): for a year, a faculty and a diploma
//! version, each candidate's verdict from the results, and a PDF certificate for those admitted.
//! Delivery (mail, Digiposte) and the screen come next.
//!
//! - `model`: pure, unit-tested — which diplomas are offered, the verdict from the results, the
//!   candidate's state, the official diploma label.
//! - `pdf`: the certificate as a PDF (krilla), from the template's layout.
//! - `store`: making a campaign, deciding its candidates (a run), listing them.
//! - `cli`: `intendant campaign new|list|show|run|pdf|import|signatory`.
//! - `apogee`: the extracts straight from Apogée (oracle_fdw's foreign tables), for a DBA.
//! - `sql/0032_campaign.sql`: the extracts (years, faculties, diplomas, steps, students,
//!   enrolments, results, blockings, faculty rights), the signatory, campaigns and candidates,
//!   each user acting only on her faculties.

pub mod apogee;
pub mod cli;
pub mod model;
pub mod pdf;
pub mod store;
