//! Modal dialogs: 新建 (year, department and layout, built-in or from a layout file), a path field when no native file dialog is
//! available, "save changes?" before discarding work, and the offer to recover an autosave.

use super::commands::AppCommand;
use crate::model::Layout;
use std::path::PathBuf;

/// What a typed path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    ExportHtml,
    ExportXlsx,
    ImportXlsx,
    /// A published package: its PDF, or the text extracted from it.
    ImportPublished,
    /// This year's project file, for next year's.
    NewFromLastYear,
    /// An official list of classification codes.
    ImportCatalog,
}

pub enum Dialog {
    New {
        year: String,
        department: String,
        error: Option<String>,
        /// The layouts offered: the built-in ones, then any loaded from a file.
        layouts: Vec<&'static Layout>,
        /// Index into `layouts`.
        chosen: usize,
        /// A layout file's path, typed or picked (选择版式文件).
        layout_path: String,
    },
    Path {
        purpose: PathPurpose,
        text: String,
        note: String,
    },
    /// Unsaved changes: save, discard, or cancel before `then`.
    ConfirmDiscard { then: AppCommand },
    /// A message to read (e.g. every cell a workbook import could not read).
    Message { title: String, text: String },
    /// An autosave from a session that did not end cleanly.
    Recovery {
        file: PathBuf,
        original: Option<PathBuf>,
        saved_at: String,
    },
}

/// What the user chose in a dialog.
pub enum DialogResult {
    /// Keep the dialog open.
    Open,
    Cancel,
    CreateNew {
        year: i32,
        department: String,
        layout: &'static Layout,
    },
    Path(PathPurpose, PathBuf),
    SaveThen(AppCommand),
    DiscardThen(AppCommand),
    Recover,
    DropRecovery,
}

