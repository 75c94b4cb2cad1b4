//! The planning's five views on ratatui's TestBackend, at 80×24 and 120×40, in the default
//! and mono themes, with a booking of every marker, a blocked day, an unavailable room, a
//! named-periods area and a 12-hour area.

use crate::common;

use common::screen::planning::{app, bookings, structure};
use common::screen::text;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use intendant::booking::model::plan::ViewKind;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Msg};
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

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))));
}

const VIEWS: [ViewKind; 5] = [
    ViewKind::Day,
    ViewKind::WeekRoom,
    ViewKind::WeekAll,
    ViewKind::MonthRoom,
    ViewKind::MonthAll,
];

#[test]
fn every_view_at_both_sizes_in_both_themes() {
    for theme in ["default", "mono"] {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            for view in VIEWS {
                let mut app = app(Lang::En, theme, (w, h), structure(3), bookings());
                app.screens.planning.pane.view = Some(view);
                let screen = render(&app);
                let shown = text(&screen);
                assert_snapshot!(format!("planning_{}_{theme}_{w}x{h}", view.code()), shown);
                if theme == "mono" {
                    assert!(
                        screen
                            .content
                            .iter()
                            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
                        "mono has no colour ({view:?} {w}x{h})"
                    );
                    assert!(
                        screen
                            .content
                            .iter()
                            .any(|c| c.modifier.contains(Modifier::REVERSED)),
                        "mono shows the cursor reversed"
                    );
                } else {
                    // The cursor's yellow, and the booking types' colours where bookings show.
                    let backgrounds: std::collections::HashSet<String> = screen
                        .content
                        .iter()
                        .skip(w as usize * 2)
                        .take(w as usize * (h as usize - 4))
                        .map(|c| format!("{:?}", c.bg))
                        .collect();
                    assert!(backgrounds.contains("Yellow"), "the cursor cell ({view:?})");
                    assert!(
                        backgrounds.len() >= 3,
                        "booking colours ({view:?}): {backgrounds:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn markers_blocked_days_and_unavailable_rooms_show() {
    let mut app = app(Lang::En, "default", (120, 40), structure(3), bookings());
    app.screens.planning.pane.view = Some(ViewKind::WeekAll);
    let shown = text(&render(&app));
    for marker in [
        "↻ NSI Tle",
        "? Conseil",
        "@ Parents",
        "~ Peut-être",
        "⇄ Chariot",
        "! Chariot TP",
    ] {
        assert!(shown.contains(marker), "{marker} in\n{shown}");
    }
    assert!(
        shown.contains("⊘Labo 102"),
        "the unavailable room is marked\n{shown}"
    );
    assert!(
        shown.contains('░'),
        "the blocked Thursday is hatched\n{shown}"
    );
    // Type colours come from the database's #rrggbb, degraded to the 16 colours.
    let screen = render(&app);
    assert!(screen
        .content
        .iter()
        .any(|c| c.bg == Color::Blue || c.bg == Color::LightBlue || c.bg == Color::Cyan));
}

#[test]
fn named_periods_and_twelve_hour_areas() {
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    app.screens.planning.pane.view = Some(ViewKind::Day);
    app.screens.planning.pane.date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    press(&mut app, KeyCode::Char('}'));
    let periods = text(&render(&app));
    assert!(periods.contains("M2 9h00-9h50"), "{periods}");
    assert!(periods.contains("TP optique"), "{periods}");
    assert_snapshot!("planning_periods_80x24", periods);
    press(&mut app, KeyCode::Char('}'));
    let twelve = text(&render(&app));
    assert!(
        twelve.contains("12:00 PM") && twelve.contains("1:00 PM"),
        "{twelve}"
    );
    assert!(twelve.contains("Oral practice"), "{twelve}");
    assert_snapshot!("planning_twelve_hour_80x24", twelve);
}

#[test]
fn the_cursor_cell_stays_visible_in_a_long_grid() {
    let mut app = app(Lang::En, "default", (80, 24), structure(60), bookings());
    app.screens.planning.pane.view = Some(ViewKind::WeekAll);
    for _ in 0..45 {
        press(&mut app, KeyCode::Down);
    }
    let screen = render(&app);
    let shown = text(&screen);
    assert!(shown.contains("Salle 46"), "{shown}");
    let cursor = screen.content.iter().any(|c| c.bg == Color::Yellow);
    assert!(cursor, "the cursor cell is drawn");
}

#[test]
fn french_week_view() {
    let mut app = app(Lang::Fr, "default", (120, 40), structure(3), bookings());
    app.screens.planning.pane.view = Some(ViewKind::WeekRoom);
    assert_snapshot!("planning_week_fr_120x40", text(&render(&app)));
}

#[test]
fn the_place_picker_lists_areas_by_site_with_their_rooms() {
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    press(&mut app, KeyCode::Char('s'));
    let shown = text(&render(&app));
    assert_snapshot!("planning_picker_80x24", shown);
    // Informatique, its three rooms, then Sciences: Enter shows it.
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screens.planning.pane.area_info().unwrap().name,
        "Sciences"
    );
    // A room: its week.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screens.planning.pane.room_info().unwrap().name,
        "Labo physique"
    );
    assert_eq!(app.screens.planning.pane.view(), ViewKind::WeekRoom);
}

#[test]
fn overlays_at_80x24_in_mono() {
    let mut app = app(Lang::En, "mono", (80, 24), structure(3), bookings());
    app.screens.planning.pane.view = Some(ViewKind::Day);
    // The form on a free slot of Labo 101.
    press(&mut app, KeyCode::Char('n'));
    let form = text(&render(&app));
    assert!(form.contains("New booking: Labo 101"), "{form}");
    assert_snapshot!("planning_form_mono_80x24", form);
    press(&mut app, KeyCode::Esc);
    // The detail of the series booking at 08:00 on Monday.
    app.screens.planning.pane.date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    app.screens.planning.pane.slot = 0;
    press(&mut app, KeyCode::Enter);
    let detail = text(&render(&app));
    assert!(
        detail.contains("NSI Tle") && detail.contains("series 7"),
        "{detail}"
    );
    assert_snapshot!("planning_detail_mono_80x24", detail);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('d'));
    let confirm = text(&render(&app));
    assert!(confirm.contains("Delete “NSI Tle”"), "{confirm}");
    assert_snapshot!("planning_delete_mono_80x24", confirm);
}

#[test]
fn a_seven_day_week_of_all_rooms_fits_80_columns() {
    let mut app = app(
        Lang::Fr,
        "default",
        (80, 24),
        common::screen::full::structure(3),
        common::screen::full::bookings(3),
    );
    app.screens.planning.pane.view = Some(ViewKind::WeekAll);
    let shown = text(&render(&app));
    assert!(
        shown.contains("lun 23") && shown.contains("dim 29"),
        "{shown}"
    );
}

fn ctrl(app: &mut App, c: char) {
    app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    ))));
}

