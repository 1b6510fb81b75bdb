//! 文件 › 导入 › 已公开的预算（PDF） in the window (egui_kittest, headless): the imported package
//! replaces the document, unsaved, and the import report is shown.

#[path = "common/harness.rs"]
mod common;
use budget_disclosure::ui::BudgetApp;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

#[test]
fn importing_a_published_pdf_shows_its_report() {
    let mut h = common::harness(BudgetApp::sample());
    h.run_steps(3);
    h.get_by_label("文件").click();
    h.run_steps(2);
    assert!(
        h.query_by_label("导入").is_some(),
        "the 导入 submenu is in 文件"
    );
    let pdf = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/putuo_office_2025_unit.pdf");
    h.state_mut().import_published(&pdf);
    h.run_steps(3);
    assert_eq!(h.state().doc.pkg.layout, "shanghai-unit");
    assert_eq!(h.state().doc.pkg.year, 2025);
    assert!(h.state().doc.path().is_none(), "not saved anywhere yet");
    assert!(h.query_by_label("导入报告").is_some());
    assert!(h.query_by_label_contains("表格：找到 9 / 9 张").is_some());
}
