//! Writes that cost what they write, not the years behind them (issue 14): a series' conflict
//! check whatever the table's statistics say, the quotas, the daily expiry of tentative
//! bookings. Read from the plans PostgreSQL ran (auto_explain, with row counts), not from a
//! clock.

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use serde_json::Value;
use tokio_postgres::{AsyncMessage, NoTls};

use crate::common;
use common::plans::nodes;

/// A connection whose notices are kept: auto_explain at level NOTICE sends each plan there.
async fn connect_keeping_notices(url: &str) -> (tokio_postgres::Client, Arc<Mutex<Vec<String>>>) {
    let (client, mut connection) = tokio_postgres::connect(url, NoTls).await.unwrap();
    let notices = Arc::new(Mutex::new(Vec::new()));
    let sink = notices.clone();
    tokio::spawn(async move {
        let mut messages = futures::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(Ok(message)) = messages.next().await {
            if let AsyncMessage::Notice(notice) = message {
                sink.lock().unwrap().push(notice.message().to_owned());
            }
        }
    });
    (client, notices)
}

/// A connection on which every statement, nested ones too, sends its plan as run (with row
/// counts) as a notice; `then` runs after the setting up (as superuser: LOAD needs it).
async fn explaining(url: &str, then: &str) -> (tokio_postgres::Client, Arc<Mutex<Vec<String>>>) {
    let (client, notices) = connect_keeping_notices(url).await;
    client
        .batch_execute(&format!(
            "LOAD 'auto_explain';
             SET auto_explain.log_min_duration = 0;
             SET auto_explain.log_nested_statements = on;
             SET auto_explain.log_analyze = on;
             SET auto_explain.log_timing = off;
             SET auto_explain.log_format = json;
             SET auto_explain.log_level = notice;
             {then}"
        ))
        .await
        .unwrap();
    (client, notices)
}

/// The plans sent so far whose statement holds `text`.
fn plans_of(notices: &Mutex<Vec<String>>, text: &str) -> Vec<Value> {
    notices
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.contains(text))
        .filter_map(|n| n.find('{').and_then(|i| serde_json::from_str(&n[i..]).ok()))
        .collect()
}

/// Every plan of a statement holding `text` ran, and none read more than `most` bookings.
fn assert_read_at_most(notices: &Mutex<Vec<String>>, text: &str, most: f64, what: &str) {
    let plans = plans_of(notices, text);
    assert!(
        !plans.is_empty(),
        "{what}: no plan of {text:?} among {:?}",
        notices.lock().unwrap()
    );
    for plan in &plans {
        let read = booking_rows_read(plan);
        assert!(read <= most, "{what}: {read} bookings read: {plan:#}");
    }
}

/// The demo school with four school years of a teacher's bookings behind it.
async fn school_with_history() -> (common::TestDb, tokio_postgres::Client) {
    let db = common::demo_school().await;
    let root = db.client().await;
    root.batch_execute(FOUR_YEARS_OF_HISTORY).await.unwrap();
    (db, root)
}

/// A teacher's bookings of every day of the four school years behind, in three rooms.
const FOUR_YEARS_OF_HISTORY: &str =
    "INSERT INTO booking (room_id, during, name, type, owner)
     SELECT r.id, tstzrange(d + interval '7 hours', d + interval '8 hours'), 'Cours', 'A', 'anguyen'
       FROM room r, generate_series(date_trunc('day', now()) - interval '4 years',
                                    date_trunc('day', now()) - interval '1 day', interval '1 day') AS d
      WHERE r.name IN ('Labo SVT', 'Labo chimie', 'Labo 101');
     ANALYZE booking;";

/// The most times any node of a plan ran.
fn most_loops(plan: &Value) -> u64 {
    nodes(plan)
        .iter()
        .filter_map(|n| n.get("Actual Loops").and_then(Value::as_u64))
        .max()
        .unwrap_or(0)
}

