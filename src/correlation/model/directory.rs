//! From LDIF entries to directory accounts: which attribute holds the login, the names, the
//! official number and the birth date (configurable, with OMICO's defaults), the category from
//! the entry's OU, machines (uid ending in `$`, objectClass computer) and domain admins
//! (members of `Domain Admins` / `Admins du domaine`, by DN or by uid).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Deserialize;

use super::cascade::Account;
use super::ldif::Entry;
use super::normalize::parse_birth;

/// Which attributes mean what; `[correlation]` in the config file overrides each.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub number: String,
    /// Tried in order: `YYYYMMDD`, `DD/MM/YYYY`, or gecos (second comma field).
    pub birth_date: Vec<String>,
    /// An attribute holding E, P or Z; else the entry's OU decides.
    pub category: Option<String>,
    pub admin_groups: Vec<String>,
    /// Where `delete` moves accounts (relative to the base): never a deletion.
    pub archive_ou: String,
    /// Accounts kept until the next apply go to this class (`kept_attribute: kept_value`),
    /// as OMICO's `pas_de_classe`; an empty attribute leaves them as they are.
    pub kept_attribute: String,
    pub kept_value: String,
    /// Where new accounts of a category (E, P, Z) go, relative to the base (`ou.E =
    /// "ou=eleves"`); else beside the existing accounts of that category.
    pub ou: std::collections::BTreeMap<String, String>,
}

