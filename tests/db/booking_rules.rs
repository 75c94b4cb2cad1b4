//! The booking rules and rights of sql/0004, each in both directions: refused for a plain
//! user, allowed for whoever seed 003 says bypasses it (or on the right side of the limit).
//! Every call goes through a real login role, as the TUI and the CLI would.

use crate::common;

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use common::{connect, fresh_db, TestDb, TestRole};
use serde_json::{json, Value};
use tokio_postgres::Client;

const ROLES: [(&str, &str); 8] = [
    ("admin", "admin"),
    ("site_admin", "user"),
    ("area_admin", "user"),
    ("manager", "user"),
    ("umgr", "user_manager"),
    ("alice", "user"),
    ("bob", "user"),
    ("visitor", "visitor"),
];

struct World {
    _db: TestDb,
    root: Client,
    roles: HashMap<&'static str, (TestRole, Client)>,
    rooms: HashMap<&'static str, i64>,
    /// A Monday at least two weeks ahead.
    monday: NaiveDate,
}

impl World {
    async fn new() -> World {
        let db = fresh_db().await;
        let root = db.client().await;
        root.batch_execute(
            "INSERT INTO site (code, name) VALUES ('NORD', 'Campus Nord'), ('SUD', 'Campus Sud');
             INSERT INTO booking_type (letter, name, color, sort_order) VALUES ('A', 'Cours', '#4a90d9', 1), ('B', 'Réunion', '#d94a4a', 2);
             INSERT INTO area (site_id, name, days_shown, day_start, day_end, enabled_types)
                  SELECT id, 'Informatique', 31, '08:00', '19:00', '{A}' FROM site WHERE code = 'NORD';
             INSERT INTO area (site_id, name, days_shown)
                  SELECT id, 'Créneaux', 127 FROM site WHERE code = 'NORD';
             INSERT INTO area_period (area_id, position, label, starts, ends)
                  SELECT id, 1, 'M1 8h10-9h00', time '08:10', time '09:00' FROM area WHERE name = 'Créneaux'
                  UNION ALL SELECT id, 2, 'M2 9h00-9h50', time '09:00', time '09:50' FROM area WHERE name = 'Créneaux';
             INSERT INTO area (site_id, name, access, days_shown) SELECT id, 'Direction', 'restricted', 127 FROM site WHERE code = 'NORD';
             INSERT INTO area (site_id, name, days_shown, day_start, day_end) SELECT id, 'Sport', 127, '07:00', '22:00' FROM site WHERE code = 'SUD';
             INSERT INTO room (area_id, name) SELECT id, 'Labo' FROM area WHERE name = 'Informatique';
             INSERT INTO room (area_id, name) SELECT id, 'Salle' FROM area WHERE name = 'Informatique';
             INSERT INTO room (area_id, name) SELECT id, 'Amphi' FROM area WHERE name = 'Créneaux';
             INSERT INTO room (area_id, name) SELECT id, 'Bureau' FROM area WHERE name = 'Direction';
             INSERT INTO room (area_id, name) SELECT id, 'Gymnase' FROM area WHERE name = 'Sport';
             INSERT INTO area_field (area_id, name, kind, choices, mandatory)
                  SELECT id, 'Niveau', 'list', '{2de,1re,Tle}', true FROM area WHERE name = 'Informatique';",
        )
        .await
        .unwrap();
        let mut rooms = HashMap::new();
        for name in ["Labo", "Salle", "Amphi", "Bureau", "Gymnase"] {
            let id: i64 = root
                .query_one("SELECT id FROM room WHERE name = $1", &[&name])
                .await
                .unwrap()
                .get(0);
            rooms.insert(name, id);
        }
        let mut roles = HashMap::new();
        for (key, status) in ROLES {
            let role = db.role(key).await;
            root.execute(
                "INSERT INTO app_user (login, display_name, status) VALUES ($1, $2, $3::text::user_status)",
                &[&role.name, &key.to_uppercase(), &status],
            )
            .await
            .unwrap();
            let client = connect(&role.url).await;
            roles.insert(key, (role, client));
        }
        let login = |k: &str| roles[k].0.name.clone();
        root.execute(
            "INSERT INTO site_admin (site_id, login) SELECT id, $1 FROM site WHERE code = 'NORD'",
            &[&login("site_admin")],
        )
        .await
        .unwrap();
        root.execute(
            "INSERT INTO area_admin (area_id, login) SELECT id, $1 FROM area WHERE name = 'Informatique'",
            &[&login("area_admin")],
        )
        .await
        .unwrap();
        root.execute(
            "INSERT INTO room_manager (room_id, login) VALUES ($1, $2)",
            &[&rooms["Labo"], &login("manager")],
        )
        .await
        .unwrap();
        let today = chrono::Utc::now().date_naive();
        let monday = today + Duration::days(14 + 7 - today.weekday().num_days_from_monday() as i64);
        World {
            _db: db,
            root,
            roles,
            rooms,
            monday,
        }
    }

    fn login(&self, who: &str) -> String {
        self.roles[who].0.name.clone()
    }

    fn client(&self, who: &str) -> &Client {
        &self.roles[who].1
    }

    /// "YYYY-MM-DD HH:MM Europe/Paris", `days` after the Monday.
    fn at(&self, days: i64, time: &str) -> String {
        format!("{} {time} Europe/Paris", self.monday + Duration::days(days))
    }

    async fn set(&self, sql: &str) {
        self.root.batch_execute(sql).await.unwrap();
    }

    /// Books one occurrence as `who`; Err is the refusal's rule name.
    async fn book(
        &self,
        who: &str,
        room: &str,
        start: &str,
        end: &str,
        details: Value,
    ) -> Result<Value, String> {
        self.book_many(who, room, &[(start, end)], details, None, false)
            .await
    }

