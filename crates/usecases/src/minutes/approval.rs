//! The headline workflow: draft minutes to the chair by email, approved in
//! one click; revisions; publication; confirmation at the next meeting.
//! Functions here run inside the caller's transaction, so an email is queued
//! in the same transaction as the state change that causes it.

use super::revisions::{self, minutes_text};
use super::status::move_minutes;
use chrono::Duration;
use minutebook_domain::access::{generate_token, hash_token, Actor};
use minutebook_domain::lifecycle::{minutes_after, MeetingStatus, MinutesEvent, MinutesStatus};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{self, Meeting};
use minutebook_render::{self as render, Audience, Format};
use minutebook_store::meetings::MeetingRow;
use minutebook_store::minutes_record::{self as ap, ApprovalRow, RevisionRow};
use minutebook_store::outbox::{self, NewMail};
use minutebook_store::{self as store};

/// Who receives the draft: the person asked for, else the chair recorded at
/// the meeting, else the body's chair.
fn recipient(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    to_person_id: Option<String>,
) -> AppResult<minutebook_store::people::PersonRow> {
    if let Some(id) = to_person_id {
        let id = store::parse_id(&id, "person")
            .map_err(|_| AppError::field("to_person_id", "no person with that id"))?;
        return store::people::get(conn, &id)
            .map_err(|_| AppError::field("to_person_id", "no person with that id"));
    }
    let attendance = store::attendance::for_meeting(conn, &meeting.id)?;
    if let Some(a) = attendance.iter().find(|a| a.chair) {
        return store::people::get(conn, &a.person_id);
    }
    let today = chrono::Utc::now().date_naive();
    let chair = store::memberships::current_chair(conn, &meeting.body_id, today)?;
    match chair {
        Some(id) => store::people::get(conn, &id),
        None => Err(AppError::Conflict(
            "no chair is recorded at the meeting or for the body; record one, or send to_person_id"
                .into(),
        )),
    }
}

fn mail_domain(settings: &Settings) -> String {
    url::Url::parse(&settings.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "minutebook.local".into())
}

/// The link a chair follows.
pub fn approval_link(settings: &Settings, token: &str) -> String {
    format!("{}/approvals/{token}", settings.public_url)
}

