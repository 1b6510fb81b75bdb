//! Layout templates: which tables a region publishes, their titles, columns, kinds of rows and
//! unit, and the sections of its written explanation. Layouts are data files
//! (`assets/layouts/*.ron`, built in with `include_str!`, or a user's own file), and rules find
//! tables by [`TableKind`] and columns by key, never by number.
//!
//! Keys others code against (stable):
//! - 山西 `shanxi-13`: tables `t1`…`t13` as before.
//! - 上海 `shanghai-dept` / `shanghai-unit` (元): `t1` BudgetSummary (blocks `income`: lines
//!   `fiscal` = `general`+`fund`+`capital`, `institution` 事业收入, `institution_operating`
//!   事业单位经营收入, `other`, `grand_total`; column `amount` — `expenditure`: used 类 lines,
//!   `grand_total`; columns `total` (部门) or `total` = `personnel`+`public`+`project` (单位)),
//!   `t2` IncomeSummary (`main`: `total` = `fiscal`+`institution`+`institution_operating`+`other`),
//!   `t3` ExpenditureSummary, `t5` GeneralExpenditure, `t6` FundExpenditure (`main`) and `t7`
//!   StateCapital (`expenditure`): `total` = `basic`+`project`; `t4` FiscalSummary (`income`:
//!   `general`, `fund`, `capital`, `grand_total`, column `amount`; `expenditure`: 类 lines,
//!   `grand_total`, `total` = `general`+`fund`+`capital`); `t8` BasicByEconomic (`main`: `total` =
//!   `personnel`+`public`); `t9` ThreePublicAndOperating (万元; `main`, one line `budget`: `total`
//!   = `abroad`+`reception`+`vehicles`, `vehicles` = `vehicle_purchase`+`vehicle_running`,
//!   `operating_cost`).
//! - Section ids: 山西 `changes`, `income`, `expenditure`, `fiscal`, `general`, `basic`,
//!   `three_public`, `operating_cost`, `procurement`, `performance`, `assets`, `other`; 上海
//!   `budget_notes` (编制说明), `three_public`, `operating_cost`, `procurement`, `performance`,
//!   `assets`. The same id means the same thing in every layout.

use serde::{Deserialize, Serialize};

/// The unit a table's amounts are stated in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// 万元, two decimals; sums may carry 尾差.
    Wan,
    /// 元; sums are exact.
    Yuan,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Wan => "万元",
            Unit::Yuan => "元",
        }
    }

    /// An amount as the published tables print it: two decimals, and in 元 with thousands
    /// separators ("91,016,775.35").
    pub fn format(self, d: rust_decimal::Decimal) -> String {
        let plain = super::money::format_2dp(d);
        match self {
            Unit::Wan => plain,
            Unit::Yuan => {
                let (sign, digits) = match plain.strip_prefix('-') {
                    Some(rest) => ("-", rest),
                    None => ("", plain.as_str()),
                };
                let (whole, frac) = digits.split_once('.').unwrap_or((digits, "00"));
                let mut out = String::with_capacity(plain.len() + whole.len() / 3);
                out.push_str(sign);
                for (i, ch) in whole.chars().enumerate() {
                    if i > 0 && (whole.len() - i).is_multiple_of(3) {
                        out.push(',');
                    }
                    out.push(ch);
                }
                out.push('.');
                out.push_str(frac);
                out
            }
        }
    }
}

/// What a table means. Rules look tables up by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableKind {
    /// 预算收支总表
    BudgetSummary,
    /// 预算收入总表
    IncomeSummary,
    /// 预算支出总表
    ExpenditureSummary,
    /// 财政拨款收支总表
    FiscalSummary,
    /// 一般公共预算支出预算表
    GeneralExpenditure,
    /// 一般公共预算基本支出分经济科目表
    BasicByEconomic,
    /// 政府性基金预算收入表
    FundIncome,
    /// 政府性基金预算支出表
    FundExpenditure,
    /// 国有资本经营预算收支预算表
    StateCapital,
    /// "三公"经费支出预算表
    ThreePublic,
    /// "三公"经费和机关运行经费预算表 (上海: one line, the 三公 items and 机关运行经费 as columns)
    ThreePublicAndOperating,
    /// 机关运行经费预算表
    OperatingCost,
    /// 项目支出预算表（本年预算）
    ProjectsCurrent,
    /// 项目支出预算表（上年结转）
    ProjectsCarryover,
}

/// The kind of rows a block holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowsDef {
    /// Classification codes in a tree: code lengths of the levels (function codes 3/5/7,
    /// economic 3/5, income 3/5/7/9). A 合计 row first, parents computed from their children.
    Codes {
        scheme: CodeScheme,
        levels: Vec<usize>,
    },
    /// Lines fixed by the layout (income sources, 三公 lines), some computed from others.
    Fixed(Vec<FixedLine>),
    /// 部门合计 then one row per unit (机关运行经费).
    Units,
    /// Department › unit › project; department and unit rows are computed.
    Projects,
}

/// Which classification a code column holds (for names and completion).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeScheme {
    Function,
    EconomicDept,
    Income,
}

/// A fixed line of a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedLine {
    /// Stable key stored in the file ("general", "carryover", "201" …).
    pub key: String,
    pub label: String,
    pub kind: LineKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// Typed by the user.
    Input,
    /// The sum of the named lines, computed.
    Sum(Vec<String>),
    /// Stands for the catalog's list of function 类 of the package's year, one input line
    /// each, numbered 一、二、… as published. Its key is the prefix used by [`LineKind::Sum`]
    /// to mean "all class lines".
    Classes,
    /// Like [`LineKind::Classes`], but only the 类 that have a stored line are shown, numbered
    /// 一、二、… in order (上海 prints only the 类 the package spends on).
    UsedClasses,
    /// A caption with no amounts (上年财政拨款结转 in table 4 is one when it is a sum, so this
    /// is for pure headings).
    Heading,
}

