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

use crate::domain::lifecycle::MeetingStatus;
use crate::domain::numbering::part_letter;
use crate::domain::visibility::{self, ItemFacts, Viewer};
use crate::domain::vocab::schedule_12a_description;
use crate::render::doc::outcome_line;
use crate::store::attendance::AttendanceRow;
use crate::store::bodies::BodyRow;
use crate::store::documents::DocumentRow;
use crate::store::items::ItemRow;
use crate::store::meetings::MeetingRow;
use crate::store::memberships::MembershipRow;
use crate::store::minutes::{DeclarationRow, OutcomeRow};
use crate::store::oparl_queries::NumberedMeeting;
use crate::store::people::PersonRow;
use chrono::{NaiveDate, NaiveDateTime, SecondsFormat};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

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

/// Every URL the API gives out, from the configured public URL.
#[derive(Debug, Clone)]
pub struct Urls {
    pub api: String,
    pub public: String,
}

impl Urls {
    pub fn new(public_url: &str) -> Urls {
        let public = public_url.trim_end_matches('/').to_string();
        Urls {
            api: format!("{public}/oparl/v1"),
            public,
        }
    }
    pub fn system(&self) -> String {
        format!("{}/system", self.api)
    }
    pub fn bodies(&self) -> String {
        format!("{}/bodies", self.api)
    }
    pub fn body(&self) -> String {
        format!("{}/body/{BODY_KEY}", self.api)
    }
    /// One of the body's external lists.
    pub fn body_list(&self, list: &str) -> String {
        format!("{}/body/{BODY_KEY}/{list}", self.api)
    }
    pub fn organization(&self, id: &str) -> String {
        format!("{}/organization/{id}", self.api)
    }
    pub fn organization_meetings(&self, id: &str) -> String {
        format!("{}/organization/{id}/meetings", self.api)
    }
    pub fn person(&self, id: &str) -> String {
        format!("{}/person/{id}", self.api)
    }
    pub fn membership(&self, id: &str) -> String {
        format!("{}/membership/{id}", self.api)
    }
    pub fn meeting(&self, id: &str) -> String {
        format!("{}/meeting/{id}", self.api)
    }
    pub fn invitation(&self, meeting_id: &str) -> String {
        format!("{}/meeting/{meeting_id}/invitation", self.api)
    }
    pub fn results_protocol(&self, meeting_id: &str) -> String {
        format!("{}/meeting/{meeting_id}/results-protocol", self.api)
    }
    pub fn agenda_item(&self, id: &str) -> String {
        format!("{}/agenda-item/{id}", self.api)
    }
    pub fn file(&self, id: &str) -> String {
        format!("{}/file/{id}", self.api)
    }
    pub fn location(&self, meeting_id: &str) -> String {
        format!("{}/location/{meeting_id}", self.api)
    }
    pub fn legislative_term(&self, key: &str) -> String {
        format!("{}/legislative-term/{key}", self.api)
    }
    pub fn document_content(&self, id: &str) -> String {
        format!("{}/api/v1/documents/{id}/content", self.public)
    }
    pub fn rendered(&self, meeting_id: &str, what: &str, format: &str) -> String {
        format!(
            "{}/api/v1/meetings/{meeting_id}/{what}?format={format}&audience=public",
            self.public
        )
    }
    pub fn meeting_page(&self, id: &str) -> String {
        format!("{}/meetings/{id}", self.public)
    }
    pub fn body_page(&self, slug: &str) -> String {
        format!("{}/bodies/{slug}", self.public)
    }
    pub fn home_page(&self) -> String {
        format!("{}/", self.public)
    }
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

// ---------------------------------------------------------------- System, Body

pub fn system(u: &Urls, name: &str, created: Option<NaiveDateTime>) -> Value {
    let mut o = Obj::new(u.system(), "System")
        .put("oparlVersion", OPARL_VERSION)
        .put("body", u.bodies())
        .put("name", name)
        .put("website", u.home_page())
        .put("vendor", "https://minutebook.dev/")
        .put("product", "https://minutebook.dev/minutebook")
        .put("web", u.home_page());
    if let Some(c) = created {
        o = o.stamps(c, c);
    }
    o.done()
}

/// A numbering year, as OParl's legislative term.
#[derive(Debug, Clone)]
pub struct Term {
    pub year: i32,
    pub month: i32,
    pub name: String,
    pub created: NaiveDateTime,
    pub modified: NaiveDateTime,
}

impl Term {
    pub fn key(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
    pub fn start(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month as u32, 1)
    }
    pub fn end(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year + 1, self.month as u32, 1).and_then(|d| d.pred_opt())
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "2023/24" (or "2023" for a year that starts in January).
fn term_label(year: i32, month: i32) -> String {
    if month == 1 {
        year.to_string()
    } else {
        format!("{year}/{:02}", (year + 1).rem_euclid(100))
    }
}

/// The legislative terms: one per numbering year and start month in use.
/// A term exists from the moment its first minute number was given (the
/// agenda's publication, or a later item's creation); it is named
/// "2023/24", with "(from April)" added only when bodies with different
/// start months share that label (and then it changed when the second
/// appeared, which its `modified` says).
pub fn terms(rows: &[NumberedMeeting]) -> Vec<Term> {
    let mut first: HashMap<(i32, i32), NaiveDateTime> = HashMap::new();
    for r in rows {
        if !(1..=12).contains(&r.year_start_month) {
            continue;
        }
        let at = match (r.agenda_published_at, r.first_item_created_at) {
            (Some(p), Some(c)) => p.max(c),
            (Some(p), None) => p,
            (None, Some(c)) => c,
            (None, None) => continue,
        };
        let e = first
            .entry((r.year_start_month, r.numbering_year))
            .or_insert(at);
        *e = (*e).min(at);
    }
    let mut by_label: HashMap<String, Vec<(i32, NaiveDateTime)>> = HashMap::new();
    for ((month, year), at) in &first {
        by_label
            .entry(term_label(*year, *month))
            .or_default()
            .push((*month, *at));
    }
    let mut out: Vec<Term> = first
        .iter()
        .map(|((month, year), created)| {
            let label = term_label(*year, *month);
            let shared = by_label.get(&label).map(Vec::as_slice).unwrap_or(&[]);
            let (name, modified) = if shared.len() > 1 {
                let month_name = MONTHS
                    .get((*month - 1) as usize)
                    .copied()
                    .unwrap_or("January");
                let renamed = shared.iter().map(|(_, at)| *at).max().unwrap_or(*created);
                (format!("{label} (from {month_name})"), renamed)
            } else {
                (label, *created)
            };
            Term {
                year: *year,
                month: *month,
                name,
                created: *created,
                modified,
            }
        })
        .collect();
    out.sort_by_key(|a| (a.created, a.key()));
    out
}

pub fn legislative_term(u: &Urls, t: &Term) -> Value {
    Obj::new(u.legislative_term(&t.key()), "LegislativeTerm")
        .put("body", u.body())
        .put("name", t.name.clone())
        .opt("startDate", t.start().map(|d| d.to_string()))
        .opt("endDate", t.end().map(|d| d.to_string()))
        .ext("yearStartMonth", t.month)
        .stamps(t.created, t.modified)
        .done()
}

/// The one Body. `span` is the earliest creation and latest change of any
/// minutebook body.
pub fn body(
    u: &Urls,
    name: &str,
    span: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    terms: &[Term],
) -> Value {
    let mut o = Obj::new(u.body(), "Body")
        .put("system", u.system())
        .put("name", name)
        .put("website", u.home_page())
        .put("organization", u.body_list("organizations"))
        .put("person", u.body_list("people"))
        .put("meeting", u.body_list("meetings"))
        .put("paper", u.body_list("papers"))
        .put(
            "legislativeTerm",
            Value::Array(terms.iter().map(|t| legislative_term(u, t)).collect()),
        )
        .put("legislativeTermList", u.body_list("legislative-terms"))
        .put("agendaItem", u.body_list("agenda-items"))
        .put("membership", u.body_list("memberships"))
        .put("file", u.body_list("files"))
        .put("locationList", u.body_list("locations"))
        .put("web", u.home_page());
    if let Some(created) = span.0.or_else(|| terms.iter().map(|t| t.created).min()) {
        let modified = latest(
            span.1.unwrap_or(created),
            terms.iter().map(|t| Some(t.modified)),
        );
        o = o.stamps(created, modified.max(created));
    }
    o.done()
}

/// The Body's `created`/`modified`, for the bodies list filters.
pub fn body_stamps(v: &Value) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let parse = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.naive_utc())
    };
    Some((parse("created")?, parse("modified")?))
}

