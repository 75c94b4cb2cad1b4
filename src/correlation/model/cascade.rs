//! The automatic cascade (seed 004 section 2): four rules in order, each only on what is still
//! unmatched, and a pair only when the key is unique on both sides among the unmatched. Two
//! candidates on either side: no link, both stay for the administrator. Manual links are
//! given and never undone; machines are left out (accounts kept always take part: a match
//! links them rather than leaving a second account to be created). Beyond OMICO, the two
//! rules on names fail closed when the two sides contradict each other: both carry a number
//! and they differ, both a birth date and they differ, or a student account meets a staff
//! person (or the reverse); such pairs are left for the administrator, who sees them as
//! suggestions with the reason. Pure: indices in, pairs out; running it again on its own
//! result changes nothing.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use super::normalize::{name_key, number_key};

/// A directory account, as the cascade sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub login: String,
    pub last: String,
    pub first: String,
    pub number: Option<String>,
    pub birth: Option<NaiveDate>,
    /// E student, P teacher, Z other staff.
    pub category: char,
    pub machine: bool,
    pub domain_admin: bool,
}

/// A person of the official lists (the imports).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub number: String,
    pub last: String,
    pub first: String,
    pub birth: Option<NaiveDate>,
    /// E student, P teacher, Z other staff.
    pub category: char,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    NumberName,
    Number,
    NameBirthdate,
    Name,
    Manual,
}

