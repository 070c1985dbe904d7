//! Subscriptions (admin): which receiver hears which events. The receiver
//! must be a public address (unless the deployment allows private ones);
//! the events are named from the known list; the signing secret is made
//! here and shown once.

use super::{address, sign, Event};
use minutebook_domain::access::Actor;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult, FieldError};
use minutebook_store::webhooks::WebhookRow;
use minutebook_store::{self as store};

/// The receiver's URL, checked (`allow_private`: the deployment lets
/// webhooks go to private addresses).
pub fn check_url(url: Option<&str>, allow_private: bool) -> Result<String, FieldError> {
    match url.map(str::trim) {
        None | Some("") => Err(FieldError::new(
            "url",
            "is required, e.g. https://www.example.gov.uk/minutebook-hook",
        )),
        Some(u) if u.contains('\0') => Err(FieldError::new("url", "must not contain NUL")),
        Some(u) => address::check_url(u, allow_private)
            .map(|parsed| parsed.to_string())
            .map_err(|e| FieldError::new("url", e)),
    }
}

/// The events named, each once (none named: every event).
pub fn check_events(names: Option<Vec<String>>) -> Result<Vec<String>, Vec<FieldError>> {
    let Some(names) = names else {
        return Ok(Event::names().into_iter().map(String::from).collect());
    };
    if names.is_empty() {
        return Err(vec![FieldError::new(
            "events",
            "must name at least one event, or be left out for all",
        )]);
    }
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for (i, e) in names.iter().enumerate() {
        match Event::parse(e.trim()) {
            Some(ev) => {
                if !out.iter().any(|o| o == ev.as_str()) {
                    out.push(ev.as_str().to_string());
                }
            }
            None => errors.push(FieldError::new(
                format!("events[{i}]"),
                format!("must be one of {}", Event::names().join(", ")),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Subscribes `url` (checked) to `events` (checked); answers the row and
/// its signing secret (shown once).
pub fn subscribe(
    conn: &mut DbConn,
    actor: &Actor,
    url: String,
    events: &[String],
) -> AppResult<(WebhookRow, String)> {
    let secret = sign::new_secret();
    let now = store::now();
    let row = WebhookRow {
        id: store::new_id(),
        url,
        events: serde_json::to_string(events).map_err(|e| AppError::Internal(e.into()))?,
        secret: secret.clone(),
        created_by: actor.name.clone(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::webhooks::insert(conn, &row)?;
    store::audit::record(
        conn,
        actor,
        "webhook",
        &row.id,
        "create",
        serde_json::json!({"url": row.url, "events": row.events()}),
    )?;
    Ok((row, secret))
}

/// Removes a subscription: nothing more is sent to it; its history stays.
pub fn unsubscribe(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<()> {
    store::webhooks::remove(conn, id)?;
    store::audit::record(conn, actor, "webhook", id, "delete", serde_json::json!({}))
}
