//! The table grid: one table drawn in its published layout (multi-level headers, blocks side by
//! side), computed rows shaded and read-only, only the visible rows painted, with spreadsheet
//! keys, range selection, copy and paste, an in-cell editor with amount validation and code
//! completion. The grid never changes the package: it returns edits for the app to apply.

use super::clipboard;
use crate::catalog::Catalog;
use crate::model::edit::{Edit, RowField};
use crate::model::layout::{BlockDef, CodeScheme, ColumnKind, LabelColumn, RowsDef, TableDef};
use crate::model::money::format_2dp;
use crate::model::view::{RowRole, TableView, ViewRow};
use crate::model::{Amount, Package, Row};
use crate::rules::Severity;
use egui::{
    Align, Align2, Color32, CornerRadius, Event, FontId, Key, Pos2, Rect, Sense, Stroke, Vec2,
};
use std::collections::HashMap;

pub const ROW_HEIGHT: f32 = 22.0;
pub const HEADER_ROW_HEIGHT: f32 = 24.0;
const BLOCK_GAP: f32 = 12.0;
const COMPLETIONS: usize = 8;

/// What a grid column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColKind {
    Code,
    Name,
    GovName,
    /// The block's data column with this index.
    Data(usize),
}

/// One drawn column of a block.
#[derive(Clone, Debug)]
pub struct GridCol {
    pub kind: ColKind,
    pub header: Vec<String>,
    pub width: f32,
}

/// The drawn columns of a block: its label columns, then its data columns.
pub fn block_columns(block: &BlockDef, year: i32) -> Vec<GridCol> {
    block_columns_sized(block, year, None)
}

/// The drawn columns, with the name column as wide as the given width (the longest name).
pub fn block_columns_sized(block: &BlockDef, year: i32, name_width: Option<f32>) -> Vec<GridCol> {
    let y = year.to_string();
    let fix = |h: &[String]| {
        h.iter()
            .map(|s| s.replace("{year}", &y))
            .collect::<Vec<_>>()
    };
    let wide_names = !matches!(block.rows, RowsDef::Codes { .. });
    let mut cols: Vec<GridCol> = block
        .labels
        .iter()
        .map(|l| match l {
            LabelColumn::Code { header } => GridCol {
                kind: ColKind::Code,
                header: fix(header),
                width: 96.0,
            },
            LabelColumn::Name { header } => GridCol {
                kind: ColKind::Name,
                header: fix(header),
                width: name_width.unwrap_or(if wide_names { 250.0 } else { 240.0 }),
            },
            LabelColumn::GovName { header } => GridCol {
                kind: ColKind::GovName,
                header: fix(header),
                width: 190.0,
            },
        })
        .collect();
    cols.extend(block.columns.iter().enumerate().map(|(i, c)| {
        let header = fix(&c.header);
        // Wide enough for the bottom header line ("国有资本经营预算") and for 12-digit amounts.
        let leaf = header.last().map(|h| text_width(h)).unwrap_or(0.0);
        GridCol {
            kind: ColKind::Data(i),
            header,
            width: (leaf + 18.0).clamp(104.0, 150.0),
        }
    }));
    cols
}

/// An estimate of the drawn width of a text at the grid's 14 px font, without a font lookup
/// (used per frame for column widths).
fn text_width(s: &str) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 8.0 } else { 14.5 })
        .sum()
}

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

/// What a cell accepts when typed into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editable {
    No,
    Amount,
    Code,
    Name,
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
    /// Whether the grid may take keyboard input (no dialog open).
    pub keys_enabled: bool,
    /// Width of each block's name column, fitted to its longest name ([`name_widths`]).
    pub name_widths: &'a [f32],
}

/// Name column widths that fit the longest name of each block (indent included), so names
/// such as 机关事业单位基本养老保险缴费支出 are not cut. Computed once per revision by the app.
pub fn name_widths(view: &TableView) -> Vec<f32> {
    view.blocks
        .iter()
        .map(|b| {
            let longest = b
                .rows
                .iter()
                .map(|r| text_width(&r.label) + 12.0 * r.depth.saturating_sub(1) as f32 + 16.0)
                .fold(0.0_f32, f32::max);
            longest.clamp(200.0, 460.0)
        })
        .collect()
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
        }
    }
}

enum KeyCmd {
    Move { dr: isize, dc: isize, extend: bool },
    Home { extend: bool },
    End { extend: bool },
    PageMove { down: bool, extend: bool },
    Commit { dr: isize, dc: isize },
    Cancel,
    StartEdit,
    Clear,
    Text(String),
    Copy,
    Cut,
    Paste(String),
    CompletionMove(isize),
}

fn editable(block: &BlockDef, row: &ViewRow, col: &GridCol) -> Editable {
    match col.kind {
        ColKind::Data(i) => {
            let input = matches!(
                block.columns.get(i).map(|c| &c.kind),
                Some(ColumnKind::Input)
            );
            let row_ok = match row.role {
                RowRole::Leaf => row.stored.is_some(),
                RowRole::FixedInput => true,
                _ => false,
            };
            if input && row_ok {
                Editable::Amount
            } else {
                Editable::No
            }
        }
        ColKind::Code => match (&block.rows, row.stored) {
            (RowsDef::Codes { .. }, Some(_)) => Editable::Code,
            _ => Editable::No,
        },
        ColKind::Name => match (&block.rows, row.stored, row.role) {
            (RowsDef::Fixed(_), _, _) => Editable::No,
            (_, Some(_), RowRole::Leaf) => Editable::Name,
            _ => Editable::No,
        },
        ColKind::GovName => Editable::No,
    }
}

/// The text a cell shows.
pub fn cell_text(row: &ViewRow, col: &GridCol) -> String {
    match col.kind {
        ColKind::Code => row.code.clone(),
        ColKind::Name => row.label.clone(),
        ColKind::GovName => row.gov_name.clone(),
        ColKind::Data(i) => row
            .cells
            .get(i)
            .and_then(|a| a.value())
            .map(format_2dp)
            .unwrap_or_default(),
    }
}

/// The text the editor starts with (an amount as stored, not rounded for display).
fn edit_text(row: &ViewRow, col: &GridCol) -> String {
    match col.kind {
        ColKind::Data(i) => row.cells.get(i).map(|a| a.to_string()).unwrap_or_default(),
        _ => cell_text(row, col),
    }
}

