//! Headless UI tests of the form and text editors (egui_kittest): the checker follows edits in
//! table 12, the project forms and the 情况说明 at once; the indicator tree and the 职责 list
//! edit and undo as one step each. Everything is asserted on the model and its findings.

#[path = "common/harness.rs"]
mod common;
use common::{form_index, harness, retype};

use budget_disclosure::model::Amount;
use budget_disclosure::rules::Finding;
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::commands::AppCommand;
use budget_disclosure::ui::nav::Page;
use egui::{Event, Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::str::FromStr;

fn settle(h: &mut Harness<'_, BudgetApp>) {
    h.run_steps(3);
}

fn amt(s: &str) -> Amount {
    Amount::new(rust_decimal::Decimal::from_str(s).expect("test literal"))
}

fn findings(h: &mut Harness<'_, BudgetApp>) -> Vec<Finding> {
    h.state_mut().findings().to_vec()
}

fn has(findings: &[Finding], rule: &str, form: Option<&str>, section: Option<&str>) -> bool {
    findings.iter().any(|f| {
        f.rule == rule
            && (form.is_none() || f.location.form.as_deref() == form)
            && (section.is_none() || f.location.section.as_deref() == section)
    })
}

fn show(h: &mut Harness<'_, BudgetApp>, page: Page) {
    h.state_mut().nav.page = page;
    settle(h);
}

fn undo(h: &mut Harness<'_, BudgetApp>) {
    h.state_mut().run(AppCommand::Undo);
    settle(h);
}

#[test]
fn changing_table_12_amount_raises_f1_against_its_form_at_once() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(!has(&findings(&mut h), "F1", Some("信访工作经费"), None));

    assert!(
        h.state_mut()
            .select_cell("t12", None, "信访工作经费", Some("general"))
    );
    settle(&mut h);
    h.event(Event::Text("35".into()));
    settle(&mut h);
    h.key_press(Key::Enter);
    settle(&mut h);

    let f = findings(&mut h);
    let f1 = f
        .iter()
        .find(|f| f.rule == "F1" && f.location.form.as_deref() == Some("信访工作经费"))
        .expect("F1 against the 信访工作经费 form");
    assert_eq!(f1.location.field.as_deref(), Some("年度资金总额"));
    assert_eq!(f1.expected.as_deref(), Some("350,000"));

    // The form page shows it in its findings box.
    let i = form_index(&h, "信访工作经费");
    show(&mut h, Page::ProjectForm(i));
    assert!(h.query_by_label_contains("本表有").is_some());
    assert!(
        h.get_all_by_label_contains("（350,000 元）")
            .next()
            .is_some()
    );

    undo(&mut h);
    assert!(!has(&findings(&mut h), "F1", Some("信访工作经费"), None));
}

#[test]
fn correcting_the_rescue_funds_implementation_amount_clears_f2() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let i = form_index(&h, "信访救助资金");
    show(&mut h, Page::ProjectForm(i));
    assert!(has(&findings(&mut h), "F2", Some("信访救助资金"), None));

    // 实施期 is 500,000 in 资金总额 and in its only source; both become 400,000 (a total that
    // disagreed with its sources would be an F2 of its own).
    retype(&mut h, "实施期资金总额", "400,000", Key::Enter);
    assert_eq!(
        h.state().doc.pkg.project_forms[i].funds_period.total,
        amt("400000")
    );
    retype(&mut h, "实施期 市县(区)财政资金", "400000", Key::Enter);
    assert_eq!(
        h.state().doc.pkg.project_forms[i].funds_period.local,
        amt("400000")
    );
    assert!(!has(&findings(&mut h), "F2", Some("信访救助资金"), None));

    // Each typed amount was one undo step.
    undo(&mut h);
    assert_eq!(
        h.state().doc.pkg.project_forms[i].funds_period.total,
        amt("400000")
    );
    undo(&mut h);
    assert_eq!(
        h.state().doc.pkg.project_forms[i].funds_period.total,
        amt("500000")
    );
    assert!(has(&findings(&mut h), "F2", Some("信访救助资金"), None));
}

#[test]
fn renaming_a_form_renames_its_table_12_row_in_the_same_step() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let i = form_index(&h, "信访维稳经费");
    show(&mut h, Page::ProjectForm(i));
    let before = h.state().doc.pkg.clone();
    retype(&mut h, "项目名称", "信访维稳专项经费", Key::Enter);
    let pkg = &h.state().doc.pkg;
    assert_eq!(pkg.project_forms[i].name, "信访维稳专项经费");
    assert!(
        pkg.tables["t12"]
            .rows("main")
            .iter()
            .any(|r| r.name == "信访维稳专项经费")
    );
    assert!(!findings(&mut h).iter().any(|f| f.rule == "F1"));
    undo(&mut h);
    assert_eq!(h.state().doc.pkg, before);
}

