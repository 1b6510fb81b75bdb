//! The reviewer's desk in the window (egui_kittest, headless): a comment on a cell, its marker,
//! a reply, resolving it; saved and reopened with everything kept; its row deleted and the
//! comment still listed, as 位置已删除.

#[path = "common/harness.rs"]
mod common;
use common::{focus_field, harness};

use budget_disclosure::io::project;
use budget_disclosure::model::comments::{self, Anchor, Comment, Placement, placement};
use budget_disclosure::model::document::Origin;
use budget_disclosure::model::field_edit::Commit;
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::commands::AppCommand;
use budget_disclosure::ui::nav::Page;
use budget_disclosure::ui::review::comment_label;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn settle(h: &mut Harness<'_, BudgetApp>) {
    h.run_steps(3);
}

/// Types into the text field with this accessible name, as a user would.
fn type_into(h: &mut Harness<'_, BudgetApp>, field: &str, text: &str) {
    focus_field(h, field);
    h.event(Event::Text(text.into()));
    settle(h);
}

#[test]
fn comment_on_a_cell_reply_resolve_save_reopen_and_delete_its_row() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    assert!(
        h.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h);
    let selected = h.state().grid.selection.cursor;

    // 审阅 › 添加批注 by its shortcut; the name is asked the first time.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    settle(&mut h);
    assert!(h.state().review.open, "{}", h.state().status);
    type_into(&mut h, "您的姓名", "王审");
    h.get_by_label("确定姓名").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().review.author.as_deref(), Some("王审"));
    type_into(&mut h, "批注内容", "基本支出请附测算依据");
    h.get_by_label("添加批注").click_accesskit();
    settle(&mut h);

    let c = h.state().doc.pkg.comments.first().cloned().expect("added");
    assert_eq!(c.author, "王审");
    assert_eq!(c.text, "基本支出请附测算依据");
    assert_eq!(
        c.anchor,
        Some(Anchor::Cell {
            table: "t3".into(),
            block: "main".into(),
            row: "2014001".into(),
            column: "basic".into(),
        })
    );
    assert!(c.place.contains("2014001"), "{}", c.place);
    // The grid marks exactly the commented cell.
    let marks: Vec<_> = h.state_mut().comment_marks().keys().copied().collect();
    assert_eq!(marks, vec![selected]);

    // Reply and resolve from the panel.
    type_into(&mut h, "#1 回复", "已补充测算表");
    h.get_by_label("#1 发送回复").click_accesskit();
    settle(&mut h);
    h.get_by_label("#1 解决").click_accesskit();
    settle(&mut h);
    let c = h.state().doc.pkg.comments[0].clone();
    assert_eq!(c.replies.len(), 1);
    assert_eq!(c.replies[0].author, "王审");
    assert_eq!(c.replies[0].text, "已补充测算表");
    assert!(c.resolved);
    // A resolved comment leaves the default list and comes back with 显示已解决.
    assert!(h.query_by_label("#1 重新打开").is_none());
    h.get_by_label("显示已解决").click_accesskit();
    settle(&mut h);
    assert!(h.query_by_label("#1 重新打开").is_some());

    // Saved and reopened: all kept.
    let dir = std::env::temp_dir().join(format!("ui_review_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("reviewed.budget.ron");
    h.state_mut().run(AppCommand::SaveAsPath(path.clone()));
    settle(&mut h);
    assert!(!h.state().doc.is_dirty(), "{}", h.state().status);
    let reopened = project::load(&path).expect("saved file loads");
    assert_eq!(reopened.comments, h.state().doc.pkg.comments);
    let mut h2 = harness(BudgetApp::with_package(reopened, Origin::File(path)));
    settle(&mut h2);
    h2.state_mut().review.open = true;
    h2.state_mut().review.show_resolved = true;
    assert!(
        h2.state_mut()
            .select_cell("t3", None, "2014001", Some("basic"))
    );
    settle(&mut h2);
    assert_eq!(h2.state_mut().comment_marks().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);

    // The row deleted: the comment is kept, listed as 位置已删除, and the marker is gone.
    h.state_mut().run(AppCommand::DeleteRow);
    settle(&mut h);
    let pkg = &h.state().doc.pkg;
    assert!(
        !pkg.tables["t3"]
            .rows("main")
            .iter()
            .any(|r| r.code == "2014001")
    );
    assert_eq!(pkg.comments.len(), 1);
    let c = pkg.comments[0].clone();
    let cat = h.state().catalog();
    assert_eq!(placement(pkg, cat, c.anchor.as_ref()), Placement::Deleted);
    let label = comment_label(&c, Placement::Deleted);
    assert!(label.contains("位置已删除"));
    assert!(h.query_by_label(&label).is_some(), "listed as {label}");
    assert!(h.state_mut().comment_marks().is_empty());
    // Undo brings the row back, and the comment is on it again.
    h.state_mut().run(AppCommand::Undo);
    settle(&mut h);
    assert_eq!(h.state_mut().comment_marks().len(), 1);
}

#[test]
fn compare_with_another_version_lists_its_changes_and_takes_one_as_an_undoable_step() {
    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::Compare);
    settle(&mut h);
    type_into(
        &mut h,
        "比较文件",
        "tests/fixtures/diff/sample-3-changes.budget.ron",
    );
    h.get_by_label("开始比较").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().compare.changes.len(), 3, "{}", h.state().status);
    let value = |h: &Harness<'_, BudgetApp>| {
        h.state().doc.pkg.tables["t3"]
            .rows("main")
            .iter()
            .find(|r| r.code == "2014001")
            .map(|r| r.cell("basic").display_2dp())
    };
    assert_eq!(value(&h).as_deref(), Some("19.56"));
    // The first change is the table cell: 采用此处 takes 20.56, and the list shrinks.
    h.get_all_by_label("采用此处")
        .next()
        .expect("a button per change")
        .click_accesskit();
    settle(&mut h);
    assert_eq!(value(&h).as_deref(), Some("20.56"));
    assert_eq!(h.state().compare.changes.len(), 2);
    h.state_mut().run(AppCommand::Undo);
    settle(&mut h);
    assert_eq!(value(&h).as_deref(), Some("19.56"));
    assert_eq!(h.state().compare.changes.len(), 3);
}

