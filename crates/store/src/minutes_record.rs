//! The minutes' approval trail: numbered revisions, the links sent to
//! chairs (stored only as hashes), and the milestones (approved, published,
//! confirmed with the SHA-256 of the confirmed text).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_ground::db::schema::{approval_requests, minutes_milestones, minutes_revisions};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = minutes_revisions)]
pub struct RevisionRow {
    pub id: String,
    pub meeting_id: String,
    pub number: i32,
    pub author: String,
    pub reason: String,
    pub content: String,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = approval_requests, treat_none_as_null = true)]
pub struct ApprovalRow {
    pub id: String,
    pub meeting_id: String,
    pub revision_number: i32,
    pub to_person_id: Option<String>,
    pub to_name: String,
    pub to_email: String,
    #[serde(skip)]
    pub token_hash: String,
    pub requested_by: String,
    pub expires_at: NaiveDateTime,
    pub superseded_at: Option<NaiveDateTime>,
    pub decision: Option<String>,
    pub decision_comment: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub opened_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = minutes_milestones, treat_none_as_null = true)]
pub struct MilestonesRow {
    pub meeting_id: String,
    pub approved_at: Option<NaiveDateTime>,
    pub approved_revision: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub confirmed_sha256: Option<String>,
    pub confirmed_by_meeting_id: Option<String>,
    pub updated_at: NaiveDateTime,
}

pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

pub fn latest_revision(conn: &mut DbConn, meeting_id: &str) -> AppResult<Option<RevisionRow>> {
    Ok(minutes_revisions::table
        .filter(minutes_revisions::meeting_id.eq(meeting_id))
        .order(minutes_revisions::number.desc())
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()?)
}

/// The latest revision's number, if any: an aggregate, so no `LIMIT`
/// (SQLite re-prepares a statement whose `LIMIT` is a bound parameter every
/// time it is bound; this one is on every clerk's whole-meeting read).
pub fn latest_revision_number(conn: &mut DbConn, meeting_id: &str) -> AppResult<Option<i32>> {
    Ok(minutes_revisions::table
        .filter(minutes_revisions::meeting_id.eq(meeting_id))
        .select(diesel::dsl::max(minutes_revisions::number))
        .get_result(conn)?)
}

