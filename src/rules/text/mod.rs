//! Rules between the data and the written explanation (N1–N6) and the items of the finance
//! bureaus' 预决算公开检查 that a program can check (C1–C9).
//!
//! The explanation is read once per check ([`Context::text`]): the lexer ([`lex`]) finds the
//! numbers with their units and roles and the sentence boundaries, the binder ([`bind`]) ties
//! each number to the figure its words name through the phrases ([`phrases`], data by table
//! kind and fund). Each rule is one file reading that result. Percentages are compared with the
//! interval that the rounding of their inputs (to 0.01) allows, so a correctly rounded published
//! percentage is never an error.

use super::{Context, Finding, Fix, Location, Severity};
use crate::model::Amount;
use crate::model::edit::Edit;
use crate::model::layout::TableKind as K;
use crate::model::layout::Unit;
use crate::model::view::RowRole;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub mod bind;
pub mod lex;
pub mod phrases;

mod assets;
mod leftovers;
mod n1;
mod n2;
mod n3;
mod n4;
mod n5;
mod n6;
mod parts;
mod reasons;
mod signatures;

pub use bind::{Bound, Parsed, SectionText};
pub use lex::{Claim, Kind, MoneyUnit, Role, claims};
pub use phrases::{Fig, Fund, Topic};

/// A text rule on one reading of the explanation.
type TextRule = fn(&Context, &Parsed, &mut Vec<Finding>);

/// Every text rule, in [`crate::rules::RULES`] order: what a fix is tried against.
const ALL: [TextRule; 16] = [
    n1::n1_amounts,
    n2::n2_empty_tables,
    n2::n2_missing_statements,
    n3::n3_performance_procurement,
    n4::n4_years,
    n5::n5_derived_numbers,
    n6::n6_names,
    parts::c1_parts,
    leftovers::c2_leftovers,
    reasons::c3_reasons,
    reasons::c4_three_public_items,
    assets::c5_assets,
    assets::c6_procurement,
    n5::c7_share_without_percent,
    n5::c8_zero_base,
    signatures::c9_form_fields,
];

macro_rules! rule_fns {
    ($($name:ident => $path:path),* $(,)?) => {
        $(
            #[doc = concat!("The rule `", stringify!($name), "` on the package's explanation, its fixes tried first.")]
            pub fn $name(ctx: &Context, out: &mut Vec<Finding>) {
                checked(ctx, $path, out);
            }
        )*
    };
}

rule_fns! {
    n1_amounts => n1::n1_amounts,
    n2_empty_tables => n2::n2_empty_tables,
    n2_missing_statements => n2::n2_missing_statements,
    n3_performance_procurement => n3::n3_performance_procurement,
    n4_years => n4::n4_years,
    n5_derived_numbers => n5::n5_derived_numbers,
    n6_names => n6::n6_names,
    c1_parts => parts::c1_parts,
    c2_leftovers => leftovers::c2_leftovers,
    c3_reasons => reasons::c3_reasons,
    c4_three_public_items => reasons::c4_three_public_items,
    c5_assets => assets::c5_assets,
    c6_procurement => assets::c6_procurement,
    c7_share_without_percent => n5::c7_share_without_percent,
    c8_zero_base => n5::c8_zero_base,
    c9_form_fields => signatures::c9_form_fields,
}

/// C9 as the checker runs it: it reads the forms' signatures, not the explanation, so it is
/// not run with the text rules (an edit of a table does not read a county's forms again). It
/// offers no fix, so there is nothing to try first.
pub fn c9_forms_only(ctx: &Context, out: &mut Vec<Finding>) {
    signatures::c9_forms(ctx, out);
}

/// What identifies a finding when counting what a fix removes and adds.
pub(crate) type Key = (String, Severity, Location, Option<String>, Option<String>);

fn key(f: &Finding) -> Key {
    (
        f.rule.clone(),
        f.severity,
        f.location.clone(),
        f.expected.clone(),
        f.actual.clone(),
    )
}

fn all_findings(ctx: &Context, parsed: &Parsed) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in ALL {
        rule(ctx, parsed, &mut out);
    }
    out
}

/// Runs a text rule and keeps only the fixes that never make things worse: applied to the
/// text, a fix must remove its finding and add no finding of any text rule. A fix that fails
/// is dropped (the finding stays, without a one-click repair).
fn checked(ctx: &Context, rule: TextRule, out: &mut Vec<Finding>) {
    let parsed = ctx.text();
    let mut found = Vec::new();
    rule(ctx, parsed, &mut found);
    for f in &mut found {
        let Some(fix) = &f.fix else { continue };
        let Edit::SetSectionText { index, text } = &fix.edit else {
            continue;
        };
        if !fix_is_safe(ctx, parsed, f, *index, text) {
            f.fix = None;
        }
    }
    out.extend(found);
}

