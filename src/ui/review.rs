//! The 审阅 panel: the reviewers' comments, open or resolved, grouped by page, each with its
//! thread, 回复, 解决/重新打开, 删除 and a click that goes to its place; the form that writes a
//! new comment on the selected cell; the reviewer's name, asked once. The panel changes
//! nothing itself: it returns [`ReviewAction`]s that the app applies as undoable edits.

use super::grid::{Cell, block_columns};
use crate::catalog::Catalog;
use crate::model::Package;
use crate::model::cell_edit::CellKind;
use crate::model::comments::{self, Anchor, Comment, Placement};
use crate::model::layout::TableDef;
use crate::model::view::TableView;
use std::collections::HashMap;

/// What the user asked of the panel, carried out by the app after drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewAction {
    /// Keep this name as the reviewer's.
    SetAuthor(String),
    Add {
        anchor: Anchor,
        place: String,
        text: String,
    },
    Reply {
        id: u64,
        text: String,
    },
    SetResolved {
        id: u64,
        resolved: bool,
    },
    Delete {
        id: u64,
    },
    GoTo {
        id: u64,
    },
}

/// A comment being written.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub anchor: Anchor,
    pub place: String,
    pub text: String,
}

/// The panel's state.
#[derive(Default)]
pub struct ReviewPanel {
    pub open: bool,
    pub show_resolved: bool,
    /// The reviewer's name; `None` until given (then asked above the draft).
    pub author: Option<String>,
    pub name_text: String,
    pub draft: Option<Draft>,
    /// Reply being typed, by comment id.
    pub replies: HashMap<u64, String>,
}

/// The page a comment belongs to, as the panel groups them.
fn page_of(pkg: &Package, c: &Comment) -> String {
    match &c.anchor {
        Some(Anchor::Cell { table, .. }) => pkg
            .layout()
            .table(table)
            .map(|d| format!("表{} {}", d.number, d.title_for(pkg.year)))
            .unwrap_or_else(|| table.clone()),
        Some(Anchor::Field { form, .. } | Anchor::Indicator { form, .. }) => {
            comments::form_title(form)
        }
        Some(Anchor::Section { .. }) => "情况说明".into(),
        None => "其他".into(),
    }
}

/// The label a comment is listed under (what a click on it goes to; also what tests click).
pub fn comment_label(c: &Comment, placement: Placement) -> String {
    let mark = placement.label();
    if mark.is_empty() {
        format!("#{} {}", c.id, c.place)
    } else {
        format!("#{} {}（{mark}）", c.id, c.place)
    }
}

impl ReviewPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, pkg: &Package, catalog: &Catalog) -> Vec<ReviewAction> {
        let mut out = Vec::new();
        ui.heading("审阅");
        self.draft_ui(ui, &mut out);
        let open = pkg.comments.iter().filter(|c| !c.resolved).count();
        let resolved = pkg.comments.len() - open;
        ui.horizontal(|ui| {
            ui.label(format!("未解决 {open} · 已解决 {resolved}"));
            ui.checkbox(&mut self.show_resolved, "显示已解决");
        });
        ui.separator();
        if pkg.comments.is_empty() {
            ui.label("还没有批注。选中单元格、表中栏目、指标或情况说明中的文字后用 审阅 › 添加批注（Ctrl+Alt+M）。");
            return out;
        }
        let mut pages: Vec<(String, Vec<&Comment>)> = Vec::new();
        for c in pkg
            .comments
            .iter()
            .filter(|c| self.show_resolved || !c.resolved)
        {
            let page = page_of(pkg, c);
            match pages.iter_mut().find(|(p, _)| *p == page) {
                Some((_, v)) => v.push(c),
                None => pages.push((page, vec![c])),
            }
        }
        egui::ScrollArea::vertical()
            .id_salt("review_list")
            .show(ui, |ui| {
                for (page, list) in pages {
                    ui.strong(format!("{page}（{}）", list.len()));
                    for c in list {
                        let placement = comments::placement(pkg, catalog, c.anchor.as_ref());
                        self.comment_ui(ui, c, placement, &mut out);
                    }
                }
            });
        out
    }

    fn draft_ui(&mut self, ui: &mut egui::Ui, out: &mut Vec<ReviewAction>) {
        if self.draft.is_none() {
            return;
        }
        if self.author.is_none() {
            ui.horizontal(|ui| {
                let l = ui.label("您的姓名");
                ui.text_edit_singleline(&mut self.name_text)
                    .labelled_by(l.id);
                if ui.button("确定姓名").clicked() && !self.name_text.trim().is_empty() {
                    out.push(ReviewAction::SetAuthor(self.name_text.trim().to_string()));
                }
            });
            ui.label("姓名只问一次，记在本机设置中，写在您的批注上。");
            return;
        }
        let mut close = false;
        if let Some(d) = &mut self.draft {
            ui.label(format!("批注：{}", d.place));
            let l = ui.label("批注内容");
            ui.add(
                egui::TextEdit::multiline(&mut d.text)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
            ui.horizontal(|ui| {
                if ui.button("添加批注").clicked() && !d.text.trim().is_empty() {
                    out.push(ReviewAction::Add {
                        anchor: d.anchor.clone(),
                        place: d.place.clone(),
                        text: d.text.trim().to_string(),
                    });
                    close = true;
                }
                if ui.button("取消").clicked() {
                    close = true;
                }
            });
            ui.separator();
        }
        if close {
            self.draft = None;
        }
    }

    fn comment_ui(
        &mut self,
        ui: &mut egui::Ui,
        c: &Comment,
        placement: Placement,
        out: &mut Vec<ReviewAction>,
    ) {
        let label = comment_label(c, placement);
        ui.group(|ui| {
            let text = if placement == Placement::Deleted {
                egui::RichText::new(&label).color(super::style::error_text())
            } else {
                egui::RichText::new(&label)
            };
            if ui
                .add(egui::Button::new(text).frame(false))
                .on_hover_text("点击转到批注的位置")
                .clicked()
            {
                out.push(ReviewAction::GoTo { id: c.id });
            }
            let head = if c.time.is_empty() {
                c.author.clone()
            } else {
                format!("{} {}", c.author, c.time)
            };
            ui.label(egui::RichText::new(head).weak());
            ui.label(&c.text);
            for r in &c.replies {
                ui.label(format!("  ↳ {}", comments::reply_line(r)));
            }
            ui.horizontal(|ui| {
                let l = ui.label(format!("#{} 回复", c.id));
                let text = self.replies.entry(c.id).or_default();
                ui.add(egui::TextEdit::singleline(text).desired_width(140.0))
                    .labelled_by(l.id);
                if ui.button(format!("#{} 发送回复", c.id)).clicked() && !text.trim().is_empty()
                {
                    out.push(ReviewAction::Reply {
                        id: c.id,
                        text: text.trim().to_string(),
                    });
                    text.clear();
                }
            });
            ui.horizontal(|ui| {
                let (label, resolved) = if c.resolved {
                    ("重新打开", false)
                } else {
                    ("解决", true)
                };
                if ui.button(format!("#{} {label}", c.id)).clicked() {
                    out.push(ReviewAction::SetResolved { id: c.id, resolved });
                }
                if ui.button(format!("#{} 删除", c.id)).clicked() {
                    out.push(ReviewAction::Delete { id: c.id });
                }
            });
        });
    }
}

