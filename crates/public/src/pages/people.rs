//! Councillors in public: `/people` (every councillor and member, by ward,
//! by party or by name, filtered by ward, party, body or name), `/people/{id}`
//! (a member's page: photo, party and ward, posts, contact, committees,
//! upcoming meetings, attendance, register of interests, declarations,
//! votes) and `/people/{id}/photo`. Everything comes from the read model's
//! public view: no private address, no sensitive interest, nothing from
//! drafts or restricted items.

use super::{choices, crumbs, day, Choice, Crumb};
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use minutebook_domain::visibility::Viewer;
use minutebook_read::member::{profile, Profile};
use minutebook_read::people::{today, Facts};
use minutebook_render::dates::{clock_time, long_date};
use minutebook_store::{self as store, parse_id};
use minutebook_web::published::{self as web, Policy, SITE_NAME};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most people the index lists.
const MAX_PEOPLE: i64 = 2000;

#[derive(Serialize)]
struct Card {
    url: String,
    name: String,
    photo_url: Option<String>,
    party: Option<String>,
    ward: Option<String>,
    organisation: Option<String>,
    posts: Vec<String>,
}

#[derive(Serialize)]
struct Group {
    heading: String,
    members: Vec<Card>,
}

#[derive(Serialize)]
struct PeoplePage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    name: String,
    wards: Vec<Choice>,
    parties: Vec<Choice>,
    bodies: Vec<Choice>,
    views: Vec<Choice>,
    groups: Vec<Group>,
    count: usize,
}

/// The index's filters, from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct PeopleQuery {
    #[serde(default)]
    ward: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    by: String,
}

/// `/people`: the councillors (and other members of bodies), grouped.
#[get("/people")]
pub async fn people_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    q: aw::Query<PeopleQuery>,
) -> HttpResponse {
    let q = q.into_inner();
    let result = state
        .db(move |conn| {
            let people = store::people::publicly_known_all(conn, MAX_PEOPLE)?;
            let ids: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
            let facts = Facts::load(conn, Some(&ids))?;
            let bodies = store::public_lists::bodies(conn)?;
            let seats = store::oparl_queries::memberships_of_people(conn, &ids)?;
            Ok((people, facts, bodies, seats))
        })
        .await
        .and_then(|(people, facts, bodies, seats)| {
            let listed = Listed {
                facts: &facts,
                seats: &seats,
                today: today(),
            };
            let cards = listed.cards(&people, &bodies, &q);
            let count = cards.len();
            let by = match q.by.as_str() {
                "party" | "name" => q.by.clone(),
                _ => "ward".to_string(),
            };
            let (wards, parties) = current_wards_and_parties(&facts);
            web::render(
                "people.html",
                PeoplePage {
                    site: SITE_NAME,
                    title: "Councillors and members".into(),
                    crumbs: crumbs(&[
                        ("Home", Some("/".into())),
                        ("Councillors and members", None),
                    ]),
                    q: String::new(),
                    name: q.name.clone(),
                    wards: choices(wards, &q.ward),
                    parties: choices(parties, &q.party),
                    bodies: choices(
                        bodies
                            .iter()
                            .map(|b| (b.slug.clone(), b.name.clone()))
                            .collect(),
                        &q.body,
                    ),
                    views: choices(
                        vec![
                            ("ward".into(), "by ward".into()),
                            ("party".into(), "by party".into()),
                            ("name".into(), "by name".into()),
                        ],
                        &by,
                    ),
                    groups: grouped(cards, &by),
                    count,
                },
            )
        });
    web::page(&req, result)
}

/// A card with the ward and party it is grouped under.
type ListedCard = (Option<String>, Option<String>, Card);

/// Who the index lists today, from the public facts and the seats on
/// bodies.
struct Listed<'a> {
    facts: &'a Facts,
    seats: &'a [store::memberships::MembershipRow],
    today: chrono::NaiveDate,
}

impl Listed<'_> {
    /// Whether `person_id` holds a seat today, on `body_id` if given, in
    /// one of `roles` if given.
    fn seated(&self, person_id: &str, body_id: Option<&str>, roles: Option<&[&str]>) -> bool {
        self.seats.iter().any(|m| {
            m.person_id == person_id
                && m.deleted_at.is_none()
                && body_id.is_none_or(|b| m.body_id == b)
                && roles.is_none_or(|r| r.contains(&m.role.as_str()))
                && m.end_date.is_none_or(|e| e >= self.today)
        })
    }

    /// The cards of the councillors and members of bodies today that the
    /// filters keep (ward, party, body, part of the name).
    fn cards(
        &self,
        people: &[store::people::PersonRow],
        bodies: &[store::bodies::BodyRow],
        q: &PeopleQuery,
    ) -> Vec<ListedCard> {
        let body_id = bodies
            .iter()
            .find(|b| b.slug == q.body)
            .map(|b| b.id.as_str());
        let needle = q.name.trim().to_lowercase();
        let mut cards = Vec::new();
        for p in people {
            let term = self.facts.term_on(&p.id, self.today);
            // Members of bodies (co-opted, partners), not officers.
            let sits = self.seated(&p.id, None, Some(&["chair", "vice_chair", "member"]));
            if term.is_none() && !sits {
                continue; // neither a councillor nor a member today
            }
            let ward = term.and_then(|t| self.facts.wards.get(&t.ward_id));
            let party = term.and_then(|t| self.facts.parties.get(&t.party_id));
            let on_body = body_id.is_some_and(|b| self.seated(&p.id, Some(b), None));
            if (!q.ward.is_empty() && ward.is_none_or(|w| w.id != q.ward))
                || (!q.party.is_empty() && party.is_none_or(|x| x.id != q.party))
                || (!q.body.is_empty() && !on_body)
                || (!needle.is_empty() && !p.display_name().to_lowercase().contains(&needle))
            {
                continue;
            }
            cards.push((
                ward.map(|w| w.name.clone()),
                party.map(|x| x.name.clone()),
                Card {
                    url: format!("/people/{}", p.id),
                    name: p.display_name(),
                    photo_url: self.facts.photo_path(&p.id),
                    party: party.map(|x| x.name.clone()),
                    ward: ward.map(|w| w.name.clone()),
                    organisation: if term.is_none() {
                        p.organisation.clone()
                    } else {
                        None
                    },
                    posts: p.post_list(),
                },
            ));
        }
        cards
    }
}

