//! Votes as minutes report them: by their count ("Voting was 3 for the
//! resolution, 1 against and 2 abstained", "carried by 5 votes to 2") or
//! by name (a recorded vote's "For (34)" / "Against (20)" / "Abstain (1)"
//! lists, as county minutes print them).

use regex::Regex;
use std::sync::LazyLock;

/// A vote as the minutes report its count: "Voting was 3 for the
/// resolution, 1 against and 2 abstained", "carried by 5 votes to 2".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteCount {
    pub for_: i32,
    pub against: i32,
    pub abstained: Option<i32>,
    /// The sentence that reports it.
    pub text: String,
    /// Who voted how, where the minutes name them (a recorded vote):
    /// (name as printed, "for" | "against" | "abstain").
    pub named: Vec<(String, &'static str)>,
    /// "Prop. JB, 2nd GK, all agreed": every member present voted for it
    /// (the counts are taken from the meeting's attendance when it is made).
    pub unanimous: bool,
}

/// A motion proposed, seconded and agreed by all: "Prop. JB, 2nd GK, all
/// agreed", "Proposed by Cllr A, seconded by Cllr B and agreed unanimously".
static UNANIMOUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bprop(?:osed)?\.?:?\s+(?:by\s+)?[^,;.]{1,40}?[,;]?\s+(?:and\s+)?(?:2nd|sec(?:onded)?\.?)\s*:?\s*(?:by\s+)?[^,;.]{1,40}?[,;.]?\s+(?:and\s+)?(?:all\s+(?:in\s+favour|agreed|approved)|unanimously\s+(?:agreed|approved|resolved|carried)|(?:agreed|carried|approved)\s+unanimously)")
        .unwrap_or_else(|_| unreachable!())
});

/// A recorded vote's list: "For (34): Councillors A, B …", "AGAINST: …",
/// "Abstain (1)" with the names on the lines below.
static NAMED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(?:voting\s+)?(for|against|abstain|abstained|abstaining|abstentions?)\s*(?:\((\d{1,3})\))?\s*(:)?\s*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

/// The recorded votes of an item: consecutive "For" / "Against" /
/// "Abstain" lists, each with a count in brackets or a colon, the names
/// on the same line or the lines below.
pub fn named_votes(lines: &[&str]) -> Vec<VoteCount> {
    let mut out: Vec<VoteCount> = Vec::new();
    let mut current: Option<VoteCount> = None;
    let mut choice: Option<&'static str> = None;
    let mut pending = String::new();
    let flush = |v: &mut VoteCount, choice: Option<&'static str>, pending: &mut String| {
        if let Some(c) = choice {
            for p in super::attendance::people(pending) {
                v.named.push((p.name, c));
            }
        }
        pending.clear();
    };
    for l in lines {
        let t = l.trim();
        let label = NAMED_LIST
            .captures(t)
            .filter(|c| c.get(2).is_some() || c.get(3).is_some());
        if let Some(c) = label {
            let which = match c[1].to_ascii_lowercase().as_str() {
                "for" => "for",
                "against" => "against",
                _ => "abstain",
            };
            let v = current.get_or_insert_with(|| VoteCount {
                for_: 0,
                against: 0,
                abstained: None,
                text: String::new(),
                named: Vec::new(),
                unanimous: false,
            });
            flush(v, choice, &mut pending);
            let n = c.get(2).and_then(|m| m.as_str().parse::<i32>().ok());
            match which {
                "for" => v.for_ = n.unwrap_or(-1),
                "against" => v.against = n.unwrap_or(-1),
                _ => v.abstained = Some(n.unwrap_or(-1)),
            }
            if !v.text.is_empty() {
                v.text.push_str("; ");
            }
            v.text.push_str(t.split(':').next().unwrap_or(t).trim());
            choice = Some(which);
            pending.push_str(c.get(4).map_or("", |m| m.as_str()));
            continue;
        }
        if let Some(v) = current.as_mut() {
            if !t.is_empty()
                && choice.is_some()
                && super::attendance::people(t).len() * 2 >= t.split(',').count()
            {
                pending.push_str(if pending.is_empty() { "" } else { ", " });
                pending.push_str(t);
                continue;
            }
            flush(v, choice, &mut pending);
            if !t.is_empty() {
                choice = None;
                if let Some(mut v) = current.take() {
                    settle(&mut v);
                    out.push(v);
                }
            }
        }
    }
    if let Some(mut v) = current.take() {
        flush(&mut v, choice, &mut pending);
        settle(&mut v);
        out.push(v);
    }
    out.retain(|v| !v.named.is_empty() || v.for_ > 0 || v.against > 0);
    out
}

/// Counts not printed are the names counted.
fn settle(v: &mut VoteCount) {
    let of = |c: &str| i32::try_from(v.named.iter().filter(|n| n.1 == c).count()).unwrap_or(0);
    if v.for_ < 0 {
        v.for_ = of("for");
    }
    if v.against < 0 {
        v.against = of("against");
    }
    if v.abstained == Some(-1) {
        v.abstained = Some(of("abstain"));
    }
}

static VOTE_COUNTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,3})\s+(?:votes?\s+)?(?:for|in favour)\b[^.]{0,60}?\b(\d{1,3})\s+(?:votes?\s+)?against\b(?:[^.]{0,40}?\b(\d{1,3})\s+(?:abstained|abstentions?|abstaining|abstain))?")
        .unwrap_or_else(|_| unreachable!())
});

static CARRIED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:carried|agreed|approved|lost|defeated)\s+by\s+(\d{1,3})\s+votes?\s+to\s+(\d{1,3})(?:[^.]{0,40}?\b(\d{1,3})\s+abstention)?")
        .unwrap_or_else(|_| unreachable!())
});

/// The vote counts a text reports.
pub fn vote_counts(text: &str) -> Vec<VoteCount> {
    let mut out = Vec::new();
    for re in [&*VOTE_COUNTS, &*CARRIED_BY] {
        for c in re.captures_iter(text) {
            let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
            if let (Some(f), Some(a)) = (n(1), n(2)) {
                out.push(VoteCount {
                    for_: f,
                    against: a,
                    abstained: n(3),
                    text: c[0].to_string(),
                    named: Vec::new(),
                    unanimous: false,
                });
            }
        }
    }
    for c in UNANIMOUS.find_iter(text) {
        out.push(VoteCount {
            for_: 0,
            against: 0,
            abstained: Some(0),
            text: c.as_str().to_string(),
            named: Vec::new(),
            unanimous: true,
        });
    }
    out
}
