//! The consistency checker: pure functions from a package to findings. Every rule is a value in
//! [`RULES`] (id, family, severity, description); the findings panel, the command line `check`
//! and the tests all read that one list.

use crate::catalog::Catalog;
use crate::model::edit::Edit;
use crate::model::layout::{BlockDef, TableDef, TableKind};
use crate::model::money::format_2dp;
use crate::model::view::{BlockView, TableView, ViewRow, table_view};
use crate::model::{Amount, Package};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

pub mod across;
pub mod checklist;
pub mod forms;
pub mod incremental;
pub mod indicator;
pub mod scan;
pub mod structure;
pub mod text;
pub mod within;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 错误
    Error,
    /// 警告
    Warning,
    /// 提示
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Hint => "提示",
        }
    }
}

/// Where a finding is: a table cell, a form field or indicator, or a text section. Every field
/// is optional so one type serves all; unset fields are left out of JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// Table key ("t3").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Block key ("main", "income", "expenditure").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Row code, line key, or name (units, projects, economic lines without a code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// Index of the stored row, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_row: Option<usize>,
    /// Column key ("basic", "total" …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Form: "整体" or a project name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Form field ("年度资金总额", "实施期资金总额" …) or indicator ("实施期/产出指标/成本指标/年成本").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// 情况说明 section number ("五").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl Location {
    pub fn table(table: &str) -> Self {
        Location {
            table: Some(table.to_string()),
            ..Location::default()
        }
    }

    /// A human description of the place, in Chinese (「表3 2014001 基本支出」: the table's number in
    /// the package's layout).
    pub fn describe(&self, pkg: &Package) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = &self.table {
            let layout = pkg.layout();
            let def = layout.table(t);
            parts.push(match def {
                Some(d) => d.label(),
                None => t.clone(),
            });
            if let (Some(d), Some(b)) = (def, &self.block)
                && d.blocks.len() > 1
                && let Some(bd) = d.block(b)
            {
                parts.push(bd.caption.clone());
            }
            if let Some(r) = &self.row {
                parts.push(match def {
                    Some(d) => row_words(d, self.block.as_deref(), r),
                    None => r.clone(),
                });
            }
            if let (Some(d), Some(c)) = (def, &self.column) {
                // The block named first, then any block of the table that has the column.
                let header = self
                    .block
                    .as_deref()
                    .and_then(|b| d.block(b))
                    .into_iter()
                    .chain(d.blocks.iter())
                    .find_map(|b| b.columns.iter().find(|x| &x.key == c))
                    .and_then(|x| x.header.last().cloned());
                if let Some(h) = header {
                    parts.push(h.replace("{year}", &pkg.year.to_string()));
                }
            }
        }
        if let Some(f) = &self.form {
            parts.push(if f == "整体" {
                "整体绩效目标表".to_string()
            } else {
                format!("“{f}”绩效目标表")
            });
        }
        if let Some(f) = &self.field {
            parts.push(f.clone());
        }
        if let Some(s) = &self.section {
            parts.push(format!("情况说明{s}"));
        }
        parts.join(" ")
    }
}

/// A row of a table in the words of the published table: a fixed line by its label
/// ("上年结转"), a code as it is, the 合计 row as 合计行 — never a key of the layout file.
fn row_words(def: &TableDef, block: Option<&str>, row: &str) -> String {
    let fixed = block
        .and_then(|b| def.block(b))
        .into_iter()
        .chain(def.blocks.iter())
        .find_map(|b| match &b.rows {
            crate::model::layout::RowsDef::Fixed(lines) => {
                lines.iter().find(|l| l.key == row).map(|l| l.label.clone())
            }
            _ => None,
        });
    match fixed {
        Some(label) if label.contains("合计") => format!("{label}行"),
        Some(label) => label,
        None if row == "total" || row == "grand_total" => "合计行".into(),
        None if row == "year_total" => "本年合计行".into(),
        // Codes, unit and project names are what the user typed.
        None => row.to_string(),
    }
}

/// One thing the checker found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Rule id from DOMAIN.md ("F2", "F4.percent" for a variant).
    pub rule: String,
    pub severity: Severity,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    pub message: String,
    /// An edit that makes the finding go away, with its label.
    #[serde(skip)]
    pub fix: Option<Fix>,
}

/// Which finding a click meant: its rule, place and message, and the revision of the package it
/// was drawn from. A fix or a "go to" names its finding this way, never by its index in a list
/// that may have changed between drawing and acting (another command in the same frame, an undo).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FindingId {
    pub rule: String,
    pub location: Location,
    pub message: String,
    pub revision: u64,
}

impl FindingId {
    /// Whether `f` is the finding this names (at whatever revision).
    pub fn names(&self, f: &Finding) -> bool {
        self.rule == f.rule && self.location == f.location && self.message == f.message
    }
}

impl Finding {
    /// The identity of this finding as drawn from `revision` of the package.
    pub fn id(&self, revision: u64) -> FindingId {
        FindingId {
            rule: self.rule.clone(),
            location: self.location.clone(),
            message: self.message.clone(),
            revision,
        }
    }
}

/// A one-click fix: an undoable edit with a label for its button.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub label: String,
    pub edit: Edit,
}

