//! The states a meeting and its minutes move through, and the moves allowed.

use std::fmt;
use std::str::FromStr;

/// Where a meeting stands. Stored as text; a value the service does not
/// know is an error when read, never a silent default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Draft,
    AgendaPublished,
    Held,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [&'static str; 4] = ["draft", "agenda_published", "held", "cancelled"];

    pub const fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Draft => "draft",
            MeetingStatus::AgendaPublished => "agenda_published",
            MeetingStatus::Held => "held",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the agenda (and so the meeting) is visible to the public.
    pub fn is_public(self) -> bool {
        !matches!(self, MeetingStatus::Draft)
    }

    /// Whether minute numbers have been allocated.
    pub fn is_numbered(self) -> bool {
        matches!(self, MeetingStatus::AgendaPublished | MeetingStatus::Held)
    }
}

impl fmt::Display for MeetingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MeetingStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "draft" => Ok(MeetingStatus::Draft),
            "agenda_published" => Ok(MeetingStatus::AgendaPublished),
            "held" => Ok(MeetingStatus::Held),
            "cancelled" => Ok(MeetingStatus::Cancelled),
            _ => Err(format!("must be one of {}", MeetingStatus::ALL.join(", "))),
        }
    }
}

/// Checks a `status` change asked for through PATCH. Publishing the agenda
/// has its own endpoint, because it allocates minute numbers.
pub fn check_meeting_transition(from: MeetingStatus, to: MeetingStatus) -> Result<(), String> {
    use MeetingStatus::*;
    match (from, to) {
        (a, b) if a == b => Ok(()),
        (Draft, AgendaPublished) => Err(
            "publish the agenda with POST /api/v1/meetings/{id}/agenda/publish: it allocates the minute numbers"
                .into(),
        ),
        (AgendaPublished, Held) | (Draft, Cancelled) | (AgendaPublished, Cancelled) => Ok(()),
        (Draft, Held) => Err("a meeting can be marked held only after its agenda is published".into()),
        (Held, _) => Err("a meeting that has been held cannot change status".into()),
        (Cancelled, _) => Err("a cancelled meeting cannot change status".into()),
        (from, to) => Err(format!("a meeting cannot go from {from} to {to}")),
    }
}

/// Where a meeting's minutes stand. Stored as text like [`MeetingStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MinutesStatus {
    Draft,
    SentForApproval,
    ChangesRequested,
    Approved,
    Published,
    Confirmed,
}

impl MinutesStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            MinutesStatus::Draft => "draft",
            MinutesStatus::SentForApproval => "sent_for_approval",
            MinutesStatus::ChangesRequested => "changes_requested",
            MinutesStatus::Approved => "approved",
            MinutesStatus::Published => "published",
            MinutesStatus::Confirmed => "confirmed",
        }
    }

    pub const ALL: [MinutesStatus; 6] = [
        MinutesStatus::Draft,
        MinutesStatus::SentForApproval,
        MinutesStatus::ChangesRequested,
        MinutesStatus::Approved,
        MinutesStatus::Published,
        MinutesStatus::Confirmed,
    ];

    /// Whether the public may read the minutes.
    pub fn is_public(self) -> bool {
        matches!(self, MinutesStatus::Published | MinutesStatus::Confirmed)
    }

    /// Whether the minutes' content may still be edited without reopening.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            MinutesStatus::Draft | MinutesStatus::SentForApproval | MinutesStatus::ChangesRequested
        )
    }
}

/// What happens to the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesEvent {
    /// The clerk sends the draft to the chair (again).
    Send,
    /// The chair approves the revision sent.
    Approve,
    /// The chair asks for changes.
    RequestChanges,
    /// The clerk edits minutes that are out with the chair: the link sent
    /// no longer shows them, so they are a draft again.
    EditWhileSent,
    /// The clerk publishes approved minutes.
    Publish,
    /// The clerk reopens approved or published minutes for changes.
    Reopen,
    /// The next meeting agrees them as a true record.
    Confirm,
}

/// The minutes' lifecycle: draft → sent for approval → changes requested or
/// approved → published → confirmed (frozen for good). Answers the status
/// after `event`, or why it may not happen.
pub fn minutes_after(from: MinutesStatus, event: MinutesEvent) -> Result<MinutesStatus, String> {
    use MinutesEvent as E;
    use MinutesStatus as S;
    match (from, event) {
        (S::Draft | S::ChangesRequested | S::SentForApproval, E::Send) => Ok(S::SentForApproval),
        (other, E::Send) => Err(format!(
            "the minutes are {other}; reopen them to send a new draft"
        )),
        (S::SentForApproval, E::Approve) => Ok(S::Approved),
        (S::SentForApproval, E::RequestChanges) => Ok(S::ChangesRequested),
        (other, E::Approve | E::RequestChanges) => {
            Err(format!("the minutes are {other}, not out with the chair"))
        }
        (S::SentForApproval, E::EditWhileSent) => Ok(S::Draft),
        (other, E::EditWhileSent) => Ok(other),
        (S::Approved, E::Publish) => Ok(S::Published),
        (other, E::Publish) => Err(format!(
            "only approved minutes can be published; these are {other}"
        )),
        (S::Approved | S::Published, E::Reopen) => Ok(S::Draft),
        (S::Confirmed, E::Reopen) => {
            Err("confirmed minutes are signed as a true record and can never change".into())
        }
        (_, E::Reopen) => {
            Err("the minutes are not approved; they can be edited as they are".into())
        }
        (S::Approved | S::Published, E::Confirm) => Ok(S::Confirmed),
        (other, E::Confirm) => Err(format!(
            "only approved or published minutes can be confirmed; these are {other}"
        )),
    }
}

