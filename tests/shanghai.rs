//! The 上海 layout on a real package: the built-in 上海 sample (上海市普陀区人民政府办公室 2025
//! 单位预算, transcribed from its PDF) loads, round-trips, computes every printed total, and the
//! checker reports only what the notes below justify.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::{project, sample};
use budget_disclosure::model::view::table_view;
use budget_disclosure::model::{Package, TableKind};
use budget_disclosure::rules;
use rust_decimal::Decimal;
use std::str::FromStr;

fn pkg() -> Package {
    project::from_str(sample::SHANGHAI_SAMPLE_RON).expect("the 上海 sample parses")
}

#[test]
fn the_shanghai_sample_loads_in_its_layout_and_saves_byte_identical() {
    let p = pkg();
    assert_eq!(p.layout, "shanghai-unit");
    assert_eq!(p.layout().tables.len(), 9);
    assert_eq!(p.department.name, "上海市普陀区人民政府办公室");
    let text = project::to_string(&p).expect("serializes");
    assert_eq!(text, sample::SHANGHAI_SAMPLE_RON);
}

/// The transcribed packages with the printed totals written down from their PDFs.
const PACKAGES: [(&str, &str, &str); 5] = [
    (
        "putuo_office_2025_unit",
        sample::SHANGHAI_SAMPLE_RON,
        include_str!("fixtures/shanghai/putuo_office_2025_unit.totals.txt"),
    ),
    (
        "putuo_commerce_2025_dept",
        include_str!("fixtures/shanghai/putuo_commerce_2025_dept.budget.ron"),
        include_str!("fixtures/shanghai/putuo_commerce_2025_dept.totals.txt"),
    ),
    (
        "putuo_finance_2025_dept",
        include_str!("fixtures/shanghai/putuo_finance_2025_dept.budget.ron"),
        include_str!("fixtures/shanghai/putuo_finance_2025_dept.totals.txt"),
    ),
    (
        "putuo_office_2025_dept",
        include_str!("fixtures/shanghai/putuo_office_2025_dept.budget.ron"),
        include_str!("fixtures/shanghai/putuo_office_2025_dept.totals.txt"),
    ),
    (
        "putuo_commerce_2025_unit",
        include_str!("fixtures/shanghai/putuo_commerce_2025_unit.budget.ron"),
        include_str!("fixtures/shanghai/putuo_commerce_2025_unit.totals.txt"),
    ),
];

/// Every printed total of tests/fixtures/shanghai/*.totals.txt equals the one the program
/// computes from the stored leaf rows.
#[test]
fn every_printed_total_is_the_computed_one() {
    let cat = Catalog::builtin();
    for (name, ron, totals) in PACKAGES {
        let p = project::from_str(ron).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            project::to_string(&p).expect("text"),
            ron,
            "{name} is canonical"
        );
        let mut checked = 0;
        for line in totals
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split_whitespace().collect();
            let [table, block, row, column, amount] = f[..] else {
                panic!("bad fixture line {line}")
            };
            let def = p.layout().table(table).expect(table);
            let bi = def.blocks.iter().position(|b| b.key == block).expect(block);
            let view = table_view(&p, cat, def);
            let bv = &view.blocks[bi];
            let vr = if row == "合计" {
                bv.total()
            } else {
                bv.find(row)
            }
            .unwrap_or_else(|| panic!("{name} {line}: no such row"));
            let got = vr.cell(&def.blocks[bi], column).value();
            assert_eq!(
                got,
                Some(Decimal::from_str(amount).expect("decimal")),
                "{name} {line}"
            );
            checked += 1;
        }
        let lines = totals.lines().filter(|l| l.starts_with('t')).count();
        assert_eq!(checked, lines, "{name}");
        assert!(checked >= 45, "{name}: {checked}");
    }
}

#[test]
fn the_empty_fund_tables_have_no_data_and_the_text_parts_are_there() {
    let p = pkg();
    let cat = Catalog::builtin();
    for kind in [TableKind::FundExpenditure, TableKind::StateCapital] {
        let def = p.layout().table_of_kind(kind).expect("table");
        assert!(!table_view(&p, cat, def).has_data(), "{kind:?}");
    }
    assert_eq!(p.overview.duties.len(), 14);
    assert_eq!(p.overview.offices.len(), 10);
    assert_eq!(p.glossary.len(), 8);
    let notes = p.section("budget_notes").expect("编制说明");
    assert!(
        notes
            .text
            .starts_with("2025年，上海市普陀区人民政府办公室收入预算9,101.68万元")
    );
    assert!(
        p.section("performance")
            .is_some_and(|s| s.text.contains("共11个"))
    );
}

