//! `intendant worker`: delivers the outbox. Each mail is taken in a transaction of its own
//! (`mail_claim`, FOR UPDATE SKIP LOCKED: several workers share the work), sent, and its
//! outcome recorded before the commit. A worker killed between the two leaves the row
//! unrecorded: it is sent again, with the same Message-ID (at most one duplicate).
//! It wakes on `NOTIFY intendant_mail`, and polls as well, so a lost notice or a retry that
//! comes due delays nothing for long. Settings are read again before each round: what an
//! administrator changes in the database applies without a restart.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;

use super::model::letter::{plan, Context, Step};
use super::model::settings::{resolve, MailFileConfig, SmtpSettings};
use super::model::template::Templates;
use super::smtp::{Outcome, Smtp};
use super::store;
use crate::db::Database;

/// Mails sent at once by one worker (each holds a database connection while it sends).
const LANES: usize = 4;
/// The longest a worker sleeps without looking at the outbox.
const POLL: Duration = Duration::from_secs(30);

/// What a round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub sent: u64,
    pub retry: u64,
    pub dead: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.sent += other.sent;
        self.retry += other.retry;
        self.dead += other.dead;
    }

    pub fn is_empty(&self) -> bool {
        *self == Tally::default()
    }
}

/// What a worker reads its settings from, besides the database.
#[derive(Clone, Debug, Default)]
pub struct Local {
    pub file: MailFileConfig,
    pub password: Option<String>,
    pub templates_dir: Option<PathBuf>,
    pub host_name: String,
}

/// Everything one round needs, as the database and this machine say now.
struct Round {
    smtp: Arc<Smtp>,
    templates: Arc<Templates>,
    tz: Tz,
    site: String,
}

pub struct Worker {
    db: Database,
    local: Local,
    stop: Arc<AtomicBool>,
    current: Option<(SmtpSettings, Arc<Smtp>)>,
    templates: Arc<Templates>,
}

impl Worker {
    /// A worker; template files that do not read are returned to be reported.
    pub fn new(db: Database, local: Local) -> (Worker, Vec<String>) {
        let (templates, problems) = Templates::with_overrides(local.templates_dir.as_deref());
        let worker = Worker {
            db,
            local,
            stop: Arc::new(AtomicBool::new(false)),
            current: None,
            templates: Arc::new(templates),
        };
        (worker, problems.iter().map(ToString::to_string).collect())
    }

    /// Set to stop after the mails being sent.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Delivers every mail due now, then returns what it did.
    pub async fn drain(&mut self) -> anyhow::Result<Tally> {
        let round = Arc::new(self.round().await?);
        let lanes: Vec<_> = (0..LANES)
            .map(|_| {
                let (db, round, stop) = (self.db.clone(), round.clone(), self.stop.clone());
                tokio::spawn(async move { lane(&db, &round, &stop).await })
            })
            .collect();
        let mut tally = Tally::default();
        let mut failure = None;
        for lane in lanes {
            match lane.await {
                Ok(Ok(t)) => tally.add(t),
                Ok(Err(e)) => failure = Some(e),
                Err(e) => failure = Some(anyhow::anyhow!("a sending task ended: {e}")),
            }
        }
        // Idle until the next round: the server is not left holding connections.
        round.smtp.close().await;
        match failure {
            Some(e) if tally.is_empty() => Err(e),
            Some(e) => {
                tracing::warn!("mail round: {e:#}");
                Ok(tally)
            }
            None => Ok(tally),
        }
    }

