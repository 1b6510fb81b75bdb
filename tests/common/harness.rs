//! The window under test: an egui_kittest harness on a `BudgetApp`, headless, with the app's
//! fonts, at the size the UI tests are written for. Included by the UI test files with
//! `#[path = "common/harness.rs"] mod common;`.

// Each test file uses part of it.
#![allow(dead_code)]

use budget_disclosure::ui::{BudgetApp, fonts};
use egui_kittest::Harness;

/// The size the UI tests click at (the window's default is 1400×900 too).
pub const SIZE: egui::Vec2 = egui::Vec2::new(1400.0, 900.0);

/// A harness showing `app` at [`SIZE`].
pub fn harness(app: BudgetApp) -> Harness<'static, BudgetApp> {
    harness_sized(app, SIZE)
}

/// A harness showing `app` at another size.
pub fn harness_sized(app: BudgetApp, size: egui::Vec2) -> Harness<'static, BudgetApp> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(fonts::install)
        .build_eframe(move |_cc| app)
}

/// Gives the focus to the text field (one line or several) with this accessible name, as a
/// click would.
pub fn focus_field(h: &mut Harness<'_, BudgetApp>, field: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    match h.query_by_role_and_label(Role::TextInput, field) {
        Some(node) => node.focus(),
        None => h
            .get_by_role_and_label(Role::MultilineTextInput, field)
            .focus(),
    }
    h.run_steps(3);
}

/// Replaces the text of the field with this accessible name and leaves it with `leave`
/// (Enter for a one-line field, Escape for a text area), as a user would.
pub fn retype(h: &mut Harness<'_, BudgetApp>, field: &str, text: &str, leave: egui::Key) {
    focus_field(h, field);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text(text.into()));
    h.run_steps(3);
    h.key_press(leave);
    h.run_steps(3);
}

/// The index of the open package's project form with this name.
pub fn form_index(h: &Harness<'_, BudgetApp>, name: &str) -> usize {
    h.state()
        .doc
        .pkg
        .project_forms
        .iter()
        .position(|f| f.name == name)
        .expect("the package has this form")
}