/// What a rule needs besides the package: the catalog, and every table's computed view,
/// computed once per check so that no rule recomputes a total (or computes it differently),
/// with one scan of each view ([`scan`]) and every 指标值 parsed once.
pub struct Context<'a> {
    pub pkg: &'a Package,
    pub catalog: &'a Catalog,
    /// Shared with the incremental checker, which keeps the views of the tables an edit did not
    /// touch from one check to the next.
    views: Vec<(&'static TableDef, Arc<TableView>)>,
    /// One scan per block, per table, in layout order.
    scans: Vec<Arc<Vec<scan::BlockScan<'a>>>>,
    stored_rows: usize,
    /// Whether the check uses two threads.
    parallel: bool,
    /// Every 指标值 parsed once, shared by the F4 rules (made on first use when the context is
    /// made from kept views).
    indicators: OnceLock<forms::Indicators<'a>>,
    /// While the incremental checker runs one rule: which tables (by layout index) it read.
    reads: Option<Vec<AtomicBool>>,
    /// Table 12 joined with the project forms.
    projects: OnceLock<forms::ProjectJoin>,
    /// The explanation read once (claims bound to figures), shared by the text rules.
    text: OnceLock<text::Parsed<'a>>,
    /// Offer a summary-table fix even where it alone would unbalance the table: 由明细表生成汇总数
    /// applies all of them together, which leaves the table balanced (the user's one-click fixes
    /// never see this).
    pub(crate) all_summary_fixes: bool,
    /// Set on a context made by [`Context::for_table`]: the one table (layout index) that
    /// [`Context::tables`], [`Context::scans`] and the lookups by kind show.
    only: Option<usize>,
}

/// Packages with at least this many stored table rows are checked on two threads (views, then
/// rules); smaller ones on the caller's thread, where a thread would cost more than it saves.
pub const PARALLEL_ROWS: usize = 20_000;

/// A piece of the work of preparing a context.
enum Work {
    Table(usize),
    /// Project forms in this range (the first piece also takes the 整体 form).
    Forms(usize, usize),
}

