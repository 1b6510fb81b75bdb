//! Headless UI tests of the editor window (egui_kittest): typing, undo, paste, refusal of bad
//! amounts, findings navigation, code completion and IME text, all asserted on the model.

#[path = "common/harness.rs"]
mod common;
use common::harness;

use budget_disclosure::model::Amount;
use budget_disclosure::model::view::TableView;
use budget_disclosure::rules::{self, Finding};
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::dialogs::Dialog;
use budget_disclosure::ui::grid::Cell;
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

/// The amount of a view row by code (or line key) and column key.
fn cell(app: &BudgetApp, table: &str, code: &str, column: &str) -> Amount {
    let view: TableView = app.view_of(table).expect("table exists");
    let def = app.doc.pkg.layout().table(table).expect("table exists");
    let block = &def.blocks[0];
    view.blocks[0]
        .find(code)
        .map(|r| r.cell(block, column))
        .unwrap_or_default()
}

fn total(app: &BudgetApp, table: &str, column: &str) -> Amount {
    let view = app.view_of(table).expect("table exists");
    let def = app.doc.pkg.layout().table(table).expect("table exists");
    view.blocks[0]
        .total()
        .map(|r| r.cell(&def.blocks[0], column))
        .unwrap_or_default()
}

fn type_into(h: &mut Harness<'_, BudgetApp>, text: &str) {
    h.event(Event::Text(text.into()));
    settle(h);
    h.key_press(Key::Enter);
    settle(h);
}

fn findings(app: &mut BudgetApp) -> Vec<Finding> {
    app.findings().to_vec()
}

#[test]
fn typing_20_updates_totals_subtotals_and_findings_and_undo_restores_them() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let before_pkg = h.state().doc.pkg.clone();
    let before_findings = findings(h.state_mut());
    assert_eq!(cell(h.state(), "t3", "2014001", "basic"), amt("19.56"));
    assert_eq!(total(h.state(), "t3", "total"), amt("262.76"));

    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "20");

    let app = h.state_mut();
    assert_eq!(cell(app, "t3", "2014001", "basic"), amt("20"));
    assert_eq!(total(app, "t3", "basic"), amt("95.20"));
    assert_eq!(total(app, "t3", "total"), amt("263.20"));
    assert_eq!(cell(app, "t3", "201", "total"), amt("241.09"));
    assert_eq!(cell(app, "t3", "20140", "basic"), amt("73.09"));
    assert!(app.doc.is_dirty());
    assert!(app.title().ends_with(" *"), "title {}", app.title());
    // The panel shows the findings of the edited package, recomputed in the same frame.
    let after_findings = findings(app);
    assert_eq!(after_findings, rules::check(&app.doc.pkg, app.catalog()));
    if rules::RULES.iter().any(|r| r.id == "X2") {
        // Table 2 no longer agrees with table 3 for 2014001: the cross-table rules say so.
        assert_ne!(after_findings, before_findings);
        assert!(
            after_findings
                .iter()
                .any(|f| f.rule.starts_with('X') && !before_findings.contains(f)),
            "no new X finding after typing 20"
        );
    }

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let app = h.state_mut();
    assert_eq!(app.doc.pkg, before_pkg);
    assert_eq!(total(app, "t3", "total"), amt("262.76"));
    assert_eq!(cell(app, "t3", "201", "total"), amt("240.65"));
    assert_eq!(findings(app), before_findings);
    assert!(!app.doc.is_dirty());

    // Redo with Ctrl+Y, then undo again with Ctrl+Shift+Z's opposite.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    settle(&mut h);
    assert_eq!(total(h.state(), "t3", "total"), amt("263.20"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    assert_eq!(total(h.state(), "t3", "total"), amt("263.20"));
}

#[test]
fn a_new_negative_amount_appears_in_the_findings_in_the_same_frame() {
    // Tall enough that the whole list of errors is in view (errors come first, by place).
    let mut h = common::harness_sized(BudgetApp::sample(), egui::vec2(1400.0, 2400.0));
    settle(&mut h);
    let n_before = findings(h.state_mut()).len();
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014004", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "-5");
    let after = findings(h.state_mut());
    assert!(after.len() > n_before);
    assert!(after.iter().any(|f| f.rule == "S1"));
    assert!(h.query_by_label_contains("负数金额").is_some());
}

#[test]
fn pasting_a_3x2_block_fills_six_cells_as_one_step() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let before = h.state().doc.pkg.clone();
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    // As Excel/WPS copy it: thousands separators, padding, CRLF and a final line break.
    h.event(Event::Paste("1,001.50 \t2\r\n3\t 4 \r\n5\t6\r\n".into()));
    settle(&mut h);
    let app = h.state();
    assert_eq!(cell(app, "t3", "2014001", "basic"), amt("1001.50"));
    assert_eq!(cell(app, "t3", "2014001", "project"), amt("2"));
    assert_eq!(cell(app, "t3", "2014004", "basic"), amt("3"));
    assert_eq!(cell(app, "t3", "2014004", "project"), amt("4"));
    assert_eq!(cell(app, "t3", "2014050", "basic"), amt("5"));
    assert_eq!(cell(app, "t3", "2014050", "project"), amt("6"));
    assert_eq!(cell(app, "t3", "20140", "total"), amt("1021.50"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(h.state().doc.pkg, before);
}

#[test]
fn a_letter_in_a_money_cell_is_refused_with_a_message_and_the_model_is_unchanged() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let before = h.state().doc.pkg.clone();
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "1a");
    let app = h.state();
    let err = app.grid.edit_error().unwrap_or_default().to_string();
    assert!(err.contains("不是金额"), "error shown: {err:?}");
    assert!(
        app.grid.is_editing(),
        "the editor stays open with the bad text"
    );
    assert_eq!(app.doc.pkg, before);
    assert!(!app.doc.is_dirty());
    assert!(h.query_all_by_label_contains("不是金额").count() >= 1);
    // Esc gives up; the previous value stays.
    h.key_press(Key::Escape);
    settle(&mut h);
    assert!(!h.state().grid.is_editing());
    assert_eq!(cell(h.state(), "t3", "2014001", "basic"), amt("19.56"));
}

