//! Comparing two versions: the sample against a copy with three known changes prints exactly
//! those three; and a property: random edits of the sample, then the diff between before and
//! after lists exactly the touched places whose value differs, and taking every change from B
//! onto A gives B.

use budget_disclosure::io::sample::sample;
use budget_disclosure::model::diff::{ChangeKind, apply_all, diff};
use budget_disclosure::model::edit::{Edit, FormRef, IndicatorText, Period, TextTarget};
use budget_disclosure::model::layout::RowsDef;
use budget_disclosure::model::{Amount, Package, Row};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::process::Command;

const CHANGED: &str = "tests/fixtures/diff/sample-3-changes.budget.ron";
const EXPECTED: &str = "tests/fixtures/diff/sample-3-changes.expected.txt";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
}

#[test]
fn the_sample_against_a_copy_with_three_changes_prints_exactly_those_three() {
    let out = bin()
        .args(["diff", "assets/sample.budget.ron", CHANGED])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "differences exit with 1");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let want = std::fs::read_to_string(EXPECTED).expect("expected output beside the fixture");
    assert_eq!(text, want);
    assert!(text.contains("表3 2014001 行政运行 基本支出：19.56 → 20.56（差 +1.00）"));
    assert!(text.contains("≥ 500 人/次 → ≥ 600 人/次"));
    assert!(text.contains("增“，主要是人员调整”"));

    let out = bin()
        .args([
            "diff",
            "assets/sample.budget.ron",
            CHANGED,
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["old"], "19.56");
    assert_eq!(list[0]["new"], "20.56");
    assert_eq!(list[0]["difference"], "+1.00");

    // The same file against itself: nothing, exit 0.
    let out = bin()
        .args(["diff", CHANGED, CHANGED])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn taking_each_change_alone_takes_only_that_value() {
    let a = sample();
    let b = budget_disclosure::io::project::load(std::path::Path::new(CHANGED)).expect("loads");
    let changes = diff(&a, &b);
    for c in &changes {
        let mut one = a.clone();
        c.take_other.clone().apply(&mut one);
        // After taking it, that change is gone and the two others remain.
        let left = diff(&one, &b);
        assert_eq!(left.len(), changes.len() - 1, "{}", c.line());
        assert!(!left.iter().any(|x| x.place == c.place && x.page == c.page));
    }
}

fn row_key(r: &Row) -> String {
    if r.code.is_empty() {
        format!("{}\u{1f}{}", r.unit, r.name)
    } else {
        r.code.clone()
    }
}

fn row_label(r: &Row) -> String {
    format!("{} {}", r.code, r.name).trim().to_string()
}

/// Every stored row of the package: (table, block, index).
fn stored_rows(p: &Package) -> Vec<(String, String, usize)> {
    let mut v = Vec::new();
    for def in &p.layout().tables {
        for b in &def.blocks {
            let n = p.table(&def.key).map(|t| t.rows(&b.key).len()).unwrap_or(0);
            v.extend((0..n).map(|i| (def.key.clone(), b.key.clone(), i)));
        }
    }
    v
}

fn find_row<'p>(p: &'p Package, t: &str, b: &str, key: &str) -> Option<&'p Row> {
    p.table(t)?.rows(b).iter().find(|r| row_key(r) == key)
}

#[derive(Default)]
struct Touched {
    cells: BTreeSet<(String, String, String, String)>,
    rows: BTreeSet<(String, String, String)>,
    indicators: BTreeSet<(usize, bool, usize)>,
    sections: BTreeSet<usize>,
}

/// Applies one random edit named by numbers, recording what it touched.
fn random_edit(p: &mut Package, op: u8, x: u32, y: u32, z: u32, n: usize, t: &mut Touched) {
    match op % 5 {
        0 | 1 => {
            let rows = stored_rows(p);
            if rows.is_empty() {
                return;
            }
            let (table, block, i) = rows[x as usize % rows.len()].clone();
            let def = p.layout().table(&table).expect("layout table");
            let bdef = def.block(&block).expect("layout block");
            let col = bdef.columns[y as usize % bdef.columns.len()].key.clone();
            let value = if z.is_multiple_of(7) {
                Amount::EMPTY
            } else {
                Amount::new(rust_decimal::Decimal::new(i64::from(z % 1_000_000), 2))
            };
            let key = row_key(&p.tables[&table].rows(&block)[i]);
            Edit::SetCell {
                table: table.clone(),
                block: block.clone(),
                row: i,
                column: col.clone(),
                value,
            }
            .apply(p);
            t.cells.insert((table, block, key, col));
        }
        2 => {
            let rows = stored_rows(p);
            if rows.is_empty() {
                return;
            }
            let (table, block, i) = rows[x as usize % rows.len()].clone();
            let key = row_key(&p.tables[&table].rows(&block)[i]);
            Edit::RemoveRow {
                table: table.clone(),
                block: block.clone(),
                index: i,
            }
            .apply(p);
            t.rows.insert((table, block, key));
        }
        3 => {
            // A new code row in a block of codes, with a code no other row has.
            let blocks: Vec<(String, String, String)> = p
                .layout()
                .tables
                .iter()
                .flat_map(|d| {
                    d.blocks
                        .iter()
                        .filter(|b| matches!(b.rows, RowsDef::Codes { .. }))
                        .map(move |b| (d.key.clone(), b.key.clone(), b.columns[0].key.clone()))
                })
                .collect();
            let (table, block, col) = blocks[x as usize % blocks.len()].clone();
            let len = p.table(&table).map(|d| d.rows(&block).len()).unwrap_or(0);
            let code = format!("2999{n:03}");
            let mut row = Row {
                code: code.clone(),
                name: format!("新增{n}"),
                ..Row::default()
            };
            row.set_cell(
                &col,
                Amount::new(rust_decimal::Decimal::new(i64::from(z % 100_000) + 1, 2)),
            );
            Edit::InsertRow {
                table: table.clone(),
                block: block.clone(),
                index: y as usize % (len + 1),
                row,
            }
            .apply(p);
            t.rows.insert((table, block, code));
        }
        _ => {
            if z.is_multiple_of(2) && !p.project_forms.is_empty() {
                let f = x as usize % p.project_forms.len();
                let year = y.is_multiple_of(2);
                let list = if year {
                    &p.project_forms[f].indicators_year
                } else {
                    &p.project_forms[f].indicators_period
                };
                if list.is_empty() {
                    return;
                }
                let index = (y as usize / 2) % list.len();
                Edit::SetText {
                    target: TextTarget::Indicator {
                        form: FormRef::Project(f),
                        period: if year {
                            Period::Year
                        } else {
                            Period::Implementation
                        },
                        index,
                        part: IndicatorText::Value,
                    },
                    text: format!("≥{}人次", z % 50),
                }
                .apply(p);
                t.indicators.insert((f, year, index));
            } else {
                let i = x as usize % p.explanation.len();
                let mut text = p.explanation[i].text.clone();
                if y.is_multiple_of(2) {
                    text.push_str(&format!("补充说明{}。", z % 10));
                } else if let Some((at, _)) = text.char_indices().nth(z as usize % 40) {
                    text.insert_str(at, "经复核，");
                }
                Edit::SetSectionText { index: i, text }.apply(p);
                t.sections.insert(i);
            }
        }
    }
}

