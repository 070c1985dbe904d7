//! Starts the real service on port 0 with a fresh database per test:
//! a SQLite file in a temp folder, or, when `MINUTEBOOK_TEST_DATABASE_URL`
//! names a PostgreSQL server, a new database on it.

use diesel::{Connection, RunQueryDsl};
use minutebook::config::Settings;
use minutebook::domain::access::Actor;
use minutebook::startup::Application;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub admin: String,
    pub clerk: String,
    pub reader: String,
    pub database_url: String,
    pub data_dir: std::path::PathBuf,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>, // (server URL, database name)
}

/// The PostgreSQL server to test against, if the run asks for one.
pub fn postgres_base() -> Option<String> {
    std::env::var("MINUTEBOOK_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
}

fn with_database(url: &str, db: &str) -> String {
    // Replace the path of postgres://user@host:port/path?query.
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = head.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match head[after_scheme..].find('/') {
        Some(i) => &head[..after_scheme + i],
        None => head,
    };
    format!("{root}/{db}{query}")
}

/// A fresh, empty database URL for one test.
pub fn fresh_database(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    match postgres_base() {
        Some(base) => {
            let name = format!("mb_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = diesel::PgConnection::establish(&base)
                .expect("connect to the PostgreSQL test server");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .expect("create test database");
            (with_database(&base, &name), Some((base, name)))
        }
        None => (dir.join("test.db").display().to_string(), None),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (database_url, pg) = fresh_database(dir.path());
    let mut settings = Settings {
        database_url,
        bind: "127.0.0.1:0".into(),
        public_url: "http://127.0.0.1:0".into(),
        data_dir: dir.path().join("data"),
        pool_size: 4,
        // Untrusted files are read by the built binary, as in production.
        extract_program: Some(env!("CARGO_BIN_EXE_minutebook").into()),
        ..Settings::default()
    };
    tweak(&mut settings);
    let app = Application::build(settings.clone()).expect("build app");
    let port = app.port();
    let base = format!("http://127.0.0.1:{port}");
    let pool = app.state.pool.clone();
    let token = |role: &str| {
        let mut conn = pool.get().expect("conn");
        let actor = Actor::system("test");
        let role = role.to_string();
        minutebook::db::write_tx(&mut conn, |c| {
            minutebook::store::tokens::create(c, &actor, &format!("test {role}"), &role)
        })
        .expect("token")
        .1
    };
    let (admin, clerk, reader) = (token("admin"), token("clerk"), token("reader"));
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        client: Client::new(),
        admin,
        clerk,
        reader,
        database_url: settings.database_url.clone(),
        data_dir: settings.data_dir.clone(),
        _dir: dir,
        pg,
    }
}

/// A second instance of the service on `of`'s database (its own data
/// folder and port, the same tokens), as another server of a deployment
/// would be. Dropping it leaves the database to `of`.
pub async fn spawn_peer(of: &TestApp, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings {
        database_url: of.database_url.clone(),
        bind: "127.0.0.1:0".into(),
        public_url: "http://127.0.0.1:0".into(),
        data_dir: dir.path().join("data"),
        pool_size: 4,
        // Untrusted files are read by the built binary, as in production.
        extract_program: Some(env!("CARGO_BIN_EXE_minutebook").into()),
        ..Settings::default()
    };
    tweak(&mut settings);
    let app = Application::build(settings.clone()).expect("build peer");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        client: Client::new(),
        admin: of.admin.clone(),
        clerk: of.clerk.clone(),
        reader: of.reader.clone(),
        database_url: settings.database_url.clone(),
        data_dir: settings.data_dir.clone(),
        _dir: dir,
        pg: None,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg.take() {
            // Synchronously: a detached thread still inside libpq when the
            // test binary exits can crash it. FORCE ends the server's pool
            // connections.
            if let Ok(mut c) = diesel::PgConnection::establish(&base) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut c);
            }
        }
    }
}

/// A response read once: status, headers and JSON body.
pub struct Res {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Res {
    pub async fn from(r: Response) -> Res {
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            body,
            text,
        }
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    #[track_caller]
    pub fn expect(self, status: u16) -> Res {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    pub fn id(&self) -> String {
        self.body["id"].as_str().expect("id").to_string()
    }

    /// The field names in a problem document's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Res {
        let mut r = self.client.get(self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        Res::from(r.send().await.expect("request")).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let mut r = self.client.request(method, self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        Res::from(r.send().await.expect("request")).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Res {
        self.send(reqwest::Method::POST, path, Some(&self.clerk), Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Res {
        self.send(reqwest::Method::PATCH, path, Some(&self.clerk), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str) -> Res {
        self.send(reqwest::Method::DELETE, path, Some(&self.clerk), None)
            .await
    }

    /// A body with the given prefix and numbering settings.
    pub async fn body(&self, slug: &str, prefix: &str, numbering: Value) -> Value {
        self.post(
            "/api/v1/bodies",
            json!({"name": format!("{slug} body"), "slug": slug, "minute_prefix": prefix, "kind": "partnership", "numbering": numbering}),
        )
        .await
        .expect(201)
        .body
    }

    pub async fn meeting(&self, body: &str, starts_at: &str) -> String {
        self.post(
            &format!("/api/v1/bodies/{body}/meetings"),
            json!({"starts_at": starts_at}),
        )
        .await
        .expect(201)
        .id()
    }

    pub async fn item(&self, meeting: &str, title: &str) -> String {
        self.post(
            &format!("/api/v1/meetings/{meeting}/items"),
            json!({"title": title}),
        )
        .await
        .expect(201)
        .id()
    }

    pub async fn person(&self, name: &str, organisation: &str) -> String {
        self.post(
            "/api/v1/people",
            json!({"name": name, "organisation": organisation}),
        )
        .await
        .expect(201)
        .id()
    }

    /// A new API token made by the admin: its id and its secret.
    pub async fn token(&self, name: &str, role: &str) -> (String, String) {
        let created = self
            .send(
                reqwest::Method::POST,
                "/api/v1/tokens",
                Some(&self.admin),
                Some(json!({"name": name, "role": role})),
            )
            .await
            .expect(201);
        let secret = created.body["token"].as_str().unwrap().to_string();
        (created.id(), secret)
    }

    pub async fn publish(&self, meeting: &str) -> Res {
        self.send(
            reqwest::Method::POST,
            &format!("/api/v1/meetings/{meeting}/agenda/publish"),
            Some(&self.clerk),
            None,
        )
        .await
    }

    /// The minute numbers of a meeting's top-level items, in agenda order.
    pub async fn numbers(&self, meeting: &str) -> Vec<String> {
        let m = self
            .get(&format!("/api/v1/meetings/{meeting}"), Some(&self.clerk))
            .await
            .expect(200);
        m.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["minute_number"].as_str().unwrap_or("").to_string())
            .collect()
    }
}
