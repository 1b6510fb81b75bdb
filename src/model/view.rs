//! Computed views of tables: every 合计, 类/款 subtotal, group, department and unit row, and
//! every sum column, derived from the stored rows. The grid, the checker and the exports all
//! read tables through this one computation, so they can never disagree about a total.

use super::layout::{BlockDef, ColumnKind, LineKind, RowsDef, TableDef};
use super::money::{Amount, sum_cells};
use super::{Package, Row, TableData};
use crate::catalog::Catalog;

/// What a row of a view is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowRole {
    /// 合计 / 部门合计 / the department row of a project table: the sum of everything.
    Total,
    /// A code that has children: its amounts are the sum of theirs (class/款 rows).
    Group,
    /// A stored row the user types into.
    Leaf,
    /// A fixed line the user types into.
    FixedInput,
    /// A fixed line computed from others (本年收入合计, 收入总计 …).
    FixedSum,
    /// A unit row of a project table (sum of its projects).
    UnitGroup,
}

impl RowRole {
    /// Whether the user may type amounts into this row.
    pub fn is_editable(self) -> bool {
        matches!(self, RowRole::Leaf | RowRole::FixedInput)
    }
}

/// One row of a computed view.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewRow {
    pub role: RowRole,
    /// The stored row this view row shows, if any (a group row may be a stored row that has
    /// children: its own amounts are then "stated" and the checker compares them).
    pub stored: Option<usize>,
    /// Code for code rows, line key for fixed lines, empty otherwise.
    pub code: String,
    /// The name shown (catalog name for computed code groups).
    pub label: String,
    /// 政府经济科目名称 (table 6).
    pub gov_name: String,
    /// Indentation depth: 0 for totals, 1 for 类 …
    pub depth: usize,
    /// One amount per column of the block, computed.
    pub cells: Vec<Amount>,
}

impl ViewRow {
    pub fn cell(&self, block: &BlockDef, key: &str) -> Amount {
        block
            .column_index(key)
            .and_then(|i| self.cells.get(i).copied())
            .unwrap_or(Amount::EMPTY)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlockView {
    pub rows: Vec<ViewRow>,
}

impl BlockView {
    /// The first row with this code (or line key).
    pub fn find(&self, code: &str) -> Option<&ViewRow> {
        self.rows.iter().find(|r| r.code == code)
    }

    pub fn total(&self) -> Option<&ViewRow> {
        self.rows.iter().find(|r| r.role == RowRole::Total)
    }

    /// Whether any cell of the block holds an amount.
    pub fn has_data(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.cells.iter().any(|c| !c.is_empty()))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableView {
    pub blocks: Vec<BlockView>,
}

impl TableView {
    pub fn has_data(&self) -> bool {
        self.blocks.iter().any(|b| b.has_data())
    }
}

/// Computes the view of one table of a package.
pub fn table_view(pkg: &Package, catalog: &Catalog, def: &TableDef) -> TableView {
    let empty = TableData::default();
    let data = pkg.tables.get(&def.key).unwrap_or(&empty);
    TableView {
        blocks: def
            .blocks
            .iter()
            .map(|b| block_view(pkg, catalog, b, data.rows(&b.key)))
            .collect(),
    }
}

/// Computes the view of one block from its stored rows.
pub fn block_view(pkg: &Package, catalog: &Catalog, block: &BlockDef, rows: &[Row]) -> BlockView {
    let mut out = match &block.rows {
        RowsDef::Codes { levels, scheme } => code_rows(block, rows, levels, |code| {
            catalog.name(*scheme, pkg.year, code).map(str::to_string)
        }),
        RowsDef::Fixed(lines) => fixed_rows(pkg, catalog, block, lines, rows),
        RowsDef::Units => unit_rows(block, rows),
        RowsDef::Projects => project_rows(pkg, block, rows),
    };
    fill_sum_columns(block, &mut out);
    BlockView { rows: out }
}

/// Input-column cells of a stored row, in column order (sum columns left empty).
fn input_cells(block: &BlockDef, row: &Row) -> Vec<Amount> {
    block
        .columns
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Input => row.cell(&c.key),
            ColumnKind::Sum(_) => Amount::EMPTY,
        })
        .collect()
}

fn add_into(acc: &mut [Amount], cells: &[Amount]) {
    for (a, c) in acc.iter_mut().zip(cells) {
        *a = sum_cells([*a, *c]);
    }
}

fn fill_sum_columns(block: &BlockDef, rows: &mut [ViewRow]) {
    let sums: Vec<(usize, Vec<usize>)> = block
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.kind {
            ColumnKind::Sum(of) => {
                Some((i, of.iter().filter_map(|k| block.column_index(k)).collect()))
            }
            ColumnKind::Input => None,
        })
        .collect();
    for row in rows.iter_mut() {
        for (i, parts) in &sums {
            row.cells[*i] = sum_cells(parts.iter().map(|&p| row.cells[p]));
        }
    }
}