/// 添加批注 (Ctrl+Alt+M) on what has the focus, with this text; returns the new comment.
fn comment_here(h: &mut Harness<'_, BudgetApp>, text: &str) -> Comment {
    let before = h.state().doc.pkg.comments.len();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::M);
    settle(h);
    assert!(h.state().review.draft.is_some(), "{}", h.state().status);
    type_into(h, "批注内容", text);
    h.get_by_label("添加批注").click_accesskit();
    settle(h);
    let pkg = &h.state().doc.pkg;
    assert_eq!(pkg.comments.len(), before + 1, "{}", h.state().status);
    pkg.comments[before].clone()
}

#[test]
fn comments_on_a_form_field_an_indicator_and_a_passage_are_marked_kept_and_gone_to() {
    let mut h = harness(BudgetApp::sample());
    h.state_mut().review.author = Some("王审".into());
    settle(&mut h);
    let pkg = h.state().doc.pkg.clone();
    let i = pkg
        .project_forms
        .iter()
        .position(|f| f.name == "信访救助资金")
        .expect("the sample's form");
    h.state_mut().nav.page = Page::ProjectForm(i);
    settle(&mut h);

    // A fund field of the form.
    focus_field(&mut h, "年度资金总额");
    let field = comment_here(&mut h, "年度资金与实施期不一致");
    let field_anchor = Anchor::Field {
        form: "信访救助资金".into(),
        field: "年度资金总额".into(),
    };
    assert_eq!(field.anchor.as_ref(), Some(&field_anchor));
    assert_eq!(field.place, "“信访救助资金”绩效目标表 年度资金总额");
    assert!(
        h.query_by_label(&format!("批注标记 {}", field.place))
            .is_some()
    );

    // An indicator row: its name field stands for the row.
    focus_field(&mut h, "年度 指标1 名称");
    let ind = comment_here(&mut h, "指标请细化");
    let first = &pkg.project_forms[i].indicators_year[0];
    let ind_anchor = Anchor::Indicator {
        form: "信访救助资金".into(),
        period: "年度".into(),
        level1: first.level1.clone(),
        level2: first.level2.clone(),
        name: first.name.clone(),
    };
    assert_eq!(ind.anchor.as_ref(), Some(&ind_anchor));
    assert!(h.state().pages.fields.comments.marked.contains(&ind_anchor));
    // Only the commented places carry a marker.
    assert_eq!(h.state().pages.fields.comments.marked.len(), 2);

    // A passage of a 情况说明 section: the selected text is the quote.
    h.state_mut().nav.page = Page::Explanation;
    settle(&mut h);
    let s = pkg
        .explanation
        .iter()
        .position(|s| s.number == "五")
        .expect("section 五");
    focus_field(&mut h, "情况说明五");
    for _ in 0..6 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    }
    settle(&mut h);
    let passage = comment_here(&mut h, "此处数字有误");
    let Some(Anchor::Section { section, quote }) = passage.anchor.clone() else {
        panic!("a section comment: {:?}", passage.anchor);
    };
    assert_eq!(section, comments::section_key(&pkg.explanation[s]));
    assert_eq!(quote.chars().count(), 6, "{quote:?}");
    assert!(pkg.explanation[s].text.contains(&quote));
    assert!(passage.place.contains(&quote), "{}", passage.place);
    let whole = Anchor::Section {
        section: section.clone(),
        quote: String::new(),
    };
    assert!(h.state().pages.fields.comments.marked.contains(&whole));
    assert_eq!(
        h.state().pages.fields.comments.quotes(Commit::Section(s)),
        vec![quote.clone()]
    );

    // Saved and reopened: the three comments are kept, marked, and reached from the panel.
    let dir = std::env::temp_dir().join(format!("ui_review_places_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("places.budget.ron");
    h.state_mut().run(AppCommand::SaveAsPath(path.clone()));
    settle(&mut h);
    let reopened = project::load(&path).expect("saved file loads");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(reopened.comments, h.state().doc.pkg.comments);
    let mut h = harness(BudgetApp::with_package(reopened, Origin::File(path)));
    h.state_mut().review.open = true;
    settle(&mut h);
    let go = |h: &mut Harness<'_, BudgetApp>, c: &Comment| {
        h.get_by_label(&comment_label(c, Placement::Found))
            .click_accesskit();
        settle(h);
        h.state().pages.fields.comments.focused.clone()
    };
    assert_eq!(go(&mut h, &field), Some(field_anchor.clone()));
    assert_eq!(h.state().nav.page, Page::ProjectForm(i));
    assert!(
        h.query_by_label(&format!("批注标记 {}", field.place))
            .is_some()
    );
    assert_eq!(go(&mut h, &ind), Some(ind_anchor));
    // Going to a passage selects it in the section's text.
    assert_eq!(go(&mut h, &passage), passage.anchor.clone());
    assert_eq!(h.state().nav.page, Page::Explanation);

    // Clicking a marker puts the focus on its field.
    h.state_mut().nav.page = Page::ProjectForm(i);
    settle(&mut h);
    focus_field(&mut h, "项目名称");
    h.get_by_label(&format!("批注标记 {}", field.place))
        .click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().pages.fields.comments.focused, Some(field_anchor));
}

