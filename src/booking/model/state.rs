//! A booking's moderation and loan states, as the database's CHECK lists them: read once from
//! their column, written back by their code, said in the user's language.

use crate::i18n::{Lang, T};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    #[default]
    None,
    Pending,
    Accepted,
    Refused,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Loan {
    #[default]
    #[value(skip)]
    None,
    Borrowed,
    Overdue,
    Returned,
}

impl Moderation {
    /// The column's value; anything else (a newer schema) reads as none.
    pub fn parse(code: &str) -> Moderation {
        match code {
            "pending" => Moderation::Pending,
            "accepted" => Moderation::Accepted,
            "refused" => Moderation::Refused,
            _ => Moderation::None,
        }
    }

    pub fn label(self, lang: Lang) -> Option<&'static str> {
        let key = match self {
            Moderation::None => return None,
            Moderation::Pending => T::StatePending,
            Moderation::Accepted => T::StateAccepted,
            Moderation::Refused => T::StateRefused,
        };
        Some(key.text(lang))
    }
}

impl Loan {
    pub fn parse(code: &str) -> Loan {
        match code {
            "borrowed" => Loan::Borrowed,
            "overdue" => Loan::Overdue,
            "returned" => Loan::Returned,
            _ => Loan::None,
        }
    }

    /// What `booking_loan` takes.
    pub fn code(self) -> &'static str {
        match self {
            Loan::None => "none",
            Loan::Borrowed => "borrowed",
            Loan::Overdue => "overdue",
            Loan::Returned => "returned",
        }
    }

    /// Out with the borrower (an overdue loan is still out).
    pub fn is_out(self) -> bool {
        matches!(self, Loan::Borrowed | Loan::Overdue)
    }

    pub fn label(self, lang: Lang) -> Option<&'static str> {
        let key = match self {
            Loan::None => return None,
            Loan::Borrowed => T::StateBorrowed,
            Loan::Overdue => T::StateOverdue,
            Loan::Returned => T::StateReturned,
        };
        Some(key.text(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_unknown_ones_are_none() {
        for loan in [Loan::None, Loan::Borrowed, Loan::Overdue, Loan::Returned] {
            assert_eq!(Loan::parse(loan.code()), loan);
        }
        assert_eq!(Moderation::parse("pending"), Moderation::Pending);
        assert_eq!(Moderation::parse("later"), Moderation::None);
        assert_eq!(Loan::Overdue.label(Lang::Fr), Some("en retard"));
    }
}
