//! `intendant booking …`, `tasks run` and `setup load|dump` as scripts use them: exit codes
//! (0 done, 4 refused by a rule or right, 2 bad input), JSON shapes, RFC 3339 times.

use crate::common;

use chrono::{Datelike, Duration, NaiveDate};
use common::bin::{intendant, stderr, stdout};
use common::{fresh_db, TestDb, TestRole};
use serde_json::Value;

const DEMO_SETUP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/setup.toml");

/// A database with the demo school (no bookings) and two plain users.
async fn school() -> (TestDb, TestRole, TestRole) {
    let db = fresh_db().await;
    let out = intendant(&["--database-url", &db.url, "setup", "load", DEMO_SETUP])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let alice = db.role("alice").await;
    let bob = db.role("bob").await;
    db.client()
        .await
        .execute(
            "INSERT INTO app_user (login, display_name, status) VALUES ($1, 'Alice', 'user'), ($2, 'Bob', 'user')",
            &[&alice.name, &bob.name],
        )
        .await
        .unwrap();
    (db, alice, bob)
}

/// A Monday at least two weeks ahead, so no delay or past rule gets in the way.
fn monday() -> NaiveDate {
    let today = chrono::Utc::now().date_naive();
    today + Duration::days(14 + 7 - today.weekday().num_days_from_monday() as i64)
}