#[test]
fn a_refused_amount_changes_nothing_and_says_why() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let i = form_index(&h, "信访救助资金");
    show(&mut h, Page::ProjectForm(i));
    let before = h.state().doc.pkg.clone();
    retype(&mut h, "年度资金总额", "四十万", Key::Enter);
    assert_eq!(h.state().doc.pkg, before);
    assert!(
        h.state().status.contains("不是金额"),
        "{}",
        h.state().status
    );
}

#[test]
fn regenerating_a_section_edited_by_hand_clears_its_n1() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    show(&mut h, Page::Explanation);
    let idx = h
        .state()
        .doc
        .pkg
        .explanation
        .iter()
        .position(|s| s.number == "三")
        .expect("section 三");
    let original = h.state().doc.pkg.explanation[idx].text.clone();
    assert!(!has(&findings(&mut h), "N1", None, Some("三")));

    let edited = original.replace("94.76", "95.76");
    assert_ne!(edited, original);
    retype(&mut h, "情况说明三", &edited, Key::Escape);
    assert_eq!(h.state().doc.pkg.explanation[idx].text, edited);
    assert!(has(&findings(&mut h), "N1", None, Some("三")));
    // Both 三 (edited here) and 五 (the published mistake) are marked.
    assert_eq!(h.get_all_by_label_contains("数字与数据不一致").count(), 2);

    h.get_by_label("重新生成 三").click_accesskit();
    settle(&mut h);
    assert!(!has(&findings(&mut h), "N1", None, Some("三")));
    assert_eq!(h.state().doc.pkg.explanation[idx].text, original);

    // The published mistake in 五 (240.65 as 一般公共预算支出) goes the same way.
    assert!(has(&findings(&mut h), "N1", None, Some("五")));
    h.get_by_label("重新生成 五").click_accesskit();
    settle(&mut h);
    assert!(!has(&findings(&mut h), "N1", None, Some("五")));
    let five = h.state().doc.pkg.explanation[4].text.clone();
    assert!(five.contains("262.76"), "{five}");

    // Regenerating is one undo step.
    undo(&mut h);
    assert!(has(&findings(&mut h), "N1", None, Some("五")));
}

#[test]
fn indicators_are_added_moved_removed_and_each_undone() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let i = form_index(&h, "信访工作经费");
    show(&mut h, Page::ProjectForm(i));
    let before = h.state().doc.pkg.clone();
    let list =
        |h: &Harness<'_, BudgetApp>| h.state().doc.pkg.project_forms[i].indicators_period.clone();
    let n = list(&h).len();

    // Add under 产出指标 › 成本指标: it lands after the existing 成本指标.
    h.get_by_label("实施期 成本指标 添加指标").click_accesskit();
    settle(&mut h);
    let l = list(&h);
    assert_eq!(l.len(), n + 1);
    let cost = l
        .iter()
        .rposition(|x| x.level2 == "成本指标")
        .expect("a 成本指标");
    assert_eq!(l[cost].name, "");
    assert_eq!(l[cost - 1].name, "年成本");
    // Name it and give its value as comparator + number + unit.
    let k = cost + 1;
    retype(
        &mut h,
        &format!("实施期 指标{k} 名称"),
        "单次接待成本",
        Key::Enter,
    );
    retype(&mut h, &format!("实施期 指标{k} 数值"), "200", Key::Enter);
    retype(&mut h, &format!("实施期 指标{k} 单位"), "元", Key::Enter);
    assert_eq!(list(&h)[cost].name, "单次接待成本");
    assert_eq!(list(&h)[cost].value, "200元");
    for _ in 0..4 {
        undo(&mut h);
    }
    assert_eq!(h.state().doc.pkg, before);

    // Move the first (数量指标) under 质量指标.
    h.get_by_label("实施期 指标1 移至").click_accesskit();
    settle(&mut h);
    h.get_by_label("实施期 指标1 移至 质量指标")
        .click_accesskit();
    settle(&mut h);
    let l = list(&h);
    let moved = l
        .iter()
        .position(|x| x.name == before.project_forms[i].indicators_period[0].name)
        .expect("still there");
    assert_eq!(l[moved].level2, "质量指标");
    assert_eq!(l[moved].level1, "产出指标");
    assert!(l[..moved].iter().all(|x| x.level2 != "时效指标"));
    undo(&mut h);
    assert_eq!(h.state().doc.pkg, before);

    // Remove the 成本指标 "年成本" (and its F4 finding with it).
    assert!(
        findings(&mut h)
            .iter()
            .any(|f| f.location.field.as_deref() == Some("实施期/产出指标/成本指标/年成本"))
    );
    let at = before.project_forms[i]
        .indicators_period
        .iter()
        .position(|x| x.name == "年成本")
        .expect("年成本")
        + 1;
    h.get_by_label(&format!("实施期 指标{at} 删除"))
        .click_accesskit();
    settle(&mut h);
    assert_eq!(list(&h).len(), n - 1);
    assert!(
        !findings(&mut h)
            .iter()
            .any(|f| f.location.field.as_deref() == Some("实施期/产出指标/成本指标/年成本"))
    );
    undo(&mut h);
    assert_eq!(h.state().doc.pkg, before);
}

