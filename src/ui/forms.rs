//! The performance-form editors: 部门整体支出绩效目标申报表 and each 项目支出绩效目标表, laid out
//! like the published forms, with the indicator tree, the 指标值 entered as comparator + number
//! + unit, and the offers that keep table 12 and the project forms in step.

use super::nav::Page;
use super::pages::{
    Commit, Fields, PageCtx, ValuePart, field_mark, findings_list_ui, form_findings, heading,
};
use crate::model::edit::{
    CountField, Edit, FormRef, FundField, IndicatorText, Item, ListRef, OverallAmount, OverallText,
    Period, ProjectText, RowField, TextTarget,
};
use crate::model::layout::TableKind;
use crate::model::money::{format_2dp, format_yuan, wan_to_yuan, yuan_to_wan};
use crate::model::{Amount, FormFunds, Indicator, KeyTask, Package, ProjectForm, Row};
use crate::rules::Finding;

/// The standard tree: each 一级指标 with its 二级指标.
pub const STANDARD_TREE: [(&str, &[&str]); 3] = [
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &["经济效益", "社会效益", "生态效益", "可持续影响"],
    ),
    ("满意度指标", &["服务对象满意度"]),
];

/// The comparators offered for a 指标值.
pub const COMPARATORS: [&str; 5] = ["≥", "≤", "=", ">", "<"];
/// The choice that makes a 指标值 qualitative.
pub const QUALITATIVE: &str = "定性";
const NO_COMPARATOR: &str = "（无）";

/// A 指标值 split into what the editor shows: comparator, number and unit, or a qualitative
/// value. Composing the parts gives the stored string back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueParts {
    /// "≥", "≤" … or a word as written ("提高"); empty when none.
    pub comparator: String,
    pub number: String,
    /// The unit and any words after the number ("万元", "%满意").
    pub unit: String,
    /// `Some` for a qualitative value ("定性", "及时").
    pub qualitative: Option<String>,
}

impl ValueParts {
    pub fn split(value: &str) -> ValueParts {
        let s = value.trim();
        if s.is_empty() {
            // A new indicator starts as a quantity: most are one.
            return ValueParts {
                comparator: String::new(),
                number: String::new(),
                unit: String::new(),
                qualitative: None,
            };
        }
        let starts_with_cmp = COMPARATORS.iter().any(|c| s.starts_with(c));
        let digit = s.find(|c: char| c.is_ascii_digit());
        let Some(at) = digit else {
            if starts_with_cmp {
                let cmp = COMPARATORS
                    .iter()
                    .find(|c| s.starts_with(**c))
                    .copied()
                    .unwrap_or_default();
                return ValueParts {
                    comparator: cmp.to_string(),
                    number: String::new(),
                    unit: s[cmp.len()..].trim().to_string(),
                    qualitative: None,
                };
            }
            return ValueParts {
                comparator: String::new(),
                number: String::new(),
                unit: String::new(),
                qualitative: Some(s.to_string()),
            };
        };
        let rest = &s[at..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        ValueParts {
            comparator: s[..at].trim().to_string(),
            number: rest[..len].to_string(),
            unit: rest[len..].trim().to_string(),
            qualitative: None,
        }
    }

    pub fn compose(&self) -> String {
        match &self.qualitative {
            Some(q) => q.clone(),
            None => format!("{}{}{}", self.comparator, self.number, self.unit),
        }
    }
}

/// The place of a group in the standard tree (unknown groups after all standard ones).
fn group_rank(l1: &str, l2: &str) -> usize {
    let mut rank = 0;
    for (a, bs) in STANDARD_TREE {
        for b in bs {
            if a == l1 && *b == l2 {
                return rank;
            }
            rank += 1;
        }
    }
    rank
}

/// Where an indicator of group (l1, l2) goes in `list` (with `skip` left out): after the last
/// one of its group, or after the last one of an earlier group.
fn position_for(list: &[Indicator], skip: Option<usize>, l1: &str, l2: &str) -> usize {
    let rank = group_rank(l1, l2);
    let rest: Vec<&Indicator> = list
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, x)| x)
        .collect();
    rest.iter()
        .rposition(|x| group_rank(&x.level1, &x.level2) <= rank)
        .map(|p| p + 1)
        .unwrap_or(0)
}

