//! What a viewer sees of the register of members' interests (sensitive
//! entries withheld, whose interest never said in public), and the
//! monitoring officer's list of registers outstanding under the 28-day
//! duty.

use chrono::NaiveDate;
use minutebook_domain::interests::{due, public_description};
use minutebook_domain::time::london_date;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::interests::{CategoryRow, DispensationRow, GiftRow, InterestRow};
use minutebook_store::{self as store};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Category {
    pub code: String,
    pub name: String,
    pub disclosable: bool,
    pub position: i32,
    pub retired: bool,
}

impl From<CategoryRow> for Category {
    fn from(c: CategoryRow) -> Category {
        Category {
            code: c.code,
            name: c.name,
            disclosable: c.disclosable,
            position: c.position,
            retired: c.retired_at.is_some(),
        }
    }
}

/// One entry of a register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Entry {
    pub id: String,
    pub category: String,
    pub category_name: String,
    /// A disclosable pecuniary interest.
    pub disclosable: bool,
    /// "Withheld under section 32 of the Localism Act 2011" for the public
    /// when the entry is sensitive.
    pub description: String,
    pub sensitive: bool,
    /// `member` or `spouse_or_partner`: for token holders only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whose: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub notified_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declaration_id: Option<String>,
    pub version: i32,
}