#[test]
fn clicking_a_finding_selects_its_cell() {
    // Tall enough that the whole list of errors is in view (errors come first, by place).
    let mut h = common::harness_sized(BudgetApp::sample(), egui::vec2(1400.0, 2400.0));
    settle(&mut h);
    // Make sure there is a finding with a cell: a negative amount in table 3.
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014004", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "-5");
    let target = h.state().grid.selection.cursor;
    let expected = Cell {
        row: target.row - 1,
        ..target
    };
    // Move away, and to another table.
    h.state_mut().show_table("t1");
    settle(&mut h);
    h.get_by_label_contains("出现负数金额").click();
    settle(&mut h);
    let app = h.state();
    assert_eq!(app.current_table(), Some("t3"));
    assert_eq!(app.grid.selection.cursor, expected);
}

#[test]
fn typing_a_code_fills_its_name_and_shows_completions() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    h.get_by_label("插入行").click();
    settle(&mut h);
    let n = h.state().doc.pkg.tables["t3"].rows("main").len();
    // The new row is selected on its code cell.
    h.event(Event::Text("20805".into()));
    settle(&mut h);
    assert!(
        h.query_by_label_contains("2080501").is_some(),
        "completion list shown"
    );
    h.event(Event::Text("01".into()));
    settle(&mut h);
    h.key_press(Key::Enter);
    settle(&mut h);
    // Inserted below the cursor's row (2014001), typed there.
    let rows = h.state().doc.pkg.tables["t3"].rows("main");
    assert_eq!(rows.len(), n);
    let below = rows
        .iter()
        .position(|r| r.code == "2014001")
        .expect("the row the cursor was on")
        + 1;
    assert_eq!(rows[below].code, "2080501");
    assert_eq!(rows[below].name, "行政单位离退休");
}