    async fn book_many(
        &self,
        who: &str,
        room: &str,
        ranges: &[(&str, &str)],
        details: Value,
        series: Option<Value>,
        skip: bool,
    ) -> Result<Value, String> {
        let starts: Vec<&str> = ranges.iter().map(|r| r.0).collect();
        let ends: Vec<&str> = ranges.iter().map(|r| r.1).collect();
        let r = self
            .client(who)
            .query_one(
                "SELECT book($1, ARRAY(SELECT tstzrange(s::timestamptz, e::timestamptz) FROM unnest($2::text[], $3::text[]) AS x(s, e)), $4, $5, $6)",
                &[&self.rooms[room], &starts, &ends, &details, &series, &skip],
            )
            .await;
        outcome(r)
    }

    async fn call(&self, who: &str, sql: &str, id: i64) -> Result<Value, String> {
        outcome(self.client(who).query_one(sql, &[&id]).await)
    }

    async fn one(&self, sql: &str) -> i64 {
        self.root.query_one(sql, &[]).await.unwrap().get(0)
    }
}

/// Ok(the function's JSON, or null) or Err(rule); anything but a refusal fails the test.
fn outcome(r: Result<tokio_postgres::Row, tokio_postgres::Error>) -> Result<Value, String> {
    match r {
        Ok(row) => Ok(row.try_get::<_, Value>(0).unwrap_or(Value::Null)),
        Err(e) => {
            let db = e.as_db_error().unwrap_or_else(|| panic!("{e}"));
            let detail: Value = db
                .detail()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_else(|| panic!("not a refusal: {e:?}"));
            Err(detail["rule"].as_str().unwrap().to_owned())
        }
    }
}

fn course() -> Value {
    json!({"name": "Cours", "fields": {"Niveau": "2de"}})
}