struct OpenNode {
    code: String,
    out_index: usize,
    stored: Option<usize>,
    children: usize,
    acc: Vec<Amount>,
}

/// The code tree: 合计 first, then every 类 with its 款 and 项 in code order.
fn code_rows(
    block: &BlockDef,
    rows: &[Row],
    levels: &[usize],
    name_of: impl Fn(&str) -> Option<String>,
) -> Vec<ViewRow> {
    let ncols = block.columns.len();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| rows[a].code.cmp(&rows[b].code));

    let mut out: Vec<ViewRow> = Vec::with_capacity(rows.len() + rows.len() / 2 + 1);
    out.push(ViewRow {
        role: RowRole::Total,
        stored: None,
        code: String::new(),
        label: "合计".into(),
        gov_name: String::new(),
        depth: 0,
        cells: vec![Amount::EMPTY; ncols],
    });
    let mut total = vec![Amount::EMPTY; ncols];
    let mut stack: Vec<OpenNode> = Vec::new();

    // Closes the top node: a node with children shows their sum, a leaf its own amounts; either
    // way its amounts are added to its parent (or to the 合计).
    let close = |stack: &mut Vec<OpenNode>, out: &mut Vec<ViewRow>, total: &mut Vec<Amount>| {
        if let Some(node) = stack.pop() {
            let cells = if node.children > 0 {
                out[node.out_index].role = RowRole::Group;
                node.acc
            } else {
                match node.stored {
                    Some(i) => input_cells(block, &rows[i]),
                    None => node.acc,
                }
            };
            match stack.last_mut() {
                Some(parent) => {
                    parent.children += 1;
                    add_into(&mut parent.acc, &cells);
                }
                None => add_into(total, &cells),
            }
            out[node.out_index].cells = cells;
        }
    };

    for &i in &order {
        let code = rows[i].code.as_str();
        let digits = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
        let ancestors: Vec<&str> = if digits {
            levels
                .iter()
                .filter(|&&l| l < code.len())
                .map(|&l| &code[..l])
                .collect()
        } else {
            Vec::new()
        };
        // Keep on the stack only the ancestors of this code.
        while let Some(top) = stack.last() {
            let keep = ancestors.contains(&top.code.as_str());
            if keep {
                break;
            }
            close(&mut stack, &mut out, &mut total);
        }
        for anc in &ancestors {
            if stack.iter().any(|n| n.code == *anc) {
                continue;
            }
            out.push(ViewRow {
                role: RowRole::Group,
                stored: None,
                code: anc.to_string(),
                label: name_of(anc).unwrap_or_default(),
                gov_name: String::new(),
                depth: stack.len() + 1,
                cells: vec![Amount::EMPTY; ncols],
            });
            stack.push(OpenNode {
                code: anc.to_string(),
                out_index: out.len() - 1,
                stored: None,
                children: 0,
                acc: vec![Amount::EMPTY; ncols],
            });
        }
        let row = &rows[i];
        out.push(ViewRow {
            role: RowRole::Leaf,
            stored: Some(i),
            code: row.code.clone(),
            label: row.name.clone(),
            gov_name: row.gov_name.clone(),
            depth: stack.len() + 1,
            cells: vec![Amount::EMPTY; ncols],
        });
        stack.push(OpenNode {
            code: row.code.clone(),
            out_index: out.len() - 1,
            stored: Some(i),
            children: 0,
            acc: vec![Amount::EMPTY; ncols],
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut out, &mut total);
    }
    out[0].cells = total;
    out
}