/// Sends the current draft to the chair: records the revision sent, a new
/// single-use link (hash only) that supersedes older ones, and the email in
/// the outbox, all in the caller's transaction.
pub fn request_approval(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: &str,
    to_person_id: Option<String>,
    settings: &Settings,
) -> AppResult<ApprovalRow> {
    let meeting = store::meetings::get_for_update(conn, meeting_id)?;
    if meeting.status() != MeetingStatus::Held {
        return Err(AppError::Conflict(
            "minutes go to the chair after the meeting: mark it held first (PATCH status=held)"
                .into(),
        ));
    }
    minutes_after(meeting.minutes_status(), MinutesEvent::Send).map_err(AppError::Conflict)?;
    let person = recipient(conn, &meeting, to_person_id)?;
    let email = person.email.clone().ok_or_else(|| {
        AppError::Conflict(format!(
            "{} has no email address; add one with PATCH /api/v1/people/{}",
            person.name, person.id
        ))
    })?;
    super::sending::check_recipient(conn, &meeting, &person)?;
    super::sending::check_limits(conn, meeting_id, &email, &settings.limits)?;
    revisions::checkpoint(conn, &actor.name, meeting_id, settings)?;
    let (view, text) = minutes_text(conn, meeting_id, settings)?;
    let rev = ap::record_revision(conn, meeting_id, &actor.name, "sent", text.clone())?;
    ap::supersede_open(conn, meeting_id)?;
    let token = generate_token();
    let now = store::now();
    let row = ApprovalRow {
        id: store::new_id(),
        meeting_id: meeting_id.into(),
        revision_number: rev.number,
        to_person_id: Some(person.id.clone()),
        to_name: person.display_name(),
        to_email: email.clone(),
        token_hash: hash_token(&token),
        requested_by: actor.name.clone(),
        expires_at: now + Duration::days(settings.approval_link_days),
        superseded_at: None,
        decision: None,
        decision_comment: None,
        decided_at: None,
        reminded_at: None,
        opened_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    ap::insert_request(conn, &row)?;
    queue_draft_email(conn, &view, &rev, &row, &token, settings, false)?;
    move_minutes(conn, actor, &meeting, MinutesEvent::Send)?;
    store::audit::record(
        conn,
        actor,
        "meeting",
        meeting_id,
        "approval_requested",
        serde_json::json!({"to": row.to_email, "revision": rev.number}),
    )?;
    Ok(row)
}

fn queue_draft_email(
    conn: &mut DbConn,
    view: &Meeting,
    rev: &RevisionRow,
    req: &ApprovalRow,
    token: &str,
    settings: &Settings,
    reminder: bool,
) -> AppResult<()> {
    let link = approval_link(settings, token);
    let when = render::dates::long_date(view.starts_at);
    let subject = format!(
        "{}Draft minutes for approval: {} — {when}",
        if reminder { "Reminder: " } else { "" },
        view.body.name
    );
    let expires = req.expires_at.format("%-d %B %Y").to_string();
    let html_minutes = render::render_minutes(view, Audience::Internal, Format::Html)?;
    let docx = render::render_minutes(view, Audience::Internal, Format::Docx)?;
    let bodies = render::mail::draft_for_chair(
        &render::mail::DraftForChair {
            to_name: &req.to_name,
            body: &view.body.name,
            when: &when,
            revision: rev.number,
            expires: &expires,
            link: &link,
            reminder,
        },
        &rev.content,
        &String::from_utf8_lossy(&html_minutes.bytes),
    )?;
    outbox::enqueue(
        conn,
        NewMail {
            kind: if reminder {
                "approval_reminder"
            } else {
                "approval_request"
            },
            meeting_id: Some(view.id.clone()),
            to: req.to_email.clone(),
            subject,
            text: bodies.text,
            html: Some(bodies.html),
            attachment: Some((docx.filename, Format::Docx.media_type().into(), docx.bytes)),
        },
        &mail_domain(settings),
    )?;
    Ok(())
}

/// What a link is, when someone opens it.
pub enum LinkState {
    Open {
        request: ApprovalRow,
        meeting: Box<Meeting>,
        revision: RevisionRow,
    },
    Used(ApprovalRow),
    Superseded(ApprovalRow),
    Expired(ApprovalRow),
    Unknown,
}

/// Notes that the link was opened (the first time only), for the clerk's
/// "sent, opened, decided".
pub fn mark_opened(conn: &mut DbConn, token: &str) -> AppResult<()> {
    if token.len() > 200 {
        return Ok(());
    }
    ap::mark_opened(conn, &hash_token(token), store::now())
}

pub fn link_state(conn: &mut DbConn, token: &str, settings: &Settings) -> AppResult<LinkState> {
    if token.len() > 200 {
        return Ok(LinkState::Unknown);
    }
    let Some(req) = ap::request_by_hash(conn, &hash_token(token))? else {
        return Ok(LinkState::Unknown);
    };
    if req.decision.is_some() {
        return Ok(LinkState::Used(req));
    }
    if req.superseded_at.is_some() {
        return Ok(LinkState::Superseded(req));
    }
    if req.expires_at <= store::now() {
        return Ok(LinkState::Expired(req));
    }
    let meeting = meeting::load_meeting(
        conn,
        &req.meeting_id,
        Viewer::Internal,
        &settings.public_url,
    )?;
    let revision = ap::revision(conn, &req.meeting_id, req.revision_number)?.ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!("revision {} missing", req.revision_number))
    })?;
    Ok(LinkState::Open {
        request: req,
        meeting: Box::new(meeting),
        revision,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    RequestChanges,
}

/// Records the chair's decision, once; emails the clerk (the meeting's
/// contact officer) the outcome and comment. `Ok(Err(state))` when the link
/// is not open (used, superseded, expired, unknown): nothing changes.
pub fn decide(
    conn: &mut DbConn,
    token: &str,
    decision: Decision,
    comment: Option<String>,
    settings: &Settings,
) -> AppResult<Result<ApprovalRow, LinkState>> {
    let state = link_state(conn, token, settings)?;
    let LinkState::Open { mut request, .. } = state else {
        return Ok(Err(state));
    };
    let meeting = store::meetings::get_for_update(conn, &request.meeting_id)?;
    // The link is bound to the revision sent: it must still be the latest.
    let latest = ap::latest_revision(conn, &meeting.id)?.map(|r| r.number);
    if latest != Some(request.revision_number)
        || meeting.minutes_status() != MinutesStatus::SentForApproval
    {
        request.superseded_at = Some(store::now());
        ap::save_request(conn, &mut request)?;
        return Ok(Err(LinkState::Superseded(request)));
    }
    let now = store::now();
    request.decision = Some(match decision {
        Decision::Approve => "approved".into(),
        Decision::RequestChanges => "changes_requested".into(),
    });
    request.decision_comment = comment.clone();
    request.decided_at = Some(now);
    ap::save_request(conn, &mut request)?;
    let actor = Actor::system(&format!("chair: {}", request.to_name));
    let event = match decision {
        Decision::Approve => MinutesEvent::Approve,
        Decision::RequestChanges => MinutesEvent::RequestChanges,
    };
    move_minutes(conn, &actor, &meeting, event)?;
    if decision == Decision::Approve {
        let mut ms = ap::milestones(conn, &meeting.id)?;
        ms.approved_at = Some(now);
        ms.approved_revision = Some(request.revision_number);
        ap::save_milestones(conn, &mut ms)?;
    }
    if let Some(clerk) = meeting.contact_email.clone() {
        let body = store::bodies::get(conn, &meeting.body_id)?;
        let when = render::dates::long_date(meeting.starts_at.and_utc());
        let verdict = match decision {
            Decision::Approve => "approved",
            Decision::RequestChanges => "asked for changes to",
        };
        outbox::enqueue(
            conn,
            NewMail {
                kind: "approval_decision",
                meeting_id: Some(meeting.id.clone()),
                to: clerk,
                subject: format!(
                    "{} {verdict} the draft minutes: {} — {when}",
                    request.to_name, body.name
                ),
                text: render::mail::decision_for_clerk(&render::mail::DecisionForClerk {
                    to_name: &request.to_name,
                    verdict,
                    revision: request.revision_number,
                    body: &body.name,
                    when: &when,
                    comment: comment.as_deref(),
                })?,
                html: None,
                attachment: None,
            },
            &mail_domain(settings),
        )?;
    }
    Ok(Ok(request))
}

/// Reminds chairs who have not decided after `reminder_days`, with a fresh
/// link for the same revision (the old one is superseded).
pub fn send_reminders(conn: &mut DbConn, settings: &Settings) -> AppResult<()> {
    let now = store::now();
    let due = ap::needing_reminder(conn, now - Duration::days(settings.reminder_days), now)?;
    for old in due {
        minutebook_ground::db::write_tx(conn, |conn| -> AppResult<()> {
            // First, so that of two instances reminding at once one goes on.
            if !ap::claim_reminder(conn, &old, now)? {
                return Ok(()); // decided, superseded or reminded meanwhile
            }
            let meeting = store::meetings::get(conn, &old.meeting_id)?;
            let Some(rev) = ap::revision(conn, &old.meeting_id, old.revision_number)? else {
                return Ok(());
            };
            let token = generate_token();
            let mut fresh = old.clone();
            fresh.id = store::new_id();
            fresh.token_hash = hash_token(&token);
            fresh.reminded_at = Some(now);
            fresh.created_at = now;
            fresh.updated_at = now;
            fresh.version = 1;
            ap::insert_request(conn, &fresh)?;
            let view =
                meeting::load_meeting(conn, &meeting.id, Viewer::Internal, &settings.public_url)?;
            queue_draft_email(conn, &view, &rev, &fresh, &token, settings, true)
        })?;
    }
    Ok(())
}

/// Publishes approved minutes.
pub fn publish(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: &str,
    settings: &Settings,
) -> AppResult<()> {
    let meeting = store::meetings::get_for_update(conn, meeting_id)?;
    minutes_after(meeting.minutes_status(), MinutesEvent::Publish).map_err(AppError::Conflict)?;
    revisions::checkpoint(conn, &actor.name, meeting_id, settings)?;
    move_minutes(conn, actor, &meeting, MinutesEvent::Publish)?;
    crate::webhooks::enqueue(
        conn,
        crate::webhooks::Event::MinutesPublished,
        meeting_id,
        &settings.public_url,
    )?;
    let mut ms = ap::milestones(conn, meeting_id)?;
    ms.published_at = Some(store::now());
    ap::save_milestones(conn, &mut ms)
}

/// Reopens approved or published minutes for changes: a new revision, and
/// approval is needed again. Confirmed minutes are frozen for good.
pub fn reopen(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: &str,
    settings: &Settings,
) -> AppResult<()> {
    let meeting = store::meetings::get_for_update(conn, meeting_id)?;
    minutes_after(meeting.minutes_status(), MinutesEvent::Reopen).map_err(AppError::Conflict)?;
    revisions::checkpoint(conn, &actor.name, meeting_id, settings)?;
    let (_, text) = minutes_text(conn, meeting_id, settings)?;
    ap::record_revision(conn, meeting_id, &actor.name, "reopen", text)?;
    move_minutes(conn, actor, &meeting, MinutesEvent::Reopen)?;
    Ok(())
}

/// When a `previous_minutes` item's outcome is recorded as agreed, the
/// body's previous meeting's minutes are confirmed as a true record: frozen,
/// with the SHA-256 of the confirmed text.
pub fn confirm_previous(
    conn: &mut DbConn,
    actor: &Actor,
    item_meeting: &MeetingRow,
    settings: &Settings,
) -> AppResult<Option<String>> {
    let previous =
        store::meetings::previous_held(conn, &item_meeting.body_id, item_meeting.starts_at)?;
    let Some(prev_id) = previous else {
        return Ok(None);
    };
    let prev = store::meetings::get_for_update(conn, &prev_id)?;
    if minutes_after(prev.minutes_status(), MinutesEvent::Confirm).is_err() {
        return Ok(None);
    }
    revisions::checkpoint(conn, &actor.name, &prev_id, settings)?;
    let (_, text) = revisions::record_text(conn, &prev_id, settings)?;
    let now = store::now();
    // The body's minute book gains an entry chained to the one before.
    super::minute_book::append(conn, &prev.body_id, &prev_id, &text, now)?;
    // The confirmed text is kept as a revision, so the hash can be checked.
    let kept = ap::record_revision(conn, &prev_id, &actor.name, "confirmed", text)?;
    let sha = kept.sha256;
    let mut ms = ap::milestones(conn, &prev_id)?;
    if ms.published_at.is_none() {
        ms.published_at = Some(now);
    }
    ms.confirmed_at = Some(now);
    ms.confirmed_sha256 = Some(sha.clone());
    ms.confirmed_by_meeting_id = Some(item_meeting.id.clone());
    ap::save_milestones(conn, &mut ms)?;
    move_minutes(conn, actor, &prev, MinutesEvent::Confirm)?;
    crate::webhooks::enqueue(
        conn,
        crate::webhooks::Event::MinutesConfirmed,
        &prev_id,
        &settings.public_url,
    )?;
    Ok(Some(prev_id))
}