enum Done<'a> {
    Table(usize, TableView, Vec<scan::BlockScan<'a>>),
    Forms(usize, forms::Indicators<'a>),
}

impl<'a> Context<'a> {
    pub fn new(pkg: &'a Package, catalog: &'a Catalog) -> Self {
        Self::with_threads(pkg, catalog, None)
    }

    /// A context that uses two threads when `parallel` says so, or (for `None`) when the
    /// package has at least [`PARALLEL_ROWS`] stored rows. The findings are the same either way.
    pub fn with_threads(pkg: &'a Package, catalog: &'a Catalog, parallel: Option<bool>) -> Self {
        let defs: Vec<&'static TableDef> = pkg.layout().tables.iter().collect();
        let rows_of = |d: &TableDef| -> usize {
            pkg.table(&d.key)
                .map(|t| t.blocks.values().map(Vec::len).sum::<usize>())
                .unwrap_or(0)
        };
        let total: usize = defs.iter().map(|d| rows_of(d)).sum();
        let parallel = parallel.unwrap_or(total >= PARALLEL_ROWS);
        let nforms = pkg.project_forms.len();
        let mut work: Vec<(Work, usize)> = defs
            .iter()
            .enumerate()
            .map(|(i, d)| (Work::Table(i), rows_of(d) + 1))
            .collect();
        // An indicator costs about a third of a table row (a few short strings, no sums).
        let form_weight = |n: usize| n * 4 + 1;
        if parallel {
            let half = nforms / 2;
            work.push((Work::Forms(0, half), form_weight(half)));
            work.push((Work::Forms(half, nforms), form_weight(nforms - half)));
        } else {
            work.push((Work::Forms(0, nforms), form_weight(nforms)));
        }
        let run = |w: &Work| -> Done<'a> {
            match *w {
                Work::Table(i) => {
                    let view = table_view(pkg, catalog, defs[i]);
                    let scans = scan::scan_table(pkg, catalog, defs[i], &view);
                    Done::Table(i, view, scans)
                }
                Work::Forms(from, to) => {
                    Done::Forms(from, forms::indicator_facts(pkg, from == 0, from..to))
                }
            }
        };
        let done: Vec<Done<'a>> = if parallel {
            // Two buckets of about equal weight, the heaviest pieces placed first.
            work.sort_by_key(|(_, w)| std::cmp::Reverse(*w));
            let (mut a, mut b, mut wa, mut wb) = (Vec::new(), Vec::new(), 0, 0);
            for (w, weight) in work {
                if wa <= wb {
                    wa += weight;
                    a.push(w);
                } else {
                    wb += weight;
                    b.push(w);
                }
            }
            let (ra, rb) = std::thread::scope(|s| {
                let other = s.spawn(|| b.iter().map(run).collect::<Vec<_>>());
                let mine: Vec<Done> = a.iter().map(run).collect();
                (mine, other.join())
            });
            // A panic in the other thread is a bug in the view code; redo its share here so
            // that the caller still gets a complete answer (or the same panic, on its thread).
            let rb = rb.unwrap_or_else(|_| b.iter().map(run).collect());
            ra.into_iter().chain(rb).collect()
        } else {
            work.iter().map(|(w, _)| run(w)).collect()
        };
        let mut views: Vec<Option<(TableView, Vec<scan::BlockScan<'a>>)>> =
            (0..defs.len()).map(|_| None).collect();
        let mut parts: Vec<(usize, forms::Indicators<'a>)> = Vec::new();
        for d in done {
            match d {
                Done::Table(i, v, sc) => views[i] = Some((v, sc)),
                Done::Forms(from, ind) => parts.push((from, ind)),
            }
        }
        parts.sort_by_key(|(from, _)| *from);
        let mut indicators = forms::Indicators::default();
        for (_, mut part) in parts {
            indicators.facts.append(&mut part.facts);
            indicators.lists.append(&mut part.lists);
        }
        let (views, scans): (Vec<_>, Vec<_>) = defs
            .iter()
            .zip(views)
            .map(|(d, v)| {
                let (view, sc) = v.unwrap_or_else(|| {
                    let view = table_view(pkg, catalog, d);
                    let sc = scan::scan_table(pkg, catalog, d, &view);
                    (view, sc)
                });
                ((*d, Arc::new(view)), Arc::new(sc))
            })
            .unzip();
        Context {
            pkg,
            catalog,
            views,
            scans,
            stored_rows: total,
            parallel,
            indicators: OnceLock::from(indicators),
            reads: None,
            projects: OnceLock::new(),
            text: OnceLock::new(),
            all_summary_fixes: false,
            only: None,
        }
    }

    /// A context on views and scans computed before (one per table of the package's layout, in
    /// layout order), which records the tables each rule reads; on one thread.
    pub(crate) fn from_parts(
        pkg: &'a Package,
        catalog: &'a Catalog,
        views: Vec<(&'static TableDef, Arc<TableView>)>,
        scans: Vec<Arc<Vec<scan::BlockScan<'a>>>>,
    ) -> Self {
        let stored_rows = pkg
            .layout()
            .tables
            .iter()
            .filter_map(|d| pkg.table(&d.key))
            .map(|t| t.blocks.values().map(Vec::len).sum::<usize>())
            .sum();
        let reads = Some(views.iter().map(|_| AtomicBool::new(false)).collect());
        Context {
            pkg,
            catalog,
            views,
            scans,
            stored_rows,
            parallel: false,
            indicators: OnceLock::new(),
            reads,
            projects: OnceLock::new(),
            text: OnceLock::new(),
            all_summary_fixes: false,
            only: None,
        }
    }

    /// The same package, views and scans, seen through one table (layout index `table`): what
    /// a [per-table](PER_TABLE) rule is run on, so that an edit of one table reruns it on that
    /// table alone. Shares the views; cheap (a few reference counts).
    pub(crate) fn for_table(&self, table: usize) -> Context<'a> {
        Context {
            pkg: self.pkg,
            catalog: self.catalog,
            views: self.views.clone(),
            scans: self.scans.clone(),
            stored_rows: self.stored_rows,
            parallel: false,
            indicators: OnceLock::new(),
            reads: None,
            projects: OnceLock::new(),
            text: OnceLock::new(),
            all_summary_fixes: self.all_summary_fixes,
            only: Some(table),
        }
    }

    /// Whether the table with this layout index is seen (all are, but through [`for_table`]).
    ///
    /// [`for_table`]: Context::for_table
    fn shows(&self, i: usize) -> bool {
        self.only.is_none_or(|o| o == i)
    }

    /// How many tables the layout has.
    pub(crate) fn table_count(&self) -> usize {
        self.views.len()
    }

    /// Notes that the running rule read the table with this layout index.
    fn read(&self, i: usize) {
        if let Some(r) = self.reads.as_ref().and_then(|r| r.get(i)) {
            r.store(true, Ordering::Relaxed);
        }
    }

    fn read_all(&self) {
        for r in self.reads.iter().flatten() {
            r.store(true, Ordering::Relaxed);
        }
    }

    /// The tables read since the last call (by layout index), and forgets them.
    pub(crate) fn take_reads(&self) -> Vec<bool> {
        self.reads
            .iter()
            .flatten()
            .map(|r| r.swap(false, Ordering::Relaxed))
            .collect()
    }

    /// Frees the context; a large one on two threads (freeing a county's views is a few
    /// milliseconds of the check).
    pub fn dispose(self) {
        if !self.parallel {
            return;
        }
        let Context { mut views, .. } = self;
        // The two halves by weight: every other table of the heaviest first.
        views.sort_by_key(|(_, v)| {
            std::cmp::Reverse(v.blocks.iter().map(|b| b.rows.len()).sum::<usize>())
        });
        let (a, b): (Vec<_>, Vec<_>) = views.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
        std::thread::scope(|s| {
            s.spawn(move || drop(b));
            drop(a);
        });
    }

    /// How many stored table rows the package has.
    pub fn stored_rows(&self) -> usize {
        self.stored_rows
    }

    /// Every table of the layout with its view, in layout order.
    pub fn tables(&self) -> impl Iterator<Item = (&'static TableDef, &TableView)> {
        self.read_all();
        self.views
            .iter()
            .enumerate()
            .filter(|(i, _)| self.shows(*i))
            .map(|(_, (d, v))| (*d, &**v))
    }

    pub fn view(&self, kind: TableKind) -> Option<(&'static TableDef, &TableView)> {
        let i = self.views.iter().position(|(d, _)| d.kind == kind)?;
        if !self.shows(i) {
            return None;
        }
        self.read(i);
        let (d, v) = &self.views[i];
        Some((*d, &**v))
    }

    /// A block of a table of a kind, with its definition and view.
    pub fn block(&self, kind: TableKind, block: &str) -> Option<Blk<'_>> {
        let (def, view) = self.view(kind)?;
        let i = def.blocks.iter().position(|b| b.key == block)?;
        Some(Blk {
            table: def,
            def: &def.blocks[i],
            view: view.blocks.get(i)?,
        })
    }

    /// Every indicator of the package with its parsed 指标值.
    pub fn indicators(&self) -> &forms::Indicators<'a> {
        self.indicators
            .get_or_init(|| forms::indicator_facts(self.pkg, true, 0..self.pkg.project_forms.len()))
    }

    /// Table 12's projects joined with the forms, computed on first use.
    pub fn projects(&self) -> &forms::ProjectJoin {
        // Read by the join, whichever rule asked first.
        let _ = self.view(TableKind::ProjectsCurrent);
        self.projects.get_or_init(|| forms::project_join(self))
    }

    /// The explanation read and bound to the data's figures, computed on first use.
    pub fn text(&self) -> &text::Parsed<'a> {
        self.text
            .get_or_init(|| text::Parsed::new(self.pkg, self.catalog))
    }

    /// The scan of every block of every table.
    pub fn scans(&self) -> impl Iterator<Item = &scan::BlockScan<'a>> {
        self.read_all();
        self.scans
            .iter()
            .enumerate()
            .filter(|(i, _)| self.shows(*i))
            .flat_map(|(_, s)| s.iter())
    }

    /// The scan of one block of a table of a kind, with the block.
    pub fn scan(&self, kind: TableKind, block: &str) -> Option<(Blk<'_>, &scan::BlockScan<'a>)> {
        let ti = self.views.iter().position(|(d, _)| d.kind == kind)?;
        if !self.shows(ti) {
            return None;
        }
        self.read(ti);
        let (def, view) = &self.views[ti];
        let bi = def.blocks.iter().position(|b| b.key == block)?;
        Some((
            Blk {
                table: def,
                def: &def.blocks[bi],
                view: view.blocks.get(bi)?,
            },
            self.scans.get(ti)?.get(bi)?,
        ))
    }

    /// The 尾差 tolerance in 万元 (never negative).
    pub fn tolerance(&self) -> Decimal {
        self.pkg.tolerance.or_zero().abs()
    }

    /// The tolerance for sums of one table: none for a table in 元, which adds up exactly (a
    /// 1 元 difference is a real fault), else the package's.
    pub fn tolerance_in(&self, table: &TableDef) -> Decimal {
        if table.is_exact() {
            Decimal::ZERO
        } else {
            self.tolerance()
        }
    }

    /// The tolerance for a finding about this place: [`Context::tolerance_in`] its table.
    pub fn tolerance_at(&self, location: &Location) -> Decimal {
        location
            .table
            .as_deref()
            .and_then(|t| self.pkg.layout().table(t))
            .map(|d| self.tolerance_in(d))
            .unwrap_or_else(|| self.tolerance())
    }

    /// Classifies a difference: `None` when equal, a 尾差 hint when within the tolerance,
    /// otherwise `severity`.
    pub fn grade(
        &self,
        expected: Decimal,
        actual: Decimal,
        severity: Severity,
    ) -> Option<Severity> {
        self.grade_with(self.tolerance(), expected, actual, severity)
    }

    /// [`Context::grade`] for amounts of one table ([`Context::tolerance_in`]).
    pub fn grade_in(
        &self,
        table: &TableDef,
        expected: Decimal,
        actual: Decimal,
        severity: Severity,
    ) -> Option<Severity> {
        self.grade_with(self.tolerance_in(table), expected, actual, severity)
    }

    fn grade_with(
        &self,
        tolerance: Decimal,
        expected: Decimal,
        actual: Decimal,
        severity: Severity,
    ) -> Option<Severity> {
        let diff = (expected - actual).abs();
        if diff.is_zero() {
            None
        } else if diff <= tolerance {
            Some(Severity::Hint)
        } else {
            Some(severity)
        }
    }
}