/// `Esc` and `q` close the top layer (the place picker, the help, the wizard's first step, a
/// form) and leave the app running; `q` on a screen with nothing open quits.
#[test]
fn q_and_esc_close_the_top_layer_and_q_on_a_bare_screen_quits() {
    use intendant::booking::ui::layers::Layer;
    for close in [KeyCode::Esc, KeyCode::Char('q')] {
        let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
        press(&mut app, KeyCode::Char('s'));
        assert!(matches!(
            app.screens.planning.top(),
            Some(Layer::Picker { .. })
        ));
        press(&mut app, close);
        assert!(app.screens.planning.layers.is_empty() && !app.should_quit);

        press(&mut app, KeyCode::Char('?'));
        assert_eq!(app.layers.len(), 1, "the help is open");
        press(&mut app, close);
        assert!(app.layers.is_empty() && !app.should_quit);

        press(&mut app, KeyCode::Char('n'));
        assert!(matches!(app.screens.planning.top(), Some(Layer::Form(_))));
        press(&mut app, close);
        if close == KeyCode::Char('q') {
            // A form takes text: `q` is a letter of the name, Esc closes it.
            assert!(matches!(app.screens.planning.top(), Some(Layer::Form(_))));
            press(&mut app, KeyCode::Esc);
        }
        assert!(app.screens.planning.layers.is_empty() && !app.should_quit);

        press(&mut app, KeyCode::F(4));
        press(&mut app, KeyCode::Char('n'));
        assert!(
            app.screens.imports.pane.wizard.is_some(),
            "the wizard opened"
        );
        press(&mut app, close);
        assert!(app.screens.imports.pane.wizard.is_none() && !app.should_quit);

        press(&mut app, KeyCode::Char('q'));
        assert!(app.should_quit, "q on a screen with nothing open quits");
    }
}

