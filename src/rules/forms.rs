//! Rules between the tables and the performance forms (F1–F4): every project of table 12 has
//! its 项目支出绩效目标表 with the same money, each form's funds add up, the 整体 form agrees
//! with the tables, and every 指标值 parses and makes sense.

use super::indicator::{self, IndicatorValue};
use super::{Context, Finding, Fix, Location, Severity, finding, tail_note, wan};
use crate::model::edit::{Edit, FundField, Period};
use crate::model::layout::TableKind;
use crate::model::money::{format_yuan, wan_to_yuan};
use crate::model::view::RowRole;
use crate::model::{Amount, FormFunds, Indicator};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How far a form's 元 may be from the table's 万元 × 10,000: the table rounds to 0.01 万元.
const YUAN_ROUNDING: i64 = 100;

fn form_loc(form: &str, field: &str) -> Location {
    Location {
        form: Some(form.to_string()),
        field: Some(field.to_string()),
        ..Location::default()
    }
}

fn yuan(d: Decimal) -> String {
    format_yuan(d)
}

/// Table 12's projects joined with the forms by name, computed once per check (F1 and the
/// 绩效管理 sentences of the text both need it).
#[derive(Clone, Debug, Default)]
pub struct ProjectJoin {
    /// Each project row of table 12: its index in the view and its form's index.
    pub rows: Vec<(usize, Option<usize>)>,
    /// Whether each form has a row in table 12.
    pub form_in_table: Vec<bool>,
    /// 合计 of all project rows, and of those that have a form.
    pub total: Decimal,
    pub with_forms: Decimal,
    /// By form category: the rows' 合计 and the number of forms.
    pub by_category: Vec<(String, Decimal, usize)>,
}

impl ProjectJoin {
    pub fn category(&self, name: &str) -> (Decimal, usize) {
        self.by_category
            .iter()
            .find(|(c, _, _)| c == name)
            .map(|(_, v, n)| (*v, *n))
            .unwrap_or_default()
    }
}

pub fn project_join(ctx: &Context) -> ProjectJoin {
    let forms = &ctx.pkg.project_forms;
    let by_name: HashMap<&str, usize> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let mut j = ProjectJoin {
        form_in_table: vec![false; forms.len()],
        ..ProjectJoin::default()
    };
    let mut cat_of_form: Vec<usize> = Vec::with_capacity(forms.len());
    for f in forms {
        let k = match j.by_category.iter().position(|(c, _, _)| *c == f.category) {
            Some(k) => k,
            None => {
                j.by_category.push((f.category.clone(), Decimal::ZERO, 0));
                j.by_category.len() - 1
            }
        };
        j.by_category[k].2 += 1;
        cat_of_form.push(k);
    }
    if let Some(t12) = ctx.block(TableKind::ProjectsCurrent, "main") {
        let total_col = t12.col("total");
        for (vi, r) in t12.view.rows.iter().enumerate() {
            if r.role != RowRole::Leaf {
                continue;
            }
            let v = super::at(r, total_col);
            j.total += v;
            let form = by_name.get(r.label.as_str()).copied();
            if let Some(fi) = form {
                j.form_in_table[fi] = true;
                j.with_forms += v;
                j.by_category[cat_of_form[fi]].1 += v;
            }
            j.rows.push((vi, form));
        }
    }
    j
}

