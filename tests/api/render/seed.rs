//! The demo meeting rendered as text reproduces the seed page line for line.

use super::{fetch, spawn};

/// The seed: the public "Agenda and minutes" page of the Safer Stockton
/// Partnership for 19 July 2023, verbatim (`shared/seeds/ssp-2023-07-19-agenda-and-minutes.txt`).
const SEED: &str = r#"Agenda and minutes

Safer Stockton Partnership - Wednesday 19th July, 2023 9.00 am

Venue: Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU

Contact: Democratic Services Support Officer - John Devine 

Items
No. Item

SSP/1/23

Minutes pdf icon PDF 124 KB

To approve the minutes for the last meeting held on 18th January 2023.

Minutes:

The minutes of the meeting held on the 18th January 2023 were agreed as a true record.

SSP/2/23

Matters Arising:

Minutes:

Officers made the members of the partnership aware that following the local elections nominations for a Chair and Vice Chair would be needed following the meeting.

With all interested members needing to contact the lead officer with any nominations.

In relation to the lead officer role members were informed that Marc Stephenson (SBC- Community Services) would be stepping down, with the reasonability’s for the partnership going to Sharon Cooney 

Members noted the update.

SSP/3/23

Serious Violence - Curve Update

Minutes:

An updated report was given to members by the Cleveland Unit for Reduction of Violence (CURV).

Curv updated members with work which had been undertaken with the help of partner organisations such as audits and joint readiness assessments.

Curv would continue to work with partners to co fund a statutory need assessment which the data collection would finish in September 2023. In addition, Curv would be funding an enhanced youth survey on behalf of partners, which they took the opportunity to appeal to member for help in accessing Schools and other organisations for the survey.

Work around serious violence and the night time economy would soon be available, with a date in February being proposed for a summit in which an action plan would be delivered. From there CURV would look to work with partners in the local area to deliver the action plan, an example given would be to standardise training for schemes such as the Ask Angela Scheme.

CURV highlighted their Navigator programme and its expansion, with four navigators working in custody targeting repeat offenders. And the development of A&E navigators which were currently working alongside the South Tees Hospitals NHS Foundation Trust.

Members asked if the programme had plans to expand to work alongside the North Tees Hospitals NHS Foundation Trust, which CURV confirmed but advised that they had moved forward with South Tees first due to information access already being in place.

Community Sport mapping was discussed with members of the partnership as a scheme involving Middlesbrough had yielded a treasure trove of useful data for CURV to utilise. Work had begun to form a similar map for Stockton and Members were keen to Liaise with representatives from Middlesbrough to see if any lessons learned could be passed on. The possibility of connecting with a Youth Council if one existed in Stockton was a priority for CURV, this would be arranged by members to put CURV in contact with the Bright Minds Big Futures group.

AGREED that the update be noted.

SSP/4/23

Anti-Social Behaviour Action Plan pdf icon PDF 237 KB

Minutes:

Officers from the Police and Crime Commissioner for Cleveland presented a Anti-Social Behaviour Action Plan to members.

Taking members through the ASB Hotspot Patrol plan which had been published by the Government in March 2023 Officers highlighted the following points:

              Cleveland would be one of the pilot forces in the action plan, with 1 million in funding being allocated for March 23 to March 24.

              The plan would be using lessons learnt from pilots rolled out across England and Wales.

              The funding allocation for Cleveland in 24/25 was not known yet.

              Patrols would not target areas in which GRIP patrols are already taking place.

              19 Antisocial Behaviour hotspots had been identified across the Cleveland area.

              All areas in the pilot would sign up to Community Safety Accreditation Scheme to maximise enforcement capabilities – Stockton was already CSAS accredited.

Members of the partnership voiced concerns over some of the Immediate Justice program outlined in the presentation. With questioned being raised over the use of high visibility jackets by offenders in the program and being seen as a badge of honour, which had been the case in other schemes.

That funding for the programme had been limited to one year with a question over the funding for the second year had some members concerned. Officers agreed with members concerns and assured them that a plan to secure further funding would be in place, with the some of the funding for 2023/2024 period being absorbed by the Police and Crime Commissioners office. Officers would keep members up to date on any information on funding going forward.

The definition of what a “Hotspot” was explained as an area smaller than a ward boundary size, and able to be patrolled within half an hour.

AGREED that the report be noted.

 

SSP/5/23

Public Space Protection Order Update

Minutes:

The update on the Public Space Protection Order which was introduced in April 2023 and focusing on areas within Stockton and Norton.

People who had been contacted gave overwhelmingly positive feedback to Officers through social media and in person during the Councils Coronation Big Lunch. The partnerships had raised concerns over displacement, but it had not been seen to any significant degree, it would be monitored closing going forward.

The priority going forward for members would be to keep the momentum of the PSPO and make it a success.

Members reiterated that the PSPO in place had not made begging illegal but had been set up to punish the reported aggressive behaviour which had been reported.

RESOLVED the update be noted.

SSP/6/23

Off-Road Bikes and E-Scooters pdf icon PDF 472 KB

Minutes:

Representatives from Cleveland Police presented a report on Off-Road Bikes and E-Scooters to members.

