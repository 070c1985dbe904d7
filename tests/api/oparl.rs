//! The OParl 1.1 read API: every object it serves validates against the
//! OParl schemas (shared/oparl-1.1-schema), nothing restricted, draft or
//! unpublished leaks through it, lists paginate and filter, and deleted
//! objects stay as tombstones.

use crate::helpers::{spawn_app, Res, TestApp};
use diesel::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

// ------------------------------------------------------------------ schemas

/// Validators for each OParl type, built from the schema files. The files
/// link embedded objects with a non-standard `"schema": "File.json"`
/// keyword; it is rewritten into `$ref`s to `$defs` so that embedded
/// objects (a meeting's agenda items, their files, its location) are
/// validated too. Nothing is fetched from the network.
struct Schemas {
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
    fn load() -> Schemas {
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
    fn check(&self, obj: &Value) {
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

// ------------------------------------------------------------------ fixture

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
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}),
    )
    .await
    .expect(201);
    let person = |name: &str, honorific: Option<&str>, org: &str, email: &str| json!({"name": name, "honorific": honorific, "organisation": org, "email": email});
    let chair = app
        .post(
            "/api/v1/people",
            person(
                "Steve Nelson",
                None,
                "Cleveland Police",
                "steve.nelson@cleveland.police.example",
            ),
        )
        .await
        .expect(201)
        .id();
    let member = app
        .post(
            "/api/v1/people",
            person(
                "Jane Smith",
                Some("Cllr"),
                "Stockton-on-Tees Borough Council",
                "jane.smith@stockton.example",
            ),
        )
        .await
        .expect(201)
        .id();
    let substitute = app
        .post(
            "/api/v1/people",
            person(
                "Ann Other",
                None,
                "Cleveland Fire Brigade",
                "ann.other@fire.example",
            ),
        )
        .await
        .expect(201)
        .id();
    let absent = app
        .post(
            "/api/v1/people",
            person(
                "Ray Away",
                None,
                "Cleveland Fire Brigade",
                "ray.away@fire.example",
            ),
        )
        .await
        .expect(201)
        .id();
    let officer = app
        .post(
            "/api/v1/people",
            person(
                "Marc Stephenson",
                None,
                "Stockton-on-Tees Borough Council",
                "marc.s@stockton.example",
            ),
        )
        .await
        .expect(201)
        .id();
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

    let public_doc = upload(
        app,
        &report_item,
        "asb-plan.pdf",
        "ASB Action Plan",
        b"%PDF-1.4 plan",
        false,
    )
    .await;
    let restricted_doc = upload(
        app,
        &report_item,
        "victim-list.pdf",
        "Victim list confidential",
        b"%PDF-1.4 victims",
        true,
    )
    .await;
    let doc_on_restricted_item = upload(
        app,
        &restricted_item,
        "iquanta-stats.pdf",
        "iQuanta statistics",
        b"%PDF-1.4 stats",
        false,
    )
    .await;

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
        json!({"person_id": member, "nature": "Personal non-prejudicial: member of the Fire Authority"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/items/{restricted_item}/declarations"),
        json!({"person_id": chair, "nature": "Secretly related to the burglar"}),
    )
    .await
    .expect(201);

    let attend = |body: Value| {
        let meeting = meeting.clone();
        async move {
            app.post(&format!("/api/v1/meetings/{meeting}/attendance"), body)
                .await
                .expect(201);
        }
    };
    attend(json!({"person_id": chair, "status": "present", "chair": true})).await;
    attend(json!({"person_id": member, "status": "present"})).await;
    attend(json!({"person_id": substitute, "status": "present", "substitute_for": absent})).await;
    attend(json!({"person_id": absent, "status": "apologies"})).await;
    attend(json!({"person_id": officer, "status": "officer"})).await;

    app.publish(&meeting).await.expect(200);
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
    publish_minutes(app, &meeting);

    let draft_meeting = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-10-18T09:00:00+01:00"}),
        )
        .await
        .expect(201)
        .id();
    app.item(&draft_meeting, "Secret draft agenda item").await;

    Fixture {
        meeting,
        draft_meeting,
        restricted_item,
        withdrawn_item,
        report_item,
        public_doc,
        restricted_doc,
        doc_on_restricted_item,
        removed_membership,
        chair,
        member,
        substitute,
        officer,
    }
}

