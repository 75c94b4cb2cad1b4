//! The Administration screen on ratatui's TestBackend at 80×24, default and mono: every
//! section an administrator sees, the new-user form read out as a request, archiving asked
//! with its counts first, hostile names made inert, and the sections a user manager sees.

use crate::common;

use common::screen::{app_with, text, users};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use intendant::admin::store::Archivable;
use intendant::admin::ui::form::Request;
use intendant::admin::ui::sections::Section;
use intendant::admin::ui::{Cmd as AdminCmd, Msg as AdminMsg};
use intendant::i18n::Lang;
use intendant::session::{Session, Status};
use intendant::tui::app::{App, Cmd, Msg};
use intendant::tui::router::{FeatureCmd, FeatureMsg};
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use serde_json::{json, Value};

fn press(app: &mut App, code: KeyCode) -> Vec<Cmd> {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The load the screen asked for: its ticket and section.
fn load(cmds: &[Cmd]) -> Option<(u64, Section)> {
    cmds.iter().find_map(|c| match c {
        Cmd::Feature(FeatureCmd::Admin(AdminCmd::Load(t, s, _))) => Some((t.id, *s)),
        _ => None,
    })
}

fn admin_cmd(cmds: Vec<Cmd>) -> Option<AdminCmd> {
    cmds.into_iter().find_map(|c| match c {
        Cmd::Feature(FeatureCmd::Admin(a)) => Some(a),
        _ => None,
    })
}

/// What each section's load returns, as the admin functions answer.
fn data(section: Section) -> Value {
    match section {
        Section::Users => json!([
            {"login": "anguyen", "name": "Anh Nguyen", "status": "user", "active": true},
            {"login": "evil", "name": "Evil\u{1b}[2J\u{1b}]0;pwned\u{7}", "status": "user", "active": true},
            {"login": "jlefevre", "name": "Jérôme Lefèvre-Roy", "status": "user_manager", "active": true},
            {"login": "old", "name": "Ancien", "status": "user", "active": false},
        ]),
        Section::Sites => json!([
            {"id": 1, "code": "LJM", "name": "Lycée Jean Moulin", "areas": 5, "admins": ["mdupont"], "archived": false},
            {"id": 2, "code": "OLD", "name": "Ancienne annexe", "areas": 0, "admins": [], "archived": true},
        ]),
        Section::Areas => json!([
            {"id": 1, "site": "LJM", "name": "Informatique", "day_start": "08:00", "day_end": "18:00", "rooms": 3, "admins": ["jlefevre"], "archived": false},
            {"id": 2, "site": "LJM", "name": "Sciences", "day_start": "08:00", "day_end": "19:00", "rooms": 3, "admins": [], "archived": false},
        ]),
        Section::Rooms => json!([
            {"id": 1, "area": "Informatique", "name": "Labo 101", "capacity": 30, "managers": [], "archived": false},
            {"id": 2, "area": "Informatique", "name": "Labo 102", "capacity": 24, "managers": ["kbenali"], "archived": true},
        ]),
        Section::Types => json!([
            {"letter": "A", "name": "Cours", "color": "#4a90d9", "order": 1, "hidden": false, "bookings": 120},
            {"letter": "E", "name": "Examen", "color": "#d94a4a", "order": 2, "hidden": true, "bookings": 3},
        ]),
        Section::Blocked => json!([{"day": "2026-12-25", "reason": "Noël"}]),
        Section::Rights => json!([
            {"kind": "area_admin", "id": 1, "on": "Informatique", "login": "jlefevre"},
            {"kind": "room_manager", "id": 3, "on": "Salle multimédia", "login": "kbenali"},
        ]),
        Section::Settings => json!([
            {"name": "site_name", "value": "Lycée Jean Moulin"},
            {"name": "timezone", "value": "Europe/Paris"},
        ]),
        Section::Connections => json!([
            {"id": 2, "login": "kbenali", "client_addr": "10.0.0.7", "application": "intendant",
             "started_at": "2026-11-24T08:00:00+00:00", "ended": "lost", "ended_at": "2026-11-24T09:00:00+00:00"},
            {"id": 1, "login": "mdupont", "client_addr": "127.0.0.1", "application": "intendant",
             "started_at": "2026-11-24T07:00:00+00:00", "ended": null, "ended_at": null},
        ]),
        Section::Fields => json!([
            {"area_id": 2, "area": "Sciences", "name": "Classe", "kind": "list", "choices": ["2nde", "1re"], "mandatory": true},
        ]),
        Section::Cycle => {
            json!([{"day": "2026-11-23", "cycle": 1}, {"day": "2026-11-24", "cycle": 2}])
        }
        Section::Backups => json!([
            {"file": "intendant-lycee-20261124-1800.dump", "size": "312 KiB", "modified": "2026-11-24T17:00:00+00:00"},
        ]),
        Section::Password => json!([]),
    }
}

fn answer(app: &mut App, cmds: &[Cmd]) {
    if let Some((id, section)) = load(cmds) {
        app.update(Msg::Feature(FeatureMsg::Admin(AdminMsg::Loaded {
            id,
            section,
            result: Ok(data(section)),
        })));
    }
}

fn screen(lang: Lang, theme: &str) -> App {
    let mut app = app_with(lang, theme, "default", (80, 24), users());
    let cmds = press(&mut app, KeyCode::F(8));
    assert_eq!(load(&cmds).map(|l| l.1), Some(Section::Users));
    answer(&mut app, &cmds);
    app
}

fn render(app: &App) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.base.size.0, app.base.size.1)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

