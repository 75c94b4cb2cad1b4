//! Bookings in PostgreSQL: every write calls one of the SECURITY DEFINER functions of
//! sql/0004, which apply the rules and rights; reads go through row-level security.
//! Time ranges travel as two timestamptz arrays (tokio-postgres has no range type).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{json, Value};

use super::model::refusal::{Reason, Refusal};
use super::model::repeat::{Calendar, Occurrence, Series};
use super::model::rule_json;
use super::model::state::{Loan, Moderation};
use crate::db::{Database, DbError};
use crate::i18n::{current, tr, T};

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// A rule or a right said no.
    #[error("{}", .0.explain(current(), chrono_tz::UTC))]
    Refused(Refusal),
    /// The request itself is wrong: a room that does not exist, a malformed date…
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl BookingError {
    /// 4 refused by a rule or a right, 2 bad input, 1 anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            // A text over its limit is bad input, as the command line checks it first.
            BookingError::Refused(r)
                if matches!(
                    r.rule,
                    Reason::TooLong | Reason::BadLogin | Reason::UnknownRoomField
                ) =>
            {
                2
            }
            BookingError::Refused(_) => 4,
            BookingError::BadInput(_) => 2,
            BookingError::Db(_) => 1,
        }
    }

    /// The message in the process's language, times in `tz`.
    pub fn explain(&self, tz: Tz) -> String {
        match self {
            BookingError::Refused(r) => r.explain(current(), tz),
            other => other.to_string(),
        }
    }
}

fn fail(db: &Database, e: tokio_postgres::Error) -> BookingError {
    if let Some(server) = e.as_db_error() {
        if let Some(r) = Refusal::from_detail(server.message(), server.detail()) {
            return BookingError::Refused(r);
        }
        // A value the schema's checks or types refuse is bad input, said in the server's words.
        let code = server.code().code();
        if code == "23514" || code == "23502" || code == "23505" || code.starts_with("22") {
            return BookingError::BadInput(server.message().to_owned());
        }
    }
    BookingError::Db(db.classify(e))
}

/// What a booking says besides its times.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Details {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub beneficiary: Option<String>,
    pub external_name: Option<String>,
    pub external_email: Option<String>,
    pub short_description: Option<String>,
    pub description: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub tentative_until: Option<DateTime<Utc>>,
}

impl Details {
    /// The first text over its limit (the database would refuse it too).
    pub fn too_long(&self) -> Option<super::model::limits::TooLong> {
        let fields_len = serde_json::to_string(&self.fields).map_or(0, |t| t.chars().count());
        if fields_len > super::model::limits::FIELDS_LIMIT {
            return Some(super::model::limits::TooLong {
                field: "fields",
                limit: super::model::limits::FIELDS_LIMIT,
                length: fields_len,
            });
        }
        super::model::limits::first_too_long([
            ("name", self.name.as_deref()),
            ("external_name", self.external_name.as_deref()),
            ("short_description", self.short_description.as_deref()),
            ("description", self.description.as_deref()),
        ])
    }

    /// Only what is set: an edit changes exactly these keys.
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::Map::new();
        let mut put = |k: &str, x: &Option<String>| {
            if let Some(x) = x {
                v.insert(k.into(), json!(x));
            }
        };
        put("name", &self.name);
        put("type", &self.kind);
        put("beneficiary", &self.beneficiary);
        put("external_name", &self.external_name);
        put("external_email", &self.external_email);
        put("short_description", &self.short_description);
        put("description", &self.description);
        if !self.fields.is_empty() {
            v.insert("fields".into(), json!(self.fields));
        }
        if let Some(t) = self.tentative_until {
            v.insert("tentative_until".into(), json!(t.to_rfc3339()));
        }
        Value::Object(v)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Made {
    pub id: i64,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedDate {
    pub date: String,
    pub reason: String,
    /// For a conflict: the name of the booking in the way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Booked {
    pub series_id: Option<i64>,
    pub occurrences: Vec<Made>,
    pub skipped: Vec<SkippedDate>,
}

/// The installation's time zone and series limit.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub tz: Tz,
    pub max_occurrences: usize,
}

pub async fn settings(db: &Database) -> Result<Settings, DbError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT (SELECT value FROM setting WHERE name = 'timezone'),
                    (SELECT value FROM setting WHERE name = 'series.max_occurrences')",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    let tz: Option<String> = row.get(0);
    let max: Option<String> = row.get(1);
    Ok(Settings {
        tz: tz.and_then(|t| t.parse().ok()).unwrap_or(chrono_tz::UTC),
        max_occurrences: max
            .and_then(|m| m.parse::<i64>().ok())
            .map(|m| if m < 0 { usize::MAX } else { m as usize })
            .unwrap_or(366),
    })
}

