//! Votes through the API: a recorded vote of five members and a show of
//! hands, shown in house style in every format, the JSON read model and
//! OParl; and the refusals (contradictory counts, an absent member, a
//! member with a disclosable pecuniary interest, a casting vote not the
//! chair's or not on a tie), each changing nothing.

use crate::helpers::TestApp;
use crate::public_pages::set_minutes_status;
use crate::render::docx_body;
use serde_json::{json, Value};

pub struct Partnership {
    pub meeting: String,
    pub budget: String,
    pub grant: String,
    /// Ann (chair), Ben, Cat, Dev, Eve: present; Fay: apologies; Gil: officer.
    pub people: Vec<String>,
}

pub const NAMES: [&str; 7] = [
    "Ann Arbor",
    "Ben Bright",
    "Cat Cole",
    "Dev Dale",
    "Eve Ekins",
    "Fay Ford",
    "Gil Grant",
];

/// A held partnership meeting: five members present (the first in the
/// chair), one with apologies, an officer; two items.
pub async fn partnership(app: &TestApp) -> Partnership {
    app.body("ssp", "SSP", json!({})).await;
    let mut people = Vec::new();
    for name in NAMES {
        let id = app
            .post(
                "/api/v1/people",
                json!({"name": name, "honorific": "Cllr", "organisation": "SBC"}),
            )
            .await
            .expect(201)
            .id();
        people.push(id);
    }
    let meeting = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let budget = app.item(&meeting, "Partnership Budget 2023/24").await;
    let grant = app.item(&meeting, "Community Safety Grant").await;
    app.publish(&meeting).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{meeting}"),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    for (i, p) in people.iter().enumerate() {
        let status = match i {
            5 => "apologies",
            6 => "officer",
            _ => "present",
        };
        app.post(
            &format!("/api/v1/meetings/{meeting}/attendance"),
            json!({"person_id": p, "status": status, "chair": i == 0}),
        )
        .await
        .expect(201);
    }
    Partnership {
        meeting,
        budget,
        grant,
        people,
    }
}

pub async fn outcome(app: &TestApp, item: &str, verb: &str, text: &str) -> String {
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": verb, "text": text}),
    )
    .await
    .expect(201)
    .id()
}

/// The five-member recorded vote on the budget (3 for, 1 against, 1
/// abstention) and a show of hands on the grant (4 to 0, 1 abstention).
pub async fn record_votes(app: &TestApp, p: &Partnership) -> (Value, Value) {
    let resolved = outcome(app, &p.budget, "RESOLVED", "that the budget be approved.").await;
    let who = &p.people;
    let recorded = app
        .post(
            &format!("/api/v1/items/{}/votes", p.budget),
            json!({"named": [
                {"person_id": who[0], "vote": "for"},
                {"person_id": who[1], "vote": "for"},
                {"person_id": who[2], "vote": "for"},
                {"person_id": who[3], "vote": "against"},
                {"person_id": who[4], "vote": "abstain"},
            ], "outcome_id": resolved}),
        )
        .await
        .expect(201);
    let agreed = outcome(app, &p.grant, "AGREED", "that the grant be awarded.").await;
    let hands = app
        .post(
            &format!("/api/v1/items/{}/votes", p.grant),
            json!({"for": 4, "against": 0, "abstained": 1, "outcome_id": agreed}),
        )
        .await
        .expect(201);
    (recorded.body, hands.body)
}

