//! The seed's text (the 山西 sample package as extracted from its PDF, cells separated by tabs;
//! tests/fixtures/shanxi_reference.txt) imports to a package whose tables equal the built-in
//! sample's, and whose texts are the sample's as far as the text shape allows.

use budget_disclosure::io::published;
use budget_disclosure::io::sample::sample;
use std::path::PathBuf;

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shanxi_reference.txt")
}

#[test]
fn seed_text_imports_to_the_sample_tables() {
    let imported = published::import_path(&reference()).expect("imports");
    let pkg = &imported.package;
    let s = sample();
    assert_eq!(pkg.layout, s.layout);
    assert_eq!(pkg.year, s.year);
    assert_eq!(pkg.department.name, s.department.name);
    for (key, table) in &s.tables {
        assert_eq!(
            pkg.tables.get(key),
            Some(table),
            "table {key} differs\nreport:\n{}",
            imported.report
        );
    }
    assert_eq!(pkg.tables.len(), s.tables.len());
    assert!(
        imported.report.issues.is_empty(),
        "lines not understood:\n{}",
        imported.report
    );
    assert_eq!(imported.report.missing_tables().count(), 0);
}

#[test]
fn seed_text_imports_the_sample_texts() {
    let imported = published::import_path(&reference()).expect("imports");
    let pkg = &imported.package;
    let s = sample();
    assert_eq!(pkg.overview.duties.len(), s.overview.duties.len());
    assert_eq!(pkg.overview.organization, s.overview.organization);
    let titles = |p: &budget_disclosure::model::Package| -> Vec<(String, String)> {
        p.explanation
            .iter()
            .map(|x| (x.number.clone(), x.title.clone()))
            .collect()
    };
    assert_eq!(titles(pkg), titles(&s));
    // Sections whose text is plain paragraphs in the seed come back as the sample has them.
    for n in ["三", "七", "八"] {
        let got = pkg.explanation.iter().find(|x| x.number == n).unwrap();
        let want = s.explanation.iter().find(|x| x.number == n).unwrap();
        assert_eq!(got.text, want.text, "section {n}");
    }
    let terms: Vec<&str> = pkg.glossary.iter().map(|g| g.term.as_str()).collect();
    let want: Vec<&str> = s.glossary.iter().map(|g| g.term.as_str()).collect();
    assert_eq!(terms, want);
}

#[test]
fn the_report_lists_every_table_and_the_forms_not_imported() {
    let imported = published::import_path(&reference()).expect("imports");
    let r = &imported.report;
    assert_eq!(r.tables.len(), 13);
    assert!(r.tables.iter().all(|t| t.found_at.is_some()));
    let empty: Vec<&str> = r
        .tables
        .iter()
        .filter(|t| t.no_data_note)
        .map(|t| t.key.as_str())
        .collect();
    assert_eq!(empty, ["t7", "t8", "t9", "t10", "t13"]);
    let text = r.to_string();
    assert!(text.contains("项目支出绩效目标表"), "{text}");
    assert!(text.contains("表12"), "{text}");
}

/// A printed 类 subtotal that does not add up (table 3's 201 基本支出 changed from 72.65 to
/// 73.65) is kept as a stated value: the report lists it and the checker reports T1.
#[test]
fn a_printed_subtotal_that_does_not_add_up_is_kept_and_reported() {
    let text = std::fs::read_to_string(reference()).unwrap();
    let changed = text.replacen(
        "201\t一般公共服务支出\t240.65\t72.65\t168.00",
        "201\t一般公共服务支出\t240.65\t73.65\t168.00",
        1,
    );
    assert_ne!(changed, text, "the fixture has the line");
    let imported = published::import_bytes(changed.as_bytes(), "changed.txt").expect("imports");
    let t3 = &imported.package.tables["t3"];
    let stated = t3
        .rows("main")
        .iter()
        .find(|r| r.code == "201")
        .expect("a stated 201 row");
    assert_eq!(
        stated.cell("basic").value().map(|d| d.to_string()),
        Some("73.65".into())
    );
    assert!(
        imported
            .report
            .stated
            .iter()
            .any(|s| s.contains("表3") && s.contains("73.65")),
        "{}",
        imported.report
    );
    let findings = budget_disclosure::rules::check(
        &imported.package,
        budget_disclosure::catalog::Catalog::builtin(),
    );
    assert!(findings.iter().any(|f| f.rule == "T1"), "T1 reported");
}

/// Codes printed over several cells are joined; a join longer than any code (found by
/// tests/fuzz_import.rs: a line of thousands of one-digit cells) is a line not understood,
/// named in the report, and the package written from the import loads again.
#[test]
fn a_joined_code_too_long_is_reported_and_the_import_still_loads() {
    let text = std::fs::read_to_string(reference()).unwrap();
    let line = "201\t一般公共服务支出\t240.65\t72.65\t168.00\n";
    let changed = text.replacen(line, &format!("{line}{}某项支出\n", "1\t".repeat(25)), 1);
    assert_ne!(changed, text, "the fixture has the line");
    let imported = published::import_bytes(changed.as_bytes(), "long-code.txt").expect("imports");
    let issues: Vec<_> = imported
        .report
        .issues
        .iter()
        .filter(|i| i.reason.contains("编码最多 20 位"))
        .collect();
    assert_eq!(issues.len(), 1, "{}", imported.report);
    assert!(issues[0].text.contains("某项支出"), "{:?}", issues[0]);
    let saved = budget_disclosure::io::project::to_string(&imported.package).unwrap();
    let back = budget_disclosure::io::project::from_str(&saved).expect("the import loads again");
    assert_eq!(back, imported.package);
}
