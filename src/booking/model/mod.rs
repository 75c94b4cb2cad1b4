//! The booking rules' pure side: no SQL, no terminal. `plan` (areas, rooms, slots, the
//! grid's geometry of places), `repeat` (a repeat choice into dated occurrences),
//! `rule_json` (a rule's stored JSON), `refusal` (a refusal into the user's sentence),
//! `limits` (text lengths the database accepts), `bbcode` (descriptions, rendered),
//! `state` (moderation and loan states), `cycle` (numbering school days J1…Jn), `typed` (dates as people type them, per language).

pub mod bbcode;
pub mod cycle;
pub mod limits;
pub mod plan;
pub mod refusal;
pub mod repeat;
pub mod rule_json;
pub mod state;
pub mod typed;
