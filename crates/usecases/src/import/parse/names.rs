//! A person's name as minutes print it: honorifics before it ("Cllr Mrs",
//! "Councillor", "Dr"), a tier before that ("County Cllr", "Borough
//! Councillor": a member of another council, in attendance), a role
//! ("Chairman Cllr X", "X – Chairman"), honours after it ("OBE"), and
//! whether what is left is a name at all: a person is never made from
//! agenda wording, a job title alone or a sentence fragment.

const HONORIFICS: &[&str] = &[
    "Councillors",
    "Councillor",
    "Cllrs.",
    "Cllrs",
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
    "PCSO",
    "PC",
    "Rev.",
    "Revd",
    "Rev",
    "Reverend",
    "Canon",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
    "Alderman",
];

const TIERS: &[&str] = &[
    "County", "Borough", "District", "City", "Town", "Unitary", "Ward",
];

const HONOURS: &[&str] = &[
    "OBE", "MBE", "CBE", "KBE", "DBE", "JP", "MP", "MEP", "QPM", "DL", "BEM", "QC", "KC",
];

/// Words that make a phrase a role, a place or a sentence, not a name.
const NOT_NAME: &[&str] = &[
    "council",
    "councils",
    "committee",
    "clerk",
    "member",
    "members",
    "officer",
    "officers",
    "manager",
    "director",
    "public",
    "police",
    "panel",
    "meeting",
    "minutes",
    "report",
    "apologies",
    "apology",
    "chairman",
    "chair",
    "chairperson",
    "services",
    "service",
    "team",
    "department",
    "agency",
    "group",
    "trust",
    "ltd",
    "limited",
    "association",
    "society",
    "the",
    "all",
    "none",
    "nil",
    "no",
    "item",
    "items",
    "agenda",
    "absence",
    "attendance",
    "present",
    "declarations",
    "declaration",
    "interest",
    "resident",
    "residents",
    "cabinet",
    "assistant",
    "democratic",
    "representative",
    "partnership",
    "board",
    "school",
    "road",
    "highways",
    "planning",
    "finance",
    "accounts",
    "matters",
    "arising",
    "business",
    "other",
    "any",
    "there",
    "were",
    "was",
    "received",
    "accepted",
    "councillors",
    "cllrs",
    "site",
    "visit",
    "support",
    "engagement",
    "participation",
    "quality",
    "safety",
    "and",
    "for",
    "of",
    "to",
    "in",
    "with",
    "noted",
    "agreed",
    "resolved",
    "this",
    "that",
    "it",
    "we",
    "they",
    "he",
    "she",
];

const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "bin", "al", "ter", "st",
];

const CHAIR_WORDS: &[&str] = &[
    "chairman",
    "chair",
    "chairperson",
    "chairwoman",
    "in the chair",
];

/// One person as a list names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Name {
    pub honorific: Option<String>,
    pub name: String,
    /// A member of another council ("County Cllr Webb").
    pub other_tier: bool,
    pub chair: bool,
    /// Words after the name that are not part of it ("working at the mill").
    pub tail: Option<String>,
}

fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &s[word.len()..];
    if rest.is_empty() || rest.starts_with([' ', '.', ',']) {
        Some(rest.trim_start_matches(['.', ' ']))
    } else {
        None
    }
}

/// Whether a word is a role or chair word ("Chairman", "Vice-Chair").
pub fn is_chair_word(s: &str) -> bool {
    let l = s.trim().trim_matches(['(', ')', '.']).to_ascii_lowercase();
    CHAIR_WORDS.contains(&l.as_str())
}

pub fn is_vice_chair_word(s: &str) -> bool {
    let l = s
        .trim()
        .trim_matches(['(', ')', '.'])
        .to_ascii_lowercase()
        .replace('-', " ");
    matches!(
        l.as_str(),
        "vice chair" | "vice chairman" | "vice chairperson" | "vice chairwoman"
    )
}

/// "Cllr Steve Nelson" → (Some("Cllr"), "Steve Nelson"); several
/// honorifics are kept together ("Cllr Mrs").
pub fn split_honorific(s: &str) -> (Option<String>, String) {
    let mut rest = s.trim();
    let mut found: Vec<&str> = Vec::new();
    'outer: loop {
        for h in HONORIFICS {
            let bare = h.trim_end_matches('.');
            if let Some(r) = strip_word(rest, bare) {
                if r.trim().chars().next().is_some_and(char::is_alphabetic) {
                    found.push(match bare {
                        "Cllrs" | "Councillors" => "Cllr",
                        b => b,
                    });
                    rest = r.trim();
                    continue 'outer;
                }
            }
        }
        break;
    }
    let honorific = (!found.is_empty()).then(|| found.join(" "));
    (honorific, rest.to_string())
}

fn is_initial(tok: &str) -> bool {
    let t = tok.trim_end_matches('.');
    t.chars().count() == 1 && t.chars().all(char::is_uppercase)
}