/// One block of one table, with its view.
#[derive(Clone, Copy)]
pub struct Blk<'v> {
    pub table: &'static TableDef,
    pub def: &'static BlockDef,
    pub view: &'v BlockView,
}

impl<'v> Blk<'v> {
    /// A cell of the row with this code or line key, empty cells and missing rows as zero.
    pub fn cell(&self, code: &str, column: &str) -> Decimal {
        self.view
            .find(code)
            .map(|r| r.cell(self.def, column).or_zero())
            .unwrap_or_default()
    }

    /// The index of a column, for reading many rows' cells without looking the key up each time.
    pub fn col(&self, key: &str) -> Option<usize> {
        self.def.column_index(key)
    }

    /// A cell of the 合计 row (zero when the block has none).
    pub fn total(&self, column: &str) -> Decimal {
        self.view
            .total()
            .map(|r| r.cell(self.def, column).or_zero())
            .unwrap_or_default()
    }

    /// A location naming a row (and a column) of this block.
    pub fn loc(&self, row: &ViewRow, column: Option<&str>) -> Location {
        Location {
            table: Some(self.table.key.clone()),
            block: Some(self.def.key.clone()),
            row: Some(row_label(row)),
            stored_row: row.stored,
            column: column.map(str::to_string),
            ..Location::default()
        }
    }

