//! N5: every share, change and direction word recomputes from the figures it relates, whether
//! they come from the data or from the same sentence (上年执行数 → 本年预算 → 比上年减少 x%);
//! a share whose base is not named is a share of the whole its part belongs to. C7: a share
//! written without %. C8: a growth rate computed from a zero base.

use super::bind::{Bound, Parsed, SectionText};
use super::lex::{Claim, Kind, Role};
use super::phrases::Fig;
use super::{bind::resolve, grade, quote, replace_fix, section_loc, value};
use crate::model::money::format_2dp;
use crate::rules::{Context, Finding, Severity, finding, tail_note};
use rust_decimal::Decimal;

/// Interval of a value written with `scale` decimals: the half unit of its last place.
fn half_unit(scale: u32) -> Decimal {
    Decimal::new(5, scale.min(26) + 1)
}

/// The interval the true value of a rounded figure lies in (inputs rounded to 0.01).
fn rounded(v: Decimal) -> Option<(Decimal, Decimal)> {
    let e = Decimal::new(5, 3);
    Some((v.checked_sub(e)?.max(Decimal::ZERO), v.checked_add(e)?))
}

/// Whether a stated percentage can be the rounding of a ratio whose parts lie in intervals.
fn percent_fits(stated: &Claim, num: (Decimal, Decimal), den: (Decimal, Decimal)) -> Option<bool> {
    if den.0 <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let lo = num
        .0
        .max(Decimal::ZERO)
        .checked_mul(hundred)?
        .checked_div(den.1)?;
    let hi = num.1.checked_mul(hundred)?.checked_div(den.0)?;
    let h = half_unit(stated.scale);
    Some(stated.value.checked_add(h)? >= lo && stated.value.checked_sub(h)? <= hi)
}

fn ratio_text(num: Decimal, den: Decimal) -> Option<String> {
    if den.is_zero() {
        return None;
    }
    Some(format_2dp(
        num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?,
    ))
}

/// N5: every share, change and direction word recomputes from the figures it relates.
pub(super) fn n5_derived_numbers(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    // With no amount in any table, the changes the text states are this year's text moved on,
    // compared with nothing: they wait with the figures (N1's hint).
    if super::tables_unfilled(ctx) {
        return;
    }
    for s in &parsed.sections {
        for (k, l) in s.claims.iter().enumerate() {
            let c = &l.claim;
            match (c.kind, c.role) {
                (Kind::Percent, Role::Share) => share(ctx, parsed, s, k, out),
                (Kind::Points, Role::Change(sign)) => points(s, k, sign, out),
                (Kind::Money | Kind::Percent, Role::Change(sign)) => change(ctx, s, k, sign, out),
                _ => {}
            }
        }
        flat(ctx, s, out);
    }
}

/// Plain amounts of the segment before claim `k`.
fn earlier_amounts<'s, 't>(s: &'s SectionText<'t>, k: usize) -> Vec<&'s Bound<'t>> {
    let c = &s.claims[k].claim;
    let seg = s.bounds.segment(c.start);
    s.claims[..k]
        .iter()
        .filter(|l| {
            l.claim.start >= seg && l.claim.kind == Kind::Money && l.claim.role == Role::Plain
        })
        .collect()
}

/// The amount a change is of and the 上年数 it compares with: a 上年数 stated in the segment
/// and the nearest current amount, else the first amount whose figure has a 上年数 in the data.
fn change_pair<'s, 't>(
    ctx: &Context,
    s: &'s SectionText<'t>,
    k: usize,
) -> Option<(&'s Bound<'t>, Decimal)> {
    let earlier = earlier_amounts(s, k);
    if let Some(p) = earlier.iter().rev().find(|l| l.prior) {
        let subject = earlier.iter().rev().find(|l| !l.prior)?;
        return Some((subject, p.claim.wan()?));
    }
    // The first amount whose 上年数 the data has ("收入预算…，其中：财政拨款收入…，比上年…"
    // compares 财政拨款收入 when only its 上年数 is known).
    earlier.into_iter().find_map(|l| {
        let prior_fig = l.fig.as_ref().and_then(Fig::prior)?;
        Some((l, value(ctx, &prior_fig, None)?))
    })
}