In the report Officers highlighted several sections to members, some examples of the highlighted sections are as follows:

              The legal requirements to ride a Bike or E Scooter on the road, E.G. Driving Licence, Insurance, Road Tax, and number plate.

              Another section of the report outlined the legal position regarding the electric bikes/scooters.

              Officers also informed members of the power to seize and in which scenarios items would be seized.

              Stockton’s monthly analysis, which showed the number of incidents of Off-Road Bikes/ Quad Bikes during July 2021 to June 2023.

The education of the public of the legality around the use and purchase of Off-Road Bikes and E-Scooters, Police were hopeful that the more the public are educated on the issue the need for policing of the issue would decrease.

Members enquired if any work had been undertaken to make retailers provide notice of the legal responsibilities that go along with purchasing the scooters. It was pointed out by Officers that the Scooters and Bikes are readily available for purchase, and don’t require proof of licence to purchase like for an car.

Members praised the work of Stg Cookland, and the social media posts related to the issue.

AGREED the report be noted

SSP/7/23

Recorded Crime and Disorder Report pdf icon PDF 257 KB

Minutes:

Members discussed the update outlining the Recorded Crime and Disorder statistics.

Police representatives brought to members attention a programme which had been rolled out by the Met Police, first developed by Humberside Police, know as Right Care, Right Person (RCRP).

The aim of the operational model was to change the way the emergency services respond to calls involving concerns about mental health. Cleveland Police would be looking at replicating the programme locally.

The crime figures for the 12 months shown in the report show a vast difference in levels, Members noted that reductions could be seen in the month-by-month figures and those figures would be reflected in the 12 monthly comparisons going forward.

Police and other members of the partnership were confident that the crime statistics would continue to improve as they went forward.

Stop and Search measures were discussed in the meeting, with members asking how scrutiny of those searches was done and what are the usual results. Police explained that the figures for the Stockton local authority area showed as having a 30% success rate, Police did state that the stop and search model works as a successful deterrent. The scrutiny of stop and searches had been handled at a national level review.

AGREED that the report be noted.

SSP/8/23

08 iQuanta Report 19.7.23

Minutes:

Members were presented with a restricted report that provided an overview on crime comparisons against other similar CSPs utilising iQuanta.

This report was a restricted document due to the statistical information only made available as an intelligence tool for partnerships until released by the Home Office.

 

AGREED that the report be noted."#;

/// The seed's items as lines: "SSP/1/23 Minutes", then the minute text and
/// outcome, one line per paragraph. The page's noise is dropped: the PDF
/// links ("pdf icon PDF 124 KB"), the "Minutes:" labels, the agenda's own
/// description of an item (between its title and "Minutes:"), a title's
/// trailing colon, and whitespace.
fn seed_item_lines(seed: &str) -> Vec<String> {
    let is_number = |l: &str| {
        l.strip_prefix("SSP/")
            .and_then(|r| r.strip_suffix("/23"))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out = Vec::new();
    let mut lines = seed
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .skip_while(|l| !is_number(l));
    let mut in_minutes = false;
    while let Some(line) = lines.next() {
        if is_number(&line) {
            let title = lines.next().unwrap_or_default();
            let title = match title.find(" pdf icon PDF ") {
                Some(i) => title[..i].to_string(),
                None => title,
            };
            out.push(format!("{line} {}", title.trim_end_matches(':')));
            in_minutes = false;
        } else if line == "Minutes:" {
            in_minutes = true;
        } else if in_minutes {
            out.push(line);
        }
    }
    out
}

/// A rendered text document's items as lines, list markers dropped.
fn rendered_item_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .skip_while(|l| !l.starts_with("SSP/1/23 "))
        .map(|l| l.strip_prefix("• ").map(str::to_string).unwrap_or(l))
        .collect()
}

#[tokio::test]
async fn the_demo_meeting_as_text_reproduces_the_seed_line_for_line() {
    let (app, db) = spawn().await;
    let mut conn = minutebook::db::establish(&db).expect("connect");
    let settings = minutebook::config::Settings {
        database_url: db.clone(),
        ..minutebook::config::Settings::default()
    };
    minutebook::demo::load(&mut conn, &settings).expect("load the demo");
    let meetings = app
        .get(
            &format!("/api/v1/bodies/{}/meetings", minutebook::demo::SLUG),
            None,
        )
        .await
        .expect(200);
    let m = meetings.body["items"][0]["id"]
        .as_str()
        .expect("the demo meeting");
    let expected = seed_item_lines(SEED);
    assert_eq!(expected.len(), 58, "the seed as read: {expected:#?}");
    // The public page is what the seed is; the clerk's copy says the same.
    for token in [None, Some(app.clerk.as_str())] {
        let text = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/minutes?format=txt"),
            token,
            None,
        )
        .await
        .ok()
        .text();
        let got = rendered_item_lines(&text);
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(g, e, "line {i} differs ({token:?}); rendered:\n{text}");
        }
        assert_eq!(got.len(), expected.len(), "rendered:\n{text}");
        assert!(text.contains(
            "A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU."
        ));
    }
    // The agenda carries the seed's heading facts.
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    for line in [
        "Date: Wednesday, 19th July, 2023",
        "Time: 9.00 am",
        "Venue: Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU",
        "Contact: Democratic Services Support Officer - John Devine",
        "SSP/8/23 08 iQuanta Report 19.7.23",
    ] {
        assert!(agenda.lines().any(|l| l == line), "{line:?} not in:\n{agenda}");
    }
}
