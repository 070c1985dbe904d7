//! A member's attendance record, as councils publish it from modern.gov:
//! the meetings they were expected at (a member of the body on the day,
//! the meeting held and not cancelled), and what they did at each; and the
//! six-month rule (Local Government Act 1972 s.85).

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// A member's seat on a body, from a date to a date (either open).
#[derive(Debug, Clone)]
pub struct Seat {
    pub body_id: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Seat {
    fn covers(&self, body_id: &str, on: NaiveDate) -> bool {
        self.body_id == body_id
            && self.from.is_none_or(|f| f <= on)
            && self.to.is_none_or(|t| on <= t)
    }
}

/// A meeting that was held.
#[derive(Debug, Clone)]
pub struct Held {
    pub meeting_id: String,
    pub body_id: String,
    pub date: NaiveDate,
}

/// What the minutes record of one person at one meeting.
#[derive(Debug, Clone)]
pub struct Mark {
    pub meeting_id: String,
    pub person_id: String,
    /// `present`, `officer`, `in_attendance`, `apologies` or `absent`.
    pub status: String,
    pub virtually: bool,
    pub substitute_for: Option<String>,
}

/// What a member did at one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Present,
    PresentVirtually,
    PresentAsSubstitute,
    InAttendance,
    /// Apologies sent (a substitute may have come in their place).
    Apologies,
    /// Expected, and neither present nor sending apologies.
    Absent,
}

/// One meeting of a member's record.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub meeting_id: String,
    pub body_id: String,
    pub date: NaiveDate,
    /// Whether the member was expected (had a seat on the body that day).
    pub expected: bool,
    pub outcome: Outcome,
}

/// The columns councils publish.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub expected: u32,
    /// Present in the room, as expected.
    pub present: u32,
    /// Present over a video link, as expected.
    pub present_virtually: u32,
    /// Present in another member's place (not expected).
    pub present_as_substitute: u32,
    pub in_attendance: u32,
    pub apologies: u32,
    /// Absent without apologies.
    pub absent: u32,
    /// Present (in the room or virtually) as a share of expected, in whole
    /// per cent; none when nothing was expected.
    pub percent: Option<u32>,
}

impl Tally {
    fn add(&mut self, line: &Line) {
        self.expected += u32::from(line.expected);
        match line.outcome {
            Outcome::Present => self.present += 1,
            Outcome::PresentVirtually => self.present_virtually += 1,
            Outcome::PresentAsSubstitute => self.present_as_substitute += 1,
            Outcome::InAttendance => self.in_attendance += 1,
            Outcome::Apologies => self.apologies += 1,
            Outcome::Absent => self.absent += 1,
        }
    }

    fn finish(&mut self) {
        self.percent = (self.expected > 0).then(|| {
            let attended = self.present + self.present_virtually;
            (attended * 100 + self.expected / 2) / self.expected
        });
    }
}

/// A person's record over the meetings given (already limited to the range
/// and to meetings held), from their seats and the marks of those meetings
/// (every person's: a substitute in their place counts as apologies).
pub fn record(
    person_id: &str,
    seats: &[Seat],
    held: &[Held],
    marks: &[Mark],
) -> (Tally, Vec<Line>) {
    let mut tally = Tally::default();
    let mut lines = Vec::new();
    for m in held {
        let expected = seats.iter().any(|s| s.covers(&m.body_id, m.date));
        let own = marks
            .iter()
            .find(|k| k.meeting_id == m.meeting_id && k.person_id == person_id);
        let substituted = marks.iter().any(|k| {
            k.meeting_id == m.meeting_id && k.substitute_for.as_deref() == Some(person_id)
        });
        let outcome = match (own, expected) {
            (Some(k), _) if k.status == "present" && k.substitute_for.is_some() => {
                Some(Outcome::PresentAsSubstitute)
            }
            (Some(k), true) if k.status == "present" && k.virtually => {
                Some(Outcome::PresentVirtually)
            }
            (Some(k), true) if k.status == "present" => Some(Outcome::Present),
            (Some(k), false) if k.status == "present" => Some(Outcome::InAttendance),
            (Some(k), _) if matches!(k.status.as_str(), "officer" | "in_attendance") => {
                Some(Outcome::InAttendance)
            }
            (Some(k), true) if k.status == "apologies" => Some(Outcome::Apologies),
            (_, true) if substituted => Some(Outcome::Apologies),
            (_, true) => Some(Outcome::Absent),
            _ => None,
        };
        if let Some(outcome) = outcome {
            let line = Line {
                meeting_id: m.meeting_id.clone(),
                body_id: m.body_id.clone(),
                date: m.date,
                expected,
                outcome,
            };
            tally.add(&line);
            lines.push(line);
        }
    }
    tally.finish();
    (tally, lines)
}

/// How many weeks before the six months end a member is listed.
pub const WARNING_WEEKS: i64 = 8;

/// Where a member stands under the six-month rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SixMonths {
    /// More than eight weeks to go.
    Clear,
    /// Within eight weeks of the six months ending.
    Warning,
    /// The six months have run out with no approved absence: the member
    /// ceases to be a member (s.85), for the monitoring officer to act on.
    Expired,
    /// The council approved the absence before the six months ran out:
    /// the clock is stopped.
    Approved,
}

