//! Where papers' bytes live, addressed by their SHA-256 (the storage key):
//! the data folder (the embedded default), or any S3-compatible object
//! store (`MINUTEBOOK_DOCUMENT_STORE=s3://BUCKET/PREFIX`, configured by the
//! standard AWS variables: `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP`), shared by every
//! instance. Uploads arrive in a temporary file under the data folder; with
//! object storage it is removed once stored, so no copy stays on local disk.

use object_store::aws::AmazonS3Builder;
use object_store::buffered::BufWriter;
use object_store::path::Path as ObjectPath;
use object_store::ObjectStore;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

#[derive(Clone)]
pub enum DocumentStore {
    /// `<folder>/<first two hex digits>/<sha256>`.
    Local(PathBuf),
    /// `<prefix>/<first two hex digits>/<sha256>` in a bucket.
    Object {
        store: Arc<dyn ObjectStore>,
        prefix: String,
        /// Where uploads wait while they are checked and hashed.
        incoming: PathBuf,
    },
}

impl std::fmt::Debug for DocumentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentStore::Local(dir) => write!(f, "DocumentStore::Local({})", dir.display()),
            DocumentStore::Object { store, prefix, .. } => {
                write!(f, "DocumentStore::Object({store}, {prefix})")
            }
        }
    }
}

/// Splits `s3://BUCKET/PREFIX` into the bucket and the prefix (no slashes
/// at its ends; may be empty).
pub fn parse_s3_url(url: &str) -> anyhow::Result<(String, String)> {
    let rest = url.strip_prefix("s3://").ok_or_else(|| {
        anyhow::anyhow!("MINUTEBOOK_DOCUMENT_STORE must look like s3://BUCKET/PREFIX")
    })?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        anyhow::bail!("MINUTEBOOK_DOCUMENT_STORE names no bucket: {url}");
    }
    Ok((bucket.to_string(), prefix.trim_matches('/').to_string()))
}

fn check_key(key: &str) -> anyhow::Result<()> {
    if key.len() < 3 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        anyhow::bail!("not a storage key: {key:?}");
    }
    Ok(())
}

impl DocumentStore {
    /// The store `document_store` names (`s3://…`), or the data folder's
    /// `documents` when it is `None`.
    pub fn open(data_dir: &Path, document_store: Option<&str>) -> anyhow::Result<DocumentStore> {
        let local = data_dir.join("documents");
        let Some(url) = document_store else {
            return Ok(DocumentStore::Local(local));
        };
        let (bucket, prefix) = parse_s3_url(url)?;
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| anyhow::anyhow!("object storage {url}: {e}"))?;
        Ok(DocumentStore::Object {
            store: Arc::new(store),
            prefix,
            incoming: local.join("incoming"),
        })
    }

    /// The folder where an upload is written while it is received.
    pub fn incoming_dir(&self) -> PathBuf {
        match self {
            DocumentStore::Local(dir) => dir.join("incoming"),
            DocumentStore::Object { incoming, .. } => incoming.clone(),
        }
    }

    fn local_path(dir: &Path, key: &str) -> PathBuf {
        dir.join(&key[..2]).join(key)
    }

    fn object_path(prefix: &str, key: &str) -> ObjectPath {
        let rel = format!("{}/{key}", &key[..2]);
        if prefix.is_empty() {
            ObjectPath::from(rel)
        } else {
            ObjectPath::from(format!("{prefix}/{rel}"))
        }
    }

    /// Stores the received file `temp` under `key`; `temp` is gone
    /// afterwards, stored or not.
    pub async fn put_file(&self, temp: &Path, key: &str) -> anyhow::Result<()> {
        let result = self.put_file_inner(temp, key).await;
        if tokio::fs::try_exists(temp).await.unwrap_or(false) {
            let _ = tokio::fs::remove_file(temp).await;
        }
        result
    }

    async fn put_file_inner(&self, temp: &Path, key: &str) -> anyhow::Result<()> {
        check_key(key)?;
        match self {
            DocumentStore::Local(dir) => {
                let path = Self::local_path(dir, key);
                if let Some(parent) = path.parent() {
                    tokio::fs::create_dir_all(parent).await?;
                }
                tokio::fs::rename(temp, &path).await?;
            }
            DocumentStore::Object { store, prefix, .. } => {
                // One PUT for a small paper, a multipart upload for a large one.
                let mut file = tokio::fs::File::open(temp).await?;
                let mut out = BufWriter::new(store.clone(), Self::object_path(prefix, key));
                if let Err(e) = tokio::io::copy(&mut file, &mut out).await {
                    let _ = out.abort().await;
                    return Err(e.into());
                }
                out.shutdown().await?;
            }
        }
        Ok(())
    }

    /// The bytes stored under `key`.
    pub async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>> {
        check_key(key)?;
        match self {
            DocumentStore::Local(dir) => Ok(tokio::fs::read(Self::local_path(dir, key)).await?),
            DocumentStore::Object { store, prefix, .. } => {
                let got = store.get(&Self::object_path(prefix, key)).await?;
                Ok(got.bytes().await?.into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_urls_name_a_bucket_and_a_prefix() {
        assert_eq!(
            parse_s3_url("s3://papers/council-a/").unwrap(),
            ("papers".into(), "council-a".into())
        );
        assert_eq!(
            parse_s3_url("s3://papers").unwrap(),
            ("papers".into(), "".into())
        );
        assert!(parse_s3_url("s3:///x").is_err());
        assert!(parse_s3_url("/var/lib/papers").is_err());
    }

    #[test]
    fn keys_are_hex_and_spread_over_folders_by_their_first_two_digits() {
        let key = "ab".repeat(32);
        assert_eq!(
            DocumentStore::object_path("p/q", &key).as_ref(),
            format!("p/q/ab/{key}")
        );
        assert_eq!(
            DocumentStore::object_path("", &key).as_ref(),
            format!("ab/{key}")
        );
        assert!(check_key("../etc/passwd").is_err());
    }
}
