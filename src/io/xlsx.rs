//! Export of a package to an xlsx workbook in the published layout (one sheet per table, the
//! forms, the texts and the checker's findings), and the sheet geometry the import shares.
//!
//! The workbook is meant to travel: a reviewer reads it in Excel, WPS or LibreOffice, and a
//! colleague may edit it and send it back, so every part of the package is written to a visible
//! sheet and [`super::xlsx_import`] rebuilds the package from it. Row details the published
//! tables do not show (a fixed line's key, a stored row's place, table 6's 政府经济科目编码 and
//! unit kind, a project's unit) sit in clearly titled columns to the right of each table, outside
//! its print area.
//!
//! For the command line and the window: [`export`] gives the bytes, [`export_to`] writes a file
//! atomically (never a half-written workbook over a good one); [`super::xlsx_import::import`]
//! and [`super::xlsx_import::import_path`] read one back, failing with every unreadable cell
//! listed, so nothing half-read can be saved over a project file.

use crate::catalog::Catalog;
use crate::model::comments;
use crate::model::layout::{BlockDef, ColumnKind, LabelColumn, LineKind, RowsDef, TableDef};
use crate::model::view::{RowRole, ViewRow, table_view};
use crate::model::{Amount, Indicator, Package, Row, UnitKind};
use crate::rules::Finding;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
    utility::row_col_to_cell,
};
use std::collections::BTreeMap;
use std::path::Path;

/// Sheet names; the import looks sheets up by these.
pub const SHEET_OVERVIEW: &str = "概况";
pub const SHEET_EXPLANATION: &str = "情况说明";
pub const SHEET_OVERALL: &str = "整体绩效目标";
/// Project forms are named this prefix and their 1-based position ("项目绩效1").
pub const SHEET_PROJECT_PREFIX: &str = "项目绩效";
pub const SHEET_APPENDICES: &str = "附件";
pub const SHEET_GLOSSARY: &str = "名词解释";
pub const SHEET_FACTS: &str = "其他信息";
pub const SHEET_COMMENTS: &str = "审阅意见";
pub const SHEET_CHECKLIST: &str = "自查表";
pub const SHEET_FINDINGS: &str = "审核结果";

/// The number format of every amount, in 万元 tables and 元 forms alike.
pub const AMOUNT_FORMAT: &str = "#,##0.00";
/// What an empty table says under its header, as published.
pub const NO_DATA_NOTE: &str = "注：本表无数据";
/// Row-type labels written in a table's 行类型 column.
pub const ROLE_COMPUTED: &str = "计算";
pub const ROLE_DATA: &str = "数据";

/// The sheet name of a table ("表3").
pub fn table_sheet_name(def: &TableDef) -> String {
    format!("表{}", def.number)
}

/// A detail column to the right of a table block, for what the published table does not show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    /// 计算 (a total, subtotal or sum line) or 数据 (a row the user types into).
    Role,
    /// The stored row's position, so the import keeps the stored order.
    Index,
    /// The stored row's `code`: a fixed line's key, or a unit's or project's code.
    Key,
    /// The stored row's `name` where the published label is the layout's, not the row's.
    Name,
    /// The project's unit (tables 12 and 13).
    Unit,
    /// 政府预算支出经济科目编码 (table 6).
    GovCode,
    /// 单位类型 of an economic line (table 6).
    UnitKind,
}

impl Extra {
    pub fn label(self) -> &'static str {
        match self {
            Extra::Role => "行类型",
            Extra::Index => "存储序号",
            Extra::Key => "行键",
            Extra::Name => "存储名称",
            Extra::Unit => "所属单位",
            Extra::GovCode => "政府经济科目编码",
            Extra::UnitKind => "单位类型",
        }
    }
}

/// The detail columns a block needs.
pub fn extras_of(block: &BlockDef) -> Vec<Extra> {
    let mut v = vec![Extra::Role, Extra::Index];
    match &block.rows {
        RowsDef::Codes { .. } => {
            if block
                .labels
                .iter()
                .any(|l| matches!(l, LabelColumn::GovName { .. }))
            {
                v.extend([Extra::GovCode, Extra::UnitKind]);
            }
        }
        RowsDef::Fixed(_) => v.extend([Extra::Key, Extra::Name]),
        RowsDef::Units => v.push(Extra::Key),
        RowsDef::Projects => v.extend([Extra::Unit, Extra::Key]),
    }
    v
}

/// The label of a detail column as written in the header ("收入·行类型" in a two-block table).
pub fn extra_header(def: &TableDef, block: &BlockDef, e: Extra) -> String {
    if def.blocks.len() > 1 {
        format!("{}·{}", block.caption, e.label())
    } else {
        e.label().to_string()
    }
}

/// Where one block of a table sits on its sheet.
#[derive(Clone, Debug)]
pub struct BlockGeom {
    pub first_col: u16,
    pub extras_col: u16,
    pub extras: Vec<Extra>,
}

impl BlockGeom {
    pub fn label_col(&self, i: usize) -> u16 {
        self.first_col + i as u16
    }

    pub fn data_col(&self, block: &BlockDef, j: usize) -> u16 {
        self.first_col + (block.labels.len() + j) as u16
    }

    pub fn extra_col(&self, e: Extra) -> Option<u16> {
        self.extras
            .iter()
            .position(|x| *x == e)
            .map(|i| self.extras_col + i as u16)
    }
}

/// Where everything of a table sits on its sheet. Rows and columns are 0-based.
#[derive(Clone, Debug)]
pub struct Geometry {
    /// Row of the block captions (收入 / 支出) in a table with several blocks.
    pub caption_row: Option<u32>,
    pub header_top: u32,
    pub depth: u32,
    /// Row of the column numbers (1, 2, 3 …) when the table has one.
    pub numbered_row: Option<u32>,
    pub data_start: u32,
    /// Columns of the published table (the print area).
    pub published_cols: u16,
    pub blocks: Vec<BlockGeom>,
}

pub fn geometry(def: &TableDef) -> Geometry {
    let caption_row = (def.blocks.len() > 1).then_some(2);
    let header_top = if caption_row.is_some() { 3 } else { 2 };
    let depth = def
        .blocks
        .iter()
        .map(|b| b.header_depth())
        .max()
        .unwrap_or(1) as u32;
    let numbered_row = def.numbered_columns.then_some(header_top + depth);
    let data_start = header_top + depth + u32::from(def.numbered_columns);
    let mut col = 0u16;
    let mut firsts = Vec::new();
    for b in &def.blocks {
        firsts.push(col);
        col += (b.labels.len() + b.columns.len()) as u16;
    }
    let published_cols = col;
    // One empty column between the published table and the detail columns.
    let mut extras_col = published_cols + 1;
    let mut blocks = Vec::new();
    for (b, first_col) in def.blocks.iter().zip(firsts) {
        let extras = extras_of(b);
        let n = extras.len() as u16;
        blocks.push(BlockGeom {
            first_col,
            extras_col,
            extras,
        });
        extras_col += n;
    }
    Geometry {
        caption_row,
        header_top,
        depth,
        numbered_row,
        data_start,
        published_cols,
        blocks,
    }
}

/// One header cell: its text and the range it is merged over (a single cell when r1 == r2 and
/// c1 == c2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub r1: u32,
    pub c1: u16,
    pub r2: u32,
    pub c2: u16,
    pub text: String,
}

