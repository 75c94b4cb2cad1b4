//! The guard on marking people inactive. A full import of a school deactivates whoever the file
//! no longer lists; a broken or truncated export would deactivate a whole school (and the
//! correlation would then offer every account for deletion). So a run that would deactivate
//! more than a share of a school's active people, or any run that rejected more rows than it
//! accepted, is refused unless the person running it allows that many.

use crate::i18n::{tr, T};

/// What a run would do to one school.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SchoolLoss {
    pub school: String,
    /// Active people of the file's kind in that school before the run.
    pub active: u64,
    /// Of those, the ones the file no longer lists.
    pub gone: u64,
    /// A few of their names ("LAST First (number)"), to recognise the mistake.
    pub sample: Vec<String>,
}

/// The limits in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// At most this percentage of a school's active people (setting `import.max_deactivation`).
    pub max_percent: u32,
    /// `--allow-deactivation N`, or the wizard's confirmation: up to N, whatever the share.
    pub allowed: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    pub total: u64,
    pub schools: Vec<SchoolLoss>,
    /// True when the run rejected more rows than it accepted.
    pub mostly_rejected: bool,
    pub max_percent: u32,
}

impl Refused {
    /// Why the guard stopped the run, in a few words.
    pub fn reason(&self) -> String {
        if self.mostly_rejected {
            tr(T::GuardMostlyRejected, &[])
        } else {
            tr(T::GuardShare, &[&self.max_percent])
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = self.reason();
        let schools: Vec<String> = self
            .schools
            .iter()
            .filter(|s| s.gone > 0)
            .map(|s| {
                tr(
                    T::GuardSchool,
                    &[&s.school, &s.gone, &s.active, &s.sample.join(", ")],
                )
            })
            .collect();
        write!(
            f,
            "{}",
            tr(T::GuardRefused, &[&self.total, &why, &schools.join("; ")])
        )
    }
}

/// Ok when the run may deactivate what `losses` say.
pub fn check(
    losses: &[SchoolLoss],
    rejected: u64,
    accepted: u64,
    limits: Limits,
) -> Result<(), Refused> {
    let total: u64 = losses.iter().map(|s| s.gone).sum();
    if total == 0 || limits.allowed.is_some_and(|n| total <= n) {
        return Ok(());
    }
    let mostly_rejected = rejected > accepted;
    let over_share = losses
        .iter()
        .any(|s| s.gone * 100 > u64::from(limits.max_percent) * s.active);
    if mostly_rejected || over_share {
        return Err(Refused {
            total,
            schools: losses.to_vec(),
            mostly_rejected,
            max_percent: limits.max_percent,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loss(active: u64, gone: u64) -> SchoolLoss {
        SchoolLoss {
            school: "032".into(),
            active,
            gone,
            sample: vec!["BO Ana (1)".into()],
        }
    }

    const TEN: Limits = Limits {
        max_percent: 10,
        allowed: None,
    };

    #[test]
    fn a_few_leavers_pass_a_school_emptied_does_not() {
        assert_eq!(check(&[loss(1000, 100)], 0, 900, TEN), Ok(()));
        let refused = check(&[loss(14_286, 14_285)], 1, 1, TEN).unwrap_err();
        assert_eq!(refused.total, 14_285);
        assert!(!refused.mostly_rejected);
        assert!(check(&[loss(1000, 101)], 0, 899, TEN).is_err());
    }

    #[test]
    fn more_rejected_than_accepted_refuses_any_deactivation() {
        let refused = check(&[loss(1000, 3)], 600, 400, TEN).unwrap_err();
        assert!(refused.mostly_rejected);
        assert_eq!(check(&[loss(1000, 0)], 600, 400, TEN), Ok(()));
    }

    #[test]
    fn allowing_n_lets_up_to_n_through() {
        let allow = |n| Limits {
            max_percent: 10,
            allowed: Some(n),
        };
        assert_eq!(check(&[loss(100, 50)], 0, 50, allow(50)), Ok(()));
        assert!(check(&[loss(100, 50)], 0, 50, allow(49)).is_err());
    }
}