/// Stores `content` as the next revision unless it equals the latest one;
/// answers the current revision.
pub fn record_revision(
    conn: &mut DbConn,
    meeting_id: &str,
    author: &str,
    reason: &str,
    content: String,
) -> AppResult<RevisionRow> {
    let latest = latest_revision(conn, meeting_id)?;
    let sha = sha256_hex(&content);
    if let Some(l) = latest.as_ref() {
        if l.sha256 == sha && reason != "reopen" {
            return Ok(l.clone());
        }
    }
    let row = RevisionRow {
        id: super::new_id(),
        meeting_id: meeting_id.into(),
        number: latest.map(|l| l.number + 1).unwrap_or(1),
        author: author.into(),
        reason: reason.into(),
        content,
        sha256: sha,
        created_at: super::now(),
    };
    diesel::insert_into(minutes_revisions::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn revisions(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<RevisionRow>> {
    Ok(minutes_revisions::table
        .filter(minutes_revisions::meeting_id.eq(meeting_id))
        .order(minutes_revisions::number.asc())
        .select(RevisionRow::as_select())
        .load(conn)?)
}

pub fn revision(
    conn: &mut DbConn,
    meeting_id: &str,
    number: i32,
) -> AppResult<Option<RevisionRow>> {
    Ok(minutes_revisions::table
        .filter(minutes_revisions::meeting_id.eq(meeting_id))
        .filter(minutes_revisions::number.eq(number))
        .select(RevisionRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn insert_request(conn: &mut DbConn, row: &ApprovalRow) -> AppResult<()> {
    diesel::insert_into(approval_requests::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn save_request(conn: &mut DbConn, row: &mut ApprovalRow) -> AppResult<()> {
    let before = row.version;
    row.version += 1;
    row.updated_at = super::now();
    let n = diesel::update(
        approval_requests::table
            .filter(approval_requests::id.eq(&row.id))
            .filter(approval_requests::version.eq(before)),
    )
    .set(&*row)
    .execute(conn)?;
    super::expect_one_row(n)
}

/// Takes the reminder of an open request: supersedes it and marks it
/// reminded, only if no one has (another instance's worker may be reminding
/// the same chair at the same moment). Answers whether this caller took it.
pub fn claim_reminder(conn: &mut DbConn, row: &ApprovalRow, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        approval_requests::table
            .filter(approval_requests::id.eq(&row.id))
            .filter(approval_requests::decision.is_null())
            .filter(approval_requests::superseded_at.is_null())
            .filter(approval_requests::reminded_at.is_null()),
    )
    .set((
        approval_requests::superseded_at.eq(Some(now)),
        approval_requests::reminded_at.eq(Some(now)),
        approval_requests::version.eq(approval_requests::version + 1),
        approval_requests::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks the link first opened now (a later opening changes nothing, nor
/// does opening a link already decided).
pub fn mark_opened(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        approval_requests::table
            .filter(approval_requests::token_hash.eq(hash))
            .filter(approval_requests::opened_at.is_null())
            .filter(approval_requests::decision.is_null()),
    )
    .set(approval_requests::opened_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

pub fn request_by_hash(conn: &mut DbConn, hash: &str) -> AppResult<Option<ApprovalRow>> {
    Ok(approval_requests::table
        .filter(approval_requests::token_hash.eq(hash))
        .select(ApprovalRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn requests_for(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<ApprovalRow>> {
    Ok(approval_requests::table
        .filter(approval_requests::meeting_id.eq(meeting_id))
        .order(approval_requests::created_at.asc())
        .select(ApprovalRow::as_select())
        .load(conn)?)
}

/// Open requests: not decided, not superseded.
pub fn open_requests(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<ApprovalRow>> {
    Ok(approval_requests::table
        .filter(approval_requests::meeting_id.eq(meeting_id))
        .filter(approval_requests::decision.is_null())
        .filter(approval_requests::superseded_at.is_null())
        .select(ApprovalRow::as_select())
        .load(conn)?)
}

/// Open requests created before `before` and never reminded.
pub fn needing_reminder(
    conn: &mut DbConn,
    before: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<Vec<ApprovalRow>> {
    Ok(approval_requests::table
        .filter(approval_requests::decision.is_null())
        .filter(approval_requests::superseded_at.is_null())
        .filter(approval_requests::reminded_at.is_null())
        .filter(approval_requests::created_at.le(before))
        .filter(approval_requests::expires_at.gt(now))
        .select(ApprovalRow::as_select())
        .load(conn)?)
}

/// Supersedes every open link of a meeting (a new revision was sent, or the
/// minutes changed after sending).
pub fn supersede_open(conn: &mut DbConn, meeting_id: &str) -> AppResult<usize> {
    let now = super::now();
    Ok(diesel::update(
        approval_requests::table
            .filter(approval_requests::meeting_id.eq(meeting_id))
            .filter(approval_requests::decision.is_null())
            .filter(approval_requests::superseded_at.is_null()),
    )
    .set((
        approval_requests::superseded_at.eq(Some(now)),
        approval_requests::updated_at.eq(now),
        approval_requests::version.eq(approval_requests::version + 1),
    ))
    .execute(conn)?)
}

pub fn milestones(conn: &mut DbConn, meeting_id: &str) -> AppResult<MilestonesRow> {
    Ok(minutes_milestones::table
        .find(meeting_id)
        .select(MilestonesRow::as_select())
        .get_result(conn)
        .optional()?
        .unwrap_or_else(|| MilestonesRow {
            meeting_id: meeting_id.into(),
            updated_at: super::now(),
            ..Default::default()
        }))
}

/// Writes milestones (insert or update, without upsert syntax).
pub fn save_milestones(conn: &mut DbConn, row: &mut MilestonesRow) -> AppResult<()> {
    row.updated_at = super::now();
    let n = diesel::update(minutes_milestones::table.find(&row.meeting_id))
        .set(&*row)
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(minutes_milestones::table)
            .values(&*row)
            .execute(conn)?;
    }
    Ok(())
}

/// Milestones of several meetings in one query.
pub fn milestones_for(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<MilestonesRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(minutes_milestones::table
        .filter(minutes_milestones::meeting_id.eq_any(ids))
        .select(MilestonesRow::as_select())
        .load(conn)?)
}

/// When the minutes of each of these meetings last went to the chair (the
/// latest request not superseded), by meeting.
pub fn sent_to_chair(
    conn: &mut DbConn,
    meeting_ids: &[String],
) -> AppResult<Vec<(String, NaiveDateTime)>> {
    use minutebook_ground::db::schema::approval_requests as ar;
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(ar::table
        .filter(ar::meeting_id.eq_any(meeting_ids))
        .filter(ar::superseded_at.is_null())
        .order(ar::created_at.asc())
        .select((ar::meeting_id, ar::created_at))
        .load(conn)?)
}
