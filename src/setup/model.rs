//! The setup file's shape and the checks that need no database: units, days, times, colours,
//! references between entries. Every problem names the entry (`[[room]] #3 “Labo 101”`) and
//! the key; TOML syntax errors come with their line from the parser.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::booking::model::rule_json::parse_weekday;

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The area a new user lands on (an area's name); else the first area of the first site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_area: Option<String>,
    /// -1: no limit over all rooms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bookings_per_user: Option<i32>,
    #[serde(default, rename = "site", skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<Site>,
    #[serde(default, rename = "type", skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<BookingType>,
    #[serde(default, rename = "area", skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    #[serde(default, rename = "field", skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(default, rename = "room", skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<Room>,
    #[serde(default, rename = "user", skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<User>,
    #[serde(default, rename = "site_admin", skip_serializing_if = "Vec::is_empty")]
    pub site_admins: Vec<SiteRight>,
    #[serde(default, rename = "area_admin", skip_serializing_if = "Vec::is_empty")]
    pub area_admins: Vec<AreaRight>,
    #[serde(default, rename = "area_access", skip_serializing_if = "Vec::is_empty")]
    pub area_access: Vec<AreaRight>,
    #[serde(
        default,
        rename = "room_manager",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub room_managers: Vec<RoomRight>,
    #[serde(default, rename = "room_mail", skip_serializing_if = "Vec::is_empty")]
    pub room_mail: Vec<RoomRight>,
    /// Users who may book the room for someone else, whatever their status.
    #[serde(
        default,
        rename = "room_delegate",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub room_delegates: Vec<RoomRight>,
    #[serde(default, rename = "blocked_day", skip_serializing_if = "Vec::is_empty")]
    pub blocked_days: Vec<BlockedDay>,
    #[serde(default, rename = "cycle_day", skip_serializing_if = "Vec::is_empty")]
    pub cycle_days: Vec<CycleDay>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub code: String,
    pub name: String,
    /// Archived: hidden with its areas and rooms, bookings kept.
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BookingType {
    pub letter: String,
    pub name: String,
    pub color: String,
    #[serde(default)]
    pub order: i32,
    /// No longer offered to new bookings.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
}

fn public() -> String {
    "public".into()
}
fn monday() -> String {
    "monday".into()
}
fn weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .map(String::from)
        .to_vec()
}
fn eight() -> String {
    "08:00".into()
}
fn nineteen() -> String {
    "19:00".into()
}
fn quarter() -> String {
    "15m".into()
}
fn hour() -> String {
    "1h".into()
}
fn no_limit() -> i32 {
    -1
}
fn visitor() -> String {
    "visitor".into()
}
fn user() -> String {
    "user".into()
}
fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub name: String,
    pub site: String,
    #[serde(default = "public")]
    pub access: String,
    #[serde(default = "monday")]
    pub week_starts: String,
    #[serde(default = "weekdays")]
    pub days: Vec<String>,
    #[serde(default = "eight")]
    pub start: String,
    #[serde(default = "nineteen")]
    pub end: String,
    #[serde(default = "quarter")]
    pub resolution: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<String>>,
    #[serde(default)]
    pub twelve_hour: bool,
    #[serde(default = "hour")]
    pub default_duration: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_type: Option<String>,
    /// The types used here; absent: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    #[serde(default = "no_limit")]
    pub max_bookings_per_user: i32,
    #[serde(default)]
    pub order: i32,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub area: String,
    pub name: String,
    /// text, multiline or list
    pub kind: String,
    /// For lists: "choice1|choice2" as GRR writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<String>,
    #[serde(default)]
    pub mandatory: bool,
    #[serde(default)]
    pub order: i32,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Room {
    pub area: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub capacity: i32,
    #[serde(default = "no_limit")]
    pub max_bookings_per_user: i32,
    #[serde(default = "no_limit")]
    pub max_days_ahead: i32,
    #[serde(default)]
    pub min_minutes_before: i32,
    /// "2h", "90m"; absent: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<String>,
    #[serde(default)]
    pub allow_past: bool,
    #[serde(default)]
    pub unavailable: bool,
    #[serde(default)]
    pub moderated: bool,
    #[serde(default)]
    pub tentative_days: i32,
    /// The lowest status that may book for others: admin, user_manager or user; absent: the
    /// room's managers and administrators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub book_for_others: Option<String>,
    #[serde(default)]
    pub users_may_not_modify_own: bool,
    #[serde(default)]
    pub tracks_loans: bool,
    /// The lowest status that sees the room.
    #[serde(default = "visitor")]
    pub visibility: String,
    #[serde(default)]
    pub order: i32,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub login: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default = "user")]
    pub status: String,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Make a PostgreSQL role that already exists (and is not yet a user here) a user of this
    /// database. Without it such a login is refused: it may be another database's user.
    #[serde(default, skip_serializing_if = "is_false")]
    pub adopt: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRight {
    pub login: String,
    pub site: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AreaRight {
    pub login: String,
    pub area: String,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoomRight {
    pub login: String,
    /// A room name, or "Area/Room" when two areas have a room of that name.
    pub room: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlockedDay {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CycleDay {
    pub date: NaiveDate,
    pub day: u32,
}

/// "15m", "1h", "90s", "1h30m", "900" (seconds, as GRR stores them) → seconds.
pub fn parse_duration(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Ok(seconds) = t.parse::<u32>() {
        return Some(seconds);
    }
    let mut total = 0u32;
    let mut number = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u32 = number.parse().ok()?;
        number.clear();
        total += n * match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
    }
    (number.is_empty() && total > 0).then_some(total)
}

/// Seconds as the shortest of "1h30m", "15m", "45s".
pub fn show_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    if t == "24:00" {
        return NaiveTime::from_hms_opt(23, 59, 59);
    }
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

/// Days as the bit set the schema keeps: bit 0 Monday … bit 6 Sunday.
pub fn days_mask(days: &[String]) -> Result<i16, String> {
    let mut mask = 0i16;
    for d in days {
        let day = parse_weekday(d).ok_or_else(|| d.clone())?;
        mask |= 1 << day.num_days_from_monday();
    }
    Ok(mask)
}

pub fn mask_days(mask: i16) -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, d)| (*d).to_owned())
        .collect()
}