fn first_id(v: &Value) -> i64 {
    v["occurrences"][0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn conflicts_name_the_other_booking_and_are_all_or_nothing_for_series() {
    let w = World::new().await;
    let (s, e) = (w.at(0, "10:00"), w.at(0, "11:00"));
    w.book("bob", "Labo", &s, &e, course()).await.unwrap();
    let err = w
        .client("alice")
        .query_one(
            "SELECT book($1, ARRAY[tstzrange($2::text::timestamptz, $3::text::timestamptz)], $4)",
            &[
                &w.rooms["Labo"],
                &w.at(0, "10:30"),
                &w.at(0, "11:30"),
                &course(),
            ],
        )
        .await
        .unwrap_err();
    let db = err.as_db_error().unwrap();
    assert_eq!(db.code().code(), "IB000");
    let detail: Value = serde_json::from_str(db.detail().unwrap()).unwrap();
    assert_eq!(detail["rule"], "conflict");
    assert_eq!(detail["conflicts"][0]["beneficiary"], "BOB", "{detail}");
    assert!(
        db.message().contains("10:00–11:00 Cours (BOB)"),
        "{}",
        db.message()
    );
    // Touching ends and another room are free.
    w.book("alice", "Labo", &e, &w.at(0, "12:00"), course())
        .await
        .unwrap();
    w.book("alice", "Salle", &s, &e, course()).await.unwrap();

    // A weekly series over two taken dates: refused whole, naming both dates.
    w.book(
        "bob",
        "Salle",
        &w.at(14, "14:00"),
        &w.at(14, "15:00"),
        course(),
    )
    .await
    .unwrap();
    let weeks: Vec<(String, String)> = (0..4)
        .map(|k| (w.at(7 * k, "14:00"), w.at(7 * k, "15:00")))
        .collect();
    let ranges: Vec<(&str, &str)> = weeks
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    w.book("bob", "Salle", ranges[3].0, ranges[3].1, course())
        .await
        .unwrap();
    let before = w.one("SELECT count(*) FROM booking").await;
    let err = w
        .client("alice")
        .query_one(
            "SELECT book($1, ARRAY(SELECT tstzrange(s::timestamptz, e::timestamptz) FROM unnest($2::text[], $3::text[]) AS x(s, e)), $4)",
            &[
                &w.rooms["Salle"],
                &ranges.iter().map(|r| r.0).collect::<Vec<_>>(),
                &ranges.iter().map(|r| r.1).collect::<Vec<_>>(),
                &course(),
            ],
        )
        .await
        .unwrap_err();
    let detail: Value = serde_json::from_str(err.as_db_error().unwrap().detail().unwrap()).unwrap();
    let dates: Vec<&str> = detail["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        vec![
            (w.monday + Duration::days(14)).to_string(),
            (w.monday + Duration::days(21)).to_string()
        ]
    );
    assert_eq!(
        w.one("SELECT count(*) FROM booking").await,
        before,
        "nothing written"
    );
    // --skip-conflicts books the two free weeks and reports the others.
    let series = json!({"rule": {"kind": "weekly", "every": 1, "days": ["mon"]},
                        "start": format!("{}T14:00:00", w.monday), "end": format!("{}T15:00:00", w.monday),
                        "until": (w.monday + Duration::days(21)).to_string()});
    let made = w
        .book_many("alice", "Salle", &ranges, course(), Some(series), true)
        .await
        .unwrap();
    assert_eq!(made["occurrences"].as_array().unwrap().len(), 2);
    assert_eq!(made["skipped"].as_array().unwrap().len(), 2);
    assert!(made["series_id"].as_i64().is_some());
}

#[tokio::test]
async fn twenty_clients_through_book_one_winner_the_rest_told_why() {
    let w = World::new().await;
    let role = &w.roles["alice"].0;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let mut tasks = Vec::new();
    for i in 0..20 {
        let client = connect(&role.url).await;
        let barrier = barrier.clone();
        let (room, s, e) = (w.rooms["Labo"], w.at(1, "09:00"), w.at(1, "10:00"));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            outcome(
                client
                    .query_one(
                        "SELECT book($1, ARRAY[tstzrange($2::text::timestamptz, $3::text::timestamptz)], $4)",
                        &[&room, &s, &e, &json!({"name": format!("n{i}"), "fields": {"Niveau": "1re"}})],
                    )
                    .await,
            )
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(rule) => assert_eq!(rule, "conflict"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(
        w.one("SELECT count(*) FROM booking a JOIN booking b ON a.room_id = b.room_id AND a.id < b.id AND a.during && b.during WHERE a.archived_at IS NULL AND b.archived_at IS NULL").await,
        0
    );
}

#[tokio::test]
async fn each_rule_refuses_a_user_and_lets_its_bypasser_through() {
    let w = World::new().await;
    let (s, e) = (w.at(1, "10:00"), w.at(1, "11:00"));
    let expect = |r: Result<Value, String>, rule: &str, who: &str| match r {
        Err(got) => assert_eq!(got, rule, "{who}"),
        Ok(v) => panic!("{who}: expected refusal {rule}, booked {v}"),
    };

    // Room unavailable: users refused, its manager books.
    w.set("UPDATE room SET unavailable = true WHERE name = 'Labo'")
        .await;
    expect(
        w.book("alice", "Labo", &s, &e, course()).await,
        "room_unavailable",
        "alice",
    );
    let b = w.book("manager", "Labo", &s, &e, course()).await.unwrap();
    w.call("manager", "SELECT booking_delete($1)", first_id(&b))
        .await
        .unwrap();
    w.set("UPDATE room SET unavailable = false WHERE name = 'Labo'")
        .await;

    // Blocked day: refused to users, admins book it.
    w.set(&format!(
        "INSERT INTO blocked_day (day) VALUES ('{}')",
        w.monday + Duration::days(2)
    ))
    .await;
    let (bs, be) = (w.at(2, "10:00"), w.at(2, "11:00"));
    expect(
        w.book("alice", "Labo", &bs, &be, course()).await,
        "blocked_day",
        "alice",
    );
    expect(
        w.book("manager", "Labo", &bs, &be, course()).await,
        "blocked_day",
        "manager",
    );
    w.book("admin", "Labo", &bs, &be, course()).await.unwrap();

    // The area's days and hours.
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(5, "10:00"),
            &w.at(5, "11:00"),
            course(),
        )
        .await,
        "closed_day",
        "saturday",
    );
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(1, "07:00"),
            &w.at(1, "08:30"),
            course(),
        )
        .await,
        "outside_hours",
        "07:00",
    );
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(1, "18:30"),
            &w.at(1, "19:30"),
            course(),
        )
        .await,
        "outside_hours",
        "19:30",
    );
    w.book(
        "alice",
        "Labo",
        &w.at(1, "08:00"),
        &w.at(1, "09:00"),
        course(),
    )
    .await
    .unwrap();
    w.book(
        "alice",
        "Labo",
        &w.at(1, "18:00"),
        &w.at(1, "19:00"),
        course(),
    )
    .await
    .unwrap();

    // Named periods: a booking covers whole periods.
    let plain = json!({"name": "Amphi"});
    expect(
        w.book(
            "alice",
            "Amphi",
            &w.at(1, "08:00"),
            &w.at(1, "09:00"),
            plain.clone(),
        )
        .await,
        "outside_periods",
        "8:00",
    );
    w.book(
        "alice",
        "Amphi",
        &w.at(1, "08:10"),
        &w.at(1, "09:50"),
        plain.clone(),
    )
    .await
    .unwrap();

    // Types of the area, additional fields.
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(3, "10:00"),
            &w.at(3, "11:00"),
            json!({"name": "x", "type": "B", "fields": {"Niveau": "2de"}}),
        )
        .await,
        "type_not_enabled",
        "B",
    );
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(3, "10:00"),
            &w.at(3, "11:00"),
            json!({"name": "x"}),
        )
        .await,
        "mandatory_field",
        "no Niveau",
    );
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(3, "10:00"),
            &w.at(3, "11:00"),
            json!({"name": "x", "fields": {"Niveau": "6e"}}),
        )
        .await,
        "field_choice",
        "6e",
    );
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(3, "10:00"),
            &w.at(3, "11:00"),
            json!({"name": "x", "fields": {"Niveau": "2de", "Salle": "1"}}),
        )
        .await,
        "unknown_field",
        "Salle",
    );
    w.book(
        "alice",
        "Labo",
        &w.at(3, "10:00"),
        &w.at(3, "11:00"),
        course(),
    )
    .await
    .unwrap();

    // Max duration: the room's managers and area admins are not limited.
    w.set("UPDATE room SET max_duration = '2 hours' WHERE name = 'Labo'")
        .await;
    expect(
        w.book(
            "alice",
            "Labo",
            &w.at(4, "09:00"),
            &w.at(4, "12:00"),
            course(),
        )
        .await,
        "max_duration",
        "alice",
    );
    let b = w
        .book(
            "area_admin",
            "Labo",
            &w.at(4, "09:00"),
            &w.at(4, "12:00"),
            course(),
        )
        .await
        .unwrap();
    w.call("area_admin", "SELECT booking_delete($1)", first_id(&b))
        .await
        .unwrap();
    w.book(
        "manager",
        "Labo",
        &w.at(4, "09:00"),
        &w.at(4, "12:00"),
        course(),
    )
    .await
    .unwrap();

    // Max days ahead and min minutes before: managers and area admins bypass both.
    w.set("UPDATE room SET max_days_ahead = 7 WHERE name = 'Salle'")
        .await;
    expect(
        w.book("alice", "Salle", &s, &e, course()).await,
        "max_days_ahead",
        "alice",
    );
    w.book("area_admin", "Salle", &s, &e, course())
        .await
        .unwrap();
    w.set("UPDATE room SET max_days_ahead = -1, min_minutes_before = 100000 WHERE name = 'Salle'")
        .await;
    expect(
        w.book(
            "alice",
            "Salle",
            &w.at(1, "14:00"),
            &w.at(1, "15:00"),
            course(),
        )
        .await,
        "min_minutes_before",
        "alice",
    );
    w.book(
        "site_admin",
        "Salle",
        &w.at(1, "14:00"),
        &w.at(1, "15:00"),
        course(),
    )
    .await
    .unwrap();
    w.set("UPDATE room SET min_minutes_before = 0 WHERE name = 'Salle'")
        .await;

    // Past: only admins, unless the room allows it.
    let yesterday = (chrono::Utc::now().date_naive() - Duration::days(1)).to_string();
    let (ps, pe) = (
        format!("{yesterday} 10:00 Europe/Paris"),
        format!("{yesterday} 11:00 Europe/Paris"),
    );
    let sport = json!({"name": "Match"});
    expect(
        w.book("alice", "Gymnase", &ps, &pe, sport.clone()).await,
        "past",
        "alice",
    );
    w.book("admin", "Gymnase", &ps, &pe, sport.clone())
        .await
        .unwrap();
    w.set("UPDATE room SET allow_past = true WHERE name = 'Gymnase'")
        .await;
    w.book(
        "alice",
        "Gymnase",
        &format!("{yesterday} 12:00 Europe/Paris"),
        &format!("{yesterday} 13:00 Europe/Paris"),
        sport.clone(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn quotas_per_room_area_and_overall_spare_the_rooms_handlers() {
    let w = World::new().await;
    let slot = |d: i64, h: u32| {
        (
            w.at(d, &format!("{h:02}:00")),
            w.at(d, &format!("{:02}:00", h + 1)),
        )
    };
    let expect = |r: Result<Value, String>, rule: &str| assert_eq!(r.unwrap_err(), rule);

    w.set("UPDATE room SET max_bookings_per_user = 1 WHERE name = 'Labo'")
        .await;
    let (a, b) = slot(1, 9);
    w.book("alice", "Labo", &a, &b, course()).await.unwrap();
    let (a, b) = slot(1, 10);
    expect(
        w.book("alice", "Labo", &a, &b, course()).await,
        "max_per_room",
    );
    // The quota is per user: bob still may; the room manager is not counted.
    w.book("bob", "Labo", &a, &b, course()).await.unwrap();
    for h in [11, 12] {
        let (a, b) = slot(1, h);
        w.book("manager", "Labo", &a, &b, course()).await.unwrap();
    }
    // Booked for alice by a manager, it still counts against alice.
    w.set("UPDATE room SET max_bookings_per_user = -1 WHERE name = 'Labo'")
        .await;

    w.set("UPDATE area SET max_bookings_per_user = 2 WHERE name = 'Informatique'")
        .await;
    let (a, b) = slot(2, 9);
    w.book("alice", "Salle", &a, &b, course()).await.unwrap();
    let (a, b) = slot(2, 10);
    expect(
        w.book("alice", "Salle", &a, &b, course()).await,
        "max_per_area",
    );
    w.book("area_admin", "Salle", &a, &b, course())
        .await
        .unwrap();
    let (a, b) = slot(2, 11);
    w.book("area_admin", "Salle", &a, &b, course())
        .await
        .unwrap();
    w.set("UPDATE area SET max_bookings_per_user = -1 WHERE name = 'Informatique'")
        .await;

    w.set("UPDATE setting SET value = '3' WHERE name = 'booking.max_per_user'")
        .await;
    let (a, b) = slot(3, 9);
    w.book("alice", "Gymnase", &a, &b, json!({"name": "Sport"}))
        .await
        .unwrap();
    let (a, b) = slot(3, 10);
    expect(
        w.book("alice", "Gymnase", &a, &b, json!({"name": "Sport"}))
            .await,
        "max_per_user",
    );
    w.book(
        "admin",
        "Gymnase",
        &a,
        &b,
        json!({"name": "Sport", "beneficiary": w.login("alice")}),
    )
    .await
    .unwrap();
    // Deleting one of hers makes room again.
    let hers: i64 = w
        .root
        .query_one(
            "SELECT id FROM booking WHERE owner = $1 ORDER BY id LIMIT 1",
            &[&w.login("alice")],
        )
        .await
        .unwrap()
        .get(0);
    w.call("alice", "SELECT booking_delete($1)", hers)
        .await
        .unwrap();
    w.set("UPDATE setting SET value = '5' WHERE name = 'booking.max_per_user'")
        .await;
    let (a, b) = slot(3, 12);
    w.book("alice", "Gymnase", &a, &b, json!({"name": "Sport"}))
        .await
        .unwrap();
}

#[tokio::test]
async fn booking_for_others_visitors_and_tentative_bookings() {
    let w = World::new().await;
    let (s, e) = (w.at(1, "10:00"), w.at(1, "11:00"));
    let for_bob =
        json!({"name": "Pour Bob", "fields": {"Niveau": "Tle"}, "beneficiary": w.login("bob")});
    let external = json!({"name": "Parents", "fields": {"Niveau": "Tle"}, "external_name": "M. Durand", "external_email": "durand@example.org"});
    assert_eq!(
        w.book("alice", "Labo", &s, &e, for_bob.clone())
            .await
            .unwrap_err(),
        "book_for_others"
    );
    assert_eq!(
        w.book("alice", "Labo", &s, &e, external.clone())
            .await
            .unwrap_err(),
        "book_for_others"
    );
    assert_eq!(
        w.book("visitor", "Labo", &s, &e, course())
            .await
            .unwrap_err(),
        "visitor"
    );
    // Room setting: users and up may book for others.
    w.set("UPDATE room SET book_for_others = 'user' WHERE name = 'Labo'")
        .await;
    let made = w.book("alice", "Labo", &s, &e, for_bob).await.unwrap();
    let row = w
        .root
        .query_one(
            "SELECT owner, beneficiary FROM booking WHERE id = $1",
            &[&first_id(&made)],
        )
        .await
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, String>(1)),
        (w.login("alice"), w.login("bob"))
    );
    // Bob, the beneficiary, may change it; so may alice, its owner.
    w.call(
        "bob",
        "SELECT booking_edit($1, '{\"short_description\": \"vu\"}'::jsonb)",
        first_id(&made),
    )
    .await
    .unwrap();
    let made = w.book("manager", "Salle", &s, &e, external).await;
    assert_eq!(
        made.unwrap_err(),
        "book_for_others",
        "a manager of Labo is nobody in Salle"
    );
    // A delegate of the room may, whatever her status.
    w.set(&format!(
        "INSERT INTO room_delegate (room_id, login) VALUES ({}, '{}')",
        w.rooms["Salle"],
        w.login("alice")
    ))
    .await;
    w.book(
        "alice",
        "Salle",
        &w.at(3, "10:00"),
        &w.at(3, "11:00"),
        json!({"name": "Pour Bob", "fields": {"Niveau": "Tle"}, "beneficiary": w.login("bob")}),
    )
    .await
    .unwrap();
    w.book(
        "area_admin",
        "Salle",
        &s,
        &e,
        json!({"name": "Parents", "fields": {"Niveau": "Tle"}, "external_name": "M. Durand"}),
    )
    .await
    .unwrap();

    // Tentative bookings only where the room takes them, confirm-by within its delay.
    let until = (chrono::Utc::now() + Duration::days(2)).to_rfc3339();
    let tentative =
        json!({"name": "Peut-être", "fields": {"Niveau": "2de"}, "tentative_until": until});
    assert_eq!(
        w.book(
            "alice",
            "Labo",
            &w.at(2, "10:00"),
            &w.at(2, "11:00"),
            tentative.clone()
        )
        .await
        .unwrap_err(),
        "tentative_not_allowed"
    );
    w.set("UPDATE room SET tentative_days = 1 WHERE name = 'Labo'")
        .await;
    assert_eq!(
        w.book(
            "alice",
            "Labo",
            &w.at(2, "10:00"),
            &w.at(2, "11:00"),
            tentative.clone()
        )
        .await
        .unwrap_err(),
        "tentative_deadline"
    );
    w.set("UPDATE room SET tentative_days = 7 WHERE name = 'Labo'")
        .await;
    let t = w
        .book(
            "alice",
            "Labo",
            &w.at(2, "10:00"),
            &w.at(2, "11:00"),
            tentative,
        )
        .await
        .unwrap();

    // The tasks expire it once its date has passed, and queue the mail.
    assert_eq!(
        w.call("alice", "SELECT run_tasks() WHERE $1::bigint > 0", 1)
            .await
            .unwrap_err(),
        "admin_only"
    );
    w.root
        .execute(
            "UPDATE booking SET tentative_until = now() - interval '1 minute' WHERE id = $1",
            &[&first_id(&t)],
        )
        .await
        .unwrap();
    let done = w
        .call("admin", "SELECT run_tasks() WHERE $1::bigint > 0", 1)
        .await
        .unwrap();
    assert_eq!(done["tentative_expired"], 1);
    let archived = w
        .one(&format!(
            "SELECT count(*) FROM booking WHERE id = {} AND archived_at IS NOT NULL",
            first_id(&t)
        ))
        .await;
    assert_eq!(archived, 1);
    assert_eq!(
        w.one("SELECT count(*) FROM outbox WHERE kind = 'tentative_expired'")
            .await,
        1
    );
}

