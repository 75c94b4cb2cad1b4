//! The SQL of an import: rows go to a temporary staging table by binary COPY, then one
//! merge per statement kind, all in the caller's transaction.

use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::Transaction;

use super::model::fields::Kind;
use super::model::report::UpdatedRow;
use super::model::validate::Person;

pub async fn create_stage(tx: &Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    tx.batch_execute(
        "CREATE TEMP TABLE person_stage (
            line bigint, valid boolean, school text, number text, first_name text, last_name text,
            sex text, birth_date date, grade text, home_group text, father_email text,
            mother_email text, student_email text, tutor_email text, email text, title text,
            classification text, classes text[], clubs text[], placement boolean, school_year text
         ) ON COMMIT DROP",
    )
    .await
}

const STAGE_TYPES: [Type; 21] = [
    Type::INT8,
    Type::BOOL,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::DATE,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT_ARRAY,
    Type::TEXT_ARRAY,
    Type::BOOL,
    Type::TEXT,
];

/// A line as staged: a valid person, or only the key a rejected line claims (so that the
/// person is not taken for absent from the file).
pub enum Staged {
    Valid {
        line: u64,
        person: Box<Person>,
    },
    KeyOnly {
        line: u64,
        school: String,
        number: String,
    },
}

pub struct Stager<'a> {
    writer: std::pin::Pin<Box<BinaryCopyInWriter>>,
    _tx: std::marker::PhantomData<&'a ()>,
}

impl<'a> Stager<'a> {
    pub async fn start(tx: &'a Transaction<'_>) -> Result<Stager<'a>, tokio_postgres::Error> {
        let sink = tx.copy_in("COPY person_stage FROM STDIN BINARY").await?;
        Ok(Stager {
            writer: Box::pin(BinaryCopyInWriter::new(sink, &STAGE_TYPES)),
            _tx: std::marker::PhantomData,
        })
    }

    pub async fn write(&mut self, row: &Staged) -> Result<(), tokio_postgres::Error> {
        let none: Option<String> = None;
        let no_date: Option<chrono::NaiveDate> = None;
        let no_list: Option<Vec<String>> = None;
        let no_bool: Option<bool> = None;
        match row {
            Staged::Valid { line, person: p } => {
                let line = *line as i64;
                let values: [&(dyn ToSql + Sync); 21] = [
                    &line,
                    &true,
                    &p.school,
                    &p.number,
                    &p.first_name,
                    &p.last_name,
                    &p.sex,
                    &p.birth_date,
                    &p.grade,
                    &p.home_group,
                    &p.father_email,
                    &p.mother_email,
                    &p.student_email,
                    &p.tutor_email,
                    &p.email,
                    &p.title,
                    &p.classification,
                    &p.classes,
                    &p.clubs,
                    &p.placement,
                    &p.school_year,
                ];
                self.writer.as_mut().write(&values).await
            }
            Staged::KeyOnly {
                line,
                school,
                number,
            } => {
                let line = *line as i64;
                let values: [&(dyn ToSql + Sync); 21] = [
                    &line, &false, school, number, &none, &none, &none, &no_date, &none, &none,
                    &none, &none, &none, &none, &none, &none, &none, &no_list, &no_list, &no_bool,
                    &none,
                ];
                self.writer.as_mut().write(&values).await
            }
        }
    }

    pub async fn finish(mut self) -> Result<u64, tokio_postgres::Error> {
        self.writer.as_mut().finish().await
    }
}

/// Marks later lines that repeat a key as not valid; returns (line, first line of the key).
pub async fn reject_duplicates(
    tx: &Transaction<'_>,
) -> Result<Vec<(u64, u64)>, tokio_postgres::Error> {
    let rows = tx
        .query(
            "WITH d AS (
                SELECT line, min(line) OVER (PARTITION BY school, number) AS first_line FROM person_stage
             ), later AS (
                SELECT line, first_line FROM d WHERE line <> first_line
             ), marked AS (
                UPDATE person_stage s SET valid = false FROM later WHERE s.line = later.line
             )
             SELECT line, first_line FROM later ORDER BY line",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get::<_, i64>(0) as u64, r.get::<_, i64>(1) as u64))
        .collect())
}

