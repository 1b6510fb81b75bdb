//! Rules between the data and the written explanation (N1–N6).
//!
//! Each 情况说明 section is parsed into claims: amounts ("94.76万元"), shares ("占36.06%"),
//! changes ("减少17.85万元", "下降6.36%"), counts ("3个", "0辆") and years ("2025年"). An amount
//! or count is tied to the label it follows through an explicit table of Chinese phrases
//! ([`PHRASES`]) that names the figure of the data it quotes; shares and changes are recomputed
//! from the figures they relate. Percentages are compared with the interval that the rounding of
//! their inputs (to 0.01) allows, so a correctly rounded published percentage is never an error.

use super::{Context, Finding, Fix, Location, Severity, finding, tail_note};
use crate::model::edit::Edit;
use crate::model::layout::TableKind;
use crate::model::money::format_2dp;
use crate::model::view::RowRole;
use rust_decimal::Decimal;
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------
// Claims

/// What a quoted number measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// …万元
    Money,
    /// …%
    Percent,
    /// …个, 家, 辆, 台（套）, 平方米
    Count(&'static str),
    /// a four-digit year followed by 年
    Year,
}

/// How a number relates to its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// 占…x%: a share of a base.
    Share,
    /// 增加/减少 x: +1 or -1.
    Change(i8),
    /// 价值50万元（原值）以上: a threshold, not an amount of the budget.
    Threshold,
}

/// A number quoted in a section.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim<'t> {
    /// Byte range of the number as written.
    pub start: usize,
    pub num_end: usize,
    /// Byte index after the unit.
    pub end: usize,
    pub written: &'t str,
    pub value: Decimal,
    /// Decimal places as written ("168" → 0, "36.06" → 2).
    pub scale: u32,
    pub kind: Kind,
    pub role: Role,
    /// Byte range of the direction word of a change.
    pub word: Option<(usize, usize)>,
    /// For a share: the words between 占 and the number ("部门（单位）项目支出总额的").
    pub share_base: &'t str,
}

const COUNT_UNITS: [&str; 7] = ["台（套）", "台(套)", "平方米", "个", "家", "辆", "台"];
const CLAUSE_BREAKS: [char; 9] = ['，', ',', '；', ';', '。', '：', ':', '\n', '、'];
const UP: [&str; 4] = ["增加", "增长", "上升", "提高"];
const DOWN: [&str; 3] = ["减少", "下降", "降低"];

/// Finds every claim in a text, in order.
pub fn claims(text: &str) -> Vec<Claim<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let prev_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
        if !(b.is_ascii_digit() && prev_ok) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
            j += 1;
        }
        // A trailing dot is punctuation, not a decimal point.
        let mut num_end = j;
        while num_end > i && bytes[num_end - 1] == b'.' {
            num_end -= 1;
        }
        let written = &text[i..num_end];
        let next = j;
        let Ok(value) = Decimal::from_str(written) else {
            i = next;
            continue;
        };
        let after_ws = text[num_end..].trim_start_matches([' ', '\u{a0}', '\u{3000}']);
        let unit_at = text.len() - after_ws.len();
        let (kind, unit_len) = if after_ws.starts_with("万元") {
            (Some(Kind::Money), "万元".len())
        } else if after_ws.starts_with('%') || after_ws.starts_with('％') {
            (
                Some(Kind::Percent),
                after_ws.chars().next().map_or(1, char::len_utf8),
            )
        } else if after_ws.starts_with('年')
            && written.len() == 4
            && !written.contains('.')
            && (1900..=2199).contains(&written.parse::<u32>().unwrap_or(0))
        {
            (Some(Kind::Year), '年'.len_utf8())
        } else if let Some(u) = COUNT_UNITS.iter().find(|u| after_ws.starts_with(*u)) {
            (Some(Kind::Count(u)), u.len())
        } else {
            (None, 0)
        };
        let Some(kind) = kind else {
            i = next;
            continue;
        };
        let clause_start = text[..i]
            .rfind(CLAUSE_BREAKS)
            .map(|p| p + text[p..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let clause = &text[clause_start..i];
        let trimmed = clause.trim_end();
        let mut role = Role::Plain;
        let mut word = None;
        let mut share_base = "";
        if matches!(kind, Kind::Money | Kind::Percent) {
            if let Some(p) = clause.rfind('占') {
                role = Role::Share;
                share_base = &clause[p + '占'.len_utf8()..];
            }
            for (list, sign) in [(&UP[..], 1i8), (&DOWN[..], -1i8)] {
                for w in list {
                    if trimmed.ends_with(w) {
                        let ws = clause_start + trimmed.len() - w.len();
                        role = Role::Change(sign);
                        word = Some((ws, ws + w.len()));
                    }
                }
            }
            if kind == Kind::Money && trimmed.ends_with("价值") {
                role = Role::Threshold;
            }
        }
        let scale = written.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        out.push(Claim {
            start: i,
            num_end,
            end: unit_at + unit_len,
            written,
            value,
            scale,
            kind,
            role,
            word,
            share_base,
        });
        i = unit_at + unit_len;
    }
    out
}

/// Start of the segment (after the last 。；;) that contains `pos`.
fn segment_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .rfind(['。', '；', ';'])
        .map(|p| p + text[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0)
}

/// Start of the sentence (after the last 。) that contains `pos`.
fn sentence_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .rfind('。')
        .map(|p| p + '。'.len_utf8())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Figures: what a label names in the data

/// A figure of the data that a label of the text names.
#[derive(Clone, Debug, PartialEq)]
pub enum Fig {
    /// A fixed line's cell: table kind, block, line key, column.
    Line(TableKind, &'static str, &'static str, &'static str),
    /// A cell of a block's 合计 row.
    Total(TableKind, &'static str, &'static str),
    /// A function 类, in the table its section describes.
    Class(String),
    Procurement(u8),
    /// 上年数 (facts): 0 income, 1 expenditure, 2 一般公共预算, 3 机关运行经费, 4 三公 total.
    Prior(u8),
    ProjectsTotal,
    ProjectsOfCategory(&'static str),
    ProjectsWithForms,
    ProjectCount,
    ProjectCountOfCategory(&'static str),
    FormCount,
    UnitCount,
    AdminUnitCount,
    UnitsWithTarget,
    VehicleQuota,
    VehicleTotal,
    VehicleCategory(String),
    OfficeArea,
    /// 通用设备 over the last threshold quoted before it.
    Equipment,
}

impl Fig {
    /// The rule that owns a figure: the 绩效管理 figures belong to N3, the rest to N1.
    fn rule(&self) -> &'static str {
        match self {
            Fig::ProjectsTotal
            | Fig::ProjectsOfCategory(_)
            | Fig::ProjectsWithForms
            | Fig::ProjectCount
            | Fig::ProjectCountOfCategory(_)
            | Fig::FormCount
            | Fig::UnitsWithTarget => "N3",
            _ => "N1",
        }
    }

    /// The figure of last year that a change of this figure compares with.
    fn prior(&self) -> Option<Fig> {
        Some(match self {
            Fig::Line(TableKind::BudgetSummary, "income", "grand_total", _) => Fig::Prior(0),
            Fig::Line(TableKind::BudgetSummary, "expenditure", "grand_total", _) => Fig::Prior(1),
            Fig::Total(TableKind::GeneralExpenditure, _, "total") => Fig::Prior(2),
            Fig::Total(TableKind::OperatingCost, _, "total") => Fig::Prior(3),
            Fig::Line(TableKind::ThreePublic, "main", "total", _) => Fig::Prior(4),
            _ => return None,
        })
    }
}

/// A phrase of the text and the figure it names.
#[derive(Clone, Debug)]
pub struct Phrase {
    pub text: String,
    pub fig: Fig,
    /// The segment before the number must contain this (e.g. 支出 for the 上年结转 of spending).
    pub context: Option<&'static str>,
    /// Sections where the phrase has this meaning; empty for all.
    pub sections: &'static [&'static str],
}

use TableKind as K;

type Entry = (
    &'static str,
    Fig,
    Option<&'static str>,
    &'static [&'static str],
);

