//! Answers kept while what they were built from is unchanged: each entry
//! is a key (which answer: a feed of one body, say), the fingerprint of
//! what it was built from (the versions and change counters of the rows it
//! shows, read in one cheap query), and the answer. A lookup with another
//! fingerprint misses, so a kept answer is never stale; the caller builds
//! the answer again and keeps it. Bounded: past `capacity` keys, every
//! entry is dropped (keys are bodies, so this does not happen in practice).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Memo {
    capacity: usize,
    entries: Mutex<HashMap<String, (String, Arc<str>)>>,
}

impl Memo {
    pub fn new(capacity: usize) -> Memo {
        Memo {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The answer kept for `key` if it was built from `fingerprint`.
    pub fn get(&self, key: &str, fingerprint: &str) -> Option<Arc<str>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(f, _)| f == fingerprint)
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value`, built from `fingerprint`, as the answer for `key`.
    pub fn put(&self, key: String, fingerprint: String, value: Arc<str>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (fingerprint, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_only_for_its_fingerprint_and_the_memo_is_bounded() {
        let m = Memo::new(2);
        assert!(m.get("a", "1").is_none());
        m.put("a".into(), "1".into(), Arc::from("A1"));
        assert_eq!(m.get("a", "1").as_deref(), Some("A1"));
        assert!(m.get("a", "2").is_none(), "another fingerprint misses");
        m.put("a".into(), "2".into(), Arc::from("A2"));
        assert_eq!(m.get("a", "2").as_deref(), Some("A2"));
        assert!(m.get("a", "1").is_none());
        m.put("b".into(), "1".into(), Arc::from("B1"));
        assert_eq!(m.get("a", "2").as_deref(), Some("A2"));
        // A third key: over capacity, everything kept so far goes.
        m.put("c".into(), "1".into(), Arc::from("C1"));
        assert!(m.get("a", "2").is_none());
        assert!(m.get("b", "1").is_none());
        assert_eq!(m.get("c", "1").as_deref(), Some("C1"));
    }
}
