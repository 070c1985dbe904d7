//! Papers uploaded to an item, from any surface (the API, the desk): the
//! multipart form read with the file streamed to a temporary file as it
//! arrives (hashed, its first bytes kept to decide its type), then stored
//! by its SHA-256 in the document store and attached by the use case.

use crate::state::AppState;
use actix_multipart::Multipart;
use futures_util::StreamExt;
use minutebook_domain::access::Actor;
use minutebook_domain::paper_types;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store as store;
use minutebook_store::documents::DocumentRow;
use minutebook_usecases::agenda::papers;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

/// Keeps a file name safe to echo in a header and on a page.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "document".into()
    } else {
        cleaned.trim().to_string()
    }
}

/// An upload as received: the file in a temporary file (hashed, its first
/// bytes kept for the type decision), and the form's other fields.
pub struct Received {
    pub temp: PathBuf,
    pub filename: String,
    pub declared_type: Option<String>,
    pub size: i64,
    pub sha256: String,
    /// The first bytes, for the type decision.
    pub head: Vec<u8>,
    pub title: Option<String>,
    pub restricted: bool,
    /// The extra fields asked for, as sent.
    pub fields: HashMap<String, String>,
}

/// Reads a multipart upload: the file (`file`, at most the upload limit,
/// streamed to a temporary file as it arrives), `title` and `restricted`,
/// and the `extra` fields a surface asks for (the desk's `csrf`), each at
/// most 4 KiB; any other field is refused.
pub async fn receive(state: &AppState, form: Multipart, extra: &[&str]) -> AppResult<Received> {
    let mut written = None;
    let got = read_form(state, form, extra, &mut written).await;
    if got.is_err() {
        // Nothing of a refused upload is left behind.
        if let Some(temp) = written {
            let _ = tokio::fs::remove_file(&temp).await;
        }
    }
    got
}

/// A file field as written to `incoming/`: where, its name, the type
/// its sender declared, its size and its SHA-256.
struct Written {
    temp: PathBuf,
    filename: String,
    declared: Option<String>,
    size: i64,
    sha256: String,
}

fn bad_multipart(e: actix_multipart::MultipartError) -> AppError {
    AppError::BadRequest(format!("the multipart body is not valid: {e}"))
}

async fn read_form(
    state: &AppState,
    mut form: Multipart,
    extra: &[&str],
    written: &mut Option<PathBuf>,
) -> AppResult<Received> {
    let dir = state.documents.incoming_dir();
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot create {}: {e}", dir.display())))?;
    let limit = state.settings.max_upload_bytes as i64;
    let mut file: Option<Written> = None;
    let mut head = Vec::new();
    let mut title = None;
    let mut restricted = false;
    let mut fields = HashMap::new();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(bad_multipart)?;
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                if file.is_some() {
                    return Err(AppError::field("file", "send one file per upload"));
                }
                let temp = dir.join(store::new_id());
                *written = Some(temp.clone());
                file = Some(write_file_field(&mut field, temp, limit, &mut head).await?);
            }
            n if n == "title" || n == "restricted" || extra.contains(&n) => {
                let text = read_text_field(&mut field, &name).await?;
                if extra.contains(&name.as_str()) {
                    fields.insert(name.clone(), text);
                } else if name == "title" {
                    title = upload_title(&text)?;
                } else {
                    restricted = upload_flag(&text)?;
                }
            }
            other => {
                return Err(AppError::field(
                    other,
                    "is not a field of an upload (allowed: file, title, restricted)",
                ));
            }
        }
    }
    let file = file.ok_or_else(|| {
        AppError::field(
            "file",
            "is required: send the document as the multipart field 'file'",
        )
    })?;
    if file.size == 0 {
        let _ = tokio::fs::remove_file(&file.temp).await;
        return Err(AppError::field("file", "is empty"));
    }
    Ok(Received {
        temp: file.temp,
        filename: file.filename,
        declared_type: file.declared,
        size: file.size,
        sha256: file.sha256,
        head,
        title,
        restricted,
        fields,
    })
}

/// Writes the file field to `temp` a chunk at a time, hashing it and
/// keeping its first bytes in `head` (to tell its type); refuses it past
/// `limit` bytes (the partial file removed).
async fn write_file_field(
    field: &mut actix_multipart::Field,
    temp: PathBuf,
    limit: i64,
    head: &mut Vec<u8>,
) -> AppResult<Written> {
    let filename = clean_filename(
        field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or("document"),
    );
    let declared = field.content_type().map(|m| m.essence_str().to_string());
    let mut out = tokio::fs::File::create(&temp)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot write upload: {e}")))?;
    // A chunk in memory at a time (tokio's default holds 2 MiB).
    out.set_max_buf_size(64 * 1024);
    let mut hasher = Sha256::new();
    let mut size: i64 = 0;
    while let Some(chunk) = field.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                let _ = tokio::fs::remove_file(&temp).await;
                return Err(bad_multipart(e));
            }
        };
        size += chunk.len() as i64;
        if size > limit {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(AppError::PayloadTooLarge(format!(
                "a document may be at most {limit} bytes"
            )));
        }
        hasher.update(&chunk);
        let room = paper_types::SNIFF_BYTES.saturating_sub(head.len());
        head.extend_from_slice(&chunk[..room.min(chunk.len())]);
        out.write_all(&chunk)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot write upload: {e}")))?;
    }
    out.flush()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(Written {
        temp,
        filename,
        declared,
        size,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// A text field of at most 4 KiB of UTF-8.
async fn read_text_field(field: &mut actix_multipart::Field, name: &str) -> AppResult<String> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(bad_multipart)?;
        if buf.len() + chunk.len() > 4096 {
            return Err(AppError::field(name, "is too long"));
        }
        buf.extend_from_slice(&chunk);
    }
    String::from_utf8(buf).map_err(|_| AppError::field(name, "must be UTF-8 text"))
}

/// The paper's title, if one was given: at most 500 characters of text.
fn upload_title(text: &str) -> AppResult<Option<String>> {
    let t = text.trim();
    if t.contains('\0') || t.chars().count() > 500 {
        return Err(AppError::field(
            "title",
            "must be at most 500 characters of text",
        ));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// The `restricted` field: true or false (1/0, yes/no; empty is false).
fn upload_flag(text: &str) -> AppResult<bool> {
    match text.trim() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" | "" => Ok(false),
        _ => Err(AppError::field("restricted", "must be true or false")),
    }
}

/// Stores a received file by its SHA-256 and attaches it to the item as a
/// paper (its type decided from its bytes, its name and what was declared).
pub async fn store_paper(
    state: &AppState,
    actor: Actor,
    item_id: String,
    got: Received,
) -> AppResult<DocumentRow> {
    let key = got.sha256.clone();
    // The temporary file is gone after, stored or not.
    state
        .documents
        .put_file(&got.temp, &key)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot store document: {e:#}")))?;
    let whole = got.head.len() as i64 == got.size;
    let media_type = paper_types::decide(
        &got.head,
        whole,
        got.declared_type.as_deref(),
        &got.filename,
    )
    .media_type
    .to_string();
    let hook_url = state.settings.public_url.clone();
    state
        .write(move |conn| {
            let new = papers::NewPaper {
                title: got.title.unwrap_or_else(|| got.filename.clone()),
                filename: got.filename,
                media_type,
                size_bytes: got.size,
                sha256: got.sha256,
                storage_key: key,
                restricted: got.restricted,
            };
            papers::attach(conn, &actor, &item_id, new, &hook_url)
        })
        .await
}