/// The fixed phrases. Where one phrase contains another, the one ending nearer the number
/// wins, then the longer one, then the first listed (so context-bound entries come first).
#[rustfmt::skip]
pub fn fixed_phrases() -> Vec<Entry> {
    vec![
        // 一 / 二: table 1
        ("预算收入总计", Fig::Line(K::BudgetSummary, "income", "grand_total", "amount"), None, &[]),
        ("收入总计", Fig::Line(K::BudgetSummary, "income", "grand_total", "amount"), None, &[]),
        ("预算收入", Fig::Line(K::BudgetSummary, "income", "grand_total", "amount"), None, &[]),
        ("本年收入", Fig::Line(K::BudgetSummary, "income", "year_total", "amount"), None, &[]),
        ("上年结转", Fig::Line(K::BudgetSummary, "expenditure", "year_total", "carryover"), Some("支出"), &[]),
        ("上年结转", Fig::Line(K::BudgetSummary, "income", "carryover", "amount"), None, &[]),
        ("支出总计", Fig::Line(K::BudgetSummary, "expenditure", "grand_total", "total"), None, &[]),
        ("本年预算安排", Fig::Line(K::BudgetSummary, "expenditure", "year_total", "current"), None, &[]),
        ("一般公共预算拨款收入", Fig::Line(K::BudgetSummary, "income", "general", "amount"), None, &[]),
        ("一般公共预算收入", Fig::Line(K::BudgetSummary, "income", "general", "amount"), None, &[]),
        ("政府性基金预算拨款收入", Fig::Line(K::BudgetSummary, "income", "fund", "amount"), None, &[]),
        ("政府性基金预算收入", Fig::Line(K::BudgetSummary, "income", "fund", "amount"), None, &[]),
        ("国有资本经营预算拨款收入", Fig::Line(K::BudgetSummary, "income", "capital", "amount"), None, &[]),
        ("国有资本经营预算收入", Fig::Line(K::BudgetSummary, "income", "capital", "amount"), None, &[]),
        ("财政专户管理资金收入", Fig::Line(K::BudgetSummary, "income", "special", "amount"), None, &[]),
        ("财政专户管理资金", Fig::Line(K::BudgetSummary, "income", "special", "amount"), None, &[]),
        ("单位资金", Fig::Line(K::BudgetSummary, "income", "unit", "amount"), None, &[]),
        // 三 / 十: table 3
        ("支出预算", Fig::Total(K::ExpenditureSummary, "main", "total"), None, &[]),
        ("部门预算资金", Fig::Total(K::ExpenditureSummary, "main", "total"), None, &[]),
        ("单位整体绩效目标", Fig::Total(K::ExpenditureSummary, "main", "total"), None, &[]),
        ("基本支出", Fig::Total(K::BasicByEconomic, "main", "total"), None, &["六"]),
        ("基本支出", Fig::Total(K::ExpenditureSummary, "main", "basic"), None, &[]),
        ("项目支出", Fig::Total(K::ExpenditureSummary, "main", "project"), None, &[]),
        // 四: table 4
        ("财政拨款收支总预算", Fig::Line(K::FiscalSummary, "income", "grand_total", "amount"), None, &[]),
        ("财政拨款收支总体预算", Fig::Line(K::FiscalSummary, "income", "grand_total", "amount"), None, &[]),
        ("一般公共预算拨款", Fig::Line(K::FiscalSummary, "income", "general", "amount"), None, &[]),
        ("政府性基金预算拨款", Fig::Line(K::FiscalSummary, "income", "fund", "amount"), None, &[]),
        ("国有资本经营预算拨款", Fig::Line(K::FiscalSummary, "income", "capital", "amount"), None, &[]),
        ("当年拨款收入", Fig::Line(K::FiscalSummary, "income", "year_total", "amount"), None, &[]),
        ("上年结转收入", Fig::Line(K::FiscalSummary, "income", "carryover", "amount"), None, &[]),
        // 五: table 5
        ("一般公共预算当年支出", Fig::Total(K::GeneralExpenditure, "main", "total"), None, &[]),
        ("一般公共预算支出", Fig::Total(K::GeneralExpenditure, "main", "total"), None, &[]),
        // 六: table 6
        ("人员经费", Fig::Total(K::BasicByEconomic, "main", "personnel"), None, &[]),
        ("公用经费", Fig::Total(K::BasicByEconomic, "main", "public"), None, &[]),
        // 七: table 10
        ("“三公”经费", Fig::Line(K::ThreePublic, "main", "total", "total"), None, &[]),
        ("\"三公\"经费", Fig::Line(K::ThreePublic, "main", "total", "total"), None, &[]),
        ("三公经费", Fig::Line(K::ThreePublic, "main", "total", "total"), None, &[]),
        ("因公出国（境）费", Fig::Line(K::ThreePublic, "main", "abroad", "total"), None, &[]),
        ("因公出国(境)费", Fig::Line(K::ThreePublic, "main", "abroad", "total"), None, &[]),
        ("公务接待费", Fig::Line(K::ThreePublic, "main", "reception", "total"), None, &[]),
        ("公务用车购置及运行费", Fig::Line(K::ThreePublic, "main", "vehicles", "total"), None, &[]),
        ("公务用车购置费", Fig::Line(K::ThreePublic, "main", "vehicle_purchase", "total"), None, &[]),
        ("公务用车运行维护费", Fig::Line(K::ThreePublic, "main", "vehicle_running", "total"), None, &[]),
        ("公务用车运行费", Fig::Line(K::ThreePublic, "main", "vehicle_running", "total"), None, &[]),
        // 八: table 11
        ("机关运行经费", Fig::Total(K::OperatingCost, "main", "total"), None, &[]),
        // 九: facts
        ("政府采购预算总额", Fig::Procurement(0), None, &[]),
        ("政府采购货物预算", Fig::Procurement(1), None, &[]),
        ("政府采购工程预算", Fig::Procurement(2), None, &[]),
        ("政府采购服务预算", Fig::Procurement(3), None, &[]),
        // 一 … 八: 上年数 stated in the sentence
        ("上年预算收入", Fig::Prior(0), None, &[]),
        ("上年预算支出", Fig::Prior(1), None, &[]),
        // 十: table 12 and the forms
        ("二级项目", Fig::ProjectsTotal, None, &[]),
        ("其他运转类项目", Fig::ProjectsOfCategory("其他运转类"), None, &[]),
        ("特定目标类项目", Fig::ProjectsOfCategory("特定目标类"), None, &[]),
        ("公开项目绩效目标", Fig::ProjectsWithForms, None, &[]),
        // 十一: facts
        ("公务用车编制", Fig::VehicleQuota, None, &[]),
        ("实有", Fig::VehicleTotal, None, &[]),
        ("办公用房建筑总面积", Fig::OfficeArea, None, &[]),
        ("通用设备", Fig::Equipment, None, &[]),
        ("预算单位", Fig::UnitCount, None, &[]),
    ]
}

