//! Incremental checking is exact: after every step of a random sequence of edits (amounts,
//! fixed lines, codes and names, row inserts and deletes, pastes, texts, forms, facts, the
//! tolerance, one-click fixes, undo and redo), the editor's [`Checker`] lists the same findings
//! as a full [`rules::check`], in the same order, and every view it keeps equals the view
//! computed afresh. On the 山西 sample, the 上海 sample and a small synthetic package.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample;
use budget_disclosure::model::document::{Document, Origin};
use budget_disclosure::model::edit::{
    Edit, FactAmount, FormRef, FundField, Period, RowField, TextTarget,
};
use budget_disclosure::model::layout::RowsDef;
use budget_disclosure::model::view::table_view;
use budget_disclosure::model::{Amount, Package, Row};
use budget_disclosure::rules::{self, incremental::Checker};
use budget_disclosure::synth;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// One random step, resolved against the package as it is when the step runs.
#[derive(Clone, Debug)]
enum Op {
    /// An amount into a stored row's cell (or empty it): the edit updated in place.
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
    /// A row inserted: a copy of a stored row's code, or a child code of it.
    Insert {
        pick: usize,
        child: bool,
        cents: Option<i64>,
    },
    Delete {
        pick: usize,
    },
    /// Several cells of one block in one step (a paste).
    Paste {
        pick: usize,
        cells: Vec<Option<i64>>,
    },
    Fix {
        pick: usize,
    },
    /// A digit of a 情况说明 section changed, or the department's name.
    Text {
        pick: usize,
        digit: u8,
    },
    /// A project form's money or an indicator's value.
    Form {
        pick: usize,
        cents: Option<i64>,
    },
    Fact {
        tolerance: bool,
        cents: Option<i64>,
    },
    Undo,
    Redo,
}

fn amount(cents: Option<i64>) -> Amount {
    cents
        .map(|c| Amount::new(Decimal::new(c, 2)))
        .unwrap_or_default()
}

/// Every (table, block, column keys, whether fixed lines, line keys) of the layout.
type BlockKeys = (String, String, Vec<String>, Vec<String>);

fn blocks(pkg: &Package) -> Vec<BlockKeys> {
    let mut v = Vec::new();
    for def in &pkg.layout().tables {
        for b in &def.blocks {
            let cols = b.columns.iter().map(|c| c.key.clone()).collect();
            let lines = match &b.rows {
                RowsDef::Fixed(lines) => lines.iter().map(|l| l.key.clone()).collect(),
                _ => Vec::new(),
            };
            v.push((def.key.clone(), b.key.clone(), cols, lines));
        }
    }
    v
}

fn stored(pkg: &Package, table: &str, block: &str) -> Vec<Row> {
    pkg.table(table)
        .map(|t| t.rows(block).to_vec())
        .unwrap_or_default()
}

/// A block with stored rows, preferring the largest (code tables), and the row `pick` names.
fn pick_row(pkg: &Package, pick: usize) -> Option<(BlockKeys, usize, Row)> {
    let bl: Vec<BlockKeys> = blocks(pkg)
        .into_iter()
        .filter(|b| !stored(pkg, &b.0, &b.1).is_empty())
        .collect();
    if bl.is_empty() {
        return None;
    }
    let b = bl[pick % bl.len()].clone();
    let rows = stored(pkg, &b.0, &b.1);
    let i = pick / bl.len() % rows.len();
    Some((b, i, rows[i].clone()))
}

