//! Reading PostgreSQL's JSON plans (EXPLAIN or auto_explain with FORMAT JSON) in tests.

use serde_json::{Map, Value};

/// Every object of a JSON plan, its nodes and their parts, depth first.
pub fn nodes(plan: &Value) -> Vec<&Map<String, Value>> {
    let mut found = Vec::new();
    let mut todo = vec![plan];
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(map) => {
                found.push(map);
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    found
}

/// Does some node's `key` (a condition: "Filter", "Index Cond"…) hold `needle`?
pub fn condition_has(plan: &Value, key: &str, needle: &str) -> bool {
    nodes(plan).iter().any(|n| {
        n.get(key)
            .and_then(Value::as_str)
            .is_some_and(|c| c.contains(needle))
    })
}