#[test]
fn an_empty_table_says_so() {
    let mut h = harness(BudgetApp::sample());
    h.state_mut().show_table("t7");
    settle(&mut h);
    assert!(h.query_by_label("注：本表无数据").is_some());
    h.state_mut().show_table("t3");
    settle(&mut h);
    assert!(h.query_by_label("注：本表无数据").is_none());
}

#[test]
fn ime_composition_types_chinese_into_a_name_cell() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(h.state_mut().select_cell("t3", None, "2014001", None));
    settle(&mut h);
    h.key_press(Key::F2);
    settle(&mut h);
    assert!(h.state().grid.is_editing());
    // What winit sends for a pinyin input method: preedit updates, then the commit.
    h.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "xin".into(),
        active_range_chars: None,
    }));
    settle(&mut h);
    h.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "信".into(),
        active_range_chars: None,
    }));
    settle(&mut h);
    h.event(Event::Ime(egui::ImeEvent::Commit("信访".into())));
    settle(&mut h);
    h.key_press(Key::Enter);
    settle(&mut h);
    let app = h.state();
    let row = app.doc.pkg.tables["t3"]
        .rows("main")
        .iter()
        .find(|r| r.code == "2014001")
        .expect("row");
    assert_eq!(row.name, "行政运行信访");
}

#[test]
fn arrows_and_tab_move_the_cursor() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    let start = h.state().grid.selection.cursor;
    h.key_press(Key::ArrowDown);
    settle(&mut h);
    assert_eq!(h.state().grid.selection.cursor.row, start.row + 1);
    h.key_press(Key::Tab);
    settle(&mut h);
    assert_eq!(h.state().grid.selection.cursor.col, start.col + 1);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    settle(&mut h);
    let sel = h.state().grid.selection;
    assert_eq!(sel.anchor.row, start.row + 1);
    assert_eq!(sel.cursor.row, start.row + 2);
    // Delete clears the two selected 项目支出 cells (one empty already) as one step.
    h.key_press(Key::Delete);
    settle(&mut h);
    assert_eq!(cell(h.state(), "t3", "2014004", "project"), Amount::EMPTY);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(cell(h.state(), "t3", "2014004", "project"), amt("168.00"));
}

#[test]
fn ime_composition_on_a_selected_name_cell_starts_editing() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(h.state_mut().select_cell("t3", None, "2014001", None));
    settle(&mut h);
    // The grid asks for the input method on a text cell (egui reports an IME area).
    assert!(h.output().platform_output.ime.is_some());
    h.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "x".into(),
        active_range_chars: None,
    }));
    settle(&mut h);
    assert!(h.state().grid.is_editing());
    h.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "xin".into(),
        active_range_chars: None,
    }));
    settle(&mut h);
    h.event(Event::Ime(egui::ImeEvent::Commit("信访".into())));
    settle(&mut h);
    h.key_press(Key::Enter);
    settle(&mut h);
    let row = h.state().doc.pkg.tables["t3"]
        .rows("main")
        .iter()
        .find(|r| r.code == "2014001")
        .cloned()
        .expect("row");
    assert_eq!(row.name, "信访");
}

