//! Where mail goes: the SMTP server, its security, the login and the sender. An administrator
//! sets them in the database (`mail.*` settings, the same for every worker); the `[mail]`
//! table of a machine's `config.toml` overrides them for the workers of that machine. The
//! password is never in the database: `password` in the config file, or the
//! `INTENDANT_SMTP_PASSWORD` variable.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587); refused if the server cannot.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: a relay on the same machine or network.
    None,
}

impl Security {
    pub fn parse(s: &str) -> Option<Security> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Some(Security::StartTls),
            "tls" => Some(Security::Tls),
            "none" => Some(Security::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }
}

/// `[mail]` in config.toml; every key optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailFileConfig {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub security: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: Option<String>,
    pub reply_to: Option<String>,
    /// A CA certificate (PEM) to trust for the SMTP server, besides the system's.
    pub ca_file: Option<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: String,
    pub reply_to: Option<String>,
    pub ca_file: Option<PathBuf>,
}

impl SmtpSettings {
    /// The domain of Message-IDs and calendar UIDs: the sender's.
    pub fn domain(&self) -> &str {
        self.from
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("localhost")
    }

    /// "smtp.lycee.example:587 (starttls, as intendant)".
    pub fn describe(&self) -> String {
        let who = self
            .user
            .as_deref()
            .map(|u| format!(", as {u}"))
            .unwrap_or_default();
        format!(
            "{}:{} ({}{who})",
            self.host,
            self.port,
            self.security.as_str()
        )
    }
}

/// The settings in force: the config file's, else the database's, else the defaults (port 25
/// on localhost, no encryption). `host_name` makes the sender when nobody set one. Errors name
/// the setting and the value.
pub fn resolve(
    file: &MailFileConfig,
    db: &BTreeMap<String, String>,
    env_password: Option<String>,
    host_name: &str,
) -> Result<SmtpSettings, String> {
    let setting = |key: &str| {
        db.get(&format!("mail.{key}"))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let security_text = file
        .security
        .clone()
        .or_else(|| setting("smtp_security"))
        .unwrap_or_else(|| "none".into());
    let security = Security::parse(&security_text)
        .ok_or_else(|| format!("mail security \"{security_text}\": use starttls, tls or none"))?;
    let port = match file.port {
        Some(p) => p,
        None => match setting("smtp_port") {
            Some(p) => p
                .parse()
                .map_err(|_| format!("mail.smtp_port \"{p}\": a port number, 1 to 65535"))?,
            None => match security {
                Security::Tls => 465,
                Security::StartTls => 587,
                Security::None => 25,
            },
        },
    };
    let from = file
        .from
        .clone()
        .or_else(|| setting("from"))
        .unwrap_or_else(|| format!("intendant@{host_name}"));
    if !plausible_address(&from) {
        return Err(format!(
            "mail sender \"{from}\": an address such as intendant@lycee.example"
        ));
    }
    let reply_to = file.reply_to.clone().or_else(|| setting("reply_to"));
    if let Some(r) = reply_to.as_deref().filter(|r| !plausible_address(r)) {
        return Err(format!(
            "mail reply-to \"{r}\": an address such as secretariat@lycee.example"
        ));
    }
    Ok(SmtpSettings {
        host: file
            .host
            .clone()
            .or_else(|| setting("smtp_host"))
            .unwrap_or_else(|| "localhost".into()),
        port,
        security,
        user: file.user.clone().or_else(|| setting("smtp_user")),
        password: env_password
            .filter(|p| !p.is_empty())
            .or_else(|| file.password.clone()),
        from,
        reply_to,
        ca_file: file.ca_file.clone(),
    })
}

/// One `@`, something either side, no spaces or angle brackets: what the database accepts too.
pub fn plausible_address(a: &str) -> bool {
    match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !a.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_config_file_wins_over_the_database_which_wins_over_the_defaults() {
        let file = MailFileConfig {
            host: Some("relay.local".into()),
            ..Default::default()
        };
        let s = resolve(
            &file,
            &db(&[
                ("mail.smtp_host", "smtp.example"),
                ("mail.smtp_security", "starttls"),
                ("mail.from", "intendant@lycee.example"),
                ("mail.smtp_user", ""),
            ]),
            None,
            "host",
        )
        .unwrap();
        assert_eq!(s.host, "relay.local");
        assert_eq!((s.security, s.port), (Security::StartTls, 587));
        assert_eq!(s.domain(), "lycee.example");
        assert_eq!(s.user, None);
        let d = resolve(&MailFileConfig::default(), &db(&[]), None, "srv").unwrap();
        assert_eq!((d.host.as_str(), d.port), ("localhost", 25));
        assert_eq!(d.from, "intendant@srv");
    }

    #[test]
    fn the_password_comes_from_the_environment_first_then_the_file() {
        let file = MailFileConfig {
            password: Some("file".into()),
            ..Default::default()
        };
        let s = resolve(&file, &db(&[]), Some("env".into()), "h").unwrap();
        assert_eq!(s.password.as_deref(), Some("env"));
        let s = resolve(&file, &db(&[]), None, "h").unwrap();
        assert_eq!(s.password.as_deref(), Some("file"));
    }

    #[test]
    fn bad_values_are_named() {
        let e = resolve(
            &MailFileConfig {
                security: Some("ssl".into()),
                ..Default::default()
            },
            &db(&[]),
            None,
            "h",
        )
        .unwrap_err();
        assert!(e.contains("\"ssl\"") && e.contains("starttls"), "{e}");
        let e = resolve(
            &MailFileConfig::default(),
            &db(&[("mail.from", "nobody")]),
            None,
            "h",
        )
        .unwrap_err();
        assert!(e.contains("\"nobody\""), "{e}");
        assert!(!plausible_address("a b@c"));
        assert!(plausible_address("a.b@c.example"));
    }
}
