//! The lexer of the 情况说明: numbers with their units and roles, and the boundaries of
//! sentences, segments and clauses. It reads the writing of every publisher we have seen:
//! thousands separators ("1,623.18"), amounts in 元, 万元 and 亿元, "个百分点", growth words
//! ("增幅", "减少了"), and headings or numbered items ("（一）", "1.", "（1）") that start a new
//! sentence. Numbers longer than [`MAX_INT_DIGITS`] / [`MAX_FRAC_DIGITS`] are not read at all,
//! so no later arithmetic can overflow on a number of the text.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Digits before the decimal point that a quoted number may have (a trillion 元 has 13).
pub const MAX_INT_DIGITS: usize = 15;
/// Digits after the decimal point that a quoted number may have.
pub const MAX_FRAC_DIGITS: usize = 8;

/// What a quoted number measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An amount of money (its unit in [`Claim::money`]).
    Money,
    /// …%
    Percent,
    /// …个百分点: a difference of two percentages.
    Points,
    /// …个, 家, 辆, 台（套）, 平方米
    Count(&'static str),
    /// a four-digit year followed by 年
    Year,
}

/// The unit of an amount as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    Wan,
    Yi,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }
}

/// How a number relates to its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// 占…x%: a share of a base.
    Share,
    /// 增加/减少 x: +1 or -1.
    Change(i8),
    /// 价值50万元（原值）以上: a threshold, not an amount of the budget.
    Threshold,
}

/// A number quoted in a section.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim<'t> {
    /// Byte range of the number as written.
    pub start: usize,
    pub num_end: usize,
    /// Byte index after the unit.
    pub end: usize,
    pub written: &'t str,
    /// The number as written, in its own unit.
    pub value: Decimal,
    /// Decimal places as written ("168" → 0, "36.06" → 2).
    pub scale: u32,
    pub kind: Kind,
    /// The unit of an amount (万元 for the other kinds).
    pub money: MoneyUnit,
    /// Whether the number was written with thousands separators.
    pub grouped: bool,
    pub role: Role,
    /// Byte range of the direction word of a change.
    pub word: Option<(usize, usize)>,
    /// For a share: the words between 占 and the number ("部门（单位）项目支出总额的").
    pub share_base: &'t str,
}

impl Claim<'_> {
    /// An amount in 万元 (`None` for another kind, or a 亿元 amount too large to convert).
    pub fn wan(&self) -> Option<Decimal> {
        if self.kind != Kind::Money {
            return None;
        }
        match self.money {
            MoneyUnit::Wan => Some(self.value),
            MoneyUnit::Yuan => self.value.checked_div(Decimal::from(10_000)),
            MoneyUnit::Yi => self.value.checked_mul(Decimal::from(10_000)),
        }
    }

    /// How a value in 万元 is written in this claim's unit and precision; `None` when it cannot
    /// be represented.
    pub fn write_wan(&self, wan: Decimal) -> Option<String> {
        let in_unit = match self.money {
            MoneyUnit::Wan => wan,
            MoneyUnit::Yuan => wan.checked_mul(Decimal::from(10_000))?,
            MoneyUnit::Yi => wan.checked_div(Decimal::from(10_000))?,
        };
        let scale = match self.money {
            // 万元 is written to 0.01 unless the text wrote a whole number for a whole value.
            MoneyUnit::Wan if self.scale == 0 && in_unit.fract().is_zero() => 0,
            MoneyUnit::Wan => 2,
            _ => self.scale,
        };
        let r = in_unit
            .round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let s = format!("{:.*}", scale as usize, r);
        Some(if self.grouped { group(&s) } else { s })
    }

    /// Whether a value in 万元 written in this claim's unit and precision is what the text says.
    pub fn agrees_with_wan(&self, wan: Decimal) -> bool {
        match self.money {
            MoneyUnit::Wan => self.value == wan,
            _ => self
                .write_wan(wan)
                .and_then(|s| Decimal::from_str(&s.replace(',', "")).ok())
                .is_some_and(|v| v == self.value),
        }
    }

    pub fn unit_label(&self) -> &'static str {
        match self.kind {
            Kind::Money => self.money.label(),
            Kind::Percent => "%",
            Kind::Points => "个百分点",
            Kind::Count(u) => u,
            Kind::Year => "年",
        }
    }
}

