//! Changing a site, an area, a room, a booking type or a setting from the Administration
//! screen: its fields as the database holds them, typed as text, each checked here for its
//! kind (a number, yes/no, a duration, a time, a colour…) and named when wrong; only what
//! changed is sent, and the database checks again who may change it.

use serde_json::{Map, Value};

use crate::i18n::{tr, Lang, T};
use crate::tui::keymap::Action;
use crate::tui::screen::KeyIn;
use crate::tui::widgets::input::TextInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Text that may be emptied (sent as null).
    Optional,
    Int,
    Bool,
    /// A date as the booking form takes it; `Some(true)`: may be empty.
    Date(bool),
    /// A duration ("1h30m", "45m"); `Some(true)`: may be empty.
    Duration(bool),
    Time,
    Color,
    /// Letters separated by commas; empty: all.
    Letters,
    /// One of a few words; empty allowed when the first is "".
    Choice(&'static [&'static str]),
}

const STATUS_OR_NONE: &[&str] = &["", "visitor", "user", "user_manager", "admin"];
const STATUS: &[&str] = &["visitor", "user", "user_manager", "admin"];

pub const ROOM: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("description", Kind::Optional),
    ("capacity", Kind::Int),
    ("moderated", Kind::Bool),
    ("unavailable", Kind::Bool),
    ("max_bookings_per_user", Kind::Int),
    ("max_days_ahead", Kind::Int),
    ("min_minutes_before", Kind::Int),
    ("max_duration", Kind::Duration(true)),
    ("allow_past", Kind::Bool),
    ("tentative_days", Kind::Int),
    ("book_for_others", Kind::Choice(STATUS_OR_NONE)),
    ("users_may_not_modify_own", Kind::Bool),
    ("tracks_loans", Kind::Bool),
    ("visibility", Kind::Choice(STATUS)),
    ("picture_url", Kind::Optional),
    ("show_sheet", Kind::Bool),
    ("sort_order", Kind::Int),
];

pub const AREA: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("access", Kind::Choice(&["public", "restricted"])),
    ("day_start", Kind::Time),
    ("day_end", Kind::Time),
    ("resolution", Kind::Duration(false)),
    ("default_duration", Kind::Duration(false)),
    ("default_type", Kind::Optional),
    ("enabled_types", Kind::Letters),
    ("week_starts", Kind::Int),
    ("days_shown", Kind::Int),
    ("twelve_hour", Kind::Bool),
    ("max_bookings_per_user", Kind::Int),
    ("sort_order", Kind::Int),
];

pub const SITE: &[(&str, Kind)] = &[("name", Kind::Text), ("sort_order", Kind::Int)];

pub const TYPE: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("color", Kind::Color),
    ("sort_order", Kind::Int),
];

pub const SETTING: &[(&str, Kind)] = &[("value", Kind::Text)];

pub const NEW_SITE: &[(&str, Kind)] = &[("code", Kind::Text), ("name", Kind::Text)];
pub const NEW_AREA: &[(&str, Kind)] = &[("site", Kind::Text), ("name", Kind::Text)];
pub const NEW_ROOM: &[(&str, Kind)] = &[("area", Kind::Text), ("name", Kind::Text)];
pub const NEW_TYPE: &[(&str, Kind)] = &[
    ("letter", Kind::Text),
    ("name", Kind::Text),
    ("color", Kind::Color),
];
pub const NEW_BLOCKED: &[(&str, Kind)] = &[
    ("day", Kind::Date(false)),
    ("reason", Kind::Optional),
    ("bookings", Kind::Choice(&["", "keep", "move", "archive"])),
    ("to", Kind::Date(true)),
];
pub const NEW_CYCLE: &[(&str, Kind)] = &[("day", Kind::Date(false)), ("cycle", Kind::Int)];
pub const NEW_FIELD: &[(&str, Kind)] = &[
    ("area", Kind::Text),
    ("name", Kind::Text),
    ("kind", Kind::Choice(&["text", "multiline", "list"])),
    ("choices", Kind::Optional),
    ("mandatory", Kind::Bool),
];
pub const NEW_RIGHT: &[(&str, Kind)] = &[
    ("kind", Kind::Choice(&crate::admin::store::RIGHTS)),
    ("on", Kind::Text),
    ("login", Kind::Text),
];

/// What is being changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Site(String),
    Area(i64),
    Room(i64),
    Type(String),
    Setting(String),
    NewSite,
    NewArea,
    NewRoom,
    NewType,
    NewBlocked,
    NewCycle,
    NewField,
    NewRight,
}

