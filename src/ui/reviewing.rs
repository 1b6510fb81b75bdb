//! What the app does for the 审阅 and 比较 panels: start a comment on the selected cell or the
//! open form, apply the panels' actions as undoable edits, keep the reviewer's name, go to a
//! comment's place or a change's page.

use super::app::BudgetApp;
use super::compare::CompareAction;
use super::nav::Page;
use super::review::{Draft, ReviewAction, cell_anchor};
use crate::model::comments::{self, Anchor};
use crate::model::edit::Edit;

impl BudgetApp {
    /// 添加批注: a draft on the selected cell (or on the open form as a whole).
    pub fn start_comment(&mut self) {
        let target = match self.nav.page.clone() {
            Page::Table(key) => {
                self.refresh_view(&key);
                let def = self.doc.pkg.layout().table(&key);
                match (def, &self.cache.view) {
                    (Some(def), Some(view)) => {
                        cell_anchor(&self.doc.pkg, def, view, self.grid.selection.cursor)
                    }
                    _ => None,
                }
            }
            Page::OverallForm | Page::ProjectForm(_) | Page::Explanation => self.page_place(),
            _ => None,
        };
        match target {
            Some((anchor, place)) => {
                self.review.open = true;
                self.review.draft = Some(Draft {
                    anchor,
                    place,
                    text: String::new(),
                });
                self.status = "请在右侧审阅面板中输入批注".into();
            }
            None => {
                self.status =
                    "请先选中要批注的单元格、绩效目标表的栏目或指标，或情况说明中的一段文字".into()
            }
        }
    }

    /// Carries out one action of the 审阅 panel.
    pub fn review_action(&mut self, action: ReviewAction) {
        let author = self.review.author.clone().unwrap_or_default();
        let now = comments::now_text();
        let pkg = &self.doc.pkg;
        let (label, edit) = match action {
            ReviewAction::SetAuthor(name) => {
                if let Some(dir) = &self.config_dir
                    && let Err(e) = crate::io::settings::set_reviewer_name(dir, &name)
                {
                    self.status = format!("姓名未能保存到设置文件夹：{e}");
                }
                self.review.author = Some(name);
                return;
            }
            ReviewAction::Add {
                anchor,
                place,
                text,
            } => (
                "添加批注",
                Some(comments::add(pkg, anchor, &place, &author, &now, &text)),
            ),
            ReviewAction::Reply { id, text } => {
                ("回复批注", comments::reply(pkg, id, &author, &now, &text))
            }
            ReviewAction::SetResolved { id, resolved } => (
                if resolved {
                    "解决批注"
                } else {
                    "重新打开批注"
                },
                comments::set_resolved(pkg, id, resolved),
            ),
            ReviewAction::Delete { id } => ("删除批注", comments::delete(pkg, id)),
            ReviewAction::GoTo { id } => {
                self.go_to_comment(id);
                return;
            }
        };
        match edit {
            Some(e) => {
                self.doc.apply(label, e);
                self.status = format!("已{label}（可撤销）");
            }
            None => self.status = "该批注已不存在".into(),
        }
    }

    /// Shows the place of a comment, or says that it is gone.
    pub fn go_to_comment(&mut self, id: u64) {
        let Some(c) = self.doc.pkg.comments.iter().find(|c| c.id == id).cloned() else {
            return;
        };
        let found = match &c.anchor {
            Some(Anchor::Cell {
                table,
                block,
                row,
                column,
            }) => self.select_cell(
                table,
                Some(block),
                row,
                (!column.is_empty()).then_some(column.as_str()),
            ),
            Some(a @ (Anchor::Field { form, .. } | Anchor::Indicator { form, .. })) => {
                self.pages.fields.comments.focus_on = Some(a.clone());
                if form == "整体" {
                    self.nav.page = Page::OverallForm;
                    true
                } else {
                    match self
                        .doc
                        .pkg
                        .project_forms
                        .iter()
                        .position(|f| &f.name == form)
                    {
                        Some(i) => {
                            self.nav.page = Page::ProjectForm(i);
                            true
                        }
                        None => false,
                    }
                }
            }
            Some(a @ Anchor::Section { .. }) => {
                self.pages.fields.comments.focus_on = Some(a.clone());
                self.nav.page = Page::Explanation;
                true
            }
            None => false,
        };
        self.status = if found {
            format!("批注：{}", c.text)
        } else {
            format!("批注的位置已删除（原位置：{}）", c.place)
        };
    }
}

