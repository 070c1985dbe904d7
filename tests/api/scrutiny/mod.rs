//! Scrutiny: reviews, recommendations with lettered parts, graded progress
//! updates, the progress report and the action plan. Both seed documents
//! are entered through the API and their rendering compared with the seed
//! text, every field and every grade.

mod http;
mod overview;
mod pdf;
mod queries;
mod reports;
mod reviews;
mod seeds;

use crate::helpers::{Res, TestApp};
use serde_json::{json, Value};

const REC2_TEXT: &str = r#"Consideration be given to an increased dedicated and visible multiagency presence (including the use of recently enhanced SBC Civic Enforcement resources) within the Borough's town centres to support local businesses and reassure residents / visitors in identifying and responding to ASB."#;

const REC2_RESPONSIBILITY: &str = r#"Assistant Director – Community Safety and Regulated Services"#;

const REC2_TARGET: &str = r#"1 st October 2022"#;

const REC2_AGREED_ACTION: &str = r#"A review of the deployment of operational teams into the town centre environments across Stockton on Tees is undertaken to ensure they are having maximum impact and meeting the needs of residents and businesses. A review of joint working amongst responsible partners be undertaken including further consideration to be given to a co-located model in Stockton Town Centre."#;

const REC2_SUCCESS_MEASURE: &str = r#"An increase in the level of visible resources within town centre environments. Clear evidence of a strategy being in place to ensure effective multi-agency working to tackle ASB in town centres. Evidence of further support being offered to local businesses to reassure and improve reporting of ASB."#;

const NOV_EVIDENCE: &str = r#"A review of the available operational resource deployed to our town centre environments has been undertaken. As a result, a dedicated team of 12 Civic Enforcement Officers which are led by a supervising officer have been ring fenced to town centres across Stockton on Tees. This has been made possible through the provision of an additional 2 year's worth of funding to support town centres and economic growth post pandemic by ensuring they are safe and welcoming.

The 12 dedicated Enforcement Officers are further supplemented, when needed, by resources from the core-service who are supported by dedicated CCTV operators focusing on town centre related issues and intelligence in support of frontline services such as Enforcement and Police.

Further work around multi-agency working to tackle ASB in the town centres has also continued to develop. Additional resources at key times (i.e. market days) is also in place from Cleveland Police with joint patrols and improved information sharing in place, via the Joint Agency Group. This work is underpinned by a new Community Safety Strategy that all partners have committed to.

Engagement with local businesses has continued undertaken by a range of partners including Stockton BC and Cleveland Police. Further work is ongoing to secure additional support and resources to support key priorities, such as safety in the night-time economy and crime prevention support and advice on a regular basis."#;

const NOV_IMPACT: &str = r#"Assessment of impact will be undertaken through a consultation of relevant stakeholders and ongoing assessment of the total number of reports and interventions taken within the town centre environments."#;

const MAR_EVIDENCE: &str = r#"The additional 12 Civic Enforcement Officers have now been fully embedded within the town centre areas to supplement the wider team already providing a service to businesses and the visiting public. The team are working alongside multi-agency partners, including Cleveland Police, with a problem solving approach having been adopted and working well. The multi-agency use of Rediscover Stockton is now in place as a touch down area and joint briefings are taking place several times per week to ensure the highest levels of information sharing, review and co-ordination of pro-active activity in line with what the public are telling us are their priorities. Leading up to the implementation of a PSPO in Stockton Town Centre and Norton Village in April, additional joint working with partners such as CGL and our own Housing Services is also fully in place."#;

const MAR_IMPACT: &str = r#"A consultation exercise was undertaken as part of the planning for a PSPO in Stockton Town Centre and Norton Village. Over 1,500 people responded to the consultation providing a bench mark for assessing the future impact of our additional resources are changes to approach within the two locations. Further consultation work has also been undertaken as part of this review including the annual Community Safety Audit. An assessment of overall impact will be undertaken at regular intervals over the next several months using these indicators."#;

/// Whitespace folded to single spaces.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn get_doc(app: &TestApp, path: &str, token: Option<&str>) -> (Res, Vec<u8>) {
    let mut r = app.client.get(app.url(path));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let resp = r.send().await.expect("request");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.expect("body").to_vec();
    let text = String::from_utf8_lossy(&bytes).to_string();
    (
        Res {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        },
        bytes,
    )
}

async fn text_of(app: &TestApp, path: &str) -> String {
    let (r, _) = get_doc(app, path, None).await;
    r.expect(200).text
}

/// The Crime and Disorder Select Committee (made once per app).
async fn select_committee(app: &TestApp) -> String {
    let existing = app.get("/api/v1/bodies/cdsc", None).await;
    if existing.status.as_u16() == 200 {
        return existing.id();
    }
    app.post(
        "/api/v1/bodies",
        json!({"name": "Crime and Disorder Select Committee", "slug": "cdsc", "minute_prefix": "CDSC", "kind": "select_committee"}),
    )
    .await
    .expect(201)
    .id()
}

struct Pspo {
    review: String,
    recommendation: String,
    november: String,
}

/// The progress-update seed, entered as a clerk would.
async fn enter_pspo(app: &TestApp) -> Pspo {
    let body = select_committee(app).await;
    let review = app
        .post(
            "/api/v1/reviews",
            json!({
                "title": "Public Spaces Protection Orders (PSPOs)",
                "body_id": body,
                "link_officers": ["Marc Stephenson"],
                "action_plan_agreed": "March 2022",
            }),
        )
        .await
        .expect(201);
    let rid = review.id();
    let rec = app
        .post(
            &format!("/api/v1/reviews/{rid}/recommendations"),
            json!({
                "number": 2,
                "text": REC2_TEXT,
                "responsibility": REC2_RESPONSIBILITY,
                "target": REC2_TARGET,
                "agreed_action": REC2_AGREED_ACTION,
                "success_measure": REC2_SUCCESS_MEASURE,
            }),
        )
        .await
        .expect(201);
    let rec_id = rec.id();
    let nov = app
        .post(
            &format!("/api/v1/recommendations/{rec_id}/updates"),
            json!({
                "period": "November 2022",
                "evidence_of_progress": NOV_EVIDENCE,
                "grade": 2,
                "evidence_of_impact": NOV_IMPACT,
            }),
        )
        .await
        .expect(201);
    app.post(
        &format!("/api/v1/recommendations/{rec_id}/updates"),
        json!({
            "period": "March 2023",
            "evidence_of_progress": MAR_EVIDENCE,
            "grade": 1,
            "grade_explanation": null,
            "evidence_of_impact": MAR_IMPACT,
        }),
    )
    .await
    .expect(201);
    Pspo {
        review: rid,
        recommendation: rec_id,
        november: nov.id(),
    }
}
