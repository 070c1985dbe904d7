//! Parsed minutes → a meeting, through the agenda and minutes use cases
//! (`agenda::items::add`, `minutes::records::add_outcome`,
//! `add_declaration`) and the store, inside the caller's write
//! transaction. Minute numbers are kept as printed and the body's counter
//! is raised past them; people are matched by name to the body's people,
//! else created with a membership.

use super::known_people::{norm, People};
use super::parse::{self, Minutes, Warning};
use crate::agenda::items::{add as add_item, NewItem};
use crate::minutes::attendance::{record as record_attendance, NewRecord};
use crate::minutes::records::{add_declaration, add_outcome};
use chrono::{NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Europe::London;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook_domain::numbering::numbering_year;
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::imports::ImportRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::{self as store, bodies::BodyRow};
use std::collections::HashMap;

/// The source document as received.
#[derive(Debug, Clone)]
pub struct Source {
    pub sha256: String,
    pub filename: String,
    pub media_type: String,
    pub size_bytes: i64,
}

/// Refuses a document already imported into the body (same SHA-256).
pub fn ensure_new(conn: &mut DbConn, body_id: &str, sha256: &str) -> AppResult<()> {
    if let Some(earlier) = store::imports::find(conn, body_id, sha256)? {
        let what = match (&earlier.meeting_id, &earlier.review_id) {
            (Some(m), _) => format!(" as meeting {m}"),
            (_, Some(r)) => format!(" as review {r}"),
            _ => String::new(),
        };
        return Err(AppError::Conflict(format!(
            "this document (SHA-256 {sha256}) was imported into this body already{what}"
        )));
    }
    Ok(())
}

/// Records the source of an import.
pub fn record_source(
    conn: &mut DbConn,
    actor: &Actor,
    body_id: &str,
    made: (Option<String>, Option<String>),
    source: &Source,
    warnings: &[Warning],
) -> AppResult<()> {
    let now = store::now();
    let row = ImportRow {
        id: store::new_id(),
        body_id: body_id.to_string(),
        meeting_id: made.0,
        review_id: made.1,
        sha256: source.sha256.clone(),
        filename: source.filename.clone(),
        media_type: source.media_type.clone(),
        size_bytes: source.size_bytes,
        storage_key: source.sha256.clone(),
        warnings: serde_json::to_string(warnings).map_err(|e| AppError::Internal(e.into()))?,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::imports::insert(conn, actor, &row)
}

/// The stored (UTC) start of a meeting on `date` at `time` in London; a
/// minutes document that gives no time is kept at midnight (which the
/// minutes show as no time).
fn london_start(date: chrono::NaiveDate, time: Option<NaiveTime>) -> NaiveDateTime {
    let local = date.and_time(time.unwrap_or(NaiveTime::MIN));
    London
        .from_local_datetime(&local)
        .earliest()
        .map_or(local, |t| t.naive_utc())
}

/// The preamble as kept: without what the minutes print themselves from
/// the meeting's facts (the body's name as a title, "Minutes").
fn preamble(text: &str, body_name: &str) -> Option<String> {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let n = norm(l);
            n != norm(body_name) && n != "minutes"
        })
        .collect();
    let kept = kept.join("\n");
    let kept = kept.trim();
    (!kept.is_empty()).then(|| kept.to_string())
}

/// Makes the meeting; answers its id and the warnings of the whole import.
pub fn meeting(
    conn: &mut DbConn,
    actor: &Actor,
    settings: &Settings,
    body: &BodyRow,
    parsed: &Minutes,
    minutes_status: MinutesStatus,
) -> AppResult<(String, Vec<Warning>)> {
    let mut warnings = parsed.warnings.clone();
    let date = parsed
        .date()
        .ok_or_else(|| AppError::field("document", "no meeting date was found"))?;
    let row = meeting_row(body, parsed, date, &mut warnings);
    store::meetings::insert(conn, actor, &row)?;
    let mut people = People::load(conn, &body.id)?;
    attendance(conn, actor, &row.id, parsed, &mut people, &mut warnings)?;
    let ctx = Ctx {
        actor,
        settings,
        body,
        meeting_id: &row.id,
        year: numbering_year(date, body.year_start_month),
    };
    items(conn, &ctx, parsed, &mut people, &mut warnings)?;
    mark_held(conn, actor, &row.id, row.starts_at, minutes_status)?;
    Ok((row.id, warnings))
}

