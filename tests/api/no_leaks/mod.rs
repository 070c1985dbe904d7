//! Never leak: random meetings (a small seeded PRNG) with restricted items
//! and parts, restricted papers, and agendas and minutes in every state.
//! Every piece of text carries a unique marker word; a marker is public
//! only when the rules say so. No secret marker may appear in any public
//! page, fragment, calendar, feed, search result, JSON API answer, rendered
//! document (the PDFs and the reports pack read back by poppler), paper
//! download or OParl object (the OParl API is walked from
//! `/oparl/v1/system` by following every link), and every public marker
//! must be on its meeting's page and findable (so the test can fail).
//! The public outputs include the modern.gov-compatible web service and
//! the payloads of the webhooks. Votes carry a marker in their motion.
//!
//! Set `MINUTEBOOK_LEAK_SEEDS=1,2,3` to choose the seeds.

use crate::helpers::{spawn_app_with, TestApp};
use crate::public_pages::{set_minutes_status, upload};
use serde_json::{json, Value};

mod oparl_walk;
mod outside_meetings;
use oparl_walk::walk_oparl;
use outside_meetings::{build_councillors, build_decisions};

/// xorshift64*: small, seeded, good enough to pick cases.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Plan {
    Draft,
    AgendaPublished,
    Held,
    CancelledFromDraft,
    CancelledAfterPublish,
}

impl Plan {
    fn agenda_public(self) -> bool {
        matches!(
            self,
            Plan::AgendaPublished | Plan::Held | Plan::CancelledAfterPublish
        )
    }
}

/// A marker and whether the public may see it; `searchable` if it is text
/// the search indexes.
struct Marker {
    word: String,
    public: bool,
    searchable: bool,
    meeting: String,
    what: &'static str,
}

struct World {
    markers: Vec<Marker>,
    meetings: Vec<(String, bool)>, // (id, public)
    bodies: Vec<String>,
    /// Papers: (id, whether the public may download it, its content marker).
    papers: Vec<(String, bool, String)>,
    /// Councillors, each with secrets of their own.
    people: Vec<String>,
    /// Decisions and their forward-plan entries.
    decisions: Vec<(String, String)>,
    counter: u32,
}

impl World {
    fn marker(
        &mut self,
        public: bool,
        searchable: bool,
        meeting: &str,
        what: &'static str,
    ) -> String {
        self.counter += 1;
        // Letters only (stemmers leave them alone), unique, and no marker
        // is a prefix of another.
        let n = self.counter;
        let word = format!(
            "{}mark{}{}q",
            if public { "open" } else { "hush" },
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
                [(n / 100 % 10) as usize],
            ["za", "zb", "zc", "zd", "ze", "zf", "zg", "zh", "zi", "zj"][(n / 10 % 10) as usize]
                .to_string()
                + ["ka", "kb", "kc", "kd", "ke", "kf", "kg", "kh", "ki", "kj"][(n % 10) as usize]
        );
        self.markers.push(Marker {
            word: word.clone(),
            public,
            searchable,
            meeting: meeting.to_string(),
            what,
        });
        word
    }
}

async fn post(app: &TestApp, path: &str, body: Value) -> String {
    app.post(path, body).await.expect(201).id()
}

