//! Sending through SMTP with lettre: the transport the settings describe (STARTTLS, TLS or
//! plain, a login, a CA of one's own), connections kept and reused, and each letter's fate in
//! the outbox's words: sent, refused for good (a 5xx: that recipient only), or failed for now
//! (anything else: the mail waits and is tried again).
//!
//! Connections are opened here rather than by lettre's transport so that they carry
//! TCP_NODELAY: lettre writes a message's end (`.`) apart from its body, and without it every
//! mail waited for the server's delayed acknowledgement (40 ms on Linux), which capped a worker
//! at 50 mails a second. Implicit TLS (port 465) still connects through lettre.

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::Rset;
use lettre::transport::smtp::extension::ClientId;
use lettre::Message;
use tokio::sync::Mutex;

use super::model::letter::Letter;
use super::model::settings::{Security, SmtpSettings};

/// The longest one message may take, from connecting to the server's last answer.
const SEND_LIMIT: Duration = Duration::from_secs(30);
const CONNECT_LIMIT: Duration = Duration::from_secs(15);

type Reply = lettre::transport::smtp::response::Response;

/// Why a send did not go: what the server or lettre said, or the connection that could not
/// be made (before lettre is involved).
enum SendError {
    Smtp(lettre::transport::smtp::Error),
    Connect(String),
}

impl From<lettre::transport::smtp::Error> for SendError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        SendError::Smtp(e)
    }
}

/// The server answered (2xx–5xx): the connection itself is sound.
fn answered(e: &lettre::transport::smtp::Error) -> bool {
    e.is_permanent() || e.is_transient()
}

/// What became of one letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server took it; its reply.
    Sent(String),
    /// Refused for good (5xx, or an address no server could take): not tried again.
    Refused(String),
    /// Not sent this time: the mail waits. `answered`: the server said no for now (4xx), so
    /// other recipients may still go; else it could not be reached or talked to.
    Failed { reason: String, answered: bool },
}

pub struct Smtp {
    tls: Option<TlsParameters>,
    credentials: Option<Credentials>,
    /// Open connections, ready for the next mail.
    idle: Mutex<Vec<AsyncSmtpConnection>>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    pub settings: SmtpSettings,
}

