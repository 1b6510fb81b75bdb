//! The generated 情况说明: the standard sentences of 第三部分 (sections 一–十二) with every figure
//! filled in from the tables, the 上年数, the 政府采购 and 国有资产 facts and the forms.
//!
//! Everything here is a pure function of the package. Figures are computed exactly with
//! `Decimal` and rounded only when written (to 0.01, half away from zero, as the published
//! tables and texts do). Reasons ("主要原因是…") cannot be computed: they are taken over from the
//! section's current text, so regenerating keeps what the user wrote about why.

use super::layout::{BlockDef, TableDef, TableKind};
use super::money::format_2dp;
use super::view::{BlockView, RowRole, TableView, table_view};
use super::{Amount, Package, Section, standard_sections};
use crate::catalog::Catalog;
use rust_decimal::{Decimal, RoundingStrategy};

/// The 绩效管理 project categories every package names, even with no project in them.
pub const STANDARD_CATEGORIES: [&str; 2] = ["其他运转类", "特定目标类"];

/// The vehicle categories of 十一 when the package lists none.
pub const STANDARD_VEHICLES: [&str; 7] = [
    "领导用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "事业单位业务用车",
    "其他公务用车",
];

/// Generates one section ("一" … "十二"); `None` for a number that is not a section.
/// A 自动 table is read with its computed cells, as the window shows it.
pub fn generate_section(pkg: &Package, catalog: &Catalog, number: &str) -> Option<String> {
    section_of(&super::derive::resolved(pkg, catalog), catalog, number)
}

fn section_of(pkg: &Package, catalog: &Catalog, number: &str) -> Option<String> {
    // The generator writes 山西's twelve sections: only a layout whose section of that number
    // means the same (same id) gets its text; 上海's sections are written by hand.
    let layout = pkg.layout();
    if layout.id != crate::model::layout::SHANXI_13_ID {
        let ours = layout.sections.iter().find(|d| d.number == number)?;
        let theirs = crate::model::layout::shanxi_13()
            .sections
            .iter()
            .find(|d| d.number == number)?;
        if ours.id != theirs.id {
            return None;
        }
    }
    let mut ctx = Ctx::new(pkg, catalog);
    ctx.section = number.to_string();
    let text = match number {
        "一" => ctx.section_1(),
        "二" => ctx.section_2(),
        "三" => ctx.section_3(),
        "四" => ctx.section_4(),
        "五" => ctx.section_5(),
        "六" => ctx.section_6(),
        "七" => ctx.section_7(),
        "八" => ctx.section_8(),
        "九" => ctx.section_9(),
        "十" => ctx.section_10(),
        "十一" => ctx.section_11(),
        "十二" => ctx.section_12(),
        _ => return None,
    };
    Some(text)
}

/// All twelve sections, with the package's titles where it has them and the standard ones
/// otherwise.
pub fn generate_all(pkg: &Package, catalog: &Catalog) -> Vec<Section> {
    if pkg.layout().id != crate::model::layout::SHANXI_13_ID {
        // Nothing to generate for another layout's sections: they stay as written.
        return pkg.explanation.clone();
    }
    let resolved = super::derive::resolved(pkg, catalog);
    standard_sections()
        .into_iter()
        .map(|mut s| {
            if let Some(own) = pkg.explanation.iter().find(|e| e.number == s.number)
                && !own.title.trim().is_empty()
            {
                s.title = own.title.clone();
            }
            s.text = section_of(&resolved, catalog, &s.number).unwrap_or_default();
            s
        })
        .collect()
}

/// A share in percent, rounded to 0.01 half away from zero; `None` when the whole is zero.
pub fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    // Checked: the text rules also call this with numbers read from the text, which may be far
    // larger than any amount a file may hold.
    let percent = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(round2(percent))
}

/// A year-on-year change against 上年数.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// 本年 − 上年, exact.
    pub amount: Decimal,
    /// |增减额| / 上年 in percent, rounded to 0.01; `None` when 上年 is zero.
    pub rate: Option<Decimal>,
}

