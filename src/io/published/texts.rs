//! The text parts of a published package: where each starts (its heading), how its lines join
//! into paragraphs, and what each goes to — 职责 and 机构设置 to the overview, 编制说明 and the
//! numbered sections of 情况说明 to the explanation, 名词解释 to the glossary.

use super::document::{Document, SourceKind, normalize};
use super::tables::strip_numbering;
use crate::model::{GlossaryEntry, Package, ProjectNote, Section};

/// A part of the package, as its heading announces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// 本部门职责 / 主要职能.
    Duties,
    /// 机构设置.
    Organization,
    /// 第一部分 概况 (山西: holds 职责 and 机构设置 under its own sub-headings).
    Overview,
    /// 第二部分 … 报表: the tables, read by [`super::tables`].
    Tables,
    /// 情况说明 with numbered sections (山西 第三部分, 上海 其他相关情况说明).
    Explanation,
    /// 上海 编制说明: one section of its own.
    BudgetNotes(String),
    /// 名词解释.
    Glossary,
    /// 项目经费情况说明 (上海).
    ProjectNotes,
    /// 绩效目标表 (山西): forms in table shape.
    Forms(String),
}

/// The part a line starts, if it is a part heading. Headings in the table of contents carry a
/// page number or a leading list number and are not taken.
pub fn part_heading(key: &str) -> Option<Part> {
    let starts_numbered = strip_numbering(key) != key;
    if key.starts_with("第") && key.contains("部分") {
        let rest = key.split_once("部分").map(|x| x.1).unwrap_or("");
        if rest.ends_with(|c: char| c.is_ascii_digit()) || rest.contains("..") {
            return None;
        }
        return Some(if rest.contains("概况") {
            Part::Overview
        } else if rest.contains("报表") || rest.ends_with("表") {
            Part::Tables
        } else if rest.contains("名词解释") {
            Part::Glossary
        } else {
            Part::Explanation
        });
    }
    if starts_numbered || key.chars().count() > 40 {
        return None;
    }
    if key.ends_with("主要职能") || key.ends_with("部门职责") {
        return Some(Part::Duties);
    }
    if key.ends_with("机构设置") {
        return Some(Part::Organization);
    }
    if key == "名词解释" {
        return Some(Part::Glossary);
    }
    if key.ends_with("编制说明") && key.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(Part::BudgetNotes(key.to_string()));
    }
    if key == "其他相关情况说明" {
        return Some(Part::Explanation);
    }
    if key.ends_with("项目经费情况说明") {
        return Some(Part::ProjectNotes);
    }
    if key.ends_with("绩效目标申报表") || key.ends_with("项目支出绩效目标表") {
        return Some(Part::Forms(key.to_string()));
    }
    None
}

/// Joins a part's lines into paragraphs: a line that starts indented or numbered starts a new
/// paragraph; a text file has one paragraph a line.
pub fn paragraphs(doc: &Document, lines: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A short numbered heading ("一、项目概述") stands alone: the next line starts a paragraph.
    let mut after_heading = false;
    for &li in lines {
        let line = &doc.lines[li];
        let text = line.text();
        let numbered = strip_numbering(&normalize(&text)) != normalize(&text);
        let new = doc.source == SourceKind::TabText
            || line.indented
            || numbered
            || after_heading
            || out.is_empty();
        if new {
            out.push(text.trim().to_string());
        } else if let Some(last) = out.last_mut() {
            last.push_str(text.trim());
        }
        after_heading = section_heading(&text).is_some_and(|(_, t)| t.chars().count() <= 12);
    }
    out
}

/// Strips the "- " a text copy puts before list items, and the list number.
fn item_text(p: &str) -> String {
    let t = p.trim().trim_start_matches("- ").trim();
    let n = normalize(t);
    let stripped = strip_numbering(&n);
    if stripped == n {
        return t.to_string();
    }
    // Drop the numbering from the printed text (keeping its own spacing and brackets).
    let mut chars = t.chars().peekable();
    let target = stripped.chars().count();
    let mut rest: String = t.to_string();
    while normalize(&rest).chars().count() > target {
        chars.next();
        rest = chars.clone().collect();
    }
    rest.trim().to_string()
}

fn is_numbered(p: &str) -> bool {
    let n = normalize(p.trim().trim_start_matches("- "));
    strip_numbering(&n) != n
}

/// 职责: numbered items; paragraphs before the first item are the introduction.
pub fn duties(pkg: &mut Package, paras: &[String]) -> Vec<String> {
    let mut intro = Vec::new();
    for p in paras {
        if is_numbered(p) {
            pkg.overview.duties.push(item_text(p));
        } else if pkg.overview.duties.is_empty() {
            intro.push(p.clone());
        } else if let Some(last) = pkg.overview.duties.last_mut() {
            last.push_str(p);
        }
    }
    intro
}

