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

    /// How many rows the view shows, over all its blocks.
    pub fn row_count(&self) -> usize {
        self.blocks.iter().map(|b| b.rows.len()).sum()
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
    let sums = sum_order(block);
    for row in rows.iter_mut() {
        fill_row(&sums, row);
    }
}

/// The sum columns of a block, each with the columns it adds, every sum after the sums it names.
fn sum_order(block: &BlockDef) -> Vec<(usize, Vec<usize>)> {
    let mut sums: Vec<(usize, Vec<usize>)> = block
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
    // A sum of sums (上海 三公: 合计 includes 公务用车购置及运行费, itself a sum) needs its parts
    // first: order the sums so every sum comes after the sums it names (layouts are validated
    // acyclic; a stray cycle just keeps the remaining order).
    let mut ordered: Vec<(usize, Vec<usize>)> = Vec::with_capacity(sums.len());
    while !sums.is_empty() {
        let ready = sums
            .iter()
            .position(|(_, parts)| !parts.iter().any(|p| sums.iter().any(|(j, _)| j == p)))
            .unwrap_or(0);
        ordered.push(sums.remove(ready));
    }
    ordered
}

fn fill_row(sums: &[(usize, Vec<usize>)], row: &mut ViewRow) {
    for (i, parts) in sums {
        row.cells[*i] = sum_cells(parts.iter().map(|&p| row.cells[p]));
    }
}

/// Updates a code block's view in place after amounts of one stored row changed (no row
/// inserted, removed or recoded): that row, each of its ancestors and the 合计, exactly as
/// [`block_view`] computes them, without sorting and rebuilding tens of thousands of rows.
/// Returns the indexes of the view rows changed, ascending; `None` when the block is not a
/// code block or the row is not in the view (compute the block again then).
pub fn update_code_row(
    block: &BlockDef,
    rows: &[Row],
    view: &mut BlockView,
    stored: usize,
) -> Option<Vec<usize>> {
    if !matches!(block.rows, RowsDef::Codes { .. }) {
        return None;
    }
    let row = rows.get(stored)?;
    let ncols = block.columns.len();
    let inputs: Vec<usize> = block
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, ColumnKind::Input))
        .map(|(i, _)| i)
        .collect();
    let sums = sum_order(block);
    let v = &mut view.rows;
    let vi = v.iter().position(|r| r.stored == Some(stored))?;
    let mut changed = vec![vi];
    if v[vi].role == RowRole::Leaf {
        v[vi].cells = input_cells(block, row);
        fill_row(&sums, &mut v[vi]);
    }
    // Up the tree: a parent is the nearest row above with a smaller depth, and shows the sum of
    // its children's typed columns (in view order, as the tree was summed when built).
    let mut k = vi;
    while v[k].depth > 0 {
        let depth = v[k].depth;
        let p = (0..k).rev().find(|&j| v[j].depth < depth)?;
        let pd = v[p].depth;
        let mut acc = vec![Amount::EMPTY; ncols];
        for child in v[p + 1..]
            .iter()
            .take_while(|r| r.depth > pd)
            .filter(|r| r.depth == pd + 1)
        {
            for &c in &inputs {
                acc[c] = sum_cells([acc[c], child.cells[c]]);
            }
        }
        v[p].cells = acc;
        fill_row(&sums, &mut v[p]);
        changed.push(p);
        k = p;
    }
    changed.reverse();
    Some(changed)
}

