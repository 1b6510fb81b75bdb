//! The built-in sample (长治市屯留区信访局 2026): its file is canonical, every total the published
//! tables print is what the model computes from the stored rows, every code carries its published
//! name in the catalog, and the forms and texts hold what the publication holds.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::project;
use budget_disclosure::model::layout::CodeScheme;
use budget_disclosure::model::view::{RowRole, table_view};
use budget_disclosure::model::{Amount, Package};
use rust_decimal::Decimal;
use std::str::FromStr;

const SAMPLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.budget.ron");

fn sample_text() -> String {
    std::fs::read_to_string(SAMPLE_PATH).expect("assets/sample.budget.ron is readable")
}

fn sample() -> Package {
    project::from_str(&sample_text()).expect("the sample loads")
}

/// A printed cell: "" is an empty cell, anything else an amount.
fn printed(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        None
    } else {
        Some(Decimal::from_str(s).expect("a test literal is a number"))
    }
}

fn amount(s: &str) -> Amount {
    Amount(printed(s))
}

/// One row as the sample prints it: code or line key ("" where the table shows none), the label
/// as printed, and the cells in the order of `columns`.
type PrintedRow<'a> = (&'a str, &'a str, &'a [&'a str]);

/// Compares a computed block, row by row and cell by cell (as exact decimals), with the table as
/// published. Every row of the view must be printed and every printed row computed.
fn assert_block(pkg: &Package, table: &str, block: &str, columns: &[&str], rows: &[PrintedRow]) {
    let def = pkg.layout().table(table).expect("the layout has the table");
    let bdef = def.block(block).expect("the table has the block");
    let bi = def
        .blocks
        .iter()
        .position(|b| b.key == block)
        .expect("block index");
    let view = table_view(pkg, Catalog::builtin(), def);
    let got = &view.blocks[bi].rows;
    let got_labels: Vec<&str> = got.iter().map(|r| r.label.as_str()).collect();
    let want_labels: Vec<&str> = rows.iter().map(|r| r.1).collect();
    assert_eq!(got_labels, want_labels, "{table}.{block}: rows and labels");
    for (r, (code, label, cells)) in got.iter().zip(rows) {
        if !code.is_empty() {
            assert_eq!(r.code, *code, "{table}.{block} {label}: code");
        }
        assert_eq!(
            cells.len(),
            columns.len(),
            "test row {label} has every column"
        );
        for (col, want) in columns.iter().zip(cells.iter()) {
            assert!(bdef.column_index(col).is_some(), "{table} has column {col}");
            let cell = r.cell(bdef, col).value();
            assert_eq!(
                cell,
                printed(want),
                "{table}.{block} row {code} {label} column {col}"
            );
        }
    }
}

#[test]
fn file_is_canonical_and_round_trips() {
    let text = sample_text();
    assert!(!text.contains("仅供内部审核"), "watermarks are dropped");
    let pkg = project::from_str(&text).expect("loads");
    let saved = project::to_string(&pkg).expect("saves");
    assert!(
        saved == text,
        "load → save of the sample is not byte-identical"
    );
    let again = project::from_str(&saved).expect("loads again");
    assert_eq!(again, pkg);
    // The binary embeds the same file.
    assert_eq!(budget_disclosure::io::sample::sample(), pkg);
    assert_eq!(budget_disclosure::io::sample::SAMPLE_RON, text);
}

#[test]
fn only_input_rows_are_stored() {
    let pkg = sample();
    assert_eq!(pkg.tables.len(), 13, "every table key is present");
    for key in ["t7", "t8", "t9", "t10", "t13"] {
        assert!(pkg.tables[key].blocks.is_empty(), "{key} is empty");
    }
    for key in ["t2", "t3", "t5"] {
        for r in pkg.tables[key].rows("main") {
            assert_eq!(
                r.code.len(),
                7,
                "{key} stores only 项 rows, found {}",
                r.code
            );
            assert!(
                !r.cells.contains_key("total"),
                "{key} {} stores a total",
                r.code
            );
        }
    }
    for r in pkg.tables["t6"].rows("main") {
        assert_eq!(r.code.len(), 5, "t6 stores only 款 lines, found {}", r.code);
    }
}

const T1_CLASSES: [&str; 30] = [
    "一、一般公共服务支出",
    "二、外交支出",
    "三、国防支出",
    "四、公共安全支出",
    "五、教育支出",
    "六、科学技术支出",
    "七、文化旅游体育与传媒支出",
    "八、社会保障和就业支出",
    "九、社会保险基金支出",
    "十、卫生健康支出",
    "十一、节能环保支出",
    "十二、城乡社区支出",
    "十三、农林水支出",
    "十四、交通运输支出",
    "十五、资源勘探工业信息等支出",
    "十六、商业服务业等支出",
    "十七、金融支出",
    "十八、援助其他地区支出",
    "十九、自然资源海洋气象等支出",
    "二十、住房保障支出",
    "二十一、粮油物资储备支出",
    "二十二、国有资本经营预算支出",
    "二十三、灾害防治及应急管理支出",
    "二十四、预备费",
    "二十五、其他支出",
    "二十六、转移性支出",
    "二十七、债务还本支出",
    "二十八、债务付息支出",
    "二十九、债务发行费用支出",
    "三十、抗疫特别国债安排的支出",
];

/// The amounts printed on a class line of tables 1 and 4 (empty lines are all empty).
fn class_amount(label: &str) -> &'static str {
    match label {
        "一、一般公共服务支出" => "240.65",
        "八、社会保障和就业支出" => "10.26",
        "十、卫生健康支出" => "4.11",
        "二十、住房保障支出" => "7.74",
        _ => "",
    }
}