/// The table findings on each transcribed package, each one justified from its PDF (README,
/// 上海 sample). The text rules (N*) are left out here: they are being rewritten for 上海's
/// wording on another branch.
#[test]
fn check_reports_only_the_justified_findings() {
    // 离休费 + 退休费 against 行政/事业单位离退休: the function items also carry the retirees'
    // 公用经费 (the office's table 1 puts 265,380.00 of 公用经费 under 类 208), so they differ
    // for a good reason; a hint, as the rule says.
    let want: [(&str, Vec<(&str, &str)>); 5] = [
        (
            "putuo_office_2025_unit",
            vec![("X4.detail", "表8 30302 合计")],
        ),
        (
            "putuo_commerce_2025_dept",
            vec![("X4.detail", "表8 30302 合计")],
        ),
        (
            "putuo_finance_2025_dept",
            vec![
                // A real mistake: the 国有资本经营预算 table's note reads "本部门2025年无政府性
                // 基金预算财政拨款安排的预算，故本表为空表。", the 政府性基金 table's note.
                ("T6.note", "表7 表下注释"),
                ("X4.detail", "表8 30302 合计"),
            ],
        ),
        (
            "putuo_office_2025_dept",
            vec![("X4.detail", "表8 30302 合计")],
        ),
        (
            "putuo_commerce_2025_unit",
            vec![("X4.detail", "表8 30302 合计")],
        ),
    ];
    for ((name, ron, _), (wname, want)) in PACKAGES.iter().zip(want) {
        assert_eq!(*name, wname);
        let p = project::from_str(ron).expect("parses");
        let findings = rules::check(&p, Catalog::builtin());
        let got: Vec<(String, String)> = findings
            .iter()
            .filter(|f| !f.rule.starts_with('N'))
            .map(|f| (f.rule.clone(), f.location.describe(&p)))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(r, l)| (r.to_string(), l.to_string()))
            .collect();
        assert_eq!(got, want, "{name}: {findings:#?}");
        // None of them is an error: a warning for the copied note, hints otherwise.
        assert!(
            findings
                .iter()
                .filter(|f| !f.rule.starts_with('N'))
                .all(|f| f.severity != rules::Severity::Error)
        );
    }
}

#[test]
fn the_commerce_department_has_its_four_project_notes_and_both_units() {
    let p = project::from_str(PACKAGES[1].1).expect("parses");
    assert_eq!(p.layout, "shanghai-dept");
    let names: Vec<&str> = p.project_notes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "科技创新专项",
            "生命健康专项（政策资金）",
            "商业创新专项（政策资金）",
            "贸易高质量发展专项（政策资金）"
        ]
    );
    assert_eq!(p.project_notes[0].period, "2025.1.1-2025.12.31");
    assert!(p.project_notes[3].annual_budget.contains("合计2921.00万"));
    assert_eq!(p.overview.units.len(), 2);
    assert_eq!(p.overview.offices.len(), 9);
}

#[test]
fn a_one_yuan_difference_in_a_yuan_table_is_an_error_not_a_tail() {
    let mut p = pkg();
    p.tolerance = budget_disclosure::model::Amount::new(Decimal::from_str("0.05").unwrap());
    let rows = p.table_mut("t5").rows_mut("main");
    let r = rows
        .iter_mut()
        .find(|r| r.code == "2010301")
        .expect("2010301");
    let v = r.cell("basic").or_zero() + Decimal::from_str("0.01").unwrap();
    r.set_cell("basic", budget_disclosure::model::Amount::new(v));
    let findings = rules::check(&p, Catalog::builtin());
    let x = findings
        .iter()
        .find(|f| f.rule == "X4" || f.rule == "X3")
        .expect("a cross-table finding");
    assert_eq!(x.severity, rules::Severity::Error, "{x:?}");
}

/// The workbook of the 上海 sample reads back to the same package (amounts equal as decimals:
/// a cell holds 46140000, the file wrote "46140000.00"), notes and section ids included.
#[test]
fn the_shanghai_sample_survives_an_xlsx_round_trip() {
    let p = pkg();
    let findings = rules::check(&p, Catalog::builtin());
    let bytes =
        budget_disclosure::io::xlsx::export(&p, Catalog::builtin(), &findings).expect("exports");
    let back = budget_disclosure::io::xlsx_import::import(&bytes).expect("imports");
    assert_eq!(
        back.table("t6").map(|t| t.note.as_str()),
        p.table("t6").map(|t| t.note.as_str())
    );
    assert_eq!(back.explanation, p.explanation);
    assert_eq!(back, p);
}

