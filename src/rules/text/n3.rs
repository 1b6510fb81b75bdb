//! N3: the 绩效管理 project counts and amounts agree with table 12 and the forms; the 政府采购
//! total is the sum of 货物, 工程 and 服务 (in the facts and as the text quotes them).

use super::bind::Parsed;
use super::lex::Claim;
use super::phrases::Fig;
use super::{replace_fix, section_loc};
use crate::model::money::format_2dp;
use crate::rules::{Context, Finding, Severity, finding, tail_note};
use rust_decimal::Decimal;

/// N3: project counts and amounts of 绩效管理 = table 12 and the forms; 政府采购 total = parts.
pub(super) fn n3_performance_procurement(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    super::n1::quoted_figures(ctx, parsed, "N3", out);
    let p = &ctx.pkg.facts.procurement;
    let parts = super::sum_checked([p.goods, p.works, p.services]);
    if let Some(parts) = parts
        && !(p.total.is_empty() && parts.is_empty())
        && let Some(sev) = super::grade(ctx, parts.or_zero(), p.total.or_zero())
    {
        out.push(finding(
            "N3",
            sev,
            section_loc("九", "政府采购预算总额"),
            Some(format_2dp(parts.or_zero())),
            Some(format_2dp(p.total.or_zero())),
            tail_note(
                sev,
                format!(
                    "政府采购预算总额 {} 万元，货物、工程、服务之和为 {} 万元",
                    format_2dp(p.total.or_zero()),
                    format_2dp(parts.or_zero())
                ),
            ),
        ));
    }
    // The text's own total against the parts it quotes: rounded parts may miss by 尾差.
    for s in &parsed.sections {
        let mut total: Option<&Claim> = None;
        let mut sum = Decimal::ZERO;
        let mut n = 0i64;
        for l in &s.claims {
            let Some(v) = l.claim.wan() else { continue };
            match l.fig {
                Some(Fig::Procurement(0)) => total = Some(&l.claim),
                Some(Fig::Procurement(1..=3)) => {
                    let Some(next) = sum.checked_add(v) else {
                        n = 0;
                        break;
                    };
                    sum = next;
                    n += 1;
                }
                _ => {}
            }
        }
        let Some(t) = total else { continue };
        let Some(tv) = t.wan() else { continue };
        if n == 0 || tv == sum {
            continue;
        }
        let rounding = Decimal::new(n, 2);
        let Some(gap) = tv.checked_sub(sum) else {
            continue;
        };
        let sev = if gap.abs() <= rounding.max(ctx.tolerance()) {
            Severity::Hint
        } else {
            Severity::Error
        };
        let Some(wanted) = t.write_wan(sum) else {
            continue;
        };
        let mut f = finding(
            "N3",
            sev,
            section_loc(s.number, "政府采购预算总额"),
            Some(wanted.clone()),
            Some(t.written.to_string()),
            tail_note(
                sev,
                format!(
                    "情况说明{}政府采购预算总额 {}{}，所列货物、工程、服务之和为 {} 万元",
                    s.number,
                    t.written,
                    t.unit_label(),
                    format_2dp(sum)
                ),
            ),
        );
        if sev == Severity::Error {
            f.fix = Some(replace_fix(s.index, s.text, (t.start, t.num_end), &wanted));
        }
        out.push(f);
    }
}
