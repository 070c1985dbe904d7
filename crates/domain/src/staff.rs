//! Staff at the clerk's desk: who may sign in (an account with a work
//! email and a role), how long a sign-in link and a session live, and how
//! often links may be asked for. Plain rules, no I/O.

use chrono::{Duration, NaiveDateTime};

/// A sign-in link works once, within this many minutes of being sent.
pub const LINK_MINUTES: i64 = 15;

/// A session ends after this long without a request.
pub const IDLE_MINUTES: i64 = 60;

/// A session ends this long after sign-in, however busy.
pub const SESSION_HOURS: i64 = 12;

/// At most this many sign-in links are sent to one account in
/// [`LINK_WINDOW_MINUTES`]; more requests get the same answer and no mail.
pub const LINKS_PER_WINDOW: i64 = 3;
pub const LINK_WINDOW_MINUTES: i64 = 15;

/// The roles an account may have: the API token's roles.
pub const ROLES: &[&str] = &["reader", "clerk", "admin"];

/// A work email as it is kept: trimmed and lower-cased; `None` when it is
/// not an address.
pub fn normalise_email(s: &str) -> Option<String> {
    let e = s.trim().to_lowercase();
    (crate::vocab::is_email(&e) && e.len() <= 254).then_some(e)
}

/// Whether a session signed in at `created` and last seen at `last_seen`
/// is still live at `now`.
pub fn session_live(
    created: NaiveDateTime,
    last_seen: NaiveDateTime,
    revoked: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> bool {
    revoked.is_none()
        && now - last_seen < Duration::minutes(IDLE_MINUTES)
        && now - created < Duration::hours(SESSION_HOURS)
}

/// Whether another link may be sent, given how many went out in the window.
pub fn may_send_link(sent_in_window: i64) -> bool {
    sent_in_window < LINKS_PER_WINDOW
}

/// Whether the session cookie must be `Secure`: when the service is
/// reached over https.
pub fn secure_cookie(public_url: &str) -> bool {
    public_url
        .trim()
        .to_ascii_lowercase()
        .starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    #[test]
    fn a_session_ends_when_idle_or_old_or_revoked() {
        assert!(session_live(t(9, 0), t(9, 30), None, t(10, 29)));
        assert!(!session_live(t(9, 0), t(9, 30), None, t(10, 30)));
        assert!(!session_live(t(9, 0), t(20, 59), None, t(21, 0)));
        assert!(!session_live(t(9, 0), t(9, 30), Some(t(9, 40)), t(9, 41)));
    }

    #[test]
    fn emails_are_kept_lower_case_and_checked() {
        assert_eq!(
            normalise_email("  Ann.Clerk@Council.GOV.uk "),
            Some("ann.clerk@council.gov.uk".into())
        );
        assert_eq!(normalise_email("not an email"), None);
    }

    #[test]
    fn links_are_limited_per_window() {
        assert!(may_send_link(2));
        assert!(!may_send_link(3));
    }

    #[test]
    fn cookies_are_secure_over_https() {
        assert!(secure_cookie("https://democracy.example.gov.uk"));
        assert!(!secure_cookie("http://127.0.0.1:8080"));
    }
}
