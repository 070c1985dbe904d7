//! What a decision record links to: its papers (`document`) and the
//! dispensations under which conflicted members took part (`dispensation`).

use diesel::prelude::*;
use minutebook_ground::db::schema::decision_links;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// A link's kinds.
pub const DOCUMENT: &str = "document";
pub const DISPENSATION: &str = "dispensation";

/// Links a decision to each of `targets` of one kind (once each).
pub fn insert(
    conn: &mut DbConn,
    decision_id: &str,
    kind: &str,
    targets: &[String],
) -> AppResult<()> {
    let now = crate::now();
    let mut seen: Vec<&String> = Vec::new();
    for t in targets {
        if seen.contains(&t) {
            continue;
        }
        seen.push(t);
        diesel::insert_into(decision_links::table)
            .values((
                decision_links::decision_id.eq(decision_id),
                decision_links::kind.eq(kind),
                decision_links::target_id.eq(t),
                decision_links::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The links of these decisions: (decision id, kind, target id), in the
/// order they were made.
pub fn of(conn: &mut DbConn, decision_ids: &[String]) -> AppResult<Vec<(String, String, String)>> {
    if decision_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decision_links::table
        .filter(decision_links::decision_id.eq_any(decision_ids))
        .order((
            decision_links::created_at.asc(),
            decision_links::target_id.asc(),
        ))
        .select((
            decision_links::decision_id,
            decision_links::kind,
            decision_links::target_id,
        ))
        .load(conn)?)
}
