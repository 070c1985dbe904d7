//! Each operation of the web service, as a modern.gov client calls it.

use super::*;
use crate::helpers::{spawn_app, TestApp};
use crate::public_pages::set_minutes_status;
use serde_json::json;
#[tokio::test]
async fn committees_are_the_bodies_with_integer_ids() {
    let app = spawn_app().await;
    world(&app).await;
    let c = ws_xml(&app, "GetCommittees").await;
    assert_eq!(c.name, "committees");
    assert_eq!(c.get("committeescount"), "2");
    let list = c.all("committee");
    assert_eq!(list.len(), 2);
    for x in &list {
        assert_eq!(x.names(), COMMITTEE);
        int(&x.get("committeeid"));
        assert_eq!(x.get("committeedeleted"), "False");
    }
    assert_eq!(list[0].get("committeetitle"), "Audit Committee");
    assert_eq!(list[1].get("committeetitle"), "Safer Stockton Partnership");
    assert_eq!(list[1].get("committeecategory"), "Partnership");
    // The count is written as modern.gov writes it, with a leading space.
    let raw = ws(&app, "GetCommittees").await.text;
    assert!(
        raw.contains("<committeescount> 2</committeescount>"),
        "{raw}"
    );
}

#[tokio::test]
async fn meetings_are_listed_by_committee_with_uk_dates_and_drafts_absent() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let g = ws_xml(&app, "GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0").await;
    assert_eq!(g.name, "getmeetings");
    assert_eq!(g.get("meetingscount"), "3");
    assert_eq!(g.get("committeescount"), "2");
    the_partnerships_meetings_are_listed_without_the_draft(&app, &w, &g);
    one_committee_in_a_date_range(&app, &w, &g).await;
    no_secrets(
        &ws(&app, "GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0")
            .await
            .text,
    );
}

/// The partnership's meetings as stubs with UK dates and times, the
/// cancelled one flagged, the draft in no committee.
fn the_partnerships_meetings_are_listed_without_the_draft(app: &TestApp, w: &World, g: &Node) {
    let ssp = g
        .all("committee")
        .into_iter()
        .find(|c| c.get("committeetitle") == "Safer Stockton Partnership")
        .unwrap()
        .clone();
    assert_eq!(
        ssp.names(),
        [
            "committeeid",
            "committeetitle",
            "committeemeetingcount",
            "committeemeetings"
        ]
    );
    let meetings = ssp.child("committeemeetings").all("meeting");
    assert_eq!(meetings.len(), 2, "the draft is not listed");
    for m in &meetings {
        assert_eq!(m.names(), MEETING_STUB);
    }
    assert_eq!(int(&meetings[0].get("meetingid")), mgws_id(app, &w.meeting));
    assert_eq!(meetings[0].get("meetingdate"), "19/07/2023");
    assert_eq!(meetings[0].get("meetingtime"), "9.30 am");
    assert_eq!(meetings[0].get("meetingstatus"), "Confirmed");
    assert_eq!(meetings[1].get("meetingstatus"), "Cancelled");
    assert_eq!(
        int(&meetings[1].get("meetingid")),
        mgws_id(app, &w.cancelled)
    );
    assert_eq!(meetings[1].get("meetingdate"), "15/11/2023");
    let draft = mgws_id(app, &w.draft);
    let all_ids: Vec<i64> = g
        .all("committee")
        .iter()
        .flat_map(|c| c.child("committeemeetings").all("meeting"))
        .map(|m| int(&m.get("meetingid")))
        .collect();
    assert!(!all_ids.contains(&draft));
}

