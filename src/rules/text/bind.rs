//! The binder: ties each claim of a section to the figure of the data its words name, once per
//! check. A label is the phrase ending nearest before the number within its segment; a
//! 类/款/项 chain ("一般公共服务支出（类）信访事务（款）行政运行（项）", "（201类）…（01项）",
//! "2014001 行政运行") names that code; a spending figure is of the fund the sentence names,
//! else of its section's fund; an amount named as last year's ("2025年度预算执行数") is a 上年数.

use super::lex::{Bounds, Claim, Kind, Role, claims};
use super::phrases::{
    COUNT_SUFFIXES, FUND_WORDS, Fig, FigSpec, Fund, PRIOR_WORDS, Phrase, Topic, count_fig,
    fixed_phrases,
};
use crate::catalog::{Catalog, YearCatalog};
use crate::model::Package;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A claim tied to its figure.
#[derive(Clone, Debug)]
pub struct Bound<'t> {
    pub claim: Claim<'t>,
    /// Index of the label's phrase in [`Parsed::phrases`].
    pub phrase: Option<usize>,
    /// Byte range of the label in the section's text.
    pub label: Option<(usize, usize)>,
    /// The figure as resolved (counts of 绩效管理 count projects; a 上年数 is last year's).
    pub fig: Option<Fig>,
    /// The fund the claim's sentence (or section) is about.
    pub fund: Fund,
    /// The last threshold quoted before it in its sentence.
    pub threshold: Option<Decimal>,
    /// Named as last year's amount.
    pub prior: bool,
}

/// One section of the explanation, read.
#[derive(Debug)]
pub struct SectionText<'t> {
    /// Index in the package's explanation.
    pub index: usize,
    pub number: &'t str,
    pub title: &'t str,
    pub text: &'t str,
    pub topic: Topic,
    pub bounds: Bounds,
    pub claims: Vec<Bound<'t>>,
}

/// Every section of the explanation, read once per check.
#[derive(Debug)]
pub struct Parsed<'t> {
    pub phrases: Vec<Phrase>,
    pub sections: Vec<SectionText<'t>>,
    /// What every text rule finds on this reading, counted, for trying fixes against.
    pub(super) baseline: OnceLock<HashMap<super::Key, usize>>,
}

impl<'t> Parsed<'t> {
    pub fn new(pkg: &'t Package, catalog: &Catalog) -> Parsed<'t> {
        let sections = pkg.explanation.iter().map(|s| {
            (
                s.id.as_str(),
                s.number.as_str(),
                s.title.as_str(),
                s.text.as_str(),
            )
        });
        Self::build(pkg, catalog, sections)
    }

    /// The same explanation with one section's text replaced (to try a fix).
    pub fn with_text<'x>(
        &self,
        pkg: &'x Package,
        catalog: &Catalog,
        index: usize,
        text: &'x str,
    ) -> Option<Parsed<'x>> {
        pkg.explanation.get(index)?;
        let sections = pkg.explanation.iter().enumerate().map(|(i, s)| {
            (
                s.id.as_str(),
                s.number.as_str(),
                s.title.as_str(),
                if i == index { text } else { s.text.as_str() },
            )
        });
        Some(Parsed::build(pkg, catalog, sections))
    }

    fn build<'x>(
        pkg: &Package,
        catalog: &Catalog,
        sections: impl Iterator<Item = (&'x str, &'x str, &'x str, &'x str)>,
    ) -> Parsed<'x> {
        let mut phrases: Vec<Phrase> = fixed_phrases()
            .into_iter()
            .map(|(t, fig, context, topics)| Phrase {
                text: t.to_string(),
                fig,
                context,
                topics,
            })
            .collect();
        for class in catalog.classes(pkg.year) {
            for name in std::iter::once(&class.name).chain(class.former_names.iter()) {
                if name.is_empty() {
                    continue;
                }
                phrases.push(Phrase {
                    text: name.clone(),
                    fig: FigSpec::Class(class.code.clone()),
                    context: None,
                    topics: &[],
                });
            }
        }
        for v in &pkg.facts.assets.vehicles {
            if !v.category.is_empty() {
                phrases.push(Phrase {
                    text: v.category.clone(),
                    fig: FigSpec::Fixed(Fig::VehicleCategory(v.category.clone())),
                    context: None,
                    topics: &[],
                });
            }
        }
        let cat = catalog.year(pkg.year);
        let sections = sections
            .enumerate()
            .map(|(index, (id, number, title, text))| {
                let topic = Topic::of(id, number, title);
                let bounds = Bounds::new(text);
                let claims = bind(&phrases, cat, pkg.year, text, topic, &bounds);
                SectionText {
                    index,
                    number,
                    title,
                    text,
                    topic,
                    bounds,
                    claims,
                }
            })
            .collect();
        Parsed {
            phrases,
            sections,
            baseline: OnceLock::new(),
        }
    }

    /// The phrase a window of text ends nearest to, for a topic and segment: its index and
    /// start in the window.
    pub fn label(&self, window: &str, segment: &str, topic: Topic) -> Option<(usize, usize)> {
        label(&self.phrases, window, segment, topic)
    }
}

