//! 由明细表生成汇总数: the cells of the summary tables that follow from the detail tables,
//! filled in as one undoable edit, so that a figure is typed once.
//!
//! What is derivable, and from what, is what the cross-table rules know: where the right value
//! of a summary cell is knowable, X1/X3/X5 offer it as a fix. This applies those fixes on the
//! summary tables only, and repeats until none is left (table 4's income follows table 1's,
//! which follows table 2's). A detail table is never changed.
//!
//! A table set to 自动 gets the same values without an edit: [`resolve`] fills its empty
//! derivable cells in a copy of the package, which is what the window draws and checks, so the
//! rules see the numbers the user sees while the file keeps only what the user typed.

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
    let summaries = summary_keys(pkg);
    let (_, found) = derive_into(pkg.clone(), catalog, |e| {
        target(e).is_some_and(|t| summaries.contains(&t))
    });
    Edit::Batch(found.into_iter().map(|d| d.edit).collect())
}

fn summary_keys(pkg: &Package) -> Vec<&'static str> {
    pkg.layout()
        .tables
        .iter()
        .filter(|t| SUMMARY_KINDS.contains(&t.kind))
        .map(|t| t.key.as_str())
        .collect()
}

/// One derived cell: the edit that writes it, and where its value comes from (the fix's words:
/// "按表3 预算支出总表改为 240.65") with the rule that knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    pub edit: Edit,
    pub rule: String,
    pub source: String,
}

impl Derived {
    /// (table, block, line, column) of the cell; every derived cell is a fixed line's.
    pub fn cell(&self) -> Option<(&str, &str, &str, &str)> {
        match &self.edit {
            Edit::SetLineCell {
                table,
                block,
                line,
                column,
                ..
            } => Some((table, block, line, column)),
            _ => None,
        }
    }

    /// The tooltip of the cell: what it follows from.
    pub fn describe(&self) -> String {
        format!(
            "自动计算：{}（{}）；输入数值则按输入，删除后恢复自动",
            self.source.replacen("改为", "得出", 1),
            self.rule
        )
    }
}

/// Applies the summary fixes that `keep` accepts to `work`, round by round.
fn derive_into(
    mut work: Package,
    catalog: &Catalog,
    keep: impl Fn(&Edit) -> bool,
) -> (Package, Vec<Derived>) {
    let mut found: Vec<Derived> = Vec::new();
    for _ in 0..ROUNDS {
        let mut round: Vec<Derived> = Vec::new();
        for f in rules::check_deriving(&work, catalog) {
            if !f.rule.starts_with('X') || f.severity == Severity::Hint {
                continue;
            }
            let Some(fix) = f.fix else { continue };
            if keep(&fix.edit) && !round.iter().any(|d| d.edit == fix.edit) {
                round.push(Derived {
                    edit: fix.edit,
                    rule: f.rule,
                    source: fix.label,
                });
            }
        }
        if round.is_empty() {
            break;
        }
        for d in round {
            d.edit.clone().apply(&mut work);
            found.push(d);
        }
    }
    (work, found)
}

/// A package with its 自动 tables filled in: what the window shows and checks.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub package: Package,
    /// The cells filled, the last value of each cell last.
    pub derived: Vec<Derived>,
}

impl Resolved {
    /// The derived cell at (table, block, line, column), if that cell is computed.
    pub fn at(&self, table: &str, block: &str, line: &str, column: &str) -> Option<&Derived> {
        self.derived
            .iter()
            .rev()
            .find(|d| d.cell() == Some((table, block, line, column)))
    }
}

/// Whether some table of `pkg` is set to 自动.
pub fn has_auto(pkg: &Package) -> bool {
    pkg.tables.values().any(|t| t.auto)
}

/// `pkg` with every empty derivable cell of its 自动 tables computed from the other tables. A
/// cell the user typed is never replaced: it is a stated value, checked like any other. `None`
/// when no table is 自动 (the package is what it is).
pub fn resolve(pkg: &Package, catalog: &Catalog) -> Option<Resolved> {
    if !has_auto(pkg) {
        return None;
    }
    let summaries = summary_keys(pkg);
    let typed = |e: &Edit| match e {
        Edit::SetLineCell {
            table,
            block,
            line,
            column,
            ..
        } => pkg.tables.get(table).is_some_and(|t| {
            t.rows(block)
                .iter()
                .any(|r| r.code == *line && !r.cell(column).is_empty())
        }),
        _ => true,
    };
    let (package, derived) = derive_into(pkg.clone(), catalog, |e| {
        target(e)
            .is_some_and(|t| summaries.contains(&t) && pkg.tables.get(t).is_some_and(|d| d.auto))
            && !typed(e)
    });
    Some(Resolved { package, derived })
}

/// What the command line checks and exports: the package with its 自动 tables filled in.
pub fn resolved<'p>(pkg: &'p Package, catalog: &Catalog) -> std::borrow::Cow<'p, Package> {
    match resolve(pkg, catalog) {
        Some(r) => std::borrow::Cow::Owned(r.package),
        None => std::borrow::Cow::Borrowed(pkg),
    }
}
