//! Straight from Apogée, the student records system, for a university with a DBA: no CSV files.
//!
//! - `foreign_tables.sql`: the recipe, run once by the owner: oracle_fdw's foreign tables over
//!   the Apogée tables the extracts read, in schema `apogee`.
//! - `extracts.sql`: one query per extract over those tables, giving the columns of that
//!   extract's CSV file; `campaign::store::import_apogee` writes each result as the file would be.
//!
//! The tests stand ordinary tables in for the foreign ones ([`stand_ins`]) and run the same
//! queries.

use super::model::extract::Extract;

pub const FOREIGN_TABLES: &str = include_str!("foreign_tables.sql");
const EXTRACTS: &str = include_str!("extracts.sql");

/// The query giving an extract's rows, from the section `-- extract: NAME` of extracts.sql.
pub fn query(extract: Extract) -> &'static str {
    section(&format!("-- extract: {}", extract.name()))
        .unwrap_or_else(|| panic!("extracts.sql has no section for {}", extract.name()))
}

/// The text after a marker line, up to the next marker or the end.
fn section(marker: &str) -> Option<&'static str> {
    let start = EXTRACTS.find(&format!("{marker}\n"))? + marker.len() + 1;
    let rest = &EXTRACTS[start..];
    let end = rest.find("\n-- extract: ").map_or(rest.len(), |e| e + 1);
    Some(rest[..end].trim().trim_end_matches(';'))
}

/// The recipe's foreign tables as ordinary tables of the same columns: what the tests load
/// with a small university instead of an Oracle server.
pub fn stand_ins() -> String {
    let mut out = String::new();
    for line in FOREIGN_TABLES.lines() {
        if line.starts_with("--") {
            continue;
        }
        let line = line.replace("CREATE FOREIGN TABLE", "CREATE TABLE");
        let line = match line.find(" OPTIONS (key 'true')") {
            Some(at) => format!(
                "{}{}",
                &line[..at],
                &line[at + " OPTIONS (key 'true')".len()..]
            ),
            None => line,
        };
        let line = match line.find(") SERVER apogee") {
            Some(at) => format!("{});", &line[..at]),
            None => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extract_has_its_query() {
        for e in Extract::ALL {
            let q = query(e);
            assert!(
                q.starts_with("SELECT") || q.starts_with("--"),
                "{}: {q}",
                e.name()
            );
            assert!(!q.contains("-- extract:"), "{}", e.name());
            assert!(!q.ends_with(';'));
        }
        assert!(query(Extract::Rights).contains("TRAREF10"));
        assert!(query(Extract::Years).contains("apogee.annee_uni"));
    }

    #[test]
    fn stand_ins_are_plain_tables_of_the_same_columns() {
        let s = stand_ins();
        assert!(!s.contains("FOREIGN"));
        assert!(!s.contains("SERVER"));
        assert!(!s.contains("OPTIONS"));
        assert_eq!(
            s.matches("CREATE TABLE apogee.").count(),
            FOREIGN_TABLES
                .matches("CREATE FOREIGN TABLE apogee.")
                .count()
        );
        assert!(s.contains("cod_anu varchar(4),"));
    }
}
