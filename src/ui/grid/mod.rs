//! The table grid: one table drawn in its published layout (multi-level headers, blocks side by
//! side), computed rows shaded and read-only, only the visible rows painted, with spreadsheet
//! keys, range selection, copy and paste, an in-cell editor with amount validation and code
//! completion. The grid never changes the package: it returns edits for the app to apply.
//! This file holds its state and the editing of one cell; `geometry` places cells, `keys`
//! reads the keyboard, `paint` draws, `clipboard` copies and pastes.

mod clipboard;
mod geometry;
mod keys;
mod paint;

pub use crate::ui::style::{HEADER_ROW_HEIGHT, ROW_HEIGHT};
pub use geometry::{
    GridCol, RowRef, block_columns, block_columns_sized, data_widths, find_cell, name_widths,
};

use crate::catalog::Catalog;
use crate::model::cell_edit::{CellKind, Editable, cell_edit, edit_text, editable};
use crate::model::edit::Edit;
use crate::model::layout::{RowsDef, TableDef};
use crate::model::view::{RowRole, TableView, ViewRow};
use crate::model::{Package, Row};
use crate::rules::Severity;
use egui::Rect;
use geometry::Geometry;
use std::collections::HashMap;

const COMPLETIONS: usize = 8;

/// A cell of the grid: block index, view row index, drawn column index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    pub block: usize,
    pub row: usize,
    pub col: usize,
}

/// A rectangular selection inside one block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: Cell,
    pub cursor: Cell,
}

impl Selection {
    pub fn single(cell: Cell) -> Self {
        Selection {
            anchor: cell,
            cursor: cell,
        }
    }

    /// (first row, last row, first column, last column), inclusive.
    pub fn bounds(&self) -> (usize, usize, usize, usize) {
        let (a, c) = (self.anchor, self.cursor);
        (
            a.row.min(c.row),
            a.row.max(c.row),
            a.col.min(c.col),
            a.col.max(c.col),
        )
    }

    pub fn contains(&self, cell: Cell) -> bool {
        let (r0, r1, c0, c1) = self.bounds();
        cell.block == self.cursor.block
            && (r0..=r1).contains(&cell.row)
            && (c0..=c1).contains(&cell.col)
    }
}

/// The findings on one cell: worst severity and every message.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub severity: Severity,
    pub messages: Vec<String>,
}

/// The in-cell editor.
#[derive(Clone, Debug)]
pub struct CellEditor {
    pub cell: Cell,
    pub text: String,
    /// Why the text was refused, shown in red under the cell.
    pub error: Option<String>,
    /// The completion highlighted with the arrow keys.
    pub completion: Option<usize>,
    focus_requested: bool,
}

/// Everything the grid reads in a frame.
pub struct GridInput<'a> {
    pub pkg: &'a Package,
    pub catalog: &'a Catalog,
    pub def: &'a TableDef,
    pub view: &'a TableView,
    pub marks: &'a HashMap<Cell, Mark>,
    /// Cells with reviewers' comments, with the comments' texts (a marker and hover text).
    pub comments: &'a HashMap<Cell, Vec<String>>,
    /// Cells of a 自动 table computed from other tables, with what they follow from: drawn
    /// shaded like computed cells, yet editable (a typed value is kept as stated).
    pub derived: &'a HashMap<Cell, String>,
    /// Whether the grid may take keyboard input (no dialog open).
    pub keys_enabled: bool,
    /// Width of each block's name column, fitted to its longest name ([`name_widths`]).
    pub name_widths: &'a [f32],
    /// The widest amount of each column of each block ([`data_widths`]); empty when not measured.
    pub data_widths: &'a [Vec<f32>],
}

/// What the grid asks the app to do.
#[derive(Default)]
pub struct GridOutput {
    /// Edits with their undo labels, each one step.
    pub edits: Vec<(String, Edit)>,
    pub status: Option<String>,
    /// Text to put on the system clipboard (Ctrl+C, Ctrl+X).
    pub copy: Option<String>,
}

