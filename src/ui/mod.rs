//! The editor window: the app, one struct per panel, the grid, commands with undo, fonts.

pub mod app;
pub mod auto;
pub mod checklist;
pub mod commands;
pub mod compare;
pub mod dialogs;
pub mod field_comments;
pub mod fields;
pub mod files;
pub mod findings;
pub mod fonts;
pub mod forms;
pub mod grid;
pub mod nav;
pub mod pages;
pub mod review;
pub mod reviewing;
pub mod status;
pub mod style;
pub mod texts;

pub use app::BudgetApp;

use std::path::PathBuf;

/// Opens the editor window on a file, or on the built-in sample when `path` is `None`.
pub fn run_app(path: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app::WINDOW_TITLE)
            .with_inner_size([1280.0, 720.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        app::APP_ID,
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let config = crate::io::settings::dir();
            Ok(Box::new(BudgetApp::start(path, config)))
        }),
    )
}