/// The start and end a period label gives: "M1 8h10-9h00" → 08:10, 09:00.
pub fn period_bounds(label: &str) -> Option<(NaiveTime, NaiveTime)> {
    let chars: Vec<char> = label.chars().collect();
    let mut times = Vec::new();
    let mut i = 0;
    while i < chars.len() && times.len() < 2 {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let hour: String = chars[i..j].iter().collect();
        if j - i <= 2 && j < chars.len() && (chars[j] == 'h' || chars[j] == ':') {
            let mut k = j + 1;
            while k < chars.len() && k < j + 3 && chars[k].is_ascii_digit() {
                k += 1;
            }
            let minute: String = chars[j + 1..k].iter().collect();
            let minute: u32 = if minute.is_empty() {
                0
            } else {
                minute.parse().ok()?
            };
            times.push(NaiveTime::from_hms_opt(hour.parse().ok()?, minute, 0)?);
            i = k;
        } else {
            i = j;
        }
    }
    match times[..] {
        [start, end] => Some((start, end)),
        _ => None,
    }
}

/// "8h10-9h00", "08:10-09:00", "M1 8h10 - 9h00": a period label has its two times.
pub fn period_has_times(label: &str) -> bool {
    period_bounds(label).is_some()
}

const STATUSES: [&str; 4] = ["admin", "user_manager", "user", "visitor"];

/// The longest text each key takes (the database's limits), as (key, characters).
fn too_long(texts: &[(&str, &str, usize)]) -> Vec<String> {
    texts
        .iter()
        .filter_map(|(key, value, limit)| {
            let n = value.chars().count();
            (n > *limit).then(|| format!("{key}: at most {limit} characters, not {n}"))
        })
        .collect()
}

