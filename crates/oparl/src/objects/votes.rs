//! A vote on an agenda item as the `minutebook:votes` extension of OParl's
//! `AgendaItem` (OParl has no vote object): counts, the result, how the
//! minutes say it, and for a recorded vote each member's OParl `Person`.

use super::urls::Urls;
use minutebook_domain::votes::{phrase, Choice, Counts};
use minutebook_store::votes::VoteWithNames;
use serde_json::{json, Value};

pub fn vote(u: &Urls, v: &VoteWithNames) -> Value {
    let r = &v.vote;
    let counts = Counts {
        for_: r.for_count,
        against: r.against_count,
        abstained: r.abstained_count,
    };
    let casting = r.casting_vote.as_deref().and_then(Choice::parse);
    json!({
        "kind": r.kind,
        "motion": r.motion,
        "for": r.for_count,
        "against": r.against_count,
        "abstained": r.abstained_count,
        "castingVote": r.casting_vote,
        "result": r.result,
        "summary": phrase(counts, casting),
        "named": v.named.iter().map(|n| json!({"person": u.person(&n.person_id), "vote": n.vote})).collect::<Vec<_>>(),
    })
}
