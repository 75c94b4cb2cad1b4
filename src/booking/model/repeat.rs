//! Periodicities (seed 003 section 4.6): a series is a first occurrence, a rule and an end
//! date, expanded in local time so that a 10:00 booking stays at 10:00 across DST changes.
//! Blocked days are skipped and reported; so are occurrences whose local time does not exist
//! (the hour the clocks skip). More occurrences than the limit is an error, found before
//! anything is written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{
    DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, TimeZone, Weekday,
};
use chrono_tz::Tz;

/// A set of weekdays, Monday first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Days(u8);

impl Days {
    pub fn of(days: &[Weekday]) -> Days {
        Days(
            days.iter()
                .fold(0, |mask, d| mask | 1 << d.num_days_from_monday()),
        )
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Offsets from Monday of the days in the set, in week order.
    pub fn offsets(self) -> impl Iterator<Item = i64> {
        (0..7).filter(move |i| self.0 & (1 << i) != 0)
    }
}

/// Which weekday of the month, for "the 3rd Tuesday" or "the last Friday".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nth {
    /// 1 to 5.
    Number(u8),
    Last,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Every `every` days.
    Daily { every: u32 },
    /// Every `every` weeks (counted from the first occurrence's week), on these days.
    Weekly { every: u32, days: Days },
    /// The same day of the month, every `every` months; months without that day are skipped.
    MonthlyDate { every: u32 },
    /// The same weekday of the month ("3rd Tuesday", "last Friday"), every `every` months.
    MonthlyWeekday {
        every: u32,
        nth: Nth,
        weekday: Weekday,
    },
    /// The same day every `every` years (29 February only in leap years).
    Yearly { every: u32 },
    /// Every date whose cycle day (J1…Jn) is `day`.
    CycleDay { day: u32 },
}

impl Rule {
    /// The choice a person makes for this rule (what the form's picker shows).
    pub fn kind(&self) -> Kind {
        match self {
            Rule::Daily { .. } => Kind::Daily,
            Rule::Weekly { .. } => Kind::Weekly,
            Rule::MonthlyDate { .. } => Kind::MonthlyDate,
            Rule::MonthlyWeekday { nth: Nth::Last, .. } => Kind::MonthlyLastWeekday,
            Rule::MonthlyWeekday { .. } => Kind::MonthlyWeekday,
            Rule::Yearly { .. } => Kind::Yearly,
            Rule::CycleDay { .. } => Kind::Cycle,
        }
    }

    /// Every how many days, weeks, months or years (1 for cycle days).
    pub fn every(&self) -> u32 {
        match self {
            Rule::Daily { every }
            | Rule::Weekly { every, .. }
            | Rule::MonthlyDate { every }
            | Rule::MonthlyWeekday { every, .. }
            | Rule::Yearly { every } => *every,
            Rule::CycleDay { .. } => 1,
        }
    }

    /// The month-weekday rule that the first occurrence's date falls on: the 3rd Tuesday, or
    /// the 5th Thursday (months without one are passed over). "The last" is its own choice.
    pub fn monthly_weekday_of(date: NaiveDate, every: u32) -> Rule {
        let n = (date.day() - 1) / 7 + 1;
        Rule::MonthlyWeekday {
            every,
            nth: Nth::Number(n as u8),
            weekday: date.weekday(),
        }
    }
}

/// The repeat kinds a person chooses from; their names are what the command line and the
/// form show (`--repeat monthly-weekday`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Daily,
    Weekly,
    MonthlyDate,
    MonthlyWeekday,
    MonthlyLastWeekday,
    Yearly,
    Cycle,
}

/// In the order the form's picker cycles.
pub const KINDS: [Kind; 7] = [
    Kind::Daily,
    Kind::Weekly,
    Kind::MonthlyDate,
    Kind::MonthlyWeekday,
    Kind::MonthlyLastWeekday,
    Kind::Yearly,
    Kind::Cycle,
];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Daily => "daily",
            Kind::Weekly => "weekly",
            Kind::MonthlyDate => "monthly-date",
            Kind::MonthlyWeekday => "monthly-weekday",
            Kind::MonthlyLastWeekday => "monthly-last-weekday",
            Kind::Yearly => "yearly",
            Kind::Cycle => "cycle",
        }
    }
}

/// What is missing in a repeat choice; each caller names its own option or field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceError {
    NoDays,
    NoCycleDay,
}