/// 名词解释: "（一）财政拨款收入：是…" entries; an unnumbered paragraph continues the last one.
pub fn glossary(pkg: &mut Package, paras: &[String]) -> Vec<String> {
    let mut stray = Vec::new();
    for p in paras {
        if is_numbered(p) {
            let item = item_text(p);
            let (term, def) = item
                .split_once('：')
                .or_else(|| item.split_once(':'))
                .unwrap_or((item.as_str(), ""));
            pkg.glossary.push(GlossaryEntry {
                term: term.trim().to_string(),
                definition: def.trim().to_string(),
            });
        } else if let Some(last) = pkg.glossary.last_mut() {
            last.definition.push_str(p);
        } else {
            stray.push(p.clone());
        }
    }
    stray
}

/// A numbered section heading of an explanation ("一、部门预算收支数据变动情况及原因"): its
/// number and title. Headings are short and carry no sentence end.
pub fn section_heading(p: &str) -> Option<(String, String)> {
    let t = p.trim();
    let (num, title) = t.split_once('、')?;
    let numeral = !num.is_empty() && num.chars().all(|c| "一二三四五六七八九十".contains(c));
    let short = title.chars().count() <= 40 && !title.contains('。') && !title.contains('，');
    (numeral && short).then(|| (num.to_string(), title.trim().to_string()))
}

/// 情况说明: sections by their numbered headings; text before the first heading is returned.
pub fn explanation(pkg: &mut Package, paras: &[String]) -> Vec<String> {
    let mut stray = Vec::new();
    for p in paras {
        if let Some((number, title)) = section_heading(p) {
            pkg.explanation.push(Section {
                number,
                title,
                text: String::new(),
                ..Section::default()
            });
        } else if let Some(s) = pkg.explanation.last_mut() {
            if !s.text.is_empty() {
                s.text.push('\n');
            }
            s.text.push_str(p);
        } else {
            stray.push(p.clone());
        }
    }
    stray
}

/// 项目经费情况说明 of one project: its seven numbered parts ("一、项目概述" …).
pub fn project_note(pkg: &mut Package, name: &str, paras: &[String]) -> Vec<String> {
    let mut note = ProjectNote {
        name: name.to_string(),
        ..ProjectNote::default()
    };
    let mut stray = Vec::new();
    let mut current: Option<usize> = None;
    for p in paras {
        if let Some((_, title)) = section_heading(p) {
            let t = normalize(&title);
            let i = note.parts().iter().position(|(h, _)| normalize(h) == t);
            if i.is_some() {
                current = i;
                continue;
            }
        }
        let field = match current {
            Some(0) => &mut note.overview,
            Some(1) => &mut note.basis,
            Some(2) => &mut note.implementer,
            Some(3) => &mut note.plan,
            Some(4) => &mut note.period,
            Some(5) => &mut note.annual_budget,
            Some(6) => &mut note.targets,
            _ => {
                stray.push(p.clone());
                continue;
            }
        };
        if !field.is_empty() {
            field.push('\n');
        }
        field.push_str(p);
    }
    pkg.project_notes.push(note);
    stray
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_of_parts_not_of_contents() {
        assert_eq!(part_heading("第一部分概况"), Some(Part::Overview));
        assert_eq!(part_heading("第一部分概况1"), None);
        assert_eq!(part_heading("第四部分名词解释.....36"), None);
        assert_eq!(
            part_heading("上海市普陀区人民政府办公室主要职能"),
            Some(Part::Duties)
        );
        assert_eq!(part_heading("一、单位主要职能"), None);
        assert_eq!(part_heading("其他相关情况说明"), Some(Part::Explanation));
        assert!(matches!(
            part_heading("2025年单位预算编制说明"),
            Some(Part::BudgetNotes(_))
        ));
        assert_eq!(part_heading("四、单位预算编制说明"), None);
    }

    #[test]
    fn items_lose_their_numbers() {
        assert_eq!(item_text("- (一) 受区委委托"), "受区委委托");
        assert_eq!(item_text("1.根据区政府领导的要求"), "根据区政府领导的要求");
        assert_eq!(item_text("（二）事业收入：指"), "事业收入：指");
        assert_eq!(
            section_heading("一、部门预算收支数据变动情况及原因"),
            Some(("一".into(), "部门预算收支数据变动情况及原因".into()))
        );
        assert_eq!(section_heading("一、本单位今年。"), None);
    }
}
