//! The booking write and read paths against PostgreSQL (INTENDANT_TEST_DATABASE_URL), on an
//! area of 50 rooms holding 20,000 bookings, as a plain user so every rule and row-level
//! security policy runs. Targets: each under 50 ms.
//!   - saving a 366-occurrence series through `book()` (every rule, conflicts, history, NOTIFY);
//!   - booking once with the room's, the area's and the installation's quotas on;
//!   - listing one week of the whole area (one query);
//!   - in the TUI at 200×60, PgDn to the next week of all rooms drawn, from the key to the
//!     frame (target 5 ms; the week was read ahead), and `g` to a week not read yet, from
//!     Enter to the frame with its bookings (target 15 ms); with the bytes each sends.
//!
//! Prints min / median / max over the runs.

use std::time::Instant;

#[path = "../tests/common/settle.rs"]
mod settle;
mod support;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone};
use intendant::booking::model::repeat::{expand, Calendar, Rule, Series};
use intendant::booking::store::{self, Details, NewBooking, Scope};
use intendant::db::Database;

const ROOMS: i64 = 50;
const BOOKINGS: i64 = 20_000;

fn main() {
    if support::listing_only() {
        return;
    }
    support::runtime().block_on(bench());
}

async fn bench() {
    let bench = support::BenchDb::create("booking_bench").await;
    let user = format!("bench_user_{}", std::process::id());
    let c = bench.db.client().await.expect("client");
    // The area, its rooms, and a year of bookings spread over them: 400 per room.
    support::bench_area(&c, ROOMS + 10, ROOMS, BOOKINGS, 0, &user).await;
    let count: i64 = c
        .query_one("SELECT count(*) FROM booking", &[])
        .await
        .expect("count")
        .get(0);
    println!("{count} bookings in {ROOMS} rooms");
    let as_user = support::database(&bench.url().replacen("postgres@", &format!("{user}@"), 1));
    let settings = store::settings(&as_user).await.expect("settings");

    // A weekly series on every day = 366 occurrences, in a free room, each run its own room.
    let today = chrono::Utc::now().date_naive();
    let first = today + chrono::Duration::days(7 - today.weekday().num_days_from_monday() as i64);
    let start = first.and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("time"));
    let series = Series {
        start,
        end: start + chrono::Duration::minutes(90),
        rule: Rule::Daily { every: 1 },
        until: first + chrono::Duration::days(365),
    };
    let expansion = expand(&series, settings.tz, &Calendar::default(), 366).expect("expand");
    assert_eq!(expansion.occurrences.len(), 366);
    let details = Details {
        name: Some("Série".into()),
        ..Details::default()
    };
    let mut times = Vec::new();
    for run in 0..10 {
        let room = store::find_room(&as_user, &format!("Salle {}", ROOMS + 1 + run))
            .await
            .expect("room");
        let started = Instant::now();
        let booked = store::book(
            &as_user,
            settings.tz,
            NewBooking {
                room: room.id,
                occurrences: &expansion.occurrences,
                details: &details,
                series: Some(&series),
                skipped: &[],
                skip_conflicts: false,
            },
        )
        .await
        .expect("book");
        times.push(started.elapsed());
        assert_eq!(booked.occurrences.len(), 366);
    }
    support::report(
        "save a 366-occurrence series (all rules, as a user)",
        times,
        1,
    );

    // One booking at a time with every quota on (the room's, the area's, the installation's):
    // each counts the user's bookings to come, whatever the rooms hold.
    c.batch_execute(
        "UPDATE setting SET value = '100000' WHERE name = 'booking.max_per_user';
         UPDATE area SET max_bookings_per_user = 100000 WHERE name = 'Bench';
         UPDATE room SET max_bookings_per_user = 100000 WHERE name LIKE 'Salle %';",
    )
    .await
    .expect("quotas");
    let mut times = Vec::new();
    for run in 0..30 {
        let room = format!("Salle {}", run % ROOMS + 1);
        let day = first + chrono::Duration::days(run);
        times.push(support::book_evening(&as_user, settings.tz, &room, day).await);
    }
    support::report("book once with every quota on (as a user)", times, 1);

    // One week of the whole area, as the user (row-level security on).
    let monday = today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
    let from = local(settings.tz, monday);
    let to = local(settings.tz, monday + chrono::Duration::days(7));
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..30 {
        let started = Instant::now();
        rows = store::list(&as_user, settings.tz, Scope::Area("Bench"), from, to, false)
            .await
            .expect("list")
            .len();
        times.push(started.elapsed());
    }
    support::report(
        &format!("list a week of {ROOMS} rooms ({rows} bookings, one query, as a user)"),
        times,
        1,
    );

    page_down(&as_user).await;

    drop(as_user);
    drop(c);
    bench.drop(&format!("DROP ROLE {user}")).await;
}