struct OpenNode<'r> {
    /// Borrowed from the stored row's code (an ancestor is a prefix of it): no allocation per
    /// node, which matters for a county's tens of thousands of codes.
    code: &'r str,
    out_index: usize,
    stored: Option<usize>,
    children: usize,
    /// The children's sum, allocated when the first child closes.
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
                    None if node.acc.is_empty() => vec![Amount::EMPTY; ncols],
                    None => node.acc,
                }
            };
            match stack.last_mut() {
                Some(parent) => {
                    parent.children += 1;
                    if parent.acc.is_empty() {
                        parent.acc = vec![Amount::EMPTY; ncols];
                    }
                    add_into(&mut parent.acc, &cells);
                }
                None => add_into(total, &cells),
            }
            out[node.out_index].cells = cells;
        }
    };

    // One buffer for every row's ancestors, reused.
    let mut ancestors: Vec<&str> = Vec::with_capacity(levels.len());
    for &i in &order {
        let code = rows[i].code.as_str();
        let digits = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
        ancestors.clear();
        if digits {
            ancestors.extend(
                levels
                    .iter()
                    .filter(|&&l| l < code.len())
                    .map(|&l| &code[..l]),
            );
        }
        // Keep on the stack only the ancestors of this code.
        while let Some(top) = stack.last() {
            let keep = ancestors.contains(&top.code);
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
                cells: Vec::new(),
            });
            stack.push(OpenNode {
                code: anc,
                out_index: out.len() - 1,
                stored: None,
                children: 0,
                acc: Vec::new(),
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
            cells: Vec::new(),
        });
        stack.push(OpenNode {
            code: row.code.as_str(),
            out_index: out.len() - 1,
            stored: Some(i),
            children: 0,
            acc: Vec::new(),
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
            LineKind::Classes | LineKind::UsedClasses => {
                let only_used = line.kind == LineKind::UsedClasses;
                let mut n = 0;
                for class in catalog.classes(pkg.year) {
                    let stored = stored_index(&class.code);
                    if only_used && stored.is_none() {
                        continue;
                    }
                    n += 1;
                    known.push(class.code.clone());
                    class_rows.push(out.len());
                    out.push(ViewRow {
                        role: RowRole::FixedInput,
                        stored,
                        code: class.code.clone(),
                        label: format!("{}、{}", super::chinese_number(n), class.name),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::{TableKind, shanxi_13};
    use std::str::FromStr;

    fn a(s: &str) -> Amount {
        Amount::new(rust_decimal::Decimal::from_str(s).expect("decimal"))
    }

    fn code_row(code: &str, basic: &str, project: &str) -> Row {
        let mut r = Row {
            code: code.into(),
            ..Row::default()
        };
        if !basic.is_empty() {
            r.set_cell("basic", a(basic));
        }
        if !project.is_empty() {
            r.set_cell("project", a(project));
        }
        r
    }

    fn t3_view(rows: Vec<Row>) -> BlockView {
        let mut p = Package::new_empty(2026, "某局");
        p.table_mut("t3").blocks.insert("main".into(), rows);
        let def = shanxi_13()
            .table_of_kind(TableKind::ExpenditureSummary)
            .expect("t3");
        table_view(&p, Catalog::builtin(), def).blocks.remove(0)
    }

    #[test]
    fn code_tree_computes_groups_and_the_total_in_published_order() {
        let v = t3_view(vec![
            code_row("2210201", "7.74", ""),
            code_row("2014004", "2.53", "168.00"),
            code_row("2014001", "19.56", ""),
        ]);
        let codes: Vec<&str> = v.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "", "201", "20140", "2014001", "2014004", "221", "22102", "2210201"
            ]
        );
        let total = &v.rows[0];
        assert_eq!(total.cells, vec![a("197.83"), a("29.83"), a("168.00")]);
        let class = v.find("201").expect("201");
        assert_eq!(class.role, RowRole::Group);
        assert_eq!(class.label, "一般公共服务支出");
        assert_eq!(class.cells, vec![a("190.09"), a("22.09"), a("168.00")]);
        assert_eq!(v.find("2014001").map(|r| r.cells[0]), Some(a("19.56")));
        assert!(v.find("2014001").is_some_and(|r| r.role == RowRole::Leaf));
    }

    #[test]
    fn a_stored_parent_with_children_shows_their_sum_and_keeps_its_index() {
        let v = t3_view(vec![
            code_row("20140", "999.00", ""),
            code_row("2014001", "1.00", ""),
        ]);
        let kuan = v.find("20140").expect("20140");
        assert_eq!(kuan.role, RowRole::Group);
        assert_eq!(kuan.stored, Some(0));
        assert_eq!(kuan.cells[1], a("1.00"));
        // A stored 款 with no children is an ordinary leaf.
        let v = t3_view(vec![code_row("20140", "5.00", "")]);
        assert_eq!(v.find("20140").map(|r| r.role), Some(RowRole::Leaf));
        assert_eq!(v.rows[0].cells[0], a("5.00"));
    }

    #[test]
    fn empty_cells_stay_empty_and_odd_codes_still_count() {
        let v = t3_view(vec![
            code_row("2014001", "", ""),
            code_row("abc", "1.00", ""),
        ]);
        assert!(
            v.find("2014001")
                .is_some_and(|r| r.cells.iter().all(Amount::is_empty))
        );
        assert_eq!(v.rows[0].cells[0], a("1.00"));
        assert!(v.find("abc").is_some_and(|r| r.depth == 1));
    }

    #[test]
    fn fixed_lines_sum_lines_below_them_and_list_every_class() {
        let mut p = Package::new_empty(2026, "某局");
        let t4 = p.table_mut("t4");
        let mut line = |block: &str, code: &str, col: &str, v: &str| {
            let mut r = Row {
                code: code.into(),
                ..Row::default()
            };
            r.set_cell(col, a(v));
            t4.rows_mut(block).push(r);
        };
        line("income", "general", "amount", "262.76");
        line("income", "carryover_general", "amount", "1.00");
        line("expenditure", "201", "general", "240.65");
        line("expenditure", "208", "general", "10.26");
        let def = shanxi_13()
            .table_of_kind(TableKind::FiscalSummary)
            .expect("t4");
        let v = table_view(&p, Catalog::builtin(), def);
        let inc = &v.blocks[0];
        assert_eq!(
            inc.find("year_total").map(|r| r.cells[0]),
            Some(a("262.76"))
        );
        assert_eq!(inc.find("carryover").map(|r| r.cells[0]), Some(a("1.00")));
        assert_eq!(
            inc.find("grand_total").map(|r| r.cells[0]),
            Some(a("263.76"))
        );
        let exp = &v.blocks[1];
        let classes = exp.rows.iter().filter(|r| r.code.len() == 3).count();
        assert_eq!(classes, 30);
        assert_eq!(
            exp.find("201").map(|r| r.label.as_str()),
            Some("一、一般公共服务支出")
        );
        assert_eq!(
            exp.find("234").map(|r| r.label.as_str()),
            Some("三十、抗疫特别国债安排的支出")
        );
        let total = exp.find("year_total").expect("本年支出合计");
        assert_eq!(
            total.cells,
            vec![a("250.91"), a("250.91"), Amount::EMPTY, Amount::EMPTY]
        );
    }

    #[test]
    fn project_tables_group_projects_under_department_and_units() {
        let mut p = Package::new_empty(2026, "某局");
        for (name, unit, v) in [
            ("甲", "一所", "1.00"),
            ("乙", "二所", "2.00"),
            ("丙", "一所", "3.00"),
        ] {
            let mut r = Row {
                name: name.into(),
                unit: unit.into(),
                ..Row::default()
            };
            r.set_cell("general", a(v));
            p.table_mut("t12").rows_mut("main").push(r);
        }
        let def = shanxi_13()
            .table_of_kind(TableKind::ProjectsCurrent)
            .expect("t12");
        let v = table_view(&p, Catalog::builtin(), def);
        let labels: Vec<&str> = v.blocks[0].rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["某局", "一所", "甲", "丙", "二所", "乙"]);
        assert_eq!(v.blocks[0].rows[0].cells[0], a("6.00"));
        assert_eq!(v.blocks[0].rows[1].cells[0], a("4.00"));
        // An empty project table has no rows at all (published as 本表无数据).
        let empty = table_view(&Package::new_empty(2026, "某局"), Catalog::builtin(), def);
        assert!(empty.blocks[0].rows.is_empty());
    }
}
