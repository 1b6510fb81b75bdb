//! The generated 情况说明 against the published text of the sample, figure by figure and
//! sentence by sentence, and against small packages built here for the cases the sample lacks.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::sample::sample;
use budget_disclosure::model::explain::{generate_all, generate_section};
use budget_disclosure::model::{Amount, Package, ProjectForm, Row};
use rust_decimal::Decimal;
use std::str::FromStr;

const SECTIONS: [&str; 12] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn amount(s: &str) -> Amount {
    Amount::new(dec(s))
}

/// Every number in a text, in order, as a value (so "168" and "168.00" are the same figure).
fn figures(text: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            let t = cur.trim_end_matches('.');
            out.push(Decimal::from_str(t).unwrap());
            cur.clear();
        }
    }
    out
}

/// The published text of a section, as the sample holds it.
fn published(pkg: &Package, number: &str) -> String {
    pkg.explanation
        .iter()
        .find(|s| s.number == number)
        .map(|s| s.text.clone())
        .unwrap()
}

fn generated(pkg: &Package, number: &str) -> String {
    generate_section(pkg, Catalog::builtin(), number).unwrap()
}

/// The published text mixes half-width punctuation into some sections (五, 六, 八 write ",:;"
/// and "(一) "); the generator always writes full-width. This is the only normalisation the
/// comparison allows.
fn normalise_punctuation(text: &str) -> String {
    text.replace("(一) ", "（一）")
        .replace("(二) ", "（二）")
        .replace(',', "，")
        .replace(':', "：")
        .replace(';', "；")
}

#[test]
fn generated_sections_carry_the_published_figures() {
    let pkg = sample();
    for number in &SECTIONS[..10] {
        let got = figures(&generated(&pkg, number));
        let mut want = figures(&published(&pkg, number));
        // 八 says 增长2.02% although 0.08 / 3.95 = 2.0253% rounds to 2.03%: the publisher
        // computed from 元. 2.02% is within what the rounding of 4.03 and 3.95 allows, so
        // regeneration keeps the stated rate (see `a_stated_rate_is_kept_only_when_…`).
        // The published 五(二) gives no share for its last 类 (住房保障支出7.74万元等); the
        // generator states every 类's share: 7.74 / 262.76 = 2.9457% → 2.95%.
        if *number == "五" {
            let i = want.iter().rposition(|f| *f == dec("7.74")).unwrap();
            want.insert(i + 1, dec("2.95"));
        }
        assert_eq!(got, want, "section {number}");
    }
}

#[test]
fn the_figures_named_in_the_issue_are_all_generated() {
    let pkg = sample();
    let all: String = SECTIONS[..10]
        .iter()
        .map(|n| generated(&pkg, n))
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "预算收入总计262.76万元",
        "比上年减少17.85万元，下降6.36%",
        "基本支出94.76万元，占36.06%",
        "项目支出168万元，占63.94%",
        "一般公共服务支出240.65万元，占91.59%",
        "社会保障和就业支出10.26万元，占3.90%",
        "卫生健康支出4.11万元，占1.56%",
        "人员经费90.73万元",
        "公用经费4.03万元",
        "比2025年预算增加0.08万元，增长2.02%",
        "政府采购预算总额6.30万元",
        "政府采购货物预算2.41万元",
        "政府采购服务预算3.89万元",
        "二级项目3个，共计金额168.00万元",
        "本部门无“三公”经费预算。",
    ] {
        assert!(all.contains(needle), "missing “{needle}” in\n{all}");
    }
}

#[test]
fn section_five_names_the_class_not_the_budget() {
    let pkg = sample();
    let five = generated(&pkg, "五");
    assert!(five.contains("主要用于以下方面：一般公共服务支出240.65万元，占91.59%"));
    assert!(!five.contains("一般公共预算支出240.65"));
    // The published mistake is still in the sample's own text.
    assert!(published(&pkg, "五").contains("一般公共预算支出240.65"));
}

