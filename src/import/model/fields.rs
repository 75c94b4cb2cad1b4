//! The canonical fields of a students file (seed 000, Annexe A) and a staff file (Annexe B),
//! every header name they may appear under (Annexe C and the seed's own examples), and the
//! mapping of a file's header line onto them.

use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Student,
    Staff,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Student => "student",
            Kind::Staff => "staff",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "student" | "students" => Some(Kind::Student),
            "staff" => Some(Kind::Staff),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Number,
    School,
    Grade,
    FirstName,
    LastName,
    Sex,
    BirthDate,
    HomeGroup,
    FatherEmail,
    MotherEmail,
    StudentEmail,
    TutorEmail,
    Email,
    Title,
    SchoolYear,
    Classification,
    /// classe_a … classe_j: 0 … 9.
    Class(u8),
    /// club_a … club_e: 0 … 4.
    Club(u8),
    Placement,
}

impl Field {
    /// The name used in reports and JSON.
    pub fn name(self) -> String {
        match self {
            Field::Number => "number".into(),
            Field::School => "school".into(),
            Field::Grade => "grade".into(),
            Field::FirstName => "first_name".into(),
            Field::LastName => "last_name".into(),
            Field::Sex => "sex".into(),
            Field::BirthDate => "birth_date".into(),
            Field::HomeGroup => "group".into(),
            Field::FatherEmail => "father_email".into(),
            Field::MotherEmail => "mother_email".into(),
            Field::StudentEmail => "student_email".into(),
            Field::TutorEmail => "tutor_email".into(),
            Field::Email => "email".into(),
            Field::Title => "title".into(),
            Field::SchoolYear => "school_year".into(),
            Field::Classification => "classification".into(),
            Field::Class(i) => format!("class_{}", (b'a' + i) as char),
            Field::Club(i) => format!("club_{}", (b'a' + i) as char),
            Field::Placement => "placement".into(),
        }
    }
}

/// One field of a file kind: whether the file must have it, its longest value, its names.
#[derive(Clone, Debug)]
pub struct FieldSpec {
    pub field: Field,
    pub required: bool,
    pub max_len: usize,
    pub names: Vec<String>,
}

fn spec(field: Field, required: bool, max_len: usize, names: &[&str]) -> FieldSpec {
    FieldSpec {
        field,
        required,
        max_len,
        names: names.iter().map(|n| (*n).to_owned()).collect(),
    }
}

const SCHOOL_YEAR_NAMES: &[&str] = &[
    "année scolaire",
    "annee scolaire",
    "school_year",
    "schoold_year",
    "année",
    "annee",
];

fn classes_and_clubs(specs: &mut Vec<FieldSpec>, with_clubs: bool) {
    for i in 0..10u8 {
        let l = (b'a' + i) as char;
        let names = [
            format!("classe_{l}"),
            format!("classe{l}"),
            format!("class_{l}"),
            format!("classe {l}"),
        ];
        specs.push(FieldSpec {
            field: Field::Class(i),
            required: false,
            max_len: 20,
            names: names.to_vec(),
        });
    }
    if with_clubs {
        for i in 0..5u8 {
            let l = (b'a' + i) as char;
            let names = [format!("club_{l}"), format!("club {l}"), format!("club{l}")];
            specs.push(FieldSpec {
                field: Field::Club(i),
                required: false,
                max_len: 20,
                names: names.to_vec(),
            });
        }
    }
}

/// The school's column, in the annex and in common French and English exports.
const SCHOOL_NAMES: &[&str] = &[
    "school_id",
    "school_code",
    "établissement",
    "code établissement",
    "école",
    "school",
    "uai",
    "rne",
];

