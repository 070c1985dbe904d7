//! A paper of an item as every reader sees it: its metadata, its download
//! address and the label an agenda prints ("PDF 124 KB").

use super::time::utc;
use chrono::{DateTime, Utc};
use minutebook_domain::visibility::{self, ItemFacts, Viewer};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::documents::DocumentRow;
use minutebook_store::{self as store};
use serde::Serialize;
use utoipa::ToSchema;

/// A paper of an item (a report, a PDF) as the API shows it; called
/// `Document` in the API. (`render::doc::Document` is a rendered document.)
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Document)]
pub struct Paper {
    pub id: String,
    pub item_id: String,
    pub title: String,
    pub filename: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// e.g. "PDF 124 KB", as an agenda shows it.
    pub size_label: String,
    pub sha256: String,
    pub url: String,
    pub restricted: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Paper {
    pub fn from_row(r: DocumentRow, public_url: &str) -> Paper {
        Paper {
            url: format!("{public_url}/api/v1/documents/{}/content", r.id),
            size_label: size_label(&r.media_type, &r.filename, r.size_bytes),
            id: r.id,
            item_id: r.item_id,
            title: r.title,
            filename: r.filename,
            media_type: r.media_type,
            size_bytes: r.size_bytes,
            sha256: r.sha256,
            restricted: r.restricted,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// "PDF 124 KB": the type a reader recognises and the size in KB (1024 bytes,
/// rounded up) or MB.
pub fn size_label(media_type: &str, filename: &str, size: i64) -> String {
    let kind = match media_type {
        "application/pdf" => "PDF".to_string(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/msword" => "Word".to_string(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.ms-excel" => "Excel".to_string(),
        _ => filename
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_uppercase())
            .unwrap_or_else(|| "File".to_string()),
    };
    let kb = (size + 1023) / 1024;
    if kb >= 1024 {
        format!("{kind} {:.1} MB", size as f64 / (1024.0 * 1024.0))
    } else {
        format!("{kind} {} KB", kb.max(1))
    }
}

/// The bytes of a stored paper: the one place they are read (downloads,
/// and the background job that reads papers' text for search).
pub async fn bytes(
    documents: &minutebook_store::blobs::DocumentStore,
    row: &DocumentRow,
) -> minutebook_ground::error::AppResult<Vec<u8>> {
    documents.get(&row.storage_key).await.map_err(|e| {
        minutebook_ground::error::AppError::Internal(anyhow::anyhow!(
            "document {} not in the store: {e:#}",
            row.id
        ))
    })
}

/// A document the viewer may see (see `domain::visibility`); else 404.
pub fn visible(conn: &mut DbConn, id: &str, viewer: Viewer) -> AppResult<DocumentRow> {
    let doc = store::documents::get(conn, id)?;
    if viewer.is_internal() {
        return Ok(doc);
    }
    let hidden = || AppError::not_found("document");
    let item = store::items::get(conn, &doc.item_id).map_err(|_| hidden())?;
    let parent_restricted = match &item.parent_id {
        Some(p) => store::items::get_any(conn, p)?.restricted,
        None => false,
    };
    let m = store::meetings::get(conn, &item.meeting_id).map_err(|_| hidden())?;
    let facts = ItemFacts::new(item.restricted, parent_restricted);
    if !visibility::document_visible(viewer, m.facts(), facts, doc.restricted) {
        return Err(hidden());
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::size_label;

    #[test]
    fn size_label_reads_like_an_agenda() {
        assert_eq!(
            size_label("application/pdf", "x.pdf", 124 * 1024),
            "PDF 124 KB"
        );
        assert_eq!(size_label("application/pdf", "x.pdf", 10), "PDF 1 KB");
        assert_eq!(
            size_label("text/csv", "data.csv", 3 * 1024 * 1024),
            "CSV 3.0 MB"
        );
    }
}
