//! The head of a body's minute book, as outsiders may keep it: the hash of
//! the latest confirmation's entry and how many entries the book holds.

use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookHead {
    pub hash: String,
    pub entries: i32,
}

pub fn head(conn: &mut DbConn, body_id: &str) -> AppResult<Option<BookHead>> {
    Ok(
        minutebook_store::minute_book::head(conn, body_id)?.map(|e| BookHead {
            hash: e.hash,
            entries: e.seq,
        }),
    )
}
