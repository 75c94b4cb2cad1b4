//! The Administration screen's sections: which a user's level shows, their columns, and their
//! rows read from what the admin functions return (pure: the JSON in, lines out).

use serde_json::Value;

use crate::i18n::{Lang, T};
use crate::session::{Session, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Users,
    Sites,
    Areas,
    Rooms,
    Fields,
    Types,
    Blocked,
    Cycle,
    Rights,
    Settings,
    Connections,
    Backups,
    Password,
}

impl Section {
    const ALL: [Section; 13] = [
        Section::Users,
        Section::Sites,
        Section::Areas,
        Section::Rooms,
        Section::Fields,
        Section::Types,
        Section::Blocked,
        Section::Cycle,
        Section::Rights,
        Section::Settings,
        Section::Connections,
        Section::Backups,
        Section::Password,
    ];

    /// The sections a user's level has anything in (seed 003's rights: the database checks
    /// each change again).
    pub fn visible(session: &Session) -> Vec<Section> {
        let admin = session.status == Some(Status::Admin);
        let users = admin || session.status == Some(Status::UserManager);
        let structure = admin || session.holds.site_admin || session.holds.area_admin;
        let rooms = structure || session.holds.room_manager;
        let own_account = matches!(
            session.status,
            Some(Status::Admin | Status::UserManager | Status::User)
        );
        Section::ALL
            .into_iter()
            .filter(|s| match s {
                Section::Users => users,
                Section::Areas | Section::Fields | Section::Rights => structure,
                Section::Rooms => rooms,
                Section::Password => own_account,
                _ => admin,
            })
            .collect()
    }

    pub fn title(self) -> T {
        match self {
            Section::Users => T::AdminSectionUsers,
            Section::Sites => T::AdminSectionSites,
            Section::Areas => T::AdminSectionAreas,
            Section::Rooms => T::AdminSectionRooms,
            Section::Types => T::AdminSectionTypes,
            Section::Fields => T::AdminSectionFields,
            Section::Cycle => T::AdminSectionCycle,
            Section::Blocked => T::AdminSectionBlocked,
            Section::Rights => T::AdminSectionRights,
            Section::Settings => T::AdminSectionSettings,
            Section::Connections => T::AdminSectionConnections,
            Section::Backups => T::AdminSectionBackups,
            Section::Password => T::AdminSectionPassword,
        }
    }

    /// Column headings and widths (the last takes the rest).
    pub fn columns(self) -> &'static [(T, u16)] {
        match self {
            Section::Users => &[
                (T::AdminColLogin, 14),
                (T::AdminColName, 18),
                (T::AdminColStatus, 14),
                (T::AdminColState, 8),
            ],
            Section::Sites => &[
                (T::AdminColCode, 10),
                (T::AdminColName, 24),
                (T::AdminColAreas, 8),
                (T::AdminColAdmins, 20),
            ],
            Section::Areas => &[
                (T::AdminColSite, 8),
                (T::AdminColName, 20),
                (T::AdminColHours, 12),
                (T::AdminColRooms, 6),
                (T::AdminColAdmins, 16),
            ],
            Section::Rooms => &[
                (T::AdminColArea, 16),
                (T::AdminColName, 22),
                (T::AdminColCapacity, 5),
                (T::AdminColManagers, 16),
            ],
            Section::Types => &[
                (T::AdminColLetter, 4),
                (T::AdminColName, 22),
                (T::AdminColColor, 8),
                (T::AdminColBookings, 10),
            ],
            Section::Blocked => &[(T::AdminColDay, 12), (T::AdminColReason, 40)],
            Section::Cycle => &[(T::AdminColDay, 12), (T::AdminColCycle, 10)],
            Section::Fields => &[
                (T::AdminColArea, 16),
                (T::AdminColName, 18),
                (T::AdminColKind, 10),
                (T::AdminColChoices, 12),
            ],
            Section::Rights => &[
                (T::AdminColRight, 14),
                (T::AdminColOn, 24),
                (T::AdminColLogin, 16),
            ],
            Section::Settings => &[(T::AdminColSetting, 26), (T::AdminColValue, 30)],
            Section::Connections => &[
                (T::AdminColStarted, 11),
                (T::AdminColLogin, 14),
                (T::AdminColFrom, 15),
                (T::AdminColEnd, 16),
            ],
            Section::Backups => &[
                (T::AdminColFile, 36),
                (T::AdminColSize, 8),
                (T::AdminColModified, 16),
            ],
            Section::Password => &[],
        }
    }
}

/// One line of a section: what actions name it by, its cells, and whether it is archived,
/// hidden or deactivated (drawn muted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub key: String,
    pub id: Option<i64>,
    pub cells: Vec<String>,
    pub off: bool,
}

use crate::output::field_text as text;

