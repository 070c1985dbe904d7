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

mod gather;
mod oparl_walk;
mod outside_meetings;
use gather::{
    download_every_paper, no_output_carries_a_secret, public_councillor_text_is_on_member_pages,
    public_markers_are_on_their_meeting_pages, public_paths, public_titles_are_in_the_agenda_pdfs,
    read_decision_notices, read_meeting_pdfs, read_public_paths, read_the_web_service,
    read_the_webhook_payloads, search_for_every_marker, Outputs,
};
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

/// Where an item goes and what the public may see of its meeting.
#[derive(Clone, Copy)]
struct Place<'a> {
    meeting: &'a str,
    parent: Option<&'a str>,
    parent_restricted: bool,
    agenda_public: bool,
    minutes_public: bool,
}

/// One agenda item (or part) with everything that can hang off it.
async fn build_item(
    app: &TestApp,
    rng: &mut Rng,
    w: &mut World,
    place: Place<'_>,
) -> (String, bool) {
    let Place {
        meeting,
        parent,
        parent_restricted,
        agenda_public,
        minutes_public,
    } = place;
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
    write_item_minutes(app, rng, w, place, &id, hidden).await;
    attach_papers(app, rng, w, place, &id, hidden).await;
    (id, restricted)
}

/// The item's minutes, and perhaps an outcome and a vote.
async fn write_item_minutes(
    app: &TestApp,
    rng: &mut Rng,
    w: &mut World,
    place: Place<'_>,
    id: &str,
    hidden: bool,
) {
    let (meeting, minutes_public) = (place.meeting, place.minutes_public);
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
}

/// Up to two papers on the item, some of them restricted.
async fn attach_papers(
    app: &TestApp,
    rng: &mut Rng,
    w: &mut World,
    place: Place<'_>,
    id: &str,
    hidden: bool,
) {
    let (meeting, agenda_public) = (place.meeting, place.agenda_public);
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
            id,
            &format!("{title}.pdf"),
            "application/pdf",
            crate::search_papers::pdf_with_text(&format!("Paper about {content} today")),
            &format!("Paper {title}"),
            restricted_doc,
        )
        .await;
        w.papers.push((doc, visible, content));
    }
}

/// Two bodies with random meetings, then councillors and decisions.
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
            build_meeting(app, rng, &mut w, (b, slug), n).await;
        }
    }
    build_councillors(app, &mut w).await;
    build_decisions(app, &mut w).await;
    w
}

/// The `n`th random meeting of body `b` (`slug`): its items, an attendee,
/// its state and its minutes' status.
async fn build_meeting(app: &TestApp, rng: &mut Rng, w: &mut World, body: (usize, &str), n: u64) {
    let (b, slug) = body;
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
    let minutes_public = agenda_public && matches!(minutes_status, "published" | "confirmed");
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
    let top = Place {
        meeting: &m,
        parent: None,
        parent_restricted: false,
        agenda_public,
        minutes_public,
    };
    for _ in 0..(1 + rng.below(3)) {
        let (item, restricted) = build_item(app, rng, w, top).await;
        for _ in 0..rng.below(3) {
            let part = Place {
                parent: Some(&item),
                parent_restricted: restricted,
                ..top
            };
            build_item(app, rng, w, part).await;
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
    carry_out_plan(app, &m, plan).await;
    set_minutes_status(app, &m, minutes_status);
    // A meeting cancelled before it was announced stays private.
    w.meetings
        .push((m, !matches!(plan, Plan::Draft | Plan::CancelledFromDraft)));
}

/// Publishes, holds or cancels meeting `m` as `plan` says.
async fn carry_out_plan(app: &TestApp, m: &str, plan: Plan) {
    match plan {
        Plan::Draft => {}
        Plan::AgendaPublished => {
            app.publish(m).await.expect(200);
        }
        Plan::Held => {
            app.publish(m).await.expect(200);
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
            app.publish(m).await.expect(200);
            app.patch(
                &format!("/api/v1/meetings/{m}"),
                json!({"status": "cancelled"}),
            )
            .await
            .expect(200);
        }
    }
}

fn search_path(base: &str, q: &str) -> String {
    format!(
        "{base}?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q)
            .finish()
    )
}

/// An app whose public render budget is out of reach, and a webhook
/// subscriber to every event (its payloads are public output).
async fn app_with_a_webhook() -> (TestApp, String) {
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
    (app, hook)
}

/// Builds the world of `seed`, reads every public output and checks it.
async fn check_seed(seed: u64) {
    let (app, hook) = app_with_a_webhook().await;
    let mut rng = Rng::new(seed);
    let w = build_world(&app, &mut rng).await;
    let secrets: Vec<&Marker> = w.markers.iter().filter(|m| !m.public).collect();
    let public: Vec<&Marker> = w.markers.iter().filter(|m| m.public).collect();
    assert!(
        !secrets.is_empty() && !public.is_empty(),
        "seed {seed} makes both kinds"
    );

    // Every public output, read as the public.
    let mut outputs: Outputs = Vec::new();
    read_public_paths(&app, public_paths(&w), &mut outputs).await;
    read_decision_notices(&app, &w, &mut outputs).await;
    read_meeting_pdfs(&app, &w, seed, &mut outputs).await;
    download_every_paper(&app, &w, seed, &mut outputs).await;
    // The OParl API, walked from its entry by following every link to it.
    outputs.extend(walk_oparl(&app).await);
    read_the_web_service(&app, &w, seed, &mut outputs).await;
    read_the_webhook_payloads(&app, &hook, seed, &mut outputs).await;
    search_for_every_marker(&app, &w, seed, &mut outputs).await;

    no_output_carries_a_secret(&outputs, &secrets, seed);
    public_titles_are_in_the_agenda_pdfs(&outputs, &public, seed);
    public_councillor_text_is_on_member_pages(&outputs, &public, seed);
    public_markers_are_on_their_meeting_pages(&outputs, &public, seed);
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