/// Ctrl-C with typed text in a form asks before leaving; an empty form leaves at once.
#[test]
fn ctrl_c_in_a_filled_form_asks_first() {
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    press(&mut app, KeyCode::Char('n'));
    for c in "Conseil".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    ctrl(&mut app, 'c');
    assert!(!app.should_quit, "asked first");
    let screen = text(&render(&app));
    assert!(screen.contains("Leave and lose them?"), "{screen}");
    assert_snapshot!("ask_quit_80x24", screen);
    press(&mut app, KeyCode::Char('n'));
    assert!(app.layers.is_empty() && !app.should_quit, "n stays");
    assert!(
        text(&render(&app)).contains("Conseil"),
        "the form and its text are kept"
    );
    ctrl(&mut app, 'c');
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit);

    let mut app = self::app(Lang::En, "default", (80, 24), structure(3), bookings());
    press(&mut app, KeyCode::Char('n'));
    ctrl(&mut app, 'c');
    assert!(app.should_quit, "nothing typed, nothing to lose");
}

/// Esc while a load runs stops it on the server (the command carries its cancel slot), says
/// so, and its late answer is dropped.
#[test]
fn esc_cancels_a_running_load_and_drops_its_answer() {
    use intendant::booking::ui::{Cmd as BookingCmd, Msg as BookingMsg};
    use intendant::tui::app::Cmd;
    use intendant::tui::router::FeatureCmd;
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    let shown = app.screens.planning.pane.bookings().len();
    assert!(shown > 0);
    let cmds = app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::F(5),
        KeyModifiers::NONE,
    ))));
    let ticket = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Feature(FeatureCmd::Booking(BookingCmd::LoadStructure(t))) => Some(t.clone()),
            _ => None,
        })
        .expect("F5 reloads the planning");
    assert!(app.is_busy());
    let cmds = app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    ))));
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Cancel(slot) if *slot == ticket.slot)),
        "{cmds:?}"
    );
    assert!(!app.is_busy());
    assert!(text(&render(&app)).contains("Stopped"));
    // The answer arrives anyway (the server had finished): it is dropped.
    let cmds = app.update(common::screen::booking(BookingMsg::Structure {
        id: ticket.id,
        result: Ok(Box::new(structure(1))),
    }));
    assert!(cmds.is_empty());
    assert_eq!(
        app.screens
            .planning
            .pane
            .structure
            .as_ref()
            .unwrap()
            .rooms
            .iter()
            .filter(|r| r.area_id == 1)
            .count(),
        3,
        "the cancelled load changed nothing"
    );
}

/// Issue 13, point 7: the detail's loan keys act only on a room that tracks loans; elsewhere
/// they say why and write nothing.
#[test]
fn p07_loan_keys_on_a_room_without_loans_say_so() {
    use intendant::booking::ui::layers::Layer;
    use intendant::tui::app::Cmd;
    let mut s = structure(3);
    let booking = bookings()[0].clone();
    for r in s.rooms.iter_mut() {
        r.tracks_loans = r.id != booking.room_id;
    }
    let mut app = app(Lang::En, "default", (80, 24), s, bookings());
    app.screens.planning.layers.push(Layer::Detail {
        booking: Box::new(booking),
        history: None,
        scroll: 0,
    });
    let cmds = app.update(Msg::Input(Event::Key(KeyEvent::new(
        KeyCode::Char('b'),
        KeyModifiers::NONE,
    ))));
    assert!(
        cmds.iter().all(|c| !matches!(c, Cmd::Feature(_))),
        "{cmds:?}"
    );
    assert!(
        text(&render(&app)).contains("does not track loans"),
        "{}",
        text(&render(&app))
    );
}

