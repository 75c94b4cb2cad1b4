//! The extracts a university gives a campaign, one CSV file per kind: which columns each has
//! (any of the header names listed, case and accents aside, as the student records system or
//! a person names them), and each line read into typed values or refused with its line and
//! column. Pure: the file is decoded by the people imports' reader, the rows written by `store`.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::import::model::fields::normalize_header;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extract {
    Years,
    Faculties,
    Diplomas,
    Steps,
    Students,
    Results,
    Blockings,
    Rights,
}

impl Extract {
    pub const ALL: [Extract; 8] = [
        Extract::Years,
        Extract::Faculties,
        Extract::Diplomas,
        Extract::Steps,
        Extract::Students,
        Extract::Results,
        Extract::Blockings,
        Extract::Rights,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Extract::Years => "years",
            Extract::Faculties => "faculties",
            Extract::Diplomas => "diplomas",
            Extract::Steps => "steps",
            Extract::Students => "students",
            Extract::Results => "results",
            Extract::Blockings => "blockings",
            Extract::Rights => "rights",
        }
    }

    pub fn parse(text: &str) -> Option<Extract> {
        Extract::ALL.into_iter().find(|e| e.name() == text)
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Extract::Years => YEARS,
            Extract::Faculties => FACULTIES,
            Extract::Diplomas => DIPLOMAS,
            Extract::Steps => STEPS,
            Extract::Students => STUDENTS,
            Extract::Results => RESULTS,
            Extract::Blockings => BLOCKINGS,
            Extract::Rights => RIGHTS,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    /// O/N, 1/0, yes/no, oui/non, true/false; empty is false.
    Flag,
    /// The same, empty is null (a result not yet known).
    MaybeFlag,
    Date,
    Decimal,
    /// One of the four kinds of blocking.
    Blocking,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The key the store writes.
    pub key: &'static str,
    /// Header names that mean it, the first being the one written in messages.
    pub names: &'static [&'static str],
    pub kind: Kind,
    pub required: bool,
}

const fn col(
    key: &'static str,
    names: &'static [&'static str],
    kind: Kind,
    required: bool,
) -> Column {
    Column {
        key,
        names,
        kind,
        required,
    }
}

use Kind::*;

