//! Tests against a real PostgreSQL (the harness starts one when none answers): the schema's rules, the command line, imports, correlation, the planning's loads, security, TLS, mail (a real SMTP server).
//!
//! One test binary of modules, so the project links once per group, not once per file.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod backup;
mod booking_cli;
mod booking_rules;
mod booking_schema;
mod campaign;
mod cli;
mod correlation;
mod db;
mod import;
mod mail;
mod planning_db;
mod read_path;
mod rights_matrix;
mod security;
mod tls;
mod write_path;
