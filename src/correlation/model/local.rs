//! Local accounts (seed 004 section 5.3): a complementary file declares the directory accounts
//! that no official list has — exam accounts, generic ones — so that the correlation matches
//! them by themselves and never offers them for archiving. CSV: login, last name, first name,
//! category (E, P or Z), comment; any of the usual delimiters and encodings. Pure: bytes in,
//! accounts or the problems of each line out.

use std::io::Cursor;

use crate::import::model::decode::{self, ReadOptions};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LocalAccount {
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub category: char,
    pub comment: String,
}

const COLUMNS: [(&str, &[&str]); 5] = [
    (
        "login",
        &["login", "identifiant", "uid", "compte", "account"],
    ),
    (
        "last_name",
        &["last_name", "nom", "sn", "lastname", "last name"],
    ),
    (
        "first_name",
        &[
            "first_name",
            "prenom",
            "prénom",
            "givenname",
            "firstname",
            "first name",
        ],
    ),
    ("category", &["category", "categorie", "catégorie", "cat"]),
    ("comment", &["comment", "commentaire", "remarque", "note"]),
];

fn category(text: &str) -> Option<char> {
    match text.trim().to_lowercase().as_str() {
        "e" | "eleve" | "élève" | "student" => Some('E'),
        "p" | "prof" | "professeur" | "enseignant" | "teacher" => Some('P'),
        "z" | "personnel" | "staff" | "autre" | "other" => Some('Z'),
        _ => None,
    }
}

/// The accounts the file declares, or every problem with its line.
pub fn parse(bytes: &[u8]) -> Result<Vec<LocalAccount>, Vec<String>> {
    let mut decoded = decode::open(Cursor::new(bytes), ReadOptions::default())
        .map_err(|e| vec![e.to_string()])?;
    let mut record = csv::StringRecord::new();
    let Some(_) = decoded
        .next_record(&mut record)
        .map_err(|e| vec![e.to_string()])?
    else {
        return Err(vec!["the file is empty: the first line names the columns (login, last_name, first_name, category, comment)".into()]);
    };
    let header: Vec<String> = record.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let at: Vec<Option<usize>> = COLUMNS.iter().map(|(_, names)| column(names)).collect();
    let mut problems = Vec::new();
    for (i, (field, names)) in COLUMNS.iter().enumerate() {
        if at[i].is_none() && matches!(*field, "login" | "category") {
            problems.push(format!(
                "line 1: no `{field}` column (accepted names: {})",
                names.join(", ")
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out: Vec<LocalAccount> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    while let Some(line) = decoded
        .next_record(&mut record)
        .map_err(|e| vec![e.to_string()])?
    {
        let get = |i: usize| {
            at[i]
                .and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let login = get(0);
        if login.is_empty() {
            problems.push(format!("line {line}: login: required"));
            continue;
        }
        if let Some(first) = seen.insert(login.clone(), line) {
            problems.push(format!(
                "line {line}: login {login}: already on line {first}"
            ));
            continue;
        }
        let Some(category) = category(&get(3)) else {
            problems.push(format!("line {line}: category “{}”: E, P or Z", get(3)));
            continue;
        };
        let too_long = [(1, 200), (2, 200), (4, 500)]
            .into_iter()
            .find(|(i, limit)| get(*i).chars().count() > *limit);
        if let Some((i, limit)) = too_long {
            problems.push(format!(
                "line {line}: {}: at most {limit} characters",
                COLUMNS[i].0
            ));
            continue;
        }
        out.push(LocalAccount {
            login,
            last_name: get(1),
            first_name: get(2),
            category,
            comment: get(4),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complementary_file_in_french_or_english() {
        let found = parse("identifiant;nom;prénom;catégorie;commentaire\nexamen01;Examen;Compte;Z;salle B12\ncdi;;;p;\n".as_bytes()).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            (
                found[0].login.as_str(),
                found[0].category,
                found[0].comment.as_str()
            ),
            ("examen01", 'Z', "salle B12")
        );
        assert_eq!(found[1].category, 'P');
        let found = parse(b"login,category\nexam,staff\n").unwrap();
        assert_eq!(found[0].category, 'Z');
    }

    #[test]
    fn every_problem_names_its_line() {
        let problems = parse(b"login;category\nexam;Q\n;E\nexam2;E\nexam2;Z\n").unwrap_err();
        assert_eq!(
            problems,
            [
                "line 2: category “Q”: E, P or Z",
                "line 3: login: required",
                "line 5: login exam2: already on line 4"
            ]
        );
        let problems = parse(b"nom;prenom\nA;B\n").unwrap_err();
        assert!(
            problems[0].starts_with("line 1: no `login` column"),
            "{problems:?}"
        );
    }
}
