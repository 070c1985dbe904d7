//! HTML: a standalone, printable page (A4 `@page`, print CSS; the DRAFT and
//! exempt marks repeated on every printed page; table rows not split across
//! pages), from templates of the shared environment ([`super::templates`]):
//! a page per house style, one set of block macros
//! (`document/blocks.html`). The names end in `.html`, so every value is
//! autoescaped.

use super::doc::{Document, House};
use minutebook_ground::error::AppResult;

pub use super::escape::escape;

pub fn write(doc: &Document) -> AppResult<String> {
    let page = match doc.house {
        House::Meeting => "document/meeting.html",
        House::Scrutiny => "document/scrutiny.html",
    };
    super::templates::render(page, minijinja::context! { doc => doc })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, FieldRow};
    use crate::markup::Inline;

    fn page(blocks: Vec<Block>) -> String {
        write(&Document {
            kind: "minutes",
            title: "T <&>".into(),
            house: House::Meeting,
            landscape: false,
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

    #[test]
    fn everything_typed_in_a_scrutiny_report_is_escaped() {
        let doc = Document {
            kind: "progress-report",
            title: "<Title> & 'co'".into(),
            house: House::Scrutiny,
            landscape: false,
            draft: None,
            exempt: None,
            blocks: vec![
                Block::Title {
                    text: "<script>alert(1)</script>".into(),
                },
                Block::FieldTable {
                    caption: Some("A & B".into()),
                    class: "review",
                    rows: vec![FieldRow {
                        label: "<b>Label</b>".into(),
                        hint: Some("\"hint\"".into()),
                        paragraphs: vec!["<img src=x onerror=alert(1)>".into(), "N/A".into()],
                    }],
                },
                Block::Table {
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