/// The header of a table as drawn: block captions, then the multi-level header where equal
/// neighbours merge horizontally and a shorter path spans down to the last header row.
pub fn header_cells(def: &TableDef, year: i32) -> Vec<HeaderCell> {
    let g = geometry(def);
    let y = |s: &str| s.replace("{year}", &year.to_string());
    let mut out = Vec::new();
    for (b, bg) in def.blocks.iter().zip(&g.blocks) {
        let width = (b.labels.len() + b.columns.len()) as u16;
        if let Some(r) = g.caption_row {
            out.push(HeaderCell {
                r1: r,
                c1: bg.first_col,
                r2: r,
                c2: bg.first_col + width - 1,
                text: y(&b.caption),
            });
        }
        let paths: Vec<Vec<String>> = b
            .labels
            .iter()
            .map(|l| l.header().iter().map(|h| y(h)).collect())
            .chain(
                b.columns
                    .iter()
                    .map(|c| c.header.iter().map(|h| y(h)).collect()),
            )
            .collect();
        for level in 0..g.depth as usize {
            let mut c = 0usize;
            while c < paths.len() {
                if paths[c].len() <= level {
                    c += 1;
                    continue;
                }
                let mut e = c;
                while e + 1 < paths.len()
                    && paths[e + 1].len() > level
                    && paths[e + 1][..=level] == paths[c][..=level]
                {
                    e += 1;
                }
                let all_end_here = paths[c..=e].iter().all(|p| p.len() == level + 1);
                let r1 = g.header_top + level as u32;
                let r2 = if all_end_here {
                    g.header_top + g.depth - 1
                } else {
                    r1
                };
                out.push(HeaderCell {
                    r1,
                    c1: bg.first_col + c as u16,
                    r2,
                    c2: bg.first_col + e as u16,
                    text: paths[c][level].clone(),
                });
                c = e + 1;
            }
        }
        for (i, e) in bg.extras.iter().enumerate() {
            let r = g.header_top + g.depth - 1;
            out.push(HeaderCell {
                r1: r,
                c1: bg.extras_col + i as u16,
                r2: r,
                c2: bg.extras_col + i as u16,
                text: extra_header(def, b, *e),
            });
        }
    }
    out
}

/// The title row text of the 部门名称 line.
pub fn department_line(pkg: &Package) -> String {
    format!("部门名称：{}", pkg.department.name)
}

pub fn unit_line(def: &TableDef) -> String {
    format!("单位：{}", def.unit.label())
}

/// The unit kind as written in the workbook.
pub fn unit_kind_label(k: UnitKind) -> &'static str {
    k.label()
}

pub fn parse_unit_kind(s: &str) -> Option<UnitKind> {
    match s.trim() {
        "行政" | "行政单位" => Some(UnitKind::Administrative),
        "参公" | "参公单位" | "参照公务员法管理的事业单位" => {
            Some(UnitKind::CivilServiceManaged)
        }
        "事业" | "事业单位" => Some(UnitKind::Public),
        _ => None,
    }
}

/// Display width of a text in Excel's column units: a CJK character is two.
pub fn text_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

/// The f64 Excel stores for an amount; through its decimal text so it is the nearest double.
pub fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse::<f64>().unwrap_or(0.0)
}

/// The keys and labels of the 其他信息 sheet, in order; the import reads by these labels.
pub mod facts_keys {
    pub const YEAR: &str = "预算年度";
    pub const LAYOUT: &str = "报表样式";
    pub const DEPT_NAME: &str = "部门名称";
    pub const DEPT_CODE: &str = "部门代码";
    pub const TOLERANCE: &str = "尾差容许值（万元）";
    pub const PRIOR_INCOME: &str = "上年预算收入总计（万元）";
    pub const PRIOR_EXPENDITURE: &str = "上年预算支出总计（万元）";
    pub const PRIOR_GENERAL: &str = "上年一般公共预算当年支出（万元）";
    pub const PRIOR_ABROAD: &str = "上年因公出国（境）费（万元）";
    pub const PRIOR_RECEPTION: &str = "上年公务接待费（万元）";
    pub const PRIOR_VEHICLE_PURCHASE: &str = "上年公务用车购置费（万元）";
    pub const PRIOR_VEHICLE_RUNNING: &str = "上年公务用车运行维护费（万元）";
    pub const PRIOR_OPERATING: &str = "上年机关运行经费（万元）";
    pub const PROC_TOTAL: &str = "政府采购预算总额（万元）";
    pub const PROC_GOODS: &str = "政府采购货物（万元）";
    pub const PROC_WORKS: &str = "政府采购工程（万元）";
    pub const PROC_SERVICES: &str = "政府采购服务（万元）";
    pub const LAYOUT_DEF: &str = "报表样式定义（自定义版式）";
    pub const DUTIES_INTRO: &str = "主要职能（编号各项之前的文字）";
    pub const PLANNED_VEHICLE: &str = "预算安排购置车辆";
    pub const PLANNED_EQUIP_100: &str = "预算安排购置单价100万元以上设备（台套）";
    pub const PRIOR_FISCAL: &str = "上年财政拨款收入预算（万元）";
    pub const PRIOR_BASIC: &str = "上年基本支出（万元）";
    pub const PRIOR_PROJECT: &str = "上年项目支出（万元）";
    pub const PRIOR_PROCUREMENT: &str = "上年政府采购预算总额（万元）";
    pub const PROC_SME: &str = "面向中小企业预留政府采购预算（万元）";
    pub const PROC_SMALL_MICRO: &str = "其中预留给小型和微型企业（万元）";
    pub const TARGET_PROJECTS: &str = "编报绩效目标的项目个数";
    pub const TARGET_PROJECTS_AMOUNT: &str = "编报绩效目标的项目预算资金（万元）";
    pub const ASSETS_AS_OF: &str = "国有资产统计截止日期";
    pub const VEHICLE_QUOTA: &str = "车辆编制数";
    /// One row per vehicle category: label, category, count.
    pub const VEHICLE: &str = "车辆";
    pub const OFFICE_AREA: &str = "办公用房建筑总面积（平方米）";
    pub const EQUIP_50: &str = "价值50万元以上通用设备（台套）";
    pub const EQUIP_100: &str = "价值100万元以上通用设备（台套）";
    pub const UNITS_WITH_TARGET: &str = "编报整体绩效目标的单位数";
    /// Which tables and blocks the package stores, so empty ones survive the round trip.
    pub const BLOCKS: &str = "已存储的表块";
}

/// Labels of the 整体 form sheet: (section, item). The import reads by these pairs.
pub mod overall_keys {
    pub const DEPARTMENT: &str = "部门名称";
    pub const INTERNAL: &str = "内设职能部门数";
    pub const UNITS: &str = "所属预算单位数";
    pub const QUOTA: &str = "核定的人员编制数";
    pub const STAFF_TOTAL: &str = "实际在职人员总数";
    pub const STAFF_IN_QUOTA: &str = "其中：在编人数";
    pub const STAFF_OTHER: &str = "其他人员";
    pub const DUTIES: &str = "部门职责";
    pub const STRATEGIC: &str = "战略目标";
    pub const BY_SOURCE: &str = "年度预算情况（按资金来源，万元）";
    pub const BY_DIRECTION: &str = "年度预算情况（按支出方向，万元）";
    pub const SOURCES: [&str; 7] = [
        "资金总额",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "社会保险基金预算",
        "财政专户管理资金",
        "单位资金",
    ];
    pub const DIRECTIONS: [&str; 3] = ["合计", "基本支出", "项目支出"];
    pub const KEY_TASKS: &str = "年度重点任务";
    pub const ANNUAL_GOAL: &str = "年度绩效目标";
    pub const INDICATORS: &str = "绩效指标";
}

