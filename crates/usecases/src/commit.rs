//! What every write does around its commit — whichever door it came in by
//! (the API, the importer, the command line): before it commits, the
//! minutes' revision trail settles what the change needs at once
//! (`minutes::revisions::after_write`); and what the change made public
//! (or hid) is searchable (or gone) before the writer is answered
//! (`search::index_dirty`; a search never writes).
//!
//! Where the search index is brought up to date depends on how the
//! backend writes:
//! - **SQLite** has one writer, one transaction at a time: the index is
//!   written inside the write's own transaction ([`before_commit`]), as a
//!   second transaction would only add a commit.
//! - **PostgreSQL** runs writers side by side, and what a write locks (its
//!   meeting, its body's minute counter) is held until it commits. The
//!   index is written just after, each meeting in its own short
//!   transaction ([`after_commit`]), so the next writer of that meeting or
//!   numbering does not wait for it. The write reads the marks it made as
//!   its last statement (`search::marks_of_this_write`) and indexes those
//!   only: other writes index their own. The triggers' marks commit with the
//!   write, and a search leaves out every meeting still marked
//!   (`search::query`), so nothing the write hid is found in between; a
//!   reindex that fails is logged and left to the background flush.

use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_search::Marks;

/// What a write leaves to do after it commits: on PostgreSQL the search
/// marks it made; on SQLite nothing.
#[derive(Debug, Default)]
pub struct AfterCommit(Marks);

/// Inside the write's transaction, after its own work: its last statements.
/// On PostgreSQL one statement reads the minutes' marks and the search
/// marks together (`store::write_end::end_of_write`); only when minutes out
/// with the chair changed (and their revision marks anew) are the search
/// marks read again.
pub fn before_commit(conn: &mut DbConn, settings: &Settings) -> AppResult<AfterCommit> {
    use crate::minutes::revisions::{self, HELD, SENT};
    match conn {
        DbConn::Sqlite(_) => {
            revisions::after_write(conn, settings)?;
            minutebook_search::index_dirty(conn)?;
            Ok(AfterCommit::default())
        }
        DbConn::Pg(_) => {
            let (sent, marks) = minutebook_store::write_end::end_of_write(conn, HELD, SENT)?;
            if sent.is_empty() {
                return Ok(AfterCommit(Marks::from_rows(marks)));
            }
            revisions::revise_sent(conn, settings, sent)?;
            Ok(AfterCommit(minutebook_search::marks_of_this_write(conn)?))
        }
    }
}

/// After the write has committed (not after a dry run or a failure), on
/// the same connection, before the writer is answered.
pub fn after_commit(conn: &mut DbConn, left: AfterCommit) {
    minutebook_search::index_marks_apart(conn, left.0);
}
