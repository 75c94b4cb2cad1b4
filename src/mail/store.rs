//! The outbox's SQL: taking the next mail due (locked for the transaction), recording what an
//! attempt did, listing and retrying for the administrators, and the settings mail reads.
//! The rules (who may, backoff, dead letters) are the database's: `sql/0020_mail.sql`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use tokio_postgres::{GenericClient, Transaction};

use super::model::letter::{Delivery, Mail};

/// The settings mail reads: `mail.*`, `site_name` and `timezone`.
pub async fn settings(
    client: &impl GenericClient,
) -> Result<BTreeMap<String, String>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT name, value FROM setting
              WHERE name LIKE 'mail.%' OR name IN ('site_name', 'timezone')",
            &[],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The mail settings an administrator may change (each `mail.<name>`).
pub const SETTINGS: [&str; 9] = [
    "enabled",
    "from",
    "reply_to",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "max_attempts",
    "language",
];

/// Whether the connected user is told by mail.
pub async fn set_notify(
    client: &impl GenericClient,
    on: bool,
) -> Result<(), tokio_postgres::Error> {
    client
        .execute(
            "UPDATE app_user SET notify = $1 WHERE login = session_user",
            &[&on],
        )
        .await
        .map(drop)
}

pub async fn is_admin(client: &impl GenericClient) -> Result<bool, tokio_postgres::Error> {
    Ok(client.query_one("SELECT is_admin()", &[]).await?.get(0))
}

/// The next mail due, locked until `tx` ends (another worker skips it); None when none is.
pub async fn claim(tx: &Transaction<'_>) -> Result<Option<Mail>, ClaimError> {
    let row = tx
        .query_one("SELECT mail_claim()", &[])
        .await
        .map_err(ClaimError::Db)?;
    let Some(v) = row.get::<_, Option<Value>>(0) else {
        return Ok(None);
    };
    serde_json::from_value(v)
        .map(Some)
        .map_err(|e| ClaimError::Shape(e.to_string()))
}

#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("{0}")]
    Db(tokio_postgres::Error),
    #[error("a mail the outbox gave could not be read: {0}")]
    Shape(String),
}

/// What an attempt did; returns "sent", "retry", "dead" (or "gone" if someone else finished it).
pub async fn record(
    tx: &Transaction<'_>,
    mail: i64,
    deliveries: &[Delivery],
    error: Option<&str>,
) -> Result<String, tokio_postgres::Error> {
    let deliveries = serde_json::to_value(deliveries).unwrap_or(Value::Null);
    Ok(tx
        .query_one(
            "SELECT mail_record($1, $2, $3)",
            &[&mail, &deliveries, &error],
        )
        .await?
        .get(0))
}

/// When the earliest mail waiting for a retry is due (None: none waits).
pub async fn next_due(
    client: &impl GenericClient,
) -> Result<Option<DateTime<Utc>>, tokio_postgres::Error> {
    Ok(client
        .query_one(
            "SELECT min(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL",
            &[],
        )
        .await?
        .get(0))
}

/// Tries these mails again now; returns those that had something left to send.
pub async fn retry(
    client: &impl GenericClient,
    ids: &[i64],
) -> Result<Vec<i64>, tokio_postgres::Error> {
    Ok(client
        .query_one("SELECT mail_retry($1)", &[&ids])
        .await?
        .get(0))
}

pub async fn failed_ids(client: &impl GenericClient) -> Result<Vec<i64>, tokio_postgres::Error> {
    Ok(client
        .query_one("SELECT mail_failed_ids()", &[])
        .await?
        .get(0))
}

/// Which mails a listing shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Pending,
    Failed,
}

/// One mail of the outbox as an administrator reads it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Listed {
    pub id: i64,
    pub kind: String,
    /// pending, retrying, sent, dead.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub booking_id: Option<i64>,
    pub recipients: Vec<ListedRecipient>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ListedRecipient {
    pub recipient: String,
    pub address: Option<String>,
    /// sent, refused, no_address, opted_out, off, self; waiting when not dealt with yet.
    pub state: String,
    pub detail: Option<String>,
}

/// The newest mails first, at most `limit`.
pub async fn list(
    client: &impl GenericClient,
    filter: Filter,
    limit: i64,
) -> Result<Vec<Listed>, tokio_postgres::Error> {
    let condition = match filter {
        Filter::All => "true",
        Filter::Pending => "o.sent_at IS NULL AND o.dead_at IS NULL",
        Filter::Failed => "o.id = ANY (mail_failed_ids())",
    };
    let sql = format!(
        "SELECT o.id, o.kind,
                CASE WHEN o.dead_at IS NOT NULL THEN 'dead' WHEN o.sent_at IS NOT NULL THEN 'sent'
                     WHEN o.last_error IS NOT NULL THEN 'retrying' ELSE 'pending' END,
                o.created_at, o.attempts,
                CASE WHEN o.sent_at IS NULL AND o.dead_at IS NULL THEN o.next_attempt_at END,
                o.last_error, o.booking_id,
                (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'recipient', r, 'address', d.address, 'state', coalesce(d.state, 'waiting'),
                            'detail', d.detail) ORDER BY r), '[]')
                   FROM unnest(o.recipients) AS r
                   LEFT JOIN outbox_delivery d ON d.outbox_id = o.id AND d.recipient = r)
           FROM outbox o WHERE {condition} ORDER BY o.id DESC LIMIT $1"
    );
    let rows = client.query(&sql, &[&limit]).await?;
    Ok(rows
        .iter()
        .map(|r| Listed {
            id: r.get(0),
            kind: r.get(1),
            state: r.get(2),
            created_at: r.get(3),
            attempts: r.get(4),
            next_attempt_at: r.get(5),
            last_error: r.get(6),
            booking_id: r.get(7),
            recipients: serde_json::from_value(r.get::<_, Value>(8)).unwrap_or_default(),
        })
        .collect())
}
