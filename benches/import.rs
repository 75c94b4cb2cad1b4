//! End-to-end import timing: a generated students file of 100,000 rows (and, with
//! `IMPORT_BENCH_ROWS`, any size) through decode, validation, COPY staging and the merge,
//! against the PostgreSQL named by INTENDANT_TEST_DATABASE_URL. Three runs: a first import
//! (all added), the same file (all unchanged), a file with one row in ten changed.
//! Prints the times and this process's peak memory (VmHWM).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use intendant::import::model::fields::Kind;

mod support;
use intendant::import::run::{run, ImportOptions};

fn write_students(path: &Path, rows: usize, variant: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("bench file"));
    writeln!(out, "année scolaire,school_id,fichier,classe,prénom,nom,sexe,DDN,groupe repère,courriel père,courriel mère,courriel élève,classe_a,classe_b").unwrap();
    for i in 0..rows {
        let group = if variant > 0 && i % 10 == 0 {
            "9Z"
        } else {
            "9A"
        };
        writeln!(
            out,
            "2025-2026,{:03},{:09},{},Prénom{},Nom{},{},{}/{}/20{:02},{group},pere{i}@exemple.fr,-,eleve{i}@exemple.fr,fran{},math{}",
            i % 40,
            i,
            i % 12 + 1,
            i % 997,
            i % 1009,
            ["F", "M", "X"][i % 3],
            i % 28 + 1,
            i % 12 + 1,
            i % 20,
            i % 7,
            i % 5
        )
        .unwrap();
    }
}

fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    if support::listing_only() {
        return;
    }
    let rows: usize = std::env::var("IMPORT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    support::runtime().block_on(async {
        let bench = support::BenchDb::create("import_bench").await;
        let db = &bench.db;
        let dir = tempfile::tempdir().expect("tmp");
        let first = dir.path().join("students.csv");
        let changed = dir.path().join("students-changed.csv");
        write_students(&first, rows, 0);
        write_students(&changed, rows, 1);
        let options = ImportOptions::new(
            Kind::Student,
            chrono::NaiveDate::from_ymd_opt(2025, 9, 1).expect("date"),
        );
        for (label, file) in [
            ("first import", &first),
            ("same file again", &first),
            ("one row in ten changed", &changed),
        ] {
            let started = Instant::now();
            let report = run(db, file, &options, Arc::new(|_, _| {}))
                .await
                .expect("import");
            println!(
                "{rows} rows, {label}: {:.2} s (added {}, updated {}, unchanged {}, rejected {})",
                started.elapsed().as_secs_f64(),
                report.added,
                report.updated,
                report.unchanged,
                report.rejected.len()
            );
        }
        println!(
            "peak memory of this process: {} MB",
            peak_memory_kb().unwrap_or(0) / 1024
        );
        bench.drop("").await;
    });
}
