//! `intendant booking …` and `intendant tasks run`: the booking engine for scripts.
//! Exit 0 success, 4 refused by a rule or right, 2 bad input. Times are read and written in
//! the installation's time zone; JSON times are RFC 3339 with their offset.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use super::model::refusal::{skip_reason, Reason, Refusal};
use super::model::repeat::{expand, ExpandError, Occurrence, Rule, Series};
use super::model::repeat::{ChoiceError, Kind as RepeatKind};
use super::model::rule_json::parse_days;
use super::model::typed;
use super::store::{self, BookingError, Details, NewBooking, Scope, Settings};
use crate::db::Database;
use crate::i18n::{tr, T};

#[derive(Subcommand)]
pub enum BookingCommand {
    /// Book a room, once or with a repeat
    Add(AddArgs),
    /// List the bookings of a room or an area between two dates
    List {
        #[arg(long)]
        room: Option<String>,
        #[arg(long, conflicts_with = "room")]
        area: Option<String>,
        /// YYYY-MM-DD (from its start); with --blocked, today when not given
        #[arg(long, required_unless_present = "blocked")]
        from: Option<String>,
        /// YYYY-MM-DD (to its end); with --blocked, a year ahead when not given
        #[arg(long, required_unless_present = "blocked")]
        to: Option<String>,
        /// Only the bookings that fall on a blocked day (blocked after they were made):
        /// administrators move or delete them
        #[arg(long)]
        blocked: bool,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Change one booking (it leaves its series), or with --series regenerate the whole series
    Edit {
        id: i64,
        #[command(flatten)]
        what: AddArgs,
        /// Apply to the whole series: its occurrences are regenerated from the rule
        #[arg(long)]
        series: bool,
    },
    /// Delete (archive) a booking, or with --series every occurrence of its series
    Delete {
        id: i64,
        #[arg(long)]
        series: bool,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Remove a booking's periodicity: its occurrences become independent bookings
    Detach {
        id: i64,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Accept or refuse a pending booking (or every pending occurrence of its series)
    Moderate {
        id: i64,
        /// accept or refuse
        decision: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        series: bool,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Mark a loan: returned, borrowed, or overdue (borrowed, with daily notices)
    Loan {
        id: i64,
        #[arg(value_enum)]
        state: crate::booking::model::state::Loan,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Confirm a tentative booking
    Confirm {
        id: i64,
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
    /// Block a time range on many rooms, on a calendar of dates
    Bulk(BulkArgs),
}

#[derive(Args, Clone, Default)]
pub struct AddArgs {
    /// A room name, AREA/ROOM, or its id
    #[arg(long)]
    pub room: Option<String>,
    /// YYYY-MM-DD HH:MM
    #[arg(long)]
    pub start: Option<String>,
    /// YYYY-MM-DD HH:MM, or HH:MM on the start's day
    #[arg(long)]
    pub end: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// The booking type's letter
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Book for this user
    #[arg(long, conflicts_with = "external")]
    pub beneficiary: Option<String>,
    /// Book for someone outside: "Name <email>"
    #[arg(long)]
    pub external: Option<String>,
    #[arg(long)]
    pub short_description: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// An additional field of the area: NAME=VALUE (repeatable)
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Tentative: confirm by YYYY-MM-DD HH:MM or it is deleted
    #[arg(long)]
    pub confirm_by: Option<String>,
    /// How the booking repeats
    #[arg(long, value_enum)]
    pub repeat: Option<RepeatKind>,
    /// Every N days/weeks/months/years
    #[arg(long, default_value_t = 1)]
    pub every: u32,
    /// For weekly: mon,wed… (default: the start's day)
    #[arg(long)]
    pub days: Option<String>,
    /// For cycle: the cycle day J1…Jn
    #[arg(long)]
    pub cycle_day: Option<u32>,
    /// For monthly-weekday: the last such weekday of the month, not the nth
    #[arg(long)]
    pub last: bool,
    /// The last date a repeat may book
    #[arg(long)]
    pub until: Option<String>,
    /// Book what is free and report the conflicting dates instead of refusing the series
    #[arg(long)]
    pub skip_conflicts: bool,
    #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
    pub format: crate::output::Format,
}

#[derive(Args, Clone)]
pub struct BulkArgs {
    /// Rooms, comma separated (names, AREA/ROOM or ids)
    #[arg(long, required = true)]
    pub rooms: String,
    /// Dates, comma separated YYYY-MM-DD
    #[arg(long, required = true)]
    pub dates: String,
    /// HH:MM
    #[arg(long)]
    pub from: String,
    /// HH:MM
    #[arg(long)]
    pub to: String,
    /// The blocking booking's name; without it the range is only freed
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Replace the bookings in the way (they stay in the history)
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
    pub format: crate::output::Format,
}

fn bad(what: T, args: &[&dyn std::fmt::Display]) -> BookingError {
    BookingError::BadInput(tr(what, args))
}

/// A date as the user's language writes it (ISO always).
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, BookingError> {
    let lang = crate::i18n::current();
    typed::parse_date(text, lang)
        .ok_or_else(|| bad(T::BookingBadDate, &[&flag, &text, &typed::date_forms(lang)]))
}

fn parse_local(flag: &str, text: &str) -> Result<NaiveDateTime, BookingError> {
    let lang = crate::i18n::current();
    typed::parse_date_time(text, lang)
        .ok_or_else(|| bad(T::BookingBadTime, &[&flag, &text, &typed::date_forms(lang)]))
}

/// A local time as an instant: the first of two when the clocks pass it twice.
pub fn instant(
    flag: &str,
    local: NaiveDateTime,
    tz: Tz,
) -> Result<chrono::DateTime<Tz>, BookingError> {
    tz.from_local_datetime(&local)
        .earliest()
        .ok_or_else(|| bad(T::BookingNoSuchTime, &[&flag, &local, &tz]))
}

fn parse_hm(flag: &str, text: &str) -> Result<NaiveTime, BookingError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| bad(T::BookingBadHour, &[&flag, &text]))
}

/// The end: a full date and time, or a time on the start's day.
/// `--end`: a time on the start's day or a full date and time; never before the start.
fn parse_end(text: &str, start: NaiveDateTime) -> Result<NaiveDateTime, BookingError> {
    let end = match parse_local("--end", text) {
        Ok(end) => end,
        Err(_) => start.date().and_time(parse_hm("--end", text)?),
    };
    if end <= start {
        return Err(bad(
            T::BookingEndBeforeStart,
            &[&text, &start.format("%Y-%m-%d %H:%M")],
        ));
    }
    Ok(end)
}

fn parse_external(text: &str) -> Result<(String, Option<String>), BookingError> {
    let t = text.trim();
    match (t.find('<'), t.rfind('>')) {
        (Some(open), Some(close)) if close > open => {
            let name = t[..open].trim();
            let email = t[open + 1..close].trim();
            if name.is_empty() {
                return Err(bad(
                    T::BookingBadOption,
                    &[&"--external", &text, &"Name <email>"],
                ));
            }
            Ok((name.to_owned(), Some(email.to_owned())))
        }
        _ if !t.is_empty() => Ok((t.to_owned(), None)),
        _ => Err(bad(
            T::BookingBadOption,
            &[&"--external", &text, &"Name <email>"],
        )),
    }
}

impl AddArgs {
    fn details(&self, tz: Tz) -> Result<Details, BookingError> {
        let mut d = Details {
            name: self.name.clone(),
            kind: self.kind.clone().map(|k| k.to_uppercase()),
            beneficiary: self.beneficiary.clone(),
            short_description: self.short_description.clone(),
            description: self.description.clone(),
            ..Details::default()
        };
        if let Some(ext) = &self.external {
            let (name, email) = parse_external(ext)?;
            d.external_name = Some(name);
            d.external_email = email;
        }
        for f in &self.fields {
            let (k, v) = f
                .split_once('=')
                .ok_or_else(|| bad(T::BookingBadOption, &[&"--field", f, &"NAME=VALUE"]))?;
            d.fields.insert(k.trim().to_owned(), v.trim().to_owned());
        }
        if let Some(c) = &self.confirm_by {
            let local = parse_local("--confirm-by", c)?;
            d.tentative_until = Some(instant("--confirm-by", local, tz)?.to_utc());
        }
        if let Some(t) = d.too_long() {
            let option = match t.field {
                "external_name" => "--external".to_owned(),
                "fields" => "--field".to_owned(),
                other => format!("--{}", other.replace('_', "-")),
            };
            return Err(bad(T::TooLong, &[&option, &t.limit, &t.length]));
        }
        Ok(d)
    }

    /// The repeat rule, when --repeat is given.
    fn rule(&self, first: NaiveDate) -> Result<Option<Rule>, BookingError> {
        let Some(kind) = self.repeat else {
            return Ok(None);
        };
        let kind = if kind == RepeatKind::MonthlyWeekday && self.last {
            RepeatKind::MonthlyLastWeekday
        } else {
            kind
        };
        let days = match &self.days {
            Some(text) => Some(parse_days(text).map_err(|d| {
                bad(
                    T::BookingBadOption,
                    &[&"--days", &d, &"mon,tue,wed,thu,fri,sat,sun"],
                )
            })?),
            None => None,
        };
        super::model::repeat::rule_of(kind, self.every, first, days, self.cycle_day)
            .map(Some)
            .map_err(|e| match e {
                ChoiceError::NoDays => bad(
                    T::BookingBadOption,
                    &[&"--days", &"", &"mon,tue,wed,thu,fri,sat,sun"],
                ),
                ChoiceError::NoCycleDay => bad(
                    T::BookingBadOption,
                    &[&"--repeat", &kind.name(), &"--cycle-day N"],
                ),
            })
    }
}

/// What `book` and `edit --series` need: the occurrences, the series and what was skipped.
struct Planned {
    occurrences: Vec<Occurrence>,
    series: Option<Series>,
    skipped: Vec<store::SkippedDate>,
}

async fn plan(
    db: &Database,
    settings: Settings,
    start: NaiveDateTime,
    end: NaiveDateTime,
    rule: Option<Rule>,
    until: Option<&str>,
) -> Result<Planned, BookingError> {
    let tz = settings.tz;
    let Some(rule) = rule else {
        let occurrence = Occurrence {
            start: instant("--start", start, tz)?,
            end: instant("--end", end, tz)?,
        };
        return Ok(Planned {
            occurrences: vec![occurrence],
            series: None,
            skipped: vec![],
        });
    };
    let until = parse_date(
        "--until",
        until.ok_or_else(|| BookingError::BadInput(tr(T::BookingNeedsUntil, &[])))?,
    )?;
    let series = Series {
        start,
        end,
        rule,
        until,
    };
    let calendar = store::calendar(db, start.date(), until).await?;
    match expand(&series, tz, &calendar, settings.max_occurrences) {
        Ok(x) => Ok(Planned {
            occurrences: x.occurrences,
            skipped: store::expansion_skips(&x.skipped),
            series: Some(series),
        }),
        Err(ExpandError::TooMany { max }) => Err(BookingError::Refused(Refusal {
            rule: Reason::TooMany,
            args: json!({"rule": "too_many", "limit": max, "count": format!("> {max}")}),
            message: format!("a series has at most {max} occurrences"),
        })),
        Err(e) => Err(BookingError::BadInput(e.to_string())),
    }
}

#[derive(Subcommand)]
pub enum TasksCommand {
    /// Run the tasks once
    Run {
        #[arg(long, value_enum, default_value_t = crate::output::Format::Text)]
        format: crate::output::Format,
    },
}

/// Runs a booking command; prints the result; returns the exit code.
pub async fn run(cmd: &BookingCommand, db: &Database) -> u8 {
    let settings = match store::settings(db).await {
        Ok(s) => s,
        Err(e) => {
            crate::output::err(&e.to_string());
            return 1;
        }
    };
    let (format, outcome) = match cmd {
        BookingCommand::Add(a) => (&a.format, add(db, settings, a).await),
        BookingCommand::List {
            room,
            area,
            from,
            to,
            blocked,
            format,
        } => {
            let today = chrono::Utc::now().with_timezone(&settings.tz).date_naive();
            let from = from.clone().unwrap_or_else(|| today.to_string());
            let to = to
                .clone()
                .unwrap_or_else(|| (today + Duration::days(366)).to_string());
            let which = (room.as_deref(), area.as_deref(), *blocked);
            (format, list(db, settings, which, &from, &to).await)
        }
        BookingCommand::Edit { id, what, series } => {
            (&what.format, edit(db, settings, *id, what, *series).await)
        }
        BookingCommand::Delete { id, series, format } => (
            format,
            store::delete(db, *id, *series)
                .await
                .map(|ids| json!({"deleted": ids})),
        ),
        BookingCommand::Detach { id, format } => (format, detach(db, *id).await),
        BookingCommand::Moderate {
            id,
            decision,
            reason,
            series,
            format,
        } => (format, moderate(db, *id, decision, reason, *series).await),
        BookingCommand::Loan { id, state, format } => (
            format,
            store::loan(db, *id, *state)
                .await
                .map(|()| json!({"id": id, "loan": state})),
        ),
        BookingCommand::Confirm { id, format } => (
            format,
            store::confirm(db, *id)
                .await
                .map(|ids| json!({"id": id, "confirmed": ids})),
        ),
        BookingCommand::Bulk(b) => (&b.format, bulk(db, settings, b).await),
    };
    report(format.is_json(), outcome, settings.tz)
}

/// `intendant tasks run`.
pub async fn tasks(db: &Database, format: crate::output::Format) -> u8 {
    let outcome = store::run_tasks(db).await;
    report(format.is_json(), outcome, chrono_tz::UTC)
}

fn report(json: bool, outcome: Result<Value, BookingError>, tz: Tz) -> u8 {
    match outcome {
        Ok(v) => {
            if json {
                crate::output::json(&v, false);
            } else {
                crate::output::out_raw_lines(&human(&v));
            }
            0
        }
        Err(e) => {
            crate::output::err(&e.explain(tz));
            e.exit_code()
        }
    }
}

/// Text for people: bookings one per line, anything else as key: value.
fn human(v: &Value) -> String {
    let line = |o: &Value| {
        let field = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("");
        let time = |k: &str| field(k).get(..16).unwrap_or(field(k)).replace('T', " ");
        let mut s = format!(
            "{:>6}  {}–{}",
            o["id"],
            time("start"),
            time("end").get(11..).unwrap_or("")
        );
        for k in ["room", "name", "type", "owner", "state"] {
            if !field(k).is_empty() {
                s.push_str("  ");
                s.push_str(field(k));
            }
        }
        s.push('\n');
        s
    };
    match v {
        Value::Array(items) if items.is_empty() => format!("{}\n", tr(T::BookingNone, &[])),
        Value::Array(items) => items.iter().map(line).collect(),
        Value::Object(map) if map.contains_key("occurrences") => {
            let list = map["occurrences"].as_array().cloned().unwrap_or_default();
            let series = map
                .get("series_id")
                .and_then(Value::as_i64)
                .map(|s| tr(T::BookingSeries, &[&s]))
                .unwrap_or_default();
            let mut out = format!("{}\n", tr(T::BookingBooked, &[&list.len(), &series]));
            out.extend(list.iter().map(line));
            for s in map["skipped"].as_array().into_iter().flatten() {
                let field = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("");
                let why = skip_reason(crate::i18n::current(), field("reason"), field("with"));
                out.push_str(&tr(T::BookingSkipped, &[&field("date"), &why]));
                out.push('\n');
            }
            out
        }
        other => format!("{}\n", tr(T::BookingDone, &[other])),
    }
}

async fn add(db: &Database, settings: Settings, a: &AddArgs) -> Result<Value, BookingError> {
    let room_text = a
        .room
        .as_deref()
        .ok_or_else(|| bad(T::BookingMissingOption, &[&"--room"]))?;
    if a.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(BookingError::BadInput(tr(T::BookingNeedsName, &[])));
    }
    let room = store::find_room(db, room_text).await?;
    let start = parse_local(
        "--start",
        a.start
            .as_deref()
            .ok_or_else(|| bad(T::BookingMissingOption, &[&"--start"]))?,
    )?;
    let end = parse_end(
        a.end
            .as_deref()
            .ok_or_else(|| bad(T::BookingMissingOption, &[&"--end"]))?,
        start,
    )?;
    let details = a.details(settings.tz)?;
    let planned = plan(
        db,
        settings,
        start,
        end,
        a.rule(start.date())?,
        a.until.as_deref(),
    )
    .await?;
    let booked = store::book(
        db,
        settings.tz,
        NewBooking {
            room: room.id,
            occurrences: &planned.occurrences,
            details: &details,
            series: planned.series.as_ref(),
            skipped: &planned.skipped,
            skip_conflicts: a.skip_conflicts,
        },
    )
    .await?;
    Ok(serde_json::to_value(booked).unwrap_or_default())
}

async fn edit(
    db: &Database,
    settings: Settings,
    id: i64,
    a: &AddArgs,
    whole_series: bool,
) -> Result<Value, BookingError> {
    let details = a.details(settings.tz)?;
    let room = match &a.room {
        Some(r) => Some(store::find_room(db, r).await?.id),
        None => None,
    };
    if !whole_series {
        let during = match (&a.start, &a.end) {
            (Some(s), Some(e)) => {
                let start = parse_local("--start", s)?;
                let end = parse_end(e, start)?;
                Some(Occurrence {
                    start: instant("--start", start, settings.tz)?,
                    end: instant("--end", end, settings.tz)?,
                })
            }
            (None, None) => None,
            _ => {
                return Err(bad(
                    T::BookingBadOption,
                    &[&"--start/--end", &"", &tr(T::BookingBothOrNeither, &[])],
                ))
            }
        };
        let booked = store::edit_one(db, settings.tz, id, &details, during, room).await?;
        return Ok(serde_json::to_value(booked).unwrap_or_default());
    }
    let Some((series_id, old)) = store::series_of(db, id).await? else {
        return Err(bad(
            T::BookingBadOption,
            &[&"--series", &id, &tr(T::BookingNotInSeries, &[])],
        ));
    };
    let start = match &a.start {
        Some(s) => parse_local("--start", s)?,
        None => old.start,
    };
    let end = match &a.end {
        Some(e) => parse_end(e, start)?,
        None => start + (old.end - old.start),
    };
    let rule = a.rule(start.date())?.unwrap_or(old.rule);
    let until = a.until.clone().unwrap_or_else(|| old.until.to_string());
    let planned = plan(db, settings, start, end, Some(rule), Some(&until)).await?;
    let booked = store::edit_series(
        db,
        settings.tz,
        series_id,
        NewBooking {
            room: room.unwrap_or_default(),
            occurrences: &planned.occurrences,
            details: &details,
            series: planned.series.as_ref(),
            skipped: &planned.skipped,
            skip_conflicts: a.skip_conflicts,
        },
    )
    .await?;
    Ok(serde_json::to_value(booked).unwrap_or_default())
}

async fn detach(db: &Database, id: i64) -> Result<Value, BookingError> {
    let Some((series_id, _)) = store::series_of(db, id).await? else {
        return Err(bad(
            T::BookingBadOption,
            &[&"detach", &id, &tr(T::BookingNotInSeries, &[])],
        ));
    };
    let n = store::detach_series(db, series_id).await?;
    Ok(json!({"series_id": series_id, "independent": n}))
}

async fn moderate(
    db: &Database,
    id: i64,
    decision: &str,
    reason: &str,
    series: bool,
) -> Result<Value, BookingError> {
    let accept = match decision {
        "accept" => true,
        "refuse" => false,
        other => {
            return Err(bad(
                T::BookingBadOption,
                &[&"decision", &other, &tr(T::BookingAcceptOrRefuse, &[])],
            ))
        }
    };
    let length = reason.chars().count();
    if length > super::model::limits::REASON_LIMIT {
        return Err(bad(
            T::TooLong,
            &[&"--reason", &super::model::limits::REASON_LIMIT, &length],
        ));
    }
    let ids = store::moderate(db, id, accept, reason, series).await?;
    Ok(json!({"decision": decision, "bookings": ids}))
}

/// `booking list`: a room, an area, or with `blocked` every visible room's bookings that
/// fall on blocked days.
async fn list(
    db: &Database,
    settings: Settings,
    (room, area, blocked): (Option<&str>, Option<&str>, bool),
    from: &str,
    to: &str,
) -> Result<Value, BookingError> {
    let scope = match (room, area) {
        (Some(r), _) => Scope::Room(store::find_room(db, r).await?.id),
        (None, Some(a)) => Scope::Area(a),
        (None, None) if blocked => Scope::All,
        (None, None) => return Err(bad(T::BookingMissingOption, &[&"--room/--area"])),
    };
    let tz = settings.tz;
    let from = instant(
        "--from",
        parse_date("--from", from)?.and_time(NaiveTime::MIN),
        tz,
    )?;
    let to = instant(
        "--to",
        (parse_date("--to", to)? + Duration::days(1)).and_time(NaiveTime::MIN),
        tz,
    )?;
    let rows = store::list(db, tz, scope, from.to_utc(), to.to_utc(), blocked).await?;
    Ok(serde_json::to_value(rows).unwrap_or_default())
}

async fn bulk(db: &Database, settings: Settings, b: &BulkArgs) -> Result<Value, BookingError> {
    let mut rooms = Vec::new();
    for r in b.rooms.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        rooms.push(store::find_room(db, r).await?.id);
    }
    let from = parse_hm("--from", &b.from)?;
    let to = parse_hm("--to", &b.to)?;
    let mut ranges = Vec::new();
    for d in b.dates.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let day = parse_date("--dates", d)?;
        let end_day = if to <= from {
            day + Duration::days(1)
        } else {
            day
        };
        ranges.push(Occurrence {
            start: instant("--from", day.and_time(from), settings.tz)?,
            end: instant("--to", end_day.and_time(to), settings.tz)?,
        });
    }
    let details = Details {
        name: b.name.clone(),
        kind: b.kind.clone().map(|k| k.to_uppercase()),
        ..Details::default()
    };
    store::bulk_book(db, settings.tz, &rooms, &ranges, &details, b.force).await
}
