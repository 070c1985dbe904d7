//! The no-leak test's reading of every public output, and its checks on
//! what it read.

use super::{search_path, Marker, World};
use crate::helpers::TestApp;

/// What was read: (where from, its text).
pub(super) type Outputs = Vec<(String, String)>;

/// Every public page, calendar, feed and JSON path the world has.
pub(super) fn public_paths(w: &World) -> Vec<String> {
    let mut paths = vec![
        "/".to_string(),
        "/meetings.ics".to_string(),
        // The meetings are of 2023: older than a calendar's default window.
        "/meetings.ics?from=2000-01-01".to_string(),
        "/feeds/minutes.atom".to_string(),
    ];
    for b in &w.bodies {
        for p in [
            "",
            "/embed",
            "/meetings.ics",
            "/meetings.ics?from=2000-01-01",
            "/feed.atom",
        ] {
            paths.push(format!("/bodies/{b}{p}"));
        }
    }
    for b in &w.bodies {
        paths.push(format!("/api/v1/bodies/{b}/meetings?limit=500"));
    }
    for (m, _) in &w.meetings {
        paths.push(format!("/meetings/{m}"));
        paths.push(format!("/api/v1/meetings/{m}"));
        for doc in ["minutes", "agenda"] {
            for f in ["txt", "html", "md"] {
                paths.push(format!("/api/v1/meetings/{m}/{doc}?format={f}"));
            }
        }
    }
    for (d, _, _) in &w.papers {
        paths.push(format!("/api/v1/documents/{d}"));
    }
    paths.push("/people".to_string());
    paths.push("/api/v1/decisions".to_string());
    paths.push("/api/v1/forward-plan".to_string());
    for p in [
        "/decisions",
        "/forward-plan",
        "/forward-plan?by=maker",
        "/feeds/decisions.atom",
        "/feeds/forward-plan.atom",
        "/forward-plan.ics",
        "/oparl/v1/body/0/papers",
    ] {
        paths.push(p.to_string());
    }
    for (d, e) in &w.decisions {
        paths.push(format!("/api/v1/decisions/{d}"));
        paths.push(format!("/api/v1/forward-plan/{e}"));
        paths.push(format!("/decisions/{d}"));
        paths.push(format!("/forward-plan/{e}"));
        paths.push(format!("/oparl/v1/paper/{e}"));
    }
    paths.push("/api/v1/people?limit=500".to_string());
    for p in &w.people {
        for s in [
            "/people/{p}",
            "/api/v1/people/{p}",
            "/api/v1/people/{p}/interests?history=true",
            "/api/v1/people/{p}/attendance",
            "/api/v1/people/{p}/attendance?format=csv",
        ] {
            paths.push(s.replace("{p}", p));
        }
    }
    paths
}

/// Reads every path as the public; each answers 200, 404 or 409.
pub(super) async fn read_public_paths(app: &TestApp, paths: Vec<String>, outputs: &mut Outputs) {
    for p in paths {
        let r = app.get(&p, None).await;
        assert!(
            r.status == 200 || r.status == 404 || r.status == 409,
            "{p}: {} {}",
            r.status,
            r.text
        );
        outputs.push((p, r.text));
    }
}

/// Decision notices, read as text by poppler.
pub(super) async fn read_decision_notices(app: &TestApp, w: &World, outputs: &mut Outputs) {
    for (d, _) in &w.decisions {
        let p = format!("/decisions/{d}/notice.pdf");
        let r = app.client.get(app.url(&p)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{p}");
        let text = crate::render::pdf_read::text(&r.bytes().await.unwrap());
        outputs.push((p, text));
    }
}

/// The PDFs (minutes, agenda, the reports pack), read as text by poppler.
pub(super) async fn read_meeting_pdfs(app: &TestApp, w: &World, seed: u64, outputs: &mut Outputs) {
    for (m, _) in &w.meetings {
        for p in [
            format!("/api/v1/meetings/{m}/minutes?format=pdf"),
            format!("/api/v1/meetings/{m}/agenda?format=pdf"),
            format!("/api/v1/meetings/{m}/agenda/pack.pdf"),
        ] {
            let r = app.client.get(app.url(&p)).send().await.unwrap();
            let status = r.status().as_u16();
            let bytes = r.bytes().await.unwrap();
            assert!(
                status == 200 || status == 404,
                "seed {seed}: {p}: {status} {}",
                String::from_utf8_lossy(&bytes)
            );
            let text = if status == 200 {
                crate::render::pdf_read::text(&bytes)
            } else {
                String::from_utf8_lossy(&bytes).to_string()
            };
            outputs.push((p, text));
        }
    }
}

/// Every paper, downloaded as the public: the visible ones whole, the
/// others not at all.
pub(super) async fn download_every_paper(
    app: &TestApp,
    w: &World,
    seed: u64,
    outputs: &mut Outputs,
) {
    for (d, visible, content) in &w.papers {
        let r = app
            .client
            .get(app.url(&format!("/api/v1/documents/{d}/content")))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let bytes = r.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&bytes).to_string();
        if *visible {
            assert!(
                status == 200 && text.contains(content.as_str()),
                "seed {seed}: public paper {d} is not downloadable: {status}"
            );
        } else {
            assert_eq!(
                status, 404,
                "seed {seed}: hidden paper {d} answered {status}"
            );
        }
        outputs.push((format!("paper {d}"), text));
    }
}

