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
        Block::Section {
            text: "Interests".into(),
        },
    ];
    if r.entries.is_empty() {
        blocks.push(Block::paragraph("No interests are registered."));
    } else {
        blocks.push(Block::Table {
            header: vec![
                "Category".into(),
                "Interest".into(),
                "From".into(),
                "Notified".into(),
            ],
            rows: r
                .entries
                .iter()
                .map(|e| {
                    vec![
                        vec![e.category_name.clone()],
                        vec![e.description.clone()],
                        vec![e.start_date.map(day).unwrap_or_default()],
                        vec![day(e.notified_on)],
                    ]
                })
                .collect(),
        });
    }
    blocks.push(Block::paragraph(
        "The register does not say whether an interest is the member's own or their spouse's or civil partner's. An entry withheld is a sensitive interest (section 32 of the Localism Act 2011).",
    ));
    blocks.push(Block::Section {
        text: "Gifts and hospitality".into(),
    });
    if r.gifts.is_empty() {
        blocks.push(Block::paragraph("None recorded."));
    } else {
        blocks.push(Block::Table {
            header: vec![
                "Received".into(),
                "From".into(),
                "Gift or hospitality".into(),
                "Estimated value".into(),
                "Accepted".into(),
            ],
            rows: r
                .gifts
                .iter()
                .map(|g| {
                    vec![
                        vec![day(g.received_on)],
                        vec![g.donor.clone()],
                        vec![g.description.clone()],
                        vec![pounds(g.value_pence)],
                        vec![if g.accepted { "Accepted" } else { "Declined" }.into()],
                    ]
                })
                .collect(),
        });
    }
    blocks.push(Block::Section {
        text: "Dispensations".into(),
    });
    if r.dispensations.is_empty() {
        blocks.push(Block::paragraph("None granted."));
    } else {
        blocks.push(Block::Table {
            header: vec![
                "Scope".into(),
                "Grounds".into(),
                "Granted by".into(),
                "From".into(),
                "To".into(),
            ],
            rows: r
                .dispensations
                .iter()
                .map(|d| {
                    vec![
                        vec![d.scope.clone()],
                        vec![d.grounds.clone()],
                        vec![d.granted_by.clone()],
                        vec![day(d.start_date)],
                        vec![day(d.end_date)],
                    ]
                })
                .collect(),
        });
    }
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
