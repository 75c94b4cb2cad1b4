//! Campaigns against the database, as the session: the policies let a user reach only her
//! faculties' campaigns, so a campaign she may not see is "no campaign". A run reads the
//! candidates, their results and blockings in one transaction, decides each with the rules of
//! `model`, and writes the states; a candidate already sent is left as it is.

use std::collections::HashMap;

use serde_json::Value;

use super::model::offer::{self, Diploma};
use super::model::state::{self, Blocking};
use super::model::verdict::{self, ResultRow, Verdict};
use crate::booking::store::{call, BookingError};
use crate::db::Database;
use crate::i18n::{tr, T};

fn bad(t: T, args: &[&dyn std::fmt::Display]) -> BookingError {
    BookingError::BadInput(tr(t, args))
}

/// Makes a campaign for a diploma version the faculty offers that year; its id.
pub async fn create(
    db: &Database,
    year: i32,
    faculty: &str,
    code: &str,
    version: i32,
    test: bool,
) -> Result<i64, BookingError> {
    let client = db.client().await?;
    let fail = |e: tokio_postgres::Error| BookingError::Db(db.classify(e));
    let open: Option<bool> = client
        .query_opt("SELECT open FROM campaign_year WHERE code = $1", &[&year])
        .await
        .map_err(fail)?
        .map(|r| r.get(0));
    if open != Some(true) {
        return Err(bad(T::CampaignYearClosed, &[&year]));
    }
    let no_diploma: String = client
        .query_opt(
            "SELECT value FROM setting WHERE name = 'campaign.no_diploma_nature'",
            &[],
        )
        .await
        .map_err(fail)?
        .map_or_else(|| "9".to_owned(), |r| r.get(0));
    let row = client
        .query_opt(
            "SELECT faculty, nature, terminal, has_intermediate, habilitation_end, web_label
               FROM diploma WHERE code = $1 AND version = $2",
            &[&code, &version],
        )
        .await
        .map_err(fail)?
        .ok_or_else(|| bad(T::CampaignNoDiploma, &[&code, &version]))?;
    let d = Diploma {
        code: code.to_owned(),
        version,
        faculty: row.get(0),
        nature: row.get(1),
        terminal: row.get(2),
        has_intermediate: row.get(3),
        habilitation_end: row.get(4),
        web_label: row.get(5),
    };
    if !offer::offered(&d, year, faculty, &no_diploma) {
        return Err(bad(
            T::CampaignNotOffered,
            &[&code, &version, &faculty, &year],
        ));
    }
    let id = client
        .query_one(
            "INSERT INTO campaign (year, faculty, diploma_code, diploma_version, test)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[&year, &faculty, &code, &version, &test],
        )
        .await
        .map_err(|e| match e.as_db_error() {
            Some(d) if d.code().code() == "42501" => {
                BookingError::BadInput(tr(T::CampaignNoRight, &[&faculty]))
            }
            _ => fail(e),
        })?
        .get(0);
    Ok(id)
}

/// Each candidate's state after the run, counted.
pub type Counts = std::collections::BTreeMap<&'static str, usize>;

