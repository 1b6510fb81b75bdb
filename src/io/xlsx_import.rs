//! Import of a workbook in the layout [`super::xlsx`] writes back into a package.
//!
//! What counts as stored: every cell the user types into (a 数据 row's amounts), plus any plain
//! number found where the table computes one (a total, a subtotal, a sum column). Such a number
//! is kept as a stated value in the stored row, so the checker compares it with the sum; a
//! formula there is ignored, because the import recomputes every total itself. Totals of a whole
//! block (合计, 部门合计, the department and unit rows of a project table) have no stored row to
//! hold a stated value, so a number typed there is ignored too.
//!
//! Every cell that cannot be read is reported with its sheet and cell ("表3!D7"); nothing is
//! returned unless the whole workbook was read.

use super::xlsx::{
    Extra, NO_DATA_NOTE, ROLE_COMPUTED, SHEET_APPENDICES, SHEET_COMMENTS, SHEET_EXPLANATION,
    SHEET_FACTS, SHEET_GLOSSARY, SHEET_OVERALL, SHEET_OVERVIEW, SHEET_PROJECT_PREFIX, facts_keys,
    geometry, header_cells, overall_keys, parse_unit_kind, project_keys, table_sheet_name,
};
use super::xlsx_guard::MAX_TEXT_CHARS;
use crate::model::codes::Code;
use crate::model::layout::{LabelColumn, Layout, RowsDef, TableDef};
use crate::model::{
    Amount, Appendix, Comment, FORMAT_VERSION, FormFunds, GlossaryEntry, Indicator, KeyTask,
    OrgUnit, Package, ProjectForm, Row, Section, TableData, VehicleCount,
};
use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;
use std::fmt;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One thing the import could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub sheet: String,
    /// "D7", when the problem is one cell.
    pub cell: Option<String>,
    /// The workbook does not have the expected layout (a sheet or header is missing or wrong).
    pub layout: bool,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.layout {
            write!(f, "工作簿格式不符：")?;
        }
        match &self.cell {
            Some(c) => write!(f, "{}!{}：{}", self.sheet, c, self.reason),
            None => write!(f, "{}：{}", self.sheet, self.reason),
        }
    }
}

/// Why a workbook could not be imported. Messages are shown to the user as they are.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("无法读取文件 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("不是有效的 Excel 工作簿（xlsx）：{0}")]
    NotXlsx(String),
    #[error("工作簿中有 {} 处无法读取，未导入：\n{}", .0.len(), list(.0))]
    Problems(Vec<Problem>),
}

fn list(p: &[Problem]) -> String {
    p.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl ImportError {
    /// The problems found, one per unreadable cell or layout difference.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Problems(p) => p,
            _ => &[],
        }
    }
}

/// Reads a workbook file.
pub fn import_path(path: &Path) -> Result<Package, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    import(&bytes)
}

/// One sheet's cached values and formulas.
struct Sheet {
    name: String,
    values: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    fn get(&self, r: u32, c: u16) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.values.get_value((r, u32::from(c))).unwrap_or(&EMPTY)
    }

    fn is_formula(&self, r: u32, c: u16) -> bool {
        self.formulas
            .get_value((r, u32::from(c)))
            .is_some_and(|f| !f.is_empty())
    }

    fn last_row(&self) -> u32 {
        self.values.end().map(|e| e.0).unwrap_or(0)
    }
}

struct Reading {
    problems: Vec<Problem>,
}

impl Reading {
    fn cell(&mut self, sh: &Sheet, r: u32, c: u16, reason: impl Into<String>) {
        self.problems.push(Problem {
            sheet: sh.name.clone(),
            cell: Some(row_col_to_cell(r, c)),
            layout: false,
            reason: reason.into(),
        });
    }

    fn layout(&mut self, sheet: &str, cell: Option<(u32, u16)>, reason: impl Into<String>) {
        self.problems.push(Problem {
            sheet: sheet.to_string(),
            cell: cell.map(|(r, c)| row_col_to_cell(r, c)),
            layout: true,
            reason: reason.into(),
        });
    }

