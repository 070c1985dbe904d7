//! A member's register of interests as a document (tagged PDF): what the
//! public register shows, in the register's order, with its gifts and
//! hospitality and its dispensations. Built from the read model's public
//! view, so a sensitive entry is already withheld and whose interest is
//! never said.

use crate::dates::plain_date as day;
use crate::doc::{Block, Document, House};
use chrono::NaiveDate;
use minutebook_read::interests::Register;

fn pounds(pence: Option<i64>) -> String {
    pence
        .map(|p| format!("£{}.{:02}", p / 100, p % 100))
        .unwrap_or_else(|| "not stated".into())
}

/// The register of `name` as it stands on `today`.
pub fn document(r: &Register, name: &str, council: &str, today: NaiveDate) -> Document {
    let mut blocks = vec![
        Block::Title {
            text: council.to_string(),
        },
        Block::Subtitle {
            text: format!("Register of interests: {name}"),
        },
        Block::paragraph(format!("As at {}.", day(today))),
    ];
    section(
        &mut blocks,
        "Interests",
        "No interests are registered.",
        &["Category", "Interest", "From", "Notified"],
        r.entries.iter().map(|e| {
            vec![
                e.category_name.clone(),
                e.description.clone(),
                e.start_date.map(day).unwrap_or_default(),
                day(e.notified_on),
            ]
        }),
    );
    blocks.push(Block::paragraph(
        "The register does not say whether an interest is the member's own or their spouse's or civil partner's. An entry withheld is a sensitive interest (section 32 of the Localism Act 2011).",
    ));
    section(
        &mut blocks,
        "Gifts and hospitality",
        "None recorded.",
        &[
            "Received",
            "From",
            "Gift or hospitality",
            "Estimated value",
            "Accepted",
        ],
        r.gifts.iter().map(|g| {
            vec![
                day(g.received_on),
                g.donor.clone(),
                g.description.clone(),
                pounds(g.value_pence),
                if g.accepted { "Accepted" } else { "Declined" }.into(),
            ]
        }),
    );
    section(
        &mut blocks,
        "Dispensations",
        "None granted.",
        &["Scope", "Grounds", "Granted by", "From", "To"],
        r.dispensations.iter().map(|d| {
            vec![
                d.scope.clone(),
                d.grounds.clone(),
                d.granted_by.clone(),
                day(d.start_date),
                day(d.end_date),
            ]
        }),
    );
    Document {
        kind: "register",
        title: format!("Register of interests — {name}"),
        house: House::Scrutiny,
        landscape: false,
        draft: None,
        exempt: None,
        blocks,
    }
}

/// A section of the register: its heading, then a table of `rows` under
/// `header`, or `none` when there are no rows.
fn section(
    blocks: &mut Vec<Block>,
    heading: &str,
    none: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) {
    blocks.push(Block::Section {
        text: heading.into(),
    });
    let rows: Vec<Vec<Vec<String>>> = rows
        .map(|cells| cells.into_iter().map(|c| vec![c]).collect())
        .collect();
    if rows.is_empty() {
        blocks.push(Block::paragraph(none));
    } else {
        blocks.push(Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        });
    }
}