/// Decides every candidate not sent yet.
pub async fn run(db: &Database, id: i64) -> Result<Counts, BookingError> {
    let mut client = db.client().await?;
    let fail = |e: tokio_postgres::Error| BookingError::Db(db.classify(e));
    let tx = client.transaction().await.map_err(fail)?;
    let campaign = tx
        .query_opt(
            "SELECT year, diploma_code, diploma_version FROM campaign WHERE id = $1",
            &[&id],
        )
        .await
        .map_err(fail)?
        .ok_or_else(|| bad(T::CampaignNone, &[&id]))?;
    let (year, code, version): (i32, String, i32) =
        (campaign.get(0), campaign.get(1), campaign.get(2));
    // Two runs of one campaign at once: the second waits for the first.
    tx.execute(
        "SELECT pg_advisory_xact_lock(7321, $1::int)",
        &[&(id as i32)],
    )
    .await
    .map_err(fail)?;
    // The students enrolled that year in the diploma-granting steps of the version.
    let enrolled = tx
        .query(
            "SELECT DISTINCT ON (e.student) e.student, e.step_code, e.step_version
               FROM enrolment e JOIN diploma_step s ON (s.code, s.version) = (e.step_code, e.step_version)
              WHERE e.year = $1 AND s.diploma_code = $2 AND s.diploma_version = $3 AND s.granting
              ORDER BY e.student, e.step_code, e.step_version",
            &[&year, &code, &version],
        )
        .await
        .map_err(fail)?;
    let students: Vec<String> = enrolled.iter().map(|r| r.get(0)).collect();
    let mut results: HashMap<String, Vec<ResultRow>> = HashMap::new();
    for r in tx
        .query(
            "SELECT student, session, admission_code, favourable, delivery_allowed, mention, ects::float8
               FROM result WHERE year = $1 AND diploma_code = $2 AND diploma_version = $3
                AND student = ANY ($4)",
            &[&year, &code, &version, &students],
        )
        .await
        .map_err(fail)?
    {
        results.entry(r.get(0)).or_default().push(ResultRow {
            session: r.get::<_, i16>(1) as u8,
            admission_code: r.get(2),
            favourable: r.get(3),
            delivery_allowed: r.get(4),
            mention: r.get(5),
            ects: r.get(6),
        });
    }
    let mut blockings: HashMap<String, Vec<Blocking>> = HashMap::new();
    for r in tx
        .query(
            "SELECT student, kind FROM blocking WHERE year = $1 AND student = ANY ($2)",
            &[&year, &students],
        )
        .await
        .map_err(fail)?
    {
        if let Some(b) = Blocking::parse(r.get(1)) {
            blockings.entry(r.get(0)).or_default().push(b);
        }
    }
    let mut counts = Counts::new();
    for e in &enrolled {
        let student: String = e.get(0);
        let v = verdict::verdict(results.get(&student).map_or(&[][..], Vec::as_slice));
        let s = state::state(&v, blockings.get(&student).map_or(&[][..], Vec::as_slice));
        let (mention, ects) = match &v {
            Verdict::Admitted { mention, ects } => (mention.clone(), *ects),
            _ => (None, None),
        };
        let kinds: Vec<&str> = match &s {
            state::State::Blocked(k) => k.iter().map(|b| b.name()).collect(),
            _ => Vec::new(),
        };
        let written = tx
            .execute(
                "INSERT INTO candidate (campaign_id, student, step_code, step_version, state, blockings, mention, ects)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8::float8::numeric)
                 ON CONFLICT (campaign_id, student) DO UPDATE
                    SET state = EXCLUDED.state, blockings = EXCLUDED.blockings, mention = EXCLUDED.mention,
                        ects = EXCLUDED.ects, reason = '', updated_at = now()
                  WHERE candidate.state <> 'sent'",
                &[&id, &student, &e.get::<_, String>(1), &e.get::<_, i32>(2), &s.name(), &kinds, &mention, &ects],
            )
            .await
            .map_err(fail)?;
        *counts
            .entry(if written == 0 { "sent" } else { s.name() })
            .or_default() += 1;
    }
    tx.commit().await.map_err(fail)?;
    Ok(counts)
}

