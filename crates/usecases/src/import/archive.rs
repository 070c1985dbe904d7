//! A zip of a minute book's documents: each entry an import takes (by its
//! name: .txt, .md, .html, .pdf, .docx), in name order, read under caps so
//! that a zip bomb is refused: at most [`MAX_ENTRIES`] documents, each at
//! most [`MAX_IMPORT_BYTES`], all of them at most [`MAX_ARCHIVE_BYTES`]
//! once inflated. Each document then goes through the one import.

use super::extract::{ExtractError, Format};
use super::run::MAX_IMPORT_BYTES;
use std::io::{Cursor, Read};

/// The most documents one archive holds.
pub const MAX_ENTRIES: usize = 500;
/// The most all of an archive's documents may inflate to.
pub const MAX_ARCHIVE_BYTES: u64 = 200 * 1024 * 1024;

/// One document of an archive.
pub struct Entry {
    pub name: String,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Whether bytes are a zip archive (its first local header).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The documents of an archive, and the names of the entries it holds
/// that are not documents an import takes.
pub fn entries(bytes: &[u8]) -> Result<(Vec<Entry>, Vec<String>), ExtractError> {
    let bad =
        |what: String| ExtractError::Unreadable(format!("the zip archive cannot be read: {what}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut names: Vec<(usize, String)> = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i).map(|n| (i, n.to_string())))
        .collect();
    names.sort_by(|a, b| a.1.cmp(&b.1));
    let (mut out, mut other) = (Vec::new(), Vec::new());
    let mut total: u64 = 0;
    for (i, name) in names {
        if name.ends_with('/') || name.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        let Some(format) = Format::from_file_name(&name) else {
            other.push(name);
            continue;
        };
        if out.len() == MAX_ENTRIES {
            return Err(bad(format!(
                "it holds more than {MAX_ENTRIES} documents; import it in parts"
            )));
        }
        let file = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        let mut bytes = Vec::new();
        file.take(MAX_IMPORT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(bad(format!(
                "{name} is larger than {} MB",
                MAX_IMPORT_BYTES / (1024 * 1024)
            )));
        }
        total += bytes.len() as u64;
        if total > MAX_ARCHIVE_BYTES {
            return Err(ExtractError::Unreadable(format!(
                "the zip archive expands to more than {} MB: refused as a possible zip bomb",
                MAX_ARCHIVE_BYTES / (1024 * 1024)
            )));
        }
        out.push(Entry {
            name,
            format,
            bytes,
        });
    }
    if out.is_empty() {
        return Err(ExtractError::Unreadable(
            "the zip archive holds no .txt, .md, .html, .pdf or .docx document".into(),
        ));
    }
    Ok((out, other))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap_or_else(|_| unreachable!());
            w.write_all(bytes).unwrap_or_else(|_| unreachable!());
        }
        w.finish().unwrap_or_else(|_| unreachable!()).into_inner()
    }

    #[test]
    fn documents_in_name_order_and_the_rest_named() {
        let z = zip_of(&[
            ("2019/b.md", b"b"),
            ("a.txt", b"a"),
            ("notes.xlsx", b"x"),
            ("__MACOSX/", b""),
        ]);
        assert!(is_zip(&z));
        let (docs, other) = entries(&z).unwrap_or_else(|_| unreachable!());
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["2019/b.md", "a.txt"]);
        assert_eq!(other, ["notes.xlsx"]);
    }

    #[test]
    fn an_archive_of_no_documents_or_not_a_zip_is_refused() {
        assert!(entries(&zip_of(&[("x.xlsx", b"x")])).is_err());
        assert!(entries(b"PK\x03\x04 broken").is_err());
    }
}
