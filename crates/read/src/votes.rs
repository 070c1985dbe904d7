//! Votes as a viewer sees them: the counts, the names for a recorded vote,
//! the chair's casting vote and how the minutes say it.

use super::time::utc;
use chrono::{DateTime, Utc};
use minutebook_domain::votes::{phrase, Choice, Counts};
use minutebook_store::people::PersonRow;
use minutebook_store::votes::VoteWithNames;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Vote {
    pub id: String,
    pub item_id: String,
    /// The outcome the vote decided, if any.
    pub outcome_id: Option<String>,
    /// `show_of_hands` or `recorded`.
    pub kind: String,
    /// What was voted on, when the minutes say it (e.g. an amendment).
    pub motion: Option<String>,
    #[serde(rename = "for")]
    pub for_: i32,
    pub against: i32,
    pub abstained: i32,
    /// `for` or `against`: the chair's casting vote on a tie.
    pub casting_vote: Option<String>,
    pub casting_person_id: Option<String>,
    pub casting_person_name: Option<String>,
    /// `carried` or `lost`.
    pub result: String,
    /// How the minutes say it: `by 3 votes to 1, with 1 abstention`.
    pub summary: String,
    /// For a recorded vote: how each member voted.
    pub named: Vec<NamedVote>,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedVote {
    pub person_id: String,
    pub person_name: Option<String>,
    /// `for`, `against` or `abstain`.
    pub vote: String,
}

impl Vote {
    pub fn from_row(v: VoteWithNames, people: &HashMap<String, PersonRow>) -> Vote {
        let name = |id: &str| people.get(id).map(PersonRow::display_name);
        let r = v.vote;
        let counts = Counts {
            for_: r.for_count,
            against: r.against_count,
            abstained: r.abstained_count,
        };
        let casting = r.casting_vote.as_deref().and_then(Choice::parse);
        Vote {
            summary: phrase(counts, casting),
            casting_person_name: r.casting_person_id.as_deref().and_then(name),
            named: v
                .named
                .into_iter()
                .map(|n| NamedVote {
                    person_name: name(&n.person_id),
                    person_id: n.person_id,
                    vote: n.vote,
                })
                .collect(),
            id: r.id,
            item_id: r.item_id,
            outcome_id: r.outcome_id,
            kind: r.kind,
            motion: r.motion,
            for_: r.for_count,
            against: r.against_count,
            abstained: r.abstained_count,
            casting_vote: r.casting_vote,
            casting_person_id: r.casting_person_id,
            result: r.result,
            position: r.position,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }

    /// The names of those who voted `choice`, in the order recorded.
    pub fn names(&self, choice: &str) -> Vec<String> {
        self.named
            .iter()
            .filter(|n| n.vote == choice)
            .map(|n| {
                n.person_name
                    .clone()
                    .unwrap_or_else(|| "(name not recorded)".into())
            })
            .collect()
    }
}

/// The people a set of votes names (voters and casting voters).
pub fn person_ids(votes: &[VoteWithNames]) -> impl Iterator<Item = String> + '_ {
    votes.iter().flat_map(|v| {
        v.named
            .iter()
            .map(|n| n.person_id.clone())
            .chain(v.vote.casting_person_id.clone())
    })
}

/// Votes grouped by item.
pub fn by_item(
    votes: Vec<VoteWithNames>,
    people: &HashMap<String, PersonRow>,
) -> HashMap<String, Vec<Vote>> {
    let mut out: HashMap<String, Vec<Vote>> = HashMap::new();
    for v in votes {
        out.entry(v.vote.item_id.clone())
            .or_default()
            .push(Vote::from_row(v, people));
    }
    out
}

/// One vote as token holders see it, with the names of the people it names.
pub fn view(
    conn: &mut minutebook_ground::db::DbConn,
    v: VoteWithNames,
) -> minutebook_ground::error::AppResult<Vote> {
    let ids: Vec<String> = person_ids(std::slice::from_ref(&v)).collect();
    let people = minutebook_store::people::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(Vote::from_row(v, &people))
}
