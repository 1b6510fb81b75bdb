//! The indicator tree of a form (一级/二级/三级指标 with their 指标值), and the 指标值 editor:
//! comparator, number and unit, or a qualitative value.

use super::{cell_label, period_label};
use crate::model::Indicator;
use crate::model::edit::{Edit, FormRef, IndicatorText, Item, ListRef, Period, TextTarget};
use crate::model::form_edit::{
    COMPARATORS, NO_COMPARATOR, QUALITATIVE, STANDARD_TREE, ValueParts, move_to_group_edit,
    position_for,
};
use crate::rules::Finding;
use crate::ui::fields::{Commit, Fields, ValuePart, field_mark};

/// The 指标值 editor: comparator, number and unit, or a qualitative value.
pub(super) fn value_editor_ui(
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
pub(super) fn indicator_tree_ui(
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
    // The name column takes what the other columns (levels, value, buttons: about 560 px)
    // leave, so that on a 1280-wide window every button is in sight.
    let name_width = (ui.available_width() - 560.0).clamp(160.0, 300.0);
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
                    // The user adds an indicator to type it: its name takes the focus.
                    fields.focus_when_drawn(Commit::Text(TextTarget::Indicator {
                        form,
                        period,
                        index,
                        part: IndicatorText::Name,
                    }));
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
                        name_width,
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