fn edit_for(op: &Op, pkg: &Package, catalog: &Catalog) -> Option<Edit> {
    Some(match op {
        Op::Cell { pick, col, cents } => {
            let ((table, block, cols, _), row, _) = pick_row(pkg, *pick)?;
            Edit::SetCell {
                row,
                column: cols[col % cols.len()].clone(),
                value: amount(*cents),
                table,
                block,
            }
        }
        Op::Line { pick, col, cents } => {
            let fixed: Vec<BlockKeys> = blocks(pkg)
                .into_iter()
                .filter(|b| !b.3.is_empty())
                .collect();
            if fixed.is_empty() {
                return None;
            }
            let (table, block, cols, lines) = fixed[pick % fixed.len()].clone();
            Edit::SetLineCell {
                line: lines[pick / fixed.len() % lines.len()].clone(),
                column: cols[col % cols.len()].clone(),
                value: amount(*cents),
                table,
                block,
            }
        }
        Op::Field { pick, code, text } => {
            let ((table, block, _, _), row, old) = pick_row(pkg, *pick)?;
            Edit::SetRowField {
                row,
                field: if *code {
                    RowField::Code
                } else {
                    RowField::Name
                },
                value: if *code {
                    // A sibling, a parent, or a code of another 类.
                    match text % 3 {
                        0 if old.code.len() > 3 => old.code[..old.code.len() - 2].to_string(),
                        1 => format!("{}{:02}", old.code, text % 7),
                        _ => format!("{}", 201 + u32::from(*text % 20)),
                    }
                } else {
                    format!("名称{text}")
                },
                table,
                block,
            }
        }
        Op::Insert { pick, child, cents } => {
            let ((table, block, cols, _), at, old) = pick_row(pkg, *pick)?;
            let mut row = Row {
                code: if *child {
                    format!("{}01", old.code)
                } else {
                    old.code.clone()
                },
                name: old.name.clone(),
                unit: old.unit.clone(),
                ..Row::default()
            };
            row.set_cell(&cols[pick % cols.len()], amount(*cents));
            Edit::InsertRow {
                index: at,
                row,
                table,
                block,
            }
        }
        Op::Delete { pick } => {
            let ((table, block, _, _), index, _) = pick_row(pkg, *pick)?;
            Edit::RemoveRow {
                index,
                table,
                block,
            }
        }
        Op::Paste { pick, cells } => {
            let ((table, block, cols, _), row, _) = pick_row(pkg, *pick)?;
            let n = stored(pkg, &table, &block).len();
            Edit::Batch(
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Edit::SetCell {
                        table: table.clone(),
                        block: block.clone(),
                        row: (row + i / 2) % n,
                        column: cols[(pick + i) % cols.len()].clone(),
                        value: amount(*c),
                    })
                    .collect(),
            )
        }
        Op::Fix { pick } => {
            let fixes: Vec<Edit> = rules::check(pkg, catalog)
                .into_iter()
                .filter_map(|f| f.fix.map(|x| x.edit))
                .collect();
            if fixes.is_empty() {
                return None;
            }
            fixes[pick % fixes.len()].clone()
        }
        Op::Text { pick, digit } => {
            if pick.is_multiple_of(5) {
                return Some(Edit::SetText {
                    target: TextTarget::DepartmentName,
                    text: format!("部门{digit}"),
                });
            }
            if pkg.explanation.is_empty() {
                return None;
            }
            let index = pick % pkg.explanation.len();
            let text = &pkg.explanation[index].text;
            let digits: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            if digits.is_empty() {
                return None;
            }
            let at = digits[pick / 5 % digits.len()];
            let mut t = text.clone();
            t.replace_range(at..at + 1, &char::from(b'0' + digit % 10).to_string());
            Edit::SetSectionText { index, text: t }
        }
        Op::Form { pick, cents } => {
            let n = pkg.project_forms.len();
            if n == 0 {
                return None;
            }
            let form = pick % n;
            if (pick / n).is_multiple_of(2) {
                let fields = [
                    FundField::Total,
                    FundField::Central,
                    FundField::Local,
                    FundField::Other,
                ];
                Edit::SetFormFund {
                    form,
                    period: if pick.is_multiple_of(3) {
                        Period::Implementation
                    } else {
                        Period::Year
                    },
                    field: fields[pick / 7 % fields.len()],
                    value: amount(*cents),
                }
            } else {
                let list = &pkg.project_forms[form].indicators_year;
                if list.is_empty() {
                    return None;
                }
                let index = pick / 11 % list.len();
                let mut indicator = list[index].clone();
                let values = ["≥100%", "≤30万元", "", "30完成", "=100%", "120%", "优"];
                indicator.value = values[pick / 13 % values.len()].to_string();
                Edit::SetIndicator {
                    form: FormRef::Project(form),
                    period: Period::Year,
                    index,
                    indicator,
                }
            }
        }
        Op::Fact { tolerance, cents } => Edit::SetFact {
            field: if *tolerance {
                FactAmount::Tolerance
            } else {
                FactAmount::ProcurementGoods
            },
            value: if *tolerance {
                amount(cents.map(|c| c.rem_euclid(5)))
            } else {
                amount(*cents)
            },
        },
        Op::Undo | Op::Redo => return None,
    })
}

