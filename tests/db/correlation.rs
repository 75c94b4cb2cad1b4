//! Correlation against PostgreSQL through the binary: LDIF import, the cascade, the lists,
//! decisions, forget, and the apply's two files.

use crate::common;

use common::bin::{intendant, stderr, stdout};
use common::{fresh_db, TestDb};
use serde_json::Value;

const LDIF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ldif/lycee.ldif"
);

fn run(db: &TestDb, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["--database-url", &db.url];
    all.extend_from_slice(args);
    let out = intendant(&all).output().unwrap();
    let text = stdout(&out);
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, stderr(&out))
}

/// `correlate apply --out DIR`, which must succeed: its JSON.
fn apply(db: &TestDb, out_dir: &std::path::Path) -> Value {
    let (code, applied, err) = run(
        db,
        &[
            "correlate",
            "apply",
            "--out",
            out_dir.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    applied
}

/// Official people: Léa Martin E001, Noé Lefèvre-Roy, Zoé Bernard (same birth date, other
/// number), Jean Dupont P100, a new student, and two homonyms nobody may take.
async fn people(db: &TestDb) {
    db.client()
        .await
        .batch_execute(
            "INSERT INTO person (kind, school, number, first_name, last_name, sex, birth_date, grade, school_year, student_email)
             VALUES ('student', '001', 'E001', 'Léa', 'Martin', 'F', '2009-07-01', '10', '2026-2027', NULL),
                    ('student', '001', 'E002', 'Noé', 'Lefèvre-Roy', 'M', NULL, '10', '2026-2027', NULL),
                    ('student', '001', 'E003', 'Zoé', 'Bernard', 'F', '2010-03-02', '11', '2026-2027', NULL),
                    ('student', '001', 'E004', 'Nina', 'Nouvelle', 'F', '2011-05-05', '9', '2026-2027', 'nina@example.org'),
                    ('student', '001', 'E005', 'Paul', 'Parti', 'M', NULL, '9', '2026-2027', NULL),
                    ('student', '002', 'E006', 'Paul', 'Parti', 'M', NULL, '9', '2026-2027', NULL);
             INSERT INTO person (kind, school, number, first_name, last_name, email, title, school_year)
             VALUES ('staff', '001', 'P100', 'Jean', 'Dupont', 'jean.dupont@example.org', 'Enseignant', '2026-2027');",
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn import_run_decide_forget_and_apply() {
    let db = fresh_db().await;
    people(&db).await;
    let (code, out, err) = run(&db, &["import", "ldif", LDIF, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out["import"]["entries"], 10);
    assert_eq!(out["import"]["accounts"], 8);
    assert_eq!(out["import"]["machines"], 1);
    assert_eq!(out["import"]["domain_admins"], 1);
    // The import ran the cascade: Léa by number+name, Jean by number+name, Noé by name, Zoé by
    // name+birth date; Paul Parti has two homonyms on the right: no link.
    let by_rule = &out["cascade"]["by_rule"];
    assert_eq!(by_rule["number_name"], 2, "{out}");
    assert_eq!(by_rule["name_birthdate"], 1, "{out}");
    assert_eq!(by_rule["name"], 1, "{out}");
    assert_eq!(by_rule["number"], 0, "{out}");

    let (code, again, _) = run(&db, &["correlate", "run", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        again["by_rule"], out["cascade"]["by_rule"],
        "re-running changes nothing"
    );
    let history: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM change_history WHERE table_name = 'correlation_link'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(history, 4, "no link was rewritten by the second run");

    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    let pairs = list["pairs"].as_array().unwrap();
    assert!(pairs
        .iter()
        .any(|p| p["account"] == "lmartin" && p["person"] == "E001" && p["rule"] == "number_name"));
    let left: Vec<&str> = list["left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["account"].as_str().unwrap())
        .collect();
    assert_eq!(
        left,
        ["admin", "ancien", "examen01"],
        "machines never listed"
    );
    let right: Vec<&str> = list["right"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person"].as_str().unwrap())
        .collect();
    assert_eq!(right, ["E004", "E005", "E006"]);

    // Manual decisions.
    let (code, _, err) = run(&db, &["correlate", "link", "ancien", "001/E005"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&db, &["correlate", "link", "ancien", "E00X"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&db, &["correlate", "link", "pc01$", "E006"]);
    assert_eq!(code, 2, "machines are never touched: {err}");
    run(&db, &["correlate", "keep-always", "examen01"]);
    let (code, _, err) = run(&db, &["correlate", "delete", "admin"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("admin is a domain admin: never archived"),
        "{err}"
    );
    let (code, _, err) = run(&db, &["correlate", "delete", "ancien"]);
    assert_eq!(code, 2);
    assert!(err.contains("ancien is linked to a person"), "{err}");
    let (_, again, _) = run(&db, &["correlate", "run", "--format", "json"]);
    assert_eq!(again["manual"], 1, "the manual link stays: {again}");
    let (_, list, _) = run(
        &db,
        &["correlate", "list", "--remaining", "--format", "json"],
    );
    assert_eq!(list["pairs"], Value::Array(vec![]));
    let decisions: Vec<(String, Value)> = list["left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["account"].as_str().unwrap().to_owned(),
                l["decision"].clone(),
            )
        })
        .collect();
    assert!(
        decisions.contains(&("examen01".into(), Value::from("keep_always"))),
        "{decisions:?}"
    );

    // Apply: dry run writes nothing; then the backup and the change set.
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("apply");
    let (code, dry, _) = run(
        &db,
        &[
            "correlate",
            "apply",
            "--out",
            out_dir.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    assert!(!out_dir.exists(), "a dry run writes nothing");
    assert_eq!(
        (dry["create"].as_u64(), dry["archive"].as_u64()),
        (Some(2), Some(0)),
        "{dry}"
    );
    let applied = apply(&db, &out_dir);
    let backup = std::fs::read_to_string(applied["backup"].as_str().unwrap()).unwrap();
    let entries = intendant::correlation::model::ldif::parse(&backup).unwrap();
    assert_eq!(
        entries.len(),
        10,
        "the backup holds every entry of the snapshot"
    );
    let changes = std::fs::read_to_string(applied["changes"].as_str().unwrap()).unwrap();
    assert!(
        changes.contains(
            "dn: uid=nina.nouvelle,ou=eleves,ou=people,dc=lycee,dc=fr\nchangetype: add\n"
        ),
        "{changes}"
    );
    assert!(changes.contains("mail: nina@example.org"));
    assert!(changes.contains("dn: uid=nlefevre,ou=eleves,ou=people,dc=lycee,dc=fr\nchangetype: modify\nreplace: employeeNumber\nemployeeNumber: E002\n"), "{changes}");
    for never in ["pc01$", "uid=admin", "examen01"] {
        assert!(!changes.contains(never), "{never} in\n{changes}");
    }
    assert_eq!(applied["archive"], 0, "a domain admin is never archived");
    let recorded: i64 = db
        .client()
        .await
        .query_one("SELECT count(*) FROM correlation_apply", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(recorded, 1);

    // Forget: decisions are asked again, links stay.
    let (_, forgotten, _) = run(&db, &["correlate", "forget", "--format", "json"]);
    assert_eq!(forgotten["forgotten"], 1);
    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    assert!(list["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["account"] == "ancien" && p["rule"] == "manual"));
}

#[tokio::test]
async fn bad_ldif_names_its_line_and_writes_nothing() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ldif");
    std::fs::write(&bad, "dn: uid=a,dc=x\nuid: a\nsn:: not base64 at all\n").unwrap();
    let (code, _, err) = run(&db, &["import", "ldif", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.ldif: line 3: sn: invalid base64"),
        "{err}"
    );
    let runs: i64 = db
        .client()
        .await
        .query_one("SELECT count(*) FROM directory_run", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(runs, 0);
    let (code, _, err) = run(
        &db,
        &["correlate", "apply", "--out", dir.path().to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("import the directory first"), "{err}");
}

/// Without `--format json` the commands print sentences, as every other command does.
#[tokio::test]
async fn the_commands_print_text_by_default() {
    let db = fresh_db().await;
    people(&db).await;
    let out = intendant(&["--database-url", &db.url, "import", "ldif", LDIF])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!text.trim_start().starts_with('{'), "{text}");
    assert!(
        text.contains("directory snapshot: 10 entries, 8 accounts"),
        "{text}"
    );
    assert!(text.contains("still to decide:"), "{text}");
    let out = intendant(&["--database-url", &db.url, "correlate", "list"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("pairs (") && text.contains("people without an account ("),
        "{text}"
    );
    assert!(
        text.contains("(manual)") || text.contains("(number_name)"),
        "{text}"
    );
}

const AD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ldif/active-directory.ldif"
);

/// The byte values of an entry, by attribute.
fn binary_values(
    entries: &[intendant::correlation::model::ldif::Entry],
) -> Vec<(String, String, Vec<u8>)> {
    use intendant::correlation::model::ldif::AttrValue;
    let mut out = Vec::new();
    for e in entries {
        for (name, values) in &e.attrs {
            for v in values {
                if let AttrValue::Binary(b) = v {
                    out.push((e.dn.clone(), name.clone(), b.clone()));
                }
            }
        }
    }
    out.sort();
    out
}

/// An Active Directory export (objectGUID, objectSid, jpegPhoto as bytes) imports, and the
/// apply's backup gives those bytes back exactly.
#[tokio::test]
async fn an_active_directory_export_keeps_its_bytes_through_the_backup() {
    let db = fresh_db().await;
    people(&db).await;
    let (code, out, err) = run(&db, &["import", "ldif", AD, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out["import"]["accounts"], 2, "{out}");
    let original =
        intendant::correlation::model::ldif::parse(&std::fs::read_to_string(AD).unwrap()).unwrap();
    let expected = binary_values(&original);
    assert_eq!(expected.len(), 5, "three bytes values and two more");
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("apply");
    let applied = apply(&db, &out_dir);
    let backup = std::fs::read_to_string(applied["backup"].as_str().unwrap()).unwrap();
    let back = intendant::correlation::model::ldif::parse(&backup).unwrap();
    assert_eq!(binary_values(&back), expected, "byte for byte");
}

/// What is not a snapshot is refused before anything is stored: a change file, an empty file,
/// a login on two entries. A value by URL is skipped with a warning.
#[tokio::test]
async fn what_is_not_a_snapshot_is_refused_and_nothing_is_stored() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let runs = |db: &TestDb| {
        let url = db.url.clone();
        async move {
            common::connect(&url)
                .await
                .query_one("SELECT count(*) FROM directory_run", &[])
                .await
                .unwrap()
                .get::<_, i64>(0)
        }
    };
    let changes = file(
        "changes.ldif",
        "dn: uid=a,ou=people,dc=x\nchangetype: modify\nadd: uid\nuid: injected\n",
    );
    let (code, _, err) = run(&db, &["import", "ldif", &changes]);
    assert_eq!(code, 2);
    assert!(
        err.contains("changes.ldif: line 2: a change record")
            && err.contains("not a directory snapshot"),
        "{err}"
    );
    let empty = file("empty.ldif", "# nothing\n");
    let (code, _, err) = run(&db, &["import", "ldif", &empty]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not one account") && err.contains("--allow-empty"),
        "{err}"
    );
    let twice = file(
        "twice.ldif",
        "dn: uid=jo,ou=a,dc=x\nuid: jo\nsn: A\n\ndn: cn=Jo B,ou=b,dc=x\nuid: jo\nsn: B\n",
    );
    let (code, _, err) = run(&db, &["import", "ldif", &twice]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the login jo is on two entries, uid=jo,ou=a,dc=x (line 1) and cn=Jo B,ou=b,dc=x (line 5)"),
        "{err}"
    );
    assert_eq!(runs(&db).await, 0, "nothing stored");
    let (code, _, _) = run(&db, &["correlate", "run"]);
    assert_eq!(code, 0, "the correlation still runs");
    let url = file(
        "url.ldif",
        "dn: uid=jo,ou=a,dc=x\nuid: jo\njpegPhoto:< file:///etc/passwd\nsn: A\n",
    );
    let (code, _, err) = run(&db, &["import", "ldif", &url]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("url.ldif: line 3: jpegphoto: a value given by URL"),
        "{err}"
    );
    let (code, _, err) = run(&db, &["import", "ldif", &empty, "--allow-empty"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(runs(&db).await, 2);
}

/// An account kept for good still takes part in the matching: when its person appears in the
/// official lists it is linked, and the apply creates no second account for them.
#[tokio::test]
async fn a_kept_account_is_linked_when_its_person_appears() {
    let db = fresh_db().await;
    let (code, _, err) = run(&db, &["import", "ldif", LDIF]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&db, &["correlate", "keep-always", "jdupont"]);
    assert_eq!(code, 0, "{err}");
    people(&db).await;
    let (code, _, _) = run(&db, &["correlate", "run"]);
    assert_eq!(code, 0);
    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    let pairs = list["pairs"].as_array().unwrap();
    assert!(
        pairs
            .iter()
            .any(|p| p["account"] == "jdupont" && p["person"] == "P100"),
        "{list}"
    );
    let dir = tempfile::tempdir().unwrap();
    let applied = apply(&db, dir.path());
    let changes = std::fs::read_to_string(applied["changes"].as_str().unwrap()).unwrap();
    assert!(!changes.contains("uid=jean.dupont"), "{changes}");
}

/// After an apply, the decisions it carried out are closed: an archived account does not come
/// back (nor is it archived again), a kept one is put in `pas_de_classe` and asked about again.
#[tokio::test]
async fn an_apply_closes_what_it_carried_out() {
    let db = fresh_db().await;
    people(&db).await;
    run(&db, &["import", "ldif", LDIF]);
    let (code, _, err) = run(&db, &["correlate", "delete", "ancien"]);
    assert_eq!(code, 0, "{err}");
    run(&db, &["correlate", "keep", "examen01"]);
    let dir = tempfile::tempdir().unwrap();
    let applied = apply(&db, dir.path());
    let changes = std::fs::read_to_string(applied["changes"].as_str().unwrap()).unwrap();
    assert!(
        changes.contains("dn: uid=ancien,ou=eleves,ou=people,dc=lycee,dc=fr\nchangetype: modrdn\n"),
        "{changes}"
    );
    assert!(
        changes.contains("dn: uid=examen01,ou=people,dc=lycee,dc=fr\nchangetype: modify\nreplace: Divcod\nDivcod: pas_de_classe\n"),
        "{changes}"
    );
    let decisions: i64 = db
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM correlation_decision WHERE login IN ('ancien', 'examen01')",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(decisions, 0, "both decisions are closed");
    // The directory after the change set: ancien under the archive OU.
    let after = std::fs::read_to_string(LDIF).unwrap().replace(
        "dn: uid=ancien,ou=eleves,ou=people,dc=lycee,dc=fr",
        "dn: uid=ancien,ou=archives,dc=lycee,dc=fr",
    );
    let next = dir.path().join("after.ldif");
    std::fs::write(&next, after).unwrap();
    let (code, _, err) = run(&db, &["import", "ldif", next.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    let left: Vec<&str> = list["left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["account"].as_str().unwrap())
        .collect();
    assert!(!left.contains(&"ancien"), "archived: {left:?}");
    assert!(left.contains(&"examen01"), "asked about again: {left:?}");
    let again = apply(&db, dir.path());
    let changes = std::fs::read_to_string(again["changes"].as_str().unwrap()).unwrap();
    assert!(!changes.contains("uid=ancien"), "{changes}");
}

/// `correlation.ignore_leading_zeros` holds for every run, the one after an import included.
#[tokio::test]
async fn the_leading_zeros_setting_holds_for_every_run() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let ldif = dir.path().join("zeros.ldif");
    std::fs::write(
        &ldif,
        "dn: uid=zed,ou=eleves,dc=x\nuid: zed\nsn: Zed\ngivenName: Al\nemployeeNumber: 42\n",
    )
    .unwrap();
    db.client()
        .await
        .batch_execute(
            "UPDATE setting SET value = 'true' WHERE name = 'correlation.ignore_leading_zeros';
             INSERT INTO person (kind, school, number, first_name, last_name, sex, grade, school_year)
             VALUES ('student', '001', '00042', 'Al', 'Zedd', 'M', '9', '2026-2027');",
        )
        .await
        .unwrap();
    let (code, out, err) = run(
        &db,
        &["import", "ldif", ldif.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out["cascade"]["by_rule"]["number"], 1, "{out}");
    let (_, again, _) = run(&db, &["correlate", "run", "--format", "json"]);
    assert_eq!(again["by_rule"]["number"], 1, "{again}");
    assert!(db
        .client()
        .await
        .batch_execute(
            "UPDATE setting SET value = 'yes' WHERE name = 'correlation.ignore_leading_zeros'"
        )
        .await
        .is_err());
}

/// A manual link to a person who left the official lists shows the account again, saying so,
/// and the cascade leaves it for the administrator.
#[tokio::test]
async fn a_link_to_a_person_no_longer_listed_comes_back_for_a_decision() {
    let db = fresh_db().await;
    people(&db).await;
    run(&db, &["import", "ldif", LDIF]);
    let (code, _, err) = run(&db, &["correlate", "link", "ancien", "001/E005"]);
    assert_eq!(code, 0, "{err}");
    db.client()
        .await
        .batch_execute("UPDATE person SET active = false WHERE number = 'E005'")
        .await
        .unwrap();
    let (code, _, err) = run(&db, &["correlate", "run"]);
    assert_eq!(code, 0, "{err}");
    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    let ancien = list["left"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["account"] == "ancien")
        .unwrap_or_else(|| panic!("the account is shown again: {list}"));
    assert_eq!(ancien["linked_to_person_no_longer_listed"], "E005");
    let (code, _, err) = run(&db, &["correlate", "delete", "ancien"]);
    assert_eq!(code, 0, "the administrator decides: {err}");
}

/// Local accounts (exam, generic) declared by their file: matched by themselves, shown with
/// their own tag, never offered for archiving; a broken file names its lines.
#[tokio::test]
async fn local_accounts_are_matched_by_their_file_and_never_archived() {
    let db = fresh_db().await;
    people(&db).await;
    run(&db, &["import", "ldif", LDIF]);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "login;category\nexamen01;Q\n").unwrap();
    let (code, _, err) = run(&db, &["import", "local", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.csv: line 2: category “Q”: E, P or Z"),
        "{err}"
    );
    let file = dir.path().join("locaux.csv");
    std::fs::write(
        &file,
        "identifiant;nom;prénom;catégorie;commentaire\nexamen01;Examen;Compte;Z;salle d'examen\n",
    )
    .unwrap();
    let (code, out, err) = run(
        &db,
        &[
            "import",
            "local",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out["local"], 1, "{out}");
    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    assert_eq!(list["local"], serde_json::json!(["examen01"]));
    assert!(!list["left"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["account"] == "examen01"));
    let (code, _, err) = run(&db, &["correlate", "delete", "examen01"]);
    assert_eq!(code, 2);
    assert!(err.contains("examen01 is a local account"), "{err}");
    let (_, dry, _) = run(
        &db,
        &[
            "correlate",
            "apply",
            "--out",
            dir.path().join("a").to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert!(
        !dry["undecided"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u == "examen01"),
        "{dry}"
    );
}

/// Through the binary: a kind prefix tells a student from a staff member of one number; an
/// account whose only admin sign is its own `memberOf` is a domain admin; names alone never
/// join a student account to a staff person; an `o=` directory archives under its own base;
/// new accounts go to the OU the config file names for their category.
#[tokio::test]
async fn the_finer_rules_through_the_binary() {
    let db = fresh_db().await;
    db.client()
        .await
        .batch_execute(
            "INSERT INTO person (kind, school, number, first_name, last_name, sex, grade, school_year, birth_date)
             VALUES ('student', '001', '77', 'Ana', 'Bo', 'F', '9', '2026-2027', NULL),
                    ('student', '001', '90', 'Nouvel', 'Eleve', 'M', '9', '2026-2027', NULL);
             INSERT INTO person (kind, school, number, first_name, last_name, email, title, school_year)
             VALUES ('staff', '001', '77', 'Cy', 'Do', 'cy@example.org', 'Enseignant', '2026-2027'),
                    ('staff', '001', '78', 'Jo', 'Petit', 'jo@example.org', 'Enseignant', '2026-2027');",
        )
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ldif = dir.path().join("o.ldif");
    std::fs::write(
        &ldif,
        "dn: o=lycee,c=fr\no: lycee\n\n\
         dn: uid=ana,ou=eleves,o=lycee,c=fr\nuid: ana\nsn: Bo\ngivenName: Ana\n\n\
         dn: uid=jpetit,ou=eleves,o=lycee,c=fr\nuid: jpetit\nsn: Petit\ngivenName: Jo\n\n\
         dn: uid=old,ou=eleves,o=lycee,c=fr\nuid: old\nsn: Old\ngivenName: One\n\n\
         dn: uid=adm,ou=admins,o=lycee,c=fr\nuid: adm\nsn: Adm\nmemberOf: cn=Domain Admins,ou=groups,o=lycee,c=fr\n",
    )
    .unwrap();
    let (code, _, err) = run(&db, &["import", "ldif", ldif.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // The number 77 is a student's and a staff member's: the kind must be said.
    let (code, _, err) = run(&db, &["correlate", "link", "ana", "001/77"]);
    assert_eq!(code, 2);
    assert!(err.contains("E:SCHOOL/NUMBER"), "{err}");
    let (code, _, err) = run(&db, &["correlate", "link", "ana", "E:001/77"]);
    assert_eq!(code, 0, "{err}");
    let (_, list, _) = run(&db, &["correlate", "list", "--format", "json"]);
    let left = list["left"].as_array().unwrap();
    let adm = left.iter().find(|l| l["account"] == "adm").unwrap();
    assert_eq!(adm["domain_admin"], true, "memberOf Domain Admins: {list}");
    assert!(
        left.iter().any(|l| l["account"] == "jpetit"),
        "a student account is not joined by name to a teacher: {list}"
    );
    // The config names the OU of new students; the archive goes under o=lycee,c=fr.
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("intendant")).unwrap();
    std::fs::write(
        config.join("intendant/config.toml"),
        "[correlation]\nou.E = \"ou=nouveaux\"\n",
    )
    .unwrap();
    run(&db, &["correlate", "delete", "old"]);
    let out_dir = dir.path().join("apply");
    let out = intendant(&[
        "--database-url",
        &db.url,
        "correlate",
        "apply",
        "--out",
        out_dir.to_str().unwrap(),
        "--format",
        "json",
    ])
    .env("XDG_CONFIG_HOME", &config)
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let applied: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(applied["ous"]["E"], "ou=nouveaux,o=lycee,c=fr", "{applied}");
    let changes = std::fs::read_to_string(applied["changes"].as_str().unwrap()).unwrap();
    assert!(
        changes.contains("dn: uid=nouvel.eleve,ou=nouveaux,o=lycee,c=fr\n"),
        "{changes}"
    );
    assert!(
        changes.contains("newsuperior: ou=archives,o=lycee,c=fr\n"),
        "{changes}"
    );
}