fn share(ctx: &Context, parsed: &Parsed, s: &SectionText, k: usize, out: &mut Vec<Finding>) {
    let c = &s.claims[k].claim;
    let sent = s.bounds.sentence(c.start);
    let Some(num) = s.claims[..k].iter().rev().find(|l| {
        l.claim.start >= sent && l.claim.kind == Kind::Money && l.claim.role == Role::Plain
    }) else {
        return;
    };
    // The base: a figure named between 占 and the number, else the whole of the part's figure.
    let base = match parsed.label(c.share_base, c.share_base, s.topic) {
        Some((p, _)) => {
            let p = &parsed.phrases[p];
            Some((resolve(&p.fig, num.fund), p.text.clone()))
        }
        None => num
            .fig
            .as_ref()
            .and_then(Fig::whole)
            .or_else(|| paragraph_whole(s, k, num))
            .map(|f| (f, "其所属总额".to_string())),
    };
    let Some((base_fig, base_name)) = base else {
        return;
    };
    let Some(den) = value(ctx, &base_fig, num.threshold) else {
        return;
    };
    let Some(n) = num.claim.wan() else { return };
    let (Some(rn), Some(rd)) = (rounded(n), rounded(den)) else {
        return;
    };
    let Some(fits) = percent_fits(c, rn, rd) else {
        return;
    };
    if fits {
        return;
    }
    let Some(want) = ratio_text(n, den) else {
        return;
    };
    let mut f = finding(
        "N5",
        Severity::Error,
        section_loc(s.number, "占比"),
        Some(format!("{want}%")),
        Some(format!("{}%", c.written)),
        format!(
            "情况说明{}“{}”：{} 万元占{} {} 万元的比例为 {}%",
            s.number,
            quote(s, c),
            num.claim.written,
            base_name,
            format_2dp(den),
            want
        ),
    );
    f.fix = Some(replace_fix(s.index, s.text, (c.start, c.num_end), &want));
    out.push(f);
}

/// For a part whose own figure has no whole (a wrong label): the first amount of the paragraph
/// that names a whole ("一般公共预算当年支出262.76万元，主要用于…").
fn paragraph_whole(s: &SectionText, k: usize, num: &Bound) -> Option<Fig> {
    let c = &s.claims[k].claim;
    let para = s.text[..c.start].rfind('\n').map_or(0, |p| p + 1);
    s.claims[..k]
        .iter()
        .filter(|l| l.claim.start >= para && !std::ptr::eq(*l, num) && !l.prior)
        .filter(|l| l.claim.kind == Kind::Money && l.claim.role == Role::Plain)
        .find_map(|l| l.fig.clone().filter(Fig::is_whole))
}

fn direction_word(up: bool, percent: bool) -> &'static str {
    match (up, percent) {
        (true, false) => "增加",
        (false, false) => "减少",
        (true, true) => "增长",
        (false, true) => "下降",
    }
}

