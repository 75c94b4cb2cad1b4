//! A shell with known users and a fixed clock, and the text of a rendered buffer: shared by
//! the render tests and the render benchmarks.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use intendant::db::listen::DbEvent;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Msg};
use intendant::tui::keymap::Keymap;
use intendant::tui::theme::{ColorDepth, Theme};
use intendant::users::model::{Session, Status, UserRow};
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
    let requests = app.start();
    assert_eq!(requests.len(), 2);
    app.update(Msg::Db(DbEvent::Online));
    app.update(Msg::Session {
        request: 1,
        result: Ok(Session {
            login: "mdupont".into(),
            display_name: Some("Marie Dupont".into()),
            status: Some(Status::Admin),
            language: None,
            timezone: "Europe/Paris".into(),
            site_name: "Lycée Jean Moulin".into(),
            import_date_order: "dmy".into(),
        }),
    });
    app.update(Msg::Users {
        request: 2,
        result: Ok(rows),
    });
    app
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
