//! The pages that are not tables (概况, the performance forms, 情况说明, 附件): their state
//! between frames and the dispatch to [`super::forms`] and [`super::texts`].

use super::fields::{Fields, PageCtx};
use super::forms::{self, FormsState};
use super::nav::Page;
use super::texts::{self, TextsState};
use crate::catalog::Catalog;
use crate::model::Package;
use crate::model::document::Document;
use crate::model::edit::Edit;
use crate::rules::Finding;

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
        self.fields.comments.begin_frame(pkg, revision);
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
            // Every edit is reported, as the grid's are.
            *status = format!("已{label}");
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