/// The rule a choice means for a series whose first occurrence is on `first`: the one planner
/// behind `booking add --repeat …` and the booking form. Weekly without days repeats on the
/// first date's weekday; `monthly-weekday` is the first date's rank in its month (its 5th is
/// read as the last), `monthly-last-weekday` its last such weekday.
pub fn rule_of(
    kind: Kind,
    every: u32,
    first: NaiveDate,
    days: Option<Days>,
    cycle_day: Option<u32>,
) -> Result<Rule, ChoiceError> {
    Ok(match kind {
        Kind::Daily => Rule::Daily { every },
        Kind::Weekly => {
            let days = days.unwrap_or_else(|| Days::of(&[first.weekday()]));
            if days == Days::default() {
                return Err(ChoiceError::NoDays);
            }
            Rule::Weekly { every, days }
        }
        Kind::MonthlyDate => Rule::MonthlyDate { every },
        Kind::MonthlyWeekday => Rule::monthly_weekday_of(first, every),
        Kind::MonthlyLastWeekday => Rule::MonthlyWeekday {
            every,
            nth: Nth::Last,
            weekday: first.weekday(),
        },
        Kind::Yearly => Rule::Yearly { every },
        Kind::Cycle => Rule::CycleDay {
            day: cycle_day.ok_or(ChoiceError::NoCycleDay)?,
        },
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The first occurrence's start, in local time.
    pub start: NaiveDateTime,
    /// The first occurrence's end, in local time; later ones keep the same wall-clock span.
    pub end: NaiveDateTime,
    pub rule: Rule,
    /// The last date an occurrence may start on.
    pub until: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
}

impl Occurrence {
    pub fn date(&self) -> NaiveDate {
        self.start.date_naive()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipReason {
    BlockedDay,
    /// The local time falls in the hour the clocks skip.
    NoSuchLocalTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub date: NaiveDate,
    pub reason: SkipReason,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub occurrences: Vec<Occurrence>,
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    #[error("the series would make more than {max} occurrences")]
    TooMany { max: usize },
    #[error("a booking must end after it starts")]
    EndNotAfterStart,
    #[error("the series ends before it starts")]
    UntilBeforeStart,
    #[error("a repeat interval must be at least 1")]
    ZeroInterval,
    #[error("a weekly series needs at least one day")]
    NoDays,
}

/// What the calendar says about dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    pub blocked: BTreeSet<NaiveDate>,
    pub cycle_days: BTreeMap<NaiveDate, u32>,
}

/// The dates a rule gives from `first` to `until`, in order, before blocked days and local
/// times are looked at. Stops once `limit` dates are found.
fn dates(
    rule: &Rule,
    first: NaiveDate,
    until: NaiveDate,
    calendar: &Calendar,
    limit: usize,
) -> Vec<NaiveDate> {
    // The first date is booked whatever the rule says of it, as GRR does ("every Monday"
    // from a Wednesday: that Wednesday, then the Mondays); the rule's dates follow it. Cycle
    // days are the calendar's: the first date only says from when.
    let mut out = Vec::new();
    if !matches!(rule, Rule::CycleDay { .. }) {
        out.push(first);
    }
    let push = |d: NaiveDate, out: &mut Vec<NaiveDate>| {
        if d >= first && d <= until && out.last().is_none_or(|last| d > *last) {
            out.push(d);
        }
        out.len() < limit
    };
    match rule {
        Rule::Daily { every } => {
            let mut d = first;
            while d <= until && push(d, &mut out) {
                d += Duration::days(*every as i64);
            }
        }
        Rule::Weekly { every, days } => {
            let mut monday = first - Duration::days(first.weekday().num_days_from_monday() as i64);
            'weeks: while monday <= until {
                for offset in days.offsets() {
                    if !push(monday + Duration::days(offset), &mut out) {
                        break 'weeks;
                    }
                }
                monday += Duration::weeks(*every as i64);
            }
        }
        Rule::MonthlyDate { every } => {
            let start_month = first.with_day(1).unwrap_or(first);
            for k in 0.. {
                let Some(month) = start_month.checked_add_months(Months::new(every * k)) else {
                    break;
                };
                if month > until {
                    break;
                }
                if let Some(d) = month.with_day(first.day()) {
                    if !push(d, &mut out) {
                        break;
                    }
                }
            }
        }
        Rule::MonthlyWeekday {
            every,
            nth,
            weekday,
        } => {
            let start_month = first.with_day(1).unwrap_or(first);
            for k in 0.. {
                let Some(month) = start_month.checked_add_months(Months::new(every * k)) else {
                    break;
                };
                if month > until {
                    break;
                }
                let d = match nth {
                    Nth::Number(n) => NaiveDate::from_weekday_of_month_opt(
                        month.year(),
                        month.month(),
                        *weekday,
                        *n,
                    ),
                    Nth::Last => {
                        let next = month.checked_add_months(Months::new(1));
                        next.map(|n| {
                            let last = n - Duration::days(1);
                            let back = (7 + last.weekday().num_days_from_monday()
                                - weekday.num_days_from_monday())
                                % 7;
                            last - Duration::days(back as i64)
                        })
                    }
                };
                if let Some(d) = d {
                    if !push(d, &mut out) {
                        break;
                    }
                }
            }
        }
        Rule::Yearly { every } => {
            for k in 0.. {
                let year = first.year() + (*every as i32) * k;
                if year > until.year() {
                    break;
                }
                if let Some(d) = NaiveDate::from_ymd_opt(year, first.month(), first.day()) {
                    if !push(d, &mut out) {
                        break;
                    }
                }
            }
        }
        Rule::CycleDay { day } => {
            for (d, _) in calendar
                .cycle_days
                .range(first..=until)
                .filter(|(_, n)| *n == day)
            {
                if !push(*d, &mut out) {
                    break;
                }
            }
        }
    }
    out
}

/// Expands a series into occurrences in `tz`, skipping blocked days and nonexistent local
/// times (both reported). A time the clocks pass twice takes its first instant.
pub fn expand(
    series: &Series,
    tz: Tz,
    calendar: &Calendar,
    max: usize,
) -> Result<Expansion, ExpandError> {
    if series.end <= series.start {
        return Err(ExpandError::EndNotAfterStart);
    }
    let first = series.start.date();
    if series.until < first {
        return Err(ExpandError::UntilBeforeStart);
    }
    match &series.rule {
        Rule::Daily { every: 0 }
        | Rule::Weekly { every: 0, .. }
        | Rule::MonthlyDate { every: 0 }
        | Rule::Yearly { every: 0 } => return Err(ExpandError::ZeroInterval),
        Rule::MonthlyWeekday { every: 0, .. } => return Err(ExpandError::ZeroInterval),
        Rule::Weekly { days, .. } if days.is_empty() => return Err(ExpandError::NoDays),
        _ => {}
    }
    let span = series.end - series.start;
    let time = series.start.time();
    let mut expansion = Expansion::default();
    // One more than allowed is enough to know it is too many.
    let limit = max.saturating_add(1);
    for date in dates(
        &series.rule,
        first,
        series.until,
        calendar,
        limit.saturating_add(calendar.blocked.len()),
    ) {
        if calendar.blocked.contains(&date) {
            expansion.skipped.push(Skipped {
                date,
                reason: SkipReason::BlockedDay,
            });
            continue;
        }
        let local_start = date.and_time(time);
        let start = match tz.from_local_datetime(&local_start) {
            LocalResult::Single(t) => t,
            LocalResult::Ambiguous(earliest, _) => earliest,
            LocalResult::None => {
                expansion.skipped.push(Skipped {
                    date,
                    reason: SkipReason::NoSuchLocalTime,
                });
                continue;
            }
        };
        let local_end = local_start + span;
        let end = match tz.from_local_datetime(&local_end) {
            LocalResult::Single(t) => t,
            LocalResult::Ambiguous(_, latest) => latest,
            LocalResult::None => {
                expansion.skipped.push(Skipped {
                    date,
                    reason: SkipReason::NoSuchLocalTime,
                });
                continue;
            }
        };
        expansion.occurrences.push(Occurrence { start, end });
        if expansion.occurrences.len() > max {
            return Err(ExpandError::TooMany { max });
        }
    }
    Ok(expansion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_planner_reads_every_choice() {
        let tue = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(
            rule_of(Kind::Daily, 2, tue, None, None),
            Ok(Rule::Daily { every: 2 })
        );
        assert_eq!(
            rule_of(Kind::Weekly, 1, tue, None, None),
            Ok(Rule::Weekly {
                every: 1,
                days: Days::of(&[Weekday::Tue])
            })
        );
        assert_eq!(
            rule_of(Kind::Weekly, 1, tue, Some(Days::default()), None),
            Err(ChoiceError::NoDays)
        );
        assert_eq!(
            rule_of(Kind::MonthlyLastWeekday, 1, tue, None, None),
            Ok(Rule::MonthlyWeekday {
                every: 1,
                nth: Nth::Last,
                weekday: Weekday::Tue
            })
        );
        assert_eq!(
            rule_of(Kind::Cycle, 1, tue, None, None),
            Err(ChoiceError::NoCycleDay)
        );
        assert_eq!(
            rule_of(Kind::Cycle, 1, tue, None, Some(3)),
            Ok(Rule::CycleDay { day: 3 })
        );
        for kind in KINDS {
            assert!(
                rule_of(kind, 1, tue, None, Some(1)).is_ok(),
                "{}",
                kind.name()
            );
        }
    }
    use chrono::{NaiveTime, Timelike};
    use chrono_tz::America::Toronto;
    use chrono_tz::Europe::Paris;
    use Weekday::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(date: NaiveDate, h: u32, min: u32) -> NaiveDateTime {
        date.and_time(NaiveTime::from_hms_opt(h, min, 0).unwrap())
    }

    fn series(start: NaiveDate, rule: Rule, until: NaiveDate) -> Series {
        Series {
            start: at(start, 10, 0),
            end: at(start, 11, 30),
            rule,
            until,
        }
    }

    /// Expands in Paris with an empty calendar and the usual cap.
    fn plain(series: Series) -> Expansion {
        expand(&series, Paris, &Calendar::default(), 366).unwrap()
    }

    fn dates_of(e: &Expansion) -> Vec<NaiveDate> {
        e.occurrences.iter().map(Occurrence::date).collect()
    }

    fn days(list: &[Weekday]) -> Days {
        Days::of(list)
    }

    #[test]
    fn daily_every_n_days() {
        let e = plain(series(
            d(2026, 11, 2),
            Rule::Daily { every: 3 },
            d(2026, 11, 12),
        ));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 11, 2),
                d(2026, 11, 5),
                d(2026, 11, 8),
                d(2026, 11, 11)
            ]
        );
    }

    #[test]
    fn weekly_on_chosen_days_and_every_n_weeks() {
        // Wednesday 4 November 2026; Mondays and Wednesdays; the Monday before the start is not taken.
        let e = plain(series(
            d(2026, 11, 4),
            Rule::Weekly {
                every: 1,
                days: days(&[Mon, Wed]),
            },
            d(2026, 11, 16),
        ));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 11, 4),
                d(2026, 11, 9),
                d(2026, 11, 11),
                d(2026, 11, 16)
            ]
        );
        let e = plain(series(
            d(2026, 11, 2),
            Rule::Weekly {
                every: 2,
                days: days(&[Mon, Fri]),
            },
            d(2026, 11, 30),
        ));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 11, 2),
                d(2026, 11, 6),
                d(2026, 11, 16),
                d(2026, 11, 20),
                d(2026, 11, 30)
            ]
        );
    }

    #[test]
    fn monthly_same_date_skips_months_without_it() {
        let e = plain(series(
            d(2026, 1, 31),
            Rule::MonthlyDate { every: 1 },
            d(2026, 7, 31),
        ));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 1, 31),
                d(2026, 3, 31),
                d(2026, 5, 31),
                d(2026, 7, 31)
            ]
        );
        let e = plain(series(
            d(2027, 1, 29),
            Rule::MonthlyDate { every: 1 },
            d(2028, 3, 1),
        ));
        assert!(
            !dates_of(&e).contains(&d(2027, 2, 28)) && dates_of(&e).contains(&d(2028, 2, 29)),
            "29 February only in leap years"
        );
        let e = plain(series(
            d(2026, 1, 30),
            Rule::MonthlyDate { every: 2 },
            d(2026, 12, 31),
        ));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 1, 30),
                d(2026, 3, 30),
                d(2026, 5, 30),
                d(2026, 7, 30),
                d(2026, 9, 30),
                d(2026, 11, 30)
            ]
        );
    }

    #[test]
    fn monthly_same_weekday_and_the_last_one() {
        // 17 November 2026 is the 3rd Tuesday.
        let rule = Rule::monthly_weekday_of(d(2026, 11, 17), 1);
        assert_eq!(
            rule,
            Rule::MonthlyWeekday {
                every: 1,
                nth: Nth::Number(3),
                weekday: Tue
            }
        );
        let e = plain(series(d(2026, 11, 17), rule, d(2027, 2, 28)));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 11, 17),
                d(2026, 12, 15),
                d(2027, 1, 19),
                d(2027, 2, 16)
            ]
        );
        // 27 November 2026 is the last Friday (and the 4th); asked for as "last".
        let last = Rule::MonthlyWeekday {
            every: 1,
            nth: Nth::Last,
            weekday: Fri,
        };
        let e = plain(series(d(2026, 11, 27), last, d(2027, 5, 31)));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 11, 27),
                d(2026, 12, 25),
                d(2027, 1, 29),
                d(2027, 2, 26),
                d(2027, 3, 26),
                d(2027, 4, 30),
                d(2027, 5, 28)
            ]
        );
    }

    #[test]
    fn p04_the_5th_thursday_is_the_5th_and_the_last_is_the_last() {
        // 29 October 2026 is the 5th Thursday: months without one are passed over.
        let fifth = Rule::monthly_weekday_of(d(2026, 10, 29), 1);
        assert_eq!(
            fifth,
            Rule::MonthlyWeekday {
                every: 1,
                nth: Nth::Number(5),
                weekday: Thu
            }
        );
        let e = plain(series(d(2026, 10, 29), fifth, d(2027, 4, 30)));
        assert_eq!(
            dates_of(&e),
            vec![d(2026, 10, 29), d(2026, 12, 31), d(2027, 4, 29)]
        );
        let last = rule_of(Kind::MonthlyLastWeekday, 1, d(2026, 10, 29), None, None).unwrap();
        let e = plain(series(d(2026, 10, 29), last, d(2027, 1, 31)));
        assert_eq!(
            dates_of(&e),
            vec![
                d(2026, 10, 29),
                d(2026, 11, 26),
                d(2026, 12, 31),
                d(2027, 1, 28)
            ]
        );
    }

    #[test]
    fn p04_the_first_date_is_booked_even_off_the_rule() {
        // "Every Monday" from Wednesday 2 December 2026: that Wednesday, then the Mondays.
        let weekly = Rule::Weekly {
            every: 1,
            days: Days::of(&[Mon]),
        };
        let e = plain(series(d(2026, 12, 2), weekly, d(2026, 12, 15)));
        assert_eq!(
            dates_of(&e),
            vec![d(2026, 12, 2), d(2026, 12, 7), d(2026, 12, 14)]
        );
        // "The last Friday" from a Friday that is not the last one.
        let last = Rule::MonthlyWeekday {
            every: 1,
            nth: Nth::Last,
            weekday: Fri,
        };
        let e = plain(series(d(2026, 11, 6), last, d(2026, 12, 31)));
        assert_eq!(
            dates_of(&e),
            vec![d(2026, 11, 6), d(2026, 11, 27), d(2026, 12, 25)]
        );
    }

    #[test]
    fn yearly_and_29_february() {
        let e = plain(series(
            d(2024, 2, 29),
            Rule::Yearly { every: 1 },
            d(2032, 12, 31),
        ));
        assert_eq!(
            dates_of(&e),
            vec![d(2024, 2, 29), d(2028, 2, 29), d(2032, 2, 29)]
        );
        let e = plain(series(
            d(2026, 9, 1),
            Rule::Yearly { every: 2 },
            d(2031, 1, 1),
        ));
        assert_eq!(
            dates_of(&e),
            vec![d(2026, 9, 1), d(2028, 9, 1), d(2030, 9, 1)]
        );
    }

    #[test]
    fn by_cycle_day() {
        let mut calendar = Calendar::default();
        for (i, date) in [
            d(2026, 9, 1),
            d(2026, 9, 2),
            d(2026, 9, 3),
            d(2026, 9, 7),
            d(2026, 9, 8),
            d(2026, 9, 9),
        ]
        .iter()
        .enumerate()
        {
            calendar.cycle_days.insert(*date, i as u32 % 3 + 1);
        }
        let e = expand(
            &series(d(2026, 9, 1), Rule::CycleDay { day: 2 }, d(2026, 9, 30)),
            Paris,
            &calendar,
            366,
        )
        .unwrap();
        assert_eq!(dates_of(&e), vec![d(2026, 9, 2), d(2026, 9, 8)]);
    }

    #[test]
    fn blocked_days_are_skipped_and_reported() {
        let calendar = Calendar {
            blocked: [d(2026, 12, 21), d(2026, 12, 28)].into_iter().collect(),
            ..Calendar::default()
        };
        let e = expand(
            &series(
                d(2026, 12, 14),
                Rule::Weekly {
                    every: 1,
                    days: days(&[Mon]),
                },
                d(2027, 1, 4),
            ),
            Paris,
            &calendar,
            366,
        )
        .unwrap();
        assert_eq!(dates_of(&e), vec![d(2026, 12, 14), d(2027, 1, 4)]);
        assert_eq!(
            e.skipped,
            vec![
                Skipped {
                    date: d(2026, 12, 21),
                    reason: SkipReason::BlockedDay
                },
                Skipped {
                    date: d(2026, 12, 28),
                    reason: SkipReason::BlockedDay
                }
            ]
        );
    }

    #[test]
    fn the_wall_clock_time_survives_dst_changes() {
        // Paris leaves summer time on 25 October 2026: 10:00 stays 10:00 local, the UTC hour moves.
        let e = plain(series(
            d(2026, 10, 19),
            Rule::Weekly {
                every: 1,
                days: days(&[Mon]),
            },
            d(2026, 11, 2),
        ));
        let local: Vec<u32> = e.occurrences.iter().map(|o| o.start.hour()).collect();
        let utc: Vec<u32> = e
            .occurrences
            .iter()
            .map(|o| o.start.with_timezone(&chrono::Utc).hour())
            .collect();
        assert_eq!(local, vec![10, 10, 10]);
        assert_eq!(utc, vec![8, 9, 9]);
        assert!(e
            .occurrences
            .iter()
            .all(|o| o.end - o.start == Duration::minutes(90)));
    }

    #[test]
    fn times_the_clocks_skip_or_repeat() {
        // Toronto springs forward on 8 March 2026 at 02:00: 02:30 does not exist that day.
        let s = Series {
            start: at(d(2026, 3, 7), 2, 30),
            end: at(d(2026, 3, 7), 3, 30),
            rule: Rule::Daily { every: 1 },
            until: d(2026, 3, 9),
        };
        let e = expand(&s, Toronto, &Calendar::default(), 366).unwrap();
        assert_eq!(dates_of(&e), vec![d(2026, 3, 7), d(2026, 3, 9)]);
        assert_eq!(
            e.skipped,
            vec![Skipped {
                date: d(2026, 3, 8),
                reason: SkipReason::NoSuchLocalTime
            }]
        );
        // It falls back on 1 November 2026: 01:30 happens twice; the first is taken.
        let s = Series {
            start: at(d(2026, 11, 1), 1, 30),
            end: at(d(2026, 11, 1), 1, 45),
            rule: Rule::Daily { every: 1 },
            until: d(2026, 11, 1),
        };
        let e = expand(&s, Toronto, &Calendar::default(), 366).unwrap();
        assert_eq!(
            e.occurrences[0].start.with_timezone(&chrono::Utc).hour(),
            5,
            "01:30 EDT is 05:30 UTC"
        );
    }

    #[test]
    fn the_cap_is_checked_before_anything_else() {
        let daily = series(d(2026, 1, 1), Rule::Daily { every: 1 }, d(2026, 12, 31));
        assert_eq!(
            expand(&daily, Paris, &Calendar::default(), 366)
                .unwrap()
                .occurrences
                .len(),
            365
        );
        let leap = series(d(2028, 1, 1), Rule::Daily { every: 1 }, d(2028, 12, 31));
        assert_eq!(
            expand(&leap, Paris, &Calendar::default(), 366)
                .unwrap()
                .occurrences
                .len(),
            366
        );
        let too_long = series(d(2026, 1, 1), Rule::Daily { every: 1 }, d(9999, 12, 31));
        assert_eq!(
            expand(&too_long, Paris, &Calendar::default(), 366),
            Err(ExpandError::TooMany { max: 366 })
        );
    }

    #[test]
    fn bad_series_are_refused() {
        let mut s = series(d(2026, 1, 1), Rule::Daily { every: 0 }, d(2026, 2, 1));
        assert_eq!(
            expand(&s, Paris, &Calendar::default(), 366),
            Err(ExpandError::ZeroInterval)
        );
        s.rule = Rule::Weekly {
            every: 1,
            days: Days::default(),
        };
        assert_eq!(
            expand(&s, Paris, &Calendar::default(), 366),
            Err(ExpandError::NoDays)
        );
        s.rule = Rule::Daily { every: 1 };
        s.until = d(2025, 12, 31);
        assert_eq!(
            expand(&s, Paris, &Calendar::default(), 366),
            Err(ExpandError::UntilBeforeStart)
        );
        s.until = d(2026, 2, 1);
        s.end = s.start;
        assert_eq!(
            expand(&s, Paris, &Calendar::default(), 366),
            Err(ExpandError::EndNotAfterStart)
        );
    }
}
