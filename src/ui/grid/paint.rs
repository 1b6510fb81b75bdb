//! Drawing the grid: the multi-level header, only the visible rows, computed rows shaded, cells
//! with findings marked, the selection, the in-cell editor and its completions.

use super::geometry::Geometry;
use super::{Cell, GridInput, GridOutput, GridPanel, Selection};
use crate::model::cell_edit::{CellKind, Editable, cell_text, editable};
use crate::model::layout::{BlockDef, ColumnKind};
use crate::model::view::RowRole;
use crate::ui::style;
use crate::ui::style::{HEADER_ROW_HEIGHT, ROW_HEIGHT};
use egui::{Align, Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Stroke, Vec2};

impl GridPanel {
    /// Draws the grid and handles the pointer; returns the edits to apply.
    pub fn show(&mut self, ui: &mut egui::Ui, input: &GridInput) -> GridOutput {
        let mut out = GridOutput::default();
        let def = input.def;
        let view = input.view;
        let geo = self.prepare(ui, input);
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
            // A short table's sideways scroll bar sits under its last row, not at the bottom
            // of the panel.
            .auto_shrink([false, true])
            .show_viewport(ui, |ui, viewport| {
                let origin = ui.max_rect().min;
                ui.set_min_size(geo.size);
                // How far the grid is scrolled sideways: the frozen columns move by as much.
                let scroll_x = viewport.min.x.max(0.0);
                let abs = |r: Rect| r.translate(origin.to_vec2());
                let painter = ui.painter().clone();
                let visuals = ui.visuals().clone();
                let dark = visuals.dark_mode;
                // Typed values in the strongest colour (black on white in the light theme), at
                // least as strong as the computed ones, as in a spreadsheet.
                let text_color = visuals.strong_text_color();
                let style::GridColors {
                    line: grid_line,
                    computed_bg,
                    computed_text,
                    select_bg,
                } = style::GridColors::for_theme(dark);
                let font = FontId::proportional(style::GRID_FONT_SIZE);

                // Body: only the rows in the viewport.
                let first = ((viewport.min.y - geo.header_h) / ROW_HEIGHT).floor().max(0.0) as usize;
                let last = ((viewport.max.y - geo.header_h) / ROW_HEIGHT).ceil().max(0.0) as usize;
                for (b, bview) in view.blocks.iter().enumerate() {
                    let Some(block) = def.blocks.get(b) else { continue };
                    let cols = &geo.block_cols[b];
                    let end = last.min(bview.rows.len());
                    // Frozen columns last, over the cells scrolled under them.
                    let frozen = if b == 0 { geo.frozen() } else { 0 };
                    let order: Vec<usize> = (frozen..cols.len()).chain(0..frozen).collect();
                    for r in first.min(end)..end {
                        let row = &bview.rows[r];
                        let computed_row = !row.role.is_editable();
                        for &c in &order {
                            let col = &cols[c];
                            let cell = Cell { block: b, row: r, col: c };
                            let rect = abs(geo.cell_rect_at(cell, scroll_x));
                            if !rect.intersects(abs(viewport)) {
                                continue;
                            }
                            let computed = computed_row
                                || matches!(col.kind, CellKind::Data(i) if matches!(block.columns[i].kind, ColumnKind::Sum(_)))
                                || input.derived.contains_key(&cell);
                            if c < frozen && scroll_x > 0.0 {
                                painter.rect_filled(rect, CornerRadius::ZERO, visuals.extreme_bg_color);
                            }
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
                                    CellKind::Data(i) if input.def.is_exact() => row
                                        .cells
                                        .get(i)
                                        .and_then(|a| a.value())
                                        .map(|d| input.def.unit.format(d))
                                        .unwrap_or_default(),
                                    CellKind::Data(i) => row
                                        .cells
                                        .get(i)
                                        .and_then(|a| a.value())
                                        .map(crate::model::money::format_2dp_grouped)
                                        .unwrap_or_default(),
                                    _ => cell_text(row, col.kind),
                                };
                                if !text.is_empty() {
                                    let color = if computed { computed_text } else { text_color };
                                    let (pos, align) = match col.kind {
                                        CellKind::Data(_) => (rect.right_center() - Vec2::new(6.0, 0.0), Align2::RIGHT_CENTER),
                                        CellKind::Name => (
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
                                    Stroke::new(2.0, style::CURSOR),
                                    egui::StrokeKind::Inside,
                                );
                            }
                            if let Some(mark) = input.marks.get(&cell) {
                                let color = style::severity_color(mark.severity);
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
                            if input.comments.contains_key(&cell) {
                                // A comment: a folded corner at the top left, apart from the
                                // findings' mark at the top right.
                                let tl = rect.left_top();
                                painter.add(egui::Shape::convex_polygon(
                                    vec![tl, tl + Vec2::new(10.0, 0.0), tl + Vec2::new(0.0, 10.0)],
                                    style::comment_color(),
                                    Stroke::NONE,
                                ));
                            }
                            if scroll_to == Some(cell) {
                                // Leave room for the sticky header above the cell, and for the
                                // frozen columns left of it, so it is not hidden under them.
                                let mut r = rect.expand2(Vec2::new(0.0, geo.header_h));
                                if !geo.is_frozen(cell) {
                                    r.min.x -= geo.frozen_width();
                                }
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
                    let mut rect = abs(geo.cell_rect_at(cell, scroll_x))
                        .expand2(Vec2::new(0.0, geo.header_h));
                    if !geo.is_frozen(cell) {
                        rect.min.x -= geo.frozen_width();
                    }
                    ui.scroll_to_rect(rect, None);
                }

                // The in-cell editor.
                if let Some(ed) = &mut self.editor
                    && ed.cell.block < geo.block_cols.len()
                {
                    let rect = abs(geo.cell_rect_at(ed.cell, scroll_x));
                    let col = &geo.block_cols[ed.cell.block][ed.cell.col];
                    let align = if matches!(col.kind, CellKind::Data(_)) {
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
                            style::error_text()
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
                            Stroke::new(2.0, style::error_text()),
                            egui::StrokeKind::Outside,
                        );
                        egui::Area::new(grid_id.with("editor-error"))
                            .order(egui::Order::Tooltip)
                            .fixed_pos(rect.left_bottom() + Vec2::new(0.0, 2.0))
                            .show(ui.ctx(), |ui| {
                                egui::Frame::popup(ui.style()).show(ui, |ui| {
                                    ui.colored_label(style::error_text(), err);
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
                    let hit = geo.hit_at(to_content(p), view, scroll_x);
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
                // A name cut by a narrowed column is read whole in its tooltip.
                if let Some(p) = resp.hover_pos()
                    && let Some(h) = geo.hit_at(to_content(p), view, scroll_x)
                    && !input.marks.contains_key(&h)
                    && !input.comments.contains_key(&h)
                    && let Some(col) = geo.block_cols.get(h.block).and_then(|c| c.get(h.col))
                    && matches!(col.kind, CellKind::Name | CellKind::GovName)
                    && let Some(row) = view.blocks.get(h.block).and_then(|b| b.rows.get(h.row))
                {
                    let text = cell_text(row, col.kind);
                    let indent = 6.0 + 12.0 * row.depth.saturating_sub(1) as f32;
                    if super::geometry::text_width(&text) + indent + 4.0 > col.width {
                        resp.clone().on_hover_text_at_pointer(text);
                    }
                }
                if let Some(p) = resp.hover_pos()
                    && let Some(h) = geo.hit_at(to_content(p), view, scroll_x)
                    && (input.marks.contains_key(&h)
                        || input.comments.contains_key(&h)
                        || input.derived.contains_key(&h))
                {
                    let text: Vec<&str> = input
                        .derived
                        .get(&h)
                        .into_iter()
                        .chain(input.marks.get(&h).into_iter().flat_map(|m| m.messages.iter()))
                        .chain(input.comments.get(&h).into_iter().flatten())
                        .map(String::as_str)
                        .collect();
                    resp.clone().on_hover_text_at_pointer(text.join("\n"));
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
                // The frozen columns' headers stay at the left edge too.
                let frozen = geo.frozen();
                if scroll_x > 0.0 && frozen > 0 {
                    let mut frozen_geo = geo.clone();
                    frozen_geo.block_cols.truncate(1);
                    frozen_geo.block_cols[0].truncate(frozen);
                    if let Some(block) = def.blocks.first() {
                        let top_left = abs(Rect::from_min_size(
                            Pos2::new(geo.block_x[0] + scroll_x, header_top),
                            Vec2::ZERO,
                        ))
                        .min;
                        let w: f32 = frozen_geo.block_cols[0].iter().map(|c| c.width).sum();
                        painter.rect_filled(
                            Rect::from_min_size(top_left, Vec2::new(w, geo.header_h)),
                            CornerRadius::ZERO,
                            visuals.panel_fill,
                        );
                        self.paint_header(
                            &painter,
                            &frozen_geo,
                            0,
                            block,
                            top_left,
                            grid_line,
                            computed_bg,
                            text_color,
                        );
                    }
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
                        editable(block, row, geo.block_cols[cur.block][cur.col].kind),
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
    pub(super) fn paint_header(
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
}
