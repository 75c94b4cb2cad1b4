//! `intendant admin type|blocked|cycle …`: exit 0 done, 2 bad input, 4 refused (not an
//! administrator, a type in use, a day that holds bookings nobody said what to do with).

use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use serde_json::Value;

use super::store;
use crate::booking::cli::parse_date;
use crate::booking::store::BookingError;
use crate::db::Database;
use crate::i18n::{tr, T};
use crate::output::Format;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Booking types: list, add or change, remove one nobody uses
    Type {
        #[command(subcommand)]
        what: TypeCommand,
    },
    /// Days without bookings (holidays): list, add (saying what becomes of bookings already there), remove
    Blocked {
        #[command(subcommand)]
        what: BlockedCommand,
    },
    /// Users who can log in: add one (with its PostgreSQL login), set a password, deactivate, activate
    User {
        #[command(subcommand)]
        what: UserCommand,
    },
    /// The installation's settings: list them, or set one (administrators)
    Setting {
        #[command(subcommand)]
        what: SettingCommand,
    },
    /// The connection log: who used the app, when, from where, and how the session ended
    Connections {
        /// From this date (default: 30 days ago)
        #[arg(long)]
        since: Option<String>,
        /// One login only
        #[arg(long)]
        login: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Sites: list, add or rename, archive with their areas and rooms, restore (administrators)
    Site {
        #[command(subcommand)]
        what: SiteCommand,
    },
    /// Areas: list, add, change, archive with their rooms, restore (the administrators of their site)
    Area {
        #[command(subcommand)]
        what: AreaCommand,
    },
    /// Rooms: list, add, change (FIELD=VALUE …), archive, restore
    Room {
        #[command(subcommand)]
        what: RoomCommand,
    },
    /// An area's additional fields on the booking form: list, add or change, remove
    Field {
        #[command(subcommand)]
        what: FieldCommand,
    },
    /// Rights: who administers a site or an area, enters a restricted area, manages a room, gets its mail, books it for others
    Right {
        #[command(subcommand)]
        what: RightCommand,
    },
    /// The kiosk: a visitor login without password for a hallway screen (enable prints the pg_hba.conf lines), or disable it
    Kiosk {
        #[arg(value_parser = ["enable", "disable"])]
        what: String,
        /// The address of a screen allowed to connect (repeat for several)
        #[arg(long = "host")]
        hosts: Vec<String>,
    },
    /// Whether users may log in: status, disable (administrators only), enable
    Logins {
        #[arg(value_parser = ["status", "enable", "disable"], default_value = "status")]
        what: String,
    },
    /// Cycle days: day N of the school's rotation on a date, or none
    Cycle {
        /// The date
        day: String,
        /// The cycle day (1, 2, …); `none` takes it away
        cycle: String,
    },
}

#[derive(Subcommand)]
pub enum TypeCommand {
    /// The booking types, with how many bookings use each
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Add a type, or change the one with this letter
    Set {
        /// One or two capital letters
        letter: String,
        /// Its name
        #[arg(long)]
        name: String,
        /// Its colour, #rrggbb
        #[arg(long)]
        color: String,
        /// Its place in lists
        #[arg(long)]
        order: Option<i32>,
    },
    /// Remove a type no booking or area uses
    Remove {
        /// One or two capital letters
        letter: String,
    },
    /// No longer offer a type (bookings that have it keep it)
    Hide { letter: String },
    /// Offer a hidden type again
    Show { letter: String },
}