    /// A location naming a line (or code) of this block that may not exist in the view.
    pub fn loc_key(&self, key: &str, column: Option<&str>) -> Location {
        match self.view.find(key) {
            Some(r) => self.loc(r, column),
            None => Location {
                table: Some(self.table.key.clone()),
                block: Some(self.def.key.clone()),
                row: Some(key.to_string()),
                column: column.map(str::to_string),
                ..Location::default()
            },
        }
    }

    /// 「表3」 style prefix for messages: the table's number in the package's layout.
    pub fn name(&self) -> String {
        self.table.label()
    }
}

/// A view row's cell by column index, empty and missing as zero.
pub fn at(row: &ViewRow, col: Option<usize>) -> Decimal {
    col.and_then(|i| row.cells.get(i))
        .map(|a| a.or_zero())
        .unwrap_or_default()
}

/// What a location calls a view row: its code or line key, else its label.
pub fn row_label(row: &ViewRow) -> String {
    if row.code.is_empty() {
        row.label.clone()
    } else {
        row.code.clone()
    }
}

/// An amount in 万元 as findings show it.
pub fn wan(d: Decimal) -> String {
    format_2dp(d)
}

/// An amount of a table in 万元: 元 amounts are rounded to 0.01 万元, as the text and the forms
/// quote them.
pub fn in_wan(table: &TableDef, value: Decimal) -> Decimal {
    match table.unit {
        crate::model::layout::Unit::Wan => value,
        crate::model::layout::Unit::Yuan => (value / Decimal::from(10_000))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
    }
}

/// An amount cell as findings show it ("（空）" for an empty cell).
pub fn cell_text(a: Amount) -> String {
    match a.value() {
        Some(d) => format_2dp(d),
        None => "（空）".into(),
    }
}

/// A finding without a fix, from the parts every rule has.
pub fn finding(
    rule: &str,
    severity: Severity,
    location: Location,
    expected: Option<String>,
    actual: Option<String>,
    message: String,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        location,
        expected,
        actual,
        message,
        fix: None,
    }
}

/// Appends "（尾差）" wording to a hint so the user sees why it is only a hint.
pub fn tail_note(severity: Severity, message: String) -> String {
    if severity == Severity::Hint {
        format!("{message}（差额在尾差容许范围内，属尾差）")
    } else {
        message
    }
}

/// A rule: a value in [`RULES`].
pub struct Rule {
    pub id: &'static str,
    /// "表内" / "表间" / "表与表单、说明" / "文件".
    pub family: &'static str,
    /// The severity of its main finding (a rule may downgrade a finding to 尾差 hint).
    pub severity: Severity,
    /// One line, in Chinese.
    pub description: &'static str,
    pub check: fn(&Context, &mut Vec<Finding>),
}

const IN: &str = "表内";
const ACROSS: &str = "表间";
const FORMS: &str = "表与表单";
const TEXT: &str = "表与说明";
const REVIEW: &str = "公开检查";

