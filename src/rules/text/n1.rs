//! N1 (and the counts of N3): every amount and count quoted in the 情况说明 agrees with the
//! figure its label names. When the number is another figure's and the label is wrong (the
//! sample's "一般公共预算支出240.65万元" for 一般公共服务支出), the fix restores the label
//! instead of writing the label's figure over a right number.

use super::bind::{Bound, Parsed, SectionText, resolve};
use super::lex::{Kind, Role};
use super::{quote, replace_fix, section_loc, value};
use crate::rules::{Context, Finding, Severity, finding, tail_note};
use rust_decimal::Decimal;

/// N1: every amount quoted in the 情况说明 agrees with the data its label names.
pub(super) fn n1_amounts(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    quoted_figures(ctx, parsed, "N1", out);
}

/// Checks every labelled amount and count of every section whose figure `rule` owns.
pub(super) fn quoted_figures(ctx: &Context, parsed: &Parsed, rule: &str, out: &mut Vec<Finding>) {
    // Next year's package just made from this year's: its tables hold no amount yet, and its
    // text still quotes this year's figures. Those are not errors to mend one by one (a mended
    // label, "上年…", would be wrong): one hint says they are checked once the tables are filled.
    let unfilled = super::tables_unfilled(ctx);
    let mut waiting = 0usize;
    for s in &parsed.sections {
        for b in &s.claims {
            if unfilled
                && b.fig
                    .as_ref()
                    .is_some_and(|f| f.rule() == rule && from_tables(f))
            {
                waiting += 1;
                continue;
            }
            let c = &b.claim;
            if rule == "N1"
                && c.role == Role::Threshold
                && c.money == super::MoneyUnit::Wan
                && c.value != Decimal::from(50)
                && c.value != Decimal::ONE_HUNDRED
                && mentions_equipment(s.text, c.end)
            {
                out.push(finding(
                    "N1",
                    Severity::Error,
                    section_loc(s.number, "设备价值"),
                    Some("50 或 100".into()),
                    Some(c.written.to_string()),
                    format!(
                        "“{}”：通用设备的价值档次应为 50 万元或 100 万元",
                        quote(s, c)
                    ),
                ));
                continue;
            }
            let Some(fig) = &b.fig else { continue };
            if fig.rule() != rule {
                continue;
            }
            let Some(want) = value(ctx, fig, b.threshold) else {
                continue;
            };
            let mut truncated = false;
            let severity = match c.kind {
                // A table in 元 is quoted rounded to 0.01 万元; a figure cut off instead of
                // rounded (some publishers do) is a 尾差 hint, not an error.
                Kind::Money if c.money == super::MoneyUnit::Wan => {
                    let rounded = want.round_dp_with_strategy(
                        2,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    );
                    let cut =
                        want.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
                    match super::grade(ctx, rounded, c.value) {
                        Some(Severity::Error) if cut == c.value && cut != rounded => {
                            truncated = true;
                            Some(Severity::Hint)
                        }
                        g => g,
                    }
                }
                Kind::Money => (!c.agrees_with_wan(want)).then_some(Severity::Error),
                _ => (want != c.value).then_some(Severity::Error),
            };
            let Some(sev) = severity else { continue };
            let label = b
                .phrase
                .map(|k| parsed.phrases[k].text.clone())
                .unwrap_or_else(|| match fig {
                    super::Fig::Code(code, _) => code.clone(),
                    _ => "数量".to_string(),
                });
            let wanted = match c.kind {
                Kind::Money => match c.write_wan(want) {
                    Some(w) => w,
                    None => continue,
                },
                _ => want.normalize().to_string(),
            };
            let relabel = if sev == Severity::Error {
                other_label(ctx, parsed, s, b)
            } else {
                None
            };
            let message = match &relabel {
                Some(Relabel::To(name, _)) => format!(
                    "情况说明{}“{}”：{}应为 {}{}；所写数字是“{}”的数，应是名称写错",
                    s.number,
                    quote(s, c),
                    label,
                    wanted,
                    c.unit_label(),
                    name
                ),
                _ => format!(
                    "情况说明{}“{}”：{}应为 {}{}",
                    s.number,
                    quote(s, c),
                    label,
                    wanted,
                    c.unit_label()
                ),
            };
            let message = if truncated {
                format!("{message}（所写为截尾数而非四舍五入，属尾差）")
            } else {
                tail_note(sev, message)
            };
            let mut f = finding(
                rule,
                sev,
                section_loc(s.number, &label),
                Some(wanted.clone()),
                Some(c.written.to_string()),
                message,
            );
            f.fix = match relabel {
                Some(Relabel::To(name, range)) => {
                    let mut fix = replace_fix(s.index, s.text, range, &name);
                    fix.label = format!("名称改为“{name}”");
                    Some(fix)
                }
                Some(Relabel::Unsure) => None,
                None => Some(replace_fix(s.index, s.text, (c.start, c.num_end), &wanted)),
            };
            out.push(f);
        }
    }
    if waiting > 0 {
        out.push(finding(
            rule,
            Severity::Hint,
            crate::rules::Location {
                field: Some("各表金额".into()),
                ..Default::default()
            },
            None,
            Some(format!("{waiting} 处")),
            format!(
                "各表尚未填写金额，情况说明中引用表中数据的 {waiting} 处数字待填表后核对（填表后可点“全部重新生成”）"
            ),
        ));
    }
}