#[test]
fn title_save_and_asking_before_closing_with_unsaved_changes() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert_eq!(
        h.state().title(),
        "部门预算公开编制器 — 长治市屯留区信访局 2026 — 示例"
    );
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "20");
    assert!(h.state().title().ends_with("示例 *"));

    // A close request with unsaved changes is cancelled and asks first.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    settle(&mut h);
    assert!(h.query_by_label("有未保存的修改").is_some());
    h.get_by_label("取消").click();
    settle(&mut h);
    assert!(h.query_by_label("有未保存的修改").is_none());

    // 保存 with no file and no system dialog offers a path field.
    let dir = std::env::temp_dir().join(format!("budget-ui-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("信访局.budget.ron");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert!(h.state().status.contains("请直接输入文件路径"));
    match &mut h.state_mut().dialog {
        Some(Dialog::Path { text, .. }) => *text = path.display().to_string(),
        _ => panic!("no path field offered"),
    }
    settle(&mut h);
    h.get_by_label("确定").click();
    settle(&mut h);
    assert!(h.state().dialog.is_none());
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().title().ends_with("信访局.budget.ron"));
    let reopened = budget_disclosure::io::project::load(&path).expect("saved file loads");
    assert_eq!(reopened, h.state().doc.pkg);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn autosave_is_offered_back_after_a_crash() {
    let dir = std::env::temp_dir().join(format!("budget-ui-recovery-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut app = BudgetApp::sample();
    app.config_dir = Some(dir.clone());
    let mut h = harness(app);
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "20");
    h.state_mut().autosave();
    let edited = h.state().doc.pkg.clone();
    // The process "crashes": nothing removes the recovery file. The next start offers it.
    drop(h);
    let mut h = harness(BudgetApp::start(None, Some(dir.clone())));
    settle(&mut h);
    assert!(h.query_by_label("发现自动保存的内容").is_some());
    h.get_by_label("恢复").click();
    settle(&mut h);
    assert_eq!(h.state().doc.pkg, edited);
    assert!(h.state().doc.is_dirty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_windows_on_two_files_keep_separate_recovery_files() {
    use budget_disclosure::io::project;
    use budget_disclosure::model::edit::{Edit, TextTarget};
    let dir = std::env::temp_dir().join(format!("budget-ui-two-windows-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    let (a, b) = (dir.join("a.budget.ron"), dir.join("b.budget.ron"));
    let sample = budget_disclosure::io::sample::sample();
    project::save(&sample, &a).unwrap();
    project::save(&sample, &b).unwrap();
    let mut edited = Vec::new();
    for (path, name) in [(&a, "甲局"), (&b, "乙局")] {
        let mut app = BudgetApp::start(Some(path.clone()), Some(config.clone()));
        app.doc.apply(
            "改名",
            Edit::SetText {
                target: TextTarget::DepartmentName,
                text: name.into(),
            },
        );
        app.autosave();
        edited.push(app.doc.pkg.clone());
    }
    // Each file's next window offers its own recovery, with its own content.
    for (path, want) in [(&a, &edited[0]), (&b, &edited[1])] {
        let app = BudgetApp::start(Some(path.clone()), Some(config.clone()));
        let Some(Dialog::Recovery { file, original, .. }) = &app.dialog else {
            panic!("no recovery offered for {}", path.display());
        };
        assert_eq!(original.as_ref(), Some(path));
        assert_eq!(&project::load(file).unwrap(), want);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_c_copies_the_selected_range_as_tab_separated_text() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(h.state_mut().select_cell("t3", None, "2014001", None));
    settle(&mut h);
    // Name, 合计, 基本支出 of 2014001 and 2014004.
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    settle(&mut h);
    h.event(Event::Copy);
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        copied,
        vec!["行政运行\t19.56\t19.56\n信访业务\t170.53\t2.53\n".to_string()]
    );
}

#[test]
fn after_clicking_a_table_in_the_list_the_keys_go_to_its_grid() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.get_by_label("表3 预算支出总表").click();
    settle(&mut h);
    assert_eq!(h.state().current_table(), Some("t3"));
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowRight);
    h.key_press(Key::ArrowRight);
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    // 合计, 201, 20140, then 2014001; code, name, 合计, then 基本支出.
    type_into(&mut h, "20");
    assert_eq!(cell(h.state(), "t3", "2014001", "basic"), amt("20"));
}

#[test]
fn opening_another_file_with_unsaved_changes_asks_first() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "20");
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut h);
    assert!(h.query_by_label("有未保存的修改").is_some());
    // 不保存: the open goes on (here to the path field, as there is no system dialog).
    h.get_by_label("不保存").click();
    settle(&mut h);
    assert!(matches!(h.state().dialog, Some(Dialog::Path { .. })));
    // Cancelling the open keeps the edit, still marked unsaved.
    h.get_by_label("取消").click();
    settle(&mut h);
    assert_eq!(cell(h.state(), "t3", "2014001", "basic"), amt("20"));
    assert!(h.state().doc.is_dirty());
}

#[test]
fn leaving_a_table_while_typing_keeps_what_was_typed() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    // Typed but not confirmed, then another table is chosen in the list.
    h.event(Event::Text("21".into()));
    settle(&mut h);
    assert!(h.state().grid.is_editing());
    h.get_by_label("表2 预算收入总表").click();
    settle(&mut h);
    assert_eq!(h.state().current_table(), Some("t2"));
    assert_eq!(cell(h.state(), "t3", "2014001", "basic"), amt("21"));

    // A refused text is neither written nor dropped: the table stays, its editor open.
    h.get_by_label("表3 预算支出总表").click();
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014004", Some("basic"))
    );
    settle(&mut h);
    h.event(Event::Text("1a".into()));
    settle(&mut h);
    h.get_by_label("表2 预算收入总表").click();
    settle(&mut h);
    assert_eq!(h.state().current_table(), Some("t3"));
    assert!(h.state().grid.is_editing());
    assert_eq!(cell(h.state(), "t3", "2014004", "basic"), amt("2.53"));
}

