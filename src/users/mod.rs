//! Users of this installation (`app_user`) and the Users screen.
//!
//! `model` is pure (a row, its search), `store` the SQL, `ui/` the screen (a list with a
//! search). Who is connected is `crate::session`.

pub mod model;
pub mod store;
pub mod ui;
