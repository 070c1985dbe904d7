//! The OParl 1.1 read API: every object it serves validates against the
//! OParl schemas (shared/oparl-1.1-schema), nothing restricted, draft or
//! unpublished leaks through it, lists paginate and filter, and deleted
//! objects stay as tombstones.

mod http;
mod lists;
mod queries;
mod validation;
mod visibility;

use crate::helpers::{Res, TestApp};
use diesel::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Validators for each OParl type, built from the schema files. The files
/// link embedded objects with a non-standard `"schema": "File.json"`
/// keyword; it is rewritten into `$ref`s to `$defs` so that embedded
/// objects (a meeting's agenda items, their files, its location) are
/// validated too. Nothing is fetched from the network.
pub(crate) struct Schemas {
    validators: HashMap<String, jsonschema::Validator>,
}

fn rewrite(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(target)) = m.get("schema") {
                if let Some(name) = target.strip_suffix(".json") {
                    return json!({"$ref": format!("#/$defs/{name}")});
                }
            }
            Value::Object(m.iter().map(|(k, v)| (k.clone(), rewrite(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(rewrite).collect()),
        other => other.clone(),
    }
}

impl Schemas {
    pub(crate) fn load() -> Schemas {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oparl-1.1-schema");
        let mut defs = Map::new();
        for entry in std::fs::read_dir(&dir).expect("the OParl schemas beside the repository") {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            let raw: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            defs.insert(name, rewrite(&raw));
        }
        assert!(
            defs.len() >= 12,
            "expected the 12 OParl schemas in {}",
            dir.display()
        );
        let validators = defs
            .keys()
            .map(|name| {
                let schema = json!({"$defs": defs.clone(), "$ref": format!("#/$defs/{name}")});
                let v = jsonschema::options()
                    .should_validate_formats(true)
                    .with_format("url", |s: &str| url::Url::parse(s).is_ok())
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("schema {name}: {e}"));
                (name.clone(), v)
            })
            .collect();
        Schemas { validators }
    }

    /// Validates an object against the schema its `type` names.
    #[track_caller]
    pub(crate) fn check(&self, obj: &Value) {
        let kind = obj["type"]
            .as_str()
            .and_then(|t| t.strip_prefix("https://schema.oparl.org/1.1/"))
            .unwrap_or_else(|| panic!("no OParl type: {obj}"));
        let v = self
            .validators
            .get(kind)
            .unwrap_or_else(|| panic!("no schema for {kind}"));
        let errors: Vec<String> = v
            .iter_errors(obj)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{kind} does not validate: {errors:?}\n{obj:#}"
        );
        // What the schemas leave optional but OParl 1.1 asks of every object.
        for k in ["created", "modified"] {
            assert!(obj[k].is_string(), "{kind} without {k}: {obj}");
        }
    }
}

struct Fixture {
    meeting: String,
    draft_meeting: String,
    restricted_item: String,
    withdrawn_item: String,
    report_item: String,
    public_doc: String,
    restricted_doc: String,
    doc_on_restricted_item: String,
    removed_membership: String,
    chair: String,
    member: String,
    substitute: String,
    officer: String,
}

async fn upload(
    app: &TestApp,
    item: &str,
    name: &str,
    title: &str,
    bytes: &[u8],
    restricted: bool,
) -> String {
    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name(name.to_string())
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("title", title.to_string());
    if restricted {
        form = form.text("restricted", "true");
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201).id()
}

/// Sets the minutes of a meeting to published directly: the approval flow
/// (email to the chair) has its own tests.
fn publish_minutes(app: &TestApp, meeting: &str) {
    use minutebook::db::schema::meetings;
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let n = diesel::update(meetings::table.find(meeting))
        .set((
            meetings::minutes_status.eq("published"),
            meetings::updated_at.eq(minutebook::store::now()),
            meetings::version.eq(meetings::version + 1),
        ))
        .execute(&mut conn)
        .unwrap();
    assert_eq!(n, 1);
}

/// A meeting of the Safer Stockton Partnership as the seeds show it: a
/// venue, lettered parts, a restricted item with a restricted and a public
/// paper, a public paper and a restricted one on a public item, a withdrawn
/// item, attendance with a substitute and apologies, outcomes and a
/// declaration; agenda published, held, minutes published. Plus a draft
/// meeting that must never show.
async fn safer_stockton(app: &TestApp) -> Fixture {
    let people = the_partnership_and_its_people(app).await;
    let items = the_meeting_and_its_items(app).await;
    let (public_doc, restricted_doc, doc_on_restricted_item) = the_papers(app, &items).await;
    outcomes_and_declarations(app, &items, &people).await;
    attendance_with_a_substitute(app, &items.meeting, &people).await;
    publish_withdraw_and_hold(app, &items, &people.removed_membership).await;
    let draft_meeting = a_draft_meeting(app).await;
    Fixture {
        meeting: items.meeting,
        draft_meeting,
        restricted_item: items.restricted_item,
        withdrawn_item: items.withdrawn_item,
        report_item: items.report_item,
        public_doc,
        restricted_doc,
        doc_on_restricted_item,
        removed_membership: people.removed_membership,
        chair: people.chair,
        member: people.member,
        substitute: people.substitute,
        officer: people.officer,
    }
}

