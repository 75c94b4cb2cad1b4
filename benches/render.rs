//! Drawing costs of the shell at 120×40: a full frame, and one cursor move (time, and the bytes
//! sent to the terminal, which is what a slow SSH link pays for).

#[path = "../tests/common/screen.rs"]
mod screen;
mod support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use intendant::i18n::Lang;
use intendant::tui::app::{App, Msg};
use intendant::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

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
    let (mut terminal, counter) = support::counting_terminal(120, 40);
    terminal.draw(|f| view::draw(&app, f)).expect("first frame");
    let first = counter.take();
    app.update(key(KeyCode::Down));
    terminal
        .draw(|f| view::draw(&app, f))
        .expect("second frame");
    let moved = counter.take();
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
    let (mut terminal, _) = support::counting_terminal(120, 40);
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