const YEARS: &[Column] = &[
    col("code", &["code", "cod_anu", "annee", "year"], Int, true),
    col("label", &["label", "lib_anu", "libelle"], Text, false),
    col("open", &["open", "ouverte", "tem_ouv"], Flag, false),
];
const FACULTIES: &[Column] = &[
    col("code", &["code", "cod_cmp", "composante"], Text, true),
    col("label", &["label", "lib_cmp", "libelle"], Text, true),
];
const DIPLOMAS: &[Column] = &[
    col("code", &["code", "cod_dip", "diploma"], Text, true),
    col("version", &["version", "cod_vrs_vdi"], Int, true),
    col("faculty", &["faculty", "cod_cmp", "composante"], Text, true),
    col("nature", &["nature", "cod_nature", "cod_tpd"], Text, false),
    col("terminal", &["terminal", "tem_terminal"], Flag, false),
    col(
        "has_intermediate",
        &["has_intermediate", "tem_intermediaire"],
        Flag,
        false,
    ),
    col(
        "habilitation_end",
        &["habilitation_end", "daa_fin_hab", "annee_fin_habilitation"],
        Int,
        true,
    ),
    col("web_label", &["web_label", "lib_web_vdi"], Text, false),
    col("label1", &["label1", "lib_edt1"], Text, false),
    col("label2", &["label2", "lib_edt2"], Text, false),
    col("label3", &["label3", "lib_edt3"], Text, false),
    col("label4", &["label4", "lib_edt4"], Text, false),
    col("label5", &["label5", "lib_edt5"], Text, false),
    col("parcours", &["parcours", "lib_parcours_type"], Text, false),
];
const STEPS: &[Column] = &[
    col("code", &["code", "cod_etp", "step"], Text, true),
    col("version", &["version", "cod_vrs_vet"], Int, true),
    col("diploma_code", &["diploma", "cod_dip"], Text, true),
    col(
        "diploma_version",
        &["diploma_version", "cod_vrs_vdi"],
        Int,
        true,
    ),
    col("granting", &["granting", "tem_dip_vet"], Flag, false),
];
const STUDENTS: &[Column] = &[
    col("code", &["student", "cod_etu", "code"], Text, true),
    col(
        "first_name1",
        &["first_name1", "lib_pr1_ind", "prenom1", "prenom"],
        Text,
        false,
    ),
    col(
        "first_name2",
        &["first_name2", "lib_pr2_ind", "prenom2"],
        Text,
        false,
    ),
    col(
        "last_name",
        &["last_name", "lib_nom_pat_ind", "nom"],
        Text,
        true,
    ),
    col(
        "birth_date",
        &["birth_date", "date_nai_ind", "date_naissance"],
        Date,
        false,
    ),
    col("email", &["email", "mail", "cod_mail"], Text, false),
    col("year", &["year", "cod_anu", "annee"], Int, true),
    col("step_code", &["step", "cod_etp"], Text, true),
    col("step_version", &["step_version", "cod_vrs_vet"], Int, true),
];
const RESULTS: &[Column] = &[
    col("student", &["student", "cod_etu"], Text, true),
    col("year", &["year", "cod_anu", "annee"], Int, true),
    col("diploma_code", &["diploma", "cod_dip"], Text, true),
    col(
        "diploma_version",
        &["diploma_version", "cod_vrs_vdi"],
        Int,
        true,
    ),
    col("session", &["session", "cod_ses"], Int, true),
    col("admission_code", &["admission_code", "cod_adm"], Int, true),
    col(
        "favourable",
        &["favourable", "cod_neg_tre", "codnegtre"],
        MaybeFlag,
        false,
    ),
    col(
        "delivery_allowed",
        &["delivery_allowed", "tem_dlv_aut_vdi"],
        Flag,
        false,
    ),
    col("mention", &["mention", "lib_men", "cod_men"], Text, false),
    col("ects", &["ects", "nbr_crd", "credits"], Decimal, false),
];
const BLOCKINGS: &[Column] = &[
    col("student", &["student", "cod_etu"], Text, true),
    col("year", &["year", "cod_anu", "annee"], Int, true),
    col("kind", &["kind", "type", "blocage"], Blocking, true),
];
const RIGHTS: &[Column] = &[
    col("login", &["login", "cod_uti", "identifiant"], Text, true),
    col("faculty", &["faculty", "cod_cmp", "composante"], Text, true),
];

/// Where each column of an extract is in a file: by key, its column; or the required ones
/// missing (by their first name).
pub fn map_headers(
    extract: Extract,
    headers: &[String],
) -> Result<Vec<Option<usize>>, Vec<&'static str>> {
    let found: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut map = Vec::new();
    let mut missing = Vec::new();
    for c in extract.columns() {
        let at = c
            .names
            .iter()
            .find_map(|n| found.iter().position(|h| h == n));
        if at.is_none() && c.required {
            missing.push(c.names[0]);
        }
        map.push(at);
    }
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(missing)
    }
}

fn flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "o" | "oui" | "y" | "yes" | "1" | "true" | "t" => Some(true),
        "n" | "non" | "no" | "0" | "false" | "f" => Some(false),
        _ => None,
    }
}