fn cents() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![
        1 => Just(None),
        1 => (-2_000i64..2_000).prop_map(Some),
        2 => (0i64..10_000_000).prop_map(Some),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any::<usize>(), any::<usize>(), cents())
            .prop_map(|(pick, col, cents)| Op::Cell { pick, col, cents }),
        2 => (any::<usize>(), any::<usize>(), cents())
            .prop_map(|(pick, col, cents)| Op::Line { pick, col, cents }),
        2 => (any::<usize>(), any::<bool>(), any::<u16>())
            .prop_map(|(pick, code, text)| Op::Field { pick, code, text }),
        2 => (any::<usize>(), any::<bool>(), cents())
            .prop_map(|(pick, child, cents)| Op::Insert { pick, child, cents }),
        2 => any::<usize>().prop_map(|pick| Op::Delete { pick }),
        2 => (any::<usize>(), prop::collection::vec(cents(), 1..6))
            .prop_map(|(pick, cells)| Op::Paste { pick, cells }),
        2 => any::<usize>().prop_map(|pick| Op::Fix { pick }),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(pick, digit)| Op::Text { pick, digit }),
        2 => (any::<usize>(), cents()).prop_map(|(pick, cents)| Op::Form { pick, cents }),
        1 => (any::<bool>(), cents()).prop_map(|(tolerance, cents)| Op::Fact { tolerance, cents }),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

/// The 山西 sample, the 上海 sample, or a small synthetic package (code tables of a few
/// hundred rows, projects with forms).
fn start(which: u8) -> Package {
    match which % 3 {
        0 => sample::sample(),
        1 => sample::shanghai_sample(),
        _ => synth::generate(synth::Size {
            codes: 60,
            projects: 6,
            units: 3,
        }),
    }
}

