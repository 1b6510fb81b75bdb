//! Reading one printed table into the package's rows, driven by the layout's definition of the
//! table: its header words find the columns' positions, its kind of rows says how to read a
//! row's label (codes joined or split over 类/款/项, fixed lines, units, projects). Printed
//! totals and subtotals are compared with what the view computes from the rows; where they
//! differ the printed value is kept as a stated value (the checker then reports it), so a
//! published total that does not add up is never silently corrected.

use super::document::{Cell, Document, Line, SourceKind, is_amount, is_code, normalize};
use super::report::{Report, TableReport};
use crate::catalog::Catalog;
use crate::model::codes::Code;
use crate::model::layout::{BlockDef, CodeScheme, ColumnKind, LabelColumn, RowsDef, TableDef};
use crate::model::view::{self, RowRole};
use crate::model::{Amount, Package, Row, UnitKind};
use std::ops::Range;

/// Prefixes of lines that name the department and the unit over a table.
const META: [&str; 8] = [
    "部门名称:",
    "编制单位:",
    "编制部门:",
    "预算单位:",
    "预算主管部门:",
    "单位:",
    "金额单位:",
    "预算公开表",
];

/// What a printed body row says, before it is matched to the layout.
#[derive(Clone, Debug)]
struct Printed {
    line: usize,
    block: usize,
    code: String,
    name: String,
    gov_name: String,
    /// (column index in the block, amount).
    amounts: Vec<(usize, Amount)>,
}

/// Where a column's header was found.
#[derive(Clone, Copy, Debug)]
struct ColPos {
    block: usize,
    col: usize,
    center: f32,
}

/// Reads the table whose title is at `title` and whose body runs over `range` of the
/// document's lines, into `pkg`.
pub fn read_table(
    doc: &Document,
    title: usize,
    range: Range<usize>,
    def: &TableDef,
    pkg: &mut Package,
    rep: &mut Report,
) -> TableReport {
    let year = pkg.year;
    let mut tr = TableReport {
        key: def.key.clone(),
        title: format!("表{} {}", def.number, def.title_for(year)),
        found_at: Some(doc.lines[title].place()),
        ..TableReport::default()
    };
    let words = header_words(def, year);
    let mut header_lines: Vec<&Line> = Vec::new();
    let mut printed: Vec<Printed> = Vec::new();
    let mut positions: Vec<ColPos> = Vec::new();
    let mut data_started = false;
    // Whether the previous line was a body row (a wrapped name continues it).
    let mut last_was_row = false;
    // A line that continues a name, not yet given to the row before or after it.
    let mut pending: Option<(usize, String)> = None;
    let slack = match doc.source {
        SourceKind::LayoutText => 3.0,
        _ => 0.0,
    };
    for li in range {
        let line = &doc.lines[li];
        let key = line.key();
        let has_amount = line.cells.iter().any(|c| is_amount(&c.text));
        let leading_code = line.cells.first().is_some_and(|c| is_code(&c.text));
        if !has_amount
            && !leading_code
            && let (Some((_, text)), Some(p)) = (pending.as_ref(), printed.last_mut())
            && (is_meta(line) || key.starts_with("注") || is_header(line, &words))
        {
            p.name.push_str(text);
            pending = None;
        }
        if is_meta(line) {
            check_unit(line, def, rep);
            last_was_row = false;
            continue;
        }
        if key.starts_with("注") {
            if key.contains("无数据") || key.contains("空表") {
                tr.no_data_note = true;
            }
            tr.notes.push(line.text());
            last_was_row = false;
            continue;
        }
        if is_numbering(line) {
            continue;
        }
        if !has_amount && is_header(line, &words) {
            if !data_started {
                header_lines.push(line);
            }
            last_was_row = false;
            continue;
        }
        if !data_started {
            if !has_amount && !leading_code && !fixed_label_line(def, line) {
                header_lines.push(line);
                continue;
            }
            data_started = true;
            positions = column_positions(def, year, &header_lines);
        }
        let wraps = !has_amount
            && !leading_code
            && last_was_row
            && line.cells.len() == 1
            && !def
                .blocks
                .first()
                .is_some_and(|b| matches!(b.rows, RowsDef::Fixed(_)))
            && !is_total_label(&key);
        if wraps {
            // Decided at the next line: a name wrapped over two lines may have its first half
            // above the row's codes and amounts, or its second half below them.
            if let (Some((_, text)), Some(p)) = (pending.take(), printed.last_mut()) {
                p.name.push_str(&text);
            }
            pending = Some((li, line.cells[0].text.clone()));
            continue;
        }
        match parse_row(def, li, line, &positions, slack) {
            Ok(mut rows) => {
                if let Some((pi, text)) = pending.take() {
                    let prev_y = printed.last().map(|p| doc.lines[p.line].y);
                    let here = doc.lines[pi].y;
                    let nearer_next = leading_code
                        && prev_y.is_none_or(|py| (here - line.y).abs() < (py - here).abs());
                    match (nearer_next, rows.first_mut(), printed.last_mut()) {
                        (true, Some(r), _) => r.name.insert_str(0, &text),
                        (_, _, Some(p)) => p.name.push_str(&text),
                        (_, Some(r), None) => r.name.insert_str(0, &text),
                        _ => {}
                    }
                }
                printed.extend(rows);
                last_was_row = true;
            }
            Err(why) => {
                rep.issue(line.place(), line.text(), why);
                last_was_row = false;
            }
        }
    }
    if let (Some((_, text)), Some(p)) = (pending.take(), printed.last_mut()) {
        p.name.push_str(&text);
    }
    tr.rows = printed.len();
    tr.amounts = printed.iter().map(|p| p.amounts.len()).sum();
    store(doc, def, &printed, pkg, rep);
    // A note of the table's own is kept as printed; the standard ones (本表无数据, and 山西's
    // 尾差 remark) are what every package prints and the exports write them again.
    let own: Vec<&String> = tr
        .notes
        .iter()
        .filter(|n| {
            let k = normalize(n);
            k != normalize(crate::io::xlsx::NO_DATA_NOTE) && !k.contains("四舍五入")
        })
        .collect();
    if let Some(t) = pkg.tables.get_mut(&def.key) {
        t.note = own
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n");
    }
    tr
}