    /// A cell as text, exactly (numbers in their shortest form, as a colleague's Excel may have
    /// turned a code into a number).
    fn text(&mut self, sh: &Sheet, r: u32, c: u16) -> String {
        match sh.get(r, c) {
            Data::Empty => String::new(),
            Data::String(s) if s.chars().count() > MAX_TEXT_CHARS => {
                self.cell(
                    sh,
                    r,
                    c,
                    format!("文字超过 {MAX_TEXT_CHARS} 个字符（Excel 单元格的上限）"),
                );
                String::new()
            }
            Data::String(s) => s.clone(),
            Data::Float(f) => format!("{f}"),
            Data::Int(i) => i.to_string(),
            Data::Error(e) => {
                self.cell(sh, r, c, format!("单元格是错误值（{e}），应为文字"));
                String::new()
            }
            other => other.to_string(),
        }
    }

    fn amount(&mut self, sh: &Sheet, r: u32, c: u16) -> Amount {
        match read_amount(sh.get(r, c)) {
            Ok(a) => a,
            Err(reason) => {
                self.cell(sh, r, c, reason);
                Amount::EMPTY
            }
        }
    }

    fn count(&mut self, sh: &Sheet, r: u32, c: u16) -> Option<u32> {
        let bad = |s: &str| format!("“{s}”不是非负整数");
        match sh.get(r, c) {
            Data::Empty => None,
            Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => {
                Some(*f as u32)
            }
            Data::Int(i) if u32::try_from(*i).is_ok() => u32::try_from(*i).ok(),
            Data::String(s) if s.trim().is_empty() => None,
            Data::String(s) => match s.trim().parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.cell(sh, r, c, bad(s.trim()));
                    None
                }
            },
            other => {
                self.cell(sh, r, c, bad(&other.to_string()));
                None
            }
        }
    }
}

/// Reads an amount: a number (within float noise of two decimals), or text as a user types it.
fn read_amount(d: &Data) -> Result<Amount, String> {
    match d {
        Data::Empty => Ok(Amount::EMPTY),
        Data::Float(f) => float_amount(*f),
        Data::Int(i) => Ok(Amount::new(Decimal::from(*i))),
        Data::String(s) => Amount::parse(s).map_err(|e| e.to_string()),
        Data::Error(e) => Err(format!("单元格是错误值（{e}），应为金额")),
        other => Err(format!("“{other}”不是金额")),
    }
}

fn float_amount(f: f64) -> Result<Amount, String> {
    if !f.is_finite() {
        return Err("不是有限的数值".into());
    }
    let text = format!("{f}");
    let d = Decimal::from_str(&text).map_err(|_| format!("“{text}”不是合理的金额"))?;
    let r = d.round_dp(2);
    // Excel keeps doubles: 0.1 + 0.2 pasted as a value is 0.30000000000000004, which is 0.30.
    let noise = Decimal::new(1, 6);
    if (d - r).abs() >= noise {
        return Err(format!("“{text}”的小数位超过 2 位（金额最多精确到 0.01）"));
    }
    Amount::parse(&r.to_string()).map_err(|e| e.to_string())
}

/// A code cell: in a block of classification codes it must be a [`Code`] (full-width digits
/// become ASCII); elsewhere (fixed lines, units, projects) it is a key kept as written.
fn code_cell(rd: &mut Reading, sh: &Sheet, r: u32, c: u16, text: &str, rows: &RowsDef) -> String {
    if !matches!(rows, RowsDef::Codes { .. }) {
        return text.trim().to_string();
    }
    match Code::parse(text) {
        Ok(code) => code.into_string(),
        Err(e) => {
            rd.cell(sh, r, c, e.to_string());
            String::new()
        }
    }
}

/// Comparison of header and label texts: line breaks and spaces a reader's Excel may have
/// added do not matter.
fn same_text(a: &str, b: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squash(a) == squash(b)
}

