//! Which media type a paper is served with, decided from its content.
//!
//! A paper is served with its own type only when its first bytes show it is
//! one of the paper types on the allow-list (PDF, Word, Excel, PowerPoint,
//! OpenDocument, PNG, JPEG, GIF, plain text, CSV). Anything else — HTML, SVG,
//! XML, scripts, unknown bytes — whatever its name or declared type, is
//! served as `application/octet-stream` for download, never as a page.

/// How many leading bytes the decision looks at.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The type used for everything not on the allow-list.
pub const OPAQUE: &str = "application/octet-stream";

const DOC: &str = "application/msword";
const XLS: &str = "application/vnd.ms-excel";
const PPT: &str = "application/vnd.ms-powerpoint";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const ODT: &str = "application/vnd.oasis.opendocument.text";
const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";
const ODP: &str = "application/vnd.oasis.opendocument.presentation";
const TEXT: &str = "text/plain";
const CSV: &str = "text/csv";

/// Types recognised from their magic bytes alone.
const BY_MAGIC: [&str; 10] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    DOCX,
    XLSX,
    PPTX,
    ODT,
    ODS,
    ODP,
];

/// Every type a paper is served as (text ones with `; charset=utf-8`).
pub const SERVED: [&str; 16] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    DOCX,
    XLSX,
    PPTX,
    ODT,
    ODS,
    ODP,
    DOC,
    XLS,
    PPT,
    TEXT,
    CSV,
    OPAQUE,
];

/// The served type of a paper and whether it may be shown inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaperType {
    pub media_type: &'static str,
    pub inline: bool,
}

impl PaperType {
    const fn paper(media_type: &'static str) -> PaperType {
        PaperType {
            media_type,
            inline: true,
        }
    }

    /// Not a paper type: served for download only.
    pub const OPAQUE: PaperType = PaperType {
        media_type: OPAQUE,
        inline: false,
    };

    /// The `Content-Type` header value (text types name their charset).
    pub fn content_type(self) -> String {
        if self.media_type.starts_with("text/") {
            format!("{}; charset=utf-8", self.media_type)
        } else {
            self.media_type.to_string()
        }
    }
}

/// What the client said: the declared type if it names one, else the
/// type the file name's extension suggests.
fn claimed(declared: Option<&str>, filename: &str) -> Option<&'static str> {
    let declared = declared
        .map(|d| {
            d.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|d| !d.is_empty() && d != OPAQUE);
    if let Some(d) = declared {
        return [DOC, XLS, PPT, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT, CSV]
            .into_iter()
            .find(|t| *t == d);
    }
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    Some(match ext.as_str() {
        "doc" => DOC,
        "xls" => XLS,
        "ppt" => PPT,
        "docx" => DOCX,
        "xlsx" => XLSX,
        "pptx" => PPTX,
        "odt" => ODT,
        "ods" => ODS,
        "odp" => ODP,
        "txt" => TEXT,
        "csv" => CSV,
        _ => return None,
    })
}

/// Text a browser could take for markup (HTML, SVG, XML) or a binary file.
fn is_plain_text(head: &[u8], whole: bool) -> bool {
    if head.contains(&0) {
        return false;
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A prefix may end inside a character: the valid part must reach it.
        Err(e) if !whole && e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return false,
    };
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n', '\x0c']);
    !start.starts_with('<')
}