/// Issue 13, point 18: an active `/` filter shows in the status line, at 80 columns too.
#[test]
fn p18_an_active_filter_shows_in_the_status_line() {
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    press(&mut app, KeyCode::Char('/'));
    for c in "NSI".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    let screen = text(&render(&app));
    let status = screen.lines().last().unwrap();
    assert!(status.contains("/NSI"), "{status}");
    press(&mut app, KeyCode::Esc);
    let screen = text(&render(&app));
    assert!(!screen.lines().last().unwrap().contains("/NSI"));
}

/// Issue 13, point 27: line breaks in a description are line breaks in the detail (no `␊`),
/// and other controls are still made harmless.
#[test]
fn p27_line_breaks_in_a_description_are_line_breaks() {
    use intendant::booking::ui::layers::Layer;
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    let mut booking = bookings()[0].clone();
    booking.description = "Première ligne\r\nSeconde ligne\x1b[2J".into();
    app.screens.planning.layers.push(Layer::Detail {
        booking: Box::new(booking),
        history: Some(Vec::new()),
        scroll: 0,
    });
    let screen = text(&render(&app));
    let line_of = |needle: &str| screen.lines().position(|l| l.contains(needle));
    let (first, second) = (line_of("Première ligne"), line_of("Seconde ligne"));
    assert!(
        first.is_some() && second == first.map(|l| l + 1),
        "{screen}"
    );
    assert!(
        !screen.contains('␊') && !screen.contains('\x1b'),
        "{screen}"
    );
}

/// Issue 13, point 28: at 80 columns the header keeps the user's name and shortens the place
/// (the site goes first).
#[test]
fn p28_the_header_keeps_the_users_name_at_80_columns() {
    let app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    let screen = text(&render(&app));
    let header = screen.lines().next().unwrap();
    assert!(header.contains("Marie Dupont"), "{header}");
    assert!(header.contains("Informatique › Labo 101"), "{header}");
}

/// Issue 13, point 17: a series refused for taken dates lists every date, wrapped inside the
/// form at 80×24 and 200×60 (default and mono), and offers to skip them; a status message is
/// gone after the next key.
#[test]
fn p17_form_errors_wrap_and_list_every_conflicting_date() {
    use intendant::booking::model::refusal::Refusal;
    use intendant::booking::ui::layers::Layer;
    let conflicts: Vec<String> = (0..6)
        .map(|i| {
            format!(
                r#"{{"start": "2026-12-{:02}T13:00:00+00:00", "end": "2026-12-{:02}T14:00:00+00:00", "name": "Club {i}", "beneficiary": "Bob"}}"#,
                1 + 7 * i % 28,
                1 + 7 * i % 28
            )
        })
        .collect();
    let detail = format!(
        r#"{{"rule": "conflict", "conflicts": [{}]}}"#,
        conflicts.join(", ")
    );
    let refusal = Refusal::from_detail("x", Some(&detail)).unwrap();
    for theme in ["default", "mono"] {
        for (w, h) in [(80, 24), (200, 60)] {
            let mut app = app(Lang::En, theme, (w, h), structure(3), bookings());
            press(&mut app, KeyCode::Char('n'));
            for c in "Conseil".chars() {
                press(&mut app, KeyCode::Char(c));
            }
            let Some(Layer::Form(form)) = app.screens.planning.layers.last_mut() else {
                panic!("the form is open");
            };
            form.preview.count = 6;
            let said = refusal.explain(Lang::En, chrono_tz::Europe::Paris);
            form.refused(Some(&refusal), said);
            let screen = text(&render(&app));
            for i in 0..6 {
                assert!(
                    screen.contains(&format!("Club {i}")),
                    "{theme} {w}x{h}\n{screen}"
                );
            }
            assert!(
                screen.contains("Save again to book the free dates"),
                "{screen}"
            );
            if (w, h) == (80, 24) {
                assert_snapshot!(format!("p17_form_conflicts_{theme}_80x24"), screen);
            }
        }
    }
    // A message from the last action is gone once the user acts again.
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    press(&mut app, KeyCode::F(5));
    assert!(app.message.is_some());
    press(&mut app, KeyCode::Right);
    assert!(app.message.is_none());
}

