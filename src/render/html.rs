//! HTML: a standalone, printable page (A4 `@page`, print CSS, the DRAFT and
//! exempt marks repeated on every printed page), from a minijinja template
//! embedded in the binary. The template's name ends in `.html`, so every
//! value is autoescaped.

use super::doc::Document;
use crate::error::{AppError, AppResult};
use minijinja::Environment;
use std::sync::LazyLock;

const DOCUMENT: &str = "document.html";

/// The templates, parsed once. Immutable, so sharing it is safe.
static TEMPLATES: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.add_template(DOCUMENT, include_str!("templates/document.html"))
        .map_err(|e| format!("{e:#}"))?;
    Ok(env)
});

pub fn write(doc: &Document) -> AppResult<String> {
    let env = TEMPLATES
        .as_ref()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("document template: {e}")))?;
    env.get_template(DOCUMENT)
        .and_then(|t| t.render(minijinja::context! { doc => doc }))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {}: {e:#}", doc.kind)))
}
