//! Optimistic concurrency: a write names the version it was based on
//! (`If-Match`), and a write against a version the client has not seen is
//! refused (412), never silently applied.

use crate::error::{AppError, AppResult};

/// The `If-Match` header, if sent.
pub struct IfMatch(pub Option<String>);

impl IfMatch {
    /// Refuses a write against a version the client has not seen.
    pub fn check(&self, version: i32) -> AppResult<()> {
        let Some(header) = &self.0 else { return Ok(()) };
        let current = version.to_string();
        let matches = header
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/").trim_matches('"') == current);
        if matches {
            Ok(())
        } else {
            Err(AppError::PreconditionFailed(format!(
                "If-Match {header} does not match the current version \"{version}\"; read the resource again"
            )))
        }
    }
}
