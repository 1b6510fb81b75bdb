//! The printable package: one self-contained HTML page (inline CSS, no external resource) laid
//! out like the published document, with print styles for A4 and wide tables on landscape pages.
//!
//! Every piece of package text goes through [`escape`]; the only markup is what this file writes.
//! Tables are drawn from [`table_view`], so the printed totals are the ones the checker sees, and
//! their multi-level headers are merged from the layout's header paths ([`header_rows`]).

use super::project::{SaveError, write_atomic};
use crate::catalog::Catalog;
use crate::model::layout::{BlockDef, LabelColumn, RowsDef, TableDef, TableKind, Unit};
use crate::model::money::format_yuan;
use crate::model::view::{BlockView, RowRole, ViewRow, table_view};
use crate::model::{
    Amount, FormFunds, Indicator, OverallForm, Package, ProjectForm, Section, chinese_number,
};
use std::fmt::Write as _;
use std::path::Path;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One cell of a merged header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
}

/// Merges column header paths (top level first) into header rows: neighbours with the same path
/// prefix share one cell across, and a path shorter than the deepest one spans down to the last
/// header row.
pub fn header_rows(paths: &[Vec<String>]) -> Vec<Vec<HeaderCell>> {
    let depth = paths.iter().map(|p| p.len()).max().unwrap_or(0).max(1);
    let mut rows = Vec::with_capacity(depth);
    for level in 0..depth {
        let mut row = Vec::new();
        let mut j = 0;
        while j < paths.len() {
            let p = &paths[j];
            // An empty path still needs one cell so the columns line up.
            let len = p.len().max(1);
            if len <= level {
                j += 1;
                continue;
            }
            let ends_here = len == level + 1;
            let mut k = j + 1;
            while k < paths.len() {
                let q = &paths[k];
                let same = if ends_here {
                    q == p
                } else {
                    q.len() > level + 1 && q[..=level] == p[..=level]
                };
                if !same {
                    break;
                }
                k += 1;
            }
            row.push(HeaderCell {
                text: p.get(level).cloned().unwrap_or_default(),
                colspan: k - j,
                rowspan: if ends_here { depth - level } else { 1 },
            });
            j = k;
        }
        rows.push(row);
    }
    rows
}

