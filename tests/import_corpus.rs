//! Each of the five 上海 corpus PDFs (tests/fixtures/corpus, public 2025 budget disclosures of
//! 上海市普陀区) imports to a package whose every table row and amount agrees with the PDF's
//! text as `pdftotext -layout` gives it (the committed .layout.txt beside each PDF), parsed here
//! independently of the importer: rows are matched by code or by label, and each row's printed
//! amounts, left to right, must be its non-empty cells in column order.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::published::{self, Imported};
use budget_disclosure::model::view::{RowRole, table_view};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '“' | '”' => '"',
            _ => c,
        })
        .collect()
}

fn is_amount(t: &str) -> bool {
    let b = t.replace(',', "");
    t.contains('.')
        && b.split_once('.').is_some_and(|(i, f)| {
            !i.is_empty() && i.chars().all(|c| c.is_ascii_digit()) && f.len() == 2
        })
}

/// A printed table row as this test reads it: a code (joined), a label, its amounts in order.
#[derive(Debug)]
struct TextRow {
    code: String,
    label: String,
    amounts: Vec<Decimal>,
}

/// Splits a laid-out line into tokens: runs of two or more spaces separate, and so does one
/// space next to an amount.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in line.split("  ").map(str::trim).filter(|c| !c.is_empty()) {
        let mut text = String::new();
        for w in chunk.split(' ') {
            if is_amount(w) {
                if !text.is_empty() {
                    out.push(std::mem::take(&mut text));
                }
                out.push(w.to_string());
            } else {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(w);
            }
        }
        if !text.is_empty() {
            out.push(text);
        }
    }
    out
}

/// The rows of one line: a label (or code + name) followed by its amounts; a line of a
/// two-block table holds two.
fn rows_of(line: &str) -> Vec<TextRow> {
    let mut rows: Vec<TextRow> = Vec::new();
    let toks = tokens(line);
    let mut i = 0;
    while i < toks.len() {
        let mut code = String::new();
        while i < toks.len() && toks[i].chars().all(|c| c.is_ascii_digit()) {
            code.push_str(&toks[i]);
            i += 1;
        }
        let mut label = String::new();
        if i < toks.len() && !is_amount(&toks[i]) {
            label = toks[i].clone();
            i += 1;
        }
        let mut amounts = Vec::new();
        while i < toks.len() && is_amount(&toks[i]) {
            amounts.push(Decimal::from_str(&toks[i].replace(',', "")).expect("amount"));
            i += 1;
        }
        rows.push(TextRow {
            code,
            label,
            amounts,
        });
    }
    rows
}

fn strip_numbering(s: &str) -> String {
    let s = squash(s);
    let t = s.trim_start_matches(|c: char| "一二三四五六七八九十0123456789".contains(c));
    let t = t
        .strip_prefix('、')
        .or_else(|| t.strip_prefix('.'))
        .unwrap_or(if t.len() == s.len() { &s } else { t });
    t.to_string()
}

struct Checked {
    tables: usize,
    rows: usize,
    amounts: usize,
}

/// Checks every printed row of every table of a package against the import.
fn check_package(name: &str) -> (Imported, Checked) {
    let imported = published::import_path(&fixture(&format!("{name}.pdf"))).expect("imports");
    let pkg = &imported.package;
    let layout = pkg.layout();
    let text = std::fs::read_to_string(fixture(&format!("{name}.layout.txt"))).expect("text");
    let lines: Vec<&str> = text.split(['\n', '\u{c}']).collect();
    let titles: Vec<(usize, usize)> = layout
        .tables
        .iter()
        .enumerate()
        .filter_map(|(ti, t)| {
            let title = squash(&t.title_for(pkg.year));
            lines
                .iter()
                .position(|l| squash(l) == title)
                .map(|li| (ti, li))
        })
        .collect();
    assert_eq!(
        titles.len(),
        layout.tables.len(),
        "{name}: every table title in the text"
    );
    let mut checked = Checked {
        tables: 0,
        rows: 0,
        amounts: 0,
    };
    let catalog = Catalog::builtin();
    for &(ti, start) in &titles {
        let def = &layout.tables[ti];
        let end = titles
            .iter()
            .map(|t| t.1)
            .filter(|&l| l > start)
            .chain(lines.iter().enumerate().skip(start).filter_map(|(i, l)| {
                let k = squash(l);
                (k == "其他相关情况说明" || k.ends_with("项目经费情况说明")).then_some(i)
            }))
            .min()
            .unwrap_or(lines.len());
        let view = table_view(pkg, catalog, def);
        checked.tables += 1;
        for line in &lines[start + 1..end] {
            for row in rows_of(line) {
                if row.amounts.is_empty() {
                    continue;
                }
                let found = view.blocks.iter().enumerate().find_map(|(bi, b)| {
                    b.rows
                        .iter()
                        .find(|r| {
                            if !row.code.is_empty() {
                                r.code == row.code
                            } else if row.label.is_empty() {
                                r.role == RowRole::FixedInput && def.blocks[bi].labels.is_empty()
                            } else {
                                let l = strip_numbering(&row.label);
                                let total = matches!(l.as_str(), "合计" | "总计");
                                (total && r.role == RowRole::Total)
                                    || (!r.label.is_empty() && strip_numbering(&r.label) == l)
                            }
                        })
                        .filter(|r| {
                            let cells: Vec<Decimal> =
                                r.cells.iter().filter_map(|c| c.value()).collect();
                            cells == row.amounts
                        })
                });
                assert!(
                    found.is_some(),
                    "{name} 表{}: printed row {row:?} (line “{}”) has no row with these amounts",
                    def.number,
                    line.trim()
                );
                checked.rows += 1;
                checked.amounts += row.amounts.len();
            }
        }
    }
    (imported, checked)
}