/// Builds the edit that writes `text` into a cell, or the reason it is refused. `Ok(None)`
/// means nothing changes.
pub fn cell_edit(
    pkg: &Package,
    catalog: &Catalog,
    def: &TableDef,
    block_index: usize,
    row: &ViewRow,
    col: &GridCol,
    text: &str,
) -> Result<Option<Edit>, String> {
    let Some(block) = def.blocks.get(block_index) else {
        return Ok(None);
    };
    let table = def.key.clone();
    let bkey = block.key.clone();
    match editable(block, row, col) {
        Editable::No => Err("此单元格由其他数据计算得出，不能直接输入".into()),
        Editable::Amount => {
            let ColKind::Data(i) = col.kind else {
                return Ok(None);
            };
            let value = Amount::parse(text).map_err(|e| e.to_string())?;
            if row.cells.get(i) == Some(&value) && row.role == RowRole::Leaf {
                return Ok(None);
            }
            let column = block.columns[i].key.clone();
            Ok(match (row.role, row.stored) {
                (RowRole::Leaf, Some(r)) => Some(Edit::SetCell {
                    table,
                    block: bkey,
                    row: r,
                    column,
                    value,
                }),
                (RowRole::FixedInput, _) => Some(Edit::SetLineCell {
                    table,
                    block: bkey,
                    line: row.code.clone(),
                    column,
                    value,
                }),
                _ => None,
            })
        }
        Editable::Code => {
            let Some(r) = row.stored else { return Ok(None) };
            let code = text.trim().to_string();
            if !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("“{code}”不是科目编码：编码只能由数字组成"));
            }
            if code == row.code {
                return Ok(None);
            }
            let mut edits = vec![Edit::SetRowField {
                table: table.clone(),
                block: bkey.clone(),
                row: r,
                field: RowField::Code,
                value: code.clone(),
            }];
            if let RowsDef::Codes { scheme, .. } = &block.rows
                && let Some(name) = catalog.name(*scheme, pkg.year, &code)
            {
                edits.push(Edit::SetRowField {
                    table: table.clone(),
                    block: bkey.clone(),
                    row: r,
                    field: RowField::Name,
                    value: name.to_string(),
                });
            }
            // An economic line also gets the 政府 code its unit kind maps it to (table 6 shows
            // both names), so the user never types the second classification by hand.
            if let RowsDef::Codes {
                scheme: CodeScheme::EconomicDept,
                ..
            } = &block.rows
            {
                let kind = pkg
                    .table(&table)
                    .and_then(|t| t.rows(&bkey).get(r))
                    .and_then(|row| row.unit_kind)
                    .unwrap_or_else(|| pkg.main_unit_kind());
                if let Some(gov) = catalog.map_economic(pkg.year, &code, kind) {
                    let gov_name = catalog
                        .gov_entry(pkg.year, &gov)
                        .map(|e| e.name.clone())
                        .unwrap_or_default();
                    for (field, value) in [(RowField::GovCode, gov), (RowField::GovName, gov_name)]
                    {
                        edits.push(Edit::SetRowField {
                            table: table.clone(),
                            block: bkey.clone(),
                            row: r,
                            field,
                            value,
                        });
                    }
                }
            }
            Ok(Some(Edit::Batch(edits)))
        }
        Editable::Name => {
            let Some(r) = row.stored else { return Ok(None) };
            let name = text.trim().to_string();
            if name == row.label {
                return Ok(None);
            }
            let rename_row = Edit::SetRowField {
                table,
                block: bkey,
                row: r,
                field: RowField::Name,
                value: name.clone(),
            };
            // A project of table 12 and its 绩效目标表 are joined by name: renaming one renames
            // the other in the same undo step, so F1 does not lose the pair.
            let form = (def.kind == crate::model::TableKind::ProjectsCurrent)
                .then(|| pkg.project_forms.iter().position(|f| f.name == row.label))
                .flatten();
            Ok(Some(match form {
                Some(i) => Edit::Batch(vec![
                    rename_row,
                    Edit::SetText {
                        target: crate::model::edit::TextTarget::Project(
                            i,
                            crate::model::edit::ProjectText::Name,
                        ),
                        text: name,
                    },
                ]),
                None => rename_row,
            }))
        }
    }
}

/// Where each block starts horizontally, and the total size of the drawn grid.
struct Geometry {
    block_x: Vec<f32>,
    block_cols: Vec<Vec<GridCol>>,
    header_h: f32,
    /// Header levels (the deepest block's), not counting captions and the numbers row.
    depth: usize,
    captions: bool,
    numbered: bool,
    size: Vec2,
}

impl Geometry {
    fn new(def: &TableDef, view: &TableView, year: i32, name_widths: &[f32]) -> Self {
        let mut block_x = Vec::new();
        let mut block_cols = Vec::new();
        let mut x = 0.0;
        let mut depth = 1;
        let mut max_rows = 0;
        let captions = def.blocks.iter().any(|b| !b.caption.is_empty());
        for (bi, b) in def.blocks.iter().enumerate() {
            let mut cols = block_columns_sized(b, year, name_widths.get(bi).copied());
            if def.is_exact() {
                // 元 amounts run to "371,514,655.00": room for 14 characters.
                for c in cols
                    .iter_mut()
                    .filter(|c| matches!(c.kind, ColKind::Data(_)))
                {
                    c.width = c.width.max(128.0);
                }
            }
            block_x.push(x);
            x += cols.iter().map(|c| c.width).sum::<f32>() + BLOCK_GAP;
            depth = depth.max(b.header_depth());
            max_rows = max_rows.max(view.blocks.get(bi).map(|v| v.rows.len()).unwrap_or(0));
            block_cols.push(cols);
        }
        let numbered = def.numbered_columns;
        let header_h =
            (depth + usize::from(captions) + usize::from(numbered)) as f32 * HEADER_ROW_HEIGHT;
        Geometry {
            block_x,
            block_cols,
            header_h,
            depth,
            captions,
            numbered,
            size: Vec2::new(
                (x - BLOCK_GAP).max(0.0),
                header_h + max_rows as f32 * ROW_HEIGHT + 4.0,
            ),
        }
    }

    fn col_x(&self, block: usize, col: usize) -> f32 {
        self.block_x[block]
            + self.block_cols[block][..col]
                .iter()
                .map(|c| c.width)
                .sum::<f32>()
    }

