//! The pages that are not tables (概况, the performance forms, 情况说明, 附件): the editing
//! machinery they share and the dispatch to [`super::forms`] and [`super::texts`].
//!
//! Text typed into a field is kept in a buffer while the field has focus and becomes one
//! undoable [`Edit`] when the focus leaves it (Enter, Tab, a click elsewhere, another page), so
//! typing a paragraph is one undo step, as typing a number in the grid is.

use super::commands::Document;
use super::forms::{self, FormsState};
use super::nav::Page;
use super::texts::{self, TextsState};
use crate::catalog::Catalog;
use crate::model::edit::{
    CountField, Edit, FactAmount, FormRef, FundField, IndicatorText, OverallAmount, Period,
    ProjectText, RowField, TextTarget,
};
use crate::model::money::{format_2dp, format_yuan};
use crate::model::{Amount, Package};
use crate::rules::{Finding, Severity};
use std::collections::HashMap;

/// Where a field's text goes when it is committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Commit {
    Text(TextTarget),
    /// A 情况说明 section's text.
    Section(usize),
    /// A project form's 项目资金 (元).
    Fund {
        form: usize,
        period: Period,
        field: FundField,
    },
    /// The 整体 form's 年度预算 (万元).
    Overall(OverallAmount),
    Fact(FactAmount),
    Count(CountField),
    /// One part of a 指标值; the other parts stay as they are.
    IndicatorPart {
        form: FormRef,
        period: Period,
        index: usize,
        part: ValuePart,
    },
}