#[test]
fn table_1_as_published() {
    let pkg = sample();
    assert_block(
        &pkg,
        "t1",
        "income",
        &["amount"],
        &[
            ("general", "一、一般公共预算", &["262.76"]),
            ("fund", "二、政府性基金预算", &[""]),
            ("capital", "三、国有资本经营预算", &[""]),
            ("special", "四、财政专户管理资金", &[""]),
            ("unit", "五、单位资金", &[""]),
            ("year_total", "本年收入合计", &["262.76"]),
            ("carryover", "上年结转", &[""]),
            ("grand_total", "收入总计", &["262.76"]),
        ],
    );
    let mut rows: Vec<(&str, &str, Vec<&str>)> = T1_CLASSES
        .iter()
        .map(|l| {
            let a = class_amount(l);
            ("", *l, vec![a, a, ""])
        })
        .collect();
    rows.push(("year_total", "本年支出合计", vec!["262.76", "262.76", ""]));
    rows.push(("year_end_carry", "年终结转", vec!["", "", ""]));
    rows.push(("grand_total", "支出总计", vec!["262.76", "262.76", ""]));
    let rows: Vec<PrintedRow> = rows
        .iter()
        .map(|(c, l, v)| (*c, *l, v.as_slice()))
        .collect();
    assert_block(
        &pkg,
        "t1",
        "expenditure",
        &["total", "current", "carryover"],
        &rows,
    );
}

#[test]
fn table_4_as_published() {
    let pkg = sample();
    assert_block(
        &pkg,
        "t4",
        "income",
        &["amount"],
        &[
            ("general", "一、一般公共预算", &["262.76"]),
            ("fund", "二、政府性基金预算", &[""]),
            ("capital", "三、国有资本经营预算", &[""]),
            ("year_total", "本年收入合计", &["262.76"]),
            ("carryover", "上年财政拨款结转", &[""]),
            ("carryover_general", "一、一般公共预算", &[""]),
            ("carryover_fund", "二、政府性基金预算", &[""]),
            ("carryover_capital", "三、国有资本经营预算", &[""]),
            ("grand_total", "收入总计", &["262.76"]),
        ],
    );
    let mut rows: Vec<(&str, &str, Vec<&str>)> = T1_CLASSES
        .iter()
        .map(|l| {
            let a = class_amount(l);
            ("", *l, vec![a, a, "", ""])
        })
        .collect();
    rows.push((
        "year_total",
        "本年支出合计",
        vec!["262.76", "262.76", "", ""],
    ));
    rows.push(("year_end_carry", "年终结转", vec!["", "", "", ""]));
    rows.push(("grand_total", "支出总计", vec!["262.76", "262.76", "", ""]));
    let rows: Vec<PrintedRow> = rows
        .iter()
        .map(|(c, l, v)| (*c, *l, v.as_slice()))
        .collect();
    assert_block(
        &pkg,
        "t4",
        "expenditure",
        &["total", "general", "fund", "capital"],
        &rows,
    );
}

