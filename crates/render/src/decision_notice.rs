//! A decision notice (the written record of an executive or delegated
//! decision) as a document: who decided what and when, whether it is a key
//! decision, the reasons, the alternatives rejected, conflicts and
//! dispensations, and where it stands on call-in. Built from the read
//! model's public view, so a decision's exempt part is never in it; the
//! notice says only that there is one, under which paragraph.

use crate::dates::plain_date as day;
use crate::dates::{clock_time, long_date};
use crate::doc::{Block, Document, FieldRow, House};
use crate::markup::Inline;
use chrono::{DateTime, Utc};
use minutebook_domain::decisions::{outcome_label, status_label};
use minutebook_read::decisions::Decision;

fn when(t: DateTime<Utc>) -> String {
    format!("{} {}", long_date(t), clock_time(t))
}

fn row(label: &str, text: impl Into<String>) -> FieldRow {
    FieldRow {
        label: label.into(),
        hint: None,
        paragraphs: vec![text.into()],
    }
}

/// The notice of `d`; `wards` are the names of the wards it affects.
pub fn document(d: &Decision, wards: &[String], council: &str) -> Document {
    let mut blocks = vec![
        Block::Title {
            text: council.to_string(),
        },
        Block::Subtitle {
            text: "Record of decision".into(),
        },
        Block::Line {
            text: d.title.clone(),
            right: false,
        },
        Block::FieldTable {
            caption: None,
            class: "review",
            rows: facts(d, wards),
        },
    ];
    decision_blocks(&mut blocks, d);
    conflict_blocks(&mut blocks, d);
    if !d.links.documents.is_empty() {
        blocks.push(Block::Section {
            text: "Papers".into(),
        });
        for p in &d.links.documents {
            blocks.push(Block::paragraph(format!("{} ({})", p.title, p.size_label)));
        }
    }
    call_in_blocks(&mut blocks, d);
    if let Some(r) = &d.revocation {
        blocks.push(Block::Notice {
            text: format!(
                "This decision was revoked on {}: {}",
                when(r.revoked_at),
                r.reason
            ),
        });
    }
    Document {
        kind: "decision",
        title: format!("Record of decision {} — {}", d.reference, d.title),
        house: House::Scrutiny,
        landscape: false,
        draft: None,
        exempt: None,
        blocks,
    }
}

/// The table at the head of the notice: reference, who decided and when,
/// whether it is a key decision, the wards, publication and status.
fn facts(d: &Decision, wards: &[String]) -> Vec<FieldRow> {
    let mut facts = vec![
        row("Reference", d.reference.clone()),
        row("Decision maker", d.decision_maker.clone()),
        row("Date of decision", day(d.made_on)),
        row(
            "Key decision",
            if d.key_decision {
                match &d.key_reason {
                    Some(r) => format!("Yes: {r}"),
                    None => "Yes".into(),
                }
            } else {
                "No".into()
            },
        ),
        row(
            "Wards affected",
            if wards.is_empty() {
                "None specified".to_string()
            } else {
                wards.join(", ")
            },
        ),
    ];
    if let Some(p) = d.published_at {
        facts.push(row("Published", when(p)));
    }
    facts.push(row("Status", status_label(&d.status)));
    facts
}

/// The decision (with its numbered parts and the exempt notice), its
/// reasons and the options rejected.
fn decision_blocks(blocks: &mut Vec<Block>, d: &Decision) {
    blocks.push(Block::Section {
        text: "Decision".into(),
    });
    blocks.push(Block::paragraph(d.decision.clone()));
    if !d.parts.is_empty() {
        blocks.push(Block::Numbered {
            start: 1,
            items: d
                .parts
                .iter()
                .map(|p| vec![Inline::plain(p.clone())])
                .collect(),
        });
    }
    if let Some(p) = d.exempt_paragraph {
        blocks.push(Block::Notice {
            text: format!(
                "Part of this decision is not for publication because it contains exempt information under paragraph {p} of Part 1 of Schedule 12A to the Local Government Act 1972."
            ),
        });
    }
    blocks.push(Block::Section {
        text: "Reasons for the decision".into(),
    });
    blocks.push(Block::paragraph(d.reasons.clone()));
    blocks.push(Block::Section {
        text: "Alternative options considered and rejected".into(),
    });
    blocks.push(Block::paragraph(
        d.alternatives
            .clone()
            .unwrap_or_else(|| "None recorded.".into()),
    ));
}

/// The conflicts of interest declared (recorded with the decision, or
/// declared at the meeting) and the dispensations granted.
fn conflict_blocks(blocks: &mut Vec<Block>, d: &Decision) {
    blocks.push(Block::Section {
        text: "Conflicts of interest declared and dispensations granted".into(),
    });
    let mut conflicts: Vec<String> = d.conflicts.iter().cloned().collect();
    conflicts.extend(d.links.declarations.iter().map(|x| {
        format!(
            "{}: {}{}",
            x.person,
            x.nature,
            if x.withdrew {
                " (left the meeting for the item)"
            } else {
                ""
            }
        )
    }));
    conflicts.extend(d.links.dispensations.iter().map(|x| {
        format!(
            "Dispensation: {}, granted by {} ({})",
            x.scope, x.granted_by, x.grounds
        )
    }));
    if conflicts.is_empty() {
        blocks.push(Block::paragraph("None."));
    }
    for c in conflicts {
        blocks.push(Block::paragraph(c));
    }
}

/// Where the decision stands on call-in, and each call-in with its
/// outcome.
fn call_in_blocks(blocks: &mut Vec<Block>, d: &Decision) {
    blocks.push(Block::Section {
        text: "Call-in".into(),
    });
    blocks.push(Block::paragraph(call_in_text(d)));
    for c in &d.call_ins {
        blocks.push(Block::paragraph(format!(
            "Called in on {} by {} members. Grounds: {}",
            when(c.received_at),
            c.signatories.len(),
            c.grounds
        )));
        if let Some(o) = &c.outcome {
            blocks.push(Block::paragraph(format!("Scrutiny: {}.", outcome_label(o))));
        }
    }
}

/// Where the decision stands on call-in, in a sentence.
pub fn call_in_text(d: &Decision) -> String {
    if d.urgent {
        return format!(
            "This decision was taken as urgent and is not subject to call-in{}.",
            match (&d.urgency_agreed_by, &d.urgency_reason) {
                (Some(who), Some(why)) => format!(" ({who} agreed: {why})"),
                (Some(who), None) => format!(" ({who} agreed)"),
                (None, Some(why)) => format!(" ({why})"),
                (None, None) => String::new(),
            }
        );
    }
    if !d.subject_to_call_in {
        return "This decision is not subject to call-in.".into();
    }
    match (d.call_in_deadline, d.effective_at) {
        (_, Some(e)) => format!("This decision took effect on {}.", when(e)),
        (Some(dl), None) if d.status == "published" => format!(
            "This decision may be called in until {}; if it is not, it takes effect then.",
            when(dl)
        ),
        _ => status_label(&d.status).to_string() + ".",
    }
}