/// F1: every table 12 project has a form and every form a table 12 row; the form's 年度资金总额
/// is the row's 合计 in 元.
pub fn f1_projects_have_forms(ctx: &Context, out: &mut Vec<Finding>) {
    let Some(t12) = ctx.block(TableKind::ProjectsCurrent, "main") else {
        return;
    };
    let join = ctx.projects();
    let total_col = t12.col("total");
    let tol_yuan = wan_to_yuan(ctx.tolerance());
    for &(vi, form) in &join.rows {
        let Some(vr) = t12.view.rows.get(vi) else {
            continue;
        };
        let row_total = super::at(vr, total_col);
        let Some(form) = form.and_then(|fi| ctx.pkg.project_forms.get(fi)) else {
            out.push(finding(
                "F1",
                Severity::Error,
                t12.loc(vr, None),
                Some("项目支出绩效目标表".into()),
                Some("（无）".into()),
                format!("{} 项目“{}”没有项目支出绩效目标表", t12.name(), vr.label),
            ));
            continue;
        };
        let want = wan_to_yuan(row_total);
        let have = form.funds_year.total.or_zero();
        let diff = (want - have).abs();
        if diff > Decimal::from(YUAN_ROUNDING) {
            let sev = if diff <= tol_yuan + Decimal::from(YUAN_ROUNDING) {
                Severity::Hint
            } else {
                Severity::Error
            };
            out.push(finding(
                "F1",
                sev,
                form_loc(&form.name, "年度资金总额"),
                Some(yuan(want)),
                Some(yuan(have)),
                tail_note(
                    sev,
                    format!(
                        "“{}”绩效目标表年度资金总额 {} 元，{} 合计 {} 万元（{} 元）",
                        form.name,
                        t12.name(),
                        yuan(have),
                        wan(row_total),
                        yuan(want)
                    ),
                ),
            ));
        }
    }
    for (form, in_table) in ctx.pkg.project_forms.iter().zip(&join.form_in_table) {
        if !in_table {
            out.push(finding(
                "F1",
                Severity::Error,
                form_loc(&form.name, "项目名称"),
                Some(format!("{} 中的项目", t12.name())),
                Some(form.name.clone()),
                format!("绩效目标表“{}”在{} 中没有对应的项目", form.name, t12.name()),
            ));
        }
    }
}

fn period_label(p: Period) -> &'static str {
    match p {
        Period::Implementation => "实施期",
        Period::Year => "年度",
    }
}

/// F2: 资金总额 = the sum of its sources for both periods; a one-year project's two periods agree.
pub fn f2_form_funds(ctx: &Context, out: &mut Vec<Finding>) {
    for (fi, form) in ctx.pkg.project_forms.iter().enumerate() {
        for (period, funds) in [
            (Period::Implementation, &form.funds_period),
            (Period::Year, &form.funds_year),
        ] {
            let sum = funds.sources_sum();
            if funds.total.is_empty() && sum.is_empty() {
                continue;
            }
            let (t, s) = (funds.total.or_zero(), sum.or_zero());
            if t != s {
                out.push(finding(
                    "F2",
                    Severity::Error,
                    form_loc(&form.name, &format!("{}资金总额", period_label(period))),
                    Some(yuan(s)),
                    Some(yuan(t)),
                    format!(
                        "“{}”{}资金总额 {} 元，各来源之和 {} 元",
                        form.name,
                        period_label(period),
                        yuan(t),
                        yuan(s)
                    ),
                ));
            }
        }
        if form.is_one_year()
            && form.funds_period.total.or_zero() != form.funds_year.total.or_zero()
        {
            let (p, y) = (&form.funds_period, &form.funds_year);
            let mut f = finding(
                "F2",
                Severity::Error,
                form_loc(&form.name, "实施期资金总额"),
                Some(yuan(y.total.or_zero())),
                Some(yuan(p.total.or_zero())),
                format!(
                    "“{}”为一年期项目，实施期资金总额 {} 元应等于年度资金总额 {} 元",
                    form.name,
                    yuan(p.total.or_zero()),
                    yuan(y.total.or_zero())
                ),
            );
            f.fix = Some(Fix {
                label: "实施期资金改为与年度资金相同".into(),
                edit: Edit::Batch(copy_year_to_period(fi, p, y)),
            });
            out.push(f);
        }
    }
}

fn copy_year_to_period(form: usize, p: &FormFunds, y: &FormFunds) -> Vec<Edit> {
    let fields: [(FundField, Amount, Amount); 6] = [
        (FundField::Total, p.total, y.total),
        (FundField::Central, p.central, y.central),
        (FundField::Provincial, p.provincial, y.provincial),
        (FundField::Local, p.local, y.local),
        (FundField::SelfRaised, p.self_raised, y.self_raised),
        (FundField::Other, p.other, y.other),
    ];
    fields
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, _, value)| Edit::SetFormFund {
            form,
            period: Period::Implementation,
            field,
            value,
        })
        .collect()
}

