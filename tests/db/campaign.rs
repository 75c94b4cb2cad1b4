//! Certificate campaigns, the data's rights, as real login roles: a user acts only on the
//! faculties she holds a right for — she makes and reads their campaigns and candidates, not
//! another faculty's; without any right she reads nothing of the students; only administrators
//! write the extracts.

use crate::common::{connect, fresh_db, server_message};

#[tokio::test]
async fn a_user_acts_only_on_the_faculties_she_holds_a_right_for() {
    let db = fresh_db().await;
    let (sci, none) = (db.role("camp_sci").await, db.role("camp_none").await);
    let owner = db.client().await;
    owner
        .batch_execute(&format!(
            "INSERT INTO app_user (login, display_name) VALUES ('{sci}', 'Sci'), ('{none}', 'None');
             INSERT INTO campaign_year (code, label) VALUES (2026, '2026-2027');
             INSERT INTO faculty (code, label) VALUES ('SCI', 'Sciences'), ('LET', 'Lettres');
             INSERT INTO diploma (code, version, faculty, nature, terminal, habilitation_end, web_label)
             VALUES ('LIC-INFO', 1, 'SCI', '1', true, 2027, 'Licence Informatique'),
                    ('LIC-HIST', 1, 'LET', '1', true, 2027, 'Licence Histoire');
             INSERT INTO diploma_step (code, version, diploma_code, diploma_version, granting)
             VALUES ('L3-INFO', 1, 'LIC-INFO', 1, true);
             INSERT INTO student (code, first_name1, last_name, birth_date, email)
             VALUES ('21000001', 'Élodie', 'Cœur', '2004-02-29', 'elodie@etu.example');
             INSERT INTO faculty_right (login, faculty) VALUES ('{sci}', 'SCI');",
            sci = sci.name,
            none = none.name
        ))
        .await
        .unwrap();
    let a = connect(&sci.url).await;
    let made: i64 = a
        .query_one(
            "INSERT INTO campaign (year, faculty, diploma_code, diploma_version) VALUES (2026, 'SCI', 'LIC-INFO', 1) RETURNING id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    a.batch_execute(&format!(
        "INSERT INTO candidate (campaign_id, student, step_code, step_version) VALUES ({made}, '21000001', 'L3-INFO', 1)"
    ))
    .await
    .unwrap();
    let e = a
        .batch_execute("INSERT INTO campaign (year, faculty, diploma_code, diploma_version) VALUES (2026, 'LET', 'LIC-HIST', 1)")
        .await
        .expect_err("another faculty");
    assert!(
        server_message(&e).contains("row-level security"),
        "{}",
        server_message(&e)
    );
    // A campaign of Lettres, made by the owner: she does not see it, nor add to it.
    let other: i64 = owner
        .query_one(
            "INSERT INTO campaign (year, faculty, diploma_code, diploma_version) VALUES (2026, 'LET', 'LIC-HIST', 1) RETURNING id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let seen: Vec<i64> = a
        .query("SELECT id FROM campaign ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seen, vec![made]);
    assert!(a
        .batch_execute(&format!(
            "INSERT INTO candidate (campaign_id, student, step_code, step_version) VALUES ({other}, '21000001', 'L3-INFO', 1)"
        ))
        .await
        .is_err());
    assert_eq!(
        a.execute(
            &format!("UPDATE candidate SET state = 'sent' WHERE campaign_id = {other}"),
            &[]
        )
        .await
        .unwrap(),
        0
    );
    // She reads the extracts, writes none of them.
    let students: i64 = a
        .query_one("SELECT count(*) FROM student", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(students, 1);
    assert!(a
        .batch_execute("INSERT INTO faculty_right (login, faculty) SELECT session_user, 'LET'")
        .await
        .is_err());
    // Without any right: nothing at all.
    let b = connect(&none.url).await;
    for table in ["campaign", "candidate", "student", "result", "diploma"] {
        let n: i64 = b
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{table}");
    }
    assert!(b
        .batch_execute("INSERT INTO campaign (year, faculty, diploma_code, diploma_version) VALUES (2026, 'SCI', 'LIC-INFO', 1)")
        .await
        .is_err());
    // The signatory's image is a PNG, nothing else.
    let e = owner
        .batch_execute("INSERT INTO signatory (name, title, image) VALUES ('M. Président', 'Président', '\\x47494638'::bytea)")
        .await
        .expect_err("a GIF is not a PNG");
    assert!(
        server_message(&e).contains("signatory"),
        "{}",
        server_message(&e)
    );
}

use crate::common::bin::run_at as run;

/// A fresh database, a login made a user of it (the faculty's manager to be), and the owner's
/// connection.
async fn with_manager(
    role: &str,
) -> (
    crate::common::TestDb,
    crate::common::TestRole,
    tokio_postgres::Client,
) {
    let db = fresh_db().await;
    let user = db.role(role).await;
    let owner = db.client().await;
    owner
        .batch_execute(&format!(
            "INSERT INTO app_user (login, display_name) VALUES ('{}', 'Gestionnaire')",
            user.name
        ))
        .await
        .unwrap();
    (db, user, owner)
}

/// `campaign new` as `url`'s login, which must succeed: the campaign's id.
fn new_campaign(url: &str, faculty: &str, diploma: &str, test: bool) -> String {
    let mut args = vec![
        "campaign",
        "new",
        "--year",
        "2026",
        "--faculty",
        faculty,
        "--diploma",
        diploma,
    ];
    if test {
        args.push("--test");
    }
    let (code, out, err) = run(url, &args);
    assert_eq!(code, 0, "{err}");
    // "campaign N made"
    out.split_whitespace().nth(1).unwrap().to_owned()
}

#[tokio::test]
async fn a_run_decides_each_candidate_by_the_last_admission_result_and_the_blockings() {
    let db = fresh_db().await;
    let sci = db.role("camp_run").await;
    let owner = db.client().await;
    owner
        .batch_execute(&format!(
            "INSERT INTO app_user (login, display_name) VALUES ('{u}', 'Sci');
             INSERT INTO campaign_year (code) VALUES (2026);
             INSERT INTO campaign_year (code, open) VALUES (2020, false);
             INSERT INTO faculty (code, label) VALUES ('SCI', 'Sciences'), ('LET', 'Lettres');
             INSERT INTO diploma (code, version, faculty, nature, terminal, has_intermediate, habilitation_end, web_label)
             VALUES ('LIC-INFO', 1, 'SCI', '1', true, true, 2027, 'Licence Informatique'),
                    ('DU-X', 1, 'SCI', '9', true, false, 2027, 'DU sans diplôme'),
                    ('L2-INFO', 1, 'SCI', '1', false, true, 2027, 'L2 (intermédiaire)'),
                    ('LIC-HIST', 1, 'LET', '1', true, false, 2027, 'Licence Histoire');
             INSERT INTO diploma_step (code, version, diploma_code, diploma_version, granting)
             VALUES ('L3-INFO', 1, 'LIC-INFO', 1, true), ('L1-INFO', 1, 'LIC-INFO', 1, false);
             INSERT INTO student (code, last_name) SELECT s, 'Nom ' || s FROM unnest(ARRAY['A','B','C','D','E','F','G']) AS s;
             INSERT INTO enrolment (student, year, step_code, step_version)
             SELECT s, 2026, 'L3-INFO', 1 FROM unnest(ARRAY['A','B','C','D','E','F']) AS s;
             INSERT INTO enrolment VALUES ('G', 2026, 'L1-INFO', 1);
             INSERT INTO result (student, year, diploma_code, diploma_version, session, admission_code, favourable, delivery_allowed, mention, ects)
             VALUES ('A', 2026, 'LIC-INFO', 1, 0, 1, true, true, 'Bien', 180),
                    ('B', 2026, 'LIC-INFO', 1, 1, 1, false, false, NULL, NULL),
                    ('B', 2026, 'LIC-INFO', 1, 2, 1, true, true, 'Passable', 180),
                    ('C', 2026, 'LIC-INFO', 1, 1, 1, true, true, 'Bien', 180),
                    ('C', 2026, 'LIC-INFO', 1, 2, 1, false, false, NULL, NULL),
                    ('D', 2026, 'LIC-INFO', 1, 1, 1, NULL, false, NULL, NULL),
                    ('E', 2026, 'LIC-INFO', 1, 1, 1, true, false, NULL, NULL),
                    ('F', 2026, 'LIC-INFO', 1, 1, 1, true, true, 'Très bien', 180);
             INSERT INTO blocking VALUES ('F', 2026, 'exams');
             INSERT INTO faculty_right VALUES ('{u}', 'SCI');",
            u = sci.name
        ))
        .await
        .unwrap();
    let url = &sci.url;
    for (args, why) in [
        (
            ["--year", "2026", "--faculty", "SCI", "--diploma", "DU-X/1"],
            "nature 9",
        ),
        (
            [
                "--year",
                "2026",
                "--faculty",
                "SCI",
                "--diploma",
                "L2-INFO/1",
            ],
            "intermediate",
        ),
        (
            [
                "--year",
                "2020",
                "--faculty",
                "SCI",
                "--diploma",
                "LIC-INFO/1",
            ],
            "closed year",
        ),
        (
            [
                "--year",
                "2026",
                "--faculty",
                "LET",
                "--diploma",
                "LIC-HIST/1",
            ],
            "no right",
        ),
        (
            [
                "--year",
                "2026",
                "--faculty",
                "SCI",
                "--diploma",
                "LIC-INFO",
            ],
            "no version",
        ),
    ] {
        let mut all = vec!["campaign", "new"];
        all.extend_from_slice(&args);
        let (code, _, err) = run(url, &all);
        assert_eq!(code, 2, "{why}: {err}");
    }
    let id = new_campaign(url, "SCI", "LIC-INFO/1", true);
    let (code, out, err) = run(url, &["campaign", "run", &id]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("to_generate: 2"), "{out}");
    let (_, out, _) = run(url, &["campaign", "show", &id, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let states: Vec<(String, String)> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["student"].as_str().unwrap().to_owned(),
                c["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("A", "to_generate"),
            ("B", "to_generate"),
            ("C", "not_admitted"),
            ("D", "no_verdict"),
            ("E", "delivery_not_allowed"),
            ("F", "blocked"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .to_vec(),
        "G is not in a diploma-granting step"
    );
    assert_eq!(
        v["candidates"][1]["mention"], "Passable",
        "the retake's mention"
    );
    assert_eq!(
        v["candidates"][5]["blockings"],
        serde_json::json!(["exams"])
    );
    // A re-run leaves the sent alone.
    owner
        .batch_execute(
            "UPDATE candidate SET state = 'sent' WHERE student = 'A'; DELETE FROM blocking",
        )
        .await
        .unwrap();
    let (_, out, _) = run(url, &["campaign", "run", &id]);
    assert!(
        out.contains("sent: 1") && out.contains("to_generate: 2"),
        "{out}"
    );
    // Someone without the faculty's right sees no campaign.
    let other = db.role("camp_other").await;
    let (code, _, err) = run(&other.url, &["campaign", "show", &id]);
    assert_eq!(code, 2, "{err}");
}

#[tokio::test]
async fn extracts_load_from_csv_files_and_a_bad_line_is_named_with_nothing_written() {
    let (db, user, owner) = with_manager("camp_csv").await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let files = [
        ("years", write("years.csv", "COD_ANU;LIB_ANU\n2026;2026-2027\n")),
        ("faculties", write("faculties.csv", "cod_cmp,lib_cmp\nSCI,Sciences\n")),
        (
            "diplomas",
            write(
                "diplomas.csv",
                "cod_dip;cod_vrs_vdi;cod_cmp;nature;tem_terminal;daa_fin_hab;lib_web_vdi;lib_edt1;lib_edt2;lib_parcours_type\n\
                 LIC-INFO;1;SCI;1;O;2028;Licence Informatique;Licence;Sciences, Technologies, Santé;parcours Génie logiciel\n",
            ),
        ),
        ("steps", write("steps.csv", "cod_etp;cod_vrs_vet;cod_dip;cod_vrs_vdi;tem_dip_vet\nL3-INFO;1;LIC-INFO;1;O\n")),
        (
            "students",
            write(
                "students.csv",
                "cod_etu;lib_pr1_ind;lib_nom_pat_ind;date_nai_ind;cod_mail;cod_anu;cod_etp;cod_vrs_vet\n\
                 21000001;Élodie;Cœur;29/02/2004;elodie@etu.example;2026;L3-INFO;1\n\
                 21000002;Jean;Martin;01/09/2003;;2026;L3-INFO;1\n",
            ),
        ),
        (
            "results",
            write(
                "results.csv",
                "cod_etu;cod_anu;cod_dip;cod_vrs_vdi;cod_ses;cod_adm;codNegTre;tem_dlv_aut_vdi;lib_men;nbr_crd\n\
                 21000001;2026;LIC-INFO;1;0;1;1;O;Bien;180\n\
                 21000002;2026;LIC-INFO;1;0;1;0;N;;\n",
            ),
        ),
        ("blockings", write("blockings.csv", "cod_etu;cod_anu;type\n21000002;2026;examens\n")),
        ("rights", write("rights.csv", &format!("login;faculty\n{};SCI\n", user.name))),
    ];
    for (kind, file) in &files {
        let (code, out, err) = run(&db.url, &["campaign", "import", kind, file]);
        assert_eq!(code, 0, "{kind}: {err}");
        assert!(out.contains("loaded"), "{out}");
    }
    // Loading again changes nothing but the record.
    let (code, _, err) = run(&db.url, &["campaign", "import", "students", &files[4].1]);
    assert_eq!(code, 0, "{err}");
    let counts = owner
        .query_one(
            "SELECT (SELECT count(*) FROM student), (SELECT count(*) FROM enrolment), (SELECT count(*) FROM campaign_import)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            counts.get::<_, i64>(0),
            counts.get::<_, i64>(1),
            counts.get::<_, i64>(2)
        ),
        (2, 2, 9)
    );
    // A bad line: named, nothing written.
    let broken = write(
        "results-bad.csv",
        "cod_etu;cod_anu;cod_dip;cod_vrs_vdi;cod_ses;cod_adm;codNegTre\n21000001;2026;LIC-INFO;1;1;1;1\n21000002;deux;LIC-INFO;1;1;1;1\n",
    );
    let (code, _, err) = run(&db.url, &["campaign", "import", "results", &broken]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("line 3") && err.contains("year") && err.contains("deux"),
        "{err}"
    );
    let results: i64 = owner
        .query_one("SELECT count(*) FROM result", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(results, 2, "nothing written");
    // A user does not load extracts.
    let (code, _, err) = run(&user.url, &["campaign", "import", "faculties", &files[1].1]);
    assert_ne!(code, 0, "{err}");
    // The faculty's manager makes and runs a campaign on what was loaded.
    let id = new_campaign(&user.url, "SCI", "LIC-INFO/1", false);
    let (code, out, err) = run(&user.url, &["campaign", "run", &id]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("blocked: 1") && out.contains("to_generate: 1"),
        "{out}"
    );
    // The admitted one's certificate, read back from the PDF; the blocked one gets none.
    owner
        .batch_execute(
            "INSERT INTO signatory (name, title) VALUES ('Pr Anne Durand', 'Présidente de l''Université');
             UPDATE setting SET value = 'Université de Lorraine' WHERE name = 'site_name';
             UPDATE setting SET value = 'Nancy' WHERE name = 'campaign.place'",
        )
        .await
        .unwrap();
    let pdf = dir.path().join("21000001.pdf");
    let (code, out, err) = run(
        &user.url,
        &[
            "campaign",
            "pdf",
            &id,
            "21000001",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("certificate written"), "{out}");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils; bash .ci/run installs it)");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "Université de Lorraine",
        "Attestation de réussite",
        "Élodie Cœur",
        "29/02/2004",
        "Licence Sciences, Technologies, Santé parcours Génie logiciel",
        "Mention : Bien",
        "Crédits ECTS : 180",
        "Fait à Nancy",
        "Pr Anne Durand",
    ] {
        assert!(text.contains(said), "{said:?} not in {text:?}");
    }
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let pages = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_owned()));
    assert_eq!(pages.as_deref(), Some("1"), "one page");
    let (code, _, err) = run(
        &user.url,
        &[
            "campaign",
            "pdf",
            &id,
            "21000002",
            "--out",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("blocked"), "{err}");
    // A run with --out makes the admitted ones' certificates and says so in their state.
    let folder = dir.path().join("certificates");
    let (code, out, err) = run(
        &user.url,
        &["campaign", "run", &id, "--out", folder.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("generated: 1") && out.contains("blocked: 1"),
        "{out}"
    );
    assert!(folder.join(format!("{id}-21000001.pdf")).exists());
    assert!(!folder.join(format!("{id}-21000002.pdf")).exists());
    let (_, out, _) = run(&user.url, &["campaign", "show", &id, "--format", "json"]);
    assert!(out.contains("\"generated\""), "{out}");
}

#[tokio::test]
async fn the_signatory_is_set_by_an_administrator_with_a_png_and_by_nobody_else() {
    let db = fresh_db().await;
    let user = db.role("camp_sign").await;
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("signature.png");
    // The smallest PNG: a signature of one transparent pixel.
    std::fs::write(
        &png,
        [
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0,
            0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
        ],
    )
    .unwrap();
    let gif = dir.path().join("signature.gif");
    std::fs::write(&gif, b"GIF89a").unwrap();
    let args = |image: &std::path::Path| {
        vec![
            "campaign".to_owned(),
            "signatory".into(),
            "--name".into(),
            "Pr Anne Durand".into(),
            "--title".into(),
            "Présidente de l'Université".into(),
            "--image".into(),
            image.to_str().unwrap().to_owned(),
        ]
    };
    let call = |url: &str, a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        run(url, &a)
    };
    let (code, _, err) = call(&db.url, args(&gif));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = call(&user.url, args(&png));
    assert_ne!(code, 0, "a user does not set the signatory: {err}");
    let (code, out, err) = call(&db.url, args(&png));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Pr Anne Durand"), "{out}");
    let row = db
        .client()
        .await
        .query_one("SELECT title, octet_length(image) FROM signatory", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "Présidente de l'Université");
    assert_eq!(row.get::<_, i32>(1), 33);
}

/// What each of the 40 students of the small university is, by their number: the state their
/// candidacy must end in.
fn expected_state(n: usize) -> &'static str {
    match n % 8 {
        0..=2 => "generated",
        3 => "not_admitted",
        4 => "no_verdict",
        5 => "delivery_not_allowed",
        6 => "blocked",
        _ => "generated",
    }
}

#[tokio::test]
async fn a_small_university_end_to_end_two_faculties_three_diplomas_forty_students() {
    let db = fresh_db().await;
    let (sci, let_) = (db.role("uni_sci").await, db.role("uni_let").await);
    db.client()
        .await
        .batch_execute(&format!(
            "INSERT INTO app_user (login, display_name) VALUES ('{}', 'Sciences'), ('{}', 'Lettres')",
            sci.name, let_.name
        ))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    // Three diplomas: two in Sciences, one in Lettres; forty students, a step each.
    let diplomas = [
        ("LIC-INFO", "SCI", "L3-INFO"),
        ("MAS-CHIM", "SCI", "M2-CHIM"),
        ("LIC-HIST", "LET", "L3-HIST"),
    ];
    let mut students = String::from(
        "cod_etu;lib_pr1_ind;lib_nom_pat_ind;date_nai_ind;cod_anu;cod_etp;cod_vrs_vet\n",
    );
    let mut results = String::from("cod_etu;cod_anu;cod_dip;cod_vrs_vdi;cod_ses;cod_adm;codNegTre;tem_dlv_aut_vdi;lib_men;nbr_crd\n");
    let mut blockings = String::from("cod_etu;cod_anu;type\n");
    for n in 0..40 {
        let (dip, _, step) = diplomas[n % 3];
        let code = format!("2600{n:04}");
        students.push_str(&format!(
            "{code};Prénom{n};Nom{n};01/0{}/2003;2026;{step};1\n",
            1 + n % 9
        ));
        let row = |session: u8, flag: &str, delivery: &str, mention: &str| {
            format!("{code};2026;{dip};1;{session};1;{flag};{delivery};{mention};180\n")
        };
        match n % 8 {
            0 | 7 => results.push_str(&row(0, "1", "O", "Bien")),
            1 => {
                results.push_str(&row(1, "0", "N", ""));
                results.push_str(&row(2, "1", "O", "Passable"));
            }
            2 => {
                results.push_str(&row(1, "1", "O", "Assez bien"));
                results.push_str(&format!("{code};2026;{dip};1;2;2;0;N;;\n"));
            }
            3 => {
                results.push_str(&row(1, "1", "O", ""));
                results.push_str(&row(2, "0", "N", ""));
            }
            4 => results.push_str(&row(1, "", "N", "")),
            5 => results.push_str(&row(1, "1", "N", "")),
            _ => {
                results.push_str(&row(0, "1", "O", ""));
                blockings.push_str(&format!(
                    "{code};2026;{}\n",
                    [
                        "exams",
                        "enrolment",
                        "remote_enrolment",
                        "automatic_delivery"
                    ][n % 4]
                ));
            }
        }
    }
    let files = [
        ("years", write("years.csv", "cod_anu;lib_anu\n2026;2026-2027\n".into())),
        ("faculties", write("faculties.csv", "cod_cmp;lib_cmp\nSCI;Sciences\nLET;Lettres\n".into())),
        (
            "diplomas",
            write(
                "diplomas.csv",
                "cod_dip;cod_vrs_vdi;cod_cmp;nature;tem_terminal;daa_fin_hab;lib_web_vdi;lib_edt1;lib_edt2\n\
                 LIC-INFO;1;SCI;1;O;2028;Licence Informatique;Licence;mention Informatique\n\
                 MAS-CHIM;1;SCI;2;O;2028;Master Chimie;Master;mention Chimie\n\
                 LIC-HIST;1;LET;1;O;2028;Licence Histoire;Licence;mention Histoire\n"
                    .into(),
            ),
        ),
        (
            "steps",
            write(
                "steps.csv",
                "cod_etp;cod_vrs_vet;cod_dip;cod_vrs_vdi;tem_dip_vet\nL3-INFO;1;LIC-INFO;1;O\nM2-CHIM;1;MAS-CHIM;1;O\nL3-HIST;1;LIC-HIST;1;O\n".into(),
            ),
        ),
        ("students", write("students.csv", students)),
        ("results", write("results.csv", results)),
        ("blockings", write("blockings.csv", blockings)),
        ("rights", write("rights.csv", format!("login;faculty\n{};SCI\n{};LET\n", sci.name, let_.name))),
    ];
    for (kind, file) in &files {
        let (code, _, err) = run(&db.url, &["campaign", "import", kind, file]);
        assert_eq!(code, 0, "{kind}: {err}");
    }
    let mut made = 0;
    for (dip, faculty, _) in diplomas {
        let url = if faculty == "SCI" {
            &sci.url
        } else {
            &let_.url
        };
        let id = new_campaign(url, faculty, &format!("{dip}/1"), false);
        let folder = dir.path().join(dip);
        let (code, _, err) = run(
            url,
            &["campaign", "run", &id, "--out", folder.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{err}");
        let (_, out, _) = run(url, &["campaign", "show", &id, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for c in v["candidates"].as_array().unwrap() {
            let n: usize = c["student"].as_str().unwrap()[4..].parse().unwrap();
            assert_eq!(c["state"], expected_state(n), "student {n} of {dip}");
            let pdf = folder.join(format!("{id}-{}.pdf", c["student"].as_str().unwrap()));
            assert_eq!(
                pdf.exists(),
                expected_state(n) == "generated",
                "{}",
                pdf.display()
            );
            made += pdf.exists() as usize;
        }
        // The other faculty's manager sees nothing of it, in the app and in psql.
        let other = if faculty == "SCI" { &let_ } else { &sci };
        let (code, _, _) = run(&other.url, &["campaign", "show", &id]);
        assert_eq!(code, 2);
        let c = connect(&other.url).await;
        let seen: i64 = c
            .query_one(
                &format!("SELECT count(*) FROM candidate WHERE campaign_id = {id}"),
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(seen, 0);
    }
    assert_eq!(
        made,
        (0..40)
            .filter(|n| expected_state(*n) == "generated")
            .count()
    );
    // One certificate read back: the retake's mention, the official label.
    let text = std::process::Command::new("pdftotext")
        .args([
            dir.path()
                .join("MAS-CHIM")
                .join("2-26000001.pdf")
                .to_str()
                .unwrap(),
            "-",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Prénom1 Nom1")
            && text.contains("Master mention Chimie")
            && text.contains("Passable"),
        "{text}"
    );
}

/// The Apogée recipe's queries, run against ordinary tables standing in for its foreign tables
/// (same names and columns): the campaign tables come out as the CSV extracts would make them.
#[tokio::test]
async fn the_apogee_recipe_loads_a_university_from_stand_ins_for_the_foreign_tables() {
    let (db, user, owner) = with_manager("camp_apo").await;
    // Without the foreign tables, the command says where the recipe is.
    let (code, _, err) = run(&db.url, &["campaign", "import", "apogee"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("schema apogee"), "{err}");
    owner
        .batch_execute(&intendant::campaign::apogee::stand_ins())
        .await
        .unwrap();
    owner
        .batch_execute(&format!(
            "INSERT INTO apogee.annee_uni VALUES ('2025', '2025-2026', 'F'), ('2026', '2026-2027', 'O');
             INSERT INTO apogee.composante VALUES ('SCI', 'Sciences'), ('LET', 'Lettres');
             INSERT INTO apogee.parcours_type VALUES ('GL', 'parcours Génie logiciel');
             INSERT INTO apogee.version_diplome VALUES
                ('LIC-INF', 1, 'Licence Informatique', '1', 'O', 'N', 'Licence', 'Sciences, Technologies, Santé',
                 'mention Informatique', NULL, NULL, 'GL'),
                ('DEUG-X', 1, 'DEUG', '9', 'N', 'N', 'DEUG', NULL, NULL, NULL, NULL, NULL);
             INSERT INTO apogee.cmp_habiliter_vdi VALUES ('SCI', 'LIC-INF', 1, '2028'), ('SCI', 'DEUG-X', 1, '2027');
             INSERT INTO apogee.version_etape VALUES ('L3-INF', 1, 'O'), ('L2-INF', 1, 'N');
             INSERT INTO apogee.vdi_fractionner_vet VALUES ('LIC-INF', 1, 'L3-INF', 1), ('LIC-INF', 1, 'L2-INF', 1);
             INSERT INTO apogee.individu VALUES
                (1, 21000001, 'Élodie', 'Marie', 'Cœur', '2004-02-29', 'elodie@etu.example'),
                (2, 21000002, 'Jean', NULL, 'Martin', '2003-09-01', ' '),
                (3, 21000003, 'Ana', NULL, 'Lima', '2003-05-01', 'ana@etu.example'),
                (4, NULL, 'Sans', NULL, 'Numéro', '2003-05-01', NULL);
             INSERT INTO apogee.ins_adm_etp VALUES
                (1, '2026', 'L3-INF', 1, 'E'), (2, '2026', 'L3-INF', 1, 'E'), (3, '2026', 'L3-INF', 1, 'E'),
                (3, '2025', 'L2-INF', 1, 'E'), (4, '2026', 'L3-INF', 1, 'E');
             INSERT INTO apogee.typ_resultat VALUES ('ADM', '1'), ('AJ', '0'), ('DEF', NULL);
             INSERT INTO apogee.resultat_vdi VALUES
                (1, '2026', 'LIC-INF', 1, '1', 1, 'AJ', 'N', NULL, NULL),
                (1, '2026', 'LIC-INF', 1, '2', 1, 'ADM', 'O', 'Bien', 180),
                (2, '2026', 'LIC-INF', 1, '0', 1, 'ADM', 'N', NULL, 180),
                (3, '2026', 'LIC-INF', 1, '0', 1, 'ADM', 'O', 'Passable', 180);
             INSERT INTO apogee.ind_blocage VALUES (3, '2026', 'EXA'), (3, '2025', 'IAE');
             INSERT INTO apogee.utilisateur VALUES ('{login}', 'SCOL'), ('AUTRE', 'SCOL'), ('{login}x', 'INVITE');
             INSERT INTO apogee.tut_avoir_droit_fct VALUES ('SCOL', 'TRAREF10', 'RE'), ('INVITE', 'TRAREF11', 'RE');
             INSERT INTO apogee.uti_collecter_ctn VALUES ('{login}', 'SCI'), ('AUTRE', 'SCI'), ('{login}x', 'LET');",
            login = user.name.to_uppercase()
        ))
        .await
        .unwrap();
    let (code, out, err) = run(&db.url, &["campaign", "import", "apogee"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("students: 3"), "{out}");
    let row = owner
        .query_one(
            "SELECT (SELECT array_agg(code || ':' || open ORDER BY code) FROM campaign_year),
                    (SELECT count(*) FROM faculty),
                    (SELECT label1 || ' | ' || label2 || ' | ' || label3 || ' | ' || parcours || ' | ' || nature
                       FROM diploma WHERE code = 'LIC-INF'),
                    (SELECT array_agg(code || ':' || granting ORDER BY code) FROM diploma_step),
                    (SELECT array_agg(code || ':' || coalesce(email, '-') ORDER BY code) FROM student),
                    (SELECT array_agg(student || ':' || session || ':' || coalesce(favourable::text, '-') ORDER BY student, session) FROM result),
                    (SELECT array_agg(student || ':' || year || ':' || kind) FROM blocking),
                    (SELECT array_agg(login || ':' || faculty) FROM faculty_right),
                    (SELECT count(*) FROM campaign_import WHERE file_name = 'apogee')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, Vec<String>>(0), ["2025:false", "2026:true"]);
    assert_eq!(row.get::<_, i64>(1), 2);
    assert_eq!(
        row.get::<_, String>(2),
        "Licence | Sciences, Technologies, Santé | mention Informatique | parcours Génie logiciel | 1"
    );
    assert_eq!(
        row.get::<_, Vec<String>>(3),
        ["L2-INF:false", "L3-INF:true"]
    );
    // Only the open year's students; a blank address is none; no student number, not loaded.
    assert_eq!(
        row.get::<_, Vec<String>>(4),
        [
            "21000001:elodie@etu.example",
            "21000002:-",
            "21000003:ana@etu.example"
        ]
    );
    assert_eq!(
        row.get::<_, Vec<String>>(5),
        [
            "21000001:1:false",
            "21000001:2:true",
            "21000002:0:true",
            "21000003:0:true"
        ]
    );
    // The closed year's blocking is not loaded; the rights are the Intendant users' only.
    assert_eq!(row.get::<_, Vec<String>>(6), ["21000003:2026:exams"]);
    assert_eq!(row.get::<_, Vec<String>>(7), [format!("{}:SCI", user.name)]);
    assert_eq!(row.get::<_, i64>(8), 8);

    // A campaign on what was loaded decides as with the CSV files.
    let id = new_campaign(&user.url, "SCI", "LIC-INF/1", false);
    let (code, _, err) = run(&user.url, &["campaign", "run", &id]);
    assert_eq!(code, 0, "{err}");
    let states = owner
        .query_one(
            "SELECT array_agg(student || ':' || state ORDER BY student) FROM candidate WHERE campaign_id = $1",
            &[&id.parse::<i64>().unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(
        states.get::<_, Vec<String>>(0),
        [
            "21000001:to_generate",
            "21000002:delivery_not_allowed",
            "21000003:blocked"
        ]
    );

    // Withdrawn in Apogée, withdrawn here: the right goes on the next load.
    owner
        .batch_execute(
            "DELETE FROM apogee.uti_collecter_ctn; UPDATE apogee.resultat_vdi SET cod_tre = 'ADM'",
        )
        .await
        .unwrap();
    let (code, _, err) = run(&db.url, &["campaign", "import", "apogee"]);
    assert_eq!(code, 0, "{err}");
    let rights: i64 = owner
        .query_one("SELECT count(*) FROM faculty_right", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rights, 0);
    // Only an administrator loads.
    let (code, _, err) = run(&user.url, &["campaign", "import", "apogee"]);
    assert_eq!(code, 2, "{err}");
}

/// Test mode, by the campaign's flag or the installation's setting: the run makes everything
/// but lists (and logs) who would receive a certificate, and the test address mail goes to.
#[tokio::test]
async fn in_test_mode_a_run_lists_the_real_recipients_and_the_test_address() {
    let db = fresh_db().await;
    let user = db.role("camp_test").await;
    let owner = db.client().await;
    owner
        .batch_execute(&format!(
            "INSERT INTO app_user (login, display_name) VALUES ('{u}', 'Gestionnaire');
             INSERT INTO campaign_year VALUES (2026, '2026-2027', true);
             INSERT INTO faculty VALUES ('SCI', 'Sciences');
             INSERT INTO faculty_right VALUES ('{u}', 'SCI');
             INSERT INTO diploma (code, version, faculty, nature, terminal, habilitation_end, web_label, label1)
                  VALUES ('LIC-INFO', 1, 'SCI', '1', true, 2028, 'Licence Informatique', 'Licence');
             INSERT INTO diploma_step VALUES ('L3-INFO', 1, 'LIC-INFO', 1, true);
             INSERT INTO student (code, first_name1, last_name, email) VALUES
                ('1', 'Élodie', 'Cœur', 'elodie@etu.example'), ('2', 'Jean', 'Martin', NULL),
                ('3', 'Ana', 'Lima', 'ana@etu.example'), ('4', 'Zoé', 'Échappée', E'zoe\\u001b[31m@etu.example');
             INSERT INTO enrolment SELECT code, 2026, 'L3-INFO', 1 FROM student;
             INSERT INTO result (student, year, diploma_code, diploma_version, session, admission_code,
                                 favourable, delivery_allowed)
                  VALUES ('1', 2026, 'LIC-INFO', 1, 0, 1, true, true), ('2', 2026, 'LIC-INFO', 1, 0, 1, true, true),
                         ('3', 2026, 'LIC-INFO', 1, 0, 1, false, true), ('4', 2026, 'LIC-INFO', 1, 0, 1, true, true);",
            u = user.name
        ))
        .await
        .unwrap();
    let (flagged, plain) = (
        new_campaign(&user.url, "SCI", "LIC-INFO/1", true),
        new_campaign(&user.url, "SCI", "LIC-INFO/1", false),
    );
    let (code, out, err) = run(&user.url, &["campaign", "run", &flagged]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("test mode: nothing is sent"), "{out}");
    assert!(
        out.contains("elodie@etu.example") && out.contains("(no address)"),
        "{out}"
    );
    assert!(
        !out.contains("ana@etu.example"),
        "not admitted, not listed: {out}"
    );
    // Each is logged at INFO, through the sanitiser as on the screen.
    assert!(!out.contains('\u{1b}') && out.contains("zoe"), "{out}");
    let log = std::fs::read_to_string(
        std::env::temp_dir().join("intendant-cli-tests/state/intendant/intendant.log"),
    )
    .unwrap();
    let line = log
        .lines()
        .rfind(|l| {
            l.contains("test mode: not sent")
                && l.contains(&format!("campaign={flagged} student=4"))
        })
        .unwrap_or_else(|| panic!("no log line for student 4 of campaign {flagged}"));
    assert!(line.contains("zoe") && !line.contains('\u{1b}'), "{line}");
    let (_, out, _) = run(&user.url, &["campaign", "run", &plain]);
    assert!(!out.contains("test mode"), "{out}");

    // The installation's setting puts every campaign in test mode; its address is checked.
    let (code, _, err) = run(
        &db.url,
        &[
            "admin",
            "setting",
            "set",
            "campaign.test_address",
            "not an address",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("an address such as"), "{err}");
    for (name, value) in [
        ("campaign.test_mode", "true"),
        ("campaign.test_address", "scol-test@univ.example"),
    ] {
        let (code, _, err) = run(&db.url, &["admin", "setting", "set", name, value]);
        assert_eq!(code, 0, "{err}");
    }
    let (code, out, err) = run(&user.url, &["campaign", "run", &plain]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("test mode") && out.contains("scol-test@univ.example"),
        "{out}"
    );
    let (_, list, _) = run(&user.url, &["campaign", "list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert!(
        list.as_array().unwrap().iter().all(|c| c["test"] == true),
        "{list}"
    );
    // Only an administrator changes it.
    let (code, _, _) = run(
        &user.url,
        &["admin", "setting", "set", "campaign.test_mode", "false"],
    );
    assert_eq!(code, 4);
}