/// Councillors by ward, party or initial (`by`); other members of bodies
/// (co-opted, partners) after them.
fn grouped(cards: Vec<ListedCard>, by: &str) -> Vec<Group> {
    let mut groups: BTreeMap<(bool, String), Vec<Card>> = BTreeMap::new();
    for (ward, party, card) in cards {
        let initial = card
            .name
            .chars()
            .find(|c| c.is_alphabetic())
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        let key = match by {
            "party" => party.map(|p| (false, p)),
            "name" => Some((false, initial)),
            _ => ward.map(|w| (false, w)),
        }
        .unwrap_or_else(|| (true, "Other members of committees and partnerships".into()));
        groups.entry(key).or_default().push(card);
    }
    groups
        .into_iter()
        .map(|((_, heading), members)| Group { heading, members })
        .collect()
}

/// A filter's options: (value, label).
type Options = Vec<(String, String)>;

/// The wards and parties not retired, by name, as (id, name) for the
/// filters.
fn current_wards_and_parties(facts: &Facts) -> (Options, Options) {
    let mut wards: Options = facts
        .wards
        .values()
        .filter(|w| w.retired_at.is_none())
        .map(|w| (w.id.clone(), w.name.clone()))
        .collect();
    wards.sort_by(|a, b| a.1.cmp(&b.1));
    let mut parties: Options = facts
        .parties
        .values()
        .filter(|p| p.retired_at.is_none())
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    parties.sort_by(|a, b| a.1.cmp(&b.1));
    (wards, parties)
}

#[derive(Serialize)]
struct Dated {
    text: String,
    date: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct PersonPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    p: Profile,
    terms: Vec<Dated>,
    upcoming: Vec<Dated>,
    current_party: Option<String>,
    current_ward: Option<String>,
    since: Option<String>,
    year: String,
}

fn person_page_of(p: Profile) -> PersonPage {
    let terms = p
        .person
        .terms
        .iter()
        .rev()
        .map(|t| Dated {
            text: format!("{} for {}", t.party, t.ward),
            date: match t.end_date {
                Some(e) => format!("{} to {}", day(t.start_date), day(e)),
                None => format!("since {}", day(t.start_date)),
            },
            url: None,
        })
        .collect();
    let upcoming = p
        .upcoming_meetings
        .iter()
        .map(|u| Dated {
            text: u.body.clone(),
            date: format!("{} {}", long_date(u.starts_at), clock_time(u.starts_at)),
            url: Some(format!("/meetings/{}", u.meeting_id)),
        })
        .collect();
    let current = p.person.current_term.as_ref();
    let name = match &p.person.honorific {
        Some(h) => format!("{h} {}", p.person.name),
        None => p.person.name.clone(),
    };
    PersonPage {
        site: SITE_NAME,
        crumbs: crumbs(&[
            ("Home", Some("/".into())),
            ("Councillors and members", Some("/people".into())),
            (name.as_str(), None),
        ]),
        title: name,
        q: String::new(),
        current_party: current.map(|t| t.party.clone()),
        current_ward: current.map(|t| t.ward.clone()),
        since: current.map(|t| day(t.start_date)),
        year: format!(
            "{} to {}",
            day(p.attendance.range.from),
            day(p.attendance.range.to)
        ),
        terms,
        upcoming,
        p,
    }
}

/// `/people/{id}`: a member's page.
#[get("/people/{id}")]
pub async fn person_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let result = match parse_id(&path, "person") {
        Ok(id) => {
            state
                .db(move |conn| profile(conn, &id, Viewer::Public, today()))
                .await
        }
        Err(e) => Err(e),
    };
    let result = result.and_then(|p| web::render("person.html", person_page_of(p)));
    web::page(&req, result)
}

/// `/people/{id}/photo`: a person's photo, for anyone who may know of them,
/// served as papers are (`nosniff`, no script, its own ETag).
#[get("/people/{id}/photo")]
pub async fn photo(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let result = match parse_id(&path, "person") {
        Ok(id) => {
            state
                .db(move |conn| {
                    store::people::get_for(conn, &id, Viewer::Public)?;
                    store::councillors::get_photo(conn, &id)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => web::cached(&req, &p.content_type, p.bytes, Policy::ASSET),
        Err(e) => web::error_page(&e, Policy::ASSET),
    }
}
