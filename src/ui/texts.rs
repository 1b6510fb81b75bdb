//! The text editors: 概况 (职责 as a numbered list, 机构设置), the 情况说明 sections 一–十二
//! with their N-rule findings and "重新生成", the facts the text quotes (上年数, 政府采购,
//! 国有资产), and the 附件 and 名词解释.

use super::fields::{Commit, Fields, PageCtx, findings_list_ui, heading};
use super::style::severity_color;
use crate::model::edit::{CountField, Edit, FactAmount, Item, ListRef, TextTarget};
use crate::model::explain::generate_section;
use crate::model::{
    Amount, Appendix, GlossaryEntry, OrgUnit, Section, UnitKind, VehicleCount, chinese_number,
};
use crate::rules::{Finding, Severity};

/// The generated text of every section, for one revision of the package.
#[derive(Default)]
pub struct TextsState {
    generated: Option<(u64, Vec<Option<String>>)>,
    /// The 情况说明 section being typed, checked after a short pause without committing it.
    live: Option<LiveCheck>,
}

/// Seconds without typing before a section being typed is checked.
const LIVE_PAUSE: f64 = 0.8;

/// A section's text as being typed, and what the checker says of it once the typing paused.
struct LiveCheck {
    section: usize,
    revision: u64,
    text: String,
    typed_at: f64,
    findings: Option<Vec<Finding>>,
}

impl TextsState {
    /// The findings of section `i` for the text being typed into it, once the typing has
    /// paused; `None` while it is not being typed (or the pause has not come yet).
    fn live_findings(
        &mut self,
        ctx: &egui::Context,
        cx: &PageCtx,
        i: usize,
        typed: Option<&str>,
    ) -> Option<Vec<Finding>> {
        let typed = typed.filter(|t| cx.pkg.explanation.get(i).is_some_and(|s| s.text != *t))?;
        let now = ctx.input(|inp| inp.time);
        let same = self
            .live
            .as_ref()
            .is_some_and(|l| l.section == i && l.revision == cx.revision && l.text == typed);
        if !same {
            self.live = Some(LiveCheck {
                section: i,
                revision: cx.revision,
                text: typed.to_string(),
                typed_at: now,
                findings: None,
            });
        }
        let live = self.live.as_mut()?;
        if live.findings.is_none() {
            let waited = now - live.typed_at;
            if waited < LIVE_PAUSE {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(LIVE_PAUSE - waited));
                return None;
            }
            // The package as it would be with the text committed: checked, not changed.
            let mut pkg = cx.pkg.clone();
            let s = &mut pkg.explanation[i];
            s.text = typed.to_string();
            let number = s.number.clone();
            let found = crate::rules::check(&pkg, cx.catalog)
                .into_iter()
                .filter(|f| f.location.section.as_deref() == Some(number.as_str()))
                .collect();
            live.findings = Some(found);
        }
        live.findings.clone()
    }
}

impl TextsState {
    fn generated<'a>(&'a mut self, cx: &PageCtx) -> &'a [Option<String>] {
        let fresh = matches!(&self.generated, Some((rev, _)) if *rev == cx.revision);
        if !fresh {
            let texts = cx
                .pkg
                .explanation
                .iter()
                .map(|s| generate_section(cx.pkg, cx.catalog, &s.number))
                .collect();
            self.generated = Some((cx.revision, texts));
        }
        self.generated
            .as_ref()
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }
}

/// The edit that replaces a section's text with the generated one (`None` when the number is
/// not a section, or the text is already the generated one).
pub fn regenerate_edit(cx: &PageCtx, index: usize) -> Option<Edit> {
    let s = cx.pkg.explanation.get(index)?;
    let text = generate_section(cx.pkg, cx.catalog, &s.number)?;
    (text != s.text).then_some(Edit::SetSectionText { index, text })
}

