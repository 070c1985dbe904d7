//! Votes in the minutes, in the house style: the outcome a vote decided
//! reads "RESOLVED (by 3 votes to 1, with 1 abstention) that …"; a recorded
//! vote lists the names under For / Against / Abstained before it. Built
//! from the blocks every writer knows (fields, paragraphs, outcomes), so
//! every format shows them.

use super::doc::Block;
use minutebook_domain::votes::declaration_kind_label;
use minutebook_read::meeting::{Declaration, Outcome};
use minutebook_read::votes::Vote;

/// " (disclosable pecuniary interest; withdrew from the meeting for the
/// item)": what a declaration adds after its nature; empty for one recorded
/// without a kind.
pub fn declaration_suffix(d: &Declaration) -> String {
    let mut bits = Vec::new();
    if let Some(k) = &d.kind {
        bits.push(declaration_kind_label(k).to_string());
    }
    if d.withdrew {
        bits.push("withdrew from the meeting for the item".to_string());
    }
    if bits.is_empty() {
        String::new()
    } else {
        format!(" ({})", bits.join("; "))
    }
}

/// The outcomes of an item, each preceded by the names of a recorded vote
/// that decided it; then the votes that decided no outcome.
pub fn outcomes_and_votes(blocks: &mut Vec<Block>, outcomes: &[Outcome], votes: &[Vote]) {
    for o in outcomes {
        let deciding: Vec<&Vote> = votes
            .iter()
            .filter(|v| v.outcome_id.as_deref() == Some(o.id.as_str()))
            .collect();
        for v in &deciding {
            recorded_names(blocks, v);
        }
        blocks.push(Block::Outcome {
            verb: outcome_verb(o, votes),
            text: o.text.clone(),
            parts: o.parts.clone(),
        });
    }
    for v in votes {
        let decided = v
            .outcome_id
            .as_deref()
            .is_some_and(|id| outcomes.iter().any(|o| o.id == id));
        if decided {
            continue;
        }
        recorded_names(blocks, v);
        let sentence = match &v.motion {
            Some(m) => format!("{m} — {} {}.", v.result, v.summary),
            None => format!("{} {}.", capitalised(&v.result), v.summary),
        };
        blocks.push(Block::field("Vote:", sentence));
    }
}

/// "RESOLVED (by 3 votes to 1, with 1 abstention)": an outcome's verb with
/// how the (latest) vote that decided it went.
pub fn outcome_verb(o: &Outcome, votes: &[Vote]) -> String {
    match votes
        .iter()
        .rev()
        .find(|v| v.outcome_id.as_deref() == Some(o.id.as_str()))
    {
        Some(v) => format!("{} ({})", o.verb, v.summary),
        None => o.verb.clone(),
    }
}

/// One vote in a line, for the public meeting page: "The amendment — lost
/// by 4 votes to 1. For: Cllr A. Against: Cllr B, …".
pub fn vote_line(v: &Vote) -> String {
    let mut s = format!(
        "{} — {} {}.",
        v.motion.as_deref().unwrap_or("The motion"),
        v.result,
        v.summary
    );
    if v.kind == "recorded" {
        for (label, choice) in [
            ("For", "for"),
            ("Against", "against"),
            ("Abstained", "abstain"),
        ] {
            let names = v.names(choice);
            let names = if names.is_empty() {
                "None".to_string()
            } else {
                names.join(", ")
            };
            s.push_str(&format!(" {label}: {names}."));
        }
    }
    s
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "A recorded vote was taken:" and the names under For / Against /
/// Abstained, for a recorded vote; nothing for a show of hands.
fn recorded_names(blocks: &mut Vec<Block>, v: &Vote) {
    if v.kind != "recorded" {
        return;
    }
    blocks.push(Block::paragraph(match &v.motion {
        Some(m) => format!("A recorded vote was taken on {m}:"),
        None => "A recorded vote was taken:".to_string(),
    }));
    for (label, choice) in [
        ("For:", "for"),
        ("Against:", "against"),
        ("Abstained:", "abstain"),
    ] {
        let names = v.names(choice);
        let text = if names.is_empty() {
            "None".to_string()
        } else {
            names.join(", ")
        };
        blocks.push(Block::field(label, text));
    }
    if let (Some(c), Some(chair)) = (&v.casting_vote, &v.casting_person_name) {
        blocks.push(Block::field(
            "Casting vote:",
            format!("{chair} (Chair) gave a casting vote {c}."),
        ));
    }
}
