//! A shell with known users and a fixed clock, and the text of a rendered buffer: shared by
//! the render tests and the render benchmarks.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use intendant::db::listen::DbEvent;
use intendant::i18n::Lang;
use intendant::session::{Session, Status};
use intendant::tui::app::{App, Msg, Page};
use intendant::tui::keymap::Keymap;
use intendant::tui::router::FeatureMsg;
use intendant::tui::theme::{ColorDepth, Theme};
use intendant::users::model::UserRow;
use ratatui::buffer::Buffer;

pub fn users() -> Vec<UserRow> {
    let u = |login: &str, name: &str, status, active| UserRow {
        login: login.into(),
        display_name: name.into(),
        email: Some(format!("{login}@lycee-demo.fr")),
        status: Some(status),
        active,
    };
    vec![
        u("mdupont", "Marie Dupont", Status::Admin, true),
        u("jlefevre", "Jérôme Lefèvre-Roy", Status::UserManager, true),
        u("anguyen", "Anh Nguyen", Status::User, true),
        u("cdi", "CDI (documentation)", Status::Visitor, true),
        u("ancien", "Bernard Ancien", Status::User, false),
    ]
}

/// `count` users, for scrolling and benchmarks.
pub fn many_users(count: usize) -> Vec<UserRow> {
    (0..count)
        .map(|i| UserRow {
            login: format!("user{i:04}"),
            display_name: format!("Personne Numéro {i}"),
            email: Some(format!("user{i:04}@lycee-demo.fr")),
            status: Some(Status::User),
            active: i % 7 != 0,
        })
        .collect()
}

/// The shell, online, after its first loads answered with `rows`.
pub fn app_with(
    lang: Lang,
    theme: &str,
    keymap: &str,
    size: (u16, u16),
    rows: Vec<UserRow>,
) -> App {
    let depth = if theme == "mono" {
        ColorDepth::None
    } else {
        ColorDepth::Ansi16
    };
    let (theme, _) = Theme::load(theme, None, depth);
    let (keymap, _) = Keymap::load(keymap, None);
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 13, 5, 0).unwrap();
    let mut app = App::new(lang, theme, keymap, now, size);
    // These fixtures are about the users and imports screens; the planning has its own.
    app.page = Page::Users;
    let requests = app.start();
    assert_eq!(requests.len(), 2);
    app.update(Msg::Db(DbEvent::Online));
    app.update(Msg::Session {
        id: 1,
        result: Ok(Session {
            login: "mdupont".into(),
            display_name: Some("Marie Dupont".into()),
            status: Some(Status::Admin),
            language: None,
            timezone: "Europe/Paris".into(),
            site_name: "Lycée Jean Moulin".into(),
            import_date_order: "dmy".into(),
            manages_people: true,
            dead_letters: 0,
            welcome: String::new(),
            holds: Default::default(),
        }),
    });
    app.update(users_loaded(1, rows));
    app
}

/// The users list's answer to its load number `id`.
pub fn users_loaded(id: u64, rows: Vec<UserRow>) -> Msg {
    Msg::Feature(FeatureMsg::Users(intendant::users::ui::Msg::Loaded {
        id,
        result: Ok(rows),
    }))
}

pub fn booking(msg: intendant::booking::ui::Msg) -> Msg {
    Msg::Feature(FeatureMsg::Booking(msg))
}

pub fn imports(msg: intendant::import::ui::Msg) -> Msg {
    Msg::Feature(FeatureMsg::Imports(msg))
}

pub fn correlation(msg: intendant::correlation::ui::Msg) -> Msg {
    Msg::Feature(FeatureMsg::Correlation(msg))
}

pub fn app(lang: Lang, theme: &str, keymap: &str, size: (u16, u16)) -> App {
    app_with(lang, theme, keymap, size, users())
}

