//! Correlation in PostgreSQL: storing a directory snapshot, running the cascade and keeping
//! its links (manual ones untouched), decisions, and the apply's record. The matching itself
//! is `cascade` (pure); this loads its input and writes its output, each in one transaction.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};

use super::model::apply::{self, Decision, Official};
use super::model::cascade::{self, Account, Given, Person, Rule};
use super::model::directory::{self, DirectoryAccount, Mapping};
use super::model::ldif::{self, Entry};
use crate::db::{Database, DbError};
use crate::i18n::{tr, T};

#[derive(Debug, thiserror::Error)]
pub enum CorrelationError {
    #[error("{file}: {error}")]
    Ldif {
        file: String,
        error: ldif::LdifError,
    },
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Io(String),
    /// The session's user may not see or change the correlation.
    #[error("{}", tr(T::CorrelationDenied, &[&.0]))]
    Denied(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl CorrelationError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CorrelationError::Ldif { .. } | CorrelationError::BadInput(_) => 2,
            CorrelationError::Denied(_) => 4,
            _ => 1,
        }
    }
}

/// Refuses at once a user who may not work on the correlation (administrators and user
/// managers may), before any file is read: the database would refuse each write anyway, and
/// would show such a user an empty directory.
pub async fn require_access(db: &Database) -> Result<(), CorrelationError> {
    if crate::users::store::manages_people(db).await? {
        Ok(())
    } else {
        Err(CorrelationError::Denied(db.user().to_owned()))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub run_id: i64,
    pub entries: usize,
    pub accounts: usize,
    pub machines: usize,
    pub domain_admins: usize,
}

/// `[[name, [values…]], …]`: text as a string, bytes as `{"base64": "…"}`.
fn attrs_json(e: &Entry) -> Value {
    use base64::Engine as _;
    let value = |v: &ldif::AttrValue| match v {
        ldif::AttrValue::Text(t) => json!(t),
        ldif::AttrValue::Binary(b) => {
            json!({"base64": base64::engine::general_purpose::STANDARD.encode(b)})
        }
    };
    Value::Array(
        e.attrs
            .iter()
            .map(|(n, v)| json!([n, v.iter().map(value).collect::<Vec<_>>()]))
            .collect(),
    )
}

/// Stores `entries` as the new current snapshot (the previous ones stay).
pub async fn import_snapshot(
    db: &Database,
    file_name: &str,
    entries: &[Entry],
    mapping: &Mapping,
    allow_empty: bool,
) -> Result<Imported, CorrelationError> {
    let accounts = directory::accounts(entries, mapping);
    if accounts.is_empty() && !allow_empty {
        return Err(CorrelationError::BadInput(tr(
            T::LdifNoAccount,
            &[&file_name, &entries.len()],
        )));
    }
    // Two entries with one login: the snapshot cannot say which account is which.
    let mut first_of: HashMap<&str, &Entry> = HashMap::new();
    let mut clashes = Vec::new();
    for (i, a) in &accounts {
        let e = &entries[*i];
        if let Some(first) = first_of.insert(a.login.as_str(), e) {
            clashes.push(tr(
                T::LdifDuplicateLogin,
                &[&a.login, &first.dn, &first.line, &e.dn, &e.line],
            ));
            first_of.insert(a.login.as_str(), first);
        }
    }
    if !clashes.is_empty() {
        return Err(CorrelationError::BadInput(format!(
            "{file_name}: {}",
            clashes.join("; ")
        )));
    }
    let base = directory::base_dn(entries);
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    let machines = accounts.iter().filter(|(_, a)| a.machine).count();
    let admins = accounts.iter().filter(|(_, a)| a.domain_admin).count();
    let run_id: i64 = tx
        .query_one(
            "INSERT INTO directory_run (file_name, base_dn, entries, accounts, machines, domain_admins)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &file_name,
                &base,
                &(entries.len() as i32),
                &(accounts.len() as i32),
                &(machines as i32),
                &(admins as i32),
            ],
        )
        .await
        .map_err(|e| db.classify(e))?
        .get(0);
    let by_entry: HashMap<usize, &DirectoryAccount> =
        accounts.iter().map(|(i, a)| (*i, a)).collect();
    for chunk in (0..entries.len()).collect::<Vec<_>>().chunks(5_000) {
        let mut positions = Vec::new();
        let mut dns = Vec::new();
        let mut attrs = Vec::new();
        let mut logins: Vec<Option<String>> = Vec::new();
        let mut lasts = Vec::new();
        let mut firsts = Vec::new();
        let mut numbers: Vec<Option<String>> = Vec::new();
        let mut births: Vec<Option<NaiveDate>> = Vec::new();
        let mut categories: Vec<Option<String>> = Vec::new();
        let mut machine = Vec::new();
        let mut archived = Vec::new();
        let mut admin = Vec::new();
        let mut groups = Vec::new();
        for &i in chunk {
            let e = &entries[i];
            positions.push(i as i32);
            dns.push(e.dn.clone());
            attrs.push(attrs_json(e));
            let a = by_entry.get(&i);
            logins.push(a.map(|a| a.login.clone()));
            lasts.push(a.map(|a| a.last.clone()).unwrap_or_default());
            firsts.push(a.map(|a| a.first.clone()).unwrap_or_default());
            numbers.push(a.and_then(|a| a.number.clone()));
            births.push(a.and_then(|a| a.birth));
            categories.push(a.map(|a| a.category.to_string()));
            machine.push(a.is_some_and(|a| a.machine));
            archived.push(a.is_some_and(|a| a.archived));
            admin.push(a.is_some_and(|a| a.domain_admin));
            groups.push(json!(a.map(|a| a.groups.clone()).unwrap_or_default()));
        }
        tx.execute(
            "INSERT INTO directory_entry (run_id, position, dn, attrs, login, last_name, first_name, number,
                                          birth_date, category, machine, domain_admin, groups, archived)
             SELECT $1, p, d, a, l, ln, fn, n, b, c, m, da, ARRAY(SELECT jsonb_array_elements_text(g)), ar
               FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::text[],
                           $9::date[], $10::text[], $11::bool[], $12::bool[], $13::jsonb[], $14::bool[])
                    AS x(p, d, a, l, ln, fn, n, b, c, m, da, g, ar)",
            &[
                &run_id, &positions, &dns, &attrs, &logins, &lasts, &firsts, &numbers, &births, &categories,
                &machine, &admin, &groups, &archived,
            ],
        )
        .await
        .map_err(|e| db.classify(e))?;
    }
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(Imported {
        run_id,
        entries: entries.len(),
        accounts: accounts.len(),
        machines,
        domain_admins: admins,
    })
}

