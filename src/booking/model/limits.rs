//! How long each text of a booking may be. The database holds the same limits (sql/0007,
//! `check_lengths`); checking here first names the field before anything is sent.

/// (field, at most so many characters).
pub const TEXT_LIMITS: [(&str, usize); 4] = [
    ("name", 80),
    ("external_name", 80),
    ("short_description", 1000),
    ("description", 65_536),
];

/// The additional fields, all together, as JSON text.
pub const FIELDS_LIMIT: usize = 65_536;

/// A moderation reason.
pub const REASON_LIMIT: usize = 2000;

/// A text over its limit: which, the limit, and how long it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLong {
    pub field: &'static str,
    pub limit: usize,
    pub length: usize,
}

/// The first of `texts` (field name, value) longer than its limit.
pub fn first_too_long<'a>(
    texts: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Option<TooLong> {
    texts.into_iter().find_map(|(field, value)| {
        let (name, limit) = TEXT_LIMITS.iter().find(|(f, _)| *f == field)?;
        let length = value?.chars().count();
        (length > *limit).then_some(TooLong {
            field: name,
            limit: *limit,
            length,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        let eighty = "é".repeat(80);
        assert_eq!(first_too_long([("name", Some(eighty.as_str()))]), None);
        let long = "é".repeat(81);
        assert_eq!(
            first_too_long([("name", Some("ok")), ("name", Some(long.as_str()))]),
            Some(TooLong {
                field: "name",
                limit: 80,
                length: 81
            })
        );
        assert_eq!(first_too_long([("name", None)]), None);
    }
}
