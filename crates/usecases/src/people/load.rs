//! Loading a council's members in bulk (`minutebook import-members`): one
//! row a councillor, each in the caller's transaction of its own, so a bad
//! row changes nothing and the others still go in. Wards and parties are
//! found by name (or made); a row already loaded (the same name holding a
//! term from the same day) is left as it is.

use super::councillors::{self, NewTerm, PartyDetails, WardDetails};
use super::{apply_change, register, PersonChange};
use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::vocab::is_email;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store};

/// One member as a council's spreadsheet gives them.
#[derive(Debug, Clone, Default)]
pub struct MemberRow {
    pub name: String,
    pub honorific: Option<String>,
    pub title: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub ward: String,
    pub party: String,
    /// The private address the service mails.
    pub email: Option<String>,
    pub public_email: Option<String>,
    pub public_phone: Option<String>,
    pub public_address: Option<String>,
    pub posts: Vec<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// What became of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Added { person_id: String },
    AlreadyThere { person_id: String },
}

fn bounded(field: &str, v: &str, max: usize) -> AppResult<()> {
    if v.chars().count() > max {
        return Err(AppError::field(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(())
}

fn check(row: &MemberRow) -> AppResult<()> {
    if row.name.trim().is_empty() {
        return Err(AppError::field("name", "is required"));
    }
    bounded("name", &row.name, 200)?;
    if row.ward.trim().is_empty() {
        return Err(AppError::field("ward", "is required"));
    }
    if row.party.trim().is_empty() {
        return Err(AppError::field(
            "party",
            "is required (write Independent for a member who sits as one)",
        ));
    }
    bounded("ward", &row.ward, 200)?;
    bounded("party", &row.party, 200)?;
    for (field, v) in [("email", &row.email), ("public_email", &row.public_email)] {
        if let Some(v) = v {
            if !is_email(v) {
                return Err(AppError::field(
                    field,
                    "must be an email address such as name@council.gov.uk",
                ));
            }
        }
    }
    Ok(())
}

/// Loads one member: their ward and party (found by name, else made), the
/// person, and the term of office.
pub fn load(conn: &mut DbConn, actor: &Actor, row: MemberRow) -> AppResult<Loaded> {
    check(&row)?;
    let ward = match store::councillors::list_wards(conn)?
        .into_iter()
        .find(|w| w.name.eq_ignore_ascii_case(row.ward.trim()) && w.retired_at.is_none())
    {
        Some(w) => w,
        None => councillors::create_ward(
            conn,
            actor,
            row.ward.trim().to_string(),
            WardDetails::default(),
        )?,
    };
    let party = match store::councillors::list_parties(conn)?
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(row.party.trim()) && p.retired_at.is_none())
    {
        Some(p) => p,
        None => councillors::create_party(
            conn,
            actor,
            row.party.trim().to_string(),
            PartyDetails::default(),
        )?,
    };
    let same_name = store::people::find_by_name(conn, row.name.trim())?;
    for p in &same_name {
        if store::councillors::terms_of(conn, &p.id)?
            .iter()
            .any(|t| t.start_date == row.start_date && t.ward_id == ward.id)
        {
            return Ok(Loaded::AlreadyThere {
                person_id: p.id.clone(),
            });
        }
    }
    let mut person = PersonRow {
        honorific: row.honorific,
        email: row.email,
        ..PersonRow::named(row.name.trim().to_string())
    };
    apply_change(
        &mut person,
        PersonChange {
            title: Some(row.title),
            given_name: Some(row.given_name),
            family_name: Some(row.family_name),
            public_email: Some(row.public_email),
            public_phone: Some(row.public_phone),
            public_address: Some(row.public_address),
            posts: Some(row.posts),
            ..Default::default()
        },
    );
    let person = register(conn, actor, person)?;
    councillors::add_term(
        conn,
        actor,
        &person.id,
        NewTerm {
            ward_id: ward.id,
            party_id: party.id,
            start_date: row.start_date,
            end_date: row.end_date,
        },
    )?;
    Ok(Loaded::Added {
        person_id: person.id,
    })
}
