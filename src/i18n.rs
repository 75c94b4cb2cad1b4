//! The one catalogue of user-facing strings, French and English side by side.
//!
//! Keys are an enum so a missing translation is a compile error, not a blank on screen.
//! Placeholders are `{0}`, `{1}`… filled by [`fill`].

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// `fr`, `fr_FR.UTF-8`, `en_GB`… → a language; anything else is unknown.
    pub fn parse(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Lang::Fr)
        } else if lower.starts_with("en")
            || lower == "c"
            || lower.starts_with("c.")
            || lower == "posix"
        {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The POSIX locale variables in their precedence order; the first one set decides.
    pub fn from_locale_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name).filter(|v| !v.is_empty()))
            .find_map(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! catalogue {
    ($($key:ident => $en:expr, $fr:expr;)*) => {
        /// A user-facing text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Fr) => $fr,)*
                }
            }
        }
    };
}

catalogue! {
    AppName => "Intendant", "Intendant";
    Site => "Site", "Site";
    Area => "Area", "Domaine";
    NoneYet => "none", "aucun";
    Connected => "connected", "connecté";
    Connecting => "connecting…", "connexion…";
    Reconnecting => "reconnecting…", "reconnexion…";
    TooSmall => "Terminal too small: {0}×{1} needed, this one is {2}×{3}.", "Terminal trop petit : il faut {0}×{1}, celui-ci fait {2}×{3}.";
    HelpTitle => "Help: keys of the active keymap", "Aide : touches du clavier actif";
    HelpFooter => "Esc closes · ↑↓ scroll", "Échap ferme · ↑↓ défile";
    HintHelp => "help", "aide";
    HintCommands => "commands", "commandes";
    PaletteTitle => "Commands", "Commandes";
    PalettePrompt => "Type to filter, Enter runs, Esc closes", "Tapez pour filtrer, Entrée exécute, Échap ferme";
    PaletteEmpty => "No command matches.", "Aucune commande ne correspond.";
    UsersTitle => "Users", "Utilisateurs";
    ColLogin => "Login", "Identifiant";
    ColName => "Name", "Nom";
    ColStatus => "Status", "Statut";
    ColEmail => "Email", "Courriel";
    ColActive => "Active", "Actif";
    Yes => "yes", "oui";
    No => "no", "non";
    Loading => "Loading…", "Chargement…";
    NoUsers => "No users yet. `intendant demo` loads demo data.", "Aucun utilisateur. `intendant demo` charge des données de démonstration.";
    NoUserMatches => "No user matches the search (Esc clears it).", "Aucun utilisateur ne correspond à la recherche (Échap l’efface).";
    StatusAdmin => "administrator", "administrateur";
    StatusUserManager => "user manager", "gestionnaire des utilisateurs";
    StatusUser => "user", "utilisateur";
    StatusVisitor => "visitor", "visiteur";
    StatusUnknown => "not registered", "non inscrit";
    UpdatedElsewhere => "Updated by another client.", "Mis à jour par un autre client.";
    LoadFailed => "Could not load: {0}", "Chargement impossible : {0}";
    ContextGlobal => "Everywhere", "Partout";
    ContextList => "Lists", "Listes";
    ContextHelp => "Help", "Aide";
    ContextPalette => "Command palette", "Palette de commandes";
    ActionQuit => "Quit", "Quitter";
    ActionHelp => "Show this help", "Afficher cette aide";
    ActionPalette => "Open the command palette", "Ouvrir la palette de commandes";
    ActionCancel => "Cancel / close", "Annuler / fermer";
    ActionConfirm => "Open / confirm", "Ouvrir / valider";
    ActionUp => "Move up", "Monter";
    ActionDown => "Move down", "Descendre";
    ActionLeft => "Move left", "Aller à gauche";
    ActionRight => "Move right", "Aller à droite";
    ActionPageUp => "Previous page", "Page précédente";
    ActionPageDown => "Next page", "Page suivante";
    ActionHalfPageUp => "Half a page up", "Une demi-page plus haut";
    ActionHalfPageDown => "Half a page down", "Une demi-page plus bas";
    ActionFirst => "Go to the first line", "Aller à la première ligne";
    ActionLast => "Go to the last line", "Aller à la dernière ligne";
    ActionNextView => "Next view", "Vue suivante";
    ActionPrevView => "Previous view", "Vue précédente";
    ActionSearch => "Search", "Rechercher";
    ActionRefresh => "Reload from the database", "Recharger depuis la base";
    SearchPrompt => "Search: ", "Recherche : ";
    Refreshed => "Reloaded.", "Rechargé.";
}

/// Replaces `{0}`, `{1}`… in a catalogue text.
pub fn fill(template: &str, args: &[&dyn fmt::Display]) -> String {
    let mut out = template.to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &arg.to_string());
    }
    out
}

/// "mar. 24 nov. 2026 14:05" / "Tue 24 Nov 2026 14:05": the header's clock.
pub fn short_datetime<Tz: chrono::TimeZone>(at: &chrono::DateTime<Tz>, lang: Lang) -> String {
    use chrono::{Datelike, Timelike};
    const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const DAYS_FR: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    const MONTHS_EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const MONTHS_FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let (days, months) = match lang {
        Lang::En => (DAYS_EN, MONTHS_EN),
        Lang::Fr => (DAYS_FR, MONTHS_FR),
    };
    format!(
        "{} {} {} {} {:02}:{:02}",
        days[at.weekday().num_days_from_monday() as usize],
        at.day(),
        months[at.month0() as usize],
        at.year(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        for key in T::ALL {
            assert!(
                !key.text(Lang::En).is_empty(),
                "{key:?} has no English text"
            );
            assert!(!key.text(Lang::Fr).is_empty(), "{key:?} has no French text");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for key in T::ALL {
            for i in 0..5 {
                let p = format!("{{{i}}}");
                assert_eq!(
                    key.text(Lang::En).contains(&p),
                    key.text(Lang::Fr).contains(&p),
                    "{key:?} placeholder {p}"
                );
            }
        }
    }

    #[test]
    fn locale_variables_follow_posix_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "fr_FR.UTF-8")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "en_US")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LC_MESSAGES", "fr_CA"), ("LANG", "C.UTF-8")])),
            Lang::Fr
        );
        assert_eq!(Lang::from_locale_env(env(&[("LANG", "C.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale_env(env(&[])), Lang::En);
    }

    #[test]
    fn fill_and_dates() {
        assert_eq!(
            fill(T::TooSmall.text(Lang::En), &[&80, &24, &70, &20]),
            "Terminal too small: 80×24 needed, this one is 70×20."
        );
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(14, 5, 0)
            .unwrap()
            .and_utc();
        assert_eq!(short_datetime(&at, Lang::En), "Tue 24 Nov 2026 14:05");
        assert_eq!(short_datetime(&at, Lang::Fr), "mar. 24 nov. 2026 14:05");
    }
}
