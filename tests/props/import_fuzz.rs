//! Arbitrary bytes through the decoder, the header mapping and the row validator: nothing may
//! panic, whatever a school's export contains. Also the two real passes on files.

use std::io::Cursor;

use intendant::import::model::dates::{parse_date, parse_school_year, DateOrder, OrderDecision};
use intendant::import::model::decode::{self, ReadOptions};
use intendant::import::model::fields::{map_headers, specs, Kind};
use intendant::import::model::validate::{is_email, validate, RowRules};
use intendant::import::run::{check_rows, prepare, Duplicates, ImportOptions};
use proptest::prelude::*;

/// Bytes that look like CSV often enough to reach deep: delimiters, quotes, newlines, a BOM,
/// Windows-1252 high bytes, UTF-8 accents, and the seed's header names.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just("é".as_bytes().to_vec()),
        Just(b"\x80\x9c\xe9".to_vec()),
        Just(b"school_id,fiche,classe,prenom,nom,sexe,ddn\n".to_vec()),
        Just(b"2/13/1992".to_vec()),
        Just(b"1994-janv-23 00:00:00".to_vec()),
        Just(b"20192020".to_vec()),
        Just(b"-".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

fn run_pure(bytes: &[u8], kind: Kind) {
    for options in [
        ReadOptions::default(),
        ReadOptions {
            encoding: Some(decode::Encoding::Utf8),
            delimiter: Some(b';'),
        },
    ] {
        let Ok(mut decoded) = decode::open(Cursor::new(bytes.to_vec()), options) else {
            continue;
        };
        let mut record = csv::StringRecord::new();
        let Ok(Some(_)) = decoded.next_record(&mut record) else {
            continue;
        };
        let headers: Vec<String> = record.iter().map(str::to_owned).collect();
        let rules = RowRules {
            kind,
            specs: specs(kind),
            map: map_headers(kind, &headers),
            date_order: OrderDecision::Inconsistent,
            default_school_year: "2025-2026".into(),
        };
        while let Ok(Some(line)) = decoded.next_record(&mut record) {
            let _ = validate(&rules, &record, line);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        run_pure(&bytes, Kind::Student);
        run_pure(&bytes, Kind::Staff);
    }

    #[test]
    fn csv_like_bytes_never_panic(bytes in csvish()) {
        run_pure(&bytes, Kind::Student);
        run_pure(&bytes, Kind::Staff);
    }

    #[test]
    fn value_parsers_never_panic(text in "\\PC{0,30}") {
        let _ = parse_date(&text, Some(DateOrder::Dmy));
        let _ = parse_date(&text, None);
        let _ = parse_school_year(&text);
        let _ = is_email(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The file-level passes too (they read the file twice and count lines themselves).
    #[test]
    fn both_passes_on_files_never_panic(bytes in csvish()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, &bytes).unwrap();
        let options = ImportOptions { dry_run: true, ..ImportOptions::new(Kind::Student, chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()) };
        if let Ok(prepared) = prepare(&path, &options) {
            let mut staged = 0;
            let checked = check_rows(&path, &prepared, Duplicates::InMemory, |batch| { staged += batch.len(); true }).unwrap();
            prop_assert!(staged as u64 <= checked.rows);
            prop_assert_eq!(checked.rows, prepared.data_rows);
        }
    }
}