/// Labels of a project form sheet (column A). The import finds rows by these.
pub mod project_keys {
    pub const NAME: &str = "项目名称";
    pub const DEPARTMENT: &str = "主管部门及代码";
    pub const UNIT: &str = "实施单位";
    pub const ATTRIBUTE: &str = "项目属性";
    pub const PERIOD: &str = "项目期";
    pub const CATEGORY: &str = "项目类别";
    pub const FUNDS: &str = "项目资金（元）";
    pub const FUND_ROWS: [(&str, &str); 6] = [
        ("实施期资金总额", "年度资金总额"),
        ("其中：中央财政资金", "其中：中央财政资金"),
        ("省级财政资金", "省级财政资金"),
        ("市县（区）财政资金", "市县（区）财政资金"),
        ("单位自筹", "单位自筹"),
        ("其他资金", "其他资金"),
    ];
    pub const OVERVIEW: &str = "项目概况";
    pub const BASIS: &str = "立项依据";
    pub const NECESSITY: &str = "项目设立必要性";
    pub const SAFEGUARDS: &str = "保证项目实施的制度、措施";
    pub const PLAN: &str = "项目实施计划";
    pub const GOAL: &str = "总体目标";
    pub const INDICATORS: &str = "绩效指标";
    pub const INDICATOR_HEADER: &str = "一级指标";
    pub const LEADER: &str = "负责人";
    pub const HANDLER: &str = "经办人";
    pub const PHONE: &str = "联系电话";
    pub const FILLED_ON: &str = "填报日期";
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    text_wrap: Format,
    code: Format,
    label: Vec<Format>,
    label_total: Format,
    amount: Format,
    amount_total: Format,
    extra: Format,
    extra_header: Format,
    note: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        let label = (0..4u8)
            .map(|d| cell.clone().set_indent(d.saturating_sub(1)))
            .collect();
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xF2F2F2),
            text: cell.clone(),
            text_wrap: cell
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            code: cell.clone().set_num_format("@"),
            label,
            label_total: cell.clone().set_bold(),
            amount: cell.clone().set_num_format(AMOUNT_FORMAT),
            amount_total: cell.clone().set_bold().set_num_format(AMOUNT_FORMAT),
            extra: Format::new().set_font_color(0x808080).set_num_format("@"),
            extra_header: Format::new().set_font_color(0x808080).set_italic(),
            note: Format::new(),
        }
    }
}

/// A worksheet with the widths its text needs, tracked as it is written.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: BTreeMap<u16, usize>,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet) -> Self {
        ws.set_formula_result_default("");
        Sheet {
            ws,
            widths: BTreeMap::new(),
        }
    }

    fn fit(&mut self, col: u16, text: &str) {
        let w = self.widths.entry(col).or_insert(0);
        *w = (*w).max(text_width(text));
    }

    /// Writes text as text, never as a formula (a leading = + - @ stays literal).
    fn text(&mut self, r: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        if s.is_empty() {
            self.ws.write_blank(r, c, f)?;
        } else {
            self.fit(c, s);
            self.ws.write_string_with_format(r, c, s, f)?;
        }
        Ok(())
    }

    fn amount(&mut self, r: u32, c: u16, a: Amount, f: &Format) -> Result<(), XlsxError> {
        match a.value() {
            Some(d) => {
                self.fit(c, &format_amount(d));
                self.ws.write_number_with_format(r, c, to_f64(d), f)?;
            }
            None => {
                self.ws.write_blank(r, c, f)?;
            }
        }
        Ok(())
    }

    fn count(&mut self, r: u32, c: u16, n: Option<u32>, f: &Format) -> Result<(), XlsxError> {
        match n {
            Some(n) => {
                self.fit(c, &n.to_string());
                self.ws.write_number_with_format(r, c, f64::from(n), f)?;
            }
            None => {
                self.ws.write_blank(r, c, f)?;
            }
        }
        Ok(())
    }

    fn merge(
        &mut self,
        (r1, c1): (u32, u16),
        (r2, c2): (u32, u16),
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        if r1 == r2 && c1 == c2 {
            return self.text(r1, c1, s, f);
        }
        if c1 == c2 {
            self.fit(c1, s);
        }
        // merge_range writes its text as a string, never as a formula.
        self.ws.merge_range(r1, c1, r2, c2, s, f)?;
        Ok(())
    }

    fn apply_widths(&mut self, min: usize, max: usize) -> Result<(), XlsxError> {
        for (&c, &w) in &self.widths {
            let w = (w + 2).clamp(min, max);
            self.ws.set_column_width(c, w as f64)?;
        }
        Ok(())
    }
}

/// "1,234.50" for the width estimate.
fn format_amount(d: Decimal) -> String {
    let s = crate::model::money::format_2dp(d);
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let neg = int.starts_with('-');
    let digits = int.trim_start_matches('-');
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{}{out}.{frac}", if neg { "-" } else { "" })
}

/// Exports a package with its findings to xlsx bytes.
/// A 自动 table is written with its computed cells, as the window shows it.
pub fn export(
    pkg: &Package,
    catalog: &Catalog,
    findings: &[Finding],
) -> Result<Vec<u8>, XlsxError> {
    let resolved = crate::model::derive::resolved(pkg, catalog);
    let pkg = &*resolved;
    let mut wb = Workbook::new();
    let f = Formats::new();
    write_overview(wb.add_worksheet(), pkg, &f)?;
    for def in &pkg.layout().tables {
        write_table(wb.add_worksheet(), pkg, catalog, def, &f)?;
    }
    write_explanation(wb.add_worksheet(), pkg, &f)?;
    write_overall(wb.add_worksheet(), pkg, &f)?;
    for (i, form) in pkg.project_forms.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(format!("{SHEET_PROJECT_PREFIX}{}", i + 1))?;
        write_project_form(ws, pkg, form, &f)?;
    }
    write_pairs(
        wb.add_worksheet(),
        SHEET_APPENDICES,
        "附件",
        ["标题", "内容"],
        pkg.appendices
            .iter()
            .map(|a| [a.title.as_str(), a.text.as_str()]),
        &f,
    )?;
    write_pairs(
        wb.add_worksheet(),
        SHEET_GLOSSARY,
        "第四部分 名词解释",
        ["名词", "解释"],
        pkg.glossary
            .iter()
            .map(|g| [g.term.as_str(), g.definition.as_str()]),
        &f,
    )?;
    write_facts(wb.add_worksheet(), pkg, &f)?;
    write_comments(wb.add_worksheet(), pkg, &f)?;
    write_findings(wb.add_worksheet(), pkg, findings, &f)?;
    write_checklist(wb.add_worksheet(), pkg, findings, &f)?;
    wb.save_to_buffer()
}

/// Why an export could not be written to a file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("无法生成 Excel 工作簿：{0}")]
    Xlsx(#[from] XlsxError),
    #[error(
        "无法导出 Excel：{place}有 {chars} 个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS} 个字符；请缩短后再导出"
    )]
    TextTooLong { place: String, chars: usize },
    #[error("{0}")]
    Save(#[from] super::project::SaveError),
}

/// Exports to a file, atomically (a half-written workbook never replaces a good one).
pub fn export_to(
    pkg: &Package,
    catalog: &Catalog,
    findings: &[Finding],
    path: &Path,
) -> Result<(), ExportError> {
    if let Some((place, chars)) = too_long_text(pkg) {
        return Err(ExportError::TextTooLong { place, chars });
    }
    let bytes = export(pkg, catalog, findings)?;
    super::project::write_atomic(path, &bytes)?;
    Ok(())
}