/// Which sections reproduce the published text, and how the others differ. The expected lists
/// are the result, not a wish: a change to the generator that breaks a match fails here.
#[test]
fn generated_text_matches_the_published_text_where_it_is_correct() {
    let pkg = sample();
    let mut verbatim = Vec::new();
    let mut after_punctuation = Vec::new();
    let mut different = Vec::new();
    for number in SECTIONS {
        let got = generated(&pkg, number);
        let want = published(&pkg, number);
        if got == want {
            verbatim.push(number);
        } else if got == normalise_punctuation(&want) {
            after_punctuation.push(number);
        } else {
            different.push(number);
        }
    }
    assert_eq!(
        verbatim,
        ["一", "二", "三", "四", "七", "九", "十", "十一", "十二"]
    );
    // 八 differs only in the publisher's half-width punctuation.
    assert_eq!(after_punctuation, ["八"]);
    // 五: the published mistake (一般公共预算支出 for 一般公共服务支出) and the missing last
    // share; 六: the published lists the 人员经费 lines in no order we can derive, we list them
    // in table order.
    assert_eq!(different, ["五", "六"]);
    // 六 agrees except for the order of the economic lines.
    let six = generated(&pkg, "六");
    assert!(six.starts_with(
        "2026年度长治市屯留区信访局一般公共预算安排基本支出94.76万元，其中：人员经费90.73万元，主要包括：基本工资、津贴补贴、奖金、绩效工资、"
    ));
    assert!(
        six.ends_with("；公用经费4.03万元，主要包括：办公费、其他交通费用、其他商品和服务支出等。")
    );
    let names = |t: &str| {
        let mut v: Vec<String> = t
            .split(['：', '、', '；', ':', ';'])
            .map(|s| s.trim_end_matches('等').to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(&six),
        names(&normalise_punctuation(&published(&pkg, "六")))
    );
}

#[test]
fn generate_all_gives_twelve_sections_with_titles() {
    let pkg = sample();
    let all = generate_all(&pkg, Catalog::builtin());
    assert_eq!(all.len(), 12);
    assert_eq!(all[6].title, "“三公”经费增减变动原因说明");
    assert_eq!(all[11].number, "十二");
    assert!(all.iter().all(|s| !s.text.is_empty()));
    assert_eq!(generate_section(&pkg, Catalog::builtin(), "十三"), None);
}

/// Reasons are the user's words: regenerating keeps them, and a text without one gets none.
#[test]
fn reasons_survive_regeneration_and_are_not_invented() {
    let mut pkg = sample();
    for s in pkg.explanation.iter_mut() {
        if s.number == "一" {
            s.text = "旧文字，主要原因是人员减少；另，主要原因是项目调整。".into();
        }
        if s.number == "八" {
            s.text.clear();
        }
    }
    let one = generated(&pkg, "一");
    assert!(one.contains("下降6.36%，主要原因是人员减少；本年部门预算支出"));
    assert!(one.ends_with("下降6.36%，主要原因是项目调整。"));
    let eight = generated(&pkg, "八");
    assert!(eight.ends_with("增长2.03%。"), "{eight}");
    assert!(!eight.contains("原因"));
}

#[test]
fn a_stated_rate_is_kept_only_when_the_rounding_of_the_data_allows_it() {
    let mut pkg = sample();
    let set = |pkg: &mut Package, text: &str| {
        for s in pkg.explanation.iter_mut().filter(|s| s.number == "八") {
            s.text = text.to_string();
        }
    };
    // 2.02% and 2.03% both fit 0.08 / 3.95 万元 once each figure may be off by 0.005.
    set(&mut pkg, "……增长2.02%……");
    assert!(generated(&pkg, "八").contains("增长2.02%"));
    // 2.50% does not: the generator writes the rate the data gives.
    set(&mut pkg, "……增长2.50%……");
    assert!(generated(&pkg, "八").contains("增长2.03%"));
    // A rate after the other direction word is not this change's rate.
    set(&mut pkg, "……下降2.02%……");
    assert!(generated(&pkg, "八").contains("增长2.03%"));
}

fn small_package(year: i32) -> Package {
    let mut p = Package::new_empty(year, "某局");
    let row = |code: &str, cells: &[(&str, &str)]| Row {
        code: code.into(),
        cells: cells
            .iter()
            .map(|(k, v)| (k.to_string(), amount(v)))
            .collect(),
        ..Row::default()
    };
    p.table_mut("t1")
        .rows_mut("income")
        .push(row("general", &[("amount", "100.00")]));
    p.table_mut("t1")
        .rows_mut("income")
        .push(row("carryover", &[("amount", "20.00")]));
    p.table_mut("t1")
        .rows_mut("expenditure")
        .push(row("201", &[("current", "100.00"), ("carryover", "20.00")]));
    p.table_mut("t3")
        .rows_mut("main")
        .push(row("2010101", &[("basic", "60.00"), ("project", "60.00")]));
    p.table_mut("t5")
        .rows_mut("main")
        .push(row("2010101", &[("basic", "60.00"), ("project", "40.00")]));
    p.facts.prior_year.income_total = amount("120.00");
    p.facts.prior_year.expenditure_total = amount("100.00");
    p.facts.prior_year.general_expenditure = amount("80.00");
    p
}

#[test]
fn year_on_year_words_follow_the_sign_and_name_the_prior_year() {
    let mut p = small_package(2027);
    let one = generated(&p, "一");
    assert!(
        one.contains(
            "预算收入总计120.00万元，其中：本年收入100.00万元，上年结转20.00万元，与上年持平"
        ),
        "{one}"
    );
    assert!(one.contains("支出总计120.00万元，其中：本年预算安排100.00万元，上年结转20.00万元，比上年增加20.00万元，增长20.00%"), "{one}");
    let five = generated(&p, "五");
    assert!(five.contains("当年支出100.00万元，比上年增加20.00万元，增长25.00%"));
    assert!(five.contains("一般公共服务支出100.00万元，占100.00%"));

    // 三公 with data: every line, its change, and Y−1 named.
    let three = p.table_mut("t10").rows_mut("main");
    three.push(Row {
        code: "reception".into(),
        cells: [("general".to_string(), amount("1.50"))].into(),
        ..Row::default()
    });
    three.push(Row {
        code: "vehicle_running".into(),
        cells: [("general".to_string(), amount("2.00"))].into(),
        ..Row::default()
    });
    p.facts.prior_year.reception = amount("2.00");
    p.facts.prior_year.vehicle_running = amount("2.00");
    let seven = generated(&p, "七");
    assert!(
        seven.starts_with(
            "本部门2027年“三公”经费财政拨款预算3.50万元，比2026年预算减少0.50万元，下降12.50%。"
        ),
        "{seven}"
    );
    assert!(seven.contains("公务接待费1.50万元，比2026年预算减少0.50万元，下降25.00%"));
    assert!(seven.contains("公务用车购置及运行费2.00万元（其中：公务用车购置费0万元，公务用车运行维护费2.00万元），与2026年预算持平"));
    assert!(!seven.contains("2025"));

    // Without a 上年数 no change is claimed.
    p.facts.prior_year.income_total = Amount::EMPTY;
    assert!(!generated(&p, "一").contains("与上年持平"));
}

#[test]
fn performance_counts_projects_by_their_forms_category() {
    let mut p = small_package(2026);
    for (name, amount_text, category, form) in [
        ("甲项目", "10.00", "其他运转类", true),
        ("乙项目", "5.50", "特定目标类", true),
        ("丙项目", "4.50", "", false),
    ] {
        p.table_mut("t12").rows_mut("main").push(Row {
            name: name.into(),
            unit: "某局".into(),
            cells: [("general".to_string(), amount(amount_text))].into(),
            ..Row::default()
        });
        if form {
            p.project_forms.push(ProjectForm {
                name: name.into(),
                category: category.into(),
                ..ProjectForm::default()
            });
        }
    }
    let ten = generated(&p, "十");
    assert!(ten.contains("二级项目3个，共计金额20.00万元。其中：其他运转类项目1个，涉及金额10.00万元；特定目标类项目1个，涉及金额5.50万元；未分类项目1个，涉及金额4.50万元。"), "{ten}");
    assert!(
        ten.contains(
            "公开项目绩效目标2个，涉及项目金额15.50万元，占部门（单位）项目支出总额的77.50%。"
        ),
        "{ten}"
    );
}

#[test]
fn empty_tables_and_facts_give_the_standard_sentences() {
    let p = Package::new_empty(2026, "空局");
    assert_eq!(generated(&p, "七"), "本部门无“三公”经费预算。");
    assert_eq!(
        generated(&p, "八"),
        "本部门2026年无机关运行经费财政拨款预算。"
    );
    let eleven = generated(&p, "十一");
    assert!(
        eleven.contains("截至2025年12月31日，空局共有公务用车编制0辆，实有0辆，其中：领导用车0辆")
    );
    let nine = generated(&p, "九");
    assert_eq!(
        nine,
        "2026年空局政府采购预算总额0万元。其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算0万元。"
    );
}