/// An editable list of short texts (职责, 内设科室): each entry numbered, with move up/down and
/// remove, and an add button at the end.
fn text_list_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    list: ListRef,
    items: &[String],
    target: fn(usize) -> TextTarget,
    noun: &str,
    numbered: bool,
) {
    let width = (ui.available_width() - 200.0).max(200.0);
    egui::Grid::new(("text-list", noun))
        .num_columns(3)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            for (i, text) in items.iter().enumerate() {
                let n = i + 1;
                ui.label(if numbered {
                    format!("（{}）", chinese_number(n))
                } else {
                    format!("{n}.")
                });
                fields.wrapped(
                    ui,
                    Commit::Text(target(i)),
                    text,
                    &format!("{noun}{n}"),
                    width,
                );
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(i > 0, egui::Button::new("↑").small())
                        .accessible_name(format!("{noun}{n} 上移"))
                        .clicked()
                    {
                        fields.push(
                            format!("上移{noun}"),
                            Edit::MoveItem {
                                list,
                                from: i,
                                to: i - 1,
                            },
                        );
                    }
                    if ui
                        .add_enabled(n < items.len(), egui::Button::new("↓").small())
                        .accessible_name(format!("{noun}{n} 下移"))
                        .clicked()
                    {
                        fields.push(
                            format!("下移{noun}"),
                            Edit::MoveItem {
                                list,
                                from: i,
                                to: i + 1,
                            },
                        );
                    }
                    if ui
                        .small_button("×")
                        .accessible_name(format!("{noun}{n} 删除"))
                        .clicked()
                    {
                        fields.push(format!("删除{noun}"), Edit::RemoveItem { list, index: i });
                    }
                });
                ui.end_row();
            }
        });
    if ui.button(format!("＋ 添加{noun}")).clicked() {
        fields.push(
            format!("添加{noun}"),
            Edit::InsertItem {
                list,
                index: items.len(),
                item: Item::Text(String::new()),
            },
        );
    }
}

pub fn overview_ui(ui: &mut egui::Ui, fields: &mut Fields, cx: &PageCtx) {
    let pkg = cx.pkg;
    egui::ScrollArea::vertical()
        .id_salt("overview")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading("第一部分 概况");
            egui::Grid::new("dept").num_columns(4).show(ui, |ui| {
                ui.label(egui::RichText::new("部门名称").strong());
                fields.text(
                    ui,
                    Commit::Text(TextTarget::DepartmentName),
                    &pkg.department.name,
                    "部门名称",
                    false,
                    280.0,
                );
                ui.label(egui::RichText::new("部门代码").strong());
                fields.text(
                    ui,
                    Commit::Text(TextTarget::DepartmentCode),
                    &pkg.department.code,
                    "部门代码",
                    false,
                    80.0,
                );
                ui.end_row();
            });
            // 上海 prints 主要职能 as a paragraph or two, then the numbered duties.
            let parts_layout = pkg.layout().sections.iter().any(|s| !s.part.is_empty());
            heading(
                ui,
                if parts_layout {
                    "一、主要职能"
                } else {
                    "一、本部门职责"
                },
            );
            if parts_layout || !pkg.overview.duties_intro.is_empty() {
                let w = ui.available_width() - 20.0;
                fields.text(
                    ui,
                    Commit::Text(TextTarget::DutiesIntro),
                    &pkg.overview.duties_intro,
                    "主要职能（编号各项之前的文字）",
                    true,
                    w,
                );
            }
            text_list_ui(
                ui,
                fields,
                ListRef::Duties,
                &pkg.overview.duties,
                TextTarget::Duty,
                "职责",
                true,
            );
            heading(
                ui,
                if parts_layout {
                    "二、机构设置"
                } else {
                    "二、机构设置情况"
                },
            );
            let w = ui.available_width() - 20.0;
            fields.text(
                ui,
                Commit::Text(TextTarget::Organization),
                &pkg.overview.organization,
                "机构设置情况",
                true,
                w,
            );
            ui.add_space(4.0);
            ui.label(egui::RichText::new("内设科室").strong());
            text_list_ui(
                ui,
                fields,
                ListRef::Offices,
                &pkg.overview.offices,
                TextTarget::Office,
                "科室",
                false,
            );
            ui.add_space(4.0);
            ui.label(egui::RichText::new("所属单位").strong())
                .on_hover_text(
                    "单位的性质决定表6 经济科目的政府分类（事业单位对应 505）和机关运行经费",
                );
            units_ui(ui, fields, cx);
        });
}

