//! What every screen reads from the shell: the user's language, look and keys, the clock,
//! who is connected, the terminal's size. `cx()` lends it to a screen as a [`Ctx`].

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::keymap::Keymap;
use super::screen::Ctx;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::session::Session;

/// What every screen reads: the user's language, look and keys, the clock, the session.
pub struct Base {
    pub lang: Lang,
    /// Set by `--lang`: then the user's own setting does not override it.
    pub lang_forced: bool,
    pub theme: Theme,
    pub keymap: Keymap,
    pub session: Option<Session>,
    pub now: DateTime<Utc>,
    pub size: (u16, u16),
    /// Where the import wizard's file browser starts.
    pub start_dir: PathBuf,
}

impl Base {
    pub fn cx(&self) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            theme: &self.theme,
            keymap: &self.keymap,
            now: self.now,
            session: self.session.as_ref(),
            body: (self.size.0, self.size.1.saturating_sub(2)),
            start_dir: &self.start_dir,
        }
    }

    /// The installation's time zone, UTC when the setting is not a known zone.
    pub fn timezone(&self) -> chrono_tz::Tz {
        self.session
            .as_ref()
            .map(Session::tz)
            .unwrap_or(chrono_tz::UTC)
    }
}
