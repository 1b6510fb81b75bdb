//! 自动 tables in the window (egui_kittest, headless): table 1 emptied and set to 自动 shows
//! the sample's figures computed from the detail tables, shaded with what they follow from; a
//! value typed over one is kept and checked; deleting it makes the cell automatic again; undo
//! takes everything back, the switch included.

#[path = "common/harness.rs"]
mod common;
use common::harness;
#[path = "common/rng.rs"]
mod rng;

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::sample;
use budget_disclosure::model::derive::resolve;
use budget_disclosure::model::document::Origin;
use budget_disclosure::model::{Amount, Package};
use budget_disclosure::rules;
use budget_disclosure::ui::BudgetApp;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::str::FromStr;

fn settle(h: &mut Harness<'_, BudgetApp>) {
    h.run_steps(3);
}

fn amt(s: &str) -> Amount {
    Amount::new(rust_decimal::Decimal::from_str(s).expect("test literal"))
}

/// A line's amount as the grid of the shown table draws it.
fn shown(app: &BudgetApp, block: &str, line: &str, column: &str) -> Amount {
    let view = app.view_of("t1").expect("table 1");
    let def = app.doc.pkg.layout().table("t1").expect("table 1");
    let b = def.blocks.iter().position(|x| x.key == block).expect(block);
    view.blocks[b]
        .find(line)
        .map(|r| r.cell(&def.blocks[b], column))
        .unwrap_or_default()
}

/// The amount stored (typed) in table 1 for a line.
fn stored(p: &Package, block: &str, line: &str, column: &str) -> Amount {
    p.tables
        .get("t1")
        .map(|t| t.rows(block))
        .unwrap_or_default()
        .iter()
        .find(|r| r.code == line)
        .map(|r| r.cell(column))
        .unwrap_or_default()
}

fn x1_on_general(app: &mut BudgetApp) -> usize {
    app.findings()
        .iter()
        .filter(|f| {
            f.rule == "X1"
                && f.location.table.as_deref() == Some("t1")
                && f.location.row.as_deref() == Some("general")
        })
        .count()
}