// --------------------------------------------------------------------- walk

/// Everything reachable from /oparl/v1/system: objects by id (as served at
/// their own URL), and the raw text of every response.
struct Walk {
    objects: BTreeMap<String, Value>,
    lists: BTreeMap<String, Vec<Value>>,
    texts: Vec<String>,
}

fn urls_in(v: &Value, api: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with(api) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| urls_in(x, api, out)),
        Value::Object(m) => m.values().for_each(|x| urls_in(x, api, out)),
        _ => {}
    }
}

/// Every object embedded in `v` (itself included) that has an id.
fn objects_in(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if m.contains_key("id") && m.contains_key("type") {
                out.push(v.clone());
            }
            m.values().for_each(|x| objects_in(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| objects_in(x, out)),
        _ => {}
    }
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

async fn walk(app: &TestApp, schemas: &Schemas) -> Walk {
    let api = format!("{}/oparl/v1/", app.base);
    let mut w = Walk {
        objects: BTreeMap::new(),
        lists: BTreeMap::new(),
        texts: Vec::new(),
    };
    let mut queue = vec![format!("{api}system")];
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let r = get_json(app, &url).await;
        w.texts.push(r.text.clone());
        let mut found = Vec::new();
        if r.body.get("data").is_some() {
            // A list: read it whole in one page, then in pages of 2, and
            // compare.
            let data = r.body["data"].as_array().unwrap().clone();
            assert!(r.body["links"]["next"].is_null(), "{url} fits one page");
            let paged = read_list(app, &url, 2, &mut w.texts).await;
            assert_eq!(paged, data, "{url} read in pages of 2 differs");
            for obj in &data {
                let mut embedded = Vec::new();
                objects_in(obj, &mut embedded);
                for e in embedded {
                    schemas.check(&e);
                }
                urls_in(obj, &api, &mut found);
            }
            w.lists.insert(url.clone(), data);
        } else {
            let mut embedded = Vec::new();
            objects_in(&r.body, &mut embedded);
            for e in &embedded {
                schemas.check(e);
            }
            assert_eq!(
                r.body["id"].as_str(),
                Some(url.as_str()),
                "an object's id is its URL"
            );
            w.objects.insert(url.clone(), r.body.clone());
            urls_in(&r.body, &api, &mut found);
        }
        queue.extend(found.into_iter().filter(|u| !seen.contains(u)));
    }
    // Every object met anywhere (in a list, embedded) is the object its URL serves.
    let mut everywhere = Vec::new();
    for data in w.lists.values() {
        for obj in data {
            objects_in(obj, &mut everywhere);
        }
    }
    for obj in w.objects.values() {
        objects_in(obj, &mut everywhere);
    }
    for obj in everywhere {
        let id = obj["id"].as_str().unwrap();
        let served = w
            .objects
            .get(id)
            .unwrap_or_else(|| panic!("{id} was not followed"));
        assert_eq!(&obj, served, "{id} differs where it is embedded or listed");
    }
    w
}

fn of_type<'a>(w: &'a Walk, kind: &str) -> Vec<&'a Value> {
    let t = format!("https://schema.oparl.org/1.1/{kind}");
    w.objects.values().filter(|o| o["type"] == t).collect()
}

// -------------------------------------------------------------------- tests