// ------------------------------------------------- Organization, Person, Membership

pub fn organization(u: &Urls, b: &BodyRow, memberships: &[&MembershipRow]) -> Value {
    let modified = latest(b.updated_at, memberships.iter().map(|m| Some(m.updated_at)));
    let o = Obj::new(u.organization(&b.id), "Organization");
    if b.deleted_at.is_some() {
        return o.stamps(b.created_at, modified).deleted().done();
    }
    o.put("body", u.body())
        .put("name", b.name.clone())
        .put("shortName", b.minute_prefix.clone())
        .put("classification", b.kind.clone())
        .list(
            "membership",
            memberships
                .iter()
                .filter(|m| m.deleted_at.is_none())
                .map(|m| Value::String(u.membership(&m.id)))
                .collect(),
        )
        .put("meeting", u.organization_meetings(&b.id))
        .put("website", u.body_page(&b.slug))
        .put("web", u.body_page(&b.slug))
        .ext("slug", b.slug.clone())
        .ext(
            "numbering",
            json!({"format": b.numbering_format, "yearStartMonth": b.year_start_month}),
        )
        .opt(&format!("{EXT}:description"), b.description.clone())
        .stamps(b.created_at, modified)
        .done()
}

fn role_label(role: &str) -> String {
    match role {
        "chair" => "Chair".into(),
        "vice_chair" => "Vice-chair".into(),
        "member" => "Member".into(),
        "officer" => "Officer".into(),
        "lead_officer" => "Lead officer".into(),
        other => other.replace('_', " "),
    }
}

