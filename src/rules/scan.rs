//! One pass over each table's computed view, made right after the view is computed (while it
//! is still in cache), collecting everything the per-row rules need: stated totals that differ
//! (T1), stored sums that differ (T2), negative amounts (S1), codes the catalog lacks or names
//! differently and repeated codes (T4), and a compact copy of each code row for the
//! cross-table comparisons (X2, X3). A county's package has tens of thousands of rows; reading
//! each once instead of once per rule is what keeps the check fast.

use crate::catalog::{Catalog, Entry};
use crate::model::layout::{BlockDef, CodeScheme, ColumnKind, RowsDef, TableDef};
use crate::model::view::{RowRole, TableView, ViewRow};
use crate::model::{Amount, Package};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// A code row reduced to what the cross-table rules compare.
#[derive(Clone, Copy, Debug)]
pub struct CodeRow {
    /// Index of the row in its block's view.
    pub view_row: u32,
    /// The code as an order-preserving number (digits padded to 18, and the length), when it
    /// is all digits; otherwise the code in the view is compared as text.
    pub key: Option<(u64, u8)>,
    pub role: RowRole,
    pub total: Decimal,
    pub general: Decimal,
    pub carryover: Decimal,
}

/// What one pass over a block found.
#[derive(Clone, Debug)]
pub struct BlockScan<'a> {
    pub table: &'static TableDef,
    pub block: &'static BlockDef,
    /// T1: (view row, column, stated amount) of a total row whose stated amount differs.
    pub stated: Vec<(usize, usize, Decimal)>,
    /// T2: (view row, sum column, stored amount) that differs from the computed sum.
    pub stored_sums: Vec<(usize, usize, Decimal)>,
    /// S1: (stored row, column key, amount) below zero.
    pub negatives: Vec<(usize, String, Decimal)>,
    /// T4: stored rows named otherwise than the catalog, with the catalog's entry.
    pub renamed: Vec<(usize, &'a Entry)>,
    /// T4.unknown: stored rows whose code the catalog lacks, and whether it is well formed.
    pub unknown: Vec<(usize, bool)>,
    /// T4.duplicate: stored rows repeating the code before them.
    pub duplicates: Vec<usize>,
    /// Code blocks: every row but the 合计, in view (code) order.
    pub codes: Vec<CodeRow>,
}

/// An order-preserving key of an all-digit code: lexicographic order of digit strings equals
/// the order of (digits padded with zeros to 18 places, length).
pub fn code_key(code: &str) -> Option<(u64, u8)> {
    let b = code.as_bytes();
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut n: u64 = 0;
    for &d in b {
        n = n * 10 + u64::from(d - b'0');
    }
    Some((n * 10u64.pow(18 - b.len() as u32), b.len() as u8))
}

/// Compares two code rows in code order.
pub fn cmp_codes(a: &CodeRow, av: &[ViewRow], b: &CodeRow, bv: &[ViewRow]) -> Ordering {
    match (a.key, b.key) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => {
            let code = |r: &CodeRow, v: &[ViewRow]| -> String {
                v.get(r.view_row as usize)
                    .map(|x| x.code.clone())
                    .unwrap_or_default()
            };
            code(a, av).cmp(&code(b, bv))
        }
    }
}

fn negative(a: &Amount) -> bool {
    a.value()
        .is_some_and(|v| v.is_sign_negative() && !v.is_zero())
}

fn cell(row: &ViewRow, col: Option<usize>) -> Decimal {
    col.and_then(|i| row.cells.get(i))
        .map(|a| a.or_zero())
        .unwrap_or_default()
}

/// Scans every block of one table's view.
pub fn scan_table<'a>(
    pkg: &Package,
    catalog: &'a Catalog,
    def: &'static TableDef,
    view: &TableView,
) -> Vec<BlockScan<'a>> {
    let data = pkg.table(&def.key);
    def.blocks
        .iter()
        .zip(&view.blocks)
        .map(|(block, bv)| {
            let rows = data.map(|d| d.rows(&block.key)).unwrap_or(&[]);
            scan_block(pkg, catalog, def, block, &bv.rows, rows)
        })
        .collect()
}

