//! Who is connected: the login, its GRR status and the installation settings every screen
//! needs (language, time zone, the site's name). The shell loads it once and on each change
//! of users or settings; features read it through the shell's context.

use crate::db::{Database, DbError};
use crate::i18n::{Lang, T};

/// GRR's statuses, as the `user_status` type of the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Admin,
    UserManager,
    User,
    Visitor,
}

impl Status {
    pub fn parse(text: &str) -> Option<Status> {
        Some(match text {
            "admin" => Status::Admin,
            "user_manager" => Status::UserManager,
            "user" => Status::User,
            "visitor" => Status::Visitor,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Admin => T::StatusAdmin,
            Status::UserManager => T::StatusUserManager,
            Status::User => T::StatusUser,
            Status::Visitor => T::StatusVisitor,
        }
        .text(lang)
    }
}

/// Who is connected and the installation settings the shell needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub login: String,
    pub display_name: Option<String>,
    /// None when the login has no row in `app_user`.
    pub status: Option<Status>,
    pub language: Option<Lang>,
    pub timezone: String,
    pub site_name: String,
    /// What the administrators say to everyone when the app opens; empty: nothing.
    pub welcome: String,
    /// `import.date_order`: the wizard's first guess for slash dates.
    pub import_date_order: String,
    /// May work on people, imports and the correlation (administrators, user managers).
    pub manages_people: bool,
    /// Mails given up after their last attempt (administrators see them; 0 for others).
    pub dead_letters: i64,
    /// The rights the user holds on sites, areas or rooms: which administration sections
    /// have anything for them.
    pub holds: Holds,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holds {
    pub site_admin: bool,
    pub area_admin: bool,
    pub room_manager: bool,
}

impl Session {
    /// The installation's time zone, UTC when the setting is not a known zone.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }
}

pub async fn load(db: &Database) -> Result<Session, DbError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT session_user::text, u.display_name, u.status::text, u.language,
                    coalesce((SELECT value FROM setting WHERE name = 'timezone'), 'UTC'),
                    coalesce((SELECT value FROM setting WHERE name = 'site_name'), 'Intendant'),
                    coalesce((SELECT value FROM setting WHERE name = 'import.date_order'), 'dmy'),
                    manages_people(),
                    (SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL),
                    EXISTS (SELECT FROM site_admin WHERE login = session_user),
                    EXISTS (SELECT FROM area_admin WHERE login = session_user),
                    EXISTS (SELECT FROM room_manager WHERE login = session_user),
                    coalesce((SELECT value FROM setting WHERE name = 'welcome_text'), '')
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
        dead_letters: row.get(8),
        holds: Holds {
            site_admin: row.get(9),
            area_admin: row.get(10),
            room_manager: row.get(11),
        },
        welcome: row.get(12),
    })
}

/// Why a setting was not written.
#[derive(Debug, thiserror::Error)]
pub enum SettingError {
    /// The value breaks the setting's rule (its message and the hint of what is allowed).
    #[error("{0}")]
    Bad(String),
    /// Only administrators change settings.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Writes an installation setting as the connected user: the database checks the value and
/// who asks.
pub async fn write_setting(db: &Database, name: &str, value: &str) -> Result<(), SettingError> {
    let client = db.client().await?;
    let written = client
        .execute(
            "INSERT INTO setting (name, value) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
            &[&name, &value],
        )
        .await;
    match written {
        Ok(_) => Ok(()),
        Err(e) => match e.as_db_error() {
            Some(d) if d.code() == &tokio_postgres::error::SqlState::CHECK_VIOLATION => {
                let hint = d.hint().map(|h| format!(" ({h})")).unwrap_or_default();
                Err(SettingError::Bad(format!("{}{hint}", d.message())))
            }
            // Row-level security says "not an administrator"; a guarded setting says its own.
            Some(d) if d.code() == &tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => Err(
                SettingError::Refused(if d.message().contains("row-level security") {
                    crate::i18n::tr(crate::i18n::T::RuleAdminOnly, &[])
                } else {
                    d.message().to_owned()
                }),
            ),
            _ => Err(SettingError::Db(db.classify(e))),
        },
    }
}

/// Every setting, by name (the group's token left out: it is no one's business).
pub async fn all_settings(db: &Database) -> Result<Vec<(String, String)>, DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT name, value FROM setting WHERE name <> 'group_token' ORDER BY name",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Records the start of a full-screen session in the connection log; its id.
pub async fn connection_start(db: &Database, application: &str) -> Result<i64, DbError> {
    let client = db.client().await?;
    let row = client
        .query_one("SELECT connection_start($1)", &[&application])
        .await
        .map_err(|e| db.classify(e))?;
    Ok(row.get(0))
}

/// Records its clean end.
pub async fn connection_end(db: &Database, id: i64) -> Result<(), DbError> {
    let client = db.client().await?;
    client
        .execute("SELECT connection_end($1)", &[&id])
        .await
        .map_err(|e| db.classify(e))?;
    Ok(())
}
