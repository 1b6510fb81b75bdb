//! The offers that keep table 12 and the project forms in step: create the form of a project
//! added to table 12, add the row of a new form, ask a new project's name.

use super::{FormsState, Offer};
use crate::model::edit::{Edit, ListRef, RowField};
use crate::model::form_edit::{add_row_edit, new_form, row_for_form, t12_has, t12_key};
use crate::model::{Amount, Package};
use crate::ui::fields::Fields;
use crate::ui::nav::Page;

/// The dialogs of the offers (drawn each frame while one is open).
pub fn offer_dialog_ui(
    ctx: &egui::Context,
    fields: &mut Fields,
    st: &mut FormsState,
    pkg: &Package,
) {
    let Some(offer) = &mut st.offer else {
        return;
    };
    let mut close = false;
    egui::Modal::new(egui::Id::unique("forms-offer")).show(ctx, |ui| {
        ui.set_min_width(420.0);
        match offer {
            Offer::CreateForm { row, name } => {
                ui.heading("为新项目创建绩效目标表？");
                ui.label("表12 新增了一个项目。每个项目都需要一张项目支出绩效目标表（规则 F1）。");
                ui.horizontal(|ui| {
                    let l = ui.label("项目名称");
                    ui.text_edit_singleline(name).labelled_by(l.id);
                });
                ui.horizontal(|ui| {
                    if ui.button("创建绩效目标表").clicked() {
                        let name = name.trim().to_string();
                        let mut edits = Vec::new();
                        let key = t12_key(pkg).unwrap_or_default();
                        let stored = pkg.table(&key).and_then(|t| t.rows("main").get(*row));
                        if stored.is_some_and(|r| r.name != name) {
                            edits.push(Edit::SetRowField {
                                table: key.clone(),
                                block: "main".into(),
                                row: *row,
                                field: RowField::Name,
                                value: name.clone(),
                            });
                        }
                        let amount = stored
                            .map(|r| {
                                crate::model::money::sum_cells(
                                    ["general", "fund", "capital", "special", "unit"]
                                        .map(|c| r.cell(c)),
                                )
                            })
                            .unwrap_or_default();
                        edits.push(Edit::InsertItem {
                            list: ListRef::ProjectForms,
                            index: pkg.project_forms.len(),
                            item: new_form(pkg, &name, amount).into(),
                        });
                        fields.push(format!("创建绩效目标表 {name}"), Edit::Batch(edits));
                        fields.out.status =
                            Some(format!("已为“{name}”创建项目支出绩效目标表（可撤销）"));
                        close = true;
                    }
                    if ui.button("暂不创建").clicked() {
                        close = true;
                    }
                });
            }
            Offer::AddRow { form } => {
                let Some(f) = pkg.project_forms.get(*form) else {
                    close = true;
                    return;
                };
                let row = row_for_form(pkg, f);
                ui.heading("在表12 中添加该项目？");
                ui.label(format!(
                    "表12 中还没有“{}”。添加一行，金额取年度资金总额 ÷ 10000：{} 万元。",
                    f.name,
                    row.cell("general").display_2dp()
                ));
                ui.horizontal(|ui| {
                    if ui.button("是，添加到表12").clicked() {
                        if let Some(e) = add_row_edit(pkg, f) {
                            fields.push(format!("表12 添加 {}", f.name), e);
                            fields.out.status = Some(format!("已在表12 添加“{}”", f.name));
                        }
                        close = true;
                    }
                    if ui.button("暂不添加").clicked() {
                        close = true;
                    }
                });
            }
            Offer::NewForm { name } => {
                ui.heading("新建项目支出绩效目标表");
                ui.horizontal(|ui| {
                    let l = ui.label("项目名称");
                    ui.text_edit_singleline(name).labelled_by(l.id);
                });
                ui.horizontal(|ui| {
                    let name = name.trim().to_string();
                    let ok = !name.is_empty() && pkg.project_form(&name).is_none();
                    if ui.add_enabled(ok, egui::Button::new("创建")).clicked() {
                        let index = pkg.project_forms.len();
                        fields.push(
                            format!("新建绩效目标表 {name}"),
                            Edit::InsertItem {
                                list: ListRef::ProjectForms,
                                index,
                                item: new_form(pkg, &name, Amount::EMPTY).into(),
                            },
                        );
                        fields.out.goto = Some(Page::ProjectForm(index));
                        close = true;
                    }
                    if ui.button("取消").clicked() {
                        close = true;
                    }
                    if !ok && !name.is_empty() {
                        ui.label("已有同名的项目表");
                    }
                });
            }
        }
    });
    if close {
        // A new form goes on to offer its table 12 row.
        let next = match &st.offer {
            Some(Offer::NewForm { name }) if !t12_has(pkg, name.trim()) => {
                fields.out.goto.as_ref().map(|_| Offer::AddRow {
                    form: pkg.project_forms.len(),
                })
            }
            _ => None,
        };
        st.offer = next;
    }
}
