//! The planning's drawing costs in its heaviest view: the week of all rooms, 50 rooms × 7 days,
//! every hour booked, at 200×60. A full frame; one cursor move (update and draw, and the bytes
//! sent to the terminal); PgDn to the next week when it is prefetched (no database).

#[path = "../tests/common/screen.rs"]
mod screen;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use intendant::booking::plan::ViewKind;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Msg};
use intendant::tui::view;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const SIZE: (u16, u16) = (200, 60);

#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn planning() -> App {
    let mut app = screen::planning::app(
        Lang::En,
        "default",
        SIZE,
        screen::full::structure(50),
        screen::full::bookings(50),
    );
    app.planning.view = Some(ViewKind::WeekAll);
    app
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn main() {
    let mut app = planning();
    let counter = Counter::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, SIZE.0, SIZE.1)),
    };
    let mut terminal =
        Terminal::with_options(CrosstermBackend::new(counter.clone()), options).expect("terminal");
    terminal.draw(|f| view::draw(&app, f)).expect("first frame");
    let first = counter.0.swap(0, Ordering::Relaxed);
    let mut moves = Vec::new();
    for code in [KeyCode::Right, KeyCode::Down, KeyCode::Left, KeyCode::Up] {
        app.update(key(code));
        terminal.draw(|f| view::draw(&app, f)).expect("frame");
        moves.push(counter.0.swap(0, Ordering::Relaxed));
    }
    app.update(key(KeyCode::PageDown));
    terminal.draw(|f| view::draw(&app, f)).expect("frame");
    let page = counter.0.swap(0, Ordering::Relaxed);
    println!(
        "week of 50 rooms at 200x60: first frame {first} bytes; cursor moves {moves:?} bytes; PgDn {page} bytes"
    );
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
    let mut app = planning();
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
