//! HTML: a standalone, printable page (A4 `@page`, print CSS, the DRAFT and
//! exempt marks repeated on every printed page), from a minijinja template
//! embedded in the binary. The template's name ends in `.html`, so every
//! value is autoescaped.

use super::doc::Document;
use crate::error::{AppError, AppResult};
use minijinja::{AutoEscape, Environment, Error, Output, State, Value};
use std::sync::LazyLock;

const DOCUMENT: &str = "document.html";

/// The templates, parsed once. Immutable, so sharing it is safe.
static TEMPLATES: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_formatter(format_value);
    env.add_template(DOCUMENT, include_str!("templates/document.html"))
        .map_err(|e| format!("{e:#}"))?;
    Ok(env)
});

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
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

/// Like minijinja's own formatter, but leaves `/` alone (it escapes it,
/// which makes "SSP/1/23" read "SSP&#x2f;1&#x2f;23" in the source); the
/// five characters that matter in text and quoted attributes are escaped.
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
        .map_err(|e| AppError::Internal(anyhow::anyhow!("document template: {e}")))?;
    env.get_template(DOCUMENT)
        .and_then(|t| t.render(minijinja::context! { doc => doc }))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {}: {e:#}", doc.kind)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::doc::Block;
    use crate::render::markup::Inline;

    fn page(blocks: Vec<Block>) -> String {
        write(&Document {
            kind: "minutes",
            title: "T <&>".into(),
            draft: None,
            exempt: None,
            blocks,
        })
        .unwrap()
    }

    #[test]
    fn text_is_escaped_and_slashes_are_kept() {
        let html = page(vec![
            Block::ItemHeading {
                number: Some("SSP/1/23".into()),
                title: "<script>alert('x')</script> & \"more\"".into(),
                restricted: false,
            },
            Block::Paragraph {
                runs: vec![Inline::plain("<img src=x onerror=alert(1)>")],
            },
        ]);
        assert!(html.contains("<title>T &lt;&amp;&gt;</title>"));
        assert!(html.contains("SSP/1/23"));
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
        );
        assert!(html.contains("<p>&lt;img src=x onerror=alert(1)&gt;</p>"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn only_web_addresses_become_links() {
        let link = |url: &str| Block::Paragraph {
            runs: vec![Inline::Link {
                text: "paper".into(),
                url: url.into(),
            }],
        };
        let html = page(vec![
            link("https://example.org/a?b=1&c=2"),
            link("javascript:alert(1)"),
        ]);
        assert!(html.contains("<a href=\"https://example.org/a?b=1&amp;c=2\">paper</a>"));
        assert!(html.contains("<p>paper</p>"));
        assert!(!html.contains("javascript"));
    }
}
