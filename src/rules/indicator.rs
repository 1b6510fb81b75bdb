//! The 指标值 parser: a performance indicator's value as comparator + number + unit
//! ("≥500 人/次", "≤30 万元", "=100%"), or a qualitative value ("定性", "及时", "优").
//!
//! Parsed once into [`IndicatorValue`]; the F4 rules only look at the parsed form.

use rust_decimal::Decimal;
use std::str::FromStr;

/// How a number is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    Ge,
    Le,
    Gt,
    Lt,
    Eq,
    /// A direction word (提高, 降低 …): a target change, not a bound.
    Direction,
}

/// A parsed 指标值.
#[derive(Clone, Debug, PartialEq)]
pub enum IndicatorValue<'a> {
    Empty,
    Quantity {
        comparator: Option<Comparator>,
        number: Decimal,
        /// The unit right after the number ("%", "万元", "人/次"), empty when none is known.
        unit: &'a str,
        /// Words after the unit ("满意", "完成").
        rest: &'a str,
    },
    /// No digits: 定性, 及时, 优/良/中/差, 减少 …
    Qualitative(&'a str),
    /// Digits, but not as comparator + number + unit.
    Unparsed(&'a str),
}

/// Comparators and the words that mean them, longest first where one is a prefix of another.
const COMPARATORS: &[(&str, Comparator)] = &[
    ("≥", Comparator::Ge),
    (">=", Comparator::Ge),
    ("＞＝", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("大于等于", Comparator::Ge),
    ("大于或等于", Comparator::Ge),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("≤", Comparator::Le),
    ("<=", Comparator::Le),
    ("＜＝", Comparator::Le),
    ("≦", Comparator::Le),
    ("小于等于", Comparator::Le),
    ("小于或等于", Comparator::Le),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不大于", Comparator::Le),
    ("不多于", Comparator::Le),
    (">", Comparator::Gt),
    ("＞", Comparator::Gt),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("<", Comparator::Lt),
    ("＜", Comparator::Lt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("=", Comparator::Eq),
    ("＝", Comparator::Eq),
    ("等于", Comparator::Eq),
    ("达到", Comparator::Eq),
    ("提高", Comparator::Direction),
    ("提升", Comparator::Direction),
    ("降低", Comparator::Direction),
    ("增加", Comparator::Direction),
    ("减少", Comparator::Direction),
    ("增长", Comparator::Direction),
    ("下降", Comparator::Direction),
];

/// Units an indicator may state, longest first so that "万人次" wins over "万".
const UNITS: &[&str] = &[
    "万件次",
    "万人次",
    "万批次",
    "平方米",
    "立方米",
    "人/次",
    "人次",
    "件次",
    "批次",
    "户次",
    "万元",
    "万人",
    "万户",
    "万件",
    "公里",
    "千米",
    "小时",
    "工作日",
    "个月",
    "%",
    "％",
    "‰",
    "元",
    "个",
    "次",
    "件",
    "天",
    "日",
    "月",
    "年",
    "人",
    "户",
    "家",
    "项",
    "份",
    "场",
    "期",
    "台",
    "套",
    "辆",
    "篇",
    "条",
    "本",
    "册",
    "所",
    "座",
    "批",
    "宗",
    "起",
    "亩",
    "吨",
    "米",
    "处",
    "名",
    "部",
    "类",
    "间",
    "栋",
    "课时",
    "学时",
    "分",
    "周",
    "季度",
    "张",
];

/// Parses a 指标值 as written.
pub fn parse(text: &str) -> IndicatorValue<'_> {
    let s = text.trim();
    if s.is_empty() {
        return IndicatorValue::Empty;
    }
    if !s
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return IndicatorValue::Qualitative(s);
    }
    let mut rest = s;
    let mut comparator = None;
    // Most values start with a digit: skip the comparator words then (they are checked for
    // tens of thousands of indicators in a county's package).
    if !rest.as_bytes()[0].is_ascii_digit() {
        for (word, c) in COMPARATORS {
            if let Some(r) = rest.strip_prefix(word) {
                comparator = Some(*c);
                rest = r.trim_start();
                break;
            }
        }
    }
    let num_len = rest
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if num_len == 0 {
        return IndicatorValue::Unparsed(s);
    }
    let digits: String = rest[..num_len].chars().filter(|&c| c != ',').collect();
    let Ok(number) = Decimal::from_str(&digits) else {
        return IndicatorValue::Unparsed(s);
    };
    let after = rest[num_len..].trim_start();
    let first = after.as_bytes().first().copied();
    let unit = UNITS
        .iter()
        .find(|u| Some(u.as_bytes()[0]) == first && after.starts_with(*u))
        .copied()
        .unwrap_or("");
    IndicatorValue::Quantity {
        comparator,
        number,
        unit: &after[..unit.len()],
        rest: after[unit.len()..].trim(),
    }
}

/// The unit an indicator's name carries ("信访处理及时率%" → "%", "资金（万元）" → "万元").
pub fn unit_in_name(name: &str) -> Option<&'static str> {
    let n = name.trim_end();
    let n = n
        .strip_suffix('）')
        .or_else(|| n.strip_suffix(')'))
        .unwrap_or(n);
    for (u, canonical) in [("%", "%"), ("％", "%"), ("万元", "万元"), ("元", "元")] {
        if n.ends_with(u) {
            return Some(canonical);
        }
    }
    None
}