/// The most characters an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The first text of the package longer than a cell holds, named in Chinese, with its length.
pub fn too_long_text(pkg: &Package) -> Option<(String, usize)> {
    let value = serde_json::to_value(pkg).ok()?;
    let mut path: Vec<String> = Vec::new();
    find_long(&value, &mut path)
}

fn find_long(v: &serde_json::Value, path: &mut Vec<String>) -> Option<(String, usize)> {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            let n = s.chars().count();
            (n > MAX_CELL_CHARS).then(|| (describe_path(path), n))
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
            path.push(format!("#{i}"));
            let r = find_long(x, path);
            path.pop();
            r
        }),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            path.push(k.clone());
            let r = find_long(x, path);
            path.pop();
            r
        }),
        _ => None,
    }
}

/// "project_forms/#1/name" → "项目绩效目标表第 2 项的名称（project_forms[1].name）".
fn describe_path(path: &[String]) -> String {
    fn label(k: &str) -> &str {
        match k {
            "department" => "部门",
            "overview" => "概况",
            "tables" => "报表",
            "explanation" => "情况说明",
            "facts" => "其他数据",
            "overall_form" => "部门整体绩效目标表",
            "project_forms" => "项目支出绩效目标表",
            "appendices" => "附件",
            "glossary" => "名词解释",
            "comments" => "审核意见",
            "name" => "名称",
            "title" => "标题",
            "text" => "正文",
            "duties" => "职责",
            "organization" => "机构设置",
            "offices" => "内设科室",
            "units" => "所属单位",
            "term" => "名词",
            "definition" => "解释",
            "indicators" | "indicators_period" | "indicators_year" => "绩效指标",
            "value" => "指标值",
            "overview_text" => "项目概况",
            "basis" => "立项依据",
            "necessity" => "必要性",
            "plan" => "实施计划",
            "safeguards" => "保障措施",
            "author" => "审核人",
            "place" => "位置",
            _ => k,
        }
    }
    let mut zh = String::new();
    let mut raw = String::new();
    for part in path {
        if let Some(i) = part.strip_prefix('#') {
            let n = i.parse::<usize>().map(|n| n + 1).unwrap_or(0);
            zh.push_str(&format!("第 {n} 项"));
            raw.push_str(&format!("[{i}]"));
        } else {
            if !zh.is_empty() {
                zh.push('的');
            }
            zh.push_str(label(part));
            if !raw.is_empty() {
                raw.push('.');
            }
            raw.push_str(part);
        }
    }
    format!("{zh}（{raw}）")
}

fn a4(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
}

fn title_row(sh: &mut Sheet, text: &str, last_col: u16, f: &Formats) -> Result<(), XlsxError> {
    sh.ws.set_row_height(0, 30)?;
    if last_col == 0 {
        sh.ws.write_string_with_format(0, 0, text, &f.title)?;
        Ok(())
    } else {
        sh.ws.merge_range(0, 0, 0, last_col, text, &f.title)?;
        Ok(())
    }
}

/// Compresses row numbers of one column into SUM arguments ("C8:C10,C14").
fn sum_args(col: u16, mut rows: Vec<u32>) -> String {
    rows.sort_unstable();
    rows.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        if i == j {
            parts.push(row_col_to_cell(rows[i], col));
        } else {
            parts.push(format!(
                "{}:{}",
                row_col_to_cell(rows[i], col),
                row_col_to_cell(rows[j], col)
            ));
        }
        i = j + 1;
    }
    parts.join(",")
}

/// A SUM over cells that stays empty while they all are, as the published tables leave an empty
/// total empty; a plain SUM where the total has a value.
fn sum_formula(args: &str, value: Amount) -> Formula {
    match value.value() {
        Some(d) => Formula::new(format!("=SUM({args})")).set_result(d.to_string()),
        None => Formula::new(format!("=IF(COUNT({args})=0,\"\",SUM({args}))")),
    }
}

/// The sheet rows whose cells a computed row of a block sums, by view index.
fn children_of(
    pkg: &Package,
    catalog: &Catalog,
    block: &BlockDef,
    rows: &[ViewRow],
) -> Vec<Option<Vec<usize>>> {
    let mut out: Vec<Option<Vec<usize>>> = vec![None; rows.len()];
    match &block.rows {
        RowsDef::Codes { .. } | RowsDef::Projects => {
            for (i, r) in rows.iter().enumerate() {
                if !matches!(r.role, RowRole::Total | RowRole::Group | RowRole::UnitGroup) {
                    continue;
                }
                let mut kids = Vec::new();
                for (k, c) in rows.iter().enumerate().skip(i + 1) {
                    if c.depth <= r.depth {
                        break;
                    }
                    if c.depth == r.depth + 1 {
                        kids.push(k);
                    }
                }
                out[i] = Some(kids);
            }
        }
        RowsDef::Units => {
            if let Some(t) = rows.iter().position(|r| r.role == RowRole::Total) {
                out[t] = Some((0..rows.len()).filter(|&k| k != t).collect());
            }
        }
        RowsDef::Fixed(lines) => {
            let has_classes = lines.iter().any(|l| l.kind.is_classes());
            let class_codes: Vec<&str> = catalog
                .classes(pkg.year)
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            let is_class = |r: &ViewRow| {
                has_classes
                    && r.role == RowRole::FixedInput
                    && (class_codes.contains(&r.code.as_str())
                        || !lines.iter().any(|l| l.key == r.code))
            };
            for (i, r) in rows.iter().enumerate() {
                if r.role != RowRole::FixedSum {
                    continue;
                }
                let Some(line) = lines.iter().find(|l| l.key == r.code) else {
                    continue;
                };
                let LineKind::Sum(of) = &line.kind else {
                    continue;
                };
                let mut kids = Vec::new();
                for key in of {
                    if key == "class:" {
                        kids.extend(
                            rows.iter()
                                .enumerate()
                                .filter(|(_, x)| is_class(x))
                                .map(|(k, _)| k),
                        );
                    } else if let Some(k) = rows.iter().position(|x| &x.code == key) {
                        kids.push(k);
                    }
                }
                out[i] = Some(kids);
            }
        }
    }
    out
}

fn write_table(
    ws: &mut Worksheet,
    pkg: &Package,
    catalog: &Catalog,
    def: &TableDef,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(table_sheet_name(def))?;
    let g = geometry(def);
    let view = table_view(pkg, catalog, def);
    let mut sh = Sheet::new(ws);
    let last_pub = g.published_cols.saturating_sub(1);
    title_row(&mut sh, &def.title_for(pkg.year), last_pub, f)?;
    sh.ws
        .write_string_with_format(1, 0, department_line(pkg), &f.subtitle)?;
    sh.ws.write_string_with_format(
        1,
        last_pub,
        unit_line(def),
        &f.subtitle.clone().set_align(FormatAlign::Right),
    )?;
    if let Some(first) = g.blocks.first() {
        sh.ws.write_string_with_format(
            1,
            first.extras_col,
            "右侧各列供导入时识别行，请勿修改",
            &f.extra_header,
        )?;
    }
    for h in header_cells(def, pkg.year) {
        let is_extra = g.blocks.iter().any(|b| h.c1 >= b.extras_col) && h.c1 > g.published_cols;
        let fmt = if is_extra { &f.extra_header } else { &f.header };
        sh.merge((h.r1, h.c1), (h.r2, h.c2), &h.text, fmt)?;
    }
    if let Some(r) = g.numbered_row {
        for c in 0..g.published_cols {
            sh.ws
                .write_string_with_format(r, c, (c + 1).to_string(), &f.header)?;
        }
    }
    let empty = crate::model::TableData::default();
    let data = pkg.tables.get(&def.key).unwrap_or(&empty);
    let mut end = g.data_start;
    for ((block, bg), bv) in def.blocks.iter().zip(&g.blocks).zip(&view.blocks) {
        let stored_rows = data.rows(&block.key);
        let kids = children_of(pkg, catalog, block, &bv.rows);
        for (i, vr) in bv.rows.iter().enumerate() {
            let r = g.data_start + i as u32;
            let stored: Option<&Row> = vr.stored.and_then(|s| stored_rows.get(s));
            write_view_row(&mut sh, block, bg, &g, vr, stored, kids[i].as_deref(), r, f)?;
            write_cell_notes(&mut sh, pkg, def, block, bg, vr, r)?;
        }
        end = end.max(g.data_start + bv.rows.len() as u32);
    }
    // The note printed under the table (上海 words its own), else the standard one when empty.
    let note = data.note.trim();
    if !note.is_empty() {
        sh.ws.write_string_with_format(end, 0, note, &f.note)?;
        end += 1;
    } else if !view.has_data() {
        sh.ws
            .write_string_with_format(end, 0, NO_DATA_NOTE, &f.note)?;
        end += 1;
    }
    sh.apply_widths(8, 50)?;
    sh.ws.set_freeze_panes(g.data_start, 0)?;
    sh.ws.set_repeat_rows(g.header_top, g.data_start - 1)?;
    sh.ws
        .set_print_area(0, 0, end.max(g.data_start), last_pub)?;
    a4(sh.ws, def.is_wide());
    Ok(())
}