#[test]
fn a_value_is_entered_as_comparator_number_and_unit() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let i = form_index(&h, "信访工作经费");
    show(&mut h, Page::ProjectForm(i));
    let at = h.state().doc.pkg.project_forms[i]
        .indicators_period
        .iter()
        .position(|x| x.name == "年成本")
        .expect("年成本");
    let value = |h: &Harness<'_, BudgetApp>| {
        h.state().doc.pkg.project_forms[i].indicators_period[at]
            .value
            .clone()
    };
    let field = "实施期/产出指标/成本指标/年成本";
    let flagged = |h: &mut Harness<'_, BudgetApp>| {
        findings(h)
            .iter()
            .any(|f| f.rule.starts_with("F4") && f.location.field.as_deref() == Some(field))
    };
    assert_eq!(value(&h), "30完成");
    assert!(flagged(&mut h));

    let n = at + 1;
    h.get_by_label(&format!("实施期 指标{n} 比较符"))
        .click_accesskit();
    settle(&mut h);
    h.get_by_label("≤").click_accesskit();
    settle(&mut h);
    // An accesskit click does not close the popup as a pointer click does; Escape does.
    h.key_press(Key::Escape);
    settle(&mut h);
    assert_eq!(value(&h), "≤30完成");
    retype(&mut h, &format!("实施期 指标{n} 单位"), "万元", Key::Enter);
    assert_eq!(value(&h), "≤30万元");
    assert!(!flagged(&mut h));

    // A qualitative value replaces the number and unit.
    h.get_by_label(&format!("实施期 指标{n} 比较符"))
        .click_accesskit();
    settle(&mut h);
    h.get_by_label("定性").click_accesskit();
    settle(&mut h);
    assert_eq!(value(&h), "定性");
    retype(
        &mut h,
        &format!("实施期 指标{n} 定性值"),
        "按时完成",
        Key::Enter,
    );
    assert_eq!(value(&h), "按时完成");
    for _ in 0..4 {
        undo(&mut h);
    }
    assert_eq!(value(&h), "30完成");
}

#[test]
fn a_duty_is_edited_moved_and_undone_as_one_step_each() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    show(&mut h, Page::Overview);
    let before = h.state().doc.pkg.overview.duties.clone();
    assert_eq!(before.len(), 7);

    retype(&mut h, "职责2", "承办上级交办的信访件", Key::Enter);
    assert_eq!(h.state().doc.pkg.overview.duties[1], "承办上级交办的信访件");
    // Ctrl+Z while typing in another field is that field's own undo, not the document's.
    h.get_by_role_and_label(Role::MultilineTextInput, "职责3")
        .focus();
    settle(&mut h);
    h.event(Event::Text("补充".into()));
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties[1], "承办上级交办的信访件");
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties[2], before[2]);
    assert_eq!(h.state().doc.undo_label(), Some("编辑 职责2"));
    undo(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties, before);

    h.get_by_label("职责3 上移").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties[1], before[2]);
    assert_eq!(h.state().doc.pkg.overview.duties[2], before[1]);
    undo(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties, before);

    h.get_by_label("＋ 添加职责").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties.len(), 8);
    h.get_by_label("职责1 删除").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties[0], before[1]);
    undo(&mut h);
    undo(&mut h);
    assert_eq!(h.state().doc.pkg.overview.duties, before);
}

