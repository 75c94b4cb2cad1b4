//! A repeat rule as stored in `booking_series.rule` and typed on the command line.
//! `{"kind": "weekly", "every": 2, "days": ["mon", "thu"]}`, `{"kind": "monthly_weekday",
//! "every": 1, "nth": "last", "weekday": "fri"}`, `{"kind": "cycle_day", "day": 3}`…

use chrono::Weekday;
use serde_json::{json, Value};

use super::repeat::{Days, Nth, Rule};

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES_FR: [&str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];

/// "mon", "Monday", "lun", "lundi" → Monday.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let t = text.trim().to_lowercase();
    (0..7)
        .find(|&i| t.starts_with(DAY_NAMES[i]) || t.starts_with(DAY_NAMES_FR[i]))
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

/// "mon,wed" → the set; None naming nothing when a name is not a day.
pub fn parse_days(text: &str) -> Result<Days, String> {
    let mut days = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        days.push(parse_weekday(part).ok_or_else(|| part.to_owned())?);
    }
    Ok(Days::of(&days))
}

pub fn weekday_name(day: Weekday) -> &'static str {
    DAY_NAMES[day.num_days_from_monday() as usize]
}

pub fn days_names(days: Days) -> Vec<&'static str> {
    days.offsets().map(|i| DAY_NAMES[i as usize]).collect()
}

/// The days as `lang` writes them in a form ("mon,wed" / "lun,mer"); `parse_days` reads both.
pub fn days_text(days: Days, lang: crate::i18n::Lang) -> String {
    let names = match lang {
        crate::i18n::Lang::En => DAY_NAMES,
        crate::i18n::Lang::Fr => DAY_NAMES_FR,
    };
    days.offsets()
        .map(|i| names[i as usize])
        .collect::<Vec<_>>()
        .join(",")
}

pub fn to_json(rule: &Rule) -> Value {
    match rule {
        Rule::Daily { every } => json!({"kind": "daily", "every": every}),
        Rule::Weekly { every, days } => {
            json!({"kind": "weekly", "every": every, "days": days_names(*days)})
        }
        Rule::MonthlyDate { every } => json!({"kind": "monthly_date", "every": every}),
        Rule::MonthlyWeekday {
            every,
            nth,
            weekday,
        } => {
            let nth = match nth {
                Nth::Number(n) => json!(n),
                Nth::Last => json!("last"),
            };
            json!({"kind": "monthly_weekday", "every": every, "nth": nth, "weekday": weekday_name(*weekday)})
        }
        Rule::Yearly { every } => json!({"kind": "yearly", "every": every}),
        Rule::CycleDay { day } => json!({"kind": "cycle_day", "day": day}),
    }
}

pub fn from_json(v: &Value) -> Option<Rule> {
    let every = || {
        v.get("every")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    Some(match v.get("kind")?.as_str()? {
        "daily" => Rule::Daily { every: every()? },
        "weekly" => {
            let mut days = Vec::new();
            for d in v.get("days")?.as_array()? {
                days.push(parse_weekday(d.as_str()?)?);
            }
            Rule::Weekly {
                every: every()?,
                days: Days::of(&days),
            }
        }
        "monthly_date" => Rule::MonthlyDate { every: every()? },
        "monthly_weekday" => Rule::MonthlyWeekday {
            every: every()?,
            nth: match v.get("nth")? {
                Value::String(s) if s == "last" => Nth::Last,
                n => Nth::Number(
                    u8::try_from(n.as_u64()?)
                        .ok()
                        .filter(|n| (1..=5).contains(n))?,
                ),
            },
            weekday: parse_weekday(v.get("weekday")?.as_str()?)?,
        },
        "yearly" => Rule::Yearly { every: every()? },
        "cycle_day" => Rule::CycleDay {
            day: u32::try_from(v.get("day")?.as_u64()?).ok()?,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Weekday::*;

    #[test]
    fn every_rule_round_trips() {
        let rules = [
            Rule::Daily { every: 2 },
            Rule::Weekly {
                every: 3,
                days: Days::of(&[Mon, Thu, Sun]),
            },
            Rule::MonthlyDate { every: 1 },
            Rule::MonthlyWeekday {
                every: 1,
                nth: Nth::Number(3),
                weekday: Tue,
            },
            Rule::MonthlyWeekday {
                every: 2,
                nth: Nth::Last,
                weekday: Fri,
            },
            Rule::Yearly { every: 1 },
            Rule::CycleDay { day: 4 },
        ];
        for rule in rules {
            assert_eq!(from_json(&to_json(&rule)), Some(rule.clone()), "{rule:?}");
        }
    }

    #[test]
    fn days_in_english_or_french() {
        assert_eq!(parse_days("mon, Wednesday"), Ok(Days::of(&[Mon, Wed])));
        assert_eq!(parse_days("lundi,ven"), Ok(Days::of(&[Mon, Fri])));
        assert_eq!(parse_days("mon,funday"), Err("funday".into()));
    }

    #[test]
    fn malformed_rules_are_none() {
        assert_eq!(from_json(&json!({"kind": "hourly", "every": 1})), None);
        assert_eq!(
            from_json(&json!({"kind": "monthly_weekday", "every": 1, "nth": 6, "weekday": "fri"})),
            None
        );
        assert_eq!(from_json(&json!({"kind": "weekly", "every": 1})), None);
    }
}
