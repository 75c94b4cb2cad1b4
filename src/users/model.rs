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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub login: String,
    pub display_name: String,
    pub email: Option<String>,
    pub status: Option<Status>,
    pub active: bool,
}

impl UserRow {
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        needle.is_empty()
            || self.login.to_lowercase().contains(&needle)
            || self.display_name.to_lowercase().contains(&needle)
            || self
                .email
                .as_deref()
                .is_some_and(|e| e.to_lowercase().contains(&needle))
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
}