/// "1623.18" → "1,623.18".
fn group(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::from(sign);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

const COUNT_UNITS: [&str; 8] = [
    "台（套）",
    "台(套)",
    "个百分点",
    "平方米",
    "个",
    "家",
    "辆",
    "台",
];
const CLAUSE_BREAKS: [char; 11] = [
    '，', ',', '；', ';', '。', '：', ':', '\n', '、', '！', '？',
];
const UP: [&str; 7] = ["增加", "增长", "上升", "提高", "增幅", "增长率", "增长幅度"];
const DOWN: [&str; 6] = ["减少", "下降", "降低", "降幅", "减幅", "下降幅度"];
/// Words that may sit between a direction word and its number ("减少了", "增幅为").
const LINKS: [&str; 4] = ["了", "为", "达", "约"];
const SPACES: [char; 4] = [' ', '\u{a0}', '\u{3000}', '\t'];

/// Whether `s` starts with `unit`, allowing spaces or a line break between its characters (a
/// justified PDF line writes "万 元"; a wrapped one "万\n元"). Returns the bytes taken.
fn unit_at(s: &str, unit: &str) -> Option<usize> {
    let mut taken = 0;
    let mut rest = s;
    for (k, want) in unit.chars().enumerate() {
        if k > 0 {
            let t = rest.trim_start_matches(|c: char| SPACES.contains(&c) || c == '\n');
            taken += rest.len() - t.len();
            rest = t;
        }
        let mut it = rest.chars();
        if it.next() != Some(want) {
            return None;
        }
        taken += want.len_utf8();
        rest = it.as_str();
    }
    Some(taken)
}

/// The money unit after a number, with its length. A bare 万 counts when nothing that could
/// be another unit follows it ("100万（含）以上", "1720.00万，").
fn money_unit(s: &str) -> Option<(MoneyUnit, usize)> {
    if let Some(n) = unit_at(s, "万元") {
        return Some((MoneyUnit::Wan, n));
    }
    if let Some(n) = unit_at(s, "亿元") {
        return Some((MoneyUnit::Yi, n));
    }
    if let Some(rest) = s.strip_prefix('万') {
        let next = rest.chars().next();
        if next.is_none_or(|c| "（(以，,。；;、）) \n".contains(c)) {
            return Some((MoneyUnit::Wan, '万'.len_utf8()));
        }
        return None;
    }
    if s.starts_with('元') {
        return Some((MoneyUnit::Yuan, '元'.len_utf8()));
    }
    None
}

/// Words after an amount that make it a threshold ("50万元（原值）以上").
fn is_threshold_tail(s: &str) -> bool {
    let s = s.trim_start_matches(SPACES);
    [
        "以上",
        "及以上",
        "（原值）以上",
        "(原值)以上",
        "（含）以上",
        "(含)以上",
        "（含）及以上",
    ]
    .iter()
    .any(|w| s.starts_with(w))
}

/// A run of digits at `i`: the number as written (without a trailing dot), its end, and
/// whether it used separators. `None` when it is too long to be a quoted number.
fn number_at(text: &str, i: usize) -> (usize, Option<(usize, bool)>) {
    let b = text.as_bytes();
    let mut j = i;
    let mut int_digits = 0;
    let mut grouped = false;
    while j < b.len() {
        if b[j].is_ascii_digit() {
            int_digits += 1;
            j += 1;
        } else if b[j] == b','
            && int_digits > 0
            && b.get(j + 1..j + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
        {
            grouped = true;
            j += 1;
        } else {
            break;
        }
    }
    let mut frac_digits = 0;
    let mut end = j;
    if j < b.len() && b[j] == b'.' && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            frac_digits += 1;
            j += 1;
        }
        end = j;
    }
    // A number glued to more digits and dots ("1.2.3") is not a quoted figure; a trailing dot
    // is punctuation.
    let glued = b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
    if int_digits > MAX_INT_DIGITS || frac_digits > MAX_FRAC_DIGITS || glued {
        let mut skip = end;
        while skip < b.len() && (b[skip].is_ascii_digit() || b[skip] == b'.' || b[skip] == b',') {
            skip += 1;
        }
        return (skip, None);
    }
    (end, Some((end, grouped)))
}