/// A campaign in test mode (its flag or the installation's setting): the test address mail goes
/// to instead (empty: none), and each candidate whose certificate would be sent, with the
/// student's address (code, name, address). None when the campaign is not in test mode.
pub async fn test_recipients(
    db: &Database,
    id: i64,
) -> Result<Option<(String, Vec<(String, String, Option<String>)>)>, BookingError> {
    let client = db.client().await?;
    let fail = |e: tokio_postgres::Error| BookingError::Db(db.classify(e));
    let Some(row) = client
        .query_opt(
            "SELECT coalesce((SELECT value FROM setting WHERE name = 'campaign.test_address'), '')
               FROM campaign c WHERE c.id = $1 AND campaign_in_test(c)",
            &[&id],
        )
        .await
        .map_err(fail)?
    else {
        return Ok(None);
    };
    let recipients = client
        .query(
            "SELECT x.student, btrim(s.first_name1 || ' ' || s.last_name), s.email
               FROM candidate x JOIN student s ON s.code = x.student
              WHERE x.campaign_id = $1 AND x.state IN ('to_generate', 'generated')
              ORDER BY x.step_code, x.step_version, s.last_name, s.first_name1, x.student",
            &[&id],
        )
        .await
        .map_err(fail)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    Ok(Some((row.get(0), recipients)))
}

/// The town the certificates are made in (the setting `campaign.place`; empty when not set).
pub async fn place(db: &Database) -> Result<String, BookingError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT coalesce((SELECT value FROM setting WHERE name = 'campaign.place'), '')",
            &[],
        )
        .await
        .map_err(|e| BookingError::Db(db.classify(e)))?;
    Ok(row.get(0))
}

/// The campaigns the user may see, newest first.
pub async fn list(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'year', c.year, 'faculty', c.faculty,
                'diploma', c.diploma_code || '/' || c.diploma_version, 'label', d.web_label, 'test', campaign_in_test(c),
                'created_by', c.created_by, 'created_at', c.created_at,
                'candidates', (SELECT count(*) FROM candidate x WHERE x.campaign_id = c.id)) ORDER BY c.id DESC), '[]')
           FROM campaign c JOIN diploma d ON (d.code, d.version) = (c.diploma_code, c.diploma_version)",
        &[],
    )
    .await
}

/// A campaign's candidates with their names, step, state and why.
pub async fn show(db: &Database, id: i64) -> Result<Value, BookingError> {
    let v = call(
        db,
        // One row always: null when the campaign is not one the user may see.
        "SELECT (SELECT jsonb_build_object('id', c.id, 'year', c.year, 'faculty', c.faculty,
                'diploma', c.diploma_code || '/' || c.diploma_version, 'test', campaign_in_test(c),
                'candidates', (SELECT coalesce(jsonb_agg(jsonb_build_object('student', x.student,
                    'last_name', s.last_name, 'first_name', s.first_name1, 'step', x.step_code || '/' || x.step_version,
                    'state', x.state, 'blockings', x.blockings, 'mention', x.mention, 'ects', x.ects,
                    'reason', x.reason) ORDER BY x.step_code, x.step_version, s.last_name, s.first_name1, x.student), '[]')
                  FROM candidate x JOIN student s ON s.code = x.student WHERE x.campaign_id = c.id))
           FROM campaign c WHERE c.id = $1)",
        &[&id],
    )
    .await?;
    if v.is_null() {
        return Err(bad(T::CampaignNone, &[&id]));
    }
    Ok(v)
}

/// Why an extract was not loaded: bad input naming the file, line and column (nothing written),
/// or the database.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl ImportError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::BadInput(_) => 2,
            ImportError::Db(_) => 1,
        }
    }
}

