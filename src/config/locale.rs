//! The language the locale variables ask for (LC_ALL, then LC_MESSAGES, then LANG, as POSIX
//! says), when neither the user's setting nor the config file chose one.

use super::Environment;
use crate::i18n::Lang;

/// The first locale variable that is set decides; English when none names a language.
pub fn language_of(env: &Environment) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| env.var(name))
        .find_map(Lang::parse)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_variables_follow_posix_precedence() {
        let env = Environment::from_pairs;
        assert_eq!(language_of(&env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            language_of(&env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "en_US")])),
            Lang::En
        );
        assert_eq!(
            language_of(&env(&[("LC_MESSAGES", "fr_CA"), ("LANG", "C.UTF-8")])),
            Lang::Fr
        );
        assert_eq!(language_of(&env(&[("LANG", "C.UTF-8")])), Lang::En);
        assert_eq!(language_of(&env(&[])), Lang::En);
    }
}
