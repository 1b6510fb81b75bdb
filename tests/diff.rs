//! Comparing two versions: the sample against a copy with three known changes prints exactly
//! those three; and a property: random edits of the sample, then the diff between before and
//! after lists exactly the touched places whose value differs, and taking every change from B
//! onto A gives B. The random edits reach every kind of place the comparison covers: cells,
//! rows inserted, removed and renamed, table notes, 概况 (department, 职责, 机构设置, 内设科室,
//! 所属单位), indicators, 情况说明 sections, 附件 and 名词解释.

use budget_disclosure::io::sample::sample;
use budget_disclosure::model::diff::{ChangeKind, apply_all, diff};
use budget_disclosure::model::edit::{
    Edit, FormRef, IndicatorText, Item, ListRef, Period, RowField, TextTarget,
};
use budget_disclosure::model::layout::RowsDef;
use budget_disclosure::model::{Amount, GlossaryEntry, OrgUnit, Package, Row, UnitKind};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::process::Command;

const CHANGED: &str = "tests/fixtures/diff/sample-3-changes.budget.ron";
const EXPECTED: &str = "tests/fixtures/diff/sample-3-changes.expected.txt";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budget-disclosure"))
}

#[test]
fn the_sample_against_a_copy_with_three_changes_prints_exactly_those_three() {
    let out = bin()
        .args(["diff", "assets/sample.budget.ron", CHANGED])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "differences exit with 1");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let want = std::fs::read_to_string(EXPECTED).expect("expected output beside the fixture");
    assert_eq!(text, want);
    assert!(text.contains("表3 2014001 行政运行 基本支出：19.56 → 20.56（差 +1.00）"));
    assert!(text.contains("≥ 500 人/次 → ≥ 600 人/次"));
    assert!(text.contains("增“，主要是人员调整”"));

    let out = bin()
        .args([
            "diff",
            "assets/sample.budget.ron",
            CHANGED,
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["old"], "19.56");
    assert_eq!(list[0]["new"], "20.56");
    assert_eq!(list[0]["difference"], "+1.00");

    // The same file against itself: nothing, exit 0.
    let out = bin()
        .args(["diff", CHANGED, CHANGED])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn taking_each_change_alone_takes_only_that_value() {
    let a = sample();
    let b = budget_disclosure::io::project::load(std::path::Path::new(CHANGED)).expect("loads");
    let changes = diff(&a, &b);
    for c in &changes {
        let mut one = a.clone();
        c.take_other.clone().apply(&mut one);
        // After taking it, that change is gone and the two others remain.
        let left = diff(&one, &b);
        assert_eq!(left.len(), changes.len() - 1, "{}", c.line());
        assert!(!left.iter().any(|x| x.place == c.place && x.page == c.page));
    }
}

fn row_key(r: &Row) -> String {
    if r.code.is_empty() {
        format!("{}\u{1f}{}", r.unit, r.name)
    } else {
        r.code.clone()
    }
}

fn row_label(r: &Row) -> String {
    format!("{} {}", r.code, r.name).trim().to_string()
}

/// Every stored row of the package: (table, block, index).
fn stored_rows(p: &Package) -> Vec<(String, String, usize)> {
    let mut v = Vec::new();
    for def in &p.layout().tables {
        for b in &def.blocks {
            let n = p.table(&def.key).map(|t| t.rows(&b.key).len()).unwrap_or(0);
            v.extend((0..n).map(|i| (def.key.clone(), b.key.clone(), i)));
        }
    }
    v
}

fn find_row<'p>(p: &'p Package, t: &str, b: &str, key: &str) -> Option<&'p Row> {
    p.table(t)?.rows(b).iter().find(|r| row_key(r) == key)
}

#[derive(Default)]
struct Touched {
    cells: BTreeSet<(String, String, String, String)>,
    rows: BTreeSet<(String, String, String)>,
    indicators: BTreeSet<(usize, bool, usize)>,
    sections: BTreeSet<usize>,
    /// Coded rows renamed: (table, block, code).
    renamed: BTreeSet<(String, String, String)>,
    notes: BTreeSet<String>,
    /// Texts compared as a whole, by their place on the 概况 page.
    overview_texts: BTreeSet<&'static str>,
    /// The one edit made to a list (a second edit of the same list is skipped, so the expected
    /// change is known): the list's name → (kind, page, place).
    lists: std::collections::BTreeMap<&'static str, (ChangeKind, String, String)>,
}

