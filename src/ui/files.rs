//! Files of the window: open, save, export, import, recent files, and the recovery file that
//! autosave writes and the next start offers back.

use super::app::BudgetApp;
use super::dialogs::{Dialog, PathPurpose};
use crate::io::project;
use crate::model::document::{Document, Origin};
use std::path::{Path, PathBuf};

/// Recovery files are named after the document's path, so two windows on two files keep
/// separate ones: `recovery-<hash of the path>.budget.ron` beside `….origin.txt`, which holds
/// the path; `recovery-untitled` for a document that has no file yet.
const RECOVERY_PREFIX: &str = "recovery-";
const RECOVERY_EXT: &str = ".budget.ron";
const RECOVERY_ORIGIN_EXT: &str = ".origin.txt";

/// Removes a recovery file and the file beside it that records its document's path.
fn remove_recovery_pair(file: &Path) {
    // Absent files are the normal case.
    let _ = std::fs::remove_file(file);
    if let Some(name) = file.file_name().and_then(|n| n.to_str())
        && let Some(stem) = name.strip_suffix(RECOVERY_EXT)
    {
        let _ = std::fs::remove_file(file.with_file_name(format!("{stem}{RECOVERY_ORIGIN_EXT}")));
    }
}

/// The recovery file of a document (by its path, `None` for one not saved yet) and the file
/// that records that path.
pub fn recovery_files(dir: &Path, doc_path: Option<&Path>) -> (PathBuf, PathBuf) {
    let stem = match doc_path {
        Some(p) => {
            // The same file opened as "./a" and "/home/x/a" has one recovery file.
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            // FNV-1a: stable across program versions, unlike std's hasher, so a newer program
            // still finds the recovery file an older one left.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in p.as_os_str().as_encoded_bytes() {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{RECOVERY_PREFIX}{h:016x}")
        }
        None => format!("{RECOVERY_PREFIX}untitled"),
    };
    (
        dir.join(format!("{stem}{RECOVERY_EXT}")),
        dir.join(format!("{stem}{RECOVERY_ORIGIN_EXT}")),
    )
}
const RECENT_FILE: &str = "recent.txt";
const MAX_RECENT: usize = 10;

impl BudgetApp {
    /// Does with a chosen file what it was chosen for (from the system dialog or the path
    /// field).
    pub(super) fn run_path(&mut self, purpose: PathPurpose, p: &Path) {
        match purpose {
            PathPurpose::Open => self.open_path(p),
            PathPurpose::SaveAs => self.save_to(p),
            PathPurpose::ExportHtml => self.export_html(p),
            PathPurpose::ExportXlsx => self.export_xlsx(p),
            PathPurpose::ImportXlsx => self.import_xlsx(p),
            PathPurpose::ImportPublished => self.import_published(p),
            PathPurpose::NewFromLastYear => self.new_from_last_year(p),
            PathPurpose::ImportCatalog => self.import_catalog(p),
        }
    }

    /// Offers the recovery file of this document when an earlier window left one.
    pub(super) fn offer_recovery(&mut self) {
        if let Some(dir) = &self.config_dir {
            let (file, origin_file) = recovery_files(dir, self.doc.path().map(PathBuf::as_path));
            if file.exists() {
                let original = std::fs::read_to_string(&origin_file)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .map(PathBuf::from);
                let saved_at = std::fs::metadata(&file)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .map(|d| format!("{} 分钟前", d.as_secs() / 60))
                    .unwrap_or_default();
                self.dialog = Some(Dialog::Recovery {
                    file,
                    original,
                    saved_at,
                });
            }
        }
    }

    /// Opens a project file; errors go to the status line and the current document stays.
    pub fn open_path(&mut self, path: &Path) {
        match project::load(path) {
            Ok(pkg) => {
                self.replace_doc(Document::new(pkg, Origin::File(path.to_path_buf())));
                self.add_recent(path);
                self.status = format!("已打开 {}", path.display());
            }
            Err(e) => self.status = format!("无法打开 {}：{e}", path.display()),
        }
    }

