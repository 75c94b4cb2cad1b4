//! The help overlay's content, generated from the active keymap: one section per context,
//! one line per action with every key bound to it.

use super::keymap::{Action, Context, Keymap};
use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Section(&'static str),
    Entry {
        keys: String,
        description: &'static str,
    },
    Blank,
}

pub fn lines(keymap: &Keymap, lang: Lang) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for context in Context::ALL {
        let bindings = keymap.bindings(context);
        if bindings.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(HelpLine::Blank);
        }
        out.push(HelpLine::Section(context.title().text(lang)));
        let mut actions: Vec<Action> = Vec::new();
        for b in bindings {
            if !actions.contains(&b.action) {
                actions.push(b.action);
            }
        }
        for action in actions {
            let keys: Vec<String> = bindings
                .iter()
                .filter(|b| b.action == action)
                .map(|b| b.keys_label())
                .collect();
            out.push(HelpLine::Entry {
                keys: keys.join(", "),
                description: action.description().text(lang),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_follows_the_active_keymap() {
        let (default, _) = Keymap::load("default", None);
        let (vim, _) = Keymap::load("vim", None);
        let has = |map: &Keymap, keys: &str| {
            lines(map, Lang::En)
                .iter()
                .any(|l| matches!(l, HelpLine::Entry { keys: k, .. } if k.contains(keys)))
        };
        assert!(!has(&default, "g g"));
        assert!(has(&vim, "g g"));
        assert!(lines(&vim, Lang::Fr).contains(&HelpLine::Entry {
            keys: "q, Ctrl-c".into(),
            description: "Quitter"
        }));
    }
}
