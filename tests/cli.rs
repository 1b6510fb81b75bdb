//! The command line as a user runs it: `check` on the sample in JSON and text, `--rules`.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
}

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.budget.ron");

#[test]
fn check_prints_valid_json_with_one_object_for_the_file() {
    let out = bin()
        .args(["check", SAMPLE, "--format", "json"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["file"].as_str(), Some(SAMPLE));
    let findings = doc["findings"].as_array().expect("findings array");
    let mut errors = 0;
    for f in findings {
        let sev = f["severity"].as_str().expect("severity");
        assert!(["error", "warning", "hint"].contains(&sev), "{sev}");
        errors += usize::from(sev == "error");
        assert!(f["rule"].as_str().is_some_and(|r| !r.is_empty()));
        assert!(f["location"].is_object());
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Exit 1 exactly when a finding is an error.
    assert_eq!(out.status.code(), Some(if errors > 0 { 1 } else { 0 }));
}

#[test]
fn check_of_several_files_prints_an_array_and_reports_unreadable_ones() {
    let missing = std::env::temp_dir().join("no-such-file.budget.ron");
    let out = bin()
        .args(["check", SAMPLE, "--format", "json"])
        .arg(&missing)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let files = doc.as_array().expect("array for several files");
    assert_eq!(files.len(), 2);
    assert!(
        files[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("无法读取文件"))
    );
}

#[test]
fn check_text_names_the_file_and_counts() {
    let out = bin().args(["check", SAMPLE]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(SAMPLE), "{text}");
    assert!(text.contains("个错误") && text.contains("个警告") && text.contains("个提示"));
}

#[test]
fn rules_lists_every_rule_with_id_severity_and_description() {
    let out = bin().args(["check", "--rules"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for rule in budget_disclosure::rules::RULES {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id))
            .unwrap_or_else(|| panic!("rule {} not listed", rule.id));
        assert!(
            line.contains(rule.severity.label()) && line.contains(rule.description),
            "{line}"
        );
    }
}

#[test]
fn export_writes_the_html_package_and_refuses_unknown_formats() {
    let dir = std::env::temp_dir().join(format!("bd-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let html = dir.join("sample.html");
    let out = bin()
        .args(["export", SAMPLE, "-o"])
        .arg(&html)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.contains("2026年预算收支总表") && page.contains("长治市屯留区信访局"));
    let bad = bin()
        .args(["export", SAMPLE, "-o"])
        .arg(dir.join("x.doc"))
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不支持的导出格式"));
}

#[test]
fn export_to_xlsx_and_import_back_gives_the_same_package() {
    let dir = std::env::temp_dir().join(format!("bd-cli-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let xlsx = dir.join("sample.xlsx");
    let back = dir.join("back.budget.ron");
    let out = bin()
        .args(["export", SAMPLE, "-o"])
        .arg(&xlsx)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bin()
        .arg("import")
        .arg(&xlsx)
        .arg("-o")
        .arg(&back)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original =
        budget_disclosure::io::project::load(std::path::Path::new(SAMPLE)).expect("sample");
    let imported = budget_disclosure::io::project::load(&back).expect("imported");
    assert_eq!(imported, original);
    // A file that is not a workbook is refused and nothing is written.
    let junk = dir.join("junk.xlsx");
    std::fs::write(&junk, b"not a workbook").expect("write");
    let target = dir.join("never.budget.ron");
    let out = bin()
        .arg("import")
        .arg(&junk)
        .arg("-o")
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法导入"));
    assert!(!target.exists());
}

#[test]
fn import_refuses_to_write_over_its_own_workbook_or_into_a_folder() {
    let dir = std::env::temp_dir().join(format!("budget-cli-import-o-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("in.xlsx");
    let out = bin()
        .args(["export", SAMPLE, "-o"])
        .arg(&xlsx)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let before = std::fs::read(&xlsx).unwrap();
    let out = bin()
        .arg("import")
        .arg(&xlsx)
        .arg("-o")
        .arg(&xlsx)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("同一个文件"));
    assert_eq!(
        std::fs::read(&xlsx).unwrap(),
        before,
        "the workbook is untouched"
    );
    let out = bin()
        .arg("import")
        .arg(&xlsx)
        .arg("-o")
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是一个文件夹"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_prints_no_terminal_escape_sequences_from_the_file() {
    let dir = std::env::temp_dir().join(format!("budget-cli-escape-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut pkg = budget_disclosure::io::sample::sample();
    // A project name with an escape sequence that would retitle the terminal; the rename
    // makes F1 name it in a finding.
    pkg.project_forms[0].name = "\u{1b}]0;owned\u{7}项目".into();
    let file = dir.join("esc.budget.ron");
    budget_disclosure::io::project::save(&pkg, &file).unwrap();
    let out = bin().arg("check").arg(&file).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("owned"), "the finding is printed: {text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    let _ = std::fs::remove_dir_all(&dir);
}