#[test]
fn the_schema_check_catches_broken_objects() {
    let s = Schemas::load();
    let valid = |v: Value| {
        let kind = v["type"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        s.validators[&kind].is_valid(&v)
    };
    let item = json!({"id": "https://x.example/oparl/v1/agenda-item/1",
        "type": "https://schema.oparl.org/1.1/AgendaItem", "order": 0});
    assert!(valid(item.clone()));
    let mut no_order = item.clone();
    no_order.as_object_mut().unwrap().remove("order");
    assert!(!valid(no_order.clone()), "order is required");
    // Embedded objects are checked through the rewritten references.
    let meeting = |items: Value| json!({"id": "https://x.example/m", "type": "https://schema.oparl.org/1.1/Meeting", "agendaItem": items});
    assert!(valid(meeting(json!([item]))));
    assert!(
        !valid(meeting(json!([no_order]))),
        "an embedded item is validated"
    );
    // Formats: url and date-time.
    let file = |url: &str, created: &str| {
        json!({"id": "https://x.example/f",
        "type": "https://schema.oparl.org/1.1/File", "accessUrl": url, "created": created})
    };
    assert!(valid(file("https://x.example/c", "2023-07-19T08:00:00Z")));
    assert!(!valid(file("not a url", "2023-07-19T08:00:00Z")));
    assert!(!valid(file("https://x.example/c", "yesterday")));
    assert!(!valid(
        json!({"id": "https://x.example/f", "type": "https://schema.oparl.org/1.1/Meeting", "cancelled": "no"})
    ));
}

#[tokio::test]
async fn every_oparl_object_validates_and_nothing_restricted_or_unpublished_leaks() {
    let app = spawn_app().await;
    let f = safer_stockton(&app).await;
    let schemas = Schemas::load();
    let w = walk(&app, &schemas).await;
    let api = format!("{}/oparl/v1", app.base);

    // The entry point and the one body.
    let system = &w.objects[&format!("{api}/system")];
    assert_eq!(system["oparlVersion"], "https://schema.oparl.org/1.1/");
    assert_eq!(system["body"], format!("{api}/bodies"));
    let body = &w.objects[&format!("{api}/body/0")];
    for list in [
        "organization",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "membership",
        "file",
        "locationList",
        "legislativeTermList",
    ] {
        assert!(
            w.lists.contains_key(body[list].as_str().unwrap()),
            "Body.{list} was not walked"
        );
    }
    assert_eq!(body["legislativeTerm"][0]["name"], "2023/24");
    assert_eq!(body["legislativeTerm"][0]["startDate"], "2023-05-01");
    assert_eq!(body["legislativeTerm"][0]["endDate"], "2024-04-30");

    // One organisation per minutebook body, with its memberships.
    let orgs = of_type(&w, "Organization");
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["name"], "Safer Stockton Partnership");
    assert_eq!(orgs[0]["shortName"], "SSP");
    assert_eq!(orgs[0]["membership"].as_array().unwrap().len(), 4);

    // The meeting, with its agenda in order, numbers and parts.
    let m = &w.objects[&format!("{api}/meeting/{}", f.meeting)];
    assert_eq!(m["start"], "2023-07-19T08:00:00Z");
    assert_eq!(m["cancelled"], false);
    assert_eq!(m["location"]["postalCode"], "TS18 1TU");
    assert_eq!(
        m["location"]["streetAddress"],
        "Stockton Central Library, Church Road, Stockton-on-Tees"
    );
    assert_eq!(m["organization"][0], orgs[0]["id"]);
    let items = m["agendaItem"].as_array().unwrap();
    let numbers: Vec<&str> = items
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        vec![
            "SSP/1/23",
            "SSP/2/23",
            "SSP/2/23(a)",
            "SSP/2/23(b)",
            "SSP/3/23",
            "SSP/4/23"
        ]
    );
    let orders: Vec<i64> = items.iter().map(|i| i["order"].as_i64().unwrap()).collect();
    assert_eq!(orders, vec![0, 1, 2, 3, 4, 5]);
    assert!(items
        .iter()
        .all(|i| i["id"] != format!("{api}/agenda-item/{}", f.withdrawn_item)));

    // The restricted item: title, number and paragraph, nothing else.
    let secret = &items[4];
    assert_eq!(
        secret["id"],
        format!("{api}/agenda-item/{}", f.restricted_item)
    );
    assert_eq!(secret["name"], "iQuanta Report");
    assert_eq!(secret["public"], false);
    assert_eq!(secret["minutebook:exempt"]["paragraph"], 7);
    for absent in [
        "result",
        "resolutionText",
        "auxiliaryFile",
        "minutebook:minutes",
        "minutebook:outcomes",
        "minutebook:declarations",
        "minutebook:presenter",
    ] {
        assert!(
            secret.get(absent).is_none(),
            "restricted item shows {absent}: {secret}"
        );
    }
    assert_eq!(
        secret["minutebook:publicSummary"],
        "A restricted report on crime statistics was noted."
    );

    // The public report: its paper, outcome and declaration.
    let report = &items[5];
    assert_eq!(report["public"], true);
    assert_eq!(report["result"], "AGREED that:-");
    assert_eq!(
        report["resolutionText"],
        "AGREED that:-\n1. The content of the plan be noted.\n2. The plan be endorsed."
    );
    assert_eq!(
        report["minutebook:minutes"],
        "Members discussed the plan in detail."
    );
    assert_eq!(
        report["minutebook:declarations"][0]["person"],
        format!("{api}/person/{}", f.member)
    );
    let files = report["auxiliaryFile"].as_array().unwrap();
    assert_eq!(
        files.len(),
        1,
        "the restricted paper is left out: {files:?}"
    );
    assert_eq!(files[0]["id"], format!("{api}/file/{}", f.public_doc));
    assert_eq!(files[0]["fileName"], "asb-plan.pdf");
    assert_eq!(files[0]["mimeType"], "application/pdf");
    assert_eq!(files[0]["size"], 13);
    assert_eq!(
        files[0]["accessUrl"],
        format!("{}/api/v1/documents/{}/content", app.base, f.public_doc)
    );

    // Who came: participants, and the categories in our extension.
    let participants: HashSet<&str> = m["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let expect: HashSet<String> = [&f.chair, &f.member, &f.substitute, &f.officer]
        .iter()
        .map(|p| format!("{api}/person/{p}"))
        .collect();
    assert_eq!(participants, expect.iter().map(String::as_str).collect());
    let attendance = m["minutebook:attendance"].as_array().unwrap();
    assert_eq!(attendance.len(), 5);
    assert!(attendance.iter().any(|a| a["status"] == "apologies"));
    assert!(attendance
        .iter()
        .any(|a| a["chair"] == true && a["organisation"] == "Cleveland Police"));
    assert!(attendance.iter().any(|a| a["substituteFor"].is_string()));
    assert!(m["invitation"]["accessUrl"]
        .as_str()
        .unwrap()
        .contains("/agenda?format=html"));
    assert!(m["resultsProtocol"]["accessUrl"]
        .as_str()
        .unwrap()
        .contains("/minutes?format=html"));

    // Nothing restricted, draft, unpublished or private anywhere.
    let all = w.texts.join("\n");
    for leak in [
        "Burglary in Norton",
        "Home Office intelligence",
        "confidential figures",
        "Secretly related",
        "Victim list",
        "victim-list.pdf",
        "iQuanta statistics",
        "iquanta-stats.pdf",
        "Secret draft agenda item",
        f.restricted_doc.as_str(),
        f.doc_on_restricted_item.as_str(),
        f.draft_meeting.as_str(),
        "@cleveland.police.example",
        "jane.smith@",
    ] {
        assert!(!all.contains(leak), "the OParl output leaked {leak:?}");
    }

    // The files list has the public paper only.
    let file_list = &w.lists[body["file"].as_str().unwrap()];
    let file_ids: Vec<&str> = file_list
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(file_ids, vec![format!("{api}/file/{}", f.public_doc)]);
    // And papers is an empty list.
    assert!(w.lists[body["paper"].as_str().unwrap()].is_empty());
}

