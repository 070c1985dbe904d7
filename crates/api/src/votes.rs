//! `/api/v1/items/{id}/votes` and `/api/v1/votes/{id}`: votes on an item, a
//! show of hands or a recorded vote. The rules are `domain::votes`, the use
//! case `minutes::votes`; these handlers check the input's shape.

use super::input::{etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::{delete, get, post, web, HttpResponse};
use minutebook_domain::votes::{Choice, GivenCounts};
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::meeting::load_item;
use minutebook_read::votes::Vote;
use minutebook_store::parse_id;
use minutebook_usecases::minutes::votes::{self, NewVote};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How one member voted in a recorded vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedVoteInput {
    pub person_id: Option<String>,
    /// `for`, `against` or `abstain`.
    pub vote: Option<String>,
}

/// The chair's casting vote: `"for"` or `"against"`, or
/// `{"person_id": …, "vote": "for"}` to say who gave it (it must be the chair).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum CastingInput {
    Vote(String),
    ByPerson(NamedVoteInput),
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVoteInput {
    /// Votes for, for a show of hands (with `named`, it must agree with the names).
    #[serde(rename = "for")]
    pub for_: Option<i32>,
    pub against: Option<i32>,
    pub abstained: Option<i32>,
    /// A recorded vote: each member and how they voted.
    pub named: Option<Vec<NamedVoteInput>>,
    /// The chair's casting vote on a tie.
    pub casting_vote: Option<CastingInput>,
    /// The outcome (on this item) the vote decided.
    pub outcome_id: Option<String>,
    /// What was voted on, if the minutes should say (e.g. an amendment).
    pub motion: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoteList {
    pub items: Vec<Vote>,
    /// Always null: an item's votes come in one page.
    pub next_cursor: Option<String>,
}

fn choice(c: &mut Check, field: &str, v: Option<String>) -> Choice {
    let v = c.required(field, v, 20);
    Choice::parse(&v).unwrap_or_else(|| {
        if !v.is_empty() {
            c.add(field, format!("must be one of {}", Choice::ALL.join(", ")));
        }
        Choice::Abstain
    })
}

/// Record a vote on an item: counts (`for`, `against`, `abstained`) for a
/// show of hands, or `named` for a recorded vote; optionally the chair's
/// `casting_vote` on a tie and the `outcome_id` it decided. Refused (422)
/// when counts contradict the names, when a voter was not present, or has a
/// disclosable pecuniary interest in the item; 409 once the minutes are
/// approved.
#[utoipa::path(tag = "minutes", request_body = NewVoteInput, params(("id" = String, Path, description = "item id")),
    responses((status = 201, body = Vote, headers(("Location" = String), ("ETag" = String))),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/api/v1/items/{id}/votes")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewVoteInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let item_id = parse_id(&path, "item")?;
    let mut c = Check::new();
    let motion = c.text("motion", input.motion, 2000);
    let outcome_id = c.text("outcome_id", input.outcome_id, 64);
    let named = input.named.map(|named| {
        if named.len() > 500 {
            c.add("named", "must name at most 500 members");
        }
        named
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                let person = c.required(&format!("named[{i}].person_id"), n.person_id, 64);
                let v = choice(&mut c, &format!("named[{i}].vote"), n.vote);
                (
                    uuid::Uuid::parse_str(&person)
                        .map(|u| u.to_string())
                        .unwrap_or(person),
                    v,
                )
            })
            .collect::<Vec<_>>()
    });
    let casting = input.casting_vote.map(|cv| match cv {
        CastingInput::Vote(v) => (choice(&mut c, "casting_vote", Some(v)), None),
        CastingInput::ByPerson(n) => {
            let person = c.required("casting_vote.person_id", n.person_id, 64);
            (choice(&mut c, "casting_vote.vote", n.vote), Some(person))
        }
    });
    c.finish()?;
    let new = NewVote {
        motion,
        counts: GivenCounts {
            for_: input.for_,
            against: input.against,
            abstained: input.abstained,
        },
        named,
        casting,
        outcome_id,
    };
    let vote = state
        .write(move |conn| {
            let v = votes::record(conn, &actor, &item_id, new)?;
            minutebook_read::votes::view(conn, v)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/votes/{}", vote.id)))
        .insert_header(("ETag", etag(vote.version)))
        .json(vote))
}

/// The votes on an item, as the caller may see them (votes on a restricted
/// item, or in unpublished minutes, are not public).
#[utoipa::path(tag = "minutes", params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = VoteList),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/items/{id}/votes")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "item")?;
    let viewer = caller.viewer();
    let public_url = state.settings.public_url.clone();
    let item = state
        .db(move |conn| load_item(conn, &id, viewer, &public_url))
        .await?;
    Ok(HttpResponse::Ok().json(VoteList {
        items: item.votes,
        next_cursor: None,
    }))
}

/// Withdraw a vote recorded in error, while the minutes can be edited.
#[utoipa::path(tag = "minutes", params(("id" = String, Path, description = "vote id")),
    responses((status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[delete("/api/v1/votes/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "vote")?;
    state
        .write(move |conn| votes::withdraw(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
