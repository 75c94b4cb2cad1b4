//! The correlation session's state: directory accounts on the left, official people on the
//! right, each side filtered, searched and sorted on its own, with marks, a cursor and a
//! scroll. Rows are index lists rebuilt only when the data, the filter, the search or a sort
//! changes, so moving through 100,000 rows costs nothing. Pure: no IO, no terminal.

use std::collections::{BTreeSet, HashMap};

use crate::correlation::model::apply::Decision;
use crate::correlation::model::cascade::{Person, Rule};
use crate::correlation::model::normalize::name_key;
use crate::correlation::model::suggest::{suggest, Suggestion};
use crate::correlation::store::State;
use crate::tui::widgets::list::Cursor;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Filter {
    /// What still needs the administrator: the default, as seed 004 advises.
    #[default]
    Remaining,
    Correlated,
    All,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::Remaining => Filter::Correlated,
            Filter::Correlated => Filter::All,
            Filter::All => Filter::Remaining,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    Category,
    Number,
    State,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Name => Sort::Category,
            Sort::Category => Sort::Number,
            Sort::Number => Sort::State,
            Sort::State => Sort::Name,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Left,
    Right,
}

/// What a row's colour says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowState {
    Undecided,
    /// Linked by hand to a person who is no longer in the official lists.
    PersonGone,
    /// Declared by the file of local accounts: matched by itself.
    Local,
    Delete,
    Keep,
    KeepAlways,
    DomainAdmin,
    Manual,
    Linked(Rule),
}

#[derive(Clone, Debug, Default)]
pub struct SideState {
    pub rows: Vec<usize>,
    pub cursor: Cursor,
    pub sort: Sort,
}

impl SideState {
    fn clamp(&mut self) {
        self.cursor.clamp(self.rows.len());
    }

    pub fn move_by(&mut self, delta: isize, visible: usize) {
        self.cursor.move_by(delta, self.rows.len(), visible);
    }
}

/// One reversible step, for undo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undo {
    /// Put these decisions back as they were (None: no decision).
    Decisions(Vec<(String, Option<Decision>)>),
    /// Remove a manual link just made, and restore what it replaced.
    Link {
        login: String,
        replaced: Vec<(String, i64, Rule)>,
    },
}

#[derive(Clone, Debug, Default)]
pub struct CorrelationPane {
    pub state: Option<State>,
    pub filter: Filter,
    pub search: String,
    pub focus: Side,
    pub left: SideState,
    pub right: SideState,
    /// Marked with space: logins on the left, person ids on the right.
    pub marked_left: BTreeSet<String>,
    pub marked_right: BTreeSet<i64>,
    pub undo: Vec<Undo>,
    pub confirm_forget: bool,
    /// Person id → login, the links seen from the right.
    linked_people: HashMap<i64, String>,
    /// Suggestions of the highlighted account, computed once per account.
    pub suggestions: Option<(String, Vec<Suggestion>)>,
    /// People still free, by the first letter of their normalised last and first names.
    by_letter: HashMap<char, Vec<usize>>,
    /// Normalised (last, first) of every account and person, computed once per load.
    account_keys: Vec<(String, String)>,
    person_keys: Vec<(String, String)>,
    /// The counts line, computed once per load.
    counts: Counts,
    /// Every attribute of one account, fetched once the cursor rests on it.
    pub attrs: Option<(String, crate::correlation::model::ldif::Attributes)>,
    /// The account the cursor rests on, and since when (ticks), before its attributes load.
    pub resting: Option<(String, u32)>,
}

impl CorrelationPane {
    pub fn set_state(&mut self, state: State) {
        let keep_left = self.selected_login();
        let keep_right = self.selected_person().map(|p| p.0);
        self.linked_people = state
            .links
            .iter()
            .map(|(login, (id, _))| (*id, login.clone()))
            .collect();
        // 100,000 names a side: one core each.
        let (accounts, people) = std::thread::scope(|scope| {
            let accounts = scope.spawn(|| {
                state
                    .accounts
                    .iter()
                    .map(|a| (name_key(&a.last), name_key(&a.first)))
                    .collect::<Vec<_>>()
            });
            let people: Vec<(String, String)> = state
                .people
                .iter()
                .map(|p| (name_key(&p.person.last), name_key(&p.person.first)))
                .collect();
            (accounts.join().unwrap_or_default(), people)
        });
        self.account_keys = accounts;
        self.person_keys = people;
        self.state = Some(state);
        self.suggestions = None;
        self.counts = self.compute_counts();
        self.rebuild();
        if let Some(login) = keep_left {
            if let Some(i) = self.position_left(&login) {
                self.left.cursor.selected = i;
            }
        }
        if let Some(id) = keep_right {
            if let Some(i) = self.position_right(id) {
                self.right.cursor.selected = i;
            }
        }
    }

