//! Mail against a real SMTP server on loopback (aiosmtpd, `tests/smtp/server.py`): what the
//! rules queue is delivered by `intendant worker` to the right people, in their language, with
//! the calendar part; a server down delays mail and loses none; a worker killed mid-way sends
//! at most one duplicate with the same Message-ID; two workers share the work; a refused
//! recipient does not stop the others; and nobody but an administrator touches the outbox.

use std::time::Duration;

use chrono::NaiveDate;
use serde_json::Value;

use crate::common::bin::{intendant, stderr, stdout};
use crate::common::smtp::{closed_port, SmtpServer};
use crate::common::{fresh_db, server_message, TestDb, TestRole};

struct School {
    db: TestDb,
    admin: TestRole,
    alice: TestRole,
    bob: TestRole,
    carol: TestRole,
    dave: TestRole,
}

/// One area open every day, a room whose mail list holds carol and a refused address's owner,
/// a moderated room dave manages; alice writes English, bob and dave French.
async fn school(smtp_port: u16) -> School {
    let db = fresh_db().await;
    let admin = db.role("madmin").await;
    let alice = db.role("alice").await;
    let bob = db.role("bob").await;
    let carol = db.role("carol").await;
    let dave = db.role("dave").await;
    let setup = format!(
        r##"{prefix}[[room]]
area = "Sciences"
name = "Salle modérée"
moderated = true
[[user]]
login = "{admin}"
name = "Mme Admin"
email = "admin@lycee.example"
status = "admin"
[[user]]
login = "{alice}"
name = "Alice Martin"
email = "alice@lycee.example"
language = "en"
[[user]]
login = "{bob}"
name = "Bob Durand"
email = "bob@lycee.example"
language = "fr"
[[user]]
login = "{carol}"
name = "Carol King"
email = "carol@lycee.example"
language = "en"
[[user]]
login = "{dave}"
name = "Dave Petit"
email = "dave@lycee.example"
language = "fr"
[[room_mail]]
login = "{carol}"
room = "Labo"
[[room_delegate]]
login = "{alice}"
room = "Labo"
[[room_manager]]
login = "{dave}"
room = "Salle modérée"
"##,
        prefix = crate::common::OPEN_SCHOOL,
        admin = admin.name,
        alice = alice.name,
        bob = bob.name,
        carol = carol.name,
        dave = dave.name,
    );
    crate::common::bin::setup_load(&db.url, &setup);
    point_at(&db, smtp_port).await;
    School {
        db,
        admin,
        alice,
        bob,
        carol,
        dave,
    }
}

/// As if the retries' waits had passed.
async fn make_due(db: &TestDb) {
    db.client()
        .await
        .batch_execute("UPDATE outbox SET next_attempt_at = now()")
        .await
        .unwrap();
}

async fn set_email(db: &TestDb, who: &TestRole, email: &str) {
    db.client()
        .await
        .execute(
            "UPDATE app_user SET email = $1 WHERE login = $2",
            &[&email, &who.name],
        )
        .await
        .unwrap();
}

async fn point_at(db: &TestDb, port: u16) {
    db.client()
        .await
        .batch_execute(&format!(
            "UPDATE setting SET value = '127.0.0.1' WHERE name = 'mail.smtp_host';
             UPDATE setting SET value = '{port}' WHERE name = 'mail.smtp_port';
             UPDATE setting SET value = 'intendant@lycee.example' WHERE name = 'mail.from';"
        ))
        .await
        .unwrap();
}

use crate::common::bin::run_at as run;

/// A day a week or more ahead, at `hour` local time.
fn slot(days: i64, hour: u32) -> (String, String) {
    let d: NaiveDate = chrono::Utc::now().date_naive() + chrono::Duration::days(7 + days);
    (format!("{d} {hour:02}:00"), format!("{:02}:00", hour + 1))
}