/// The meeting as the document gives it: a draft until its items are in.
fn meeting_row(
    body: &BodyRow,
    parsed: &Minutes,
    date: chrono::NaiveDate,
    warnings: &mut Vec<Warning>,
) -> MeetingRow {
    let starts_at = london_start(date, parsed.opening.time);
    let ends_at = parsed
        .ends
        .map(|t| london_start(date, Some(t)))
        .filter(|e| *e > starts_at);
    if let Some(name) = &parsed.opening.body_name {
        if norm(name) != norm(&body.name) {
            warnings.push(Warning::at(
                None,
                format!(
                    "the document names '{name}', but it is imported into '{}'",
                    body.name
                ),
            ));
        }
    }
    let now = store::now();
    MeetingRow {
        id: store::new_id(),
        body_id: body.id.clone(),
        title: None,
        starts_at,
        ends_at,
        venue_name: parsed
            .opening
            .venue
            .as_ref()
            .map(|v| v.chars().take(300).collect()),
        venue_address: None,
        venue_postcode: None,
        contact_name: parsed
            .contact
            .as_ref()
            .map(|c| c.1.chars().take(200).collect()),
        contact_role: parsed.contact.as_ref().and_then(|c| c.0.clone()),
        contact_email: None,
        status: MeetingStatus::Draft,
        minutes_status: MinutesStatus::Draft,
        agenda_published_at: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
        preamble: preamble(&parsed.preamble, &body.name),
    }
}

/// What writing a meeting's items needs at hand.
struct Ctx<'a> {
    actor: &'a Actor,
    settings: &'a Settings,
    body: &'a BodyRow,
    meeting_id: &'a str,
    /// The numbering year the meeting falls in.
    year: i32,
}

/// Writes the items, their parts, votes and numbers, then the
/// declarations (which may name a later item), and moves the body's
/// numbering on past the highest number of its own scheme.
fn items(
    conn: &mut DbConn,
    ctx: &Ctx<'_>,
    parsed: &Minutes,
    people: &mut People,
    warnings: &mut Vec<Warning>,
) -> AppResult<()> {
    let mut highest = 0;
    let mut declared: Vec<(String, &parse::body::Declaration, usize)> = Vec::new();
    let mut by_number: HashMap<String, String> = HashMap::new();
    for it in &parsed.items {
        let (item_id, decided) = item(
            conn,
            ctx.actor,
            ctx.settings,
            ctx.meeting_id,
            it,
            None,
            warnings,
        )?;
        votes(conn, ctx.actor, &item_id, it, decided, people, warnings)?;
        declared.extend(
            it.record
                .declarations
                .iter()
                .map(|d| (item_id.clone(), d, it.line)),
        );
        if let Some(n) = &it.number {
            by_number
                .entry(n.number.clone())
                .or_insert_with(|| item_id.clone());
        }
        for part in &it.parts {
            declared.extend(
                part.record
                    .declarations
                    .iter()
                    .map(|d| (item_id.clone(), d, part.line)),
            );
            write_part(conn, ctx, part, &item_id, people, warnings)?;
        }
        highest = highest.max(number_item(conn, ctx, it, &item_id, warnings)?);
    }
    for (item_id, d, line) in declared {
        let on = d
            .item
            .as_ref()
            .and_then(|n| by_number.get(n))
            .unwrap_or(&item_id);
        declaration(conn, ctx.actor, on, d, line, people, warnings)?;
    }
    if highest > 0 {
        store::numbering::raise_to(conn, &ctx.body.id, ctx.year, highest)?;
    }
    Ok(())
}