fn counts(findings: &[Finding]) -> HashMap<Key, usize> {
    let mut m = HashMap::new();
    for f in findings {
        *m.entry(key(f)).or_insert(0) += 1;
    }
    m
}

fn fix_is_safe(ctx: &Context, parsed: &Parsed, f: &Finding, index: usize, text: &str) -> bool {
    let before = parsed
        .baseline
        .get_or_init(|| counts(&all_findings(ctx, parsed)));
    let Some(fixed) = parsed.with_text(ctx.pkg, ctx.catalog, index, text) else {
        return false;
    };
    let after = counts(&all_findings(ctx, &fixed));
    let n = |m: &HashMap<Key, usize>, k: &Key| m.get(k).copied().unwrap_or(0);
    let mine = key(f);
    n(&after, &mine) < n(before, &mine) && after.iter().all(|(k, c)| *c <= n(before, k))
}

/// The value of a figure in 万元 (or a count), `None` when the data does not have it (the text
/// is then not checked). Amounts of a table in 元 are converted exactly (not rounded).
pub fn value(ctx: &Context, fig: &Fig, threshold: Option<Decimal>) -> Option<Decimal> {
    let facts = &ctx.pkg.facts;
    let in_wan = |b: &super::Blk, v: Decimal| -> Option<Decimal> {
        if b.table.unit == Unit::Yuan {
            v.checked_div(Decimal::from(10_000))
        } else {
            Some(v)
        }
    };
    // A cell of a line (or code) that the block has; a missing line is not a zero.
    let line = |kind: K, block: &str, line: &str, col: &str| -> Option<Decimal> {
        let b = ctx.block(kind, block)?;
        b.col(col)?;
        let row = b.view.find(line)?;
        in_wan(&b, row.cell(b.def, col).or_zero())
    };
    let code_or_zero = |kind: K, block: &str, code: &str| -> Option<Decimal> {
        let b = ctx.block(kind, block)?;
        b.col("total")?;
        in_wan(&b, b.cell(code, "total"))
    };
    let total = |kind: K, block: &str, col: &str| -> Option<Decimal> {
        let b = ctx.block(kind, block)?;
        b.col(col)?;
        in_wan(&b, b.total(col))
    };
    Some(match fig {
        Fig::First(list) => return list.iter().find_map(|f| value(ctx, f, threshold)),
        Fig::Line(kind, block, l, col) => line(*kind, block, l, col)?,
        Fig::Total(kind, block, col) => total(*kind, block, col)?,
        Fig::Spend(fund, col) => match fund {
            Fund::All => total(K::ExpenditureSummary, "main", col)?,
            Fund::General => total(K::GeneralExpenditure, "main", col)?,
            Fund::Gov => total(K::FundExpenditure, "main", col)?,
            Fund::Capital => total(K::StateCapital, "expenditure", col)?,
            Fund::Fiscal => total(K::GeneralExpenditure, "main", col)?
                .checked_add(total(K::FundExpenditure, "main", col).unwrap_or_default())?,
        },
        Fig::Code(code, fund) => match fund {
            Fund::All => code_or_zero(K::ExpenditureSummary, "main", code)?,
            Fund::General => code_or_zero(K::GeneralExpenditure, "main", code)?,
            Fund::Gov => code_or_zero(K::FundExpenditure, "main", code)?,
            Fund::Capital => code_or_zero(K::StateCapital, "expenditure", code)?,
            Fund::Fiscal => match ctx.block(K::FiscalSummary, "expenditure") {
                Some(b) if code.len() == 3 && b.view.find(code).is_some() => {
                    in_wan(&b, b.cell(code, "total"))?
                }
                _ => code_or_zero(K::GeneralExpenditure, "main", code)?.checked_add(
                    code_or_zero(K::FundExpenditure, "main", code).unwrap_or_default(),
                )?,
            },
        },
        Fig::Procurement(i) => {
            let p = &facts.procurement;
            [
                p.total,
                p.goods,
                p.works,
                p.services,
                p.sme_reserved,
                p.small_micro_reserved,
            ]
            .get(usize::from(*i))?
            .value()?
        }
        Fig::Prior(i) => {
            let p = &facts.prior_year;
            match i {
                0 => p.income_total.value()?,
                1 => p.expenditure_total.value()?,
                2 => p.general_expenditure.value()?,
                3 => p.operating_cost.value()?,
                4 => sum_checked([p.abroad, p.reception, p.vehicle_purchase, p.vehicle_running])?
                    .value()?,
                5 => p.fiscal.value()?,
                6 => p.abroad.value()?,
                7 => p.reception.value()?,
                8 => p.vehicle_purchase.value()?,
                9 => p.vehicle_running.value()?,
                10 => p.basic.value()?,
                11 => p.project.value()?,
                _ => p.procurement.value()?,
            }
        }
        Fig::ProjectsTotal
        | Fig::ProjectsOfCategory(_)
        | Fig::ProjectsWithForms
        | Fig::ProjectCount
        | Fig::ProjectCountOfCategory(_)
            if ctx.view(K::ProjectsCurrent).is_none() =>
        {
            // A layout without the project table (上海's 9 tables) cannot check these.
            return None;
        }
        Fig::FormCount
            if ctx.pkg.project_forms.is_empty() && ctx.view(K::ProjectsCurrent).is_none() =>
        {
            return None;
        }
        Fig::ProjectsTotal => ctx.projects().total,
        Fig::ProjectsOfCategory(c) => ctx.projects().category(c).0,
        Fig::ProjectsWithForms => ctx.projects().with_forms,
        Fig::ProjectCount => Decimal::from(ctx.projects().rows.len()),
        Fig::ProjectCountOfCategory(c) => Decimal::from(ctx.projects().category(c).1),
        Fig::FormCount => Decimal::from(ctx.pkg.project_forms.len()),
        Fig::UnitCount | Fig::AdminUnitCount => {
            // The units table 11 lists; without rows there, the units of the overview (for
            // 行政单位, the administrative and 参公 ones).
            let listed = ctx
                .block(K::OperatingCost, "main")
                .map(|b| {
                    b.view
                        .rows
                        .iter()
                        .filter(|r| r.role == RowRole::Leaf)
                        .count()
                })
                .unwrap_or(0);
            let units = &ctx.pkg.overview.units;
            if listed > 0 {
                Decimal::from(listed)
            } else if units.is_empty() {
                return None;
            } else if *fig == Fig::AdminUnitCount {
                Decimal::from(units.iter().filter(|u| u.kind.is_administrative()).count())
            } else {
                Decimal::from(units.len())
            }
        }
        Fig::TargetProjects => Decimal::from(facts.performance.projects_with_targets?),
        Fig::TargetProjectsAmount => facts.performance.projects_with_targets_amount.value()?,
        Fig::UnitsWithTarget => Decimal::from(facts.performance.units_with_overall_target),
        Fig::VehicleQuota => Decimal::from(facts.assets.vehicle_quota),
        Fig::VehicleTotal => Decimal::from(facts.assets.vehicles_total()),
        Fig::VehicleCategory(c) => Decimal::from(
            facts
                .assets
                .vehicles
                .iter()
                .filter(|v| &v.category == c)
                .map(|v| u64::from(v.count))
                .sum::<u64>(),
        ),
        Fig::OfficeArea => facts.assets.office_area.value()?,
        Fig::Equipment => match threshold?.normalize().to_string().as_str() {
            "50" => Decimal::from(facts.assets.equipment_over_50),
            "100" => Decimal::from(facts.assets.equipment_over_100),
            _ => return None,
        },
    })
}

