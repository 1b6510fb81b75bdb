//! The editor app: owns the open document and the panels, lays them out each frame, carries out
//! the commands they record, and handles files, the window title, closing and autosave.

use super::commands::{self, AppCommand};
use super::compare::ComparePanel;
use super::dialogs::{Dialog, DialogResult, PathPurpose};
use super::findings::{self, FindingsPanel};
use super::grid::{Cell, GridInput, GridOutput, GridPanel, Mark};
use super::nav::{NavPanel, Page};
use super::pages::PageEditors;
use super::review::ReviewPanel;
use super::status;
use crate::catalog::Catalog;
use crate::io::settings::Preferences;
use crate::io::{project, sample};
use crate::model::document::{Document, Origin};
use crate::model::edit::{Edit, FactAmount};
use crate::model::view::{TableView, table_view};
use crate::model::{Package, TableDef};
use crate::rules::incremental::Checker;
use crate::rules::{self, Finding, FindingId};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The name eframe stores settings under, and the config folder.
pub const APP_ID: &str = crate::io::settings::APP_ID;
pub const WINDOW_TITLE: &str = "部门预算公开编制器";
/// Seconds between autosaves of unsaved changes.
pub const AUTOSAVE_SECS: f64 = 30.0;
/// Views and findings computed from one revision of the package.
#[derive(Default)]
pub(super) struct Cache {
    pub(super) findings_rev: Option<u64>,
    pub(super) findings: Arc<[Finding]>,
    /// Every table's view and every rule's findings at `findings_rev`, updated edit by edit.
    pub(super) checker: Option<Checker<'static>>,
    pub(super) view_key: Option<(u64, String)>,
    /// The checker's view of the table shown (shared, not copied).
    pub(super) view: Option<Arc<TableView>>,
    pub(super) marks: HashMap<Cell, Mark>,
    /// Cells of the cached view with reviewers' comments.
    pub comment_cells: HashMap<Cell, Vec<String>>,
    /// The package with its 自动 tables filled in, what the checker and the grid read; `None`
    /// when no table is 自动.
    pub(super) resolved: Option<crate::model::derive::Resolved>,
    /// Computed cells of the cached view's 自动 table, with what they follow from.
    pub(super) derived_cells: HashMap<Cell, String>,
    pub(super) name_widths: Vec<f32>,
    /// The widest amount of each column of the cached view (measured per revision).
    pub(super) data_widths: Vec<Vec<f32>>,
    /// The table and the shape of its view's rows that `name_widths` was measured on.
    pub(super) widths_of: Option<(String, u64)>,
}

impl Cache {
    /// What the grid needs to draw or edit the cached view of a table.
    fn grid_input<'a>(
        &'a self,
        pkg: &'a Package,
        catalog: &'a Catalog,
        def: &'a TableDef,
        keys_enabled: bool,
    ) -> Option<GridInput<'a>> {
        Some(GridInput {
            pkg: self.resolved.as_ref().map_or(pkg, |r| &r.package),
            catalog,
            def,
            view: self.view.as_deref()?,
            marks: &self.marks,
            comments: &self.comment_cells,
            derived: &self.derived_cells,
            keys_enabled,
            name_widths: &self.name_widths,
            data_widths: &self.data_widths,
        })
    }
}

pub struct BudgetApp {
    pub doc: Document,
    pub nav: NavPanel,
    pub grid: GridPanel,
    pub findings_panel: FindingsPanel,
    /// The 审阅 panel (reviewers' comments).
    pub review: ReviewPanel,
    /// The 比较 panel (another version of the package).
    pub compare: ComparePanel,
    /// The editors of 概况, the forms, 情况说明 and 附件.
    pub pages: PageEditors,
    /// The status line.
    pub status: String,
    pub dialog: Option<Dialog>,
    pub recent: Vec<PathBuf>,
    /// Where recent files and the recovery file live; `None` keeps nothing (tests).
    pub config_dir: Option<PathBuf>,
    /// Whether to try the system file dialog (rfd) before the path field.
    pub native_dialogs: bool,
    pub(super) catalog: &'static Catalog,
    pub(super) cache: Cache,
    pub(super) last_autosave: Option<f64>,
    /// The recovery file this window last wrote, to remove when the document is saved.
    pub(super) recovery_written: Option<PathBuf>,
    pub(super) last_title: String,
    pub(super) allow_close: bool,
    /// Set while running a command the user allowed to discard unsaved changes.
    pub(super) discard_confirmed: bool,
    /// A command waiting for "save first" to finish (the path is being asked for).
    pub(super) after_save: Option<AppCommand>,
    /// Commands asked for by buttons drawn this frame, run after the drawing.
    pub(super) queued: Vec<AppCommand>,
    /// What the user chose once (the theme), kept in the settings folder.
    pub prefs: Preferences,
    /// The 自查表 window.
    pub checklist: super::checklist::ChecklistWindow,
    /// The theme last given to egui (it follows `prefs`).
    pub(super) theme_applied: Option<bool>,
    /// A blank package was just made: a note above the page says where to start, until
    /// closed or another package is opened.
    pub start_note: bool,
    /// The file the last save or export wrote, with the status message that named it: while
    /// that message shows, the status line offers to open its folder.
    pub written: Option<(String, PathBuf)>,
}