/// The screen as text, one line per row, wide characters counted once.
pub fn text(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    buffer
        .content
        .chunks(width)
        .map(|row| {
            let mut line = String::new();
            let mut skip = 0;
            for cell in row {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                line.push_str(cell.symbol());
                skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            }
            line.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub mod planning {
    //! A school of three areas (times, named periods, 12-hour) and a week of bookings with
    //! every marker, for the planning's render tests and benchmarks.

    use chrono::{NaiveDate, NaiveTime, TimeZone, Weekday};
    use chrono_tz::Europe::Paris;
    use intendant::booking::model::plan::{AreaInfo, BookingInfo, RoomInfo, Slot, Slots, TypeInfo};
    use intendant::booking::plan_store::Structure;
    use intendant::booking::ui::pane::Loaded;
    use intendant::booking::ui::{Cmd as BookingCmd, Msg as BookingMsg};
    use intendant::i18n::Lang;
    use intendant::tui::app::{App, Cmd, Msg};
    use intendant::tui::router::FeatureCmd;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    pub fn area(id: i64, name: &str, slots: Slots, twelve_hour: bool) -> AreaInfo {
        AreaInfo {
            id,
            name: name.into(),
            site: "Lycée Jean Moulin".into(),
            week_starts: Weekday::Mon,
            days: 0b0011111,
            slots,
            twelve_hour,
            default_minutes: 60,
            default_type: Some("A".into()),
            types: None,
            fields: vec![],
        }
    }

    pub fn room(id: i64, area_id: i64, name: &str) -> RoomInfo {
        RoomInfo {
            id,
            area_id,
            name: name.into(),
            capacity: 24,
            unavailable: false,
            moderated: false,
            tentative_days: 0,
            tracks_loans: true,
            may_book_for_others: true,
            handles: true,
        }
    }

    /// `rooms` rooms in the first area (3 by default), and the two others.
    pub fn structure(rooms: usize) -> Structure {
        let times = Slots::Times {
            start: t(8, 0),
            end: t(12, 0),
            step_minutes: 30,
        };
        let periods = Slots::Periods(
            [
                ("M1 8h10-9h00", t(8, 10), t(9, 0)),
                ("M2 9h00-9h50", t(9, 0), t(9, 50)),
                ("M3 10h05-11h00", t(10, 5), t(11, 0)),
            ]
            .into_iter()
            .map(|(label, start, end)| Slot {
                start,
                end,
                label: label.into(),
            })
            .collect(),
        );
        let twelve = Slots::Times {
            start: t(11, 0),
            end: t(14, 0),
            step_minutes: 60,
        };
        let mut s = Structure {
            areas: vec![
                area(1, "Informatique", times, false),
                area(2, "Sciences", periods, false),
                area(3, "Anglais", twelve, true),
            ],
            types: vec![
                TypeInfo {
                    letter: "A".into(),
                    name: "Cours".into(),
                    color: "#4a90d9".into(),
                    hidden: false,
                },
                TypeInfo {
                    letter: "B".into(),
                    name: "Réunion".into(),
                    color: "#e0a030".into(),
                    hidden: false,
                },
            ],
            last_area: Some(1),
            ..Structure::default()
        };
        let names = ["Labo 101", "Labo 102", "Salle multimédia"];
        for i in 0..rooms {
            let name = names
                .get(i)
                .map(|n| (*n).to_owned())
                .unwrap_or_else(|| format!("Salle {}", i + 1));
            let mut r = room(10 + i as i64, 1, &name);
            r.unavailable = i == 1;
            s.rooms.push(r);
        }
        s.rooms.push(room(20, 2, "Labo physique"));
        s.rooms.push(room(30, 3, "Language lab"));
        s.calendar
            .blocked
            .insert(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        s
    }

    pub fn booking(
        id: i64,
        room: i64,
        day: u32,
        from: (u32, u32),
        to: (u32, u32),
        name: &str,
    ) -> BookingInfo {
        BookingInfo {
            id,
            room_id: room,
            start: Paris
                .with_ymd_and_hms(2026, 11, day, from.0, from.1, 0)
                .unwrap(),
            end: Paris
                .with_ymd_and_hms(2026, 11, day, to.0, to.1, 0)
                .unwrap(),
            name: name.into(),
            kind: "A".into(),
            owner: "anguyen".into(),
            beneficiary: None,
            beneficiary_login: None,
            external: false,
            series_id: None,
            moderation: intendant::booking::model::state::Moderation::None,
            tentative_until: None,
            loan: intendant::booking::model::state::Loan::None,
            short_description: String::new(),
            description: String::new(),
            fields: vec![],
        }
    }

    /// A booking of every marker in the week of 23 November 2026.
    pub fn bookings() -> Vec<BookingInfo> {
        let mut series = booking(1, 10, 23, (8, 0), (9, 30), "NSI Tle");
        series.series_id = Some(7);
        let mut pending = booking(2, 10, 24, (9, 0), (10, 0), "Conseil pédagogique");
        pending.moderation = intendant::booking::model::state::Moderation::Pending;
        pending.kind = "B".into();
        let mut external = booking(3, 10, 25, (10, 0), (11, 0), "Parents");
        external.external = true;
        external.beneficiary = Some("Mme Durand".into());
        let mut tentative = booking(4, 12, 24, (8, 0), (9, 0), "Peut-être");
        tentative.tentative_until = Some(Paris.with_ymd_and_hms(2026, 11, 23, 18, 0, 0).unwrap());
        let mut borrowed = booking(5, 12, 23, (10, 0), (11, 30), "Chariot 2de C");
        borrowed.loan = intendant::booking::model::state::Loan::Borrowed;
        let mut overdue = booking(6, 12, 27, (10, 0), (12, 0), "Chariot TP");
        overdue.loan = intendant::booking::model::state::Loan::Overdue;
        let physics = booking(7, 20, 24, (9, 0), (9, 50), "TP optique");
        let english = booking(8, 30, 24, (12, 0), (13, 0), "Oral practice");
        vec![
            series, pending, external, tentative, borrowed, overdue, physics, english,
        ]
    }

    /// The shell on the planning, its structure and bookings loaded.
    pub fn app(
        lang: Lang,
        theme: &str,
        size: (u16, u16),
        structure: Structure,
        bookings: Vec<BookingInfo>,
    ) -> App {
        let mut app = super::app_with(lang, theme, "default", size, super::users());
        app.update(Msg::Input(crossterm::event::Event::Key(
            crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::F(2),
                crossterm::event::KeyModifiers::NONE,
            ),
        )));
        let cmds = app.update(super::booking(BookingMsg::Structure {
            id: 1,
            result: Ok(Box::new(structure)),
        }));
        let loaded = cmds
            .into_iter()
            .find_map(|c| match c {
                Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadBookings { loaded, .. })) => {
                    Some(loaded)
                }
                _ => None,
            })
            .unwrap_or(Loaded {
                area_id: 1,
                from: NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            });
        // The week shown, then the weeks either side the planning reads ahead.
        let mut next = Some(loaded);
        let mut id = 1;
        while let Some(loaded) = next.take() {
            let cmds = app.update(super::booking(BookingMsg::Bookings {
                id,
                loaded,
                result: Ok(bookings.clone()),
            }));
            id += 1;
            next = cmds.into_iter().find_map(|c| match c {
                Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadBookings { loaded, .. })) => {
                    Some(loaded)
                }
                _ => None,
            });
        }
        app
    }
}

