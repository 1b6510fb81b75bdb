//! Read-only views of the parts that are not tables: 概况, the performance forms, 情况说明 and
//! the appendices (their editors are another issue).

use crate::model::money::{format_2dp, format_yuan};
use crate::model::{Amount, FormFunds, Indicator, Package};

fn yuan(a: Amount) -> String {
    a.value().map(format_yuan).unwrap_or_default()
}

fn wan(a: Amount) -> String {
    a.value().map(format_2dp).unwrap_or_default()
}

fn field(ui: &mut egui::Ui, name: &str, value: &str) {
    ui.label(egui::RichText::new(name).strong());
    ui.label(value);
    ui.end_row();
}

pub fn overview_ui(ui: &mut egui::Ui, pkg: &Package) {
    egui::ScrollArea::vertical()
        .id_salt("overview")
        .show(ui, |ui| {
            ui.heading("第一部分 概况");
            ui.label(egui::RichText::new("一、本部门职责").strong());
            for (i, d) in pkg.overview.duties.iter().enumerate() {
                ui.label(format!("（{}）{d}", crate::model::chinese_number(i + 1)));
            }
            ui.add_space(8.0);
            ui.label(egui::RichText::new("二、机构设置").strong());
            if !pkg.overview.organization.is_empty() {
                ui.label(&pkg.overview.organization);
            }
            if !pkg.overview.offices.is_empty() {
                ui.label(format!("内设科室：{}", pkg.overview.offices.join("、")));
            }
            for u in &pkg.overview.units {
                ui.label(format!("所属单位：{}（{}）", u.name, u.kind.label()));
            }
        });
}

fn indicators_ui(ui: &mut egui::Ui, id: &str, list: &[Indicator]) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for h in ["一级指标", "二级指标", "三级指标", "指标值"] {
            ui.label(egui::RichText::new(h).strong());
        }
        ui.end_row();
        for ind in list {
            ui.label(&ind.level1);
            ui.label(&ind.level2);
            ui.label(&ind.name);
            if ind.value.trim().is_empty() {
                ui.colored_label(egui::Color32::from_rgb(0xd0, 0x1f, 0x1f), "（空）");
            } else {
                ui.label(&ind.value);
            }
            ui.end_row();
        }
    });
}

fn funds_row(ui: &mut egui::Ui, label: &str, f: &FormFunds) {
    ui.label(label);
    for a in [
        f.total,
        f.central,
        f.provincial,
        f.local,
        f.self_raised,
        f.other,
    ] {
        ui.label(yuan(a));
    }
    ui.end_row();
}

pub fn overall_form_ui(ui: &mut egui::Ui, pkg: &Package) {
    let f = &pkg.overall_form;
    let n = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
    egui::ScrollArea::vertical()
        .id_salt("overall")
        .show(ui, |ui| {
            ui.heading("部门整体支出绩效目标申报表");
            ui.label("（只读；表单编辑器见另一议题）");
            egui::Grid::new("overall-facts")
                .num_columns(2)
                .show(ui, |ui| {
                    field(ui, "部门名称", &f.department);
                    field(ui, "内设职能部门数", &n(f.internal_departments));
                    field(ui, "所属预算单位数", &n(f.budget_units));
                    field(ui, "核定编制数", &n(f.staff_quota));
                    field(ui, "实际在职人数", &n(f.staff_total));
                    field(ui, "其中在编", &n(f.staff_in_quota));
                    field(ui, "其他", &n(f.staff_other));
                    field(ui, "部门职责", &f.duties);
                    field(ui, "战略目标", &f.strategic_goal);
                    field(ui, "资金总额（万元）", &wan(f.by_source.total));
                    field(ui, "一般公共预算", &wan(f.by_source.general));
                    field(ui, "基本支出", &wan(f.by_direction.basic));
                    field(ui, "项目支出", &wan(f.by_direction.project));
                    field(ui, "年度绩效目标", &f.annual_goal);
                });
            ui.add_space(8.0);
            ui.label(egui::RichText::new("年度重点任务").strong());
            for t in &f.key_tasks {
                ui.label(format!("{} — {}", t.core_function, t.task));
            }
            ui.add_space(8.0);
            indicators_ui(ui, "overall-ind", &f.indicators);
        });
}