pub async fn create_run(
    tx: &Transaction<'_>,
    kind: Kind,
    file_name: &str,
    checksum: &str,
    school_year: &str,
) -> Result<i64, tokio_postgres::Error> {
    let row = tx
        .query_one(
            "INSERT INTO import_run (kind, file_name, checksum, school_year) VALUES ($1::text::person_kind, $2, $3, $4) RETURNING id",
            &[&kind.name(), &file_name, &checksum, &school_year],
        )
        .await?;
    Ok(row.get(0))
}

/// The fields compared to tell "updated" from "unchanged", as (column, report name).
const COMPARED: [(&str, &str); 18] = [
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("sex", "sex"),
    ("birth_date", "birth_date"),
    ("grade", "grade"),
    ("home_group", "group"),
    ("father_email", "father_email"),
    ("mother_email", "mother_email"),
    ("student_email", "student_email"),
    ("tutor_email", "tutor_email"),
    ("email", "email"),
    ("title", "title"),
    ("classification", "classification"),
    ("classes", "classes"),
    ("clubs", "clubs"),
    ("placement", "placement"),
    ("school_year", "school_year"),
    ("active", "active"),
];

#[derive(Debug, Default)]
pub struct Merged {
    pub added: u64,
    pub updated: Vec<UpdatedRow>,
    pub unchanged: u64,
    /// Rows of each school that were already known (the rest were added).
    pub known_by_school: std::collections::HashMap<String, u64>,
}

/// Merges the staged rows into `person` (marking inactive who the file no longer lists is
/// [`deactivate_missing`], after the guard).
pub async fn merge(
    tx: &Transaction<'_>,
    kind: Kind,
    run_id: Option<i64>,
) -> Result<Merged, tokio_postgres::Error> {
    let kind = kind.name();
    let diffs: Vec<String> = COMPARED
        .iter()
        .map(|(col, name)| match *col {
            "active" => format!("CASE WHEN NOT p.active THEN '{name}' END"),
            _ => format!("CASE WHEN p.{col} IS DISTINCT FROM s.{col} THEN '{name}' END"),
        })
        .collect();
    // Streamed: only the changed rows are kept, so re-importing a million unchanged people
    // costs no memory.
    let matches = tx
        .query_raw(
            &format!(
                "SELECT s.line, s.school, s.number, array_remove(ARRAY[{}], NULL)
                   FROM person_stage s
                   JOIN person p ON p.kind = $1::text::person_kind AND p.school = s.school AND p.number = s.number
                  WHERE s.valid
                  ORDER BY s.line",
                diffs.join(", ")
            ),
            [&kind],
        )
        .await?;
    let mut matches = std::pin::pin!(matches);
    let mut matched = 0u64;
    let mut merged = Merged::default();
    while let Some(row) = futures::StreamExt::next(&mut matches).await {
        let row = row?;
        matched += 1;
        *merged.known_by_school.entry(row.get(1)).or_default() += 1;
        let fields: Vec<String> = row.get(3);
        if fields.is_empty() {
            merged.unchanged += 1;
        } else {
            merged.updated.push(UpdatedRow {
                line: row.get::<_, i64>(0) as u64,
                school: row.get(1),
                number: row.get(2),
                fields,
            });
        }
    }
    let valid: i64 = tx
        .query_one("SELECT count(*) FROM person_stage WHERE valid", &[])
        .await?
        .get(0);
    merged.added = (valid as u64).saturating_sub(matched);
    let columns: Vec<&str> = COMPARED
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| *c != "active")
        .collect();
    let set: Vec<String> = columns.iter().map(|c| format!("{c} = s.{c}")).collect();
    let old: Vec<String> = columns.iter().map(|c| format!("p.{c}")).collect();
    let new: Vec<String> = columns.iter().map(|c| format!("s.{c}")).collect();
    // Two plain statements rather than INSERT … ON CONFLICT, whose speculative insertion
    // costs twice as much per row. Unchanged people are not touched: no history, no
    // updated_at. The staged keys are unique (later duplicates are rejected), and the
    // transaction holds the rows it reads, so nothing slips in between.
    tx.execute(
        &format!(
            "UPDATE person p SET {set}, active = true, last_run = $2, updated_at = now()
               FROM person_stage s
              WHERE s.valid AND p.kind = $1::text::person_kind AND p.school = s.school AND p.number = s.number
                AND (({old}) IS DISTINCT FROM ({new}) OR NOT p.active)",
            set = set.join(", "),
            old = old.join(", "),
            new = new.join(", "),
        ),
        &[&kind, &run_id],
    )
    .await?;
    tx.execute(
        &format!(
            "INSERT INTO person (kind, school, number, {cols}, active, last_run)
             SELECT $1::text::person_kind, s.school, s.number, {scols}, true, $2
               FROM person_stage s
              WHERE s.valid AND NOT EXISTS (
                    SELECT 1 FROM person p WHERE p.kind = $1::text::person_kind AND p.school = s.school AND p.number = s.number)",
            cols = columns.join(", "),
            scols = columns.iter().map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", "),
        ),
        &[&kind, &run_id],
    )
    .await?;
    Ok(merged)
}