fn logins(v: &Value) -> String {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of `section` from the JSON list its load returned; times in `tz`.
pub fn rows(section: Section, list: &Value, lang: Lang, tz: chrono_tz::Tz) -> Vec<Item> {
    let at = |v: &Value, key: &str| {
        v[key]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&tz).format("%d/%m %H:%M").to_string())
            .unwrap_or_default()
    };
    let flag = |v: &Value, key: &str| v[key] == Value::Bool(true);
    list.as_array()
        .into_iter()
        .flatten()
        .map(|v| match section {
            Section::Users => Item {
                key: text(v, "login"),
                id: None,
                cells: vec![
                    text(v, "login"),
                    text(v, "name"),
                    Status::parse(&text(v, "status"))
                        .map_or_else(|| text(v, "status"), |s| s.label(lang).to_owned()),
                    if flag(v, "active") {
                        String::new()
                    } else {
                        T::AdminInactive.text(lang).to_owned()
                    },
                ],
                off: !flag(v, "active"),
            },
            Section::Sites => Item {
                key: text(v, "code"),
                id: v["id"].as_i64(),
                cells: vec![
                    text(v, "code"),
                    text(v, "name"),
                    text(v, "areas"),
                    logins(&v["admins"]),
                ],
                off: flag(v, "archived"),
            },
            Section::Areas => Item {
                key: text(v, "name"),
                id: v["id"].as_i64(),
                cells: vec![
                    text(v, "site"),
                    text(v, "name"),
                    format!("{}–{}", text(v, "day_start"), text(v, "day_end")),
                    text(v, "rooms"),
                    logins(&v["admins"]),
                ],
                off: flag(v, "archived"),
            },
            Section::Rooms => Item {
                key: text(v, "name"),
                id: v["id"].as_i64(),
                cells: vec![
                    text(v, "area"),
                    text(v, "name"),
                    text(v, "capacity"),
                    logins(&v["managers"]),
                ],
                off: flag(v, "archived"),
            },
            Section::Types => Item {
                key: text(v, "letter"),
                id: None,
                cells: vec![
                    text(v, "letter"),
                    text(v, "name"),
                    text(v, "color"),
                    text(v, "bookings"),
                ],
                off: flag(v, "hidden"),
            },
            Section::Blocked => Item {
                key: text(v, "day"),
                id: None,
                cells: vec![text(v, "day"), text(v, "reason")],
                off: false,
            },
            Section::Cycle => Item {
                key: text(v, "day"),
                id: None,
                cells: vec![text(v, "day"), text(v, "cycle")],
                off: false,
            },
            Section::Fields => Item {
                key: text(v, "name"),
                id: v["area_id"].as_i64(),
                cells: vec![
                    text(v, "area"),
                    format!(
                        "{}{}",
                        text(v, "name"),
                        if flag(v, "mandatory") { " *" } else { "" }
                    ),
                    text(v, "kind"),
                    logins(&v["choices"]).replace(", ", "|"),
                ],
                off: false,
            },
            Section::Rights => Item {
                key: format!("{}/{}/{}", text(v, "kind"), text(v, "id"), text(v, "login")),
                id: v["id"].as_i64(),
                cells: vec![text(v, "kind"), text(v, "on"), text(v, "login")],
                off: false,
            },
            Section::Settings => Item {
                key: text(v, "name"),
                id: None,
                cells: vec![text(v, "name"), text(v, "value")],
                off: false,
            },
            Section::Connections => Item {
                key: text(v, "id"),
                id: v["id"].as_i64(),
                cells: vec![
                    at(v, "started_at"),
                    text(v, "login"),
                    text(v, "client_addr"),
                    match v["ended"].as_str() {
                        Some("exit") => at(v, "ended_at"),
                        Some(_) => format!("{} ✗", at(v, "ended_at")),
                        None => T::AdminConnectionOpen.text(lang).to_owned(),
                    },
                ],
                off: false,
            },
            Section::Backups => Item {
                key: text(v, "file"),
                id: None,
                cells: vec![text(v, "file"), text(v, "size"), at(v, "modified")],
                off: false,
            },
            Section::Password => Item {
                key: String::new(),
                id: None,
                cells: Vec::new(),
                off: false,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Holds;

    fn session(status: Status, holds: Holds) -> Session {
        Session {
            login: "x".into(),
            display_name: None,
            status: Some(status),
            language: None,
            timezone: "UTC".into(),
            site_name: String::new(),
            import_date_order: "dmy".into(),
            manages_people: false,
            dead_letters: 0,
            welcome: String::new(),
            holds,
        }
    }

    #[test]
    fn each_level_sees_the_sections_it_has_rights_in() {
        let none = Holds::default();
        assert_eq!(Section::visible(&session(Status::Admin, none)).len(), 13);
        assert_eq!(
            Section::visible(&session(Status::UserManager, none)),
            vec![Section::Users, Section::Password]
        );
        let area = Holds {
            area_admin: true,
            ..none
        };
        assert_eq!(
            Section::visible(&session(Status::User, area)),
            vec![
                Section::Areas,
                Section::Rooms,
                Section::Fields,
                Section::Rights,
                Section::Password
            ]
        );
        let manager = Holds {
            room_manager: true,
            ..none
        };
        assert_eq!(
            Section::visible(&session(Status::User, manager)),
            vec![Section::Rooms, Section::Password]
        );
        assert_eq!(
            Section::visible(&session(Status::User, none)),
            vec![Section::Password]
        );
        assert!(Section::visible(&session(Status::Visitor, none)).is_empty());
    }

    #[test]
    fn rows_are_read_from_the_lists_and_archived_ones_are_marked() {
        let list = serde_json::json!([
            {"id": 3, "area": "Sciences", "name": "Labo", "capacity": 24, "managers": ["kb", "al"], "archived": false},
            {"id": 4, "area": "Sciences", "name": "Vieux labo", "capacity": 0, "managers": [], "archived": true}
        ]);
        let r = rows(Section::Rooms, &list, Lang::En, chrono_tz::UTC);
        assert_eq!(r[0].cells, vec!["Sciences", "Labo", "24", "kb, al"]);
        assert_eq!(r[0].id, Some(3));
        assert!(!r[0].off && r[1].off);
        let users = serde_json::json!([{"login": "bob", "name": "Bob", "status": "user_manager", "active": false}]);
        let u = rows(Section::Users, &users, Lang::En, chrono_tz::UTC);
        assert_eq!(u[0].key, "bob");
        assert!(u[0].off);
        assert_eq!(u[0].cells[3], "inactive");
    }
}