/// The partnership's people and the membership later removed.
struct SspPeople {
    chair: String,
    member: String,
    substitute: String,
    absent: String,
    officer: String,
    removed_membership: String,
}

/// The meeting and the items the fixture names.
struct SspItems {
    meeting: String,
    restricted_item: String,
    report_item: String,
    withdrawn_item: String,
}

/// A person with an organisation and email; returns the id.
async fn add_person(
    app: &TestApp,
    name: &str,
    honorific: Option<&str>,
    org: &str,
    email: &str,
) -> String {
    app.post(
        "/api/v1/people",
        json!({"name": name, "honorific": honorific, "organisation": org, "email": email}),
    )
    .await
    .expect(201)
    .id()
}

/// The partnership, five people, four memberships from May 2023 and one
/// membership (the substitute's) to be removed.
async fn the_partnership_and_its_people(app: &TestApp) -> SspPeople {
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}),
    )
    .await
    .expect(201);
    let chair = add_person(
        app,
        "Steve Nelson",
        None,
        "Cleveland Police",
        "steve.nelson@cleveland.police.example",
    )
    .await;
    let member = add_person(
        app,
        "Jane Smith",
        Some("Cllr"),
        "Stockton-on-Tees Borough Council",
        "jane.smith@stockton.example",
    )
    .await;
    let substitute = add_person(
        app,
        "Ann Other",
        None,
        "Cleveland Fire Brigade",
        "ann.other@fire.example",
    )
    .await;
    let absent = add_person(
        app,
        "Ray Away",
        None,
        "Cleveland Fire Brigade",
        "ray.away@fire.example",
    )
    .await;
    let officer = add_person(
        app,
        "Marc Stephenson",
        None,
        "Stockton-on-Tees Borough Council",
        "marc.s@stockton.example",
    )
    .await;
    for (p, role, org) in [
        (&chair, "chair", "Cleveland Police"),
        (&member, "member", "Stockton-on-Tees Borough Council"),
        (&absent, "member", "Cleveland Fire Brigade"),
        (&officer, "officer", "Stockton-on-Tees Borough Council"),
    ] {
        app.post(
            "/api/v1/bodies/ssp/memberships",
            json!({"person_id": p, "role": role, "organisation": org, "start_date": "2023-05-24"}),
        )
        .await
        .expect(201);
    }
    let removed_membership = app
        .post(
            "/api/v1/bodies/ssp/memberships",
            json!({"person_id": substitute, "role": "member"}),
        )
        .await
        .expect(201)
        .id();
    SspPeople {
        chair,
        member,
        substitute,
        absent,
        officer,
        removed_membership,
    }
}

/// The meeting with its venue and contact, and its items: lettered parts,
/// a restricted item, a report and one to be withdrawn.
async fn the_meeting_and_its_items(app: &TestApp) -> SspItems {
    let meeting = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-07-19T09:00:00+01:00",
                   "venue": {"name": "Jim Cooke Conference Suite", "address": "Stockton Central Library, Church Road, Stockton-on-Tees", "postcode": "TS18 1TU"},
                   "contact": {"name": "John Devine", "role": "Democratic Services Officer", "email": "john.devine@stockton.example"}}),
        )
        .await
        .expect(201)
        .id();
    let item = |body: Value| {
        let meeting = meeting.clone();
        async move {
            app.post(&format!("/api/v1/meetings/{meeting}/items"), body)
                .await
                .expect(201)
                .id()
        }
    };
    item(json!({"title": "Apologies for Absence", "kind": "apologies"})).await;
    let boards = item(json!({"title": "Minutes of Other Boards", "kind": "report"})).await;
    item(json!({"title": "Community Safety Board", "parent_id": boards, "minutes": "Noted."}))
        .await;
    item(json!({"title": "Youth Offending Board", "parent_id": boards})).await;
    let restricted_item = item(json!({
        "title": "iQuanta Report",
        "restricted": {"paragraph": 7, "reason": "Home Office intelligence only"},
        "public_summary": "A restricted report on crime statistics was noted.",
        "minutes": "Burglary in Norton rose by 40 per cent"}))
    .await;
    let report_item = item(json!({
        "title": "Anti-Social Behaviour Action Plan", "presenter": "Stockton-on-Tees Borough Council",
        "minutes": "Members discussed the plan in detail."}))
    .await;
    let withdrawn_item = item(json!({"title": "Serious Violence Duty", "presenter": "CURV"})).await;
    SspItems {
        meeting,
        restricted_item,
        report_item,
        withdrawn_item,
    }
}

