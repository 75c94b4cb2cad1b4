//! Test harness: every test gets its own database, cloned from a migrated template on the
//! server named by `INTENDANT_TEST_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432).
//! Roles created by tests carry a per-test unique prefix, since roles are cluster-wide.
#![allow(dead_code)]

pub mod bin;
pub mod certs;
pub mod plans;
pub mod screen;
pub mod settle;
pub mod smtp;

use std::sync::atomic::{AtomicU32, Ordering};

use intendant::db::migrate::{checksum, MIGRATIONS};
use intendant::db::{ConnectSettings, Database};
use tokio_postgres::{Client, NoTls};

pub fn server_url() -> String {
    std::env::var("INTENDANT_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        .trim_end_matches('/')
        .to_owned()
}

pub fn url_for(db: &str) -> String {
    format!("{}/{db}", server_url())
}

/// A name no other test, process or run uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos % 100_000
    )
}

pub async fn connect(url: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e}"));
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// A database of its own, dropped when the value goes.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub async fn client(&self) -> Client {
        connect(&self.url).await
    }

    pub fn database(&self) -> Database {
        let config: tokio_postgres::Config = self.url.parse().expect("test url");
        Database::new(&ConnectSettings {
            config,
            tls: intendant::config::TlsMode::Disable,
            root_cert: None,
        })
        .expect("pool")
    }

    /// A login role, member of this database's group, with a unique name.
    pub async fn role(&self, name: &str) -> TestRole {
        let role = unique(&format!("t_{name}"));
        let admin = self.client().await;
        admin
            .batch_execute(&format!(
                "CREATE ROLE \"{role}\" LOGIN; GRANT \"{}\" TO \"{role}\";",
                admin
                    .query_one("SELECT group_role()", &[])
                    .await
                    .unwrap()
                    .get::<_, String>(0)
            ))
            .await
            .unwrap();
        let url = format!(
            "{}/{}",
            server_url().replacen("postgres@", &format!("{role}@"), 1),
            self.name
        );
        TestRole { name: role, url }
    }
}

pub struct TestRole {
    pub name: String,
    pub url: String,
}

impl Drop for TestRole {
    fn drop(&mut self) {
        let sql = format!("DROP ROLE IF EXISTS \"{}\"", self.name);
        run_on_server(sql);
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        run_on_server(format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ));
    }
}

/// Runs one statement on the server's `postgres` database from a thread of its own, since
/// Drop cannot await inside a test's runtime.
pub fn run_on_server(sql: String) {
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        rt.block_on(async {
            let client = connect(&url_for("postgres")).await;
            if let Err(e) = client.batch_execute(&sql).await {
                eprintln!("cleanup `{sql}`: {e}");
            }
        });
        Some(())
    })
    .join();
}

fn template_name() -> String {
    let all: String = MIGRATIONS.iter().map(|m| checksum(m.sql)).collect();
    format!("intendant_tpl_{}", &checksum(&all)[..16])
}

/// The migrated template, made once per migration set; a half-made one (still accepting
/// connections) is made again.
async fn ensure_template() -> String {
    let name = template_name();
    let admin = connect(&url_for("postgres")).await;
    admin
        .execute("SELECT pg_advisory_lock(7242011)", &[])
        .await
        .unwrap();
    let state = admin
        .query_opt(
            "SELECT datallowconn FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .await
        .unwrap();
    let ready = matches!(state.as_ref().map(|r| r.get::<_, bool>(0)), Some(false));
    if !ready {
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let (mut client, connection) = tokio_postgres::connect(&url_for(&name), NoTls)
            .await
            .unwrap();
        let driver = tokio::spawn(connection);
        intendant::db::migrate::migrate(&mut client)
            .await
            .expect("migrating the template");
        // The demo school's logins are cluster-wide roles; ones an older template left are
        // members of that template's group, and a setup load would rightly refuse them here.
        let demo = intendant::setup::store::parse(
            "demo/setup.toml",
            include_str!("../../demo/setup.toml"),
        )
        .expect("the demo setup parses");
        for user in &demo.users {
            let _ = admin
                .batch_execute(&format!("DROP ROLE IF EXISTS \"{}\"", user.login))
                .await;
        }
        drop(client);
        let _ = driver.await;
        admin
            .batch_execute(&format!(
                "ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true"
            ))
            .await
            .unwrap();
    }
    admin
        .execute("SELECT pg_advisory_unlock(7242011)", &[])
        .await
        .unwrap();
    name
}

/// A fresh, migrated database.
pub async fn fresh_db() -> TestDb {
    let template = ensure_template().await;
    let name = unique("itest");
    let admin = connect(&url_for("postgres")).await;
    admin
        .batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ))
        .await
        .unwrap();
    TestDb {
        url: url_for(&name),
        name,
    }
}

/// A fresh database with no schema at all, for migration tests.
pub async fn empty_db() -> TestDb {
    let name = unique("iempty");
    let admin = connect(&url_for("postgres")).await;
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    TestDb {
        url: url_for(&name),
        name,
    }
}

/// The server's own message for a refused statement (empty if the error did not come from
/// the server).
pub fn server_message(err: &tokio_postgres::Error) -> &str {
    err.as_db_error().map(|e| e.message()).unwrap_or("")
}

/// The demo school's logins are the cluster's roles: whatever creates or changes them holds
/// this lock, so that two tests never do at once. Released by `release` (or when dropped,
/// with its connection).
pub struct DemoLogins(Client);

impl DemoLogins {
    pub async fn lock() -> DemoLogins {
        let admin = connect(&url_for("postgres")).await;
        admin
            .execute("SELECT pg_advisory_lock(7242012)", &[])
            .await
            .unwrap();
        DemoLogins(admin)
    }

    pub async fn release(self) {
        self.0
            .execute("SELECT pg_advisory_unlock(7242012)", &[])
            .await
            .unwrap();
    }
}

/// A database holding the demo school's setup (no bookings).
pub async fn demo_school() -> TestDb {
    let db = fresh_db().await;
    let text = include_str!("../../demo/setup.toml");
    let setup = intendant::setup::store::parse("demo/setup.toml", text).unwrap();
    let lock = DemoLogins::lock().await;
    let loaded = intendant::setup::store::load(&db.database(), &setup, true).await;
    lock.release().await;
    loaded.unwrap();
    db
}

/// The start of a test school's setup file: Paris time, one site, type A, the area Sciences
/// open every day 08:00–20:00 on a 30-minute grid, and its room Labo. Tests add users and rights.
pub const OPEN_SCHOOL: &str = r##"
timezone = "Europe/Paris"
site_name = "Lycée Test"
[[site]]
code = "S"
name = "Site"
[[type]]
letter = "A"
name = "Cours"
color = "#4a90d9"
[[area]]
name = "Sciences"
site = "S"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
start = "08:00"
end = "20:00"
resolution = "30m"
[[room]]
area = "Sciences"
name = "Labo"
"##;
