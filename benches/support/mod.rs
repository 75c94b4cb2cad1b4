//! What the database benchmarks share: a runtime, and a migrated database of their own on the
//! server named by INTENDANT_TEST_DATABASE_URL, dropped at the end.
#![allow(dead_code)]

use intendant::config::TlsMode;
use intendant::db::{ConnectSettings, Database};

/// Prints min / median / max of `times` (ms, `decimals` places) and returns the median.
pub fn report(
    label: &str,
    mut times: Vec<std::time::Duration>,
    decimals: usize,
) -> std::time::Duration {
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    println!(
        "{label}: min {:.decimals$} ms, median {:.decimals$} ms, max {:.decimals$} ms ({} runs)",
        ms(times[0]),
        ms(median),
        ms(times[times.len() - 1]),
        times.len()
    );
    median
}

pub fn server() -> String {
    std::env::var("INTENDANT_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// `cargo test` runs benches with `--test`: nothing to do then.
pub fn listing_only() -> bool {
    std::env::args().any(|a| a == "--list" || a == "--test")
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

pub async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    client
}

pub fn database(url: &str) -> Database {
    Database::new(&ConnectSettings {
        config: url.parse().expect("url"),
        tls: TlsMode::Disable,
        root_cert: None,
    })
    .expect("pool")
}

pub struct BenchDb {
    pub name: String,
    pub db: Database,
    admin: tokio_postgres::Client,
}

impl BenchDb {
    /// A new, migrated database named `<prefix>_<pid>`.
    pub async fn create(prefix: &str) -> BenchDb {
        let name = format!("{prefix}_{}", std::process::id());
        let admin = connect(&format!("{}/postgres", server())).await;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create bench database");
        let db = database(&format!("{}/{name}", server()));
        db.ready().await.expect("migrate");
        BenchDb { name, db, admin }
    }

    pub fn url(&self) -> String {
        format!("{}/{}", server(), self.name)
    }

    pub async fn drop(self, also: &str) {
        drop(self.db);
        // One statement each: DROP DATABASE cannot run in the implicit transaction of a
        // multi-statement string.
        let _ = self
            .admin
            .batch_execute(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
            .await;
        if !also.is_empty() {
            let _ = self.admin.batch_execute(also).await;
        }
    }
}

/// A terminal that only counts the bytes it is sent: what a slow SSH link pays for.
#[derive(Clone, Default)]
pub struct Counter(pub std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Counter {
    /// The bytes sent since the last call.
    pub fn take(&self) -> usize {
        self.0.swap(0, std::sync::atomic::Ordering::Relaxed)
    }
}

pub type CountingTerminal = ratatui::Terminal<ratatui::backend::CrosstermBackend<Counter>>;

pub fn counting_terminal(width: u16, height: u16) -> (CountingTerminal, Counter) {
    let counter = Counter::default();
    let options = ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
    };
    let terminal = ratatui::Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(counter.clone()),
        options,
    )
    .expect("terminal");
    (terminal, counter)
}

/// The colours the app picks in tmux (`TERM=tmux-256color`): what byte counts are made with.
pub fn tmux_theme() -> intendant::tui::theme::Theme {
    let env = intendant::config::Environment {
        vars: [("TERM".to_owned(), "tmux-256color".to_owned())].into(),
        os_user: String::new(),
        home: None,
        config_dir: None,
        data_dir: None,
        state_dir: None,
        is_root: false,
    };
    let depth = intendant::tui::theme::ColorDepth::detect(&env);
    intendant::tui::theme::Theme::load("default", None, depth).0
}

/// Times one booking of half an hour from 20:00 (local) on `day` in `room`, as `db`'s user:
/// every rule and quota runs. The room lookup is not timed.
pub async fn book_evening(
    db: &Database,
    tz: chrono_tz::Tz,
    room: &str,
    day: chrono::NaiveDate,
) -> std::time::Duration {
    use chrono::TimeZone;
    use intendant::booking::model::repeat::Occurrence;
    use intendant::booking::store;
    let room = store::find_room(db, room).await.expect("room");
    let at = |h, m| {
        tz.from_local_datetime(
            &day.and_time(chrono::NaiveTime::from_hms_opt(h, m, 0).expect("time")),
        )
        .single()
        .expect("local")
    };
    let once = [Occurrence {
        start: at(20, 0),
        end: at(20, 30),
    }];
    let details = store::Details {
        name: Some("Réunion".into()),
        ..store::Details::default()
    };
    let started = std::time::Instant::now();
    store::book(
        db,
        tz,
        store::NewBooking {
            room: room.id,
            occurrences: &once,
            details: &details,
            series: None,
            skipped: &[],
            skip_conflicts: false,
        },
    )
    .await
    .expect("book once");
    started.elapsed()
}

/// The area the booking benches book in: "Bench", open every day 07:00–22:00, with rooms
/// "Salle 1" to "Salle {rooms}"; `bookings` one-hour bookings spread over the first `busy`
/// rooms, eight a day from the Monday `from_week` weeks away from this one; and `user`, a
/// plain user of the installation.
pub async fn bench_area(
    c: &tokio_postgres::Client,
    rooms: i64,
    busy: i64,
    bookings: i64,
    from_week: i64,
    user: &str,
) {
    let group = group_role(c).await;
    c.batch_execute(&format!(
        "INSERT INTO site (code, name) VALUES ('B', 'Bench');
         INSERT INTO booking_type (letter, name, color) VALUES ('A', 'Cours', '#4a90d9');
         INSERT INTO area (site_id, name, days_shown, day_start, day_end) SELECT id, 'Bench', 127, '07:00', '22:00' FROM site;
         INSERT INTO room (area_id, name) SELECT a.id, 'Salle ' || n FROM area a, generate_series(1, {rooms}) AS n;
         INSERT INTO booking (room_id, during, name, type, owner)
         SELECT r.id, tstzrange(t, t + interval '1 hour'), 'Cours ' || i, 'A', 'someone'
           FROM generate_series(0, {bookings} - 1) AS i
           JOIN room r ON r.name = 'Salle ' || (i % {busy} + 1),
           LATERAL (SELECT (date_trunc('week', now()) + {from_week} * interval '1 week' + (i / {busy} / 8) * interval '1 day'
                            + (8 + (i / {busy}) % 8) * interval '1 hour') AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris' AS t) AS x;
         CREATE ROLE {user} LOGIN; GRANT {group} TO {user};
         INSERT INTO app_user (login, status) VALUES ('{user}', 'user');
         ANALYZE;"
    ))
    .await
    .expect("fill");
}

/// The installation's group role: what a login is granted to become a user of the database.
pub async fn group_role(c: &tokio_postgres::Client) -> String {
    c.query_one("SELECT group_role()", &[])
        .await
        .expect("group")
        .get(0)
}