impl Default for Mapping {
    fn default() -> Mapping {
        Mapping {
            login: "uid".into(),
            last_name: "sn".into(),
            first_name: "givenName".into(),
            number: "employeeNumber".into(),
            birth_date: vec![
                "schacDateOfBirth".into(),
                "ENTPersonDateNaissance".into(),
                "gecos".into(),
            ],
            category: None,
            admin_groups: vec!["Domain Admins".into(), "Admins du domaine".into()],
            archive_ou: "ou=archives".into(),
            kept_attribute: "Divcod".into(),
            kept_value: "pas_de_classe".into(),
            ou: Default::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryAccount {
    pub dn: String,
    /// What the cascade and the suggestions compare: login, names, number, birth, category.
    pub account: Account,
    /// The cn of every group the account is in.
    pub groups: Vec<String>,
    /// Under the archive OU: an earlier apply archived it.
    pub archived: bool,
}

/// An entry's account fields read as the account's (`a.login`, `a.last`…).
impl std::ops::Deref for DirectoryAccount {
    type Target = Account;

    fn deref(&self) -> &Account {
        &self.account
    }
}

impl DirectoryAccount {
    /// Machines and archived accounts: never offered, matched or moved.
    pub fn out_of_play(&self) -> bool {
        self.machine || self.archived
    }
}

/// The OUs of a DN, lowercased, nearest first: `uid=a,ou=eleves,ou=people,dc=x` → [eleves, people].
fn ous(dn: &str) -> Vec<String> {
    dn.split(',')
        .filter_map(|rdn| {
            let (k, v) = rdn.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("ou")
                .then(|| v.trim().to_lowercase())
        })
        .collect()
}

fn category_of(dn: &str) -> char {
    for ou in ous(dn) {
        match ou.as_str() {
            "eleves" | "élèves" | "eleve" | "students" | "student" => return 'E',
            "profs" | "professeurs" | "enseignants" | "teachers" => return 'P',
            _ => {}
        }
    }
    'Z'
}

fn is_group(e: &Entry) -> bool {
    e.all("objectclass").any(|c| {
        let c = c.to_ascii_lowercase();
        c == "groupofnames" || c == "groupofuniquenames" || c == "posixgroup" || c == "group"
    })
}

/// The birth date from the first mapped attribute that gives one.
fn birth(e: &Entry, mapping: &Mapping) -> Option<NaiveDate> {
    mapping.birth_date.iter().find_map(|attr| {
        let value = e.get(attr)?;
        if attr.eq_ignore_ascii_case("gecos") {
            parse_birth(value.split(',').nth(1)?)
        } else {
            parse_birth(value)
        }
    })
}

/// The accounts of a snapshot: entries with a login that are not groups.
pub fn accounts(entries: &[Entry], mapping: &Mapping) -> Vec<(usize, DirectoryAccount)> {
    let groups: Vec<&Entry> = entries.iter().filter(|e| is_group(e)).collect();
    let archive = format!(",{},{}", mapping.archive_ou, base_dn(entries))
        .to_lowercase()
        .replace(", ", ",");
    let admin_names: HashSet<String> = mapping
        .admin_groups
        .iter()
        .map(|g| g.to_lowercase())
        .collect();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if is_group(e) {
            continue;
        }
        let Some(login) = e.get(&mapping.login).map(str::to_owned) else {
            continue;
        };
        let dn_lower = e.dn.to_lowercase();
        let mut member_of = Vec::new();
        let mut admin = false;
        for g in &groups {
            let by_dn = g
                .all("member")
                .chain(g.all("uniquemember"))
                .any(|m| m.to_lowercase() == dn_lower);
            let by_uid = g.all("memberuid").any(|m| m == login);
            if by_dn || by_uid {
                let cn = g.get("cn").unwrap_or(&g.dn).to_owned();
                admin |= admin_names.contains(&cn.to_lowercase());
                member_of.push(cn);
            }
        }
        // Active Directory says it on the account (`memberOf`), even when the group itself is
        // not in the export.
        for group_dn in e.all("memberof") {
            let cn = first_rdn_value(group_dn);
            admin |= admin_names.contains(&cn.to_lowercase());
            if !member_of.iter().any(|m| m.eq_ignore_ascii_case(cn)) {
                member_of.push(cn.to_owned());
            }
        }
        let machine = login.ends_with('$')
            || e.all("objectclass")
                .any(|c| c.eq_ignore_ascii_case("computer"));
        let category = mapping
            .category
            .as_ref()
            .and_then(|attr| e.get(attr))
            .and_then(|v| v.trim().chars().next())
            .map(|c| c.to_ascii_uppercase())
            .filter(|c| matches!(c, 'E' | 'P' | 'Z'))
            .unwrap_or_else(|| category_of(&e.dn));
        out.push((
            i,
            DirectoryAccount {
                dn: e.dn.clone(),
                account: Account {
                    login,
                    last: e.get(&mapping.last_name).unwrap_or("").to_owned(),
                    first: e.get(&mapping.first_name).unwrap_or("").to_owned(),
                    number: e
                        .get(&mapping.number)
                        .map(|n| n.trim().to_owned())
                        .filter(|n| !n.is_empty()),
                    birth: birth(e, mapping),
                    category,
                    machine,
                    domain_admin: admin,
                },
                groups: member_of,
                archived: dn_lower.replace(", ", ",").ends_with(&archive),
            },
        ));
    }
    out
}

/// `Domain Admins` of `CN=Domain Admins,CN=Users,DC=x`.
fn first_rdn_value(dn: &str) -> &str {
    let first = dn.split(',').next().unwrap_or(dn);
    first.split_once('=').map_or(first, |(_, v)| v).trim()
}

/// The directory's base: the `dc=` suffix most DNs share.
pub fn base_dn(entries: &[Entry]) -> String {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for e in entries {
        let dcs: Vec<&str> =
            e.dn.split(',')
                .map(str::trim)
                .skip_while(|r| !r.to_ascii_lowercase().starts_with("dc="))
                .collect();
        if !dcs.is_empty() {
            *counts.entry(dcs.join(",")).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
        .or_else(|| common_suffix(entries))
        .unwrap_or_default()
}

/// The naming context of a directory without `dc=` (`o=lycee,c=fr`): the RDNs every entry
/// ends with.
fn common_suffix(entries: &[Entry]) -> Option<String> {
    let rdns = |dn: &str| -> Vec<String> { dn.split(',').map(|r| r.trim().to_owned()).collect() };
    let mut suffix: Vec<String> = rdns(&entries.first()?.dn);
    for e in &entries[1..] {
        let other = rdns(&e.dn);
        let shared = suffix
            .iter()
            .rev()
            .zip(other.iter().rev())
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
            .count();
        suffix = suffix.split_off(suffix.len() - shared);
    }
    (!suffix.is_empty()).then(|| suffix.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlation::model::ldif::parse;

    pub const SNAPSHOT: &str = "\
dn: uid=lmartin,ou=eleves,ou=people,dc=lycee,dc=fr
objectClass: inetOrgPerson
uid: lmartin
sn: Martin
givenName: Léa
employeeNumber: E001
schacDateOfBirth: 20090701

dn: uid=jdupont,ou=profs,ou=people,dc=lycee,dc=fr
objectClass: inetOrgPerson
uid: jdupont
sn: Dupont
givenName: Jean
ENTPersonDateNaissance: 03/02/1975

dn: uid=admin,ou=people,dc=lycee,dc=fr
objectClass: posixAccount
uid: admin
sn: Admin
gecos: Administrateur,19700101,,

dn: uid=pc01$,ou=computers,dc=lycee,dc=fr
uid: pc01$

dn: cn=Domain Admins,ou=groups,dc=lycee,dc=fr
objectClass: posixGroup
cn: Domain Admins
memberUid: admin

dn: cn=profs,ou=groups,dc=lycee,dc=fr
objectClass: groupOfNames
cn: profs
member: uid=jdupont,ou=profs,ou=people,dc=lycee,dc=fr
";

    #[test]
    fn accounts_with_their_category_birth_date_and_flags() {
        let entries = parse(SNAPSHOT).unwrap();
        let found = accounts(&entries, &Mapping::default());
        let by = |login: &str| {
            found
                .iter()
                .find(|(_, a)| a.login == login)
                .unwrap()
                .1
                .clone()
        };
        assert_eq!(found.len(), 4, "groups are not accounts");
        let lea = by("lmartin");
        assert_eq!((lea.category, lea.number.as_deref()), ('E', Some("E001")));
        assert_eq!(lea.birth, NaiveDate::from_ymd_opt(2009, 7, 1));
        let jean = by("jdupont");
        assert_eq!(jean.category, 'P');
        assert_eq!(jean.birth, NaiveDate::from_ymd_opt(1975, 2, 3));
        assert_eq!(jean.groups, ["profs"]);
        let admin = by("admin");
        assert!(admin.domain_admin);
        assert_eq!(admin.category, 'Z');
        assert_eq!(
            admin.birth,
            NaiveDate::from_ymd_opt(1970, 1, 1),
            "from gecos"
        );
        assert!(by("pc01$").machine);
        assert_eq!(base_dn(&entries), "dc=lycee,dc=fr");
    }

    #[test]
    fn member_of_domain_admins_on_the_account_is_enough() {
        let entries = parse(
            "dn: CN=Admin Local,CN=Users,DC=lycee,DC=local\nuid: adm\nmemberOf: CN=Domain Admins,CN=Users,DC=lycee,DC=local\nmemberOf: CN=Profs,OU=Groupes,DC=lycee,DC=local\n\ndn: CN=Eve,CN=Users,DC=lycee,DC=local\nuid: eve\nmemberOf: CN=Profs,OU=Groupes,DC=lycee,DC=local\n",
        )
        .unwrap();
        let found = accounts(&entries, &Mapping::default());
        assert!(found[0].1.domain_admin);
        assert_eq!(found[0].1.groups, ["Domain Admins", "Profs"]);
        assert!(!found[1].1.domain_admin);
    }

    #[test]
    fn an_o_based_directory_has_its_own_base() {
        let entries = parse(
            "dn: o=lycee,c=fr\no: lycee\n\ndn: uid=a,ou=eleves,o=lycee,c=fr\nuid: a\n\ndn: uid=b,ou=profs,o=lycee,c=fr\nuid: b\n",
        )
        .unwrap();
        assert_eq!(base_dn(&entries), "o=lycee,c=fr");
    }
}