    fn position_left(&self, login: &str) -> Option<usize> {
        let s = self.state.as_ref()?;
        self.left
            .rows
            .iter()
            .position(|&i| s.accounts[i].login == login)
    }

    fn position_right(&self, id: i64) -> Option<usize> {
        let s = self.state.as_ref()?;
        self.right.rows.iter().position(|&j| s.people[j].id == id)
    }

    pub fn account_state(&self, i: usize) -> RowState {
        let Some(s) = &self.state else {
            return RowState::Undecided;
        };
        let a = &s.accounts[i];
        if let Some((_, rule)) = s.links.get(&a.login) {
            return if *rule == Rule::Manual {
                RowState::Manual
            } else {
                RowState::Linked(*rule)
            };
        }
        if a.domain_admin {
            return RowState::DomainAdmin;
        }
        if s.local.contains_key(&a.login) {
            return RowState::Local;
        }
        match s.decisions.get(&a.login) {
            Some(Decision::Keep) => RowState::Keep,
            Some(Decision::KeepAlways) => RowState::KeepAlways,
            Some(Decision::Delete) => RowState::Delete,
            None if s.orphans.contains_key(&a.login) => RowState::PersonGone,
            None => RowState::Undecided,
        }
    }

    pub fn person_linked(&self, j: usize) -> Option<&str> {
        let s = self.state.as_ref()?;
        self.linked_people.get(&s.people[j].id).map(String::as_str)
    }

