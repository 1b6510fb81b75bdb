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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = check_county
}
criterion_main!(benches);
