//! The demo: the Safer Stockton Partnership and its meeting of 19 July 2023,
//! entered as data from the public "Agenda and minutes" page (the seed in
//! `shared/seeds/ssp-2023-07-19-agenda-and-minutes.txt`), so a newcomer sees
//! real minutes at once. Loading twice changes nothing.

use crate::config::Settings;
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::lifecycle::{MeetingStatus, MinutesStatus};
use crate::domain::numbering::{numbering_year, MinuteNumberFormat};
use crate::error::{AppError, AppResult};
use crate::store::{
    self, bodies::BodyRow, items::ItemRow, meetings::MeetingRow, memberships::MembershipRow,
    minutes::OutcomeRow, people::PersonRow,
};
use chrono::{NaiveDate, NaiveDateTime};

pub const SLUG: &str = "safer-stockton-partnership";

struct DemoItem {
    title: &'static str,
    kind: &'static str,
    presenter: Option<&'static str>,
    minutes: &'static str,
    outcome: Option<(&'static str, &'static str)>,
}

const ITEMS: &[DemoItem] = &[
    DemoItem {
        title: r#"Minutes"#,
        kind: "previous_minutes",
        presenter: None,
        minutes: r#"The minutes of the meeting held on the 18th January 2023 were agreed as a true record."#,
        outcome: None,
    },
    DemoItem {
        title: r#"Matters Arising"#,
        kind: "matters_arising",
        presenter: None,
        minutes: r#"Officers made the members of the partnership aware that following the local elections nominations for a Chair and Vice Chair would be needed following the meeting.

With all interested members needing to contact the lead officer with any nominations.

In relation to the lead officer role members were informed that Marc Stephenson (SBC- Community Services) would be stepping down, with the reasonability’s for the partnership going to Sharon Cooney

Members noted the update."#,
        outcome: None,
    },
    DemoItem {
        title: r#"Serious Violence - Curve Update"#,
        kind: "report",
        presenter: Some(r#"Cleveland Unit for Reduction of Violence (CURV)"#),
        minutes: r#"An updated report was given to members by the Cleveland Unit for Reduction of Violence (CURV).

Curv updated members with work which had been undertaken with the help of partner organisations such as audits and joint readiness assessments.

Curv would continue to work with partners to co fund a statutory need assessment which the data collection would finish in September 2023. In addition, Curv would be funding an enhanced youth survey on behalf of partners, which they took the opportunity to appeal to member for help in accessing Schools and other organisations for the survey.

Work around serious violence and the night time economy would soon be available, with a date in February being proposed for a summit in which an action plan would be delivered. From there CURV would look to work with partners in the local area to deliver the action plan, an example given would be to standardise training for schemes such as the Ask Angela Scheme.

CURV highlighted their Navigator programme and its expansion, with four navigators working in custody targeting repeat offenders. And the development of A&E navigators which were currently working alongside the South Tees Hospitals NHS Foundation Trust.

Members asked if the programme had plans to expand to work alongside the North Tees Hospitals NHS Foundation Trust, which CURV confirmed but advised that they had moved forward with South Tees first due to information access already being in place.

Community Sport mapping was discussed with members of the partnership as a scheme involving Middlesbrough had yielded a treasure trove of useful data for CURV to utilise. Work had begun to form a similar map for Stockton and Members were keen to Liaise with representatives from Middlesbrough to see if any lessons learned could be passed on. The possibility of connecting with a Youth Council if one existed in Stockton was a priority for CURV, this would be arranged by members to put CURV in contact with the Bright Minds Big Futures group."#,
        outcome: Some(("AGREED", r#"that the update be noted."#)),
    },
    DemoItem {
        title: r#"Anti-Social Behaviour Action Plan"#,
        kind: "report",
        presenter: Some(r#"Office of the Police and Crime Commissioner for Cleveland"#),
        minutes: r#"Officers from the Police and Crime Commissioner for Cleveland presented a Anti-Social Behaviour Action Plan to members.

Taking members through the ASB Hotspot Patrol plan which had been published by the Government in March 2023 Officers highlighted the following points:

- Cleveland would be one of the pilot forces in the action plan, with 1 million in funding being allocated for March 23 to March 24.
- The plan would be using lessons learnt from pilots rolled out across England and Wales.
- The funding allocation for Cleveland in 24/25 was not known yet.
- Patrols would not target areas in which GRIP patrols are already taking place.
- 19 Antisocial Behaviour hotspots had been identified across the Cleveland area.
- All areas in the pilot would sign up to Community Safety Accreditation Scheme to maximise enforcement capabilities – Stockton was already CSAS accredited.

Members of the partnership voiced concerns over some of the Immediate Justice program outlined in the presentation. With questioned being raised over the use of high visibility jackets by offenders in the program and being seen as a badge of honour, which had been the case in other schemes.

That funding for the programme had been limited to one year with a question over the funding for the second year had some members concerned. Officers agreed with members concerns and assured them that a plan to secure further funding would be in place, with the some of the funding for 2023/2024 period being absorbed by the Police and Crime Commissioners office. Officers would keep members up to date on any information on funding going forward.

The definition of what a “Hotspot” was explained as an area smaller than a ward boundary size, and able to be patrolled within half an hour."#,
        outcome: Some(("AGREED", r#"that the report be noted."#)),
    },
    DemoItem {
        title: r#"Public Space Protection Order Update"#,
        kind: "report",
        presenter: None,
        minutes: r#"The update on the Public Space Protection Order which was introduced in April 2023 and focusing on areas within Stockton and Norton.

People who had been contacted gave overwhelmingly positive feedback to Officers through social media and in person during the Councils Coronation Big Lunch. The partnerships had raised concerns over displacement, but it had not been seen to any significant degree, it would be monitored closing going forward.

The priority going forward for members would be to keep the momentum of the PSPO and make it a success.

Members reiterated that the PSPO in place had not made begging illegal but had been set up to punish the reported aggressive behaviour which had been reported."#,
        outcome: Some(("RESOLVED", r#"the update be noted."#)),
    },
    DemoItem {
        title: r#"Off-Road Bikes and E-Scooters"#,
        kind: "report",
        presenter: Some(r#"Cleveland Police"#),
        minutes: r#"Representatives from Cleveland Police presented a report on Off-Road Bikes and E-Scooters to members.

In the report Officers highlighted several sections to members, some examples of the highlighted sections are as follows:

- The legal requirements to ride a Bike or E Scooter on the road, E.G. Driving Licence, Insurance, Road Tax, and number plate.
- Another section of the report outlined the legal position regarding the electric bikes/scooters.
- Officers also informed members of the power to seize and in which scenarios items would be seized.
- Stockton’s monthly analysis, which showed the number of incidents of Off-Road Bikes/ Quad Bikes during July 2021 to June 2023.

The education of the public of the legality around the use and purchase of Off-Road Bikes and E-Scooters, Police were hopeful that the more the public are educated on the issue the need for policing of the issue would decrease.

Members enquired if any work had been undertaken to make retailers provide notice of the legal responsibilities that go along with purchasing the scooters. It was pointed out by Officers that the Scooters and Bikes are readily available for purchase, and don’t require proof of licence to purchase like for an car.

Members praised the work of Stg Cookland, and the social media posts related to the issue."#,
        outcome: Some(("AGREED", r#"the report be noted"#)),
    },
    DemoItem {
        title: r#"Recorded Crime and Disorder Report"#,
        kind: "report",
        presenter: Some(r#"Cleveland Police"#),
        minutes: r#"Members discussed the update outlining the Recorded Crime and Disorder statistics.

Police representatives brought to members attention a programme which had been rolled out by the Met Police, first developed by Humberside Police, know as Right Care, Right Person (RCRP).

The aim of the operational model was to change the way the emergency services respond to calls involving concerns about mental health. Cleveland Police would be looking at replicating the programme locally.

The crime figures for the 12 months shown in the report show a vast difference in levels, Members noted that reductions could be seen in the month-by-month figures and those figures would be reflected in the 12 monthly comparisons going forward.

Police and other members of the partnership were confident that the crime statistics would continue to improve as they went forward.

Stop and Search measures were discussed in the meeting, with members asking how scrutiny of those searches was done and what are the usual results. Police explained that the figures for the Stockton local authority area showed as having a 30% success rate, Police did state that the stop and search model works as a successful deterrent. The scrutiny of stop and searches had been handled at a national level review."#,
        outcome: Some(("AGREED", r#"that the report be noted."#)),
    },
    DemoItem {
        title: r#"08 iQuanta Report 19.7.23"#,
        kind: "report",
        presenter: None,
        minutes: r#"Members were presented with a restricted report that provided an overview on crime comparisons against other similar CSPs utilising iQuanta.

This report was a restricted document due to the statistical information only made available as an intelligence tool for partnerships until released by the Home Office."#,
        outcome: Some(("AGREED", r#"that the report be noted."#)),
    },
];

const BODY_NAME: &str = "Safer Stockton Partnership";
const PREFIX: &str = "SSP";
const NUMBERING_FORMAT: &str = "{prefix}/{n}/{yy}";
const YEAR_START_MONTH: i32 = 5;
const CONTACT_NAME: &str = "John Devine";
const CONTACT_ROLE: &str = "Democratic Services Support Officer";

/// A date and time in UTC (the meeting's 9.00 am in London is 8.00 UTC in
/// July, British Summer Time).
fn utc(y: i32, m: u32, d: u32, h: u32) -> AppResult<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("bad demo date {y}-{m}-{d} {h}:00")))
}

/// Loads the demo unless a body with its slug exists already; answers a
/// one-paragraph summary. Everything is written in one transaction.
pub fn load(conn: &mut DbConn, settings: &Settings) -> AppResult<String> {
    let base = settings.public_url.trim_end_matches('/');
    let actor = Actor::system("demo");
    let loaded = crate::db::write_tx(conn, |conn| -> AppResult<Option<String>> {
        // Checked inside the write transaction, so two loaders started at
        // once cannot both insert. A deleted body keeps its slug too.
        if store::bodies::slug_taken(conn, SLUG, None)? {
            return Ok(None);
        }
        insert_demo(conn, &actor).map(Some)
    })?;
    let n = ITEMS.len();
    Ok(match loaded {
        None => format!(
            "The {BODY_NAME} is already loaded (a body with the slug {SLUG} exists), \
             so nothing was changed. Open {base}/api/v1/bodies/{SLUG}"
        ),
        Some(meeting_id) => format!(
            "Loaded the {BODY_NAME}: the meeting of Wednesday 19 July 2023 with {n} items \
             ({PREFIX}/1/23 … {PREFIX}/{n}/23), minutes published. \
             Open {base}/api/v1/bodies/{SLUG} or the meeting at {base}/api/v1/meetings/{meeting_id}"
        ),
    })
}

/// Inserts the body, its officers, the meeting, its items with their minute
/// numbers and outcomes, and the body's minute counter; answers the
/// meeting's id. The caller holds the write transaction.
fn insert_demo(conn: &mut DbConn, actor: &Actor) -> AppResult<String> {
    let now = store::now();
    let body = insert_body(conn, actor, now)?;
    insert_officers(conn, actor, &body.id, now)?;
    let meeting = insert_meeting(conn, actor, &body.id, now)?;
    insert_items(conn, actor, &body.id, &meeting, now)?;
    Ok(meeting.id)
}

/// Inserts the partnership's body row.
fn insert_body(conn: &mut DbConn, actor: &Actor, now: NaiveDateTime) -> AppResult<BodyRow> {
    let body = BodyRow {
        id: store::new_id(),
        name: BODY_NAME.into(),
        slug: SLUG.into(),
        minute_prefix: PREFIX.into(),
        kind: "partnership".into(),
        numbering_format: NUMBERING_FORMAT.into(),
        year_start_month: YEAR_START_MONTH,
        description: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::bodies::insert(conn, actor, &body)?;
    Ok(body)
}

/// Inserts the contact officer and the officers named in the minutes,
/// with their memberships of the body.
fn insert_officers(
    conn: &mut DbConn,
    actor: &Actor,
    body_id: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    // The contact officer (named on the page, no membership), then the
    // officers named in the minutes of item 2.
    for (name, organisation, membership_role) in [
        (CONTACT_NAME, None, None),
        (
            "Marc Stephenson",
            Some("SBC - Community Services"),
            Some("lead_officer"),
        ),
        (
            "Sharon Cooney",
            Some("Stockton-on-Tees Borough Council"),
            Some("officer"),
        ),
    ] {
        let person = PersonRow {
            organisation: organisation.map(str::to_string),
            ..PersonRow::named(name.into())
        };
        store::people::insert(conn, actor, &person)?;
        if let Some(role) = membership_role {
            let membership = MembershipRow {
                id: store::new_id(),
                body_id: body_id.to_string(),
                person_id: person.id.clone(),
                role: role.into(),
                organisation: organisation.map(str::to_string),
                start_date: None,
                end_date: None,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                version: 1,
            };
            store::memberships::insert(conn, actor, &membership)?;
        }
    }
    Ok(())
}

/// Inserts the meeting of 19 July 2023 (held, minutes published).
fn insert_meeting(
    conn: &mut DbConn,
    actor: &Actor,
    body_id: &str,
    now: NaiveDateTime,
) -> AppResult<MeetingRow> {
    let meeting = MeetingRow {
        id: store::new_id(),
        body_id: body_id.to_string(),
        title: None,
        // Wednesday 19 July 2023, 9.00 am in London (BST).
        starts_at: utc(2023, 7, 19, 8)?,
        ends_at: None,
        venue_name: Some("Meeting Room 1, Jim Cooke Conference Suite".into()),
        venue_address: Some("Church Road, Stockton on Tees".into()),
        venue_postcode: Some("TS18 1TU".into()),
        contact_name: Some(CONTACT_NAME.into()),
        contact_role: Some(CONTACT_ROLE.into()),
        contact_email: None,
        status: MeetingStatus::Held,
        // The seed is the council's published "Agenda and minutes" page.
        minutes_status: MinutesStatus::Published,
        agenda_published_at: Some(utc(2023, 7, 10, 9)?),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
        preamble: None,
    };
    store::meetings::insert(conn, actor, &meeting)?;
    Ok(meeting)
}

/// Inserts the meeting's items with their minute numbers and outcomes,
/// and raises the body's minute counter past them.
fn insert_items(
    conn: &mut DbConn,
    actor: &Actor,
    body_id: &str,
    meeting: &MeetingRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    // Minute numbers as the service gives them when the agenda is
    // published: the body's format, in its numbering year, from 1.
    let format = MinuteNumberFormat::parse(NUMBERING_FORMAT)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    // 8.00 UTC falls on the same date in London.
    let year = numbering_year(meeting.starts_at.date(), YEAR_START_MONTH);
    let mut last = 0;
    for (i, d) in ITEMS.iter().enumerate() {
        let n = i as i32 + 1;
        let item = ItemRow {
            id: store::new_id(),
            meeting_id: meeting.id.clone(),
            parent_id: None,
            position: n,
            title: d.title.into(),
            kind: d.kind.into(),
            presenter: d.presenter.map(str::to_string),
            restricted: false,
            restricted_paragraph: None,
            restricted_reason: None,
            public_summary: None,
            minutes: Some(d.minutes.into()),
            minute_number: Some(format.format(PREFIX, n, year)),
            minute_seq: Some(n),
            minute_year: Some(year),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        };
        store::items::insert(conn, actor, &item)?;
        if let Some((verb, text)) = d.outcome {
            let outcome = OutcomeRow {
                id: store::new_id(),
                item_id: item.id.clone(),
                position: 1,
                verb: verb.into(),
                text: text.into(),
                parts: "[]".into(),
                created_at: now,
                updated_at: now,
                deleted_at: None,
                version: 1,
            };
            store::minutes::insert_outcome(conn, actor, &outcome)?;
        }
        last = n;
    }
    // So that the next item numbered in this year gets SSP/9/23.
    store::numbering::raise_to(conn, body_id, year, last)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::schema::{
        audit_log, bodies, items, meetings, minute_counters, outcomes, people,
    };
    use diesel::prelude::*;

    fn counts(conn: &mut DbConn) -> Vec<i64> {
        vec![
            bodies::table.count().get_result(conn).unwrap(),
            people::table.count().get_result(conn).unwrap(),
            meetings::table.count().get_result(conn).unwrap(),
            items::table.count().get_result(conn).unwrap(),
            outcomes::table.count().get_result(conn).unwrap(),
            minute_counters::table.count().get_result(conn).unwrap(),
            audit_log::table.count().get_result(conn).unwrap(),
        ]
    }

    #[test]
    fn demo_loads_once_with_the_seed_numbers_and_text() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            database_url: dir.path().join("demo.db").display().to_string(),
            ..Settings::default()
        };
        let pool = crate::db::connect(&settings.database_url, 1).unwrap();
        let mut conn = pool.get().unwrap();

        let first = load(&mut conn, &settings).unwrap();
        assert!(first.starts_with("Loaded the Safer Stockton Partnership"));
        assert!(first.contains("SSP/1/23 … SSP/8/23"));
        assert!(first.contains("/api/v1/bodies/safer-stockton-partnership"));
        assert!(!first.contains('\n'));
        let before = counts(&mut conn);
        let again = load(&mut conn, &settings).unwrap();
        assert!(again.contains("already loaded"), "{again}");
        assert_eq!(counts(&mut conn), before, "the second load wrote something");

        let body = store::bodies::get(&mut conn, SLUG).unwrap();
        assert_eq!(body.minute_prefix, "SSP");
        assert_eq!(body.year_start_month, 5);
        let memberships = store::memberships::list_for_body(&mut conn, &body.id, None, 10).unwrap();
        let mut roles: Vec<_> = memberships.iter().map(|m| m.role.as_str()).collect();
        roles.sort_unstable();
        assert_eq!(roles, ["lead_officer", "officer"]);

        let meetings = store::meetings::list(
            &mut conn,
            store::meetings::MeetingFilter {
                body_id: body.id.clone(),
                from: None,
                to: None,
                public_only: true,
                after: None,
                limit: 10,
            },
        )
        .unwrap();
        assert_eq!(meetings.len(), 1);
        let m = &meetings[0];
        assert_eq!(m.starts_at.to_string(), "2023-07-19 08:00:00");
        assert_eq!(m.minutes_status, MinutesStatus::Published);
        assert!(store::attendance::for_meeting(&mut conn, &m.id)
            .unwrap()
            .is_empty());

        let items = store::items::for_meeting(&mut conn, &m.id).unwrap();
        let numbers: Vec<_> = items
            .iter()
            .map(|i| i.minute_number.clone().unwrap())
            .collect();
        assert_eq!(
            numbers,
            (1..=8).map(|n| format!("SSP/{n}/23")).collect::<Vec<_>>()
        );
        assert_eq!(items[1].title, "Matters Arising");
        let ids: Vec<_> = items.iter().map(|i| i.id.clone()).collect();
        let outcomes = store::minutes::for_items(&mut conn, store::items::ItemsOf::Ids(&ids))
            .unwrap()
            .outcomes;
        let outcome_of = |n: usize| outcomes.iter().find(|o| o.item_id == items[n].id);
        assert!(outcome_of(0).is_none());
        assert!(outcome_of(1).is_none());
        assert_eq!(outcome_of(4).unwrap().verb, "RESOLVED");
        assert_eq!(outcome_of(5).unwrap().text, "the report be noted");
        assert_eq!(outcomes.len(), 6);

        let asb = items[3].minutes.as_deref().unwrap();
        assert!(asb
            .lines()
            .any(|l| l.starts_with("- Cleveland would be one of the pilot forces")));
        assert!(asb.contains(":\n\n- Cleveland would be one of the pilot forces"));
        let matters = items[1].minutes.as_deref().unwrap();
        assert!(matters.ends_with("\n\nMembers noted the update."));
        assert!(items
            .iter()
            .all(|i| !i.minutes.as_deref().unwrap().contains("AGREED")));

        // The counter continues: the next number given is SSP/9/23.
        let next = crate::db::write_tx(&mut conn, |c| store::numbering::take(c, &body.id, 2023, 1))
            .unwrap();
        assert_eq!(next, 9);
    }
}
