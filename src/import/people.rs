//! Listing the people the imports keep (`intendant people list`).

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::{Database, DbError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Emails {
    pub father: Option<String>,
    pub mother: Option<String>,
    pub student: Option<String>,
    pub tutor: Option<String>,
    pub work: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonOut {
    pub kind: String,
    pub number: String,
    pub school: String,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<String>,
    /// YYYY-MM-DD or null.
    pub birth_date: Option<String>,
    pub grade: Option<String>,
    pub group: Option<String>,
    pub emails: Emails,
    pub classes: Vec<String>,
    pub clubs: Vec<String>,
    pub title: Option<String>,
    pub school_year: String,
    pub active: bool,
}

pub async fn list(
    db: &Database,
    kind: Option<&str>,
    school: Option<&str>,
) -> Result<Vec<PersonOut>, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT kind::text, number, school, first_name, last_name, sex, birth_date, grade, home_group,
                    father_email, mother_email, student_email, tutor_email, email, classes, clubs, title,
                    school_year, active
               FROM person
              WHERE ($1::text IS NULL OR kind::text = $1) AND ($2::text IS NULL OR school = $2)
              ORDER BY kind, school, last_name COLLATE names, first_name COLLATE names, number",
            &[&kind, &school],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows
        .iter()
        .map(|r| PersonOut {
            kind: r.get(0),
            number: r.get(1),
            school: r.get(2),
            first_name: r.get(3),
            last_name: r.get(4),
            sex: r.get(5),
            birth_date: r
                .get::<_, Option<NaiveDate>>(6)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            grade: r.get(7),
            group: r.get(8),
            emails: Emails {
                father: r.get(9),
                mother: r.get(10),
                student: r.get(11),
                tutor: r.get(12),
                work: r.get(13),
            },
            classes: r.get(14),
            clubs: r.get(15),
            title: r.get(16),
            school_year: r.get(17),
            active: r.get(18),
        })
        .collect())
}