pub fn project_form_ui(ui: &mut egui::Ui, pkg: &Package, index: usize) {
    let Some(f) = pkg.project_forms.get(index) else {
        ui.label("没有这个项目表。");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt(("project", index))
        .show(ui, |ui| {
            ui.heading(if f.heading.is_empty() {
                "项目支出绩效目标表"
            } else {
                &f.heading
            });
            ui.label("（只读；表单编辑器见另一议题）");
            egui::Grid::new(("pf-facts", index))
                .num_columns(2)
                .show(ui, |ui| {
                    field(ui, "项目名称", &f.name);
                    field(ui, "主管部门及代码", &f.department);
                    field(ui, "实施单位", &f.unit);
                    field(ui, "项目属性", &f.attribute);
                    field(ui, "项目期", &f.period);
                });
            ui.add_space(6.0);
            ui.label(egui::RichText::new("项目资金（元）").strong());
            egui::Grid::new(("pf-funds", index))
                .striped(true)
                .show(ui, |ui| {
                    for h in ["", "资金总额", "中央", "省级", "市县", "单位自筹", "其他"]
                    {
                        ui.label(egui::RichText::new(h).strong());
                    }
                    ui.end_row();
                    funds_row(ui, "实施期", &f.funds_period);
                    funds_row(ui, "年度", &f.funds_year);
                });
            ui.add_space(6.0);
            egui::Grid::new(("pf-text", index))
                .num_columns(2)
                .show(ui, |ui| {
                    field(ui, "项目概况", &f.overview);
                    field(ui, "立项依据", &f.basis);
                    field(ui, "必要性", &f.necessity);
                    field(ui, "保障措施", &f.safeguards);
                    field(ui, "实施计划", &f.plan);
                    field(ui, "实施期总体目标", &f.goal_period);
                    field(ui, "年度总体目标", &f.goal_year);
                });
            ui.add_space(6.0);
            ui.label(egui::RichText::new("实施期绩效指标").strong());
            indicators_ui(ui, &format!("pf-ip-{index}"), &f.indicators_period);
            ui.add_space(6.0);
            ui.label(egui::RichText::new("年度绩效指标").strong());
            indicators_ui(ui, &format!("pf-iy-{index}"), &f.indicators_year);
            ui.add_space(6.0);
            ui.label(format!(
                "负责人：{}　经办人：{}　电话：{}　填报日期：{}",
                f.leader, f.handler, f.phone, f.filled_on
            ));
        });
}

pub fn explanation_ui(ui: &mut egui::Ui, pkg: &Package) {
    egui::ScrollArea::vertical()
        .id_salt("explanation")
        .show(ui, |ui| {
            ui.heading(format!("第三部分 {}年度部门预算情况说明", pkg.year));
            for s in &pkg.explanation {
                ui.add_space(6.0);
                ui.label(egui::RichText::new(format!("{}、{}", s.number, s.title)).strong());
                for para in s.text.split('\n').filter(|p| !p.trim().is_empty()) {
                    ui.label(para);
                }
            }
        });
}

pub fn appendices_ui(ui: &mut egui::Ui, pkg: &Package) {
    egui::ScrollArea::vertical()
        .id_salt("appendices")
        .show(ui, |ui| {
            ui.heading("附件");
            for a in &pkg.appendices {
                ui.add_space(6.0);
                ui.label(egui::RichText::new(&a.title).strong());
                ui.label(&a.text);
            }
            ui.add_space(10.0);
            ui.heading("第四部分 名词解释");
            for g in &pkg.glossary {
                ui.label(format!("{}：{}", g.term, g.definition));
            }
        });
}
