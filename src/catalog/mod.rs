//! The classification catalog (政府收支分类科目) of each year, embedded from assets/catalog and
//! loaded once: names and parents of codes, the 类 list of tables 1 and 4, and the mapping from
//! 部门 to 政府 economic codes, which depends on the kind of unit.

use crate::model::UnitKind;
use crate::model::layout::CodeScheme;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// One code of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    pub name: String,
    /// Names this code had in earlier years.
    pub former_names: Vec<String>,
    /// Where the entry came from ("sample", "shared-partial", "official-2026").
    pub source: String,
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

const Y2026: [&str; 5] = [
    include_str!("../../assets/catalog/2026/function.csv"),
    include_str!("../../assets/catalog/2026/economic_dept.csv"),
    include_str!("../../assets/catalog/2026/economic_gov.csv"),
    include_str!("../../assets/catalog/2026/economic_map.csv"),
    include_str!("../../assets/catalog/2026/income.csv"),
];

impl Catalog {
    /// The embedded catalog, parsed on first use.
    pub fn builtin() -> &'static Catalog {
        static CAT: OnceLock<Catalog> = OnceLock::new();
        CAT.get_or_init(|| {
            let mut c = Catalog::default();
            // The embedded files are checked by a test, so a parse failure here is a build
            // defect; an empty year is still better than a crash for the user.
            c.years.insert(2026, parse_year(&Y2026).unwrap_or_default());
            c
        })
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
        let mut v: Vec<&Entry> = map
            .values()
            .filter(|e| t.is_empty() || e.code.starts_with(t) || e.name.contains(t))
            .collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v.truncate(limit);
        v
    }
}

/// A problem in an embedded catalog file.
#[derive(Debug, thiserror::Error)]
#[error("分类科目文件第 {line} 行：{message}")]
pub struct CatalogError {
    pub line: usize,
    pub message: String,
}

fn parse_year(files: &[&str; 5]) -> Result<YearCatalog, CatalogError> {
    let mut y = YearCatalog::default();
    for rec in records(files[0])? {
        let e = Entry {
            code: rec[0].clone(),
            name: rec[1].clone(),
            former_names: rec[2]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            source: rec[3].clone(),
        };
        if e.code.len() == 3 {
            y.classes.push(e.clone());
        }
        y.function.insert(e.code.clone(), e);
    }
    for (file, map) in [
        (files[1], &mut y.economic_dept),
        (files[2], &mut y.economic_gov),
    ] {
        for rec in records(file)? {
            map.insert(rec[0].clone(), entry3(&rec));
        }
    }
    for rec in records(files[3])? {
        y.mapping
            .insert((rec[0].clone(), rec[1].clone()), rec[2].clone());
    }
    for rec in records(files[4])? {
        y.income.insert(rec[0].clone(), entry3(&rec));
    }
    Ok(y)
}

fn entry3(rec: &[String]) -> Entry {
    Entry {
        code: rec[0].clone(),
        name: rec[1].clone(),
        former_names: Vec::new(),
        source: rec.get(2).cloned().unwrap_or_default(),
    }
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
