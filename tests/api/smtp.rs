//! A real SMTP server (mailin-embedded) inside the test process: every
//! message it receives is kept for the test to read.

use mailin_embedded::response::{Response, OK};
use mailin_embedded::{Handler, Server};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
struct Collect {
    buf: Vec<u8>,
    to: Vec<String>,
    inbox: Arc<Mutex<Vec<Received>>>,
}

#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub raw: String,
}

impl Received {
    /// The message with quoted-printable soft line breaks and `=3D` undone
    /// (enough to read links and text out of it).
    pub fn decoded(&self) -> String {
        self.raw
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=")
    }

    pub fn approval_link(&self) -> Option<String> {
        let text = self.decoded();
        let start = text.find("/approvals/mb_")?;
        let tail = &text[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '_' || c == '-'))
            .unwrap_or(tail.len());
        Some(tail[..end].to_string())
    }
}

impl Handler for Collect {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.buf.clear();
        self.to = to.to_vec();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let raw = String::from_utf8_lossy(&self.buf).into_owned();
        if let Ok(mut inbox) = self.inbox.lock() {
            inbox.push(Received {
                to: self.to.clone(),
                raw,
            });
        }
        OK
    }
}

pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    /// Starts a server on a free port.
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        Self::start_on(listener)
    }

    /// Starts a server on a free port that serves `threads` connections at
    /// once (several instances each keep pooled connections open).
    pub fn start_serving(threads: u32) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        Self::start_with(listener, threads)
    }

    /// Starts a server on a listener (used to bring a "down" server up).
    pub fn start_on(listener: TcpListener) -> SmtpServer {
        Self::start_with(listener, 2)
    }

    fn start_with(listener: TcpListener, threads: u32) -> SmtpServer {
        let port = listener.local_addr().expect("addr").port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let handler = Collect {
            inbox: inbox.clone(),
            ..Default::default()
        };
        std::thread::spawn(move || {
            let mut server = Server::new(handler);
            server
                .with_name("localhost")
                .with_num_threads(threads)
                .with_tcp_listener(listener);
            let _ = server.serve();
        });
        SmtpServer { port, inbox }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.inbox.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Waits (up to 20 s) until a message to `to` arrives whose text contains `needle`.
    pub async fn wait_for(&self, to: &str, needle: &str) -> Received {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(m) = self
                .messages()
                .into_iter()
                .find(|m| m.to.iter().any(|t| t.contains(to)) && m.decoded().contains(needle))
            {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "no message to {to} containing {needle:?}; got {:?}",
                self.messages().iter().map(|m| &m.to).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