/// 所属单位: name and kind of each budget unit, add and remove.
fn units_ui(ui: &mut egui::Ui, fields: &mut Fields, cx: &PageCtx) {
    let units = &cx.pkg.overview.units;
    egui::Grid::new("units")
        .num_columns(3)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            for (i, u) in units.iter().enumerate() {
                let n = i + 1;
                fields.text(
                    ui,
                    Commit::Text(TextTarget::UnitName(i)),
                    &u.name,
                    &format!("单位{n}"),
                    false,
                    320.0,
                );
                ui.horizontal(|ui| {
                    for kind in [
                        UnitKind::Administrative,
                        UnitKind::CivilServiceManaged,
                        UnitKind::Public,
                    ] {
                        if ui
                            .selectable_label(u.kind == kind, kind.label())
                            .accessible_name(format!("单位{n} {}", kind.label()))
                            .clicked()
                            && u.kind != kind
                        {
                            fields.push(
                                format!("单位性质 {}", kind.label()),
                                Edit::SetUnitKind { index: i, kind },
                            );
                        }
                    }
                });
                if ui
                    .small_button("×")
                    .accessible_name(format!("单位{n} 删除"))
                    .clicked()
                {
                    fields.push(
                        "删除单位",
                        Edit::RemoveItem {
                            list: ListRef::Units,
                            index: i,
                        },
                    );
                }
                ui.end_row();
            }
        });
    if ui.button("＋ 添加单位").clicked() {
        fields.push(
            "添加单位",
            Edit::InsertItem {
                list: ListRef::Units,
                index: units.len(),
                item: OrgUnit::default().into(),
            },
        );
    }
}

