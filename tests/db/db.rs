//! The schema's contract, checked on a real PostgreSQL: migrations, history, NOTIFY, rights.

use crate::common;

use common::{connect, empty_db, fresh_db};
use intendant::db::migrate::{self, MigrateError};

#[tokio::test]
async fn migrating_twice_changes_nothing_the_second_time() {
    let db = empty_db().await;
    let mut client = db.client().await;
    let first = migrate::migrate(&mut client).await.unwrap();
    let all: Vec<&str> = migrate::MIGRATIONS.iter().map(|m| m.name).collect();
    assert_eq!(first.applied, all);
    let before: i64 = client
        .query_one("SELECT count(*) FROM change_history", &[])
        .await
        .unwrap()
        .get(0);
    let second = migrate::migrate(&mut client).await.unwrap();
    assert!(second.applied.is_empty());
    let rows: i64 = client
        .query_one("SELECT count(*) FROM schema_migration", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, migrate::MIGRATIONS.len() as i64);
    let after: i64 = client
        .query_one("SELECT count(*) FROM change_history", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(before, after);
}

#[tokio::test]
async fn concurrent_migrations_serialise_on_the_lock() {
    let db = empty_db().await;
    let (mut a, mut b) = (db.client().await, db.client().await);
    let (ra, rb) = tokio::join!(migrate::migrate(&mut a), migrate::migrate(&mut b));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(
        ra.applied.len() + rb.applied.len(),
        migrate::MIGRATIONS.len(),
        "{ra:?} {rb:?}"
    );
}

#[tokio::test]
async fn an_edited_migration_is_refused() {
    let db = fresh_db().await;
    let mut client = db.client().await;
    client
        .execute(
            "UPDATE schema_migration SET checksum = 'abc' WHERE version = 1",
            &[],
        )
        .await
        .unwrap();
    assert!(!migrate::up_to_date_and_owned(&client).await);
    let err = migrate::migrate(&mut client).await.unwrap_err();
    assert!(matches!(err, MigrateError::Edited { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("0001_core.sql was edited after it was applied"),
        "{err}"
    );
}

#[tokio::test]
async fn a_newer_schema_is_refused() {
    let db = fresh_db().await;
    let mut client = db.client().await;
    client
        .execute("INSERT INTO schema_migration (version, name, checksum) VALUES (9999, '9999_future.sql', 'x')", &[])
        .await
        .unwrap();
    assert!(!migrate::up_to_date_and_owned(&client).await);
    let err = migrate::migrate(&mut client).await.unwrap_err();
    assert!(
        matches!(err, MigrateError::Newer { found: 9999, .. }),
        "{err}"
    );
    // Opening it the way every command does takes the full check, and refuses.
    assert!(db.database().ready().await.is_err());
}

/// What every command checks first costs one round trip when the schema is this binary's:
/// true then, false for a database never migrated (the full check then migrates it).
#[tokio::test]
async fn the_quick_schema_check_knows_an_up_to_date_database() {
    let db = fresh_db().await;
    assert!(migrate::up_to_date_and_owned(&db.client().await).await);
    let empty = empty_db().await;
    let client = empty.client().await;
    assert!(!migrate::up_to_date_and_owned(&client).await);
    empty.database().ready().await.unwrap();
    assert!(migrate::up_to_date_and_owned(&client).await);
}

#[tokio::test]
async fn a_failing_migration_leaves_nothing_behind() {
    let db = empty_db().await;
    let mut client = db.client().await;
    client
        .batch_execute("CREATE TABLE app_user (squatter int)")
        .await
        .unwrap();
    let err = migrate::migrate(&mut client).await.unwrap_err();
    assert!(
        matches!(
            err,
            MigrateError::Failed {
                name: "0001_core.sql",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    for table in ["schema_migration", "setting", "change_history"] {
        let exists: Option<String> = client
            .query_one("SELECT to_regclass($1)::text", &[&table])
            .await
            .unwrap()
            .get(0);
        assert_eq!(exists, None, "{table} was rolled back");
    }
}

#[tokio::test]
async fn the_installer_is_the_first_administrator_and_settings_exist() {
    let db = fresh_db().await;
    let client = db.client().await;
    let row = client
        .query_one(
            "SELECT status::text, active FROM app_user WHERE login = 'postgres'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, bool>(1)),
        ("admin".into(), true)
    );
    let tz: String = client
        .query_one("SELECT value FROM setting WHERE name = 'timezone'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(tz, "Europe/Paris");
    let err = client
        .execute(
            "UPDATE setting SET value = 'Mars/Olympus' WHERE name = 'timezone'",
            &[],
        )
        .await
        .unwrap_err();
    assert!(
        common::server_message(&err).contains("is not a time zone name"),
        "{err}"
    );
}

#[tokio::test]
async fn every_change_is_in_the_history_with_who_and_what() {
    let db = fresh_db().await;
    let client = db.client().await;
    client
        .batch_execute(
            "INSERT INTO app_user (login, display_name) VALUES ('hist', 'Before');
             UPDATE app_user SET display_name = 'After' WHERE login = 'hist';
             UPDATE app_user SET display_name = 'After' WHERE login = 'hist';",
        )
        .await
        .unwrap();
    let rows = client
        .query(
            "SELECT action, changed_by, before->>'display_name', after->>'display_name'
               FROM change_history WHERE table_name = 'app_user' AND row_key = 'hist' ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    let seen: Vec<(String, String, Option<String>, Option<String>)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "insert".into(),
                "postgres".into(),
                None,
                Some("Before".into())
            ),
            (
                "update".into(),
                "postgres".into(),
                Some("Before".into()),
                Some("After".into())
            ),
        ],
        "a no-op update is not history"
    );
}

#[tokio::test]
async fn writes_notify_every_listener() {
    let db = fresh_db().await;
    let (listener, mut notes) = db.database().dedicated().await.unwrap();
    listener.batch_execute("LISTEN intendant").await.unwrap();
    db.client()
        .await
        .execute(
            "UPDATE setting SET value = 'Lycée X' WHERE name = 'site_name'",
            &[],
        )
        .await
        .unwrap();
    let note = tokio::time::timeout(std::time::Duration::from_secs(5), notes.recv())
        .await
        .unwrap()
        .unwrap();
    let payload: serde_json::Value = serde_json::from_str(note.payload()).unwrap();
    assert_eq!(
        payload,
        serde_json::json!({"kind": "setting"}),
        "no login, no detail"
    );
}

#[tokio::test]
async fn rights_are_enforced_by_the_database() {
    let db = fresh_db().await;
    let alice = db.role("alice").await;
    let admin = db.client().await;
    admin
        .execute(
            "INSERT INTO app_user (login, display_name, status) VALUES ($1, 'Alice', 'user')",
            &[&alice.name],
        )
        .await
        .unwrap();
    let as_alice = connect(&alice.url).await;
    // A user reads, changes her own preferences, and nothing else.
    let n: i64 = as_alice
        .query_one("SELECT count(*) FROM app_user", &[])
        .await
        .unwrap()
        .get(0);
    assert!(n >= 2);
    as_alice
        .execute(
            "UPDATE app_user SET language = 'fr' WHERE login = session_user",
            &[],
        )
        .await
        .unwrap();
    let err = as_alice
        .execute(
            "UPDATE app_user SET status = 'admin' WHERE login = session_user",
            &[],
        )
        .await
        .unwrap_err();
    assert!(
        common::server_message(&err).contains("you may only change your own"),
        "{err}"
    );
    let changed = as_alice
        .execute(
            "UPDATE app_user SET display_name = 'pwned' WHERE login = 'postgres'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        changed, 0,
        "row-level security hides other users' rows from updates"
    );
    let changed = as_alice
        .execute(
            "UPDATE setting SET value = 'x' WHERE name = 'site_name'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(changed, 0, "only administrators change settings");
    assert!(as_alice
        .execute("INSERT INTO app_user (login) VALUES ('sneaky')", &[])
        .await
        .is_err());
    assert!(
        as_alice
            .execute("DELETE FROM app_user WHERE login = session_user", &[])
            .await
            .is_err(),
        "nothing is hard-deleted"
    );
    let history: i64 = as_alice
        .query_one("SELECT count(*) FROM change_history", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(history, 0, "history is for administrators");

    // A user manager manages users but cannot make administrators.
    admin
        .execute(
            "UPDATE app_user SET status = 'user_manager' WHERE login = $1",
            &[&alice.name],
        )
        .await
        .unwrap();
    as_alice
        .execute(
            "INSERT INTO app_user (login, display_name) VALUES ('newbie', 'New')",
            &[],
        )
        .await
        .unwrap();
    let err = as_alice
        .execute(
            "UPDATE app_user SET status = 'admin' WHERE login = 'newbie'",
            &[],
        )
        .await
        .unwrap_err();
    assert!(
        common::server_message(&err).contains("only an administrator"),
        "{err}"
    );
    let by: String = admin
        .query_one(
            "SELECT changed_by FROM change_history WHERE row_key = 'newbie' AND action = 'insert'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(by, alice.name);
}

/// A load run in a cancel slot stops on the server when its slot is cancelled (Esc in the
/// app), and a cancel after the load ended reaches nothing.
#[tokio::test]
async fn cancelling_a_slot_stops_its_statement_on_the_server() {
    let test = fresh_db().await;
    let db = test.database();
    let slot = intendant::db::cancel::Slot::default();
    let started = std::time::Instant::now();
    let running = {
        let (db, slot) = (db.clone(), slot.clone());
        tokio::spawn(async move {
            slot.scope(async {
                let client = db.client().await.unwrap();
                client.query("SELECT pg_sleep(30)", &[]).await
            })
            .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    db.cancel(&slot).await;
    let err = running.await.unwrap().expect_err("the sleep was cancelled");
    assert_eq!(
        err.code(),
        Some(&tokio_postgres::error::SqlState::QUERY_CANCELED)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // The slot is empty once its request ended: cancelling again touches no other work.
    db.cancel(&slot).await;
    let client = db.client().await.unwrap();
    let n: i32 = client.query_one("SELECT 1", &[]).await.unwrap().get(0);
    assert_eq!(n, 1);
}
