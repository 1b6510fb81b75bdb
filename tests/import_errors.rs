//! Files that are not a budget package we can read are refused with a Chinese message saying
//! why, nothing is written, and the command line exits 2: a truncated PDF, a file that is not a
//! PDF, a PDF without a text layer, a 决算 instead of a 预算, an unknown layout.

use budget_disclosure::io::published::{self, PublishedError};
use std::path::PathBuf;
use std::process::Command;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

/// A valid one-page PDF that draws nothing (as a scan without OCR has no text either).
fn blank_pdf() -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}

#[test]
fn truncated_pdf_is_refused() {
    let bytes = std::fs::read(corpus("putuo_office_2025_unit.pdf")).unwrap();
    let half = &bytes[..bytes.len() / 2];
    let e = published::import_bytes(half, "x.pdf").unwrap_err();
    assert!(matches!(e, PublishedError::Damaged(_)), "{e}");
    assert!(e.to_string().contains("不完整"), "{e}");
}

#[test]
fn pdf_without_text_is_refused_as_a_scan() {
    let e = published::import_bytes(&blank_pdf(), "scan.pdf").unwrap_err();
    assert!(matches!(e, PublishedError::NoText(1)), "{e}");
    assert!(e.to_string().contains("扫描件"), "{e}");
}

#[test]
fn final_accounts_are_refused() {
    let text = "上海市普陀区人民政府办公室\n2024年度部门决算\n收入支出决算总表\t\n";
    let e = published::import_bytes(text.as_bytes(), "x.txt").unwrap_err();
    assert!(matches!(e, PublishedError::FinalAccounts(_)), "{e}");
    assert!(e.to_string().contains("决算"), "{e}");
}

#[test]
fn unknown_layout_says_what_was_seen() {
    let text = "某某市某某局\n2025年收支情况一览表\n项目\t金额\n合计\t1.00\n";
    let e = published::import_bytes(text.as_bytes(), "x.txt").unwrap_err();
    let m = e.to_string();
    assert!(matches!(e, PublishedError::UnknownLayout(_)), "{m}");
    assert!(
        m.contains("2025年收支情况一览表") && m.contains("某某市某某局"),
        "{m}"
    );
}

/// The office's unit package encrypted with qpdf (AES-256) with a password to open it.
#[test]
fn encrypted_pdf_is_refused() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encrypted.pdf");
    let e = published::import_path(&path).unwrap_err();
    assert!(matches!(e, PublishedError::Encrypted), "{e}");
    assert!(e.to_string().contains("加密"), "{e}");
}

#[test]
fn not_utf8_text_is_refused() {
    let e = published::import_bytes(&[0xff, 0xfe, 0xb0, 0xa1], "x.txt").unwrap_err();
    assert!(matches!(e, PublishedError::NotUtf8(_)), "{e}");
}

#[test]
fn cli_exits_2_and_writes_nothing_for_a_truncated_pdf() {
    let dir = std::env::temp_dir().join(format!("bd-import-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = std::fs::read(corpus("putuo_office_2025_unit.pdf")).unwrap();
    let input = dir.join("cut.pdf");
    std::fs::write(&input, &bytes[..bytes.len() / 3]).unwrap();
    let output = dir.join("out.budget.ron");
    let run = Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .args(["import"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("无法导入") && err.contains("不完整"), "{err}");
    assert!(!output.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_imports_a_pdf_and_prints_the_report() {
    let dir = std::env::temp_dir().join(format!("bd-import-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join("office.budget.ron");
    let run = Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
        .args(["import"])
        .arg(corpus("putuo_office_2025_unit.pdf"))
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{out}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        out.contains("导入报告") && out.contains("表格：找到 9 / 9 张"),
        "{out}"
    );
    let pkg = budget_disclosure::io::project::load(&output).expect("written file loads");
    assert_eq!(pkg.year, 2025);
    let _ = std::fs::remove_dir_all(&dir);
}
