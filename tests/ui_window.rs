//! The window as an accountant expects it (egui_kittest, headless): findings listed worst first
//! with places in words, 另存为 proposing a full path, a row inserted where the cursor is, and a
//! theme chosen once and kept.

#[path = "common/harness.rs"]
mod common;
use common::{focus_field, form_index, harness, retype};

use budget_disclosure::io::sample;
use budget_disclosure::model::document::Origin;
use budget_disclosure::rules::Severity;
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::commands::AppCommand;
use budget_disclosure::ui::dialogs::Dialog;
use egui_kittest::kittest::Queryable;

#[test]
fn findings_are_listed_errors_first_then_warnings_then_hints() {
    let mut h = harness(BudgetApp::sample());
    h.run_steps(3);
    let counts = budget_disclosure::rules::counts(h.state_mut().findings());
    assert!(
        counts.0 > 0 && counts.1 + counts.2 > 0,
        "the sample has several kinds: {counts:?}"
    );
    // The severity word drawn at the head of each finding in view, by its height on screen.
    let mut drawn: Vec<(f32, Severity)> = Vec::new();
    for (word, sev) in [
        ("错误", Severity::Error),
        ("警告", Severity::Warning),
        ("提示", Severity::Hint),
    ] {
        for node in h.query_all_by_label(word) {
            drawn.push((node.rect().min.y, sev));
        }
    }
    drawn.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(drawn.len() >= 3, "findings drawn: {}", drawn.len());
    let order: Vec<Severity> = drawn.iter().map(|d| d.1).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "listed by severity");
}

#[test]
fn the_place_of_a_finding_is_in_words_never_a_layout_key() {
    for (i, _) in sample::SAMPLES.iter().enumerate() {
        let mut h = harness(BudgetApp::with_package(
            sample::sample_at(i),
            Origin::Sample,
        ));
        h.run_steps(3);
        // Every place drawn in the panel is a finding's location in words.
        let app = h.state_mut();
        let pkg = app.doc.pkg.clone();
        let described: Vec<String> = app
            .findings()
            .iter()
            .map(|f| f.location.describe(&pkg))
            .filter(|p| !p.is_empty())
            .collect();
        let mut drawn = 0;
        for place in &described {
            if h.query_by_label(place).is_some() {
                drawn += 1;
                assert!(
                    !place.chars().any(|c| c.is_ascii_alphabetic() || c == '_'),
                    "a layout key in the place {place:?}"
                );
            }
        }
        assert!(drawn > 0, "sample {i}: no finding's place was drawn");
    }
    // Every finding of every corpus package the tests keep, not only those in view.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shanghai");
    let mut pkgs: Vec<_> = sample::SAMPLES
        .iter()
        .enumerate()
        .map(|(i, _)| sample::sample_at(i))
        .collect();
    for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
        if e.path().to_string_lossy().ends_with(".budget.ron") {
            pkgs.push(budget_disclosure::io::project::load(&e.path()).expect("a fixture loads"));
        }
    }
    assert!(pkgs.len() >= 6, "{} packages", pkgs.len());
    let catalog = budget_disclosure::catalog::Catalog::builtin();
    for pkg in &pkgs {
        for f in budget_disclosure::rules::check(pkg, catalog) {
            let place = f.location.describe(pkg);
            assert!(
                !place.chars().any(|c| c.is_ascii_alphabetic() || c == '_'),
                "{}: [{}] {place}",
                pkg.department.name,
                f.rule
            );
        }
    }
}