/// How each extract is written: upserts by its key; blockings and rights replace those of the
/// years or faculties the file covers (lifted blockings and withdrawn rights go).
fn extract_sql(extract: super::model::extract::Extract) -> &'static str {
    use super::model::extract::Extract;
    match extract {
        Extract::Years => "INSERT INTO campaign_year (code, label, open)
            SELECT code, coalesce(label, ''), open FROM jsonb_to_recordset($1) AS x(code int, label text, open boolean)
            ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label, open = EXCLUDED.open",
        Extract::Faculties => "INSERT INTO faculty (code, label)
            SELECT code, label FROM jsonb_to_recordset($1) AS x(code text, label text)
            ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label",
        Extract::Diplomas => "INSERT INTO diploma (code, version, faculty, nature, terminal, has_intermediate,
                habilitation_end, web_label, label1, label2, label3, label4, label5, parcours)
            SELECT code, version, faculty, coalesce(nature, ''), terminal, has_intermediate, habilitation_end,
                   coalesce(web_label, ''), label1, label2, label3, label4, label5, parcours
              FROM jsonb_to_recordset($1) AS x(code text, version int, faculty text, nature text, terminal boolean,
                   has_intermediate boolean, habilitation_end int, web_label text, label1 text, label2 text,
                   label3 text, label4 text, label5 text, parcours text)
            ON CONFLICT (code, version) DO UPDATE SET faculty = EXCLUDED.faculty, nature = EXCLUDED.nature,
                terminal = EXCLUDED.terminal, has_intermediate = EXCLUDED.has_intermediate,
                habilitation_end = EXCLUDED.habilitation_end, web_label = EXCLUDED.web_label,
                label1 = EXCLUDED.label1, label2 = EXCLUDED.label2, label3 = EXCLUDED.label3,
                label4 = EXCLUDED.label4, label5 = EXCLUDED.label5, parcours = EXCLUDED.parcours",
        Extract::Steps => "INSERT INTO diploma_step (code, version, diploma_code, diploma_version, granting)
            SELECT code, version, diploma_code, diploma_version, granting
              FROM jsonb_to_recordset($1) AS x(code text, version int, diploma_code text, diploma_version int, granting boolean)
            ON CONFLICT (code, version) DO UPDATE SET diploma_code = EXCLUDED.diploma_code,
                diploma_version = EXCLUDED.diploma_version, granting = EXCLUDED.granting",
        Extract::Students => "WITH rows AS (SELECT * FROM jsonb_to_recordset($1) AS x(code text, first_name1 text,
                    first_name2 text, last_name text, birth_date date, email text, year int, step_code text,
                    step_version int)),
                people AS (INSERT INTO student (code, first_name1, first_name2, last_name, birth_date, email)
                    SELECT DISTINCT ON (code) code, coalesce(first_name1, ''), coalesce(first_name2, ''), last_name,
                           birth_date, email FROM rows
                    ON CONFLICT (code) DO UPDATE SET first_name1 = EXCLUDED.first_name1,
                        first_name2 = EXCLUDED.first_name2, last_name = EXCLUDED.last_name,
                        birth_date = EXCLUDED.birth_date, email = EXCLUDED.email
                    RETURNING code)
            INSERT INTO enrolment (student, year, step_code, step_version)
            SELECT code, year, step_code, step_version FROM rows WHERE code IN (SELECT code FROM people)
            ON CONFLICT DO NOTHING",
        Extract::Results => "INSERT INTO result (student, year, diploma_code, diploma_version, session, admission_code,
                favourable, delivery_allowed, mention, ects)
            SELECT student, year, diploma_code, diploma_version, session, admission_code, favourable,
                   delivery_allowed, mention, ects::numeric
              FROM jsonb_to_recordset($1) AS x(student text, year int, diploma_code text, diploma_version int,
                   session smallint, admission_code int, favourable boolean, delivery_allowed boolean,
                   mention text, ects float8)
            ON CONFLICT (student, year, diploma_code, diploma_version, session, admission_code) DO UPDATE
               SET favourable = EXCLUDED.favourable, delivery_allowed = EXCLUDED.delivery_allowed,
                   mention = EXCLUDED.mention, ects = EXCLUDED.ects",
        Extract::Blockings => "INSERT INTO blocking (student, year, kind)
            SELECT DISTINCT student, year, kind FROM jsonb_to_recordset($1) AS x(student text, year int, kind text)",
        Extract::Rights => "INSERT INTO faculty_right (login, faculty)
            SELECT DISTINCT login, faculty FROM jsonb_to_recordset($1) AS x(login text, faculty text)",
    }
}

