//! Rules of the agenda: what may be a lettered part of what, when an agenda
//! may be published, and when a meeting may move to another date.

use super::lifecycle::MeetingStatus;
use super::numbering::numbering_year;
use chrono::NaiveDate;

/// Where a new lettered part would go: its parent must be an item of the
/// same meeting and not itself a part (parts have no parts).
pub fn check_part_parent(
    meeting_id: &str,
    parent_meeting_id: &str,
    parent_is_part: bool,
) -> Result<(), &'static str> {
    if parent_meeting_id != meeting_id {
        return Err("the item belongs to another meeting");
    }
    if parent_is_part {
        return Err("a lettered part cannot have parts of its own");
    }
    Ok(())
}

/// The publish gate: a draft meeting with at least one item.
pub fn check_agenda_publishable(status: MeetingStatus, has_items: bool) -> Result<(), String> {
    match status {
        MeetingStatus::Draft if has_items => Ok(()),
        MeetingStatus::Draft => Err("the agenda has no items yet".into()),
        MeetingStatus::Cancelled => Err("the meeting is cancelled".into()),
        _ => Err("the agenda has already been published".into()),
    }
}

/// The agenda of a cancelled meeting stays as it was.
pub fn check_agenda_editable(status: MeetingStatus) -> Result<(), String> {
    if status == MeetingStatus::Cancelled {
        Err("the meeting is cancelled".into())
    } else {
        Ok(())
    }
}

/// A meeting whose items are numbered may move only within its numbering
/// year: a minute number once published never changes.
pub fn check_date_change(
    numbered: bool,
    old: NaiveDate,
    new: NaiveDate,
    year_start_month: i32,
) -> Result<(), String> {
    if numbered && numbering_year(old, year_start_month) != numbering_year(new, year_start_month) {
        return Err("the new date is in another numbering year than the minute numbers already published; cancel this meeting and create a new one".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parts_belong_to_a_top_level_item_of_the_same_meeting() {
        assert!(check_part_parent("m1", "m1", false).is_ok());
        assert!(check_part_parent("m1", "m2", false).is_err());
        assert!(check_part_parent("m1", "m1", true).is_err());
    }

    #[test]
    fn only_a_draft_with_items_can_be_published() {
        assert!(check_agenda_publishable(MeetingStatus::Draft, true).is_ok());
        assert!(check_agenda_publishable(MeetingStatus::Draft, false).is_err());
        for s in [
            MeetingStatus::AgendaPublished,
            MeetingStatus::Held,
            MeetingStatus::Cancelled,
        ] {
            assert!(check_agenda_publishable(s, true).is_err());
        }
    }

    #[test]
    fn a_numbered_meeting_stays_in_its_numbering_year() {
        // May start: 30 April and 1 May are in different years.
        assert!(check_date_change(true, d(2023, 4, 30), d(2023, 5, 1), 5).is_err());
        assert!(check_date_change(true, d(2023, 5, 2), d(2024, 4, 30), 5).is_ok());
        assert!(check_date_change(false, d(2023, 4, 30), d(2023, 5, 1), 5).is_ok());
    }

    #[test]
    fn a_cancelled_agenda_is_frozen() {
        assert!(check_agenda_editable(MeetingStatus::Cancelled).is_err());
        assert!(check_agenda_editable(MeetingStatus::Held).is_ok());
    }
}
