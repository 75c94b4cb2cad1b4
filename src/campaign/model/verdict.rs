//! The verdict of a candidate from the results of her pedagogical contract for the campaign's
//! year and diploma version: one row per session (0 single, 1, 2 retake). Only admission rows
//! (`cod_adm` = 1) count; ordered by session, the last one decides through its favourable flag
//! (`codNegTre`: 1 admitted, 0 not admitted, empty no verdict). Admitted also needs the diploma's
//! delivery allowed (`tem_dlv_aut_vdi` = O) for at least one admission session; only then are the
//! mention and the ECTS credits read (from the deciding row, at the diploma version's level).

/// One result row as extracted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultRow {
    /// 0 single session, 1 first, 2 retake.
    pub session: u8,
    /// `cod_adm`: 1 for an admission result; other rows are not admission results.
    pub admission_code: i32,
    /// `codNegTre`: Some(true) favourable, Some(false) not, None no result yet.
    pub favourable: Option<bool>,
    /// `tem_dlv_aut_vdi` = O.
    pub delivery_allowed: bool,
    pub mention: Option<String>,
    pub ects: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// No admission result decides (none, or the last has no favourable flag).
    NoVerdict,
    NotAdmitted,
    /// Admitted, but the diploma's delivery is allowed for no admission session.
    AdmittedDeliveryNotAllowed,
    Admitted {
        mention: Option<String>,
        ects: Option<f64>,
    },
}

pub fn verdict(results: &[ResultRow]) -> Verdict {
    let mut admission: Vec<&ResultRow> = results.iter().filter(|r| r.admission_code == 1).collect();
    // Stable: two rows of one session keep the extract's order, the later one last.
    admission.sort_by_key(|r| r.session);
    let Some(last) = admission.last() else {
        return Verdict::NoVerdict;
    };
    match last.favourable {
        None => Verdict::NoVerdict,
        Some(false) => Verdict::NotAdmitted,
        Some(true) if !admission.iter().any(|r| r.delivery_allowed) => {
            Verdict::AdmittedDeliveryNotAllowed
        }
        Some(true) => Verdict::Admitted {
            mention: last.mention.clone().filter(|m| !m.trim().is_empty()),
            ects: last.ects,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(session: u8, favourable: Option<bool>, delivery: bool) -> ResultRow {
        ResultRow {
            session,
            admission_code: 1,
            favourable,
            delivery_allowed: delivery,
            mention: Some(format!("mention {session}")),
            ects: Some(180.0),
        }
    }

    #[test]
    fn a_single_session_admitted_with_delivery_gives_its_mention_and_credits() {
        assert_eq!(
            verdict(&[row(0, Some(true), true)]),
            Verdict::Admitted {
                mention: Some("mention 0".into()),
                ects: Some(180.0)
            }
        );
    }

    #[test]
    fn the_last_session_wins_either_way() {
        // Failed the first session, admitted at the retake.
        assert_eq!(
            verdict(&[row(2, Some(true), true), row(1, Some(false), false)]),
            Verdict::Admitted {
                mention: Some("mention 2".into()),
                ects: Some(180.0)
            }
        );
        // Admitted first, then a retake row not admitted: the last wins.
        assert_eq!(
            verdict(&[row(1, Some(true), true), row(2, Some(false), false)]),
            Verdict::NotAdmitted
        );
    }

    #[test]
    fn an_empty_flag_or_no_admission_row_is_no_verdict() {
        assert_eq!(verdict(&[row(1, None, true)]), Verdict::NoVerdict);
        assert_eq!(verdict(&[]), Verdict::NoVerdict);
        // Rows that are not admission results are ignored, whatever they say.
        let other = ResultRow {
            admission_code: 2,
            ..row(2, Some(false), false)
        };
        assert_eq!(verdict(std::slice::from_ref(&other)), Verdict::NoVerdict);
        assert_eq!(
            verdict(&[row(1, Some(true), true), other]),
            Verdict::Admitted {
                mention: Some("mention 1".into()),
                ects: Some(180.0)
            }
        );
    }

    #[test]
    fn delivery_allowed_in_one_admission_session_is_enough_and_in_none_is_not() {
        assert_eq!(
            verdict(&[row(1, Some(false), false), row(2, Some(true), false)]),
            Verdict::AdmittedDeliveryNotAllowed
        );
        assert_eq!(
            verdict(&[row(1, Some(false), true), row(2, Some(true), false)]),
            Verdict::Admitted {
                mention: Some("mention 2".into()),
                ects: Some(180.0)
            }
        );
    }
}