/// A public and a restricted paper on the report, a public one on the
/// restricted item; returns their ids in that order.
async fn the_papers(app: &TestApp, items: &SspItems) -> (String, String, String) {
    let public_doc = upload(
        app,
        &items.report_item,
        "asb-plan.pdf",
        "ASB Action Plan",
        b"%PDF-1.4 plan",
        false,
    )
    .await;
    let restricted_doc = upload(
        app,
        &items.report_item,
        "victim-list.pdf",
        "Victim list confidential",
        b"%PDF-1.4 victims",
        true,
    )
    .await;
    let doc_on_restricted_item = upload(
        app,
        &items.restricted_item,
        "iquanta-stats.pdf",
        "iQuanta statistics",
        b"%PDF-1.4 stats",
        false,
    )
    .await;
    (public_doc, restricted_doc, doc_on_restricted_item)
}

/// Outcomes on the report and the restricted item, and a declaration on each.
async fn outcomes_and_declarations(app: &TestApp, items: &SspItems, people: &SspPeople) {
    let (report_item, restricted_item) = (&items.report_item, &items.restricted_item);
    app.post(
        &format!("/api/v1/items/{report_item}/outcomes"),
        json!({"verb": "AGREED", "text": "that:-", "parts": ["The content of the plan be noted.", "The plan be endorsed."]}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/items/{restricted_item}/outcomes"),
        json!({"verb": "AGREED", "text": "that the confidential figures be shared"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/items/{report_item}/declarations"),
        json!({"person_id": people.member, "nature": "Personal non-prejudicial: member of the Fire Authority"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/items/{restricted_item}/declarations"),
        json!({"person_id": people.chair, "nature": "Secretly related to the burglar"}),
    )
    .await
    .expect(201);
}

/// Attendance: the chair, a member, a substitute for the absent member
/// (who sent apologies) and an officer.
async fn attendance_with_a_substitute(app: &TestApp, meeting: &str, people: &SspPeople) {
    let SspPeople {
        chair,
        member,
        substitute,
        absent,
        officer,
        ..
    } = people;
    let attend = |body: Value| async move {
        app.post(&format!("/api/v1/meetings/{meeting}/attendance"), body)
            .await
            .expect(201);
    };
    attend(json!({"person_id": chair, "status": "present", "chair": true})).await;
    attend(json!({"person_id": member, "status": "present"})).await;
    attend(json!({"person_id": substitute, "status": "present", "substitute_for": absent})).await;
    attend(json!({"person_id": absent, "status": "apologies"})).await;
    attend(json!({"person_id": officer, "status": "officer"})).await;
}

/// Agenda published, an item withdrawn and a membership removed after it,
/// the meeting held, its minutes published.
async fn publish_withdraw_and_hold(app: &TestApp, items: &SspItems, removed_membership: &str) {
    let (meeting, withdrawn_item) = (&items.meeting, &items.withdrawn_item);
    app.publish(meeting).await.expect(200);
    // Withdrawn after publication: its number stays taken; a tombstone.
    app.delete(&format!("/api/v1/items/{withdrawn_item}"))
        .await
        .expect(204);
    app.delete(&format!("/api/v1/memberships/{removed_membership}"))
        .await
        .expect(204);
    app.patch(
        &format!("/api/v1/meetings/{meeting}"),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    publish_minutes(app, meeting);
}

/// A draft meeting with a secret item, which must never show.
async fn a_draft_meeting(app: &TestApp) -> String {
    let draft_meeting = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-10-18T09:00:00+01:00"}),
        )
        .await
        .expect(201)
        .id();
    app.item(&draft_meeting, "Secret draft agenda item").await;
    draft_meeting
}

async fn get_json(app: &TestApp, url: &str) -> Res {
    let r = app.client.get(url).send().await.unwrap();
    let r = Res::from(r).await;
    assert_eq!(r.status.as_u16(), 200, "GET {url}: {}", r.text);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json; charset=utf-8"),
        "{url}"
    );
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("*"),
        "{url}"
    );
    r
}

/// Reads a whole list page by page with a small page size.
async fn read_list(app: &TestApp, url: &str, limit: usize, texts: &mut Vec<String>) -> Vec<Value> {
    let sep = if url.contains('?') { '&' } else { '?' };
    let mut next = Some(format!("{url}{sep}limit={limit}"));
    let mut all = Vec::new();
    let mut pages = 0;
    while let Some(u) = next {
        let r = get_json(app, &u).await;
        texts.push(r.text.clone());
        let data = r.body["data"]
            .as_array()
            .unwrap_or_else(|| panic!("not a list: {u}"));
        assert!(data.len() <= limit, "{u} gave {} > {limit}", data.len());
        assert!(
            r.body["pagination"].is_object() && r.body["links"].is_object(),
            "{u}"
        );
        all.extend(data.iter().cloned());
        next = r.body["links"]["next"].as_str().map(str::to_string);
        if next.is_some() {
            assert_eq!(data.len(), limit, "a page before the last is full: {u}");
        }
        pages += 1;
        assert!(pages < 100, "{url} does not end");
    }
    all
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
