//! The classification catalog (政府收支分类科目) of each year, embedded from assets/catalog and
//! loaded once: names and parents of codes, the 类 list of tables 1 and 4, and the mapping from
//! 部门 to 政府 economic codes, which depends on the kind of unit.

use crate::model::UnitKind;
use crate::model::layout::CodeScheme;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

pub mod import;

/// One code of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    pub name: String,
    /// Names this code had in earlier years.
    pub former_names: Vec<String>,
    /// Where the entry came from: "observed" (read in a published package), "unverified"
    /// (written down from the standard list, not yet confirmed), "imported" (the user's
    /// official list).
    pub source: String,
    /// "verified", or "unverified-high|medium|low".
    pub confidence: String,
    /// The published packages or notices the entry was read in (keys of SOURCES.txt).
    pub evidence: String,
}

impl Entry {
    /// Whether the name can be trusted as the official one: a different name in a package is
    /// then worth a warning; against an unverified entry it is only a hint.
    pub fn verified(&self) -> bool {
        self.confidence == "verified"
    }
}

#[derive(Clone, Debug, Default)]
pub struct YearCatalog {
    pub function: HashMap<String, Entry>,
    /// 类 in the order of tables 1 and 4.
    pub classes: Vec<Entry>,
    pub economic_dept: HashMap<String, Entry>,
    pub economic_gov: HashMap<String, Entry>,
    pub income: HashMap<String, Entry>,
    /// (部门 code, unit kind "行政"/"事业"/"全部") → 政府 code.
    pub mapping: HashMap<(String, String), String>,
}

/// All years the program knows.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub years: BTreeMap<i32, YearCatalog>,
}

/// The shared list of 2026 (see assets/catalog/2026/README.md); 2025's is taken to be the same,
/// since no source shows what changed between the two years.
const Y2026: [&str; 5] = [
    include_str!("../../assets/catalog/2026/function_codes.csv"),
    include_str!("../../assets/catalog/2026/economic_dept_codes.csv"),
    include_str!("../../assets/catalog/2026/economic_gov_codes.csv"),
    include_str!("../../assets/catalog/2026/economic_mapping_dept_to_gov.csv"),
    include_str!("../../assets/catalog/2026/income_codes.csv"),
];

/// The years the built-in list stands for.
pub const BUILTIN_YEARS: [i32; 2] = [2025, 2026];