/// The printable page lays the tables out as published: titles, 类/款/项 code columns under one
/// heading, 元 with thousands separators, the table's own empty-table note.
#[test]
fn the_html_export_prints_the_shanghai_tables_as_published() {
    let p = pkg();
    let h = budget_disclosure::io::html::export_html(&p, Catalog::builtin());
    assert!(h.contains("<h3>2025年预算单位收入预算总表</h3>"));
    assert!(h.contains("<th colspan=\"3\">功能分类科目编码</th>"));
    assert!(h.contains("<th>类</th><th>款</th><th>项</th>"));
    assert!(h.contains(
        "<td class=\"code\">201</td><td class=\"code\">03</td><td class=\"code\">01</td><td class=\"d3\">行政运行</td><td class=\"num\">12,029,501.84</td>"
    ));
    assert!(h.contains("注:本单位2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"));
    assert!(!h.contains("可能存在尾差"), "元 tables add up exactly");
    // The 上海 order of parts.
    let order = [
        "主要职能</h2>",
        "机构设置</h2>",
        ">名词解释</h2>",
        "2025年单位预算编制说明</h2>",
        ">预算表</h2>",
        ">其他相关情况说明</h2>",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| h.find(s).unwrap_or_else(|| panic!("{s}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
}

#[test]
fn project_notes_and_the_duties_intro_are_edited_and_undone_like_any_text() {
    use budget_disclosure::model::edit::{Edit, TextTarget};
    let original = project::from_str(PACKAGES[1].1).expect("parses");
    let mut p = original.clone();
    let undo_period = Edit::SetText {
        target: TextTarget::ProjectNotePart(0, 4),
        text: "2025.1.1-2026.12.31".into(),
    }
    .apply(&mut p);
    assert_eq!(p.project_notes[0].period, "2025.1.1-2026.12.31");
    let undo_intro = Edit::SetText {
        target: TextTarget::DutiesIntro,
        text: "改过的".into(),
    }
    .apply(&mut p);
    assert_eq!(p.overview.duties_intro, "改过的");
    // A part that does not exist changes nothing.
    let none = Edit::SetText {
        target: TextTarget::ProjectNotePart(0, 7),
        text: "x".into(),
    }
    .apply(&mut p);
    assert_eq!(none, Edit::Batch(Vec::new()));
    undo_intro.apply(&mut p);
    undo_period.apply(&mut p);
    assert_eq!(p, original);
}

/// Each cross-table relation of the 上海 tables, broken once on the sample by 0.01 元, is
/// reported by its rule as an error (元 tables have no 尾差).
#[test]
fn every_shanghai_relation_broken_once_is_reported() {
    use budget_disclosure::model::Amount;
    type Change = fn(&mut Package);
    fn bump(p: &mut Package, table: &str, block: &str, code: &str, col: &str) {
        let r = p
            .table_mut(table)
            .rows_mut(block)
            .iter_mut()
            .find(|r| r.code == code)
            .expect("row");
        let v = r.cell(col).or_zero() + Decimal::from_str("0.01").unwrap();
        r.set_cell(col, Amount::new(v));
    }
    let cases: [(&str, Change, &[&str]); 7] = [
        (
            "收支总表 一般公共预算资金 ≠ 收入总表 财政拨款收入",
            |p| bump(p, "t1", "income", "general", "amount"),
            &["X1", "X3"],
        ),
        (
            "收支总表 201 项目支出 ≠ 支出总表",
            |p| bump(p, "t1", "expenditure", "201", "project"),
            &["X1"],
        ),
        (
            "收入总表 2010301 ≠ 支出总表、功能分类表",
            |p| bump(p, "t2", "main", "2010301", "fiscal"),
            &["X2", "X3"],
        ),
        (
            "财政拨款收支总表 201 ≠ 一般公共预算支出功能分类表",
            |p| bump(p, "t4", "expenditure", "201", "general"),
            &["X3"],
        ),
        (
            "经济分类表 办公费 ≠ 基本支出、收支总表公用经费",
            |p| bump(p, "t8", "main", "30201", "public"),
            &["X4"],
        ),
        (
            "一般公共预算支出功能分类表 2010301 基本支出",
            |p| bump(p, "t5", "main", "2010301", "basic"),
            &["X3", "X4"],
        ),
        (
            "机关运行经费 213.29 万元 ≠ 公用经费 2,132,777.54 元",
            |p| bump(p, "t9", "main", "budget", "operating_cost"),
            &["X5"],
        ),
    ];
    for (what, change, fires) in cases {
        let mut p = project::from_str(PACKAGES[0].1).expect("parses");
        // The office lists one administrative unit: X5 applies.
        change(&mut p);
        let got = rules::check(&p, Catalog::builtin());
        for rule in fires {
            let f = got
                .iter()
                .find(|f| f.rule == *rule)
                .unwrap_or_else(|| panic!("{what}: {rule} in {got:#?}"));
            if *rule != "X5" {
                assert_eq!(f.severity, rules::Severity::Error, "{what}: {f:?}");
            }
        }
        // A fix never makes things worse: it clears its finding and adds none (the text
        // rules, rewritten for 上海 on another branch, left out).
        let tables = |v: Vec<rules::Finding>| -> Vec<rules::Finding> {
            v.into_iter().filter(|f| !f.rule.starts_with('N')).collect()
        };
        let got = tables(got);
        for f in got.iter().filter(|f| f.fix.is_some()) {
            let mut fixed = p.clone();
            f.fix.clone().expect("fix").edit.apply(&mut fixed);
            let after = tables(rules::check(&fixed, Catalog::builtin()));
            assert!(!after.contains(f), "{what}: {f:?} stays");
            for a in &after {
                assert!(got.contains(a), "{what}: fixing {f:?} added {a:?}");
            }
        }
    }
}
