//! The event loop's part, inline, for tests and benchmarks that drive the App against a real
//! database: run the loads `update` asks for and feed the answers back until it asks nothing.
#![allow(dead_code)]

use intendant::booking::{plan_store, store as booking_store};
use intendant::db::Database;
use intendant::tui::app::{App, Cmd, Msg};

/// Returns how many booking ranges were loaded on the way.
pub async fn settle(app: &mut App, db: &Database, cmds: Vec<Cmd>) -> usize {
    let tz = booking_store::settings(db)
        .await
        .map(|s| s.tz)
        .unwrap_or(chrono_tz::UTC);
    let mut queue = cmds;
    let mut loads = 0;
    while let Some(cmd) = queue.pop() {
        let msg = match cmd {
            Cmd::LoadSession { request } => Msg::Session {
                request,
                result: intendant::users::store::load_session(db)
                    .await
                    .map_err(Into::into),
            },
            Cmd::LoadPlanningStructure { request } => Msg::PlanningStructure {
                request,
                result: plan_store::structure(db)
                    .await
                    .map(Box::new)
                    .map_err(Into::into),
            },
            Cmd::LoadPlanningBookings {
                request,
                rooms,
                loaded,
            } => {
                loads += 1;
                let result = plan_store::bookings_for(db, tz, &rooms, &loaded).await;
                Msg::PlanningBookings {
                    request,
                    loaded,
                    result: result.map_err(Into::into),
                }
            }
            _ => continue,
        };
        queue.extend(app.update(msg));
    }
    loads
}
