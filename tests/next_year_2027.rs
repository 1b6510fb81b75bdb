//! The sample made into 2027 (`new --from`) and the 2027 amounts typed: the fixture
//! `tests/fixtures/next_year/2027.budget.ron` is that package with its 情况说明 regenerated, and
//! `2027.expected.txt` beside it its findings. The regenerated text has no N finding: every
//! figure, share and change against the 上年数 (taken from 2026) agrees.
//! `UPDATE_GOLDEN=1 cargo test --test next_year_2027` rewrites both; the diff is the review.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::project;
use budget_disclosure::io::sample::sample;
use budget_disclosure::model::derive::resolved;
use budget_disclosure::model::explain::generate_all;
use budget_disclosure::model::next_year::next_year;
use budget_disclosure::model::{Amount, FormFunds, Package};
use budget_disclosure::rules;
use std::path::PathBuf;

fn amt(s: &str) -> Amount {
    Amount::parse(s).expect("test literal")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/next_year/{name}"))
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Sets a cell of a stored row found by code or name.
fn set(p: &mut Package, table: &str, key: &str, column: &str, value: &str) {
    let row = p
        .table_mut(table)
        .rows_mut("main")
        .iter_mut()
        .find(|r| r.code == key || r.name == key)
        .unwrap_or_else(|| panic!("{table} {key}"));
    row.set_cell(column, amt(value));
}

fn funds(total: &str) -> FormFunds {
    FormFunds {
        total: amt(total),
        central: amt("0"),
        provincial: amt("0"),
        local: amt(total),
        self_raised: amt("0"),
        ..FormFunds::default()
    }
}

/// What the accountant types into the 2027 package: 2026's amounts again, except two projects
/// (信访工作经费 30 → 45 万元, 信访救助资金 40 → 35 万元, so 项目支出 168 → 178) and this year's
/// 政府采购; tables 1 and 4 are left to 自动. Then every section is regenerated.
fn typed_2027() -> Package {
    let s = sample();
    let mut p = next_year(&s, 2027, Catalog::builtin()).package;
    for (key, data) in &s.tables {
        for (block, rows) in &data.blocks {
            for (i, r) in rows.iter().enumerate() {
                p.table_mut(key).rows_mut(block)[i].cells = r.cells.clone();
            }
        }
    }
    for t in ["t1", "t4"] {
        let d = p.table_mut(t);
        d.blocks.clear();
        d.auto = true;
    }
    set(&mut p, "t12", "信访工作经费", "general", "45.00");
    set(&mut p, "t12", "信访救助资金", "general", "35.00");
    set(&mut p, "t3", "2014004", "project", "178.00");
    set(&mut p, "t5", "2014004", "project", "178.00");
    set(&mut p, "t2", "2014004", "general", "180.53");
    for (form, old) in p.project_forms.iter_mut().zip(&s.project_forms) {
        let total = match form.name.as_str() {
            "信访工作经费" => "450000".to_string(),
            "信访救助资金" => "350000".to_string(),
            _ => old.funds_year.total.value().map(|d| d.to_string()).unwrap(),
        };
        form.funds_year = funds(&total);
        form.funds_period = funds(&total);
        form.filled_on = old.filled_on.replace("2025", "2026");
    }
    let o = &mut p.overall_form;
    o.by_source = s.overall_form.by_source.clone();
    o.by_source.total = amt("272.76");
    o.by_source.general = amt("272.76");
    o.by_direction.total = amt("272.76");
    o.by_direction.basic = amt("94.76");
    o.by_direction.project = amt("178.00");
    let pr = &mut p.facts.procurement;
    (pr.total, pr.goods, pr.works, pr.services) = (amt("7.00"), amt("3.00"), amt("0"), amt("4.00"));
    p.explanation = generate_all(&p, Catalog::builtin());
    p
}

fn findings_text(p: &Package) -> String {
    let cat = Catalog::builtin();
    rules::check(&resolved(p, cat), cat)
        .iter()
        .map(|f| format!("{}\t{:?}\t{}\n", f.rule, f.severity, f.message))
        .collect()
}

#[test]
fn the_2027_fixture_is_the_sample_moved_on_with_2027_amounts_typed() {
    let p = typed_2027();
    let text = project::to_string(&p).unwrap();
    let path = fixture("2027.budget.ron");
    if update() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).expect("fixture (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(committed, text, "the fixture is what typing gives");
    assert_eq!(project::from_str(&committed).unwrap(), p);
}

#[test]
fn the_regenerated_2027_text_has_no_n_finding() {
    let cat = Catalog::builtin();
    let p = project::load(&fixture("2027.budget.ron")).unwrap();
    assert_eq!(p.year, 2027);
    let findings = rules::check(&resolved(&p, cat), cat);
    let n: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.starts_with('N'))
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert!(n.is_empty(), "{n:#?}");
    // Tables 1 and 4 are computed (自动) and agree with the detail tables.
    assert!(
        findings
            .iter()
            .all(|f| !matches!(f.rule.as_str(), "X1" | "X3" | "T3")),
        "{findings:#?}"
    );
    let expected = fixture("2027.expected.txt");
    let got = findings_text(&p);
    if update() {
        std::fs::write(&expected, &got).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&expected).unwrap(), got);
}

#[test]
fn the_2027_text_compares_with_2026_and_a_wrong_change_is_reported() {
    let cat = Catalog::builtin();
    let p = project::load(&fixture("2027.budget.ron")).unwrap();
    let prior = &p.facts.prior_year;
    assert_eq!(
        (prior.basic, prior.project, prior.procurement),
        (amt("94.76"), amt("168.00"), amt("6.30"))
    );
    let text = |n: &str| {
        p.explanation
            .iter()
            .find(|s| s.number == n)
            .map(|s| s.text.clone())
            .unwrap()
    };
    // 收支总体: 272.76 against 262.76; 项目支出 178 against 168; 政府采购 7.00 against 6.30.
    assert!(text("一").contains("2027年度"), "{}", text("一"));
    assert!(text("一").contains("比上年增加10.00万元"), "{}", text("一"));
    assert!(text("三").contains("比上年增加10.00万元"), "{}", text("三"));
    assert!(text("三").contains("与上年持平"), "{}", text("三"));
    assert!(text("九").contains("比上年增加0.70万元"), "{}", text("九"));
    // The same sentences with a wrong change: the text rules compare with the 上年数.
    for (n, from, to) in [
        ("三", "比上年增加10.00万元", "比上年增加12.00万元"),
        ("三", "与上年持平", "比上年增加1.00万元"),
        ("九", "比上年增加0.70万元", "比上年增加0.90万元"),
    ] {
        let mut q = p.clone();
        let s = q.explanation.iter_mut().find(|s| s.number == n).unwrap();
        assert!(s.text.contains(from));
        s.text = s.text.replacen(from, to, 1);
        let n_findings: Vec<_> = rules::check(&resolved(&q, cat), cat)
            .into_iter()
            .filter(|f| f.rule.starts_with('N'))
            .collect();
        assert!(!n_findings.is_empty(), "{n}: {to} not reported");
    }
}
