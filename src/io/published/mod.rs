//! Import of a published package — its PDF, or the text extracted from it — into a project
//! file, with a report of everything found, missing or not understood.
//!
//! The PDF (or text) is first read into a layout-independent [`document::Document`] of
//! positioned cells; [`recognize`] finds the layout, year and department from the tables'
//! titles; [`tables`] reads each table by the layout's definition of it; [`texts`] sends the
//! text parts to the overview, the explanation and the glossary. A file that is not a budget
//! package we can read (no text layer, encrypted, a 决算, truncated, an unknown layout) is
//! refused with a message saying why, and nothing is returned.

pub mod document;
pub mod pdf;
mod recognize;
pub mod report;
mod tables;
pub mod text;
mod texts;

use crate::model::{Department, OrgUnit, Package, TableData, UnitKind};
use document::Document;
pub use report::Report;
use std::path::{Path, PathBuf};
use texts::Part;

/// A package read from a published file, with the report of the reading.
#[derive(Clone, Debug)]
pub struct Imported {
    pub package: Package,
    pub report: Report,
}

/// Why a published file could not be imported. Messages are shown to the user as they are.
#[derive(Debug, thiserror::Error)]
pub enum PublishedError {
    #[error("无法读取文件 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("PDF 文件已损坏或不完整：{0}")]
    Damaged(String),
    #[error("PDF 已加密，无法读取其中的文字：请先用密码打开并另存为未加密的 PDF 再导入")]
    Encrypted,
    #[error(
        "PDF 中没有可读的文字（共 {0} 页）：可能是扫描件或图片。请使用从原文件导出的 PDF，或其文字版"
    )]
    NoText(usize),
    #[error("这是决算公开文件（见到“{0}”），不是预算；只能导入部门（单位）预算公开")]
    FinalAccounts(String),
    #[error("无法识别的预算公开版式：{0}")]
    UnknownLayout(String),
    #[error("文本文件不是 UTF-8 编码，无法读取（{0}）")]
    NotUtf8(String),
}

