//! What the planning reads: the areas and rooms the session sees (row-level security decides),
//! the types, and the bookings of a range; and where the user left the planning.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::model::plan::{
    AreaInfo, BookingInfo, FieldInfo, FieldKind, RoomInfo, Slot, Slots, TypeInfo, ViewKind,
};
use super::model::repeat::Calendar;
use super::model::state::{Loan, Moderation};
use crate::db::{Database, DbError};

/// Everything the planning's selectors and form need, loaded once and on change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    pub areas: Vec<AreaInfo>,
    pub rooms: Vec<RoomInfo>,
    pub types: Vec<TypeInfo>,
    /// Where the user left the planning.
    pub last_area: Option<i64>,
    pub last_room: Option<i64>,
    pub last_view: Option<ViewKind>,
    /// Blocked days and cycle days, all of them: small tables, needed to draw and to expand.
    pub calendar: Calendar,
    /// The longest series (setting `series.max_occurrences`; None: no limit).
    pub max_occurrences: Option<usize>,
}

fn weekday(iso: i16) -> chrono::Weekday {
    chrono::Weekday::try_from((iso.clamp(1, 7) - 1) as u8).unwrap_or(chrono::Weekday::Mon)
}

pub async fn structure(db: &Database) -> Result<Structure, DbError> {
    let client = db.client().await?;
    let fail = |e| db.classify(e);
    // Every read at once on one connection (pipelined): one round trip, not eight.
    let (types, fields, period_rows, area_rows, room_rows, calendar_rows, place, max_row) = tokio::try_join!(
        client.query("SELECT letter, name, color, hidden FROM booking_type ORDER BY sort_order, letter", &[]),
        client.query("SELECT area_id, name, kind, choices, mandatory FROM area_field ORDER BY area_id, sort_order, name COLLATE names", &[]),
        client.query("SELECT area_id, label, starts, ends FROM area_period ORDER BY area_id, position", &[]),
        client.query("SELECT a.id, a.name, s.name, a.week_starts, a.days_shown, a.day_start, a.day_end,
                    extract(epoch FROM a.resolution)::int, a.twelve_hour,
                    extract(epoch FROM a.default_duration)::int, a.default_type, a.enabled_types
               FROM area a JOIN site s ON s.id = a.site_id
              WHERE a.archived_at IS NULL
              ORDER BY s.sort_order, s.name COLLATE names, a.sort_order, a.name COLLATE names", &[]),
        client.query("SELECT r.id, r.area_id, r.name, r.capacity, r.unavailable, r.moderated, r.tentative_days, r.tracks_loans,
                    h.id IS NOT NULL,
                    h.id IS NOT NULL
                    OR (r.book_for_others IS NOT NULL AND (SELECT status FROM app_user WHERE login = session_user) <= r.book_for_others)
                    OR EXISTS (SELECT FROM room_delegate d WHERE d.room_id = r.id AND d.login = session_user)
               FROM room r
                    -- Called once, joined by hash (`= ANY` would compare every room with
                    -- every handled one).
                    LEFT JOIN unnest(handled_rooms()) AS h(id) ON h.id = r.id
              WHERE r.archived_at IS NULL
              -- Each area's rooms in order (the planning shows one area at a time).
              ORDER BY r.area_id, r.sort_order, r.name COLLATE names", &[]),
        client.query("SELECT day, NULL::smallint FROM blocked_day UNION ALL SELECT day, cycle FROM cycle_day", &[]),
        // Where the user left the planning; else the installation's default area (the
        // first area of the first site when none is set, as the areas are ordered).
        client.query_opt("SELECT coalesce(p.planning_area,
                             (SELECT a.id FROM area a, setting s
                               WHERE s.name = 'default_area' AND lower(a.name) = lower(s.value)
                               ORDER BY a.id LIMIT 1)),
                    p.planning_room, coalesce(p.planning_view, u.default_view)
               FROM (SELECT 1) AS one
               LEFT JOIN app_user u ON u.login = session_user
               LEFT JOIN ui_preference p ON p.login = session_user", &[]),
        client.query_opt("SELECT value FROM setting WHERE name = 'series.max_occurrences'", &[]),
    )
    .map_err(fail)?;
    let mut s = Structure::default();
    for r in types {
        s.types.push(TypeInfo {
            letter: r.get(0),
            name: r.get(1),
            color: r.get(2),
            hidden: r.get(3),
        });
    }
    // Named periods, as rows: label and times read once, when the setup was loaded.
    let mut periods: std::collections::HashMap<i64, Vec<Slot>> = std::collections::HashMap::new();
    for r in period_rows {
        periods.entry(r.get(0)).or_default().push(Slot {
            label: r.get(1),
            start: r.get(2),
            end: r.get(3),
        });
    }
    for r in area_rows {
        let id: i64 = r.get(0);
        let twelve_hour: bool = r.get(8);
        let slots = match periods.remove(&id) {
            Some(list) => Slots::Periods(list),
            None => Slots::Times {
                start: r.get(5),
                end: r.get(6),
                step_minutes: (r.get::<_, i32>(7) / 60).max(1) as u32,
            },
        };
        s.areas.push(AreaInfo {
            id,
            name: r.get(1),
            site: r.get(2),
            week_starts: weekday(r.get(3)),
            days: r.get::<_, i16>(4) as u8,
            slots,
            twelve_hour,
            default_minutes: (r.get::<_, i32>(9) / 60).max(1) as u32,
            default_type: r.get(10),
            types: r.get(11),
            fields: fields
                .iter()
                .filter(|f| f.get::<_, i64>(0) == id)
                .map(|f| FieldInfo {
                    name: f.get(1),
                    kind: FieldKind::parse(f.get(2)),
                    choices: f.get(3),
                    mandatory: f.get(4),
                })
                .collect(),
        });
    }
    for r in room_rows {
        s.rooms.push(RoomInfo {
            id: r.get(0),
            area_id: r.get(1),
            name: r.get(2),
            capacity: r.get(3),
            unavailable: r.get(4),
            moderated: r.get(5),
            tentative_days: r.get(6),
            tracks_loans: r.get(7),
            handles: r.get(8),
            may_book_for_others: r.get::<_, Option<bool>>(9).unwrap_or(false),
        });
    }
    for r in calendar_rows {
        match r.get::<_, Option<i16>>(1) {
            None => {
                s.calendar.blocked.insert(r.get(0));
            }
            Some(n) => {
                s.calendar.cycle_days.insert(r.get(0), n as u32);
            }
        }
    }
    if let Some(r) = place {
        s.last_area = r.get(0);
        s.last_room = r.get(1);
        s.last_view = r
            .get::<_, Option<String>>(2)
            .as_deref()
            .and_then(ViewKind::from_code);
    }
    let max: Option<String> = max_row.map(|r| r.get(0));
    // -1 is "no limit".
    s.max_occurrences = match max.and_then(|v| v.parse::<i64>().ok()) {
        Some(n) if n < 0 => None,
        Some(n) => Some(n as usize),
        None => Some(366),
    };
    Ok(s)
}

/// Logins and names of active users, for the form's beneficiary completion: read when a form
/// needs them, not with the planning (a university has tens of thousands).
pub async fn active_users(db: &Database) -> Result<Vec<(String, String)>, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT login, display_name FROM app_user WHERE active
              ORDER BY display_name COLLATE names, login",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// What the planning shows of a booking, as every planning query selects it, from `b` (a
/// booking row) and its beneficiary `u`.
const BOOKING_COLUMNS: &str =
    "b.id, b.room_id, lower(b.during), upper(b.during), b.name, b.type, b.owner,
        coalesce(u.display_name, b.external_name, b.beneficiary), b.external_name IS NOT NULL,
        b.series_id, b.moderation, b.tentative_until, b.loan, b.short_description, b.description,
        nullif(b.fields, '{}'), b.beneficiary";
const BENEFICIARY: &str = "LEFT JOIN app_user u ON u.login = b.beneficiary";

fn booking_infos(rows: &[tokio_postgres::Row], tz: Tz) -> Vec<BookingInfo> {
    rows.iter()
        .map(|r| {
            // Most have none: NULL then, no JSON to parse.
            let fields: Option<serde_json::Value> = r.get(15);
            BookingInfo {
                id: r.get(0),
                room_id: r.get(1),
                start: r.get::<_, DateTime<Utc>>(2).with_timezone(&tz),
                end: r.get::<_, DateTime<Utc>>(3).with_timezone(&tz),
                name: r.get(4),
                kind: r.get(5),
                owner: r.get(6),
                beneficiary: r.get(7),
                beneficiary_login: r.get(16),
                external: r.get(8),
                series_id: r.get(9),
                moderation: Moderation::parse(r.get(10)),
                tentative_until: r
                    .get::<_, Option<DateTime<Utc>>>(11)
                    .map(|t| t.with_timezone(&tz)),
                loan: Loan::parse(r.get(12)),
                short_description: r.get(13),
                description: r.get(14),
                fields: fields
                    .as_ref()
                    .and_then(|f| f.as_object())
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The visible bookings of these rooms overlapping [from, to).
pub async fn bookings(
    db: &Database,
    tz: Tz,
    rooms: &[i64],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BookingInfo>, DbError> {
    let client = db.client().await?;
    // Through `bookings_in`, which applies the visibility itself: under the table's policy
    // the time range could not use the index, and a week cost the whole history.
    // In no order: the planning sorts them its own way (by room, then start).
    let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings_in($1, $2, $3) b {BENEFICIARY}");
    // Prepared once a connection: every move of the planning asks it again.
    let statement = client
        .prepare_cached(&sql)
        .await
        .map_err(|e| db.classify(e))?;
    let rows = client
        .query(&statement, &[&rooms, &from, &to])
        .await
        .map_err(|e| db.classify(e))?;
    Ok(booking_infos(&rows, tz))
}

/// The bookings of `rooms` over a loaded range of dates (whole local days).
pub async fn bookings_for(
    db: &Database,
    tz: Tz,
    rooms: &[i64],
    loaded: &super::ui::pane::Loaded,
) -> Result<Vec<BookingInfo>, DbError> {
    let from = super::model::plan::at(tz, loaded.from, chrono::NaiveTime::MIN).to_utc();
    let to = super::model::plan::at(
        tz,
        loaded.to + chrono::Duration::days(1),
        chrono::NaiveTime::MIN,
    )
    .to_utc();
    bookings(db, tz, rooms, from, to).await
}

/// Remembers where the user is in the planning, for the next session: a row of its own,
/// without history or announcement, so no other session reloads for it.
pub async fn remember(
    db: &Database,
    area: Option<i64>,
    room: Option<i64>,
    view: ViewKind,
) -> Result<(), DbError> {
    let client = db.client().await?;
    client
        .execute(
            "INSERT INTO ui_preference (login, planning_area, planning_room, planning_view)
             SELECT session_user, $1, $2, $3
              WHERE EXISTS (SELECT 1 FROM app_user WHERE login = session_user)
             ON CONFLICT (login) DO UPDATE
                SET planning_area = $1, planning_room = $2, planning_view = $3
              WHERE (ui_preference.planning_area, ui_preference.planning_room,
                     ui_preference.planning_view) IS DISTINCT FROM ($1, $2, $3)",
            &[&area, &room, &view.code()],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(())
}

/// A booking's history, newest first: when, who, what.
pub async fn history(
    db: &Database,
    id: i64,
) -> Result<Vec<(DateTime<Utc>, String, String)>, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT changed_at, changed_by, action FROM change_history
              WHERE table_name = 'booking' AND row_key = $1::text ORDER BY id DESC LIMIT 20",
            &[&id.to_string()],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

/// The dates of `occurrences` already taken in `room`, leaving out `except` (the bookings
/// being edited): the form's preview.
pub async fn conflicting_dates(
    db: &Database,
    tz: Tz,
    room: i64,
    occurrences: &[super::model::repeat::Occurrence],
    except: &[i64],
    series: Option<i64>,
) -> Result<Vec<chrono::NaiveDate>, DbError> {
    let client = db.client().await?;
    let (starts, ends): (Vec<DateTime<Utc>>, Vec<DateTime<Utc>>) = occurrences
        .iter()
        .map(|o| (o.start.to_utc(), o.end.to_utc()))
        .unzip();
    let rows = client
        .query(
            "SELECT DISTINCT (s AT TIME ZONE $5)::date
               FROM unnest($2::timestamptz[], $3::timestamptz[]) AS x(s, e)
               JOIN booking b ON b.room_id = $1 AND b.during && tstzrange(s, e)
              WHERE b.archived_at IS NULL AND b.moderation <> 'refused' AND NOT b.id = ANY ($4)
                AND b.series_id IS DISTINCT FROM coalesce($6::bigint, -1)
              ORDER BY 1",
            &[&room, &starts, &ends, &except, &tz.name(), &series],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// The moderation queue's statement (its plan is tested: it reads the pending bookings only).
pub fn moderation_queue_sql() -> String {
    format!(
        "SELECT {BOOKING_COLUMNS} FROM booking b {BENEFICIARY}
          WHERE b.moderation = 'pending' AND b.archived_at IS NULL AND handles_room(b.room_id)
          ORDER BY lower(b.during), b.id"
    )
}

/// Pending bookings of the rooms the session handles, soonest first.
pub async fn moderation_queue(db: &Database, tz: Tz) -> Result<Vec<BookingInfo>, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(&moderation_queue_sql(), &[])
        .await
        .map_err(|e| db.classify(e))?;
    Ok(booking_infos(&rows, tz))
}