fn change(ctx: &Context, s: &SectionText, k: usize, sign: i8, out: &mut Vec<Finding>) {
    let c = &s.claims[k].claim;
    let Some((subject, prior)) = change_pair(ctx, s, k) else {
        return;
    };
    let Some(current) = subject.claim.wan() else {
        return;
    };
    let Some(diff) = current.checked_sub(prior) else {
        return;
    };
    let dir_ok = diff.is_zero() || (diff > Decimal::ZERO) == (sign > 0);
    if !dir_ok {
        let right = direction_word(diff > Decimal::ZERO, c.kind == Kind::Percent);
        let mut f = finding(
            "N5",
            Severity::Error,
            section_loc(s.number, "增减方向"),
            Some(right.into()),
            Some(
                c.word
                    .map(|(a, b)| s.text[a..b].to_string())
                    .unwrap_or_default(),
            ),
            format!(
                "情况说明{}“{}”：本年 {} 万元、上年 {} 万元，应为{}",
                s.number,
                quote(s, c),
                subject.claim.written,
                format_2dp(prior),
                right
            ),
        );
        // A growth word ("增幅", "降幅") is replaced by its own kind's opposite.
        if let Some((a, b)) = c.word {
            let written = &s.text[a..b];
            let right = match written {
                "增幅" | "降幅" => {
                    if diff > Decimal::ZERO {
                        "增幅"
                    } else {
                        "降幅"
                    }
                }
                _ => right,
            };
            f.fix = Some(replace_fix(s.index, s.text, (a, b), right));
        }
        out.push(f);
        return;
    }
    match c.kind {
        Kind::Money => {
            let want = diff.abs();
            let Some(have) = c.wan() else { return };
            let sev = if c.money == super::MoneyUnit::Wan {
                grade(ctx, want, have)
            } else {
                (!c.agrees_with_wan(want)).then_some(Severity::Error)
            };
            let Some(sev) = sev else { return };
            let Some(wanted) = c.write_wan(want) else {
                return;
            };
            let mut f = finding(
                "N5",
                sev,
                section_loc(s.number, "增减额"),
                Some(wanted.clone()),
                Some(c.written.to_string()),
                tail_note(
                    sev,
                    format!(
                        "情况说明{}“{}”：本年 {} 万元、上年 {} 万元，增减额应为 {}{}",
                        s.number,
                        quote(s, c),
                        subject.claim.written,
                        format_2dp(prior),
                        wanted,
                        c.unit_label()
                    ),
                ),
            );
            f.fix = Some(replace_fix(s.index, s.text, (c.start, c.num_end), &wanted));
            out.push(f);
        }
        Kind::Percent => {
            let (Some((cl, ch)), Some((pl, ph))) = (rounded(current), rounded(prior)) else {
                return;
            };
            let span = if diff >= Decimal::ZERO {
                (cl.checked_sub(ph), ch.checked_sub(pl))
            } else {
                (pl.checked_sub(ch), ph.checked_sub(cl))
            };
            let (Some(lo), Some(hi)) = span else { return };
            let Some(fits) = percent_fits(c, (lo.max(Decimal::ZERO), hi), (pl, ph)) else {
                return;
            };
            if fits {
                return;
            }
            let Some(want) = ratio_text(diff.abs(), prior) else {
                return;
            };
            let mut f = finding(
                "N5",
                Severity::Error,
                section_loc(s.number, "增减率"),
                Some(format!("{want}%")),
                Some(format!("{}%", c.written)),
                format!(
                    "情况说明{}“{}”：本年 {} 万元、上年 {} 万元，增减率应为 {}%",
                    s.number,
                    quote(s, c),
                    subject.claim.written,
                    format_2dp(prior),
                    want
                ),
            );
            f.fix = Some(replace_fix(s.index, s.text, (c.start, c.num_end), &want));
            out.push(f);
        }
        _ => {}
    }
}

/// "由61.94%提高到63.94%，提高了2.00个百分点": the points are the difference of the two
/// percentages before them in the sentence.
fn points(s: &SectionText, k: usize, sign: i8, out: &mut Vec<Finding>) {
    let c = &s.claims[k].claim;
    let sent = s.bounds.sentence(c.start);
    let pcts: Vec<&Claim> = s.claims[..k]
        .iter()
        .map(|l| &l.claim)
        .filter(|p| p.start >= sent && p.kind == Kind::Percent)
        .collect();
    let [.., from, to] = pcts.as_slice() else {
        return;
    };
    let Some(diff) = to.value.checked_sub(from.value) else {
        return;
    };
    let slack = half_unit(from.scale) + half_unit(to.scale) + half_unit(c.scale);
    let up = diff > Decimal::ZERO;
    if !diff.is_zero() && up != (sign > 0) {
        let right = if up { "提高" } else { "降低" };
        let mut f = finding(
            "N5",
            Severity::Error,
            section_loc(s.number, "增减方向"),
            Some(right.into()),
            Some(
                c.word
                    .map(|(a, b)| s.text[a..b].to_string())
                    .unwrap_or_default(),
            ),
            format!(
                "情况说明{}“{}”：由 {}% 到 {}%，应为{}",
                s.number,
                quote(s, c),
                from.written,
                to.written,
                right
            ),
        );
        if let Some(w) = c.word {
            f.fix = Some(replace_fix(s.index, s.text, w, right));
        }
        out.push(f);
        return;
    }
    let Some(gap) = c.value.checked_sub(diff.abs()) else {
        return;
    };
    if gap.abs() <= slack {
        return;
    }
    let want = format_2dp(diff.abs());
    let mut f = finding(
        "N5",
        Severity::Error,
        section_loc(s.number, "百分点"),
        Some(want.clone()),
        Some(c.written.to_string()),
        format!(
            "情况说明{}“{}”：由 {}% 到 {}%，相差 {} 个百分点",
            s.number,
            quote(s, c),
            from.written,
            to.written,
            want
        ),
    );
    f.fix = Some(replace_fix(s.index, s.text, (c.start, c.num_end), &want));
    out.push(f);
}