impl Target {
    pub fn fields(&self) -> &'static [(&'static str, Kind)] {
        match self {
            Target::Site(_) => SITE,
            Target::Area(_) => AREA,
            Target::Room(_) => ROOM,
            Target::Type(_) => TYPE,
            Target::Setting(_) => SETTING,
            Target::NewSite => NEW_SITE,
            Target::NewArea => NEW_AREA,
            Target::NewRoom => NEW_ROOM,
            Target::NewType => NEW_TYPE,
            Target::NewBlocked => NEW_BLOCKED,
            Target::NewCycle => NEW_CYCLE,
            Target::NewField => NEW_FIELD,
            Target::NewRight => NEW_RIGHT,
        }
    }

    /// A new thing: every field is sent, not only those changed.
    pub fn is_new(&self) -> bool {
        !matches!(
            self,
            Target::Site(_)
                | Target::Area(_)
                | Target::Room(_)
                | Target::Type(_)
                | Target::Setting(_)
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    pub original: String,
    pub input: TextInput,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub target: Target,
    /// The row's name, for the title.
    pub name: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Editing,
    Cancelled,
    /// The fields that changed, as the admin functions take them.
    Submit(Map<String, Value>),
}

/// A value as the database returned it, as the user types it.
fn shown(kind: Kind, v: &Value) -> String {
    match (kind, v) {
        (_, Value::Null) => String::new(),
        (Kind::Duration(_), Value::String(s)) => interval_seconds(s)
            .map(crate::setup::model::show_duration)
            .unwrap_or_else(|| s.clone()),
        (Kind::Time, Value::String(s)) => s.get(..5).unwrap_or(s).to_owned(),
        (Kind::Letters, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(","),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// "01:30:00" or "1 day 02:00:00" (PostgreSQL's output) → seconds.
fn interval_seconds(text: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut rest = text.trim();
    if let Some((days, after)) = rest.split_once(" day") {
        total += days.trim().parse::<u32>().ok()? * 86_400;
        rest = after.trim_start_matches('s').trim();
    }
    if rest.is_empty() {
        return Some(total);
    }
    let parts: Vec<u32> = rest
        .split(':')
        .map(|p| p.split('.').next().unwrap_or(p).parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [h, m, s] => Some(total + h * 3600 + m * 60 + s),
        [h, m] => Some(total + h * 3600 + m * 60),
        _ => None,
    }
}

impl Edit {
    /// The form for `target`, filled from its row as the database returned it.
    pub fn new(target: Target, name: String, row: &Value) -> Edit {
        let fields = target
            .fields()
            .iter()
            .map(|(key, kind)| {
                let original = shown(*kind, &row[*key]);
                Field {
                    key,
                    kind: *kind,
                    input: TextInput::new(original.clone()),
                    original,
                }
            })
            .collect();
        Edit {
            target,
            name,
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn key(&mut self, key: &KeyIn, lang: Lang) -> Outcome {
        if crate::tui::widgets::input::move_focus(&mut self.focus, self.fields.len(), key.action) {
            return Outcome::Editing;
        }
        match key.action {
            Some(Action::Cancel) => return Outcome::Cancelled,
            Some(Action::Confirm | Action::Save) => match self.check(lang) {
                Ok(changes) => return Outcome::Submit(changes),
                Err((i, text)) => {
                    self.focus = i;
                    self.error = Some(text);
                }
            },
            _ if key.typed.is_some() || key.event.code == crossterm::event::KeyCode::Backspace => {
                self.fields[self.focus].input.key(key);
                self.error = None;
            }
            _ => {}
        }
        Outcome::Editing
    }

    /// The changed fields, each read as its kind; the first one wrong, named, otherwise.
    pub fn check(&self, lang: Lang) -> Result<Map<String, Value>, (usize, String)> {
        let mut changes = Map::new();
        for (i, f) in self.fields.iter().enumerate() {
            let text = f.input.text.trim();
            // A new thing sends every field filled and needs those without a default; a
            // change sends what changed.
            if self.target.is_new() {
                if text.is_empty() {
                    match f.kind {
                        Kind::Text | Kind::Date(false) | Kind::Int | Kind::Color => {
                            return Err((i, tr(T::EditNeeded, &[&f.key, &text])));
                        }
                        _ => continue,
                    }
                }
            } else if text == f.original.trim() {
                continue;
            }
            let bad = |t: T| (i, tr(t, &[&f.key, &text]));
            let value = match f.kind {
                Kind::Text if text.is_empty() => return Err(bad(T::EditNeeded)),
                Kind::Text => Value::String(text.to_owned()),
                Kind::Optional if text.is_empty() => Value::Null,
                Kind::Optional => Value::String(text.to_owned()),
                Kind::Int => match text.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => return Err(bad(T::EditNumber)),
                },
                Kind::Bool => match text.to_lowercase().as_str() {
                    "true" | "yes" | "oui" | "y" | "o" | "1" => Value::Bool(true),
                    "false" | "no" | "non" | "n" | "0" => Value::Bool(false),
                    _ => return Err(bad(T::EditYesNo)),
                },
                Kind::Duration(true) if text.is_empty() => Value::Null,
                Kind::Duration(_) => match crate::setup::model::parse_duration(text) {
                    Some(s) => Value::String(format!("{s} seconds")),
                    None => return Err(bad(T::EditDuration)),
                },
                Kind::Date(true) if text.is_empty() => Value::Null,
                Kind::Date(_) => match crate::booking::model::typed::parse_date(text, lang) {
                    Some(d) => Value::String(d.to_string()),
                    None => return Err(bad(T::EditDate)),
                },
                Kind::Time => match crate::setup::model::parse_time(text) {
                    Some(t) => Value::String(t.format("%H:%M").to_string()),
                    None => return Err(bad(T::EditTime)),
                },
                Kind::Color => {
                    let hex = text.strip_prefix('#').unwrap_or("");
                    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                        return Err(bad(T::EditColor));
                    }
                    Value::String(text.to_lowercase())
                }
                Kind::Letters if text.is_empty() => Value::Null,
                Kind::Letters => Value::Array(
                    text.split(',')
                        .map(|l| l.trim().to_uppercase())
                        .filter(|l| !l.is_empty())
                        .map(Value::String)
                        .collect(),
                ),
                Kind::Choice(words) => {
                    if !words.contains(&text) {
                        let list = words
                            .iter()
                            .map(|w| if w.is_empty() { "—" } else { w })
                            .collect::<Vec<_>>()
                            .join(", ");
                        return Err((i, tr(T::EditChoice, &[&f.key, &text, &list])));
                    }
                    if text.is_empty() {
                        Value::Null
                    } else {
                        Value::String(text.to_owned())
                    }
                }
            };
            changes.insert(f.key.to_owned(), value);
        }
        if changes.is_empty() && !self.target.is_new() {
            return Err((self.focus, T::EditNothing.text(lang).to_owned()));
        }
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn room() -> Edit {
        Edit::new(
            Target::Room(3),
            "Labo".into(),
            &json!({"name": "Labo", "description": "", "capacity": 24, "moderated": false,
                    "unavailable": false, "max_duration": "01:30:00", "book_for_others": null,
                    "visibility": "visitor", "show_sheet": true}),
        )
    }

    #[test]
    fn only_changed_fields_go_each_read_as_its_kind() {
        let mut e = room();
        assert_eq!(e.fields[8].input.text, "1h30m", "a duration as it is typed");
        e.fields[2].input.text = "30".into();
        e.fields[3].input.text = "oui".into();
        e.fields[8].input.text = "2h".into();
        e.fields[11].input.text = "user".into();
        let c = e.check(Lang::En).unwrap();
        assert_eq!(
            Value::Object(c),
            json!({"capacity": 30, "moderated": true, "max_duration": "7200 seconds", "book_for_others": "user"})
        );
    }

    #[test]
    fn a_wrong_value_is_named_with_its_field_and_focused() {
        let mut e = room();
        e.fields[2].input.text = "beaucoup".into();
        let (i, text) = e.check(Lang::En).unwrap_err();
        assert_eq!(i, 2);
        assert!(
            text.contains("capacity") && text.contains("beaucoup"),
            "{text}"
        );
        e.fields[2].input.text = "24".into();
        e.fields[14].input.text = "everyone".into();
        let (i, text) = e.check(Lang::En).unwrap_err();
        assert_eq!(i, 14);
        assert!(text.contains("visitor, user"), "{text}");
        e.fields[14].input.text = "visitor".into();
        assert!(e.check(Lang::En).unwrap_err().1.contains("nothing"));
    }

    #[test]
    fn a_new_thing_sends_every_field_filled_and_needs_its_names() {
        let mut e = Edit::new(Target::NewBlocked, String::new(), &json!({}));
        assert!(e.check(Lang::En).is_err(), "a day is needed");
        e.fields[0].input.text = "25/12/2026".into();
        e.fields[2].input.text = "keep".into();
        assert_eq!(
            Value::Object(e.check(Lang::Fr).unwrap()),
            json!({"day": "2026-12-25", "bookings": "keep"})
        );
        let mut r = Edit::new(Target::NewRight, String::new(), &json!({}));
        r.fields[0].input.text = "room_manager".into();
        r.fields[1].input.text = "Labo".into();
        let (i, text) = r.check(Lang::En).unwrap_err();
        assert_eq!(i, 2);
        assert!(text.contains("login"), "{text}");
    }

    #[test]
    fn intervals_are_read_as_postgresql_writes_them() {
        assert_eq!(interval_seconds("00:15:00"), Some(900));
        assert_eq!(interval_seconds("1 day 02:00:00"), Some(93_600));
        assert_eq!(interval_seconds("2 days"), Some(172_800));
        assert_eq!(interval_seconds("soon"), None);
    }
}
