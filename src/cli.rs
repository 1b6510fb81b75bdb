//! The command line: `check`, `new`, `export`, `import`; with no command the window opens.

use crate::catalog::Catalog;
use crate::io::project;
use crate::model::Package;
use crate::rules::{self, Finding, RULES, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit codes of `check`.
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_UNREADABLE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "budget-disclosure",
    version,
    about = "部门预算公开编制器：编制、审核、导出部门预算公开材料",
    long_about = "部门预算公开编制器：编制、审核、导出部门预算公开材料。\n不带参数运行时打开编辑窗口（首次打开内置示例）；带一个项目文件路径时打开该文件。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 要在窗口中打开的项目文件（.budget.ron）
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 比较两个版本：列出概况、表格（行、单元格、改名、表注）、绩效目标表（资金、文字、指标）、
    /// 情况说明（逐词）、附件和名词解释的新增、删除和修改（有差异时退出码为 1，文件无法读取时为 2）
    Diff {
        /// 原版本（如上一版、.bak 文件）
        a: PathBuf,
        /// 新版本
        b: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 自查表：按财政部门预算公开情况检查表的样式逐项给出 合格 / 不合格 / 不适用 及问题依据
    /// （有不合格项时退出码为 1，文件无法读取时为 2）
    Checklist {
        /// 项目文件
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 另存为可打印的网页（.html）
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// 审核项目文件，列出所有发现的问题（有错误时退出码为 1，文件无法读取时为 2）
    Check {
        /// 项目文件，可以有多个
        files: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 列出全部审核规则（编号、严重程度、说明）
        #[arg(long)]
        rules: bool,
        /// 列出内置的报表版式（标识、名称、表数）
        #[arg(long)]
        layouts: bool,
    },
    /// 新建某年度、某部门的空白项目文件；或用 --from 由上年的项目文件生成下一年度的文件
    New {
        /// 预算年度
        #[arg(long)]
        year: i32,
        /// 部门名称
        #[arg(long, required_unless_present = "from")]
        department: Option<String>,
        /// 上年的项目文件：保留版式、部门、单位、职责、各表的行（科目、项目、单位）和文字，
        /// 金额清空，年份顺延，本年数成为新文件的上年数
        #[arg(long, conflicts_with_all = ["department", "layout", "layout_file"])]
        from: Option<PathBuf>,
        /// 报表版式的标识（见 check --layouts；默认 shanxi-13）
        #[arg(long, conflicts_with = "layout_file")]
        layout: Option<String>,
        /// 自己编写的版式文件（.ron）；其内容保存在项目文件中
        #[arg(long = "layout-file")]
        layout_file: Option<PathBuf>,
        /// 输出文件
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// 导出：按输出文件的扩展名生成 .xlsx（Excel/WPS 工作簿）或 .html（可打印的公开文本）
    Export {
        /// 项目文件
        file: PathBuf,
        /// 输出文件（.xlsx 或 .html）
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// HTML 末尾附审阅意见（供审阅用；公开的网页不带，默认不附）
        #[arg(long = "comments")]
        comments: bool,
    },
    /// 分类科目目录：导入财政部门下发的正式科目表
    Catalog {
        #[command(subcommand)]
        action: CatalogAction,
    },
    /// 导入：把按本程序格式导出（可能经他人修改）的 .xlsx 工作簿，或已公开的预算 PDF
    /// （或其文字 .txt）读为项目文件；导入 PDF/文字时打印导入报告
    Import {
        /// 工作簿（.xlsx）、已公开的预算（.pdf）或其文字（.txt）
        input: PathBuf,
        /// 输出的项目文件（已存在时会覆盖，旧文件保留为 .bak）
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum CatalogAction {
    /// 导入某年度的正式分类科目表（.xlsx 每种分类一张工作表，或一种分类的 .csv；
    /// 按表头找“科目编码”“科目名称”两列），保存在用户设置文件夹中，取代该年度的内置目录
    Import {
        /// 科目表文件（.xlsx 或 .csv）
        file: PathBuf,
        /// 年度
        #[arg(long)]
        year: i32,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs a parsed command line, writing to `out`/`err`; returns the process exit code.
pub fn run(cmd: Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match cmd {
        Command::Diff { a, b, format } => diff(&a, &b, format, out, err),
        Command::Checklist {
            file,
            format,
            output,
        } => checklist(&file, format, output.as_deref(), out, err),
        Command::Check {
            files,
            format,
            rules,
            layouts,
        } => {
            if rules {
                list_rules(out);
                return EXIT_OK;
            }
            if layouts {
                list_layouts(out);
                return EXIT_OK;
            }
            if files.is_empty() {
                let _ = writeln!(
                    err,
                    "请指定至少一个项目文件，例如：budget-disclosure check 文件.budget.ron"
                );
                return EXIT_UNREADABLE;
            }
            check_files(&files, format, out, err)
        }
        Command::New {
            from: Some(from),
            year,
            output,
            ..
        } => new_from(&from, year, &output, out, err),
        Command::New {
            year,
            department,
            layout,
            layout_file,
            output,
            from: None,
        } => {
            let department = department.unwrap_or_default();
            let chosen = match (layout, layout_file) {
                (_, Some(path)) => crate::model::layout::load_file(&path)
                    .and_then(crate::model::layout::register)
                    .map_err(|e| format!("{}：{e}", path.display())),
                (Some(id), None) => crate::model::Layout::by_id(&id).ok_or_else(|| {
                    format!("没有标识为“{id}”的内置版式（可用 check --layouts 查看）")
                }),
                (None, None) => Ok(crate::model::layout::shanxi_13()),
            };
            match chosen {
                Ok(l) => new_file(year, &department, l, &output, err),
                Err(e) => {
                    let _ = writeln!(err, "{e}");
                    EXIT_UNREADABLE
                }
            }
        }
        Command::Export {
            file,
            output,
            comments,
        } => export(&file, &output, comments, err),
        Command::Import { input, output } => import(&input, &output, out, err),
        Command::Catalog {
            action: CatalogAction::Import { file, year },
        } => import_catalog(&file, year, out, err),
    }
}

/// Whether a file to import is a published package (a PDF or its text) rather than a workbook:
/// by extension, else by content (a PDF starts with `%PDF-`).
fn is_published(input: &Path) -> bool {
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" | "txt" => true,
        "xlsx" => false,
        _ => std::fs::read(input).is_ok_and(|b| crate::io::published::is_pdf(&b)),
    }
}

/// Reads a published package (PDF or text), prints its import report and writes the project
/// file; nothing is written when the file cannot be read as a package.
fn import_published(input: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let imported = match crate::io::published::import_path(input) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "{}：无法导入：{e}", input.display());
            return EXIT_UNREADABLE;
        }
    };
    let _ = write!(out, "{}", imported.report);
    match project::save(&imported.package, output) {
        Ok(()) => {
            let _ = writeln!(out, "已写入 {}", output.display());
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

/// Next year's file from this year's.
fn new_from(
    from: &Path,
    year: i32,
    output: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let pkg = match project::load(from) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{}：无法读取：{e}", from.display());
            return EXIT_UNREADABLE;
        }
    };
    if year <= pkg.year || year > 2200 {
        let _ = writeln!(err, "年度 {year} 应在上年文件的年度 {} 之后", pkg.year);
        return EXIT_UNREADABLE;
    }
    if output.exists() {
        let _ = writeln!(err, "{} 已存在，不会覆盖；请换一个文件名", output.display());
        return EXIT_UNREADABLE;
    }
    let next = crate::model::next_year::next_year(&pkg, year, Catalog::installed());
    for c in &next.code_changes {
        let _ = writeln!(out, "请核对：{}", printable(&c.describe(year)));
    }
    match project::save(&next.package, output) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "已由 {} 年文件生成 {year} 年文件 {}：金额已清空，{} 年的数已填为上年数，情况说明中的年份已顺延，数字待录入后重新生成或核对",
                pkg.year,
                output.display(),
                pkg.year
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

/// Imports the official list of a year into the settings folder.
fn import_catalog(file: &Path, year: i32, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if !(1990..=2200).contains(&year) {
        let _ = writeln!(err, "年度 {year} 不是合理的预算年度");
        return EXIT_UNREADABLE;
    }
    let Some(dir) = crate::io::settings::dir() else {
        let _ = writeln!(
            err,
            "找不到用户设置文件夹（没有主目录）；可用环境变量 {} 指定",
            crate::io::settings::DIR_VAR
        );
        return EXIT_UNREADABLE;
    };
    let list = match crate::catalog::import::read_path(file) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "{}：无法导入：{e}", file.display());
            return EXIT_UNREADABLE;
        }
    };
    match crate::catalog::import::store(&dir, year, &list) {
        Ok(at) => {
            let _ = writeln!(
                out,
                "已导入 {year} 年分类科目：{}；保存在 {}，取代内置目录中这些分类",
                list.summary(),
                at.display()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

/// Reads a workbook back; nothing is written unless every cell was read.
fn import(input: &Path, output: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if output.is_dir() {
        let _ = writeln!(
            err,
            "{} 是一个文件夹：请指定要写入的项目文件名（例如 文件夹/名称.budget.ron）",
            output.display()
        );
        return EXIT_UNREADABLE;
    }
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(input, output) {
        let _ = writeln!(
            err,
            "输出文件与要导入的文件是同一个文件（{}），会覆盖它；请另指定一个 .budget.ron 文件",
            output.display()
        );
        return EXIT_UNREADABLE;
    }
    if is_published(input) {
        return import_published(input, output, out, err);
    }
    let pkg = match crate::io::xlsx_import::import_path(input) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{}：无法导入：{e}", input.display());
            return EXIT_UNREADABLE;
        }
    };
    match project::save(&pkg, output) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

/// The export formats, chosen by the output file's extension.
fn export(file: &Path, output: &Path, with_comments: bool, err: &mut dyn Write) -> i32 {
    let pkg = match project::load(file) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{}：无法读取：{e}", file.display());
            return EXIT_UNREADABLE;
        }
    };
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let catalog = Catalog::installed();
    let result = match ext.as_str() {
        "html" | "htm" if with_comments => {
            let page = crate::io::html::export_html_with_comments(&pkg, catalog);
            project::write_atomic(output, page.as_bytes()).map_err(|e| e.to_string())
        }
        "html" | "htm" => {
            crate::io::html::export_html_to(&pkg, catalog, output).map_err(|e| e.to_string())
        }
        "xlsx" => {
            // The 审核结果 sheet lists what is found in the tables as written (自动 computed).
            let findings = rules::check(&crate::model::derive::resolved(&pkg, catalog), catalog);
            crate::io::xlsx::export_to(&pkg, catalog, &findings, output).map_err(|e| e.to_string())
        }
        _ => {
            let _ = writeln!(
                err,
                "不支持的导出格式“{}”：请用 .xlsx 或 .html 作为输出文件的扩展名",
                output.display()
            );
            return EXIT_UNREADABLE;
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

fn list_layouts(out: &mut dyn Write) {
    for l in crate::model::layout::builtins() {
        let _ = writeln!(out, "{:<16} {} 张表  {}", l.id, l.tables.len(), l.name);
    }
}

fn list_rules(out: &mut dyn Write) {
    for r in RULES {
        let _ = writeln!(
            out,
            "{:<12} {:<4} {:<8} {}",
            r.id,
            r.severity.label(),
            r.family,
            r.description
        );
    }
}

/// The result of checking one file.
enum Checked {
    Findings(Box<Package>, Vec<Finding>),
    Unreadable(String),
}

fn check_one(path: &Path) -> Checked {
    match project::load(path) {
        Ok(pkg) => {
            // 自动 tables are checked with their computed cells, as the window checks them.
            let findings = rules::check(
                &crate::model::derive::resolved(&pkg, Catalog::installed()),
                Catalog::installed(),
            );
            Checked::Findings(Box::new(pkg), findings)
        }
        Err(e) => Checked::Unreadable(e.to_string()),
    }
}

fn check_files(files: &[PathBuf], format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut code = EXIT_OK;
    let mut json_docs = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        match check_one(path) {
            Checked::Unreadable(msg) => {
                code = EXIT_UNREADABLE;
                match format {
                    Format::Text => {
                        let _ = writeln!(err, "{shown}：无法读取：{msg}");
                    }
                    Format::Json => json_docs.push(serde_json::json!({
                        "file": shown,
                        "error": msg,
                        "findings": [],
                    })),
                }
            }
            Checked::Findings(pkg, findings) => {
                if code == EXIT_OK && findings.iter().any(|f| f.severity == Severity::Error) {
                    code = EXIT_ERRORS;
                }
                match format {
                    Format::Text => write_text(out, &shown, &pkg, &findings),
                    Format::Json => json_docs.push(serde_json::json!({
                        "file": shown,
                        "findings": findings,
                    })),
                }
            }
        }
    }
    if format == Format::Json {
        // One file: its object; several: an array of them.
        let doc = if json_docs.len() == 1 {
            json_docs.remove(0)
        } else {
            serde_json::Value::Array(json_docs)
        };
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    }
    code
}

fn write_text(out: &mut dyn Write, file: &str, pkg: &Package, findings: &[Finding]) {
    let (e, w, h) = rules::counts(findings);
    let _ = writeln!(
        out,
        "{}：{e} 个错误，{w} 个警告，{h} 个提示",
        printable(file)
    );
    for f in findings {
        let mut line = format!(
            "  [{}] {} {}：{}",
            f.severity.label(),
            f.rule,
            f.location.describe(pkg),
            f.message
        );
        match (&f.expected, &f.actual) {
            (Some(x), Some(a)) => line.push_str(&format!("（应为 {x}，实为 {a}）")),
            (Some(x), None) => line.push_str(&format!("（应为 {x}）")),
            _ => {}
        }
        let _ = writeln!(out, "{}", printable(&line));
    }
}

/// Text from a file made safe for a terminal: control characters (an escape sequence could
/// retitle the terminal, hide lines or worse) are shown as their code instead.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

fn new_file(
    year: i32,
    department: &str,
    layout: &'static crate::model::Layout,
    output: &Path,
    err: &mut dyn Write,
) -> i32 {
    if department.trim().is_empty() {
        let _ = writeln!(err, "部门名称不能为空");
        return EXIT_UNREADABLE;
    }
    if !(1990..=2200).contains(&year) {
        let _ = writeln!(err, "年度 {year} 不是合理的预算年度");
        return EXIT_UNREADABLE;
    }
    if output.exists() {
        let _ = writeln!(err, "{} 已存在，不会覆盖；请换一个文件名", output.display());
        return EXIT_UNREADABLE;
    }
    let pkg = Package::new_with_layout(year, department.trim(), layout);
    match project::save(&pkg, output) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

fn diff(a: &Path, b: &Path, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let load = |p: &Path, err: &mut dyn Write| match project::load(p) {
        Ok(pkg) => Some(pkg),
        Err(e) => {
            let _ = writeln!(err, "{}：无法读取：{e}", p.display());
            None
        }
    };
    let (Some(pa), Some(pb)) = (load(a, err), load(b, err)) else {
        return EXIT_UNREADABLE;
    };
    if pa.layout().id != pb.layout().id {
        let _ = writeln!(
            err,
            "两个文件的版式不同（{} 与 {}），只能比较同一版式的文件",
            pa.layout().name,
            pb.layout().name
        );
        return EXIT_UNREADABLE;
    }
    let changes = crate::model::diff::diff(&pa, &pb);
    match format {
        Format::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&changes).unwrap_or_default()
            );
        }
        Format::Text => {
            for c in &changes {
                let _ = writeln!(out, "{}", c.line());
            }
            let _ = writeln!(out, "共 {} 处差异", changes.len());
        }
    }
    if changes.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}

fn checklist(
    file: &Path,
    format: Format,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    use crate::rules::checklist::{self, Verdict};
    let pkg = match project::load(file) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{}：无法读取：{e}", file.display());
            return EXIT_UNREADABLE;
        }
    };
    let pkg = crate::model::derive::resolved(&pkg, Catalog::installed()).into_owned();
    let findings = rules::check(&pkg, Catalog::installed());
    let items = checklist::checklist(&pkg, &findings);
    if let Some(o) = output {
        let page = crate::io::html::checklist_html(&pkg, &findings);
        if let Err(e) = project::write_atomic(o, page.as_bytes()) {
            let _ = writeln!(err, "{}：无法写入：{e}", o.display());
            return EXIT_UNREADABLE;
        }
    }
    match format {
        Format::Text => {
            let _ = write!(out, "{}", checklist::to_text(&pkg, &items));
        }
        Format::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "title": checklist::title(&pkg),
                    "items": items,
                }))
                .unwrap_or_default()
            );
        }
    }
    if items.iter().any(|i| i.verdict == Verdict::Fail) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
