//! Pieces every screen draws with: `list` (a cursor and its scroll, for every list),
//! `input` (one line of typed text), `confirm` (a yes/no question), `frame` (an overlay's
//! frame, centring, cutting text to a width).

pub mod confirm;
pub mod frame;
pub mod input;
pub mod list;