/// A person of the official lists, with what the apply needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficialRow {
    pub id: i64,
    pub kind: String,
    pub person: Person,
    pub email: Option<String>,
}

/// Everything the cascade, the lists and the apply read.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub run_id: Option<i64>,
    pub base_dn: String,
    pub accounts: Vec<DirectoryAccount>,
    pub people: Vec<OfficialRow>,
    /// login → (person id, rule)
    pub links: HashMap<String, (i64, Rule)>,
    pub decisions: HashMap<String, Decision>,
    /// login → number of the person it was linked to by hand, who is no longer listed.
    pub orphans: HashMap<String, String>,
    /// Accounts the complementary file declares local (exam, generic): matched by themselves.
    pub local: HashMap<String, super::model::local::LocalAccount>,
}

impl State {
    /// Where each login and each person id sits in `accounts` and `people`.
    fn indexes(&self) -> (HashMap<&str, usize>, HashMap<i64, usize>) {
        let accounts = self
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.login.as_str(), i))
            .collect();
        let people = self
            .people
            .iter()
            .enumerate()
            .map(|(j, p)| (p.id, j))
            .collect();
        (accounts, people)
    }
}

/// Teachers by their title; other staff are Z, as in OMICO.
fn staff_category(title: Option<&str>) -> char {
    let t = title.unwrap_or("").to_lowercase();
    if ["enseign", "prof", "teach", "instit"]
        .iter()
        .any(|w| t.contains(w))
    {
        'P'
    } else {
        'Z'
    }
}

