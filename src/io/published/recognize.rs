//! Recognising what a printed document is: which layout its tables follow (by their titles),
//! the year, the department or unit, and where each table and text part starts.

use super::PublishedError;
use super::document::{Document, normalize};
use crate::model::layout::{Layout, SHANXI_13_ID};

/// Layout ids the importer knows how to read, in the order they are tried.
const KNOWN: [&str; 3] = [SHANXI_13_ID, "shanghai-dept", "shanghai-unit"];

/// The prefixes that name the department or unit on a cover or over a table.
const DEPARTMENT_LABELS: [&str; 6] = [
    "部门名称",
    "编制单位",
    "编制部门",
    "预算主管部门",
    "预算单位",
    "单位名称",
];

pub struct Recognized {
    pub layout: &'static Layout,
    pub year: i32,
    pub department: String,
    /// (index of the table in the layout, index of its title line), in document order.
    pub titles: Vec<(usize, usize)>,
}

/// The layouts the importer can read that this build knows.
pub fn known_layouts() -> Vec<&'static Layout> {
    KNOWN.iter().filter_map(|id| Layout::by_id(id)).collect()
}

/// The year in a line that is exactly a title template ("{year}年预算收支总表").
pub fn match_title(template: &str, key: &str) -> Option<i32> {
    let t = normalize(template);
    let (pre, post) = t.split_once("{year}")?;
    let rest = key.strip_prefix(pre)?;
    let digits: String = rest.chars().take(4).collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    (rest.get(4..)? == post).then(|| digits.parse().ok())?
}

/// A table title found: (index of the table in the layout, line, year).
type TitleAt = (usize, usize, i32);

pub fn recognize(doc: &Document) -> Result<Recognized, PublishedError> {
    let keys: Vec<String> = doc.lines.iter().map(|l| l.key()).collect();
    let mut best: Option<(&'static Layout, Vec<TitleAt>)> = None;
    for layout in known_layouts() {
        let mut found: Vec<TitleAt> = Vec::new();
        for (li, key) in keys.iter().enumerate() {
            for (ti, t) in layout.tables.iter().enumerate() {
                if found.iter().any(|f| f.0 == ti) {
                    continue;
                }
                if let Some(y) = match_title(&t.title, key) {
                    found.push((ti, li, y));
                    break;
                }
            }
        }
        if found.len() >= 2 && best.as_ref().is_none_or(|b| found.len() > b.1.len()) {
            best = Some((layout, found));
        }
    }
    let Some((layout, found)) = best else {
        return Err(refusal(doc, &keys));
    };
    let mut years: Vec<i32> = found.iter().map(|f| f.2).collect();
    years.sort_unstable();
    let year = most_common(&years).unwrap_or(2026);
    let mut titles: Vec<(usize, usize)> = found.iter().map(|f| (f.0, f.1)).collect();
    titles.sort_by_key(|t| t.1);
    Ok(Recognized {
        layout,
        year,
        department: department(doc).unwrap_or_default(),
        titles,
    })
}

fn most_common(sorted: &[i32]) -> Option<i32> {
    let mut best: Option<(i32, usize)> = None;
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|y| **y == sorted[i]).count();
        if best.is_none_or(|b| j > b.1) {
            best = Some((sorted[i], j));
        }
        i += j;
    }
    best.map(|b| b.0)
}

/// The department or unit named on the cover or over the first table.
fn department(doc: &Document) -> Option<String> {
    for label in DEPARTMENT_LABELS {
        for line in &doc.lines {
            for cell in &line.cells {
                let t = cell.text.trim();
                let Some(rest) = t.strip_prefix(label) else {
                    continue;
                };
                let rest = rest.trim_start();
                let Some(value) = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))
                else {
                    continue;
                };
                let v = value.trim();
                if !v.is_empty() {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// Why a document is not one we can import, saying what was seen.
fn refusal(doc: &Document, keys: &[String]) -> PublishedError {
    if let Some(i) = keys.iter().position(|k| k.contains("决算")) {
        return PublishedError::FinalAccounts(short(&doc.lines[i].text()));
    }
    let opening: Vec<String> = doc
        .lines
        .iter()
        .take(3)
        .map(|l| format!("“{}”", short(&l.text())))
        .collect();
    let titles: Vec<String> = doc
        .lines
        .iter()
        .zip(keys)
        .filter(|(_, k)| k.ends_with('表') && k.chars().count() <= 40)
        .take(5)
        .map(|(l, _)| format!("“{}”", short(&l.text())))
        .collect();
    let names: Vec<String> = known_layouts().iter().map(|l| l.name.clone()).collect();
    let mut seen = if opening.is_empty() {
        "文件中没有文字".to_string()
    } else {
        format!("文件开头是 {}", opening.join("、"))
    };
    if titles.is_empty() {
        seen.push_str("；没有找到像表格标题的行");
    } else {
        seen.push_str(&format!("；像表格标题的行有 {}", titles.join("、")));
    }
    PublishedError::UnknownLayout(format!(
        "{seen}。它们与已知版式（{}）的表格标题都不相符",
        names.join("、")
    ))
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_only_exactly_with_a_year() {
        assert_eq!(
            match_title("{year}年预算收支总表", "2026年预算收支总表"),
            Some(2026)
        );
        assert_eq!(
            match_title("{year}年预算收支总表", "表一2026年预算收支总表....2"),
            None
        );
        assert_eq!(
            match_title("{year}年预算收支总表", "2026年预算收支总表(续)"),
            None
        );
        assert_eq!(
            match_title("{year}年预算收支总表", "20x6年预算收支总表"),
            None
        );
    }
}
