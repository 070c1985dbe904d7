//! What the OParl API shows over a meeting's life: deleted objects stay as
//! tombstones, drafts never show, minutes only once published.

use super::{get_json, publish_minutes, safer_stockton, urlencode, Schemas};
use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

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

#[tokio::test]
async fn drafts_never_show_and_minutes_show_only_once_published() {
    let app = spawn_app().await;
    let (m, item, p) = a_draft_meeting_with_minutes_and_attendance(&app).await;
    let api = "/oparl/v1";
    nothing_of_the_draft_shows(&app, api, &m, &item).await;
    the_published_agenda_shows_no_minutes(&app, api, &m).await;
    published_minutes_show_with_their_protocol(&app, api, &m, &p).await;
}

/// A draft meeting with one item, its minutes and outcome, and one person
/// present; returns the meeting, item and person ids.
async fn a_draft_meeting_with_minutes_and_attendance(app: &TestApp) -> (String, String, String) {
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
    (m, item, p)
}

/// The draft meeting and its item are not found, nor in any list.
async fn nothing_of_the_draft_shows(app: &TestApp, api: &str, m: &str, item: &str) {
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
}

/// Once the agenda is published the meeting shows, but nothing of its
/// minutes, attendance or results protocol.
async fn the_published_agenda_shows_no_minutes(app: &TestApp, api: &str, m: &str) {
    app.publish(m).await.expect(200);
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
}

/// Held, minutes published: results, participants and a valid results
/// protocol show.
async fn published_minutes_show_with_their_protocol(app: &TestApp, api: &str, m: &str, p: &str) {
    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(200);
    publish_minutes(app, m);
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