#[test]
fn compare_counts_goes_to_and_takes_a_renamed_row_and_a_glossary_entry() {
    use budget_disclosure::model::edit::{Edit, RowField, TextTarget};
    let mut b = budget_disclosure::io::sample::sample();
    let row = b.tables["t3"]
        .rows("main")
        .iter()
        .position(|r| r.code == "2014004")
        .expect("2014004");
    Edit::SetRowField {
        table: "t3".into(),
        block: "main".into(),
        row,
        field: RowField::Name,
        value: "信访业务（专项）".into(),
    }
    .apply(&mut b);
    Edit::SetText {
        target: TextTarget::GlossaryDefinition(1),
        text: "指基本支出之外的支出。".into(),
    }
    .apply(&mut b);
    let dir = std::env::temp_dir().join(format!("ui_compare_kinds_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("other.budget.ron");
    project::save(&b, &path).expect("saves");

    let mut h = harness(BudgetApp::sample());
    settle(&mut h);
    h.state_mut().run(AppCommand::Compare);
    settle(&mut h);
    type_into(&mut h, "比较文件", &path.display().to_string());
    h.get_by_label("开始比较").click_accesskit();
    settle(&mut h);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(h.state().compare.changes.len(), 2, "{}", h.state().status);
    let counts = h.state().nav.change_counts.clone();
    assert!(
        counts.contains(&(Page::Table("t3".into()), 1)),
        "{counts:?}"
    );
    assert!(counts.contains(&(Page::Appendices, 1)), "{counts:?}");

    // F8 goes to the renamed row, then to the glossary entry.
    h.key_press(Key::F8);
    settle(&mut h);
    assert_eq!(h.state().nav.page, Page::Table("t3".into()));
    assert!(h.state().status.contains("1 / 2"), "{}", h.state().status);
    h.key_press(Key::F8);
    settle(&mut h);
    assert_eq!(h.state().nav.page, Page::Appendices);

    // 采用此处 on each: one undoable step each.
    let definition = |h: &Harness<'_, BudgetApp>| h.state().doc.pkg.glossary[1].definition.clone();
    let before = definition(&h);
    h.get_all_by_label("采用此处")
        .nth(1)
        .expect("a button per change")
        .click_accesskit();
    settle(&mut h);
    assert_eq!(definition(&h), "指基本支出之外的支出。");
    assert_eq!(h.state().compare.changes.len(), 1);
    h.get_all_by_label("采用此处")
        .next()
        .expect("the row's button")
        .click_accesskit();
    settle(&mut h);
    assert_eq!(
        h.state().doc.pkg.tables["t3"].rows("main")[row].name,
        "信访业务（专项）"
    );
    assert!(h.state().compare.changes.is_empty());
    h.state_mut().run(AppCommand::Undo);
    h.state_mut().run(AppCommand::Undo);
    settle(&mut h);
    assert_eq!(definition(&h), before);
    assert_eq!(
        h.state().doc.pkg.tables["t3"].rows("main")[row].name,
        "信访业务"
    );
    assert_eq!(h.state().compare.changes.len(), 2);
}
