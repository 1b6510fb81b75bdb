//! The menu bar (文件, 编辑) and the status line at the bottom of the window.

use super::commands::{AppCommand, Document};
use std::path::PathBuf;

/// The menu bar; returns the commands chosen.
pub fn menu_ui(ui: &mut egui::Ui, doc: &Document, recent: &[PathBuf]) -> Vec<AppCommand> {
    let mut cmds = Vec::new();
    let mut item = |ui: &mut egui::Ui, label: &str, cmd: AppCommand, enabled: bool| {
        let b = egui::Button::new(label).shortcut_text(cmd.shortcut());
        if ui.add_enabled(enabled, b).clicked() {
            cmds.push(cmd);
            ui.close();
        }
    };
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("文件", |ui| {
            item(ui, "新建…", AppCommand::New, true);
            item(ui, "打开…", AppCommand::Open, true);
            ui.menu_button("最近打开", |ui| {
                if recent.is_empty() {
                    ui.label("（无）");
                }
                for p in recent {
                    item(
                        ui,
                        &p.display().to_string(),
                        AppCommand::OpenPath(p.clone()),
                        true,
                    );
                }
            });
            ui.menu_button("打开示例", |ui| {
                for (i, (name, _)) in crate::io::sample::SAMPLES.iter().enumerate() {
                    item(ui, name, AppCommand::OpenSample(i), true);
                }
            });
            ui.separator();
            item(ui, "保存", AppCommand::Save, true);
            item(ui, "另存为…", AppCommand::SaveAs, true);
            item(ui, "导出 Excel…", AppCommand::ExportXlsx, true);
            item(ui, "导出 HTML…", AppCommand::ExportHtml, true);
            item(ui, "导入 Excel…", AppCommand::ImportXlsx, true);
            ui.menu_button("导入", |ui| {
                item(
                    ui,
                    "已公开的预算（PDF）…",
                    AppCommand::ImportPublished,
                    true,
                );
            });
            ui.separator();
            item(ui, "退出", AppCommand::Quit, true);
        });
        ui.menu_button("编辑", |ui| {
            let undo = match doc.undo_label() {
                Some(l) => format!("撤销 {l}"),
                None => "撤销".into(),
            };
            item(ui, &undo, AppCommand::Undo, doc.can_undo());
            let redo = match doc.redo_label() {
                Some(l) => format!("重做 {l}"),
                None => "重做".into(),
            };
            item(ui, &redo, AppCommand::Redo, doc.can_redo());
            ui.separator();
            item(ui, "插入行", AppCommand::InsertRow, true);
            item(ui, "删除行", AppCommand::DeleteRow, true);
            ui.separator();
            item(ui, "由明细表生成汇总数", AppCommand::DeriveSummaries, true);
        });
    });
    cmds
}

/// The status line: the last message, the file, and whether it is saved.
pub fn status_ui(
    ui: &mut egui::Ui,
    message: &str,
    doc: &Document,
    findings: (usize, usize, usize),
) {
    ui.horizontal(|ui| {
        ui.label(message);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!(
                "错误 {} · 警告 {} · 提示 {}",
                findings.0, findings.1, findings.2
            ));
            ui.separator();
            ui.label(if doc.is_dirty() {
                "未保存"
            } else {
                "已保存"
            });
            ui.separator();
            let place = match doc.path() {
                Some(p) => p.display().to_string(),
                None => doc.display_name(),
            };
            ui.label(place);
        });
    });
}