/// Finds every claim in a text, in order.
pub fn claims(text: &str) -> Vec<Claim<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let prev_ok = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'.'
                || bytes[i - 1] == b',');
        if !(b.is_ascii_digit() && prev_ok) {
            i += 1;
            continue;
        }
        let (next, found) = number_at(text, i);
        let Some((num_end, grouped)) = found else {
            i = next.max(i + 1);
            continue;
        };
        let written = &text[i..num_end];
        let plain = written.replace(',', "");
        let Ok(value) = Decimal::from_str(&plain) else {
            i = num_end.max(i + 1);
            continue;
        };
        let after_ws = text[num_end..].trim_start_matches(SPACES);
        let unit_start = text.len() - after_ws.len();
        let mut money = MoneyUnit::Wan;
        let (kind, unit_len) = if let Some((u, n)) = money_unit(after_ws) {
            money = u;
            (Some(Kind::Money), n)
        } else if after_ws.starts_with('%') || after_ws.starts_with('％') {
            (
                Some(Kind::Percent),
                after_ws.chars().next().map_or(1, char::len_utf8),
            )
        } else if let Some(n) = unit_at(after_ws, "个百分点") {
            (Some(Kind::Points), n)
        } else if after_ws.starts_with('年')
            && plain.len() == 4
            && !grouped
            && !plain.contains('.')
            && (1900..=2199).contains(&plain.parse::<u32>().unwrap_or(0))
        {
            (Some(Kind::Year), '年'.len_utf8())
        } else if let Some(u) = COUNT_UNITS.iter().find(|u| after_ws.starts_with(*u)) {
            (Some(Kind::Count(u)), u.len())
        } else {
            (None, 0)
        };
        let Some(kind) = kind else {
            i = num_end.max(i + 1);
            continue;
        };
        let end = unit_start + unit_len;
        let clause_start = text[..i]
            .rfind(CLAUSE_BREAKS)
            .map(|p| p + text[p..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let clause = &text[clause_start..i];
        let mut trimmed = clause.trim_end_matches(SPACES);
        let mut role = Role::Plain;
        let mut word = None;
        let mut share_base = "";
        if matches!(kind, Kind::Money | Kind::Percent | Kind::Points) {
            if let Some(p) = clause.rfind('占') {
                role = Role::Share;
                share_base = &clause[p + '占'.len_utf8()..];
            }
            if let Some(l) = LINKS.iter().find(|l| trimmed.ends_with(*l)) {
                trimmed = &trimmed[..trimmed.len() - l.len()];
            }
            let mut best: Option<(usize, i8)> = None;
            for (list, sign) in [(&UP[..], 1i8), (&DOWN[..], -1i8)] {
                for w in list {
                    if trimmed.ends_with(w) && best.is_none_or(|(l, _)| w.len() > l) {
                        best = Some((w.len(), sign));
                    }
                }
            }
            if let Some((len, sign)) = best {
                let ws = clause_start + trimmed.len() - len;
                role = Role::Change(sign);
                word = Some((ws, ws + len));
            }
            if kind == Kind::Money && is_threshold_tail(&text[end..]) {
                role = Role::Threshold;
            }
        }
        let scale = plain.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        out.push(Claim {
            start: i,
            num_end,
            end,
            written,
            value,
            scale,
            kind,
            money,
            grouped,
            role,
            word,
            share_base,
        });
        i = end;
    }
    out
}

/// Where sentences and segments start: a sentence ends at 。！？ or a line break, and a
/// numbered item ("1.", "（一）", "(1)", "一、") after a colon or a full stop starts one; a
/// segment also ends at ；.
#[derive(Clone, Debug, Default)]
pub struct Bounds {
    sentences: Vec<usize>,
    segments: Vec<usize>,
}

impl Bounds {
    pub fn new(text: &str) -> Bounds {
        let mut sentences = vec![0];
        let mut segments = vec![0];
        for (i, ch) in text.char_indices() {
            let after = i + ch.len_utf8();
            match ch {
                '。' | '！' | '？' | '!' | '?' | '\n' => {
                    sentences.push(after);
                    segments.push(after);
                }
                '；' | ';' => segments.push(after),
                '：' | ':' => {
                    let rest = text[after..].trim_start_matches(SPACES);
                    if numbering_len(rest).is_some() {
                        let at = text.len() - rest.len();
                        sentences.push(at);
                        segments.push(at);
                    }
                }
                _ => {}
            }
        }
        sentences.sort_unstable();
        sentences.dedup();
        segments.sort_unstable();
        segments.dedup();
        Bounds {
            sentences,
            segments,
        }
    }