/// A data column of a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDef {
    /// Semantic key: "total", "general", "fund", "capital", "special", "unit", "carryover",
    /// "current", "basic", "project", "personnel", "public", "amount".
    pub key: String,
    /// Header path, top level first; equal neighbours are merged when drawn.
    pub header: Vec<String>,
    pub kind: ColumnKind,
}

impl LineKind {
    /// Whether this line stands for the year's list of function 类.
    pub fn is_classes(&self) -> bool {
        matches!(self, LineKind::Classes | LineKind::UsedClasses)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnKind {
    Input,
    /// The sum of the named columns of the same row, computed.
    Sum(Vec<String>),
}

/// The columns at the left of a block that name a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelColumn {
    Code {
        header: Vec<String>,
    },
    Name {
        header: Vec<String>,
    },
    /// 政府预算支出经济科目名称 (table 6).
    GovName {
        header: Vec<String>,
    },
}

impl LabelColumn {
    pub fn header(&self) -> &[String] {
        match self {
            LabelColumn::Code { header }
            | LabelColumn::Name { header }
            | LabelColumn::GovName { header } => header,
        }
    }
}

/// One block of a table: tables 1, 4 and 9 have an income block and an expenditure block side
/// by side; the others have one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockDef {
    /// Key stored in the file ("main", "income", "expenditure").
    pub key: String,
    /// Caption over the block ("收入", "支出"), empty for a single block.
    #[serde(default)]
    pub caption: String,
    pub rows: RowsDef,
    pub labels: Vec<LabelColumn>,
    /// When the code column is printed split by level (上海: 类 | 款 | 项, "201 03 01"), the
    /// sub-headers, one per level of the code tree; empty when the code is printed whole. The
    /// code is stored joined ("2010301") either way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub code_split: Vec<String>,
    pub columns: Vec<ColumnDef>,
}

impl BlockDef {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The code levels' lengths of a code block (function 3/5/7, economic 3/5); empty for
    /// other blocks.
    pub fn code_levels(&self) -> &[usize] {
        match &self.rows {
            RowsDef::Codes { levels, .. } => levels,
            _ => &[],
        }
    }

    /// A stored code cut as the published table prints it in its 类/款/项 columns
    /// ("2010301" → "201", "03", "01"; "30107" → "301", "07"); levels the code does not reach
    /// are empty.
    pub fn code_parts(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut from = 0;
        for &l in self.code_levels() {
            out.push(
                code.get(from..l.min(code.len()))
                    .unwrap_or_default()
                    .to_string(),
            );
            from = l;
        }
        out
    }

    /// The stored code of a row printed in 类/款/项 columns ("301", "07" → "30107"): the parts
    /// joined, blanks dropped. `None` when a part is not digits or not its level's width, so an
    /// importer can say which cell is wrong.
    pub fn join_code_parts(&self, parts: &[&str]) -> Option<String> {
        let levels = self.code_levels();
        let mut code = String::new();
        let mut from = 0;
        for (i, p) in parts.iter().map(|p| p.trim()).enumerate() {
            let width = levels.get(i).map(|&l| l - from)?;
            from = levels[i];
            if p.is_empty() {
                continue;
            }
            if p.len() != width
                || !p.bytes().all(|b| b.is_ascii_digit())
                || code.len() + width != from
            {
                return None;
            }
            code.push_str(p);
        }
        (!code.is_empty()).then_some(code)
    }

    /// How many header rows this block needs.
    pub fn header_depth(&self) -> usize {
        let labels = self.labels.iter().map(|l| l.header().len());
        let cols = self.columns.iter().map(|c| c.header.len());
        labels.chain(cols).max().unwrap_or(1)
    }
}

/// One table of a layout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDef {
    /// Key stored in the file ("t1" … "t13").
    pub key: String,
    /// Number as published (1 … 13).
    pub number: u8,
    pub kind: TableKind,
    /// Title with "{year}" for the package's year.
    pub title: String,
    pub unit: Unit,
    pub blocks: Vec<BlockDef>,
    /// Whether the published table carries a row of column numbers (1, 2, 3 …) under the header.
    #[serde(default)]
    pub numbered_columns: bool,
}

impl TableDef {
    pub fn title_for(&self, year: i32) -> String {
        self.title.replace("{year}", &year.to_string())
    }

    /// How findings and messages name the table: "表3" (its number in this layout).
    pub fn label(&self) -> String {
        format!("表{}", self.number)
    }

    /// Whether sums in this table are exact (元: no 尾差 tolerance).
    pub fn is_exact(&self) -> bool {
        self.unit == Unit::Yuan
    }

    pub fn block(&self, key: &str) -> Option<&BlockDef> {
        self.blocks.iter().find(|b| b.key == key)
    }

    /// Wide tables print in landscape.
    pub fn is_wide(&self) -> bool {
        let cols: usize = self
            .blocks
            .iter()
            .map(|b| b.labels.len() + b.columns.len())
            .sum();
        cols > 6
    }
}

/// A section of the written explanation, as a layout lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDef {
    /// Stable id, the same for the same meaning in every layout ("three_public", "assets" …).
    pub id: String,
    /// Number as published ("一" … "十二"); may be empty.
    #[serde(default)]
    pub number: String,
    /// Title, with "{year}" for the package's year.
    pub title: String,
    /// The part of the package it is printed in ("其他相关情况说明"); empty for 山西's 第三部分.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub part: String,
}

