//! The audit trail: who changed what, and when. Written in the same
//! transaction as the change itself.

use crate::paging::keyset_page;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::audit_log;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor: String,
    pub token_id: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub changes: String,
}

/// The fields that differ between two serialised rows, with their new values.
pub fn diff(before: &impl Serialize, after: &impl Serialize) -> Value {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Value::Null;
    };
    let mut out = Map::new();
    for (k, v) in a {
        if matches!(k.as_str(), "updated_at" | "version") {
            continue;
        }
        if b.get(&k) != Some(&v) {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    entity: &str,
    entity_id: &str,
    action: &str,
    changes: Value,
) -> AppResult<()> {
    let entry = entry(actor, entity, entity_id, action, changes);
    diesel::insert_into(audit_log::table)
        .values(&entry)
        .execute(conn)?;
    Ok(())
}

/// The entry [`record`] writes, for a statement that writes it with the
/// change itself.
pub(crate) fn entry(
    actor: &Actor,
    entity: &str,
    entity_id: &str,
    action: &str,
    changes: Value,
) -> AuditEntry {
    AuditEntry {
        id: super::new_id(),
        at: super::now(),
        actor: actor.name.clone(),
        token_id: actor.token_id.clone(),
        entity: entity.into(),
        entity_id: entity_id.into(),
        action: action.into(),
        changes: changes.to_string(),
    }
}

/// Records the creation of a row with all its fields.
pub fn created(
    conn: &mut DbConn,
    actor: &Actor,
    entity: &str,
    id: &str,
    row: &impl Serialize,
) -> AppResult<()> {
    record(conn, actor, entity, id, "create", all_fields(row))
}

/// What the audit keeps of a created row: all its fields.
pub(crate) fn all_fields(row: &impl Serialize) -> Value {
    serde_json::to_value(row).unwrap_or(Value::Null)
}

/// Records an update with the fields it changed.
pub fn updated(
    conn: &mut DbConn,
    actor: &Actor,
    entity: &str,
    id: &str,
    before: &impl Serialize,
    after: &impl Serialize,
) -> AppResult<()> {
    record(conn, actor, entity, id, "update", diff(before, after))
}

pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

pub fn list(conn: &mut DbConn, f: AuditFilter) -> AppResult<Vec<AuditEntry>> {
    let mut q = audit_log::table.into_boxed();
    if let Some(e) = f.entity {
        q = q.filter(audit_log::entity.eq(e));
    }
    if let Some(e) = f.entity_id {
        q = q.filter(audit_log::entity_id.eq(e));
    }
    Ok(
        keyset_page!(q, f.after, audit_log::at, audit_log::id, f.limit)
            .select(AuditEntry::as_select())
            .load(conn)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_only_changed_fields() {
        let before = serde_json::json!({"a": 1, "b": "x", "version": 1});
        let after = serde_json::json!({"a": 1, "b": "y", "version": 2});
        assert_eq!(diff(&before, &after), serde_json::json!({"b": "y"}));
    }
}
