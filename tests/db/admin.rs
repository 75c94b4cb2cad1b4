//! Administration through the SQL functions, as real login roles: booking types, days without
//! bookings and cycle days are the administrators' alone (seed 003 section 1.5), whoever asks
//! and however (psql or `intendant admin`); a blocked day never silently drops bookings.

use serde_json::Value;

use crate::common::bin::{intendant, setup_load, stderr, stdout};
use crate::common::{connect, fresh_db, server_message, TestDb, TestRole};

pub(crate) struct School {
    pub db: TestDb,
    /// Every level of seed 003 section 1.5, administrator first.
    pub levels: Vec<(&'static str, TestRole)>,
}

impl School {
    pub fn role(&self, level: &str) -> &TestRole {
        &self.levels.iter().find(|(l, _)| *l == level).unwrap().1
    }
}

/// Site S (area Sciences, room Labo), where the site admin, area admin and room manager
/// hold their rights, and site T (area Lettres, room Salle L), where nobody but the
/// administrators does.
pub(crate) async fn school() -> School {
    let db = fresh_db().await;
    let mut levels = Vec::new();
    for level in [
        "admin",
        "site_admin",
        "area_admin",
        "room_manager",
        "user_manager",
        "user",
        "visitor",
    ] {
        levels.push((level, db.role(level).await));
    }
    let login = |l: &str| levels.iter().find(|(x, _)| *x == l).unwrap().1.name.clone();
    let setup = format!(
        r##"{prefix}[[user]]
login = "{admin}"
name = "Admin"
email = "admin@lycee.example"
status = "admin"
[[user]]
login = "{site_admin}"
name = "Site admin"
[[user]]
login = "{area_admin}"
name = "Area admin"
[[user]]
login = "{room_manager}"
name = "Manager"
[[user]]
login = "{user_manager}"
name = "User manager"
status = "user_manager"
[[user]]
login = "{user}"
name = "User"
email = "user@lycee.example"
[[user]]
login = "{visitor}"
name = "Visitor"
status = "visitor"
[[site]]
code = "T"
name = "Autre site"
[[area]]
name = "Lettres"
site = "T"
days = ["mon", "tue", "wed", "thu", "fri"]
start = "08:00"
end = "18:00"
resolution = "30m"
[[room]]
area = "Lettres"
name = "Salle L"
[[site_admin]]
login = "{site_admin}"
site = "S"
[[area_admin]]
login = "{area_admin}"
area = "Sciences"
[[room_manager]]
login = "{room_manager}"
room = "Labo"
"##,
        prefix = crate::common::OPEN_SCHOOL,
        admin = login("admin"),
        site_admin = login("site_admin"),
        area_admin = login("area_admin"),
        room_manager = login("room_manager"),
        user_manager = login("user_manager"),
        user = login("user"),
        visitor = login("visitor"),
    );
    setup_load(&db.url, &setup);
    School { db, levels }
}

use crate::common::bin::run_at as run;

/// `name` in Labo on `day` from `hour` for an hour, as the login at `url` (type A).
fn book(url: &str, day: chrono::NaiveDate, hour: u32, name: &str) -> (i32, String, String) {
    let start = format!("{day} {hour:02}:00");
    let end = format!("{:02}:00", hour + 1);
    run(
        url,
        &[
            "booking", "add", "--room", "Labo", "--start", &start, "--end", &end, "--name", name,
            "--type", "A",
        ],
    )
}

/// A day two weeks ahead.
fn ahead() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() + chrono::Duration::days(14)
}

#[tokio::test]
async fn types_and_the_calendar_are_the_administrators_alone_whoever_asks() {
    let s = school().await;
    let day = ahead().to_string();
    let calls = [
        "SELECT admin_type_save('Z', 'Zeta', '#123456')".to_owned(),
        "SELECT admin_type_remove('A')".to_owned(),
        format!("SELECT admin_blocked_add('{day}', 'pont')"),
        format!("SELECT admin_blocked_remove('{day}')"),
        format!("SELECT admin_cycle_set('{day}', 2)"),
    ];
    let mut table = Vec::new();
    for (level, role) in &s.levels {
        let c = connect(&role.url).await;
        let mut row = Vec::new();
        for sql in &calls {
            let allowed = match c.batch_execute(sql).await {
                Ok(()) => true,
                Err(e) => {
                    let m = server_message(&e);
                    assert!(
                        m.contains("only an administrator") || m.contains("type A is used"),
                        "{level}: {sql}: {m}"
                    );
                    m.contains("type A is used")
                }
            };
            row.push(allowed);
        }
        table.push((*level, row));
    }
    for (level, row) in &table {
        let expected = *level == "admin";
        assert!(
            row.iter().all(|ok| *ok == expected),
            "{level}: {row:?} (the administrators alone)"
        );
    }
    // Nobody writes the tables around the functions either.
    let user = connect(&s.role("user_manager").url).await;
    for sql in [
        "INSERT INTO booking_type (letter, name, color) VALUES ('Y', 'y', '#000000')",
        "INSERT INTO blocked_day (day) VALUES ('2030-01-01')",
        "DELETE FROM cycle_day",
    ] {
        let e = user.batch_execute(sql).await.expect_err(sql);
        let m = server_message(&e);
        assert!(
            m.contains("permission denied") || m.contains("row-level security"),
            "{sql}: {m}"
        );
    }
}

