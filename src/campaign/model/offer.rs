//! The diploma versions a campaign may be made for: the faculty's own, terminal or without an
//! intermediate diploma (a professional licence), of a nature other than "no diploma" (code 9
//! unless the installation says otherwise), still habilitated in the campaign's year; shown by
//! their web label.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diploma {
    pub code: String,
    pub version: i32,
    pub faculty: String,
    pub nature: String,
    pub terminal: bool,
    pub has_intermediate: bool,
    /// The last year of its habilitation.
    pub habilitation_end: i32,
    pub web_label: String,
}

/// Whether `d` is offered for a campaign of `year` in `faculty`.
pub fn offered(d: &Diploma, year: i32, faculty: &str, no_diploma_nature: &str) -> bool {
    d.faculty == faculty
        && (d.terminal || !d.has_intermediate)
        && d.nature != no_diploma_nature
        && d.habilitation_end >= year
}

/// The offered diplomas, by web label.
pub fn offer<'a>(
    all: &'a [Diploma],
    year: i32,
    faculty: &str,
    no_diploma_nature: &str,
) -> Vec<&'a Diploma> {
    let mut list: Vec<&Diploma> = all
        .iter()
        .filter(|d| offered(d, year, faculty, no_diploma_nature))
        .collect();
    list.sort_by(|a, b| {
        a.web_label
            .cmp(&b.web_label)
            .then(a.version.cmp(&b.version))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn licence() -> Diploma {
        Diploma {
            code: "LIC-INFO".into(),
            version: 1,
            faculty: "SCI".into(),
            nature: "1".into(),
            terminal: true,
            has_intermediate: true,
            habilitation_end: 2027,
            web_label: "Licence Informatique".into(),
        }
    }

    #[test]
    fn only_the_facultys_terminal_or_single_diplomas_of_a_real_nature_still_habilitated() {
        assert!(offered(&licence(), 2026, "SCI", "9"));
        assert!(!offered(&licence(), 2026, "LET", "9"), "another faculty's");
        let intermediate = Diploma {
            terminal: false,
            ..licence()
        };
        assert!(
            !offered(&intermediate, 2026, "SCI", "9"),
            "an intermediate step"
        );
        let pro = Diploma {
            terminal: false,
            has_intermediate: false,
            ..licence()
        };
        assert!(
            offered(&pro, 2026, "SCI", "9"),
            "a professional licence: no intermediate diploma"
        );
        let none = Diploma {
            nature: "9".into(),
            ..licence()
        };
        assert!(!offered(&none, 2026, "SCI", "9"), "nature 9: no diploma");
        assert!(offered(&none, 2026, "SCI", "X"), "the nature is a setting");
        assert!(
            offered(&licence(), 2027, "SCI", "9"),
            "habilitated to the end of its last year"
        );
        assert!(!offered(&licence(), 2028, "SCI", "9"));
    }

    #[test]
    fn the_offer_is_sorted_by_web_label() {
        let all = vec![
            Diploma {
                web_label: "Master Chimie".into(),
                ..licence()
            },
            licence(),
            Diploma {
                nature: "9".into(),
                web_label: "DU".into(),
                ..licence()
            },
        ];
        let labels: Vec<&str> = offer(&all, 2026, "SCI", "9")
            .iter()
            .map(|d| d.web_label.as_str())
            .collect();
        assert_eq!(labels, ["Licence Informatique", "Master Chimie"]);
    }
}
