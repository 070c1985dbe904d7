//! The register of members' interests: `/api/v1/people/{id}/interests`
//! (entries, closed never deleted), `/gifts`, `/dispensations`, the
//! categories, and the 28-day duty's list `/api/v1/interests/overdue`.

use super::input::{etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::interests::WHOSE;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::interests::{
    self as read, Category, Dispensation, Entry, Gift, Outstanding, Register,
};
use minutebook_read::people::today;
use minutebook_store::parse_id;
use minutebook_usecases::people::interests as uc;
use minutebook_web::published::SITE_NAME;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub data: Vec<Category>,
}

/// The register's categories: the seven disclosable pecuniary interest
/// categories of the 2012 regulations, then other registrable and
/// non-registrable interests, and any a council adds.
#[utoipa::path(tag = "interests", responses((status = 200, body = CategoryList)))]
#[get("/api/v1/interest-categories")]
pub async fn categories(state: web::Data<AppState>, _caller: Caller) -> AppResult<HttpResponse> {
    let rows = state.db(minutebook_store::interests::categories).await?;
    Ok(HttpResponse::Ok().json(CategoryList {
        data: rows.into_iter().map(Category::from).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    #[schema(required = true, value_type = String, pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub code: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    /// A disclosable pecuniary interest (or the code's equivalent).
    pub disclosable: Option<bool>,
}

/// Add a category (admin): Welsh and Scottish codes differ.
#[utoipa::path(tag = "interests", request_body = NewCategory,
    responses((status = 201, body = Category), (status = 409, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/interest-categories")]
pub async fn add_category(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewCategory>,
) -> AppResult<HttpResponse> {
    caller.admin()?;
    let mut c = Check::new();
    let code = c.required("code", input.code, 40);
    let well_formed = code.starts_with(|ch: char| ch.is_ascii_lowercase())
        && code
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    if !code.is_empty() && !well_formed {
        c.add(
            "code",
            "must be lower-case letters, digits and underscores, starting with a letter",
        );
    }
    let name = c.required("name", input.name, 200);
    c.finish()?;
    let disclosable = input.disclosable.unwrap_or(false);
    let row = state
        .write(move |conn| uc::add_category(conn, code, name, disclosable))
        .await?;
    Ok(HttpResponse::Created().json(Category::from(row)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterest {
    /// A category's code, e.g. `employment`, `land`.
    #[schema(required = true, value_type = String)]
    pub category: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub description: Option<String>,
    /// `member` (the default) or `spouse_or_partner`; never published.
    pub whose: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// When the member notified it (default: today).
    pub notified_on: Option<NaiveDate>,
    /// Published only as "withheld under section 32 of the Localism Act 2011".
    pub sensitive: Option<bool>,
    /// The declaration at a meeting this entry registers (its id).
    pub declaration_id: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestPatch {
    pub category: Option<String>,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    pub whose: Option<String>,
    #[serde(default, deserialize_with = "super::input::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<Option<NaiveDate>>,
    /// Closes the entry (entries are closed, never deleted).
    #[serde(default, deserialize_with = "super::input::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<NaiveDate>>,
    pub notified_on: Option<NaiveDate>,
    pub sensitive: Option<bool>,
}

fn whose(c: &mut Check, v: Option<String>) -> Option<String> {
    v.map(|w| c.one_of("whose", &w, WHOSE))
}

/// Add an entry to a member's register.
#[utoipa::path(tag = "interests", request_body = NewInterest, params(("id" = String, Path)),
    responses((status = 201, body = Entry), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/people/{id}/interests")]
pub async fn add_interest(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewInterest>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let person = parse_id(&path, "person")?;
    let mut c = Check::new();
    let new = uc::NewInterest {
        category: c.required("category", input.category, 40),
        description: c.required("description", input.description, 2000),
        whose: whose(&mut c, input.whose).unwrap_or_else(|| "member".into()),
        start_date: c.date("start_date", input.start_date),
        end_date: c.date("end_date", input.end_date),
        notified_on: c
            .date("notified_on", input.notified_on)
            .unwrap_or_else(today),
        sensitive: input.sensitive.unwrap_or(false),
        declaration_id: c.text("declaration_id", input.declaration_id, 64),
    };
    c.finish()?;
    let entry = state
        .write(move |conn| {
            let row = uc::add(conn, &actor, &person, new)?;
            Ok(Entry::build(row, &read::categories_by_code(conn)?, viewer))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(entry.version)))
        .insert_header((
            "Location",
            format!("/api/v1/people/{}/interests/{}", path.as_str(), entry.id),
        ))
        .json(entry))
}

/// Change or close an entry (`end_date`).
#[utoipa::path(tag = "interests", request_body = InterestPatch, params(("id" = String, Path), ("interest_id" = String, Path)),
    responses((status = 200, body = Entry), (status = 412, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/people/{id}/interests/{interest_id}")]
pub async fn change_interest(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<InterestPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let person = parse_id(&path.0, "person")?;
    let id = parse_id(&path.1, "interest")?;
    let mut c = Check::new();
    let change = uc::Change {
        category: c.text("category", input.category, 40),
        description: input
            .description
            .map(|d| c.required("description", Some(d), 2000)),
        whose: whose(&mut c, input.whose),
        start_date: input.start_date.map(|d| c.date("start_date", d)),
        end_date: input.end_date.map(|d| c.date("end_date", d)),
        notified_on: c.date("notified_on", input.notified_on),
        sensitive: input.sensitive,
    };
    c.finish()?;
    let entry = state
        .write(move |conn| {
            let row = uc::change(conn, &actor, &person, &id, &if_match, change)?;
            Ok(Entry::build(row, &read::categories_by_code(conn)?, viewer))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(entry.version)))
        .json(entry))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RegisterQuery {
    /// Every entry ever made, closed ones too.
    pub history: Option<bool>,
    /// `json` (the default) or `pdf` (the public register, tagged PDF).
    pub format: Option<String>,
}

/// A member's register of interests: current entries (or with `history`
/// every one), gifts and hospitality, dispensations. Sensitive entries are
/// withheld and whose interest is never said in public.
#[utoipa::path(tag = "interests", params(("id" = String, Path), RegisterQuery),
    responses((status = 200, content(
            (Register = "application/json"), (crate::pack::PdfFile = "application/pdf"))),
        (status = 404, body = Problem),
        (status = 503, description = "too many documents being rendered at once; see Retry-After", body = Problem)))]
#[get("/api/v1/people/{id}/interests")]
pub async fn register(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<RegisterQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let person = parse_id(&path, "person")?;
    let viewer = caller.viewer();
    let history = q.history.unwrap_or(false);
    let pdf = match q.format.as_deref() {
        None | Some("json") => false,
        Some("pdf") => true,
        Some(_) => return Err(AppError::BadRequest("format must be json or pdf".into())),
    };
    if !pdf {
        let r = state
            .db(move |conn| read::register(conn, &person, viewer, history, today()))
            .await?;
        return Ok(HttpResponse::Ok().json(r));
    }
    // The printed register is the public one, whoever asks.
    let _rendering = state.limits.render_for(
        caller.token.is_some(),
        &minutebook_web::limits::client_of(&req),
    )?;
    let bytes = state
        .db(move |conn| {
            let name =
                minutebook_store::people::get_for(conn, &person, Viewer::Public)?.display_name();
            let r = read::register(conn, &person, Viewer::Public, history, today())?;
            let doc = minutebook_render::register::document(&r, &name, SITE_NAME, today());
            minutebook_render::pdf::write(&doc)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            "inline; filename=\"register-of-interests.pdf\"",
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGift {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub donor: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub description: Option<String>,
    /// Estimated value, in pence.
    #[schema(minimum = 0, maximum = 100000000000i64)]
    pub value_pence: Option<i64>,
    #[schema(required = true, value_type = NaiveDate)]
    pub received_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    /// Accepted (true) or declined (false).
    #[schema(required = true, value_type = bool)]
    pub accepted: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GiftList {
    pub data: Vec<Gift>,
}

/// Record a gift or hospitality offered to a member.
#[utoipa::path(tag = "interests", request_body = NewGift, params(("id" = String, Path)),
    responses((status = 201, body = Gift), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/people/{id}/gifts")]
pub async fn add_gift(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewGift>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let person = parse_id(&path, "person")?;
    let mut c = Check::new();
    let received_on = c.date("received_on", input.received_on);
    if received_on.is_none() {
        c.add("received_on", "is required");
    }
    if input.accepted.is_none() {
        c.add(
            "accepted",
            "is required: true if accepted, false if declined",
        );
    }
    if input
        .value_pence
        .is_some_and(|v| !(0..=100_000_000_000).contains(&v))
    {
        c.add("value_pence", "must be between 0 and 100000000000");
    }
    let gift = uc::NewGift {
        donor: c.required("donor", input.donor, 300),
        description: c.required("description", input.description, 2000),
        value_pence: input.value_pence,
        received_on: received_on.unwrap_or_default(),
        notified_on: c.date("notified_on", input.notified_on),
        accepted: input.accepted.unwrap_or(false),
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::add_gift(conn, &actor, &person, gift))
        .await?;
    Ok(HttpResponse::Created().json(Gift::from(row)))
}

/// A member's gifts and hospitality, newest first.
#[utoipa::path(tag = "interests", params(("id" = String, Path)), responses((status = 200, body = GiftList), (status = 404, body = Problem)))]
#[get("/api/v1/people/{id}/gifts")]
pub async fn gifts(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let person = parse_id(&path, "person")?;
    let viewer = caller.viewer();
    let data = state
        .db(move |conn| read::gifts(conn, &person, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(GiftList { data }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDispensation {
    /// What it allows, in words ("to speak and vote on the Local Plan").
    #[schema(required = true, value_type = String, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub scope: Option<String>,
    /// Limits it to one body's business (id or slug).
    pub body_id: Option<String>,
    /// Limits it to one agenda item (and its parts): its id.
    pub item_id: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub grounds: Option<String>,
    /// Who granted it (the standards committee, the monitoring officer).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub granted_by: Option<String>,
    #[schema(required = true, value_type = NaiveDate)]
    pub start_date: Option<NaiveDate>,
    /// At most four years after the start.
    #[schema(required = true, value_type = NaiveDate)]
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DispensationList {
    pub data: Vec<Dispensation>,
}

/// Grant a dispensation (Localism Act 2011 s.33): a member with a
/// disclosable pecuniary interest may then take part and vote on what it
/// covers.
#[utoipa::path(tag = "interests", request_body = NewDispensation, params(("id" = String, Path)),
    responses((status = 201, body = Dispensation), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/people/{id}/dispensations")]
pub async fn add_dispensation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewDispensation>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let person = parse_id(&path, "person")?;
    let mut c = Check::new();
    let (start, end) = (
        c.date("start_date", input.start_date),
        c.date("end_date", input.end_date),
    );
    if start.is_none() {
        c.add("start_date", "is required");
    }
    if end.is_none() {
        c.add(
            "end_date",
            "is required: a dispensation lasts at most four years",
        );
    }
    let d = uc::NewDispensation {
        scope: c.required("scope", input.scope, 2000),
        body_id: c.text("body_id", input.body_id, 100),
        item_id: c.text("item_id", input.item_id, 64),
        grounds: c.required("grounds", input.grounds, 2000),
        granted_by: c.required("granted_by", input.granted_by, 300),
        start_date: start.unwrap_or_default(),
        end_date: end.unwrap_or_default(),
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::add_dispensation(conn, &actor, &person, d))
        .await?;
    Ok(HttpResponse::Created().json(Dispensation::from(row)))
}

/// A member's dispensations.
#[utoipa::path(tag = "interests", params(("id" = String, Path)), responses((status = 200, body = DispensationList), (status = 404, body = Problem)))]
#[get("/api/v1/people/{id}/dispensations")]
pub async fn dispensations(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let person = parse_id(&path, "person")?;
    let viewer = caller.viewer();
    let data = state
        .db(move |conn| read::dispensations(conn, &person, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(DispensationList { data }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutstandingList {
    pub today: NaiveDate,
    pub data: Vec<Outstanding>,
}

/// Registers outstanding under the 28-day duty: councillors who have not
/// notified their register since taking office, and disclosable pecuniary
/// interests declared at meetings that are not on the register; each with
/// its due date and whether it is late.
#[utoipa::path(tag = "interests", responses((status = 200, body = OutstandingList), (status = 401, body = Problem)), security(("bearer" = [])))]
#[get("/api/v1/interests/overdue")]
pub async fn overdue(state: web::Data<AppState>, caller: Caller) -> AppResult<HttpResponse> {
    caller.reader()?;
    let today = today();
    let data = state.db(move |conn| read::outstanding(conn, today)).await?;
    Ok(HttpResponse::Ok().json(OutstandingList { today, data }))
}
