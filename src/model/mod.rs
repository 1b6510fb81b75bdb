//! The budget disclosure package: tables, forms, texts and the facts the text needs.
//!
//! This module knows nothing of the UI or of files. Totals and subtotal rows are never stored:
//! [`view`] computes them from the rows the user typed. A row that is stored although it has
//! children, or a total cell that holds a value, is kept (an imported workbook has them) and the
//! checker compares it with what it should be.

pub mod cell_edit;
pub mod codes;
pub mod comments;
pub mod derive;
pub mod diff;
pub mod document;
pub mod edit;
pub mod explain;
pub mod field_edit;
pub mod form_edit;
pub mod layout;
pub mod money;
pub mod next_year;
pub mod unique;
pub mod view;

pub use comments::Comment;
pub use layout::{Layout, TableDef, TableKind, Unit};
pub use money::Amount;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the project file this program writes; files with a larger one are refused.
pub const FORMAT_VERSION: u32 = 1;

/// One whole package: everything a department publishes for one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Package {
    pub format_version: u32,
    pub year: i32,
    /// Which layout template the tables follow ([`layout::SHANXI_13_ID`] …).
    pub layout: String,
    /// The layout itself when it is not a built-in one (a user's layout file): kept in the
    /// project file so the file opens without the layout file beside it.
    #[serde(skip_serializing_if = "Option::is_none", with = "layout::embedded")]
    pub custom_layout: Option<&'static Layout>,
    pub department: Department,
    /// The 尾差 tolerance in 万元: a difference within it is a hint, not an error.
    pub tolerance: Amount,
    pub overview: Overview,
    /// Table key ("t1" …) → its data.
    #[serde(deserialize_with = "unique::map")]
    pub tables: BTreeMap<String, TableData>,
    /// 第三部分 情况说明, sections 一–十二 in order.
    pub explanation: Vec<Section>,
    /// Facts the explanation needs that the tables do not hold.
    pub facts: Facts,
    pub overall_form: OverallForm,
    pub project_forms: Vec<ProjectForm>,
    /// 附件 (e.g. 政府购买服务指导性目录 and the documents that issue it).
    pub appendices: Vec<Appendix>,
    /// 第四部分 名词解释.
    pub glossary: Vec<GlossaryEntry>,
    /// Reviewers' comments.
    pub comments: Vec<Comment>,
    /// 项目经费情况说明 (上海): one block per major project.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub project_notes: Vec<ProjectNote>,
}

impl Default for Package {
    fn default() -> Self {
        Package {
            format_version: FORMAT_VERSION,
            year: 2026,
            layout: layout::SHANXI_13_ID.into(),
            custom_layout: None,
            department: Department::default(),
            tolerance: Amount::new(rust_decimal::Decimal::ZERO),
            overview: Overview::default(),
            tables: BTreeMap::new(),
            explanation: Vec::new(),
            facts: Facts::default(),
            overall_form: OverallForm::default(),
            project_forms: Vec::new(),
            appendices: Vec::new(),
            glossary: Vec::new(),
            comments: Vec::new(),
            project_notes: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Department {
    pub name: String,
    /// 部门代码 as the finance bureau assigns it ("024").
    pub code: String,
}

/// 第一部分 概况.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Overview {
    /// The paragraphs before the numbered duties (上海 主要职能: "…是…的区政府工作部门，为正处级…"
    /// and "主要职能包括："), as published.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub duties_intro: String,
    /// 本部门职责, one duty per entry, without the "(一)" numbering (drawn when shown).
    pub duties: Vec<String>,
    /// 机构设置情况 as published.
    pub organization: String,
    /// 内设科室.
    pub offices: Vec<String>,
    /// 所属单位, with their kind (the economic mapping and 机关运行经费 depend on it).
    pub units: Vec<OrgUnit>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrgUnit {
    pub name: String,
    pub kind: UnitKind,
}

/// The kind of a budget unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    /// 行政单位
    #[default]
    Administrative,
    /// 参照公务员法管理的事业单位
    CivilServiceManaged,
    /// 事业单位
    Public,
}

impl UnitKind {
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Administrative => "行政",
            UnitKind::CivilServiceManaged => "参公",
            UnitKind::Public => "事业",
        }
    }