fn label(phrases: &[Phrase], window: &str, segment: &str, topic: Topic) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for (k, p) in phrases.iter().enumerate() {
        if !p.topics.is_empty() && !p.topics.contains(&topic) {
            continue;
        }
        if let Some(c) = p.context
            && !segment.contains(c)
        {
            continue;
        }
        let Some(pos) = window.rfind(p.text.as_str()) else {
            continue;
        };
        let end = pos + p.text.len();
        let better = match best {
            None => true,
            Some((e, l, _, _)) => end > e || (end == e && p.text.len() > l),
        };
        if better {
            best = Some((end, p.text.len(), k, pos));
        }
    }
    best.map(|(_, _, k, pos)| (k, pos))
}

/// The fund named last in `words`, if any.
pub fn fund_in(words: &str) -> Option<Fund> {
    FUND_WORDS
        .iter()
        .filter_map(|(w, f)| words.rfind(w).map(|p| (p, *f)))
        .max_by_key(|(p, _)| *p)
        .map(|(_, f)| f)
}

/// The fund named by the lead of the list a number is in ("财政拨款支出主要内容如下：").
fn list_fund(text: &str, pos: usize, bounds: &Bounds) -> Option<Fund> {
    let lead = text[..pos].rfind("如下")?;
    fund_in(&text[bounds.sentence(lead)..lead])
}

/// Resolves a phrase's figure for a fund.
pub fn resolve(spec: &FigSpec, fund: Fund) -> Fig {
    match spec {
        FigSpec::Fixed(f) => f.clone(),
        FigSpec::Spend(col) => Fig::Spend(fund, col),
        FigSpec::Class(code) => Fig::Code(code.clone(), fund),
    }
}

fn bind<'t>(
    phrases: &[Phrase],
    cat: &YearCatalog,
    year: i32,
    text: &'t str,
    topic: Topic,
    bounds: &Bounds,
) -> Vec<Bound<'t>> {
    let all = claims(text);
    let years: Vec<(usize, i64)> = all
        .iter()
        .filter(|c| c.kind == Kind::Year)
        .filter_map(|c| c.written.parse::<i64>().ok().map(|y| (c.start, y)))
        .collect();
    let mut out: Vec<Bound> = Vec::with_capacity(all.len());
    let mut last_money_end = 0usize;
    let mut last_any_end = 0usize;
    let mut threshold: Option<(usize, Decimal)> = None;
    for c in all {
        let seg = bounds.segment(c.start);
        let sent = bounds.sentence(c.start);
        let mut b = Bound {
            phrase: None,
            label: None,
            fig: None,
            fund: topic.fund(),
            threshold: threshold.filter(|(s, _)| *s >= sent).map(|(_, v)| v),
            prior: false,
            claim: c,
        };
        let c = &b.claim;
        if matches!(
            (c.kind, c.role),
            (Kind::Money, Role::Plain) | (Kind::Count(_), _)
        ) {
            let from = if c.kind == Kind::Money {
                last_money_end
            } else {
                last_any_end
            };
            let from = from.max(seg).min(c.start);
            let window = &text[from..c.start];
            let segment = &text[seg..c.start];
            if let Some(f) = fund_in(window).or_else(|| list_fund(text, c.start, bounds)) {
                b.fund = f;
            }
            let chained = c.kind == Kind::Money && ends_with_marker(window);
            if c.kind == Kind::Money
                && let Some(code) = chain_code(window, cat)
            {
                b.fig = Some(Fig::Code(code, b.fund));
            } else if chained {
                // A chain we cannot resolve names a code, never the 类 its first words name.
            } else if let Some((k, pos)) = label(phrases, window, segment, topic) {
                let p = &phrases[k];
                b.phrase = Some(k);
                b.label = Some((from + pos, from + pos + p.text.len()));
                let fig = resolve(&p.fig, b.fund);
                b.fig = match c.kind {
                    Kind::Money => Some(fig).filter(|f| !f.is_count()),
                    _ => count_fig(&fig),
                };
            }
            let after = &text[c.end..];
            if matches!(c.kind, Kind::Count(_))
                && let Some((_, fig)) = COUNT_SUFFIXES.iter().find(|(s, _)| after.starts_with(s))
            {
                b.fig = Some(fig.clone());
            }
            if c.kind == Kind::Money && names_prior(window, from, &years, year) {
                b.prior = true;
                b.fig = match b.fig.take() {
                    Some(f @ Fig::Prior(_)) => Some(f),
                    Some(f) => f.prior(),
                    None => None,
                };
            }
            if matches!(b.fig, Some(Fig::Prior(_))) {
                b.prior = true;
            }
        }
        let c = &b.claim;
        if c.kind != Kind::Year {
            last_any_end = c.end;
            if matches!(c.kind, Kind::Money | Kind::Percent | Kind::Points) {
                last_money_end = c.end;
            }
        }
        if c.role == Role::Threshold {
            threshold = Some((c.start, c.value));
        }
        out.push(b);
    }
    out
}

