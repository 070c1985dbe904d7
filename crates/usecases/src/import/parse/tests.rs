//! The parser over whole documents of several house styles (the fixtures
//! in `tests/fixtures/import/`).

use super::*;

const PDF_STYLE: &str = include_str!("../../../../../tests/fixtures/import/ssp-pdf-style.txt");
const MODERNGOV: &str =
    include_str!("../../../../../tests/fixtures/import/moderngov-ssp-2023-07-19.txt");
const EGENDA: &str = include_str!("../../../../../tests/fixtures/import/egenda-ssp-2011.txt");

fn numbers(m: &Minutes) -> Vec<String> {
    m.items
        .iter()
        .map(|i| {
            i.number
                .as_ref()
                .map(|n| n.number.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn pdf_style_minutes_read_whole() {
    let m = minutes(PDF_STYLE, "SSP").unwrap();
    assert_eq!(m.opening.date, NaiveDate::from_ymd_opt(2017, 4, 4));
    assert_eq!(m.opening.time, None);
    assert_eq!(
        numbers(&m),
        [
            "SSP 7/17",
            "SSP 8/17",
            "SSP 9/17",
            "SSP 10/17",
            "SSP 11/17",
            "SSP 12/17"
        ]
    );
    the_pdf_styles_attendance_is_read_by_status_and_organisation(&m);

    the_pdf_styles_items_carry_kinds_minutes_parts_and_outcomes(&m);
}

/// Checks who was present (the chair first), officers and apologies, with their organisations.
fn the_pdf_styles_attendance_is_read_by_status_and_organisation(m: &Minutes) {
    let present: Vec<&Person> = m
        .attendance
        .iter()
        .filter(|p| p.status == "present")
        .collect();
    assert_eq!(present.len(), 16, "{present:#?}");
    assert!(present[0].chair && present[0].name == "Steve Nelson");
    assert_eq!(present[0].honorific.as_deref(), Some("Cllr"));
    // The grouped list, wrapped over two lines.
    for name in [
        "Steve Hume",
        "Jamie McCann",
        "Claire Sills",
        "Marilyn Davies",
    ] {
        let p = present.iter().find(|p| p.name == name).unwrap();
        assert_eq!(
            p.organisation.as_deref(),
            Some("Stockton Council"),
            "{name}"
        );
    }
    let jo = present.iter().find(|p| p.name == "Jo Hodgkinson").unwrap();
    assert_eq!(
        jo.organisation.as_deref(),
        Some("Office of the Police and Crime Commissioner")
    );
    let officers: Vec<_> = m
        .attendance
        .iter()
        .filter(|p| p.status == "officer")
        .collect();
    assert_eq!(officers.len(), 2);
    assert_eq!(officers[0].organisation.as_deref(), Some("SBC"));
    assert!(m.attendance.iter().all(|p| p.status != "in_attendance"));
    let apologies: Vec<_> = m
        .attendance
        .iter()
        .filter(|p| p.status == "apologies")
        .collect();
    assert_eq!(apologies.len(), 2);
    assert_eq!(apologies[1].organisation.as_deref(), Some("Catalyst"));
}

/// Checks the items' kinds, minutes, parts, outcomes and restriction, with a Schedule 12A warning.
fn the_pdf_styles_items_carry_kinds_minutes_parts_and_outcomes(m: &Minutes) {
    let kinds: Vec<&str> = m.items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            "declarations",
            "previous_minutes",
            "report",
            "report",
            "report",
            "any_other_business"
        ]
    );
    assert_eq!(m.items[0].title, "Declarations of Interest");
    assert_eq!(
        m.items[0].record.minutes,
        "There were no declarations of interest."
    );
    assert!(m.items[0].record.declarations.is_empty());
    assert_eq!(
        m.items[1].record.minutes,
        "The minutes of the meeting held on 14th February 2017 were agreed as a correct record."
    );
    let boards = &m.items[2];
    assert_eq!(boards.parts.len(), 2);
    assert_eq!(
        (
            boards.parts[1].letter.as_str(),
            boards.parts[1].title.as_str()
        ),
        ("b", "Youth Offending Board")
    );
    assert_eq!(
        boards.parts[1].record.outcomes[0].text,
        "that the minutes be noted."
    );
    let plan = &m.items[3];
    assert!(plan.record.minutes.ends_with("years:\n\n- reducing anti-social behaviour;\n- tackling domestic abuse;\n- reducing re-offending."));
    assert_eq!(plan.record.outcomes[0].text, "that:-");
    assert_eq!(
        plan.record.outcomes[0].parts,
        [
            "The content of the plan be noted.",
            "The strategic direction be endorsed."
        ]
    );
    let restricted = &m.items[4];
    assert!(restricted.restricted);
    assert_eq!(restricted.title, "iQuanta Report");
    assert!(m
        .warnings
        .iter()
        .any(|w| w.message.contains("Schedule 12A")));
}

#[test]
fn moderngov_page_as_text() {
    let m = minutes(MODERNGOV, "SSP").unwrap();
    assert_eq!(m.opening.date, NaiveDate::from_ymd_opt(2023, 7, 19));
    assert_eq!(m.opening.time, NaiveTime::from_hms_opt(9, 0, 0));
    assert_eq!(
        m.opening.venue.as_deref(),
        Some("Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU")
    );
    assert_eq!(
        m.contact,
        Some((
            Some("Democratic Services Support Officer".into()),
            "John Devine".into()
        ))
    );
    assert_eq!(
        numbers(&m),
        (1..=8).map(|n| format!("SSP/{n}/23")).collect::<Vec<_>>()
    );
    assert_eq!(m.items[0].title, "Minutes");
    assert_eq!(
        m.items[0].papers,
        [("Minutes".to_string(), "PDF 124 KB".to_string())]
    );
    assert_eq!(m.items[1].title, "Matters Arising");
    assert_eq!(m.items[1].kind, "matters_arising");
    assert_eq!(
        m.items[0].record.minutes,
        "The minutes of the meeting held on the 18th January 2023 were agreed as a true record."
    );
    let asb = &m.items[3];
    assert!(
        asb.record
            .minutes
            .contains(":\n\n- Cleveland would be one of the pilot forces"),
        "{}",
        asb.record.minutes
    );
    assert_eq!(m.items[4].record.outcomes[0].verb, "RESOLVED");
    assert_eq!(m.items[5].record.outcomes[0].text, "the report be noted");
}

#[test]
fn egenda_labels_on_their_own_lines_and_broken_numbers() {
    let m = minutes(EGENDA, "SSP").unwrap();
    assert_eq!(m.opening.date, NaiveDate::from_ymd_opt(2011, 3, 29));
    assert_eq!(m.opening.time, NaiveTime::from_hms_opt(9, 30, 0));
    assert_eq!(
        m.opening.venue.as_deref(),
        Some("Education Centre, Junction Road, Norton")
    );
    assert_eq!(
        numbers(&m),
        ["SSP 144/10", "SSP 145/10", "SSP 148/10", "SSP 149/10"]
    );
    assert_eq!(m.items[0].kind, "previous_minutes");
    assert_eq!(m.items[1].parts.len(), 2);
    let present: Vec<_> = m
        .attendance
        .iter()
        .filter(|p| p.status == "present")
        .collect();
    assert_eq!(present.len(), 7);
    assert!(present[0].chair);
    assert_eq!(
        m.attendance
            .iter()
            .filter(|p| p.status == "officer")
            .count(),
        3
    );
    let apologies: Vec<_> = m
        .attendance
        .iter()
        .filter(|p| p.status == "apologies")
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        apologies,
        ["Tina Williams", "Glenis Sanderson", "Jane Humphreys"]
    );
}

#[test]
fn a_shopping_list_is_not_minutes() {
    let e = minutes("eggs, milk, bread", "SSP").unwrap_err();
    assert!(e.0.contains("almost no text"), "{}", e.0);
    let e = minutes(
        "Shopping\n\n1. Eggs from the farm shop\n2. Milk, semi-skimmed\n3. Bread and butter for the weekend\n4. Tea bags",
        "",
    )
    .unwrap_err();
    assert!(e.0.contains("does not read as minutes"), "{}", e.0);
}

#[test]
fn lettered_parts_printed_in_the_heading_and_their_text_below() {
    // One rule, composed: three parts named in the heading (wrapped), the
    // text of two of them under their letters, and the item's outcome.
    let doc = "A meeting of Safer Stockton Partnership was held on Tuesday, 4th April, 2017.\n\n\
               SSP 9/17 Minutes of Other Boards (a) Safeguarding Adults Board\n\
               (b) Youth Offending Board (c) Reducing Reoffending Board\n\n\
               (a) Safeguarding Adults Board\n\nMembers noted the minutes.\n\n\
               (c) Reducing Reoffending Board\n\nMembers noted the update.\n\n\
               AGREED that the minutes be noted.\n";
    let m = minutes(doc, "SSP").unwrap();
    assert_eq!(m.items.len(), 1);
    let it = &m.items[0];
    assert_eq!(it.title, "Minutes of Other Boards");
    let parts: Vec<(&str, &str)> = it
        .parts
        .iter()
        .map(|p| (p.letter.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            ("a", "Safeguarding Adults Board"),
            ("b", "Youth Offending Board"),
            ("c", "Reducing Reoffending Board")
        ]
    );
    assert_eq!(it.parts[0].record.minutes, "Members noted the minutes.");
    assert_eq!(it.parts[2].record.minutes, "Members noted the update.");
    assert_eq!(it.parts[2].record.outcomes[0].verb, "AGREED");
}

#[test]
fn the_press_and_public_excluded_marks_what_follows_restricted() {
    // One rule, composed: a parish's exclusion resolution before its last item.
    let doc = "Minutes of the meeting of the Parish Council held on 4th May 2021.\n\n\
               1. Apologies\nNone.\n\n2. Planning\nNo comment.\n\n\
               3. Exclusion of the press and public\nRESOLVED that under Section 100A(4) of the Local \
               Government Act 1972 the public be excluded for the following item as it involves exempt \
               information as defined in paragraph 1 of Part 1 of Schedule 12A.\n\n\
               4. Staffing\nThe clerk's hours were reviewed.\n";
    let m = minutes(doc, "").unwrap();
    let restricted: Vec<bool> = m.items.iter().map(|i| i.restricted).collect();
    assert_eq!(restricted, [false, false, false, true]);
    assert_eq!(m.items[3].record.paragraph, Some(1));
    assert!(m.warnings.iter().any(|w| w.message.contains("excluded")));
}

#[test]
fn minutes_in_welsh_are_minutes() {
    let doc = "Cofnodion cyfarfod Cyngor Cymuned Llanfair a gynhaliwyd ar 4 Mai 2021.\n\n\
               1. Ymddiheuriadau\nDim.\n\n2. Cofnodion\nCymeradwywyd y cofnodion.\n";
    let m = minutes(doc, "").unwrap();
    assert_eq!(m.items.len(), 2);
    assert_eq!(m.date(), NaiveDate::from_ymd_opt(2021, 5, 4));
}

#[test]
fn item_references_on_consecutive_lines_do_not_panic() {
    // "(Item 2)" right under the line "(Item 1)": the title above the
    // second reference would reach back into the first item.
    let doc = "Minutes of the Panel held on 10th December 2024.\n\nApologies\n(Item 1)\n(Item 2)\nText.\n";
    let m = minutes(doc, "").unwrap();
    assert!(!m.items.is_empty());
}
