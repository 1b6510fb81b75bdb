//! The official list of a year imported from the finance bureau's spreadsheet (科目编码,
//! 科目名称; one sheet per classification) or a CSV of one classification, checked row by row,
//! and kept in the user's settings folder where it replaces the built-in entries of that year.

use super::{Catalog, Entry, YearCatalog};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The four classifications a sheet can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Function,
    EconomicDept,
    EconomicGov,
    Income,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Function,
        Kind::EconomicDept,
        Kind::EconomicGov,
        Kind::Income,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Function => "支出功能分类",
            Kind::EconomicDept => "部门预算支出经济分类",
            Kind::EconomicGov => "政府预算支出经济分类",
            Kind::Income => "收入分类",
        }
    }

    /// The file the import is stored in.
    fn file(self) -> &'static str {
        match self {
            Kind::Function => "function.csv",
            Kind::EconomicDept => "economic_dept.csv",
            Kind::EconomicGov => "economic_gov.csv",
            Kind::Income => "income.csv",
        }
    }

    /// The code lengths of the classification (类, 款, 项).
    fn lengths(self) -> &'static [usize] {
        match self {
            Kind::Function => &[3, 5, 7],
            Kind::EconomicDept | Kind::EconomicGov => &[3, 5],
            Kind::Income => &[3, 5, 7, 9],
        }
    }

    /// By the sheet's name: 功能, 部门…经济, 政府…经济, 收入.
    fn by_sheet_name(name: &str) -> Option<Kind> {
        if name.contains("功能") {
            Some(Kind::Function)
        } else if name.contains("经济") && name.contains("部门") {
            Some(Kind::EconomicDept)
        } else if name.contains("经济") && name.contains("政府") {
            Some(Kind::EconomicGov)
        } else if name.contains("收入") {
            Some(Kind::Income)
        } else {
            None
        }
    }

    /// By the codes' first digit, when all agree: 2 function, 3 部门, 5 政府, 1 income.
    fn by_codes(codes: &[(usize, String, String)]) -> Option<Kind> {
        let first = |c: &str| c.as_bytes().first().copied();
        let d = first(&codes.first()?.1)?;
        if codes.iter().any(|(_, c, _)| first(c) != Some(d)) {
            return None;
        }
        match d {
            b'2' => Some(Kind::Function),
            b'3' => Some(Kind::EconomicDept),
            b'5' => Some(Kind::EconomicGov),
            b'1' => Some(Kind::Income),
            _ => None,
        }
    }
}

/// What is wrong with an imported file: where (sheet, row as the spreadsheet numbers it) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub sheet: String,
    pub row: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "工作表“{}”", self.sheet)?;
        }
        match self.row {
            Some(r) => write!(f, "第 {r} 行：")?,
            None if !self.sheet.is_empty() => write!(f, "：")?,
            None => {}
        }
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ImportError {}

fn err(sheet: &str, row: Option<usize>, reason: impl Into<String>) -> ImportError {
    ImportError {
        sheet: sheet.to_string(),
        row,
        reason: reason.into(),
    }
}

/// An imported list: each classification found, with its (code, name) rows in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub lists: Vec<(Kind, Vec<(String, String)>)>,
}

impl Imported {
    pub fn count(&self, kind: Kind) -> usize {
        self.lists
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, v)| v.len())
    }

    /// A one-line Chinese summary ("支出功能分类 1550 条，…").
    pub fn summary(&self) -> String {
        self.lists
            .iter()
            .map(|(k, v)| format!("{} {} 条", k.label(), v.len()))
            .collect::<Vec<_>>()
            .join("，")
    }
}