/// Blocked days and cycle days between two dates.
pub async fn calendar(db: &Database, from: NaiveDate, to: NaiveDate) -> Result<Calendar, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT day, NULL::smallint FROM blocked_day WHERE day BETWEEN $1 AND $2
             UNION ALL SELECT day, cycle FROM cycle_day WHERE day BETWEEN $1 AND $2",
            &[&from, &to],
        )
        .await
        .map_err(|e| db.classify(e))?;
    let mut calendar = Calendar::default();
    for r in rows {
        let day: NaiveDate = r.get(0);
        match r.get::<_, Option<i16>>(1) {
            None => {
                calendar.blocked.insert(day);
            }
            Some(n) => {
                calendar.cycle_days.insert(day, n as u32);
            }
        }
    }
    Ok(calendar)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoomRef {
    pub id: i64,
    pub name: String,
    pub area: String,
}

/// A room by id, by name, or by "Area/Room" when two areas have a room of that name.
/// Rooms the session may not see do not exist for it.
pub async fn find_room(db: &Database, text: &str) -> Result<RoomRef, BookingError> {
    let client = db.client().await?;
    let (area, name) = match text.split_once('/') {
        Some((a, n)) => (Some(a.trim()), n.trim()),
        None => (None, text.trim()),
    };
    let rows = client
        .query(
            // The rooms of that name the user may see (not every room's visibility), and no
            // ICU collation: its first use costs a session 5 ms (an ambiguous name's areas
            // are sorted below).
            "SELECT id, name, area FROM rooms_named($1, $2)",
            &[&name, &area],
        )
        .await
        .map_err(|e| fail(db, e))?;
    match rows.as_slice() {
        [r] => Ok(RoomRef {
            id: r.get(0),
            name: r.get(1),
            area: r.get(2),
        }),
        [] => Err(BookingError::BadInput(tr(T::BookingNoRoom, &[&text]))),
        many => {
            let mut areas: Vec<String> = many.iter().map(|r| r.get::<_, String>(2)).collect();
            areas.sort_by_key(|a| a.to_lowercase());
            Err(BookingError::BadInput(tr(
                T::BookingAmbiguousRoom,
                &[&text, &areas.join(", ")],
            )))
        }
    }
}

fn bounds(occurrences: &[Occurrence]) -> (Vec<DateTime<Utc>>, Vec<DateTime<Utc>>) {
    occurrences
        .iter()
        .map(|o| (o.start.with_timezone(&Utc), o.end.with_timezone(&Utc)))
        .unzip()
}

/// The series as the write functions take it, with the dates the expansion left out.
fn series_json(series: &Series, skipped: &[SkippedDate]) -> Value {
    json!({
        "skipped": skipped.iter().map(|s| json!({"date": s.date, "reason": s.reason})).collect::<Vec<_>>(),
        "rule": rule_json::to_json(&series.rule),
        "start": series.start.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "end": series.end.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "until": series.until.to_string(),
    })
}

const RANGES: &str =
    "ARRAY(SELECT tstzrange(s, e) FROM unnest($2::timestamptz[], $3::timestamptz[]) AS x(s, e))";

/// An instant the database wrote (in the session's zone), in the installation's zone.
fn local_time(t: &Value, tz: Tz) -> String {
    t.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&tz).to_rfc3339())
        .unwrap_or_default()
}

