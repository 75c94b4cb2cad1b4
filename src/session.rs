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
    /// `import.date_order`: the wizard's first guess for slash dates.
    pub import_date_order: String,
    /// May work on people, imports and the correlation (administrators, user managers).
    pub manages_people: bool,
    /// Mails given up after their last attempt (administrators see them; 0 for others).
    pub dead_letters: i64,
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
                    (SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL)
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
    })
}
