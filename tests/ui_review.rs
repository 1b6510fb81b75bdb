//! The reviewer's desk in the window (egui_kittest, headless): a comment on a cell, its marker,
//! a reply, resolving it; saved and reopened with everything kept; its row deleted and the
//! comment still listed, as 位置已删除.

#[path = "common/harness.rs"]
mod common;
use common::harness;

use budget_disclosure::io::project;
use budget_disclosure::model::comments::{Anchor, Placement, placement};
use budget_disclosure::model::document::Origin;
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::commands::AppCommand;
use budget_disclosure::ui::review::comment_label;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn settle(h: &mut Harness<'_, BudgetApp>) {
    h.run_steps(3);
}

/// Types into the text field with this accessible name, as a user would.
fn type_into(h: &mut Harness<'_, BudgetApp>, field: &str, text: &str) {
    match h.query_by_role_and_label(Role::TextInput, field) {
        Some(node) => node.focus(),
        None => h
            .get_by_role_and_label(Role::MultilineTextInput, field)
            .focus(),
    }
    settle(h);
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