/// Reads a workbook in the exported layout back into a package.
pub fn import(bytes: &[u8]) -> Result<Package, ImportError> {
    // Before the reader allocates anything: a workbook claiming billions of cells is refused.
    if let Err(e) = super::xlsx_guard::check(bytes) {
        return Err(ImportError::Problems(vec![Problem {
            sheet: e.sheet,
            cell: e.cell,
            layout: false,
            reason: e.reason,
        }]));
    }
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ImportError::NotXlsx(e.to_string()))?;
    let names = wb.sheet_names();
    let mut rd = Reading {
        problems: Vec::new(),
    };
    let load = |wb: &mut Xlsx<Cursor<&[u8]>>, rd: &mut Reading, name: &str| -> Option<Sheet> {
        if !names.iter().any(|n| n == name) {
            rd.layout(name, None, format!("缺少工作表“{name}”"));
            return None;
        }
        let values = match wb.worksheet_range(name) {
            Ok(v) => v,
            Err(e) => {
                rd.layout(name, None, format!("无法读取工作表：{e}"));
                return None;
            }
        };
        let formulas = wb.worksheet_formula(name).unwrap_or_default();
        Some(Sheet {
            name: name.to_string(),
            values,
            formulas,
        })
    };

    let mut pkg = Package {
        format_version: FORMAT_VERSION,
        ..Package::default()
    };
    let mut blocks_list: Option<String> = None;
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_FACTS) {
        blocks_list = read_facts(&sh, &mut pkg, &mut rd);
    }
    let own = pkg.custom_layout.filter(|l| l.id == pkg.layout);
    let layout = match own.or_else(|| Layout::by_id(&pkg.layout)) {
        Some(l) => l,
        None => {
            rd.layout(SHEET_FACTS, None, format!("未知的报表样式“{}”", pkg.layout));
            return Err(ImportError::Problems(rd.problems));
        }
    };
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_OVERVIEW) {
        read_overview(&sh, &mut pkg, &mut rd);
    }
    let listed = parse_blocks_list(blocks_list.as_deref());
    for def in &layout.tables {
        let name = table_sheet_name(def);
        if let Some(sh) = load(&mut wb, &mut rd, &name) {
            let data = read_table(&sh, def, &pkg, &mut rd);
            let mut kept = TableData {
                note: data.note.clone(),
                ..TableData::default()
            };
            for (k, rows) in data.blocks {
                let is_listed = listed.as_ref().is_none_or(|l| {
                    l.iter()
                        .any(|(t, b)| t == &def.key && b.as_deref() == Some(&k))
                });
                if !rows.is_empty() || is_listed {
                    kept.blocks.insert(k, rows);
                }
            }
            let table_listed = listed
                .as_ref()
                .is_none_or(|l| l.iter().any(|(t, _)| t == &def.key));
            if table_listed || !kept.blocks.is_empty() {
                pkg.tables.insert(def.key.clone(), kept);
            }
        }
    }
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_EXPLANATION) {
        pkg.explanation = read_rows(&sh, 3, 3, &mut rd)
            .into_iter()
            .map(|v| Section {
                id: String::new(),
                number: v[0].clone(),
                title: v[1].clone(),
                text: v[2].clone(),
            })
            .collect();
        // The sheet has no id column: a layout with section ids (all but 山西's, whose files
        // never had them) finds each section's by its number and title.
        if layout.id != crate::model::layout::SHANXI_13_ID {
            for s in &mut pkg.explanation {
                if let Some(d) = layout.sections.iter().find(|d| {
                    d.number == s.number
                        && d.title.replace("{year}", &pkg.year.to_string()) == s.title
                }) {
                    s.id = d.id.clone();
                }
            }
        }
    }
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_OVERALL) {
        read_overall(&sh, &mut pkg, &mut rd);
    }
    let mut forms: Vec<(u32, String)> = names
        .iter()
        .filter_map(|n| {
            n.strip_prefix(SHEET_PROJECT_PREFIX)
                .and_then(|k| k.parse::<u32>().ok())
                .map(|k| (k, n.clone()))
        })
        .collect();
    forms.sort();
    for (_, name) in forms {
        if let Some(sh) = load(&mut wb, &mut rd, &name) {
            pkg.project_forms.push(read_project_form(&sh, &mut rd));
        }
    }
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_APPENDICES) {
        pkg.appendices = read_rows(&sh, 3, 2, &mut rd)
            .into_iter()
            .map(|v| Appendix {
                title: v[0].clone(),
                text: v[1].clone(),
            })
            .collect();
    }
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_GLOSSARY) {
        pkg.glossary = read_rows(&sh, 3, 2, &mut rd)
            .into_iter()
            .map(|v| GlossaryEntry {
                term: v[0].clone(),
                definition: v[1].clone(),
            })
            .collect();
    }
    if let Some(sh) = load(&mut wb, &mut rd, SHEET_COMMENTS) {
        let last = sh.last_row();
        for r in 3..=last {
            let v: Vec<String> = (0..6).map(|c| rd.text(&sh, r, c)).collect();
            if v.iter().all(|s| s.is_empty()) {
                continue;
            }
            let resolved = match v[3].trim() {
                "是" => true,
                "否" | "" => false,
                other => {
                    rd.cell(&sh, r, 3, format!("“{other}”应为“是”或“否”"));
                    false
                }
            };
            // The sheet names the place in words only: an imported comment keeps its text
            // and thread but not its anchor.
            pkg.comments.push(Comment {
                author: v[0].clone(),
                place: v[1].clone(),
                text: v[2].clone(),
                resolved,
                time: v[4].clone(),
                replies: v[5]
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(crate::model::comments::parse_reply_line)
                    .collect(),
                ..Comment::default()
            });
        }
    }
    crate::model::comments::number(&mut pkg.comments);
    if rd.problems.is_empty()
        && let Err(e) =
            super::project::normalize_codes(&mut pkg).and_then(|()| super::project::validate(&pkg))
    {
        rd.layout(SHEET_FACTS, None, e.to_string());
    }
    if rd.problems.is_empty() {
        Ok(pkg)
    } else {
        Err(ImportError::Problems(rd.problems))
    }
}

