//! Sending through SMTP with lettre: the transport the settings describe (STARTTLS, TLS or
//! plain, a login, a CA of one's own), connections kept and reused, and each letter's fate in
//! the outbox's words: sent, refused for good (a 5xx: that recipient only), or failed for now
//! (anything else: the mail waits and is tried again).

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::model::letter::Letter;
use super::model::settings::{Security, SmtpSettings};

/// The longest one message may take, from connecting to the server's last answer.
const SEND_LIMIT: Duration = Duration::from_secs(30);

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
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    pub settings: SmtpSettings,
}

impl Smtp {
    /// The transport for `settings`, its sender shown as `site`. Errors name what is wrong.
    pub fn new(settings: SmtpSettings, site: &str, connections: u32) -> Result<Smtp, String> {
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
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .timeout(Some(Duration::from_secs(20)))
            .pool_config(PoolConfig::new().max_size(connections.max(1)));
        if settings.security != Security::None {
            let mut tls = TlsParameters::builder(settings.host.clone());
            if let Some(path) = &settings.ca_file {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("mail ca_file {}: {e}", path.display()))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("mail ca_file {}: {e}", path.display()))?;
                tls = tls.add_root_certificate(cert);
            }
            let params = tls
                .build_rustls()
                .map_err(|e| format!("mail TLS for {}: {e}", settings.host))?;
            builder = builder.tls(match settings.security {
                Security::StartTls => Tls::Required(params),
                _ => Tls::Wrapper(params),
            });
        }
        if let Some(user) = &settings.user {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                settings.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Smtp {
            transport: builder.build(),
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
        let sent = match tokio::time::timeout(SEND_LIMIT, self.transport.send(message)).await {
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
            Err(e) if e.is_permanent() => Outcome::Refused(e.to_string()),
            Err(e) => Outcome::Failed {
                reason: e.to_string(),
                answered: e.is_transient(),
            },
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
