//! What the correlation commands print for a person (the default `--format text`): a few
//! readable lines made from the same JSON that `--format json` prints.

use serde_json::Value;

use crate::i18n::{tr, T};

fn n(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn names(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The cascade's outcome: what each rule linked, what is left to decide.
fn cascade(v: &Value, out: &mut Vec<String>) {
    let rule = |k: &str| v.get("by_rule").map(|r| n(r, k)).unwrap_or(0);
    out.push(tr(
        T::CorrelateLinked,
        &[
            &rule("number_name"),
            &rule("number"),
            &rule("name_birthdate"),
            &rule("name"),
            &n(v, "manual"),
        ],
    ));
    out.push(tr(
        T::CorrelateRemaining,
        &[&n(v, "remaining_left"), &n(v, "remaining_right")],
    ));
}

/// Lines for the JSON a correlation command produced.
pub fn lines(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(import) = v.get("import") {
        out.push(tr(
            T::CorrelateImported,
            &[
                &n(import, "entries"),
                &n(import, "accounts"),
                &n(import, "machines"),
                &n(import, "domain_admins"),
                &n(import, "run_id"),
            ],
        ));
    }
    if let Some(c) = v.get("cascade") {
        cascade(c, &mut out);
    } else if v.get("by_rule").is_some() {
        cascade(v, &mut out);
    }
    if let Some(pairs) = v.get("pairs").and_then(Value::as_array) {
        out.push(tr(T::CorrelatePairs, &[&pairs.len()]));
        for p in pairs {
            out.push(format!(
                "  {} → {} ({})",
                s(p, "account"),
                s(p, "person"),
                s(p, "rule")
            ));
        }
    }
    if let Some(left) = v.get("left").and_then(Value::as_array) {
        out.push(tr(T::CorrelateLeft, &[&left.len()]));
        for a in left {
            let mut line = format!("  [{}] {}", s(a, "category"), s(a, "account"));
            if a.get("domain_admin").and_then(Value::as_bool) == Some(true) {
                line.push_str(" (domain admin)");
            }
            if let Some(d) = a.get("decision").and_then(Value::as_str) {
                line.push_str(&format!(" — {d}"));
            }
            out.push(line);
        }
    }
    if let Some(right) = v.get("right").and_then(Value::as_array) {
        out.push(tr(T::CorrelateRight, &[&right.len()]));
        for p in right {
            out.push(format!("  {} ({})", s(p, "person"), s(p, "kind")));
        }
    }
    if let Some(local) = v.get("local").and_then(Value::as_array) {
        if !local.is_empty() {
            out.push(tr(
                T::CorrelateLocal,
                &[&local.len(), &names(&Value::Array(local.clone()))],
            ));
        }
    }
    if v.get("removed").is_some() {
        out.push(tr(
            T::CorrelateLocalImported,
            &[&n(v, "local"), &n(v, "changed"), &n(v, "removed")],
        ));
    }
    if v.get("linked").is_some() {
        out.push(tr(
            T::CorrelateLinkedByHand,
            &[&s(v, "linked"), &s(v, "person")],
        ));
    }
    for (key, what) in [
        ("keep", T::CorrelateKept),
        ("keep_always", T::CorrelateKeptAlways),
        ("delete", T::CorrelateDeleted),
    ] {
        if let Some(list) = v.get(key) {
            out.push(tr(what, &[&names(list)]));
        }
    }
    if v.get("forgotten").is_some() {
        out.push(tr(T::CorrelateForgotten, &[&n(v, "forgotten")]));
    }
    if v.get("changes").is_some() {
        out.push(tr(
            T::CorrelateApplied,
            &[
                &n(v, "create"),
                &n(v, "modify"),
                &n(v, "archive"),
                &v.get("undecided")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len),
            ],
        ));
        if let Some(ous) = v.get("ous").and_then(Value::as_object) {
            for (category, ou) in ous {
                out.push(tr(
                    T::CorrelateNewGoTo,
                    &[category, &ou.as_str().unwrap_or("")],
                ));
            }
        }
        if !s(v, "backup").is_empty() {
            out.push(tr(T::CorrelateFiles, &[&s(v, "backup"), &s(v, "changes")]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_import_and_its_cascade_read_as_sentences() {
        crate::i18n::set_current(crate::i18n::Lang::En);
        let v = json!({"import": {"run_id": 3, "entries": 10, "accounts": 8, "machines": 1, "domain_admins": 1},
                       "cascade": {"by_rule": {"number_name": 2, "name_birthdate": 1, "name": 1}, "manual": 0,
                                   "remaining_left": 4, "remaining_right": 2}});
        let text = lines(&v).join("\n");
        assert!(
            text.contains("10 entries, 8 accounts (1 machines, 1 domain admins): snapshot 3"),
            "{text}"
        );
        assert!(
            text.contains(
                "2 by number and name, 0 by number, 1 by name and birth date, 1 by name, 0 by hand"
            ),
            "{text}"
        );
        assert!(
            text.contains("still to decide: 4 accounts, 2 people"),
            "{text}"
        );
        assert!(!text.contains('{'), "{text}");
    }

    #[test]
    fn a_listing_names_pairs_and_what_is_left() {
        crate::i18n::set_current(crate::i18n::Lang::En);
        let v = json!({"pairs": [{"account": "zb", "person": "P1", "rule": "manual"}],
                       "left": [{"account": "old", "category": "E", "decision": "delete", "domain_admin": false}],
                       "right": [{"person": "E7", "kind": "student"}]});
        let text = lines(&v).join("\n");
        assert!(
            text.contains("  zb → P1 (manual)")
                && text.contains("  [E] old — delete")
                && text.contains("  E7 (student)"),
            "{text}"
        );
    }
}
