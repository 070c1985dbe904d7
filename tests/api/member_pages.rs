//! Councillors in public and in bulk: the member pages (index and page,
//! nothing private or sensitive on them) and `minutebook import-members`.

use crate::councillors::{councillor, party, ward};
use crate::helpers::{spawn_app, TestApp};
use crate::mgws::{parse, ws};
use serde_json::{json, Value};

/// The members' pages: the index by ward, party or name with its filters,
/// and a member's page with what the public may see and nothing else.
#[tokio::test]
async fn member_pages_show_councillors_and_never_a_private_address_or_sensitive_interest() {
    let app = spawn_app().await;
    let (ann, lab) = two_councillors_one_with_a_public_profile(&app).await;

    a_partner_and_an_officer_sit_on_a_body(&app).await;
    the_index_lists_councillors_by_ward_then_partners(&app, &lab).await;

    a_members_page_shows_only_what_the_public_may_see(&app, &ann).await;
    someone_known_only_to_clerks_has_no_page(&app).await;
    the_json_has_the_same_facts(&app, &ann).await;
}

/// Creates Ann (Labour, Abbey) with posts and interests and Bob (Conservative, Castle); answers Ann's and Labour's ids.
async fn two_councillors_one_with_a_public_profile(app: &TestApp) -> (String, String) {
    let (abbey, castle) = (ward(app, "Abbey").await, ward(app, "Castle").await);
    let (lab, con) = (party(app, "Labour").await, party(app, "Conservative").await);
    let ann = councillor(app, "Ann Able", &abbey, &lab, "2022-05-05", Value::Null).await;
    councillor(app, "Bob Bell", &castle, &con, "2022-05-05", Value::Null).await;
    app.patch(
        &format!("/api/v1/people/{ann}"),
        json!({"posts": ["Leader of the Council"], "public_phone": "01234 567890", "biography": "Ann has lived in Abbey ward for 30 years."}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/people/{ann}/interests"),
        json!({"category": "employment", "description": "Teacher at Abbey School"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/people/{ann}/interests"),
        json!({"category": "land", "description": "12 Refuge Road", "sensitive": true}),
    )
    .await
    .expect(201);
    (ann, lab)
}

/// Puts a partner member and an officer on a partnership body.
async fn a_partner_and_an_officer_sit_on_a_body(app: &TestApp) {
    // A partner who sits on a body is listed after the councillors; an
    // officer of the body is not a member and is not listed.
    app.body("ssp", "SSP", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    for (name, role) in [("Pat Partner", "member"), ("Olive Officer", "officer")] {
        let p = app.person(name, "Cleveland Police").await;
        app.post(
            "/api/v1/bodies/ssp/memberships",
            json!({"person_id": p, "role": role}),
        )
        .await
        .expect(201);
    }
}

/// Checks the index lists councillors by ward, then partners, never officers, and filters.
async fn the_index_lists_councillors_by_ward_then_partners(app: &TestApp, lab: &str) {
    let index = app.get("/people", None).await.expect(200);
    assert!(
        !index.text.contains("Olive Officer"),
        "an officer is not a member"
    );
    let other = index
        .text
        .find("Other members of committees and partnerships")
        .expect("a group for partners");
    assert!(index.text.find("Pat Partner").unwrap() > other);
    assert!(
        index.text.find(">Castle<").unwrap() < other,
        "councillors first"
    );
    assert!(index.text.contains("Cllr Ann Able") && index.text.contains("Cllr Bob Bell"));
    assert!(
        index.text.find(">Abbey<").unwrap() < index.text.find(">Castle<").unwrap(),
        "by ward"
    );
    let labour = app
        .get(&format!("/people?party={lab}"), None)
        .await
        .expect(200);
    assert!(labour.text.contains("Cllr Ann Able") && !labour.text.contains("Cllr Bob Bell"));
    let named = app
        .get("/people?name=bell&by=party", None)
        .await
        .expect(200);
    assert!(named.text.contains("Cllr Bob Bell") && !named.text.contains("Cllr Ann Able"));
}

/// Checks a member's page shows the public facts and neither the private address nor a sensitive interest.
async fn a_members_page_shows_only_what_the_public_may_see(app: &TestApp, ann: &str) {
    let page = app.get(&format!("/people/{ann}"), None).await.expect(200);
    for expected in [
        "Cllr Ann Able",
        "Labour, Abbey ward",
        "Leader of the Council",
        "Ann.Able@council.example.gov.uk",
        "01234 567890",
        "Teacher at Abbey School",
        "Withheld under section 32",
    ] {
        assert!(page.text.contains(expected), "{expected} missing");
    }
    assert!(!page.text.contains("home.example"), "the private address");
    assert!(!page.text.contains("Refuge Road"), "a sensitive interest");
    app.get("/people/6f1c2a8e-0000-4000-8000-000000000000", None)
        .await
        .expect(404);
    app.get("/people/not-an-id", None).await.expect(404);
}

/// Checks someone known only to clerks has no public page and is not listed.
async fn someone_known_only_to_clerks_has_no_page(app: &TestApp) {
    // Someone known only to clerks has no public page.
    let hidden = app
        .post("/api/v1/people", json!({"name": "Hidden Person"}))
        .await
        .expect(201)
        .id();
    app.get(&format!("/people/{hidden}"), None)
        .await
        .expect(404);
    assert!(!app
        .get("/people", None)
        .await
        .text
        .contains("Hidden Person"));
}

/// Checks the member's JSON has the same facts.
async fn the_json_has_the_same_facts(app: &TestApp, ann: &str) {
    // The JSON has the same facts.
    let json = app
        .get(&format!("/api/v1/people/{ann}"), None)
        .await
        .expect(200);
    assert_eq!(json.body["posts"][0], "Leader of the Council");
    assert_eq!(
        json.body["interests"][1]["description"],
        "Withheld under section 32 of the Localism Act 2011"
    );
    assert!(json.body["attendance"]["expected"].is_number());
}

/// `minutebook import-members FILE.csv`: a council's spreadsheet, a row at
/// a time; a bad row is reported by line and changes nothing else; a second
/// run adds nothing.
#[tokio::test]
async fn members_load_from_a_spreadsheet_row_by_row() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("members.csv");
    std::fs::write(
        &csv,
        "Full Name,Honorific,Ward,Political Party,Email,Official Email,Telephone,Address,Posts,Term Start,Term End\n\
         Ann Able,Cllr,Abbey,Labour,ann@home.example,ann.able@council.example.gov.uk,01234 567890,\"Civic Centre, High Street\",Leader of the Council;Cabinet Member for Finance,2022-05-05,2099-05-07\n\
         Bob Bell,Cllr,Castle,Conservative,,,,,,05/05/2022,\n\
         Cat Cole,Cllr,Abbey,labour,not-an-address,,,,,2022-05-05,\n\
         Dan Dale,Cllr,Castle,,,,,,,2022-05-05,\n\
         Eve Eden,Cllr,Castle,Independent,,,,,,5 May 2022,\n",
    )
    .unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_minutebook"))
            .arg("import-members")
            .arg(&csv)
            .env("DATABASE_URL", &app.database_url)
            .env("MINUTEBOOK_DATA_DIR", &app.data_dir)
            .output()
            .unwrap()
    };
    let out = run();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!out.status.success(), "a refused row fails the run: {text}");
    assert!(
        text.starts_with("added 2, already loaded 0, refused 3"),
        "{text}"
    );
    assert!(text.contains("line 4: refused: email"), "{text}");
    assert!(text.contains("line 5: refused: party"), "{text}");
    assert!(text.contains("line 6: refused: start_date"), "{text}");
    let again = String::from_utf8_lossy(&run().stdout).to_string();
    assert!(
        again.starts_with("added 0, already loaded 2, refused 3"),
        "{again}"
    );

    let wards = app.get("/api/v1/wards", None).await.expect(200);
    assert_eq!(
        wards.body["data"].as_array().unwrap().len(),
        2,
        "Abbey and Castle, once each"
    );
    let parties = app.get("/api/v1/parties", None).await.expect(200);
    let names: Vec<&str> = parties.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Conservative", "Labour"],
        "a refused row made no party"
    );
    let doc = parse(&ws(&app, "GetCouncillorsByWard").await.expect(200).text);
    let abbey = &doc.child("wards").all("ward")[0];
    let ann = abbey.child("councillors").child("councillor");
    assert_eq!(ann.get("fullusername"), "Cllr Ann Able");
    assert_eq!(
        ann.get("keyposts"),
        "Leader of the Council; Cabinet Member for Finance"
    );
    assert_eq!(ann.child("workaddress").get("line1"), "Civic Centre");
    assert_eq!(
        ann.child("workaddress").get("email"),
        "ann.able@council.example.gov.uk"
    );
}