/// Per school of the staged rows: valid rows and rejected ones (those with a key). Which were
/// already known comes from the merge.
pub async fn school_counts(
    tx: &Transaction<'_>,
) -> Result<Vec<super::model::report::SchoolCounts>, tokio_postgres::Error> {
    let rows = tx
        .query(
            "SELECT school, count(*) FILTER (WHERE valid), count(*) FILTER (WHERE NOT valid)
               FROM person_stage GROUP BY school ORDER BY school",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let (valid, rejected) = (r.get::<_, i64>(1) as u64, r.get::<_, i64>(2) as u64);
            super::model::report::SchoolCounts {
                school: r.get(0),
                rows: valid + rejected,
                added: valid,
                rejected,
                ..Default::default()
            }
        })
        .collect())
}

/// Active people of `kind` in each school of the file, before the run.
pub async fn active_by_school(
    tx: &Transaction<'_>,
    kind: Kind,
) -> Result<std::collections::HashMap<String, u64>, tokio_postgres::Error> {
    let rows = tx
        .query(
            "SELECT school, count(*) FROM person
              WHERE kind = $1::text::person_kind AND active
                AND school IN (SELECT DISTINCT school FROM person_stage)
              GROUP BY school",
            &[&kind.name()],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get::<_, i64>(1) as u64))
        .collect())
}

/// Marks inactive the people of the file's schools that the file no longer lists; per school,
/// how many and a few names (the guard decides afterwards, in the same transaction).
pub async fn deactivate_missing(
    tx: &Transaction<'_>,
    kind: Kind,
    run_id: Option<i64>,
    school_year: &str,
) -> Result<std::collections::BTreeMap<String, (u64, Vec<String>)>, tokio_postgres::Error> {
    // The planner, without statistics on rows this transaction wrote, picks a nested loop
    // over every person of the file's schools; a hash anti-join is 5 times faster.
    tx.batch_execute("SET LOCAL enable_nestloop = off").await?;
    let rows = tx
        .query(
            "UPDATE person p SET active = false, school_year = $3, last_run = $2, updated_at = now()
              WHERE p.kind = $1::text::person_kind AND p.active
                AND p.school IN (SELECT DISTINCT school FROM person_stage)
                AND NOT EXISTS (SELECT 1 FROM person_stage s WHERE s.school = p.school AND s.number = p.number)
             RETURNING p.school, upper(p.last_name) || ' ' || p.first_name || ' (' || p.number || ')'",
            &[&kind.name(), &run_id, &school_year],
        )
        .await?;
    tx.batch_execute("SET LOCAL enable_nestloop = on").await?;
    let mut out: std::collections::BTreeMap<String, (u64, Vec<String>)> = Default::default();
    for r in &rows {
        let entry = out.entry(r.get(0)).or_default();
        entry.0 += 1;
        entry.1.push(r.get(1));
    }
    for (_, names) in out.values_mut() {
        names.sort();
        names.truncate(5);
    }
    Ok(out)
}

/// Saves a column mapping under `name` (replacing one of that name).
pub async fn save_mapping(
    db: &crate::db::Database,
    name: &str,
    kind: Kind,
    columns: &[(String, super::model::fields::Field)],
) -> Result<(), crate::db::DbError> {
    let pairs: Vec<serde_json::Value> = columns
        .iter()
        .map(|(h, f)| serde_json::json!([h, f.name()]))
        .collect();
    let client = db.client().await?;
    client
        .execute(
            "INSERT INTO import_mapping (name, kind, columns) VALUES ($1, $2::text::person_kind, $3)
             ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, columns = EXCLUDED.columns",
            &[&name, &kind.name(), &serde_json::Value::Array(pairs)],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(())
}

/// The mapping saved under `name` for `kind`; None when there is none.
pub async fn load_mapping(
    db: &crate::db::Database,
    name: &str,
    kind: Kind,
) -> Result<Option<Vec<(String, super::model::fields::Field)>>, crate::db::DbError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "SELECT columns FROM import_mapping WHERE name = $1 AND kind = $2::text::person_kind",
            &[&name, &kind.name()],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(row.map(|r| {
        r.get::<_, serde_json::Value>(0)
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|pair| {
                let header = pair.get(0)?.as_str()?.to_owned();
                let field = super::model::fields::field_named(kind, pair.get(1)?.as_str()?)?;
                Some((header, field))
            })
            .collect()
    }))
}

