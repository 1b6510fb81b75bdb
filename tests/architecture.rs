//! The layering, checked on the source: nothing below the window (model, rules, io, catalog,
//! the command line) names egui or eframe; every file of src/ui says in its first line what it is
//! for; and the files of src/ui import each other without a circle, so each concept can be read
//! and changed on its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module of src/ui a file belongs to ("grid" for src/ui/grid/paint.rs).
fn ui_module(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src().join("ui")).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    Some(first.trim_end_matches(".rs").to_string())
}

/// The other ui modules a file's code names (`super::x`, `crate::ui::x`, `super::super::x`).
fn named_modules(
    text: &str,
    own: &str,
    nested: bool,
    modules: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Only code: comments may mention anything.
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let prefixes: Vec<&str> = if nested {
        vec!["super::super::", "crate::ui::"]
    } else {
        vec!["super::", "crate::ui::"]
    };
    for prefix in prefixes {
        for (i, _) in code.match_indices(prefix) {
            let rest = &code[i + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name != own && modules.contains(&name) {
                out.insert(name);
            }
        }
        // `use super::{a, b::C}` names several.
        for (i, _) in code.match_indices(&format!("{prefix}{{")) {
            let rest = &code[i + prefix.len() + 1..];
            let inner = &rest[..rest.find('}').unwrap_or(rest.len())];
            for item in inner.split(',') {
                let name = item.trim().split("::").next().unwrap_or("").trim();
                if name != own && modules.contains(name) {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn nothing_below_the_window_names_egui() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut offenders = Vec::new();
    for f in files {
        if ui_module(&f).is_some() || f.ends_with("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("egui") || code.contains("eframe") {
                offenders.push(format!("{}:{}", f.display(), n + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "egui below the window: {offenders:?}");
}

#[test]
fn every_ui_file_says_what_it_is_for() {
    let mut files = Vec::new();
    rust_files(&src().join("ui"), &mut files);
    assert!(files.len() > 15, "found {} ui files", files.len());
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable");
        assert!(
            text.starts_with("//! ") && text.lines().next().is_some_and(|l| l.len() > 30),
            "{} does not start with a line on what it is for",
            f.display()
        );
    }
}

#[test]
fn the_ui_files_import_each_other_without_a_circle() {
    let mut files = Vec::new();
    rust_files(&src().join("ui"), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| ui_module(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let own = ui_module(f).expect("a ui file");
        // In grid/paint.rs `super::` is the grid; in grid/mod.rs it is the ui.
        let nested = f.parent() != Some(src().join("ui").as_path()) && !f.ends_with("mod.rs");
        let text = std::fs::read_to_string(f).expect("readable");
        // ui/mod.rs declares every module; it is the root, not a participant.
        if own == "mod" {
            continue;
        }
        graph
            .entry(own.clone())
            .or_default()
            .extend(named_modules(&text, &own, nested, &modules));
    }
    // The check must see imports at all: the app uses the grid.
    assert!(graph["app"].contains("grid"), "{graph:?}");
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        let cycle = visit(n, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import circle in src/ui: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
}