/// The anchor and description of a drawn grid cell (`None` outside the view).
pub fn cell_anchor(
    pkg: &Package,
    def: &TableDef,
    view: &TableView,
    cell: Cell,
) -> Option<(Anchor, String)> {
    let block = def.blocks.get(cell.block)?;
    let row = view.blocks.get(cell.block)?.rows.get(cell.row)?;
    let cols = block_columns(block, pkg.year);
    let column = match cols.get(cell.col).map(|c| c.kind) {
        Some(CellKind::Data(i)) => block.columns.get(i).map(|c| c.key.clone())?,
        _ => String::new(),
    };
    let key = comments::row_key(&row.code, &row.label);
    let loc = crate::rules::Location {
        table: Some(def.key.clone()),
        block: Some(block.key.clone()),
        row: Some(if row.code.is_empty() {
            row.label.clone()
        } else {
            format!("{} {}", row.code, row.label)
        }),
        column: (!column.is_empty()).then(|| column.clone()),
        ..Default::default()
    };
    Some((
        Anchor::Cell {
            table: def.key.clone(),
            block: block.key.clone(),
            row: key,
            column,
        },
        loc.describe(pkg),
    ))
}

/// The drawn cells of a table that carry comments, with the comments' texts (the grid's
/// markers and their hover text).
pub fn comment_cells(
    pkg: &Package,
    def: &TableDef,
    view: &TableView,
) -> HashMap<Cell, Vec<String>> {
    let mut cells: HashMap<Cell, Vec<String>> = HashMap::new();
    for (b, (block, bview)) in def.blocks.iter().zip(&view.blocks).enumerate() {
        let on: Vec<_> = comments::on_block(pkg, &def.key, &block.key).collect();
        if on.is_empty() {
            continue;
        }
        let cols = block_columns(block, pkg.year);
        for (r, vr) in bview.rows.iter().enumerate() {
            let key = comments::row_key(&vr.code, &vr.label);
            for (c, _, column) in on.iter().filter(|(_, row, _)| *row == key) {
                let col = if column.is_empty() {
                    cols.iter().position(|x| x.kind == CellKind::Name)
                } else {
                    block
                        .column_index(column)
                        .and_then(|i| cols.iter().position(|x| x.kind == CellKind::Data(i)))
                };
                if let Some(col) = col {
                    let state = if c.resolved { "（已解决）" } else { "" };
                    cells
                        .entry(Cell {
                            block: b,
                            row: r,
                            col,
                        })
                        .or_default()
                        .push(format!("批注 {}{state}：{}", c.author, c.text));
                }
            }
        }
    }
    cells
}
