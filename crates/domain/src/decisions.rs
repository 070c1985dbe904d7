//! Executive decisions and call-in: the council's call-in rules as data,
//! the clock they start when a decision is published (working days in
//! England and Wales, to a cut-off time in London), who may call a
//! decision in, and where a decision stands.

use crate::time::local;
use crate::working_days::is_working_day;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

/// What a decision is: who made it, and so whether call-in applies.
pub const KINDS: &[&str] = &["executive", "council", "committee", "officer"];

/// Where a decision stands.
pub const STATUSES: &[&str] = &[
    "made",
    "published",
    "called_in",
    "referred_back",
    "effective",
    "revoked",
];

/// Where a decision stands, in words for the public.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "made" => "Made, not yet published",
        "published" => "Published: open to call-in",
        "called_in" => "Called in: not to be implemented until scrutiny has considered it",
        "referred_back" => "Referred back to the decision maker",
        "effective" => "In effect",
        "revoked" => "Revoked",
        _ => "Recorded",
    }
}

/// What scrutiny did with a call-in, in words.
pub fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "no_further_action" => "No further action: the decision takes effect",
        "referred_back" => "Referred back to the decision maker to reconsider",
        "referred_to_council" => "Referred to full council",
        _ => "Recorded",
    }
}

/// Where a matter in the forward plan stands, in words.
pub fn matter_status_label(status: &str) -> &'static str {
    match status {
        "upcoming" => "Expected",
        "deferred" => "Deferred",
        "withdrawn" => "Withdrawn",
        "decided" => "Decided",
        _ => "Expected",
    }
}

/// What scrutiny did with a call-in.
pub const CALL_IN_OUTCOMES: &[&str] =
    &["no_further_action", "referred_back", "referred_to_council"];

/// A council's call-in rules (its constitution's), as the admin sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallInRules {
    /// The window, in working days after publication.
    pub window_working_days: u32,
    /// The window closes at this London time on its last working day.
    pub cutoff: NaiveTime,
    /// Clear days: the day of publication is not counted (it never is for
    /// working days that start the day after; kept for constitutions that
    /// also leave out the last day).
    pub clear_days: bool,
    /// How many members must sign a call-in.
    pub signatories: u32,
    /// Whether the scrutiny body's chair must be one of them.
    pub chair_must_sign: bool,
    /// The scrutiny body whose members may call in (any member of a body
    /// when `None`).
    pub scrutiny_body_id: Option<String>,
    /// The kinds of decision subject to call-in.
    pub kinds: Vec<String>,
    /// Working days after a call-in by which scrutiny must meet.
    pub meeting_within_working_days: u32,
    /// Working days after referral by which the maker must reconsider.
    pub reconsider_within_working_days: u32,
}

impl Default for CallInRules {
    fn default() -> CallInRules {
        CallInRules {
            window_working_days: 5,
            cutoff: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or(NaiveTime::MIN),
            clear_days: false,
            signatories: 5,
            chair_must_sign: false,
            scrutiny_body_id: None,
            kinds: vec!["executive".into()],
            meeting_within_working_days: 10,
            reconsider_within_working_days: 10,
        }
    }
}

/// The `n`th working day after `from` (not counting `from`).
pub fn working_days_after(from: NaiveDate, n: u32) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d = match d.succ_opt() {
            Some(x) => x,
            None => return NaiveDate::MAX,
        };
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// A London date and time as an instant (the earlier, in the autumn hour
/// that happens twice).
fn london(d: NaiveDate, t: NaiveTime) -> DateTime<Utc> {
    London
        .from_local_datetime(&d.and_time(t))
        .earliest()
        .map(|x| x.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_time(t).and_utc())
}

/// When the call-in window of a decision published at `published` closes:
/// the cut-off time on the window's last working day (the day after, for
/// clear days). A decision not called in by then takes effect then.
pub fn call_in_deadline(published: DateTime<Utc>, rules: &CallInRules) -> DateTime<Utc> {
    let day = local(published).date_naive();
    let days = rules.window_working_days + u32::from(rules.clear_days);
    london(working_days_after(day, days), rules.cutoff)
}

/// The day by which something must happen `n` working days after `at`.
pub fn deadline_date(at: DateTime<Utc>, n: u32) -> NaiveDate {
    working_days_after(local(at).date_naive(), n)
}

/// Whether a decision of this kind, recorded as urgent or not, may be
/// called in under these rules.
pub fn subject_to_call_in(kind: &str, urgent: bool, rules: &CallInRules) -> bool {
    !urgent && rules.kinds.iter().any(|k| k == kind)
}

