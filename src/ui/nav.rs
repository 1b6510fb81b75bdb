//! The navigation list on the left: 概况, the tables, the performance forms, 情况说明, 附件.

use crate::model::Package;
use crate::rules::{Finding, Severity};
use std::collections::HashMap;

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
    /// How many changes of the 比较 panel are on each page (shown beside the page's name).
    pub change_counts: Vec<(Page, usize)>,
}

impl Default for NavPanel {
    fn default() -> Self {
        NavPanel {
            page: Page::Table("t1".into()),
            change_counts: Vec::new(),
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
                let mut worst_form: HashMap<&str, Severity> = HashMap::new();
                for f in findings {
                    if let Some(name) = f.location.form.as_deref() {
                        let w = worst_form.entry(name).or_insert(f.severity);
                        *w = (*w).min(f.severity);
                    }
                }
                self.item(
                    ui,
                    Page::OverallForm,
                    "整体绩效目标".into(),
                    worst_form.get("整体").copied(),
                );
                let forms = &pkg.project_forms;
                egui::CollapsingHeader::new(format!("项目绩效目标表（{}）", forms.len()))
                    .id_salt("nav-project-forms")
                    .default_open(forms.len() <= 40)
                    .show(ui, |ui| {
                        // A county package has thousands of projects: draw only the visible ones.
                        let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
                        egui::ScrollArea::vertical()
                            .id_salt("nav-forms")
                            .max_height(360.0)
                            .show_rows(ui, row_h, forms.len(), |ui, range| {
                                for i in range {
                                    let name = &forms[i].name;
                                    let w = worst_form.get(name.as_str()).copied();
                                    self.item(ui, Page::ProjectForm(i), name.clone(), w);
                                }
                            });
                    });
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
                Some(s) => egui::RichText::new("●").color(super::style::severity_color(s)),
                None => egui::RichText::new("  "),
            };
            ui.label(dot);
            if let Some((_, n)) = self.change_counts.iter().find(|(p, _)| *p == page) {
                ui.label(
                    egui::RichText::new(format!("差{n}"))
                        .color(super::style::CHANGE_TEXT)
                        .small(),
                )
                .on_hover_text(format!("与比较的版本有 {n} 处差异（F8 逐处转到）"));
            }
            let full = label.clone();
            let resp = ui.add(egui::Button::selectable(self.page == page, label).truncate());
            if resp.on_hover_text(full).clicked() {
                self.page = page;
            }
        });
    }
}