impl Change {
    pub fn new(current: Decimal, prior: Decimal) -> Change {
        // Saturating: figures read from the text may be near the limit of a `Decimal`; such a
        // change is wrong anyway and must not bring the checker down.
        let amount = current.saturating_sub(prior);
        Change {
            amount,
            rate: share(amount.abs(), prior),
        }
    }

    /// 增加 / 减少 / 持平.
    pub fn amount_word(&self) -> &'static str {
        if self.amount.is_zero() {
            "持平"
        } else if self.amount.is_sign_positive() {
            "增加"
        } else {
            "减少"
        }
    }

    /// 增长 / 下降 (持平 when unchanged).
    pub fn rate_word(&self) -> &'static str {
        if self.amount.is_zero() {
            "持平"
        } else if self.amount.is_sign_positive() {
            "增长"
        } else {
            "下降"
        }
    }

    /// "比{against}增加X万元，增长Y%" or "与{against}持平".
    pub fn phrase(&self, against: &str) -> String {
        if self.amount.is_zero() {
            return format!("与{against}持平");
        }
        let mut s = format!(
            "比{against}{}{}万元",
            self.amount_word(),
            wan(self.amount.abs())
        );
        if let Some(r) = self.rate {
            s.push_str(&format!("，{}{}", self.rate_word(), pct(r)));
        }
        s
    }
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// 万元 as the texts write it: two decimals ("262.76", "168.00"), a zero as "0".
pub fn wan(d: Decimal) -> String {
    if round2(d).is_zero() {
        "0".into()
    } else {
        format_2dp(d)
    }
}

/// 万元 without ".00" for a whole amount ("168"), as 三 and 十(1) of the published text write it.
pub fn wan_short(d: Decimal) -> String {
    let r = round2(d);
    if r.fract().is_zero() {
        r.trunc().normalize().to_string()
    } else {
        format_2dp(r)
    }
}

/// A percentage with two decimals ("36.06%", "100.00%"), a zero as "0%".
pub fn pct(p: Decimal) -> String {
    if p.is_zero() {
        "0%".into()
    } else {
        format!("{}%", format_2dp(p))
    }
}

fn pct_short(p: Decimal) -> String {
    format!("{}%", wan_short(p))
}

/// "占X%" of a part in a whole; "占0%" when the whole is zero (nothing to share).
fn share_text(part: Decimal, whole: Decimal) -> String {
    format!("占{}", pct(share(part, whole).unwrap_or(Decimal::ZERO)))
}

/// The rates a text states after a direction word ("增长2.02%" → 2.02), in order.
fn stated_rates(text: &str, word: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        rest = &rest[i + word.len()..];
        let num: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if rest[num.len()..].starts_with('%')
            && let Ok(d) = num.parse::<Decimal>()
        {
            out.push(d);
        }
    }
    out
}

/// Whether a rate (percent, 2 decimals) is what |current − prior| / prior can be when both
/// figures are roundings to 0.01 of the true amounts.
fn rate_allowed(rate: Decimal, current: Decimal, prior: Decimal) -> bool {
    rate_bounds(current, prior).is_some_and(|(lo, hi)| rate >= lo && rate <= hi)
}

/// The interval of [`rate_allowed`], `None` when it cannot be computed (上年 not positive, or
/// figures too large for exact arithmetic).
fn rate_bounds(current: Decimal, prior: Decimal) -> Option<(Decimal, Decimal)> {
    let half = Decimal::new(5, 3);
    let diff = current.checked_sub(prior)?.abs();
    let (lo_prior, hi_prior) = (prior.checked_sub(half)?, prior.checked_add(half)?);
    if lo_prior <= Decimal::ZERO {
        return None;
    }
    let lo_diff = diff
        .checked_sub(half)?
        .checked_sub(half)?
        .max(Decimal::ZERO);
    let hundred = Decimal::ONE_HUNDRED;
    let lo = lo_diff.checked_mul(hundred)?.checked_div(hi_prior)?;
    let hi = diff
        .checked_add(half)?
        .checked_add(half)?
        .checked_mul(hundred)?
        .checked_div(lo_prior)?;
    Some((lo.checked_sub(half)?, hi.checked_add(half)?))
}

