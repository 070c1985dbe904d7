//! The one template environment. Every template the service renders is a
//! file embedded in the binary, parsed once on first use into one shared
//! [`Environment`] (immutable once built, so sharing it is safe).
//!
//! Names say what a template is for: `document/…` (the documents' HTML
//! pages), `mail/…` (email bodies), `public/…` (pages for people, kept in
//! `templates/public/`, filled by the handlers in `public/`). A name
//! ending in `.html` is autoescaped, with [`super::escape::escape`] (the
//! five characters that matter, `/` left alone); any other name (`.txt`)
//! is not escaped at all. Block tags take their line's indentation and
//! newline with them (`trim_blocks`, `lstrip_blocks`), and a template's
//! final newline is dropped.

use minijinja::{AutoEscape, Environment, Error, Output, State, Value};
use minutebook_ground::error::{AppError, AppResult};
use serde::Serialize;
use std::sync::OnceLock;

/// The public pages' stylesheet (served by `public::web` at
/// `/assets/public.css`), kept with their templates.
pub const PUBLIC_STYLESHEET: &str = include_str!("templates/public/public.css");

/// Every template: its name and its source.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "document/blocks.html",
        include_str!("templates/document/blocks.html"),
    ),
    (
        "document/meeting.html",
        include_str!("templates/document/meeting.html"),
    ),
    (
        "document/scrutiny.html",
        include_str!("templates/document/scrutiny.html"),
    ),
    (
        "mail/approval_request.txt",
        include_str!("templates/mail/approval_request.txt"),
    ),
    (
        "mail/approval_request.html",
        include_str!("templates/mail/approval_request.html"),
    ),
    (
        "mail/approval_decision.txt",
        include_str!("templates/mail/approval_decision.txt"),
    ),
    (
        "public/chair.html",
        include_str!("templates/public/chair.html"),
    ),
    (
        "public/base.html",
        include_str!("templates/public/base.html"),
    ),
    (
        "public/macros.html",
        include_str!("templates/public/macros.html"),
    ),
    (
        "public/home.html",
        include_str!("templates/public/home.html"),
    ),
    (
        "public/body.html",
        include_str!("templates/public/body.html"),
    ),
    (
        "public/meeting.html",
        include_str!("templates/public/meeting.html"),
    ),
    (
        "public/embed.html",
        include_str!("templates/public/embed.html"),
    ),
    (
        "public/search.html",
        include_str!("templates/public/search.html"),
    ),
    (
        "public/error.html",
        include_str!("templates/public/error.html"),
    ),
    (
        "public/people.html",
        include_str!("templates/public/people.html"),
    ),
    (
        "public/person.html",
        include_str!("templates/public/person.html"),
    ),
    (
        "public/decisions.html",
        include_str!("templates/public/decisions.html"),
    ),
    (
        "public/decision.html",
        include_str!("templates/public/decision.html"),
    ),
    (
        "public/forward_plan.html",
        include_str!("templates/public/forward_plan.html"),
    ),
    (
        "public/matter.html",
        include_str!("templates/public/matter.html"),
    ),
    ("desk/base.html", include_str!("templates/desk/base.html")),
    (
        "desk/sign_in.html",
        include_str!("templates/desk/sign_in.html"),
    ),
    ("desk/sent.html", include_str!("templates/desk/sent.html")),
    (
        "desk/confirm.html",
        include_str!("templates/desk/confirm.html"),
    ),
    (
        "desk/message.html",
        include_str!("templates/desk/message.html"),
    ),
    ("desk/board.html", include_str!("templates/desk/board.html")),
    (
        "desk/accounts.html",
        include_str!("templates/desk/accounts.html"),
    ),
    (
        "desk/errors.html",
        include_str!("templates/desk/errors.html"),
    ),
    (
        "desk/new_meeting.html",
        include_str!("templates/desk/new_meeting.html"),
    ),
    (
        "desk/agenda.html",
        include_str!("templates/desk/agenda.html"),
    ),
    ("desk/room.html", include_str!("templates/desk/room.html")),
    (
        "desk/preview.html",
        include_str!("templates/desk/preview.html"),
    ),
    ("desk/after.html", include_str!("templates/desk/after.html")),
    ("desk/diff.html", include_str!("templates/desk/diff.html")),
    (
        "desk/import.html",
        include_str!("templates/desk/import.html"),
    ),
    (
        "desk/import_report.html",
        include_str!("templates/desk/import_report.html"),
    ),
];

static ENV: OnceLock<Result<Environment<'static>, String>> = OnceLock::new();

fn build() -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_formatter(format_value);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| format!("{name}: {e:#}"))?;
    }
    Ok(env)
}

/// Like minijinja's own formatter, but leaves `/` alone (it escapes it,
/// which makes "SSP/1/23" read "SSP&#x2f;1&#x2f;23" in the source); the
/// five characters that matter in text and quoted attributes are escaped.
fn format_value(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(s) if state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            out.write_str(&super::escape::escape(s))?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// The environment, built on first use.
fn env() -> AppResult<&'static Environment<'static>> {
    ENV.get_or_init(build)
        .as_ref()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("templates: {e}")))
}

/// Renders the template `name` with a context.
pub fn render<S: Serialize>(name: &str, ctx: S) -> AppResult<String> {
    env()?
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {name}: {e:#}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        let env = env().unwrap();
        for (name, _) in TEMPLATES {
            env.get_template(name).unwrap();
        }
    }
}
