//! Opening the full-screen app: the state built from the user's settings, then the loop.

use std::time::Instant;

use super::app::App;
use crate::cli::Shell;
use crate::db::Database;
use crate::i18n::{tr, T};

/// Opens the full-screen app on `db`, with the keymap and theme the shell found (their
/// problems shown in the status line).
pub async fn start(db: Database, shell: &Shell, started: Instant) -> anyhow::Result<()> {
    let (keymap, theme, _, warnings) = shell.look();
    let mut app = App::new(shell.language(), theme, keymap, chrono::Utc::now(), (0, 0));
    app.base.lang_forced = shell.lang.is_some();
    if let Some(every) = shell.kiosk {
        app.kiosk = Some(super::app::Kiosk::new(every, app.base.now));
    }
    // Read when the database was opened: the grid's reads start at once, on that connection.
    if let Some(session) = shell.take_session() {
        app.set_session(session);
    }
    for w in &warnings {
        tracing::warn!("{w}");
    }
    if let Some(first) = warnings.first() {
        let more = if warnings.len() > 1 {
            tr(T::WarnMore, &[&(warnings.len() - 1)])
        } else {
            String::new()
        };
        app.warn(format!("{first}{more}"));
    }
    super::run::run(db, app, started).await
}
