//! Administration: what GRR's admin pages do, through SQL functions that check who asks
//! (`sql/0022_admin_calendar_types.sql`), so the app, the command line and psql meet the same
//! rights. So far: booking types, days without bookings, cycle days, users and their logins,
//! the installation's settings, the connection log, a room's fields by who may change them.
//!
//! - `model`: the checks the command line makes first (pure).
//! - `store`: the calls to the admin functions, and the lists they read.
//! - `cli`: `intendant admin type|blocked|cycle …`.

pub mod cli;
pub mod model;
pub mod store;
