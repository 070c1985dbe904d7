//! Recording a vote on an item, and withdrawing one recorded in error, while
//! the minutes can still be edited. The rules are `domain::votes`; this
//! gathers their facts (attendance, declarations, the outcome) inside the
//! caller's write transaction.

use crate::agenda::items::{ensure_minutes_editable, item_and_meeting};
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_domain::votes::{self as rules, Choice, GivenCounts, Refusal, Voter};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult, FieldError};
use minutebook_store::attendance::AttendanceRow;
use minutebook_store::items::ItemRow;
use minutebook_store::votes::{VoteRecordRow, VoteRow, VoteWithNames};
use minutebook_store::{self as store, parse_id};
use std::collections::HashMap;

/// A vote as asked for, its fields already checked for shape.
pub struct NewVote {
    pub motion: Option<String>,
    pub counts: GivenCounts,
    /// For a recorded vote: who voted how.
    pub named: Option<Vec<(String, Choice)>>,
    /// The chair's casting vote, and who gave it if the request says.
    pub casting: Option<(Choice, Option<String>)>,
    /// The outcome the vote decided.
    pub outcome_id: Option<String>,
}

fn refused(refusals: Vec<Refusal>) -> AppError {
    AppError::Validation(
        refusals
            .into_iter()
            .map(|(f, m)| FieldError::new(f, m))
            .collect(),
    )
}

