//! The layers of `docs/architecture.md`, checked from the code's own
//! imports: a module may use modules of its own layer or below, never above.
//! Keep this table and the document's together.

#![expect(
    clippy::unwrap_used,
    reason = "a test: an unreadable source file should fail it loudly"
)]

use std::collections::BTreeSet;
use std::path::Path;

const LAYERS: &[&[&str]] = &[
    &["main", "lib", "cli", "startup", "jobs", "demo"],
    &["api", "public", "oparl", "mgws"],
    &[
        "state",
        "http_semantics",
        "limits",
        "idempotency",
        "published",
    ],
    &["agenda", "minutes", "webhooks", "import"],
    &["search"],
    &["render"],
    &["read"],
    &["store", "mail"],
    &["domain"],
    &["db", "error", "config"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::name` a file refers to (comments left out).
fn crate_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut unknown = BTreeSet::new();
    for f in &files {
        let from = top_module(&src, f);
        let Some(from_layer) = layer(&from) else {
            unknown.insert(from);
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for to in crate_refs(&text) {
            match layer(&to) {
                Some(l) if l < from_layer => upward.push(format!(
                    "{} ({from}, layer {}) imports {to} (layer {})",
                    f.strip_prefix(&src).unwrap().display(),
                    from_layer + 1,
                    l + 1
                )),
                Some(_) => {}
                None => {
                    unknown.insert(to);
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from the layer table (tests/layers.rs and docs/architecture.md): {unknown:?}"
    );
    assert!(
        upward.is_empty(),
        "imports running up the layers:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_source_file_is_over_700_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in ["src", "tests", "benches"] {
        rust_files(&root.join(d), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 700).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

/// A source file's module path (`src/minutes/approval.rs` → `minutes::approval`).
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Module paths a file refers to: `crate::a::b`, `super::x`, `super::{x, y}`.
fn module_refs(text: &str, parent: &[String]) -> Vec<Vec<String>> {
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|p| {
                p.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|p| !p.is_empty())
            .collect()
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            out.push(ident(&code[i + 7..]));
        }
        for (i, _) in code.match_indices("super::") {
            let rest = &code[i + 7..];
            if let Some(list) = rest.strip_prefix('{') {
                for item in list.split('}').next().unwrap_or("").split(',') {
                    let mut p = parent.to_vec();
                    p.extend(ident(item.trim()));
                    out.push(p);
                }
            } else {
                let mut p = parent.to_vec();
                p.extend(ident(rest));
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn no_import_cycle_between_modules() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<Vec<String>, std::path::PathBuf> = files
        .iter()
        .map(|f| (module_path(&src, f), f.clone()))
        .collect();
    let known = |r: &[String]| -> Option<Vec<String>> {
        (1..=r.len())
            .rev()
            .map(|n| r[..n].to_vec())
            .find(|p| modules.contains_key(p))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, f) in &modules {
        let parent = &m[..m.len().saturating_sub(1)];
        let text = std::fs::read_to_string(f).unwrap();
        for r in module_refs(&text, parent) {
            if let Some(t) = known(&r) {
                // A module and its own ancestors or descendants are one unit.
                if t != *m && !m.starts_with(&t) && !t.starts_with(m) {
                    edges.entry(m.clone()).or_default().insert(t);
                }
            }
        }
    }
    // Depth-first search for a path back to the start.
    fn reaches(
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        from: &Vec<String>,
        goal: &Vec<String>,
        seen: &mut BTreeSet<Vec<String>>,
    ) -> bool {
        for n in edges.get(from).into_iter().flatten() {
            if n == goal || (seen.insert(n.clone()) && reaches(edges, n, goal, seen)) {
                return true;
            }
        }
        false
    }
    let cyclic: Vec<String> = edges
        .keys()
        .filter(|m| reaches(&edges, m, m, &mut BTreeSet::new()))
        .map(|m| m.join("::"))
        .collect();
    assert!(cyclic.is_empty(), "modules on an import cycle: {cyclic:?}");
}
