//! Unit tests of `public::calendar` (kept apart so the module stays short).

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_calendar_covers_the_last_year_and_the_future_unless_asked() {
    let today = d("2026-12-01");
    assert_eq!(
        calendar_window(today, None, None).unwrap(),
        (d("2025-12-01"), None)
    );
    assert_eq!(
        calendar_window(today, Some(d("2019-05-01")), Some(d("2020-04-30"))).unwrap(),
        (d("2019-05-01"), Some(d("2020-04-30")))
    );
    // Only an end: the default start.
    assert_eq!(
        calendar_window(today, None, Some(d("2027-01-31"))).unwrap(),
        (d("2025-12-01"), Some(d("2027-01-31")))
    );
    assert_eq!(
        calendar_window(today, None, Some(d("2020-04-30"))).unwrap(),
        (d("2019-04-30"), Some(d("2020-04-30")))
    );
    assert!(calendar_window(today, Some(d("2020-01-02")), Some(d("2020-01-01"))).is_err());
    assert!(window_params("from=2023-13-01").is_err());
    assert_eq!(
        window_params("from=2023-05-01&x=1&to=").unwrap(),
        (Some(d("2023-05-01")), None)
    );
}

fn meeting(id: &str) -> MeetingRow {
    let at = d("2026-05-01").and_hms_opt(18, 0, 0).unwrap();
    MeetingRow {
        id: id.into(),
        body_id: "b".into(),
        title: None,
        starts_at: at,
        ends_at: None,
        venue_name: Some("Town Hall".into()),
        venue_address: None,
        venue_postcode: None,
        contact_name: None,
        contact_role: None,
        contact_email: None,
        status: MeetingStatus::AgendaPublished,
        minutes_status: minutebook_domain::lifecycle::MinutesStatus::Draft,
        agenda_published_at: Some(at),
        created_at: at,
        updated_at: at,
        deleted_at: None,
        version: 3,
        preamble: None,
    }
}

fn body(name: &str) -> HashMap<String, BodyRow> {
    let at = d("2026-01-01").and_hms_opt(9, 0, 0).unwrap();
    HashMap::from([(
        "b".to_string(),
        BodyRow {
            id: "b".into(),
            name: name.into(),
            slug: "cabinet".into(),
            minute_prefix: "CAB".into(),
            kind: "committee".into(),
            numbering_format: "{prefix}/{seq}/{yy}".into(),
            year_start_month: 5,
            description: None,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            version: 1,
        },
    )])
}

#[test]
fn a_calendars_tag_changes_with_anything_it_is_written_from() {
    let url = "https://democracy.example.gov.uk";
    let key = "ics:cabinet:2026-01-01:None";
    let tag = calendar_tag(key, "b1", 7, url);
    assert_eq!(tag, calendar_tag(key, "b1", 7, url));
    // Another change count, another body under the same slug, another
    // window or calendar, another address: another tag.
    assert_ne!(tag, calendar_tag(key, "b1", 8, url));
    assert_ne!(tag, calendar_tag(key, "b2", 7, url));
    assert_ne!(
        tag,
        calendar_tag("ics:cabinet:2026-01-02:None", "b1", 7, url)
    );
    assert_ne!(tag, calendar_tag("ics:*:2026-01-01:None", "*", 7, url));
    assert_ne!(tag, calendar_tag(key, "b1", 7, "https://x.example"));
    let bodies = body("Cabinet");
    // The calendar itself is the same bytes for the same rows.
    let rows = vec![meeting("m1"), meeting("m2")];
    assert_eq!(
        calendar("Cabinet: meetings", &rows, &bodies, url),
        calendar("Cabinet: meetings", &rows, &bodies, url)
    );
}
