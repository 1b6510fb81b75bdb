//! Finding an external program a test needs (LibreOffice, Chromium): where it is missing the test
//! says so on the terminal (not in captured output, which `cargo test` hides for a passing test),
//! and where `BUDGET_REQUIRE_TOOLS=1` is set (CI installs them) a missing program fails the test.

use std::io::Write;

/// The first of `candidates` that answers `--version`, or `None` after telling the terminal why
/// the calling test is skipped. Panics when the environment requires the tools.
pub fn find_tool(what: &str, candidates: &[&str], test: &str) -> Option<String> {
    for name in candidates {
        let ok = std::process::Command::new(name)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return Some((*name).to_string());
        }
    }
    skip(
        test,
        &format!("{what} not installed (tried {candidates:?}); .ci/run installs it"),
    );
    None
}

/// Says on the terminal that `test` is skipped and why; where the environment requires the
/// external tools (`BUDGET_REQUIRE_TOOLS=1`, set by .ci/run) a skip is a failure instead.
pub fn skip(test: &str, why: &str) {
    if std::env::var("BUDGET_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{test}: required here (BUDGET_REQUIRE_TOOLS=1) but {why}");
    }
    // Written straight to the stream: libtest captures print!/eprint! of passing tests.
    let _ = writeln!(std::io::stderr(), "test {test} … skipped: {why}");
}