fn assert_clean(name: &str, imported: &Imported) {
    let r = &imported.report;
    assert!(
        r.issues.is_empty() && r.missing_tables().next().is_none(),
        "{name}: report not clean:\n{r}"
    );
}

#[test]
fn office_dept_every_row_and_amount() {
    let (imported, c) = check_package("putuo_office_2025_dept");
    assert_clean("office dept", &imported);
    assert_eq!(imported.package.year, 2025);
    assert_eq!(imported.package.layout, "shanghai-dept");
    assert_eq!(
        imported.package.department.name,
        "上海市普陀区人民政府办公室"
    );
    assert!(
        c.rows >= 60 && c.amounts >= 150,
        "{} rows {} amounts",
        c.rows,
        c.amounts
    );
    eprintln!(
        "office dept: {} tables, {} rows, {} amounts",
        c.tables, c.rows, c.amounts
    );
}

#[test]
fn office_unit_every_row_and_amount() {
    let (imported, c) = check_package("putuo_office_2025_unit");
    assert_clean("office unit", &imported);
    assert_eq!(imported.package.layout, "shanghai-unit");
    assert!(c.rows >= 60, "{} rows", c.rows);
    eprintln!(
        "office unit: {} tables, {} rows, {} amounts",
        c.tables, c.rows, c.amounts
    );
}

#[test]
fn commerce_dept_every_row_and_amount() {
    let (imported, c) = check_package("putuo_commerce_2025_dept");
    assert_clean("commerce dept", &imported);
    assert_eq!(imported.package.department.name, "上海市普陀区商务委员会");
    eprintln!(
        "commerce dept: {} tables, {} rows, {} amounts",
        c.tables, c.rows, c.amounts
    );
}

#[test]
fn commerce_unit_every_row_and_amount() {
    let (imported, c) = check_package("putuo_commerce_2025_unit");
    assert_clean("commerce unit", &imported);
    eprintln!(
        "commerce unit: {} tables, {} rows, {} amounts",
        c.tables, c.rows, c.amounts
    );
}

#[test]
fn finance_dept_every_row_and_amount() {
    let (imported, c) = check_package("putuo_finance_2025_dept");
    assert_clean("finance dept", &imported);
    eprintln!(
        "finance dept: {} tables, {} rows, {} amounts",
        c.tables, c.rows, c.amounts
    );
}

/// The office's 表1 totals, written down by hand from the PDF (page 8 of the 部门预算).
#[test]
fn office_dept_totals_by_hand() {
    let imported = published::import_path(&fixture("putuo_office_2025_dept.pdf")).expect("imports");
    let pkg = &imported.package;
    let def = pkg.layout().tables[0].clone();
    let view = table_view(pkg, Catalog::builtin(), &def);
    let income = view.blocks[0].find("grand_total").expect("收入总计");
    assert_eq!(
        income.cells[0].value(),
        Some(Decimal::from_str("91016775.35").unwrap())
    );
    let general = view.blocks[0].find("general").expect("一般公共预算资金");
    assert_eq!(
        general.cells[0].value(),
        Some(Decimal::from_str("91016775.35").unwrap())
    );
    let class201 = view.blocks[1].find("201").expect("一般公共服务支出");
    assert_eq!(
        class201.cells[0].value(),
        Some(Decimal::from_str("82096797.42").unwrap())
    );
}
