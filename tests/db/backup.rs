//! `intendant db backup` then `db restore` into a new database: the copy's setup and bookings
//! are the original's, line for line; a file that is not a backup, a name taken, or a user who
//! is not an administrator are refused before anything is written.

use crate::admin::school;
use crate::common::{unique, url_for, TestDb};

use crate::common::bin::run_at as run;

#[tokio::test]
async fn a_backup_restored_into_a_new_database_has_the_same_setup_and_bookings() {
    let s = school().await;
    let url = &s.db.url;
    let day = (chrono::Utc::now() + chrono::Duration::days(10)).date_naive();
    for (hour, name) in [(9, "Cours"), (11, "TP « chimie »")] {
        let (code, _, err) = run(
            &s.role("user").url,
            &[
                "booking",
                "add",
                "--room",
                "Labo",
                "--start",
                &format!("{day} {hour:02}:00"),
                "--end",
                &format!("{day} {:02}:00", hour + 1),
                "--name",
                name,
                "--type",
                "A",
            ],
        );
        assert_eq!(code, 0, "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("school.dump");
    let file = file.to_str().unwrap();
    let (code, _, err) = run(&s.role("user").url, &["db", "backup", "--out", file]);
    assert_eq!(code, 4, "a user does not back up: {err}");
    let (code, out, err) = run(url, &["db", "backup", "--out", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("backup written") && err.contains("booking"),
        "{out}\n{err}"
    );
    assert!(!dir.path().join("school.partial").exists());

    let name = unique("irestore");
    let copy = TestDb {
        url: url_for(&name),
        name,
    };
    let (code, out, err) = run(url, &["db", "restore", file, "--into", &copy.name]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("restored"), "{out}");
    let listing = |u: &str| {
        let (code, out, err) = run(
            u,
            &[
                "booking",
                "list",
                "--room",
                "Labo",
                "--from",
                &day.to_string(),
                "--to",
                &day.to_string(),
                "--format",
                "json",
            ],
        );
        assert_eq!(code, 0, "{err}");
        out
    };
    let dump = |u: &str| run(u, &["setup", "dump"]).1;
    let bookings = listing(url);
    assert!(bookings.contains("TP « chimie »"), "{bookings}");
    assert_eq!(listing(&copy.url), bookings);
    assert_eq!(dump(&copy.url), dump(url));

    // Refused before anything is written: the name taken, a file that is not a backup.
    let (code, _, err) = run(url, &["db", "restore", file, "--into", &copy.name]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("--force"), "{err}");
    let junk = dir.path().join("junk.dump");
    std::fs::write(&junk, "not a dump").unwrap();
    let other = unique("irestore");
    let (code, _, err) = run(
        url,
        &["db", "restore", junk.to_str().unwrap(), "--into", &other],
    );
    assert_eq!(code, 2, "{err}");
    let left =
        s.db.client()
            .await
            .query_one(
                "SELECT count(*) FROM pg_database WHERE datname LIKE $1",
                &[&format!("{other}%")],
            )
            .await
            .unwrap()
            .get::<_, i64>(0);
    assert_eq!(left, 0, "nothing was created");
}
