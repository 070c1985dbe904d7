//! Attendance lists: "Present: Cllr Steve Nelson (Chair), Steve Hume,
//! Jamie McCann, Claire Sills (Stockton Council), Darren Best (Cleveland
//! Police)". Several names before one bracket share that organisation;
//! "(Chair)" marks the chair; honorifics such as Cllr are kept apart; a
//! group ("Cllrs A, B & C") shares its honorific; counts of the public,
//! roles and fragments make nobody (see `names`).

use super::names::{self, is_chair_word, is_vice_chair_word};

pub use super::names::split_honorific;

/// Which list a line opens, and what follows its label on the same line.
pub fn label(line: &str) -> Option<(&'static str, String)> {
    let t = line.trim().trim_start_matches(['•', '-', '*']).trim();
    let lower = t.to_lowercase();
    const LABELS: &[(&str, &str)] = &[
        ("members present", "present"),
        ("councillors present", "present"),
        ("present", "present"),
        ("councillors", "present"),
        ("members", "present"),
        ("officers present", "officer"),
        ("officers in attendance", "officer"),
        ("officers", "officer"),
        ("officer", "officer"),
        ("clerk", "officer"),
        ("also in attendance", "in_attendance"),
        ("also present", "in_attendance"),
        ("also attending", "in_attendance"),
        ("attending", "present"),
        ("attendance", "present"),
        ("in attendance", "in_attendance"),
        ("apologies for absence", "apologies"),
        ("apologies received from", "apologies"),
        ("apologies", "apologies"),
        ("absent without apologies", "absent"),
        ("absent without apology", "absent"),
        ("absent", "absent"),
    ];
    for (l, status) in LABELS {
        let Some(rest) = lower.strip_prefix(l) else {
            continue;
        };
        let rest_raw = &t[t.len() - rest.len()..];
        let rest_trim = rest.trim_start();
        if let Some(after) = rest_trim.strip_prefix(':') {
            let skip = rest_raw.len() - after.len();
            return Some((status, clean_apologies(rest_raw[skip..].trim())));
        }
        // "Apologies for absence were submitted on behalf of X and Y."
        if *status == "apologies"
            && (rest_trim.starts_with("were ")
                || rest_trim.starts_with("received")
                || rest_trim.starts_with("had been")
                || rest_trim.starts_with("from "))
        {
            return Some((status, clean_apologies(rest_raw.trim())));
        }
        if *status == "apologies" && l.ends_with("from") {
            return Some((status, rest_raw.trim().to_string()));
        }
        // "Apologies Annie Morgan, Cllrs Alam and Bell" (no colon).
        if *status == "apologies"
            && rest_raw.starts_with(' ')
            && rest_trim.chars().next().is_some()
            && rest_raw
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !people(rest_raw.trim()).is_empty()
        {
            return Some((status, rest_raw.trim().to_string()));
        }
        if rest.trim().is_empty() && lower.len() == l.len() {
            return Some((status, String::new()));
        }
    }
    None
}

/// "were submitted on behalf of A and B." → "A and B".
pub fn clean_apologies(s: &str) -> String {
    let lower = s.to_lowercase();
    for lead in [" on behalf of ", " from ", " by "] {
        if let Some(i) = lower.find(lead) {
            if lower[..i].split_whitespace().count() <= 6
                && lower.starts_with(['w', 'r', 'h', 'a', 'f', 'g', 't', 'n'])
            {
                return s[i + lead.len()..].trim().trim_end_matches('.').to_string();
            }
        }
    }
    if let Some(r) = lower.strip_prefix("from ") {
        return s[s.len() - r.len()..]
            .trim()
            .trim_end_matches('.')
            .to_string();
    }
    s.to_string()
}