/// One agenda item (or part) with everything that can hang off it.
#[expect(clippy::too_many_arguments, reason = "a test builder")]
async fn build_item(
    app: &TestApp,
    rng: &mut Rng,
    w: &mut World,
    meeting: &str,
    parent: Option<&str>,
    parent_restricted: bool,
    agenda_public: bool,
    minutes_public: bool,
) -> (String, bool) {
    let restricted = rng.chance(35);
    let hidden = restricted || parent_restricted;
    let title = w.marker(agenda_public, true, meeting, "item title");
    let presenter = w.marker(agenda_public && !hidden, true, meeting, "presenter");
    let reason = w.marker(false, false, meeting, "restriction reason");
    let mut body = json!({
        "title": format!("Report on {title}"),
        "kind": *rng.pick(&["report", "other", "matters_arising"]),
        "presenter": format!("Presented by {presenter}"),
    });
    if restricted {
        body["restricted"] =
            json!({"paragraph": 1 + rng.below(7), "reason": format!("Because {reason}")});
        let summary = w.marker(minutes_public, true, meeting, "public summary");
        body["public_summary"] = json!(format!("A summary: {summary}."));
    }
    if let Some(p) = parent {
        body["parent_id"] = json!(p);
    }
    let id = post(app, &format!("/api/v1/meetings/{meeting}/items"), body).await;
    let text = w.marker(minutes_public && !hidden, true, meeting, "minute text");
    let second = w.marker(minutes_public && !hidden, true, meeting, "minute bullet");
    app.patch(
        &format!("/api/v1/items/{id}"),
        json!({"minutes": format!("Members discussed {text}.\n\n- a point about {second}\n- another")}),
    )
    .await
    .expect(200);
    if rng.chance(70) {
        let o = w.marker(minutes_public && !hidden, true, meeting, "outcome");
        let part = w.marker(minutes_public && !hidden, true, meeting, "outcome part");
        app.post(
            &format!("/api/v1/items/{id}/outcomes"),
            json!({"verb": *rng.pick(&["AGREED", "RESOLVED", "NOTED"]), "text": format!("that {o} be noted:-"), "parts": [format!("The {part} be endorsed.")]}),
        )
        .await
        .expect(201);
    }
    if rng.chance(50) {
        // A vote: its counts and motion are minutes like any other.
        let motion = w.marker(minutes_public && !hidden, false, meeting, "vote motion");
        app.post(
            &format!("/api/v1/items/{id}/votes"),
            json!({"for": 2, "against": 1, "motion": format!("the motion on {motion}")}),
        )
        .await
        .expect(201);
    }
    for _ in 0..rng.below(3) {
        let restricted_doc = rng.chance(30);
        let title = w.marker(
            agenda_public && !hidden && !restricted_doc,
            true,
            meeting,
            "document title",
        );
        let visible = agenda_public && !hidden && !restricted_doc;
        // A real PDF: its text is read for search when the public may see it.
        let content = w.marker(visible, true, meeting, "paper content");
        let doc = upload(
            app,
            &id,
            &format!("{title}.pdf"),
            "application/pdf",
            crate::search_papers::pdf_with_text(&format!("Paper about {content} today")),
            &format!("Paper {title}"),
            restricted_doc,
        )
        .await;
        w.papers.push((doc, visible, content));
    }
    (id, restricted)
}

async fn build_world(app: &TestApp, rng: &mut Rng) -> World {
    let mut w = World {
        markers: Vec::new(),
        meetings: Vec::new(),
        bodies: Vec::new(),
        papers: Vec::new(),
        people: Vec::new(),
        decisions: Vec::new(),
        counter: 0,
    };
    for (b, slug) in ["alpha", "beta"].iter().enumerate() {
        app.post(
            "/api/v1/bodies",
            json!({"name": format!("Body {slug}"), "slug": slug, "minute_prefix": format!("B{b}"), "kind": "committee"}),
        )
        .await
        .expect(201);
        w.bodies.push(slug.to_string());
        for n in 0..(2 + rng.below(3)) {
            let plan = *rng.pick(&[
                Plan::Draft,
                Plan::AgendaPublished,
                Plan::Held,
                Plan::CancelledFromDraft,
                Plan::CancelledAfterPublish,
            ]);
            let minutes_status = *rng.pick(&[
                "draft",
                "sent_for_approval",
                "changes_requested",
                "approved",
                "published",
                "confirmed",
            ]);
            let agenda_public = plan.agenda_public();
            let minutes_public =
                agenda_public && matches!(minutes_status, "published" | "confirmed");
            // Past and future meetings, so lists, calendars and the
            // fragment all have some.
            let starts = if rng.chance(50) {
                format!("2023-{:02}-{:02}T09:30:00+01:00", 6 + n, 10 + b)
            } else {
                (chrono::Utc::now() + chrono::Duration::days(3 + rng.below(60) as i64))
                    .format("%Y-%m-%dT18:00:00Z")
                    .to_string()
            };
            // A meeting cancelled before it was announced shows nothing.
            let meeting_title = w.marker(agenda_public, false, "", "meeting title");
            let venue = w.marker(agenda_public, false, "", "venue");
            let m = post(
                app,
                &format!("/api/v1/bodies/{slug}/meetings"),
                json!({"starts_at": starts, "title": format!("Meeting {meeting_title}"), "venue": {"name": format!("Room {venue}")}}),
            )
            .await;
            // The meeting's own markers belong to it.
            for mk in w.markers.iter_mut().rev().take(2) {
                mk.meeting = m.clone();
            }
            for _ in 0..(1 + rng.below(3)) {
                let (item, restricted) = build_item(
                    app,
                    rng,
                    &mut w,
                    &m,
                    None,
                    false,
                    agenda_public,
                    minutes_public,
                )
                .await;
                for _ in 0..rng.below(3) {
                    build_item(
                        app,
                        rng,
                        &mut w,
                        &m,
                        Some(&item),
                        restricted,
                        agenda_public,
                        minutes_public,
                    )
                    .await;
                }
            }
            let name = w.marker(minutes_public, false, &m, "attendee");
            let person = app.person(&format!("Member {name}"), "Council").await;
            app.post(
                &format!("/api/v1/meetings/{m}/attendance"),
                json!({"person_id": person, "status": *rng.pick(&["present", "apologies", "officer", "in_attendance"])}),
            )
            .await
            .expect(201);
            match plan {
                Plan::Draft => {}
                Plan::AgendaPublished => {
                    app.publish(&m).await.expect(200);
                }
                Plan::Held => {
                    app.publish(&m).await.expect(200);
                    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
                        .await
                        .expect(200);
                }
                Plan::CancelledFromDraft => {
                    app.patch(
                        &format!("/api/v1/meetings/{m}"),
                        json!({"status": "cancelled"}),
                    )
                    .await
                    .expect(200);
                }
                Plan::CancelledAfterPublish => {
                    app.publish(&m).await.expect(200);
                    app.patch(
                        &format!("/api/v1/meetings/{m}"),
                        json!({"status": "cancelled"}),
                    )
                    .await
                    .expect(200);
                }
            }
            set_minutes_status(app, &m, minutes_status);
            // A meeting cancelled before it was announced stays private.
            w.meetings
                .push((m, !matches!(plan, Plan::Draft | Plan::CancelledFromDraft)));
        }
    }
    build_councillors(app, &mut w).await;
    build_decisions(app, &mut w).await;
    w
}