/// 持平 with figures that differ.
fn flat(ctx: &Context, s: &SectionText, out: &mut Vec<Finding>) {
    for (pos, _) in s.text.match_indices("持平") {
        let seg = s.bounds.segment(pos);
        let subject = s.claims.iter().find(|l| {
            l.claim.start >= seg
                && l.claim.start < pos
                && l.claim.kind == Kind::Money
                && l.claim.role == Role::Plain
                && !l.prior
        });
        let Some(sb) = subject else { continue };
        let Some(prior) = sb
            .fig
            .as_ref()
            .and_then(Fig::prior)
            .and_then(|p| value(ctx, &p, None))
        else {
            continue;
        };
        let Some(current) = sb.claim.wan() else {
            continue;
        };
        if prior != current {
            out.push(finding(
                "N5",
                Severity::Error,
                section_loc(s.number, "增减方向"),
                Some(if current > prior {
                    "增加".into()
                } else {
                    "减少".into()
                }),
                Some("持平".into()),
                format!(
                    "情况说明{}称与上年持平，但本年 {} 万元、上年 {} 万元",
                    s.number,
                    sb.claim.written,
                    format_2dp(prior)
                ),
            ));
        }
    }
}

/// C7: a share written without its % ("占36.06").
pub(super) fn c7_share_without_percent(_ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    for s in &parsed.sections {
        for (pos, _) in s.text.match_indices('占') {
            let rest = &s.text[pos + '占'.len_utf8()..];
            let rest_t = rest
                .trim_start_matches("比重")
                .trim_start_matches("比例")
                .trim_start_matches('比')
                .trim_start_matches('为')
                .trim_start_matches(' ');
            let digits = rest_t
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'.')
                .count();
            if digits == 0 || digits > 24 {
                continue;
            }
            let after = &rest_t[digits..];
            if after.starts_with([
                '%', '％', '.', '万', '元', '个', '亿', '家', '辆', '台', '平', '人', '项',
            ]) || after.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                continue;
            }
            let num_start = s.text.len() - rest_t.len();
            let num_end = num_start + digits;
            let written = &s.text[num_start..num_end];
            let mut f = finding(
                "C7",
                Severity::Warning,
                section_loc(s.number, "占比"),
                Some(format!("{written}%")),
                Some(written.to_string()),
                format!(
                    "情况说明{}“占{}{}”：占比缺少百分号",
                    s.number,
                    &rest[..rest.len() - rest_t.len()],
                    written
                ),
            );
            f.fix = Some(replace_fix(
                s.index,
                s.text,
                (num_start, num_end),
                &format!("{written}%"),
            ));
            out.push(f);
        }
    }
}

/// C8: a growth rate stated against a 上年数 of zero (a rate of a zero base means nothing).
pub(super) fn c8_zero_base(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    for s in &parsed.sections {
        for (k, l) in s.claims.iter().enumerate() {
            let c = &l.claim;
            if !(c.kind == Kind::Percent && matches!(c.role, Role::Change(_))) {
                continue;
            }
            let Some((subject, prior)) = change_pair(ctx, s, k) else {
                continue;
            };
            if !prior.is_zero() || subject.claim.value.is_zero() {
                continue;
            }
            out.push(finding(
                "C8",
                Severity::Warning,
                section_loc(s.number, "增减率"),
                Some("上年为 0，不计算增减率".into()),
                Some(format!("{}%", c.written)),
                format!(
                    "情况说明{}“{}”：上年数为 0，增减率无从计算，应只写增减额",
                    s.number,
                    quote(s, c)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::text::claims;
    use std::str::FromStr;

    #[test]
    fn rounding_interval_accepts_published_rounding_and_rejects_others() {
        let fits = |p: &str, n: Decimal, b: Decimal| {
            let t = format!("占{p}%");
            let c = claims(&t);
            percent_fits(&c[0], rounded(n)?, rounded(b)?)
        };
        let d = |s: &str| Decimal::from_str(s).expect("literal");
        // 0.08 / 3.95 = 2.0253…; 2.02 is a possible rounding of the unrounded inputs.
        assert_eq!(fits("2.02", d("0.08"), d("3.95")), Some(true));
        assert_eq!(fits("2.50", d("0.08"), d("3.95")), Some(false));
        assert_eq!(fits("36.06", d("94.76"), d("262.76")), Some(true));
        assert_eq!(fits("36.16", d("94.76"), d("262.76")), Some(false));
        assert_eq!(fits("0", d("0"), d("262.76")), Some(true));
        assert_eq!(fits("1", d("1"), d("0")), None);
    }
}
