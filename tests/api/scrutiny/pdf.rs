//! The progress report and the action plan as archival, tagged PDF, read
//! back by poppler and lopdf.

use super::{enter_pspo, normalise, REC2_TEXT};
use crate::render::pdf_read::{self, assert_archival};

#[tokio::test]
async fn the_progress_report_and_action_plan_come_as_archival_tagged_pdf() {
    let app = crate::helpers::spawn_app().await;
    let p = enter_pspo(&app).await;
    for (path, wants) in [
        (
            format!("/api/v1/reviews/{}/report?format=pdf", p.review),
            vec!["PROGRESS UPDATE", "Fully Achieved"],
        ),
        (
            format!("/api/v1/reviews/{}/action-plan", p.review),
            vec!["ACTION PLAN"],
        ),
    ] {
        let mut r = app.client.get(app.url(&path));
        if !path.contains("format=") {
            r = r.header("Accept", "application/pdf");
        }
        let resp = r.send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{path}");
        assert_eq!(resp.headers()["content-type"], "application/pdf");
        let pdf = resp.bytes().await.unwrap().to_vec();
        assert_archival(&pdf, None);
        let text = normalise(&pdf_read::text(&pdf));
        for w in wants {
            assert!(text.contains(w), "{path}: {w:?} in\n{text}");
        }
        // A long cell's words are all there, in order, wherever lines wrap.
        assert!(
            text.contains(&normalise(&REC2_TEXT[..80])),
            "{path}: the recommendation in\n{text}"
        );
    }
}
