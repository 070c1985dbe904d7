//! `/api/v1/wards`, `/api/v1/parties`, a person's terms of office
//! (`/api/v1/people/{id}/terms`, `/api/v1/terms/{id}`) and photo
//! (`PUT /api/v1/people/{id}/photo`).

use super::input::{double_option, etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use futures_util::StreamExt;
use minutebook_domain::councillors::{is_colour, is_ons_code};
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::people::{Facts, Party, Term, Ward};
use minutebook_store::{self as store, parse_id};
use minutebook_usecases::people::{councillors as uc, photo};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn created<T: Serialize>(location: String, version: i32, body: T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("ETag", etag(version)))
        .insert_header(("Location", location))
        .json(body)
}

fn ok<T: Serialize>(version: i32, body: T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(version)))
        .json(body)
}

/// Every ward or party, as one list (a council has tens, not thousands).
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub data: Vec<T>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWard {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    /// The ONS (GSS) code, e.g. `E05012345`.
    #[schema(max_length = 40, pattern = "^\\s*$|^\\s*[A-Z][0-9]{8}\\s*$")]
    pub ons_code: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WardPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub ons_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<NaiveDate>>,
    /// `true` retires the ward (kept for the terms that name it, no longer
    /// offered for new ones); `false` brings it back.
    pub retired: Option<bool>,
}

fn ons_code(c: &mut Check, v: Option<String>) -> Option<String> {
    let v = c.text("ons_code", v, 40)?;
    if !is_ons_code(&v) {
        c.add(
            "ons_code",
            "must be an ONS code: a capital letter and eight digits, e.g. E05012345",
        );
    }
    Some(v)
}

/// Add a ward.
#[utoipa::path(tag = "wards", request_body = NewWard,
    responses((status = 201, body = Ward), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/wards")]
pub async fn create_ward(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewWard>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let mut c = Check::new();
    let name = c.required("name", input.name, 200);
    let details = uc::WardDetails {
        name: None,
        ons_code: Some(ons_code(&mut c, input.ons_code)),
        start_date: Some(c.date("start_date", input.start_date)),
        end_date: Some(c.date("end_date", input.end_date)),
        retired: None,
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::create_ward(conn, &actor, name, details))
        .await?;
    Ok(created(
        format!("/api/v1/wards/{}", row.id),
        row.version,
        Ward::from(row),
    ))
}

/// Every ward, by name (retired ones too, marked).
#[utoipa::path(tag = "wards", responses((status = 200, body = List<Ward>)))]
#[get("/api/v1/wards")]
pub async fn list_wards(state: web::Data<AppState>, _caller: Caller) -> AppResult<HttpResponse> {
    let rows = state.db(store::councillors::list_wards).await?;
    Ok(HttpResponse::Ok().json(List {
        data: rows.into_iter().map(Ward::from).collect(),
    }))
}

/// Read a ward.
#[utoipa::path(tag = "wards", params(("id" = String, Path)), responses((status = 200, body = Ward), (status = 404, body = Problem)))]
#[get("/api/v1/wards/{id}")]
pub async fn read_ward(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "ward")?;
    let row = state
        .db(move |conn| store::councillors::get_ward(conn, &id))
        .await?;
    Ok(ok(row.version, Ward::from(row)))
}