/// Tables 3 and 5 print the same rows: 科目编码, 科目名称, 合计, 基本支出, 项目支出.
const T3_PRINTED: [PrintedRow; 17] = [
    ("", "合计", &["262.76", "94.76", "168.00"]),
    ("201", "一般公共服务支出", &["240.65", "72.65", "168.00"]),
    ("20140", "信访事务", &["240.65", "72.65", "168.00"]),
    ("2014001", "行政运行", &["19.56", "19.56", ""]),
    ("2014004", "信访业务", &["170.53", "2.53", "168.00"]),
    ("2014050", "事业运行", &["50.56", "50.56", ""]),
    ("208", "社会保障和就业支出", &["10.26", "10.26", ""]),
    ("20805", "行政事业单位养老支出", &["10.26", "10.26", ""]),
    ("2080501", "行政单位离退休", &["0.64", "0.64", ""]),
    (
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        &["9.62", "9.62", ""],
    ),
    ("210", "卫生健康支出", &["4.11", "4.11", ""]),
    ("21011", "行政事业单位医疗", &["4.11", "4.11", ""]),
    ("2101101", "行政单位医疗", &["1.14", "1.14", ""]),
    ("2101102", "事业单位医疗", &["2.97", "2.97", ""]),
    ("221", "住房保障支出", &["7.74", "7.74", ""]),
    ("22102", "住房改革支出", &["7.74", "7.74", ""]),
    ("2210201", "住房公积金", &["7.74", "7.74", ""]),
];

#[test]
fn table_2_as_published() {
    let pkg = sample();
    // 合计, 一般公共预算, 政府性基金, 国有资本经营预算, 财政专户管理资金, 单位资金, 上年结转: only
    // the first two are printed, and they are equal on every row.
    let rows: Vec<(&str, &str, Vec<&str>)> = T3_PRINTED
        .iter()
        .map(|(c, l, v)| (*c, *l, vec![v[0], v[0], "", "", "", "", ""]))
        .collect();
    let rows: Vec<PrintedRow> = rows
        .iter()
        .map(|(c, l, v)| (*c, *l, v.as_slice()))
        .collect();
    assert_block(
        &pkg,
        "t2",
        "main",
        &[
            "total",
            "general",
            "fund",
            "capital",
            "special",
            "unit",
            "carryover",
        ],
        &rows,
    );
}

#[test]
fn tables_3_and_5_as_published() {
    let pkg = sample();
    for t in ["t3", "t5"] {
        assert_block(&pkg, t, "main", &["total", "basic", "project"], &T3_PRINTED);
    }
}

