//! The menu bar (文件, 编辑, 审阅) and the status line at the bottom of the window.

use super::commands::AppCommand;
use crate::model::document::Document;
use std::path::PathBuf;

/// The menu bar; returns the commands chosen. Labels, tooltips and shortcuts come from the
/// command registry.
pub fn menu_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    table: Option<&str>,
    recent: &[PathBuf],
    dark: bool,
) -> Vec<AppCommand> {
    let mut cmds = Vec::new();
    let auto_enabled = table
        .and_then(|t| doc.pkg.layout().table(t))
        .is_some_and(super::auto::can_be_auto);
    let auto_on = table.is_some_and(|t| super::auto::is_auto(&doc.pkg, t));
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("文件", |ui| {
            AppCommand::New.menu_item(ui, true, &mut cmds);
            AppCommand::NewFromLastYear.menu_item(ui, true, &mut cmds);
            AppCommand::Open.menu_item(ui, true, &mut cmds);
            ui.menu_button("最近打开", |ui| {
                if recent.is_empty() {
                    ui.label("（无）");
                }
                for p in recent {
                    AppCommand::OpenPath(p.clone()).menu_item_labelled(
                        ui,
                        &p.display().to_string(),
                        true,
                        &mut cmds,
                    );
                }
            });
            ui.menu_button("打开示例", |ui| {
                for (i, (name, _)) in crate::io::sample::SAMPLES.iter().enumerate() {
                    AppCommand::OpenSample(i).menu_item_labelled(ui, name, true, &mut cmds);
                }
            });
            ui.separator();
            AppCommand::Save.menu_item(ui, true, &mut cmds);
            AppCommand::SaveAs.menu_item(ui, true, &mut cmds);
            AppCommand::ExportXlsx.menu_item(ui, true, &mut cmds);
            AppCommand::ExportHtml.menu_item(ui, true, &mut cmds);
            AppCommand::ImportXlsx.menu_item(ui, true, &mut cmds);
            AppCommand::Compare.menu_item(ui, true, &mut cmds);
            AppCommand::NextChange.menu_item(ui, true, &mut cmds);
            AppCommand::PreviousChange.menu_item(ui, true, &mut cmds);
            ui.menu_button("导入", |ui| {
                AppCommand::ImportPublished.menu_item(ui, true, &mut cmds);
                AppCommand::ImportCatalog.menu_item(ui, true, &mut cmds);
            });
            ui.separator();
            AppCommand::Quit.menu_item(ui, true, &mut cmds);
        });
        ui.menu_button("编辑", |ui| {
            let undo = match doc.undo_label() {
                Some(l) => format!("撤销 {l}"),
                None => AppCommand::Undo.label().into(),
            };
            AppCommand::Undo.menu_item_labelled(ui, &undo, doc.can_undo(), &mut cmds);
            let redo = match doc.redo_label() {
                Some(l) => format!("重做 {l}"),
                None => AppCommand::Redo.label().into(),
            };
            AppCommand::Redo.menu_item_labelled(ui, &redo, doc.can_redo(), &mut cmds);
            ui.separator();
            AppCommand::InsertRow.menu_item(ui, true, &mut cmds);
            AppCommand::DeleteRow.menu_item(ui, true, &mut cmds);
            ui.separator();
            AppCommand::DeriveSummaries.menu_item(ui, true, &mut cmds);
            let auto = if auto_on {
                "✔ 自动计算本表"
            } else {
                "自动计算本表"
            };
            AppCommand::ToggleAuto.menu_item_labelled(ui, auto, auto_enabled, &mut cmds);
        });
        ui.menu_button("视图", |ui| {
            let label = if dark {
                "✔ 深色主题"
            } else {
                "深色主题"
            };
            AppCommand::ToggleDarkTheme.menu_item_labelled(ui, label, true, &mut cmds);
        });
        ui.menu_button("审阅", |ui| {
            AppCommand::AddComment.menu_item(ui, true, &mut cmds);
            AppCommand::ToggleReview.menu_item(ui, true, &mut cmds);
            AppCommand::ToggleChecklist.menu_item(ui, true, &mut cmds);
        });
    });
    cmds
}

/// The status line: the last message, the file, and whether it is saved. With `folder`, the
/// message names a file just written and a button offers its folder; returns whether it was
/// clicked.
pub fn status_ui(
    ui: &mut egui::Ui,
    message: &str,
    doc: &Document,
    findings: (usize, usize, usize),
    folder: Option<&std::path::Path>,
) -> bool {
    let mut open_folder = false;
    ui.horizontal(|ui| {
        ui.label(message);
        if let Some(dir) = folder {
            open_folder = ui
                .small_button("打开所在文件夹")
                .on_hover_text(dir.display().to_string())
                .clicked();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!(
                "错误 {} · 警告 {} · 提示 {}",
                findings.0, findings.1, findings.2
            ));
            ui.separator();
            // A package that has no file yet (the sample, a new one) was never saved, however
            // few edits it has.
            ui.label(match (doc.path(), doc.is_dirty()) {
                (None, _) => "尚未保存为文件",
                (Some(_), true) => "未保存",
                (Some(_), false) => "已保存",
            });
            ui.separator();
            let place = match doc.path() {
                Some(p) => p.display().to_string(),
                None => doc.display_name(),
            };
            ui.label(place);
        });
    });
    open_folder
}
