//! A meeting's agenda laid out for the builders: its items in agenda
//! order with their places and numbers, and what is recorded against them.

use chrono::NaiveDateTime;
use minutebook_domain::numbering::part_letter;
use minutebook_store::bodies::BodyRow;
use minutebook_store::decisions::DecisionRow;
use minutebook_store::documents::DocumentRow;
use minutebook_store::items::ItemRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::minutes::{DeclarationRow, OutcomeRow};
use minutebook_store::votes::VoteWithNames;
use std::collections::HashMap;

/// Outcomes, declarations and documents of items, by item id (deleted rows
/// included: they count towards `modified`).
#[derive(Default)]
pub struct ItemRecords {
    pub outcomes: HashMap<String, Vec<OutcomeRow>>,
    pub declarations: HashMap<String, Vec<DeclarationRow>>,
    pub documents: HashMap<String, Vec<DocumentRow>>,
    /// Live votes (with their names) by item.
    pub votes: HashMap<String, Vec<VoteWithNames>>,
    /// Published decisions recorded against items, by item.
    pub decisions: HashMap<String, Vec<DecisionRow>>,
    /// The published matters (forward-plan entries) items consider, by item.
    pub matters: HashMap<String, Vec<String>>,
}

impl ItemRecords {
    pub fn new(
        outcomes: Vec<OutcomeRow>,
        declarations: Vec<DeclarationRow>,
        documents: Vec<DocumentRow>,
        votes: Vec<VoteWithNames>,
    ) -> ItemRecords {
        let mut r = ItemRecords::default();
        for v in votes {
            r.votes.entry(v.vote.item_id.clone()).or_default().push(v);
        }
        for o in outcomes {
            r.outcomes.entry(o.item_id.clone()).or_default().push(o);
        }
        for d in declarations {
            r.declarations.entry(d.item_id.clone()).or_default().push(d);
        }
        for d in documents {
            r.documents.entry(d.item_id.clone()).or_default().push(d);
        }
        r
    }

    /// Adds the decisions recorded against the items (published ones only)
    /// and the matters they consider.
    pub fn with_decisions(
        mut self,
        decisions: Vec<DecisionRow>,
        matters: Vec<(String, String)>,
    ) -> ItemRecords {
        for d in decisions {
            if d.published_at.is_none() || d.deleted_at.is_some() {
                continue;
            }
            if let Some(i) = d.item_id.clone() {
                self.decisions.entry(i).or_default().push(d);
            }
        }
        for (entry, item) in matters {
            self.matters.entry(item).or_default().push(entry);
        }
        self
    }

    pub(super) fn decisions(&self, item_id: &str) -> &[DecisionRow] {
        self.decisions
            .get(item_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub(super) fn matters(&self, item_id: &str) -> &[String] {
        self.matters.get(item_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The last change to anything recorded against the item.
    pub(super) fn changed(&self, item_id: &str) -> Option<NaiveDateTime> {
        let o = self
            .outcomes
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        let d = self
            .declarations
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        let f = self
            .documents
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        let v = self
            .votes
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.vote.updated_at);
        let x = self
            .decisions
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        o.chain(d).chain(f).chain(v).chain(x).max()
    }

    pub(super) fn votes(&self, item_id: &str) -> &[VoteWithNames] {
        self.votes.get(item_id).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(super) fn live_outcomes(&self, item_id: &str) -> Vec<&OutcomeRow> {
        self.outcomes
            .get(item_id)
            .into_iter()
            .flatten()
            .filter(|r| r.deleted_at.is_none())
            .collect()
    }

    pub(super) fn live_declarations(&self, item_id: &str) -> Vec<&DeclarationRow> {
        self.declarations
            .get(item_id)
            .into_iter()
            .flatten()
            .filter(|r| r.deleted_at.is_none())
            .collect()
    }

    pub(super) fn documents(&self, item_id: &str) -> &[DocumentRow] {
        self.documents
            .get(item_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Where an item stands on its agenda: OParl's `order` (0, 1, 2 … over
/// the items and their parts in agenda order, as in `Meeting.agendaItem`)
/// and its number ("SSP/5/23", a part "SSP/5/23(a)").
#[derive(Debug, Clone)]
pub struct Place {
    pub order: i64,
    pub number: Option<String>,
}

/// The items of one meeting (all of them, in position order), laid out.
pub struct Agenda<'a> {
    pub rows: HashMap<&'a str, &'a ItemRow>,
    /// Live items in agenda order.
    pub live: Vec<&'a ItemRow>,
    pub places: HashMap<&'a str, Place>,
}

impl<'a> Agenda<'a> {
    pub fn new(items: &'a [&'a ItemRow]) -> Agenda<'a> {
        let rows: HashMap<&str, &ItemRow> = items.iter().map(|i| (i.id.as_str(), *i)).collect();
        let mut live = Vec::new();
        let mut places = HashMap::new();
        for top in items
            .iter()
            .filter(|i| i.parent_id.is_none() && i.deleted_at.is_none())
        {
            places.insert(
                top.id.as_str(),
                Place {
                    order: live.len() as i64,
                    number: top.minute_number.clone(),
                },
            );
            live.push(*top);
            let parts = items.iter().filter(|i| {
                i.parent_id.as_deref() == Some(top.id.as_str()) && i.deleted_at.is_none()
            });
            for (n, part) in parts.enumerate() {
                places.insert(
                    part.id.as_str(),
                    Place {
                        order: live.len() as i64,
                        number: top
                            .minute_number
                            .as_ref()
                            .map(|num| format!("{num}({})", part_letter(n))),
                    },
                );
                live.push(*part);
            }
        }
        // A withdrawn item keeps the place it had among its siblings (the
        // schema requires `order`) and, if it had one, its number, which is
        // never given again.
        for i in items.iter().filter(|i| i.deleted_at.is_some()) {
            places.insert(
                i.id.as_str(),
                Place {
                    order: i64::from(i.position.max(1) - 1),
                    number: i.minute_number.clone(),
                },
            );
        }
        Agenda { rows, live, places }
    }

    pub(super) fn parent(&self, item: &ItemRow) -> Option<&'a ItemRow> {
        item.parent_id
            .as_deref()
            .and_then(|p| self.rows.get(p).copied())
    }
}

/// What a meeting needs to be shown: its body and its items' records.
pub struct MeetingParts<'a> {
    pub meeting: &'a MeetingRow,
    pub body: &'a BodyRow,
    pub agenda: &'a Agenda<'a>,
    pub records: &'a ItemRecords,
}
