//! The built-in catalog (the shared list of 2025 and 2026 with each entry's provenance) as the
//! checker sees it: every code it lists is known in both years, a name that differs from a
//! verified entry is a warning with a fix and from an unverified one only a hint.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::model::layout::CodeScheme;
use budget_disclosure::model::{Package, Row};
use budget_disclosure::rules::{self, Severity};

fn row(code: &str, name: &str) -> Row {
    Row {
        code: code.into(),
        name: name.into(),
        ..Row::default()
    }
}

/// A package of `year` whose table 3 lists every 项 of every 类 the catalog has, each 类 and
/// 款 line too, named as the catalog names them.
fn every_function_code(year: i32) -> Package {
    let c = Catalog::builtin();
    let mut codes: Vec<_> = c.year(year).function.values().collect();
    codes.sort_by(|a, b| a.code.cmp(&b.code));
    let mut p = Package::new_empty(year, "某局");
    let rows = p.table_mut("t3").rows_mut("main");
    for e in codes {
        rows.push(row(&e.code, &e.name));
    }
    p
}

#[test]
fn the_builtin_catalog_is_the_shared_list_for_2025_and_2026() {
    let c = Catalog::builtin();
    for year in [2025, 2026] {
        let y = c.year(year);
        assert_eq!(y.classes.len(), 30, "{year}");
        assert_eq!(y.function.len(), 1550, "{year}");
        assert_eq!(y.economic_dept.len(), 109, "{year}");
        assert_eq!(y.economic_gov.len(), 79, "{year}");
        assert_eq!(y.income.len(), 42, "{year}");
        // Provenance is kept: the 上海 rows are observed in the 普陀 packages.
        let e = c.entry(CodeScheme::Function, year, "2010301").unwrap();
        assert!(e.verified() && e.evidence.contains("ptZFB25d"), "{e:?}");
        let e = c.entry(CodeScheme::EconomicDept, year, "30226").unwrap();
        assert_eq!((e.name.as_str(), e.source.as_str()), ("劳务费", "observed"));
        let e = c.entry(CodeScheme::Function, year, "20101").unwrap();
        assert_eq!(e.confidence, "unverified-high");
        assert!(!e.verified());
    }
}

#[test]
fn a_2026_package_with_codes_from_all_30_classes_has_no_unknown_code() {
    let p = every_function_code(2026);
    let classes: std::collections::BTreeSet<_> = p.tables["t3"]
        .rows("main")
        .iter()
        .map(|r| r.code[..3].to_string())
        .collect();
    assert_eq!(classes.len(), 30);
    let unknown: Vec<_> = rules::check(&p, Catalog::builtin())
        .into_iter()
        .filter(|f| f.rule == "T4.unknown" || f.rule == "T4")
        .map(|f| f.message)
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
}

#[test]
fn a_name_differing_from_an_unverified_entry_is_a_hint_and_from_a_verified_one_a_warning() {
    let c = Catalog::builtin();
    let mut p = Package::new_empty(2026, "某局");
    let rows = p.table_mut("t3").rows_mut("main");
    // 2014001 行政运行 is verified; 2010101 行政运行 (人大事务) is not.
    rows.push(row("2014001", "行政运行费"));
    rows.push(row("2010101", "人大行政运行"));
    assert!(
        c.entry(CodeScheme::Function, 2026, "2014001")
            .unwrap()
            .verified()
    );
    assert!(
        !c.entry(CodeScheme::Function, 2026, "2010101")
            .unwrap()
            .verified()
    );
    let t4: Vec<_> = rules::check(&p, c)
        .into_iter()
        .filter(|f| f.rule == "T4")
        .collect();
    assert_eq!(t4.len(), 2, "{t4:#?}");
    let verified = t4.iter().find(|f| f.message.contains("2014001")).unwrap();
    assert_eq!(verified.severity, Severity::Warning);
    assert!(verified.fix.is_some());
    let unverified = t4.iter().find(|f| f.message.contains("2010101")).unwrap();
    assert_eq!(unverified.severity, Severity::Hint);
    assert!(unverified.fix.is_none());
    assert!(
        unverified.message.contains("尚未经公开文件核实"),
        "{}",
        unverified.message
    );
}