impl Entry {
    pub fn build(
        r: InterestRow,
        categories: &HashMap<String, CategoryRow>,
        viewer: Viewer,
    ) -> Entry {
        let internal = viewer.is_internal();
        let cat = categories.get(&r.category);
        Entry {
            category_name: cat
                .map(|c| c.name.clone())
                .unwrap_or_else(|| r.category.clone()),
            disclosable: cat.is_some_and(|c| c.disclosable),
            description: if internal {
                r.description
            } else {
                public_description(r.sensitive, &r.description).to_string()
            },
            whose: internal.then_some(r.whose),
            declaration_id: if internal { r.declaration_id } else { None },
            id: r.id,
            category: r.category,
            sensitive: r.sensitive,
            start_date: r.start_date,
            end_date: r.end_date,
            notified_on: r.notified_on,
            version: r.version,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Gift {
    pub id: String,
    pub donor: String,
    pub description: String,
    /// Estimated value in pence.
    pub value_pence: Option<i64>,
    pub received_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub accepted: bool,
}

impl From<GiftRow> for Gift {
    fn from(g: GiftRow) -> Gift {
        Gift {
            id: g.id,
            donor: g.donor,
            description: g.description,
            value_pence: g.value_pence,
            received_on: g.received_on,
            notified_on: g.notified_on,
            accepted: g.accepted,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dispensation {
    pub id: String,
    pub scope: String,
    pub body_id: Option<String>,
    pub item_id: Option<String>,
    pub grounds: String,
    pub granted_by: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

impl From<DispensationRow> for Dispensation {
    fn from(d: DispensationRow) -> Dispensation {
        Dispensation {
            id: d.id,
            scope: d.scope,
            body_id: d.body_id,
            item_id: d.item_id,
            grounds: d.grounds,
            granted_by: d.granted_by,
            start_date: d.start_date,
            end_date: d.end_date,
        }
    }
}

/// A member's register: entries (current ones, or with `history` every one
/// ever made), gifts and hospitality, dispensations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Register {
    pub person_id: String,
    pub name: String,
    pub register_notified_on: Option<NaiveDate>,
    pub entries: Vec<Entry>,
    pub gifts: Vec<Gift>,
    pub dispensations: Vec<Dispensation>,
}

pub fn categories_by_code(conn: &mut DbConn) -> AppResult<HashMap<String, CategoryRow>> {
    Ok(store::interests::categories(conn)?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect())
}

pub fn register(
    conn: &mut DbConn,
    person_id: &str,
    viewer: Viewer,
    history: bool,
    today: NaiveDate,
) -> AppResult<Register> {
    let person = store::people::get_for(conn, person_id, viewer)?;
    let cats = categories_by_code(conn)?;
    let mut entries: Vec<Entry> =
        store::interests::interests_of(conn, &person.id, (!history).then_some(today))?
            .into_iter()
            .map(|r| Entry::build(r, &cats, viewer))
            .collect();
    entries.sort_by_key(|e| {
        (
            cats.get(&e.category)
                .map(|c| c.position)
                .unwrap_or(i32::MAX),
            e.notified_on,
        )
    });
    Ok(Register {
        name: person.display_name(),
        register_notified_on: person.register_notified_on,
        entries,
        gifts: store::interests::gifts_of(conn, &person.id)?
            .into_iter()
            .map(Gift::from)
            .collect(),
        dispensations: store::interests::dispensations_of(conn, std::slice::from_ref(&person.id))?
            .into_iter()
            .map(Dispensation::from)
            .collect(),
        person_id: person.id,
    })
}

/// A member's gifts and hospitality, newest first (404 for a person the
/// viewer may not know of).
pub fn gifts(conn: &mut DbConn, person_id: &str, viewer: Viewer) -> AppResult<Vec<Gift>> {
    let person = store::people::get_for(conn, person_id, viewer)?;
    Ok(store::interests::gifts_of(conn, &person.id)?
        .into_iter()
        .map(Gift::from)
        .collect())
}

/// A member's dispensations.
pub fn dispensations(
    conn: &mut DbConn,
    person_id: &str,
    viewer: Viewer,
) -> AppResult<Vec<Dispensation>> {
    let person = store::people::get_for(conn, person_id, viewer)?;
    Ok(
        store::interests::dispensations_of(conn, std::slice::from_ref(&person.id))?
            .into_iter()
            .map(Dispensation::from)
            .collect(),
    )
}

/// A register outstanding under the 28-day duty.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Outstanding {
    pub person_id: String,
    pub name: String,
    /// `office` (not notified since taking office) or `declaration` (a
    /// disclosable pecuniary interest declared at a meeting and not on the
    /// register).
    pub reason: String,
    /// The day the duty arose: taking office, or the meeting.
    pub since: NaiveDate,
    pub due: NaiveDate,
    /// Past its due date.
    pub late: bool,
    pub meeting_id: Option<String>,
    pub declaration_id: Option<String>,
    pub declared: Option<String>,
}

/// Every register outstanding today, oldest duty first.
pub fn outstanding(conn: &mut DbConn, today: NaiveDate) -> AppResult<Vec<Outstanding>> {
    let facts = crate::people::Facts::load(conn, None)?;
    let mut people: Vec<String> = facts.terms.keys().cloned().collect();
    let declarations = store::interests::dpi_declarations(conn)?;
    people.extend(declarations.iter().map(|d| d.person_id.clone()));
    people.sort();
    people.dedup();
    let rows: HashMap<String, store::people::PersonRow> = store::people::get_many(conn, &people)?
        .into_iter()
        .filter(|p| p.deleted_at.is_none())
        .map(|p| (p.id.clone(), p))
        .collect();
    let mut out = Vec::new();
    for (pid, p) in &rows {
        let Some(term) = facts.term_on(pid, today) else {
            continue;
        };
        let took_office = term.start_date;
        if p.register_notified_on.is_none_or(|n| n < took_office) {
            out.push(Outstanding {
                person_id: pid.clone(),
                name: p.display_name(),
                reason: "office".into(),
                since: took_office,
                due: due(took_office),
                late: today > due(took_office),
                meeting_id: None,
                declaration_id: None,
                declared: None,
            });
        }
    }
    let entries = store::interests::disclosable_entries(conn)?;
    for d in &declarations {
        let Some(p) = rows.get(&d.person_id) else {
            continue;
        };
        let on = london_date(d.starts_at);
        let registered = entries.iter().any(|e| {
            e.person_id == d.person_id
                && (e.declaration_id.as_deref() == Some(d.declaration_id.as_str())
                    || (e.start_date.is_none_or(|s| s <= on) && e.end_date.is_none_or(|x| x >= on)))
        });
        if !registered {
            out.push(Outstanding {
                person_id: d.person_id.clone(),
                name: p.display_name(),
                reason: "declaration".into(),
                since: on,
                due: due(on),
                late: today > due(on),
                meeting_id: Some(d.meeting_id.clone()),
                declaration_id: Some(d.declaration_id.clone()),
                declared: Some(d.nature.clone()),
            });
        }
    }
    out.sort_by(|a, b| a.since.cmp(&b.since).then(a.name.cmp(&b.name)));
    Ok(out)
}
