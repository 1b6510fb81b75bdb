//! Layout files: a small layout of our own (tests/fixtures/layouts/county-3.ron) loads, makes a
//! package that is checked and exported, and its project file opens without the layout file;
//! every broken layout file gets its Chinese message with its place (fixtures beside it).

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::project;
use budget_disclosure::model::layout::{self, LayoutError};
use budget_disclosure::model::{Amount, Package, Row};
use budget_disclosure::rules;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layouts")
        .join(name)
}

fn county() -> &'static budget_disclosure::model::Layout {
    let l = layout::load_file(&fixture("county-3.ron")).expect("county-3 loads");
    layout::register(l).expect("registers")
}

fn a(s: &str) -> Amount {
    Amount::new(Decimal::from_str(s).expect("decimal"))
}

#[test]
fn a_layout_of_our_own_loads_and_makes_a_package_the_checker_reads() {
    let l = county();
    assert_eq!(l.id, "county-3");
    assert_eq!(l.tables.len(), 3);
    let mut p = Package::new_with_layout(2027, "某县某局", l);
    assert_eq!(p.custom_layout.map(|x| x.id.as_str()), Some("county-3"));
    assert_eq!(
        p.section("budget_notes").map(|s| s.title.as_str()),
        Some("2027年预算编制说明")
    );
    // Spending 1.00 元 more on 2010101 than the summary says: an exact 元 table, so an error.
    let mut row = Row {
        code: "2010101".into(),
        ..Row::default()
    };
    row.set_cell("basic", a("100.01"));
    p.table_mut("spending").rows_mut("main").push(row);
    let mut line = Row {
        code: "201".into(),
        ..Row::default()
    };
    line.set_cell("total", a("100.00"));
    p.table_mut("summary").rows_mut("expenditure").push(line);
    let mut income = Row {
        code: "general".into(),
        ..Row::default()
    };
    income.set_cell("amount", a("100.01"));
    p.table_mut("summary").rows_mut("income").push(income);
    p.tolerance = a("0.05");
    let findings = rules::check(&p, Catalog::builtin());
    let x1 = findings
        .iter()
        .find(|f| f.rule == "X1")
        .unwrap_or_else(|| panic!("X1 in {findings:#?}"));
    assert_eq!(x1.severity, rules::Severity::Error);
    assert!(
        x1.message.contains("表1") && x1.message.contains("表2"),
        "{}",
        x1.message
    );
    // The summary table is out of balance by the same 0.01 元 (T3, exact too).
    assert!(findings.iter().any(|f| f.rule == "T3"));
    // X1's fix (the 合计 is typed in this layout) clears both and adds nothing.
    x1.fix.clone().expect("a fix").edit.apply(&mut p);
    let after = rules::check(&p, Catalog::builtin());
    assert!(
        !after.iter().any(|f| f.rule == "X1" || f.rule == "T3"),
        "{after:#?}"
    );
    assert!(after.iter().all(|f| findings.contains(f)), "{after:#?}");
}

#[test]
fn the_project_file_carries_its_layout_and_opens_without_the_layout_file() {
    let dir = std::env::temp_dir().join(format!("layouts-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let layout_copy = dir.join("my-layout.ron");
    std::fs::copy(fixture("county-3.ron"), &layout_copy).expect("copy");
    let file = dir.join("new.budget.ron");
    let _ = std::fs::remove_file(&file);
    let bin = || Command::new(env!("CARGO_BIN_EXE_budget-disclosure"));
    let out = bin()
        .args([
            "new",
            "--year",
            "2027",
            "--department",
            "某县某局",
            "--layout-file",
        ])
        .arg(&layout_copy)
        .arg("-o")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&layout_copy).expect("layout file removed");
    let text = std::fs::read_to_string(&file).expect("saved");
    assert!(text.contains("custom_layout: Some("), "{text}");
    // A fresh process knows nothing of county-3 but the file itself.
    let out = bin().arg("check").arg(&file).output().expect("runs");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let p = project::load(&file).expect("loads");
    assert_eq!(p.layout().name, "某县简版预算公开（3张表，元）");
    // Saving again writes the same text.
    assert_eq!(project::to_string(&p).expect("text"), text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_takes_a_builtin_layout_by_id_and_check_lists_them() {
    let bin = || Command::new(env!("CARGO_BIN_EXE_budget-disclosure"));
    let out = bin().args(["check", "--layouts"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for id in ["shanxi-13", "shanghai-dept", "shanghai-unit"] {
        assert!(text.contains(id), "{text}");
    }
    let dir = std::env::temp_dir().join(format!("layouts-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("sh.budget.ron");
    let _ = std::fs::remove_file(&file);
    let out = bin()
        .args([
            "new",
            "--year",
            "2026",
            "--department",
            "某区某委",
            "--layout",
            "shanghai-dept",
            "-o",
        ])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = project::load(&file).expect("loads");
    assert_eq!(p.layout, "shanghai-dept");
    assert!(
        p.custom_layout.is_none(),
        "a built-in layout is named, not copied"
    );
    assert_eq!(p.tables.len(), 9);
    let out = bin()
        .args([
            "new",
            "--year",
            "2026",
            "--department",
            "某局",
            "--layout",
            "beijing",
            "-o",
        ])
        .arg(dir.join("x.budget.ron"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有标识为“beijing”的内置版式"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_broken_layout_file_gets_its_message_with_its_place() {
    let expected = include_str!("fixtures/layouts/expected.txt");
    let mut n = 0;
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (file, want) = line.split_once('\t').expect("file<TAB>message");
        let err = layout::load_file(&fixture(file)).expect_err(file);
        let msg = err.to_string();
        assert!(msg.contains(want), "{file}: {msg}");
        if file == "broken-syntax.ron" {
            assert!(
                matches!(err, LayoutError::Syntax { line: 7, .. }),
                "{err:?}"
            );
        }
        n += 1;
    }
    assert_eq!(n, 5);
    let missing = layout::load_file(&fixture("no-such.ron")).expect_err("missing");
    assert!(
        missing.to_string().contains("无法读取版式文件"),
        "{missing}"
    );
}

#[test]
fn a_project_file_whose_embedded_layout_is_broken_names_the_place() {
    let p = Package::new_with_layout(2027, "某局", county());
    let text = project::to_string(&p).expect("text");
    let broken = text.replacen(
        "Sum([\"basic\", \"project\"])",
        "Sum([\"basic\", \"nothing\"])",
        1,
    );
    assert_ne!(broken, text);
    let err = project::from_str(&broken).expect_err("refused");
    let msg = err.to_string();
    assert!(msg.contains("nothing") && msg.contains("行"), "{msg}");
}

#[test]
fn a_package_in_a_layout_of_our_own_survives_an_xlsx_round_trip() {
    let mut p = Package::new_with_layout(2027, "某县某局", county());
    let mut row = Row {
        code: "2010101".into(),
        ..Row::default()
    };
    row.set_cell("basic", a("12.34"));
    p.table_mut("spending").rows_mut("main").push(row);
    let findings = rules::check(&p, Catalog::builtin());
    let bytes =
        budget_disclosure::io::xlsx::export(&p, Catalog::builtin(), &findings).expect("exports");
    let back = budget_disclosure::io::xlsx_import::import(&bytes).expect("imports");
    assert_eq!(back.layout, "county-3");
    assert_eq!(back.custom_layout, p.custom_layout);
    assert_eq!(back.tables.get("spending"), p.tables.get("spending"));
}
