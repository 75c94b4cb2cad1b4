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

fn run(url: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--database-url", url];
    all.extend_from_slice(args);
    let out = intendant(&all).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

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