/// Whether a figure is read from the tables' amounts (not the facts, counts or forms).
fn from_tables(fig: &super::Fig) -> bool {
    use super::Fig;
    match fig {
        Fig::First(list) => list.iter().any(from_tables),
        Fig::Line(..)
        | Fig::Total(..)
        | Fig::Spend(..)
        | Fig::Code(..)
        | Fig::ProjectsTotal
        | Fig::ProjectsOfCategory(_)
        | Fig::ProjectsWithForms => true,
        _ => false,
    }
}

/// Whether the words after a threshold are about equipment (a value threshold of something
/// else, "价值5万元以上的项目", is not this rule's).
fn mentions_equipment(text: &str, end: usize) -> bool {
    let tail: String = text[end..].chars().take(16).collect();
    tail.contains("设备")
}

enum Relabel {
    /// Another phrase names the written number: the label should be this one (at this range).
    To(String, (usize, usize)),
    /// The number is another figure's, but which one is not clear: no fix.
    Unsure,
}

/// When a wrong amount is exactly another figure of the section's phrases, the label is the
/// likelier mistake: the phrase most like the written label, if one stands out.
fn other_label(ctx: &Context, parsed: &Parsed, s: &SectionText, b: &Bound) -> Option<Relabel> {
    let c = &b.claim;
    let (range, k) = (b.label?, b.phrase?);
    let have = c.wan()?;
    if c.kind != Kind::Money || have.is_zero() {
        return None;
    }
    let written = &parsed.phrases[k].text;
    let seg = s.bounds.segment(c.start);
    let segment = &s.text[seg..c.start];
    let mut best: Vec<(usize, &str)> = Vec::new();
    // One candidate per figure: a 类's current name comes before its former names.
    let mut seen: Vec<super::Fig> = Vec::new();
    for p in &parsed.phrases {
        if p.text == *written
            || (!p.topics.is_empty() && !p.topics.contains(&s.topic))
            || p.context.is_some_and(|w| !segment.contains(w))
        {
            continue;
        }
        let fig = resolve(&p.fig, b.fund);
        if seen.contains(&fig) || value(ctx, &fig, b.threshold) != Some(have) {
            continue;
        }
        seen.push(fig);
        best.push((likeness(written, &p.text), p.text.as_str()));
    }
    if best.is_empty() {
        return None;
    }
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    let top = best[0].0;
    if top >= 2 && best.iter().filter(|(l, _)| *l == top).count() == 1 {
        Some(Relabel::To(best[0].1.to_string(), range))
    } else {
        Some(Relabel::Unsure)
    }
}

/// Characters two names share at their start and at their end.
fn likeness(a: &str, b: &str) -> usize {
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let suffix = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix + suffix).min(a.chars().count().max(b.chars().count()))
}
