//! Where the grid's cells are: the drawn columns of each block and their widths, the blocks
//! side by side, the header's height, and which cell a point or a finding's location is in.

use super::Cell;
use crate::model::cell_edit::CellKind;
use crate::model::layout::{BlockDef, LabelColumn, RowsDef, TableDef};
use crate::model::view::TableView;
use crate::ui::style::{BLOCK_GAP, HEADER_ROW_HEIGHT, ROW_HEIGHT};
use egui::{Pos2, Rect, Vec2};

/// One drawn column of a block.
#[derive(Clone, Debug)]
pub struct GridCol {
    pub kind: CellKind,
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
                kind: CellKind::Code,
                header: fix(header),
                width: 96.0,
            },
            LabelColumn::Name { header } => GridCol {
                kind: CellKind::Name,
                header: fix(header),
                width: name_width.unwrap_or(if wide_names { 250.0 } else { 240.0 }),
            },
            LabelColumn::GovName { header } => GridCol {
                kind: CellKind::GovName,
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
            kind: CellKind::Data(i),
            header,
            width: (leaf + 18.0).clamp(104.0, 150.0),
        }
    }));
    cols
}

/// An estimate of the drawn width of a text at the grid's 14 px font, without a font lookup
/// (used per frame for column widths).
pub(super) fn text_width(s: &str) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 8.0 } else { 14.5 })
        .sum()
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

/// Tables with more rows than this keep the fixed amount widths: measuring every amount after
/// each edit would cost a large package its frame.
const MEASURED_ROWS: usize = 2_000;

/// The widest amount of each data column of each block, as the grid draws it (元 tables as
/// published, 万元 with thousands separators); empty for a table too large to measure.
pub fn data_widths(view: &TableView, def: &TableDef) -> Vec<Vec<f32>> {
    let rows: usize = view.blocks.iter().map(|b| b.rows.len()).sum();
    if rows > MEASURED_ROWS {
        return Vec::new();
    }
    view.blocks
        .iter()
        .zip(&def.blocks)
        .map(|(b, d)| {
            (0..d.columns.len())
                .map(|i| {
                    b.rows
                        .iter()
                        .filter_map(|r| r.cells.get(i).and_then(|a| a.value()))
                        .map(|v| {
                            let text = if def.is_exact() {
                                def.unit.format(v)
                            } else {
                                crate::model::money::format_2dp_grouped(v)
                            };
                            text_width(&text)
                        })
                        .fold(0.0_f32, f32::max)
                })
                .collect()
        })
        .collect()
}

/// Where each block starts horizontally, and the total size of the drawn grid.
#[derive(Clone)]
pub(super) struct Geometry {
    pub(super) block_x: Vec<f32>,
    pub(super) block_cols: Vec<Vec<GridCol>>,
    pub(super) header_h: f32,
    /// Header levels (the deepest block's), not counting captions and the numbers row.
    pub(super) depth: usize,
    pub(super) captions: bool,
    pub(super) numbered: bool,
    pub(super) size: Vec2,
}

/// The narrowest a name column is made to fit the table in the window: about ten characters,
/// the rest of a longer name in its tooltip.
const MIN_NAME_WIDTH: f32 = 150.0;

/// Narrows the name columns of a table wider than `avail`, each in proportion to what it has
/// above [`MIN_NAME_WIDTH`], so a table that can fit the window does: amounts are never
/// narrowed (a cut number misleads), names only down to the minimum.
fn fit_names(block_cols: &mut [Vec<GridCol>], total: f32, avail: f32) {
    let excess = total - avail;
    if excess <= 0.0 {
        return;
    }
    let is_name = |c: &GridCol| matches!(c.kind, CellKind::Name | CellKind::GovName);
    let slack: f32 = block_cols
        .iter()
        .flatten()
        .filter(|c| is_name(c))
        .map(|c| (c.width - MIN_NAME_WIDTH).max(0.0))
        .sum();
    if slack <= 0.0 {
        return;
    }
    let share = (excess / slack).min(1.0);
    for c in block_cols.iter_mut().flatten().filter(|c| is_name(c)) {
        let spare = (c.width - MIN_NAME_WIDTH).max(0.0);
        c.width -= spare * share;
    }
}

