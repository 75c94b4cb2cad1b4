//! Whole commands, as a script or a user at a shell runs them: `intendant booking add` of one
//! booking and of a daily series of 365, each a new process with a new PostgreSQL session,
//! timed from spawn to exit, as a plain user (every rule and row-level security policy runs)
//! on an area of 50 rooms holding 20,000 bookings. Targets: 20 ms and 40 ms.
//!
//! A new session pays for everything the booking rules touch the first time (the server
//! looks its catalogs up and plans each statement once per session), so the same commands are
//! also timed through a pooler in session mode when `pgbouncer` is installed: the route the
//! README's Performance section describes for scripts that run many commands.
//!
//! The release binary is the one cargo builds for the bench profile. Runs are interleaved
//! (direct, pooled, direct, …) so that the machine's drift hits both alike. Then the two
//! floors of any command: the process alone (`--version`), and a new session alone. Prints
//! min / median / max over the runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

const ROOMS: i64 = 50;
const BOOKINGS: i64 = 20_000;
const RUNS: usize = 60;

fn main() {
    if support::listing_only() {
        return;
    }
    support::runtime().block_on(bench());
}

async fn bench() {
    let bench = support::BenchDb::create("cli_bench").await;
    let user = format!("bench_cli_{}", std::process::id());
    let c = bench.db.client().await.expect("client");
    // Its bookings all in the past: the commands book from tomorrow on.
    support::bench_area(&c, ROOMS, ROOMS, BOOKINGS, -30, &user).await;
    drop(c);

    let server: tokio_postgres::Config = support::server().parse().expect("server url");
    let host = match server.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".into(),
    };
    let port = server.get_ports().first().copied().unwrap_or(5432);
    let scratch = std::env::temp_dir().join(format!("intendant_cli_bench_{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let direct = format!(
        "postgres://{user}@{host}:{port}/{}?sslmode=disable",
        bench.name
    );
    let pooler = Pooler::start(&scratch, &host, port, &user);
    let pooled = pooler.as_ref().map(|p| {
        format!(
            "postgres://{user}@127.0.0.1:{}/{}?sslmode=disable",
            p.port, bench.name
        )
    });
    if pooler.is_none() {
        println!("pgbouncer not found or did not start: the pooled route is not measured");
    }
    let routes: Vec<(&str, &str)> = std::iter::once(("direct", direct.as_str()))
        .chain(pooled.as_deref().map(|url| ("through the pooler", url)))
        .collect();

    // A few runs first: the binary's pages and the server's buffers in memory, the pooler's
    // sessions made.
    let mut slot = 0;
    interleaved(&scratch, &routes, 5, |_| {
        slot += 1;
        one_booking(slot)
    });
    let times = interleaved(&scratch, &routes, RUNS, |_| {
        slot += 1;
        one_booking(slot)
    });
    for ((route, _), t) in routes.iter().zip(times) {
        support::report(
            &format!("booking add, one booking, whole process, {route} (target 20 ms)"),
            t,
            1,
        );
    }

    let mut series = 0;
    let times = interleaved(&scratch, &routes, RUNS / 3, |_| {
        series += 1;
        daily_series(series)
    });
    for ((route, _), t) in routes.iter().zip(times) {
        support::report(
            &format!("booking add, daily series of 365, whole process, {route} (target 40 ms)"),
            t,
            1,
        );
    }

    // What no command can go below: the process alone, and a new session alone.
    let times = (0..RUNS)
        .map(|_| run(&scratch, &direct, &["--version".into()]))
        .collect();
    support::report(
        "the process alone (intendant --version, no database)",
        times,
        1,
    );
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let (client, connection) = tokio_postgres::connect(&direct, tokio_postgres::NoTls)
            .await
            .expect("connect");
        let task = tokio::spawn(connection);
        client.simple_query("SELECT 1").await.expect("select");
        drop(client);
        let _ = task.await;
        times.push(started.elapsed());
    }
    support::report(
        "a new session alone (connect, SELECT 1, goodbye; from this process)",
        times,
        1,
    );

    drop(pooler);
    let _ = std::fs::remove_dir_all(&scratch);
    bench.drop(&format!("DROP ROLE IF EXISTS {user}")).await;
}