/// A layout template: the tables of one region's package and the sections of its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub id: String,
    pub name: String,
    pub tables: Vec<TableDef>,
    #[serde(default)]
    pub sections: Vec<SectionDef>,
}

impl Layout {
    pub fn table(&self, key: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.key == key)
    }

    pub fn table_of_kind(&self, kind: TableKind) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    pub fn section(&self, id: &str) -> Option<&SectionDef> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The layout with this id: a built-in one, or one registered from a user's file this
    /// session ([`register`]); `None` for an unknown id.
    pub fn by_id(id: &str) -> Option<&'static Layout> {
        builtins().iter().find(|l| l.id == id).or_else(|| {
            registry()
                .read()
                .ok()
                .and_then(|r| r.iter().rev().find(|l| l.id == id).copied())
        })
    }

    /// Whether this id names a built-in layout (a package then records only the id).
    pub fn is_builtin_id(id: &str) -> bool {
        builtins().iter().any(|l| l.id == id)
    }
}

pub const SHANXI_13_ID: &str = "shanxi-13";
pub const SHANGHAI_DEPT_ID: &str = "shanghai-dept";
pub const SHANGHAI_UNIT_ID: &str = "shanghai-unit";

/// The built-in layout files, in the order they are offered.
const BUILTIN_FILES: [(&str, &str); 3] = [
    (
        "assets/layouts/shanxi-13.ron",
        include_str!("../../assets/layouts/shanxi-13.ron"),
    ),
    (
        "assets/layouts/shanghai-dept.ron",
        include_str!("../../assets/layouts/shanghai-dept.ron"),
    ),
    (
        "assets/layouts/shanghai-unit.ron",
        include_str!("../../assets/layouts/shanghai-unit.ron"),
    ),
];

/// Every built-in layout, parsed once. A built-in file that does not parse is left out (a test
/// parses each one, so this does not happen in a released program).
pub fn builtins() -> &'static [Layout] {
    static LAYOUTS: std::sync::OnceLock<Vec<Layout>> = std::sync::OnceLock::new();
    LAYOUTS.get_or_init(|| {
        BUILTIN_FILES
            .iter()
            .filter_map(|(_, text)| parse(text).ok())
            .collect()
    })
}

/// The built-in 山西 layout: the 13 tables of the sample, in 万元.
pub fn shanxi_13() -> &'static Layout {
    static EMPTY: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();
    Layout::by_id(SHANXI_13_ID).unwrap_or_else(|| {
        EMPTY.get_or_init(|| Layout {
            id: SHANXI_13_ID.into(),
            name: String::new(),
            tables: Vec::new(),
            sections: Vec::new(),
        })
    })
}

/// Layouts read from users' files this session. Each is leaked once, so a package can hold a
/// `&'static Layout` like a built-in one; a session registers a handful at most.
fn registry() -> &'static std::sync::RwLock<Vec<&'static Layout>> {
    static REGISTRY: std::sync::OnceLock<std::sync::RwLock<Vec<&'static Layout>>> =
        std::sync::OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Validates a layout and makes it known by its id for the rest of the session. Registering an
/// equal layout again returns the first copy; a changed layout under the same id replaces it for
/// later lookups (packages already open keep theirs). A layout equal to a built-in one is that
/// built-in one; another layout may not take a built-in id.
pub fn register(layout: Layout) -> Result<&'static Layout, LayoutError> {
    validate(&layout)?;
    if let Some(b) = builtins().iter().find(|b| b.id == layout.id) {
        if *b == layout {
            return Ok(b);
        }
        return Err(LayoutError::Invalid {
            place: "id".into(),
            message: format!("“{}”是内置版式的标识，请给自己的版式另起一个", layout.id),
        });
    }
    let mut reg = registry()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(same) = reg.iter().find(|l| ***l == layout) {
        return Ok(same);
    }
    let leaked: &'static Layout = Box::leak(Box::new(layout));
    reg.push(leaked);
    Ok(leaked)
}

/// Why a layout file could not be used. Messages are in Chinese and say where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("无法读取版式文件 {path}：{message}")]
    Io { path: String, message: String },
    #[error("版式文件第 {line} 行第 {col} 列：{message}")]
    Syntax {
        line: usize,
        col: usize,
        message: String,
    },
    #[error("版式文件中 {place}：{message}")]
    Invalid { place: String, message: String },
}

/// Parses and validates a layout file's text.
pub fn parse(text: &str) -> Result<Layout, LayoutError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let layout: Layout = ron::Options::default()
        .with_recursion_limit(64)
        .from_str(text)
        .map_err(|e| LayoutError::Syntax {
            line: e.span.start.line,
            col: e.span.start.col,
            message: ron_message(&e.code),
        })?;
    validate(&layout)?;
    Ok(layout)
}

