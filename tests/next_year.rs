//! Next year's package from this year's (`new --from`): the sample of 2026 made into 2027.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::sample;
use budget_disclosure::model::layout::CodeScheme;
use budget_disclosure::model::next_year::{move_years, next_year, prior_of};
use budget_disclosure::model::view::table_view;
use budget_disclosure::model::{Amount, Package};
use rust_decimal::Decimal;
use std::str::FromStr;

fn amt(s: &str) -> Amount {
    Amount::new(Decimal::from_str(s).unwrap())
}

/// A fixed line's computed cell, read from the table's view (the way the window shows it).
fn line(p: &Package, table: &str, block: &str, key: &str, col: &str) -> Amount {
    let def = p.layout().tables.iter().find(|t| t.key == table).unwrap();
    let v = table_view(p, Catalog::builtin(), def);
    let bi = def.blocks.iter().position(|b| b.key == block).unwrap();
    let row = v.blocks[bi].find(key).unwrap_or_else(|| panic!("{key}"));
    row.cell(&def.blocks[bi], col)
}

#[test]
fn the_prior_year_figures_are_the_samples_figures() {
    let s = sample();
    let n = next_year(&s, 2027, Catalog::builtin()).package;
    let p = &n.facts.prior_year;
    // The sample's published figures (一, 五, 八 of its text and tables 1, 4, 10, 11).
    assert_eq!(p.income_total, amt("262.76"));
    assert_eq!(p.expenditure_total, amt("262.76"));
    assert_eq!(
        p.income_total,
        line(&s, "t1", "income", "grand_total", "amount")
    );
    assert_eq!(
        p.expenditure_total,
        line(&s, "t1", "expenditure", "grand_total", "total")
    );
    assert_eq!(
        p.fiscal.or_zero(),
        line(&s, "t4", "income", "year_total", "amount").or_zero()
    );
    assert_eq!(
        p.abroad.or_zero(),
        line(&s, "t10", "main", "abroad", "total").or_zero()
    );
    assert_eq!(
        p.reception.or_zero(),
        line(&s, "t10", "main", "reception", "total").or_zero()
    );
    assert_eq!(
        p.vehicle_running.or_zero(),
        line(&s, "t10", "main", "vehicle_running", "total").or_zero()
    );
    let t5 = s.layout().tables.iter().find(|t| t.key == "t5").unwrap();
    let v5 = table_view(&s, Catalog::builtin(), t5);
    assert_eq!(
        p.general_expenditure.or_zero(),
        v5.blocks[0]
            .total()
            .unwrap()
            .cell(&t5.blocks[0], "total")
            .or_zero()
    );
    let t11 = s.layout().tables.iter().find(|t| t.key == "t11").unwrap();
    let v11 = table_view(&s, Catalog::builtin(), t11);
    assert_eq!(
        p.operating_cost.or_zero(),
        v11.blocks[0]
            .total()
            .unwrap()
            .cell(&t11.blocks[0], "total")
            .or_zero()
    );
    // 基本支出, 项目支出 (table 3's totals) and 政府采购 (the facts) carry over too.
    let t3 = s.layout().tables.iter().find(|t| t.key == "t3").unwrap();
    let v3 = table_view(&s, Catalog::builtin(), t3);
    let t3_total = |c: &str| v3.blocks[0].total().unwrap().cell(&t3.blocks[0], c);
    assert_eq!((p.basic, p.project), (amt("94.76"), amt("168.00")));
    assert_eq!(
        (p.basic, p.project),
        (t3_total("basic"), t3_total("project"))
    );
    assert_eq!(p.procurement, s.facts.procurement.total);
    assert_eq!(p.procurement, amt("6.30"));
    // Every figure is known (none left empty) for the 山西 layout.
    for a in [
        p.income_total,
        p.expenditure_total,
        p.general_expenditure,
        p.abroad,
        p.reception,
        p.vehicle_purchase,
        p.vehicle_running,
        p.operating_cost,
        p.fiscal,
        p.basic,
        p.project,
        p.procurement,
    ] {
        assert!(!a.is_empty());
    }
    assert_eq!(prior_of(&s, Catalog::builtin()), *p);
}