/// Statistics taken before 2,920 bookings came into one room (what a large import leaves
/// until autovacuum passes): the conflicts of a 365-day series are still found by looking up
/// each occurrence that meets the room's bookings, never by going over the room's bookings
/// once per occurrence. Both ways give the same answer; the second took 160 ms and grew with
/// every booking of the room.
#[tokio::test]
async fn a_series_conflict_check_keeps_its_plan_when_the_statistics_are_stale() {
    let db = common::demo_school().await;
    let root = db.client().await;
    root.batch_execute(
        "ALTER TABLE booking SET (autovacuum_enabled = false);
         ANALYZE booking;
         INSERT INTO booking (room_id, during, name, type, owner)
         SELECT (SELECT id FROM room WHERE name = 'Grand gymnase'),
                tstzrange(d + h * interval '1 hour', d + (h + 1) * interval '1 hour'), 'Cours', 'A', 'mdupont'
           FROM generate_series(timestamptz '2031-01-01 00:00+00', '2031-12-31', interval '1 day') AS d,
                generate_series(8, 15) AS h;",
    )
    .await
    .unwrap();
    let (client, notices) = explaining(&db.url, "").await;
    // 19:00 meets nothing; 10:00 meets a booking every day.
    for (hour, clashes) in [(19, 0_i64), (10, 365)] {
        notices.lock().unwrap().clear();
        let found: i64 = client
            .query_one(
                "SELECT count(*) FROM conflicts_of(
                     (SELECT id FROM room WHERE name = 'Grand gymnase'),
                     ARRAY(SELECT tstzrange(d + $1 * interval '1 hour', d + ($1 + 1) * interval '1 hour')
                             FROM generate_series(timestamptz '2031-01-01 00:00+00', '2031-12-31', interval '1 day') AS d),
                     '{}')",
                &[&f64::from(hour)],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(found, clashes, "conflicts of the series at {hour}:00");
        let plans = plans_of(&notices, "");
        assert!(
            plans.len() >= 2,
            "auto_explain showed the statements of conflicts_of: {:?}",
            notices.lock().unwrap()
        );
        for plan in &plans {
            assert!(
                most_loops(plan) <= 365,
                "a plan of the series at {hour}:00 ran a node more often than there are occurrences: {plan:#}"
            );
        }
    }
}

/// Rows a plan read from the booking table (kept and filtered out), over all its loops.
fn booking_rows_read(plan: &Value) -> f64 {
    let number = |n: &serde_json::Map<String, Value>, key| n.get(key).and_then(Value::as_f64);
    nodes(plan)
        .iter()
        .filter(|n| n.get("Relation Name").and_then(Value::as_str) == Some("booking"))
        .map(|n| {
            let read = number(n, "Actual Rows").unwrap_or(0.0)
                + number(n, "Rows Removed by Filter").unwrap_or(0.0);
            read * number(n, "Actual Loops").unwrap_or(1.0)
        })
        .sum()
}