    /// The cell rect in content coordinates.
    fn cell_rect(&self, cell: Cell) -> Rect {
        let x = self.col_x(cell.block, cell.col);
        let w = self.block_cols[cell.block][cell.col].width;
        let y = self.header_h + cell.row as f32 * ROW_HEIGHT;
        Rect::from_min_size(Pos2::new(x, y), Vec2::new(w, ROW_HEIGHT))
    }

    /// The cell at a point in content coordinates.
    fn hit(&self, p: Pos2, view: &TableView) -> Option<Cell> {
        if p.y < self.header_h {
            return None;
        }
        let row = ((p.y - self.header_h) / ROW_HEIGHT) as usize;
        for (b, cols) in self.block_cols.iter().enumerate() {
            let mut x = self.block_x[b];
            for (c, col) in cols.iter().enumerate() {
                if p.x >= x && p.x < x + col.width {
                    let rows = view.blocks.get(b).map(|v| v.rows.len()).unwrap_or(0);
                    return (row < rows).then_some(Cell {
                        block: b,
                        row,
                        col: c,
                    });
                }
                x += col.width;
            }
        }
        None
    }
}

fn severity_color(s: Severity) -> Color32 {
    match s {
        Severity::Error => Color32::from_rgb(0xd0, 0x1f, 0x1f),
        Severity::Warning => Color32::from_rgb(0xe0, 0x8a, 0x00),
        // Teal, so a hint mark is not mistaken for the blue cursor.
        Severity::Hint => Color32::from_rgb(0x12, 0x9a, 0x8c),
    }
}

/// A new stored row from a pasted line (columns from the paste's first column on). `None` for a
/// line that is only a computed row's label (合计, a 类 with no amounts …) or is blank; an error for
/// a block of fixed lines or a bad amount.
fn pasted_row(
    input: &GridInput,
    block: &BlockDef,
    cols: &[GridCol],
    line: &[String],
) -> Result<Option<Row>, String> {
    if matches!(block.rows, RowsDef::Fixed(_)) {
        return Err("超出表格（本表的行是固定的）".into());
    }
    let mut row = Row::default();
    for (col, value) in cols.iter().zip(line) {
        let value = value.trim();
        match col.kind {
            ColKind::Code => row.code = value.to_string(),
            ColKind::Name => row.name = value.to_string(),
            ColKind::GovName => row.gov_name = value.to_string(),
            ColKind::Data(i) => {
                let amount = Amount::parse(value).map_err(|e| e.to_string())?;
                // Sum columns are computed; only typed columns are stored.
                if let Some(c) = block.columns.get(i)
                    && c.kind == ColumnKind::Input
                {
                    row.set_cell(&c.key, amount);
                }
            }
        }
    }
    if row.code.is_empty() && (row.name.is_empty() || row.name == "合计" || row.name == "部门合计")
    {
        return Ok(None);
    }
    match &block.rows {
        RowsDef::Codes { scheme, .. } => {
            if !row.code.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("“{}”不是科目编码", row.code));
            }
            if row.name.is_empty()
                && let Some(n) = input.catalog.name(*scheme, input.pkg.year, &row.code)
            {
                row.name = n.to_string();
            }
        }
        RowsDef::Projects => row.unit = input.pkg.department.name.clone(),
        RowsDef::Units | RowsDef::Fixed(_) => {}
    }
    Ok(Some(row))
}

