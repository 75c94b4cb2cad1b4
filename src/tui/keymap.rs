//! Keymaps: `keymaps/*.toml` files mapping key sequences to [`Action`]s, per [`Context`].
//!
//! The default file is embedded; `vim` is a small overlay on it; the user's
//! `keymap.toml` in the config dir overrides per key. A bad entry is reported with its file
//! and line and skipped, so the app always starts with a usable keymap.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use crate::config::{line_of, toml_error_message};
use crate::i18n::{tr, T};

pub const DEFAULT_FILE: &str = include_str!("../../keymaps/default.toml");
pub const VIM_FILE: &str = include_str!("../../keymaps/vim.toml");

macro_rules! actions {
    ($($variant:ident = $name:literal => $text:ident,)*) => {
        /// Everything a key can do. Names are the `run = "…"` values of keymap files.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }

            pub fn description(self) -> T {
                match self { $(Action::$variant => T::$text),* }
            }
        }
    };
}

actions! {
    Quit = "quit" => ActionQuit,
    Help = "help" => ActionHelp,
    Palette = "palette" => ActionPalette,
    Cancel = "cancel" => ActionCancel,
    Confirm = "confirm" => ActionConfirm,
    Up = "up" => ActionUp,
    Down = "down" => ActionDown,
    Left = "left" => ActionLeft,
    Right = "right" => ActionRight,
    PageUp = "page_up" => ActionPageUp,
    PageDown = "page_down" => ActionPageDown,
    HalfPageUp = "half_page_up" => ActionHalfPageUp,
    HalfPageDown = "half_page_down" => ActionHalfPageDown,
    First = "first" => ActionFirst,
    Last = "last" => ActionLast,
    NextView = "next_view" => ActionNextView,
    PrevView = "prev_view" => ActionPrevView,
    Search = "search" => ActionSearch,
    Refresh = "refresh" => ActionRefresh,
    NewImport = "new_import" => ActionNewImport,
    CycleEncoding = "cycle_encoding" => ActionCycleEncoding,
    CycleDelimiter = "cycle_delimiter" => ActionCycleDelimiter,
    CycleDateOrder = "cycle_date_order" => ActionCycleDateOrder,
    MapColumns = "map_columns" => ActionMapColumns,
    SaveMapping = "save_mapping" => ActionSaveMapping,
    ParentFolder = "parent_folder" => ActionParentFolder,
    Today = "today" => ActionToday,
    GoToDate = "go_to_date" => ActionGoToDate,
    NewBooking = "new_booking" => ActionNewBooking,
    Edit = "edit" => ActionEdit,
    Delete = "delete" => ActionDelete,
    NextRoom = "next_room" => ActionNextRoom,
    PrevRoom = "prev_room" => ActionPrevRoom,
    NextArea = "next_area" => ActionNextArea,
    PrevArea = "prev_area" => ActionPrevArea,
    Moderation = "moderation" => ActionModeration,
    PickPlace = "pick_place" => ActionPickPlace,
    GoPlanning = "go_planning" => ActionGoPlanning,
    GoUsers = "go_users" => ActionGoUsers,
    GoImports = "go_imports" => ActionGoImports,
    Save = "save" => ActionSave,
    LoanBorrowed = "loan_borrowed" => ActionLoanBorrowed,
    LoanReturned = "loan_returned" => ActionLoanReturned,
    LoanOverdue = "loan_overdue" => ActionLoanOverdue,
    ConfirmTentative = "confirm_tentative" => ActionConfirmTentative,
    Accept = "accept" => ActionAccept,
    AcceptSeries = "accept_series" => ActionAcceptSeries,
    Refuse = "refuse" => ActionRefuse,
    RefuseSeries = "refuse_series" => ActionRefuseSeries,
    Yes = "yes" => ActionYes,
    WholeSeries = "whole_series" => ActionWholeSeries,
    No = "no" => ActionNo,
    Mark = "mark" => ActionMark,
    MarkCategory = "mark_category" => ActionMarkCategory,
    Link = "link" => ActionLink,
    LinkSuggestion = "link_suggestion" => ActionLinkSuggestion,
    Keep = "keep" => ActionKeep,
    KeepAlways = "keep_always" => ActionKeepAlways,
    Forget = "forget" => ActionForget,
    Undo = "undo" => ActionUndo,
    Sort = "sort" => ActionSort,
    Filter = "filter" => ActionFilter,
    GoCorrelation = "go_correlation" => ActionGoCorrelation,
    GoMail = "go_mail" => ActionGoMail,
    Retry = "retry" => ActionRetry,
    GoAdmin = "go_admin" => ActionGoAdmin,
    NewItem = "new_item" => ActionNewItem,
    Archive = "archive" => ActionArchive,
    Toggle = "toggle" => ActionToggle,
    Password = "password" => ActionPassword,
}