impl Rule {
    pub const AUTOMATIC: [Rule; 4] = [
        Rule::NumberName,
        Rule::Number,
        Rule::NameBirthdate,
        Rule::Name,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::NumberName => "number_name",
            Rule::Number => "number",
            Rule::NameBirthdate => "name_birthdate",
            Rule::Name => "name",
            Rule::Manual => "manual",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::AUTOMATIC
            .into_iter()
            .chain([Rule::Manual])
            .find(|r| r.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub account: usize,
    pub person: usize,
    pub rule: Rule,
}

#[derive(Clone, Debug, Default)]
pub struct Given {
    /// (account, person) linked by hand.
    pub manual: Vec<(usize, usize)>,
    /// Accounts left for the administrator (linked by hand to a person no longer listed).
    pub held: Vec<usize>,
    /// Compare numbers without their leading zeros.
    pub ignore_leading_zeros: bool,
}

/// Normalised keys, computed once per side.
pub struct Keys {
    number: Option<String>,
    last: String,
    first: String,
    birth: Option<NaiveDate>,
}

fn keys(
    last: &str,
    first: &str,
    number: Option<&str>,
    birth: Option<NaiveDate>,
    zeros: bool,
) -> Keys {
    Keys {
        number: number
            .map(|n| number_key(n, zeros))
            .filter(|n| !n.is_empty()),
        last: name_key(last),
        first: name_key(first),
        birth,
    }
}

/// Pairs `left` and `right` (indices still free) on `key`, where unique on both sides.
fn unique_pairs<K: Hash + Eq>(
    left: &[usize],
    right: &[usize],
    key_left: impl Fn(usize) -> Option<K>,
    key_right: impl Fn(usize) -> Option<K>,
) -> Vec<(usize, usize)> {
    // Per key: how many on each side, and the one index when there is one.
    let mut seen: HashMap<K, (u32, usize, u32, usize)> = HashMap::with_capacity(left.len());
    for &i in left {
        if let Some(k) = key_left(i) {
            let e = seen.entry(k).or_insert((0, i, 0, 0));
            e.0 += 1;
        }
    }
    for &j in right {
        if let Some(k) = key_right(j) {
            if let Some(e) = seen.get_mut(&k) {
                e.2 += 1;
                e.3 = j;
            }
        }
    }
    let mut out: Vec<(usize, usize)> = seen
        .into_values()
        .filter(|(l, _, r, _)| *l == 1 && *r == 1)
        .map(|(_, i, _, j)| (i, j))
        .collect();
    out.sort_unstable();
    out
}

/// What the two sides say about themselves disagrees: another number, another birth date, or
/// a student on one side and staff on the other.
pub fn contradicts(a: &Account, ak: &Keys, p: &Person, pk: &Keys) -> bool {
    fn differ<T: PartialEq>(x: &Option<T>, y: &Option<T>) -> bool {
        matches!((x, y), (Some(x), Some(y)) if x != y)
    }
    differ(&ak.number, &pk.number)
        || differ(&ak.birth, &pk.birth)
        || (a.category == 'E') != (p.category == 'E')
}

pub fn cascade(accounts: &[Account], people: &[Person], given: &Given) -> Vec<Pair> {
    let zeros = given.ignore_leading_zeros;
    let a_keys: Vec<Keys> = accounts
        .iter()
        .map(|a| keys(&a.last, &a.first, a.number.as_deref(), a.birth, zeros))
        .collect();
    let p_keys: Vec<Keys> = people
        .iter()
        .map(|p| keys(&p.last, &p.first, Some(&p.number), p.birth, zeros))
        .collect();
    let mut account_taken = vec![false; accounts.len()];
    let mut person_taken = vec![false; people.len()];
    let mut pairs = Vec::new();
    for &(a, p) in &given.manual {
        if a < accounts.len() && p < people.len() {
            account_taken[a] = true;
            person_taken[p] = true;
            pairs.push(Pair {
                account: a,
                person: p,
                rule: Rule::Manual,
            });
        }
    }
    for (i, a) in accounts.iter().enumerate() {
        if a.machine {
            account_taken[i] = true;
        }
    }
    for &i in &given.held {
        if let Some(t) = account_taken.get_mut(i) {
            *t = true;
        }
    }
    for rule in Rule::AUTOMATIC {
        let left: Vec<usize> = (0..accounts.len()).filter(|&i| !account_taken[i]).collect();
        let right: Vec<usize> = (0..people.len()).filter(|&j| !person_taken[j]).collect();
        let found = match rule {
            Rule::NumberName => unique_pairs(
                &left,
                &right,
                |i| Some((a_keys[i].number.clone()?, &a_keys[i].last, &a_keys[i].first)),
                |j| Some((p_keys[j].number.clone()?, &p_keys[j].last, &p_keys[j].first)),
            ),
            Rule::Number => unique_pairs(
                &left,
                &right,
                |i| a_keys[i].number.clone(),
                |j| p_keys[j].number.clone(),
            ),
            Rule::NameBirthdate => unique_pairs(
                &left,
                &right,
                |i| Some((&a_keys[i].last, &a_keys[i].first, a_keys[i].birth?)),
                |j| Some((&p_keys[j].last, &p_keys[j].first, p_keys[j].birth?)),
            ),
            Rule::Name | Rule::Manual => unique_pairs(
                &left,
                &right,
                |i| Some((&a_keys[i].last, &a_keys[i].first)).filter(|k| !k.0.is_empty()),
                |j| Some((&p_keys[j].last, &p_keys[j].first)).filter(|k| !k.0.is_empty()),
            ),
        };
        let by_name = matches!(rule, Rule::NameBirthdate | Rule::Name);
        for (a, p) in found {
            if by_name && contradicts(&accounts[a], &a_keys[a], &people[p], &p_keys[p]) {
                continue;
            }
            account_taken[a] = true;
            person_taken[p] = true;
            pairs.push(Pair {
                account: a,
                person: p,
                rule,
            });
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    pub fn account(
        login: &str,
        last: &str,
        first: &str,
        number: Option<&str>,
        birth: Option<NaiveDate>,
    ) -> Account {
        Account {
            login: login.into(),
            last: last.into(),
            first: first.into(),
            number: number.map(Into::into),
            birth,
            category: 'E',
            machine: false,
            domain_admin: false,
        }
    }

    pub fn person(number: &str, last: &str, first: &str, birth: Option<NaiveDate>) -> Person {
        Person {
            number: number.into(),
            last: last.into(),
            first: first.into(),
            birth,
            category: 'E',
        }
    }

    fn rules(pairs: &[Pair]) -> Vec<(usize, usize, &'static str)> {
        pairs
            .iter()
            .map(|p| (p.account, p.person, p.rule.code()))
            .collect()
    }

    #[test]
    fn each_rule_in_its_turn() {
        let accounts = vec![
            account("lmartin", "Martin", "Léa", Some("E001"), None),
            account("tdurand", "Durand", "Tom", Some("E002"), None),
            account("zbernard", "Bernard", "Zoé", None, d(2009, 7, 1)),
            account("nlefevre", "LEFEVRE ROY", "Noé", None, None),
        ];
        let people = vec![
            person("E001", "Martin", "Lea", None),
            person("E002", "Durand-Petit", "Tom", None),
            person("E003", "Bernard", "Zoé", d(2009, 7, 1)),
            person("E004", "Lefèvre-Roy", "Noé", None),
        ];
        let pairs = cascade(&accounts, &people, &Given::default());
        assert_eq!(
            rules(&pairs),
            vec![
                (0, 0, "number_name"),
                (1, 1, "number"),
                (2, 2, "name_birthdate"),
                (3, 3, "name")
            ]
        );
    }

    #[test]
    fn homonyms_fail_closed() {
        // Two Léa Martin in the directory: neither is linked by name alone.
        let accounts = vec![
            account("lmartin", "Martin", "Léa", None, None),
            account("lmartin2", "Martin", "Léa", None, None),
        ];
        let people = vec![person("E001", "Martin", "Léa", None)];
        assert!(cascade(&accounts, &people, &Given::default()).is_empty());
        // Two on the right, one on the left: no link either.
        let accounts = vec![account("lmartin", "Martin", "Léa", None, None)];
        let people = vec![
            person("E001", "Martin", "Léa", None),
            person("E002", "Martin", "Léa", None),
        ];
        assert!(cascade(&accounts, &people, &Given::default()).is_empty());
        // A birth date tells them apart.
        let accounts = vec![
            account("lmartin", "Martin", "Léa", None, d(2009, 1, 1)),
            account("lmartin2", "Martin", "Léa", None, d(2010, 1, 1)),
        ];
        let people = vec![
            person("E001", "Martin", "Léa", d(2010, 1, 1)),
            person("E002", "Martin", "Léa", d(2009, 1, 1)),
        ];
        assert_eq!(
            rules(&cascade(&accounts, &people, &Given::default())),
            vec![(0, 1, "name_birthdate"), (1, 0, "name_birthdate")]
        );
        // A duplicated number is not unique; Bob's account says E009 where his record says
        // E010: the names alone do not join them either (the administrator decides).
        let accounts = vec![
            account("a", "Alpha", "Ann", Some("E009"), None),
            account("b", "Beta", "Bob", Some("E009"), None),
        ];
        let people = vec![
            person("E009", "Alpha", "Ann", None),
            person("E010", "Beta", "Bob", None),
        ];
        assert_eq!(
            rules(&cascade(&accounts, &people, &Given::default())),
            vec![(0, 0, "number_name")]
        );
    }

    #[test]
    fn manual_links_stay_and_machines_are_left_out() {
        let accounts = vec![
            account("lmartin", "Martin", "Léa", Some("E001"), None),
            account("exam01", "Examen", "Compte", None, None),
            Account {
                machine: true,
                ..account("pc01$", "Durand", "Tom", None, None)
            },
        ];
        let people = vec![
            person("E001", "Martin", "Léa", None),
            person("E002", "Examen", "Compte", None),
            person("E003", "Durand", "Tom", None),
        ];
        let given = Given {
            manual: vec![(0, 2)],
            ..Given::default()
        };
        let pairs = cascade(&accounts, &people, &given);
        assert_eq!(
            rules(&pairs),
            vec![(0, 2, "manual"), (1, 1, "name")],
            "the manual link wins over E001; a kept account takes part like any other"
        );
    }

    #[test]
    fn names_alone_never_join_contradicting_sides() {
        let staff = |number: &str, last: &str, first: &str| Person {
            category: 'P',
            ..person(number, last, first, None)
        };
        let accounts = vec![
            account("a", "Martin", "Léa", None, d(2009, 7, 1)),
            account("b", "Durand", "Tom", Some("E777"), None),
            account("c", "Petit", "Jo", None, None),
            account("e", "Roy", "Al", None, d(2010, 1, 2)),
        ];
        let people = vec![
            person("E001", "Martin", "Léa", d(2009, 7, 2)),
            person("E002", "Durand", "Tom", None),
            staff("P003", "Petit", "Jo"),
            person("E004", "Roy", "Al", d(2010, 1, 2)),
        ];
        let pairs = cascade(&accounts, &people, &Given::default());
        assert_eq!(
            rules(&pairs),
            vec![(3, 3, "name_birthdate")],
            "another birth date, another number, a student account for a teacher: left alone"
        );
    }

    #[test]
    fn running_again_on_the_result_changes_nothing() {
        let accounts = vec![
            account("lmartin", "Martin", "Léa", Some("E001"), None),
            account("tdurand", "Durand", "Tom", None, None),
        ];
        let people = vec![
            person("E001", "Martin", "Léa", None),
            person("E002", "Durand", "Tom", None),
        ];
        let first = cascade(&accounts, &people, &Given::default());
        let manual: Vec<(usize, usize)> = first.iter().map(|p| (p.account, p.person)).collect();
        let again = cascade(&accounts, &people, &Given::default());
        assert_eq!(first, again);
        let with_links = cascade(
            &accounts,
            &people,
            &Given {
                manual,
                ..Given::default()
            },
        );
        assert_eq!(with_links.len(), first.len());
    }

    #[test]
    fn leading_zeros_only_when_asked() {
        let accounts = vec![account("a", "Alpha", "Ann", Some("0042"), None)];
        let people = vec![person("42", "Zeta", "Zed", None)];
        assert!(cascade(&accounts, &people, &Given::default()).is_empty());
        let given = Given {
            ignore_leading_zeros: true,
            ..Given::default()
        };
        assert_eq!(
            rules(&cascade(&accounts, &people, &given)),
            vec![(0, 0, "number")]
        );
    }
}