/// Whether the content of minutes in `status` may change without reopening.
pub fn check_minutes_editable(status: MinutesStatus) -> Result<(), String> {
    if status.is_editable() {
        Ok(())
    } else {
        Err(format!(
            "the minutes are {status}; reopen them before changing them"
        ))
    }
}

/// Whether a meeting's papers may be added or removed: not once its
/// minutes are confirmed, when the papers are part of the signed record.
pub fn check_papers_editable(status: MinutesStatus) -> Result<(), String> {
    if status == MinutesStatus::Confirmed {
        Err("the minutes of this meeting are confirmed: its papers are part of the record and cannot change".into())
    } else {
        Ok(())
    }
}

impl fmt::Display for MinutesStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MinutesStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        MinutesStatus::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown minutes status {s:?}"))
    }
}

/// Rows store statuses as text: reading an unknown value is an error.
macro_rules! text_enum {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                s.parse()
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.as_str().to_string()
            }
        }
    };
}
text_enum!(MeetingStatus);
text_enum!(MinutesStatus);

#[cfg(test)]
mod tests {
    use super::MeetingStatus::*;
    use super::*;

    #[test]
    fn statuses_round_trip_through_text_and_unknown_text_is_an_error() {
        for m in MinutesStatus::ALL {
            assert_eq!(MinutesStatus::try_from(String::from(m)), Ok(m));
        }
        for s in MeetingStatus::ALL {
            assert_eq!(
                String::from(MeetingStatus::try_from(s.to_string()).unwrap()),
                s
            );
        }
        assert!(MinutesStatus::try_from("signed".to_string()).is_err());
        assert!(MeetingStatus::try_from("postponed".to_string()).is_err());
    }

    #[test]
    fn minutes_go_from_draft_to_the_chair_to_approval_publication_and_confirmation() {
        use MinutesEvent as E;
        use MinutesStatus as S;
        let mut s = S::Draft;
        for (e, to) in [
            (E::Send, S::SentForApproval),
            (E::RequestChanges, S::ChangesRequested),
            (E::Send, S::SentForApproval),
            (E::Approve, S::Approved),
            (E::Publish, S::Published),
            (E::Confirm, S::Confirmed),
        ] {
            s = minutes_after(s, e).unwrap();
            assert_eq!(s, to, "{e:?}");
        }
    }

    #[test]
    fn confirmed_minutes_never_move_again() {
        use MinutesEvent as E;
        for e in [
            E::Send,
            E::Approve,
            E::RequestChanges,
            E::Publish,
            E::Reopen,
            E::Confirm,
        ] {
            assert!(minutes_after(MinutesStatus::Confirmed, e).is_err(), "{e:?}");
        }
        assert!(check_minutes_editable(MinutesStatus::Confirmed).is_err());
    }

    #[test]
    fn the_chair_decides_only_what_was_sent() {
        use MinutesEvent as E;
        for s in [
            MinutesStatus::Draft,
            MinutesStatus::Approved,
            MinutesStatus::Published,
        ] {
            assert!(minutes_after(s, E::Approve).is_err());
            assert!(minutes_after(s, E::RequestChanges).is_err());
        }
    }

    #[test]
    fn an_edit_while_out_with_the_chair_makes_a_draft_and_approved_minutes_need_reopening() {
        use MinutesEvent as E;
        assert_eq!(
            minutes_after(MinutesStatus::SentForApproval, E::EditWhileSent),
            Ok(MinutesStatus::Draft)
        );
        assert!(check_minutes_editable(MinutesStatus::Approved).is_err());
        assert!(check_minutes_editable(MinutesStatus::ChangesRequested).is_ok());
        assert_eq!(
            minutes_after(MinutesStatus::Published, E::Reopen),
            Ok(MinutesStatus::Draft)
        );
        assert!(minutes_after(MinutesStatus::Draft, E::Reopen).is_err());
        assert!(minutes_after(MinutesStatus::Draft, E::Publish).is_err());
    }

    #[test]
    fn published_meeting_can_be_held_or_cancelled() {
        assert!(check_meeting_transition(AgendaPublished, Held).is_ok());
        assert!(check_meeting_transition(AgendaPublished, Cancelled).is_ok());
        assert!(check_meeting_transition(Draft, Cancelled).is_ok());
    }

    #[test]
    fn publishing_by_patch_is_refused_with_the_right_endpoint() {
        let err = check_meeting_transition(Draft, AgendaPublished).unwrap_err();
        assert!(err.contains("agenda/publish"));
    }

    #[test]
    fn held_and_cancelled_are_final() {
        assert!(check_meeting_transition(Held, Draft).is_err());
        assert!(check_meeting_transition(Held, Cancelled).is_err());
        assert!(check_meeting_transition(Cancelled, Draft).is_err());
        assert!(check_meeting_transition(Draft, Held).is_err());
        assert!(check_meeting_transition(AgendaPublished, Draft).is_err());
    }

    #[test]
    fn only_published_or_confirmed_minutes_are_public() {
        assert!(!MinutesStatus::Approved.is_public());
        assert!(MinutesStatus::Published.is_public());
        assert!(MinutesStatus::Confirmed.is_public());
        assert!(!MinutesStatus::Draft.is_public());
    }
}
