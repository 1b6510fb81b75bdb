//! The 项目支出绩效目标表 of one project, laid out like the published form.

use super::indicators::indicator_tree_ui;
use super::money::funds_ui;
use super::{FormsState, Offer, cell_label, findings_box, period_label, project_text, two_periods};
use crate::model::edit::{Edit, FormRef, ListRef, Period, ProjectText, TextTarget};
use crate::model::form_edit::{add_row_edit, copy_indicators_edit, t12_has};
use crate::ui::fields::{Fields, PageCtx, field_mark, form_findings, heading};
use crate::ui::nav::Page;

pub fn project_form_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    st: &mut FormsState,
    cx: &PageCtx,
    index: usize,
) {
    let pkg = cx.pkg;
    let Some(f) = pkg.project_forms.get(index) else {
        ui.label("没有这个项目表。");
        return;
    };
    let found = form_findings(cx.findings, &f.name);
    // Both ways: on a small screen the indicator buttons at the right are reached by scrolling.
    egui::ScrollArea::both()
        .id_salt(("project", index))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let w = (ui.available_width() - 170.0).max(200.0);
            ui.horizontal(|ui| {
                project_text(
                    ui,
                    fields,
                    TextTarget::Project(index, ProjectText::Heading),
                    "表头",
                    &f.heading,
                    false,
                    w.min(520.0),
                );
            });
            ui.label(format!("（{}年度）", pkg.year));
            ui.horizontal(|ui| {
                if ui.button("新建项目表…").clicked() {
                    st.offer = Some(Offer::NewForm {
                        name: String::new(),
                    });
                }
                if !t12_has(pkg, &f.name) {
                    ui.colored_label(crate::ui::style::error_text(), "表12 中没有此项目");
                    if ui.button("添加到表12").clicked()
                        && let Some(e) = add_row_edit(pkg, f)
                    {
                        fields.push(format!("表12 添加 {}", f.name), e);
                        fields.out.status = Some(format!("已在表12 添加“{}”", f.name));
                    }
                }
                if ui.button("删除此表").clicked() {
                    fields.push(
                        format!("删除绩效目标表 {}", f.name),
                        Edit::RemoveItem {
                            list: ListRef::ProjectForms,
                            index,
                        },
                    );
                    fields.out.goto = Some(Page::OverallForm);
                }
            });
            findings_box(ui, &found);
            ui.add_space(6.0);
            egui::Grid::new(("pf-facts", index))
                .num_columns(4)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    let half = (w / 2.0 - 60.0).max(160.0);
                    cell_label(ui, "项目名称");
                    ui.horizontal(|ui| {
                        project_text(
                            ui,
                            fields,
                            TextTarget::Project(index, ProjectText::Name),
                            "项目名称",
                            &f.name,
                            false,
                            half,
                        );
                        field_mark(ui, &found, "项目名称");
                    });
                    cell_label(ui, "项目类别");
                    project_text(
                        ui,
                        fields,
                        TextTarget::Project(index, ProjectText::Category),
                        "项目类别",
                        &f.category,
                        false,
                        half,
                    );
                    ui.end_row();
                    cell_label(ui, "主管部门及代码");
                    project_text(
                        ui,
                        fields,
                        TextTarget::Project(index, ProjectText::Department),
                        "主管部门及代码",
                        &f.department,
                        false,
                        half,
                    );
                    cell_label(ui, "实施单位");
                    project_text(
                        ui,
                        fields,
                        TextTarget::Project(index, ProjectText::Unit),
                        "实施单位",
                        &f.unit,
                        false,
                        half,
                    );
                    ui.end_row();
                    cell_label(ui, "项目属性");
                    project_text(
                        ui,
                        fields,
                        TextTarget::Project(index, ProjectText::Attribute),
                        "项目属性",
                        &f.attribute,
                        false,
                        half,
                    );
                    cell_label(ui, "项目期");
                    project_text(
                        ui,
                        fields,
                        TextTarget::Project(index, ProjectText::Period),
                        "项目期",
                        &f.period,
                        false,
                        half,
                    );
                    ui.end_row();
                });
            heading(ui, "项目资金（元）");
            funds_ui(ui, fields, f, index, &found);
            egui::Grid::new(("pf-text", index))
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    for (field, label, value) in [
                        (ProjectText::Overview, "项目概况", &f.overview),
                        (ProjectText::Basis, "立项依据", &f.basis),
                        (ProjectText::Necessity, "项目设立必要性", &f.necessity),
                        (
                            ProjectText::Safeguards,
                            "保证项目实施的制度、措施",
                            &f.safeguards,
                        ),
                        (ProjectText::Plan, "项目实施计划", &f.plan),
                    ] {
                        cell_label(ui, label);
                        project_text(
                            ui,
                            fields,
                            TextTarget::Project(index, field),
                            label,
                            value,
                            true,
                            w,
                        );
                        ui.end_row();
                    }
                });
            heading(ui, "总体目标");
            two_periods(ui, 600.0, |ui, p| {
                let (field, value) = match p {
                    Period::Implementation => (ProjectText::GoalPeriod, &f.goal_period),
                    Period::Year => (ProjectText::GoalYear, &f.goal_year),
                };
                let title = format!("{}目标", period_label(p));
                cell_label(ui, &title);
                let width = ui.available_width();
                project_text(
                    ui,
                    fields,
                    TextTarget::Project(index, field),
                    &title,
                    value,
                    true,
                    width,
                );
            });
            for p in [Period::Implementation, Period::Year] {
                heading(ui, &format!("绩效指标 — {}", period_label(p)));
                if p == Period::Year
                    && ui
                        .add_enabled(
                            f.indicators_year != f.indicators_period,
                            egui::Button::new("年度指标同实施期"),
                        )
                        .on_hover_text(
                            "用实施期的全部指标替换年度指标（一年期项目两者通常相同；可撤销）",
                        )
                        .clicked()
                {
                    fields.push("年度指标同实施期", copy_indicators_edit(f, index));
                }
                let list = match p {
                    Period::Implementation => &f.indicators_period,
                    Period::Year => &f.indicators_year,
                };
                indicator_tree_ui(ui, fields, FormRef::Project(index), p, list, &found);
            }
            ui.add_space(8.0);
            egui::Grid::new(("pf-foot", index))
                .num_columns(8)
                .show(ui, |ui| {
                    for (field, label, value) in [
                        (ProjectText::Leader, "负责人", &f.leader),
                        (ProjectText::Handler, "经办人", &f.handler),
                        (ProjectText::Phone, "联系电话", &f.phone),
                        (ProjectText::FilledOn, "填报日期", &f.filled_on),
                    ] {
                        cell_label(ui, label);
                        project_text(
                            ui,
                            fields,
                            TextTarget::Project(index, field),
                            label,
                            value,
                            false,
                            130.0,
                        );
                    }
                    ui.end_row();
                });
        });
}