/// Four school years of a teacher's past bookings in three rooms, and a quota in the room,
/// in its area and for the installation: each count reads the teacher's bookings still to
/// come (none here), never the years behind them. Without an index on the person a count
/// read the room's history, or the whole table for the installation's quota.
#[tokio::test]
async fn quotas_count_the_bookings_to_come_not_the_history() {
    let (db, root) = school_with_history().await;
    root.batch_execute(
        "UPDATE setting SET value = '1000' WHERE name = 'booking.max_per_user';
         UPDATE area SET max_bookings_per_user = 1000 WHERE name = 'Sciences';",
    )
    .await
    .unwrap();
    let (client, notices) = explaining(&db.url, "SET SESSION AUTHORIZATION anguyen;").await;
    // A period of the Sciences area on a weekday a week or more ahead, not a blocked day.
    let booked = client
        .query_one(
            "WITH day AS (SELECT d::date AS d
                            FROM generate_series(current_date + 7, current_date + 50, interval '1 day') AS d
                           WHERE extract(isodow FROM d) < 6
                             AND NOT EXISTS (SELECT FROM blocked_day WHERE blocked_day.day = d::date)
                           ORDER BY d LIMIT 1)
             SELECT book((SELECT id FROM room WHERE name = 'Labo SVT'),
                         ARRAY[tstzrange((d + time '10:05') AT TIME ZONE 'Europe/Paris',
                                         (d + time '11:00') AT TIME ZONE 'Europe/Paris')],
                         '{\"name\": \"TP\"}')::text
               FROM day",
            &[],
        )
        .await
        .unwrap()
        .get::<_, String>(0);
    assert!(booked.contains("\"occurrences\""), "{booked}");
    assert_eq!(
        plans_of(&notices, "count(*) FROM public.booking").len(),
        3,
        "the room's, the area's and the installation's quota were counted"
    );
    assert_read_at_most(
        &notices,
        "count(*) FROM public.booking",
        1.0,
        "a quota read the teacher's past bookings",
    );
}

/// The daily tasks, four school years in: the tentative bookings nobody confirmed are found
/// through their deadline, not by reading the whole table.
#[tokio::test]
async fn the_daily_tasks_read_the_tentative_bookings_not_the_history() {
    let (db, _root) = school_with_history().await;
    let (_client, notices) = explaining(&db.url, "SELECT run_tasks();").await;
    assert_read_at_most(
        &notices,
        "tentative_until < now()",
        1.0,
        "the expiry read bookings that are not tentative",
    );
}

/// Blocking a day, four school years in: the bookings it would hit are looked up on that
/// day, not found by reading every booking ever made.
#[tokio::test]
async fn blocking_a_day_reads_that_day_not_the_history() {
    let (db, _root) = school_with_history().await;
    let (client, notices) = explaining(&db.url, "SET SESSION AUTHORIZATION mdupont;").await;
    let blocked = client
        .query_one(
            "SELECT admin_blocked_add(current_date + 30, 'Pont', 'keep')::text",
            &[],
        )
        .await
        .unwrap()
        .get::<_, String>(0);
    assert!(blocked.contains("\"bookings\""), "{blocked}");
    assert_read_at_most(
        &notices,
        "public.booking b JOIN public.room r",
        1.0,
        "blocking a day read bookings of other days",
    );
}