    /// Saves to a path and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) {
        // Kept and shown in full, so the user sees which folder the file went to.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path = absolute.as_path();
        match project::save(&self.doc.pkg, path) {
            Ok(()) => {
                self.doc.mark_saved(path.to_path_buf());
                self.add_recent(path);
                self.remove_recovery();
                self.status = format!("已保存到 {}", path.display());
                self.written = Some((self.status.clone(), path.to_path_buf()));
            }
            Err(e) => self.status = format!("保存失败：{e}"),
        }
    }

    /// Writes the printable HTML page of the package (文件 › 导出 HTML).
    pub fn export_html(&mut self, path: &Path) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path = absolute.as_path();
        self.status = match crate::io::html::export_html_to(&self.doc.pkg, self.catalog, path) {
            Ok(()) => {
                let message = format!("已导出 HTML 到 {}", path.display());
                self.written = Some((message.clone(), path.to_path_buf()));
                message
            }
            Err(e) => format!("导出 HTML 失败：{e}"),
        };
    }

    /// The HTML file beside the project file, or named after the department.
    pub(super) fn html_export_path(&self) -> PathBuf {
        self.export_path("html")
    }

    /// An export file beside the project file, or named after the department.
    pub(super) fn export_path(&self, ext: &str) -> PathBuf {
        match self.doc.path() {
            Some(p) => p.with_extension("").with_extension(ext),
            None => crate::io::settings::documents_dir().join(format!(
                "{}{}年度部门预算公开.{ext}",
                self.doc.pkg.department.name, self.doc.pkg.year
            )),
        }
    }

    /// Writes the workbook (文件 › 导出 Excel), with the current findings on its 审核结果 sheet.
    pub fn export_xlsx(&mut self, path: &Path) {
        self.refresh_findings();
        let findings = self.cache.findings.clone();
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path = absolute.as_path();
        self.status = match crate::io::xlsx::export_to(&self.doc.pkg, self.catalog, &findings, path)
        {
            Ok(()) => {
                let message = format!("已导出 Excel 到 {}", path.display());
                self.written = Some((message.clone(), path.to_path_buf()));
                message
            }
            Err(e) => format!("导出 Excel 失败：{e}"),
        };
    }

    /// Reads a workbook (文件 › 导入 Excel) as a new document that is not saved anywhere yet;
    /// a workbook with any unreadable cell is refused whole and the current document stays.
    pub fn import_xlsx(&mut self, path: &Path) {
        match crate::io::xlsx_import::import_path(path) {
            Ok(pkg) => {
                self.replace_doc(Document::new_unsaved(pkg, Origin::New));
                self.status = format!("已导入 {}（尚未保存为项目文件）", path.display());
            }
            Err(e) => {
                let msg = format!("无法导入 {}：{e}", path.display());
                self.status = msg.lines().next().unwrap_or_default().to_string();
                self.dialog = Some(Dialog::Message {
                    title: "导入 Excel 失败".into(),
                    text: msg,
                });
            }
        }
    }

    /// Reads a published package (文件 › 导入 › 已公开的预算（PDF）) as a new, unsaved document and
    /// shows the import report; a file that cannot be read leaves the current document as it is.
    pub fn import_published(&mut self, path: &Path) {
        match crate::io::published::import_path(path) {
            Ok(imported) => {
                self.replace_doc(Document::new_unsaved(imported.package, Origin::New));
                self.status = format!("已导入 {}（尚未保存为项目文件）", path.display());
                self.dialog = Some(Dialog::Message {
                    title: "导入报告".into(),
                    text: imported.report.to_string(),
                });
            }
            Err(e) => {
                let msg = format!("无法导入 {}：{e}", path.display());
                self.status = msg.lines().next().unwrap_or_default().to_string();
                self.dialog = Some(Dialog::Message {
                    title: "导入已公开的预算失败".into(),
                    text: msg,
                });
            }
        }
    }

    /// Asks for a path: the system dialog when there is one, else the path field.
    pub(super) fn pick_path(&mut self, purpose: PathPurpose) {
        if self.native_dialogs {
            let started = std::time::Instant::now();
            let mut dlg = match purpose {
                PathPurpose::ExportHtml => {
                    rfd::FileDialog::new().add_filter("网页（可打印）", &["html"])
                }
                PathPurpose::ExportXlsx | PathPurpose::ImportXlsx => {
                    rfd::FileDialog::new().add_filter("Excel 工作簿", &["xlsx"])
                }
                PathPurpose::ImportCatalog => rfd::FileDialog::new()
                    .add_filter("分类科目表（Excel 或 CSV）", &["xlsx", "csv"]),
                PathPurpose::ImportPublished => rfd::FileDialog::new()
                    .add_filter("已公开的预算（PDF）", &["pdf"])
                    .add_filter("PDF 的文字（txt）", &["txt"]),
                _ => rfd::FileDialog::new().add_filter("预算公开项目文件", &["ron"]),
            };
            if let Some(dir) = self.doc.path().and_then(|p| p.parent()) {
                dlg = dlg.set_directory(dir);
            }
            let picked = match purpose {
                PathPurpose::Open => dlg.pick_file(),
                PathPurpose::SaveAs => dlg
                    .set_file_name(format!("{}.budget.ron", self.doc.pkg.department.name))
                    .save_file(),
                PathPurpose::ExportHtml => dlg
                    .set_file_name(self.html_export_path().display().to_string())
                    .save_file(),
                PathPurpose::ExportXlsx => dlg
                    .set_file_name(self.export_path("xlsx").display().to_string())
                    .save_file(),
                PathPurpose::ImportXlsx
                | PathPurpose::ImportPublished
                | PathPurpose::NewFromLastYear
                | PathPurpose::ImportCatalog => dlg.pick_file(),
            };
            if let Some(p) = picked {
                self.run_path(purpose, &p);
                return;
            }
            // rfd says nothing when the desktop portal is missing; an answer that came back
            // faster than anyone can click means no dialog was shown.
            if started.elapsed() > std::time::Duration::from_millis(300) {
                self.status = "已取消".into();
                return;
            }
        }
        self.status =
            "没有可用的系统文件对话框（未找到 xdg-desktop-portal），请直接输入文件路径".into();
        let text = match (purpose, self.doc.path()) {
            (PathPurpose::ExportHtml, _) => self.html_export_path().display().to_string(),
            (PathPurpose::ExportXlsx, _) => self.export_path("xlsx").display().to_string(),
            (
                PathPurpose::ImportXlsx
                | PathPurpose::ImportPublished
                | PathPurpose::NewFromLastYear
                | PathPurpose::ImportCatalog,
                _,
            ) => String::new(),
            (_, Some(p)) => p.display().to_string(),
            (PathPurpose::SaveAs, None) => crate::io::settings::documents_dir()
                .join(format!("{}.budget.ron", self.doc.pkg.department.name))
                .display()
                .to_string(),
            (PathPurpose::Open, None) => String::new(),
        };
        self.dialog = Some(Dialog::Path {
            purpose,
            text,
            note: self.status.clone(),
        });
    }

    pub(super) fn read_recent(&self) -> Vec<PathBuf> {
        let Some(dir) = &self.config_dir else {
            return Vec::new();
        };
        std::fs::read_to_string(dir.join(RECENT_FILE))
            .map(|s| {
                s.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(PathBuf::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn add_recent(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|x| x != &p);
        self.recent.insert(0, p);
        self.recent.truncate(MAX_RECENT);
        if let Some(dir) = &self.config_dir {
            let text: String = self
                .recent
                .iter()
                .map(|p| format!("{}\n", p.display()))
                .collect();
            if std::fs::create_dir_all(dir).is_ok() {
                // Recent files are a convenience: failing to record them is not worth a message.
                let _ = project::write_atomic(&dir.join(RECENT_FILE), text.as_bytes());
            }
        }
    }

    /// Writes the recovery file now (the timer calls this every [`AUTOSAVE_SECS`]).
    pub fn autosave(&mut self) {
        let Some(dir) = self.config_dir.clone() else {
            return;
        };
        let text = match project::to_string(&self.doc.pkg) {
            Ok(t) => t,
            Err(e) => {
                self.status = format!("自动保存失败：{e}");
                return;
            }
        };
        let origin = self
            .doc
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let (file, origin_file) = recovery_files(&dir, self.doc.path().map(PathBuf::as_path));
        let result = std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|_| project::write_atomic(&file, text.as_bytes()).map_err(|e| e.to_string()))
            .and_then(|_| {
                project::write_atomic(&origin_file, origin.as_bytes()).map_err(|e| e.to_string())
            });
        if result.is_ok() && self.recovery_written.as_ref() != Some(&file) {
            // The document was saved under another name since: its old recovery file is stale.
            if let Some(old) = self.recovery_written.replace(file) {
                remove_recovery_pair(&old);
            }
        }
        if let Err(e) = result {
            self.status = format!("自动保存失败：{e}");
        }
    }

    /// Removes this document's recovery files: the one for its path and the last one written
    /// (under the name it had before a 另存为).
    pub(super) fn remove_recovery(&self) {
        if let Some(dir) = &self.config_dir {
            let (file, origin) = recovery_files(dir, self.doc.path().map(PathBuf::as_path));
            // Absent files are the normal case.
            let _ = std::fs::remove_file(file);
            let _ = std::fs::remove_file(origin);
            if let Some(old) = &self.recovery_written {
                remove_recovery_pair(old);
            }
        }
    }

    /// 从上年文件新建: next year's package from this year's file, as a new unsaved document.
    pub fn new_from_last_year(&mut self, path: &Path) {
        let pkg = match project::load(path) {
            Ok(p) => p,
            Err(e) => {
                self.status = format!("无法读取 {}：{e}", path.display());
                return;
            }
        };
        let year = pkg.year + 1;
        let next = crate::model::next_year::next_year(&pkg, year, self.catalog);
        let changes = next.code_changes.len();
        self.replace_doc(Document::new_unsaved(next.package, Origin::New));
        self.status = if changes == 0 {
            format!(
                "已由 {} 年文件生成 {year} 年文件（未保存）：金额已清空，{} 年的数已填为上年数",
                pkg.year, pkg.year
            )
        } else {
            format!(
                "已由 {} 年文件生成 {year} 年文件（未保存）；{changes} 处科目在 {year} 年目录中名称不同，请核对",
                pkg.year
            )
        };
    }

    /// 导入分类科目: the official list of the open package's year, kept in the settings folder
    /// and used from now on (the checker runs again with it).
    pub fn import_catalog(&mut self, path: &Path) {
        let Some(dir) = self.config_dir.clone().or_else(crate::io::settings::dir) else {
            self.status = "找不到用户设置文件夹，无法保存导入的分类科目".into();
            return;
        };
        let year = self.doc.pkg.year;
        let list = match crate::catalog::import::read_path(path) {
            Ok(l) => l,
            Err(e) => {
                self.status = format!("{}：无法导入：{e}", path.display());
                return;
            }
        };
        match crate::catalog::import::store(&dir, year, &list) {
            Ok(at) => {
                // A catalog lives as long as the window; an import is rare, so the old one is
                // left in memory rather than made reference-counted everywhere.
                let fresh = crate::catalog::Catalog::with_imports(Some(&dir));
                self.catalog = Box::leak(Box::new(fresh));
                self.cache = super::app::Cache::default();
                self.findings_panel.forget_listing();
                self.status = format!(
                    "已导入 {year} 年分类科目：{}；保存在 {}",
                    list.summary(),
                    at.display()
                );
            }
            Err(e) => self.status = format!("{e}"),
        }
    }
}