#[test]
fn save_as_without_a_system_dialog_proposes_a_full_path() {
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    h.state_mut().run(AppCommand::SaveAs);
    h.run_steps(2);
    match &h.state().dialog {
        Some(Dialog::Path { text, .. }) => {
            let p = std::path::Path::new(text);
            assert!(p.is_absolute(), "proposed {text:?}");
            assert!(text.ends_with(".budget.ron"), "proposed {text:?}");
        }
        _ => panic!("the path field is asked for"),
    }
    // Enter in the path field confirms it.
    let dir = std::env::temp_dir().join(format!("budget-saveas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let target = dir.join("另存.budget.ron");
    if let Some(Dialog::Path { text, .. }) = &mut h.state_mut().dialog {
        *text = target.display().to_string();
    }
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert!(target.exists(), "Enter saved to {}", target.display());
    assert!(h.state().dialog.is_none());
    let _ = std::fs::remove_dir_all(&dir);
    // Exports too.
    h.state_mut().dialog = None;
    h.state_mut().run(AppCommand::ExportXlsx);
    match &h.state().dialog {
        Some(Dialog::Path { text, .. }) => {
            assert!(
                std::path::Path::new(text).is_absolute(),
                "proposed {text:?}"
            )
        }
        _ => panic!("the path field is asked for"),
    }
}

#[test]
fn insert_row_puts_the_row_below_the_cursor_and_the_cursor_on_it() {
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    let key = "t12";
    let rows = h.state().doc.pkg.tables[key].rows("main").to_vec();
    assert!(rows.len() >= 2, "table 12 has projects");
    h.state_mut().show_table(key);
    h.run_steps(2);
    let view = h.state().view_of(key).expect("view");
    let row = view.blocks[0]
        .rows
        .iter()
        .position(|r| r.stored == Some(0))
        .expect("the first project is shown");
    h.state_mut()
        .grid
        .select(budget_disclosure::ui::grid::Cell {
            block: 0,
            row,
            col: 1,
        });
    h.run_steps(2);
    h.state_mut().run(AppCommand::InsertRow);
    h.run_steps(2);
    let after = &h.state().doc.pkg.tables[key].rows("main");
    assert_eq!(after.len(), rows.len() + 1);
    assert_eq!(after[0], rows[0], "the selected row stays");
    assert_eq!(after[1].name, "新项目", "the new row is right below it");
    assert_eq!(after[2], rows[1], "the next row moves down");
    let cursor = h.state().grid.selection.cursor;
    let view = h.state().view_of(key).expect("view");
    assert_eq!(
        view.blocks[cursor.block].rows[cursor.row].stored,
        Some(1),
        "the cursor is on the new row"
    );
}

#[test]
fn the_theme_is_light_by_default_and_a_switch_is_kept() {
    let dir = std::env::temp_dir().join(format!("budget-theme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("settings folder");
    let mut h = harness(BudgetApp::start(None, Some(dir.clone())));
    h.run_steps(2);
    assert!(!(h.ctx.theme() == egui::Theme::Dark), "light by default");
    h.state_mut().run(AppCommand::ToggleDarkTheme);
    h.run_steps(2);
    assert!(
        (h.ctx.theme() == egui::Theme::Dark),
        "dark after the switch"
    );
    drop(h);
    // The next start keeps it.
    let mut h = harness(BudgetApp::start(None, Some(dir.clone())));
    h.run_steps(2);
    assert!(h.state().prefs.dark);
    assert!(
        (h.ctx.theme() == egui::Theme::Dark),
        "kept for the next start"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn next_year_from_this_year_s_file_opens_unsaved_with_amounts_cleared() {
    let dir = std::env::temp_dir().join(format!("budget-next-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let this_year = dir.join("this.budget.ron");
    let pkg = sample::sample_at(0);
    budget_disclosure::io::project::save(&pkg, &this_year).expect("saved");
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    h.get_by_label("文件").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("从上年文件新建").is_some(),
        "in the 文件 menu"
    );
    h.state_mut()
        .run(AppCommand::NewFromLastYearPath(this_year.clone()));
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.doc.pkg.year, pkg.year + 1);
    assert!(app.doc.is_dirty(), "not saved anywhere yet");
    assert_eq!(app.doc.path(), None);
    assert!(
        app.doc.pkg.tables["t3"]
            .rows("main")
            .iter()
            .all(|r| r.cells.is_empty()),
        "this year's amounts are cleared"
    );
    assert!(app.status.contains("上年"), "status: {}", app.status);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn typing_into_a_computed_cell_says_why_on_the_status_line_in_full() {
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    assert!(
        h.state_mut()
            .select_cell("t1", Some("income"), "year_total", Some("amount"))
    );
    h.run_steps(2);
    let before = h.state().doc.pkg.clone();
    h.event(egui::Event::Text("5".into()));
    h.run_steps(3);
    let status = &h.state().status;
    assert!(status.contains("计算得出"), "status: {status}");
    assert!(
        status.contains("请修改它所汇总的行或列"),
        "in full: {status}"
    );
    assert_eq!(h.state().doc.pkg, before, "nothing written");
}

#[test]
fn the_checklist_window_shows_each_item_with_its_verdict_and_evidence() {
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    let before = h.query_all_by_label_contains("240.65").count();
    h.get_by_label("审阅").click();
    h.run_steps(2);
    h.get_by_label_contains("自查表").click();
    h.run_steps(3);
    assert!(h.state().checklist.open);
    assert!(
        h.query_by_label_contains("检查表").is_some(),
        "the window's title"
    );
    assert!(
        h.query_all_by_label("不合格").count() >= 1,
        "the sample's known mistakes fail items"
    );
    assert!(h.query_all_by_label("合格").count() >= 1);
    // The 情况说明 mistake is its evidence.
    assert!(
        h.query_all_by_label_contains("240.65").count() > before,
        "the 自查表 gives the finding as evidence"
    );
}

#[test]
fn f8_goes_from_change_to_change_of_the_comparison_and_round() {
    use budget_disclosure::ui::compare::CompareAction;
    let other = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff/sample-3-changes.budget.ron");
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    h.state_mut().compare.open = true;
    h.state_mut().compare_action(CompareAction::Load(other));
    h.run_steps(2);
    assert_eq!(h.state().compare.changes.len(), 3);
    // Each page with a change says how many beside its name.
    assert!(
        h.query_all_by_label("差1").count() >= 2,
        "counts in the navigation"
    );
    let mut seen = Vec::new();
    for k in 1..=4 {
        h.key_press(egui::Key::F8);
        h.run_steps(2);
        let status = h.state().status.clone();
        let want = format!("第 {} / 3 处差异", (k - 1) % 3 + 1);
        assert!(status.starts_with(&want), "after {k} × F8: {status}");
        seen.push(h.state().nav.page.clone());
    }
    assert_eq!(seen[0], seen[3], "round to the first change");
    assert_ne!(seen[0], seen[1], "the changes are on different pages");
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F8);
    h.run_steps(2);
    assert!(
        h.state().status.starts_with("第 3 / 3 处差异"),
        "{}",
        h.state().status
    );
}

/// Inserts a row below table 3's last stored row, the cursor on its code (as 插入行 leaves
/// it); returns the index of that last row.
fn insert_row_after_the_last_of_table_3(h: &mut egui_kittest::Harness<'_, BudgetApp>) -> usize {
    h.run_steps(2);
    let last = h.state().doc.pkg.tables["t3"].rows("main").len() - 1;
    cursor_on_stored_code(h, last);
    h.state_mut().run(AppCommand::InsertRow);
    h.run_steps(2);
    last
}

/// Puts the cursor on the stored row `stored` of table 3, in its code column.
fn cursor_on_stored_code(h: &mut egui_kittest::Harness<'_, BudgetApp>, stored: usize) {
    h.state_mut().show_table("t3");
    h.run_steps(2);
    let view = h.state().view_of("t3").expect("view");
    let row = view.blocks[0]
        .rows
        .iter()
        .position(|r| r.stored == Some(stored))
        .expect("the row is shown");
    h.state_mut()
        .grid
        .select(budget_disclosure::ui::grid::Cell {
            block: 0,
            row,
            col: 0,
        });
    h.run_steps(2);
}

#[test]
fn a_typed_code_sorts_its_row_into_place_and_the_cursor_follows_to_its_first_amount() {
    let mut h = harness(BudgetApp::sample());
    let last = insert_row_after_the_last_of_table_3(&mut h);
    let new = last + 1;
    // 2010101 sorts first, far above the last row where the new row was inserted.
    h.event(egui::Event::Text("2010101".into()));
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let rows = h.state().doc.pkg.tables["t3"].rows("main").to_vec();
    assert_eq!(rows[new].code, "2010101");
    let cursor = h.state().grid.selection.cursor;
    let view = h.state().view_of("t3").expect("view");
    let at = &view.blocks[0].rows[cursor.row];
    assert_eq!(at.stored, Some(new), "the cursor is on the recoded row");
    assert!(
        cursor.row
            < view.blocks[0]
                .rows
                .iter()
                .position(|r| r.code == "2014001")
                .expect("2014001 is shown"),
        "the row sorted above 2014001"
    );
    // On its first amount (基本支出, after 合计, which is computed), ready for the next figure.
    let cols = budget_disclosure::ui::grid::block_columns(
        &h.state().doc.pkg.layout().table("t3").expect("t3").blocks[0],
        2026,
    );
    assert!(
        matches!(
            cols[cursor.col].kind,
            budget_disclosure::model::cell_edit::CellKind::Data(_)
        ),
        "cursor column {:?}",
        cols[cursor.col].header
    );
}

#[test]
fn a_name_typed_into_a_code_cell_finds_the_code_in_the_catalog() {
    let mut h = harness(BudgetApp::sample());
    let last = insert_row_after_the_last_of_table_3(&mut h);
    h.event(egui::Event::Text("信访事务".into()));
    h.run_steps(2);
    // The completion list shows the catalog's matches while typing.
    assert!(
        h.query_all_by_label_contains("20140").next().is_some(),
        "20140 信访事务 is offered"
    );
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let rows = h.state().doc.pkg.tables["t3"].rows("main").to_vec();
    let code = &rows[last + 1].code;
    let catalog = budget_disclosure::catalog::Catalog::builtin();
    let entry = catalog
        .complete(
            budget_disclosure::model::layout::CodeScheme::Function,
            2026,
            code,
            1,
        )
        .into_iter()
        .next()
        .expect("the code is in the catalog");
    assert_eq!(&entry.code, code);
    assert!(entry.name.starts_with("信访事务"), "{code} {}", entry.name);
}

#[test]
fn tab_goes_down_a_column_of_amounts_in_a_project_form() {
    use budget_disclosure::ui::nav::Page;
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    let i = form_index(&h, "信访工作经费");
    h.state_mut().nav.page = Page::ProjectForm(i);
    h.run_steps(3);
    // Tab from a field, then type over what it lands on: the value shows where it went.
    let tab_from_and_type =
        |h: &mut egui_kittest::Harness<'_, BudgetApp>, from: &str, text: &str| {
            focus_field(h, from);
            h.key_press(egui::Key::Tab);
            h.run_steps(2);
            h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
            h.event(egui::Event::Text(text.into()));
            h.run_steps(1);
            h.key_press(egui::Key::Enter);
            h.run_steps(3);
        };
    // Down to 其中：中央财政资金 of the same period, not across to 年度资金总额.
    tab_from_and_type(&mut h, "实施期资金总额", "1234");
    let f = &h.state().doc.pkg.project_forms[i];
    assert_eq!(
        f.funds_period.central.value().map(|d| d.to_string()),
        Some("1234".to_string()),
        "typed into 实施期 中央财政资金"
    );
    // From the last row of 实施期, on to the top of 年度.
    tab_from_and_type(&mut h, "实施期 其他资金", "777");
    let f = &h.state().doc.pkg.project_forms[i];
    assert_eq!(
        f.funds_year.total.value().map(|d| d.to_string()),
        Some("777".to_string()),
        "typed into 年度资金总额"
    );
}

#[test]
fn a_new_indicator_takes_the_focus_so_its_name_is_typed_at_once() {
    use budget_disclosure::ui::nav::Page;
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    let i = form_index(&h, "信访工作经费");
    h.state_mut().nav.page = Page::ProjectForm(i);
    h.run_steps(3);
    let n = h.state().doc.pkg.project_forms[i].indicators_period.len();
    h.get_by_label("实施期 成本指标 添加指标").click_accesskit();
    h.run_steps(3);
    h.event(egui::Event::Text("单次接待成本".into()));
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let list = &h.state().doc.pkg.project_forms[i].indicators_period;
    assert_eq!(list.len(), n + 1);
    let added = list
        .iter()
        .find(|x| x.name == "单次接待成本")
        .expect("the name typed went into the new indicator");
    assert_eq!(added.level2, "成本指标");
}

#[test]
fn a_package_never_saved_is_never_shown_as_saved() {
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    assert!(h.query_by_label("尚未保存为文件").is_some());
    assert!(h.query_by_label("已保存").is_none());
}

#[test]
fn after_an_export_the_status_gives_the_full_path_and_offers_its_folder() {
    let dir = std::env::temp_dir().join(format!("budget-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("示例.html");
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    h.state_mut().export_html(&out);
    h.run_steps(2);
    let status = h.state().status.clone();
    assert!(status.contains(&out.display().to_string()), "{status}");
    assert!(out.exists());
    assert!(h.query_by_label("打开所在文件夹").is_some());
    // Another message: the offer goes with the message that named the file.
    h.state_mut().status = "已输入".into();
    h.run_steps(2);
    assert!(h.query_by_label("打开所在文件夹").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_new_package_opens_on_its_first_page_with_where_to_start() {
    use budget_disclosure::ui::nav::Page;
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    h.state_mut().run(AppCommand::New);
    h.run_steps(2);
    h.get_by_label("创建").click_accesskit();
    h.run_steps(3);
    assert_eq!(h.state().nav.page, Page::Overview);
    assert!(h.query_by_label_contains("从这里开始").is_some());
    h.get_by_label("知道了").click_accesskit();
    h.run_steps(2);
    assert!(h.query_by_label_contains("从这里开始").is_none());
}

#[test]
fn a_form_does_not_move_under_the_user_when_its_findings_change() {
    use budget_disclosure::ui::nav::Page;
    let mut h = harness(BudgetApp::sample());
    h.run_steps(2);
    let i = form_index(&h, "信访救助资金");
    h.state_mut().nav.page = Page::ProjectForm(i);
    h.run_steps(3);
    let field = |h: &egui_kittest::Harness<'_, BudgetApp>| {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, "年度资金总额")
            .rect()
    };
    let form_findings = |h: &mut egui_kittest::Harness<'_, BudgetApp>| {
        h.state_mut()
            .findings()
            .iter()
            .filter(|f| f.location.form.as_deref() == Some("信访救助资金"))
            .map(|f| f.rule.to_string())
            .collect::<Vec<_>>()
    };
    let before = field(&h);
    let n = form_findings(&mut h);
    assert!(n.iter().any(|r| r == "F2"), "F2 is on this form: {n:?}");
    // The 实施期 total made equal to the year's clears F2: fewer findings on the form.
    retype(&mut h, "实施期资金总额", "400000", egui::Key::Enter);
    // And its sources with it (市县 was 500,000 too).
    retype(
        &mut h,
        "实施期 市县(区)财政资金",
        "400000",
        egui::Key::Enter,
    );
    let after = form_findings(&mut h);
    assert!(!after.iter().any(|r| r == "F2"), "F2 cleared: {after:?}");
    assert_ne!(
        after.len(),
        n.len(),
        "the list of the form's findings changed length"
    );
    assert_eq!(
        field(&h),
        before,
        "the fields below the findings stayed in place"
    );
}
