//! "Phase 2" (seed 004): what applying the decisions writes. First a backup of the whole
//! snapshot; then the change set, in this order: `add` for each official person with no
//! account, `modify` (`replace: employeeNumber`) for each linked account whose number is
//! missing or different, `modrdn` into the archive OU for each account decided `delete`.
//! Accounts kept, undecided, domain admins and machines are never touched. Pure: text out.

use std::collections::{HashMap, HashSet};

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::directory::DirectoryAccount;
use super::ldif::{line, write_entry, Entry};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Official {
    pub number: String,
    pub last: String,
    pub first: String,
    pub category: char,
    pub email: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Keep,
    KeepAlways,
    Delete,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::KeepAlways => "keep_always",
            Decision::Delete => "delete",
        }
    }

    pub fn from_code(code: &str) -> Option<Decision> {
        [Decision::Keep, Decision::KeepAlways, Decision::Delete]
            .into_iter()
            .find(|d| d.code() == code)
    }
}

pub struct Input<'a> {
    pub entries: &'a [Entry],
    pub accounts: &'a [DirectoryAccount],
    pub people: &'a [Official],
    /// Account index → person index.
    pub links: &'a HashMap<usize, usize>,
    pub decisions: &'a HashMap<String, Decision>,
    pub base: &'a str,
    /// Relative to the base, e.g. `ou=archives`.
    pub archive_ou: &'a str,
    /// Configured OUs for new accounts by category (`E`, `P`, `Z`), relative to the base.
    pub ous: &'a std::collections::BTreeMap<String, String>,
    /// The class accounts kept until the next apply are put in (attribute, value); no change
    /// with an empty attribute.
    pub kept_class: (&'a str, &'a str),
    /// Local accounts (the complementary file's): never touched, never undecided.
    pub local: &'a HashSet<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The LDIF texts: the whole snapshot, then the changes.
    pub backup: String,
    pub changes: String,
    pub counts: Counts,
    /// Accounts whose decision this change set carries out (archived, or kept until now):
    /// their decisions are closed once it is written.
    pub carried_out: Vec<String>,
}

/// What a change set does, as the commands report it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub create: usize,
    pub modify: usize,
    pub archive: usize,
    /// Accounts neither linked nor decided, still to look at.
    pub undecided: Vec<String>,
    /// Where new accounts of each category go (E, P, Z).
    pub ous: std::collections::BTreeMap<char, String>,
}

/// `Jérôme`, `Lefèvre-Roy` → `jerome.lefevre-roy`: lowercase ASCII, spaces and apostrophes out.
pub fn login_for(first: &str, last: &str) -> String {
    let fold = |s: &str| -> String {
        s.nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(|c| match c {
                'œ' | 'Œ' => "oe".chars().collect::<Vec<_>>(),
                'æ' | 'Æ' => "ae".chars().collect(),
                'ß' => "ss".chars().collect(),
                c => c.to_lowercase().collect(),
            })
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect()
    };
    format!("{}.{}", fold(first), fold(last))
}

fn parent(dn: &str) -> Option<&str> {
    dn.split_once(',').map(|(_, p)| p.trim())
}

fn rdn(dn: &str) -> &str {
    dn.split_once(',').map(|(r, _)| r).unwrap_or(dn)
}

