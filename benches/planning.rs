//! The planning's drawing costs in its heaviest view: the week of all rooms, 50 rooms × 7 days,
//! every hour booked, at 200×60. A full frame; one cursor move (update and draw); PgDn to the
//! next week when it is prefetched (no database).
//!
//! And the bytes sent to the terminal, what a slow SSH link pays for: counted with the colours
//! the app picks under tmux (`TERM=tmux-256color`), on weeks that differ as a school's do
//! (`varied`: subjects, classes, lengths and types change) and on identical weeks.

#[path = "../tests/common/screen.rs"]
mod screen;
mod support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use intendant::booking::model::plan::ViewKind;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Msg};
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const SIZE: (u16, u16) = (200, 60);

fn planning() -> App {
    with_bookings(screen::full::bookings(50))
}

fn with_bookings(bookings: Vec<intendant::booking::model::plan::BookingInfo>) -> App {
    let mut app = screen::planning::app(
        Lang::En,
        "default",
        SIZE,
        screen::full::structure(50),
        bookings,
    );
    app.screens.planning.pane.view = Some(ViewKind::WeekAll);
    app
}

/// Bytes of the first frame, of four cursor moves, and of PgDn then PgDn again.
fn bytes(mut app: App) -> (usize, Vec<usize>, Vec<usize>) {
    app.base.theme = support::tmux_theme();
    let (mut terminal, counter) = support::counting_terminal(SIZE.0, SIZE.1);
    terminal.draw(|f| view::draw(&app, f)).expect("first frame");
    let first = counter.take();
    let mut moves = Vec::new();
    for code in [KeyCode::Right, KeyCode::Down, KeyCode::Left, KeyCode::Up] {
        app.update(key(code));
        terminal.draw(|f| view::draw(&app, f)).expect("frame");
        moves.push(counter.take());
    }
    let mut pages = Vec::new();
    for code in [KeyCode::PageDown, KeyCode::PageUp] {
        app.update(key(code));
        terminal.draw(|f| view::draw(&app, f)).expect("frame");
        pages.push(counter.take());
    }
    (first, moves, pages)
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn main() {
    for (label, app) in [
        ("identical weeks", planning()),
        (
            "numbered lessons",
            with_bookings(screen::full::numbered_bookings(50)),
        ),
        (
            "varied weeks",
            with_bookings(screen::full::varied_bookings(50)),
        ),
    ] {
        let (first, moves, pages) = bytes(app);
        println!(
            "week of 50 rooms at 200x60 under tmux, {label}: first frame {first} bytes; \
             cursor moves {moves:?} bytes; PgDn, PgUp {pages:?} bytes"
        );
    }
    divan::main();
}

#[divan::bench]
fn full_frame_week_of_50_rooms_200x60(bencher: Bencher) {
    let app = planning();
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    bencher.bench_local(|| {
        terminal.draw(|f| view::draw(&app, f)).expect("draw");
    });
}

#[divan::bench]
fn cursor_move_update_and_draw_200x60(bencher: Bencher) {
    let mut app = planning();
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    let mut right = true;
    bencher.bench_local(|| {
        app.update(key(if right { KeyCode::Right } else { KeyCode::Left }));
        right = !right;
        terminal.draw(|f| view::draw(&app, f)).expect("draw");
    });
}

#[divan::bench]
fn page_down_prefetched_update_and_draw_200x60(bencher: Bencher) {
    let mut app = with_bookings(screen::full::varied_bookings(50));
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    let mut forward = true;
    bencher.bench_local(|| {
        app.update(key(if forward {
            KeyCode::PageDown
        } else {
            KeyCode::PageUp
        }));
        forward = !forward;
        terminal.draw(|f| view::draw(&app, f)).expect("draw");
    });
}
