//! The cases of issue 13 where the text rules misread correct writing or missed a wrong number:
//! each test states a right text (no finding) and the same text with one number changed (caught),
//! on the 山西 sample with one section rewritten.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::{project, sample::SAMPLE_RON};
use budget_disclosure::model::{Amount, Package};
use budget_disclosure::rules::{self, Finding};
use rust_decimal::Decimal;
use std::str::FromStr;

fn sample() -> Package {
    project::from_str(SAMPLE_RON).expect("the sample loads")
}

fn run(p: &Package) -> Vec<Finding> {
    rules::check(p, Catalog::builtin())
}

fn set_text(p: &mut Package, section: &str, text: &str) {
    p.explanation
        .iter_mut()
        .find(|s| s.number == section)
        .expect("section exists")
        .text = text.to_string();
}

/// The text findings (N…) about one section.
fn text_findings(p: &Package, section: &str) -> Vec<Finding> {
    run(p)
        .into_iter()
        .filter(|f| f.rule.starts_with('N') && f.location.section.as_deref() == Some(section))
        .collect()
}

/// The sample with `section` set to `right` has no text finding there; with `wrong` it has one
/// (of a rule starting with `rule`).
fn right_and_wrong(section: &str, right: &str, wrong: &str, rule: &str) {
    let mut p = sample();
    set_text(&mut p, section, right);
    let got = text_findings(&p, section);
    assert!(got.is_empty(), "right text “{right}” gives {got:#?}");
    set_text(&mut p, section, wrong);
    let got = text_findings(&p, section);
    assert!(
        got.iter().any(|f| f.rule.starts_with(rule)),
        "wrong text “{wrong}” is not caught by {rule}: {got:#?}"
    );
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test literal")
}

const FIVE_HEAD: &str = "2026年度某局一般公共预算当年支出262.76万元。";

#[test]
fn a_class_chain_names_the_code_it_ends_with() {
    for chain in [
        "一般公共服务支出（类）信访事务（款）行政运行（项）",
        "一般公共服务支出（201类）信访事务（40款）行政运行（01项）",
        "“一般公共服务支出（类）信访事务（款）行政运行（项）”",
        "2014001 行政运行",
    ] {
        right_and_wrong(
            "五",
            &format!("{FIVE_HEAD}其中：{chain}19.56万元。"),
            &format!("{FIVE_HEAD}其中：{chain}19.57万元。"),
            "N1",
        );
    }
    // The wrong one's fix writes the 项's amount, not the 类's.
    let mut p = sample();
    set_text(
        &mut p,
        "五",
        &format!("{FIVE_HEAD}其中：一般公共服务支出（类）信访事务（款）行政运行（项）19.57万元。"),
    );
    let f = text_findings(&p, "五").into_iter().next().expect("N1");
    assert_eq!(f.expected.as_deref(), Some("19.56"));
    f.fix.expect("a fix").edit.apply(&mut p);
    assert!(p.explanation[4].text.contains("行政运行（项）19.56万元"));
    assert!(text_findings(&p, "五").is_empty());
}

