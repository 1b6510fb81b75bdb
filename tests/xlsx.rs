//! The xlsx export and import: round trips, what a reader sees (titles, merged headers, number
//! formats, formulas and their cached values), formula injection, bad workbooks, and the totals
//! LibreOffice recalculates.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::sample;
use budget_disclosure::io::xlsx::{self, AMOUNT_FORMAT, NO_DATA_NOTE, geometry, header_cells};
use budget_disclosure::io::xlsx_import::{self, ImportError};
use budget_disclosure::model::layout::ColumnKind;
use budget_disclosure::model::view::{RowRole, table_view};
use budget_disclosure::model::{Amount, Appendix, Comment, GlossaryEntry, Package, Row, UnitKind};
use budget_disclosure::rules;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use rust_decimal::Decimal;
use std::io::{Cursor, Read, Write};
use std::str::FromStr;

fn amt(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn export(pkg: &Package) -> Vec<u8> {
    let cat = Catalog::builtin();
    let findings = rules::check(pkg, cat);
    xlsx::export(pkg, cat, &findings).unwrap()
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

/// The sample with everything the sample does not exercise: stated totals, a stated group
/// row, a stated fixed sum line, 0.00 distinct from empty, a second unit with a code, a project
/// without a unit, texts that look like formulas, comments.
fn rich() -> Package {
    let mut p = sample();
    let t3 = p.table_mut("t3").rows_mut("main");
    t3.push(Row {
        code: "201".into(),
        name: "一般公共服务支出".into(),
        cells: [("basic".to_string(), amt("72.00"))].into(),
        ..Row::default()
    });
    if let Some(r) = t3.iter_mut().find(|r| r.code == "2014001") {
        r.set_cell("total", amt("19.00"));
    }
    let t1 = p.table_mut("t1");
    t1.rows_mut("expenditure").push(Row {
        code: "year_total".into(),
        cells: [("current".to_string(), amt("262.00"))].into(),
        ..Row::default()
    });
    t1.rows_mut("income").push(Row {
        code: "carryover".into(),
        name: "上年结转（备注）".into(),
        cells: [("amount".to_string(), amt("0.00"))].into(),
        ..Row::default()
    });
    p.table_mut("t11").rows_mut("main").push(Row {
        code: "U2".into(),
        name: "+某下属事业单位".into(),
        cells: [("general".to_string(), amt("1.00"))].into(),
        ..Row::default()
    });
    p.table_mut("t12").rows_mut("main").push(Row {
        code: "P9".into(),
        name: "@无单位项目".into(),
        unit: String::new(),
        cells: [("unit".to_string(), amt("1234567.89"))].into(),
        ..Row::default()
    });
    if let Some(r) = p
        .table_mut("t6")
        .rows_mut("main")
        .iter_mut()
        .find(|r| r.code == "30101")
    {
        r.unit_kind = Some(UnitKind::CivilServiceManaged);
    }
    p.overview.duties.push("-以减号开头的职责".into());
    p.overview.offices.push("=1+1".into());
    p.overview.units.push(budget_disclosure::model::OrgUnit {
        name: "某事业单位".into(),
        kind: UnitKind::Public,
    });
    p.appendices.push(Appendix {
        title: "=HYPERLINK(\"http://example.com\",\"点我\")".into(),
        text: "第一行\n第二行  尾部空格  ".into(),
    });
    p.glossary.push(GlossaryEntry {
        term: "+A1".into(),
        definition: "@SUM(A1:A2)".into(),
    });
    p.comments.push(Comment {
        id: 1,
        author: "审核人".into(),
        place: "表3 2014001 基本支出".into(),
        text: "=cmd|' /C calc'!A0".into(),
        resolved: true,
        ..Comment::default()
    });
    p.comments.push(Comment {
        id: 2,
        author: "会计".into(),
        place: String::new(),
        text: "请核对".into(),
        time: "2026-11-25 10:00".into(),
        replies: vec![budget_disclosure::model::comments::Reply {
            author: "审核人".into(),
            time: String::new(),
            text: "+1：已改".into(),
        }],
        resolved: false,
        ..Comment::default()
    });
    if let Some(f) = p.project_forms.first_mut() {
        f.phone = "0355-1234567".into();
        f.filled_on = "20251217151538".into();
    }
    p.overall_form.staff_other = None;
    p.facts.procurement.works = amt("0.00");
    p
}

#[test]
fn sample_round_trip_is_lossless_and_findings_agree() {
    let pkg = sample();
    assert!(pkg.tables.len() == 13, "the sample must be loaded");
    let bytes = export(&pkg);
    let back = xlsx_import::import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, pkg);
    let cat = Catalog::builtin();
    assert_eq!(rules::check(&back, cat), rules::check(&pkg, cat));
}

#[test]
fn rich_round_trip_keeps_stated_values_and_odd_texts() {
    let pkg = rich();
    let back = xlsx_import::import(&export(&pkg)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, pkg);
    // 0.00 and empty stay different.
    let carry = back.tables["t1"].rows("income");
    assert!(
        carry
            .iter()
            .any(|r| r.code == "carryover" && r.cell("amount") == amt("0"))
    );
    assert!(back.facts.procurement.works == amt("0"));
    assert!(back.facts.procurement.goods.is_empty() == pkg.facts.procurement.goods.is_empty());
}

#[test]
fn export_to_writes_atomically_a_file_import_path_reads() {
    let dir = std::env::temp_dir().join(format!("xlsx-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("样例.xlsx");
    let pkg = sample();
    let cat = Catalog::builtin();
    xlsx::export_to(&pkg, cat, &[], &path).unwrap();
    assert_eq!(xlsx_import::import_path(&path).unwrap(), pkg);
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn to_f64(a: Amount) -> Option<f64> {
    a.value().map(|d| d.to_string().parse::<f64>().unwrap())
}

#[test]
fn a_reader_sees_titles_merged_headers_formats_and_formulas() {
    let pkg = sample();
    let cat = Catalog::builtin();
    let bytes = export(&pkg);
    let mut wb = open(&bytes);
    let names = wb.sheet_names();
    for def in &pkg.layout().tables {
        let name = xlsx::table_sheet_name(def);
        assert!(names.contains(&name), "missing sheet {name}");
        let values = wb.worksheet_range(&name).unwrap();
        let formulas = wb.worksheet_formula(&name).unwrap();
        let styles = wb.worksheet_style(&name).unwrap();
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap();
        let g = geometry(def);
        let cell = |r: u32, c: u16| {
            values
                .get_value((r, c as u32))
                .cloned()
                .unwrap_or(Data::Empty)
        };
        let formula = |r: u32, c: u16| {
            formulas
                .get_value((r, c as u32))
                .cloned()
                .unwrap_or_default()
        };
        // Title, merged across the published columns.
        assert_eq!(cell(0, 0), Data::String(def.title_for(pkg.year)), "{name}");
        let merged = |r1: u32, c1: u16, r2: u32, c2: u16| {
            merges
                .iter()
                .any(|d| d.start == (r1, c1 as u32) && d.end == (r2, c2 as u32))
        };
        assert!(merged(0, 0, 0, g.published_cols - 1), "{name} title merge");
        assert_eq!(
            cell(1, 0),
            Data::String("部门名称：长治市屯留区信访局".into())
        );
        assert_eq!(
            cell(1, g.published_cols - 1),
            Data::String("单位：万元".into())
        );
        // Every header cell: its text, and its merge when it spans more than one cell.
        for h in header_cells(def, pkg.year) {
            assert_eq!(
                cell(h.r1, h.c1),
                Data::String(h.text.clone()),
                "{name} header"
            );
            if (h.r1, h.c1) != (h.r2, h.c2) {
                assert!(merged(h.r1, h.c1, h.r2, h.c2), "{name} merge {h:?}");
            }
        }
        // Body: amounts as numbers in #,##0.00, codes as text, totals as SUM formulas that
        // carry the computed value, empty cells empty.
        let view = table_view(&pkg, cat, def);
        let mut formula_cells = 0;
        for ((block, bg), bv) in def.blocks.iter().zip(&g.blocks).zip(&view.blocks) {
            for (i, vr) in bv.rows.iter().enumerate() {
                let r = g.data_start + i as u32;
                let computed_row = matches!(
                    vr.role,
                    RowRole::Total | RowRole::Group | RowRole::UnitGroup | RowRole::FixedSum
                );
                if !vr.code.is_empty()
                    && block.labels.iter().any(|l| {
                        matches!(
                            l,
                            budget_disclosure::model::layout::LabelColumn::Code { .. }
                        )
                    })
                {
                    assert_eq!(cell(r, bg.label_col(0)), Data::String(vr.code.clone()));
                    let st = styles.get((r, bg.label_col(0) as u32)).unwrap();
                    assert_eq!(st.number_format.as_ref().unwrap().format_code, "@");
                }
                for (j, col) in block.columns.iter().enumerate() {
                    let c = bg.data_col(block, j);
                    let want = to_f64(vr.cells[j]);
                    let st = styles.get((r, c as u32)).unwrap();
                    assert_eq!(
                        st.number_format.as_ref().map(|n| n.format_code.as_str()),
                        Some(AMOUNT_FORMAT),
                        "{name} row {r} col {c}"
                    );
                    let f = formula(r, c);
                    let is_sum = matches!(col.kind, ColumnKind::Sum(_));
                    // A heading line has no amounts; a 合计 with nothing under it has nothing to sum.
                    let heading = (vr.role == RowRole::FixedSum && f.is_empty() && want.is_none())
                        || (vr.role == RowRole::Total && bv.rows.len() == 1);
                    if (computed_row || is_sum) && !heading {
                        assert!(
                            f.starts_with("SUM(") || f.starts_with("IF(COUNT("),
                            "{name} {r},{c}: formula {f:?}"
                        );
                        formula_cells += 1;
                        match want {
                            Some(w) => assert_eq!(num(&cell(r, c)), Some(w), "{name} {r},{c}"),
                            None => assert!(
                                matches!(cell(r, c), Data::Empty)
                                    || cell(r, c) == Data::String(String::new()),
                                "{name} {r},{c} should be empty: {:?}",
                                cell(r, c)
                            ),
                        }
                    } else {
                        assert!(f.is_empty(), "{name} {r},{c}: unexpected formula {f}");
                        assert_eq!(num(&cell(r, c)), want, "{name} {r},{c}");
                        if want.is_none() {
                            assert_eq!(cell(r, c), Data::Empty);
                        }
                    }
                }
            }
        }
        assert!(formula_cells > 0 || !view.has_data(), "{name}");
        // An empty table says so under its rows.
        let end = g.data_start
            + view
                .blocks
                .iter()
                .map(|b| b.rows.len() as u32)
                .max()
                .unwrap_or(0);
        let note = cell(end, 0) == Data::String(NO_DATA_NOTE.into());
        assert_eq!(note, !view.has_data(), "{name} note");
    }
    // Known published figures, read as a reader sees them.
    let t3 = wb.worksheet_range("表3").unwrap();
    let g3 = geometry(pkg.layout().table("t3").unwrap());
    let total_row: Vec<f64> = (2..5)
        .map(|c| num(t3.get_value((g3.data_start, c)).unwrap()).unwrap())
        .collect();
    assert_eq!(total_row, vec![262.76, 94.76, 168.00]);
    let t1f = wb.worksheet_formula("表1").unwrap();
    assert!(
        t1f.used_cells().any(|(_, _, f)| f.contains("SUM(")),
        "表1 has SUM formulas"
    );
    // Empty tables: 7, 8, 9, 10, 13.
    for n in [7, 8, 9, 10, 13] {
        let r = wb.worksheet_range(&format!("表{n}")).unwrap();
        assert!(
            r.used_cells()
                .any(|(_, _, v)| *v == Data::String(NO_DATA_NOTE.into())),
            "表{n}"
        );
    }
    for sheet in [
        "概况",
        "情况说明",
        "整体绩效目标",
        "项目绩效1",
        "附件",
        "名词解释",
        "其他信息",
        "审阅意见",
        "审核结果",
    ] {
        assert!(names.contains(&sheet.to_string()), "missing {sheet}");
    }
}

#[test]
fn findings_sheet_lists_every_finding() {
    let pkg = rich();
    let cat = Catalog::builtin();
    let mut findings = rules::check(&pkg, cat);
    // The registry grows; two findings of the kinds the rules produce keep this test honest.
    findings.push(rules::Finding {
        rule: "T1".into(),
        severity: rules::Severity::Error,
        location: rules::Location {
            table: Some("t3".into()),
            block: Some("main".into()),
            row: Some("201".into()),
            column: Some("basic".into()),
            ..rules::Location::default()
        },
        expected: Some("72.65".into()),
        actual: Some("72.00".into()),
        message: "类行应等于其款行之和".into(),
        fix: None,
    });
    findings.push(rules::Finding {
        rule: "F2".into(),
        severity: rules::Severity::Warning,
        location: rules::Location {
            form: Some("信访救助资金".into()),
            field: Some("实施期资金总额".into()),
            ..rules::Location::default()
        },
        expected: Some("400,000".into()),
        actual: Some("=500,000".into()),
        message: "一年期项目的实施期资金总额应等于年度资金总额".into(),
        fix: None,
    });
    let bytes = xlsx::export(&pkg, cat, &findings).unwrap();
    let mut wb = open(&bytes);
    let r = wb.worksheet_range(xlsx::SHEET_FINDINGS).unwrap();
    let rows = r.height() as usize - 3;
    assert_eq!(rows, findings.len().max(1));
    for (i, f) in findings.iter().enumerate() {
        let at = |c: u32| {
            r.get_value((3 + i as u32, c))
                .cloned()
                .unwrap_or(Data::Empty)
        };
        assert_eq!(at(1), Data::String(f.rule.clone()));
        assert_eq!(at(2), Data::String(f.severity.label().into()));
        assert_eq!(at(3), Data::String(f.location.describe(&pkg)));
        assert_eq!(at(4), Data::String(f.message.clone()));
        assert_eq!(
            at(5),
            f.expected.clone().map(Data::String).unwrap_or(Data::Empty)
        );
        assert_eq!(
            at(6),
            f.actual.clone().map(Data::String).unwrap_or(Data::Empty)
        );
    }
    let n = findings.len();
    let at = |row: usize, c: u32| r.get_value((3 + row as u32, c)).cloned();
    assert_eq!(at(n - 2, 3), Some(Data::String("表3 201 基本支出".into())));
    assert_eq!(at(n - 2, 2), Some(Data::String("错误".into())));
    assert_eq!(
        at(n - 1, 3),
        Some(Data::String(
            "“信访救助资金”绩效目标表 实施期资金总额".into()
        ))
    );
    let (e, w, h) = rules::counts(&findings);
    let summary = format!("共 {n} 条：错误 {e} 条，警告 {w} 条，提示 {h} 条");
    assert!(
        matches!(r.get_value((1, 0)), Some(Data::String(s)) if s.contains(&summary)),
        "summary line should say {summary}"
    );
}

#[test]
fn formula_like_texts_are_written_as_text() {
    let pkg = rich();
    let bytes = export(&pkg);
    let mut wb = open(&bytes);
    let dangerous = [
        "=1+1",
        "+A1",
        "@SUM(A1:A2)",
        "-以减号开头的职责",
        "=cmd|' /C calc'!A0",
    ];
    let mut seen = 0;
    for name in wb.sheet_names() {
        let values = wb.worksheet_range(&name).unwrap();
        let formulas = wb.worksheet_formula(&name).unwrap();
        for (r, c, v) in values.used_cells() {
            if let Data::String(s) = v
                && dangerous.contains(&s.as_str())
            {
                seen += 1;
                let (r0, c0) = values.start().unwrap();
                let abs = (r0 + r as u32, c0 + c as u32);
                let f = formulas.get_value(abs).cloned().unwrap_or_default();
                assert!(f.is_empty(), "{name} {abs:?} became formula {f}");
            }
        }
        // No formula anywhere but SUM totals.
        for (_, _, f) in formulas.used_cells() {
            assert!(
                f.is_empty() || f.starts_with("SUM(") || f.starts_with("IF(COUNT("),
                "{name}: {f}"
            );
        }
    }
    assert_eq!(seen, dangerous.len());
    // And they come back as the same text.
    let back = xlsx_import::import(&bytes).unwrap();
    assert_eq!(back.glossary, pkg.glossary);
    assert_eq!(back.comments, pkg.comments);
}

/// Replaces the text of one zip entry.
fn patch(bytes: &[u8], entry: &str, f: impl Fn(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        for i in 0..zin.len() {
            let mut file = zin.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            if name == entry {
                data = f(String::from_utf8(data).unwrap()).into_bytes();
            }
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zout.start_file(name, opts).unwrap();
            zout.write_all(&data).unwrap();
        }
        zout.finish().unwrap();
    }
    out.into_inner()
}

/// The zip entry of a sheet, by its position in the workbook.
fn sheet_entry(bytes: &[u8], name: &str) -> String {
    let wb = open(bytes);
    let i = wb.sheet_names().iter().position(|n| n == name).unwrap();
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

/// Replaces one cell's XML with an inline string.
fn set_cell_text(xml: String, cell: &str, text: &str) -> String {
    let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
    let end = start + xml[start..].find("</c>").unwrap() + 4;
    format!(
        "{}<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>{}",
        &xml[..start],
        &xml[end..]
    )
}

fn problems(e: ImportError) -> Vec<String> {
    let msg = e.to_string();
    assert!(msg.contains("未导入"), "{msg}");
    e.problems().iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_letter_in_an_amount_is_reported_with_its_sheet_and_cell() {
    let pkg = sample();
    let bytes = export(&pkg);
    // 表3 2014004 基本支出 (2.53): the 合计 row is row 5, then 201, 20140, 2014001, 2014004.
    let entry = sheet_entry(&bytes, "表3");
    let bad = patch(&bytes, &entry, |x| set_cell_text(x, "D9", "2.5三"));
    let bad = patch(&bad, &sheet_entry(&bytes, "表2"), |x| {
        set_cell_text(x, "D8", "19.567")
    });
    let p = problems(xlsx_import::import(&bad).unwrap_err());
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].starts_with("表2!D8："), "{p:?}");
    assert!(p[0].contains("小数位超过 2 位"), "{p:?}");
    assert!(p[1].starts_with("表3!D9："), "{p:?}");
    assert!(p[1].contains("不是金额"), "{p:?}");
}

#[test]
fn a_wrong_header_or_missing_sheet_is_a_layout_error() {
    let pkg = sample();
    let bytes = export(&pkg);
    let entry = sheet_entry(&bytes, "表5");
    let bad = patch(&bytes, &entry, |x| set_cell_text(x, "D4", "基本开支"));
    let p = problems(xlsx_import::import(&bad).unwrap_err());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("工作簿格式不符：表5!D4：表头应为“基本支出”"),
        "{p:?}"
    );

    // A workbook with none of the sheets: every missing sheet is named.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "别的表格").unwrap();
    let other = wb.save_to_buffer().unwrap();
    let p = problems(xlsx_import::import(&other).unwrap_err());
    assert!(
        p.iter()
            .any(|m| m == "工作簿格式不符：其他信息：缺少工作表“其他信息”"),
        "{p:?}"
    );
    assert!(p.iter().any(|m| m.contains("缺少工作表“表13”")), "{p:?}");

    // Not a workbook at all.
    let e = xlsx_import::import(b"not a zip").unwrap_err();
    assert!(e.to_string().starts_with("不是有效的 Excel 工作簿"), "{e}");
}

#[test]
fn a_typed_over_total_is_kept_as_stated_and_a_colleagues_new_row_is_read() {
    let pkg = sample();
    let bytes = export(&pkg);
    let entry = sheet_entry(&bytes, "表3");
    // Row 6 is 201 一般公共服务支出 (computed, 240.65 / 72.65 / 168.00); D6 its 基本支出.
    let edited = patch(&bytes, &entry, |x| {
        let x = set_cell_text(x, "D6", "70.00");
        // A new 项 row typed by a colleague below the table, with no detail columns.
        let row = "<row r=\"40\"><c r=\"A40\" t=\"inlineStr\"><is><t>2014099</t></is></c>\
                   <c r=\"B40\" t=\"inlineStr\"><is><t>其他信访事务支出</t></is></c>\
                   <c r=\"D40\"><v>1.5</v></c></row>";
        x.replace("</sheetData>", &format!("{row}</sheetData>"))
    });
    let back = xlsx_import::import(&edited).unwrap_or_else(|e| panic!("{e}"));
    let rows = back.tables["t3"].rows("main");
    let stated = rows.iter().find(|r| r.code == "201").unwrap();
    assert_eq!(stated.cell("basic"), amt("70.00"));
    assert!(stated.cell("total").is_empty());
    let added = rows.iter().find(|r| r.code == "2014099").unwrap();
    assert_eq!(added.cell("basic"), amt("1.5"));
    assert_eq!(added.name, "其他信访事务支出");
    assert_eq!(rows.len(), pkg.tables["t3"].rows("main").len() + 2);
}

// ---------- LibreOffice ----------

#[path = "common/external.rs"]
mod external;

fn soffice(test: &str) -> Option<String> {
    external::find_tool("LibreOffice", &["soffice", "libreoffice"], test)
}

/// Converts a workbook to one CSV per sheet with LibreOffice, recalculating every formula on
/// load (a private profile sets OOXMLRecalcMode to "always"). Returns the directory.
pub fn libreoffice_csv(bin: &str, xlsx: &std::path::Path, out: &std::path::Path) -> bool {
    let profile = out.join("profile");
    let user = profile.join("user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let status = std::process::Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(out)
        .arg(xlsx)
        .output();
    matches!(status, Ok(o) if o.status.success())
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn libreoffice_recalculates_the_same_totals() {
    let Some(bin) = soffice("libreoffice_recalculates_the_same_totals") else {
        return;
    };
    let pkg = sample();
    let cat = Catalog::builtin();
    let bytes = export(&pkg);
    // Poison one cached total so the test fails unless LibreOffice really recalculates.
    let entry = sheet_entry(&bytes, "表3");
    let poisoned = patch(&bytes, &entry, |x| {
        let at = x.find("<c r=\"C5\"").unwrap();
        let v = at + x[at..].find("<v>").unwrap() + 3;
        let ve = v + x[v..].find("</v>").unwrap();
        format!("{}999999{}", &x[..v], &x[ve..])
    });
    let dir = std::env::temp_dir().join(format!("xlsx-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sample.xlsx");
    std::fs::write(&file, &poisoned).unwrap();
    assert!(
        libreoffice_csv(&bin, &file, &dir),
        "LibreOffice conversion failed"
    );
    let mut compared = 0;
    for def in &pkg.layout().tables {
        let csv_path = dir.join(format!("sample-{}.csv", xlsx::table_sheet_name(def)));
        let text = std::fs::read_to_string(&csv_path)
            .unwrap_or_else(|e| panic!("{}: {e}", csv_path.display()));
        let grid = parse_csv(&text);
        let g = geometry(def);
        let view = table_view(&pkg, cat, def);
        for ((block, bg), bv) in def.blocks.iter().zip(&g.blocks).zip(&view.blocks) {
            for (i, vr) in bv.rows.iter().enumerate() {
                let r = (g.data_start as usize) + i;
                for j in 0..block.columns.len() {
                    let c = bg.data_col(block, j) as usize;
                    let got = grid
                        .get(r)
                        .and_then(|row| row.get(c))
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default();
                    let got = if got.is_empty() {
                        None
                    } else {
                        Some(
                            Decimal::from_str(&got.replace(',', ""))
                                .unwrap_or_else(|_| panic!("{}: {got}", def.key))
                                .round_dp(2),
                        )
                    };
                    let want = vr.cells[j].value();
                    // An empty total recalculates to "", a sum over zeros to 0.
                    let same = match (got, want) {
                        (Some(a), Some(b)) => a == b,
                        (None, None) => true,
                        (Some(a), None) => a.is_zero(),
                        (None, Some(_)) => false,
                    };
                    assert!(
                        same,
                        "表{} row {} col {}: LibreOffice {got:?}, app {want:?}",
                        def.number,
                        r + 1,
                        c + 1
                    );
                    compared += 1;
                }
            }
        }
    }
    println!("LibreOffice ({bin}) recalculated {compared} table cells; all agree with the app");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn synthetic_package_round_trips() {
    use budget_disclosure::synth::{Size, generate};
    let pkg = generate(Size {
        codes: 600,
        projects: 40,
        units: 12,
    });
    let bytes = export(&pkg);
    let back = xlsx_import::import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, pkg);
}

/// A colleague opens the workbook in an office suite and saves it: the suite rewrites every
/// part (shared strings, its own styles, formulas with recalculated values). The package read
/// back must still be the same.
#[test]
fn a_workbook_saved_again_by_libreoffice_imports_the_same() {
    let Some(bin) = soffice("a_workbook_saved_again_by_libreoffice_imports_the_same") else {
        return;
    };
    let pkg = rich();
    let dir = std::env::temp_dir().join(format!("xlsx-resave-{}", std::process::id()));
    let out = dir.join("out");
    std::fs::create_dir_all(dir.join("profile/user")).unwrap();
    let file = dir.join("rich.xlsx");
    std::fs::write(&file, export(&pkg)).unwrap();
    let ok = std::process::Command::new(&bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .arg(&file)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "LibreOffice conversion failed");
    let resaved = std::fs::read(out.join("rich.xlsx")).unwrap();
    let back = xlsx_import::import(&resaved).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, pkg);
    println!("LibreOffice ({bin}) re-saved the workbook; it imports to the same package");
    let _ = std::fs::remove_dir_all(&dir);
}

fn entry_text(bytes: &[u8], entry: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut f = z.by_name(entry).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn tables_print_on_a4_fit_to_width_with_frozen_headers_and_cjk_widths() {
    let pkg = sample();
    let bytes = export(&pkg);
    for def in &pkg.layout().tables {
        let name = xlsx::table_sheet_name(def);
        let xml = entry_text(&bytes, &sheet_entry(&bytes, &name));
        assert!(xml.contains("paperSize=\"9\""), "{name} A4");
        assert_eq!(
            xml.contains("orientation=\"landscape\""),
            def.is_wide(),
            "{name} orientation"
        );
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name} fit");
        assert!(
            xml.contains("fitToHeight=\"0\""),
            "{name} fit to width only"
        );
        let g = geometry(def);
        assert!(
            xml.contains(&format!("ySplit=\"{}\"", g.data_start)),
            "{name} frozen header"
        );
    }
    // The name column of 表6 holds "机关事业单位基本养老保险缴费" (14 CJK characters): its
    // width counts them as two each.
    let xml = entry_text(&bytes, &sheet_entry(&bytes, "表6"));
    let col = xml
        .split("<col ")
        .find(|c| c.starts_with("min=\"2\""))
        .unwrap();
    let width: f64 = col
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(width >= 28.0, "表6 B width {width}");
    assert_eq!(xlsx::text_width("合计ab"), 6);
}

#[test]
fn a_code_with_other_characters_is_reported_with_its_cell_and_full_width_digits_become_ascii() {
    let pkg = sample();
    let bytes = export(&pkg);
    // 表3 row 9 is 2014004; its code is in column A.
    let entry = sheet_entry(&bytes, "表3");
    let bad = patch(&bytes, &entry, |x| set_cell_text(x, "A9", "2014一04"));
    let p = problems(xlsx_import::import(&bad).unwrap_err());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("表3!A9："), "{p:?}");
    assert!(p[0].contains("编码只能由数字组成"), "{p:?}");
    let wide = patch(&bytes, &entry, |x| set_cell_text(x, "A9", "２０１４００４"));
    let back = xlsx_import::import(&wide).expect("imports");
    assert_eq!(back.tables["t3"], pkg.tables["t3"]);
}

#[test]
fn a_cell_far_beyond_the_data_is_refused_before_the_reader_allocates() {
    let bytes = export(&sample());
    let entry = sheet_entry(&bytes, "表3");
    let far = patch(&bytes, &entry, |x| {
        x.replacen(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
            1,
        )
    });
    let p = problems(xlsx_import::import(&far).unwrap_err());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("表3!XFD1048576："), "{p:?}");
}

#[test]
fn a_comment_on_a_cell_is_an_excel_note_on_that_cell_and_a_row_of_the_review_sheet() {
    use budget_disclosure::model::comments::{self, Anchor};
    let mut pkg = sample();
    let anchor = Anchor::Cell {
        table: "t3".into(),
        block: "main".into(),
        row: "2014001".into(),
        column: "basic".into(),
    };
    comments::add(
        &pkg,
        anchor,
        "表3 2014001 行政运行 基本支出",
        "王审",
        "2026-11-25 10:00",
        "请附测算依据",
    )
    .apply(&mut pkg);
    let bytes = export(&pkg);
    let def = pkg.layout().table("t3").expect("t3");
    let g = geometry(def);
    let col = g.blocks[0].data_col(
        &def.blocks[0],
        def.blocks[0].column_index("basic").expect("basic"),
    );
    let mut wb = open(&bytes);
    let sheet = wb
        .worksheet_range(&xlsx::table_sheet_name(def))
        .expect("t3 sheet");
    let row = (0..sheet.height() as u32)
        .find(|&r| sheet.get_value((r, 0)).map(|d| d.to_string()) == Some("2014001".into()))
        .expect("2014001 row");
    let cell = rust_xlsxwriter::utility::row_col_to_cell(row, col);
    // The note is in the workbook's only comments part, on the 2014001 / 基本支出 cell.
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let names: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n| n.starts_with("xl/comments"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let mut xml = String::new();
    z.by_name(&names[0])
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains(&format!("ref=\"{cell}\"")), "{cell}: {xml}");
    assert!(xml.contains("请附测算依据"));
    // The 审阅意见 sheet lists it with its time, and reads back.
    let review = wb.worksheet_range(xlsx::SHEET_COMMENTS).expect("sheet");
    assert_eq!(
        review.get_value((3, 2)).map(|d| d.to_string()),
        Some("请附测算依据".into())
    );
    assert_eq!(
        review.get_value((3, 4)).map(|d| d.to_string()),
        Some("2026-11-25 10:00".into())
    );
    let back = xlsx_import::import(&bytes).unwrap();
    assert_eq!(back.comments[0].text, "请附测算依据");
    assert_eq!(back.comments[0].time, "2026-11-25 10:00");
    // The workbook names the place in words only.
    assert_eq!(back.comments[0].anchor, None);
}
