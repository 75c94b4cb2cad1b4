//! The help overlay's content, generated from the active keymap: one section per context,
//! one line per action with every key bound to it.

use super::keymap::{Action, Context, Keymap};
use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Section(&'static str),
    Entry { keys: String, description: String },
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
        // One line per action and description: the context's own words where it has them.
        let mut lines: Vec<(Action, &str)> = Vec::new();
        for b in bindings {
            let line = (b.action, b.description(lang));
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
        for (action, description) in lines {
            let keys: Vec<String> = bindings
                .iter()
                .filter(|b| b.action == action && b.description(lang) == description)
                .map(|b| b.keys_label())
                .collect();
            out.push(HelpLine::Entry {
                keys: keys.join(", "),
                description: description.to_owned(),
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
            description: "Quitter".into()
        }));
        // Each context says what its keys do there.
        let correlation_x = lines(&default, Lang::En).into_iter().find_map(|l| match l {
            HelpLine::Entry { keys, description }
                if keys == "x" && description.contains("account") =>
            {
                Some(description)
            }
            _ => None,
        });
        assert!(
            correlation_x.is_some(),
            "x in the correlation archives an account"
        );
    }
}