/// F3: the 整体 form's 年度预算 by source and direction = tables 1 and 3; 所属预算单位数 = the
/// units of table 11; 在职人数 = 在编 + 其他.
pub fn f3_overall_form(ctx: &Context, out: &mut Vec<Finding>) {
    let of = &ctx.pkg.overall_form;
    // A package that publishes no 整体 form (上海) has nothing to compare.
    if *of == crate::model::OverallForm::default() {
        return;
    }
    let t1 = ctx.block(TableKind::BudgetSummary, "income");
    let t3 = ctx.block(TableKind::ExpenditureSummary, "main");
    let mut cmp = |field: &str, have: Amount, want: Decimal, source: &str| {
        if let Some(sev) = ctx.grade(want, have.or_zero(), Severity::Error) {
            out.push(finding(
                "F3",
                sev,
                form_loc("整体", field),
                Some(wan(want)),
                Some(wan(have.or_zero())),
                tail_note(
                    sev,
                    format!(
                        "整体绩效目标表“{field}”为 {}，{source}为 {}",
                        wan(have.or_zero()),
                        wan(want)
                    ),
                ),
            ));
        }
    };
    if let Some(t1) = t1 {
        let s = &of.by_source;
        // The form states 万元; a table in 元 is rounded as the text would quote it.
        let cell = |line: &str| super::in_wan(t1.table, t1.cell(line, "amount"));
        cmp(
            "按资金来源/合计",
            s.total,
            cell("grand_total"),
            &format!("{} 收入总计", t1.name()),
        );
        for (field, have, line) in [
            ("按资金来源/一般公共预算资金", s.general, "general"),
            ("按资金来源/政府性基金预算资金", s.fund, "fund"),
            ("按资金来源/国有资本经营预算资金", s.capital, "capital"),
            ("按资金来源/专户管理资金", s.special, "special"),
            ("按资金来源/单位资金", s.unit, "unit"),
        ] {
            cmp(field, have, cell(line), &format!("{} 对应收入", t1.name()));
        }
        // A department's budget has no 社会保险基金 income: table 1 has no such line.
        cmp(
            "按资金来源/社会保险基金预算资金",
            s.social_insurance,
            Decimal::ZERO,
            "部门预算（无此来源）",
        );
    }
    if let Some(t3) = t3 {
        let d = &of.by_direction;
        let total = |col: &str| super::in_wan(t3.table, t3.total(col));
        let n3 = t3.name();
        cmp(
            "按资金方向/合计",
            d.total,
            total("total"),
            &format!("{n3} 合计"),
        );
        cmp(
            "按资金方向/基本支出",
            d.basic,
            total("basic"),
            &format!("{n3} 基本支出"),
        );
        cmp(
            "按资金方向/项目支出",
            d.project,
            total("project"),
            &format!("{n3} 项目支出"),
        );
    }
    if let Some(units) = of.budget_units {
        let t11 = ctx.block(TableKind::OperatingCost, "main");
        let t11_units = t11
            .map(|b| {
                b.view
                    .rows
                    .iter()
                    .filter(|r| r.role == RowRole::Leaf)
                    .count()
            })
            .unwrap_or(0);
        let listed_in = if t11_units > 0 {
            t11.map(|b| b.name()).unwrap_or_default()
        } else {
            "概况".to_string()
        };
        let expected = if t11_units > 0 {
            t11_units
        } else {
            ctx.pkg.overview.units.len()
        };
        if expected > 0 && units as usize != expected {
            out.push(finding(
                "F3",
                Severity::Error,
                form_loc("整体", "所属预算单位数"),
                Some(expected.to_string()),
                Some(units.to_string()),
                format!(
                    "整体绩效目标表所属预算单位数 {units} 个，{listed_in}列出 {expected} 个单位"
                ),
            ));
        }
    }
    if let (Some(total), Some(a), Some(b)) = (of.staff_total, of.staff_in_quota, of.staff_other)
        && u64::from(total) != u64::from(a) + u64::from(b)
    {
        out.push(finding(
            "F3",
            Severity::Error,
            form_loc("整体", "实际在职人员总数"),
            Some((u64::from(a) + u64::from(b)).to_string()),
            Some(total.to_string()),
            format!(
                "实际在职人员总数 {total} 人，在编 {a} 人加其他 {b} 人为 {} 人",
                a + b
            ),
        ));
    }
}

/// Every indicator list of the package: (form name, period label, its funds total in 元, list).
fn indicator_loc(form: &str, period: &str, ind: &Indicator) -> Location {
    form_loc(
        form,
        &format!("{period}/{}/{}/{}", ind.level1, ind.level2, ind.name),
    )
}