impl BudgetApp {
    /// The place on the shown form or 情况说明 page that a comment goes on: the field that had
    /// focus last (with the passage selected in a section's text), else the form as a whole.
    fn page_place(&self) -> Option<(Anchor, String)> {
        let form = match &self.nav.page {
            Page::OverallForm => Some("整体".to_string()),
            Page::ProjectForm(i) => Some(self.doc.pkg.project_forms.get(*i)?.name.clone()),
            _ => None,
        };
        let last = self.pages.fields.comments.last_place.clone();
        let on_page = last.filter(|(a, _)| match (a, &form) {
            (Anchor::Field { form: f, .. } | Anchor::Indicator { form: f, .. }, Some(p)) => f == p,
            (Anchor::Section { section, .. }, None) => self
                .doc
                .pkg
                .explanation
                .iter()
                .any(|s| comments::section_key(s) == *section),
            _ => false,
        });
        on_page.or_else(|| {
            let form = form?;
            Some((
                Anchor::Field {
                    form: form.clone(),
                    field: String::new(),
                },
                comments::form_title(&form),
            ))
        })
    }

    /// The cells of the shown table that carry a comment marker, with the marker's hover text
    /// (what the grid draws; the UI tests read it).
    pub fn comment_marks(&mut self) -> &std::collections::HashMap<super::grid::Cell, Vec<String>> {
        if let Some(key) = self.current_table().map(str::to_string) {
            self.refresh_view(&key);
        }
        &self.cache.comment_cells
    }
}

impl BudgetApp {
    /// Carries out one action of the 比较 panel.
    pub fn compare_action(&mut self, action: CompareAction) {
        match action {
            CompareAction::Load(path) => match crate::io::project::load(&path) {
                Ok(other) if other.layout().id != self.doc.pkg.layout().id => {
                    self.status = format!(
                        "{} 的版式（{}）与当前文件不同，不能比较",
                        path.display(),
                        other.layout().name
                    );
                }
                Ok(other) => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| path.display().to_string());
                    self.compare.other = Some((name, other));
                    self.compare.computed_for = None;
                    self.compare.refresh(&self.doc.pkg, self.doc.revision());
                    self.status = format!("共 {} 处差异", self.compare.changes.len());
                }
                Err(e) => self.status = format!("无法打开 {}：{e}", path.display()),
            },
            CompareAction::Take(i) => {
                if let Some(c) = self.compare.changes.get(i).cloned() {
                    self.doc
                        .apply(format!("采用此处：{}", c.place), c.take_other);
                    self.status = format!("已采用对方的值：{} {}（可撤销）", c.page, c.place);
                }
            }
            CompareAction::GoTo(i) => {
                let Some(c) = self.compare.changes.get(i) else {
                    return;
                };
                self.nav.page = super::compare::change_page(c);
                let cell = match &c.take_other {
                    Edit::SetCell {
                        table,
                        block,
                        row,
                        column,
                        ..
                    } => Some((table.clone(), block.clone(), *row, column.clone())),
                    // A renamed row: its name.
                    Edit::SetRowField {
                        table, block, row, ..
                    } => Some((table.clone(), block.clone(), *row, String::new())),
                    _ => None,
                };
                if let Some((table, block, row, column)) = cell {
                    let key = self
                        .doc
                        .pkg
                        .table(&table)
                        .and_then(|t| t.rows(&block).get(row))
                        .map(|r| comments::row_key(&r.code, &r.name));
                    if let Some(key) = key {
                        let column = (!column.is_empty()).then_some(column.as_str());
                        self.select_cell(&table, Some(&block), &key, column);
                    }
                }
            }
        }
    }
}
