//! Whole-screen render tests on ratatui's TestBackend, at 80×24 and 120×40, in the default
//! and mono themes, with an injected clock so the header is stable.

use crate::common;

use common::screen::{app, app_with, many_users, text, users};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use intendant::db::listen::DbEvent;
use intendant::i18n::Lang;
use intendant::import::ui::Cmd as ImportsCmd;
use intendant::tui::app::{App, Msg};
use intendant::tui::router::FeatureCmd;
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

fn render(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.base.size.0, app.base.size.1)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

#[test]
fn users_screen_at_both_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = app(Lang::En, "default", "default", (w, h));
        assert_snapshot!(format!("users_{w}x{h}"), text(&render(&app)));
    }
}

#[test]
fn users_screen_in_french() {
    let app = app(Lang::Fr, "default", "default", (80, 24));
    assert_snapshot!("users_fr_80x24", text(&render(&app)));
}

#[test]
fn help_overlay_is_generated_from_the_keymap() {
    for (keymap, (w, h)) in [("default", (80, 24)), ("vim", (120, 40))] {
        let mut app = app(Lang::En, "default", keymap, (w, h));
        app.update(Msg::Input(Event::Key(KeyEvent::new(
            KeyCode::Char('?'),
            KeyModifiers::SHIFT,
        ))));
        let screen = text(&render(&app));
        assert!(
            screen.contains("Help: keys of the active keymap"),
            "{screen}"
        );
        assert_snapshot!(format!("help_{keymap}_{w}x{h}"), screen);
    }
}

#[test]
fn palette_lists_and_filters_actions() {
    let mut app = app(Lang::En, "default", "default", (80, 24));
    app.update(key(KeyCode::Char(':')));
    let all = text(&render(&app));
    assert!(
        all.contains("quit") && all.contains("help") && all.contains("palette"),
        "{all}"
    );
    for c in "page".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    assert_snapshot!("palette_filtered_80x24", text(&render(&app)));
}

#[test]
fn reconnecting_and_busy_states_show_in_the_status_line() {
    let mut app = app(Lang::En, "default", "default", (80, 24));
    app.update(Msg::Db(DbEvent::Lost(
        "server closed the connection".into(),
    )));
    let screen = text(&render(&app));
    assert!(
        screen.lines().last().unwrap().contains("reconnecting…"),
        "{screen}"
    );
    let cmds = app.update(Msg::Db(DbEvent::Online));
    assert_eq!(cmds.len(), 2, "coming back online reloads what is shown");
    let screen = text(&render(&app));
    assert!(
        screen.lines().last().unwrap().contains("● connected"),
        "{screen}"
    );
}

#[test]
fn below_80x24_a_clear_message_replaces_the_screen() {
    let app = app(Lang::En, "default", "default", (60, 20));
    assert_snapshot!("too_small_60x20", text(&render(&app)));
}

#[test]
fn mono_theme_has_no_colour_and_a_visible_selection() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut mono = app(Lang::En, "mono", "default", (w, h));
        mono.update(key(KeyCode::Down));
        let buffer = render(&mono);
        for cell in buffer.content.iter() {
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "colour in mono at {w}x{h}"
            );
        }
        // The cursor is on the second user (row 4: header, border, column titles, first user).
        let selected = &buffer[(2, 4)];
        assert!(
            selected.modifier.contains(Modifier::REVERSED),
            "selection invisible in mono: {selected:?}"
        );
        assert_eq!(text(&buffer), {
            let default_app = {
                let mut a = app(Lang::En, "default", "default", (w, h));
                a.update(key(KeyCode::Down));
                a
            };
            text(&render(&default_app))
        });
    }
}