pub mod full {
    //! An area of `rooms` rooms open every day, every hour from 08:00 to 18:00 booked, for
    //! three weeks around 24 November 2026: the planning's worst case.

    use chrono::{Duration, NaiveDate, TimeZone};
    use chrono_tz::Europe::Paris;
    use intendant::booking::model::plan::{BookingInfo, Slots};
    use intendant::booking::plan_store::Structure;

    pub fn structure(rooms: usize) -> Structure {
        let mut s = super::planning::structure(rooms);
        s.areas[0].days = 0b1111111;
        s.areas[0].slots = Slots::Times {
            start: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            step_minutes: 60,
        };
        for r in &mut s.rooms {
            r.unavailable = false;
        }
        s.calendar.blocked.clear();
        s
    }

    /// Every hour from 08:00 to 18:00 booked, named by room and hour, types alternating.
    pub fn bookings(rooms: usize) -> Vec<BookingInfo> {
        hourly(rooms, 8..18, |b, room, hour, _| {
            b.name = format!("Cours {} {hour}h", room + 1);
            b.kind = if hour % 2 == 0 { "A" } else { "B" }.into();
        })
    }

    /// Three weeks as the comparison with GRR filled them: eight one-hour lessons a room a
    /// day from 08:00, one type, each named with its own number ("Cours 4711").
    pub fn numbered_bookings(rooms: usize) -> Vec<BookingInfo> {
        hourly(rooms, 8..16, |b, _, _, n| {
            b.name = format!("Cours {}", 4000 + n)
        })
    }

    /// One-hour bookings on each of `hours` of three weeks from 16 November 2026, every room;
    /// `name` sets each one's name and type (room index, hour, running number).
    fn hourly(
        rooms: usize,
        hours: std::ops::Range<u32>,
        mut name: impl FnMut(&mut BookingInfo, usize, u32, usize),
    ) -> Vec<BookingInfo> {
        let first = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let mut out = Vec::new();
        for day in 0..21 {
            let date = first + Duration::days(day);
            for room in 0..rooms {
                for hour in hours.clone() {
                    let mut b = lesson(out.len(), room, date, hour, 1);
                    name(&mut b, room, hour, out.len());
                    out.push(b);
                }
            }
        }
        out
    }

    /// Booking `id`, in the `room`-th room, from `hour` on `date` (Paris) for `hours` hours.
    fn lesson(id: usize, room: usize, date: NaiveDate, hour: u32, hours: u32) -> BookingInfo {
        let start = Paris
            .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
            .unwrap();
        let mut b = super::planning::booking(id as i64, 10 + room as i64, 24, (8, 0), (9, 0), "");
        b.start = start;
        b.end = start + Duration::hours(hours as i64);
        b
    }

    /// Three weeks as a school's are: each room's day a different mix of lessons (subject,
    /// class, one or two hours, some hours free), nothing the same from one week to the next;
    /// the names, times and types a PgDn must redraw.
    pub fn varied_bookings(rooms: usize) -> Vec<BookingInfo> {
        const SUBJECTS: [&str; 8] = [
            "Maths",
            "Français",
            "Histoire-géo",
            "Anglais",
            "SVT",
            "Physique",
            "EPS",
            "NSI",
        ];
        const CLASSES: [&str; 6] = ["2nde 1", "2nde 4", "1re G2", "1re STI", "Tle G1", "Tle NSI"];
        const TYPES: [&str; 3] = ["A", "B", "C"];
        let first = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            // xorshift: the same data at every run, no two weeks alike.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut out = Vec::new();
        for day in 0..21 {
            let date = first + Duration::days(day);
            for room in 0..rooms {
                let mut hour = 8;
                while hour < 18 {
                    let length = 1 + next(2) as u32;
                    if next(5) == 0 {
                        hour += 1;
                        continue;
                    }
                    let mut b = lesson(out.len(), room, date, hour, length.min(18 - hour));
                    b.name = format!("{} {}", SUBJECTS[next(8)], CLASSES[next(6)]);
                    b.kind = TYPES[next(3)].into();
                    out.push(b);
                    hour += length;
                }
            }
        }
        out
    }
}
