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
