//! Votes on an item: a show of hands (counts) or a recorded vote (names),
//! an optional casting vote of the chair, and who may vote. Plain rules: the
//! use case (`minutes::votes`) gathers the facts and calls them.

use std::collections::HashSet;

/// How one member voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    For,
    Against,
    Abstain,
}

impl Choice {
    pub const ALL: [&'static str; 3] = ["for", "against", "abstain"];

    pub fn parse(s: &str) -> Option<Choice> {
        match s {
            "for" => Some(Choice::For),
            "against" => Some(Choice::Against),
            "abstain" => Some(Choice::Abstain),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::For => "for",
            Choice::Against => "against",
            Choice::Abstain => "abstain",
        }
    }
}

/// The categories of interest in the model code of conduct.
pub const DECLARATION_KINDS: [&str; 3] = [
    "disclosable_pecuniary",
    "other_registrable",
    "non_registrable",
];

/// How a declaration's kind reads in the minutes.
pub fn declaration_kind_label(kind: &str) -> &'static str {
    match kind {
        "disclosable_pecuniary" => "disclosable pecuniary interest",
        "other_registrable" => "other registrable interest",
        "non_registrable" => "non-registrable interest",
        _ => "interest",
    }
}

/// The counts of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub for_: i32,
    pub against: i32,
    pub abstained: i32,
}

impl Counts {
    pub fn total(self) -> i32 {
        self.for_ + self.against + self.abstained
    }
}

/// Counts as the request gave them: any may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GivenCounts {
    pub for_: Option<i32>,
    pub against: Option<i32>,
    pub abstained: Option<i32>,
}

impl GivenCounts {
    fn any(self) -> bool {
        self.for_.is_some() || self.against.is_some() || self.abstained.is_some()
    }
}

/// A problem with a vote: the field it concerns and what is wrong.
pub type Refusal = (String, String);