#[tokio::test]
async fn withdrawn_items_and_removed_memberships_stay_as_deleted_tombstones() {
    let app = spawn_app().await;
    let f = safer_stockton(&app).await;
    let schemas = Schemas::load();
    let api = format!("{}/oparl/v1", app.base);

    let gone = get_json(&app, &format!("{api}/agenda-item/{}", f.withdrawn_item))
        .await
        .body;
    schemas.check(&gone);
    assert_eq!(gone["deleted"], true);
    assert_eq!(
        gone["number"], "SSP/5/23",
        "a withdrawn item keeps its number"
    );
    assert!(
        gone.get("name").is_none() && gone.get("result").is_none(),
        "{gone}"
    );
    let list = get_json(&app, &format!("{api}/body/0/agenda-items"))
        .await
        .body;
    let listed: Vec<&Value> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["deleted"] == true)
        .collect();
    assert_eq!(listed, vec![&gone]);

    let membership = get_json(&app, &format!("{api}/membership/{}", f.removed_membership))
        .await
        .body;
    schemas.check(&membership);
    assert_eq!(membership["deleted"], true);
    assert!(membership.get("person").is_none());

    // A harvester that asks what changed since before the withdrawal hears of it.
    let since = urlencode(gone["modified"].as_str().unwrap());
    let changed = get_json(
        &app,
        &format!("{api}/body/0/agenda-items?modified_since={since}"),
    )
    .await
    .body;
    assert!(changed["data"].as_array().unwrap().contains(&gone));

    // A document deleted after publication too.
    app.delete(&format!("/api/v1/documents/{}", f.public_doc))
        .await
        .expect(204);
    let file = get_json(&app, &format!("{api}/file/{}", f.public_doc))
        .await
        .body;
    schemas.check(&file);
    assert_eq!(file["deleted"], true);
    assert!(file.get("name").is_none());
    // Restricted papers are not even tombstones.
    for secret in [&f.restricted_doc, &f.doc_on_restricted_item] {
        app.get(&format!("/oparl/v1/file/{secret}"), None)
            .await
            .expect(404);
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn drafts_never_show_and_minutes_show_only_once_published() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Recorded Crime Report").await;
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"minutes": "Crime fell."}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": "RESOLVED", "text": "the update be noted."}),
    )
    .await
    .expect(201);
    let p = app.person("Steve Nelson", "Cleveland Police").await;
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": p, "status": "present"}),
    )
    .await
    .expect(201);

    let api = "/oparl/v1";
    app.get(&format!("{api}/meeting/{m}"), None)
        .await
        .expect(404);
    app.get(&format!("{api}/agenda-item/{item}"), None)
        .await
        .expect(404);
    let list = app
        .get(&format!("{api}/body/0/meetings"), None)
        .await
        .expect(200);
    assert_eq!(list.body["data"], json!([]));
    let items = app
        .get(&format!("{api}/body/0/agenda-items"), None)
        .await
        .expect(200);
    assert_eq!(items.body["data"], json!([]));

    app.publish(&m).await.expect(200);
    let got = app
        .get(&format!("{api}/meeting/{m}"), None)
        .await
        .expect(200)
        .body;
    let it = &got["agendaItem"][0];
    assert_eq!(it["name"], "Recorded Crime Report");
    for absent in ["result", "resolutionText", "minutebook:minutes"] {
        assert!(
            it.get(absent).is_none(),
            "{absent} before the minutes are published: {it}"
        );
    }
    for absent in ["participant", "resultsProtocol", "minutebook:attendance"] {
        assert!(
            got.get(absent).is_none(),
            "{absent} before the minutes are published"
        );
    }
    assert!(got["invitation"].is_object());
    app.get(&format!("{api}/meeting/{m}/results-protocol"), None)
        .await
        .expect(404);

    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(200);
    publish_minutes(&app, &m);
    let got = app
        .get(&format!("{api}/meeting/{m}"), None)
        .await
        .expect(200)
        .body;
    assert_eq!(
        got["agendaItem"][0]["result"],
        "RESOLVED the update be noted."
    );
    assert_eq!(
        got["participant"][0],
        format!("{}/oparl/v1/person/{p}", app.base)
    );
    let protocol = app
        .get(&format!("{api}/meeting/{m}/results-protocol"), None)
        .await
        .expect(200)
        .body;
    assert_eq!(protocol, got["resultsProtocol"]);
    Schemas::load().check(&protocol);
}

