//! The 部门整体支出绩效目标申报表, laid out like the published form.

use super::indicators::indicator_tree_ui;
use super::{FormsState, Offer, cell_label, findings_box};
use crate::model::edit::{
    CountField, Edit, FormRef, ListRef, OverallAmount, OverallText, Period, TextTarget,
};
use crate::model::{Amount, KeyTask};
use crate::ui::fields::{
    Commit, Fields, PageCtx, field_mark, form_findings, heading, tab_down_column,
};

pub fn overall_form_ui(ui: &mut egui::Ui, fields: &mut Fields, st: &mut FormsState, cx: &PageCtx) {
    let pkg = cx.pkg;
    let f = &pkg.overall_form;
    let found = form_findings(cx.findings, "整体");
    let text = |fields: &mut Fields,
                ui: &mut egui::Ui,
                t: OverallText,
                label: &str,
                v: &str,
                multi: bool,
                w: f32| {
        fields.text(ui, Commit::Text(TextTarget::Overall(t)), v, label, multi, w);
    };
    // Both ways: on a small screen the indicator buttons at the right are reached by scrolling.
    egui::ScrollArea::both()
        .id_salt("overall")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let w = (ui.available_width() - 170.0).max(200.0);
            ui.heading("预算部门（单位）整体支出绩效目标申报表");
            ui.label(format!("（{}）年度", pkg.year));
            ui.horizontal(|ui| {
                if ui.button("新建项目表…").clicked() {
                    st.offer = Some(Offer::NewForm {
                        name: String::new(),
                    });
                }
            });
            findings_box(ui, &found);
            heading(ui, "部门基本信息");
            egui::Grid::new("of-facts")
                .num_columns(4)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    cell_label(ui, "部门名称");
                    text(
                        fields,
                        ui,
                        OverallText::Department,
                        "部门名称",
                        &f.department,
                        false,
                        300.0,
                    );
                    ui.label("");
                    ui.label("");
                    ui.end_row();
                    let mut count = |ui: &mut egui::Ui,
                                     field: CountField,
                                     label: &str,
                                     v: Option<u32>,
                                     unit: &str| {
                        cell_label(ui, label);
                        ui.horizontal(|ui| {
                            fields.count(ui, field, v, label);
                            ui.label(unit);
                            field_mark(ui, &found, label);
                        });
                    };
                    count(
                        ui,
                        CountField::InternalDepartments,
                        "内设职能部门数",
                        f.internal_departments,
                        "个",
                    );
                    count(
                        ui,
                        CountField::BudgetUnits,
                        "所属预算单位数",
                        f.budget_units,
                        "个",
                    );
                    ui.end_row();
                    count(
                        ui,
                        CountField::StaffQuota,
                        "核定的人员编制数",
                        f.staff_quota,
                        "人",
                    );
                    count(
                        ui,
                        CountField::StaffTotal,
                        "实际在职人员总数",
                        f.staff_total,
                        "人",
                    );
                    ui.end_row();
                    ui.label("");
                    ui.label("");
                    count(
                        ui,
                        CountField::StaffInQuota,
                        "其中：在编人员数",
                        f.staff_in_quota,
                        "人",
                    );
                    ui.end_row();
                    ui.label("");
                    ui.label("");
                    count(
                        ui,
                        CountField::StaffOther,
                        "其他人员数",
                        f.staff_other,
                        "人",
                    );
                    ui.end_row();
                });
            egui::Grid::new("of-texts")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    cell_label(ui, "部门职责");
                    ui.vertical(|ui| {
                        text(
                            fields,
                            ui,
                            OverallText::Duties,
                            "部门职责",
                            &f.duties,
                            true,
                            w,
                        );
                        if ui
                            .small_button("从概况的职责填入")
                            .on_hover_text("用第一部分概况中的职责列表（带（一）（二）编号）替换")
                            .clicked()
                        {
                            let joined: String = pkg
                                .overview
                                .duties
                                .iter()
                                .enumerate()
                                .map(|(i, d)| {
                                    format!("（{}）{d}", crate::model::chinese_number(i + 1))
                                })
                                .collect();
                            fields.push(
                                "部门职责取自概况",
                                Edit::SetText {
                                    target: TextTarget::Overall(OverallText::Duties),
                                    text: joined,
                                },
                            );
                        }
                    });
                    ui.end_row();
                    cell_label(ui, "部门战略目标");
                    text(
                        fields,
                        ui,
                        OverallText::StrategicGoal,
                        "部门战略目标",
                        &f.strategic_goal,
                        true,
                        w,
                    );
                    ui.end_row();
                });
            heading(ui, "年度预算情况（万元）");
            egui::Grid::new("of-budget")
                .num_columns(6)
                .striped(true)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    let by_source: [(OverallAmount, &str, Amount); 7] = [
                        (OverallAmount::SourceTotal, "合计", f.by_source.total),
                        (
                            OverallAmount::General,
                            "其中：一般公共预算资金",
                            f.by_source.general,
                        ),
                        (OverallAmount::Fund, "政府性基金预算资金", f.by_source.fund),
                        (
                            OverallAmount::Capital,
                            "国有资本经营预算资金",
                            f.by_source.capital,
                        ),
                        (
                            OverallAmount::SocialInsurance,
                            "社会保险基金预算资金",
                            f.by_source.social_insurance,
                        ),
                        (OverallAmount::Special, "专户管理资金", f.by_source.special),
                        (OverallAmount::Unit, "单位资金", f.by_source.unit),
                    ];
                    let by_direction: [(OverallAmount, &str, Amount); 3] = [
                        (OverallAmount::DirectionTotal, "合计", f.by_direction.total),
                        (OverallAmount::Basic, "其中：基本支出", f.by_direction.basic),
                        (OverallAmount::Project, "项目支出", f.by_direction.project),
                    ];
                    // Each column is typed down, as in the published form.
                    let order: Vec<Commit> = by_source
                        .iter()
                        .chain(&by_direction)
                        .map(|(field, _, _)| Commit::Overall(*field))
                        .collect();
                    tab_down_column(ui, &order);
                    cell_label(ui, "按资金来源划分");
                    cell_label(ui, "资金总额");
                    ui.label("");
                    cell_label(ui, "按资金方向划分");
                    cell_label(ui, "资金总额");
                    ui.label("");
                    ui.end_row();
                    for (i, (field, label, v)) in by_source.iter().enumerate() {
                        let name = format!("按来源 {label}");
                        ui.label(*label);
                        fields.amount(ui, Commit::Overall(*field), *v, &name, false);
                        ui.horizontal(|ui| {
                            field_mark(
                                ui,
                                &found,
                                &format!("按资金来源/{}", label.trim_start_matches("其中：")),
                            )
                        });
                        match by_direction.get(i) {
                            Some((field, label, v)) => {
                                let name = format!("按方向 {label}");
                                ui.label(*label);
                                fields.amount(ui, Commit::Overall(*field), *v, &name, false);
                                ui.horizontal(|ui| {
                                    field_mark(
                                        ui,
                                        &found,
                                        &format!(
                                            "按资金方向/{}",
                                            label.trim_start_matches("其中：")
                                        ),
                                    )
                                });
                            }
                            None => {
                                ui.label("");
                                ui.label("");
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
            heading(ui, "年度重点任务");
            egui::Grid::new("of-tasks")
                .num_columns(3)
                .striped(true)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    cell_label(ui, "核心职能");
                    cell_label(ui, "重点任务");
                    ui.label("");
                    ui.end_row();
                    let half = (w / 2.0).max(160.0);
                    for (i, t) in f.key_tasks.iter().enumerate() {
                        text(
                            fields,
                            ui,
                            OverallText::CoreFunction(i),
                            &format!("核心职能{}", i + 1),
                            &t.core_function,
                            true,
                            half,
                        );
                        text(
                            fields,
                            ui,
                            OverallText::Task(i),
                            &format!("重点任务{}", i + 1),
                            &t.task,
                            true,
                            half,
                        );
                        if ui
                            .small_button("×")
                            .accessible_name(format!("重点任务{} 删除", i + 1))
                            .clicked()
                        {
                            fields.push(
                                "删除重点任务",
                                Edit::RemoveItem {
                                    list: ListRef::KeyTasks,
                                    index: i,
                                },
                            );
                        }
                        ui.end_row();
                    }
                });
            if ui.button("＋ 添加重点任务").clicked() {
                fields.push(
                    "添加重点任务",
                    Edit::InsertItem {
                        list: ListRef::KeyTasks,
                        index: f.key_tasks.len(),
                        item: KeyTask::default().into(),
                    },
                );
            }
            heading(ui, "年度绩效目标");
            text(
                fields,
                ui,
                OverallText::AnnualGoal,
                "年度绩效目标",
                &f.annual_goal,
                true,
                w + 160.0,
            );
            heading(ui, "年度绩效指标");
            indicator_tree_ui(
                ui,
                fields,
                FormRef::Overall,
                Period::Year,
                &f.indicators,
                &found,
            );
        });
}
