//! HTML: a standalone, printable page (A4 `@page`, print CSS, tables that
//! do not split a row across pages) from a minijinja template embedded in
//! the binary. The template's name ends in `.html`, so every value is
//! autoescaped; nothing from the database is marked safe.

use super::Document;
use crate::error::{AppError, AppResult};
use minijinja::{AutoEscape, Environment, Error, Output, State, Value};
use std::sync::LazyLock;

const TEMPLATE: &str = "scrutiny.html";

static TEMPLATES: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_formatter(format_value);
    env.add_template(TEMPLATE, include_str!("templates/scrutiny.html"))
        .map_err(|e| format!("{e:#}"))?;
    Ok(env)
});

/// Escapes the five characters that matter in HTML text and quoted
/// attributes, leaving `/` alone (minijinja's default escapes it, which
/// makes "N/A" read "N&#x2f;A" in the source).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn format_value(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    match value.as_str() {
        Some(s) if state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            out.write_str(&escape(s))?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

pub fn write(doc: &Document) -> AppResult<String> {
    let env = TEMPLATES
        .as_ref()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("scrutiny template: {e}")))?;
    env.get_template(TEMPLATE)
        .and_then(|t| t.render(minijinja::context! { doc => doc }))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {}: {e:#}", doc.kind)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render_scrutiny::{Block, Field};

    #[test]
    fn everything_typed_is_escaped() {
        let doc = Document {
            kind: "progress-report",
            title: "<Title> & 'co'".into(),
            landscape: false,
            blocks: vec![
                Block::Title {
                    text: "<script>alert(1)</script>".into(),
                },
                Block::Fields {
                    caption: Some("A & B".into()),
                    class: "review",
                    rows: vec![Field {
                        label: "<b>Label</b>".into(),
                        hint: Some("\"hint\"".into()),
                        paragraphs: vec!["<img src=x onerror=alert(1)>".into(), "N/A".into()],
                    }],
                },
                Block::Grid {
                    header: vec!["<th>".into()],
                    rows: vec![vec![vec!["a) <i>x</i>".into()]]],
                },
            ],
        };
        let html = write(&doc).unwrap();
        assert!(html.contains("<title>&lt;Title&gt; &amp; &#39;co&#39;</title>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&lt;b&gt;Label&lt;/b&gt;"));
        assert!(html.contains("&quot;hint&quot;"));
        assert!(html.contains("a) &lt;i&gt;x&lt;/i&gt;"));
        assert!(html.contains(">N/A<"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
    }
}
