//! What the pages that are not tables (概况, the performance forms, 情况说明, 附件) share: text
//! fields that keep what is typed in a buffer while they have focus and make it one undoable
//! [`Edit`] when the focus leaves them (Enter, Tab, a click elsewhere, another page), so typing a
//! paragraph is one undo step, as typing a number in the grid is; and the marks and lists of
//! the findings about a field.

use super::field_comments::{FieldComments, highlight_job};
use super::nav::Page;
use super::style::severity_color;
use crate::catalog::Catalog;
use crate::model::edit::{CountField, Edit};
use crate::model::field_edit::commit_edit;
pub use crate::model::field_edit::{Commit, ValuePart};
use crate::model::money::{format_2dp, format_yuan};
use crate::model::{Amount, Package};
use crate::rules::Finding;
use std::collections::HashMap;

/// How a text field takes its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// One line; Enter commits.
    Line,
    /// One paragraph that wraps; Enter commits.
    Wrapped,
    /// Several paragraphs; Enter starts a new line, leaving the field commits.
    Paragraphs,
}

/// What the pages ask the app to do after a frame.
#[derive(Default)]
pub struct PagesOutput {
    pub edits: Vec<(String, Edit)>,
    pub status: Option<String>,
    pub goto: Option<Page>,
}

/// The text fields of the pages: buffers of fields being typed in, and the edits made.
#[derive(Default)]
pub struct Fields {
    /// Field id → (where it goes, the text typed so far, the undo label).
    pub(super) pending: HashMap<egui::Id, (Commit, String, String)>,
    pub out: PagesOutput,
    /// Comments on the fields: markers, the place being commented, going to a comment.
    pub comments: FieldComments,
    /// A field that takes the focus when it is next drawn (the name of an indicator just
    /// added), with the frames left before the request lapses (the field may never come).
    focus_request: Option<(Commit, u8)>,
}

/// What every page reads.
pub struct PageCtx<'a> {
    pub pkg: &'a Package,
    pub findings: &'a [Finding],
    pub catalog: &'static Catalog,
    /// The document's revision, for caches.
    pub revision: u64,
}

impl Fields {
    /// The text being typed into the field that commits to `commit`, if one is being typed.
    pub fn pending_text(&self, commit: Commit) -> Option<&str> {
        self.pending
            .values()
            .find(|(c, _, _)| *c == commit)
            .map(|(_, text, _)| text.as_str())
    }

    /// Gives the focus to the field that commits to `commit` once it is drawn, within the next
    /// few frames (the edit that makes it is applied at the end of this one).
    pub fn focus_when_drawn(&mut self, commit: Commit) {
        self.focus_request = Some((commit, 3));
    }

    /// Records an edit made by a button or a choice (one undo step each).
    pub fn push(&mut self, label: impl Into<String>, edit: Edit) {
        self.out.edits.push((label.into(), edit));
    }

    /// A text field showing `current`; what is typed is committed to `commit` when the field
    /// loses focus. `name` is its accessible name and the undo label.
    pub fn text(
        &mut self,
        ui: &mut egui::Ui,
        commit: Commit,
        current: &str,
        name: &str,
        multiline: bool,
        width: f32,
    ) -> egui::Response {
        let shape = if multiline {
            Shape::Paragraphs
        } else {
            Shape::Line
        };
        self.field(ui, commit, current, name, shape, width)
    }

    /// A one-paragraph field that wraps (a 职责, an indicator's name): Enter commits it, as in a
    /// one-line field, and Shift+Enter is the only way to a line break.
    pub fn wrapped(
        &mut self,
        ui: &mut egui::Ui,
        commit: Commit,
        current: &str,
        name: &str,
        width: f32,
    ) -> egui::Response {
        self.field(ui, commit, current, name, Shape::Wrapped, width)
    }

