//! PDF → text with pdf-extract (over lopdf). Every stream is inflated under
//! a shared cap first, so a small file that expands without bound is
//! refused before the reader decompresses anything; the reader's own
//! panics on malformed files are caught and reported as unreadable.

use super::{ExtractError, MAX_INFLATED_BYTES, MAX_PAGES};
use flate2::read::ZlibDecoder;
use std::io::Read;

/// Inflates every `stream … endstream` body that is zlib data, counting
/// the bytes; refuses the file once the total passes the cap.
fn check_inflated_size(bytes: &[u8]) -> Result<(), ExtractError> {
    let mut total: u64 = 0;
    let mut at = 0;
    let mut sink = vec![0u8; 64 * 1024];
    while let Some(pos) = find(&bytes[at..], b"stream") {
        let start = at + pos + b"stream".len();
        at = start;
        // "endstream" also contains "stream": skip those.
        if start >= 9 + 6 && &bytes[start - 9..start] == b"endstream" {
            continue;
        }
        let body_start = match bytes.get(start..start + 2) {
            Some(b"\r\n") => start + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => start + 1,
            _ => continue,
        };
        let end = find(&bytes[body_start..], b"endstream").map_or(bytes.len(), |e| body_start + e);
        let mut dec = ZlibDecoder::new(&bytes[body_start..end]);
        loop {
            match dec.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    total += n as u64;
                    if total > MAX_INFLATED_BYTES {
                        return Err(ExtractError::Unreadable(format!(
                            "the PDF's compressed streams expand to more than {} MB: refused as a possible PDF bomb",
                            MAX_INFLATED_BYTES / (1024 * 1024)
                        )));
                    }
                }
            }
        }
        at = end;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn text(bytes: &[u8]) -> Result<String, ExtractError> {
    check_inflated_size(bytes)?;
    let unreadable =
        |what: String| ExtractError::Unreadable(format!("the PDF cannot be read: {what}"));
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || -> Result<String, ExtractError> {
        let doc = pdf_extract::Document::load_mem(&owned).map_err(|e| unreadable(e.to_string()))?;
        if doc.is_encrypted() {
            return Err(ExtractError::Unreadable(
                "the PDF is encrypted: save an unprotected copy and import that".into(),
            ));
        }
        let pages = doc.get_pages().len();
        if pages == 0 {
            return Err(unreadable("it has no pages".into()));
        }
        if pages > MAX_PAGES {
            return Err(ExtractError::Unreadable(format!(
                "the PDF has {pages} pages; at most {MAX_PAGES} are imported at once"
            )));
        }
        let mut out = String::new();
        {
            let mut dev = pdf_extract::PlainTextOutput::new(&mut out);
            pdf_extract::output_doc(&doc, &mut dev).map_err(|e| unreadable(e.to_string()))?;
        }
        Ok(out)
    });
    match result {
        Ok(r) => r,
        Err(_) => Err(unreadable("its structure is damaged".into())),
    }
}
