//! Benchmarks of the xlsx export and import on the synthetic county package, and one timing of
//! LibreOffice converting the same workbook to CSV (when it is installed) for comparison.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::{xlsx, xlsx_import};
use budget_disclosure::{rules, synth};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn bench_xlsx(c: &mut Criterion) {
    let pkg = synth::county();
    let cat = Catalog::builtin();
    let findings = rules::check(&pkg, cat);
    let bytes = match xlsx::export(&pkg, cat, &findings) {
        Ok(b) => b,
        Err(e) => panic!("export failed: {e}"),
    };
    println!(
        "county package: {} table rows, {} project forms, workbook {:.1} MB",
        synth::table_rows(&pkg),
        pkg.project_forms.len(),
        bytes.len() as f64 / 1e6
    );
    let mut g = c.benchmark_group("xlsx");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("export_county", |b| {
        b.iter(|| xlsx::export(black_box(&pkg), cat, &findings))
    });
    g.bench_function("import_county", |b| {
        b.iter(|| xlsx_import::import(black_box(&bytes)))
    });
    g.finish();
    libreoffice_timing(&bytes);
}

/// Times `soffice --headless --convert-to csv` on the exported workbook (every sheet, formulas
/// recalculated on load), the median of three runs.
fn libreoffice_timing(bytes: &[u8]) {
    let Some(bin) = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        println!("LibreOffice: skipped: LibreOffice not installed");
        return;
    };
    let dir = std::env::temp_dir().join(format!("xlsx-bench-{}", std::process::id()));
    let user = dir.join("profile/user");
    if std::fs::create_dir_all(&user).is_err() {
        return;
    }
    let _ = std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    );
    let file = dir.join("county.xlsx");
    if std::fs::write(&file, bytes).is_err() {
        return;
    }
    let mut times = Vec::new();
    for _ in 0..3 {
        let out = dir.join("csv");
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        let ok = std::process::Command::new(bin)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.join("profile").display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                "--outdir",
            ])
            .arg(&out)
            .arg(&file)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            println!("LibreOffice: conversion failed");
            return;
        }
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "LibreOffice: convert county.xlsx to csv (all sheets, recalculated): median {:.2} s of {:?}",
        times[1].as_secs_f64(),
        times
    );
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_xlsx);
criterion_main!(benches);
