//! The agenda of a meeting: the heading with date, time, venue and contact
//! officer, then the items in order with their numbers, presenters and
//! papers ("PDF 124 KB").

use super::dates::{clock_time, long_date};
use super::doc::{Block, Document, House, DRAFT_MARK};
use super::markup::{Inline, Runs};
use super::Audience;
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_read::meeting::{Item, Meeting, Paper};

/// An agenda is a draft until it is published.
pub fn is_draft(m: &Meeting) -> bool {
    m.status == MeetingStatus::Draft
}

pub fn build(m: &Meeting, audience: Audience) -> Document {
    let draft = is_draft(m);
    let mut blocks = vec![
        Block::Title {
            text: m.body.name.clone(),
        },
        Block::Subtitle {
            text: match &m.title {
                Some(t) => format!("Agenda: {t}"),
                None => "Agenda".into(),
            },
        },
    ];
    if m.status == MeetingStatus::Cancelled {
        blocks.push(Block::Notice {
            text: "This meeting has been cancelled.".into(),
        });
    }
    blocks.push(Block::field("Date:", long_date(m.starts_at)));
    blocks.push(Block::field("Time:", clock_time(m.starts_at)));
    if let Some(v) = super::venue_line(&m.venue) {
        blocks.push(Block::field("Venue:", v));
    }
    if let Some(c) = contact_line(m) {
        blocks.push(Block::field("Contact:", c));
    }
    blocks.push(Block::Section {
        text: "Items".into(),
    });
    for (i, item) in m.items.iter().enumerate() {
        let restricted = item.restricted.is_some();
        let hidden = restricted && audience == Audience::Public;
        blocks.push(Block::ItemHeading {
            number: Some(
                item.minute_number
                    .clone()
                    .unwrap_or_else(|| format!("{}.", i + 1)),
            ),
            title: item.title.clone(),
            restricted,
        });
        super::restriction_blocks(&mut blocks, item, audience);
        item_papers(&mut blocks, item, restricted, hidden, audience);
        for part in &item.parts {
            let part_restricted = part.restricted.is_some();
            blocks.push(Block::PartHeading {
                letter: part.part_letter.clone().unwrap_or_default(),
                title: part.title.clone(),
                restricted: part_restricted,
            });
            super::restriction_blocks(&mut blocks, part, audience);
            let part_hidden = hidden || (part_restricted && audience == Audience::Public);
            item_papers(
                &mut blocks,
                part,
                restricted || part_restricted,
                part_hidden,
                audience,
            );
        }
    }
    Document {
        kind: "agenda",
        title: super::title(draft, "Agenda", m),
        house: House::Meeting,
        landscape: false,
        draft: draft.then(|| format!("{DRAFT_MARK} — AGENDA NOT YET PUBLISHED")),
        exempt: super::exempt_banner(m, audience),
        blocks,
    }
}

/// "Democratic Services Support Officer - John Devine (john.devine@…)".
fn contact_line(m: &Meeting) -> Option<String> {
    let c = &m.contact;
    let who: Vec<&str> = [c.role.as_deref(), c.name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let mut s = who.join(" - ");
    if let Some(email) = c.email.as_deref().filter(|e| !e.trim().is_empty()) {
        if s.is_empty() {
            s = email.to_string();
        } else {
            s.push_str(&format!(" ({email})"));
        }
    }
    (!s.is_empty()).then_some(s)
}

/// The presenter and papers of an item; none of them for a restricted item
/// the public sees. The papers of a restricted item are marked restricted.
fn item_papers(
    blocks: &mut Vec<Block>,
    item: &Item,
    restricted: bool,
    hidden: bool,
    audience: Audience,
) {
    if hidden {
        return;
    }
    if let Some(p) = item.presenter.as_deref().filter(|p| !p.trim().is_empty()) {
        blocks.push(Block::field("Presented by:", p));
    }
    let papers: Vec<Runs> = item
        .documents
        .iter()
        .filter(|d| audience == Audience::Internal || !d.restricted)
        .map(|d| paper(d, restricted))
        .collect();
    if !papers.is_empty() {
        blocks.push(Block::Bullets { items: papers });
    }
}

/// "Minutes (PDF 124 KB)", the title linking to the file.
fn paper(d: &Paper, item_restricted: bool) -> Runs {
    let mut tail = format!(" ({})", d.size_label);
    if d.restricted || item_restricted {
        tail.push_str(" (Restricted)");
    }
    vec![
        Inline::Link {
            text: d.title.clone(),
            url: d.url.clone(),
        },
        Inline::plain(tail),
    ]
}
