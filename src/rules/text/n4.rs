//! N4: years in the text are the budget year, or the year before in a comparison, a count date
//! (截至…) or a last-year figure ("2025年度预算执行数", "2025年度决算数"; a 决算 may be two years
//! back).

use super::bind::Parsed;
use super::lex::Kind;
use super::{quote, replace_fix, section_loc};
use crate::rules::{Context, Finding, Severity, finding};

/// Words after "Y年" / "Y年度" that name a figure of an earlier year.
const PRIOR_AFTER: [&str; 7] = [
    "预算执行",
    "当年预算执行",
    "执行数",
    "决算",
    "12月31日",
    "年末",
    "末",
];

/// N4: years in the text are the budget year, or the year before where the text compares.
pub(super) fn n4_years(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    let y = i64::from(ctx.pkg.year);
    for s in &parsed.sections {
        let text = s.text;
        for b in s.claims.iter().filter(|b| b.claim.kind == Kind::Year) {
            let c = &b.claim;
            let Ok(year) = c.written.parse::<i64>() else {
                continue;
            };
            let seg = s.bounds.segment(c.start);
            let near = text[..c.start]
                .char_indices()
                .rev()
                .nth(3)
                .map(|(i, _)| i)
                .unwrap_or(0);
            let before = &text[seg.max(near)..c.start];
            let after = &text[c.end..];
            let after = after.strip_prefix('度').unwrap_or(after);
            // A document's number (〔2023〕, 【2016】) or a date other than a count date
            // ("2023年9月1日印发") says nothing about the budget year.
            let bracketed = before.ends_with(['〔', '【', '[', '（', '(', '《']);
            let counted = before.ends_with("截至") || before.ends_with("截止");
            let dated = after.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && !(counted || after.starts_with("12月31日"));
            if bracketed || dated {
                continue;
            }
            let comparison = before.ends_with('比')
                || before.ends_with("与")
                || before.ends_with("较")
                || before.ends_with("同")
                || before.ends_with("上年（")
                || counted
                || PRIOR_AFTER.iter().any(|w| after.starts_with(w));
            // "2025年预算数为…" states last year's figure as a subject: the budget year or the
            // one before are both right there.
            let either = !comparison
                && (after.starts_with("预算数") || after.starts_with("预算"))
                && b_is_followed_by_amount(after);
            let settled = after.starts_with("决算");
            let ok = if comparison {
                year == y - 1 || (settled && year == y - 2)
            } else if either {
                year == y || year == y - 1
            } else {
                year == y
            };
            if ok {
                continue;
            }
            let want = if comparison { y - 1 } else { y };
            let mut f = finding(
                "N4",
                Severity::Error,
                section_loc(s.number, "年度"),
                Some(want.to_string()),
                Some(year.to_string()),
                format!(
                    "情况说明{}“{}”：{}年预算中{}应为 {} 年",
                    s.number,
                    quote(s, c),
                    y,
                    if comparison {
                        "比较的年度"
                    } else {
                        "本年度"
                    },
                    want
                ),
            );
            f.fix = Some(replace_fix(
                s.index,
                text,
                (c.start, c.num_end),
                &want.to_string(),
            ));
            out.push(f);
        }
    }
}

/// Whether "…预算数" is followed in its clause by an amount (a stated figure, not a
/// comparison's object).
fn b_is_followed_by_amount(after: &str) -> bool {
    let clause = after
        .split(['，', ',', '；', ';', '。', '\n'])
        .next()
        .unwrap_or("");
    clause.contains("万元") || clause.contains('元')
}
