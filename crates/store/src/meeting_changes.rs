//! What a conditional GET of a meeting compares, in one query: the meeting
//! row's version and the columns that decide who may see it (not the whole
//! row), its body's version, and the meeting's change counter (bumped by
//! triggers, see `db::schema_perf`); for a clerk, the token's holder too.

use super::OrNotFound;
use crate::tokens::TokenHolder;
use diesel::prelude::*;
use minutebook_domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook_domain::visibility::MeetingFacts;
use minutebook_ground::db::schema::meeting_changes;
use minutebook_ground::db::schema::{api_tokens, bodies, meeting_documents, meetings};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};

/// What a meeting's tag is made of: just the columns it needs (no
/// timestamp is read, so none is parsed).
pub struct ChangeFacts {
    /// The meeting row's version.
    pub version: i32,
    /// What decides who may see the meeting.
    pub facts: MeetingFacts,
    pub body_version: i32,
    /// How many changes the triggers have counted (0 before the first).
    pub changes: i64,
}

/// The columns [`ChangeFacts`] is read from, as one tuple.
type FactsRow = (i32, String, String, bool, i32, Option<i64>);

/// The columns of a [`FactsRow`] for the meeting `$id` (its change
/// counter read by a subselect: a meeting has none before its first change).
macro_rules! facts_columns {
    ($id:expr) => {
        (
            meetings::version,
            meetings::status,
            meetings::minutes_status,
            meetings::agenda_published_at.is_not_null(),
            bodies::version,
            meeting_changes::table
                .filter(meeting_changes::meeting_id.eq($id))
                .select(meeting_changes::changes)
                .single_value(),
        )
    };
}

fn change_facts(row: FactsRow) -> AppResult<ChangeFacts> {
    let (version, status, minutes_status, agenda_published, body_version, changes) = row;
    let bad = |e: String| AppError::Internal(anyhow::anyhow!("meeting row: {e}"));
    Ok(ChangeFacts {
        version,
        facts: MeetingFacts {
            status: status.parse::<MeetingStatus>().map_err(bad)?,
            agenda_published,
            minutes_status: minutes_status.parse::<MinutesStatus>().map_err(bad)?,
        },
        body_version,
        changes: changes.unwrap_or(0),
    })
}

/// The live meeting with its body's version and change counter; 404 when
/// there is no such live meeting.
pub fn facts(conn: &mut DbConn, meeting_id: &str) -> AppResult<ChangeFacts> {
    let row = meetings::table
        .inner_join(bodies::table)
        .filter(meetings::id.eq(meeting_id))
        .filter(meetings::deleted_at.is_null())
        .select(facts_columns!(meeting_id))
        .get_result::<FactsRow>(conn)
        .or_not_found("meeting")?;
    change_facts(row)
}

/// A kept document of the meeting (`meeting_documents`): the tag it was
/// built for and its bytes. It answers a read only when that tag is the
/// meeting's tag now.
pub struct KeptDocument {
    pub tag: String,
    pub body: Vec<u8>,
}

/// The join of a meeting's kept document of `$kind` (none when not kept).
macro_rules! document_of {
    ($kind:expr) => {
        meeting_documents::table.on(meeting_documents::meeting_id
            .eq(meetings::id)
            .and(meeting_documents::kind.eq($kind)))
    };
}

/// [`facts`] and, in the same statement, the meeting's kept document of
/// `kind`: a read of a meeting whose document is current is this one
/// indexed lookup.
pub fn facts_with_document(
    conn: &mut DbConn,
    meeting_id: &str,
    kind: &str,
) -> AppResult<(ChangeFacts, Option<KeptDocument>)> {
    let (row, kept) = meetings::table
        .inner_join(bodies::table)
        .left_join(document_of!(kind))
        .filter(meetings::id.eq(meeting_id))
        .filter(meetings::deleted_at.is_null())
        .select((
            facts_columns!(meeting_id),
            (meeting_documents::tag, meeting_documents::body).nullable(),
        ))
        .get_result::<(FactsRow, Option<(String, Vec<u8>)>)>(conn)
        .or_not_found("meeting")?;
    Ok((change_facts(row)?, kept.map(kept_document)))
}

fn kept_document((tag, body): (String, Vec<u8>)) -> KeptDocument {
    KeptDocument { tag, body }
}

/// What [`facts_and_token`] finds: the meeting's facts, the token's holder
/// and the meeting's kept document.
pub type FactsTokenDocument = (ChangeFacts, Option<TokenHolder>, Option<KeptDocument>);

/// [`facts_with_document`] and, in the same statement, the holder of the
/// live token whose hash is `token_hash` (`None` when no live token has
/// it): a hot read by a clerk asks the database once, not twice or three
/// times. `Ok(None)` when there is no such live meeting (then nothing was
/// learnt of the token either).
pub fn facts_and_token(
    conn: &mut DbConn,
    meeting_id: &str,
    token_hash: &str,
    kind: &str,
) -> AppResult<Option<FactsTokenDocument>> {
    // Owned binds: with two joins diesel holds them past the borrows.
    let live_token = api_tokens::token_hash
        .eq(token_hash.to_owned())
        .and(api_tokens::revoked_at.is_null());
    let found = meetings::table
        .inner_join(bodies::table)
        .left_join(api_tokens::table.on(live_token))
        .left_join(document_of!(kind.to_owned()))
        .filter(meetings::id.eq(meeting_id))
        .filter(meetings::deleted_at.is_null())
        .select((
            facts_columns!(meeting_id),
            (api_tokens::id, api_tokens::name, api_tokens::role).nullable(),
            (meeting_documents::tag, meeting_documents::body).nullable(),
        ))
        .get_result::<(FactsRow, Option<TokenHolder>, Option<(String, Vec<u8>)>)>(conn)
        .optional()?;
    found
        .map(|(row, holder, kept)| Ok((change_facts(row)?, holder, kept.map(kept_document))))
        .transpose()
}

/// What a response built from several whole meetings depends on, in one
/// query: for each live meeting of `ids` (by id), its version, change
/// counter and body's version, as `id:version:changes:body;…`. Equal
/// fingerprints mean each meeting would read the same (as `facts` decides
/// for one meeting's ETag).
pub fn fingerprint(conn: &mut DbConn, ids: &[String]) -> AppResult<String> {
    if ids.is_empty() {
        return Ok(String::new());
    }
    let changes = meeting_changes::table
        .filter(meeting_changes::meeting_id.eq(meetings::id))
        .select(meeting_changes::changes)
        .single_value();
    let rows: Vec<(String, i32, Option<i64>, i32)> = meetings::table
        .inner_join(bodies::table)
        .filter(meetings::id.eq_any(ids))
        .filter(meetings::deleted_at.is_null())
        .select((meetings::id, meetings::version, changes, bodies::version))
        .order(meetings::id)
        .load(conn)?;
    let mut out = String::with_capacity(rows.len() * 48);
    for (id, version, changes, body) in rows {
        use std::fmt::Write;
        let _ = write!(out, "{id}:{version}:{}:{body};", changes.unwrap_or(0));
    }
    Ok(out)
}
