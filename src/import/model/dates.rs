//! Birth dates in every format of seed 000 Annexe A, the per-column day/month order of slash
//! dates, and school years (1 August starts one).

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    Dmy,
    Mdy,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }

    pub fn parse(text: &str) -> Option<DateOrder> {
        match text {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

/// What a file's slash dates say about their order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlashEvidence {
    pub first_above_12: bool,
    pub second_above_12: bool,
}

impl SlashEvidence {
    /// Looks at one value of the column.
    pub fn observe(&mut self, value: &str) {
        if let Some((a, b, _)) = slash_parts(value) {
            self.first_above_12 |= a > 12;
            self.second_above_12 |= b > 12;
        }
    }
}

/// The order decided for a column, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderDecision {
    Detected(DateOrder),
    /// No value told: the option or the setting decided.
    Assumed(DateOrder),
    /// Some values are D/M and others M/D: no slash date of the column can be trusted.
    Inconsistent,
}

impl OrderDecision {
    pub fn decide(evidence: SlashEvidence, fallback: DateOrder) -> OrderDecision {
        match (evidence.first_above_12, evidence.second_above_12) {
            (true, true) => OrderDecision::Inconsistent,
            (true, false) => OrderDecision::Detected(DateOrder::Dmy),
            (false, true) => OrderDecision::Detected(DateOrder::Mdy),
            (false, false) => OrderDecision::Assumed(fallback),
        }
    }

    pub fn order(self) -> Option<DateOrder> {
        match self {
            OrderDecision::Detected(o) | OrderDecision::Assumed(o) => Some(o),
            OrderDecision::Inconsistent => None,
        }
    }

    /// "dmy", "mdy" or "inconsistent", for reports.
    pub fn name(self) -> &'static str {
        self.order().map(DateOrder::name).unwrap_or("inconsistent")
    }

    pub fn source(self) -> &'static str {
        match self {
            OrderDecision::Detected(_) => "detected",
            OrderDecision::Assumed(_) => "option",
            OrderDecision::Inconsistent => "inconsistent",
        }
    }
}

/// `a/b/YYYY` (with an optional time after a space): the two leading numbers and the year.
pub fn slash_parts(value: &str) -> Option<(u32, u32, i32)> {
    let date = value.split_whitespace().next()?;
    let mut parts = date.split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || a.is_empty()
        || a.len() > 2
        || b.is_empty()
        || b.len() > 2
    {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y.parse().ok()?))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not one of the known formats, or not a real day.
    Unknown,
    /// A slash date in a column that mixes D/M and M/D.
    AmbiguousColumn,
}

fn month_from_name(name: &str) -> Option<u32> {
    let key: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
        .trim_end_matches('.')
        .to_owned();
    Some(match key.as_str() {
        "jan" | "janv" | "janvier" | "january" => 1,
        "feb" | "fev" | "fevr" | "fevrier" | "february" => 2,
        "mar" | "mars" | "march" => 3,
        "apr" | "avr" | "avril" | "april" => 4,
        "may" | "mai" => 5,
        "jun" | "june" | "juin" => 6,
        "jul" | "july" | "juil" | "juillet" => 7,
        "aug" | "august" | "aou" | "aout" => 8,
        "sep" | "sept" | "september" | "septembre" => 9,
        "oct" | "october" | "octobre" => 10,
        "nov" | "november" | "novembre" => 11,
        "dec" | "december" | "decembre" => 12,
        _ => return None,
    })
}

/// A time after the date is accepted only as midnight-like `HH:MM[:SS]`; it is ignored.
fn strip_time(value: &str) -> Option<&str> {
    let mut parts = value.split_whitespace();
    let date = parts.next()?;
    if let Some(time) = parts.next() {
        let ok = time.split(':').count() >= 2
            && time
                .split(':')
                .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
        if !ok || parts.next().is_some() {
            return None;
        }
    }
    Some(date)
}

/// Parses a birth date. `slash_order` is the column's decided order (None: inconsistent).
pub fn parse_date(value: &str, slash_order: Option<DateOrder>) -> Result<NaiveDate, DateError> {
    let date = strip_time(value.trim()).ok_or(DateError::Unknown)?;
    let ymd = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d)
            .filter(|_| (1900..=2100).contains(&y))
            .ok_or(DateError::Unknown)
    };
    let num = |s: &str| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Unknown);
        }
        s.parse().map_err(|_| DateError::Unknown)
    };
    let year = |s: &str| -> Result<i32, DateError> {
        if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Unknown);
        }
        s.parse().map_err(|_| DateError::Unknown)
    };
    if let Some((a, b, y)) = slash_parts(date) {
        let order = slash_order.ok_or(DateError::AmbiguousColumn)?;
        return match order {
            DateOrder::Dmy => ymd(y, b, a),
            DateOrder::Mdy => ymd(y, a, b),
        };
    }
    let parts: Vec<&str> = date.split(['-', '/']).collect();
    let [p1, p2, p3] = parts[..] else {
        return Err(DateError::Unknown);
    };
    if p1.len() == 4 {
        // 1993-12-23, 1994/08/24, 1994-Jan-23, 1994-janv-23, 1994-Fev-21
        let y = year(p1)?;
        let m = match num(p2) {
            Ok(m) => m,
            Err(_) => month_from_name(p2).ok_or(DateError::Unknown)?,
        };
        return ymd(y, m, num(p3)?);
    }
    if p3.len() == 4 && date.contains('-') {
        // 23-11-1990: day first.
        return ymd(year(p3)?, num(p2)?, num(p1)?);
    }
    Err(DateError::Unknown)
}

