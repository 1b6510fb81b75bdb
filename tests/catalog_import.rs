//! `catalog import`: the official list as the finance bureau distributes it (a workbook, one
//! sheet per classification, 科目编码 and 科目名称 found by their header) replaces the built-in
//! entries of its year; a broken file is refused with its sheet, row and reason.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::catalog::import::{Kind, apply, read_path, read_xlsx, stored_years};
use budget_disclosure::model::layout::CodeScheme;
use rust_xlsxwriter::Workbook;
use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bd-catalog-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A workbook like the bureau's: a title row above the header, codes typed as numbers in one
/// sheet and as text in another, a cover sheet without the columns.
fn official_workbook(bad_row: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet().set_name("说明").unwrap();
    cover.write(0, 0, "2027年政府收支分类科目").unwrap();
    let f = wb.add_worksheet().set_name("支出功能分类科目").unwrap();
    f.write(0, 0, "2027年支出功能分类科目").unwrap();
    f.write(2, 0, "科目编码").unwrap();
    f.write(2, 1, "科目名称").unwrap();
    let rows: [(&str, &str); 6] = [
        ("201", "一般公共服务支出"),
        ("20140", "信访事务"),
        ("2014001", "行政运行"),
        ("2014098", "信访新设支出"),
        ("235", "新设类支出"),
        ("23501", "新设款"),
    ];
    for (i, (c, n)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        // Numbers, as a spreadsheet holds a code typed into a general cell.
        f.write(r, 0, c.parse::<f64>().unwrap()).unwrap();
        f.write(r, 1, *n).unwrap();
    }
    if bad_row {
        f.write(9, 0, "20140Ｘ").unwrap();
        f.write(9, 1, "写错的编码").unwrap();
    }
    let e = wb.add_worksheet().set_name("部门预算支出经济分类").unwrap();
    e.write(0, 0, "科目编码").unwrap();
    e.write(0, 1, "科目名称").unwrap();
    e.write(1, 0, "301").unwrap();
    e.write(1, 1, "工资福利支出").unwrap();
    e.write(2, 0, "30101").unwrap();
    e.write(2, 1, "基本工资").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_made_here_imports_and_replaces_the_years_entries() {
    let list = read_xlsx(&official_workbook(false)).expect("imports");
    assert_eq!(list.count(Kind::Function), 6);
    assert_eq!(list.count(Kind::EconomicDept), 2);
    assert_eq!(list.count(Kind::EconomicGov), 0);
    let base = Catalog::builtin().year(2026);
    let y = apply(base, &list);
    assert_eq!(y.function.len(), 6);
    assert_eq!(y.function["2014098"].name, "信访新设支出");
    assert_eq!(y.function["2014098"].confidence, "verified");
    assert_eq!(
        y.classes
            .iter()
            .map(|e| e.code.as_str())
            .collect::<Vec<_>>(),
        ["201", "235"]
    );
    // A classification the workbook lacks keeps the built-in entries.
    assert_eq!(y.economic_gov.len(), base.economic_gov.len());
    assert!(!y.function.contains_key("2010101"));
}

#[test]
fn the_command_keeps_the_import_in_the_settings_folder_and_check_uses_it() {
    let dir = temp("cli");
    let book = dir.join("科目.xlsx");
    std::fs::write(&book, official_workbook(false)).unwrap();
    let settings = dir.join("settings");
    let out = bin()
        .env("BUDGET_DISCLOSURE_SETTINGS", &settings)
        .args(["catalog", "import"])
        .arg(&book)
        .args(["--year", "2027"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("支出功能分类 6 条"), "{stdout}");
    let years = stored_years(&settings);
    assert_eq!(years.len(), 1);
    assert_eq!(years[0].0, 2027);
    let mut c = Catalog::builtin().clone();
    c.years.insert(years[0].0, years[0].1.clone());
    assert_eq!(
        c.name(CodeScheme::Function, 2027, "2014098"),
        Some("信访新设支出")
    );
    // 2026 keeps the built-in list.
    assert_eq!(c.name(CodeScheme::Function, 2026, "2014098"), None);

    // A 2027 package with the imported code: check knows it with the import, not without.
    let mut p = budget_disclosure::model::Package::new_empty(2027, "某局");
    p.table_mut("t3")
        .rows_mut("main")
        .push(budget_disclosure::model::Row {
            code: "2014098".into(),
            name: "信访新设支出".into(),
            ..Default::default()
        });
    let file = dir.join("p.budget.ron");
    budget_disclosure::io::project::save(&p, &file).unwrap();
    let unknown = |settings: &PathBuf| {
        let out = bin()
            .env("BUDGET_DISCLOSURE_SETTINGS", settings)
            .arg("check")
            .arg(&file)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).contains("2014098 不在2027年")
    };
    assert!(!unknown(&settings));
    assert!(unknown(&dir.join("empty-settings")));
}

#[test]
fn a_broken_workbook_is_refused_naming_sheet_row_and_reason() {
    let e = read_xlsx(&official_workbook(true)).unwrap_err();
    assert_eq!(e.sheet, "支出功能分类科目");
    assert_eq!(e.row, Some(10));
    let msg = e.to_string();
    assert!(msg.contains("工作表“支出功能分类科目”第 10 行"), "{msg}");
    assert!(msg.contains("不是数字"), "{msg}");

    // And through the command: exit 2, the message, nothing stored.
    let dir = temp("broken");
    let book = dir.join("坏.xlsx");
    std::fs::write(&book, official_workbook(true)).unwrap();
    let settings = dir.join("settings");
    let out = bin()
        .env("BUDGET_DISCLOSURE_SETTINGS", &settings)
        .args(["catalog", "import"])
        .arg(&book)
        .args(["--year", "2027"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("第 10 行") && stderr.contains("20140Ｘ"),
        "{stderr}"
    );
    assert!(stored_years(&settings).is_empty());
}

#[test]
fn a_csv_of_one_classification_imports_and_its_errors_name_the_row() {
    let dir = temp("csv");
    let ok = dir.join("功能分类.csv");
    std::fs::write(
        &ok,
        "\u{feff}科目编码,科目名称\n201,一般公共服务支出\n20101,人大事务\n",
    )
    .unwrap();
    let list = read_path(&ok).unwrap();
    assert_eq!(list.count(Kind::Function), 2);
    let bad = dir.join("经济.csv");
    std::fs::write(&bad, "科目编码,科目名称\n301,工资福利支出\n3010,基本工资\n").unwrap();
    let e = read_path(&bad).unwrap_err();
    assert_eq!(e.row, Some(3));
    assert!(e.to_string().contains("应为 3、5 位数字"), "{e}");
    let dup = dir.join("dup.csv");
    std::fs::write(&dup, "科目编码,科目名称\n301,工资福利支出\n301,工资\n").unwrap();
    let e = read_path(&dup).unwrap_err();
    assert!(e.to_string().contains("与第 2 行重复"), "{e}");
    let noheader = dir.join("nohead.csv");
    std::fs::write(&noheader, "编码,名称\n301,工资福利支出\n").unwrap();
    assert!(
        read_path(&noheader)
            .unwrap_err()
            .to_string()
            .contains("表头")
    );
}
