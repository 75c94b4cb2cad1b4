//! The full-screen app: rendered screens (TestBackend, insta snapshots), keys in and state out, and the real binary driven in tmux.
//!
//! One test binary of modules, so the project links once per group, not once per file.

#[path = "../common/mod.rs"]
mod common;

mod e2e_tmux;
mod render;
mod render_admin;
mod render_correlation;
mod render_mail;
mod render_planning;
