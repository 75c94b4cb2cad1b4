//! From a mail taken off the outbox to what is sent: who is skipped and why (mail off, opted
//! out, no address, the one who did it), and for everyone else a letter in their language,
//! with its Message-ID (the same at every attempt, so a server or a reader can tell a
//! duplicate) and, for a booking, its iCalendar invitation or cancellation.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::ics;
use super::template::{Kind, Templates};
use crate::i18n::Lang;

/// A mail as `mail_claim()` gives it.
#[derive(Clone, Debug, Deserialize)]
pub struct Mail {
    pub id: i64,
    pub kind: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub payload: Value,
    pub actor: Person,
    pub booking: Option<Booking>,
    pub enabled: bool,
    pub recipients: Vec<Person>,
}

/// A recipient resolved when sending: a user's address, name, language and choice, or an
/// outside address as given.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Person {
    pub recipient: String,
    pub name: String,
    pub address: Option<String>,
    pub language: String,
    pub notify: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Booking {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub room: String,
    pub area: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub beneficiary: Option<String>,
    #[serde(default)]
    pub description: String,
    pub moderation: String,
    pub tentative_until: Option<DateTime<Utc>>,
    pub archived: bool,
    pub updated_at: DateTime<Utc>,
    pub occurrences: Vec<Occurrence>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Occurrence {
    pub id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Where letters come from and how they read.
pub struct Context<'a> {
    pub templates: &'a Templates,
    pub tz: Tz,
    pub site: &'a str,
    pub from: &'a str,
    /// The domain of Message-IDs and calendar UIDs.
    pub domain: &'a str,
}

/// What became of one recipient, as the outbox keeps it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub recipient: String,
    pub address: Option<String>,
    pub state: &'static str,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub recipient: String,
    pub address: String,
    pub name: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    /// The iCalendar text and its METHOD.
    pub calendar: Option<(String, &'static str)>,
}

impl Letter {
    pub fn delivered(&self, state: &'static str, detail: Option<String>) -> Delivery {
        Delivery {
            recipient: self.recipient.clone(),
            address: Some(self.address.clone()),
            state,
            detail,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Skip(Delivery),
    Send(Letter),
}

/// Each recipient's step, in the order the outbox lists them.
pub fn plan(mail: &Mail, ctx: &Context) -> Vec<Step> {
    let kind = Kind::parse(&mail.kind);
    mail.recipients
        .iter()
        .map(|p| {
            let skip = |state: &'static str| {
                Step::Skip(Delivery {
                    recipient: p.recipient.clone(),
                    address: p.address.clone(),
                    state,
                    detail: None,
                })
            };
            let Some(kind) = kind else {
                return Step::Skip(Delivery {
                    recipient: p.recipient.clone(),
                    address: p.address.clone(),
                    state: "refused",
                    detail: Some(format!("no template for mails of kind {}", mail.kind)),
                });
            };
            if !mail.enabled {
                return skip("off");
            }
            if kind.tells_of_someones_action() && p.recipient == mail.actor.recipient {
                return skip("self");
            }
            if !p.notify {
                return skip("opted_out");
            }
            match &p.address {
                Some(address) => Step::Send(letter(mail, kind, p, address, ctx)),
                None => skip("no_address"),
            }
        })
        .collect()
}

fn letter(mail: &Mail, kind: Kind, to: &Person, address: &str, ctx: &Context) -> Letter {
    let lang = Lang::parse(&to.language).unwrap_or(Lang::Fr);
    let values = values(mail, kind, to, lang, ctx);
    let (subject, body) = ctx.templates.get(kind, lang).render(&values);
    let calendar = mail.booking.as_ref().and_then(|b| {
        let method = calendar_method(kind, b)?;
        Some((
            ics::calendar(b, method, mail.created_at, address, ctx),
            method,
        ))
    });
    Letter {
        recipient: to.recipient.clone(),
        address: address.to_owned(),
        name: to.name.clone(),
        subject,
        body,
        message_id: message_id(mail.id, &to.recipient, ctx.domain),
        calendar,
    }
}

/// A calendar app adds or updates the event (REQUEST), or removes it (CANCEL); a moderation
/// request and an overdue notice change nobody's calendar.
fn calendar_method(kind: Kind, b: &Booking) -> Option<&'static str> {
    match kind {
        Kind::BookingCreated | Kind::BookingChanged | Kind::ModerationDecided if !b.archived => {
            Some("REQUEST")
        }
        Kind::BookingDeleted | Kind::TentativeExpired | Kind::ModerationDecided => Some("CANCEL"),
        _ => None,
    }
}

/// `<intendant.42.1f2e3d4c@lycee.example>`: derived from the outbox row and the recipient,
/// so every attempt for one person carries the same one.
pub fn message_id(mail: i64, recipient: &str, domain: &str) -> String {
    let hash = Sha256::digest(recipient.as_bytes());
    let short: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("<intendant.{mail}.{short}@{domain}>")
}

fn values<'a>(
    mail: &Mail,
    kind: Kind,
    to: &Person,
    lang: Lang,
    ctx: &Context,
) -> BTreeMap<&'a str, String> {
    let mut v = BTreeMap::new();
    v.insert("site", ctx.site.to_owned());
    v.insert("recipient", to.name.clone());
    v.insert("actor", mail.actor.name.clone());
    let text = |key: &str| {
        mail.payload
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    if let Some(b) = &mail.booking {
        v.insert("id", b.id.to_string());
        v.insert("name", b.name.clone());
        v.insert("room", b.room.clone());
        v.insert("area", b.area.clone());
        v.insert("type", b.kind.clone().unwrap_or_default());
        v.insert("description", b.description.clone());
        v.insert(
            "beneficiary",
            b.beneficiary
                .clone()
                .unwrap_or_else(|| mail.actor.name.clone()),
        );
        v.insert("when", when(b.start, b.end, ctx.tz, lang));
        v.insert("series", series(b, ctx.tz, lang));
        if let Some(until) = b.tentative_until.or_else(|| {
            mail.payload
                .get("until")
                .and_then(|u| serde_json::from_value(u.clone()).ok())
        }) {
            v.insert("until", when_at(until, ctx.tz, lang));
        }
    }
    // A booking cancelled because its day became a day without bookings says so.
    if kind == Kind::BookingDeleted && !text("blocked_day").is_empty() {
        let label = match lang {
            Lang::En => "The day became a day without bookings",
            Lang::Fr => "Ce jour est devenu un jour sans réservation",
        };
        let reason = text("reason");
        let why = if reason.is_empty() {
            format!("{label}.")
        } else {
            format!("{label}{}{reason}", sep(lang))
        };
        v.insert("reason", why);
    }
    if kind == Kind::ModerationDecided {
        let accepted = text("decision") == "accepted";
        let word = match (lang, accepted) {
            (Lang::En, true) => "accepted",
            (Lang::En, false) => "refused",
            (Lang::Fr, true) => "acceptée",
            (Lang::Fr, false) => "refusée",
        };
        // "Réservation acceptée", but "X a accepté la réservation".
        let verb = match (lang, accepted) {
            (Lang::Fr, true) => "accepté",
            (Lang::Fr, false) => "refusé",
            _ => word,
        };
        v.insert("decision", word.to_owned());
        v.insert("decided", verb.to_owned());
        let reason = text("reason");
        if !reason.is_empty() {
            let label = match lang {
                Lang::En => "Reason",
                Lang::Fr => "Motif",
            };
            v.insert("reason", format!("{label}{}{reason}", sep(lang)));
        }
    }
    if kind == Kind::ImportReport {
        if let Ok(day) = text("day").parse::<chrono::NaiveDate>() {
            v.insert("day", crate::i18n::long_date(day, lang));
        }
        v.insert("report", import_report(&mail.payload, ctx.tz, lang));
    }
    v
}