/// The rows of a fixed-line block, with the catalog's 类 list where the layout asks for it.
fn fixed_rows(
    pkg: &Package,
    catalog: &Catalog,
    block: &BlockDef,
    lines: &[super::layout::FixedLine],
    rows: &[Row],
) -> Vec<ViewRow> {
    let ncols = block.columns.len();
    let stored_index = |key: &str| rows.iter().position(|r| r.code == key);
    let mut out: Vec<ViewRow> = Vec::new();
    // (output index, the keys it sums)
    let mut sums: Vec<(usize, Vec<String>)> = Vec::new();
    let mut class_rows: Vec<usize> = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for line in lines {
        match &line.kind {
            LineKind::Classes => {
                for (n, class) in catalog.classes(pkg.year).iter().enumerate() {
                    let stored = stored_index(&class.code);
                    known.push(class.code.clone());
                    class_rows.push(out.len());
                    out.push(ViewRow {
                        role: RowRole::FixedInput,
                        stored,
                        code: class.code.clone(),
                        label: format!("{}、{}", super::chinese_number(n + 1), class.name),
                        gov_name: String::new(),
                        depth: 1,
                        cells: stored
                            .map(|i| input_cells(block, &rows[i]))
                            .unwrap_or_else(|| vec![Amount::EMPTY; ncols]),
                    });
                }
                // Stored class lines the catalog does not list are kept and shown, so nothing
                // typed is lost; the checker flags their codes.
                for (i, r) in rows.iter().enumerate() {
                    let is_line = lines.iter().any(|l| l.key == r.code);
                    if !is_line && !known.contains(&r.code) {
                        known.push(r.code.clone());
                        class_rows.push(out.len());
                        out.push(ViewRow {
                            role: RowRole::FixedInput,
                            stored: Some(i),
                            code: r.code.clone(),
                            label: if r.name.is_empty() {
                                r.code.clone()
                            } else {
                                r.name.clone()
                            },
                            gov_name: String::new(),
                            depth: 1,
                            cells: input_cells(block, r),
                        });
                    }
                }
            }
            LineKind::Input => {
                let stored = stored_index(&line.key);
                known.push(line.key.clone());
                out.push(ViewRow {
                    role: RowRole::FixedInput,
                    stored,
                    code: line.key.clone(),
                    label: line.label.clone(),
                    gov_name: String::new(),
                    depth: 1,
                    cells: stored
                        .map(|i| input_cells(block, &rows[i]))
                        .unwrap_or_else(|| vec![Amount::EMPTY; ncols]),
                });
            }
            LineKind::Sum(of) => {
                known.push(line.key.clone());
                sums.push((out.len(), of.clone()));
                out.push(ViewRow {
                    role: RowRole::FixedSum,
                    stored: stored_index(&line.key),
                    code: line.key.clone(),
                    label: line.label.clone(),
                    gov_name: String::new(),
                    depth: 0,
                    cells: vec![Amount::EMPTY; ncols],
                });
            }
            LineKind::Heading => {
                known.push(line.key.clone());
                out.push(ViewRow {
                    role: RowRole::FixedSum,
                    stored: None,
                    code: line.key.clone(),
                    label: line.label.clone(),
                    gov_name: String::new(),
                    depth: 0,
                    cells: vec![Amount::EMPTY; ncols],
                });
            }
        }
    }
    // Stored lines no line of the layout names (and no class list to absorb them).
    for (i, r) in rows.iter().enumerate() {
        if !known.contains(&r.code) {
            out.push(ViewRow {
                role: RowRole::FixedInput,
                stored: Some(i),
                code: r.code.clone(),
                label: if r.name.is_empty() {
                    r.code.clone()
                } else {
                    r.name.clone()
                },
                gov_name: String::new(),
                depth: 1,
                cells: input_cells(block, r),
            });
        }
    }
    // Sum lines may name lines below them (上年财政拨款结转 sums the three lines after it), and
    // sums of sums; resolve them in passes until nothing changes. Layout tests keep them acyclic.
    let mut done = vec![false; sums.len()];
    for _ in 0..=sums.len() {
        for (si, (idx, of)) in sums.iter().enumerate() {
            if done[si] {
                continue;
            }
            let mut parts: Vec<usize> = Vec::new();
            let mut ready = true;
            for key in of {
                if key == "class:" {
                    parts.extend(class_rows.iter().copied());
                    continue;
                }
                if let Some(p) = out.iter().position(|r| &r.code == key) {
                    if let Some(dep) = sums.iter().position(|(i, _)| *i == p) {
                        ready &= done[dep];
                    }
                    parts.push(p);
                }
            }
            if !ready {
                continue;
            }
            let mut acc = vec![Amount::EMPTY; ncols];
            for p in parts {
                let cells = out[p].cells.clone();
                add_into(&mut acc, &cells);
            }
            out[*idx].cells = acc;
            done[si] = true;
        }
    }
    out
}

