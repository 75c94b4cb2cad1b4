//! The LDIF reader on arbitrary input: it never panics, and what the writer writes it reads
//! back unchanged, whatever the text (non-ASCII, leading spaces, colons, very long values) or
//! the bytes (values that are not UTF-8 come back byte for byte).

use intendant::correlation::model::ldif::{parse, write_entry, AttrValue, Entry};
use proptest::prelude::*;

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,120}",
        "\\PC{0,60}",
        Just(" leading".to_owned()),
        Just(":colon".to_owned()),
        Just("<angle".to_owned()),
        Just("trailing ".to_owned()),
        Just("Lefèvre-Roy Œdipe ’".to_owned()),
    ]
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,400}") {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_ldif_like_lines(lines in prop::collection::vec(
        prop_oneof![
            "dn: [a-z=,]{0,20}",
            "[a-zA-Z]{1,8}:: [A-Za-z0-9+/=]{0,20}",
            "[a-zA-Z]{1,8}: \\PC{0,20}",
            " \\PC{0,10}",
            "#\\PC{0,10}",
            Just(String::new()),
        ], 0..30)) {
        let _ = parse(&lines.join("\r\n"));
    }

    #[test]
    fn what_is_written_reads_back(
        dn in value().prop_filter("a DN", |v| !v.trim().is_empty() && !v.contains('\n') && !v.contains('\r')),
        attrs in prop::collection::vec(("[a-z][a-zA-Z0-9-]{0,10}", prop::collection::vec(value(), 1..3)), 0..5),
    ) {
        let mut entry = Entry { dn, line: 1, attrs: Vec::new() };
        for (name, values) in attrs {
            let name = name.to_ascii_lowercase();
            if name == "dn" || name == "changetype" || entry.attrs.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let values: Vec<AttrValue> = values.into_iter().filter(|v| !v.contains('\r') && !v.contains('\n')).map(AttrValue::Text).collect();
            if !values.is_empty() {
                entry.attrs.push((name, values));
            }
        }
        let back = parse(&write_entry(&entry)).unwrap();
        prop_assert_eq!(back.len(), 1);
        prop_assert_eq!(&back[0].dn, &entry.dn);
        prop_assert_eq!(&back[0].attrs, &entry.attrs);
    }

    #[test]
    fn bytes_that_are_not_text_read_back_exactly(
        head in prop::collection::vec(any::<u8>(), 0..40),
        tail in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        // 0xFF never occurs in UTF-8: the value is bytes, not text.
        let bytes: Vec<u8> = head.into_iter().chain([0xFF]).chain(tail).collect();
        let entry = Entry {
            dn: "cn=x,dc=example".into(),
            line: 1,
            attrs: vec![("objectguid".into(), vec![AttrValue::Binary(bytes)]), ("cn".into(), vec!["x".into()])],
        };
        let back = parse(&write_entry(&entry)).unwrap();
        prop_assert_eq!(back.len(), 1);
        prop_assert_eq!(&back[0].dn, &entry.dn);
        prop_assert_eq!(&back[0].attrs, &entry.attrs);
    }
}
