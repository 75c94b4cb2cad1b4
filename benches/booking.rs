//! Booking's pure core: expanding a year of weekly occurrences (target: well under 50 ms).

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use intendant::booking::model::repeat::{expand, Calendar, Days, Rule, Series};

fn main() {
    divan::main();
}

#[divan::bench]
fn weekly_series_of_366_occurrences() -> usize {
    // Every day of the week for a leap year's worth of weeks: 366 occurrences, across two
    // DST changes, with a few blocked days to skip.
    let first = NaiveDate::from_ymd_opt(2027, 9, 1).unwrap();
    let start = first.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
    let all = Days::of(&[
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]);
    let series = Series {
        start,
        end: start + Duration::minutes(90),
        rule: Rule::Weekly {
            every: 1,
            days: all,
        },
        until: first + Duration::days(365),
    };
    let calendar = Calendar::default();
    let expansion = expand(
        divan::black_box(&series),
        chrono_tz::Europe::Paris,
        &calendar,
        366,
    )
    .expect("366 occurrences");
    assert_eq!(expansion.occurrences.len(), 366);
    expansion.occurrences.len()
}