#[test]
fn table_6_as_published() {
    let pkg = sample();
    let printed_rows: [(&str, &str, &str, [&str; 3]); 17] = [
        ("", "合计", "", ["94.76", "90.73", "4.03"]),
        ("301", "工资福利支出", "", ["90.09", "90.09", ""]),
        (
            "30101",
            "基本工资",
            "工资奖金津补贴",
            ["32.13", "32.13", ""],
        ),
        (
            "30102",
            "津贴补贴",
            "工资奖金津补贴",
            ["16.72", "16.72", ""],
        ),
        ("30103", "奖金", "工资奖金津补贴", ["1.45", "1.45", ""]),
        ("30107", "绩效工资", "工资福利支出", ["14.07", "14.07", ""]),
        (
            "30108",
            "机关事业单位基本养老保险缴费",
            "社会保障缴费",
            ["9.62", "9.62", ""],
        ),
        (
            "30110",
            "职工基本医疗保险缴费",
            "社会保障缴费",
            ["4.09", "4.09", ""],
        ),
        (
            "30112",
            "其他社会保障缴费",
            "社会保障缴费",
            ["0.57", "0.57", ""],
        ),
        ("30113", "住房公积金", "住房公积金", ["7.74", "7.74", ""]),
        (
            "30199",
            "其他工资福利支出",
            "其他工资福利支出",
            ["3.70", "3.70", ""],
        ),
        ("302", "商品和服务支出", "", ["4.03", "", "4.03"]),
        ("30201", "办公费", "办公经费", ["1.62", "", "1.62"]),
        ("30239", "其他交通费用", "办公经费", ["1.50", "", "1.50"]),
        (
            "30299",
            "其他商品和服务支出",
            "其他商品和服务支出",
            ["0.91", "", "0.91"],
        ),
        ("303", "对个人和家庭的补助", "", ["0.64", "0.64", ""]),
        ("30302", "退休费", "离退休费", ["0.64", "0.64", ""]),
    ];
    let rows: Vec<PrintedRow> = printed_rows
        .iter()
        .map(|(c, l, _, v)| (*c, *l, v.as_slice()))
        .collect();
    assert_block(&pkg, "t6", "main", &["total", "personnel", "public"], &rows);
    let def = pkg.layout().table("t6").expect("t6");
    let view = table_view(&pkg, Catalog::builtin(), def);
    for (r, (code, _, gov, _)) in view.blocks[0].rows.iter().zip(printed_rows.iter()) {
        assert_eq!(r.gov_name, *gov, "t6 {code}: 政府预算支出经济科目名称");
    }
}

#[test]
fn tables_11_and_12_as_published() {
    let pkg = sample();
    assert_block(
        &pkg,
        "t11",
        "main",
        &["total", "general", "fund", "capital"],
        &[
            ("", "部门合计", &["4.03", "4.03", "", ""]),
            ("", "长治市屯留区信访局", &["4.03", "4.03", "", ""]),
        ],
    );
    let cols = ["total", "general", "fund", "capital", "special", "unit"];
    assert_block(
        &pkg,
        "t12",
        "main",
        &cols,
        &[
            (
                "",
                "长治市屯留区信访局",
                &["168.00", "168.00", "", "", "", ""],
            ),
            (
                "",
                "长治市屯留区信访局",
                &["168.00", "168.00", "", "", "", ""],
            ),
            ("", "信访救助资金", &["40.00", "40.00", "", "", "", ""]),
            ("", "信访维稳经费", &["98.00", "98.00", "", "", "", ""]),
            ("", "信访工作经费", &["30.00", "30.00", "", "", "", ""]),
        ],
    );
    let def = pkg.layout().table("t12").expect("t12");
    let view = table_view(&pkg, Catalog::builtin(), def);
    let roles: Vec<RowRole> = view.blocks[0].rows.iter().map(|r| r.role).collect();
    assert_eq!(
        roles,
        [
            RowRole::Total,
            RowRole::UnitGroup,
            RowRole::Leaf,
            RowRole::Leaf,
            RowRole::Leaf
        ]
    );
}