async fn minutes(app: &TestApp, m: &str, format: &str) -> Vec<u8> {
    let r = app
        .client
        .get(app.url(&format!("/api/v1/meetings/{m}/minutes?format={format}")))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn a_recorded_vote_and_a_show_of_hands_are_minuted_in_house_style_in_every_format() {
    let app = crate::helpers::spawn_app().await;
    let p = partnership(&app).await;
    let (recorded, hands) = record_votes(&app, &p).await;
    assert_eq!(recorded["kind"], "recorded");
    assert_eq!(
        (
            &recorded["for"],
            &recorded["against"],
            &recorded["abstained"]
        ),
        (&json!(3), &json!(1), &json!(1))
    );
    assert_eq!(recorded["result"], "carried");
    assert_eq!(recorded["summary"], "by 3 votes to 1, with 1 abstention");
    assert_eq!(recorded["named"][3]["person_name"], "Cllr Dev Dale");
    assert_eq!(recorded["named"][3]["vote"], "against");
    assert_eq!(hands["kind"], "show_of_hands");
    assert_eq!(hands["summary"], "by 4 votes to 0, with 1 abstention");

    // The JSON read model and the item's list of votes.
    let m = app
        .get(&format!("/api/v1/meetings/{}", p.meeting), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(m.body["items"][0]["votes"][0]["id"], recorded["id"]);
    assert_eq!(m.body["items"][1]["votes"][0]["for"], 4);
    let list = app
        .get(
            &format!("/api/v1/items/{}/votes", p.budget),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

    let txt = String::from_utf8(minutes(&app, &p.meeting, "txt").await).unwrap();
    for expected in [
        "A recorded vote was taken:",
        "For: Cllr Ann Arbor, Cllr Ben Bright, Cllr Cat Cole",
        "Against: Cllr Dev Dale",
        "Abstained: Cllr Eve Ekins",
        "RESOLVED (by 3 votes to 1, with 1 abstention) that the budget be approved.",
        "AGREED (by 4 votes to 0, with 1 abstention) that the grant be awarded.",
    ] {
        assert!(txt.contains(expected), "txt lacks {expected:?}:\n{txt}");
    }
    let html = String::from_utf8(minutes(&app, &p.meeting, "html").await).unwrap();
    let md = String::from_utf8(minutes(&app, &p.meeting, "md").await).unwrap();
    let docx = docx_body(&minutes(&app, &p.meeting, "docx").await);
    for (format, doc) in [("html", &html), ("md", &md), ("docx", &docx)] {
        for expected in [
            "RESOLVED (by 3 votes to 1, with 1 abstention)",
            "that the budget be approved.",
            "Cllr Ann Arbor, Cllr Ben Bright, Cllr Cat Cole",
            "Cllr Dev Dale",
            "Cllr Eve Ekins",
            "AGREED (by 4 votes to 0, with 1 abstention)",
        ] {
            assert!(
                doc.contains(expected),
                "{format} lacks {expected:?}:\n{doc}"
            );
        }
    }
    // The recorded names come before the resolution they decided.
    let names_at = txt.find("Against: Cllr Dev Dale").unwrap();
    assert!(names_at < txt.find("RESOLVED (by 3").unwrap());
}

#[tokio::test]
async fn votes_appear_in_oparl_once_the_minutes_are_public() {
    let app = crate::helpers::spawn_app().await;
    let p = partnership(&app).await;
    record_votes(&app, &p).await;
    let item_url = format!("/oparl/v1/agenda-item/{}", p.budget);
    let before = app.get(&item_url, None).await.expect(200);
    assert!(
        before.body.get("minutebook:votes").is_none(),
        "draft minutes"
    );
    set_minutes_status(&app, &p.meeting, "published");
    let after = app.get(&item_url, None).await.expect(200);
    let votes = after.body["minutebook:votes"].as_array().expect("votes");
    assert_eq!(votes[0]["summary"], "by 3 votes to 1, with 1 abstention");
    assert_eq!(votes[0]["named"].as_array().unwrap().len(), 5);
    assert!(votes[0]["named"][0]["person"]
        .as_str()
        .unwrap()
        .contains(&p.people[0]));
    // The public JSON and page show them too.
    let m = app
        .get(&format!("/api/v1/meetings/{}", p.meeting), None)
        .await
        .expect(200);
    assert_eq!(m.body["items"][0]["votes"][0]["against"], 1);
    let page = app.get(&format!("/meetings/{}", p.meeting), None).await;
    assert!(page
        .text
        .contains("RESOLVED (by 3 votes to 1, with 1 abstention)"));
}

async fn vote_count(app: &TestApp, item: &str) -> usize {
    app.get(&format!("/api/v1/items/{item}/votes"), Some(&app.clerk))
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .len()
}

/// Named votes for the given people: even positions for, odd against.
fn named_votes(who: &[String], ids: &[usize]) -> Value {
    ids.iter()
        .map(|&i| json!({"person_id": who[i], "vote": if i % 2 == 0 { "for" } else { "against" }}))
        .collect()
}

#[tokio::test]
async fn contradictory_counts_absent_members_and_pecuniary_interests_are_refused() {
    let app = crate::helpers::spawn_app().await;
    let p = partnership(&app).await;
    let path = format!("/api/v1/items/{}/votes", p.budget);

    contradictory_counts_and_absent_members_are_refused(&app, &p, &path).await;

    a_pecuniary_interest_bars_a_vote_and_other_interests_do_not(&app, &p, &path).await;

    bad_casting_votes_counts_and_fields_are_refused(&app, &p, &path).await;

    the_chairs_casting_vote_on_a_tie_is_accepted(&app, &p, &path).await;
}

/// Refuses counts contradicting the names and a member who sent apologies.
async fn contradictory_counts_and_absent_members_are_refused(
    app: &TestApp,
    p: &Partnership,
    path: &str,
) {
    let who = &p.people;
    let named = |ids: &[usize]| named_votes(who, ids);
    // Counts that contradict the names (the names give 2 for, 1 against).
    let r = app
        .post(
            path,
            json!({"for": 3, "against": 1, "named": named(&[0, 1, 2])}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), ["for"]);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );

    // A member who sent apologies.
    let r = app
        .post(path, json!({"named": named(&[0, 1, 5])}))
        .await
        .expect(422);
    assert_eq!(r.error_fields(), ["named[2].person_id"]);
    assert!(
        r.text.contains("Cllr Fay Ford was not recorded as present"),
        "{}",
        r.text
    );
}

/// Refuses the vote of a member with a disclosable pecuniary interest; other kinds do not bar one.
async fn a_pecuniary_interest_bars_a_vote_and_other_interests_do_not(
    app: &TestApp,
    p: &Partnership,
    path: &str,
) {
    let who = &p.people;
    let named = |ids: &[usize]| named_votes(who, ids);
    // A member with a disclosable pecuniary interest in the item.
    let d = app
        .post(
            &format!("/api/v1/items/{}/declarations", p.budget),
            json!({"person_id": who[2], "nature": "Director of a firm bidding for the contract", "kind": "disclosable_pecuniary"}),
        )
        .await
        .expect(201);
    assert_eq!(d.body["kind"], "disclosable_pecuniary");
    assert_eq!(d.body["withdrew"], false);
    let r = app
        .post(path, json!({"named": named(&[0, 1, 2])}))
        .await
        .expect(422);
    assert!(
        r.text
            .contains("Cllr Cat Cole declared a disclosable pecuniary interest"),
        "{}",
        r.text
    );
    // Other kinds of interest do not bar a vote; an old client's
    // declaration (no kind) still works.
    app.post(
        &format!("/api/v1/items/{}/declarations", p.grant),
        json!({"person_id": who[1], "nature": "Member of the Fire Authority"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/items/{}/declarations", p.budget),
        json!({"person_id": who[1], "nature": "x", "kind": "sort_of"}),
    )
    .await
    .expect(422);
}

/// Refuses bad casting votes, over-counts, unknown fields and strangers, recording nothing.
async fn bad_casting_votes_counts_and_fields_are_refused(
    app: &TestApp,
    p: &Partnership,
    path: &str,
) {
    let who = &p.people;
    // A casting vote not on a tie, and one not by the chair.
    app.post(path, json!({"for": 3, "against": 1, "casting_vote": "for"}))
        .await
        .expect(422);
    let r = app
        .post(
            path,
            json!({"for": 2, "against": 2, "casting_vote": {"person_id": who[1], "vote": "for"}}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), ["casting_vote.person_id"]);
    // A show of hands counting more than the five present.
    app.post(path, json!({"for": 5, "against": 1}))
        .await
        .expect(422);
    // Unknown fields, bad choices and strangers.
    app.post(path, json!({"for": 1, "forr": 2}))
        .await
        .expect(422);
    app.post(
        path,
        json!({"named": [{"person_id": who[0], "vote": "maybe"}]}),
    )
    .await
    .expect(422);
    app.post(
        path,
        json!({"named": [{"person_id": "6f1c2a8e-0000-4000-8000-000000000000", "vote": "for"}]}),
    )
    .await
    .expect(422);
    // Nothing was recorded by any refused request.
    assert_eq!(vote_count(app, &p.budget).await, 0);
}

/// Accepts the chair's casting vote on a tie and shows it in the minutes.
async fn the_chairs_casting_vote_on_a_tie_is_accepted(app: &TestApp, p: &Partnership, path: &str) {
    // The chair's casting vote on a tie is accepted.
    let tie = app
        .post(
            path,
            json!({"for": 2, "against": 2, "abstained": 0, "casting_vote": "against", "motion": "the amendment moved by Cllr Bright"}),
        )
        .await
        .expect(201);
    assert_eq!(tie.body["result"], "lost");
    assert_eq!(tie.body["casting_person_name"], "Cllr Ann Arbor");
    assert_eq!(
        tie.body["summary"],
        "by 2 votes to 2, on the Chair's casting vote"
    );
    let txt = String::from_utf8(minutes(app, &p.meeting, "txt").await).unwrap();
    assert!(
        txt.contains("the amendment moved by Cllr Bright — lost by 2 votes to 2, on the Chair's casting vote."),
        "{txt}"
    );
    assert!(txt.contains("(disclosable pecuniary interest)"), "{txt}");
}

#[tokio::test]
async fn a_vote_is_withdrawn_only_while_the_minutes_can_change() {
    let app = crate::helpers::spawn_app().await;
    let p = partnership(&app).await;
    let (recorded, hands) = record_votes(&app, &p).await;
    let id = recorded["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/votes/{id}")).await.expect(204);
    assert_eq!(vote_count(&app, &p.budget).await, 0);
    app.delete(&format!("/api/v1/votes/{id}")).await.expect(404);
    // Approved minutes: no more votes, no withdrawing.
    set_minutes_status(&app, &p.meeting, "approved");
    let other = hands["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/votes/{other}"))
        .await
        .expect(409);
    app.post(
        &format!("/api/v1/items/{}/votes", p.grant),
        json!({"for": 1}),
    )
    .await
    .expect(409);
    // Without a token nothing is written.
    app.send(
        reqwest::Method::POST,
        &format!("/api/v1/items/{}/votes", p.grant),
        None,
        Some(json!({"for": 1})),
    )
    .await
    .expect(401);
}
