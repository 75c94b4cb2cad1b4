//! The planning against a real database: what a user without access to a restricted area
//! sees (nothing of it, in any view), and live refresh keeping the cursor and an open form.

use crate::common;

use chrono::Datelike;
use common::demo_school;
use common::screen::text;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use intendant::booking::model::plan::ViewKind;
use intendant::booking::ui::layers::Layer;
use intendant::booking::ui::Cmd as BookingCmd;
use intendant::db::listen::DbEvent;
use intendant::db::listen::Kind;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Cmd, Msg};
use intendant::tui::router::FeatureCmd;
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.base.size.0, app.base.size.1)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    text(terminal.backend().buffer())
}

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

async fn run_cmds(app: &mut App, db: &intendant::db::Database, cmds: Vec<Cmd>) {
    common::settle::settle(app, db, cmds).await;
}

async fn shell(url: &str) -> (App, intendant::db::Database) {
    let db = intendant::db::Database::new(&intendant::db::ConnectSettings {
        config: url.parse().unwrap(),
        tls: intendant::config::TlsMode::Disable,
        root_cert: None,
    })
    .unwrap();
    let (theme, _) = intendant::tui::theme::Theme::load(
        "default",
        None,
        intendant::tui::theme::ColorDepth::Ansi16,
    );
    let (keymap, _) = intendant::tui::keymap::Keymap::load("default", None);
    let mut app = App::new(Lang::En, theme, keymap, chrono::Utc::now(), (120, 40));
    let cmds = app.start();
    app.update(Msg::Db(DbEvent::Online));
    run_cmds(&mut app, &db, cmds).await;
    (app, db)
}

#[tokio::test]
async fn a_restricted_area_is_invisible_without_access_in_every_view() {
    let db = demo_school().await;
    let root = db.client().await;
    // A meeting in the restricted Direction area, on the Tuesday of the week the planning
    // opens on (on a weekend, a Monday-to-Friday area opens on the next week).
    root.batch_execute(
        "INSERT INTO booking (room_id, during, name, type)
         SELECT id, tstzrange(date_trunc('week', now() + interval '2 days') + interval '1 day 9 hours',
                              date_trunc('week', now() + interval '2 days') + interval '1 day 10 hours'),
                'Conseil de direction secret', 'B'
           FROM room WHERE name = 'Bureau du proviseur'",
    )
    .await
    .unwrap();
    let alice = db.role("alice").await;
    let boss = db.role("boss").await;
    root.execute(
        "INSERT INTO app_user (login, display_name, status) VALUES ($1, 'Alice', 'user'), ($2, 'Boss', 'user')",
        &[&alice.name, &boss.name],
    )
    .await
    .unwrap();
    root.execute(
        "INSERT INTO area_access (area_id, login) SELECT id, $1 FROM area WHERE name = 'Direction'",
        &[&boss.name],
    )
    .await
    .unwrap();

    let seen = |url: String| async move {
        let (mut app, db) = shell(&url).await;
        let mut screens = String::new();
        let areas = app
            .screens
            .planning
            .pane
            .structure
            .as_ref()
            .unwrap()
            .areas
            .len();
        for _ in 0..areas {
            for view in ViewKind::ALL {
                app.screens.planning.pane.view = Some(view);
                let cmds = press(&mut app, KeyCode::Char('t'));
                run_cmds(&mut app, &db, cmds).await;
                screens.push_str(&render(&app));
                // The one-room views, for every room of the area.
                if view.one_room() {
                    for _ in 0..app.screens.planning.pane.rooms().len() {
                        press(&mut app, KeyCode::Char(']'));
                        screens.push_str(&render(&app));
                    }
                }
            }
            let cmds = press(&mut app, KeyCode::Char('}'));
            run_cmds(&mut app, &db, cmds).await;
        }
        screens
    };
    let alice_sees = seen(alice.url.clone()).await;
    for hidden in ["Direction", "Bureau du proviseur", "Conseil de direction"] {
        assert!(
            !alice_sees.contains(hidden),
            "{hidden} leaked to a user without access"
        );
    }
    assert!(alice_sees.contains("Informatique"));
    let boss_sees = seen(boss.url.clone()).await;
    assert!(boss_sees.contains("Bureau du proviseur"));
    assert!(
        boss_sees.contains("Conseil de direction"),
        "given access, the area and its bookings show:\n{boss_sees}"
    );
}