impl BudgetApp {
    /// An app on a package, keeping nothing on disk (what the tests and benchmarks use).
    pub fn with_package(pkg: Package, origin: Origin) -> Self {
        BudgetApp {
            doc: Document::new(pkg, origin),
            nav: NavPanel::default(),
            grid: GridPanel::default(),
            findings_panel: FindingsPanel::default(),
            review: ReviewPanel::default(),
            compare: ComparePanel::default(),
            pages: PageEditors::default(),
            status: "就绪".into(),
            dialog: None,
            recent: Vec::new(),
            config_dir: None,
            native_dialogs: false,
            catalog: Catalog::builtin(),
            cache: Cache::default(),
            last_autosave: None,
            recovery_written: None,
            last_title: String::new(),
            allow_close: false,
            discard_confirmed: false,
            after_save: None,
            queued: Vec::new(),
            prefs: Preferences::default(),
            checklist: Default::default(),
            theme_applied: None,
            start_note: false,
            written: None,
        }
    }

    /// The built-in sample, as the window opens with no file.
    pub fn sample() -> Self {
        BudgetApp::with_package(sample::sample(), Origin::Sample)
    }

    /// The window's app: opens `path` (or the sample), reads recent files, offers recovery.
    pub fn start(path: Option<PathBuf>, config_dir: Option<PathBuf>) -> Self {
        let mut app = BudgetApp::sample();
        app.config_dir = config_dir;
        // The window's catalog includes the lists the user imported (catalog import).
        app.catalog = Catalog::installed();
        app.native_dialogs = true;
        app.recent = app.read_recent();
        if let Some(dir) = &app.config_dir {
            app.prefs = Preferences::load(dir);
        }
        app.review.author = app
            .config_dir
            .as_deref()
            .and_then(crate::io::settings::reviewer_name);
        if let Some(p) = path {
            app.open_path(&p);
        }
        app.offer_recovery();
        app
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// The findings of the current package (recomputed when it changed).
    pub fn findings(&mut self) -> &[Finding] {
        self.refresh_findings();
        &self.cache.findings
    }

    /// The window title: department, year, file, and an asterisk while unsaved.
    pub fn title(&self) -> String {
        let p = &self.doc.pkg;
        let dept = if p.department.name.is_empty() {
            "未命名部门"
        } else {
            p.department.name.as_str()
        };
        let star = if self.doc.is_dirty() { " *" } else { "" };
        format!(
            "{WINDOW_TITLE} — {dept} {} — {}{star}",
            p.year,
            self.doc.display_name()
        )
    }

    /// The table page shown, if a table is shown.
    pub fn current_table(&self) -> Option<&str> {
        self.nav.page.table_key()
    }

    pub fn show_table(&mut self, key: &str) {
        self.nav.page = Page::Table(key.to_string());
        self.grid.switch_to(key);
    }

    /// Writes the grid's open cell editor before the page changes. Returns false when its text
    /// is refused (the editor stays open with the reason, and the page must not change).
    fn commit_grid_editor(&mut self, ctx: &egui::Context) -> bool {
        if !self.grid.is_editing() {
            return true;
        }
        let key = self.grid.table.clone();
        self.refresh_view(&key);
        let Some(def) = self.doc.pkg.layout().table(&key) else {
            return true;
        };
        let Some(input) = self
            .cache
            .grid_input(&self.doc.pkg, self.catalog, def, true)
        else {
            return true;
        };
        let out = self.grid.commit_open(&input);
        self.apply_grid_output(ctx, out);
        !self.grid.is_editing()
    }

    pub(super) fn refresh_findings(&mut self) {
        let rev = self.doc.revision();
        if self.cache.findings_rev != Some(rev) {
            // The grid's reference to a view goes, so that the checker updates it in place.
            self.cache.view = None;
            let touched = self
                .cache
                .findings_rev
                .and_then(|r| self.doc.changes_since(r));
            // 自动 tables: the checker reads the package as the grid shows it.
            let resolved = crate::model::derive::resolve(&self.doc.pkg, self.catalog);
            let touched = touched.map(|t| {
                let layout = self.doc.pkg.layout();
                super::auto::widen(t, layout, self.cache.resolved.as_ref(), resolved.as_ref())
            });
            self.cache.resolved = resolved;
            let pkg = self
                .cache
                .resolved
                .as_ref()
                .map_or(&self.doc.pkg, |r| &r.package);
            let changed = match (&mut self.cache.checker, touched) {
                (Some(checker), Some(touched)) => checker.update(pkg, &touched),
                _ => {
                    self.cache.checker = Some(Checker::new(pkg, self.catalog));
                    true
                }
            };
            if changed && let Some(checker) = &self.cache.checker {
                self.cache.findings = checker.shared_findings();
            }
            self.cache.findings_rev = Some(rev);
        }
    }

    pub(super) fn refresh_view(&mut self, key: &str) {
        let rev = self.doc.revision();
        let want = (rev, key.to_string());
        if self.cache.view_key.as_ref() != Some(&want) || self.cache.view.is_none() {
            self.refresh_findings();
            if let Some(def) = self.doc.pkg.layout().table(key) {
                let view = match self.cache.checker.as_ref().and_then(|c| c.view(key)) {
                    Some(v) => Arc::clone(v),
                    None => Arc::new(table_view(&self.doc.pkg, self.catalog, def)),
                };
                self.cache.derived_cells = super::auto::derived_cells(
                    self.cache.resolved.as_ref(),
                    def,
                    &view,
                    self.doc.pkg.year,
                );
                self.cache.marks =
                    findings::marks_for_table(&self.cache.findings, def, &view, self.doc.pkg.year);
                // An amount typed keeps the rows and their names: keep their width too.
                let shape = self.cache.checker.as_ref().and_then(|c| c.shape(key));
                let widths_of = shape.map(|s| (key.to_string(), s));
                if widths_of.is_none() || widths_of != self.cache.widths_of {
                    self.cache.name_widths = super::grid::name_widths(&view);
                }
                self.cache.widths_of = widths_of;
                self.cache.data_widths = super::grid::data_widths(&view, def);
                self.cache.comment_cells = super::review::comment_cells(&self.doc.pkg, def, &view);
                self.cache.view = Some(view);
            } else {
                self.cache.view = None;
                self.cache.marks.clear();
                self.cache.comment_cells.clear();
                self.cache.derived_cells.clear();
            }
            self.cache.view_key = Some(want);
        }
    }

    /// Shows a table and selects one cell, named as a finding would name it (row code or line
    /// key, column key; `None` for the name column). Returns whether the cell exists.
    pub fn select_cell(
        &mut self,
        table: &str,
        block: Option<&str>,
        row: &str,
        column: Option<&str>,
    ) -> bool {
        self.show_table(table);
        self.refresh_view(table);
        let loc = crate::rules::Location {
            table: Some(table.to_string()),
            block: block.map(str::to_string),
            row: Some(row.to_string()),
            column: column.map(str::to_string),
            ..Default::default()
        };
        let def = self.doc.pkg.layout().table(table);
        let cell = match (def, &self.cache.view) {
            (Some(d), Some(v)) => findings::location_cell(&loc, d, v, self.doc.pkg.year),
            _ => None,
        };
        match cell {
            Some(c) => {
                self.grid.select(c);
                true
            }
            None => false,
        }
    }

    /// The computed view of a table of the current package.
    /// (With its 自动 cells computed, as last drawn.)
    pub fn view_of(&self, table: &str) -> Option<TableView> {
        let def = self.doc.pkg.layout().table(table)?;
        let pkg = self
            .cache
            .resolved
            .as_ref()
            .map_or(&self.doc.pkg, |r| &r.package);
        Some(table_view(pkg, self.catalog, def))
    }

    /// The computed cells of the table shown (自动), with their tooltips.
    pub fn derived_cells(&self) -> &HashMap<Cell, String> {
        &self.cache.derived_cells
    }

    /// The identity of the finding now listed at `index` (what a click on it sends).
    pub fn finding_id(&mut self, index: usize) -> Option<FindingId> {
        self.refresh_findings();
        let rev = self.doc.revision();
        self.cache.findings.get(index).map(|f| f.id(rev))
    }

    /// Selects the cells of a finding, switching page, and scrolls to them.
    pub fn go_to_finding(&mut self, id: &FindingId) {
        self.refresh_findings();
        // A finding drawn before the last change is still found while it is still there.
        let Some(f) = self.cache.findings.iter().find(|f| id.names(f)).cloned() else {
            self.status = "该问题已不存在（表格已修改）".into();
            return;
        };
        self.go_to_location(&f.location);
        self.status = format!("{}：{}", f.severity.label(), f.message);
    }

    /// Shows the page of a place and selects its cell when it is in a table.
    fn go_to_location(&mut self, loc: &crate::rules::Location) {
        if let Some(t) = &loc.table {
            self.show_table(t);
            self.refresh_view(t);
            let def = self.doc.pkg.layout().table(t);
            let cell = match (def, &self.cache.view) {
                (Some(d), Some(v)) => findings::location_cell(loc, d, v, self.doc.pkg.year),
                _ => None,
            };
            match cell {
                Some(c) => self.grid.select(c),
                None => {
                    self.status = format!("在表中找不到“{}”的位置", loc.describe(&self.doc.pkg))
                }
            }
        } else if let Some(form) = &loc.form {
            self.nav.page = if form == "整体" {
                Page::OverallForm
            } else {
                match self
                    .doc
                    .pkg
                    .project_forms
                    .iter()
                    .position(|p| &p.name == form)
                {
                    Some(i) => Page::ProjectForm(i),
                    None => Page::OverallForm,
                }
            };
        } else if loc.section.is_some() {
            self.nav.page = Page::Explanation;
        }
    }

    /// Carries out one command.
    pub fn run(&mut self, cmd: AppCommand) {
        match cmd {
            AppCommand::Undo => {
                self.grid.editor = None;
                self.status = match self.doc.undo() {
                    Some(l) => format!("已撤销：{l}"),
                    None => "没有可撤销的操作".into(),
                };
            }
            AppCommand::Redo => {
                self.grid.editor = None;
                self.status = match self.doc.redo() {
                    Some(l) => format!("已重做：{l}"),
                    None => "没有可重做的操作".into(),
                };
            }
            AppCommand::Fix(id) => {
                self.refresh_findings();
                // A fix is computed from one revision; after any change it may be wrong.
                let found = (id.revision == self.doc.revision())
                    .then(|| self.cache.findings.iter().find(|f| id.names(f)))
                    .flatten();
                let found = found.map(|f| (f.fix.clone(), f.location.clone()));
                match found {
                    Some((Some(fix), place)) => {
                        let label = format!("修复：{}", fix.label);
                        self.doc.apply(label.clone(), fix.edit);
                        // Show what changed, where it changed.
                        self.go_to_location(&place);
                        self.status =
                            format!("已{label}（{}；可撤销）", place.describe(&self.doc.pkg));
                    }
                    _ => {
                        self.status =
                            "表格已修改，该修复已失效；请在更新后的问题列表中重新选择".into()
                    }
                }
            }
            AppCommand::GoToFinding(id) => self.go_to_finding(&id),
            AppCommand::ToggleDarkTheme => {
                self.prefs.dark = !self.prefs.dark;
                let saved = match &self.config_dir {
                    Some(dir) => self.prefs.save(dir),
                    None => Ok(()),
                };
                self.status = match (saved, self.prefs.dark) {
                    (Err(e), _) => e,
                    (Ok(()), true) => "已切换为深色主题".into(),
                    (Ok(()), false) => "已切换为浅色主题".into(),
                };
            }
            AppCommand::AddComment => self.start_comment(),
            AppCommand::ToggleReview => self.review.open = !self.review.open,
            AppCommand::ToggleChecklist => self.checklist.open = !self.checklist.open,
            AppCommand::NextChange | AppCommand::PreviousChange => {
                self.compare.refresh(&self.doc.pkg, self.doc.revision());
                let forward = cmd == AppCommand::NextChange;
                match self.compare.step(forward) {
                    Some(i) => {
                        self.compare_action(super::compare::CompareAction::GoTo(i));
                        self.status = format!(
                            "第 {} / {} 处差异：{}",
                            i + 1,
                            self.compare.changes.len(),
                            self.compare.changes[i].place
                        );
                    }
                    None => {
                        self.status = "没有差异可转到（先用 文件 › 比较… 打开另一个版本）".into()
                    }
                }
            }
            AppCommand::Compare => self.compare.open = !self.compare.open,
            AppCommand::SetTolerance(value) => {
                self.doc.apply(
                    "设置尾差容差",
                    Edit::SetFact {
                        field: FactAmount::Tolerance,
                        value,
                    },
                );
                self.status = format!("尾差容差已设为 {} 万元（可撤销）", value.display_2dp());
            }
            AppCommand::InsertRow | AppCommand::DeleteRow => self.row_command(&cmd),
            AppCommand::DeriveSummaries => {
                let edit = crate::model::derive::derive_summaries(&self.doc.pkg, self.catalog);
                let n = match &edit {
                    Edit::Batch(v) => v.len(),
                    _ => 1,
                };
                if n == 0 {
                    self.status = "汇总表已与明细表一致，没有需要生成的数".into();
                } else {
                    self.doc.apply("由明细表生成汇总数", edit);
                    self.status = format!("已由明细表生成 {n} 个汇总数（可撤销）");
                }
            }
            AppCommand::ToggleAuto => {
                let table = self.current_table().map(str::to_string);
                match table.and_then(|t| super::auto::toggle(&self.doc.pkg, &t)) {
                    Some((label, edit)) => {
                        self.status = format!("{label}（可撤销）");
                        self.doc.apply(label, edit);
                    }
                    None => self.status = "只有汇总表（收支总表等）可以设为自动".into(),
                }
            }
            AppCommand::New
            | AppCommand::Open
            | AppCommand::OpenPath(_)
            | AppCommand::OpenSample(_)
            | AppCommand::ImportXlsx
            | AppCommand::ImportXlsxPath(_)
            | AppCommand::ImportPublished
            | AppCommand::ImportPublishedPath(_)
            | AppCommand::NewFromLastYear
            | AppCommand::NewFromLastYearPath(_)
            | AppCommand::Quit
                if self.doc.is_dirty() && !self.discard_confirmed =>
            {
                self.dialog = Some(Dialog::ConfirmDiscard { then: cmd });
            }
            AppCommand::New => {
                self.dialog = Some(Dialog::new_package(
                    self.doc.pkg.year + 1,
                    &self.doc.pkg.department.name,
                    self.doc.pkg.layout(),
                ));
            }
            AppCommand::Open => self.pick_path(PathPurpose::Open),
            AppCommand::OpenPath(p) => self.open_path(&p),
            AppCommand::OpenSample(i) => {
                self.replace_doc(Document::new(sample::sample_at(i), Origin::Sample))
            }
            AppCommand::Save => match self.doc.path().cloned() {
                Some(p) => self.save_to(&p),
                None => self.pick_path(PathPurpose::SaveAs),
            },
            AppCommand::SaveAs => self.pick_path(PathPurpose::SaveAs),
            AppCommand::ExportHtml => self.pick_path(PathPurpose::ExportHtml),
            AppCommand::ExportXlsx => self.pick_path(PathPurpose::ExportXlsx),
            AppCommand::ImportXlsx => self.pick_path(PathPurpose::ImportXlsx),
            AppCommand::ImportXlsxPath(p) => self.import_xlsx(&p),
            AppCommand::ImportPublished => self.pick_path(PathPurpose::ImportPublished),
            AppCommand::ImportPublishedPath(p) => self.import_published(&p),
            AppCommand::NewFromLastYear => self.pick_path(PathPurpose::NewFromLastYear),
            AppCommand::NewFromLastYearPath(p) => self.new_from_last_year(&p),
            AppCommand::ImportCatalog => self.pick_path(PathPurpose::ImportCatalog),
            AppCommand::ImportCatalogPath(p) => self.import_catalog(&p),
            AppCommand::SaveAsPath(p) => self.save_to(&p),
            AppCommand::Quit => {
                self.allow_close = true;
                self.remove_recovery();
            }
        }
    }

    fn row_command(&mut self, cmd: &AppCommand) {
        let Some(key) = self.current_table().map(str::to_string) else {
            self.status = "请先在左侧选择一张表".into();
            return;
        };
        self.refresh_view(&key);
        let Some(input) = self.doc.pkg.layout().table(&key).and_then(|def| {
            self.cache
                .grid_input(&self.doc.pkg, self.catalog, def, false)
        }) else {
            return;
        };
        let (edit, label) = match cmd {
            AppCommand::InsertRow => (self.grid.insert_row_edit(&input), "插入行"),
            _ => (self.grid.delete_row_edit(&input), "删除行"),
        };
        match edit {
            Some(e) => {
                self.pages.notice_edit(&self.doc.pkg, &e);
                let inserted = match &e {
                    crate::model::edit::Edit::InsertRow { index, .. } => Some(*index),
                    _ => None,
                };
                self.doc.apply(label, e);
                self.status = format!("已{label}");
                if let Some(index) = inserted {
                    self.select_stored_row(&key, index);
                }
            }
            None => {
                self.status = match cmd {
                    AppCommand::InsertRow => "这张表的行由版式固定，不能插入".into(),
                    _ => "只能删除录入的行（合计、小计等计算行不能删除）".into(),
                }
            }
        }
    }

    /// After inserting a row, put the cursor on it so the user can type its code or name.
    fn select_stored_row(&mut self, key: &str, index: usize) {
        self.refresh_view(key);
        let b = self.grid.selection.cursor.block;
        let Some(def) = self.doc.pkg.layout().table(key) else {
            return;
        };
        let Some(block) = def.blocks.get(b) else {
            return;
        };
        let n = self
            .doc
            .pkg
            .table(key)
            .map(|t| t.rows(&block.key).len())
            .unwrap_or(0);
        if index >= n {
            return;
        }
        if let Some(view) = &self.cache.view
            && let Some(r) = view
                .blocks
                .get(b)
                .and_then(|v| v.rows.iter().position(|r| r.stored == Some(index)))
        {
            self.grid.select(Cell {
                block: b,
                row: r,
                col: 0,
            });
        }
    }

    pub(super) fn replace_doc(&mut self, doc: Document) {
        self.doc = doc;
        self.start_note = false;
        self.cache = Cache::default();
        self.grid = GridPanel::default();
        self.findings_panel.forget_listing();
        // The changes were against the document that is gone.
        self.compare.computed_for = None;
        if self.nav.page.table_key().is_none() {
            self.nav.page = Page::Table("t1".into());
        }
        if let Page::ProjectForm(i) = self.nav.page
            && i >= self.doc.pkg.project_forms.len()
        {
            self.nav.page = Page::OverallForm;
        }
    }

    fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let result = dialog.ui(ctx);
        match result {
            DialogResult::Open => {}
            DialogResult::Cancel => self.dialog = None,
            DialogResult::CreateNew {
                year,
                department,
                layout,
            } => {
                self.dialog = None;
                self.replace_doc(Document::new(
                    Package::new_with_layout(year, &department, layout),
                    Origin::New,
                ));
                // A blank package starts where its work starts: the first page, 概况.
                self.nav.page = Page::Overview;
                self.start_note = true;
                self.status = format!("已新建 {department} {year} 年预算公开（{}）", layout.name);
            }
            DialogResult::Path(purpose, p) => {
                self.dialog = None;
                self.run_path(purpose, &p);
            }
            DialogResult::SaveThen(then) => {
                self.dialog = None;
                self.run(AppCommand::Save);
                if !self.doc.is_dirty() {
                    self.after_discard(then, ctx);
                } else if self.dialog.is_some() {
                    // No file yet: the command waits for the path to be chosen and saved.
                    self.after_save = Some(then);
                }
            }
            DialogResult::DiscardThen(then) => {
                self.dialog = None;
                self.after_discard(then, ctx);
            }
            DialogResult::Recover => {
                if let Some(Dialog::Recovery { file, original, .. }) = self.dialog.take() {
                    self.recovery_written = Some(file.clone());
                    match project::load(&file) {
                        Ok(pkg) => {
                            let origin = original.map(Origin::File).unwrap_or(Origin::New);
                            self.replace_doc(Document::new_unsaved(pkg, origin));
                            self.status = "已恢复自动保存的内容，请保存".into();
                        }
                        Err(e) => self.status = format!("恢复文件无法读取：{e}"),
                    }
                }
            }
            DialogResult::DropRecovery => {
                self.dialog = None;
                self.remove_recovery();
            }
        }
    }