#[tokio::test]
async fn a_day_with_bookings_is_blocked_only_once_the_administrator_says_what_becomes_of_them() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let user = &s.role("user").url;
    let day = ahead();
    let (code, _, err) = book(user, day, 10, "TP");
    assert_eq!(code, 0, "{err}");
    let d = day.to_string();
    let (code, _, err) = run(admin, &["admin", "blocked", "add", &d, "--reason", "Pont"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("1 booking(s)") && err.contains("TP"), "{err}");
    assert!(err.contains("--bookings keep"), "{err}");
    let (code, out, err) = run(
        admin,
        &[
            "admin",
            "blocked",
            "add",
            &d,
            "--reason",
            "Pont",
            "--bookings",
            "archive",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["archived"].as_array().unwrap().len(), 1);
    let root = s.db.client().await;
    let row = root
        .query_one(
            "SELECT (SELECT count(*) FROM booking WHERE archived_at IS NULL),
                    (SELECT count(*) FROM outbox WHERE kind = 'booking_deleted'),
                    (SELECT reason FROM blocked_day)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 0);
    assert_eq!(row.get::<_, i64>(1), 1, "those concerned are told");
    assert_eq!(row.get::<_, String>(2), "Pont");
    // Nobody books it now.
    let (code, _, err) = book(user, day, 14, "x");
    assert_eq!(code, 4, "{err}");
    let (_, listed, _) = run(
        admin,
        &["admin", "blocked", "list", "--from", &d, "--to", &d],
    );
    assert!(listed.contains(&format!("{d}  Pont")), "{listed}");
    let (code, out, _) = run(admin, &["admin", "blocked", "remove", &d]);
    assert_eq!((code, out.trim()), (0, "removed"));
    let (code, _, err) = run(admin, &["admin", "blocked", "add", "31/02/2027"]);
    assert_eq!(code, 2, "{err}");
}

#[tokio::test]
async fn a_type_in_use_stays_and_a_new_one_can_be_removed() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let (code, _, err) = run(
        admin,
        &[
            "admin", "type", "set", "Z", "--name", "Zeta", "--color", "#123456",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        admin,
        &[
            "admin", "type", "set", "Z", "--name", "Zeta", "--color", "bleu",
        ],
    );
    assert_eq!(code, 2, "a colour is #rrggbb: {err}");
    let (_, out, _) = run(admin, &["admin", "type", "list", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let day = ahead();
    let (code, _, err) = book(&s.role("user").url, day, 10, "TP");
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(admin, &["admin", "type", "remove", "A"]);
    assert_eq!(code, 4);
    assert!(err.contains("Type A stays"), "{err}");
    let (code, _, err) = run(admin, &["admin", "type", "remove", "Z"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(admin, &["admin", "cycle", "2027-01-04", "3"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(admin, &["admin", "cycle", "2027-01-04", "trois"]);
    assert_eq!(code, 2, "{err}");
    let cycle: i16 =
        s.db.client()
            .await
            .query_one("SELECT cycle FROM cycle_day WHERE day = '2027-01-04'", &[])
            .await
            .unwrap()
            .get(0);
    assert_eq!(cycle, 3);
}

/// `intendant admin user …` with `input` on standard input.
fn run_with_input(url: &str, args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut all = vec!["--database-url", url];
    all.extend_from_slice(args);
    let mut child = intendant(&all)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

#[tokio::test]
async fn a_user_manager_adds_users_who_can_log_in_and_takes_the_login_away() {
    let s = school().await;
    let manager = &s.role("user_manager").url;
    let login = crate::common::unique("newcomer").to_lowercase();
    // Dropped with the test, as every role a test makes (roles are the cluster's).
    let made = TestRole {
        name: login.clone(),
        url: s.role("user").url.replace(&s.role("user").name, &login),
    };
    let (code, out, err) = run_with_input(
        manager,
        &[
            "admin",
            "user",
            "add",
            &login,
            "--name",
            "Nouvelle Arrivée",
            "--password",
        ],
        "correct horse battery\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&login), "{out}");
    let root = s.db.client().await;
    let row = root
        .query_one(
            "SELECT a.rolcanlogin, a.rolsuper OR a.rolcreaterole OR a.rolbypassrls, a.rolpassword LIKE 'SCRAM-SHA-256$%',
                    pg_has_role(a.rolname, group_role(), 'MEMBER')
               FROM pg_authid a WHERE a.rolname = $1",
            &[&login],
        )
        .await
        .unwrap();
    assert!(row.get::<_, bool>(0), "a login");
    assert!(!row.get::<_, bool>(1), "a plain one");
    assert!(row.get::<_, bool>(2), "the password arrived hashed");
    assert!(row.get::<_, bool>(3), "member of this database's group");
    let newcomer = connect(&made.url).await;
    let rooms: i64 = newcomer
        .query_one("SELECT count(*) FROM room", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rooms, 2, "the new user reads the school");
    drop(newcomer);

    // Not an administrator, not by a user manager; not by a plain user; not a taken role.
    let (code, _, err) = run(
        manager,
        &[
            "admin", "user", "add", "boss", "--name", "B", "--status", "admin",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("administrator"), "{err}");
    let (code, _, _) = run(
        &s.role("user").url,
        &["admin", "user", "add", "other", "--name", "O"],
    );
    assert_eq!(code, 4);
    let (code, _, err) = run(
        manager,
        &["admin", "user", "add", "postgres", "--name", "P"],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("exists already"), "{err}");
    let (code, _, err) = run(
        manager,
        &[
            "admin",
            "user",
            "add",
            "Bob\"; DROP ROLE x; --",
            "--name",
            "B",
        ],
    );
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run_with_input(manager, &["admin", "user", "password", &login], "short\n");
    assert_eq!(code, 2, "{err}");
    // Nor in psql with a password in clear.
    let m = connect(manager).await;
    let e = m
        .batch_execute(&format!(
            "SELECT admin_user_password('{login}', 'hunter2hunter2')"
        ))
        .await
        .unwrap_err();
    assert!(server_message(&e).contains("never in clear"), "{e}");

    // Deactivated: no login, nothing to read; activated again: back.
    let (code, _, err) = run(manager, &["admin", "user", "deactivate", &login]);
    assert_eq!(code, 0, "{err}");
    let refused = tokio_postgres::connect(&made.url, tokio_postgres::NoTls).await;
    assert!(refused.is_err(), "the login is gone");
    let (code, _, err) = run(manager, &["admin", "user", "activate", &login]);
    assert_eq!(code, 0, "{err}");
    let back = connect(&made.url).await;
    back.query_one("SELECT count(*) FROM room", &[])
        .await
        .unwrap();
}

#[tokio::test]
async fn administrators_set_the_installations_settings_and_the_database_checks_them() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let (code, out, err) = run(
        admin,
        &["admin", "setting", "set", "tasks.at_first_login", "true"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "tasks.at_first_login = true");
    let (code, _, err) = run(
        admin,
        &["admin", "setting", "set", "timezone", "Mars/Olympus"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Europe/Paris"), "the rule's hint: {err}");
    let (code, _, err) = run(admin, &["admin", "setting", "set", "group_role", "mine"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("cannot be changed"), "{err}");
    let (code, _, err) = run(
        &s.role("user_manager").url,
        &["admin", "setting", "set", "site_name", "X"],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("administrator"), "{err}");
    let (_, out, _) = run(admin, &["admin", "setting", "list", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tasks.at_first_login"], "true");
    assert!(v.get("group_token").is_none());
    // The welcome text: one paragraph, 500 characters at most.
    let (code, _, err) = run(
        admin,
        &["admin", "setting", "set", "welcome_text", &"x".repeat(501)],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("500"), "{err}");
    let (code, _, err) = run(
        admin,
        &["admin", "setting", "set", "welcome_text", "Bonne rentrée"],
    );
    assert_eq!(code, 0, "{err}");
}

#[tokio::test]
async fn the_connection_log_says_who_came_and_how_they_left_and_only_to_administrators() {
    let s = school().await;
    let user = &s.role("user").url;
    let alice = connect(user).await;
    let mine: i64 = alice
        .query_one("SELECT connection_start('intendant test')", &[])
        .await
        .unwrap()
        .get(0);
    let seen: i64 = alice
        .query_one("SELECT count(*) FROM connection_log", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "administrators read the log");
    let e = alice
        .batch_execute(
            "INSERT INTO connection_log (login, pid, application) VALUES ('x', 1, 'forged')",
        )
        .await
        .unwrap_err();
    assert!(server_message(&e).contains("permission denied"), "{e}");
    // A session whose connection dies without an end.
    let (other, connection) =
        tokio_postgres::connect(&s.role("visitor").url, tokio_postgres::NoTls)
            .await
            .unwrap();
    let driver = tokio::spawn(connection);
    let theirs: i64 = other
        .query_one("SELECT connection_start('intendant test')", &[])
        .await
        .unwrap()
        .get(0);
    let ended: bool = alice
        .query_one("SELECT connection_end($1)", &[&theirs])
        .await
        .unwrap()
        .get(0);
    assert!(!ended, "nobody ends another's session");
    drop(other);
    let _ = driver.await;
    let ended: bool = alice
        .query_one("SELECT connection_end($1)", &[&mine])
        .await
        .unwrap()
        .get(0);
    assert!(ended);
    // The server notices the dead backend a moment later.
    let mut listed = Value::Null;
    for _ in 0..50 {
        let (code, out, err) = run(
            &s.role("admin").url,
            &["admin", "connections", "--format", "json"],
        );
        assert_eq!(code, 0, "{err}");
        listed = serde_json::from_str(&out).unwrap();
        let lost = listed
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == theirs && c["ended"] == "lost");
        if lost {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let row = |id: i64| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(mine)["ended"], "exit");
    assert_eq!(row(mine)["login"], s.role("user").name.as_str());
    assert_eq!(row(theirs)["ended"], "lost");
    let (code, _, _) = run(user, &["admin", "connections"]);
    assert_eq!(code, 4, "administrators only");
    let (_, text, _) = run(&s.role("admin").url, &["admin", "connections"]);
    assert!(text.contains("connection lost"), "{text}");
}

#[tokio::test]
async fn a_room_is_changed_field_by_field_by_those_allowed() {
    let s = school().await;
    // Who may change what, as seed 003 section 1.5 says: moderation and the room sheet are its
    // managers' too; its rules and its name are its area's administrators'.
    let expect = [
        ("admin", true, true),
        ("site_admin", true, true),
        ("area_admin", true, true),
        ("room_manager", true, false),
        ("user_manager", false, false),
        ("user", false, false),
        ("visitor", false, false),
    ];
    for (level, moderation, capacity) in expect {
        let url = &s.role(level).url;
        let (code, _, err) = run(
            url,
            &[
                "admin",
                "room",
                "edit",
                "Labo",
                "moderated=true",
                "description=Salle TP",
            ],
        );
        assert_eq!(code == 0, moderation, "{level} moderation: {err}");
        let (code, _, err) = run(url, &["admin", "room", "edit", "Labo", "capacity=30"]);
        assert_eq!(code == 0, capacity, "{level} capacity: {err}");
        if !capacity {
            assert_eq!(code, 4, "{level}: {err}");
        }
    }
    let admin = &s.role("admin").url;
    let (code, _, err) = run(admin, &["admin", "room", "edit", "Labo", "colour=red"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("capacity"), "the fields are named: {err}");
    let (code, _, err) = run(
        admin,
        &["admin", "room", "edit", "Labo", "capacity=beaucoup"],
    );
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(admin, &["admin", "room", "edit", "Labo", "capacity"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(admin, &["admin", "room", "edit", "Labo", "capacity="]);
    assert_eq!(code, 2, "a room has a capacity: {err}");
    let (code, _, err) = run(
        admin,
        &[
            "admin",
            "room",
            "edit",
            "Labo",
            "max_duration=2 hours",
            "book_for_others=user",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        admin,
        &["admin", "room", "edit", "Labo", "book_for_others="],
    );
    assert_eq!(code, 0, "{err}");
    let row = s
        .db
        .client()
        .await
        .query_one(
            "SELECT moderated, description, capacity, max_duration = interval '2 hours', book_for_others IS NULL
               FROM room WHERE name = 'Labo'",
            &[],
        )
        .await
        .unwrap();
    assert!(row.get::<_, bool>(0));
    assert_eq!(row.get::<_, String>(1), "Salle TP");
    assert_eq!(row.get::<_, i32>(2), 30);
    assert!(row.get::<_, bool>(3));
    assert!(row.get::<_, bool>(4), "FIELD= clears it");
}

#[tokio::test]
async fn an_archived_area_hides_its_rooms_keeps_their_bookings_and_comes_back_whole() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let day = ahead();
    let (code, _, err) = book(&s.role("user").url, day, 10, "TP");
    assert_eq!(code, 0, "{err}");
    // The site administrator archives what she administers; first she sees what it hides.
    let site_admin = &s.role("site_admin").url;
    let (code, out, err) = run(
        site_admin,
        &["admin", "area", "archive", "Sciences", "--dry-run"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 room(s)") && out.contains("1 future booking(s)"),
        "{out}"
    );
    let (code, out, err) = run(site_admin, &["admin", "area", "archive", "Sciences"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("archived Sciences"), "{out}");
    let (code, _, err) = run(site_admin, &["admin", "area", "archive", "T/Lettres"]);
    assert_eq!(code, 4, "not her site: {err}");
    assert!(err.contains("Lettres"), "{err}");
    // No new booking in it; the old one is still there, unarchived.
    let (code, _, err) = book(&s.role("user").url, day, 12, "TP 2");
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("archived"), "{err}");
    let owner = s.db.client().await;
    let live: i64 = owner
        .query_one(
            "SELECT count(*) FROM booking WHERE archived_at IS NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(live, 1, "the booking is kept");
    let (_, out, _) = run(admin, &["admin", "room", "list"]);
    assert!(out.contains("Labo") && out.contains("[archived]"), "{out}");
    // A room archived on its own before stays archived when its area comes back.
    let (code, _, err) = run(admin, &["admin", "room", "archive", "Salle L"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(admin, &["admin", "area", "restore", "Sciences"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<(String, bool)> = owner
        .query(
            "SELECT name, archived_at IS NOT NULL FROM room ORDER BY name",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(rows, vec![("Labo".into(), false), ("Salle L".into(), true)]);
    let (code, _, err) = book(&s.role("user").url, day, 12, "TP 2");
    assert_eq!(code, 0, "{err}");
}

#[tokio::test]
async fn a_hidden_type_is_kept_by_its_bookings_and_taken_by_no_new_one() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let user = &s.role("user").url;
    let day = ahead();
    let (code, _, err) = book(user, day, 10, "TP");
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(admin, &["admin", "type", "remove", "A"]);
    assert_eq!(code, 4, "in use: {err}");
    let (code, _, err) = run(admin, &["admin", "type", "hide", "A"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = book(user, day, 12, "TP 2");
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("no longer offered"), "{err}");
    // The old booking changes, keeping its type.
    let c = connect(user).await;
    c.batch_execute(
        "SELECT booking_edit((SELECT id FROM booking WHERE name = 'TP'), '{\"name\": \"TP bis\"}')",
    )
    .await
    .unwrap();
    let (_, out, _) = run(admin, &["admin", "type", "list"]);
    assert!(out.contains("[hidden]"), "{out}");
    let (code, _, err) = run(admin, &["admin", "type", "show", "A"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = book(user, day, 12, "TP 2");
    assert_eq!(code, 0, "{err}");
}

#[tokio::test]
async fn with_logins_disabled_only_administrators_connect_and_the_others_are_told_why() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let user = &s.role("user").url;
    let (code, _, err) = run(user, &["admin", "logins", "disable"]);
    assert_eq!(code, 4, "{err}");
    let (code, out, err) = run(admin, &["admin", "logins", "disable"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("disabled"), "{out}");
    let refused = tokio_postgres::connect(user, tokio_postgres::NoTls)
        .await
        .err()
        .expect("a user may not connect");
    assert!(server_message(&refused).contains("permission denied for database"));
    let (code, _, err) = run(user, &["admin", "type", "list"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("disabled logins"),
        "the user is told why: {err}"
    );
    let (code, _, err) = run(admin, &["admin", "type", "list"]);
    assert_eq!(code, 0, "an administrator still connects: {err}");
    let (code, out, err) = run(admin, &["admin", "logins", "enable"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("may log in"), "{out}");
    connect(user).await;
    // The administrators' own grants went with it: a demoted one is not let in next time.
    let grants: i64 = s
        .db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM pg_database d, aclexplode(d.datacl) x
              WHERE d.datname = current_database() AND x.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)",
            &[&s.role("admin").name],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(grants, 0);
}

#[tokio::test]
async fn fields_and_rights_are_set_from_the_command_line_within_ones_scope() {
    let s = school().await;
    let area_admin = &s.role("area_admin").url;
    let someone = s.role("user").name.clone();
    let (code, _, err) = run(
        area_admin,
        &[
            "admin",
            "field",
            "set",
            "Sciences",
            "Classe",
            "--kind",
            "list",
            "--choices",
            "2nde,1re",
            "--mandatory",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(area_admin, &["admin", "field", "list", "Sciences"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Classe") && out.contains("2nde|1re") && out.contains('*'),
        "{out}"
    );
    let (code, _, err) = run(area_admin, &["admin", "field", "set", "Lettres", "Classe"]);
    assert_eq!(code, 4, "{err}");
    let (code, out, err) = run(
        area_admin,
        &["admin", "right", "grant", "room_manager", "Labo", &someone],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("given"), "{out}");
    let (code, out, _) = run(
        area_admin,
        &["admin", "right", "grant", "room_manager", "Labo", &someone],
    );
    assert_eq!(code, 0);
    assert!(out.contains("already"), "{out}");
    let (code, _, err) = run(
        area_admin,
        &[
            "admin",
            "right",
            "grant",
            "area_admin",
            "Sciences",
            &someone,
        ],
    );
    assert_eq!(
        code, 4,
        "an area's administrators are its site's to name: {err}"
    );
    let (code, _, err) = run(
        area_admin,
        &[
            "admin",
            "right",
            "grant",
            "room_manager",
            "Labo",
            "nobody_here",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("nobody_here"), "{err}");
    let (_, out, _) = run(area_admin, &["admin", "right", "list", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "room_manager" && r["login"] == someone.as_str()));
    let (code, _, err) = run(
        area_admin,
        &["admin", "right", "revoke", "room_manager", "Labo", &someone],
    );
    assert_eq!(code, 0, "{err}");
    // A room added by the area's administrator, a name taken said so.
    let (code, out, err) = run(
        area_admin,
        &["admin", "room", "add", "Sciences", "Labo 2", "capacity=24"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Labo 2"), "{out}");
    let (code, _, err) = run(area_admin, &["admin", "room", "add", "Sciences", "labo 2"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("already has a room"), "{err}");
    let (code, _, err) = run(
        area_admin,
        &["admin", "area", "edit", "Sciences", "enabled_types=A,Q"],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains('Q'), "{err}");
    let (code, _, err) = run(
        area_admin,
        &["admin", "area", "edit", "Sciences", "day_start=07:00"],
    );
    assert_eq!(code, 4, "the hours are the site's: {err}");
    let (code, _, err) = run(
        &s.role("site_admin").url,
        &["admin", "area", "edit", "Sciences", "day_start=7h"],
    );
    assert_eq!(code, 2, "a bad time is bad input: {err}");
}

/// The school's two areas as its setup wrote them: repeated unchanged, they change nothing.
const SCIENCES: &str = "[[site]]\ncode = \"S\"\nname = \"Site\"\n[[area]]\nname = \"Sciences\"\nsite = \"S\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\nstart = \"08:00\"\nend = \"20:00\"\nresolution = \"30m\"\n";
const LETTRES: &str = "[[site]]\ncode = \"T\"\nname = \"Autre site\"\n[[area]]\nname = \"Lettres\"\nsite = \"T\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"08:00\"\nend = \"18:00\"\nresolution = \"30m\"\n";

/// `intendant setup load` of `toml` as the login at `url`: exit code and stderr.
fn load_as(url: &str, toml: &str) -> (i32, String) {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), toml).unwrap();
    let (code, _, err) = run(url, &["setup", "load", file.path().to_str().unwrap()]);
    (code, err)
}

#[tokio::test]
async fn a_setup_file_loads_for_whoever_administers_what_it_touches_and_for_nobody_else() {
    let s = school().await;
    let owner = s.db.client().await;
    let newcomer = format!("{}_new", s.role("user").name);
    // An administrator who does not own the database loads a whole setup, users' logins
    // included (made by the database's function, not by her).
    let whole = format!(
        r##"site_name = "Lycée Test 2"
[[site]]
code = "U"
name = "Arts"
[[type]]
letter = "B"
name = "Réunion"
color = "#e0a030"
[[area]]
name = "Ateliers"
site = "U"
start = "08:00"
end = "18:00"
resolution = "30m"
[[field]]
area = "Ateliers"
name = "Classe"
kind = "text"
[[room]]
area = "Ateliers"
name = "Atelier 1"
[[user]]
login = "{newcomer}"
name = "Nouvelle"
[[room_manager]]
login = "{newcomer}"
room = "Atelier 1"
"##
    );
    let (code, err) = load_as(&s.role("admin").url, &whole);
    assert_eq!(code, 0, "{err}");
    let row = owner
        .query_one(
            "SELECT (SELECT count(*) FROM room WHERE name = 'Atelier 1'),
                    pg_has_role($1, group_role(), 'MEMBER'),
                    (SELECT count(*) FROM room_manager WHERE login = $1)",
            &[&newcomer],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 1);
    assert!(row.get::<_, bool>(1), "the newcomer can log in");
    assert_eq!(row.get::<_, i64>(2), 1);
    // A user manager: refused at the first entry not hers, and nothing written.
    let (code, err) = load_as(
        &s.role("user_manager").url,
        &format!(
            "{SCIENCES}[[room]]\narea = \"Sciences\"\nname = \"Labo 3\"\n[[user]]\nlogin = \"t_nobody_here\"\nname = \"N\"\n"
        ),
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("[[room]] “Sciences/Labo 3”") && err.contains("nothing was written"),
        "{err}"
    );
    // The site's administrator: her site's areas and rooms, not another site's.
    let site_admin = &s.role("site_admin").url;
    let (code, err) = load_as(
        site_admin,
        "[[site]]\ncode = \"S\"\nname = \"Site\"\n[[area]]\nname = \"Chimie\"\nsite = \"S\"\n[[room]]\narea = \"Chimie\"\nname = \"Paillasse\"\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, err) = load_as(
        site_admin,
        &format!(
            "{SCIENCES}{LETTRES}[[area]]\nname = \"Physique\"\nsite = \"S\"\n[[room]]\narea = \"Lettres\"\nname = \"Salle 2\"\n"
        ),
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("[[room]] “Lettres/Salle 2”"), "{err}");
    let (code, err) = load_as(site_admin, "site_name = \"Mon lycée\"\n");
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("site_name"), "{err}");
    let rows: Vec<String> = owner
        .query("SELECT name FROM area ORDER BY name", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        rows,
        vec!["Ateliers", "Chimie", "Lettres", "Sciences"],
        "Physique was not written"
    );
    owner
        .batch_execute(&format!(
            "DELETE FROM room_manager WHERE login = '{newcomer}'; DELETE FROM app_user WHERE login = '{newcomer}'"
        ))
        .await
        .ok();
    crate::common::run_on_server(format!("DROP ROLE IF EXISTS \"{newcomer}\""));
}

#[tokio::test]
async fn a_blocked_days_bookings_move_to_another_day_whole_or_not_at_all() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let user = &s.role("user").url;
    let (day, to) = (ahead(), ahead() + chrono::Duration::days(1));
    assert_eq!(book(user, day, 10, "TP").0, 0);
    assert_eq!(book(user, day, 14, "Cours").0, 0);
    assert_eq!(book(user, to, 14, "Déjà là").0, 0);
    let (d, t) = (day.to_string(), to.to_string());
    let (code, _, err) = run(
        admin,
        &["admin", "blocked", "add", &d, "--bookings", "move"],
    );
    assert_eq!(code, 2, "move says where: {err}");
    // 14:00 is taken on the day after: nothing moves, nothing is blocked.
    let (code, _, err) = run(
        admin,
        &[
            "admin",
            "blocked",
            "add",
            &d,
            "--bookings",
            "move",
            "--to",
            &t,
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("Déjà là"), "the collision is named: {err}");
    let owner = s.db.client().await;
    let blocked: i64 = owner
        .query_one("SELECT count(*) FROM blocked_day", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(blocked, 0);
    owner
        .batch_execute("UPDATE booking SET archived_at = now() WHERE name = 'Déjà là'")
        .await
        .unwrap();
    let (code, out, err) = run(
        admin,
        &[
            "admin",
            "blocked",
            "add",
            &d,
            "--reason",
            "Grève",
            "--bookings",
            "move",
            "--to",
            &t,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 booking(s) moved"), "{out}");
    let rows: Vec<(String, String)> = owner
        .query(
            "SELECT name, to_char(lower(during) AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI')
               FROM booking WHERE archived_at IS NULL ORDER BY lower(during)",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("TP".into(), format!("{t} 10:00")),
            ("Cours".into(), format!("{t} 14:00"))
        ]
    );
    let told: i64 = owner
        .query_one(
            "SELECT count(*) FROM outbox WHERE kind = 'booking_changed'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(told, 2, "those concerned are told");
}

#[tokio::test]
async fn the_kiosk_login_reads_the_public_plannings_and_nothing_of_the_people() {
    let s = school().await;
    let owner = s.db.client().await;
    owner
        .batch_execute("UPDATE area SET access = 'restricted' WHERE name = 'Lettres'")
        .await
        .unwrap();
    let (code, _, err) = run(&s.role("user").url, &["admin", "kiosk", "enable"]);
    assert_eq!(code, 4, "{err}");
    let (code, out, err) = run(
        &s.role("admin").url,
        &["admin", "kiosk", "enable", "--host", "10.0.0.12"],
    );
    assert_eq!(code, 0, "{err}");
    let login = format!("{}_kiosk", s.db.name);
    assert!(
        out.contains(&format!(
            "host  {}  {login}  10.0.0.12/32  trust",
            s.db.name
        )),
        "{out}"
    );
    let kiosk_url = s.db.url.replacen("postgres@", &format!("{login}@"), 1);
    assert_ne!(kiosk_url, s.db.url, "the test server's URL names its user");
    let kiosk = connect(&kiosk_url).await;
    let count = |sql: &'static str| {
        let k = &kiosk;
        async move { k.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    assert_eq!(
        count("SELECT count(*) FROM app_user").await,
        1,
        "itself alone"
    );
    assert_eq!(
        count("SELECT count(*) FROM room").await,
        1,
        "Labo, not the restricted Salle L"
    );
    let refused = kiosk
        .batch_execute(&format!(
            "SELECT book((SELECT id FROM room WHERE name = 'Labo'), ARRAY[tstzrange('{0} 10:00+00', '{0} 11:00+00')], '{{\"name\": \"x\"}}')",
            ahead()
        ))
        .await
        .expect_err("a kiosk does not book");
    assert!(server_message(&refused).contains("visitors"));
    drop(kiosk);
    let (code, _, err) = run(&s.role("admin").url, &["admin", "kiosk", "disable"]);
    assert_eq!(code, 0, "{err}");
    assert!(tokio_postgres::connect(&kiosk_url, tokio_postgres::NoTls)
        .await
        .is_err());
    owner
        .batch_execute(&format!("DELETE FROM app_user WHERE login = '{login}'"))
        .await
        .unwrap();
    crate::common::run_on_server(format!("DROP ROLE IF EXISTS \"{login}\""));
}

#[tokio::test]
async fn a_setup_file_archives_and_hides_what_it_says_and_the_dump_says_it_back() {
    let s = school().await;
    let admin = &s.role("admin").url;
    let file = format!(
        "{SCIENCES}[[room]]\narea = \"Sciences\"\nname = \"Labo\"\narchived = true\n[[type]]\nletter = \"A\"\nname = \"Cours\"\ncolor = \"#4a90d9\"\nhidden = true\n"
    );
    let (code, err) = load_as(admin, &file);
    assert_eq!(code, 0, "{err}");
    let (_, dump, _) = run(admin, &["setup", "dump"]);
    assert!(
        dump.contains("archived = true") && dump.contains("hidden = true"),
        "{dump}"
    );
    // The same file again changes nothing; without the flags, both come back.
    let again = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(again.path(), &file).unwrap();
    let (code, out, err) = run(admin, &["setup", "load", again.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 created, 0 updated"), "{out}");
    let (code, err) = load_as(
        admin,
        &file
            .replace("archived = true\n", "")
            .replace("hidden = true\n", ""),
    );
    assert_eq!(code, 0, "{err}");
    let row =
        s.db.client()
            .await
            .query_one(
                "SELECT (SELECT archived_at IS NULL FROM room WHERE name = 'Labo'),
                    (SELECT NOT hidden FROM booking_type WHERE letter = 'A')",
                &[],
            )
            .await
            .unwrap();
    assert!(row.get::<_, bool>(0) && row.get::<_, bool>(1));
    // A site administrator may archive her site's room, not a type.
    let (code, err) = load_as(&s.role("site_admin").url, &file);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("[[type]] “A”"), "{err}");
}