/// Records a vote on an item: 422 naming the field and the person when a
/// rule refuses it, 409 when the minutes can no longer change.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    item_id: &str,
    new: NewVote,
) -> AppResult<VoteWithNames> {
    let (item, meeting) = item_and_meeting(conn, item_id)?;
    ensure_minutes_editable(&meeting)?;
    if let Some(oid) = &new.outcome_id {
        check_outcome_of_item(conn, oid, &item.id)?;
    }
    let choices: Option<Vec<Choice>> = new
        .named
        .as_ref()
        .map(|n| n.iter().map(|(_, c)| *c).collect());
    let counts = rules::counts(new.counts, choices.as_deref()).map_err(refused)?;

    let attendance = store::attendance::for_meeting(conn, &meeting.id)?;
    let present = present_ids(&attendance);
    let chair = present_chair(&attendance);

    let mut named_rows = Vec::new();
    if let Some(named) = &new.named {
        let voters = voters(conn, &item, named, &present)?;
        let refusals = rules::check_voters(&voters);
        if !refusals.is_empty() {
            return Err(refused(refusals));
        }
        named_rows = named.clone();
    } else {
        rules::check_show_of_hands(counts, present.len()).map_err(|r| refused(vec![r]))?;
    }

    let casting = new.casting.as_ref().map(|(c, _)| *c);
    let by_chair = chair.as_ref().map(|c| match &new.casting {
        Some((_, Some(p))) => p == c,
        _ => true,
    });
    rules::check_casting(counts, casting, by_chair).map_err(|r| refused(vec![r]))?;

    let now = store::now();
    let vote = VoteRow {
        id: store::new_id(),
        item_id: item.id.clone(),
        outcome_id: new.outcome_id,
        position: store::votes::next_position(conn, &item.id)?,
        kind: if new.named.is_some() {
            "recorded"
        } else {
            "show_of_hands"
        }
        .into(),
        motion: new.motion,
        for_count: counts.for_,
        against_count: counts.against,
        abstained_count: counts.abstained,
        casting_vote: casting.map(|c| c.as_str().to_string()),
        casting_person_id: casting.and(chair),
        result: if rules::carried(counts, casting) {
            "carried"
        } else {
            "lost"
        }
        .into(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    let named = records_of(&vote.id, named_rows);
    store::votes::insert(conn, actor, &vote, &named)?;
    Ok(VoteWithNames { vote, named })
}

/// The outcome a vote is recorded against must be one of the item's.
fn check_outcome_of_item(conn: &mut DbConn, outcome_id: &str, item_id: &str) -> AppResult<()> {
    let outcome = parse_id(outcome_id, "outcome")
        .and_then(|id| store::minutes::get_outcome(conn, &id))
        .map_err(|_| AppError::field("outcome_id", "no outcome with that id"))?;
    if outcome.item_id != item_id {
        return Err(AppError::field(
            "outcome_id",
            "the outcome is recorded on another item",
        ));
    }
    Ok(())
}

/// Who is marked present.
fn present_ids(attendance: &[AttendanceRow]) -> Vec<&str> {
    attendance
        .iter()
        .filter(|a| a.status == "present")
        .map(|a| a.person_id.as_str())
        .collect()
}

/// The chair, if present.
fn present_chair(attendance: &[AttendanceRow]) -> Option<String> {
    attendance
        .iter()
        .find(|a| a.chair && a.status == "present")
        .map(|a| a.person_id.clone())
}

/// The named votes as rows, in the order given.
fn records_of(vote_id: &str, named: Vec<(String, Choice)>) -> Vec<VoteRecordRow> {
    named
        .into_iter()
        .enumerate()
        .map(|(i, (person_id, c))| VoteRecordRow {
            id: store::new_id(),
            vote_id: vote_id.to_string(),
            person_id,
            vote: c.as_str().into(),
            position: i as i32 + 1,
        })
        .collect()
}

/// The members named in a recorded vote, with what the rules need to know
/// of each: present or not, a disclosable pecuniary interest declared on
/// the item (or the item it is a part of), withdrawn from the room.
fn voters(
    conn: &mut DbConn,
    item: &ItemRow,
    named: &[(String, Choice)],
    present: &[&str],
) -> AppResult<Vec<Voter>> {
    let mut on: Vec<String> = vec![item.id.clone()];
    on.extend(item.parent_id.clone());
    let declarations =
        store::minutes::for_items(conn, store::items::ItemsOf::Ids(&on))?.declarations;
    let ids: Vec<String> = named.iter().map(|(p, _)| p.clone()).collect();
    let meeting = store::meetings::get(conn, &item.meeting_id)?;
    let held_on = minutebook_domain::time::london_date(meeting.starts_at);
    let on_items: Vec<&str> = on.iter().map(String::as_str).collect();
    let dispensed: Vec<String> = store::interests::dispensations_of(conn, &ids)?
        .into_iter()
        .filter(|d| {
            let facts = minutebook_domain::interests::Dispensation {
                start: d.start_date,
                end: d.end_date,
                body_id: d.body_id.clone(),
                item_id: d.item_id.clone(),
            };
            minutebook_domain::interests::covers(&facts, held_on, &meeting.body_id, &on_items)
        })
        .map(|d| d.person_id)
        .collect();
    let people: HashMap<String, String> = store::people::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p.display_name()))
        .collect();
    let mut voters = Vec::new();
    for (i, (pid, _)) in named.iter().enumerate() {
        let Some(name) = people.get(pid) else {
            return Err(AppError::field(
                &format!("named[{i}].person_id"),
                "no person with that id",
            ));
        };
        let theirs = || declarations.iter().filter(|d| &d.person_id == pid);
        voters.push(Voter {
            person_id: pid.clone(),
            name: name.clone(),
            present: present.contains(&pid.as_str()),
            pecuniary_interest: theirs()
                .any(|d| d.kind.as_deref() == Some("disclosable_pecuniary")),
            dispensation: dispensed.contains(pid),
            withdrew: theirs().any(|d| d.withdrew),
        });
    }
    Ok(voters)
}

/// Withdraws a vote recorded in error (kept as a tombstone), while the
/// minutes can still be edited.
pub fn withdraw(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = store::votes::get(conn, id)?;
    if_match.check(before.version)?;
    let (_, meeting) = item_and_meeting(conn, &before.item_id)?;
    ensure_minutes_editable(&meeting)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::votes::save(conn, actor, "delete", &before, &mut row)
}