/// The type to serve a paper with, from its first bytes (`head`, at most
/// [`SNIFF_BYTES`]; `whole` when that is the entire file), the declared type
/// and the file name.
pub fn decide(head: &[u8], whole: bool, declared: Option<&str>, filename: &str) -> PaperType {
    let claim = claimed(declared, filename);
    match infer::get(head).map(|k| k.mime_type()) {
        Some(found) => {
            if let Some(t) = BY_MAGIC.into_iter().find(|t| *t == found) {
                return PaperType::paper(t);
            }
            match (found, claim) {
                // An OLE compound file: Word, Excel or PowerPoint 97–2003; the
                // magic alone does not say which, so the claim chooses.
                (DOC, Some(c @ (DOC | XLS | PPT))) => PaperType::paper(c),
                // Office and OpenDocument files are zip archives; some writers
                // order their entries so the magic shows only a zip.
                ("application/zip", Some(c @ (DOCX | XLSX | PPTX | ODT | ODS | ODP))) => {
                    PaperType::paper(c)
                }
                _ => PaperType::OPAQUE,
            }
        }
        None => match claim {
            Some(c @ (TEXT | CSV)) if is_plain_text(head, whole) => PaperType::paper(c),
            _ => PaperType::OPAQUE,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn a_pdf_is_a_pdf_whatever_it_is_called() {
        let t = decide(PDF, true, Some("text/html"), "evil.html");
        assert_eq!(t, PaperType::paper("application/pdf"));
        assert!(t.inline);
    }

    #[test]
    fn html_is_never_served_as_html() {
        for (body, declared, name) in [
            (
                &b"<html><script>alert(1)</script></html>"[..],
                Some("text/html"),
                "a.html",
            ),
            (b"<script>alert(1)</script>", Some("text/html"), "evil.pdf"),
            (b"<img src=x onerror=alert(1)>", Some("text/html"), "x.htm"),
            (b"<img src=x onerror=alert(1)>", Some("text/plain"), "x.txt"),
            (b"<img src=x onerror=alert(1)>", None, "x.pdf"),
            (b"  <!DOCTYPE html><p>", Some("application/pdf"), "x.pdf"),
        ] {
            assert_eq!(
                decide(body, true, declared, name),
                PaperType::OPAQUE,
                "{name}"
            );
        }
    }

    #[test]
    fn svg_and_xml_are_opaque() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert_eq!(
            decide(svg, true, Some("image/svg+xml"), "a.svg"),
            PaperType::OPAQUE
        );
        let xml = b"<?xml version=\"1.0\"?><svg/>";
        assert_eq!(
            decide(xml, true, Some("text/plain"), "a.txt"),
            PaperType::OPAQUE
        );
    }

    #[test]
    fn images_on_the_list_pass_and_others_do_not() {
        assert_eq!(decide(PNG, true, None, "x").media_type, "image/png");
        assert_eq!(
            decide(b"GIF89a\x01\0", true, None, "x").media_type,
            "image/gif"
        );
        assert_eq!(
            decide(b"\xff\xd8\xff\xe0\0\x10JFIF", true, None, "x").media_type,
            "image/jpeg"
        );
        // BMP: a picture, but not on the list.
        assert_eq!(
            decide(b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0", true, None, "a.bmp"),
            PaperType::OPAQUE
        );
    }

    #[test]
    fn text_and_csv_need_a_claim_and_clean_text() {
        assert_eq!(
            decide(
                b"Minutes of the meeting\n",
                true,
                Some("text/plain"),
                "m.txt"
            ),
            PaperType::paper(TEXT)
        );
        assert_eq!(
            decide(b"a,b\n1,2\n", true, None, "t.csv"),
            PaperType::paper(CSV)
        );
        assert_eq!(
            decide(b"a,b\n1,2\n", true, None, "t.bin"),
            PaperType::OPAQUE
        );
        assert_eq!(
            decide(b"a\0b", true, Some("text/plain"), "t.txt"),
            PaperType::OPAQUE
        );
        assert_eq!(
            decide(b"\xff\xfe", true, Some("text/plain"), "t.txt"),
            PaperType::OPAQUE
        );
        // A prefix cut inside a character is still text.
        assert_eq!(
            decide(
                "café".as_bytes().split_at(4).0,
                false,
                Some("text/plain"),
                "t.txt"
            ),
            PaperType::paper(TEXT)
        );
        assert_eq!(
            PaperType::paper(TEXT).content_type(),
            "text/plain; charset=utf-8"
        );
    }

    #[test]
    fn ole_files_take_their_office_claim_only() {
        let ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";
        assert_eq!(decide(ole, true, None, "budget.xls"), PaperType::paper(XLS));
        assert_eq!(decide(ole, true, Some(DOC), "x"), PaperType::paper(DOC));
        assert_eq!(
            decide(ole, true, Some("text/html"), "x.doc"),
            PaperType::OPAQUE
        );
    }

    #[test]
    fn a_zip_is_a_paper_only_when_claimed_as_office() {
        let zip = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0aaaa";
        assert_eq!(decide(zip, true, None, "r.docx"), PaperType::paper(DOCX));
        assert_eq!(decide(zip, true, None, "r.zip"), PaperType::OPAQUE);
    }
}
