//! Whole responses kept by their ETag (or another fingerprint of what they
//! show), so that a meeting read by many (a contentious planning night) or
//! a feed polled by many is built once per change, not once per reader.
//!
//! The rule that makes this safe is the tag's own (see [`super::etag`],
//! `public::feeds` and `public::calendar`): it changes whenever anything the response shows
//! changes, it names the audience and the form, and it is read from the
//! database on every request before the cache is asked. A kept response is
//! therefore only ever answered for the tag it was built under, on every
//! instance (each keeps its own cache; the tag comes from the shared
//! database), and a change makes the old entry unreachable at once — it
//! then ages out.
//!
//! Bounded by bytes (`MINUTEBOOK_RESPONSE_CACHE_MB`, default 16; 0 turns it
//! off) with `quick_cache`'s eviction, which keeps what is read often.
//!
//! Behind it sits the database's tier, shared by every instance and kept
//! across restarts: a meeting's documents in `meeting_documents`
//! (`store::meeting_documents`), read in the same statement as the tag. A
//! meeting response built on a read is handed to the [`Keeper`] as well,
//! whose background thread writes it there.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use actix_web::web::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// Weighs an entry by the bytes it holds.
#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Bytes> for ByBytes {
    fn weight(&self, key: &String, val: &Bytes) -> u64 {
        (key.len() + val.len()) as u64
    }
}

/// Responses by what they are (a meeting's id, a feed's name) and tag.
pub struct ResponseCache {
    inner: Option<Cache<String, Bytes, ByBytes>>,
    keeper: Option<SyncSender<ToKeep>>,
}

/// A meeting's document built on a read, to be kept in the database.
pub struct ToKeep {
    pub meeting_id: String,
    pub kind: &'static str,
    pub tag: String,
    pub body: Bytes,
}

/// How many built documents may wait for the keeper; beyond that a new one
/// is not kept (it will be built again on a later read, or by the job).
const KEEPER_QUEUE: usize = 64;

/// A response's key: what it is and the tag it was built under (a
/// meeting's tag already names the audience and the form).
fn key(what: &str, etag: &str) -> String {
    let mut k = String::with_capacity(what.len() + etag.len() + 1);
    k.push_str(what);
    k.push(' ');
    k.push_str(etag);
    k
}

impl ResponseCache {
    /// A cache holding up to `megabytes` of responses (none when 0).
    pub fn new(megabytes: u64) -> ResponseCache {
        let bytes = megabytes.saturating_mul(1024 * 1024);
        ResponseCache {
            // Sized for responses of tens of kB.
            inner: (bytes > 0).then(|| {
                // The estimate only sizes the table quick_cache allocates up
                // front: bounded, so a huge setting cannot ask for it all.
                let items = usize::try_from(bytes / (32 * 1024)).unwrap_or(usize::MAX);
                Cache::with_weighter(items.clamp(16, 1 << 16), bytes, ByBytes)
            }),
            keeper: None,
        }
    }

    /// This cache, handing what it builds to a keeper; the receiver is the
    /// keeper's end (see the binary's `kept_documents`).
    pub fn with_keeper(mut self) -> (ResponseCache, Receiver<ToKeep>) {
        let (tx, rx) = std::sync::mpsc::sync_channel(KEEPER_QUEUE);
        self.keeper = Some(tx);
        (self, rx)
    }

    /// Hands a meeting's document built under `tag` to the keeper, if there
    /// is one and it is not behind (never waits).
    pub fn keep(&self, meeting_id: &str, kind: &'static str, tag: &str, body: &Bytes) {
        let Some(tx) = &self.keeper else { return };
        let doc = ToKeep {
            meeting_id: meeting_id.to_owned(),
            kind,
            tag: tag.to_owned(),
            body: Bytes::copy_from_slice(body),
        };
        match tx.try_send(doc) {
            Ok(()) | Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {}
        }
    }

    /// The response kept for `what` under `etag`, if any.
    pub fn get(&self, what: &str, etag: &str) -> Option<Bytes> {
        self.inner.as_ref()?.get(key(what, etag).as_str())
    }

    /// Keeps `body` as the response for `what` under `etag`: an exact
    /// copy, since a body written into a larger buffer (a page is written
    /// into 64 KiB) would hold all of that buffer while weighing only its
    /// length, and the cache would hold several times its setting.
    pub fn put(&self, what: &str, etag: &str, body: Bytes) {
        if let Some(c) = &self.inner {
            c.insert(key(what, etag), Bytes::copy_from_slice(&body));
        }
    }

    /// Bytes held now (for tests and metrics).
    pub fn weight(&self) -> u64 {
        self.inner.as_ref().map_or(0, |c| c.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_is_found_only_under_its_own_tag() {
        let c = ResponseCache::new(1);
        c.put("m1", "\"1-2-1-public-json-x\"", Bytes::from_static(b"old"));
        assert_eq!(
            c.get("m1", "\"1-2-1-public-json-x\"").as_deref(),
            Some(&b"old"[..])
        );
        assert!(c.get("m1", "\"1-3-1-public-json-x\"").is_none());
        assert!(c.get("m2", "\"1-2-1-public-json-x\"").is_none());
    }

    #[test]
    fn it_holds_no_more_than_its_bytes() {
        let c = ResponseCache::new(1);
        let body = Bytes::from(vec![b'x'; 64 * 1024]);
        for i in 0..100 {
            c.put(&format!("m{i}"), "\"t\"", body.clone());
        }
        assert!(c.weight() <= 1024 * 1024, "{}", c.weight());
    }

    #[test]
    fn a_huge_setting_does_not_allocate_its_size_up_front() {
        let c = ResponseCache::new(u64::MAX);
        c.put("m1", "\"t\"", Bytes::from_static(b"x"));
        assert!(c.get("m1", "\"t\"").is_some());
    }

    #[test]
    fn size_zero_keeps_nothing() {
        let c = ResponseCache::new(0);
        c.put("m1", "\"t\"", Bytes::from_static(b"x"));
        assert!(c.get("m1", "\"t\"").is_none());
    }
}