/// A line's values by key, or why not: the column (its header's first name) and the value.
pub fn read_row(
    extract: Extract,
    map: &[Option<usize>],
    record: &[&str],
) -> Result<Map<String, Value>, (&'static str, String)> {
    let mut row = Map::new();
    for (c, at) in extract.columns().iter().zip(map) {
        let text = at.and_then(|i| record.get(i)).map_or("", |t| t.trim());
        let bad = || (c.names[0], text.to_owned());
        if text.is_empty() {
            if c.required {
                return Err(bad());
            }
            let empty = match c.kind {
                // A year listed is open unless the file says otherwise.
                Flag if c.key == "open" => Value::Bool(true),
                Flag => Value::Bool(false),
                Text if c.key.starts_with("first_name")
                    || c.key == "label"
                    || c.key == "web_label"
                    || c.key == "nature" =>
                {
                    Value::String(String::new())
                }
                _ => Value::Null,
            };
            row.insert(c.key.to_owned(), empty);
            continue;
        }
        let value = match c.kind {
            Text => Value::String(text.to_owned()),
            Int => Value::from(text.parse::<i64>().map_err(|_| bad())?),
            Flag | MaybeFlag => Value::Bool(flag(text).ok_or_else(bad)?),
            Date => Value::String(
                crate::import::model::dates::parse_date(
                    text,
                    Some(crate::import::model::dates::DateOrder::Dmy),
                )
                .map_err(|_| bad())?
                .to_string(),
            ),
            Decimal => Value::from(text.replace(',', ".").parse::<f64>().map_err(|_| bad())?),
            Blocking => Value::String(
                super::state::Blocking::parse(text)
                    .ok_or_else(bad)?
                    .name()
                    .to_owned(),
            ),
        };
        row.insert(c.key.to_owned(), value);
    }
    Ok(row)
}

/// A date from a row, as `read_row` wrote it.
pub fn date(row: &Map<String, Value>, key: &str) -> Option<NaiveDate> {
    row.get(key)?.as_str()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_records_systems_names_and_plain_ones_both_map() {
        let map = map_headers(
            Extract::Results,
            &headers(&[
                "COD_ETU",
                "Année",
                "cod_dip",
                "COD_VRS_VDI",
                "cod_ses",
                "cod_adm",
                "codNegTre",
                "TEM_DLV_AUT_VDI",
            ]),
        )
        .unwrap();
        assert_eq!(
            &map[..8],
            &[
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7)
            ]
        );
        let missing = map_headers(Extract::Students, &headers(&["cod_etu", "nom"])).unwrap_err();
        assert_eq!(missing, ["year", "step", "step_version"]);
    }

    #[test]
    fn values_are_read_as_their_kind_and_a_wrong_one_is_named() {
        let map = map_headers(
            Extract::Results,
            &headers(&[
                "student",
                "year",
                "diploma",
                "diploma_version",
                "session",
                "admission_code",
                "favourable",
                "delivery_allowed",
                "mention",
                "ects",
            ]),
        )
        .unwrap();
        let row = read_row(
            Extract::Results,
            &map,
            &[
                "21000001", "2026", "LIC", "1", "2", "1", "", "O", "Bien", "180,5",
            ],
        )
        .unwrap();
        assert_eq!(row["favourable"], Value::Null, "empty: no result yet");
        assert_eq!(row["delivery_allowed"], Value::Bool(true));
        assert_eq!(row["ects"], serde_json::json!(180.5));
        let err = read_row(
            Extract::Results,
            &map,
            &[
                "21000001",
                "2026",
                "LIC",
                "1",
                "2",
                "1",
                "peut-être",
                "O",
                "",
                "",
            ],
        )
        .unwrap_err();
        assert_eq!(err, ("favourable", "peut-être".to_owned()));
        let err = read_row(
            Extract::Results,
            &map,
            &["", "2026", "LIC", "1", "2", "1", "1", "O", "", ""],
        )
        .unwrap_err();
        assert_eq!(err.0, "student", "a required value");
    }

    #[test]
    fn blockings_and_dates_read_the_usual_words() {
        let map = map_headers(
            Extract::Blockings,
            &headers(&["cod_etu", "cod_anu", "type"]),
        )
        .unwrap();
        let row = read_row(Extract::Blockings, &map, &["1", "2026", "Examens"]).unwrap();
        assert_eq!(row["kind"], "exams");
        let map = map_headers(
            Extract::Students,
            &headers(&[
                "cod_etu",
                "lib_nom_pat_ind",
                "date_nai_ind",
                "cod_anu",
                "cod_etp",
                "cod_vrs_vet",
            ]),
        )
        .unwrap();
        let row = read_row(
            Extract::Students,
            &map,
            &["1", "Cœur", "29/02/2004", "2026", "L3", "1"],
        )
        .unwrap();
        assert_eq!(
            date(&row, "birth_date"),
            NaiveDate::from_ymd_opt(2004, 2, 29)
        );
        assert_eq!(row["first_name1"], "");
    }
}
