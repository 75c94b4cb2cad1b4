//! `intendant setup load FILE.toml` and `intendant setup dump`: sites, areas, rooms, types,
//! fields, users (login roles + app_user rows), rights, blocked and cycle days, as one TOML
//! file an administrator can keep under version control. `model` is the file and its checks
//! (pure); `store` loads it in one transaction and dumps the database back; `cli` is the
//! command.

pub mod cli;
pub mod model;
pub mod store;