#[test]
fn every_table_keeps_its_rows_with_empty_amounts() {
    let s = sample();
    let n = next_year(&s, 2027, Catalog::builtin()).package;
    assert_eq!((n.year, n.layout.as_str()), (2027, s.layout.as_str()));
    assert_eq!(n.department, s.department);
    assert_eq!(n.overview, s.overview);
    let mut rows = 0;
    for (key, data) in &s.tables {
        let new = &n.tables[key];
        assert_eq!(
            data.blocks.keys().collect::<Vec<_>>(),
            new.blocks.keys().collect::<Vec<_>>()
        );
        for (b, old_rows) in &data.blocks {
            let new_rows = &new.blocks[b];
            assert_eq!(old_rows.len(), new_rows.len(), "{key}.{b}");
            for (o, r) in old_rows.iter().zip(new_rows) {
                assert_eq!(
                    (&o.code, &o.name, &o.unit, &o.gov_code),
                    (&r.code, &r.name, &r.unit, &r.gov_code)
                );
                assert!(r.cells.is_empty(), "{key}.{b} {} keeps an amount", r.code);
                rows += 1;
            }
        }
    }
    assert!(rows > 50, "{rows} rows");
    // Forms: texts and indicators kept, money emptied.
    assert_eq!(n.project_forms.len(), s.project_forms.len());
    for (o, f) in s.project_forms.iter().zip(&n.project_forms) {
        assert_eq!((&o.name, &o.overview), (&f.name, &f.overview));
        assert_eq!(o.indicators_year, f.indicators_year);
        assert!(f.funds_year.total.is_empty() && f.funds_period.total.is_empty());
    }
    assert_eq!(n.overall_form.indicators, s.overall_form.indicators);
    assert!(n.overall_form.by_source.total.is_empty());
}

#[test]
fn the_text_names_the_new_year_where_the_sample_named_its_year() {
    let s = sample();
    let n = next_year(&s, 2027, Catalog::builtin()).package;
    let count = |t: &str, y: &str| t.matches(y).count();
    let mut moved = 0;
    for (o, x) in s.explanation.iter().zip(&n.explanation) {
        assert_eq!(
            count(&x.text, "2027"),
            count(&o.text, "2026"),
            "{}",
            o.number
        );
        assert_eq!(
            count(&x.text, "2026"),
            count(&o.text, "2025"),
            "{}",
            o.number
        );
        assert_eq!(
            count(&x.text, "2025"),
            count(&o.text, "2024"),
            "{}",
            o.number
        );
        moved += count(&o.text, "2026");
    }
    assert!(moved > 5, "{moved}");
    // Sections with figures are marked for review.
    assert!(n.comments.iter().any(|c| c.place.contains("第三部分 一 ")));
    assert!(n.comments.iter().all(|c| !c.resolved));
}

#[test]
fn years_move_once_and_only_as_whole_numbers() {
    assert_eq!(
        move_years("2026年比2025年增加，编号20261，12026", 2026, 2027),
        "2027年比2026年增加，编号20261，12026"
    );
    assert_eq!(
        move_years("（2025年12月31日）", 2026, 2027),
        "（2026年12月31日）"
    );
}

#[test]
fn a_code_renamed_or_removed_in_the_new_years_catalog_is_flagged() {
    let mut cat = Catalog::builtin().clone();
    let mut y = cat.year(2026).clone();
    y.function.get_mut("2014001").unwrap().name = "行政运行（新）".into();
    y.function.remove("2014004");
    cat.years.insert(2027, y);
    let s = sample();
    assert!(cat.name(CodeScheme::Function, 2026, "2014004").is_some());
    let n = next_year(&s, 2027, &cat);
    let renamed: Vec<_> = n
        .code_changes
        .iter()
        .filter(|c| c.code == "2014001")
        .collect();
    assert!(!renamed.is_empty());
    assert!(
        renamed
            .iter()
            .all(|c| c.new_name.as_deref() == Some("行政运行（新）"))
    );
    assert!(
        n.code_changes
            .iter()
            .any(|c| c.code == "2014004" && c.new_name.is_none())
    );
    // Nothing else changed between the two years.
    assert!(
        n.code_changes
            .iter()
            .all(|c| c.code == "2014001" || c.code == "2014004"),
        "{:?}",
        n.code_changes
    );
    assert!(
        n.package
            .comments
            .iter()
            .any(|c| c.text.contains("2014004") && c.text.contains("不在2027年"))
    );
    // With the built-in catalog, 2027 is 2026's: nothing is flagged.
    assert!(
        next_year(&s, 2027, Catalog::builtin())
            .code_changes
            .is_empty()
    );
}

#[test]
fn the_command_writes_next_years_file() {
    let dir = std::env::temp_dir().join(format!("bd-next-year-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("2027.budget.ron");
    let sample_file = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.budget.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .args(["new", "--from", sample_file, "--year", "2027", "-o"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = budget_disclosure::io::project::load(&out_file).unwrap();
    assert_eq!(p, next_year(&sample(), 2027, Catalog::builtin()).package);
    // A year not after the file's is refused, and nothing is written.
    let again = dir.join("2026.budget.ron");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .args(["new", "--from", sample_file, "--year", "2026", "-o"])
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("之后"));
    assert!(!again.exists());
}
