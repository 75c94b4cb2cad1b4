//! Administration: what GRR's admin pages do, through SQL functions that check who asks
//! (`sql/0022_admin_calendar_types.sql`), so the app, the command line and psql meet the same
//! rights. Booking types, days without bookings, cycle days, users and their logins, the
//! installation's settings, the connection log, sites, areas, rooms, fields and rights
//! (`sql/0026_admin_structure.sql`), logins disabled.
//!
//! - `model`: the checks the command line makes first (pure).
//! - `store`: the calls to the admin functions, and the lists they read.
//! - `cli`: `intendant admin site|area|room|field|right|type|blocked|cycle|user|setting|logins …`.
//! - `ui`: the Administration screen (F8).

pub mod cli;
pub mod model;
pub mod store;
pub mod ui;