/// In the planning at 200×60 under tmux's colours, as the event loop runs it: PgDn six times,
/// each timed from the key to the drawn frame (the week after is then read in the
/// background, untimed, as the loop would); then `g` to six weeks not read yet, each timed
/// from Enter to the frame drawn with the week's bookings read. Counts the bytes each frame
/// sends to the terminal.
async fn page_down(db: &Database) {
    use intendant::db::listen::DbEvent;
    use intendant::tui::app::{App, Msg};

    let theme = support::tmux_theme();
    let (keymap, _) = intendant::tui::keymap::Keymap::load("default", None);
    let mut app = App::new(
        intendant::i18n::Lang::En,
        theme,
        keymap,
        chrono::Utc::now(),
        (200, 60),
    );
    let cmds = app.start();
    app.update(Msg::Db(DbEvent::Online));
    settle::settle(&mut app, db, cmds).await;
    let (mut terminal, counter) = support::counting_terminal(200, 60);
    terminal
        .draw(|f| intendant::tui::view::draw(&app, f))
        .expect("draw");
    counter.take();
    let key = |code| {
        Msg::Input(crossterm::event::Event::Key(
            crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE),
        ))
    };
    let (mut times, mut bytes) = (Vec::new(), Vec::new());
    for _ in 0..6 {
        let started = Instant::now();
        let cmds = app.update(key(crossterm::event::KeyCode::PageDown));
        assert!(!app.awaits_shown_data(), "the week was read ahead");
        terminal
            .draw(|f| intendant::tui::view::draw(&app, f))
            .expect("draw");
        times.push(started.elapsed());
        bytes.push(counter.take());
        settle::settle(&mut app, db, cmds).await;
        // The background read changes nothing on screen.
        terminal
            .draw(|f| intendant::tui::view::draw(&app, f))
            .expect("draw");
        counter.take();
    }
    support::report("PgDn to the next week drawn (200x60, read ahead)", times, 1);
    println!("  bytes sent for each PgDn under tmux: {bytes:?}");
    let (mut times, mut bytes) = (Vec::new(), Vec::new());
    for weeks in [4, 2, 5, 3, 6, 1] {
        let target = chrono::Utc::now().date_naive() + chrono::Duration::weeks(weeks);
        app.update(key(crossterm::event::KeyCode::Char('g')));
        for c in target.format("%Y-%m-%d").to_string().chars() {
            app.update(key(crossterm::event::KeyCode::Char(c)));
        }
        let started = Instant::now();
        let cmds = app.update(key(crossterm::event::KeyCode::Enter));
        assert!(app.awaits_shown_data());
        let (_, ahead) = settle::settle_until(&mut app, db, cmds, |a| !a.awaits_shown_data()).await;
        terminal
            .draw(|f| intendant::tui::view::draw(&app, f))
            .expect("draw");
        times.push(started.elapsed());
        bytes.push(counter.take());
        settle::settle(&mut app, db, ahead).await;
    }
    let shown = app.screens.planning.pane.bookings().len();
    support::report(
        &format!("g to a week not read yet, drawn (then {shown} bookings read, three weeks)"),
        times,
        1,
    );
    println!("  bytes sent for each g under tmux: {bytes:?}");
}

fn local(tz: chrono_tz::Tz, day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    tz.from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .expect("local midnight")
        .with_timezone(&chrono::Utc)
}