/// Non-empty rows from `first`, `n` text columns each.
fn read_rows(sh: &Sheet, first: u32, n: u16, rd: &mut Reading) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for r in first..=sh.last_row() {
        let v: Vec<String> = (0..n).map(|c| rd.text(sh, r, c)).collect();
        if v.iter().any(|s| !s.is_empty()) {
            out.push(v);
        }
    }
    out
}

/// "t1:income,expenditure;t7:" → [(t1, Some(income)), (t1, Some(expenditure)), (t7, None)].
fn parse_blocks_list(s: Option<&str>) -> Option<Vec<(String, Option<String>)>> {
    let s = s?;
    let mut out = Vec::new();
    for part in s.split(';').filter(|p| !p.trim().is_empty()) {
        let (t, bs) = part.split_once(':').unwrap_or((part, ""));
        out.push((t.trim().to_string(), None));
        for b in bs.split(',').filter(|b| !b.trim().is_empty()) {
            out.push((t.trim().to_string(), Some(b.trim().to_string())));
        }
    }
    Some(out)
}

fn read_facts(sh: &Sheet, pkg: &mut Package, rd: &mut Reading) -> Option<String> {
    use facts_keys as k;
    let mut blocks = None;
    let mut saw_year = false;
    for r in 3..=sh.last_row() {
        let label = rd.text(sh, r, 0);
        let label = label.trim();
        let p = &mut pkg.facts.prior_year;
        let pr = &mut pkg.facts.procurement;
        let a = &mut pkg.facts.assets;
        let amount_slot: Option<&mut Amount> = match label {
            k::TOLERANCE => Some(&mut pkg.tolerance),
            k::PRIOR_INCOME => Some(&mut p.income_total),
            k::PRIOR_EXPENDITURE => Some(&mut p.expenditure_total),
            k::PRIOR_GENERAL => Some(&mut p.general_expenditure),
            k::PRIOR_ABROAD => Some(&mut p.abroad),
            k::PRIOR_RECEPTION => Some(&mut p.reception),
            k::PRIOR_VEHICLE_PURCHASE => Some(&mut p.vehicle_purchase),
            k::PRIOR_VEHICLE_RUNNING => Some(&mut p.vehicle_running),
            k::PRIOR_OPERATING => Some(&mut p.operating_cost),
            k::PROC_TOTAL => Some(&mut pr.total),
            k::PROC_GOODS => Some(&mut pr.goods),
            k::PROC_WORKS => Some(&mut pr.works),
            k::PROC_SERVICES => Some(&mut pr.services),
            k::PRIOR_FISCAL => Some(&mut p.fiscal),
            k::PRIOR_BASIC => Some(&mut p.basic),
            k::PRIOR_PROJECT => Some(&mut p.project),
            k::PRIOR_PROCUREMENT => Some(&mut p.procurement),
            k::PROC_SME => Some(&mut pr.sme_reserved),
            k::PROC_SMALL_MICRO => Some(&mut pr.small_micro_reserved),
            k::TARGET_PROJECTS_AMOUNT => {
                Some(&mut pkg.facts.performance.projects_with_targets_amount)
            }
            k::OFFICE_AREA => Some(&mut a.office_area),
            _ => None,
        };
        if let Some(slot) = amount_slot {
            *slot = rd.amount(sh, r, 1);
            continue;
        }
        let count_slot: Option<&mut u32> = match label {
            k::VEHICLE_QUOTA => Some(&mut a.vehicle_quota),
            k::EQUIP_50 => Some(&mut a.equipment_over_50),
            k::EQUIP_100 => Some(&mut a.equipment_over_100),
            k::UNITS_WITH_TARGET => Some(&mut pkg.facts.performance.units_with_overall_target),
            _ => None,
        };
        if let Some(slot) = count_slot {
            *slot = rd.count(sh, r, 1).unwrap_or(0);
            continue;
        }
        match label {
            k::YEAR => {
                saw_year = true;
                let t = rd.text(sh, r, 1);
                match t.trim().parse::<i32>() {
                    Ok(y) => pkg.year = y,
                    Err(_) => rd.cell(sh, r, 1, format!("“{}”不是年度", t.trim())),
                }
            }
            k::LAYOUT => pkg.layout = rd.text(sh, r, 1).trim().to_string(),
            k::LAYOUT_DEF => {
                match crate::model::layout::parse(&rd.text(sh, r, 1))
                    .and_then(crate::model::layout::register)
                {
                    Ok(l) => pkg.custom_layout = Some(l),
                    Err(e) => rd.cell(sh, r, 1, e.to_string()),
                }
            }
            k::DEPT_NAME => pkg.department.name = rd.text(sh, r, 1),
            k::DEPT_CODE => pkg.department.code = rd.text(sh, r, 1),
            k::ASSETS_AS_OF => pkg.facts.assets.as_of = rd.text(sh, r, 1),
            k::BLOCKS => blocks = Some(rd.text(sh, r, 1)),
            k::TARGET_PROJECTS => pkg.facts.performance.projects_with_targets = rd.count(sh, r, 1),
            k::DUTIES_INTRO => pkg.overview.duties_intro = rd.text(sh, r, 1),
            k::PLANNED_EQUIP_100 => {
                pkg.facts.assets.planned_equipment_over_100 = rd.count(sh, r, 1)
            }
            k::PLANNED_VEHICLE => {
                let category = rd.text(sh, r, 1);
                let count = rd.count(sh, r, 2).unwrap_or(0);
                pkg.facts
                    .assets
                    .planned_vehicles
                    .push(VehicleCount { category, count });
            }
            k::VEHICLE => {
                let category = rd.text(sh, r, 1);
                let count = rd.count(sh, r, 2).unwrap_or(0);
                pkg.facts
                    .assets
                    .vehicles
                    .push(VehicleCount { category, count });
            }
            _ => {}
        }
    }
    if !saw_year {
        rd.layout(&sh.name, None, format!("缺少“{}”一行", k::YEAR));
    }
    blocks
}