/// Where a binding applies. Overlays and text prompts have their own context; `global` is
/// consulted after the active one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Imports,
    Planning,
    Correlation,
    Mail,
    Admin,
    Form,
    Detail,
    Queue,
    Confirm,
    Help,
    Palette,
}

impl Context {
    pub const ALL: [Context; 13] = [
        Context::Global,
        Context::List,
        Context::Imports,
        Context::Planning,
        Context::Correlation,
        Context::Mail,
        Context::Admin,
        Context::Form,
        Context::Detail,
        Context::Queue,
        Context::Confirm,
        Context::Help,
        Context::Palette,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Imports => "imports",
            Context::Planning => "planning",
            Context::Correlation => "correlation",
            Context::Mail => "mail",
            Context::Admin => "admin",
            Context::Form => "form",
            Context::Detail => "detail",
            Context::Queue => "queue",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Palette => "palette",
        }
    }

    pub fn title(self) -> T {
        match self {
            Context::Global => T::ContextGlobal,
            Context::List => T::ContextList,
            Context::Imports => T::ContextImports,
            Context::Planning => T::ContextPlanning,
            Context::Correlation => T::CorrelationTitle,
            Context::Mail => T::MailTitle,
            Context::Admin => T::AdminTitle,
            Context::Form => T::ContextForm,
            Context::Detail => T::ContextDetail,
            Context::Queue => T::ContextQueue,
            Context::Confirm => T::ContextConfirm,
            Context::Help => T::ContextHelp,
            Context::Palette => T::ContextPalette,
        }
    }

    fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One key press, normalised so that `G` is not also "shift".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mods = match code {
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
            _ => mods,
        };
        Key {
            code,
            mods: mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT),
        }
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// `q`, `G`, `<Enter>`, `<C-d>`, `<A-x>`, `<F5>`…
    pub fn parse(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(Key::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let inner = text.strip_prefix('<')?.strip_suffix('>')?;
        let mut mods = KeyModifiers::NONE;
        let mut rest = inner;
        loop {
            if let Some(r) = rest.strip_prefix("C-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("S-") {
                mods |= KeyModifiers::SHIFT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Space" => KeyCode::Char(' '),
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Insert" => KeyCode::Insert,
            "lt" => KeyCode::Char('<'),
            "gt" => KeyCode::Char('>'),
            f if f.starts_with('F') && f.len() > 1 => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut prefix = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            prefix.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            prefix.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            prefix.push_str("Shift-");
        }
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        write!(f, "{prefix}{name}")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    /// What the key does in this context, when the action's general description does not
    /// say it (`x` archives an account in the correlation, not a booking).
    pub desc: Option<Desc>,
}

/// A binding's own description: one text (a user's file, in the user's words), or one per
/// language (the shipped keymaps).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Desc {
    Text(String),
    Langs { en: String, fr: String },
}

impl Desc {
    pub fn text(&self, lang: crate::i18n::Lang) -> &str {
        match (self, lang) {
            (Desc::Text(t), _) => t,
            (Desc::Langs { fr, .. }, crate::i18n::Lang::Fr) => fr,
            (Desc::Langs { en, .. }, crate::i18n::Lang::En) => en,
        }
    }
}

impl Binding {
    /// What the binding does, in `lang`.
    pub fn description(&self, lang: crate::i18n::Lang) -> &str {
        match &self.desc {
            Some(d) => d.text(lang),
            None => self.action.description().text(lang),
        }
    }

    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What a key press means once the pending prefix is taken into account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// The keys so far start a longer binding (`g` of `gg`).
    Pending,
    Unbound,
}

#[derive(Clone, Debug, Default)]
pub struct Keymap {
    pub name: String,
    bindings: BTreeMap<Context, Vec<Binding>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    on: Spanned<RawKeys>,
    run: Spanned<String>,
    desc: Option<Desc>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawKeys {
    One(String),
    Many(Vec<String>),
}

impl Keymap {
    /// The embedded default, overlaid with `vim` when asked, then with the user's file.
    /// Returns the warnings to show; never fails.
    pub fn load(choice: &str, user_file: Option<(&str, &str)>) -> (Keymap, Vec<String>) {
        let mut warnings = Vec::new();
        let mut map = Keymap {
            name: "default".into(),
            bindings: BTreeMap::new(),
        };
        map.overlay(DEFAULT_FILE, "keymaps/default.toml", &mut warnings);
        match choice {
            "" | "default" => {}
            "vim" => {
                map.overlay(VIM_FILE, "keymaps/vim.toml", &mut warnings);
                map.name = "vim".into();
            }
            other => warnings.push(format!(
                "keymap `{other}` does not exist (expected default or vim)"
            )),
        }
        if let Some((label, text)) = user_file {
            map.overlay(text, label, &mut warnings);
        }
        (map, warnings)
    }

    /// Adds the bindings of one file; a binding for the same keys in the same context
    /// replaces the earlier one.
    pub fn overlay(&mut self, text: &str, file: &str, warnings: &mut Vec<String>) {
        let raw: BTreeMap<Spanned<String>, Vec<RawBinding>> = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                warnings.push(format!("{file}: {}", toml_error_message(&e, text)));
                return;
            }
        };
        // (line, message), reported in file order.
        let mut problems: Vec<(usize, String)> = Vec::new();
        for (context_name, entries) in raw {
            let Some(context) = Context::from_name(context_name.get_ref()) else {
                let expected: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                problems.push((
                    line_of(text, context_name.span().start),
                    format!(
                        "unknown context `{}` (expected {})",
                        context_name.get_ref(),
                        expected.join(", ")
                    ),
                ));
                continue;
            };
            for entry in entries {
                match parse_binding(&entry, text) {
                    Ok(binding) => self.bind(context, binding),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        problems.sort();
        warnings.extend(
            problems
                .into_iter()
                .map(|(line, message)| format!("{file}: line {line}: {message}")),
        );
    }

    fn bind(&mut self, context: Context, binding: Binding) {
        let list = self.bindings.entry(context).or_default();
        match list.iter_mut().find(|b| b.keys == binding.keys) {
            Some(existing) => *existing = binding,
            None => list.push(binding),
        }
    }

    pub fn bindings(&self, context: Context) -> &[Binding] {
        self.bindings
            .get(&context)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Resolves `pending` + `key` through `contexts`, most specific first.
    pub fn resolve(&self, contexts: &[Context], pending: &[Key], key: Key) -> Resolution {
        let mut seq = pending.to_vec();
        seq.push(key);
        let mut is_prefix = false;
        for context in contexts {
            for binding in self.bindings(*context) {
                if binding.keys == seq {
                    return Resolution::Action(binding.action);
                }
                is_prefix |= binding.keys.len() > seq.len() && binding.keys.starts_with(&seq);
            }
        }
        if is_prefix {
            Resolution::Pending
        } else if !pending.is_empty() {
            // An abandoned prefix: the new key starts afresh.
            self.resolve(contexts, &[], key)
        } else {
            Resolution::Unbound
        }
    }

    /// The keys bound to `action` in `context`, for hints ("? help").
    pub fn keys_for(&self, context: Context, action: Action) -> Option<String> {
        self.bindings(context)
            .iter()
            .find(|b| b.action == action)
            .map(Binding::keys_label)
    }
}

fn parse_binding(entry: &RawBinding, text: &str) -> Result<Binding, (usize, String)> {
    let run = entry.run.get_ref();
    let action = Action::from_name(run).ok_or_else(|| {
        (
            line_of(text, entry.run.span().start),
            format!("unknown action `{run}`"),
        )
    })?;
    let names: Vec<&str> = match entry.on.get_ref() {
        RawKeys::One(k) => vec![k.as_str()],
        RawKeys::Many(ks) => ks.iter().map(String::as_str).collect(),
    };
    let line = line_of(text, entry.on.span().start);
    if names.is_empty() {
        return Err((line, tr(T::WarnEmptyKeys, &[])));
    }
    let keys = names
        .iter()
        .map(|n| Key::parse(n).ok_or_else(|| (line, tr(T::WarnUnknownKey, &[n]))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Binding {
        keys,
        action,
        desc: entry.desc.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn shipped_keymaps_load_without_warnings() {
        for choice in ["default", "vim"] {
            let (map, warnings) = Keymap::load(choice, None);
            assert!(warnings.is_empty(), "{choice}: {warnings:?}");
            assert_eq!(
                map.resolve(&[Context::Global], &[], key('q')),
                Resolution::Action(Action::Quit)
            );
        }
    }

    #[test]
    fn vim_adds_sequences_and_control_keys() {
        let (map, _) = Keymap::load("vim", None);
        let ctx = [Context::List, Context::Global];
        assert_eq!(
            map.resolve(&ctx, &[], key('j')),
            Resolution::Action(Action::Down)
        );
        assert_eq!(map.resolve(&ctx, &[], key('g')), Resolution::Pending);
        assert_eq!(
            map.resolve(&ctx, &[key('g')], key('g')),
            Resolution::Action(Action::First)
        );
        assert_eq!(
            map.resolve(&ctx, &[key('g')], key('j')),
            Resolution::Action(Action::Down)
        );
        let shift_g = Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            map.resolve(&ctx, &[], shift_g),
            Resolution::Action(Action::Last)
        );
        let ctrl_d = Key::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            map.resolve(&ctx, &[], ctrl_d),
            Resolution::Action(Action::HalfPageDown)
        );
        // the default arrows are still there underneath
        assert_eq!(
            map.resolve(&ctx, &[], Key::new(KeyCode::Down, KeyModifiers::NONE)),
            Resolution::Action(Action::Down)
        );
    }

    #[test]
    fn user_file_overrides_per_key_and_reports_bad_entries_with_lines() {
        let user = "list = [\n  { on = \"x\", run = \"first\" },\n  { on = \"y\", run = \"frobnicate\" },\n  { on = \"<Hyper-q>\", run = \"quit\" },\n]\nglobal = [ { on = \"q\", run = \"help\" } ]\nplanning_grid = []\n";
        let (map, warnings) = Keymap::load("default", Some(("keymap.toml", user)));
        assert_eq!(
            warnings,
            vec![
                "keymap.toml: line 3: unknown action `frobnicate`",
                "keymap.toml: line 4: unknown key `<Hyper-q>`",
                "keymap.toml: line 7: unknown context `planning_grid` (expected global, list, imports, planning, correlation, mail, admin, form, detail, queue, confirm, help, palette)",
            ]
        );
        let ctx = [Context::List, Context::Global];
        assert_eq!(
            map.resolve(&ctx, &[], key('x')),
            Resolution::Action(Action::First)
        );
        assert_eq!(
            map.resolve(&ctx, &[], key('q')),
            Resolution::Action(Action::Help)
        );
        assert_eq!(
            map.resolve(
                &ctx,
                &[],
                Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Resolution::Action(Action::Quit)
        );
    }

    #[test]
    fn a_file_that_is_not_toml_keeps_the_defaults() {
        let (map, warnings) = Keymap::load(
            "default",
            Some(("keymap.toml", "global = [ { on = \"q\" \n")),
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("keymap.toml: line 1"),
            "{warnings:?}"
        );
        assert_eq!(
            map.resolve(&[Context::Global], &[], key('q')),
            Resolution::Action(Action::Quit)
        );
    }

    #[test]
    fn key_notation_round_trips_through_parse() {
        for (text, shown) in [
            ("q", "q"),
            ("<C-d>", "Ctrl-d"),
            ("<S-Tab>", "Shift-Tab"),
            ("<PageDown>", "PgDn"),
            ("<F5>", "F5"),
            ("<Space>", "Space"),
            ("<A-x>", "Alt-x"),
        ] {
            assert_eq!(
                Key::parse(text).map(|k| k.to_string()).as_deref(),
                Some(shown),
                "{text}"
            );
        }
        assert_eq!(Key::parse("<F99>"), None);
        assert_eq!(Key::parse("ab"), None);
    }

    #[test]
    fn every_action_has_a_name_that_parses_back() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(*action));
        }
    }
}