/// The reasons the current text of a section gives ("主要原因是…", "原因是…"), in order, each up
/// to the clause's end (；or 。). Regeneration puts them back where the sentences have them.
pub fn reasons(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("原因是") {
        let mut start = i;
        if rest[..i].ends_with("主要") {
            start = i - "主要".len();
        }
        let tail = &rest[i..];
        let end = tail
            .find(['；', '。', ';'])
            .map(|e| i + e)
            .unwrap_or(rest.len());
        let clause = rest[start..end].trim_end_matches(['，', ',']).trim();
        if clause.chars().count() > "原因是".chars().count() {
            out.push(clause.replace(',', "，"));
        }
        rest = &rest[end..];
    }
    out
}

/// One computed table, looked up by kind.
struct Tv {
    def: &'static TableDef,
    view: TableView,
}

impl Tv {
    fn block(&self, key: &str) -> Option<(&BlockDef, &BlockView)> {
        let i = self.def.blocks.iter().position(|b| b.key == key)?;
        Some((&self.def.blocks[i], self.view.blocks.get(i)?))
    }

    /// A cell of the row with this code or line key; zero when absent or empty.
    fn cell(&self, block: &str, row: &str, col: &str) -> Decimal {
        self.block(block)
            .and_then(|(b, v)| v.find(row).map(|r| r.cell(b, col).or_zero()))
            .unwrap_or(Decimal::ZERO)
    }

    /// A cell of the block's total row.
    fn total(&self, block: &str, col: &str) -> Decimal {
        self.block(block)
            .and_then(|(b, v)| v.total().map(|r| r.cell(b, col).or_zero()))
            .unwrap_or(Decimal::ZERO)
    }
}

struct Ctx<'a> {
    pkg: &'a Package,
    catalog: &'a Catalog,
    year: i32,
    dept: &'a str,
    /// The section being generated, whose current text may hold figures to keep.
    section: String,
}

impl<'a> Ctx<'a> {
    fn new(pkg: &'a Package, catalog: &'a Catalog) -> Self {
        Ctx {
            pkg,
            catalog,
            year: pkg.year,
            dept: pkg.department.name.as_str(),
            section: String::new(),
        }
    }

    fn table(&self, kind: TableKind) -> Option<Tv> {
        let def = self.pkg.layout().table_of_kind(kind)?;
        Some(Tv {
            def,
            view: table_view(self.pkg, self.catalog, def),
        })
    }

    fn current_text(&self, number: &str) -> &str {
        self.pkg
            .explanation
            .iter()
            .find(|s| s.number == number)
            .map(|s| s.text.as_str())
            .unwrap_or("")
    }

    /// The change against a 上年数, or nothing when the 上年数 was not given.
    fn change(&self, current: Decimal, prior: Amount, against: &str) -> Option<String> {
        let p = prior.value()?;
        let mut c = Change::new(current, p);
        // A rate the section already states is kept when the rounding of the two 万元 figures
        // allows it: publishers compute rates from 元 (八's 2.02% for 0.08 / 3.95 万元), and
        // regenerating must not turn a right figure into a different right figure.
        if let Some(stated) = stated_rates(self.current_text(&self.section), c.rate_word())
            .into_iter()
            .find(|r| rate_allowed(*r, current, p))
        {
            c.rate = Some(stated);
        }
        Some(c.phrase(against))
    }