fn scan_block<'a>(
    pkg: &Package,
    catalog: &'a Catalog,
    table: &'static TableDef,
    block: &'static BlockDef,
    view: &[ViewRow],
    rows: &[crate::model::Row],
) -> BlockScan<'a> {
    let mut s = BlockScan {
        table,
        block,
        stated: Vec::new(),
        stored_sums: Vec::new(),
        negatives: Vec::new(),
        renamed: Vec::new(),
        unknown: Vec::new(),
        duplicates: Vec::new(),
        codes: Vec::new(),
    };
    let cols = Cols::of(block);
    let (total_col, general_col, carry_col) = (
        block.column_index("total"),
        block.column_index("general"),
        block.column_index("carryover"),
    );
    let codes = match &block.rows {
        RowsDef::Codes { scheme, levels } => {
            let y = catalog.year(pkg.year);
            let map = match scheme {
                CodeScheme::Function => &y.function,
                CodeScheme::EconomicDept => &y.economic_dept,
                CodeScheme::Income => &y.income,
            };
            let mut cat: Vec<&'a Entry> = map.values().collect();
            cat.sort_unstable_by(|x, y| x.code.cmp(&y.code));
            Some((cat, levels.as_slice()))
        }
        _ => None,
    };
    if codes.is_some() {
        s.codes.reserve_exact(view.len());
    }
    let fixed = matches!(block.rows, RowsDef::Fixed(_));
    let mut p = 0usize;
    let mut prev: Option<&str> = None;
    for (vi, vr) in view.iter().enumerate() {
        if codes.is_some() && vr.role != RowRole::Total {
            s.codes.push(CodeRow {
                view_row: vi as u32,
                key: code_key(&vr.code),
                role: vr.role,
                total: cell(vr, total_col),
                general: cell(vr, general_col),
                carryover: cell(vr, carry_col),
            });
        }
        let Some(i) = vr.stored else { continue };
        let Some(row) = rows.get(i) else { continue };
        if let Some((cat, levels)) = &codes {
            let code = vr.code.as_str();
            if prev == Some(code) {
                s.duplicates.push(i);
            }
            let entry = if prev.is_some_and(|pc| code < pc) {
                cat.binary_search_by(|e| e.code.as_str().cmp(code))
                    .ok()
                    .map(|k| cat[k])
            } else {
                while p < cat.len() && cat[p].code.as_str() < code {
                    p += 1;
                }
                cat.get(p).filter(|e| e.code == code).copied()
            };
            prev = Some(code);
            let well_formed = crate::model::codes::level_of(code, levels).is_some();
            match entry {
                Some(e) if well_formed => {
                    if !vr.label.is_empty() && vr.label != e.name {
                        s.renamed.push((i, e));
                    }
                }
                _ => s.unknown.push((i, well_formed)),
            }
        }
        scan_amounts(
            &cols,
            vi,
            vr,
            i,
            row,
            fixed,
            &mut s.negatives,
            &mut s.stated,
            &mut s.stored_sums,
        );
    }
    if fixed {
        // Few rows, and a repeated line key is not in the view: read the stored rows.
        for (i, row) in rows.iter().enumerate() {
            for (key, a) in row.cells.iter().filter(|(_, a)| negative(a)) {
                s.negatives.push((i, key.clone(), a.or_zero()));
            }
        }
    }
    s
}

/// The typed and the sum columns of a block: (index, key).
struct Cols<'b> {
    inputs: Vec<(usize, &'b str)>,
    sums: Vec<(usize, &'b str)>,
}

impl<'b> Cols<'b> {
    fn of(block: &'b BlockDef) -> Self {
        let of_kind = |sum: bool| -> Vec<(usize, &'b str)> {
            block
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.kind, ColumnKind::Sum(_)) == sum)
                .map(|(i, c)| (i, c.key.as_str()))
                .collect()
        };
        Cols {
            inputs: of_kind(false),
            sums: of_kind(true),
        }
    }
}

/// The amount part of the scan of one stored row shown as view row `vi`: its negative amounts
/// (S1), stated totals (T1) and stored sums (T2) that differ.
#[allow(clippy::too_many_arguments)]
fn scan_amounts(
    cols: &Cols,
    vi: usize,
    vr: &ViewRow,
    i: usize,
    row: &crate::model::Row,
    fixed: bool,
    negatives: &mut Vec<(usize, String, Decimal)>,
    stated: &mut Vec<(usize, usize, Decimal)>,
    stored_sums: &mut Vec<(usize, usize, Decimal)>,
) {
    let (inputs, sums) = (&cols.inputs, &cols.sums);
    if row.cells.is_empty() {
        return;
    }
    // A typed row's view cells are its stored input cells; when it stores nothing else,
    // the view (contiguous) answers instead of the stored map.
    let typed = matches!(vr.role, RowRole::Leaf | RowRole::FixedInput);
    let filled = inputs
        .iter()
        .filter(|(c, _)| vr.cells.get(*c).is_some_and(|a| !a.is_empty()))
        .count();
    let only_inputs = typed && row.cells.len() == filled;
    if !fixed {
        if only_inputs {
            for &(c, key) in inputs.iter() {
                if let Some(a) = vr.cells.get(c).filter(|a| negative(a)) {
                    negatives.push((i, key.to_string(), a.or_zero()));
                }
            }
        } else {
            for (key, a) in row.cells.iter().filter(|(_, a)| negative(a)) {
                negatives.push((i, key.clone(), a.or_zero()));
            }
        }
    }
    if matches!(vr.role, RowRole::Group | RowRole::FixedSum) {
        for &(c, key) in inputs.iter() {
            if let Some(v) = row.cell(key).value()
                && v != cell(vr, Some(c))
            {
                stated.push((vi, c, v));
            }
        }
    }
    if !only_inputs {
        for &(c, key) in sums.iter() {
            if let Some(v) = row.cell(key).value()
                && v != cell(vr, Some(c))
            {
                stored_sums.push((vi, c, v));
            }
        }
    }
}