pub async fn load(db: &Database) -> Result<State, CorrelationError> {
    // Two connections, so the server reads accounts and people at the same time (the session
    // screen opens on 100,000 of each). The client sorts: no ORDER BY.
    let (one, two) = tokio::try_join!(db.client(), db.client())?;
    let fail = |e| CorrelationError::Db(db.classify(e));
    let accounts_query = one.query(
        "SELECT dn, login, last_name, first_name, number, birth_date, coalesce(category, 'Z'), machine,
                domain_admin, groups, archived
           FROM directory_entry WHERE run_id = current_directory_run() AND login IS NOT NULL",
        &[],
    );
    let people_query = two.query(
        "SELECT id, kind::text, number, last_name, first_name, birth_date, title, coalesce(email, student_email)
           FROM person WHERE active",
        &[],
    );
    let (account_rows, people_rows) =
        tokio::try_join!(accounts_query, people_query).map_err(fail)?;
    let (run, links, decisions, local) = tokio::try_join!(
        one.query_opt(
            "SELECT id, base_dn FROM directory_run WHERE id = current_directory_run()",
            &[],
        ),
        two.query("SELECT login, person_id, rule FROM correlation_link", &[]),
        one.query("SELECT login, decision FROM correlation_decision", &[]),
        two.query(
            "SELECT login, last_name, first_name, category, comment FROM local_account",
            &[],
        ),
    )
    .map_err(fail)?;
    let mut s = State::default();
    if let Some(r) = run {
        s.run_id = Some(r.get(0));
        s.base_dn = r.get(1);
    }
    s.accounts = account_rows
        .iter()
        .map(|r| DirectoryAccount {
            dn: r.get(0),
            account: Account {
                login: r.get(1),
                last: r.get(2),
                first: r.get(3),
                number: r.get(4),
                birth: r.get(5),
                category: r.get::<_, &str>(6).chars().next().unwrap_or('Z'),
                machine: r.get(7),
                domain_admin: r.get(8),
            },
            groups: r.get(9),
            archived: r.get(10),
        })
        .collect();
    s.people = people_rows
        .iter()
        .map(|r| {
            let kind: String = r.get(1);
            let category = if kind == "student" {
                'E'
            } else {
                staff_category(r.get::<_, Option<&str>>(6))
            };
            OfficialRow {
                id: r.get(0),
                kind,
                person: Person {
                    number: r.get(2),
                    last: r.get(3),
                    first: r.get(4),
                    birth: r.get(5),
                    category,
                },
                email: r.get(7),
            }
        })
        .collect();
    let listed: std::collections::HashSet<i64> = s.people.iter().map(|p| p.id).collect();
    let mut gone: HashMap<i64, String> = HashMap::new();
    for r in links {
        let rule = Rule::from_code(r.get::<_, &str>(2)).unwrap_or(Rule::Manual);
        let person: i64 = r.get(1);
        if listed.contains(&person) {
            s.links.insert(r.get(0), (person, rule));
        } else {
            // Its person left the official lists: the account comes back for a decision.
            gone.insert(person, r.get(0));
        }
    }
    if !gone.is_empty() {
        let ids: Vec<i64> = gone.keys().copied().collect();
        for r in one
            .query("SELECT id, number FROM person WHERE id = ANY ($1)", &[&ids])
            .await
            .map_err(fail)?
        {
            if let Some(login) = gone.remove(&r.get::<_, i64>(0)) {
                s.orphans.insert(login, r.get(1));
            }
        }
    }
    for r in decisions {
        if let Some(d) = Decision::from_code(r.get::<_, &str>(1)) {
            s.decisions.insert(r.get(0), d);
        }
    }
    for r in local {
        let login: String = r.get(0);
        s.local.insert(
            login.clone(),
            super::model::local::LocalAccount {
                login,
                last_name: r.get(1),
                first_name: r.get(2),
                category: r.get::<_, &str>(3).chars().next().unwrap_or('Z'),
                comment: r.get(4),
            },
        );
    }
    Ok(s)
}