#[tokio::test]
async fn another_clients_change_reloads_the_range_and_keeps_cursor_and_form() {
    let db = demo_school().await;
    let (mut app, pool) = shell(&db.url).await;
    let cmds = press(&mut app, KeyCode::Char('}'));
    run_cmds(&mut app, &pool, cmds).await;
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    let place = (
        app.screens.planning.pane.date,
        app.screens.planning.pane.room,
        app.screens.planning.pane.slot,
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.screens.planning.top(), Some(Layer::Form(_))));
    // Another client books: the announcement (which names no room) asks for a reload.
    let changed = || Msg::Db(DbEvent::Changed(vec![Kind::Bookings]));
    let cmds = app.update(changed());
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadBookings { .. }))
        )),
        "{cmds:?}"
    );
    // More announcements while that load runs ask for nothing now, and for one load after.
    for _ in 0..1000 {
        assert!(app.update(changed()).is_empty());
    }
    let loads = common::settle::settle(&mut app, &pool, cmds).await;
    assert_eq!(loads, 2, "the load asked, then one for every change since");
    assert_eq!(
        (
            app.screens.planning.pane.date,
            app.screens.planning.pane.room,
            app.screens.planning.pane.slot
        ),
        place
    );
    assert!(
        matches!(app.screens.planning.top(), Some(Layer::Form(_))),
        "the form stays open"
    );
}

/// The moderation queue: a pending request shows, `a` accepts it, the database says so.
#[tokio::test]
async fn the_moderation_queue_accepts_by_keyboard() {
    let db = demo_school().await;
    let root = db.client().await;
    let id: i64 = root
        .query_one(
            "INSERT INTO booking (room_id, during, name, type, owner, moderation)
             SELECT id, tstzrange(date_trunc('hour', now()) + interval '3 days', date_trunc('hour', now()) + interval '3 days 1 hour'), 'Montage vidéo', 'A', 'anguyen', 'pending'
               FROM room WHERE name = 'Salle multimédia' RETURNING id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let (mut app, pool) = shell(&db.url).await;
    // The queue loads in the background; run its command as the event loop would.
    let cmds = press(&mut app, KeyCode::Char('m'));
    run_cmds(&mut app, &pool, cmds).await;
    let Some(Layer::Queue {
        items: Some(items), ..
    }) = app.screens.planning.top()
    else {
        panic!("the queue did not load");
    };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].name, "Montage vidéo");
    let shown = render(&app);
    assert!(shown.contains("Montage vidéo"), "{shown}");
    let cmds = press(&mut app, KeyCode::Char('a'));
    run_cmds(&mut app, &pool, cmds).await;
    let state: String = root
        .query_one("SELECT moderation FROM booking WHERE id = $1", &[&id])
        .await
        .unwrap()
        .get(0);
    assert_eq!(state, "accepted");
}

