//! Tried as an attacker would: plain login roles of one school, raw SQL, the real binary, a
//! second connection. Each test here failed before the fix it names (see SECURITY.md).

use crate::common;

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};
use common::bin::{intendant, stderr, stdout};
use common::{fresh_db, TestDb, TestRole};
use serde_json::{json, Value};

const SCHOOL: &str = r##"
timezone = "Europe/Paris"

[[site]]
code = "S"
name = "Site"

[[type]]
letter = "A"
name = "Cours"
color = "#4a90d9"
order = 1

[[area]]
name = "Tout"
site = "S"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
start = "06:00"
end = "22:00"
resolution = "15m"
default_type = "A"

[[room]]
area = "Tout"
name = "Quota"
max_bookings_per_user = 1

[[room]]
area = "Tout"
name = "Ouverte"
book_for_others = "user"

[[room]]
area = "Tout"
name = "Fermee"
"##;

/// What a terminal would obey: C0 (but the line break), DEL, C1, bidirectional overrides.
fn obeyed(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn assert_inert(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.chars().any(obeyed),
        "{what} wrote a terminal control: {text:?}"
    );
}

const HOSTILE: &str = "A\x1b]52;c;SGVsbG8=\x07B\x1b[2JC\u{9b}D\u{202e}E";

struct School {
    db: TestDb,
    alice: TestRole,
    bob: TestRole,
}

/// The small school above, two plain users, and the day two weeks ahead.
async fn school() -> School {
    let db = fresh_db().await;
    crate::common::bin::setup_load(&db.url, SCHOOL);
    let alice = user(&db, "alice", "user").await;
    let bob = user(&db, "bob", "user").await;
    School { db, alice, bob }
}

/// A login role of this database with an `app_user` row of `status`.
async fn user(db: &TestDb, name: &str, status: &str) -> TestRole {
    let role = db.role(name).await;
    db.client()
        .await
        .execute(
            "INSERT INTO app_user (login, display_name, status) VALUES ($1, $2, $3::text::user_status)",
            &[&role.name, &name, &status],
        )
        .await
        .unwrap();
    role
}