/// The people an item headed "Apologies" names: "Apologies were received
/// from X, Y and Z who was substituted by W." (the first sentence that
/// names anyone); nobody for "There were no apologies".
pub fn apologies_in_text(text: &str) -> Vec<Named> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if lower.starts_with("there were no")
        || lower.starts_with("no apologies")
        || lower.starts_with("none")
        || lower.starts_with("nil")
    {
        return Vec::new();
    }
    let names_apologies = lower.contains("apolog");
    for sentence in sentences(t) {
        let s = sentence.trim();
        let sl = s.to_lowercase();
        // Where the text says "apologies", only its sentences that do are
        // about them ("X took the Chair." is not).
        if names_apologies && !sl.contains("apolog") {
            continue;
        }
        if sl.starts_with("there were no") || sl.contains("in attendance virtually") {
            continue;
        }
        let list = if let Some(i) = sl.rfind("apolog") {
            let after = &s[i..];
            let after_l = &sl[i..];
            match [" from ", " on behalf of ", " of ", ": ", " by "]
                .iter()
                .filter_map(|lead| after_l.find(lead).map(|k| k + lead.len()))
                .min()
            {
                Some(k) => &after[k..],
                None => continue,
            }
        } else {
            s
        };
        // "received from X and Y" (the heading said "Apologies").
        let list = clean_apologies(list);
        let found: Vec<Named> = people(&list)
            .into_iter()
            .filter(|p| p.status_hint != Some("count"))
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Splits text at the end of sentences (not after an initial or an
/// abbreviated honorific such as "Cllr." or "Mrs.").
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if c != '.' {
            continue;
        }
        let next = bytes.get(k + 1).map(|x| x.1);
        let after = bytes.get(k + 2).map(|x| x.1);
        if next != Some(' ') || !after.is_some_and(char::is_uppercase) {
            continue;
        }
        let word: String = text[..i]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_string();
        let abbrev = word.chars().count() == 1
            || matches!(
                word.to_ascii_lowercase().as_str(),
                "cllr" | "cllrs" | "mr" | "mrs" | "ms" | "dr" | "prof" | "rev" | "st" | "no"
            );
        if abbrev {
            continue;
        }
        out.push(&text[start..=i]);
        start = i + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// One person in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub honorific: Option<String>,
    pub name: String,
    pub organisation: Option<String>,
    pub chair: bool,
    /// "in_attendance" for a member of another council; "count" for a
    /// number of the public (not a person).
    pub status_hint: Option<&'static str>,
    pub reason: Option<String>,
    /// The person this one stood in for.
    pub substitute_for: Option<String>,
}

/// Splits a list at commas, semicolons, " and ", " & " and wide gaps
/// (two columns) outside brackets.
fn entries(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && (c == ',' || c == ';') {
            out.push(std::mem::take(&mut cur));
            i += 1;
            continue;
        }
        if depth == 0 && c == ' ' {
            let rest: String = chars[i..chars.len().min(i + 5)].iter().collect();
            if rest == " and " {
                out.push(std::mem::take(&mut cur));
                i += 5;
                continue;
            }
            if rest.starts_with(" & ") {
                out.push(std::mem::take(&mut cur));
                i += 3;
                continue;
            }
            if rest.starts_with("   ") {
                out.push(std::mem::take(&mut cur));
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
                continue;
            }
        }
        cur.push(c);
        i += 1;
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().trim_end_matches('.').trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_count(entry: &str) -> bool {
    let l = entry.to_lowercase();
    let first = l.split_whitespace().next().unwrap_or("");
    let numberish = first.chars().all(|c| c.is_ascii_digit())
        || matches!(
            first,
            "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "several"
                | "no"
        );
    (numberish && !first.is_empty())
        || l.starts_with("members of the public")
        || l.starts_with("member of the public")
}

/// The people of one list, each with their organisation: a bracket after a
/// run of names without brackets gives them all that organisation. Roles,
/// counts of the public and words that are not names make nobody.
pub fn people(text: &str) -> Vec<Named> {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() || t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("nil") {
        return Vec::new();
    }
    // The list ends with its first sentence.
    let t = sentences(t).first().copied().unwrap_or(t);
    let mut list = PeopleList::default();
    for entry in entries(t) {
        if is_count(&entry) || entry.to_lowercase().contains("of the public") {
            continue;
        }
        list.add(&entry);
    }
    list.out
}

/// A list of people as read so far.
#[derive(Default)]
struct PeopleList {
    out: Vec<Named>,
    /// Indexes of names still waiting for an organisation.
    waiting: Vec<usize>,
    /// The honorific a group ("Cllrs A, B & C") gives the names after it.
    carried: Option<String>,
}

impl PeopleList {
    /// Adds the person one entry names, or what it says of the person before.
    fn add(&mut self, entry: &str) {
        let marks = EntryMarks::read(entry);
        if marks.name_part.trim().is_empty() {
            // "(Mill manager)" on its own: the previous person's.
            if let (Some(org), Some(last)) = (marks.organisation, self.out.last_mut()) {
                if last.organisation.is_none() {
                    last.organisation = Some(org);
                }
            }
            return;
        }
        let group = {
            let l = marks.name_part.trim_start().to_lowercase();
            l.starts_with("cllrs") || l.starts_with("councillors")
        };
        let Some(n) = names::read(&marks.name_part, self.carried.as_deref()) else {
            self.note_role(&marks.name_part);
            return;
        };
        if group {
            self.carried = n.honorific.clone();
        } else if n.honorific.is_some() && self.carried.as_deref() != n.honorific.as_deref() {
            self.carried = None;
        }
        self.push(n, marks);
    }

    /// A role after a name ("Ms. Nina L. Villa, Parish Clerk"): the
    /// previous person's organisation, or what marks them an officer.
    fn note_role(&mut self, name_part: &str) {
        let role = name_part.to_lowercase();
        if let Some(last) = self.out.last_mut() {
            // "…, Mrs Susan Ryding, Clerk": an officer, not a member.
            if role.contains("clerk") || role.contains("officer") {
                last.status_hint = Some("officer");
            }
            if last.organisation.is_none()
                && name_part.split_whitespace().count() <= 6
                && !role.starts_with("the ")
                && !matches!(role.trim(), "councillors" | "members" | "councillor")
            {
                last.organisation = Some(name_part.trim().to_string());
            }
        }
    }

    /// Adds a person; an organisation goes to the names waiting for one.
    fn push(&mut self, n: names::Name, marks: EntryMarks) {
        let status_hint = n.other_tier.then_some("in_attendance");
        self.out.push(Named {
            honorific: n.honorific,
            name: n.name,
            organisation: marks.organisation.clone(),
            chair: marks.chair || n.chair,
            status_hint,
            reason: n.tail,
            substitute_for: marks.substitute_for,
        });
        match marks.organisation {
            Some(org) => {
                for i in self.waiting.drain(..) {
                    self.out[i].organisation = Some(org.clone());
                }
            }
            None if marks.chair => {}
            None => self.waiting.push(self.out.len() - 1),
        }
    }
}

/// What one entry of a list says: the name and the marks around it.
struct EntryMarks {
    name_part: String,
    chair: bool,
    organisation: Option<String>,
    /// The person this one stood in for.
    substitute_for: Option<String>,
}

impl EntryMarks {
    /// Reads the name, the chair, the organisation and a substitution.
    fn read(entry: &str) -> EntryMarks {
        let (name_part, brackets) = split_brackets(entry);
        let mut marks = EntryMarks {
            name_part: without_substitute(name_part),
            chair: false,
            organisation: None,
            substitute_for: None,
        };
        marks.split_dash();
        for b in &brackets {
            marks.bracket(b);
        }
        marks
    }

    /// "Cllr David Llewellyn – Chairman", "Mr X - MCC": the chair or an
    /// organisation after a dash.
    fn split_dash(&mut self) {
        for dash in [" – ", " — ", " - "] {
            let name_part = self.name_part.clone();
            if let Some((a, b)) = name_part.split_once(dash) {
                if is_chair_word(b) {
                    self.chair = true;
                } else if !is_vice_chair_word(b) {
                    self.organisation = Some(b.trim().to_string());
                }
                self.name_part = a.to_string();
                return;
            }
        }
    }

    /// One bracket after the name: the chair, a substitution, an
    /// organisation, or a note of no account (arrival, vice-chair).
    fn bracket(&mut self, b: &str) {
        let bl = b.to_lowercase();
        if is_chair_word(b) {
            self.chair = true;
            return;
        }
        if is_vice_chair_word(b)
            || bl.contains("part of the meeting")
            || bl.starts_with("from ")
            || bl.starts_with("left")
            || bl.starts_with("arrived")
        {
            return;
        }
        if let Some(x) = bl
            .strip_prefix("substitute for ")
            .or_else(|| bl.strip_prefix("substituting for "))
            .or_else(|| bl.strip_prefix("sub for "))
        {
            self.substitute_for = Some(b[b.len() - x.len()..].trim().to_string());
            return;
        }
        if !bl.starts_with("substitute") {
            self.organisation = Some(b.trim().to_string());
        }
    }
}

/// The name before "who was substituted by", "substituted by" or
/// "represented by".
fn without_substitute(name_part: String) -> String {
    let lower = name_part.to_lowercase();
    for lead in [
        " who was substituted by ",
        " substituted by ",
        " represented by ",
    ] {
        if let Some(i) = lower.find(lead) {
            // "X who was substituted by Y": X sent apologies, Y came.
            return name_part[..i].to_string();
        }
    }
    name_part
}

/// "Geoff Lee (Chairman) (Tristar Homes)" → ("Geoff Lee", ["Chairman", "Tristar Homes"]).
fn split_brackets(entry: &str) -> (String, Vec<String>) {
    let mut name = String::new();
    let mut brackets = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for c in entry.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    brackets.push(std::mem::take(&mut cur).trim().to_string());
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => name.push(c),
        }
    }
    if depth > 0 && !cur.trim().is_empty() {
        brackets.push(cur.trim().to_string());
    }
    (
        name.split_whitespace().collect::<Vec<_>>().join(" "),
        brackets,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(v: &[Named]) -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|n| (n.name.clone(), n.organisation.clone()))
            .collect()
    }

    #[test]
    fn a_grouped_list_shares_its_organisation() {
        let p = people("Steve Hume, Jamie McCann, Claire Sills (Stockton Council), Darren Best (Cleveland Police)");
        assert_eq!(
            orgs(&p),
            vec![
                ("Steve Hume".into(), Some("Stockton Council".into())),
                ("Jamie McCann".into(), Some("Stockton Council".into())),
                ("Claire Sills".into(), Some("Stockton Council".into())),
                ("Darren Best".into(), Some("Cleveland Police".into())),
            ]
        );
    }

    #[test]
    fn chair_and_honorific_are_marks_not_organisations() {
        let p = people("Cllr Steve Nelson (Chair), Steve Hume (Stockton Council)");
        assert_eq!(p[0].honorific.as_deref(), Some("Cllr"));
        assert_eq!(p[0].name, "Steve Nelson");
        assert!(p[0].chair);
        assert_eq!(p[0].organisation, None);
        assert!(!p[1].chair);
        let q = people("Geoff Lee (Chairman) (Tristar Homes); Councillor Suzanne Fletcher and Paul Kirton (Stockton on Tees Borough Council)");
        assert!(q[0].chair);
        assert_eq!(q[0].organisation.as_deref(), Some("Tristar Homes"));
        assert_eq!(q[1].honorific.as_deref(), Some("Councillor"));
        assert_eq!(q[2].name, "Paul Kirton");
        assert_eq!(
            q[1].organisation.as_deref(),
            Some("Stockton on Tees Borough Council")
        );
    }

    #[test]
    fn the_rendered_form_reads_back() {
        let p =
            people("Cllr Steve Nelson (Stockton Council) (Chair), Jo Bloggs (Cleveland Police)");
        assert!(p[0].chair);
        assert_eq!(p[0].organisation.as_deref(), Some("Stockton Council"));
        assert_eq!(p[1].organisation.as_deref(), Some("Cleveland Police"));
    }

    #[test]
    fn officers_named_by_their_role_after_the_members() {
        let p = people("Miss Jane Ritchie, Mr Andrew Landau and Mrs Victoria Whitehead, Councillors, Mrs Susan Ryding, Clerk and Mr Richard Nolan, Assistant Clerk");
        let hints: Vec<(&str, Option<&str>)> =
            p.iter().map(|n| (n.name.as_str(), n.status_hint)).collect();
        assert_eq!(
            hints,
            [
                ("Jane Ritchie", None),
                ("Andrew Landau", None),
                ("Victoria Whitehead", None),
                ("Susan Ryding", Some("officer")),
                ("Richard Nolan", Some("officer"))
            ]
        );
    }

    #[test]
    fn none_is_nobody() {
        assert!(people("None").is_empty());
        assert!(people(" None. ").is_empty());
    }

    #[test]
    fn labels_in_several_styles() {
        assert_eq!(label("Present: A, B").unwrap(), ("present", "A, B".into()));
        assert_eq!(label("Officers: X").unwrap().0, "officer");
        assert_eq!(
            label("Also in attendance: None").unwrap(),
            ("in_attendance", "None".into())
        );
        assert_eq!(label("In Attendance:").unwrap().0, "in_attendance");
        assert_eq!(
            label("Apologies for absence were submitted on behalf of Councillor Coombs, John Tough and Ian Garrett.").unwrap(),
            ("apologies", "Councillor Coombs, John Tough and Ian Garrett".into())
        );
        assert_eq!(
            label("Apologies: Jane Doe (Thirteen)").unwrap().1,
            "Jane Doe (Thirteen)"
        );
        assert!(label("Presentation of the report").is_none());
        assert!(label("Officers highlighted the following").is_none());
    }
}
