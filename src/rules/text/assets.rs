//! C5: 国有资产 sums: the vehicle kinds a sentence lists add up to the total it states, and
//! equipment over 100万元 is no more than equipment over 50万元. C6: 政府采购: the part granted
//! to 中小企业 is at most the procurement total, and that total at most the spending.

use super::bind::Parsed;
use super::lex::{Claim, Kind, Role};
use super::phrases::{Fig, Fund, Topic};
use super::{quote, section_loc, value};
use crate::model::money::format_2dp;
use crate::rules::{Context, Finding, Location, Severity, finding};
use rust_decimal::Decimal;

/// C5: vehicles by kind add up; units over 100万 ≤ units over 50万.
pub(super) fn c5_assets(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    let a = &ctx.pkg.facts.assets;
    if a.equipment_over_100 > a.equipment_over_50 {
        out.push(finding(
            "C5",
            Severity::Error,
            Location {
                field: Some("价值100万元以上通用设备".into()),
                ..Location::default()
            },
            Some(format!("不超过 {}", a.equipment_over_50)),
            Some(a.equipment_over_100.to_string()),
            format!(
                "价值100万元以上的通用设备 {} 台（套）多于50万元以上的 {} 台（套）",
                a.equipment_over_100, a.equipment_over_50
            ),
        ));
    }
    for s in &parsed.sections {
        // "共有车辆N辆，其中：A车a辆、B车b辆…" per sentence: the count right before 其中 is the
        // total, the counts after it its kinds.
        let mut k = 0;
        while k < s.claims.len() {
            let c = &s.claims[k].claim;
            let sent = s.bounds.sentence(c.start);
            let next_sentence = s
                .claims
                .iter()
                .skip(k)
                .position(|b| s.bounds.sentence(b.claim.start) != sent)
                .map_or(s.claims.len(), |p| p + k);
            let vehicles: Vec<&Claim> = s.claims[k..next_sentence]
                .iter()
                .map(|b| &b.claim)
                .filter(|c| c.kind == Kind::Count("辆"))
                .collect();
            k = next_sentence.max(k + 1);
            let Some(split) = vehicles.iter().position(|c| {
                s.text[c.end..]
                    .trim_start_matches(['，', ',', '；', ' '])
                    .starts_with("其中")
            }) else {
                continue;
            };
            let total = vehicles[split];
            let parts = &vehicles[split + 1..];
            if parts.is_empty() {
                continue;
            }
            let sum = parts
                .iter()
                .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.value));
            let Some(sum) = sum else { continue };
            if sum != total.value {
                out.push(finding(
                    "C5",
                    Severity::Error,
                    section_loc(s.number, "车辆"),
                    Some(sum.normalize().to_string()),
                    Some(total.written.to_string()),
                    format!(
                        "情况说明{}“{}”：其中各类车辆合计 {} 辆",
                        s.number,
                        quote(s, total),
                        sum.normalize()
                    ),
                ));
            }
        }
        // Equipment counts quoted at both thresholds.
        let at = |t: i64| {
            s.claims
                .iter()
                .find(|b| b.fig == Some(Fig::Equipment) && b.threshold == Some(Decimal::from(t)))
        };
        if let (Some(fifty), Some(hundred)) = (at(50), at(100))
            && hundred.claim.value > fifty.claim.value
        {
            out.push(finding(
                "C5",
                Severity::Error,
                section_loc(s.number, "通用设备"),
                Some(format!("不超过 {}", fifty.claim.written)),
                Some(hundred.claim.written.to_string()),
                format!(
                    "情况说明{}：100万元以上的设备 {} 台（套）多于50万元以上的 {} 台（套）",
                    s.number, hundred.claim.written, fifty.claim.written
                ),
            ));
        }
    }
}

/// C6: 中小企业 ≤ 政府采购 total ≤ spending.
pub(super) fn c6_procurement(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    let total = ctx.pkg.facts.procurement.total.value();
    let spending = value(ctx, &Fig::Spend(Fund::All, "total"), None);
    if let (Some(t), Some(sp)) = (total, spending)
        && t > sp
    {
        out.push(finding(
            "C6",
            Severity::Error,
            section_loc("九", "政府采购预算总额"),
            Some(format!("不超过 {}", format_2dp(sp))),
            Some(format_2dp(t)),
            format!(
                "政府采购预算总额 {} 万元超过支出预算 {} 万元",
                format_2dp(t),
                format_2dp(sp)
            ),
        ));
    }
    for s in &parsed.sections {
        // The text's own procurement total, else the facts'.
        let stated = s
            .claims
            .iter()
            .find(|b| b.fig == Some(Fig::Procurement(0)))
            .and_then(|b| b.claim.wan());
        let Some(t) = stated.or(total) else { continue };
        for b in &s.claims {
            let c = &b.claim;
            let window_start = s.bounds.sentence(c.start);
            let words = &s.text[window_start..c.start];
            // "支持中小企业发展和管理支出" is a 款, not a procurement share: an amount bound to a
            // function code is that code's spending, whatever words its name holds.
            let procurement = s.topic == Topic::Procurement || words.contains("采购");
            let of_code = matches!(b.fig, Some(Fig::Code(..)));
            if !words.contains("中小企业") || !procurement || of_code {
                continue;
            }
            let too_big = match (c.kind, c.role) {
                (Kind::Money, Role::Plain) => c.wan().is_some_and(|v| v > t),
                (Kind::Percent, _) => c.value > Decimal::ONE_HUNDRED,
                _ => false,
            };
            if too_big {
                out.push(finding(
                    "C6",
                    Severity::Error,
                    section_loc(s.number, "中小企业"),
                    Some(format!("不超过政府采购预算总额 {} 万元", format_2dp(t))),
                    Some(format!("{}{}", c.written, c.unit_label())),
                    format!(
                        "情况说明{}“{}”：面向中小企业的份额超过政府采购预算总额",
                        s.number,
                        quote(s, c)
                    ),
                ));
            }
        }
    }
}
