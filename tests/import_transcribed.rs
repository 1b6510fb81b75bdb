//! Each corpus PDF imports to the same tables as the hand transcription of that package made
//! for the 上海 layout (tests/fixtures/shanghai/*.budget.ron, assets/samples/), an independent
//! reading of the same PDF by a person.

use budget_disclosure::io::{project, published};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn same_tables(name: &str, transcription: PathBuf) {
    let imported =
        published::import_path(&root().join(format!("tests/fixtures/corpus/{name}.pdf")))
            .expect("imports");
    let want = project::load(&transcription).expect("transcription loads");
    let pkg = &imported.package;
    assert_eq!(pkg.layout, want.layout, "{name}");
    assert_eq!(pkg.year, want.year, "{name}");
    for (key, table) in &want.tables {
        assert_eq!(
            pkg.tables.get(key).cloned().unwrap_or_default(),
            *table,
            "{name} table {key}\nreport:\n{}",
            imported.report
        );
    }
}

#[test]
fn office_unit_as_transcribed() {
    same_tables(
        "putuo_office_2025_unit",
        root().join("assets/samples/putuo_office_2025_unit.budget.ron"),
    );
}

#[test]
fn office_dept_as_transcribed() {
    same_tables(
        "putuo_office_2025_dept",
        root().join("tests/fixtures/shanghai/putuo_office_2025_dept.budget.ron"),
    );
}

#[test]
fn commerce_dept_as_transcribed() {
    same_tables(
        "putuo_commerce_2025_dept",
        root().join("tests/fixtures/shanghai/putuo_commerce_2025_dept.budget.ron"),
    );
}

#[test]
fn commerce_unit_as_transcribed() {
    same_tables(
        "putuo_commerce_2025_unit",
        root().join("tests/fixtures/shanghai/putuo_commerce_2025_unit.budget.ron"),
    );
}

#[test]
fn finance_dept_as_transcribed() {
    same_tables(
        "putuo_finance_2025_dept",
        root().join("tests/fixtures/shanghai/putuo_finance_2025_dept.budget.ron"),
    );
}
