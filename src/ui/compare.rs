//! The 比较 panel (文件 › 比较…): another version of the package (an earlier file, the `.bak`,
//! last year's) compared with the open one, the changes listed by page with 转到 and 采用此处
//! (take the other version's value, one undoable step). The panel changes nothing itself.

use super::nav::Page;
use crate::model::Package;
use crate::model::diff::{self, Change};
use crate::model::edit::{Edit, FormRef, ListRef, TextTarget};
use std::path::PathBuf;

/// What the user asked of the panel, carried out by the app after drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareAction {
    Load(PathBuf),
    /// Take the other version's value of the change with this index.
    Take(usize),
    GoTo(usize),
}

/// The panel's state: the other version and the changes computed for one revision.
#[derive(Default)]
pub struct ComparePanel {
    pub open: bool,
    pub path_text: String,
    /// The other version and its file name.
    pub other: Option<(String, Package)>,
    pub changes: Vec<Change>,
    /// The revision of the open package the changes were computed from.
    pub computed_for: Option<u64>,
    /// The change last gone to with 下一处/上一处差异.
    pub current: Option<usize>,
}

impl ComparePanel {
    /// Recomputes the changes when the open package has changed.
    pub fn refresh(&mut self, pkg: &Package, revision: u64) {
        if self.computed_for == Some(revision) {
            return;
        }
        self.changes = match &self.other {
            Some((_, other)) => diff::diff(pkg, other),
            None => Vec::new(),
        };
        self.computed_for = Some(revision);
        self.current = None;
    }

    /// The change after (or before) the one last gone to, going round.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let n = self.changes.len();
        if n == 0 {
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current = Some(next);
        Some(next)
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) -> Vec<CompareAction> {
        let mut out = Vec::new();
        ui.heading("比较");
        ui.horizontal(|ui| {
            let l = ui.label("比较文件");
            ui.text_edit_singleline(&mut self.path_text)
                .labelled_by(l.id);
            if ui.button("开始比较").clicked() && !self.path_text.trim().is_empty() {
                out.push(CompareAction::Load(PathBuf::from(self.path_text.trim())));
            }
        });
        let Some((name, _)) = &self.other else {
            ui.label("输入另一版本的项目文件（上一版、.bak 或上年文件）的路径，列出两者的差异。");
            return out;
        };
        ui.label(format!(
            "当前文件与 {name} 相比：共 {} 处差异（采用此处 = 改为 {name} 中的值，可撤销）",
            self.changes.len()
        ));
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("compare_list")
            .show(ui, |ui| {
                let mut page = "";
                for (i, c) in self.changes.iter().enumerate() {
                    if c.page != page {
                        page = &c.page;
                        let n = self.changes.iter().filter(|x| x.page == page).count();
                        ui.strong(format!("{page}（{n}）"));
                    }
                    ui.group(|ui| {
                        ui.label(format!("[{}] {}", c.kind.label(), c.place));
                        if c.runs.is_empty() {
                            let mut t = format!("{} → {}", c.old, c.new);
                            if let Some(d) = &c.difference {
                                t.push_str(&format!("（差 {d}）"));
                            }
                            ui.label(t);
                        } else {
                            runs_ui(ui, c);
                        }
                        ui.horizontal(|ui| {
                            if ui.button("转到").clicked() {
                                out.push(CompareAction::GoTo(i));
                            }
                            if ui.button("采用此处").clicked() {
                                out.push(CompareAction::Take(i));
                            }
                        });
                    });
                }
            });
        out
    }
}

/// A text change drawn as one paragraph: removed runs struck through in red, added in green.
fn runs_ui(ui: &mut egui::Ui, c: &Change) {
    let mut job = egui::text::LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    for r in &c.runs {
        let mut fmt = egui::TextFormat::simple(font.clone(), ui.visuals().text_color());
        match r.tag {
            "-" => {
                fmt.color = super::style::error_text();
                fmt.strikethrough = egui::Stroke::new(1.0, super::style::error_text());
            }
            "+" => {
                fmt.color = egui::Color32::from_rgb(0x1a, 0x7f, 0x37);
                fmt.underline = egui::Stroke::new(1.0, egui::Color32::from_rgb(0x1a, 0x7f, 0x37));
            }
            _ => {}
        }
        job.append(&r.text, 0.0, fmt);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}

/// The page a change of the comparison is on.
pub fn change_page(c: &Change) -> Page {
    match &c.take_other {
        Edit::SetCell { table, .. }
        | Edit::SetRowField { table, .. }
        | Edit::SetTableNote { table, .. }
        | Edit::InsertRow { table, .. }
        | Edit::RemoveRow { table, .. } => Page::Table(table.clone()),
        Edit::SetText {
            target:
                TextTarget::DepartmentName
                | TextTarget::DepartmentCode
                | TextTarget::DutiesIntro
                | TextTarget::Duty(_)
                | TextTarget::Organization
                | TextTarget::Office(_),
            ..
        }
        | Edit::SetUnitKind { .. }
        | Edit::InsertItem {
            list: ListRef::Duties | ListRef::Offices | ListRef::Units,
            ..
        }
        | Edit::RemoveItem {
            list: ListRef::Duties | ListRef::Offices | ListRef::Units,
            ..
        } => Page::Overview,
        Edit::SetText {
            target: TextTarget::AppendixText(_) | TextTarget::GlossaryDefinition(_),
            ..
        }
        | Edit::InsertItem {
            list: ListRef::Appendices | ListRef::Glossary,
            ..
        }
        | Edit::RemoveItem {
            list: ListRef::Appendices | ListRef::Glossary,
            ..
        } => Page::Appendices,
        Edit::SetSectionText { .. } => Page::Explanation,
        Edit::SetFormFund { form, .. }
        | Edit::SetText {
            target: TextTarget::Project(form, _),
            ..
        } => Page::ProjectForm(*form),
        Edit::SetText {
            target:
                TextTarget::Indicator {
                    form: FormRef::Project(form),
                    ..
                },
            ..
        }
        | Edit::InsertItem {
            list: ListRef::Indicators(FormRef::Project(form), _),
            ..
        }
        | Edit::RemoveItem {
            list: ListRef::Indicators(FormRef::Project(form), _),
            ..
        } => Page::ProjectForm(*form),
        _ => Page::OverallForm,
    }
}