    /// The 类 of a function-code block with a non-zero amount in `col`: (name, amount).
    fn classes(&self, tv: &Tv, block: &str, col: &str) -> Vec<(String, Decimal)> {
        let Some((b, v)) = tv.block(block) else {
            return Vec::new();
        };
        v.rows
            .iter()
            .filter(|r| r.role != RowRole::Total && r.code.len() == 3)
            .filter(|r| r.code.bytes().all(|c| c.is_ascii_digit()))
            .filter_map(|r| {
                let amount = r.cell(b, col).or_zero();
                if amount.is_zero() {
                    return None;
                }
                let name = self
                    .catalog
                    .name(
                        crate::model::layout::CodeScheme::Function,
                        self.year,
                        &r.code,
                    )
                    .map(str::to_string)
                    .unwrap_or_else(|| strip_numbering(&r.label).to_string());
                Some((name, amount))
            })
            .collect()
    }

    fn section_1(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let reasons = reasons(self.current_text("一"));
        let t1 = self.table(TableKind::BudgetSummary);
        let (inc_total, inc_year, inc_carry, exp_total, exp_year, exp_carry) = match &t1 {
            Some(t) => (
                t.cell("income", "grand_total", "amount"),
                t.cell("income", "year_total", "amount"),
                t.cell("income", "carryover", "amount"),
                t.cell("expenditure", "grand_total", "total"),
                t.cell("expenditure", "year_total", "current"),
                t.cell("expenditure", "year_total", "carryover"),
            ),
            None => Default::default(),
        };
        let prior = &self.pkg.facts.prior_year;
        let mut inc = format!(
            "{y}年度{d}预算收入总计{}万元，其中：本年收入{}万元，上年结转{}万元",
            wan(inc_total),
            wan(inc_year),
            wan(inc_carry)
        );
        if let Some(c) = self.change(inc_total, prior.income_total, "上年") {
            inc.push('，');
            inc.push_str(&c);
        }
        if let Some(r) = reasons.first() {
            inc.push('，');
            inc.push_str(r);
        }
        let mut exp = format!(
            "本年部门预算支出总计{}万元，其中：本年预算安排{}万元，上年结转{}万元",
            wan(exp_total),
            wan(exp_year),
            wan(exp_carry)
        );
        if let Some(c) = self.change(exp_total, prior.expenditure_total, "上年") {
            exp.push('，');
            exp.push_str(&c);
        }
        if let Some(r) = reasons.get(1).or(reasons.first()) {
            exp.push('，');
            exp.push_str(r);
        }
        format!("{inc}；{exp}。")
    }

    fn section_2(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let get = |line: &str| {
            self.table(TableKind::BudgetSummary)
                .map(|t| t.cell("income", line, "amount"))
                .unwrap_or_default()
        };
        let total = get("grand_total");
        let parts = [
            ("一般公共预算拨款收入", get("general")),
            ("政府性基金预算拨款收入", get("fund")),
            ("国有资本经营预算拨款收入", get("capital")),
            ("财政专户管理资金收入", get("special")),
            ("单位资金", get("unit")),
            ("上年结转", get("carryover")),
        ];
        let list: Vec<String> = parts
            .iter()
            .map(|(name, v)| format!("{name}{}万元，{}", wan(*v), share_text(*v, total)))
            .collect();
        format!(
            "{y}年度{d}预算收入{}万元，主要包括{}。",
            wan(total),
            list.join("；")
        )
    }

    fn section_3(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let t3 = self.table(TableKind::ExpenditureSummary);
        let get = |c: &str| t3.as_ref().map(|t| t.total("main", c)).unwrap_or_default();
        let (total, basic, project) = (get("total"), get("basic"), get("project"));
        // With last year's 基本/项目 known (a package made from last year's), each says how it
        // changed.
        let prior = &self.pkg.facts.prior_year;
        let changed = |now: Decimal, before: Amount| {
            self.change(now, before, "上年")
                .map(|c| format!("，{c}"))
                .unwrap_or_default()
        };
        let (basic_change, project_change) =
            (changed(basic, prior.basic), changed(project, prior.project));
        // A change word belongs to the first amount of its clause: with changes stated, the
        // parts start a sentence of their own, so that 基本支出's change is not read as the
        // total's.
        let then = if basic_change.is_empty() && project_change.is_empty() {
            "，"
        } else {
            "。"
        };
        format!(
            "{y}年度{d}支出预算{}万元{then}其中：基本支出{}万元，{}{basic_change}；项目支出{}万元，{}{project_change}。",
            wan_short(total),
            wan_short(basic),
            share_text(basic, total),
            wan_short(project),
            share_text(project, total),
        )
    }

