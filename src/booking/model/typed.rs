//! Dates and times as people type them: ISO (`2027-06-30`) always, and the way the
//! language writes them (`30/06/2027` in French). One parser for the form, the command line
//! and "go to", so a date that works in one place works in all.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::i18n::Lang;

/// A date typed by someone writing `lang`; None when it is not one.
pub fn parse_date(text: &str, lang: Lang) -> Option<NaiveDate> {
    let t = text.trim();
    let iso = NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
    let local = match lang {
        Lang::Fr => NaiveDate::parse_from_str(t, "%d/%m/%Y").ok(),
        Lang::En => None,
    };
    // A two-digit year ("30/06/27") is not the year 27.
    iso.or(local)
        .filter(|d| (1000..=9999).contains(&chrono::Datelike::year(d)))
}

/// A date and a time ("2027-06-30 10:00", "30/06/2027 10:00"; a `T` for the space too).
pub fn parse_date_time(text: &str, lang: Lang) -> Option<NaiveDateTime> {
    let t = text.trim();
    let (date, time) = t.split_once([' ', 'T'])?;
    let time = time.trim();
    let time = NaiveTime::parse_from_str(time, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"))
        .ok()?;
    Some(parse_date(date, lang)?.and_time(time))
}

/// A date written the way `lang` writes it.
pub fn show_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// The forms a date may take, for an error message.
pub fn date_forms(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "AAAA-MM-JJ ou JJ/MM/AAAA",
        Lang::En => "YYYY-MM-DD",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn p20_iso_always_and_the_languages_own_form() {
        assert_eq!(parse_date("2027-06-30", Lang::En), Some(d(2027, 6, 30)));
        assert_eq!(parse_date("2027-06-30", Lang::Fr), Some(d(2027, 6, 30)));
        assert_eq!(parse_date(" 30/06/2027 ", Lang::Fr), Some(d(2027, 6, 30)));
        assert_eq!(
            parse_date("30/06/2027", Lang::En),
            None,
            "not an English form"
        );
        assert_eq!(parse_date("30/06/27", Lang::Fr), None, "not the year 27");
        assert_eq!(parse_date("31/06/2027", Lang::Fr), None);
        assert_eq!(
            parse_date_time("30/06/2027 10:00", Lang::Fr),
            d(2027, 6, 30).and_hms_opt(10, 0, 0)
        );
        assert_eq!(
            parse_date_time("2027-06-30T10:00:00", Lang::En),
            d(2027, 6, 30).and_hms_opt(10, 0, 0)
        );
        assert_eq!(show_date(d(2027, 6, 30), Lang::Fr), "30/06/2027");
        assert_eq!(show_date(d(2027, 6, 30), Lang::En), "2027-06-30");
        for lang in [Lang::En, Lang::Fr] {
            let shown = show_date(d(2027, 1, 5), lang);
            assert_eq!(parse_date(&shown, lang), Some(d(2027, 1, 5)), "round trip");
        }
    }
}
