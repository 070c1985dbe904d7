//! What every write does in its transaction, after its own work and
//! before it commits — whichever door it came in by (the API, the
//! importer, the command line): the minutes' revision trail settles what
//! the change needs at once (`minutes::revisions::after_write`), and what
//! the change made public (or hid) is searchable (or gone) when it commits
//! (`search::index_dirty`; a search never writes).

use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

pub fn before_commit(conn: &mut DbConn, settings: &Settings) -> AppResult<()> {
    crate::minutes::revisions::after_write(conn, settings)?;
    minutebook_search::index_dirty(conn)?;
    Ok(())
}
