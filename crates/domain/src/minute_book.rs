//! The minute book's hash chain: each confirmation of a body's minutes is an
//! entry whose hash covers the entry before it, so no confirmed minutes can
//! be changed, dropped or reordered unseen by anyone who kept a copy of the
//! head. Domain-separated as Certificate Transparency (RFC 6962) separates
//! leaves from nodes, by a prefix no other hash of the service starts with.
//!
//! The exact bytes hashed (SHA-256) for an entry:
//!
//! ```text
//! "minutebook minute-book v1" 0x00        domain separation (26 bytes)
//! previous entry hash                     32 bytes; 32 zero bytes for the first entry
//! meeting id length                       u16, big-endian
//! meeting id                              the UUID as lower-case text, UTF-8
//! SHA-256 of the confirmed text           32 bytes (the text as UTF-8)
//! confirmed at                            i64, big-endian: microseconds since
//!                                         1970-01-01T00:00:00Z
//! ```
//!
//! An entry that also commits to the meeting's papers (every entry made
//! since papers joined the record) is the second version: the prefix reads
//! `"minutebook minute-book v2" 0x00` and the SHA-256 of the papers' list
//! ([`papers_list`]) follows the time, 32 bytes more.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

/// The prefix that separates minute-book hashes from every other hash.
pub const DOMAIN: &[u8] = b"minutebook minute-book v1\x00";

/// The prefix of an entry that commits to its papers as well.
pub const DOMAIN_V2: &[u8] = b"minutebook minute-book v2\x00";

/// The previous hash of a body's first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// What one entry commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub prev: [u8; 32],
    pub meeting_id: &'a str,
    pub text_sha256: [u8; 32],
    pub confirmed_at: NaiveDateTime,
    /// The SHA-256 of the papers' list; `None` for a first-version entry.
    pub papers_sha256: Option<[u8; 32]>,
}

/// The bytes hashed for an entry (see the module documentation).
pub fn entry_bytes(e: &Entry<'_>) -> Vec<u8> {
    let id = e.meeting_id.as_bytes();
    let mut b = Vec::with_capacity(DOMAIN.len() + 32 + 2 + id.len() + 32 + 8 + 32);
    b.extend_from_slice(if e.papers_sha256.is_some() {
        DOMAIN_V2
    } else {
        DOMAIN
    });
    b.extend_from_slice(&e.prev);
    // Meeting ids are UUIDs (36 bytes): the length always fits.
    b.extend_from_slice(&(id.len().min(u16::MAX as usize) as u16).to_be_bytes());
    b.extend_from_slice(id);
    b.extend_from_slice(&e.text_sha256);
    b.extend_from_slice(&e.confirmed_at.and_utc().timestamp_micros().to_be_bytes());
    if let Some(papers) = &e.papers_sha256 {
        b.extend_from_slice(papers);
    }
    b
}

/// One paper as the record holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    pub id: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    pub title: String,
}

