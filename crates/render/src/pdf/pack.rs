//! The reports pack of a meeting (modern.gov's "public reports pack"): a
//! contents page, the agenda for the audience, then every paper the
//! audience may see, in agenda order, its PDF pages placed one by one with
//! page numbers running across the whole pack. Papers that are not PDFs (or
//! cannot be read as one) are listed with where to download them.
//!
//! Which papers go in is asked of [`visibility::document_visible`], the
//! same rule as downloads: a public pack never holds a paper of a
//! restricted item or a restricted paper; the clerk's internal pack holds
//! them, marked. Packs are cached (bounded, in memory) by a key over
//! everything that changes them: the agenda as built for the audience
//! (items, numbers, titles, papers listed, publication) and each included
//! paper's content hash.

use super::super::agenda;
use super::super::doc::{item_heading_line, Document, EXEMPT_BANNER};
use super::super::{dates, Audience};
use super::{compile, Conformance};
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{Item, Meeting, Paper};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// A paper of the meeting the audience may see, in agenda order.
pub struct PackPaper<'a> {
    pub item: &'a Item,
    pub paper: &'a Paper,
    /// Exempt information: a restricted paper, or a paper of a restricted
    /// item (or part of one). Only ever in the internal pack.
    pub exempt: bool,
}

impl PackPaper<'_> {
    /// Whether the paper is placed page by page (else it is listed).
    pub fn is_pdf(&self) -> bool {
        self.paper
            .media_type
            .eq_ignore_ascii_case(super::MEDIA_TYPE)
    }
}

fn viewer(audience: Audience) -> Viewer {
    match audience {
        Audience::Public => Viewer::Public,
        Audience::Internal => Viewer::Internal,
    }
}

/// The papers of `m` the audience may see, in agenda order (an item's own
/// papers, then its parts'). `m` is the read model for that audience.
pub fn papers(m: &Meeting, audience: Audience) -> Vec<PackPaper<'_>> {
    let viewer = viewer(audience);
    let mut out = Vec::new();
    for item in &m.items {
        collect(m, item, false, viewer, &mut out);
    }
    out
}

fn collect<'a>(
    m: &'a Meeting,
    item: &'a Item,
    parent_restricted: bool,
    viewer: Viewer,
    out: &mut Vec<PackPaper<'a>>,
) {
    let facts = item.facts(parent_restricted);
    for paper in &item.documents {
        if visibility::document_visible(viewer, m.facts(), facts, paper.restricted) {
            out.push(PackPaper {
                item,
                paper,
                exempt: facts.exempt() || paper.restricted,
            });
        }
    }
    for part in &item.parts {
        collect(m, part, facts.exempt(), viewer, out);
    }
}

/// The pack's agenda; 404 when the audience may not see the agenda.
pub fn agenda_for(m: &Meeting, audience: Audience) -> AppResult<Document> {
    if !visibility::agenda_visible(viewer(audience), m.facts()) {
        return Err(AppError::NotFound("agenda not yet published".into()));
    }
    Ok(agenda::build(m, audience))
}

/// The cache key: the audience, the agenda as built for it, and each
/// included paper's id, title, marking and content hash.
pub fn key(m: &Meeting, audience: Audience) -> AppResult<String> {
    let agenda = agenda_for(m, audience)?;
    let mut h = Sha256::new();
    h.update(b"minutebook reports pack v1\0");
    h.update(format!("{audience:?}\0{}\0", m.id));
    h.update(
        serde_json::to_vec(&agenda)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("pack key: {e}")))?,
    );
    for p in papers(m, audience) {
        h.update(format!(
            "\0{}\0{}\0{}\0{}\0{}",
            p.paper.id, p.paper.sha256, p.paper.title, p.exempt, p.paper.media_type
        ));
    }
    Ok(hex::encode(h.finalize()))
}

#[derive(Debug, Serialize)]
pub struct PackData {
    title: String,
    contents: &'static str,
    entries: Vec<Entry>,
    papers: Vec<PlacedPaper>,
}

/// A line of the contents page.
#[derive(Debug, Serialize)]
struct Entry {
    /// 0 for the agenda; the paper's number otherwise.
    n: usize,
    label: String,
    mark: Option<&'static str>,
    /// Placed in the pack (its page is looked up), or only listed.
    embedded: bool,
    note: String,
}

/// A PDF paper placed page by page, read by the template as `file`.
#[derive(Debug, Serialize)]
struct PlacedPaper {
    n: usize,
    file: String,
    pages: usize,
    header: String,
    mark: Option<&'static str>,
    alt: String,
}