/// One committee, a date range: the audit meeting in it, none after it,
/// and the committee asked for still listed.
async fn one_committee_in_a_date_range(app: &TestApp, w: &World, g: &Node) {
    let audit = mgws_id(app, &w.audit_meeting);
    let committee = int(&g
        .all("committee")
        .into_iter()
        .find(|c| c.get("committeetitle") == "Audit Committee")
        .unwrap()
        .get("committeeid"));
    let one = ws_xml(
        app,
        &format!("GetMeetings?lCommitteeId={committee}&sFromDate=01/01/2026&sToDate=28/02/2026"),
    )
    .await;
    let ms = one
        .child("committee")
        .child("committeemeetings")
        .all("meeting");
    assert_eq!(ms.len(), 1);
    assert_eq!(int(&ms[0].get("meetingid")), audit);
    let none = ws_xml(
        app,
        &format!("GetMeetings?lCommitteeId={committee}&sFromDate=01/03/2026&sToDate=0"),
    )
    .await;
    assert_eq!(none.get("meetingscount"), "0");
    assert_eq!(
        none.all("committee").len(),
        1,
        "the committee asked for is there"
    );
}

#[tokio::test]
async fn a_meeting_shows_a_restricted_item_as_number_title_and_flag_only() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = mgws_id(&app, &w.meeting);
    let r = ws(&app, &format!("GetMeeting?lMeetingId={id}"))
        .await
        .expect(200);
    no_secrets(&r.text);
    let m = parse(&r.text);
    assert_eq!(m.name, "meeting");
    assert_eq!(m.names(), MEETING);
    assert_eq!(int(&m.get("meetingid")), id);
    assert_eq!(m.get("meetingdate"), "19/07/2023");
    assert_eq!(m.get("meetingtime"), "9.30 am");
    assert_eq!(m.get("meetingplannedfinishtime"), "11.00 am");
    assert_eq!(
        m.get("meetinglocation"),
        "Jim Cooke Conference Suite, Stockton Central Library, TS18 1TU"
    );
    assert_eq!(m.get("agendapublished"), "True");
    assert_eq!(m.get("minutepublished"), "False");
    let items = m.child("agendaitems").all("agendaitem");
    assert_eq!(items.len(), 4, "three items and a part");
    for i in &items {
        assert_eq!(i.names(), AGENDA_ITEM);
        int(&i.get("agendaitemid"));
        assert_eq!(
            i.get("minutesnonemptyhtmlbody"),
            "",
            "minutes are unpublished"
        );
    }
    assert_eq!(items[0].get("fulldisplaynumberformat"), "SSP/1/23");
    let restricted = items[1];
    assert_eq!(
        int(&restricted.get("agendaitemid")),
        mgws_id(&app, &w.restricted_item)
    );
    assert_eq!(restricted.get("agendaitemtitle"), "Restricted Crime Report");
    assert_eq!(restricted.get("fulldisplaynumberformat"), "SSP/2/23");
    assert_eq!(restricted.get("isrestricted"), "True");
    assert_eq!(restricted.get("commenttext1"), "");
    assert!(restricted.child("linkeddocuments").children.is_empty());
    let plan = items[2];
    assert_eq!(plan.get("isrestricted"), "False");
    assert_eq!(plan.get("commenttext1"), "Community Safety Team");
    assert_eq!(plan.get("agendaitemnumber"), "3");
    let part = items[3];
    assert_eq!(part.get("agendaitemsubnumber"), "a");
    assert_eq!(part.get("fulldisplaynumberformat"), "SSP/3/23(a)");

    // The paper: an integer id and a URL that downloads it.
    let docs = plan.child("linkeddocuments").all("linkeddoc");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].names(), LINKED_DOC);
    assert_eq!(int(&docs[0].get("attachmentid")), mgws_id(&app, &w.paper));
    assert_eq!(docs[0].get("title"), "Partnership Plan 2023-26");
    assert_eq!(docs[0].get("ownertitle"), "Safer Stockton Partnership Plan");
    let url = docs[0].get("url");
    let got = app.client.get(&url).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), b"%PDF-1.4 the plan");

    // Before the minutes are public, the members are expected.
    let attendees = m.child("attendees").all("attendee");
    assert_eq!(attendees.len(), 2, "members, not officers");
    for a in &attendees {
        int(&a.attr("memberid"));
        assert_eq!(a.attr("attendance"), "Expected");
        assert_eq!(a.attr("membertype"), "U");
    }
    let chair = attendees
        .iter()
        .find(|a| a.attr("name") == "Cllr Steve Nelson")
        .unwrap();
    assert_eq!(int(&chair.attr("memberid")), mgws_id(&app, &w.chair));
    assert_eq!(chair.attr("roledescription"), "Chair");
}

