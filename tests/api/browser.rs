//! The public pages in a real browser: Debian's headless Chromium driven
//! through chromedriver over the W3C WebDriver HTTP protocol (reqwest).
//! From `/`, a reader clicks through to a meeting, downloads a paper,
//! searches, and the fragment loads inside another page's frame;
//! screenshots at phone (390×844) and desktop (1280×900) width are saved
//! under the test's temp dir (or `MINUTEBOOK_SCREENSHOT_DIR`, to keep them).
//!
//! Skips, saying why, only where chromium or chromedriver is absent.

use crate::helpers::{spawn_app, TestApp};
use crate::public_pages::{future_meeting, publish_all, seed_ssp};
use base64::Engine;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    client: reqwest::Client,
    base: String,
    session: String,
    child: Child,
    _profile: tempfile::TempDir,
}

fn first_existing(paths: &[&str]) -> Option<String> {
    paths
        .iter()
        .find(|p| Path::new(p).exists())
        .map(|p| p.to_string())
}

impl Driver {
    async fn start(downloads: &Path) -> Option<Driver> {
        let Some(chromium) = first_existing(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        else {
            println!("SKIPPED browser test: /usr/bin/chromium is absent (apt-get install -y chromium chromium-driver)");
            return None;
        };
        let Some(driver) =
            first_existing(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        else {
            println!("SKIPPED browser test: /usr/bin/chromedriver is absent (apt-get install -y chromium-driver)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
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
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-dev-shm-usage", "--no-first-run",
                         "--hide-scrollbars", "--force-device-scale-factor=1",
                         format!("--user-data-dir={}", profile.path().display())],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false
                }
            }
        }}});
        let r: Value = client
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .unwrap();
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        Some(Driver {
            client,
            base,
            session,
            child,
            _profile: profile,
        })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut r = self.client.request(method, url);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let v: Value = r.send().await.unwrap().json().await.unwrap();
        assert!(v["value"].get("error").is_none(), "webdriver {path}: {v}");
        v["value"].clone()
    }

    /// Sizes the window so that the viewport is `width`×`height`.
    async fn window(&self, width: u32, height: u32) {
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

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = format!("{}/session/{}/element", self.base, self.session);
            let v: Value = self
                .client
                .post(url)
                .json(&json!({"using": "css selector", "value": css}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(id) = v["value"][ELEMENT].as_str() {
                return id.to_string();
            }
            assert!(Instant::now() < deadline, "no element {css}: {v}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn text(&self, css: &str) -> String {
        let el = self.find(css).await;
        self.call(reqwest::Method::GET, &format!("/element/{el}/text"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    async fn wait_for_url(&self, suffix: &str) {
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

    /// A PNG of the viewport, saved as `name`; checks it is a real PNG of
    /// the expected size.
    async fn screenshot(&self, dir: &Path, name: &str, width: u32, height: u32) -> PathBuf {
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        assert!(png.len() > 1000, "{name}: {} bytes", png.len());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        assert_eq!(&png[12..16], b"IHDR");
        let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        assert_eq!((w, h), (width, height), "{name} is {w}×{h}");
        let path = dir.join(name);
        std::fs::write(&path, &png).unwrap();
        println!(
            "screenshot {} ({w}×{h}, {} bytes)",
            path.display(),
            png.len()
        );
        path
    }

    async fn switch_to_frame(&self, css: &str) {
        let el = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            "/frame",
            Some(json!({"id": {ELEMENT: el}})),
        )
        .await;
    }

    async fn parent_frame(&self) {
        self.call(reqwest::Method::POST, "/frame/parent", Some(json!({})))
            .await;
    }

    /// Whether the page is wider than the window (a horizontal scrollbar).
    async fn overflows(&self) -> bool {
        let v = self
            .script("return document.documentElement.scrollWidth > window.innerWidth;")
            .await;
        v.as_bool().unwrap_or(true)
    }

    async fn quit(mut self) {
        let _ = self
            .client
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_for_file(dir: &Path, name: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let path = dir.join(name);
        // Chromium writes `.crdownload` first and renames when done.
        if path.exists() {
            return std::fs::read(&path).unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "{name} was not downloaded; {} holds {:?}",
            dir.display(),
            std::fs::read_dir(dir)
                .map(|d| d
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name())
                    .collect::<Vec<_>>())
                .unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Serves one HTML page on another port (another origin), for framing.
fn serve_forever(html: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut buf = [0u8; 8192];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
                html.len()
            );
        }
    });
    format!("http://{addr}/")
}

async fn fetch_bytes(app: &TestApp, path: &str) -> Vec<u8> {
    app.client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

#[tokio::test]
async fn a_reader_clicks_from_the_front_page_to_a_meeting_and_downloads_its_paper() {
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let shots = std::env::var("MINUTEBOOK_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| work.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let Some(browser) = Driver::start(&downloads).await else {
        return;
    };
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let next = future_meeting(&app, "ssp", 14).await;
    app.item(&next, "Apologies for absence").await;
    app.publish(&next).await.expect(200);

    // Desktop: front page → body → meeting, by clicking links.
    browser.window(1280, 900).await;
    browser.goto(&app.url("/")).await;
    assert_eq!(browser.text("h1").await, "Committee meetings");
    browser
        .screenshot(&shots, "desktop-home.png", 1280, 900)
        .await;
    browser.click("a[href='/bodies/ssp']").await;
    browser.wait_for_url("/bodies/ssp").await;
    assert_eq!(browser.text("h1").await, "Safer Stockton Partnership");
    browser
        .screenshot(&shots, "desktop-body.png", 1280, 900)
        .await;
    browser
        .click(&format!("a[href='/meetings/{}']", ssp.meeting))
        .await;
    browser
        .wait_for_url(&format!("/meetings/{}", ssp.meeting))
        .await;
    assert_eq!(
        browser.text("h1").await,
        "Safer Stockton Partnership — Wednesday, 19th July, 2023 9.00 am"
    );
    let outcome = browser.text(".outcome").await;
    assert_eq!(outcome, "AGREED that the update be noted.");
    assert!(!browser.overflows().await);
    browser
        .screenshot(&shots, "desktop-meeting.png", 1280, 900)
        .await;
    // It prints (A4): the header, search and footer are left out by the
    // print stylesheet.
    let pdf = browser
        .call(
            reqwest::Method::POST,
            "/print",
            Some(json!({"background": false, "page": {"width": 21.0, "height": 29.7}})),
        )
        .await;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(pdf.as_str().unwrap())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 1000);
    std::fs::write(shots.join("print-meeting.pdf"), &pdf).unwrap();
    let hidden_in_print = browser
        .script("return getComputedStyle(document.querySelector('.site-header')).display;")
        .await;
    assert_eq!(hidden_in_print, "block", "on screen the header shows");

    // Download the Anti-Social Behaviour Action Plan from its link.
    let link = format!("a[href='/api/v1/documents/{}/content']", ssp.asb_pdf);
    assert_eq!(
        browser.text(&link).await,
        "Anti-Social Behaviour Action Plan"
    );
    browser.click(&link).await;
    let got = wait_for_file(&downloads, "asb-action-plan.pdf").await;
    let want = fetch_bytes(&app, &format!("/api/v1/documents/{}/content", ssp.asb_pdf)).await;
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the downloaded file is the paper");

    // Phone width: the same page without sideways scrolling.
    browser.window(390, 844).await;
    browser
        .goto(&app.url(&format!("/meetings/{}", ssp.meeting)))
        .await;
    assert!(
        !browser.overflows().await,
        "the meeting page scrolls sideways at 390px"
    );
    browser
        .screenshot(&shots, "phone-meeting.png", 390, 844)
        .await;

    // Search from the box in the header.
    browser.goto(&app.url("/")).await;
    assert!(!browser.overflows().await);
    browser.screenshot(&shots, "phone-home.png", 390, 844).await;
    browser.type_into("#site-q", "hotspots").await;
    browser.click(".site-search button").await;
    browser.wait_for_url("/search?q=hotspots").await;
    assert_eq!(browser.text(".result mark").await, "hotspots");
    browser
        .screenshot(&shots, "phone-search.png", 390, 844)
        .await;
    browser.click(".result h3 a").await;
    browser
        .wait_for_url(&format!("/meetings/{}#item-{}", ssp.meeting, ssp.asb))
        .await;

    // The fragment shows inside another site's frame; a page does not.
    browser.window(1280, 900).await;
    let council = serve_forever(format!(
        "<!DOCTYPE html><html lang='en'><title>Council site</title><h1>Council site</h1>\
         <iframe id='f' src='{}' title='Upcoming meetings' style='width:600px;height:360px'></iframe>\
         <iframe id='g' src='{}' title='A page' style='width:600px;height:200px'></iframe></html>",
        app.url("/bodies/ssp/embed"),
        app.url("/bodies/ssp")
    ));
    browser.goto(&council).await;
    browser.switch_to_frame("#f").await;
    let title = browser.text(".embed-title").await;
    assert_eq!(title, "Safer Stockton Partnership: upcoming meetings");
    assert!(browser.text(".meetings").await.contains("Agenda published"));
    browser.parent_frame().await;
    browser.switch_to_frame("#g").await;
    let framed = browser
        .script("return document.body ? document.body.innerText : '';")
        .await;
    assert!(
        !framed
            .as_str()
            .unwrap_or_default()
            .contains("Upcoming meetings"),
        "a page was shown inside another site's frame: {framed}"
    );
    browser.parent_frame().await;
    browser
        .screenshot(&shots, "desktop-embed.png", 1280, 900)
        .await;
    let _ = next;
    browser.quit().await;
}
