//! What becomes of a candidate: blocked whatever the verdict (the certificate is neither made
//! nor sent, and the blocking is shown), else as the verdict says; an admitted candidate with
//! delivery allowed is to generate, then generated, then sent, or failed with its reason. A
//! re-run handles only those not sent yet.

use super::verdict::Verdict;

/// The four kinds of blocking a student record may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Blocking {
    Exams,
    /// Administrative and/or pedagogical enrolment.
    Enrolment,
    RemoteEnrolment,
    AutomaticDelivery,
}

impl Blocking {
    pub fn parse(text: &str) -> Option<Blocking> {
        Some(match text.trim().to_lowercase().as_str() {
            "exams" | "examens" | "exam" => Blocking::Exams,
            "enrolment" | "enrollment" | "inscription" => Blocking::Enrolment,
            "remote_enrolment"
            | "remote enrolment"
            | "inscription a distance"
            | "inscription à distance" => Blocking::RemoteEnrolment,
            "automatic_delivery" | "delivery" | "delivrance" | "délivrance" => {
                Blocking::AutomaticDelivery
            }
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Blocking::Exams => "exams",
            Blocking::Enrolment => "enrolment",
            Blocking::RemoteEnrolment => "remote_enrolment",
            Blocking::AutomaticDelivery => "automatic_delivery",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum State {
    NoVerdict,
    NotAdmitted,
    Blocked(Vec<Blocking>),
    DeliveryNotAllowed,
    ToGenerate,
    Generated,
    Sent,
    Failed(String),
}

impl State {
    pub fn name(&self) -> &'static str {
        match self {
            State::NoVerdict => "no_verdict",
            State::NotAdmitted => "not_admitted",
            State::Blocked(_) => "blocked",
            State::DeliveryNotAllowed => "delivery_not_allowed",
            State::ToGenerate => "to_generate",
            State::Generated => "generated",
            State::Sent => "sent",
            State::Failed(_) => "failed",
        }
    }

    /// A re-run of the campaign takes the candidate up again.
    pub fn rerun(&self) -> bool {
        !matches!(self, State::Sent)
    }
}

/// The state a run gives a candidate from the verdict and the blockings found.
pub fn state(verdict: &Verdict, blockings: &[Blocking]) -> State {
    if !blockings.is_empty() {
        let mut kinds = blockings.to_vec();
        kinds.sort();
        kinds.dedup();
        return State::Blocked(kinds);
    }
    match verdict {
        Verdict::NoVerdict => State::NoVerdict,
        Verdict::NotAdmitted => State::NotAdmitted,
        Verdict::AdmittedDeliveryNotAllowed => State::DeliveryNotAllowed,
        Verdict::Admitted { .. } => State::ToGenerate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admitted() -> Verdict {
        Verdict::Admitted {
            mention: None,
            ects: None,
        }
    }

    #[test]
    fn each_blocking_kind_stops_the_certificate_whatever_the_verdict() {
        for b in [
            Blocking::Exams,
            Blocking::Enrolment,
            Blocking::RemoteEnrolment,
            Blocking::AutomaticDelivery,
        ] {
            assert_eq!(state(&admitted(), &[b]), State::Blocked(vec![b]));
            assert_eq!(Blocking::parse(b.name()), Some(b));
        }
        assert_eq!(
            state(
                &Verdict::NotAdmitted,
                &[
                    Blocking::AutomaticDelivery,
                    Blocking::Exams,
                    Blocking::Exams
                ]
            ),
            State::Blocked(vec![Blocking::Exams, Blocking::AutomaticDelivery])
        );
    }

    #[test]
    fn without_blocking_the_verdict_decides_and_only_the_admitted_are_generated() {
        assert_eq!(state(&admitted(), &[]), State::ToGenerate);
        assert_eq!(state(&Verdict::NotAdmitted, &[]), State::NotAdmitted);
        assert_eq!(state(&Verdict::NoVerdict, &[]), State::NoVerdict);
        assert_eq!(
            state(&Verdict::AdmittedDeliveryNotAllowed, &[]),
            State::DeliveryNotAllowed
        );
        assert!(State::Failed("smtp".into()).rerun() && !State::Sent.rerun());
    }
}
