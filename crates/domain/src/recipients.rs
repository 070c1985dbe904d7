//! Who may be sent a meeting's draft minutes. The draft carries restricted
//! text, so it goes only to a current member of the body (a membership that
//! has started and not ended) or to someone recorded at the meeting as
//! attending it (present, as an officer, or in attendance).

use chrono::NaiveDate;

/// The rule, as a client is told it when a request breaks it.
pub const DRAFT_RECIPIENT_RULE: &str = "draft minutes go only to a current member of the body \
     or to someone recorded at the meeting as present, officer or in attendance";

/// Whether a membership running from `start` to `end` (inclusive, either
/// open) holds on `today`.
pub fn membership_current(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    start.is_none_or(|s| s <= today) && end.is_none_or(|e| e >= today)
}

/// Whether an attendance status means the person was at the meeting.
pub fn attended(status: &str) -> bool {
    matches!(status, "present" | "officer" | "in_attendance")
}

/// The rule: `memberships` are the person's memberships of the meeting's
/// body (start, end), `attendance` their statuses recorded at the meeting.
pub fn check_draft_recipient(
    memberships: &[(Option<NaiveDate>, Option<NaiveDate>)],
    attendance: &[&str],
    today: NaiveDate,
) -> Result<(), &'static str> {
    let member = memberships
        .iter()
        .any(|(s, e)| membership_current(*s, *e, today));
    let at_meeting = attendance.iter().any(|s| attended(s));
    if member || at_meeting {
        Ok(())
    } else {
        Err(DRAFT_RECIPIENT_RULE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_current_member_may_receive_the_draft() {
        let today = d("2024-03-01");
        assert!(check_draft_recipient(&[(None, None)], &[], today).is_ok());
        assert!(check_draft_recipient(
            &[(Some(d("2023-05-01")), Some(d("2024-03-01")))],
            &[],
            today
        )
        .is_ok());
    }

    #[test]
    fn a_past_or_future_member_may_not() {
        let today = d("2024-03-01");
        assert!(check_draft_recipient(&[(None, Some(d("2024-02-29")))], &[], today).is_err());
        assert!(check_draft_recipient(&[(Some(d("2024-03-02")), None)], &[], today).is_err());
    }

    #[test]
    fn someone_recorded_as_attending_may_receive_it() {
        let today = d("2024-03-01");
        for s in ["present", "officer", "in_attendance"] {
            assert!(check_draft_recipient(&[], &[s], today).is_ok(), "{s}");
        }
    }

    #[test]
    fn apologies_or_absence_alone_are_not_enough() {
        let today = d("2024-03-01");
        assert_eq!(
            check_draft_recipient(&[], &["apologies", "absent"], today),
            Err(DRAFT_RECIPIENT_RULE)
        );
    }

    #[test]
    fn a_stranger_may_not() {
        assert_eq!(
            check_draft_recipient(&[], &[], d("2024-03-01")),
            Err(DRAFT_RECIPIENT_RULE)
        );
    }
}
