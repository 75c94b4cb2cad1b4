//! Reads that cost the week they show (issue 14): the booking read path lets the index take
//! the time range whatever the user's rights, and applies exactly the visibility the table's
//! policy does.

use crate::common;

use common::demo_school;
use common::plans::condition_has;
use serde_json::Value;

/// A connection as a new user with no rights but their status, as psql would have it (with
/// the role, which lives as long as it is kept).
async fn plain_user(db: &common::TestDb) -> (common::TestRole, tokio_postgres::Client) {
    let plain = db.role("plain").await;
    db.client()
        .await
        .execute(
            "INSERT INTO app_user (login, status) VALUES ($1, 'user')",
            &[&plain.name],
        )
        .await
        .unwrap();
    let client = common::connect(&plain.url).await;
    (plain, client)
}

/// Does a JSON plan hold an index condition on the booking's time range?
fn range_in_index_cond(plan: &Value) -> bool {
    condition_has(plan, "Index Cond", "during &&")
}

/// The plan of `bookings_in`'s own body (a SECURITY DEFINER function is planned as its owner
/// plans it), for a week of every room, on two school years of bookings.
#[tokio::test]
async fn a_week_is_read_through_the_index_not_the_history() {
    let db = demo_school().await;
    let root = db.client().await;
    root.batch_execute(
        "INSERT INTO booking (room_id, during, name, type, owner)
         SELECT r.id, tstzrange(d + interval '8 hours', d + interval '9 hours'), 'Cours', 'A', 'mdupont'
           FROM room r, generate_series(timestamptz '2025-09-01 00:00+00', '2027-07-01', interval '1 day') AS d
          WHERE NOT r.unavailable;
         ANALYZE booking;",
    )
    .await
    .unwrap();
    let body: String = root
        .query_one(
            "SELECT prosrc FROM pg_proc WHERE proname = 'bookings_in'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    // The one statement of its PL/pgSQL body.
    let query = body
        .split_once("RETURN QUERY")
        .and_then(|(_, q)| q.split_once(';'))
        .map(|(q, _)| q)
        .expect("a RETURN QUERY statement")
        .replace(
            "rooms_visible(rooms)",
            "rooms_visible(ARRAY(SELECT id FROM room))",
        )
        .replace("from_at", "timestamptz '2026-12-07 00:00+01'")
        .replace("to_at", "timestamptz '2026-12-14 00:00+01'");
    let plan: Value = root
        .query_one(&format!("EXPLAIN (FORMAT JSON) {query}"), &[])
        .await
        .unwrap()
        .get(0);
    assert!(
        range_in_index_cond(&plan),
        "the range is an index condition:\n{plan:#}"
    );
    // Why it exists: the same week read from the table under its policy, as a plain user,
    // cannot give the range to the index (the operator is not leakproof).
    let (_plain, user) = plain_user(&db).await;
    let plan: Value = user
        .query_one(
            "EXPLAIN (FORMAT JSON) SELECT * FROM booking b
              WHERE b.during && tstzrange('2026-12-07 00:00+01', '2026-12-14 00:00+01')",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(!range_in_index_cond(&plan), "under the policy:\n{plan:#}");
}

/// `visible_rooms()` (set-based now) gives each user the rooms `can_see_room()` gives, and
/// `bookings_in` the bookings the table's policy shows: nothing more through psql.
#[tokio::test]
async fn the_read_path_sees_what_the_policy_sees() {
    let db = demo_school().await;
    let root = db.client().await;
    root.batch_execute(
        "INSERT INTO booking (room_id, during, name, type, owner)
         SELECT r.id, tstzrange(timestamptz '2027-03-01 09:00+01' + n * interval '1 day',
                                timestamptz '2027-03-01 10:00+01' + n * interval '1 day'), 'Cours', 'A', 'mdupont'
           FROM room r, generate_series(0, 4) AS n",
    )
    .await
    .unwrap();
    let logins: Vec<String> = root
        .query("SELECT login FROM app_user ORDER BY login", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let group: String = root
        .query_one("SELECT group_role()", &[])
        .await
        .unwrap()
        .get(0);
    // Every room and area, as the owner sees them: the rules are asked of each, not only of
    // those a policy already let through.
    let every = root
        .query_one(
            "SELECT ARRAY(SELECT id FROM room ORDER BY id), ARRAY(SELECT id FROM area ORDER BY id)",
            &[],
        )
        .await
        .unwrap();
    let (all_rooms, all_areas): (Vec<i64>, Vec<i64>) = (every.get(0), every.get(1));
    for login in logins {
        // Each demo user as their own login, as psql would be. The demo's logins are the
        // cluster's: changed one test at a time.
        let lock = common::DemoLogins::lock().await;
        root.batch_execute(&format!(
            "GRANT \"{group}\" TO \"{login}\"; ALTER ROLE \"{login}\" LOGIN"
        ))
        .await
        .unwrap();
        lock.release().await;
        let url = format!(
            "{}/{}",
            common::server_url().replacen("postgres@", &format!("{login}@"), 1),
            db.name
        );
        let client = common::connect(&url).await;
        let row = client
            .query_one(
                "SELECT visible_rooms(),
                        ARRAY(SELECT id FROM unnest($1::bigint[]) AS id WHERE can_see_room(id) ORDER BY id),
                        ARRAY(SELECT id FROM bookings_in(ARRAY(SELECT id FROM room), '2027-01-01', '2028-01-01') ORDER BY id),
                        ARRAY(SELECT id FROM booking WHERE archived_at IS NULL ORDER BY id)",
                &[&all_rooms],
            )
            .await
            .unwrap();
        let (rooms, by_room): (Vec<i64>, Vec<i64>) = (row.get(0), row.get(1));
        assert_eq!(rooms, by_room, "{login}: visible rooms");
        let (read, policy): (Vec<i64>, Vec<i64>) = (row.get(2), row.get(3));
        assert_eq!(read, policy, "{login}: bookings");
        // The rooms' and areas' policies (now computed once a statement) and the rooms the
        // user handles, against the rules asked room by room as they were.
        let row = client
            .query_one(
                "SELECT ARRAY(SELECT id FROM room ORDER BY id),
                        ARRAY(SELECT id FROM area ORDER BY id),
                        ARRAY(SELECT a FROM unnest(handled_rooms()) AS a ORDER BY a)",
                &[],
            )
            .await
            .unwrap();
        let (seen_rooms, seen_areas, handled): (Vec<i64>, Vec<i64>, Vec<i64>) =
            (row.get(0), row.get(1), row.get(2));
        let by_rule = client
            .query_one(
                "SELECT ARRAY(SELECT r FROM unnest(visible_rooms()) AS r ORDER BY r),
                        ARRAY(SELECT id FROM unnest($1::bigint[]) AS id WHERE can_see_area(id) ORDER BY id)",
                &[&all_areas],
            )
            .await
            .unwrap();
        assert_eq!(seen_rooms, by_rule.get::<_, Vec<i64>>(0), "{login}: rooms");
        assert_eq!(seen_areas, by_rule.get::<_, Vec<i64>>(1), "{login}: areas");
        let mut by_room = Vec::new();
        for &id in &all_rooms {
            let yes: bool = client
                .query_one("SELECT handles_room($1)", &[&id])
                .await
                .unwrap()
                .get(0);
            if yes {
                by_room.push(id);
            }
        }
        assert_eq!(handled, by_room, "{login}: rooms handled");
    }
}

/// Does any node of a JSON plan filter with `needle`?
fn filter_has(plan: &Value, needle: &str) -> bool {
    condition_has(plan, "Filter", needle)
}

/// The rooms' policy looks each room up in a hash of the visible ones: `= ANY (array)`
/// compared every room with every visible room (500 rooms, 250,000 comparisons a read).
#[tokio::test]
async fn the_rooms_policy_is_a_hash_lookup_not_a_scan_of_the_list() {
    let db = demo_school().await;
    let (_plain, user) = plain_user(&db).await;
    let plan: Value = user
        .query_one("EXPLAIN (FORMAT JSON) SELECT id, name FROM room", &[])
        .await
        .unwrap()
        .get(0);
    assert!(filter_has(&plan, "hashed SubPlan"), "{plan:#}");
    assert!(!filter_has(&plan, "= ANY"), "{plan:#}");
}

/// PostgreSQL (before 18) plans an SQL function's body at every statement that calls it when it
/// cannot inline it, and one with SET search_path is never inlined: every such function is
/// PL/pgSQL, which plans once a session (sql/0034). A later migration that adds one in SQL
/// breaks this.
#[tokio::test]
async fn no_function_is_planned_again_at_every_call() {
    let db = common::fresh_db().await;
    let client = db.client().await;
    let sql_with_settings: Vec<String> = client
        .query(
            "SELECT p.proname::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
              WHERE p.pronamespace = 'public'::regnamespace AND l.lanname = 'sql'
                AND (p.proconfig IS NOT NULL OR p.prosecdef)
              ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(sql_with_settings.is_empty(), "{sql_with_settings:?}");
    // The rule functions still answer as before (a refusal by the rules, a lookup).
    let n: i64 = client
        .query_one("SELECT count(*) FROM rooms_named('nothing', NULL)", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    assert!(client
        .query_one("SELECT group_role_owned()", &[])
        .await
        .unwrap()
        .get::<_, bool>(0));
}
