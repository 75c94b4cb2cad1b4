//! Loading a setup file into the database, in one transaction, and dumping the database back
//! into the same format. Loading adds and updates; it never deletes what the file omits. It
//! writes as whoever runs it: the tables' policies let an administrator load it all, a site or
//! area administrator what they administer (`sql/0027_admin_table_rights.sql`); the first
//! entry refused is named and nothing is written.

use std::collections::BTreeMap;

use serde::Serialize;
use tokio_postgres::Transaction;

use super::model::{self, Setup};
use crate::db::{Database, DbError};

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{file}: {}", .problems.join("\n  "))]
    Invalid { file: String, problems: Vec<String> },
    /// An entry the loader may not write (not in its scope, or a rule refused it).
    #[error("{entry}: {message}")]
    Refused { entry: String, message: String },
    #[error("{0}")]
    Db(#[from] DbError),
}

impl SetupError {
    pub fn exit_code(&self) -> u8 {
        match self {
            SetupError::Invalid { .. } => 2,
            SetupError::Refused { .. } => 4,
            SetupError::Db(_) => 1,
        }
    }
}

/// A write that failed, and the file's entry it was for.
struct Failed {
    entry: String,
    error: tokio_postgres::Error,
}

/// `.map_err(at(|| entry))`: names the entry a failed write was for.
fn at(entry: impl FnOnce() -> String) -> impl FnOnce(tokio_postgres::Error) -> Failed {
    move |error| Failed {
        entry: entry(),
        error,
    }
}

/// A refusal in the user's words: a policy or a missing right says the entry is not theirs;
/// a value the schema refuses is bad input; the rest is the database's.
fn explain(db: &Database, f: Failed) -> SetupError {
    if let Some(server) = f.error.as_db_error() {
        let code = server.code().code();
        if let Some(r) =
            crate::booking::model::refusal::Refusal::from_detail(server.message(), server.detail())
        {
            return SetupError::Refused {
                entry: f.entry,
                message: r.explain(crate::i18n::current(), chrono_tz::UTC),
            };
        }
        if code == "42501" {
            return SetupError::Refused {
                entry: f.entry,
                message: crate::i18n::tr(crate::i18n::T::SetupNotYours, &[]),
            };
        }
        if code.starts_with("22") || code.starts_with("23") {
            return SetupError::Invalid {
                file: String::new(),
                problems: vec![format!("{}: {}", f.entry, server.message())],
            };
        }
    }
    SetupError::Db(db.classify(f.error))
}

/// Rows created and updated per kind of entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub created: BTreeMap<&'static str, u64>,
    pub updated: BTreeMap<&'static str, u64>,
}

impl Summary {
    fn count(&mut self, kind: &'static str, inserted: Option<bool>) {
        match inserted {
            Some(true) => *self.created.entry(kind).or_default() += 1,
            Some(false) => *self.updated.entry(kind).or_default() += 1,
            None => {}
        }
    }

    pub fn total_created(&self) -> u64 {
        self.created.values().sum()
    }

    pub fn total_updated(&self) -> u64 {
        self.updated.values().sum()
    }
}