/// Every field of a kind of file, in report order.
pub fn specs(kind: Kind) -> Vec<FieldSpec> {
    let mut specs = match kind {
        Kind::Student => vec![
            spec(Field::SchoolYear, false, 9, SCHOOL_YEAR_NAMES),
            spec(Field::School, true, 10, SCHOOL_NAMES),
            spec(
                Field::Number,
                true,
                10,
                &[
                    "fiche",
                    "fichier",
                    "student_no",
                    "student_number",
                    // Beyond the annex: what French and English exports call it.
                    "n° élève",
                    "no élève",
                    "n° eleve",
                    "numéro élève",
                    "numéro d'élève",
                    "num élève",
                    "student id",
                    "student_id",
                    "student number",
                ],
            ),
            spec(
                Field::Grade,
                true,
                2,
                &[
                    "classe",
                    "grade",
                    "class",
                    "grade_level",
                    "niveau",
                    "year level",
                    "grade level",
                ],
            ),
            spec(
                Field::FirstName,
                true,
                20,
                &[
                    "prénom",
                    "prenom",
                    "legal_first_name",
                    "first_name",
                    "first name",
                    "given name",
                    "prénom élève",
                ],
            ),
            spec(
                Field::LastName,
                true,
                20,
                &[
                    "nom",
                    "legal_surname",
                    "last_name",
                    "last name",
                    "nom de famille",
                    "surname",
                    "family name",
                    "nom élève",
                ],
            ),
            spec(Field::Sex, true, 1, &["sexe", "gender", "sex", "genre"]),
            // Annexe A lists DDN as required, yet a missing value is only a warning: the
            // column may be absent (the seed says DDN stops being used from version 5.0).
            spec(
                Field::BirthDate,
                false,
                19,
                &[
                    "ddn",
                    "birth_date",
                    "dob",
                    "date de naissance",
                    "date de naissance (élève)",
                    "né(e) le",
                    "date of birth",
                    "birth date",
                    "birthdate",
                ],
            ),
            spec(
                Field::HomeGroup,
                false,
                20,
                &[
                    "groupe repère",
                    "groupe repere",
                    "groupe-repere",
                    "groupe-repère",
                    "class_group",
                    "home_room",
                ],
            ),
            spec(
                Field::FatherEmail,
                false,
                95,
                &[
                    "courriel père",
                    "courriel pere",
                    "parentb_email",
                    "adresse électronique du père",
                ],
            ),
            spec(
                Field::MotherEmail,
                false,
                95,
                &[
                    "courriel mère",
                    "courriel mere",
                    "parenta_email",
                    "adresse électronique de la mère",
                ],
            ),
            spec(
                Field::StudentEmail,
                false,
                95,
                &[
                    "courriel élève",
                    "courriel eleve",
                    "student_email",
                    "adresse électronique de l'élève (portail)",
                ],
            ),
            spec(
                Field::TutorEmail,
                false,
                95,
                &[
                    "courriel tuteur",
                    "tutor_email",
                    "adresse électronique du tuteur",
                ],
            ),
            spec(Field::Classification, false, 10, &["classification"]),
            spec(Field::Placement, false, 3, &["placement"]),
        ],
        Kind::Staff => vec![
            spec(Field::SchoolYear, false, 9, SCHOOL_YEAR_NAMES),
            spec(
                Field::Number,
                true,
                8,
                &[
                    "staff_id",
                    "matricule",
                    "n° personnel",
                    "numéro personnel",
                    "employee id",
                    "staff id",
                    "staff number",
                ],
            ),
            spec(Field::School, true, 10, SCHOOL_NAMES),
            spec(
                Field::FirstName,
                true,
                25,
                &[
                    "prénom",
                    "prenom",
                    "first_name",
                    "legal_first_name",
                    "first name",
                    "given name",
                ],
            ),
            spec(
                Field::LastName,
                true,
                25,
                &[
                    "nom",
                    "surname",
                    "last_name",
                    "legal_surname",
                    "last name",
                    "nom de famille",
                    "family name",
                ],
            ),
            spec(
                Field::Email,
                true,
                60,
                &[
                    "courriel",
                    "email",
                    "e-mail",
                    "mail",
                    "adresse électronique",
                    "courriel professionnel",
                ],
            ),
            spec(
                Field::Title,
                true,
                25,
                &[
                    "titre",
                    "title",
                    "jobdescription",
                    "fonction",
                    "poste",
                    "job title",
                ],
            ),
        ],
    };
    classes_and_clubs(&mut specs, kind == Kind::Student);
    specs
}

/// Header names compare case-insensitively, without accents, spaces around them, or
/// doubled spaces inside; ’ counts as '.
pub fn normalize_header(text: &str) -> String {
    let folded: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == '’' { '\'' } else { c })
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where each field of a file is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderMap {
    /// (field, column index, header as written)
    pub columns: Vec<(Field, usize, String)>,
    pub unknown: Vec<String>,
    pub missing_required: Vec<Field>,
}

impl HeaderMap {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, _)| *i)
    }

    pub fn header(&self, field: Field) -> Option<&str> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, _, h)| h.as_str())
    }
}

/// Maps a header line. A field found twice keeps its first column; later ones are unknown.
pub fn map_headers(kind: Kind, headers: &[String]) -> HeaderMap {
    map_headers_with(kind, headers, &[])
}

/// The field a name given by a person means (`number`, `last_name`, `class_a`…).
pub fn field_named(kind: Kind, name: &str) -> Option<Field> {
    let name = name.trim().to_lowercase();
    specs(kind)
        .into_iter()
        .map(|s| s.field)
        .find(|f| f.name() == name)
}

/// `HEADER=field` as `--map` takes it; the header as written in the file.
pub fn parse_map(kind: Kind, text: &str) -> Result<(String, Field), String> {
    let (header, field) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("--map {text}: HEADER=field, such as 'N° élève=number'"))?;
    let known: Vec<String> = specs(kind).iter().map(|s| s.field.name()).collect();
    let field = field_named(kind, field).ok_or_else(|| {
        format!(
            "--map {text}: “{}” is not a field ({})",
            field.trim(),
            known.join(", ")
        )
    })?;
    Ok((header.trim().to_owned(), field))
}