#[test]
fn tables_published_without_data_compute_no_amount() {
    let pkg = sample();
    for key in ["t7", "t8", "t9", "t10", "t13"] {
        let def = pkg.layout().table(key).expect("table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        assert!(!view.has_data(), "{key} is published with 注：本表无数据");
    }
    // The published tables with data are not empty.
    for key in ["t1", "t2", "t3", "t4", "t5", "t6", "t11", "t12"] {
        let def = pkg.layout().table(key).expect("table");
        assert!(
            table_view(&pkg, Catalog::builtin(), def).has_data(),
            "{key}"
        );
    }
}

#[test]
fn every_code_has_its_published_name_in_the_catalog() {
    let pkg = sample();
    let cat = Catalog::builtin();
    for (code, name, _) in T3_PRINTED.iter().skip(1) {
        assert_eq!(
            cat.name(CodeScheme::Function, 2026, code),
            Some(*name),
            "function code {code}"
        );
    }
    for key in ["t2", "t3", "t5"] {
        for r in pkg.tables[key].rows("main") {
            assert_eq!(
                cat.name(CodeScheme::Function, 2026, &r.code),
                Some(r.name.as_str()),
                "{key} {}",
                r.code
            );
        }
    }
    for key in ["t1", "t4"] {
        for r in pkg.tables[key].rows("expenditure") {
            assert!(cat.name(CodeScheme::Function, 2026, &r.code).is_some());
            assert_eq!(r.code.len(), 3, "{key} stores class lines");
        }
    }
    let labels: Vec<String> = cat
        .classes(2026)
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "{}、{}",
                budget_disclosure::model::chinese_number(i + 1),
                c.name
            )
        })
        .collect();
    assert_eq!(labels, T1_CLASSES);
    for r in pkg.tables["t6"].rows("main") {
        assert_eq!(
            cat.name(CodeScheme::EconomicDept, 2026, &r.code),
            Some(r.name.as_str()),
            "部门经济科目 {}",
            r.code
        );
        assert_eq!(
            cat.gov_entry(2026, &r.gov_code).map(|e| e.name.as_str()),
            Some(r.gov_name.as_str()),
            "政府经济科目 {}",
            r.gov_code
        );
        let kind = r.unit_kind.unwrap_or(pkg.main_unit_kind());
        assert_eq!(
            cat.map_economic(2026, &r.code, kind),
            Some(r.gov_code.clone()),
            "{} maps to its published 政府 code",
            r.code
        );
    }
    for (code, name) in [
        ("301", "工资福利支出"),
        ("302", "商品和服务支出"),
        ("303", "对个人和家庭的补助"),
    ] {
        assert_eq!(cat.name(CodeScheme::EconomicDept, 2026, code), Some(name));
    }
}

#[test]
fn texts_and_overview_as_published() {
    let pkg = sample();
    assert_eq!(pkg.year, 2026);
    assert_eq!(pkg.department.name, "长治市屯留区信访局");
    assert_eq!(pkg.department.code, "024");
    assert_eq!(pkg.overview.duties.len(), 7);
    assert_eq!(
        pkg.overview.duties[0],
        "受区委、区政府委托受理人民群众来信来电来访和网上信访事项"
    );
    assert!(pkg.overview.duties[6].ends_with("突发性信访事件。"));
    assert_eq!(pkg.overview.offices.len(), 5);
    assert_eq!(pkg.overview.units.len(), 1);
    let numbers: Vec<&str> = pkg.explanation.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"
        ]
    );
    assert!(
        pkg.explanation[3]
            .text
            .contains("一般公共服务支出240.65万元、")
    );
    // The published mistake the checker must find stays in the text.
    assert!(
        pkg.explanation[4]
            .text
            .contains("一般公共预算支出240.65万元,占91.59%")
    );
    assert!(
        pkg.explanation[2]
            .text
            .contains("基本支出94.76万元，占36.06%")
    );
    assert_eq!(
        pkg.explanation[11].text,
        "（一）政府购买服务指导性目录\n无\n（二）其他\n无"
    );
    assert!(!pkg.explanation[9].text.contains("申报表"));
    // The publication has twelve entries in 第四部分 (一 … 十二).
    assert_eq!(pkg.glossary.len(), 12);
    assert_eq!(pkg.glossary[5].term, "财政专户管理资金");
    assert!(pkg.glossary[5].definition.starts_with("专指教育收费"));
    // 八 quotes 2.02%, computed by the publisher from 元: 0.08 / 3.95 rounds to 2.03%, so a rule
    // recomputing it from the rounded 万元 figures must allow for that.
    assert!(
        pkg.explanation[7]
            .text
            .contains("比2025年预算增加0.08万元,增长2.02%")
    );
    assert_eq!(pkg.appendices.len(), 3);
    let catalog_lines = pkg.appendices[2].text.lines().count();
    assert_eq!(
        catalog_lines, 58,
        "header and 57 entries of the B-class list"
    );
    assert!(
        pkg.appendices
            .iter()
            .all(|a| !a.text.contains("仅供内部审核"))
    );
}

