//! The text rules on every real package we have (the 山西 sample, the 上海 sample, and any
//! corpus package file in tests/fixtures/packages/): no text finding on a sentence whose numbers
//! are right (each package's own remaining findings listed below, checked by hand), and every
//! number of the text that binds to a figure of the data (or states a change), changed by one
//! unit of its last place, is caught.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::{project, sample};
use budget_disclosure::model::Package;
use budget_disclosure::rules::text::{Kind, Role, value};
use budget_disclosure::rules::{self, Context, Finding, Severity};
use rust_decimal::Decimal;
use std::path::PathBuf;

/// A package's name, the package, and the text findings (rule, section) it must report: its
/// publisher's real mistakes.
type Known = (String, Package, Vec<(&'static str, &'static str)>);

fn packages() -> Vec<Known> {
    let mut out = vec![
        (
            "山西 sample".to_string(),
            project::from_str(sample::SAMPLE_RON).expect("loads"),
            // 五 "一般公共预算支出240.65万元": 240.65 is 一般公共服务支出.
            vec![("N1", "五")],
        ),
        (
            "上海 sample".to_string(),
            project::from_str(sample::SHANGHAI_SAMPLE_RON).expect("loads"),
            vec![],
        ),
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packages");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files
            .into_iter()
            .filter(|f| f.to_string_lossy().ends_with(".budget.ron"))
        {
            let text = std::fs::read_to_string(&f).expect("readable");
            let p = project::from_str(&text).expect("a corpus package loads");
            out.push((f.display().to_string(), p, vec![]));
        }
    }
    out
}

fn run(p: &Package) -> Vec<Finding> {
    rules::check(p, Catalog::builtin())
}

fn text_findings(p: &Package) -> Vec<(String, String)> {
    run(p)
        .into_iter()
        .filter(|f| f.rule.starts_with('N'))
        .map(|f| (f.rule, f.location.section.unwrap_or_default()))
        .collect()
}

#[test]
fn right_sentences_have_no_text_finding() {
    for (name, p, want) in packages() {
        let got = text_findings(&p);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(r, s)| (r.to_string(), s.to_string()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Every bound number with its section index and byte range, and the new text for it.
fn bound_numbers(p: &Package) -> Vec<(usize, usize, usize, String, String)> {
    let ctx = Context::new(p, Catalog::builtin());
    let mut out = Vec::new();
    for s in &ctx.text().sections {
        for b in &s.claims {
            let c = &b.claim;
            // A change is checked against the figures it relates, not a figure of its own.
            let change = matches!(c.role, Role::Change(_));
            if !change {
                let Some(fig) = &b.fig else { continue };
                if value(&ctx, fig, b.threshold).is_none() {
                    continue;
                }
            }
            let step = if c.kind == Kind::Money && c.scale > 0 {
                Decimal::new(1, c.scale)
            } else {
                Decimal::ONE
            };
            let Some(v) = c.value.checked_add(step) else {
                continue;
            };
            let mut new = format!("{v:.*}", c.scale as usize);
            if c.grouped {
                // Keep the writer's separators.
                let (int, frac) = new
                    .split_once('.')
                    .map_or((new.as_str(), ""), |(a, b)| (a, b));
                let mut g = String::new();
                for (i, ch) in int.chars().enumerate() {
                    if i > 0 && (int.len() - i).is_multiple_of(3) {
                        g.push(',');
                    }
                    g.push(ch);
                }
                if !frac.is_empty() {
                    g.push('.');
                    g.push_str(frac);
                }
                new = g;
            }
            out.push((
                s.index,
                c.start,
                c.num_end,
                format!("{} {}{}", s.number, c.written, c.unit_label()),
                new,
            ));
        }
    }
    out
}

#[test]
fn every_bound_number_changed_is_caught() {
    for (name, p, _) in packages() {
        let before = run(&p);
        let numbers = bound_numbers(&p);
        let mut missed = Vec::new();
        for (si, start, end, what, new) in &numbers {
            let mut q = p.clone();
            q.explanation[*si].text.replace_range(*start..*end, new);
            let caught = run(&q).iter().any(|f| {
                matches!(f.severity, Severity::Error | Severity::Warning)
                    && !before.iter().any(|b| {
                        b.rule == f.rule
                            && b.location == f.location
                            && b.expected == f.expected
                            && b.actual == f.actual
                    })
            });
            if !caught {
                missed.push(format!("{what} → {new}"));
            }
        }
        println!(
            "{name}: {} of {} bound numbers caught when changed",
            numbers.len() - missed.len(),
            numbers.len()
        );
        assert!(
            numbers.len() >= 10,
            "{name}: {} bound numbers",
            numbers.len()
        );
        assert!(missed.is_empty(), "{name}: missed {missed:#?}");
    }
}
