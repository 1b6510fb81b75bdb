//! Import of each published corpus PDF (上海 2025, 21–26 pages) into a package, from the bytes
//! in memory: the median must stay under 300 ms on a 2-core machine.

use budget_disclosure::io::published;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const CORPUS: [&str; 5] = [
    "putuo_office_2025_dept",
    "putuo_office_2025_unit",
    "putuo_commerce_2025_dept",
    "putuo_commerce_2025_unit",
    "putuo_finance_2025_dept",
];

fn import_corpus(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    for name in CORPUS {
        let bytes = std::fs::read(dir.join(format!("{name}.pdf"))).expect("corpus PDF");
        let first = published::import_bytes(&bytes, name).expect("imports");
        eprintln!(
            "{name}: {} pages, {} tables found",
            first.report.pages,
            first
                .report
                .tables
                .iter()
                .filter(|t| t.found_at.is_some())
                .count()
        );
        c.bench_function(&format!("import {name}"), |b| {
            b.iter(|| published::import_bytes(black_box(&bytes), name))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = import_corpus
}
criterion_main!(benches);
