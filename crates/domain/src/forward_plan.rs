//! The forward plan's clock (the Local Authorities (Executive Arrangements)
//! (Meetings and Access to Information) (England) Regulations 2012, regs 9,
//! 10 and 11): a key decision, or a matter taken in private, needs 28 clear
//! days' notice; with less, a general exception notice given at least 5
//! clear days before (the scrutiny chair informed) or, with less still, a
//! special urgency notice (the scrutiny chair's agreement).

use chrono::NaiveDate;

/// Clear days of notice a key decision needs.
pub const NOTICE_CLEAR_DAYS: i64 = 28;
/// Clear days a general exception notice needs.
pub const GENERAL_EXCEPTION_CLEAR_DAYS: i64 = 5;

/// The notices that allow a decision with less than 28 clear days' notice.
pub const NOTICE_KINDS: &[&str] = &["general_exception", "special_urgency"];

/// Whole days strictly between two dates (neither counted).
pub fn clear_days_between(first: NaiveDate, last: NaiveDate) -> i64 {
    ((last - first).num_days() - 1).max(0)
}

/// A notice given for a matter.
#[derive(Debug, Clone)]
pub struct Notice {
    /// `general_exception` or `special_urgency`.
    pub kind: String,
    pub published_on: NaiveDate,
    /// The scrutiny chair was informed (general exception) or agreed
    /// (special urgency).
    pub chair_named: bool,
}

/// How a decision on `decided_on` of a matter first published on
/// `first_published` stands against the 28-day rule: `Ok(None)` with full
/// notice, `Ok(Some(kind))` under a notice of that kind, or why not.
pub fn check_notice(
    first_published: Option<NaiveDate>,
    decided_on: NaiveDate,
    notices: &[Notice],
) -> Result<Option<String>, String> {
    if let Some(p) = first_published {
        if clear_days_between(p, decided_on) >= NOTICE_CLEAR_DAYS {
            return Ok(None);
        }
    }
    let given = first_published
        .map(|p| format!("{} clear days' notice", clear_days_between(p, decided_on)))
        .unwrap_or_else(|| "no notice in the forward plan".into());
    if notices.iter().any(|n| {
        n.kind == "general_exception"
            && n.chair_named
            && clear_days_between(n.published_on, decided_on) >= GENERAL_EXCEPTION_CLEAR_DAYS
    }) {
        return Ok(Some("general_exception".into()));
    }
    if notices
        .iter()
        .any(|n| n.kind == "special_urgency" && n.chair_named && n.published_on <= decided_on)
    {
        return Ok(Some("special_urgency".into()));
    }
    Err(format!(
        "a key decision needs 28 clear days' notice in the forward plan ({given} on {decided_on}); \
         publish a general exception notice at least 5 clear days before, with the scrutiny chair informed, \
         or a special urgency notice with the scrutiny chair's agreement"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn twenty_eight_clear_days_or_a_notice() {
        assert_eq!(clear_days_between(d(2024, 1, 1), d(2024, 1, 30)), 28);
        assert_eq!(
            check_notice(Some(d(2024, 1, 1)), d(2024, 1, 30), &[]),
            Ok(None)
        );
        // 20 clear days: refused ...
        let err = check_notice(Some(d(2024, 1, 1)), d(2024, 1, 22), &[]).unwrap_err();
        assert!(err.contains("20 clear days"), "{err}");
        // ... allowed under a general exception 5 clear days before ...
        let ge = Notice {
            kind: "general_exception".into(),
            published_on: d(2024, 1, 16),
            chair_named: true,
        };
        assert_eq!(
            check_notice(
                Some(d(2024, 1, 1)),
                d(2024, 1, 22),
                std::slice::from_ref(&ge)
            ),
            Ok(Some("general_exception".into()))
        );
        // ... but not one given 4 clear days before.
        let late = Notice {
            published_on: d(2024, 1, 17),
            ..ge
        };
        assert!(check_notice(Some(d(2024, 1, 1)), d(2024, 1, 22), &[late]).is_err());
        let su = Notice {
            kind: "special_urgency".into(),
            published_on: d(2024, 1, 21),
            chair_named: true,
        };
        assert_eq!(
            check_notice(Some(d(2024, 1, 1)), d(2024, 1, 22), &[su]),
            Ok(Some("special_urgency".into()))
        );
    }
}