/// The checker agrees with a full check and with views computed afresh.
fn agrees(checker: &Checker, pkg: &Package, catalog: &Catalog) -> Result<(), TestCaseError> {
    let full = rules::check(pkg, catalog);
    let got = checker.findings();
    let rules_of = |fs: &[rules::Finding]| -> std::collections::BTreeMap<String, usize> {
        let mut m = std::collections::BTreeMap::new();
        for f in fs {
            *m.entry(f.rule.to_string()).or_insert(0) += 1;
        }
        m
    };
    prop_assert_eq!(
        got.len(),
        full.len(),
        "number of findings, by rule: {:?} vs {:?}",
        rules_of(got),
        rules_of(&full)
    );
    for (i, (a, b)) in got.iter().zip(&full).enumerate() {
        prop_assert_eq!(a, b, "finding {}", i);
    }
    for def in &pkg.layout().tables {
        let kept = checker.view(&def.key);
        prop_assert!(kept.is_some(), "view of {}", def.key);
        let fresh = table_view(pkg, catalog, def);
        prop_assert!(
            kept.is_some_and(|v| **v == fresh),
            "view of {} differs",
            def.key
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn incremental_findings_equal_a_full_check_after_every_step(
        which in any::<u8>(),
        ops in prop::collection::vec((op(), any::<bool>()), 1..14),
    ) {
        let catalog = Catalog::builtin();
        let mut doc = Document::new(start(which), Origin::New);
        let mut checker = Checker::new(&doc.pkg, catalog);
        let mut rev = doc.revision();
        agrees(&checker, &doc.pkg, catalog)?;
        for (op, sync) in &ops {
            match op {
                Op::Undo => {
                    doc.undo();
                }
                Op::Redo => {
                    doc.redo();
                }
                _ => {
                    if let Some(e) = edit_for(op, &doc.pkg, catalog) {
                        doc.apply("编辑", e);
                    }
                }
            }
            // Sometimes two steps come between updates (two edits in one frame).
            if *sync {
                let touched = doc.changes_since(rev);
                prop_assert!(touched.is_some());
                checker.update(&doc.pkg, &touched.unwrap_or_default());
                rev = doc.revision();
                agrees(&checker, &doc.pkg, catalog)?;
            }
        }
        let touched = doc.changes_since(rev).unwrap_or_default();
        checker.update(&doc.pkg, &touched);
        agrees(&checker, &doc.pkg, catalog)?;
    }
}

/// An amount typed into a code table is updated in place: the view of the table keeps the
/// same rows, with the new amount in the row, its 款 and 类 and the 合计, as computed afresh.
#[test]
fn an_amount_typed_into_a_code_table_updates_its_tree() {
    let catalog = Catalog::builtin();
    let mut doc = Document::new(
        synth::generate(synth::Size {
            codes: 200,
            projects: 4,
            units: 2,
        }),
        Origin::New,
    );
    let mut checker = Checker::new(&doc.pkg, catalog);
    let before = checker.view("t2").map(|v| (**v).clone());
    let rev = doc.revision();
    doc.apply(
        "输入",
        Edit::SetCell {
            table: "t2".into(),
            block: "main".into(),
            row: 17,
            column: "general".into(),
            value: Amount::parse("123456.78").unwrap_or_default(),
        },
    );
    let touched = doc.changes_since(rev).unwrap_or_default();
    assert_eq!(touched.blocks.len(), 1);
    assert_eq!(touched.blocks[0].cells, Some(vec![17]));
    assert!(checker.update(&doc.pkg, &touched));
    let after = checker.view("t2").map(|v| (**v).clone());
    let (Some(before), Some(after)) = (before, after) else {
        panic!("no view of t2");
    };
    let def = doc.pkg.layout().table("t2").unwrap();
    assert_eq!(after, table_view(&doc.pkg, catalog, def));
    // The row, its 款, its 类 and the 合计 changed; nothing else.
    let changed = before.blocks[0]
        .rows
        .iter()
        .zip(&after.blocks[0].rows)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 4);
    // The new amount unbalances the package: the checker says so, as a full check does.
    assert_eq!(
        checker.findings(),
        rules::check(&doc.pkg, catalog).as_slice()
    );
    assert!(checker.findings().iter().any(|f| f.rule.starts_with('X')));
}

/// The document remembers what its last changes touched; a cache further behind than that is
/// told to check in full (`None`), never given a partial list.
#[test]
fn a_cache_too_far_behind_is_told_to_check_in_full() {
    let mut doc = Document::new(sample::sample(), Origin::New);
    for i in 0..70 {
        doc.apply(
            "输入",
            Edit::SetFact {
                field: FactAmount::ProcurementGoods,
                value: amount(Some(i + 1)),
            },
        );
    }
    assert_eq!(doc.revision(), 70);
    assert!(doc.changes_since(0).is_none());
    let last = doc.changes_since(69).unwrap_or_default();
    assert!(last.rest && !last.all && last.blocks.is_empty());
    assert!(
        doc.changes_since(doc.revision())
            .is_some_and(|t| t.is_empty())
    );
    // Undo touches what the edit touched.
    doc.undo();
    let undone = doc.changes_since(70).unwrap_or_default();
    assert!(undone.rest && undone.blocks.is_empty());
}

/// A package large enough to be rechecked on two threads (each with its own context): after
/// every kind of edit, the findings are a full check's.
#[test]
fn a_large_package_checked_on_two_threads_agrees_with_a_full_check() {
    let catalog = Catalog::builtin();
    let pkg = synth::generate(synth::Size {
        codes: 7_000,
        projects: 40,
        units: 5,
    });
    let rows: usize = pkg
        .tables
        .values()
        .map(|t| t.blocks.values().map(Vec::len).sum::<usize>())
        .sum();
    assert!(
        rows >= budget_disclosure::rules::PARALLEL_ROWS,
        "{rows} rows: the two-thread path is taken"
    );
    let mut doc = Document::new(pkg, Origin::New);
    let mut checker = Checker::new(&doc.pkg, catalog);
    let ops = [
        Op::Cell {
            pick: 11,
            col: 0,
            cents: Some(-250),
        },
        Op::Cell {
            pick: 5_003,
            col: 1,
            cents: Some(99_999),
        },
        Op::Form {
            pick: 3,
            cents: Some(123_400),
        },
        Op::Text { pick: 2, digit: 7 },
        Op::Line {
            pick: 1,
            col: 0,
            cents: None,
        },
        Op::Insert {
            pick: 12_000,
            child: true,
            cents: Some(500),
        },
        Op::Delete { pick: 40 },
        Op::Fix { pick: 0 },
        Op::Fact {
            tolerance: false,
            cents: Some(10_000),
        },
        Op::Paste {
            pick: 19_000,
            cells: vec![Some(1), None, Some(2_000_000)],
        },
    ];
    let mut applied = 0;
    for op in &ops {
        let rev = doc.revision();
        if let Some(e) = edit_for(op, &doc.pkg, catalog) {
            doc.apply("编辑", e);
            applied += 1;
        }
        let touched = doc.changes_since(rev).unwrap_or_default();
        checker.update(&doc.pkg, &touched);
        if let Err(e) = agrees(&checker, &doc.pkg, catalog) {
            panic!("after {op:?}: {e}");
        }
    }
    assert!(applied >= 8, "{applied} of the edits applied");
}