    fn last_before(list: &[usize], pos: usize) -> usize {
        match list.binary_search(&pos) {
            Ok(i) => list[i],
            Err(0) => 0,
            Err(i) => list[i - 1],
        }
    }

    /// Start of the sentence that contains `pos`.
    pub fn sentence(&self, pos: usize) -> usize {
        Self::last_before(&self.sentences, pos)
    }

    /// Start of the segment (sentence or ；-part) that contains `pos`.
    pub fn segment(&self, pos: usize) -> usize {
        Self::last_before(&self.segments, pos)
    }
}

/// The length of list numbering at the start of `s`: "1.", "1、", "（一）", "(1)", "一、".
pub fn numbering_len(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let rest = &s[digits..];
        for sep in [".", "、", "．"] {
            if rest.starts_with(sep) && !rest[sep.len()..].starts_with(|c: char| c.is_ascii_digit())
            {
                return Some(digits + sep.len());
            }
        }
        return None;
    }
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = s.strip_prefix(open) {
            let inner: usize = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
                .map(char::len_utf8)
                .sum();
            if inner > 0 && rest[inner..].starts_with(close) {
                return Some(open.len() + inner + close.len());
            }
        }
    }
    let cn: usize = s
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum();
    if cn > 0 && cn <= 9 && s[cn..].starts_with('、') {
        return Some(cn + '、'.len_utf8());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(t: &str) -> Claim<'_> {
        claims(t).into_iter().next().expect("a claim")
    }

    #[test]
    fn reads_separators_units_and_growth_words() {
        let c = one("总面积1,500平方米");
        assert_eq!(
            (c.value, c.kind),
            (Decimal::from(1500), Kind::Count("平方米"))
        );
        let c = one("预算93,000元");
        assert_eq!(
            (c.value, c.money, c.grouped),
            (Decimal::from(93_000), MoneyUnit::Yuan, true)
        );
        assert_eq!(c.wan(), Some(Decimal::new(93, 1)));
        assert_eq!(c.write_wan(Decimal::new(94, 1)).as_deref(), Some("94,000"));
        let c = one("收入3,121.42万元");
        assert_eq!(c.value, Decimal::new(312_142, 2));
        let c = one("共计1.2亿元");
        assert_eq!(c.wan(), Some(Decimal::from(12_000)));
        let c = one("援滇经费3.00 万 元");
        assert_eq!((c.kind, c.value), (Kind::Money, Decimal::new(300, 2)));
        assert_eq!(one("减少了17.85万元").role, Role::Change(-1));
        assert_eq!(one("降幅6.36%").role, Role::Change(-1));
        assert_eq!(one("增幅为2%").role, Role::Change(1));
        let c = one("提高2.00个百分点");
        assert_eq!((c.kind, c.role), (Kind::Points, Role::Change(1)));
        assert_eq!(one("单价100万（含）以上设备").role, Role::Threshold);
        assert_eq!(one("价值50万元（原值）以上").role, Role::Threshold);
        assert_eq!(one("固定资产总价值35.20万元。").role, Role::Plain);
        assert_eq!(one("1720.00万，其中").kind, Kind::Money);
        assert!(claims("3万人次").is_empty());
    }

    #[test]
    fn overlong_numbers_are_not_read() {
        let long = format!("占{}%", "1".repeat(40));
        assert!(claims(&long).is_empty());
        let frac = format!("占0.{}%", "3".repeat(28));
        assert!(claims(&frac).is_empty());
        assert!(claims("1.2.3万元").is_empty());
        assert_eq!(claims(&format!("{}万元", "9".repeat(15))).len(), 1);
    }

    #[test]
    fn headings_numbered_items_and_line_breaks_are_boundaries() {
        let t = "(一) 支出规模\n本年262.76万元";
        let b = Bounds::new(t);
        assert_eq!(&t[b.sentence(t.find("262").unwrap())..], "本年262.76万元");
        let t = "如下：1.“行政运行”19.56万元，主要用于";
        let b = Bounds::new(t);
        assert!(t[b.sentence(t.find("19.56").unwrap())..].starts_with("1."));
        let t = "主要用于以下方面:一般公共服务支出240.65万元";
        assert_eq!(Bounds::new(t).sentence(t.find("240").unwrap()), 0);
        assert_eq!(numbering_len("（一）政府"), Some("（一）".len()));
        assert_eq!(numbering_len("10、"), Some("10、".len()));
        assert_eq!(numbering_len("1.5万元"), None);
    }
}
