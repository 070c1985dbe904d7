//! The public pages in a real browser: Debian's headless Chromium driven
//! through chromedriver by the suite's WebDriver client (`webdriver.rs`).
//! From `/`, a reader clicks through to a meeting, downloads a paper,
//! searches, and the fragment loads inside another page's frame;
//! screenshots at phone (390×844) and desktop (1280×900) width are saved
//! under the test's temp dir (or `MINUTEBOOK_SCREENSHOT_DIR`, to keep them).
//!
//! Skips, saying why, only where chromium or chromedriver is absent.

use crate::helpers::{spawn_app, TestApp};
use crate::public_pages::{future_meeting, publish_all, seed_ssp, Ssp};
use crate::webdriver::Browser;
use base64::Engine;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// The browser, the app, the seeded meeting and where screenshots go.
struct Reader<'a> {
    browser: &'a Browser,
    app: &'a TestApp,
    ssp: &'a Ssp,
    shots: &'a Path,
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
    let Some(browser) = Browser::start_with_downloads(&downloads).await else {
        return;
    };
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let next = future_meeting(&app, "ssp", 14).await;
    app.item(&next, "Apologies for absence").await;
    app.publish(&next).await.expect(200);

    let r = Reader {
        browser: &browser,
        app: &app,
        ssp: &ssp,
        shots: &shots,
    };
    the_reader_clicks_from_the_front_page_to_the_meeting(&r).await;
    the_meeting_page_prints_without_the_header(&r).await;
    the_paper_downloads_from_its_link(&r, &downloads).await;
    the_meeting_page_fits_a_phone(&r).await;
    a_search_from_the_header_leads_to_the_item(&r).await;
    the_fragment_shows_in_another_sites_frame_and_a_page_does_not(&r).await;
    let _ = next;
    browser.quit().await;
}

/// Desktop: front page → body → meeting, by clicking links.
async fn the_reader_clicks_from_the_front_page_to_the_meeting(r: &Reader<'_>) {
    let (browser, app, ssp, shots) = (r.browser, r.app, r.ssp, r.shots);
    browser.window(1280, 900).await;
    browser.goto(&app.url("/")).await;
    assert_eq!(browser.text("h1").await, "Committee meetings");
    browser
        .save_screenshot(shots, "desktop-home.png", 1280, 900)
        .await;
    browser.click("a[href='/bodies/ssp']").await;
    browser.wait_for_url("/bodies/ssp").await;
    assert_eq!(browser.text("h1").await, "Safer Stockton Partnership");
    browser
        .save_screenshot(shots, "desktop-body.png", 1280, 900)
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
        .save_screenshot(shots, "desktop-meeting.png", 1280, 900)
        .await;
}

/// It prints (A4): the header, search and footer are left out by the
/// print stylesheet.
async fn the_meeting_page_prints_without_the_header(r: &Reader<'_>) {
    let browser = r.browser;
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
    std::fs::write(r.shots.join("print-meeting.pdf"), &pdf).unwrap();
    let hidden_in_print = browser
        .script("return getComputedStyle(document.querySelector('.site-header')).display;")
        .await;
    assert_eq!(hidden_in_print, "block", "on screen the header shows");
}

/// Download the Anti-Social Behaviour Action Plan from its link.
async fn the_paper_downloads_from_its_link(r: &Reader<'_>, downloads: &Path) {
    let (browser, app, ssp) = (r.browser, r.app, r.ssp);
    let link = format!("a[href='/api/v1/documents/{}/content']", ssp.asb_pdf);
    assert_eq!(
        browser.text(&link).await,
        "Anti-Social Behaviour Action Plan"
    );
    browser.click(&link).await;
    let got = wait_for_file(downloads, "asb-action-plan.pdf").await;
    let want = fetch_bytes(app, &format!("/api/v1/documents/{}/content", ssp.asb_pdf)).await;
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the downloaded file is the paper");
}

/// Phone width: the same page without sideways scrolling.
async fn the_meeting_page_fits_a_phone(r: &Reader<'_>) {
    let browser = r.browser;
    browser.window(390, 844).await;
    browser
        .goto(&r.app.url(&format!("/meetings/{}", r.ssp.meeting)))
        .await;
    assert!(
        !browser.overflows().await,
        "the meeting page scrolls sideways at 390px"
    );
    browser
        .save_screenshot(r.shots, "phone-meeting.png", 390, 844)
        .await;
}

/// Search from the box in the header, and follow the result to its item.
async fn a_search_from_the_header_leads_to_the_item(r: &Reader<'_>) {
    let (browser, ssp, shots) = (r.browser, r.ssp, r.shots);
    browser.goto(&r.app.url("/")).await;
    assert!(!browser.overflows().await);
    browser
        .save_screenshot(shots, "phone-home.png", 390, 844)
        .await;
    browser.type_into("#site-q", "hotspots").await;
    browser.click(".site-search button").await;
    browser.wait_for_url("/search?q=hotspots").await;
    assert_eq!(browser.text(".result mark").await, "hotspots");
    browser
        .save_screenshot(shots, "phone-search.png", 390, 844)
        .await;
    browser.click(".result h3 a").await;
    browser
        .wait_for_url(&format!("/meetings/{}#item-{}", ssp.meeting, ssp.asb))
        .await;
}

/// The fragment shows inside another site's frame; a page does not.
async fn the_fragment_shows_in_another_sites_frame_and_a_page_does_not(r: &Reader<'_>) {
    let (browser, app) = (r.browser, r.app);
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
        .save_screenshot(r.shots, "desktop-embed.png", 1280, 900)
        .await;
}