/// Reads and checks a file; every problem is listed, none is half-loaded.
pub fn parse(file: &str, text: &str) -> Result<Setup, SetupError> {
    let setup: Setup = toml::from_str(text).map_err(|e| SetupError::Invalid {
        file: file.into(),
        problems: vec![e.to_string().trim().replace('\n', "\n  ")],
    })?;
    let problems = model::check(&setup);
    if !problems.is_empty() {
        return Err(SetupError::Invalid {
            file: file.into(),
            problems,
        });
    }
    Ok(setup)
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Loads `setup`. With `overwrite` false (the demo), rows that exist are left as they are.
pub async fn load(db: &Database, setup: &Setup, overwrite: bool) -> Result<Summary, SetupError> {
    let mut client = db.client().await?;
    let problems = foreign_roles(&client, setup)
        .await
        .map_err(|e| db.classify(e))?;
    if !problems.is_empty() {
        return Err(SetupError::Invalid {
            file: String::new(),
            problems,
        });
    }
    // Who may make roles makes them here, outside the transaction (another load may be making
    // the same ones); an administrator without that power has the database make them, inside it.
    let makes_roles: bool = client
        .query_one(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user",
            &[],
        )
        .await
        .map_err(|e| db.classify(e))?
        .get(0);
    let roles = if makes_roles {
        ensure_roles(&client, setup)
            .await
            .map_err(|e| db.classify(e))?
    } else {
        0
    };
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    let mut summary = load_in(&tx, setup, overwrite, !makes_roles)
        .await
        .map_err(|f| explain(db, f))?;
    if roles > 0 {
        summary.created.insert("role", roles);
    }
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(summary)
}

/// Logins that name a PostgreSQL role which is not, and must not silently become, a user of
/// this database: a predefined `pg_*` role, a privileged role (superuser, CREATEROLE,
/// BYPASSRLS, replication), or a role that exists without being a user here (another
/// database's, or a service account) unless the file says `adopt = true` for it.
async fn foreign_roles(
    client: &tokio_postgres::Client,
    s: &Setup,
) -> Result<Vec<String>, tokio_postgres::Error> {
    let mut problems = Vec::new();
    for (i, u) in s.users.iter().enumerate() {
        let entry = format!("[[user]] #{} “{}”", i + 1, u.login);
        if u.login.starts_with("pg_") {
            problems.push(format!(
                "{entry}: names starting with pg_ belong to PostgreSQL itself"
            ));
            continue;
        }
        let row = client
            .query_opt(
                "SELECT r.rolsuper OR r.rolcreaterole OR r.rolbypassrls OR r.rolreplication,
                        pg_has_role(r.oid, group_role(), 'MEMBER'),
                        EXISTS (SELECT FROM app_user WHERE login = r.rolname)
                   FROM pg_roles r WHERE r.rolname = $1",
                &[&u.login],
            )
            .await?;
        let Some(row) = row else { continue };
        let (privileged, member, user): (bool, bool, bool) = (row.get(0), row.get(1), row.get(2));
        if user {
            continue;
        }
        if privileged {
            problems.push(format!(
                "{entry}: this PostgreSQL role has administrative powers over the server (superuser, CREATEROLE, BYPASSRLS or replication); it is never made an Intendant user by a setup file"
            ));
        } else if !member && !u.adopt {
            problems.push(format!(
                "{entry}: a PostgreSQL role of this name already exists and is not a user of this database; if it is the same person, write adopt = true for this user"
            ));
        }
    }
    Ok(problems)
}

/// The users' login roles, members of this database's group. Roles belong to the whole
/// cluster, outside any one database's transaction, and another load may be making the same
/// ones: each statement stands alone and a clash is retried.
async fn ensure_roles(
    client: &tokio_postgres::Client,
    s: &Setup,
) -> Result<u64, tokio_postgres::Error> {
    let group: String = client.query_one("SELECT group_role()", &[]).await?.get(0);
    let mut created = 0;
    for u in &s.users {
        let mut attempt = 0;
        loop {
            let result = async {
                let exists = client
                    .query_opt("SELECT FROM pg_roles WHERE rolname = $1", &[&u.login])
                    .await?
                    .is_some();
                if !exists {
                    client
                        .batch_execute(&format!("CREATE ROLE {} LOGIN", quote_ident(&u.login)))
                        .await?;
                }
                let member: bool = client
                    .query_one("SELECT pg_has_role($1, $2, 'MEMBER')", &[&u.login, &group])
                    .await?
                    .get(0);
                if !member {
                    client
                        .batch_execute(&format!(
                            "GRANT {} TO {}",
                            quote_ident(&group),
                            quote_ident(&u.login)
                        ))
                        .await?;
                }
                Ok::<bool, tokio_postgres::Error>(!exists)
            }
            .await;
            match result {
                Ok(made) => {
                    created += made as u64;
                    break;
                }
                Err(_) if attempt < 5 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(created)
}

/// `RETURNING (xmax = 0)`: true for a row inserted, false for one updated, no row when
/// nothing was done. Each statement proposes no row at all for an entry that is already as
/// the file says (or exists, without overwrite): a proposed row must pass the table's write
/// policy even when it would conflict, and an unchanged entry out of the loader's scope is not
/// a change it makes.
async fn upsert(
    tx: &Transaction<'_>,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Option<bool>, tokio_postgres::Error> {
    Ok(tx.query_opt(sql, params).await?.map(|r| r.get(0)))
}

async fn exists(
    tx: &Transaction<'_>,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<bool, tokio_postgres::Error> {
    Ok(tx.query_opt(sql, params).await?.is_some())
}

/// An upsert of a table whose read policy lists its rows once a statement (areas, rooms):
/// Some(true) inserted, Some(false) updated, None untouched. A new row goes in by the plain
/// INSERT, since `ON CONFLICT DO UPDATE` and RETURNING make a new row pass the read policy,
/// whose list was taken without it; an existing one by the whole upsert, so that a change the
/// policy refuses is an error, not a silent no-op.
async fn upsert_unseen(
    tx: &Transaction<'_>,
    existed: bool,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Option<bool>, tokio_postgres::Error> {
    let (sql, params) = match (existed, sql.find("ON CONFLICT")) {
        (false, Some(i)) => {
            let insert = &sql[..i];
            (
                insert,
                &params[..highest_parameter(insert).min(params.len())],
            )
        }
        _ => (sql, params),
    };
    Ok((tx.execute(sql, params).await? > 0).then_some(!existed))
}

/// The highest `$n` a statement names (the server wants exactly that many parameters).
fn highest_parameter(sql: &str) -> usize {
    sql.split('$')
        .skip(1)
        .filter_map(|t| {
            let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Makes the area's named periods the file's, each read once by the one parser; says whether
/// anything changed.
async fn sync_periods(
    tx: &Transaction<'_>,
    site: &str,
    area: &str,
    labels: &[String],
) -> Result<bool, tokio_postgres::Error> {
    let want: Vec<(String, String, String)> = labels
        .iter()
        .filter_map(|label| {
            let (start, end) = model::period_bounds(label)?;
            let time = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
            Some((label.clone(), time(start), time(end)))
        })
        .collect();
    let id: Option<i64> = tx
        .query_opt(
            "SELECT a.id FROM area a JOIN site s ON s.id = a.site_id WHERE s.code = $1 AND a.name = $2",
            &[&site, &area],
        )
        .await?
        .map(|r| r.get(0));
    let Some(id) = id else { return Ok(false) };
    let have: Vec<(String, String, String)> = tx
        .query(
            "SELECT label, to_char(starts, 'HH24:MI'), to_char(ends, 'HH24:MI')
               FROM area_period WHERE area_id = $1 ORDER BY position",
            &[&id],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    if have == want {
        return Ok(false);
    }
    let (labels, (starts, ends)): (Vec<String>, (Vec<String>, Vec<String>)) =
        want.into_iter().map(|(l, s, e)| (l, (s, e))).unzip();
    tx.execute("DELETE FROM area_period WHERE area_id = $1", &[&id])
        .await?;
    tx.execute(
        "INSERT INTO area_period (area_id, position, label, starts, ends)
         SELECT $1, n, l, s::time, e::time
           FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(l, s, e, n)",
        &[&id, &labels, &starts, &ends],
    )
    .await?;
    Ok(true)
}

async fn load_in(
    tx: &Transaction<'_>,
    s: &Setup,
    overwrite: bool,
    roles_by_function: bool,
) -> Result<Summary, Failed> {
    let mut sum = Summary::default();
    // Without overwrite, a setting still at its installation default is the file's to set.
    let settings = [
        ("timezone", s.timezone.clone(), "Europe/Paris"),
        ("site_name", s.site_name.clone(), "Intendant"),
        ("default_area", s.default_area.clone(), ""),
        (
            "booking.max_per_user",
            s.max_bookings_per_user.map(|n| n.to_string()),
            "-1",
        ),
    ];
    for (name, value, default) in settings {
        if let Some(v) = value {
            // An upsert, not an UPDATE: a change the policy refuses is an error, not nothing.
            let r = upsert(
                tx,
                "INSERT INTO setting AS x (name, value) SELECT $1, $2
                  WHERE NOT EXISTS (SELECT FROM setting y WHERE y.name = $1 AND (y.value = $2 OR NOT ($3 OR y.value = $4)))
                 ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
                 RETURNING (xmax = 0)",
                &[&name, &v, &overwrite, &default],
            )
            .await
            .map_err(at(|| format!("{name} = \"{v}\"")))?;
            sum.count("setting", r);
        }
    }
    // Sites come in the file's order: the first one is the planning's first.
    for (position, site) in (1i32..).zip(&s.sites) {
        let r = upsert(
            tx,
            "INSERT INTO site (code, name, sort_order) SELECT $1, $2, $4
              WHERE NOT EXISTS (SELECT FROM site x WHERE x.code = $1
                                   AND (NOT $3 OR (x.name, x.sort_order) IS NOT DISTINCT FROM ($2, $4)))
             ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, sort_order = EXCLUDED.sort_order
             RETURNING (xmax = 0)",
            &[&site.code, &site.name, &overwrite, &position],
        )
        .await
        .map_err(at(|| format!("[[site]] “{}”", site.code)))?;
        sum.count("site", r);
    }
    for t in &s.types {
        let r = upsert(
            tx,
            "INSERT INTO booking_type (letter, name, color, sort_order) SELECT $1, $2, $3, $4
              WHERE NOT EXISTS (SELECT FROM booking_type x WHERE x.letter = $1
                                   AND (NOT $5 OR (x.name, x.color, x.sort_order) IS NOT DISTINCT FROM ($2, $3, $4)))
             ON CONFLICT (letter) DO UPDATE SET name = EXCLUDED.name, color = EXCLUDED.color, sort_order = EXCLUDED.sort_order
             RETURNING (xmax = 0)",
            &[&t.letter, &t.name, &t.color.to_lowercase(), &t.order, &overwrite],
        )
        .await
        .map_err(at(|| format!("[[type]] “{}”", t.letter)))?;
        sum.count("type", r);
    }
    for a in &s.areas {
        let days = model::days_mask(&a.days).unwrap_or(31);
        let week_starts = crate::booking::model::rule_json::parse_weekday(&a.week_starts)
            .map(|d| d.number_from_monday() as i16)
            .unwrap_or(1);
        let resolution = model::parse_duration(&a.resolution).unwrap_or(900) as i32;
        let duration = model::parse_duration(&a.default_duration).unwrap_or(3600) as i32;
        let existed = exists(
            tx,
            "SELECT FROM area a JOIN site s ON s.id = a.site_id WHERE s.code = $1 AND a.name = $2",
            &[&a.site, &a.name],
        )
        .await
        .map_err(at(|| format!("[[area]] “{}”", a.name)))?;
        let r = upsert_unseen(
            tx,
            existed,
            "INSERT INTO area AS a (site_id, name, access, week_starts, days_shown, day_start, day_end, resolution,
                               twelve_hour, default_duration, default_type, enabled_types,
                               max_bookings_per_user, sort_order)
             SELECT s.id, $1, $2, $3, $4, $5::text::time, $6::text::time, make_interval(secs => $7), $8,
                    make_interval(secs => $9), $10, $11, $12, $13
               FROM site s WHERE s.code = $14
                AND NOT EXISTS (SELECT FROM area x WHERE x.site_id = s.id AND x.name = $1
                       AND (NOT $15 OR (x.access, x.week_starts, x.days_shown, x.day_start, x.day_end, x.resolution,
                                        x.twelve_hour, x.default_duration, x.default_type, x.enabled_types,
                                        x.max_bookings_per_user, x.sort_order)
                           IS NOT DISTINCT FROM ($2, $3, $4, $5::text::time, $6::text::time, make_interval(secs => $7),
                                                 $8, make_interval(secs => $9), $10, $11, $12, $13)))
             ON CONFLICT (site_id, name) DO UPDATE SET
                access = EXCLUDED.access, week_starts = EXCLUDED.week_starts, days_shown = EXCLUDED.days_shown,
                day_start = EXCLUDED.day_start, day_end = EXCLUDED.day_end, resolution = EXCLUDED.resolution,
                twelve_hour = EXCLUDED.twelve_hour,
                default_duration = EXCLUDED.default_duration, default_type = EXCLUDED.default_type,
                enabled_types = EXCLUDED.enabled_types, max_bookings_per_user = EXCLUDED.max_bookings_per_user,
                sort_order = EXCLUDED.sort_order",
            &[
                &a.name,
                &a.access,
                &week_starts,
                &days,
                &a.start,
                &a.end,
                &(resolution as f64),
                &a.twelve_hour,
                &(duration as f64),
                &a.default_type,
                &a.types,
                &a.max_bookings_per_user,
                &a.order,
                &a.site,
                &overwrite,
            ],
        )
        .await
        .map_err(at(|| format!("[[area]] “{}”", a.name)))?;
        // A new area takes the file's periods; an existing one only when overwriting.
        let periods_changed = if r == Some(true) || overwrite {
            sync_periods(
                tx,
                &a.site,
                &a.name,
                a.periods.as_deref().unwrap_or_default(),
            )
            .await
            .map_err(at(|| format!("[[area]] “{}”", a.name)))?
        } else {
            false
        };
        sum.count(
            "area",
            if r.is_none() && periods_changed {
                Some(false)
            } else {
                r
            },
        );
    }
    for f in &s.fields {
        let choices: Vec<String> = f
            .choices
            .as_deref()
            .unwrap_or("")
            .split('|')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        let r = upsert(
            tx,
            "INSERT INTO area_field AS f (area_id, name, kind, choices, mandatory, sort_order)
             SELECT a.id, $2, $3, $4, $5, $6 FROM area a WHERE a.name = $1
                AND NOT EXISTS (SELECT FROM area_field x WHERE x.area_id = a.id AND x.name = $2
                       AND (NOT $7 OR (x.kind, x.choices, x.mandatory, x.sort_order) IS NOT DISTINCT FROM ($3, $4, $5, $6)))
             ON CONFLICT (area_id, name) DO UPDATE SET kind = EXCLUDED.kind, choices = EXCLUDED.choices,
                mandatory = EXCLUDED.mandatory, sort_order = EXCLUDED.sort_order
             RETURNING (xmax = 0)",
            &[&f.area, &f.name, &f.kind, &choices, &f.mandatory, &f.order, &overwrite],
        )
        .await
        .map_err(at(|| format!("[[field]] “{}/{}”", f.area, f.name)))?;
        sum.count("field", r);
    }
    for r in &s.rooms {
        let max_duration = r
            .max_duration
            .as_deref()
            .and_then(model::parse_duration)
            .map(|s| s as f64);
        let existed = exists(
            tx,
            "SELECT FROM room r JOIN area a ON a.id = r.area_id WHERE a.name = $1 AND r.name = $2",
            &[&r.area, &r.name],
        )
        .await
        .map_err(at(|| format!("[[room]] “{}/{}”", r.area, r.name)))?;
        let n = upsert_unseen(
            tx,
            existed,
            "INSERT INTO room AS r (area_id, name, description, capacity, max_bookings_per_user, max_days_ahead,
                               min_minutes_before, max_duration, allow_past, unavailable, moderated, tentative_days,
                               book_for_others, users_may_not_modify_own, tracks_loans, visibility, sort_order)
             SELECT a.id, $2, $3, $4, $5, $6, $7, make_interval(secs => $8), $9, $10, $11, $12,
                    $13::text::user_status, $14, $15, $16::text::user_status, $17
               FROM area a WHERE a.name = $1
                AND NOT EXISTS (SELECT FROM room x WHERE x.area_id = a.id AND x.name = $2
                       AND (NOT $18 OR (x.description, x.capacity, x.max_bookings_per_user, x.max_days_ahead,
                                        x.min_minutes_before, x.max_duration, x.allow_past, x.unavailable, x.moderated,
                                        x.tentative_days, x.book_for_others, x.users_may_not_modify_own, x.tracks_loans,
                                        x.visibility, x.sort_order)
                           IS NOT DISTINCT FROM ($3, $4, $5, $6, $7, make_interval(secs => $8), $9, $10, $11, $12,
                                                 $13::text::user_status, $14, $15, $16::text::user_status, $17)))
             ON CONFLICT (area_id, name) DO UPDATE SET
                description = EXCLUDED.description, capacity = EXCLUDED.capacity,
                max_bookings_per_user = EXCLUDED.max_bookings_per_user, max_days_ahead = EXCLUDED.max_days_ahead,
                min_minutes_before = EXCLUDED.min_minutes_before, max_duration = EXCLUDED.max_duration,
                allow_past = EXCLUDED.allow_past, unavailable = EXCLUDED.unavailable, moderated = EXCLUDED.moderated,
                tentative_days = EXCLUDED.tentative_days, book_for_others = EXCLUDED.book_for_others,
                users_may_not_modify_own = EXCLUDED.users_may_not_modify_own, tracks_loans = EXCLUDED.tracks_loans,
                visibility = EXCLUDED.visibility, sort_order = EXCLUDED.sort_order",
            &[
                &r.area,
                &r.name,
                &r.description,
                &r.capacity,
                &r.max_bookings_per_user,
                &r.max_days_ahead,
                &r.min_minutes_before,
                &max_duration,
                &r.allow_past,
                &r.unavailable,
                &r.moderated,
                &r.tentative_days,
                &r.book_for_others,
                &r.users_may_not_modify_own,
                &r.tracks_loans,
                &r.visibility,
                &r.order,
                &overwrite,
            ],
        )
        .await
        .map_err(at(|| format!("[[room]] “{}/{}”", r.area, r.name)))?;
        sum.count("room", n);
    }
    for u in &s.users {
        let entry = || format!("[[user]] “{}”", u.login);
        // Without the power to make roles, the database's function makes the login (and its
        // row), or lets an adopted role into this database's group.
        let mut made = false;
        if roles_by_function {
            let role: Option<bool> = tx
                .query_opt(
                    "SELECT pg_has_role(r.oid, group_role(), 'MEMBER') FROM pg_roles r WHERE r.rolname = $1",
                    &[&u.login],
                )
                .await
                .map_err(at(entry))?
                .map(|r| r.get(0));
            if role.is_none() {
                tx.execute(
                    "SELECT admin_user_create($1, $2, $3, $4::text::user_status)",
                    &[&u.login, &u.name, &u.email, &u.status],
                )
                .await
                .map_err(at(entry))?;
                made = true;
            }
        }
        let r = upsert(
            tx,
            "INSERT INTO app_user AS u (login, display_name, email, status, active, language)
             SELECT $1, $2, $3, $4::text::user_status, $5, $6
              WHERE NOT EXISTS (SELECT FROM app_user x WHERE x.login = $1
                       AND (NOT ($7 OR $8) OR (x.display_name, x.email, x.status, x.active, x.language)
                            IS NOT DISTINCT FROM ($2, $3, $4::text::user_status, $5, $6)))
             ON CONFLICT (login) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email,
                status = EXCLUDED.status, active = EXCLUDED.active, language = EXCLUDED.language
             RETURNING (xmax = 0)",
            &[&u.login, &u.name, &u.email, &u.status, &u.active, &u.language, &overwrite, &made],
        )
        .await
        .map_err(at(entry))?;
        if made {
            sum.count("user", Some(true));
            sum.count("role", Some(true));
        } else {
            sum.count("user", r);
        }
        if roles_by_function && !made {
            let member: bool = tx
                .query_one(
                    "SELECT pg_has_role($1, group_role(), 'MEMBER')",
                    &[&u.login],
                )
                .await
                .map_err(at(entry))?
                .get(0);
            if !member && u.active {
                tx.execute("SELECT admin_user_active($1, true)", &[&u.login])
                    .await
                    .map_err(at(entry))?;
            }
        }
    }
    // Rights: added when missing.
    for x in &s.site_admins {
        let r = upsert(
            tx,
            "INSERT INTO site_admin (site_id, login) SELECT s.id, $2 FROM site s WHERE s.code = $1
               AND NOT EXISTS (SELECT FROM site_admin x WHERE x.site_id = s.id AND x.login = $2)
             ON CONFLICT DO NOTHING RETURNING true",
            &[&x.site, &x.login],
        )
        .await
        .map_err(at(|| {
            format!("[[site_admin]] “{}” on “{}”", x.login, x.site)
        }))?;
        sum.count("site_admin", r);
    }
    for (kind, table, list) in [
        ("area_admin", "area_admin", &s.area_admins),
        ("area_access", "area_access", &s.area_access),
    ] {
        for x in list {
            let sql = format!(
                "INSERT INTO {table} (area_id, login) SELECT a.id, $2 FROM area a WHERE a.name = $1
               AND NOT EXISTS (SELECT FROM {table} x WHERE x.area_id = a.id AND x.login = $2)
             ON CONFLICT DO NOTHING RETURNING true"
            );
            let r = upsert(tx, &sql, &[&x.area, &x.login])
                .await
                .map_err(at(|| format!("[[{kind}]] “{}” on “{}”", x.login, x.area)))?;
            sum.count(kind, r);
        }
    }
    for (kind, table, list) in [
        ("room_manager", "room_manager", &s.room_managers),
        ("room_mail", "room_mail", &s.room_mail),
        ("room_delegate", "room_delegate", &s.room_delegates),
    ] {
        for x in list {
            let (area, room) = match x.room.split_once('/') {
                Some((a, r)) => (Some(a), r),
                None => (None, x.room.as_str()),
            };
            let sql = format!(
                "INSERT INTO {table} (room_id, login)
                 SELECT r.id, $3 FROM room r JOIN area a ON a.id = r.area_id
                  WHERE r.name = $2 AND ($1::text IS NULL OR a.name = $1)
                    AND NOT EXISTS (SELECT FROM {table} x WHERE x.room_id = r.id AND x.login = $3)
                 ON CONFLICT DO NOTHING RETURNING true"
            );
            let r = upsert(tx, &sql, &[&area, &room, &x.login])
                .await
                .map_err(at(|| format!("[[{kind}]] “{}” on “{}”", x.login, x.room)))?;
            sum.count(kind, r);
        }
    }
    for b in &s.blocked_days {
        let r = upsert(
            tx,
            "INSERT INTO blocked_day AS b (day, reason) SELECT $1, $2
              WHERE NOT EXISTS (SELECT FROM blocked_day x WHERE x.day = $1 AND (NOT $3 OR x.reason = $2))
             ON CONFLICT (day) DO UPDATE SET reason = EXCLUDED.reason
             RETURNING (xmax = 0)",
            &[&b.date, &b.reason, &overwrite],
        )
        .await
        .map_err(at(|| format!("[[blocked_day]] {}", b.date)))?;
        sum.count("blocked_day", r);
    }
    archive_as_the_file_says(tx, s, overwrite, &mut sum).await?;
    for c in &s.cycle_days {
        let r = upsert(
            tx,
            "INSERT INTO cycle_day AS c (day, cycle) SELECT $1, $2
              WHERE NOT EXISTS (SELECT FROM cycle_day x WHERE x.day = $1 AND (NOT $3 OR x.cycle = $2))
             ON CONFLICT (day) DO UPDATE SET cycle = EXCLUDED.cycle
             RETURNING (xmax = 0)",
            &[&c.date, &(c.day as i16), &overwrite],
        )
        .await
        .map_err(at(|| format!("[[cycle_day]] {}", c.date)))?;
        sum.count("cycle_day", r);
    }
    Ok(sum)
}

/// Sites, areas and rooms archived (or restored), types hidden (or offered), as the file says,
/// through the admin functions: the same rights as by hand, the same cascade (a site takes
/// its areas and rooms along). Without overwrite, what exists stays as it is.
async fn archive_as_the_file_says(
    tx: &Transaction<'_>,
    s: &Setup,
    overwrite: bool,
    sum: &mut Summary,
) -> Result<(), Failed> {
    if !overwrite {
        return Ok(());
    }
    for site in &s.sites {
        let entry = || format!("[[site]] “{}”", site.code);
        let now: bool = tx
            .query_one(
                "SELECT archived_at IS NOT NULL FROM site WHERE code = $1",
                &[&site.code],
            )
            .await
            .map_err(at(entry))?
            .get(0);
        if now != site.archived {
            tx.execute(
                "SELECT admin_site_archive($1, $2)",
                &[&site.code, &site.archived],
            )
            .await
            .map_err(at(entry))?;
            sum.count("site", Some(false));
        }
    }
    for t in &s.types {
        let entry = || format!("[[type]] “{}”", t.letter);
        let now: bool = tx
            .query_one(
                "SELECT hidden FROM booking_type WHERE letter = $1",
                &[&t.letter],
            )
            .await
            .map_err(at(entry))?
            .get(0);
        if now != t.hidden {
            tx.execute("SELECT admin_type_hide($1, $2)", &[&t.letter, &t.hidden])
                .await
                .map_err(at(entry))?;
            sum.count("type", Some(false));
        }
    }
    for a in &s.areas {
        let entry = || format!("[[area]] “{}”", a.name);
        let row = tx
            .query_opt(
                "SELECT a.id, a.archived_at IS NOT NULL FROM area a JOIN site s ON s.id = a.site_id
                  WHERE s.code = $1 AND a.name = $2",
                &[&a.site, &a.name],
            )
            .await
            .map_err(at(entry))?;
        if let Some(r) = row.filter(|r| r.get::<_, bool>(1) != a.archived) {
            tx.execute(
                "SELECT admin_area_archive($1, $2)",
                &[&r.get::<_, i64>(0), &a.archived],
            )
            .await
            .map_err(at(entry))?;
            sum.count("area", Some(false));
        }
    }
    for r in &s.rooms {
        let entry = || format!("[[room]] “{}/{}”", r.area, r.name);
        let row = tx
            .query_opt(
                "SELECT x.id, x.archived_at IS NOT NULL FROM room x JOIN area a ON a.id = x.area_id
                  WHERE a.name = $1 AND x.name = $2",
                &[&r.area, &r.name],
            )
            .await
            .map_err(at(entry))?;
        if let Some(x) = row.filter(|x| x.get::<_, bool>(1) != r.archived) {
            tx.execute(
                "SELECT admin_room_archive($1, $2)",
                &[&x.get::<_, i64>(0), &r.archived],
            )
            .await
            .map_err(at(entry))?;
            sum.count("room", Some(false));
        }
    }
    Ok(())
}

/// The current setup, in the file's format.
pub async fn dump(db: &Database) -> Result<Setup, DbError> {
    let client = db.client().await?;
    let q = |sql: &'static str| {
        let client = &client;
        async move { client.query(sql, &[]).await.map_err(|e| db.classify(e)) }
    };
    let setting = |rows: &[tokio_postgres::Row], name: &str| {
        rows.iter()
            .find(|r| r.get::<_, String>(0) == name)
            .map(|r| r.get::<_, String>(1))
    };
    let settings = q("SELECT name, value FROM setting").await?;
    let mut s = Setup {
        timezone: setting(&settings, "timezone"),
        site_name: setting(&settings, "site_name"),
        default_area: setting(&settings, "default_area").filter(|v| !v.is_empty()),
        max_bookings_per_user: setting(&settings, "booking.max_per_user")
            .and_then(|v| v.parse().ok()),
        ..Setup::default()
    };
    for r in
        q("SELECT code, name, archived_at IS NOT NULL FROM site ORDER BY sort_order, code").await?
    {
        s.sites.push(model::Site {
            code: r.get(0),
            name: r.get(1),
            archived: r.get(2),
        });
    }
    for r in q(
        "SELECT letter, name, color, sort_order, hidden FROM booking_type ORDER BY sort_order, letter",
    )
    .await?
    {
        s.types.push(model::BookingType {
            letter: r.get(0),
            name: r.get(1),
            color: r.get(2),
            order: r.get(3),
            hidden: r.get(4),
        });
    }
    for r in q(
        "SELECT a.name, s.code, a.access, a.week_starts, a.days_shown, to_char(a.day_start, 'HH24:MI'),
                to_char(a.day_end, 'HH24:MI'), extract(epoch FROM a.resolution)::int,
                (SELECT array_agg(p.label ORDER BY p.position) FROM area_period p WHERE p.area_id = a.id),
                a.twelve_hour,
                extract(epoch FROM a.default_duration)::int, a.default_type, a.enabled_types,
                a.max_bookings_per_user, a.sort_order, a.archived_at IS NOT NULL
           FROM area a JOIN site s ON s.id = a.site_id ORDER BY a.sort_order, a.name",
    )
    .await?
    {
        let week_starts: i16 = r.get(3);
        s.areas.push(model::Area {
            name: r.get(0),
            site: r.get(1),
            access: r.get(2),
            week_starts: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                [(week_starts.clamp(1, 7) - 1) as usize]
                .into(),
            days: model::mask_days(r.get(4)),
            start: r.get(5),
            end: r.get(6),
            resolution: model::show_duration(r.get::<_, i32>(7) as u32),
            periods: r.get(8),
            twelve_hour: r.get(9),
            default_duration: model::show_duration(r.get::<_, i32>(10) as u32),
            default_type: r.get(11),
            types: r.get(12),
            max_bookings_per_user: r.get(13),
            order: r.get(14),
            archived: r.get(15),
        });
    }
    for r in q(
        "SELECT a.name, f.name, f.kind, f.choices, f.mandatory, f.sort_order
           FROM area_field f JOIN area a ON a.id = f.area_id ORDER BY a.name, f.sort_order, f.name",
    )
    .await?
    {
        let choices: Vec<String> = r.get(3);
        s.fields.push(model::Field {
            area: r.get(0),
            name: r.get(1),
            kind: r.get(2),
            choices: (!choices.is_empty()).then(|| choices.join("|")),
            mandatory: r.get(4),
            order: r.get(5),
        });
    }
    for r in q(
        "SELECT a.name, r.name, r.description, r.capacity, r.max_bookings_per_user, r.max_days_ahead,
                r.min_minutes_before, extract(epoch FROM r.max_duration)::int, r.allow_past, r.unavailable,
                r.moderated, r.tentative_days, r.book_for_others::text, r.users_may_not_modify_own, r.tracks_loans,
                r.visibility::text, r.sort_order, r.archived_at IS NOT NULL
           FROM room r JOIN area a ON a.id = r.area_id ORDER BY a.sort_order, a.name, r.sort_order, r.name",
    )
    .await?
    {
        s.rooms.push(model::Room {
            area: r.get(0),
            name: r.get(1),
            description: r.get(2),
            capacity: r.get(3),
            max_bookings_per_user: r.get(4),
            max_days_ahead: r.get(5),
            min_minutes_before: r.get(6),
            max_duration: r.get::<_, Option<i32>>(7).map(|d| model::show_duration(d as u32)),
            allow_past: r.get(8),
            unavailable: r.get(9),
            moderated: r.get(10),
            tentative_days: r.get(11),
            book_for_others: r.get(12),
            users_may_not_modify_own: r.get(13),
            tracks_loans: r.get(14),
            visibility: r.get(15),
            order: r.get(16),
            archived: r.get(17),
        });
    }
    for r in q("SELECT login, display_name, email, status::text, active, language FROM app_user ORDER BY login").await? {
        s.users.push(model::User {
            adopt: false,
            login: r.get(0),
            name: r.get(1),
            email: r.get(2),
            status: r.get(3),
            active: r.get(4),
            language: r.get(5),
        });
    }
    for r in q(
        "SELECT x.login, s.code FROM site_admin x JOIN site s ON s.id = x.site_id ORDER BY 2, 1",
    )
    .await?
    {
        s.site_admins.push(model::SiteRight {
            login: r.get(0),
            site: r.get(1),
        });
    }
    for (table, list) in [
        ("area_admin", &mut s.area_admins),
        ("area_access", &mut s.area_access),
    ] {
        let sql = format!(
            "SELECT x.login, a.name FROM {table} x JOIN area a ON a.id = x.area_id ORDER BY 2, 1"
        );
        for r in client.query(&sql, &[]).await.map_err(|e| db.classify(e))? {
            list.push(model::AreaRight {
                login: r.get(0),
                area: r.get(1),
            });
        }
    }
    // A room named in two areas is written AREA/ROOM.
    for (table, list) in [
        ("room_manager", &mut s.room_managers),
        ("room_mail", &mut s.room_mail),
        ("room_delegate", &mut s.room_delegates),
    ] {
        let sql = format!(
            "SELECT x.login, CASE WHEN (SELECT count(*) FROM room o WHERE o.name = r.name) > 1
                                  THEN a.name || '/' || r.name ELSE r.name END
               FROM {table} x JOIN room r ON r.id = x.room_id JOIN area a ON a.id = r.area_id ORDER BY 2, 1"
        );
        for r in client.query(&sql, &[]).await.map_err(|e| db.classify(e))? {
            list.push(model::RoomRight {
                login: r.get(0),
                room: r.get(1),
            });
        }
    }
    for r in q("SELECT day, reason FROM blocked_day ORDER BY day").await? {
        s.blocked_days.push(model::BlockedDay {
            date: r.get(0),
            reason: r.get(1),
        });
    }
    for r in q("SELECT day, cycle FROM cycle_day ORDER BY day").await? {
        s.cycle_days.push(model::CycleDay {
            date: r.get(0),
            day: r.get::<_, i16>(1) as u32,
        });
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_highest_parameter_is_counted_past_nine() {
        assert_eq!(super::highest_parameter("SELECT $1, $14, $2::text"), 14);
        assert_eq!(super::highest_parameter("SELECT 1"), 0);
    }
}