    /// Carries out a command that was waiting for "discard unsaved changes?".
    fn after_discard(&mut self, then: AppCommand, ctx: &egui::Context) {
        // The user said "discard" for this one command only: if it is then cancelled (no file
        // picked), the document stays marked unsaved.
        self.discard_confirmed = true;
        match then {
            AppCommand::Quit => {
                self.allow_close = true;
                self.remove_recovery();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            other => self.run(other),
        }
        self.discard_confirmed = false;
    }

    fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<AppCommand> {
        if self.dialog.is_some() {
            return Vec::new();
        }
        let text_editing = self.grid.is_editing() || self.pages.is_editing();
        commands::consume_shortcuts(ctx, text_editing)
    }

    fn apply_grid_output(&mut self, ctx: &egui::Context, out: GridOutput) -> bool {
        if let Some(m) = self.grid.take_announcement() {
            self.status = m;
        }
        let changed = !out.edits.is_empty();
        for (label, edit) in out.edits {
            self.pages.notice_edit(&self.doc.pkg, &edit);
            self.status = format!("已{label}");
            self.doc.apply(label, edit);
        }
        if let Some(s) = out.status {
            self.status = s;
        }
        if let Some(text) = out.copy {
            ctx.copy_text(text);
        }
        changed
    }

    fn table_page(&mut self, ui: &mut egui::Ui, key: &str) {
        let Some(def) = self.doc.pkg.layout().table(key) else {
            ui.label(format!("版式中没有表“{key}”"));
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(format!(
                "表{}  {}",
                def.number,
                def.title_for(self.doc.pkg.year)
            ));
        });
        ui.horizontal(|ui| {
            ui.label(format!("部门名称：{}", self.doc.pkg.department.name));
            ui.separator();
            ui.label(format!("单位：{}", def.unit.label()));
            ui.separator();
            AppCommand::InsertRow.button(ui, &mut self.queued);
            AppCommand::DeleteRow.button(ui, &mut self.queued);
            super::auto::checkbox_ui(ui, &self.doc.pkg, def, &mut self.queued);
            // In the toolbar line, so a refusal does not push the grid down under the pointer.
            if let Some(msg) = &self.grid.message {
                ui.separator();
                ui.colored_label(super::style::error_text(), msg);
            }
        });
        let keys_enabled = self.dialog.is_none();

        // Keys first: their edits are applied and every total recomputed before drawing.
        self.refresh_view(key);
        let out = match self
            .cache
            .grid_input(&self.doc.pkg, self.catalog, def, keys_enabled)
        {
            Some(input) => self.grid.handle_input(ui, &input),
            None => GridOutput::default(),
        };
        self.apply_grid_output(ui.ctx(), out);
        self.refresh_view(key);

        let Some(input) = self
            .cache
            .grid_input(&self.doc.pkg, self.catalog, def, keys_enabled)
        else {
            return;
        };
        if !input.view.has_data() {
            ui.label(egui::RichText::new("注：本表无数据").strong());
        }
        let out = self.grid.show(ui, &input);
        if self.apply_grid_output(ui.ctx(), out) {
            ui.ctx().request_repaint();
        }
    }

