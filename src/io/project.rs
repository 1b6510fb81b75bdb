//! The project file: a package as RON, human-readable (one table row per line), versioned,
//! saved atomically with the previous version kept as FILE.bak.

use crate::model::codes::{Code, CodeError};
use crate::model::layout::RowsDef;
use crate::model::{FORMAT_VERSION, Package, layout::Layout};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Why a project file could not be read. Every message says what and where, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("无法读取文件 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("文件是空的，不是项目文件")]
    Empty,
    #[error("文件不是文本（第 {offset} 字节起不是有效的 UTF-8），可能不是项目文件或已损坏")]
    NotText { offset: usize },
    #[error("第 {line} 行第 {col} 列：{message}")]
    Syntax {
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "此文件由较新版本的程序保存（文件格式版本 {found}，本程序支持到 {supported}），请升级程序后再打开"
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("字段 {field}：{message}")]
    Invalid { field: String, message: String },
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("无法写入 {path}：{source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("无法生成项目文件内容：{0}")]
    Serialize(String),
}

/// Only the version, read first so that a newer file is refused with the right message even
/// when its other fields would not parse.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format_version: Option<u32>,
}

fn ron_options() -> ron::Options {
    // The default limit (128) keeps 200,000 nested brackets from overflowing the stack; a real
    // package nests 7 deep.
    ron::Options::default().with_recursion_limit(64)
}

/// Parses a project file's text into a validated package.
pub fn from_str(text: &str) -> Result<Package, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let opts = ron_options();
    let version = opts
        .from_str::<Header>(text)
        .ok()
        .and_then(|h| h.format_version)
        .or_else(|| scan_version(text));
    let newer = |v: u32| LoadError::NewerVersion {
        found: v,
        supported: FORMAT_VERSION,
    };
    if let Some(v) = version.filter(|&v| v > FORMAT_VERSION) {
        return Err(newer(v));
    }
    let mut pkg: Package = opts.from_str(text).map_err(|e| syntax_error(e, text))?;
    if pkg.format_version > FORMAT_VERSION {
        return Err(newer(pkg.format_version));
    }
    normalize_codes(&mut pkg)?;
    crate::model::comments::number(&mut pkg.comments);
    validate(&pkg)?;
    Ok(pkg)
}

/// Reads and parses a project file.
pub fn load(path: &Path) -> Result<Package, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_bytes(&bytes)
}

pub fn from_bytes(bytes: &[u8]) -> Result<Package, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotText {
        offset: e.valid_up_to(),
    })?;
    from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn syntax_error(e: ron::error::SpannedError, text: &str) -> LoadError {
    use ron::error::Error as E;
    let (line, col) = (e.span.start.line, e.span.start.col);
    // An error with nothing but white space after it means the file stops too early.
    if matches!(e.code, E::Eof) || rest_is_blank(text, line, col) {
        return LoadError::Syntax {
            line,
            col,
            message: "文件意外结束（文件可能被截断）".to_string(),
        };
    }
    let outer = |o: &Option<String>| o.as_deref().map(|o| format!("“{o}”")).unwrap_or_default();
    let message = match &e.code {
        E::ExceededRecursionLimit => "括号嵌套层数过深，不是有效的项目文件".to_string(),
        E::Message(m) => m.clone(),
        E::NoSuchStructField {
            found, outer: o, ..
        } => {
            format!("{}中没有名为“{found}”的字段", outer(o))
        }
        E::MissingStructField { field, outer: o } => format!("{}缺少字段“{field}”", outer(o)),
        E::DuplicateStructField { field, outer: o } => {
            format!("{}中字段“{field}”出现了两次", outer(o))
        }
        E::NoSuchEnumVariant {
            found, expected, ..
        } => {
            format!("“{found}”不是可选值之一（可选：{}）", expected.join("、"))
        }
        E::ExpectedString | E::ExpectedStringEnd => "此处应为带引号的文字".to_string(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "此处应为以“(”开始的一组字段".to_string()
        }
        E::ExpectedStructLikeEnd => "此处应为“)”（一组字段的结束）".to_string(),
        E::ExpectedArray => "此处应为以“[”开始的列表".to_string(),
        E::ExpectedArrayEnd => "此处应为“]”（列表的结束）".to_string(),
        E::ExpectedMap => "此处应为以“{”开始的映射".to_string(),
        E::ExpectedMapEnd => "此处应为“}”（映射的结束）".to_string(),
        E::ExpectedMapColon => "此处应为“:”".to_string(),
        E::ExpectedComma => "此处应为“,”".to_string(),
        E::ExpectedInteger | E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            "此处应为一个不太大的整数".to_string()
        }
        E::ExpectedBoolean => "此处应为 true 或 false".to_string(),
        E::ExpectedOption | E::ExpectedOptionEnd => "此处应为 Some(…) 或 None".to_string(),
        E::ExpectedIdentifier => "此处应为字段名".to_string(),
        E::UnexpectedChar(c) => format!("意外的字符“{}”", c.escape_default()),
        E::TrailingCharacters => "文件结尾处有多余的内容".to_string(),
        E::UnclosedBlockComment | E::UnclosedLineComment => "注释没有结束".to_string(),
        E::InvalidEscape(_) => "文字中有无效的转义序列".to_string(),
        E::InvalidValueForType { expected, found } => {
            format!("此处应为{expected}，实为 {found}")
        }
        other => format!("格式错误（{other}）"),
    };
    LoadError::Syntax { line, col, message }
}