fn read_overview(sh: &Sheet, pkg: &mut Package, rd: &mut Reading) {
    #[derive(PartialEq)]
    enum Sec {
        None,
        Duties,
        Org,
        Offices,
        Units,
    }
    let mut sec = Sec::None;
    for r in 2..=sh.last_row() {
        let a = rd.text(sh, r, 0);
        match a.trim() {
            "一、本部门职责" => {
                sec = Sec::Duties;
                continue;
            }
            "二、机构设置情况" => {
                sec = Sec::Org;
                continue;
            }
            "内设科室" => {
                sec = Sec::Offices;
                continue;
            }
            "所属单位" => {
                sec = Sec::Units;
                continue;
            }
            _ => {}
        }
        let b = rd.text(sh, r, 1);
        if a.trim().is_empty() && b.is_empty() {
            continue;
        }
        match sec {
            Sec::Duties => pkg.overview.duties.push(b),
            Sec::Org => pkg.overview.organization = b,
            Sec::Offices => pkg.overview.offices.push(b),
            Sec::Units => {
                let kind_text = rd.text(sh, r, 2);
                let kind = match parse_unit_kind(&kind_text) {
                    Some(k) => k,
                    None => {
                        rd.cell(
                            sh,
                            r,
                            2,
                            format!("单位类型“{}”应为“行政”“参公”或“事业”", kind_text.trim()),
                        );
                        Default::default()
                    }
                };
                pkg.overview.units.push(OrgUnit { name: b, kind });
            }
            Sec::None => {}
        }
    }
}

