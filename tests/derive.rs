//! 由明细表生成汇总数: the summary tables restored from the detail tables in one undoable edit.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::{sample, sample_at};
use budget_disclosure::model::Package;
use budget_disclosure::model::derive::derive_summaries;
use budget_disclosure::model::edit::Edit;
use budget_disclosure::rules;

/// A table's stored rows, sorted, so that rows restored in another order compare equal.
fn rows_of(p: &Package, table: &str) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = p.tables[table]
        .blocks
        .iter()
        .flat_map(|(b, rows)| {
            rows.iter()
                .filter(|r| !r.cells.is_empty())
                .map(move |r| (b.clone(), r.code.clone(), format!("{:?}", r.cells)))
        })
        .collect();
    v.sort();
    v
}

fn rule_ids(p: &Package) -> Vec<(String, String)> {
    let mut v: Vec<_> = rules::check(p, Catalog::builtin())
        .into_iter()
        .map(|f| (f.rule, f.message))
        .collect();
    v.sort();
    v
}

#[test]
fn tables_1_and_4_emptied_are_restored_exactly_as_one_undoable_edit() {
    let s = sample();
    let mut p = s.clone();
    for t in ["t1", "t4"] {
        p.table_mut(t).blocks.clear();
    }
    let emptied = p.clone();
    let edit = derive_summaries(&p, Catalog::builtin());
    let Edit::Batch(list) = &edit else {
        panic!("one batch")
    };
    assert!(list.len() >= 5, "{} edits", list.len());
    let undo = edit.apply(&mut p);
    for t in ["t1", "t4"] {
        assert_eq!(rows_of(&p, t), rows_of(&s, t), "{t}");
    }
    // The same findings as the sample: nothing new, nothing lost.
    assert_eq!(rule_ids(&p), rule_ids(&s));
    undo.apply(&mut p);
    assert_eq!(p, emptied);
}

#[test]
fn on_the_sample_there_is_nothing_to_derive() {
    for i in 0..2 {
        let s = sample_at(i);
        let Edit::Batch(list) = derive_summaries(&s, Catalog::builtin()) else {
            panic!("one batch")
        };
        assert!(list.is_empty(), "sample {i}: {list:?}");
    }
}

#[test]
fn a_shanghai_summary_table_emptied_is_refilled() {
    let s = sample_at(1);
    assert_ne!(s.layout, "shanxi-13");
    let mut p = s.clone();
    let key = p
        .layout()
        .tables
        .iter()
        .find(|t| t.kind == budget_disclosure::model::TableKind::BudgetSummary)
        .unwrap()
        .key
        .clone();
    p.table_mut(&key).blocks.clear();
    let before = rules::check(&p, Catalog::builtin())
        .iter()
        .filter(|f| f.rule == "X1")
        .count();
    assert!(before > 0);
    derive_summaries(&p, Catalog::builtin()).apply(&mut p);
    let x1: Vec<_> = rules::check(&p, Catalog::builtin())
        .into_iter()
        .filter(|f| f.rule == "X1")
        .map(|f| f.message)
        .collect();
    assert!(x1.len() < before, "{x1:#?}");
}

/// The sample with table 1's rows gone and the table set to 自动.
fn auto_t1() -> Package {
    let mut p = sample();
    let t1 = p.table_mut("t1");
    t1.blocks.clear();
    t1.auto = true;
    p
}

#[test]
fn an_auto_table_is_computed_without_an_edit_and_a_typed_value_is_kept() {
    use budget_disclosure::model::derive::resolve;
    let s = sample();
    let p = auto_t1();
    assert!(resolve(&s, Catalog::builtin()).is_none());
    let r = resolve(&p, Catalog::builtin()).expect("an auto table");
    // The computed table is the sample's, and only table 1 is computed (table 4 is typed).
    assert_eq!(rows_of(&r.package, "t1"), rows_of(&s, "t1"));
    assert!(r.derived.iter().all(|d| d.cell().unwrap().0 == "t1"));
    assert_eq!(rule_ids(&r.package), rule_ids(&s));
    let d = r.at("t1", "expenditure", "201", "current").expect("201");
    assert_eq!(d.rule, "X1");
    assert!(d.describe().contains("240.65"), "{}", d.describe());
    // A value typed over a computed cell is the user's: it stays and is checked.
    let mut typed = p.clone();
    Edit::SetLineCell {
        table: "t1".into(),
        block: "income".into(),
        line: "general".into(),
        column: "amount".into(),
        value: budget_disclosure::model::Amount::parse("300").unwrap(),
    }
    .apply(&mut typed);
    let r = resolve(&typed, Catalog::builtin()).unwrap();
    assert!(r.at("t1", "income", "general", "amount").is_none());
    let x1: Vec<_> = rules::check(&r.package, Catalog::builtin())
        .into_iter()
        .filter(|f| f.rule == "X1" && f.location.row.as_deref() == Some("general"))
        .collect();
    assert_eq!(x1.len(), 1, "{x1:?}");
    assert_eq!(x1[0].actual.as_deref(), Some("300.00"));
}