/// Updates the scan of a code block after [`crate::model::view::update_code_row`] changed
/// these view rows (ascending) for an amount edit: their code rows (X2, X3), negative amounts,
/// stated totals and stored sums. Codes, names and repeats did not change.
pub fn update_code_rows(
    scan: &mut BlockScan,
    view: &[ViewRow],
    rows: &[crate::model::Row],
    changed: &[usize],
) {
    let block = scan.block;
    let cols = Cols::of(block);
    let (total_col, general_col, carry_col) = (
        block.column_index("total"),
        block.column_index("general"),
        block.column_index("carryover"),
    );
    let (mut negatives, mut stated, mut stored_sums) = (Vec::new(), Vec::new(), Vec::new());
    let mut stored: Vec<usize> = Vec::new();
    for &vi in changed {
        let Some(vr) = view.get(vi) else { continue };
        if vr.role != RowRole::Total
            && let Ok(k) = scan
                .codes
                .binary_search_by_key(&(vi as u32), |c| c.view_row)
        {
            let c = &mut scan.codes[k];
            c.total = cell(vr, total_col);
            c.general = cell(vr, general_col);
            c.carryover = cell(vr, carry_col);
        }
        let Some(i) = vr.stored else { continue };
        let Some(row) = rows.get(i) else { continue };
        stored.push(i);
        scan_amounts(
            &cols,
            vi,
            vr,
            i,
            row,
            false,
            &mut negatives,
            &mut stated,
            &mut stored_sums,
        );
    }
    splice(&mut scan.stated, |e| e.0, changed, stated);
    splice(&mut scan.stored_sums, |e| e.0, changed, stored_sums);
    if !scan.negatives.is_empty() || !negatives.is_empty() {
        // Negatives name the stored row: order them by its place in the view.
        let mut view_of = vec![usize::MAX; rows.len()];
        for (vi, r) in view.iter().enumerate() {
            if let Some(i) = r.stored.filter(|&i| i < rows.len()) {
                view_of[i] = vi;
            }
        }
        let at = |e: &(usize, String, Decimal)| view_of.get(e.0).copied().unwrap_or(usize::MAX);
        let mut keys: Vec<usize> = stored.iter().map(|&i| view_of[i]).collect();
        keys.sort_unstable();
        splice(&mut scan.negatives, at, &keys, negatives);
    }
}

/// Replaces the entries of `list` whose key is in `changed` (ascending) by `new` (in key
/// order), keeping the list in key order.
fn splice<T>(list: &mut Vec<T>, key: impl Fn(&T) -> usize, changed: &[usize], new: Vec<T>) {
    if new.is_empty() && !list.iter().any(|e| changed.binary_search(&key(e)).is_ok()) {
        return;
    }
    let old = std::mem::take(list);
    let mut new = new.into_iter().peekable();
    for e in old {
        let k = key(&e);
        if changed.binary_search(&k).is_ok() {
            continue;
        }
        while new.peek().is_some_and(|n| key(n) < k) {
            list.extend(new.next());
        }
        list.push(e);
    }
    list.extend(new);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_keys_keep_the_order_of_the_codes() {
        let mut codes = vec![
            "21", "201", "2010", "20100", "2010001", "20101", "2", "229", "2140",
        ];
        let mut by_key = codes.clone();
        codes.sort();
        by_key.sort_by_key(|c| code_key(c).unwrap());
        assert_eq!(codes, by_key);
        assert_eq!(code_key("20a"), None);
        assert_eq!(code_key(""), None);
        assert_eq!(code_key(&"9".repeat(19)), None);
        assert!(code_key(&"9".repeat(18)).is_some());
    }
}
