//! SMTP (lettre, rustls, no OpenSSL) or `.eml` files in the data folder.

use crate::outbox::OutboxRow;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use minutebook_ground::config::Settings;
use std::time::Duration;

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// How an `smtp://` URL asks for TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    None,
    StartTls,
    Wrapper,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub user: Option<String>,
    pub password: Option<String>,
}

/// Parses `smtp://user:pass@host:587?tls=starttls`, `smtp://127.0.0.1:2525?tls=none`
/// or `smtps://host` (TLS from the first byte, port 465).
pub fn parse_smtp_url(raw: &str) -> anyhow::Result<SmtpConfig> {
    let url = url::Url::parse(raw)
        .map_err(|e| anyhow::anyhow!("MINUTEBOOK_SMTP_URL is not a URL: {e}"))?;
    let default_tls = match url.scheme() {
        "smtp" => Tls::StartTls,
        "smtps" => Tls::Wrapper,
        other => {
            anyhow::bail!("MINUTEBOOK_SMTP_URL must start smtp:// or smtps://, not {other}://")
        }
    };
    let host = url
        .host_str()
        .ok_or_else(|| anyhow::anyhow!("MINUTEBOOK_SMTP_URL has no host"))?
        .to_string();
    let mut tls = default_tls;
    for (k, v) in url.query_pairs() {
        if k == "tls" {
            tls = match v.as_ref() {
                "none" | "off" => Tls::None,
                "starttls" | "required" => Tls::StartTls,
                "tls" | "wrapper" | "implicit" => Tls::Wrapper,
                other => anyhow::bail!(
                    "MINUTEBOOK_SMTP_URL: tls={other} is not one of none, starttls, tls"
                ),
            };
        }
    }
    let port = url.port().unwrap_or(match tls {
        Tls::Wrapper => 465,
        Tls::StartTls => 587,
        Tls::None => 25,
    });
    let decode = |s: &str| percent_decode(s);
    let user = (!url.username().is_empty()).then(|| decode(url.username()));
    let password = url.password().map(decode);
    Ok(SmtpConfig {
        host,
        port,
        tls,
        user,
        password,
    })
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

impl Transport {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Transport> {
        match &settings.smtp_url {
            None => {
                let dir = settings.data_dir.join("mail");
                std::fs::create_dir_all(&dir)?;
                Ok(Transport::Files(AsyncFileTransport::new(dir)))
            }
            Some(raw) => {
                let c = parse_smtp_url(raw)?;
                let mut b = match c.tls {
                    Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host),
                    Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&c.host)?,
                    Tls::Wrapper => AsyncSmtpTransport::<Tokio1Executor>::relay(&c.host)?,
                }
                .port(c.port)
                .timeout(Some(Duration::from_secs(20)));
                if let (Some(u), Some(p)) = (c.user, c.password) {
                    b = b.credentials(Credentials::new(u, p));
                }
                Ok(Transport::Smtp(b.build()))
            }
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Builds the MIME message of an outbox row: plain text and HTML
/// alternatives, an optional attachment, and the row's stable Message-ID.
pub fn build_message(row: &OutboxRow, from: &str) -> Result<Message, String> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| format!("bad sender {from:?}: {e}"))?;
    let to: Mailbox = row
        .to_address
        .parse()
        .map_err(|e| format!("bad recipient {:?}: {e}", row.to_address))?;
    let body = match &row.body_html {
        Some(html) => MultiPart::alternative_plain_html(row.body_text.clone(), html.clone()),
        None => MultiPart::mixed().singlepart(SinglePart::plain(row.body_text.clone())),
    };
    let body = match (&row.attachment_name, &row.attachment_type, &row.attachment) {
        (Some(name), Some(kind), Some(bytes)) => {
            let ct = ContentType::parse(kind).map_err(|e| format!("bad attachment type: {e}"))?;
            MultiPart::mixed()
                .multipart(body)
                .singlepart(Attachment::new(name.clone()).body(bytes.clone(), ct))
        }
        _ => body,
    };
    Message::builder()
        .message_id(Some(row.message_id.clone()))
        .from(from)
        .to(to)
        .subject(row.subject.clone())
        .multipart(body)
        .map_err(|e| format!("cannot build message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_of_the_api_contract_parse() {
        let c = parse_smtp_url("smtp://user:p%40ss@mail.example.gov.uk:587?tls=starttls").unwrap();
        assert_eq!(c.host, "mail.example.gov.uk");
        assert_eq!(c.port, 587);
        assert_eq!(c.tls, Tls::StartTls);
        assert_eq!(c.user.as_deref(), Some("user"));
        assert_eq!(c.password.as_deref(), Some("p@ss"));
        let c = parse_smtp_url("smtp://127.0.0.1:2525?tls=none").unwrap();
        assert_eq!((c.port, c.tls, c.user), (2525, Tls::None, None));
        let c = parse_smtp_url("smtps://mail.example.gov.uk").unwrap();
        assert_eq!((c.port, c.tls), (465, Tls::Wrapper));
        assert!(parse_smtp_url("http://x").is_err());
        assert!(parse_smtp_url("smtp://x?tls=maybe").is_err());
    }
}
