use super::model::{Session, Status, UserRow};
use crate::db::{Database, DbError};
use crate::i18n::Lang;

pub async fn load_session(db: &Database) -> Result<Session, DbError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT session_user::text, u.display_name, u.status::text, u.language,
                    coalesce((SELECT value FROM setting WHERE name = 'timezone'), 'UTC'),
                    coalesce((SELECT value FROM setting WHERE name = 'site_name'), 'Intendant'),
                    coalesce((SELECT value FROM setting WHERE name = 'import.date_order'), 'dmy'),
                    manages_people()
               FROM (SELECT 1) AS one
               LEFT JOIN app_user u ON u.login = session_user AND u.active",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(Session {
        login: row.get(0),
        display_name: row.get(1),
        status: row
            .get::<_, Option<String>>(2)
            .as_deref()
            .and_then(Status::parse),
        language: row
            .get::<_, Option<String>>(3)
            .as_deref()
            .and_then(Lang::parse),
        timezone: row.get(4),
        site_name: row.get(5),
        import_date_order: row.get(6),
        manages_people: row.get(7),
    })
}

/// Whether the session's user works on people, imports and the correlation (administrators
/// and user managers): asked before any file is read, so a user without the right learns it
/// at once.
pub async fn manages_people(db: &Database) -> Result<bool, DbError> {
    let client = db.client().await?;
    Ok(client
        .query_one("SELECT manages_people()", &[])
        .await
        .map_err(|e| db.classify(e))?
        .get(0))
}

pub async fn list(db: &Database) -> Result<Vec<UserRow>, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT login, display_name, email, status::text, active FROM app_user
              ORDER BY NOT active, lower(display_name), login",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows
        .iter()
        .map(|r| UserRow {
            login: r.get(0),
            display_name: r.get(1),
            email: r.get(2),
            status: r
                .get::<_, Option<String>>(3)
                .as_deref()
                .and_then(Status::parse),
            active: r.get(4),
        })
        .collect())
}
