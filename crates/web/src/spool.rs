//! A request body read once before its handler (by the idempotency guard,
//! which must hash it to compare a retry): a small body (JSON) is kept in
//! memory; a large one (an upload, an import) goes to an unnamed file in
//! the data directory as it arrives, so memory holds one chunk at a time
//! however large the body, and the handler then reads the file as its
//! body. The file has no name: it is gone when the request is.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use futures_util::StreamExt;
use minutebook_ground::error::AppError;
use sha2::{Digest, Sha256};
use std::io::{Seek, SeekFrom};
use std::path::Path;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The size of a chunk read back from the file.
const CHUNK: usize = 64 * 1024;

/// The SHA-256 of a body fed in chunks, leaving out every occurrence of a
/// multipart boundary (`needle`), however the chunks cut it: the same as
/// hashing the whole body with the boundaries taken out.
pub struct BodyHasher {
    hash: Sha256,
    needle: Vec<u8>,
    /// Bytes not hashed yet: fewer than the needle, which may begin one.
    carry: Vec<u8>,
}

impl BodyHasher {
    pub fn new(needle: Option<&[u8]>) -> Self {
        BodyHasher {
            hash: Sha256::new(),
            needle: needle.unwrap_or_default().to_vec(),
            carry: Vec::new(),
        }
    }

    pub fn update(&mut self, chunk: &[u8]) {
        let n = self.needle.len();
        if n == 0 {
            self.hash.update(chunk);
            return;
        }
        self.carry.extend_from_slice(chunk);
        let mut start = 0;
        while let Some(i) = self.carry[start..]
            .windows(n)
            .position(|w| w == self.needle.as_slice())
        {
            self.hash.update(&self.carry[start..start + i]);
            start += i + n;
        }
        let keep = start.max(self.carry.len().saturating_sub(n - 1));
        self.hash.update(&self.carry[start..keep]);
        self.carry.drain(..keep);
    }

    pub fn finish(mut self) -> String {
        self.hash.update(&self.carry);
        hex::encode(self.hash.finalize())
    }
}

/// A body read whole: its hash, and the payload to give the handler.
pub struct Spooled {
    pub sha256: String,
    pub payload: Payload,
}

fn unreadable() -> AppError {
    AppError::BadRequest("the request body could not be read".into())
}

fn too_large(limit: usize) -> AppError {
    AppError::PayloadTooLarge(format!("the request body is over {limit} bytes"))
}

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("cannot keep the request body: {e}"))
}

/// Reads a body of at most `limit` bytes into memory.
pub async fn in_memory(
    mut payload: Payload,
    limit: usize,
    needle: Option<&[u8]>,
) -> Result<Spooled, AppError> {
    let mut hasher = BodyHasher::new(needle);
    let mut body = actix_web::web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        hasher.update(&chunk);
        body.extend_from_slice(&chunk);
    }
    Ok(Spooled {
        sha256: hasher.finish(),
        payload: Payload::from(body.freeze()),
    })
}

/// Reads a body of at most `limit` bytes into an unnamed file in `dir`.
pub async fn to_file(
    mut payload: Payload,
    limit: usize,
    needle: Option<&[u8]>,
    dir: &Path,
) -> Result<Spooled, AppError> {
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let file = tempfile::tempfile_in(dir).map_err(io)?;
    let mut out = tokio::fs::File::from_std(file);
    // Each write waits for the last (tokio's default holds 2 MiB a file).
    out.set_max_buf_size(CHUNK);
    let mut hasher = BodyHasher::new(needle);
    let mut size = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        size += chunk.len();
        if size > limit {
            return Err(too_large(limit));
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await.map_err(io)?;
    }
    out.flush().await.map_err(io)?;
    let mut file = out.into_std().await;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    Ok(Spooled {
        sha256: hasher.finish(),
        payload: read_back(tokio::fs::File::from_std(file)),
    })
}

/// The file as a request payload, a chunk at a time (fused: a multipart
/// reader polls again after the end).
fn read_back(file: tokio::fs::File) -> Payload {
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; CHUNK];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(PayloadError::Io(e)), None)),
        }
    });
    Payload::Stream {
        payload: Box::pin(chunks.fuse()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(body: &[u8], needle: &[u8]) -> String {
        let mut h = BodyHasher::new(Some(needle));
        h.update(body);
        h.finish()
    }

    #[test]
    fn chunks_hash_as_the_whole_body_without_its_boundaries() {
        let body = b"--XYZ\r\nfile\r\n--XYZ\r\nmore--XY--XYZ--\r\nX";
        let plain = {
            let mut h = Sha256::new();
            h.update(b"\r\nfile\r\n\r\nmore--XY--\r\nX");
            hex::encode(h.finalize())
        };
        assert_eq!(whole(body, b"XYZ").len(), 64);
        assert_eq!(whole(body, b"--XYZ"), plain);
        for size in 1..body.len() {
            let mut h = BodyHasher::new(Some(b"--XYZ"));
            for chunk in body.chunks(size) {
                h.update(chunk);
            }
            assert_eq!(h.finish(), plain, "chunks of {size}");
        }
    }

    #[test]
    fn without_a_boundary_every_byte_counts() {
        let mut h = BodyHasher::new(None);
        h.update(b"ab");
        h.update(b"c");
        assert_eq!(h.finish(), hex::encode(Sha256::digest(b"abc")));
    }

    #[actix_web::test]
    async fn a_large_body_is_read_back_from_its_file_as_it_came() {
        let dir = tempfile::tempdir().unwrap();
        let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let payload = Payload::from(Bytes::from(body.clone()));
        let spooled = to_file(payload, 300_000, None, dir.path()).await.unwrap();
        assert_eq!(spooled.sha256, hex::encode(Sha256::digest(&body)));
        let mut back = Vec::new();
        let mut p = spooled.payload;
        while let Some(c) = p.next().await {
            back.extend_from_slice(&c.unwrap());
        }
        assert_eq!(back, body);
        // Nothing is left in the directory: the file had no name.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let payload = Payload::from(Bytes::from(body));
        assert!(matches!(
            to_file(payload, 1000, None, dir.path()).await,
            Err(AppError::PayloadTooLarge(_))
        ));
    }
}