/// Applies one random edit named by numbers, recording what it touched.
fn random_edit(p: &mut Package, op: u8, x: u32, y: u32, z: u32, n: usize, t: &mut Touched) {
    match op % 9 {
        5 => {
            // A coded row renamed, its code kept.
            let rows: Vec<_> = stored_rows(p)
                .into_iter()
                .filter(|(t, b, i)| !p.tables[t].rows(b)[*i].code.is_empty())
                .collect();
            if rows.is_empty() {
                return;
            }
            let (table, block, i) = rows[x as usize % rows.len()].clone();
            let code = p.tables[&table].rows(&block)[i].code.clone();
            Edit::SetRowField {
                table: table.clone(),
                block: block.clone(),
                row: i,
                field: RowField::Name,
                value: format!("改名{n}"),
            }
            .apply(p);
            t.renamed.insert((table, block, code));
        }
        6 => {
            let tables = &p.layout().tables;
            let table = tables[x as usize % tables.len()].key.clone();
            let text = if z.is_multiple_of(3) {
                String::new()
            } else {
                format!("注：本表无数据{n}")
            };
            Edit::SetTableNote {
                table: table.clone(),
                text,
            }
            .apply(p);
            t.notes.insert(table);
        }
        7 => overview_edit(p, x, y, n, t),
        8 => glossary_edit(p, x, y, n, t),
        _ => random_edit_0(p, op, x, y, z, n, t),
    }
}

/// 概况: the department's name, 机构设置, or one edit of the 职责 or 所属单位 list.
fn overview_edit(p: &mut Package, x: u32, y: u32, n: usize, t: &mut Touched) {
    let page = "概况".to_string();
    match y % 4 {
        0 => {
            Edit::SetText {
                target: TextTarget::DepartmentName,
                text: format!("{}{n}", p.department.name),
            }
            .apply(p);
            t.overview_texts.insert("部门名称");
        }
        1 => {
            let text = format!("{}另设{n}个科室。", p.overview.organization);
            Edit::SetText {
                target: TextTarget::Organization,
                text,
            }
            .apply(p);
            t.overview_texts.insert("机构设置");
        }
        2 if !t.lists.contains_key("duties") => {
            let len = p.overview.duties.len();
            let (edit, change) = match (x % 3, len) {
                (0, l) if l > 0 => {
                    let k = (x as usize / 3) % l;
                    let text = format!("{}（修订{n}）", p.overview.duties[k]);
                    (
                        Edit::SetText {
                            target: TextTarget::Duty(k),
                            text,
                        },
                        (ChangeKind::Changed, format!("职责{}", k + 1)),
                    )
                }
                (1, l) if l > 0 => {
                    let k = (x as usize / 3) % l;
                    (
                        Edit::RemoveItem {
                            list: ListRef::Duties,
                            index: k,
                        },
                        (ChangeKind::Removed, format!("职责{}", k + 1)),
                    )
                }
                (_, l) => {
                    let k = (x as usize / 3) % (l + 1);
                    (
                        Edit::InsertItem {
                            list: ListRef::Duties,
                            index: k,
                            item: Item::Text(format!("新增职责{n}")),
                        },
                        (ChangeKind::Added, format!("职责{}", k + 1)),
                    )
                }
            };
            edit.apply(p);
            t.lists.insert("duties", (change.0, page, change.1));
        }
        3 if !t.lists.contains_key("units") => {
            let name = format!("新单位{n}");
            let k = x as usize % (p.overview.units.len() + 1);
            Edit::InsertItem {
                list: ListRef::Units,
                index: k,
                item: Item::Unit(OrgUnit {
                    name: name.clone(),
                    kind: UnitKind::Public,
                }),
            }
            .apply(p);
            t.lists.insert(
                "units",
                (ChangeKind::Added, page, format!("所属单位 {name}")),
            );
        }
        _ => {}
    }
}

