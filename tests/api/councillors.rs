//! Councillors: wards and parties as data, terms of office, public and
//! private contact details, photos, and the modern.gov web service's
//! councillors by ward as Democracy Club's scraper reads them.

use crate::helpers::{spawn_app, TestApp};
use crate::mgws::{parse, ws};
use serde_json::{json, Value};

pub(crate) async fn ward(app: &TestApp, name: &str) -> String {
    app.post("/api/v1/wards", json!({"name": name}))
        .await
        .expect(201)
        .id()
}

pub(crate) async fn party(app: &TestApp, name: &str) -> String {
    app.post(
        "/api/v1/parties",
        json!({"name": name, "colour": "#E4003B"}),
    )
    .await
    .expect(201)
    .id()
}

pub(crate) async fn councillor(
    app: &TestApp,
    name: &str,
    ward: &str,
    party: &str,
    start: &str,
    end: Value,
) -> String {
    let id = app
        .post(
            "/api/v1/people",
            json!({"name": name, "honorific": "Cllr", "email": format!("{}@home.example", name.replace(' ', ".")),
                   "public_email": format!("{}@council.example.gov.uk", name.replace(' ', "."))}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/people/{id}/terms"),
        json!({"ward_id": ward, "party_id": party, "start_date": start, "end_date": end}),
    )
    .await
    .expect(201);
    id
}

pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    // A plain RGB PNG, written by hand: signature, IHDR, one IDAT of stored
    // (uncompressed) deflate blocks, IEND.
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend_from_slice(data);
        out.extend_from_slice(&c);
        out.extend_from_slice(&crc32(&c).to_be_bytes());
    }
    fn crc32(b: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &x in b {
            c ^= x as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&[(x % 256) as u8, (y % 256) as u8, 90]);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, &raw).unwrap();
    let idat = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[tokio::test]
async fn wards_and_parties_are_data_retired_not_deleted_once_used() {
    let app = spawn_app().await;
    let (abbey, spare, lab) = wards_and_parties_are_validated_and_listed(&app).await;

    an_unused_ward_is_deleted(&app, &spare).await;
    councillor(&app, "Ann Able", &abbey, &lab, "2022-05-05", Value::Null).await;
    used_wards_and_parties_are_retired_not_deleted(&app, &abbey, &lab).await;
    // Anonymous callers cannot write.
    app.send(
        reqwest::Method::POST,
        "/api/v1/wards",
        None,
        Some(json!({"name": "Y"})),
    )
    .await
    .expect(401);
}

/// Creates, validates, lists and renames wards and parties; answers (abbey, spare, labour).
async fn wards_and_parties_are_validated_and_listed(app: &TestApp) -> (String, String, String) {
    let r = app
        .post(
            "/api/v1/wards",
            json!({"name": "Abbey", "ons_code": "E05012345", "start_date": "2019-05-02"}),
        )
        .await
        .expect(201);
    let abbey = r.id();
    assert_eq!(r.body["ons_code"], "E05012345");
    let bad = app
        .post("/api/v1/wards", json!({"name": "X", "ons_code": "12345"}))
        .await
        .expect(422);
    assert_eq!(bad.error_fields(), vec!["ons_code"]);
    app.post("/api/v1/wards", json!({"ons_code": "E05012346"}))
        .await
        .expect(422);
    let bad = app
        .post(
            "/api/v1/parties",
            json!({"name": "Green", "colour": "green"}),
        )
        .await
        .expect(422);
    assert_eq!(bad.error_fields(), vec!["colour"]);
    let spare = ward(app, "Castle").await;
    let lab = party(app, "Labour").await;
    let wards = app.get("/api/v1/wards", None).await.expect(200);
    let names: Vec<&str> = wards.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Abbey", "Castle"]);
    app.patch(
        &format!("/api/v1/wards/{abbey}"),
        json!({"name": "Abbey and Priory"}),
    )
    .await
    .expect(200);
    (abbey, spare, lab)
}