/// The grid panel's state.
pub struct GridPanel {
    /// The table this state belongs to; switching tables resets it.
    pub table: String,
    pub selection: Selection,
    pub editor: Option<CellEditor>,
    /// A cell to bring into view on the next frame.
    pub scroll_to: Option<Cell>,
    /// The last refusal (bad amount, paste problems), shown above the grid until the next edit.
    pub message: Option<String>,
    /// Where the cursor cell was drawn (screen), for the input method's window.
    last_cursor_rect: Option<Rect>,
    /// Take the keyboard on the next frame (after going to a cell from elsewhere).
    want_focus: bool,
    /// A refusal to repeat in full on the status line, taken once by the app.
    announce: Option<String>,
    /// The width the grid was last shown in: the name columns narrow to fit it.
    avail_width: Option<f32>,
    /// A stored row whose code was just typed (block, stored index, column to land on): the
    /// view sorts it into place, and the cursor goes with it on the next frame.
    follow: Option<(usize, usize, usize)>,
}

impl Default for GridPanel {
    fn default() -> Self {
        GridPanel {
            table: String::new(),
            selection: Selection::single(Cell {
                block: 0,
                row: 0,
                col: 0,
            }),
            editor: None,
            scroll_to: None,
            message: None,
            last_cursor_rect: None,
            want_focus: true,
            announce: None,
            follow: None,
            avail_width: None,
        }
    }
}

impl GridPanel {
    /// Resets the state for another table.
    /// Gives the grid the keyboard on the next frame.
    pub fn take_focus(&mut self) {
        self.want_focus = true;
    }

    pub fn switch_to(&mut self, table: &str) {
        if self.table != table {
            *self = GridPanel {
                table: table.to_string(),
                ..GridPanel::default()
            };
        }
    }

    /// Selects one cell and scrolls it into view.
    pub fn select(&mut self, cell: Cell) {
        self.editor = None;
        self.want_focus = true;
        self.selection = Selection::single(cell);
        self.scroll_to = Some(cell);
    }

    /// The refusal made since the last call, for the status line.
    pub fn take_announcement(&mut self) -> Option<String> {
        self.announce.take()
    }

    pub fn is_editing(&self) -> bool {
        self.editor.is_some()
    }

    /// Writes an open editor's text as Enter would, without moving, so that leaving the table
    /// never drops what was typed. A refused text keeps the editor open with its reason.
    pub fn commit_open(&mut self, input: &GridInput) -> GridOutput {
        let mut out = GridOutput::default();
        if self.editor.is_some() {
            let geo = self.geometry(input);
            self.commit(input, &geo, 0, 0, &mut out);
        }
        out
    }

    /// The refusal shown in the open editor, if any.
    pub fn edit_error(&self) -> Option<&str> {
        self.editor.as_ref().and_then(|e| e.error.as_deref())
    }

    fn grid_id(&self) -> egui::Id {
        egui::Id::unique(("budget-grid", self.table.as_str()))
    }