    fn section_4(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let t4 = self.table(TableKind::FiscalSummary);
        let get = |line: &str| {
            t4.as_ref()
                .map(|t| t.cell("income", line, "amount"))
                .unwrap_or_default()
        };
        let general = get("general") + get("carryover_general");
        let fund = get("fund") + get("carryover_fund");
        let capital = get("capital") + get("carryover_capital");
        let mut s = format!(
            "{y}年度{d}财政拨款收支总预算{}万元。其中：一般公共预算拨款{}万元，政府性基金预算拨款{}万元，国有资本经营预算拨款{}万元。其中：当年拨款收入{}万元，上年结转收入{}万元。",
            wan(get("grand_total")),
            wan(general),
            wan(fund),
            wan(capital),
            wan(get("year_total")),
            wan(get("carryover"))
        );
        let classes = t4
            .as_ref()
            .map(|t| self.classes(t, "expenditure", "total"))
            .unwrap_or_default();
        if !classes.is_empty() {
            let list: Vec<String> = classes
                .iter()
                .map(|(n, v)| format!("{n}{}万元", wan(*v)))
                .collect();
            s.push_str(&format!("支出包括：{}等。", list.join("、")));
        }
        s
    }

    fn section_5(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let t5 = self.table(TableKind::GeneralExpenditure);
        let total = t5
            .as_ref()
            .map(|t| t.total("main", "total"))
            .unwrap_or_default();
        let mut scale = format!("{y}年度{d}一般公共预算当年支出{}万元", wan(total));
        if let Some(c) = self.change(total, self.pkg.facts.prior_year.general_expenditure, "上年")
        {
            scale.push('，');
            scale.push_str(&c);
        }
        let classes = t5
            .as_ref()
            .map(|t| self.classes(t, "main", "total"))
            .unwrap_or_default();
        let list: Vec<String> = classes
            .iter()
            .map(|(n, v)| format!("{n}{}万元，{}", wan(*v), share_text(*v, total)))
            .collect();
        let mut structure = format!("{y}年度{d}一般公共预算当年支出{}万元", wan(total));
        if !list.is_empty() {
            structure.push_str(&format!("，主要用于以下方面：{}", list.join("；")));
        }
        format!(
            "（一）一般公共预算当年支出规模变化情况\n{scale}。\n（二）一般公共预算当年支出结构情况\n{structure}。"
        )
    }

    fn section_6(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let t6 = self.table(TableKind::BasicByEconomic);
        let get = |c: &str| t6.as_ref().map(|t| t.total("main", c)).unwrap_or_default();
        let lines = |col: &str| -> Vec<String> {
            let Some((b, v)) = t6.as_ref().and_then(|t| t.block("main")) else {
                return Vec::new();
            };
            v.rows
                .iter()
                .filter(|r| r.role == RowRole::Leaf && !r.cell(b, col).or_zero().is_zero())
                .map(|r| r.label.clone())
                .collect()
        };
        let listing = |names: Vec<String>| {
            if names.is_empty() {
                String::new()
            } else {
                format!("，主要包括：{}等", names.join("、"))
            }
        };
        format!(
            "{y}年度{d}一般公共预算安排基本支出{}万元，其中：人员经费{}万元{}；公用经费{}万元{}。",
            wan(get("total")),
            wan(get("personnel")),
            listing(lines("personnel")),
            wan(get("public")),
            listing(lines("public"))
        )
    }

