//! Why the database refused a booking, in the user's language. The write-path functions
//! (sql/0004) raise with a JSON DETAIL naming the rule and its limit; this turns that into the
//! catalogue's sentence, with times in the installation's zone.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde_json::Value;

use crate::i18n::{fill, Lang, T};

/// SQLSTATE of a broken booking rule; 42501 (insufficient_privilege) marks a missing right.
pub const RULE_SQLSTATE: &str = "IB000";

/// The rules the write-path functions name when they refuse (the DETAIL's `rule`). Read once,
/// here; a rule this build does not know (a newer schema) is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Conflict,
    RoomUnavailable,
    Past,
    MinMinutesBefore,
    MaxDaysAhead,
    MaxDuration,
    BlockedDay,
    ClosedDay,
    OutsideHours,
    OffGrid,
    OutsidePeriods,
    TypeNotEnabled,
    UnknownField,
    MandatoryField,
    FieldChoice,
    MaxPerRoom,
    MaxPerArea,
    MaxPerUser,
    TentativeNotAllowed,
    TentativeDeadline,
    NoOccurrence,
    TooMany,
    SeriesOverlaps,
    BookForOthers,
    UnknownBeneficiary,
    Visitor,
    NoSuchRoom,
    NoSuchBooking,
    NotYours,
    ManagersOnly,
    NotModerator,
    NotPending,
    NotTentative,
    TooLong,
    LoanState,
    OneLoanPerRoom,
    NoLoans,
    AdminOnly,
    NoSuchType,
    TypeInUse,
    BlockedDayHasBookings,
    BadChoice,
    BadLogin,
    BadPassword,
    LoginTaken,
    UserExists,
    NoSuchUser,
    NotYourself,
    UnknownRoomField,
    NotRoomAdmin,
    BulkAdminOnly,
    BulkConflict,
    NotInScope,
    NoSuchSite,
    NoSuchArea,
    AreaNeedsSite,
    AreaExists,
    RoomExists,
    RoomArchived,
    UnknownAreaField,
    UnknownRight,
    TypeHidden,
    BadMove,
    #[serde(other)]
    Other,
}

