//! The JSON shapes of bodies, memberships and tokens (people are in
//! `people.rs`).

use super::time::{utc, utc_opt};
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_store::bodies::BodyRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::tokens::TokenRow;
use serde::Serialize;
use utoipa::ToSchema;

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