/// An indicator that some F4 rule may report, with its parsed 指标值.
#[derive(Clone, Debug)]
pub struct IndicatorFacts<'a> {
    /// "整体" or the project's name.
    pub form: &'a str,
    pub period: &'static str,
    /// The period's 资金总额 in 元 (none for the 整体 form).
    pub funds: Option<Decimal>,
    pub indicator: &'a Indicator,
    pub value: IndicatorValue<'a>,
    /// A 成本指标.
    pub cost: bool,
}

/// One indicator list (a form's period) and which 一级指标 it lacks.
#[derive(Clone, Debug)]
pub struct ListFacts<'a> {
    pub form: &'a str,
    pub period: &'static str,
    pub missing: Vec<&'static str>,
}

/// Every indicator list of a package, and the indicators some F4 rule may report, parsed once
/// per check. Only those are kept: a county has tens of thousands of indicators, almost all
/// well formed, and the rules then read a short list instead of all of them four times.
#[derive(Clone, Debug, Default)]
pub struct Indicators<'a> {
    pub facts: Vec<IndicatorFacts<'a>>,
    pub lists: Vec<ListFacts<'a>>,
}

const LEVEL1: [&str; 3] = ["产出指标", "效益指标", "满意度指标"];

/// Parses the indicators of the project forms in `forms` (and of the 整体 form when
/// `overall`), in order.
pub fn indicator_facts(
    pkg: &crate::model::Package,
    overall: bool,
    forms: std::ops::Range<usize>,
) -> Indicators<'_> {
    let projects = pkg.project_forms.get(forms).unwrap_or(&[]);
    let mut lists_out = Vec::with_capacity(1 + 2 * projects.len());
    let mut out = Vec::new();
    // A package that publishes no 整体 form (上海) has no indicators to miss.
    let has_overall = pkg.overall_form != crate::model::OverallForm::default();
    let lists = (overall && has_overall)
        .then_some(("整体", "年度", None, pkg.overall_form.indicators.as_slice()))
        .into_iter()
        .chain(projects.iter().flat_map(|f| {
            [
                (
                    f.name.as_str(),
                    "实施期",
                    f.funds_period.total.value(),
                    f.indicators_period.as_slice(),
                ),
                (
                    f.name.as_str(),
                    "年度",
                    f.funds_year.total.value(),
                    f.indicators_year.as_slice(),
                ),
            ]
        }));
    for (form, period, funds, list) in lists {
        let mut seen = [false; 3];
        for ind in list {
            if let Some(k) = LEVEL1.iter().position(|l| *l == ind.level1) {
                seen[k] = true;
            }
            let value = indicator::parse(&ind.value);
            let (candidate, cost) = match &value {
                IndicatorValue::Qualitative(_) => (false, false),
                IndicatorValue::Empty | IndicatorValue::Unparsed(_) => (true, is_cost(ind)),
                IndicatorValue::Quantity {
                    comparator,
                    number,
                    unit,
                    ..
                } => {
                    let cost = is_cost(ind);
                    let bare = comparator.is_none() && unit.is_empty();
                    let over_100 = indicator::is_percent(unit) && *number > Decimal::ONE_HUNDRED;
                    let cost_issue = cost
                        && (unit.is_empty()
                            || match indicator::money_in_yuan(*number, unit) {
                                None => true,
                                Some(yuan) => funds.is_some_and(|t| yuan > t),
                            });
                    (bare || over_100 || cost_issue, cost)
                }
            };
            if candidate {
                out.push(IndicatorFacts {
                    form,
                    period,
                    funds,
                    indicator: ind,
                    value,
                    cost,
                });
            }
        }
        let missing: Vec<&'static str> = LEVEL1
            .iter()
            .zip(seen)
            .filter(|(_, s)| !s)
            .map(|(l, _)| *l)
            .collect();
        lists_out.push(ListFacts {
            form,
            period,
            missing,
        });
    }
    Indicators {
        facts: out,
        lists: lists_out,
    }
}

fn is_cost(ind: &Indicator) -> bool {
    ind.level2.contains("成本")
}

/// Whether an indicator is a rate (its percentage cannot exceed 100).
fn is_rate(ind: &Indicator) -> bool {
    let n = &ind.name;
    !n.contains("增长") && !n.contains("提高") && !n.contains("增加")
}

