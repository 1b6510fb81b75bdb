//! The phrases of the 情况说明 as data: each names a figure of the package by table kind (and,
//! for spending, by fund), and holds in the sections of some topics. A section's topic comes
//! from its title, so a layout whose sections are numbered or titled differently (上海's
//! 编制说明 and 其他相关情况说明) reads with the same phrases.

use crate::model::layout::TableKind as K;

/// What a section of the explanation is about; it selects phrases and the default fund.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// 收支数据变动 / 编制说明: income and spending of all funds.
    Overall,
    Income,
    Expenditure,
    /// 财政拨款收支.
    Fiscal,
    /// 一般公共预算支出.
    General,
    /// 一般公共预算基本支出.
    Basic,
    ThreePublic,
    Operating,
    Procurement,
    Performance,
    Assets,
    /// 其他相关情况说明 and anything else: every phrase holds.
    Other,
}

impl Topic {
    /// The topic of a section, from the layout's section id, else its title, else the
    /// standard numbering.
    pub fn of(id: &str, number: &str, title: &str) -> Topic {
        match id {
            "changes" | "budget_notes" => return Topic::Overall,
            "income" => return Topic::Income,
            "expenditure" => return Topic::Expenditure,
            "fiscal" => return Topic::Fiscal,
            "general" => return Topic::General,
            "basic" => return Topic::Basic,
            "three_public" => return Topic::ThreePublic,
            "operating_cost" => return Topic::Operating,
            "procurement" => return Topic::Procurement,
            "performance" => return Topic::Performance,
            "assets" => return Topic::Assets,
            "other" => return Topic::Other,
            _ => {}
        }
        const BY_TITLE: [(&str, Topic); 14] = [
            ("财政拨款收支", Topic::Fiscal),
            ("一般公共预算基本支出", Topic::Basic),
            ("一般公共预算支出", Topic::General),
            ("三公", Topic::ThreePublic),
            ("机关运行", Topic::Operating),
            ("政府采购", Topic::Procurement),
            ("绩效", Topic::Performance),
            ("国有资产", Topic::Assets),
            ("收入预算", Topic::Income),
            ("支出预算", Topic::Expenditure),
            ("收支数据变动", Topic::Overall),
            ("编制说明", Topic::Overall),
            ("收支", Topic::Overall),
            ("其他", Topic::Other),
        ];
        if let Some((_, t)) = BY_TITLE.iter().find(|(w, _)| title.contains(w)) {
            return *t;
        }
        match number {
            "一" => Topic::Overall,
            "二" => Topic::Income,
            "三" => Topic::Expenditure,
            "四" => Topic::Fiscal,
            "五" => Topic::General,
            "六" => Topic::Basic,
            "七" => Topic::ThreePublic,
            "八" => Topic::Operating,
            "九" => Topic::Procurement,
            "十" => Topic::Performance,
            "十一" => Topic::Assets,
            _ => Topic::Other,
        }
    }

    /// The fund a section's spending figures are of unless a sentence names another.
    pub fn fund(self) -> Fund {
        match self {
            Topic::General | Topic::Basic => Fund::General,
            Topic::Fiscal => Fund::Fiscal,
            _ => Fund::All,
        }
    }
}

/// Which money a spending figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fund {
    /// Every source (table 3).
    All,
    /// 财政拨款: 一般公共预算 + 政府性基金 (tables 5 and 8).
    Fiscal,
    /// 一般公共预算 (table 5).
    General,
    /// 政府性基金 (table 8).
    Gov,
    /// 国有资本经营预算 (table 9).
    Capital,
}

/// The words of a sentence that name a fund, most specific first.
pub const FUND_WORDS: [(&str, Fund); 7] = [
    ("一般公共预算", Fund::General),
    ("政府性基金", Fund::Gov),
    ("国有资本经营", Fund::Capital),
    ("财政拨款", Fund::Fiscal),
    ("部门预算", Fund::All),
    ("单位资金", Fund::All),
    ("全部资金", Fund::All),
];