/// The reviewers' comments on the cells of one drawn row, as Excel notes (one note a cell: the
/// comments on it one after another, each with its author and replies).
fn write_cell_notes(
    sh: &mut Sheet,
    pkg: &Package,
    def: &TableDef,
    block: &BlockDef,
    bg: &BlockGeom,
    vr: &ViewRow,
    r: u32,
) -> Result<(), XlsxError> {
    let key = comments::row_key(&vr.code, &vr.label);
    let mut by_col: BTreeMap<u16, (&str, Vec<String>)> = BTreeMap::new();
    for (c, _, column) in
        comments::on_block(pkg, &def.key, &block.key).filter(|(_, row, _)| *row == key)
    {
        let col = if column.is_empty() {
            let name = block
                .labels
                .iter()
                .position(|l| matches!(l, LabelColumn::Name { .. }))
                .unwrap_or(0);
            bg.label_col(name)
        } else {
            match block.column_index(column) {
                Some(j) => bg.data_col(block, j),
                None => continue,
            }
        };
        by_col
            .entry(col)
            .or_insert_with(|| (c.author.as_str(), Vec::new()))
            .1
            .push(note_text(c));
    }
    for (col, (author, texts)) in by_col {
        let mut text = texts.join("\n\n");
        // Excel's limit for a note, less room for the author prefix it adds.
        if text.chars().count() > 30_000 {
            text = text.chars().take(30_000).collect();
        }
        let author = if author.is_empty() { "审阅" } else { author };
        let note = Note::new(text).set_author(author).add_author_prefix(false);
        sh.ws.insert_note(r, col, &note)?;
    }
    Ok(())
}

