//! What a viewer sees of people, wards, parties and councillors' terms: the JSON shapes,
//! and the facts (terms, wards, parties, photos) loaded for a page of
//! people in a fixed number of queries.

use super::time::{utc, utc_opt};
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::councillors::{term_on, Span};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::councillors::{PartyRow, TermRow, WardRow};
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ward {
    pub id: String,
    pub name: String,
    pub ons_code: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Set when the ward was removed while terms of office named it.
    pub retired_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<WardRow> for Ward {
    fn from(r: WardRow) -> Ward {
        Ward {
            id: r.id,
            name: r.name,
            ons_code: r.ons_code,
            start_date: r.start_date,
            end_date: r.end_date,
            retired_at: utc_opt(r.retired_at),
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    /// `#rrggbb`.
    pub colour: Option<String>,
    pub retired_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<PartyRow> for Party {
    fn from(r: PartyRow) -> Party {
        Party {
            id: r.id,
            name: r.name,
            short_name: r.short_name,
            colour: r.colour,
            retired_at: utc_opt(r.retired_at),
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// A term of office, with its ward's and party's names.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Term {
    pub id: String,
    pub person_id: String,
    pub ward_id: String,
    pub ward: String,
    pub party_id: String,
    pub party: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
}

/// Terms, wards, parties and photos for a set of people.
#[derive(Debug, Default)]
pub struct Facts {
    pub terms: HashMap<String, Vec<TermRow>>,
    pub wards: HashMap<String, WardRow>,
    pub parties: HashMap<String, PartyRow>,
    /// Person id → the photo's hash.
    pub photos: HashMap<String, String>,
}

impl Facts {
    /// Loads the facts for these people (every councillor when `None`):
    /// four queries whatever their number.
    pub fn load(conn: &mut DbConn, people: Option<&[String]>) -> AppResult<Facts> {
        let mut terms: HashMap<String, Vec<TermRow>> = HashMap::new();
        for t in store::councillors::terms_of_many(conn, people)? {
            terms.entry(t.person_id.clone()).or_default().push(t);
        }
        let wards = store::councillors::list_wards(conn)?
            .into_iter()
            .map(|w| (w.id.clone(), w))
            .collect();
        let parties = store::councillors::list_parties(conn)?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let ids: Vec<String> = match people {
            Some(p) => p.to_vec(),
            None => terms.keys().cloned().collect(),
        };
        let photos = store::councillors::photos_of(conn, &ids)?
            .into_iter()
            .map(|p| (p.person_id, p.sha256))
            .collect();
        Ok(Facts {
            terms,
            wards,
            parties,
            photos,
        })
    }

    pub fn term(&self, t: &TermRow) -> Term {
        Term {
            id: t.id.clone(),
            person_id: t.person_id.clone(),
            ward_id: t.ward_id.clone(),
            ward: self
                .wards
                .get(&t.ward_id)
                .map(|w| w.name.clone())
                .unwrap_or_default(),
            party_id: t.party_id.clone(),
            party: self
                .parties
                .get(&t.party_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            start_date: t.start_date,
            end_date: t.end_date,
            version: t.version,
        }
    }

    /// A person's terms, oldest first.
    pub fn terms_of(&self, person_id: &str) -> Vec<Term> {
        self.terms
            .get(person_id)
            .map(|ts| ts.iter().map(|t| self.term(t)).collect())
            .unwrap_or_default()
    }

    /// The term a person holds on `on`, if any.
    pub fn term_on(&self, person_id: &str, on: NaiveDate) -> Option<&TermRow> {
        let ts = self.terms.get(person_id)?;
        let spans: Vec<Span> = ts
            .iter()
            .map(|t| Span {
                start: t.start_date,
                end: t.end_date,
            })
            .collect();
        term_on(&spans, on).map(|i| &ts[i])
    }

    /// The photo's address (it changes with the photo, so it may be kept
    /// long), if the person has one.
    pub fn photo_path(&self, person_id: &str) -> Option<String> {
        self.photos
            .get(person_id)
            .map(|h| format!("/people/{person_id}/photo?v={}", &h[..h.len().min(12)]))
    }
}

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub honorific: Option<String>,
    pub title: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The organisation the person represents (partner representatives).
    pub organisation: Option<String>,
    /// The private address the service writes to: shown only to token holders.
    pub email: Option<String>,
    /// The contact details the council publishes.
    pub public_email: Option<String>,
    pub public_phone: Option<String>,
    pub public_address: Option<String>,
    pub biography: Option<String>,
    /// e.g. "Leader of the Council", a portfolio.
    pub posts: Vec<String>,
    /// `/people/{id}/photo?v=…`, when there is one.
    pub photo_url: Option<String>,
    /// The term held today (ward and party), if a councillor.
    pub current_term: Option<Term>,
    /// Every term of office, oldest first.
    pub terms: Vec<Term>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Person {
    /// `internal`: whether the viewer may see private contact details.
    pub fn build(r: PersonRow, internal: bool, facts: &Facts, today: NaiveDate) -> Person {
        let posts = r.post_list();
        Person {
            current_term: facts.term_on(&r.id, today).map(|t| facts.term(t)),
            terms: facts.terms_of(&r.id),
            photo_url: facts.photo_path(&r.id),
            id: r.id,
            name: r.name,
            honorific: r.honorific,
            title: r.title,
            given_name: r.given_name,
            family_name: r.family_name,
            organisation: r.organisation,
            email: if internal { r.email } else { None },
            public_email: r.public_email,
            public_phone: r.public_phone,
            public_address: r.public_address,
            biography: r.biography,
            posts,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// Today in London (what "current" means for a term).
pub fn today() -> NaiveDate {
    minutebook_domain::time::date_of(Utc::now())
}