/// Change a ward.
#[utoipa::path(tag = "wards", request_body = WardPatch, params(("id" = String, Path)),
    responses((status = 200, body = Ward), (status = 412, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/wards/{id}")]
pub async fn update_ward(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<WardPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "ward")?;
    let mut c = Check::new();
    let details = uc::WardDetails {
        name: c.patch_required("name", input.name, 200),
        ons_code: input.ons_code.map(|v| ons_code(&mut c, v)),
        start_date: input.start_date.map(|d| c.date("start_date", d)),
        end_date: input.end_date.map(|d| c.date("end_date", d)),
        retired: input.retired,
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::change_ward(conn, &actor, &id, &if_match, details))
        .await?;
    Ok(ok(row.version, Ward::from(row)))
}

/// Delete a ward no term of office names (`409` if one does: retire it
/// instead with `PATCH {"retired": true}`).
#[utoipa::path(tag = "wards", params(("id" = String, Path)),
    responses((status = 204, description = "deleted"), (status = 404, body = Problem), (status = 409, description = "terms of office name it: retire it instead", body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/wards/{id}")]
pub async fn delete_ward(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "ward")?;
    state
        .write(move |conn| uc::remove_ward(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParty {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    #[schema(max_length = 40)]
    pub short_name: Option<String>,
    /// `#rrggbb`.
    #[schema(max_length = 40, pattern = "^\\s*$|^\\s*#[0-9A-Fa-f]{6}\\s*$")]
    pub colour: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub short_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub colour: Option<Option<String>>,
    /// `true` retires the party (kept for the terms that name it, no longer
    /// offered for new ones); `false` brings it back.
    pub retired: Option<bool>,
}

fn colour(c: &mut Check, v: Option<String>) -> Option<String> {
    let v = c.text("colour", v, 40)?;
    if !is_colour(&v) {
        c.add("colour", "must be written #rrggbb, e.g. #E4003B");
    }
    Some(v)
}

/// Add a political party or group.
#[utoipa::path(tag = "parties", request_body = NewParty,
    responses((status = 201, body = Party), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/parties")]
pub async fn create_party(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewParty>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let mut c = Check::new();
    let name = c.required("name", input.name, 200);
    let details = uc::PartyDetails {
        name: None,
        short_name: Some(c.text("short_name", input.short_name, 40)),
        colour: Some(colour(&mut c, input.colour)),
        retired: None,
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::create_party(conn, &actor, name, details))
        .await?;
    Ok(created(
        format!("/api/v1/parties/{}", row.id),
        row.version,
        Party::from(row),
    ))
}

/// Every party, by name (retired ones too, marked).
#[utoipa::path(tag = "parties", responses((status = 200, body = List<Party>)))]
#[get("/api/v1/parties")]
pub async fn list_parties(state: web::Data<AppState>, _caller: Caller) -> AppResult<HttpResponse> {
    let rows = state.db(store::councillors::list_parties).await?;
    Ok(HttpResponse::Ok().json(List {
        data: rows.into_iter().map(Party::from).collect(),
    }))
}

/// Read a party.
#[utoipa::path(tag = "parties", params(("id" = String, Path)), responses((status = 200, body = Party), (status = 404, body = Problem)))]
#[get("/api/v1/parties/{id}")]
pub async fn read_party(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "party")?;
    let row = state
        .db(move |conn| store::councillors::get_party(conn, &id))
        .await?;
    Ok(ok(row.version, Party::from(row)))
}

/// Change a party.
#[utoipa::path(tag = "parties", request_body = PartyPatch, params(("id" = String, Path)),
    responses((status = 200, body = Party), (status = 412, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/parties/{id}")]
pub async fn update_party(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<PartyPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "party")?;
    let mut c = Check::new();
    let details = uc::PartyDetails {
        name: c.patch_required("name", input.name, 200),
        short_name: c.patch_text("short_name", input.short_name, 40),
        colour: input.colour.map(|v| colour(&mut c, v)),
        retired: input.retired,
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::change_party(conn, &actor, &id, &if_match, details))
        .await?;
    Ok(ok(row.version, Party::from(row)))
}

/// Delete a party no term of office names (`409` if one does: retire it
/// instead with `PATCH {"retired": true}`).
#[utoipa::path(tag = "parties", params(("id" = String, Path)),
    responses((status = 204, description = "deleted"), (status = 404, body = Problem), (status = 409, description = "terms of office name it: retire it instead", body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/parties/{id}")]
pub async fn delete_party(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "party")?;
    state
        .write(move |conn| uc::remove_party(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTerm {
    #[schema(required = true, value_type = String, format = Uuid)]
    pub ward_id: Option<String>,
    #[schema(required = true, value_type = String, format = Uuid)]
    pub party_id: Option<String>,
    #[schema(required = true, value_type = NaiveDate)]
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermPatch {
    pub ward_id: Option<String>,
    pub party_id: Option<String>,
    pub start_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<NaiveDate>>,
}

fn term_view(
    conn: &mut minutebook_ground::db::DbConn,
    row: &store::councillors::TermRow,
) -> AppResult<Term> {
    let facts = Facts::load(conn, Some(std::slice::from_ref(&row.person_id)))?;
    Ok(facts.term(row))
}

/// Add a term of office: the ward and party a councillor holds from a date.
#[utoipa::path(tag = "people", request_body = NewTerm, params(("id" = String, Path)),
    responses((status = 201, body = Term), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/people/{id}/terms")]
pub async fn create_term(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewTerm>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let person = parse_id(&path, "person")?;
    let mut c = Check::new();
    let ward_id = c.required("ward_id", input.ward_id, 64);
    let party_id = c.required("party_id", input.party_id, 64);
    let start_date = c.date("start_date", input.start_date);
    if start_date.is_none() {
        c.add("start_date", "is required");
    }
    let end_date = c.date("end_date", input.end_date);
    c.finish()?;
    let new = uc::NewTerm {
        ward_id,
        party_id,
        start_date: start_date.unwrap_or_default(),
        end_date,
    };
    let term = state
        .write(move |conn| {
            let row = uc::add_term(conn, &actor, &person, new)?;
            term_view(conn, &row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/terms/{}", term.id),
        term.version,
        term,
    ))
}

/// A person's terms of office, oldest first.
#[utoipa::path(tag = "people", params(("id" = String, Path)), responses((status = 200, body = List<Term>), (status = 404, body = Problem)))]
#[get("/api/v1/people/{id}/terms")]
pub async fn list_terms(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "person")?;
    let viewer = caller.viewer();
    let terms = state
        .db(move |conn| {
            let person = store::people::get_for(conn, &id, viewer)?;
            Ok(Facts::load(conn, Some(std::slice::from_ref(&person.id)))?.terms_of(&person.id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(List { data: terms }))
}

/// Change a term (mend its dates, or end it).
#[utoipa::path(tag = "people", request_body = TermPatch, params(("id" = String, Path)),
    responses((status = 200, body = Term), (status = 412, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/terms/{id}")]
pub async fn update_term(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<TermPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "term of office")?;
    let mut c = Check::new();
    let change = uc::TermChange {
        ward_id: c.text("ward_id", input.ward_id, 64),
        party_id: c.text("party_id", input.party_id, 64),
        start_date: c.date("start_date", input.start_date),
        end_date: input.end_date.map(|d| c.date("end_date", d)),
    };
    c.finish()?;
    let term = state
        .write(move |conn| {
            let row = uc::change_term(conn, &actor, &id, &if_match, change)?;
            term_view(conn, &row)
        })
        .await?;
    Ok(ok(term.version, term))
}

/// Remove a term entered in error.
#[utoipa::path(tag = "people", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/terms/{id}")]
pub async fn delete_term(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "term of office")?;
    state
        .write(move |conn| uc::remove_term(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Where a photo was kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoKept {
    pub url: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
}

/// Set a person's photo: the body is the picture (JPEG, PNG or WebP, at
/// most 10 MB), typed from its bytes, scaled to at most 600 pixels a side
/// and written again without its metadata.
#[utoipa::path(tag = "people", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 200, body = PhotoKept), (status = 413, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[put("/api/v1/people/{id}/photo")]
pub async fn put_photo(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    req: HttpRequest,
    mut payload: web::Payload,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "person")?;
    let too_large = || AppError::PayloadTooLarge("a photo may be at most 10 MB".into());
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > photo::MAX_BYTES) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("the body could not be read: {e}")))?;
        if bytes.len() + chunk.len() > photo::MAX_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    let prepared = web::block(move || photo::prepare(&bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("photo worker: {e}")))??;
    let row = state
        .write(move |conn| photo::put(conn, &actor, &id, prepared))
        .await?;
    let hash = &row.sha256[..12];
    Ok(HttpResponse::Ok().json(PhotoKept {
        url: format!("/people/{}/photo?v={hash}", row.person_id),
        content_type: row.content_type,
        width: row.width,
        height: row.height,
    }))
}