impl Catalog {
    /// The embedded catalog, parsed on first use.
    pub fn builtin() -> &'static Catalog {
        static CAT: OnceLock<Catalog> = OnceLock::new();
        CAT.get_or_init(|| {
            let mut c = Catalog::default();
            // The embedded files are checked by a test, so a parse failure here is a build
            // defect; an empty year is still better than a crash for the user.
            let y = parse_year(&Y2026).unwrap_or_default();
            for year in BUILTIN_YEARS {
                c.years.insert(year, y.clone());
            }
            c
        })
    }

    /// The built-in catalog with the years the user imported (kept in `dir`) in place of the
    /// built-in ones. A stored import that no longer reads is skipped: it was checked when it
    /// was imported, and the built-in list is still a working catalog.
    pub fn with_imports(dir: Option<&std::path::Path>) -> Catalog {
        let mut c = Catalog::builtin().clone();
        if let Some(dir) = dir {
            for (year, y) in import::stored_years(dir) {
                c.years.insert(year, y);
            }
        }
        c
    }

    /// The catalog the program uses: built-in plus the user's imports from the settings
    /// folder, read once.
    pub fn installed() -> &'static Catalog {
        static CAT: OnceLock<Catalog> = OnceLock::new();
        CAT.get_or_init(|| Catalog::with_imports(crate::io::settings::dir().as_deref()))
    }
    /// The catalog for a year: that year's, else the nearest earlier one, else the earliest.
    pub fn year(&self, year: i32) -> &YearCatalog {
        static EMPTY: OnceLock<YearCatalog> = OnceLock::new();
        self.years
            .range(..=year)
            .next_back()
            .or_else(|| self.years.iter().next())
            .map(|(_, y)| y)
            .unwrap_or_else(|| EMPTY.get_or_init(YearCatalog::default))
    }

    pub fn entry(&self, scheme: CodeScheme, year: i32, code: &str) -> Option<&Entry> {
        let y = self.year(year);
        match scheme {
            CodeScheme::Function => y.function.get(code),
            CodeScheme::EconomicDept => y.economic_dept.get(code),
            CodeScheme::Income => y.income.get(code),
        }
    }

    pub fn name(&self, scheme: CodeScheme, year: i32, code: &str) -> Option<&str> {
        self.entry(scheme, year, code).map(|e| e.name.as_str())
    }

    pub fn classes(&self, year: i32) -> &[Entry] {
        &self.year(year).classes
    }

    pub fn gov_entry(&self, year: i32, code: &str) -> Option<&Entry> {
        self.year(year).economic_gov.get(code)
    }

    /// The 政府 economic code a 部门 code maps to for a kind of unit. 事业 units map 301/302
    /// lines to 50501/50502 as a whole 款; 303 lines map the same for every kind.
    pub fn map_economic(&self, year: i32, dept_code: &str, kind: UnitKind) -> Option<String> {
        let y = self.year(year);
        let kind_key = if kind.is_administrative() {
            "行政"
        } else {
            "事业"
        };
        let get = |code: &str, k: &str| y.mapping.get(&(code.to_string(), k.to_string())).cloned();
        if let Some(g) = get(dept_code, kind_key).or_else(|| get(dept_code, "全部")) {
            return Some(g);
        }
        // `get` rather than slicing: a code here is validated at the file boundary, but the
        // catalog must not panic whatever it is handed ("30一" has no byte boundary at 3).
        let is_digits = dept_code.bytes().all(|b| b.is_ascii_digit());
        if !kind.is_administrative() && dept_code.len() == 5 && is_digits {
            return match dept_code.get(..3) {
                Some("301") => Some("50501".into()),
                Some("302") => Some("50502".into()),
                _ => None,
            };
        }
        None
    }

    /// Codes of a scheme starting with `prefix` or whose name contains `text`, for completion.
    pub fn complete(&self, scheme: CodeScheme, year: i32, text: &str, limit: usize) -> Vec<&Entry> {
        let y = self.year(year);
        let map = match scheme {
            CodeScheme::Function => &y.function,
            CodeScheme::EconomicDept => &y.economic_dept,
            CodeScheme::Income => &y.income,
        };
        let t = text.trim();
        // Best first: a code that starts so, then a name that starts so, then a name that
        // holds the words; a shorter name (a 类 or 款 before its 项) before a longer.
        let rank = |e: &Entry| -> Option<u8> {
            if t.is_empty() || e.code.starts_with(t) {
                Some(0)
            } else if e.name.starts_with(t) {
                Some(1)
            } else if e.name.contains(t) {
                Some(2)
            } else {
                None
            }
        };
        let mut v: Vec<(u8, &Entry)> = map
            .values()
            .filter_map(|e| rank(e).map(|r| (r, e)))
            .collect();
        v.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then_with(|| {
                    if *ra == 0 {
                        std::cmp::Ordering::Equal
                    } else {
                        a.name.chars().count().cmp(&b.name.chars().count())
                    }
                })
                .then_with(|| a.code.cmp(&b.code))
        });
        v.truncate(limit);
        v.into_iter().map(|(_, e)| e).collect()
    }
}

/// A problem in an embedded catalog file.
#[derive(Debug, thiserror::Error)]
#[error("分类科目文件第 {line} 行：{message}")]
pub struct CatalogError {
    pub line: usize,
    pub message: String,
}

/// One CSV file: its header and rows, each field read by its column's name.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> Result<Table, CatalogError> {
        let header = text.lines().next().map(split_csv).unwrap_or_default();
        Ok(Table {
            header,
            rows: records(text)?,
        })
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.trim() == name)
    }

    /// The trimmed value of a named column in a row ("" when the file lacks the column).
    fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.col(name)
            .and_then(|i| row.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    fn entries(&self) -> Vec<(Entry, String)> {
        self.rows
            .iter()
            .map(|r| {
                let e = Entry {
                    code: self.get(r, "code").to_string(),
                    name: self.get(r, "name").to_string(),
                    former_names: self
                        .get(r, "former_names")
                        .split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    source: self.get(r, "source").to_string(),
                    confidence: self.get(r, "confidence").to_string(),
                    evidence: self.get(r, "evidence").to_string(),
                };
                (e, self.get(r, "table1_order").to_string())
            })
            .collect()
    }
}

