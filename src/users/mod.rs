//! Users of this installation (`app_user`): who is connected, with which GRR status, and the
//! list shown in the shell's body until the planning screens arrive.
//!
//! `model` is pure, `store` is the only place with SQL, `view` draws the list.

pub mod model;
pub mod store;
pub mod view;
