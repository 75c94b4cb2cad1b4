//! Mail without SQL or sockets: templates, letters, the calendar part, the SMTP settings.

pub mod ics;
pub mod letter;
pub mod settings;
pub mod template;