fn parse_year(files: &[&str; 5]) -> Result<YearCatalog, CatalogError> {
    let mut y = YearCatalog::default();
    let mut classes: Vec<(u32, Entry)> = Vec::new();
    for (e, order) in Table::parse(files[0])?.entries() {
        if e.code.len() == 3 {
            classes.push((order.parse().unwrap_or(u32::MAX), e.clone()));
        }
        y.function.insert(e.code.clone(), e);
    }
    // Stable: 类 without an order keep the file's order after the ordered ones.
    classes.sort_by_key(|(o, _)| *o);
    y.classes = classes.into_iter().map(|(_, e)| e).collect();
    for (file, map) in [
        (files[1], &mut y.economic_dept),
        (files[2], &mut y.economic_gov),
        (files[4], &mut y.income),
    ] {
        for (e, _) in Table::parse(file)?.entries() {
            map.insert(e.code.clone(), e);
        }
    }
    let m = Table::parse(files[3])?;
    for r in &m.rows {
        y.mapping.insert(
            (
                m.get(r, "dept_code").to_string(),
                m.get(r, "unit_kind").to_string(),
            ),
            m.get(r, "gov_code").to_string(),
        );
    }
    Ok(y)
}

/// Rows of a small CSV file after its header, each padded to the header's width.
fn records(text: &str) -> Result<Vec<Vec<String>>, CatalogError> {
    let mut lines = text.lines().enumerate();
    let width = match lines.next() {
        Some((_, h)) => split_csv(h).len(),
        None => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for (i, l) in lines {
        if l.trim().is_empty() {
            continue;
        }
        let mut f = split_csv(l);
        if f.len() > width || f[0].is_empty() {
            return Err(CatalogError {
                line: i + 1,
                message: format!("应有 {width} 列，实有 {} 列", f.len()),
            });
        }
        f.resize(width, String::new());
        out.push(f);
    }
    Ok(out)
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multibyte_economic_code_maps_to_nothing_instead_of_panicking() {
        let c = Catalog::builtin();
        for code in ["30一", "30１", "3０１", "é0101"] {
            assert_eq!(c.map_economic(2026, code, UnitKind::Public), None, "{code}");
        }
        assert_eq!(
            c.map_economic(2026, "30199", UnitKind::Public).as_deref(),
            Some("50501")
        );
    }

    #[test]
    fn embedded_catalog_parses_and_has_the_30_classes_in_order() {
        parse_year(&Y2026).expect("embedded catalog parses");
        let c = Catalog::builtin();
        let classes = c.classes(2026);
        assert_eq!(classes.len(), 30);
        assert_eq!(classes[0].name, "一般公共服务支出");
        assert_eq!(classes[29].name, "抗疫特别国债安排的支出");
        assert_eq!(classes[19].name, "住房保障支出");
    }

    #[test]
    fn economic_mapping_depends_on_the_unit_kind() {
        let c = Catalog::builtin();
        assert_eq!(
            c.map_economic(2026, "30101", UnitKind::Administrative)
                .as_deref(),
            Some("50101")
        );
        assert_eq!(
            c.map_economic(2026, "30107", UnitKind::Public).as_deref(),
            Some("50501")
        );
        assert_eq!(
            c.map_economic(2026, "30201", UnitKind::Public).as_deref(),
            Some("50502")
        );
        assert_eq!(
            c.map_economic(2026, "30302", UnitKind::Public).as_deref(),
            Some("50905")
        );
    }

    #[test]
    fn csv_fields_may_be_quoted() {
        assert_eq!(split_csv(r#"a,"b,c",d"#), vec!["a", "b,c", "d"]);
    }
}