/// Counts whose label follows them ("1个单位（包括机关）编报…", "所属1家行政单位").
const COUNT_SUFFIXES: [(&str, Fig); 2] = [
    ("单位（包括机关）编报", Fig::UnitsWithTarget),
    ("行政单位", Fig::AdminUnitCount),
];

/// Counts in section 十 name the same phrases as amounts but count projects.
fn count_fig(fig: &Fig) -> Option<Fig> {
    Some(match fig {
        Fig::ProjectsTotal => Fig::ProjectCount,
        Fig::ProjectsOfCategory(c) => Fig::ProjectCountOfCategory(c),
        Fig::ProjectsWithForms => Fig::FormCount,
        Fig::VehicleQuota
        | Fig::VehicleTotal
        | Fig::VehicleCategory(_)
        | Fig::OfficeArea
        | Fig::Equipment
        | Fig::UnitCount => fig.clone(),
        _ => return None,
    })
}

/// Everything the text rules need, prepared once per check.
struct TextData<'c, 'a> {
    ctx: &'c Context<'a>,
    phrases: Vec<Phrase>,
}

impl<'c, 'a> TextData<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        let mut phrases: Vec<Phrase> = fixed_phrases()
            .into_iter()
            .map(|(t, fig, context, sections)| Phrase {
                text: t.to_string(),
                fig,
                context,
                sections,
            })
            .collect();
        for class in ctx.catalog.classes(ctx.pkg.year) {
            for name in std::iter::once(&class.name).chain(class.former_names.iter()) {
                phrases.push(Phrase {
                    text: name.clone(),
                    fig: Fig::Class(class.code.clone()),
                    context: None,
                    sections: &[],
                });
            }
        }
        for v in &ctx.pkg.facts.assets.vehicles {
            if !v.category.is_empty() {
                phrases.push(Phrase {
                    text: v.category.clone(),
                    fig: Fig::VehicleCategory(v.category.clone()),
                    context: None,
                    sections: &[],
                });
            }
        }
        TextData { ctx, phrases }
    }

    /// The figure's value, `None` when the data does not have it (the text is then not checked).
    fn value(&self, fig: &Fig, section: &str, threshold: Option<Decimal>) -> Option<Decimal> {
        let ctx = self.ctx;
        let facts = &ctx.pkg.facts;
        Some(match fig {
            Fig::Line(kind, block, line, col) => ctx.block(*kind, block)?.cell(line, col),
            Fig::Total(kind, block, col) => ctx.block(*kind, block)?.total(col),
            Fig::Class(code) => match section {
                "四" => ctx
                    .block(K::FiscalSummary, "expenditure")?
                    .cell(code, "total"),
                "五" => ctx
                    .block(K::GeneralExpenditure, "main")?
                    .cell(code, "total"),
                "三" => ctx
                    .block(K::ExpenditureSummary, "main")?
                    .cell(code, "total"),
                _ => ctx
                    .block(K::BudgetSummary, "expenditure")?
                    .cell(code, "total"),
            },
            Fig::Procurement(i) => {
                let p = &facts.procurement;
                [p.total, p.goods, p.works, p.services][*i as usize].value()?
            }
            Fig::Prior(i) => {
                let p = &facts.prior_year;
                match i {
                    0 => p.income_total.value()?,
                    1 => p.expenditure_total.value()?,
                    2 => p.general_expenditure.value()?,
                    3 => p.operating_cost.value()?,
                    _ => crate::model::money::sum_cells([
                        p.abroad,
                        p.reception,
                        p.vehicle_purchase,
                        p.vehicle_running,
                    ])
                    .value()?,
                }
            }
            Fig::ProjectsTotal => ctx.projects().total,
            Fig::ProjectsOfCategory(c) => ctx.projects().category(c).0,
            Fig::ProjectsWithForms => ctx.projects().with_forms,
            Fig::ProjectCount => Decimal::from(ctx.projects().rows.len()),
            Fig::ProjectCountOfCategory(c) => Decimal::from(ctx.projects().category(c).1),
            Fig::FormCount => Decimal::from(ctx.pkg.project_forms.len()),
            Fig::UnitCount => {
                let n = ctx
                    .block(K::OperatingCost, "main")
                    .map(|b| {
                        b.view
                            .rows
                            .iter()
                            .filter(|r| r.role == RowRole::Leaf)
                            .count()
                    })
                    .unwrap_or(0);
                let n = if n == 0 {
                    ctx.pkg.overview.units.len()
                } else {
                    n
                };
                if n == 0 {
                    return None;
                }
                Decimal::from(n)
            }
            Fig::AdminUnitCount => {
                // "所属N家行政单位机关运行经费": the units table 11 lists; without rows there, the
                // administrative (and 参公) units of the overview.
                let listed = ctx
                    .block(K::OperatingCost, "main")
                    .map(|b| {
                        b.view
                            .rows
                            .iter()
                            .filter(|r| r.role == RowRole::Leaf)
                            .count()
                    })
                    .unwrap_or(0);
                let units = &ctx.pkg.overview.units;
                if listed > 0 {
                    Decimal::from(listed)
                } else if units.is_empty() {
                    return None;
                } else {
                    Decimal::from(units.iter().filter(|u| u.kind.is_administrative()).count())
                }
            }
            Fig::UnitsWithTarget => Decimal::from(facts.performance.units_with_overall_target),
            Fig::VehicleQuota => Decimal::from(facts.assets.vehicle_quota),
            Fig::VehicleTotal => Decimal::from(facts.assets.vehicles_total()),
            Fig::VehicleCategory(c) => Decimal::from(
                facts
                    .assets
                    .vehicles
                    .iter()
                    .filter(|v| &v.category == c)
                    .map(|v| v.count)
                    .sum::<u32>(),
            ),
            Fig::OfficeArea => facts.assets.office_area.value()?,
            Fig::Equipment => match threshold?.to_string().as_str() {
                "50" => Decimal::from(facts.assets.equipment_over_50),
                "100" => Decimal::from(facts.assets.equipment_over_100),
                _ => return None,
            },
        })
    }

    /// The phrase a window of text ends nearest to, for a section and segment.
    fn label(&self, window: &str, segment: &str, section: &str) -> Option<&Phrase> {
        let mut best: Option<(usize, usize, &Phrase)> = None;
        for p in &self.phrases {
            if !p.sections.is_empty() && !p.sections.contains(&section) {
                continue;
            }
            if let Some(c) = p.context
                && !segment.contains(c)
            {
                continue;
            }
            let Some(pos) = window.rfind(p.text.as_str()) else {
                continue;
            };
            let end = pos + p.text.len();
            let better = match best {
                None => true,
                Some((e, l, _)) => end > e || (end == e && p.text.len() > l),
            };
            if better {
                best = Some((end, p.text.len(), p));
            }
        }
        best.map(|(_, _, p)| p)
    }
}

