//! `/api/v1/people` and `/api/v1/bodies/{body}/memberships`.

use super::input::{double_option, etag, Check, IfMatch, JsonBody, PageQuery};
use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::visibility;
use minutebook_domain::vocab::MEMBERSHIP_ROLES;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::member::{profile, Profile};
use minutebook_read::page::{page, Page};
use minutebook_read::people::{today, Facts, Person};
use minutebook_read::resources::Membership;
use minutebook_store::{self as store, memberships::MembershipRow, parse_id, people::PersonRow};
use minutebook_usecases::people;
use minutebook_web::state::AppState;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    /// e.g. `Cllr`, `Mr`, `Dr`.
    #[schema(max_length = 40)]
    pub honorific: Option<String>,
    /// The organisation the person usually represents.
    #[schema(max_length = 300)]
    pub organisation: Option<String>,
    #[schema(
        max_length = 254,
        pattern = "^\\s*$|^\\s*[^\\s<>,@]+@[^\\s<>,.]([^\\s<>,]*\\.)+[^\\s<>,]*[^\\s<>,.]\\s*$"
    )]
    pub email: Option<String>,
    /// A councillor's title as they use it, e.g. `Dr`.
    #[schema(max_length = 40)]
    pub title: Option<String>,
    #[schema(max_length = 100)]
    pub given_name: Option<String>,
    #[schema(max_length = 100)]
    pub family_name: Option<String>,
    /// The address the council publishes (never the private `email`).
    #[schema(
        max_length = 254,
        pattern = "^\\s*$|^\\s*[^\\s<>,@]+@[^\\s<>,.]([^\\s<>,]*\\.)+[^\\s<>,]*[^\\s<>,.]\\s*$"
    )]
    pub public_email: Option<String>,
    #[schema(max_length = 40)]
    pub public_phone: Option<String>,
    #[schema(max_length = 500)]
    pub public_address: Option<String>,
    #[schema(max_length = 5000)]
    pub biography: Option<String>,
    /// Posts held, e.g. "Leader of the Council" (at most 20).
    #[schema(max_items = 20)]
    pub posts: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub honorific: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub organisation: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub given_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub family_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub public_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub public_phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub public_address: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub biography: Option<Option<String>>,
    /// Replaces the list of posts.
    #[schema(max_items = 20)]
    pub posts: Option<Vec<String>>,
    /// The date the member notified their register of interests complete
    /// (a nil return too): meets the 28-day duty on taking office.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub register_notified_on: Option<Option<NaiveDate>>,
}

/// Posts: at most 20, each a line of at most 200 characters.
fn check_posts(c: &mut Check, posts: Option<Vec<String>>) -> Option<Vec<String>> {
    let posts = posts?;
    if posts.len() > 20 {
        c.add("posts", "at most 20 posts");
    }
    let mut out = Vec::new();
    for p in posts {
        if let Some(t) = c.text("posts", Some(p), 200) {
            out.push(t);
        }
    }
    Some(out)
}

/// A person as the API shows them, with their terms and photo.
fn person_view(conn: &mut DbConn, row: PersonRow, internal: bool) -> AppResult<Person> {
    let facts = Facts::load(conn, Some(std::slice::from_ref(&row.id)))?;
    Ok(Person::build(row, internal, &facts, today()))
}

fn person_response(status: StatusCode, person: Person) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(person.version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/people/{}", person.id)));
    }
    b.json(person)
}

