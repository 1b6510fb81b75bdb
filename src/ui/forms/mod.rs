//! The performance-form editors: 部门整体支出绩效目标申报表 and each 项目支出绩效目标表, laid out
//! like the published forms, with the indicator tree, the 指标值 entered as comparator + number
//! + unit, and the offers that keep table 12 and the project forms in step.
//!
//! This file holds their state and small shared widgets; `project` and `overall` are the two
//! forms, `indicators` the tree and the 指标值 editor, `money` the funds grid, `offer` the
//! dialogs.

mod indicators;
mod money;
mod offer;
mod overall;
mod project;

pub use offer::offer_dialog_ui;
pub use overall::overall_form_ui;
pub use project::project_form_ui;

use crate::model::Package;
use crate::model::edit::{Edit, Period, TextTarget};
use crate::model::layout::TableKind;
use crate::rules::Finding;
use crate::ui::fields::{Commit, Fields, findings_list_ui};

/// An offer waiting for the user's answer.
pub enum Offer {
    /// A project row was added to table 12: create its form?
    CreateForm { row: usize, name: String },
    /// A new form: add its table 12 row?
    AddRow { form: usize },
    /// 新建项目表: ask for the project's name.
    NewForm { name: String },
}

#[derive(Default)]
pub struct FormsState {
    pub offer: Option<Offer>,
}

impl FormsState {
    /// A project inserted into table 12 with no form of its name: offer to create one.
    pub fn notice_edit(&mut self, pkg: &Package, edit: &Edit) {
        let Edit::InsertRow {
            table, index, row, ..
        } = edit
        else {
            return;
        };
        let is_t12 = pkg
            .layout()
            .table(table)
            .is_some_and(|d| d.kind == TableKind::ProjectsCurrent);
        if is_t12 && pkg.project_form(&row.name).is_none() {
            let n = pkg.table(table).map(|t| t.rows("main").len()).unwrap_or(0);
            self.offer = Some(Offer::CreateForm {
                row: (*index).min(n),
                name: row.name.clone(),
            });
        }
    }
}

/// One label cell of a form grid, in bold.
fn cell_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.label(egui::RichText::new(text).strong())
}

/// One text field of a project form, in a grid row.
fn project_text(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    target: TextTarget,
    label: &str,
    value: &str,
    multiline: bool,
    width: f32,
) {
    fields.text(ui, Commit::Text(target), value, label, multiline, width);
}

fn period_label(p: Period) -> &'static str {
    match p {
        Period::Implementation => "实施期",
        Period::Year => "年度",
    }
}

/// The findings of a form as a block at its top.
/// The findings of a form in a box of one fixed height (scrolled inside when longer): a field
/// committed with Tab changes the findings, and the fields below must not move under the user.
fn findings_box(ui: &mut egui::Ui, found: &[&Finding]) {
    const LIST_HEIGHT: f32 = 64.0;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if found.is_empty() {
            ui.label(egui::RichText::new("√ 本表未发现问题").color(crate::ui::style::OK_TEXT));
        } else {
            ui.label(egui::RichText::new(format!("本表有 {} 条检查结果", found.len())).strong());
        }
        egui::ScrollArea::vertical()
            .id_salt("form-findings")
            .min_scrolled_height(LIST_HEIGHT)
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, false])
            .show(ui, |ui| findings_list_ui(ui, found));
    });
}

/// Draws one or two columns: side by side when wide enough.
fn two_periods(ui: &mut egui::Ui, min_width: f32, mut each: impl FnMut(&mut egui::Ui, Period)) {
    if ui.available_width() >= min_width {
        ui.columns(2, |cols| {
            each(&mut cols[0], Period::Implementation);
            each(&mut cols[1], Period::Year);
        });
    } else {
        each(ui, Period::Implementation);
        each(ui, Period::Year);
    }
}