/// The indicator list of a form and period.
pub fn indicator_list(pkg: &Package, form: FormRef, period: Period) -> Option<&Vec<Indicator>> {
    match (form, period) {
        (FormRef::Overall, _) => Some(&pkg.overall_form.indicators),
        (FormRef::Project(i), Period::Implementation) => {
            pkg.project_forms.get(i).map(|f| &f.indicators_period)
        }
        (FormRef::Project(i), Period::Year) => pkg.project_forms.get(i).map(|f| &f.indicators_year),
    }
}

/// The edit that moves indicator `index` under another 一级/二级 (keeping the list grouped).
pub fn move_to_group_edit(
    list: &[Indicator],
    list_ref: ListRef,
    index: usize,
    l1: &str,
    l2: &str,
) -> Edit {
    let ListRef::Indicators(form, period) = list_ref else {
        return Edit::Batch(Vec::new());
    };
    let to = position_for(list, Some(index), l1, l2);
    let target = |part| TextTarget::Indicator {
        form,
        period,
        index,
        part,
    };
    Edit::Batch(vec![
        Edit::SetText {
            target: target(IndicatorText::Level1),
            text: l1.to_string(),
        },
        Edit::SetText {
            target: target(IndicatorText::Level2),
            text: l2.to_string(),
        },
        Edit::MoveItem {
            list: list_ref,
            from: index,
            to,
        },
    ])
}

/// The edit that makes a project form's 年度 indicators a copy of its 实施期 ones.
pub fn copy_indicators_edit(f: &ProjectForm, form: usize) -> Edit {
    let list = ListRef::Indicators(FormRef::Project(form), Period::Year);
    let mut edits: Vec<Edit> = (0..f.indicators_year.len())
        .rev()
        .map(|index| Edit::RemoveItem { list, index })
        .collect();
    edits.extend(
        f.indicators_period
            .iter()
            .enumerate()
            .map(|(index, ind)| Edit::InsertItem {
                list,
                index,
                item: ind.clone().into(),
            }),
    );
    Edit::Batch(edits)
}

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

/// A new form for a project, with the department's facts filled in and the amount of its
/// table 12 row (万元) as 年度资金 in 元.
pub fn new_form(pkg: &Package, name: &str, amount_wan: Amount) -> ProjectForm {
    let dept = if pkg.department.code.is_empty() {
        pkg.department.name.clone()
    } else {
        format!("{}-{}", pkg.department.code, pkg.department.name)
    };
    let yuan = amount_wan
        .value()
        .map(wan_to_yuan)
        .map(Amount::new)
        .unwrap_or_default();
    let funds = FormFunds {
        total: yuan,
        local: yuan,
        ..FormFunds::default()
    };
    ProjectForm {
        name: name.to_string(),
        department: dept,
        unit: pkg.department.name.clone(),
        attribute: "一次性项目(1年结束)".into(),
        period: "1年".into(),
        category: "其他运转类".into(),
        funds_period: funds.clone(),
        funds_year: funds,
        heading: pkg
            .project_forms
            .first()
            .map(|f| f.heading.clone())
            .unwrap_or_else(|| "项目支出绩效目标表".into()),
        ..ProjectForm::default()
    }
}

/// The table 12 row of a form's project, with its 合计 from the form's 年度资金总额 ÷ 10000.
pub fn row_for_form(pkg: &Package, form: &ProjectForm) -> Row {
    let mut row = Row {
        name: form.name.clone(),
        unit: if form.unit.is_empty() {
            pkg.department.name.clone()
        } else {
            form.unit.clone()
        },
        ..Row::default()
    };
    if let Some(y) = form.funds_year.total.value() {
        let wan = yuan_to_wan(y).round_dp(2);
        row.set_cell("general", Amount::new(wan));
    }
    row
}

fn t12_key(pkg: &Package) -> Option<String> {
    pkg.layout()
        .table_of_kind(TableKind::ProjectsCurrent)
        .map(|d| d.key.clone())
}