#[tokio::test]
async fn moderation_and_loans() {
    let w = World::new().await;
    w.set("UPDATE room SET moderated = true, tracks_loans = true WHERE name = 'Labo'")
        .await;
    let series = json!({"rule": {"kind": "weekly", "every": 1, "days": ["tue"]},
                        "start": format!("{}T10:00:00", w.monday + Duration::days(1)),
                        "end": format!("{}T11:00:00", w.monday + Duration::days(1)),
                        "until": (w.monday + Duration::days(15)).to_string()});
    let weeks: Vec<(String, String)> = [1, 8, 15]
        .iter()
        .map(|d| (w.at(*d, "10:00"), w.at(*d, "11:00")))
        .collect();
    let ranges: Vec<(&str, &str)> = weeks
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let made = w
        .book_many("alice", "Labo", &ranges, course(), Some(series), false)
        .await
        .unwrap();
    let ids: Vec<i64> = made["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        w.one("SELECT count(*) FROM booking WHERE moderation = 'pending'")
            .await,
        3
    );
    assert_eq!(
        w.one("SELECT count(*) FROM outbox WHERE kind = 'moderation_pending'")
            .await,
        1,
        "the room's manager is told once"
    );
    // A manager's own booking on it is not moderated.
    let own = w
        .book(
            "manager",
            "Labo",
            &w.at(3, "10:00"),
            &w.at(3, "11:00"),
            course(),
        )
        .await
        .unwrap();
    assert_eq!(
        w.one(&format!(
            "SELECT count(*) FROM booking WHERE id = {} AND moderation = 'none'",
            first_id(&own)
        ))
        .await,
        1
    );

    let moderate = |who: &'static str, id: i64, accept: bool, series: bool| {
        let c = w.client(who);
        async move {
            outcome(
                c.query_one(
                    "SELECT to_jsonb(booking_moderate($1, $2, 'motif', $3))",
                    &[&id, &accept, &series],
                )
                .await,
            )
        }
    };
    assert_eq!(
        moderate("alice", ids[0], true, false).await.unwrap_err(),
        "not_moderator"
    );
    assert_eq!(
        moderate("bob", ids[0], true, false).await.unwrap_err(),
        "not_moderator"
    );
    moderate("manager", ids[0], true, false).await.unwrap();
    assert_eq!(
        moderate("manager", ids[0], true, false).await.unwrap_err(),
        "not_pending"
    );
    // Refusing the rest of the series in one go archives them and detaches the accepted one.
    let done = moderate("area_admin", ids[1], false, true).await.unwrap();
    assert_eq!(done, json!([ids[1], ids[2]]));
    assert_eq!(w.one(&format!("SELECT count(*) FROM booking WHERE id IN ({}, {}) AND archived_at IS NOT NULL AND moderation = 'refused'", ids[1], ids[2])).await, 2);
    assert_eq!(w.one(&format!("SELECT count(*) FROM booking WHERE id = {} AND series_id IS NULL AND moderation = 'accepted'", ids[0])).await, 1);
    assert_eq!(w.one("SELECT count(*) FROM booking_decision WHERE reason = 'motif' AND booking_copy ? 'during'").await, 3);
    // A refused slot is free again.
    w.book(
        "bob",
        "Labo",
        &w.at(8, "10:00"),
        &w.at(8, "11:00"),
        course(),
    )
    .await
    .unwrap();

    // Loans: handlers only, one borrowed booking per room.
    assert_eq!(
        w.call(
            "alice",
            "SELECT to_jsonb(booking_loan($1, 'borrowed'))",
            ids[0]
        )
        .await
        .unwrap_err(),
        "not_moderator"
    );
    w.call(
        "manager",
        "SELECT to_jsonb(booking_loan($1, 'borrowed'))",
        ids[0],
    )
    .await
    .unwrap();
    assert_eq!(
        w.call(
            "manager",
            "SELECT to_jsonb(booking_loan($1, 'borrowed'))",
            first_id(&own)
        )
        .await
        .unwrap_err(),
        "one_loan_per_room"
    );
    w.call(
        "manager",
        "SELECT to_jsonb(booking_loan($1, 'overdue'))",
        ids[0],
    )
    .await
    .unwrap();
    assert_eq!(
        w.one("SELECT count(*) FROM outbox WHERE kind = 'loan_overdue'")
            .await,
        1
    );
    w.call(
        "manager",
        "SELECT to_jsonb(booking_loan($1, 'returned'))",
        ids[0],
    )
    .await
    .unwrap();
    w.call(
        "manager",
        "SELECT to_jsonb(booking_loan($1, 'borrowed'))",
        first_id(&own),
    )
    .await
    .unwrap();
}

