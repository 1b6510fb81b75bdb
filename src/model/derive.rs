//! 由明细表生成汇总数: the cells of the summary tables that follow from the detail tables,
//! filled in as one undoable edit, so that a figure is typed once.
//!
//! What is derivable, and from what, is what the cross-table rules know: where the right value
//! of a summary cell is knowable, X1/X3/X5 offer it as a fix. This applies those fixes on the
//! summary tables only, and repeats until none is left (table 4's income follows table 1's,
//! which follows table 2's). A detail table is never changed.

use super::Package;
use super::edit::Edit;
use super::layout::TableKind;
use crate::catalog::Catalog;
use crate::rules::{self, Severity};

/// The kinds of table whose cells are derived: 预算收支总表, 财政拨款收支总表, and 上海's
/// "三公"经费和机关运行经费预算表 (its 机关运行经费).
pub const SUMMARY_KINDS: [TableKind; 3] = [
    TableKind::BudgetSummary,
    TableKind::FiscalSummary,
    TableKind::ThreePublicAndOperating,
];

/// How many rounds at most: each round fills what the previous one made knowable.
const ROUNDS: usize = 4;

/// The table an amount edit writes to.
fn target(e: &Edit) -> Option<&str> {
    match e {
        Edit::SetCell { table, .. } | Edit::SetLineCell { table, .. } => Some(table),
        _ => None,
    }
}

/// The edit that fills every derivable summary cell of `pkg` (an empty batch when all agree).
/// Differences within the 尾差 tolerance are left as typed: they are the publisher's rounding.
pub fn derive_summaries(pkg: &Package, catalog: &Catalog) -> Edit {
    let summaries: Vec<&str> = pkg
        .layout()
        .tables
        .iter()
        .filter(|t| SUMMARY_KINDS.contains(&t.kind))
        .map(|t| t.key.as_str())
        .collect();
    let mut work = pkg.clone();
    let mut edits: Vec<Edit> = Vec::new();
    for _ in 0..ROUNDS {
        let mut round: Vec<Edit> = Vec::new();
        for f in rules::check_deriving(&work, catalog) {
            if !f.rule.starts_with('X') || f.severity == Severity::Hint {
                continue;
            }
            let Some(fix) = f.fix else { continue };
            if target(&fix.edit).is_some_and(|t| summaries.contains(&t))
                && !round.contains(&fix.edit)
            {
                round.push(fix.edit);
            }
        }
        if round.is_empty() {
            break;
        }
        for e in round {
            e.clone().apply(&mut work);
            edits.push(e);
        }
    }
    Edit::Batch(edits)
}