/// Editing from the grid: `e` opens the form on the booking, the name changes, Ctrl-S saves
/// in place (same id, same times).
#[tokio::test]
async fn editing_a_booking_through_the_form_keeps_its_id_and_times() {
    let db = demo_school().await;
    let (mut app, pool) = shell(&db.url).await;
    let cmds = press(&mut app, KeyCode::Char('}'));
    run_cmds(&mut app, &pool, cmds).await;
    app.screens.planning.pane.view = Some(ViewKind::Day);
    let cmds = press(&mut app, KeyCode::Char('t'));
    run_cmds(&mut app, &pool, cmds).await;
    // Two days on, 08:00 in Labo 101: book 08:00–08:30 through the form.
    press(&mut app, KeyCode::PageDown);
    let cmds = press(&mut app, KeyCode::PageDown);
    run_cmds(&mut app, &pool, cmds).await;
    press(&mut app, KeyCode::Char('n'));
    for c in "Avant".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let ctrl_s = Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let cmds = app.update(ctrl_s);
    run_cmds(&mut app, &pool, cmds).await;
    let root = db.client().await;
    let (id, during): (i64, String) = {
        let r = root
            .query_one(
                "SELECT id, during::text FROM booking WHERE name = 'Avant'",
                &[],
            )
            .await
            .unwrap();
        (r.get(0), r.get(1))
    };
    // Edit it: the form opens on the booking; the name field is first.
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.screens.planning.top(), Some(Layer::Form(_))));
    for _ in 0.."Avant".len() {
        press(&mut app, KeyCode::Backspace);
    }
    for c in "Après".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let ctrl_s = Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let cmds = app.update(ctrl_s);
    run_cmds(&mut app, &pool, cmds).await;
    let r = root
        .query_one(
            "SELECT name, during::text FROM booking WHERE id = $1",
            &[&id],
        )
        .await
        .unwrap();
    assert_eq!(
        (r.get::<_, String>(0), r.get::<_, String>(1)),
        ("Après".to_owned(), during)
    );
    assert!(render(&app).contains("Après"));
}