#[test]
fn escape_sequences_in_data_are_rendered_harmless() {
    let mut app = app(Lang::En, "default", "default", (120, 40));
    let mut rows = users();
    rows[0].display_name = "Evil\x1b[2JName".into();
    rows[1].display_name = "Clip\x1b]52;c;ZXZpbA==\x07board".into();
    rows[2].login = "bell\x07\x1b[31m".into();
    app.update(Msg::Db(DbEvent::Changed(vec![
        intendant::db::listen::Kind::Users,
    ])));
    app.update(common::screen::users_loaded(2, rows));
    let buffer = render(&app);
    for cell in buffer.content.iter() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "control character reached the buffer: {:?}",
            cell.symbol()
        );
    }
    let screen = text(&buffer);
    assert!(screen.contains("Evil␛[2JName"), "{screen}");
    assert!(screen.contains("Clip␛]52;c;ZXZpbA==␇board"), "{screen}");
    assert!(screen.contains("bell␇␛[31m"), "{screen}");
}

#[test]
fn keys_in_state_out() {
    let mut app = app(Lang::En, "default", "vim", (80, 24));
    for c in ['j', 'j', 'j'] {
        app.update(key(KeyCode::Char(c)));
    }
    assert_eq!(app.screens.users.pane.cursor.selected, 3);
    app.update(key(KeyCode::Char('g')));
    app.update(key(KeyCode::Char('g')));
    assert_eq!(app.screens.users.pane.cursor.selected, 0);
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Char('G'),
        KeyModifiers::SHIFT,
    ))));
    assert_eq!(app.screens.users.pane.cursor.selected, 4);
    app.update(key(KeyCode::Char('/')));
    for c in "lef".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    app.update(key(KeyCode::Enter));
    assert_eq!(app.screens.users.pane.visible().len(), 1);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.screens.users.pane.visible().len(), 5);
    app.update(key(KeyCode::Char('q')));
    assert!(app.should_quit);
}

#[test]
fn stale_answers_are_dropped() {
    let mut app = app(Lang::En, "default", "default", (80, 24));
    let cmds = app.update(key(KeyCode::F(5)));
    assert_eq!(cmds.len(), 2);
    // An answer to the first load, long superseded, must not replace newer rows.
    app.update(common::screen::users_loaded(1, vec![]));
    assert_eq!(app.screens.users.pane.visible().len(), 5);
}

#[test]
fn the_cursor_stays_visible_when_scrolling_a_long_list() {
    let mut app = app_with(Lang::En, "default", "default", (80, 24), many_users(300));
    for _ in 0..3 {
        app.update(key(KeyCode::PageDown));
    }
    app.update(key(KeyCode::Down));
    let selected = app.screens.users.pane.visible()[app.screens.users.pane.cursor.selected]
        .login
        .clone();
    let screen = text(&render(&app));
    assert!(
        screen.contains(&selected),
        "{selected} is not on screen:\n{screen}"
    );
    app.update(key(KeyCode::End));
    assert!(text(&render(&app)).contains("user0299"));
}

mod imports {
    use super::*;
    use chrono::TimeZone;
    use intendant::import::model::fields::Kind;
    use intendant::import::run::{check_rows, describe, first_rows, prepare, Duplicates};
    use intendant::import::store::RunRow;
    use intendant::import::ui::wizard::{CheckSummary, Choices};
    use intendant::tui::app::Page;
    use std::path::PathBuf;

    fn fixtures() -> PathBuf {
        PathBuf::from("tests/fixtures/imports")
    }

