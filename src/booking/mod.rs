//! Room and equipment booking (GRR): the planning screen, its writes, `intendant booking …`.
//!
//! - `model/` is pure: `plan` (areas, rooms, slots, the grid's places), `repeat` (a repeat
//!   choice into occurrences, in local time), `rule_json` (a rule's stored form), `refusal`
//!   (the database's refusals as sentences), `limits` (how long each text may be), `bbcode`.
//! - `store` writes through the SQL functions that hold every rule and right (sql/0004,
//!   0007); `plan_store` reads what the planning shows (structure, a range of bookings, a
//!   booking's history, the moderation queue) and keeps the user's place.
//! - `ui/` is the planning screen: its state and layers, `update` (keys and replies in,
//!   commands out), `effects` (commands run against the database), and drawing.
//! - `cli` is `intendant booking …` and `intendant tasks …`.
//!
//! A key travels: `tui::app` resolves it in the screen's keymap context → `ui::State::key`
//! changes the state or returns a `ui::Cmd` → `ui::effects::run` calls `store` → the reply
//! comes back as a `ui::Msg` to `ui::State::update`.

pub mod cli;
pub mod model;
pub mod plan_store;
pub mod store;
pub mod ui;