/// The whole package as one HTML page.
/// A 自动 table is printed with its computed cells, as the window shows it.
pub fn export_html(pkg: &Package, catalog: &Catalog) -> String {
    let resolved = crate::model::derive::resolved(pkg, catalog);
    let pkg = &*resolved;
    let mut h = String::with_capacity(256 * 1024);
    let year = pkg.year;
    let dept = escape(&pkg.department.name);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{dept}{year}年度部门预算公开</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
    );
    let _ = write!(
        h,
        "<section class=\"cover\">\n<h1>{dept}</h1>\n<p class=\"cover-year\">{year}年度部门预算公开</p>\n</section>\n"
    );
    if is_parts_layout(pkg) {
        parts_document(&mut h, pkg, catalog);
        h.push_str("</body>\n</html>\n");
        return h;
    }
    toc(&mut h, pkg);
    overview(&mut h, pkg);

    let _ = writeln!(
        h,
        "<h2 class=\"part\" id=\"part2\">第二部分 {year}年部门预算报表</h2>"
    );
    for def in &pkg.layout().tables {
        table(&mut h, pkg, catalog, def);
    }

    let _ = writeln!(
        h,
        "<h2 class=\"part\" id=\"part3\">第三部分 {year}年度部门预算情况说明</h2>"
    );
    for (i, s) in pkg.explanation.iter().enumerate() {
        section(&mut h, i, s);
        if s.number == "十" {
            overall_form(&mut h, pkg, &pkg.overall_form);
            for (n, f) in pkg.project_forms.iter().enumerate() {
                project_form(&mut h, pkg, n, f);
            }
        }
    }
    // Forms are printed after 十 as published; a package without a 十 still prints them.
    if !pkg.explanation.iter().any(|s| s.number == "十") {
        overall_form(&mut h, pkg, &pkg.overall_form);
        for (n, f) in pkg.project_forms.iter().enumerate() {
            project_form(&mut h, pkg, n, f);
        }
    }

    h.push_str("<h2 class=\"part\" id=\"part4\">第四部分 名词解释</h2>\n");
    for (i, g) in pkg.glossary.iter().enumerate() {
        let _ = writeln!(
            h,
            "<p class=\"gloss\">{}、<b>{}</b>：{}</p>",
            chinese_number(i + 1),
            escape(&g.term),
            escape(&g.definition)
        );
    }

    if !pkg.appendices.is_empty() {
        h.push_str("<h2 class=\"part\" id=\"appendix\">附件</h2>\n");
        for (i, a) in pkg.appendices.iter().enumerate() {
            let _ = writeln!(
                h,
                "<section class=\"appendix\" id=\"appendix-{i}\">\n<h3>{}</h3>",
                escape(&a.title)
            );
            text_block(&mut h, &a.text);
            h.push_str("</section>\n");
        }
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// Whether the layout prints its explanation in parts (上海: 编制说明, 其他相关情况说明) rather
/// than as 山西's 第三部分 一–十二.
fn is_parts_layout(pkg: &Package) -> bool {
    pkg.layout().sections.iter().any(|s| !s.part.is_empty())
}

/// The 上海 order: 一 主要职能, 二 机构设置, 三 名词解释, 四 编制说明, 五 预算表, 六 其他相关情况
/// 说明, 七 项目经费情况说明 (when there are project notes).
fn parts_document(h: &mut String, pkg: &Package, catalog: &Catalog) {
    let layout = pkg.layout();
    let year = pkg.year;
    let notes = layout.section("budget_notes");
    let notes_title = notes
        .map(|d| d.title.replace("{year}", &year.to_string()))
        .unwrap_or_else(|| "预算编制说明".into());
    let other: Vec<&Section> = pkg
        .explanation
        .iter()
        .filter(|s| pkg.section_id(s) != Some("budget_notes"))
        .collect();
    let mut parts: Vec<(&str, String)> = vec![
        ("duties", "主要职能".into()),
        ("organization", "机构设置".into()),
        ("glossary", "名词解释".into()),
        ("notes", notes_title.clone()),
        ("part2", "预算表".into()),
        ("other", "其他相关情况说明".into()),
    ];
    if !pkg.project_notes.is_empty() {
        parts.push(("projects", "项目经费情况说明".into()));
    }
    h.push_str("<nav class=\"toc\">\n<h2>目录</h2>\n<ol>\n");
    for (i, (id, title)) in parts.iter().enumerate() {
        let _ = write!(
            h,
            "<li><a href=\"#{id}\">{}、{}</a>",
            chinese_number(i + 1),
            escape(title)
        );
        if *id == "part2" {
            h.push_str("<ol>");
            for def in &layout.tables {
                let _ = write!(
                    h,
                    "<li><a href=\"#{}\">{}. {}</a></li>",
                    escape(&def.key),
                    def.number,
                    escape(&def.title_for(year))
                );
            }
            h.push_str("</ol>");
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</nav>\n");
    let dept = escape(&pkg.department.name);
    let _ = writeln!(
        h,
        "<h2 class=\"part\" id=\"duties\">{dept}主要职能</h2>\n<div class=\"overview-part\">"
    );
    text_block(h, &pkg.overview.duties_intro);
    for (i, d) in pkg.overview.duties.iter().enumerate() {
        let _ = writeln!(h, "<p>{}.{}</p>", i + 1, escape(d));
    }
    let _ = writeln!(
        h,
        "</div>\n<h2 class=\"part\" id=\"organization\">{dept}机构设置</h2>"
    );
    text_block(h, &pkg.overview.organization);
    h.push_str("<h2 class=\"part\" id=\"glossary\">名词解释</h2>\n");
    for (i, g) in pkg.glossary.iter().enumerate() {
        let _ = writeln!(
            h,
            "<p class=\"gloss\">（{}）<b>{}</b>：{}</p>",
            chinese_number(i + 1),
            escape(&g.term),
            escape(&g.definition)
        );
    }
    let _ = writeln!(
        h,
        "<h2 class=\"part\" id=\"notes\">{}</h2>",
        escape(&notes_title)
    );
    if let Some(s) = pkg.section("budget_notes") {
        text_block(h, &s.text);
    }
    h.push_str("<h2 class=\"part\" id=\"part2\">预算表</h2>\n");
    for def in &layout.tables {
        table(h, pkg, catalog, def);
    }
    h.push_str("<h2 class=\"part\" id=\"other\">其他相关情况说明</h2>\n");
    for (i, s) in other.iter().enumerate() {
        section(h, i, s);
    }
    if !pkg.project_notes.is_empty() {
        h.push_str("<h2 class=\"part\" id=\"projects\">项目经费情况说明</h2>\n");
        for (i, n) in pkg.project_notes.iter().enumerate() {
            let _ = writeln!(
                h,
                "<section class=\"sect\" id=\"project-note-{i}\">\n<h3>{}经费情况说明</h3>",
                escape(&n.name)
            );
            for (k, (head, text)) in n.parts().iter().enumerate() {
                let _ = writeln!(h, "<p class=\"sub\">{}、{head}</p>", chinese_number(k + 1));
                text_block(h, text);
            }
            h.push_str("</section>\n");
        }
    }
}

/// The page with the reviewers' comments (审阅意见) appended as a last section — for a review
/// copy; the published page leaves them out, so this is off unless asked for.
pub fn export_html_with_comments(pkg: &Package, catalog: &Catalog) -> String {
    let page = export_html(pkg, catalog);
    if pkg.comments.is_empty() {
        return page;
    }
    let mut c = String::from(
        "<h2 class=\"part\" id=\"comments\">审阅意见</h2>\n<table>\n<tr><th>提出人</th><th>时间</th><th>位置</th><th>意见</th><th>回复</th><th>状态</th></tr>\n",
    );
    for cm in &pkg.comments {
        let replies: Vec<String> = cm
            .replies
            .iter()
            .map(|r| escape(&crate::model::comments::reply_line(r)))
            .collect();
        let _ = writeln!(
            c,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&cm.author),
            escape(&cm.time),
            escape(&cm.place),
            escape(&cm.text),
            replies.join("<br>"),
            if cm.resolved {
                "已解决"
            } else {
                "未解决"
            }
        );
    }
    c.push_str("</table>\n");
    match page.rfind("</body>") {
        Some(at) => format!("{}{c}{}", &page[..at], &page[at..]),
        None => page + &c,
    }
}

/// The 自查表 as a printable page of its own: the bureau's 检查表 shape, filled from findings.
pub fn checklist_html(pkg: &Package, findings: &[crate::rules::Finding]) -> String {
    use crate::rules::checklist;
    let title = escape(&checklist::title(pkg));
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h2>{title}</h2>\n<p>部门名称：{}　部门编码：{}</p>\n<table>\n<tr><th>检查项目</th><th>检查内容</th><th>符合要求</th><th>问题说明</th></tr>\n",
        escape(&pkg.department.name),
        escape(&pkg.department.code)
    );
    for it in checklist::checklist(pkg, findings) {
        let ev: Vec<String> = it
            .evidence
            .iter()
            .enumerate()
            .map(|(n, e)| format!("{}. {}", n + 1, escape(e)))
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&it.group),
            escape(&it.item),
            it.verdict.label(),
            ev.join("<br>")
        );
    }
    h.push_str("</table>\n</body>\n</html>\n");
    h
}