#[tokio::test]
async fn published_minutes_appear_item_by_item_and_never_for_a_restricted_item() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = mgws_id(&app, &w.meeting);
    set_minutes_status(&app, &w.meeting, "published");
    let r = ws(&app, &format!("GetMeeting?lMeetingId={id}"))
        .await
        .expect(200);
    no_secrets(&r.text);
    let m = parse(&r.text);
    assert_eq!(m.get("minutepublished"), "True");
    let items = m.child("agendaitems").all("agendaitem");
    let plan = items[2];
    let html = plan.get("minutesnonemptyhtmlbody");
    assert!(html.contains("<em>plan</em>"), "{html}");
    assert!(html.contains("<li>funding</li>"), "{html}");
    assert!(html.contains("<strong>AGREED</strong> that:-"), "{html}");
    assert!(
        html.contains("<li>The direction be endorsed.</li>"),
        "{html}"
    );
    assert_eq!(plan.get("isdecision"), "True");
    assert_eq!(plan.get("isminutepublished"), "True");
    assert_eq!(items[1].get("minutesnonemptyhtmlbody"), "");
    assert_eq!(items[1].get("isminutepublished"), "False");
    let attendees = m.child("attendees").all("attendee");
    let seen: Vec<(String, String, String)> = attendees
        .iter()
        .map(|a| {
            (
                a.attr("name"),
                a.attr("roledescription"),
                a.attr("attendance"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Cllr Steve Nelson".into(), "Chair".into(), "Present".into()),
            (
                "Jo Smith".into(),
                "Committee Member".into(),
                "Apologies".into()
            )
        ]
    );
}

#[tokio::test]
async fn drafts_and_unknown_ids_are_not_found_and_bad_input_is_a_400_never_a_500() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let draft = mgws_id(&app, &w.draft);
    let r = ws(&app, &format!("GetMeeting?lMeetingId={draft}"))
        .await
        .expect(404);
    no_secrets(&r.text);
    ws(&app, "GetMeeting?lMeetingId=99999999").await.expect(404);
    // A body's id is not a meeting's.
    let item = mgws_id(&app, &w.plan_item);
    ws(&app, &format!("GetMeeting?lMeetingId={item}"))
        .await
        .expect(404);
    let r = ws(&app, "GetMeeting?lMeetingId=abc").await.expect(400);
    assert!(r.text.contains("lMeetingId"), "{}", r.text);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    ws(&app, "GetMeeting").await.expect(400);
    ws(&app, "GetMeetings?lCommitteeId=0&sFromDate=31/02/2023")
        .await
        .expect(400);
    ws(&app, "GetMeetings?lCommitteeId=0&sFromDate=19-07-2023")
        .await
        .expect(400);
    ws(&app, "GetMeetings?lCommitteeId=x").await.expect(400);
    ws(&app, "GetMeetings?lCommitteeId=424242")
        .await
        .expect(404);
    ws(&app, "GetMeetings?sFromDate=01/01/2024&sToDate=01/01/2023")
        .await
        .expect(400);
    ws(&app, "GetCommitteesByUser").await.expect(400);
    ws(&app, "GetCommitteesByUser?lUserId=424242")
        .await
        .expect(404);
    ws(&app, "GetAllMeetingsByDate?bIsAscendingDateOrder=sideways")
        .await
        .expect(400);
    ws(&app, "GetCalendarEvents?sDateStart=tomorrow")
        .await
        .expect(400);
    ws(&app, "NoSuchOperation").await.expect(404);
    for q in [
        "GetMeeting?lMeetingId=-1",
        "GetMeeting?lMeetingId=0",
        "GetMeeting?lMeetingId=9223372036854775807",
        "GetMeeting?lMeetingId=%00",
        "GetMeeting?lMeetingId=1e3",
        "GetMeetings?lCommitteeId=-1&sFromDate=%F0%9F%98%80",
        "GetMeetings?sToDate=01/01/0001",
        "GetCalendarEvents?lUserId=-5&bGlobalCalendar=true",
        "GetCommitteesByUser?lUserId=0",
        "getmeeting?LMEETINGID=1",
        "GetMemberGroup?sOrder=%27;drop&sShortName=x",
    ] {
        let r = ws(&app, q).await;
        assert!(
            [200, 400, 404].contains(&r.status.as_u16()),
            "{q}: {} {}",
            r.status,
            r.text
        );
    }
}