/// The counts of a vote: from the names for a recorded vote (counts given
/// beside them must agree), else the counts given (missing ones are 0).
pub fn counts(given: GivenCounts, named: Option<&[Choice]>) -> Result<Counts, Vec<Refusal>> {
    let mut refusals = Vec::new();
    for (field, v) in [
        ("for", given.for_),
        ("against", given.against),
        ("abstained", given.abstained),
    ] {
        if matches!(v, Some(n) if !(0..=10_000).contains(&n)) {
            refusals.push((field.to_string(), "must be from 0 to 10000".to_string()));
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let Some(named) = named else {
        if !given.any() {
            return Err(vec![(
                "for".into(),
                "give the counts (for, against, abstained) or the named votes (named)".into(),
            )]);
        }
        let c = Counts {
            for_: given.for_.unwrap_or(0),
            against: given.against.unwrap_or(0),
            abstained: given.abstained.unwrap_or(0),
        };
        if c.total() == 0 {
            return Err(vec![("for".into(), "no votes are counted".into())]);
        }
        return Ok(c);
    };
    if named.is_empty() {
        return Err(vec![(
            "named".into(),
            "a recorded vote names at least one member".into(),
        )]);
    }
    let mut c = Counts::default();
    for choice in named {
        match choice {
            Choice::For => c.for_ += 1,
            Choice::Against => c.against += 1,
            Choice::Abstain => c.abstained += 1,
        }
    }
    for (field, given, named) in [
        ("for", given.for_, c.for_),
        ("against", given.against, c.against),
        ("abstained", given.abstained, c.abstained),
    ] {
        if let Some(g) = given {
            if g != named {
                refusals.push((
                    field.to_string(),
                    format!("is {g}, but the named votes give {named}"),
                ));
            }
        }
    }
    if refusals.is_empty() {
        Ok(c)
    } else {
        Err(refusals)
    }
}

/// What is known of a member named in a recorded vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voter {
    pub person_id: String,
    pub name: String,
    /// Recorded as present (a member, not an officer or observer).
    pub present: bool,
    /// Declared a disclosable pecuniary interest in the item.
    pub pecuniary_interest: bool,
    /// Holds a dispensation (Localism Act 2011 s.33) covering the item on
    /// the meeting's date: they may take part despite the interest.
    pub dispensation: bool,
    /// Withdrew from the meeting for the item.
    pub withdrew: bool,
}

/// Only members present may vote, each once; a member with a disclosable
/// pecuniary interest in the item may not unless a dispensation covers it;
/// one who withdrew for it may not.
pub fn check_voters(voters: &[Voter]) -> Vec<Refusal> {
    let mut seen = HashSet::new();
    let mut refusals = Vec::new();
    for (i, v) in voters.iter().enumerate() {
        let field = format!("named[{i}].person_id");
        if !seen.insert(v.person_id.as_str()) {
            refusals.push((field, format!("{} is named more than once", v.name)));
        } else if !v.present {
            refusals.push((
                field,
                format!(
                    "{} was not recorded as present at the meeting and cannot vote",
                    v.name
                ),
            ));
        } else if v.pecuniary_interest && !v.dispensation {
            refusals.push((
                field,
                format!(
                    "{} declared a disclosable pecuniary interest in this item and holds no dispensation covering it, so may not vote",
                    v.name
                ),
            ));
        } else if v.withdrew {
            refusals.push((
                field,
                format!(
                    "{} withdrew from the meeting for this item and cannot vote",
                    v.name
                ),
            ));
        }
    }
    refusals
}

/// A show of hands cannot count more votes than members who could vote.
pub fn check_show_of_hands(c: Counts, eligible: usize) -> Result<(), Refusal> {
    if eligible > 0 && c.total() as usize > eligible {
        return Err((
            "for".into(),
            format!(
                "{} votes are counted, but only {eligible} members present could vote",
                c.total()
            ),
        ));
    }
    Ok(())
}

/// A casting vote is the chair's, and only on a tie.
pub fn check_casting(
    c: Counts,
    casting: Option<Choice>,
    by_chair: Option<bool>,
) -> Result<(), Refusal> {
    let Some(casting) = casting else {
        return Ok(());
    };
    if casting == Choice::Abstain {
        return Err((
            "casting_vote".into(),
            "a casting vote is for or against".into(),
        ));
    }
    match by_chair {
        None => {
            return Err((
                "casting_vote".into(),
                "no chair is recorded at the meeting: record the chair's attendance first".into(),
            ))
        }
        Some(false) => {
            return Err((
                "casting_vote.person_id".into(),
                "only the chair of the meeting has a casting vote".into(),
            ))
        }
        Some(true) => {}
    }
    if c.for_ != c.against {
        return Err((
            "casting_vote".into(),
            format!(
                "a casting vote is given only on a tie; the votes were {} for and {} against",
                c.for_, c.against
            ),
        ));
    }
    Ok(())
}

/// Whether the motion was carried: a majority for, or the casting vote for.
pub fn carried(c: Counts, casting: Option<Choice>) -> bool {
    if c.for_ == c.against {
        casting == Some(Choice::For)
    } else {
        c.for_ > c.against
    }
}

/// "by 3 votes to 1, with 1 abstention", "by 2 votes to 2, on the Chair's
/// casting vote": how the minutes say how a decision was reached.
pub fn phrase(c: Counts, casting: Option<Choice>) -> String {
    let (more, fewer) = if c.for_ >= c.against {
        (c.for_, c.against)
    } else {
        (c.against, c.for_)
    };
    let mut s = format!(
        "by {more} {} to {fewer}",
        if more == 1 { "vote" } else { "votes" }
    );
    match c.abstained {
        0 => {}
        1 => s.push_str(", with 1 abstention"),
        n => s.push_str(&format!(", with {n} abstentions")),
    }
    if casting.is_some() && c.for_ == c.against {
        s.push_str(", on the Chair's casting vote");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(f: Option<i32>, a: Option<i32>, ab: Option<i32>) -> GivenCounts {
        GivenCounts {
            for_: f,
            against: a,
            abstained: ab,
        }
    }

    fn voter(name: &str) -> Voter {
        Voter {
            person_id: name.to_lowercase(),
            name: name.into(),
            present: true,
            pecuniary_interest: false,
            dispensation: false,
            withdrew: false,
        }
    }

    #[test]
    fn names_give_the_counts_and_counts_that_contradict_them_are_refused() {
        use Choice::*;
        let named = [For, For, For, Against, Abstain];
        let c = counts(GivenCounts::default(), Some(&named)).unwrap();
        assert_eq!((c.for_, c.against, c.abstained), (3, 1, 1));
        assert!(counts(given(Some(3), Some(1), None), Some(&named)).is_ok());
        let err = counts(given(Some(4), Some(1), Some(1)), Some(&named)).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].0, "for");
        assert!(err[0].1.contains("named votes give 3"), "{err:?}");
    }

    #[test]
    fn a_show_of_hands_needs_counts() {
        assert!(counts(GivenCounts::default(), None).is_err());
        assert!(counts(given(Some(0), Some(0), Some(0)), None).is_err());
        assert!(counts(given(Some(-1), None, None), None).is_err());
        let c = counts(given(Some(6), None, Some(2)), None).unwrap();
        assert_eq!((c.for_, c.against, c.abstained), (6, 0, 2));
        assert!(counts(GivenCounts::default(), Some(&[])).is_err());
    }

    #[test]
    fn only_members_present_without_a_pecuniary_interest_vote_once() {
        let ok = [voter("Ann"), voter("Bob")];
        assert!(check_voters(&ok).is_empty());
        let mut absent = voter("Cllr Carol Lee");
        absent.present = false;
        let mut dpi = voter("Dan");
        dpi.pecuniary_interest = true;
        let mut left = voter("Eve");
        left.withdrew = true;
        let r = check_voters(&[voter("Ann"), absent, dpi, left, voter("Ann")]);
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[0].0, "named[1].person_id");
        assert!(r[0]
            .1
            .starts_with("Cllr Carol Lee was not recorded as present"));
        assert!(r[1].1.contains("disclosable pecuniary interest"));
        assert!(r[2].1.contains("withdrew"));
        assert!(r[3].1.contains("more than once"));
        let mut dispensed = voter("Fay");
        dispensed.pecuniary_interest = true;
        dispensed.dispensation = true;
        assert!(
            check_voters(&[dispensed]).is_empty(),
            "a dispensation covers it"
        );
    }

    #[test]
    fn a_show_of_hands_counts_no_more_than_those_present() {
        let c = Counts {
            for_: 4,
            against: 1,
            abstained: 1,
        };
        assert!(check_show_of_hands(c, 5).is_err());
        assert!(check_show_of_hands(c, 6).is_ok());
        assert!(check_show_of_hands(c, 0).is_ok(), "attendance not recorded");
    }

    #[test]
    fn the_casting_vote_is_the_chairs_and_only_on_a_tie() {
        let tie = Counts {
            for_: 2,
            against: 2,
            abstained: 1,
        };
        let not_tie = Counts {
            for_: 3,
            against: 2,
            abstained: 0,
        };
        assert!(check_casting(tie, None, None).is_ok());
        assert!(check_casting(tie, Some(Choice::For), Some(true)).is_ok());
        assert_eq!(
            check_casting(tie, Some(Choice::For), Some(false))
                .unwrap_err()
                .0,
            "casting_vote.person_id"
        );
        assert!(check_casting(tie, Some(Choice::For), None).is_err());
        assert!(check_casting(not_tie, Some(Choice::For), Some(true))
            .unwrap_err()
            .1
            .contains("only on a tie"));
        assert!(check_casting(tie, Some(Choice::Abstain), Some(true)).is_err());
    }

    #[test]
    fn the_decision_and_how_the_minutes_say_it() {
        let c = Counts {
            for_: 3,
            against: 1,
            abstained: 1,
        };
        assert!(carried(c, None));
        assert_eq!(phrase(c, None), "by 3 votes to 1, with 1 abstention");
        let lost = Counts {
            for_: 1,
            against: 4,
            abstained: 2,
        };
        assert!(!carried(lost, None));
        assert_eq!(phrase(lost, None), "by 4 votes to 1, with 2 abstentions");
        let tie = Counts {
            for_: 2,
            against: 2,
            abstained: 0,
        };
        assert!(carried(tie, Some(Choice::For)));
        assert!(!carried(tie, Some(Choice::Against)));
        assert!(!carried(tie, None));
        assert_eq!(
            phrase(tie, Some(Choice::For)),
            "by 2 votes to 2, on the Chair's casting vote"
        );
        assert_eq!(
            phrase(
                Counts {
                    for_: 1,
                    against: 0,
                    abstained: 0
                },
                None
            ),
            "by 1 vote to 0"
        );
    }
}