/// Reads one table sheet into its stored rows by block.
fn read_table(sh: &Sheet, def: &TableDef, pkg: &Package, rd: &mut Reading) -> TableData {
    let g = geometry(def);
    let title = def.title_for(pkg.year);
    let found = rd.text(sh, 0, 0);
    if !same_text(&found, &title) {
        rd.layout(
            &sh.name,
            Some((0, 0)),
            format!("标题应为“{title}”，实为“{found}”"),
        );
    }
    let mut header_ok = true;
    for h in header_cells(def, pkg.year) {
        let found = rd.text(sh, h.r1, h.c1);
        if !same_text(&found, &h.text) {
            header_ok = false;
            rd.layout(
                &sh.name,
                Some((h.r1, h.c1)),
                format!("表头应为“{}”，实为“{found}”", h.text),
            );
        }
    }
    let mut out = TableData::default();
    if !header_ok {
        return out;
    }
    for (block, bg) in def.blocks.iter().zip(&g.blocks) {
        // (stored position, sheet order, row)
        let mut rows: Vec<(Option<usize>, Row)> = Vec::new();
        let mut last_unit = String::new();
        for r in g.data_start..=sh.last_row().max(g.data_start) {
            let first = rd.text(sh, r, 0);
            let t = first.trim();
            if t == NO_DATA_NOTE || t.starts_with("注：") || t.starts_with("注:") {
                // A note of the table's own wording (上海) is kept; the standard one is not.
                if t != NO_DATA_NOTE && out.note.is_empty() {
                    out.note = t.to_string();
                }
                continue;
            }
            let extra = |rd: &mut Reading, e: Extra| -> String {
                bg.extra_col(e)
                    .map(|c| rd.text(sh, r, c))
                    .unwrap_or_default()
            };
            let role = extra(rd, Extra::Role);
            let index_text = extra(rd, Extra::Index);
            let mut row = Row::default();
            let mut label_text = String::new();
            for (li, l) in block.labels.iter().enumerate() {
                let t = rd.text(sh, r, bg.label_col(li));
                match l {
                    LabelColumn::Code { .. } => {
                        row.code = code_cell(rd, sh, r, bg.label_col(li), &t, &block.rows)
                    }
                    LabelColumn::Name { .. } => {
                        label_text = t.clone();
                        row.name = t;
                    }
                    LabelColumn::GovName { .. } => row.gov_name = t,
                }
            }
            for (j, col) in block.columns.iter().enumerate() {
                let c = bg.data_col(block, j);
                if sh.is_formula(r, c) {
                    continue;
                }
                let a = rd.amount(sh, r, c);
                if !a.is_empty() {
                    row.cells.insert(col.key.clone(), a);
                }
            }
            let computed = role.trim() == ROLE_COMPUTED;
            if matches!(block.rows, RowsDef::Projects) && computed && r > g.data_start {
                last_unit = label_text.trim().to_string();
            }
            if computed {
                // A stated value over a total: kept on a stored row where one can hold it.
                if row.cells.is_empty() {
                    continue;
                }
                match &block.rows {
                    RowsDef::Codes { .. } if !row.code.is_empty() => {}
                    RowsDef::Fixed(_) => {
                        row.code = extra(rd, Extra::Key).trim().to_string();
                        row.name = String::new();
                        if row.code.is_empty() {
                            continue;
                        }
                    }
                    _ => continue,
                }
                rows.push((None, row));
                continue;
            }
            match &block.rows {
                RowsDef::Codes { .. } => {
                    let gov = extra(rd, Extra::GovCode);
                    row.gov_code = match bg.extra_col(Extra::GovCode) {
                        Some(c) => code_cell(rd, sh, r, c, &gov, &block.rows),
                        None => gov.trim().to_string(),
                    };
                    if let Some(c) = bg.extra_col(Extra::UnitKind) {
                        let t = rd.text(sh, r, c);
                        if !t.trim().is_empty() {
                            match parse_unit_kind(&t) {
                                Some(k) => row.unit_kind = Some(k),
                                None => rd.cell(
                                    sh,
                                    r,
                                    c,
                                    format!("单位类型“{}”应为“行政”“参公”或“事业”", t.trim()),
                                ),
                            }
                        }
                    }
                }
                RowsDef::Fixed(lines) => {
                    let mut key = extra(rd, Extra::Key).trim().to_string();
                    if key.is_empty()
                        && let Some(l) = lines.iter().find(|l| same_text(&l.label, &label_text))
                    {
                        key = l.key.clone();
                    }
                    row.code = key;
                    row.name = extra(rd, Extra::Name);
                }
                RowsDef::Units => row.code = extra(rd, Extra::Key).trim().to_string(),
                RowsDef::Projects => {
                    row.code = extra(rd, Extra::Key).trim().to_string();
                    let unit = extra(rd, Extra::Unit);
                    row.unit = if unit.is_empty() {
                        last_unit.clone()
                    } else {
                        unit
                    };
                }
            }
            let index = if index_text.trim().is_empty() {
                None
            } else {
                match index_text.trim().parse::<usize>() {
                    Ok(i) if i >= 1 => Some(i - 1),
                    _ => {
                        if let Some(c) = bg.extra_col(Extra::Index) {
                            rd.cell(
                                sh,
                                r,
                                c,
                                format!("存储序号“{}”不是正整数", index_text.trim()),
                            );
                        }
                        None
                    }
                }
            };
            if index.is_none() && row.cells.is_empty() {
                continue;
            }
            if matches!(block.rows, RowsDef::Fixed(_)) && row.code.is_empty() {
                rd.cell(
                    sh,
                    r,
                    bg.label_col(0),
                    "无法识别此行：右侧“行键”为空，且项目名称不是本表的固定行",
                );
                continue;
            }
            rows.push((index, row));
        }
        // Stored rows keep their stored order; rows a colleague added follow in sheet order.
        rows.sort_by_key(|(i, _)| i.unwrap_or(usize::MAX));
        out.blocks.insert(
            block.key.clone(),
            rows.into_iter().map(|(_, r)| r).collect(),
        );
    }
    out
}

