//! `~/.pgpass`, as libpq reads it: `host:port:database:user:password`, `*` matches anything,
//! `\:` and `\\` escape, first matching line wins, and a file others can read is ignored.

use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    pub password: String,
}

/// The file's text, or None when it is missing or readable by group/others (libpq refuses it).
pub fn read_private(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).ok()?;
    if meta.permissions().mode() & 0o077 != 0 {
        tracing::warn!(
            "{} has group or world access; ignored, as libpq does",
            path.display()
        );
        return None;
    }
    std::fs::read_to_string(path).ok()
}

pub fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let fields = split_escaped(line);
            let [host, port, database, user, password] = <[String; 5]>::try_from(fields).ok()?;
            Some(Entry {
                host,
                port,
                database,
                user,
                password,
            })
        })
        .collect()
}

fn split_escaped(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

pub fn lookup<'a>(
    entries: &'a [Entry],
    host: &str,
    port: u16,
    database: &str,
    user: &str,
) -> Option<&'a str> {
    let port = port.to_string();
    let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
    entries
        .iter()
        .find(|e| {
            matches(&e.host, host)
                && matches(&e.port, &port)
                && matches(&e.database, database)
                && matches(&e.user, user)
        })
        .map(|e| e.password.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_line_wins_with_wildcards_and_escapes() {
        let entries =
            parse("# c\n\nsrv:5432:school:bob:first\n*:*:*:bob:pa\\:ss\\\\word\nbad line\n");
        assert_eq!(entries.len(), 2);
        assert_eq!(
            lookup(&entries, "srv", 5432, "school", "bob"),
            Some("first")
        );
        assert_eq!(
            lookup(&entries, "srv", 5433, "school", "bob"),
            Some("pa:ss\\word")
        );
        assert_eq!(lookup(&entries, "srv", 5432, "school", "eve"), None);
    }

    #[test]
    fn a_password_may_contain_unescaped_colons() {
        let entries = parse("h:1:d:u:a:b");
        assert_eq!(entries[0].password, "a:b");
    }
}
