//! The OParl API as the no-leak test reads it: every object reachable.

use crate::helpers::TestApp;
use serde_json::Value;

/// Every OParl object and list page reachable from `/oparl/v1/system`.
pub(super) async fn walk_oparl(app: &TestApp) -> Vec<(String, String)> {
    let prefix = app.url("/oparl/v1/");
    let mut seen = std::collections::HashSet::new();
    let mut queue = std::collections::VecDeque::from([app.url("/oparl/v1/system")]);
    let mut out = Vec::new();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        assert!(seen.len() < 5000, "the OParl walk does not end");
        let r = app.client.get(&url).send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert!(status == 200 || status == 404, "{url}: {status} {text}");
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            let mut links = Vec::new();
            collect_links(&v, &prefix, &mut links);
            queue.extend(links.into_iter().filter(|l| !seen.contains(l)));
        }
        out.push((url, text));
    }
    assert!(out.len() > 3, "the OParl walk found nothing");
    out
}

fn collect_links(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with(prefix) => out.push(s.clone()),
        Value::Array(xs) => xs.iter().for_each(|x| collect_links(x, prefix, out)),
        Value::Object(m) => m.values().for_each(|x| collect_links(x, prefix, out)),
        _ => {}
    }
}