    fn imports_app(theme: &str) -> App {
        let mut app = app(Lang::En, theme, "default", (80, 24));
        app.base.start_dir = fixtures();
        let cmds = app.update(key(KeyCode::Tab));
        assert_eq!(app.page, Page::Imports);
        assert_eq!(cmds.len(), 1, "the runs are loaded when the screen opens");
        let at = |h| {
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 20, h, 30, 0)
                .unwrap()
        };
        let run = |id, h, kind: &str, file: &str, rows, added, updated, rejected| RunRow {
            id,
            run_at: at(h),
            kind: kind.into(),
            file_name: file.into(),
            rows,
            added,
            updated,
            rejected,
            run_by: "mdupont".into(),
        };
        app.update(common::screen::imports(intendant::import::ui::Msg::Runs {
            id: 1,
            result: Ok(vec![
                run(2, 9, "staff", "personnel-2026.csv", 124, 23, 4, 1),
                run(1, 8, "student", "eleves-2026.csv", 1890, 1890, 0, 12),
            ]),
        }));
        app
    }

    fn options() -> intendant::import::run::ImportOptions {
        Choices::default().options(
            Kind::Student,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            &[],
        )
    }

    #[test]
    fn the_runs_list() {
        let app = imports_app("default");
        assert_snapshot!("imports_runs_80x24", text(&render(&app)));
    }

    #[test]
    fn every_step_of_the_wizard() {
        let mut app = imports_app("default");
        app.update(key(KeyCode::Char('n')));
        assert_snapshot!("wizard_kind_80x24", text(&render(&app)));
        app.update(key(KeyCode::Enter));
        assert_snapshot!("wizard_browse_80x24", text(&render(&app)));
        // ../, eleves-erreurs.csv, eleves.csv
        app.update(key(KeyCode::Down));
        let cmds = app.update(key(KeyCode::Enter));
        assert_eq!(cmds.len(), 1, "choosing a file asks for its preview");
        let path = fixtures().join("eleves-erreurs.csv");
        let prepared = prepare(&path, &options()).unwrap();
        let rows = first_rows(&path, &prepared, 5).unwrap();
        app.update(common::screen::imports(
            intendant::import::ui::Msg::Previewed {
                path: path.clone(),
                result: Ok(Box::new((prepared.clone(), rows))),
            },
        ));
        assert_snapshot!("wizard_preview_80x24", text(&render(&app)));
        let cmds = app.update(key(KeyCode::Enter));
        assert_eq!(cmds.len(), 1, "confirming the preview asks for the check");
        let checked = check_rows(&path, &prepared, Duplicates::InMemory, |_| true).unwrap();
        app.update(common::screen::imports(
            intendant::import::ui::Msg::Checked {
                path: path.clone(),
                result: Ok(CheckSummary {
                    rows: checked.rows,
                    rejected: checked.rejected,
                    warnings: checked.warnings,
                }),
            },
        ));
        let screen = text(&render(&app));
        assert!(
            screen.contains("4 rows: 2 valid, 2 rejected, 1 warnings"),
            "{screen}"
        );
        assert!(
            screen.contains("line 4: number: duplicate of line 2"),
            "{screen}"
        );
        assert_snapshot!("wizard_check_80x24", screen);
        let cmds = app.update(key(KeyCode::Enter));
        assert_eq!(cmds.len(), 1, "confirming the check starts the run");
        app.update(common::screen::imports(
            intendant::import::ui::Msg::Progress { done: 2, total: 4 },
        ));
        assert_snapshot!("wizard_running_80x24", text(&render(&app)));
        // The guard stops the run: the wizard shows how many and who, and asks.
        let refused = intendant::import::model::guard::Refused {
            total: 51,
            schools: vec![intendant::import::model::guard::SchoolLoss {
                school: "032".into(),
                active: 200,
                gone: 51,
                sample: vec![
                    "NOM150 Prenom150 (150)".into(),
                    "NOM151 \x1b[2JX (151)".into(),
                ],
            }],
            mostly_rejected: false,
            max_percent: 10,
        };
        app.update(common::screen::imports(
            intendant::import::ui::Msg::Finished(Err(
                intendant::import::ui::wizard::RunFailure::Deactivation(Box::new(refused)),
            )),
        ));
        let screen = text(&render(&app));
        assert!(screen.contains("Mark 51 people inactive?"), "{screen}");
        assert!(screen.contains("NOM150 Prenom150 (150)"), "{screen}");
        assert!(!screen.contains('\x1b'), "{screen}");
        assert_snapshot!("wizard_confirm_deactivation_80x24", screen);
        let cmds = app.update(key(KeyCode::Enter));
        match cmds.as_slice() {
            [intendant::tui::app::Cmd::Feature(FeatureCmd::Imports(ImportsCmd::Wizard(
                intendant::import::ui::wizard::WizardCmd::Run { options, .. },
            )))] => assert_eq!(options.deactivation.allowed, Some(51)),
            other => panic!("confirming runs again with the allowance: {other:?}"),
        }
        let mut report = describe(&path, &prepared, &options());
        (report.rows, report.added, report.run_id) = (4, 2, Some(3));
        report.file = "eleves-erreurs.csv".into();
        app.update(common::screen::imports(
            intendant::import::ui::Msg::Finished(Ok(Box::new(report))),
        ));
        assert_snapshot!("wizard_finished_80x24", text(&render(&app)));
        let cmds = app.update(key(KeyCode::Enter));
        assert_eq!(cmds.len(), 1, "closing after an import reloads the runs");
        assert!(app.screens.imports.pane.wizard.is_none());
    }

    #[test]
    fn escape_cancels_at_any_step_before_the_run() {
        let mut app = imports_app("mono");
        app.update(key(KeyCode::Char('n')));
        app.update(key(KeyCode::Enter));
        let buffer = render(&app);
        let selected = &buffer[(3, 3)];
        assert!(
            selected.modifier.contains(Modifier::REVERSED),
            "the file cursor is visible in mono: {selected:?}"
        );
        let cmds = app.update(key(KeyCode::Esc));
        assert!(cmds.is_empty() && app.screens.imports.pane.wizard.is_none());
    }
}

