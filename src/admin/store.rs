//! The admin functions' calls. Refusals (not an administrator, a type in use, a blocked day
//! that holds bookings) come back as the booking refusals do, with their arguments.

use chrono::NaiveDate;
use serde_json::Value;

use crate::booking::store::{call, BookingError};
use crate::db::Database;

pub async fn types(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('letter', letter, 'name', name, 'color', color,
                'order', sort_order, 'bookings', (SELECT count(*) FROM booking b WHERE b.type = t.letter))
                ORDER BY sort_order, letter), '[]')
           FROM booking_type t",
        &[],
    )
    .await
}

pub async fn type_save(
    db: &Database,
    letter: &str,
    name: &str,
    color: &str,
    order: Option<i32>,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_type_save($1, $2, $3, $4)",
        &[&letter, &name, &color, &order],
    )
    .await
}

pub async fn type_remove(db: &Database, letter: &str) -> Result<Value, BookingError> {
    call(db, "SELECT admin_type_remove($1)", &[&letter]).await
}

/// Days without bookings between two dates (both included).
pub async fn blocked(db: &Database, from: NaiveDate, to: NaiveDate) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('day', day, 'reason', reason) ORDER BY day), '[]')
           FROM blocked_day WHERE day BETWEEN $1 AND $2",
        &[&from, &to],
    )
    .await
}

/// Blocks `day`; `bookings` says what becomes of those on it: "keep" or "archive".
pub async fn blocked_add(
    db: &Database,
    day: NaiveDate,
    reason: &str,
    bookings: Option<&str>,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_blocked_add($1, $2, $3)",
        &[&day, &reason, &bookings],
    )
    .await
}

pub async fn blocked_remove(db: &Database, day: NaiveDate) -> Result<bool, BookingError> {
    call(db, "SELECT to_jsonb(admin_blocked_remove($1))", &[&day])
        .await
        .map(|v| v.as_bool().unwrap_or(false))
}

/// A user and its login; the password, if any, leaves as a SCRAM verifier only.
pub async fn user_create(
    db: &Database,
    login: &str,
    name: &str,
    email: Option<&str>,
    status: &str,
    password: Option<&str>,
) -> Result<Value, BookingError> {
    let verifier = password.map(verifier);
    call(
        db,
        "SELECT admin_user_create($1, $2, $3, $4::text::user_status, $5)",
        &[&login, &name, &email, &status, &verifier],
    )
    .await
}

pub async fn user_password(
    db: &Database,
    login: &str,
    password: &str,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_user_password($1, $2)",
        &[&login, &verifier(password)],
    )
    .await
}

pub async fn user_active(db: &Database, login: &str, active: bool) -> Result<Value, BookingError> {
    call(db, "SELECT admin_user_active($1, $2)", &[&login, &active]).await
}

/// What PostgreSQL stores for a password (`SCRAM-SHA-256$…`), made here as psql's
/// `\password` does, so the password itself never reaches the server or its log.
fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// The connection log since `since`, of one login or all, newest first.
pub async fn connections(
    db: &Database,
    since: chrono::DateTime<chrono::Utc>,
    login: Option<&str>,
) -> Result<Value, BookingError> {
    call(db, "SELECT connection_list($1, $2)", &[&since, &login]).await
}

/// Changes fields of a room; the database says who may change which.
pub async fn room_set(db: &Database, room: i64, changes: &Value) -> Result<Value, BookingError> {
    call(db, "SELECT admin_room_set($1, $2)", &[&room, changes]).await
}

/// Day `cycle` of the rotation on `day`, or none.
pub async fn cycle_set(
    db: &Database,
    day: NaiveDate,
    cycle: Option<i32>,
) -> Result<Value, BookingError> {
    call(db, "SELECT admin_cycle_set($1, $2)", &[&day, &cycle]).await
}