#[test]
fn a_project_added_to_table_12_offers_its_form_and_a_new_form_offers_its_row() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t12", None, "信访工作经费", Some("general"))
    );
    settle(&mut h);
    h.state_mut().run(AppCommand::InsertRow);
    settle(&mut h);
    assert!(h.query_by_label("为新项目创建绩效目标表？").is_some());
    let t12_before = h.state().doc.pkg.tables["t12"].clone();
    // The dialog names the project: the row and the form get the same name.
    h.get_by_label("项目名称").focus();
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("信访宣传经费".into()));
    settle(&mut h);
    // The typing went to the dialog, not to the grid behind it.
    assert_eq!(h.state().doc.pkg.tables["t12"], t12_before);
    h.get_by_label("创建绩效目标表").click_accesskit();
    settle(&mut h);
    let pkg = &h.state().doc.pkg;
    assert_eq!(pkg.project_forms.len(), 4);
    assert_eq!(pkg.project_forms[3].name, "信访宣传经费");
    assert!(
        pkg.tables["t12"]
            .rows("main")
            .iter()
            .any(|r| r.name == "信访宣传经费")
    );
    let f = findings(&mut h);
    assert!(
        !f.iter()
            .any(|f| f.rule == "F1" && f.message.contains("没有项目支出绩效目标表"))
    );

    // 新建项目表 asks for a name, opens the form and offers the table 12 row.
    show(&mut h, Page::OverallForm);
    h.get_by_label("新建项目表…").click_accesskit();
    settle(&mut h);
    h.get_by_label("项目名称").focus();
    settle(&mut h);
    h.event(Event::Text("信访培训经费".into()));
    settle(&mut h);
    h.get_by_label("创建").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().nav.page, Page::ProjectForm(4));
    assert!(h.query_by_label("在表12 中添加该项目？").is_some());
    h.get_by_label("是，添加到表12").click_accesskit();
    settle(&mut h);
    let rows = h.state().doc.pkg.tables["t12"].rows("main").to_vec();
    assert!(rows.iter().any(|r| r.name == "信访培训经费"));
    assert!(
        !findings(&mut h)
            .iter()
            .any(|f| f.rule == "F1" && f.location.form.as_deref() == Some("信访培训经费"))
    );
}

#[test]
fn export_html_writes_the_printable_page() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    let dir = std::env::temp_dir().join(format!("ui-forms-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("sample.html");
    h.state_mut().export_html(&path);
    let html = std::fs::read_to_string(&path).expect("exported");
    assert!(html.contains("项目支出绩效目标表"));
    assert!(h.state().status.contains("已导出"));
    // Through the menu, with no system dialog, the path field asks for an .html path.
    h.state_mut().run(AppCommand::ExportHtml);
    settle(&mut h);
    assert!(h.query_by_label("导出 HTML").is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_units_kind_is_chosen_and_undone() {
    use budget_disclosure::model::UnitKind;
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    show(&mut h, Page::Overview);
    assert_eq!(
        h.state().doc.pkg.overview.units[0].kind,
        UnitKind::Administrative
    );
    h.get_by_label("单位1 事业").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().doc.pkg.overview.units[0].kind, UnitKind::Public);
    undo(&mut h);
    assert_eq!(
        h.state().doc.pkg.overview.units[0].kind,
        UnitKind::Administrative
    );
}

#[test]
fn a_section_being_typed_is_checked_after_a_pause_without_being_written() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    show(&mut h, Page::Explanation);
    let idx = h
        .state()
        .doc
        .pkg
        .explanation
        .iter()
        .position(|s| s.number == "三")
        .expect("section 三");
    let original = h.state().doc.pkg.explanation[idx].text.clone();
    let edited = original.replace("94.76", "95.76");
    assert_ne!(edited, original);
    // Only 五 (the published mistake) is marked before.
    assert_eq!(h.get_all_by_label_contains("数字与数据不一致").count(), 1);
    match h.query_by_role_and_label(Role::TextInput, "情况说明三") {
        Some(node) => node.focus(),
        None => h
            .get_by_role_and_label(Role::MultilineTextInput, "情况说明三")
            .focus(),
    }
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text(edited));
    // Still typing (no Enter, no leaving): a pause of a few steps (¼ s each).
    h.run_steps(6);
    assert!(
        h.query_by_label_contains("按正在输入的文字检查").is_some(),
        "the section is checked as typed"
    );
    assert_eq!(h.get_all_by_label_contains("数字与数据不一致").count(), 2);
    assert_eq!(
        h.state().doc.pkg.explanation[idx].text,
        original,
        "nothing written until the field is left"
    );
    assert!(!h.state().doc.is_dirty());
}