/// Whether a unit is a percentage.
pub fn is_percent(unit: &str) -> bool {
    unit == "%" || unit == "％"
}

/// The number in 元 of a money unit, `None` when the unit is not money.
pub fn money_in_yuan(number: Decimal, unit: &str) -> Option<Decimal> {
    match unit {
        "元" => Some(number),
        "万元" => Some(number * Decimal::from(10_000)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn parses_the_sample_values() {
        assert_eq!(
            parse("≥ 500 人/次"),
            IndicatorValue::Quantity {
                comparator: Some(Comparator::Ge),
                number: d("500"),
                unit: "人/次",
                rest: ""
            }
        );
        assert_eq!(
            parse("≥0.2 万件次"),
            IndicatorValue::Quantity {
                comparator: Some(Comparator::Ge),
                number: d("0.2"),
                unit: "万件次",
                rest: ""
            }
        );
        assert_eq!(
            parse("≥99%满意"),
            IndicatorValue::Quantity {
                comparator: Some(Comparator::Ge),
                number: d("99"),
                unit: "%",
                rest: "满意"
            }
        );
        assert_eq!(
            parse("30完成"),
            IndicatorValue::Quantity {
                comparator: None,
                number: d("30"),
                unit: "",
                rest: "完成"
            }
        );
        assert!(matches!(
            parse("提高99%"),
            IndicatorValue::Quantity {
                comparator: Some(Comparator::Direction),
                unit: "%",
                ..
            }
        ));
        assert_eq!(parse("定性"), IndicatorValue::Qualitative("定性"));
        assert_eq!(parse("  "), IndicatorValue::Empty);
        assert_eq!(parse("约有3个"), IndicatorValue::Unparsed("约有3个"));
        assert!(matches!(
            parse("500000%"),
            IndicatorValue::Quantity { unit: "%", .. }
        ));
    }

    #[test]
    fn units_in_names_and_money() {
        assert_eq!(unit_in_name("信访处理及时率%"), Some("%"));
        assert_eq!(unit_in_name("资金（万元）"), Some("万元"));
        assert_eq!(unit_in_name("年成本"), None);
        assert_eq!(money_in_yuan(d("30"), "万元"), Some(d("300000")));
        assert_eq!(money_in_yuan(d("30"), "人"), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "≥",
            "≥.",
            "1..2",
            "，",
            "１２３",
            "≥ ,",
            "9999999999999999999999999999999",
        ] {
            let _ = parse(s);
        }
        assert!(matches!(parse("≥1..2"), IndicatorValue::Unparsed(_)));
        assert!(matches!(parse("≥."), IndicatorValue::Qualitative(_)));
    }
}
