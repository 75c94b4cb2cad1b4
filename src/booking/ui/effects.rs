//! The planning's commands, run against the database; each answers with one message.
//! Loads run in their ticket's cancel slot, so `Esc` can stop them on the server.

use super::form::{Form, Scope};
use super::{Cmd, Done, Msg, Refused};
use crate::booking::plan_store;
use crate::booking::store::{self, BookingError, NewBooking};
use crate::db::Database;

fn refused(e: BookingError) -> Refused {
    match e {
        BookingError::Refused(r) => Refused::Rule(r),
        other => Refused::Other(other.to_string()),
    }
}

/// The installation's zone, read by the commands that need it and are not told it (a read
/// before every load cost the planning's start a round trip, or a connection).
async fn zone(db: &Database) -> chrono_tz::Tz {
    store::settings(db)
        .await
        .map(|s| s.tz)
        .unwrap_or(chrono_tz::UTC)
}

/// Runs `cmd`; None when it answers nothing (remembering the place).
pub async fn run(db: &Database, cmd: Cmd) -> Option<Msg> {
    Some(match cmd {
        Cmd::LoadStructure(ticket) => Msg::Structure {
            id: ticket.id,
            result: ticket
                .slot
                .scope(plan_store::structure(db))
                .await
                .map(Box::new)
                .map_err(Into::into),
        },
        Cmd::LoadBookings {
            ticket,
            rooms,
            loaded,
            tz,
        } => {
            let result = ticket
                .slot
                .scope(plan_store::bookings_for(db, tz, &rooms, &loaded))
                .await;
            Msg::Bookings {
                id: ticket.id,
                loaded,
                result: result.map_err(Into::into),
            }
        }
        Cmd::Remember { area, room, view } => {
            if let Err(e) = plan_store::remember(db, area, room, view).await {
                tracing::warn!("remembering the planning's place: {e}");
            }
            return None;
        }
        Cmd::LoadHistory { id } => {
            let tz = zone(db).await;
            Msg::History {
                id,
                result: plan_store::history(db, id)
                    .await
                    .map(|rows| {
                        rows.into_iter()
                            .map(|(at, who, what)| {
                                (
                                    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                                    who,
                                    what,
                                )
                            })
                            .collect()
                    })
                    .map_err(Into::into),
            }
        }
        Cmd::Preview {
            generation,
            room,
            occurrences,
            except,
            series,
        } => Msg::Preview {
            generation,
            conflicts: plan_store::conflicting_dates(
                db,
                zone(db).await,
                room,
                &occurrences,
                &except,
                series,
            )
            .await
            .map_err(|e| tracing::warn!("conflict preview: {e}"))
            .ok(),
        },
        Cmd::Save(request) => {
            let (calendar, max) = match plan_store::structure(db).await {
                Ok(s) => (s.calendar, s.max_occurrences.unwrap_or(usize::MAX)),
                Err(e) => return Some(Msg::Saved(Err(Refused::Other(e.to_string())))),
            };
            let tz = zone(db).await;
            let r = Form::with_calendar(*request, &calendar, tz, max);
            let new = NewBooking {
                room: r.room,
                occurrences: &r.occurrences,
                details: &r.details,
                series: r.series.as_ref(),
                skipped: &r.skipped,
                skip_conflicts: r.skip_conflicts,
            };
            let result = match (r.editing, r.scope, r.series_id) {
                (None, _, _) => store::book(db, tz, new).await,
                (Some(_), Scope::Series, Some(series)) => {
                    store::edit_series(db, tz, series, new).await
                }
                (Some(id), _, _) => {
                    store::edit_one(db, tz, id, &r.details, r.occurrences.first().copied(), None)
                        .await
                }
            };
            Msg::Saved(result.map_err(refused))
        }
        Cmd::LoadSeries { booking } => Msg::Series {
            booking,
            series: store::series_of(db, booking)
                .await
                .map_err(|e| tracing::warn!("series of {booking}: {e}"))
                .ok()
                .flatten()
                .map(|(_, s)| s),
        },
        Cmd::Delete { id, series } => Msg::Done(
            store::delete(db, id, series)
                .await
                .map(|ids| Done::Deleted(ids.len()))
                .map_err(refused),
        ),
        Cmd::Moderate {
            id,
            accept,
            reason,
            series,
        } => Msg::Done(
            store::moderate(db, id, accept, &reason, series)
                .await
                .map(|ids| Done::Moderated(ids.len()))
                .map_err(refused),
        ),
        Cmd::Loan { id, state } => Msg::Done(
            store::loan(db, id, state)
                .await
                .map(|()| Done::Loan(state))
                .map_err(refused),
        ),
        Cmd::Confirm { id } => Msg::Done(
            store::confirm(db, id)
                .await
                .map(|ids| Done::Confirmed(ids.len()))
                .map_err(refused),
        ),
        Cmd::LoadUsers => Msg::Users(plan_store::active_users(db).await.map_err(Into::into)),
        Cmd::LoadQueue => Msg::Queue(
            plan_store::moderation_queue(db, zone(db).await)
                .await
                .map_err(Into::into),
        ),
    })
}
