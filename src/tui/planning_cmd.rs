//! The planning's writes and side loads, run in the background; each answers with one
//! message. Refusals keep their rule so the form can show them by the right field.

use super::app::planning::{PlanningCmd, PlanningMsg, Refused};
use crate::booking::form::{Form, Scope};
use crate::booking::plan_store;
use crate::booking::store::{self, BookingError, NewBooking};
use crate::db::Database;
use crate::i18n::{tr, T};

fn refused(e: BookingError, tz: chrono_tz::Tz) -> Refused {
    Refused {
        rule: match &e {
            BookingError::Refused(r) => Some(r.rule.clone()),
            _ => None,
        },
        text: e.explain(tz),
    }
}

pub async fn run(db: &Database, cmd: PlanningCmd) -> PlanningMsg {
    let tz = store::settings(db)
        .await
        .map(|s| s.tz)
        .unwrap_or(chrono_tz::UTC);
    match cmd {
        PlanningCmd::LoadHistory { id } => PlanningMsg::History {
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
        },
        PlanningCmd::Preview {
            generation,
            room,
            occurrences,
            except,
            series,
        } => PlanningMsg::Preview {
            generation,
            conflicts: plan_store::conflicting_dates(db, tz, room, &occurrences, &except, series)
                .await
                .map_err(|e| tracing::warn!("conflict preview: {e}"))
                .ok(),
        },
        PlanningCmd::Save(request) => {
            let (calendar, max) = match plan_store::structure(db).await {
                Ok(s) => (s.calendar, s.max_occurrences.unwrap_or(usize::MAX)),
                Err(e) => {
                    return PlanningMsg::Saved(Err(Refused {
                        text: e.to_string(),
                        rule: None,
                    }))
                }
            };
            let r = Form::with_calendar(*request, &calendar, tz, max);
            let new = NewBooking {
                room: r.room,
                occurrences: &r.occurrences,
                details: &r.details,
                series: r.series.as_ref(),
                skipped: &r.skipped,
                skip_conflicts: false,
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
            PlanningMsg::Saved(result.map_err(|e| refused(e, tz)))
        }
        PlanningCmd::Delete { id, series } => PlanningMsg::Done(
            store::delete(db, id, series)
                .await
                .map(|ids| tr(T::PlanningDeleted, &[&ids.len()]))
                .map_err(|e| refused(e, tz)),
        ),
        PlanningCmd::Moderate {
            id,
            accept,
            reason,
            series,
        } => PlanningMsg::Done(
            store::moderate(db, id, accept, &reason, series)
                .await
                .map(|ids| tr(T::PlanningModerated, &[&ids.len()]))
                .map_err(|e| refused(e, tz)),
        ),
        PlanningCmd::Loan { id, state } => PlanningMsg::Done(
            store::loan(db, id, &state)
                .await
                .map(|()| tr(T::PlanningLoan, &[&state]))
                .map_err(|e| refused(e, tz)),
        ),
        PlanningCmd::LoadQueue => PlanningMsg::Queue(
            plan_store::moderation_queue(db, tz)
                .await
                .map_err(Into::into),
        ),
    }
}