fn unit_rows(block: &BlockDef, rows: &[Row]) -> Vec<ViewRow> {
    let ncols = block.columns.len();
    let mut out = vec![ViewRow {
        role: RowRole::Total,
        stored: None,
        code: String::new(),
        label: "部门合计".into(),
        gov_name: String::new(),
        depth: 0,
        cells: vec![Amount::EMPTY; ncols],
    }];
    let mut total = vec![Amount::EMPTY; ncols];
    for (i, r) in rows.iter().enumerate() {
        let cells = input_cells(block, r);
        add_into(&mut total, &cells);
        out.push(ViewRow {
            role: RowRole::Leaf,
            stored: Some(i),
            code: String::new(),
            label: r.name.clone(),
            gov_name: String::new(),
            depth: 1,
            cells,
        });
    }
    out[0].cells = total;
    out
}

fn project_rows(pkg: &Package, block: &BlockDef, rows: &[Row]) -> Vec<ViewRow> {
    let ncols = block.columns.len();
    let mut out = Vec::with_capacity(rows.len() + 2);
    if rows.is_empty() {
        return out;
    }
    out.push(ViewRow {
        role: RowRole::Total,
        stored: None,
        code: String::new(),
        label: pkg.department.name.clone(),
        gov_name: String::new(),
        depth: 0,
        cells: vec![Amount::EMPTY; ncols],
    });
    // Units in the order their first project appears, projects in stored order within a unit.
    let mut units: Vec<&str> = Vec::new();
    let mut by_unit: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, r) in rows.iter().enumerate() {
        let u = r.unit.as_str();
        by_unit
            .entry(u)
            .or_insert_with(|| {
                units.push(u);
                Vec::new()
            })
            .push(i);
    }
    let mut total = vec![Amount::EMPTY; ncols];
    for u in units {
        let unit_index = out.len();
        out.push(ViewRow {
            role: RowRole::UnitGroup,
            stored: None,
            code: String::new(),
            label: u.to_string(),
            gov_name: String::new(),
            depth: 1,
            cells: vec![Amount::EMPTY; ncols],
        });
        let mut acc = vec![Amount::EMPTY; ncols];
        for &i in &by_unit[u] {
            let cells = input_cells(block, &rows[i]);
            add_into(&mut acc, &cells);
            out.push(ViewRow {
                role: RowRole::Leaf,
                stored: Some(i),
                code: String::new(),
                label: rows[i].name.clone(),
                gov_name: String::new(),
                depth: 2,
                cells,
            });
        }
        add_into(&mut total, &acc);
        out[unit_index].cells = acc;
    }
    out[0].cells = total;
    out
}