/// What goes first: the blockings of the years a file covers, the rights of its faculties
/// (the file is their whole list now: a lifted blocking, a withdrawn right go).
fn replaced_sql(extract: super::model::extract::Extract) -> Option<&'static str> {
    use super::model::extract::Extract;
    match extract {
        Extract::Blockings => Some(
            "DELETE FROM blocking WHERE year IN (SELECT year FROM jsonb_to_recordset($1) AS x(year int))",
        ),
        Extract::Rights => Some(
            "DELETE FROM faculty_right WHERE faculty IN (SELECT faculty FROM jsonb_to_recordset($1) AS x(faculty text))",
        ),
        _ => None,
    }
}

/// Loads one extract file: every line read first (any problem refuses the file, each named by
/// line and column), then written in one transaction with its record. The rows loaded.
pub async fn import(
    db: &Database,
    extract: super::model::extract::Extract,
    path: &std::path::Path,
) -> Result<usize, ImportError> {
    use super::model::extract;
    use crate::import::model::decode;
    let name = path.display().to_string();
    let bad = |t: String| ImportError::BadInput(format!("{name}: {t}"));
    let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
    let mut decoded =
        decode::open(file, decode::ReadOptions::default()).map_err(|e| bad(e.to_string()))?;
    let mut record = csv::StringRecord::new();
    if decoded
        .next_record(&mut record)
        .map_err(|e| bad(e.to_string()))?
        .is_none()
    {
        return Err(bad(tr(T::CampaignEmptyFile, &[])));
    }
    let headers: Vec<String> = record.iter().map(str::to_owned).collect();
    let map = extract::map_headers(extract, &headers).map_err(|missing| {
        bad(tr(
            T::CampaignMissingColumns,
            &[&extract.name(), &missing.join(", ")],
        ))
    })?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    while let Some(line) = decoded
        .next_record(&mut record)
        .map_err(|e| bad(e.to_string()))?
    {
        let fields: Vec<&str> = record.iter().collect();
        match extract::read_row(extract, &map, &fields) {
            Ok(row) => rows.push(Value::Object(row)),
            Err((column, value)) => problems.push(tr(
                T::CampaignBadValue,
                &[&line, &column, &crate::output::sanitize(&value)],
            )),
        }
    }
    if !problems.is_empty() {
        let shown: Vec<&String> = problems.iter().take(20).collect();
        let more = problems.len().saturating_sub(20);
        let mut text = format!(
            "{}\n  {}",
            tr(T::CampaignRefusedFile, &[&problems.len()]),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
        if more > 0 {
            text.push_str(&format!("\n  … {}", tr(T::CampaignMoreProblems, &[&more])));
        }
        return Err(bad(text));
    }
    let mut client = db.client().await?;
    let fail = |e: tokio_postgres::Error| match e.as_db_error() {
        Some(d) if d.code().code().starts_with("23") || d.code().code().starts_with("22") => {
            bad(d.message().to_owned())
        }
        Some(d) if d.code().code() == "42501" => bad(tr(T::RuleAdminOnly, &[])),
        _ => ImportError::Db(db.classify(e)),
    };
    let tx = client.transaction().await.map_err(fail)?;
    let all = Value::Array(rows);
    let count = write_extract(&tx, extract, &all, None, &name)
        .await
        .map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    Ok(count)
}

/// Writes one extract's rows as every load does: what they replace first (the years or
/// faculties of `scope`, else of the rows), then the upserts, then the load's record.
async fn write_extract(
    tx: &tokio_postgres::Transaction<'_>,
    extract: super::model::extract::Extract,
    rows: &Value,
    scope: Option<&Value>,
    source: &str,
) -> Result<usize, tokio_postgres::Error> {
    if let Some(sql) = replaced_sql(extract) {
        tx.execute(sql, &[&scope.unwrap_or(rows)]).await?;
    }
    tx.execute(extract_sql(extract), &[rows]).await?;
    let count = rows.as_array().map_or(0, Vec::len);
    tx.execute(
        "INSERT INTO campaign_import (kind, file_name, rows) VALUES ($1, $2, $3)",
        &[&extract.name(), &source, &(count as i32)],
    )
    .await?;
    Ok(count)
}

/// Loads every extract straight from Apogée's foreign tables (schema `apogee`, the recipe
/// `apogee/foreign_tables.sql`), each as its CSV file would be, all in one transaction. Apogée
/// is then the whole list of blockings of the open years and of rights on every faculty.
pub async fn import_apogee(
    db: &Database,
) -> Result<Vec<(super::model::extract::Extract, usize)>, ImportError> {
    use super::model::extract::Extract;
    let mut client = db.client().await?;
    let fail = |extract: Extract, e: tokio_postgres::Error| match e.as_db_error() {
        Some(d) if matches!(d.code().code(), "42P01" | "3F000") => {
            ImportError::BadInput(tr(T::CampaignNoApogee, &[]))
        }
        Some(d) if d.code().code() == "42501" => ImportError::BadInput(tr(T::RuleAdminOnly, &[])),
        Some(d) if d.code().code().starts_with("23") || d.code().code().starts_with("22") => {
            ImportError::BadInput(format!("Apogée, {}: {}", extract.name(), d.message()))
        }
        _ => ImportError::Db(db.classify(e)),
    };
    let tx = client
        .transaction()
        .await
        .map_err(|e| fail(Extract::Years, e))?;
    let mut loaded = Vec::new();
    for extract in Extract::ALL {
        let rows: Value = tx
            .query_one(
                &format!(
                    "SELECT coalesce(jsonb_agg(q), '[]') FROM ({}) AS q",
                    super::apogee::query(extract)
                ),
                &[],
            )
            .await
            .map_err(|e| fail(extract, e))?
            .get(0);
        let scope_sql = match extract {
            Extract::Blockings => Some(
                "SELECT coalesce(jsonb_agg(jsonb_build_object('year', code)), '[]') FROM campaign_year WHERE open",
            ),
            Extract::Rights => Some(
                "SELECT coalesce(jsonb_agg(jsonb_build_object('faculty', code)), '[]') FROM faculty",
            ),
            _ => None,
        };
        let scope: Option<Value> = match scope_sql {
            Some(sql) => Some(
                tx.query_one(sql, &[])
                    .await
                    .map_err(|e| fail(extract, e))?
                    .get(0),
            ),
            None => None,
        };
        let n = write_extract(&tx, extract, &rows, scope.as_ref(), "apogee")
            .await
            .map_err(|e| fail(extract, e))?;
        loaded.push((extract, n));
    }
    tx.commit().await.map_err(|e| fail(Extract::Rights, e))?;
    Ok(loaded)
}

/// Sets the one signatory; an image already there stays when none is given.
pub async fn signatory(
    db: &Database,
    name: &str,
    title: &str,
    image: Option<&[u8]>,
) -> Result<(), BookingError> {
    call(
        db,
        "WITH s AS (INSERT INTO signatory AS x (name, title, image) VALUES ($1, $2, $3)
                    ON CONFLICT (one) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title,
                       image = coalesce(EXCLUDED.image, x.image)
                    RETURNING 1)
         SELECT to_jsonb(count(*)) FROM s",
        &[&name, &title, &image],
    )
    .await
    .map(|_| ())
}

