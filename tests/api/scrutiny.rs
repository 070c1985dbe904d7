//! Scrutiny: reviews, recommendations with lettered parts, graded progress
//! updates, the progress report and the action plan. Both seed documents
//! are entered through the API and their rendering compared with the seed
//! text, every field and every grade.

use crate::helpers::{spawn_app, Res, TestApp};
use diesel::connection::{Connection, InstrumentationEvent};
use reqwest::Method;
use serde_json::{json, Value};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

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
/// The action plan seed's lettered parts: letter, text, proposed action,
/// post title, budget cost, timescale.
const PLAN_PARTS: [[&str; 6]; 6] = [
    [
        r#"a"#,
        r#"That a general awareness session be established for elected members to discuss the Community Safety partnership, the roles of the community safety teams and how to raise a community trigger."#,
        r#"Full briefing session will be organised for all elected members. Presentation will include a full overview of community safety functions (including community trigger)."#,
        r#"Head of Stronger Communities"#,
        r#"N/A"#,
        r#"December 2022"#,
    ],
    [
        r#"b"#,
        r#"That further promotion of the community trigger process be shared with elected members and the local communities, this could be done through, for example, ward council meetings, love Middlesbrough magazine and community councils."#,
        r#"Community trigger process will be shared with elected members during the briefing session. Publicity campaign will take place in conjunction with the pending OPCC Community Trigger campaign which will run for 7 weeks."#,
        r#"Strategic Community Safety Manager"#,
        r#"TBC"#,
        r#"October 2022"#,
    ],
    [
        r#"c"#,
        r#"Given the recent concerns surrounding the number of police officers within the wards, the panel ask that the Council continue discussions with Cleveland Police to ensure the correct resources are allocated to Middlesbrough."#,
        r#"These discussions already take place on a monthly basis during the AIM (Active Intelligence Mapping) process. Resources are deployed accordingly dependent upon crime & ASB statistics. Discussions are also taking place between Elected Mayor & Chief Constable regarding no's of NPT Officers"#,
        r#"Head of Stronger Communities"#,
        r#"????"#,
        r#"Ongoing"#,
    ],
    [
        r#"d"#,
        r#"That Middlesbrough council work in partnership with ASB help to sign up to the ASB pledge."#,
        r#"Work is already underway with ASB Help and the OPCC who is keen for all Cleveland L/A's to sign up to the pledge. The Pledge questionnaire has already been completed & changes are taking place to improve our approach."#,
        r#"Strategic Community Safety Manager"#,
        r#"N/A"#,
        r#"December 2022"#,
    ],
    [
        r#"e"#,
        r#"That the panel members receive 6 monthly updates from the locality wards regarding crime/ anti-social behavior statistics."#,
        r#"Members briefings will be introduced which will include crime & ASB data as well as enforcement actions."#,
        r#"Community Safety Manager"#,
        r#"N/A"#,
        r#"December 2022"#,
    ],
    [
        r#"f"#,
        r#"That members receive further updates, as and when, to the rolling out of locality working in other wards within the town."#,
        r#"Members will be kept informed of progress with regard to the roll out."#,
        r#"Head of Stronger Communities"#,
        r#"N/A"#,
        r#"Ongoing"#,
    ],
];

/// `shared/seeds/progress-update-pspo.txt`, verbatim.
const PSPO_SEED: &str = r#"APPENDIX 1

PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)

SCRUTINY MONITORING – PROGRESS UPDATE				
Review:	Public Spaces Protection Orders (PSPOs)			
Link Officer/s:	Marc Stephenson			
Action Plan Agreed:	March 2022			

Updates on the progress of actions in relation to agreed recommendations from previous scrutiny reviews are required approximately 12 months after the relevant Select Committee has agreed the Action Plan. Progress updates must be detailed, evidencing what has taken place regarding each recommendation – a grade assessing progress should then be given (see end of document for grading explanation). Any evidence on the impact of the actions undertaken should also be recorded for each recommendation.

Recommendation 2:	Consideration be given to an increased dedicated and visible multiagency presence (including the use of recently enhanced SBC Civic Enforcement resources) within the Borough's town centres to support local businesses and reassure residents / visitors in identifying and responding to ASB.			
Responsibility:	Assistant Director – Community Safety and Regulated Services			
Date:	1 st October 2022			
Agreed Action:	A review of the deployment of operational teams into the town centre environments across Stockton on Tees is undertaken to ensure they are having maximum impact and meeting the needs of residents and businesses. A review of joint working amongst responsible partners be undertaken including further consideration to be given to a co-located model in Stockton Town Centre.			
Agreed Success Measure:	An increase in the level of visible resources within town centre environments. Clear evidence of a strategy being in place to ensure effective multi-agency working to tackle ASB in town centres. Evidence of further support being offered to local businesses to reassure and improve reporting of ASB.			
Evidence of Progress (November 2022):	A review of the available operational resource deployed to our town centre environments has been undertaken. As a result, a dedicated team of 12 Civic Enforcement Officers which are led by a supervising officer have been ring fenced to town centres across Stockton on Tees. This has been made possible through the provision of an additional 2 year's worth of funding to support town centres and economic growth post pandemic by ensuring they are safe and welcoming.			

APPENDIX 1

PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)

The 12 dedicated Enforcement Officers are further supplemented, when needed, by resources from the core-service who are supported by dedicated CCTV operators focusing on town centre related issues and intelligence in support of frontline services such as Enforcement and Police.

Further work around multi-agency working to tackle ASB in the town centres has also continued to develop. Additional resources at key times (i.e. market days) is also in place from Cleveland Police with joint patrols and improved information sharing in place, via the Joint Agency Group. This work is underpinned by a new Community Safety Strategy that all partners have committed to.

Engagement with local businesses has continued undertaken by a range of partners including Stockton BC and Cleveland Police. Further work is ongoing to secure additional support and resources to support key priorities, such as safety in the night-time economy and crime prevention support and advice on a regular basis.



