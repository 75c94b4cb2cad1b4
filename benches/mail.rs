//! The mail worker against a real SMTP server on loopback (tests/smtp/server.py): 1,000 mails
//! queued about one booking, each to an outside address with its calendar part, delivered by
//! one worker round (`Worker::drain`, as `intendant worker --once`). Target: under 10 s.
//! Also the booking write with the mail server down: `book()` never talks to it, so its time
//! is the same whether one answers or not.
//!
//! Prints min / median / max over the runs.

use std::time::{Duration, Instant};

#[path = "../tests/common/smtp.rs"]
#[allow(dead_code)]
mod smtp;
mod support;

use intendant::mail::worker::{Local, Worker};

const MAILS: i64 = 1_000;
const RUNS: usize = 3;

fn main() {
    if support::listing_only() {
        return;
    }
    support::runtime().block_on(bench());
}

async fn bench() {
    let server = smtp::SmtpServer::start();
    let bench = support::BenchDb::create("mail_bench").await;
    let c = bench.db.client().await.expect("client");
    c.batch_execute(&format!(
        "INSERT INTO site (code, name) VALUES ('B', 'Bench');
         INSERT INTO booking_type (letter, name, color) VALUES ('A', 'Cours', '#4a90d9');
         INSERT INTO area (site_id, name, days_shown, day_start, day_end) SELECT id, 'Bench', 127, '07:00', '22:00' FROM site;
         INSERT INTO room (area_id, name) SELECT id, 'Salle 1' FROM area;
         INSERT INTO booking (room_id, during, name, type, owner)
         SELECT id, tstzrange(date_trunc('week', now()) + interval '1 week 9 hours',
                              date_trunc('week', now()) + interval '1 week 10 hours'), 'Cours', 'A', session_user
           FROM room;
         UPDATE setting SET value = '127.0.0.1' WHERE name = 'mail.smtp_host';
         UPDATE setting SET value = '{}' WHERE name = 'mail.smtp_port';
         UPDATE setting SET value = 'intendant@bench.example' WHERE name = 'mail.from';",
        server.port
    ))
    .await
    .expect("fixture");

    let (mut worker, problems) = Worker::new(
        bench.db.clone(),
        Local {
            host_name: "bench".into(),
            ..Local::default()
        },
    );
    assert!(problems.is_empty());
    let mut times = Vec::new();
    for run in 1..=RUNS {
        c.execute(
            "INSERT INTO outbox (kind, booking_id, recipients, actor)
             SELECT 'booking_changed', (SELECT min(id) FROM booking), ARRAY['person' || i || '@bench.example'], 'someone'
               FROM generate_series(1, $1::bigint) AS i",
            &[&MAILS],
        )
        .await
        .expect("queue");
        let started = Instant::now();
        let tally = worker.drain().await.expect("a round");
        times.push(started.elapsed());
        assert_eq!(tally.sent, MAILS as u64, "{tally:?}");
        let got = server.wait_for(run * MAILS as usize, Duration::from_secs(10));
        assert_eq!(got.len(), run * MAILS as usize);
    }
    support::report(&format!("worker: {MAILS} mails delivered"), times, 1);

    // One booking at a time with the mail server up, then stopped: book() never talks to it.
    let book = |day: i64| {
        format!(
            "SELECT book((SELECT min(id) FROM room),
                         ARRAY[tstzrange(date_trunc('week', now()) + interval '2 weeks' + interval '{day} days 9 hours',
                                         date_trunc('week', now()) + interval '2 weeks' + interval '{day} days 10 hours')],
                         '{{\"name\": \"x\"}}')"
        )
    };
    let mut times = Vec::new();
    for day in 0..30 {
        let started = Instant::now();
        c.batch_execute(&book(day)).await.expect("book");
        times.push(started.elapsed());
    }
    support::report("book(), one booking, mail server up", times, 1);
    drop(server.stop());
    let mut times = Vec::new();
    for day in 30..60 {
        let started = Instant::now();
        c.batch_execute(&book(day)).await.expect("book");
        times.push(started.elapsed());
    }
    support::report("book(), one booking, mail server stopped", times, 1);
    drop(c);
    bench.drop("").await;
}