/// Create a person.
#[utoipa::path(tag = "people", request_body = NewPerson,
    responses((status = 201, body = Person), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/people")]
pub async fn create_person(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewPerson>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let mut c = Check::new();
    let mut row = PersonRow {
        honorific: c.text("honorific", input.honorific, 40),
        organisation: c.text("organisation", input.organisation, 300),
        email: c.email("email", input.email),
        title: c.text("title", input.title, 40),
        given_name: c.text("given_name", input.given_name, 100),
        family_name: c.text("family_name", input.family_name, 100),
        public_email: c.email("public_email", input.public_email),
        public_phone: c.text("public_phone", input.public_phone, 40),
        public_address: c.text("public_address", input.public_address, 500),
        biography: c.text("biography", input.biography, 5000),
        ..PersonRow::named(c.required("name", input.name, 200))
    };
    let posts = check_posts(&mut c, input.posts);
    c.finish()?;
    people::apply_change(
        &mut row,
        people::PersonChange {
            posts,
            ..Default::default()
        },
    );
    let person = state
        .write(move |conn| {
            let row = people::register(conn, &actor, row)?;
            person_view(conn, row, true)
        })
        .await?;
    Ok(person_response(StatusCode::CREATED, person))
}

/// List people.
#[utoipa::path(tag = "people", params(PageQuery), responses((status = 200, body = Page<Person>)))]
#[get("/api/v1/people")]
pub async fn list_people(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let viewer = caller.viewer();
    let internal = visibility::contact_details_visible(viewer);
    let limit = q.limit()?;
    let after = q.after()?;
    let (rows, facts) = state
        .db(move |conn| {
            let rows = store::people::list(conn, viewer, after, limit + 1)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            Ok((rows, Facts::load(conn, Some(&ids))?))
        })
        .await?;
    let today = today();
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        |r| Person::build(r, internal, &facts, today),
    )))
}

/// Read a person: what their member page shows (photo, party and ward,
/// posts, public contact, committees, upcoming meetings, this year's
/// attendance, register of interests, declarations, recorded votes). The
/// private email only with a token.
#[utoipa::path(tag = "people", params(("id" = String, Path)), responses((status = 200, body = Profile), (status = 404, body = Problem)))]
#[get("/api/v1/people/{id}")]
pub async fn read_person(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "person")?;
    let viewer = caller.viewer();
    let profile = state
        .db(move |conn| profile(conn, &id, viewer, today()))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(profile.person.version)))
        .json(profile))
}

/// Change a person.
#[utoipa::path(tag = "people", request_body = PersonPatch, params(("id" = String, Path)),
    responses((status = 200, body = Person), (status = 412, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/people/{id}")]
pub async fn update_person(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<PersonPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "person")?;
    let mut c = Check::new();
    let name = c.patch_required("name", input.name, 200);
    let honorific = c.patch_text("honorific", input.honorific, 40);
    let organisation = c.patch_text("organisation", input.organisation, 300);
    let change = people::PersonChange {
        name,
        honorific,
        organisation,
        email: input.email.map(|e| c.email("email", e)),
        title: c.patch_text("title", input.title, 40),
        given_name: c.patch_text("given_name", input.given_name, 100),
        family_name: c.patch_text("family_name", input.family_name, 100),
        public_email: input.public_email.map(|e| c.email("public_email", e)),
        public_phone: c.patch_text("public_phone", input.public_phone, 40),
        public_address: c.patch_text("public_address", input.public_address, 500),
        biography: c.patch_text("biography", input.biography, 5000),
        posts: check_posts(&mut c, input.posts),
        register_notified_on: input
            .register_notified_on
            .map(|d| c.date("register_notified_on", d)),
    };
    c.finish()?;
    let person = state
        .write(move |conn| {
            let row = people::change(conn, &actor, &id, &if_match, change)?;
            person_view(conn, row, true)
        })
        .await?;
    Ok(person_response(StatusCode::OK, person))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMembership {
    #[schema(required = true, value_type = String, format = Uuid)]
    pub person_id: Option<String>,
    /// chair, vice_chair, member, officer, lead_officer.
    #[schema(required = true, value_type = String)]
    pub role: Option<String>,
    /// The organisation the person represents on this body.
    #[schema(max_length = 300)]
    pub organisation: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub role: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub organisation: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<NaiveDate>>,
}

fn check_dates(c: &mut Check, start: Option<NaiveDate>, end: Option<NaiveDate>) {
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            c.add("end_date", "must not be before start_date");
        }
    }
}