/// A fix that replaces a byte range of a section's text.
pub(crate) fn replace_fix(
    section_index: usize,
    text: &str,
    range: (usize, usize),
    with: &str,
) -> Fix {
    let mut t = String::with_capacity(text.len() + with.len());
    t.push_str(&text[..range.0]);
    t.push_str(with);
    t.push_str(&text[range.1..]);
    Fix {
        label: format!("改为“{with}”"),
        edit: Edit::SetSectionText {
            index: section_index,
            text: t,
        },
    }
}

/// Whether no table of the package holds an amount yet (next year's package just made from
/// this year's): the text's figures and changes wait for the tables (N1 says so once).
pub(super) fn tables_unfilled(ctx: &Context) -> bool {
    !ctx.tables().any(|(_, v)| v.has_data())
}

pub(crate) fn section_loc(number: &str, field: &str) -> Location {
    Location {
        section: Some(number.to_string()),
        field: Some(field.to_string()),
        ..Location::default()
    }
}

/// Shortened context of a claim for messages ("…基本支出94.76万元").
pub(crate) fn quote(s: &SectionText, c: &Claim) -> String {
    let text = s.text;
    let seg = s.bounds.segment(c.start);
    let start = text[..c.start]
        .char_indices()
        .rev()
        .nth(11)
        .map(|(i, _)| i)
        .unwrap_or(0)
        .max(seg);
    // Begin the quote at a clause boundary inside the window, so it never starts mid-word
    // ("…以下方面:一般公共预算支出240.65万元" is quoted from "一般公共预算支出").
    let window = &text[start..c.start];
    let clause = window
        .char_indices()
        .filter(|(_, ch)| "，,：:；;。、（(".contains(*ch))
        .map(|(i, ch)| start + i + ch.len_utf8())
        .next_back()
        .filter(|&b| b < c.start);
    let end = c.end.min(text.len());
    match clause {
        Some(b) => text[b..end].replace('\n', ""),
        None if start > seg => format!("…{}", text[start..end].replace('\n', "")),
        None => text[start..end].replace('\n', ""),
    }
}