/// Reads a spreadsheet (.xlsx, .xls, .ods) or a CSV file of the official list.
pub fn read_path(path: &Path) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| err("", None, format!("无法读取 {}：{e}", path.display())))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "csv" {
        let text = String::from_utf8(bytes).map_err(|_| {
            err(
                "",
                None,
                "CSV 文件不是 UTF-8 编码；请在 Excel/WPS 中另存为“CSV UTF-8”",
            )
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let grid: Vec<Vec<String>> = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(super::split_csv)
            .collect();
        let list = read_sheet(&name, &grid)?;
        return Ok(Imported { lists: vec![list] });
    }
    read_xlsx(&bytes)
}

/// Reads every sheet of an .xlsx workbook that has a 科目编码 column.
pub fn read_xlsx(bytes: &[u8]) -> Result<Imported, ImportError> {
    if let Err(e) = crate::io::xlsx_guard::check(bytes) {
        return Err(err(&e.sheet, None, e.reason));
    }
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
            err("", None, format!("不是可读取的 .xlsx 工作簿（{e}）"))
        })?;
    let mut out = Imported::default();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| err(&name, None, format!("无法读取工作表（{e}）")))?;
        // Rows as the spreadsheet numbers them, from row 1 even when the range starts lower.
        let top = range.start().map_or(0, |(r, _)| r as usize);
        let mut grid: Vec<Vec<String>> = vec![Vec::new(); top];
        grid.extend(range.rows().map(|r| r.iter().map(cell_text).collect()));
        if !grid
            .iter()
            .take(HEADER_ROWS)
            .any(|r| header_of(r).is_some())
        {
            // A sheet without the columns (a cover, notes) is not a list.
            continue;
        }
        let (kind, rows) = read_sheet(&name, &grid)?;
        if out.lists.iter().any(|(k, _)| *k == kind) {
            return Err(err(
                &name,
                None,
                format!("与前面的工作表同为{}，每种分类只能有一张表", kind.label()),
            ));
        }
        out.lists.push((kind, rows));
    }
    if out.lists.is_empty() {
        return Err(err(
            "",
            None,
            "工作簿中没有含“科目编码”“科目名称”列的工作表",
        ));
    }
    Ok(out)
}

fn cell_text(d: &Data) -> String {
    match d {
        // A code typed as a number: 2010101 is read back as 2010101.0.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => other.to_string().trim().to_string(),
    }
}

/// How far down the header row is looked for (titles and notes may stand above it).
const HEADER_ROWS: usize = 10;

/// The columns of 科目编码 and 科目名称 when `row` is the header row.
fn header_of(row: &[String]) -> Option<(usize, usize)> {
    let find = |want: &str| row.iter().position(|c| c.replace(' ', "").contains(want));
    Some((find("科目编码")?, find("科目名称")?))
}

/// One sheet: its header row, then (code, name) rows until the end; blank rows are skipped.
fn read_sheet(
    sheet: &str,
    grid: &[Vec<String>],
) -> Result<(Kind, Vec<(String, String)>), ImportError> {
    let (hi, (ci, ni)) = grid
        .iter()
        .take(HEADER_ROWS)
        .enumerate()
        .find_map(|(i, r)| header_of(r).map(|h| (i, h)))
        .ok_or_else(|| {
            err(
                sheet,
                None,
                format!("前 {HEADER_ROWS} 行中没有“科目编码”和“科目名称”两列的表头"),
            )
        })?;
    let mut rows: Vec<(usize, String, String)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, r) in grid.iter().enumerate().skip(hi + 1) {
        let line = i + 1;
        let get = |c: usize| r.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        let (code, name) = (get(ci), get(ni));
        if code.is_empty() && name.is_empty() {
            continue;
        }
        if code.is_empty() {
            return Err(err(sheet, Some(line), format!("“{name}”没有科目编码")));
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(sheet, Some(line), format!("科目编码“{code}”不是数字")));
        }
        if name.is_empty() {
            return Err(err(
                sheet,
                Some(line),
                format!("科目编码 {code} 没有科目名称"),
            ));
        }
        if let Some(first) = seen.insert(code.clone(), line) {
            return Err(err(
                sheet,
                Some(line),
                format!("科目编码 {code} 与第 {first} 行重复"),
            ));
        }
        rows.push((line, code, name));
    }
    if rows.is_empty() {
        return Err(err(sheet, None, "表头下没有任何科目"));
    }
    let kind = Kind::by_sheet_name(sheet)
        .or_else(|| Kind::by_codes(&rows))
        .ok_or_else(|| {
            err(
                sheet,
                None,
                "无法判断是哪种分类：工作表名称应含“功能”“部门经济”“政府经济”或“收入”，或编码首位一致（2 功能、3 部门经济、5 政府经济、1 收入）",
            )
        })?;
    for (line, code, _) in &rows {
        if !kind.lengths().contains(&code.len()) {
            let lens = kind
                .lengths()
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join("、");
            return Err(err(
                sheet,
                Some(*line),
                format!(
                    "{}的科目编码应为 {lens} 位数字，“{code}”是 {} 位",
                    kind.label(),
                    code.len()
                ),
            ));
        }
    }
    Ok((kind, rows.into_iter().map(|(_, c, n)| (c, n)).collect()))
}

