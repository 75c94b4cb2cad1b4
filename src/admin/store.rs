//! The admin functions' calls. Refusals (not an administrator, a type in use, a blocked day
//! that holds bookings) come back as the booking refusals do, with their arguments.

use chrono::NaiveDate;
use serde_json::Value;

use crate::booking::store::{call, BookingError};
use crate::db::Database;

pub async fn types(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('letter', letter, 'name', name, 'color', color,
                'order', sort_order, 'hidden', hidden, 'bookings', (SELECT count(*) FROM booking b WHERE b.type = t.letter))
                ORDER BY sort_order, letter), '[]')
           FROM booking_type t",
        &[],
    )
    .await
}

pub async fn type_save(
    db: &Database,
    letter: &str,
    name: &str,
    color: &str,
    order: Option<i32>,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_type_save($1, $2, $3, $4)",
        &[&letter, &name, &color, &order],
    )
    .await
}

pub async fn type_remove(db: &Database, letter: &str) -> Result<Value, BookingError> {
    call(db, "SELECT admin_type_remove($1)", &[&letter]).await
}

/// Days without bookings between two dates (both included).
pub async fn blocked(db: &Database, from: NaiveDate, to: NaiveDate) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('day', day, 'reason', reason) ORDER BY day), '[]')
           FROM blocked_day WHERE day BETWEEN $1 AND $2",
        &[&from, &to],
    )
    .await
}

/// Blocks `day`; `bookings` says what becomes of those on it: "keep", "archive", or "move"
/// (to `move_to`, same hours).
pub async fn blocked_add(
    db: &Database,
    day: NaiveDate,
    reason: &str,
    bookings: Option<&str>,
    move_to: Option<NaiveDate>,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_blocked_add($1, $2, $3, $4)",
        &[&day, &reason, &bookings, &move_to],
    )
    .await
}

pub async fn blocked_remove(db: &Database, day: NaiveDate) -> Result<bool, BookingError> {
    call(db, "SELECT to_jsonb(admin_blocked_remove($1))", &[&day])
        .await
        .map(|v| v.as_bool().unwrap_or(false))
}

/// A user and its login; the password, if any, leaves as a SCRAM verifier only.
pub async fn user_create(
    db: &Database,
    login: &str,
    name: &str,
    email: Option<&str>,
    status: &str,
    password: Option<&str>,
) -> Result<Value, BookingError> {
    let verifier = password.map(verifier);
    call(
        db,
        "SELECT admin_user_create($1, $2, $3, $4::text::user_status, $5)",
        &[&login, &name, &email, &status, &verifier],
    )
    .await
}

pub async fn user_password(
    db: &Database,
    login: &str,
    password: &str,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_user_password($1, $2)",
        &[&login, &verifier(password)],
    )
    .await
}

pub async fn user_active(db: &Database, login: &str, active: bool) -> Result<Value, BookingError> {
    call(db, "SELECT admin_user_active($1, $2)", &[&login, &active]).await
}

/// What PostgreSQL stores for a password (`SCRAM-SHA-256$…`), made here as psql's
/// `\password` does, so the password itself never reaches the server or its log.
fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// The connection log since `since`, of one login or all, newest first.
pub async fn connections(
    db: &Database,
    since: chrono::DateTime<chrono::Utc>,
    login: Option<&str>,
) -> Result<Value, BookingError> {
    call(db, "SELECT connection_list($1, $2)", &[&since, &login]).await
}

/// Changes fields of a room; the database says who may change which.
pub async fn room_set(db: &Database, room: i64, changes: &Value) -> Result<Value, BookingError> {
    call(db, "SELECT admin_room_set($1, $2)", &[&room, changes]).await
}

/// Day `cycle` of the rotation on `day`, or none.
pub async fn cycle_set(
    db: &Database,
    day: NaiveDate,
    cycle: Option<i32>,
) -> Result<Value, BookingError> {
    call(db, "SELECT admin_cycle_set($1, $2)", &[&day, &cycle]).await
}

/// Which of site, area or room a right is on, as the SQL names it.
pub const RIGHTS: [&str; 6] = [
    "site_admin",
    "area_admin",
    "area_access",
    "room_manager",
    "room_mail",
    "room_delegate",
];

