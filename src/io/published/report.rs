//! The import report: every table found or missing, every text part, and every line that was
//! not understood (page, text, why). The command line prints it and the window shows it, so
//! nothing of the published file is dropped silently.

use std::fmt;

/// What happened to one table of the layout.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableReport {
    pub key: String,
    /// "表3 2025年部门支出预算总表".
    pub title: String,
    /// Where its title was found ("第7页第1行"); `None` when the table is missing.
    pub found_at: Option<String>,
    /// Body rows read (printed rows, totals included).
    pub rows: usize,
    /// Amounts read.
    pub amounts: usize,
    /// The table carries a "本表无数据"/"本表为空表" note.
    pub no_data_note: bool,
    /// Notes printed under the table, as printed.
    pub notes: Vec<String>,
}

/// One line or value the import could not take as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// "第7页第12行" or "第120行".
    pub place: String,
    /// The line's text as printed.
    pub text: String,
    pub reason: String,
}

/// A whole import's report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub source: String,
    pub pages: usize,
    /// The layout recognised, by name.
    pub layout: String,
    pub year: i32,
    pub department: String,
    pub tables: Vec<TableReport>,
    /// Text parts found ("主要职能（第3页）") and what they went to.
    pub parts: Vec<String>,
    /// Parts read but deliberately not imported, with the reason (the cover and the contents).
    pub skipped: Vec<String>,
    /// Printed totals that disagree with the sum of their rows, kept as stated values.
    pub stated: Vec<String>,
    /// Lines not understood.
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn issue(&mut self, place: String, text: String, reason: impl Into<String>) {
        self.issues.push(Issue {
            place,
            text,
            reason: reason.into(),
        });
    }

    pub fn missing_tables(&self) -> impl Iterator<Item = &TableReport> {
        self.tables.iter().filter(|t| t.found_at.is_none())
    }

    /// Whether everything was read: every table found and no line left unexplained.
    pub fn is_clean(&self) -> bool {
        self.issues.is_empty() && self.missing_tables().next().is_none()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "导入报告：{}（{} 页）", self.source, self.pages)?;
        writeln!(
            f,
            "版式：{}；年度：{}；部门（单位）：{}",
            self.layout, self.year, self.department
        )?;
        let found = self.tables.iter().filter(|t| t.found_at.is_some()).count();
        writeln!(f, "表格：找到 {} / {} 张", found, self.tables.len())?;
        for t in &self.tables {
            match &t.found_at {
                Some(at) => {
                    write!(
                        f,
                        "  {}（{}）：{} 行，{} 个金额",
                        t.title, at, t.rows, t.amounts
                    )?;
                    if t.no_data_note {
                        write!(f, "，注明本表无数据")?;
                    }
                    writeln!(f)?;
                    for n in &t.notes {
                        writeln!(f, "    {n}")?;
                    }
                }
                None => writeln!(f, "  {}：未找到", t.title)?,
            }
        }
        if !self.parts.is_empty() {
            writeln!(f, "文字部分：")?;
            for p in &self.parts {
                writeln!(f, "  {p}")?;
            }
        }
        for s in &self.skipped {
            writeln!(f, "未导入：{s}")?;
        }
        if !self.stated.is_empty() {
            writeln!(
                f,
                "印刷的合计与明细之和不符（已作为所列数保留，检查时会报告）："
            )?;
            for s in &self.stated {
                writeln!(f, "  {s}")?;
            }
        }
        if self.issues.is_empty() {
            writeln!(f, "未能识别的行：无")?;
        } else {
            writeln!(f, "未能识别的行：{} 处", self.issues.len())?;
            for i in &self.issues {
                writeln!(f, "  {}：“{}”——{}", i.place, i.text, i.reason)?;
            }
        }
        Ok(())
    }
}