/// A user who may not import is told on the screen, and `n` opens no wizard.
#[test]
fn the_imports_and_correlation_screens_tell_a_user_without_access() {
    use intendant::session::{Session, Status};
    use intendant::tui::app::Page;
    let mut app = app(Lang::En, "default", "default", (80, 24));
    // The user's rights changed: the session reloads (its second load).
    app.update(Msg::Db(DbEvent::Changed(vec![
        intendant::db::listen::Kind::Users,
    ])));
    app.update(Msg::Session {
        id: 2,
        result: Ok(Session {
            login: "jlefevre".into(),
            display_name: Some("Jean Lefèvre".into()),
            status: Some(Status::User),
            language: None,
            timezone: "Europe/Paris".into(),
            site_name: "Lycée".into(),
            import_date_order: "dmy".into(),
            manages_people: false,
            dead_letters: 0,
            welcome: String::new(),
            holds: Default::default(),
        }),
    });
    app.update(key(KeyCode::Tab));
    assert_eq!(app.page, Page::Imports);
    app.update(common::screen::imports(intendant::import::ui::Msg::Runs {
        id: 1,
        result: Ok(Vec::new()),
    }));
    app.update(key(KeyCode::Char('n')));
    assert!(app.screens.imports.pane.wizard.is_none());
    let screen = text(&render(&app));
    assert!(screen.contains("You have no access to imports"), "{screen}");
    app.update(key(KeyCode::F(6)));
    app.update(common::screen::correlation(
        intendant::correlation::ui::Msg::Loaded {
            id: 1,
            result: Ok(Box::default()),
        },
    ));
    let screen = text(&render(&app));
    assert!(
        screen.contains("You have no access to the correlation"),
        "{screen}"
    );
}