/// F4: a 指标值 that is neither comparator + number + unit nor a qualitative value.
pub fn f4_indicator_values(ctx: &Context, out: &mut Vec<Finding>) {
    for f in &ctx.indicators().facts {
        let bad = match &f.value {
            IndicatorValue::Unparsed(_) => true,
            IndicatorValue::Quantity {
                comparator, unit, ..
            } => {
                comparator.is_none()
                    && unit.is_empty()
                    && indicator::unit_in_name(&f.indicator.name).is_none()
            }
            IndicatorValue::Empty | IndicatorValue::Qualitative(_) => false,
        };
        if bad {
            let ind = f.indicator;
            out.push(finding(
                "F4",
                Severity::Warning,
                indicator_loc(f.form, f.period, ind),
                Some("比较符+数值+单位，或定性值".into()),
                Some(ind.value.clone()),
                format!(
                    "“{}”指标值“{}”既无比较符也无计量单位，无法判断目标",
                    ind.name, ind.value
                ),
            ));
        }
    }
}

/// F4.empty: a 三级指标 with no 指标值.
pub fn f4_empty_values(ctx: &Context, out: &mut Vec<Finding>) {
    for f in &ctx.indicators().facts {
        if f.value == IndicatorValue::Empty && !f.indicator.name.trim().is_empty() {
            out.push(finding(
                "F4.empty",
                Severity::Warning,
                indicator_loc(f.form, f.period, f.indicator),
                Some("指标值".into()),
                Some("（空）".into()),
                format!("{}指标“{}”未填写指标值", f.period, f.indicator.name),
            ));
        }
    }
}

/// F4.level1: each indicator list has the three 一级指标.
pub fn f4_level1(ctx: &Context, out: &mut Vec<Finding>) {
    for list in &ctx.indicators().lists {
        for level1 in &list.missing {
            out.push(finding(
                "F4.level1",
                Severity::Warning,
                form_loc(list.form, &format!("{}/{level1}", list.period)),
                Some(level1.to_string()),
                Some("（无）".into()),
                format!("{}绩效指标缺少一级指标“{level1}”", list.period),
            ));
        }
    }
}

/// F4.percent: a rate over 100%.
pub fn f4_percent(ctx: &Context, out: &mut Vec<Finding>) {
    for f in &ctx.indicators().facts {
        if f.cost {
            continue;
        }
        if let IndicatorValue::Quantity { number, unit, .. } = &f.value
            && indicator::is_percent(unit)
            && *number > Decimal::ONE_HUNDRED
            && is_rate(f.indicator)
        {
            let ind = f.indicator;
            out.push(finding(
                "F4.percent",
                Severity::Warning,
                indicator_loc(f.form, f.period, ind),
                Some("≤100%".into()),
                Some(ind.value.clone()),
                format!("“{}”为比率，指标值 {}% 超过 100%", ind.name, number),
            ));
        }
    }
}

/// F4.cost: a 成本指标 not in money, or more than the project's money for the period.
pub fn f4_cost(ctx: &Context, out: &mut Vec<Finding>) {
    for f in ctx.indicators().facts.iter().filter(|f| f.cost) {
        let IndicatorValue::Quantity { number, unit, .. } = &f.value else {
            continue;
        };
        let unit = if unit.is_empty() {
            indicator::unit_in_name(&f.indicator.name).unwrap_or("")
        } else {
            unit
        };
        if unit.is_empty() {
            // No unit at all is F4's finding already.
            continue;
        }
        let ind = f.indicator;
        let (form, period) = (f.form, f.period);
        match indicator::money_in_yuan(*number, unit) {
            None => out.push(finding(
                "F4.cost",
                Severity::Warning,
                indicator_loc(form, period, ind),
                Some("金额（元或万元）".into()),
                Some(ind.value.clone()),
                format!(
                    "成本指标“{}”的指标值“{}”不是金额（单位为“{}”）",
                    ind.name, ind.value, unit
                ),
            )),
            Some(cost) => {
                if let Some(total) = f.funds
                    && cost > total
                {
                    out.push(finding(
                        "F4.cost",
                        Severity::Warning,
                        indicator_loc(form, period, ind),
                        Some(format!("≤ {} 元", yuan(total))),
                        Some(ind.value.clone()),
                        format!(
                            "成本指标“{}”为 {} 元，超过{period}项目资金 {} 元",
                            ind.name,
                            yuan(cost),
                            yuan(total)
                        ),
                    ));
                }
            }
        }
    }
}
