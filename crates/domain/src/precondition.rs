//! Optimistic concurrency: a write names the version it was based on
//! (`If-Match`), and a write against a version the client has not seen is
//! refused (412), never silently applied.

use minutebook_ground::error::{AppError, AppResult};

/// The `If-Match` header, if sent.
pub struct IfMatch(pub Option<String>);

impl IfMatch {
    /// Refuses a write against a version the client has not seen.
    pub fn check(&self, version: i32) -> AppResult<()> {
        let Some(header) = &self.0 else { return Ok(()) };
        let current = version.to_string();
        let matches = header.split(',').map(str::trim).any(|tag| {
            tag == "*" || names_version(tag.trim_start_matches("W/").trim_matches('"'), &current)
        });
        if matches {
            Ok(())
        } else {
            Err(AppError::PreconditionFailed(format!(
                "If-Match {header} does not match the current version \"{version}\"; read the resource again"
            )))
        }
    }
}

/// A tag names a version when it is that version (`"3"`), or when it
/// starts with it and a dash: the whole meeting's GET answers
/// `"3-17-1-internal-json-…"` (the meeting row's version, then what else
/// the response holds, see `read::etag`), and its `If-Match` still means
/// the meeting row's version.
fn names_version(tag: &str, version: &str) -> bool {
    tag.strip_prefix(version)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// Whether an `If-None-Match` header names `etag` (weak comparison, or
/// `*`): a GET then answers `304 Not Modified`.
pub fn none_match(header: &str, etag: &str) -> bool {
    let etag = etag.trim_start_matches("W/");
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_reads_the_version_at_the_head_of_a_meeting_tag() {
        assert!(IfMatch(Some("\"3-17-1-internal-json-0.1.0\"".into()))
            .check(3)
            .is_ok());
        assert!(IfMatch(Some("\"3\"".into())).check(3).is_ok());
        assert!(IfMatch(Some("\"31-1\"".into())).check(3).is_err());
        assert!(IfMatch(Some("\"2-3\"".into())).check(3).is_err());
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_a_star() {
        assert!(none_match("\"a\"", "\"a\""));
        assert!(none_match("W/\"a\"", "\"a\""));
        assert!(none_match("\"b\", \"a\"", "\"a\""));
        assert!(none_match("*", "\"a\""));
        assert!(!none_match("\"b\"", "\"a\""));
        assert!(!none_match("", "\"a\""));
    }
}
