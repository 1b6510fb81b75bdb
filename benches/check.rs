//! The full consistency check of a county-wide synthetic package (≥ 60,000 table rows, ≥ 3,000
//! projects with forms): it must stay under 20 ms on a 2-core machine.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::rules;
use budget_disclosure::synth;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn check_county(c: &mut Criterion) {
    let pkg = synth::county();
    let catalog = Catalog::builtin();
    assert!(synth::table_rows(&pkg) >= 60_000);
    assert!(pkg.project_forms.len() >= 3_000);
    // Kept alive through the measurement, as the editor keeps the previous findings on screen
    // while it checks again (the heap then holds a live result, as in real use).
    let findings = rules::check(&pkg, catalog);
    eprintln!(
        "county package: {} table rows, {} forms, {} findings",
        synth::table_rows(&pkg),
        pkg.project_forms.len(),
        findings.len()
    );
    c.bench_function("check county", |b| {
        b.iter(|| rules::check(black_box(&pkg), catalog))
    });
    drop(findings);
}

/// What the window adds per edit when a table is 自动: the county package with table 1 emptied
/// and computed from the detail tables (the resolved copy the checker and the grid read).
fn resolve_county_auto(c: &mut Criterion) {
    let mut pkg = synth::county();
    let catalog = Catalog::builtin();
    let t1 = pkg.table_mut("t1");
    t1.blocks.clear();
    t1.auto = true;
    let derived = budget_disclosure::model::derive::resolve(&pkg, catalog)
        .map(|r| r.derived.len())
        .unwrap_or_default();
    assert!(derived > 0);
    c.bench_function("resolve county with table 1 自动", |b| {
        b.iter(|| budget_disclosure::model::derive::resolve(black_box(&pkg), catalog))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = check_county, resolve_county_auto
}
criterion_main!(benches);