/// The day's imports, each with its counts and its first rejected lines.
fn import_report(payload: &Value, tz: Tz, lang: Lang) -> String {
    let runs = payload
        .get("runs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let n = |r: &Value, k: &str| r.get(k).and_then(Value::as_i64).unwrap_or(0);
    let s = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut out = match lang {
        Lang::En => format!("{} import(s) today.\n", runs.len()),
        Lang::Fr => format!("{} import(s) aujourd’hui.\n", runs.len()),
    };
    for r in &runs {
        let at = r
            .get("run_at")
            .and_then(|t| serde_json::from_value::<DateTime<Utc>>(t.clone()).ok())
            .map(|t| t.with_timezone(&tz).format("%H:%M").to_string())
            .unwrap_or_default();
        let kind = match (lang, s(r, "kind").as_str()) {
            (Lang::En, "student") => "students",
            (Lang::En, _) => "staff",
            (Lang::Fr, "student") => "élèves",
            (Lang::Fr, _) => "personnel",
        };
        let counts = [
            n(r, "rows"),
            n(r, "added"),
            n(r, "updated"),
            n(r, "unchanged"),
            n(r, "rejected"),
            n(r, "deactivated"),
        ];
        out.push('\n');
        out.push_str(&match lang {
            Lang::En => format!(
                "{kind}: {}, by {} at {at}\n  {} rows: {} added, {} updated, {} unchanged, {} rejected, {} deactivated\n",
                s(r, "file"), s(r, "run_by"), counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
            ),
            Lang::Fr => format!(
                "{kind} : {}, par {} à {at}\n  {} lignes : {} ajoutées, {} mises à jour, {} inchangées, {} rejetées, {} désactivées\n",
                s(r, "file"), s(r, "run_by"), counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
            ),
        });
        let rejected = r
            .get("rejected_lines")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if !rejected.is_empty() {
            out.push_str(match lang {
                Lang::En => "  Rejected lines:\n",
                Lang::Fr => "  Lignes rejetées :\n",
            });
            for p in &rejected {
                let word = match lang {
                    Lang::En => "line",
                    Lang::Fr => "ligne",
                };
                out.push_str(&format!(
                    "    {word} {}, {}{}{}\n",
                    n(p, "line"),
                    s(p, "field"),
                    sep(lang),
                    s(p, "reason")
                ));
            }
        }
    }
    out
}

fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Fr => " : ",
    }
}