    fn section_7(&self) -> String {
        let y = self.year;
        let t10 = self.table(TableKind::ThreePublic);
        let get = |line: &str| {
            t10.as_ref()
                .map(|t| t.cell("main", line, "total"))
                .unwrap_or_default()
        };
        let p = &self.pkg.facts.prior_year;
        let prior_parts = [p.abroad, p.reception, p.vehicle_purchase, p.vehicle_running];
        let prior_total = super::money::sum_cells(prior_parts);
        let total = get("total");
        if total.is_zero() && prior_total.or_zero().is_zero() {
            return "本部门无“三公”经费预算。".into();
        }
        let against = format!("{}年预算", y - 1);
        let with_change =
            |head: String, cur: Decimal, prior: Amount| match self.change(cur, prior, &against) {
                Some(c) => format!("{head}，{c}"),
                None => head,
            };
        let vehicles_prior = super::money::sum_cells([p.vehicle_purchase, p.vehicle_running]);
        let parts = [
            with_change(
                format!("因公出国（境）费{}万元", wan(get("abroad"))),
                get("abroad"),
                p.abroad,
            ),
            with_change(
                format!("公务接待费{}万元", wan(get("reception"))),
                get("reception"),
                p.reception,
            ),
            with_change(
                format!(
                    "公务用车购置及运行费{}万元（其中：公务用车购置费{}万元，公务用车运行维护费{}万元）",
                    wan(get("vehicles")),
                    wan(get("vehicle_purchase")),
                    wan(get("vehicle_running"))
                ),
                get("vehicles"),
                vehicles_prior,
            ),
        ];
        let mut s = with_change(
            format!("本部门{y}年“三公”经费财政拨款预算{}万元", wan(total)),
            total,
            prior_total,
        );
        if let Some(r) = reasons(self.current_text("七")).first() {
            s.push('，');
            s.push_str(r);
        }
        format!("{s}。其中：{}。", parts.join("；"))
    }

    fn section_8(&self) -> String {
        let y = self.year;
        let t11 = self.table(TableKind::OperatingCost);
        let (total, units): (Decimal, Vec<String>) = match t11.as_ref().and_then(|t| {
            let (b, v) = t.block("main")?;
            let total = v.total().map(|r| r.cell(b, "total").or_zero())?;
            let units = v
                .rows
                .iter()
                .filter(|r| r.role == RowRole::Leaf)
                .map(|r| r.label.clone())
                .collect();
            Some((total, units))
        }) {
            Some(x) => x,
            None => (Decimal::ZERO, Vec::new()),
        };
        let prior = self.pkg.facts.prior_year.operating_cost;
        if units.is_empty() && total.is_zero() && prior.or_zero().is_zero() {
            return format!("本部门{y}年无机关运行经费财政拨款预算。");
        }
        let kinds: Vec<_> = units
            .iter()
            .map(|u| {
                self.pkg
                    .overview
                    .units
                    .iter()
                    .find(|o| &o.name == u)
                    .map(|o| o.kind)
                    .unwrap_or_default()
            })
            .collect();
        let kind_label = if kinds.iter().all(|k| *k == super::UnitKind::Administrative) {
            "行政单位"
        } else {
            "行政单位（含参照公务员法管理的事业单位）"
        };
        let mut s = format!(
            "本部门{y}年所属{}家{kind_label}机关运行经费财政拨款预算{}万元",
            units.len(),
            wan(total)
        );
        if let Some(c) = self.change(total, prior, &format!("{}年预算", y - 1)) {
            s.push('，');
            s.push_str(&c);
        }
        if let Some(r) = reasons(self.current_text("八")).first() {
            s.push('，');
            s.push_str(r);
        }
        s.push('。');
        s
    }

    fn section_9(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let p = &self.pkg.facts.procurement;
        let parts = [p.goods, p.works, p.services];
        // The total is the sum of its parts whenever parts are given, so the sentence always
        // adds up; a bare total is used only when no part was entered.
        let total = if parts.iter().all(|a| a.is_empty()) {
            p.total.or_zero()
        } else {
            parts.iter().map(|a| a.or_zero()).sum()
        };
        let changed = self
            .change(total, self.pkg.facts.prior_year.procurement, "上年")
            .map(|c| format!("，{c}"))
            .unwrap_or_default();
        format!(
            "{y}年{d}政府采购预算总额{}万元{changed}。其中：政府采购货物预算{}万元、政府采购工程预算{}万元、政府采购服务预算{}万元。",
            wan(total),
            wan(p.goods.or_zero()),
            wan(p.works.or_zero()),
            wan(p.services.or_zero())
        )
    }

