//! The 项目资金 grid of a project form (元) and the 年度预算 amounts.

use super::{cell_label, period_label};
use crate::model::edit::{FundField, Period};
use crate::model::money::{format_2dp, format_yuan, yuan_to_wan};
use crate::model::{Amount, FormFunds, ProjectForm};
use crate::rules::Finding;
use crate::ui::fields::{Commit, Fields, field_mark, tab_down_column};

pub(super) fn yuan_text(a: Amount) -> String {
    a.value().map(format_yuan).unwrap_or_default()
}

/// The 项目资金 block: 实施期 and 年度 side by side, 元 with the 万元 equivalent beside.
pub(super) fn funds_ui(
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
    // The grid draws 实施期 and 年度 side by side, row by row; an accountant types each
    // column down, so Tab goes down the column.
    let order: Vec<Commit> = [Period::Implementation, Period::Year]
        .into_iter()
        .flat_map(|period| {
            ROWS.iter().map(move |(field, _)| Commit::Fund {
                form,
                period,
                field: *field,
            })
        })
        .collect();
    tab_down_column(ui, &order);
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
                            .color(crate::ui::style::error_text()),
                    );
                }
                ui.label("");
                ui.label("");
            }
            ui.end_row();
        });
}
