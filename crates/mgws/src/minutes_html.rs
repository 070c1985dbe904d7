//! An item's published minutes as the HTML fragment modern.gov puts in
//! `<minutesnonemptyhtmlbody>`: the narrative text, then the outcomes in
//! the house style (`AGREED that:- 1. … 2. …`). Built from the read model's
//! item, so only what the public may see; every piece of text is escaped.

use minutebook_read::meeting::Item;
use minutebook_render::html::escape;
use minutebook_render::markup::{self, Block, Inline};

fn runs(out: &mut String, rs: &[Inline]) {
    for r in rs {
        match r {
            Inline::Text { text, emph, strong } => {
                let t = escape(text);
                match (emph, strong) {
                    (true, true) => out.push_str(&format!("<strong><em>{t}</em></strong>")),
                    (false, true) => out.push_str(&format!("<strong>{t}</strong>")),
                    (true, false) => out.push_str(&format!("<em>{t}</em>")),
                    (false, false) => out.push_str(&t),
                }
            }
            Inline::Link { text, .. } => out.push_str(&escape(text)),
            Inline::Break => out.push_str("<br />"),
        }
    }
}

/// The fragment, or an empty string when there is nothing to show.
pub fn item_minutes(item: &Item) -> String {
    let mut out = String::new();
    if let Some(text) = item.minutes.as_deref() {
        for block in markup::parse(text) {
            match block {
                Block::Paragraph(rs) => {
                    out.push_str("<p>");
                    runs(&mut out, &rs);
                    out.push_str("</p>\n");
                }
                Block::Bullets(items) => {
                    out.push_str("<ul>\n");
                    for rs in items {
                        out.push_str("<li>");
                        runs(&mut out, &rs);
                        out.push_str("</li>\n");
                    }
                    out.push_str("</ul>\n");
                }
                Block::Numbered { start, items } => {
                    out.push_str(&format!("<ol start=\"{start}\">\n"));
                    for rs in items {
                        out.push_str("<li>");
                        runs(&mut out, &rs);
                        out.push_str("</li>\n");
                    }
                    out.push_str("</ol>\n");
                }
            }
        }
    }
    for o in &item.outcomes {
        out.push_str(&format!(
            "<p><strong>{}</strong> {}</p>\n",
            escape(&o.verb),
            escape(&o.text)
        ));
        if !o.parts.is_empty() {
            out.push_str("<ol>\n");
            for p in &o.parts {
                out.push_str(&format!("<li>{}</li>\n", escape(p)));
            }
            out.push_str("</ol>\n");
        }
    }
    if out.is_empty() {
        return out;
    }
    format!("<div class=\"minutes\">\n{out}</div>\n")
}