fn parse_booked(v: Value, tz: Tz, blocked: &[SkippedDate]) -> Booked {
    let time = |t: &Value| local_time(t, tz);
    let occurrences = v["occurrences"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|o| Made {
                    id: o["id"].as_i64().unwrap_or_default(),
                    start: time(&o["start"]),
                    end: time(&o["end"]),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut skipped: Vec<SkippedDate> = blocked.to_vec();
    if let Some(list) = v["skipped"].as_array() {
        skipped.extend(list.iter().map(|s| SkippedDate {
            date: s["date"].as_str().unwrap_or_default().to_owned(),
            reason: s["reason"].as_str().unwrap_or_default().to_owned(),
            with: s["with"].as_str().map(str::to_owned),
        }));
    }
    skipped.sort_by(|a, b| a.date.cmp(&b.date));
    Booked {
        series_id: v["series_id"].as_i64(),
        occurrences,
        skipped,
    }
}

/// What the expansion skipped (blocked days, clock changes), as the result reports it.
pub fn expansion_skips(skipped: &[super::model::repeat::Skipped]) -> Vec<SkippedDate> {
    skipped
        .iter()
        .map(|s| SkippedDate {
            date: s.date.to_string(),
            reason: match s.reason {
                super::model::repeat::SkipReason::BlockedDay => "blocked_day".into(),
                super::model::repeat::SkipReason::NoSuchLocalTime => "no_such_local_time".into(),
            },
            with: None,
        })
        .collect()
}

/// A new booking: one occurrence, or a series expanded by the caller.
pub struct NewBooking<'a> {
    pub room: i64,
    pub occurrences: &'a [Occurrence],
    pub details: &'a Details,
    pub series: Option<&'a Series>,
    /// Skipped before the database saw them (blocked days…), to report with the rest.
    pub skipped: &'a [SkippedDate],
    pub skip_conflicts: bool,
}

pub async fn book(db: &Database, tz: Tz, b: NewBooking<'_>) -> Result<Booked, BookingError> {
    let client = db.client().await?;
    let (starts, ends) = bounds(b.occurrences);
    let sql = format!("SELECT book($1, {RANGES}, $4::jsonb, $5::jsonb, $6)");
    let row = client
        .query_one(
            &sql,
            &[
                &b.room,
                &starts,
                &ends,
                &b.details.to_json(),
                &b.series.map(|s| series_json(s, b.skipped)),
                &b.skip_conflicts,
            ],
        )
        .await
        .map_err(|e| fail(db, e))?;
    Ok(parse_booked(row.get(0), tz, b.skipped))
}

/// Changes one booking (it leaves its series); `during` moves it.
pub async fn edit_one(
    db: &Database,
    tz: Tz,
    id: i64,
    details: &Details,
    during: Option<Occurrence>,
    room: Option<i64>,
) -> Result<Booked, BookingError> {
    let client = db.client().await?;
    let (starts, ends) = bounds(during.as_slice());
    let sql = format!("SELECT booking_edit($1, $4::jsonb, ({RANGES})[1], $5)");
    let row = client
        .query_one(&sql, &[&id, &starts, &ends, &details.to_json(), &room])
        .await
        .map_err(|e| fail(db, e))?;
    Ok(parse_booked(row.get(0), tz, &[]))
}

/// Regenerates a whole series from a new rule.
pub async fn edit_series(
    db: &Database,
    tz: Tz,
    series_id: i64,
    b: NewBooking<'_>,
) -> Result<Booked, BookingError> {
    let client = db.client().await?;
    let (starts, ends) = bounds(b.occurrences);
    let sql = format!("SELECT series_edit($1, {RANGES}, $4::jsonb, $5::jsonb, $6)");
    let series = b.series.map(|s| series_json(s, b.skipped));
    let row = client
        .query_one(
            &sql,
            &[
                &series_id,
                &starts,
                &ends,
                &b.details.to_json(),
                &series,
                &b.skip_conflicts,
            ],
        )
        .await
        .map_err(|e| fail(db, e))?;
    Ok(parse_booked(row.get(0), tz, b.skipped))
}

/// Calls a write function that takes a booking id and returns the ids it touched.
async fn call_ids(
    db: &Database,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Vec<i64>, BookingError> {
    let client = db.client().await?;
    let row = client
        .query_one(sql, params)
        .await
        .map_err(|e| fail(db, e))?;
    Ok(row.get(0))
}

pub async fn delete(db: &Database, id: i64, whole_series: bool) -> Result<Vec<i64>, BookingError> {
    call_ids(db, "SELECT booking_delete($1, $2)", &[&id, &whole_series]).await
}

pub async fn moderate(
    db: &Database,
    id: i64,
    accept: bool,
    reason: &str,
    whole_series: bool,
) -> Result<Vec<i64>, BookingError> {
    call_ids(
        db,
        "SELECT booking_moderate($1, $2, $3, $4)",
        &[&id, &accept, &reason, &whole_series],
    )
    .await
}

/// Calls a write function and reads its JSON answer (Null when it returns nothing); a
/// refusal comes back as `BookingError::Refused`.
pub(crate) async fn call(
    db: &Database,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Value, BookingError> {
    let client = db.client().await?;
    let row = client
        .query_one(sql, params)
        .await
        .map_err(|e| fail(db, e))?;
    Ok(row.try_get::<_, Value>(0).unwrap_or(Value::Null))
}

pub async fn loan(db: &Database, id: i64, state: Loan) -> Result<(), BookingError> {
    call(db, "SELECT booking_loan($1, $2)", &[&id, &state.code()])
        .await
        .map(drop)
}

/// Confirms a tentative booking, and with it every tentative occurrence of its series;
/// returns the ids confirmed.
pub async fn confirm(db: &Database, id: i64) -> Result<Vec<i64>, BookingError> {
    call_ids(db, "SELECT booking_confirm($1)", &[&id]).await
}

pub async fn detach_series(db: &Database, series_id: i64) -> Result<i64, BookingError> {
    let client = db.client().await?;
    let row = client
        .query_one("SELECT series_detach($1)", &[&series_id])
        .await
        .map_err(|e| fail(db, e))?;
    Ok(row.get(0))
}

/// `intendant tasks run`: expired tentative bookings, overdue notices.
pub async fn run_tasks(db: &Database) -> Result<Value, BookingError> {
    call(db, "SELECT run_tasks()", &[]).await
}

/// The daily tasks if the installation runs them at the first start of the day and they have
/// not run today (Null otherwise).
pub async fn tasks_at_first_login(db: &Database) -> Result<Value, BookingError> {
    call(db, "SELECT coalesce(tasks_at_first_login(), 'null')", &[]).await
}

/// Blocks `ranges` on every room of `rooms`; `force` replaces what is in the way.
pub async fn bulk_book(
    db: &Database,
    tz: Tz,
    rooms: &[i64],
    ranges: &[Occurrence],
    details: &Details,
    force: bool,
) -> Result<Value, BookingError> {
    let (starts, ends) = bounds(ranges);
    let sql = format!("SELECT bulk_book($1, {RANGES}, $4::jsonb, $5)");
    let mut v = call(
        db,
        &sql,
        &[&rooms, &starts, &ends, &details.to_json(), &force],
    )
    .await?;
    for item in v["replaced"].as_array_mut().into_iter().flatten() {
        for k in ["start", "end"] {
            let local = local_time(&item[k], tz);
            item[k] = Value::String(local);
        }
    }
    Ok(v)
}

/// One occurrence as `booking list` shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Listed {
    pub id: i64,
    pub room: String,
    pub area: String,
    pub start: String,
    pub end: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub owner: String,
    pub beneficiary: Option<String>,
    pub external: Option<String>,
    pub series_id: Option<i64>,
    pub moderation: Moderation,
    pub tentative_until: Option<String>,
    pub loan: Loan,
    /// One word for scripts: booked, pending, tentative, borrowed or overdue.
    pub state: String,
}

pub enum Scope<'a> {
    Room(i64),
    Area(&'a str),
    /// Every room the session sees.
    All,
}

/// The visible bookings of a room or an area that overlap [from, to).
pub async fn list(
    db: &Database,
    tz: Tz,
    scope: Scope<'_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    only_blocked: bool,
) -> Result<Vec<Listed>, BookingError> {
    let client = db.client().await?;
    let (room, area): (Option<i64>, Option<&str>) = match scope {
        Scope::Room(id) => (Some(id), None),
        Scope::Area(name) => (None, Some(name)),
        Scope::All => (None, None),
    };
    // Prepared once a connection: the TUI and the bench ask this again and again.
    let statement = client
        .prepare_cached(
            // The rooms once (each mention of a table pays its policy), ranked once: sorting
            // 2,000 rows by a room name under the ICU collation cost more than reading them.
            // The rows are put in order here, faster than the server's sort of wide rows.
            "WITH listed AS MATERIALIZED (
                 SELECT r.id, r.name, a.name AS area,
                        row_number() OVER (ORDER BY r.sort_order, r.name COLLATE names) AS rank
                   FROM room r JOIN area a ON a.id = r.area_id
                  WHERE ($1::bigint IS NULL OR r.id = $1)
                    AND ($2::text IS NULL OR lower(a.name) = lower($2)))
             SELECT b.id, r.name, r.area, lower(b.during), upper(b.during), b.name, b.type, b.owner,
                    b.beneficiary, b.external_name, b.series_id, b.moderation, b.tentative_until, b.loan,
                    r.rank
               FROM bookings_in(ARRAY(SELECT id FROM listed), $3, $4) b
               JOIN listed r ON r.id = b.room_id
              WHERE (NOT $5 OR EXISTS (SELECT FROM blocked_day d
                      WHERE d.day BETWEEN local_time(lower(b.during))::date
                                      AND local_time(upper(b.during) - interval '1 microsecond')::date))",
        )
        .await
        .map_err(|e| fail(db, e))?;
    let rows = client
        .query(&statement, &[&room, &area, &from, &to, &only_blocked])
        .await
        .map_err(|e| fail(db, e))?;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).to_rfc3339();
    let mut out: Vec<((DateTime<Utc>, i64), Listed)> = rows
        .iter()
        .map(|r| {
            let start: DateTime<Utc> = r.get(3);
            let moderation = Moderation::parse(r.get(11));
            let tentative: Option<DateTime<Utc>> = r.get(12);
            let loan = Loan::parse(r.get(13));
            let state = if moderation == Moderation::Pending {
                "pending"
            } else if loan.is_out() {
                loan.code()
            } else if tentative.is_some() {
                "tentative"
            } else {
                "booked"
            };
            let listed = Listed {
                id: r.get(0),
                room: r.get(1),
                area: r.get(2),
                start: local(start),
                end: local(r.get(4)),
                name: r.get(5),
                kind: r.get(6),
                owner: r.get(7),
                beneficiary: r.get(8),
                external: r.get(9),
                series_id: r.get(10),
                state: state.into(),
                moderation,
                tentative_until: tentative.map(local),
                loan,
            };
            ((start, r.get(14)), listed)
        })
        .collect();
    // By start, then by the rooms' order.
    out.sort_unstable_by_key(|(key, _)| *key);
    Ok(out.into_iter().map(|(_, listed)| listed).collect())
}