const NAMES: [&str; 13] = [
    "users",
    "sites",
    "areas",
    "rooms",
    "fields",
    "types",
    "blocked",
    "cycle",
    "rights",
    "settings",
    "connections",
    "backups",
    "password",
];

#[test]
fn every_section_an_administrator_sees_at_80x24_default_and_mono() {
    for theme in ["default", "mono"] {
        let mut app = screen(Lang::En, theme);
        for (i, name) in NAMES.iter().enumerate() {
            if i > 0 {
                let cmds = press(&mut app, KeyCode::Right);
                answer(&mut app, &cmds);
            }
            let buffer = render(&app);
            let shown = text(&buffer);
            assert!(
                !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
                "{shown}"
            );
            if theme == "mono" {
                for cell in buffer.content.iter() {
                    assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
                }
                if *name != "password" {
                    // The first row is selected: reversed, not coloured.
                    assert!(
                        buffer[(22, 3)].modifier.contains(Modifier::REVERSED),
                        "{name}"
                    );
                }
            }
            assert_snapshot!(format!("admin_{name}_{theme}_80x24"), shown);
        }
    }
    let app = screen(Lang::Fr, "default");
    assert_snapshot!("admin_users_fr_80x24", text(&render(&app)));
}

#[test]
fn a_new_user_is_typed_checked_and_asked_for_with_a_masked_password() {
    let mut app = screen(Lang::En, "default");
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "cdurand");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Claire Durand");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Provisoire-2026");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Provisoire-2025");
    assert!(admin_cmd(press(&mut app, KeyCode::Enter)).is_none());
    let shown = text(&render(&app));
    assert!(shown.contains("the two passwords differ"), "{shown}");
    assert!(
        !shown.contains("Provisoire"),
        "passwords are masked: {shown}"
    );
    assert_snapshot!("admin_new_user_80x24", shown);
    for _ in 0.."2025".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026");
    match admin_cmd(press(&mut app, KeyCode::Enter)) {
        Some(AdminCmd::Submit(Request::NewUser {
            login,
            name,
            email,
            status,
            password,
        })) => {
            assert_eq!(
                (login.as_str(), name.as_str()),
                ("cdurand", "Claire Durand")
            );
            assert_eq!((email, status), (None, "user_manager"));
            assert_eq!(password.as_deref(), Some("Provisoire-2026"));
        }
        other => panic!("{other:?}"),
    }
    // Refused by the database: the form stays, with why.
    app.update(Msg::Feature(FeatureMsg::Admin(AdminMsg::Done(Err(
        intendant::tui::screen::Failure {
            text: "User cdurand exists already.".into(),
            connection_lost: false,
        },
    )))));
    assert!(text(&render(&app)).contains("exists already"));
    press(&mut app, KeyCode::Esc);
    assert!(!text(&render(&app)).contains("New user"));
}