/// A lettered part, written as an item under its parent, with its votes.
fn write_part(
    conn: &mut DbConn,
    ctx: &Ctx<'_>,
    part: &parse::Part,
    parent_id: &str,
    people: &mut People,
    warnings: &mut Vec<Warning>,
) -> AppResult<()> {
    let as_item = parse::Item {
        number: None,
        reference: None,
        raw: String::new(),
        last_line: part.line,
        title: part.title.clone(),
        kind: "other",
        restricted: part.restricted,
        record: part.record.clone(),
        parts: Vec::new(),
        papers: Vec::new(),
        line: part.line,
    };
    let (part_id, decided) = item(
        conn,
        ctx.actor,
        ctx.settings,
        ctx.meeting_id,
        &as_item,
        Some(parent_id),
        warnings,
    )?;
    votes(
        conn, ctx.actor, &part_id, &as_item, decided, people, warnings,
    )
}

/// Gives the item its printed number: one of the body's own scheme
/// ("SSP/5/23") as a minute number (answered, to move the numbering on,
/// when it is of this numbering year), any other as printed.
fn number_item(
    conn: &mut DbConn,
    ctx: &Ctx<'_>,
    it: &parse::Item,
    item_id: &str,
    warnings: &mut Vec<Warning>,
) -> AppResult<i32> {
    let year = ctx.year;
    if let Some(n) = &it.number {
        match n.year {
            Some(printed_year) if n.prefix.eq_ignore_ascii_case(&ctx.body.minute_prefix) => {
                if printed_year % 100 != year % 100 {
                    warnings.push(Warning::at(
                        Some(it.line),
                        format!(
                            "minute {} is printed with year {printed_year} but the meeting falls in the numbering year starting {year}",
                            n.number
                        ),
                    ));
                }
                number(
                    conn,
                    ctx.actor,
                    &ctx.body.id,
                    item_id,
                    &n.number,
                    Some(n.n),
                    year,
                )?;
                if printed_year % 100 == year % 100 {
                    return Ok(n.n);
                }
            }
            // Any other number is the item's as printed; the body's
            // own numbering goes on from its own scheme.
            _ => printed_number(conn, ctx.actor, item_id, &n.number)?,
        }
    } else if let Some(reference) = &it.reference {
        // "(Item 5)": how the council's own system names the item.
        printed_number(conn, ctx.actor, item_id, reference)?;
    }
    Ok(0)
}

/// Held, its agenda public from the meeting, its minutes as asked.
fn mark_held(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    starts_at: NaiveDateTime,
    minutes_status: MinutesStatus,
) -> AppResult<()> {
    let before = store::meetings::get_for_update(conn, id)?;
    let mut held = before.clone();
    held.status = MeetingStatus::Held;
    held.agenda_published_at = Some(starts_at);
    held.minutes_status = minutes_status;
    store::meetings::save(conn, actor, "import", &before, &mut held)?;
    if minutes_status == MinutesStatus::Published {
        let mut ms = store::minutes_record::milestones(conn, id)?;
        ms.published_at = Some(store::now());
        store::minutes_record::save_milestones(conn, &mut ms)?;
    }
    Ok(())
}

/// An imported number outside the body's scheme (a parish's "46", a
/// running "3310", "(Item 5)"): kept as printed, not counted, and not
/// unique (a council numbering from 1 at each meeting uses "1" often).
fn printed_number(conn: &mut DbConn, actor: &Actor, item_id: &str, printed: &str) -> AppResult<()> {
    let before = store::items::get(conn, item_id)?;
    let mut row = before.clone();
    row.minute_number = Some(printed.chars().take(40).collect());
    store::items::save(conn, actor, "number", &before, &mut row)
}

fn number(
    conn: &mut DbConn,
    actor: &Actor,
    body_id: &str,
    item_id: &str,
    printed: &str,
    n: Option<i32>,
    year: i32,
) -> AppResult<()> {
    let taken = store::items::meeting_with_number(conn, body_id, printed, item_id)?;
    if let Some(m) = taken {
        return Err(AppError::Conflict(format!(
            "minute number {printed} is already used in this body (meeting {m}); a number is never given twice"
        )));
    }
    let before = store::items::get(conn, item_id)?;
    let mut row = before.clone();
    row.minute_number = Some(printed.to_string());
    row.minute_seq = n;
    row.minute_year = Some(year);
    store::items::save(conn, actor, "number", &before, &mut row)
}

