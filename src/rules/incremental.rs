//! Incremental checking for the editor: a [`Checker`] keeps every table's view and scan and
//! every rule's findings with the tables that rule read, and after an edit recomputes only the
//! views the edit touched (an amount typed into a code table is updated in place, up its tree)
//! and reruns only the rules that read them. [`super::check`] stays the reference: after every
//! edit the findings are the same as a full check's, in the same order (tests/incremental.rs).

use super::scan::{self, BlockScan};
use super::{Context, Finding, PER_TABLE, REVIEW, RULES, TEXT};
use crate::catalog::Catalog;
use crate::model::Package;
use crate::model::edit::{BlockTouch, Touched};
use crate::model::layout::{Layout, TableDef};
use crate::model::view::{TableView, block_view, table_view, update_code_row};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers the shapes of views (their rows, not their amounts), unique in the process.
static SHAPES: AtomicU64 = AtomicU64::new(1);

fn next_shape() -> u64 {
    SHAPES.fetch_add(1, Ordering::Relaxed)
}

/// Up to this many stored rows of one block whose amounts changed are updated in place; more
/// (a large paste) recompute the block.
const PATCH_ROWS: usize = 64;

/// Rules that read nothing of the package but its tables (and the year, the layout, the
/// tolerance, which an edit either cannot change or changes for every rule): an edit of a form,
/// a text or a fact leaves their findings as they were.
const TABLES_ONLY: &[&str] = &[
    "S1",
    "T1",
    "T2",
    "T3",
    "T4",
    "T4.unknown",
    "T4.duplicate",
    "T5",
    "T6.note",
    "X1",
    "X2",
    "X3",
    "X4",
    "X4.detail",
    "X6",
];

/// Checklist rules that do not read the explanation (C9: the forms' signatures): each is a
/// group of its own, rerun only when what it reads changes.
const NOT_TEXT: &[&str] = &["C9"];

/// Rules that are rerun together: one rule, or every text rule (they share one reading of the
/// explanation, and a text fix is offered only when it adds no finding of any text rule).
struct Group {
    rules: Range<usize>,
    /// Whether the rules read the package outside its tables.
    reads_rest: bool,
    /// The tables (by layout index) the rules read when last run.
    tables: Vec<bool>,
    findings: Vec<Finding>,
    /// For a [`PER_TABLE`] rule, its findings table by table (layout index), each table's
    /// rerun alone when an edit touches it; `findings` is then unused.
    per_table: Option<Vec<Vec<Finding>>>,
    /// How long its last run took: what the two threads of a large package share by.
    cost: std::time::Duration,
}

/// The checker state of the editor: views, scans and findings of one state of a package,
/// brought up to date edit by edit with [`Checker::update`].
pub struct Checker<'c> {
    catalog: &'c Catalog,
    layout: &'static Layout,
    defs: Vec<&'static TableDef>,
    views: Vec<Arc<TableView>>,
    scans: Vec<Arc<Vec<BlockScan<'c>>>>,
    /// Per table: changes whenever its view's rows may have changed.
    shapes: Vec<u64>,
    groups: Vec<Group>,
    /// All findings in the order of a full check, shared with the window (no copy per edit).
    findings: Arc<[Finding]>,
}

impl<'c> Checker<'c> {
    /// Checks a package in full (the first check of an opened package).
    pub fn new(pkg: &Package, catalog: &'c Catalog) -> Self {
        let layout = pkg.layout();
        let defs: Vec<&'static TableDef> = layout.tables.iter().collect();
        let (views, scans) = views_and_scans(pkg, catalog, &defs);
        let mut groups: Vec<Group> = Vec::new();
        for (i, rule) in RULES.iter().enumerate() {
            let text =
                (rule.family == TEXT || rule.family == REVIEW) && !NOT_TEXT.contains(&rule.id);
            let reads_rest = !TABLES_ONLY.contains(&rule.id);
            match groups.last_mut() {
                Some(g) if text && g.rules.end == i && is_text_group(g) => {
                    g.rules.end = i + 1;
                    g.reads_rest |= reads_rest;
                }
                _ => groups.push(Group {
                    rules: i..i + 1,
                    reads_rest,
                    tables: Vec::new(),
                    findings: Vec::new(),
                    per_table: PER_TABLE
                        .contains(&rule.id)
                        .then(|| defs.iter().map(|_| Vec::new()).collect()),
                    cost: std::time::Duration::ZERO,
                }),
            }
        }
        let mut c = Checker {
            catalog,
            layout,
            shapes: defs.iter().map(|_| next_shape()).collect(),
            defs,
            views,
            scans,
            groups,
            findings: Arc::from(Vec::new()),
        };
        c.rerun(pkg, |_| true, None);
        c
    }