/// Deletes a ward no term uses.
async fn an_unused_ward_is_deleted(app: &TestApp, spare: &str) {
    // Unused: deleted. Used by a term: retired, kept, and no longer offered.
    app.delete(&format!("/api/v1/wards/{spare}"))
        .await
        .expect(204);
    app.get(&format!("/api/v1/wards/{spare}"), None)
        .await
        .expect(404);
}

/// Refuses to delete a ward or party a term names, retires them and offers them no more.
async fn used_wards_and_parties_are_retired_not_deleted(app: &TestApp, abbey: &str, lab: &str) {
    // A ward a term names stays on the record: deleting it is refused, and
    // it is retired instead.
    app.delete(&format!("/api/v1/wards/{abbey}"))
        .await
        .expect(409);
    let retired = app
        .patch(&format!("/api/v1/wards/{abbey}"), json!({"retired": true}))
        .await
        .expect(200);
    assert!(retired.body["retired_at"].is_string());
    app.get(&format!("/api/v1/wards/{abbey}"), None)
        .await
        .expect(200);
    let p = app
        .post("/api/v1/people", json!({"name": "Ben Bold"}))
        .await
        .expect(201)
        .id();
    let r = app
        .post(
            &format!("/api/v1/people/{p}/terms"),
            json!({"ward_id": abbey, "party_id": lab, "start_date": "2024-01-01"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["ward_id"]);
    app.delete(&format!("/api/v1/parties/{lab}"))
        .await
        .expect(409);
    app.patch(&format!("/api/v1/parties/{lab}"), json!({"retired": true}))
        .await
        .expect(200);
    let parties = app.get("/api/v1/parties", None).await.expect(200);
    assert!(parties.body["data"][0]["retired_at"].is_string());
}

#[tokio::test]
async fn terms_give_a_councillors_ward_and_party_on_a_date() {
    let app = spawn_app().await;
    let (north, south) = (ward(&app, "North").await, ward(&app, "South").await);
    let (lab, ind) = (
        party(&app, "Labour").await,
        party(&app, "Independent").await,
    );
    let id = councillor(
        &app,
        "Cara Clay",
        &north,
        &lab,
        "2018-05-03",
        json!("2022-05-04"),
    )
    .await;
    app.post(
        &format!("/api/v1/people/{id}/terms"),
        json!({"ward_id": south, "party_id": ind, "start_date": "2022-05-05"}),
    )
    .await
    .expect(201);
    // A seat at a time: an overlapping term is refused, naming the other.
    let r = app
        .post(
            &format!("/api/v1/people/{id}/terms"),
            json!({"ward_id": north, "party_id": lab, "start_date": "2021-01-01"}),
        )
        .await
        .expect(422);
    assert!(r.text.contains("2018-05-03 to 2022-05-04"), "{}", r.text);
    app.post(
        &format!("/api/v1/people/{id}/terms"),
        json!({"ward_id": north, "party_id": lab}),
    )
    .await
    .expect(422);
    let p = app
        .get(&format!("/api/v1/people/{id}"), None)
        .await
        .expect(200);
    assert_eq!(p.body["current_term"]["ward"], "South");
    assert_eq!(p.body["current_term"]["party"], "Independent");
    assert_eq!(p.body["terms"].as_array().unwrap().len(), 2);
    assert_eq!(p.body["terms"][0]["ward"], "North");
    // The public sees the published address, never the private one.
    assert_eq!(p.body["public_email"], "Cara.Clay@council.example.gov.uk");
    assert!(p.body["email"].is_null(), "{}", p.text);
    assert!(!p.text.contains("home.example"));
    let internal = app
        .get(&format!("/api/v1/people/{id}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(internal.body["email"], "Cara.Clay@home.example");
    // Ending the current term: no current term after it.
    let terms = app
        .get(&format!("/api/v1/people/{id}/terms"), None)
        .await
        .expect(200);
    let last = terms.body["data"][1]["id"].as_str().unwrap().to_string();
    app.patch(
        &format!("/api/v1/terms/{last}"),
        json!({"end_date": "2023-01-01"}),
    )
    .await
    .expect(200);
    let p = app
        .get(&format!("/api/v1/people/{id}"), None)
        .await
        .expect(200);
    assert!(p.body["current_term"].is_null());
    let r = app
        .patch(
            &format!("/api/v1/terms/{last}"),
            json!({"end_date": "2020-01-01"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["start_date"]);
}

#[tokio::test]
async fn details_and_posts_are_kept_and_checked() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/people",
            json!({"name": "Dev Dhillon", "title": "Dr", "given_name": "Dev", "family_name": "Dhillon",
                   "public_phone": "01234 567890", "public_address": "Civic Centre, High Street, Town, AB1 2CD",
                   "biography": "Councillor since 2019.", "posts": ["Leader of the Council", "Cabinet Member for Finance"]}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["posts"][0], "Leader of the Council");
    assert_eq!(r.body["family_name"], "Dhillon");
    let id = r.id();
    let r = app
        .patch(
            &format!("/api/v1/people/{id}"),
            json!({"posts": [], "title": null}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["posts"], json!([]));
    assert!(r.body["title"].is_null());
    let r = app
        .post(
            "/api/v1/people",
            json!({"name": "E", "public_email": "not an address"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["public_email"]);
    let many: Vec<String> = (0..21).map(|i| format!("post {i}")).collect();
    app.post("/api/v1/people", json!({"name": "F", "posts": many}))
        .await
        .expect(422);
}

#[tokio::test]
async fn a_photo_is_typed_from_its_bytes_scaled_and_served_as_papers_are() {
    let app = spawn_app().await;
    let (w, p) = (ward(&app, "Abbey").await, party(&app, "Labour").await);
    let id = councillor(&app, "Gail Grey", &w, &p, "2022-05-05", Value::Null).await;
    let put = |body: Vec<u8>, token: Option<String>| {
        let mut r = app
            .client
            .put(app.url(&format!("/api/v1/people/{id}/photo")))
            .header("Content-Type", "image/png")
            .body(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        async move { crate::helpers::Res::from(r.send().await.unwrap()).await }
    };
    put(png(40, 30), None).await.expect(401);
    let r = put(png(1200, 800), Some(app.clerk.clone()))
        .await
        .expect(200);
    assert_eq!(
        (r.body["width"].as_i64(), r.body["height"].as_i64()),
        (Some(600), Some(400))
    );
    assert_eq!(r.body["content_type"], "image/jpeg");
    let url = r.body["url"].as_str().unwrap().to_string();
    let photo = app.client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    assert_eq!(photo.headers()["x-content-type-options"], "nosniff");
    let bytes = photo.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xFF\xD8\xFF", "a JPEG");
    let person = app
        .get(&format!("/api/v1/people/{id}"), None)
        .await
        .expect(200);
    assert_eq!(person.body["photo_url"], url.as_str());
    // Not a picture, whatever its declared type: refused, the photo kept.
    let r = put(b"%PDF-1.7\n".to_vec(), Some(app.clerk.clone()))
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["photo"]);
    let mut cut = png(300, 300);
    cut.truncate(200);
    put(cut, Some(app.clerk.clone())).await.expect(422);
    assert_eq!(
        app.client.get(app.url(&url)).send().await.unwrap().status(),
        200
    );
    // A person the public does not know of has no public photo.
    let hidden = app
        .post("/api/v1/people", json!({"name": "Hidden"}))
        .await
        .expect(201)
        .id();
    app.client
        .put(app.url(&format!("/api/v1/people/{hidden}/photo")))
        .bearer_auth(&app.clerk)
        .body(png(20, 20))
        .send()
        .await
        .unwrap();
    assert_eq!(
        app.client
            .get(app.url(&format!("/people/{hidden}/photo")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// Democracy Club's modern.gov councillor scraper, step for step: every
/// `<ward>`, every `<councillor>` in it; id, name, the ward's title and the
/// party's must be there; then email, `photobigurl`, and the last
/// `<enddate>` of the terms of office unless "unspecified".
#[tokio::test]
async fn councillors_by_ward_carry_what_democracy_clubs_scraper_requires() {
    let app = spawn_app().await;
    let a = councillors_past_and_present_a_partner_and_a_photo(&app).await;

    the_scraper_finds_every_sitting_councillor_and_their_details(&app, &a).await;
    // GetMemberGroup lists the body's members, the partner among them.
    let group = ws(&app, "GetMemberGroup?sOrder=&sShortName=").await.text;
    assert!(group.contains("Pat Police"), "{group}");
}

/// Creates three sitting councillors, a past one, a partner and Ann's photo; answers Ann's id.
async fn councillors_past_and_present_a_partner_and_a_photo(app: &TestApp) -> String {
    let (abbey, castle) = (ward(app, "Abbey").await, ward(app, "Castle").await);
    let (lab, con) = (party(app, "Labour").await, party(app, "Conservative").await);
    let a = councillor(
        app,
        "Ann Able",
        &abbey,
        &lab,
        "2022-05-05",
        json!("2027-05-06"),
    )
    .await;
    councillor(
        app,
        "Bob Bell",
        &abbey,
        &con,
        "2022-05-05",
        json!("2099-05-07"),
    )
    .await;
    councillor(app, "Cat Cole", &castle, &lab, "2022-05-05", Value::Null).await;
    // Served before: a term that has ended; a partner who holds no seat.
    councillor(
        app,
        "Old Olds",
        &castle,
        &con,
        "2014-05-01",
        json!("2018-05-02"),
    )
    .await;
    let body = app
        .body("ssp", "SSP", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let partner = app.person("Pat Police", "Cleveland Police").await;
    app.post(
        &format!(
            "/api/v1/bodies/{}/memberships",
            body["slug"].as_str().unwrap()
        ),
        json!({"person_id": partner, "role": "member"}),
    )
    .await
    .expect(201);
    app.client
        .put(app.url(&format!("/api/v1/people/{a}/photo")))
        .bearer_auth(&app.clerk)
        .body(png(50, 50))
        .send()
        .await
        .unwrap();
    a
}

/// Reads GetCouncillorsByWard as the scraper does and checks every field and the photo.
async fn the_scraper_finds_every_sitting_councillor_and_their_details(app: &TestApp, a: &str) {
    let doc = parse(&ws(app, "GetCouncillorsByWard").await.expect(200).text);
    let mut found = Vec::new();
    for ward in doc.child("wards").all("ward") {
        for c in ward.child("councillors").all("councillor") {
            let (id, name) = (c.get("councillorid"), c.get("fullusername"));
            let (division, party) = (ward.get("wardtitle"), c.get("politicalpartytitle"));
            assert!(
                !id.is_empty() && !name.is_empty() && !division.is_empty() && !party.is_empty(),
                "{name}"
            );
            id.parse::<i64>().expect("an integer id");
            let email = c.child("workaddress").get("email");
            let photo = c.get("photobigurl");
            let end = c
                .child("termsofoffice")
                .all("termofoffice")
                .last()
                .map(|t| t.get("enddate"));
            found.push((division, name, party, email, photo, end));
        }
    }
    let names: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
    assert_eq!(
        names,
        [
            ("Abbey", "Cllr Ann Able"),
            ("Abbey", "Cllr Bob Bell"),
            ("Castle", "Cllr Cat Cole")
        ]
    );
    assert_eq!(found[0].2, "Labour");
    assert_eq!(found[0].3, "Ann.Able@council.example.gov.uk");
    assert!(
        found[0].4.starts_with(&app.base) && found[0].4.contains(&format!("/people/{a}/photo")),
        "{}",
        found[0].4
    );
    assert_eq!(found[0].5.as_deref(), Some("06/05/2027"));
    assert_eq!(found[2].5.as_deref(), Some("unspecified"));
    assert!(found[1].4.is_empty());
    let raw = ws(app, "GetCouncillorsByWard").await.text;
    assert!(!raw.contains("home.example"), "a private address: {raw}");
    // The photo address answers.
    let photo = app.client.get(&found[0].4).send().await.unwrap();
    assert_eq!(photo.status(), 200);
}

/// OParl: a councillor's `Person` carries names, published contact and the
/// photo as an embedded `File`; each `Membership` is `onBehalfOf` the
/// party, and the party is an `Organization` of its own; all schema-valid.
#[tokio::test]
async fn oparl_people_and_memberships_carry_the_party_and_are_schema_valid() {
    let app = spawn_app().await;
    let schemas = crate::oparl::Schemas::load();
    let (id, lab) = ann_sits_on_a_body_with_a_photo(&app).await;
    let party_url =
        her_person_and_membership_are_valid_and_name_the_party(&app, &schemas, &id, &lab).await;
    the_party_is_an_organization_of_its_own(&app, &schemas, &party_url).await;
    the_body_lists_the_committee_and_the_party(&app, &schemas).await;
}

/// Creates Ann with her names, a membership and a photo; answers her and her party's ids.
async fn ann_sits_on_a_body_with_a_photo(app: &TestApp) -> (String, String) {
    let (w, lab) = (ward(app, "Abbey").await, party(app, "Labour").await);
    let id = councillor(app, "Ann Able", &w, &lab, "2022-05-05", Value::Null).await;
    app.patch(
        &format!("/api/v1/people/{id}"),
        json!({"given_name": "Ann", "family_name": "Able", "title": "Dr"}),
    )
    .await
    .expect(200);
    let body = app
        .body("cab", "CAB", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    app.post(
        &format!(
            "/api/v1/bodies/{}/memberships",
            body["slug"].as_str().unwrap()
        ),
        json!({"person_id": id, "role": "member"}),
    )
    .await
    .expect(201);
    app.client
        .put(app.url(&format!("/api/v1/people/{id}/photo")))
        .bearer_auth(&app.clerk)
        .body(png(64, 64))
        .send()
        .await
        .unwrap();
    (id, lab)
}

/// Checks her Person and Membership are schema-valid and on behalf of the party; answers the party's URL.
async fn her_person_and_membership_are_valid_and_name_the_party(
    app: &TestApp,
    schemas: &crate::oparl::Schemas,
    id: &str,
    lab: &str,
) -> String {
    let p = app
        .get(&format!("/oparl/v1/person/{id}"), None)
        .await
        .expect(200);
    schemas.check(&p.body);
    assert_eq!(p.body["givenName"], "Ann");
    assert_eq!(p.body["familyName"], "Able");
    assert_eq!(p.body["title"], json!(["Dr"]));
    assert_eq!(p.body["email"], json!(["Ann.Able@council.example.gov.uk"]));
    assert!(!p.text.contains("home.example"));
    let image = p.body["image"]["accessUrl"].as_str().expect("an image");
    assert_eq!(app.client.get(image).send().await.unwrap().status(), 200);
    let membership = &p.body["membership"][0];
    let party_url = membership["onBehalfOf"]
        .as_str()
        .expect("onBehalfOf")
        .to_string();
    assert!(
        party_url.ends_with(&format!("/organization/{lab}")),
        "{party_url}"
    );
    let m = app
        .client
        .get(membership["id"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let m: Value = m.json().await.unwrap();
    schemas.check(&m);
    assert_eq!(m["onBehalfOf"], party_url.as_str());
    party_url
}

/// Checks the party is a schema-valid Organization of type Fraktion.
async fn the_party_is_an_organization_of_its_own(
    app: &TestApp,
    schemas: &crate::oparl::Schemas,
    party_url: &str,
) {
    let org: Value = app
        .client
        .get(party_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    schemas.check(&org);
    assert_eq!(org["name"], "Labour");
    assert_eq!(org["organizationType"], "Fraktion");
}

/// Checks the body's organisation list holds the committee and the party, all valid.
async fn the_body_lists_the_committee_and_the_party(
    app: &TestApp,
    schemas: &crate::oparl::Schemas,
) {
    // The body's organisation list holds the committee and the party.
    let list: Value = app
        .client
        .get(app.url("/oparl/v1/body/0/organizations"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Labour") && names.contains(&"cab body"),
        "{names:?}"
    );
    for o in list["data"].as_array().unwrap() {
        schemas.check(o);
    }
}