/// Every word of the table's header as the layout gives it, with the year filled in.
fn header_words(def: &TableDef, year: i32) -> Vec<String> {
    let y = |s: &str| normalize(&s.replace("{year}", &year.to_string()));
    let mut out: Vec<String> = vec!["类".into(), "款".into(), "项".into(), "项目".into()];
    for b in &def.blocks {
        if !b.caption.is_empty() {
            out.push(y(&b.caption));
        }
        for l in &b.labels {
            out.extend(l.header().iter().map(|h| y(h)));
        }
        for c in &b.columns {
            out.extend(c.header.iter().map(|h| y(h)));
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

fn is_meta(line: &Line) -> bool {
    line.cells
        .iter()
        .all(|c| META.iter().any(|m| normalize(&c.text).starts_with(m)))
}

/// A table whose heading names another unit than the layout's ("单位：万元" over a table the
/// layout has in 元) is reported: its amounts are read as printed.
fn check_unit(line: &Line, def: &TableDef, rep: &mut Report) {
    for c in &line.cells {
        let k = normalize(&c.text);
        let Some(unit) = k
            .strip_prefix("单位:")
            .or_else(|| k.strip_prefix("金额单位:"))
        else {
            continue;
        };
        if unit != def.unit.label() {
            rep.issue(
                line.place(),
                line.text(),
                format!(
                    "表{}注明的金额单位是“{unit}”，版式中是“{}”；金额按印刷的数读入，未换算",
                    def.number,
                    def.unit.label()
                ),
            );
        }
    }
}

/// "1 2 3 4 5 6 7": the row of column numbers under some headers.
fn is_numbering(line: &Line) -> bool {
    line.cells.len() >= 3
        && line
            .cells
            .iter()
            .enumerate()
            .all(|(i, c)| c.text.trim() == (i + 1).to_string())
}

fn is_header(line: &Line, words: &[String]) -> bool {
    line.cells.iter().all(|c| {
        let k = normalize(&c.text);
        !k.is_empty() && words.iter().any(|w| w.contains(&k))
    })
}

fn is_total_label(key: &str) -> bool {
    matches!(key, "合计" | "总计" | "部门合计")
}

/// Whether a line without amounts is a row of a fixed-lines table ("二、事业收入").
fn fixed_label_line(def: &TableDef, line: &Line) -> bool {
    def.blocks.iter().any(|b| match &b.rows {
        RowsDef::Fixed(lines) => line.cells.iter().any(|c| {
            let k = strip_numbering(&normalize(&c.text));
            lines
                .iter()
                .any(|l| !l.label.is_empty() && strip_numbering(&normalize(&l.label)) == k)
        }),
        _ => false,
    })
}

/// Removes list numbering from the start of a label: "一、", "1、", "1.", "（一）", "①".
pub fn strip_numbering(s: &str) -> String {
    let t = s.trim();
    let chars: Vec<char> = t.chars().collect();
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let mut i = 0;
    if chars.first().is_some_and(|c| "①②③④⑤⑥⑦⑧⑨⑩".contains(*c)) {
        i = 1;
    } else if chars.first() == Some(&'(') {
        let j = chars.iter().skip(1).take_while(|c| numeral(**c)).count();
        if j > 0 && chars.get(1 + j) == Some(&')') {
            i = j + 2;
        }
    } else {
        let j = chars.iter().take_while(|c| numeral(**c)).count();
        if j > 0 && chars.get(j).is_some_and(|c| matches!(c, '、' | '.' | ',')) {
            i = j + 1;
        }
    }
    chars[i..].iter().collect::<String>().trim().to_string()
}

/// Finds each column's header among the header lines: the cell equal to its last header word,
/// else one that is part of it ("事业单位" / "经营收入" printed on two lines). The first block
/// takes the leftmost match, a later block the rightmost (both print "预算数" or "合计").
fn column_positions(def: &TableDef, year: i32, header: &[&Line]) -> Vec<ColPos> {
    let mut owned: Vec<Cell> = header
        .iter()
        .flat_map(|l| l.cells.iter().cloned())
        .collect();
    // A header wrapped in its cell ("当年预算" over "安排"): the parts stacked one or two lines
    // apart, overlapping horizontally, are one header too.
    for (i, upper) in header.iter().enumerate() {
        for lower in header.iter().skip(i + 1).take(2) {
            for a in &upper.cells {
                for b in &lower.cells {
                    if b.center() >= a.x0 - 1.0 && b.center() <= a.x1 + 1.0 {
                        owned.push(Cell {
                            text: format!("{}{}", a.text, b.text),
                            x0: a.x0.min(b.x0),
                            x1: a.x1.max(b.x1),
                        });
                    }
                }
            }
        }
    }
    let cells: Vec<&Cell> = owned.iter().collect();
    let mut out = Vec::new();
    let last_block = def.blocks.len().saturating_sub(1);
    for (bi, b) in def.blocks.iter().enumerate() {
        for (ci, c) in b.columns.iter().enumerate() {
            let Some(leaf) = c.header.last() else {
                continue;
            };
            let leaf = normalize(&leaf.replace("{year}", &year.to_string()));
            let exact: Vec<&&Cell> = cells
                .iter()
                .filter(|x| normalize(&x.text) == leaf)
                .collect();
            let mut found = if exact.is_empty() {
                cells
                    .iter()
                    .filter(|x| {
                        let k = normalize(&x.text);
                        k.chars().count() >= 2 && (leaf.contains(&k) || k.contains(&leaf))
                    })
                    .collect()
            } else {
                exact
            };
            // The longest partial match is the likeliest; among equals, by position.
            let longest = found
                .iter()
                .map(|x| normalize(&x.text).chars().count())
                .max()
                .unwrap_or(0);
            found.retain(|x| normalize(&x.text).chars().count() == longest);
            found.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let pick = if bi == last_block && bi > 0 {
                found.last()
            } else {
                found.first()
            };
            if let Some(cell) = pick {
                out.push(ColPos {
                    block: bi,
                    col: ci,
                    center: cell.center(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.center.total_cmp(&b.center));
    out
}

/// The column an amount belongs to: amounts are right-aligned and headers centred, so it is the
/// column whose header centre is the last one left of the amount's right edge.
fn column_of(cell: &Cell, positions: &[ColPos], slack: f32) -> Option<ColPos> {
    positions
        .iter()
        .rev()
        .find(|p| p.center < cell.x1 + slack)
        .or_else(|| positions.first())
        .copied()
}

/// Reads one body line into one row per block it holds.
fn parse_row(
    def: &TableDef,
    li: usize,
    line: &Line,
    positions: &[ColPos],
    slack: f32,
) -> Result<Vec<Printed>, String> {
    let nblocks = def.blocks.len();
    let mut rows: Vec<Printed> = (0..nblocks)
        .map(|b| Printed {
            line: li,
            block: b,
            code: String::new(),
            name: String::new(),
            gov_name: String::new(),
            amounts: Vec::new(),
        })
        .collect();
    // The first block's first column: text left of it is the first block's label.
    let first_col_center = positions
        .iter()
        .filter(|p| p.block == 0)
        .map(|p| p.center)
        .reduce(f32::min);
    let mut texts: Vec<Vec<&Cell>> = vec![Vec::new(); nblocks];
    for cell in &line.cells {
        if is_amount(&cell.text) {
            let amount = Amount::parse(&cell.text).map_err(|e| e.to_string())?;
            let Some(pos) = column_of(cell, positions, slack) else {
                return Err("表头中找不到金额所在的列".into());
            };
            let row = &mut rows[pos.block];
            if row.amounts.iter().any(|(c, _)| *c == pos.col) {
                return Err(format!(
                    "两个金额落在同一列（{}），无法确定各自所在的列",
                    def.blocks[pos.block].columns[pos.col].header.join("/")
                ));
            }
            row.amounts.push((pos.col, amount));
        } else {
            let b = if nblocks > 1 && first_col_center.is_some_and(|x| cell.x0 > x) {
                nblocks - 1
            } else {
                0
            };
            texts[b].push(cell);
        }
    }
    for (b, cells) in texts.iter().enumerate() {
        let block = &def.blocks[b];
        let has_code = block
            .labels
            .iter()
            .any(|l| matches!(l, LabelColumn::Code { .. }));
        let mut rest: &[&Cell] = cells;
        if has_code {
            while let Some((c, tail)) = rest.split_first() {
                if !is_code(&c.text) {
                    break;
                }
                rows[b].code.push_str(c.text.trim());
                rest = tail;
            }
            // Codes split over 类/款/项 are joined; what comes of it is validated here as a
            // project file validates it, so the package written always loads again.
            if let Err(e) = Code::parse(&rows[b].code) {
                return Err(e.to_string());
            }
        }
        let has_gov = block
            .labels
            .iter()
            .any(|l| matches!(l, LabelColumn::GovName { .. }));
        if let Some((first, tail)) = rest.split_first() {
            rows[b].name = first.text.clone();
            if has_gov {
                rows[b].gov_name = tail.iter().map(|c| c.text.as_str()).collect();
            } else {
                for c in tail {
                    rows[b].name.push_str(&c.text);
                }
            }
        }
    }
    Ok(rows
        .into_iter()
        .filter(|r| !r.code.is_empty() || !r.name.is_empty() || !r.amounts.is_empty())
        .collect())
}

/// What a printed row is in its block, once matched to the layout.
enum Role {
    /// A row to store (a leaf code, an input line, a unit, a project).
    Stored,
    /// A computed row: a code with printed children, a sum line, a unit over projects.
    Computed,
    /// The block's total (合计, 部门合计, the department row of a project table).
    Total,
}

/// Turns the printed rows into stored rows, then keeps every printed total that disagrees with
/// the computed one as a stated value.
fn store(doc: &Document, def: &TableDef, printed: &[Printed], pkg: &mut Package, rep: &mut Report) {
    let catalog = Catalog::builtin();
    let year = pkg.year;
    let department = pkg.department.name.clone();
    let mut data = crate::model::TableData::default();
    // (printed index, role, key to find it in the view)
    let mut matched: Vec<(usize, Role, String)> = Vec::new();
    for (bi, block) in def.blocks.iter().enumerate() {
        let mine: Vec<(usize, &Printed)> = printed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.block == bi)
            .collect();
        let mut used: Vec<String> = Vec::new();
        let mut parents: Vec<String> = Vec::new();
        let mut current_unit = String::new();
        for (n, &(pi, p)) in mine.iter().enumerate() {
            let line = &doc.lines[p.line];
            let cells = input_cells(block, p);
            let name_key = normalize(&p.name);
            match &block.rows {
                RowsDef::Codes { scheme, .. } => {
                    if p.code.is_empty() && is_total_label(&name_key) {
                        matched.push((pi, Role::Total, String::new()));
                        continue;
                    }
                    let code = if p.code.is_empty() {
                        match code_by_name(catalog, *scheme, year, &p.name, &parents) {
                            Some(c) => c,
                            None => {
                                rep.issue(
                                    line.place(),
                                    line.text(),
                                    format!("“{}”没有科目编码，目录中也找不到这个名称", p.name),
                                );
                                continue;
                            }
                        }
                    } else {
                        p.code.clone()
                    };
                    parents.retain(|c| code.starts_with(c.as_str()) && *c != code);
                    parents.push(code.clone());
                    let has_children = mine.iter().skip(n + 1).any(|(_, q)| {
                        let qc = if q.code.is_empty() {
                            code_by_name(
                                catalog,
                                *scheme,
                                year,
                                &q.name,
                                std::slice::from_ref(&code),
                            )
                            .unwrap_or_default()
                        } else {
                            q.code.clone()
                        };
                        qc.len() > code.len() && qc.starts_with(&code)
                    });
                    if has_children {
                        matched.push((pi, Role::Computed, code));
                        continue;
                    }
                    let mut row = Row {
                        code: code.clone(),
                        name: p.name.clone(),
                        gov_name: p.gov_name.clone(),
                        cells,
                        ..Row::default()
                    };
                    if !p.gov_name.is_empty() {
                        fill_gov(catalog, year, &mut row);
                    }
                    data.rows_mut(&block.key).push(row);
                    matched.push((pi, Role::Stored, code));
                }
                RowsDef::Fixed(lines) => {
                    let label = strip_numbering(&name_key);
                    let line_def = lines.iter().find(|l| {
                        !l.label.is_empty()
                            && !used.contains(&l.key)
                            && strip_numbering(&normalize(&l.label)) == label
                    });
                    let key = match line_def {
                        Some(l) => Some((l.key.clone(), l.kind.clone())),
                        None if label.is_empty() => lines
                            .iter()
                            .find(|l| {
                                !used.contains(&l.key)
                                    && matches!(l.kind, crate::model::layout::LineKind::Input)
                            })
                            .map(|l| (l.key.clone(), l.kind.clone())),
                        None => None,
                    };
                    let class = if key.is_none() && lines.iter().any(|l| l.key == "class:") {
                        catalog
                            .classes(year)
                            .iter()
                            .find(|c| normalize(&c.name) == label)
                            .map(|c| c.code.clone())
                    } else {
                        None
                    };
                    match (key, class) {
                        (Some((k, kind)), _) => {
                            used.push(k.clone());
                            let input = matches!(kind, crate::model::layout::LineKind::Input);
                            if input {
                                if !cells.is_empty() {
                                    data.rows_mut(&block.key).push(Row {
                                        code: k.clone(),
                                        cells,
                                        ..Row::default()
                                    });
                                }
                                matched.push((pi, Role::Stored, k));
                            } else {
                                matched.push((pi, Role::Computed, k));
                            }
                        }
                        (None, Some(code)) => {
                            if !cells.is_empty() {
                                data.rows_mut(&block.key).push(Row {
                                    code: code.clone(),
                                    cells,
                                    ..Row::default()
                                });
                            }
                            matched.push((pi, Role::Stored, code));
                        }
                        (None, None) => rep.issue(
                            line.place(),
                            line.text(),
                            format!("“{}”不是表{}中的行", p.name, def.number),
                        ),
                    }
                }
                RowsDef::Units => {
                    if n == 0 && (name_key.contains("合计") || is_total_label(&name_key)) {
                        matched.push((pi, Role::Total, String::new()));
                        continue;
                    }
                    data.rows_mut(&block.key).push(Row {
                        name: p.name.clone(),
                        cells,
                        ..Row::default()
                    });
                    matched.push((pi, Role::Stored, p.name.clone()));
                }
                RowsDef::Projects => {
                    let is_unit = |name: &str| {
                        name == department
                            || pkg.overview.units.iter().any(|u| u.name == name)
                            || name.ends_with("合计")
                    };
                    if n == 0 && (is_unit(&p.name) || name_key.contains("合计")) {
                        matched.push((pi, Role::Total, String::new()));
                        continue;
                    }
                    if is_unit(&p.name) {
                        current_unit = p.name.clone();
                        matched.push((pi, Role::Computed, p.name.clone()));
                        continue;
                    }
                    let unit = if current_unit.is_empty() {
                        department.clone()
                    } else {
                        current_unit.clone()
                    };
                    data.rows_mut(&block.key).push(Row {
                        name: p.name.clone(),
                        unit,
                        cells,
                        ..Row::default()
                    });
                    matched.push((pi, Role::Stored, p.name.clone()));
                }
            }
        }
    }
    pkg.tables.insert(def.key.clone(), data);
    stated_values(def, printed, &matched, pkg, rep, doc);
}

/// The amounts of a printed row in the block's input columns.
fn input_cells(block: &BlockDef, p: &Printed) -> std::collections::BTreeMap<String, Amount> {
    p.amounts
        .iter()
        .filter(|(c, _)| matches!(block.columns[*c].kind, ColumnKind::Input))
        .map(|(c, a)| (block.columns[*c].key.clone(), *a))
        .collect()
}

/// A code found by its name in the catalog (山西 prints table 6 without codes): under the
/// nearest printed parent when there is one, else the shortest code of that name.
fn code_by_name(
    catalog: &Catalog,
    scheme: CodeScheme,
    year: i32,
    name: &str,
    parents: &[String],
) -> Option<String> {
    let y = catalog.year(year);
    let map = match scheme {
        CodeScheme::Function => &y.function,
        CodeScheme::EconomicDept => &y.economic_dept,
        CodeScheme::Income => &y.income,
    };
    let key = normalize(name);
    let mut found: Vec<&String> = map
        .values()
        .filter(|e| normalize(&e.name) == key)
        .map(|e| &e.code)
        .collect();
    found.sort_by_key(|c| (c.len(), c.as_str().to_owned()));
    for p in parents.iter().rev() {
        if let Some(c) = found
            .iter()
            .find(|c| c.starts_with(p.as_str()) && c.len() > p.len())
        {
            return Some((*c).clone());
        }
    }
    found.first().map(|c| (*c).clone())
}

/// The 政府经济科目 code of a table-6 row from its printed name: the one its 部门 code maps to
/// for an administrative unit, else for a 事业 unit (then the row records that kind).
fn fill_gov(catalog: &Catalog, year: i32, row: &mut Row) {
    let name = normalize(&row.gov_name);
    for kind in [UnitKind::Administrative, UnitKind::Public] {
        if let Some(g) = catalog.map_economic(year, &row.code, kind)
            && catalog
                .gov_entry(year, &g)
                .is_some_and(|e| normalize(&e.name) == name)
        {
            row.gov_code = g;
            if kind == UnitKind::Public {
                row.unit_kind = Some(kind);
            }
            return;
        }
    }
}

/// Compares every printed amount with the view computed from the stored rows; a difference on
/// a row that can hold it becomes a stated value, and every difference is listed in the report.
fn stated_values(
    def: &TableDef,
    printed: &[Printed],
    matched: &[(usize, Role, String)],
    pkg: &mut Package,
    rep: &mut Report,
    doc: &Document,
) {
    let catalog = Catalog::builtin();
    let mut additions: Vec<(usize, String, String, Amount)> = Vec::new(); // (block, row key, column, value)
    for (bi, block) in def.blocks.iter().enumerate() {
        let rows = pkg
            .tables
            .get(&def.key)
            .map(|t| t.rows(&block.key).to_vec())
            .unwrap_or_default();
        let v = view::block_view(pkg, catalog, block, &rows);
        for (pi, role, key) in matched.iter().filter(|m| printed[m.0].block == bi) {
            let p = &printed[*pi];
            let vrow = match role {
                Role::Total => v.total(),
                _ => v.rows.iter().find(|r| {
                    r.code == *key
                        || (r.code.is_empty() && r.label == *key)
                        || (r.role == RowRole::UnitGroup && r.label == *key)
                }),
            };
            let Some(vrow) = vrow else {
                continue;
            };
            for (ci, amount) in &p.amounts {
                let computed = vrow.cells.get(*ci).copied().unwrap_or(Amount::EMPTY);
                if computed.or_zero() == amount.or_zero() {
                    continue;
                }
                let col = &block.columns[*ci];
                let storable = match role {
                    Role::Stored => matches!(col.kind, ColumnKind::Sum(_)),
                    Role::Computed => !matches!(block.rows, RowsDef::Projects),
                    Role::Total => false,
                };
                let line = &doc.lines[p.line];
                let what = format!(
                    "表{} {} “{}”列“{}”：印刷 {}，明细之和 {}",
                    def.number,
                    line.place(),
                    if p.name.is_empty() { &p.code } else { &p.name },
                    col.header
                        .join("/")
                        .replace("{year}", &pkg.year.to_string()),
                    amount.display_2dp(),
                    computed.display_2dp()
                );
                if storable {
                    additions.push((bi, key.clone(), col.key.clone(), *amount));
                    rep.stated.push(what);
                } else {
                    rep.stated.push(format!(
                        "{what}（合计行在项目文件中由明细计算，不能保存印刷数）"
                    ));
                }
            }
        }
    }
    let table = pkg.table_mut(&def.key);
    for (bi, key, col, amount) in additions {
        let block = &def.blocks[bi];
        let rows = table.rows_mut(&block.key);
        let by_name = matches!(block.rows, RowsDef::Units | RowsDef::Projects);
        let existing = rows.iter_mut().find(|r| {
            if by_name {
                r.name == key
            } else {
                r.code == key
            }
        });
        match existing {
            Some(r) => {
                r.cells.insert(col, amount);
            }
            None => {
                let mut r = Row {
                    code: key,
                    ..Row::default()
                };
                r.cells.insert(col, amount);
                rows.push(r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_stripped_from_labels() {
        assert_eq!(strip_numbering("一、一般公共预算"), "一般公共预算");
        assert_eq!(strip_numbering("1.一般公共预算资金"), "一般公共预算资金");
        assert_eq!(strip_numbering("1、一般公共预算资金"), "一般公共预算资金");
        assert_eq!(strip_numbering("(一)财政拨款收入"), "财政拨款收入");
        assert_eq!(strip_numbering("①公务用车购置费"), "公务用车购置费");
        assert_eq!(strip_numbering("收入总计"), "收入总计");
        assert_eq!(strip_numbering("十二、城乡社区支出"), "城乡社区支出");
    }
}