/// Issue 13, point 12: the detail of a booking on a day blocked after it was made says so,
/// and what can be done.
#[test]
fn p12_the_detail_warns_of_a_booking_on_a_blocked_day() {
    use intendant::booking::ui::layers::Layer;
    let mut list = bookings();
    // 26 November is blocked in the fixture; a booking made before.
    list.push(common::screen::planning::booking(
        9,
        10,
        26,
        (10, 0),
        (11, 0),
        "Avant le blocage",
    ));
    let mut app = app(Lang::En, "default", (80, 24), structure(3), list);
    let b = app
        .screens
        .planning
        .pane
        .bookings()
        .iter()
        .find(|b| b.id == 9)
        .cloned()
        .unwrap();
    app.screens.planning.layers.push(Layer::Detail {
        booking: Box::new(b),
        history: Some(vec![]),
        scroll: 0,
    });
    let screen = text(&render(&app));
    assert!(
        screen.contains("This day was blocked after the booking"),
        "{screen}"
    );
    // Another day: no warning.
    let other = app
        .screens
        .planning
        .pane
        .bookings()
        .iter()
        .find(|b| chrono::Datelike::day(&b.start) != 26)
        .cloned()
        .unwrap();
    app.screens.planning.layers.clear();
    app.screens.planning.layers.push(Layer::Detail {
        booking: Box::new(other),
        history: Some(vec![]),
        scroll: 0,
    });
    assert!(!text(&render(&app)).contains("This day was blocked"));
}

/// Issue 13, point 25: the detail of a tentative series member says that its key confirms
/// the whole series.
#[test]
fn p25_the_detail_says_confirming_takes_the_whole_series() {
    use intendant::booking::ui::layers::Layer;
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    let mut b = app
        .screens
        .planning
        .pane
        .bookings()
        .iter()
        .find(|b| b.tentative_until.is_some())
        .cloned()
        .unwrap();
    b.series_id = Some(4);
    app.screens.planning.layers.push(Layer::Detail {
        booking: Box::new(b),
        history: Some(vec![]),
        scroll: 0,
    });
    let screen = text(&render(&app));
    assert!(screen.contains("c confirms it and every"), "{screen}");
}

/// Issue 13, point 26: Enter in the moderation queue opens the booking; the palette's "new
/// import" from the planning goes to Imports and opens the wizard; a key that does nothing
/// here says so.
#[test]
fn p26_keys_that_did_nothing_act_or_say_why() {
    use intendant::booking::ui::layers::Layer;
    use intendant::booking::ui::Msg as BookingMsg;
    use intendant::tui::keymap::Action;
    use intendant::tui::router::Page;
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    press(&mut app, KeyCode::Char('m'));
    let waiting: Vec<_> = app
        .screens
        .planning
        .pane
        .bookings()
        .iter()
        .filter(|b| b.name.starts_with("Conseil"))
        .cloned()
        .collect();
    app.update(common::screen::booking(BookingMsg::Queue(Ok(waiting))));
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screens.planning.top(), Some(Layer::Detail { .. })),
        "{}",
        text(&render(&app))
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(
        app.screens.planning.top(),
        Some(Layer::Queue { .. })
    ));
    press(&mut app, KeyCode::Esc);

    app.perform(Action::NewImport);
    assert_eq!(app.page, Page::Imports);
    assert!(
        app.screens.imports.pane.wizard.is_some(),
        "the wizard is open"
    );

    let mut app = self::app(Lang::En, "default", (80, 24), structure(3), bookings());
    app.perform(Action::Sort);
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("does nothing on this screen"), "{said}");
}

/// Issue 13, point 24: the day's cycle number shows in the planning's headers.
#[test]
fn p24_the_cycle_day_shows_in_the_headers() {
    let mut s = structure(3);
    let tuesday = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    s.calendar.cycle_days.insert(tuesday, 3);
    let mut app = app(Lang::En, "default", (80, 24), s, bookings());
    app.screens.planning.pane.view = Some(ViewKind::WeekRoom);
    let screen = text(&render(&app));
    assert!(screen.contains("Tue 24/11 J3"), "{screen}");
    app.screens.planning.pane.view = Some(ViewKind::Day);
    let screen = text(&render(&app));
    assert!(screen.contains("Tue 24/11 · J3"), "{screen}");
}

fn each_look(mut check: impl FnMut(&str, (u16, u16))) {
    for theme in ["default", "mono"] {
        for size in [(80, 24), (200, 60)] {
            check(theme, size);
        }
    }
}