#[test]
fn excel_is_exported_and_imported_from_the_file_menu() {
    use budget_disclosure::ui::commands::AppCommand;
    let dir = std::env::temp_dir().join(format!("budget-ui-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("信访局.xlsx");

    // 导出 Excel (文件 menu), with no system dialog: the path field, then the workbook on disk.
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::ExportXlsx);
    settle(&mut h);
    assert!(h.query_by_label("导出 Excel").is_some());
    match &mut h.state_mut().dialog {
        Some(Dialog::Path { text, .. }) => *text = path.display().to_string(),
        _ => panic!("no path field offered"),
    }
    settle(&mut h);
    h.get_by_label("确定").click();
    settle(&mut h);
    assert!(
        h.state().status.contains("已导出 Excel"),
        "{}",
        h.state().status
    );
    let sample = h.state().doc.pkg.clone();

    // 文件 › 导入 Excel reads it back as an unsaved document equal to the sample.
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::ImportXlsxPath(path.clone()));
    settle(&mut h);
    assert_eq!(h.state().doc.pkg, sample);
    assert!(
        h.state().doc.is_dirty(),
        "an imported workbook is not saved anywhere yet"
    );

    // A file that is not a workbook is refused with a message; the document stays.
    let junk = dir.join("junk.xlsx");
    std::fs::write(&junk, b"not a workbook").expect("write");
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::ImportXlsxPath(junk));
    settle(&mut h);
    assert!(h.query_by_label("导入 Excel 失败").is_some());
    assert_eq!(h.state().doc.pkg, sample);
    assert!(!h.state().doc.is_dirty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_tolerance_turns_a_rounding_difference_into_a_hint_and_is_undone() {
    use budget_disclosure::model::edit::Edit;
    use budget_disclosure::rules::Severity;
    use budget_disclosure::ui::commands::AppCommand;
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    // Table 3 one cent off tables 2 and 5: errors at tolerance 0.00.
    let row = h.state().doc.pkg.tables["t3"]
        .rows("main")
        .iter()
        .position(|r| r.code == "2014001")
        .expect("row");
    h.state_mut().doc.apply(
        "test",
        Edit::SetCell {
            table: "t3".into(),
            block: "main".into(),
            row,
            column: "basic".into(),
            value: amt("19.57"),
        },
    );
    settle(&mut h);
    let x2_errors = |h: &mut Harness<'_, BudgetApp>| {
        findings(h.state_mut())
            .iter()
            .filter(|f| f.rule.starts_with('X') && f.severity == Severity::Error)
            .count()
    };
    assert!(x2_errors(&mut h) > 0);
    h.state_mut().run(AppCommand::SetTolerance(amt("0.01")));
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.tolerance, amt("0.01"));
    assert_eq!(x2_errors(&mut h), 0);
    assert!(
        findings(h.state_mut())
            .iter()
            .any(|f| f.message.contains("尾差"))
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.tolerance, amt("0"));
    assert!(x2_errors(&mut h) > 0);
}

