//! Property: a series re-expanded from any of its occurrences, with the same rule and end,
//! gives exactly the rest of the series (nothing drifts, nothing is added or lost).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use intendant::booking::model::repeat::{expand, Calendar, Days, Nth, Rule, Series};
use proptest::prelude::*;

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (1u32..5).prop_map(|every| Rule::Daily { every }),
        (1u32..4, 1u8..128).prop_map(|(every, mask)| {
            let days: Vec<Weekday> = (0..7)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| Weekday::try_from(i as u8).unwrap())
                .collect();
            Rule::Weekly {
                every,
                days: Days::of(&days),
            }
        }),
        (1u32..4).prop_map(|every| Rule::MonthlyDate { every }),
        (1u32..3, 0u8..5, 0u8..7).prop_map(|(every, n, wd)| Rule::MonthlyWeekday {
            every,
            nth: if n == 4 {
                Nth::Last
            } else {
                Nth::Number(n + 1)
            },
            weekday: Weekday::try_from(wd).unwrap(),
        }),
        (1u32..3).prop_map(|every| Rule::Yearly { every }),
        (1u32..4).prop_map(|day| Rule::CycleDay { day }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn re_expanding_from_any_occurrence_gives_the_rest(
        rule in rule(),
        start_day in 0i64..1500,
        length in 0i64..900,
        hour in 0u32..24,
        minutes in 15i64..600,
        toronto in any::<bool>(),
        blocked_every in 3i64..40,
        pick in any::<prop::sample::Index>(),
    ) {
        let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(start_day);
        let until = first + Duration::days(length);
        let tz: Tz = if toronto { chrono_tz::America::Toronto } else { chrono_tz::Europe::Paris };
        let mut calendar = Calendar::default();
        let mut day = first;
        while day <= until {
            if (day - first).num_days() % blocked_every == 0 && day != first {
                calendar.blocked.insert(day);
            }
            if day.weekday().num_days_from_monday() < 5 {
                calendar.cycle_days.insert(day, (day - first).num_days() as u32 % 4 + 1);
            }
            day += Duration::days(1);
        }
        let start = first.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap());
        let series = Series { start, end: start + Duration::minutes(minutes), rule: rule.clone(), until };
        let whole = expand(&series, tz, &calendar, 5_000).unwrap();
        prop_assert_eq!(&expand(&series, tz, &calendar, 5_000).unwrap(), &whole, "expansion is deterministic");
        if whole.occurrences.is_empty() {
            return Ok(());
        }
        let k = pick.index(whole.occurrences.len());
        let from = whole.occurrences[k].start.naive_local();
        let again = Series { start: from, end: from + Duration::minutes(minutes), rule, until };
        let rest = expand(&again, tz, &calendar, 5_000).unwrap();
        prop_assert_eq!(&rest.occurrences[..], &whole.occurrences[k..]);
    }
}