#[test]
fn archiving_asks_first_with_what_it_hides_and_restoring_does_not() {
    let mut app = screen(Lang::En, "default");
    for _ in 0..3 {
        let cmds = press(&mut app, KeyCode::Right);
        answer(&mut app, &cmds);
    }
    let asked = admin_cmd(press(&mut app, KeyCode::Char('a')));
    assert!(
        matches!(&asked, Some(AdminCmd::Count { what: Archivable::Room(1), name }) if name == "Labo 101"),
        "{asked:?}"
    );
    app.update(Msg::Feature(FeatureMsg::Admin(AdminMsg::Counted {
        what: Archivable::Room(1),
        name: "Labo 101".into(),
        result: Ok(json!({"areas": 0, "rooms": 1, "future_bookings": 37})),
    })));
    let shown = text(&render(&app));
    assert!(shown.contains("37 future"), "{shown}");
    assert_snapshot!("admin_archive_ask_80x24", shown);
    let done = admin_cmd(press(&mut app, KeyCode::Char('y')));
    assert!(matches!(
        done,
        Some(AdminCmd::Archive {
            what: Archivable::Room(1),
            archived: true,
            ..
        })
    ));
    press(&mut app, KeyCode::Down);
    let restore = admin_cmd(press(&mut app, KeyCode::Char('a')));
    assert!(
        matches!(
            restore,
            Some(AdminCmd::Archive {
                what: Archivable::Room(2),
                archived: false,
                ..
            })
        ),
        "an archived room comes back without a question"
    );
}

#[test]
fn a_user_manager_sees_users_and_its_own_password_only() {
    let mut app = app_with(Lang::En, "default", "default", (80, 24), users());
    // Users changed: the shell reads the session again (request 2).
    app.update(Msg::Db(intendant::db::listen::DbEvent::Changed(vec![
        intendant::db::listen::Kind::Users,
    ])));
    app.update(Msg::Session {
        id: 2,
        result: Ok(Session {
            login: "jlefevre".into(),
            display_name: Some("Jérôme Lefèvre-Roy".into()),
            status: Some(Status::UserManager),
            language: None,
            timezone: "Europe/Paris".into(),
            site_name: "Lycée".into(),
            import_date_order: "dmy".into(),
            manages_people: true,
            dead_letters: 0,
            welcome: String::new(),
            holds: Default::default(),
        }),
    });
    let cmds = press(&mut app, KeyCode::F(8));
    answer(&mut app, &cmds);
    let shown = text(&render(&app));
    assert!(
        shown.contains("Users") && shown.contains("My password"),
        "{shown}"
    );
    assert!(
        !shown.contains("Settings") && !shown.contains("Rooms"),
        "{shown}"
    );
}