/// Moving around the planning is the user's own business: client A switches view and area
/// 20 times, and client B, open on the planning, hears nothing and runs no query. The place
/// is kept for A's next session all the same.
#[tokio::test]
async fn switching_view_and_area_makes_no_other_client_reload() {
    let db = demo_school().await;
    let root = db.client().await;
    let alice = db.role("alice").await;
    let bob = db.role("bob").await;
    root.execute(
        "INSERT INTO app_user (login, display_name, status) VALUES ($1, 'Alice', 'user'), ($2, 'Bob', 'user')",
        &[&alice.name, &bob.name],
    )
    .await
    .unwrap();
    let (mut a, a_db) = shell(&alice.url).await;
    let (mut b, b_db) = shell(&bob.url).await;
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let listener = {
        let heard = heard.clone();
        intendant::db::listen::spawn(b_db.clone(), move |e| {
            heard.lock().unwrap().push(e);
            true
        })
    };
    for _ in 0..50 {
        if !heard.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(heard.lock().unwrap().clone(), [DbEvent::Online]);
    let history_before: i64 = root
        .query_one("SELECT count(*) FROM change_history", &[])
        .await
        .unwrap()
        .get(0);
    for _ in 0..20 {
        let cmds = press(&mut a, KeyCode::Tab);
        run_cmds(&mut a, &a_db, cmds).await;
        let cmds = press(&mut a, KeyCode::Char('}'));
        run_cmds(&mut a, &a_db, cmds).await;
    }
    // Longer than a burst is gathered: anything announced has arrived by now.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    listener.abort();
    let events = heard.lock().unwrap().clone();
    assert_eq!(events, [DbEvent::Online], "B heard {events:?}");
    for event in events {
        assert!(b.update(Msg::Db(event)).is_empty(), "B asked for a query");
    }
    let history_after: i64 = root
        .query_one("SELECT count(*) FROM change_history", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(history_before, history_after, "moving wrote no history");
    // A's place is kept, in A's own row, which B cannot read.
    let pane = &a.screens.planning.pane;
    let (area, view) = (pane.area_info().unwrap().id, pane.view().code());
    let row = root
        .query_one(
            "SELECT planning_area, planning_view FROM ui_preference WHERE login = $1",
            &[&alice.name],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            row.get::<_, Option<i64>>(0),
            row.get::<_, Option<String>>(1)
        ),
        (Some(area), Some(view.to_owned()))
    );
    let bob_client = intendant::db::Database::new(&intendant::db::ConnectSettings {
        config: bob.url.parse().unwrap(),
        tls: intendant::config::TlsMode::Disable,
        root_cert: None,
    })
    .unwrap();
    let seen: i64 = bob_client
        .client()
        .await
        .unwrap()
        .query_one(
            "SELECT count(*) FROM ui_preference WHERE login <> session_user",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "B reads no one else's place");
    drop(b);
}

/// Puts the planning's cursor on the booking named `name`, in the day view of its date.
async fn cursor_on(
    app: &mut App,
    pool: &intendant::db::Database,
    room: &str,
    date: chrono::NaiveDate,
    name: &str,
) {
    let areas = app
        .screens
        .planning
        .pane
        .structure
        .as_ref()
        .map(|s| s.areas.len())
        .unwrap();
    let area = (0..areas)
        .find(|&i| {
            app.screens.planning.pane.select_area(i);
            app.screens
                .planning
                .pane
                .rooms()
                .iter()
                .any(|r| r.name == room)
        })
        .expect("the room's area");
    let pane = &mut app.screens.planning.pane;
    pane.select_area(area);
    pane.view = Some(ViewKind::Day);
    pane.room = pane.rooms().iter().position(|r| r.name == room).unwrap();
    // Go to the date as a user does (g, the date, Enter): the range loads.
    press(app, KeyCode::Char('g'));
    type_text(app, &date.to_string());
    let cmds = press(app, KeyCode::Enter);
    run_cmds(app, pool, cmds).await;
    let tz = chrono_tz::Europe::Paris;
    for slot in 0..200 {
        app.screens.planning.pane.slot = slot;
        if app
            .screens
            .planning
            .pane
            .at_cursor(tz)
            .is_some_and(|b| b.name == name)
        {
            return;
        }
    }
    panic!("no {name} on {date} in {room}");
}

fn ctrl(app: &mut App, c: char) -> Vec<Cmd> {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    ))))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Issue 13 point 1: `e` on an occurrence, "the whole series", rename and a new end date:
/// the form starts from the series' own rule (30 weeks, not 4), and every row follows.
#[tokio::test]
async fn p01_editing_the_whole_series_in_the_form_loads_its_rule_and_changes_every_row() {
    let db = demo_school().await;
    let today = chrono::Utc::now().date_naive();
    let monday =
        today + chrono::Duration::days(14 + 7 - today.weekday().num_days_from_monday() as i64);
    let until = monday + chrono::Duration::weeks(29);
    let out = common::bin::intendant(&[
        "--database-url",
        &db.url,
        "booking",
        "add",
        "--room",
        "Labo 101",
        "--start",
        &format!("{monday} 10:00"),
        "--end",
        "11:00",
        "--name",
        "Série",
        "--field",
        "Niveau=Tle",
        "--repeat",
        "weekly",
        "--until",
        &until.to_string(),
    ])
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", common::bin::stderr(&out));
    let root = db.client().await;
    let count = |sql: &'static str| {
        let root = &root;
        async move { root.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    assert_eq!(
        count("SELECT count(*) FROM booking WHERE archived_at IS NULL").await,
        30
    );

    let (mut app, pool) = shell(&db.url).await;
    // The third occurrence, and the whole series from there.
    cursor_on(
        &mut app,
        &pool,
        "Labo 101",
        monday + chrono::Duration::weeks(2),
        "Série",
    )
    .await;
    let cmds = press(&mut app, KeyCode::Char('e'));
    run_cmds(&mut app, &pool, cmds).await;
    let Some(Layer::Form(form)) = app.screens.planning.top() else {
        panic!("the form is open");
    };
    assert_eq!(form.series.as_ref().map(|s| s.until), Some(until));
    let cmds = press(&mut app, KeyCode::Right);
    run_cmds(&mut app, &pool, cmds).await;
    let screen = render(&app);
    assert!(screen.contains("every week"), "{screen}");
    assert!(screen.contains(&until.to_string()), "{screen}");
    assert!(
        screen.contains(&monday.to_string()),
        "the series' first date\n{screen}"
    );
    // The name (the next field): typed over, as the first key replaces a filled field.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Série B");
    // The end date, ten weeks earlier.
    let shorter = until - chrono::Duration::weeks(10);
    let at = |app: &App| match app.screens.planning.top() {
        Some(Layer::Form(f)) => f.focused(),
        _ => panic!("the form is open"),
    };
    while at(&app) != intendant::booking::ui::form::FieldId::Until {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, &shorter.to_string());
    let cmds = ctrl(&mut app, 's');
    run_cmds(&mut app, &pool, cmds).await;
    assert!(
        app.screens.planning.top().is_none(),
        "saved and closed\n{}",
        render(&app)
    );
    let rows = root
        .query(
            "SELECT name, series_id, fields ->> 'Niveau', (lower(during) AT TIME ZONE 'Europe/Paris')::text
               FROM booking WHERE archived_at IS NULL ORDER BY lower(during)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 20, "30 weeks became 20, not 4");
    let series: Option<i64> = rows[0].get(1);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.get::<_, String>(0), "Série B");
        assert_eq!(r.get::<_, Option<i64>>(1), series);
        assert_eq!(r.get::<_, Option<String>>(2).as_deref(), Some("Tle"));
        let week = monday + chrono::Duration::weeks(i as i64);
        assert_eq!(r.get::<_, String>(3), format!("{week} 10:00:00"));
    }
    let until_now: chrono::NaiveDate = root
        .query_one("SELECT until FROM booking_series", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(until_now, shorter);
}

