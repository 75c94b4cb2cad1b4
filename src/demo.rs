//! `intendant demo`: a small, realistic school to look at. The school is `demo/setup.toml`
//! (loaded without overwriting anything a user changed), then two weeks of bookings from the
//! current Monday. Idempotent: the bookings are a pure function of the week, and a slot
//! already taken is left alone, so loading twice adds nothing.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::db::Database;
use crate::setup::store::{self as setup_store, SetupError};

pub const SETUP: &str = include_str!("../demo/setup.toml");

/// Inserts what is missing; returns how many rows were added.
pub async fn load(db: &Database) -> Result<u64, SetupError> {
    let mut setup = setup_store::parse("demo/setup.toml", SETUP)?;
    // The demo is a sandbox: its people may already exist as roles from an earlier demo.
    for user in &mut setup.users {
        user.adopt = true;
    }
    let summary = setup_store::load(db, &setup, false).await?;
    let booked = book_two_weeks(db, Utc::now()).await?;
    Ok(summary.total_created() + booked)
}

/// FNV-1a: a stable "random" choice from the room, the day and the slot.
fn pick(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

const OWNERS: [&str; 9] = [
    "anguyen", "soneil", "kbenali", "cmartin", "pgarcia", "lbernard", "tmoreau", "ecoeur",
    "jlefevre",
];

fn names(area: &str) -> &'static [(&'static str, &'static str)] {
    match area {
        "Informatique" => &[
            ("NSI Tle", "A"),
            ("SNT 2de B", "A"),
            ("BTS SIO SLAM", "A"),
            ("Bac blanc NSI", "C"),
            ("Mise à jour des postes", "D"),
        ],
        "Sciences" => &[
            ("TP physique 1re", "A"),
            ("TP chimie Tle", "A"),
            ("SVT 2de A", "A"),
            ("ECE Tle", "C"),
        ],
        "Réunions" => &[
            ("Conseil pédagogique", "B"),
            ("Équipe de maths", "B"),
            ("Rencontre parents-professeurs", "B"),
            ("Conseil de classe 2de C", "B"),
        ],
        "Matériel" => &[
            ("Prêt 2de C", "E"),
            ("Prêt TP 1re", "E"),
            ("Sortie AS", "E"),
        ],
        "Direction" => &[("Conseil de direction", "B"), ("Entretien", "B")],
        _ => &[
            ("EPS 2de", "A"),
            ("Association sportive", "A"),
            ("Badminton 1re", "A"),
        ],
    }
}

struct DemoRoom {
    id: i64,
    name: String,
    area: String,
    /// The area's named periods (start, end), in order; empty for an area of hours.
    periods: Vec<(NaiveTime, NaiveTime)>,
    day_start: NaiveTime,
    day_end: NaiveTime,
    days_shown: i16,
    moderated: bool,
    tracks_loans: bool,
    tentative: bool,
}

/// Rows for `booking`, column by column, for one INSERT … SELECT FROM unnest.
#[derive(Default)]
struct Rows {
    room: Vec<i64>,
    start: Vec<DateTime<Utc>>,
    end: Vec<DateTime<Utc>>,
    name: Vec<String>,
    kind: Vec<String>,
    owner: Vec<String>,
    moderation: Vec<String>,
    loan: Vec<String>,
    tentative: Vec<Option<DateTime<Utc>>>,
    external_name: Vec<Option<String>>,
    external_email: Vec<Option<String>>,
}

fn slots(room: &DemoRoom, day: NaiveDate) -> Vec<(NaiveTime, NaiveTime)> {
    if !room.periods.is_empty() {
        return room.periods.clone();
    }
    let mut out = Vec::new();
    let mut t = room.day_start;
    let two = Duration::hours(2);
    while t + Duration::hours(1) <= room.day_end && t >= room.day_start {
        let long = pick(&[&room.name, &day.to_string(), &t.to_string(), "long"]).is_multiple_of(3);
        let span = if long && t + two <= room.day_end {
            two
        } else {
            Duration::hours(1)
        };
        out.push((t, t + span));
        t += span;
    }
    out
}