    /// 行政 and 参公 units map economic lines to 501/502; 事业 units to 505.
    pub fn is_administrative(self) -> bool {
        !matches!(self, UnitKind::Public)
    }
}

/// The data of one table: its stored rows by block key ("main", "income", "expenditure").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableData {
    #[serde(deserialize_with = "unique::map")]
    pub blocks: BTreeMap<String, Vec<Row>>,
    /// The note printed under the table, as published (上海 prints an empty table with
    /// "注:本单位2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"); empty when none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// 自动: the cells of this table that follow from other tables ([`derive::resolve`]) are
    /// computed wherever the user has not typed them. Written only when set, so files of
    /// before keep their bytes.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub auto: bool,
}

impl TableData {
    pub fn rows(&self, block: &str) -> &[Row] {
        self.blocks.get(block).map(|v| v.as_slice()).unwrap_or(&[])
    }

    pub fn rows_mut(&mut self, block: &str) -> &mut Vec<Row> {
        self.blocks.entry(block.to_string()).or_default()
    }
}

/// A stored row. Which fields matter depends on the block's kind of rows:
/// code rows use `code` and `name` (and `gov_code`, `gov_name`, `unit_kind` in table 6);
/// fixed lines use `code` as the line key; unit rows use `name`; project rows use `name` and
/// `unit`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Row {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The unit a project belongs to (tables 12 and 13).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// 政府预算支出经济分类 code and name (table 6).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gov_code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gov_name: String,
    /// The kind of unit whose spending this economic line is (decides its 政府 code); the
    /// department's first unit's kind when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_kind: Option<UnitKind>,
    /// Column key → amount; a missing key is an empty cell.
    #[serde(deserialize_with = "unique::map")]
    pub cells: BTreeMap<String, Amount>,
}

impl Row {
    pub fn cell(&self, key: &str) -> Amount {
        self.cells.get(key).copied().unwrap_or(Amount::EMPTY)
    }

    pub fn set_cell(&mut self, key: &str, value: Amount) {
        if value.is_empty() {
            self.cells.remove(key);
        } else {
            self.cells.insert(key.to_string(), value);
        }
    }
}

/// One section of 第三部分 情况说明.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Section {
    /// The layout's section id ("three_public" …); empty in files written before layouts had
    /// section ids, where the number finds the section.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// "一" … "十二".
    pub number: String,
    pub title: String,
    /// The text as published or edited; paragraphs separated by "\n".
    pub text: String,
}

/// Facts quoted by the explanation that no table holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Facts {
    pub prior_year: PriorYear,
    pub procurement: Procurement,
    pub assets: Assets,
    /// Counts and amounts of projects by category for 绩效管理 (十).
    pub performance: PerformanceFacts,
}

/// 上年数: last year's figures the year-on-year sentences compare with (万元).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorYear {
    /// 上年预算收入总计.
    pub income_total: Amount,
    /// 上年预算支出总计.
    pub expenditure_total: Amount,
    /// 上年一般公共预算当年支出.
    pub general_expenditure: Amount,
    /// 上年"三公"经费: 因公出国（境）费, 公务接待费, 公务用车购置费, 公务用车运行维护费.
    pub abroad: Amount,
    pub reception: Amount,
    pub vehicle_purchase: Amount,
    pub vehicle_running: Amount,
    /// 上年机关运行经费.
    pub operating_cost: Amount,
    /// 上年财政拨款收入（支出）预算 (上海 编制说明 compares with it).
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub fiscal: Amount,
    /// 上年基本支出 and 上年项目支出 (the 支出总表's columns): what a change of 基本支出 or
    /// 项目支出 compares with.
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub basic: Amount,
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub project: Amount,
    /// 上年政府采购预算总额.
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub procurement: Amount,
}

/// 政府采购 (万元).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Procurement {
    pub total: Amount,
    pub goods: Amount,
    pub works: Amount,
    pub services: Amount,
    /// 面向中小企业预留政府采购项目预算 (上海).
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub sme_reserved: Amount,
    /// 其中预留给小型和微型企业 (上海).
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub small_micro_reserved: Amount,
}