    /// Runs until stopped: a round whenever mail is queued, a retry comes due, or every
    /// `POLL`. `report` is told of each round that did something.
    pub async fn run(&mut self, report: impl Fn(Tally)) -> anyhow::Result<()> {
        let mut failures = 0u32;
        let mut listener: Option<tokio::sync::mpsc::Receiver<tokio_postgres::Notification>> = None;
        let mut _listening: Option<tokio_postgres::Client> = None;
        while !self.stop.load(Ordering::Relaxed) {
            if listener.is_none() {
                match self.db.dedicated().await {
                    Ok((client, rx)) => {
                        if client.batch_execute("LISTEN intendant_mail").await.is_ok() {
                            listener = Some(rx);
                            _listening = Some(client);
                        }
                    }
                    Err(e) => tracing::warn!("mail worker: cannot listen: {e}"),
                }
            }
            let wait = match self.drain().await {
                Ok(t) => {
                    failures = 0;
                    if !t.is_empty() {
                        report(t);
                    }
                    self.until_next_due().await
                }
                Err(e) => {
                    failures += 1;
                    tracing::warn!("mail worker: {e:#}");
                    Duration::from_secs(1 << failures.min(5))
                }
            };
            let stop = self.stop.clone();
            let stopped = async move {
                while !stop.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            };
            let notified = async {
                match listener.as_mut() {
                    Some(rx) => rx.recv().await.is_some(),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                alive = notified => {
                    if !alive {
                        listener = None;
                        _listening = None;
                    } else if let Some(rx) = listener.as_mut() {
                        // A burst of bookings is one round.
                        while rx.try_recv().is_ok() {}
                    }
                }
                _ = tokio::time::sleep(wait) => {}
                _ = stopped => {}
            }
        }
        Ok(())
    }

    async fn until_next_due(&self) -> Duration {
        let next = match self.db.client().await {
            Ok(c) => store::next_due(&**c).await.ok().flatten(),
            Err(_) => None,
        };
        next.map(|at| {
            (at - chrono::Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(POLL)
        })
        .unwrap_or(POLL)
    }

    async fn round(&mut self) -> anyhow::Result<Round> {
        let client = self.db.client().await?;
        if !store::is_admin(&**client).await? {
            anyhow::bail!(NotAdmin(self.db.user().to_owned()));
        }
        let settings = store::settings(&**client).await?;
        drop(client);
        let wanted = resolve(
            &self.local.file,
            &settings,
            self.local.password.clone(),
            &self.local.host_name,
        )
        .map_err(crate::cli::BadInput)?;
        let site = settings
            .get("site_name")
            .cloned()
            .unwrap_or_else(|| "Intendant".into());
        let smtp = match &self.current {
            Some((s, smtp)) if *s == wanted => smtp.clone(),
            _ => {
                let smtp =
                    Arc::new(Smtp::new(wanted.clone(), &site).map_err(crate::cli::BadInput)?);
                tracing::info!("mail goes through {}", wanted.describe());
                self.current = Some((wanted, smtp.clone()));
                smtp
            }
        };
        Ok(Round {
            smtp,
            templates: self.templates.clone(),
            tz: settings
                .get("timezone")
                .and_then(|z| z.parse().ok())
                .unwrap_or(chrono_tz::UTC),
            site,
        })
    }
}

/// Only an administrator's login delivers mail.
#[derive(Debug)]
pub struct NotAdmin(pub String);

impl std::fmt::Display for NotAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}",
            crate::i18n::tr(crate::i18n::T::MailNotAdmin, &[&self.0])
        )
    }
}

impl std::error::Error for NotAdmin {}

/// Takes, sends and records mails one after the other until none is due.
async fn lane(db: &Database, round: &Round, stop: &AtomicBool) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    while !stop.load(Ordering::Relaxed) {
        match one(db, round).await? {
            Some(state) => match state.as_str() {
                "sent" => tally.sent += 1,
                "retry" => tally.retry += 1,
                "dead" => tally.dead += 1,
                _ => {}
            },
            None => break,
        }
    }
    Ok(tally)
}

/// One mail: None when none is due, else what the outbox made of the attempt.
async fn one(db: &Database, round: &Round) -> anyhow::Result<Option<String>> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let Some(mail) = store::claim(&tx).await? else {
        tx.commit().await?;
        return Ok(None);
    };
    let ctx = Context {
        templates: &round.templates,
        tz: round.tz,
        site: &round.site,
        from: &round.smtp.settings.from,
        domain: round.smtp.settings.domain(),
    };
    let mut deliveries = Vec::new();
    let mut error: Option<String> = None;
    let mut unreachable = false;
    for step in plan(&mail, &ctx) {
        let letter = match step {
            Step::Skip(d) => {
                deliveries.push(d);
                continue;
            }
            Step::Send(letter) => letter,
        };
        // The server is gone: the others wait too rather than each wait for the timeout.
        if unreachable {
            continue;
        }
        match round.smtp.send(&letter).await {
            Outcome::Sent(reply) => deliveries.push(letter.delivered("sent", Some(reply))),
            Outcome::Refused(reason) => deliveries.push(letter.delivered("refused", Some(reason))),
            Outcome::Failed { reason, answered } => {
                error = Some(format!("{}: {reason}", letter.address));
                unreachable = !answered;
            }
        }
    }
    let state = store::record(&tx, mail.id, &deliveries, error.as_deref()).await?;
    tx.commit().await?;
    tracing::info!(
        mail = mail.id,
        kind = mail.kind,
        attempt = mail.attempts + 1,
        "mail {state}{}",
        error.map(|e| format!(": {e}")).unwrap_or_default()
    );
    Ok(Some(state))
}