impl Dialog {
    /// 新建, proposing a year, a department and the current layout.
    pub fn new_package(year: i32, department: &str, current: &'static Layout) -> Dialog {
        let mut layouts: Vec<&'static Layout> = crate::model::layout::builtins().iter().collect();
        let chosen = match layouts.iter().position(|l| std::ptr::eq(*l, current)) {
            Some(i) => i,
            None if Layout::is_builtin_id(&current.id) => 0,
            None => {
                layouts.push(current);
                layouts.len() - 1
            }
        };
        Dialog::New {
            year: year.to_string(),
            department: department.to_string(),
            error: None,
            layouts,
            chosen,
            layout_path: String::new(),
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context) -> DialogResult {
        let mut result = DialogResult::Open;
        let modal = egui::Modal::new(egui::Id::unique("budget-dialog")).show(ctx, |ui| {
            ui.set_min_width(420.0);
            match self {
                Dialog::New {
                    year,
                    department,
                    error,
                    layouts,
                    chosen,
                    layout_path,
                } => {
                    ui.heading("新建预算公开");
                    egui::Grid::new("new-grid").num_columns(2).show(ui, |ui| {
                        ui.label("预算年度");
                        let resp = ui.text_edit_singleline(year);
                        if ui.memory(|m| m.focused().is_none()) {
                            resp.request_focus();
                        }
                        ui.end_row();
                        ui.label("部门名称");
                        ui.text_edit_singleline(department);
                        ui.end_row();
                        ui.label("报表版式");
                        let current = layouts.get(*chosen).map(|l| l.name.as_str());
                        egui::ComboBox::from_id_salt("new-layout")
                            .selected_text(current.unwrap_or("（请选择）"))
                            .width(300.0)
                            .show_ui(ui, |ui| {
                                for (i, l) in layouts.iter().enumerate() {
                                    ui.selectable_value(chosen, i, l.name.as_str());
                                }
                            });
                        ui.end_row();
                        ui.label("版式文件");
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(layout_path)
                                    .hint_text("自己编写的版式文件（.ron）路径")
                                    .desired_width(220.0),
                            );
                            if ui.button("选择版式文件…").clicked() {
                                match rfd::FileDialog::new()
                                    .add_filter("版式文件", &["ron"])
                                    .pick_file()
                                {
                                    Some(p) => *layout_path = p.display().to_string(),
                                    None => {
                                        *error = Some(
                                            "没有打开文件对话框（或已取消）：可在左侧输入版式文件路径，再点“载入”"
                                                .into(),
                                        )
                                    }
                                }
                            }
                            if ui.button("载入").clicked() && !layout_path.trim().is_empty() {
                                let path = std::path::Path::new(layout_path.trim());
                                match crate::model::layout::load_file(path)
                                    .and_then(crate::model::layout::register)
                                {
                                    Ok(l) => {
                                        if !layouts.iter().any(|x| std::ptr::eq(*x, l)) {
                                            layouts.push(l);
                                        }
                                        *chosen = layouts
                                            .iter()
                                            .position(|x| std::ptr::eq(*x, l))
                                            .unwrap_or(0);
                                        *error = None;
                                    }
                                    Err(e) => *error = Some(e.to_string()),
                                }
                            }
                        });
                        ui.end_row();
                    });
                    if let Some(e) = error {
                        ui.colored_label(super::style::error_text(), e.as_str());
                    }
                    ui.horizontal(|ui| {
                        if ui.button("创建").clicked() {
                            match year.trim().parse::<i32>() {
                                Ok(y)
                                    if (2000..=2100).contains(&y)
                                        && !department.trim().is_empty() =>
                                {
                                    match layouts.get(*chosen) {
                                        Some(l) => {
                                            result = DialogResult::CreateNew {
                                                year: y,
                                                department: department.trim().to_string(),
                                                layout: l,
                                            }
                                        }
                                        None => *error = Some("请选择报表版式".into()),
                                    }
                                }
                                Ok(y) if !(2000..=2100).contains(&y) => {
                                    *error = Some(format!("年度“{y}”不在 2000–2100 之间"));
                                }
                                Ok(_) => *error = Some("请填写部门名称".into()),
                                Err(_) => *error = Some(format!("“{}”不是年份", year.trim())),
                            }
                        }
                        if ui.button("取消").clicked() {
                            result = DialogResult::Cancel;
                        }
                    });
                }
                Dialog::Path {
                    purpose,
                    text,
                    note,
                } => {
                    ui.heading(match purpose {
                        PathPurpose::Open => "打开文件",
                        PathPurpose::SaveAs => "另存为",
                        PathPurpose::ExportHtml => "导出 HTML",
                        PathPurpose::ExportXlsx => "导出 Excel",
                        PathPurpose::ImportXlsx => "导入 Excel",
                        PathPurpose::ImportPublished => "导入已公开的预算（PDF）",
                        PathPurpose::NewFromLastYear => "从上年文件新建",
                        PathPurpose::ImportCatalog => "导入分类科目",
                    });
                    if !note.is_empty() {
                        ui.label(note.as_str());
                    }
                    ui.label("文件路径：");
                    let resp = ui.add(egui::TextEdit::singleline(text).desired_width(400.0));
                    // Read before the focus is given back below: egui answers `lost_focus`
                    // from the focus as it is now, and Enter would never confirm.
                    let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if !enter && ui.memory(|m| m.focused().is_none()) {
                        resp.request_focus();
                    }
                    ui.horizontal(|ui| {
                        if (ui.button("确定").clicked() || enter) && !text.trim().is_empty() {
                            result = DialogResult::Path(*purpose, PathBuf::from(text.trim()));
                        }
                        if ui.button("取消").clicked() {
                            result = DialogResult::Cancel;
                        }
                    });
                }
                Dialog::ConfirmDiscard { then } => {
                    ui.heading("有未保存的修改");
                    ui.label("当前文件有未保存的修改。是否先保存？");
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            result = DialogResult::SaveThen(then.clone());
                        }
                        if ui.button("不保存").clicked() {
                            result = DialogResult::DiscardThen(then.clone());
                        }
                        if ui.button("取消").clicked() {
                            result = DialogResult::Cancel;
                        }
                    });
                }
                Dialog::Message { title, text } => {
                    ui.heading(title.as_str());
                    egui::ScrollArea::vertical()
                        .max_height(360.0)
                        .show(ui, |ui| ui.label(text.as_str()));
                    if ui.button("关闭").clicked() {
                        result = DialogResult::Cancel;
                    }
                }
                Dialog::Recovery {
                    original, saved_at, ..
                } => {
                    ui.heading("发现自动保存的内容");
                    ui.label("上次编辑没有正常结束，找到了自动保存的恢复文件。");
                    // Which document it is, so a user with several files knows what comes back.
                    match original {
                        Some(p) => ui.label(format!("原文件：{}", p.display())),
                        None => ui.label("原文件：尚未保存过的新文件（未命名）"),
                    };
                    if !saved_at.is_empty() {
                        ui.label(format!("保存时间：{saved_at}"));
                    }
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            result = DialogResult::Recover;
                        }
                        if ui.button("丢弃").clicked() {
                            result = DialogResult::DropRecovery;
                        }
                    });
                }
            }
        });
        if matches!(result, DialogResult::Open)
            && modal.should_close()
            && !matches!(self, Dialog::Recovery { .. })
        {
            result = DialogResult::Cancel;
        }
        result
    }
}