/// What a candidate's certificate says, and the signature image; refused unless the candidate
/// is admitted with the diploma's delivery allowed and not blocked.
pub async fn certificate(
    db: &Database,
    id: i64,
    student: &str,
) -> Result<
    (
        std::collections::BTreeMap<&'static str, String>,
        Option<Vec<u8>>,
    ),
    BookingError,
> {
    let client = db.client().await?;
    let fail = |e: tokio_postgres::Error| BookingError::Db(db.classify(e));
    let row = client
        .query_opt(
            "SELECT x.state, s.first_name1, s.first_name2, s.last_name, to_char(s.birth_date, 'DD/MM/YYYY'),
                    d.label1, d.label2, d.label3, d.label4, d.label5, d.parcours, d.web_label,
                    coalesce(nullif(y.label, ''), y.code || '-' || (y.code + 1)), x.mention,
                    trim_scale(x.ects)::text,
                    coalesce((SELECT value FROM setting WHERE name = 'site_name'), ''),
                    coalesce((SELECT value FROM setting WHERE name = 'campaign.place'), ''),
                    to_char(current_date, 'DD/MM/YYYY')
               FROM candidate x
               JOIN campaign c ON c.id = x.campaign_id
               JOIN student s ON s.code = x.student
               JOIN diploma d ON (d.code, d.version) = (c.diploma_code, c.diploma_version)
               JOIN campaign_year y ON y.code = c.year
              WHERE x.campaign_id = $1 AND x.student = $2",
            &[&id, &student],
        )
        .await
        .map_err(fail)?
        .ok_or_else(|| bad(T::CampaignNoCandidate, &[&student, &id]))?;
    let state: String = row.get(0);
    if !matches!(state.as_str(), "to_generate" | "generated" | "sent") {
        return Err(bad(T::CampaignNotAdmitted, &[&student, &state]));
    }
    let text = |i: usize| row.get::<_, Option<String>>(i).unwrap_or_default();
    let name = [text(1), text(2), text(3)]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let parts: [Option<String>; 5] = [row.get(5), row.get(6), row.get(7), row.get(8), row.get(9)];
    let parts_ref = [
        parts[0].as_deref(),
        parts[1].as_deref(),
        parts[2].as_deref(),
        parts[3].as_deref(),
        parts[4].as_deref(),
    ];
    let parcours: Option<String> = row.get(10);
    let mut label = super::model::label::official_label(&parts_ref, parcours.as_deref());
    if label.is_empty() {
        label = text(11);
    }
    let signatory = client
        .query_opt("SELECT name, title, image FROM signatory", &[])
        .await
        .map_err(fail)?;
    let values = std::collections::BTreeMap::from([
        ("university", text(15)),
        ("student", name),
        ("birth_date", text(4)),
        ("diploma", label),
        ("year", text(12)),
        ("mention", text(13)),
        ("ects", text(14)),
        ("place", text(16)),
        ("date", text(17)),
        (
            "signatory_name",
            signatory
                .as_ref()
                .map(|s| s.get::<_, String>(0))
                .unwrap_or_default(),
        ),
        (
            "signatory_title",
            signatory
                .as_ref()
                .map(|s| s.get::<_, String>(1))
                .unwrap_or_default(),
        ),
    ]);
    Ok((values, signatory.and_then(|s| s.get(2))))
}

/// The candidates whose certificate is to be made.
pub async fn to_generate(db: &Database, id: i64) -> Result<Vec<String>, BookingError> {
    let client = db.client().await?;
    Ok(client
        .query(
            "SELECT student FROM candidate WHERE campaign_id = $1 AND state = 'to_generate' ORDER BY student",
            &[&id],
        )
        .await
        .map_err(|e| BookingError::Db(db.classify(e)))?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// A candidate's certificate made (or not, and why).
pub async fn generated(
    db: &Database,
    id: i64,
    student: &str,
    failure: Option<&str>,
) -> Result<(), BookingError> {
    let client = db.client().await?;
    client
        .execute(
            "UPDATE candidate SET state = CASE WHEN $3::text IS NULL THEN 'generated' ELSE 'failed' END,
                    reason = coalesce($3, ''), updated_at = now()
              WHERE campaign_id = $1 AND student = $2 AND state <> 'sent'",
            &[&id, &student, &failure],
        )
        .await
        .map_err(|e| BookingError::Db(db.classify(e)))?;
    Ok(())
}
