//! The rights matrix of seed 003 section 1.5, row by row: every administration function
//! called through a real login role of each level, on what the level holds (site S, area
//! Sciences, room Labo) and on what it does not (site T, area Lettres, room Salle L). Each
//! call runs in a transaction rolled back, so every level meets the same school.

use crate::admin::school;
use crate::common::{connect, server_message};

const LEVELS: [&str; 7] = [
    "admin",
    "site_admin",
    "area_admin",
    "room_manager",
    "user_manager",
    "user",
    "visitor",
];

/// A row: what it is, the call in scope, the call out of scope (None: the right has no
/// scope), and the levels allowed each way.
struct Row {
    what: &'static str,
    in_scope: String,
    out_of_scope: Option<String>,
    allowed_in: &'static [&'static str],
    allowed_out: &'static [&'static str],
}

const ADMIN: &[&str] = &["admin"];
const SITE: &[&str] = &["admin", "site_admin"];
const AREA: &[&str] = &["admin", "site_admin", "area_admin"];
const ROOM: &[&str] = &["admin", "site_admin", "area_admin", "room_manager"];
const USERS: &[&str] = &["admin", "user_manager"];

#[tokio::test]
async fn every_admin_function_follows_the_rights_matrix_for_every_level_in_and_out_of_scope() {
    let s = school().await;
    let owner = s.db.client().await;
    let id = |sql: &'static str| {
        let owner = &owner;
        async move { owner.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    let (site_s, site_t) = (
        id("SELECT id FROM site WHERE code = 'S'").await,
        id("SELECT id FROM site WHERE code = 'T'").await,
    );
    let (sciences, lettres) = (
        id("SELECT id FROM area WHERE name = 'Sciences'").await,
        id("SELECT id FROM area WHERE name = 'Lettres'").await,
    );
    let (labo, salle) = (
        id("SELECT id FROM room WHERE name = 'Labo'").await,
        id("SELECT id FROM room WHERE name = 'Salle L'").await,
    );
    let someone = s.role("user").name.clone();
    let both = |f: &dyn Fn(i64) -> String, a: i64, b: i64| (f(a), Some(f(b)));
    let row =
        |what, (in_scope, out_of_scope): (String, Option<String>), allowed_in, allowed_out| Row {
            what,
            in_scope,
            out_of_scope,
            allowed_in,
            allowed_out,
        };
    let once = |sql: String| (sql, None);
    let rows = vec![
        row("General settings", once("INSERT INTO setting (name, value) VALUES ('site_name', 'X') ON CONFLICT (name) DO UPDATE SET value = 'X'".into()), ADMIN, ADMIN),
        row("Connection log", once("SELECT connection_list(now() - interval '1 day')".into()), ADMIN, ADMIN),
        row("Logins disabled / enabled", once("SELECT admin_logins(true)".into()), ADMIN, ADMIN),
        row("Days without bookings", once("SELECT admin_blocked_add('2031-01-02', 'pont')".into()), ADMIN, ADMIN),
        row("Cycle days", once("SELECT admin_cycle_set('2031-01-02', 1)".into()), ADMIN, ADMIN),
        row("Booking types: add, change", once("SELECT admin_type_save('Z', 'Zeta', '#123456')".into()), ADMIN, ADMIN),
        row("Booking types: hide", once("SELECT admin_type_hide('A', true)".into()), ADMIN, ADMIN),
        row("Sites: add, change", once("SELECT admin_site_save('U', 'Un autre')".into()), ADMIN, ADMIN),
        row("Sites: archive", both(&|s| format!("SELECT admin_site_archive('{s}', true)"), site_s, site_t), ADMIN, ADMIN),
        row("Site administrators", both(&|s| format!("SELECT admin_right('site_admin', {s}, '{someone}', true)"), site_s, site_t), ADMIN, ADMIN),
        row("Users: add (below administrator)", (format!("SELECT admin_user_create('{someone}_n', 'N')"), Some(format!("SELECT admin_user_create('{someone}_a', 'A', NULL, 'admin')"))), USERS, ADMIN),
        row("Areas: add", both(&|s| format!("SELECT admin_area_save(NULL, '{{\"site\": \"{s}\", \"name\": \"Nouveau\"}}')"), site_s, site_t), SITE, ADMIN),
        row("Areas: change hours", both(&|a| format!("SELECT admin_area_save({a}, '{{\"day_start\": \"07:00\"}}')"), sciences, lettres), SITE, ADMIN),
        row("Areas: archive", both(&|a| format!("SELECT admin_area_archive({a}, true)"), sciences, lettres), SITE, ADMIN),
        row("Area administrators", both(&|a| format!("SELECT admin_right('area_admin', {a}, '{someone}', true)"), sciences, lettres), SITE, ADMIN),
        row("Types enabled in an area", both(&|a| format!("SELECT admin_area_save({a}, '{{\"enabled_types\": [\"A\"]}}')"), sciences, lettres), AREA, ADMIN),
        row("Rooms: add", both(&|a| format!("SELECT admin_room_add({a}, 'Nouvelle')"), sciences, lettres), AREA, ADMIN),
        row("Rooms: change rules", both(&|r| format!("SELECT admin_room_set({r}, '{{\"capacity\": 12}}')"), labo, salle), AREA, ADMIN),
        row("Rooms: archive", both(&|r| format!("SELECT admin_room_archive({r}, true)"), labo, salle), AREA, ADMIN),
        row("Additional fields", both(&|a| format!("SELECT admin_field_save({a}, 'Classe', 'text')"), sciences, lettres), AREA, ADMIN),
        row("Restricted area access", both(&|a| format!("SELECT admin_right('area_access', {a}, '{someone}', true)"), sciences, lettres), AREA, ADMIN),
        row("Room managers", both(&|r| format!("SELECT admin_right('room_manager', {r}, '{someone}', true)"), labo, salle), AREA, ADMIN),
        row("Room mail lists", both(&|r| format!("SELECT admin_right('room_mail', {r}, '{someone}', true)"), labo, salle), AREA, ADMIN),
        row("Booking for others (delegates)", both(&|r| format!("SELECT admin_right('room_delegate', {r}, '{someone}', true)"), labo, salle), AREA, ADMIN),
        row("Moderation of a room", both(&|r| format!("SELECT admin_room_set({r}, '{{\"moderated\": true}}')"), labo, salle), ROOM, ADMIN),
        row("Room temporarily unavailable", both(&|r| format!("SELECT admin_room_set({r}, '{{\"unavailable\": true}}')"), labo, salle), ROOM, ADMIN),
    ];

    let mut clients = Vec::new();
    for level in LEVELS {
        clients.push((level, connect(&s.role(level).url).await));
    }
    let mut table = String::from("| Function | ");
    table += &LEVELS.join(" | ");
    table += " |\n|---|";
    table += &"---|".repeat(LEVELS.len());
    table += "\n";
    let mut wrong = Vec::new();
    for r in &rows {
        table += &format!("| {} |", r.what);
        for (level, client) in clients.iter_mut() {
            let mut cell = String::new();
            for (sql, allowed) in [
                (Some(&r.in_scope), r.allowed_in),
                (r.out_of_scope.as_ref(), r.allowed_out),
            ] {
                let Some(sql) = sql else { continue };
                let tx = client.transaction().await.unwrap();
                let done = tx.batch_execute(sql).await;
                drop(tx);
                let expected = allowed.contains(level);
                match &done {
                    Ok(()) => cell += "✓",
                    Err(e) => {
                        let m = server_message(e);
                        // A refusal names the right (the settings, a table, by its policy),
                        // never a raw "permission denied".
                        let named = m.contains("only an administrator")
                            || m.contains("you may not")
                            || m.contains("row-level security policy for table \"setting\"");
                        if expected || !named {
                            wrong.push(format!("{level}: {sql}: {m}"));
                        }
                        cell += "·";
                    }
                }
                if done.is_ok() != expected {
                    wrong.push(format!(
                        "{level}: {sql}: expected {}",
                        if expected { "allowed" } else { "refused" }
                    ));
                }
            }
            table += &format!(" {cell} |");
        }
        table += "\n";
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{}\n{table}", wrong.join("\n"));
}
