//! OParl over HTTP: JSON for any site (CORS), ETags, HEAD and preflight.

use super::get_json;
use crate::helpers::spawn_app;
use serde_json::json;

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
