//! Student and staff imports against a real PostgreSQL, through the real binary.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fresh_db, TestDb};
use serde_json::Value;

const STUDENTS: &str = "année scolaire,school_id,fichier,classe,prénom,nom,sexe,DDN,groupe repère,courriel père,courriel mère,courriel élève,classe_a,classe_b
20192020,032,123456789,12,Mike,Boileau,M,4/12/1990,12B,maman@hotmail.co,papa@gmail.com,mike@hotmail.com,fran01,math01
20192020,032,123444567,9,Véronique,Boileau,F,2/13/1992,9A,ginette@hotmail.com,-,-,,
20192020,034,123555678,1,Suzie,Aylwin,F,3/30/1989,1A,-,Huguette@gmail.com,-,,
";

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn intendant(db: &TestDb, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_intendant"));
    cmd.arg("--database-url")
        .arg(&db.url)
        .args(args)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL");
    cmd.env(
        "XDG_STATE_HOME",
        std::env::temp_dir().join("intendant-import-tests"),
    );
    cmd.output().unwrap()
}

fn import_json(db: &TestDb, kind: &str, file: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["import", kind, file.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = intendant(db, &args);
    let text = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text} / {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), value)
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    db.client().await.query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test]
async fn first_import_then_unchanged_then_updated() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "eleves.csv", STUDENTS.as_bytes());
    let (code, r) = import_json(&db, "students", &file, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (
            r["rows"].as_u64(),
            r["added"].as_u64(),
            r["updated"].as_u64(),
            r["unchanged"].as_u64()
        ),
        (Some(3), Some(3), Some(0), Some(0))
    );
    assert_eq!(r["date_order"], "mdy", "the seed's example dates are M/D");
    assert_eq!(r["date_order_source"], "detected");
    assert_eq!(r["encoding"], "utf-8");
    assert!(r["run_id"].as_i64().is_some());
    let row = db
        .client()
        .await
        .query_one("SELECT birth_date::text, father_email, mother_email, classes, school_year, active FROM person WHERE number = '123444567'", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "1992-02-13");
    assert_eq!(
        row.get::<_, Option<String>>(1).as_deref(),
        Some("ginette@hotmail.com")
    );
    assert_eq!(row.get::<_, Option<String>>(2), None, "`-` is no email");
    assert_eq!(row.get::<_, Vec<String>>(3), Vec::<String>::new());
    assert_eq!(
        (row.get::<_, String>(4), row.get::<_, bool>(5)),
        ("2019-2020".into(), true)
    );
    let runs = db
        .client()
        .await
        .query_one(
            "SELECT file_name, run_by, added, rows, report->>'kind' FROM import_run",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            runs.get::<_, String>(0),
            runs.get::<_, String>(1),
            runs.get::<_, i32>(2),
            runs.get::<_, i32>(3)
        ),
        ("eleves.csv".into(), "postgres".into(), 3, 3)
    );
    let history = count(
        &db,
        "SELECT count(*) FROM change_history WHERE table_name = 'person'",
    )
    .await;
    assert_eq!(history, 3);

    // The same file again: nothing changes, not even the history.
    let (code, r) = import_json(&db, "students", &file, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (
            r["added"].as_u64(),
            r["updated"].as_u64(),
            r["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(3))
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM change_history WHERE table_name = 'person'"
        )
        .await,
        3
    );

    // A modified file: the changed fields are listed.
    let modified = STUDENTS.replace(
        "Mike,Boileau,M,4/12/1990,12B",
        "Michael,Boileau,M,4/12/1990,12C",
    );
    let file2 = write(dir.path(), "eleves2.csv", modified.as_bytes());
    let (_, r) = import_json(&db, "students", &file2, &[]);
    assert_eq!(
        (
            r["added"].as_u64(),
            r["updated"].as_u64(),
            r["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(2))
    );
    assert_eq!(r["updated_fields"][0]["line"], 2);
    assert_eq!(
        r["updated_fields"][0]["fields"],
        serde_json::json!(["first_name", "group"])
    );
    let first: String = db
        .client()
        .await
        .query_one(
            "SELECT first_name FROM person WHERE number = '123456789'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(first, "Michael");
}

#[tokio::test]
async fn dry_run_and_strict_write_nothing() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "eleves.csv", STUDENTS.as_bytes());
    let (code, r) = import_json(&db, "students", &file, &["--dry-run"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        r["added"].as_u64(),
        Some(3),
        "a dry run reports what would happen"
    );
    assert_eq!(r["run_id"], Value::Null);
    assert_eq!(count(&db, "SELECT count(*) FROM person").await, 0);
    assert_eq!(count(&db, "SELECT count(*) FROM import_run").await, 0);

    let bad = format!("{STUDENTS}20192020,034,999,1,Zed,Zorro,Q,3/30/1989,1A,-,-,-,,\n");
    let file = write(dir.path(), "bad.csv", bad.as_bytes());
    let (code, r) = import_json(&db, "students", &file, &["--strict"]);
    assert_eq!(code, Some(3));
    assert_eq!(
        r["rejected"][0],
        serde_json::json!({"line": 5, "field": "sex", "reason": "must be F, M or X"})
    );
    assert_eq!(count(&db, "SELECT count(*) FROM person").await, 0);
    assert_eq!(count(&db, "SELECT count(*) FROM import_run").await, 0);

    // Without --strict the good rows go in and the bad one is reported.
    let (code, r) = import_json(&db, "students", &file, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (r["added"].as_u64(), r["rejected"].as_array().map(Vec::len)),
        (Some(3), Some(1))
    );
}

#[tokio::test]
async fn a_missing_required_column_stops_everything() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let text = "school_id,fichier,prénom,sexe\n032,1,Ana,F\n";
    let file = write(dir.path(), "no-name.csv", text.as_bytes());
    let out = intendant(&db, &["import", "students", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // Every missing column at once, each with its accepted names.
    assert!(
        err.contains("required columns missing: `grade` (accepted names: "),
        "{err}"
    );
    assert!(
        err.contains("; `last_name` (accepted names: nom, legal_surname, last_name, "),
        "{err}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM person").await, 0);
    assert_eq!(count(&db, "SELECT count(*) FROM import_run").await, 0);
}

#[tokio::test]
async fn a_key_twice_in_one_file_rejects_the_later_line() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let text = "school_id;fiche;classe;prenom;nom;sexe;ddn\n\n032;7;5;Ana;Bo;F;2001-05-04\n032;8;5;Eve;Bo;F;\n032;7;6;Ana;Bo;F;2001-05-04\n";
    let file = write(dir.path(), "dup.csv", text.as_bytes());
    let (code, r) = import_json(&db, "students", &file, &["--school-year", "2025-2026"]);
    assert_eq!(code, Some(0));
    assert_eq!(r["delimiter"], ";");
    assert_eq!(
        r["rejected"],
        serde_json::json!([{"line": 5, "field": "number", "reason": "duplicate of line 3 (same school and number)"}])
    );
    assert_eq!(
        r["warnings"],
        serde_json::json!([{"line": 4, "field": "birth_date", "reason": "birth date missing"}])
    );
    assert_eq!(r["school_year"], "2025-2026");
    let grade: String = db
        .client()
        .await
        .query_one("SELECT grade FROM person WHERE number = '7'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(grade, "5", "the first line wins");
}

#[tokio::test]
async fn people_missing_from_a_full_import_of_their_school_become_inactive() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "eleves.csv", STUDENTS.as_bytes());
    import_json(&db, "students", &file, &[]);
    // School 032 again, without Mike (123456789), with Véronique's row rejected for a bad email:
    // Véronique is still in the file, so she stays active; school 034 is not in the file.
    let text = "année scolaire,school_id,fichier,classe,prénom,nom,sexe,DDN,courriel père\n20202021,032,123444567,9,Véronique,Boileau,F,2/13/1992,not-an-email\n20202021,032,5555,1,Newt,Boileau,M,2/1/2015,-\n";
    let file = write(dir.path(), "eleves-2020.csv", text.as_bytes());
    // One of the school's two is half of it: the guard wants to be told.
    let refused = intendant(&db, &["import", "students", file.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let (_, r) = import_json(&db, "students", &file, &["--allow-deactivation", "1"]);
    assert_eq!(
        (
            r["added"].as_u64(),
            r["deactivated"].as_u64(),
            r["rejected"].as_array().map(Vec::len)
        ),
        (Some(1), Some(1), Some(1))
    );
    let states = db
        .client()
        .await
        .query(
            "SELECT number, active, school_year FROM person ORDER BY number",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get::<_, String>(0),
                r.get::<_, bool>(1),
                r.get::<_, String>(2),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        states,
        vec![
            ("123444567".into(), true, "2019-2020".into()),
            ("123456789".into(), false, "2020-2021".into()),
            ("123555678".into(), true, "2019-2020".into()),
            ("5555".into(), true, "2020-2021".into()),
        ]
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM person").await,
        4,
        "nobody is deleted"
    );
    // --mark-missing-inactive false keeps them.
    let (_, r) = import_json(
        &db,
        "students",
        &file,
        &["--mark-missing-inactive", "false"],
    );
    assert_eq!(r["deactivated"].as_u64(), Some(0));
}

#[tokio::test]
async fn windows_1252_staff_file_and_people_list() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let text = b"Staff_ID, School_ID, Pr\xe9nom, Nom, Courriel, Titre, classe_a, classe_b, bureau\r\n1234, 032, Adam, Deslandes, ADAMM@monecole.com, Enseignant, geo01, math03, B12\r\n1235, 034, J\xe9r\xf4me, C\x9cur, jc@monecole.com, Direction, fra02, hist02, B13\r\n";
    let file = write(dir.path(), "membres.csv", text);
    let (code, r) = import_json(&db, "staff", &file, &["--school-year", "2025-2026"]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["encoding"], "windows-1252");
    assert_eq!(r["unknown_headers"], serde_json::json!(["bureau"]));
    assert_eq!(r["added"].as_u64(), Some(2));
    // Per school, as the students' result page.
    assert_eq!(r["schools"][0]["school"], "032");
    assert_eq!(
        (
            r["schools"][0]["rows"].as_u64(),
            r["schools"][0]["added"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(r["schools"][1]["school"], "034");
    let out = intendant(
        &db,
        &[
            "import",
            "staff",
            file.to_str().unwrap(),
            "--school-year",
            "2025-2026",
        ],
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains(
            "school 034: 1 rows, 0 added, 0 updated, 1 unchanged, 0 rejected, 0 marked inactive"
        ),
        "{summary}"
    );
    let out = intendant(
        &db,
        &["people", "list", "--kind", "staff", "--format", "json"],
    );
    let people: Value = serde_json::from_slice(&out.stdout).unwrap();
    let jerome = &people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == "1235")
        .unwrap();
    assert_eq!(jerome["first_name"], "Jérôme");
    assert_eq!(jerome["last_name"], "Cœur");
    assert_eq!(jerome["title"], "Direction");
    assert_eq!(jerome["emails"]["work"], "jc@monecole.com");
    assert_eq!(jerome["classes"], serde_json::json!(["fra02", "hist02"]));
    assert_eq!(jerome["birth_date"], Value::Null);
    assert_eq!(jerome["school_year"], "2025-2026");
    assert_eq!(jerome["active"], true);
    for key in [
        "kind",
        "number",
        "school",
        "first_name",
        "last_name",
        "sex",
        "birth_date",
        "grade",
        "group",
        "emails",
        "classes",
        "clubs",
        "title",
        "school_year",
        "active",
    ] {
        assert!(jerome.get(key).is_some(), "{key}");
    }
}

#[tokio::test]
async fn the_drop_folder_imports_good_files_and_sets_bad_ones_aside() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "eleve/eleves.csv", STUDENTS.as_bytes());
    let bad = write(
        dir.path(),
        "membre/personnel.csv",
        b"Staff_ID,School_ID,Nom\n1,032,X\n",
    );
    // Files must have settled before they are taken.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for f in [&good, &bad] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let fresh = write(dir.path(), "eleve/still-writing.csv", STUDENTS.as_bytes());
    let out = intendant(
        &db,
        &[
            "import",
            "drop",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a refused file makes the run fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes: Vec<(&str, &str)> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("student", "done"),
            ("student", "waiting"),
            ("staff", "failed")
        ]
    );
    assert!(!good.exists() && !bad.exists() && fresh.exists());
    let done: Vec<_> = std::fs::read_dir(dir.path().join("done"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(done.len(), 2, "{done:?}");
    assert!(
        done.iter().any(|n| n.ends_with("eleves.csv"))
            && done.iter().any(|n| n.ends_with("eleves.report.json"))
    );
    let failed: Vec<_> = std::fs::read_dir(dir.path().join("failed"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let report = failed
        .iter()
        .find(|p| p.to_string_lossy().ends_with(".report.json"))
        .unwrap();
    assert!(
        std::fs::read_to_string(report)
            .unwrap()
            .contains("required column"),
        "the report says why"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM person").await, 3);
}

#[tokio::test]
async fn the_date_order_setting_decides_when_no_value_does() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let text = "school_id,fiche,classe,prenom,nom,sexe,ddn\n032,1,5,Ana,Bo,F,4/5/2001\n";
    let file = write(dir.path(), "e.csv", text.as_bytes());
    let client = db.client().await;
    let err = client
        .execute(
            "UPDATE setting SET value = 'ymd' WHERE name = 'import.date_order'",
            &[],
        )
        .await
        .unwrap_err();
    assert!(
        common::server_message(&err).contains("neither dmy nor mdy"),
        "{err}"
    );
    client
        .execute(
            "UPDATE setting SET value = 'mdy' WHERE name = 'import.date_order'",
            &[],
        )
        .await
        .unwrap();
    let (_, r) = import_json(&db, "students", &file, &["--dry-run"]);
    assert_eq!(
        (r["date_order"].as_str(), r["date_order_source"].as_str()),
        (Some("mdy"), Some("option"))
    );
    let (_, r) = import_json(&db, "students", &file, &["--date-order", "dmy"]);
    assert_eq!(r["date_order"], "dmy", "the option wins over the setting");
    let born: String = client
        .query_one("SELECT birth_date::text FROM person", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(born, "2001-05-04");
}

#[tokio::test]
async fn a_run_cancelled_midway_leaves_nothing() {
    use intendant::import::run::{run, ImportOptions};
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("school_id,fiche,classe,prenom,nom,sexe,ddn\n");
    for i in 0..60_000 {
        text.push_str(&format!(
            "{:03},{i},5,Prénom{i},Nom{i},F,2001-05-04\n",
            i % 30
        ));
    }
    let file = write(dir.path(), "big.csv", text.as_bytes());
    let options = ImportOptions::new(
        intendant::import::model::fields::Kind::Student,
        chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
    );
    let database = db.database();
    let (started, mut seen) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let progress: intendant::import::run::Progress = std::sync::Arc::new(move |done, _| {
            let _ = started.send(done);
        });
        run(&database, &file, &options, progress).await
    });
    // Cancel as soon as rows are being staged, the way the wizard's Esc does.
    seen.recv().await.expect("the run started");
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(count(&db, "SELECT count(*) FROM person").await, 0);
    assert_eq!(count(&db, "SELECT count(*) FROM import_run").await, 0);
}

#[tokio::test]
async fn only_those_who_manage_users_import_and_read_people() {
    use intendant::config::TlsMode;
    use intendant::db::{ConnectSettings, Database};
    use intendant::import::run::{run, ImportError, ImportOptions};
    let db = fresh_db().await;
    let manager = db.role("manager").await;
    let user = db.role("user").await;
    let admin = db.client().await;
    admin
        .execute(
            "INSERT INTO app_user (login, status) VALUES ($1, 'user_manager'), ($2, 'user')",
            &[&manager.name, &user.name],
        )
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "eleves.csv", STUDENTS.as_bytes());
    let options = ImportOptions::new(
        intendant::import::model::fields::Kind::Student,
        chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
    );
    let as_role = |url: &str| {
        let config = url.parse().unwrap();
        Database::new(&ConnectSettings {
            config,
            tls: TlsMode::Disable,
            root_cert: None,
        })
        .unwrap()
    };
    let quiet: intendant::import::run::Progress = std::sync::Arc::new(|_, _| {});
    let report = run(&as_role(&manager.url), &file, &options, quiet.clone())
        .await
        .expect("a user manager imports");
    assert_eq!(report.added, 3);
    let by: String = admin
        .query_one("SELECT run_by FROM import_run", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(by, manager.name);
    let history_by: String = admin
        .query_one(
            "SELECT DISTINCT changed_by FROM change_history WHERE table_name = 'person'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(history_by, manager.name);

    let err = run(&as_role(&user.url), &file, &options, quiet)
        .await
        .unwrap_err();
    assert!(matches!(err, ImportError::Db(_)), "{err}");
    let as_user = common::connect(&user.url).await;
    let visible: i64 = as_user
        .query_one("SELECT count(*) FROM person", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(visible, 0, "people's data is hidden from plain users");
    assert_eq!(
        count(&db, "SELECT count(*) FROM import_run").await,
        1,
        "the refused run left nothing"
    );
    // The command line says so before it reads the file (which need not even exist).
    let out = Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args([
            "--database-url",
            &user.url,
            "import",
            "students",
            "/nonexistent.csv",
        ])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("may not import people: administrators and user managers only"),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args([
            "--database-url",
            &user.url,
            "import",
            "ldif",
            "/nonexistent.ldif",
        ])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
}

/// 200 students of school 032, the header first.
fn school_032() -> Vec<String> {
    let mut rows = vec!["school_id;fiche;classe;prenom;nom;sexe;ddn".to_owned()];
    rows.extend((1..=200).map(|i| format!("032;{i};5;Prenom{i};Nom{i};F;2001-05-04")));
    rows
}

async fn active(db: &TestDb) -> i64 {
    count(db, "SELECT count(*) FROM person WHERE active").await
}

#[tokio::test]
async fn a_broken_export_never_deactivates_a_school() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let rows = school_032();
    let full = write(dir.path(), "full.csv", (rows.join("\n") + "\n").as_bytes());
    let (code, _) = import_json(&db, "students", &full, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(active(&db).await, 200);
    let runs = count(&db, "SELECT count(*) FROM import_run").await;

    // A stray quote on line 5 would swallow the rest of the file into one value.
    let mut stray = rows.clone();
    stray[4] = "032;4;5;\"Prenom4;Nom4;F;2001-05-04".into();
    let stray = write(
        dir.path(),
        "stray.csv",
        (stray.join("\n") + "\n").as_bytes(),
    );
    let out = intendant(&db, &["import", "students", stray.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("stray.csv: line 5: a quote opens a field and is never closed"),
        "{err}"
    );

    // A truncated export: 51 of the school's 200 would go.
    let cut = write(
        dir.path(),
        "cut.csv",
        (rows[..150].join("\n") + "\n").as_bytes(),
    );
    let out = intendant(&db, &["import", "students", cut.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("51 of 200") && err.contains("NOM150 Prenom150 (150)"),
        "{err}"
    );
    assert!(err.contains("--allow-deactivation 51"), "{err}");

    // Mostly rejected rows refuse even a single deactivation.
    let mut broken: Vec<String> = rows[..2].to_vec();
    broken.extend((2..=199).map(|i| format!("032;{i};5;Prenom{i};Nom{i};Q;2001-05-04")));
    let broken = write(
        dir.path(),
        "broken.csv",
        (broken.join("\n") + "\n").as_bytes(),
    );
    let out = intendant(&db, &["import", "students", broken.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("more rows were rejected than accepted"),
        "{err}"
    );

    assert_eq!(active(&db).await, 200, "nobody was deactivated");
    assert_eq!(
        count(&db, "SELECT count(*) FROM import_run").await,
        runs,
        "no run recorded"
    );

    // Told, it goes through.
    let (code, r) = import_json(&db, "students", &cut, &["--allow-deactivation", "51"]);
    assert_eq!(code, Some(0));
    assert_eq!(r["deactivated"].as_u64(), Some(51));
    assert_eq!(active(&db).await, 149);
    // The share is a setting.
    db.client()
        .await
        .batch_execute("UPDATE setting SET value = '30' WHERE name = 'import.max_deactivation'")
        .await
        .unwrap();
    let (code, _) = import_json(&db, "students", &full, &[]);
    assert_eq!(code, Some(0));
    let fewer = write(
        dir.path(),
        "fewer.csv",
        (rows[..151].join("\n") + "\n").as_bytes(),
    );
    let (code, r) = import_json(&db, "students", &fewer, &[]);
    assert_eq!((code, r["deactivated"].as_u64()), (Some(0), Some(50)));
    assert!(db
        .client()
        .await
        .batch_execute("UPDATE setting SET value = '250' WHERE name = 'import.max_deactivation'")
        .await
        .is_err());
}

#[tokio::test]
async fn a_corrupted_export_in_the_drop_folder_lands_in_failed_and_deactivates_nobody() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let rows = school_032();
    let first = write(dir.path(), "first.csv", (rows.join("\n") + "\n").as_bytes());
    import_json(&db, "students", &first, &[]);
    let mut stray = rows.clone();
    stray[3] = "032;3;5;\"Prenom3;Nom3;F;2001-05-04".into();
    let dropped = write(
        dir.path(),
        "eleve/export.csv",
        (stray.join("\n") + "\n").as_bytes(),
    );
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&dropped)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = intendant(&db, &["import", "drop", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let report = std::fs::read_dir(dir.path().join("failed"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".report.json"))
        .expect("a report in failed/");
    let report = std::fs::read_to_string(report).unwrap();
    assert!(report.contains("line 4: a quote opens a field"), "{report}");
    assert_eq!(active(&db).await, 200);
}

#[tokio::test]
async fn utf16_excel_sep_and_a_lying_mark_are_read_and_said() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let text = "sep=;\r\nschool_id;fiche;classe;prenom;nom;sexe;ddn\r\n032;1;5;Zoë;Lefèvre;F;2001-05-04\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let file = write(dir.path(), "excel.csv", &utf16);
    let (code, r) = import_json(&db, "students", &file, &[]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(
        (r["encoding"].as_str(), r["added"].as_u64()),
        (Some("utf-16le"), Some(1))
    );
    let name: String = db
        .client()
        .await
        .query_one("SELECT last_name FROM person", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(name, "Lefèvre");
    let lying = write(
        dir.path(),
        "lying.csv",
        b"\xEF\xBB\xBFschool_id;fiche;classe;prenom;nom;sexe;ddn\n033;2;5;L\xE9a;Bo;F;2001-05-04\n",
    );
    let out = intendant(&db, &["import", "students", lying.to_str().unwrap()]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("starts with a UTF-8 mark but is not UTF-8"),
        "{summary}"
    );
    assert!(summary.contains("windows-1252"), "{summary}");
}

/// A French school's export is read by its own header names; a column no list knows is mapped
/// by hand, saved under a name, and used again by that name.
#[tokio::test]
async fn french_headers_and_mappings_by_hand() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let french = write(
        dir.path(),
        "export.csv",
        "Établissement;N° élève;Nom;Prénom;Date de naissance;Classe;Sexe\n032;77;Martin;Léa;01/07/2009;10;F\n".as_bytes(),
    );
    let (code, r) = import_json(&db, "students", &french, &[]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["added"].as_u64(), Some(1));
    let odd = write(
        dir.path(),
        "odd.csv",
        "Site;Matricule élève;Nom;Prénom;Niv;Sexe\n033;88;Petit;Jo;9;M\n".as_bytes(),
    );
    let out = intendant(&db, &["import", "students", odd.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "school, number and grade are unknown"
    );
    let out = intendant(
        &db,
        &[
            "import",
            "students",
            odd.to_str().unwrap(),
            "--map",
            "Matricule élève=nope",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("“nope” is not a field"), "{err}");
    let (code, r) = import_json(
        &db,
        "students",
        &odd,
        &[
            "--map",
            "Site=school",
            "--map",
            "Matricule élève=number",
            "--map",
            "Niv=grade",
            "--save-mapping",
            "lycee-b",
        ],
    );
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["added"].as_u64(), Some(1));
    let (code, r) = import_json(&db, "students", &odd, &["--mapping", "lycee-b"]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["unchanged"].as_u64(), Some(1));
    let out = intendant(
        &db,
        &[
            "import",
            "students",
            odd.to_str().unwrap(),
            "--mapping",
            "none-such",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