pub fn membership(u: &Urls, m: &MembershipRow) -> Value {
    let o = Obj::new(u.membership(&m.id), "Membership");
    if m.deleted_at.is_some() {
        return o.stamps(m.created_at, m.updated_at).deleted().done();
    }
    o.put("person", u.person(&m.person_id))
        .put("organization", u.organization(&m.body_id))
        .put("role", role_label(&m.role))
        .put(
            "votingRight",
            matches!(m.role.as_str(), "chair" | "vice_chair" | "member"),
        )
        .opt("startDate", m.start_date.map(|d| d.to_string()))
        .opt("endDate", m.end_date.map(|d| d.to_string()))
        .ext("role", m.role.clone())
        .opt(&format!("{EXT}:organisation"), m.organisation.clone())
        .stamps(m.created_at, m.updated_at)
        .done()
}

pub fn person(u: &Urls, p: &PersonRow, memberships: &[&MembershipRow]) -> Value {
    let modified = latest(p.updated_at, memberships.iter().map(|m| Some(m.updated_at)));
    let o = Obj::new(u.person(&p.id), "Person");
    if p.deleted_at.is_some() {
        return o.stamps(p.created_at, modified).deleted().done();
    }
    // Email addresses are for token holders only; OParl is public.
    o.put("body", u.body())
        .put("name", p.display_name())
        .text("formOfAddress", p.honorific.as_deref())
        .list(
            "membership",
            memberships
                .iter()
                .filter(|m| m.deleted_at.is_none())
                .map(|m| membership(u, m))
                .collect(),
        )
        .text(&format!("{EXT}:organisation"), p.organisation.as_deref())
        .stamps(p.created_at, modified)
        .done()
}

// --------------------------------------------------------- Meeting and below