/// The moderation queue, four school years in: it reads the bookings waiting for a decision
/// (here one), not the years of decided ones, as the room's manager sees it (with the policy).
#[tokio::test]
async fn the_moderation_queue_reads_the_pending_bookings_not_the_history() {
    let (_db, root) = school_with_history().await;
    root.batch_execute(
        "INSERT INTO booking (room_id, during, name, type, owner, moderation)
         SELECT id, tstzrange(date_trunc('day', now()) + interval '7 days 9 hours', date_trunc('day', now()) + interval '7 days 10 hours'), 'Conseil', 'A', 'anguyen', 'pending'
           FROM room WHERE name = 'Labo 101';
         ANALYZE booking;
         SET SESSION AUTHORIZATION mdupont;",
    )
    .await
    .unwrap();
    let explained: Value = root
        .query_one(
            &format!(
                "EXPLAIN (ANALYZE, FORMAT JSON) {}",
                intendant::booking::plan_store::moderation_queue_sql()
            ),
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let read = booking_rows_read(&explained);
    assert!(
        (1.0..=2.0).contains(&read),
        "the queue read {read} bookings for one pending: {explained:#}"
    );
}

/// Archiving a room, four school years in: what it would keep out of sight (its live bookings
/// to come, here one) is counted from the time index, not from every booking ever made.
#[tokio::test]
async fn archiving_counts_the_bookings_to_come_not_the_history() {
    let (db, root) = school_with_history().await;
    root.batch_execute(
        "INSERT INTO booking (room_id, during, name, type, owner)
         SELECT id, tstzrange(date_trunc('day', now()) + interval '7 days 9 hours',
                              date_trunc('day', now()) + interval '7 days 10 hours'), 'Conseil', 'A', 'anguyen'
           FROM room WHERE name = 'Labo 101';
         ANALYZE booking;",
    )
    .await
    .unwrap();
    let (client, notices) = explaining(&db.url, "").await;
    let counts: Value = client
        .query_one(
            "SELECT archive_counts('{}', '{}', ARRAY[(SELECT id FROM room WHERE name = 'Labo 101')])",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(counts["future_bookings"], 1, "{counts}");
    assert_read_at_most(
        &notices,
        "public.booking b",
        1.0,
        "archiving counted bookings of the past",
    );
}

/// A 30-day series is dated in the statement that makes it: the row trigger that looked the
/// installation's zone up once per occurrence does not run (it did 30 times), every
/// occurrence's date is its local day, and a member written some other way without its date
/// is still dated by the trigger.
#[tokio::test]
async fn a_series_is_dated_by_its_insert_not_row_by_row() {
    let db = common::demo_school().await;
    let (client, notices) = explaining(
        &db.url,
        "SET auto_explain.log_triggers = on; SET SESSION AUTHORIZATION mdupont;",
    )
    .await;
    // The gymnasium opens every day; 21:00 local is 20:00 or 19:00 UTC, the day either way.
    let made: Value = client
        .query_one(
            "SELECT book((SELECT id FROM room WHERE name = 'Grand gymnase'),
                         ARRAY(SELECT tstzrange((current_date + 40 + i + time '21:00') AT TIME ZONE 'Europe/Paris',
                                                (current_date + 40 + i + time '22:00') AT TIME ZONE 'Europe/Paris')
                                 FROM generate_series(0, 29) AS i),
                         '{\"name\": \"Entraînement\"}',
                         jsonb_build_object('rule', '{\"kind\": \"daily\", \"every\": 1}'::jsonb,
                                            'start', (current_date + 40) + time '21:00',
                                            'end', (current_date + 40) + time '22:00',
                                            'until', current_date + 69))",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        made["occurrences"].as_array().map(Vec::len),
        Some(30),
        "{made}"
    );
    let inserts = plans_of(&notices, "INSERT INTO public.booking");
    let fired: Vec<(String, u64)> = inserts
        .iter()
        .flat_map(|p| p["Triggers"].as_array().cloned().unwrap_or_default())
        .map(|t| {
            let name = t["Trigger Name"].as_str().unwrap_or_default().to_string();
            (name, t["Calls"].as_u64().unwrap_or(0))
        })
        .collect();
    assert!(
        fired.iter().any(|(name, _)| name == "history_insert"),
        "the insert's triggers were seen: {fired:?} in {:?}",
        notices.lock().unwrap()
    );
    assert!(
        !fired
            .iter()
            .any(|(name, calls)| name == "booking_series_date" && *calls > 0),
        "the row trigger dated the series: {fired:?}"
    );
    let root = db.client().await;
    let wrong: i64 = root
        .query_one(
            "SELECT count(*) FILTER (WHERE series_date IS DISTINCT FROM (lower(during) AT TIME ZONE 'Europe/Paris')::date)
                    + 30 - count(*)
               FROM booking WHERE series_id IS NOT NULL AND name = 'Entraînement'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(wrong, 0, "every occurrence carries its local day");
    let dated: Option<chrono::NaiveDate> = root
        .query_one(
            "INSERT INTO booking (room_id, series_id, during, name, type, owner)
             SELECT room_id, series_id, tstzrange(lower(during) + interval '1 day', upper(during) + interval '1 day'),
                    'Entraînement', type, owner
               FROM booking WHERE name = 'Entraînement' ORDER BY lower(during) DESC LIMIT 1
             RETURNING series_date",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        dated.is_some(),
        "a member written without its date is dated"
    );
}
