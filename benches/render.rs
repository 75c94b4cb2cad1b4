//! Drawing costs of the shell at 120×40: a full frame, and one cursor move (time, and the bytes
//! sent to the terminal, which is what a slow SSH link pays for).

#[path = "../tests/common/screen.rs"]
mod screen;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Msg};
use intendant::tui::view;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// A terminal that only counts what it is sent.
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

fn counting_terminal() -> (Terminal<CrosstermBackend<Counter>>, Counter) {
    let counter = Counter::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
    };
    let terminal =
        Terminal::with_options(CrosstermBackend::new(counter.clone()), options).expect("terminal");
    (terminal, counter)
}

fn shell() -> App {
    screen::app_with(
        Lang::En,
        "default",
        "default",
        (120, 40),
        screen::many_users(500),
    )
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn main() {
    let mut app = shell();
    let (mut terminal, counter) = counting_terminal();
    terminal.draw(|f| view::draw(&app, f)).expect("first frame");
    let first = counter.0.swap(0, Ordering::Relaxed);
    app.update(key(KeyCode::Down));
    terminal
        .draw(|f| view::draw(&app, f))
        .expect("second frame");
    let moved = counter.0.load(Ordering::Relaxed);
    println!("bytes to the terminal at 120x40: first frame {first}, one cursor move {moved}");
    divan::main();
}

#[divan::bench]
fn full_frame_120x40(bencher: Bencher) {
    let app = shell();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    bencher.bench_local(|| {
        terminal.draw(|f| view::draw(&app, f)).expect("draw");
    });
}

#[divan::bench]
fn cursor_move_update_and_draw_120x40(bencher: Bencher) {
    let mut app = shell();
    let (mut terminal, _) = counting_terminal();
    let mut going_down = true;
    bencher.bench_local(|| {
        app.update(key(if going_down {
            KeyCode::Down
        } else {
            KeyCode::Up
        }));
        going_down = !going_down;
        terminal.draw(|f| view::draw(&app, f)).expect("draw");
    });
}
