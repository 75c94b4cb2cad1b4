//! The correlation's pure side: no SQL, no terminal. `ldif` reads and writes RFC 2849,
//! `directory` reads accounts out of entries, `normalize` compares names, dates and numbers,
//! `cascade` makes the automatic pairs, `suggest` proposes candidates for the rest, `apply`
//! writes the backup and the change set, `local` reads the file of local accounts.

pub mod apply;
pub mod cascade;
pub mod directory;
pub mod ldif;
pub mod local;
pub mod normalize;
pub mod suggest;
