//! The people a body already knows, by name, as an import meets them: a
//! name the document prints is matched to a person of the body (exactly,
//! or by [`parse::names::may_be`] when only one can be meant), else a new
//! person is made (and, for a member or an officer, their membership).

use super::parse;
use crate::people;
use minutebook_domain::access::Actor;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store};
use std::collections::HashMap;

/// A name as compared: single spaces, lower case.
pub fn norm(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The body's people by normalised name, kept up to date as people are made.
pub struct People {
    body_id: String,
    by_name: HashMap<String, PersonRow>,
}

impl People {
    pub fn load(conn: &mut DbConn, body_id: &str) -> AppResult<People> {
        let mut by_name = HashMap::new();
        for p in store::imports::people_of_body(conn, body_id)? {
            by_name.entry(norm(&p.name)).or_insert(p);
        }
        Ok(People {
            body_id: body_id.to_string(),
            by_name,
        })
    }

    /// The person of that name, else a new person with a membership of the body.
    pub fn get_or_create(
        &mut self,
        conn: &mut DbConn,
        actor: &Actor,
        honorific: Option<&str>,
        name: &str,
        organisation: Option<&str>,
        role: Option<&str>,
    ) -> AppResult<PersonRow> {
        if let Some(p) = self.by_name.get(&norm(name)) {
            return Ok(p.clone());
        }
        // "Cllr Pocock" or "C. Edwards" for a person known by their full
        // name: theirs when only one person of the body can be meant.
        let mut maybe = self
            .by_name
            .values()
            .filter(|p| parse::names::may_be(name, &p.name));
        if let (Some(one), None) = (maybe.next(), maybe.next()) {
            return Ok(one.clone());
        }
        let person = PersonRow {
            honorific: honorific.map(str::to_string),
            organisation: organisation.map(str::to_string),
            ..PersonRow::named(name.chars().take(200).collect())
        };
        // The people use cases' rules, as the API's: a person, then their place.
        let person = people::register(conn, actor, person)?;
        if let Some(role) = role {
            people::add_membership(
                conn,
                actor,
                &self.body_id,
                people::NewMembership {
                    person_id: person.id.clone(),
                    role: role.into(),
                    organisation: organisation.map(str::to_string),
                    start_date: None,
                    end_date: None,
                },
            )?;
        }
        self.by_name.insert(norm(name), person.clone());
        Ok(person)
    }
}