/// Imports a published file: a `.pdf`, or a `.txt` of its text. The kind is decided by the
/// file's content (a PDF starts with `%PDF-`), so a misnamed file is still read right.
pub fn import_path(path: &Path) -> Result<Imported, PublishedError> {
    let bytes = std::fs::read(path).map_err(|source| PublishedError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_bytes(&bytes, &name)
}

/// Whether bytes look like a PDF (its header within the first kilobyte).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Imports a published file's bytes; `name` is for the report.
pub fn import_bytes(bytes: &[u8], name: &str) -> Result<Imported, PublishedError> {
    let pdf_name = name.to_ascii_lowercase().ends_with(".pdf");
    let doc = if is_pdf(bytes) || pdf_name {
        pdf::read(bytes)?
    } else {
        let text =
            std::str::from_utf8(bytes).map_err(|e| PublishedError::NotUtf8(e.to_string()))?;
        text::read(text)
    };
    import_document(&doc, name)
}

/// Imports a document already read.
pub fn import_document(doc: &Document, name: &str) -> Result<Imported, PublishedError> {
    if doc.lines.is_empty() {
        return Err(PublishedError::NoText(doc.pages));
    }
    let rec = recognize::recognize(doc)?;
    let layout = rec.layout;
    let mut pkg = Package {
        year: rec.year,
        layout: layout.id.clone(),
        department: Department {
            name: rec.department.clone(),
            code: String::new(),
        },
        ..Package::default()
    };
    if !rec.department.is_empty() {
        pkg.overview.units.push(OrgUnit {
            name: rec.department.clone(),
            kind: UnitKind::Administrative,
        });
    }
    for def in &layout.tables {
        pkg.tables.insert(def.key.clone(), TableData::default());
    }
    let mut report = Report {
        source: name.to_string(),
        pages: doc.pages,
        layout: layout.name.clone(),
        year: rec.year,
        department: rec.department.clone(),
        ..Report::default()
    };

    // Where every table and every text part starts; each runs to the next start.
    let keys: Vec<String> = doc.lines.iter().map(|l| l.key()).collect();
    let mut starts: Vec<(usize, Start)> = rec
        .titles
        .iter()
        .map(|&(ti, li)| (li, Start::Table(ti)))
        .collect();
    for (li, k) in keys.iter().enumerate() {
        if rec.titles.iter().any(|t| t.1 == li) {
            continue;
        }
        if let Some(p) = texts::part_heading(k) {
            // A part's heading printed again later (a table of contents without page numbers)
            // starts the part only where it is printed last.
            let repeats = !matches!(p, Part::Forms(_) | Part::ProjectNotes)
                && keys[li + 1..].iter().any(|later| later == k);
            if !repeats {
                starts.push((li, Start::Part(p)));
            }
        }
    }
    starts.sort_by_key(|s| s.0);
    if let Some(&(first, _)) = starts.first()
        && first > 0
    {
        report.skipped.push(format!(
            "封面和目录（{}至{}），其中的标题与正文重复",
            doc.lines[0].place(),
            doc.lines[first - 1].place()
        ));
    }
    // 山西's tables hold the 机关运行经费 units that 项目支出 tables group by: read unit tables
    // first so the project tables know the unit names.
    let mut table_order: Vec<usize> = (0..starts.len()).collect();
    table_order.sort_by_key(|&i| match &starts[i].1 {
        Start::Table(ti) => match layout.tables[*ti].blocks.first().map(|b| &b.rows) {
            Some(crate::model::layout::RowsDef::Units) => 0,
            _ => 1,
        },
        Start::Part(_) => 2,
    });
    let mut table_reports: Vec<(usize, report::TableReport)> = Vec::new();
    for i in table_order {
        let (li, start) = &starts[i];
        let end = starts.get(i + 1).map(|s| s.0).unwrap_or(doc.lines.len());
        match start {
            Start::Table(ti) => {
                let def = &layout.tables[*ti];
                let tr = tables::read_table(doc, *li, li + 1..end, def, &mut pkg, &mut report);
                if matches!(
                    def.blocks.first().map(|b| &b.rows),
                    Some(crate::model::layout::RowsDef::Units)
                ) {
                    let names: Vec<String> = pkg
                        .table(&def.key)
                        .map(|t| t.rows("main").iter().map(|r| r.name.clone()).collect())
                        .unwrap_or_default();
                    for name in names {
                        if !pkg.overview.units.iter().any(|u| u.name == name) {
                            pkg.overview.units.push(OrgUnit {
                                name,
                                kind: UnitKind::Administrative,
                            });
                        }
                    }
                }
                table_reports.push((*ti, tr));
            }
            Start::Part(part) => {
                let lines: Vec<usize> = (li + 1..end).collect();
                read_part(doc, *li, part, &lines, &mut pkg, &mut report);
            }
        }
    }
    assign_section_ids(&mut pkg);
    for (ti, def) in layout.tables.iter().enumerate() {
        match table_reports.iter().position(|t| t.0 == ti) {
            Some(i) => report.tables.push(table_reports.swap_remove(i).1),
            None => report.tables.push(report::TableReport {
                key: def.key.clone(),
                title: format!("表{} {}", def.number, def.title_for(pkg.year)),
                ..report::TableReport::default()
            }),
        }
    }
    Ok(Imported {
        package: pkg,
        report,
    })
}

/// What starts at a line: a table (its index in the layout) or a text part.
enum Start {
    Table(usize),
    Part(Part),
}

fn read_part(
    doc: &Document,
    heading: usize,
    part: &Part,
    lines: &[usize],
    pkg: &mut Package,
    rep: &mut Report,
) {
    let at = doc.lines[heading].place();
    let title = doc.lines[heading].text();
    let paras = texts::paragraphs(doc, lines);
    let stray = match part {
        Part::Tables => {
            // Between the part heading and the first table: only "预算公开表1" captions.
            paras
                .into_iter()
                .filter(|p| !normalize_key(p).starts_with("预算公开表"))
                .collect()
        }
        Part::Overview => {
            // 山西: "一、本部门职责" and "二、机构设置情况" under 第一部分.
            let mut duties = Vec::new();
            let mut org = Vec::new();
            let mut stray = Vec::new();
            let mut into: Option<bool> = None;
            for p in &paras {
                let k = normalize_key(p);
                if texts::section_heading(p).is_some() && k.contains("职责") {
                    into = Some(true);
                } else if texts::section_heading(p).is_some() && k.contains("机构设置") {
                    into = Some(false);
                } else {
                    match into {
                        Some(true) => duties.push(p.clone()),
                        Some(false) => org.push(p.clone()),
                        None => stray.push(p.clone()),
                    }
                }
            }
            stray.extend(texts::duties(pkg, &duties));
            pkg.overview.organization = org.join("\n");
            rep.parts.push(format!(
                "{title}（{at}）：职责 {} 条，机构设置 {} 段",
                pkg.overview.duties.len(),
                org.len()
            ));
            stray
        }
        Part::Duties => {
            let intro = texts::duties(pkg, &paras);
            rep.parts.push(format!(
                "{title}（{at}）：职责 {} 条，前言 {} 段",
                pkg.overview.duties.len(),
                intro.len()
            ));
            set_duties_intro(pkg, intro);
            Vec::new()
        }
        Part::Organization => {
            pkg.overview.organization = paras.join("\n");
            rep.parts
                .push(format!("{title}（{at}）：{} 段", paras.len()));
            Vec::new()
        }
        Part::BudgetNotes(_) => {
            let (number, t) =
                texts::section_heading(&title).unwrap_or((String::new(), title.trim().to_string()));
            pkg.explanation.push(crate::model::Section {
                number,
                title: t,
                text: paras.join("\n"),
                ..crate::model::Section::default()
            });
            rep.parts.push(format!(
                "{title}（{at}）：{} 段，作为情况说明的一节",
                paras.len()
            ));
            Vec::new()
        }
        Part::Explanation => {
            let before = pkg.explanation.len();
            let stray = texts::explanation(pkg, &paras);
            rep.parts.push(format!(
                "{title}（{at}）：{} 节",
                pkg.explanation.len() - before
            ));
            stray
        }
        Part::Glossary => {
            let stray = texts::glossary(pkg, &paras);
            rep.parts
                .push(format!("{title}（{at}）：{} 条", pkg.glossary.len()));
            stray
        }
        Part::ProjectNotes => {
            let key = normalize_key(&title);
            let name = key.strip_suffix("项目经费情况说明").unwrap_or(&key);
            let stray = texts::project_note(pkg, name, &paras);
            rep.parts.push(format!("{title}（{at}）：项目经费情况说明"));
            stray
        }
        Part::Forms(name) => {
            // A form runs to the next section of the explanation (山西 prints the forms inside
            // 十、绩效管理情况, and 十一 follows them).
            let standard: Vec<String> = crate::model::standard_sections()
                .iter()
                .map(|s| s.title.clone())
                .collect();
            let split = lines
                .iter()
                .position(|&l| {
                    texts::section_heading(&doc.lines[l].text())
                        .is_some_and(|(_, t)| standard.contains(&t))
                })
                .unwrap_or(lines.len());
            rep.skipped.push(format!(
                "{name}（{at}，{} 行）：绩效目标表暂不导入，请在编辑器中填写",
                split
            ));
            let rest = texts::paragraphs(doc, &lines[split..]);
            texts::explanation(pkg, &rest)
        }
    };
    for p in stray {
        if normalize_key(&p).is_empty() {
            continue;
        }
        rep.issue(at.clone(), p, format!("“{title}”之下这一段不属于任何一节"));
    }
}

fn normalize_key(s: &str) -> String {
    document::normalize(s)
}

/// 上海 主要职能 opens with paragraphs before the numbered duties.
fn set_duties_intro(pkg: &mut Package, intro: Vec<String>) {
    pkg.overview.duties_intro = intro.join("\n");
}

/// Gives each section read the id the layout has for it (by title, else by number).
fn assign_section_ids(pkg: &mut Package) {
    let layout = pkg.layout();
    let year = pkg.year;
    for s in &mut pkg.explanation {
        let title = document::normalize(&s.title);
        let by_title = layout
            .sections
            .iter()
            .find(|d| document::normalize(&d.title.replace("{year}", &year.to_string())) == title);
        let by_number = layout
            .sections
            .iter()
            .find(|d| !d.number.is_empty() && d.number == s.number);
        if let Some(d) = by_title.or(by_number) {
            s.id = d.id.clone();
        }
    }
}
