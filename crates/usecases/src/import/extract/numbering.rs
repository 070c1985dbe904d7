//! Word's own list numbering (`word/numbering.xml`): a numbered paragraph's
//! number is not in its text but made by Word from the list's levels (start,
//! format, pattern such as "%1."). Minutes typed in Word often number their
//! items so; the numbers are made here as Word shows them.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    pattern: String,
}

/// The lists of a document and where each stands.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → its levels by ilvl.
    levels: HashMap<String, HashMap<u8, Level>>,
    /// abstractNumId → the current count at each level.
    counts: HashMap<String, [i64; 9]>,
}

/// An element's `w:val`.
pub(super) fn val(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .map(|a| String::from_utf8_lossy(&a.value).to_string())
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).to_string())
}

impl Numbering {
    /// Reads `word/numbering.xml`; a part that cannot be read numbers nothing.
    pub fn read(xml: &[u8]) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        let (mut abstract_id, mut num_id, mut ilvl): (Option<String>, Option<String>, Option<u8>) =
            (None, None, None);
        loop {
            let event = match reader.read_event_into(&mut buf) {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match &event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = attr(e, b"abstractNumId"),
                    b"num" => num_id = attr(e, b"numId"),
                    b"abstractNumId" => {
                        if let (Some(num), Some(a)) = (&num_id, val(e)) {
                            n.nums.insert(num.clone(), a);
                        }
                    }
                    b"lvl" => {
                        ilvl = attr(e, b"ilvl").and_then(|v| v.parse().ok());
                        if let (Some(a), Some(l)) = (&abstract_id, ilvl) {
                            n.levels.entry(a.clone()).or_default().insert(
                                l,
                                Level {
                                    start: 1,
                                    format: "decimal".into(),
                                    pattern: format!("%{}.", l + 1),
                                },
                            );
                        }
                    }
                    name @ (b"start" | b"numFmt" | b"lvlText") => {
                        if let (Some(a), Some(l), Some(v)) = (&abstract_id, ilvl, val(e)) {
                            if let Some(level) = n.levels.get_mut(a).and_then(|m| m.get_mut(&l)) {
                                match name {
                                    b"start" => level.start = v.parse().unwrap_or(1),
                                    b"numFmt" => level.format = v,
                                    _ => level.pattern = v,
                                }
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = None,
                    b"num" => num_id = None,
                    b"lvl" => ilvl = None,
                    _ => {}
                },
                _ => {}
            }
            buf.clear();
        }
        n
    }

    /// The number Word shows before the next paragraph of list `num_id` at
    /// level `ilvl` ("46.", "b)"), or None for a bullet or no list.
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let abstract_id = self.nums.get(num_id)?.clone();
        let levels = self.levels.get(&abstract_id)?;
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        let counts = self.counts.entry(abstract_id.clone()).or_insert([0; 9]);
        let i = usize::from(ilvl.min(8));
        counts[i] = if counts[i] == 0 {
            level.start
        } else {
            counts[i] + 1
        };
        for deeper in counts.iter_mut().skip(i + 1) {
            *deeper = 0;
        }
        let mut text = level.pattern.clone();
        for (k, count) in counts.iter().enumerate().take(i + 1) {
            let fmt = levels
                .get(&u8::try_from(k).unwrap_or(0))
                .map_or("decimal", |l| l.format.as_str());
            let start = levels
                .get(&u8::try_from(k).unwrap_or(0))
                .map_or(1, |l| l.start);
            let c = if *count == 0 { start } else { *count };
            text = text.replace(&format!("%{}", k + 1), &formatted(c, fmt));
        }
        Some(text)
    }
}

fn formatted(n: i64, format: &str) -> String {
    let letters = |upper: bool| {
        let base = if upper { b'A' } else { b'a' };
        let k = u8::try_from((n - 1).rem_euclid(26)).unwrap_or(0);
        ((base + k) as char).to_string()
    };
    match format {
        "lowerLetter" => letters(false),
        "upperLetter" => letters(true),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: i64) -> String {
    let mut s = String::new();
    for (v, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_word_shows_them() {
        let xml = br#"<w:numbering xmlns:w="x">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="46"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"#;
        let mut n = Numbering::read(xml);
        assert_eq!(n.next("3", 0).as_deref(), Some("46."));
        assert_eq!(n.next("3", 1).as_deref(), Some("(a)"));
        assert_eq!(n.next("3", 1).as_deref(), Some("(b)"));
        assert_eq!(n.next("3", 0).as_deref(), Some("47."));
        assert_eq!(n.next("3", 1).as_deref(), Some("(a)"));
        assert_eq!(n.next("4", 0), None);
        assert_eq!(n.next("9", 0), None);
        assert_eq!(roman(14), "XIV");
    }
}