/// The number of pages of a PDF, if it can be read as one.
pub fn page_count(bytes: &[u8]) -> Option<usize> {
    let pdf = hayro_syntax::Pdf::new(bytes.to_vec()).ok()?;
    Some(pdf.pages().len()).filter(|n| *n > 0)
}

/// The pack of `m` (the read model for `audience`); `bytes` holds the
/// content of each PDF paper by document id (a paper missing from it is
/// listed, not placed).
pub fn write(
    m: &Meeting,
    audience: Audience,
    bytes: &HashMap<String, Vec<u8>>,
) -> AppResult<Vec<u8>> {
    let agenda = agenda_for(m, audience)?;
    let mut entries = vec![Entry {
        n: 0,
        label: "Agenda".into(),
        mark: None,
        embedded: true,
        note: String::new(),
    }];
    let mut placed = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, p) in papers(m, audience).into_iter().enumerate() {
        let n = i + 1;
        let item = item_heading_line(
            p.item.minute_number.as_deref(),
            &p.item.title,
            p.item.restricted.is_some(),
        );
        let label = format!("{item}: {}", p.paper.title);
        let mark = p.exempt.then_some(EXEMPT_BANNER);
        let content = bytes.get(&p.paper.id).filter(|_| p.is_pdf());
        let pages = content.and_then(|b| page_count(b));
        match (content, pages) {
            (Some(b), Some(pages)) => {
                let file = format!("paper-{n}.pdf");
                placed.push(PlacedPaper {
                    n,
                    file: file.clone(),
                    pages,
                    header: label.clone(),
                    mark,
                    alt: format!("{} (a page of the paper)", p.paper.title),
                });
                files.push((file, b.clone()));
                entries.push(Entry {
                    n,
                    label,
                    mark,
                    embedded: true,
                    note: String::new(),
                });
            }
            _ => entries.push(Entry {
                n,
                label,
                mark,
                embedded: false,
                note: format!(
                    "not included ({}): {}",
                    p.paper.size_label.trim(),
                    p.paper.url
                ),
            }),
        }
    }
    let data = PackData {
        title: format!(
            "{} — {} — {}",
            match audience {
                Audience::Public => "Public reports pack",
                Audience::Internal => "Reports pack (internal)",
            },
            m.body.name,
            dates::long_date(m.starts_at)
        ),
        contents: "Contents",
        entries,
        papers: placed,
    };
    let mut doc = agenda;
    doc.kind = "agenda-pack";
    doc.title = data.title.clone();
    let files = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    compile(&doc, Some(&data), files, Conformance::Tagged)
}

/// Packs built recently, by [`key`]; bounded by count and bytes, the
/// oldest dropped first.
pub struct PackCache {
    entries: Mutex<VecDeque<(String, Arc<Vec<u8>>)>>,
    max_entries: usize,
    max_bytes: usize,
}

impl PackCache {
    pub fn new(max_entries: usize, max_bytes: usize) -> PackCache {
        PackCache {
            entries: Mutex::new(VecDeque::new()),
            max_entries,
            max_bytes,
        }
    }

    pub fn get(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: String, pdf: Arc<Vec<u8>>) {
        if pdf.len() > self.max_bytes {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        entries.retain(|(k, _)| *k != key);
        entries.push_back((key, pdf));
        while entries.len() > self.max_entries
            || entries.iter().map(|(_, v)| v.len()).sum::<usize>() > self.max_bytes
        {
            entries.pop_front();
        }
    }
}

impl Default for PackCache {
    /// 16 packs, 128 MB at most.
    fn default() -> PackCache {
        PackCache::new(16, 128 * 1024 * 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_drops_the_oldest_past_its_bounds() {
        let c = PackCache::new(2, 10);
        c.put("a".into(), Arc::new(vec![0; 4]));
        c.put("b".into(), Arc::new(vec![0; 4]));
        c.put("c".into(), Arc::new(vec![0; 4]));
        assert!(c.get("a").is_none());
        assert_eq!(c.get("c").map(|v| v.len()), Some(4));
        c.put("d".into(), Arc::new(vec![0; 8]));
        assert!(c.get("b").is_none() && c.get("c").is_none());
        c.put("huge".into(), Arc::new(vec![0; 11]));
        assert!(c.get("huge").is_none());
        assert!(c.get("d").is_some());
    }

    #[test]
    fn what_is_not_a_pdf_has_no_pages() {
        assert_eq!(page_count(b"not a pdf"), None);
    }
}
