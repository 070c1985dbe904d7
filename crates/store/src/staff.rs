//! Staff accounts, their sign-in links and their desk sessions, as rows.
//! Links and sessions are kept only as SHA-256 hashes of their secrets.

use crate::OrNotFound;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{desk_sessions, sign_in_links, staff_accounts};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = staff_accounts, treat_none_as_null = true)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = desk_sessions)]
pub struct SessionRow {
    pub id: String,
    pub account_id: String,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert_account(conn: &mut DbConn, actor: &Actor, row: &AccountRow) -> AppResult<()> {
    diesel::insert_into(staff_accounts::table)
        .values(row.clone())
        .execute(conn)?;
    crate::audit::created(conn, actor, "staff_account", &row.id, row)
}

pub fn account_by_email(conn: &mut DbConn, email: &str) -> AppResult<Option<AccountRow>> {
    Ok(staff_accounts::table
        .filter(staff_accounts::email.eq(email))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get_account(conn: &mut DbConn, id: &str) -> AppResult<AccountRow> {
    staff_accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .get_result(conn)
        .or_not_found("staff account")
}

/// Every account, by email.
pub fn accounts(conn: &mut DbConn) -> AppResult<Vec<AccountRow>> {
    Ok(staff_accounts::table
        .order(staff_accounts::email.asc())
        .select(AccountRow::as_select())
        .load(conn)?)
}

/// Records a link sent (its hash).
pub fn insert_link(
    conn: &mut DbConn,
    hash: &str,
    account_id: &str,
    now: NaiveDateTime,
    expires: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(sign_in_links::table)
        .values((
            sign_in_links::token_hash.eq(hash),
            sign_in_links::account_id.eq(account_id),
            sign_in_links::created_at.eq(now),
            sign_in_links::expires_at.eq(expires),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many links went to an account since `since`.
pub fn links_since(conn: &mut DbConn, account_id: &str, since: NaiveDateTime) -> AppResult<i64> {
    Ok(sign_in_links::table
        .filter(sign_in_links::account_id.eq(account_id))
        .filter(sign_in_links::created_at.gt(since))
        .count()
        .get_result(conn)?)
}

/// Uses a link once: one conditional update, so of two redemptions racing
/// only one succeeds. Answers the account it signs in, if it was unused
/// and unexpired.
pub fn use_link(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> AppResult<Option<String>> {
    let n = diesel::update(
        sign_in_links::table
            .filter(sign_in_links::token_hash.eq(hash))
            .filter(sign_in_links::used_at.is_null())
            .filter(sign_in_links::expires_at.gt(now)),
    )
    .set(sign_in_links::used_at.eq(Some(now)))
    .execute(conn)?;
    if n != 1 {
        return Ok(None);
    }
    Ok(sign_in_links::table
        .find(hash)
        .select(sign_in_links::account_id)
        .first(conn)
        .optional()?)
}

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> AppResult<()> {
    diesel::insert_into(desk_sessions::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// A session by the hash of its cookie, with its account.
pub fn session(conn: &mut DbConn, hash: &str) -> AppResult<Option<(SessionRow, AccountRow)>> {
    Ok(desk_sessions::table
        .inner_join(staff_accounts::table)
        .filter(desk_sessions::id.eq(hash))
        .select((SessionRow::as_select(), AccountRow::as_select()))
        .first(conn)
        .optional()?)
}

/// Marks a session seen now.
pub fn touch_session(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(desk_sessions::table.find(hash))
        .set(desk_sessions::last_seen_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Ends one session.
pub fn revoke_session(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        desk_sessions::table
            .find(hash)
            .filter(desk_sessions::revoked_at.is_null()),
    )
    .set(desk_sessions::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// Ends every session of an account; answers how many.
pub fn revoke_all(conn: &mut DbConn, account_id: &str, now: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::update(
        desk_sessions::table
            .filter(desk_sessions::account_id.eq(account_id))
            .filter(desk_sessions::revoked_at.is_null()),
    )
    .set(desk_sessions::revoked_at.eq(Some(now)))
    .execute(conn)?)
}