/// Issue 13, point 14: the month of a room says "+N more" when a day holds more than fits;
/// the month of all rooms of a seven-day area shows every day's number, readably.
#[test]
fn p14_month_views_count_what_does_not_fit_and_number_every_day() {
    use common::screen::planning::booking;
    each_look(|theme, size| {
        let mut list = bookings();
        for k in 0..6 {
            list.push(booking(
                100 + k,
                10,
                18,
                (8 + k as u32, 0),
                (8 + k as u32, 30),
                &format!("Cours {k}"),
            ));
        }
        let mut app = self::app(Lang::En, theme, size, structure(3), list);
        app.screens.planning.pane.view = Some(ViewKind::MonthRoom);
        let screen = text(&render(&app));
        if size == (80, 24) {
            assert!(
                screen.contains("+6 more") || screen.contains("+5 more"),
                "{screen}"
            );
            assert_snapshot!(format!("p14_month_room_{theme}_80x24"), screen);
        } else {
            assert!(screen.contains("Cours 0"), "{screen}");
        }
        let mut s = structure(3);
        s.areas[0].days = 0b1111111;
        let mut app = self::app(Lang::En, theme, size, s, bookings());
        app.screens.planning.pane.view = Some(ViewKind::MonthAll);
        let screen = text(&render(&app));
        assert!(!screen.contains("… …"), "{screen}");
        if size == (80, 24) {
            let lines: Vec<&str> = screen.lines().collect();
            // Tens above where they change, units below, every day.
            assert!(lines[3].contains("1 2 3 4 5 6 7 8 9 0 1 2"), "{screen}");
            let tens = lines[2].split_whitespace().collect::<Vec<_>>();
            assert_eq!(tens, ["1", "2", "3"], "{screen}");
            assert_snapshot!(format!("p14_month_all_7days_{theme}_80x24"), screen);
        } else {
            assert!(screen.contains("30"), "{screen}");
        }
    });
}

/// Issue 13, point 15: fifty rooms in the day view: the headers tell them apart and the
/// view scrolls to the last one.
#[test]
fn p15_fifty_rooms_have_distinct_headers_and_scroll_to_the_last() {
    each_look(|theme, size| {
        let mut s = structure(50);
        let area = s.areas[0].id;
        for (i, r) in s.rooms.iter_mut().filter(|r| r.area_id == area).enumerate() {
            r.name = format!("Salle {:03}", i + 1);
            r.unavailable = false;
        }
        let mut app = self::app(Lang::En, theme, size, s, vec![]);
        app.screens.planning.pane.view = Some(ViewKind::Day);
        let screen = text(&render(&app));
        let header = screen.lines().nth(2).unwrap().to_owned();
        assert!(!header.contains("Salle 0…"), "{header}");
        assert!(header.contains("…01") && header.contains("…02"), "{header}");
        for _ in 0..49 {
            press(&mut app, KeyCode::Right);
        }
        let screen = text(&render(&app));
        let header = screen.lines().nth(2).unwrap();
        assert!(
            header.contains("…50"),
            "scrolled to the last room: {header}"
        );
        if size == (200, 60) {
            assert_snapshot!(format!("p15_day_50_rooms_last_{theme}_200x60"), screen);
        }
    });
}