/// The modern.gov-compatible web service: every operation, and every
/// meeting by its integer id (a draft's is not found).
pub(super) async fn read_the_web_service(
    app: &TestApp,
    w: &World,
    seed: u64,
    outputs: &mut Outputs,
) {
    for q in [
        "GetCommittees",
        "GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0",
        "GetMemberGroup?sOrder=&sShortName=",
        "GetCouncillorsByWard",
        "GetAllMeetingsByDate?lCommitteeId=0&sFromDate=0&sToDate=0&bIsAscendingDateOrder=true",
        "GetCalendarEvents?bGlobalCalendar=true&lUserId=0&sDateStart=0&sDateEnd=0",
    ] {
        let r = crate::mgws::ws(app, q).await.expect(200);
        outputs.push((format!("web service {q}"), r.text));
    }
    for (m, public) in &w.meetings {
        let id = crate::mgws::mgws_id(app, m);
        let r = crate::mgws::ws(app, &format!("GetMeeting?lMeetingId={id}")).await;
        assert_eq!(
            r.status.as_u16(),
            if *public { 200 } else { 404 },
            "seed {seed}: GetMeeting of {m}"
        );
        outputs.push((format!("web service GetMeeting {m}"), r.text));
    }
}

/// What the webhooks carried.
pub(super) async fn read_the_webhook_payloads(
    app: &TestApp,
    hook: &str,
    seed: u64,
    outputs: &mut Outputs,
) {
    let d = app
        .get(
            &format!("/api/v1/webhooks/{hook}/deliveries?limit=500"),
            Some(&app.admin),
        )
        .await
        .expect(200);
    assert!(
        !d.body["items"].as_array().unwrap().is_empty(),
        "seed {seed}: some changes were told"
    );
    for item in d.body["items"].as_array().unwrap() {
        outputs.push(("webhook payload".into(), item["payload"].to_string()));
    }
}

/// Search for every marker, public and secret, in the API and the page
/// (once the papers' text has been read).
pub(super) async fn search_for_every_marker(
    app: &TestApp,
    w: &World,
    seed: u64,
    outputs: &mut Outputs,
) {
    crate::search_papers::papers_read(app).await;
    for mk in &w.markers {
        let api = app
            .get(&search_path("/api/v1/search", &mk.word), None)
            .await
            .expect(200);
        let found = api.body["items"].as_array().unwrap().len();
        if !mk.public {
            assert_eq!(
                found, 0,
                "seed {seed}: secret {} ({}) is searchable: {}",
                mk.word, mk.what, api.text
            );
        } else if mk.searchable {
            assert!(
                found > 0,
                "seed {seed}: public {} ({}) of meeting {} is not found",
                mk.word,
                mk.what,
                mk.meeting
            );
        }
        outputs.push((format!("search api {}", mk.word), api.text));
        let page = app
            .get(&search_path("/search", &mk.word), None)
            .await
            .expect(200);
        if !mk.public {
            assert!(
                !page.text.contains("class=\"result\""),
                "seed {seed}: the search page found secret {}",
                mk.word
            );
            // The page repeats the query; nothing else may carry it.
            outputs.push((
                format!("search page {}", mk.word),
                page.text.replace(&mk.word, ""),
            ));
        } else {
            outputs.push((format!("search page {}", mk.word), page.text));
        }
    }
}

/// No secret marker is in anything read.
pub(super) fn no_output_carries_a_secret(outputs: &Outputs, secrets: &[&Marker], seed: u64) {
    for (what, text) in outputs {
        for s in secrets {
            assert!(
                !text.contains(&s.word),
                "seed {seed}: {what} leaked {} ({}) of meeting {}",
                s.word,
                s.what,
                s.meeting
            );
        }
    }
}

/// The test can fail: every public item title is in its meeting's
/// agenda PDF and reports pack.
pub(super) fn public_titles_are_in_the_agenda_pdfs(
    outputs: &Outputs,
    public: &[&Marker],
    seed: u64,
) {
    for p in public.iter().filter(|p| p.what == "item title") {
        for doc in ["agenda?format=pdf", "agenda/pack.pdf"] {
            let path = format!("/api/v1/meetings/{}/{doc}", p.meeting);
            let text = outputs
                .iter()
                .find(|(w, _)| *w == path)
                .map(|(_, t)| t.as_str())
                .unwrap_or_default();
            assert!(
                text.contains(&p.word),
                "seed {seed}: public item title {} is missing from {path}",
                p.word
            );
        }
    }
}

/// The test can fail: a councillor's public address and ordinary interest
/// are on their page.
pub(super) fn public_councillor_text_is_on_member_pages(
    outputs: &Outputs,
    public: &[&Marker],
    seed: u64,
) {
    for p in public
        .iter()
        .filter(|p| p.meeting.is_empty() && p.what != "paper content")
    {
        assert!(
            outputs
                .iter()
                .any(|(w, t)| w.starts_with("/people/") && t.contains(&p.word)),
            "seed {seed}: public {} ({}) is on no member page",
            p.word,
            p.what
        );
    }
}

/// The test can fail: every public marker is on its meeting's page.
pub(super) fn public_markers_are_on_their_meeting_pages(
    outputs: &Outputs,
    public: &[&Marker],
    seed: u64,
) {
    for p in public {
        // A paper's content is checked by its download above.
        if p.meeting.is_empty() || p.what == "paper content" {
            continue;
        }
        let page = outputs
            .iter()
            .find(|(w, _)| *w == format!("/meetings/{}", p.meeting))
            .map(|(_, t)| t.as_str())
            .unwrap_or_default();
        assert!(
            page.contains(&p.word),
            "seed {seed}: public {} ({}) is missing from its meeting page",
            p.word,
            p.what
        );
    }
}