/// Issue 13 point 3: `n` in the week of all rooms and in the month of a room: the form
/// starts at the area's first slot with its default duration, and saves.
#[tokio::test]
async fn p03_a_new_booking_from_the_week_of_all_rooms_and_the_month() {
    let db = demo_school().await;
    let today = chrono::Utc::now().date_naive();
    let monday =
        today + chrono::Duration::days(14 + 7 - today.weekday().num_days_from_monday() as i64);
    let (mut app, pool) = shell(&db.url).await;
    for (view, date, name) in [
        (ViewKind::WeekAll, monday, "Depuis la semaine"),
        (
            ViewKind::MonthRoom,
            monday + chrono::Duration::days(1),
            "Depuis le mois",
        ),
    ] {
        let pane = &mut app.screens.planning.pane;
        let area = (0..pane.structure.as_ref().unwrap().areas.len())
            .find(|&i| {
                pane.select_area(i);
                pane.rooms().iter().any(|r| r.name == "Labo 101")
            })
            .unwrap();
        pane.select_area(area);
        pane.room = pane
            .rooms()
            .iter()
            .position(|r| r.name == "Labo 101")
            .unwrap();
        pane.view = Some(view);
        press(&mut app, KeyCode::Char('g'));
        type_text(&mut app, &date.to_string());
        let cmds = press(&mut app, KeyCode::Enter);
        run_cmds(&mut app, &pool, cmds).await;
        let cmds = press(&mut app, KeyCode::Char('n'));
        run_cmds(&mut app, &pool, cmds).await;
        let screen = render(&app);
        assert!(
            screen.contains("08:00") && screen.contains("09:00"),
            "{view:?}\n{screen}"
        );
        type_text(&mut app, name);
        let cmds = ctrl(&mut app, 's');
        run_cmds(&mut app, &pool, cmds).await;
        assert!(
            app.screens.planning.top().is_none(),
            "{view:?}\n{}",
            render(&app)
        );
        let during: String = db
            .client()
            .await
            .query_one(
                "SELECT (lower(during) AT TIME ZONE 'Europe/Paris')::text || ' ' || (upper(during) AT TIME ZONE 'Europe/Paris')::time::text
                   FROM booking WHERE name = $1",
                &[&name],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(during, format!("{date} 08:00:00 09:00:00"), "{view:?}");
    }
}

/// Issue 13 point 23: a user without a place of their own lands on the installation's
/// `default_area`, else on the first area of the first site; never an arbitrary one.
#[tokio::test]
async fn p23_a_new_user_lands_on_the_default_area_else_the_first() {
    let db = demo_school().await;
    let area_of = |app: &App| {
        app.screens
            .planning
            .pane
            .area_info()
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    let (app, _pool) = shell(&db.url).await;
    assert_eq!(
        area_of(&app),
        "Informatique",
        "first area of the first site"
    );
    db.client()
        .await
        .execute(
            "UPDATE setting SET value = 'Réunions' WHERE name = 'default_area'",
            &[],
        )
        .await
        .unwrap();
    let (app, _pool) = shell(&db.url).await;
    assert_eq!(area_of(&app), "Réunions");
    // The setup file says it too, and the dump gives it back.
    let setup = intendant::setup::store::dump(&db.database()).await.unwrap();
    assert_eq!(setup.default_area.as_deref(), Some("Réunions"));
}

/// Issue 13 point 22: names sort as people read them (not by byte, whatever the database's
/// own collation): "Labo chimie" before "Labo SVT", "Élodie" with the E.
#[tokio::test]
async fn p22_names_sort_as_people_read_them() {
    let db = demo_school().await;
    let s = intendant::booking::plan_store::structure(&db.database())
        .await
        .unwrap();
    let sciences = s.areas.iter().find(|a| a.name == "Sciences").unwrap().id;
    let rooms: Vec<&str> = s
        .rooms
        .iter()
        .filter(|r| r.area_id == sciences)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(rooms, ["Labo chimie", "Labo physique", "Labo SVT"]);
    let users = intendant::booking::plan_store::active_users(&db.database())
        .await
        .unwrap();
    let names: Vec<&str> = users.iter().map(|(_, n)| n.as_str()).collect();
    let elodie = names.iter().position(|n| n.starts_with("Élodie")).unwrap();
    let jerome = names.iter().position(|n| n.starts_with("Jérôme")).unwrap();
    let claire = names.iter().position(|n| n.starts_with("Claire")).unwrap();
    assert!(claire < elodie && elodie < jerome, "{names:?}");
}

/// Issue 14: the planning opens without the user list; the first form that may book for
/// someone else reads it, once, and the completion offers its people.
#[tokio::test]
async fn the_user_list_is_read_when_a_form_needs_it() {
    use intendant::booking::ui::layers::Layer;
    let db = demo_school().await;
    let (mut app, pool) = shell(&db.url).await;
    assert!(app.screens.planning.users.is_none(), "not read at start");
    let cmds = press(&mut app, KeyCode::Char('n'));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadUsers)))),
        "the form asks for them"
    );
    run_cmds(&mut app, &pool, cmds).await;
    let Some(Layer::Form(form)) = app.screens.planning.top() else {
        panic!("the form is open");
    };
    assert!(form.users.iter().any(|(login, _)| login == "anguyen"));
    // Closed and opened again: no second read.
    press(&mut app, KeyCode::Esc);
    let cmds = press(&mut app, KeyCode::Char('n'));
    assert!(!cmds
        .iter()
        .any(|c| matches!(c, Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadUsers)))));
}