#[test]
fn a_table_pasted_whole_into_an_empty_table_becomes_its_rows() {
    use budget_disclosure::model::Package;
    use budget_disclosure::model::document::Origin;
    let pkg = Package::new_empty(2026, "某局");
    let mut h = harness(BudgetApp::with_package(pkg, Origin::New));
    settle(&mut h);
    h.state_mut().show_table("t3");
    settle(&mut h);
    // The cursor is on the 合计 row's code cell; the copied table starts with its 合计 line,
    // then a 类 row, a 项 without a name, and a 项 with one.
    h.event(Event::Paste(
        "\t合计\t\t\t\r\n201\t一般公共服务支出\t190.09\t22.09\t168.00\r\n2014001\t\t19.56\t19.56\t\r\n2014004\t信访业务\t170.53\t2.53\t168.00\r\n".into(),
    ));
    settle(&mut h);
    let rows = h.state().doc.pkg.tables["t3"].rows("main").to_vec();
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["201", "2014001", "2014004"]);
    // A missing name comes from the catalog; the computed 合计 column is not stored.
    assert_eq!(rows[1].name, "行政运行");
    assert!(rows.iter().all(|r| !r.cells.contains_key("total")));
    assert_eq!(total(h.state(), "t3", "basic"), amt("22.09"));
    assert_eq!(total(h.state(), "t3", "total"), amt("190.09"));
    // The pasted 类 row agrees with its children, so it raises no T1; one undo removes it all.
    assert!(!findings(h.state_mut()).iter().any(|f| f.rule == "T1"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(h.state().doc.pkg.tables["t3"].rows("main").is_empty());
}

#[test]
fn a_fix_drawn_before_a_change_is_refused_and_a_current_one_applies() {
    use budget_disclosure::ui::commands::AppCommand;
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let app = h.state_mut();
    let index = app
        .findings()
        .iter()
        .position(|f| f.fix.is_some())
        .expect("the sample has a finding with a fix");
    let stale = app.finding_id(index).expect("an id");
    // Any change since the list was drawn: the fix may no longer be right, so it is refused.
    app.run(AppCommand::SetTolerance(amt("0.02")));
    let changed = app.doc.pkg.clone();
    app.run(AppCommand::Fix(stale.clone()));
    assert_eq!(app.doc.pkg, changed, "a stale fix changed the package");
    assert!(app.status.contains("失效"), "status: {}", app.status);
    // The same finding, named at the current revision, is fixed and leaves the list.
    let index = app
        .findings()
        .iter()
        .position(|f| stale.names(f))
        .expect("the finding is still there");
    let current = app.finding_id(index).expect("an id");
    app.run(AppCommand::Fix(current.clone()));
    assert_ne!(app.doc.pkg, changed);
    assert!(!app.findings().iter().any(|f| current.names(f)));
}

#[test]
fn the_registry_shortcut_undoes_and_the_toolbar_button_runs_after_the_frame() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let before = h.state().doc.pkg.clone();
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    type_into(&mut h, "20");
    assert_ne!(h.state().doc.pkg, before);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(h.state().doc.pkg, before, "Ctrl+Z from the registry undoes");
    // 插入行 on the table's toolbar: one row more in table 3, as one undo step.
    let rows = h.state().doc.pkg.tables["t3"].rows("main").len();
    h.get_by_label("插入行").click();
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.tables["t3"].rows("main").len(), rows + 1);
    assert_eq!(h.state().doc.undo_label(), Some("插入行"));
}