fn attendance(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: &str,
    parsed: &Minutes,
    people: &mut People,
    warnings: &mut Vec<Warning>,
) -> AppResult<()> {
    let mut seen: HashMap<String, &'static str> = HashMap::new();
    let mut chair_taken = false;
    for p in &parsed.attendance {
        let role = match p.status {
            "present" | "apologies" => Some("member"),
            "officer" => Some("officer"),
            _ => None,
        };
        let person = people.get_or_create(
            conn,
            actor,
            p.honorific.as_deref(),
            &p.name,
            p.organisation.as_deref(),
            role,
        )?;
        if let Some(earlier) = seen.get(&person.id) {
            warnings.push(Warning::at(
                Some(p.line),
                format!(
                    "{} is listed twice ({earlier} and {}); the first is kept",
                    p.name, p.status
                ),
            ));
            continue;
        }
        seen.insert(person.id.clone(), p.status);
        let chair = p.chair && p.status == "present" && !chair_taken;
        if p.chair && !chair {
            warnings.push(Warning::at(
                Some(p.line),
                format!(
                    "{} is marked chair but another chair or no presence was recorded",
                    p.name
                ),
            ));
        }
        chair_taken |= chair;
        // The rules every record keeps are the use case's: the organisation
        // defaults to the membership's, else the person's own.
        record_attendance(
            conn,
            actor,
            meeting_id,
            NewRecord {
                person_id: person.id,
                status: p.status.to_string(),
                chair,
                organisation: p.organisation.clone(),
                substitute_for: None,
                attended_virtually: false,
                absence_reason: None,
            },
        )?;
    }
    Ok(())
}

/// The votes an item's minutes report, on the outcome they decided: named
/// where the minutes name the voters (else by their counts), a warning
/// where the vote's rules refuse it (who was not present, say).
fn votes(
    conn: &mut DbConn,
    actor: &Actor,
    item_id: &str,
    it: &parse::Item,
    outcome_id: Option<String>,
    people: &mut People,
    warnings: &mut Vec<Warning>,
) -> AppResult<()> {
    use minutebook_domain::votes::{Choice, GivenCounts};
    for v in &it.record.votes {
        let mut named = Vec::new();
        for (name, choice) in &v.named {
            let (honorific, name) = parse::attendance::split_honorific(name);
            let p = people.get_or_create(conn, actor, honorific.as_deref(), &name, None, None)?;
            let c = match *choice {
                "for" => Choice::For,
                "against" => Choice::Against,
                _ => Choice::Abstain,
            };
            named.push((p.id, c));
        }
        // "All agreed": every member the minutes record as present.
        let for_ = if v.unanimous {
            let meeting_id = it_meeting(conn, item_id)?;
            let present = store::attendance::for_meeting(conn, &meeting_id)?
                .iter()
                .filter(|a| a.status == "present")
                .count();
            warnings.push(Warning::at(
                Some(it.line),
                format!(
                    "'{}' was recorded as a vote of all {present} members present, none against",
                    v.text
                ),
            ));
            i32::try_from(present).unwrap_or(0)
        } else {
            v.for_
        };
        let new = |named: Option<Vec<(String, Choice)>>| crate::minutes::votes::NewVote {
            motion: Some(v.text.chars().take(500).collect()),
            counts: GivenCounts {
                for_: Some(for_),
                against: Some(v.against),
                abstained: v.abstained,
            },
            named,
            casting: None,
            outcome_id: outcome_id.clone(),
        };
        let first = if named.is_empty() {
            crate::minutes::votes::record(conn, actor, item_id, new(None)).map(|_| ())
        } else {
            crate::minutes::votes::record(conn, actor, item_id, new(Some(named)))
                .map(|_| ())
                .or_else(|e| {
                    warnings.push(Warning::at(
                        Some(it.line),
                        format!(
                            "the named vote '{}' was kept by its counts only: {e}",
                            v.text
                        ),
                    ));
                    crate::minutes::votes::record(conn, actor, item_id, new(None)).map(|_| ())
                })
        };
        if let Err(e) = first {
            warnings.push(Warning::at(
                Some(it.line),
                format!("the vote '{}' was not recorded: {e}", v.text),
            ));
        }
    }
    Ok(())
}