/// Issue 14: every PgDn shows a week already read (the one after is read in the background
/// once the key is handled), and a week not read yet holds the frame until its bookings are
/// in rather than drawing an empty grid first.
#[tokio::test]
async fn every_page_down_shows_a_week_already_read() {
    let db = demo_school().await;
    let (mut app, pool) = shell(&db.url).await;
    for n in 0..5 {
        let cmds = press(&mut app, KeyCode::PageDown);
        assert!(
            app.screens.planning.pane.wanted().is_none(),
            "PgDn {n}: the week shown was read before the key"
        );
        assert!(!app.awaits_shown_data(), "PgDn {n}: drawn at once");
        let loads = cmds
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadBookings { .. }))
                )
            })
            .count();
        assert_eq!(loads, 1, "PgDn {n}: the week after is read ahead");
        run_cmds(&mut app, &pool, cmds).await;
        assert!(app.screens.planning.pane.ahead().is_none());
    }
    // Far away: nothing read there yet; the frame waits for the bookings.
    let target = app.screens.planning.pane.date + chrono::Duration::weeks(30);
    press(&mut app, KeyCode::Char('g'));
    for c in target.format("%Y-%m-%d").to_string().chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let cmds = press(&mut app, KeyCode::Enter);
    assert_eq!(app.screens.planning.pane.date, target);
    assert!(app.awaits_shown_data());
    run_cmds(&mut app, &pool, cmds).await;
    assert!(!app.awaits_shown_data(), "the bookings are in: drawn");
}