/// Outcomes, declarations and documents of items, by item id (deleted rows
/// included: they count towards `modified`).
#[derive(Default)]
pub struct ItemRecords {
    pub outcomes: HashMap<String, Vec<OutcomeRow>>,
    pub declarations: HashMap<String, Vec<DeclarationRow>>,
    pub documents: HashMap<String, Vec<DocumentRow>>,
}

impl ItemRecords {
    pub fn new(
        outcomes: Vec<OutcomeRow>,
        declarations: Vec<DeclarationRow>,
        documents: Vec<DocumentRow>,
    ) -> ItemRecords {
        let mut r = ItemRecords::default();
        for o in outcomes {
            r.outcomes.entry(o.item_id.clone()).or_default().push(o);
        }
        for d in declarations {
            r.declarations.entry(d.item_id.clone()).or_default().push(d);
        }
        for d in documents {
            r.documents.entry(d.item_id.clone()).or_default().push(d);
        }
        r
    }

    /// The last change to anything recorded against the item.
    fn changed(&self, item_id: &str) -> Option<NaiveDateTime> {
        let o = self
            .outcomes
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        let d = self
            .declarations
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        let f = self
            .documents
            .get(item_id)
            .into_iter()
            .flatten()
            .map(|r| r.updated_at);
        o.chain(d).chain(f).max()
    }

    fn live_outcomes(&self, item_id: &str) -> Vec<&OutcomeRow> {
        self.outcomes
            .get(item_id)
            .into_iter()
            .flatten()
            .filter(|r| r.deleted_at.is_none())
            .collect()
    }

    fn live_declarations(&self, item_id: &str) -> Vec<&DeclarationRow> {
        self.declarations
            .get(item_id)
            .into_iter()
            .flatten()
            .filter(|r| r.deleted_at.is_none())
            .collect()
    }

    fn documents(&self, item_id: &str) -> &[DocumentRow] {
        self.documents
            .get(item_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// Where an item stands on its agenda: OParl's `order` (0, 1, 2 … over
/// the items and their parts in agenda order, as in `Meeting.agendaItem`)
/// and its number ("SSP/5/23", a part "SSP/5/23(a)").
#[derive(Debug, Clone)]
pub struct Place {
    pub order: i64,
    pub number: Option<String>,
}

/// The items of one meeting (all of them, in position order), laid out.
pub struct Agenda<'a> {
    pub rows: HashMap<&'a str, &'a ItemRow>,
    /// Live items in agenda order.
    pub live: Vec<&'a ItemRow>,
    pub places: HashMap<&'a str, Place>,
}

impl<'a> Agenda<'a> {
    pub fn new(items: &'a [&'a ItemRow]) -> Agenda<'a> {
        let rows: HashMap<&str, &ItemRow> = items.iter().map(|i| (i.id.as_str(), *i)).collect();
        let mut live = Vec::new();
        let mut places = HashMap::new();
        for top in items
            .iter()
            .filter(|i| i.parent_id.is_none() && i.deleted_at.is_none())
        {
            places.insert(
                top.id.as_str(),
                Place {
                    order: live.len() as i64,
                    number: top.minute_number.clone(),
                },
            );
            live.push(*top);
            let parts = items.iter().filter(|i| {
                i.parent_id.as_deref() == Some(top.id.as_str()) && i.deleted_at.is_none()
            });
            for (n, part) in parts.enumerate() {
                places.insert(
                    part.id.as_str(),
                    Place {
                        order: live.len() as i64,
                        number: top
                            .minute_number
                            .as_ref()
                            .map(|num| format!("{num}({})", part_letter(n))),
                    },
                );
                live.push(*part);
            }
        }
        // A withdrawn item keeps the place it had among its siblings (the
        // schema requires `order`) and, if it had one, its number, which is
        // never given again.
        for i in items.iter().filter(|i| i.deleted_at.is_some()) {
            places.insert(
                i.id.as_str(),
                Place {
                    order: i64::from(i.position.max(1) - 1),
                    number: i.minute_number.clone(),
                },
            );
        }
        Agenda { rows, live, places }
    }