fn read_overall(sh: &Sheet, pkg: &mut Package, rd: &mut Reading) {
    use overall_keys as k;
    let o = &mut pkg.overall_form;
    let mut section = String::new();
    for r in 2..=sh.last_row() {
        let a = rd.text(sh, r, 0);
        if !a.trim().is_empty() {
            section = a.trim().to_string();
        }
        let b = rd.text(sh, r, 1);
        match section.as_str() {
            k::DEPARTMENT => o.department = rd.text(sh, r, 2),
            k::INTERNAL => o.internal_departments = rd.count(sh, r, 2),
            k::UNITS => o.budget_units = rd.count(sh, r, 2),
            k::QUOTA => o.staff_quota = rd.count(sh, r, 2),
            k::STAFF_TOTAL => o.staff_total = rd.count(sh, r, 2),
            k::STAFF_IN_QUOTA => o.staff_in_quota = rd.count(sh, r, 2),
            k::STAFF_OTHER => o.staff_other = rd.count(sh, r, 2),
            k::DUTIES => o.duties = rd.text(sh, r, 2),
            k::STRATEGIC => o.strategic_goal = rd.text(sh, r, 2),
            k::ANNUAL_GOAL => o.annual_goal = rd.text(sh, r, 2),
            k::BY_SOURCE => {
                let s = &mut o.by_source;
                let slot = match k::SOURCES.iter().position(|x| same_text(x, &b)) {
                    Some(0) => &mut s.total,
                    Some(1) => &mut s.general,
                    Some(2) => &mut s.fund,
                    Some(3) => &mut s.capital,
                    Some(4) => &mut s.social_insurance,
                    Some(5) => &mut s.special,
                    Some(6) => &mut s.unit,
                    _ => continue,
                };
                *slot = rd.amount(sh, r, 2);
            }
            k::BY_DIRECTION => {
                let d = &mut o.by_direction;
                let slot = match k::DIRECTIONS.iter().position(|x| same_text(x, &b)) {
                    Some(0) => &mut d.total,
                    Some(1) => &mut d.basic,
                    Some(2) => &mut d.project,
                    _ => continue,
                };
                *slot = rd.amount(sh, r, 2);
            }
            k::KEY_TASKS => {
                let c = rd.text(sh, r, 2);
                if (b == "核心职能" && c == "重点任务") || (b.is_empty() && c.is_empty()) {
                    continue;
                }
                o.key_tasks.push(KeyTask {
                    core_function: b,
                    task: c,
                });
            }
            k::INDICATORS => {
                let v: Vec<String> = (1..5).map(|c| rd.text(sh, r, c)).collect();
                if v[0] == "一级指标" && v[3] == "指标值" || v.iter().all(|s| s.is_empty()) {
                    continue;
                }
                o.indicators.push(indicator(v));
            }
            _ => {}
        }
    }
}

