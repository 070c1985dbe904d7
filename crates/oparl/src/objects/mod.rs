//! The OParl 1.1 objects, built from rows as the public may see them.
//!
//! Mapping (see `mod.rs` for the reasons):
//! - the whole installation is ONE `Body`; each minutebook body
//!   (partnership, committee, board …) is an `Organization` of it;
//! - people are `Person`s, memberships `Membership`s, meetings `Meeting`s
//!   (with their `agendaItem`s embedded), agenda items `AgendaItem`s,
//!   documents `File`s; a meeting's venue is a `Location`; the published
//!   agenda and minutes are the meeting's `invitation` and
//!   `resultsProtocol` files; each numbering year is a `LegislativeTerm`.
//! - What OParl has no field for goes in vendor-prefixed properties
//!   (`"minutebook:…"`), which the OParl schemas allow (they do not forbid
//!   additional properties) and the specification provides for
//!   ("Herstellerspezifische Erweiterungen").
//!
//! Every builder answers `None` for something the public may not see, and a
//! tombstone (`id`, `type`, `created`, `modified`, `deleted: true`, plus
//! what the schema requires) for something that was public and is gone.

mod agenda;
mod items;
mod meetings;
mod papers;
mod people;
mod terms;
mod urls;
mod votes;

pub use agenda::{Agenda, ItemRecords, MeetingParts, Place};
pub use items::{agenda_item, file};
pub use meetings::{location, meeting, meeting_modified};
pub use papers::{paper, Considered};
pub use people::{membership, on_behalf_of, organization, party, person};
pub use terms::{body, body_stamps, legislative_term, parse_term_key, system, terms, Term};
pub use urls::Urls;

use chrono::{NaiveDateTime, SecondsFormat};
use minutebook_store::bodies::BodyRow;
use minutebook_store::meetings::MeetingRow;
use serde_json::{Map, Value};

pub const OPARL_VERSION: &str = "https://schema.oparl.org/1.1/";

/// The one OParl body: the council (or organisation) running minutebook.
pub const BODY_KEY: &str = "0";

/// Prefix of our own properties.
pub const EXT: &str = "minutebook";

pub fn type_url(name: &str) -> String {
    format!("{OPARL_VERSION}{name}")
}

/// RFC 3339 in UTC, to the microsecond when there is one (what the
/// database keeps), so a `created_until` equal to an object's `created`
/// still includes it.
pub fn ts(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A JSON object under construction; leaves out what has no value (the
/// specification asks for no `null`s and no empty optional lists).
pub struct Obj(Map<String, Value>);

impl Obj {
    pub fn new(id: String, kind: &str) -> Obj {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(id));
        m.insert("type".into(), Value::String(type_url(kind)));
        Obj(m)
    }
    pub fn put(mut self, key: &str, v: impl Into<Value>) -> Obj {
        self.0.insert(key.into(), v.into());
        self
    }
    pub fn opt<V: Into<Value>>(self, key: &str, v: Option<V>) -> Obj {
        match v {
            Some(v) => self.put(key, v),
            None => self,
        }
    }
    /// A text, left out when absent or blank.
    pub fn text(self, key: &str, v: Option<&str>) -> Obj {
        match v.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => self.put(key, s),
            None => self,
        }
    }
    /// A list, left out when empty.
    pub fn list(self, key: &str, v: Vec<Value>) -> Obj {
        if v.is_empty() {
            self
        } else {
            self.put(key, Value::Array(v))
        }
    }
    /// One of our own properties, `minutebook:<name>`.
    pub fn ext(self, name: &str, v: impl Into<Value>) -> Obj {
        self.put(&format!("{EXT}:{name}"), v)
    }
    pub fn stamps(self, created: NaiveDateTime, modified: NaiveDateTime) -> Obj {
        self.put("created", ts(created))
            .put("modified", ts(modified))
    }
    pub fn deleted(self) -> Obj {
        self.put("deleted", true)
    }
    pub fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// The latest of some times.
pub fn latest(
    first: NaiveDateTime,
    rest: impl IntoIterator<Item = Option<NaiveDateTime>>,
) -> NaiveDateTime {
    rest.into_iter().flatten().fold(first, |a, b| a.max(b))
}

/// Whether a meeting that was public is gone: deleted, or its body deleted.
fn meeting_gone(m: &MeetingRow, body: &BodyRow) -> bool {
    m.deleted_at.is_some() || body.deleted_at.is_some()
}

/// What the public may know of a row under a published agenda that was
/// deleted at `deleted_at`: nothing if it went before publication, a
/// tombstone after.
enum Seen {
    Live,
    Tombstone,
    Hidden,
}

fn seen_under_agenda(m: &MeetingRow, deleted_at: &[Option<NaiveDateTime>]) -> Seen {
    let Some(published) = m.agenda_published_at else {
        return Seen::Hidden;
    };
    let mut seen = Seen::Live;
    for at in deleted_at.iter().flatten() {
        if *at < published {
            return Seen::Hidden;
        }
        seen = Seen::Tombstone;
    }
    seen
}