    fn section_10(&self) -> String {
        let y = self.year;
        let d = self.dept;
        let t3 = self.table(TableKind::ExpenditureSummary);
        let get = |c: &str| t3.as_ref().map(|t| t.total("main", c)).unwrap_or_default();
        let (total, basic, project) = (get("total"), get("basic"), get("project"));
        let unit_count = if self.pkg.overview.units.is_empty() {
            self.pkg.overall_form.budget_units.unwrap_or(1) as usize
        } else {
            self.pkg.overview.units.len()
        };
        let reporting = self.pkg.facts.performance.units_with_overall_target;
        let overall = format!(
            "{y}年编报部门整体支出绩效目标，涉及部门预算资金{}万元，其中基本支出{}万元，项目支出{}万元；机关及下属预算单位{unit_count}个，其中{reporting}个单位（包括机关）编报了单位整体绩效目标，涉及资金{}万元。",
            wan_short(total),
            wan_short(basic),
            wan_short(project),
            wan_short(total)
        );

        // Projects of table 12 with their category (from their form) and whether a form exists.
        let mut projects: Vec<(String, Decimal, bool)> = Vec::new();
        if let Some(t12) = self.table(TableKind::ProjectsCurrent)
            && let Some((b, v)) = t12.block("main")
        {
            for r in v.rows.iter().filter(|r| r.role == RowRole::Leaf) {
                let form = self.pkg.project_form(&r.label);
                let category = form
                    .map(|f| f.category.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| "未分类".to_string());
                projects.push((category, r.cell(b, "total").or_zero(), form.is_some()));
            }
        }
        let mut categories: Vec<String> =
            STANDARD_CATEGORIES.iter().map(|c| c.to_string()).collect();
        for (c, _, _) in &projects {
            if !categories.contains(c) {
                categories.push(c.clone());
            }
        }
        let summary = |only_published: bool, noun: &str| -> String {
            categories
                .iter()
                .map(|c| {
                    let of: Vec<&(String, Decimal, bool)> = projects
                        .iter()
                        .filter(|p| &p.0 == c && (!only_published || p.2))
                        .collect();
                    let sum: Decimal = of.iter().map(|p| p.1).sum();
                    format!("{c}项目{}个，涉及{noun}{}万元", of.len(), wan(sum))
                })
                .collect::<Vec<_>>()
                .join("；")
        };
        let all_sum: Decimal = projects.iter().map(|p| p.1).sum();
        let published: Vec<&(String, Decimal, bool)> = projects.iter().filter(|p| p.2).collect();
        let published_sum: Decimal = published.iter().map(|p| p.1).sum();
        let published_share = share(published_sum, all_sum)
            .map(pct_short)
            .unwrap_or_else(|| "0%".into());
        let project_text = format!(
            "{y}年{d}纳入绩效目标管理的二级项目{}个，共计金额{}万元。其中：{}。公开项目绩效目标{}个，涉及项目金额{}万元，占部门（单位）项目支出总额的{published_share}。其中：{}。",
            projects.len(),
            wan(all_sum),
            summary(false, "金额"),
            published.len(),
            wan(published_sum),
            summary(true, "项目金额")
        );
        format!(
            "1、整体绩效目标\n{overall}\n（部门（单位）整体目标表公开情况见附件）\n2、项目绩效目标\n{project_text}\n（项目绩效目标表公开情况见附件）"
        )
    }

