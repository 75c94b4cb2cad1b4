//! The automatic cascade on 100,000 directory accounts × 100,000 official people (pure; the
//! target is under a second). The data mixes the four rules: most accounts carry the
//! right number, some a wrong or missing one, some differ by accents and hyphens, and one in
//! fifty is a homonym that must stay unmatched.

use chrono::{Duration, NaiveDate};
use intendant::correlation::model::cascade::{cascade, Account, Given, Person};

const N: usize = 100_000;

const LAST: [&str; 20] = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard",
];
const FIRST: [&str; 20] = [
    "Léa", "Emma", "Louise", "Jade", "Alice", "Chloé", "Lina", "Mila", "Léna", "Rose", "Gabriel",
    "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo",
];

fn data() -> (Vec<Account>, Vec<Person>) {
    let base = NaiveDate::from_ymd_opt(2005, 1, 1).unwrap();
    let mut people = Vec::with_capacity(N);
    let mut accounts = Vec::with_capacity(N);
    for i in 0..N {
        // Names repeat every 400 people unless a number suffix makes them unique.
        let last = if i % 50 == 0 {
            LAST[i % 20].to_owned()
        } else {
            format!("{}-{}", LAST[i % 20], i)
        };
        let first = FIRST[(i / 20) % 20].to_owned();
        let birth = base + Duration::days((i % 5000) as i64);
        people.push(Person {
            number: format!("E{i:07}"),
            last: last.clone(),
            first: first.clone(),
            birth: Some(birth),
            category: 'E',
        });
        let homonym = i % 50 == 0;
        let number = match i % 10 {
            _ if homonym => None,
            0..=6 => Some(format!("E{i:07}")),
            7 => Some(format!("X{i:07}")),
            _ => None,
        };
        accounts.push(Account {
            login: format!("user{i}"),
            last: last.to_uppercase().replace('-', " "),
            first,
            number,
            birth: (i % 3 != 0 && !homonym).then_some(birth),
            category: 'E',
            machine: false,
            domain_admin: false,
        });
    }
    (accounts, people)
}

fn main() {
    let (accounts, people) = data();
    let started = std::time::Instant::now();
    let pairs = cascade(&accounts, &people, &Given::default());
    println!(
        "cascade on {N} × {N}: {} pairs in {:.0} ms",
        pairs.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn cascade_100k_by_100k(bencher: divan::Bencher) {
    let (accounts, people) = data();
    bencher.bench_local(|| cascade(divan::black_box(&accounts), &people, &Given::default()).len());
}

/// One LDIF entry of 160,000 distinct attributes (a hostile or broken export): linear time.
#[divan::bench(sample_count = 10)]
fn ldif_entry_of_160k_attributes(bencher: divan::Bencher) {
    let mut text = String::from("dn: uid=big,dc=x\n");
    for i in 0..160_000 {
        text.push_str(&format!("a{i}: v\n"));
    }
    bencher.bench_local(|| {
        intendant::correlation::model::ldif::parse(divan::black_box(&text))
            .map(|e| e.len())
            .unwrap_or(0)
    });
}
