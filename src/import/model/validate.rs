//! One row of a file checked against Annexe A/B: required values, lengths, sex, emails,
//! birth date, school year, placement. A row is either a valid [`Person`] (perhaps with
//! warnings) or rejected with every problem found, each naming its field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{parse_date, parse_school_year, DateError, OrderDecision};
use super::fields::{Field, FieldSpec, HeaderMap, Kind};
use crate::i18n::{tr, T};

/// Something wrong, or worth knowing, about one value of one line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

/// A person as the official source describes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub school: String,
    pub number: String,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub grade: Option<String>,
    pub home_group: Option<String>,
    pub father_email: Option<String>,
    pub mother_email: Option<String>,
    pub student_email: Option<String>,
    pub tutor_email: Option<String>,
    pub email: Option<String>,
    pub title: Option<String>,
    pub classification: Option<String>,
    /// classe_a … classe_j as given, empty ones left out.
    pub classes: Vec<String>,
    pub clubs: Vec<String>,
    pub placement: Option<bool>,
    pub school_year: String,
}

/// What every row of one file is checked with.
#[derive(Clone, Debug)]
pub struct RowRules {
    pub kind: Kind,
    pub specs: Vec<FieldSpec>,
    pub map: HeaderMap,
    pub date_order: OrderDecision,
    /// From `--school-year`, else the import date, for rows without one.
    pub default_school_year: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowOutcome {
    Valid {
        person: Box<Person>,
        warnings: Vec<Problem>,
    },
    Rejected {
        problems: Vec<Problem>,
    },
}

/// The (school, number) of a row as written, when both are there: the key it claims.
pub fn row_key(map: &HeaderMap, record: &csv::StringRecord) -> Option<(String, String)> {
    let get = |f| {
        map.column(f)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "-")
    };
    Some((
        get(Field::School)?.to_owned(),
        get(Field::Number)?.to_owned(),
    ))
}

pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let clean = |s: &str| {
        !s.is_empty()
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '@' || c == ',' || c == ';')
    };
    clean(local)
        && clean(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn placement(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "oui" | "o" | "yes" | "y" | "true" | "1" => Some(true),
        "non" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

pub fn validate(rules: &RowRules, record: &csv::StringRecord, line: u64) -> RowOutcome {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut person = Person {
        school_year: rules.default_school_year.clone(),
        ..Person::default()
    };
    for spec in &rules.specs {
        let raw = rules
            .map
            .column(spec.field)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or("");
        let problem = |reason: String| Problem {
            line,
            field: spec.field.name(),
            reason,
        };
        // "-" is how the seed's files say "none".
        let value = (!raw.is_empty() && raw != "-").then_some(raw);
        let Some(value) = value else {
            if spec.required {
                problems.push(problem(tr(T::ReasonRequired, &[])));
            } else if spec.field == Field::BirthDate && rules.kind == Kind::Student {
                warnings.push(problem(tr(T::WarningNoBirthDate, &[])));
            }
            continue;
        };
        if value.contains('\0') {
            problems.push(problem(tr(T::ReasonNul, &[])));
            continue;
        }
        if value.chars().count() > spec.max_len && spec.field != Field::BirthDate {
            problems.push(problem(tr(T::ReasonTooLong, &[&spec.max_len])));
            continue;
        }
        let text = Some(value.to_owned());
        match spec.field {
            Field::Number => person.number = value.to_owned(),
            Field::School => person.school = value.to_owned(),
            Field::FirstName => person.first_name = value.to_owned(),
            Field::LastName => person.last_name = value.to_owned(),
            Field::Grade => person.grade = text,
            Field::HomeGroup => person.home_group = text,
            Field::Title => person.title = text,
            Field::Classification => person.classification = text,
            Field::Class(_) => person.classes.push(value.to_owned()),
            Field::Club(_) => person.clubs.push(value.to_owned()),
            Field::Sex => match value.to_uppercase().as_str() {
                s @ ("F" | "M" | "X") => person.sex = Some(s.to_owned()),
                _ => problems.push(problem(tr(T::ReasonSex, &[]))),
            },
            Field::FatherEmail
            | Field::MotherEmail
            | Field::StudentEmail
            | Field::TutorEmail
            | Field::Email => {
                if !is_email(value) {
                    problems.push(problem(tr(T::ReasonEmail, &[])));
                    continue;
                }
                let slot = match spec.field {
                    Field::FatherEmail => &mut person.father_email,
                    Field::MotherEmail => &mut person.mother_email,
                    Field::StudentEmail => &mut person.student_email,
                    Field::TutorEmail => &mut person.tutor_email,
                    _ => &mut person.email,
                };
                *slot = text;
            }
            Field::BirthDate => match parse_date(value, rules.date_order.order()) {
                Ok(date) => person.birth_date = Some(date),
                Err(DateError::Unknown) => problems.push(problem(tr(T::ReasonDate, &[]))),
                Err(DateError::AmbiguousColumn) => {
                    problems.push(problem(tr(T::ReasonDateAmbiguous, &[])))
                }
            },
            Field::SchoolYear => match parse_school_year(value) {
                Some(year) => person.school_year = year,
                None => problems.push(problem(tr(T::ReasonSchoolYear, &[]))),
            },
            Field::Placement => match placement(value) {
                Some(p) => person.placement = Some(p),
                None => problems.push(problem(tr(T::ReasonPlacement, &[]))),
            },
        }
    }
    if problems.is_empty() {
        RowOutcome::Valid {
            person: Box::new(person),
            warnings,
        }
    } else {
        RowOutcome::Rejected { problems }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::dates::DateOrder;
    use crate::import::model::fields::{map_headers, specs};

    fn rules(kind: Kind, header: &str, order: OrderDecision) -> RowRules {
        let headers: Vec<String> = header.split(',').map(str::to_owned).collect();
        RowRules {
            kind,
            specs: specs(kind),
            map: map_headers(kind, &headers),
            date_order: order,
            default_school_year: "2025-2026".into(),
        }
    }

    fn record(line: &str) -> csv::StringRecord {
        csv::StringRecord::from(line.split(',').collect::<Vec<_>>())
    }

    const STUDENTS: &str = "année scolaire,school_id,fichier,classe,prénom,nom,sexe,DDN,groupe repère,courriel père,courriel mère,courriel élève,classe_a,classe_b,placement";

    #[test]
    fn a_good_student_row() {
        let r = rules(
            Kind::Student,
            STUDENTS,
            OrderDecision::Detected(DateOrder::Mdy),
        );
        let outcome = validate(&r, &record("20192020,032,123444567,9,Véronique,Boileau,f,2/13/1992,9A,ginette@hotmail.com,-,-,fran01,,oui"), 3);
        let RowOutcome::Valid { person, warnings } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(warnings.is_empty());
        assert_eq!(person.school_year, "2019-2020");
        assert_eq!(
            (person.school.as_str(), person.number.as_str()),
            ("032", "123444567")
        );
        assert_eq!(person.sex.as_deref(), Some("F"));
        assert_eq!(person.birth_date, NaiveDate::from_ymd_opt(1992, 2, 13));
        assert_eq!(person.father_email.as_deref(), Some("ginette@hotmail.com"));
        assert_eq!(person.mother_email, None, "`-` means none");
        assert_eq!(person.classes, vec!["fran01"]);
        assert_eq!(person.placement, Some(true));
    }

    #[test]
    fn every_problem_of_a_bad_row_is_reported_with_its_field() {
        let r = rules(
            Kind::Student,
            STUDENTS,
            OrderDecision::Assumed(DateOrder::Dmy),
        );
        let outcome = validate(&r, &record("2019-2021,032,,123,Véronique-Alexandrine-Marie,B,Q,1994-Foo-21,9A,not-an-email,-,-,,,peut-être"), 7);
        let RowOutcome::Rejected { problems } = outcome else {
            panic!("{outcome:?}")
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "school_year",
                "number",
                "grade",
                "first_name",
                "sex",
                "birth_date",
                "father_email",
                "placement"
            ]
        );
        assert!(problems.iter().all(|p| p.line == 7));
        assert_eq!(problems[2].reason, "longer than 2 characters");
        assert_eq!(problems[1].reason, "required value missing");
    }

    #[test]
    fn a_missing_birth_date_is_a_warning_and_school_year_defaults() {
        let r = rules(
            Kind::Student,
            "school_id,fiche,classe,prenom,nom,sexe,ddn",
            OrderDecision::Assumed(DateOrder::Dmy),
        );
        let RowOutcome::Valid { person, warnings } = validate(&r, &record("032,1,5,Ana,Bo,X,"), 2)
        else {
            panic!()
        };
        assert_eq!(person.school_year, "2025-2026");
        assert_eq!(
            warnings,
            vec![Problem {
                line: 2,
                field: "birth_date".into(),
                reason: "birth date missing".into()
            }]
        );
    }

    #[test]
    fn inconsistent_columns_reject_slash_dates_only() {
        let r = rules(
            Kind::Student,
            "school_id,fiche,classe,prenom,nom,sexe,ddn",
            OrderDecision::Inconsistent,
        );
        assert!(matches!(
            validate(&r, &record("032,1,5,Ana,Bo,F,4/5/2001"), 2),
            RowOutcome::Rejected { .. }
        ));
        assert!(matches!(
            validate(&r, &record("032,1,5,Ana,Bo,F,2001-05-04"), 3),
            RowOutcome::Valid { .. }
        ));
    }

    #[test]
    fn a_staff_row() {
        let r = rules(
            Kind::Staff,
            "Staff_ID,School_ID,Prénom,Nom,Courriel,Titre,classe_a,classe_b",
            OrderDecision::Assumed(DateOrder::Dmy),
        );
        let RowOutcome::Valid { person, warnings } = validate(
            &r,
            &record("1234,032,Adam,Deslandes,ADAMM@monecole.com,Enseignant,geo01,math03"),
            2,
        ) else {
            panic!()
        };
        assert!(warnings.is_empty(), "staff files have no birth date");
        assert_eq!(person.email.as_deref(), Some("ADAMM@monecole.com"));
        assert_eq!(person.title.as_deref(), Some("Enseignant"));
        assert_eq!(person.classes, vec!["geo01", "math03"]);
        let RowOutcome::Rejected { problems } =
            validate(&r, &record("123456789,032,Adam,Deslandes,,Enseignant,,"), 3)
        else {
            panic!()
        };
        assert_eq!(
            problems
                .iter()
                .map(|p| p.field.as_str())
                .collect::<Vec<_>>(),
            vec!["number", "email"]
        );
    }

    #[test]
    fn emails() {
        for good in [
            "a@b.fr",
            "lebonpapa@hotmail.com",
            "ADAMS@yourschool.com",
            "x.y+z@sub.domain.ca",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.fr",
            "a@b",
            "a b@c.fr",
            "a@b..fr",
            "a@.b.fr",
            "a@b.fr.",
            "a@b@c.fr",
            "a@b.fr;c@d.fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