    fn parent(&self, item: &ItemRow) -> Option<&'a ItemRow> {
        item.parent_id
            .as_deref()
            .and_then(|p| self.rows.get(p).copied())
    }
}

/// What a meeting needs to be shown: its body and its items' records.
pub struct MeetingParts<'a> {
    pub meeting: &'a MeetingRow,
    pub body: &'a BodyRow,
    pub agenda: &'a Agenda<'a>,
    pub records: &'a ItemRecords,
}

/// `modified` of an agenda item: it shows its meeting's state, its parent's
/// restriction, and its outcomes, declarations and documents.
fn item_modified(
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
    r: &ItemRecords,
) -> NaiveDateTime {
    latest(
        item.updated_at,
        [
            Some(m.updated_at),
            parent.map(|p| p.updated_at),
            r.changed(&item.id),
        ],
    )
}

/// `modified` of a file: it shows its item's, the item's parent's and the
/// meeting's state.
fn file_modified(
    doc: &DocumentRow,
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
) -> NaiveDateTime {
    latest(
        doc.updated_at,
        [
            Some(item.updated_at),
            parent.map(|p| p.updated_at),
            Some(m.updated_at),
        ],
    )
}

/// A document as a File, or `None` when the public may not see it.
pub fn file(
    u: &Urls,
    doc: &DocumentRow,
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
    body: &BodyRow,
) -> Option<Value> {
    let facts = ItemFacts::new(item.restricted, parent.is_some_and(|p| p.restricted));
    if !visibility::document_visible(Viewer::Public, m.facts(), facts, doc.restricted) {
        return None;
    }
    let seen = match seen_under_agenda(
        m,
        &[
            doc.deleted_at,
            item.deleted_at,
            parent.and_then(|p| p.deleted_at),
        ],
    ) {
        Seen::Live if meeting_gone(m, body) => Seen::Tombstone,
        s => s,
    };
    let modified = file_modified(doc, item, parent, m);
    let content = u.document_content(&doc.id);
    let o = Obj::new(u.file(&doc.id), "File");
    match seen {
        Seen::Hidden => None,
        // `accessUrl` is required even of a tombstone; it answers 404 now.
        Seen::Tombstone => Some(
            o.put("accessUrl", content)
                .stamps(doc.created_at, modified)
                .deleted()
                .done(),
        ),
        Seen::Live => Some(
            o.put("name", doc.title.clone())
                .put("fileName", doc.filename.clone())
                .put("mimeType", doc.media_type.clone())
                .put("size", doc.size_bytes)
                .put("accessUrl", content.clone())
                .put("downloadUrl", content)
                .put("meeting", vec![Value::String(u.meeting(&m.id))])
                .put("agendaItem", vec![Value::String(u.agenda_item(&item.id))])
                .ext("sha256Checksum", doc.sha256.clone())
                .stamps(doc.created_at, modified)
                .done(),
        ),
    }
}