    fn section_11(&self) -> String {
        let d = self.dept;
        let a = &self.pkg.facts.assets;
        let as_of = if a.as_of.trim().is_empty() {
            format!("{}年12月31日", self.year - 1)
        } else {
            a.as_of.trim().to_string()
        };
        let vehicles: Vec<String> = if a.vehicles.is_empty() {
            STANDARD_VEHICLES
                .iter()
                .map(|c| format!("{c}0辆"))
                .collect()
        } else {
            a.vehicles
                .iter()
                .map(|v| format!("{}{}辆", v.category, v.count))
                .collect()
        };
        format!(
            "1、车辆情况：\n截至{as_of}，{d}共有公务用车编制{}辆，实有{}辆，其中：{}。\n2、房屋情况：\n截至{as_of}，{d}使用的办公用房建筑总面积{}平方米。\n3、其他国有资产占有使用情况：\n截至{as_of}，{d}占有使用价值50万元（原值）以上的通用设备{}台（套）；{d}占有使用价值100万元（原值）以上的通用设备{}台（套）。",
            a.vehicle_quota,
            a.vehicles_total(),
            vehicles.join("，"),
            wan_short(a.office_area.or_zero()),
            a.equipment_over_50,
            a.equipment_over_100
        )
    }

    /// 其他说明 holds no figures: the user's text is kept, an empty one gets the standard headings.
    fn section_12(&self) -> String {
        let own = self.current_text("十二");
        if own.trim().is_empty() {
            "（一）政府购买服务指导性目录\n无\n（二）其他\n无".into()
        } else {
            own.to_string()
        }
    }
}

/// "一、一般公共服务支出" → "一般公共服务支出".
fn strip_numbering(label: &str) -> &str {
    match label.split_once('、') {
        Some((head, tail)) if head.chars().all(|c| "一二三四五六七八九十".contains(c)) => {
            tail
        }
        _ => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(share(dec("94.76"), dec("262.76")), Some(dec("36.06")));
        assert_eq!(share(dec("168"), dec("262.76")), Some(dec("63.94")));
        assert_eq!(share(dec("1"), dec("8")), Some(dec("12.50")));
        assert_eq!(share(dec("1"), dec("800")), Some(dec("0.13")));
        assert_eq!(share(dec("1"), dec("0")), None);
    }

    #[test]
    fn changes_name_their_direction() {
        let c = Change::new(dec("262.76"), dec("280.61"));
        assert_eq!(c.phrase("上年"), "比上年减少17.85万元，下降6.36%");
        let c = Change::new(dec("4.03"), dec("3.95"));
        assert_eq!(
            c.phrase("2025年预算"),
            "比2025年预算增加0.08万元，增长2.03%"
        );
        assert_eq!(
            Change::new(dec("5"), dec("5.00")).phrase("2025年预算"),
            "与2025年预算持平"
        );
        assert_eq!(
            Change::new(dec("5"), dec("0")).phrase("上年"),
            "比上年增加5.00万元"
        );
    }

    #[test]
    fn amounts_are_written_as_published() {
        assert_eq!(wan(dec("168")), "168.00");
        assert_eq!(wan(dec("0.00")), "0");
        assert_eq!(wan_short(dec("168.00")), "168");
        assert_eq!(wan_short(dec("262.76")), "262.76");
        assert_eq!(wan_short(dec("500")), "500");
        assert_eq!(pct(dec("100")), "100.00%");
        assert_eq!(pct(dec("0")), "0%");
    }

    #[test]
    fn reasons_are_taken_from_the_current_text() {
        let t = "比上年减少17.85万元，下降6.36%，主要原因是甲和乙减少；本年…，主要原因是丙。";
        assert_eq!(reasons(t), vec!["主要原因是甲和乙减少", "主要原因是丙"]);
        let t = "增长2.02%,原因是人员变动,机关运行经费随之变动。";
        assert_eq!(reasons(t), vec!["原因是人员变动，机关运行经费随之变动"]);
        assert!(reasons("无原因").is_empty());
    }

    #[test]
    fn class_labels_lose_their_numbering() {
        assert_eq!(strip_numbering("二十、住房保障支出"), "住房保障支出");
        assert_eq!(strip_numbering("住房保障支出"), "住房保障支出");
    }
}
