//! Undo is exact: after any sequence of edits, fixes, pastes and row inserts and deletes, undoing
//! every step gives back a package equal (`==`) to the one before, and redoing every step gives
//! back the one after.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample;
use budget_disclosure::model::document::{Document, Origin};
use budget_disclosure::model::edit::{Edit, FactAmount, ListRef, RowField, TextTarget};
use budget_disclosure::model::layout::RowsDef;
use budget_disclosure::model::{Amount, Package, Row};
use budget_disclosure::rules;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// One random step, resolved against the package as it is when the step runs.
#[derive(Clone, Debug)]
enum Op {
    /// An amount into a stored row's cell (or empty it).
    Cell {
        pick: usize,
        col: usize,
        cents: Option<i64>,
    },
    /// An amount into a fixed line, whether or not it has a stored row.
    Line {
        pick: usize,
        col: usize,
        cents: Option<i64>,
    },
    /// A code or name typed over a stored row.
    Field {
        pick: usize,
        code: bool,
        text: u16,
    },
    Insert {
        pick: usize,
        at: usize,
    },
    Delete {
        pick: usize,
    },
    /// A block of cells pasted at once, one step.
    Paste {
        pick: usize,
        cells: Vec<Option<i64>>,
    },
    Fix {
        pick: usize,
    },
    Text {
        pick: usize,
        text: u16,
    },
    Fact {
        cents: Option<i64>,
    },
    Item {
        remove: bool,
        at: usize,
    },
}

fn amount(cents: Option<i64>) -> Amount {
    cents
        .map(|c| Amount::new(Decimal::new(c, 2)))
        .unwrap_or_default()
}

/// A block of the layout: table key, block key, column keys, and the line keys of a block of
/// fixed lines.
type BlockKeys = (String, String, Vec<String>, Option<Vec<String>>);

/// Every (table, block) of the layout, with whether its rows are fixed lines.
fn blocks(pkg: &Package) -> Vec<BlockKeys> {
    let mut v = Vec::new();
    for def in &pkg.layout().tables {
        for b in &def.blocks {
            let cols = b.columns.iter().map(|c| c.key.clone()).collect();
            let lines = match &b.rows {
                RowsDef::Fixed(lines) => Some(lines.iter().map(|l| l.key.clone()).collect()),
                _ => None,
            };
            v.push((def.key.clone(), b.key.clone(), cols, lines));
        }
    }
    v
}

fn stored_len(pkg: &Package, table: &str, block: &str) -> usize {
    pkg.table(table).map(|t| t.rows(block).len()).unwrap_or(0)
}

fn edit_for(op: &Op, pkg: &Package, catalog: &Catalog) -> Option<Edit> {
    let bl = blocks(pkg);
    let pick_block = |pick: usize| bl[pick % bl.len()].clone();
    Some(match op {
        Op::Cell { pick, col, cents } => {
            let (table, block, cols, _) = pick_block(*pick);
            let n = stored_len(pkg, &table, &block);
            if n == 0 {
                return None;
            }
            Edit::SetCell {
                row: pick / bl.len() % n,
                column: cols[col % cols.len()].clone(),
                value: amount(*cents),
                table,
                block,
            }
        }
        Op::Line { pick, col, cents } => {
            let fixed: Vec<_> = bl.iter().filter(|b| b.3.is_some()).collect();
            let (table, block, cols, lines) = fixed[pick % fixed.len()].clone();
            let lines = lines.unwrap_or_default();
            Edit::SetLineCell {
                line: lines[pick / fixed.len() % lines.len()].clone(),
                column: cols[col % cols.len()].clone(),
                value: amount(*cents),
                table,
                block,
            }
        }
        Op::Field { pick, code, text } => {
            let (table, block, _, _) = pick_block(*pick);
            let n = stored_len(pkg, &table, &block);
            if n == 0 {
                return None;
            }
            Edit::SetRowField {
                row: pick / bl.len() % n,
                field: if *code {
                    RowField::Code
                } else {
                    RowField::Name
                },
                value: if *code {
                    format!("{}", 201 + u32::from(*text % 20))
                } else {
                    format!("名称{text}")
                },
                table,
                block,
            }
        }
        Op::Insert { pick, at } => {
            let (table, block, _, _) = pick_block(*pick);
            Edit::InsertRow {
                index: *at,
                row: Row {
                    code: "2019999".into(),
                    ..Row::default()
                },
                table,
                block,
            }
        }
        Op::Delete { pick } => {
            let (table, block, _, _) = pick_block(*pick);
            let n = stored_len(pkg, &table, &block);
            if n == 0 {
                return None;
            }
            Edit::RemoveRow {
                index: pick / bl.len() % n,
                table,
                block,
            }
        }
        Op::Paste { pick, cells } => {
            let mut edits = Vec::new();
            for (i, c) in cells.iter().enumerate() {
                let op = if i.is_multiple_of(2) {
                    Op::Cell {
                        pick: pick + i,
                        col: i,
                        cents: *c,
                    }
                } else {
                    Op::Line {
                        pick: pick + i,
                        col: i,
                        cents: *c,
                    }
                };
                edits.extend(edit_for(&op, pkg, catalog));
            }
            // A paste past the last row adds a row in the same step.
            let (table, block, _, _) = pick_block(*pick);
            edits.push(Edit::InsertRow {
                index: usize::MAX,
                row: Row {
                    code: "2014001".into(),
                    ..Row::default()
                },
                table,
                block,
            });
            Edit::Batch(edits)
        }
        Op::Fix { pick } => {
            let findings = rules::check(pkg, catalog);
            let fixes: Vec<_> = findings.into_iter().filter_map(|f| f.fix).collect();
            if fixes.is_empty() {
                return None;
            }
            fixes[pick % fixes.len()].edit.clone()
        }
        Op::Text { pick, text } => match pick % 3 {
            0 => Edit::SetSectionText {
                index: pick % 12,
                text: format!("说明{text}"),
            },
            1 => Edit::SetText {
                target: TextTarget::DepartmentName,
                text: format!("部门{text}"),
            },
            _ => Edit::SetText {
                target: TextTarget::Duty(pick % 9),
                text: format!("职责{text}"),
            },
        },
        Op::Fact { cents } => Edit::SetFact {
            field: FactAmount::ProcurementGoods,
            value: amount(*cents),
        },
        Op::Item { remove, at } => {
            if *remove {
                Edit::RemoveItem {
                    list: ListRef::Offices,
                    index: *at,
                }
            } else {
                Edit::MoveItem {
                    list: ListRef::Duties,
                    from: *at,
                    to: at / 2,
                }
            }
        }
    })
}