/// A claim tied to its figure.
struct Labelled<'t, 'p> {
    claim: Claim<'t>,
    phrase: Option<&'p Phrase>,
    /// The figure as resolved (counts of section 十 count projects).
    fig: Option<Fig>,
    /// The last threshold quoted before it in its sentence.
    threshold: Option<Decimal>,
}

fn label_claims<'t, 'p>(data: &'p TextData, text: &'t str, section: &str) -> Vec<Labelled<'t, 'p>> {
    let all = claims(text);
    let mut out: Vec<Labelled> = Vec::with_capacity(all.len());
    let mut last_money_end = 0usize;
    let mut last_any_end = 0usize;
    let mut threshold: Option<(usize, Decimal)> = None;
    for c in all {
        let seg = segment_start(text, c.start);
        let sent = sentence_start(text, c.start);
        let mut labelled = Labelled {
            phrase: None,
            fig: None,
            threshold: threshold.filter(|(s, _)| *s >= sent).map(|(_, v)| v),
            claim: c,
        };
        let c = &labelled.claim;
        match (c.kind, c.role) {
            (Kind::Money, Role::Plain) | (Kind::Count(_), _) => {
                let from = if matches!(c.kind, Kind::Money) {
                    last_money_end
                } else {
                    last_any_end
                };
                let from = from.max(seg).min(c.start);
                let window = &text[from..c.start];
                let segment = &text[seg..c.start];
                let after = &text[c.end..];
                if let Some(p) = data.label(window, segment, section) {
                    labelled.phrase = Some(p);
                    labelled.fig = match c.kind {
                        Kind::Money => Some(p.fig.clone()),
                        _ => count_fig(&p.fig),
                    };
                }
                if matches!(c.kind, Kind::Count(_))
                    && let Some((_, fig)) =
                        COUNT_SUFFIXES.iter().find(|(s, _)| after.starts_with(s))
                {
                    labelled.fig = Some(fig.clone());
                }
            }
            _ => {}
        }
        let c = &labelled.claim;
        if c.kind != Kind::Year {
            last_any_end = c.end;
            if matches!(c.kind, Kind::Money | Kind::Percent) {
                last_money_end = c.end;
            }
        }
        if c.role == Role::Threshold {
            threshold = Some((c.start, c.value));
        }
        out.push(labelled);
    }
    out
}

/// A number as the text would write it: integers stay integers when written so.
fn write_like(value: Decimal, claim: &Claim) -> String {
    if claim.scale == 0 && value.fract().is_zero() {
        value.trunc().to_string()
    } else {
        format_2dp(value)
    }
}

fn replace_fix(section_index: usize, text: &str, range: (usize, usize), with: &str) -> Fix {
    let mut t = String::with_capacity(text.len() + with.len());
    t.push_str(&text[..range.0]);
    t.push_str(with);
    t.push_str(&text[range.1..]);
    Fix {
        label: format!("改为“{with}”"),
        edit: Edit::SetSectionText {
            index: section_index,
            text: t,
        },
    }
}

fn section_loc(number: &str, field: &str) -> Location {
    Location {
        section: Some(number.to_string()),
        field: Some(field.to_string()),
        ..Location::default()
    }
}

/// Shortened context of a claim for messages ("…基本支出94.76万元").
fn quote(text: &str, c: &Claim) -> String {
    let start = text[..c.start]
        .char_indices()
        .rev()
        .nth(11)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let start = start.max(segment_start(text, c.start));
    // Begin the quote at a clause boundary inside the window, so it never starts mid-word
    // ("…以下方面:一般公共预算支出240.65万元" is quoted from "一般公共预算支出").
    let window = &text[start..c.start];
    let clause = window
        .char_indices()
        .filter(|(_, ch)| "，,：:；;。、（(".contains(*ch))
        .map(|(i, ch)| start + i + ch.len_utf8())
        .next_back()
        .filter(|&b| b < c.start);
    match clause {
        Some(b) => text[b..c.end].replace('\n', ""),
        None if start > segment_start(text, c.start) => {
            format!("…{}", text[start..c.end].replace('\n', ""))
        }
        None => text[start..c.end].replace('\n', ""),
    }
}

fn unit_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "万元",
        Kind::Percent => "%",
        Kind::Count(u) => u,
        Kind::Year => "年",
    }
}