#[test]
fn a_room_is_changed_in_a_form_that_names_a_wrong_value_and_sends_only_what_changed() {
    let mut app = screen(Lang::En, "default");
    for _ in 0..3 {
        let cmds = press(&mut app, KeyCode::Right);
        answer(&mut app, &cmds);
    }
    let fetch = admin_cmd(press(&mut app, KeyCode::Char('e')));
    let Some(AdminCmd::Fetch { target, name }) = fetch else {
        panic!("{fetch:?}")
    };
    assert_eq!(target, intendant::admin::ui::edit::Target::Room(1));
    app.update(Msg::Feature(FeatureMsg::Admin(AdminMsg::Fetched {
        target,
        name,
        result: Ok(json!({"name": "Labo 101", "description": "Salle\u{1b}[31m rouge", "capacity": 30,
                          "moderated": false, "unavailable": false, "max_bookings_per_user": -1,
                          "max_days_ahead": -1, "min_minutes_before": 0, "max_duration": "02:00:00",
                          "allow_past": false, "tentative_days": 0, "book_for_others": null,
                          "users_may_not_modify_own": false, "tracks_loans": false,
                          "visibility": "visitor", "picture_url": null, "show_sheet": true, "sort_order": 0})),
    })));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    typed(&mut app, "trente");
    assert!(admin_cmd(press(&mut app, KeyCode::Enter)).is_none());
    let shown = text(&render(&app));
    assert!(
        shown.contains("capacity: a whole number, not “trente”"),
        "{shown}"
    );
    assert!(!shown.contains('\u{1b}'), "{shown}");
    assert_snapshot!("admin_edit_room_80x24", shown);
    for _ in 0.."trente".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "28");
    match admin_cmd(press(&mut app, KeyCode::Enter)) {
        Some(AdminCmd::Save { changes, .. }) => {
            assert_eq!(Value::Object(changes), json!({"capacity": 28}));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn slash_filters_the_sections_rows_and_the_actions_follow_the_filtered_row() {
    let mut app = screen(Lang::En, "default");
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "lefèvre");
    press(&mut app, KeyCode::Enter);
    let shown = text(&render(&app));
    assert!(
        shown.contains("jlefevre") && !shown.contains("anguyen"),
        "{shown}"
    );
    assert!(shown.contains("/lefèvre"), "the filter is said: {shown}");
    match admin_cmd(press(&mut app, KeyCode::Char('x'))) {
        None => {}
        other => panic!("x asks first: {other:?}"),
    }
    assert!(text(&render(&app)).contains("Take away jlefevre's login"));
}

#[test]
fn a_backup_is_made_with_n_and_restored_into_a_name_typed() {
    let mut app = screen(Lang::En, "default");
    for _ in 0..11 {
        let cmds = press(&mut app, KeyCode::Right);
        answer(&mut app, &cmds);
    }
    assert!(matches!(
        admin_cmd(press(&mut app, KeyCode::Char('n'))),
        Some(AdminCmd::Backup(_))
    ));
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "lycee_copie");
    let shown = text(&render(&app));
    assert!(
        shown.contains("Restore intendant-lycee-20261124-1800.dump"),
        "{shown}"
    );
    match admin_cmd(press(&mut app, KeyCode::Enter)) {
        Some(AdminCmd::Restore { file, into }) => {
            assert!(file.ends_with("intendant-lycee-20261124-1800.dump"));
            assert_eq!(into, "lycee_copie");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_right_is_given_in_a_form_and_taken_back_with_d_after_a_question() {
    let mut app = screen(Lang::En, "default");
    for _ in 0..8 {
        let cmds = press(&mut app, KeyCode::Right);
        answer(&mut app, &cmds);
    }
    assert!(text(&render(&app)).contains("area_admin"));
    press(&mut app, KeyCode::Char('n'));
    typed(&mut app, "room_manager");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Labo 101");
    assert!(
        admin_cmd(press(&mut app, KeyCode::Enter)).is_none(),
        "a login is needed"
    );
    // The form went to the field missing.
    typed(&mut app, "anguyen");
    match admin_cmd(press(&mut app, KeyCode::Enter)) {
        Some(AdminCmd::Save {
            target, changes, ..
        }) => {
            assert_eq!(target, intendant::admin::ui::edit::Target::NewRight);
            assert_eq!(
                Value::Object(changes),
                json!({"kind": "room_manager", "on": "Labo 101", "login": "anguyen"})
            );
        }
        other => panic!("{other:?}"),
    }
    app.update(Msg::Feature(FeatureMsg::Admin(AdminMsg::Done(Ok(
        "saved".into()
    )))));
    press(&mut app, KeyCode::Down);
    assert!(
        admin_cmd(press(&mut app, KeyCode::Char('d'))).is_none(),
        "asked first"
    );
    let shown = text(&render(&app));
    assert!(
        shown.contains("Remove room_manager · Salle multimédia · kbenali?"),
        "{shown}"
    );
    match admin_cmd(press(&mut app, KeyCode::Char('y'))) {
        Some(AdminCmd::Remove(intendant::admin::ui::Removal::Right {
            kind,
            target,
            login,
        })) => {
            assert_eq!(
                (kind.as_str(), target, login.as_str()),
                ("room_manager", 3, "kbenali")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_welcome_text_is_said_once_when_the_app_opens_and_made_inert() {
    let (theme, _) = intendant::tui::theme::Theme::load(
        "default",
        None,
        intendant::tui::theme::ColorDepth::Ansi16,
    );
    let (keymap, _) = intendant::tui::keymap::Keymap::load("default", None);
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 24, 13, 5, 0).unwrap();
    let mut app = App::new(Lang::En, theme, keymap, now, (80, 24));
    app.page = intendant::tui::app::Page::Users;
    app.start();
    app.update(Msg::Db(intendant::db::listen::DbEvent::Online));
    app.update(Msg::Session {
        id: 1,
        result: Ok(Session {
            login: "anguyen".into(),
            display_name: None,
            status: Some(Status::User),
            language: None,
            timezone: "Europe/Paris".into(),
            site_name: "Lycée".into(),
            import_date_order: "dmy".into(),
            manages_people: false,
            dead_letters: 0,
            welcome: "Salles fermées le 8/12\u{1b}[2J".into(),
            holds: Default::default(),
        }),
    });
    let shown = text(&render(&app));
    assert!(shown.contains("Salles fermées le 8/12"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown}");
}