async fn book_two_weeks(db: &Database, now: DateTime<Utc>) -> Result<u64, SetupError> {
    let client = db.client().await?;
    let classify = |e| db.classify(e);
    let tz: Tz = client
        .query_one("SELECT value FROM setting WHERE name = 'timezone'", &[])
        .await
        .map_err(classify)?
        .get::<_, String>(0)
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let today = now.with_timezone(&tz).date_naive();
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let blocked: Vec<NaiveDate> = client
        .query(
            "SELECT day FROM blocked_day WHERE day BETWEEN $1 AND $2",
            &[&monday, &(monday + Duration::days(13))],
        )
        .await
        .map_err(classify)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let rooms: Vec<DemoRoom> = client
        .query(
            "SELECT r.id, r.name, a.name,
                    coalesce((SELECT array_agg(p.starts ORDER BY p.position) FROM area_period p WHERE p.area_id = a.id), '{}'),
                    coalesce((SELECT array_agg(p.ends ORDER BY p.position) FROM area_period p WHERE p.area_id = a.id), '{}'),
                    a.day_start, a.day_end, a.days_shown, r.moderated, r.tracks_loans, r.tentative_days > 0
               FROM room r JOIN area a ON a.id = r.area_id JOIN site s ON s.id = a.site_id
              WHERE s.code IN ('LJM', 'ANNEXE') AND NOT r.unavailable ORDER BY r.id",
            &[],
        )
        .await
        .map_err(classify)?
        .iter()
        .map(|r| DemoRoom {
            id: r.get(0),
            name: r.get(1),
            area: r.get(2),
            periods: r
                .get::<_, Vec<NaiveTime>>(3)
                .into_iter()
                .zip(r.get::<_, Vec<NaiveTime>>(4))
                .collect(),
            day_start: r.get(5),
            day_end: r.get(6),
            days_shown: r.get(7),
            moderated: r.get(8),
            tracks_loans: r.get(9),
            tentative: r.get(10),
        })
        .collect();
    let mut rows = Rows::default();
    for room in &rooms {
        let mut lent = false;
        for offset in 0..14 {
            let day = monday + Duration::days(offset);
            let weekday = day.weekday().num_days_from_monday();
            if room.days_shown & (1 << weekday) == 0 || blocked.contains(&day) {
                continue;
            }
            for (from, to) in slots(room, day) {
                let h = pick(&[&room.name, &day.to_string(), &from.to_string()]);
                if h % 100 >= 35 {
                    continue;
                }
                let (Some(start), Some(end)) = (
                    tz.from_local_datetime(&day.and_time(from)).earliest(),
                    tz.from_local_datetime(&day.and_time(to)).earliest(),
                ) else {
                    continue;
                };
                let choices = names(&room.area);
                let (name, kind) = choices[(h / 100) as usize % choices.len()];
                let owner = OWNERS[(h / 1000) as usize % OWNERS.len()];
                let start = start.with_timezone(&Utc);
                let end = end.with_timezone(&Utc);
                let moderation = if room.moderated {
                    if end > now && h.is_multiple_of(3) {
                        "pending"
                    } else {
                        "accepted"
                    }
                } else {
                    "none"
                };
                let loan = if room.tracks_loans && !lent && start <= now + Duration::days(1) {
                    lent = true;
                    if end < now {
                        "overdue"
                    } else {
                        "borrowed"
                    }
                } else {
                    "none"
                };
                let tentative =
                    (room.tentative && start > now + Duration::days(2) && h.is_multiple_of(2))
                        .then(|| start - Duration::days(1));
                let external = (name == "Rencontre parents-professeurs").then(|| {
                    (
                        "Mme Durand (FCPE)".to_owned(),
                        "durand.fcpe@example.org".to_owned(),
                    )
                });
                rows.room.push(room.id);
                rows.start.push(start);
                rows.end.push(end);
                rows.name.push(name.into());
                rows.kind.push(kind.into());
                rows.owner.push(owner.into());
                rows.moderation.push(moderation.into());
                rows.loan.push(loan.into());
                rows.tentative.push(tentative);
                rows.external_name
                    .push(external.as_ref().map(|e| e.0.clone()));
                rows.external_email.push(external.map(|e| e.1));
            }
        }
    }
    // A weekly club: a series, so the planning shows its members as such.
    let thursday = monday + Duration::days(3);
    let club = client
        .query_one(
            "WITH room AS (SELECT id FROM room WHERE name = 'Labo 102'),
                  found AS (SELECT s.id FROM booking_series s, room WHERE s.room_id = room.id AND s.start_local = $1),
                  made AS (INSERT INTO booking_series (room_id, rule, start_local, end_local, until)
                           SELECT room.id, '{\"kind\": \"weekly\", \"every\": 1, \"days\": [\"thu\"]}', $1, $2, $3
                             FROM room WHERE NOT EXISTS (SELECT FROM found) RETURNING id)
             SELECT (SELECT id FROM found UNION ALL SELECT id FROM made LIMIT 1)",
            &[
                &thursday.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default()),
                &thursday.and_time(NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default()),
                &(thursday + Duration::days(7)),
            ],
        )
        .await
        .map_err(classify)?
        .get::<_, Option<i64>>(0);
    let mut added = 0;
    if let Some(series) = club {
        for week in [thursday, thursday + Duration::days(7)] {
            let at = |h| {
                tz.from_local_datetime(
                    &week.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()),
                )
                .earliest()
                .map(|t| t.with_timezone(&Utc))
            };
            added += client
                .execute(
                    "INSERT INTO booking (room_id, series_id, during, name, type, owner)
                     SELECT room_id, id, tstzrange($2, $3), 'Club robotique', 'A', 'tmoreau' FROM booking_series WHERE id = $1
                     ON CONFLICT DO NOTHING",
                    &[&series, &at(16), &at(18)],
                )
                .await
                .map_err(classify)?;
        }
    }
    // Taken slots (an earlier run, or a user's booking) are left alone.
    added += client
        .execute(
            "INSERT INTO booking (room_id, during, name, type, owner, moderation, loan, tentative_until,
                                  external_name, external_email)
             SELECT r, tstzrange(s, e), n, t, o, m, l, tu, en, ee
               FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                           $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[])
                    AS x(r, s, e, n, t, o, m, l, tu, en, ee)
             ON CONFLICT DO NOTHING",
            &[
                &rows.room,
                &rows.start,
                &rows.end,
                &rows.name,
                &rows.kind,
                &rows.owner,
                &rows.moderation,
                &rows.loan,
                &rows.tentative,
                &rows.external_name,
                &rows.external_email,
            ],
        )
        .await
        .map_err(classify)?;
    Ok(added)
}
