//! API tokens, stored only as SHA-256 hashes.

use crate::paging::keyset_page;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::{generate_token, hash_token, Actor};
use minutebook_ground::db::schema::api_tokens;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

/// The holder of a live API token: id, name and role (what a request's
/// caller is made of; `store::meeting_changes` reads it with a meeting's tag).
pub type TokenHolder = (String, String, String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub role: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub version: i32,
}

/// Creates a token and answers the row and the secret (shown once).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    name: &str,
    role: &str,
) -> AppResult<(TokenRow, String)> {
    let secret = generate_token();
    let now = super::now();
    let row = TokenRow {
        id: super::new_id(),
        name: name.into(),
        role: role.into(),
        token_hash: hash_token(&secret),
        created_at: now,
        updated_at: now,
        last_used_at: None,
        revoked_at: None,
        version: 1,
    };
    diesel::insert_into(api_tokens::table)
        .values(&row)
        .execute(conn)?;
    super::audit::created(conn, actor, "token", &row.id, &row)?;
    Ok((row, secret))
}

pub fn find_active_by_hash(conn: &mut DbConn, hash: &str) -> AppResult<Option<TokenRow>> {
    Ok(api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .select(TokenRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn list(
    conn: &mut DbConn,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<TokenRow>> {
    let q = api_tokens::table.into_boxed();
    Ok(
        keyset_page!(q, after, api_tokens::created_at, api_tokens::id, limit)
            .select(TokenRow::as_select())
            .load(conn)?,
    )
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<TokenRow> {
    use super::OrNotFound;
    api_tokens::table
        .find(id)
        .select(TokenRow::as_select())
        .get_result(conn)
        .or_not_found("token")
}

/// Revokes a token; revoking twice is harmless.
pub fn revoke(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<TokenRow> {
    let mut row = get(conn, id)?;
    if row.revoked_at.is_none() {
        let now = super::now();
        diesel::update(api_tokens::table.find(id))
            .set((
                api_tokens::revoked_at.eq(Some(now)),
                api_tokens::updated_at.eq(now),
                api_tokens::version.eq(row.version + 1),
            ))
            .execute(conn)?;
        row.revoked_at = Some(now);
        row.updated_at = now;
        row.version += 1;
        super::audit::record(conn, actor, "token", id, "revoke", serde_json::json!({}))?;
    }
    Ok(row)
}
