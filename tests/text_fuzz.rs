//! The fuzz reproducers whose panic was in the text rules (numbers of 28+ decimals, 29-digit
//! amounts summed or set against negative figures): the check gives findings or nothing,
//! never a panic, and every text finding it gives is a sentence in Chinese.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::project;
use budget_disclosure::rules;
use std::path::PathBuf;

#[test]
fn text_rules_never_panic_on_the_fuzz_reproducers() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/text");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 17, "{} reproducers", files.len());
    let mut panicked = Vec::new();
    let mut checked = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        // Since amounts are limited at load (15 significant digits) and repeated keys refused,
        // some reproducers stop at the file boundary: that is a refusal with its place, not a
        // panic, and the rest still reach the text rules with their huge numbers in the text.
        let pkg = match project::from_str(&text) {
            Ok(pkg) => pkg,
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains('行') && msg.contains('列'),
                    "{}: {msg}",
                    f.display()
                );
                continue;
            }
        };
        checked += 1;
        let got = std::panic::catch_unwind(|| rules::check(&pkg, Catalog::builtin()));
        match got {
            Ok(findings) => {
                for x in findings
                    .iter()
                    .filter(|x| x.rule.starts_with('N') || x.rule.starts_with('C'))
                {
                    assert!(
                        x.message
                            .chars()
                            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{}: {x:?}",
                        f.display()
                    );
                }
            }
            Err(_) => panicked.push(f.display().to_string()),
        }
    }
    assert!(panicked.is_empty(), "panicked on {panicked:#?}");
    assert!(
        checked >= 10,
        "only {checked} reproducers reached the text rules"
    );
}