Assessment of Progress (November 2022): (include explanation if required)	2 (On-Track)		
Evidence of Impact (November 2022):	Assessment of impact will be undertaken through a consultation of relevant stakeholders and ongoing assessment of the total number of reports and interventions taken within the town centre environments.		
Evidence of Progress (March 2023):	The additional 12 Civic Enforcement Officers have now been fully embedded within the town centre areas to supplement the wider team already providing a service to businesses and the visiting public. The team are working alongside		

APPENDIX 1 PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)

	multi-agency partners, including Cleveland Police, with a problem solving approach having been adopted and working well. The multi-agency use of Rediscover Stockton is now in place as a touch down area and joint briefings are taking place several times per week to ensure the highest levels of information sharing, review and co-ordination of pro-active activity in line with what the public are telling us are their priorities. Leading up to the implementation of a PSPO in Stockton Town Centre and Norton Village in April, additional joint working with partners such as CGL and our own Housing Services is also fully in place.	
Assessment of Progress (March 2023): (include explanation if required)	1 (Fully Achieved)	
Evidence of Impact (March 2023):	A consultation exercise was undertaken as part of the planning for a PSPO in Stockton Town Centre and Norton Village. Over 1,500 people responded to the consultation providing a bench mark for assessing the future impact of our additional resources are changes to approach within the two locations. Further consultation work has also been undertaken as part of this review including the annual Community Safety Audit. An assessment of overall impact will be undertaken at regular intervals over the next several months using these indicators.	

Assessment of	1	2	3	4
Progress Gradings:	Fully Achieved	On-Track	Slipped	Not Achieved"#;

/// `shared/seeds/action-plan-enforcement.txt`, verbatim.
const ACTION_PLAN_SEED: &str = r#"

**CULTURE AND COMMUNITIES SCRUTINY PANEL
TOUGH ENOUGH? ENFORCEMENT IN MIDDLESBROUGH AND ITS IMPACT ON CRIME AND ANTI-SOCIAL BEHAVIOUR -
ACTION PLAN**

18 OCTOBER 2022 (EXECUTIVE DATE)

SCRUTINY RECOMMENDATION	PROPOSED ACTION	POST TITLE	BUDGET COST	TIMESCALE
a) That a general awareness session be established for elected members to discuss the Community Safety partnership, the roles of the community safety teams and how to raise a community trigger.	Full briefing session will be organised for all elected members. Presentation will include a full overview of community safety functions (including community trigger).	Head of Stronger Communities	N/A	December 2022
b) That further promotion of the community trigger process be shared with elected members and the local communities, this could be done through, for example, ward council meetings, love Middlesbrough magazine and community councils.	Community trigger process will be shared with elected members during the briefing session. Publicity campaign will take place in conjunction with the pending OPCC Community Trigger campaign which will run for 7 weeks.	Strategic Community Safety Manager	TBC	October 2022
c) Given the recent concerns surrounding the number of police officers within the wards, the panel ask that the Council continue discussions with Cleveland Police to ensure the correct resources are allocated to Middlesbrough.	These discussions already take place on a monthly basis during the AIM (Active Intelligence Mapping) process. Resources are deployed accordingly dependent upon crime & ASB statistics. Discussions are also taking place between Elected Mayor & Chief Constable regarding no's of NPT Officers	Head of Stronger Communities	????	Ongoing

d) That Middlesbrough council work in partnership with ASB help to sign up to the ASB pledge.	Work is already underway with ASB Help and the OPCC who is keen for all Cleveland L/A's to sign up to the pledge. The Pledge questionnaire has already been completed & changes are taking place to improve our approach.	Strategic Community Safety Manager	N/A	December 2022
e) That the panel members receive 6 monthly updates from the locality wards regarding crime/ anti-social behavior statistics.	Members briefings will be introduced which will include crime & ASB data as well as enforcement actions.	Community Safety Manager	N/A	December 2022
f) That members receive further updates, as and when, to the rolling out of locality working in other wards within the town.	Members will be kept informed of progress with regard to the roll out.	Head of Stronger Communities	N/A	Ongoing"#;

/// Whitespace folded to single spaces.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The progress-update seed without the PDF's page-break repeats of
/// "APPENDIX 1 / PROGRESS UPDATE: Review of …", whitespace folded.
fn pspo_seed_text() -> String {
    let n = normalise(PSPO_SEED);
    let repeat = "APPENDIX 1 PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)";
    let first = n.find(repeat).expect("seed heading") + repeat.len();
    format!(
        "{}{}",
        &n[..first],
        n[first..].replace(&format!(" {repeat}"), "")
    )
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

/// One part of a .docx package as text.
fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut part = zip.by_name(name).expect("part present");
    let mut s = String::new();
    part.read_to_string(&mut s).expect("utf-8 xml");
    s
}

/// The text of a WordprocessingML part: a line per paragraph.
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + end + 1];
        if tag == "</w:p>" || tag.starts_with("<w:br") {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of an HTML page, tags dropped and entities read.
fn html_text(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        rest = &rest[start + end + 1..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Markdown as a reader sees it: emphasis markers, headings, table pipes
/// and escapes dropped.
fn markdown_text(md: &str) -> String {
    md.replace("<br>", " ")
        .lines()
        .filter(|l| !l.starts_with("| ---"))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join("\n")
        .replace("**", "")
        .replace(" *(", " (")
        .replace(")* ", ") ")
        .replace(" | ", " ")
        .replace("| ", "")
        .replace(" |", "")
        .replace('\\', "")
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

/// The action-plan seed: one recommendation whose lettered parts a)–f)
/// each carry their own proposed action, post title, budget and timescale.
async fn enter_action_plan(app: &TestApp) -> String {
    let body = app
        .post(
            "/api/v1/bodies",
            json!({"name": "Culture and Communities Scrutiny Panel", "slug": "ccsp", "minute_prefix": "CCSP", "kind": "scrutiny_panel"}),
        )
        .await
        .expect(201)
        .id();
    let review = app
        .post(
            "/api/v1/reviews",
            json!({
                "title": "Tough Enough? Enforcement in Middlesbrough and its Impact on Crime and Anti-Social Behaviour",
                "body_id": body,
                "executive_date": "18 October 2022",
                "action_plan_agreed": "18 October 2022",
            }),
        )
        .await
        .expect(201)
        .id();
    let parts: Vec<Value> = PLAN_PARTS
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 0 {
                json!({"letter": p[0], "text": p[1], "proposed_action": p[2], "post_title": p[3], "budget_cost": p[4], "timescale": p[5]})
            } else {
                // The letter typed in front of the text is taken as the letter.
                json!({"text": format!("{}) {}", p[0], p[1]), "proposed_action": p[2], "post_title": p[3], "budget_cost": p[4], "timescale": p[5]})
            }
        })
        .collect();
    let rec = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1, "parts": parts}),
        )
        .await
        .expect(201);
    let letters: Vec<&str> = rec.body["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["letter"].as_str().unwrap())
        .collect();
    // Kept as written: "b)" where the clerk typed the marker.
    assert_eq!(letters, ["a", "b)", "c", "d)", "e", "f)"]);
    review
}