/// Seed 003 section 1.5, the rows about bookings, one role at a time.
#[tokio::test]
async fn rights_matrix_row_by_row() {
    let w = World::new().await;
    w.set("UPDATE room SET tracks_loans = true WHERE name = 'Labo'")
        .await;
    let bob_labo = first_id(
        &w.book(
            "bob",
            "Labo",
            &w.at(1, "10:00"),
            &w.at(1, "11:00"),
            course(),
        )
        .await
        .unwrap(),
    );
    let bob_gym = first_id(
        &w.book(
            "bob",
            "Gymnase",
            &w.at(1, "10:00"),
            &w.at(1, "11:00"),
            json!({"name": "Foot"}),
        )
        .await
        .unwrap(),
    );
    w.set("UPDATE room SET moderated = true WHERE name = 'Salle'")
        .await;

    // (role, may create, may change bob's Labo booking, may change bob's Gymnase booking,
    //  may moderate/mark loans/make unavailable on Labo)
    let rows: [(&str, bool, bool, bool, bool); 8] = [
        ("admin", true, true, true, true),
        ("site_admin", true, true, false, true),
        ("area_admin", true, true, false, true),
        ("manager", true, true, false, true),
        ("umgr", true, false, false, false),
        ("alice", true, false, false, false),
        ("bob", true, true, true, false),
        ("visitor", false, false, false, false),
    ];
    for (i, (who, create, change_labo, change_gym, handle)) in rows.into_iter().enumerate() {
        let day = 7 * (i as i64 + 1);
        let r = w
            .book(
                who,
                "Labo",
                &w.at(day, "08:00"),
                &w.at(day, "09:00"),
                course(),
            )
            .await;
        assert_eq!(r.is_ok(), create, "{who} creates: {r:?}");
        let edit = |id: i64| {
            let c = w.client(who);
            async move {
                outcome(
                    c.query_one(
                        "SELECT booking_edit($1, $2)",
                        &[&id, &json!({"short_description": "vu"})],
                    )
                    .await,
                )
            }
        };
        let r = edit(bob_labo).await;
        assert_eq!(
            r.is_ok(),
            change_labo,
            "{who} changes bob's Labo booking: {r:?}"
        );
        let r = edit(bob_gym).await;
        assert_eq!(
            r.is_ok(),
            change_gym,
            "{who} changes bob's Gymnase booking: {r:?}"
        );
        let r = outcome(
            w.client(who)
                .query_one(
                    "SELECT to_jsonb(booking_loan($1, 'returned'))",
                    &[&bob_labo],
                )
                .await,
        );
        assert_eq!(r.is_ok(), handle, "{who} marks a loan: {r:?}");
        let r = outcome(
            w.client(who)
                .query_one(
                    "SELECT to_jsonb(room_set_unavailable($1, false))",
                    &[&w.rooms["Labo"]],
                )
                .await,
        );
        assert_eq!(r.is_ok(), handle, "{who} makes Labo unavailable: {r:?}");
        // Everyone sees the public bookings.
        let seen: i64 = w
            .client(who)
            .query_one(
                "SELECT count(*) FROM booking WHERE room_id = $1",
                &[&w.rooms["Labo"]],
            )
            .await
            .unwrap()
            .get(0);
        assert!(seen >= 1, "{who} sees Labo's bookings");
    }
    // Moderation on Salle: a pending request from alice.
    let pending = first_id(
        &w.book(
            "alice",
            "Salle",
            &w.at(2, "10:00"),
            &w.at(2, "11:00"),
            course(),
        )
        .await
        .unwrap(),
    );
    for (who, may) in [
        ("alice", false),
        ("umgr", false),
        ("manager", false),
        ("site_admin", true),
    ] {
        let r = outcome(
            w.client(who)
                .query_one("SELECT to_jsonb(booking_moderate($1, true))", &[&pending])
                .await,
        );
        assert_eq!(r.is_ok(), may, "{who} moderates Salle: {r:?}");
    }
    // Users may not change their own bookings where the room says so.
    w.set("UPDATE room SET users_may_not_modify_own = true WHERE name = 'Gymnase'")
        .await;
    let bob_now: i64 = w
        .root
        .query_one(
            "SELECT id FROM booking WHERE room_id = $1 AND archived_at IS NULL",
            &[&w.rooms["Gymnase"]],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        w.call("bob", "SELECT to_jsonb(booking_delete($1))", bob_now)
            .await
            .unwrap_err(),
        "managers_only",
        "the rule, not \"not yours\" (issue 13 point 11)"
    );
    w.call("admin", "SELECT to_jsonb(booking_delete($1))", bob_now)
        .await
        .unwrap();
}