/// A figure of the data that a label of the text names.
#[derive(Clone, Debug, PartialEq)]
pub enum Fig {
    /// The first of these that the layout has (the same meaning in different layouts' tables).
    First(Vec<Fig>),
    /// A fixed line's cell: table kind, block, line key, column.
    Line(K, &'static str, &'static str, &'static str),
    /// A cell of a block's 合计 row.
    Total(K, &'static str, &'static str),
    /// Spending of a fund: column "total", "basic" or "project".
    Spend(Fund, &'static str),
    /// A function code's spending (类, 款 or 项) of a fund.
    Code(String, Fund),
    Procurement(u8),
    /// 上年数 (facts): 0 income, 1 expenditure, 2 一般公共预算, 3 机关运行经费, 4 三公 total,
    /// 5 财政拨款, 6–9 the 三公 items (出国, 接待, 公车购置, 公车运行), 10 基本支出,
    /// 11 项目支出, 12 政府采购总额.
    Prior(u8),
    /// 编报绩效目标的项目 as the facts state them (上海): count, amount.
    TargetProjects,
    TargetProjectsAmount,
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

/// What a phrase names before the fund of its sentence is known.
#[derive(Clone, Debug, PartialEq)]
pub enum FigSpec {
    Fixed(Fig),
    /// Spending of the sentence's fund, in this column.
    Spend(&'static str),
    /// A 类 by name, of the sentence's fund.
    Class(String),
}

impl Fig {
    /// The rule that owns a figure: the 绩效管理 figures belong to N3, the rest to N1.
    pub fn rule(&self) -> &'static str {
        match self {
            Fig::ProjectsTotal
            | Fig::ProjectsOfCategory(_)
            | Fig::ProjectsWithForms
            | Fig::ProjectCount
            | Fig::ProjectCountOfCategory(_)
            | Fig::FormCount
            | Fig::TargetProjects
            | Fig::TargetProjectsAmount
            | Fig::UnitsWithTarget => "N3",
            Fig::First(list) => list.first().map_or("N1", Fig::rule),
            _ => "N1",
        }
    }

    /// The figure of last year that a change of this figure compares with.
    pub fn prior(&self) -> Option<Fig> {
        Some(match self {
            Fig::First(list) => {
                let priors: Vec<Fig> = list.iter().filter_map(Fig::prior).collect();
                return match priors.len() {
                    0 => None,
                    1 => priors.into_iter().next(),
                    _ => Some(Fig::First(priors)),
                };
            }
            Fig::Line(K::BudgetSummary, "income", "grand_total", _) => Fig::Prior(0),
            Fig::Line(K::BudgetSummary, "expenditure", "grand_total", _) => Fig::Prior(1),
            Fig::Spend(Fund::All, "total") => Fig::Prior(1),
            Fig::Spend(Fund::All, "basic") => Fig::Prior(10),
            Fig::Spend(Fund::All, "project") => Fig::Prior(11),
            Fig::Procurement(0) => Fig::Prior(12),
            Fig::Total(K::GeneralExpenditure, _, "total") | Fig::Spend(Fund::General, "total") => {
                Fig::Prior(2)
            }
            Fig::Total(K::OperatingCost, _, "total") => Fig::Prior(3),
            Fig::Line(K::ThreePublicAndOperating, _, _, "operating_cost") => Fig::Prior(3),
            Fig::Line(K::ThreePublic, "main", "total", _)
            | Fig::Line(K::ThreePublicAndOperating, _, _, "total") => Fig::Prior(4),
            Fig::Line(K::BudgetSummary, "income", "fiscal", _)
            | Fig::Line(K::FiscalSummary, "income", "year_total", _) => Fig::Prior(5),
            Fig::Line(K::ThreePublic, "main", "abroad", _)
            | Fig::Line(K::ThreePublicAndOperating, _, _, "abroad") => Fig::Prior(6),
            Fig::Line(K::ThreePublic, "main", "reception", _)
            | Fig::Line(K::ThreePublicAndOperating, _, _, "reception") => Fig::Prior(7),
            Fig::Line(K::ThreePublic, "main", "vehicle_purchase", _)
            | Fig::Line(K::ThreePublicAndOperating, _, _, "vehicle_purchase") => Fig::Prior(8),
            Fig::Line(K::ThreePublic, "main", "vehicle_running", _)
            | Fig::Line(K::ThreePublicAndOperating, _, _, "vehicle_running") => Fig::Prior(9),
            _ => return None,
        })
    }

    /// Whether this figure counts things (an amount can never name it).
    pub fn is_count(&self) -> bool {
        if let Fig::First(list) = self {
            return list.iter().all(Fig::is_count);
        }
        matches!(
            self,
            Fig::ProjectCount
                | Fig::ProjectCountOfCategory(_)
                | Fig::FormCount
                | Fig::TargetProjects
                | Fig::UnitCount
                | Fig::AdminUnitCount
                | Fig::UnitsWithTarget
                | Fig::VehicleQuota
                | Fig::VehicleTotal
                | Fig::VehicleCategory(_)
                | Fig::OfficeArea
                | Fig::Equipment
        )
    }

    /// Whether this figure is a whole that shares are taken of.
    pub fn is_whole(&self) -> bool {
        if let Fig::First(list) = self {
            return list.iter().any(Fig::is_whole);
        }
        matches!(
            self,
            Fig::Spend(_, "total")
                | Fig::Line(_, _, "grand_total", _)
                | Fig::Total(_, _, "total")
                | Fig::Procurement(0)
                | Fig::ProjectsTotal
        ) || matches!(self, Fig::Line(K::ThreePublic, _, "total", _))
    }

    /// The whole that a share of this figure is of, when the text does not name it.
    pub fn whole(&self) -> Option<Fig> {
        Some(match self {
            Fig::First(list) => {
                let wholes: Vec<Fig> = list.iter().filter_map(Fig::whole).collect();
                if wholes.is_empty() {
                    return None;
                }
                Fig::First(wholes)
            }
            Fig::Code(_, f) => Fig::Spend(*f, "total"),
            Fig::Spend(f, "basic" | "project") => Fig::Spend(*f, "total"),
            Fig::Line(K::BudgetSummary, "income", line, _) if *line != "grand_total" => {
                Fig::Line(K::BudgetSummary, "income", "grand_total", "amount")
            }
            Fig::Line(K::FiscalSummary, "income", line, _) if *line != "grand_total" => {
                Fig::Line(K::FiscalSummary, "income", "grand_total", "amount")
            }
            Fig::Total(K::BasicByEconomic, b, "personnel" | "public") => {
                Fig::Total(K::BasicByEconomic, b, "total")
            }
            Fig::Line(K::ThreePublic, b, line, c) if *line != "total" => {
                Fig::Line(K::ThreePublic, b, "total", c)
            }
            Fig::Line(K::ThreePublicAndOperating, b, l, c)
                if *c != "total" && *c != "operating_cost" =>
            {
                Fig::Line(K::ThreePublicAndOperating, b, l, "total")
            }
            Fig::Procurement(i) if *i > 0 => Fig::Procurement(0),
            Fig::ProjectsOfCategory(_) | Fig::ProjectsWithForms => Fig::ProjectsTotal,
            _ => return None,
        })
    }
}

/// A phrase of the text and the figure it names.
#[derive(Clone, Debug)]
pub struct Phrase {
    pub text: String,
    pub fig: FigSpec,
    /// The segment before the number must contain this (e.g. 支出 for the 上年结转 of spending).
    pub context: Option<&'static str>,
    /// Topics where the phrase has this meaning; empty for all.
    pub topics: &'static [Topic],
}

type Entry = (
    &'static str,
    FigSpec,
    Option<&'static str>,
    &'static [Topic],
);

use FigSpec::{Fixed as F, Spend as S};

/// The fixed phrases. Where one phrase contains another, the one ending nearer the number
/// wins, then the longer one, then the first listed (so context-bound entries come first).
#[rustfmt::skip]
pub fn fixed_phrases() -> Vec<Entry> {
    vec![
        // Table 1 (收支总表).
        ("预算收入总计", F(Fig::Line(K::BudgetSummary, "income", "grand_total", "amount")), None, &[]),
        ("收入总计", F(Fig::Line(K::BudgetSummary, "income", "grand_total", "amount")), None, &[]),
        ("预算收入", F(Fig::Line(K::BudgetSummary, "income", "grand_total", "amount")), None, &[]),
        ("收入预算", F(Fig::Line(K::BudgetSummary, "income", "grand_total", "amount")), None, &[]),
        ("本年收入", F(Fig::Line(K::BudgetSummary, "income", "year_total", "amount")), None, &[]),
        ("上年结转", F(Fig::Line(K::BudgetSummary, "expenditure", "year_total", "carryover")), Some("支出"), &[]),
        ("上年结转", F(Fig::Line(K::BudgetSummary, "income", "carryover", "amount")), None, &[]),
        ("支出总计", F(Fig::Line(K::BudgetSummary, "expenditure", "grand_total", "total")), None, &[]),
        ("本年预算安排", F(Fig::Line(K::BudgetSummary, "expenditure", "year_total", "current")), None, &[]),
        ("一般公共预算拨款收入", F(Fig::Line(K::BudgetSummary, "income", "general", "amount")), None, &[]),
        ("一般公共预算收入", F(Fig::Line(K::BudgetSummary, "income", "general", "amount")), None, &[]),
        ("政府性基金预算拨款收入", F(Fig::Line(K::BudgetSummary, "income", "fund", "amount")), None, &[]),
        ("政府性基金预算收入", F(Fig::Line(K::BudgetSummary, "income", "fund", "amount")), None, &[]),
        ("国有资本经营预算拨款收入", F(Fig::Line(K::BudgetSummary, "income", "capital", "amount")), None, &[]),
        ("国有资本经营预算收入", F(Fig::Line(K::BudgetSummary, "income", "capital", "amount")), None, &[]),
        ("财政专户管理资金收入", F(Fig::Line(K::BudgetSummary, "income", "special", "amount")), None, &[]),
        ("财政专户管理资金", F(Fig::Line(K::BudgetSummary, "income", "special", "amount")), None, &[]),
        ("单位资金", F(Fig::Line(K::BudgetSummary, "income", "unit", "amount")), None, &[]),
        // Spending: of the fund the sentence (or else the section) names.
        ("支出预算", S("total"), None, &[]),
        ("部门预算资金", S("total"), None, &[]),
        ("单位整体绩效目标", S("total"), None, &[]),
        ("一般公共预算当年支出", F(Fig::Spend(Fund::General, "total")), None, &[]),
        ("一般公共预算支出", F(Fig::Spend(Fund::General, "total")), None, &[]),
        ("基本支出", F(Fig::Total(K::BasicByEconomic, "main", "total")), None, &[Topic::Basic]),
        ("基本支出", S("basic"), None, &[]),
        ("项目支出", S("project"), None, &[]),
        // Table 4.
        ("财政拨款收支总预算", F(Fig::Line(K::FiscalSummary, "income", "grand_total", "amount")), None, &[]),
        ("财政拨款收支总体预算", F(Fig::Line(K::FiscalSummary, "income", "grand_total", "amount")), None, &[]),
        ("一般公共预算拨款", F(Fig::Line(K::FiscalSummary, "income", "general", "amount")), None, &[]),
        ("政府性基金预算拨款", F(Fig::Line(K::FiscalSummary, "income", "fund", "amount")), None, &[]),
        ("国有资本经营预算拨款", F(Fig::Line(K::FiscalSummary, "income", "capital", "amount")), None, &[]),
        ("财政拨款收入", F(Fig::First(vec![Fig::Line(K::BudgetSummary, "income", "fiscal", "amount"), Fig::Line(K::FiscalSummary, "income", "year_total", "amount")])), None, &[]),
        ("事业单位经营收入", F(Fig::Line(K::BudgetSummary, "income", "institution_operating", "amount")), None, &[]),
        ("事业收入", F(Fig::Line(K::BudgetSummary, "income", "institution", "amount")), None, &[]),
        ("其他收入", F(Fig::Line(K::BudgetSummary, "income", "other", "amount")), None, &[]),
        ("当年拨款收入", F(Fig::Line(K::FiscalSummary, "income", "year_total", "amount")), None, &[]),
        ("上年结转收入", F(Fig::Line(K::FiscalSummary, "income", "carryover", "amount")), None, &[]),
        // Table 6.
        ("人员经费", F(Fig::Total(K::BasicByEconomic, "main", "personnel")), None, &[]),
        ("公用经费", F(Fig::Total(K::BasicByEconomic, "main", "public")), None, &[]),
        // Table 10.
        ("“三公”经费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "total", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "total")])), None, &[]),
        ("\"三公\"经费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "total", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "total")])), None, &[]),
        ("三公经费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "total", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "total")])), None, &[]),
        ("因公出国（境）费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "abroad", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "abroad")])), None, &[]),
        ("因公出国(境)费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "abroad", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "abroad")])), None, &[]),
        ("公务接待费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "reception", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "reception")])), None, &[]),
        ("公务用车购置及运行费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "vehicles", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "vehicles")])), None, &[]),
        ("公务车购置及运行费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "vehicles", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "vehicles")])), None, &[]),
        ("公务用车购置费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "vehicle_purchase", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "vehicle_purchase")])), None, &[]),
        ("公务用车运行维护费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "vehicle_running", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "vehicle_running")])), None, &[]),
        ("公务用车运行费", F(Fig::First(vec![Fig::Line(K::ThreePublic, "main", "vehicle_running", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "vehicle_running")])), None, &[]),
        // Table 11.
        ("机关运行经费", F(Fig::First(vec![Fig::Total(K::OperatingCost, "main", "total"), Fig::Line(K::ThreePublicAndOperating, "main", "budget", "operating_cost")])), None, &[]),
        // 政府采购 (facts).
        ("政府采购预算总额", F(Fig::Procurement(0)), None, &[]),
        ("政府采购预算", F(Fig::Procurement(0)), None, &[]),
        ("政府采购货物预算", F(Fig::Procurement(1)), None, &[]),
        ("政府采购工程预算", F(Fig::Procurement(2)), None, &[]),
        ("政府采购服务预算", F(Fig::Procurement(3)), None, &[]),
        ("面向中小企业预留政府采购项目预算金额", F(Fig::Procurement(4)), None, &[]),
        ("面向中小企业预留政府采购项目预算", F(Fig::Procurement(4)), None, &[]),
        ("预留给小型和微型企业的政府采购项目预算", F(Fig::Procurement(5)), None, &[]),
        // 上年数 stated in the sentence.
        ("上年预算收入", F(Fig::Prior(0)), None, &[]),
        ("上年预算支出", F(Fig::Prior(1)), None, &[]),
        // 绩效管理: table 12 and the forms.
        ("二级项目", F(Fig::ProjectsTotal), None, &[]),
        ("其他运转类项目", F(Fig::ProjectsOfCategory("其他运转类")), None, &[]),
        ("特定目标类项目", F(Fig::ProjectsOfCategory("特定目标类")), None, &[]),
        ("公开项目绩效目标", F(Fig::ProjectsWithForms), None, &[]),
        ("编报绩效目标的项目", F(Fig::First(vec![Fig::TargetProjectsAmount, Fig::ProjectsWithForms])), None, &[]),
        ("涉及项目预算资金", F(Fig::First(vec![Fig::TargetProjectsAmount, Fig::ProjectsWithForms])), None, &[]),
        // 国有资产 (facts).
        ("公务用车编制", F(Fig::VehicleQuota), None, &[]),
        ("实有", F(Fig::VehicleTotal), None, &[]),
        ("办公用房建筑总面积", F(Fig::OfficeArea), None, &[]),
        ("通用设备", F(Fig::Equipment), None, &[]),
        ("预算单位", F(Fig::UnitCount), None, &[]),
    ]
}

/// Counts whose label follows them ("1个单位（包括机关）编报…", "所属1家行政单位").
pub const COUNT_SUFFIXES: [(&str, Fig); 5] = [
    ("单位（包括机关）编报", Fig::UnitsWithTarget),
    ("单位（含机关）编报", Fig::UnitsWithTarget),
    ("单位(包括机关)编报", Fig::UnitsWithTarget),
    ("单位(含机关)编报", Fig::UnitsWithTarget),
    ("行政单位", Fig::AdminUnitCount),
];

/// Words before an amount that make it last year's ("2025年度预算执行数为…").
pub const PRIOR_WORDS: [&str; 6] = [
    "执行数",
    "决算数",
    "上年预算数",
    "上年数",
    "上年预算",
    "上年执行",
];

/// Counts in 绩效管理 name the same phrases as amounts but count projects.
pub fn count_fig(fig: &Fig) -> Option<Fig> {
    Some(match fig {
        Fig::ProjectsTotal => Fig::ProjectCount,
        Fig::ProjectsOfCategory(c) => Fig::ProjectCountOfCategory(c),
        Fig::ProjectsWithForms => Fig::FormCount,
        Fig::TargetProjectsAmount => Fig::TargetProjects,
        Fig::First(list) => {
            let counts: Vec<Fig> = list.iter().filter_map(count_fig).collect();
            if counts.is_empty() {
                return None;
            }
            Fig::First(counts)
        }
        Fig::VehicleQuota
        | Fig::VehicleTotal
        | Fig::VehicleCategory(_)
        | Fig::OfficeArea
        | Fig::Equipment
        | Fig::UnitCount => fig.clone(),
        _ => return None,
    })
}