/// The school year a date falls in: 1 August starts one.
pub fn school_year_of(date: NaiveDate) -> String {
    let start = if date.month() >= 8 {
        date.year()
    } else {
        date.year() - 1
    };
    format!("{start}-{}", start + 1)
}

/// `2019-2020` or `20192020` → `2019-2020`; the second year must follow the first.
pub fn parse_school_year(value: &str) -> Option<String> {
    let digits: String = value.trim().chars().filter(|c| *c != '-').collect();
    let shape_ok = match value.trim().len() {
        9 => value.trim().as_bytes()[4] == b'-',
        8 => true,
        _ => false,
    };
    if !shape_ok || digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (a, b): (i32, i32) = (digits[..4].parse().ok()?, digits[4..].parse().ok()?);
    (b == a + 1).then(|| format!("{a}-{b}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_format_of_annexe_a() {
        let cases = [
            ("1993-12-23 00:00:00", d(1993, 12, 23)),
            ("1993-12-23", d(1993, 12, 23)),
            ("1994/08/24", d(1994, 8, 24)),
            ("1994-Jan-23", d(1994, 1, 23)),
            ("1994-janv-23", d(1994, 1, 23)),
            ("1994-Fev-21 00:00:00", d(1994, 2, 21)),
            ("1994-Fév-21", d(1994, 2, 21)),
            ("1994-févr.-21", d(1994, 2, 21)),
            ("1994-Août-02", d(1994, 8, 2)),
            ("1994-aou-02", d(1994, 8, 2)),
            ("1994-Dec-31", d(1994, 12, 31)),
            ("1994-déc-31", d(1994, 12, 31)),
            ("1994-juil-14", d(1994, 7, 14)),
            ("1994-jun-14", d(1994, 6, 14)),
            ("23-11-1990", d(1990, 11, 23)),
            ("20/12/1990", d(1990, 12, 20)),
        ];
        for (text, date) in cases {
            assert_eq!(parse_date(text, Some(DateOrder::Dmy)), Ok(date), "{text}");
        }
    }

    #[test]
    fn slash_dates_follow_the_column_order() {
        assert_eq!(
            parse_date("4/12/1990", Some(DateOrder::Mdy)),
            Ok(d(1990, 4, 12)),
            "the seed's example file is M/D"
        );
        assert_eq!(
            parse_date("4/12/1990", Some(DateOrder::Dmy)),
            Ok(d(1990, 12, 4))
        );
        assert_eq!(
            parse_date("2/13/1992", None),
            Err(DateError::AmbiguousColumn)
        );
        assert_eq!(
            parse_date("1993-12-23", None),
            Ok(d(1993, 12, 23)),
            "other formats do not depend on the column"
        );
    }

    #[test]
    fn the_column_rule() {
        let decide = |values: &[&str], fallback| {
            let mut e = SlashEvidence::default();
            values.iter().for_each(|v| e.observe(v));
            OrderDecision::decide(e, fallback)
        };
        assert_eq!(
            decide(&["4/12/1990", "2/13/1992", "3/30/1989"], DateOrder::Dmy),
            OrderDecision::Detected(DateOrder::Mdy)
        );
        assert_eq!(
            decide(&["20/12/1990", "1/2/2000"], DateOrder::Mdy),
            OrderDecision::Detected(DateOrder::Dmy)
        );
        assert_eq!(
            decide(&["20/12/1990", "2/13/1992"], DateOrder::Dmy),
            OrderDecision::Inconsistent
        );
        assert_eq!(
            decide(&["1/2/2000", "1993-12-23", ""], DateOrder::Mdy),
            OrderDecision::Assumed(DateOrder::Mdy)
        );
        assert_eq!(decide(&[], DateOrder::Dmy).name(), "dmy");
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "",
            "1993-13-01",
            "1993-02-30",
            "31/31/1990",
            "1994-Foo-21",
            "12-1990",
            "1993-12-23 noon",
            "93-12-23",
            "1993-12-23T00:00:00",
            "0000-01-01",
        ] {
            assert!(parse_date(bad, Some(DateOrder::Dmy)).is_err(), "{bad}");
        }
    }

    #[test]
    fn school_years_start_on_the_first_of_august() {
        assert_eq!(school_year_of(d(2025, 7, 31)), "2024-2025");
        assert_eq!(school_year_of(d(2025, 8, 1)), "2025-2026");
        assert_eq!(school_year_of(d(2026, 1, 15)), "2025-2026");
    }

    #[test]
    fn school_years_in_files() {
        assert_eq!(parse_school_year("2019-2020").as_deref(), Some("2019-2020"));
        assert_eq!(parse_school_year("20192020").as_deref(), Some("2019-2020"));
        assert_eq!(
            parse_school_year("20112020"),
            None,
            "the seed's own typo is refused"
        );
        assert_eq!(parse_school_year("2019/2020"), None);
        assert_eq!(parse_school_year("2019-20"), None);
    }
}
