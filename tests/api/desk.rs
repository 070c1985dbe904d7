//! The clerk's desk, first part: staff sign in from a link caught by a real
//! SMTP server; a link works once and expires; asking never says whether
//! an address has an account and is limited; a session ends on sign-out,
//! and everywhere; a form from another site and a form without the
//! session's token are refused; an admin makes an account from the page;
//! a reader may not.

use crate::helpers::{spawn_app_with, TestApp};
use crate::smtp::SmtpServer;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::StatusCode;

/// A browser without a cookie jar of its own: the session cookie is kept
/// by hand, and redirects are not followed, so each answer can be seen.
pub(crate) struct Browser {
    client: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

impl Browser {
    pub(crate) fn new(app: &TestApp) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .unwrap(),
            base: app.url(""),
            cookie: None,
        }
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, String) {
        let mut r = self.client.get(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            r = r.header(COOKIE, c);
        }
        let r = r.send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// A form post from the desk's own pages (`Origin` is this site).
    pub(crate) async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let origin = self.base.trim_end_matches('/').to_string();
        self.post_from(path, form, &origin).await
    }

    /// A multipart form (an upload) from the desk's own pages.
    pub(crate) async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> (StatusCode, String) {
        let origin = self.base.trim_end_matches('/').to_string();
        let mut r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Origin", origin)
            .multipart(form);
        if let Some(c) = &self.cookie {
            r = r.header(COOKIE, c);
        }
        let r = r.send().await.unwrap();
        let status = r.status();
        if status == StatusCode::SEE_OTHER {
            return (status, r.headers()[LOCATION].to_str().unwrap().to_string());
        }
        (status, r.text().await.unwrap())
    }

    async fn post_from(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        origin: &str,
    ) -> (StatusCode, String) {
        let mut r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Origin", origin)
            .form(form);
        if let Some(c) = &self.cookie {
            r = r.header(COOKIE, c);
        }
        let r = r.send().await.unwrap();
        let status = r.status();
        if let Some(set) = r.headers().get(SET_COOKIE) {
            let set = set.to_str().unwrap().to_string();
            let pair = set.split(';').next().unwrap().to_string();
            self.cookie = if pair.ends_with('=') {
                None
            } else {
                Some(pair)
            };
            if status == StatusCode::SEE_OTHER {
                assert!(
                    set.contains("HttpOnly")
                        && set.contains("SameSite=Lax")
                        && set.contains("Path=/desk"),
                    "{set}"
                );
            }
        }
        if status == StatusCode::SEE_OTHER {
            let to = r.headers()[LOCATION].to_str().unwrap().to_string();
            return (status, to);
        }
        (status, r.text().await.unwrap())
    }
}

pub(crate) fn make_account(app: &TestApp, email: &str, role: &str) {
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let actor = minutebook::domain::access::Actor::system("test");
    minutebook::db::write_tx(&mut conn, |c| {
        minutebook::usecases::staff::create_account(c, &actor, email, "Ann Clerk", role)
    })
    .unwrap();
}

/// The sign-in link in the newest message to `to`.
pub(crate) async fn link_for(smtp: &SmtpServer, to: &str, nth: usize) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mails: Vec<String> = smtp
            .messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.contains(to)))
            .map(|m| m.decoded())
            .collect();
        if mails.len() > nth {
            let text = &mails[nth];
            let at = text.find("/desk/sign-in/").expect("a link in the mail");
            let link: String = text[at..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            return link;
        }
        assert!(std::time::Instant::now() < deadline, "no mail to {to}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

pub(crate) fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    page[at..].split('"').next().unwrap().to_string()
}

pub(crate) async fn app_with_smtp() -> (TestApp, SmtpServer) {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(url);
        s.mail_poll_ms = 50;
    })
    .await;
    (app, smtp)
}