/// Writes the HTML export to a file, atomically (a previous file is kept as FILE.bak).
pub fn export_html_to(pkg: &Package, catalog: &Catalog, path: &Path) -> Result<(), SaveError> {
    write_atomic(path, export_html(pkg, catalog).as_bytes())
}

const CSS: &str = r#"@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
@page wide { size: A4 landscape; margin: 14mm 14mm 14mm 14mm; }
html { background: #fff; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", serif;
  font-size: 10.5pt; line-height: 1.6; color: #000; max-width: 1040px; margin: 0 auto; padding: 12px 24px; }
h1, h2, h3, h4 { font-weight: bold; break-after: avoid; }
p.sub { break-after: avoid; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; align-items: center; text-align: center; }
.cover h1 { font-size: 26pt; margin: 0 0 10mm 0; letter-spacing: 0.1em; }
.cover-year { font-size: 22pt; font-weight: bold; margin: 0; }
.toc { break-before: page; }
.toc h2 { text-align: center; letter-spacing: 1em; }
.toc ol { list-style: none; padding-left: 0; margin: 0; }
.toc li { margin: 2px 0; }
.toc li li { padding-left: 2em; }
.toc a { color: inherit; text-decoration: none; }
.part { break-before: page; font-size: 16pt; text-align: center; margin: 0 0 6mm 0; }
.overview-part h3, .sect h3 { font-size: 12pt; margin: 4mm 0 2mm 0; }
p { margin: 0 0 2mm 0; text-indent: 2em; text-align: justify; }
p.sub { font-weight: bold; }
.tbl { break-before: page; }
.tbl.first { break-before: avoid; }
.tbl.wide { page: wide; }
.tno { text-indent: 0; text-align: left; font-size: 9pt; margin: 0; }
.tbl h3 { text-align: center; font-size: 14pt; margin: 2mm 0 3mm 0; }
.meta { display: flex; justify-content: space-between; font-size: 9.5pt; margin-bottom: 1mm; }
.meta span { text-indent: 0; }
table { border-collapse: collapse; width: 100%; }
table.data { font-size: 9pt; line-height: 1.25; }
table.data col.c-num { width: 7.5em; }
.tbl:not(.wide) table.data col.c-num { width: 5.8em; }
table.data col.c-code { width: 6.5em; }
table.data col.c-part { width: 2.6em; }
table.data th, table.data td, table.ftable th, table.ftable td { border: 0.75pt solid #000; padding: 1.5pt 4pt; vertical-align: middle; }
table.data th { text-align: center; background: #f0f0f0; font-weight: bold; }
table.data td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data td.code { white-space: nowrap; }
table.data tr.total td, table.data tr.group td { font-weight: bold; }
table.data td.d2 { padding-left: 1.2em; }
table.data td.d3 { padding-left: 2.2em; }
table.data tr.colno td { text-align: center; font-size: 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.note { text-indent: 0; font-size: 9pt; margin-top: 1mm; }
.form { break-before: page; }
.form + .sect { break-before: page; }
.form h3 { text-align: center; font-size: 13pt; margin: 0; }
.form .form-year { text-align: center; text-indent: 0; margin: 1mm 0 2mm 0; }
table.ftable { font-size: 9pt; table-layout: fixed; line-height: 1.4; }
table.ftable th { font-weight: bold; text-align: center; background: #f7f7f7; }
table.ftable td { text-align: center; }
table.ftable td.num { text-align: right; white-space: nowrap; }
table.ftable td.long { text-align: left; }
table.appendix-table td { border: 0.75pt solid #000; padding: 1pt 4pt; font-size: 9pt; }
table.appendix-table tr:first-child td { font-weight: bold; text-align: center; }
.appendix { break-before: page; }
.part + .appendix { break-before: avoid; }
.appendix h3 { text-align: center; }
.gloss { text-indent: 2em; }
@media screen {
  body { box-shadow: 0 0 6px #bbb; }
  .tbl, .form, .part, .appendix, .toc { margin-top: 10mm; border-top: 1px dashed #999; padding-top: 4mm; }
  .tbl.first { border-top: none; margin-top: 0; }
}
@media print {
  body { max-width: none; padding: 0; margin: 0; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn table_heading(pkg: &Package, def: &TableDef) -> String {
    format!(
        "表{}{}",
        chinese_number(def.number as usize),
        def.title_for(pkg.year)
    )
}

fn toc(h: &mut String, pkg: &Package) {
    let year = pkg.year;
    h.push_str("<nav class=\"toc\">\n<h2>目录</h2>\n<ol>\n");
    h.push_str("<li><a href=\"#part1\">第一部分 概况</a><ol><li><a href=\"#duties\">一、本部门职责</a></li><li><a href=\"#organization\">二、机构设置情况</a></li></ol></li>\n");
    let _ = write!(
        h,
        "<li><a href=\"#part2\">第二部分 {year}年部门预算报表</a><ol>"
    );
    for def in &pkg.layout().tables {
        let _ = write!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&def.key),
            escape(&table_heading(pkg, def))
        );
    }
    h.push_str("</ol></li>\n");
    let _ = write!(
        h,
        "<li><a href=\"#part3\">第三部分 {year}年度部门预算情况说明</a><ol>"
    );
    for (i, s) in pkg.explanation.iter().enumerate() {
        let _ = write!(
            h,
            "<li><a href=\"#sect-{i}\">{}、{}</a></li>",
            escape(&s.number),
            escape(&s.title)
        );
    }
    h.push_str("</ol></li>\n<li><a href=\"#part4\">第四部分 名词解释</a></li>\n");
    if !pkg.appendices.is_empty() {
        h.push_str("<li><a href=\"#appendix\">附件</a><ol>");
        for (i, a) in pkg.appendices.iter().enumerate() {
            let _ = write!(
                h,
                "<li><a href=\"#appendix-{i}\">{}</a></li>",
                escape(&a.title)
            );
        }
        h.push_str("</ol></li>\n");
    }
    h.push_str("</ol>\n</nav>\n");
}

fn overview(h: &mut String, pkg: &Package) {
    h.push_str("<h2 class=\"part\" id=\"part1\">第一部分 概况</h2>\n<div class=\"overview-part\">\n<h3 id=\"duties\">一、本部门职责</h3>\n");
    for (i, d) in pkg.overview.duties.iter().enumerate() {
        let _ = writeln!(h, "<p>（{}）{}</p>", chinese_number(i + 1), escape(d));
    }
    h.push_str("<h3 id=\"organization\">二、机构设置情况</h3>\n");
    let org = if pkg.overview.organization.trim().is_empty() && !pkg.overview.offices.is_empty() {
        format!(
            "内设{}个科室：{}。",
            pkg.overview.offices.len(),
            pkg.overview.offices.join("，")
        )
    } else {
        pkg.overview.organization.clone()
    };
    text_block(h, &org);
    h.push_str("</div>\n");
}

/// Paragraphs of a text; runs of tab-separated lines become a table (the 附件 目录 has them).
fn text_block(h: &mut String, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains('\t') {
            h.push_str("<table class=\"appendix-table\">\n");
            while i < lines.len() && lines[i].contains('\t') {
                h.push_str("<tr>");
                for cell in lines[i].split('\t') {
                    let _ = write!(h, "<td>{}</td>", escape(cell));
                }
                h.push_str("</tr>\n");
                i += 1;
            }
            h.push_str("</table>\n");
            continue;
        }
        let line = lines[i].trim();
        if !line.is_empty() {
            let class = if is_subheading(line) {
                " class=\"sub\""
            } else {
                ""
            };
            let _ = writeln!(h, "<p{class}>{}</p>", escape(line));
        }
        i += 1;
    }
}

/// "（一）…", "(一) …", "1、…" lines of a section are its sub-headings.
fn is_subheading(line: &str) -> bool {
    let short = line.chars().count() <= 30;
    let numbered = line.starts_with('（') || line.starts_with('(') || {
        let mut c = line.chars();
        matches!((c.next(), c.next()), (Some(d), Some('、')) if d.is_ascii_digit())
    };
    short && numbered && !line.ends_with('。') && !line.ends_with('）') && !line.ends_with(')')
}

fn section(h: &mut String, index: usize, s: &Section) {
    let _ = writeln!(
        h,
        "<section class=\"sect\" id=\"sect-{index}\">\n<h3>{}、{}</h3>",
        escape(&s.number),
        escape(&s.title)
    );
    text_block(h, &s.text);
    h.push_str("</section>\n");
}

/// A side-by-side block's rows split at its totals, so that 本年收入合计 prints beside 本年支出合计
/// and 收入总计 beside 支出总计, as published.
fn split_at_totals(block: &BlockDef, view: &BlockView) -> (usize, usize) {
    let fixed = matches!(block.rows, RowsDef::Fixed(_));
    let foot = if fixed {
        view.rows
            .iter()
            .position(|r| r.role == RowRole::FixedSum)
            .unwrap_or(view.rows.len())
    } else {
        view.rows.len()
    };
    (foot, view.rows.len())
}

fn header_paths(def: &TableDef, year: i32) -> Vec<Vec<String>> {
    let side_by_side = def.blocks.len() > 1;
    let mut paths = Vec::new();
    for b in &def.blocks {
        let prefix: Vec<String> = if side_by_side && !b.caption.is_empty() {
            vec![b.caption.clone()]
        } else {
            Vec::new()
        };
        let with = |p: &[String]| -> Vec<String> {
            prefix
                .iter()
                .cloned()
                .chain(p.iter().map(|x| x.replace("{year}", &year.to_string())))
                .collect()
        };
        for l in &b.labels {
            match l {
                // 上海 prints the code in one column per level (类 | 款 | 项) under its heading.
                LabelColumn::Code { header } if !b.code_split.is_empty() => {
                    for part in &b.code_split {
                        let mut p = with(header);
                        p.push(part.clone());
                        paths.push(p);
                    }
                }
                _ => paths.push(with(l.header())),
            }
        }
        for c in &b.columns {
            paths.push(with(&c.header));
        }
    }
    paths
}

fn row_cells(h: &mut String, block: &BlockDef, row: &ViewRow, unit: Unit) {
    let split = !block.code_split.is_empty();
    let has_code_label = !split
        && block
            .labels
            .iter()
            .any(|l| matches!(l, LabelColumn::Code { .. }));
    for l in &block.labels {
        match l {
            LabelColumn::Code { .. } if split => {
                let parts = block.code_parts(&row.code);
                for i in 0..block.code_split.len() {
                    let text = parts.get(i).map(String::as_str).unwrap_or_default();
                    let _ = write!(h, "<td class=\"code\">{}</td>", escape(text));
                }
            }
            LabelColumn::Code { .. } => {
                let text = if row.role == RowRole::Total {
                    "合计"
                } else {
                    row.code.as_str()
                };
                let _ = write!(h, "<td class=\"code\">{}</td>", escape(text));
            }
            LabelColumn::Name { .. } => {
                let text = if row.role == RowRole::Total && has_code_label {
                    ""
                } else {
                    row.label.as_str()
                };
                let depth = row.depth.min(3);
                let _ = write!(h, "<td class=\"d{depth}\">{}</td>", escape(text));
            }
            LabelColumn::GovName { .. } => {
                let _ = write!(h, "<td>{}</td>", escape(&row.gov_name));
            }
        }
    }
    for c in &row.cells {
        let text = c.value().map(|d| unit.format(d)).unwrap_or_default();
        let _ = write!(h, "<td class=\"num\">{text}</td>");
    }
}

/// How many drawn columns a block's label columns take (a split code takes one per level).
fn label_width(block: &BlockDef) -> usize {
    block
        .labels
        .iter()
        .map(|l| match l {
            LabelColumn::Code { .. } if !block.code_split.is_empty() => block.code_split.len(),
            _ => 1,
        })
        .sum()
}

fn empty_cells(h: &mut String, block: &BlockDef) {
    for _ in 0..label_width(block) + block.columns.len() {
        h.push_str("<td></td>");
    }
}

fn row_class(row: &ViewRow) -> &'static str {
    match row.role {
        RowRole::Total | RowRole::FixedSum => " class=\"total\"",
        RowRole::Group | RowRole::UnitGroup => " class=\"group\"",
        RowRole::Leaf | RowRole::FixedInput => "",
    }
}

fn table(h: &mut String, pkg: &Package, catalog: &Catalog, def: &TableDef) {
    let view = table_view(pkg, catalog, def);
    let mut classes = String::from("tbl");
    if def.number == 1 {
        classes.push_str(" first");
    }
    if def.is_wide() {
        classes.push_str(" wide");
    }
    let _ = writeln!(
        h,
        "<section class=\"{classes}\" id=\"{}\">\n<p class=\"tno\">预算公开表{}</p>\n<h3>{}</h3>\n<div class=\"meta\"><span>部门名称：{}</span><span>单位：{}</span></div>",
        escape(&def.key),
        def.number,
        escape(&def.title_for(pkg.year)),
        escape(&pkg.department.name),
        def.unit.label()
    );
    h.push_str("<table class=\"data\">\n<colgroup>");
    // Amount and code columns keep a fixed width; name columns share the rest.
    for b in &def.blocks {
        for l in &b.labels {
            match l {
                LabelColumn::Code { .. } if !b.code_split.is_empty() => {
                    for _ in &b.code_split {
                        h.push_str("<col class=\"c-part\">");
                    }
                }
                LabelColumn::Code { .. } => h.push_str("<col class=\"c-code\">"),
                _ => h.push_str("<col>"),
            }
        }
        for _ in &b.columns {
            h.push_str("<col class=\"c-num\">");
        }
    }
    h.push_str("</colgroup>\n<thead>\n");
    let paths = header_paths(def, pkg.year);
    for row in header_rows(&paths) {
        h.push_str("<tr>");
        for cell in row {
            h.push_str("<th");
            if cell.colspan > 1 {
                let _ = write!(h, " colspan=\"{}\"", cell.colspan);
            }
            if cell.rowspan > 1 {
                let _ = write!(h, " rowspan=\"{}\"", cell.rowspan);
            }
            let _ = write!(h, ">{}</th>", escape(&cell.text));
        }
        h.push_str("</tr>\n");
    }
    if def.numbered_columns {
        h.push_str("<tr class=\"colno\">");
        for n in 1..=paths.len() {
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</thead>\n<tbody>\n");
    if def.blocks.len() == 1 {
        if let (Some(b), Some(v)) = (def.blocks.first(), view.blocks.first()) {
            for r in &v.rows {
                let _ = write!(h, "<tr{}>", row_class(r));
                row_cells(h, b, r, def.unit);
                h.push_str("</tr>\n");
            }
        }
    } else {
        side_by_side_rows(h, def, &view.blocks);
    }
    h.push_str("</tbody>\n</table>\n");
    // Tables in 元 add up exactly: no 尾差 note for them.
    if def.kind == TableKind::BudgetSummary && !def.is_exact() {
        h.push_str("<p class=\"note\">注：本套报表因取数时四舍五入，部分金额可能存在尾差</p>\n");
    }
    let note = pkg
        .table(&def.key)
        .map(|t| t.note.trim())
        .unwrap_or_default();
    if !note.is_empty() {
        let _ = writeln!(h, "<p class=\"note empty\">{}</p>", escape(note));
    } else if !view.has_data() {
        h.push_str("<p class=\"note empty\">注：本表无数据</p>\n");
    }
    h.push_str("</section>\n");
}

/// Two blocks side by side: bodies aligned from the top, then the total lines aligned from the
/// top except the last (收入总计 / 支出总计), which share the last line.
fn side_by_side_rows(h: &mut String, def: &TableDef, views: &[BlockView]) {
    type Slot<'a> = Option<&'a ViewRow>;
    let mut columns: Vec<Vec<Slot>> = Vec::new();
    let mut bodies = Vec::new();
    let mut feet = Vec::new();
    for (b, v) in def.blocks.iter().zip(views) {
        let (foot, end) = split_at_totals(b, v);
        bodies.push(&v.rows[..foot]);
        feet.push(&v.rows[foot..end]);
    }
    let body_len = bodies.iter().map(|r| r.len()).max().unwrap_or(0);
    let foot_len = feet.iter().map(|r| r.len()).max().unwrap_or(0);
    for (body, foot) in bodies.iter().zip(&feet) {
        let mut col: Vec<Slot> = (0..body_len).map(|i| body.get(i)).collect();
        let mut f: Vec<Slot> = vec![None; foot_len];
        if let Some((last, rest)) = foot.split_last() {
            for (i, r) in rest.iter().enumerate() {
                f[i] = Some(r);
            }
            f[foot_len - 1] = Some(last);
        }
        col.extend(f);
        columns.push(col);
    }
    let n = body_len + foot_len;
    for i in 0..n {
        let class = columns
            .iter()
            .filter_map(|c| c[i])
            .map(row_class)
            .find(|c| !c.is_empty())
            .unwrap_or("");
        let _ = write!(h, "<tr{class}>");
        for (b, col) in def.blocks.iter().zip(&columns) {
            match col[i] {
                Some(r) => row_cells(h, b, r, def.unit),
                None => empty_cells(h, b),
            }
        }
        h.push_str("</tr>\n");
    }
}

/// Column widths of a form, in percent.
fn colgroup(widths: &[u32]) -> String {
    let mut s = String::from("<colgroup>");
    for w in widths {
        let _ = write!(s, "<col style=\"width:{w}%\">");
    }
    s.push_str("</colgroup>");
    s
}

fn opt_count(v: Option<u32>, unit: &str) -> String {
    v.map(|n| format!("{n} {unit}")).unwrap_or_default()
}

fn wan_cell(a: Amount) -> String {
    a.display_2dp()
}

fn yuan_cell(a: Amount) -> String {
    a.value().map(format_yuan).unwrap_or_default()
}

/// Rows of an indicator table: 一级指标 cells merged down over their rows, 二级指标 likewise
/// within them.
fn indicator_rows(h: &mut String, list: &[Indicator]) {
    let mut i = 0;
    while i < list.len() {
        let l1_end = (i..list.len())
            .find(|&k| list[k].level1 != list[i].level1)
            .unwrap_or(list.len());
        let mut j = i;
        while j < l1_end {
            let l2_end = (j..l1_end)
                .find(|&k| list[k].level2 != list[j].level2)
                .unwrap_or(l1_end);
            for k in j..l2_end {
                h.push_str("<tr>");
                if k == i {
                    let _ = write!(
                        h,
                        "<td rowspan=\"{}\">{}</td>",
                        l1_end - i,
                        escape(&list[i].level1)
                    );
                }
                if k == j {
                    let _ = write!(
                        h,
                        "<td rowspan=\"{}\">{}</td>",
                        l2_end - j,
                        escape(&list[j].level2)
                    );
                }
                let _ = writeln!(
                    h,
                    "<td class=\"long\">{}</td><td>{}</td></tr>",
                    escape(&list[k].name),
                    escape(&list[k].value)
                );
            }
            j = l2_end;
        }
        i = l1_end;
    }
}

fn overall_form(h: &mut String, pkg: &Package, f: &OverallForm) {
    let _ = writeln!(
        h,
        "<section class=\"form\" id=\"form-overall\">\n<h3>预算部门（单位）整体支出绩效目标申报表</h3>\n<p class=\"form-year\">（{}）年度</p>\n<table class=\"ftable\">{}",
        pkg.year,
        colgroup(&[14, 22, 20, 22, 22])
    );
    let dept = if f.department.is_empty() {
        &pkg.department.name
    } else {
        &f.department
    };
    let _ = write!(
        h,
        "<tr><th rowspan=\"5\">部门基本信息</th><th>部门名称</th><td colspan=\"3\">{}</td></tr>\n\
<tr><th>内设职能部门数</th><td>{}</td><th>所属预算单位数</th><td>{}</td></tr>\n\
<tr><th>核定的人员编制数</th><td>{}</td><th>实际在职人员总数</th><td>{}</td></tr>\n\
<tr><td colspan=\"2\" rowspan=\"2\"></td><th>其中：在编人员数</th><td>{}</td></tr>\n\
<tr><th>其他人员数</th><td>{}</td></tr>\n",
        escape(dept),
        opt_count(f.internal_departments, "个"),
        opt_count(f.budget_units, "个"),
        opt_count(f.staff_quota, "人"),
        opt_count(f.staff_total, "人"),
        opt_count(f.staff_in_quota, "人"),
        opt_count(f.staff_other, "人"),
    );
    let _ = write!(
        h,
        "<tr><th>部门职责</th><td colspan=\"4\" class=\"long\">{}</td></tr>\n<tr><th>部门战略目标</th><td colspan=\"4\" class=\"long\">{}</td></tr>\n",
        escape(&f.duties),
        escape(&f.strategic_goal)
    );
    let s = &f.by_source;
    let d = &f.by_direction;
    let lines: [(&str, Amount, &str, Option<Amount>); 7] = [
        ("合计", s.total, "合计", Some(d.total)),
        (
            "其中：一般公共预算资金",
            s.general,
            "其中：基本支出",
            Some(d.basic),
        ),
        ("政府性基金预算资金", s.fund, "项目支出", Some(d.project)),
        ("国有资本经营预算资金", s.capital, "", None),
        ("社会保险基金预算资金", s.social_insurance, "", None),
        ("专户管理资金", s.special, "", None),
        ("单位资金", s.unit, "", None),
    ];
    let _ = writeln!(
        h,
        "<tr><th rowspan=\"{}\">年度预算情况</th><th>按资金来源划分</th><th>资金总额（万元）</th><th>按资金方向划分</th><th>资金总额（万元）</th></tr>",
        lines.len() + 1
    );
    for (sl, sv, dl, dv) in lines {
        let _ = writeln!(
            h,
            "<tr><td>{sl}</td><td class=\"num\">{}</td><td>{dl}</td><td class=\"num\">{}</td></tr>",
            wan_cell(sv),
            dv.map(wan_cell).unwrap_or_default()
        );
    }
    let _ = writeln!(
        h,
        "<tr><th rowspan=\"{}\">年度重点任务</th><th colspan=\"2\">核心职能</th><th colspan=\"2\">重点任务</th></tr>",
        f.key_tasks.len() + 1
    );
    for t in &f.key_tasks {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"2\" class=\"long\">{}</td><td colspan=\"2\" class=\"long\">{}</td></tr>",
            escape(&t.core_function),
            escape(&t.task)
        );
    }
    let _ = writeln!(
        h,
        "<tr><th>年度绩效目标</th><td colspan=\"4\" class=\"long\">{}</td></tr>",
        escape(&f.annual_goal)
    );
    let _ = writeln!(
        h,
        "<tr><th rowspan=\"{}\">年度绩效指标</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>",
        f.indicators.len() + 1
    );
    // The label cell spans the rows below; each indicator row adds its four cells.
    let mut rows = String::new();
    indicator_rows(&mut rows, &f.indicators);
    h.push_str(&rows);
    h.push_str("</table>\n</section>\n");
}

fn funds_rows(h: &mut String, p: &FormFunds, y: &FormFunds) {
    let lines = [
        ("实施期资金总额：", p.total, "年度资金总额：", y.total),
        (
            "其中：中央财政资金",
            p.central,
            "其中：中央财政资金",
            y.central,
        ),
        ("省级财政资金", p.provincial, "省级财政资金", y.provincial),
        ("市县（区）财政资金", p.local, "市县（区）财政资金", y.local),
        ("单位自筹", p.self_raised, "单位自筹", y.self_raised),
        ("其他资金", p.other, "其他资金", y.other),
    ];
    for (i, (pl, pv, yl, yv)) in lines.iter().enumerate() {
        h.push_str("<tr>");
        if i == 0 {
            let _ = write!(h, "<th rowspan=\"{}\">项目资金（元）</th>", lines.len());
        }
        let _ = writeln!(
            h,
            "<td colspan=\"2\">{pl}</td><td class=\"num\">{}</td><td colspan=\"2\">{yl}</td><td colspan=\"2\" class=\"num\">{}</td></tr>",
            yuan_cell(*pv),
            yuan_cell(*yv)
        );
    }
}

/// The 一级指标 of both periods in the standard order, then any other the form uses.
fn level1_order(a: &[Indicator], b: &[Indicator]) -> Vec<String> {
    let mut out: Vec<String> = ["产出指标", "效益指标", "满意度指标"]
        .iter()
        .map(|s| s.to_string())
        .filter(|l| a.iter().chain(b).any(|i| &i.level1 == l))
        .collect();
    for i in a.iter().chain(b) {
        if !out.contains(&i.level1) {
            out.push(i.level1.clone());
        }
    }
    out
}

fn project_form(h: &mut String, pkg: &Package, n: usize, f: &ProjectForm) {
    let heading = if f.heading.trim().is_empty() {
        "项目支出绩效目标表"
    } else {
        f.heading.as_str()
    };
    let _ = writeln!(
        h,
        "<section class=\"form\" id=\"form-project-{n}\">\n<h3>{}</h3>\n<p class=\"form-year\">（{}年度）</p>\n<table class=\"ftable\">{}",
        escape(heading),
        pkg.year,
        colgroup(&[12, 9, 10, 20, 10, 9, 20, 10])
    );
    let _ = write!(
        h,
        "<tr><th>项目名称</th><td colspan=\"7\">{}</td></tr>\n\
<tr><th>主管部门及代码</th><td colspan=\"3\">{}</td><th>实施单位</th><td colspan=\"3\">{}</td></tr>\n\
<tr><th>项目属性</th><td colspan=\"3\">{}</td><th>项目期</th><td colspan=\"3\">{}</td></tr>\n",
        escape(&f.name),
        escape(&f.department),
        escape(&f.unit),
        escape(&f.attribute),
        escape(&f.period)
    );
    funds_rows(h, &f.funds_period, &f.funds_year);
    for (label, text) in [
        ("项目概况", &f.overview),
        ("立项依据", &f.basis),
        ("项目设立必要性", &f.necessity),
        ("保证项目实施的制度、措施", &f.safeguards),
        ("项目实施计划", &f.plan),
    ] {
        let _ = writeln!(
            h,
            "<tr><th>{label}</th><td colspan=\"7\" class=\"long\">{}</td></tr>",
            escape(text)
        );
    }
    let _ = write!(
        h,
        "<tr><th rowspan=\"2\">总体目标</th><th colspan=\"4\">实施期目标</th><th colspan=\"3\">年度目标</th></tr>\n<tr><td colspan=\"4\" class=\"long\">{}</td><td colspan=\"3\" class=\"long\">{}</td></tr>\n",
        escape(&f.goal_period),
        escape(&f.goal_year)
    );
    // Both periods side by side, grouped by 一级指标.
    let order = level1_order(&f.indicators_period, &f.indicators_year);
    let mut body = String::new();
    let mut body_rows = 0;
    for l1 in &order {
        let p: Vec<&Indicator> = f
            .indicators_period
            .iter()
            .filter(|i| &i.level1 == l1)
            .collect();
        let y: Vec<&Indicator> = f
            .indicators_year
            .iter()
            .filter(|i| &i.level1 == l1)
            .collect();
        let rows = p.len().max(y.len()).max(1);
        for r in 0..rows {
            body.push_str("<tr>");
            if r == 0 {
                let _ = write!(body, "<td rowspan=\"{rows}\">{}</td>", escape(l1));
            }
            for side in [&p, &y] {
                match side.get(r) {
                    Some(i) => {
                        let _ = write!(
                            body,
                            "<td>{}</td><td class=\"long\">{}</td><td>{}</td>",
                            escape(&i.level2),
                            escape(&i.name),
                            escape(&i.value)
                        );
                    }
                    None => body.push_str("<td></td><td></td><td></td>"),
                }
            }
            body.push_str("</tr>\n");
            body_rows += 1;
        }
    }
    let _ = writeln!(
        h,
        "<tr><th rowspan=\"{}\">绩效指标</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>",
        body_rows + 1
    );
    h.push_str(&body);
    let _ = writeln!(
        h,
        "<tr><td colspan=\"2\">负责人：{}</td><td colspan=\"2\">经办人：{}</td><td colspan=\"2\">联系电话：{}</td><td colspan=\"2\">填报日期：{}</td></tr>",
        escape(&f.leader),
        escape(&f.handler),
        escape(&f.phone),
        escape(&f.filled_on)
    );
    h.push_str("</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn cell(text: &str, colspan: usize, rowspan: usize) -> HeaderCell {
        HeaderCell {
            text: text.into(),
            colspan,
            rowspan,
        }
    }

    #[test]
    fn equal_neighbours_merge_across_and_short_paths_span_down() {
        // Table 2: 项目 over code and name, 本年收入 over the sources, 上年结转 alone.
        let rows = header_rows(&[
            p(&["项目", "科目编码"]),
            p(&["项目", "科目名称"]),
            p(&["本年收入", "合计"]),
            p(&["本年收入", "一般公共预算"]),
            p(&["上年结转"]),
        ]);
        assert_eq!(
            rows,
            vec![
                vec![
                    cell("项目", 2, 1),
                    cell("本年收入", 2, 1),
                    cell("上年结转", 1, 2)
                ],
                vec![
                    cell("科目编码", 1, 1),
                    cell("科目名称", 1, 1),
                    cell("合计", 1, 1),
                    cell("一般公共预算", 1, 1)
                ],
            ]
        );
    }

    #[test]
    fn three_levels_with_a_caption() {
        // Table 4's right half under its caption.
        let rows = header_rows(&[
            p(&["收入", "项目"]),
            p(&["收入", "金额"]),
            p(&["支出", "项目"]),
            p(&["支出", "金额", "小计"]),
            p(&["支出", "金额", "一般公共预算"]),
        ]);
        assert_eq!(rows[0], vec![cell("收入", 2, 1), cell("支出", 3, 1)]);
        assert_eq!(
            rows[1],
            vec![
                cell("项目", 1, 2),
                cell("金额", 1, 2),
                cell("项目", 1, 2),
                cell("金额", 2, 1)
            ]
        );
        assert_eq!(
            rows[2],
            vec![cell("小计", 1, 1), cell("一般公共预算", 1, 1)]
        );
    }

    /// Places the cells as a browser does (left to right, skipping slots taken by a rowspan from
    /// above) and returns how often each slot is covered.
    fn coverage(rows: &[Vec<HeaderCell>], width: usize) -> Vec<Vec<usize>> {
        let mut grid = vec![vec![0usize; width]; rows.len()];
        for (r, row) in rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < width && grid[r][c] > 0 {
                    c += 1;
                }
                let end = (c + cell.colspan).min(width);
                for line in grid.iter_mut().skip(r).take(cell.rowspan) {
                    for slot in &mut line[c.min(end)..end] {
                        *slot += 1;
                    }
                }
                c += cell.colspan;
            }
        }
        grid
    }

    proptest::proptest! {
        #[test]
        fn merged_headers_cover_every_slot_exactly_once(
            paths in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec!["甲", "乙", "丙"]), 1..4),
                1..9,
            )
        ) {
            let paths: Vec<Vec<String>> = paths
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect();
            let rows = header_rows(&paths);
            let depth = paths.iter().map(|p| p.len()).max().unwrap_or(1);
            proptest::prop_assert_eq!(rows.len(), depth);
            let grid = coverage(&rows, paths.len());
            for line in &grid {
                proptest::prop_assert!(line.iter().all(|&n| n == 1), "{:?} → {:?}", paths, grid);
            }
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn subheadings_are_recognised() {
        assert!(is_subheading("（一）政府购买服务指导性目录"));
        assert!(is_subheading("1、车辆情况："));
        assert!(!is_subheading("（部门（单位）整体目标表公开情况见附件）"));
        assert!(!is_subheading(
            "2026年度长治市屯留区信访局预算收入总计262.76万元。"
        ));
    }
}