#[tokio::test]
async fn the_progress_update_seed_renders_as_the_seed_reads() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let txt = text_of(
        &app,
        &format!("/api/v1/reviews/{}/report?format=txt", p.review),
    )
    .await;
    let got = normalise(&txt);
    let expected = pspo_seed_text();
    if got != expected {
        let at = got
            .chars()
            .zip(expected.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let from = at.saturating_sub(80);
        panic!(
            "the report differs from the seed at character {at}:\n got: …{}\nseed: …{}",
            got.chars().skip(from).take(240).collect::<String>(),
            expected.chars().skip(from).take(240).collect::<String>()
        );
    }
    // The layout keeps a label and its value on one line.
    for line in [
        "Review:\tPublic Spaces Protection Orders (PSPOs)",
        "Link Officer/s:\tMarc Stephenson",
        "Action Plan Agreed:\tMarch 2022",
        "Date:\t1 st October 2022",
        "Assessment of Progress (November 2022): (include explanation if required)\t2 (On-Track)",
        "Assessment of Progress (March 2023): (include explanation if required)\t1 (Fully Achieved)",
        "Progress Gradings:\tFully Achieved\tOn-Track\tSlipped\tNot Achieved",
    ] {
        assert!(txt.lines().any(|l| l == line), "{line:?} not a line of:\n{txt}");
    }
}

#[tokio::test]
async fn the_progress_report_in_markdown_html_and_word_carries_every_field_of_the_seed() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let base = format!("/api/v1/reviews/{}/report", p.review);
    let md = markdown_text(&text_of(&app, &format!("{base}?format=md")).await);
    let (html_res, _) = get_doc(&app, &format!("{base}?format=html"), None).await;
    let html_res = html_res.expect(200);
    assert!(html_res
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(html_res.text.starts_with("<!DOCTYPE html>"));
    assert!(html_res.text.contains("@page"));
    let html = html_text(&html_res.text);
    let (word_res, word) = get_doc(&app, &format!("{base}?format=docx"), None).await;
    word_res.expect(200);
    let xml = docx_part(&word, "word/document.xml");
    assert!(xml.matches("<w:tbl>").count() >= 3, "the report's tables");
    let docx = docx_text(&xml);
    let mut values: Vec<String> = vec![
        "APPENDIX 1".into(),
        "PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)".into(),
        "SCRUTINY MONITORING – PROGRESS UPDATE".into(),
        "Marc Stephenson".into(),
        "March 2022".into(),
        "Updates on the progress of actions in relation to agreed recommendations".into(),
        "Recommendation 2".into(),
        REC2_TEXT.into(),
        REC2_RESPONSIBILITY.into(),
        REC2_TARGET.into(),
        REC2_AGREED_ACTION.into(),
        REC2_SUCCESS_MEASURE.into(),
        "Evidence of Progress (November 2022):".into(),
        "Assessment of Progress (November 2022):".into(),
        "(include explanation if required)".into(),
        "2 (On-Track)".into(),
        "Evidence of Impact (November 2022):".into(),
        NOV_IMPACT.into(),
        "Evidence of Progress (March 2023):".into(),
        MAR_EVIDENCE.into(),
        "1 (Fully Achieved)".into(),
        MAR_IMPACT.into(),
        "Fully Achieved".into(),
        "On-Track".into(),
        "Slipped".into(),
        "Not Achieved".into(),
    ];
    values.extend(NOV_EVIDENCE.split("\n\n").map(String::from));
    for (name, doc) in [("markdown", &md), ("html", &html), ("word", &docx)] {
        let doc = normalise(doc);
        for v in &values {
            assert!(
                doc.contains(&normalise(v)),
                "{name}: {:?} missing",
                v.chars().take(60).collect::<String>()
            );
        }
    }
}

#[tokio::test]
async fn the_action_plan_seed_renders_as_the_seed_reads() {
    let app = spawn_app().await;
    let review = enter_action_plan(&app).await;
    let txt = text_of(
        &app,
        &format!("/api/v1/reviews/{review}/action-plan?format=txt"),
    )
    .await;
    let expected = normalise(&ACTION_PLAN_SEED.replace("**", ""));
    assert_eq!(normalise(&txt), expected);
    // A row per part, the five columns tab-separated.
    let rows: Vec<&str> = txt
        .lines()
        .filter(|l| l.matches('\t').count() == 4)
        .collect();
    assert_eq!(rows.len(), 7, "{txt}");
    assert_eq!(
        rows[3].split('\t').skip(3).collect::<Vec<_>>(),
        ["????", "Ongoing"]
    );
    // Word: one table of 7 rows, landscape.
    let (r, word) = get_doc(
        &app,
        &format!("/api/v1/reviews/{review}/action-plan?format=docx"),
        None,
    )
    .await;
    r.expect(200);
    let xml = docx_part(&word, "word/document.xml");
    assert_eq!(xml.matches("<w:tbl>").count(), 1);
    assert_eq!(
        xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count(),
        7
    );
    assert!(xml.contains("landscape"));
    let text = normalise(&docx_text(&xml));
    for p in PLAN_PARTS {
        for cell in &p[1..] {
            assert!(
                text.contains(&normalise(cell)),
                "{cell} missing from the Word plan"
            );
        }
    }
    // HTML: a table with the plan's headings.
    let html = text_of(
        &app,
        &format!("/api/v1/reviews/{review}/action-plan?format=html"),
    )
    .await;
    for h in [
        "SCRUTINY RECOMMENDATION",
        "PROPOSED ACTION",
        "POST TITLE",
        "BUDGET COST",
        "TIMESCALE",
    ] {
        assert!(html.contains(&format!("<th scope=\"col\">{h}</th>")), "{h}");
    }
    assert!(html.contains("crime &amp; ASB statistics"));
    // Markdown: a pipe table row per part.
    let md = text_of(
        &app,
        &format!("/api/v1/reviews/{review}/action-plan?format=md"),
    )
    .await;
    assert_eq!(
        md.lines().filter(|l| l.starts_with("| ")).count(),
        8,
        "{md}"
    );
}

