//! Does a read cost the week it shows, or the years behind it? The same dense week (an area
//! of 50 rooms, 8 bookings a room a day) on two histories: a school year of about 20,000
//! bookings in those 50 rooms, and four school years of about 200,000 bookings over 500 rooms
//! in 10 areas. Read as a plain user and as an administrator who is not a superuser (row-level
//! security on for both):
//!   - the week of the area's 50 rooms (`booking list --area`, one query): target under 10 ms,
//!     and the large history within 1.2× of the small one;
//!   - `visible_rooms()` and the planning's structure load: target under 5 ms for 500 rooms;
//!   - one booking by the plain user with every quota on (the room's, the area's, the
//!     installation's): the large history within 1.2× of the small one (a write costs what it
//!     writes).
//!
//! The data are generated here (triggers off while filling: history and announcements are not
//! what is measured), never committed. Prints min / median / max over the runs.

use std::time::{Duration, Instant};

mod support;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone};
use intendant::booking::store::{self, Scope};

fn main() {
    if support::listing_only() {
        return;
    }
    support::runtime().block_on(async {
        let small = fill(&History {
            label: "one school year, 50 rooms",
            areas: 1,
            years: 1,
            every: 6,
        })
        .await;
        let large = fill(&History {
            label: "four school years, 500 rooms",
            areas: 10,
            years: 4,
            every: 21,
        })
        .await;
        for reader in 0..2 {
            // The week, read in turn on each history so that the machine's drift hits both.
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut rows = (0, 0);
            for _ in 0..60 {
                let (t, n) = small.week(reader).await;
                a.push(t);
                rows.0 = n;
                let (t, n) = large.week(reader).await;
                b.push(t);
                rows.1 = n;
            }
            let who = small.readers[reader].0;
            let a = support::report(
                &format!(
                    "  {}: week of 50 rooms ({} bookings, as {who})",
                    small.label, rows.0
                ),
                a,
                2,
            );
            let b = support::report(
                &format!(
                    "  {}: week of 50 rooms ({} bookings, as {who})",
                    large.label, rows.1
                ),
                b,
                2,
            );
            println!(
                "large / small, week of 50 rooms as {who} (medians): {:.2}×",
                b.as_secs_f64() / a.as_secs_f64()
            );
            for h in [&small, &large] {
                h.rooms_and_structure(reader).await;
            }
        }
        // One booking at a time, in turn on each history.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in 0..30 {
            a.push(small.book_once(i).await);
            b.push(large.book_once(i).await);
        }
        let a = support::report(
            &format!(
                "  {}: book once with every quota on, as a user",
                small.label
            ),
            a,
            2,
        );
        let b = support::report(
            &format!(
                "  {}: book once with every quota on, as a user",
                large.label
            ),
            b,
            2,
        );
        println!(
            "large / small, book once as a user (medians): {:.2}×",
            b.as_secs_f64() / a.as_secs_f64()
        );
        small.drop().await;
        large.drop().await;
    });
}

/// A history: `areas` of 50 rooms, `years` school years of weekdays, one slot in `every` taken.
struct History {
    label: &'static str,
    areas: i64,
    years: i64,
    every: i64,
}