impl Geometry {
    /// The geometry of a table; `avail` is the width it is shown in (the name columns narrow
    /// to fit it), `None` for the natural widths.
    pub(super) fn new(
        def: &TableDef,
        view: &TableView,
        year: i32,
        widths: (&[f32], &[Vec<f32>]),
        avail: Option<f32>,
    ) -> Self {
        let (name_widths, data_widths) = widths;
        let mut block_x = Vec::new();
        let mut block_cols = Vec::new();
        let mut x = 0.0;
        let mut depth = 1;
        let mut max_rows = 0;
        let captions = def.blocks.iter().any(|b| !b.caption.is_empty());
        for (bi, b) in def.blocks.iter().enumerate() {
            let mut cols = block_columns_sized(b, year, name_widths.get(bi).copied());
            match data_widths.get(bi) {
                // Measured: as wide as the header's last line and the widest amount, so a
                // table of small figures takes little room (table 1 fits the window).
                Some(measured) => {
                    for c in cols.iter_mut() {
                        if let CellKind::Data(i) = c.kind {
                            let leaf = c.header.last().map(|h| text_width(h)).unwrap_or(0.0);
                            let amount = measured.get(i).copied().unwrap_or(0.0);
                            c.width = (leaf.max(amount) + 16.0).clamp(72.0, 190.0);
                        }
                    }
                }
                // 元 amounts run to "371,514,655.00": room for 14 characters.
                None if def.is_exact() => {
                    for c in cols
                        .iter_mut()
                        .filter(|c| matches!(c.kind, CellKind::Data(_)))
                    {
                        c.width = c.width.max(128.0);
                    }
                }
                None => {}
            }
            depth = depth.max(b.header_depth());
            max_rows = max_rows.max(view.blocks.get(bi).map(|v| v.rows.len()).unwrap_or(0));
            block_cols.push(cols);
        }
        if let Some(avail) = avail {
            let natural: f32 = block_cols.iter().flatten().map(|c| c.width).sum::<f32>()
                + BLOCK_GAP * block_cols.len().saturating_sub(1) as f32;
            fit_names(&mut block_cols, natural, avail);
        }
        for cols in &block_cols {
            block_x.push(x);
            x += cols.iter().map(|c| c.width).sum::<f32>() + BLOCK_GAP;
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

    pub(super) fn col_x(&self, block: usize, col: usize) -> f32 {
        self.block_x[block]
            + self.block_cols[block][..col]
                .iter()
                .map(|c| c.width)
                .sum::<f32>()
    }

    /// The cell rect in content coordinates.
    /// How many leading columns of the first block stay in view when the grid scrolls
    /// sideways: its code and name columns, as frozen panes in a spreadsheet.
    pub(super) fn frozen(&self) -> usize {
        self.block_cols.first().map_or(0, |cols| {
            cols.iter()
                .take_while(|c| !matches!(c.kind, CellKind::Data(_)))
                .count()
        })
    }

    pub(super) fn frozen_width(&self) -> f32 {
        self.block_cols.first().map_or(0.0, |cols| {
            cols[..self.frozen()].iter().map(|c| c.width).sum()
        })
    }

    /// Whether a cell is in the frozen columns.
    pub(super) fn is_frozen(&self, cell: Cell) -> bool {
        cell.block == 0 && cell.col < self.frozen()
    }

    /// Where a cell is drawn when the grid is scrolled `scroll_x` to the right: a frozen cell
    /// moves with the scroll so it stays at the left edge.
    pub(super) fn cell_rect_at(&self, cell: Cell, scroll_x: f32) -> Rect {
        let r = self.cell_rect(cell);
        if self.is_frozen(cell) && scroll_x > 0.0 {
            r.translate(Vec2::new(scroll_x, 0.0))
        } else {
            r
        }
    }

    /// The cell at a point in content coordinates, with the frozen columns at the left edge.
    pub(super) fn hit_at(&self, p: Pos2, view: &TableView, scroll_x: f32) -> Option<Cell> {
        if scroll_x > 0.0 && p.x >= scroll_x && p.x < scroll_x + self.frozen_width() {
            return self.hit(Pos2::new(p.x - scroll_x, p.y), view);
        }
        self.hit(p, view)
    }

    pub(super) fn cell_rect(&self, cell: Cell) -> Rect {
        let x = self.col_x(cell.block, cell.col);
        let w = self.block_cols[cell.block][cell.col].width;
        let y = self.header_h + cell.row as f32 * ROW_HEIGHT;
        Rect::from_min_size(Pos2::new(x, y), Vec2::new(w, ROW_HEIGHT))
    }

    /// The cell at a point in content coordinates.
    pub(super) fn hit(&self, p: Pos2, view: &TableView) -> Option<Cell> {
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
            cols.iter().position(|c| c.kind == CellKind::Data(i))?
        }
        None => cols
            .iter()
            .position(|c| c.kind == CellKind::Name)
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
    use crate::catalog::Catalog;
    use crate::model::view::table_view;

    #[test]
    fn name_columns_fit_the_longest_name() {
        let pkg = crate::io::sample::sample();
        let def = crate::model::layout::shanxi_13()
            .table("t3")
            .expect("layout has the table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        let w = name_widths(&view);
        // 机关事业单位基本养老保险缴费支出: 16 characters at depth 3.
        assert!(w[0] >= 16.0 * 14.5, "width {}", w[0]);
    }

    #[test]
    fn a_table_that_can_fit_the_window_does_by_narrowing_its_names_only() {
        let pkg = crate::io::sample::sample();
        let def = crate::model::layout::shanxi_13()
            .table("t1")
            .expect("layout has the table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        let widths = name_widths(&view);
        let natural = Geometry::new(def, &view, pkg.year, (&widths, &[]), None);
        let slack: f32 = natural
            .block_cols
            .iter()
            .flatten()
            .filter(|c| c.kind == CellKind::Name)
            .map(|c| (c.width - MIN_NAME_WIDTH).max(0.0))
            .sum();
        assert!(
            slack > 20.0,
            "the sample's table 1 has names wider than the minimum"
        );
        let avail = natural.size.x - slack / 2.0;
        let fitted = Geometry::new(def, &view, pkg.year, (&widths, &[]), Some(avail));
        assert!(
            (fitted.size.x - avail).abs() < 0.5,
            "{} vs {avail}",
            fitted.size.x
        );
        for (a, b) in natural
            .block_cols
            .iter()
            .flatten()
            .zip(fitted.block_cols.iter().flatten())
        {
            if matches!(a.kind, CellKind::Data(_) | CellKind::Code) {
                assert_eq!(a.width, b.width, "an amount or code column was narrowed");
            } else {
                assert!(b.width <= a.width && b.width >= MIN_NAME_WIDTH.min(a.width));
            }
        }
        // Room to spare: nothing changes.
        let wide = Geometry::new(
            def,
            &view,
            pkg.year,
            (&widths, &[]),
            Some(natural.size.x + 500.0),
        );
        assert_eq!(wide.size, natural.size);
        // Too narrow for names at their minimum: names stop at the minimum, the grid scrolls.
        let narrow = Geometry::new(def, &view, pkg.year, (&widths, &[]), Some(100.0));
        assert!(narrow.size.x > 100.0);
        assert!(
            narrow
                .block_cols
                .iter()
                .flatten()
                .filter(|c| c.kind == CellKind::Name)
                .all(|c| c.width >= MIN_NAME_WIDTH - 0.01)
        );
    }

    #[test]
    fn amount_columns_fit_their_widest_amount_and_header() {
        let pkg = crate::io::sample::sample();
        let def = crate::model::layout::shanxi_13()
            .table("t1")
            .expect("layout has the table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        let measured = data_widths(&view, def);
        let geo = Geometry::new(def, &view, pkg.year, (&name_widths(&view), &measured), None);
        // 表1 支出: "2026年合计" over amounts like "240.65": narrower than the fixed width.
        let total = &geo.block_cols[1][1];
        assert_eq!(total.kind, CellKind::Data(0));
        assert!(total.width < 104.0, "width {}", total.width);
        assert!(total.width >= text_width("2026年合计") + 16.0);
        // A large amount widens its column so that it is never cut.
        let mut big = view.clone();
        big.blocks[1].rows[0].cells[0] =
            crate::model::Amount::new(rust_decimal::Decimal::new(123_456_789_012, 2));
        let measured = data_widths(&big, def);
        let geo = Geometry::new(def, &big, pkg.year, (&name_widths(&big), &measured), None);
        assert!(geo.block_cols[1][1].width >= text_width("1,234,567,890.12") + 16.0);
    }

    #[test]
    fn code_and_name_columns_stay_at_the_left_edge_when_scrolled_sideways() {
        let pkg = crate::io::sample::sample();
        let def = crate::model::layout::shanxi_13()
            .table("t6")
            .expect("layout has the table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        let geo = Geometry::new(def, &view, pkg.year, (&name_widths(&view), &[]), None);
        // 表6: 经济科目编码, its name and the 政府 name.
        assert_eq!(geo.frozen(), 3);
        let code = Cell {
            block: 0,
            row: 2,
            col: 0,
        };
        let data = Cell { col: 4, ..code };
        let scroll = 300.0;
        assert_eq!(
            geo.cell_rect_at(code, scroll).min.x,
            geo.cell_rect(code).min.x + scroll
        );
        assert_eq!(geo.cell_rect_at(data, scroll), geo.cell_rect(data));
        // A click at the left edge of the scrolled grid is on the code, not on what scrolled
        // under it; further right it is on the data.
        let y = geo.header_h + 2.5 * ROW_HEIGHT;
        assert_eq!(
            geo.hit_at(Pos2::new(scroll + 5.0, y), &view, scroll),
            Some(code)
        );
        let right = Pos2::new(scroll + geo.frozen_width() + 5.0, y);
        let beyond = geo
            .hit_at(right, &view, scroll)
            .expect("a cell right of the frozen ones");
        assert!(beyond.col >= geo.frozen(), "{beyond:?}");
        assert_eq!(Some(beyond), geo.hit(right, &view));
        // Not scrolled: as drawn.
        assert_eq!(geo.cell_rect_at(code, 0.0), geo.cell_rect(code));
    }
}