fn cents() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![Just(None), (-100_000i64..10_000_000).prop_map(Some)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), cents())
            .prop_map(|(pick, col, cents)| Op::Cell { pick, col, cents }),
        4 => (any::<usize>(), any::<usize>(), cents())
            .prop_map(|(pick, col, cents)| Op::Line { pick, col, cents }),
        2 => (any::<usize>(), any::<bool>(), any::<u16>())
            .prop_map(|(pick, code, text)| Op::Field { pick, code, text }),
        2 => (any::<usize>(), 0usize..40).prop_map(|(pick, at)| Op::Insert { pick, at }),
        2 => any::<usize>().prop_map(|pick| Op::Delete { pick }),
        2 => (any::<usize>(), prop::collection::vec(cents(), 1..6))
            .prop_map(|(pick, cells)| Op::Paste { pick, cells }),
        1 => any::<usize>().prop_map(|pick| Op::Fix { pick }),
        1 => (any::<usize>(), any::<u16>()).prop_map(|(pick, text)| Op::Text { pick, text }),
        1 => cents().prop_map(|cents| Op::Fact { cents }),
        1 => (any::<bool>(), 0usize..8).prop_map(|(remove, at)| Op::Item { remove, at }),
    ]
}

/// The sample, and a small package with nothing stored (every first amount creates a row).
fn start(which: bool) -> Package {
    if which {
        sample::sample()
    } else {
        let mut p = Package::new_empty(2026, "某局");
        p.tables.clear();
        p
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_restores_the_start_and_redo_all_the_end(
        which in any::<bool>(),
        ops in prop::collection::vec(op(), 1..25),
    ) {
        let catalog = Catalog::builtin();
        let before = start(which);
        let mut doc = Document::new(before.clone(), Origin::New);
        for op in &ops {
            if let Some(e) = edit_for(op, &doc.pkg, catalog) {
                doc.apply("编辑", e);
            }
        }
        let after = doc.pkg.clone();
        let mut steps = 0;
        while doc.undo().is_some() {
            steps += 1;
        }
        prop_assert_eq!(&doc.pkg, &before, "undo of {} steps", steps);
        prop_assert!(!doc.is_dirty());
        while doc.redo().is_some() {}
        prop_assert_eq!(&doc.pkg, &after);
    }
}

/// The case the issue names: typing into a fixed line that had no stored row, then undo.
#[test]
fn undoing_the_first_amount_of_a_fixed_line_leaves_no_empty_row() {
    let mut pkg = sample::sample();
    pkg.tables.remove("t10");
    let before = pkg.clone();
    let mut doc = Document::new(pkg, Origin::New);
    doc.apply(
        "输入",
        Edit::SetLineCell {
            table: "t10".into(),
            block: "main".into(),
            line: "abroad".into(),
            column: "general".into(),
            value: Amount::parse("1.00").unwrap(),
        },
    );
    assert_ne!(doc.pkg, before);
    doc.undo();
    assert_eq!(doc.pkg, before);
    assert!(!doc.is_dirty());
}