/// An agenda item, or `None` when the public may not see it.
pub fn agenda_item(u: &Urls, p: &MeetingParts<'_>, item: &ItemRow) -> Option<Value> {
    let m = p.meeting;
    let parent = p.agenda.parent(item);
    let seen = match seen_under_agenda(m, &[item.deleted_at]) {
        Seen::Live if meeting_gone(m, p.body) => Seen::Tombstone,
        s => s,
    };
    let place = p.agenda.places.get(item.id.as_str())?;
    let modified = item_modified(item, parent, m, p.records);
    let o = Obj::new(u.agenda_item(&item.id), "AgendaItem");
    match seen {
        Seen::Hidden => return None,
        Seen::Tombstone => {
            return Some(
                o.put("meeting", u.meeting(&m.id))
                    .opt("number", place.number.clone())
                    .put("order", place.order)
                    .stamps(item.created_at, modified)
                    .deleted()
                    .done(),
            )
        }
        Seen::Live => {}
    }
    let facts = ItemFacts::new(item.restricted, parent.is_some_and(|x| x.restricted));
    let hidden = visibility::item_hidden(Viewer::Public, facts);
    let minutes = visibility::item_minutes_visible(Viewer::Public, m.facts(), facts);
    let mut o = o
        .put("meeting", u.meeting(&m.id))
        .opt("number", place.number.clone())
        .put("order", place.order)
        .put("name", item.title.clone())
        .put("public", !hidden)
        .ext("kind", item.kind.clone());
    if let Some(parent) = parent {
        o = o.ext("partOf", u.agenda_item(&parent.id));
    }
    if hidden {
        // Exempt information (LGA 1972 Sch. 12A): the title, number and
        // paragraph are public; the text, reasons, outcomes, declarations
        // and papers are not. What the public may read instead (s.100C)
        // comes with the published minutes.
        let paragraph = if item.restricted {
            item.restricted_paragraph
        } else {
            parent.and_then(|x| x.restricted_paragraph)
        };
        let mut exempt = Map::new();
        if let Some(n) = paragraph {
            exempt.insert("paragraph".into(), json!(n));
            exempt.insert(
                "description".into(),
                json!(schedule_12a_description(n).to_string()),
            );
        }
        o = o.ext("exempt", Value::Object(exempt));
        if visibility::public_summary_visible(Viewer::Public, m.facts(), facts) {
            o = o.text(
                &format!("{EXT}:publicSummary"),
                item.public_summary.as_deref(),
            );
        }
        return Some(o.stamps(item.created_at, modified).done());
    }
    if visibility::presenter_visible(Viewer::Public, facts) {
        o = o.text(&format!("{EXT}:presenter"), item.presenter.as_deref());
    }
    let files: Vec<Value> = p
        .records
        .documents(&item.id)
        .iter()
        .filter(|d| d.deleted_at.is_none())
        .filter_map(|d| file(u, d, item, parent, m, p.body))
        .collect();
    o = o.list("auxiliaryFile", files);
    if minutes {
        let outcomes = p.records.live_outcomes(&item.id);
        if !outcomes.is_empty() {
            let result: Vec<String> = outcomes
                .iter()
                .map(|x| outcome_line(&x.verb, &x.text))
                .collect();
            let resolution: Vec<String> = outcomes
                .iter()
                .map(|x| {
                    let mut s = outcome_line(&x.verb, &x.text);
                    for (n, part) in x.parts().iter().enumerate() {
                        s.push_str(&format!("\n{}. {part}", n + 1));
                    }
                    s
                })
                .collect();
            o = o
                .put("result", result.join("\n"))
                .put("resolutionText", resolution.join("\n\n"))
                .ext(
                    "outcomes",
                    Value::Array(
                        outcomes
                            .iter()
                            .map(|x| json!({"verb": x.verb, "text": x.text, "parts": x.parts()}))
                            .collect(),
                    ),
                );
        }
        o = o.text(&format!("{EXT}:minutes"), item.minutes.as_deref());
        let declarations: Vec<Value> = p
            .records
            .live_declarations(&item.id)
            .iter()
            .map(|d| json!({"person": u.person(&d.person_id), "nature": d.nature}))
            .collect();
        if !declarations.is_empty() {
            o = o.ext("declarations", Value::Array(declarations));
        }
    }
    Some(o.stamps(item.created_at, modified).done())
}

/// `modified` of a meeting: it shows its body's name, its items with their
/// records, and its attendance.
pub fn meeting_modified(p: &MeetingParts<'_>, attendance: &[&AttendanceRow]) -> NaiveDateTime {
    let items = p.agenda.rows.values().map(|i| Some(i.updated_at));
    let records = p.agenda.rows.keys().map(|id| p.records.changed(id));
    let present = attendance.iter().map(|a| Some(a.updated_at));
    latest(
        p.meeting.updated_at.max(p.body.updated_at),
        items.chain(records).chain(present),
    )
}