/// The facts the text quotes and no table holds.
fn facts_ui(ui: &mut egui::Ui, fields: &mut Fields, cx: &PageCtx) {
    let f = &cx.pkg.facts;
    let amount =
        |fields: &mut Fields, ui: &mut egui::Ui, field: FactAmount, label: &str, v: Amount| {
            ui.label(label);
            fields.amount(ui, Commit::Fact(field), v, label, false);
        };
    ui.label(egui::RichText::new("上年数（万元）").strong());
    egui::Grid::new("prior")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let p = &f.prior_year;
            amount(
                fields,
                ui,
                FactAmount::PriorIncomeTotal,
                "上年预算收入总计",
                p.income_total,
            );
            amount(
                fields,
                ui,
                FactAmount::PriorExpenditureTotal,
                "上年预算支出总计",
                p.expenditure_total,
            );
            ui.end_row();
            amount(
                fields,
                ui,
                FactAmount::PriorGeneralExpenditure,
                "上年一般公共预算当年支出",
                p.general_expenditure,
            );
            amount(
                fields,
                ui,
                FactAmount::PriorOperatingCost,
                "上年机关运行经费",
                p.operating_cost,
            );
            ui.end_row();
            amount(
                fields,
                ui,
                FactAmount::PriorAbroad,
                "上年因公出国（境）费",
                p.abroad,
            );
            amount(
                fields,
                ui,
                FactAmount::PriorReception,
                "上年公务接待费",
                p.reception,
            );
            ui.end_row();
            amount(
                fields,
                ui,
                FactAmount::PriorVehiclePurchase,
                "上年公务用车购置费",
                p.vehicle_purchase,
            );
            amount(
                fields,
                ui,
                FactAmount::PriorVehicleRunning,
                "上年公务用车运行维护费",
                p.vehicle_running,
            );
            ui.end_row();
            amount(fields, ui, FactAmount::PriorBasic, "上年基本支出", p.basic);
            amount(
                fields,
                ui,
                FactAmount::PriorProject,
                "上年项目支出",
                p.project,
            );
            ui.end_row();
            amount(
                fields,
                ui,
                FactAmount::PriorProcurement,
                "上年政府采购预算总额",
                p.procurement,
            );
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.label(egui::RichText::new("政府采购（万元）").strong());
    egui::Grid::new("procurement")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let p = &f.procurement;
            amount(
                fields,
                ui,
                FactAmount::ProcurementTotal,
                "政府采购预算总额",
                p.total,
            );
            amount(fields, ui, FactAmount::ProcurementGoods, "货物", p.goods);
            ui.end_row();
            amount(fields, ui, FactAmount::ProcurementWorks, "工程", p.works);
            amount(
                fields,
                ui,
                FactAmount::ProcurementServices,
                "服务",
                p.services,
            );
            ui.end_row();
        });
    let parts = crate::model::money::sum_cells([
        f.procurement.goods,
        f.procurement.works,
        f.procurement.services,
    ]);
    if parts.or_zero() != f.procurement.total.or_zero() {
        ui.colored_label(
            severity_color(Severity::Error),
            format!("货物 + 工程 + 服务 = {}，与总额不符", parts.display_2dp()),
        );
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new("国有资产").strong());
    let a = &f.assets;
    egui::Grid::new("assets")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            ui.label("截至日期");
            fields.text(
                ui,
                Commit::Text(TextTarget::AssetsAsOf),
                &a.as_of,
                "截至日期",
                false,
                140.0,
            );
            ui.label("公务用车编制（辆）");
            fields.count(
                ui,
                CountField::VehicleQuota,
                Some(a.vehicle_quota),
                "公务用车编制",
            );
            ui.end_row();
            ui.label("办公用房建筑总面积（平方米）");
            fields.amount(
                ui,
                Commit::Fact(FactAmount::OfficeArea),
                a.office_area,
                "办公用房面积",
                false,
            );
            ui.label("编报整体目标的单位数");
            fields.count(
                ui,
                CountField::UnitsWithOverallTarget,
                Some(f.performance.units_with_overall_target),
                "编报整体目标的单位数",
            );
            ui.end_row();
            ui.label("50万元以上通用设备（台套）");
            fields.count(
                ui,
                CountField::EquipmentOver50,
                Some(a.equipment_over_50),
                "50万元以上通用设备",
            );
            ui.label("100万元以上通用设备（台套）");
            fields.count(
                ui,
                CountField::EquipmentOver100,
                Some(a.equipment_over_100),
                "100万元以上通用设备",
            );
            ui.end_row();
        });
    ui.label(format!("实有车辆（共 {} 辆）", a.vehicles_total()));
    egui::Grid::new("vehicles")
        .num_columns(3)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (i, v) in a.vehicles.iter().enumerate() {
                fields.text(
                    ui,
                    Commit::Text(TextTarget::VehicleCategory(i)),
                    &v.category,
                    &format!("车辆类别{}", i + 1),
                    false,
                    150.0,
                );
                fields.count(
                    ui,
                    CountField::Vehicles(i),
                    Some(v.count),
                    &format!("{} 辆数", v.category),
                );
                if ui
                    .small_button("×")
                    .accessible_name(format!("车辆类别{} 删除", i + 1))
                    .clicked()
                {
                    fields.push(
                        "删除车辆类别",
                        Edit::RemoveItem {
                            list: ListRef::Vehicles,
                            index: i,
                        },
                    );
                }
                ui.end_row();
            }
        });
    if ui.small_button("＋ 添加车辆类别").clicked() {
        fields.push(
            "添加车辆类别",
            Edit::InsertItem {
                list: ListRef::Vehicles,
                index: a.vehicles.len(),
                item: VehicleCount::default().into(),
            },
        );
    }
}

/// The findings of the N rules about one section.
pub fn section_findings<'a>(findings: &'a [Finding], s: &Section) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.location.section.as_deref() == Some(s.number.as_str()))
        .collect()
}

