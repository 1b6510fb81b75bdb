//! The 自查表 in the window: each item of the finance bureau's check sheet with its verdict
//! (合格 / 不合格 / 不适用) and the evidence for it, from the checker's findings, as the reviewer
//! fills the paper sheet.

use super::style;
use crate::model::Package;
use crate::rules::Finding;
use crate::rules::checklist::{self, Item, Verdict};

/// The 自查表 window's state: whether it is open, and its items for one revision.
#[derive(Default)]
pub struct ChecklistWindow {
    pub open: bool,
    items: Option<(u64, Vec<Item>)>,
}

impl ChecklistWindow {
    /// Draws the window when open; the items follow the package's revision.
    pub fn ui(&mut self, ctx: &egui::Context, pkg: &Package, findings: &[Finding], revision: u64) {
        if !self.open {
            return;
        }
        if self.items.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.items = Some((revision, checklist::checklist(pkg, findings)));
        }
        let Some((_, items)) = &self.items else {
            return;
        };
        let mut open = self.open;
        egui::Window::new(checklist::title(pkg))
            .open(&mut open)
            .default_size([640.0, 480.0])
            .vscroll(true)
            .show(ctx, |ui| {
                let fails = items.iter().filter(|i| i.verdict == Verdict::Fail).count();
                ui.label(format!(
                    "共 {} 项：不合格 {fails} 项（依据本软件的审核结果；可导出为 Excel 或网页）",
                    items.len()
                ));
                ui.separator();
                egui::Grid::new("checklist-grid")
                    .num_columns(4)
                    .striped(true)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for h in ["检查内容", "检查项", "结论", "依据"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for item in items {
                            ui.label(&item.group);
                            ui.label(&item.item);
                            let color = match item.verdict {
                                Verdict::Pass => style::OK_TEXT,
                                Verdict::Fail => style::error_text(),
                                Verdict::NotApplicable => ui.visuals().weak_text_color(),
                            };
                            ui.label(
                                egui::RichText::new(item.verdict.label())
                                    .color(color)
                                    .strong(),
                            );
                            // Wide enough to read a sentence of evidence per line or two.
                            ui.scope(|ui| {
                                ui.set_min_width(300.0);
                                ui.add(egui::Label::new(item.evidence.join("\n")).wrap());
                            });
                            ui.end_row();
                        }
                    });
            });
        self.open = open;
    }
}