/// The table 12 row (table key, stored index) of a form's project, found by its name.
pub fn t12_row_of(pkg: &Package, form: usize) -> Option<(String, usize)> {
    let name = &pkg.project_forms.get(form)?.name;
    let key = t12_key(pkg)?;
    let row = pkg
        .table(&key)?
        .rows("main")
        .iter()
        .position(|r| &r.name == name)?;
    Some((key, row))
}

fn t12_has(pkg: &Package, name: &str) -> bool {
    t12_key(pkg)
        .and_then(|k| pkg.table(&k))
        .is_some_and(|t| t.rows("main").iter().any(|r| r.name == name))
}

fn add_row_edit(pkg: &Package, form: &ProjectForm) -> Option<Edit> {
    let key = t12_key(pkg)?;
    let n = pkg.table(&key).map(|t| t.rows("main").len()).unwrap_or(0);
    Some(Edit::InsertRow {
        table: key,
        block: "main".into(),
        index: n,
        row: row_for_form(pkg, form),
    })
}

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

fn yuan_text(a: Amount) -> String {
    a.value().map(format_yuan).unwrap_or_default()
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

/// The 项目资金 block: 实施期 and 年度 side by side, 元 with the 万元 equivalent beside.
fn funds_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    f: &ProjectForm,
    form: usize,
    found: &[&Finding],
) {
    const ROWS: [(FundField, &str); 6] = [
        (FundField::Total, "资金总额"),
        (FundField::Central, "其中：中央财政资金"),
        (FundField::Provincial, "省级财政资金"),
        (FundField::Local, "市县(区)财政资金"),
        (FundField::SelfRaised, "单位自筹"),
        (FundField::Other, "其他资金"),
    ];
    let get = |funds: &FormFunds, field: FundField| match field {
        FundField::Total => funds.total,
        FundField::Central => funds.central,
        FundField::Provincial => funds.provincial,
        FundField::Local => funds.local,
        FundField::SelfRaised => funds.self_raised,
        FundField::Other => funds.other,
    };
    egui::Grid::new(("pf-funds", form))
        .striped(true)
        .num_columns(8)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for p in [Period::Implementation, Period::Year] {
                cell_label(ui, &format!("{}（元）", period_label(p)));
                ui.label("");
                ui.label(egui::RichText::new("万元").weak());
                ui.label("");
            }
            ui.end_row();
            for (field, label) in ROWS {
                for p in [Period::Implementation, Period::Year] {
                    let funds = match p {
                        Period::Implementation => &f.funds_period,
                        Period::Year => &f.funds_year,
                    };
                    let name = if field == FundField::Total {
                        format!("{}资金总额", period_label(p))
                    } else {
                        format!("{} {label}", period_label(p))
                    };
                    ui.label(if field == FundField::Total {
                        egui::RichText::new(format!("{}资金总额", period_label(p))).strong()
                    } else {
                        egui::RichText::new(label)
                    });
                    let a = get(funds, field);
                    fields.amount(
                        ui,
                        Commit::Fund {
                            form,
                            period: p,
                            field,
                        },
                        a,
                        &name,
                        true,
                    );
                    ui.label(
                        egui::RichText::new(
                            a.value()
                                .map(|y| format_2dp(yuan_to_wan(y)))
                                .unwrap_or_default(),
                        )
                        .weak(),
                    );
                    ui.horizontal(|ui| {
                        if field == FundField::Total {
                            field_mark(ui, found, &format!("{}资金总额", period_label(p)));
                            if p == Period::Year {
                                field_mark(ui, found, "年度资金总额");
                            }
                        }
                    });
                }
                ui.end_row();
            }
            for p in [Period::Implementation, Period::Year] {
                let funds = match p {
                    Period::Implementation => &f.funds_period,
                    Period::Year => &f.funds_year,
                };
                let sum = funds.sources_sum();
                let agrees = sum.or_zero() == funds.total.or_zero();
                ui.label(egui::RichText::new("各来源之和").weak());
                let text = yuan_text(sum);
                if agrees {
                    ui.label(egui::RichText::new(text).weak());
                } else {
                    ui.label(
                        egui::RichText::new(format!("{text} ≠ 总额"))
                            .color(super::pages::severity_color(crate::rules::Severity::Error)),
                    );
                }
                ui.label("");
                ui.label("");
            }
            ui.end_row();
        });
}