/// A filled database, and who reads it: a plain user, an administrator (not a superuser).
struct Filled {
    label: &'static str,
    bench: support::BenchDb,
    user: String,
    readers: [(&'static str, intendant::db::Database); 2],
    tz: chrono_tz::Tz,
    monday: NaiveDate,
    rooms: i64,
}

/// Fills a database with `h` (triggers off: history and announcements are not measured).
async fn fill(h: &History) -> Filled {
    let bench = support::BenchDb::create(&format!("booking_scale_{}", h.areas)).await;
    let user = format!("scale_user_{}_{}", std::process::id(), h.areas);
    let c = bench.db.client().await.expect("client");
    let today = chrono::Utc::now().date_naive();
    let monday = today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
    let start = monday - chrono::Duration::days(365 * h.years);
    let group = support::group_role(&c).await;
    c.batch_execute(&format!(
        "SET session_replication_role = replica;
         INSERT INTO site (code, name) VALUES ('B', 'Bench');
         INSERT INTO booking_type (letter, name, color) VALUES ('A', 'Cours', '#4a90d9');
         INSERT INTO area (site_id, name, days_shown, day_start, day_end)
              SELECT s.id, 'Area ' || n, 127, '07:00', '22:00' FROM site s, generate_series(1, {areas}) AS n;
         INSERT INTO room (area_id, name)
              SELECT a.id, a.name || ' room ' || n FROM area a, generate_series(1, 50) AS n;
         -- The history, before this week.
         INSERT INTO booking (room_id, during, name, type, owner)
         SELECT r.id, tstzrange(t, t + interval '1 hour'), 'Cours', 'A', 'someone'
           FROM room r, generate_series(date '{start}', date '{monday}' - 1, interval '1 day') AS d,
                generate_series(8, 15) AS h,
                LATERAL (SELECT (d + h * interval '1 hour') AT TIME ZONE 'Europe/Paris' AS t) AS x
          WHERE extract(isodow FROM d) < 6 AND (r.id + extract(doy FROM d)::int + h) % {every} = 0;
         -- The measured week: Area 1's 50 rooms, eight bookings a room a day.
         INSERT INTO booking (room_id, during, name, type, owner)
         SELECT r.id, tstzrange(t, t + interval '1 hour'), 'Cours', 'A', 'someone'
           FROM room r JOIN area a ON a.id = r.area_id AND a.name = 'Area 1',
                generate_series(date '{monday}', date '{monday}' + 4, interval '1 day') AS d,
                generate_series(8, 15) AS h,
                LATERAL (SELECT (d + h * interval '1 hour') AT TIME ZONE 'Europe/Paris' AS t) AS x;
         SET session_replication_role = DEFAULT;
         CREATE ROLE {user} LOGIN; GRANT \"{group}\" TO {user};
         CREATE ROLE {user}_admin LOGIN; GRANT \"{group}\" TO {user}_admin;
         INSERT INTO app_user (login, status) VALUES ('{user}', 'user'), ('{user}_admin', 'admin');
         UPDATE setting SET value = '100000' WHERE name = 'booking.max_per_user';
         UPDATE area SET max_bookings_per_user = 100000;
         UPDATE room SET max_bookings_per_user = 100000;",
        areas = h.areas,
        every = h.every,
    ))
    .await
    .expect("fill");
    // As a school's database is: old rows' hint bits set, statistics known (else the first
    // reads write pages and the timings measure the disk).
    c.batch_execute("VACUUM (FREEZE, ANALYZE)")
        .await
        .expect("vacuum");
    let (bookings, rooms): (i64, i64) = {
        let r = c
            .query_one(
                "SELECT (SELECT count(*) FROM booking), (SELECT count(*) FROM room)",
                &[],
            )
            .await
            .expect("count");
        (r.get(0), r.get(1))
    };
    let version: String = c
        .query_one("SHOW server_version", &[])
        .await
        .expect("version")
        .get(0);
    println!(
        "{} — {bookings} bookings, {rooms} rooms (PostgreSQL {version})",
        h.label
    );
    let login =
        |name: &str| support::database(&bench.url().replacen("postgres@", &format!("{name}@"), 1));
    let readers = [
        ("a user", login(&user)),
        ("an admin", login(&format!("{user}_admin"))),
    ];
    let tz = store::settings(&readers[0].1).await.expect("settings").tz;
    Filled {
        label: h.label,
        bench,
        user,
        readers,
        tz,
        monday,
        rooms,
    }
}

impl Filled {
    /// One read of the measured week (`booking list --area`) by `reader`, and how many rows
    /// it gave.
    async fn week(&self, reader: usize) -> (Duration, usize) {
        let from = local(self.tz, self.monday);
        let to = local(self.tz, self.monday + chrono::Duration::days(7));
        let started = Instant::now();
        let rows = store::list(
            &self.readers[reader].1,
            self.tz,
            Scope::Area("Area 1"),
            from,
            to,
            false,
        )
        .await
        .expect("list")
        .len();
        (started.elapsed(), rows)
    }

    /// The plain user books half an hour in the evening of a day after the measured week
    /// (`i` picks the room and the day): every rule and quota runs, and the time is returned.
    async fn book_once(&self, i: i64) -> Duration {
        let room = format!("Area 1 room {}", i % 50 + 1);
        let day = self.monday + chrono::Duration::days(7 + i / 50);
        support::book_evening(&self.readers[0].1, self.tz, &room, day).await
    }

    async fn rooms_and_structure(&self, reader: usize) {
        let (who, db) = &self.readers[reader];
        let client = db.client().await.expect("client");
        let mut times = Vec::new();
        for _ in 0..40 {
            let started = Instant::now();
            client
                .query_one("SELECT cardinality(visible_rooms())", &[])
                .await
                .expect("visible");
            times.push(started.elapsed());
        }
        support::report(
            &format!(
                "  {}: visible_rooms() over {} rooms, as {who}",
                self.label, self.rooms
            ),
            times,
            2,
        );
        let mut times = Vec::new();
        for _ in 0..20 {
            let started = Instant::now();
            intendant::booking::plan_store::structure(db)
                .await
                .expect("structure");
            times.push(started.elapsed());
        }
        support::report(
            &format!(
                "  {}: the planning's structure (areas, rooms, types…), as {who}",
                self.label
            ),
            times,
            2,
        );
    }

    async fn drop(self) {
        drop(self.readers);
        self.bench
            .drop(&format!("DROP ROLE {0}; DROP ROLE {0}_admin", self.user))
            .await;
    }
}

fn local(tz: chrono_tz::Tz, day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    tz.from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .expect("local midnight")
        .with_timezone(&chrono::Utc)
}