/// The sites, with their areas counted; archived ones too, marked.
pub async fn sites(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'code', s.code, 'name', s.name, 'order', s.sort_order,
                'archived', s.archived_at IS NOT NULL,
                'areas', (SELECT count(*) FROM area a WHERE a.site_id = s.id AND a.archived_at IS NULL),
                'admins', (SELECT coalesce(jsonb_agg(x.login ORDER BY x.login), '[]') FROM site_admin x WHERE x.site_id = s.id)))
                ORDER BY s.sort_order, s.name COLLATE names), '[]')
           FROM site s",
        &[],
    )
    .await
}

pub async fn site_save(
    db: &Database,
    code: &str,
    name: &str,
    order: Option<i32>,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_site_save($1, $2, $3)",
        &[&code, &name, &order],
    )
    .await
}

/// Archives (or brings back) a site, an area or a room; with `dry_run`, only counts what it
/// would hide: `{"areas", "rooms", "future_bookings"}`.
pub async fn archive(
    db: &Database,
    what: Archivable,
    archived: bool,
    dry_run: bool,
) -> Result<Value, BookingError> {
    match what {
        Archivable::Site(code) => {
            call(
                db,
                "SELECT admin_site_archive($1, $2, $3)",
                &[&code, &archived, &dry_run],
            )
            .await
        }
        Archivable::Area(id) => {
            call(
                db,
                "SELECT admin_area_archive($1, $2, $3)",
                &[&id, &archived, &dry_run],
            )
            .await
        }
        Archivable::Room(id) => {
            call(
                db,
                "SELECT admin_room_archive($1, $2, $3)",
                &[&id, &archived, &dry_run],
            )
            .await
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Archivable {
    Site(String),
    Area(i64),
    Room(i64),
}

/// The areas the user sees, with their site, rooms and own administrators.
pub async fn areas(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'site', s.code, 'name', a.name, 'access', a.access,
                'day_start', to_char(a.day_start, 'HH24:MI'), 'day_end', to_char(a.day_end, 'HH24:MI'),
                'resolution', extract(epoch FROM a.resolution)::int / 60, 'default_type', a.default_type,
                'enabled_types', a.enabled_types, 'archived', a.archived_at IS NOT NULL,
                'rooms', (SELECT count(*) FROM room r WHERE r.area_id = a.id AND r.archived_at IS NULL),
                'admins', (SELECT coalesce(jsonb_agg(x.login ORDER BY x.login), '[]') FROM area_admin x WHERE x.area_id = a.id),
                'access_list', (SELECT coalesce(jsonb_agg(x.login ORDER BY x.login), '[]') FROM area_access x WHERE x.area_id = a.id),
                'mine', administers_area(a.id))
                ORDER BY s.sort_order, s.name COLLATE names, a.sort_order, a.name COLLATE names), '[]')
           FROM area a JOIN site s ON s.id = a.site_id",
        &[],
    )
    .await
}

/// An area by its id, its name, or SITE/AREA, among those the user sees.
pub async fn find_area(db: &Database, text: &str) -> Result<(i64, String), BookingError> {
    let (site, name) = match text.split_once('/') {
        Some((s, n)) => (Some(s.trim()), n.trim()),
        None => (None, text.trim()),
    };
    let v = call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name, 'site', s.code)), '[]')
           FROM area a JOIN site s ON s.id = a.site_id
          WHERE (a.id::text = $1 OR lower(a.name) = lower($1)) AND ($2::text IS NULL OR lower(s.code) = lower($2))",
        &[&name, &site],
    )
    .await?;
    match v.as_array().map(Vec::as_slice).unwrap_or_default() {
        [a] => Ok((a["id"].as_i64().unwrap_or_default(), text_of(a, "name"))),
        [] => Err(BookingError::BadInput(crate::i18n::tr(
            crate::i18n::T::AdminNoArea,
            &[&text],
        ))),
        many => {
            let mut sites: Vec<String> = many.iter().map(|a| text_of(a, "site")).collect();
            sites.sort();
            Err(BookingError::BadInput(crate::i18n::tr(
                crate::i18n::T::AdminAmbiguousArea,
                &[&text, &sites.join(", ")],
            )))
        }
    }
}

use crate::output::field_text as text_of;

/// Creates an area (`id` None: `changes` names its site and name) or changes one.
pub async fn area_save(
    db: &Database,
    id: Option<i64>,
    changes: &Value,
) -> Result<Value, BookingError> {
    call(db, "SELECT admin_area_save($1, $2)", &[&id, changes]).await
}