/// Checks every labelled amount and count of every section whose figure `rule` owns.
fn quoted_figures(ctx: &Context, rule: &str, out: &mut Vec<Finding>) {
    let data = TextData::new(ctx);
    for (si, section) in ctx.pkg.explanation.iter().enumerate() {
        let text = section.text.as_str();
        for l in label_claims(&data, text, &section.number) {
            let c = &l.claim;
            if rule == "N1"
                && c.role == Role::Threshold
                && c.value != Decimal::from(50)
                && c.value != Decimal::ONE_HUNDRED
            {
                out.push(finding(
                    "N1",
                    Severity::Error,
                    section_loc(&section.number, "设备价值"),
                    Some("50 或 100".into()),
                    Some(c.written.to_string()),
                    format!(
                        "“{}”：通用设备的价值档次应为 50 万元或 100 万元",
                        quote(text, c)
                    ),
                ));
                continue;
            }
            let Some(fig) = &l.fig else { continue };
            if fig.rule() != rule {
                continue;
            }
            let Some(want) = data.value(fig, &section.number, l.threshold) else {
                continue;
            };
            let have = c.value;
            let severity = if c.kind == Kind::Money {
                ctx.grade(want, have, Severity::Error)
            } else if want != have {
                Some(Severity::Error)
            } else {
                None
            };
            let Some(sev) = severity else { continue };
            let label = l
                .phrase
                .map(|p| p.text.clone())
                .unwrap_or_else(|| "数量".to_string());
            let wanted = write_like(want, c);
            let mut f = finding(
                rule,
                sev,
                section_loc(&section.number, &label),
                Some(wanted.clone()),
                Some(c.written.to_string()),
                tail_note(
                    sev,
                    format!(
                        "情况说明{}“{}”：{}应为 {}{}",
                        section.number,
                        quote(text, c),
                        label,
                        wanted,
                        unit_label(c.kind)
                    ),
                ),
            );
            f.fix = Some(replace_fix(si, text, (c.start, c.num_end), &wanted));
            out.push(f);
        }
    }
}

/// N1: every amount quoted in the 情况说明 agrees with the data its label names.
pub fn n1_amounts(ctx: &Context, out: &mut Vec<Finding>) {
    quoted_figures(ctx, "N1", out);
}

// ---------------------------------------------------------------------------------------------
// N2: empty tables stated as such

struct EmptyStatement {
    kinds: &'static [TableKind],
    what: &'static str,
    /// Words that say it is empty.
    none_words: &'static [&'static str],
    /// Figures whose quoted 0 says it too.
    zero_phrases: &'static [&'static str],
}

const EMPTY_STATEMENTS: [EmptyStatement; 4] = [
    EmptyStatement {
        kinds: &[K::FundIncome, K::FundExpenditure],
        what: "政府性基金预算",
        none_words: &["无政府性基金"],
        zero_phrases: &[
            "政府性基金预算拨款收入",
            "政府性基金预算收入",
            "政府性基金预算拨款",
        ],
    },
    EmptyStatement {
        kinds: &[K::StateCapital],
        what: "国有资本经营预算",
        none_words: &["无国有资本经营"],
        zero_phrases: &[
            "国有资本经营预算拨款收入",
            "国有资本经营预算收入",
            "国有资本经营预算拨款",
        ],
    },
    EmptyStatement {
        kinds: &[K::ThreePublic],
        what: "“三公”经费",
        none_words: &[
            "无“三公”经费",
            "无\"三公\"经费",
            "无三公经费",
            "无‘三公’经费",
        ],
        zero_phrases: &["“三公”经费", "\"三公\"经费", "三公经费"],
    },
    EmptyStatement {
        kinds: &[K::ProjectsCarryover],
        what: "上年结转",
        none_words: &["无上年结转"],
        zero_phrases: &["上年结转", "上年结转收入"],
    },
];

/// Whether the explanation says an empty table's subject is empty: the words, or a quoted 0.
fn stated_empty(ctx: &Context, data: &TextData, st: &EmptyStatement) -> (bool, Option<String>) {
    let mut says_none_at = None;
    let mut zero = false;
    for section in &ctx.pkg.explanation {
        if st.none_words.iter().any(|w| section.text.contains(w)) {
            says_none_at = Some(section.number.clone());
        }
        for l in label_claims(data, &section.text, &section.number) {
            if l.claim.kind == Kind::Money
                && l.claim.role == Role::Plain
                && l.claim.value.is_zero()
                && l.phrase
                    .is_some_and(|p| st.zero_phrases.contains(&p.text.as_str()))
            {
                zero = true;
            }
        }
    }
    (zero || says_none_at.is_some(), says_none_at)
}

fn has_data(ctx: &Context, kinds: &[TableKind]) -> Option<(u8, bool)> {
    let mut any: Option<(u8, bool)> = None;
    for k in kinds {
        if let Some((def, view)) = ctx.view(*k) {
            let has = view.has_data();
            any = Some(match any {
                None => (def.number, has),
                Some((n, h)) => (if has && !h { def.number } else { n }, h || has),
            });
        }
    }
    any
}

/// N2: the text says a table is empty ("本部门无“三公”经费预算") while it has data.
pub fn n2_empty_tables(ctx: &Context, out: &mut Vec<Finding>) {
    let data = TextData::new(ctx);
    for st in &EMPTY_STATEMENTS {
        let Some((number, true)) = has_data(ctx, st.kinds) else {
            continue;
        };
        if let (_, Some(section)) = stated_empty(ctx, &data, st) {
            out.push(finding(
                "N2",
                Severity::Error,
                section_loc(&section, st.what),
                Some(format!("表{number} 有数据")),
                Some(format!("无{}", st.what)),
                format!("情况说明{section}称无{}，但表{number} 有数据", st.what),
            ));
        }
    }
}