/// Whether the words before an amount name it as last year's: "执行数", "决算数", "上年预算数",
/// or the year before the budget year as the subject ("2025年预算数为…", not "比2025年…").
fn names_prior(window: &str, from: usize, years: &[(usize, i64)], year: i32) -> bool {
    if PRIOR_WORDS.iter().any(|w| window.contains(w)) {
        return true;
    }
    let end = from + window.len();
    let mut prior = false;
    for &(at, y) in years.iter().filter(|(at, _)| *at >= from && *at < end) {
        let before = &window[..at - from];
        let compared = ["比", "较", "与", "同", "截至", "截止", "于"]
            .iter()
            .any(|w| before.trim_end().ends_with(w));
        if y == i64::from(year) {
            prior = false;
        } else if y < i64::from(year) && !compared {
            prior = true;
        }
    }
    prior
}

/// Whether a window ends with a 类/款/项 marker ("（项）", "(项)", "（01项）") or "科目".
fn ends_with_marker(window: &str) -> bool {
    let w = window.trim_end_matches([' ', '\u{3000}', '\u{a0}', '”', '"', '’', '\'', '」']);
    w.ends_with("科目")
        || ['类', '款', '项'].iter().any(|m| {
            w.strip_suffix(['）', ')'])
                .map(|x| x.trim_end_matches(|c: char| c.is_ascii_digit()))
                .is_some_and(|x| x.ends_with(*m))
        })
}

/// The function code a window ends with: a 类/款/项 chain with names or codes, or a code
/// followed by its name.
pub fn chain_code(window: &str, cat: &YearCatalog) -> Option<String> {
    let w = window.trim_end_matches([' ', '\u{3000}', '\u{a0}', '”', '"', '’', '\'', '」']);
    // The markers "（类）", "(201类)", "（01项）" … in order, with the text before each.
    let mut markers: Vec<(usize, usize, char, &str)> = Vec::new();
    for (i, ch) in w.char_indices() {
        if !matches!(ch, '类' | '款' | '项') {
            continue;
        }
        let after = &w[i + ch.len_utf8()..];
        let close = if after.starts_with('）') {
            '）'.len_utf8()
        } else if after.starts_with(')') {
            1
        } else {
            continue;
        };
        let before = &w[..i];
        let digits_len = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        let digits = &before[before.len() - digits_len..];
        let head = &before[..before.len() - digits_len];
        let open = if head.ends_with('（') {
            '（'.len_utf8()
        } else if head.ends_with('(') {
            1
        } else {
            continue;
        };
        let open_at = head.len() - open;
        markers.push((open_at, i + ch.len_utf8() + close, ch, digits));
    }
    if let Some(&(_, end, _, _)) = markers.last()
        && end == w.len()
    {
        // Walk back over adjacent markers: each one's name lies between it and the previous.
        let mut chain = vec![markers.len() - 1];
        while let Some(&k) = chain.last() {
            if k == 0 {
                break;
            }
            let (open, _, level, _) = markers[k];
            let (_, prev_end, prev_level, _) = markers[k - 1];
            let name = &w[prev_end..open];
            let order = |c: char| match c {
                '类' => 0,
                '款' => 1,
                _ => 2,
            };
            if order(prev_level) >= order(level)
                || name.chars().count() > 24
                || name.contains(['。', '；', '，', '\n'])
            {
                break;
            }
            chain.push(k - 1);
        }
        chain.reverse();
        let mut code = String::new();
        let mut prev_end = 0usize;
        for (n, &k) in chain.iter().enumerate() {
            let (open, end, level, digits) = markers[k];
            let name = w[if n == 0 { 0 } else { prev_end }..open]
                .trim_matches([' ', '“', '"', '\u{3000}']);
            prev_end = end;
            let len = match level {
                '类' => 3,
                '款' => 5,
                _ => 7,
            };
            code = if digits.len() == len {
                digits.to_string()
            } else if !digits.is_empty() && digits.len() == 2 && code.len() + 2 == len {
                format!("{code}{digits}")
            } else if n == 0 && level == '类' {
                cat.classes
                    .iter()
                    .filter(|c| name.ends_with(c.name.as_str()))
                    .max_by_key(|c| c.name.len())?
                    .code
                    .clone()
            } else {
                cat.function
                    .values()
                    .filter(|e| {
                        e.code.len() == len
                            && e.code.starts_with(code.as_str())
                            && (e.name == name
                                || e.former_names.iter().any(|f| f == name)
                                || (n == 0 && name.ends_with(e.name.as_str())))
                    })
                    .map(|e| e.code.clone())
                    .min()
                    .or_else(|| standard_item(&code, len, name))?
            };
        }
        return (!code.is_empty()).then_some(code);
    }
    if let Some(code) = dash_chain(w, cat) {
        return Some(code);
    }
    // "2014001 行政运行": a code of 3, 5 or 7 digits and its name, right before the number.
    let digits_end = w
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i + 1)?;
    let name = w[digits_end..].trim_matches([' ', '\u{3000}', '\u{a0}']);
    let run = w[..digits_end]
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    let code = &w[digits_end - run..digits_end];
    if !matches!(code.len(), 3 | 5 | 7) {
        return None;
    }
    let before_ok = w[..digits_end - run]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '.');
    let e = cat.function.get(code)?;
    let named = e.name == name || e.former_names.iter().any(|f| f == name);
    (before_ok && named).then(|| code.to_string())
}

