//! Where a meeting stands, as the clerk's desk shows it: the agenda (draft
//! or published), the minutes (draft, with the chair, approved, published,
//! confirmed) and what is late: an agenda not published by the last day
//! that leaves five clear working days, minutes with the chair for more
//! than a week.

use crate::lifecycle::{MeetingStatus, MinutesStatus};
use crate::working_days::latest_publication_date;
use chrono::NaiveDate;

/// Minutes with the chair longer than this are late.
pub const CHAIR_DAYS: i64 = 7;

/// A meeting's standing, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub agenda: &'static str,
    pub minutes: &'static str,
    pub late: Vec<String>,
}

/// The standing of a meeting on `meeting_day`, seen on `today`; `sent_on`:
/// when the minutes last went to the chair.
pub fn standing(
    status: MeetingStatus,
    agenda_published: bool,
    minutes: MinutesStatus,
    meeting_day: NaiveDate,
    today: NaiveDate,
    sent_on: Option<NaiveDate>,
) -> Standing {
    let mut late = Vec::new();
    let cancelled = status == MeetingStatus::Cancelled;
    let latest = latest_publication_date(meeting_day);
    if !cancelled && !agenda_published && today > latest && today <= meeting_day {
        late.push(format!(
            "Agenda not published: it was due by {}",
            latest.format("%-d %B %Y")
        ));
    }
    if minutes == MinutesStatus::SentForApproval {
        if let Some(sent) = sent_on {
            if (today - sent).num_days() > CHAIR_DAYS {
                late.push(format!(
                    "Minutes with the chair since {}",
                    sent.format("%-d %B %Y")
                ));
            }
        }
    }
    Standing {
        agenda: if cancelled {
            "Cancelled"
        } else if agenda_published {
            "Agenda published"
        } else {
            "Agenda draft"
        },
        minutes: match minutes {
            MinutesStatus::Draft => "Minutes draft",
            MinutesStatus::SentForApproval => "Minutes with the chair",
            MinutesStatus::ChangesRequested => "Chair asked for changes",
            MinutesStatus::Approved => "Minutes approved",
            MinutesStatus::Published => "Minutes published",
            MinutesStatus::Confirmed => "Minutes confirmed",
        },
        late,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_agenda_is_late_after_the_last_day_for_five_clear_working_days() {
        // A Thursday meeting: the agenda is due by the Wednesday before.
        let meeting = d(2026, 12, 17);
        let ok = standing(
            MeetingStatus::Draft,
            false,
            MinutesStatus::Draft,
            meeting,
            d(2026, 12, 9),
            None,
        );
        assert!(ok.late.is_empty(), "{ok:?}");
        let late = standing(
            MeetingStatus::Draft,
            false,
            MinutesStatus::Draft,
            meeting,
            d(2026, 12, 11),
            None,
        );
        assert_eq!(late.late.len(), 1, "{late:?}");
        assert_eq!(late.agenda, "Agenda draft");
        let published = standing(
            MeetingStatus::Draft,
            true,
            MinutesStatus::Draft,
            meeting,
            d(2026, 12, 11),
            None,
        );
        assert!(published.late.is_empty());
    }

    #[test]
    fn minutes_with_the_chair_for_more_than_a_week_are_late() {
        let s = standing(
            MeetingStatus::Held,
            true,
            MinutesStatus::SentForApproval,
            d(2026, 11, 1),
            d(2026, 11, 20),
            Some(d(2026, 11, 12)),
        );
        assert_eq!(s.minutes, "Minutes with the chair");
        assert_eq!(s.late.len(), 1);
        let s = standing(
            MeetingStatus::Held,
            true,
            MinutesStatus::SentForApproval,
            d(2026, 11, 1),
            d(2026, 11, 19),
            Some(d(2026, 11, 12)),
        );
        assert!(s.late.is_empty());
    }
}