pub fn explanation_ui(ui: &mut egui::Ui, fields: &mut Fields, st: &mut TextsState, cx: &PageCtx) {
    let pkg = cx.pkg;
    let generated = st.generated(cx).to_vec();
    egui::ScrollArea::vertical()
        .id_salt("explanation")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if pkg.layout().sections.iter().any(|s| !s.part.is_empty()) {
                ui.heading("预算编制说明、其他相关情况说明");
            } else {
                ui.heading(format!("第三部分 {}年度部门预算情况说明", pkg.year));
            }
            ui.horizontal(|ui| {
                // From the cache: generating all twelve sections every frame would be slow.
                let all: Vec<Edit> = generated
                    .iter()
                    .zip(&pkg.explanation)
                    .enumerate()
                    .filter_map(|(index, (g, s))| {
                        g.as_ref()
                            .filter(|g| **g != s.text)
                            .map(|g| Edit::SetSectionText {
                                index,
                                text: g.clone(),
                            })
                    })
                    .collect();
                if ui
                    .add_enabled(!all.is_empty(), egui::Button::new("全部重新生成"))
                    .on_hover_text("用表中数据重新生成全部 12 节（“主要原因”保留；可撤销）")
                    .clicked()
                {
                    fields.push("重新生成全部情况说明", Edit::Batch(all));
                }
                ui.label(
                    egui::RichText::new(
                        "每节的数字来自表、上年数和绩效目标表；手工修改后由 N 规则核对。",
                    )
                    .weak(),
                );
            });
            egui::CollapsingHeader::new("说明所需数据：上年数、政府采购、国有资产")
                .id_salt("facts")
                .default_open(false)
                .show(ui, |ui| facts_ui(ui, fields, cx));
            for (i, s) in pkg.explanation.iter().enumerate() {
                let typed = fields.pending_text(Commit::Section(i)).map(str::to_string);
                let live = st.live_findings(ui.ctx(), cx, i, typed.as_deref());
                let found = match &live {
                    Some(l) => l.iter().collect(),
                    None => section_findings(cx.findings, s),
                };
                let stale = found.iter().any(|f| f.severity == Severity::Error);
                let gen_text = generated.get(i).cloned().flatten();
                let edited = gen_text.as_ref().is_some_and(|g| *g != s.text);
                ui.add_space(10.0);
                ui.separator();
                ui.horizontal(|ui| {
                    // 上海's 编制说明 has no number of its own: no "、" before its title then.
                    let heading = if s.number.is_empty() {
                        s.title.clone()
                    } else {
                        format!("{}、{}", s.number, s.title)
                    };
                    let title = egui::RichText::new(heading).strong().size(15.0);
                    ui.label(if stale {
                        title.color(severity_color(Severity::Error))
                    } else {
                        title
                    });
                    if live.is_some() {
                        ui.label(egui::RichText::new("（按正在输入的文字检查）").weak())
                            .on_hover_text("停止输入片刻后即检查；离开输入框时才写入文件");
                    }
                    if stale {
                        ui.label(
                            egui::RichText::new(format!(
                                "▲ 数字与数据不一致（{} 处）",
                                found.len()
                            ))
                            .color(severity_color(Severity::Error))
                            .strong(),
                        );
                    } else if !found.is_empty() {
                        ui.label(
                            egui::RichText::new(format!("▲ {} 条提示", found.len()))
                                .color(severity_color(Severity::Warning)),
                        );
                    } else if typed.as_deref().unwrap_or(&s.text).trim().is_empty() {
                        // Nothing written is not "consistent": say the section is still to do.
                        ui.label(
                            egui::RichText::new("○ 尚未填写（可点“重新生成”由数据生成）")
                                .color(severity_color(Severity::Warning)),
                        );
                    } else if edited {
                        ui.label(egui::RichText::new("√ 与数据一致（已手工修改）").weak());
                    } else {
                        ui.label(egui::RichText::new("√ 与数据一致").color(super::style::OK_TEXT));
                    }
                    if ui
                        .add_enabled(edited, egui::Button::new("重新生成"))
                        .accessible_name(format!("重新生成 {}", s.number))
                        .on_hover_text("用表中数据替换本节文字（“主要原因”保留；可撤销）")
                        .clicked()
                        && let Some(e) = regenerate_edit(cx, i)
                    {
                        fields.push(format!("重新生成 情况说明{}", s.number), e);
                    }
                });
                let width = ui.available_width();
                let text_w = if found.is_empty() {
                    width - 10.0
                } else {
                    width * 0.64
                };
                ui.horizontal_top(|ui| {
                    fields.text(
                        ui,
                        Commit::Section(i),
                        &s.text,
                        &format!("情况说明{}", s.number),
                        true,
                        text_w,
                    );
                    if !found.is_empty() {
                        ui.vertical(|ui| {
                            ui.set_max_width(width - text_w - 16.0);
                            findings_list_ui(ui, &found);
                        });
                    }
                });
            }
            project_notes_ui(ui, fields, cx);
        });
}