/// One edit of the 名词解释: a definition changed, an entry removed or a new one added.
fn glossary_edit(p: &mut Package, x: u32, y: u32, n: usize, t: &mut Touched) {
    if t.lists.contains_key("glossary") {
        return;
    }
    let page = "名词解释".to_string();
    let len = p.glossary.len();
    let k = x as usize % (len + 1);
    let (edit, change) = match y % 3 {
        0 if k < len => (
            Edit::SetText {
                target: TextTarget::GlossaryDefinition(k),
                text: format!("{}（{n}）", p.glossary[k].definition),
            },
            (ChangeKind::Changed, p.glossary[k].term.clone()),
        ),
        1 if k < len => (
            Edit::RemoveItem {
                list: ListRef::Glossary,
                index: k,
            },
            (ChangeKind::Removed, p.glossary[k].term.clone()),
        ),
        _ => (
            Edit::InsertItem {
                list: ListRef::Glossary,
                index: k,
                item: Item::Glossary(GlossaryEntry {
                    term: format!("新名词{n}"),
                    definition: "释义".into(),
                }),
            },
            (ChangeKind::Added, format!("新名词{n}")),
        ),
    };
    edit.apply(p);
    t.lists.insert("glossary", (change.0, page, change.1));
}

/// The edits the first version of this test made: cells, rows, indicators, sections.
fn random_edit_0(p: &mut Package, op: u8, x: u32, y: u32, z: u32, n: usize, t: &mut Touched) {
    match op % 5 {
        0 | 1 => {
            let rows = stored_rows(p);
            if rows.is_empty() {
                return;
            }
            let (table, block, i) = rows[x as usize % rows.len()].clone();
            let def = p.layout().table(&table).expect("layout table");
            let bdef = def.block(&block).expect("layout block");
            let col = bdef.columns[y as usize % bdef.columns.len()].key.clone();
            let value = if z.is_multiple_of(7) {
                Amount::EMPTY
            } else {
                Amount::new(rust_decimal::Decimal::new(i64::from(z % 1_000_000), 2))
            };
            let key = row_key(&p.tables[&table].rows(&block)[i]);
            Edit::SetCell {
                table: table.clone(),
                block: block.clone(),
                row: i,
                column: col.clone(),
                value,
            }
            .apply(p);
            t.cells.insert((table, block, key, col));
        }
        2 => {
            let rows = stored_rows(p);
            if rows.is_empty() {
                return;
            }
            let (table, block, i) = rows[x as usize % rows.len()].clone();
            let key = row_key(&p.tables[&table].rows(&block)[i]);
            Edit::RemoveRow {
                table: table.clone(),
                block: block.clone(),
                index: i,
            }
            .apply(p);
            t.rows.insert((table, block, key));
        }
        3 => {
            // A new code row in a block of codes, with a code no other row has.
            let blocks: Vec<(String, String, String)> = p
                .layout()
                .tables
                .iter()
                .flat_map(|d| {
                    d.blocks
                        .iter()
                        .filter(|b| matches!(b.rows, RowsDef::Codes { .. }))
                        .map(move |b| (d.key.clone(), b.key.clone(), b.columns[0].key.clone()))
                })
                .collect();
            let (table, block, col) = blocks[x as usize % blocks.len()].clone();
            let len = p.table(&table).map(|d| d.rows(&block).len()).unwrap_or(0);
            let code = format!("2999{n:03}");
            let mut row = Row {
                code: code.clone(),
                name: format!("新增{n}"),
                ..Row::default()
            };
            row.set_cell(
                &col,
                Amount::new(rust_decimal::Decimal::new(i64::from(z % 100_000) + 1, 2)),
            );
            Edit::InsertRow {
                table: table.clone(),
                block: block.clone(),
                index: y as usize % (len + 1),
                row,
            }
            .apply(p);
            t.rows.insert((table, block, code));
        }
        _ => {
            if z.is_multiple_of(2) && !p.project_forms.is_empty() {
                let f = x as usize % p.project_forms.len();
                let year = y.is_multiple_of(2);
                let list = if year {
                    &p.project_forms[f].indicators_year
                } else {
                    &p.project_forms[f].indicators_period
                };
                if list.is_empty() {
                    return;
                }
                let index = (y as usize / 2) % list.len();
                Edit::SetText {
                    target: TextTarget::Indicator {
                        form: FormRef::Project(f),
                        period: if year {
                            Period::Year
                        } else {
                            Period::Implementation
                        },
                        index,
                        part: IndicatorText::Value,
                    },
                    text: format!("≥{}人次", z % 50),
                }
                .apply(p);
                t.indicators.insert((f, year, index));
            } else {
                let i = x as usize % p.explanation.len();
                let mut text = p.explanation[i].text.clone();
                if y.is_multiple_of(2) {
                    text.push_str(&format!("补充说明{}。", z % 10));
                } else if let Some((at, _)) = text.char_indices().nth(z as usize % 40) {
                    text.insert_str(at, "经复核，");
                }
                Edit::SetSectionText { index: i, text }.apply(p);
                t.sections.insert(i);
            }
        }
    }
}