/// `intendant import local FILE`: the file is the whole list of local accounts; one
/// transaction makes the table say the same (the history keeps what changed).
pub async fn import_local(
    db: &Database,
    accounts: &[super::model::local::LocalAccount],
) -> Result<Value, CorrelationError> {
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    let logins: Vec<&str> = accounts.iter().map(|a| a.login.as_str()).collect();
    let removed = tx
        .execute(
            "DELETE FROM local_account WHERE NOT login = ANY ($1)",
            &[&logins],
        )
        .await
        .map_err(|e| db.classify(e))?;
    let mut declared = 0u64;
    for a in accounts {
        declared += tx
            .execute(
                "INSERT INTO local_account (login, last_name, first_name, category, comment)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (login) DO UPDATE SET last_name = EXCLUDED.last_name,
                     first_name = EXCLUDED.first_name, category = EXCLUDED.category, comment = EXCLUDED.comment
                 WHERE (local_account.last_name, local_account.first_name, local_account.category, local_account.comment)
                       IS DISTINCT FROM (EXCLUDED.last_name, EXCLUDED.first_name, EXCLUDED.category, EXCLUDED.comment)",
                &[&a.login, &a.last_name, &a.first_name, &a.category.to_string(), &a.comment],
            )
            .await
            .map_err(|e| db.classify(e))?;
    }
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(json!({"local": accounts.len(), "changed": declared, "removed": removed}))
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunOutcome {
    pub by_rule: BTreeMap<&'static str, usize>,
    pub manual: usize,
    pub remaining_left: usize,
    pub remaining_right: usize,
}

fn cascade_accounts(s: &State) -> Vec<Account> {
    s.accounts.iter().map(|a| a.account.clone()).collect()
}

/// Runs the cascade and stores its links: automatic links that no longer hold go, new ones
/// come, manual links stay. Running it twice on the same data changes nothing.
pub async fn run(
    db: &Database,
    ignore_leading_zeros: bool,
) -> Result<RunOutcome, CorrelationError> {
    // The setting holds for every run, the ones after each import included.
    let ignore_leading_zeros = ignore_leading_zeros
        || {
            let client = db.client().await?;
            client
            .query_opt(
                "SELECT value = 'true' FROM setting WHERE name = 'correlation.ignore_leading_zeros'",
                &[],
            )
            .await
            .map_err(|e| db.classify(e))?
            .is_some_and(|r| r.get::<_, bool>(0))
        };
    let s = load(db).await?;
    let accounts = cascade_accounts(&s);
    let people: Vec<Person> = s.people.iter().map(|p| p.person.clone()).collect();
    let (account_index, person_index) = s.indexes();
    let manual: Vec<(usize, usize)> = s
        .links
        .iter()
        .filter(|(_, (_, r))| *r == Rule::Manual)
        .filter_map(|(login, (pid, _))| {
            Some((*account_index.get(login.as_str())?, *person_index.get(pid)?))
        })
        .collect();
    // An account linked by hand to a person no longer listed waits for the administrator.
    // So does a local account: it is matched by its declaration, never to an official person.
    let held: Vec<usize> = s
        .orphans
        .keys()
        .chain(s.local.keys())
        .filter_map(|login| account_index.get(login.as_str()).copied())
        .collect();
    let pairs = cascade::cascade(
        &accounts,
        &people,
        &Given {
            manual,
            held,
            ignore_leading_zeros,
        },
    );
    let mut logins = Vec::new();
    let mut person_ids = Vec::new();
    let mut rules = Vec::new();
    let mut outcome = RunOutcome::default();
    for p in &pairs {
        if p.rule == Rule::Manual {
            outcome.manual += 1;
            continue;
        }
        *outcome.by_rule.entry(p.rule.code()).or_default() += 1;
        logins.push(s.accounts[p.account].login.clone());
        person_ids.push(s.people[p.person].id);
        rules.push(p.rule.code().to_owned());
    }
    for rule in Rule::AUTOMATIC {
        outcome.by_rule.entry(rule.code()).or_default();
    }
    let people_left = s.accounts.iter().filter(|a| !a.out_of_play()).count();
    outcome.remaining_left = people_left.saturating_sub(pairs.len());
    outcome.remaining_right = s.people.len().saturating_sub(pairs.len());
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    // One writer of links at a time; each only adds what no link holds yet.
    tx.execute("SELECT pg_advisory_xact_lock(7242100)", &[])
        .await
        .map_err(|e| db.classify(e))?;
    tx.batch_execute(
        "CREATE TEMP TABLE wanted (login text, person_id bigint, rule text) ON COMMIT DROP",
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.execute(
        "INSERT INTO wanted SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])",
        &[&logins, &person_ids, &rules],
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.batch_execute(
        "DELETE FROM correlation_link l WHERE l.rule <> 'manual'
            AND NOT EXISTS (SELECT FROM wanted w WHERE (w.login, w.person_id, w.rule) = (l.login, l.person_id, l.rule));
         INSERT INTO correlation_link (login, person_id, rule)
         SELECT w.login, w.person_id, w.rule FROM wanted w
          WHERE NOT EXISTS (SELECT FROM correlation_link l WHERE l.login = w.login OR l.person_id = w.person_id);",
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(outcome)
}

/// `SCHOOL/NUMBER` or a number unique among active people.
/// `[KIND:][SCHOOL/]NUMBER`: `E:` a student, `P:` or `Z:` a member of staff.
pub fn person_key(key: &str) -> (Option<&'static str>, Option<&str>, &str) {
    let (kind, rest) = match key.trim().split_once(':') {
        Some((k, rest)) if k.eq_ignore_ascii_case("e") => (Some("student"), rest),
        Some((k, rest)) if k.eq_ignore_ascii_case("p") || k.eq_ignore_ascii_case("z") => {
            (Some("staff"), rest)
        }
        _ => (None, key.trim()),
    };
    match rest.split_once('/') {
        Some((s, n)) => (kind, Some(s.trim()), n.trim()),
        None => (kind, None, rest.trim()),
    }
}

async fn person_id(db: &Database, key: &str) -> Result<i64, CorrelationError> {
    let client = db.client().await?;
    let (kind, school, number) = person_key(key);
    let rows = client
        .query(
            "SELECT id, kind::text FROM person WHERE active AND number = $1 AND ($2::text IS NULL OR school = $2)
                AND ($3::text IS NULL OR kind::text = $3)",
            &[&number, &school, &kind],
        )
        .await
        .map_err(|e| db.classify(e))?;
    match rows.as_slice() {
        [one] => Ok(one.get(0)),
        [] => Err(CorrelationError::BadInput(format!(
            "no active person numbered {key}"
        ))),
        many => {
            let kinds: std::collections::BTreeSet<String> = many.iter().map(|r| r.get(1)).collect();
            Err(CorrelationError::BadInput(
                if kinds.len() > 1 && kind.is_none() {
                    format!("a student and a member of staff are numbered {key}: write E:SCHOOL/NUMBER for the student, P:SCHOOL/NUMBER for the staff member")
                } else {
                    format!("several people are numbered {key}: write SCHOOL/NUMBER (E: or P: before it for the kind)")
                },
            ))
        }
    }
}

async fn known_login(db: &Database, login: &str) -> Result<(), CorrelationError> {
    let client = db.client().await?;
    let found = client
        .query_opt(
            "SELECT machine FROM directory_entry WHERE run_id = current_directory_run() AND login = $1",
            &[&login],
        )
        .await
        .map_err(|e| db.classify(e))?;
    match found {
        None => Err(CorrelationError::BadInput(format!(
            "no account {login} in the current directory snapshot"
        ))),
        Some(r) if r.get::<_, bool>(0) => Err(CorrelationError::BadInput(format!(
            "{login} is a machine account: never touched"
        ))),
        Some(_) => Ok(()),
    }
}

/// Links an account to a person by hand (replacing whatever either had).
pub async fn link(db: &Database, login: &str, person: &str) -> Result<(), CorrelationError> {
    known_login(db, login).await?;
    let id = person_id(db, person).await?;
    link_ids(db, login, id).await
}

pub async fn decide(
    db: &Database,
    logins: &[String],
    decision: Decision,
) -> Result<usize, CorrelationError> {
    for login in logins {
        known_login(db, login).await?;
    }
    let client = db.client().await?;
    if decision == Decision::Delete {
        // Never offered for archiving: a domain admin, or an account linked to a person.
        let refused = client
            .query(
                "SELECT e.login, e.domain_admin FROM directory_entry e
                  WHERE e.run_id = current_directory_run() AND e.login = ANY ($1)
                    AND (e.domain_admin OR EXISTS (SELECT FROM correlation_link l JOIN person p ON p.id = l.person_id
                                                    WHERE l.login = e.login AND p.active))
                  ORDER BY e.login",
                &[&logins],
            )
            .await
            .map_err(|e| db.classify(e))?;
        let local = client
            .query(
                "SELECT login FROM local_account WHERE login = ANY ($1) ORDER BY login",
                &[&logins],
            )
            .await
            .map_err(|e| db.classify(e))?;
        if let Some(r) = local.first() {
            return Err(CorrelationError::BadInput(tr(
                T::DeleteLocal,
                &[&r.get::<_, String>(0)],
            )));
        }
        if let Some(r) = refused.first() {
            let login: String = r.get(0);
            return Err(CorrelationError::BadInput(if r.get(1) {
                tr(T::DeleteDomainAdmin, &[&login])
            } else {
                tr(T::DeleteLinked, &[&login])
            }));
        }
    }
    let n = client
        .execute(
            "INSERT INTO correlation_decision (login, decision)
             SELECT l, $2 FROM unnest($1::text[]) AS l
             ON CONFLICT (login) DO UPDATE SET decision = EXCLUDED.decision, made_by = session_user, made_at = now()",
            &[&logins, &decision.code()],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(n as usize)
}

/// Erases every manual decision except links: keep, keep always and delete are asked again.
pub async fn forget(db: &Database) -> Result<usize, CorrelationError> {
    let client = db.client().await?;
    let n = client
        .execute("DELETE FROM correlation_decision", &[])
        .await
        .map_err(|e| db.classify(e))?;
    Ok(n as usize)
}

/// `correlate list`: pairs, and what remains on each side.
pub fn listing(s: &State, remaining_only: bool) -> Value {
    let by_id: HashMap<i64, &OfficialRow> = s.people.iter().map(|p| (p.id, p)).collect();
    let linked_people: std::collections::HashSet<i64> =
        s.links.values().map(|(id, _)| *id).collect();
    let pairs: Vec<Value> = if remaining_only {
        Vec::new()
    } else {
        let mut v: Vec<(&String, &(i64, Rule))> = s.links.iter().collect();
        v.sort();
        v.into_iter()
            .filter_map(|(login, (id, rule))| {
                let p = by_id.get(id)?;
                Some(json!({"account": login, "person": p.person.number, "rule": rule.code()}))
            })
            .collect()
    };
    // Unordered from the database (the session sorts its own way): by login and by number here.
    let mut accounts: Vec<&DirectoryAccount> = s.accounts.iter().collect();
    accounts.sort_by(|a, b| a.login.cmp(&b.login));
    let mut people: Vec<&OfficialRow> = s.people.iter().collect();
    people.sort_by(|a, b| (&a.person.number, a.id).cmp(&(&b.person.number, b.id)));
    let left: Vec<Value> = accounts
        .into_iter()
        .filter(|a| {
            !a.out_of_play() && !s.links.contains_key(&a.login) && !s.local.contains_key(&a.login)
        })
        .map(|a| {
            json!({
                "account": a.login,
                "category": a.category.to_string(),
                "decision": s.decisions.get(&a.login).map(|d| d.code()),
                "domain_admin": a.domain_admin,
                "linked_to_person_no_longer_listed": s.orphans.get(&a.login),
            })
        })
        .collect();
    let right: Vec<Value> = people
        .into_iter()
        .filter(|p| !linked_people.contains(&p.id))
        .map(|p| json!({"person": p.person.number, "kind": p.kind}))
        .collect();
    let mut local: Vec<&str> = s
        .accounts
        .iter()
        .filter(|a| s.local.contains_key(&a.login))
        .map(|a| a.login.as_str())
        .collect();
    local.sort_unstable();
    json!({"pairs": pairs, "left": left, "right": right, "local": local})
}

#[derive(Clone, Debug, Serialize)]
pub struct Applied {
    /// Where the backup and the change set are (or would be) written.
    pub backup: String,
    pub changes: String,
    #[serde(flatten)]
    pub counts: apply::Counts,
}

/// Phase 2: the backup, then the change set, both under `out`; recorded, and `keep`
/// decisions cleared. With `dry_run`, only the summary.
pub async fn apply(
    db: &Database,
    out: &Path,
    dry_run: bool,
    mapping: &Mapping,
) -> Result<Applied, CorrelationError> {
    let mut s = load(db).await?;
    // The change file in a stable order: accounts by DN, people by category and name.
    s.accounts.sort_by(|a, b| a.dn.cmp(&b.dn));
    s.people.sort_by(|a, b| {
        (
            a.person.category,
            &a.person.last,
            &a.person.first,
            &a.person.number,
        )
            .cmp(&(
                b.person.category,
                &b.person.last,
                &b.person.first,
                &b.person.number,
            ))
    });
    let Some(run_id) = s.run_id else {
        return Err(CorrelationError::BadInput(
            "the directory snapshot is empty: import the directory first (intendant import ldif FILE)".into(),
        ));
    };
    let client = db.client().await?;
    let mut entries = Vec::new();
    for r in client
        .query(
            "SELECT dn, attrs FROM directory_entry WHERE run_id = $1 ORDER BY position",
            &[&run_id],
        )
        .await
        .map_err(|e| db.classify(e))?
    {
        let attrs = attrs_from_json(&r.get::<_, Value>(1));
        entries.push(Entry {
            dn: r.get(0),
            line: 0,
            attrs,
        });
    }
    let people: Vec<Official> = s
        .people
        .iter()
        .map(|p| Official {
            number: p.person.number.clone(),
            last: p.person.last.clone(),
            first: p.person.first.clone(),
            category: p.person.category,
            email: p.email.clone(),
        })
        .collect();
    let (account_index, person_index) = s.indexes();
    let links: HashMap<usize, usize> = s
        .links
        .iter()
        .filter_map(|(login, (id, _))| {
            Some((*account_index.get(login.as_str())?, *person_index.get(id)?))
        })
        .collect();
    let plan = apply::plan(&apply::Input {
        entries: &entries,
        accounts: &s.accounts,
        people: &people,
        links: &links,
        decisions: &s.decisions,
        base: &s.base_dn,
        archive_ou: &mapping.archive_ou,
        ous: &mapping.ou,
        kept_class: (&mapping.kept_attribute, &mapping.kept_value),
        local: &s.local.keys().cloned().collect(),
    });
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let backup: PathBuf = out.join(format!("backup-{stamp}.ldif"));
    let changes: PathBuf = out.join(format!("changes-{stamp}.ldif"));
    let result = Applied {
        backup: backup.display().to_string(),
        changes: changes.display().to_string(),
        counts: plan.counts.clone(),
    };
    if dry_run {
        return Ok(result);
    }
    std::fs::create_dir_all(out)
        .map_err(|e| CorrelationError::Io(format!("{}: {e}", out.display())))?;
    // The backup first: if it cannot be written, no change file exists.
    let write = |path: &Path, text: &str| {
        std::fs::write(path, format!("version: 1\n\n{text}"))
            .map_err(|e| CorrelationError::Io(format!("{}: {e}", path.display())))
    };
    write(&backup, &plan.backup)?;
    write(&changes, &plan.changes)?;
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    tx.execute(
        "INSERT INTO correlation_apply (run_id, backup_file, changes_file, created, modified, archived, undecided)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &run_id,
            &result.backup,
            &result.changes,
            &(plan.counts.create as i32),
            &(plan.counts.modify as i32),
            &(plan.counts.archive as i32),
            &(plan.counts.undecided.len() as i32),
        ],
    )
    .await
    .map_err(|e| db.classify(e))?;
    // Decisions carried out are closed (the history keeps them): kept accounts come back for
    // a decision, archived ones do not come back at all.
    tx.execute(
        "DELETE FROM correlation_decision WHERE decision IN ('keep', 'delete') AND login = ANY ($1)",
        &[&plan.carried_out],
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(result)
}

/// Links by ids (the session screen's `c`, and `correlate link`), replacing what either
/// side had, and clearing the account's decision.
pub async fn link_ids(db: &Database, login: &str, person_id: i64) -> Result<(), CorrelationError> {
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    tx.execute(
        "DELETE FROM correlation_link WHERE login = $1 OR person_id = $2",
        &[&login, &person_id],
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.execute(
        "INSERT INTO correlation_link (login, person_id, rule) VALUES ($1, $2, 'manual')",
        &[&login, &person_id],
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.execute(
        "DELETE FROM correlation_decision WHERE login = $1",
        &[&login],
    )
    .await
    .map_err(|e| db.classify(e))?;
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(())
}

/// Puts decisions back as they were (None: no decision): the session screen's undo.
pub async fn set_decisions(
    db: &Database,
    decisions: &[(String, Option<Decision>)],
) -> Result<(), CorrelationError> {
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    for (login, decision) in decisions {
        match decision {
            Some(d) => tx
                .execute(
                    "INSERT INTO correlation_decision (login, decision) VALUES ($1, $2)
                     ON CONFLICT (login) DO UPDATE SET decision = EXCLUDED.decision",
                    &[login, &d.code()],
                )
                .await
                .map_err(|e| db.classify(e))?,
            None => tx
                .execute(
                    "DELETE FROM correlation_decision WHERE login = $1",
                    &[login],
                )
                .await
                .map_err(|e| db.classify(e))?,
        };
    }
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(())
}

/// Undoes a manual link: removes it and restores the links it replaced.
pub async fn undo_link(
    db: &Database,
    login: &str,
    replaced: &[(String, i64, Rule)],
) -> Result<(), CorrelationError> {
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(|e| db.classify(e))?;
    tx.execute("DELETE FROM correlation_link WHERE login = $1", &[&login])
        .await
        .map_err(|e| db.classify(e))?;
    for (l, id, rule) in replaced {
        tx.execute(
            "INSERT INTO correlation_link (login, person_id, rule) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[l, id, &rule.code()],
        )
        .await
        .map_err(|e| db.classify(e))?;
    }
    tx.commit().await.map_err(|e| db.classify(e))?;
    Ok(())
}

/// Every attribute of one account of the current snapshot, in the file's order.
pub async fn account_attrs(
    db: &Database,
    login: &str,
) -> Result<ldif::Attributes, CorrelationError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "SELECT attrs FROM directory_entry WHERE run_id = current_directory_run() AND login = $1 LIMIT 1",
            &[&login],
        )
        .await
        .map_err(|e| db.classify(e))?;
    Ok(row
        .map(|r| attrs_from_json(&r.get::<_, Value>(0)))
        .unwrap_or_default())
}

/// `[[name, [values…]], …]` as stored, back into pairs.
fn attrs_from_json(attrs: &Value) -> ldif::Attributes {
    attrs
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|pair| {
                    let name = pair.get(0)?.as_str()?.to_owned();
                    let values = pair
                        .get(1)?
                        .as_array()?
                        .iter()
                        .filter_map(|v| match v {
                            Value::String(t) => Some(ldif::AttrValue::Text(t.clone())),
                            other => {
                                use base64::Engine as _;
                                let encoded = other.get("base64")?.as_str()?;
                                base64::engine::general_purpose::STANDARD
                                    .decode(encoded)
                                    .ok()
                                    .map(ldif::AttrValue::Binary)
                            }
                        })
                        .collect();
                    Some((name, values))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::person_key;

    #[test]
    fn a_person_key_may_say_its_kind_and_school() {
        assert_eq!(person_key("E001"), (None, None, "E001"));
        assert_eq!(person_key("001/42"), (None, Some("001"), "42"));
        assert_eq!(person_key("E:001/42"), (Some("student"), Some("001"), "42"));
        assert_eq!(person_key("p:001/42"), (Some("staff"), Some("001"), "42"));
        assert_eq!(person_key("Z:42"), (Some("staff"), None, "42"));
    }
}
