//! The minutes of a meeting in the house style: the body, "A meeting of …
//! was held on …", attendance, then each item with its number, parts, minute
//! text, declarations and outcome.

use super::dates::{clock_time, long_date};
use super::doc::{text_blocks, Block, Document, House, DRAFT_MARK};
use super::markup::Inline;
use super::Audience;
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_read::meeting::{Attendance, Item, Meeting};

/// Minutes not yet approved by the chair are drafts.
pub fn is_draft(m: &Meeting) -> bool {
    !matches!(
        m.minutes_status.as_str(),
        "approved" | "published" | "confirmed"
    )
}

pub fn build(m: &Meeting, audience: Audience) -> Document {
    let draft = is_draft(m);
    let mut blocks = vec![
        Block::Title {
            text: m.body.name.clone(),
        },
        Block::Subtitle {
            text: match &m.title {
                Some(t) => format!("Minutes: {t}"),
                None => "Minutes".into(),
            },
        },
    ];
    if m.status == MeetingStatus::Cancelled {
        blocks.push(Block::Notice {
            text: "This meeting was cancelled.".into(),
        });
    }
    blocks.push(Block::paragraph(held_sentence(m)));
    attendance(&mut blocks, &m.attendance);
    for line in m.preamble.iter().flat_map(|p| p.lines()) {
        if !line.trim().is_empty() {
            blocks.push(Block::paragraph(line.trim().to_string()));
        }
    }
    for item in &m.items {
        item_blocks(&mut blocks, item, audience);
    }
    if let Some(end) = m.ends_at {
        blocks.push(Block::paragraph(format!(
            "The meeting closed at {}.",
            clock_time(end)
        )));
    }
    if let (Some(at), Some(sha)) = (
        m.minutes_record.confirmed_at,
        m.minutes_record.confirmed_sha256.as_deref(),
    ) {
        blocks.push(Block::Notice {
            text: format!(
                "Confirmed as a true record on {} and signed by the chair. SHA-256 of the confirmed text: {sha}",
                long_date(at)
            ),
        });
    }
    Document {
        kind: "minutes",
        title: super::title(draft, "Minutes", m),
        house: House::Meeting,
        landscape: false,
        draft: draft.then(|| format!("{DRAFT_MARK} — NOT YET APPROVED BY THE CHAIR")),
        exempt: super::exempt_banner(m, audience),
        blocks,
    }
}

/// A minute number as its heading prints it: a bare running number with
/// its full stop ("46." as parish minutes print it), any other as it is
/// ("SSP 7/17", "60.0", "18.11.1").
pub fn heading_number(number: &str) -> String {
    if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
        format!("{number}.")
    } else {
        number.to_string()
    }
}