fn search_path(base: &str, q: &str) -> String {
    format!(
        "{base}?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q)
            .finish()
    )
}

async fn check_seed(seed: u64) {
    // Every public output is fetched, far past the anonymous render budget.
    let app = spawn_app_with(|s| {
        s.webhooks_allow_private = true;
        s.limits.public_renders_per_minute = 100_000;
    })
    .await;
    // A webhook subscriber to every event: its payloads are public output.
    let hook = app
        .send(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin),
            Some(json!({"url": "http://127.0.0.1:9/hook"})),
        )
        .await
        .expect(201)
        .id();
    let mut rng = Rng::new(seed);
    let w = build_world(&app, &mut rng).await;
    let secrets: Vec<&Marker> = w.markers.iter().filter(|m| !m.public).collect();
    let public: Vec<&Marker> = w.markers.iter().filter(|m| m.public).collect();
    assert!(
        !secrets.is_empty() && !public.is_empty(),
        "seed {seed} makes both kinds"
    );

    // Every public output, read as the public.
    let mut outputs: Vec<(String, String)> = Vec::new();
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
    // Decision notices, read as text by poppler.
    for (d, _) in &w.decisions {
        let p = format!("/decisions/{d}/notice.pdf");
        let r = app.client.get(app.url(&p)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{p}");
        let text = crate::render::pdf_read::text(&r.bytes().await.unwrap());
        outputs.push((p, text));
    }
    // The PDFs (minutes, agenda, the reports pack), read as text by poppler.
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
    // Every paper, downloaded as the public: the visible ones whole, the
    // others not at all.
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
    // The OParl API, walked from its entry by following every link to it.
    outputs.extend(walk_oparl(&app).await);
    // The modern.gov-compatible web service: every operation, and every
    // meeting by its integer id (a draft's is not found).
    for q in [
        "GetCommittees",
        "GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0",
        "GetMemberGroup?sOrder=&sShortName=",
        "GetCouncillorsByWard",
        "GetAllMeetingsByDate?lCommitteeId=0&sFromDate=0&sToDate=0&bIsAscendingDateOrder=true",
        "GetCalendarEvents?bGlobalCalendar=true&lUserId=0&sDateStart=0&sDateEnd=0",
    ] {
        let r = crate::mgws::ws(&app, q).await.expect(200);
        outputs.push((format!("web service {q}"), r.text));
    }
    for (m, public) in &w.meetings {
        let id = crate::mgws::mgws_id(&app, m);
        let r = crate::mgws::ws(&app, &format!("GetMeeting?lMeetingId={id}")).await;
        assert_eq!(
            r.status.as_u16(),
            if *public { 200 } else { 404 },
            "seed {seed}: GetMeeting of {m}"
        );
        outputs.push((format!("web service GetMeeting {m}"), r.text));
    }
    // What the webhooks carried.
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
    // Search for every marker, public and secret, in the API and the page
    // (once the papers' text has been read).
    crate::search_papers::papers_read(&app).await;
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

    for (what, text) in &outputs {
        for s in &secrets {
            assert!(
                !text.contains(&s.word),
                "seed {seed}: {what} leaked {} ({}) of meeting {}",
                s.word,
                s.what,
                s.meeting
            );
        }
    }
    // The test can fail: every public item title is in its meeting's
    // agenda PDF and reports pack.
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
    // The test can fail: a councillor's public address and ordinary interest
    // are on their page.
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
    // The test can fail: every public marker is on its meeting's page.
    for p in &public {
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

#[tokio::test]
async fn no_restricted_or_unpublished_text_reaches_any_public_output() {
    let seeds: Vec<u64> = std::env::var("MINUTEBOOK_LEAK_SEEDS")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![20230719, 1972, 12]);
    for seed in seeds {
        check_seed(seed).await;
    }
}
