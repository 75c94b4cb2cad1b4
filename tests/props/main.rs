//! Property tests and fuzzing of the pure parsers and planners (CSV, LDIF, repeat rules).
//!
//! One test binary of modules, so the project links once per group, not once per file.

mod import_fuzz;
mod ldif_props;
mod parser_props;
mod repeat_props;
