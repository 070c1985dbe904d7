//! HTML: a standalone, printable page (A4 `@page`, print CSS, tables that
//! do not split a row across pages) from a minijinja template embedded in
//! the binary. The template's name ends in `.html`, so every value is
//! autoescaped; nothing from the database is marked safe.

use super::Document;
use crate::error::AppResult;

const PAGE: &str = "document/scrutiny.html";

pub fn write(doc: &Document) -> AppResult<String> {
    crate::render::templates::render(PAGE, minijinja::context! { doc => doc })
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