#[tokio::test]
async fn lists_paginate_and_filter_by_created_and_modified() {
    let app = spawn_app().await;
    let mut people = Vec::new();
    for n in 0..5 {
        people.push(app.person(&format!("Person {n}"), "Council").await);
    }
    let api = format!("{}/oparl/v1", app.base);
    let list_url = format!("{api}/body/0/people");
    let mut texts = Vec::new();
    let all = read_list(&app, &list_url, 2, &mut texts).await;
    let ids: Vec<String> = all
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let expect: Vec<String> = people.iter().map(|p| format!("{api}/person/{p}")).collect();
    assert_eq!(
        ids, expect,
        "in creation order, each once, over three pages"
    );
    assert_eq!(texts.len(), 3);
    let first = get_json(&app, &format!("{list_url}?limit=2")).await.body;
    assert_eq!(first["pagination"]["elementsPerPage"], 2);
    assert!(first["links"]["next"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{list_url}?limit=2&cursor=")));

    // created_since / created_until include their bounds.
    let third = all[2]["created"].as_str().unwrap();
    let since = get_json(
        &app,
        &format!("{list_url}?created_since={}", urlencode(third)),
    )
    .await
    .body;
    let got: Vec<&Value> = since["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(got, vec![&all[2]["id"], &all[3]["id"], &all[4]["id"]]);
    let until = get_json(
        &app,
        &format!("{list_url}?created_until={}", urlencode(third)),
    )
    .await
    .body;
    let got: Vec<&Value> = until["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(got, vec![&all[0]["id"], &all[1]["id"], &all[2]["id"]]);
    // Filters survive into the next links.
    let paged = read_list(
        &app,
        &format!("{list_url}?created_since={}", urlencode(third)),
        1,
        &mut texts,
    )
    .await;
    assert_eq!(paged.len(), 3);

    // A change shows up with modified_since; earlier objects do not.
    let before = all[4]["modified"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    app.patch(
        &format!("/api/v1/people/{}", people[0]),
        json!({"honorific": "Cllr"}),
    )
    .await
    .expect(200);
    let changed = get_json(
        &app,
        &format!("{list_url}?modified_since={}", urlencode(&before)),
    )
    .await
    .body;
    let data = changed["data"].as_array().unwrap();
    let got: Vec<&Value> = data.iter().map(|p| &p["id"]).collect();
    assert_eq!(got, vec![&all[0]["id"], &all[4]["id"]]);
    assert_eq!(data[0]["formOfAddress"], "Cllr");
    assert!(data
        .iter()
        .all(|p| p["modified"].as_str().unwrap() >= before.as_str()));
    let unchanged = get_json(
        &app,
        &format!("{list_url}?modified_until={}", urlencode(&before)),
    )
    .await
    .body;
    assert_eq!(unchanged["data"].as_array().unwrap().len(), 4);
    // An offset other than Z means the same instant.
    let plus_one = chrono::DateTime::parse_from_rfc3339(&before)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    let same = get_json(
        &app,
        &format!("{list_url}?modified_since={}", urlencode(&plus_one)),
    )
    .await
    .body;
    assert_eq!(same["data"], changed["data"]);

    // Bad filters are the client's error, as problem+json.
    let bad = app
        .get("/oparl/v1/body/0/people?created_since=yesterday", None)
        .await
        .expect(400);
    assert_eq!(
        bad.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    app.get("/oparl/v1/body/0/people?cursor=!!!", None)
        .await
        .expect(400);
    app.get("/oparl/v1/body/1/people", None).await.expect(404);
}

#[tokio::test]
async fn a_meeting_is_modified_when_anything_it_shows_changes() {
    let app = spawn_app().await;
    let f = safer_stockton(&app).await;
    let api = format!("{}/oparl/v1", app.base);
    let meeting = get_json(&app, &format!("{api}/meeting/{}", f.meeting))
        .await
        .body;
    let before = meeting["modified"].as_str().unwrap().to_string();
    // Just after the meeting's last change: nothing of it is that new yet.
    let after_before =
        chrono::DateTime::parse_from_rfc3339(&before).unwrap() + chrono::Duration::microseconds(1);
    let since = urlencode(&after_before.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    let nothing = get_json(
        &app,
        &format!("{api}/body/0/agenda-items?modified_since={since}"),
    )
    .await
    .body;
    assert_eq!(nothing["data"], json!([]));
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    // An outcome of one item changes (the published minutes are frozen to
    // the API, so the row is touched directly, as a reopen-and-edit would).
    use minutebook::db::schema::outcomes;
    {
        let mut conn = minutebook::db::establish(&app.database_url).unwrap();
        diesel::update(outcomes::table.filter(outcomes::item_id.eq(&f.report_item)))
            .set(outcomes::updated_at.eq(minutebook::store::now()))
            .execute(&mut conn)
            .unwrap();
    }
    let changed = get_json(
        &app,
        &format!("{api}/body/0/meetings?modified_since={since}"),
    )
    .await
    .body;
    let ids: Vec<&Value> = changed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["id"])
        .collect();
    assert_eq!(ids, vec![&meeting["id"]]);
    let after = &changed["data"][0]["modified"];
    assert!(after.as_str().unwrap() > before.as_str());
    let item = get_json(&app, &format!("{api}/agenda-item/{}", f.report_item))
        .await
        .body;
    assert_eq!(&item["modified"], after);
    let items = get_json(
        &app,
        &format!("{api}/body/0/agenda-items?modified_since={since}"),
    )
    .await
    .body;
    let ids: Vec<&Value> = items["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert_eq!(ids, vec![&item["id"]]);
    let older = get_json(
        &app,
        &format!("{api}/body/0/meetings?modified_until={since}"),
    )
    .await
    .body;
    assert_eq!(older["data"], json!([]));
}

#[tokio::test]
async fn oparl_answers_json_for_any_site_with_etags() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let url = app.url("/oparl/v1/body/0");
    let r = get_json(&app, &url).await;
    let etag = r.header("etag").unwrap();
    assert!(r.header("last-modified").is_some());
    let again = app
        .client
        .get(&url)
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers()["access-control-allow-origin"], "*");
    // Not found is still readable by any site, and problem+json.
    let missing = app
        .get(
            "/oparl/v1/meeting/00000000-0000-0000-0000-000000000000",
            None,
        )
        .await
        .expect(404);
    assert_eq!(
        missing.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        missing.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    app.get("/oparl/v1/nothing-here", None).await.expect(404);
    // HEAD answers like GET; a browser's preflight is allowed.
    let head = app.client.head(&url).send().await.unwrap();
    assert_eq!(head.status().as_u16(), 200);
    assert_eq!(head.headers()["etag"].to_str().unwrap(), etag);
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", "https://council.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "if-none-match")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 204);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    // The root answers with the system, and a token changes nothing.
    let root = get_json(&app, &app.url("/oparl/v1")).await.body;
    let with_token = app
        .get("/oparl/v1/system", Some(&app.reader))
        .await
        .expect(200)
        .body;
    assert_eq!(root, with_token);
}

#[tokio::test]
async fn numbering_years_are_legislative_terms_per_start_month() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({"year_start_month": 5})).await;
    app.body("chc", "CHC", json!({"year_start_month": 4})).await;
    for (body, date) in [
        ("ssp", "2023-07-19T09:00:00Z"),
        ("chc", "2023-07-20T09:00:00Z"),
        ("ssp", "2024-06-01T09:00:00Z"),
    ] {
        let m = app.meeting(body, date).await;
        app.item(&m, "Report").await;
        app.publish(&m).await.expect(200);
    }
    let api = format!("{}/oparl/v1", app.base);
    let terms = get_json(&app, &format!("{api}/body/0/legislative-terms"))
        .await
        .body;
    let schemas = Schemas::load();
    let data = terms["data"].as_array().unwrap();
    for t in data {
        schemas.check(t);
        let own = get_json(&app, t["id"].as_str().unwrap()).await.body;
        assert_eq!(&own, t);
    }
    let names: Vec<(&str, &str, &str)> = data
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["startDate"].as_str().unwrap(),
                t["endDate"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("2023/24 (from May)", "2023-05-01", "2024-04-30"),
            ("2023/24 (from April)", "2023-04-01", "2024-03-31"),
            ("2024/25", "2024-05-01", "2025-04-30"),
        ]
    );
    let body = get_json(&app, &format!("{api}/body/0")).await.body;
    schemas.check(&body);
    assert_eq!(body["legislativeTerm"].as_array().unwrap(), data);
    let orgs = get_json(&app, &format!("{api}/body/0/organizations"))
        .await
        .body;
    assert_eq!(orgs["data"].as_array().unwrap().len(), 2);
}

/// Counts the queries one page loader runs.
fn queries_for_page(
    database_url: &str,
    loader: minutebook::oparl::handlers::Loader,
) -> (usize, usize) {
    use diesel::connection::{Connection, InstrumentationEvent};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let mut conn = minutebook::db::establish(database_url).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            c.fetch_add(1, Ordering::SeqCst);
        }
    });
    let w = minutebook::store::oparl_queries::Window {
        fetch: 101,
        ..Default::default()
    };
    let rows = loader(
        &mut conn,
        &w,
        &minutebook::oparl::objects::Urls::new("http://x"),
    )
    .unwrap();
    let shown = rows.iter().filter(|r| r.value.is_some()).count();
    (count.load(Ordering::SeqCst), shown)
}