/// The parts a 指标值 is entered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValuePart {
    Number,
    Unit,
    /// The whole value of a qualitative indicator ("定性", "及时").
    Qualitative,
}

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
    pending: HashMap<egui::Id, (Commit, String, String)>,
    pub out: PagesOutput,
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
        let id = egui::Id::unique(("page-field", commit));
        let mut buf = match self.pending.get(&id) {
            Some((_, b, _)) => b.clone(),
            None => current.to_string(),
        };
        let edit = match shape {
            Shape::Line => egui::TextEdit::singleline(&mut buf),
            Shape::Paragraphs => egui::TextEdit::multiline(&mut buf).desired_rows(2),
            Shape::Wrapped => egui::TextEdit::multiline(&mut buf)
                .desired_rows(1)
                .return_key(egui::KeyboardShortcut::new(
                    egui::Modifiers::SHIFT,
                    egui::Key::Enter,
                )),
        };
        let resp = ui
            // A minimum size, not only a desired width: inside a grid the available width is
            // the column's width from the frame before, which starts at nothing.
            .add(
                edit.id(id)
                    .desired_width(width)
                    .min_size(egui::vec2(width, 0.0)),
            )
            .accessible_name(name);
        if shape == Shape::Wrapped
            && resp.has_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift)
        {
            resp.surrender_focus();
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
    fn flush(&mut self, ctx: &egui::Context, pkg: &Package) {
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

/// The edit a committed text makes, or why the text is refused (the field then shows the stored
/// value again).
fn commit_edit(pkg: &Package, commit: Commit, text: &str) -> Result<Option<Edit>, String> {
    let amount = |t: &str| Amount::parse(t).map_err(|e| e.to_string());
    Ok(Some(match commit {
        Commit::Text(target @ TextTarget::Project(form, ProjectText::Name)) => {
            let rename = Edit::SetText {
                target,
                text: text.trim().to_string(),
            };
            // The form and its table 12 row are joined by name (F1): renaming one renames both.
            match forms::t12_row_of(pkg, form) {
                Some((table, row)) => Edit::Batch(vec![
                    rename,
                    Edit::SetRowField {
                        table,
                        block: "main".into(),
                        row,
                        field: RowField::Name,
                        value: text.trim().to_string(),
                    },
                ]),
                None => rename,
            }
        }
        Commit::Text(target) => Edit::SetText {
            target,
            text: text.to_string(),
        },
        Commit::Section(index) => Edit::SetSectionText {
            index,
            text: text.to_string(),
        },
        Commit::Fund {
            form,
            period,
            field,
        } => {
            let value = amount(text)?;
            let old = pkg.project_forms.get(form).map(|f| {
                let funds = match period {
                    Period::Implementation => &f.funds_period,
                    Period::Year => &f.funds_year,
                };
                match field {
                    FundField::Total => funds.total,
                    FundField::Central => funds.central,
                    FundField::Provincial => funds.provincial,
                    FundField::Local => funds.local,
                    FundField::SelfRaised => funds.self_raised,
                    FundField::Other => funds.other,
                }
            });
            if old == Some(value) {
                return Ok(None);
            }
            Edit::SetFormFund {
                form,
                period,
                field,
                value,
            }
        }
        Commit::Overall(field) => Edit::SetFormAmount {
            field,
            value: amount(text)?,
        },
        Commit::Fact(field) => Edit::SetFact {
            field,
            value: amount(text)?,
        },
        Commit::Count(field) => {
            let t = text.trim();
            let value = if t.is_empty() {
                None
            } else {
                Some(
                    t.parse::<u32>()
                        .map_err(|_| format!("“{t}”不是人数或个数：只能填写 0 或正整数"))?,
                )
            };
            Edit::SetCount { field, value }
        }
        Commit::IndicatorPart {
            form,
            period,
            index,
            part,
        } => {
            let Some(current) = forms::indicator_list(pkg, form, period)
                .and_then(|l| l.get(index))
                .map(|i| i.value.clone())
            else {
                return Ok(None);
            };
            let mut parts = forms::ValueParts::split(&current);
            match part {
                ValuePart::Number => {
                    let t = text.trim();
                    if !t.is_empty() && rust_decimal::Decimal::from_str_exact(t).is_err() {
                        return Err(format!("“{t}”不是数值：指标值的数值只能是数字"));
                    }
                    parts.number = t.to_string();
                }
                ValuePart::Unit => parts.unit = text.trim().to_string(),
                ValuePart::Qualitative => parts.qualitative = Some(text.trim().to_string()),
            }
            Edit::SetText {
                target: TextTarget::Indicator {
                    form,
                    period,
                    index,
                    part: IndicatorText::Value,
                },
                text: parts.compose(),
            }
        }
    }))
}

/// The editors of the non-table pages, with their state between frames.
#[derive(Default)]
pub struct PageEditors {
    pub fields: Fields,
    pub forms: FormsState,
    pub texts: TextsState,
}

impl PageEditors {
    /// Draws the page (a table page is the grid's, not drawn here).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        page: &Page,
        pkg: &Package,
        findings: &[Finding],
        catalog: &'static Catalog,
        revision: u64,
    ) {
        let cx = PageCtx {
            pkg,
            findings,
            catalog,
            revision,
        };
        match page {
            Page::Table(_) => {}
            Page::Overview => texts::overview_ui(ui, &mut self.fields, &cx),
            Page::OverallForm => forms::overall_form_ui(ui, &mut self.fields, &mut self.forms, &cx),
            Page::ProjectForm(i) => {
                forms::project_form_ui(ui, &mut self.fields, &mut self.forms, &cx, *i)
            }
            Page::Explanation => texts::explanation_ui(ui, &mut self.fields, &mut self.texts, &cx),
            Page::Appendices => texts::appendices_ui(ui, &mut self.fields, &cx),
        }
    }

    /// Whether a field of these pages is being typed in: its own undo (Ctrl+Z) then applies to
    /// the text being typed, not to the document.
    pub fn is_editing(&self) -> bool {
        !self.fields.pending.is_empty()
    }

    /// Looks at an edit the grid is about to apply: a project added to table 12 gets the offer
    /// to create its performance form.
    pub fn notice_edit(&mut self, pkg: &Package, edit: &Edit) {
        self.forms.notice_edit(pkg, edit);
    }

    /// Ends the frame: draws the pages' dialogs, commits fields that lost focus, and applies
    /// what the pages asked for to the document (each edit one undo step).
    pub fn end_frame(
        &mut self,
        ctx: &egui::Context,
        doc: &mut Document,
        page: &mut Page,
        status: &mut String,
    ) {
        forms::offer_dialog_ui(ctx, &mut self.fields, &mut self.forms, &doc.pkg);
        self.fields.flush(ctx, &doc.pkg);
        let out = std::mem::take(&mut self.fields.out);
        for (label, edit) in out.edits {
            doc.apply(label, edit);
        }
        if let Some(s) = out.status {
            *status = s;
        }
        if let Some(p) = out.goto {
            *page = p;
        }
    }
}

/// The colour of a severity, as the grid and the findings panel show it.
pub fn severity_color(s: Severity) -> egui::Color32 {
    super::grid::severity_color_pub(s)
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
