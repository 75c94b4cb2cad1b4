//! What the command line checks before asking the database (which checks it again): a booking
//! type's letter, name and colour, said field by field; FIELD=VALUE pairs read into the
//! changes the admin functions take.

use serde_json::{Map, Value};

use crate::i18n::{tr, T};

/// Fields whose value is a list, written A,B,… on the command line.
const LISTS: [&str; 1] = ["enabled_types"];

/// `capacity=30 moderated=true enabled_types=A,B name=` → {"capacity": "30", …, "name": null}:
/// the database reads each value as its column's type and names the one it cannot.
pub fn pairs(items: &[String]) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    for pair in items {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| tr(T::AdminBadPair, &[pair]))?;
        let k = k.trim();
        let v = if v.is_empty() {
            Value::Null
        } else if LISTS.contains(&k) {
            Value::Array(
                v.split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(|x| Value::String(x.to_owned()))
                    .collect(),
            )
        } else {
            Value::String(v.to_owned())
        };
        map.insert(k.to_owned(), v);
    }
    Ok(map)
}

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
    fn pairs_are_field_equals_value_an_empty_value_clears_and_lists_split_on_commas() {
        let m = pairs(&[
            "capacity=30".into(),
            "description=".into(),
            "enabled_types=A, B,".into(),
            "name=Salle = 2".into(),
        ])
        .unwrap();
        assert_eq!(m["capacity"], Value::String("30".into()));
        assert_eq!(m["description"], Value::Null);
        assert_eq!(m["enabled_types"], serde_json::json!(["A", "B"]));
        assert_eq!(m["name"], Value::String("Salle = 2".into()));
        assert!(pairs(&["capacity".into()])
            .unwrap_err()
            .contains("capacity"));
    }

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
