//! The text of a paper, for search: PDF (`pdf-extract`) and Word
//! (`.docx`: `zip` + `quick-xml`, the paragraphs of `word/document.xml`).
//!
//! Runs off the request path (the background job in [`super::papers`]),
//! with caps that keep a hostile file from hurting: the input size, the
//! unpacked size of the Word XML, the length of the text kept, a panic in
//! the PDF parser caught, and a time limit applied by the caller.

use std::io::Read;

/// Larger papers are not read for their text.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// The most of a Word document's XML that is unpacked.
pub const MAX_XML_BYTES: u64 = 16 * 1024 * 1024;

/// The most text kept of one paper, in characters.
pub const MAX_TEXT_CHARS: usize = 200_000;

/// What a paper is, for reading its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
}

/// The kind of a paper whose text can be read, from its first bytes and
/// its name or type (a `.docx` is a zip file like any other).
pub fn kind_of(head: &[u8], media_type: &str, filename: &str) -> Option<Kind> {
    if head.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    let word = media_type
        == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        || filename.to_ascii_lowercase().ends_with(".docx");
    (head.starts_with(b"PK\x03\x04") && word).then_some(Kind::Docx)
}

/// The text of a paper, or why there is none.
pub fn extract(kind: Kind, bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "larger than {} MB: not read",
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    let text = match kind {
        Kind::Pdf => pdf(bytes)?,
        Kind::Docx => docx(bytes)?,
    };
    Ok(tidy(&text))
}

fn pdf(bytes: &[u8]) -> Result<String, String> {
    // The parser panics on some malformed files; a panic is a failed
    // extraction, not a dead worker.
    std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| "the PDF could not be read".to_string())?
        .map_err(|e| format!("the PDF could not be read: {e}"))
}

fn docx(bytes: &[u8]) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a Word document: {e}"))?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|e| format!("not a Word document: {e}"))?
        .take(MAX_XML_BYTES)
        .read_to_end(&mut xml)
        .map_err(|e| format!("the Word document could not be unpacked: {e}"))?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = String::new();
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("the Word document could not be read: {e}"))?;
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:tab" => out.push('\t'),
                b"w:br" | b"w:cr" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                out.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        out.push_str(s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if out.len() > MAX_TEXT_CHARS * 4 {
            break;
        }
        buf.clear();
    }
    Ok(out)
}

/// Whitespace collapsed within lines, empty lines dropped, at most
/// [`MAX_TEXT_CHARS`] kept.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
        if out.len() > MAX_TEXT_CHARS * 4 {
            break;
        }
    }
    out.chars().take(MAX_TEXT_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx_with(body: &str) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        write!(
            z,
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>"
        )
        .unwrap();
        z.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn word_paragraphs_become_lines() {
        let d = docx_with(
            "<w:p><w:r><w:t>Knife</w:t></w:r><w:r><w:t xml:space=\"preserve\"> crime &amp; </w:t></w:r><w:r><w:t>hotspots</w:t></w:r></w:p>\
             <w:p><w:r><w:t>Second</w:t><w:tab/><w:t>line</w:t></w:r></w:p>",
        );
        assert_eq!(kind_of(&d, "", "report.docx"), Some(Kind::Docx));
        assert_eq!(
            extract(Kind::Docx, &d).unwrap(),
            "Knife crime & hotspots\nSecond line"
        );
    }

    #[test]
    fn what_is_not_a_paper_fails_cleanly() {
        assert_eq!(kind_of(b"PK\x03\x04", "application/zip", "a.zip"), None);
        assert_eq!(kind_of(b"%PDF-1.7", "", "x"), Some(Kind::Pdf));
        assert!(extract(Kind::Pdf, b"%PDF-1.7 garbage").is_err());
        assert!(extract(Kind::Docx, b"PK\x03\x04 garbage").is_err());
    }

    #[test]
    fn text_is_capped() {
        let long = "word ".repeat(MAX_TEXT_CHARS);
        assert_eq!(tidy(&long).chars().count(), MAX_TEXT_CHARS);
    }
}