fn name_token(tok: &str) -> bool {
    let t = tok.trim_matches([',', ';']);
    if t.is_empty() || t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if is_initial(t) {
        return true;
    }
    if PARTICLES.contains(&t.to_ascii_lowercase().as_str()) {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    first.is_uppercase() && !NOT_NAME.contains(&t.to_lowercase().trim_end_matches('.'))
}

/// Reads one entry of a list as a person, or `None` when it is not one.
/// `carried` is the honorific of a group ("Cllrs A, B & C").
pub fn read(entry: &str, carried: Option<&str>) -> Option<Name> {
    let mut s = entry.trim().trim_end_matches(['.', ',', ';']).trim();
    let mut n = Name::default();
    // "Chairman Cllr Mrs Shewell", "Vice-Chairman X".
    for w in ["Vice-Chairman", "Vice Chairman", "Vice-Chair", "Vice Chair"] {
        if let Some(r) = strip_word(s, w) {
            s = r.trim();
        }
    }
    for w in ["Chairman", "Chairwoman", "Chairperson", "Chair"] {
        if let Some(r) = strip_word(s, w) {
            if r.trim().chars().next().is_some_and(char::is_uppercase) {
                n.chair = true;
                s = r.trim();
            }
        }
    }
    // "County Cllr Webb", "Borough Councillor Colin Sampson".
    for tier in TIERS {
        if let Some(r) = strip_word(s, tier) {
            let (h, _) = split_honorific(r);
            if h.is_some() {
                n.other_tier = true;
                s = r.trim();
            }
        }
    }
    let (h, rest) = split_honorific(s);
    n.honorific = h.or_else(|| carried.map(str::to_string));
    // Honours after the name.
    let mut tokens: Vec<&str> = rest.split_whitespace().collect();
    while tokens
        .last()
        .is_some_and(|t| HONOURS.contains(&t.trim_matches([',', '.'])))
    {
        tokens.pop();
    }
    // The name is the leading run of name-like words.
    let take = tokens.iter().take_while(|t| name_token(t)).count();
    if take == 0 {
        return None;
    }
    let name_tokens = &tokens[..take];
    let tail = tokens[take..].join(" ");
    // A single word is a name only with an honorific ("Cllr Pocock").
    if name_tokens.len() == 1 && n.honorific.is_none() {
        return None;
    }
    if name_tokens.len() > 5 || name_tokens.iter().all(|t| is_initial(t)) {
        return None;
    }
    // A tail that reads as more words of a title ("Member for Services")
    // shows this was not a name.
    if tail
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !tail.starts_with('(')
    {
        return None;
    }
    n.name = name_tokens
        .join(" ")
        .trim_end_matches([',', ';'])
        .to_string();
    if !tail.is_empty() {
        n.tail = Some(tail);
    }
    Some(n)
}

/// Whether a name as minutes print it ("Pocock", "C. Edwards", "Jane
/// Pocock") can be the person known by `known` ("Jane Pocock"): the same
/// words, or the same surname with no first name or a matching initial.
pub fn may_be(printed: &str, known: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| w.trim_matches(['.', ',']).to_lowercase().replace('’', "'"))
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (p, k) = (words(printed), words(known));
    if p.is_empty() || k.is_empty() {
        return false;
    }
    if p == k {
        return true;
    }
    if p.last() != k.last() {
        return false;
    }
    match p.len() {
        1 => true,
        _ => p[..p.len() - 1].iter().zip(&k).all(|(a, b)| {
            if a.chars().count() == 1 {
                b.starts_with(a.as_str())
            } else {
                a == b
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Option<String> {
        read(s, None).map(|n| n.name)
    }

    #[test]
    fn names_with_honorifics_and_tiers() {
        let n = read("Chairman Cllr Mrs Shewell", None).unwrap();
        assert_eq!(
            (n.honorific.as_deref(), n.name.as_str(), n.chair),
            (Some("Cllr Mrs"), "Shewell", true)
        );
        let t = read("County Cllr Webb", None).unwrap();
        assert!(t.other_tier);
        assert_eq!(t.name, "Webb");
        let b = read("Borough Councillor Colin Sampson", None).unwrap();
        assert!(b.other_tier && b.name == "Colin Sampson");
        assert_eq!(name("Cllr. Mrs. C. Edwards").as_deref(), Some("C. Edwards"));
        assert_eq!(name("Pocock"), None, "one word needs an honorific");
        assert_eq!(read("G. O’Leary", Some("Cllr")).unwrap().name, "G. O’Leary");
        assert_eq!(
            name("Shellina Prendergast").as_deref(),
            Some("Shellina Prendergast")
        );
        assert_eq!(name("Jane Smith OBE").as_deref(), Some("Jane Smith"));
    }

    #[test]
    fn roles_counts_and_fragments_are_not_people() {
        for s in [
            "the Clerk",
            "Clerk",
            "1 member of the public",
            "Cabinet Member for Integrated Children’s Services",
            "Members of the public",
            "There were no apologies",
            "Parish Clerk",
            "No matters raised",
        ] {
            assert_eq!(name(s), None, "{s}");
        }
    }

    #[test]
    fn a_printed_name_and_a_known_person() {
        assert!(may_be("Pocock", "Jane Pocock"));
        assert!(may_be("C. Edwards", "Carol Edwards"));
        assert!(may_be("G. O’Leary", "Gary O'Leary"));
        assert!(!may_be("D. Edwards", "Carol Edwards"));
        assert!(!may_be("Jane Smith", "Jane Pocock"));
    }

    #[test]
    fn a_reason_after_the_name() {
        let n = read("Tony Leggett working at Bawsey mill", None).unwrap();
        assert_eq!(n.name, "Tony Leggett");
        assert_eq!(n.tail.as_deref(), Some("working at Bawsey mill"));
    }
}
