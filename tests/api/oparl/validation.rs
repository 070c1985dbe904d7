//! Every object the OParl API serves validates against the OParl 1.1
//! schemas, and nothing restricted, draft or unpublished leaks through a
//! walk of the whole API from `/oparl/v1/system`.

use super::{get_json, read_list, safer_stockton, Fixture, Schemas};
use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

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

    let body = the_system_and_the_one_body_are_walked(&w, &api);
    let org = one_organisation_per_body_with_its_memberships(&w);
    let m = &w.objects[&format!("{api}/meeting/{}", f.meeting)];
    let items = the_meeting_has_its_agenda_in_order(m, org, &api, &f);
    the_restricted_item_shows_title_number_and_paragraph_only(&items[4], &api, &f);
    the_public_report_has_its_paper_outcome_and_declaration(&items[5], &app, &api, &f);
    the_meeting_shows_who_came(m, &api, &f);
    nothing_restricted_draft_or_private_is_anywhere(&w, &f);
    the_files_list_has_the_public_paper_only(&w, body, &api, &f);
}

/// The entry point and the one body, whose lists were all walked; returns the body.
fn the_system_and_the_one_body_are_walked<'a>(w: &'a Walk, api: &str) -> &'a Value {
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
    body
}

/// One organisation per minutebook body, with its memberships; returns it.
fn one_organisation_per_body_with_its_memberships(w: &Walk) -> &Value {
    let orgs = of_type(w, "Organization");
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["name"], "Safer Stockton Partnership");
    assert_eq!(orgs[0]["shortName"], "SSP");
    assert_eq!(orgs[0]["membership"].as_array().unwrap().len(), 4);
    orgs[0]
}

/// The meeting, with its agenda in order, numbers and parts, and without
/// the withdrawn item; returns its agenda items.
fn the_meeting_has_its_agenda_in_order<'a>(
    m: &'a Value,
    org: &Value,
    api: &str,
    f: &Fixture,
) -> &'a Vec<Value> {
    assert_eq!(m["start"], "2023-07-19T08:00:00Z");
    assert_eq!(m["cancelled"], false);
    assert_eq!(m["location"]["postalCode"], "TS18 1TU");
    assert_eq!(
        m["location"]["streetAddress"],
        "Stockton Central Library, Church Road, Stockton-on-Tees"
    );
    assert_eq!(m["organization"][0], org["id"]);
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
    items
}

/// The restricted item: title, number and paragraph, nothing else.
fn the_restricted_item_shows_title_number_and_paragraph_only(
    secret: &Value,
    api: &str,
    f: &Fixture,
) {
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
}

/// The public report: its paper, outcome and declaration.
fn the_public_report_has_its_paper_outcome_and_declaration(
    report: &Value,
    app: &TestApp,
    api: &str,
    f: &Fixture,
) {
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
}

/// Who came: participants, and the categories in our extension; the
/// agenda and minutes linked as documents.
fn the_meeting_shows_who_came(m: &Value, api: &str, f: &Fixture) {
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
}

/// Nothing restricted, draft, unpublished or private anywhere.
fn nothing_restricted_draft_or_private_is_anywhere(w: &Walk, f: &Fixture) {
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
}

/// The files list has the public paper only, and papers is an empty list.
fn the_files_list_has_the_public_paper_only(w: &Walk, body: &Value, api: &str, f: &Fixture) {
    let file_list = &w.lists[body["file"].as_str().unwrap()];
    let file_ids: Vec<&str> = file_list
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(file_ids, vec![format!("{api}/file/{}", f.public_doc)]);
    // And papers is an empty list.
    assert!(w.lists[body["paper"].as_str().unwrap()].is_empty());
}