    fn field(
        &mut self,
        ui: &mut egui::Ui,
        commit: Commit,
        current: &str,
        name: &str,
        shape: Shape,
        width: f32,
    ) -> egui::Response {
        let id = field_id(commit);
        let mut buf = match self.pending.get(&id) {
            Some((_, b, _)) => b.clone(),
            None => current.to_string(),
        };
        // Passages quoted by comments are highlighted where the section's text shows them.
        let quotes = self.comments.quotes(commit);
        let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
            let job = highlight_job(ui, text.as_str(), &quotes, wrap);
            ui.fonts_mut(|f| f.layout_job(job))
        };
        let mut edit = match shape {
            Shape::Line => egui::TextEdit::singleline(&mut buf),
            Shape::Paragraphs => egui::TextEdit::multiline(&mut buf).desired_rows(2),
            Shape::Wrapped => egui::TextEdit::multiline(&mut buf)
                .desired_rows(1)
                .return_key(egui::KeyboardShortcut::new(
                    egui::Modifiers::SHIFT,
                    egui::Key::Enter,
                )),
        };
        if !quotes.is_empty() {
            edit = edit.layouter(&mut layouter);
        }
        let resp = ui
            // A minimum size, not only a desired width: inside a grid the available width is
            // the column's width from the frame before, which starts at nothing.
            .add(
                edit.id(id)
                    .desired_width(width)
                    .min_size(egui::vec2(width, 0.0)),
            )
            .accessible_name(name);
        // Not in the frame that asked: the field at that place then is the one before the
        // edit (an indicator the new one pushes down).
        if self
            .focus_request
            .is_some_and(|(c, left)| c == commit && left < 3)
        {
            self.focus_request = None;
            resp.request_focus();
            resp.scroll_to_me(Some(egui::Align::Center));
        }
        if shape == Shape::Wrapped
            && resp.has_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift)
        {
            resp.surrender_focus();
        }
        if let Some(note) = self.comments.after_field(ui, &resp, id, commit, name, &buf) {
            self.out.status = Some(note);
        }
        if resp.has_focus() || self.pending.contains_key(&id) {
            self.pending
                .insert(id, (commit, buf, format!("编辑 {name}")));
        }
        resp
    }

    /// An amount field: 元 with separators for form funds, two decimals for 万元.
    pub fn amount(
        &mut self,
        ui: &mut egui::Ui,
        commit: Commit,
        value: Amount,
        name: &str,
        yuan: bool,
    ) -> egui::Response {
        let shown = match (value.value(), yuan) {
            (Some(d), true) => format_yuan(d),
            (Some(d), false) => format_2dp(d),
            (None, _) => String::new(),
        };
        self.text(ui, commit, &shown, name, false, 110.0)
    }

    /// A count field (人, 个, 辆).
    pub fn count(
        &mut self,
        ui: &mut egui::Ui,
        field: CountField,
        value: Option<u32>,
        name: &str,
    ) -> egui::Response {
        let shown = value.map(|v| v.to_string()).unwrap_or_default();
        self.text(ui, Commit::Count(field), &shown, name, false, 60.0)
    }

    /// Commits every buffer whose field no longer has focus.
    pub(super) fn flush(&mut self, ctx: &egui::Context, pkg: &Package) {
        self.focus_request = self
            .focus_request
            .and_then(|(c, left)| left.checked_sub(1).map(|l| (c, l)));
        let done: Vec<egui::Id> = self
            .pending
            .keys()
            .copied()
            .filter(|id| !ctx.memory(|m| m.has_focus(*id)))
            .collect();
        for id in done {
            let Some((commit, text, label)) = self.pending.remove(&id) else {
                continue;
            };
            match commit_edit(pkg, commit, &text) {
                Ok(Some(edit)) => self.out.edits.push((label, edit)),
                Ok(None) => {}
                Err(e) => self.out.status = Some(e),
            }
        }
    }
}

/// The widget id of the field that commits to `commit`.
pub fn field_id(commit: Commit) -> egui::Id {
    egui::Id::unique(("page-field", commit))
}

/// Makes Tab and Shift+Tab go down and up `order`, a column of fields drawn in a grid row by
/// row, as in a spreadsheet's column of amounts; past either end Tab goes on as usual. Call it
/// before the fields are drawn, so the focus moves in the same frame.
pub fn tab_down_column(ui: &egui::Ui, order: &[Commit]) {
    let Some(focused) = ui.memory(|m| m.focused()) else {
        return;
    };
    let Some(pos) = order.iter().position(|c| field_id(*c) == focused) else {
        return;
    };
    let step = ui.input(|i| {
        i.events.iter().rev().find_map(|e| match e {
            egui::Event::Key {
                key: egui::Key::Tab,
                pressed: true,
                modifiers,
                ..
            } if modifiers.is_none() => Some(1_isize),
            egui::Event::Key {
                key: egui::Key::Tab,
                pressed: true,
                modifiers,
                ..
            } if modifiers.shift_only() => Some(-1),
            _ => None,
        })
    });
    let Some(next) = step
        .and_then(|s| pos.checked_add_signed(s))
        .and_then(|n| order.get(n))
    else {
        return;
    };
    ui.memory_mut(|m| {
        m.move_focus(egui::FocusDirection::None);
        m.request_focus(field_id(*next));
    });
}

/// Findings about one form (by name: "整体" for the 整体 form).
pub fn form_findings<'a>(findings: &'a [Finding], form: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.location.form.as_deref() == Some(form))
        .collect()
}

/// A coloured mark after a field that a finding is about, with the findings as its tooltip.
pub fn field_mark(ui: &mut egui::Ui, findings: &[&Finding], field: &str) {
    let here: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.location.field.as_deref() == Some(field))
        .collect();
    let Some(worst) = here.iter().map(|f| f.severity).min() else {
        return;
    };
    let text: Vec<String> = here
        .iter()
        .map(|f| format!("{} {}：{}", f.rule, f.severity.label(), f.message))
        .collect();
    ui.label(egui::RichText::new("▲").color(severity_color(worst)))
        .on_hover_text(text.join("\n"));
}

/// The list of findings shown at the top of a form or beside a section.
pub fn findings_list_ui(ui: &mut egui::Ui, findings: &[&Finding]) {
    for f in findings {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!("● {} {}", f.rule, f.severity.label()))
                    .color(severity_color(f.severity)),
            );
            ui.label(&f.message);
        });
    }
}

/// A section heading inside a page.
pub fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(egui::RichText::new(text).strong().size(15.0));
}