/// (kind, page, place) of each change the touched places should show.
fn expected(a: &Package, b: &Package, t: &Touched) -> BTreeSet<(ChangeKind, String, String)> {
    let mut want = BTreeSet::new();
    let header = |table: &str, block: &str, col: &str| {
        let def = a.layout().table(table).expect("table");
        let h = def
            .block(block)
            .expect("block")
            .columns
            .iter()
            .find(|c| c.key == col);
        h.and_then(|c| c.header.last().cloned())
            .expect("header")
            .replace("{year}", &a.year.to_string())
    };
    for (table, block, key, col) in &t.cells {
        if let (Some(ra), Some(rb)) = (
            find_row(a, table, block, key),
            find_row(b, table, block, key),
        ) && ra.cell(col) != rb.cell(col)
        {
            let page = a.layout().table(table).expect("table").label().to_string();
            want.insert((
                ChangeKind::Changed,
                page,
                format!("{} {}", row_label(ra), header(table, block, col)),
            ));
        }
    }
    for (table, block, key) in &t.rows {
        let page = a.layout().table(table).expect("table").label().to_string();
        match (
            find_row(a, table, block, key),
            find_row(b, table, block, key),
        ) {
            (Some(r), None) => {
                want.insert((ChangeKind::Removed, page, row_label(r)));
            }
            (None, Some(r)) => {
                want.insert((ChangeKind::Added, page, row_label(r)));
            }
            _ => {}
        }
    }
    for &(f, year, index) in &t.indicators {
        let (ia, ib) = if year {
            (
                &a.project_forms[f].indicators_year[index],
                &b.project_forms[f].indicators_year[index],
            )
        } else {
            (
                &a.project_forms[f].indicators_period[index],
                &b.project_forms[f].indicators_period[index],
            )
        };
        if ia.value != ib.value {
            want.insert((
                ChangeKind::Changed,
                format!("“{}”绩效目标表", a.project_forms[f].name),
                format!(
                    "{} {}/{}/{}",
                    if year { "年度" } else { "实施期" },
                    ia.level1,
                    ia.level2,
                    ia.name
                ),
            ));
        }
    }
    for &i in &t.sections {
        let (sa, sb) = (&a.explanation[i], &b.explanation[i]);
        if sa.text != sb.text {
            want.insert((
                ChangeKind::Changed,
                "情况说明".into(),
                format!("{}、{}", sa.number, sa.title),
            ));
        }
    }
    want
}

/// The package without blocks that hold no rows: removing the last row of a block leaves an
/// empty list where there was none, which reads the same (no rows) and is not a difference.
fn without_empty_blocks(mut p: Package) -> Package {
    for t in p.tables.values_mut() {
        t.blocks.retain(|_, rows| !rows.is_empty());
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_diff_lists_exactly_the_edits_and_taking_them_all_gives_b(
        ops in proptest::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>()), 1..12)
    ) {
        let a = sample();
        let mut b = a.clone();
        let mut touched = Touched::default();
        for (n, (op, x, y, z)) in ops.into_iter().enumerate() {
            random_edit(&mut b, op, x, y, z, n, &mut touched);
        }
        let changes = diff(&a, &b);
        let got: BTreeSet<(ChangeKind, String, String)> = changes
            .iter()
            .map(|c| (c.kind, c.page.clone(), c.place.clone()))
            .collect();
        prop_assert_eq!(got.len(), changes.len(), "a change listed twice");
        prop_assert_eq!(&got, &expected(&a, &b, &touched));
        let mut taken = a.clone();
        apply_all(&mut taken, &changes);
        prop_assert_eq!(without_empty_blocks(taken), without_empty_blocks(b));
    }
}
