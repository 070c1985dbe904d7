//! What minutes print before their first item: the title, the opening
//! sentence with the date, time and venue, and the attendance lists; what
//! is none of these is kept, as printed, as the meeting's preamble.

use super::lines::Line;
use super::{attendance, heading, opening, Minutes, Person, Warning};

/// Where the opening (title, date, attendance lists) ends, for finding
/// headings by their look: the line after the last attendance list in the
/// first sixty lines, else after the line with the date.
pub fn opening_end(lines: &[Line]) -> usize {
    let mut end = 0;
    let mut k = 0;
    while k < lines.len().min(60) {
        let t = lines[k].trimmed();
        if let Some((_, text)) = attendance::label(t) {
            (k, _) = list_extent(lines, k + 1, text);
            end = k;
            continue;
        }
        if end == 0 && opening::find_date(t).is_some() {
            end = k + 1;
        }
        k += 1;
    }
    end
}

/// Lines before the first item: opening, venue, contact, attendance; what
/// is none of these is kept as the meeting's preamble.
pub fn read(lines: &[Line], m: &mut Minutes) {
    let mut reading = Reading {
        lines,
        kept: Vec::new(),
        opening_text: String::new(),
    };
    let mut k = 0;
    while k < lines.len() {
        k = reading.line(k, m);
    }
    date_and_venue_from_opening(&reading.opening_text, m);
    let mut kept = reading.kept;
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    m.preamble = kept.join("\n");
}

/// The lines before the first item, as read so far.
struct Reading<'a> {
    lines: &'a [Line],
    /// What is kept, as printed, as the meeting's preamble.
    kept: Vec<String>,
    /// The opening's text, a paragraph a line, for the date and venue.
    opening_text: String,
}

impl Reading<'_> {
    /// Reads the line at `k`; answers where the next line to read is.
    fn line(&mut self, k: usize, m: &mut Minutes) -> usize {
        let lines = self.lines;
        let (no, l) = (lines[k].no, lines[k].trimmed());
        let k = k + 1;
        if l.is_empty() {
            if self.kept.last().is_some_and(|x| !x.is_empty()) {
                self.kept.push(String::new());
            }
            return k;
        }
        if m.opening.date.is_none() && opening_sentence(lines, k, l, m) {
            return k;
        }
        if labelled_fact(lines, k, l, m) {
            return k;
        }
        if let Some((status, text)) = attendance::label(l) {
            let (next, text) = list_extent(lines, k, text);
            let text = attendance::clean_apologies(text.trim());
            // What follows the list's first sentence is kept as written.
            let sentences = attendance::sentences(&text);
            for extra in sentences.iter().skip(1) {
                self.kept.push(extra.trim().to_string());
            }
            add_people(m, status, attendance::people(&text), no);
            return next;
        }
        if self.opening_text.len() < 1200 {
            let blank_before = k >= 2 && lines[k - 2].trimmed().is_empty();
            self.opening_text
                .push(if blank_before || lines[k - 1].split {
                    '\n'
                } else {
                    ' '
                });
            self.opening_text.push_str(l);
        }
        self.kept.push(l.to_string());
        k
    }
}

/// Whether line `l` (before line `k`) is the opening sentence with the
/// date, which the minutes print again from the meeting's facts.
fn opening_sentence(lines: &[Line], k: usize, l: &str, m: &mut Minutes) -> bool {
    if let Some(o) = opening::held_sentence(l).or_else(|| {
        // The sentence may be wrapped over two lines.
        lines
            .get(k)
            .and_then(|next| opening::held_sentence(&format!("{l} {}", next.trimmed())))
    }) {
        // The minutes print it again from the meeting's facts.
        m.opening = o;
        return true;
    }
    if let Some(o) = opening::moderngov_header(l) {
        m.opening = o;
        return true;
    }
    false
}

/// What follows a label such as "Venue:": the rest of its line, else the
/// next line (`k`).
fn label_value(lines: &[Line], l: &str, label_len: usize, k: usize) -> String {
    let v = l.get(label_len..).unwrap_or("").trim();
    if v.is_empty() {
        lines.get(k).map(|x| x.trimmed()).unwrap_or("").to_string()
    } else {
        v.to_string()
    }
}

