pub use crate::session::Status;

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