/// A meeting's venue, or `None` when it names none or is not public.
pub fn location(u: &Urls, m: &MeetingRow, body: &BodyRow) -> Option<Value> {
    if !visibility::meeting_visible(Viewer::Public, m.facts())
        || (m.venue_name.is_none() && m.venue_address.is_none() && m.venue_postcode.is_none())
    {
        return None;
    }
    let modified = m.updated_at.max(body.updated_at);
    let o = Obj::new(u.location(&m.id), "Location");
    if meeting_gone(m, body) {
        return Some(o.stamps(m.created_at, modified).deleted().done());
    }
    let description: Vec<&str> = [&m.venue_name, &m.venue_address, &m.venue_postcode]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    Some(
        o.text("description", Some(&description.join(", ")))
            .text("streetAddress", m.venue_address.as_deref())
            .text("postalCode", m.venue_postcode.as_deref())
            .ext("venueName", m.venue_name.clone().unwrap_or_default())
            .put("meetings", vec![Value::String(u.meeting(&m.id))])
            .stamps(m.created_at, modified)
            .done(),
    )
}

/// A rendered agenda or minutes document as a File of the meeting.
fn rendered_file(
    u: &Urls,
    m: &MeetingRow,
    body: &BodyRow,
    what: &str,
    created: NaiveDateTime,
    modified: NaiveDateTime,
) -> Value {
    let (id, name) = match what {
        "agenda" => (u.invitation(&m.id), "Agenda"),
        _ => (u.results_protocol(&m.id), "Minutes"),
    };
    let date = m.starts_at.date();
    Obj::new(id, "File")
        .put(
            "name",
            format!("{} – {name}, {}", body.name, date.format("%-d %B %Y")),
        )
        .put("fileName", format!("{}-{date}-{what}.html", body.slug))
        .put("mimeType", "text/html")
        .put("accessUrl", u.rendered(&m.id, what, "html"))
        .put("meeting", vec![Value::String(u.meeting(&m.id))])
        .ext(
            "formats",
            json!({
                "text/html": u.rendered(&m.id, what, "html"),
                "text/markdown": u.rendered(&m.id, what, "md"),
                "text/plain": u.rendered(&m.id, what, "txt"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                    u.rendered(&m.id, what, "docx"),
            }),
        )
        .stamps(created, modified.max(created))
        .done()
}

fn meeting_state(status: &str) -> &str {
    match status {
        "agenda_published" => "agenda published",
        other => other,
    }
}

fn attendance_status_is_participant(status: &str) -> bool {
    matches!(status, "present" | "officer" | "in_attendance")
}

/// A meeting with its agenda items, or `None` when it is a draft.
/// `minutes_published_at` dates the minutes file.
pub fn meeting(
    u: &Urls,
    p: &MeetingParts<'_>,
    attendance: &[&AttendanceRow],
    minutes_published_at: Option<NaiveDateTime>,
) -> Option<Value> {
    let m = p.meeting;
    if !visibility::meeting_visible(Viewer::Public, m.facts()) {
        return None;
    }
    let modified = meeting_modified(p, attendance);
    let o = Obj::new(u.meeting(&m.id), "Meeting");
    if meeting_gone(m, p.body) {
        return Some(o.stamps(m.created_at, modified).deleted().done());
    }
    let cancelled = m.status == MeetingStatus::Cancelled;
    let mut o = o
        .put(
            "name",
            m.title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| p.body.name.clone()),
        )
        .put("meetingState", meeting_state(m.status.as_str()))
        .put("cancelled", cancelled)
        .put("start", ts(m.starts_at))
        .opt("end", m.ends_at.map(ts))
        .opt("location", location(u, m, p.body))
        .put(
            "organization",
            vec![Value::String(u.organization(&m.body_id))],
        );
    let mut contact = Map::new();
    for (k, v) in [
        ("name", &m.contact_name),
        ("role", &m.contact_role),
        ("email", &m.contact_email),
    ] {
        if let Some(v) = v.as_deref().filter(|s| !s.trim().is_empty()) {
            contact.insert(k.into(), json!(v));
        }
    }
    if !contact.is_empty() {
        o = o.ext("contact", Value::Object(contact));
    }
    if visibility::agenda_visible(Viewer::Public, m.facts()) {
        let published = m.agenda_published_at.unwrap_or(m.created_at);
        o = o.put(
            "invitation",
            rendered_file(u, m, p.body, "agenda", published, modified),
        );
        let items: Vec<Value> = p
            .agenda
            .live
            .iter()
            .filter_map(|i| agenda_item(u, p, i))
            .collect();
        o = o.list("agendaItem", items);
    }
    if visibility::minutes_visible(Viewer::Public, m.facts()) {
        let published = minutes_published_at.unwrap_or(m.updated_at);
        o = o.put(
            "resultsProtocol",
            rendered_file(u, m, p.body, "minutes", published, modified),
        );
        let live: Vec<&&AttendanceRow> = attendance
            .iter()
            .filter(|a| a.deleted_at.is_none())
            .collect();
        let mut participants: Vec<Value> = Vec::new();
        for a in &live {
            let url = Value::String(u.person(&a.person_id));
            if attendance_status_is_participant(&a.status) && !participants.contains(&url) {
                participants.push(url);
            }
        }
        o = o.list("participant", participants).ext(
            "attendance",
            Value::Array(
                live.iter()
                    .map(|a| {
                        let mut e = Map::new();
                        e.insert("person".into(), json!(u.person(&a.person_id)));
                        e.insert("status".into(), json!(a.status));
                        e.insert("chair".into(), json!(a.chair));
                        if let Some(org) = a.organisation.as_deref() {
                            e.insert("organisation".into(), json!(org));
                        }
                        if let Some(s) = a.substitute_for.as_deref() {
                            e.insert("substituteFor".into(), json!(u.person(s)));
                        }
                        Value::Object(e)
                    })
                    .collect(),
            ),
        );
        o = o.ext("minutesStatus", m.minutes_status.as_str());
    }
    Some(
        o.put("web", u.meeting_page(&m.id))
            .stamps(m.created_at, modified)
            .done(),
    )
}

