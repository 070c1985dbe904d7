//! Writing iCalendar (RFC 5545) text straight into one string: content
//! lines folded at 75 octets, TEXT values escaped, UTC times written digit
//! by digit. A calendar of 2,000 events is one growing buffer, with no
//! allocation per property (the `icalendar` crate built a map of owned
//! properties per event and a string per line, and formatted every time
//! through a format string: most of a calendar's cost).

use chrono::{Datelike, NaiveDateTime, Timelike};
use std::fmt::Write;

/// The longest content line, in octets, before it is folded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// An iCalendar text being written.
pub struct Ics {
    out: String,
    /// Octets on the current physical line.
    col: usize,
}

impl Ics {
    /// A writer with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Ics {
        Ics {
            out: String::with_capacity(capacity),
            col: 0,
        }
    }

    /// `BEGIN:VCALENDAR`, `BEGIN:VEVENT` …
    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", component);
    }

    /// `END:VEVENT` …
    pub fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    /// A property whose value is written as it is: codes, numbers, URIs,
    /// durations (never text a person wrote).
    pub fn raw(&mut self, name: &str, value: &str) {
        self.name(name);
        self.folded(value);
        self.end_line();
    }

    /// A TEXT property: backslashes, semicolons, commas and line breaks
    /// escaped (RFC 5545 §3.3.11); other control characters but tabs
    /// dropped, and CRLF read as one line break.
    pub fn text(&mut self, name: &str, value: &str) {
        self.name(name);
        let special = |c: char| matches!(c, '\\' | ';' | ',') || (c.is_control() && c != '\t');
        let mut rest = value;
        while let Some(at) = rest.find(special) {
            self.folded(&rest[..at]);
            let c = rest[at..].chars().next().unwrap_or(' ');
            rest = &rest[at + c.len_utf8()..];
            let next = rest.chars().next();
            match c {
                '\n' => self.escaped('n', next),
                c if c.is_control() => {}
                c => self.escaped(c, next),
            }
        }
        self.folded(rest);
        self.end_line();
    }

    /// A UTC DATE-TIME property: `DTSTART:20230719T080000Z`.
    pub fn utc(&mut self, name: &str, t: NaiveDateTime) {
        self.name(name);
        let year = t.year().clamp(0, 9999) as u32;
        digits(&mut self.out, year, 4);
        digits(&mut self.out, t.month(), 2);
        digits(&mut self.out, t.day(), 2);
        self.out.push('T');
        digits(&mut self.out, t.hour(), 2);
        digits(&mut self.out, t.minute(), 2);
        digits(&mut self.out, t.second(), 2);
        self.out.push('Z');
        self.col += 16;
        self.end_line();
    }

    /// A whole-number property: `SEQUENCE:3`.
    pub fn number(&mut self, name: &str, n: u32) {
        self.name(name);
        let before = self.out.len();
        let _ = write!(self.out, "{n}");
        self.col += self.out.len() - before;
        self.end_line();
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn name(&mut self, name: &str) {
        self.out.push_str(name);
        self.out.push(':');
        self.col = name.len() + 1;
    }

    /// A run of characters written as they are.
    fn folded(&mut self, value: &str) {
        // Most runs fit on the line, with room for a white space after.
        if self.col + value.len() < LINE_OCTETS - 1 {
            self.out.push_str(value);
            self.col += value.len();
            return;
        }
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            self.push(c, next);
        }
    }

    /// An escape: a backslash and `c`, never folded between the two.
    fn escaped(&mut self, c: char, next: Option<char>) {
        if self.col + 2 > LINE_OCTETS {
            self.fold();
        }
        self.out.push('\\');
        self.col += 1;
        self.push(c, next);
    }

    /// One character of a value, folding the line before it when it would
    /// not fit — or when the character after it is white space that would
    /// not fit, so that no continuation line starts with white space (which
    /// some readers drop with the fold).
    fn push(&mut self, c: char, next: Option<char>) {
        let len = c.len_utf8();
        let next_len = next.filter(|n| n.is_whitespace()).map_or(0, char::len_utf8);
        if self.col + len > LINE_OCTETS
            || (next_len > 0 && !c.is_whitespace() && self.col + len + next_len > LINE_OCTETS)
        {
            self.fold();
        }
        self.out.push(c);
        self.col += len;
    }

    fn fold(&mut self) {
        self.out.push_str("\r\n ");
        self.col = 1;
    }

    fn end_line(&mut self) {
        self.out.push_str("\r\n");
        self.col = 0;
    }
}

/// `n` in decimal with at least `width` digits.
fn digits(out: &mut String, n: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(buf.len() - width.min(buf.len()));
    for &b in &buf[start..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(f: impl FnOnce(&mut Ics)) -> String {
        let mut ics = Ics::with_capacity(64);
        f(&mut ics);
        ics.finish()
    }

    /// Undoes folding as a reader does (RFC 5545 §3.1).
    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn text_is_escaped_and_times_are_utc() {
        assert_eq!(
            one(|i| i.text("SUMMARY", "Budget; priorities, and \"more\"\\\r\nnext")),
            "SUMMARY:Budget\\; priorities\\, and \"more\"\\\\\\nnext\r\n"
        );
        let t = chrono::NaiveDate::from_ymd_opt(2023, 7, 9)
            .and_then(|d| d.and_hms_opt(8, 5, 0))
            .unwrap();
        assert_eq!(one(|i| i.utc("DTSTART", t)), "DTSTART:20230709T080500Z\r\n");
        assert_eq!(one(|i| i.number("SEQUENCE", 42)), "SEQUENCE:42\r\n");
        assert_eq!(
            one(|i| i.raw("URL", "https://x/a,b")),
            "URL:https://x/a,b\r\n"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let value = "Comité des finances — réunion extraordinaire, salle 3; ".repeat(6);
        let out = one(|i| i.text("DESCRIPTION", &value));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= LINE_OCTETS, "{} octets: {line:?}", line.len());
        }
        // No continuation line starts with white space after its marker.
        assert!(!out.contains("\r\n  "), "{out}");
        let expect = one(|i| {
            i.name("DESCRIPTION");
            i.out.push_str(
                &value
                    .replace('\\', "\\\\")
                    .replace(';', "\\;")
                    .replace(',', "\\,"),
            );
            i.end_line();
        });
        assert_eq!(unfold(&out), expect);
    }

    #[test]
    fn an_escape_is_never_split_by_a_fold() {
        for pad in 60..80 {
            let value = format!("{},{}", "x".repeat(pad), "y".repeat(10));
            let out = one(|i| i.text("SUMMARY", &value));
            assert!(!out.contains("\\\r\n"), "{out:?}");
            assert_eq!(
                unfold(&out),
                format!("SUMMARY:{}\\,{}\r\n", "x".repeat(pad), "y".repeat(10))
            );
        }
    }

    #[test]
    fn digits_are_padded() {
        let mut s = String::new();
        digits(&mut s, 7, 2);
        digits(&mut s, 2023, 4);
        digits(&mut s, 0, 2);
        digits(&mut s, 12345, 2);
        assert_eq!(s, "07202300".to_string() + "12345");
    }
}