fn membership_response(status: StatusCode, row: MembershipRow) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(row.version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/memberships/{}", row.id)));
    }
    b.json(Membership::from(row))
}

/// Add a member, officer or chair to a body.
#[utoipa::path(tag = "memberships", request_body = NewMembership, params(("body_id" = String, Path, description = "the body's id or slug")),
    responses((status = 201, body = Membership), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/bodies/{body_id}/memberships")]
pub async fn create_membership(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewMembership>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let key = path.into_inner();
    let mut c = Check::new();
    let person_id = c.required("person_id", input.person_id, 64);
    let role = c.required("role", input.role, 64);
    let role = if role.is_empty() {
        role
    } else {
        c.one_of("role", &role, MEMBERSHIP_ROLES)
    };
    let organisation = c.text("organisation", input.organisation, 300);
    c.date("start_date", input.start_date);
    c.date("end_date", input.end_date);
    check_dates(&mut c, input.start_date, input.end_date);
    c.finish()?;
    let row = state
        .write(move |conn| {
            let new = people::NewMembership {
                person_id,
                role,
                organisation,
                start_date: input.start_date,
                end_date: input.end_date,
            };
            people::add_membership(conn, &actor, &key, new)
        })
        .await?;
    Ok(membership_response(StatusCode::CREATED, row))
}

/// A body's memberships.
#[utoipa::path(tag = "memberships", params(("body_id" = String, Path, description = "the body's id or slug"), PageQuery),
    responses((status = 200, body = Page<Membership>)))]
#[get("/api/v1/bodies/{body_id}/memberships")]
pub async fn list_memberships(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let limit = q.limit()?;
    let after = q.after()?;
    let rows = state
        .db(move |conn| {
            let body = store::bodies::get(conn, &key)?;
            store::memberships::list_for_body(conn, &body.id, after, limit + 1)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        Membership::from,
    )))
}

/// Read a membership.
#[utoipa::path(tag = "memberships", params(("id" = String, Path)), responses((status = 200, body = Membership), (status = 404, body = Problem)))]
#[get("/api/v1/memberships/{id}")]
pub async fn read_membership(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "membership")?;
    let row = state
        .db(move |conn| store::memberships::get(conn, &id))
        .await?;
    Ok(membership_response(StatusCode::OK, row))
}

/// Change a membership (e.g. a new role, or an end date).
#[utoipa::path(tag = "memberships", request_body = MembershipPatch, params(("id" = String, Path)),
    responses((status = 200, body = Membership), (status = 412, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/memberships/{id}")]
pub async fn update_membership(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<MembershipPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "membership")?;
    let mut c = Check::new();
    let role = c
        .patch_required("role", input.role, 64)
        .map(|r| c.one_of("role", &r, MEMBERSHIP_ROLES));
    let organisation = c.patch_text("organisation", input.organisation, 300);
    c.date("start_date", input.start_date.flatten());
    c.date("end_date", input.end_date.flatten());
    c.finish()?;
    let row = state
        .write(move |conn| {
            let change = people::MembershipChange {
                role,
                organisation,
                start_date: input.start_date,
                end_date: input.end_date,
            };
            people::change_membership(conn, &actor, &id, &if_match, change)
        })
        .await?;
    Ok(membership_response(StatusCode::OK, row))
}

/// Remove a membership (kept as a tombstone for integrations).
#[utoipa::path(tag = "memberships", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/memberships/{id}")]
pub async fn delete_membership(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "membership")?;
    state
        .write(move |conn| {
            let before = store::memberships::get(conn, &id)?;
            if_match.check(before.version)?;
            let mut row = before.clone();
            row.deleted_at = Some(store::now());
            store::memberships::save(conn, &actor, "delete", &before, &mut row)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
