//! The layers of `docs/architecture.md`, checked from the workspace itself.
//! Each layer is a crate (the surfaces are four crates of one layer), so
//! the compiler already refuses an import of a crate that is not a
//! dependency; these tests keep the dependencies themselves pointing down,
//! keep SQL (the `diesel` crate) in the storage layers, keep files short
//! and modules free of cycles, and keep the map naming every crate. Keep
//! this table and the document's together.

#![expect(
    clippy::unwrap_used,
    reason = "a test: an unreadable source file should fail it loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top to bottom. A crate may depend only on crates of lower layers; the
/// crates of one layer (the surfaces) never depend on each other.
const LAYERS: &[&[&str]] = &[
    &["minutebook"],
    &[
        "minutebook-api",
        "minutebook-public",
        "minutebook-desk",
        "minutebook-oparl",
        "minutebook-mgws",
    ],
    &["minutebook-web"],
    &["minutebook-usecases"],
    &["minutebook-search"],
    &["minutebook-render"],
    &["minutebook-read"],
    &["minutebook-store"],
    &["minutebook-domain"],
    &["minutebook-ground"],
];

/// The only crates whose own code may speak SQL through diesel: the
/// ground (connections, migrations, schema), the store, and the search
/// index (its FTS5 / tsvector queries).
const SQL_CRATES: &[&str] = &["minutebook-ground", "minutebook-store", "minutebook-search"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn layer(krate: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&krate))
}

/// Every crate of the workspace: (package name, folder).
fn crates() -> Vec<(String, PathBuf)> {
    let mut out = vec![("minutebook".to_string(), root().to_path_buf())];
    for e in std::fs::read_dir(root().join("crates")).unwrap() {
        let dir = e.unwrap().path();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let name = manifest
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .unwrap()
            .trim_matches('"')
            .to_string();
        out.push((name, dir));
    }
    out.sort();
    out
}

/// The names in a manifest's `[dependencies]` (not dev- or build-).
fn dependencies(dir: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let mut inside = false;
    let mut out = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

#[test]
fn every_crate_depends_only_on_crates_of_lower_layers() {
    let mut wrong = Vec::new();
    for (name, dir) in crates() {
        let Some(from) = layer(&name) else {
            wrong.push(format!(
                "{name} is missing from the layer table (tests/layers.rs and docs/architecture.md)"
            ));
            continue;
        };
        for dep in dependencies(&dir) {
            if !dep.starts_with("minutebook") {
                continue;
            }
            match layer(&dep) {
                Some(to) if to > from => {}
                Some(to) => wrong.push(format!(
                    "{name} (layer {}) depends on {dep} (layer {})",
                    from + 1,
                    to + 1
                )),
                None => wrong.push(format!("{dep} is missing from the layer table")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_the_storage_layers_depend_on_diesel() {
    let speaking: Vec<String> = crates()
        .into_iter()
        .filter(|(name, dir)| {
            !SQL_CRATES.contains(&name.as_str()) && dependencies(dir).iter().any(|d| d == "diesel")
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        speaking.is_empty(),
        "these crates list diesel: move their queries into minutebook-store: {speaking:?}"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its trailing `#[cfg(test)]` module.
fn production_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

#[test]
fn no_schema_path_above_the_storage_layers() {
    let mut found = Vec::new();
    for (name, dir) in crates() {
        if SQL_CRATES.contains(&name.as_str()) {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&dir.join("src"), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (n, line) in production_code(&text).lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if code.contains("db::schema") || code.contains("diesel::") {
                    found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL above the store:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_is_over_700_lines() {
    let mut files = Vec::new();
    for d in ["src", "tests", "benches"] {
        rust_files(&root().join(d), &mut files);
    }
    for (_, dir) in crates().into_iter().skip(1) {
        rust_files(&dir.join("src"), &mut files);
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

#[test]
fn the_architecture_map_names_every_crate_and_stays_short() {
    let doc = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let missing: Vec<String> = crates()
        .into_iter()
        .skip(1)
        .map(|(_, dir)| format!("crates/{}", dir.file_name().unwrap().to_string_lossy()))
        .filter(|folder| !doc.contains(folder.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/architecture.md does not name {missing:?}"
    );
    // And every folder inside a crate's sources.
    let mut folders = Vec::new();
    for (_, dir) in crates().into_iter().skip(1) {
        let mut stack = vec![dir.join("src")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    folders.push(
                        p.strip_prefix(root())
                            .unwrap()
                            .to_string_lossy()
                            .to_string(),
                    );
                    stack.push(p);
                }
            }
        }
    }
    let unnamed: Vec<&String> = folders
        .iter()
        .filter(|f| {
            // `a/b/c` is named as itself, or as `a/b` with `(… c …)`.
            let (parent, leaf) = f.rsplit_once('/').unwrap();
            !doc.contains(f.as_str())
                && !doc
                    .lines()
                    .any(|l| l.contains(&format!("`{parent}`")) && l.contains(&format!("`{leaf}`")))
        })
        .collect();
    assert!(
        unnamed.is_empty(),
        "docs/architecture.md does not name these folders: {unnamed:?}"
    );
    let words = doc.split_whitespace().count();
    assert!(
        words <= 2000,
        "docs/architecture.md has {words} words (at most 2,000)"
    );
}

/// A source file's module path within its crate (`minutes/approval.rs` →
/// `minutes::approval`).
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

/// The modules of one crate that lie on an import cycle.
fn cyclic_modules(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_path(src, f), f.clone()))
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
    edges
        .keys()
        .filter(|m| reaches(&edges, m, m, &mut BTreeSet::new()))
        .map(|m| m.join("::"))
        .collect()
}

#[test]
fn no_import_cycle_between_modules_of_a_crate() {
    let mut cyclic = Vec::new();
    for (name, dir) in crates() {
        for m in cyclic_modules(&dir.join("src")) {
            cyclic.push(format!("{name}: {m}"));
        }
    }
    assert!(cyclic.is_empty(), "modules on an import cycle: {cyclic:?}");
}