#[test]
fn a_heading_does_not_label_the_sentence_under_it() {
    // The heading names 一般公共预算当年支出; the sentence under it names no figure.
    let mut p = sample();
    set_text(
        &mut p,
        "五",
        "(一) 一般公共预算当年支出规模变化情况\n2026年度共安排资金280.61万元。",
    );
    let got = text_findings(&p, "五");
    assert!(got.is_empty(), "{got:#?}");
    // A numbered item inside a paragraph starts a new sentence too.
    set_text(
        &mut p,
        "五",
        "主要内容如下：1.一般公共预算当年支出262.76万元。2.共安排资金280.61万元。",
    );
    let got = text_findings(&p, "五");
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn a_share_without_a_named_base_is_a_share_of_the_whole_of_its_part() {
    let right = "2026年度某局一般公共预算当年支出262.76万元,主要用于以下方面。一般公共服务支出240.65万元,占91.59%;社会保障和就业支出10.26万元,占3.90%;卫生健康支出4.11万元,占1.56%。";
    right_and_wrong("五", right, &right.replace("91.59", "81.59"), "N5");
}

#[test]
fn numbers_with_separators_and_other_units_are_read_whole() {
    // 1,500平方米 is 1500, not 500.
    let mut p = sample();
    p.facts.assets.office_area = Amount::new(d("1500"));
    let text = "截至2025年12月31日，某局使用的办公用房建筑总面积1,500平方米。";
    set_text(&mut p, "十一", text);
    let got = text_findings(&p, "十一");
    assert!(got.is_empty(), "{got:#?}");
    set_text(&mut p, "十一", &text.replace("1,500", "1,600"));
    assert!(text_findings(&p, "十一").iter().any(|f| f.rule == "N1"));
    // Amounts in 元 and 亿元.
    for (right, wrong) in [
        ("63,000元", "64,000元"),
        ("63000元", "64000元"),
        ("0.000630亿元", "0.000640亿元"),
    ] {
        let t = |a: &str| {
            format!(
                "2026年某局政府采购预算总额{a}。其中：政府采购货物预算2.41万元、政府采购工程预算0万元、政府采购服务预算3.89万元。"
            )
        };
        right_and_wrong("九", &t(right), &t(wrong), "N");
    }
}

#[test]
fn growth_words_and_percentage_points_are_checked() {
    let one = |change: &str| format!("2026年度某局预算收入总计262.76万元，比上年{change}。");
    right_and_wrong(
        "一",
        &one("减少17.85万元，降幅6.36%"),
        &one("减少17.85万元，降幅7.36%"),
        "N5",
    );
    right_and_wrong(
        "一",
        &one("减少了17.85万元，下降了6.36%"),
        &one("减少了17.95万元，下降了6.36%"),
        "N5",
    );
    let three = |points: &str| {
        format!(
            "2026年度某局支出预算262.76万元。项目支出比重由上年的61.94%提高到63.94%，提高了{points}个百分点。"
        )
    };
    right_and_wrong("三", &three("2.00"), &three("3.00"), "N5");
}

#[test]
fn basic_spending_in_a_general_budget_section_is_the_general_budget_s() {
    // 单位资金 makes table 3 (all funds) differ from table 5 (一般公共预算).
    let mut p = sample();
    let rows = p.table_mut("t3").rows_mut("main");
    let r = rows
        .iter_mut()
        .find(|r| r.code == "2014001")
        .expect("2014001 in table 3");
    r.set_cell("basic", Amount::new(d("29.56")));
    let five =
        "2026年度某局一般公共预算当年支出262.76万元，其中：基本支出94.76万元，项目支出168.00万元。";
    set_text(&mut p, "五", five);
    let got = text_findings(&p, "五");
    assert!(got.is_empty(), "{got:#?}");
    set_text(&mut p, "五", &five.replace("94.76", "104.76"));
    assert!(text_findings(&p, "五").iter().any(|f| f.rule == "N1"));
    // Outside a fund's section the sentence's own words choose the fund.
    let one = "2026年度某局一般公共预算安排基本支出94.76万元；部门预算安排基本支出104.76万元。";
    set_text(&mut p, "一", one);
    let got = text_findings(&p, "一");
    assert!(got.is_empty(), "{got:#?}");
    set_text(&mut p, "一", &one.replace("104.76", "94.76"));
    assert!(text_findings(&p, "一").iter().any(|f| f.rule == "N1"));
}

#[test]
fn prior_year_names_and_the_in_sentence_chain() {
    for prior in [
        "2025年预算数",
        "2025年当年预算执行数",
        "2025年度预算执行数",
        "2025年度决算数",
    ] {
        let t = format!(
            "{prior}为280.61万元，2026年预算数为262.76万元，比上年减少17.85万元，下降6.36%。"
        );
        right_and_wrong("五", &t, &t.replace("6.36", "7.36"), "N5");
        // The stated 上年数 is what the change is computed from.
        right_and_wrong("五", &t, &t.replace("280.61", "290.61"), "N5");
    }
}

#[test]
fn phrases_of_other_writers() {
    // "（含机关）" as well as "（包括机关）".
    let mut p = sample();
    let ten = p.explanation[9].text.clone();
    let right = ten.replace("1个单位（包括机关）编报", "1个单位（含机关）编报");
    right_and_wrong(
        "十",
        &right,
        &right.replace("1个单位（含机关）", "2个单位（含机关）"),
        "N",
    );
    // A total value of fixed assets is an amount, not an equipment threshold.
    set_text(
        &mut p,
        "十一",
        "截至2025年12月31日，某局固定资产总价值35.20万元。",
    );
    let got = text_findings(&p, "十一");
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn the_sample_s_mislabelled_class_is_fixed_by_its_label() {
    let mut p = sample();
    let n1 = run(&p)
        .into_iter()
        .find(|f| f.rule == "N1")
        .expect("the sample's N1");
    n1.fix.expect("a fix").edit.apply(&mut p);
    let five = &p.explanation[4].text;
    assert!(
        five.contains("一般公共服务支出240.65万元,占91.59%"),
        "{five}"
    );
    assert!(!five.contains("262.76万元,占91.59%"), "{five}");
    let got = text_findings(&p, "五");
    assert!(got.is_empty(), "{got:#?}");
}