/// Whether the text after (line, col) (1-based) is only white space.
fn rest_is_blank(text: &str, line: usize, col: usize) -> bool {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(col.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return text[offset + within..].trim().is_empty();
        }
        offset += l.len();
    }
    true
}

/// Finds `format_version: N` near the top of the text without parsing the rest, for files
/// whose other fields this version cannot read.
fn scan_version(text: &str) -> Option<u32> {
    let at = text.find("format_version")?;
    let rest = text[at + "format_version".len()..]
        .trim_start()
        .strip_prefix(':')?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Makes every classification code of a code block a validated [`Code`]: full-width digits
/// become ASCII, and a code with anything but digits is refused with its table and row.
pub fn normalize_codes(pkg: &mut Package) -> Result<(), LoadError> {
    let Some(layout) = Layout::by_id(&pkg.layout) else {
        return Ok(()); // `validate` names the unknown layout.
    };
    for (key, data) in pkg.tables.iter_mut() {
        let Some(def) = layout.table(key) else {
            continue;
        };
        for (bkey, rows) in data.blocks.iter_mut() {
            let Some(block) = def.block(bkey) else {
                continue;
            };
            if !matches!(block.rows, RowsDef::Codes { .. }) {
                continue;
            }
            for (i, row) in rows.iter_mut().enumerate() {
                for (field, label, slot) in [
                    ("code", "科目编码", &mut row.code),
                    ("gov_code", "政府经济科目编码", &mut row.gov_code),
                ] {
                    match Code::parse(slot) {
                        Ok(c) => *slot = c.into_string(),
                        Err(e) => {
                            return Err(LoadError::Invalid {
                                field: format!("tables.{key}.{bkey}[{i}].{field}"),
                                message: format!(
                                    "表{}第 {} 条记录的{label}有误：{e}",
                                    def.number,
                                    i + 1
                                ),
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Checks what the types cannot: the year is plausible, the layout exists, the tables, blocks,
/// fixed lines and column keys are the layout's (a misspelt key would otherwise load and its
/// amount vanish from every table and export), and codes are codes.
pub fn validate(pkg: &Package) -> Result<(), LoadError> {
    if !(1990..=2200).contains(&pkg.year) {
        return Err(LoadError::Invalid {
            field: "year".into(),
            message: format!("年度 {} 不是合理的预算年度", pkg.year),
        });
    }
    // A package in a user's layout carries that layout (registered while the file was read).
    let own = pkg.custom_layout.filter(|l| l.id == pkg.layout);
    if let Some(l) = pkg.custom_layout
        && l.id != pkg.layout
    {
        return Err(LoadError::Invalid {
            field: "custom_layout".into(),
            message: format!("文件内的版式“{}”与 layout 字段“{}”不一致", l.id, pkg.layout),
        });
    }
    let Some(layout) = own.or_else(|| Layout::by_id(&pkg.layout)) else {
        return Err(LoadError::Invalid {
            field: "layout".into(),
            message: format!("未知的报表样式“{}”", pkg.layout),
        });
    };
    for (key, data) in &pkg.tables {
        let Some(def) = layout.table(key) else {
            return Err(LoadError::Invalid {
                field: format!("tables.{key}"),
                message: format!("报表样式“{}”中没有表“{key}”", layout.name),
            });
        };
        for (bkey, rows) in &data.blocks {
            let Some(block) = def.block(bkey) else {
                return Err(LoadError::Invalid {
                    field: format!("tables.{key}.{bkey}"),
                    message: format!("表{}没有名为“{bkey}”的部分", def.number),
                });
            };
            for (i, row) in rows.iter().enumerate() {
                let place = || format!("tables.{key}.{bkey}[{i}]");
                let nth = || format!("表{}第 {} 条记录", def.number, i + 1);
                for col in row.cells.keys() {
                    if block.column_index(col).is_none() {
                        let known: Vec<&str> =
                            block.columns.iter().map(|c| c.key.as_str()).collect();
                        return Err(LoadError::Invalid {
                            field: format!("{}.cells.{col}", place()),
                            message: format!(
                                "{}中没有名为“{col}”的栏目（可用：{}）",
                                nth(),
                                known.join("、")
                            ),
                        });
                    }
                }
                // A stored line of a fixed block that is not the layout's loads and is named by
                // the checker (T4.unknown), so nothing typed is lost; but a line with no key at
                // all is no line (nothing shows or checks it, and the app's own workbook could
                // not be read back), so it is refused here as the workbook import refuses it.
                if matches!(block.rows, RowsDef::Fixed(_)) && row.code.trim().is_empty() {
                    return Err(LoadError::Invalid {
                        field: format!("{}.code", place()),
                        message: format!(
                            "{}没有行键（code 为空）：本表的行是固定的，每条记录须写明是哪一行（如 code: \"general\"）",
                            nth()
                        ),
                    });
                }
                // Codes must be codes.
                if matches!(block.rows, RowsDef::Codes { .. }) {
                    for (field, c) in [("code", &row.code), ("gov_code", &row.gov_code)] {
                        let canonical = Code::parse(c).map(|p| p.as_str() == c.as_str());
                        if let Err(e) = canonical.and_then(|same| {
                            if same {
                                Ok(())
                            } else {
                                Err(CodeError::NotDigits(c.clone()))
                            }
                        }) {
                            return Err(LoadError::Invalid {
                                field: format!("{}.{field}", place()),
                                message: format!("{}的编码有误：{e}", nth()),
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// The canonical text of a package: what `save` writes.
pub fn to_string(pkg: &Package) -> Result<String, SaveError> {
    let cfg = ron::ser::PrettyConfig::new()
        .depth_limit(5)
        .indentor("  ")
        .struct_names(false);
    let mut s =
        ron::ser::to_string_pretty(pkg, cfg).map_err(|e| SaveError::Serialize(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Writes a file atomically: a temporary file beside it, flushed, then renamed over it. The
/// previous content, if any, is kept as `FILE.bak`.
///
/// Whenever the process is killed, `FILE` is either the old or the new content, whole, and
/// `FILE.bak` is either the previous backup or the old content, whole: the backup is made by a
/// hard link (or, where the file system has none, a copy to a temporary file) renamed over
/// `FILE.bak`, never by copying onto it. Temporary files a killed save left are removed by the
/// next save.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    use std::io::Write;
    let io = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &file_name);
    let pid = std::process::id();
    let tmp = dir.join(format!(".{file_name}.{pid}.tmp"));
    let write_tmp = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    };
    if let Err(e) = write_tmp() {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    if path.is_file() {
        let bak = dir.join(format!("{file_name}.bak"));
        let bak_tmp = dir.join(format!(".{file_name}.bak.{pid}.tmp"));
        let _ = std::fs::remove_file(&bak_tmp);
        let made = std::fs::hard_link(path, &bak_tmp)
            .or_else(|_| std::fs::copy(path, &bak_tmp).map(|_| ()))
            .and_then(|()| std::fs::rename(&bak_tmp, &bak));
        // When FILE.bak already is FILE (a save killed between its two renames), the rename
        // does nothing and leaves the link behind.
        let _ = std::fs::remove_file(&bak_tmp);
        if let Err(e) = made {
            let _ = std::fs::remove_file(&bak_tmp);
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })?;
    // The rename is durable only once the directory is; failing that is not worth an error.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes `.FILE.<pid>.tmp` and `.FILE.bak.<pid>.tmp` left by a save that was killed: those
/// of a process that is gone (where the platform says so), else those over an hour old.
fn remove_stale_temps(dir: &Path, file_name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_prefix(file_name))
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid_text = rest.strip_prefix("bak.").unwrap_or(rest);
        let Ok(pid) = pid_text.parse::<u32>() else {
            continue;
        };
        if pid == me {
            continue;
        }
        let proc_root = Path::new("/proc/self");
        let gone = if proc_root.exists() {
            !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if gone {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Saves a package to a project file.
pub fn save(pkg: &Package, path: &Path) -> Result<(), SaveError> {
    write_atomic(path, to_string(pkg)?.as_bytes())
}
