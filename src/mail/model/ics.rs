//! The iCalendar part of a booking mail (RFC 5545, iTIP's METHOD): one event per occurrence,
//! each with a UID that is the booking's for good, so that a calendar app adds the event on a
//! REQUEST, updates it on the next one (a higher SEQUENCE), and removes it on a CANCEL.

use chrono::{DateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::letter::{Booking, Context};

/// The calendar text for `method` ("REQUEST" or "CANCEL"), addressed to `attendee`.
pub fn calendar(
    b: &Booking,
    method: &'static str,
    stamp: DateTime<Utc>,
    attendee: &str,
    ctx: &Context,
) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//Intendant//Intendant//EN"));
    cal.append_property(("METHOD", method));
    let status = if method == "CANCEL" {
        EventStatus::Cancelled
    } else if b.moderation == "pending" || b.tentative_until.is_some() {
        EventStatus::Tentative
    } else {
        EventStatus::Confirmed
    };
    for o in &b.occurrences {
        let mut event = Event::new();
        event
            .uid(&uid(o.id, ctx.domain))
            .timestamp(stamp)
            .starts(o.start)
            .ends(o.end)
            .summary(&b.name)
            .location(&format!("{} ({})", b.room, b.area))
            .sequence(sequence(b.updated_at))
            .status(status)
            .add_property("ORGANIZER", format!("mailto:{}", ctx.from))
            .add_property("ATTENDEE", format!("mailto:{attendee}"));
        if !b.description.is_empty() {
            event.description(&b.description);
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

/// `booking-42@lycee.example`: the booking's for as long as it lives.
pub fn uid(booking: i64, domain: &str) -> String {
    format!("booking-{booking}@{domain}")
}

/// Grows with every change of the booking: seconds since 2024 of its last change.
fn sequence(updated_at: DateTime<Utc>) -> u32 {
    let origin = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single();
    origin
        .map(|o| (updated_at - o).num_seconds().clamp(0, u32::MAX as i64) as u32)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::model::letter::Occurrence;
    use crate::mail::model::template::Templates;

    fn booking(occurrences: usize) -> Booking {
        let start: DateTime<Utc> = "2027-01-11T09:00:00Z".parse().unwrap();
        Booking {
            id: 7,
            name: "Cours; de chimie, 1\\2".into(),
            kind: None,
            room: "Labo".into(),
            area: "Sciences".into(),
            start,
            end: start + chrono::Duration::hours(1),
            beneficiary: None,
            description: "ligne 1\nligne 2".into(),
            moderation: "none".into(),
            tentative_until: None,
            archived: false,
            updated_at: start,
            occurrences: (0..occurrences as i64)
                .map(|i| Occurrence {
                    id: 7 + i,
                    start: start + chrono::Duration::days(7 * i),
                    end: start + chrono::Duration::days(7 * i) + chrono::Duration::hours(1),
                })
                .collect(),
        }
    }

    fn text(b: &Booking, method: &'static str) -> String {
        let t = Templates::built_in();
        let ctx = Context {
            templates: &t,
            tz: chrono_tz::Europe::Paris,
            site: "L",
            from: "intendant@lycee.example",
            domain: "lycee.example",
        };
        calendar(b, method, b.start, "bob@x.example", &ctx)
    }

    #[test]
    fn an_invitation_has_one_event_per_occurrence_with_stable_uids_and_utc_times() {
        let ics = text(&booking(3), "REQUEST");
        assert!(ics.contains("METHOD:REQUEST\r\n"), "{ics}");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
        for id in [7, 8, 9] {
            assert!(
                ics.contains(&format!("UID:booking-{id}@lycee.example\r\n")),
                "{ics}"
            );
        }
        assert!(ics.contains("DTSTART:20270111T090000Z"), "{ics}");
        assert!(ics.contains("STATUS:CONFIRMED"));
        assert!(ics.contains("ATTENDEE:mailto:bob@x.example"));
        // RFC 5545 escapes , ; \ and line breaks in text.
        assert!(ics.contains(r"SUMMARY:Cours\; de chimie\, 1\\2"), "{ics}");
        assert!(ics.contains(r"DESCRIPTION:ligne 1\nligne 2"), "{ics}");
        let parsed: Calendar = ics.parse().expect("the calendar parses back");
        assert_eq!(parsed.events().count(), 3);
    }

    #[test]
    fn a_cancellation_keeps_the_uid_and_says_cancelled() {
        let ics = text(&booking(1), "CANCEL");
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert!(ics.contains("UID:booking-7@lycee.example"));
        assert!(ics.contains("STATUS:CANCELLED"));
    }

    #[test]
    fn a_later_change_has_a_higher_sequence() {
        let a = booking(1);
        let mut b = booking(1);
        b.updated_at += chrono::Duration::seconds(5);
        assert!(sequence(b.updated_at) > sequence(a.updated_at));
    }
}
