//! What the database benchmarks share: a runtime, and a migrated database of their own on the
//! server named by INTENDANT_TEST_DATABASE_URL, dropped at the end.
#![allow(dead_code)]

use intendant::config::TlsMode;
use intendant::db::{ConnectSettings, Database};

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
        let _ = self
            .admin
            .batch_execute(&format!("DROP DATABASE {} WITH (FORCE); {also}", self.name))
            .await;
    }
}