    /// Everything drawn in one frame (the eframe `ui` calls this; so can tests).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();

        // Closing with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                if self.dialog.is_none() {
                    self.dialog = Some(Dialog::ConfirmDiscard {
                        then: AppCommand::Quit,
                    });
                }
            } else {
                self.remove_recovery();
            }
        }

        if self.theme_applied != Some(self.prefs.dark) {
            ctx.set_theme(if self.prefs.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.theme_applied = Some(self.prefs.dark);
        }
        let mut cmds = self.shortcuts(&ctx);
        self.refresh_findings();

        egui::Panel::top("menu").show(ui, |ui| {
            cmds.extend(status::menu_ui(
                ui,
                &self.doc,
                self.current_table(),
                &self.recent,
                self.prefs.dark,
            ));
        });
        let counts = rules::counts(&self.cache.findings);
        egui::Panel::bottom("status").show(ui, |ui| {
            let folder = self
                .written
                .as_ref()
                .filter(|(message, _)| *message == self.status)
                .and_then(|(_, path)| path.parent());
            if status::status_ui(ui, &self.status, &self.doc, counts, folder)
                && let Some(dir) = folder
                && let Err(e) = opener::open(dir)
            {
                self.status = format!("无法打开文件夹 {}：{e}", dir.display());
            }
        });
        egui::Panel::left("nav")
            .resizable(true)
            .default_size(210.0)
            .size_range(160.0..=420.0)
            .show(ui, |ui| {
                let before = self.nav.page.clone();
                self.nav.change_counts = if self.compare.open {
                    let mut counts: Vec<(Page, usize)> = Vec::new();
                    for c in &self.compare.changes {
                        let page = super::compare::change_page(c);
                        match counts.iter_mut().find(|(p, _)| *p == page) {
                            Some((_, n)) => *n += 1,
                            None => counts.push((page, 1)),
                        }
                    }
                    counts
                } else {
                    Vec::new()
                };
                self.nav.ui(ui, &self.doc.pkg, &self.cache.findings);
                if self.nav.page != before {
                    if self.commit_grid_editor(ui.ctx()) {
                        self.grid.take_focus();
                    } else {
                        // What was typed is refused: stay, so it is neither lost nor written.
                        self.nav.page = before;
                        self.status =
                            "当前单元格的输入无效，请更正或按 Esc 取消后再离开本表".into();
                    }
                }
            });
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(320.0)
            .size_range(200.0..=600.0)
            .show(ui, |ui| {
                cmds.extend(self.findings_panel.ui(
                    ui,
                    &self.cache.findings,
                    &self.doc.pkg,
                    self.doc.revision(),
                ));
            });
        if self.doc.origin == Origin::Sample {
            // The sample is not the user's work: say so, with the two ways to start their own.
            egui::Panel::top("sample-banner").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new("这是内置示例，用来熟悉本软件；修改不会写入任何文件。")
                            .strong(),
                    );
                    AppCommand::New.button(ui, &mut self.queued);
                    AppCommand::Open.button(ui, &mut self.queued);
                });
            });
        }
        if self.start_note {
            egui::Panel::top("start-note").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new("从这里开始：").strong());
                    ui.label(
                        "① 在“概况”填写部门名称、职责和机构设置；② 在明细表（支出、基本支出、\
                         项目支出等）录入科目和金额，汇总表可用“编辑 › 由明细表生成汇总数”填出；\
                         ③ 填写绩效目标；④ 在“情况说明”点“全部重新生成”，再补写原因。\
                         右侧列出的问题随输入即时更新。",
                    );
                    if ui.button("知道了").clicked() {
                        self.start_note = false;
                    }
                });
            });
        }
        if self.review.open {
            let actions = egui::Panel::right("review")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| self.review.ui(ui, &self.doc.pkg, self.catalog))
                .inner;
            for a in actions {
                self.review_action(a);
            }
        }
        if self.compare.open {
            self.compare.refresh(&self.doc.pkg, self.doc.revision());
            let actions = egui::Panel::right("compare")
                .resizable(true)
                .default_size(360.0)
                .show(ui, |ui| self.compare.ui(ui))
                .inner;
            // One per frame: a second index would name a change of the package before the first.
            if let Some(a) = actions.into_iter().next() {
                self.compare_action(a);
            }
        }
        egui::CentralPanel::default().show(ui, |ui| match self.nav.page.clone() {
            Page::Table(key) => self.table_page(ui, &key),
            page => self.pages.ui(
                ui,
                &page,
                &self.doc.pkg,
                &self.cache.findings,
                self.catalog,
                self.doc.revision(),
            ),
        });
        self.pages
            .end_frame(&ctx, &mut self.doc, &mut self.nav.page, &mut self.status);

        cmds.append(&mut self.queued);
        for c in cmds {
            let quit = c == AppCommand::Quit;
            self.run(c);
            if quit && self.allow_close {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
        self.checklist.ui(
            &ctx,
            &self.doc.pkg,
            &self.cache.findings,
            self.doc.revision(),
        );
        self.dialog_ui(&ctx);
        if self.after_save.is_some() && self.dialog.is_none() {
            let then = self.after_save.take();
            if let Some(then) = then
                && !self.doc.is_dirty()
            {
                self.after_discard(then, &ctx);
            }
        }

        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }

        // Autosave unsaved work to the recovery file.
        let now = ctx.input(|i| i.time);
        let last = *self.last_autosave.get_or_insert(now);
        if self.doc.is_dirty() && now - last >= AUTOSAVE_SECS {
            self.autosave();
            self.last_autosave = Some(now);
        } else if !self.doc.is_dirty() {
            self.last_autosave = Some(now);
        }
        if self.doc.is_dirty() && self.config_dir.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECS));
        }
    }
}

impl eframe::App for BudgetApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}