/// The 指标值 editor: comparator, number and unit, or a qualitative value.
fn value_editor_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    form: FormRef,
    period: Period,
    index: usize,
    value: &str,
    name: &str,
) {
    let parts = ValueParts::split(value);
    let selected = match &parts.qualitative {
        Some(_) => QUALITATIVE.to_string(),
        None if parts.comparator.is_empty() => NO_COMPARATOR.to_string(),
        None => parts.comparator.clone(),
    };
    let target = TextTarget::Indicator {
        form,
        period,
        index,
        part: IndicatorText::Value,
    };
    let mut choice = selected.clone();
    egui::ComboBox::from_id_salt(("cmp", form, period, index))
        .width(58.0)
        .selected_text(&choice)
        .show_ui(ui, |ui| {
            for c in COMPARATORS.iter().chain([&NO_COMPARATOR, &QUALITATIVE]) {
                ui.selectable_value(&mut choice, c.to_string(), *c);
            }
            if !COMPARATORS.contains(&selected.as_str())
                && selected != NO_COMPARATOR
                && selected != QUALITATIVE
            {
                ui.selectable_value(&mut choice, selected.clone(), &selected);
            }
        })
        .response
        .accessible_name(format!("{} {name} 比较符", period_label(period)));
    if choice != selected {
        let new = if choice == QUALITATIVE {
            QUALITATIVE.to_string()
        } else {
            let mut p = parts.clone();
            p.qualitative = None;
            p.comparator = if choice == NO_COMPARATOR {
                String::new()
            } else {
                choice.clone()
            };
            p.compose()
        };
        fields.push(
            format!("指标值比较符 {name}"),
            Edit::SetText { target, text: new },
        );
    }
    let part = |part| Commit::IndicatorPart {
        form,
        period,
        index,
        part,
    };
    let p = period_label(period);
    match &parts.qualitative {
        Some(q) => {
            fields.text(
                ui,
                part(ValuePart::Qualitative),
                q,
                &format!("{p} {name} 定性值"),
                false,
                150.0,
            );
        }
        None => {
            fields.text(
                ui,
                part(ValuePart::Number),
                &parts.number,
                &format!("{p} {name} 数值"),
                false,
                60.0,
            );
            fields.text(
                ui,
                part(ValuePart::Unit),
                &parts.unit,
                &format!("{p} {name} 单位"),
                false,
                70.0,
            );
        }
    }
}