use crate::common::bin::run_at as run;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test]
async fn add_list_edit_delete_with_exit_codes() {
    let (_db, alice, bob) = school().await;
    let m = monday();
    let start = format!("{m} 10:00");
    let until = (m + Duration::days(21)).to_string();
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &start,
            "--end",
            "11:30",
            "--name",
            "NSI Tle",
            "--field",
            "Niveau=Tle",
            "--repeat",
            "weekly",
            "--until",
            &until,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let made = json(&out);
    assert!(made["series_id"].as_i64().is_some());
    let occ = made["occurrences"].as_array().unwrap();
    assert_eq!(occ.len(), 4);
    let first = chrono::DateTime::parse_from_rfc3339(occ[0]["start"].as_str().unwrap()).unwrap();
    assert_eq!(
        first.format("%Y-%m-%d %H:%M").to_string(),
        start,
        "local time with its offset"
    );
    assert_eq!(made["skipped"], Value::Array(vec![]));

    // Bob on the third week: refused with the rule's sentence, exit 4.
    let (code, _, err) = run(
        &bob.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 11:00", m + Duration::days(14)),
            "--end",
            "12:00",
            "--name",
            "Club",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("already booked") && err.contains("“NSI Tle” for Alice"),
        "{err}"
    );
    let (code, _, err) = run(
        &bob.url,
        &[
            "--lang",
            "fr",
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 11:00", m + Duration::days(14)),
            "--end",
            "12:00",
            "--name",
            "Club",
        ],
    );
    assert_eq!(code, 4);
    assert!(err.contains("déjà réservée"), "{err}");
    // Bad input: exit 2, naming the option.
    let (code, _, err) = run(
        &bob.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            "demain 10h",
            "--end",
            "11:00",
            "--name",
            "x",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--start") && err.contains("YYYY-MM-DD HH:MM"),
        "{err}"
    );
    let (code, _, err) = run(
        &bob.url,
        &[
            "booking", "add", "--room", "Labo 999", "--start", &start, "--end", "11:00", "--name",
            "x",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("Labo 999"), "{err}");
    // More than 366 occurrences: refused before anything is written.
    let (code, _, err) = run(
        &bob.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 102",
            "--start",
            &start,
            "--end",
            "11:00",
            "--name",
            "x",
            "--repeat",
            "daily",
            "--until",
            &(m + Duration::days(800)).to_string(),
        ],
    );
    assert_eq!(code, 4);
    assert!(err.contains("at most 366"), "{err}");

    let (code, out, err) = run(
        &bob.url,
        &[
            "booking",
            "list",
            "--room",
            "Labo 101",
            "--from",
            &m.to_string(),
            "--to",
            &until,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let list = json(&out);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for key in [
        "id",
        "room",
        "start",
        "end",
        "name",
        "type",
        "owner",
        "beneficiary",
        "state",
    ] {
        assert!(rows[0].get(key).is_some(), "{key} in {}", rows[0]);
    }
    assert_eq!(rows[0]["owner"], alice.name.as_str());
    assert_eq!(rows[0]["state"], "booked");
    let id = rows[1]["id"].as_i64().unwrap().to_string();

    // Only alice may change or delete it.
    let (code, _, err) = run(&bob.url, &["booking", "delete", &id]);
    assert_eq!(code, 4, "{err}");
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "edit",
            &id,
            "--name",
            "NSI (salle changée)",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["occurrences"][0]["id"].to_string(),
        id,
        "an edit keeps the id"
    );
    let (code, out, _) = run(&alice.url, &["booking", "delete", &id, "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["deleted"][0].to_string(), id);
    let (_, out, _) = run(
        &bob.url,
        &[
            "booking",
            "list",
            "--area",
            "Informatique",
            "--from",
            &m.to_string(),
            "--to",
            &until,
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&out).as_array().unwrap().len(), 3);
    // The whole series.
    let other = rows[0]["id"].as_i64().unwrap().to_string();
    let (code, out, _) = run(
        &alice.url,
        &["booking", "delete", &other, "--series", "--format", "json"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        json(&out)["deleted"].as_array().unwrap().len(),
        3,
        "the edited occurrence left the series"
    );
}

#[tokio::test]
async fn moderation_loans_tentative_and_tasks_from_the_command_line() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    let admin = &db.url;
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Salle multimédia",
            "--start",
            &format!("{m} 14:00"),
            "--end",
            "15:00",
            "--name",
            "Montage vidéo",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = json(&out)["occurrences"][0]["id"].to_string();
    let (_, out, _) = run(
        &alice.url,
        &[
            "booking",
            "list",
            "--room",
            "Salle multimédia",
            "--from",
            &m.to_string(),
            "--to",
            &m.to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&out)[0]["state"], "pending");
    let (code, _, err) = run(&alice.url, &["booking", "moderate", &id, "accept"]);
    assert_eq!(code, 4, "{err}");
    let (code, _, err) = run(
        admin,
        &[
            "booking",
            "moderate",
            &id,
            "refuse",
            "--reason",
            "salle en travaux",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(admin, &["booking", "moderate", &id, "maybe"]);
    assert_eq!(code, 2);

    // A loan, then the tasks.
    let (code, out, err) = run(
        admin,
        &[
            "booking",
            "add",
            "--room",
            "Vidéoprojecteur mobile",
            "--start",
            &format!("{m} 09:00"),
            "--end",
            "10:00",
            "--name",
            "Prêt",
            "--beneficiary",
            &alice.name,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lent = json(&out)["occurrences"][0]["id"].to_string();
    let (code, _, err) = run(admin, &["booking", "loan", &lent, "borrowed"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(
        &alice.url,
        &[
            "booking",
            "list",
            "--room",
            "Vidéoprojecteur mobile",
            "--from",
            &m.to_string(),
            "--to",
            &m.to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&out)[0]["state"], "borrowed");
    assert_eq!(json(&out)[0]["beneficiary"], alice.name.as_str());
    // Not a loan state: bad input, named with the states there are.
    let (code, _, err) = run(admin, &["booking", "loan", &lent, "lost"]);
    assert_eq!(code, 2);
    assert!(err.contains("borrowed, overdue, returned"), "{err}");

    let confirm_by = format!(
        "{} 12:00",
        chrono::Utc::now().date_naive() + Duration::days(3)
    );
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Salle B12",
            "--start",
            &format!("{m} 09:00"),
            "--end",
            "10:00",
            "--name",
            "Réunion ?",
            "--confirm-by",
            &confirm_by,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let tentative = json(&out)["occurrences"][0]["id"].as_i64().unwrap();
    db.client()
        .await
        .execute(
            "UPDATE booking SET tentative_until = now() - interval '1 hour' WHERE id = $1",
            &[&tentative],
        )
        .await
        .unwrap();
    let (code, _, _) = run(&alice.url, &["tasks", "run"]);
    assert_eq!(code, 4, "administrators only");
    let (code, out, err) = run(admin, &["tasks", "run", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["tentative_expired"], 1);
}

#[tokio::test]
async fn setup_load_is_idempotent_and_dump_round_trips() {
    let (db, _alice, _bob) = school().await;
    let (code, out, err) = run(&db.url, &["setup", "load", DEMO_SETUP, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out),
        serde_json::json!({"created": {}, "updated": {}})
    );
    let (_, first, _) = run(&db.url, &["setup", "dump"]);
    assert!(first.contains("name = \"Labo 101\""), "{first}");
    // The dump loads into an empty database and dumps the same.
    let other = fresh_db().await;
    let file = std::env::temp_dir().join(format!("{}.toml", other.name));
    std::fs::write(&file, &first).unwrap();
    let (code, _, err) = run(&other.url, &["setup", "load", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (_, second, _) = run(&other.url, &["setup", "dump"]);
    let _ = std::fs::remove_file(&file);
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.contains("postgres"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&first), strip(&second));
    // The demo's users are login roles of this database's group.
    let member: bool = other
        .client()
        .await
        .query_one(
            "SELECT pg_has_role('anguyen', group_role(), 'MEMBER') AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'anguyen' AND rolcanlogin)",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(member);
}

#[tokio::test]
async fn a_bad_setup_file_writes_nothing() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[site]]\ncode = \"N\"\nname = \"Nord\"\n[[area]]\nname = \"Info\"\nsite = \"N\"\n[[room]]\narea = \"Info\"\nname = \"Labo\"\nvisibility = \"everyone\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&db.url, &["setup", "load", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml") && err.contains("[[room]] #1 “Labo”: visibility “everyone”"),
        "{err}"
    );
    // Valid for the file, refused by the database half-way: the transaction leaves nothing.
    std::fs::write(
        &bad,
        "[[site]]\ncode = \"N\"\nname = \"Nord\"\n[[area]]\nname = \"Info\"\nsite = \"N\"\n[[room]]\narea = \"Info\"\nname = \"Labo\"\n[[room_manager]]\nlogin = \"nobody-such\"\nroom = \"Labo\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&db.url, &["setup", "load", bad.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("nobody-such"), "{err}");
    let sites: i64 = db
        .client()
        .await
        .query_one("SELECT count(*) FROM site", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(sites, 0);
}

/// A named period is read once, when the setup loads, and the database books by those times:
/// "P1 8h5-9h" starts at 08:05 for the planning and for the rules alike (they disagreed).
#[tokio::test]
async fn a_named_period_means_the_same_times_to_the_planning_and_the_rules() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("periods.toml");
    std::fs::write(
        &file,
        "timezone = \"Europe/Paris\"\n[[site]]\ncode = \"N\"\nname = \"Nord\"\n\
         [[type]]\nletter = \"A\"\nname = \"Cours\"\ncolor = \"#4a90d9\"\norder = 1\n\
         [[area]]\nname = \"Créneaux\"\nsite = \"N\"\n\
         days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
         periods = [\"P1 8h5-9h\", \"P2 9h-9h55\"]\n\
         [[room]]\narea = \"Créneaux\"\nname = \"Amphi\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&db.url, &["setup", "load", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let structure = intendant::booking::plan_store::structure(&db.database())
        .await
        .unwrap();
    let intendant::booking::model::plan::Slots::Periods(slots) = &structure.areas[0].slots else {
        panic!("a periods area")
    };
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!((slots[0].start, slots[0].end), (t(8, 5), t(9, 0)));
    let day = monday() + Duration::days(8);
    let add = |start: &str| {
        run(
            &db.url,
            &[
                "booking",
                "add",
                "--room",
                "Amphi",
                "--start",
                &format!("{day} {start}"),
                "--end",
                "09:00",
                "--name",
                "Cours",
            ],
        )
    };
    let (code, _, err) = add("08:00");
    assert_eq!(code, 4, "08:00 is not a period's start: {err}");
    let (code, _, err) = add("08:05");
    assert_eq!(code, 0, "the period the planning offers is booked: {err}");
    // And the dump gives the labels back as they were written.
    let (_, dump, _) = run(&db.url, &["setup", "dump"]);
    assert!(dump.contains("\"P1 8h5-9h\""), "{dump}");
}

fn ids_of(v: &Value) -> Vec<i64> {
    v["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

/// Issue 13 point 2 (seed 003 §4.6): changing a series after one occurrence was changed
/// alone. Only the name: the same rows take it (ids kept), the detached one is left as it
/// is. A new time: the series is regenerated without the detached occurrence's date and
/// without the date skipped for a conflict when it was made, and says so.
#[tokio::test]
async fn p02_a_series_edit_keeps_detached_occurrences_and_skipped_dates() {
    let (db, alice, bob) = school().await;
    let m = monday();
    let week = |n: i64| m + Duration::weeks(n);
    // Bob holds the fourth Monday first: Alice's series skips it.
    let (code, _, err) = run(
        &bob.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 10:00", week(3)),
            "--end",
            "11:00",
            "--name",
            "Club",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 10:00", week(0)),
            "--end",
            "11:00",
            "--name",
            "NSI",
            "--field",
            "Niveau=Tle",
            "--repeat",
            "weekly",
            "--until",
            &week(5).to_string(),
            "--skip-conflicts",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let made = json(&out);
    let ids = ids_of(&made);
    assert_eq!(ids.len(), 5, "{made}");
    // Bob's booking goes; the date stays out of the series all the same.
    let club: i64 = db
        .client()
        .await
        .query_one("SELECT id FROM booking WHERE name = 'Club'", &[])
        .await
        .unwrap()
        .get(0);
    let (code, _, err) = run(&bob.url, &["booking", "delete", &club.to_string()]);
    assert_eq!(code, 0, "{err}");
    // The second occurrence, moved to the afternoon on its own.
    let (code, _, err) = run(
        &alice.url,
        &[
            "booking",
            "edit",
            &ids[1].to_string(),
            "--name",
            "NSI (labo)",
            "--start",
            &format!("{} 14:00", week(1)),
            "--end",
            "15:00",
        ],
    );
    assert_eq!(code, 0, "{err}");

    // The name only: the same rows, the same ids.
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "edit",
            &ids[0].to_string(),
            "--series",
            "--name",
            "NSI Tle",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let renamed = json(&out);
    let kept: Vec<i64> = ids.iter().copied().filter(|i| *i != ids[1]).collect();
    assert_eq!(ids_of(&renamed), kept, "ids kept: {renamed}");
    let client = db.client().await;
    let row = |id: i64| {
        let client = &client;
        async move {
            let r = client
                .query_one(
                    "SELECT name, (lower(during) AT TIME ZONE 'Europe/Paris')::text, series_id IS NULL, archived_at IS NULL
                       FROM booking WHERE id = $1",
                    &[&id],
                )
                .await
                .unwrap();
            (
                r.get::<_, String>(0),
                r.get::<_, String>(1),
                r.get::<_, bool>(2),
                r.get::<_, bool>(3),
            )
        }
    };
    for id in &kept {
        assert_eq!(row(*id).await.0, "NSI Tle");
    }
    let detached = (
        "NSI (labo)".to_owned(),
        format!("{} 14:00:00", week(1)),
        true,
        true,
    );
    assert_eq!(row(ids[1]).await, detached);

    // A new end time: regenerated, without week 1 (detached) and week 3 (skipped before).
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "edit",
            &ids[0].to_string(),
            "--series",
            "--end",
            "11:30",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let regenerated = json(&out);
    let starts: Vec<String> = regenerated["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap()[..10].to_owned())
        .collect();
    assert_eq!(
        starts,
        [0, 2, 4, 5].map(|n| week(n).to_string()).to_vec(),
        "{regenerated}"
    );
    let skipped: Vec<(String, String)> = regenerated["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_owned(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            (week(1).to_string(), "detached".to_owned()),
            (week(3).to_string(), "skipped_before".to_owned())
        ]
    );
    assert_eq!(row(ids[1]).await, detached, "the detached one is as it was");
    let live: i64 = client
        .query_one(
            "SELECT count(*) FROM booking WHERE archived_at IS NULL AND name = 'NSI Tle'
               AND upper(during) - lower(during) = interval '90 minutes'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(live, 4);
    // The text output says why, in the user's words.
    let (code, out, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "edit",
            &ids[0].to_string(),
            "--series",
            "--end",
            "11:00",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("modifiée seule"), "{out}");
    assert!(!out.contains("detached"), "{out}");
}

/// Issue 13 point 6: bulk booking takes each room's area types: a type the area does not
/// use is refused (naming it), and without `--type` a room gets its area's default type.
#[tokio::test]
async fn p06_bulk_booking_follows_each_areas_types() {
    let (db, _alice, _bob) = school().await;
    let day = monday().to_string();
    let bulk = |rooms: &str, kind: Option<&str>| {
        let mut args = vec![
            "booking", "bulk", "--rooms", rooms, "--dates", &day, "--from", "08:00", "--to",
            "09:00", "--name", "Examen",
        ];
        if let Some(k) = kind {
            args.extend(["--type", k]);
        }
        args.extend(["--format", "json"]);
        run(&db.url, &args)
    };
    let (code, _, err) = bulk("Labo 101", Some("B"));
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("B") && err.contains("Informatique"), "{err}");
    let (code, out, err) = bulk("Salle du conseil,Grand gymnase", None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["created"], 2);
    let rows = db
        .client()
        .await
        .query(
            "SELECT r.name, b.type FROM booking b JOIN room r ON r.id = b.room_id ORDER BY r.name",
            &[],
        )
        .await
        .unwrap();
    let got: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        got,
        vec![
            ("Grand gymnase".into(), "A".into()),
            ("Salle du conseil".into(), "B".into())
        ],
        "each area's default type"
    );
}

/// Issue 13 point 8: a booking moved to an area without its additional fields takes that
/// area's fields; the old values stay in the history.
#[tokio::test]
async fn p08_moving_a_booking_to_an_area_without_its_fields() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{m} 10:00"),
            "--end",
            "11:00",
            "--name",
            "Conseil",
            "--field",
            "Niveau=Tle",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = ids_of(&json(&out))[0].to_string();
    let (code, _, err) = run(
        &alice.url,
        &[
            "booking",
            "edit",
            &id,
            "--room",
            "Salle du conseil",
            "--field",
            "Niveau=",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let client = db.client().await;
    let r = client
        .query_one(
            "SELECT r.name, b.fields FROM booking b JOIN room r ON r.id = b.room_id WHERE b.id = $1::text::bigint",
            &[&id],
        )
        .await
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "Salle du conseil");
    assert_eq!(r.get::<_, Value>(1), serde_json::json!({}));
    let kept: i64 = client
        .query_one(
            "SELECT count(*) FROM change_history WHERE table_name = 'booking'
                AND before -> 'fields' ->> 'Niveau' = 'Tle'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(kept >= 1, "the old value is in the history");
    // Back to Labo 101 without the field: fine too (it is a list, not mandatory), and a
    // field of Informatique given on the way is kept.
    let (code, _, err) = run(
        &alice.url,
        &[
            "booking",
            "edit",
            &id,
            "--room",
            "Labo 101",
            "--field",
            "Classe=TG2",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

/// Issue 13 point 11: the owner of a booking in a room where users may not modify their own
/// is told that rule; `detach` counts the bookings still there; bulk JSON speaks local time.
#[tokio::test]
async fn p11_the_real_rule_live_counts_and_local_times() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 102",
            "--start",
            &format!("{m} 10:00"),
            "--end",
            "11:00",
            "--name",
            "TP",
            "--repeat",
            "daily",
            "--until",
            &(m + Duration::days(2)).to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let ids = ids_of(&json(&out));
    let client = db.client().await;
    client
        .execute(
            "UPDATE room SET users_may_not_modify_own = true WHERE name = 'Labo 102'",
            &[],
        )
        .await
        .unwrap();
    let (code, _, err) = run(
        &alice.url,
        &["booking", "edit", &ids[0].to_string(), "--name", "X"],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("Only the managers of room Labo 102"), "{err}");
    assert!(!err.contains("not yours"), "{err}");
    client
        .execute(
            "UPDATE room SET users_may_not_modify_own = false WHERE name = 'Labo 102'",
            &[],
        )
        .await
        .unwrap();
    let (code, _, err) = run(&alice.url, &["booking", "delete", &ids[1].to_string()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(
        &alice.url,
        &["booking", "detach", &ids[0].to_string(), "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["independent"], 2, "two are left of three");
    // The admin blocks the morning over Alice's booking: the replaced times are local.
    let (code, out, err) = run(
        &db.url,
        &[
            "booking",
            "bulk",
            "--rooms",
            "Labo 102",
            "--dates",
            &m.to_string(),
            "--from",
            "08:00",
            "--to",
            "12:00",
            "--name",
            "Bac blanc",
            "--force",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let replaced = &json(&out)["replaced"][0];
    let start = replaced["start"].as_str().unwrap();
    let expected = chrono::TimeZone::from_local_datetime(
        &chrono_tz::Europe::Paris,
        &m.and_hms_opt(10, 0, 0).unwrap(),
    )
    .unwrap()
    .to_rfc3339();
    assert_eq!(start, expected);
}

/// Issue 13 point 4: "every Monday" from a Wednesday books that Wednesday, then the Mondays
/// (as GRR does); the 5th Thursday means the 5th, and months without one are passed over.
#[tokio::test]
async fn p04_the_first_date_is_booked_and_the_5th_is_the_5th() {
    let (_db, alice, _bob) = school().await;
    let wednesday = monday() + Duration::days(2);
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{wednesday} 10:00"),
            "--end",
            "11:00",
            "--name",
            "Club",
            "--repeat",
            "weekly",
            "--days",
            "mon",
            "--until",
            &(wednesday + Duration::days(12)).to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let dates: Vec<String> = json(&out)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap()[..10].to_owned())
        .collect();
    assert_eq!(
        dates,
        [0, 5, 12]
            .map(|n| (wednesday + Duration::days(n)).to_string())
            .to_vec()
    );
    // 31 December 2026 is a 5th Thursday; the next ones are in April and July 2027.
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Grand gymnase",
            "--start",
            "2026-12-31 10:00",
            "--end",
            "11:00",
            "--name",
            "Tournoi",
            "--repeat",
            "monthly-weekday",
            "--until",
            "2027-07-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let dates: Vec<String> = json(&out)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap()[..10].to_owned())
        .collect();
    assert_eq!(dates, ["2026-12-31", "2027-04-29", "2027-07-29"]);
}

/// Issue 13 point 5: times keep to the area's grid, in the database: 10:07–10:52 on a
/// 15-minute grid is refused, from the command line and from raw SQL alike, and the
/// message says which times are valid.
#[tokio::test]
async fn p05_times_keep_to_the_areas_resolution() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    let (code, _, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Salle du conseil",
            "--start",
            &format!("{m} 10:07"),
            "--end",
            "10:52",
            "--name",
            "Réunion",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("15-minute grid") && err.contains("07:30, 07:45, 08:00"),
        "{err}"
    );
    let (code, _, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Salle du conseil",
            "--start",
            &format!("{m} 10:15"),
            "--end",
            "11:00",
            "--name",
            "Réunion",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // The same through SQL as Alice's own login: the database refuses a move off the grid.
    let client = common::connect(&alice.url).await;
    let err = client
        .query_one(
            "SELECT booking_edit((SELECT id FROM booking WHERE name = 'Réunion'), '{}'::jsonb,
                    tstzrange($1::timestamp AT TIME ZONE 'Europe/Paris', $2::timestamp AT TIME ZONE 'Europe/Paris'))",
            &[&m.and_hms_opt(10, 20, 0).unwrap(), &m.and_hms_opt(11, 0, 0).unwrap()],
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("off_grid") || format!("{err:?}").contains("off_grid"),
        "{err:?}"
    );
    let _ = db;
}

/// Issue 13 point 10: the command line speaks the language the user chose in the app
/// (`app_user.language`) unless `--lang` says otherwise, whatever LANG is.
#[tokio::test]
async fn p10_the_cli_speaks_the_users_saved_language() {
    let (db, alice, _bob) = school().await;
    db.client()
        .await
        .execute(
            "UPDATE app_user SET language = 'fr' WHERE login = $1",
            &[&alice.name],
        )
        .await
        .unwrap();
    let list = |extra: &[&str]| {
        let mut args = vec!["--database-url", alice.url.as_str()];
        args.extend_from_slice(extra);
        args.extend([
            "booking",
            "list",
            "--room",
            "Labo 101",
            "--from",
            "2030-01-01",
            "--to",
            "2030-01-02",
        ]);
        let out = intendant(&args)
            .env("LANG", "en_US.UTF-8")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let french = list(&[]);
    let english = list(&["--lang", "en"]);
    assert_ne!(french, english);
    assert!(french.contains("Aucune"), "{french}");
}

/// Issue 13 point 12: a day blocked after bookings were made: `booking list --blocked` lists
/// them (every visible room), an administrator moves one, and the owner deletes another.
#[tokio::test]
async fn p12_bookings_on_a_day_blocked_afterwards_are_listed_and_handled() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    for (room, name) in [("Labo 101", "Cours"), ("Salle du conseil", "Réunion")] {
        let (code, _, err) = run(
            &alice.url,
            &[
                "booking",
                "add",
                "--room",
                room,
                "--start",
                &format!("{m} 10:00"),
                "--end",
                "11:00",
                "--name",
                name,
            ],
        );
        assert_eq!(code, 0, "{err}");
    }
    let client = db.client().await;
    client
        .execute(
            "INSERT INTO blocked_day (day, reason) VALUES ($1, 'Grève')",
            &[&m],
        )
        .await
        .unwrap();
    let (code, out, err) = run(
        &alice.url,
        &["booking", "list", "--blocked", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let listed = json(&out);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Cours", "Réunion"]);
    let ids: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].to_string())
        .collect();
    // Alice may not edit it on a blocked day; the administrator moves it; Alice deletes hers.
    let (code, _, _) = run(&alice.url, &["booking", "edit", &ids[0], "--name", "X"]);
    assert_eq!(code, 4);
    let (code, _, err) = run(
        &db.url,
        &[
            "booking",
            "edit",
            &ids[0],
            "--start",
            &format!("{} 10:00", m + Duration::days(1)),
            "--end",
            "11:00",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&alice.url, &["booking", "delete", &ids[1]]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(
        &alice.url,
        &["booking", "list", "--blocked", "--format", "json"],
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out), serde_json::json!([]));
    // Without --blocked, --from and --to are still required: exit 2.
    let (code, _, _) = run(&alice.url, &["booking", "list", "--room", "Labo 101"]);
    assert_eq!(code, 2);
}

/// Issue 13 point 25: confirming one tentative occurrence of a series confirms them all, in
/// one action; the answer lists them.
#[tokio::test]
async fn p25_confirming_a_tentative_series_confirms_every_occurrence() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    let confirm_by = format!(
        "{} 12:00",
        chrono::Utc::now().date_naive() + Duration::days(3)
    );
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Salle B12",
            "--start",
            &format!("{m} 09:00"),
            "--end",
            "10:00",
            "--name",
            "Réunion ?",
            "--confirm-by",
            &confirm_by,
            "--repeat",
            "weekly",
            "--until",
            &(m + Duration::weeks(3)).to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let ids = ids_of(&json(&out));
    assert_eq!(ids.len(), 4);
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "confirm",
            &ids[2].to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut confirmed: Vec<i64> = json(&out)["confirmed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    confirmed.sort();
    assert_eq!(confirmed, ids);
    let left: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM booking WHERE tentative_until IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    // Confirming again: nothing waits, said with exit 4.
    let (code, _, _) = run(&alice.url, &["booking", "confirm", &ids[0].to_string()]);
    assert_eq!(code, 4);
}

/// Issue 13 point 21 (the command line's part): an end before the start is bad input (exit
/// 2) naming the rule, a missing option is said in the user's language, and skipped dates
/// say why in words.
#[tokio::test]
async fn p21_the_command_line_speaks_the_users_words() {
    let (_db, alice, bob) = school().await;
    let m = monday();
    let (code, _, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{m} 10:00"),
            "--end",
            "09:00",
            "--name",
            "X",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("une réservation finit après son début"),
        "{err}"
    );
    assert!(!err.contains("range lower bound"), "{err}");
    let (code, _, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "add",
            "--start",
            &format!("{m} 10:00"),
            "--end",
            "11:00",
            "--name",
            "X",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--room est obligatoire"), "{err}");
    // A date skipped for a conflict says so in French, with what holds it.
    let (code, _, err) = run(
        &bob.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 10:00", m + Duration::weeks(1)),
            "--end",
            "11:00",
            "--name",
            "Club",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{m} 10:00"),
            "--end",
            "11:00",
            "--name",
            "Cours",
            "--repeat",
            "weekly",
            "--until",
            &(m + Duration::weeks(2)).to_string(),
            "--skip-conflicts",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("déjà réservée : « Club »"), "{out}");
    assert!(!out.contains(": conflict"), "{out}");
}

/// Issue 13 point 20: on the command line a French user types dates the French way (ISO
/// always works); a date that is neither says which forms are accepted (exit 2).
#[tokio::test]
async fn p20_dates_are_typed_the_way_the_language_writes_them() {
    let (_db, alice, _bob) = school().await;
    let m = monday();
    let fr = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let (code, out, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 10:00", fr(m)),
            "--end",
            "11:00",
            "--name",
            "Cours",
            "--repeat",
            "weekly",
            "--until",
            &fr(m + Duration::weeks(1)),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(ids_of(&json(&out)).len(), 2);
    let (code, _, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "list",
            "--room",
            "Labo 101",
            "--from",
            &fr(m),
            "--to",
            &m.to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &alice.url,
        &[
            "--lang",
            "en",
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{} 10:00", fr(m)),
            "--end",
            "11:00",
            "--name",
            "Cours",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD HH:MM"), "{err}");
    let (code, _, err) = run(
        &alice.url,
        &[
            "--lang",
            "fr",
            "booking",
            "list",
            "--room",
            "Labo 101",
            "--from",
            "31/02/2027",
            "--to",
            "2027-03-01",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("AAAA-MM-JJ ou JJ/MM/AAAA"), "{err}");
}

/// Issue 13 point 24: `setup cycle` numbers the school days J1…Jn, skipping weekends and
/// blocked days; only an administrator may; the numbers are what a cycle series follows.
#[tokio::test]
async fn p24_cycle_days_are_generated_and_followed() {
    let (db, alice, _bob) = school().await;
    // A fortnight without the demo's holidays (Monday 1 March 2027).
    let m = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let client = db.client().await;
    client
        .execute(
            "INSERT INTO blocked_day (day, reason) VALUES ($1, 'Pont')",
            &[&(m + Duration::days(2))],
        )
        .await
        .unwrap();
    let args = |url: &str| {
        run(
            url,
            &[
                "setup",
                "cycle",
                "--from",
                &m.to_string(),
                "--to",
                &(m + Duration::days(13)).to_string(),
                "--days",
                "3",
                "--format",
                "json",
            ],
        )
    };
    let (code, _, err) = args(&alice.url);
    assert_eq!(code, 4, "only administrators: {err}");
    let (code, out, err) = args(&db.url);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["numbered"],
        9,
        "ten weekdays, one blocked: {out}"
    );
    let rows = client
        .query(
            "SELECT day, cycle FROM cycle_day WHERE day >= $1 ORDER BY day",
            &[&m],
        )
        .await
        .unwrap();
    let got: Vec<(chrono::NaiveDate, i16)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let want: Vec<(chrono::NaiveDate, i16)> = [0, 1, 3, 4, 7, 8, 9, 10, 11]
        .iter()
        .zip([1, 2, 3, 1, 2, 3, 1, 2, 3])
        .map(|(o, c)| (m + Duration::days(*o), c))
        .collect();
    assert_eq!(got, want);
    // A series on J2 books those days.
    let (code, out, err) = run(
        &alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{m} 10:00"),
            "--end",
            "11:00",
            "--name",
            "J2",
            "--repeat",
            "cycle",
            "--cycle-day",
            "2",
            "--until",
            &(m + Duration::days(13)).to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let starts: Vec<String> = json(&out)["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap()[..10].to_owned())
        .collect();
    assert_eq!(
        starts,
        [1, 7, 10]
            .map(|o| (m + Duration::days(o)).to_string())
            .to_vec()
    );
    // Bad input: exit 2.
    let (code, _, _) = run(
        &db.url,
        &[
            "setup",
            "cycle",
            "--from",
            "2027-07-03",
            "--to",
            "2026-09-01",
            "--days",
            "6",
        ],
    );
    assert_eq!(code, 2);
}

/// Issue 13 point 21: `--help` speaks the user's language (`--lang`, the config file, LANG),
/// headings included; English stays English.
#[test]
fn p21_help_in_the_users_language() {
    let help = |args: &[&str], lang: &str| {
        let out = intendant(args)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let fr = help(&["booking", "add", "--help"], "fr_FR.UTF-8");
    assert!(
        fr.contains("Réserver une ressource, une fois ou avec une périodicité"),
        "{fr}"
    );
    assert!(
        fr.contains("Utilisation :") && fr.contains("Afficher l’aide"),
        "{fr}"
    );
    assert!(!fr.contains("Print help"), "{fr}");
    let forced = help(&["--lang", "fr", "setup", "--help"], "en_US.UTF-8");
    assert!(forced.contains("Commandes :"), "{forced}");
    let en = help(&["booking", "add", "--help"], "en_US.UTF-8");
    assert!(
        en.contains("Book a room, once or with a repeat") && en.contains("Usage:"),
        "{en}"
    );
}

/// A room in an area the user may not enter is not found by its name, as a room that does not
/// exist; given access, the same command books it (the name is looked up among the rooms of
/// that name the user may see, not through every room's visibility).
#[tokio::test]
async fn a_room_the_user_may_not_see_is_not_found_by_its_name() {
    let (db, alice, _bob) = school().await;
    let m = monday();
    let add = || {
        run(
            &alice.url,
            &[
                "booking",
                "add",
                "--room",
                "bureau du proviseur",
                "--start",
                &format!("{m} 10:00"),
                "--end",
                "11:00",
                "--name",
                "Entretien",
            ],
        )
    };
    let (code, _, err) = add();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("No room “bureau du proviseur”"), "{err}");
    db.client()
        .await
        .execute(
            "INSERT INTO area_access (area_id, login) SELECT id, $1 FROM area WHERE name = 'Direction'",
            &[&alice.name],
        )
        .await
        .unwrap();
    let (code, out, err) = add();
    assert_eq!(code, 0, "{out}{err}");
}
