//! One client holding many connections open (slow headers) gets `429`
//! and its extra connections closed, while `/healthz` still answers and
//! the client is served again once it lets go.

use crate::helpers::spawn_app_with;
use std::io::Write;

#[tokio::test]
async fn a_client_over_its_connection_limit_is_refused_and_healthz_still_answers() {
    let app = spawn_app_with(|s| s.limits.max_connections_per_client = 8).await;
    let addr = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    // Eight connections, each stuck in the middle of its headers.
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.write_all(b"GET /api/v1/bodies HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        held.push(s);
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let fresh = || {
        reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap()
    };
    let r = fresh().get(app.url("/api/v1/bodies")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["connection"], "close");
    assert!(r.headers().contains_key("retry-after"));
    let h = fresh().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(h.status().as_u16(), 200);
    // Let go: served again.
    drop(held);
    let mut status = 0;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        status = fresh()
            .get(app.url("/api/v1/bodies"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        if status == 200 {
            break;
        }
    }
    assert_eq!(status, 200);
}
