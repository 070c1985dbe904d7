//! Documents → text lines, bounded: what was declared is checked against
//! the bytes, PDF streams are inflated under a cap before the PDF reader
//! sees them (a PDF bomb is refused), Word's XML is read under a cap, and
//! the text produced is limited in length. Callers run this on a blocking
//! thread with a time limit.

mod docx;
mod html;
mod numbering;
mod pdf;

/// The kinds of document an import takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Pdf,
    Docx,
}

pub const DOCX_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The most text an import reads out of one document (characters).
pub const MAX_TEXT_CHARS: usize = 4_000_000;
/// The most all of a PDF's streams (or a Word file's XML) may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_PAGES: usize = 2000;

/// Why a document cannot be read: `415` for a type this does not take, `422`
/// for a document that is not what it says or cannot be read within bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    Unsupported(String),
    Unreadable(String),
}

impl Format {
    /// The format a declared media type names (its parameters ignored).
    pub fn from_media_type(media: &str) -> Result<Format, ExtractError> {
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "text/plain" => Ok(Format::Text),
            "text/markdown" | "text/x-markdown" => Ok(Format::Markdown),
            "text/html" | "application/xhtml+xml" => Ok(Format::Html),
            "application/pdf" => Ok(Format::Pdf),
            DOCX_TYPE => Ok(Format::Docx),
            "" => Err(ExtractError::Unsupported(
                "the document's media type is missing: send Content-Type text/plain, text/markdown, text/html, application/pdf or the Word (.docx) type".into(),
            )),
            other => Err(ExtractError::Unsupported(format!(
                "documents of type {other} cannot be imported: send text/plain, text/markdown, text/html, application/pdf or a Word (.docx) file"
            ))),
        }
    }

    /// The format a file name suggests (for the command line).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit('.').next()?;
        Some(match ext {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            _ => return None,
        })
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain",
            Format::Markdown => "text/markdown",
            Format::Html => "text/html",
            Format::Pdf => "application/pdf",
            Format::Docx => DOCX_TYPE,
        }
    }
}

/// What the first bytes say the document really is, when that is an image
/// or another binary format (so a JPEG sent as text/plain is named).
fn sniffed(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("a PDF");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("a zip archive");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("an old Word (.doc) or other OLE file");
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G']) {
        return Some("a PNG image");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("a JPEG image");
    }
    if bytes.starts_with(b"GIF8") {
        return Some("a GIF image");
    }
    if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("a WebP image");
    }
    None
}

fn text_of(bytes: &[u8]) -> Result<String, ExtractError> {
    if let Some(what) = sniffed(bytes) {
        return Err(ExtractError::Unreadable(format!(
            "the document was declared as text but is {what}"
        )));
    }
    let s = std::str::from_utf8(bytes).map_err(|e| {
        ExtractError::Unreadable(format!(
            "the text is not UTF-8 (invalid byte at offset {}); save it as UTF-8 text",
            e.valid_up_to()
        ))
    })?;
    if s.chars().any(|c| c == '\0') {
        return Err(ExtractError::Unreadable(
            "the text contains NUL characters: it is not a text document".into(),
        ));
    }
    Ok(s.trim_start_matches('\u{feff}').to_string())
}

/// The text of a document, one line per line or paragraph.
pub fn text(bytes: &[u8], format: Format) -> Result<String, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Unreadable("the document is empty".into()));
    }
    let out = match format {
        Format::Text | Format::Markdown => text_of(bytes)?,
        Format::Html => html::text(&text_of(bytes)?),
        Format::Pdf => {
            if !bytes.starts_with(b"%PDF-") {
                return Err(ExtractError::Unreadable(match sniffed(bytes) {
                    Some(what) => format!("the document was declared as PDF but is {what}"),
                    None => "the document was declared as PDF but does not start with %PDF-: it is not a PDF".into(),
                }));
            }
            pdf::text(bytes)?
        }
        Format::Docx => {
            if !bytes.starts_with(b"PK\x03\x04") {
                return Err(ExtractError::Unreadable(match sniffed(bytes) {
                    Some(what) => format!("the document was declared as Word (.docx) but is {what}"),
                    None => "the document was declared as Word (.docx) but is not a zip package: it is not a .docx file".into(),
                }));
            }
            docx::text(bytes)?
        }
    };
    if out.chars().count() > MAX_TEXT_CHARS {
        return Err(ExtractError::Unreadable(format!(
            "the document holds more than {MAX_TEXT_CHARS} characters of text; import it in parts"
        )));
    }
    if out.trim().is_empty() {
        return Err(ExtractError::Unreadable(
            "no text could be read from the document (a scanned image has no text: run OCR first)"
                .into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_are_checked_against_the_bytes() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
        assert!(
            matches!(text(&png, Format::Text), Err(ExtractError::Unreadable(m)) if m.contains("PNG"))
        );
        assert!(
            matches!(text(b"random bytes here", Format::Pdf), Err(ExtractError::Unreadable(m)) if m.contains("not a PDF"))
        );
        assert!(
            matches!(text(b"random bytes", Format::Docx), Err(ExtractError::Unreadable(m)) if m.contains("not a .docx"))
        );
        assert!(
            matches!(text(b"", Format::Text), Err(ExtractError::Unreadable(m)) if m.contains("empty"))
        );
        assert!(
            matches!(text(&[0xff, 0xfe, 0x41], Format::Text), Err(ExtractError::Unreadable(m)) if m.contains("UTF-8"))
        );
        assert!(matches!(
            Format::from_media_type("image/png"),
            Err(ExtractError::Unsupported(_))
        ));
        assert_eq!(
            Format::from_media_type("text/plain; charset=utf-8").unwrap(),
            Format::Text
        );
    }

    #[test]
    fn a_broken_pdf_and_a_broken_docx_are_refused() {
        assert!(matches!(
            text(b"%PDF-1.7\nnonsense", Format::Pdf),
            Err(ExtractError::Unreadable(_))
        ));
        assert!(matches!(
            text(b"PK\x03\x04nonsense", Format::Docx),
            Err(ExtractError::Unreadable(_))
        ));
    }

    #[test]
    fn a_pdf_bomb_is_refused_before_it_is_read() {
        use flate2::write::ZlibEncoder;
        use std::io::Write;
        let mut enc = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..(MAX_INFLATED_BYTES / (1024 * 1024) + 8) {
            enc.write_all(&zeros).unwrap();
        }
        let z = enc.finish().unwrap();
        assert!(z.len() < 1024 * 1024, "the bomb is small: {}", z.len());
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Length ".to_vec();
        pdf.extend_from_slice(z.len().to_string().as_bytes());
        pdf.extend_from_slice(b" /Filter /FlateDecode >>\nstream\n");
        pdf.extend_from_slice(&z);
        pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        let e = text(&pdf, Format::Pdf).unwrap_err();
        assert!(
            matches!(&e, ExtractError::Unreadable(m) if m.contains("expand")),
            "{e:?}"
        );
    }
}
