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
