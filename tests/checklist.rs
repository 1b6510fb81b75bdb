//! The 自查表 of the sample: from the command line (text, JSON, the printable page) and as the
//! workbook's 自查表 sheet; each item 合格 / 不合格 with the checker's findings as evidence.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::sample;
use budget_disclosure::io::xlsx;
use budget_disclosure::rules;
use calamine::{Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
}

#[test]
fn the_samples_checklist_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("checklist_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let page = dir.join("自查表.html");
    let out = bin()
        .args(["checklist", "assets/sample.budget.ron", "-o"])
        .arg(&page)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "the sample has faults");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("2026年度部门预算公开情况检查表\n"),
        "{text}"
    );
    assert!(
        text.contains("内容规范性 › 五、一般公共预算支出情况说明：不合格\n  1. "),
        "{text}"
    );
    assert!(text.contains("240.65"));
    assert!(text.contains("内容规范性 › 封面：合格"));
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(html.contains("<td>五、一般公共预算支出情况说明</td><td>不合格</td>"));
    let _ = std::fs::remove_dir_all(&dir);

    let out = bin()
        .args(["checklist", "assets/sample.budget.ron", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = v["items"].as_array().expect("items");
    let five = items
        .iter()
        .find(|i| i["item"] == "五、一般公共预算支出情况说明")
        .expect("section five");
    assert_eq!(five["verdict"], "Fail");
}

#[test]
fn the_workbook_has_the_checklist_sheet() {
    let pkg = sample();
    let findings = rules::check(&pkg, Catalog::builtin());
    let bytes = xlsx::export(&pkg, Catalog::builtin(), &findings).expect("exports");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    let sheet = wb
        .worksheet_range(xlsx::SHEET_CHECKLIST)
        .expect("自查表 sheet");
    let row = (0..sheet.height() as u32)
        .find(|&r| {
            sheet.get_value((r, 1)).map(|d| d.to_string())
                == Some("五、一般公共预算支出情况说明".into())
        })
        .expect("row of section five");
    assert_eq!(
        sheet.get_value((row, 2)).map(|d| d.to_string()),
        Some("不合格".into())
    );
    let evidence = sheet
        .get_value((row, 3))
        .map(|d| d.to_string())
        .unwrap_or_default();
    assert!(
        evidence.starts_with("1. ") && evidence.contains("240.65"),
        "{evidence}"
    );
}
