//! Attendance lists: "Present: Cllr Steve Nelson (Chair), Steve Hume,
//! Jamie McCann, Claire Sills (Stockton Council), Darren Best (Cleveland
//! Police)". Several names before one bracket share that organisation;
//! "(Chair)" marks the chair; honorifics such as Cllr are kept apart.

/// Which list a line opens, and what follows its label on the same line.
pub fn label(line: &str) -> Option<(&'static str, String)> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    const LABELS: &[(&str, &str)] = &[
        ("members present", "present"),
        ("present", "present"),
        ("officers present", "officer"),
        ("officers in attendance", "officer"),
        ("officers", "officer"),
        ("also in attendance", "in_attendance"),
        ("also present", "in_attendance"),
        ("in attendance", "in_attendance"),
        ("apologies for absence", "apologies"),
        ("apologies", "apologies"),
    ];
    for (l, status) in LABELS {
        if let Some(rest) = lower.strip_prefix(l) {
            let rest_raw = &t[l.len()..];
            let rest_trim = rest.trim_start();
            if let Some(after) = rest_trim.strip_prefix(':') {
                let skip = rest_raw.len() - after.len();
                return Some((status, clean_apologies(rest_raw[skip..].trim())));
            }
            // "Apologies for absence were submitted on behalf of X and Y."
            if *status == "apologies" && rest_trim.starts_with("were ") {
                let tail = rest_raw
                    .find(" of ")
                    .map(|i| &rest_raw[i + 4..])
                    .or_else(|| rest_raw.find(" from ").map(|i| &rest_raw[i + 6..]))
                    .unwrap_or("");
                return Some((status, tail.trim().trim_end_matches('.').to_string()));
            }
            if rest.trim().is_empty() && lower.len() == l.len() {
                return Some((status, String::new()));
            }
        }
    }
    None
}

/// "were submitted on behalf of A and B." → "A and B".
pub fn clean_apologies(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    for lead in ["were submitted on behalf of ", "were received from "] {
        if lower.starts_with(lead) {
            return s[lead.len()..].trim_end_matches('.').to_string();
        }
    }
    s.to_string()
}

/// One person as the list names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub honorific: Option<String>,
    pub name: String,
    pub organisation: Option<String>,
    pub chair: bool,
}

const HONORIFICS: &[&str] = &[
    "Councillor",
    "Cllr.",
    "Cllr",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Miss",
    "Dr.",
    "Dr",
    "Professor",
    "Prof.",
    "Prof",
    "Chief Superintendent",
    "Superintendent",
    "Supt.",
    "Supt",
    "Chief Inspector",
    "Inspector",
    "Sergeant",
    "Sgt.",
    "Sgt",
    "PC",
    "Rev.",
    "Rev",
    "Sir",
    "Dame",
];

/// "Cllr Steve Nelson" → (Some("Cllr"), "Steve Nelson").
pub fn split_honorific(s: &str) -> (Option<String>, String) {
    let s = s.trim();
    for h in HONORIFICS {
        if let Some(rest) = s.strip_prefix(h) {
            if rest.starts_with(' ') && rest.trim().chars().next().is_some_and(char::is_uppercase) {
                return (Some((*h).to_string()), rest.trim().to_string());
            }
        }
    }
    (None, s.to_string())
}

fn is_chair_mark(inner: &str) -> bool {
    matches!(
        inner.trim().to_ascii_lowercase().as_str(),
        "chair" | "chairman" | "chairperson" | "chairwoman" | "in the chair"
    )
}

fn is_role_mark(inner: &str) -> bool {
    matches!(
        inner.trim().to_ascii_lowercase().as_str(),
        "vice chair" | "vice-chair" | "vice chairman" | "vice-chairman"
    )
}

/// Splits a list at commas, semicolons and " and " outside brackets.
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

/// The people of one list, each with their organisation: a bracket after a
/// run of names without brackets gives them all that organisation.
pub fn people(text: &str) -> Vec<Named> {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() || t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("nil") {
        return Vec::new();
    }
    let mut out: Vec<Named> = Vec::new();
    // Indexes of names still waiting for an organisation.
    let mut waiting: Vec<usize> = Vec::new();
    for entry in entries(t) {
        let (name_part, brackets) = split_brackets(&entry);
        if name_part.is_empty() {
            continue;
        }
        let (honorific, name) = split_honorific(&name_part);
        let mut chair = false;
        let mut organisation = None;
        for b in &brackets {
            if is_chair_mark(b) {
                chair = true;
            } else if is_role_mark(b) || b.to_ascii_lowercase().starts_with("substitute") {
                continue;
            } else {
                organisation = Some(b.trim().to_string());
            }
        }
        out.push(Named {
            honorific,
            name,
            organisation: organisation.clone(),
            chair,
        });
        match organisation {
            Some(org) => {
                for i in waiting.drain(..) {
                    out[i].organisation = Some(org.clone());
                }
            }
            None if chair => {}
            None => waiting.push(out.len() - 1),
        }
    }
    out
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
