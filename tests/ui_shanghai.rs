//! The window on the 上海 layout (egui_kittest, headless): 打开示例 opens the 上海 sample, its
//! tables are listed and edited in 元 (a 1 元 change is an error, not 尾差), and 文件 › 新建 asks
//! for the layout, built in or from a layout file typed into the path field.

#[path = "common/harness.rs"]
mod common;
use common::harness;

use budget_disclosure::model::Amount;
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::commands::AppCommand;
use budget_disclosure::ui::dialogs::Dialog;
use egui::{Event, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::str::FromStr;

fn settle(h: &mut Harness<'_, BudgetApp>) {
    h.run_steps(3);
}

#[test]
fn the_shanghai_sample_opens_lists_its_nine_tables_and_edits_in_yuan() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::OpenSample(1));
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.layout, "shanghai-unit");
    let before = h.state_mut().findings().len();
    // The nav lists the 上海 tables by their numbers and titles.
    h.get_by_label("表2 预算单位收入预算总表").click();
    settle(&mut h);
    assert_eq!(h.state().current_table(), Some("t2"));
    h.get_by_label("表9 单位“三公”经费和机关运行经费预算表")
        .click();
    settle(&mut h);
    assert_eq!(h.state().current_table(), Some("t9"));
    // One 元 more on 行政运行's 基本支出 in table 3: the totals move and the cross-table rules
    // call it an error (元 tables have no 尾差).
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2010301", Some("basic"))
    );
    settle(&mut h);
    h.event(Event::Text("11919502.84".into()));
    settle(&mut h);
    h.key_press(Key::Enter);
    settle(&mut h);
    let app = h.state_mut();
    let view = app.view_of("t3").expect("t3");
    let def = app.doc.pkg.layout().table("t3").expect("t3");
    assert_eq!(
        view.blocks[0]
            .total()
            .map(|r| r.cell(&def.blocks[0], "basic")),
        Some(Amount::new(
            rust_decimal::Decimal::from_str("24606776.35").unwrap()
        ))
    );
    let findings = app.findings().to_vec();
    assert!(findings.len() > before);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "X2" && f.severity == budget_disclosure::rules::Severity::Error),
        "{findings:#?}"
    );
}

#[test]
fn new_asks_for_the_layout_and_takes_a_layout_file_from_the_path_field() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().native_dialogs = false;
    h.state_mut().run(AppCommand::New);
    settle(&mut h);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/layouts/county-3.ron"
    );
    match &mut h.state_mut().dialog {
        Some(Dialog::New {
            layouts,
            layout_path,
            ..
        }) => {
            assert!(layouts.iter().any(|l| l.id == "shanghai-dept"));
            *layout_path = path.to_string();
        }
        _ => panic!("新建 asks in a dialog"),
    }
    settle(&mut h);
    h.get_by_label("载入").click();
    settle(&mut h);
    h.get_by_label("创建").click();
    settle(&mut h);
    let pkg = &h.state().doc.pkg;
    assert_eq!(pkg.layout, "county-3");
    assert_eq!(pkg.tables.len(), 3);
    assert!(pkg.custom_layout.is_some());
}

#[test]
fn a_broken_layout_file_is_refused_in_the_dialog_with_its_message() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::New);
    settle(&mut h);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/layouts/broken-sum.ron"
    );
    if let Some(Dialog::New { layout_path, .. }) = &mut h.state_mut().dialog {
        *layout_path = path.to_string();
    }
    settle(&mut h);
    h.get_by_label("载入").click();
    settle(&mut h);
    match &h.state().dialog {
        Some(Dialog::New { error, .. }) => {
            let e = error.as_deref().unwrap_or_default();
            assert!(e.contains("合计所列的列“projects”不存在"), "{e}");
        }
        _ => panic!("the dialog stays open"),
    }
    assert_eq!(h.state().doc.pkg.layout, "shanxi-13");
}

#[test]
fn the_text_pages_show_the_shanghai_parts_and_project_notes() {
    let text = include_str!("fixtures/shanghai/putuo_commerce_2025_dept.budget.ron");
    let pkg = budget_disclosure::io::project::from_str(text).expect("parses");
    let app = BudgetApp::with_package(pkg, budget_disclosure::model::document::Origin::Sample);
    let mut h = harness(app);
    settle(&mut h);
    h.state_mut().nav.page = budget_disclosure::ui::nav::Page::Overview;
    settle(&mut h);
    assert!(h.query_by_label("一、主要职能").is_some());
    h.state_mut().nav.page = budget_disclosure::ui::nav::Page::Explanation;
    settle(&mut h);
    assert!(h.query_by_label("项目经费情况说明").is_some());
    assert_eq!(h.query_all_by_label("一、项目概述").count(), 4);
    assert_eq!(h.query_all_by_label("七、绩效目标").count(), 4);
}