fn note_text(c: &comments::Comment) -> String {
    let mut t = format!(
        "{}{}：{}",
        c.author,
        if c.resolved { "（已解决）" } else { "" },
        c.text
    );
    for rp in &c.replies {
        t.push_str(&format!("\n  {}：{}", rp.author, rp.text));
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn write_view_row(
    sh: &mut Sheet,
    block: &BlockDef,
    bg: &BlockGeom,
    g: &Geometry,
    vr: &ViewRow,
    stored: Option<&Row>,
    kids: Option<&[usize]>,
    r: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let computed = kids.is_some();
    let bold = matches!(vr.role, RowRole::Total | RowRole::FixedSum);
    for (li, l) in block.labels.iter().enumerate() {
        let c = bg.label_col(li);
        match l {
            LabelColumn::Code { .. } => sh.text(r, c, &vr.code, &f.code)?,
            LabelColumn::Name { .. } => {
                let fmt = if bold {
                    &f.label_total
                } else {
                    &f.label[vr.depth.min(3)]
                };
                sh.text(r, c, &vr.label, fmt)?
            }
            LabelColumn::GovName { .. } => sh.text(r, c, &vr.gov_name, &f.text)?,
        }
    }
    let amount_fmt = if bold { &f.amount_total } else { &f.amount };
    for (j, col) in block.columns.iter().enumerate() {
        let c = bg.data_col(block, j);
        let value = vr.cells.get(j).copied().unwrap_or(Amount::EMPTY);
        let is_sum_col = matches!(col.kind, ColumnKind::Sum(_));
        // A value stored where the table computes one is "stated": it is written as typed, so
        // the reader sees what the package says and the import keeps it.
        if (computed || is_sum_col)
            && let Some(s) = stored
            && let Some(d) = s.cells.get(&col.key).and_then(|a| a.value())
        {
            sh.amount(r, c, Amount::new(d), amount_fmt)?;
            continue;
        }
        if let Some(kids) = kids {
            let rows: Vec<u32> = kids.iter().map(|k| g.data_start + *k as u32).collect();
            if rows.is_empty() {
                sh.amount(r, c, value, amount_fmt)?;
            } else {
                sh.fit(c, &value.display_2dp());
                sh.ws.write_formula_with_format(
                    r,
                    c,
                    sum_formula(&sum_args(c, rows), value),
                    amount_fmt,
                )?;
            }
        } else if let ColumnKind::Sum(of) = &col.kind {
            let cells: Vec<String> = of
                .iter()
                .filter_map(|k| block.column_index(k))
                .map(|p| row_col_to_cell(r, bg.data_col(block, p)))
                .collect();
            sh.fit(c, &value.display_2dp());
            sh.ws.write_formula_with_format(
                r,
                c,
                sum_formula(&cells.join(","), value),
                amount_fmt,
            )?;
        } else if vr.role == RowRole::FixedSum {
            // A heading line: no amounts.
            sh.ws.write_blank(r, c, &f.text)?;
        } else {
            sh.amount(r, c, value, amount_fmt)?;
        }
    }
    let is_data = vr.stored.is_some() || matches!(vr.role, RowRole::Leaf | RowRole::FixedInput);
    for e in &bg.extras {
        let Some(c) = bg.extra_col(*e) else { continue };
        let text = match e {
            Extra::Role => if is_data { ROLE_DATA } else { ROLE_COMPUTED }.to_string(),
            Extra::Index => vr.stored.map(|i| (i + 1).to_string()).unwrap_or_default(),
            Extra::Key => match &block.rows {
                RowsDef::Fixed(_) => vr.code.clone(),
                _ => stored.map(|s| s.code.clone()).unwrap_or_default(),
            },
            Extra::Name => stored.map(|s| s.name.clone()).unwrap_or_default(),
            Extra::Unit => stored.map(|s| s.unit.clone()).unwrap_or_default(),
            Extra::GovCode => stored.map(|s| s.gov_code.clone()).unwrap_or_default(),
            Extra::UnitKind => stored
                .and_then(|s| s.unit_kind)
                .map(|k| unit_kind_label(k).to_string())
                .unwrap_or_default(),
        };
        if !text.is_empty() {
            sh.fit(c, &text);
            sh.ws.write_string_with_format(r, c, &text, &f.extra)?;
        }
    }
    Ok(())
}

fn write_overview(ws: &mut Worksheet, pkg: &Package, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(SHEET_OVERVIEW)?;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, "第一部分 概况", 2, f)?;
    let mut r = 2u32;
    sh.text(r, 0, "一、本部门职责", &f.label_total)?;
    r += 1;
    for (i, d) in pkg.overview.duties.iter().enumerate() {
        sh.text(
            r,
            0,
            &format!("（{}）", crate::model::chinese_number(i + 1)),
            &f.text,
        )?;
        sh.merge((r, 1), (r, 2), d, &f.text_wrap)?;
        r += 1;
    }
    r += 1;
    sh.text(r, 0, "二、机构设置情况", &f.label_total)?;
    r += 1;
    sh.text(r, 0, "机构设置", &f.text)?;
    sh.merge((r, 1), (r, 2), &pkg.overview.organization, &f.text_wrap)?;
    r += 2;
    sh.text(r, 0, "内设科室", &f.label_total)?;
    r += 1;
    for (i, o) in pkg.overview.offices.iter().enumerate() {
        sh.text(r, 0, &(i + 1).to_string(), &f.text)?;
        sh.text(r, 1, o, &f.text)?;
        r += 1;
    }
    r += 1;
    sh.text(r, 0, "所属单位", &f.label_total)?;
    sh.text(r, 1, "单位名称", &f.header)?;
    sh.text(r, 2, "单位类型", &f.header)?;
    r += 1;
    for (i, u) in pkg.overview.units.iter().enumerate() {
        sh.text(r, 0, &(i + 1).to_string(), &f.text)?;
        sh.text(r, 1, &u.name, &f.text)?;
        sh.text(r, 2, unit_kind_label(u.kind), &f.text)?;
        r += 1;
    }
    sh.widths.insert(1, 60);
    sh.apply_widths(10, 80)?;
    a4(sh.ws, false);
    Ok(())
}

fn write_explanation(ws: &mut Worksheet, pkg: &Package, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(SHEET_EXPLANATION)?;
    let mut sh = Sheet::new(ws);
    title_row(
        &mut sh,
        &format!("第三部分 {}年度部门预算情况说明", pkg.year),
        2,
        f,
    )?;
    for (c, h) in ["序号", "标题", "内容"].iter().enumerate() {
        sh.text(2, c as u16, h, &f.header)?;
    }
    for (i, s) in pkg.explanation.iter().enumerate() {
        let r = 3 + i as u32;
        sh.text(r, 0, &s.number, &f.text)?;
        sh.text(r, 1, &s.title, &f.text_wrap)?;
        sh.text(r, 2, &s.text, &f.text_wrap)?;
    }
    sh.widths.insert(2, 100);
    sh.apply_widths(6, 100)?;
    sh.ws.set_freeze_panes(3, 0)?;
    a4(sh.ws, true);
    Ok(())
}

fn write_pairs<'p>(
    ws: &mut Worksheet,
    name: &str,
    title: &str,
    headers: [&str; 2],
    rows: impl Iterator<Item = [&'p str; 2]>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, title, 1, f)?;
    sh.text(2, 0, headers[0], &f.header)?;
    sh.text(2, 1, headers[1], &f.header)?;
    for (i, [a, b]) in rows.enumerate() {
        let r = 3 + i as u32;
        sh.text(r, 0, a, &f.text_wrap)?;
        sh.text(r, 1, b, &f.text_wrap)?;
    }
    sh.widths.insert(1, 100);
    sh.apply_widths(10, 100)?;
    sh.ws.set_freeze_panes(3, 0)?;
    a4(sh.ws, false);
    Ok(())
}

fn write_facts(ws: &mut Worksheet, pkg: &Package, f: &Formats) -> Result<(), XlsxError> {
    use facts_keys as k;
    ws.set_name(SHEET_FACTS)?;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, "其他信息（情况说明引用的数据与文件设置）", 2, f)?;
    sh.text(2, 0, "项目", &f.header)?;
    sh.text(2, 1, "内容", &f.header)?;
    sh.text(2, 2, "数量", &f.header)?;
    let mut r = 3u32;
    let text = |sh: &mut Sheet, r: &mut u32, label: &str, v: &str| -> Result<(), XlsxError> {
        sh.text(*r, 0, label, &f.text)?;
        sh.text(*r, 1, v, &f.code)?;
        *r += 1;
        Ok(())
    };
    text(&mut sh, &mut r, k::YEAR, &pkg.year.to_string())?;
    text(&mut sh, &mut r, k::LAYOUT, &pkg.layout)?;
    // A user's layout travels with the workbook (one cell of RON), so it imports anywhere.
    if let Some(l) = pkg.custom_layout {
        text(
            &mut sh,
            &mut r,
            k::LAYOUT_DEF,
            &crate::model::layout::to_ron_compact(l),
        )?;
    }
    text(&mut sh, &mut r, k::DEPT_NAME, &pkg.department.name)?;
    text(&mut sh, &mut r, k::DEPT_CODE, &pkg.department.code)?;
    text(&mut sh, &mut r, k::ASSETS_AS_OF, &pkg.facts.assets.as_of)?;
    let blocks: Vec<String> = pkg
        .tables
        .iter()
        .map(|(t, d)| {
            format!(
                "{t}:{}",
                d.blocks.keys().cloned().collect::<Vec<_>>().join(",")
            )
        })
        .collect();
    text(&mut sh, &mut r, k::BLOCKS, &blocks.join(";"))?;
    let p = &pkg.facts.prior_year;
    let pr = &pkg.facts.procurement;
    let amounts: [(&str, Amount); 13] = [
        (k::TOLERANCE, pkg.tolerance),
        (k::PRIOR_INCOME, p.income_total),
        (k::PRIOR_EXPENDITURE, p.expenditure_total),
        (k::PRIOR_GENERAL, p.general_expenditure),
        (k::PRIOR_ABROAD, p.abroad),
        (k::PRIOR_RECEPTION, p.reception),
        (k::PRIOR_VEHICLE_PURCHASE, p.vehicle_purchase),
        (k::PRIOR_VEHICLE_RUNNING, p.vehicle_running),
        (k::PRIOR_OPERATING, p.operating_cost),
        (k::PROC_TOTAL, pr.total),
        (k::PROC_GOODS, pr.goods),
        (k::PROC_WORKS, pr.works),
        (k::PROC_SERVICES, pr.services),
    ];
    for (label, a) in amounts {
        sh.text(r, 0, label, &f.text)?;
        sh.amount(r, 1, a, &f.amount)?;
        r += 1;
    }
    // Facts only some layouts state (上海), written when they are.
    let optional: [(&str, Amount); 7] = [
        (k::PRIOR_FISCAL, p.fiscal),
        (k::PRIOR_BASIC, p.basic),
        (k::PRIOR_PROJECT, p.project),
        (k::PRIOR_PROCUREMENT, p.procurement),
        (k::PROC_SME, pr.sme_reserved),
        (k::PROC_SMALL_MICRO, pr.small_micro_reserved),
        (
            k::TARGET_PROJECTS_AMOUNT,
            pkg.facts.performance.projects_with_targets_amount,
        ),
    ];
    for (label, a) in optional.into_iter().filter(|(_, a)| !a.is_empty()) {
        sh.text(r, 0, label, &f.text)?;
        sh.amount(r, 1, a, &f.amount)?;
        r += 1;
    }
    if let Some(n) = pkg.facts.performance.projects_with_targets {
        sh.text(r, 0, k::TARGET_PROJECTS, &f.text)?;
        sh.count(r, 1, Some(n), &f.text)?;
        r += 1;
    }
    let a = &pkg.facts.assets;
    sh.text(r, 0, k::OFFICE_AREA, &f.text)?;
    sh.amount(r, 1, a.office_area, &f.amount)?;
    r += 1;
    let counts: [(&str, u32); 4] = [
        (k::VEHICLE_QUOTA, a.vehicle_quota),
        (k::EQUIP_50, a.equipment_over_50),
        (k::EQUIP_100, a.equipment_over_100),
        (
            k::UNITS_WITH_TARGET,
            pkg.facts.performance.units_with_overall_target,
        ),
    ];
    for (label, n) in counts {
        sh.text(r, 0, label, &f.text)?;
        sh.count(r, 1, Some(n), &f.text)?;
        r += 1;
    }
    for v in &a.vehicles {
        sh.text(r, 0, k::VEHICLE, &f.text)?;
        sh.text(r, 1, &v.category, &f.text)?;
        sh.count(r, 2, Some(v.count), &f.text)?;
        r += 1;
    }
    for v in &a.planned_vehicles {
        sh.text(r, 0, k::PLANNED_VEHICLE, &f.text)?;
        sh.text(r, 1, &v.category, &f.text)?;
        sh.count(r, 2, Some(v.count), &f.text)?;
        r += 1;
    }
    if let Some(n) = a.planned_equipment_over_100 {
        sh.text(r, 0, k::PLANNED_EQUIP_100, &f.text)?;
        sh.count(r, 1, Some(n), &f.text)?;
        r += 1;
    }
    if !pkg.overview.duties_intro.is_empty() {
        sh.text(r, 0, k::DUTIES_INTRO, &f.text)?;
        sh.text(r, 1, &pkg.overview.duties_intro, &f.text)?;
    }
    sh.apply_widths(8, 60)?;
    a4(sh.ws, false);
    Ok(())
}