#[test]
fn the_auto_switch_is_undone_exactly_and_written_only_when_set() {
    use budget_disclosure::io::project;
    let s = sample();
    let text = project::to_string(&s).unwrap();
    assert!(!text.contains("auto"));
    for table in ["t1", "t99"] {
        let mut p = s.clone();
        let undo = Edit::SetTableAuto {
            table: table.into(),
            auto: true,
            drop: false,
        }
        .apply(&mut p);
        assert!(p.tables[table].auto);
        undo.apply(&mut p);
        assert_eq!(p, s, "{table}");
    }
    let p = auto_t1();
    let text = project::to_string(&p).unwrap();
    assert!(text.contains("auto: true"), "{text}");
    assert_eq!(project::from_str(&text).unwrap(), p);
}

/// Which cells each built-in layout derives, and from what: every summary table of the sample
/// emptied, then derived. The list is `tests/fixtures/derive/derivable.txt` (one line per
/// cell: layout, table, block, line, column, rule, the fix's words); `UPDATE_GOLDEN=1`
/// rewrites it.
#[test]
fn the_derivable_cells_of_each_layout_are_listed() {
    use budget_disclosure::model::derive::SUMMARY_KINDS;
    let mut out = String::new();
    for i in 0..2 {
        let s = sample_at(i);
        let mut p = s.clone();
        let keys: Vec<String> = p
            .layout()
            .tables
            .iter()
            .filter(|t| SUMMARY_KINDS.contains(&t.kind))
            .map(|t| t.key.clone())
            .collect();
        for k in &keys {
            p.table_mut(k).blocks.clear();
            p.table_mut(k).auto = true;
        }
        let r = budget_disclosure::model::derive::resolve(&p, Catalog::builtin()).unwrap();
        let mut lines: Vec<String> = r
            .derived
            .iter()
            .map(|d| {
                let (t, b, l, c) = d.cell().unwrap();
                format!(
                    "{}\t{t}\t{b}\t{l}\t{c}\t{}\t{}\n",
                    s.layout, d.rule, d.source
                )
            })
            .collect();
        lines.dedup();
        assert!(lines.len() >= 5, "{}: {lines:?}", s.layout);
        out.extend(lines);
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/derive/derivable.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &out).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), out);
}

#[test]
fn shanghais_operating_cost_is_refilled_from_the_economic_table() {
    let s = sample_at(1);
    let def = s
        .layout()
        .tables
        .iter()
        .find(|t| t.kind == budget_disclosure::model::TableKind::ThreePublicAndOperating)
        .unwrap();
    let cell = |p: &Package| {
        p.tables[&def.key]
            .rows("main")
            .iter()
            .map(|r| r.cell("operating_cost"))
            .find(|a| !a.is_empty())
    };
    let before = cell(&s).expect("the sample states its 机关运行经费");
    let mut p = s.clone();
    for r in p.table_mut(&def.key).rows_mut("main") {
        r.set_cell("operating_cost", budget_disclosure::model::Amount::EMPTY);
    }
    assert!(
        rules::check(&p, Catalog::builtin())
            .iter()
            .any(|f| f.rule == "X5")
    );
    derive_summaries(&p, Catalog::builtin()).apply(&mut p);
    assert_eq!(cell(&p), Some(before));
    assert_eq!(rule_ids(&p), rule_ids(&s));
}

#[test]
fn an_auto_table_is_exported_with_its_computed_cells() {
    use budget_disclosure::io::{html, xlsx, xlsx_import};
    let s = sample();
    let p = auto_t1();
    let cat = Catalog::builtin();
    // The printed page is the sample's, table 1 included.
    assert_eq!(html::export_html(&p, cat), html::export_html(&s, cat));
    // The workbook carries table 1's figures; read back, they are the sample's rows.
    let bytes = xlsx::export(&p, cat, &[]).unwrap();
    let back = xlsx_import::import(&bytes).unwrap();
    assert_eq!(rows_of(&back, "t1"), rows_of(&s, "t1"));
}
