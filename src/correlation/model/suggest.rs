//! Suggestions for an account the cascade left alone (never applied by themselves): people
//! whose names are swapped, whose birth date has day and month swapped, whose name is spelled
//! closely (Jaro-Winkler ≥ 0.9 on the normalised names), or whose number differs only by
//! leading zeros; then people of the very same name, homonyms the cascade would not choose
//! between, or whose other number, other birth date or other kind (student / staff) kept the
//! cascade from joining them. At most three, best first.

use chrono::{Datelike, NaiveDate};

use super::cascade::{Account, Person};
use super::normalize::{name_key, number_key};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// Ranked first: the cheapest mistakes to make and the surest to spot.
    NumberLeadingZeros,
    SwappedNames,
    SwappedDayMonth,
    SameName,
    CloseSpelling,
    SameNameOtherNumber,
    SameNameOtherBirthDate,
    SameNameOtherKind,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::NumberLeadingZeros => "number_leading_zeros",
            Reason::SwappedNames => "swapped_names",
            Reason::SwappedDayMonth => "birth_day_month_swapped",
            Reason::CloseSpelling => "close_spelling",
            Reason::SameName => "same_name",
            Reason::SameNameOtherNumber => "same_name_other_number",
            Reason::SameNameOtherBirthDate => "same_name_other_birth_date",
            Reason::SameNameOtherKind => "same_name_other_kind",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub person: usize,
    pub reason: Reason,
    /// 1.0 for exact reasons, the similarity for close spellings.
    pub score: f64,
}

fn swapped(d: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()).filter(|s| *s != d)
}

/// Up to three suggestions for `account` among `people[free]`.
pub fn suggest(account: &Account, people: &[Person], free: &[usize]) -> Vec<Suggestion> {
    let last = name_key(&account.last);
    let first = name_key(&account.first);
    let full = format!("{last} {first}");
    let number = account
        .number
        .as_deref()
        .map(|n| number_key(n, true))
        .filter(|n| !n.is_empty());
    let mut out: Vec<Suggestion> = Vec::new();
    for &j in free {
        let p = &people[j];
        let (pl, pf) = (name_key(&p.last), name_key(&p.first));
        let reason = if number.as_deref().is_some_and(|n| {
            n == number_key(&p.number, true)
                && account.number.as_deref().map(str::trim) != Some(p.number.trim())
        }) {
            Some((Reason::NumberLeadingZeros, 1.0))
        } else if !last.is_empty() && last == pf && first == pl && last != first {
            Some((Reason::SwappedNames, 1.0))
        } else if last == pl
            && first == pf
            && matches!((account.birth, p.birth), (Some(a), Some(b)) if swapped(a) == Some(b))
        {
            Some((Reason::SwappedDayMonth, 1.0))
        } else if !last.is_empty() && last == pl && first == pf {
            let other_number = matches!((&number, number_key(&p.number, true)), (Some(a), b) if !b.is_empty() && *a != b);
            let other_birth = matches!((account.birth, p.birth), (Some(a), Some(b)) if a != b);
            Some((
                if (account.category == 'E') != (p.category == 'E') {
                    Reason::SameNameOtherKind
                } else if other_number {
                    Reason::SameNameOtherNumber
                } else if other_birth {
                    Reason::SameNameOtherBirthDate
                } else {
                    Reason::SameName
                },
                1.0,
            ))
        } else {
            let score = strsim::jaro_winkler(&full, &format!("{pl} {pf}"));
            (score >= 0.9 && !(last == pl && first == pf)).then_some((Reason::CloseSpelling, score))
        };
        if let Some((reason, score)) = reason {
            out.push(Suggestion {
                person: j,
                reason,
                score,
            });
        }
    }
    out.sort_by(|a, b| {
        a.reason
            .cmp(&b.reason)
            .then(b.score.total_cmp(&a.score))
            .then(a.person.cmp(&b.person))
    });
    out.truncate(3);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(last: &str, first: &str, number: Option<&str>, birth: Option<NaiveDate>) -> Account {
        Account {
            login: "x".into(),
            last: last.into(),
            first: first.into(),
            number: number.map(Into::into),
            birth,
            category: 'E',
            machine: false,
            domain_admin: false,
        }
    }

    fn person(number: &str, last: &str, first: &str, birth: Option<NaiveDate>) -> Person {
        Person {
            number: number.into(),
            last: last.into(),
            first: first.into(),
            birth,
            category: 'E',
        }
    }

    #[test]
    fn each_reason_and_the_ranking() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let people = vec![
            person("E1", "Léa", "Martin", None),
            person("E2", "Martin", "Léa", d(2009, 1, 7)),
            person("E3", "Martine", "Léa", None),
            person("0042", "Autre", "Nom", None),
            person("E5", "Dupont", "Jean", None),
        ];
        let free: Vec<usize> = (0..people.len()).collect();
        let found = suggest(
            &account("Martin", "Léa", Some("42"), d(2009, 7, 1)),
            &people,
            &free,
        );
        let reasons: Vec<(usize, &str)> =
            found.iter().map(|s| (s.person, s.reason.code())).collect();
        assert_eq!(
            reasons,
            vec![
                (3, "number_leading_zeros"),
                (0, "swapped_names"),
                (1, "birth_day_month_swapped")
            ],
            "three at most, surest first"
        );
        let found = suggest(
            &account("Martin", "Lea", None, None),
            &[people[2].clone()],
            &[0],
        );
        assert_eq!(found[0].reason, Reason::CloseSpelling);
        assert!(found[0].score >= 0.9);
        assert!(suggest(&account("Zorglub", "Xavier", None, None), &people, &free).is_empty());
    }

    #[test]
    fn the_same_name_says_what_kept_them_apart() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let staff = Person {
            category: 'P',
            ..person("P1", "Petit", "Jo", None)
        };
        let reason = |a: Account, p: Person| suggest(&a, &[p], &[0])[0].reason.code();
        assert_eq!(
            reason(account("Petit", "Jo", None, None), staff),
            "same_name_other_kind"
        );
        assert_eq!(
            reason(
                account("Petit", "Jo", Some("E9"), None),
                person("E8", "Petit", "Jo", None)
            ),
            "same_name_other_number"
        );
        assert_eq!(
            reason(
                account("Petit", "Jo", None, d(2009, 1, 2)),
                person("E8", "Petit", "Jo", d(2009, 3, 4))
            ),
            "same_name_other_birth_date"
        );
        assert_eq!(
            reason(
                account("Petit", "Jo", None, None),
                person("E8", "Petit", "Jo", None)
            ),
            "same_name"
        );
    }
}