/// Issue 13, point 16: the week of all rooms lists every booking of a cell where the height
/// allows, says "+N more" where it does not, and Enter on the cell lists them all.
#[test]
fn p16_the_week_of_all_rooms_lists_every_booking_of_a_cell() {
    use common::screen::planning::booking;
    use intendant::booking::ui::layers::Layer;
    each_look(|theme, size| {
        let mut list = bookings();
        for k in 0..3 {
            list.push(booking(
                200 + k,
                11,
                25,
                (13 + k as u32, 0),
                (13 + k as u32, 30),
                &format!("Réunion {k}"),
            ));
        }
        let mut app = self::app(Lang::En, theme, size, structure(3), list.clone());
        app.screens.planning.pane.view = Some(ViewKind::WeekAll);
        let screen = text(&render(&app));
        for k in 0..3 {
            assert!(
                screen.contains(&format!("Réunion {k}")),
                "{theme} {size:?}\n{screen}"
            );
        }
        if size == (80, 24) {
            assert_snapshot!(format!("p16_week_all_{theme}_80x24"), screen);
        }
        // Twenty in one cell: the last line counts the rest, Enter lists them all.
        for k in 3..20 {
            list.push(booking(
                200 + k,
                11,
                25,
                (7, 0),
                (7, 30),
                &format!("Réunion {k}"),
            ));
        }
        let mut app = self::app(Lang::En, theme, size, structure(3), list);
        app.screens.planning.pane.view = Some(ViewKind::WeekAll);
        let screen = text(&render(&app));
        assert!(screen.contains("more"), "{screen}");
        let pane = &mut app.screens.planning.pane;
        let room = pane.rooms().iter().position(|r| r.id == 11).unwrap();
        pane.room = room;
        pane.date = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        press(&mut app, KeyCode::Enter);
        let Some(Layer::Cell { items, .. }) = app.screens.planning.top() else {
            panic!("the cell's list: {}", text(&render(&app)));
        };
        assert_eq!(items.len(), 20);
        press(&mut app, KeyCode::Enter);
        assert!(matches!(
            app.screens.planning.top(),
            Some(Layer::Detail { .. })
        ));
    });
}

/// A hostile name in the field being typed reaches the terminal only made visible (the text
/// editor draws its lines as they are), and the selection still covers it; what is saved is
/// the name as it was.
#[test]
fn a_hostile_name_in_the_field_being_typed_is_made_visible() {
    use intendant::booking::ui::layers::Layer;
    let mut list = bookings();
    list[0].name = "Evil\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[31mRED".into();
    let mut app = app(Lang::En, "default", (80, 24), structure(3), list);
    let b = app.screens.planning.pane.bookings()[0].clone();
    app.screens.planning.layers.push(Layer::Detail {
        booking: Box::new(b),
        history: Some(vec![]),
        scroll: 0,
    });
    press(&mut app, KeyCode::Char('e'));
    // The scope picker first, then the name, selected.
    press(&mut app, KeyCode::Tab);
    let screen = render(&app);
    assert!(
        screen
            .content
            .iter()
            .all(|c| !c.symbol().chars().any(|ch| ch.is_control())),
        "a control character reached the terminal"
    );
    let shown = text(&screen);
    assert!(shown.contains("Evil␛]52;c;SGVsbG8=␇␛[31mRED"), "{shown}");
    let Some(Layer::Form(form)) = app.screens.planning.top() else {
        panic!("the form");
    };
    assert_eq!(
        form.value(intendant::booking::ui::form::FieldId::Name),
        "Evil\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[31mRED"
    );
}

/// Issue 14: the log's start-up milestone says what was drawn, and only once the grid's
/// bookings are in.
#[test]
fn the_start_up_milestone_names_what_was_drawn() {
    use intendant::tui::router::Page;
    let app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    let n = app.screens.planning.pane.bookings().len();
    assert_eq!(
        app.screens.shows(Page::Planning),
        Some(format!("grid drawn with {n} bookings"))
    );
    let mut empty = self::app(Lang::En, "default", (80, 24), structure(3), vec![]);
    empty.screens.planning.pane.loaded = None;
    assert_eq!(empty.screens.shows(Page::Planning), None);
}

#[test]
fn the_kiosk_turns_to_the_next_area_by_itself_and_takes_no_key_but_quit() {
    let mut app = app(Lang::En, "default", (80, 24), structure(3), bookings());
    let start = app.base.now;
    app.kiosk = Some(intendant::tui::app::Kiosk::new(30, start));
    let area = |app: &App| app.screens.planning.pane.area_info().unwrap().name.clone();
    let first = area(&app);
    for c in ['n', 's', '}'] {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::F(8));
    assert_eq!(area(&app), first, "no key moves a hallway screen");
    assert!(
        !app.screens.layer_open(intendant::tui::app::Page::Planning),
        "nor opens a form"
    );
    app.update(Msg::Tick(start + chrono::Duration::seconds(10)));
    assert_eq!(area(&app), first);
    app.update(Msg::Tick(start + chrono::Duration::seconds(31)));
    let second = area(&app);
    assert_ne!(second, first, "the next area after 30 s");
    let shown = text(&render(&app));
    assert!(shown.contains("kiosk: the next area every 30 s"), "{shown}");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}
