//! The correlation screen's commands, run: the session's state loads (in its ticket's cancel
//! slot), an account's attributes, each decision written.

use super::{Cmd, Msg};
use crate::correlation::store;
use crate::db::Database;
use crate::tui::screen::Failure;

pub async fn run(db: &Database, cmd: Cmd) -> Msg {
    let decided = match cmd {
        Cmd::Load(ticket) => {
            return Msg::Loaded {
                id: ticket.id,
                result: ticket
                    .slot
                    .scope(store::load(db))
                    .await
                    .map(Box::new)
                    .map_err(|e| Failure {
                        text: e.to_string(),
                        connection_lost: matches!(&e, store::CorrelationError::Db(d) if d.is_connection_lost()),
                    }),
            }
        }
        Cmd::LoadAttrs { login } => {
            return Msg::Attrs {
                attrs: store::account_attrs(db, &login).await.unwrap_or_default(),
                login,
            }
        }
        Cmd::Link { login, person_id } => store::link_ids(db, &login, person_id).await,
        Cmd::Decide { logins, decision } => store::decide(db, &logins, decision).await.map(drop),
        Cmd::Forget => store::forget(db).await.map(drop),
        Cmd::Restore(previous) => store::set_decisions(db, &previous).await,
        Cmd::Unlink { login, replaced } => store::undo_link(db, &login, &replaced).await,
    };
    Msg::Done(decided.map_err(|e| e.to_string()))
}