fn book(who: &TestRole, room: &str, days: i64, extra: &[&str]) -> i64 {
    let (start, end) = slot(days, 10);
    let mut args = vec![
        "booking", "add", "--room", room, "--start", &start, "--end", &end, "--name", "Cours",
        "--format", "json",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&who.url, &args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["occurrences"][0]["id"].as_i64().unwrap()
}

fn worker_once(admin: &TestRole) -> String {
    let (code, out, err) = run(&admin.url, &["worker", "--once"]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

async fn outbox(db: &TestDb) -> Vec<(i64, String, bool, i32, Option<String>)> {
    db.client()
        .await
        .query(
            "SELECT id, kind, sent_at IS NOT NULL, attempts, last_error FROM outbox ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect()
}

fn address_of(r: &TestRole) -> String {
    let first = r
        .name
        .trim_start_matches("t_")
        .split('_')
        .next()
        .unwrap_or("");
    format!("{first}@lycee.example")
}

#[tokio::test]
async fn a_booking_for_someone_mails_them_and_the_rooms_list_in_their_languages_with_an_invitation()
{
    let smtp = SmtpServer::start();
    let s = school(smtp.port).await;
    let id = book(&s.alice, "Labo", 0, &["--beneficiary", &s.bob.name]);
    let out = worker_once(&s.admin);
    assert!(out.contains("1 sent"), "{out}");
    let got = smtp.wait_for(2, Duration::from_secs(5));
    // alice did it: she is not told; bob (the beneficiary) and carol (the room's list) are.
    let mut to: Vec<&str> = got.iter().map(|m| m.to()).collect();
    to.sort();
    assert_eq!(to, [address_of(&s.bob), address_of(&s.carol)]);
    let bob = got.iter().find(|m| m.to() == address_of(&s.bob)).unwrap();
    let carol = got.iter().find(|m| m.to() == address_of(&s.carol)).unwrap();
    assert!(
        bob.header("Subject").contains("Labo réservé"),
        "{:?}",
        bob.headers
    );
    assert!(
        bob.text()
            .contains("Alice Martin a réservé Labo (Sciences) pour Bob Durand"),
        "{}",
        bob.text()
    );
    assert!(
        carol.header("Subject").contains("Labo booked"),
        "{:?}",
        carol.headers
    );
    assert!(carol.header("From").contains("intendant@lycee.example"));
    assert!(carol.header("From").contains("Lycée Test"));
    assert_eq!(bob.header("Auto-Submitted"), "auto-generated");
    let ics = bob.calendar().expect("an invitation");
    assert_eq!(
        ics.params.get("method").map(String::as_str),
        Some("REQUEST")
    );
    assert!(
        ics.content
            .contains(&format!("UID:booking-{id}@lycee.example")),
        "{}",
        ics.content
    );
    assert!(ics.content.contains("METHOD:REQUEST"));
    assert_ne!(bob.header("Message-ID"), carol.header("Message-ID"));
    let rows = outbox(&s.db).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].2, "the mail is marked sent");
    // The deliveries say who got it and who did not, and why.
    let states: Vec<(String, String)> =
        s.db.client()
            .await
            .query(
                "SELECT recipient, state FROM outbox_delivery ORDER BY state, recipient",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
    assert!(
        states.contains(&(s.alice.name.clone(), "self".into())),
        "{states:?}"
    );
    assert_eq!(states.iter().filter(|(_, st)| st == "sent").count(), 2);
    // Nothing is sent twice.
    worker_once(&s.admin);
    assert_eq!(smtp.received().len(), 2);

    // The cancellation removes the event: same UID, METHOD:CANCEL.
    let (code, _, err) = run(&s.alice.url, &["booking", "delete", &id.to_string()]);
    assert_eq!(code, 0, "{err}");
    worker_once(&s.admin);
    let got = smtp.wait_for(4, Duration::from_secs(5));
    let cancel = got[2..]
        .iter()
        .find(|m| m.to() == address_of(&s.bob))
        .unwrap();
    let ics = cancel.calendar().unwrap();
    assert!(ics.content.contains("METHOD:CANCEL"));
    assert!(ics
        .content
        .contains(&format!("UID:booking-{id}@lycee.example")));
    assert!(ics.content.contains("STATUS:CANCELLED"));
}

#[tokio::test]
async fn a_moderation_request_goes_to_the_managers_and_the_decision_to_the_requester() {
    let smtp = SmtpServer::start();
    let s = school(smtp.port).await;
    let id = book(&s.alice, "Salle modérée", 1, &[]);
    worker_once(&s.admin);
    let got = smtp.wait_for(1, Duration::from_secs(5));
    let to_dave: Vec<_> = got
        .iter()
        .filter(|m| m.to() == address_of(&s.dave))
        .collect();
    assert_eq!(to_dave.len(), 1, "{got:?}");
    assert!(
        to_dave[0].header("Subject").contains("À modérer"),
        "{:?}",
        to_dave[0].headers
    );
    assert!(to_dave[0]
        .text()
        .contains(&format!("intendant booking moderate {id}")));
    assert!(
        to_dave[0].calendar().is_none(),
        "a request changes nobody's calendar"
    );
    let before = got.len();

    let (code, _, err) = run(
        &s.dave.url,
        &[
            "booking",
            "moderate",
            &id.to_string(),
            "refuse",
            "--reason",
            "travaux",
        ],
    );
    assert_eq!(code, 0, "{err}");
    worker_once(&s.admin);
    let got = smtp.wait_for(before + 1, Duration::from_secs(5));
    let decision: Vec<_> = got[before..]
        .iter()
        .filter(|m| m.to() == address_of(&s.alice))
        .collect();
    assert_eq!(decision.len(), 1, "{got:?}");
    assert!(
        decision[0].header("Subject").contains("Booking refused"),
        "{:?}",
        decision[0].headers
    );
    assert!(
        decision[0].text().contains("Reason: travaux"),
        "{}",
        decision[0].text()
    );
    assert!(decision[0]
        .calendar()
        .unwrap()
        .content
        .contains("METHOD:CANCEL"));
    // dave decided: he is not told of his own decision.
    assert!(got[before..].iter().all(|m| m.to() != address_of(&s.dave)));
}

#[tokio::test]
async fn with_the_server_down_bookings_go_on_mail_waits_then_goes_once() {
    let port = closed_port();
    let s = school(port).await;
    book(&s.alice, "Labo", 2, &["--beneficiary", &s.bob.name]);
    book(&s.alice, "Labo", 3, &["--beneficiary", &s.bob.name]);
    let out = worker_once(&s.admin);
    assert!(out.contains("0 sent, 2 to try again"), "{out}");
    let rows =
        s.db.client()
            .await
            .query(
                "SELECT sent_at IS NULL, attempts, last_error,
                    next_attempt_at - now() BETWEEN interval '50 seconds' AND interval '61 seconds'
               FROM outbox ORDER BY id",
                &[],
            )
            .await
            .unwrap();
    for r in &rows {
        assert!(r.get::<_, bool>(0));
        assert_eq!(r.get::<_, i32>(1), 1);
        assert!(r.get::<_, String>(2).contains("@lycee.example"));
        assert!(r.get::<_, bool>(3), "the first retry waits a minute");
    }
    // Not due yet: a worker leaves them alone.
    let out = worker_once(&s.admin);
    assert!(out.contains("0 sent, 0 to try again"), "{out}");

    let smtp = SmtpServer::start_with(&[], Some(port));
    make_due(&s.db).await;
    let out = worker_once(&s.admin);
    assert!(out.contains("2 sent"), "{out}");
    worker_once(&s.admin);
    let got = smtp.wait_for(4, Duration::from_secs(5));
    assert_eq!(got.len(), 4, "two mails, each to bob and carol, once");
    let mut ids: Vec<&str> = got.iter().map(|m| m.header("Message-ID")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);
}

#[tokio::test]
async fn a_worker_killed_after_sending_sends_again_once_with_the_same_message_id() {
    let smtp = SmtpServer::start_with(&["--slow", "4"], None);
    let s = school(smtp.port).await;
    // carol's address makes the server store the message, then wait before it says so.
    set_email(&s.db, &s.carol, "slow-carol@lycee.example").await;
    book(&s.alice, "Labo", 4, &[]);
    let mut child = intendant(&["--database-url", &s.admin.url, "worker", "--once"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let got = smtp.wait_for(1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    child.kill().unwrap();
    child.wait().unwrap();
    let rows = outbox(&s.db).await;
    assert!(
        !rows[0].2,
        "the worker died before it could record the mail as sent"
    );

    let out = worker_once(&s.admin);
    assert!(out.contains("1 sent"), "{out}");
    let got = smtp.received();
    assert_eq!(got.len(), 2, "one duplicate at most");
    assert_eq!(got[0].header("Message-ID"), got[1].header("Message-ID"));
    assert!(outbox(&s.db).await[0].2);
}

#[tokio::test]
async fn two_workers_at_once_deliver_each_message_once() {
    let smtp = SmtpServer::start();
    let s = school(smtp.port).await;
    let id = book(&s.alice, "Labo", 5, &[]);
    // Sixty mails queued as the rules queue them, to carol only.
    s.db.client()
        .await
        .execute(
            "INSERT INTO outbox (kind, booking_id, recipients, actor)
             SELECT 'booking_changed', $1, ARRAY[$2], $3 FROM generate_series(1, 60)",
            &[&id, &s.carol.name, &s.alice.name],
        )
        .await
        .unwrap();
    let spawn = || {
        intendant(&["--database-url", &s.admin.url, "worker", "--once"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    let got = smtp.wait_for(61, Duration::from_secs(10));
    assert_eq!(got.len(), 61, "61 mails to carol, each once");
    let mut ids: Vec<&str> = got.iter().map(|m| m.header("Message-ID")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 61);
    assert!(outbox(&s.db).await.iter().all(|r| r.2));
}

#[tokio::test]
async fn a_refused_recipient_is_listed_with_the_reason_and_the_others_receive_it() {
    let smtp = SmtpServer::start();
    let s = school(smtp.port).await;
    set_email(&s.db, &s.carol, "refuse-carol@lycee.example").await;
    book(&s.alice, "Labo", 6, &["--beneficiary", &s.bob.name]);
    worker_once(&s.admin);
    let got = smtp.wait_for(1, Duration::from_secs(5));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to(), address_of(&s.bob));
    let (code, out, err) = run(
        &s.admin.url,
        &["mail", "list", "--failed", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let listed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{out}");
    assert_eq!(listed[0]["state"], "sent");
    let carol = listed[0]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["recipient"] == s.carol.name.as_str())
        .unwrap();
    assert_eq!(carol["state"], "refused");
    assert!(carol["detail"].as_str().unwrap().contains("550"), "{carol}");
    let (_, text, _) = run(&s.admin.url, &["mail", "list", "--failed"]);
    assert!(
        text.contains("refused") && text.contains("no such mailbox"),
        "{text}"
    );

    // Fixed, then retried: carol only gets it now.
    set_email(&s.db, &s.carol, "carol@lycee.example").await;
    let (code, out, err) = run(&s.admin.url, &["mail", "retry", "--all-failed"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains('1'), "{out}");
    worker_once(&s.admin);
    let got = smtp.wait_for(2, Duration::from_secs(5));
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].to(), "carol@lycee.example");
}

#[tokio::test]
async fn after_the_last_attempt_a_mail_is_a_dead_letter_kept_with_its_error() {
    let s = school(closed_port()).await;
    s.db.client()
        .await
        .batch_execute("UPDATE setting SET value = '2' WHERE name = 'mail.max_attempts'")
        .await
        .unwrap();
    book(&s.alice, "Labo", 7, &["--beneficiary", &s.bob.name]);
    worker_once(&s.admin);
    make_due(&s.db).await;
    let out = worker_once(&s.admin);
    assert!(out.contains("1 given up"), "{out}");
    let (_, out, _) = run(
        &s.admin.url,
        &["mail", "list", "--failed", "--format", "json"],
    );
    let listed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["state"], "dead");
    assert_eq!(listed[0]["attempts"], 2);
    assert!(listed[0]["last_error"]
        .as_str()
        .unwrap()
        .contains("@lycee.example"));
    // Retried, it is due again with its attempts counted afresh.
    let id = listed[0]["id"].as_i64().unwrap().to_string();
    let (code, _, err) = run(&s.admin.url, &["mail", "retry", &id]);
    assert_eq!(code, 0, "{err}");
    let row =
        s.db.client()
            .await
            .query_one(
                "SELECT dead_at IS NULL, attempts, next_attempt_at <= now() FROM outbox",
                &[],
            )
            .await
            .unwrap();
    assert_eq!(
        (
            row.get::<_, bool>(0),
            row.get::<_, i32>(1),
            row.get::<_, bool>(2)
        ),
        (true, 0, true)
    );
}

#[tokio::test]
async fn only_an_administrator_delivers_and_nobody_forges_the_outbox() {
    let s = school(closed_port()).await;
    book(&s.alice, "Labo", 8, &["--beneficiary", &s.bob.name]);
    let (code, _, err) = run(&s.alice.url, &["worker", "--once"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("not an administrator"), "{err}");
    let (code, _, _) = run(&s.alice.url, &["mail", "list"]);
    assert_eq!(code, 4);
    let alice = crate::common::connect(&s.alice.url).await;
    for sql in [
        "SELECT mail_claim()",
        "SELECT mail_record((SELECT min(id) FROM outbox), '[]', NULL)",
        "SELECT mail_retry(ARRAY[1::bigint])",
        "UPDATE outbox SET sent_at = now()",
        "INSERT INTO outbox (kind, recipients) VALUES ('booking_created', ARRAY['x@y.example'])",
        "INSERT INTO outbox_delivery (outbox_id, recipient, state) VALUES (1, 'x', 'sent')",
    ] {
        let e = alice.batch_execute(sql).await.expect_err(sql);
        let m = server_message(&e);
        assert!(
            m.contains("administrator") || m.contains("permission denied"),
            "{sql}: {m}"
        );
    }
    // Users choose for themselves whether they are told.
    alice
        .execute(
            "UPDATE app_user SET notify = false WHERE login = session_user",
            &[],
        )
        .await
        .unwrap();
    let e = alice
        .execute(
            "UPDATE app_user SET notify = false WHERE login <> session_user",
            &[],
        )
        .await;
    assert!(matches!(e, Err(_) | Ok(0)), "{e:?}");
    let bob_notify: bool =
        s.db.client()
            .await
            .query_one(
                "SELECT notify FROM app_user WHERE login = $1",
                &[&s.bob.name],
            )
            .await
            .unwrap()
            .get(0);
    assert!(bob_notify);
    let _ = (&s.carol, &s.dave);
}

#[tokio::test]
async fn starttls_with_a_login_and_a_ca_of_ones_own() {
    let certs = tempfile::tempdir().unwrap();
    crate::common::certs::make(certs.path(), "IP:127.0.0.1");
    let cert = certs.path().join("server.crt");
    let key = certs.path().join("server.key");
    let smtp = SmtpServer::start_with(
        &[
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--login",
            "intendant:s3cret",
        ],
        None,
    );
    let s = school(smtp.port).await;
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("intendant")).unwrap();
    std::fs::write(
        config.path().join("intendant/config.toml"),
        format!(
            "[mail]\nsecurity = \"starttls\"\nuser = \"intendant\"\nca_file = \"{}\"\n",
            certs.path().join("ca.crt").display()
        ),
    )
    .unwrap();
    let mail_test = |password: &str| {
        intendant(&[
            "--database-url",
            &s.admin.url,
            "mail",
            "test",
            "someone@lycee.example",
        ])
        .env("XDG_CONFIG_HOME", config.path())
        .env("INTENDANT_SMTP_PASSWORD", password)
        .output()
        .unwrap()
    };
    let out = mail_test("wrong");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("not sent to someone@lycee.example"),
        "{}",
        stderr(&out)
    );
    let out = mail_test("s3cret");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the server answered: 250"),
        "{}",
        stdout(&out)
    );
    let got = smtp.wait_for(1, Duration::from_secs(5));
    assert_eq!(got.len(), 1);
    assert!(got[0].tls && got[0].authenticated);
    assert!(got[0].header("Subject").contains("test"));
    let _ = (&s.alice, &s.bob, &s.carol, &s.dave);
}

#[tokio::test]
async fn a_running_worker_sends_a_booking_at_once_and_stops_cleanly_on_sigterm() {
    let smtp = SmtpServer::start();
    let s = school(smtp.port).await;
    let mut child = intendant(&["--database-url", &s.admin.url, "worker"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut first,
    )
    .unwrap();
    assert!(first.contains("mail worker started"), "{first}");
    // Nothing queued: the worker sleeps (its poll is 30 s); the booking's NOTIFY wakes it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = std::time::Instant::now();
    book(&s.alice, "Labo", 9, &["--beneficiary", &s.bob.name]);
    let got = smtp.wait_for(2, Duration::from_secs(10));
    assert_eq!(got.len(), 2);
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "woken by the notice, not the poll: {:?}",
        asked.elapsed()
    );
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let _ = (&s.carol, &s.dave);
}

#[tokio::test]
async fn the_daily_tasks_twice_on_one_day_queue_one_set_of_notices_and_one_import_report() {
    let smtp = SmtpServer::start();
    let s = school(smtp.port).await;
    let root = s.db.client().await;
    // A loan that ended yesterday, still out.
    root.batch_execute(&format!(
        "UPDATE room SET tracks_loans = true WHERE name = 'Labo';
         INSERT INTO booking (room_id, during, name, type, owner, beneficiary, loan)
         SELECT id, tstzrange(date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris' - interval '1 day' + interval '9 hours',
                              date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris' - interval '1 day' + interval '10 hours'),
                'Caméra', 'A', '{bob}', '{bob}', 'overdue'
           FROM room WHERE name = 'Labo';",
        bob = s.bob.name
    ))
    .await
    .unwrap();
    // Today's import, with rejected lines.
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/imports/eleves-erreurs.csv"
    );
    let (code, _, err) = run(&s.db.url, &["import", "students", csv]);
    assert!(code == 0, "{err}");

    let (code, first, err) = run(&s.admin.url, &["tasks", "run", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (_, second, _) = run(&s.admin.url, &["tasks", "run", "--format", "json"]);
    let first: Value = serde_json::from_str(&first).unwrap();
    let second: Value = serde_json::from_str(&second).unwrap();
    assert_eq!(
        (
            first["overdue_notices"].as_i64(),
            first["import_reports"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        (
            second["overdue_notices"].as_i64(),
            second["import_reports"].as_i64()
        ),
        (Some(0), Some(0))
    );
    let kinds: Vec<String> = root
        .query("SELECT kind FROM outbox ORDER BY kind", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(kinds, ["import_report", "loan_overdue"]);

    worker_once(&s.admin);
    // The report to the administrator; the notice to bob and to the room's managers (none
    // here: the administrators, as GRR falls back).
    let got = smtp.wait_for(3, Duration::from_secs(5));
    assert_eq!(got.len(), 3, "{got:?}");
    let report = got
        .iter()
        .find(|m| m.to() == "admin@lycee.example" && m.header("Subject").contains("Imports"))
        .expect("the report");
    assert!(
        report.header("Subject").contains("Imports du"),
        "{:?}",
        report.headers
    );
    assert!(
        report.text().contains("eleves-erreurs.csv"),
        "{}",
        report.text()
    );
    assert!(
        report.text().contains("Lignes rejetées"),
        "{}",
        report.text()
    );
    let notice = got
        .iter()
        .find(|m| m.to() == address_of(&s.bob))
        .expect("bob's notice");
    assert!(
        notice.header("Subject").contains("Non rendu : Labo"),
        "{:?}",
        notice.headers
    );
    let _ = (&s.alice, &s.carol, &s.dave);
}

#[tokio::test]
async fn the_tasks_run_at_the_first_start_of_the_day_only_when_asked_and_once() {
    let s = school(closed_port()).await;
    let alice = crate::common::connect(&s.alice.url).await;
    async fn ran(c: &tokio_postgres::Client) -> bool {
        c.query_one("SELECT tasks_at_first_login() IS NOT NULL", &[])
            .await
            .unwrap()
            .get(0)
    }
    assert!(!ran(&alice).await, "off unless the installation asks");
    s.db.client()
        .await
        .batch_execute("UPDATE setting SET value = 'true' WHERE name = 'tasks.at_first_login'")
        .await
        .unwrap();
    assert!(ran(&alice).await, "the first start of the day runs them");
    assert!(!ran(&alice).await, "once a day");
    let e = alice
        .batch_execute("SELECT daily_tasks()")
        .await
        .unwrap_err();
    assert!(server_message(&e).contains("permission denied"), "{e}");
    let _ = (&s.bob, &s.carol, &s.dave, &s.admin);
}

#[tokio::test]
async fn administrators_set_where_mail_goes_and_users_choose_whether_they_are_told() {
    let smtp = SmtpServer::start();
    let s = school(closed_port()).await;
    let (code, _, err) = run(&s.admin.url, &["mail", "set", "smtp_port", "99999"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("1 to 65535"), "{err}");
    let (code, _, err) = run(&s.admin.url, &["mail", "set", "smtp_prot", "25"]);
    assert_eq!(code, 2);
    assert!(err.contains("smtp_port"), "the settings are named: {err}");
    let (code, _, _) = run(&s.alice.url, &["mail", "set", "smtp_port", "25"]);
    assert_eq!(code, 4, "administrators only");
    let port = smtp.port.to_string();
    let (code, _, err) = run(&s.admin.url, &["mail", "set", "smtp_port", &port]);
    assert_eq!(code, 0, "{err}");
    let (_, shown, _) = run(&s.admin.url, &["mail", "settings"]);
    assert!(
        shown.contains(&format!("127.0.0.1:{port} (none)")),
        "{shown}"
    );

    // bob turns mail off: he is not told, carol still is.
    let (code, _, err) = run(&s.bob.url, &["mail", "notifications", "off"]);
    assert_eq!(code, 0, "{err}");
    book(&s.alice, "Labo", 10, &["--beneficiary", &s.bob.name]);
    worker_once(&s.admin);
    let got = smtp.wait_for(1, Duration::from_secs(5));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to(), address_of(&s.carol));
    // Mail switched off for all: nobody is.
    let (code, _, _) = run(&s.admin.url, &["mail", "set", "enabled", "false"]);
    assert_eq!(code, 0);
    book(&s.alice, "Labo", 11, &["--beneficiary", &s.bob.name]);
    worker_once(&s.admin);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(smtp.received().len(), 1);
    let off: i64 =
        s.db.client()
            .await
            .query_one(
                "SELECT count(*) FROM outbox_delivery WHERE state = 'off'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
    assert!(off >= 1);
    let _ = &s.dave;
}
