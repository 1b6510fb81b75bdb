//! The sample's HTML export, printed to PDF by headless Chromium (a 山西-layout PDF as a browser
//! prints it), imports back to the sample's tables. Skipped, with the reason printed, where
//! Chromium or a Chinese font is not installed (CI installs chromium and
//! fonts-wqy-microhei).

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::html::export_html_to;
use budget_disclosure::io::published;
use budget_disclosure::io::sample::sample;
use std::path::Path;
use std::process::Command;

#[path = "common/external.rs"]
mod external;

const TEST: &str = "sample_printed_by_chromium_imports_back_to_the_same_tables";

#[test]
fn sample_printed_by_chromium_imports_back_to_the_same_tables() {
    let Some(chromium) = external::find_tool("Chromium", &["chromium", "/usr/bin/chromium"], TEST)
    else {
        return;
    };
    // Without a Chinese font Chromium draws the characters as boxes and the PDF has no Chinese
    // text to read back (Debian: fonts-wqy-microhei).
    let cjk = Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty())
        || Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists();
    if !cjk {
        external::skip(
            TEST,
            "no Chinese font installed (fc-list :lang=zh is empty); .ci/run installs fonts-wqy-microhei",
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("bd-import-chromium-{}", std::process::id()));
    let profile = dir.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let html = dir.join("sample.html");
    let pdf = dir.join("sample.pdf");
    let s = sample();
    export_html_to(&s, Catalog::builtin(), &html).expect("html export");
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.exists(),
        "chromium wrote no PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let imported = published::import_path(&pdf).expect("the printed sample imports");
    let pkg = &imported.package;
    assert_eq!(pkg.layout, s.layout);
    assert_eq!(pkg.year, s.year);
    for (key, table) in &s.tables {
        assert_eq!(
            pkg.tables.get(key),
            Some(table),
            "table {key} differs\nreport:\n{}",
            imported.report
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
