//! `/api/v1/meetings/{id}/items` and `/api/v1/items/{id}`: agenda items,
//! lettered parts, restricted (exempt) items and the minute text. The rules
//! are in `minutebook_usecases::agenda::items`; these handlers check the input's shape.

use super::input::{double_option, etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use minutebook_domain::visibility::Viewer;
use minutebook_domain::vocab::{schedule_12a_paragraph, ITEM_KINDS};
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::meeting::{added_item, load_item, Item};
use minutebook_store::parse_id;
use minutebook_usecases::agenda;
use minutebook_web::state::AppState;
use serde::Deserialize;
use utoipa::ToSchema;

pub const MAX_MINUTES_CHARS: usize = 200_000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestrictedInput {
    /// Paragraph 1–7 of Schedule 12A to the Local Government Act 1972.
    pub paragraph: Option<i64>,
    /// Why the item is restricted (never shown to the public).
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 500, pattern = "\\S")]
    pub title: Option<String>,
    /// apologies, declarations, previous_minutes, matters_arising, any_other_business, report, next_meeting, other.
    pub kind: Option<String>,
    /// Makes this a lettered part (a), (b) … of that item.
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
    /// 1-based place among its siblings; default: last.
    #[schema(minimum = 1)]
    pub position: Option<i64>,
    /// Marks the item exempt; its papers and minutes are then never public.
    #[serde(default, deserialize_with = "crate::input::object")]
    pub restricted: Option<RestrictedInput>,
    /// What the public sees instead of a restricted item's minutes (LGA 1972 s.100C).
    #[schema(max_length = 20000)]
    pub public_summary: Option<String>,
    /// Who presents the item, often an outside organisation.
    #[schema(max_length = 300)]
    pub presenter: Option<String>,
    /// The minute text (light markup: paragraphs, `- ` bullets, `1. ` lists, *emphasis*).
    pub minutes: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<Option<String>>,
    pub position: Option<i64>,
    /// An object restricts the item; `null` makes it public.
    #[serde(default, deserialize_with = "crate::input::object_or_null")]
    #[schema(value_type = Option<RestrictedInput>)]
    pub restricted: Option<Option<RestrictedInput>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub public_summary: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub presenter: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub minutes: Option<Option<String>>,
}

/// Minutes text keeps its inner layout; only the ends are trimmed.
fn minutes_text(c: &mut Check, field: &str, v: Option<String>) -> Option<String> {
    let v = v?;
    let t = v.trim_matches(|ch: char| ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t');
    if t.is_empty() {
        return None;
    }
    if t.chars().count() > MAX_MINUTES_CHARS {
        c.add(
            field,
            format!("must be at most {MAX_MINUTES_CHARS} characters"),
        );
    }
    Some(t.replace("\r\n", "\n"))
}

fn restriction(c: &mut Check, r: RestrictedInput) -> (Option<i32>, Option<String>) {
    let paragraph = r.paragraph.and_then(|p| match schedule_12a_paragraph(p) {
        Ok(p) => Some(p),
        Err(m) => {
            c.add("restricted.paragraph", m);
            None
        }
    });
    let reason = c.text("restricted.reason", r.reason, 2000);
    (paragraph, reason)
}

fn item_response(status: StatusCode, item: Item) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(item.version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/items/{}", item.id)));
    }
    b.json(item)
}

/// Makes room for `row` at 1-based `position` among its siblings (default:
/// last), moving the others; answers the position.
/// Add an item to a meeting's agenda (or a lettered part, with `parent_id`).
/// After the agenda is published a new top-level item takes the next free number.
#[utoipa::path(tag = "items", request_body = NewItem, params(("id" = String, Path, description = "meeting id")),
    responses((status = 201, body = Item), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/meetings/{id}/items")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewItem>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let meeting_id = parse_id(&path, "meeting")?;
    let mut c = Check::new();
    let title = c.required("title", input.title, 500);
    let kind = input.kind.unwrap_or_else(|| "report".into());
    let kind = c.one_of("kind", &kind, ITEM_KINDS);
    let parent_id = input.parent_id.map(|p| {
        parse_id(&p, "item").unwrap_or_else(|_| {
            c.add("parent_id", "no item with that id");
            String::new()
        })
    });
    let restricted = input.restricted.map(|r| restriction(&mut c, r));
    let new = agenda::items::NewItem {
        title,
        kind,
        parent_id,
        position: input.position,
        restricted,
        public_summary: c.text("public_summary", input.public_summary, 20_000),
        presenter: c.text("presenter", input.presenter, 300),
        minutes: minutes_text(&mut c, "minutes", input.minutes),
    };
    c.finish()?;
    let public_url = state.settings.public_url.clone();
    let item = state
        .write(move |conn| {
            let added = agenda::items::add(conn, &actor, &meeting_id, new)?;
            added_item(conn, added.row, added.meeting.facts(), &public_url)
        })
        .await?;
    Ok(item_response(StatusCode::CREATED, item))
}

/// Read an item (with its parts). A withdrawn item answers with `deleted_at` set.
#[utoipa::path(tag = "items", params(("id" = String, Path)), responses((status = 200, body = Item), (status = 404, body = Problem)))]
#[get("/api/v1/items/{id}")]
pub async fn read(
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
    Ok(item_response(StatusCode::OK, item))
}

/// Change an item: title, kind, order, restriction, presenter, minute text.
#[utoipa::path(tag = "items", request_body = ItemPatch, params(("id" = String, Path)),
    responses((status = 200, body = Item), (status = 409, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/items/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<ItemPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "item")?;
    let mut c = Check::new();
    let title = c.patch_required("title", input.title, 500);
    let kind = c
        .patch_required("kind", input.kind, 64)
        .map(|k| c.one_of("kind", &k, ITEM_KINDS));
    let restricted = input.restricted.map(|r| r.map(|r| restriction(&mut c, r)));
    let change = agenda::items::ItemChange {
        title,
        kind,
        position: input.position,
        restricted,
        public_summary: c.patch_text("public_summary", input.public_summary, 20_000),
        presenter: c.patch_text("presenter", input.presenter, 300),
        minutes: input.minutes.map(|m| minutes_text(&mut c, "minutes", m)),
    };
    c.finish()?;
    let public_url = state.settings.public_url.clone();
    let item = state
        .write(move |conn| {
            agenda::items::change(conn, &actor, &id, &if_match, change)?;
            load_item(conn, &id, Viewer::Internal, &public_url)
        })
        .await?;
    Ok(item_response(StatusCode::OK, item))
}

/// Withdraw an item. Its minute number, once given, is kept and never reused;
/// the item stays readable as a tombstone.
#[utoipa::path(tag = "items", params(("id" = String, Path)),
    responses((status = 204), (status = 409, body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/items/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "item")?;
    state
        .write(move |conn| agenda::items::withdraw(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