    /// Every finding, in [`RULES`] order, as [`super::check`] lists them.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings, shared: what the window keeps between edits without copying them.
    pub fn shared_findings(&self) -> Arc<[Finding]> {
        Arc::clone(&self.findings)
    }

    /// The computed view of a table of the layout. The checker updates a view in place only
    /// when it holds the one reference to it: drop clones before the next [`Checker::update`].
    pub fn view(&self, table: &str) -> Option<&Arc<TableView>> {
        let i = self.defs.iter().position(|d| d.key == table)?;
        self.views.get(i)
    }

    /// A number that changes whenever the rows of a table's view may have changed (rows
    /// inserted, removed, recoded or renamed), and not when only amounts did: what a cache of
    /// row positions or of the name column's width keys on. Unique across checkers.
    pub fn shape(&self, table: &str) -> Option<u64> {
        let i = self.defs.iter().position(|d| d.key == table)?;
        self.shapes.get(i).copied()
    }

    /// Brings the checker up to date with `pkg`, which differs from the package of the last
    /// check (or update) by the edits that `touched` describes. Returns whether the findings
    /// may have changed.
    pub fn update(&mut self, pkg: &Package, touched: &Touched) -> bool {
        if touched.is_empty() {
            return false;
        }
        if touched.all || !std::ptr::eq(self.layout, pkg.layout()) {
            *self = Checker::new(pkg, self.catalog);
            return true;
        }
        let mut changed = vec![false; self.defs.len()];
        for b in &touched.blocks {
            let Some(ti) = self.defs.iter().position(|d| d.key == b.table) else {
                continue;
            };
            changed[ti] = true;
            if !self.patch(pkg, ti, b) {
                self.recompute_block(pkg, ti, &b.block);
            }
        }
        let groups: Vec<bool> = self
            .groups
            .iter()
            .map(|g| {
                (touched.rest && g.reads_rest)
                    || g.tables.iter().zip(&changed).any(|(read, ch)| *read && *ch)
            })
            .collect();
        self.rerun(pkg, |i| groups[i], Some(&changed))
    }

    /// Updates a code block's view and scan in place for amounts changed in a few rows.
    /// Returns false when that cannot be done (recompute then).
    fn patch(&mut self, pkg: &Package, ti: usize, b: &BlockTouch) -> bool {
        let Some(cells) = b.cells.as_ref().filter(|c| c.len() <= PATCH_ROWS) else {
            return false;
        };
        let def = self.defs[ti];
        let Some(bi) = def.blocks.iter().position(|x| x.key == b.block) else {
            // A block the layout does not have is in no view.
            return true;
        };
        let rows = pkg.table(&def.key).map(|d| d.rows(&b.block)).unwrap_or(&[]);
        let view = Arc::make_mut(&mut self.views[ti]);
        let scans = Arc::make_mut(&mut self.scans[ti]);
        let (Some(bv), Some(bs)) = (view.blocks.get_mut(bi), scans.get_mut(bi)) else {
            return false;
        };
        for &r in cells {
            let Some(rows_changed) = update_code_row(&def.blocks[bi], rows, bv, r) else {
                return false;
            };
            scan::update_code_rows(bs, &bv.rows, rows, &rows_changed);
        }
        true
    }

