//! Copy, cut and paste of a range of the grid as tab-separated text (what Excel, WPS and
//! LibreOffice put on the clipboard): a pasted block becomes edits, new rows past the end.

use super::geometry::Geometry;
use super::{Cell, GridInput, GridOutput, GridPanel, Selection, cell_label};
use crate::io::tsv;
use crate::model::cell_edit::{CellKind, cell_edit, cell_text, pasted_row};
use crate::model::edit::Edit;

impl GridPanel {
    /// Edits that empty every editable amount of the selection.
    pub(super) fn clear_edits(&self, input: &GridInput, geo: &Geometry) -> Vec<Edit> {
        let (r0, r1, c0, c1) = self.selection.bounds();
        let b = self.selection.cursor.block;
        let mut edits = Vec::new();
        let Some(bview) = input.view.blocks.get(b) else {
            return edits;
        };
        for r in r0..=r1 {
            let Some(row) = bview.rows.get(r) else {
                continue;
            };
            for c in c0..=c1 {
                let col = &geo.block_cols[b][c];
                if matches!(col.kind, CellKind::Data(_))
                    && let Ok(Some(e)) =
                        cell_edit(input.pkg, input.catalog, input.def, b, row, col.kind, "")
                {
                    edits.push(e);
                }
            }
        }
        edits
    }

    /// Puts the selection on the clipboard as tab-separated text; returns a status line.
    pub(super) fn copy(&self, input: &GridInput, geo: &Geometry, out: &mut GridOutput) -> String {
        let (r0, r1, c0, c1) = self.selection.bounds();
        out.copy = Some(self.selection_tsv(input, geo));
        format!("已复制 {} 行 × {} 列", r1 - r0 + 1, c1 - c0 + 1)
    }

    /// The selection as tab-separated text (what Ctrl+C puts on the clipboard).
    pub(super) fn selection_tsv(&self, input: &GridInput, geo: &Geometry) -> String {
        let (r0, r1, c0, c1) = self.selection.bounds();
        let b = self.selection.cursor.block;
        let mut rows = Vec::new();
        if let Some(bview) = input.view.blocks.get(b) {
            for r in r0..=r1 {
                let Some(row) = bview.rows.get(r) else {
                    continue;
                };
                let cols = &geo.block_cols[b];
                rows.push(
                    (c0..=c1)
                        .filter_map(|c| cols.get(c))
                        .map(|col| cell_text(row, col.kind))
                        .collect(),
                );
            }
        }
        tsv::to_tsv(&rows)
    }

    pub(super) fn paste(
        &mut self,
        text: &str,
        input: &GridInput,
        geo: &Geometry,
        out: &mut GridOutput,
    ) {
        let block_rows = tsv::parse_tsv(text);
        if block_rows.is_empty() {
            return;
        }
        let start = {
            let (r0, _, c0, _) = self.selection.bounds();
            Cell {
                block: self.selection.cursor.block,
                row: r0,
                col: c0,
            }
        };
        let b = start.block;
        let Some(bview) = input.view.blocks.get(b) else {
            return;
        };
        let cols = &geo.block_cols[b];
        let pasted_kinds: Vec<CellKind> = cols
            .get(start.col..)
            .unwrap_or(&[])
            .iter()
            .map(|c| c.kind)
            .collect();
        let mut edits = Vec::new();
        let mut refused: Vec<String> = Vec::new();
        let mut last = start;
        let block = &input.def.blocks[b];
        let mut appended = 0;
        for (dr, line) in block_rows.iter().enumerate() {
            let r = start.row + dr;
            let Some(row) = bview.rows.get(r) else {
                // Past the last row: lines become new rows where the block takes rows (a table
                // pasted whole from Excel into an empty table), so nothing pasted is dropped.
                match pasted_row(input.pkg, input.catalog, block, &pasted_kinds, line) {
                    Ok(Some(new_row)) => {
                        let stored = input
                            .pkg
                            .table(&input.def.key)
                            .map(|d| d.rows(&block.key).len())
                            .unwrap_or(0);
                        edits.push(Edit::InsertRow {
                            table: input.def.key.clone(),
                            block: block.key.clone(),
                            index: stored + appended,
                            row: new_row,
                        });
                        appended += 1;
                    }
                    Ok(None) => {}
                    Err(reason) => refused.push(format!("第 {} 行：{reason}", dr + 1)),
                }
                continue;
            };
            for (dc, value) in line.iter().enumerate() {
                let c = start.col + dc;
                let Some(col) = cols.get(c) else { continue };
                match cell_edit(input.pkg, input.catalog, input.def, b, row, col.kind, value) {
                    Ok(Some(e)) => {
                        edits.push(e);
                        last = Cell {
                            block: b,
                            row: r,
                            col: c,
                        };
                    }
                    Ok(None) => {
                        last = Cell {
                            block: b,
                            row: r,
                            col: c,
                        };
                    }
                    Err(reason) => {
                        // A pasted label over a computed cell is the usual case of copying a
                        // whole table: skip it quietly when the text is what is already shown.
                        if cell_text(row, col.kind) != *value {
                            refused.push(format!("{}：{reason}", cell_label(row, col)));
                        }
                    }
                }
            }
        }
        let n = edits.len() - appended;
        if !edits.is_empty() {
            let label = if appended > 0 {
                format!("粘贴 {n} 个单元格、新增 {appended} 行")
            } else {
                format!("粘贴 {n} 个单元格")
            };
            out.edits.push((label, Edit::Batch(edits)));
        }
        self.selection = Selection {
            anchor: start,
            cursor: last,
        };
        let mut status = format!("已粘贴 {n} 个单元格");
        if appended > 0 {
            status.push_str(&format!("，新增 {appended} 行"));
        }
        if !refused.is_empty() {
            status.push_str(&format!(
                "；{} 个未写入：{}",
                refused.len(),
                refused.join("；")
            ));
            self.message = Some(status.clone());
        } else {
            self.message = None;
        }
        out.status = Some(status);
    }
}