/// Every problem of the file that needs no database, each naming its entry and key.
pub fn check(setup: &Setup) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |entry: String, msg: String| problems.push(format!("{entry}: {msg}"));
    for problem in too_long(&[("site_name", setup.site_name.as_deref().unwrap_or(""), 200)]) {
        say("site_name".into(), problem);
    }
    if let Some(name) = setup.default_area.as_deref().filter(|n| !n.is_empty()) {
        if !setup.areas.is_empty() && !setup.areas.iter().any(|a| a.name == name) {
            say(
                "default_area".into(),
                format!("“{name}” is not one of the file's [[area]] names"),
            );
        }
    }
    for (i, x) in setup.sites.iter().enumerate() {
        for problem in too_long(&[("name", &x.name, 80)]) {
            say(format!("[[site]] #{} “{}”", i + 1, x.code), problem);
        }
    }
    for (i, x) in setup.types.iter().enumerate() {
        for problem in too_long(&[("name", &x.name, 40)]) {
            say(format!("[[type]] #{} “{}”", i + 1, x.letter), problem);
        }
    }
    for (i, x) in setup.areas.iter().enumerate() {
        for problem in too_long(&[("name", &x.name, 80)]) {
            say(format!("[[area]] #{}", i + 1), problem);
        }
    }
    for (i, x) in setup.fields.iter().enumerate() {
        for problem in too_long(&[("name", &x.name, 40)]) {
            say(format!("[[field]] #{}", i + 1), problem);
        }
    }
    for (i, x) in setup.rooms.iter().enumerate() {
        for problem in too_long(&[
            ("name", &x.name, 80),
            ("description", &x.description, 65_536),
        ]) {
            say(format!("[[room]] #{}", i + 1), problem);
        }
    }
    for (i, x) in setup.users.iter().enumerate() {
        for problem in too_long(&[("name", &x.name, 200)]) {
            say(format!("[[user]] #{} “{}”", i + 1, x.login), problem);
        }
        if x.login.starts_with("pg_") {
            say(
                format!("[[user]] #{} “{}”", i + 1, x.login),
                "login: names starting with pg_ belong to PostgreSQL itself".into(),
            );
        }
    }
    if let Some(tz) = &setup.timezone {
        if tz.parse::<chrono_tz::Tz>().is_err() {
            say(
                "timezone".into(),
                format!("“{tz}” is not a time zone name (e.g. America/Toronto)"),
            );
        }
    }
    let sites: BTreeSet<&str> = setup.sites.iter().map(|s| s.code.as_str()).collect();
    let areas: BTreeSet<&str> = setup.areas.iter().map(|a| a.name.as_str()).collect();
    let types: BTreeSet<&str> = setup.types.iter().map(|t| t.letter.as_str()).collect();
    for (i, t) in setup.types.iter().enumerate() {
        let entry = format!("[[type]] #{} “{}”", i + 1, t.letter);
        if t.letter.is_empty()
            || t.letter.len() > 2
            || !t.letter.chars().all(|c| c.is_ascii_uppercase())
        {
            say(entry.clone(), "letter: A to Z, then AA, AB…".into());
        }
        let hex = t.color.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            say(entry, format!("color “{}”: #rrggbb", t.color));
        }
    }
    for (i, a) in setup.areas.iter().enumerate() {
        let entry = format!("[[area]] #{} “{}”", i + 1, a.name);
        if !sites.contains(a.site.as_str()) {
            say(
                entry.clone(),
                format!("site “{}” is not a [[site]] code of the file", a.site),
            );
        }
        if !["public", "restricted"].contains(&a.access.as_str()) {
            say(
                entry.clone(),
                format!("access “{}”: public or restricted", a.access),
            );
        }
        if parse_weekday(&a.week_starts).is_none() {
            say(
                entry.clone(),
                format!("week_starts “{}”: a day such as monday", a.week_starts),
            );
        }
        match days_mask(&a.days) {
            Ok(0) => say(entry.clone(), "days: at least one day".into()),
            Ok(_) => {}
            Err(d) => say(
                entry.clone(),
                format!("days: “{d}” is not a day (mon, tue…)"),
            ),
        }
        match (parse_time(&a.start), parse_time(&a.end)) {
            (Some(s), Some(e)) if e > s => {}
            (Some(_), Some(_)) => say(entry.clone(), "end must be after start".into()),
            _ => say(
                entry.clone(),
                format!("start/end “{}”/“{}”: HH:MM", a.start, a.end),
            ),
        }
        if parse_duration(&a.resolution).is_none_or(|s| s > 86_400) {
            say(
                entry.clone(),
                format!("resolution “{}”: such as 15m, 1h or 900", a.resolution),
            );
        }
        if parse_duration(&a.default_duration).is_none() {
            say(
                entry.clone(),
                format!("default_duration “{}”: such as 1h", a.default_duration),
            );
        }
        for p in a.periods.iter().flatten() {
            if !period_has_times(p) {
                say(
                    entry.clone(),
                    format!("period “{p}”: give its times, such as 8h10-9h00"),
                );
            }
        }
        for t in a.types.iter().flatten().chain(a.default_type.iter()) {
            if !types.contains(t.as_str()) {
                say(
                    entry.clone(),
                    format!("type “{t}” is not a [[type]] letter of the file"),
                );
            }
        }
    }
    for (i, f) in setup.fields.iter().enumerate() {
        let entry = format!("[[field]] #{} “{}”", i + 1, f.name);
        if !areas.contains(f.area.as_str()) {
            say(
                entry.clone(),
                format!("area “{}” is not an [[area]] of the file", f.area),
            );
        }
        if !["text", "multiline", "list"].contains(&f.kind.as_str()) {
            say(
                entry.clone(),
                format!("kind “{}”: text, multiline or list", f.kind),
            );
        }
        if f.kind == "list" && f.choices.as_deref().is_none_or(|c| c.trim().is_empty()) {
            say(entry, "a list needs choices = \"a|b|c\"".into());
        }
    }
    for (i, r) in setup.rooms.iter().enumerate() {
        let entry = format!("[[room]] #{} “{}”", i + 1, r.name);
        if !areas.contains(r.area.as_str()) {
            say(
                entry.clone(),
                format!("area “{}” is not an [[area]] of the file", r.area),
            );
        }
        if let Some(d) = &r.max_duration {
            if parse_duration(d).is_none() {
                say(entry.clone(), format!("max_duration “{d}”: such as 2h"));
            }
        }
        for (key, value) in [
            ("book_for_others", r.book_for_others.as_deref()),
            ("visibility", Some(r.visibility.as_str())),
        ] {
            if let Some(v) = value {
                if !STATUSES.contains(&v) {
                    say(
                        entry.clone(),
                        format!("{key} “{v}”: admin, user_manager, user or visitor"),
                    );
                }
            }
        }
        for (key, v) in [
            ("max_bookings_per_user", r.max_bookings_per_user),
            ("max_days_ahead", r.max_days_ahead),
        ] {
            if v < -1 {
                say(entry.clone(), format!("{key} {v}: -1 (no limit) or more"));
            }
        }
        for (key, v) in [
            ("min_minutes_before", r.min_minutes_before),
            ("tentative_days", r.tentative_days),
            ("capacity", r.capacity),
        ] {
            if v < 0 {
                say(entry.clone(), format!("{key} {v}: 0 or more"));
            }
        }
    }
    let mut logins = BTreeSet::new();
    for (i, u) in setup.users.iter().enumerate() {
        let entry = format!("[[user]] #{} “{}”", i + 1, u.login);
        if u.login.is_empty()
            || u.login.len() > 63
            || u.login.chars().any(|c| c.is_control() || c == '"')
        {
            say(entry.clone(), "login: 1 to 63 characters, no quotes".into());
        }
        if !logins.insert(u.login.as_str()) {
            say(entry.clone(), "this login is already in the file".into());
        }
        if !STATUSES.contains(&u.status.as_str()) {
            say(
                entry.clone(),
                format!(
                    "status “{}”: admin, user_manager, user or visitor",
                    u.status
                ),
            );
        }
        if let Some(l) = &u.language {
            if l != "fr" && l != "en" {
                say(entry, format!("language “{l}”: fr or en"));
            }
        }
    }
    let rooms: BTreeSet<String> = setup
        .rooms
        .iter()
        .flat_map(|r| [r.name.clone(), format!("{}/{}", r.area, r.name)])
        .collect();
    for (kind, list) in [("site_admin", &setup.site_admins)] {
        for (i, x) in list.iter().enumerate() {
            if !sites.contains(x.site.as_str()) {
                say(
                    format!("[[{kind}]] #{} “{}”", i + 1, x.login),
                    format!("site “{}” is not a [[site]] code of the file", x.site),
                );
            }
        }
    }
    for (kind, list) in [
        ("area_admin", &setup.area_admins),
        ("area_access", &setup.area_access),
    ] {
        for (i, x) in list.iter().enumerate() {
            if !areas.contains(x.area.as_str()) {
                say(
                    format!("[[{kind}]] #{} “{}”", i + 1, x.login),
                    format!("area “{}” is not an [[area]] of the file", x.area),
                );
            }
        }
    }
    for (kind, list) in [
        ("room_manager", &setup.room_managers),
        ("room_mail", &setup.room_mail),
    ] {
        for (i, x) in list.iter().enumerate() {
            if !rooms.contains(&x.room) {
                say(
                    format!("[[{kind}]] #{} “{}”", i + 1, x.login),
                    format!("room “{}” is not a [[room]] of the file", x.room),
                );
            }
        }
    }
    for (i, c) in setup.cycle_days.iter().enumerate() {
        if !(1..=100).contains(&c.day) {
            say(
                format!("[[cycle_day]] #{} {}", i + 1, c.date),
                format!("day {}: 1 to 100", c.day),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_grr_seconds_or_units() {
        assert_eq!(parse_duration("900"), Some(900));
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("15 minutes"), None);
        assert_eq!(parse_duration("0m"), None);
        assert_eq!(show_duration(5400), "1h30m");
        assert_eq!(show_duration(900), "15m");
        assert_eq!(show_duration(30), "30s");
    }

    #[test]
    fn periods_need_their_times() {
        assert!(period_has_times("8h10-9h00"));
        assert!(period_has_times("Créneau 1 : 08:10 - 09:00"));
        assert!(!period_has_times("Matin"));
        assert!(!period_has_times("M1 8h"));
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            period_bounds("S1 13h30-14h25"),
            Some((t(13, 30), t(14, 25)))
        );
        assert_eq!(period_bounds("8h-9h"), Some((t(8, 0), t(9, 0))));
    }

    #[test]
    fn problems_name_the_entry_and_the_key() {
        let setup: Setup = toml::from_str(
            r##"
            timezone = "Mars/Olympus"
            [[site]]
            code = "NORD"
            name = "Nord"
            [[type]]
            letter = "A"
            name = "Cours"
            color = "blue"
            [[area]]
            name = "Info"
            site = "SUD"
            days = ["mon", "funday"]
            [[room]]
            area = "Info"
            name = "Labo"
            visibility = "everyone"
            [[room]]
            area = "Maths"
            name = "Salle 2"
            "##,
        )
        .unwrap();
        let problems = check(&setup);
        for expected in [
            "timezone: “Mars/Olympus” is not a time zone",
            "[[type]] #1 “A”: color “blue”",
            "[[area]] #1 “Info”: site “SUD”",
            "[[area]] #1 “Info”: days: “funday”",
            "[[room]] #1 “Labo”: visibility “everyone”",
            "[[room]] #2 “Salle 2”: area “Maths”",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{expected} not in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), 6, "{problems:#?}");
    }

    #[test]
    fn unknown_keys_are_refused_with_their_line() {
        let err = toml::from_str::<Setup>("[[room]]\narea = \"A\"\nname = \"B\"\ncolour = 1\n")
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 4"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn days_round_trip() {
        let days = weekdays();
        let mask = days_mask(&days).unwrap();
        assert_eq!(mask, 31);
        assert_eq!(mask_days(mask), days);
    }
}