    /// Computes one block's view again, and its table's scan.
    fn recompute_block(&mut self, pkg: &Package, ti: usize, block: &str) {
        let def = self.defs[ti];
        self.shapes[ti] = next_shape();
        let view = Arc::make_mut(&mut self.views[ti]);
        match def.blocks.iter().position(|x| x.key == block) {
            Some(bi) if view.blocks.len() == def.blocks.len() => {
                let rows = pkg.table(&def.key).map(|d| d.rows(block)).unwrap_or(&[]);
                view.blocks[bi] = block_view(pkg, self.catalog, &def.blocks[bi], rows);
            }
            Some(_) => *view = table_view(pkg, self.catalog, def),
            None => return,
        }
        self.scans[ti] = Arc::new(scan::scan_table(pkg, self.catalog, def, view));
    }

    /// Runs the groups of rules `which` says, each noting the tables it reads, and lists the
    /// findings again; a per-table rule only on the `changed` tables (all for `None`). Returns
    /// whether any group ran.
    fn rerun(
        &mut self,
        pkg: &Package,
        which: impl Fn(usize) -> bool,
        changed: Option<&[bool]>,
    ) -> bool {
        let due: Vec<usize> = (0..self.groups.len()).filter(|&i| which(i)).collect();
        if due.is_empty() {
            return false;
        }
        let context = || {
            Context::from_parts(
                pkg,
                self.catalog,
                self.defs
                    .iter()
                    .zip(&self.views)
                    .map(|(d, v)| (*d, Arc::clone(v)))
                    .collect(),
                self.scans.clone(),
            )
        };
        let groups = &self.groups;
        let run_all = |ids: &[usize]| -> Vec<(usize, Run, std::time::Duration)> {
            let ctx = context();
            let runs = ids
                .iter()
                .map(|&gi| {
                    let t = std::time::Instant::now();
                    let run = run_group(&ctx, &groups[gi], changed);
                    (gi, run, t.elapsed())
                })
                .collect();
            // The context's references to the views go now, so the next update can change
            // them in place.
            drop(ctx);
            runs
        };
        let stored: usize = self.views.iter().map(|v| v.row_count()).sum();
        let runs: Vec<(usize, Run, std::time::Duration)> =
            if stored >= super::PARALLEL_ROWS && due.len() > 1 {
                // A county's edit reruns the cross-table rules over 20,000-row tables: on two
                // threads, each with its own context (a context notes what its rule reads).
                // Shared by what each group took last time, the costliest placed first.
                let mut by_cost = due.clone();
                by_cost.sort_by_key(|&g| std::cmp::Reverse(groups[g].cost));
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let (mut wa, mut wb) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
                for g in by_cost {
                    if wa <= wb {
                        wa += groups[g].cost;
                        a.push(g);
                    } else {
                        wb += groups[g].cost;
                        b.push(g);
                    }
                }
                a.sort_unstable();
                b.sort_unstable();
                let (ra, rb) = std::thread::scope(|s| {
                    let other = s.spawn(|| run_all(&b));
                    let mine = run_all(&a);
                    (mine, other.join())
                });
                // A panic on the other thread is a bug in a rule: rerun its share here, so the
                // answer is complete (or the panic happens again, on this thread).
                let rb = rb.unwrap_or_else(|_| run_all(&b));
                ra.into_iter().chain(rb).collect()
            } else {
                run_all(&due)
            };
        let tables = self.defs.len();
        let mut any = false;
        for (gi, run, cost) in runs {
            let g = &mut self.groups[gi];
            g.cost = cost;
            match run {
                Run::PerTable(found) => {
                    if let Some(per_table) = &mut g.per_table {
                        for (t, out) in found {
                            if let Some(slot) = per_table.get_mut(t)
                                && *slot != out
                            {
                                *slot = out;
                                any = true;
                            }
                        }
                    }
                    // It reads every table, each on its own.
                    g.tables = vec![true; tables];
                }
                Run::Whole(out, read) => {
                    g.tables = read;
                    if out != g.findings {
                        g.findings = out;
                        any = true;
                    }
                }
            }
        }
        if any {
            self.findings = self
                .groups
                .iter()
                .flat_map(|g| match &g.per_table {
                    Some(per_table) => per_table.iter().flatten().collect::<Vec<_>>(),
                    None => g.findings.iter().collect(),
                })
                .cloned()
                .collect::<Vec<_>>()
                .into();
        }
        any
    }
}