/// (kind, page, place) of each change the touched places should show.
fn expected(a: &Package, b: &Package, t: &Touched) -> BTreeSet<(ChangeKind, String, String)> {
    let mut want = BTreeSet::new();
    let header = |table: &str, block: &str, col: &str| {
        let def = a.layout().table(table).expect("table");
        let h = def
            .block(block)
            .expect("block")
            .columns
            .iter()
            .find(|c| c.key == col);
        h.and_then(|c| c.header.last().cloned())
            .expect("header")
            .replace("{year}", &a.year.to_string())
    };
    for (table, block, key, col) in &t.cells {
        if let (Some(ra), Some(rb)) = (
            find_row(a, table, block, key),
            find_row(b, table, block, key),
        ) && ra.cell(col) != rb.cell(col)
        {
            let page = a.layout().table(table).expect("table").label().to_string();
            want.insert((
                ChangeKind::Changed,
                page,
                format!("{} {}", row_label(ra), header(table, block, col)),
            ));
        }
    }
    for (table, block, key) in &t.rows {
        let page = a.layout().table(table).expect("table").label().to_string();
        match (
            find_row(a, table, block, key),
            find_row(b, table, block, key),
        ) {
            (Some(r), None) => {
                want.insert((ChangeKind::Removed, page, row_label(r)));
            }
            (None, Some(r)) => {
                want.insert((ChangeKind::Added, page, row_label(r)));
            }
            _ => {}
        }
    }
    for &(f, year, index) in &t.indicators {
        let (ia, ib) = if year {
            (
                &a.project_forms[f].indicators_year[index],
                &b.project_forms[f].indicators_year[index],
            )
        } else {
            (
                &a.project_forms[f].indicators_period[index],
                &b.project_forms[f].indicators_period[index],
            )
        };
        if ia.value != ib.value {
            want.insert((
                ChangeKind::Changed,
                format!("“{}”绩效目标表", a.project_forms[f].name),
                format!(
                    "{} {}/{}/{}",
                    if year { "年度" } else { "实施期" },
                    ia.level1,
                    ia.level2,
                    ia.name
                ),
            ));
        }
    }
    for (table, block, code) in &t.renamed {
        if let (Some(ra), Some(rb)) = (
            find_row(a, table, block, code),
            find_row(b, table, block, code),
        ) && ra.name != rb.name
        {
            let page = a.layout().table(table).expect("table").label().to_string();
            want.insert((ChangeKind::Changed, page, format!("{} 名称", row_label(ra))));
        }
    }
    for table in &t.notes {
        let note = |p: &Package| p.table(table).map(|x| x.note.clone()).unwrap_or_default();
        if note(a) != note(b) {
            let page = a.layout().table(table).expect("table").label().to_string();
            want.insert((ChangeKind::Changed, page, "表注".into()));
        }
    }
    for place in &t.overview_texts {
        let differs = match *place {
            "部门名称" => a.department.name != b.department.name,
            _ => a.overview.organization != b.overview.organization,
        };
        if differs {
            want.insert((ChangeKind::Changed, "概况".into(), place.to_string()));
        }
    }
    want.extend(t.lists.values().cloned());
    for &i in &t.sections {
        let (sa, sb) = (&a.explanation[i], &b.explanation[i]);
        if sa.text != sb.text {
            want.insert((
                ChangeKind::Changed,
                "情况说明".into(),
                format!("{}、{}", sa.number, sa.title),
            ));
        }
    }
    want
}