    /// Code completions for the open editor.
    fn completions(&self, input: &GridInput, geo: &Geometry) -> Vec<(String, String)> {
        let Some(ed) = &self.editor else {
            return Vec::new();
        };
        let block = input.def.blocks.get(ed.cell.block);
        let col = geo
            .block_cols
            .get(ed.cell.block)
            .and_then(|c| c.get(ed.cell.col));
        match (block, col) {
            (Some(b), Some(c)) if c.kind == CellKind::Code => match &b.rows {
                RowsDef::Codes { scheme, .. } if !ed.text.trim().is_empty() => input
                    .catalog
                    .complete(*scheme, input.pkg.year, &ed.text, COMPLETIONS)
                    .into_iter()
                    .map(|e| (e.code.clone(), e.name.clone()))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn geometry(&self, input: &GridInput) -> Geometry {
        Geometry::new(
            input.def,
            input.view,
            input.pkg.year,
            (input.name_widths, input.data_widths),
            self.avail_width,
        )
    }

    /// The geometry of this frame, shown in `ui`'s width (less the vertical scroll bar).
    fn prepare(&mut self, ui: &egui::Ui, input: &GridInput) -> Geometry {
        self.switch_to(&input.def.key);
        let bar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin;
        self.avail_width = Some((ui.available_width() - bar).max(0.0));
        let geo = self.geometry(input);
        if let Some((block, stored, col)) = self.follow.take()
            && let Some(row) = input
                .view
                .blocks
                .get(block)
                .and_then(|b| b.rows.iter().position(|r| r.stored == Some(stored)))
        {
            let cell = Cell { block, row, col };
            self.selection = Selection::single(cell);
            self.scroll_to = Some(cell);
        }
        self.selection.anchor = self.clamp(self.selection.anchor, &geo, input.view);
        self.selection.cursor = self.clamp(self.selection.cursor, &geo, input.view);
        if self.selection.anchor.block != self.selection.cursor.block {
            self.selection.anchor = self.selection.cursor;
        }
        geo
    }

    /// Handles the keyboard (before anything is drawn, so the edits it returns are applied and
    /// every total recomputed in the same frame).
    pub fn handle_input(&mut self, ui: &mut egui::Ui, input: &GridInput) -> GridOutput {
        let mut out = GridOutput::default();
        let geo = self.prepare(ui, input);
        let grid_id = self.grid_id();
        let completions = self.completions(input, &geo);
        let has_focus = ui.memory(|m| m.has_focus(grid_id));
        let nothing_focused = ui.memory(|m| m.focused().is_none());
        let editing = self.editor.is_some();
        let keys = if input.keys_enabled && (editing || has_focus || nothing_focused) {
            self.take_keys(ui, editing, !completions.is_empty())
        } else {
            Vec::new()
        };
        if input.keys_enabled && !editing && (nothing_focused || self.want_focus) {
            ui.memory_mut(|m| m.request_focus(grid_id));
            self.want_focus = false;
        }
        let visible_rows = ((ui.available_height() - geo.header_h) / ROW_HEIGHT).max(1.0) as isize;
        for k in keys {
            self.handle_key(k, input, &geo, &completions, visible_rows, &mut out);
        }
        if self.editor.is_none() && (editing || has_focus) {
            ui.memory_mut(|m| m.request_focus(grid_id));
        }
        out
    }

    fn start_edit(&mut self, input: &GridInput, geo: &Geometry, text: Option<String>) {
        let cell = self.selection.cursor;
        let Some(block) = input.def.blocks.get(cell.block) else {
            return;
        };
        let Some(row) = input
            .view
            .blocks
            .get(cell.block)
            .and_then(|b| b.rows.get(cell.row))
        else {
            return;
        };
        let col = &geo.block_cols[cell.block][cell.col];
        if editable(block, row, col.kind) == Editable::No {
            let message = format!(
                "“{}”是计算得出的单元格，不能直接输入：请修改它所汇总的行或列",
                cell_label(row, col)
            );
            // The toolbar line may cut it; the status line shows it in full.
            self.announce = Some(message.clone());
            self.message = Some(message);
            return;
        }
        self.message = None;
        self.selection = Selection::single(cell);
        self.editor = Some(CellEditor {
            cell,
            text: text.unwrap_or_else(|| edit_text(row, col.kind)),
            error: None,
            completion: None,
            focus_requested: false,
        });
    }

    /// Writes the editor's text; on success closes the editor and moves by (dr, dc).
    fn commit(
        &mut self,
        input: &GridInput,
        geo: &Geometry,
        dr: isize,
        dc: isize,
        out: &mut GridOutput,
    ) {
        let Some(ed) = &mut self.editor else { return };
        let cell = ed.cell;
        let Some(row) = input
            .view
            .blocks
            .get(cell.block)
            .and_then(|b| b.rows.get(cell.row))
        else {
            self.editor = None;
            return;
        };
        let col = &geo.block_cols[cell.block][cell.col];
        match cell_edit(
            input.pkg,
            input.catalog,
            input.def,
            cell.block,
            row,
            col.kind,
            &ed.text,
        ) {
            Ok(edit) => {
                let recoded = edit.is_some() && col.kind == CellKind::Code;
                if let Some(e) = edit {
                    out.edits
                        .push((format!("输入 {}", cell_label(row, col)), e));
                }
                self.editor = None;
                self.message = None;
                let to = self.moved(cell, dr, dc, geo, input.view);
                self.selection = Selection::single(to);
                self.scroll_to = Some(to);
                // Only after Enter or Tab: a click elsewhere puts the cursor where it was.
                if recoded
                    && (dr != 0 || dc != 0)
                    && let Some(stored) = row.stored
                {
                    // The new code sorts the row elsewhere: the cursor follows it, to the
                    // cell Tab asked for, or (Enter) to its first amount, typed next.
                    let first_amount = geo.block_cols[cell.block]
                        .iter()
                        .position(|c| matches!(c.kind, CellKind::Data(_)))
                        .unwrap_or(cell.col);
                    let land = if dc != 0 { to.col } else { first_amount };
                    self.follow = Some((cell.block, stored, land));
                }
            }
            Err(reason) => {
                ed.error = Some(reason.clone());
                self.message = Some(format!("未写入：{reason}"));
                out.status = Some(format!("未写入：{reason}"));
            }
        }
    }

    /// The edit that adds a row to the selected block (codes, units, projects).
    pub fn insert_row_edit(&self, input: &GridInput) -> Option<Edit> {
        let b = self.selection.cursor.block;
        let block = input.def.blocks.get(b)?;
        let data = input.pkg.table(&input.def.key);
        let n = data.map(|d| d.rows(&block.key).len()).unwrap_or(0);
        let current = input
            .view
            .blocks
            .get(b)
            .and_then(|v| v.rows.get(self.selection.cursor.row));
        let row = match &block.rows {
            RowsDef::Codes { .. } => Row::default(),
            RowsDef::Units => Row {
                name: "新单位".into(),
                ..Row::default()
            },
            RowsDef::Projects => {
                let unit = current
                    .and_then(|r| r.stored)
                    .and_then(|i| data.and_then(|d| d.rows(&block.key).get(i)))
                    .map(|r| r.unit.clone())
                    .unwrap_or_else(|| input.pkg.department.name.clone());
                Row {
                    name: "新项目".into(),
                    unit,
                    ..Row::default()
                }
            }
            RowsDef::Fixed(_) => return None,
        };
        // Below the selected stored row, as in a spreadsheet; at the end from a computed row.
        let index = current.and_then(|r| r.stored).map_or(n, |i| (i + 1).min(n));
        Some(Edit::InsertRow {
            table: input.def.key.clone(),
            block: block.key.clone(),
            index,
            row,
        })
    }

    /// The edit that deletes the selected stored row.
    pub fn delete_row_edit(&self, input: &GridInput) -> Option<Edit> {
        let b = self.selection.cursor.block;
        let block = input.def.blocks.get(b)?;
        if matches!(block.rows, RowsDef::Fixed(_)) {
            return None;
        }
        let row = input
            .view
            .blocks
            .get(b)?
            .rows
            .get(self.selection.cursor.row)?;
        let index = row.stored?;
        Some(Edit::RemoveRow {
            table: input.def.key.clone(),
            block: block.key.clone(),
            index,
        })
    }
}

/// A short name of a cell for messages and undo labels ("2014001 基本支出").
fn cell_label(row: &ViewRow, col: &GridCol) -> String {
    let who = if row.code.is_empty()
        || row.role == RowRole::FixedInput
        || row.role == RowRole::FixedSum
    {
        row.label.clone()
    } else {
        row.code.clone()
    };
    let what = col.header.last().cloned().unwrap_or_default();
    format!("{who} {what}")
}