/// N2.missing: an empty table (7, 8, 9, 10, 13) that the text does not mention as empty.
pub fn n2_missing_statements(ctx: &Context, out: &mut Vec<Finding>) {
    let data = TextData::new(ctx);
    for st in &EMPTY_STATEMENTS {
        let Some((number, false)) = has_data(ctx, st.kinds) else {
            continue;
        };
        if !stated_empty(ctx, &data, st).0 {
            let key = ctx
                .view(st.kinds[0])
                .map(|(d, _)| d.key.clone())
                .unwrap_or_default();
            out.push(finding(
                "N2.missing",
                Severity::Warning,
                Location::table(&key),
                Some(format!("说明本部门无{}", st.what)),
                Some("（未说明）".into()),
                format!("表{number} 无数据，情况说明中应说明本部门无{}", st.what),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// N3: 绩效管理 and 政府采购

/// N3: project counts and amounts of 绩效管理 = table 12 and the forms; 政府采购 total = parts.
pub fn n3_performance_procurement(ctx: &Context, out: &mut Vec<Finding>) {
    quoted_figures(ctx, "N3", out);
    let p = &ctx.pkg.facts.procurement;
    let parts = crate::model::money::sum_cells([p.goods, p.works, p.services]);
    if !(p.total.is_empty() && parts.is_empty())
        && let Some(sev) = ctx.grade(parts.or_zero(), p.total.or_zero(), Severity::Error)
    {
        out.push(finding(
            "N3",
            sev,
            section_loc("九", "政府采购预算总额"),
            Some(format_2dp(parts.or_zero())),
            Some(format_2dp(p.total.or_zero())),
            tail_note(
                sev,
                format!(
                    "政府采购预算总额 {} 万元，货物、工程、服务之和为 {} 万元",
                    format_2dp(p.total.or_zero()),
                    format_2dp(parts.or_zero())
                ),
            ),
        ));
    }
    // The text's own total against the parts it quotes: rounded parts may miss by 尾差.
    let data = TextData::new(ctx);
    for (si, section) in ctx.pkg.explanation.iter().enumerate() {
        let labelled = label_claims(&data, &section.text, &section.number);
        let mut total: Option<&Claim> = None;
        let mut sum = Decimal::ZERO;
        let mut n = 0;
        for l in &labelled {
            match l.fig {
                Some(Fig::Procurement(0)) => total = Some(&l.claim),
                Some(Fig::Procurement(_)) => {
                    sum += l.claim.value;
                    n += 1;
                }
                _ => {}
            }
        }
        let Some(t) = total else { continue };
        if n == 0 || t.value == sum {
            continue;
        }
        let rounding = Decimal::new(n, 2);
        let sev = if (t.value - sum).abs() <= rounding.max(ctx.tolerance()) {
            Severity::Hint
        } else {
            Severity::Error
        };
        let wanted = write_like(sum, t);
        let mut f = finding(
            "N3",
            sev,
            section_loc(&section.number, "政府采购预算总额"),
            Some(wanted.clone()),
            Some(t.written.to_string()),
            tail_note(
                sev,
                format!(
                    "情况说明{}政府采购预算总额 {} 万元，所列货物、工程、服务之和为 {} 万元",
                    section.number,
                    t.written,
                    format_2dp(sum)
                ),
            ),
        );
        if sev == Severity::Error {
            f.fix = Some(replace_fix(
                si,
                &section.text,
                (t.start, t.num_end),
                &wanted,
            ));
        }
        out.push(f);
    }
}

// ---------------------------------------------------------------------------------------------
// N4: years

/// N4: years in the text are the budget year, or the year before in a comparison or a count
/// date (截至…12月31日).
pub fn n4_years(ctx: &Context, out: &mut Vec<Finding>) {
    let y = ctx.pkg.year;
    for (si, section) in ctx.pkg.explanation.iter().enumerate() {
        let text = section.text.as_str();
        for c in claims(text).iter().filter(|c| c.kind == Kind::Year) {
            let Ok(year) = c.written.parse::<i32>() else {
                continue;
            };
            let before = &text[segment_start(text, c.start).max(
                text[..c.start]
                    .char_indices()
                    .rev()
                    .nth(3)
                    .map(|(i, _)| i)
                    .unwrap_or(0),
            )..c.start];
            let after = &text[c.end..];
            // A document's number (〔2023〕, 【2016】) or a date other than the 12月31日 the
            // counts are taken on ("2023年9月1日印发") says nothing about the budget year.
            let bracketed = before.ends_with(['〔', '【', '[', '（', '(', '《']);
            let dated = after.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && !after.starts_with("12月31日");
            if bracketed || dated {
                continue;
            }
            let comparison = before.ends_with('比')
                || before.ends_with("截至")
                || before.ends_with("截止")
                || before.ends_with("与")
                || before.ends_with("较")
                || before.ends_with("上年（")
                || after.starts_with("12月31日")
                || after.starts_with("年末")
                || after.starts_with("预算执行")
                || after.starts_with("执行数")
                || after.starts_with("决算");
            let want = if comparison { y - 1 } else { y };
            if year == want {
                continue;
            }
            let mut f = finding(
                "N4",
                Severity::Error,
                section_loc(&section.number, "年度"),
                Some(want.to_string()),
                Some(year.to_string()),
                format!(
                    "情况说明{}“{}”：{}年预算中{}应为 {} 年",
                    section.number,
                    quote(text, c),
                    y,
                    if comparison {
                        "比较的年度"
                    } else {
                        "本年度"
                    },
                    want
                ),
            );
            f.fix = Some(replace_fix(
                si,
                text,
                (c.start, c.num_end),
                &want.to_string(),
            ));
            out.push(f);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// N5: shares, changes and directions

/// Interval of a value written with `scale` decimals: the half unit of its last place.
fn half_unit(scale: u32) -> Decimal {
    Decimal::new(5, scale + 1)
}

/// The interval the true value of a rounded figure lies in (inputs rounded to 0.01).
fn rounded(v: Decimal) -> (Decimal, Decimal) {
    let e = Decimal::new(5, 3);
    ((v - e).max(Decimal::ZERO), v + e)
}

/// Whether a stated percentage can be the rounding of a ratio whose parts lie in intervals.
fn percent_fits(stated: &Claim, num: (Decimal, Decimal), den: (Decimal, Decimal)) -> Option<bool> {
    if den.0 <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let lo = num
        .0
        .max(Decimal::ZERO)
        .checked_mul(hundred)?
        .checked_div(den.1)?;
    let hi = num.1.checked_mul(hundred)?.checked_div(den.0)?;
    let h = half_unit(stated.scale);
    Some(stated.value + h >= lo && stated.value - h <= hi)
}

fn ratio_text(num: Decimal, den: Decimal) -> Option<String> {
    if den.is_zero() {
        return None;
    }
    Some(format_2dp(
        num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?,
    ))
}

/// N5: every share, change and direction word recomputes from the figures it relates.
pub fn n5_derived_numbers(ctx: &Context, out: &mut Vec<Finding>) {
    let data = TextData::new(ctx);
    for (si, section) in ctx.pkg.explanation.iter().enumerate() {
        let text = section.text.as_str();
        let labelled = label_claims(&data, text, &section.number);
        for (k, l) in labelled.iter().enumerate() {
            let c = &l.claim;
            let sent = sentence_start(text, c.start);
            let seg = segment_start(text, c.start);
            let earlier = &labelled[..k];
            match c.role {
                Role::Share => share(&data, section, si, c, earlier, sent, out),
                Role::Change(sign) => {
                    change(ctx, &data, section, si, c, sign, earlier, seg, out);
                }
                _ => {}
            }
        }
        // 持平 with figures that differ.
        for (pos, _) in text.match_indices("持平") {
            let seg = segment_start(text, pos);
            let subject = labelled.iter().find(|l| {
                l.claim.start >= seg
                    && l.claim.start < pos
                    && l.claim.kind == Kind::Money
                    && l.claim.role == Role::Plain
            });
            let Some(s) = subject else { continue };
            let Some(prior) = s
                .fig
                .as_ref()
                .and_then(Fig::prior)
                .and_then(|p| data.value(&p, &section.number, None))
            else {
                continue;
            };
            if prior != s.claim.value {
                out.push(finding(
                    "N5",
                    Severity::Error,
                    section_loc(&section.number, "增减方向"),
                    Some(if s.claim.value > prior {
                        "增加".into()
                    } else {
                        "减少".into()
                    }),
                    Some("持平".into()),
                    format!(
                        "情况说明{}称与上年持平，但本年 {} 万元、上年 {} 万元",
                        section.number,
                        s.claim.written,
                        format_2dp(prior)
                    ),
                ));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn share(
    data: &TextData,
    section: &crate::model::Section,
    si: usize,
    c: &Claim,
    earlier: &[Labelled],
    sent: usize,
    out: &mut Vec<Finding>,
) {
    let text = section.text.as_str();
    let in_sentence = || {
        earlier.iter().filter(move |l| {
            l.claim.start >= sent && l.claim.kind == Kind::Money && l.claim.role == Role::Plain
        })
    };
    let Some(num) = in_sentence().next_back() else {
        return;
    };
    // The base: a figure named between 占 and the number, else the sentence's first amount.
    let named = data.label(c.share_base, c.share_base, &section.number);
    let (den, den_text) = match named {
        Some(p) => match data.value(&p.fig, &section.number, None) {
            Some(v) => (v, p.text.clone()),
            None => return,
        },
        None => {
            let Some(first) = in_sentence().next() else {
                return;
            };
            if std::ptr::eq(first, num) {
                return;
            }
            (
                first.claim.value,
                first.phrase.map(|p| p.text.clone()).unwrap_or_default(),
            )
        }
    };
    let n = num.claim.value;
    let Some(fits) = percent_fits(c, rounded(n), rounded(den)) else {
        return;
    };
    if fits {
        return;
    }
    let Some(want) = ratio_text(n, den) else {
        return;
    };
    let mut f = finding(
        "N5",
        Severity::Error,
        section_loc(&section.number, "占比"),
        Some(format!("{want}%")),
        Some(format!("{}%", c.written)),
        format!(
            "情况说明{}“{}”：{} 万元占{} {} 万元的比例为 {}%",
            section.number,
            quote(text, c),
            num.claim.written,
            den_text,
            format_2dp(den),
            want
        ),
    );
    f.fix = Some(replace_fix(si, text, (c.start, c.num_end), &want));
    out.push(f);
}

#[allow(clippy::too_many_arguments)]
fn change(
    ctx: &Context,
    data: &TextData,
    section: &crate::model::Section,
    si: usize,
    c: &Claim,
    sign: i8,
    earlier: &[Labelled],
    seg: usize,
    out: &mut Vec<Finding>,
) {
    let text = section.text.as_str();
    let in_segment: Vec<&Labelled> = earlier
        .iter()
        .filter(|l| {
            l.claim.start >= seg && l.claim.kind == Kind::Money && l.claim.role == Role::Plain
        })
        .collect();
    let Some(subject) = in_segment
        .iter()
        .find(|l| l.fig.as_ref().is_some_and(|f| f.prior().is_some()))
    else {
        return;
    };
    let Some(prior_fig) = subject.fig.as_ref().and_then(Fig::prior) else {
        return;
    };
    // 上年数 stated in the same segment wins over the facts.
    let stated_prior = in_segment
        .iter()
        .find(|l| l.fig.as_ref() == Some(&prior_fig))
        .map(|l| l.claim.value);
    let Some(prior) = stated_prior.or_else(|| data.value(&prior_fig, &section.number, None)) else {
        return;
    };
    let current = subject.claim.value;
    let diff = current - prior;
    let dir_ok = diff.is_zero() || (diff > Decimal::ZERO) == (sign > 0);
    if !dir_ok {
        let right = if diff > Decimal::ZERO {
            "增加"
        } else {
            "减少"
        };
        let right = if c.kind == Kind::Percent {
            if diff > Decimal::ZERO {
                "增长"
            } else {
                "下降"
            }
        } else {
            right
        };
        let mut f = finding(
            "N5",
            Severity::Error,
            section_loc(&section.number, "增减方向"),
            Some(right.into()),
            Some(
                c.word
                    .map(|(a, b)| text[a..b].to_string())
                    .unwrap_or_default(),
            ),
            format!(
                "情况说明{}“{}”：本年 {} 万元、上年 {} 万元，应为{}",
                section.number,
                quote(text, c),
                subject.claim.written,
                format_2dp(prior),
                right
            ),
        );
        if let Some(w) = c.word {
            f.fix = Some(replace_fix(si, text, w, right));
        }
        out.push(f);
        return;
    }
    match c.kind {
        Kind::Money => {
            let want = diff.abs();
            let Some(sev) = ctx.grade(want, c.value, Severity::Error) else {
                return;
            };
            let wanted = write_like(want, c);
            let mut f = finding(
                "N5",
                sev,
                section_loc(&section.number, "增减额"),
                Some(wanted.clone()),
                Some(c.written.to_string()),
                tail_note(
                    sev,
                    format!(
                        "情况说明{}“{}”：本年 {} 万元、上年 {} 万元，增减额应为 {} 万元",
                        section.number,
                        quote(text, c),
                        subject.claim.written,
                        format_2dp(prior),
                        wanted
                    ),
                ),
            );
            f.fix = Some(replace_fix(si, text, (c.start, c.num_end), &wanted));
            out.push(f);
        }
        Kind::Percent => {
            let (cl, ch) = rounded(current);
            let (pl, ph) = rounded(prior);
            let span = if diff >= Decimal::ZERO {
                ((cl - ph).max(Decimal::ZERO), ch - pl)
            } else {
                ((pl - ch).max(Decimal::ZERO), ph - cl)
            };
            let Some(fits) = percent_fits(c, span, (pl, ph)) else {
                return;
            };
            if fits {
                return;
            }
            let Some(want) = ratio_text(diff.abs(), prior) else {
                return;
            };
            let mut f = finding(
                "N5",
                Severity::Error,
                section_loc(&section.number, "增减率"),
                Some(format!("{want}%")),
                Some(format!("{}%", c.written)),
                format!(
                    "情况说明{}“{}”：本年 {} 万元、上年 {} 万元，增减率应为 {}%",
                    section.number,
                    quote(text, c),
                    subject.claim.written,
                    format_2dp(prior),
                    want
                ),
            );
            f.fix = Some(replace_fix(si, text, (c.start, c.num_end), &want));
            out.push(f);
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// N6: names

/// N6: function names in the text are the catalog's current names, at the right level.
pub fn n6_names(ctx: &Context, out: &mut Vec<Finding>) {
    let year = ctx.pkg.year;
    let cat = ctx.catalog.year(year);
    for (si, section) in ctx.pkg.explanation.iter().enumerate() {
        let text = section.text.as_str();
        // Former names of renamed codes.
        let mut entries: Vec<&crate::catalog::Entry> = cat
            .function
            .values()
            .filter(|e| !e.former_names.is_empty())
            .collect();
        entries.sort_by(|a, b| a.code.cmp(&b.code));
        for e in entries {
            for old in &e.former_names {
                if old.is_empty() || e.name.contains(old.as_str()) {
                    continue;
                }
                if text.contains(old.as_str()) {
                    let mut f = finding(
                        "N6",
                        Severity::Warning,
                        section_loc(&section.number, old),
                        Some(e.name.clone()),
                        Some(old.clone()),
                        format!(
                            "情况说明{}使用了科目 {} 的旧名称“{}”，{}年名称为“{}”",
                            section.number, e.code, old, year, e.name
                        ),
                    );
                    f.fix = Some(Fix {
                        label: format!("改为“{}”", e.name),
                        edit: Edit::SetSectionText {
                            index: si,
                            text: text.replace(old.as_str(), &e.name),
                        },
                    });
                    out.push(f);
                }
            }
        }
        // "A（类）B（款）C（项）"
        for (pos, _) in text.match_indices("（类）") {
            let before = &text[..pos];
            let class = cat
                .classes
                .iter()
                .filter(|c| before.ends_with(c.name.as_str()))
                .max_by_key(|c| c.name.len());
            let Some(class) = class else {
                out.push(finding(
                    "N6",
                    Severity::Warning,
                    section_loc(&section.number, "（类）"),
                    Some("目录中的类名称".into()),
                    Some(
                        before
                            .chars()
                            .rev()
                            .take(12)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect(),
                    ),
                    format!(
                        "情况说明{}“（类）”前不是{}年目录中的类名称",
                        section.number, year
                    ),
                ));
                continue;
            };
            let rest = &text[pos + "（类）".len()..];
            let Some(k_end) = rest.find("（款）") else {
                continue;
            };
            let kuan_name = &rest[..k_end];
            if kuan_name.contains(['。', '\n', '；']) {
                continue;
            }
            let kuan = cat.function.values().find(|e| {
                e.code.len() == 5 && e.code.starts_with(&class.code) && e.name == kuan_name
            });
            let Some(kuan) = kuan else {
                let elsewhere = cat
                    .function
                    .values()
                    .find(|e| e.code.len() == 5 && e.name == kuan_name);
                let why = if kuan_name == class.name {
                    "款名称写成了类名称".to_string()
                } else if let Some(e) = elsewhere {
                    format!("“{kuan_name}”是 {} 的款，不属于 {}", e.code, class.code)
                } else {
                    format!("“{kuan_name}”不是 {} 下的款", class.code)
                };
                out.push(finding(
                    "N6",
                    Severity::Warning,
                    section_loc(&section.number, "（款）"),
                    Some(format!("{} 下的款", class.name)),
                    Some(kuan_name.to_string()),
                    format!("情况说明{}：{}", section.number, why),
                ));
                continue;
            };
            let rest2 = &rest[k_end + "（款）".len()..];
            let Some(x_end) = rest2.find("（项）") else {
                continue;
            };
            let xiang_name = &rest2[..x_end];
            if xiang_name.contains(['。', '\n', '；']) {
                continue;
            }
            let ok = cat.function.values().any(|e| {
                e.code.len() == 7 && e.code.starts_with(&kuan.code) && e.name == xiang_name
            });
            if !ok {
                out.push(finding(
                    "N6",
                    Severity::Warning,
                    section_loc(&section.number, "（项）"),
                    Some(format!("{} 下的项", kuan.name)),
                    Some(xiang_name.to_string()),
                    format!(
                        "情况说明{}：“{xiang_name}”不是 {} {} 下的项",
                        section.number, kuan.code, kuan.name
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_start_at_a_clause_boundary() {
        let t = "主要用于以下方面:一般公共预算支出240.65万元,占91.59%";
        let c = claims(t);
        let amount = c.iter().find(|c| c.kind == Kind::Money).expect("an amount");
        assert_eq!(quote(t, amount), "一般公共预算支出240.65万元");
        let t = "支出预算262.76万元，其中：基本支出94.76万元";
        let c = claims(t);
        let second = c
            .iter()
            .filter(|c| c.kind == Kind::Money)
            .nth(1)
            .expect("two amounts");
        assert_eq!(quote(t, second), "基本支出94.76万元");
    }

    #[test]
    fn finds_amounts_shares_changes_and_years() {
        let t = "2026年度某局支出预算262.76万元，其中：基本支出94.76万元，占36.06%；比上年减少17.85万元，下降6.36%。截至2025年12月31日共有公务用车0辆。价值50万元（原值）以上的通用设备0台（套）";
        let c = claims(t);
        let kinds: Vec<(Kind, Role, &str)> =
            c.iter().map(|c| (c.kind, c.role, c.written)).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Year, Role::Plain, "2026"),
                (Kind::Money, Role::Plain, "262.76"),
                (Kind::Money, Role::Plain, "94.76"),
                (Kind::Percent, Role::Share, "36.06"),
                (Kind::Money, Role::Change(-1), "17.85"),
                (Kind::Percent, Role::Change(-1), "6.36"),
                (Kind::Year, Role::Plain, "2025"),
                (Kind::Count("辆"), Role::Plain, "0"),
                (Kind::Money, Role::Threshold, "50"),
                (Kind::Count("台（套）"), Role::Plain, "0"),
            ]
        );
        assert_eq!(c[3].scale, 2);
        assert_eq!(&t[c[4].word.unwrap().0..c[4].word.unwrap().1], "减少");
    }

    #[test]
    fn rounding_interval_accepts_published_rounding_and_rejects_others() {
        let fits = |p: &str, n: Decimal, b: Decimal| {
            let t = format!("占{p}%");
            let c = claims(&t);
            percent_fits(&c[0], rounded(n), rounded(b))
        };
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // 0.08 / 3.95 = 2.0253…; 2.02 is a possible rounding of the unrounded inputs.
        assert_eq!(fits("2.02", d("0.08"), d("3.95")), Some(true));
        assert_eq!(fits("2.50", d("0.08"), d("3.95")), Some(false));
        assert_eq!(fits("36.06", d("94.76"), d("262.76")), Some(true));
        assert_eq!(fits("36.16", d("94.76"), d("262.76")), Some(false));
        assert_eq!(fits("0", d("0"), d("262.76")), Some(true));
        assert_eq!(fits("1", d("1"), d("0")), None);
    }

    #[test]
    fn years_of_documents_and_dates_are_not_budget_years() {
        let mut p = crate::model::Package::new_empty(2026, "某局");
        p.explanation[11].text = "根据《某通知》（晋财综〔2023〕47号），2023年9月1日印发。2026年无其他说明；截至2025年12月31日无车辆。比2024年预算增加。".into();
        let ctx = Context::new(&p, crate::catalog::Catalog::builtin());
        let mut out = Vec::new();
        n4_years(&ctx, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(out[0].expected.as_deref(), Some("2025"));
        assert_eq!(out[0].actual.as_deref(), Some("2024"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            "万元",
            "1.万元",
            "..5万元",
            "占%",
            "比减少万元",
            "2026年",
            "占1e5%",
            "９万元",
            "（类）（款）（项）",
        ] {
            let _ = claims(t);
        }
    }
}
