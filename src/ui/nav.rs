//! The navigation list on the left: 概况, the tables, the performance forms, 情况说明, 附件.

use crate::model::Package;
use crate::rules::{Finding, Severity};

/// A page of the package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Overview,
    /// A table by key ("t3").
    Table(String),
    OverallForm,
    /// A project form by index.
    ProjectForm(usize),
    Explanation,
    Appendices,
}

impl Page {
    pub fn table_key(&self) -> Option<&str> {
        match self {
            Page::Table(k) => Some(k),
            _ => None,
        }
    }
}

pub struct NavPanel {
    pub page: Page,
}

impl Default for NavPanel {
    fn default() -> Self {
        NavPanel {
            page: Page::Table("t1".into()),
        }
    }
}

impl NavPanel {
    /// Draws the list; the worst finding of each table is shown as a coloured dot.
    pub fn ui(&mut self, ui: &mut egui::Ui, pkg: &Package, findings: &[Finding]) {
        egui::ScrollArea::vertical()
            .id_salt("nav")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.heading("目录");
                self.item(ui, Page::Overview, "第一部分 概况".into(), None);
                ui.separator();
                ui.label(egui::RichText::new("第二部分 公开表").strong());
                for def in &pkg.layout().tables {
                    let worst = findings
                        .iter()
                        .filter(|f| f.location.table.as_deref() == Some(def.key.as_str()))
                        .map(|f| f.severity)
                        .min();
                    let title = def.title_for(pkg.year);
                    let short = title
                        .strip_prefix(&format!("{}年", pkg.year))
                        .unwrap_or(&title)
                        .to_string();
                    self.item(
                        ui,
                        Page::Table(def.key.clone()),
                        format!("表{} {short}", def.number),
                        worst,
                    );
                }
                ui.separator();
                ui.label(egui::RichText::new("绩效目标").strong());
                let worst_form = |name: &str| {
                    findings
                        .iter()
                        .filter(|f| f.location.form.as_deref() == Some(name))
                        .map(|f| f.severity)
                        .min()
                };
                self.item(
                    ui,
                    Page::OverallForm,
                    "整体绩效目标".into(),
                    worst_form("整体"),
                );
                for (i, f) in pkg.project_forms.iter().enumerate() {
                    self.item(
                        ui,
                        Page::ProjectForm(i),
                        f.name.clone(),
                        worst_form(&f.name),
                    );
                }
                ui.separator();
                let worst_text = findings
                    .iter()
                    .filter(|f| f.location.section.is_some())
                    .map(|f| f.severity)
                    .min();
                self.item(
                    ui,
                    Page::Explanation,
                    "第三部分 情况说明".into(),
                    worst_text,
                );
                self.item(ui, Page::Appendices, "附件与名词解释".into(), None);
            });
    }

    fn item(&mut self, ui: &mut egui::Ui, page: Page, label: String, worst: Option<Severity>) {
        ui.horizontal(|ui| {
            let dot = match worst {
                Some(s) => egui::RichText::new("●").color(super::grid::severity_color_pub(s)),
                None => egui::RichText::new("  "),
            };
            ui.label(dot);
            if ui.selectable_label(self.page == page, label).clicked() {
                self.page = page;
            }
        });
    }
}