/// 国有资产占有使用情况.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Assets {
    /// The date the counts are taken ("2025年12月31日").
    pub as_of: String,
    pub vehicle_quota: u32,
    /// Vehicles by category, in the published order (领导用车 …).
    pub vehicles: Vec<VehicleCount>,
    /// 办公用房建筑总面积, 平方米.
    pub office_area: Amount,
    /// 价值50万元（原值）以上的通用设备, 台（套）.
    pub equipment_over_50: u32,
    /// 价值100万元（原值）以上的通用设备, 台（套）.
    pub equipment_over_100: u32,
    /// Vehicles the budget plans to buy, by category (上海: 预算安排购置车辆).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned_vehicles: Vec<VehicleCount>,
    /// 预算安排购置单价100万元（含）以上设备 (上海), 台（套）.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_equipment_over_100: Option<u32>,
}

impl Assets {
    pub fn vehicles_total(&self) -> u32 {
        // Saturating: counts come from the file, and a sum of them must not overflow.
        self.vehicles
            .iter()
            .fold(0u32, |acc, v| acc.saturating_add(v.count))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VehicleCount {
    pub category: String,
    pub count: u32,
}

/// Facts of 十、绩效管理情况 that are not in the tables.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PerformanceFacts {
    /// 机关及下属预算单位数 that report an overall target.
    pub units_with_overall_target: u32,
    /// 编报绩效目标的项目个数 (上海 绩效目标设置情况).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projects_with_targets: Option<u32>,
    /// 涉及项目预算资金 (万元).
    #[serde(skip_serializing_if = "Amount::is_empty")]
    pub projects_with_targets_amount: Amount,
}

/// 部门整体支出绩效目标申报表.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OverallForm {
    /// 部门名称 as the form shows it ("024-长治市屯留区信访局").
    pub department: String,
    pub internal_departments: Option<u32>,
    pub budget_units: Option<u32>,
    /// 核定的人员编制数.
    pub staff_quota: Option<u32>,
    /// 实际在职人员总数 = 在编 + 其他.
    pub staff_total: Option<u32>,
    pub staff_in_quota: Option<u32>,
    pub staff_other: Option<u32>,
    pub duties: String,
    pub strategic_goal: String,
    /// 年度预算情况 by source (万元).
    pub by_source: FundsBySource,
    /// 年度预算情况 by direction (万元).
    pub by_direction: FundsByDirection,
    pub key_tasks: Vec<KeyTask>,
    pub annual_goal: String,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FundsBySource {
    pub total: Amount,
    pub general: Amount,
    pub fund: Amount,
    pub capital: Amount,
    pub social_insurance: Amount,
    pub special: Amount,
    pub unit: Amount,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FundsByDirection {
    pub total: Amount,
    pub basic: Amount,
    pub project: Amount,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeyTask {
    pub core_function: String,
    pub task: String,
}

/// One 三级指标 with its place in the tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标: 产出指标, 效益指标, 满意度指标.
    pub level1: String,
    /// 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 经济效益 …
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// 指标值 as written ("≥500 人/次", "定性", "100%").
    pub value: String,
}

/// 项目支出绩效目标表.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectForm {
    pub name: String,
    /// 主管部门及代码 ("024-长治市屯留区信访局").
    pub department: String,
    /// 实施单位.
    pub unit: String,
    /// 项目属性 ("一次性项目(1年结束)").
    pub attribute: String,
    /// 项目期 ("1年").
    pub period: String,
    /// 项目类别 for 绩效管理 counts (其他运转类, 特定目标类).
    pub category: String,
    /// 项目资金 (元) for the whole implementation period.
    pub funds_period: FormFunds,
    /// 项目资金 (元) for the year.
    pub funds_year: FormFunds,
    pub overview: String,
    pub basis: String,
    pub necessity: String,
    pub safeguards: String,
    pub plan: String,
    pub goal_period: String,
    pub goal_year: String,
    pub indicators_period: Vec<Indicator>,
    pub indicators_year: Vec<Indicator>,
    pub leader: String,
    pub handler: String,
    pub phone: String,
    pub filled_on: String,
    /// The form's own heading ("屯留区县(区)级预算部门(单位)项目支出绩效目标表").
    pub heading: String,
}

impl ProjectForm {
    /// A one-year project's two periods must agree.
    pub fn is_one_year(&self) -> bool {
        let p = self.period.replace(' ', "");
        p == "1年"
            || p == "一年"
            || self.attribute.contains("一次性")
            || self.attribute.contains("1年结束")
    }
}

/// 项目资金 by source, in 元.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormFunds {
    pub total: Amount,
    pub central: Amount,
    pub provincial: Amount,
    pub local: Amount,
    pub self_raised: Amount,
    pub other: Amount,
}

