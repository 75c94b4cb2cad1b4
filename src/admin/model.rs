//! What the command line checks before asking the database (which checks it again): a booking
//! type's letter, name and colour, said field by field.

use crate::i18n::{tr, T};

/// The first thing wrong with a booking type, in the user's words.
pub fn check_type(letter: &str, name: &str, color: &str) -> Result<(), String> {
    if !(1..=2).contains(&letter.chars().count()) || !letter.chars().all(|c| c.is_ascii_uppercase())
    {
        return Err(tr(T::AdminBadLetter, &[&letter]));
    }
    if !(1..=40).contains(&name.chars().count()) {
        return Err(tr(T::AdminBadTypeName, &[&name.chars().count()]));
    }
    let hex = color.strip_prefix('#').unwrap_or("");
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(tr(T::AdminBadColor, &[&color]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_is_one_or_two_capitals_a_short_name_and_a_hex_colour() {
        assert!(check_type("A", "Cours", "#4a90d9").is_ok());
        assert!(check_type("AB", "Cours", "#4A90D9").is_ok());
        assert!(check_type("a", "Cours", "#4a90d9")
            .unwrap_err()
            .contains("\"a\""));
        assert!(check_type("ABC", "Cours", "#4a90d9").is_err());
        assert!(check_type("A", "", "#4a90d9").is_err());
        assert!(check_type("A", &"x".repeat(41), "#4a90d9").is_err());
        assert!(check_type("A", "Cours", "bleu")
            .unwrap_err()
            .contains("bleu"));
        assert!(check_type("A", "Cours", "#12345g").is_err());
    }
}