/// Parses "2023-05" into (year, month).
pub fn parse_term_key(key: &str) -> Option<(i32, i32)> {
    let (y, m) = key.split_once('-')?;
    let year: i32 = y.parse().ok()?;
    let month: i32 = m.parse().ok()?;
    ((1..=12).contains(&month) && y.len() == 4 && m.len() == 2).then_some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn terms_are_numbering_years_named_like_a_municipal_year() {
        let rows = vec![
            NumberedMeeting {
                year_start_month: 5,
                numbering_year: 2023,
                agenda_published_at: Some(at("2023-07-10 09:00:00")),
                first_item_created_at: Some(at("2023-07-01 09:00:00")),
            },
            NumberedMeeting {
                year_start_month: 5,
                numbering_year: 2023,
                agenda_published_at: Some(at("2023-06-10 09:00:00")),
                first_item_created_at: Some(at("2023-06-01 09:00:00")),
            },
        ];
        let t = terms(&rows);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].name, "2023/24");
        assert_eq!(t[0].key(), "2023-05");
        assert_eq!(t[0].start().unwrap().to_string(), "2023-05-01");
        assert_eq!(t[0].end().unwrap().to_string(), "2024-04-30");
        assert_eq!(t[0].created, at("2023-06-10 09:00:00"));
    }

    #[test]
    fn terms_of_bodies_with_different_start_months_say_which_they_are() {
        let row = |month, year, when| NumberedMeeting {
            year_start_month: month,
            numbering_year: year,
            agenda_published_at: Some(at(when)),
            first_item_created_at: None,
        };
        let t = terms(&[
            row(5, 2023, "2023-06-01 09:00:00"),
            row(4, 2023, "2023-08-01 09:00:00"),
            row(1, 2024, "2024-02-01 09:00:00"),
        ]);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["2023/24 (from May)", "2023/24 (from April)", "2024"]
        );
        // The May term was renamed when the April one appeared.
        assert_eq!(t[0].modified, at("2023-08-01 09:00:00"));
        assert_eq!(parse_term_key("2023-04"), Some((2023, 4)));
        assert_eq!(parse_term_key("2023-13"), None);
    }
}