#[test]
fn facts_as_published() {
    let pkg = sample();
    let f = &pkg.facts;
    assert_eq!(f.prior_year.income_total, amount("280.61"));
    assert_eq!(f.prior_year.operating_cost, amount("3.95"));
    assert!(f.prior_year.abroad.is_empty());
    assert_eq!(
        f.procurement.total.value(),
        f.procurement
            .goods
            .value()
            .zip(f.procurement.services.value())
            .map(|(g, s)| g + s)
    );
    assert_eq!(f.assets.vehicles.len(), 7);
    assert_eq!(f.assets.vehicles_total(), 0);
    assert_eq!(f.assets.office_area, amount("500"));
    assert_eq!(f.performance.units_with_overall_target, 1);
}

#[test]
fn forms_as_published() {
    let pkg = sample();
    let o = &pkg.overall_form;
    assert_eq!(o.department, "024-长治市屯留区信访局");
    assert_eq!(
        (o.internal_departments, o.budget_units, o.staff_quota),
        (Some(5), Some(1), Some(11))
    );
    assert_eq!(
        (o.staff_total, o.staff_in_quota, o.staff_other),
        (Some(7), Some(7), Some(0))
    );
    assert_eq!(o.by_source.total, amount("262.76"));
    assert_eq!(o.by_source.fund, amount("0.00"));
    assert_eq!(o.by_direction.basic, amount("94.76"));
    assert_eq!(o.by_direction.project, amount("168"));
    assert_eq!(o.key_tasks.len(), 1);
    assert!(
        o.key_tasks[0]
            .core_function
            .contains("放在源头预防和前端化解上")
    );
    assert!(o.key_tasks[0].task.contains("化解信访积案专项工作经验"));
    assert_eq!(o.indicators.len(), 8);
    assert!(
        o.indicators
            .iter()
            .any(|i| i.name == "信访维稳经费" && i.value == "98 万元")
    );

    let names: Vec<&str> = pkg.project_forms.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["信访工作经费", "信访维稳经费", "信访救助资金"]);
    for f in &pkg.project_forms {
        assert_eq!(f.heading, "屯留区县(区)级预算部门(单位)项目支出绩效目标表");
        assert_eq!(f.department, "024-长治市屯留区信访局");
        assert!(f.is_one_year());
        assert!(f.funds_year.other.is_empty(), "其他资金 is left blank");
        assert_eq!(f.funds_year.central, amount("0"));
        assert!(f.leader.is_empty() && f.phone.is_empty());
        assert!(!f.filled_on.contains(' '));
    }
    let work = pkg.project_form("信访工作经费").expect("form");
    assert_eq!(work.funds_period.total, amount("300000"));
    assert_eq!(work.funds_year.local, amount("300000"));
    assert!(
        work.indicators_year
            .iter()
            .any(|i| i.level2 == "成本指标" && i.value == "30完成")
    );
    assert!(
        work.indicators_period
            .iter()
            .chain(&work.indicators_year)
            .filter(|i| i.level2 == "质量指标")
            .all(|i| i.value == "100及时")
    );
    let stab = pkg.project_form("信访维稳经费").expect("form");
    assert_eq!(stab.funds_year.total, amount("980000"));
    assert_eq!(stab.funds_period.sources_sum(), amount("980000"));
    let empty: Vec<&str> = stab
        .indicators_period
        .iter()
        .filter(|i| i.value.is_empty())
        .map(|i| i.level2.as_str())
        .collect();
    assert_eq!(empty, ["数量指标", "质量指标", "时效指标"]);
    assert_eq!(stab.filled_on, "202511110105407");
    let aid = pkg.project_form("信访救助资金").expect("form");
    // Published as is: 实施期 500,000 元 but 年度 400,000 元 for a one-year project.
    assert_eq!(aid.funds_period.total, amount("500000"));
    assert_eq!(aid.funds_year.total, amount("400000"));
    assert_eq!(aid.funds_year.sources_sum(), amount("400000"));
    assert!(aid.indicators_year.iter().any(|i| i.value == "500000%"));

    // Each form's 年度资金总额 is its table 12 row × 10,000.
    for r in pkg.tables["t12"].rows("main") {
        let f = pkg.project_form(&r.name).expect("every project has a form");
        assert_eq!(
            f.funds_year.total.value(),
            r.cell("general").value().map(|w| w * Decimal::from(10_000))
        );
    }
}
