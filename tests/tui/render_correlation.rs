//! The correlation session on ratatui's TestBackend at 80×24 and 160×50, in the default and
//! mono themes: both columns, every state, the counts, the detail pane with a suggestion, and
//! the empty-directory warning.

use crate::common;

use std::collections::HashMap;

use common::screen::{app_with, text, users};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use intendant::correlation::model::apply::Decision;
use intendant::correlation::model::cascade::{Person, Rule};
use intendant::correlation::model::directory::{accounts, Mapping};
use intendant::correlation::model::ldif::parse;
use intendant::correlation::store::{OfficialRow, State};
use intendant::correlation::ui::{Cmd as CorrelationCmd, Msg as CorrelationMsg};
use intendant::i18n::Lang;
use intendant::tui::app::{App, Cmd, Msg};
use intendant::tui::router::FeatureCmd;
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const LDIF: &str = include_str!("../fixtures/ldif/lycee.ldif");

fn state() -> State {
    let entries = parse(LDIF).unwrap();
    let person = |id, number: &str, last: &str, first: &str, category| OfficialRow {
        id,
        kind: if category == 'E' { "student" } else { "staff" }.into(),
        person: Person {
            number: number.into(),
            last: last.into(),
            first: first.into(),
            birth: chrono::NaiveDate::from_ymd_opt(2010, 3, 2).filter(|_| id == 3),
            category,
        },
        email: None,
    };
    State {
        run_id: Some(1),
        base_dn: "dc=lycee,dc=fr".into(),
        accounts: accounts(&entries, &Mapping::default())
            .into_iter()
            .map(|(_, a)| a)
            .collect(),
        people: vec![
            person(1, "E001", "Martin", "Léa", 'E'),
            person(2, "E002", "Lefèvre-Roy", "Noé", 'E'),
            person(3, "E003", "Bernart", "Zoé", 'E'),
            person(4, "E004", "Nouvelle", "Nina", 'E'),
            person(5, "P100", "Dupont", "Jean", 'P'),
        ],
        links: HashMap::from([
            ("lmartin".to_owned(), (1, Rule::NumberName)),
            ("nlefevre".to_owned(), (2, Rule::Name)),
            ("jdupont".to_owned(), (5, Rule::Manual)),
        ]),
        decisions: HashMap::from([
            ("ancien".to_owned(), Decision::Delete),
            ("examen01".to_owned(), Decision::KeepAlways),
        ]),
        orphans: HashMap::new(),
        local: HashMap::new(),
    }
}

fn session(theme: &str, size: (u16, u16), state: State) -> App {
    let mut app = app_with(Lang::En, theme, "default", size, users());
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::F(6),
        KeyModifiers::NONE,
    ))));
    app.update(common::screen::correlation(CorrelationMsg::Loaded {
        id: 1,
        result: Ok(Box::new(state)),
    }));
    app
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.base.size.0, app.base.size.1)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    text(terminal.backend().buffer())
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))));
}

#[test]
fn the_session_at_both_sizes_in_both_themes() {
    for theme in ["default", "mono"] {
        for (w, h) in [(80, 24), (160, 50)] {
            let mut app = session(theme, (w, h), state());
            // Everything, so every state shows; the cursor on Zoé Bernard, whose suggestion shows.
            press(&mut app, KeyCode::Char('f'));
            press(&mut app, KeyCode::Char('f'));
            press(&mut app, KeyCode::Down);
            let shown = render(&app);
            assert!(shown.contains("BERNART Zoé"), "{shown}");
            assert_snapshot!(format!("correlation_{theme}_{w}x{h}"), shown);
        }
    }
}

#[test]
fn remaining_is_the_default_and_the_counts_say_so() {
    let app = session("default", (160, 50), state());
    let shown = render(&app);
    assert!(shown.contains("Showing: remaining to correlate · linked 3 (auto 2, manual 1) · keep 0 · keep always 1 · delete 1 · undecided 1 · admins 1 · people left 2"), "{shown}");
    assert!(
        !shown.contains("MARTIN Léa"),
        "linked accounts are not in the remaining view"
    );
    assert!(!shown.contains("pc01$"), "machines are never shown");
}

#[test]
fn an_empty_directory_says_to_import_it_first() {
    let app = session("default", (160, 50), State::default());
    let shown = render(&app);
    assert!(
        shown.contains("The directory snapshot is empty: import the directory first"),
        "{shown}"
    );
}

#[test]
fn search_filters_both_sides_as_you_type_and_other_admins_changes_reload() {
    let mut app = session("default", (160, 50), state());
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('/'));
    for c in "bern".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    // Not yet confirmed: already filtered.
    assert_eq!(app.screens.correlation.pane.left.rows.len(), 1);
    assert_eq!(app.screens.correlation.pane.right.rows.len(), 1);
    let shown = render(&app);
    assert!(
        shown.contains("BERNARD Zoé") && shown.contains("BERNART Zoé"),
        "{shown}"
    );
    assert!(!shown.contains("MARTIN"), "{shown}");
    press(&mut app, KeyCode::Enter);
    // Another administrator decides: the session reloads.
    let cmds = app.update(Msg::Db(intendant::db::listen::DbEvent::Changed(vec![
        intendant::db::listen::Kind::Correlation,
    ])));
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Cmd::Feature(FeatureCmd::Correlation(CorrelationCmd::Load(_)))
        )),
        "{cmds:?}"
    );
}

#[test]
fn resting_on_an_account_loads_its_other_attributes_once() {
    let mut app = session("default", (160, 50), state());
    press(&mut app, KeyCode::Down);
    let tick = || Msg::Tick(chrono::Utc::now());
    let mut asked = Vec::new();
    for _ in 0..5 {
        asked.extend(app.update(tick()));
    }
    let logins: Vec<String> = asked
        .iter()
        .filter_map(|c| match c {
            Cmd::Feature(FeatureCmd::Correlation(CorrelationCmd::LoadAttrs { login })) => {
                Some(login.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(logins, ["zbernard"], "one load, after the cursor rested");
    app.update(common::screen::correlation(CorrelationMsg::Attrs {
        login: "zbernard".into(),
        attrs: vec![
            ("uid".into(), vec!["zbernard".into()]),
            ("entpersondatenaissance".into(), vec!["02/03/2010".into()]),
        ],
    }));
    let shown = render(&app);
    assert!(
        shown.contains("entpersondatenaissance: 02/03/2010"),
        "{shown}"
    );
}

/// Issue 13, point 26: Enter on an account with no suggestion says why (and what to do),
/// rather than nothing.
#[test]
fn p26_enter_without_a_suggestion_says_why() {
    let mut app = session("default", (80, 24), state());
    let login = |app: &App| {
        app.screens
            .correlation
            .pane
            .selected_account()
            .map(|(_, a)| a.login.clone())
    };
    let mut seen = Vec::new();
    while let Some(l) = login(&app) {
        if seen.contains(&l) {
            break;
        }
        seen.push(l.clone());
        press(&mut app, KeyCode::Enter);
        let said = app.message.as_ref().map(|m| m.text.clone());
        let has_suggestion = app
            .screens
            .correlation
            .pane
            .suggestions
            .as_ref()
            .is_some_and(|(_, found)| !found.is_empty());
        if !has_suggestion {
            let said = said.unwrap_or_default();
            assert!(
                said.contains(&format!("No suggestion for {l}")) || said.contains("already linked"),
                "{l}: {said:?}"
            );
            return;
        }
        press(&mut app, KeyCode::Down);
    }
    panic!("no account without a suggestion among {seen:?}");
}
