//! Bodies (committees, partnerships, panels): register and change, with
//! their minute numbering. A slug names one body; the numbering year's
//! start cannot move once numbers have been given.

use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::bodies::BodyRow;
use minutebook_store::{self as store};

fn slug_conflict(slug: &str) -> AppError {
    AppError::Conflict(format!("the slug '{slug}' is already used by another body"))
}

/// Registers a body (its fields already checked for form).
pub fn register(conn: &mut DbConn, actor: &Actor, row: BodyRow) -> AppResult<BodyRow> {
    if store::bodies::slug_taken(conn, &row.slug, None)? {
        return Err(slug_conflict(&row.slug));
    }
    store::bodies::insert(conn, actor, &row)?;
    Ok(row)
}

/// A change: `None` leaves a field; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub minute_prefix: Option<String>,
    pub kind: Option<String>,
    pub numbering_format: Option<String>,
    pub year_start_month: Option<i32>,
    pub description: Option<Option<String>>,
}

/// Changes a body (`If-Match` checked), audited.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    key: &str,
    if_match: &IfMatch,
    change: Change,
) -> AppResult<BodyRow> {
    let before = store::bodies::get(conn, key)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(v) = change.name {
        row.name = v;
    }
    if let Some(v) = change.slug {
        if store::bodies::slug_taken(conn, &v, Some(&row.id))? {
            return Err(slug_conflict(&v));
        }
        row.slug = v;
    }
    if let Some(v) = change.minute_prefix {
        row.minute_prefix = v;
    }
    if let Some(v) = change.kind {
        row.kind = v;
    }
    if let Some(v) = change.numbering_format {
        row.numbering_format = v;
    }
    if let Some(m) = change.year_start_month {
        if m != row.year_start_month && store::numbering::any_allocated(conn, &row.id)? {
            return Err(AppError::Conflict(
                "the numbering year cannot move once minute numbers have been given: numbers already published would clash".into(),
            ));
        }
        row.year_start_month = m;
    }
    if let Some(v) = change.description {
        row.description = v;
    }
    store::bodies::save(conn, actor, &before, &mut row)?;
    Ok(row)
}