impl Smtp {
    /// The transport for `settings`, its sender shown as `site`. Errors name what is wrong.
    pub fn new(settings: SmtpSettings, site: &str) -> Result<Smtp, String> {
        let address = settings
            .from
            .parse()
            .map_err(|e| format!("mail sender \"{}\": {e}", settings.from))?;
        let from = Mailbox::new(Some(site.to_owned()), address);
        let reply_to = match &settings.reply_to {
            Some(r) => Some(
                r.parse::<Mailbox>()
                    .map_err(|e| format!("mail reply-to \"{r}\": {e}"))?,
            ),
            None => None,
        };
        let tls = if settings.security == Security::None {
            None
        } else {
            let mut tls = TlsParameters::builder(settings.host.clone());
            if let Some(path) = &settings.ca_file {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("mail ca_file {}: {e}", path.display()))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("mail ca_file {}: {e}", path.display()))?;
                tls = tls.add_root_certificate(cert);
            }
            Some(
                tls.build_rustls()
                    .map_err(|e| format!("mail TLS for {}: {e}", settings.host))?,
            )
        };
        let credentials = settings.user.as_ref().map(|user| {
            Credentials::new(user.clone(), settings.password.clone().unwrap_or_default())
        });
        Ok(Smtp {
            tls,
            credentials,
            idle: Mutex::new(Vec::new()),
            from,
            reply_to,
            settings,
        })
    }

    pub async fn send(&self, letter: &Letter) -> Outcome {
        match self.message(letter) {
            Ok(message) => self.deliver(message).await,
            Err(reason) => Outcome::Refused(reason),
        }
    }

    /// A message that says only that mail from Intendant arrives (`intendant mail test`).
    pub async fn test(&self, to: &str, subject: &str, body: &str) -> Outcome {
        let to: Mailbox = match to.parse() {
            Ok(m) => m,
            Err(e) => return Outcome::Refused(format!("\"{to}\": {e}")),
        };
        let message = self
            .headers()
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned());
        match message {
            Ok(m) => self.deliver(m).await,
            Err(e) => Outcome::Refused(e.to_string()),
        }
    }

    async fn deliver(&self, message: Message) -> Outcome {
        // lettre bounds only the TCP connect: a server that accepts and then says nothing
        // would hold the mail for good.
        let sent = match tokio::time::timeout(SEND_LIMIT, self.send_once(&message)).await {
            Ok(sent) => sent,
            Err(_) => {
                return Outcome::Failed {
                    reason: format!(
                        "{}:{} did not answer within {} s",
                        self.settings.host,
                        self.settings.port,
                        SEND_LIMIT.as_secs()
                    ),
                    answered: false,
                }
            }
        };
        match sent {
            Ok(reply) => Outcome::Sent(format!(
                "{} {}",
                reply.code(),
                reply.message().collect::<Vec<_>>().join(" ")
            )),
            Err(SendError::Smtp(e)) if e.is_permanent() => Outcome::Refused(e.to_string()),
            Err(SendError::Smtp(e)) => Outcome::Failed {
                reason: e.to_string(),
                answered: e.is_transient(),
            },
            Err(SendError::Connect(reason)) => Outcome::Failed {
                reason,
                answered: false,
            },
        }
    }

    /// On a connection kept from before when there is one (tried again on a new one if the
    /// server had closed it meanwhile), else on a new one; kept afterwards unless it broke.
    async fn send_once(&self, message: &Message) -> Result<Reply, SendError> {
        let body = message.formatted();
        let kept = self.idle.lock().await.pop();
        if let Some(conn) = kept {
            match self.send_on(conn, message, &body).await {
                Err(SendError::Smtp(e)) if !answered(&e) => {}
                done => return done,
            }
        }
        let conn = self.open().await?;
        self.send_on(conn, message, &body).await
    }

    async fn send_on(
        &self,
        mut conn: AsyncSmtpConnection,
        message: &Message,
        body: &[u8],
    ) -> Result<Reply, SendError> {
        let sent = conn.send(message.envelope(), body).await;
        match &sent {
            Ok(_) => self.idle.lock().await.push(conn),
            Err(e) if answered(e) => {
                // The mail was refused, not the connection: ready it for the next one.
                if conn.command(Rset).await.is_ok() {
                    self.idle.lock().await.push(conn);
                }
            }
            Err(_) => conn.abort().await,
        }
        Ok(sent?)
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendError> {
        let hello = ClientId::default();
        let address = (self.settings.host.as_str(), self.settings.port);
        let mut conn = if self.settings.security == Security::Tls {
            AsyncSmtpConnection::connect_tokio1(
                address,
                Some(CONNECT_LIMIT),
                &hello,
                self.tls.clone(),
                None,
            )
            .await?
        } else {
            let tcp = tokio::time::timeout(CONNECT_LIMIT, tokio::net::TcpStream::connect(address))
                .await
                .map_err(|_| {
                    SendError::Connect(format!(
                        "connecting to {}:{} timed out",
                        self.settings.host, self.settings.port
                    ))
                })?
                .map_err(|e| {
                    SendError::Connect(format!(
                        "connecting to {}:{}: {e}",
                        self.settings.host, self.settings.port
                    ))
                })?;
            let _ = tcp.set_nodelay(true);
            let mut conn =
                AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello).await?;
            if let Some(tls) = &self.tls {
                conn.starttls(tls.clone(), &hello).await?;
            }
            conn
        };
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await?;
        }
        Ok(conn)
    }

    /// Says goodbye on every kept connection (the end of a round).
    pub async fn close(&self) {
        let idle = std::mem::take(&mut *self.idle.lock().await);
        for mut conn in idle {
            let _ = conn.quit().await;
        }
    }

    fn headers(&self) -> lettre::message::MessageBuilder {
        let mut b = Message::builder().from(self.from.clone());
        if let Some(r) = &self.reply_to {
            b = b.reply_to(r.clone());
        }
        b
    }

    fn message(&self, letter: &Letter) -> Result<Message, String> {
        let address = letter
            .address
            .parse()
            .map_err(|e| format!("\"{}\": {e}", letter.address))?;
        let to = Mailbox::new(Some(letter.name.clone()), address);
        let builder = self
            .headers()
            .to(to)
            .subject(letter.subject.clone())
            .message_id(Some(letter.message_id.clone()));
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(letter.body.clone());
        let mut message = match &letter.calendar {
            Some((ics, method)) => {
                let kind =
                    ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                        .map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed().singlepart(text).singlepart(
                        Attachment::new("invitation.ics".into()).body(ics.clone(), kind),
                    ),
                )
            }
            None => builder.singlepart(text),
        }
        .map_err(|e| e.to_string())?;
        // RFC 3834: an automatic message, which out-of-office replies leave alone.
        message.headers_mut().insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ));
        Ok(message)
    }
}