pub fn severity_color_pub(s: Severity) -> Color32 {
    severity_color(s)
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

    pub fn is_editing(&self) -> bool {
        self.editor.is_some()
    }

    /// Writes an open editor's text as Enter would, without moving, so that leaving the table
    /// never drops what was typed. A refused text keeps the editor open with its reason.
    pub fn commit_open(&mut self, input: &GridInput) -> GridOutput {
        let mut out = GridOutput::default();
        if self.editor.is_some() {
            let geo = Geometry::new(input.def, input.view, input.pkg.year, input.name_widths);
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

    fn clamp(&self, cell: Cell, geo: &Geometry, view: &TableView) -> Cell {
        let b = cell.block.min(geo.block_cols.len().saturating_sub(1));
        let rows = view.blocks.get(b).map(|v| v.rows.len()).unwrap_or(0);
        let cols = geo.block_cols.get(b).map(|c| c.len()).unwrap_or(0);
        Cell {
            block: b,
            row: cell.row.min(rows.saturating_sub(1)),
            col: cell.col.min(cols.saturating_sub(1)),
        }
    }

    fn moved(&self, from: Cell, dr: isize, dc: isize, geo: &Geometry, view: &TableView) -> Cell {
        let rows = view
            .blocks
            .get(from.block)
            .map(|v| v.rows.len())
            .unwrap_or(0) as isize;
        let cols = geo.block_cols.get(from.block).map(|c| c.len()).unwrap_or(0) as isize;
        let mut r = from.row as isize + dr;
        let mut c = from.col as isize + dc;
        // Tab past the last column wraps to the next row, as in a spreadsheet.
        if dr == 0 && c >= cols && r + 1 < rows {
            c = 0;
            r += 1;
        } else if dr == 0 && c < 0 && r > 0 {
            c = cols - 1;
            r -= 1;
        }
        Cell {
            block: from.block,
            row: r.clamp(0, (rows - 1).max(0)) as usize,
            col: c.clamp(0, (cols - 1).max(0)) as usize,
        }
    }

    /// Reads and removes the events the grid handles, so no other widget sees them.
    fn take_keys(&self, ui: &mut egui::Ui, editing: bool, completing: bool) -> Vec<KeyCmd> {
        let mut out = Vec::new();
        ui.input_mut(|i| {
            i.events.retain(|ev| {
                let cmd = match ev {
                    Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } if !modifiers.command && !modifiers.alt => {
                        let shift = modifiers.shift;
                        match (key, editing) {
                            (Key::Escape, true) => Some(KeyCmd::Cancel),
                            (Key::Enter, _) => Some(if editing {
                                KeyCmd::Commit {
                                    dr: if shift { -1 } else { 1 },
                                    dc: 0,
                                }
                            } else {
                                KeyCmd::Move {
                                    dr: if shift { -1 } else { 1 },
                                    dc: 0,
                                    extend: false,
                                }
                            }),
                            (Key::Tab, _) => Some(if editing {
                                KeyCmd::Commit {
                                    dr: 0,
                                    dc: if shift { -1 } else { 1 },
                                }
                            } else {
                                KeyCmd::Move {
                                    dr: 0,
                                    dc: if shift { -1 } else { 1 },
                                    extend: false,
                                }
                            }),
                            (Key::ArrowDown, true) if completing => Some(KeyCmd::CompletionMove(1)),
                            (Key::ArrowUp, true) if completing => Some(KeyCmd::CompletionMove(-1)),
                            (Key::ArrowUp, false) => Some(KeyCmd::Move {
                                dr: -1,
                                dc: 0,
                                extend: shift,
                            }),
                            (Key::ArrowDown, false) => Some(KeyCmd::Move {
                                dr: 1,
                                dc: 0,
                                extend: shift,
                            }),
                            (Key::ArrowLeft, false) => Some(KeyCmd::Move {
                                dr: 0,
                                dc: -1,
                                extend: shift,
                            }),
                            (Key::ArrowRight, false) => Some(KeyCmd::Move {
                                dr: 0,
                                dc: 1,
                                extend: shift,
                            }),
                            (Key::Home, false) => Some(KeyCmd::Home { extend: shift }),
                            (Key::End, false) => Some(KeyCmd::End { extend: shift }),
                            (Key::PageDown, false) => Some(KeyCmd::PageMove {
                                down: true,
                                extend: shift,
                            }),
                            (Key::PageUp, false) => Some(KeyCmd::PageMove {
                                down: false,
                                extend: shift,
                            }),
                            (Key::F2, false) => Some(KeyCmd::StartEdit),
                            (Key::Delete | Key::Backspace, false) => Some(KeyCmd::Clear),
                            _ => None,
                        }
                    }
                    Event::Text(t) if !editing => Some(KeyCmd::Text(t.clone())),
                    // A committed IME composition while the grid (not an editor) has the
                    // keyboard starts editing with the composed text, like typed text.
                    Event::Ime(egui::ImeEvent::Commit(t)) if !editing && !t.is_empty() => {
                        Some(KeyCmd::Text(t.clone()))
                    }
                    // The first preedit of a composition opens an empty editor; the input
                    // method sends the whole composition again on every keystroke, and the
                    // editor, focused from the next frame on, shows and commits it.
                    Event::Ime(egui::ImeEvent::Preedit { text, .. })
                        if !editing && !text.is_empty() =>
                    {
                        Some(KeyCmd::Text(String::new()))
                    }
                    Event::Copy if !editing => Some(KeyCmd::Copy),
                    Event::Cut if !editing => Some(KeyCmd::Cut),
                    Event::Paste(t) if !editing => Some(KeyCmd::Paste(t.clone())),
                    _ => None,
                };
                match cmd {
                    Some(c) => {
                        out.push(c);
                        false
                    }
                    None => true,
                }
            });
        });
        out
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
            (Some(b), Some(c)) if c.kind == ColKind::Code => match &b.rows {
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

    fn prepare(&mut self, input: &GridInput) -> Geometry {
        self.switch_to(&input.def.key);
        let geo = Geometry::new(input.def, input.view, input.pkg.year, input.name_widths);
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
        let geo = self.prepare(input);
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

    /// Draws the grid and handles the pointer; returns the edits to apply.
    pub fn show(&mut self, ui: &mut egui::Ui, input: &GridInput) -> GridOutput {
        let mut out = GridOutput::default();
        let def = input.def;
        let view = input.view;
        let geo = self.prepare(input);
        let grid_id = self.grid_id();
        let completions = self.completions(input, &geo);
        let has_focus = ui.memory(|m| m.has_focus(grid_id));

        let scroll_to = self.scroll_to.take();
        let mut cursor_rect: Option<Rect> = None;
        let mut clicked_cell: Option<(Cell, bool, bool)> = None;
        let mut dragged_to: Option<Cell> = None;
        let mut double_clicked: Option<Cell> = None;
        let mut completion_clicked: Option<String> = None;

        egui::ScrollArea::both()
            .id_salt(("grid-scroll", def.key.as_str()))
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let origin = ui.max_rect().min;
                ui.set_min_size(geo.size);
                let abs = |r: Rect| r.translate(origin.to_vec2());
                let painter = ui.painter().clone();
                let visuals = ui.visuals().clone();
                let dark = visuals.dark_mode;
                let text_color = visuals.text_color();
                let grid_line = if dark {
                    Color32::from_gray(70)
                } else {
                    Color32::from_gray(200)
                };
                let computed_bg = if dark {
                    Color32::from_rgb(40, 44, 52)
                } else {
                    Color32::from_rgb(236, 239, 244)
                };
                let computed_text = if dark {
                    Color32::from_rgb(170, 190, 220)
                } else {
                    Color32::from_rgb(40, 60, 110)
                };
                let select_bg = if dark {
                    Color32::from_rgb(40, 70, 110)
                } else {
                    Color32::from_rgb(204, 226, 255)
                };
                let font = FontId::proportional(14.0);

                // Body: only the rows in the viewport.
                let first = ((viewport.min.y - geo.header_h) / ROW_HEIGHT).floor().max(0.0) as usize;
                let last = ((viewport.max.y - geo.header_h) / ROW_HEIGHT).ceil().max(0.0) as usize;
                for (b, bview) in view.blocks.iter().enumerate() {
                    let Some(block) = def.blocks.get(b) else { continue };
                    let cols = &geo.block_cols[b];
                    let end = last.min(bview.rows.len());
                    for r in first.min(end)..end {
                        let row = &bview.rows[r];
                        let computed_row = !row.role.is_editable();
                        for (c, col) in cols.iter().enumerate() {
                            let cell = Cell { block: b, row: r, col: c };
                            let rect = abs(geo.cell_rect(cell));
                            if !rect.intersects(abs(viewport)) {
                                continue;
                            }
                            let computed = computed_row
                                || matches!(col.kind, ColKind::Data(i) if matches!(block.columns[i].kind, ColumnKind::Sum(_)));
                            if self.selection.contains(cell) {
                                painter.rect_filled(rect, CornerRadius::ZERO, select_bg);
                            } else if computed {
                                painter.rect_filled(rect, CornerRadius::ZERO, computed_bg);
                            }
                            painter.rect_stroke(
                                rect,
                                CornerRadius::ZERO,
                                Stroke::new(0.5, grid_line),
                                egui::StrokeKind::Inside,
                            );
                            let editing_here =
                                self.editor.as_ref().is_some_and(|e| e.cell == cell);
                            if !editing_here {
                                // 元 tables read as published, with thousands separators
                                // (the editor and the clipboard keep plain numbers).
                                let text = match col.kind {
                                    ColKind::Data(i) if input.def.is_exact() => row
                                        .cells
                                        .get(i)
                                        .and_then(|a| a.value())
                                        .map(|d| input.def.unit.format(d))
                                        .unwrap_or_default(),
                                    _ => cell_text(row, col),
                                };
                                if !text.is_empty() {
                                    let color = if computed { computed_text } else { text_color };
                                    let (pos, align) = match col.kind {
                                        ColKind::Data(_) => (rect.right_center() - Vec2::new(6.0, 0.0), Align2::RIGHT_CENTER),
                                        ColKind::Name => (
                                            rect.left_center()
                                                + Vec2::new(6.0 + 12.0 * row.depth.saturating_sub(1) as f32, 0.0),
                                            Align2::LEFT_CENTER,
                                        ),
                                        _ => (rect.left_center() + Vec2::new(6.0, 0.0), Align2::LEFT_CENTER),
                                    };
                                    let p = painter.with_clip_rect(rect.shrink(1.0));
                                    let f = if computed_row && matches!(row.role, RowRole::Total | RowRole::FixedSum) {
                                        FontId::proportional(14.5)
                                    } else {
                                        font.clone()
                                    };
                                    p.text(pos, align, text, f, color);
                                }
                            }
                            if self.selection.cursor == cell {
                                cursor_rect = Some(rect);
                                painter.rect_stroke(
                                    rect,
                                    CornerRadius::ZERO,
                                    Stroke::new(2.0, Color32::from_rgb(30, 100, 220)),
                                    egui::StrokeKind::Inside,
                                );
                            }
                            if let Some(mark) = input.marks.get(&cell) {
                                let color = severity_color(mark.severity);
                                painter.rect_stroke(
                                    rect.shrink(3.0),
                                    CornerRadius::ZERO,
                                    Stroke::new(1.5, color),
                                    egui::StrokeKind::Inside,
                                );
                                let tr = rect.right_top();
                                painter.add(egui::Shape::convex_polygon(
                                    vec![tr, tr + Vec2::new(0.0, 10.0), tr + Vec2::new(-10.0, 0.0)],
                                    color,
                                    Stroke::NONE,
                                ));
                            }
                            if scroll_to == Some(cell) {
                                // Leave room for the sticky header above the cell.
                                let r = rect.expand2(Vec2::new(0.0, geo.header_h));
                                ui.scroll_to_rect(r, None);
                            }
                        }
                    }
                }
                // A target cell outside the painted rows still has to be scrolled to.
                if let Some(cell) = scroll_to
                    && (cell.row < first || cell.row >= last)
                    && cell.block < geo.block_cols.len()
                {
                    let rect = abs(geo.cell_rect(cell));
                    ui.scroll_to_rect(rect.expand2(Vec2::new(0.0, geo.header_h)), None);
                }

                // The in-cell editor.
                if let Some(ed) = &mut self.editor
                    && ed.cell.block < geo.block_cols.len()
                {
                    let rect = abs(geo.cell_rect(ed.cell));
                    let col = &geo.block_cols[ed.cell.block][ed.cell.col];
                    let align = if matches!(col.kind, ColKind::Data(_)) {
                        Align::RIGHT
                    } else {
                        Align::LEFT
                    };
                    let te = egui::TextEdit::singleline(&mut ed.text)
                        .id(grid_id.with("editor"))
                        .font(font.clone())
                        .align(Align2([align, Align::Center]))
                        .event_filter(egui::EventFilter {
                            tab: true,
                            horizontal_arrows: true,
                            vertical_arrows: true,
                            escape: true,
                        })
                        .text_color(if ed.error.is_some() {
                            severity_color(Severity::Error)
                        } else {
                            text_color
                        })
                        .margin(Vec2::new(4.0, 2.0));
                    let resp = ui.put(rect, te);
                    if !ed.focus_requested {
                        resp.request_focus();
                        ed.focus_requested = true;
                    }
                    if resp.changed() {
                        ed.error = None;
                        ed.completion = None;
                    }
                    if let Some(err) = &ed.error {
                        painter.rect_stroke(
                            rect,
                            CornerRadius::ZERO,
                            Stroke::new(2.0, severity_color(Severity::Error)),
                            egui::StrokeKind::Outside,
                        );
                        egui::Area::new(grid_id.with("editor-error"))
                            .order(egui::Order::Tooltip)
                            .fixed_pos(rect.left_bottom() + Vec2::new(0.0, 2.0))
                            .show(ui.ctx(), |ui| {
                                egui::Frame::popup(ui.style()).show(ui, |ui| {
                                    ui.colored_label(severity_color(Severity::Error), err);
                                });
                            });
                    } else if !completions.is_empty() {
                        egui::Area::new(grid_id.with("completion"))
                            .order(egui::Order::Foreground)
                            .fixed_pos(rect.left_bottom() + Vec2::new(0.0, 2.0))
                            .show(ui.ctx(), |ui| {
                                egui::Frame::popup(ui.style()).show(ui, |ui| {
                                    for (i, (code, name)) in completions.iter().enumerate() {
                                        let sel = ed.completion == Some(i);
                                        if ui
                                            .selectable_label(sel, format!("{code}  {name}"))
                                            .clicked()
                                        {
                                            completion_clicked = Some(code.clone());
                                        }
                                    }
                                });
                            });
                    }
                }

                // Pointer: one interaction rect for the visible body.
                let body = Rect::from_min_max(
                    Pos2::new(viewport.min.x, viewport.min.y + geo.header_h),
                    viewport.max,
                );
                let resp = ui.interact(abs(body), grid_id, Sense::click_and_drag());
                let to_content = |p: Pos2| p - origin.to_vec2();
                if let Some(p) = resp.interact_pointer_pos() {
                    let hit = geo.hit(to_content(p), view);
                    if resp.double_clicked() {
                        double_clicked = hit;
                    } else if resp.clicked() || resp.drag_started() {
                        if let Some(h) = hit {
                            let shift = ui.input(|i| i.modifiers.shift);
                            clicked_cell = Some((h, shift, resp.drag_started()));
                        }
                    } else if resp.dragged()
                        && let Some(h) = hit
                    {
                        dragged_to = Some(h);
                    }
                }
                if let Some(p) = resp.hover_pos()
                    && let Some(h) = geo.hit(to_content(p), view)
                    && let Some(mark) = input.marks.get(&h)
                {
                    let text = mark.messages.join("\n");
                    resp.clone().on_hover_text_at_pointer(text);
                }
                resp.context_menu(|ui| {
                    if ui.button("插入行").clicked() {
                        if let Some(e) = self.insert_row_edit(input) {
                            out.edits.push(("插入行".into(), e));
                        }
                        ui.close();
                    }
                    if ui.button("删除行").clicked() {
                        if let Some(e) = self.delete_row_edit(input) {
                            out.edits.push(("删除行".into(), e));
                        }
                        ui.close();
                    }
                });

                // Sticky header, painted over the rows scrolled under it.
                let header_top = viewport.min.y;
                let header_rect = abs(Rect::from_min_size(
                    Pos2::new(viewport.min.x, header_top),
                    Vec2::new(viewport.width(), geo.header_h),
                ));
                painter.rect_filled(header_rect, CornerRadius::ZERO, visuals.panel_fill);
                for (b, block) in def.blocks.iter().enumerate() {
                    self.paint_header(
                        &painter,
                        &geo,
                        b,
                        block,
                        abs(Rect::from_min_size(
                            Pos2::new(geo.block_x[b], header_top),
                            Vec2::new(0.0, geo.header_h),
                        ))
                        .min,
                        grid_line,
                        computed_bg,
                        text_color,
                    );
                }
            });

        self.last_cursor_rect = cursor_rect;
        if let Some(code) = completion_clicked
            && let Some(ed) = &mut self.editor
        {
            ed.text = code;
            self.commit(input, &geo, 0, 0, &mut out);
        }
        if let Some(cell) = double_clicked {
            self.selection = Selection::single(cell);
            self.start_edit(input, &geo, None);
        } else if let Some((cell, shift, _drag)) = clicked_cell {
            if self.editor.as_ref().is_some_and(|e| e.cell != cell) {
                // Clicking elsewhere commits the open editor; a refused value keeps it open.
                self.commit(input, &geo, 0, 0, &mut out);
            }
            if self.editor.is_none() {
                if shift && cell.block == self.selection.anchor.block {
                    self.selection.cursor = cell;
                } else {
                    self.selection = Selection::single(cell);
                }
                ui.memory_mut(|m| m.request_focus(grid_id));
            }
        } else if let Some(cell) = dragged_to
            && self.editor.is_none()
            && cell.block == self.selection.anchor.block
        {
            self.selection.cursor = cell;
        }
        if has_focus && self.editor.is_none() {
            // Let the input method open on a name or code cell (winit enables it only while
            // egui reports an IME area), so Chinese typed there starts editing.
            let cur = self.selection.cursor;
            let text_cell = def
                .blocks
                .get(cur.block)
                .zip(view.blocks.get(cur.block).and_then(|b| b.rows.get(cur.row)))
                .is_some_and(|(block, row)| {
                    matches!(
                        editable(block, row, &geo.block_cols[cur.block][cur.col]),
                        Editable::Name | Editable::Code
                    )
                });
            if text_cell && let Some(rect) = self.last_cursor_rect {
                ui.ctx().output_mut(|o| {
                    o.ime = Some(egui::output::IMEOutput {
                        purpose: egui::IMEPurpose::Normal,
                        rect,
                        cursor_rect: Rect::from_min_size(
                            rect.left_top(),
                            Vec2::new(1.0, rect.height()),
                        ),
                        should_interrupt_composition: false,
                    })
                });
            }
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    grid_id,
                    egui::EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: true,
                    },
                )
            });
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn paint_header(
        &self,
        painter: &egui::Painter,
        geo: &Geometry,
        b: usize,
        block: &BlockDef,
        top_left: Pos2,
        line: Color32,
        fill: Color32,
        text: Color32,
    ) {
        let cols = &geo.block_cols[b];
        let depth = geo.depth;
        let captions = geo.captions;
        let mut y0 = top_left.y;
        let font = FontId::proportional(14.0);
        let total_w: f32 = cols.iter().map(|c| c.width).sum();
        let draw = |r: Rect, s: &str| {
            painter.rect_filled(r, CornerRadius::ZERO, fill);
            painter.rect_stroke(
                r,
                CornerRadius::ZERO,
                Stroke::new(0.8, line),
                egui::StrokeKind::Inside,
            );
            // Long headers wrap inside their cell, as in the published tables.
            let galley = painter.layout(s.to_string(), font.clone(), text, r.width() - 6.0);
            let p = painter.with_clip_rect(r.shrink(1.0));
            p.galley(r.center() - galley.size() / 2.0, galley, text);
        };
        if captions {
            let r = Rect::from_min_size(
                Pos2::new(top_left.x, y0),
                Vec2::new(total_w, HEADER_ROW_HEIGHT),
            );
            draw(r, &block.caption);
            y0 += HEADER_ROW_HEIGHT;
        }
        // Each column's header path fills the levels top-down; its last element extends to the
        // bottom. Equal neighbours at a level (with equal paths above) merge into one cell.
        for level in 0..depth {
            let mut c = 0;
            while c < cols.len() {
                let h = &cols[c].header;
                if level >= h.len() {
                    c += 1;
                    continue;
                }
                let last = level + 1 == h.len();
                let mut end = c + 1;
                while end < cols.len() {
                    let h2 = &cols[end].header;
                    let same = h2.len() > level
                        && h2[..=level] == h[..=level]
                        && (level + 1 == h2.len()) == last
                        && !last;
                    if !same {
                        break;
                    }
                    end += 1;
                }
                let x = top_left.x + cols[..c].iter().map(|k| k.width).sum::<f32>();
                let w: f32 = cols[c..end].iter().map(|k| k.width).sum();
                let rows_spanned = if last { depth - level } else { 1 };
                let r = Rect::from_min_size(
                    Pos2::new(x, y0 + level as f32 * HEADER_ROW_HEIGHT),
                    Vec2::new(w, rows_spanned as f32 * HEADER_ROW_HEIGHT),
                );
                draw(r, &h[level]);
                c = end;
            }
        }
        if geo.numbered {
            // The row of column numbers (1, 2, 3 …) some published tables carry.
            let y = y0 + depth as f32 * HEADER_ROW_HEIGHT;
            let mut x = top_left.x;
            for (i, col) in cols.iter().enumerate() {
                let r =
                    Rect::from_min_size(Pos2::new(x, y), Vec2::new(col.width, HEADER_ROW_HEIGHT));
                draw(r, &(i + 1).to_string());
                x += col.width;
            }
        }
    }

    fn handle_key(
        &mut self,
        k: KeyCmd,
        input: &GridInput,
        geo: &Geometry,
        completions: &[(String, String)],
        page: isize,
        out: &mut GridOutput,
    ) {
        let view = input.view;
        match k {
            KeyCmd::Move { dr, dc, extend } => {
                let to = self.moved(self.selection.cursor, dr, dc, geo, view);
                self.set_cursor(to, extend);
            }
            KeyCmd::Home { extend } => {
                let to = Cell {
                    col: 0,
                    ..self.selection.cursor
                };
                self.set_cursor(to, extend);
            }
            KeyCmd::End { extend } => {
                let cols = geo.block_cols[self.selection.cursor.block].len();
                let to = Cell {
                    col: cols.saturating_sub(1),
                    ..self.selection.cursor
                };
                self.set_cursor(to, extend);
            }
            KeyCmd::PageMove { down, extend } => {
                let dr = if down { page } else { -page };
                let to = self.moved(self.selection.cursor, dr, 0, geo, view);
                self.set_cursor(to, extend);
            }
            KeyCmd::Commit { dr, dc } => {
                if let Some(ed) = &mut self.editor
                    && let Some(i) = ed.completion
                    && let Some((code, _)) = completions.get(i)
                {
                    ed.text = code.clone();
                }
                self.commit(input, geo, dr, dc, out);
            }
            KeyCmd::Cancel => {
                self.editor = None;
                self.message = None;
            }
            KeyCmd::StartEdit => self.start_edit(input, geo, None),
            KeyCmd::Text(t) => self.start_edit(input, geo, Some(t)),
            KeyCmd::Clear => {
                let edits = self.clear_edits(input, geo);
                if !edits.is_empty() {
                    out.edits.push(("清除".into(), Edit::Batch(edits)));
                }
            }
            KeyCmd::Copy => {
                out.status = Some(self.copy(input, geo, out));
            }
            KeyCmd::Cut => {
                let s = self.copy(input, geo, out);
                let edits = self.clear_edits(input, geo);
                if !edits.is_empty() {
                    out.edits.push(("剪切".into(), Edit::Batch(edits)));
                }
                out.status = Some(s.replace("复制", "剪切"));
            }
            KeyCmd::Paste(text) => self.paste(&text, input, geo, out),
            KeyCmd::CompletionMove(d) => {
                if let Some(ed) = &mut self.editor {
                    let n = completions.len() as isize;
                    let cur = ed.completion.map(|c| c as isize).unwrap_or(-1);
                    ed.completion = Some((cur + d).rem_euclid(n.max(1)) as usize);
                }
            }
        }
    }

    fn set_cursor(&mut self, to: Cell, extend: bool) {
        if extend {
            self.selection.cursor = to;
        } else {
            self.selection = Selection::single(to);
        }
        self.scroll_to = Some(to);
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
        if editable(block, row, col) == Editable::No {
            self.message = Some(format!(
                "“{}”是计算得出的单元格，不能直接输入：请修改它所汇总的行或列",
                cell_label(row, col)
            ));
            return;
        }
        self.message = None;
        self.selection = Selection::single(cell);
        self.editor = Some(CellEditor {
            cell,
            text: text.unwrap_or_else(|| edit_text(row, col)),
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
            col,
            &ed.text,
        ) {
            Ok(edit) => {
                if let Some(e) = edit {
                    out.edits
                        .push((format!("输入 {}", cell_label(row, col)), e));
                }
                self.editor = None;
                self.message = None;
                let to = self.moved(cell, dr, dc, geo, input.view);
                self.selection = Selection::single(to);
                self.scroll_to = Some(to);
            }
            Err(reason) => {
                ed.error = Some(reason.clone());
                self.message = Some(format!("未写入：{reason}"));
                out.status = Some(format!("未写入：{reason}"));
            }
        }
    }

    /// Edits that empty every editable amount of the selection.
    fn clear_edits(&self, input: &GridInput, geo: &Geometry) -> Vec<Edit> {
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
                if matches!(col.kind, ColKind::Data(_))
                    && let Ok(Some(e)) =
                        cell_edit(input.pkg, input.catalog, input.def, b, row, col, "")
                {
                    edits.push(e);
                }
            }
        }
        edits
    }

    /// Puts the selection on the clipboard as tab-separated text; returns a status line.
    fn copy(&self, input: &GridInput, geo: &Geometry, out: &mut GridOutput) -> String {
        let (r0, r1, c0, c1) = self.selection.bounds();
        out.copy = Some(self.selection_tsv(input, geo));
        format!("已复制 {} 行 × {} 列", r1 - r0 + 1, c1 - c0 + 1)
    }

    /// The selection as tab-separated text (what Ctrl+C puts on the clipboard).
    fn selection_tsv(&self, input: &GridInput, geo: &Geometry) -> String {
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
                        .map(|col| cell_text(row, col))
                        .collect(),
                );
            }
        }
        clipboard::to_tsv(&rows)
    }

    fn paste(&mut self, text: &str, input: &GridInput, geo: &Geometry, out: &mut GridOutput) {
        let block_rows = clipboard::parse_tsv(text);
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
                match pasted_row(input, block, cols.get(start.col..).unwrap_or(&[]), line) {
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
                match cell_edit(input.pkg, input.catalog, input.def, b, row, col, value) {
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
                        if cell_text(row, col) != *value {
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
        Some(Edit::InsertRow {
            table: input.def.key.clone(),
            block: block.key.clone(),
            index: n,
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

/// The drawn cell of a view row and column key; used to go to a finding.
pub fn find_cell(
    def: &TableDef,
    view: &TableView,
    year: i32,
    block_key: Option<&str>,
    row: RowRef,
    column: Option<&str>,
) -> Option<Cell> {
    let b = match block_key {
        Some(k) => def.blocks.iter().position(|b| b.key == k)?,
        None => 0,
    };
    let block = def.blocks.get(b)?;
    let bview = view.blocks.get(b)?;
    let r = match row {
        RowRef::Stored(i) => bview.rows.iter().position(|r| r.stored == Some(i))?,
        RowRef::Key(k) => bview
            .rows
            .iter()
            .position(|r| r.code == k)
            .or_else(|| bview.rows.iter().position(|r| r.label == k))?,
        RowRef::First => 0,
    };
    let cols = block_columns(block, year);
    let c = match column {
        Some(key) => {
            let i = block.column_index(key)?;
            cols.iter().position(|c| c.kind == ColKind::Data(i))?
        }
        None => cols
            .iter()
            .position(|c| c.kind == ColKind::Name)
            .unwrap_or(0),
    };
    Some(Cell {
        block: b,
        row: r,
        col: c,
    })
}

/// How a location names a row.
#[derive(Clone, Copy, Debug)]
pub enum RowRef<'a> {
    Stored(usize),
    Key(&'a str),
    First,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::view::table_view;

    fn sample_view(table: &str) -> (Package, &'static TableDef, TableView) {
        let pkg = crate::io::sample::sample();
        let def = crate::model::layout::shanxi_13()
            .table(table)
            .expect("layout has the table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        (pkg, def, view)
    }

    #[test]
    fn computed_cells_refuse_input_and_input_lines_become_line_edits() {
        let (pkg, def, view) = sample_view("t1");
        let cat = Catalog::builtin();
        let cols = block_columns(&def.blocks[0], pkg.year);
        let amount_col = cols
            .iter()
            .find(|c| matches!(c.kind, ColKind::Data(_)))
            .expect("data column");
        let total = view.blocks[0].find("year_total").expect("本年收入合计");
        assert!(cell_edit(&pkg, cat, def, 0, total, amount_col, "1").is_err());
        let carry = view.blocks[0].find("carryover").expect("上年结转");
        match cell_edit(&pkg, cat, def, 0, carry, amount_col, "1,000.5 ") {
            Ok(Some(Edit::SetLineCell { line, value, .. })) => {
                assert_eq!(line, "carryover");
                assert_eq!(value, Amount::parse("1000.5").unwrap_or_default());
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = cell_edit(&pkg, cat, def, 0, carry, amount_col, "12.345");
        assert!(err.is_err_and(|e| e.contains("小数位")));
    }

    #[test]
    fn typing_a_code_also_sets_the_catalog_name() {
        let (pkg, def, view) = sample_view("t3");
        let cat = Catalog::builtin();
        let cols = block_columns(&def.blocks[0], pkg.year);
        let leaf = view.blocks[0].find("2014001").expect("row");
        let code_col = cols
            .iter()
            .find(|c| c.kind == ColKind::Code)
            .expect("code column");
        match cell_edit(&pkg, cat, def, 0, leaf, code_col, "2101101") {
            Ok(Some(Edit::Batch(edits))) => {
                assert!(edits.iter().any(|e| matches!(e,
                    Edit::SetRowField { field: RowField::Name, value, .. } if value == "行政单位医疗")));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(cell_edit(&pkg, cat, def, 0, leaf, code_col, "20a").is_err());
        // A group row (201) is computed: its code is not typed.
        let group = view.blocks[0].find("201").expect("class row");
        assert!(cell_edit(&pkg, cat, def, 0, group, code_col, "202").is_err());
    }

    #[test]
    fn typing_an_economic_code_also_sets_the_government_code_for_the_unit_kind() {
        let (pkg, def, view) = sample_view("t6");
        let cat = Catalog::builtin();
        let cols = block_columns(&def.blocks[0], pkg.year);
        let code_col = cols
            .iter()
            .find(|c| c.kind == ColKind::Code)
            .expect("code column");
        let gov =
            |row: &ViewRow, code: &str| match cell_edit(&pkg, cat, def, 0, row, code_col, code) {
                Ok(Some(Edit::Batch(edits))) => edits
                    .iter()
                    .filter_map(|e| match e {
                        Edit::SetRowField {
                            field: RowField::GovCode | RowField::GovName,
                            value,
                            ..
                        } => Some(value.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
                other => panic!("unexpected {other:?}"),
            };
        // The 基本工资 line is the main (行政) unit's: retyped as 办公费 it maps to 50201 办公经费.
        let admin = view.blocks[0].find("30101").expect("基本工资");
        assert_eq!(gov(admin, "30201"), ["50201", "办公经费"]);
        // 绩效工资 is a 事业 line in the sample: its 302 line maps to 50502.
        let public = view.blocks[0].find("30107").expect("绩效工资");
        assert_eq!(gov(public, "30201"), ["50502", "商品和服务支出"]);
    }

    #[test]
    fn renaming_a_project_in_table_12_renames_its_form_in_one_step() {
        let (mut pkg, def, view) = sample_view("t12");
        let cat = Catalog::builtin();
        let cols = block_columns(&def.blocks[0], pkg.year);
        let name_col = cols
            .iter()
            .find(|c| c.kind == ColKind::Name)
            .expect("name column");
        let row = view.blocks[0]
            .rows
            .iter()
            .find(|r| r.label == "信访工作经费")
            .expect("project row");
        let edit = cell_edit(&pkg, cat, def, 0, row, name_col, "信访综合工作经费")
            .expect("accepted")
            .expect("an edit");
        let undo = edit.apply(&mut pkg);
        assert!(
            pkg.project_forms
                .iter()
                .any(|f| f.name == "信访综合工作经费")
        );
        assert!(
            pkg.tables["t12"]
                .rows("main")
                .iter()
                .any(|r| r.name == "信访综合工作经费")
        );
        undo.apply(&mut pkg);
        assert!(pkg.project_forms.iter().any(|f| f.name == "信访工作经费"));
    }

    #[test]
    fn name_columns_fit_the_longest_name() {
        let (_, _, view) = sample_view("t3");
        let w = name_widths(&view);
        // 机关事业单位基本养老保险缴费支出: 16 characters at depth 3.
        assert!(w[0] >= 16.0 * 14.5, "width {}", w[0]);
    }
}
