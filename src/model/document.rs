//! The open document and its history: every change to the package goes through
//! [`Document::apply`], which keeps the inverse edit for undo, so one typed value, one paste or
//! one fix is one step, and the "unsaved" mark follows the history exactly. No window here: the
//! command line, the tests and the window share it.

use crate::model::Package;
use crate::model::edit::{Edit, Touched};
use std::collections::VecDeque;
use std::path::PathBuf;

/// Where the open package came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in sample (shown as 示例 in the title).
    Sample,
    /// A new package not yet saved.
    New,
    /// A file on disk.
    File(PathBuf),
}

/// One open package with its undo and redo stacks.
pub struct Document {
    pub pkg: Package,
    pub origin: Origin,
    undo: Vec<(String, Edit)>,
    redo: Vec<(String, Edit)>,
    /// Depth of the undo stack when last saved; `None` when that state can no longer be
    /// reached by undo/redo.
    saved_depth: Option<usize>,
    /// Grows by one on every change of the package; caches of views and findings key on it.
    revision: u64,
    /// What the last changes touched, by the revision each made: the caches update only that.
    changes: VecDeque<(u64, Touched)>,
}

/// How many changes [`Document::changes_since`] remembers; a cache further behind recomputes.
const CHANGES_KEPT: usize = 64;

impl Document {
    pub fn new(pkg: Package, origin: Origin) -> Self {
        Document {
            pkg,
            origin,
            undo: Vec::new(),
            redo: Vec::new(),
            saved_depth: Some(0),
            revision: 0,
            changes: VecDeque::new(),
        }
    }

    /// A document whose content is not saved anywhere yet (a recovered autosave).
    pub fn new_unsaved(pkg: Package, origin: Origin) -> Self {
        let mut d = Document::new(pkg, origin);
        d.saved_depth = None;
        d
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What changed since revision `rev`; `None` when that is no longer known (recompute all).
    pub fn changes_since(&self, rev: u64) -> Option<Touched> {
        let mut all = Touched::default();
        if rev == self.revision {
            return Some(all);
        }
        if rev > self.revision || self.changes.front().is_none_or(|(r, _)| *r > rev + 1) {
            return None;
        }
        for (_, t) in self.changes.iter().filter(|(r, _)| *r > rev) {
            all.merge(t.clone());
        }
        Some(all)
    }

    fn record(&mut self, touched: Touched) {
        self.revision += 1;
        if self.changes.len() == CHANGES_KEPT {
            self.changes.pop_front();
        }
        self.changes.push_back((self.revision, touched));
    }

    /// Applies one edit as one undo step. An edit that changed nothing is not recorded.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) {
        let touched = edit.touches();
        let inverse = edit.apply(&mut self.pkg);
        if matches!(&inverse, Edit::Batch(v) if v.is_empty()) {
            return;
        }
        if let Some(d) = self.saved_depth
            && d > self.undo.len()
        {
            // The saved state was on the redo stack, which this edit discards.
            self.saved_depth = None;
        }
        self.undo.push((label.into(), inverse));
        self.redo.clear();
        self.record(touched);
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let (label, edit) = self.undo.pop()?;
        let touched = edit.touches();
        let inverse = edit.apply(&mut self.pkg);
        self.redo.push((label.clone(), inverse));
        self.record(touched);
        Some(label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let (label, edit) = self.redo.pop()?;
        let touched = edit.touches();
        let inverse = edit.apply(&mut self.pkg);
        self.undo.push((label.clone(), inverse));
        self.record(touched);
        Some(label)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|(l, _)| l.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(l, _)| l.as_str())
    }

    /// Whether there are changes not written to a file.
    pub fn is_dirty(&self) -> bool {
        self.saved_depth != Some(self.undo.len())
    }

    /// Records that the current state is what the file at `path` holds.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.origin = Origin::File(path);
        self.saved_depth = Some(self.undo.len());
    }

    pub fn path(&self) -> Option<&PathBuf> {
        match &self.origin {
            Origin::File(p) => Some(p),
            _ => None,
        }
    }

    /// The short name shown in the title: the file name, 示例 or 未命名.
    pub fn display_name(&self) -> String {
        match &self.origin {
            Origin::Sample => "示例".into(),
            Origin::New => "未命名".into(),
            Origin::File(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Amount;
    use std::str::FromStr;

    fn set(v: &str) -> Edit {
        Edit::SetLineCell {
            table: "t1".into(),
            block: "income".into(),
            line: "general".into(),
            column: "amount".into(),
            value: Amount::parse(v).unwrap_or_default(),
        }
    }

    fn value(d: &Document) -> Amount {
        d.pkg.tables["t1"]
            .rows("income")
            .iter()
            .find(|r| r.code == "general")
            .map(|r| r.cell("amount"))
            .unwrap_or_default()
    }

    #[test]
    fn undo_redo_and_dirty_follow_the_history() {
        let mut d = Document::new(Package::new_empty(2026, "某局"), Origin::New);
        assert!(!d.is_dirty());
        d.apply("输入", set("1"));
        d.apply("输入", set("2"));
        assert!(d.is_dirty());
        assert_eq!(
            value(&d),
            Amount::new(rust_decimal::Decimal::from_str("2").unwrap())
        );
        d.mark_saved(PathBuf::from("/tmp/x.budget.ron"));
        assert!(!d.is_dirty());
        assert_eq!(d.undo().as_deref(), Some("输入"));
        assert!(d.is_dirty());
        assert_eq!(
            value(&d),
            Amount::new(rust_decimal::Decimal::from_str("1").unwrap())
        );
        d.redo();
        assert!(!d.is_dirty());
        // A new edit after an undo makes the saved state unreachable.
        d.undo();
        d.apply("输入", set("3"));
        assert!(d.is_dirty());
        assert!(!d.can_redo());
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_a_step() {
        let mut d = Document::new(Package::new_empty(2026, "某局"), Origin::New);
        d.apply(
            "删除",
            Edit::RemoveRow {
                table: "t3".into(),
                block: "main".into(),
                index: 5,
            },
        );
        assert!(!d.can_undo());
        assert_eq!(d.revision(), 0);
    }
}