/// The same, with columns a person mapped by hand first (header → field), then the names.
pub fn map_headers_with(kind: Kind, headers: &[String], explicit: &[(String, Field)]) -> HeaderMap {
    let specs = specs(kind);
    let mut map = HeaderMap::default();
    for (i, header) in headers.iter().enumerate() {
        let key = normalize_header(header);
        if key.is_empty() {
            continue;
        }
        if let Some((_, field)) = explicit.iter().find(|(h, _)| normalize_header(h) == key) {
            if map.column(*field).is_none() {
                map.columns.push((*field, i, header.clone()));
                continue;
            }
        }
        let found = specs
            .iter()
            .filter(|s| !explicit.iter().any(|(_, f)| *f == s.field))
            .find(|s| s.names.iter().any(|n| normalize_header(n) == key));
        match found {
            Some(s) if map.column(s.field).is_none() => {
                map.columns.push((s.field, i, header.clone()))
            }
            _ => map.unknown.push(header.clone()),
        }
    }
    map.missing_required = specs
        .iter()
        .filter(|s| s.required && map.column(s.field).is_none())
        .map(|s| s.field)
        .collect();
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(kind: Kind, header: &str) -> Option<Field> {
        map_headers(kind, &[header.to_owned()])
            .columns
            .first()
            .map(|(f, _, _)| *f)
    }

    #[test]
    fn every_synonym_of_every_student_field_is_recognised() {
        for spec in specs(Kind::Student) {
            for name in &spec.names {
                assert_eq!(field_of(Kind::Student, name), Some(spec.field), "{name}");
                assert_eq!(
                    field_of(Kind::Student, &format!("  {}  ", name.to_uppercase())),
                    Some(spec.field),
                    "{name} in capitals with spaces"
                );
            }
        }
    }

    #[test]
    fn every_synonym_of_every_staff_field_is_recognised() {
        for spec in specs(Kind::Staff) {
            for name in &spec.names {
                assert_eq!(field_of(Kind::Staff, name), Some(spec.field), "{name}");
            }
        }
    }

    #[test]
    fn annexe_c_names_map_where_the_annexe_says() {
        let cases = [
            ("student_no", Field::Number),
            ("fichier", Field::Number),
            ("grade_level", Field::Grade),
            ("legal_first_name", Field::FirstName),
            ("legal_surname", Field::LastName),
            ("gender", Field::Sex),
            ("Date de naissance (élève)", Field::BirthDate),
            ("DOB", Field::BirthDate),
            ("groupe-repère", Field::HomeGroup),
            ("home_room", Field::HomeGroup),
            ("parentb_email", Field::FatherEmail),
            ("parenta_email", Field::MotherEmail),
            (
                "Adresse électronique de l’élève (portail)",
                Field::StudentEmail,
            ),
            ("tutor_email", Field::TutorEmail),
            ("schoold_year", Field::SchoolYear),
            ("Année", Field::SchoolYear),
            ("school_code", Field::School),
            ("classe d", Field::Class(3)),
            ("class_j", Field::Class(9)),
            ("classeA", Field::Class(0)),
            ("club e", Field::Club(4)),
        ];
        for (header, field) in cases {
            assert_eq!(field_of(Kind::Student, header), Some(field), "{header}");
        }
        for (header, field) in [
            ("Staff_ID", Field::Number),
            ("Surname", Field::LastName),
            ("JobDescription", Field::Title),
            ("Titre", Field::Title),
            ("Courriel", Field::Email),
        ] {
            assert_eq!(field_of(Kind::Staff, header), Some(field), "{header}");
        }
    }

    #[test]
    fn unknown_and_missing_columns_are_reported() {
        let headers: Vec<String> = ["school_id", "fiche", "prenom", "first_name", "oen_number"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let map = map_headers(Kind::Student, &headers);
        assert_eq!(
            map.unknown,
            vec!["first_name", "oen_number"],
            "a second column for a field is not used"
        );
        assert_eq!(
            map.missing_required,
            vec![Field::Grade, Field::LastName, Field::Sex]
        );
        assert_eq!(map.header(Field::FirstName), Some("prenom"));
    }

    #[test]
    fn the_seeds_example_headers_map_completely() {
        let line = "année scolaire,school_id,fichier,classe,prénom,nom,sexe,DDN,groupe repère,courriel père,courriel mère,courriel élève,classe_a,classe_b,classe_c,classe_d";
        let headers: Vec<String> = line.split(',').map(str::to_owned).collect();
        let map = map_headers(Kind::Student, &headers);
        assert!(
            map.unknown.is_empty() && map.missing_required.is_empty(),
            "{map:?}"
        );
        let staff: Vec<String> =
            "Staff_ID, School_ID, Prénom, Nom, Courriel, Titre, classe_a, classe_b"
                .split(',')
                .map(str::to_owned)
                .collect();
        let map = map_headers(Kind::Staff, &staff);
        assert!(
            map.unknown.is_empty() && map.missing_required.is_empty(),
            "{map:?}"
        );
    }
}