/// Word files open in LibreOffice, and its text holds the report.
#[tokio::test]
async fn the_word_report_opens_in_libreoffice() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: soffice (LibreOffice) is not installed here");
        return;
    }
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let (r, word) = get_doc(
        &app,
        &format!("/api/v1/reviews/{}/report?format=docx", p.review),
        None,
    )
    .await;
    r.expect(200);
    let text = tokio::task::spawn_blocking(move || soffice_to_text(&word))
        .await
        .expect("conversion thread");
    let got = normalise(&text);
    // Everything before the grading key reads as the seed does (Word's key
    // merges its label cell, so LibreOffice reads it in another order).
    let seed = pspo_seed_text();
    let key = "Assessment of 1 2 3 4";
    let before_key = &seed[..seed.find(key).unwrap()];
    assert!(
        got.starts_with(before_key.trim()),
        "LibreOffice's text differs from the seed:\n{got}"
    );
    for g in [
        "Fully Achieved",
        "On-Track",
        "Slipped",
        "Not Achieved",
        "Progress Gradings:",
    ] {
        assert!(got[before_key.len()..].contains(g), "{g}");
    }
}

fn soffice_to_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("report.docx");
    std::fs::write(&input, bytes).expect("write docx");
    let out = dir.path().join("out");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut child = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start soffice");
    let started = std::time::Instant::now();
    while child.try_wait().expect("soffice status").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish converting within 180 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let raw = std::fs::read(out.join("report.txt")).expect("LibreOffice could not open the .docx");
    String::from_utf8_lossy(&raw)
        .trim_start_matches('\u{feff}')
        .to_string()
}

#[tokio::test]
async fn a_review_reads_with_each_recommendations_latest_grade() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let r = app
        .get(&format!("/api/v1/reviews/{}", p.review), None)
        .await
        .expect(200);
    assert_eq!(r.header("etag").unwrap(), "\"1\"");
    assert_eq!(r.body["title"], "Public Spaces Protection Orders (PSPOs)");
    assert_eq!(r.body["link_officers"], json!(["Marc Stephenson"]));
    assert_eq!(r.body["action_plan_agreed"], "March 2022");
    assert_eq!(r.body["action_plan_agreed_date"], "2022-03-01");
    assert_eq!(r.body["committee"]["slug"], "cdsc");
    let recs = r.body["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["number"], 2);
    assert_eq!(recs[0]["latest_grade"], 1);
    assert_eq!(recs[0]["latest_grade_label"], "Fully Achieved");
    assert_eq!(recs[0]["latest_period"], "March 2023");
    assert_eq!(recs[0]["target_date"], "2022-10-01");
    assert_eq!(recs[0]["overdue"], false);
    assert_eq!(r.body["grades"]["fully_achieved"], 1);
    // All achieved: no further update due.
    assert_eq!(r.body["next_update_due"], Value::Null);
    // The recommendation carries its rounds, oldest first.
    let rec = app
        .get(
            &format!("/api/v1/recommendations/{}", p.recommendation),
            None,
        )
        .await
        .expect(200);
    let rounds = rec.body["updates"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["period"], "November 2022");
    assert_eq!(rounds[0]["grade"], 2);
    assert_eq!(rounds[0]["grade_label"], "On-Track");
    assert_eq!(rounds[0]["period_date"], "2022-11-01");
    assert_eq!(rounds[0]["evidence_of_progress"], NOV_EVIDENCE);
    assert_eq!(rounds[1]["grade_explanation"], Value::Null);
    // Lists.
    let list = app
        .get(
            &format!(
                "/api/v1/recommendations/{}/updates?limit=1",
                p.recommendation
            ),
            None,
        )
        .await
        .expect(200);
    assert_eq!(list.body["items"][0]["period"], "November 2022");
    let cursor = list.body["next_cursor"].as_str().unwrap().to_string();
    let next = app
        .get(
            &format!(
                "/api/v1/recommendations/{}/updates?limit=1&cursor={cursor}",
                p.recommendation
            ),
            None,
        )
        .await
        .expect(200);
    assert_eq!(next.body["items"][0]["period"], "March 2023");
    assert_eq!(next.body["next_cursor"], Value::Null);
    let reviews = app
        .get("/api/v1/reviews?body_id=cdsc", None)
        .await
        .expect(200);
    assert_eq!(reviews.body["items"].as_array().unwrap().len(), 1);
    let one = app
        .get(&format!("/api/v1/updates/{}", p.november), None)
        .await
        .expect(200);
    assert_eq!(one.body["evidence_of_impact"], NOV_IMPACT);
}

#[tokio::test]
async fn a_grade_outside_one_to_four_is_refused_naming_grade() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let path = format!("/api/v1/recommendations/{}/updates", p.recommendation);
    for bad in [
        json!(0),
        json!(5),
        json!(-1),
        json!(2.5),
        json!("two"),
        Value::Null,
    ] {
        let r = app
            .post(&path, json!({"period": format!("Round {bad}"), "evidence_of_progress": "x", "grade": bad}))
            .await
            .expect(422);
        assert_eq!(r.error_fields(), vec!["grade"], "{bad}");
        assert!(r
            .text
            .contains("1 (Fully Achieved), 2 (On-Track), 3 (Slipped) or 4 (Not Achieved)"));
        assert_eq!(
            r.header("content-type").unwrap(),
            "application/problem+json"
        );
    }
    // A PATCH to a bad grade is refused too, and changes nothing.
    let r = app
        .patch(
            &format!("/api/v1/updates/{}", p.november),
            json!({"grade": 9}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["grade"]);
    let u = app
        .get(&format!("/api/v1/updates/{}", p.november), None)
        .await;
    assert_eq!(u.body["grade"], 2);
}