/// A run's report: End shows its last lines, Home its first, whatever the keymap's context.
#[test]
fn end_and_home_in_a_run_report() {
    use intendant::import::model::report::Report;
    use intendant::import::model::validate::Problem;
    use intendant::import::ui::wizard::{Loading, Step};
    let mut app = app(Lang::En, "default", "default", (80, 24));
    app.update(key(KeyCode::Tab));
    let mut report = Report::default();
    for line in 1..=100 {
        report.rejected.push(Problem {
            line,
            field: "sex".into(),
            reason: "F, M or X".into(),
        });
    }
    app.update(common::screen::imports(intendant::import::ui::Msg::Report(
        Ok(Box::new(report)),
    )));
    let scroll = |app: &intendant::tui::app::App| match &app
        .screens
        .imports
        .pane
        .wizard
        .as_ref()
        .unwrap()
        .step
    {
        Step::Finished {
            scroll,
            result: Loading::Ready(_),
        } => *scroll,
        _ => usize::MAX,
    };
    app.update(key(KeyCode::End));
    assert!(scroll(&app) > 50, "{}", scroll(&app));
    let screen = text(&render(&app));
    assert!(screen.contains("line 100: sex"), "{screen}");
    app.update(key(KeyCode::Home));
    assert_eq!(scroll(&app), 0);
}

/// An export whose columns no list knows: the preview says so, `m` lists the columns, ←/→
/// chooses each one's field, Enter previews with them, `s` saves them under a name.
#[test]
fn columns_mapped_by_hand_in_the_wizard() {
    use intendant::import::model::fields::Field;
    use intendant::import::run::{first_rows, prepare, ImportOptions};
    use intendant::import::ui::wizard::{Step, WizardCmd};
    use intendant::tui::app::Cmd;
    // Relative, as the other wizard tests: the screen must not depend on where the checkout is.
    let fixtures = std::path::PathBuf::from("tests/fixtures/mapping");
    let path = fixtures.join("colonnes-inconnues.csv");
    let mut app = app(Lang::En, "default", "default", (80, 24));
    app.base.start_dir = fixtures.clone();
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Char('n')));
    app.update(key(KeyCode::Enter));
    // ../, colonnes-inconnues.csv, …
    app.update(key(KeyCode::Down));
    let cmds = app.update(key(KeyCode::Enter));
    let [Cmd::Feature(FeatureCmd::Imports(ImportsCmd::Wizard(WizardCmd::Preview {
        options, ..
    })))] = &cmds[..]
    else {
        panic!("{cmds:?}")
    };
    let refused = prepare(&path, options).unwrap_err().to_string();
    app.update(common::screen::imports(
        intendant::import::ui::Msg::Previewed {
            path: path.clone(),
            result: Err(refused),
        },
    ));
    let screen = text(&render(&app));
    assert!(
        screen.contains("missing") && screen.contains("m: say which field"),
        "{screen}"
    );
    let cmds = app.update(key(KeyCode::Char('m')));
    let [Cmd::Feature(FeatureCmd::Imports(ImportsCmd::Wizard(WizardCmd::Headers { .. })))] =
        &cmds[..]
    else {
        panic!("{cmds:?}")
    };
    let headers = intendant::import::run::headers(&path, Default::default()).unwrap();
    app.update(common::screen::imports(
        intendant::import::ui::Msg::Headers {
            path: path.clone(),
            result: Ok(headers),
        },
    ));
    let screen = text(&render(&app));
    assert!(
        screen.contains("Site") && screen.contains("(ignored)") && screen.contains("→ last_name"),
        "{screen}"
    );
    assert_snapshot!("wizard_columns_80x24", screen);
    // Site: school is the third field after (ignored) school_year? Cycle until it says school.
    let field_of = |app: &intendant::tui::app::App, row: usize| match &app
        .screens
        .imports
        .pane
        .wizard
        .as_ref()
        .unwrap()
        .step
    {
        Step::Columns { fields, .. } => fields[row],
        _ => panic!("not the columns step"),
    };
    let choose = |app: &mut intendant::tui::app::App, row: usize, want: Field| {
        for _ in 0..60 {
            if field_of(app, row) == Some(want) {
                return;
            }
            app.update(key(KeyCode::Right));
        }
        panic!("{want:?} never came");
    };
    choose(&mut app, 0, Field::School);
    app.update(key(KeyCode::Down));
    choose(&mut app, 1, Field::Number);
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Down));
    choose(&mut app, 4, Field::Grade);
    // Saved under a name typed here.
    app.update(key(KeyCode::Char('s')));
    for _ in 0.."colonnes-inconnues".len() {
        app.update(key(KeyCode::Backspace));
    }
    for c in "lycee-b".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    let cmds = app.update(key(KeyCode::Enter));
    let [Cmd::Feature(FeatureCmd::Imports(ImportsCmd::Wizard(WizardCmd::SaveMapping {
        name,
        columns,
        ..
    })))] = &cmds[..]
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(name, "lycee-b");
    assert!(
        columns.contains(&("Matricule élève".to_owned(), Field::Number)),
        "{columns:?}"
    );
    app.update(common::screen::imports(
        intendant::import::ui::Msg::MappingSaved(Ok("lycee-b".into())),
    ));
    assert!(text(&render(&app)).contains("--mapping lycee-b"));
    // Enter previews with them: the file now prepares.
    let cmds = app.update(key(KeyCode::Enter));
    let [Cmd::Feature(FeatureCmd::Imports(ImportsCmd::Wizard(WizardCmd::Preview {
        options, ..
    })))] = &cmds[..]
    else {
        panic!("{cmds:?}")
    };
    let prepared = prepare(&path, options).expect("the mapped file prepares");
    let rows = first_rows(&path, &prepared, 5).unwrap();
    assert_eq!(rows.len(), 1);
    let _: &ImportOptions = options;
}