fn write_comments(ws: &mut Worksheet, pkg: &Package, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(SHEET_COMMENTS)?;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, "审阅意见", 3, f)?;
    for (c, h) in ["提出人", "位置", "意见", "已解决"].iter().enumerate() {
        sh.text(2, c as u16, h, &f.header)?;
    }
    // 时间 and 回复 after the four columns older workbooks have, and only when some comment
    // has them, so a package without comments exports as before.
    let extra = pkg
        .comments
        .iter()
        .any(|c| !c.time.is_empty() || !c.replies.is_empty());
    if extra {
        for (c, h) in [(4, "时间"), (5, "回复")] {
            sh.text(2, c, h, &f.header)?;
        }
    }
    for (i, cm) in pkg.comments.iter().enumerate() {
        let r = 3 + i as u32;
        sh.text(r, 0, &cm.author, &f.text)?;
        sh.text(r, 1, &cm.place, &f.text)?;
        sh.text(r, 2, &cm.text, &f.text_wrap)?;
        sh.text(r, 3, if cm.resolved { "是" } else { "否" }, &f.text)?;
        if extra {
            sh.text(r, 4, &cm.time, &f.text)?;
            let replies: Vec<String> = cm.replies.iter().map(comments::reply_line).collect();
            sh.text(r, 5, &replies.join("\n"), &f.text_wrap)?;
        }
    }
    sh.apply_widths(8, 80)?;
    a4(sh.ws, true);
    Ok(())
}

/// The 自查表 sheet: the finance bureau's 检查表 shape, filled from the findings.
fn write_checklist(
    ws: &mut Worksheet,
    pkg: &Package,
    findings: &[Finding],
    f: &Formats,
) -> Result<(), XlsxError> {
    use crate::rules::checklist;
    ws.set_name(SHEET_CHECKLIST)?;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, &checklist::title(pkg), 3, f)?;
    sh.text(
        1,
        0,
        &format!(
            "部门名称：{}  部门编码：{}",
            pkg.department.name, pkg.department.code
        ),
        &f.subtitle,
    )?;
    for (c, h) in ["检查项目", "检查内容", "符合要求", "问题说明"]
        .iter()
        .enumerate()
    {
        sh.text(2, c as u16, h, &f.header)?;
    }
    for (i, it) in checklist::checklist(pkg, findings).iter().enumerate() {
        let r = 3 + i as u32;
        sh.text(r, 0, &it.group, &f.text)?;
        sh.text(r, 1, &it.item, &f.text)?;
        sh.text(r, 2, it.verdict.label(), &f.text)?;
        let ev: Vec<String> = it
            .evidence
            .iter()
            .enumerate()
            .map(|(n, e)| format!("{}. {e}", n + 1))
            .collect();
        sh.text(r, 3, &ev.join("\n"), &f.text_wrap)?;
    }
    sh.apply_widths(8, 80)?;
    a4(sh.ws, true);
    Ok(())
}

fn write_findings(
    ws: &mut Worksheet,
    pkg: &Package,
    findings: &[Finding],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_FINDINGS)?;
    let mut sh = Sheet::new(ws);
    let (e, w, h) = crate::rules::counts(findings);
    title_row(&mut sh, "审核结果", 6, f)?;
    sh.text(
        1,
        0,
        &format!(
            "共 {} 条：错误 {e} 条，警告 {w} 条，提示 {h} 条",
            findings.len()
        ),
        &f.subtitle,
    )?;
    for (c, t) in ["序号", "规则", "严重程度", "位置", "说明", "应为", "实为"]
        .iter()
        .enumerate()
    {
        sh.text(2, c as u16, t, &f.header)?;
    }
    for (i, fd) in findings.iter().enumerate() {
        let r = 3 + i as u32;
        sh.count(r, 0, Some(i as u32 + 1), &f.text)?;
        sh.text(r, 1, &fd.rule, &f.text)?;
        sh.text(r, 2, fd.severity.label(), &f.text)?;
        sh.text(r, 3, &fd.location.describe(pkg), &f.text)?;
        sh.text(r, 4, &fd.message, &f.text_wrap)?;
        sh.text(r, 5, fd.expected.as_deref().unwrap_or(""), &f.text)?;
        sh.text(r, 6, fd.actual.as_deref().unwrap_or(""), &f.text)?;
    }
    if findings.is_empty() {
        sh.text(3, 0, "未发现问题", &f.note)?;
    }
    sh.apply_widths(6, 60)?;
    sh.ws.set_freeze_panes(3, 0)?;
    a4(sh.ws, true);
    Ok(())
}