/// Reads, parses and validates a layout file.
pub fn load_file(path: &std::path::Path) -> Result<Layout, LayoutError> {
    let text = std::fs::read_to_string(path).map_err(|e| LayoutError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    parse(&text)
}

/// The canonical text of a layout file (what `new --layout-file` accepts back).
pub fn to_ron(layout: &Layout) -> String {
    let cfg = ron::ser::PrettyConfig::new()
        .depth_limit(6)
        .indentor("  ")
        .struct_names(false);
    ron::ser::to_string_pretty(layout, cfg).unwrap_or_default()
}

/// A layout on one line (for a spreadsheet cell).
pub fn to_ron_compact(layout: &Layout) -> String {
    ron::to_string(layout).unwrap_or_default()
}

fn ron_message(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "文件意外结束（括号没有配对？）".into(),
        E::Message(m) => m.clone(),
        E::NoSuchStructField { found, .. } => format!("没有名为“{found}”的字段"),
        E::MissingStructField { field, .. } => format!("缺少字段“{field}”"),
        E::DuplicateStructField { field, .. } => format!("字段“{field}”出现了两次"),
        E::NoSuchEnumVariant {
            found, expected, ..
        } => format!("“{found}”不是可选值之一（可选：{}）", expected.join("、")),
        E::ExpectedString | E::ExpectedStringEnd => "此处应为带引号的文字".into(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "此处应为以“(”开始的一组字段".into()
        }
        E::ExpectedStructLikeEnd => "此处应为“)”（一组字段的结束）".into(),
        E::ExpectedArray => "此处应为以“[”开始的列表".into(),
        E::ExpectedArrayEnd => "此处应为“]”（列表的结束）".into(),
        E::ExpectedComma => "此处应为“,”".into(),
        E::ExpectedInteger | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            "此处应为一个不太大的整数".into()
        }
        E::ExpectedBoolean => "此处应为 true 或 false".into(),
        E::ExpectedIdentifier => "此处应为字段名".into(),
        E::UnexpectedChar(c) => format!("意外的字符“{}”", c.escape_default()),
        E::TrailingCharacters => "结尾处有多余的内容".into(),
        E::ExceededRecursionLimit => "括号嵌套层数过深".into(),
        other => format!("格式错误（{other}）"),
    }
}

/// Checks what the types cannot: at least one table; unique keys of tables, blocks, columns,
/// lines and sections; every sum names columns (or lines) of its own block, without cycles;
/// code levels that grow.
pub fn validate(layout: &Layout) -> Result<(), LayoutError> {
    let bad = |place: String, message: String| Err(LayoutError::Invalid { place, message });
    if layout.id.trim().is_empty() {
        return bad("id".into(), "版式标识不能为空".into());
    }
    if layout.tables.is_empty() {
        return bad("tables".into(), "版式中没有任何表".into());
    }
    let mut keys = std::collections::HashSet::new();
    let mut numbers = std::collections::HashSet::new();
    for t in &layout.tables {
        let at = format!("表“{}”", t.key);
        if t.key.trim().is_empty() {
            return bad(at, "表的 key 不能为空".into());
        }
        if !keys.insert(t.key.as_str()) {
            return bad(at, "表的 key 重复".into());
        }
        if !numbers.insert(t.number) {
            return bad(at, format!("表号 {} 重复", t.number));
        }
        if t.blocks.is_empty() {
            return bad(at, "表中没有任何部分（blocks）".into());
        }
        let mut bkeys = std::collections::HashSet::new();
        for b in &t.blocks {
            let at = format!("表“{}”的部分“{}”", t.key, b.key);
            if !bkeys.insert(b.key.as_str()) {
                return bad(at, "部分的 key 重复".into());
            }
            if b.columns.is_empty() {
                return bad(at, "没有任何数据列".into());
            }
            let mut ckeys = std::collections::HashSet::new();
            for c in &b.columns {
                if c.key.trim().is_empty() || !ckeys.insert(c.key.as_str()) {
                    return bad(format!("{at}的列“{}”", c.key), "列的 key 为空或重复".into());
                }
            }
            let col_sums: Vec<(&str, &[String])> = b
                .columns
                .iter()
                .filter_map(|c| match &c.kind {
                    ColumnKind::Sum(of) => Some((c.key.as_str(), of.as_slice())),
                    ColumnKind::Input => None,
                })
                .collect();
            for (key, of) in &col_sums {
                for k in *of {
                    if !ckeys.contains(k.as_str()) {
                        return bad(
                            format!("{at}的列“{key}”"),
                            format!("合计所列的列“{k}”不存在"),
                        );
                    }
                }
            }
            if let Some(k) = cycle(&col_sums) {
                return bad(format!("{at}的列“{k}”"), "合计循环引用了自己".into());
            }
            match &b.rows {
                RowsDef::Codes { levels, .. } => {
                    let grows = levels.windows(2).all(|w| w[0] < w[1]);
                    if levels.is_empty() || !grows || levels[0] == 0 {
                        return bad(at, "编码各级长度（levels）应为递增的正整数".into());
                    }
                    if !b.code_split.is_empty() && b.code_split.len() != levels.len() {
                        return bad(at, "code_split 的个数应与编码级数（levels）相同".into());
                    }
                }
                RowsDef::Fixed(lines) => {
                    if lines.is_empty() {
                        return bad(at, "固定行列表为空".into());
                    }
                    let mut lkeys = std::collections::HashSet::new();
                    for l in lines {
                        if !lkeys.insert(l.key.as_str()) {
                            return bad(format!("{at}的行“{}”", l.key), "行的 key 重复".into());
                        }
                    }
                    let line_sums: Vec<(&str, &[String])> = lines
                        .iter()
                        .filter_map(|l| match &l.kind {
                            LineKind::Sum(of) => Some((l.key.as_str(), of.as_slice())),
                            _ => None,
                        })
                        .collect();
                    for (key, of) in &line_sums {
                        for k in *of {
                            if !lkeys.contains(k.as_str()) {
                                return bad(
                                    format!("{at}的行“{key}”"),
                                    format!("合计所列的行“{k}”不存在"),
                                );
                            }
                        }
                    }
                    if let Some(k) = cycle(&line_sums) {
                        return bad(format!("{at}的行“{k}”"), "合计循环引用了自己".into());
                    }
                }
                RowsDef::Units | RowsDef::Projects => {}
            }
        }
    }
    let mut ids = std::collections::HashSet::new();
    for s in &layout.sections {
        if s.id.trim().is_empty() || !ids.insert(s.id.as_str()) {
            return bad(
                format!("说明章节“{}”", s.title),
                "章节 id 为空或重复".into(),
            );
        }
    }
    Ok(())
}