#[tokio::test]
async fn a_clerk_signs_in_from_the_emailed_link_once_and_signs_out() {
    let (app, smtp) = app_with_smtp().await;
    make_account(&app, "Ann.Clerk@council.example.gov.uk", "clerk");
    app.body(
        "cabinet",
        "CAB",
        serde_json::json!({"format": "{prefix}/{n}/{yy}"}),
    )
    .await;
    let mut b = Browser::new(&app);
    let (s, page) = b.get("/desk").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Work email address"));
    let (s, sent) = b
        .post(
            "/desk/sign-in",
            &[("email", " ann.clerk@COUNCIL.example.gov.uk ")],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(sent.contains("Check your email"));
    let link = link_for(&smtp, "ann.clerk@council.example.gov.uk", 0).await;
    // Following the link shows a button; it does not sign in by itself.
    let (s, confirm) = b.get(&link).await;
    assert_eq!(s, StatusCode::OK);
    assert!(confirm.contains("Sign in") && b.cookie.is_none());
    let (s, to) = b.post(&link, &[]).await;
    assert_eq!((s, to.as_str()), (StatusCode::SEE_OTHER, "/desk"));
    let (s, board) = b.get("/desk").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        board.contains("Signed in as Ann Clerk (clerk)") && board.contains("cabinet body"),
        "{board}"
    );
    // The link is used up.
    let mut other = Browser::new(&app);
    let (s, page) = other.post(&link, &[]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("works once"));
    // A form without the session's token, or from another site, is refused.
    let (s, _) = b.post("/desk/sign-out", &[("csrf", "wrong")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let csrf = csrf_of(&board);
    let (s, _) = b
        .post_from("/desk/sign-out", &[("csrf", &csrf)], "https://evil.example")
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(b.get("/desk").await.1.contains("Signed in as"));
    // Sign out: the cookie no longer works, even if kept.
    let kept = b.cookie.clone();
    let (s, _) = b.post("/desk/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    b.cookie = kept;
    assert!(b.get("/desk").await.1.contains("Work email address"));
}

#[tokio::test]
async fn asking_for_a_link_never_says_whether_an_address_has_an_account_and_is_limited() {
    let (app, smtp) = app_with_smtp().await;
    make_account(&app, "ann@council.example.gov.uk", "clerk");
    let mut b = Browser::new(&app);
    let (_, known) = b
        .post("/desk/sign-in", &[("email", "ann@council.example.gov.uk")])
        .await;
    let (_, unknown) = b
        .post(
            "/desk/sign-in",
            &[("email", "nobody@council.example.gov.uk")],
        )
        .await;
    assert_eq!(known, unknown);
    // Three links in a window; more requests get the same page and no mail.
    for _ in 0..4 {
        b.post("/desk/sign-in", &[("email", "ann@council.example.gov.uk")])
            .await;
    }
    link_for(&smtp, "ann@council.example.gov.uk", 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let sent = smtp
        .messages()
        .iter()
        .filter(|m| m.to.iter().any(|t| t.contains("ann@")))
        .count();
    assert_eq!(sent, 3);
    assert!(smtp
        .messages()
        .iter()
        .all(|m| !m.to.iter().any(|t| t.contains("nobody@"))));
    // A cross-site sign-in request is refused.
    let (s, _) = b
        .post_from(
            "/desk/sign-in",
            &[("email", "ann@council.example.gov.uk")],
            "https://evil.example",
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let r = reqwest::Client::new()
        .post(app.url("/desk/sign-in"))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("email", "ann@council.example.gov.uk")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Past the per-address budget: 429.
    let mut last = StatusCode::OK;
    for _ in 0..30 {
        last = b
            .post("/desk/sign-in", &[("email", "x@council.example.gov.uk")])
            .await
            .0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_link_expires_and_signing_out_everywhere_ends_every_session() {
    let (app, smtp) = app_with_smtp().await;
    make_account(&app, "ann@council.example.gov.uk", "admin");
    let mut b = Browser::new(&app);
    b.post("/desk/sign-in", &[("email", "ann@council.example.gov.uk")])
        .await;
    let old = link_for(&smtp, "ann@", 0).await;
    {
        use diesel::prelude::*;
        use minutebook::db::schema::sign_in_links;
        let mut conn = minutebook::db::establish(&app.database_url).unwrap();
        diesel::update(sign_in_links::table)
            .set(
                sign_in_links::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(&mut conn)
            .unwrap();
    }
    assert_eq!(b.post(&old, &[]).await.0, StatusCode::BAD_REQUEST);
    // Two devices.
    let mut phone = Browser::new(&app);
    for device in [&mut b, &mut phone] {
        device
            .post("/desk/sign-in", &[("email", "ann@council.example.gov.uk")])
            .await;
    }
    let l1 = link_for(&smtp, "ann@", 1).await;
    let l2 = link_for(&smtp, "ann@", 2).await;
    assert_eq!(b.post(&l1, &[]).await.0, StatusCode::SEE_OTHER);
    assert_eq!(phone.post(&l2, &[]).await.0, StatusCode::SEE_OTHER);
    let board = b.get("/desk").await.1;
    assert!(phone.get("/desk").await.1.contains("Signed in as"));
    // Idle for half an hour: still signed in, and seen again now; idle for
    // over an hour: signed out.
    let set_seen = |minutes: i64| {
        use diesel::prelude::*;
        use minutebook::db::schema::desk_sessions;
        let mut conn = minutebook::db::establish(&app.database_url).unwrap();
        diesel::update(desk_sessions::table)
            .set(
                desk_sessions::last_seen_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes)),
            )
            .execute(&mut conn)
            .unwrap();
    };
    let seen = || {
        use diesel::prelude::*;
        use minutebook::db::schema::desk_sessions;
        let mut conn = minutebook::db::establish(&app.database_url).unwrap();
        desk_sessions::table
            .select(desk_sessions::last_seen_at)
            .load::<chrono::NaiveDateTime>(&mut conn)
            .unwrap()
    };
    set_seen(30);
    assert!(phone.get("/desk").await.1.contains("Signed in as"));
    assert!(seen()
        .iter()
        .any(|t| chrono::Utc::now().naive_utc() - *t < chrono::Duration::minutes(1)));
    set_seen(61);
    assert!(phone.get("/desk").await.1.contains("Work email address"));
    set_seen(0);
    b.post("/desk/sign-out-everywhere", &[("csrf", &csrf_of(&board))])
        .await;
    assert!(phone.get("/desk").await.1.contains("Work email address"));
}

#[tokio::test]
async fn an_admin_makes_a_clerk_account_on_the_page_and_a_reader_may_not() {
    let (app, smtp) = app_with_smtp().await;
    make_account(&app, "admin@council.example.gov.uk", "admin");
    let mut admin = Browser::new(&app);
    admin
        .post(
            "/desk/sign-in",
            &[("email", "admin@council.example.gov.uk")],
        )
        .await;
    let l = link_for(&smtp, "admin@", 0).await;
    admin.post(&l, &[]).await;
    let (s, page) = admin.get("/desk/accounts").await;
    assert_eq!(s, StatusCode::OK);
    let csrf = csrf_of(&page);
    let (s, bad) = admin
        .post(
            "/desk/accounts",
            &[
                ("csrf", &csrf),
                ("name", "Bob"),
                ("email", "not-an-address"),
                ("role", "clerk"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("must be an email address") && bad.contains("value=\"Bob\""),
        "{bad}"
    );
    let (s, ok) = admin
        .post(
            "/desk/accounts",
            &[
                ("csrf", &csrf),
                ("name", "Rita Reader"),
                ("email", "rita@council.example.gov.uk"),
                ("role", "reader"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ok.contains("rita@council.example.gov.uk can now sign in as reader."));
    let (s, _) = admin
        .post(
            "/desk/accounts",
            &[
                ("csrf", &csrf),
                ("name", "Rita"),
                ("email", "RITA@council.example.gov.uk"),
                ("role", "reader"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // The reader signs in; the accounts page and its form are refused.
    let mut rita = Browser::new(&app);
    rita.post("/desk/sign-in", &[("email", "rita@council.example.gov.uk")])
        .await;
    let l = link_for(&smtp, "rita@", 0).await;
    rita.post(&l, &[]).await;
    let board = rita.get("/desk").await.1;
    assert!(board.contains("(reader)") && !board.contains("Staff accounts"));
    assert_eq!(rita.get("/desk/accounts").await.0, StatusCode::FORBIDDEN);
    let (s, _) = rita
        .post(
            "/desk/accounts",
            &[
                ("csrf", &csrf_of(&board)),
                ("name", "X"),
                ("email", "x@council.example.gov.uk"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

/// A browser signed in as a new account of `role` (through the emailed link).
pub(crate) async fn signed_in(
    app: &TestApp,
    smtp: &SmtpServer,
    email: &str,
    role: &str,
) -> Browser {
    make_account(app, email, role);
    let mut b = Browser::new(app);
    b.post("/desk/sign-in", &[("email", email)]).await;
    let link = link_for(smtp, email, 0).await;
    assert_eq!(b.post(&link, &[]).await.0, StatusCode::SEE_OTHER);
    b
}
