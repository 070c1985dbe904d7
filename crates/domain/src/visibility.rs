//! What a viewer may see: the one place that holds the law on access to
//! council meetings (Local Government Act 1972 Part VA: s.100B, agendas and
//! papers open once published; s.100C, minutes open once published;
//! Schedule 12A, exempt information kept from the public).
//!
//! Every surface — the JSON API, the public pages, calendars, feeds, search,
//! OParl, documents and downloads — asks these functions; none decides for
//! itself. The rules take plain facts, so they can be tested without a
//! database.

use super::lifecycle::{MeetingStatus, MinutesStatus};

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// No token: only published, unrestricted content.
    Public,
    /// Any valid token: everything, restricted included.
    Internal,
}

impl Viewer {
    pub fn is_internal(self) -> bool {
        self == Viewer::Internal
    }
}

/// The facts about a meeting that decide what the public sees of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingFacts {
    pub status: MeetingStatus,
    /// Whether the agenda was ever published (a meeting cancelled while still
    /// a draft never had a public agenda).
    pub agenda_published: bool,
    pub minutes_status: MinutesStatus,
}

/// The facts about an item that decide what the public sees of it: its own
/// restriction and its parent's (a lettered part of an exempt item is
/// exempt too).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemFacts {
    pub restricted: bool,
    pub parent_restricted: bool,
}

impl ItemFacts {
    pub fn new(restricted: bool, parent_restricted: bool) -> ItemFacts {
        ItemFacts {
            restricted,
            parent_restricted,
        }
    }

    /// Restricted by its own flag or its parent's.
    pub fn exempt(self) -> bool {
        self.restricted || self.parent_restricted
    }
}

/// The meeting at all (its date, place and status): the public once it is
/// no longer a draft, except a meeting cancelled before its agenda was ever
/// published, which was never announced and stays the clerks' own.
pub fn meeting_visible(viewer: Viewer, m: MeetingFacts) -> bool {
    viewer.is_internal()
        || match m.status {
            MeetingStatus::Draft => false,
            MeetingStatus::Cancelled => m.agenda_published,
            _ => true,
        }
}

/// The agenda: items, titles, minute numbers, presenters and papers. The
/// public once it was published (s.100B).
pub fn agenda_visible(viewer: Viewer, m: MeetingFacts) -> bool {
    viewer.is_internal() || (meeting_visible(viewer, m) && m.agenda_published)
}

/// The minutes: minute text, outcomes, declarations, actions, votes and
/// attendance. The public once they are published (s.100C).
pub fn minutes_visible(viewer: Viewer, m: MeetingFacts) -> bool {
    viewer.is_internal()
        || (agenda_visible(viewer, m)
            && matches!(
                m.minutes_status,
                MinutesStatus::Published | MinutesStatus::Confirmed
            ))
}

/// Whether an item is exempt for this viewer: then only its number, title,
/// Schedule 12A paragraph and (with the published minutes) its public
/// summary are shown.
pub fn item_hidden(viewer: Viewer, item: ItemFacts) -> bool {
    !viewer.is_internal() && item.exempt()
}

/// An item's minute text, outcomes, declarations, actions and votes.
pub fn item_minutes_visible(viewer: Viewer, m: MeetingFacts, item: ItemFacts) -> bool {
    minutes_visible(viewer, m) && !item_hidden(viewer, item)
}

/// An item's presenter (who brings an exempt report is itself telling).
pub fn presenter_visible(viewer: Viewer, item: ItemFacts) -> bool {
    !item_hidden(viewer, item)
}

/// What the public reads of a restricted item instead of its minutes
/// (s.100C(2)): shown with the published minutes, for the restricted item
/// itself.
pub fn public_summary_visible(viewer: Viewer, m: MeetingFacts, item: ItemFacts) -> bool {
    viewer.is_internal() || (minutes_visible(viewer, m) && item.restricted)
}

/// Why an item is restricted: never public.
pub fn restriction_reason_visible(viewer: Viewer) -> bool {
    viewer.is_internal()
}

/// A paper: the public sees an unrestricted paper of an unrestricted item
/// on a published agenda.
pub fn document_visible(
    viewer: Viewer,
    m: MeetingFacts,
    item: ItemFacts,
    document_restricted: bool,
) -> bool {
    viewer.is_internal() || (agenda_visible(viewer, m) && !item.exempt() && !document_restricted)
}

/// The minutes' workflow (revision numbers, when the chair approved):
/// for token holders.
pub fn workflow_visible(viewer: Viewer) -> bool {
    viewer.is_internal()
}

/// A person: token holders see everyone; the public sees a person who
/// holds a membership of a body or appears in business the public may read
/// (`known_publicly`), never someone known only from drafts.
pub fn person_visible(viewer: Viewer, known_publicly: bool) -> bool {
    viewer.is_internal() || known_publicly
}

