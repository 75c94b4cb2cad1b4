//! Correlation end to end against PostgreSQL (INTENDANT_TEST_DATABASE_URL) on 100,000 directory
//! accounts × 100,000 official people: parsing and storing the LDIF snapshot, `correlate run`
//! (load, cascade, store the links), and the session screen: loading it to the first frame,
//! then one key of scrolling (which must not ask the database anything).

use std::fmt::Write as _;
use std::time::Instant;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use intendant::correlation::model::{directory::Mapping, ldif};
use intendant::correlation::store;
use intendant::tui::app::{App, Msg};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

mod support;

const N: usize = 100_000;

fn ldif_text() -> String {
    let mut out = String::with_capacity(N * 200);
    out.push_str("version: 1\n\n");
    for i in 0..N {
        let number = if i % 10 < 8 {
            format!("employeeNumber: E{i:07}\n")
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "dn: uid=user{i},ou=eleves,ou=people,dc=lycee,dc=fr\nobjectClass: inetOrgPerson\nuid: user{i}\nsn: NOM{i}\ngivenName: Prenom{}\n{number}schacDateOfBirth: 2009{:02}{:02}\n\n",
            i % 97,
            i % 12 + 1,
            i % 28 + 1
        );
    }
    out
}

fn main() {
    if support::listing_only() {
        return;
    }
    support::runtime().block_on(async {
        let bench = support::BenchDb::create("correlation_bench").await;
        let db = &bench.db;
        db.client()
            .await
            .expect("client")
            .batch_execute(&format!(
                "INSERT INTO person (kind, school, number, first_name, last_name, sex, birth_date, grade, school_year)
                 SELECT 'student', '001', 'E' || lpad(i::text, 7, '0'), 'Prenom' || (i % 97), 'Nom' || i, 'F',
                        make_date(2009, i % 12 + 1, i % 28 + 1), '10', '2026-2027'
                   FROM generate_series(0, {N} - 1) AS i"
            ))
            .await
            .expect("people");

        let text = ldif_text();
        let started = Instant::now();
        let entries = ldif::parse(&text).expect("parse");
        let parsed = started.elapsed();
        let imported = store::import_snapshot(db, "bench.ldif", &entries, &Mapping::default(), false)
            .await
            .expect("import");
        println!(
            "LDIF of {} entries ({} MB): parsed in {:.0} ms, stored in {:.0} ms",
            imported.entries,
            text.len() / 1_000_000,
            parsed.as_secs_f64() * 1000.0,
            (started.elapsed() - parsed).as_secs_f64() * 1000.0
        );
        for round in ["first", "again (no change)"] {
            let started = Instant::now();
            let outcome = store::run(db, false).await.expect("run");
            println!(
                "correlate run, {round}: {:.2} s ({:?}, remaining {} / {})",
                started.elapsed().as_secs_f64(),
                outcome.by_rule,
                outcome.remaining_left,
                outcome.remaining_right
            );
        }

        // The session screen: load, first frame; then scrolling.
        let (theme, _) = intendant::tui::theme::Theme::load("default", None, intendant::tui::theme::ColorDepth::Ansi16);
        let (keymap, _) = intendant::tui::keymap::Keymap::load("default", None);
        let mut app = App::new(intendant::i18n::Lang::En, theme, keymap, chrono::Utc::now(), (160, 50));
        let key = |code| Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("terminal");
        let started = Instant::now();
        let cmds = app.update(key(KeyCode::F(6)));
        assert_eq!(cmds.len(), 1, "one load");
        let state = store::load(db).await.expect("load");
        let loaded = started.elapsed();
        app.update(Msg::Feature(intendant::tui::router::FeatureMsg::Correlation(
            intendant::correlation::ui::Msg::Loaded {
                id: 1,
                result: Ok(Box::new(state)),
            },
        )));
        terminal
            .draw(|f| intendant::tui::view::draw(&app, f))
            .expect("draw");
        println!(
            "session screen on {N} × {N}: first frame {:.0} ms after F6 (of which the database load {:.0} ms)",
            started.elapsed().as_secs_f64() * 1000.0,
            loaded.as_secs_f64() * 1000.0
        );
        // Everything shown: the columns hold 100,000 rows each.
        let started = Instant::now();
        app.update(key(KeyCode::Char('f')));
        app.update(key(KeyCode::Char('f')));
        terminal
            .draw(|f| intendant::tui::view::draw(&app, f))
            .expect("draw");
        println!(
            "filter to all ({} + {} rows, two re-sorts): {:.0} ms",
            app.screens.correlation.pane.left.rows.len(),
            app.screens.correlation.pane.right.rows.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
        let mut times = Vec::new();
        for i in 0..200 {
            let started = Instant::now();
            let cmds = app.update(key(if i % 50 == 49 { KeyCode::PageDown } else { KeyCode::Down }));
            assert!(cmds.is_empty(), "scrolling asks the database nothing");
            terminal.draw(|f| intendant::tui::view::draw(&app, f)).expect("draw");
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "one scrolling key (update + draw, no query): median {:.2} ms, max {:.2} ms",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
        bench.drop("").await;
    });
}