/// The meeting an item belongs to.
fn it_meeting(conn: &mut DbConn, item_id: &str) -> AppResult<String> {
    Ok(store::items::get(conn, item_id)?.meeting_id)
}

/// A declaration of interest by a person the minutes name; words that are
/// not a name ("The Chairman") make nobody and are left in the text.
fn declaration(
    conn: &mut DbConn,
    actor: &Actor,
    item_id: &str,
    d: &parse::body::Declaration,
    line: usize,
    people: &mut People,
    warnings: &mut Vec<Warning>,
) -> AppResult<()> {
    let Some(n) = parse::names::read(&d.name, None) else {
        warnings.push(Warning::at(
            Some(line),
            format!(
                "'{}' declared an interest but is not named; the declaration is left in the text",
                d.name
            ),
        ));
        return Ok(());
    };
    let person = people.get_or_create(conn, actor, n.honorific.as_deref(), &n.name, None, None)?;
    let nature = if d.nature.is_empty() {
        "interest declared".to_string()
    } else {
        d.nature.chars().take(500).collect()
    };
    add_declaration(
        conn,
        actor,
        item_id,
        crate::minutes::records::NewDeclaration {
            person_id: person.id.clone(),
            nature,
            // The printed minutes rarely name the code of conduct's
            // category; the clerk may set it after the import.
            kind: None,
            withdrew: false,
        },
    )?;
    Ok(())
}

fn item(
    conn: &mut DbConn,
    actor: &Actor,
    settings: &Settings,
    meeting_id: &str,
    it: &parse::Item,
    parent: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> AppResult<(String, Option<String>)> {
    let rec = &it.record;
    // An item's title is at most 500 characters (as the API takes it); a
    // longer heading keeps its words: the rest opens the item's text.
    let mut title: String = it.title.chars().take(500).collect();
    let mut minutes = rec.minutes.clone();
    if title.len() < it.title.len() {
        let cut = title.rfind(' ').filter(|i| *i > 400).unwrap_or(title.len());
        title.truncate(cut);
        let rest = parse::body::escape(it.title[cut..].trim());
        minutes = if minutes.is_empty() {
            rest
        } else {
            format!("{rest}\n\n{minutes}")
        };
        warnings.push(Warning::at(
            Some(it.line),
            "a heading longer than 500 characters: its end opens the item's text",
        ));
    }
    if title.trim().is_empty() {
        title = "(untitled)".into();
        warnings.push(Warning::at(
            Some(it.line),
            "an item has no title; it was called '(untitled)'",
        ));
    }
    let row = add_item(
        conn,
        actor,
        meeting_id,
        NewItem {
            title,
            kind: it.kind.to_string(),
            parent_id: parent.map(str::to_string),
            position: None,
            restricted: it.restricted.then(|| (rec.paragraph, rec.reason.clone())),
            public_summary: rec.public_summary.clone(),
            presenter: None,
            minutes: (!minutes.is_empty()).then_some(minutes),
        },
    )?
    .row;
    let mut last_outcome: Option<String> = None;
    for o in &rec.outcomes {
        if o.text.is_empty()
            && o.parts.is_empty()
            && o.verb != "AGREED"
            && o.verb != "RESOLVED"
            && o.verb != "NOTED"
        {
            continue;
        }
        let made = add_outcome(
            conn,
            actor,
            settings,
            &row.id,
            o.verb.clone(),
            o.text.clone(),
            o.parts.clone(),
        )?;
        last_outcome = Some(made.id);
    }
    Ok((row.id, last_outcome))
}