pub fn plan(input: &Input) -> Plan {
    let mut p = Plan::default();
    for e in input.entries {
        p.backup.push_str(&write_entry(e));
    }
    let mut out = String::new();
    // Where new accounts of each category go: as configured, else beside the existing ones
    // (the first in DN order; a machine account never decides).
    let mut ou_of: HashMap<char, String> = input
        .ous
        .iter()
        .filter_map(|(c, ou)| {
            Some((
                c.chars().next()?.to_ascii_uppercase(),
                format!("{ou},{}", input.base),
            ))
        })
        .collect();
    let mut by_dn: Vec<&DirectoryAccount> = input.accounts.iter().filter(|a| !a.machine).collect();
    by_dn.sort_by(|a, b| a.dn.cmp(&b.dn));
    for a in by_dn {
        if let Some(parent) = parent(&a.dn) {
            ou_of.entry(a.category).or_insert_with(|| parent.to_owned());
        }
    }
    let default_ou = |c: char| {
        let ou = match c {
            'E' => "eleves",
            'P' => "profs",
            _ => "personnels",
        };
        format!("ou={ou},{}", input.base)
    };
    for c in ['E', 'P', 'Z'] {
        let ou = ou_of.get(&c).cloned().unwrap_or_else(|| default_ou(c));
        p.counts.ous.insert(c, ou);
    }
    let linked_people: HashSet<usize> = input.links.values().copied().collect();
    let mut taken: HashSet<String> = input.accounts.iter().map(|a| a.login.clone()).collect();
    for (j, person) in input.people.iter().enumerate() {
        if linked_people.contains(&j) {
            continue;
        }
        let wanted = login_for(&person.first, &person.last);
        let mut login = wanted.clone();
        let mut n = 2;
        while taken.contains(&login) {
            login = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(login.clone());
        let ou = ou_of
            .get(&person.category)
            .cloned()
            .unwrap_or_else(|| default_ou(person.category));
        out.push_str(&line("dn", &format!("uid={login},{ou}")));
        out.push_str("changetype: add\n");
        out.push_str("objectClass: inetOrgPerson\n");
        out.push_str(&line("uid", &login));
        out.push_str(&line("sn", &person.last));
        out.push_str(&line("givenName", &person.first));
        out.push_str(&line("cn", &format!("{} {}", person.first, person.last)));
        out.push_str(&line("employeeNumber", &person.number));
        if let Some(mail) = &person.email {
            out.push_str(&line("mail", mail));
        }
        out.push('\n');
        p.counts.create += 1;
    }
    let mut linked: Vec<(&usize, &usize)> = input.links.iter().collect();
    linked.sort();
    for (&a, &j) in linked {
        let (Some(account), Some(person)) = (input.accounts.get(a), input.people.get(j)) else {
            continue;
        };
        if account.out_of_play() || account.number.as_deref() == Some(person.number.as_str()) {
            continue;
        }
        out.push_str(&line("dn", &account.dn));
        out.push_str("changetype: modify\nreplace: employeeNumber\n");
        out.push_str(&line("employeeNumber", &person.number));
        out.push_str("-\n\n");
        p.counts.modify += 1;
    }
    let archive = format!("{},{}", input.archive_ou, input.base);
    let linked_accounts: HashSet<usize> = input.links.keys().copied().collect();
    for (i, account) in input.accounts.iter().enumerate() {
        if account.out_of_play()
            || account.domain_admin
            || linked_accounts.contains(&i)
            || input.local.contains(&account.login)
        {
            continue;
        }
        match input.decisions.get(&account.login) {
            Some(Decision::Delete) => {
                out.push_str(&line("dn", &account.dn));
                out.push_str("changetype: modrdn\n");
                out.push_str(&line("newrdn", rdn(&account.dn)));
                out.push_str("deleteoldrdn: 1\n");
                out.push_str(&line("newsuperior", &archive));
                out.push('\n');
                p.counts.archive += 1;
                p.carried_out.push(account.login.clone());
            }
            Some(Decision::Keep) => {
                // Kept until this apply, in the class that says so (OMICO's pas_de_classe);
                // asked about again afterwards.
                let (attribute, value) = input.kept_class;
                if !attribute.is_empty() {
                    out.push_str(&line("dn", &account.dn));
                    out.push_str(&format!("changetype: modify\nreplace: {attribute}\n"));
                    out.push_str(&line(attribute, value));
                    out.push_str("-\n\n");
                    p.counts.modify += 1;
                }
                p.carried_out.push(account.login.clone());
            }
            Some(Decision::KeepAlways) => {}
            None => p.counts.undecided.push(account.login.clone()),
        }
    }
    p.changes = out;
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlation::model::directory::{accounts, Mapping};
    use crate::correlation::model::ldif::parse;

    const SNAPSHOT: &str = "\
dn: uid=lmartin,ou=eleves,dc=lycee,dc=fr
uid: lmartin
sn: Martin
givenName: Léa

dn: uid=old,ou=eleves,dc=lycee,dc=fr
uid: old
sn: Parti
givenName: Paul

dn: uid=kept,ou=profs,dc=lycee,dc=fr
uid: kept
sn: Examen
givenName: Compte

dn: uid=admin,dc=lycee,dc=fr
uid: admin

dn: uid=pc01$,ou=computers,dc=lycee,dc=fr
uid: pc01$

dn: uid=undecided,ou=eleves,dc=lycee,dc=fr
uid: undecided

dn: uid=lea.martin,ou=eleves,dc=lycee,dc=fr
uid: lea.martin

dn: cn=Domain Admins,dc=lycee,dc=fr
objectClass: posixGroup
cn: Domain Admins
memberUid: admin
";

    #[test]
    fn new_accounts_go_where_their_category_lives_never_among_machines() {
        let entries = parse(
            "dn: uid=pc01$,ou=computers,dc=x\nuid: pc01$\nobjectClass: computer\n\ndn: uid=sec,ou=secretariat,ou=personnels,dc=x\nuid: sec\n\ndn: uid=eve,ou=eleves,dc=x\nuid: eve\n",
        )
        .unwrap();
        let found: Vec<DirectoryAccount> = accounts(&entries, &Mapping::default())
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let people = vec![Official {
            number: "Z9".into(),
            last: "Benali".into(),
            first: "Nadia".into(),
            category: 'Z',
            email: None,
        }];
        let (links, decisions, local) = (HashMap::new(), HashMap::new(), HashSet::new());
        let none = std::collections::BTreeMap::new();
        let input = |ous| Input {
            entries: &entries,
            accounts: &found,
            people: &people,
            links: &links,
            decisions: &decisions,
            base: "dc=x",
            archive_ou: "ou=archives",
            ous,
            kept_class: ("", ""),
            local: &local,
        };
        let p = plan(&input(&none));
        assert!(
            p.changes
                .contains("dn: uid=nadia.benali,ou=secretariat,ou=personnels,dc=x\n"),
            "{}",
            p.changes
        );
        assert!(!p.changes.contains("ou=computers"));
        let configured =
            std::collections::BTreeMap::from([("Z".to_owned(), "ou=staff".to_owned())]);
        let p = plan(&input(&configured));
        assert!(
            p.changes.contains("dn: uid=nadia.benali,ou=staff,dc=x\n"),
            "{}",
            p.changes
        );
        assert_eq!(p.counts.ous[&'Z'], "ou=staff,dc=x");
        assert_eq!(p.counts.ous[&'E'], "ou=eleves,dc=x");
    }

    #[test]
    fn the_change_set_in_order_and_nothing_else() {
        let entries = parse(SNAPSHOT).unwrap();
        let found: Vec<DirectoryAccount> = accounts(&entries, &Mapping::default())
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let people = vec![
            Official {
                number: "E001".into(),
                last: "Martin".into(),
                first: "Léa".into(),
                category: 'E',
                email: None,
            },
            Official {
                number: "E002".into(),
                last: "Martin".into(),
                first: "Léa".into(),
                category: 'E',
                email: Some("lea2@example.org".into()),
            },
        ];
        let links = HashMap::from([(0usize, 0usize)]);
        let decisions = HashMap::from([
            ("old".to_owned(), Decision::Delete),
            ("kept".to_owned(), Decision::KeepAlways),
            ("admin".to_owned(), Decision::Delete),
            ("pc01$".to_owned(), Decision::Delete),
        ]);
        let plan = plan(&Input {
            entries: &entries,
            accounts: &found,
            people: &people,
            links: &links,
            decisions: &decisions,
            base: "dc=lycee,dc=fr",
            archive_ou: "ou=archives",
            ous: &Default::default(),
            kept_class: ("Divcod", "pas_de_classe"),
            local: &HashSet::new(),
        });
        assert_eq!(
            (plan.counts.create, plan.counts.modify, plan.counts.archive),
            (1, 1, 1)
        );
        assert_eq!(plan.counts.undecided, ["undecided", "lea.martin"]);
        let c = &plan.changes;
        let add = c.find("changetype: add").unwrap();
        let modify = c.find("changetype: modify").unwrap();
        let modrdn = c.find("changetype: modrdn").unwrap();
        assert!(add < modify && modify < modrdn, "{c}");
        assert!(
            c.contains("dn: uid=lea.martin2,ou=eleves,dc=lycee,dc=fr"),
            "a taken login gets a number:\n{c}"
        );
        assert!(c.contains("mail: lea2@example.org"));
        assert!(c.contains("dn: uid=lmartin,ou=eleves,dc=lycee,dc=fr\nchangetype: modify\nreplace: employeeNumber\nemployeeNumber: E001\n-\n"));
        assert!(c.contains("dn: uid=old,ou=eleves,dc=lycee,dc=fr\nchangetype: modrdn\nnewrdn: uid=old\ndeleteoldrdn: 1\nnewsuperior: ou=archives,dc=lycee,dc=fr\n"));
        for never in ["uid=admin", "pc01$", "uid=kept"] {
            assert!(!c.contains(never), "{never} is never touched:\n{c}");
        }
        // The backup holds every entry of the snapshot and reads back.
        let backup = parse(&plan.backup).unwrap();
        assert_eq!(backup.len(), entries.len());
        for (b, e) in backup.iter().zip(&entries) {
            assert_eq!((&b.dn, &b.attrs), (&e.dn, &e.attrs));
        }
        // The change file is LDIF its reader accepts.
        if let Err(e) = crate::correlation::model::ldif::parse_changes(c) {
            panic!("{e}\n{c}");
        }
    }

    #[test]
    fn logins_are_lowercase_ascii() {
        assert_eq!(login_for("Jérôme", "Lefèvre-Roy"), "jerome.lefevre-roy");
        assert_eq!(login_for("Siobhan", "O'Neil"), "siobhan.oneil");
        assert_eq!(login_for("Élodie", "Cœur"), "elodie.coeur");
        assert_eq!(
            login_for("Marie Claire", "De La Tour"),
            "marieclaire.delatour"
        );
    }
}
