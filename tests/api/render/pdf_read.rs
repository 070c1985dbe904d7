//! Reads PDFs back with tools that share nothing with the writer: poppler
//! (`pdftotext`, `pdfinfo`) for the text and the pages, `lopdf` for the
//! catalogue, the XMP metadata, the structure tree and the fonts.

use lopdf::{Document, Object};
use std::process::Command;

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let mut cmd = Command::new(name);
    cmd.args(args).arg(&path);
    if name == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{name} (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The text of the whole document (pages separated by form feeds).
pub fn text(pdf: &[u8]) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// The text of one page (1-based).
pub fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-enc", "UTF-8", "-f", &p, "-l", &p], pdf)
}

/// The page count `pdfinfo` reports.
pub fn pages(pdf: &[u8]) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in:\n{info}"))
}

/// What `pdfinfo` says, e.g. its `Title:` line.
pub fn info(pdf: &[u8]) -> String {
    tool("pdfinfo", &[], pdf)
}

/// Whitespace folded to single spaces.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with no whitespace and no hyphens: how it reads whatever the lines
/// (poppler joins a word hyphenated at a line's end without its hyphen).
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn dict_get<'a>(doc: &'a Document, d: &'a lopdf::Dictionary, key: &[u8]) -> Option<&'a Object> {
    let o = d.get(key).ok()?;
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

fn string_of(o: &Object) -> String {
    match o {
        Object::String(bytes, _) => {
            if bytes.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                bytes.iter().map(|b| *b as char).collect()
            }
        }
        Object::Name(n) => String::from_utf8_lossy(n).to_string(),
        other => format!("{other:?}"),
    }
}

/// The value of an XMP property, written as an element or an attribute.
fn xmp_value(xmp: &str, name: &str) -> Option<String> {
    if let Some(i) = xmp.find(&format!("<{name}>")) {
        let rest = &xmp[i + name.len() + 2..];
        return rest.find('<').map(|j| rest[..j].trim().to_string());
    }
    let i = xmp.find(&format!("{name}=\""))?;
    let rest = &xmp[i + name.len() + 2..];
    rest.find('"').map(|j| rest[..j].to_string())
}

/// What an archival, tagged PDF must carry, read from its objects.
#[derive(Debug)]
pub struct Archival {
    pub pdfa_part: Option<String>,
    pub pdfa_conformance: Option<String>,
    pub lang: Option<String>,
    pub marked: bool,
    pub struct_tree: bool,
    /// The number of structure elements under the root.
    pub struct_elements: usize,
    pub title: Option<String>,
    pub xmp: String,
    /// Fonts whose descriptor has no embedded font file.
    pub unembedded_fonts: Vec<String>,
    pub font_count: usize,
}

fn count_struct(doc: &Document, o: &Object, depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    let o = match o {
        Object::Reference(id) => match doc.get_object(*id) {
            Ok(o) => o,
            Err(_) => return 0,
        },
        o => o,
    };
    match o {
        Object::Array(a) => a.iter().map(|x| count_struct(doc, x, depth + 1)).sum(),
        Object::Dictionary(d) => {
            let me = usize::from(d.get(b"S").is_ok());
            me + d
                .get(b"K")
                .map(|k| count_struct(doc, k, depth + 1))
                .unwrap_or(0)
        }
        _ => 0,
    }
}

pub fn archival(pdf: &[u8]) -> Archival {
    let doc = Document::load_mem(pdf).expect("lopdf reads the PDF");
    let catalog = doc.catalog().expect("a catalogue");
    let lang = dict_get(&doc, catalog, b"Lang").map(string_of);
    let marked = dict_get(&doc, catalog, b"MarkInfo")
        .and_then(|m| m.as_dict().ok())
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|m| m.as_bool().ok())
        .unwrap_or(false);
    let tree = dict_get(&doc, catalog, b"StructTreeRoot").and_then(|t| t.as_dict().ok());
    let struct_elements = tree
        .and_then(|t| t.get(b"K").ok())
        .map(|k| count_struct(&doc, k, 0))
        .unwrap_or(0);
    let xmp = dict_get(&doc, catalog, b"Metadata")
        .and_then(|m| m.as_stream().ok())
        .map(|s| {
            let bytes = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            String::from_utf8_lossy(&bytes).to_string()
        })
        .unwrap_or_default();
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| match i {
            Object::Reference(id) => doc.get_object(*id).ok(),
            o => Some(o),
        })
        .and_then(|i| i.as_dict().ok())
        .and_then(|i| i.get(b"Title").ok())
        .map(string_of);
    let mut unembedded = Vec::new();
    let mut font_count = 0;
    for o in doc.objects.values() {
        let Ok(d) = o.as_dict() else { continue };
        if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"FontDescriptor") {
            continue;
        }
        font_count += 1;
        if !(d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3")) {
            unembedded.push(
                d.get(b"FontName")
                    .map(string_of)
                    .unwrap_or_else(|_| "?".into()),
            );
        }
    }
    Archival {
        pdfa_part: xmp_value(&xmp, "pdfaid:part"),
        pdfa_conformance: xmp_value(&xmp, "pdfaid:conformance"),
        lang,
        marked,
        struct_tree: tree.is_some(),
        struct_elements,
        title,
        xmp,
        unembedded_fonts: unembedded,
        font_count,
    }
}

/// Asserts the PDF is PDF/A-2a, tagged, in British English, titled
/// (`title` when given), every font embedded.
#[track_caller]
pub fn assert_archival(pdf: &[u8], title: Option<&str>) {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let a = archival(pdf);
    assert_eq!(a.pdfa_part.as_deref(), Some("2"), "PDF/A part: {}", a.xmp);
    assert_eq!(a.pdfa_conformance.as_deref(), Some("A"), "PDF/A level");
    assert_eq!(a.lang.as_deref(), Some("en-GB"));
    assert!(a.marked, "/MarkInfo /Marked true");
    assert!(a.struct_tree, "a /StructTreeRoot");
    assert!(a.struct_elements > 5, "a structure tree with elements");
    let got = a.title.clone().unwrap_or_default();
    assert!(!got.is_empty(), "a document title");
    if let Some(title) = title {
        assert_eq!(got, title, "the document title");
    }
    assert!(a.xmp.contains(&got), "the title in XMP");
    assert!(a.font_count > 0, "fonts");
    assert!(a.unembedded_fonts.is_empty(), "{:?}", a.unembedded_fonts);
    let info = info(pdf);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.trim_end().ends_with("yes")),
        "poppler sees a tagged PDF:\n{info}"
    );
}

/// A PDF made with lopdf (not the writer under test): a page for each of
/// `words`, in the standard Helvetica.
pub fn make_paper(words: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for w in words {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 24.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*w)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("content"),
        ));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}
