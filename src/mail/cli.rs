//! `intendant worker` and `intendant mail test|list|retry`. Exit 0 done, 1 the database or the
//! mail server failed, 2 bad input, 4 refused (not an administrator).

use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::Subcommand;

use super::model::settings::resolve;
use super::smtp::{Outcome, Smtp};
use super::store::{self, Filter, Listed};
use super::worker::{Local, NotAdmin, Tally, Worker};
use crate::cli::{BadInput, Shell};
use crate::i18n::{tr, T};
use crate::output::Format;

#[derive(Subcommand)]
pub enum MailCommand {
    /// Send one message to ADDRESS now and show what the mail server answered
    Test {
        /// Where to send it
        address: String,
    },
    /// The outbox, newest first: what was sent, what waits, what failed and why
    List {
        /// Only mails that failed: dead letters, those waiting for a retry, refused recipients
        #[arg(long)]
        failed: bool,
        /// Only mails not sent yet
        #[arg(long, conflicts_with = "failed")]
        pending: bool,
        /// How many mails at most
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Where mail goes: the settings in force and where each comes from
    Settings,
    /// Change a mail setting for every worker: enabled, from, reply_to, smtp_host, smtp_port, smtp_security, smtp_user, max_attempts, language
    Set {
        /// The setting's name (without `mail.`)
        key: String,
        /// Its new value
        value: String,
    },
    /// Whether you are told by mail of what concerns you: on or off
    Notifications {
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// Try mails again now, by id, or every failed one
    Retry {
        /// Mail ids (from `mail list`)
        ids: Vec<i64>,
        /// Every mail that failed
        #[arg(long, conflicts_with = "ids")]
        all_failed: bool,
    },
}

/// What this machine adds to the database's mail settings.
pub fn local(shell: &Shell) -> Local {
    Local {
        file: shell.file.mail.clone(),
        password: std::env::var("INTENDANT_SMTP_PASSWORD").ok(),
        templates_dir: shell
            .env
            .config_file()
            .and_then(|p| p.parent().map(|d| d.join("mail"))),
        host_name: host_name(),
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// `intendant worker [--once]`.
pub async fn worker(once: bool, shell: &Shell) -> anyhow::Result<ExitCode> {
    let (db, _) = shell.open(false).await?;
    let (mut worker, problems) = Worker::new(db, local(shell));
    for p in problems {
        crate::fail!("{}", tr(T::MailTemplateSkipped, &[&p]));
    }
    let result = if once {
        worker.drain().await.map(|t| say_tally(&t))
    } else {
        let stop = worker.stop_flag();
        tokio::spawn(async move {
            shutdown_signal().await;
            stop.store(true, Ordering::Relaxed);
        });
        crate::say!("{}", tr(T::MailWorkerStarted, &[]));
        worker.run(|t| say_tally(&t)).await
    };
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.downcast_ref::<NotAdmin>().is_some() => {
            crate::fail!("{e}");
            Ok(ExitCode::from(4))
        }
        Err(e) => Err(e),
    }
}

fn say_tally(t: &Tally) {
    crate::say!(
        "{}",
        tr(
            T::MailTally,
            &[
                &chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
                &t.sent,
                &t.retry,
                &t.dead
            ]
        )
    );
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

pub async fn run(what: &MailCommand, shell: &Shell) -> anyhow::Result<ExitCode> {
    let (db, _) = shell.open(false).await?;
    let client = db.client().await?;
    // Anyone chooses for themselves whether they are told; the rest is the administrators'.
    let own_choice = matches!(what, MailCommand::Notifications { .. });
    if !own_choice && !store::is_admin(&**client).await? {
        crate::fail!("{}", NotAdmin(db.user().to_owned()));
        return Ok(ExitCode::from(4));
    }
    match what {
        MailCommand::Test { address } => {
            if !super::model::settings::plausible_address(address) {
                return Err(BadInput(tr(T::MailBadAddress, &[address])).into());
            }
            let settings = store::settings(&**client).await?;
            let local = local(shell);
            let smtp = resolve(&local.file, &settings, local.password, &local.host_name)
                .and_then(|s| {
                    let site = settings
                        .get("site_name")
                        .map(String::as_str)
                        .unwrap_or("Intendant");
                    Smtp::new(s, site)
                })
                .map_err(BadInput)?;
            let outcome = smtp
                .test(
                    address,
                    &tr(T::MailTestSubject, &[]),
                    &tr(T::MailTestBody, &[&smtp.settings.describe()]),
                )
                .await;
            smtp.close().await;
            let through = smtp.settings.describe();
            match outcome {
                Outcome::Sent(reply) => {
                    crate::say!("{}", tr(T::MailTestSent, &[address, &through, &reply]));
                    Ok(ExitCode::SUCCESS)
                }
                Outcome::Refused(reason) | Outcome::Failed { reason, .. } => {
                    crate::fail!("{}", tr(T::MailTestFailed, &[address, &through, &reason]));
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        MailCommand::Settings => {
            let settings = store::settings(&**client).await?;
            let local = local(shell);
            let in_force = resolve(
                &local.file,
                &settings,
                local.password.clone(),
                &local.host_name,
            );
            let db_value = |k: &str| {
                settings
                    .get(&format!("mail.{k}"))
                    .cloned()
                    .unwrap_or_default()
            };
            let mut out = String::new();
            for key in store::SETTINGS {
                out.push_str(&format!("mail.{key:<14} {}\n", db_value(key)));
            }
            out.push('\n');
            match in_force {
                Ok(s) => {
                    out.push_str(&tr(T::MailInForce, &[&s.describe(), &s.from]));
                    out.push('\n');
                    let password = if s.password.is_some() { T::Yes } else { T::No };
                    out.push_str(&tr(T::MailPasswordGiven, &[&tr(password, &[])]));
                    out.push('\n');
                }
                Err(e) => out.push_str(&format!("{e}\n")),
            }
            crate::output::out_raw_lines(&out);
            Ok(ExitCode::SUCCESS)
        }
        MailCommand::Set { key, value } => {
            if !store::SETTINGS.contains(&key.as_str()) {
                return Err(BadInput(tr(
                    T::MailUnknownSetting,
                    &[key, &store::SETTINGS.join(", ")],
                ))
                .into());
            }
            let name = format!("mail.{key}");
            crate::cli::setting(&db, &name, value).await
        }
        MailCommand::Notifications { state } => {
            let on = state == "on";
            store::set_notify(&**client, on).await?;
            let said = if on {
                T::MailNotifyOn
            } else {
                T::MailNotifyOff
            };
            crate::say!("{}", tr(said, &[]));
            Ok(ExitCode::SUCCESS)
        }
        MailCommand::List {
            failed,
            pending,
            limit,
            format,
        } => {
            let filter = match (failed, pending) {
                (true, _) => Filter::Failed,
                (_, true) => Filter::Pending,
                _ => Filter::All,
            };
            let rows = store::list(&**client, filter, *limit).await?;
            if format.is_json() {
                crate::output::json(&rows, false);
            } else if rows.is_empty() {
                crate::say!("{}", tr(T::MailListEmpty, &[]));
            } else {
                crate::output::out_raw_lines(&human(&rows));
            }
            Ok(ExitCode::SUCCESS)
        }
        MailCommand::Retry { ids, all_failed } => {
            let ids = if *all_failed {
                store::failed_ids(&**client).await?
            } else if ids.is_empty() {
                return Err(BadInput(tr(T::MailRetryWhich, &[])).into());
            } else {
                ids.clone()
            };
            let done = store::retry(&**client, &ids).await?;
            let shown: Vec<String> = done.iter().map(i64::to_string).collect();
            crate::say!("{}", tr(T::MailRetried, &[&done.len(), &shown.join(", ")]));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A mail a line, then each recipient not simply sent, indented, with why.
fn human(rows: &[Listed]) -> String {
    let mut out = String::new();
    for m in rows {
        let when = m
            .created_at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M");
        out.push_str(&format!(
            "{:>6}  {when}  {:<8}  {:<18}  {}",
            m.id,
            m.state,
            m.kind,
            m.recipients
                .iter()
                .map(|r| r.recipient.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if m.attempts > 0 && m.state != "sent" {
            out.push_str(&format!("  ({})", tr(T::MailAttempts, &[&m.attempts])));
        }
        out.push('\n');
        if let Some(e) = &m.last_error {
            if m.state != "sent" {
                out.push_str(&format!("        {e}\n"));
            }
        }
        for r in m.recipients.iter().filter(|r| r.state != "sent") {
            out.push_str(&format!(
                "        {}: {}{}\n",
                r.recipient,
                r.state,
                r.detail
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            ));
        }
    }
    out
}