/// Why a date of a series was left out, in the user's words (`reason` as the write functions
/// and the expansion name it; `with` is the booking it conflicts with).
pub fn skip_reason(lang: Lang, reason: &str, with: &str) -> String {
    match reason {
        "blocked_day" => T::SkipBlockedDay.text(lang).to_owned(),
        "no_such_local_time" => T::SkipNoSuchTime.text(lang).to_owned(),
        "conflict" => fill(T::SkipConflict.text(lang), &[&with]),
        "detached" => T::SkipDetached.text(lang).to_owned(),
        "skipped_before" => T::SkipSkippedBefore.text(lang).to_owned(),
        other => other.to_owned(),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The rule, as the SQL names it: `conflict`, `max_duration`…
    pub rule: Reason,
    /// Everything the DETAIL carried besides the rule.
    pub args: Value,
    /// The server's English message, for logs.
    pub message: String,
}

impl Refusal {
    /// Reads a server error's DETAIL; None when it is not a refusal.
    pub fn from_detail(message: &str, detail: Option<&str>) -> Option<Refusal> {
        let args: Value = serde_json::from_str(detail?).ok()?;
        let rule = serde_json::from_value(args.get("rule")?.clone()).ok()?;
        Some(Refusal {
            rule,
            args,
            message: message.to_owned(),
        })
    }

    /// An argument of the refusal as text (`field`, `limit`…).
    pub fn arg(&self, key: &str) -> String {
        match self.args.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        }
    }

    /// "2026-11-24 10:00" in `tz` for a timestamp argument.
    fn time(&self, key: &str, tz: Tz) -> String {
        local(&self.arg(key), tz)
    }

    /// The items of a list argument (`conflicts`, `bookings`), each made into a line by `line`
    /// from its text fields; with their count.
    fn listed(
        &self,
        key: &str,
        line: impl Fn(&dyn Fn(&str) -> String) -> String,
    ) -> (usize, Vec<String>) {
        let list = self
            .args
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let items = list
            .iter()
            .map(|c| line(&|k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_owned()))
            .collect();
        (list.len(), items)
    }

    /// The sentence for the user.
    pub fn explain(&self, lang: Lang, tz: Tz) -> String {
        let say = |key: T, args: &[&dyn std::fmt::Display]| fill(key.text(lang), args);
        let t = |k: &str| self.arg(k);
        match self.rule {
            Reason::Conflict => {
                let items = self
                    .args
                    .get("conflicts")
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .map(|c| {
                                let field =
                                    |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("");
                                let start = local(field("start"), tz);
                                let end = local(field("end"), tz);
                                let end = if end.get(..10) == start.get(..10) {
                                    end.get(11..).unwrap_or(&end).to_owned()
                                } else {
                                    end
                                };
                                say(
                                    T::RuleConflictItem,
                                    &[&start, &end, &field("name"), &field("beneficiary")],
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default();
                say(T::RuleConflict, &[&items])
            }
            Reason::RoomUnavailable => say(T::RuleRoomUnavailable, &[&t("room")]),
            Reason::Past => say(T::RulePast, &[&self.time("start", tz), &t("room")]),
            Reason::MinMinutesBefore => {
                say(T::RuleMinMinutes, &[&self.time("start", tz), &t("limit")])
            }
            Reason::MaxDaysAhead => {
                say(T::RuleMaxDaysAhead, &[&self.time("start", tz), &t("limit")])
            }
            Reason::MaxDuration => say(T::RuleMaxDuration, &[&t("limit"), &t("minutes")]),
            Reason::BlockedDay => say(T::RuleBlockedDay, &[&t("date")]),
            Reason::ClosedDay => say(T::RuleClosedDay, &[&t("area"), &t("date")]),
            Reason::OutsideHours => say(
                T::RuleOutsideHours,
                &[
                    &self.time("start", tz),
                    &self.time("end", tz),
                    &t("area"),
                    &t("from"),
                    &t("to"),
                ],
            ),
            Reason::OffGrid => {
                let minutes = self
                    .args
                    .get("minutes")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let from = chrono::NaiveTime::parse_from_str(&t("from"), "%H:%M").ok();
                let step = |n: i64| {
                    from.map(|f| {
                        (f + chrono::Duration::minutes(n * minutes))
                            .format("%H:%M")
                            .to_string()
                    })
                    .unwrap_or_default()
                };
                say(
                    T::RuleOffGrid,
                    &[
                        &self.time("start", tz),
                        &self.time("end", tz),
                        &minutes,
                        &t("area"),
                        &step(0),
                        &step(1),
                        &step(2),
                        &t("to"),
                    ],
                )
            }
            Reason::OutsidePeriods => say(
                T::RuleOutsidePeriods,
                &[&self.time("start", tz), &self.time("end", tz), &t("area")],
            ),
            Reason::TypeNotEnabled => say(T::RuleTypeNotEnabled, &[&t("type"), &t("area")]),
            Reason::UnknownField => say(T::RuleUnknownField, &[&t("field"), &t("area")]),
            Reason::MandatoryField => say(T::RuleMandatoryField, &[&t("field")]),
            Reason::FieldChoice => {
                let choices = self
                    .args
                    .get("choices")
                    .and_then(Value::as_array)
                    .map(|c| {
                        c.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                    .unwrap_or_default();
                say(T::RuleFieldChoice, &[&t("field"), &t("value"), &choices])
            }
            Reason::MaxPerRoom => say(T::RuleMaxPerRoom, &[&t("login"), &t("limit"), &t("room")]),
            Reason::MaxPerArea => say(T::RuleMaxPerArea, &[&t("login"), &t("limit"), &t("area")]),
            Reason::MaxPerUser => say(T::RuleMaxPerUser, &[&t("login"), &t("limit")]),
            Reason::TentativeNotAllowed => say(T::RuleTentativeNotAllowed, &[&t("room")]),
            Reason::TentativeDeadline => say(
                T::RuleTentativeDeadline,
                &[&self.time("until", tz), &t("limit")],
            ),
            Reason::NoOccurrence => say(T::RuleNoOccurrence, &[]),
            Reason::TooMany => say(T::RuleTooMany, &[&t("limit"), &t("count")]),
            Reason::SeriesOverlaps => say(T::RuleSeriesOverlaps, &[]),
            Reason::BookForOthers => say(T::RuleBookForOthers, &[&t("room")]),
            Reason::UnknownBeneficiary => say(T::RuleUnknownBeneficiary, &[&t("login")]),
            Reason::Visitor => say(T::RuleVisitor, &[]),
            Reason::NoSuchRoom => say(T::RuleNoSuchRoom, &[&t("room")]),
            Reason::NoSuchBooking => say(T::RuleNoSuchBooking, &[&t("id")]),
            Reason::NotYours => say(T::RuleNotYours, &[&t("id")]),
            Reason::ManagersOnly => say(T::RuleManagersOnly, &[&t("room")]),
            Reason::NotModerator => say(T::RuleNotModerator, &[]),
            Reason::NotPending => say(T::RuleNotPending, &[&t("id")]),
            Reason::NotTentative => say(T::RuleNotTentative, &[&t("id")]),
            Reason::TooLong => say(T::TooLong, &[&t("field"), &t("limit"), &t("length")]),
            Reason::LoanState => say(T::RuleLoanState, &[&t("state")]),
            Reason::OneLoanPerRoom => say(T::RuleOneLoan, &[&t("id")]),
            Reason::NoLoans => say(T::RuleNoLoans, &[&t("room")]),
            Reason::AdminOnly => say(T::RuleAdminOnly, &[]),
            Reason::NoSuchType => say(T::RuleNoSuchType, &[&t("type")]),
            Reason::TypeInUse => say(T::RuleTypeInUse, &[&t("type"), &t("bookings")]),
            Reason::BadChoice => say(T::RuleBadChoice, &[&t("bookings")]),
            Reason::BadLogin => say(T::RuleBadLogin, &[&t("login")]),
            Reason::BadPassword => say(T::RuleBadPassword, &[]),
            Reason::LoginTaken => say(T::RuleLoginTaken, &[&t("login")]),
            Reason::UserExists => say(T::RuleUserExists, &[&t("login")]),
            Reason::NoSuchUser => say(T::RuleNoSuchUser, &[&t("login")]),
            Reason::NotYourself => say(T::RuleNotYourself, &[]),
            Reason::UnknownRoomField => say(T::RuleUnknownRoomField, &[&t("field"), &t("known")]),
            Reason::NotRoomAdmin => say(T::RuleNotRoomAdmin, &[&t("field"), &t("room")]),
            Reason::NotInScope => {
                if self.args.get("room").is_some() {
                    say(T::RuleNotInScopeRoom, &[&t("room")])
                } else if self.args.get("field").is_some() {
                    say(T::RuleNotInScopeAreaField, &[&t("field"), &t("area")])
                } else if self.args.get("area").is_some() {
                    say(T::RuleNotInScopeArea, &[&t("area")])
                } else {
                    say(T::RuleNotInScopeSite, &[&t("site")])
                }
            }
            Reason::NoSuchSite => say(T::RuleNoSuchSite, &[&t("site")]),
            Reason::NoSuchArea => say(T::RuleNoSuchArea, &[&t("area")]),
            Reason::AreaNeedsSite => say(T::RuleAreaNeedsSite, &[]),
            Reason::AreaExists => say(T::RuleAreaExists, &[&t("site"), &t("area")]),
            Reason::RoomExists => say(T::RuleRoomExists, &[&t("area"), &t("room")]),
            Reason::RoomArchived => say(T::RuleRoomArchived, &[&t("room")]),
            Reason::UnknownAreaField => say(T::RuleUnknownAreaField, &[&t("field"), &t("known")]),
            Reason::UnknownRight => say(T::RuleUnknownRight, &[&t("right"), &t("known")]),
            Reason::TypeHidden => say(T::RuleTypeHidden, &[&t("type")]),
            Reason::BadMove => say(T::RuleBadMove, &[&t("day"), &t("to")]),
            Reason::BlockedDayHasBookings => {
                let (n, items) = self.listed("bookings", |field| {
                    format!(
                        "\n  {} {} {} ({})",
                        local(&field("start"), tz),
                        field("room"),
                        field("name"),
                        field("beneficiary")
                    )
                });
                say(
                    T::RuleBlockedDayHasBookings,
                    &[&t("day"), &n, &items.concat()],
                )
            }
            Reason::BulkAdminOnly => say(T::RuleBulkAdminOnly, &[&t("room")]),
            Reason::BulkConflict => {
                let (n, items) = self.listed("conflicts", |field| {
                    format!(
                        "{} {} {}",
                        field("room"),
                        local(&field("start"), tz),
                        field("name")
                    )
                });
                say(T::RuleBulkConflict, &[&n, &items.join("; ")])
            }
            // A rule this build does not know (a newer schema): the server's own words.
            Reason::Other => self.message.clone(),
        }
    }

    /// The dates a refused series conflicts on, for the form and the CLI.
    pub fn conflict_dates(&self) -> Vec<NaiveDate> {
        self.args
            .get("conflicts")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|c| c.get("date")?.as_str()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// An RFC 3339 time from the server as "YYYY-MM-DD HH:MM" in `tz`; anything else unchanged.
fn local(text: &str, tz: Tz) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(detail: &str) -> Refusal {
        Refusal::from_detail("server text", Some(detail)).expect("a refusal")
    }

    #[test]
    fn non_json_detail_is_not_a_refusal() {
        assert!(Refusal::from_detail("x", Some("Key (id)=(1) exists")).is_none());
        assert!(Refusal::from_detail("x", None).is_none());
        assert!(Refusal::from_detail("x", Some("{\"no_rule\": 1}")).is_none());
    }

    #[test]
    fn conflict_names_time_name_and_beneficiary_in_local_time() {
        let r = refusal(
            r#"{"rule": "conflict", "conflicts": [{"start": "2027-01-05T09:00:00+00:00",
                "end": "2027-01-05T10:00:00+00:00", "name": "Cours", "beneficiary": "Anh Nguyen",
                "date": "2027-01-05"}]}"#,
        );
        let tz = chrono_tz::Europe::Paris;
        assert_eq!(
            r.explain(Lang::En, tz),
            "The room is already booked: 2027-01-05 10:00–11:00 “Cours” for Anh Nguyen."
        );
        assert_eq!(
            r.explain(Lang::Fr, tz),
            "La ressource est déjà réservée : 2027-01-05 10:00–11:00 « Cours » pour Anh Nguyen."
        );
        assert_eq!(
            r.conflict_dates(),
            vec![NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()]
        );
    }

    #[test]
    fn each_rule_names_its_limit() {
        let tz = chrono_tz::America::Toronto;
        let cases = [
            (
                r#"{"rule": "max_duration", "limit": 120, "minutes": 180}"#,
                "at most 120 minutes here, not 180",
            ),
            (
                r#"{"rule": "max_days_ahead", "limit": 30, "start": "2027-03-01T15:00:00+00:00"}"#,
                "2027-03-01 10:00 is more than 30 days ahead",
            ),
            (
                r#"{"rule": "max_per_room", "limit": 2, "room": "Labo 101", "login": "alice"}"#,
                "alice may have at most 2 bookings to come in room Labo 101",
            ),
            (
                r#"{"rule": "field_choice", "field": "Niveau", "value": "6e", "choices": ["2de", "1re"]}"#,
                "“6e” is not one of 2de|1re",
            ),
        ];
        for (detail, expected) in cases {
            let text = refusal(detail).explain(Lang::En, tz);
            assert!(text.contains(expected), "{text} should contain {expected}");
        }
    }

    #[test]
    fn unknown_rule_falls_back_to_the_server_text() {
        assert_eq!(
            refusal(r#"{"rule": "from_the_future"}"#).explain(Lang::Fr, chrono_tz::UTC),
            "server text"
        );
    }
}