#[derive(Subcommand)]
pub enum SiteCommand {
    /// The sites, with their areas and administrators
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Add a site, or rename the one with this code
    Set {
        /// Its code (letters, digits, - and _; 20 at most)
        code: String,
        #[arg(long)]
        name: String,
        /// Its place in lists
        #[arg(long)]
        order: Option<i32>,
    },
    /// Archive a site with its areas and rooms (bookings kept); --dry-run only counts
    Archive {
        code: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Bring back a site and what was archived with it
    Restore { code: String },
}

#[derive(Subcommand)]
pub enum AreaCommand {
    /// The areas you see, with their site, rooms and administrators
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Add an area to a site: FIELD=VALUE … as for edit
    Add {
        /// The site's code
        site: String,
        /// The area's name
        name: String,
        changes: Vec<String>,
    },
    /// Change an area: name, access (public|restricted), week_starts, days_shown, day_start, day_end, resolution, twelve_hour, default_duration, default_type, enabled_types (A,B,…), max_bookings_per_user, sort_order, site
    Edit {
        /// An area name, SITE/AREA, or its id
        area: String,
        #[arg(required = true)]
        changes: Vec<String>,
    },
    /// Archive an area with its rooms (bookings kept); --dry-run only counts
    Archive {
        area: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Bring back an area and the rooms archived with it
    Restore { area: String },
}

#[derive(Subcommand)]
pub enum RoomCommand {
    /// The rooms you see, with their area and managers
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Add a room to an area: FIELD=VALUE … as for edit
    Add {
        /// An area name, SITE/AREA, or its id
        area: String,
        /// The room's name
        name: String,
        changes: Vec<String>,
    },
    /// Change a room: FIELD=VALUE … (its managers: moderated, unavailable, description; its area's administrators: any)
    Edit {
        /// A room name, AREA/ROOM, or its id
        room: String,
        /// name, description, capacity, max_bookings_per_user, max_days_ahead, min_minutes_before, max_duration, allow_past, unavailable, moderated, tentative_days, book_for_others, users_may_not_modify_own, tracks_loans, visibility, sort_order, picture_url, show_sheet; FIELD= clears it
        #[arg(required = true)]
        changes: Vec<String>,
    },
    /// Archive a room: no new booking, its bookings kept; --dry-run only counts
    Archive {
        room: String,
        #[arg(long)]
        dry_run: bool,
    },
    /// Bring back an archived room
    Restore { room: String },
}

#[derive(Subcommand)]
pub enum FieldCommand {
    /// An area's additional fields
    List {
        area: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Add a field to an area's booking form, or change the one of this name
    Set {
        area: String,
        name: String,
        /// text, multiline or list
        #[arg(long, default_value = "text", value_parser = ["text", "multiline", "list"])]
        kind: String,
        /// A list's choices, separated by commas
        #[arg(long, default_value = "")]
        choices: String,
        #[arg(long)]
        mandatory: bool,
        #[arg(long)]
        order: Option<i32>,
    },
    /// Take a field off the form (bookings keep what they hold)
    Remove { area: String, name: String },
}

#[derive(Subcommand)]
pub enum RightCommand {
    /// Every right and who holds it
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Give a right: site_admin SITE, area_admin|area_access AREA, room_manager|room_mail|room_delegate ROOM
    Grant {
        #[arg(value_parser = store::RIGHTS)]
        kind: String,
        /// The site's code, the area or the room
        on: String,
        login: String,
    },
    /// Take a right back
    Revoke {
        #[arg(value_parser = store::RIGHTS)]
        kind: String,
        on: String,
        login: String,
    },
}

#[derive(Subcommand)]
pub enum SettingCommand {
    /// Every setting and its value
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Change one (the database checks the value): timezone, site_name, default_area, series.max_occurrences, tasks.at_first_login, mail.…
    Set {
        /// The setting's name
        name: String,
        /// Its new value
        value: String,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user and its login to this database
    Add {
        /// The login (lower case: letters, digits, . - _)
        login: String,
        /// The name shown
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        /// user, user_manager, admin or visitor
        #[arg(long, default_value = "user", value_parser = ["user", "user_manager", "admin", "visitor"])]
        status: String,
        /// Give a first password: asked for, or read from standard input when it is not a terminal
        #[arg(long)]
        password: bool,
    },
    /// Set a user's password: asked for, or read from standard input when it is not a terminal
    Password { login: String },
    /// Take away a user's login to this database (bookings and history keep the name)
    Deactivate { login: String },
    /// Give a deactivated user the login back
    Activate { login: String },
}

#[derive(Subcommand)]
pub enum BlockedCommand {
    /// The days without bookings of a period (this school year by default)
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Make a day a day without bookings
    Add {
        /// The date
        day: String,
        /// Why (shown in the planning)
        #[arg(long, default_value = "")]
        reason: String,
        /// What becomes of bookings already on that day: keep, move (to --to, same hours), or archive (with a mail to those concerned)
        #[arg(long, value_parser = ["keep", "move", "archive"])]
        bookings: Option<String>,
        /// The day the bookings move to (with --bookings move)
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Bookings may be made on that day again
    Remove {
        /// The date
        day: String,
    },
}

/// Runs an admin command; prints the result.
pub async fn run(cmd: &AdminCommand, db: &Database) -> anyhow::Result<std::process::ExitCode> {
    match cmd {
        AdminCommand::Setting {
            what: SettingCommand::Set { name, value },
        } => crate::cli::setting(db, name, value).await,
        AdminCommand::Setting {
            what: SettingCommand::List { format },
        } => {
            let all = crate::session::all_settings(db).await?;
            if format.is_json() {
                let map: serde_json::Map<String, Value> = all
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                crate::output::json(&map, false);
            } else {
                let width = all.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                let lines: String = all
                    .iter()
                    .map(|(k, v)| format!("{k:<width$}  {v}\n"))
                    .collect();
                crate::output::out_raw_lines(&lines);
            }
            Ok(std::process::ExitCode::SUCCESS)
        }
        other => Ok(std::process::ExitCode::from(rules(other, db).await)),
    }
}

/// The commands whose refusals are the rules' (exit 4) or bad input (exit 2).
async fn rules(cmd: &AdminCommand, db: &Database) -> u8 {
    let tz = crate::booking::store::settings(db)
        .await
        .map(|s| s.tz)
        .unwrap_or(chrono_tz::UTC);
    match outcome(cmd, db, tz).await {
        Ok(()) => 0,
        Err(e) => {
            crate::output::err(&e.explain(tz));
            e.exit_code()
        }
    }
}

async fn outcome(cmd: &AdminCommand, db: &Database, tz: chrono_tz::Tz) -> Result<(), BookingError> {
    match cmd {
        AdminCommand::Type { what } => match what {
            TypeCommand::List { format } => {
                let v = store::types(db).await?;
                show(format, &v, |t| {
                    format!(
                        "{:<3} {:<8} {:>4}  {}  ({}){}",
                        text(t, "letter"),
                        text(t, "color"),
                        t["order"],
                        text(t, "name"),
                        tr(T::AdminTypeUsedBy, &[&t["bookings"]]),
                        hidden_mark(t, "hidden")
                    )
                });
            }
            TypeCommand::Set {
                letter,
                name,
                color,
                order,
            } => {
                super::model::check_type(letter, name, color).map_err(BookingError::BadInput)?;
                let v = store::type_save(db, letter, name, color, *order).await?;
                crate::say!(
                    "{} {} {}",
                    text(&v, "letter"),
                    text(&v, "color"),
                    text(&v, "name")
                );
            }
            TypeCommand::Remove { letter } => {
                store::type_remove(db, letter).await?;
                crate::say!("{}", tr(T::AdminRemoved, &[]));
            }
            TypeCommand::Hide { letter } | TypeCommand::Show { letter } => {
                let hidden = matches!(what, TypeCommand::Hide { .. });
                store::type_hide(db, letter, hidden).await?;
                crate::say!(
                    "{}",
                    tr(
                        if hidden {
                            T::AdminTypeHidden
                        } else {
                            T::AdminTypeShown
                        },
                        &[letter]
                    )
                );
            }
        },
        AdminCommand::Blocked { what } => match what {
            BlockedCommand::List { from, to, format } => {
                let (first, last) = school_year(chrono::Local::now().date_naive());
                let from = match from {
                    Some(f) => parse_date("--from", f)?,
                    None => first,
                };
                let to = match to {
                    Some(t) => parse_date("--to", t)?,
                    None => last,
                };
                let v = store::blocked(db, from, to).await?;
                show(format, &v, |d| {
                    format!("{}  {}", text(d, "day"), text(d, "reason"))
                });
            }
            BlockedCommand::Add {
                day,
                reason,
                bookings,
                to,
                format,
            } => {
                let day = parse_date("DAY", day)?;
                let to = to.as_deref().map(|t| parse_date("--to", t)).transpose()?;
                if (bookings.as_deref() == Some("move")) != to.is_some() {
                    return Err(BookingError::BadInput(tr(T::AdminMoveNeedsTo, &[])));
                }
                let v = store::blocked_add(db, day, reason, bookings.as_deref(), to).await?;
                if format.is_json() {
                    crate::output::json(&v, false);
                } else {
                    let why = if reason.is_empty() {
                        String::new()
                    } else {
                        format!(" ({reason})")
                    };
                    crate::say!("{}", tr(T::AdminBlocked, &[&day, &why]));
                    let hits = v["bookings"].as_array().map_or(0, Vec::len);
                    let archived = v["archived"].as_array().map_or(0, Vec::len);
                    let moved = v["moved"].as_array().map_or(0, Vec::len);
                    if moved > 0 {
                        let to = to.map(|d| d.to_string()).unwrap_or_default();
                        crate::say!("{}", tr(T::AdminBlockedMoved, &[&moved, &to]));
                    } else if archived > 0 {
                        crate::say!("{}", tr(T::AdminBlockedArchived, &[&archived]));
                    } else if hits > 0 {
                        crate::say!("{}", tr(T::AdminBlockedKept, &[&hits]));
                    }
                }
            }
            BlockedCommand::Remove { day } => {
                let day = parse_date("DAY", day)?;
                let removed = store::blocked_remove(db, day).await?;
                crate::say!(
                    "{}",
                    tr(
                        if removed {
                            T::AdminRemoved
                        } else {
                            T::AdminNothingToRemove
                        },
                        &[]
                    )
                );
            }
        },
        AdminCommand::User { what } => match what {
            UserCommand::Add {
                login,
                name,
                email,
                status,
                password,
            } => {
                let password = if *password {
                    Some(read_password()?)
                } else {
                    None
                };
                let v = store::user_create(
                    db,
                    login,
                    name,
                    email.as_deref(),
                    status,
                    password.as_deref(),
                )
                .await?;
                crate::say!(
                    "{}",
                    tr(
                        T::AdminUserAdded,
                        &[&text(&v, "login"), &text(&v, "status")]
                    )
                );
            }
            UserCommand::Password { login } => {
                let password = read_password()?;
                store::user_password(db, login, &password).await?;
                crate::say!("{}", tr(T::AdminPasswordSet, &[login]));
            }
            UserCommand::Deactivate { login } => {
                store::user_active(db, login, false).await?;
                crate::say!("{}", tr(T::AdminUserDeactivated, &[login]));
            }
            UserCommand::Activate { login } => {
                store::user_active(db, login, true).await?;
                crate::say!("{}", tr(T::AdminUserActivated, &[login]));
            }
        },
        AdminCommand::Setting { .. } => {}
        AdminCommand::Site { what } => site(db, what).await?,
        AdminCommand::Area { what } => area(db, what).await?,
        AdminCommand::Room { what } => room(db, what).await?,
        AdminCommand::Field { what } => field(db, what).await?,
        AdminCommand::Right { what } => right(db, what).await?,
        AdminCommand::Kiosk { what, hosts } => {
            let v = store::kiosk(db, what == "enable").await?;
            let (login, database) = (text(&v, "login"), text(&v, "database"));
            if what != "enable" {
                crate::say!("{}", tr(T::AdminKioskOff, &[&login]));
                return Ok(());
            }
            crate::say!("{}", tr(T::AdminKioskOn, &[&login]));
            let hosts = if hosts.is_empty() {
                vec!["ADDRESS".to_owned()]
            } else {
                hosts.clone()
            };
            let mut lines = String::new();
            for h in &hosts {
                let cidr = if h.contains('/') || h == "ADDRESS" {
                    h.clone()
                } else if h.contains(':') {
                    format!("{h}/128")
                } else {
                    format!("{h}/32")
                };
                lines.push_str(&format!("  host  {database}  {login}  {cidr}  trust\n"));
            }
            crate::say!("{}", tr(T::AdminKioskHba, &[]));
            crate::output::out_raw_lines(&lines);
            crate::say!("{}", tr(T::AdminKioskRun, &[&login, &database]));
        }
        AdminCommand::Logins { what } => {
            let allowed = match what.as_str() {
                "enable" => Some(true),
                "disable" => Some(false),
                _ => None,
            };
            let open = store::logins(db, allowed).await?;
            crate::say!(
                "{}",
                tr(
                    if open {
                        T::AdminLoginsOpen
                    } else {
                        T::AdminLoginsClosed
                    },
                    &[]
                )
            );
        }
        AdminCommand::Connections {
            since,
            login,
            format,
        } => {
            let since = match since {
                Some(d) => parse_date("--since", d)?,
                None => chrono::Local::now().date_naive() - chrono::Duration::days(30),
            };
            let since = since
                .and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(tz).earliest())
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_else(chrono::Utc::now);
            let v = store::connections(db, since, login.as_deref()).await?;
            let at = |k: &str, c: &Value| {
                c[k].as_str()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default()
            };
            show(format, &v, |c| {
                let end = match c["ended"].as_str() {
                    Some("exit") => at("ended_at", c),
                    Some(_) => format!(
                        "{} ({})",
                        at("ended_at", c),
                        tr(T::AdminConnectionLost, &[])
                    ),
                    None => tr(T::AdminConnectionOpen, &[]),
                };
                format!(
                    "{}  {:<16} {:<16} {:<20} → {end}",
                    at("started_at", c),
                    text(c, "login"),
                    text(c, "client_addr"),
                    text(c, "application")
                )
            });
        }
        AdminCommand::Cycle { day, cycle } => {
            let day = parse_date("DAY", day)?;
            let cycle = match cycle.as_str() {
                "none" | "aucun" => None,
                n => Some(
                    n.parse::<i32>()
                        .map_err(|_| BookingError::BadInput(tr(T::AdminBadCycle, &[&n])))?,
                ),
            };
            store::cycle_set(db, day, cycle).await?;
            crate::say!(
                "{}",
                match cycle {
                    Some(n) => tr(T::AdminCycleSet, &[&day, &n]),
                    None => tr(T::AdminCycleNone, &[&day]),
                }
            );
        }
    }
    Ok(())
}

async fn site(db: &Database, what: &SiteCommand) -> Result<(), BookingError> {
    match what {
        SiteCommand::List { format } => {
            let v = store::sites(db).await?;
            show(format, &v, |s| {
                format!(
                    "{:<10} {}  ({}; {}){}",
                    text(s, "code"),
                    text(s, "name"),
                    tr(T::AdminAreasCount, &[&s["areas"]]),
                    logins(&s["admins"]),
                    hidden_mark(s, "archived")
                )
            });
        }
        SiteCommand::Set { code, name, order } => {
            let v = store::site_save(db, code, name, *order).await?;
            crate::say!("{} {}", text(&v, "code"), text(&v, "name"));
        }
        SiteCommand::Archive { code, dry_run } => {
            archive(
                db,
                store::Archivable::Site(code.clone()),
                code,
                true,
                *dry_run,
            )
            .await?
        }
        SiteCommand::Restore { code } => {
            archive(
                db,
                store::Archivable::Site(code.clone()),
                code,
                false,
                false,
            )
            .await?
        }
    }
    Ok(())
}

async fn area(db: &Database, what: &AreaCommand) -> Result<(), BookingError> {
    match what {
        AreaCommand::List { format } => {
            let v = store::areas(db).await?;
            show(format, &v, |a| {
                format!(
                    "{:>4} {:<10} {:<24} {:<10} {}–{}  ({}; {}){}",
                    a["id"],
                    text(a, "site"),
                    text(a, "name"),
                    text(a, "access"),
                    text(a, "day_start"),
                    text(a, "day_end"),
                    tr(T::AdminRoomsCount, &[&a["rooms"]]),
                    logins(&a["admins"]),
                    hidden_mark(a, "archived")
                )
            });
        }
        AreaCommand::Add {
            site,
            name,
            changes,
        } => {
            let mut map = super::model::pairs(changes).map_err(BookingError::BadInput)?;
            map.insert("site".into(), Value::String(site.clone()));
            map.insert("name".into(), Value::String(name.clone()));
            let v = store::area_save(db, None, &Value::Object(map)).await?;
            crate::say!("{}", tr(T::AdminAreaAdded, &[&text(&v, "name"), &v["id"]]));
        }
        AreaCommand::Edit { area, changes } => {
            let (id, name) = store::find_area(db, area).await?;
            let map = super::model::pairs(changes).map_err(BookingError::BadInput)?;
            store::area_save(db, Some(id), &Value::Object(map)).await?;
            crate::say!("{}", tr(T::AdminAreaSet, &[&name]));
        }
        AreaCommand::Archive { area, dry_run } => {
            let (id, name) = store::find_area(db, area).await?;
            archive(db, store::Archivable::Area(id), &name, true, *dry_run).await?
        }
        AreaCommand::Restore { area } => {
            let (id, name) = store::find_area(db, area).await?;
            archive(db, store::Archivable::Area(id), &name, false, false).await?
        }
    }
    Ok(())
}

async fn room(db: &Database, what: &RoomCommand) -> Result<(), BookingError> {
    use crate::booking::store::find_room;
    match what {
        RoomCommand::List { format } => {
            let v = store::rooms(db).await?;
            show(format, &v, |r| {
                format!(
                    "{:>4} {:<20} {:<24} {:>4}  {}{}",
                    r["id"],
                    text(r, "area"),
                    text(r, "name"),
                    r["capacity"],
                    logins(&r["managers"]),
                    hidden_mark(r, "archived")
                )
            });
        }
        RoomCommand::Add {
            area,
            name,
            changes,
        } => {
            let (id, _) = store::find_area(db, area).await?;
            let map = super::model::pairs(changes).map_err(BookingError::BadInput)?;
            let v = store::room_add(db, id, name, &Value::Object(map)).await?;
            crate::say!("{}", tr(T::AdminRoomAdded, &[&text(&v, "name"), &v["id"]]));
        }
        RoomCommand::Edit { room, changes } => {
            let target = find_room(db, room).await?;
            let map = super::model::pairs(changes).map_err(BookingError::BadInput)?;
            store::room_set(db, target.id, &Value::Object(map)).await?;
            crate::say!("{}", tr(T::AdminRoomSet, &[&target.name]));
        }
        RoomCommand::Archive { room, dry_run } => {
            let target = find_room(db, room).await?;
            archive(
                db,
                store::Archivable::Room(target.id),
                &target.name,
                true,
                *dry_run,
            )
            .await?
        }
        RoomCommand::Restore { room } => {
            let target = find_room(db, room).await?;
            archive(
                db,
                store::Archivable::Room(target.id),
                &target.name,
                false,
                false,
            )
            .await?
        }
    }
    Ok(())
}

/// Archives or restores, and says what that hid: "archived room Labo 101: 37 future bookings
/// kept".
async fn archive(
    db: &Database,
    what: store::Archivable,
    name: &str,
    archived: bool,
    dry_run: bool,
) -> Result<(), BookingError> {
    let v = store::archive(db, what, archived, dry_run).await?;
    let t = match (archived, dry_run) {
        (_, true) => T::AdminWouldArchive,
        (true, false) => T::AdminArchived,
        (false, false) => T::AdminRestored,
    };
    crate::say!(
        "{}",
        tr(t, &[&name, &v["areas"], &v["rooms"], &v["future_bookings"]])
    );
    Ok(())
}

async fn field(db: &Database, what: &FieldCommand) -> Result<(), BookingError> {
    match what {
        FieldCommand::List { area, format } => {
            let (id, _) = store::find_area(db, area).await?;
            let v = store::fields(db, id).await?;
            show(format, &v, |f| {
                format!(
                    "{:<24} {:<9} {}{}",
                    text(f, "name"),
                    text(f, "kind"),
                    f["choices"]
                        .as_array()
                        .map(|c| c
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("|"))
                        .unwrap_or_default(),
                    if f["mandatory"] == Value::Bool(true) {
                        " *"
                    } else {
                        ""
                    }
                )
            });
        }
        FieldCommand::Set {
            area,
            name,
            kind,
            choices,
            mandatory,
            order,
        } => {
            let (id, area_name) = store::find_area(db, area).await?;
            let choices: Vec<String> = choices
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            store::field_save(db, id, name, kind, &choices, *mandatory, *order).await?;
            crate::say!("{}", tr(T::AdminFieldSet, &[name, &area_name]));
        }
        FieldCommand::Remove { area, name } => {
            let (id, _) = store::find_area(db, area).await?;
            let gone = store::field_remove(db, id, name).await?;
            crate::say!(
                "{}",
                tr(
                    if gone {
                        T::AdminRemoved
                    } else {
                        T::AdminNothingToRemove
                    },
                    &[]
                )
            );
        }
    }
    Ok(())
}

async fn right(db: &Database, what: &RightCommand) -> Result<(), BookingError> {
    let (kind, on, login, granted) = match what {
        RightCommand::List { format } => {
            let v = store::rights(db).await?;
            show(format, &v, |r| {
                format!(
                    "{:<14} {:<24} {}",
                    text(r, "kind"),
                    text(r, "on"),
                    text(r, "login")
                )
            });
            return Ok(());
        }
        RightCommand::Grant { kind, on, login } => (kind, on, login, true),
        RightCommand::Revoke { kind, on, login } => (kind, on, login, false),
    };
    let target = store::right_target(db, kind, on).await?;
    let changed = store::right(db, kind, target, login, granted).await?;
    let t = match (granted, changed) {
        (true, true) => T::AdminRightGranted,
        (false, true) => T::AdminRightRevoked,
        _ => T::AdminRightUnchanged,
    };
    crate::say!("{}", tr(t, &[kind, on, login]));
    Ok(())
}

/// "alice, bob", or a dash for nobody.
fn logins(v: &Value) -> String {
    let all: Vec<&str> = v
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if all.is_empty() {
        "—".into()
    } else {
        all.join(", ")
    }
}

/// " (archived)" or " (hidden)" when `key` is true.
fn hidden_mark(v: &Value, key: &str) -> String {
    if v[key] == Value::Bool(true) {
        format!(
            " [{}]",
            tr(
                if key == "hidden" {
                    T::AdminHidden
                } else {
                    T::AdminArchivedMark
                },
                &[]
            )
        )
    } else {
        String::new()
    }
}

/// A password typed twice at a terminal, or one line of standard input (scripts).
fn read_password() -> Result<String, BookingError> {
    use std::io::IsTerminal;
    let bad = |t: T| BookingError::BadInput(tr(t, &[]));
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(tr(T::AdminPasswordPrompt, &[]))
            .map_err(|_| bad(T::CliReadingPassword))?;
        let again = rpassword::prompt_password(tr(T::AdminPasswordAgain, &[]))
            .map_err(|_| bad(T::CliReadingPassword))?;
        if first != again {
            return Err(bad(T::AdminPasswordsDiffer));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|_| bad(T::CliReadingPassword))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.chars().count() < 8 {
        return Err(bad(T::AdminPasswordShort));
    }
    Ok(password)
}

use crate::output::field_text as text;

/// A list as JSON, or a line per item.
fn show(format: &Format, v: &Value, line: impl Fn(&Value) -> String) {
    if format.is_json() {
        crate::output::json(v, false);
        return;
    }
    let items = v.as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        crate::say!("{}", tr(T::AdminNone, &[]));
    }
    let lines: String = items.iter().map(|i| line(i) + "\n").collect();
    crate::output::out_raw_lines(&lines);
}

/// The school year holding `today`: 1 August to 31 July.
fn school_year(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = if today.month() >= 8 {
        today.year()
    } else {
        today.year() - 1
    };
    (
        NaiveDate::from_ymd_opt(start, 8, 1).unwrap_or(today),
        NaiveDate::from_ymd_opt(start + 1, 7, 31).unwrap_or(today),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_school_year_starts_on_the_first_of_august() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(school_year(d(2026, 12, 6)), (d(2026, 8, 1), d(2027, 7, 31)));
        assert_eq!(school_year(d(2027, 7, 31)), (d(2026, 8, 1), d(2027, 7, 31)));
        assert_eq!(school_year(d(2027, 8, 1)).0, d(2027, 8, 1));
    }
}
