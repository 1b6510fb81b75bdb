//! 自动 tables in the window: the checkbox above a summary table's grid, the cells it computes
//! (shaded, with what they follow from), and what the checker must re-read when the computed
//! cells may have moved. The values themselves come from [`crate::model::derive::resolve`].

use super::commands::AppCommand;
use super::grid::{Cell, block_columns};
use crate::model::cell_edit::CellKind;
use crate::model::derive::{Resolved, SUMMARY_KINDS};
use crate::model::edit::{BlockTouch, Edit, Touched};
use crate::model::layout::Layout;
use crate::model::view::{RowRole, TableView};
use crate::model::{Package, TableDef};
use std::collections::HashMap;

/// Whether a table can be set to 自动: it is a summary table, whose cells follow from others.
pub fn can_be_auto(def: &TableDef) -> bool {
    SUMMARY_KINDS.contains(&def.kind)
}

/// Whether the table with this key is set to 自动.
pub fn is_auto(pkg: &Package, table: &str) -> bool {
    pkg.tables.get(table).is_some_and(|t| t.auto)
}

/// The edit that switches the table to 自动 or back, with its undo label; `None` when the
/// table is not a summary table.
pub fn toggle(pkg: &Package, table: &str) -> Option<(String, Edit)> {
    let def = pkg.layout().table(table)?;
    if !can_be_auto(def) {
        return None;
    }
    let auto = !is_auto(pkg, table);
    let label = if auto { "设为自动" } else { "取消自动" };
    Some((
        format!("{}{label}", def.label()),
        Edit::SetTableAuto {
            table: table.to_string(),
            auto,
            drop: false,
        },
    ))
}

/// The checkbox above a summary table's grid: it queues the same command as the menu item.
pub fn checkbox_ui(ui: &mut egui::Ui, pkg: &Package, def: &TableDef, queue: &mut Vec<AppCommand>) {
    if !can_be_auto(def) {
        return;
    }
    let mut on = is_auto(pkg, &def.key);
    if ui
        .checkbox(&mut on, AppCommand::ToggleAuto.label())
        .on_hover_text(AppCommand::ToggleAuto.tooltip())
        .changed()
    {
        queue.push(AppCommand::ToggleAuto);
    }
}

/// What the checker must re-read besides what the edits touched: every block of every 自动
/// table, before and after, since any amount of another table may move their computed cells.
pub fn widen(
    mut touched: Touched,
    layout: &Layout,
    before: Option<&Resolved>,
    after: Option<&Resolved>,
) -> Touched {
    for r in [before, after].into_iter().flatten() {
        for (key, data) in &r.package.tables {
            if !data.auto {
                continue;
            }
            let Some(def) = layout.table(key) else {
                continue;
            };
            for b in &def.blocks {
                touched.merge(Touched {
                    blocks: vec![BlockTouch {
                        table: key.clone(),
                        block: b.key.clone(),
                        cells: None,
                    }],
                    ..Touched::default()
                });
            }
        }
    }
    touched
}

/// The drawn cells of `def` that are computed, with the text of their tooltip.
pub fn derived_cells(
    resolved: Option<&Resolved>,
    def: &TableDef,
    view: &TableView,
    year: i32,
) -> HashMap<Cell, String> {
    let mut cells = HashMap::new();
    let Some(r) = resolved else { return cells };
    if !r
        .derived
        .iter()
        .any(|d| d.cell().is_some_and(|c| c.0 == def.key))
    {
        return cells;
    }
    for (b, (block, bview)) in def.blocks.iter().zip(&view.blocks).enumerate() {
        let cols = block_columns(block, year);
        for (row, vr) in bview.rows.iter().enumerate() {
            if vr.role != RowRole::FixedInput {
                continue;
            }
            for (col, gc) in cols.iter().enumerate() {
                let CellKind::Data(i) = gc.kind else { continue };
                let column = &block.columns[i].key;
                if let Some(d) = r.at(&def.key, &block.key, &vr.code, column) {
                    cells.insert(Cell { block: b, row, col }, d.describe());
                }
            }
        }
    }
    cells
}
