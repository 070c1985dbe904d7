//! A meeting's items as a viewer sees them: each item and its lettered
//! parts with the records the viewer may see (minutes, outcomes,
//! declarations, actions, votes, papers), built from rows loaded once.

use crate::paper::Paper;
use crate::time::{utc, utc_opt};
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::numbering::part_letter;
use minutebook_domain::visibility::{self, ItemFacts, MeetingFacts, Viewer};
use minutebook_domain::vocab::schedule_12a_description;
use minutebook_store::documents::DocumentRow;
use minutebook_store::items::ItemRow;
use minutebook_store::minutes::{ActionRow, DeclarationRow, OutcomeRow};
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Restricted {
    /// Paragraph of Schedule 12A to the Local Government Act 1972, 1–7.
    pub paragraph: Option<i32>,
    pub paragraph_description: Option<String>,
    /// Why the item is restricted; token holders only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Item {
    pub id: String,
    pub meeting_id: String,
    pub parent_id: Option<String>,
    pub position: i32,
    /// For a lettered part: `a`, `b`, `c` …
    pub part_letter: Option<String>,
    /// e.g. `SSP/5/23`; parts share their parent's number; null until the agenda is published.
    pub minute_number: Option<String>,
    pub title: String,
    pub kind: String,
    pub presenter: Option<String>,
    /// Null for a public item.
    pub restricted: Option<Restricted>,
    /// What the public sees of a restricted item's minutes (LGA 1972 s.100C).
    pub public_summary: Option<String>,
    /// The narrative minutes of the item.
    pub minutes: Option<String>,
    pub outcomes: Vec<Outcome>,
    pub declarations: Vec<Declaration>,
    pub actions: Vec<Action>,
    /// Votes taken on the item: counts, and names for a recorded vote.
    pub votes: Vec<super::votes::Vote>,
    pub documents: Vec<Paper>,
    /// Lettered parts (a), (b) … sharing this item's minute number.
    #[schema(no_recursion)]
    pub parts: Vec<Item>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Outcome {
    pub id: String,
    pub item_id: String,
    /// `AGREED`, `RESOLVED` or `NOTED`.
    pub verb: String,
    pub text: String,
    pub parts: Vec<String>,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Item {
    /// What decides who sees this item; `parent_restricted` for a part of a
    /// restricted item.
    pub fn facts(&self, parent_restricted: bool) -> ItemFacts {
        ItemFacts::new(self.restricted.is_some(), parent_restricted)
    }
}

impl From<OutcomeRow> for Outcome {
    fn from(r: OutcomeRow) -> Outcome {
        Outcome {
            parts: r.parts(),
            id: r.id,
            item_id: r.item_id,
            verb: r.verb,
            text: r.text,
            position: r.position,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Declaration {
    pub id: String,
    pub item_id: String,
    pub person_id: String,
    pub person_name: Option<String>,
    pub nature: String,
    /// `disclosable_pecuniary`, `other_registrable`, `non_registrable`, or null.
    pub kind: Option<String>,
    /// The member withdrew from the meeting for the item.
    pub withdrew: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Declaration {
    pub fn from_row(r: DeclarationRow, person: Option<&PersonRow>) -> Declaration {
        Declaration {
            id: r.id,
            item_id: r.item_id,
            person_id: r.person_id,
            person_name: person.map(PersonRow::display_name),
            nature: r.nature,
            kind: r.kind,
            withdrew: r.withdrew,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Action {
    pub id: String,
    pub item_id: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// `open`, `in_progress`, `done` or `cancelled`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<ActionRow> for Action {
    fn from(r: ActionRow) -> Action {
        Action {
            id: r.id,
            item_id: r.item_id,
            description: r.description,
            owner: r.owner,
            due_date: r.due_date,
            status: r.status,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// Everything needed to show items: loaded in a fixed number of queries
/// (empty, by default, for items nothing is recorded against yet).
#[derive(Default)]
pub struct ItemContext {
    pub records: store::minutes::ItemRecords,
    pub votes: Vec<store::votes::VoteWithNames>,
    pub documents: Vec<DocumentRow>,
    pub people: HashMap<String, PersonRow>,
}

impl ItemContext {
    pub(crate) fn new(
        records: store::minutes::ItemRecords,
        votes: Vec<store::votes::VoteWithNames>,
        documents: Vec<DocumentRow>,
        people: Vec<PersonRow>,
    ) -> ItemContext {
        ItemContext {
            records,
            votes,
            documents,
            people: people.into_iter().map(|p| (p.id.clone(), p)).collect(),
        }
    }
}

/// Builds item views, nesting parts under their parents, showing each
/// viewer what [`visibility`] allows.
pub fn build_items(
    items: Vec<ItemRow>,
    ctx: ItemContext,
    viewer: Viewer,
    meeting: MeetingFacts,
    public_url: &str,
) -> Vec<Item> {
    let mut by_item = ByItem::group(ctx);
    let seen = Seen {
        viewer,
        meeting,
        public_url,
    };
    let (top, parts): (Vec<ItemRow>, Vec<ItemRow>) =
        items.into_iter().partition(|i| i.parent_id.is_none());
    let mut parts_of: HashMap<String, Vec<ItemRow>> = HashMap::new();
    for p in parts {
        if let Some(parent) = p.parent_id.clone() {
            parts_of.entry(parent).or_default().push(p);
        }
    }
    let mut out = Vec::with_capacity(top.len());
    for row in top {
        let number = row.minute_number.clone();
        let restricted = row.restricted;
        let children = parts_of.remove(&row.id).unwrap_or_default();
        let mut item = by_item.view(&seen, row, None, None, false);
        item.parts = children
            .into_iter()
            .enumerate()
            .map(|(i, p)| by_item.view(&seen, p, Some(part_letter(i)), number.clone(), restricted))
            .collect();
        out.push(item);
    }
    out
}

/// Who is looking at which meeting (and where papers are served from).
struct Seen<'a> {
    viewer: Viewer,
    meeting: MeetingFacts,
    public_url: &'a str,
}

/// The records of a meeting's items, grouped by item, each taken out as
/// its item is built.
struct ByItem {
    outcomes: HashMap<String, Vec<Outcome>>,
    declarations: HashMap<String, Vec<Declaration>>,
    actions: HashMap<String, Vec<Action>>,
    votes: HashMap<String, Vec<super::votes::Vote>>,
    documents: HashMap<String, Vec<DocumentRow>>,
}

impl ByItem {
    fn group(ctx: ItemContext) -> ByItem {
        let mut outcomes: HashMap<String, Vec<Outcome>> = HashMap::new();
        for o in ctx.records.outcomes {
            outcomes
                .entry(o.item_id.clone())
                .or_default()
                .push(o.into());
        }
        let mut declarations: HashMap<String, Vec<Declaration>> = HashMap::new();
        for d in ctx.records.declarations {
            let person = ctx.people.get(&d.person_id);
            declarations
                .entry(d.item_id.clone())
                .or_default()
                .push(Declaration::from_row(d, person));
        }
        let mut actions: HashMap<String, Vec<Action>> = HashMap::new();
        for a in ctx.records.actions {
            actions.entry(a.item_id.clone()).or_default().push(a.into());
        }
        let votes = super::votes::by_item(ctx.votes, &ctx.people);
        let mut documents: HashMap<String, Vec<DocumentRow>> = HashMap::new();
        for d in ctx.documents {
            documents.entry(d.item_id.clone()).or_default().push(d);
        }
        ByItem {
            outcomes,
            declarations,
            actions,
            votes,
            documents,
        }
    }

    /// One item (or lettered part) as `seen.viewer` may see it.
    fn view(
        &mut self,
        seen: &Seen<'_>,
        row: ItemRow,
        letter: Option<String>,
        number: Option<String>,
        parent_restricted: bool,
    ) -> Item {
        let facts = ItemFacts::new(row.restricted, parent_restricted);
        let show_minutes = visibility::item_minutes_visible(seen.viewer, seen.meeting, facts);
        let id = row.id.clone();
        Item {
            restricted: restriction(seen.viewer, &row),
            public_summary: if visibility::public_summary_visible(seen.viewer, seen.meeting, facts)
            {
                row.public_summary.clone()
            } else {
                None
            },
            minutes: if show_minutes {
                row.minutes.clone()
            } else {
                None
            },
            outcomes: if show_minutes {
                self.outcomes.remove(&id).unwrap_or_default()
            } else {
                Vec::new()
            },
            declarations: if show_minutes {
                self.declarations.remove(&id).unwrap_or_default()
            } else {
                Vec::new()
            },
            actions: if show_minutes {
                self.actions.remove(&id).unwrap_or_default()
            } else {
                Vec::new()
            },
            votes: (show_minutes)
                .then(|| self.votes.remove(&id))
                .flatten()
                .unwrap_or_default(),
            documents: self.papers(seen, &id, facts),
            parts: Vec::new(),
            part_letter: letter,
            minute_number: number.or(row.minute_number),
            id,
            meeting_id: row.meeting_id,
            parent_id: row.parent_id,
            position: row.position,
            title: row.title,
            kind: row.kind,
            presenter: if visibility::presenter_visible(seen.viewer, facts) {
                row.presenter
            } else {
                None
            },
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            deleted_at: utc_opt(row.deleted_at),
            version: row.version,
        }
    }

    /// The papers of an item that `seen.viewer` may see, taken out of the
    /// grouped records.
    fn papers(&mut self, seen: &Seen<'_>, id: &str, facts: ItemFacts) -> Vec<Paper> {
        self.documents
            .remove(id)
            .unwrap_or_default()
            .into_iter()
            .filter(|d| {
                visibility::document_visible(seen.viewer, seen.meeting, facts, d.restricted)
            })
            .map(|d| Paper::from_row(d, seen.public_url))
            .collect()
    }
}

/// What a restricted item shows of its restriction (the reason only to
/// those who may see it); `None` for an item that is not restricted.
fn restriction(viewer: Viewer, row: &ItemRow) -> Option<Restricted> {
    row.restricted.then(|| Restricted {
        paragraph: row.restricted_paragraph,
        paragraph_description: row
            .restricted_paragraph
            .map(|p| schedule_12a_description(p).to_string()),
        reason: if visibility::restriction_reason_visible(viewer) {
            row.restricted_reason.clone()
        } else {
            None
        },
    })
}