/// A person's contact details (email): never public.
pub fn contact_details_visible(viewer: Viewer) -> bool {
    viewer.is_internal()
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingStatus as S;
    use MinutesStatus as M;
    use Viewer::{Internal, Public};

    fn meeting(status: S, agenda_published: bool, minutes: M) -> MeetingFacts {
        MeetingFacts {
            status,
            agenda_published,
            minutes_status: minutes,
        }
    }

    const ALL_STATUSES: [S; 4] = [S::Draft, S::AgendaPublished, S::Held, S::Cancelled];
    const ALL_MINUTES: [M; 6] = [
        M::Draft,
        M::SentForApproval,
        M::ChangesRequested,
        M::Approved,
        M::Published,
        M::Confirmed,
    ];

    fn every_meeting() -> Vec<MeetingFacts> {
        let mut out = Vec::new();
        for s in ALL_STATUSES {
            for a in [false, true] {
                for m in ALL_MINUTES {
                    out.push(meeting(s, a, m));
                }
            }
        }
        out
    }

    fn every_item() -> [ItemFacts; 4] {
        [
            ItemFacts::new(false, false),
            ItemFacts::new(true, false),
            ItemFacts::new(false, true),
            ItemFacts::new(true, true),
        ]
    }

    #[test]
    fn token_holders_see_everything() {
        for m in every_meeting() {
            assert!(meeting_visible(Internal, m));
            assert!(agenda_visible(Internal, m));
            assert!(minutes_visible(Internal, m));
            for i in every_item() {
                assert!(!item_hidden(Internal, i));
                assert!(item_minutes_visible(Internal, m, i));
                assert!(presenter_visible(Internal, i));
                assert!(public_summary_visible(Internal, m, i));
                assert!(document_visible(Internal, m, i, true));
            }
        }
        assert!(restriction_reason_visible(Internal));
        assert!(contact_details_visible(Internal));
    }

    #[test]
    fn the_public_never_sees_a_draft_meeting() {
        for m in every_meeting().into_iter().filter(|m| m.status == S::Draft) {
            assert!(!meeting_visible(Public, m));
            assert!(!agenda_visible(Public, m));
            assert!(!minutes_visible(Public, m));
            for i in every_item() {
                assert!(!document_visible(Public, m, i, false));
            }
        }
    }

    #[test]
    fn the_public_sees_published_cancelled_and_held_meetings() {
        for s in [S::AgendaPublished, S::Held] {
            assert!(meeting_visible(Public, meeting(s, false, M::Draft)));
        }
        assert!(meeting_visible(
            Public,
            meeting(S::Cancelled, true, M::Draft)
        ));
    }

    #[test]
    fn the_agenda_is_public_only_once_published() {
        // A meeting cancelled while still a draft was never announced: the
        // public sees nothing of it.
        let cancelled_early = meeting(S::Cancelled, false, M::Draft);
        assert!(!meeting_visible(Public, cancelled_early));
        assert!(!agenda_visible(Public, cancelled_early));
        assert!(!document_visible(
            Public,
            cancelled_early,
            ItemFacts::default(),
            false
        ));
        let cancelled_late = meeting(S::Cancelled, true, M::Draft);
        assert!(agenda_visible(Public, cancelled_late));
        assert!(agenda_visible(
            Public,
            meeting(S::AgendaPublished, true, M::Draft)
        ));
    }

    #[test]
    fn the_minutes_are_public_only_once_published_or_confirmed() {
        for m in ALL_MINUTES {
            let f = meeting(S::Held, true, m);
            let public = matches!(m, M::Published | M::Confirmed);
            assert_eq!(minutes_visible(Public, f), public, "{m:?}");
            assert_eq!(
                item_minutes_visible(Public, f, ItemFacts::default()),
                public,
                "{m:?}"
            );
        }
        // Never without a published agenda.
        assert!(!minutes_visible(
            Public,
            meeting(S::Held, false, M::Published)
        ));
        assert!(!minutes_visible(
            Public,
            meeting(S::Draft, true, M::Published)
        ));
    }

    #[test]
    fn an_exempt_item_shows_only_its_heading_to_the_public() {
        let published = meeting(S::Held, true, M::Published);
        for i in every_item() {
            let exempt = i.restricted || i.parent_restricted;
            assert_eq!(item_hidden(Public, i), exempt);
            assert_eq!(item_minutes_visible(Public, published, i), !exempt);
            assert_eq!(presenter_visible(Public, i), !exempt);
            assert_eq!(document_visible(Public, published, i, false), !exempt);
        }
    }

    #[test]
    fn a_part_of_a_restricted_item_is_restricted() {
        let published = meeting(S::Held, true, M::Published);
        let part = ItemFacts::new(false, true);
        assert!(item_hidden(Public, part));
        assert!(!item_minutes_visible(Public, published, part));
        assert!(!document_visible(Public, published, part, false));
    }

    #[test]
    fn the_public_summary_comes_with_the_published_minutes_of_the_restricted_item() {
        let restricted = ItemFacts::new(true, false);
        assert!(public_summary_visible(
            Public,
            meeting(S::Held, true, M::Published),
            restricted
        ));
        assert!(!public_summary_visible(
            Public,
            meeting(S::Held, true, M::Approved),
            restricted
        ));
        assert!(!public_summary_visible(
            Public,
            meeting(S::Held, true, M::Published),
            ItemFacts::new(false, false)
        ));
    }

    #[test]
    fn a_restricted_paper_is_never_public() {
        for m in every_meeting() {
            for i in every_item() {
                assert!(!document_visible(Public, m, i, true));
            }
        }
        assert!(document_visible(
            Public,
            meeting(S::AgendaPublished, true, M::Draft),
            ItemFacts::default(),
            false
        ));
    }

    #[test]
    fn the_public_sees_only_people_known_from_public_business() {
        assert!(person_visible(Public, true));
        assert!(!person_visible(Public, false));
        assert!(person_visible(Internal, false));
    }

    #[test]
    fn reasons_and_contact_details_are_never_public() {
        assert!(!restriction_reason_visible(Public));
        assert!(!contact_details_visible(Public));
    }
}
