//! What the API answers: the JSON shapes of every resource, built from rows
//! for a given viewer (the public never sees restricted or unpublished
//! content).

use crate::store::bodies::BodyRow;
use crate::store::memberships::MembershipRow;
use crate::store::people::PersonRow;
use crate::store::tokens::TokenRow;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

pub fn utc_opt(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(utc)
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Builds a page from `limit + 1` fetched rows.
pub fn page<R, T: ToSchema>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> (NaiveDateTime, String),
    map: impl FnMut(R) -> T,
) -> Page<T> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| {
            let (at, id) = key(r);
            super::input::encode_cursor(at, &id)
        })
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        next_cursor,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Numbering {
    /// e.g. `{prefix}/{n}/{yy}`
    pub format: String,
    /// Month (1–12) in which the numbering year starts.
    pub year_start_month: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub minute_prefix: String,
    pub kind: String,
    pub numbering: Numbering,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<BodyRow> for Body {
    fn from(r: BodyRow) -> Body {
        Body {
            id: r.id,
            name: r.name,
            slug: r.slug,
            minute_prefix: r.minute_prefix,
            kind: r.kind,
            numbering: Numbering {
                format: r.numbering_format,
                year_start_month: r.year_start_month,
            },
            description: r.description,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub honorific: Option<String>,
    pub organisation: Option<String>,
    /// Shown only to token holders.
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Person {
    pub fn from_row(r: PersonRow, internal: bool) -> Person {
        Person {
            id: r.id,
            name: r.name,
            honorific: r.honorific,
            organisation: r.organisation,
            email: if internal { r.email } else { None },
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub id: String,
    pub body_id: String,
    pub person_id: String,
    pub role: String,
    pub organisation: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<MembershipRow> for Membership {
    fn from(r: MembershipRow) -> Membership {
        Membership {
            id: r.id,
            body_id: r.body_id,
            person_id: r.person_id,
            role: r.role,
            organisation: r.organisation,
            start_date: r.start_date,
            end_date: r.end_date,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    pub id: String,
    pub name: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl From<TokenRow> for Token {
    fn from(r: TokenRow) -> Token {
        Token {
            id: r.id,
            name: r.name,
            role: r.role,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            revoked_at: utc_opt(r.revoked_at),
            version: r.version,
        }
    }
}

/// A new token: the secret is shown here once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewToken {
    #[serde(flatten)]
    pub info: Token,
    /// The bearer token; shown only in this response.
    pub token: String,
}
