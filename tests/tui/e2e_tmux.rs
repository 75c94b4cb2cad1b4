//! The real binary in a real terminal: tmux runs it, `send-keys` types, `capture-pane` reads.
//! Each test has a private tmux server (its own socket folder), killed when the test ends.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::fresh_db;

struct Tmux {
    dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `script` (shell text) in a 100×30 pane.
    fn start(script: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.sh");
        std::fs::write(&path, format!("#!/bin/sh\n{script}\nsleep 60\n")).unwrap();
        let tmux = Tmux { dir };
        let status = tmux
            .cmd(&[
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                "sh",
                path.to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.env("TMUX_TMPDIR", self.dir.path())
            .env_remove("TMUX")
            .args(["-L", "e2e"])
            .args(args);
        c
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status().unwrap().success());
    }

    fn capture(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn display(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", "-t", "0", format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Waits until the screen contains `text`; panics with the screen after `secs`.
    fn wait_for(&self, text: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let screen = self.capture();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("`{text}` did not appear within {secs} s; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The intendant process running in the pane.
    fn app_pid(&self) -> u32 {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &shell, "-f", "intendant"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .expect("intendant runs in the pane")
            .trim()
            .parse()
            .unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

fn script(env: &[(&str, &str)], args: &str) -> String {
    let state = std::env::temp_dir().join("intendant-e2e-state");
    let mut s = String::from(
        "unset DATABASE_URL INTENDANT_DATABASE_URL PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSSLMODE\n",
    );
    s.push_str(&format!(
        "export XDG_STATE_HOME='{}' LANG=C.UTF-8\n",
        state.display()
    ));
    for (k, v) in env {
        s.push_str(&format!("export {k}='{v}'\n"));
    }
    s.push_str(&format!(
        "echo BEFORE-APP\n'{}' {args}\necho EXIT=$?\n",
        env!("CARGO_BIN_EXE_intendant")
    ));
    s
}

/// The Monday of the week the planning opens on: this week, or the next one on a weekend.
fn shown_monday() -> chrono::NaiveDate {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let from_monday =
        |d: chrono::NaiveDate| chrono::Datelike::weekday(&d).num_days_from_monday() as i64;
    let shown = if from_monday(today) >= 5 {
        today + chrono::Duration::days(7 - from_monday(today))
    } else {
        today
    };
    shown - chrono::Duration::days(from_monday(shown))
}

fn exit_code(screen: &str) -> Option<String> {
    screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("EXIT=").map(str::to_owned))
}

#[tokio::test]
async fn start_open_help_quit_restores_the_terminal() {
    let db = fresh_db().await;
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}'", db.url)));
    tmux.wait_for("● connected", 15);
    tmux.wait_for("postgres", 5);
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    tmux.send(&["?"]);
    let help = tmux.wait_for("Help: keys of the active keymap", 5);
    assert!(help.contains("Show this help"), "{help}");
    tmux.send(&["Escape"]);
    // Esc and q sent in one breath read as Alt-q: wait for the help to close first.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while tmux.capture().contains("Help: keys") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux.send(&["q"]);
    let screen = tmux.wait_for("EXIT=", 5);
    assert_eq!(exit_code(&screen).as_deref(), Some("0"), "{screen}");
    assert!(
        screen.contains("BEFORE-APP"),
        "the screen before the app is back:\n{screen}"
    );
    assert!(!screen.contains("Users"), "{screen}");
    assert_eq!(tmux.display("#{alternate_on}"), "0");
}

#[tokio::test]
async fn another_client_s_write_shows_up_within_two_seconds() {
    let db = fresh_db().await;
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}'", db.url)));
    tmux.wait_for("● connected", 15);
    tmux.send(&["F3"]);
    tmux.wait_for("Users", 5);
    db.client()
        .await
        .execute(
            "INSERT INTO app_user (login, display_name) VALUES ('newcomer', 'Zoé Newcomer')",
            &[],
        )
        .await
        .unwrap();
    tmux.wait_for("Zoé Newcomer", 2);
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0", 5);
}

#[tokio::test]
async fn sighup_and_sigterm_end_cleanly() {
    let db = fresh_db().await;
    for signal in ["-HUP", "-TERM"] {
        let tmux = Tmux::start(&script(&[], &format!("--database-url '{}'", db.url)));
        tmux.wait_for("● connected", 15);
        let pid = tmux.app_pid();
        assert!(Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .unwrap()
            .success());
        let screen = tmux.wait_for("EXIT=", 5);
        assert_eq!(
            exit_code(&screen).as_deref(),
            Some("0"),
            "{signal}: {screen}"
        );
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "intendant still runs after {signal}"
        );
        assert_eq!(
            tmux.display("#{alternate_on}"),
            "0",
            "{signal} left the alternate screen on"
        );
    }
}

/// A private cluster the test can stop and start under the running app.
fn cluster_dir(root: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    // When tests run as root, the cluster runs as `postgres`, which must reach the folder.
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    root.join("pg")
}

#[tokio::test]
async fn stopping_the_server_shows_reconnecting_and_restarting_recovers() {
    let root = tempfile::tempdir().unwrap();
    let dir = cluster_dir(root.path());
    let dir_text = dir.to_str().unwrap();
    let ctl = |action: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_intendant"))
            .args(["db", action])
            .env("INTENDANT_EMBEDDED_DIR", dir_text)
            .env("XDG_CONFIG_HOME", root.path().join("config"))
            .env_remove("DATABASE_URL")
            .env_remove("INTENDANT_DATABASE_URL")
            .env_remove("PGHOST")
            .env_remove("PGPORT")
            .env_remove("PGUSER")
            .env_remove("PGDATABASE")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "db {action}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let started = ctl("start");
    assert!(started.contains("embedded cluster running in"), "{started}");
    let config = root.path().join("config");
    let tmux = Tmux::start(&script(
        &[
            ("INTENDANT_EMBEDDED_DIR", dir_text),
            ("XDG_CONFIG_HOME", config.to_str().unwrap()),
        ],
        "",
    ));
    tmux.wait_for("● connected", 20);
    assert!(ctl("stop").contains("stopped"));
    tmux.wait_for("reconnecting…", 10);
    ctl("start");
    tmux.wait_for("● connected", 15);
    tmux.send(&["q"]);
    let screen = tmux.wait_for("EXIT=", 5);
    assert_eq!(exit_code(&screen).as_deref(), Some("0"), "{screen}");
    assert!(ctl("stop").contains("stopped"));
}

/// The login the embedded cluster is created for: this process's user.
fn os_user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn a_password_the_server_wants_is_asked_for_in_the_tui_and_explained_by_the_cli() {
    let root = tempfile::tempdir().unwrap();
    let dir = cluster_dir(root.path());
    let dir_text = dir.to_str().unwrap().to_owned();
    let binary = |args: &[&str], extra: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_intendant"));
        c.args(args)
            .env("INTENDANT_EMBEDDED_DIR", &dir_text)
            .env("XDG_CONFIG_HOME", root.path().join("config"))
            .env_remove("DATABASE_URL")
            .env_remove("INTENDANT_DATABASE_URL")
            .env_remove("PGPASSWORD");
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    assert!(binary(&["db", "start"], &[]).status.success());
    let user = os_user();
    let socket_url = format!("host={dir_text} user={user} dbname=intendant");
    {
        let (client, connection) = tokio_postgres::connect(&socket_url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute(&format!("ALTER ROLE \"{user}\" PASSWORD 'c0rrect horse'"))
            .await
            .unwrap();
        let hba: String = client.query_one("SHOW hba_file", &[]).await.unwrap().get(0);
        // The cluster's files belong to its account: write through the server itself.
        client
            .batch_execute(&format!(
                "COPY (SELECT 'local all all scram-sha-256') TO '{hba}'; SELECT pg_reload_conf();"
            ))
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    let out = binary(&["--database-url", &socket_url, "db", "status"], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "asks for a password for user `{user}` and none is known"
        )),
        "{err}"
    );
    let out = binary(
        &["--database-url", &socket_url, "db", "status"],
        &[("PGPASSWORD", "c0rrect horse")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tmux = Tmux::start(&script(
        &[(
            "XDG_CONFIG_HOME",
            root.path().join("config").to_str().unwrap(),
        )],
        &format!("--database-url '{socket_url}'"),
    ));
    tmux.wait_for("Password for", 10);
    tmux.send(&["-l", "c0rrect horse"]);
    let prompt = tmux.capture();
    assert!(
        !prompt.contains("c0rrect"),
        "the password is echoed:\n{prompt}"
    );
    tmux.send(&["Enter"]);
    tmux.wait_for("● connected", 10);
    tmux.send(&["q"]);
    assert_eq!(exit_code(&tmux.wait_for("EXIT=", 5)).as_deref(), Some("0"));
    assert!(binary(&["db", "stop"], &[]).status.success());
}

#[tokio::test]
async fn a_keymap_with_an_unknown_action_is_reported_and_the_app_still_starts() {
    let db = fresh_db().await;
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("intendant")).unwrap();
    std::fs::write(
        config.path().join("intendant/keymap.toml"),
        "global = [\n  { on = \"x\", run = \"quit\" },\n  { on = \"z\", run = \"self_destruct\" },\n]\n",
    )
    .unwrap();
    let tmux = Tmux::start(&script(
        &[("XDG_CONFIG_HOME", config.path().to_str().unwrap())],
        &format!("--database-url '{}'", db.url),
    ));
    let screen = tmux.wait_for("● connected", 15);
    assert!(
        screen.contains("line 3: unknown action `self_destruct`"),
        "{screen}"
    );
    // The valid line of the same file took effect.
    tmux.send(&["x"]);
    assert_eq!(exit_code(&tmux.wait_for("EXIT=", 5)).as_deref(), Some("0"));
}

#[tokio::test]
async fn the_wizard_imports_a_small_file() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/imports/eleves.csv",
        dir.path().join("eleves.csv"),
    )
    .unwrap();
    let run = format!(
        "cd '{}'\n{}",
        dir.path().display(),
        script(&[], &format!("--database-url '{}'", db.url))
    );
    let tmux = Tmux::start(&run);
    tmux.wait_for("● connected", 15);
    tmux.send(&["F4"]);
    tmux.wait_for("No import yet", 5);
    tmux.send(&["n"]);
    tmux.wait_for("What does the file hold?", 5);
    tmux.send(&["Enter"]);
    tmux.wait_for("eleves.csv", 5);
    tmux.send(&["Down", "Enter"]);
    let preview = tmux.wait_for("Preview: how the file is read", 5);
    tmux.wait_for("dates mdy (detected)", 5);
    assert!(!preview.contains("MISSING"), "{preview}");
    tmux.send(&["Enter"]);
    tmux.wait_for("3 rows: 3 valid, 0 rejected", 5);
    tmux.send(&["Enter"]);
    tmux.wait_for("Import finished", 10);
    tmux.wait_for("3 added", 5);
    let people: i64 = db
        .client()
        .await
        .query_one("SELECT count(*) FROM person WHERE kind = 'student'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(people, 3);
    tmux.send(&["Enter"]);
    let runs = tmux.wait_for("eleves.csv", 5);
    assert!(runs.contains("student"), "{runs}");
    tmux.send(&["q"]);
    assert_eq!(exit_code(&tmux.wait_for("EXIT=", 5)).as_deref(), Some("0"));
}

/// Issue 4's walk-through on the demo school: the week of a room, a free slot, a weekly
/// booking for four weeks through the form, seen in the grid and in the database; one
/// occurrence deleted; then another client books in the visible week and the grid shows it.
#[tokio::test]
async fn book_a_weekly_series_through_the_form_then_delete_one() {
    let db = fresh_db().await;
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}' demo", db.url)));
    tmux.wait_for("● connected", 20);
    tmux.wait_for("Week of all rooms", 10);
    // The first area of the first site is Informatique (issue 13 point 23); Shift-Tab to
    // the week of its first room, two PgDn past the demo's two weeks of bookings.
    tmux.wait_for("› Informatique", 5);
    tmux.send(&["BTab"]);
    tmux.wait_for("Week of a room", 5);
    // Home: Monday 08:00 of the shown week (the next one on a weekend), then two weeks on.
    tmux.send(&["Home", "PageDown", "PageDown"]);
    let client = db.client().await;
    let monday = shown_monday() + chrono::Duration::weeks(2);
    let heading = format!("{} – ", monday.format("%d/%m"));
    tmux.wait_for(&heading, 5);
    // The cursor is on Monday 08:00; the slot is free: Enter opens the form.
    tmux.send(&["Enter"]);
    tmux.wait_for("New booking: Labo 101", 5);
    tmux.send(&["-l", "E2E weekly"]);
    for _ in 0..12 {
        tmux.send(&["Tab"]);
    }
    tmux.send(&["Right", "Right"]);
    tmux.wait_for("‹ every week ›", 5);
    tmux.wait_for("4 occurrence(s) · all free", 5);
    tmux.send(&["C-s"]);
    tmux.wait_for("Saved: 4 booking(s)", 5);
    tmux.wait_for("↻ E2E weekly", 5);
    let rows = client
        .query(
            "SELECT lower(during) AT TIME ZONE 'Europe/Paris', series_id FROM booking
              WHERE name = 'E2E weekly' AND archived_at IS NULL ORDER BY 1",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    let series: Option<i64> = rows[0].get(1);
    assert!(series.is_some());
    for (k, r) in rows.iter().enumerate() {
        let at: chrono::NaiveDateTime = r.get(0);
        assert_eq!(
            at,
            (monday + chrono::Duration::weeks(k as i64))
                .and_hms_opt(8, 0, 0)
                .unwrap()
        );
        assert_eq!(r.get::<_, Option<i64>>(1), series, "one series");
    }
    // Delete this occurrence only.
    tmux.send(&["d"]);
    tmux.wait_for("Delete “E2E weekly”", 5);
    tmux.send(&["y"]);
    tmux.wait_for("Deleted: 1 booking(s)", 5);
    let left: i64 = client
        .query_one(
            "SELECT count(*) FROM booking WHERE name = 'E2E weekly' AND archived_at IS NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 3);
    let screen = tmux.capture();
    assert!(!screen.contains("E2E weekly"), "{screen}");

    // Another client books Wednesday 14:00 of the visible week: it shows within 2 s.
    let wednesday = monday + chrono::Duration::days(2);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args([
            "--database-url",
            &db.url,
            "booking",
            "add",
            "--room",
            "Labo 101",
            "--start",
            &format!("{wednesday} 14:00"),
            "--end",
            "15:00",
            "--name",
            "From the CLI",
        ])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let started = Instant::now();
    tmux.wait_for("From the CLI", 2);
    println!(
        "another client's booking drawn after {:?}",
        started.elapsed()
    );
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0", 5);
}

/// Issue 6's walk-through: in the correlation session, link an account to its suggested
/// person and mark another for deletion, with the keyboard only.
#[tokio::test]
async fn correlation_link_and_delete_with_the_keyboard() {
    let db = fresh_db().await;
    db.client()
        .await
        .batch_execute(
            "INSERT INTO person (kind, school, number, first_name, last_name, sex, birth_date, grade, school_year)
             VALUES ('student', '001', 'E001', 'Léa', 'Martin', 'F', '2009-07-01', '10', '2026-2027'),
                    ('student', '001', 'E003', 'Zoé', 'Bernart', 'F', '2010-03-02', '11', '2026-2027');",
        )
        .await
        .unwrap();
    let ldif = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ldif/lycee.ldif"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args(["--database-url", &db.url, "import", "ldif", ldif])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}'", db.url)));
    tmux.wait_for("● connected", 15);
    tmux.send(&["F6"]);
    tmux.wait_for("BERNARD Zoé", 5);
    // Sorted by name: ADMIN, BERNARD… The cursor goes to Bernard; Enter links the top suggestion.
    tmux.send(&["Down"]);
    tmux.wait_for("close_spelling", 5);
    tmux.send(&["Enter"]);
    tmux.wait_for("manual 1", 5);
    let client = db.client().await;
    let linked: String = client
        .query_one(
            "SELECT p.number FROM correlation_link l JOIN person p ON p.id = l.person_id
              WHERE l.login = 'zbernard' AND l.rule = 'manual'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(linked, "E003");
    // Paul Parti, who left: / to find him, x to delete (archive at the apply).
    tmux.send(&["/"]);
    tmux.send(&["-l", "parti"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("Directory 1/8", 5);
    tmux.send(&["x"]);
    tmux.wait_for("delete 1", 5);
    let decision: String = client
        .query_one(
            "SELECT decision FROM correlation_decision WHERE login = 'ancien'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(decision, "delete");
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0", 5);
}

/// A signal while a submit waits on the server: the write is cancelled, not committed later
/// with nobody told (it did before: the backend went on once the lock was free).
#[tokio::test]
async fn a_signal_during_a_submit_cancels_the_write() {
    let db = fresh_db().await;
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}' demo", db.url)));
    tmux.wait_for("● connected", 20);
    tmux.wait_for("Week of all rooms", 10);
    tmux.wait_for("› Informatique", 5);
    tmux.send(&["BTab"]);
    tmux.wait_for("Week of a room", 5);
    tmux.send(&["Home", "PageDown", "PageDown", "PageDown"]);
    std::thread::sleep(Duration::from_millis(500));
    tmux.send(&["Enter"]);
    tmux.wait_for("New booking: Labo 101", 5);
    tmux.send(&["-l", "Interrupted write"]);
    // Another session holds the bookings table: the insert will wait.
    let holder = db.client().await;
    holder
        .batch_execute("BEGIN; LOCK TABLE booking IN SHARE ROW EXCLUSIVE MODE")
        .await
        .unwrap();
    tmux.send(&["C-s"]);
    let watcher = db.client().await;
    let waiting = async {
        for _ in 0..50 {
            let n: i64 = watcher
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                       AND application_name = 'intendant' AND wait_event_type = 'Lock'",
                    &[],
                )
                .await
                .unwrap()
                .get(0);
            if n > 0 {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    };
    assert!(waiting.await, "the submit never reached the lock");
    let pid = tmux.app_pid();
    assert!(Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    let screen = tmux.wait_for("EXIT=", 5);
    assert_eq!(exit_code(&screen).as_deref(), Some("0"), "{screen}");
    // Nothing of the app's is left on the server, then the lock goes.
    let mut left: i64 = -1;
    for _ in 0..30 {
        left = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                   AND application_name = 'intendant'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "the app's connections are closed");
    holder.batch_execute("COMMIT").await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let written: i64 = watcher
        .query_one(
            "SELECT count(*) FROM booking WHERE name = 'Interrupted write'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(written, 0, "the interrupted write must not commit");
}

/// Any role may NOTIFY on the channel: a flood (20,000 in one transaction, and junk) leaves the
/// app connected, and a real change still shows within two seconds.
#[tokio::test]
async fn a_flood_on_the_channel_leaves_the_app_connected() {
    let db = fresh_db().await;
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}'", db.url)));
    tmux.wait_for("● connected", 15);
    tmux.send(&["F3"]);
    tmux.wait_for("Users", 5);
    let stranger = db.role("stranger").await;
    let flooder = common::connect(&stranger.url).await;
    flooder
        .batch_execute(
            "SELECT pg_notify('intendant', '{\"kind\": \"app_user\", \"n\": ' || i || '}') FROM generate_series(1, 20000) AS i;
             SELECT pg_notify('intendant', '{\"kind\": \"booking\"}') FROM generate_series(1, 20000) AS i;
             SELECT pg_notify('intendant', 'junk ' || i) FROM generate_series(1, 5000) AS i;",
        )
        .await
        .unwrap();
    std::thread::sleep(Duration::from_secs(1));
    let screen = tmux.capture();
    assert!(screen.contains("● connected"), "{screen}");
    db.client()
        .await
        .execute(
            "INSERT INTO app_user (login, display_name) VALUES ('after_flood', 'Après Inondation')",
            &[],
        )
        .await
        .unwrap();
    tmux.wait_for("Après Inondation", 2);
    assert!(tmux.capture().contains("● connected"));
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0", 5);
}

/// Issue 13's walk-through: `n` in the week of all rooms books the area's first slot (not
/// 00:00); then a series of that week, opened from the cell's list, is renamed and cut short
/// as a whole from the form; every row of the database follows.
#[tokio::test]
async fn p13_book_from_the_week_of_all_rooms_then_edit_the_whole_series() {
    let db = fresh_db().await;
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}' demo", db.url)));
    tmux.wait_for("● connected", 20);
    tmux.wait_for("Week of all rooms", 10);
    tmux.wait_for("› Informatique", 5);
    let monday = shown_monday() + chrono::Duration::weeks(3);
    // A weekly series at 10:00 in Labo 101, ten weeks, made by another client.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args([
            "--database-url",
            &db.url,
            "booking",
            "add",
            "--room",
            "Labo 101",
        ])
        .args(["--start", &format!("{monday} 10:00"), "--end", "11:00"])
        .args(["--name", "E2E série", "--repeat", "weekly"])
        .args([
            "--until",
            &(monday + chrono::Duration::weeks(9)).to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Home: Labo 101 on Monday; three weeks on.
    tmux.send(&["Home", "PageDown", "PageDown", "PageDown"]);
    tmux.wait_for(&format!("{} – ", monday.format("%d/%m")), 5);
    tmux.wait_for("↻ E2E sé", 5);
    tmux.send(&["n"]);
    let form = tmux.wait_for("New booking: Labo 101", 5);
    assert!(form.contains("08:00") && form.contains("09:00"), "{form}");
    tmux.send(&["-l", "E2E semaine"]);
    tmux.send(&["C-s"]);
    tmux.wait_for("Saved: 1 booking(s)", 5);
    let client = db.client().await;
    let during: String = client
        .query_one(
            "SELECT (lower(during) AT TIME ZONE 'Europe/Paris')::text || '–' || (upper(during) AT TIME ZONE 'Europe/Paris')::time::text
               FROM booking WHERE name = 'E2E semaine' AND archived_at IS NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(during, format!("{monday} 08:00:00–09:00:00"));
    // The cell holds both: Enter lists them; the second is the series.
    tmux.wait_for("08:00 E2E se", 5);
    tmux.send(&["Enter"]);
    tmux.wait_for("2 bookings here", 5);
    tmux.send(&["Down", "Enter"]);
    tmux.wait_for("E2E série", 5);
    tmux.send(&["e"]);
    tmux.wait_for("Change booking: Labo 101", 5);
    // This one → the whole series: its rule and its end date (ten weeks) are in the form.
    tmux.send(&["Right"]);
    let until = (monday + chrono::Duration::weeks(9)).to_string();
    tmux.wait_for(&until, 5);
    tmux.send(&["Tab"]);
    tmux.send(&["-l", "E2E renommée"]);
    // Until is the sixteenth field after the name's.
    for _ in 0..15 {
        tmux.send(&["Tab"]);
    }
    let shorter = monday + chrono::Duration::weeks(5);
    tmux.send(&["-l", &shorter.to_string()]);
    tmux.wait_for("6 occurrence(s)", 5);
    tmux.send(&["C-s"]);
    tmux.wait_for("Saved: 6 booking(s)", 5);
    let rows = client
        .query(
            "SELECT name, series_id, (lower(during) AT TIME ZONE 'Europe/Paris')::text
               FROM booking WHERE archived_at IS NULL AND name LIKE 'E2E%' AND series_id IS NOT NULL
              ORDER BY lower(during)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 6);
    let series: Option<i64> = rows[0].get(1);
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(r.get::<_, String>(0), "E2E renommée");
        assert_eq!(r.get::<_, Option<i64>>(1), series);
        assert_eq!(
            r.get::<_, String>(2),
            format!("{} 10:00:00", monday + chrono::Duration::weeks(k as i64))
        );
    }
    let (until_now,): (chrono::NaiveDate,) = {
        let r = client
            .query_one("SELECT until FROM booking_series WHERE id = $1", &[&series])
            .await
            .unwrap();
        (r.get(0),)
    };
    assert_eq!(until_now, shorter);
    tmux.wait_for("↻ E2E re", 5);
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0", 5);
}

/// Issue 13's walk-through: an area of fifty rooms in the day view, scrolled to the last;
/// its header tells it apart.
#[tokio::test]
async fn p15_day_view_with_fifty_rooms_scrolled_to_the_last() {
    let db = fresh_db().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args(["--database-url", &db.url, "demo", "--no-tui"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let client = db.client().await;
    client
        .batch_execute(
            "INSERT INTO area (site_id, name) SELECT id, 'Internat' FROM site WHERE code = 'LJM';
             INSERT INTO room (area_id, name)
                  SELECT a.id, format('Chambre %s', lpad(n::text, 3, '0'))
                    FROM area a, generate_series(1, 50) AS n WHERE a.name = 'Internat';
             UPDATE setting SET value = 'Internat' WHERE name = 'default_area';",
        )
        .await
        .unwrap();
    let tmux = Tmux::start(&script(&[], &format!("--database-url '{}'", db.url)));
    tmux.wait_for("● connected", 20);
    tmux.wait_for("› Internat", 10);
    // Week of all rooms → week of a room → day.
    tmux.send(&["BTab", "BTab"]);
    tmux.wait_for("Day ·", 5);
    let first = tmux.wait_for("…01", 5);
    assert!(!first.contains("Chambre 0…"), "{first}");
    tmux.send(&["End"]);
    let last = tmux.wait_for("…50", 5);
    assert!(
        last.contains("Chambre 050"),
        "the place names the room: {last}"
    );
    tmux.send(&["q"]);
    tmux.wait_for("EXIT=0", 5);
}