/// The rooms the user sees, with their area and managers.
pub async fn rooms(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'area', a.name, 'name', r.name, 'capacity', r.capacity,
                'moderated', r.moderated, 'unavailable', r.unavailable, 'archived', r.archived_at IS NOT NULL,
                'managers', (SELECT coalesce(jsonb_agg(x.login ORDER BY x.login), '[]') FROM room_manager x WHERE x.room_id = r.id),
                'mail', (SELECT coalesce(jsonb_agg(x.login ORDER BY x.login), '[]') FROM room_mail x WHERE x.room_id = r.id),
                'mine', administers_area(a.id))
                ORDER BY a.sort_order, a.name COLLATE names, r.sort_order, r.name COLLATE names), '[]')
           FROM room r JOIN area a ON a.id = r.area_id",
        &[],
    )
    .await
}

pub async fn room_add(
    db: &Database,
    area: i64,
    name: &str,
    changes: &Value,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_room_add($1, $2, $3)",
        &[&area, &name, changes],
    )
    .await
}

/// An area's additional fields.
pub async fn fields(db: &Database, area: i64) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('name', f.name, 'kind', f.kind, 'choices', f.choices,
                'mandatory', f.mandatory, 'order', f.sort_order) ORDER BY f.sort_order, f.name), '[]')
           FROM area_field f WHERE f.area_id = $1",
        &[&area],
    )
    .await
}

pub async fn field_save(
    db: &Database,
    area: i64,
    name: &str,
    kind: &str,
    choices: &[String],
    mandatory: bool,
    order: Option<i32>,
) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT admin_field_save($1, $2, $3, $4, $5, $6)",
        &[&area, &name, &kind, &choices, &mandatory, &order],
    )
    .await
}

pub async fn field_remove(db: &Database, area: i64, name: &str) -> Result<bool, BookingError> {
    call(
        db,
        "SELECT to_jsonb(admin_field_remove($1, $2))",
        &[&area, &name],
    )
    .await
    .map(|v| v.as_bool().unwrap_or(false))
}

/// Every right: its kind, what it is on, who holds it.
pub async fn rights(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(x ORDER BY x->>'kind', x->>'on', x->>'login'), '[]') FROM (
            SELECT jsonb_build_object('kind', 'site_admin', 'id', s.id, 'on', s.code, 'login', x.login) AS x
              FROM site_admin x JOIN site s ON s.id = x.site_id
            UNION ALL SELECT jsonb_build_object('kind', k.kind, 'id', a.id, 'on', a.name, 'login', k.login)
              FROM (SELECT 'area_admin' AS kind, area_id, login FROM area_admin
                    UNION ALL SELECT 'area_access', area_id, login FROM area_access) k JOIN area a ON a.id = k.area_id
            UNION ALL SELECT jsonb_build_object('kind', k.kind, 'id', r.id, 'on', r.name, 'login', k.login)
              FROM (SELECT 'room_manager' AS kind, room_id, login FROM room_manager
                    UNION ALL SELECT 'room_mail', room_id, login FROM room_mail
                    UNION ALL SELECT 'room_delegate', room_id, login FROM room_delegate) k JOIN room r ON r.id = k.room_id
         ) AS all_rights(x)",
        &[],
    )
    .await
}

/// Grants or takes back a right; true when something changed.
pub async fn right(
    db: &Database,
    kind: &str,
    target: i64,
    login: &str,
    granted: bool,
) -> Result<bool, BookingError> {
    call(
        db,
        "SELECT to_jsonb(admin_right($1, $2, $3, $4))",
        &[&kind, &target, &login, &granted],
    )
    .await
    .map(|v| v.as_bool().unwrap_or(false))
}

pub async fn type_hide(db: &Database, letter: &str, hidden: bool) -> Result<Value, BookingError> {
    call(db, "SELECT admin_type_hide($1, $2)", &[&letter, &hidden]).await
}

/// Whether users other than the administrators may connect; sets it when `allowed` is given.
pub async fn logins(db: &Database, allowed: Option<bool>) -> Result<bool, BookingError> {
    let v = match allowed {
        Some(a) => call(db, "SELECT to_jsonb(admin_logins($1))", &[&a]).await?,
        None => call(db, "SELECT to_jsonb(NOT logins_disabled())", &[]).await?,
    };
    Ok(v.as_bool().unwrap_or(true))
}