/// The package without blocks that hold no rows, nor tables that hold nothing: removing the
/// last row of a block leaves an empty list where there was none, and a note written and
/// emptied again leaves an empty entry; both read the same (no rows, no note).
fn without_empty_blocks(mut p: Package) -> Package {
    for t in p.tables.values_mut() {
        t.blocks.retain(|_, rows| !rows.is_empty());
    }
    p.tables
        .retain(|_, t| !t.blocks.is_empty() || !t.note.is_empty());
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_diff_lists_exactly_the_edits_and_taking_them_all_gives_b(
        ops in proptest::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>()), 1..12)
    ) {
        let a = sample();
        let mut b = a.clone();
        let mut touched = Touched::default();
        for (n, (op, x, y, z)) in ops.into_iter().enumerate() {
            random_edit(&mut b, op, x, y, z, n, &mut touched);
        }
        let changes = diff(&a, &b);
        let got: BTreeSet<(ChangeKind, String, String)> = changes
            .iter()
            .map(|c| (c.kind, c.page.clone(), c.place.clone()))
            .collect();
        prop_assert_eq!(got.len(), changes.len(), "a change listed twice");
        prop_assert_eq!(&got, &expected(&a, &b, &touched));
        let mut taken = a.clone();
        apply_all(&mut taken, &changes);
        prop_assert_eq!(without_empty_blocks(taken), without_empty_blocks(b));
    }
}

/// The sample with one change of each kind the comparison gained: a row renamed under its code,
/// a table's note, a 职责, a 名词解释 entry and an 附件's text.
pub fn sample_with_new_kinds() -> Package {
    let mut b = sample();
    let i = b.tables["t3"]
        .rows("main")
        .iter()
        .position(|r| r.code == "2014004")
        .expect("2014004 in table 3");
    for e in [
        Edit::SetRowField {
            table: "t3".into(),
            block: "main".into(),
            row: i,
            field: RowField::Name,
            value: "信访业务（专项）".into(),
        },
        Edit::SetTableNote {
            table: "t7".into(),
            text: "注：本表无数据".into(),
        },
        Edit::SetText {
            target: TextTarget::Duty(1),
            text: "承办上级有关部门交办的信访件；".into(),
        },
        Edit::SetText {
            target: TextTarget::GlossaryDefinition(0),
            text: "指为保障机构正常运转而发生的人员支出和公用支出。".into(),
        },
        Edit::SetText {
            target: TextTarget::AppendixText(2),
            text: "代码\t一级目录".into(),
        },
    ] {
        e.apply(&mut b);
    }
    b
}

#[test]
fn renamed_rows_notes_overview_glossary_and_appendices_are_printed_and_taken() {
    let a = sample();
    let b = sample_with_new_kinds();
    let dir = std::env::temp_dir().join(format!("diff_kinds_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("kinds.budget.ron");
    budget_disclosure::io::project::save(&b, &path).expect("saves");
    let out = bin()
        .args(["diff", "assets/sample.budget.ron"])
        .arg(&path)
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(lines.len(), 5, "{text}");
    for want in [
        "[修改] 概况 职责2：",
        "[修改] 表3 2014004 信访业务 名称：信访业务 → 信访业务（专项）",
        "[修改] 表7 表注：增“注：本表无数据”",
        "[修改] 附件 山西省政府购买服务指导性目录（B类）：",
        "[修改] 名词解释 基本支出：删“、完成日常工作任务”",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(want)),
            "{want} in\n{text}"
        );
    }
    let out = bin()
        .args(["diff", "assets/sample.budget.ron"])
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let pages: Vec<&str> = v
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["page"].as_str().expect("page"))
        .collect();
    assert_eq!(pages, vec!["概况", "表3", "表7", "附件", "名词解释"]);

    // Each taken alone is one edit that leaves the four others; undoing it restores A.
    let changes = diff(&a, &b);
    for c in &changes {
        let mut one = a.clone();
        let undo = c.take_other.clone().apply(&mut one);
        assert_eq!(diff(&one, &b).len(), 4, "{}", c.line());
        undo.apply(&mut one);
        assert_eq!(one, a, "{}", c.line());
    }
    let mut all = a.clone();
    apply_all(&mut all, &changes);
    assert_eq!(all, b);
}