    /// Recomputes both sides' rows: filter, search, sort.
    pub fn rebuild(&mut self) {
        let Some(s) = &self.state else { return };
        let needle = name_key(&self.search);
        let (ak, pk) = (&self.account_keys, &self.person_keys);
        let shown = |linked: bool| match self.filter {
            Filter::Remaining => !linked,
            Filter::Correlated => linked,
            Filter::All => true,
        };
        let mut left: Vec<usize> = (0..s.accounts.len())
            .filter(|&i| {
                let a = &s.accounts[i];
                !a.out_of_play()
                    && shown(s.links.contains_key(&a.login) || s.local.contains_key(&a.login))
                    && (needle.is_empty()
                        || ak[i].0.contains(&needle)
                        || ak[i].1.contains(&needle)
                        || a.login.to_lowercase().contains(&needle)
                        || a.number
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&needle)))
            })
            .collect();
        let mut right: Vec<usize> = (0..s.people.len())
            .filter(|&j| {
                shown(self.linked_people.contains_key(&s.people[j].id))
                    && (needle.is_empty()
                        || pk[j].0.contains(&needle)
                        || pk[j].1.contains(&needle)
                        || s.people[j].person.number.to_lowercase().contains(&needle))
            })
            .collect();
        match self.left.sort {
            Sort::Name => left.sort_by(|&a, &b| ak[a].cmp(&ak[b])),
            Sort::Category => left.sort_by(|&a, &b| {
                (s.accounts[a].category, &ak[a]).cmp(&(s.accounts[b].category, &ak[b]))
            }),
            Sort::Number => {
                left.sort_by(|&a, &b| (&s.accounts[a].number, a).cmp(&(&s.accounts[b].number, b)))
            }
            Sort::State => left.sort_by_cached_key(|&i| (self.account_state(i), i)),
        }
        match self.right.sort {
            Sort::Name => right.sort_by(|&a, &b| pk[a].cmp(&pk[b])),
            Sort::Category => right.sort_by(|&a, &b| {
                (s.people[a].person.category, &pk[a]).cmp(&(s.people[b].person.category, &pk[b]))
            }),
            Sort::Number => {
                right.sort_by(|&a, &b| s.people[a].person.number.cmp(&s.people[b].person.number))
            }
            Sort::State => {
                right.sort_by_cached_key(|&j| (self.linked_people.contains_key(&s.people[j].id), j))
            }
        }
        // Free people by initial, for suggestions.
        let mut by_letter: HashMap<char, Vec<usize>> = HashMap::new();
        for (j, p) in s.people.iter().enumerate() {
            if self.linked_people.contains_key(&p.id) {
                continue;
            }
            let (last, first) = (pk[j].0.chars().next(), pk[j].1.chars().next());
            for c in [last, first].into_iter().flatten() {
                let list = by_letter.entry(c).or_default();
                if list.last() != Some(&j) {
                    list.push(j);
                }
            }
        }
        self.by_letter = by_letter;
        self.left.rows = left;
        self.right.rows = right;
        self.left.clamp();
        self.right.clamp();
        self.left.cursor.offset = self.left.cursor.offset.min(self.left.cursor.selected);
        self.right.cursor.offset = self.right.cursor.offset.min(self.right.cursor.selected);
    }

    pub fn selected_account(
        &self,
    ) -> Option<(
        usize,
        &crate::correlation::model::directory::DirectoryAccount,
    )> {
        let s = self.state.as_ref()?;
        let i = *self.left.rows.get(self.left.cursor.selected)?;
        Some((i, &s.accounts[i]))
    }

    pub fn selected_login(&self) -> Option<String> {
        self.selected_account().map(|(_, a)| a.login.clone())
    }

    pub fn selected_person(&self) -> Option<(i64, &Person)> {
        let s = self.state.as_ref()?;
        let j = *self.right.rows.get(self.right.cursor.selected)?;
        Some((s.people[j].id, &s.people[j].person))
    }

    /// The highlighted account's suggestions, computed on first need among the free people
    /// sharing an initial with it (or its number).
    pub fn refresh_suggestions(&mut self) {
        let Some((i, account)) = self.selected_account() else {
            self.suggestions = None;
            return;
        };
        let login = account.login.clone();
        if self.suggestions.as_ref().is_some_and(|(l, _)| *l == login) {
            return;
        }
        let Some(s) = &self.state else { return };
        if s.links.contains_key(&login) {
            self.suggestions = Some((login, Vec::new()));
            return;
        }
        let a = &s.accounts[i];
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        let (last, first) = &self.account_keys[i];
        for c in [last.chars().next(), first.chars().next()]
            .into_iter()
            .flatten()
        {
            candidates.extend(self.by_letter.get(&c).into_iter().flatten().copied());
        }
        if let Some(n) = &a.number {
            let key = crate::correlation::model::normalize::number_key(n, true);
            candidates.extend(s.people.iter().enumerate().filter_map(|(j, p)| {
                (!self.linked_people.contains_key(&p.id)
                    && crate::correlation::model::normalize::number_key(&p.person.number, true)
                        == key)
                    .then_some(j)
            }));
        }
        let people: Vec<Person> = s.people.iter().map(|p| p.person.clone()).collect();
        let account = a.account.clone();
        let free: Vec<usize> = candidates.into_iter().collect();
        self.suggestions = Some((login, suggest(&account, &people, &free)));
    }

    /// Called on each tick: after two ticks (about 250 ms) on the same account, the login
    /// whose attributes to fetch. Scrolling never loads; resting does, once.
    pub fn settle(&mut self) -> Option<String> {
        if self.focus != Side::Left {
            return None;
        }
        let login = self.selected_login()?;
        if self.attrs.as_ref().is_some_and(|(l, _)| *l == login) {
            return None;
        }
        match &mut self.resting {
            Some((l, ticks)) if *l == login => {
                *ticks += 1;
                (*ticks == 2).then_some(login)
            }
            _ => {
                self.resting = Some((login, 0));
                None
            }
        }
    }

    /// The left logins an action applies to: the marked ones, else the highlighted one.
    pub fn chosen_logins(&self) -> Vec<String> {
        if !self.marked_left.is_empty() {
            return self.marked_left.iter().cloned().collect();
        }
        self.selected_login().into_iter().collect()
    }

    pub fn chosen_person(&self) -> Option<i64> {
        if self.marked_right.len() == 1 {
            return self.marked_right.iter().next().copied();
        }
        self.selected_person().map(|(id, _)| id)
    }

    pub fn toggle_mark(&mut self) {
        match self.focus {
            Side::Left => {
                if let Some(login) = self.selected_login() {
                    if !self.marked_left.remove(&login) {
                        self.marked_left.insert(login);
                    }
                }
            }
            Side::Right => {
                if let Some((id, _)) = self.selected_person() {
                    if !self.marked_right.remove(&id) {
                        self.marked_right.insert(id);
                    }
                }
            }
        }
    }

    /// Marks every shown row of the highlighted row's category, on the focused side.
    pub fn mark_category(&mut self) {
        let Some(s) = &self.state else { return };
        match self.focus {
            Side::Left => {
                let Some((_, a)) = self.selected_account() else {
                    return;
                };
                let c = a.category;
                let logins: Vec<String> = self
                    .left
                    .rows
                    .iter()
                    .filter(|&&i| s.accounts[i].category == c)
                    .map(|&i| s.accounts[i].login.clone())
                    .collect();
                self.marked_left.extend(logins);
            }
            Side::Right => {
                let Some((_, p)) = self.selected_person() else {
                    return;
                };
                let c = p.category;
                let ids: Vec<i64> = self
                    .right
                    .rows
                    .iter()
                    .filter(|&&j| s.people[j].person.category == c)
                    .map(|&j| s.people[j].id)
                    .collect();
                self.marked_right.extend(ids);
            }
        }
    }

    /// Counts for the status line: linked (automatic, manual), keep, keep always, delete,
    /// undecided, domain admins, people left.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    fn compute_counts(&self) -> Counts {
        let mut c = Counts::default();
        let Some(s) = &self.state else { return c };
        for (i, a) in s.accounts.iter().enumerate() {
            if a.out_of_play() {
                continue;
            }
            match self.account_state(i) {
                RowState::Linked(_) => c.automatic += 1,
                RowState::Manual => c.manual += 1,
                RowState::Keep => c.keep += 1,
                RowState::KeepAlways => c.keep_always += 1,
                RowState::Delete => c.delete += 1,
                RowState::DomainAdmin => c.domain_admins += 1,
                RowState::Undecided | RowState::PersonGone => c.undecided += 1,
                RowState::Local => c.local += 1,
            }
        }
        c.people_left = s
            .people
            .iter()
            .filter(|p| !self.linked_people.contains_key(&p.id))
            .count();
        c.accounts = s.accounts.iter().filter(|a| !a.out_of_play()).count();
        c
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub accounts: usize,
    pub automatic: usize,
    pub manual: usize,
    pub keep: usize,
    pub keep_always: usize,
    pub delete: usize,
    pub undecided: usize,
    pub domain_admins: usize,
    pub local: usize,
    pub people_left: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlation::model::directory::DirectoryAccount;
    use crate::correlation::store::OfficialRow;

    pub fn state() -> State {
        let account = |login: &str, last: &str, first: &str, category| DirectoryAccount {
            dn: format!("uid={login},dc=x"),
            account: crate::correlation::model::cascade::Account {
                login: login.into(),
                last: last.into(),
                first: first.into(),
                number: None,
                birth: None,
                category,
                machine: false,
                domain_admin: false,
            },
            groups: vec![],
            archived: false,
        };
        let person = |id, number: &str, last: &str, first: &str| OfficialRow {
            id,
            kind: "student".into(),
            person: Person {
                number: number.into(),
                last: last.into(),
                first: first.into(),
                birth: None,
                category: 'E',
            },
            email: None,
        };
        let mut s = State {
            accounts: vec![
                account("lmartin", "Martin", "Léa", 'E'),
                account("zbernard", "Bernard", "Zoé", 'E'),
                account("jdupont", "Dupont", "Jean", 'P'),
                account("examen", "Examen", "Compte", 'Z'),
            ],
            people: vec![
                person(1, "E001", "Martin", "Léa"),
                person(2, "E002", "Bernart", "Zoé"),
                person(3, "E003", "Nouvelle", "Nina"),
            ],
            ..State::default()
        };
        s.links.insert("lmartin".into(), (1, Rule::NumberName));
        s.decisions.insert("examen".into(), Decision::KeepAlways);
        s
    }

    #[test]
    fn filters_search_and_sorts_per_side() {
        let mut p = CorrelationPane::default();
        p.set_state(state());
        assert_eq!(p.left.rows.len(), 3, "remaining: everyone not linked");
        assert_eq!(p.right.rows.len(), 2);
        p.filter = Filter::Correlated;
        p.rebuild();
        assert_eq!((p.left.rows.len(), p.right.rows.len()), (1, 1));
        p.filter = Filter::All;
        p.search = "dup".into();
        p.rebuild();
        assert_eq!(p.selected_login().as_deref(), Some("jdupont"));
        p.search.clear();
        p.left.sort = Sort::Category;
        p.rebuild();
        let s = p.state.as_ref().unwrap();
        let cats: Vec<char> = p
            .left
            .rows
            .iter()
            .map(|&i| s.accounts[i].category)
            .collect();
        assert_eq!(cats, ['E', 'E', 'P', 'Z']);
    }

    #[test]
    fn counts_marks_and_suggestions() {
        let mut p = CorrelationPane::default();
        p.set_state(state());
        let c = p.counts();
        assert_eq!(
            (c.automatic, c.keep_always, c.undecided, c.people_left),
            (1, 1, 2, 2)
        );
        // Bernard: "Bernart Zoé" is a close spelling.
        p.refresh_suggestions();
        let (login, found) = p.suggestions.clone().unwrap();
        assert_eq!(login, "zbernard");
        assert_eq!(found.len(), 1);
        p.toggle_mark();
        p.left.move_by(1, 10);
        p.mark_category();
        assert_eq!(p.chosen_logins(), ["jdupont", "zbernard"]);
    }
}