#[test]
fn table_1_in_auto_mode_shows_computed_cells_and_keeps_a_typed_value() {
    let s = sample();
    let mut emptied = s.clone();
    emptied.table_mut("t1").blocks.clear();
    let mut h = harness(BudgetApp::with_package(emptied.clone(), Origin::New));
    h.state_mut().show_table("t1");
    settle(&mut h);
    // Emptied, table 1 disagrees with tables 2 and 3.
    assert!(x1_on_general(h.state_mut()) > 0);
    assert!(h.state().derived_cells().is_empty());

    h.get_by_label("自动计算本表").click();
    settle(&mut h);
    let app = h.state_mut();
    assert!(app.doc.pkg.tables["t1"].auto);
    // Nothing typed: the file keeps only the switch.
    assert!(app.doc.pkg.tables["t1"].blocks.is_empty());
    // The grid draws the sample's figures, computed.
    assert_eq!(shown(app, "income", "general", "amount"), amt("262.76"));
    assert_eq!(shown(app, "expenditure", "201", "current"), amt("240.65"));
    assert_eq!(shown(app, "expenditure", "221", "current"), amt("7.74"));
    assert_eq!(
        shown(app, "expenditure", "grand_total", "total"),
        amt("262.76")
    );
    let tips: Vec<&String> = app.derived_cells().values().collect();
    assert!(tips.len() >= 5, "{tips:?}");
    assert!(
        tips.iter()
            .any(|t| t.contains("自动计算") && t.contains("表3") && t.contains("240.65")),
        "{tips:?}"
    );
    // The rules see what is drawn: the sample's findings, no X1 on table 1.
    assert_eq!(x1_on_general(app), 0);
    let ids = |v: &[rules::Finding]| {
        let mut v: Vec<(String, String)> = v
            .iter()
            .map(|f| (f.rule.clone(), f.message.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        ids(app.findings()),
        ids(&rules::check(&s, Catalog::builtin()))
    );

    // Type over the computed 一般公共预算 income: kept as stated, and checked.
    assert!(app.select_cell("t1", Some("income"), "general", Some("amount")));
    settle(&mut h);
    h.event(Event::Text("300".into()));
    settle(&mut h);
    h.key_press(Key::Enter);
    settle(&mut h);
    let app = h.state_mut();
    assert_eq!(
        stored(&app.doc.pkg, "income", "general", "amount"),
        amt("300")
    );
    assert_eq!(shown(app, "income", "general", "amount"), amt("300"));
    assert!(x1_on_general(app) > 0, "a stated 300 ≠ 262.76 is reported");
    // The other computed cells stay computed.
    assert_eq!(shown(app, "expenditure", "201", "current"), amt("240.65"));
    // The findings are a full check's of what is drawn.
    let resolved = resolve(&app.doc.pkg, Catalog::builtin()).expect("an auto table");
    assert_eq!(
        app.findings(),
        rules::check(&resolved.package, Catalog::builtin()).as_slice()
    );

    // Deleting the stated value makes the cell automatic again.
    assert!(app.select_cell("t1", Some("income"), "general", Some("amount")));
    settle(&mut h);
    h.key_press(Key::Delete);
    settle(&mut h);
    let app = h.state_mut();
    assert!(stored(&app.doc.pkg, "income", "general", "amount").is_empty());
    assert_eq!(shown(app, "income", "general", "amount"), amt("262.76"));
    assert_eq!(x1_on_general(app), 0);

    // Undo: the delete, the typed value, then the switch itself.
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        settle(&mut h);
    }
    let app = h.state_mut();
    assert_eq!(app.doc.pkg, emptied);
    assert!(app.derived_cells().is_empty());
    assert!(x1_on_general(app) > 0);
    assert!(shown(app, "income", "general", "amount").is_empty());
}

#[test]
fn the_edit_menu_switches_the_table_shown_and_only_a_summary_table() {
    let mut h = harness(BudgetApp::sample());
    h.state_mut().show_table("t3");
    settle(&mut h);
    // Table 3 is a detail table: no switch above its grid, and the command refuses.
    assert!(h.query_by_label("自动计算本表").is_none());
    h.state_mut()
        .run(budget_disclosure::ui::commands::AppCommand::ToggleAuto);
    settle(&mut h);
    assert!(!h.state().doc.can_undo());
    assert!(h.state().status.contains("汇总表"));

    h.state_mut().show_table("t4");
    settle(&mut h);
    h.get_by_label("编辑").click();
    settle(&mut h);
    h.get_by_label("自动计算本表").click();
    settle(&mut h);
    assert!(h.state().doc.pkg.tables["t4"].auto);
    // The sample's table 4 is typed in full: nothing is computed over it.
    assert!(h.state().derived_cells().is_empty());
    h.state_mut()
        .run(budget_disclosure::ui::commands::AppCommand::Undo);
    settle(&mut h);
    assert_eq!(h.state().doc.pkg, sample());
}

/// The window's findings with 自动 tables stay a full check's of what it draws, edit after
/// edit: an amount typed into a detail table moves the computed cells of the summary tables,
/// and the incremental checker must re-read them (seeded random edits, undo and redo).
#[test]
fn with_auto_tables_the_incremental_findings_equal_a_full_check_of_what_is_drawn() {
    use budget_disclosure::model::edit::Edit;
    let cat = Catalog::builtin();
    let steps = rng::env_count("AUTO_STEPS", 20);
    let mut r = rng::Rng(rng::env_count("AUTO_SEED", 7) as u64);
    for start in 0..2 {
        let mut p = budget_disclosure::io::sample::sample_at(start);
        let summaries: Vec<String> = p
            .layout()
            .tables
            .iter()
            .filter(|t| budget_disclosure::model::derive::SUMMARY_KINDS.contains(&t.kind))
            .map(|t| t.key.clone())
            .collect();
        let first = summaries[0].clone();
        p.table_mut(&first).blocks.clear();
        p.table_mut(&first).auto = true;
        let mut app = BudgetApp::with_package(p, Origin::New);
        app.findings();
        for step in 0..steps {
            let pkg = &app.doc.pkg;
            match r.below(8) {
                0 => {
                    app.doc.undo();
                }
                1 => {
                    app.doc.redo();
                }
                2 => {
                    let t = r.pick(&summaries).clone();
                    let auto = !pkg.tables.get(&t).is_some_and(|d| d.auto);
                    app.doc.apply(
                        "自动",
                        Edit::SetTableAuto {
                            table: t,
                            auto,
                            drop: false,
                        },
                    );
                }
                _ => {
                    // An amount typed into a stored row of any table (detail or summary).
                    let rows: Vec<(String, String, usize, String)> = pkg
                        .layout()
                        .tables
                        .iter()
                        .flat_map(|d| {
                            d.blocks.iter().flat_map(move |b| {
                                let n = pkg.tables.get(&d.key).map_or(0, |t| t.rows(&b.key).len());
                                (0..n).flat_map(move |i| {
                                    b.columns.iter().map(move |c| {
                                        (d.key.clone(), b.key.clone(), i, c.key.clone())
                                    })
                                })
                            })
                        })
                        .collect();
                    if rows.is_empty() {
                        continue;
                    }
                    let (table, block, row, column) = r.pick(&rows).clone();
                    let value = match r.below(4) {
                        0 => Amount::EMPTY,
                        _ => Amount::new(rust_decimal::Decimal::new(r.below(100_000) as i64, 2)),
                    };
                    app.doc.apply(
                        "输入",
                        Edit::SetCell {
                            table,
                            block,
                            row,
                            column,
                            value,
                        },
                    );
                }
            }
            let got = app.findings().to_vec();
            let full = rules::check(
                &budget_disclosure::model::derive::resolved(&app.doc.pkg, cat),
                cat,
            );
            assert_eq!(got, full, "start {start}, step {step}");
        }
    }
}