/// What running one group found: a per-table rule's findings for the tables it was run on,
/// or a group's findings with the tables it read.
enum Run {
    PerTable(Vec<(usize, Vec<Finding>)>),
    Whole(Vec<Finding>, Vec<bool>),
}

/// Runs one group on `ctx`; a per-table rule only on the `changed` tables (all for `None`).
fn run_group(ctx: &Context, g: &Group, changed: Option<&[bool]>) -> Run {
    if let Some(per_table) = &g.per_table {
        let rule = &RULES[g.rules.start];
        let found = (0..per_table.len())
            .filter(|&t| changed.is_none_or(|c| c.get(t).copied().unwrap_or(true)))
            .map(|t| {
                let mut out = Vec::new();
                (rule.check)(&ctx.for_table(t), &mut out);
                drop_unsavable_fixes(&mut out);
                (t, out)
            })
            .collect();
        return Run::PerTable(found);
    }
    ctx.take_reads();
    let mut out = Vec::new();
    for rule in &RULES[g.rules.clone()] {
        (rule.check)(ctx, &mut out);
    }
    drop_unsavable_fixes(&mut out);
    Run::Whole(out, ctx.take_reads())
}

/// As the full check does: a fix writing an amount no file may hold is not offered.
fn drop_unsavable_fixes(out: &mut [Finding]) {
    for f in out {
        if f.fix.as_ref().is_some_and(|x| !x.edit.amounts_in_range()) {
            f.fix = None;
        }
    }
}

fn is_text_group(g: &Group) -> bool {
    let first = &RULES[g.rules.start];
    (first.family == TEXT || first.family == REVIEW) && !NOT_TEXT.contains(&first.id)
}

/// Every table's view and scan, on two threads for a large package (as [`Context::new`]).
#[allow(clippy::type_complexity)]
fn views_and_scans<'c>(
    pkg: &Package,
    catalog: &'c Catalog,
    defs: &[&'static TableDef],
) -> (Vec<Arc<TableView>>, Vec<Arc<Vec<BlockScan<'c>>>>) {
    let rows_of = |d: &TableDef| -> usize {
        pkg.table(&d.key)
            .map(|t| t.blocks.values().map(Vec::len).sum::<usize>())
            .unwrap_or(0)
    };
    let one = |i: usize| -> (usize, TableView, Vec<BlockScan<'c>>) {
        let view = table_view(pkg, catalog, defs[i]);
        let sc = scan::scan_table(pkg, catalog, defs[i], &view);
        (i, view, sc)
    };
    let total: usize = defs.iter().map(|d| rows_of(d)).sum();
    let mut done: Vec<(usize, TableView, Vec<BlockScan<'c>>)> = if total >= super::PARALLEL_ROWS {
        // Two buckets of about equal weight, the heaviest tables placed first.
        let mut order: Vec<usize> = (0..defs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(rows_of(defs[i])));
        let (mut a, mut b, mut wa, mut wb) = (Vec::new(), Vec::new(), 0, 0);
        for i in order {
            let w = rows_of(defs[i]) + 1;
            if wa <= wb {
                wa += w;
                a.push(i);
            } else {
                wb += w;
                b.push(i);
            }
        }
        let (ra, rb) = std::thread::scope(|s| {
            let other = s.spawn(|| b.iter().map(|&i| one(i)).collect::<Vec<_>>());
            let mine: Vec<_> = a.iter().map(|&i| one(i)).collect();
            (mine, other.join())
        });
        let rb = rb.unwrap_or_else(|_| b.iter().map(|&i| one(i)).collect());
        ra.into_iter().chain(rb).collect()
    } else {
        (0..defs.len()).map(one).collect()
    };
    done.sort_by_key(|(i, _, _)| *i);
    done.into_iter()
        .map(|(_, v, s)| (Arc::new(v), Arc::new(s)))
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_per_table_rule_reads_nothing_but_tables() {
        // Run table by table, a rule that also read the forms would list their findings once
        // per table, and an edit of a form would not rerun it.
        for id in PER_TABLE {
            assert!(TABLES_ONLY.contains(id), "{id} is per table but reads more");
            assert!(RULES.iter().any(|r| r.id == *id), "{id} is a rule");
        }
    }
}