/// The list an entry commits to: one line per paper, `id sha256 title`,
/// ordered by id (a title's line breaks become spaces).
pub fn papers_list(papers: &[Paper]) -> String {
    let mut lines: Vec<String> = papers
        .iter()
        .map(|p| {
            let title: String = p
                .title
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!("{} {} {}", p.id, p.sha256, title)
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// The papers whose line differs between the confirmed list and today's:
/// each "paper ID removed", "paper ID added" or "paper ID changed", with
/// its title when `titles` (token holders: a restricted paper's title is
/// not the public's).
pub fn paper_changes(confirmed: &str, now: &str, titles: bool) -> Vec<String> {
    fn parse(list: &str) -> Vec<(&str, &str, &str)> {
        list.lines()
            .filter(|l| !l.is_empty())
            .map(|l| {
                let mut parts = l.splitn(3, ' ');
                let id = parts.next().unwrap_or("");
                let sha = parts.next().unwrap_or("");
                (id, sha, parts.next().unwrap_or(""))
            })
            .collect()
    }
    let (a, b) = (parse(confirmed), parse(now));
    let name = |id: &str, title: &str| {
        if titles && !title.is_empty() {
            format!("paper {id} ({title})")
        } else {
            format!("paper {id}")
        }
    };
    let mut out = Vec::new();
    for (id, sha, title) in &a {
        match b.iter().find(|p| p.0 == *id) {
            None => out.push(format!("{} removed", name(id, title))),
            Some(p) if p.1 != *sha || p.2 != *title => {
                out.push(format!("{} changed", name(id, title)))
            }
            Some(_) => {}
        }
    }
    for (id, _, title) in &b {
        if !a.iter().any(|p| p.0 == *id) {
            out.push(format!("{} added", name(id, title)));
        }
    }
    out
}

pub fn entry_hash(e: &Entry<'_>) -> [u8; 32] {
    Sha256::digest(entry_bytes(e)).into()
}

pub fn text_sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// A hex SHA-256 back to bytes; `None` when it is not one.
pub fn from_hex(s: &str) -> Option<[u8; 32]> {
    hex::decode(s).ok()?.try_into().ok()
}

/// The lines where a confirmed text and the text recomputed from the records
/// first differ: at most `max`, each "line N: confirmed … / now …".
pub fn differences(confirmed: &str, now: &str, max: usize) -> Vec<String> {
    let a: Vec<&str> = confirmed.lines().collect();
    let b: Vec<&str> = now.lines().collect();
    let mut out = Vec::new();
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).copied(), b.get(i).copied());
        if x != y {
            out.push(format!(
                "line {}: confirmed {:?}, now {:?}",
                i + 1,
                x.unwrap_or("(no line)"),
                y.unwrap_or("(no line)")
            ));
            if out.len() == max {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2023, 10, 18)
            .unwrap()
            .and_hms_micro_opt(9, 30, 0, 123_456)
            .unwrap()
    }

    #[test]
    fn the_bytes_hashed_are_the_documented_encoding() {
        let e = Entry {
            prev: [7; 32],
            meeting_id: "m1",
            text_sha256: [9; 32],
            confirmed_at: at(),
            papers_sha256: None,
        };
        let b = entry_bytes(&e);
        assert_eq!(&b[..26], b"minutebook minute-book v1\x00");
        assert_eq!(&b[26..58], &[7; 32]);
        assert_eq!(&b[58..60], &[0, 2]);
        assert_eq!(&b[60..62], b"m1");
        assert_eq!(&b[62..94], &[9; 32]);
        assert_eq!(
            i64::from_be_bytes(b[94..102].try_into().unwrap()),
            1_697_621_400_123_456
        );
        assert_eq!(b.len(), 102);
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = Entry {
            prev: GENESIS,
            meeting_id: "m1",
            text_sha256: text_sha256("minutes"),
            confirmed_at: at(),
            papers_sha256: None,
        };
        let h = entry_hash(&base);
        let mut other = base.clone();
        other.prev = [1; 32];
        assert_ne!(entry_hash(&other), h);
        let mut other = base.clone();
        other.meeting_id = "m2";
        assert_ne!(entry_hash(&other), h);
        let mut other = base.clone();
        other.text_sha256 = text_sha256("minutes.");
        assert_ne!(entry_hash(&other), h);
        let mut other = base.clone();
        other.confirmed_at += chrono::Duration::microseconds(1);
        assert_ne!(entry_hash(&other), h);
        assert_eq!(entry_hash(&base), h);
    }

    #[test]
    fn the_second_version_commits_to_the_papers() {
        let v1 = Entry {
            prev: GENESIS,
            meeting_id: "m1",
            text_sha256: text_sha256("minutes"),
            confirmed_at: at(),
            papers_sha256: None,
        };
        let papers = vec![Paper {
            id: "d1".into(),
            sha256: "ab".into(),
            title: "Report".into(),
        }];
        let v2 = Entry {
            papers_sha256: Some(text_sha256(&papers_list(&papers))),
            ..v1.clone()
        };
        let b = entry_bytes(&v2);
        assert_eq!(&b[..26], b"minutebook minute-book v2\x00");
        assert_eq!(b.len(), entry_bytes(&v1).len() + 32);
        let mut changed = papers.clone();
        changed[0].sha256 = "cd".into();
        let other = Entry {
            papers_sha256: Some(text_sha256(&papers_list(&changed))),
            ..v1.clone()
        };
        assert_ne!(entry_hash(&other), entry_hash(&v2));
        assert_ne!(entry_hash(&v1), entry_hash(&v2));
    }

    #[test]
    fn paper_changes_name_each_paper() {
        let before = "d1 aa Report\nd2 bb Appendix A";
        assert!(paper_changes(before, before, true).is_empty());
        let now = "d1 ff Report\nd3 cc Late paper";
        assert_eq!(
            paper_changes(before, now, true),
            [
                "paper d1 (Report) changed",
                "paper d2 (Appendix A) removed",
                "paper d3 (Late paper) added"
            ]
        );
        assert_eq!(paper_changes(before, now, false)[1], "paper d2 removed");
    }

    #[test]
    fn differences_name_the_lines() {
        assert!(differences("a\nb", "a\nb", 3).is_empty());
        let d = differences("a\nb\nc", "a\nB\nc\nd", 3);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0], "line 2: confirmed \"b\", now \"B\"");
        assert!(d[1].starts_with("line 4"));
        assert_eq!(from_hex(&hex::encode([3u8; 32])), Some([3; 32]));
        assert_eq!(from_hex("zz"), None);
    }
}