/// The day the six months end: six calendar months after the last
/// attendance (or after taking office, for one who has attended nothing).
pub fn six_months_end(since: NaiveDate) -> NaiveDate {
    since
        .checked_add_months(Months::new(6))
        .unwrap_or(NaiveDate::MAX)
}

/// An absence the council approved: on the date of its resolution, until a
/// date (or open).
#[derive(Debug, Clone, Copy)]
pub struct Approval {
    pub approved_on: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// Where a member stands: from when the six months run, when they end,
/// and what that means today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub clock_from: NaiveDate,
    pub ends: NaiveDate,
    pub status: SixMonths,
}

/// Where a member stands today. An approval counts only if the council gave
/// it before the six months ran out; while it runs the clock is stopped,
/// and once it ends the six months run again from its end.
pub fn six_month_status(since: NaiveDate, approvals: &[Approval], today: NaiveDate) -> Standing {
    let mut approvals = approvals.to_vec();
    approvals.sort_by_key(|a| a.approved_on);
    let mut from = since;
    for a in &approvals {
        if a.approved_on < from || a.approved_on > six_months_end(from) {
            continue;
        }
        match a.until {
            Some(u) if u < today => from = from.max(u),
            _ => {
                return Standing {
                    clock_from: from,
                    ends: six_months_end(from),
                    status: SixMonths::Approved,
                }
            }
        }
    }
    let ends = six_months_end(from);
    let status = if today > ends {
        SixMonths::Expired
    } else if (ends - today).num_days() <= WARNING_WEEKS * 7 {
        SixMonths::Warning
    } else {
        SixMonths::Clear
    };
    Standing {
        clock_from: from,
        ends,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn held(id: &str, body: &str, date: NaiveDate) -> Held {
        Held {
            meeting_id: id.into(),
            body_id: body.into(),
            date,
        }
    }

    fn mark(m: &str, p: &str, status: &str, virtually: bool, sub: Option<&str>) -> Mark {
        Mark {
            meeting_id: m.into(),
            person_id: p.into(),
            status: status.into(),
            virtually,
            substitute_for: sub.map(str::to_string),
        }
    }

    #[test]
    fn the_columns_add_up_from_seats_and_marks() {
        let seats = [Seat {
            body_id: "pl".into(),
            from: Some(d(2024, 5, 1)),
            to: None,
        }];
        let held = [
            held("m1", "pl", d(2024, 4, 1)), // before the seat: not expected
            held("m2", "pl", d(2024, 6, 1)),
            held("m3", "pl", d(2024, 7, 1)),
            held("m4", "pl", d(2024, 8, 1)),
            held("m5", "pl", d(2024, 9, 1)),
            held("m6", "pl", d(2024, 10, 1)),
            held("x1", "au", d(2024, 10, 2)), // another body, as substitute
        ];
        let marks = [
            mark("m2", "ann", "present", false, None),
            mark("m3", "ann", "present", true, None),
            mark("m4", "ann", "apologies", false, None),
            mark("m5", "bob", "present", false, Some("ann")),
            mark("x1", "ann", "present", false, Some("cat")),
        ];
        let (t, lines) = record("ann", &seats, &held, &marks);
        assert_eq!(
            t,
            Tally {
                expected: 5,
                present: 1,
                present_virtually: 1,
                present_as_substitute: 1,
                in_attendance: 0,
                apologies: 2,
                absent: 1,
                percent: Some(40),
            }
        );
        assert_eq!(lines.len(), 6, "m1 is neither expected nor attended");
        assert_eq!(lines.last().unwrap().outcome, Outcome::PresentAsSubstitute);
        let (none, _) = record("zed", &[], &held, &marks);
        assert_eq!(none.percent, None);
    }

    #[test]
    fn the_six_months_run_from_the_last_attendance() {
        assert_eq!(six_months_end(d(2024, 8, 31)), d(2025, 2, 28));
        let since = d(2024, 1, 10);
        let status = |a: &[Approval], today| six_month_status(since, a, today).status;
        assert_eq!(status(&[], d(2024, 3, 1)), SixMonths::Clear);
        assert_eq!(status(&[], d(2024, 5, 20)), SixMonths::Warning);
        assert_eq!(status(&[], d(2024, 7, 10)), SixMonths::Warning);
        assert_eq!(status(&[], d(2024, 7, 11)), SixMonths::Expired);
        let in_time = Approval {
            approved_on: d(2024, 6, 1),
            until: None,
        };
        assert_eq!(status(&[in_time], d(2024, 9, 1)), SixMonths::Approved);
        let too_late = Approval {
            approved_on: d(2024, 7, 20),
            until: None,
        };
        assert_eq!(status(&[too_late], d(2024, 9, 1)), SixMonths::Expired);
        // An approval that has ended: the six months run again from its end.
        let ended = Approval {
            approved_on: d(2024, 6, 1),
            until: Some(d(2024, 8, 1)),
        };
        let s = six_month_status(since, &[ended], d(2024, 9, 1));
        assert_eq!(
            (s.clock_from, s.ends, s.status),
            (d(2024, 8, 1), d(2025, 2, 1), SixMonths::Clear)
        );
    }
}