#[tokio::test]
async fn a_slipped_grade_without_explanation_is_accepted_but_flagged() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let r = app
        .post(
            &format!("/api/v1/recommendations/{}/updates", p.recommendation),
            json!({"period": "September 2023", "evidence_of_progress": "Recruitment paused.", "grade": 3}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["flags"], json!(["slipped_without_explanation"]));
    assert_eq!(r.body["evidence_of_impact"], "");
    let flagged_id = r.id();
    // The recommendation and the overview show it.
    let rec = app
        .get(
            &format!("/api/v1/recommendations/{}", p.recommendation),
            None,
        )
        .await
        .expect(200);
    assert_eq!(rec.body["latest_grade"], 3);
    assert_eq!(rec.body["flags"], json!(["slipped_without_explanation"]));
    let o = app
        .get("/api/v1/scrutiny/overview?on=2023-10-01", None)
        .await
        .expect(200);
    let flagged = o.body["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["id"], flagged_id.as_str());
    assert_eq!(flagged[0]["flags"], json!(["slipped_without_explanation"]));
    let slipped = o.body["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "slipped")
        .unwrap();
    assert_eq!(slipped["count"], 1);
    assert_eq!(
        slipped["recommendations"][0]["flags"],
        json!(["slipped_without_explanation"])
    );
    // Explaining it clears the flag.
    let fixed = app
        .patch(
            &format!("/api/v1/updates/{flagged_id}"),
            json!({"grade_explanation": "Two posts vacant since June; recruitment resumes in October."}),
        )
        .await
        .expect(200);
    assert_eq!(fixed.body["flags"], json!([]));
    assert_eq!(fixed.body["version"], 2);
}

#[tokio::test]
async fn a_round_can_be_added_only_once_per_recommendation_and_period() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let path = format!("/api/v1/recommendations/{}/updates", p.recommendation);
    for same in ["November 2022", " november  2022 "] {
        let r = app
            .post(
                &path,
                json!({"period": same, "evidence_of_progress": "again", "grade": 2}),
            )
            .await
            .expect(409);
        assert!(r.text.contains(&p.november), "{}", r.text);
    }
    // Renaming a round onto another period is refused too.
    let march = app.get(&path, None).await.body["items"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.patch(
        &format!("/api/v1/updates/{march}"),
        json!({"period": "November 2022"}),
    )
    .await
    .expect(409);
    // Another recommendation may have its own November 2022 round.
    let other = app
        .post(
            &format!("/api/v1/reviews/{}/recommendations", p.review),
            json!({"number": 3, "text": "Another recommendation."}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/recommendations/{other}/updates"),
        json!({"period": "November 2022", "evidence_of_progress": "x", "grade": 2}),
    )
    .await
    .expect(201);
    // Once deleted, the period is free again.
    app.delete(&format!("/api/v1/updates/{}", p.november))
        .await
        .expect(204);
    app.post(
        &path,
        json!({"period": "November 2022", "evidence_of_progress": "re-entered", "grade": 2}),
    )
    .await
    .expect(201);
    // And a duplicate recommendation number is a conflict.
    app.post(
        &format!("/api/v1/reviews/{}/recommendations", p.review),
        json!({"number": "2", "text": "Duplicate."}),
    )
    .await
    .expect(409);
}

/// A review with recommendations at every grade, for the overview tests.
async fn portfolio(app: &TestApp) -> (String, String, String) {
    let body = select_committee(app).await;
    let review = |title: &str, agreed: &str| json!({"title": title, "body_id": body, "link_officers": "A. Officer", "action_plan_agreed": agreed});
    let old = app
        .post(
            "/api/v1/reviews",
            review("Highway Maintenance", "March 2022"),
        )
        .await
        .expect(201)
        .id();
    let new = app
        .post("/api/v1/reviews", review("Fly-tipping", "January 2024"))
        .await
        .expect(201)
        .id();
    let rec = |n: i64, target: &str| json!({"number": n, "text": format!("Recommendation {n} text."), "target": target});
    let mut ids = Vec::new();
    for (n, target, grade) in [
        (1, "1st October 2022", Some(1)),
        (
            2,
            "May 2022 (Development of protocol) September 2022 (Assessment of protocol)",
            Some(2),
        ),
        (3, "December 2030", Some(3)),
        (4, "Ongoing", Some(4)),
        (5, "March 2023", None),
    ] {
        let id = app
            .post(
                &format!("/api/v1/reviews/{old}/recommendations"),
                rec(n, target),
            )
            .await
            .expect(201)
            .id();
        if let Some(g) = grade {
            app.post(
                &format!("/api/v1/recommendations/{id}/updates"),
                json!({"period": "November 2022", "evidence_of_progress": "Progress.", "grade": g, "grade_explanation": "Because."}),
            )
            .await
            .expect(201);
        }
        ids.push(id);
    }
    app.post(
        &format!("/api/v1/reviews/{new}/recommendations"),
        rec(1, "December 2024"),
    )
    .await
    .expect(201);
    (old, new, ids[1].clone())
}

fn numbers(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["review_title"].as_str().unwrap().to_string(),
                r["number"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_overview_lists_overdue_recommendations_not_fully_achieved() {
    let app = spawn_app().await;
    let (_, _, on_track) = portfolio(&app).await;
    let o = app
        .get("/api/v1/scrutiny/overview?on=2023-06-01", None)
        .await
        .expect(200);
    let hw = |n| ("Highway Maintenance".to_string(), n);
    // 1 is achieved, 3's target is 2030, 4 is "Ongoing" (no date).
    assert_eq!(numbers(&o.body["overdue"]), vec![hw(2), hw(5)]);
    assert_eq!(o.body["overdue"][0]["target_date"], "2022-09-30");
    assert_eq!(o.body["overdue"][0]["id"], on_track.as_str());
    let groups: Vec<(Value, i64)> = o.body["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["grade"].clone(), g["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        groups,
        vec![
            (json!(1), 1),
            (json!(2), 1),
            (json!(3), 1),
            (json!(4), 1),
            (Value::Null, 2)
        ]
    );
    // Achieving it takes it off the list.
    app.post(
        &format!("/api/v1/recommendations/{on_track}/updates"),
        json!({"period": "March 2023", "evidence_of_progress": "Done.", "grade": 1}),
    )
    .await
    .expect(201);
    let o = app
        .get("/api/v1/scrutiny/overview?on=2023-06-01", None)
        .await
        .expect(200);
    assert_eq!(numbers(&o.body["overdue"]), vec![hw(5)]);
}

#[tokio::test]
async fn the_overview_lists_reviews_due_for_their_progress_update() {
    let app = spawn_app().await;
    let (old, new, _) = portfolio(&app).await;
    // Agreed March 2022, last round November 2022: due November 2023.
    let due = |o: &Res| -> Vec<String> {
        o.body["due_for_update"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let o = app
        .get(
            "/api/v1/scrutiny/overview?on=2023-10-01&within_days=60",
            None,
        )
        .await
        .expect(200);
    assert_eq!(due(&o), vec![old.clone()]);
    let d = &o.body["due_for_update"][0];
    assert_eq!(d["update_due"], "2023-11-01");
    assert_eq!(d["last_update_period"], "November 2022");
    assert_eq!(d["overdue"], false);
    assert_eq!(d["outstanding"], 4);
    assert_eq!(d["committee"], "Crime and Disorder Select Committee");
    // Not yet within a shorter window.
    let o = app
        .get(
            "/api/v1/scrutiny/overview?on=2023-10-01&within_days=7",
            None,
        )
        .await
        .expect(200);
    assert!(due(&o).is_empty());
    // Agreed January 2024, no round yet: due January 2025; both due by then.
    let o = app
        .get(
            "/api/v1/scrutiny/overview?on=2025-01-15&within_days=0",
            None,
        )
        .await
        .expect(200);
    assert_eq!(due(&o), vec![old.clone(), new.clone()]);
    assert_eq!(o.body["due_for_update"][1]["update_due"], "2025-01-01");
    assert_eq!(o.body["due_for_update"][1]["overdue"], true);
    // A review whose recommendations are all Fully Achieved is not due.
    let p = enter_pspo(&app).await;
    let o = app
        .get("/api/v1/scrutiny/overview?on=2030-01-01", None)
        .await
        .expect(200);
    assert!(!due(&o).contains(&p.review));
    // Filters and bad parameters.
    app.get("/api/v1/scrutiny/overview?within_days=-1", None)
        .await
        .expect(422);
    app.get("/api/v1/scrutiny/overview?body_id=nobody", None)
        .await
        .expect(422);
    app.get("/api/v1/scrutiny/overview?on=yesterday", None)
        .await
        .expect(400);
}

#[tokio::test]
async fn the_public_reads_a_reader_cannot_write_and_no_token_cannot_write() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    for path in [
        format!("/api/v1/reviews/{}", p.review),
        "/api/v1/reviews".to_string(),
        format!("/api/v1/reviews/{}/recommendations", p.review),
        format!("/api/v1/recommendations/{}", p.recommendation),
        format!("/api/v1/recommendations/{}/updates", p.recommendation),
        format!("/api/v1/updates/{}", p.november),
        format!("/api/v1/reviews/{}/report?format=txt", p.review),
        format!("/api/v1/reviews/{}/action-plan?format=md", p.review),
        "/api/v1/scrutiny/overview".to_string(),
    ] {
        app.get(&path, None).await.expect(200);
    }
    let writes = [
        (
            Method::POST,
            "/api/v1/reviews".to_string(),
            Some(json!({"title": "X"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/reviews/{}", p.review),
            Some(json!({"title": "X"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/reviews/{}", p.review),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/reviews/{}/recommendations", p.review),
            Some(json!({"number": 9, "text": "X"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/recommendations/{}", p.recommendation),
            Some(json!({"text": "X"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/recommendations/{}", p.recommendation),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/recommendations/{}/updates", p.recommendation),
            Some(json!({"period": "May 2024", "evidence_of_progress": "x", "grade": 2})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/updates/{}", p.november),
            Some(json!({"grade": 1})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/updates/{}", p.november),
            None,
        ),
    ];
    for (method, path, body) in writes {
        app.send(method.clone(), &path, Some(&app.reader), body.clone())
            .await
            .expect(403);
        let r = app.send(method, &path, None, body).await.expect(401);
        assert_eq!(r.header("www-authenticate").unwrap(), "Bearer");
    }
    // Nothing changed.
    let r = app
        .get(&format!("/api/v1/reviews/{}", p.review), None)
        .await;
    assert_eq!(r.body["version"], 1);
    assert_eq!(r.body["recommendations"][0]["latest_grade"], 1);
}

async fn patch_if_match(app: &TestApp, path: &str, etag: &str, body: Value) -> u16 {
    app.client
        .patch(app.url(path))
        .bearer_auth(&app.clerk)
        .header("If-Match", etag)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_stale_if_match_is_refused_with_412_and_changes_nothing() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    for (path, field, value) in [
        (
            format!("/api/v1/reviews/{}", p.review),
            "title",
            json!("Renamed review"),
        ),
        (
            format!("/api/v1/recommendations/{}", p.recommendation),
            "responsibility",
            json!("Director of Community Services"),
        ),
        (
            format!("/api/v1/updates/{}", p.november),
            "evidence_of_impact",
            json!("Revised impact."),
        ),
    ] {
        let first = app.get(&path, None).await.expect(200);
        let etag = first.header("etag").unwrap();
        app.patch(&path, json!({ field: value })).await.expect(200);
        assert_eq!(
            patch_if_match(&app, &path, &etag, json!({ field: "Mine" })).await,
            412,
            "{path}"
        );
        let now = app.get(&path, None).await.expect(200);
        assert_eq!(now.body[field], value);
        assert_eq!(now.body["version"], 2);
        let current = now.header("etag").unwrap();
        assert_eq!(
            patch_if_match(&app, &path, &current, json!({ field: "Mine" })).await,
            200
        );
        // A stale DELETE is refused too.
        let r = app
            .client
            .delete(app.url(&path))
            .bearer_auth(&app.clerk)
            .header("If-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 412);
    }
    // Every change is in the audit trail.
    let audit = app
        .get(
            &format!("/api/v1/audit?entity_id={}", p.recommendation),
            Some(&app.admin),
        )
        .await
        .expect(200);
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "update"]);
}

#[tokio::test]
async fn several_recommendations_with_parts_a_long_slipped_explanation_and_empty_impact() {
    let app = spawn_app().await;
    let review = app
        .post(
            "/api/v1/reviews",
            json!({"title": "Review of Household Waste Recycling", "link_officers": ["Jane Smith", "Tom Brown"], "action_plan_agreed": "2023-01-18", "select_committee": "Place Select Committee"}),
        )
        .await
        .expect(201);
    assert_eq!(review.body["action_plan_agreed_date"], "2023-01-18");
    let rid = review.id();
    let explanation = "Procurement of the new collection vehicles slipped by six months because the framework agreement lapsed.\n\nA new tender was issued in March 2024 and the contract is expected to be awarded in September 2024, after which the trial of separate food waste collections will begin in two wards.";
    let r1 = app
        .post(
            &format!("/api/v1/reviews/{rid}/recommendations"),
            json!({"number": 1, "text": "That the Council:", "parts": ["a) promotes recycling through schools;", "b) reviews the bring-bank sites."],
                   "responsibility": "Head of Environment", "target": "March 2024", "agreed_action": "Campaign and site review.", "success_measure": "Recycling rate up 5%."}),
        )
        .await
        .expect(201)
        .id();
    let r3 = app
        .post(
            &format!("/api/v1/reviews/{rid}/recommendations"),
            json!({"number": 3, "text": "That food waste collections be trialled:", "parts": [{"text": "in two wards;"}, {"text": "with a report back to the committee."}],
                   "responsibility": "Waste Services Manager", "target": "September 2023", "budget_cost": 25000, "timescale": "2024"}),
        )
        .await
        .expect(201);
    assert_eq!(r3.body["budget_cost"], "25000");
    assert_eq!(r3.body["parts"][1]["letter"], "b");
    let r3 = r3.id();
    app.post(
        &format!("/api/v1/recommendations/{r1}/updates"),
        json!({"period": "January 2024", "evidence_of_progress": "Schools campaign launched.", "grade": 2, "evidence_of_impact": ""}),
    )
    .await
    .expect(201);
    let slipped = app
        .post(
            &format!("/api/v1/recommendations/{r3}/updates"),
            json!({"period": "January 2024", "evidence_of_progress": "Vehicles not yet procured.", "grade": 3, "grade_explanation": explanation}),
        )
        .await
        .expect(201);
    assert_eq!(slipped.body["flags"], json!([]));
    let txt = text_of(&app, &format!("/api/v1/reviews/{rid}/report?format=txt")).await;
    let n = normalise(&txt);
    let order = [
        "PROGRESS UPDATE: Review of Household Waste Recycling",
        "Link Officer/s: Jane Smith, Tom Brown",
        "Action Plan Agreed: 18th January 2023",
        "Recommendation 1: That the Council: a) promotes recycling through schools; b) reviews the bring-bank sites.",
        "Date: March 2024",
        "Evidence of Progress (January 2024): Schools campaign launched.",
        "Assessment of Progress (January 2024): (include explanation if required) 2 (On-Track)",
        "Evidence of Impact (January 2024): Recommendation 3: That food waste collections be trialled: a) in two wards; b) with a report back to the committee.",
        "Assessment of Progress (January 2024): (include explanation if required) 3 (Slipped) Procurement of the new collection vehicles",
        "the trial of separate food waste collections will begin in two wards. Evidence of Impact (January 2024): Assessment of 1 2 3 4",
    ];
    let mut at = 0;
    for o in order {
        let found = n[at..]
            .find(o)
            .unwrap_or_else(|| panic!("{o:?} not found in order in:\n{txt}"));
        at += found + o.len();
    }
    // The explanation keeps its paragraphs.
    assert!(txt.contains("framework agreement lapsed.\n\nA new tender"));
    // Only one round: ?period=.
    let one = text_of(
        &app,
        &format!("/api/v1/reviews/{rid}/report?format=txt&period=january%202024"),
    )
    .await;
    assert!(one.contains("Recommendation 3:"));
    let (missing, _) = get_doc(
        &app,
        &format!("/api/v1/reviews/{rid}/report?format=txt&period=May%202030"),
        None,
    )
    .await;
    missing.expect(404);
    // The action plan numbers recommendations when there are several.
    let plan = text_of(
        &app,
        &format!("/api/v1/reviews/{rid}/action-plan?format=txt"),
    )
    .await;
    assert!(plan.contains("PLACE SELECT COMMITTEE"), "{plan}");
    assert!(plan.contains("3. That food waste collections be trialled: a) in two wards; b) with a report back to the committee.\t\t\t25000\t2024"), "{plan}");
}

#[tokio::test]
async fn report_formats_are_chosen_by_parameter_or_accept_and_html_is_escaped() {
    let app = spawn_app().await;
    let review = app
        .post("/api/v1/reviews", json!({"title": "<script>alert('x')</script> & Co", "link_officers": ["O'Brien <ob@x>"]}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/reviews/{review}/recommendations"),
        json!({"number": 1, "text": "<img src=x onerror=alert(1)>", "budget_cost": "N/A"}),
    )
    .await
    .expect(201);
    let path = format!("/api/v1/reviews/{review}/report");
    let (html, _) = get_doc(&app, &path, None).await;
    let html = html.expect(200);
    assert!(html
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(html.header("content-security-policy").is_some());
    assert!(!html.text.contains("<script>alert"));
    assert!(!html.text.contains("<img src=x"));
    assert!(html
        .text
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    assert!(html.text.contains("O&#39;Brien &lt;ob@x&gt;"));
    let r = app
        .client
        .get(app.url(&path))
        .header("Accept", "text/markdown")
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    let (docx, bytes) = get_doc(&app, &format!("{path}?format=docx"), None).await;
    let docx = docx.expect(200);
    assert!(docx
        .header("content-disposition")
        .unwrap()
        .contains(".docx"));
    assert_eq!(&bytes[..2], b"PK");
    let (bad, _) = get_doc(&app, &format!("{path}?format=pdf"), None).await;
    assert_eq!(bad.expect(422).error_fields(), vec!["format"]);
    let r = app
        .client
        .get(app.url(&path))
        .header("Accept", "application/pdf")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 406);
    app.get(
        "/api/v1/reviews/00000000-0000-0000-0000-000000000000/report",
        None,
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn invalid_scrutiny_input_lists_every_bad_field() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/reviews",
            json!({"title": "", "body_id": "nope", "link_officers": [1], "action_plan_agreed_date": "2500-01-01"}),
        )
        .await
        .expect(422);
    let f = r.error_fields();
    for want in ["title", "link_officers[0]", "action_plan_agreed_date"] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
    // An unknown body is named once the rest is valid.
    let r = app
        .post("/api/v1/reviews", json!({"title": "T", "body_id": "nope"}))
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["body_id"]);
    let review = app
        .post("/api/v1/reviews", json!({"title": "T"}))
        .await
        .expect(201)
        .id();
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": "two; drop", "parts": [{"letter": "a", "text": "x", "colour": "red"}, 7], "target_date": "not a date"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["target_date"]);
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": "two; drop", "parts": [{"letter": "a", "text": "x", "colour": "red"}, 7, {"letter": "a", "text": "y"}]}),
        )
        .await
        .expect(422);
    let f = r.error_fields();
    for want in ["number", "parts[0].colour", "parts[1]", "parts"] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["text"]);
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1, "text": "x", "id": "mine"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["id"]);
    let rec = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1, "text": "x"}),
        )
        .await
        .expect(201)
        .id();
    let r = app
        .post(
            &format!("/api/v1/recommendations/{rec}/updates"),
            json!({"grade": 2}),
        )
        .await
        .expect(422);
    let f = r.error_fields();
    assert!(
        f.contains(&"period".to_string()) && f.contains(&"evidence_of_progress".to_string()),
        "{f:?}"
    );
    app.post(
        "/api/v1/recommendations/not-an-id/updates",
        json!({"period": "x", "evidence_of_progress": "x", "grade": 1}),
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn deleting_a_review_takes_its_recommendations_and_rounds_with_it() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    app.delete(&format!("/api/v1/reviews/{}", p.review))
        .await
        .expect(204);
    app.get(&format!("/api/v1/reviews/{}", p.review), None)
        .await
        .expect(404);
    app.get(
        &format!("/api/v1/recommendations/{}", p.recommendation),
        None,
    )
    .await
    .expect(404);
    app.get(&format!("/api/v1/updates/{}", p.november), None)
        .await
        .expect(404);
    let o = app.get("/api/v1/scrutiny/overview", None).await.expect(200);
    assert!(o.body["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["count"] == 0));
    let list = app.get("/api/v1/reviews", None).await.expect(200);
    assert_eq!(list.body["items"], json!([]));
}

/// Counts the queries a closure runs on a fresh connection.
fn count_queries<T>(database_url: &str, f: impl FnOnce(&mut minutebook::db::DbConn) -> T) -> usize {
    let mut conn = minutebook::db::establish(database_url).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            c.fetch_add(1, Ordering::SeqCst);
        }
    });
    f(&mut conn);
    count.load(Ordering::SeqCst)
}

#[tokio::test]
async fn reading_a_review_and_the_overview_take_the_same_queries_for_2_or_12_recommendations() {
    let app = spawn_app().await;
    let mut review_counts = Vec::new();
    let mut overview_counts = Vec::new();
    for n in [2, 12] {
        let review = app
            .post(
                "/api/v1/reviews",
                json!({"title": format!("Review of {n}"), "action_plan_agreed": "March 2022"}),
            )
            .await
            .expect(201)
            .id();
        for i in 0..n {
            let rec = app
                .post(
                    &format!("/api/v1/reviews/{review}/recommendations"),
                    json!({"number": i + 1, "text": "x", "target": "May 2022"}),
                )
                .await
                .expect(201)
                .id();
            for period in ["November 2022", "March 2023"] {
                app.post(
                    &format!("/api/v1/recommendations/{rec}/updates"),
                    json!({"period": period, "evidence_of_progress": "x", "grade": 1 + i % 4}),
                )
                .await
                .expect(201);
            }
        }
        review_counts.push(count_queries(&app.database_url, |c| {
            minutebook::store::scrutiny::load_review(c, &review)
                .unwrap()
                .recommendations
                .len()
        }));
        overview_counts.push(count_queries(&app.database_url, |c| {
            let on = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
            minutebook::api::scrutiny::load_overview(c, None, on, 60)
                .unwrap()
                .overdue
                .len()
        }));
    }
    assert_eq!(review_counts[0], review_counts[1], "{review_counts:?}");
    assert!(review_counts[0] <= 4, "{review_counts:?}");
    assert_eq!(
        overview_counts[0], overview_counts[1],
        "{overview_counts:?}"
    );
    assert!(overview_counts[0] <= 4, "{overview_counts:?}");
}

#[tokio::test]
async fn the_openapi_document_describes_the_scrutiny_endpoints() {
    let app = spawn_app().await;
    let doc = app.get("/openapi.json", None).await.expect(200);
    for path in [
        "/api/v1/reviews",
        "/api/v1/reviews/{id}",
        "/api/v1/reviews/{id}/recommendations",
        "/api/v1/recommendations/{id}",
        "/api/v1/recommendations/{id}/updates",
        "/api/v1/updates/{id}",
        "/api/v1/reviews/{id}/report",
        "/api/v1/reviews/{id}/action-plan",
        "/api/v1/scrutiny/overview",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path} not described");
    }
}