impl FormFunds {
    pub fn sources_sum(&self) -> Amount {
        money::sum_cells([
            self.central,
            self.provincial,
            self.local,
            self.self_raised,
            self.other,
        ])
    }
}

/// 项目经费情况说明 of one project (上海), its seven headings as published.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectNote {
    /// The project's name as the heading gives it ("科技创新专项").
    pub name: String,
    /// 一、项目概述
    pub overview: String,
    /// 二、立项依据
    pub basis: String,
    /// 三、实施主体
    pub implementer: String,
    /// 四、实施方案
    pub plan: String,
    /// 五、实施周期
    pub period: String,
    /// 六、年度预算安排
    pub annual_budget: String,
    /// 七、绩效目标
    pub targets: String,
}

impl ProjectNote {
    /// The seven parts with their published headings, in order.
    pub fn parts(&self) -> [(&'static str, &str); 7] {
        [
            ("项目概述", &self.overview),
            ("立项依据", &self.basis),
            ("实施主体", &self.implementer),
            ("实施方案", &self.plan),
            ("实施周期", &self.period),
            ("年度预算安排", &self.annual_budget),
            ("绩效目标", &self.targets),
        ]
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Appendix {
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}

impl Package {
    pub fn layout(&self) -> &'static Layout {
        self.custom_layout
            .or_else(|| Layout::by_id(&self.layout))
            .unwrap_or_else(layout::shanxi_13)
    }

    /// The explanation section with this layout id ("three_public" …): by its stored id, or,
    /// for a section stored without one, by the number the layout gives that id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.explanation.iter().find(|s| s.id == id).or_else(|| {
            let def = self.layout().section(id)?;
            self.explanation
                .iter()
                .find(|s| s.id.is_empty() && !def.number.is_empty() && s.number == def.number)
        })
    }

    /// The layout id of a stored section (its own, or the one its number has in the layout).
    pub fn section_id<'s>(&'s self, section: &'s Section) -> Option<&'s str> {
        if !section.id.is_empty() {
            return Some(&section.id);
        }
        self.layout()
            .sections
            .iter()
            .find(|d| !d.number.is_empty() && d.number == section.number)
            .map(|d| d.id.as_str())
    }

    pub fn table(&self, key: &str) -> Option<&TableData> {
        self.tables.get(key)
    }

    pub fn table_mut(&mut self, key: &str) -> &mut TableData {
        self.tables.entry(key.to_string()).or_default()
    }

    /// The table of a kind in this package's layout, with its data (empty when none stored).
    pub fn table_of_kind(&self, kind: TableKind) -> Option<(&'static TableDef, &TableData)> {
        static EMPTY: std::sync::OnceLock<TableData> = std::sync::OnceLock::new();
        let def = self.layout().table_of_kind(kind)?;
        let data = self
            .tables
            .get(&def.key)
            .unwrap_or_else(|| EMPTY.get_or_init(TableData::default));
        Some((def, data))
    }

    /// The kind of the department's main unit (the first listed), 行政 when none is listed.
    pub fn main_unit_kind(&self) -> UnitKind {
        self.overview
            .units
            .first()
            .map(|u| u.kind)
            .unwrap_or_default()
    }

    /// An empty package of a year, with the built-in layout and the standard texts.
    pub fn new_empty(year: i32, department: &str) -> Package {
        Package::new_with_layout(year, department, layout::shanxi_13())
    }

    /// An empty package of a year in a layout: every table, and the layout's sections with
    /// empty texts. A layout that is not built in is kept in the package.
    pub fn new_with_layout(year: i32, department: &str, layout: &'static Layout) -> Package {
        let builtin = Layout::is_builtin_id(&layout.id);
        let mut p = Package {
            layout: layout.id.clone(),
            custom_layout: (!builtin).then_some(layout),
            year,
            department: Department {
                name: department.to_string(),
                code: String::new(),
            },
            ..Package::default()
        };
        p.overview.units.push(OrgUnit {
            name: department.to_string(),
            kind: UnitKind::Administrative,
        });
        for def in &p.layout().tables {
            p.tables.insert(def.key.clone(), TableData::default());
        }
        p.explanation = sections_of(layout, year);
        p
    }

    pub fn project_form(&self, name: &str) -> Option<&ProjectForm> {
        self.project_forms.iter().find(|f| f.name == name)
    }
}

