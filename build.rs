//! Embeds every `sql/NNNN_name.sql` file into the binary, in order, so a migration cannot be
//! forgotten in a hand-written list and the binary runs without the repository; and the
//! schema every command expects (each version with its SHA-256), hashed here once rather than
//! at every start of the program.

use std::fmt::Write;

use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=sql");
    let mut files: Vec<(u32, String)> = std::fs::read_dir("sql")
        .expect("sql/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .map(|name| {
            let number = name
                .split('_')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("sql/{name}: a migration file name starts with its number, as 0001_core.sql"));
            (number, name)
        })
        .collect();
    files.sort();
    for pair in files.windows(2) {
        assert!(
            pair[0].0 != pair[1].0,
            "sql/{} and sql/{} have the same number",
            pair[0].1,
            pair[1].1
        );
    }
    let mut out = String::from("pub const MIGRATIONS: &[Migration] = &[\n");
    for (number, name) in &files {
        let _ = writeln!(
            out,
            "    Migration {{ version: {number}, name: {name:?}, sql: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/sql/{name}\")) }},"
        );
    }
    out.push_str("];\n");
    let expected: Vec<String> = files
        .iter()
        .map(|(number, name)| {
            let sql = std::fs::read(format!("sql/{name}")).expect("read a migration");
            let sum: String = Sha256::digest(&sql)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{number}:{sum}")
        })
        .collect();
    let _ = writeln!(
        out,
        "pub const EXPECTED_SCHEMA: &str = {:?};",
        expected.join(",")
    );
    let dest =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("migrations.rs");
    std::fs::write(dest, out).expect("write migrations.rs");
}