/// "A meeting of Safer Stockton Partnership was held on Wednesday, 19th
/// July, 2023 at 9.00 am in Meeting Room 1, …."
pub fn held_sentence(m: &Meeting) -> String {
    let mut s = format!(
        "A meeting of {} was held on {}",
        m.body.name,
        long_date(m.starts_at)
    );
    // Midnight is how a meeting whose time is not known (an imported
    // record that gave none) is kept: no time is shown.
    let local = minutebook_domain::time::local(m.starts_at);
    if chrono::Timelike::num_seconds_from_midnight(&local) != 0 {
        s.push_str(" at ");
        s.push_str(&clock_time(m.starts_at));
    }
    if let Some(v) = super::venue_line(&m.venue) {
        s.push_str(" in ");
        s.push_str(&v);
    }
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// The organisation a plain entry (no chair, no substitute) shares with
/// the next: "A, B, C (Stockton Council)" in the house style.
fn shared_org(a: &Attendance) -> Option<&str> {
    if a.chair || a.substitute_for.is_some() {
        return None;
    }
    a.organisation.as_deref().filter(|o| !o.trim().is_empty())
}

fn person(a: &Attendance, next: Option<&Attendance>) -> String {
    let mut s = a
        .person_name
        .clone()
        .unwrap_or_else(|| "(name not recorded)".into());
    let grouped = shared_org(a).is_some() && shared_org(a) == next.and_then(shared_org);
    if let Some(org) = a
        .organisation
        .as_deref()
        .filter(|o| !o.trim().is_empty() && !grouped)
    {
        s.push_str(&format!(" ({org})"));
    }
    if a.chair {
        s.push_str(" (Chair)");
    }
    if a.substitute_for.is_some() {
        let name = a.substitute_for_name.as_deref().unwrap_or("another member");
        s.push_str(&format!(" (substitute for {name})"));
    }
    s
}

fn attendance(blocks: &mut Vec<Block>, all: &[Attendance]) {
    for (label, status) in [
        ("Present:", "present"),
        ("Officers:", "officer"),
        ("Also in attendance:", "in_attendance"),
        ("Apologies:", "apologies"),
    ] {
        let mut people: Vec<&Attendance> = all.iter().filter(|a| a.status == status).collect();
        // The chair is named first.
        people.sort_by_key(|a| (!a.chair, a.position));
        let text = if people.is_empty() {
            "None".to_string()
        } else {
            people
                .iter()
                .enumerate()
                .map(|(i, a)| person(a, people.get(i + 1).copied()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        blocks.push(Block::field(label, text));
    }
}

/// The blocks of one item (and its parts), as `audience` may see them.
fn item_blocks(blocks: &mut Vec<Block>, item: &Item, audience: Audience) {
    let restricted = item.restricted.is_some();
    let hidden = restricted && audience == Audience::Public;
    blocks.push(Block::ItemHeading {
        number: item.minute_number.as_deref().map(heading_number),
        title: item.title.clone(),
        restricted,
    });
    super::restriction_blocks(blocks, item, audience);
    for part in &item.parts {
        let part_restricted = part.restricted.is_some();
        blocks.push(Block::PartHeading {
            letter: part.part_letter.clone().unwrap_or_default(),
            title: part.title.clone(),
            restricted: part_restricted,
        });
        super::restriction_blocks(blocks, part, audience);
        let part_hidden = hidden || (part_restricted && audience == Audience::Public);
        record_blocks(blocks, part, part_hidden, audience);
    }
    record_blocks(blocks, item, hidden, audience);
}

/// What was minuted on an item: its text, declarations, outcomes and
/// actions; for the public, a restricted item shows only its public summary.
fn record_blocks(blocks: &mut Vec<Block>, item: &Item, hidden: bool, audience: Audience) {
    if hidden {
        if let Some(summary) = &item.public_summary {
            blocks.extend(text_blocks(summary));
        }
        return;
    }
    if audience == Audience::Internal && item.restricted.is_some() {
        if let Some(summary) = &item.public_summary {
            blocks.push(Block::field("Public summary:", summary.clone()));
        }
    }
    if let Some(text) = &item.minutes {
        blocks.extend(text_blocks(text));
    }
    for d in &item.declarations {
        let name = d.person_name.as_deref().unwrap_or("A member");
        blocks.push(Block::Field {
            label: "Declaration of interest:".into(),
            runs: vec![Inline::plain(format!(
                "{name} — {}{}",
                d.nature,
                super::votes::declaration_suffix(d)
            ))],
        });
    }
    super::votes::outcomes_and_votes(blocks, &item.outcomes, &item.votes);
    for a in &item.actions {
        let mut s = a.description.clone();
        let mut who_when = Vec::new();
        if let Some(owner) = &a.owner {
            who_when.push(owner.clone());
        }
        if let Some(due) = a.due_date {
            who_when.push(format!("by {}", due.format("%-d %B %Y")));
        }
        if !who_when.is_empty() {
            s.push_str(&format!(" ({})", who_when.join(", ")));
        }
        blocks.push(Block::field("Action:", s));
    }
}