/// A 项 the catalog does not list, by the numbering every 款 shares: 行政运行 01, 一般行政管理
/// 事务 02, 机关服务 03, 事业运行 50, 其他…支出 99.
fn standard_item(kuan: &str, len: usize, name: &str) -> Option<String> {
    if len != 7 || kuan.len() != 5 {
        return None;
    }
    let suffix = match name {
        "行政运行" => "01",
        "一般行政管理事务" => "02",
        "机关服务" => "03",
        "事业运行" => "50",
        n if (n.starts_with("其他") || n.starts_with("其它")) && n.ends_with("支出") => "99",
        _ => return None,
    };
    Some(format!("{kuan}{suffix}"))
}

/// "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目": names joined by dashes.
fn dash_chain(w: &str, cat: &YearCatalog) -> Option<String> {
    let w = w
        .strip_suffix("科目")
        .unwrap_or(w)
        .trim_end_matches([' ', '”', '"', '\u{3000}']);
    let start = w
        .rfind(['“', '"', '：', ':', '，', ',', '；', '。', '\n'])
        .map_or(0, |p| p + w[p..].chars().next().map_or(1, char::len_utf8));
    let names: Vec<&str> = w[start..]
        .split(['-', '－', '—'])
        .map(|n| n.trim_matches([' ', '\u{3000}']))
        .collect();
    if !(2..=3).contains(&names.len()) || names.iter().any(|n| n.is_empty()) {
        return None;
    }
    let class = cat
        .classes
        .iter()
        .filter(|c| names[0].ends_with(c.name.as_str()))
        .max_by_key(|c| c.name.len())?;
    let mut code = class.code.clone();
    for (level, name) in names.iter().enumerate().skip(1) {
        let len = if level == 1 { 5 } else { 7 };
        code = cat
            .function
            .values()
            .filter(|e| {
                e.code.len() == len
                    && e.code.starts_with(code.as_str())
                    && (e.name == *name || e.former_names.iter().any(|f| f == name))
            })
            .map(|e| e.code.clone())
            .min()
            .or_else(|| standard_item(&code, len, name))?;
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_and_codes_resolve_to_the_last_level() {
        let cat = Catalog::builtin().year(2026);
        for (w, want) in [
            (
                "其中：一般公共服务支出（类）信访事务（款）行政运行（项）",
                Some("2014001"),
            ),
            (
                "“一般公共服务支出（类）信访事务（款）行政运行（项）”",
                Some("2014001"),
            ),
            (
                "一般公共服务支出（201类）信访事务（40款）行政运行（01项）",
                Some("2014001"),
            ),
            ("一般公共服务支出(类)信访事务(款)", Some("20140")),
            ("一般公共服务支出（类）", Some("201")),
            ("2014001 行政运行", Some("2014001")),
            ("“一般公共服务支出-信访事务-行政运行”科目", Some("2014001")),
            ("1.“一般公共服务支出-信访事务”", Some("20140")),
            ("2014001行政运行", Some("2014001")),
            ("其中：行政运行", None),
            ("2026年度行政运行", None),
        ] {
            assert_eq!(chain_code(w, cat).as_deref(), want, "{w}");
        }
    }
}