#[tokio::test]
async fn list_pages_run_the_same_number_of_queries_for_1_or_4_meetings() {
    use minutebook::oparl::handlers as h;
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let p = app.person("Jim Beall", "SBC").await;
    let loaders: [(&str, minutebook::oparl::handlers::Loader); 4] = [
        ("meetings", h::meetings_page),
        ("agenda items", h::agenda_items_page),
        ("files", h::files_page),
        ("locations", h::locations_page),
    ];
    let mut counts: Vec<Vec<(usize, usize)>> = Vec::new();
    for n in [1, 3] {
        for _ in 0..n {
            let m = app
                .post(
                    "/api/v1/bodies/ssp/meetings",
                    json!({"starts_at": "2023-07-19T09:00:00+01:00", "venue": {"name": "Room 1"}}),
                )
                .await
                .expect(201)
                .id();
            app.post(
                &format!("/api/v1/meetings/{m}/attendance"),
                json!({"person_id": p, "status": "present"}),
            )
            .await
            .expect(201);
            for i in 0..3 {
                let item = app.item(&m, &format!("Item {i}")).await;
                app.post(
                    &format!("/api/v1/items/{item}/outcomes"),
                    json!({"verb": "AGREED", "text": "that the report be noted."}),
                )
                .await
                .expect(201);
                app.post(
                    &format!("/api/v1/meetings/{m}/items"),
                    json!({"title": "part", "parent_id": item}),
                )
                .await
                .expect(201);
                upload(&app, &item, "r.pdf", "Report", b"%PDF-1.4", false).await;
            }
            app.publish(&m).await.expect(200);
        }
        counts.push(
            loaders
                .iter()
                .map(|(_, l)| queries_for_page(&app.database_url, *l))
                .collect(),
        );
    }
    for (i, (name, _)) in loaders.iter().enumerate() {
        let (few, many) = (counts[0][i], counts[1][i]);
        assert!(many.1 > few.1, "{name}: the second page shows more objects");
        assert_eq!(
            few.0, many.0,
            "{name}: queries grow with the page ({few:?} vs {many:?})"
        );
    }
}