/// The wizard's new steps in the mono theme: no colour, the chosen column visible, the
/// deactivation warning still marked.
#[test]
fn the_new_wizard_steps_in_mono() {
    use intendant::import::model::fields::Field;
    use intendant::import::model::fields::Kind;
    use intendant::import::model::guard::{Refused, SchoolLoss};
    use intendant::import::ui::wizard::{Choices, Step, Wizard};
    let mut app = app(Lang::En, "mono", "default", (80, 24));
    app.update(key(KeyCode::Tab));
    let mut wizard = Wizard::new(
        std::path::PathBuf::from("/tmp"),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        intendant::import::model::dates::DateOrder::Dmy,
    );
    wizard.step = Step::Columns {
        kind: Kind::Student,
        path: "/tmp/export.csv".into(),
        choices: Choices::default(),
        headers: vec!["Site".into(), "Matricule".into()],
        fields: vec![Some(Field::School), None],
        cursor: intendant::tui::widgets::list::Cursor {
            selected: 1,
            offset: 0,
        },
    };
    app.screens.imports.pane.wizard = Some(wizard.clone());
    let buffer = render(&app);
    assert!(buffer
        .content
        .iter()
        .all(|c| (c.fg, c.bg) == (Color::Reset, Color::Reset)));
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("Matricule"))
        .unwrap() as u16;
    assert!(
        buffer[(3, row)].modifier.contains(Modifier::REVERSED),
        "the chosen column is visible in mono"
    );
    wizard.step = Step::ConfirmDeactivation {
        kind: Kind::Student,
        path: "/tmp/export.csv".into(),
        choices: Choices::default(),
        refused: Box::new(Refused {
            total: 3,
            schools: vec![SchoolLoss {
                school: "032".into(),
                active: 10,
                gone: 3,
                sample: vec!["BO Ana (1)".into()],
            }],
            mostly_rejected: false,
            max_percent: 10,
        }),
    };
    app.screens.imports.pane.wizard = Some(wizard);
    let buffer = render(&app);
    assert!(buffer
        .content
        .iter()
        .all(|c| (c.fg, c.bg) == (Color::Reset, Color::Reset)));
    let screen = text(&buffer);
    let row = screen
        .lines()
        .position(|l| l.contains("Mark 3 people inactive?"))
        .unwrap() as u16;
    assert!(
        !buffer[(2, row)].modifier.is_empty(),
        "the warning title stands out in mono: {:?}",
        buffer[(2, row)]
    );
}
