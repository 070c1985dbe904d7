//! The two seed documents, entered through the API, render as the seeds read:
//! the progress update in every format (and in LibreOffice), and the action
//! plan.

use super::{
    enter_pspo, get_doc, normalise, text_of, MAR_EVIDENCE, MAR_IMPACT, NOV_EVIDENCE, NOV_IMPACT,
    REC2_AGREED_ACTION, REC2_RESPONSIBILITY, REC2_SUCCESS_MEASURE, REC2_TARGET, REC2_TEXT,
};
use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};
use std::io::Read;

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
    let text =
        tokio::task::spawn_blocking(move || crate::render::libreoffice::soffice_to_text(&word))
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