/// The series a booking belongs to, with its rule, for regenerating it.
pub async fn series_of(db: &Database, id: i64) -> Result<Option<(i64, Series)>, BookingError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "SELECT s.id, s.rule, s.start_local, s.end_local, s.until
               FROM booking b JOIN booking_series s ON s.id = b.series_id WHERE b.id = $1",
            &[&id],
        )
        .await
        .map_err(|e| fail(db, e))?;
    let Some(row) = row else { return Ok(None) };
    let rule: Value = row.get(1);
    let rule = rule_json::from_json(&rule).ok_or_else(|| {
        BookingError::BadInput(format!("series {}: rule {rule}", row.get::<_, i64>(0)))
    })?;
    Ok(Some((
        row.get(0),
        Series {
            start: row.get(2),
            end: row.get(3),
            rule,
            until: row.get(4),
        },
    )))
}

/// The blocked days of [from, to].
pub async fn blocked_days(
    db: &Database,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::collections::BTreeSet<NaiveDate>, BookingError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT day FROM blocked_day WHERE day BETWEEN $1 AND $2",
            &[&from, &to],
        )
        .await
        .map_err(|e| fail(db, e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Replaces the cycle numbers of [from, to] with `numbered` (administrators only).
pub async fn set_cycle_days(
    db: &Database,
    from: NaiveDate,
    to: NaiveDate,
    numbered: &[(NaiveDate, u32)],
) -> Result<i32, BookingError> {
    let (days, cycles): (Vec<NaiveDate>, Vec<i32>) =
        numbered.iter().map(|(d, n)| (*d, *n as i32)).unzip();
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT cycle_days_set($1, $2, $3, $4)",
            &[&from, &to, &days, &cycles],
        )
        .await
        .map_err(|e| fail(db, e))?;
    Ok(row.get(0))
}