/// One hour in one of the rooms, a day from tomorrow on: never twice the same.
fn one_booking(slot: usize) -> Vec<String> {
    let day = chrono::Local::now().date_naive() + chrono::Days::new(1 + (slot / 14) as u64);
    let hour = 8 + slot % 14;
    args(
        &format!("Salle {}", 1 + slot % ROOMS as usize),
        &format!("{day} {hour:02}:00"),
        &format!("{:02}:00", hour + 1),
    )
}

/// Every day for a year from next year on, at an hour and in a room of its own.
fn daily_series(n: usize) -> Vec<String> {
    let year = chrono::Datelike::year(&chrono::Local::now()) + 1 + (n / 14 / ROOMS as usize) as i32;
    let hour = 8 + n % 14;
    let first = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("date");
    let mut a = args(
        &format!("Salle {}", 1 + (n / 14) % ROOMS as usize),
        &format!("{first} {hour:02}:00"),
        &format!("{:02}:00", hour + 1),
    );
    let last = first + chrono::Days::new(364);
    a.extend(["--repeat", "daily", "--until"].map(String::from));
    a.push(last.to_string());
    a
}

fn args(room: &str, start: &str, end: &str) -> Vec<String> {
    [
        "booking", "add", "--room", room, "--name", "Bench", "--start", start, "--end", end,
    ]
    .map(String::from)
    .to_vec()
}

/// `runs` rounds of one command per route, route after route, each with the arguments `next`
/// gives: the times of each route, in the routes' order.
fn interleaved(
    scratch: &Path,
    routes: &[(&str, &str)],
    runs: usize,
    mut next: impl FnMut(usize) -> Vec<String>,
) -> Vec<Vec<Duration>> {
    let mut times = vec![Vec::new(); routes.len()];
    for round in 0..runs {
        for (i, (_, url)) in routes.iter().enumerate() {
            times[i].push(run(scratch, url, &next(round)));
        }
    }
    times
}

/// Spawn to exit; the command must succeed.
fn run(scratch: &Path, url: &str, args: &[String]) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_intendant"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch)
        .env("XDG_CONFIG_HOME", scratch.join("config"))
        .env("XDG_STATE_HOME", scratch.join("state"))
        .env("DATABASE_URL", url)
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("spawn intendant");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "intendant {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// pgbouncer in session mode on a free port, its files in the scratch folder; stopped when
/// dropped.
struct Pooler {
    port: u16,
    child: std::process::Child,
}

impl Pooler {
    fn start(scratch: &Path, host: &str, server_port: u16, user: &str) -> Option<Pooler> {
        let program = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let dir = scratch.join("pooler");
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(dir.join("users.txt"), format!("\"{user}\" \"\"\n")).ok()?;
        std::fs::write(
            dir.join("pgbouncer.ini"),
            format!(
                "[databases]\n* = host={host} port={server_port}\n\
                 [pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
                 auth_type = trust\nauth_file = {users}\npool_mode = session\n\
                 server_reset_query = DISCARD ALL\ndefault_pool_size = 4\n\
                 logfile = {log}\n",
                users = dir.join("users.txt").display(),
                log = dir.join("pgbouncer.log").display(),
            ),
        )
        .ok()?;
        let mut command = Command::new(program);
        // It will not run as root: as root, it is asked to become postgres.
        if intendant::config::Environment::capture().is_root {
            use std::os::unix::fs::PermissionsExt;
            for p in [scratch, &dir] {
                let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777));
            }
            command.args(["-u", "postgres"]);
        }
        let child = command
            .arg(dir.join("pgbouncer.ini"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut pooler = Pooler { port, child };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(pooler);
            }
            if let Ok(Some(_)) = pooler.child.try_wait() {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Pooler {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