/// The indicator tree of one form and period: the standard 一级/二级 groups, each with its
/// 三级指标 (add, remove, move up/down, move to another group).
fn indicator_tree_ui(
    ui: &mut egui::Ui,
    fields: &mut Fields,
    form: FormRef,
    period: Period,
    list: &[Indicator],
    found: &[&Finding],
) {
    let list_ref = ListRef::Indicators(form, period);
    let p = period_label(period);
    let mut groups: Vec<(String, String)> = STANDARD_TREE
        .iter()
        .flat_map(|(a, bs)| bs.iter().map(move |b| (a.to_string(), b.to_string())))
        .collect();
    for ind in list {
        let g = (ind.level1.clone(), ind.level2.clone());
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    let mut last_l1 = String::new();
    egui::Grid::new(("ind-tree", form, period))
        .striped(true)
        .num_columns(5)
        .spacing([6.0, 3.0])
        .show(ui, |ui| {
            for h in ["一级指标", "二级指标", "三级指标", "指标值", ""] {
                cell_label(ui, h);
            }
            ui.end_row();
            for (l1, l2) in &groups {
                let members: Vec<usize> = list
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| &x.level1 == l1 && &x.level2 == l2)
                    .map(|(i, _)| i)
                    .collect();
                ui.label(if *l1 != last_l1 {
                    egui::RichText::new(l1).strong()
                } else {
                    egui::RichText::new("")
                });
                last_l1 = l1.clone();
                ui.label(l2);
                if members.is_empty() {
                    ui.label(egui::RichText::new("（无）").weak());
                    ui.label("");
                } else {
                    ui.label("");
                    ui.label("");
                }
                if ui
                    .small_button("＋ 添加")
                    .accessible_name(format!("{p} {l2} 添加指标"))
                    .on_hover_text(format!("在“{l1} › {l2}”下添加一个三级指标"))
                    .clicked()
                {
                    let index = position_for(list, None, l1, l2);
                    fields.push(
                        format!("添加指标 {l2}"),
                        Edit::InsertItem {
                            list: list_ref,
                            index,
                            item: Item::Indicator(Indicator {
                                level1: l1.clone(),
                                level2: l2.clone(),
                                name: String::new(),
                                value: String::new(),
                            }),
                        },
                    );
                }
                ui.end_row();
                for (k, &i) in members.iter().enumerate() {
                    let ind = &list[i];
                    let n = i + 1;
                    ui.label("");
                    ui.label(egui::RichText::new(format!("{n}.")).weak());
                    fields.wrapped(
                        ui,
                        Commit::Text(TextTarget::Indicator {
                            form,
                            period,
                            index: i,
                            part: IndicatorText::Name,
                        }),
                        &ind.name,
                        &format!("{p} 指标{n} 名称"),
                        230.0,
                    );
                    ui.horizontal(|ui| {
                        value_editor_ui(
                            ui,
                            fields,
                            form,
                            period,
                            i,
                            &ind.value,
                            &format!("指标{n}"),
                        );
                        field_mark(
                            ui,
                            found,
                            &format!("{p}/{}/{}/{}", ind.level1, ind.level2, ind.name),
                        );
                    });
                    ui.horizontal(|ui| {
                        let up = k.checked_sub(1).map(|j| members[j]);
                        let down = members.get(k + 1).copied();
                        if ui
                            .add_enabled(up.is_some(), egui::Button::new("↑").small())
                            .accessible_name(format!("{p} 指标{n} 上移"))
                            .clicked()
                            && let Some(to) = up
                        {
                            fields.push(
                                "上移指标",
                                Edit::MoveItem {
                                    list: list_ref,
                                    from: i,
                                    to,
                                },
                            );
                        }
                        if ui
                            .add_enabled(down.is_some(), egui::Button::new("↓").small())
                            .accessible_name(format!("{p} 指标{n} 下移"))
                            .clicked()
                            && let Some(to) = down
                        {
                            fields.push(
                                "下移指标",
                                Edit::MoveItem {
                                    list: list_ref,
                                    from: i,
                                    to,
                                },
                            );
                        }
                        ui.menu_button("移至…", |ui| {
                            for (a, bs) in STANDARD_TREE {
                                ui.label(egui::RichText::new(a).strong());
                                for b in bs {
                                    let here = a == ind.level1 && *b == ind.level2;
                                    if ui
                                        .add_enabled(!here, egui::Button::new(format!("  {b}")))
                                        .accessible_name(format!("{p} 指标{n} 移至 {b}"))
                                        .clicked()
                                    {
                                        fields.push(
                                            format!("移动指标至 {b}"),
                                            move_to_group_edit(list, list_ref, i, a, b),
                                        );
                                        ui.close();
                                    }
                                }
                            }
                        })
                        .response
                        .accessible_name(format!("{p} 指标{n} 移至"));
                        if ui
                            .small_button("×")
                            .accessible_name(format!("{p} 指标{n} 删除"))
                            .on_hover_text("删除这个三级指标")
                            .clicked()
                        {
                            fields.push(
                                "删除指标",
                                Edit::RemoveItem {
                                    list: list_ref,
                                    index: i,
                                },
                            );
                        }
                    });
                    ui.end_row();
                }
            }
        });
}