/// Whether line `l` (before line `k`) is a labelled venue, date, time or
/// contact, which it then records.
fn labelled_fact(lines: &[Line], k: usize, l: &str, m: &mut Minutes) -> bool {
    let lower = l.to_ascii_lowercase();
    if lower.starts_with("venue:") || lower.starts_with("place:") {
        let v = label_value(lines, l, 6, k);
        if !v.is_empty() {
            m.opening.venue = Some(v);
        }
        return true;
    }
    if lower.starts_with("date:") {
        if let Some((date, _)) = opening::find_date(&label_value(lines, l, 5, k)) {
            m.opening.date.get_or_insert(date);
        }
        return true;
    }
    if lower.starts_with("time:") {
        if let Some((time, _)) = opening::find_time(&label_value(lines, l, 5, k)) {
            m.opening.time.get_or_insert(time);
        }
        return true;
    }
    if lower.starts_with("contact:") {
        let c = l[8..].trim();
        m.contact = Some(match c.rsplit_once(" - ") {
            Some((role, name)) => (Some(role.trim().to_string()), name.trim().to_string()),
            None => (None, c.to_string()),
        });
        return true;
    }
    false
}

/// The opening's paragraphs: the date (in words, else in figures) and
/// the time after it from the first that has one, the venue likewise.
fn date_and_venue_from_opening(opening_text: &str, m: &mut Minutes) {
    let paragraphs: Vec<&str> = opening_text
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .take(6)
        .collect();
    if m.opening.date.is_none() {
        let found = paragraphs
            .iter()
            .find_map(|p| opening::find_worded_date(p).map(|d| (*p, d)))
            .or_else(|| {
                paragraphs
                    .iter()
                    .find_map(|p| opening::find_numeric_date(p).map(|d| (*p, d)))
            });
        if let Some((p, (d, end))) = found {
            m.opening.date = Some(d);
            if m.opening.time.is_none() {
                m.opening.time = opening::find_time(&p[end..]).map(|(t, _)| t);
            }
        }
    }
    if m.opening.venue.is_none() {
        m.opening.venue = paragraphs.iter().find_map(|p| opening::venue_in(p));
    }
}

/// An attendance list from its label on: it runs on over wrapped lines
/// until a blank line or another label (over blank lines while nothing is
/// listed yet, as when "Present" stands alone above a list); one name per
/// line, or a bulleted list, is read as a list. Answers where it ends and
/// its text.
pub fn list_extent(lines: &[Line], mut k: usize, mut text: String) -> (usize, String) {
    let mut prev_words = text.split_whitespace().count();
    while k < lines.len() {
        let next = lines[k].trimmed();
        if next.is_empty() && !text.trim().is_empty() && !unfinished(&text) {
            break;
        }
        if lines[k].split {
            break;
        }
        if attendance::label(next).is_some()
            || heading::prefixed_number(next, None).is_some()
            || (lines[k].marked && !text.trim().is_empty())
        {
            break;
        }
        if !next.is_empty() {
            let bullet = next.starts_with(['*', '•', '-', '–']) && next.chars().nth(1) == Some(' ');
            let item = if bullet { next[1..].trim() } else { next };
            let words = item.split_whitespace().count();
            if !text.trim().is_empty() {
                let t = text.trim_end();
                let sep = if t.ends_with([',', ';']) || t.ends_with(" and") || t.ends_with(" &") {
                    " "
                } else if bullet || (words <= 6 && prev_words <= 6) {
                    ", "
                } else {
                    " "
                };
                text.truncate(t.len());
                text.push_str(sep);
            }
            text.push_str(item);
            prev_words = words;
        }
        k += 1;
    }
    (k, text)
}

/// Whether a list stops mid-name ("…, Mrs E.", "…, Cllrs A,", "… and"): a
/// page or paragraph break inside it, not its end.
fn unfinished(text: &str) -> bool {
    let t = text.trim_end();
    let last = t.rsplit(' ').next().unwrap_or("");
    t.ends_with([',', '&'])
        || last == "and"
        || (last.trim_end_matches('.').chars().count() == 1
            && last.chars().next().is_some_and(char::is_uppercase))
        || attendance::split_honorific(&format!("{last} X"))
            .0
            .is_some()
}

pub fn add_people(
    m: &mut Minutes,
    status: &'static str,
    people: Vec<attendance::Named>,
    no: usize,
) {
    for p in people {
        // A name printed twice in one list is one person.
        if m.attendance
            .iter()
            .any(|a| a.status == status && a.name == p.name)
        {
            continue;
        }
        let status = match (status, p.status_hint) {
            ("present", Some(hint)) => hint,
            _ => status,
        };
        if let Some(absent) = &p.substitute_for {
            m.warnings.push(Warning::at(
                Some(no),
                format!("{} attended as substitute for {absent}", p.name),
            ));
        }
        m.attendance.push(Person {
            status,
            honorific: p.honorific,
            name: p.name,
            organisation: p.organisation,
            chair: p.chair,
            line: no,
            reason: p.reason,
        });
    }
}
