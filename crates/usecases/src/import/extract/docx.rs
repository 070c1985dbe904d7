//! Word (.docx) → text: the package is a zip (read with the zip crate the
//! renderer's docx-rs builds on), `word/document.xml` is read under a cap
//! with quick-xml. One line per paragraph, a blank line after each (Word
//! sets paragraphs apart by spacing, not by empty paragraphs); tabs and
//! breaks kept; a paragraph of a numbered list given the number Word shows
//! (`numbering`), one of a bulleted list marked as a bullet.

use super::numbering::{self, Numbering};
use super::{ExtractError, MAX_INFLATED_BYTES};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Cursor, Read};

const MAX_ENTRIES: usize = 5000;

pub fn text(bytes: &[u8]) -> Result<String, ExtractError> {
    let bad =
        |what: String| ExtractError::Unreadable(format!("the Word file cannot be read: {what}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(format!("it has more than {MAX_ENTRIES} parts")));
    }
    let entry = zip.by_name("word/document.xml").map_err(|_| {
        ExtractError::Unreadable(
            "the zip package has no word/document.xml: it is not a Word (.docx) document".into(),
        )
    })?;
    let mut xml = Vec::new();
    entry
        .take(MAX_INFLATED_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    if xml.len() as u64 > MAX_INFLATED_BYTES {
        return Err(ExtractError::Unreadable(format!(
            "the Word document expands to more than {} MB: refused as a possible zip bomb",
            MAX_INFLATED_BYTES / (1024 * 1024)
        )));
    }
    let numbering = match zip.by_name("word/numbering.xml") {
        Ok(entry) => {
            let mut xml = Vec::new();
            entry
                .take(MAX_INFLATED_BYTES)
                .read_to_end(&mut xml)
                .map_err(|e| bad(e.to_string()))?;
            Numbering::read(&xml)
        }
        Err(_) => Numbering::default(),
    };
    paragraphs(&xml, numbering).map_err(bad)
}

/// The text of `word/document.xml`: a line per paragraph, a blank line after each.
fn paragraphs(xml: &[u8], mut numbering: Numbering) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut para = Paragraph::default();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?
        {
            Event::Start(e) => para.start(e.local_name().as_ref()),
            Event::Empty(e) => para.empty(&e, &mut out),
            Event::Text(t) if para.in_text => {
                let s = t.decode().map_err(|e| e.to_string())?;
                let s = quick_xml::escape::unescape(&s).map_err(|e| e.to_string())?;
                para.text.push_str(&s);
            }
            Event::GeneralRef(r) if para.in_text => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let whole = format!("&{name};");
                let s = quick_xml::escape::unescape(&whole).map_err(|e| e.to_string())?;
                para.text.push_str(&s);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => para.in_text = false,
                b"p" => para.finish(&mut out, &mut numbering),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The paragraph being read: its text and what its properties say.
#[derive(Default)]
struct Paragraph {
    text: String,
    in_text: bool,
    listed: bool,
    /// A paragraph in a preformatted style is one line of a text file
    /// (LibreOffice opens .txt so): it ends with one line break, not two.
    preformatted: bool,
    /// The list a paragraph is in: (numId, level).
    num_id: Option<String>,
    ilvl: u8,
}

impl Paragraph {
    /// An element opens: text, a paragraph (all anew) or its list.
    fn start(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = true,
            b"p" => {
                self.text.clear();
                self.listed = false;
                self.preformatted = false;
                self.num_id = None;
                self.ilvl = 0;
            }
            b"numPr" => self.listed = true,
            _ => {}
        }
    }

    /// An empty element: a tab, a break, a list property, a style, or an
    /// empty paragraph (a blank line of `out`).
    fn empty(&mut self, e: &BytesStart<'_>, out: &mut String) {
        match e.local_name().as_ref() {
            b"tab" => self.text.push('\t'),
            b"br" | b"cr" => self.text.push('\n'),
            b"numPr" => self.listed = true,
            b"numId" => self.num_id = numbering::val(e),
            b"ilvl" => self.ilvl = numbering::val(e).and_then(|v| v.parse().ok()).unwrap_or(0),
            b"pStyle" => {
                self.preformatted = e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == b"val"
                        && String::from_utf8_lossy(&a.value)
                            .to_ascii_lowercase()
                            .contains("preformatted")
                });
            }
            b"p" => out.push_str("\n\n"),
            _ => {}
        }
    }

    /// The paragraph ends: it goes to `out`, with the number Word shows
    /// or a bullet if it is in a list.
    fn finish(&mut self, out: &mut String, numbering: &mut Numbering) {
        // numId 0: the paragraph is taken out of any list.
        let listed = self.listed && self.num_id.as_deref() != Some("0");
        if listed && !self.text.trim().is_empty() {
            let number = self
                .num_id
                .as_deref()
                .filter(|n| *n != "0")
                .and_then(|n| numbering.next(n, self.ilvl));
            // A list inside a list is set in, as on the page.
            out.push_str(&"\u{2003}\u{2003}".repeat(usize::from(self.ilvl.min(8))));
            match number {
                Some(n) => {
                    out.push_str(&n);
                    out.push(' ');
                }
                None => out.push_str("• "),
            }
        }
        out.push_str(&self.text);
        out.push_str(if self.preformatted { "\n" } else { "\n\n" });
        self.text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tabs_and_lists() {
        let xml = br#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>SSP/1/23 Minutes</w:t></w:r></w:p>
<w:p/>
<w:p><w:pPr><w:numPr/></w:pPr><w:r><w:t xml:space="preserve">First &amp; </w:t></w:r><w:r><w:t>point</w:t></w:r></w:p>
<w:p><w:r><w:t>Label:</w:t><w:tab/><w:t>value</w:t></w:r></w:p>
</w:body></w:document>"#;
        let t = paragraphs(xml, Numbering::default()).unwrap();
        assert_eq!(
            t,
            "SSP/1/23 Minutes\n\n\n\n• First & point\n\nLabel:\tvalue\n\n"
        );
    }
}