/// The findings of a form as a block at its top.
fn findings_box(ui: &mut egui::Ui, found: &[&Finding]) {
    if found.is_empty() {
        ui.label(
            egui::RichText::new("√ 本表未发现问题")
                .color(egui::Color32::from_rgb(0x2e, 0x7d, 0x32)),
        );
        return;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(egui::RichText::new(format!("本表有 {} 条检查结果", found.len())).strong());
        findings_list_ui(ui, found);
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
    egui::ScrollArea::vertical()
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
                    ui.colored_label(
                        super::pages::severity_color(crate::rules::Severity::Error),
                        "表12 中没有此项目",
                    );
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
    egui::ScrollArea::vertical()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_and_compose_as_written() {
        let p = ValueParts::split("≥500人/次");
        assert_eq!(
            (p.comparator.as_str(), p.number.as_str(), p.unit.as_str()),
            ("≥", "500", "人/次")
        );
        assert_eq!(p.compose(), "≥500人/次");
        let p = ValueParts::split("≥ 500 人/次");
        assert_eq!(p.compose(), "≥500人/次");
        let p = ValueParts::split("30完成");
        assert_eq!(
            (p.comparator.as_str(), p.number.as_str(), p.unit.as_str()),
            ("", "30", "完成")
        );
        let p = ValueParts::split("提高99%");
        assert_eq!(p.comparator, "提高");
        assert_eq!(p.unit, "%");
        let p = ValueParts::split("及时");
        assert_eq!(p.qualitative.as_deref(), Some("及时"));
        assert_eq!(p.compose(), "及时");
        // A comparator chosen before the number is typed stays a quantity.
        let p = ValueParts::split("≥");
        assert_eq!(p.qualitative, None);
        assert_eq!(p.comparator, "≥");
    }

    #[test]
    fn moving_to_a_group_keeps_the_list_grouped() {
        let ind = |a: &str, b: &str, n: &str| Indicator {
            level1: a.into(),
            level2: b.into(),
            name: n.into(),
            value: String::new(),
        };
        let mut pkg = Package::default();
        pkg.overall_form.indicators = vec![
            ind("产出指标", "数量指标", "a"),
            ind("产出指标", "质量指标", "b"),
            ind("效益指标", "社会效益", "c"),
            ind("满意度指标", "服务对象满意度", "d"),
        ];
        let list_ref = ListRef::Indicators(FormRef::Overall, Period::Year);
        let e = move_to_group_edit(
            &pkg.overall_form.indicators.clone(),
            list_ref,
            3,
            "产出指标",
            "时效指标",
        );
        let undo = e.apply(&mut pkg);
        let names: Vec<&str> = pkg
            .overall_form
            .indicators
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["a", "b", "d", "c"]);
        assert_eq!(pkg.overall_form.indicators[2].level2, "时效指标");
        undo.apply(&mut pkg);
        assert_eq!(pkg.overall_form.indicators[3].name, "d");
        assert_eq!(pkg.overall_form.indicators[3].level1, "满意度指标");
    }

    #[test]
    fn year_indicators_copy_the_period_ones_as_one_undoable_step() {
        let mut pkg = crate::io::sample::sample();
        let before = pkg.clone();
        // 信访维稳经费's 实施期 values are empty in the published form; its 年度 ones are not.
        let i = 1;
        assert_ne!(
            pkg.project_forms[i].indicators_year,
            pkg.project_forms[i].indicators_period
        );
        let undo = copy_indicators_edit(&pkg.project_forms[i].clone(), i).apply(&mut pkg);
        assert_eq!(
            pkg.project_forms[i].indicators_year,
            before.project_forms[i].indicators_period
        );
        undo.apply(&mut pkg);
        assert_eq!(pkg, before);
    }

    #[test]
    fn a_new_form_takes_the_rows_amount_in_yuan() {
        let pkg = crate::io::sample::sample();
        let f = new_form(
            &pkg,
            "新项目",
            Amount::new(rust_decimal::Decimal::new(1234, 2)),
        );
        assert_eq!(
            f.funds_year.total,
            Amount::new(rust_decimal::Decimal::from(123_400))
        );
        assert!(f.is_one_year());
        let row = row_for_form(&pkg, &pkg.project_forms[2]);
        assert_eq!(row.cell("general").display_2dp(), "40.00");
    }
}
