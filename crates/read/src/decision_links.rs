//! What a decision shows beside its words: the conflicts of interest
//! declared (its item's declarations, where the viewer may read that
//! item's minutes), the dispensations under which conflicted members took
//! part, and the papers it was taken on (those the viewer may download).
//! Read for many decisions in a fixed number of queries.

use crate::interests::Dispensation;
use crate::paper::Paper;
use minutebook_domain::visibility::{self, ItemFacts, Viewer};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::decision_links::{self as links, DISPENSATION, DOCUMENT};
use minutebook_store::decisions::DecisionRow;
use minutebook_store::documents::DocumentRow;
use minutebook_store::items::ItemRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::minutes::DeclarationRow;
use minutebook_store::{self as store, oparl_queries as q};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A conflict of interest declared on the decision's item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeclaredInterest {
    pub person_id: String,
    pub person: String,
    pub nature: String,
    /// disclosable_pecuniary, other_registrable or non_registrable.
    pub kind: Option<String>,
    /// The member left the meeting for the item.
    pub withdrew: bool,
}

/// What one decision links to.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Links {
    pub declarations: Vec<DeclaredInterest>,
    pub dispensations: Vec<Dispensation>,
    pub documents: Vec<Paper>,
}

fn by_id<T>(rows: Vec<T>, f: impl Fn(&T) -> String) -> HashMap<String, T> {
    rows.into_iter().map(|r| (f(&r), r)).collect()
}

/// Whether the viewer may read an item's minutes (and so its declarations).
fn minutes_readable(
    viewer: Viewer,
    item: &ItemRow,
    items: &HashMap<String, ItemRow>,
    meetings: &HashMap<String, MeetingRow>,
) -> bool {
    let Some(m) = meetings.get(&item.meeting_id) else {
        return false;
    };
    let parent = item
        .parent_id
        .as_ref()
        .and_then(|p| items.get(p))
        .is_some_and(|p| p.restricted);
    item.deleted_at.is_none()
        && visibility::item_minutes_visible(
            viewer,
            m.facts(),
            ItemFacts::new(item.restricted, parent),
        )
}

/// The links of each of `rows`, by decision id, as `viewer` may see them.
pub fn load(
    conn: &mut DbConn,
    rows: &[DecisionRow],
    viewer: Viewer,
    public_url: &str,
) -> AppResult<HashMap<String, Links>> {
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let all = links::of(conn, &ids)?;
    let targets = |kind: &str| -> Vec<String> {
        all.iter()
            .filter(|l| l.1 == kind)
            .map(|l| l.2.clone())
            .collect()
    };
    let dispensations = by_id(
        store::interests::dispensations_by_ids(conn, &targets(DISPENSATION))?,
        |d| d.id.clone(),
    );
    let documents = visible_documents(conn, targets(DOCUMENT), viewer)?;
    let declared = Declared::load(conn, rows, viewer)?;
    let mut out: HashMap<String, Links> = HashMap::new();
    for d in rows {
        let mut l = Links::default();
        if let Some(item) = &d.item_id {
            l.declarations = declared.on(item);
        }
        for (_, kind, target) in all.iter().filter(|l| l.0 == d.id) {
            if kind == DISPENSATION {
                if let Some(x) = dispensations.get(target) {
                    l.dispensations.push(Dispensation::from(x.clone()));
                }
            } else if kind == DOCUMENT {
                if let Some(x) = documents.get(target) {
                    l.documents.push(Paper::from_row(x.clone(), public_url));
                }
            }
        }
        out.insert(d.id.clone(), l);
    }
    Ok(out)
}

/// The linked documents the viewer may download, by id (those not found,
/// or hidden from the viewer, left out).
fn visible_documents(
    conn: &mut DbConn,
    ids: Vec<String>,
    viewer: Viewer,
) -> AppResult<HashMap<String, DocumentRow>> {
    let mut documents = HashMap::new();
    for id in ids {
        match crate::paper::visible(conn, &id, viewer) {
            Ok(d) => {
                documents.insert(id, d);
            }
            Err(minutebook_ground::error::AppError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(documents)
}

/// The declarations on the decisions' items whose minutes the viewer may
/// read, with the names of the people who made them.
struct Declared {
    rows: Vec<DeclarationRow>,
    names: HashMap<String, String>,
}

impl Declared {
    /// Reads the declarations of the decisions' items, where readable.
    fn load(conn: &mut DbConn, rows: &[DecisionRow], viewer: Viewer) -> AppResult<Declared> {
        // The items the decisions were taken under, their parents and meetings.
        let item_ids: Vec<String> = rows.iter().filter_map(|d| d.item_id.clone()).collect();
        let mut items = by_id(q::items_by_ids(conn, &item_ids)?, |i| i.id.clone());
        let parents: Vec<String> = items
            .values()
            .filter_map(|i| i.parent_id.clone())
            .filter(|p| !items.contains_key(p))
            .collect();
        items.extend(by_id(q::items_by_ids(conn, &parents)?, |i| i.id.clone()));
        let meeting_ids: Vec<String> = items.values().map(|i| i.meeting_id.clone()).collect();
        let meetings = by_id(q::meetings_by_ids(conn, &meeting_ids)?, |m| m.id.clone());
        let readable: Vec<String> = item_ids
            .iter()
            .filter(|i| {
                items
                    .get(*i)
                    .is_some_and(|item| minutes_readable(viewer, item, &items, &meetings))
            })
            .cloned()
            .collect();
        let declarations = q::declarations_of(conn, &readable)?;
        let people: Vec<String> = declarations.iter().map(|d| d.person_id.clone()).collect();
        let names: HashMap<String, String> = store::people::get_many(conn, &people)?
            .into_iter()
            .map(|p| (p.id.clone(), p.display_name()))
            .collect();
        Ok(Declared {
            rows: declarations,
            names,
        })
    }

    /// The live declarations on one item.
    fn on(&self, item: &str) -> Vec<DeclaredInterest> {
        self.rows
            .iter()
            .filter(|x| x.item_id == item && x.deleted_at.is_none())
            .map(|x| DeclaredInterest {
                person: self.names.get(&x.person_id).cloned().unwrap_or_default(),
                person_id: x.person_id.clone(),
                nature: x.nature.clone(),
                kind: x.kind.clone(),
                withdrew: x.withdrew,
            })
            .collect()
    }
}
