//! The real binary, as scripts and cron jobs run it.

use crate::common;

use std::process::Stdio;

use common::bin::{intendant, run_at, stderr, stdout};
use common::{empty_db, fresh_db};
use intendant::db::migrate::{latest_version, MIGRATIONS};

#[tokio::test]
async fn db_migrate_twice_then_status() {
    let db = empty_db().await;
    let first = intendant(&["--database-url", &db.url, "db", "migrate"])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("applied 0001_core.sql"),
        "{}",
        stdout(&first)
    );
    let second = intendant(&["--database-url", &db.url, "db", "migrate"])
        .output()
        .unwrap();
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains(&format!(
            "schema up to date at version {}",
            latest_version()
        )),
        "{}",
        stdout(&second)
    );
    let status = intendant(&["db", "status"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    let out = stdout(&status);
    assert!(
        out.contains("(from DATABASE_URL)")
            && out.contains("0001 0001_core.sql")
            && out.contains("applied"),
        "{out}"
    );
}

#[tokio::test]
async fn two_migrations_started_together_both_succeed() {
    for _ in 0..8 {
        let db = empty_db().await;
        let a = intendant(&["--database-url", &db.url, "db", "migrate"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let b = intendant(&["--database-url", &db.url, "db", "migrate"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(
            a.status.success() && b.status.success(),
            "{} / {}",
            stderr(&a),
            stderr(&b)
        );
        let rows: i64 = db
            .client()
            .await
            .query_one("SELECT count(*) FROM schema_migration", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(rows, MIGRATIONS.len() as i64);
    }
}

#[tokio::test]
async fn a_schema_newer_than_the_binary_is_refused_with_a_message() {
    let db = fresh_db().await;
    db.client()
        .await
        .execute("INSERT INTO schema_migration (version, name, checksum) VALUES (42, '0042_future.sql', 'x')", &[])
        .await
        .unwrap();
    let out = intendant(&["--database-url", &db.url, "db", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "schema is at version 42, newer than this intendant knows (up to {})",
            latest_version()
        )),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn demo_data_loads_once() {
    let db = fresh_db().await;
    let first = intendant(&["--database-url", &db.url, "demo", "--no-tui"])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let count = || async {
        db.client()
            .await
            .query_one("SELECT count(*) FROM app_user", &[])
            .await
            .unwrap()
            .get::<_, i64>(0)
    };
    let after_first = count().await;
    assert!(after_first >= 10, "{after_first}");
    let second = intendant(&["--database-url", &db.url, "demo", "--no-tui"])
        .output()
        .unwrap();
    assert!(
        stdout(&second).contains("(0 rows added)"),
        "{}",
        stdout(&second)
    );
    assert_eq!(count().await, after_first);
}

#[test]
fn unreachable_servers_and_bad_urls_get_one_clear_line() {
    let out = intendant(&["db", "status"])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .starts_with("intendant: cannot reach the database server nobody@127.0.0.1:1/x"),
        "{}",
        stderr(&out)
    );
    let out = intendant(&["db", "status"])
        .env("PGPORT", "fifty")
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out).trim(),
        "intendant: PGPORT: `fifty` is not a port number"
    );
}

#[test]
fn the_tui_refuses_to_start_without_a_terminal() {
    let out = intendant(&["--database-url", "postgres://x@127.0.0.1:1/x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_keymap_and_theme_files_are_reported_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("intendant");
    std::fs::create_dir_all(conf.join("themes")).unwrap();
    std::fs::write(
        conf.join("keymap.toml"),
        "list = [\n  { on = \"x\", run = \"teleport\" },\n]\n",
    )
    .unwrap();
    std::fs::write(
        conf.join("themes/mine.toml"),
        "[styles]\n\"header\" = { fg = \"not-a-colour\" }\n",
    )
    .unwrap();
    std::fs::write(
        conf.join("config.toml"),
        "theme = \"mine\"\nkeymap = \"vim\"\n",
    )
    .unwrap();
    let out = intendant(&["config"])
        .env("XDG_CONFIG_HOME", dir.path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("keymap.toml: line 2: unknown action `teleport`"),
        "{err}"
    );
    assert!(
        err.contains("mine.toml: line 2: style `header`: unknown colour `not-a-colour`"),
        "{err}"
    );
    assert!(stdout(&out).contains("keymap: vim"), "{}", stdout(&out));
}

#[test]
fn a_config_file_with_a_typo_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("intendant")).unwrap();
    std::fs::write(
        dir.path().join("intendant/config.toml"),
        "language = \"fr\"\ndatabase_ulr = \"x\"\n",
    )
    .unwrap();
    let out = intendant(&["config"])
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("config.toml: line 2: unknown field `database_ulr`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn messages_follow_the_language() {
    let out = intendant(&["db", "status"])
        .env("PGPORT", "fifty")
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out).trim(),
        "intendant: PGPORT: `fifty` n’est pas un numéro de port"
    );
    let out = intendant(&["--lang", "en", "db", "status"])
        .env("PGPORT", "fifty")
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out).trim(),
        "intendant: PGPORT: `fifty` is not a port number"
    );
    let out = intendant(&["--lang", "fr", "config"]).output().unwrap();
    assert!(stdout(&out).contains("langue : fr"), "{}", stdout(&out));
}

/// A login that may connect but is no user of this database is told so in its words (with
/// how it becomes one), and its connection is closed with a goodbye: the server counts no
/// session lost to a vanished client.
#[tokio::test]
async fn a_login_that_is_no_user_here_is_told_so_and_leaves_cleanly() {
    let db = fresh_db().await;
    let stranger = db.role("stranger").await;
    let root = db.client().await;
    root.batch_execute(&format!(
        "REVOKE \"{}\" FROM \"{}\"",
        root.query_one("SELECT group_role()", &[])
            .await
            .unwrap()
            .get::<_, String>(0),
        stranger.name
    ))
    .await
    .unwrap();
    let abandoned = || async {
        root.batch_execute("SELECT pg_stat_clear_snapshot()")
            .await
            .unwrap();
        root.query_one(
            "SELECT sessions_abandoned FROM pg_stat_database WHERE datname = current_database()",
            &[],
        )
        .await
        .unwrap()
        .get::<_, i64>(0)
    };
    let before = abandoned().await;
    let (code, _, err) = run_at(
        &stranger.url,
        &[
            "booking",
            "list",
            "--room",
            "Salle",
            "--from",
            "2027-01-04",
            "--to",
            "2027-01-05",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!(
            "`{}` is not a user of this database",
            stranger.name
        )) && err.contains("intendant admin user add"),
        "{err}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        abandoned().await,
        before,
        "the command's session ended with a goodbye"
    );
}