/// A member who signs a call-in.
#[derive(Debug, Clone)]
pub struct Signatory {
    pub name: String,
    /// A member of the scrutiny body (or of any body when the rules name none).
    pub eligible: bool,
    pub chair: bool,
}

/// Why a call-in is refused, if it is: outside the window, too few eligible
/// signatories, the chair missing. Each reason names what is missing.
pub fn check_call_in(
    now: DateTime<Utc>,
    deadline: DateTime<Utc>,
    signed: &[Signatory],
    rules: &CallInRules,
) -> Vec<String> {
    let mut why = Vec::new();
    if now > deadline {
        why.push(format!(
            "the call-in window closed at {} (London time)",
            local(deadline).format("%-H:%M on %-d %B %Y")
        ));
    }
    let ineligible: Vec<&str> = signed
        .iter()
        .filter(|s| !s.eligible)
        .map(|s| s.name.as_str())
        .collect();
    if !ineligible.is_empty() {
        why.push(format!(
            "not entitled to call in: {}",
            ineligible.join(", ")
        ));
    }
    let eligible = u32::try_from(signed.iter().filter(|s| s.eligible).count()).unwrap_or(u32::MAX);
    if eligible < rules.signatories {
        why.push(format!(
            "{} eligible signatories; the rules need {} ({} more)",
            eligible,
            rules.signatories,
            rules.signatories - eligible
        ));
    }
    if rules.chair_must_sign && !signed.iter().any(|s| s.chair && s.eligible) {
        why.push("the scrutiny chair must be one of the signatories".into());
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_window_counts_working_days_past_bank_holidays() {
        // Published Wednesday 1 May 2024; Monday 6 May is a bank holiday:
        // Thu 2, Fri 3, Tue 7, Wed 8, Thu 9 -> closes Thursday 9 May at 4 pm
        // (BST, so 15:00 UTC).
        let rules = CallInRules::default();
        let deadline = call_in_deadline(at("2024-05-01T14:00:00Z"), &rules);
        assert_eq!(deadline, at("2024-05-09T15:00:00Z"));
        // Before Christmas: published Monday 23 December 2024.
        let xmas = call_in_deadline(at("2024-12-23T10:00:00Z"), &rules);
        // Tue 24, (25, 26 holidays) Fri 27, Mon 30, Tue 31, (1 Jan) Thu 2 Jan: GMT.
        assert_eq!(xmas, at("2025-01-02T16:00:00Z"));
    }

    #[test]
    fn clear_days_add_a_day() {
        let rules = CallInRules {
            clear_days: true,
            ..CallInRules::default()
        };
        assert_eq!(
            call_in_deadline(at("2024-05-01T14:00:00Z"), &rules),
            at("2024-05-10T15:00:00Z")
        );
    }

    #[test]
    fn officer_and_urgent_decisions_are_not_called_in() {
        let rules = CallInRules::default();
        assert!(subject_to_call_in("executive", false, &rules));
        assert!(!subject_to_call_in("officer", false, &rules));
        assert!(!subject_to_call_in("executive", true, &rules));
    }

    #[test]
    fn a_call_in_needs_enough_eligible_signatories_in_time() {
        let rules = CallInRules::default();
        let deadline = at("2024-05-09T15:00:00Z");
        let member = |n: &str| Signatory {
            name: n.into(),
            eligible: true,
            chair: false,
        };
        let four: Vec<Signatory> = ["A", "B", "C", "D"].iter().map(|n| member(n)).collect();
        let why = check_call_in(at("2024-05-08T10:00:00Z"), deadline, &four, &rules);
        assert_eq!(why, ["4 eligible signatories; the rules need 5 (1 more)"]);
        let mut five = four.clone();
        five.push(member("E"));
        assert!(check_call_in(at("2024-05-09T14:59:00Z"), deadline, &five, &rules).is_empty());
        let late = check_call_in(at("2024-05-09T15:01:00Z"), deadline, &five, &rules);
        assert!(
            late[0].contains("4:00") || late[0].contains("16:00"),
            "{late:?}"
        );
        let chaired = CallInRules {
            chair_must_sign: true,
            ..rules
        };
        assert_eq!(
            check_call_in(at("2024-05-08T10:00:00Z"), deadline, &five, &chaired).len(),
            1
        );
        assert_eq!(working_days_after(d(2024, 5, 1), 5), d(2024, 5, 9));
    }
}
