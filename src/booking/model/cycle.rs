//! Cycle days (GRR's "jours cycles"): school days numbered J1…Jn in turn, so that a
//! timetable on a six-day cycle repeats whatever the weekday. Blocked days and the days the
//! school is closed take no number and do not move the count.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};

use super::repeat::Days;

/// Every open date of [from, to] with its cycle number, J1 on the first.
pub fn number_days(
    from: NaiveDate,
    to: NaiveDate,
    length: u32,
    open: Days,
    blocked: &BTreeSet<NaiveDate>,
) -> Vec<(NaiveDate, u32)> {
    let mut out = Vec::new();
    if length == 0 {
        return out;
    }
    let mut day = from;
    let mut n = 0;
    while day <= to {
        if open.contains(day.weekday()) && !blocked.contains(&day) {
            out.push((day, n % length + 1));
            n += 1;
        }
        day += Duration::days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn p24_six_day_cycle_skips_weekends_and_blocked_days() {
        let weekdays = Days::of(&[Mon, Tue, Wed, Thu, Fri]);
        let blocked: BTreeSet<NaiveDate> = [d(2026, 9, 4)].into_iter().collect();
        // Tuesday 1 September 2026; Friday the 4th is blocked.
        let days = number_days(d(2026, 9, 1), d(2026, 9, 11), 6, weekdays, &blocked);
        assert_eq!(
            days,
            vec![
                (d(2026, 9, 1), 1),
                (d(2026, 9, 2), 2),
                (d(2026, 9, 3), 3),
                (d(2026, 9, 7), 4),
                (d(2026, 9, 8), 5),
                (d(2026, 9, 9), 6),
                (d(2026, 9, 10), 1),
                (d(2026, 9, 11), 2),
            ]
        );
        assert!(number_days(d(2026, 9, 2), d(2026, 9, 1), 6, weekdays, &blocked).is_empty());
        assert!(number_days(d(2026, 9, 1), d(2026, 9, 30), 0, weekdays, &blocked).is_empty());
    }
}