fn write_overall(ws: &mut Worksheet, pkg: &Package, f: &Formats) -> Result<(), XlsxError> {
    use overall_keys as k;
    ws.set_name(SHEET_OVERALL)?;
    let o = &pkg.overall_form;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, "部门整体支出绩效目标申报表", 4, f)?;
    sh.merge(
        (1, 0),
        (1, 4),
        &format!("（{}年度）", pkg.year),
        &f.subtitle,
    )?;
    let mut r = 2u32;
    // (section, item) in A and B; value from C. A scalar's section is its label.
    let scalar_text =
        |sh: &mut Sheet, r: &mut u32, label: &str, v: &str| -> Result<(), XlsxError> {
            sh.merge((*r, 0), (*r, 1), label, &f.label_total)?;
            sh.merge((*r, 2), (*r, 4), v, &f.text_wrap)?;
            *r += 1;
            Ok(())
        };
    scalar_text(&mut sh, &mut r, k::DEPARTMENT, &o.department)?;
    for (label, n) in [
        (k::INTERNAL, o.internal_departments),
        (k::UNITS, o.budget_units),
        (k::QUOTA, o.staff_quota),
        (k::STAFF_TOTAL, o.staff_total),
        (k::STAFF_IN_QUOTA, o.staff_in_quota),
        (k::STAFF_OTHER, o.staff_other),
    ] {
        sh.merge((r, 0), (r, 1), label, &f.label_total)?;
        sh.count(r, 2, n, &f.text)?;
        r += 1;
    }
    scalar_text(&mut sh, &mut r, k::DUTIES, &o.duties)?;
    scalar_text(&mut sh, &mut r, k::STRATEGIC, &o.strategic_goal)?;
    let s = &o.by_source;
    let sources = [
        s.total,
        s.general,
        s.fund,
        s.capital,
        s.social_insurance,
        s.special,
        s.unit,
    ];
    let start = r;
    for (label, a) in k::SOURCES.iter().zip(sources) {
        sh.text(r, 1, label, &f.text)?;
        sh.amount(r, 2, a, &f.amount)?;
        r += 1;
    }
    sh.merge((start, 0), (r - 1, 0), k::BY_SOURCE, &f.text_wrap)?;
    let d = &o.by_direction;
    let start = r;
    for (label, a) in k::DIRECTIONS.iter().zip([d.total, d.basic, d.project]) {
        sh.text(r, 1, label, &f.text)?;
        sh.amount(r, 2, a, &f.amount)?;
        r += 1;
    }
    sh.merge((start, 0), (r - 1, 0), k::BY_DIRECTION, &f.text_wrap)?;
    let start = r;
    sh.text(r, 1, "核心职能", &f.header)?;
    sh.merge((r, 2), (r, 4), "重点任务", &f.header)?;
    r += 1;
    for t in &o.key_tasks {
        sh.text(r, 1, &t.core_function, &f.text_wrap)?;
        sh.merge((r, 2), (r, 4), &t.task, &f.text_wrap)?;
        r += 1;
    }
    sh.merge((start, 0), (r - 1, 0), k::KEY_TASKS, &f.text_wrap)?;
    scalar_text(&mut sh, &mut r, k::ANNUAL_GOAL, &o.annual_goal)?;
    let start = r;
    for (c, h) in ["一级指标", "二级指标", "三级指标", "指标值"]
        .iter()
        .enumerate()
    {
        sh.text(r, 1 + c as u16, h, &f.header)?;
    }
    r += 1;
    for ind in &o.indicators {
        write_indicator(&mut sh, r, 1, Some(ind), f)?;
        r += 1;
    }
    sh.merge((start, 0), (r - 1, 0), k::INDICATORS, &f.text_wrap)?;
    sh.widths.insert(2, 30);
    sh.widths.insert(4, 30);
    sh.apply_widths(10, 40)?;
    a4(sh.ws, false);
    Ok(())
}

fn write_indicator(
    sh: &mut Sheet,
    r: u32,
    c: u16,
    ind: Option<&Indicator>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let empty = Indicator::default();
    let i = ind.unwrap_or(&empty);
    for (k, v) in [&i.level1, &i.level2, &i.name, &i.value].iter().enumerate() {
        sh.text(r, c + k as u16, v, &f.text_wrap)?;
    }
    Ok(())
}

fn write_project_form(
    ws: &mut Worksheet,
    pkg: &Package,
    p: &crate::model::ProjectForm,
    f: &Formats,
) -> Result<(), XlsxError> {
    use project_keys as k;
    let mut sh = Sheet::new(ws);
    title_row(&mut sh, &p.heading, 7, f)?;
    sh.merge(
        (1, 0),
        (1, 7),
        &format!("（{}年度）", pkg.year),
        &f.subtitle,
    )?;
    let mut r = 2u32;
    let line = |sh: &mut Sheet, r: &mut u32, label: &str, v: &str| -> Result<(), XlsxError> {
        sh.text(*r, 0, label, &f.label_total)?;
        sh.merge((*r, 1), (*r, 7), v, &f.text_wrap)?;
        *r += 1;
        Ok(())
    };
    let pair = |sh: &mut Sheet,
                r: &mut u32,
                (l1, v1): (&str, &str),
                (l2, v2): (&str, &str)|
     -> Result<(), XlsxError> {
        sh.text(*r, 0, l1, &f.label_total)?;
        sh.merge((*r, 1), (*r, 3), v1, &f.text_wrap)?;
        sh.text(*r, 4, l2, &f.label_total)?;
        sh.merge((*r, 5), (*r, 7), v2, &f.text_wrap)?;
        *r += 1;
        Ok(())
    };
    line(&mut sh, &mut r, k::NAME, &p.name)?;
    pair(
        &mut sh,
        &mut r,
        (k::DEPARTMENT, &p.department),
        (k::UNIT, &p.unit),
    )?;
    pair(
        &mut sh,
        &mut r,
        (k::ATTRIBUTE, &p.attribute),
        (k::PERIOD, &p.period),
    )?;
    line(&mut sh, &mut r, k::CATEGORY, &p.category)?;
    let fp = &p.funds_period;
    let fy = &p.funds_year;
    let period = [
        fp.total,
        fp.central,
        fp.provincial,
        fp.local,
        fp.self_raised,
        fp.other,
    ];
    let year = [
        fy.total,
        fy.central,
        fy.provincial,
        fy.local,
        fy.self_raised,
        fy.other,
    ];
    let start = r;
    for (i, (lp, ly)) in k::FUND_ROWS.iter().enumerate() {
        sh.text(r, 1, lp, &f.text)?;
        sh.amount(r, 2, period[i], &f.amount)?;
        sh.text(r, 3, "", &f.text)?;
        sh.text(r, 4, ly, &f.text)?;
        sh.amount(r, 5, year[i], &f.amount)?;
        sh.merge((r, 6), (r, 7), "", &f.text)?;
        r += 1;
    }
    sh.merge((start, 0), (r - 1, 0), k::FUNDS, &f.label_total)?;
    line(&mut sh, &mut r, k::OVERVIEW, &p.overview)?;
    line(&mut sh, &mut r, k::BASIS, &p.basis)?;
    line(&mut sh, &mut r, k::NECESSITY, &p.necessity)?;
    line(&mut sh, &mut r, k::SAFEGUARDS, &p.safeguards)?;
    line(&mut sh, &mut r, k::PLAN, &p.plan)?;
    pair(&mut sh, &mut r, ("", "实施期目标"), ("", "年度目标"))?;
    pair(
        &mut sh,
        &mut r,
        (k::GOAL, &p.goal_period),
        ("", &p.goal_year),
    )?;
    sh.merge((r, 0), (r, 7), k::INDICATORS, &f.header)?;
    r += 1;
    sh.merge((r, 0), (r, 3), "实施期", &f.header)?;
    sh.merge((r, 4), (r, 7), "年度", &f.header)?;
    r += 1;
    for c in 0..2u16 {
        for (i, h) in [k::INDICATOR_HEADER, "二级指标", "三级指标", "指标值"]
            .iter()
            .enumerate()
        {
            sh.text(r, c * 4 + i as u16, h, &f.header)?;
        }
    }
    r += 1;
    let n = p.indicators_period.len().max(p.indicators_year.len());
    for i in 0..n {
        write_indicator(&mut sh, r, 0, p.indicators_period.get(i), f)?;
        write_indicator(&mut sh, r, 4, p.indicators_year.get(i), f)?;
        r += 1;
    }
    for (c, (l, v)) in [
        (k::LEADER, &p.leader),
        (k::HANDLER, &p.handler),
        (k::PHONE, &p.phone),
        (k::FILLED_ON, &p.filled_on),
    ]
    .iter()
    .enumerate()
    {
        sh.text(r, c as u16 * 2, l, &f.label_total)?;
        sh.text(r, c as u16 * 2 + 1, v, &f.code)?;
    }
    sh.apply_widths(10, 30)?;
    a4(sh.ws, true);
    Ok(())
}