#[tokio::test]
async fn restricted_areas_are_invisible_to_the_write_path_too() {
    let w = World::new().await;
    let made = w
        .book(
            "admin",
            "Bureau",
            &w.at(1, "10:00"),
            &w.at(1, "11:00"),
            json!({"name": "Conseil"}),
        )
        .await
        .unwrap();
    assert_eq!(
        w.book(
            "alice",
            "Bureau",
            &w.at(2, "10:00"),
            &w.at(2, "11:00"),
            json!({"name": "x"})
        )
        .await
        .unwrap_err(),
        "no_such_room"
    );
    assert_eq!(
        w.call(
            "alice",
            "SELECT to_jsonb(booking_delete($1))",
            first_id(&made)
        )
        .await
        .unwrap_err(),
        "no_such_booking"
    );
    let seen: i64 = w
        .client("alice")
        .query_one("SELECT count(*) FROM booking", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    w.set(&format!("INSERT INTO area_access (area_id, login) SELECT id, '{}' FROM area WHERE name = 'Direction'", w.login("alice"))).await;
    w.book(
        "alice",
        "Bureau",
        &w.at(2, "10:00"),
        &w.at(2, "11:00"),
        json!({"name": "x"}),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn series_edit_detach_and_delete_follow_grr() {
    let w = World::new().await;
    let weeks: Vec<(String, String)> = (0..4)
        .map(|k| (w.at(1 + 7 * k, "10:00"), w.at(1 + 7 * k, "11:00")))
        .collect();
    let ranges: Vec<(&str, &str)> = weeks
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let series = json!({"rule": {"kind": "weekly", "every": 1, "days": ["tue"]},
                        "start": format!("{}T10:00:00", w.monday + Duration::days(1)),
                        "end": format!("{}T11:00:00", w.monday + Duration::days(1)),
                        "until": (w.monday + Duration::days(22)).to_string()});
    let made = w
        .book_many(
            "alice",
            "Labo",
            &ranges,
            course(),
            Some(series.clone()),
            false,
        )
        .await
        .unwrap();
    let sid = made["series_id"].as_i64().unwrap();
    let ids: Vec<i64> = made["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    // Editing one occurrence detaches it.
    let edited = w
        .client("alice")
        .query_one(
            "SELECT booking_edit($1, $2)",
            &[&ids[1], &json!({"name": "Cours déplacé"})],
        )
        .await
        .unwrap()
        .get::<_, Value>(0);
    let new_id = first_id(&edited);
    assert_eq!(w.one(&format!("SELECT count(*) FROM booking WHERE id = {new_id} AND series_id IS NULL AND name = 'Cours déplacé'")).await, 1);
    // Deleting one, then editing the series: every occurrence is regenerated, the deleted one too.
    w.call("alice", "SELECT to_jsonb(booking_delete($1))", ids[2])
        .await
        .unwrap();
    assert_eq!(
        w.one(&format!(
            "SELECT count(*) FROM booking WHERE series_id = {sid} AND archived_at IS NULL"
        ))
        .await,
        2
    );
    // Regenerated at 14:00: the deleted week comes back; the detached week 2 stays as it
    // is and its date is not booked twice.
    let later: Vec<(String, String)> = (0..4)
        .map(|k| (w.at(1 + 7 * k, "14:00"), w.at(1 + 7 * k, "15:00")))
        .collect();
    let r = w
        .client("alice")
        .query_one(
            "SELECT series_edit($1, ARRAY(SELECT tstzrange(s::timestamptz, e::timestamptz) FROM unnest($2::text[], $3::text[]) AS x(s, e)), $4, $5)",
            &[&sid, &later.iter().map(|r| r.0.clone()).collect::<Vec<_>>(), &later.iter().map(|r| r.1.clone()).collect::<Vec<_>>(), &json!({"name": "Cours (nouvel horaire)"}), &series],
        )
        .await
        .unwrap()
        .get::<_, Value>(0);
    assert_eq!(r["occurrences"].as_array().unwrap().len(), 3, "{r}");
    assert_eq!(w.one(&format!("SELECT count(*) FROM booking WHERE series_id = {sid} AND archived_at IS NULL AND name = 'Cours (nouvel horaire)' AND fields ->> 'Niveau' = '2de'")).await, 3);
    // Deleting the periodicity: occurrences stay, independent.
    w.call("alice", "SELECT to_jsonb(series_detach($1))", sid)
        .await
        .unwrap();
    assert_eq!(w.one("SELECT count(*) FROM booking WHERE archived_at IS NULL AND name = 'Cours (nouvel horaire)' AND series_id IS NULL").await, 3);
    // Deletes archive: every version is still in the table and in the history.
    assert!(
        w.one("SELECT count(*) FROM booking WHERE archived_at IS NOT NULL")
            .await
            == 3
    );
    assert!(w.one("SELECT count(*) FROM change_history WHERE table_name = 'booking' AND action = 'update'").await >= 4);
    // Someone else's series is not bob's to change.
    assert_eq!(
        w.call("bob", "SELECT to_jsonb(booking_delete($1, true))", new_id)
            .await
            .unwrap_err(),
        "not_yours"
    );
}

#[tokio::test]
async fn bulk_booking_replaces_only_with_force_and_keeps_history() {
    let w = World::new().await;
    let taken = first_id(
        &w.book(
            "alice",
            "Labo",
            &w.at(1, "10:00"),
            &w.at(1, "11:00"),
            course(),
        )
        .await
        .unwrap(),
    );
    let call = |who: &'static str, force: bool| {
        let c = w.client(who);
        let rooms = vec![w.rooms["Labo"], w.rooms["Salle"], w.rooms["Gymnase"]];
        let (s1, e1, s2, e2) = (
            w.at(1, "08:00"),
            w.at(1, "19:00"),
            w.at(2, "08:00"),
            w.at(2, "19:00"),
        );
        async move {
            outcome(c.query_one(
                "SELECT bulk_book($1, ARRAY[tstzrange($2::text::timestamptz, $3::text::timestamptz), tstzrange($4::text::timestamptz, $5::text::timestamptz)], '{\"name\": \"Examens\"}', $6)",
                &[&rooms, &s1, &e1, &s2, &e2, &force],
            ).await)
        }
    };
    assert_eq!(
        call("area_admin", true).await.unwrap_err(),
        "bulk_admin_only",
        "Gymnase is not in his area"
    );
    assert_eq!(call("admin", false).await.unwrap_err(), "bulk_conflict");
    assert_eq!(
        w.one("SELECT count(*) FROM booking WHERE name = 'Examens'")
            .await,
        0
    );
    let done = call("admin", true).await.unwrap();
    assert_eq!(done["created"], 6);
    assert_eq!(done["replaced"][0]["id"], taken);
    assert_eq!(
        w.one(&format!(
            "SELECT count(*) FROM booking WHERE id = {taken} AND archived_at IS NOT NULL"
        ))
        .await,
        1
    );
    assert!(w.one(&format!("SELECT count(*) FROM change_history WHERE table_name = 'booking' AND row_key = '{taken}' AND action = 'update'")).await >= 1);
}

/// Issue 13, point 7: a loan is marked only on a room that tracks loans, and never on a booking
/// that was deleted.
#[tokio::test]
async fn p07_loans_only_on_rooms_that_track_them_and_not_on_deleted_bookings() {
    let w = World::new().await;
    let made = w
        .book(
            "alice",
            "Salle",
            &w.at(1, "10:00"),
            &w.at(1, "11:00"),
            course(),
        )
        .await
        .unwrap();
    let id = first_id(&made);
    let loan = "SELECT to_jsonb(booking_loan($1, 'borrowed'))";
    assert_eq!(
        w.call("area_admin", loan, id).await.unwrap_err(),
        "no_loans",
        "Salle does not track loans"
    );
    assert_eq!(
        w.one("SELECT count(*) FROM booking WHERE loan <> 'none'")
            .await,
        0
    );
    w.set("UPDATE room SET tracks_loans = true WHERE name = 'Salle'")
        .await;
    w.call("area_admin", loan, id).await.unwrap();
    w.call(
        "area_admin",
        "SELECT to_jsonb(booking_delete($1, false))",
        id,
    )
    .await
    .unwrap();
    assert_eq!(
        w.call(
            "area_admin",
            "SELECT to_jsonb(booking_loan($1, 'returned'))",
            id
        )
        .await
        .unwrap_err(),
        "no_such_booking"
    );
}

/// Issue 13, point 9: each recipient once in an outbox row, however it is written (the daily
/// overdue notice listed a beneficiary who also manages the room twice).
#[tokio::test]
async fn p09_each_recipient_once_in_a_mail() {
    let w = World::new().await;
    let manager = w.login("manager");
    w.root
        .execute(
            "INSERT INTO booking (room_id, during, name, type, owner, loan)
             VALUES ($1, tstzrange(date_trunc('hour', now()) - interval '2 days', date_trunc('hour', now()) - interval '1 day'), 'Prêt', 'A', $2, 'overdue')",
            &[&w.rooms["Labo"], &manager],
        )
        .await
        .unwrap();
    w.client("admin")
        .query_one("SELECT run_tasks()", &[])
        .await
        .unwrap();
    let recipients: Vec<String> = w
        .root
        .query_one(
            "SELECT recipients FROM outbox WHERE kind = 'loan_overdue'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(recipients, [manager], "the manager is told once");
    // Any writer, even by hand.
    let written: Vec<String> = w
        .root
        .query_one(
            "INSERT INTO outbox (kind, recipients) VALUES ('loan_overdue', ARRAY['b', 'a', 'b', NULL])
             RETURNING recipients",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(written, ["a", "b"]);
}
