use super::model::{Status, UserRow};
use crate::db::{Database, DbError};

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
              ORDER BY NOT active, display_name COLLATE names, login",
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
