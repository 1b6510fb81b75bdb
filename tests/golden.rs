//! Golden files of the exports, so a change to what users receive is seen in review: the
//! built-in samples' workbooks, compared part by part (each XML part of the zip, as
//! rust_xlsxwriter's own tests compare with Excel's files) and their printable pages, compared
//! section by section, with files committed under tests/golden/. After a deliberate change,
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites them; the diff is the review.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::{html, sample, xlsx};
use budget_disclosure::rules;
use std::io::Read;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// The parts of a workbook by name, with the times it was made taken out (they change on every
/// export and are not what the review is about).
fn xlsx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a part");
        let name = f.name().expect("a part name").to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).expect("XML parts are UTF-8");
        if name == "docProps/core.xml" {
            text = blank_element(&text, "dcterms:created");
            text = blank_element(&text, "dcterms:modified");
        }
        parts.push((name, text));
    }
    parts.sort();
    parts
}

fn blank_element(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    match (xml.find(&open), xml.find(&close)) {
        (Some(a), Some(b)) if a < b => {
            let start = a + xml[a..].find('>').map_or(0, |i| i + 1);
            format!("{}{}", &xml[..start], &xml[b..])
        }
        _ => xml.to_string(),
    }
}

/// Compares what was made with the committed files of `dir`, one file per part; rewrites them
/// when updating. Returns the parts that differ, each with its first differing line.
fn compare_parts(dir: &Path, parts: &[(String, String)]) -> Vec<String> {
    if updating() {
        let _ = std::fs::remove_dir_all(dir);
        for (name, text) in parts {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().expect("a parent")).expect("golden dir");
            std::fs::write(&p, text).expect("write golden part");
        }
        return Vec::new();
    }
    let mut diffs = Vec::new();
    let mut committed = Vec::new();
    collect_files(dir, dir, &mut committed);
    committed.sort();
    let made: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    for name in &committed {
        if !made.contains(&name.as_str()) {
            diffs.push(format!("{name}: in the golden files, not in the export"));
        }
    }
    for (name, text) in parts {
        match std::fs::read_to_string(dir.join(name)) {
            Err(_) => diffs.push(format!("{name}: new part, not in the golden files")),
            Ok(want) if want != *text => {
                diffs.push(format!("{name}: {}", first_difference(&want, text)))
            }
            Ok(_) => {}
        }
    }
    diffs
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_files(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn first_difference(want: &str, got: &str) -> String {
    // XML parts are often one long line: compare by tags, not lines.
    let split = |s: &str| -> Vec<String> { s.split_inclusive('>').map(str::to_string).collect() };
    let (w, g) = (split(want), split(got));
    for (i, (a, b)) in w.iter().zip(&g).enumerate() {
        if a != b {
            return format!("piece {i}: golden {a:?}, now {b:?}");
        }
    }
    format!("length {} pieces in golden, {} now", w.len(), g.len())
}

/// The printable page split at each heading (parts, tables, sections), so a difference names
/// its table or section.
fn html_sections(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = page;
    let mut n = 0;
    let next_heading = |s: &str| {
        let after = &s[1..];
        [after.find("<h2"), after.find("<h3")]
            .into_iter()
            .flatten()
            .min()
            .map(|i| i + 1)
    };
    while let Some(i) = next_heading(rest) {
        out.push((format!("{n:03}.html"), rest[..i].to_string()));
        rest = &rest[i..];
        n += 1;
    }
    out.push((format!("{n:03}.html"), rest.to_string()));
    out
}

fn check_sample(index: usize, name: &str) {
    let pkg = sample::sample_at(index);
    let catalog = Catalog::builtin();
    let findings = rules::check(&pkg, catalog);
    let bytes = xlsx::export(&pkg, catalog, &findings).expect("export");
    let mut diffs = compare_parts(
        &golden_dir().join(format!("{name}.xlsx")),
        &xlsx_parts(&bytes),
    );
    let page = html::export_html(&pkg, catalog);
    let sections = html_sections(&page);
    assert!(
        sections.len() > 5,
        "the page has its sections ({})",
        sections.len()
    );
    diffs.extend(compare_parts(
        &golden_dir().join(format!("{name}.html")),
        &sections,
    ));
    assert!(
        diffs.is_empty(),
        "the {name} exports differ from tests/golden (if the change is meant, rerun with \
         UPDATE_GOLDEN=1 and review the diff):\n{}",
        diffs.join("\n")
    );
}

#[test]
fn the_shanxi_sample_exports_as_committed() {
    check_sample(0, "shanxi-sample");
}

#[test]
fn the_shanghai_sample_exports_as_committed() {
    check_sample(1, "shanghai-sample");
}

#[test]
fn a_changed_amount_is_seen_in_its_sheet_and_its_section() {
    // The comparison itself must catch a change: one amount of table 1 changed.
    let mut pkg = sample::sample_at(0);
    let catalog = Catalog::builtin();
    let edit = budget_disclosure::model::edit::Edit::SetLineCell {
        table: "t1".into(),
        block: "income".into(),
        line: "carryover".into(),
        column: "amount".into(),
        value: budget_disclosure::model::Amount::parse("123.45").expect("amount"),
    };
    edit.apply(&mut pkg);
    let findings = rules::check(&pkg, catalog);
    let bytes = xlsx::export(&pkg, catalog, &findings).expect("export");
    let parts = xlsx_parts(&bytes);
    if updating() {
        return;
    }
    let diffs = compare_parts(&golden_dir().join("shanxi-sample.xlsx"), &parts);
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("xl/worksheets/sheet2.xml")),
        "table 1's sheet differs: {diffs:?}"
    );
    let sections = html_sections(&html::export_html(&pkg, catalog));
    let diffs = compare_parts(&golden_dir().join("shanxi-sample.html"), &sections);
    assert!(!diffs.is_empty(), "the page differs");
}
