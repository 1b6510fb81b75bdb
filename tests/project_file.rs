//! The project file: atomic saves, and every kind of bad file refused with a Chinese message
//! that says where, an exit code of 2 from `check`, and no panic.

use budget_disclosure::io::project::{self, LoadError};
use budget_disclosure::model::{FORMAT_VERSION, Package};
use budget_disclosure::synth;
use std::path::{Path, PathBuf};
use std::process::Command;

fn base_text() -> String {
    let p = synth::generate(synth::Size {
        codes: 30,
        projects: 3,
        units: 2,
    });
    project::to_string(&p).expect("serializes")
}

fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bd-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Runs `check` on bytes written to a file; returns (exit code, stderr).
fn check_cli(name: &str, bytes: &[u8]) -> (i32, String) {
    let dir = tmp_dir(name);
    let path = dir.join("bad.budget.ron");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_refused(name: &str, bytes: &[u8], expect_in_message: &[&str]) -> LoadError {
    let err = match project::from_bytes(bytes) {
        Ok(_) => panic!("{name}: a bad file must not load"),
        Err(e) => e,
    };
    let msg = err.to_string();
    for part in expect_in_message {
        assert!(msg.contains(part), "{name}: message {msg:?} lacks {part:?}");
    }
    let (code, stderr) = check_cli(name, bytes);
    assert_eq!(code, 2, "{name}: exit code, stderr {stderr}");
    assert!(stderr.contains("无法读取"), "{name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    err
}

#[test]
fn a_saved_package_loads_back_equal() {
    let text = base_text();
    let p = project::from_str(&text).expect("loads");
    assert_eq!(project::to_string(&p).expect("serializes"), text);
    // One table row per line: every stored row of table 3 is on a line of its own.
    let row_lines = text
        .lines()
        .filter(|l| l.trim_start().starts_with("(code: \"2"))
        .count();
    assert!(row_lines >= 30, "{row_lines}");
}

#[test]
fn empty_file() {
    let e = assert_refused("empty", b"", &["空"]);
    assert!(matches!(e, LoadError::Empty));
    assert_refused("blank", b"  \n\n", &["空"]);
}

#[test]
fn not_ron() {
    let e = assert_refused("not-ron", "这不是项目文件\n".as_bytes(), &["第 1 行"]);
    assert!(matches!(e, LoadError::Syntax { line: 1, .. }), "{e:?}");
}

#[test]
fn truncated() {
    let text = base_text();
    // Cut near the middle, on a character boundary.
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid -= 1;
    }
    let cut = &text[..mid];
    let e = assert_refused("truncated", cut.as_bytes(), &["行"]);
    assert!(
        e.to_string().contains("截断") || matches!(e, LoadError::Syntax { .. }),
        "{e}"
    );
    // Cut right after a complete row: the error is the missing end, named as such.
    let at_row_end = text.find("}),\n").map(|i| i + 4).expect("has rows");
    let e = assert_refused(
        "truncated-at-row",
        &text.as_bytes()[..at_row_end],
        &["截断"],
    );
    assert!(matches!(e, LoadError::Syntax { .. }));
}

fn replace_first_amount(text: &str, new: &str) -> (String, usize) {
    let key = "\"basic\": \"";
    let at = text.find(key).expect("has a basic amount") + key.len();
    let end = at + text[at..].find('"').expect("closed");
    let line = text[..at].lines().count();
    (format!("{}{}{}", &text[..at], new, &text[end..]), line)
}

#[test]
fn letter_in_an_amount() {
    let (bad, line) = replace_first_amount(&base_text(), "12a.5");
    let e = assert_refused(
        "letter",
        bad.as_bytes(),
        &["12a.5", "不是金额", &format!("第 {line} 行")],
    );
    assert!(matches!(e, LoadError::Syntax { .. }));
}

#[test]
fn three_decimals_in_a_wan_amount() {
    let (bad, line) = replace_first_amount(&base_text(), "12.345");
    assert_refused(
        "decimals",
        bad.as_bytes(),
        &["12.345", "小数", &format!("第 {line} 行")],
    );
}

#[test]
fn forty_digit_amount() {
    let forty = "9".repeat(40);
    let (bad, line) = replace_first_amount(&base_text(), &forty);
    assert_refused("forty", bad.as_bytes(), &[&forty, &format!("第 {line} 行")]);
}

#[test]
fn newer_format_version() {
    let text = base_text().replacen(
        &format!("format_version: {FORMAT_VERSION}"),
        &format!("format_version: {}", FORMAT_VERSION + 1),
        1,
    );
    let e = assert_refused("newer", text.as_bytes(), &["较新版本", "升级"]);
    assert!(matches!(e, LoadError::NewerVersion { .. }));
    // Even when the newer file has fields this version does not know.
    let text = text.replacen("year:", "future_field: (a: 1),\n  year:", 1);
    assert!(matches!(
        project::from_str(&text),
        Err(LoadError::NewerVersion { .. })
    ));
}

#[test]
fn two_hundred_thousand_nested_brackets() {
    let deep = "[".repeat(200_000);
    assert_refused("nested", deep.as_bytes(), &["行"]);
    // Nested inside a field that takes a list, where the parser does descend.
    // Nested where the parser expects a list of comments: refused at the first wrong bracket,
    // so the depth never reaches the recursion limit, let alone the stack.
    let inner = format!("(format_version: 1, comments: {}", "[".repeat(200_000));
    let e = assert_refused(
        "nested-field",
        inner.as_bytes(),
        &["第 1 行第 32 列", "字段"],
    );
    assert!(matches!(e, LoadError::Syntax { .. }));
}

#[test]
fn binary_junk() {
    let mut junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    junk[0] = 0xff;
    let e = assert_refused("junk", &junk, &["UTF-8"]);
    assert!(matches!(e, LoadError::NotText { offset: 0 }));
    // Valid UTF-8 that is still junk.
    assert_refused("control-junk", "\u{1}\u{2}(((\u{7f}))".as_bytes(), &["行"]);
}

#[test]
fn an_old_or_partial_file_loads_with_defaults() {
    let p = project::from_str("(year: 2025, department: (name: \"某局\"))").expect("loads");
    assert_eq!(p.year, 2025);
    assert_eq!(p.department.name, "某局");
    assert_eq!(p.format_version, FORMAT_VERSION);
    assert!(p.tables.is_empty());
}

#[test]
fn a_negative_amount_loads_and_check_warns() {
    let (text, _) = replace_first_amount(&base_text(), "-5.00");
    let p = project::from_str(&text).expect("a negative amount is not a bad file");
    let findings =
        budget_disclosure::rules::check(&p, budget_disclosure::catalog::Catalog::builtin());
    assert!(findings.iter().any(|f| f.rule == "S1"), "{findings:?}");
    let (code, _) = check_cli("negative", text.as_bytes());
    assert_ne!(code, 2);
}

#[test]
fn saving_is_atomic_and_keeps_a_backup() {
    let dir = tmp_dir("save");
    let path = dir.join("p.budget.ron");
    let mut p = Package::new_empty(2026, "某局");
    project::save(&p, &path).expect("first save");
    p.department.name = "某局（改）".into();
    project::save(&p, &path).expect("second save");
    let now = project::load(&path).expect("loads");
    assert_eq!(now.department.name, "某局（改）");
    let bak = project::load(&dir.join("p.budget.ron.bak")).expect("backup loads");
    assert_eq!(bak.department.name, "某局");
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn saving_into_a_missing_directory_fails_with_a_message_and_touches_nothing() {
    let path = Path::new("/nonexistent-dir-for-test/p.budget.ron");
    let e = project::save(&Package::default(), path).expect_err("cannot write");
    assert!(e.to_string().contains("无法写入"), "{e}");
}

#[test]
fn new_command_writes_an_empty_package_of_the_year() {
    let dir = tmp_dir("new");
    let path = dir.join("n.budget.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .args(["new", "--year", "2027", "--department", "某某局", "-o"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let p = project::load(&path).expect("loads");
    assert_eq!((p.year, p.department.name.as_str()), (2027, "某某局"));
    assert_eq!(p.tables.len(), 13);
    // It refuses to overwrite.
    let again = Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .args(["new", "--year", "2027", "--department", "某某局", "-o"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
}

/// The sample with table 6's first code replaced, as a 事业 unit (where the catalog used to
/// slice the code at byte 3).
fn sample_with_t6_code(code: &str) -> String {
    include_str!("../assets/sample.budget.ron")
        .replacen("kind: Administrative", "kind: Public", 1)
        .replacen(
            "(code: \"30101\", name: \"基本工资\"",
            &format!("(code: \"{code}\", name: \"基本工资\""),
            1,
        )
}

#[test]
fn a_code_with_other_characters_is_refused_with_its_table_and_row() {
    for code in ["30一", "30１x", "3 01"] {
        let err = project::from_str(&sample_with_t6_code(code)).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("表6第 1 条记录") && msg.contains("编码只能由数字组成"),
            "{code}: {msg}"
        );
    }
}

#[test]
fn full_width_digits_in_a_code_load_as_ascii() {
    let pkg = project::from_str(&sample_with_t6_code("３０１０１")).expect("loads");
    assert_eq!(pkg.tables["t6"].rows("main")[0].code, "30101");
}