fn indicator(v: Vec<String>) -> Indicator {
    let mut it = v.into_iter();
    Indicator {
        level1: it.next().unwrap_or_default(),
        level2: it.next().unwrap_or_default(),
        name: it.next().unwrap_or_default(),
        value: it.next().unwrap_or_default(),
    }
}

fn read_project_form(sh: &Sheet, rd: &mut Reading) -> ProjectForm {
    use project_keys as k;
    let mut p = ProjectForm {
        heading: rd.text(sh, 0, 0),
        ..ProjectForm::default()
    };
    let mut in_indicators = false;
    let mut period_funds = [Amount::EMPTY; 6];
    let mut year_funds = [Amount::EMPTY; 6];
    for r in 2..=sh.last_row() {
        let a = rd.text(sh, r, 0);
        let a = a.trim();
        if in_indicators {
            if a == k::LEADER {
                in_indicators = false;
            } else {
                let left: Vec<String> = (0..4).map(|c| rd.text(sh, r, c)).collect();
                let right: Vec<String> = (4..8).map(|c| rd.text(sh, r, c)).collect();
                if left.iter().any(|s| !s.is_empty()) {
                    p.indicators_period.push(indicator(left));
                }
                if right.iter().any(|s| !s.is_empty()) {
                    p.indicators_year.push(indicator(right));
                }
                continue;
            }
        }
        let b = rd.text(sh, r, 1);
        if let Some(i) = k::FUND_ROWS.iter().position(|(l, _)| same_text(l, &b)) {
            period_funds[i] = rd.amount(sh, r, 2);
            year_funds[i] = rd.amount(sh, r, 5);
            continue;
        }
        match a {
            k::NAME => p.name = b,
            k::DEPARTMENT => {
                p.department = b;
                p.unit = rd.text(sh, r, 5);
            }
            k::ATTRIBUTE => {
                p.attribute = b;
                p.period = rd.text(sh, r, 5);
            }
            k::CATEGORY => p.category = b,
            k::OVERVIEW => p.overview = b,
            k::BASIS => p.basis = b,
            k::NECESSITY => p.necessity = b,
            k::SAFEGUARDS => p.safeguards = b,
            k::PLAN => p.plan = b,
            k::GOAL => {
                p.goal_period = b;
                p.goal_year = rd.text(sh, r, 5);
            }
            k::INDICATOR_HEADER => in_indicators = true,
            k::LEADER => {
                p.leader = b;
                p.handler = rd.text(sh, r, 3);
                p.phone = rd.text(sh, r, 5);
                p.filled_on = rd.text(sh, r, 7);
            }
            _ => {}
        }
    }
    let funds = |v: [Amount; 6]| FormFunds {
        total: v[0],
        central: v[1],
        provincial: v[2],
        local: v[3],
        self_raised: v[4],
        other: v[5],
    };
    p.funds_period = funds(period_funds);
    p.funds_year = funds(year_funds);
    p
}
