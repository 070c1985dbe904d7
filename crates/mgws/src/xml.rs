//! A small XML writer over quick-xml for the web service's answers:
//! lowercase element names as modern.gov writes them, text escaped,
//! characters XML 1.0 cannot carry dropped, indented like the original.

use minutebook_ground::error::{AppError, AppResult};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub struct Xml {
    w: Writer<Vec<u8>>,
    failed: Option<std::io::Error>,
}

/// Text as XML 1.0 may carry it (no control characters but tab and newlines).
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && *c != '\u{FFFE}' && *c != '\u{FFFF}')
        })
        .collect()
}

impl Xml {
    /// A document with the `<?xml version="1.0" encoding="utf-8"?>` declaration.
    pub fn new() -> Xml {
        let mut x = Xml {
            w: Writer::new_with_indent(Vec::new(), b' ', 2),
            failed: None,
        };
        x.event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        x
    }

    fn event(&mut self, e: Event<'_>) {
        if self.failed.is_none() {
            if let Err(err) = self.w.write_event(e) {
                self.failed = Some(err);
            }
        }
    }

    pub fn open(&mut self, name: &str) -> &mut Xml {
        self.event(Event::Start(BytesStart::new(name)));
        self
    }

    /// An element with attributes, left open.
    pub fn open_with(&mut self, name: &str, attrs: &[(&str, String)]) -> &mut Xml {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            let v = clean(v);
            start.push_attribute((*k, v.as_str()));
        }
        self.event(Event::Start(start));
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Xml {
        self.event(Event::End(BytesEnd::new(name)));
        self
    }

    /// `<name>text</name>` (an empty one spans two lines, as modern.gov writes it).
    pub fn text(&mut self, name: &str, text: &str) -> &mut Xml {
        self.open(name);
        let t = clean(text);
        if !t.is_empty() {
            self.event(Event::Text(BytesText::new(&t)));
        }
        self.close(name)
    }

    pub fn opt(&mut self, name: &str, text: Option<&str>) -> &mut Xml {
        self.text(name, text.unwrap_or(""))
    }

    pub fn finish(self) -> AppResult<Vec<u8>> {
        if let Some(e) = self.failed {
            return Err(AppError::Internal(anyhow::anyhow!("writing XML: {e}")));
        }
        let mut out = self.w.into_inner();
        out.push(b'\n');
        Ok(out)
    }
}

impl Default for Xml {
    fn default() -> Xml {
        Xml::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_escaped_xml() {
        let mut x = Xml::new();
        x.open("committees")
            .text("committeetitle", "Audit & <Risk>")
            .text("empty", "")
            .open_with("attendee", &[("name", "O'Neil \"Jo\"".to_string())])
            .close("attendee")
            .close("committees");
        let s = String::from_utf8(x.finish().unwrap()).unwrap();
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(s.contains("<committeetitle>Audit &amp; &lt;Risk&gt;</committeetitle>"));
        // An empty element spans two lines, as in modern.gov's own answers.
        assert!(s.contains("<empty>\n  </empty>"), "{s}");
        assert!(s.contains("name=\"O&apos;Neil &quot;Jo&quot;\""));
    }

    #[test]
    fn drops_characters_xml_cannot_carry() {
        assert_eq!(clean("a\u{1}b\tc\n"), "ab\tc\n");
    }
}