/// The share of a school's active people one run may mark inactive without being told to
/// (setting `import.max_deactivation`, a percentage; 10 when unset).
pub async fn max_deactivation(db: &crate::db::Database) -> Result<u32, crate::db::DbError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "SELECT value FROM setting WHERE name = 'import.max_deactivation'",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(row
        .and_then(|r| r.get::<_, &str>(0).parse().ok())
        .unwrap_or(10))
}

/// PostgreSQL text holds no NUL byte; a report quoting a broken file's header or values shows
/// it as its visible picture instead of failing the whole import.
fn without_nul(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) if s.contains('\0') => *s = s.replace('\0', "\u{2400}"),
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_nul),
        serde_json::Value::Object(map) => map.values_mut().for_each(without_nul),
        _ => {}
    }
}

pub async fn finish_run(
    tx: &Transaction<'_>,
    run_id: i64,
    report: &super::model::report::Report,
) -> Result<(), tokio_postgres::Error> {
    let mut json = serde_json::to_value(report).unwrap_or_default();
    without_nul(&mut json);
    let count = |n: u64| n.min(i32::MAX as u64) as i32;
    tx.execute(
        "UPDATE import_run SET rows = $2, added = $3, updated = $4, unchanged = $5, rejected = $6, deactivated = $7, report = $8 WHERE id = $1",
        &[
            &run_id,
            &count(report.rows),
            &count(report.added),
            &count(report.updated),
            &count(report.unchanged),
            &count(report.rejected_lines() as u64),
            &count(report.deactivated),
            &json,
        ],
    )
    .await?;
    tx.execute(
        "SELECT notify_change('import_run', jsonb_build_object('run_id', $1::bigint, 'person_kind', $2::text))",
        &[&run_id, &report.kind],
    )
    .await?;
    Ok(())
}

/// A line of the runs list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunRow {
    pub id: i64,
    pub run_at: chrono::DateTime<chrono::Utc>,
    pub kind: String,
    pub file_name: String,
    pub rows: i32,
    pub added: i32,
    pub updated: i32,
    pub rejected: i32,
    pub run_by: String,
}

pub async fn list_runs(db: &crate::db::Database) -> Result<Vec<RunRow>, crate::db::DbError> {
    let client = db.client().await?;
    let rows = client
        .query(
            "SELECT id, run_at, kind::text, file_name, rows, added, updated, rejected, run_by
               FROM import_run ORDER BY run_at DESC, id DESC LIMIT 500",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(rows
        .iter()
        .map(|r| RunRow {
            id: r.get(0),
            run_at: r.get(1),
            kind: r.get(2),
            file_name: r.get(3),
            rows: r.get(4),
            added: r.get(5),
            updated: r.get(6),
            rejected: r.get(7),
            run_by: r.get(8),
        })
        .collect())
}

/// The full report kept with a run.
pub async fn run_report(
    db: &crate::db::Database,
    id: i64,
) -> Result<super::model::report::Report, crate::db::DbError> {
    let client = db.client().await?;
    let row = client
        .query_one("SELECT report FROM import_run WHERE id = $1", &[&id])
        .await
        .map_err(|e| db.classify(e))?;
    let value: serde_json::Value = row.get(0);
    serde_json::from_value(value).map_err(|e| crate::db::DbError::Query(e.to_string()))
}

/// The installation's default for slash dates no value decides (`import.date_order`).
pub async fn default_date_order(
    db: &crate::db::Database,
) -> Result<super::model::dates::DateOrder, crate::db::DbError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "SELECT value FROM setting WHERE name = 'import.date_order'",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(row
        .and_then(|r| super::model::dates::DateOrder::parse(r.get::<_, &str>(0)))
        .unwrap_or(super::model::dates::DateOrder::Dmy))
}