#[tokio::test]
async fn ids_are_kept_in_the_database_and_never_reused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let before = mgws_id(&app, &w.draft);
    // A deleted draft keeps its number; a new meeting gets a new one.
    app.send(
        reqwest::Method::DELETE,
        &format!("/api/v1/meetings/{}", w.draft),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(204);
    let again = app.meeting("ssp", "2023-09-20T09:30:00+01:00").await;
    let fresh = mgws_id(&app, &again);
    assert!(fresh > before, "{fresh} > {before}");
    assert_eq!(mgws_id(&app, &w.draft), before);
    // The same answer every time.
    let id = mgws_id(&app, &w.meeting);
    let a = ws(&app, &format!("GetMeeting?lMeetingId={id}"))
        .await
        .expect(200);
    let b = ws(&app, &format!("GetMeeting?lMeetingId={id}"))
        .await
        .expect(200);
    assert_eq!(a.text, b.text);
}

#[tokio::test]
async fn conditional_requests_are_answered_304_until_something_changes() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = mgws_id(&app, &w.meeting);
    for q in [
        format!("GetMeeting?lMeetingId={id}"),
        "GetCommittees".to_string(),
        "GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0".to_string(),
        "GetMemberGroup?sOrder=&sShortName=".to_string(),
        "GetCommitteesByUser?lUserId=".to_string() + &mgws_id(&app, &w.chair).to_string(),
        "GetCouncillorsByWard".to_string(),
        "GetAllMeetingsByDate?lCommitteeId=0&sFromDate=01/01/2023&sToDate=31/12/2026&bIsAscendingDateOrder=true".to_string(),
        "GetCalendarEvents?bGlobalCalendar=true&lUserId=0&sDateStart=01/01/2023&sDateEnd=31/12/2026".to_string(),
    ] {
        let first = ws(&app, &q).await.expect(200);
        let etag = first.header("etag").expect("ETag");
        let lm = first.header("last-modified").expect("Last-Modified");
        let url = app.url(&format!("/mgWebService.asmx/{q}"));
        let r = app.client.get(&url).header("If-None-Match", &etag).send().await.unwrap();
        assert_eq!(r.status(), 304, "{q} with If-None-Match");
        let r = app.client.get(&url).header("If-Modified-Since", &lm).send().await.unwrap();
        assert_eq!(r.status(), 304, "{q} with If-Modified-Since");
        let r = app
            .client
            .get(&url)
            .header("If-None-Match", "\"something-else\"")
            .header("If-Modified-Since", &lm)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{q}: If-None-Match decides");
    }
    // A change: the meeting's answer is new again.
    let q = format!("GetMeeting?lMeetingId={id}");
    let first = ws(&app, &q).await.expect(200);
    let lm = first.header("last-modified").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.patch(
        &format!("/api/v1/items/{}", w.plan_item),
        json!({"title": "Safer Stockton Partnership Plan 2023-26"}),
    )
    .await
    .expect(200);
    let url = app.url(&format!("/mgWebService.asmx/{q}"));
    let r = app
        .client
        .get(&url)
        .header("If-Modified-Since", &lm)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .get(&url)
        .header("If-None-Match", first.header("etag").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn members_their_committees_wards_and_calendars() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let ml = ws_xml(&app, "GetMemberGroup?sOrder=&sShortName=").await;
    assert_eq!(ml.name, "memberlist");
    let members = ml.child("members").all("member");
    let names: Vec<String> = members.iter().map(|m| m.get("fullusername")).collect();
    assert_eq!(
        names,
        ["Jo Smith", "Cllr Steve Nelson"],
        "members, not officers"
    );
    for m in &members {
        int(&m.get("memberid"));
    }
    assert_eq!(
        members[1].get("keyposts"),
        "Chair of Safer Stockton Partnership"
    );
    assert_eq!(
        members[1].get("representing"),
        "Stockton-on-Tees Borough Council"
    );
    let text = ws(&app, "GetMemberGroup").await.text;
    no_secrets(&text);

    let chair = mgws_id(&app, &w.chair);
    let by_user = ws_xml(&app, &format!("GetCommitteesByUser?lUserId={chair}")).await;
    let cs = by_user.child("committees").all("committee");
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].get("committeetitle"), "Safer Stockton Partnership");
    assert_eq!(cs[0].get("roledescription"), "Chair");

    // Members of bodies who hold no seat are not councillors: with no terms
    // of office recorded there are no wards (tests/api/councillors.rs has
    // councillors).
    let wards = ws_xml(&app, "GetCouncillorsByWard").await;
    assert!(wards.child("wards").all("ward").is_empty());

    let all = ws_xml(
        &app,
        "GetAllMeetingsByDate?lCommitteeId=0&sFromDate=01/01/2023&sToDate=31/12/2026&bIsAscendingDateOrder=false",
    )
    .await;
    let ms = all.child("meetings").all("meeting");
    assert_eq!(ms.len(), 3);
    assert_eq!(ms[0].get("meetingdate"), "10/02/2026", "newest first");
    assert_eq!(ms[2].get("committeetitle"), "Safer Stockton Partnership");

    let cal = ws_xml(
        &app,
        &format!("GetCalendarEvents?bGlobalCalendar=false&lUserId={chair}&sDateStart=01/01/2023&sDateEnd=31/12/2026"),
    )
    .await;
    let events = cal.child("events").all("event");
    assert_eq!(events.len(), 2, "the chair's committee only");
    assert_eq!(events[0].get("eventdate"), "19/07/2023");
    assert_eq!(events[0].get("eventtime"), "9.30 am");
}