/// `booking add` as `url` with `args`, which must succeed: the first occurrence's id.
fn booked(url: &str, args: &[&str]) -> i64 {
    let mut all = vec!["booking", "add"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let (code, out, err) = run(url, &all);
    assert_eq!(code, 0, "{}", text(&err));
    serde_json::from_slice::<Value>(&out).unwrap()["occurrences"][0]["id"]
        .as_i64()
        .unwrap()
}

/// `book()` as a psql user calls it: one occurrence on `day` from `from` to `to` (local
/// times), with `details`; the refusal's DETAIL (its rule) on error.
async fn book_sql(
    c: &tokio_postgres::Client,
    room: i64,
    day: NaiveDate,
    (from, to): (&str, &str),
    details: Value,
) -> Result<(), String> {
    c.query_one(
        "SELECT book($1, ARRAY[tstzrange($2::text::timestamptz, $3::text::timestamptz)], $4)",
        &[
            &room,
            &format!("{day} {from} Europe/Paris"),
            &format!("{day} {to} Europe/Paris"),
            &details,
        ],
    )
    .await
    .map(drop)
    .map_err(|e| {
        e.as_db_error()
            .and_then(|d| d.detail())
            .unwrap_or("not a refusal")
            .to_owned()
    })
}

fn day() -> NaiveDate {
    let today = chrono::Utc::now().date_naive();
    today + Duration::days(14 + 7 - today.weekday().num_days_from_monday() as i64)
}

fn run(url: &str, args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let mut all = vec!["--database-url", url];
    all.extend_from_slice(args);
    let out = intendant(&all).output().unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn room_id(db: &TestDb, name: &str) -> i64 {
    db.client()
        .await
        .query_one("SELECT id FROM room WHERE name = $1", &[&name])
        .await
        .unwrap()
        .get(0)
}

async fn outbox(db: &TestDb) -> i64 {
    db.client()
        .await
        .query_one("SELECT count(*) FROM outbox", &[])
        .await
        .unwrap()
        .get(0)
}

// 1. Terminal injection through the CLI.

#[tokio::test]
async fn the_cli_writes_no_terminal_control_from_data() {
    let s = school().await;
    let d = day();
    let start = format!("{d} 10:00");
    // Alice names a booking with escape sequences, and herself too.
    let (code, _, err) = run(
        &s.alice.url,
        &[
            "booking", "add", "--room", "Ouverte", "--start", &start, "--end", "11:00", "--name",
            HOSTILE,
        ],
    );
    assert_eq!(code, 0, "{}", text(&err));
    let a = common::connect(&s.alice.url).await;
    a.execute(
        "UPDATE app_user SET display_name = $1 WHERE login = session_user",
        &[&HOSTILE],
    )
    .await
    .unwrap();
    // Bob lists the day, as text and as JSON.
    let date = d.to_string();
    let list = [
        "booking", "list", "--room", "Ouverte", "--from", &date, "--to", &date,
    ];
    let (code, out, err) = run(&s.bob.url, &list);
    assert_eq!(code, 0);
    assert_inert(&out, "booking list");
    assert_inert(&err, "booking list (stderr)");
    assert!(
        text(&out).contains("A␛]52;c;SGVsbG8=␇B␛[2JC"),
        "{}",
        text(&out)
    );
    let mut json_args = list.to_vec();
    json_args.extend(["--format", "json"]);
    let (_, out, _) = run(&s.bob.url, &json_args);
    assert_inert(&out, "booking list --format json");
    let rows: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(rows[0]["name"], HOSTILE, "JSON stays exact");
    // Bob's refusal names the other booking and its beneficiary's display name.
    let (code, out, err) = run(
        &s.bob.url,
        &[
            "booking", "add", "--room", "Ouverte", "--start", &start, "--end", "11:00", "--name",
            "Mine",
        ],
    );
    assert_eq!(code, 4);
    assert_inert(&out, "refusal (stdout)");
    assert_inert(&err, "refusal");
    assert!(text(&err).contains("␛[2J"), "{}", text(&err));

    // Imported names, unknown header cells and the file name itself.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eleves\x1b[2J.csv");
    std::fs::write(
        &path,
        "school_id;fiche;classe;prenom;nom;sexe;ddn;\x1b]52;c;eA==\x07\n032;1;5;\x1b[2JAna;Bo\u{9b};F;2001-05-04;z\n",
    )
    .unwrap();
    let (code, out, err) = run(&s.db.url, &["import", "students", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{}", text(&err));
    assert_inert(&out, "import students");
    assert_inert(&err, "import students (stderr)");
    for format in ["text", "json"] {
        let (code, out, err) = run(&s.db.url, &["people", "list", "--format", format]);
        assert_eq!(code, 0);
        assert_inert(&out, "people list");
        assert_inert(&err, "people list (stderr)");
        if format == "json" {
            let people: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(people[0]["first_name"], "\x1b[2JAna");
        }
    }

    // A raw constraint error quotes the failing row.
    let mut bad = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(
        &mut bad,
        b"[[site]]\ncode = \"X\\u001b[2J\"\nname = \"x\"\n",
    )
    .unwrap();
    let (code, out, err) = run(&s.db.url, &["setup", "load", bad.path().to_str().unwrap()]);
    assert_ne!(code, 0);
    assert_inert(&out, "setup load (stdout)");
    assert_inert(&err, "setup load");
}

// 2. Quotas raced.

async fn race_quota(s: &School, writers: usize) {
    let room = room_id(&s.db, "Quota").await;
    let d = day();
    let url = Arc::new(s.alice.url.clone());
    let mut tasks = Vec::new();
    for i in 0..writers {
        let url = url.clone();
        let start = d + Duration::days((i / 16) as i64);
        let hour = 6 + (i % 16) as u32;
        tasks.push(tokio::spawn(async move {
            let c = common::connect(&url).await;
            let (from, to) = (format!("{hour:02}:00"), format!("{hour:02}:30"));
            book_sql(&c, room, start, (&from, &to), json!({"name": "q"})).await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => won += 1,
            Err(detail) => assert!(detail.contains("max_per_room"), "{detail}"),
        }
    }
    assert_eq!(won, 1, "{writers} writers: exactly the quota");
    let booked: i64 =
        s.db.client()
            .await
            .query_one(
                "SELECT count(*) FROM booking WHERE room_id = $1 AND archived_at IS NULL",
                &[&room],
            )
            .await
            .unwrap()
            .get(0);
    assert_eq!(booked, 1);
}

#[tokio::test]
async fn a_quota_holds_under_20_and_50_concurrent_writers() {
    let s = school().await;
    race_quota(&s, 20).await;
    s.db.client()
        .await
        .batch_execute("UPDATE booking SET archived_at = now()")
        .await
        .unwrap();
    race_quota(&s, 50).await;
}

#[tokio::test]
async fn a_quota_holds_under_20_concurrent_cli_processes() {
    let s = school().await;
    let d = day();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let start = format!("{d} {:02}:00", 6 + i % 16);
            let end = format!("{:02}:30", 6 + i % 16);
            let start = if i >= 16 {
                format!("{} {:02}:00", d + Duration::days(1), 6 + i % 16)
            } else {
                start
            };
            intendant(&[
                "--database-url",
                &s.alice.url,
                "booking",
                "add",
                "--room",
                "Quota",
                "--start",
                &start,
                "--end",
                &end,
                "--name",
                "q",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
        })
        .collect();
    let codes: Vec<i32> = children
        .into_iter()
        .map(|mut c| c.wait().unwrap().code().unwrap_or(-1))
        .collect();
    assert_eq!(codes.iter().filter(|&&c| c == 0).count(), 1, "{codes:?}");
    assert!(codes.iter().all(|&c| c == 0 || c == 4), "{codes:?}");
}

#[tokio::test]
async fn a_repeatable_read_transaction_cannot_race_the_quota() {
    let s = school().await;
    let room = room_id(&s.db, "Quota").await;
    let d = day();
    let first = common::connect(&s.alice.url).await;
    let second = common::connect(&s.alice.url).await;
    second
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT 1")
        .await
        .unwrap();
    book_sql(&first, room, d, ("08:00", "09:00"), json!({"name": "q"}))
        .await
        .unwrap();
    let raced = book_sql(&second, room, d, ("10:00", "11:00"), json!({"name": "q"})).await;
    assert!(
        raced.is_err(),
        "the older snapshot must not book past the quota"
    );
}

// 3. Book-for-others bypassed by moving.

#[tokio::test]
async fn moving_a_booking_checks_every_right_of_the_destination() {
    let s = school().await;
    let d = day();
    let start = format!("{d} 10:00");
    // Alice may not book Fermee for Bob...
    let (code, _, err) = run(
        &s.alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Fermee",
            "--start",
            &start,
            "--end",
            "11:00",
            "--name",
            "Pour Bob",
            "--beneficiary",
            &s.bob.name,
        ],
    );
    assert_eq!(code, 4, "{}", text(&err));
    // ...so booking him in Ouverte and moving it there is refused too.
    let id = booked(
        &s.alice.url,
        &[
            "--room",
            "Ouverte",
            "--start",
            &start,
            "--end",
            "11:00",
            "--name",
            "Pour Bob",
            "--beneficiary",
            &s.bob.name,
        ],
    );
    let (code, _, err) = run(
        &s.alice.url,
        &["booking", "edit", &id.to_string(), "--room", "Fermee"],
    );
    assert_eq!(code, 4, "{}", text(&err));
    assert!(text(&err).contains("for someone else"), "{}", text(&err));
    // A manager of Ouverte moves Bob's own booking into Fermee, which he does not manage.
    let manager = user(&s.db, "manager", "user").await;
    let root = s.db.client().await;
    root.execute(
        "INSERT INTO room_manager (room_id, login) SELECT id, $1 FROM room WHERE name = 'Ouverte'",
        &[&manager.name],
    )
    .await
    .unwrap();
    let bobs = booked(
        &s.bob.url,
        &[
            "--room",
            "Ouverte",
            "--start",
            &format!("{d} 14:00"),
            "--end",
            "15:00",
            "--name",
            "Bob",
        ],
    );
    let (code, _, err) = run(
        &manager.url,
        &["booking", "edit", &bobs.to_string(), "--room", "Fermee"],
    );
    assert_eq!(code, 4, "{}", text(&err));
    let rooms: Vec<String> = root
        .query(
            "SELECT r.name FROM booking b JOIN room r ON r.id = b.room_id ORDER BY b.id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(rooms, ["Ouverte", "Ouverte"]);
}

// 4. Mail flood.

#[tokio::test]
async fn what_is_gone_or_not_yours_is_refused_and_mails_nobody() {
    let s = school().await;
    let d = day();
    let id = booked(
        &s.alice.url,
        &[
            "--room",
            "Ouverte",
            "--start",
            &format!("{d} 10:00"),
            "--end",
            "11:00",
            "--name",
            "X",
        ],
    );
    let (code, _, err) = run(&s.alice.url, &["booking", "confirm", &id.to_string()]);
    assert_eq!(code, 4, "not tentative: {}", text(&err));
    let (code, _, err) = run(&s.bob.url, &["booking", "delete", &id.to_string()]);
    assert_eq!(code, 4, "not Bob's: {}", text(&err));
    let before = outbox(&s.db).await;
    let (code, _, _) = run(&s.alice.url, &["booking", "delete", &id.to_string()]);
    assert_eq!(code, 0);
    assert_eq!(outbox(&s.db).await, before + 1, "one mail for one deletion");
    for args in [
        vec!["booking", "delete", "ID"],
        vec!["booking", "confirm", "ID"],
        vec!["booking", "edit", "ID", "--name", "Y"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("ID", &id.to_string()))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = run(&s.alice.url, &args);
        assert_eq!(code, 4, "{args:?}: {}", text(&err));
    }
    let a = common::connect(&s.alice.url).await;
    let flood = a
        .query(
            "SELECT booking_delete($1) FROM generate_series(1, 100)",
            &[&id],
        )
        .await;
    assert!(flood.is_err());
    assert_eq!(
        outbox(&s.db).await,
        before + 1,
        "nothing queued for what is gone"
    );
}

// 5. Group role collision.

#[tokio::test]
async fn two_databases_with_one_long_prefix_get_their_own_group() {
    let prefix = common::unique("collision");
    let prefix = format!("{prefix}{}", "x".repeat(60 - prefix.len()));
    let admin = common::connect(&common::url_for("postgres")).await;
    let mut dbs = Vec::new();
    for tail in ["a", "b"] {
        let name = format!("{prefix}{tail}");
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        dbs.push(TestDb {
            url: common::url_for(&name),
            name,
        });
    }
    for db in &dbs {
        db.database().ready().await.unwrap();
    }
    let group = |db: &TestDb| {
        let db = db.url.clone();
        async move {
            common::connect(&db)
                .await
                .query_one("SELECT group_role()", &[])
                .await
                .unwrap()
                .get::<_, String>(0)
        }
    };
    let (ga, gb) = (group(&dbs[0]).await, group(&dbs[1]).await);
    assert_ne!(ga, gb);
    // A user of the first database reads nothing of the second.
    let role = dbs[0].role("member").await;
    let other = role.url.replace(&dbs[0].name, &dbs[1].name);
    let c = common::connect(&other).await;
    assert!(c.query("SELECT * FROM app_user", &[]).await.is_err());
    assert!(c.query("SELECT * FROM setting", &[]).await.is_err());
    // A group role that is not this database's own is refused at start.
    admin
        .batch_execute(&format!("COMMENT ON ROLE \"{ga}\" IS 'made by hand'"))
        .await
        .unwrap();
    let (code, _, err) = run(&dbs[0].url, &["db", "status"]);
    assert_ne!(code, 0);
    assert!(text(&err).contains(&ga), "{}", text(&err));
    drop(role);
    for g in [ga, gb] {
        let _ = admin
            .batch_execute(&format!(
                "REASSIGN OWNED BY \"{g}\" TO postgres; DROP OWNED BY \"{g}\""
            ))
            .await;
    }
}

// 6. Forged or erased import records.

#[tokio::test]
async fn runs_and_snapshots_cannot_be_forged_or_erased() {
    let s = school().await;
    let ldif = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        ldif.path(),
        "dn: uid=a,ou=people,dc=x\nuid: a\nsn: A\ngivenName: B\n\n",
    )
    .unwrap();
    let manager = user(&s.db, "um", "user_manager").await;
    let root = s.db.client().await;
    let (code, _, err) = run(
        &manager.url,
        &["import", "ldif", ldif.path().to_str().unwrap()],
    );
    assert_eq!(code, 0, "{}", text(&err));
    let m = common::connect(&manager.url).await;
    for sql in [
        "DELETE FROM directory_run",
        "DELETE FROM directory_entry",
        "UPDATE directory_entry SET login = 'injected'",
        "UPDATE directory_run SET imported_by = 'someone'",
        "INSERT INTO directory_entry (run_id, position, dn, attrs) SELECT id, 99, 'uid=x', '[]' FROM directory_run",
    ] {
        assert!(m.batch_execute(sql).await.is_err(), "{sql} was allowed");
    }
    // A run inserted by hand is recorded as its author's, whatever it says.
    let by: String = m
        .query_one(
            "INSERT INTO import_run (kind, file_name, checksum, school_year, run_by) VALUES ('student', 'f', 'c', '2026-2027', 'somebody') RETURNING run_by",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(by, manager.name);
    assert!(m
        .batch_execute("UPDATE import_run SET run_by = 'somebody'")
        .await
        .is_err());
    assert!(m.batch_execute("DELETE FROM import_run").await.is_err());
    let history: i64 = root
        .query_one(
            "SELECT count(*) FROM change_history WHERE table_name IN ('import_run', 'directory_run') AND changed_by = $1",
            &[&manager.name],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(history, 2, "each run is in the history");
    let entries: i64 = root
        .query_one("SELECT count(*) FROM directory_entry", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(entries, 1);
}

// 7. Rights moved by renaming a login.

#[tokio::test]
async fn a_login_cannot_be_renamed() {
    let s = school().await;
    for url in [s.db.url.clone(), s.alice.url.clone()] {
        let c = common::connect(&url).await;
        let renamed = c
            .execute(
                "UPDATE app_user SET login = 'outsider' WHERE login = $1",
                &[&s.alice.name],
            )
            .await;
        assert!(renamed.is_err());
    }
}

// 8. `setup load` adopts system roles.

#[tokio::test]
async fn setup_load_refuses_system_privileged_and_foreign_roles() {
    let db = fresh_db().await;
    let foreign = common::unique("t_foreign");
    let super_role = common::unique("t_super");
    let admin = db.client().await;
    admin
        .batch_execute(&format!(
            "CREATE ROLE \"{foreign}\" LOGIN; CREATE ROLE \"{super_role}\" SUPERUSER"
        ))
        .await
        .unwrap();
    let load = |body: String| {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, body.as_bytes()).unwrap();
        let out = intendant(&[
            "--database-url",
            &db.url,
            "setup",
            "load",
            f.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
        (out.status.code().unwrap_or(-1), stderr(&out))
    };
    let (code, err) = load("[[user]]\nlogin = \"pg_read_all_data\"\n".into());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pg_read_all_data"), "{err}");
    let (code, err) = load(format!("[[user]]\nlogin = \"{foreign}\"\n"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("adopt = true"), "{err}");
    let (code, err) = load(format!(
        "[[user]]\nlogin = \"{super_role}\"\nadopt = true\n"
    ));
    assert_eq!(code, 2, "{err}");
    let members: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = group_role()
               AND m.member IN (SELECT oid FROM pg_roles WHERE rolname IN ('pg_read_all_data', $1, $2))",
            &[&foreign, &super_role],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(members, 0, "nothing was granted");
    let (code, err) = load(format!("[[user]]\nlogin = \"{foreign}\"\nadopt = true\n"));
    assert_eq!(code, 0, "{err}");
    admin
        .batch_execute(&format!(
            "DROP ROLE \"{foreign}\"; DROP ROLE \"{super_role}\""
        ))
        .await
        .ok();
}

// 9. The live channel.

#[tokio::test]
async fn the_channel_tells_no_stranger_about_a_restricted_room() {
    let s = school().await;
    let root = s.db.client().await;
    root.batch_execute("UPDATE area SET access = 'restricted'")
        .await
        .unwrap();
    // A role that is not even a user of this database may LISTEN.
    let stranger = s.db.role("stranger").await;
    let (listener, mut notes) = {
        let db = intendant::db::Database::new(&intendant::db::ConnectSettings {
            config: stranger.url.parse().unwrap(),
            tls: intendant::config::TlsMode::Disable,
            root_cert: None,
        })
        .unwrap();
        db.dedicated().await.unwrap()
    };
    listener.batch_execute("LISTEN intendant").await.unwrap();
    let room = room_id(&s.db, "Fermee").await;
    let d = day();
    book_sql(
        &root,
        room,
        d,
        ("10:00", "11:00"),
        json!({"name": "Conseil secret"}),
    )
    .await
    .unwrap();
    let note = tokio::time::timeout(std::time::Duration::from_secs(5), notes.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(note.payload(), r#"{"kind": "booking"}"#);
}

#[tokio::test]
async fn a_flood_of_notifications_becomes_a_few_events() {
    let db = fresh_db().await;
    let events = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = events.clone();
    let task = intendant::db::listen::spawn(db.database(), move |e| {
        seen.lock().unwrap().push(e);
        true
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    db.client()
        .await
        .batch_execute(
            "SELECT pg_notify('intendant', '{\"kind\": \"booking\", \"n\": ' || i || '}') FROM generate_series(1, 20000) AS i;
             SELECT pg_notify('intendant', 'junk ' || i) FROM generate_series(1, 1000) AS i;",
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    task.abort();
    let events = events.lock().unwrap().clone();
    use intendant::db::listen::DbEvent;
    let changed: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            DbEvent::Changed(kinds) => Some(kinds.clone()),
            _ => None,
        })
        .collect();
    assert!(
        !changed.is_empty() && changed.len() <= 5,
        "21,000 notifications became {} events",
        changed.len()
    );
    use intendant::db::listen::Kind;
    assert!(changed.iter().flatten().any(|k| *k == Kind::Bookings));
    assert!(changed
        .iter()
        .flatten()
        .all(|k| matches!(k, Kind::Bookings | Kind::Everything | Kind::Other)));
    assert!(
        !events.iter().any(|e| matches!(e, DbEvent::Lost(_))),
        "{events:?}"
    );
}

// 11. The smaller ones.

#[tokio::test]
async fn over_long_texts_are_named_with_their_limit() {
    let s = school().await;
    let d = day();
    let start = format!("{d} 10:00");
    let long = "x".repeat(10_000);
    let (code, _, err) = run(
        &s.alice.url,
        &[
            "booking", "add", "--room", "Ouverte", "--start", &start, "--end", "11:00", "--name",
            &long,
        ],
    );
    assert_eq!(code, 2);
    assert!(
        text(&err).contains("--name: at most 80 characters, not 10000"),
        "{}",
        text(&err)
    );
    let huge = "d".repeat(70_000);
    let (code, _, err) = run(
        &s.alice.url,
        &[
            "booking",
            "add",
            "--room",
            "Ouverte",
            "--start",
            &start,
            "--end",
            "11:00",
            "--name",
            "ok",
            "--description",
            &huge,
        ],
    );
    assert_eq!(code, 2);
    assert!(
        text(&err).contains("--description: at most 65536"),
        "{}",
        text(&err)
    );
    // psql users meet the same limit, named.
    let a = common::connect(&s.alice.url).await;
    let room = room_id(&s.db, "Ouverte").await;
    let detail = book_sql(
        &a,
        room,
        d,
        ("12:00", "13:00"),
        json!({"name": "ok", "description": "d".repeat(5_000_000)}),
    )
    .await
    .unwrap_err();
    assert!(
        detail.contains("\"too_long\"") && detail.contains("description"),
        "{detail}"
    );
    // A setup value over its limit.
    let mut f = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(
        &mut f,
        format!("[[site]]\ncode = \"S\"\nname = \"{}\"\n", "n".repeat(300)).as_bytes(),
    )
    .unwrap();
    let (code, _, err) = run(&s.db.url, &["setup", "load", f.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{}", text(&err));
    assert!(
        text(&err).contains("name: at most 80 characters, not 300"),
        "{}",
        text(&err)
    );
    let _ = s;
}

#[tokio::test]
async fn nul_bytes_name_their_line() {
    let s = school().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("nul.csv");
    std::fs::write(
        &csv,
        "school_id;fiche;classe;prenom;nom;sexe;ddn;x\0y\n032;1;5;Ana;Bo;F;2001-05-04;a\n032;2;5;E\0ve;Bo;F;2001-05-04;b\n",
    )
    .unwrap();
    let (code, out, err) = run(&s.db.url, &["import", "students", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{}", text(&err));
    assert!(
        text(&out).contains("line 3: first_name: holds a NUL byte"),
        "{}",
        text(&out)
    );
    assert_inert(&out, "import with NUL");
    let ldif = dir.path().join("nul.ldif");
    std::fs::write(&ldif, "dn: uid=a,dc=x\nuid: a\ncn: A\0B\n").unwrap();
    let (code, _, err) = run(&s.db.url, &["import", "ldif", ldif.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(text(&err).contains("line 3"), "{}", text(&err));
}

#[tokio::test]
async fn a_visitor_is_refused_the_correlation() {
    let s = school().await;
    let visitor = user(&s.db, "visitor", "visitor").await;
    let (code, _, err) = run(&visitor.url, &["correlate", "run"]);
    assert_eq!(code, 4, "{}", text(&err));
    assert!(
        text(&err).contains("administrators and user managers"),
        "{}",
        text(&err)
    );
}

#[test]
fn the_log_is_private_and_holds_no_contents() {
    use std::os::unix::fs::PermissionsExt;
    let state = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("intendant")).unwrap();
    std::fs::write(
        config.path().join("intendant/keymap.toml"),
        b"[global]\n\xff\xfe = \"quit\"\n",
    )
    .unwrap();
    let out = intendant(&[
        "--database-url",
        "postgres://nobody@127.0.0.1:1/x",
        "config",
    ])
    .env("XDG_STATE_HOME", state.path())
    .env("XDG_CONFIG_HOME", config.path())
    .env("INTENDANT_LOG", "debug")
    .output()
    .unwrap();
    assert!(
        stderr(&out).contains("keymap.toml: line 2: not UTF-8 text"),
        "{}",
        stderr(&out)
    );
    let dir = state.path().join("intendant");
    let log = dir.join("intendant.log");
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(
        std::fs::metadata(&log).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[tokio::test]
async fn debug_logs_hold_ids_not_contents() {
    let s = school().await;
    let state = tempfile::tempdir().unwrap();
    let d = day();
    let out = intendant(&[
        "--database-url",
        &s.alice.url,
        "booking",
        "add",
        "--room",
        "Ouverte",
        "--start",
        &format!("{d} 10:00"),
        "--end",
        "11:00",
        "--name",
        "Entretien confidentiel",
        "--description",
        "Dossier médical",
    ])
    .env("XDG_STATE_HOME", state.path())
    .env("INTENDANT_LOG", "debug")
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let log = std::fs::read_to_string(state.path().join("intendant/intendant.log")).unwrap();
    assert!(!log.is_empty());
    assert!(
        !log.contains("confidentiel") && !log.contains("médical"),
        "{log}"
    );
    let _ = stdout(&out);
}