/// Every rule, in the order the findings are listed.
pub static RULES: &[Rule] = &[
    Rule {
        id: "S1",
        family: "文件",
        severity: Severity::Warning,
        description: "金额不应为负数",
        check: structure::negative_amounts,
    },
    Rule {
        id: "S1.form",
        family: "文件",
        severity: Severity::Warning,
        description: "项目绩效目标表的资金金额不应为负数",
        check: structure::negative_form_funds,
    },
    Rule {
        id: "T1",
        family: IN,
        severity: Severity::Error,
        description: "合计行、小计行（类、款、单位、汇总行）等于其明细之和；录入的汇总值与计算值不符",
        check: within::t1_row_sums,
    },
    Rule {
        id: "T2",
        family: IN,
        severity: Severity::Error,
        description: "每行的合计列等于各组成列之和；录入的合计列值与计算值不符",
        check: within::t2_column_sums,
    },
    Rule {
        id: "T3",
        family: IN,
        severity: Severity::Error,
        description: "收支总表和财政拨款收支总表收支平衡：收入总计等于支出总计",
        check: within::t3_balance,
    },
    Rule {
        id: "T4",
        family: IN,
        severity: Severity::Warning,
        description: "科目名称与当年分类科目目录一致",
        check: within::t4_names,
    },
    Rule {
        id: "T4.unknown",
        family: IN,
        severity: Severity::Warning,
        description: "科目编码不在当年分类科目目录中或格式不正确",
        check: within::t4_unknown,
    },
    Rule {
        id: "T4.duplicate",
        family: IN,
        severity: Severity::Error,
        description: "同一张表中同一科目编码（或行、单位、项目）不得重复",
        check: within::t4_duplicates,
    },
    Rule {
        id: "T5",
        family: IN,
        severity: Severity::Warning,
        description: "基本支出经济分类表：301、303 科目列人员经费，302 科目列公用经费",
        check: within::t5_personnel_public,
    },
    Rule {
        id: "T5.gov",
        family: IN,
        severity: Severity::Warning,
        description: "基本支出经济分类表：政府经济科目为部门经济科目按单位性质对应的科目",
        check: within::t5_gov_mapping,
    },
    Rule {
        id: "T6.note",
        family: IN,
        severity: Severity::Warning,
        description: "表下注释与本表相符：不说别的资金（套用模板的注释），有数据的表不注“空表”",
        check: within::t6_table_notes,
    },
    Rule {
        id: "X1",
        family: ACROSS,
        severity: Severity::Error,
        description: "收支总表支出各类等于支出总表类合计（基本、项目支出亦然）；收入各来源等于收入总表合计行",
        check: across::x1_summary,
    },
    Rule {
        id: "X2",
        family: ACROSS,
        severity: Severity::Error,
        description: "收入总表与支出总表科目相同、各科目合计相等",
        check: across::x2_income_expenditure,
    },
    Rule {
        id: "X3",
        family: ACROSS,
        severity: Severity::Error,
        description: "一般公共预算支出表等于收入总表的一般公共预算部分（上海：财政拨款收入等于三张功能分类表之和）；财政拨款收支总表各资金列等于一般公共预算、政府性基金、国有资本经营预算支出表",
        check: across::x3_general_and_fiscal,
    },
    Rule {
        id: "X4",
        family: ACROSS,
        severity: Severity::Error,
        description: "基本支出经济分类表合计等于一般公共预算支出表基本支出合计；人员经费、公用经费等于收支总表（上海单位预算）",
        check: across::x4_basic_total,
    },
    Rule {
        id: "X4.detail",
        family: ACROSS,
        severity: Severity::Hint,
        description: "经济分类表住房公积金、养老保险缴费、退休费、医疗保险缴费与一般公共预算支出表对应功能科目相符",
        check: across::x4_details,
    },
    Rule {
        id: "X5",
        family: ACROSS,
        severity: Severity::Warning,
        description: "全部为行政（参公）单位时，机关运行经费等于基本支出经济分类表公用经费",
        check: across::x5_operating_cost,
    },
    Rule {
        id: "X6",
        family: ACROSS,
        severity: Severity::Error,
        description: "项目支出预算表（本年、上年结转）合计与支出总表项目支出、上年结转相符",
        check: across::x6_projects,
    },
    Rule {
        id: "X7",
        family: ACROSS,
        severity: Severity::Warning,
        description: "有公务用车购置及运行费而国有资产情况中车辆为 0",
        check: across::x7_vehicles,
    },
    Rule {
        id: "F1",
        family: FORMS,
        severity: Severity::Error,
        description: "项目支出预算表每个项目有项目绩效目标表，年度资金总额等于该表合计",
        check: forms::f1_projects_have_forms,
    },
    Rule {
        id: "F2",
        family: FORMS,
        severity: Severity::Error,
        description: "项目资金总额等于各来源之和；一年期项目实施期资金等于年度资金",
        check: forms::f2_form_funds,
    },
    Rule {
        id: "F3",
        family: FORMS,
        severity: Severity::Error,
        description: "整体绩效目标表年度预算、预算单位数、人数与报表一致",
        check: forms::f3_overall_form,
    },
    Rule {
        id: "F4",
        family: FORMS,
        severity: Severity::Warning,
        description: "指标值应为“比较符+数值+单位”或定性值",
        check: forms::f4_indicator_values,
    },
    Rule {
        id: "F4.empty",
        family: FORMS,
        severity: Severity::Warning,
        description: "三级指标未填写指标值",
        check: forms::f4_empty_values,
    },
    Rule {
        id: "F4.level1",
        family: FORMS,
        severity: Severity::Warning,
        description: "绩效指标应包含产出、效益、满意度三个一级指标",
        check: forms::f4_level1,
    },
    Rule {
        id: "F4.percent",
        family: FORMS,
        severity: Severity::Warning,
        description: "比率类指标的百分数不应超过 100%",
        check: forms::f4_percent,
    },
    Rule {
        id: "F4.cost",
        family: FORMS,
        severity: Severity::Warning,
        description: "成本指标应以元或万元计，且不超过项目资金",
        check: forms::f4_cost,
    },
    Rule {
        id: "N1",
        family: TEXT,
        severity: Severity::Error,
        description: "情况说明中引用的金额与其所指的报表数据一致",
        check: text::n1_amounts,
    },
    Rule {
        id: "N2",
        family: TEXT,
        severity: Severity::Error,
        description: "情况说明称无数据的表（政府性基金、国有资本、三公、上年结转）确实无数据",
        check: text::n2_empty_tables,
    },
    Rule {
        id: "N2.missing",
        family: TEXT,
        severity: Severity::Warning,
        description: "无数据的表（7、8、9、10、13）在情况说明中应说明",
        check: text::n2_missing_statements,
    },
    Rule {
        id: "N3",
        family: TEXT,
        severity: Severity::Error,
        description: "绩效管理项目个数、金额与项目支出预算表一致；政府采购总额等于货物、工程、服务之和",
        check: text::n3_performance_procurement,
    },
    Rule {
        id: "N4",
        family: TEXT,
        severity: Severity::Error,
        description: "情况说明中的年度：本年为预算年度，比较年为上一年",
        check: text::n4_years,
    },
    Rule {
        id: "N5",
        family: TEXT,
        severity: Severity::Error,
        description: "占比、增减额、增减率和增减方向可由所涉数字重新算出",
        check: text::n5_derived_numbers,
    },
    Rule {
        id: "N6",
        family: TEXT,
        severity: Severity::Warning,
        description: "情况说明中的科目名称为当年目录名称，类、款、项层级正确",
        check: text::n6_names,
    },
    Rule {
        id: "C1",
        family: REVIEW,
        severity: Severity::Warning,
        description: "职责、机构设置、情况说明各部分、三公、机关运行经费、政府采购、国有资产、绩效、名词解释齐全且不为空",
        check: text::c1_parts,
    },
    Rule {
        id: "C2",
        family: REVIEW,
        severity: Severity::Warning,
        description: "不得留有模板文字（XX、某某、增加（减少）、……、待填写），区县部门不得用省直表述",
        check: text::c2_leftovers,
    },
    Rule {
        id: "C3",
        family: REVIEW,
        severity: Severity::Warning,
        description: "收支变动、三公经费、机关运行经费的增减变动应说明原因，原因不得为空",
        check: text::c3_reasons,
    },
    Rule {
        id: "C4",
        family: REVIEW,
        severity: Severity::Warning,
        description: "三公经费逐项说明（因公出国、公务接待、公车购置、公车运行），没有的写明无",
        check: text::c4_three_public_items,
    },
    Rule {
        id: "C5",
        family: REVIEW,
        severity: Severity::Error,
        description: "国有资产：各类车辆之和等于车辆总数；100万元以上设备不多于50万元以上设备",
        check: text::c5_assets,
    },
    Rule {
        id: "C6",
        family: REVIEW,
        severity: Severity::Error,
        description: "政府采购：面向中小企业份额不超过采购总额，采购总额不超过支出预算",
        check: text::c6_procurement,
    },
    Rule {
        id: "C7",
        family: REVIEW,
        severity: Severity::Warning,
        description: "占比应写百分号",
        check: text::c7_share_without_percent,
    },
    Rule {
        id: "C8",
        family: REVIEW,
        severity: Severity::Warning,
        description: "上年数为 0 时不应计算增减率",
        check: text::c8_zero_base,
    },
    Rule {
        id: "C9",
        family: REVIEW,
        severity: Severity::Warning,
        description: "项目绩效目标表的负责人、经办人为真实姓名，填报日期为编制期内的日期",
        check: text::c9_forms_only,
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Runs every rule on a package.
pub fn check(pkg: &Package, catalog: &Catalog) -> Vec<Finding> {
    check_ctx(Context::new(pkg, catalog))
}

/// The findings with every summary-table fix offered, also those that would unbalance the table
/// on their own; for deriving the summary tables, which applies them all at once.
/// Only the cross-table rules run: they are the ones whose fixes derive a summary cell, and a
/// 自动 table is resolved on every edit, so the other rules' cost is not paid there.
pub fn check_deriving(pkg: &Package, catalog: &Catalog) -> Vec<Finding> {
    let mut ctx = Context::new(pkg, catalog);
    ctx.all_summary_fixes = true;
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|r| r.family == ACROSS) {
        (rule.check)(&ctx, &mut out);
    }
    for f in &mut out {
        if f.fix.as_ref().is_some_and(|x| !x.edit.amounts_in_range()) {
            f.fix = None;
        }
    }
    out
}

fn check_ctx(ctx: Context) -> Vec<Finding> {
    let mut findings = check_with(&ctx);
    // A fix that would write an amount no file may hold (a sum of very large amounts) is not
    // offered: the package saved after it would not load.
    for f in &mut findings {
        if f.fix.as_ref().is_some_and(|x| !x.edit.amounts_in_range()) {
            f.fix = None;
        }
    }
    if !ctx.parallel {
        return findings;
    }
    ctx.dispose();
    // The findings were allocated above a county's views (tens of megabytes, freed just now);
    // kept there, they pin that memory and the next check's views cannot reuse it, which
    // measured a third slower when the caller keeps the previous findings (the findings panel
    // does). A copy made now lands in the freed space.
    findings.clone()
}

/// Rules that look at each table on its own (its sums, codes, negative amounts and note): what
/// they find in one table depends on that table alone. They are run table by table, the
/// findings grouped by table in layout order, so that the editor reruns them on the one table
/// an edit touched (a county's three 20,000-row tables are not read again for one amount).
pub const PER_TABLE: &[&str] = &[
    "S1",
    "T1",
    "T2",
    "T4",
    "T4.unknown",
    "T4.duplicate",
    "T6.note",
];

/// Runs one rule: a [`PER_TABLE`] rule table by table.
pub(crate) fn run_rule(rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
    if PER_TABLE.contains(&rule.id) && ctx.only.is_none() {
        for t in 0..ctx.table_count() {
            (rule.check)(&ctx.for_table(t), out);
        }
    } else {
        (rule.check)(ctx, out);
    }
}

/// Runs every rule with a prepared context. Findings come in [`RULES`] order either way.
pub fn check_with(ctx: &Context) -> Vec<Finding> {
    if !ctx.parallel {
        let mut out = Vec::new();
        for rule in RULES {
            run_rule(rule, ctx, &mut out);
        }
        return out;
    }
    let run = |ids: &[usize]| -> Vec<(usize, Vec<Finding>)> {
        ids.iter()
            .map(|&i| {
                let mut v = Vec::new();
                run_rule(&RULES[i], ctx, &mut v);
                (i, v)
            })
            .collect()
    };
    // Alternate rules between the threads: neighbours in the list tend to cost alike.
    let (a, b): (Vec<usize>, Vec<usize>) = (0..RULES.len()).partition(|i| i % 2 == 0);
    let (ra, rb) = std::thread::scope(|s| {
        let other = s.spawn(|| run(&b));
        let mine = run(&a);
        (mine, other.join())
    });
    let rb = rb.unwrap_or_else(|_| run(&b));
    let mut parts: Vec<(usize, Vec<Finding>)> = ra.into_iter().chain(rb).collect();
    parts.sort_by_key(|(i, _)| *i);
    parts.into_iter().flat_map(|(_, v)| v).collect()
}

/// Counts of findings by severity: (errors, warnings, hints).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, h), f| match f.severity {
            Severity::Error => (e + 1, w, h),
            Severity::Warning => (e, w + 1, h),
            Severity::Hint => (e, w, h + 1),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row(code: &str, name: &str, cells: &[(&str, &str)]) -> Row {
        let mut r = Row {
            code: code.into(),
            name: name.into(),
            ..Row::default()
        };
        for (k, v) in cells {
            r.set_cell(k, Amount::new(d(v)));
        }
        r
    }

    /// A package with only table 3, built in code.
    fn small(rows: Vec<Row>) -> Package {
        let mut p = Package::new_empty(2026, "某局");
        p.tables
            .get_mut("t3")
            .map(|t| t.blocks.insert("main".into(), rows));
        p
    }

    fn rules_of(p: &Package) -> Vec<(String, Severity)> {
        check(p, Catalog::builtin())
            .into_iter()
            .filter(|f| f.location.table.as_deref() == Some("t3"))
            .map(|f| (f.rule, f.severity))
            .collect()
    }

    #[test]
    fn a_difference_is_graded_by_the_tolerance() {
        let mut p = Package::new_empty(2026, "某局");
        let ctx = Context::new(&p, Catalog::builtin());
        assert_eq!(ctx.grade(d("1.00"), d("1.00"), Severity::Error), None);
        assert_eq!(
            ctx.grade(d("1.00"), d("1.01"), Severity::Error),
            Some(Severity::Error)
        );
        p.tolerance = Amount::new(d("0.02"));
        let ctx = Context::new(&p, Catalog::builtin());
        assert_eq!(
            ctx.grade(d("1.00"), d("1.02"), Severity::Error),
            Some(Severity::Hint)
        );
        assert_eq!(
            ctx.grade(d("1.00"), d("1.03"), Severity::Warning),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn stated_parents_repeated_codes_and_names_in_a_small_table() {
        let ok = small(vec![
            row("2014001", "行政运行", &[("basic", "1.00")]),
            row("2014004", "信访业务", &[("project", "2.00")]),
        ]);
        assert!(rules_of(&ok).iter().all(|(r, _)| !r.starts_with('T')));
        // A stated 类 row that is not the sum of its children: T1, with a fix that clears it.
        let mut stated = ok.clone();
        stated.table_mut("t3").rows_mut("main").push(row(
            "201",
            "一般公共服务支出",
            &[("basic", "5.00")],
        ));
        assert!(rules_of(&stated).contains(&("T1".into(), Severity::Error)));
        let f = check(&stated, Catalog::builtin())
            .into_iter()
            .find(|f| f.rule == "T1")
            .unwrap();
        assert_eq!(f.expected.as_deref(), Some("1.00"));
        assert_eq!(f.actual.as_deref(), Some("5.00"));
        f.fix.unwrap().edit.apply(&mut stated);
        assert!(!rules_of(&stated).iter().any(|(r, _)| r == "T1"));
        // The same code twice, a wrong name, an unknown code.
        let mut odd = ok.clone();
        let rows = odd.table_mut("t3").rows_mut("main");
        rows.push(row("2014001", "行政运行", &[]));
        rows.push(row("2014004", "信访", &[]));
        rows.push(row("2014077", "某支出", &[]));
        let got = rules_of(&odd);
        for want in [
            ("T4.duplicate", Severity::Error),
            ("T4", Severity::Warning),
            ("T4.unknown", Severity::Warning),
        ] {
            assert!(
                got.contains(&(want.0.into(), want.1)),
                "{want:?} in {got:?}"
            );
        }
    }
}