/// The first sum that reaches itself through other sums, if any.
fn cycle<'a>(sums: &[(&'a str, &'a [String])]) -> Option<&'a str> {
    fn reaches(sums: &[(&str, &[String])], from: &str, target: &str, depth: usize) -> bool {
        if depth > sums.len() {
            return true;
        }
        let Some((_, of)) = sums.iter().find(|(k, _)| *k == from) else {
            return false;
        };
        of.iter()
            .any(|k| k == target || reaches(sums, k, target, depth + 1))
    }
    sums.iter()
        .find(|(k, _)| reaches(sums, k, k, 0))
        .map(|(k, _)| *k)
}

/// Serde glue for a package's own (non-built-in) layout, kept in the project file so that the
/// file opens without the layout file beside it: reading registers it.
pub mod embedded {
    use super::Layout;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(l: &Option<&'static Layout>, s: S) -> Result<S::Ok, S::Error> {
        match l {
            Some(l) => s.serialize_some(*l),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<&'static Layout>, D::Error> {
        let l: Option<Layout> = Option::deserialize(d)?;
        l.map(|l| super::register(l).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_layout_file_parses_and_validates() {
        for (path, text) in BUILTIN_FILES {
            let l = parse(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(
                path.ends_with(&format!("{}.ron", l.id)),
                "{path} has id {}",
                l.id
            );
        }
        assert_eq!(builtins().len(), BUILTIN_FILES.len());
        for id in [SHANXI_13_ID, SHANGHAI_DEPT_ID, SHANGHAI_UNIT_ID] {
            assert!(Layout::by_id(id).is_some(), "{id}");
        }
    }

    #[test]
    fn the_shanxi_file_is_the_former_builder_layout() {
        let built = legacy::build_shanxi_13();
        let file = shanxi_13();
        assert_eq!(file.id, built.id);
        assert_eq!(file.name, built.name);
        assert_eq!(file.tables, built.tables);
        let titles: Vec<&str> = file.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles.len(), 12);
        assert_eq!(titles[6], "“三公”经费增减变动原因说明");
    }

    #[test]
    fn shanghai_layouts_have_nine_tables_in_yuan_with_their_keys() {
        for id in [SHANGHAI_DEPT_ID, SHANGHAI_UNIT_ID] {
            let l = Layout::by_id(id).expect("built in");
            assert_eq!(l.tables.len(), 9, "{id}");
            for (i, t) in l.tables.iter().enumerate() {
                assert_eq!(t.number as usize, i + 1);
                assert_eq!(t.key, format!("t{}", i + 1));
                let want = if t.kind == TableKind::ThreePublicAndOperating {
                    Unit::Wan
                } else {
                    Unit::Yuan
                };
                assert_eq!(t.unit, want, "{id} {}", t.key);
            }
            let t1 = l.table_of_kind(TableKind::BudgetSummary).expect("t1");
            let inc = t1.block("income").expect("income");
            let RowsDef::Fixed(lines) = &inc.rows else {
                panic!("fixed lines")
            };
            let keys: Vec<&str> = lines.iter().map(|l| l.key.as_str()).collect();
            assert_eq!(
                keys,
                [
                    "fiscal",
                    "general",
                    "fund",
                    "capital",
                    "institution",
                    "institution_operating",
                    "other",
                    "grand_total"
                ]
            );
            let t7 = l.table_of_kind(TableKind::StateCapital).expect("t7");
            assert!(t7.block("expenditure").is_some());
            let t8 = l.table_of_kind(TableKind::BasicByEconomic).expect("t8");
            assert_eq!(t8.blocks[0].code_split, ["类", "款"]);
            assert!(l.section("budget_notes").is_some());
            assert!(l.section("three_public").is_some());
        }
        let unit = Layout::by_id(SHANGHAI_UNIT_ID).expect("unit");
        let exp = unit.tables[0].block("expenditure").expect("expenditure");
        assert_eq!(exp.header_depth(), 3);
    }

    #[test]
    fn broken_layout_files_get_chinese_messages_with_their_place() {
        let e = parse("(id: \"x\", name: \"y\", tables: [\n  (key: 1)]\n)").unwrap_err();
        let LayoutError::Syntax { line, col, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!((*line, *col > 0), (2, true));
        assert!(e.to_string().contains("第 2 行"), "{e}");
        let e = parse("(id: \"x\", name: \"y\", tables: [])").unwrap_err();
        assert!(e.to_string().contains("没有任何表"), "{e}");
        let mut l = Layout::by_id(SHANGHAI_UNIT_ID).expect("unit").clone();
        l.id = "mine".into();
        if let ColumnKind::Sum(of) = &mut l.tables[2].blocks[0].columns[0].kind {
            of.push("nothing".into());
        }
        let e = validate(&l).unwrap_err();
        assert!(
            e.to_string().contains("“t3”") && e.to_string().contains("nothing"),
            "{e}"
        );
        let mut l = Layout::by_id(SHANGHAI_UNIT_ID).expect("unit").clone();
        l.tables[1].key = "t1".into();
        assert!(validate(&l).unwrap_err().to_string().contains("重复"));
    }

    #[test]
    fn a_registered_layout_is_found_by_id_and_may_not_take_a_builtin_id() {
        let mut l = Layout::by_id(SHANGHAI_UNIT_ID).expect("unit").clone();
        assert!(std::ptr::eq(
            register(l.clone()).expect("equal to built-in"),
            Layout::by_id(SHANGHAI_UNIT_ID).expect("unit")
        ));
        l.name = "改过的".into();
        assert!(register(l.clone()).is_err());
        l.id = "test-registered".into();
        let a = register(l.clone()).expect("registers");
        let b = register(l).expect("again");
        assert!(std::ptr::eq(a, b));
        assert_eq!(
            Layout::by_id("test-registered").map(|x| x.name.as_str()),
            Some("改过的")
        );
    }

    #[test]
    fn codes_split_and_join_at_their_levels() {
        let l = Layout::by_id(SHANGHAI_UNIT_ID).expect("unit");
        let t2 = &l.tables[1].blocks[0];
        let t8 = &l.tables[7].blocks[0];
        assert_eq!(t2.code_parts("2010301"), ["201", "03", "01"]);
        assert_eq!(t2.code_parts("201"), ["201", "", ""]);
        assert_eq!(t8.code_parts("30107"), ["301", "07"]);
        assert_eq!(t8.join_code_parts(&["301", "07"]).as_deref(), Some("30107"));
        assert_eq!(t8.join_code_parts(&[" 302 ", ""]).as_deref(), Some("302"));
        assert_eq!(
            t2.join_code_parts(&["201", "03", "01"]).as_deref(),
            Some("2010301")
        );
        assert_eq!(
            t2.join_code_parts(&["201", "", "01"]),
            None,
            "a 项 without its 款"
        );
        assert_eq!(
            t8.join_code_parts(&["301", "7"]),
            None,
            "a 款 is two digits"
        );
        assert_eq!(
            t8.join_code_parts(&["301", "07", "01"]),
            None,
            "no third level"
        );
    }

    #[test]
    fn yuan_amounts_print_with_thousands_separators() {
        use rust_decimal::Decimal;
        use std::str::FromStr;
        let d = |x: &str| Decimal::from_str(x).expect("decimal");
        assert_eq!(Unit::Yuan.format(d("91016775.35")), "91,016,775.35");
        assert_eq!(Unit::Yuan.format(d("-1000")), "-1,000.00");
        assert_eq!(Unit::Yuan.format(d("999.5")), "999.50");
        assert_eq!(Unit::Wan.format(d("9101.677535")), "9101.68");
    }

    #[test]
    fn a_layout_written_out_reads_back_equal() {
        for l in builtins() {
            assert_eq!(parse(&to_ron(l)).as_ref(), Ok(l));
        }
    }
}

/// The 山西 layout as it was written in code before it became a file; kept to prove the file
/// says the same.
#[cfg(test)]
mod legacy {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn input(key: &str, header: &[&str]) -> ColumnDef {
        ColumnDef {
            key: key.into(),
            header: s(header),
            kind: ColumnKind::Input,
        }
    }

    fn sum(key: &str, header: &[&str], of: &[&str]) -> ColumnDef {
        ColumnDef {
            key: key.into(),
            header: s(header),
            kind: ColumnKind::Sum(s(of)),
        }
    }

    fn line(key: &str, label: &str, kind: LineKind) -> FixedLine {
        FixedLine {
            key: key.into(),
            label: label.into(),
            kind,
        }
    }

    fn function_codes() -> RowsDef {
        RowsDef::Codes {
            scheme: CodeScheme::Function,
            levels: vec![3, 5, 7],
        }
    }

    fn code_labels(group: &str) -> Vec<LabelColumn> {
        if group.is_empty() {
            vec![
                LabelColumn::Code {
                    header: s(&["科目编码"]),
                },
                LabelColumn::Name {
                    header: s(&["科目名称"]),
                },
            ]
        } else {
            vec![
                LabelColumn::Code {
                    header: s(&[group, "科目编码"]),
                },
                LabelColumn::Name {
                    header: s(&[group, "科目名称"]),
                },
            ]
        }
    }

    /// 合计 / 基本支出 / 项目支出 under a common heading.
    fn basic_project(top: &str) -> Vec<ColumnDef> {
        fn h<'a>(top: &'a str, x: &'a str) -> Vec<&'a str> {
            if top.is_empty() {
                vec![x]
            } else {
                vec![top, x]
            }
        }
        vec![
            sum("total", &h(top, "合计"), &["basic", "project"]),
            input("basic", &h(top, "基本支出")),
            input("project", &h(top, "项目支出")),
        ]
    }

    /// 合计 / 一般公共预算 / 政府性基金预算 / 国有资本经营预算.
    fn three_funds(top: &str) -> Vec<ColumnDef> {
        vec![
            sum("total", &[top, "合计"], &["general", "fund", "capital"]),
            input("general", &[top, "一般公共预算"]),
            input("fund", &[top, "政府性基金预算"]),
            input("capital", &[top, "国有资本经营预算"]),
        ]
    }

    fn expenditure_classes_block(columns: Vec<ColumnDef>, carry_label: &str) -> BlockDef {
        BlockDef {
            code_split: Vec::new(),
            key: "expenditure".into(),
            caption: "支出".into(),
            rows: RowsDef::Fixed(vec![
                line("class:", "", LineKind::Classes),
                line("year_total", "本年支出合计", LineKind::Sum(s(&["class:"]))),
                line("year_end_carry", carry_label, LineKind::Input),
                line(
                    "grand_total",
                    "支出总计",
                    LineKind::Sum(s(&["year_total", "year_end_carry"])),
                ),
            ]),
            labels: vec![LabelColumn::Name {
                header: s(&["项目"]),
            }],
            columns,
        }
    }

    pub fn build_shanxi_13() -> Layout {
        let t1 = TableDef {
            key: "t1".into(),
            number: 1,
            kind: TableKind::BudgetSummary,
            title: "{year}年预算收支总表".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![
                BlockDef {
                    code_split: Vec::new(),
                    key: "income".into(),
                    caption: "收入".into(),
                    rows: RowsDef::Fixed(vec![
                        line("general", "一、一般公共预算", LineKind::Input),
                        line("fund", "二、政府性基金预算", LineKind::Input),
                        line("capital", "三、国有资本经营预算", LineKind::Input),
                        line("special", "四、财政专户管理资金", LineKind::Input),
                        line("unit", "五、单位资金", LineKind::Input),
                        line(
                            "year_total",
                            "本年收入合计",
                            LineKind::Sum(s(&["general", "fund", "capital", "special", "unit"])),
                        ),
                        line("carryover", "上年结转", LineKind::Input),
                        line(
                            "grand_total",
                            "收入总计",
                            LineKind::Sum(s(&["year_total", "carryover"])),
                        ),
                    ]),
                    labels: vec![LabelColumn::Name {
                        header: s(&["项目"]),
                    }],
                    columns: vec![input("amount", &["{year}年"])],
                },
                expenditure_classes_block(
                    vec![
                        sum("total", &["{year}年合计"], &["current", "carryover"]),
                        input("current", &["当年预算安排"]),
                        input("carryover", &["上年结转安排"]),
                    ],
                    "年终结转",
                ),
            ],
        };
        let t2 = TableDef {
            key: "t2".into(),
            number: 2,
            kind: TableKind::IncomeSummary,
            title: "{year}年预算收入总表".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: function_codes(),
                labels: code_labels("项目"),
                columns: vec![
                    sum(
                        "total",
                        &["本年收入", "合计"],
                        &["general", "fund", "capital", "special", "unit"],
                    ),
                    input("general", &["本年收入", "一般公共预算"]),
                    input("fund", &["本年收入", "政府性基金"]),
                    input("capital", &["本年收入", "国有资本经营预算"]),
                    input("special", &["本年收入", "财政专户管理资金"]),
                    input("unit", &["本年收入", "单位资金"]),
                    input("carryover", &["上年结转"]),
                ],
            }],
        };
        let codes_basic_project = |key: &str, number: u8, kind, title: &str, top: &str| TableDef {
            key: key.into(),
            number,
            kind,
            title: title.into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: function_codes(),
                labels: code_labels(if top.is_empty() { "" } else { "项目" }),
                columns: basic_project(top),
            }],
        };
        let t3 = codes_basic_project(
            "t3",
            3,
            TableKind::ExpenditureSummary,
            "{year}年预算支出总表",
            "{year}年预算数",
        );
        let t4 = TableDef {
            key: "t4".into(),
            number: 4,
            kind: TableKind::FiscalSummary,
            title: "{year}年财政拨款收支总表".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![
                BlockDef {
                    code_split: Vec::new(),
                    key: "income".into(),
                    caption: "收入".into(),
                    rows: RowsDef::Fixed(vec![
                        line("general", "一、一般公共预算", LineKind::Input),
                        line("fund", "二、政府性基金预算", LineKind::Input),
                        line("capital", "三、国有资本经营预算", LineKind::Input),
                        line(
                            "year_total",
                            "本年收入合计",
                            LineKind::Sum(s(&["general", "fund", "capital"])),
                        ),
                        line(
                            "carryover",
                            "上年财政拨款结转",
                            LineKind::Sum(s(&[
                                "carryover_general",
                                "carryover_fund",
                                "carryover_capital",
                            ])),
                        ),
                        line("carryover_general", "一、一般公共预算", LineKind::Input),
                        line("carryover_fund", "二、政府性基金预算", LineKind::Input),
                        line("carryover_capital", "三、国有资本经营预算", LineKind::Input),
                        line(
                            "grand_total",
                            "收入总计",
                            LineKind::Sum(s(&["year_total", "carryover"])),
                        ),
                    ]),
                    labels: vec![LabelColumn::Name {
                        header: s(&["项目"]),
                    }],
                    columns: vec![input("amount", &["金额"])],
                },
                expenditure_classes_block(
                    vec![
                        sum("total", &["金额", "小计"], &["general", "fund", "capital"]),
                        input("general", &["金额", "一般公共预算"]),
                        input("fund", &["金额", "政府性基金预算"]),
                        input("capital", &["金额", "国有资本经营预算"]),
                    ],
                    "年终结转",
                ),
            ],
        };
        let t5 = codes_basic_project(
            "t5",
            5,
            TableKind::GeneralExpenditure,
            "{year}年一般公共预算支出预算表（不含上年结转）",
            "{year}年预算数",
        );
        let t6 = TableDef {
            key: "t6".into(),
            number: 6,
            kind: TableKind::BasicByEconomic,
            title: "{year}年一般公共预算安排基本支出分经济科目表（不含上年结转）".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: RowsDef::Codes {
                    scheme: CodeScheme::EconomicDept,
                    levels: vec![3, 5],
                },
                labels: vec![
                    LabelColumn::Code {
                        header: s(&["部门预算支出经济科目编码"]),
                    },
                    LabelColumn::Name {
                        header: s(&["部门预算支出经济科目名称"]),
                    },
                    LabelColumn::GovName {
                        header: s(&["政府预算支出经济科目名称"]),
                    },
                ],
                columns: vec![
                    sum(
                        "total",
                        &["{year}年预算数", "合计"],
                        &["personnel", "public"],
                    ),
                    input("personnel", &["{year}年预算数", "人员经费"]),
                    input("public", &["{year}年预算数", "公用经费"]),
                ],
            }],
        };
        let t7 = TableDef {
            key: "t7".into(),
            number: 7,
            kind: TableKind::FundIncome,
            title: "{year}年政府性基金预算收入表（不含上年结转）".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: RowsDef::Codes {
                    scheme: CodeScheme::Income,
                    levels: vec![3, 5, 7, 9],
                },
                labels: vec![
                    LabelColumn::Code {
                        header: s(&["项目", "收入科目编码"]),
                    },
                    LabelColumn::Name {
                        header: s(&["项目", "科目名称"]),
                    },
                ],
                columns: vec![input("amount", &["政府性基金收入预算"])],
            }],
        };
        let t8 = codes_basic_project(
            "t8",
            8,
            TableKind::FundExpenditure,
            "{year}年政府性基金预算支出表（不含上年结转）",
            "",
        );
        let t9 = TableDef {
            key: "t9".into(),
            number: 9,
            kind: TableKind::StateCapital,
            title: "{year}年国有资本经营预算收支预算表（不含上年结转）".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![
                BlockDef {
                    code_split: Vec::new(),
                    key: "income".into(),
                    caption: "国有资本经营预算收入".into(),
                    rows: RowsDef::Codes {
                        scheme: CodeScheme::Income,
                        levels: vec![3, 5, 7, 9],
                    },
                    labels: vec![
                        LabelColumn::Code {
                            header: s(&["项目", "收入科目编码"]),
                        },
                        LabelColumn::Name {
                            header: s(&["项目", "科目名称"]),
                        },
                    ],
                    columns: vec![input("amount", &["国有资本经营收入预算"])],
                },
                BlockDef {
                    code_split: Vec::new(),
                    key: "expenditure".into(),
                    caption: "国有资本经营预算支出".into(),
                    rows: function_codes(),
                    labels: code_labels(""),
                    columns: basic_project(""),
                },
            ],
        };
        let t10 = TableDef {
            key: "t10".into(),
            number: 10,
            kind: TableKind::ThreePublic,
            title: "{year}年财政拨款安排“三公”经费支出预算表".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: RowsDef::Fixed(vec![
                    line("abroad", "因公出国（境）费", LineKind::Input),
                    line("reception", "公务接待费", LineKind::Input),
                    line(
                        "vehicles",
                        "公务用车购置及运行费",
                        LineKind::Sum(s(&["vehicle_purchase", "vehicle_running"])),
                    ),
                    line("vehicle_purchase", "①公务用车购置费", LineKind::Input),
                    line("vehicle_running", "②公务用车运行维护费", LineKind::Input),
                    line(
                        "total",
                        "合计",
                        LineKind::Sum(s(&["abroad", "reception", "vehicles"])),
                    ),
                ]),
                labels: vec![LabelColumn::Name {
                    header: s(&["项目"]),
                }],
                columns: three_funds("{year}年预算数"),
            }],
        };
        let t11 = TableDef {
            key: "t11".into(),
            number: 11,
            kind: TableKind::OperatingCost,
            title: "{year}年财政拨款安排机关运行经费预算表".into(),
            unit: Unit::Wan,
            numbered_columns: false,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: RowsDef::Units,
                labels: vec![LabelColumn::Name {
                    header: s(&["单位名称"]),
                }],
                columns: three_funds("{year}预算数"),
            }],
        };
        let t12 = TableDef {
            key: "t12".into(),
            number: 12,
            kind: TableKind::ProjectsCurrent,
            title: "{year}年项目支出预算表（本年预算）".into(),
            unit: Unit::Wan,
            numbered_columns: true,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: RowsDef::Projects,
                labels: vec![LabelColumn::Name {
                    header: s(&["项目名称"]),
                }],
                columns: vec![
                    sum(
                        "total",
                        &["合计"],
                        &["general", "fund", "capital", "special", "unit"],
                    ),
                    input("general", &["{year}年财政拨款", "一般公共预算"]),
                    input("fund", &["{year}年财政拨款", "政府性基金预算"]),
                    input("capital", &["{year}年财政拨款", "国有资本经营预算"]),
                    input("special", &["财政专户管理资金"]),
                    input("unit", &["单位资金"]),
                ],
            }],
        };
        let t13 = TableDef {
            key: "t13".into(),
            number: 13,
            kind: TableKind::ProjectsCarryover,
            title: "{year}年项目支出预算表（上年结转）".into(),
            unit: Unit::Wan,
            numbered_columns: true,
            blocks: vec![BlockDef {
                code_split: Vec::new(),
                key: "main".into(),
                caption: String::new(),
                rows: RowsDef::Projects,
                labels: vec![LabelColumn::Name {
                    header: s(&["项目名称"]),
                }],
                columns: vec![
                    sum("total", &["合计"], &["general", "fund", "capital"]),
                    input("general", &["{year}年财政拨款", "一般公共预算"]),
                    input("fund", &["{year}年财政拨款", "政府性基金预算"]),
                    input("capital", &["{year}年财政拨款", "国有资本经营预算"]),
                ],
            }],
        };
        Layout {
            id: SHANXI_13_ID.into(),
            name: "山西省部门预算公开（13张表，万元）".into(),
            tables: vec![t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13],
            sections: Vec::new(),
        }
    }
}
