//! The description at `/openapi.json` says what the service does (issue 14,
//! item 3), and the defects schemathesis found stay fixed.

use crate::helpers::spawn_app;
use serde_json::{json, Value};

fn patterns(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(p)) = m.get("pattern") {
                out.push(p.clone());
            }
            m.values().for_each(|x| patterns(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| patterns(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn operation_ids_are_unique_and_every_pattern_is_a_regex_without_engine_specific_classes() {
    let app = spawn_app().await;
    let doc = app.get("/openapi.json", None).await.expect(200).body;
    let mut ids = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if let Some(id) = op["operationId"].as_str() {
                ids.push(id.to_string());
            }
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "operationIds repeat");
    let mut ps = Vec::new();
    patterns(&doc, &mut ps);
    assert!(!ps.is_empty());
    for p in ps {
        regex::Regex::new(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
        // `\s`, `\S` and `\p{..}` mean different things to different
        // engines (schemathesis generates with Python's).
        for bad in ["\\s", "\\S", "\\p{"] {
            assert!(!p.contains(bad), "{p} uses {bad}");
        }
    }
    // Public reads take a token optionally; writes need one.
    let list = &doc["paths"]["/api/v1/bodies"];
    assert_eq!(list["get"]["security"], json!([{}, {"bearer": []}]));
    assert_eq!(list["post"]["security"], json!([{"bearer": []}]));
}

#[tokio::test]
async fn a_number_without_a_fractional_part_is_the_integer_json_schema_says_it_is() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({"year_start_month": 4.0}))
        .await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let first = app.item(&m, "Apologies").await;
    let r = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "Crime figures", "position": 1.0, "restricted": {"paragraph": 7.0}}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["position"], 1);
    app.get(&format!("/api/v1/items/{first}"), Some(&app.clerk))
        .await
        .expect(200);
    let r = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "Half", "position": 1.5}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["position"]);
}

#[tokio::test]
async fn a_cursor_of_the_described_form_is_a_position_and_nothing_else_is() {
    let app = spawn_app().await;
    for i in 0..3 {
        app.body(&format!("b{i}"), "B", json!({})).await;
    }
    let doc = app.get("/openapi.json", None).await.expect(200).body;
    let params = doc["paths"]["/api/v1/bodies"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let cursor = params.iter().find(|p| p["name"] == "cursor").unwrap();
    let form = regex::Regex::new(cursor["schema"]["pattern"].as_str().unwrap()).unwrap();
    let page = app.get("/api/v1/bodies?limit=1", None).await.expect(200);
    let next = page.body["next_cursor"].as_str().unwrap().to_string();
    assert!(form.is_match(&next), "{next}");
    app.get(&format!("/api/v1/bodies?limit=1&cursor={next}"), None)
        .await
        .expect(200);
    // A position where no row is: still a place to start from.
    let nowhere = "1.00000000-0000-0000-0000-000000000000";
    assert!(form.is_match(nowhere));
    let r = app
        .get(&format!("/api/v1/bodies?cursor={nowhere}"), None)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 3);
    for bad in ["garbage", "1.00000000-0000-0000-0000-00000000000G", "-1.x"] {
        assert!(!form.is_match(bad));
        app.get(&format!("/api/v1/bodies?cursor={bad}"), None)
            .await
            .expect(422);
    }
    // The search's cursor is an offset.
    app.get("/api/v1/search?q=minutes&cursor=20", None)
        .await
        .expect(200);
    app.get("/api/v1/search?q=minutes&cursor=100001", None)
        .await
        .expect(422);
}

#[tokio::test]
async fn a_body_named_in_a_query_that_does_not_exist_is_404() {
    let app = spawn_app().await;
    app.get("/api/v1/reviews?body_id=nobody", None)
        .await
        .expect(404);
    app.get("/api/v1/scrutiny/overview?body_id=nobody", None)
        .await
        .expect(404);
    let r = app
        .client
        .post(app.url("/api/v1/reviews/imports?body_id=nobody"))
        .bearer_auth(&app.clerk)
        .header("Content-Type", "text/plain")
        .body("PROGRESS UPDATE")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

#[tokio::test]
async fn a_pdf_shows_characters_its_font_lacks_rather_than_failing() {
    let app = spawn_app().await;
    let review = app
        .post(
            "/api/v1/reviews",
            json!({"title": "Review of \u{12}\u{f81c9}\u{a7ed2} orders", "link_officers": "Jo \u{E000}Clerk"}),
        )
        .await
        .expect(201)
        .id();
    for path in ["action-plan", "report"] {
        let r = app
            .client
            .get(app.url(&format!("/api/v1/reviews/{review}/{path}?format=pdf")))
            .bearer_auth(&app.clerk)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    }
}