/// Every user, with status and whether they may log in.
pub async fn users(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('login', login, 'name', display_name, 'email', email,
                'status', status, 'active', active) ORDER BY login), '[]')
           FROM app_user",
        &[],
    )
    .await
}

/// Every setting and its value.
pub async fn settings(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        // Whether logins are disabled is the CONNECT privilege, shown among the settings.
        "SELECT coalesce(jsonb_agg(jsonb_build_object('name', name, 'value', value) ORDER BY name), '[]')
           FROM (SELECT name, value FROM setting
                  WHERE name NOT IN ('group_role', 'group_token', 'logins.public_connect')
                 UNION ALL SELECT 'logins.disabled', logins_disabled()::text) AS s",
        &[],
    )
    .await
}

/// One's own password, as psql's `\password` sets it: the server receives the SCRAM
/// verifier, never the password (any role may change its own).
pub async fn own_password(db: &Database, password: &str) -> Result<(), BookingError> {
    let client = db.client().await?;
    // A verifier is base64 and `$ : =`: no quote to escape, checked all the same.
    let v = verifier(password).replace('\'', "''");
    client
        .batch_execute(&format!("ALTER ROLE SESSION_USER PASSWORD '{v}'"))
        .await
        .map_err(|e| BookingError::Db(db.classify(e)))
}

/// A site, area, room, type or setting as the database holds it; null when gone.
pub async fn row(db: &Database, target: &super::ui::edit::Target) -> Result<Value, BookingError> {
    use super::ui::edit::Target;
    match target {
        Target::Room(id) => call(db, "SELECT to_jsonb(r) FROM room r WHERE r.id = $1", &[id]).await,
        Target::Area(id) => call(db, "SELECT to_jsonb(a) FROM area a WHERE a.id = $1", &[id]).await,
        Target::Site(code) => {
            call(
                db,
                "SELECT to_jsonb(s) FROM site s WHERE s.code = $1",
                &[code],
            )
            .await
        }
        Target::Type(letter) => {
            call(
                db,
                "SELECT to_jsonb(t) FROM booking_type t WHERE t.letter = $1",
                &[letter],
            )
            .await
        }
        Target::Setting(name) => {
            call(
                db,
                "SELECT jsonb_build_object('value', value) FROM setting WHERE name = $1",
                &[name],
            )
            .await
        }
        _ => Ok(Value::Object(Default::default())),
    }
}

/// Enables or disables the kiosk login; its name and database.
pub async fn kiosk(db: &Database, enabled: bool) -> Result<Value, BookingError> {
    call(db, "SELECT admin_kiosk($1)", &[&enabled]).await
}

/// What a right of `kind` is on, named as the user writes it: a site's code, an area (name,
/// SITE/AREA or id), a room (name, AREA/ROOM or id).
pub async fn right_target(db: &Database, kind: &str, on: &str) -> Result<i64, BookingError> {
    if kind == "site_admin" {
        let sites = sites(db).await?;
        return sites
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| {
                text_of(s, "code").eq_ignore_ascii_case(on)
                    || s["id"].as_i64().is_some_and(|i| on.parse() == Ok(i))
            })
            .and_then(|s| s["id"].as_i64())
            .ok_or_else(|| {
                BookingError::BadInput(crate::i18n::tr(crate::i18n::T::RuleNoSuchSite, &[&on]))
            });
    }
    if kind.starts_with("area") {
        return Ok(find_area(db, on).await?.0);
    }
    Ok(crate::booking::store::find_room(db, on).await?.id)
}

/// Every area's additional fields, with the area's name.
pub async fn all_fields(db: &Database) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('area_id', f.area_id, 'area', a.name, 'name', f.name,
                'kind', f.kind, 'choices', f.choices, 'mandatory', f.mandatory)
                ORDER BY a.name COLLATE names, f.sort_order, f.name), '[]')
           FROM area_field f JOIN area a ON a.id = f.area_id",
        &[],
    )
    .await
}

/// The cycle days from a date on.
pub async fn cycle_days(db: &Database, from: NaiveDate) -> Result<Value, BookingError> {
    call(
        db,
        "SELECT coalesce(jsonb_agg(jsonb_build_object('day', day, 'cycle', cycle) ORDER BY day), '[]')
           FROM cycle_day WHERE day >= $1",
        &[&from],
    )
    .await
}
