//! The suite's one W3C WebDriver client, over reqwest, driving Debian's
//! headless Chromium through chromedriver. `Browser::start` and
//! `Browser::start_with_downloads` answer `None` (and the test prints why it
//! skips) only where chromium or chromedriver is absent.

use base64::Engine;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    client: reqwest::Client,
    base: String,
    session: String,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn find_binary(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| Path::new(p).exists())
        .map(|p| p.to_string())
}

/// Starts chromedriver on a free port and waits (30 s at most) until it
/// is ready; returns the process, a client and its base URL.
async fn start_chromedriver(driver_bin: &str) -> (Child, reqwest::Client, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port for chromedriver")
        .local_addr()
        .expect("its address")
        .port();
    let driver = Command::new(driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client.get(format!("{base}/status")).send().await {
            let v: Value = r.json().await.unwrap_or_default();
            if v["value"]["ready"] == true {
                break;
            }
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (driver, client, base)
}

/// Headless Chromium's options: its flags, profile, window size and where
/// downloads go without asking.
fn chromium_options(
    chromium: &str,
    profile: &Path,
    window: Option<(u32, u32)>,
    downloads: Option<&Path>,
) -> Value {
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--disable-quic".into(),
        "--hide-scrollbars".into(),
        "--force-device-scale-factor=1".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    if let Some((width, height)) = window {
        args.push(format!("--window-size={width},{height}"));
    }
    let mut options = json!({"binary": chromium, "args": args});
    if let Some(dir) = downloads {
        options["prefs"] = json!({
            "download.default_directory": dir.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            "safebrowsing.enabled": false
        });
    }
    options
}

/// Opens a WebDriver session with these Chromium options; returns its id.
async fn new_session(client: &reqwest::Client, base: &str, options: Value) -> String {
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": options
    }}});
    let r: Value = client
        .post(format!("{base}/session"))
        .json(&caps)
        .send()
        .await
        .expect("new session")
        .json()
        .await
        .expect("session json");
    r["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {r}"))
        .to_string()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a window of this size.
    pub async fn start(width: u32, height: u32) -> Option<Browser> {
        Browser::launch(Some((width, height)), None).await
    }

    /// Starts chromedriver and a headless Chromium that saves downloads in
    /// `downloads` without asking; size its window with [`Browser::window`].
    pub async fn start_with_downloads(downloads: &Path) -> Option<Browser> {
        Browser::launch(None, Some(downloads)).await
    }

    /// Starts chromedriver and a Chromium session, or says why it cannot.
    async fn launch(window: Option<(u32, u32)>, downloads: Option<&Path>) -> Option<Browser> {
        let Some(chromium) = find_binary(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        else {
            eprintln!("SKIPPED: no Chromium at /usr/bin/chromium (apt-get install chromium chromium-driver)");
            return None;
        };
        let Some(driver_bin) =
            find_binary(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        else {
            eprintln!("SKIPPED: no chromedriver (apt-get install chromium-driver)");
            return None;
        };
        let (driver, client, base) = start_chromedriver(&driver_bin).await;
        let profile = tempfile::tempdir().expect("profile dir");
        let options = chromium_options(&chromium, profile.path(), window, downloads);
        let session = new_session(&client, &base, options).await;
        Some(Browser {
            client,
            base,
            session,
            driver,
            _profile: profile,
        })
    }

    /// One WebDriver command on this session; its `value`, or a panic
    /// with the error.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut r = self.client.request(method, url);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let v: Value = r
            .send()
            .await
            .expect("webdriver call")
            .json()
            .await
            .expect("webdriver json");
        assert!(
            v["value"].get("error").is_none(),
            "webdriver error on {path}: {v}"
        );
        v["value"].clone()
    }

    /// Sizes the window so that the viewport is `width`×`height`.
    pub async fn window(&self, width: u32, height: u32) {
        let rect = |w: u64, h: u64| json!({"width": w, "height": h});
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(rect(width.into(), height.into())),
        )
        .await;
        // Headless Chromium keeps some window height for its (invisible)
        // toolbar; the width is the viewport's already.
        let dh = self
            .script("return window.outerHeight - window.innerHeight;")
            .await
            .as_u64()
            .unwrap_or(0);
        if dh > 0 {
            self.call(
                reqwest::Method::POST,
                "/window/rect",
                Some(rect(width.into(), u64::from(height) + dh)),
            )
            .await;
        }
    }

    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .expect("the current URL")
            .to_string()
    }

    pub async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The id of the first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = format!("{}/session/{}/element", self.base, self.session);
            let v: Value = self
                .client
                .post(url)
                .json(&json!({"using": "css selector", "value": css}))
                .send()
                .await
                .expect("webdriver call")
                .json()
                .await
                .expect("webdriver json");
            if let Some(id) = v["value"][ELEMENT].as_str() {
                return id.to_string();
            }
            assert!(Instant::now() < deadline, "no element {css}: {v}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text(&self, css: &str) -> String {
        let el = self.find(css).await;
        self.call(reqwest::Method::GET, &format!("/element/{el}/text"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Runs an asynchronous script: its last argument is the callback.
    pub async fn script_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Waits until the page source contains `needle`.
    pub async fn wait_for_text(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let s = self.source().await;
            if s.contains(needle) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "page never showed {needle:?}: {s}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the current URL ends with `suffix`.
    pub async fn wait_for_url(&self, suffix: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let u = self.url().await;
            if u.ends_with(suffix) {
                return;
            }
            assert!(Instant::now() < deadline, "never reached {suffix}: at {u}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A PNG of the viewport.
    pub async fn screenshot(&self) -> Vec<u8> {
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or_default())
            .expect("png base64")
    }

    /// A PNG of the viewport, saved as `name` in `dir`; checks it is a real
    /// PNG of the expected size.
    pub async fn save_screenshot(
        &self,
        dir: &Path,
        name: &str,
        width: u32,
        height: u32,
    ) -> PathBuf {
        let png = self.screenshot().await;
        assert!(png.len() > 1000, "{name}: {} bytes", png.len());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        assert_eq!(&png[12..16], b"IHDR");
        let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        assert_eq!((w, h), (width, height), "{name} is {w}×{h}");
        let path = dir.join(name);
        std::fs::write(&path, &png).expect("write the screenshot");
        println!(
            "screenshot {} ({w}×{h}, {} bytes)",
            path.display(),
            png.len()
        );
        path
    }

    pub async fn switch_to_frame(&self, css: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            "/frame",
            Some(json!({"id": {ELEMENT: el}})),
        )
        .await;
    }

    pub async fn parent_frame(&self) {
        self.call(reqwest::Method::POST, "/frame/parent", Some(json!({})))
            .await;
    }

    /// Whether the page is wider than the window (a horizontal scrollbar).
    pub async fn overflows(&self) -> bool {
        let v = self
            .script("return document.documentElement.scrollWidth > window.innerWidth;")
            .await;
        v.as_bool().unwrap_or(true)
    }

    pub async fn quit(mut self) {
        let _ = self
            .client
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