#[tokio::test]
async fn a_range_holding_more_than_a_list_lists_its_latest_in_the_order_asked() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    // 2,010 published meetings a day apart from 1 January 2020, written in
    // SQL (the API would take minutes); more than a list holds (2,000).
    let pg = app.database_url.starts_with("postgres");
    let (id, at, now) = if pg {
        (
            "'00000000-0000-4000-8000-' || lpad(i::text, 12, '0')",
            "TIMESTAMP '2020-01-01 10:00:00' + i * INTERVAL '1 day'",
            "CURRENT_TIMESTAMP",
        )
    } else {
        (
            "printf('00000000-0000-4000-8000-%012d', i)",
            "datetime('2020-01-01 10:00:00', '+' || i || ' days')",
            "CURRENT_TIMESTAMP",
        )
    };
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    diesel::sql_query(format!(
        "INSERT INTO meetings (id, body_id, starts_at, status, minutes_status, \
         agenda_published_at, created_at, updated_at, version) \
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2009) \
         SELECT {id}, (SELECT id FROM bodies WHERE slug = 'ssp'), {at}, 'agenda_published', \
         'draft', {now}, {now}, {now}, 1 FROM n"
    ))
    .execute(&mut conn)
    .unwrap();

    let list = ws_xml(&app, "GetAllMeetingsByDate?bIsAscendingDateOrder=true").await;
    assert_eq!(list.get("meetingscount"), "2000");
    let ms = list.child("meetings").all("meeting");
    assert_eq!(ms.len(), 2000);
    // The latest 2,000 (from the eleventh day), oldest first as asked.
    assert_eq!(ms[0].get("meetingdate"), "11/01/2020");
    assert_eq!(ms[1999].get("meetingdate"), "02/07/2025");
    let newest_first = ws_xml(&app, "GetAllMeetingsByDate?bIsAscendingDateOrder=false").await;
    let ms = newest_first.child("meetings").all("meeting");
    assert_eq!(ms[0].get("meetingdate"), "02/07/2025");
    assert_eq!(ms[1999].get("meetingdate"), "11/01/2020");
    // A shorter range reads further back.
    let early = ws_xml(
        &app,
        "GetAllMeetingsByDate?sFromDate=01/01/2020&sToDate=10/01/2020&bIsAscendingDateOrder=true",
    )
    .await;
    assert_eq!(early.get("meetingscount"), "10");
}