/// A layout's sections with empty texts. 山西's (the only layout before sections had ids) are
/// stored without ids, as its files always were; others with their ids.
pub fn sections_of(layout: &Layout, year: i32) -> Vec<Section> {
    let with_ids = layout.id != layout::SHANXI_13_ID;
    layout
        .sections
        .iter()
        .map(|d| Section {
            id: if with_ids {
                d.id.clone()
            } else {
                String::new()
            },
            number: d.number.clone(),
            title: d.title.replace("{year}", &year.to_string()),
            text: String::new(),
        })
        .collect()
}

/// The twelve section headings of 第三部分, with empty texts.
pub fn standard_sections() -> Vec<Section> {
    const TITLES: [(&str, &str); 12] = [
        ("一", "部门预算收支数据变动情况及原因"),
        ("二", "收入预算情况说明"),
        ("三", "支出预算情况说明"),
        ("四", "财政拨款收支预算总体情况说明"),
        ("五", "一般公共预算支出情况说明"),
        ("六", "一般公共预算基本支出情况说明"),
        ("七", "“三公”经费增减变动原因说明"),
        ("八", "机关运行经费增减变动原因说明"),
        ("九", "政府采购情况"),
        ("十", "绩效管理情况"),
        ("十一", "国有资产占有使用情况"),
        ("十二", "其他说明"),
    ];
    TITLES
        .iter()
        .map(|(n, t)| Section {
            id: String::new(),
            number: n.to_string(),
            title: t.to_string(),
            text: String::new(),
        })
        .collect()
}

/// Chinese numerals for list numbering (一 … 九十九).
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".into(),
        1..=9 => D[n].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n % 10]),
        _ => format!("{}十{}", D[(n / 10) % 10], D[n % 10]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_as_published() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(30), "三十");
        assert_eq!(chinese_number(23), "二十三");
    }

    #[test]
    fn new_package_has_every_table_and_section() {
        let p = Package::new_empty(2027, "某局");
        assert_eq!(p.tables.len(), 13);
        assert_eq!(p.explanation.len(), 12);
        assert_eq!(p.explanation[11].title, "其他说明");
        assert_eq!(p.year, 2027);
        assert_eq!(p.explanation, standard_sections());
        assert_eq!(p.section("other").map(|s| s.number.as_str()), Some("十二"));
    }

    #[test]
    fn a_shanghai_package_has_nine_tables_and_its_sections_by_id() {
        let l = Layout::by_id(layout::SHANGHAI_UNIT_ID).expect("built in");
        let p = Package::new_with_layout(2025, "某办", l);
        assert_eq!(p.tables.len(), 9);
        assert!(p.custom_layout.is_none());
        assert_eq!(p.layout, "shanghai-unit");
        assert_eq!(
            p.section("budget_notes").map(|s| s.title.as_str()),
            Some("2025年单位预算编制说明")
        );
        assert_eq!(p.section("assets").map(|s| s.number.as_str()), Some("五"));
        assert_eq!(p.section("changes"), None);
    }
}