/// Sums cells as a published table does (all empty gives empty); `None` on overflow.
pub(crate) fn sum_checked<I: IntoIterator<Item = Amount>>(cells: I) -> Option<Amount> {
    let mut acc: Option<Decimal> = None;
    for c in cells {
        if let Some(v) = c.value() {
            acc = Some(match acc {
                Some(a) => a.checked_add(v)?,
                None => v,
            });
        }
    }
    Some(acc.map_or(Amount::EMPTY, Amount::new))
}

/// [`Context::grade`] for an error, without overflow: a difference too large to compute is an
/// error.
pub(crate) fn grade(ctx: &Context, expected: Decimal, actual: Decimal) -> Option<Severity> {
    match expected.checked_sub(actual) {
        Some(d) if d.is_zero() => None,
        Some(d) if d.abs() <= ctx.tolerance() => Some(Severity::Hint),
        _ => Some(Severity::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::Package;

    fn package_with(section: usize, text: &str) -> Package {
        let mut p = Package::new_empty(2026, "某局");
        p.explanation[section].text = text.into();
        p
    }

    #[test]
    fn quotes_start_at_a_clause_boundary() {
        let p = package_with(4, "主要用于以下方面:一般公共预算支出240.65万元,占91.59%");
        let parsed = Parsed::new(&p, Catalog::builtin());
        let s = &parsed.sections[4];
        let amount = s
            .claims
            .iter()
            .find(|b| b.claim.kind == Kind::Money)
            .expect("an amount");
        assert_eq!(quote(s, &amount.claim), "一般公共预算支出240.65万元");
        let p = package_with(2, "支出预算262.76万元，其中：基本支出94.76万元");
        let parsed = Parsed::new(&p, Catalog::builtin());
        let s = &parsed.sections[2];
        assert_eq!(quote(s, &s.claims[1].claim), "基本支出94.76万元");
    }

    #[test]
    fn finds_amounts_shares_changes_and_years() {
        let t = "2026年度某局支出预算262.76万元，其中：基本支出94.76万元，占36.06%；比上年减少17.85万元，下降6.36%。截至2025年12月31日共有公务用车0辆。价值50万元（原值）以上的通用设备0台（套）";
        let c = claims(t);
        let kinds: Vec<(Kind, Role, &str)> =
            c.iter().map(|c| (c.kind, c.role, c.written)).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Year, Role::Plain, "2026"),
                (Kind::Money, Role::Plain, "262.76"),
                (Kind::Money, Role::Plain, "94.76"),
                (Kind::Percent, Role::Share, "36.06"),
                (Kind::Money, Role::Change(-1), "17.85"),
                (Kind::Percent, Role::Change(-1), "6.36"),
                (Kind::Year, Role::Plain, "2025"),
                (Kind::Count("辆"), Role::Plain, "0"),
                (Kind::Money, Role::Threshold, "50"),
                (Kind::Count("台（套）"), Role::Plain, "0"),
            ]
        );
        assert_eq!(c[3].scale, 2);
        let w = c[4].word.expect("a direction word");
        assert_eq!(&t[w.0..w.1], "减少");
    }

    #[test]
    fn years_of_documents_and_dates_are_not_budget_years() {
        let p = package_with(
            11,
            "根据《某通知》（晋财综〔2023〕47号），2023年9月1日印发。2026年无其他说明；截至2025年12月31日无车辆。比2024年预算增加。2025年度预算执行数为1万元，2024年度决算数为1万元。",
        );
        let ctx = Context::new(&p, Catalog::builtin());
        let mut out = Vec::new();
        n4_years(&ctx, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(out[0].expected.as_deref(), Some("2025"));
        assert_eq!(out[0].actual.as_deref(), Some("2024"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            "万元",
            "1.万元",
            "..5万元",
            "占%",
            "比减少万元",
            "2026年",
            "占1e5%",
            "９万元",
            "（类）（款）（项）",
            "(201类)(款)(01项)5万元",
            "：1.",
            "99999999999999999999999999999999万元",
            "0.00000000000000000000000000001%",
        ] {
            let p = package_with(0, t);
            let _ = crate::rules::check(&p, Catalog::builtin());
        }
    }
}
