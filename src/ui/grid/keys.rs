//! The grid's keyboard: spreadsheet moves (arrows, Tab, Enter, Home/End, Page Up/Down, with
//! Shift to extend), typing into a cell, completion keys, copy, cut and paste.

use super::geometry::Geometry;
use super::{Cell, GridInput, GridOutput, GridPanel, Selection};
use crate::model::edit::Edit;
use crate::model::view::TableView;
use egui::{Event, Key};

pub(super) enum KeyCmd {
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

impl GridPanel {
    pub(super) fn clamp(&self, cell: Cell, geo: &Geometry, view: &TableView) -> Cell {
        let b = cell.block.min(geo.block_cols.len().saturating_sub(1));
        let rows = view.blocks.get(b).map(|v| v.rows.len()).unwrap_or(0);
        let cols = geo.block_cols.get(b).map(|c| c.len()).unwrap_or(0);
        Cell {
            block: b,
            row: cell.row.min(rows.saturating_sub(1)),
            col: cell.col.min(cols.saturating_sub(1)),
        }
    }

    pub(super) fn moved(
        &self,
        from: Cell,
        dr: isize,
        dc: isize,
        geo: &Geometry,
        view: &TableView,
    ) -> Cell {
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
    pub(super) fn take_keys(
        &self,
        ui: &mut egui::Ui,
        editing: bool,
        completing: bool,
    ) -> Vec<KeyCmd> {
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

    pub(super) fn handle_key(
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
                if let Some(ed) = &mut self.editor {
                    // A name typed into a code cell is a search, never a code: Enter takes
                    // the best match, as a chosen one.
                    let searched = !ed.text.trim().chars().all(|c| c.is_ascii_digit());
                    let pick = ed.completion.or(searched.then_some(0));
                    if let Some((code, _)) = pick.and_then(|i| completions.get(i)) {
                        ed.text = code.clone();
                    }
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

    pub(super) fn set_cursor(&mut self, to: Cell, extend: bool) {
        if extend {
            self.selection.cursor = to;
        } else {
            self.selection = Selection::single(to);
        }
        self.scroll_to = Some(to);
    }
}