/// 项目经费情况说明 (上海): one block per project, its name and seven parts.
fn project_notes_ui(ui: &mut egui::Ui, fields: &mut Fields, cx: &PageCtx) {
    let notes = &cx.pkg.project_notes;
    if notes.is_empty() {
        return;
    }
    heading(ui, "项目经费情况说明");
    let w = ui.available_width() - 20.0;
    for (i, n) in notes.iter().enumerate() {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            fields.text(
                ui,
                Commit::Text(TextTarget::ProjectNoteName(i)),
                &n.name,
                "项目名称",
                false,
                320.0,
            );
            ui.label(egui::RichText::new("经费情况说明").strong());
        });
        for (k, (head, text)) in n.parts().iter().enumerate() {
            ui.label(format!("{}、{head}", crate::model::chinese_number(k + 1)));
            fields.text(
                ui,
                Commit::Text(TextTarget::ProjectNotePart(i, k)),
                text,
                &format!("{} {head}", n.name),
                true,
                w,
            );
        }
    }
}

pub fn appendices_ui(ui: &mut egui::Ui, fields: &mut Fields, cx: &PageCtx) {
    let pkg = cx.pkg;
    egui::ScrollArea::vertical()
        .id_salt("appendices")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let w = ui.available_width() - 20.0;
            ui.heading("附件");
            for (i, a) in pkg.appendices.iter().enumerate() {
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    fields.text(
                        ui,
                        Commit::Text(TextTarget::AppendixTitle(i)),
                        &a.title,
                        &format!("附件{} 标题", i + 1),
                        false,
                        (w - 60.0).max(200.0),
                    );
                    if ui
                        .small_button("×")
                        .accessible_name(format!("附件{} 删除", i + 1))
                        .clicked()
                    {
                        fields.push(
                            "删除附件",
                            Edit::RemoveItem {
                                list: ListRef::Appendices,
                                index: i,
                            },
                        );
                    }
                });
                fields.text(
                    ui,
                    Commit::Text(TextTarget::AppendixText(i)),
                    &a.text,
                    &format!("附件{} 正文", i + 1),
                    true,
                    w,
                );
            }
            if ui.button("＋ 添加附件").clicked() {
                fields.push(
                    "添加附件",
                    Edit::InsertItem {
                        list: ListRef::Appendices,
                        index: pkg.appendices.len(),
                        item: Appendix::default().into(),
                    },
                );
            }
            ui.add_space(10.0);
            ui.heading("第四部分 名词解释");
            egui::Grid::new("glossary")
                .num_columns(4)
                .spacing([6.0, 4.0])
                .show(ui, |ui| {
                    let n = pkg.glossary.len();
                    for (i, g) in pkg.glossary.iter().enumerate() {
                        ui.label(format!("{}、", chinese_number(i + 1)));
                        fields.text(
                            ui,
                            Commit::Text(TextTarget::GlossaryTerm(i)),
                            &g.term,
                            &format!("名词{}", i + 1),
                            false,
                            150.0,
                        );
                        fields.text(
                            ui,
                            Commit::Text(TextTarget::GlossaryDefinition(i)),
                            &g.definition,
                            &format!("名词{} 解释", i + 1),
                            true,
                            (w - 330.0).max(200.0),
                        );
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(i > 0, egui::Button::new("↑").small())
                                .clicked()
                            {
                                fields.push(
                                    "上移名词",
                                    Edit::MoveItem {
                                        list: ListRef::Glossary,
                                        from: i,
                                        to: i - 1,
                                    },
                                );
                            }
                            if ui
                                .add_enabled(i + 1 < n, egui::Button::new("↓").small())
                                .clicked()
                            {
                                fields.push(
                                    "下移名词",
                                    Edit::MoveItem {
                                        list: ListRef::Glossary,
                                        from: i,
                                        to: i + 1,
                                    },
                                );
                            }
                            if ui
                                .small_button("×")
                                .accessible_name(format!("名词{} 删除", i + 1))
                                .clicked()
                            {
                                fields.push(
                                    "删除名词",
                                    Edit::RemoveItem {
                                        list: ListRef::Glossary,
                                        index: i,
                                    },
                                );
                            }
                        });
                        ui.end_row();
                    }
                });
            if ui.button("＋ 添加名词").clicked() {
                fields.push(
                    "添加名词",
                    Edit::InsertItem {
                        list: ListRef::Glossary,
                        index: pkg.glossary.len(),
                        item: GlossaryEntry::default().into(),
                    },
                );
            }
        });
}
