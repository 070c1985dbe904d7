//! Demo data (filled in below).
pub fn load(
    _conn: &mut crate::db::DbConn,
    _s: &crate::config::Settings,
) -> crate::error::AppResult<String> {
    Ok(String::new())
}