/// "Monday 11 January 2027, 10:00–11:00" / "lundi 11 janvier 2027, 10:00–11:00", in the
/// installation's zone; a booking over several days gives both ends in full.
pub fn when(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    if s.date_naive() == e.date_naive() {
        format!(
            "{}, {}–{}",
            crate::i18n::long_date(s.date_naive(), lang),
            s.format("%H:%M"),
            e.format("%H:%M")
        )
    } else {
        format!("{} – {}", when_at(start, tz, lang), when_at(end, tz, lang))
    }
}

fn when_at(at: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let t = at.with_timezone(&tz);
    format!(
        "{}, {}",
        crate::i18n::long_date(t.date_naive(), lang),
        t.format("%H:%M")
    )
}

/// For a series: "\n  12 occurrences, until Friday 2 July 2027" (empty for one booking).
fn series(b: &Booking, tz: Tz, lang: Lang) -> String {
    let n = b.occurrences.len();
    if n < 2 {
        return String::new();
    }
    let last = b
        .occurrences
        .iter()
        .map(|o| o.start)
        .max()
        .unwrap_or(b.start);
    let last = crate::i18n::long_date(last.with_timezone(&tz).date_naive(), lang);
    match lang {
        Lang::En => format!("\n  {n} occurrences, the last on {last}"),
        Lang::Fr => format!("\n  {n} occurrences, la dernière le {last}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(login: &str, address: Option<&str>, lang: &str) -> Person {
        Person {
            recipient: login.into(),
            name: login.to_uppercase(),
            address: address.map(str::to_owned),
            language: lang.into(),
            notify: true,
        }
    }

    fn mail(kind: &str, recipients: Vec<Person>) -> Mail {
        let start: DateTime<Utc> = "2027-01-11T09:00:00Z".parse().unwrap();
        Mail {
            id: 42,
            kind: kind.into(),
            attempts: 0,
            created_at: start,
            payload: serde_json::json!({"occurrences": 1}),
            actor: person("alice", Some("alice@x.example"), "en"),
            booking: Some(Booking {
                id: 7,
                name: "Cours".into(),
                kind: Some("A".into()),
                room: "Labo 101".into(),
                area: "Sciences".into(),
                start,
                end: start + chrono::Duration::hours(1),
                beneficiary: Some("Bob B".into()),
                description: String::new(),
                moderation: "none".into(),
                tentative_until: None,
                archived: kind == "booking_deleted",
                updated_at: start,
                occurrences: vec![Occurrence {
                    id: 7,
                    start,
                    end: start + chrono::Duration::hours(1),
                }],
            }),
            enabled: true,
            recipients,
        }
    }

    fn ctx(templates: &Templates) -> Context<'_> {
        Context {
            templates,
            tz: chrono_tz::Europe::Paris,
            site: "Lycée",
            from: "intendant@lycee.example",
            domain: "lycee.example",
        }
    }

    #[test]
    fn each_recipient_gets_a_letter_in_their_language_with_the_room_and_the_local_time() {
        let t = Templates::built_in();
        let m = mail(
            "booking_created",
            vec![
                person("bob", Some("bob@x.example"), "fr"),
                person("carol", Some("carol@x.example"), "en"),
            ],
        );
        let steps = plan(&m, &ctx(&t));
        let Step::Send(bob) = &steps[0] else {
            panic!("{steps:?}")
        };
        let Step::Send(carol) = &steps[1] else {
            panic!("{steps:?}")
        };
        assert!(bob.subject.contains("réservé"), "{}", bob.subject);
        assert!(
            bob.body.contains("lundi 11 janvier 2027, 10:00–11:00"),
            "{}",
            bob.body
        );
        assert!(carol.body.contains("Monday 11 January 2027, 10:00–11:00"));
        assert!(carol
            .body
            .contains("ALICE booked Labo 101 (Sciences) for Bob B"));
        assert_eq!(bob.calendar.as_ref().map(|c| c.1), Some("REQUEST"));
        assert_ne!(bob.message_id, carol.message_id);
    }

    #[test]
    fn the_one_who_did_it_the_opted_out_and_those_without_address_are_skipped() {
        let t = Templates::built_in();
        let mut quiet = person("quiet", Some("q@x.example"), "fr");
        quiet.notify = false;
        let m = mail(
            "booking_changed",
            vec![
                person("alice", Some("alice@x.example"), "en"),
                quiet,
                person("nomail", None, "fr"),
            ],
        );
        let states: Vec<_> = plan(&m, &ctx(&t))
            .into_iter()
            .map(|s| match s {
                Step::Skip(d) => d.state,
                Step::Send(_) => "send",
            })
            .collect();
        assert_eq!(states, ["self", "opted_out", "no_address"]);
    }

    #[test]
    fn mail_switched_off_sends_nothing() {
        let t = Templates::built_in();
        let mut m = mail(
            "booking_created",
            vec![person("bob", Some("bob@x.example"), "fr")],
        );
        m.enabled = false;
        assert!(matches!(&plan(&m, &ctx(&t))[0], Step::Skip(d) if d.state == "off"));
    }

    #[test]
    fn a_deleted_booking_cancels_the_event_and_a_decision_reads_in_french() {
        let t = Templates::built_in();
        let m = mail(
            "booking_deleted",
            vec![person("bob", Some("bob@x.example"), "fr")],
        );
        let Step::Send(l) = &plan(&m, &ctx(&t))[0] else {
            panic!()
        };
        assert_eq!(l.calendar.as_ref().map(|c| c.1), Some("CANCEL"));
        let mut m = mail(
            "moderation_decided",
            vec![person("bob", Some("bob@x.example"), "fr")],
        );
        m.payload = serde_json::json!({"decision": "refused", "reason": "salle en travaux"});
        let Step::Send(l) = &plan(&m, &ctx(&t))[0] else {
            panic!()
        };
        assert!(l.subject.contains("Réservation refusée"), "{}", l.subject);
        assert!(l.body.contains("Motif : salle en travaux"), "{}", l.body);
    }

    #[test]
    fn a_booking_cancelled_by_a_blocked_day_says_why() {
        let t = Templates::built_in();
        let mut m = mail(
            "booking_deleted",
            vec![person("bob", Some("bob@x.example"), "fr")],
        );
        m.payload = serde_json::json!({"blocked_day": "2027-01-11", "reason": "Pont"});
        let Step::Send(l) = &plan(&m, &ctx(&t))[0] else {
            panic!()
        };
        assert!(
            l.body
                .contains("Ce jour est devenu un jour sans réservation : Pont"),
            "{}",
            l.body
        );
    }

    #[test]
    fn the_message_id_is_the_same_at_every_attempt() {
        assert_eq!(
            message_id(42, "bob", "lycee.example"),
            message_id(42, "bob", "lycee.example")
        );
        assert_ne!(
            message_id(42, "bob", "lycee.example"),
            message_id(43, "bob", "lycee.example")
        );
        assert!(message_id(42, "bob", "d").starts_with("<intendant.42."));
    }

    #[test]
    fn the_import_report_lists_each_run_with_its_counts_and_rejected_lines() {
        let t = Templates::built_in();
        let mut m = mail(
            "import_report",
            vec![person("admin", Some("a@x.example"), "fr")],
        );
        m.booking = None;
        m.payload = serde_json::json!({"day": "2027-01-11", "runs": [{
            "kind": "student", "file": "eleves.csv", "run_by": "mdupont",
            "run_at": "2027-01-11T13:05:00Z", "rows": 1200, "added": 3, "updated": 10,
            "unchanged": 1185, "rejected": 2, "deactivated": 5,
            "rejected_lines": [{"line": 17, "field": "date_naissance", "reason": "date invalide"}]}]});
        let Step::Send(l) = &plan(&m, &ctx(&t))[0] else {
            panic!()
        };
        assert!(
            l.subject.contains("Imports du lundi 11 janvier 2027"),
            "{}",
            l.subject
        );
        assert!(
            l.body.contains("élèves : eleves.csv, par mdupont à 14:05"),
            "{}",
            l.body
        );
        assert!(
            l.body.contains("1200 lignes : 3 ajoutées, 10 mises à jour"),
            "{}",
            l.body
        );
        assert!(
            l.body.contains("ligne 17, date_naissance : date invalide"),
            "{}",
            l.body
        );
        assert!(l.calendar.is_none());
    }

    #[test]
    fn a_booking_over_two_days_gives_both_ends() {
        let s: DateTime<Utc> = "2027-01-11T09:00:00Z".parse().unwrap();
        let e: DateTime<Utc> = "2027-01-12T17:00:00Z".parse().unwrap();
        assert_eq!(
            when(s, e, chrono_tz::Europe::Paris, Lang::En),
            "Monday 11 January 2027, 10:00 – Tuesday 12 January 2027, 18:00"
        );
    }
}