/// The folder of the imports of one year inside the settings folder.
pub fn year_dir(settings: &Path, year: i32) -> PathBuf {
    settings.join("catalog").join(year.to_string())
}

/// Keeps an imported list for `year` in the settings folder, replacing an earlier import of
/// the same classifications; returns the folder.
pub fn store(settings: &Path, year: i32, list: &Imported) -> Result<PathBuf, ImportError> {
    let dir = year_dir(settings, year);
    std::fs::create_dir_all(&dir)
        .map_err(|e| err("", None, format!("无法建立文件夹 {}：{e}", dir.display())))?;
    for (kind, rows) in &list.lists {
        let mut text = String::from("code,name\n");
        for (c, n) in rows {
            text.push_str(c);
            text.push(',');
            text.push_str(&csv_field(n));
            text.push('\n');
        }
        let path = dir.join(kind.file());
        std::fs::write(&path, text)
            .map_err(|e| err("", None, format!("无法写入 {}：{e}", path.display())))?;
    }
    Ok(dir)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The years imported into the settings folder, each as the built-in year with the imported
/// classifications in place of its own.
pub fn stored_years(settings: &Path) -> Vec<(i32, YearCatalog)> {
    let Ok(dirs) = std::fs::read_dir(settings.join("catalog")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in dirs.flatten() {
        let Some(year) = d.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        let mut list = Imported::default();
        for kind in Kind::ALL {
            let Ok(text) = std::fs::read_to_string(d.path().join(kind.file())) else {
                continue;
            };
            let grid: Vec<Vec<String>> = text.lines().map(super::split_csv).collect();
            let rows = grid
                .iter()
                .skip(1)
                .filter(|r| r.len() >= 2 && !r[0].is_empty())
                .map(|r| (r[0].clone(), r[1].clone()))
                .collect();
            list.lists.push((kind, rows));
        }
        if !list.lists.is_empty() {
            out.push((year, apply(Catalog::builtin().year(year), &list)));
        }
    }
    out
}

/// `base` with each imported classification replacing its own (both the verified and the
/// unverified layer); classifications the import lacks, and the 部门→政府 mapping, stay.
pub fn apply(base: &YearCatalog, list: &Imported) -> YearCatalog {
    let mut y = base.clone();
    for (kind, rows) in &list.lists {
        let old = match kind {
            Kind::Function => &base.function,
            Kind::EconomicDept => &base.economic_dept,
            Kind::EconomicGov => &base.economic_gov,
            Kind::Income => &base.income,
        };
        let map: HashMap<String, Entry> = rows
            .iter()
            .map(|(c, n)| {
                // Earlier names stay known, so text with an old name is still recognised.
                let mut former = old
                    .get(c)
                    .map(|e| e.former_names.clone())
                    .unwrap_or_default();
                if let Some(e) = old.get(c)
                    && e.name != *n
                    && !former.contains(&e.name)
                {
                    former.push(e.name.clone());
                }
                let e = Entry {
                    code: c.clone(),
                    name: n.clone(),
                    former_names: former,
                    source: "imported".into(),
                    confidence: "verified".into(),
                    evidence: "用户导入的正式科目表".into(),
                };
                (c.clone(), e)
            })
            .collect();
        if *kind == Kind::Function {
            y.classes = rows
                .iter()
                .filter(|(c, _)| c.len() == 3)
                .filter_map(|(c, _)| map.get(c).cloned())
                .collect();
        }
        match kind {
            Kind::Function => y.function = map,
            Kind::EconomicDept => y.economic_dept = map,
            Kind::EconomicGov => y.economic_gov = map,
            Kind::Income => y.income = map,
        }
    }
    y
}
