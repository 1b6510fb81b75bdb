//! Rules across tables (X1–X7). Where one table is derived from another (table 1's class
//! lines from table 3, table 4 from tables 1, 5, 8 and 9, table 11 from table 6), the finding
//! sits on the derived table and its fix copies the value from the source.

use super::scan::{CodeRow, cmp_codes};
use super::{Blk, Context, Finding, Fix, Location, Severity, at, finding, in_wan, tail_note, wan};
use crate::model::Amount;
use crate::model::edit::Edit;
use crate::model::layout::{LineKind, RowsDef, TableKind};
use crate::model::view::{RowRole, ViewRow};
use rust_decimal::Decimal;
use std::cmp::Ordering;

fn set_line(blk: &Blk, line: &str, column: &str, value: Decimal, label: String) -> Fix {
    Fix {
        label,
        edit: Edit::SetLineCell {
            table: blk.table.key.clone(),
            block: blk.def.key.clone(),
            line: line.to_string(),
            column: column.to_string(),
            value: Amount::new(value),
        },
    }
}

/// Whether a fix that moves one side of a summary table (its 收入 or 支出 block) by `delta`
/// leaves 收入总计 = 支出总计. A fix that would unbalance the table (or change the imbalance
/// already reported) would add a T3 finding, so it is not offered: then the other side is the
/// wrong one, and the user decides.
fn keeps_balance(ctx: &Context, kind: TableKind, income_side: bool, delta: Decimal) -> bool {
    if ctx.all_summary_fixes {
        return true;
    }
    let (Some(inc), Some(exp)) = (ctx.block(kind, "income"), ctx.block(kind, "expenditure")) else {
        return true;
    };
    let income = inc.cell("grand_total", "amount");
    let spend = exp.cell("grand_total", "total");
    if delta.is_zero() {
        return true;
    }
    if income_side {
        income + delta == spend
    } else {
        income == spend + delta
    }
}

/// Pushes a mismatch finding (graded by the tolerance) and returns whether it pushed.
#[allow(clippy::too_many_arguments)]
fn mismatch(
    ctx: &Context,
    out: &mut Vec<Finding>,
    rule: &str,
    severity: Severity,
    location: Location,
    expected: Decimal,
    actual: Decimal,
    message: String,
    fix: Option<Fix>,
) -> bool {
    let tolerance = ctx.tolerance_at(&location);
    let diff = (expected - actual).abs();
    let sev = if diff.is_zero() {
        return false;
    } else if diff <= tolerance {
        Severity::Hint
    } else {
        severity
    };
    let mut f = finding(
        rule,
        sev,
        location,
        Some(wan(expected)),
        Some(wan(actual)),
        tail_note(sev, message),
    );
    f.fix = fix;
    out.push(f);
    true
}

/// The 类 (3-digit) rows of a code block with a column's value, in view order.
fn class_values(ctx: &Context, blk: &Blk, column: &str) -> Vec<(String, Decimal)> {
    let col = blk.col(column);
    let is_class = |r: &ViewRow| r.depth == 1 && r.code.len() == 3 && r.role != RowRole::Total;
    let rows = &blk.view.rows;
    let codes = ctx
        .scan(blk.table.kind, &blk.def.key)
        .map(|(_, s)| &s.codes[..])
        .unwrap_or(&[]);
    if codes.is_empty() {
        return rows
            .iter()
            .filter(|r| is_class(r))
            .map(|r| (r.code.clone(), at(r, col)))
            .collect();
    }
    // A county's table has some 30 classes over 20,000 rows: from each class row, its subtree
    // (the rows after it whose code starts with it, contiguous in code order) is skipped by a
    // binary search instead of read row by row, after every edit.
    let row = |c: &CodeRow| rows.get(c.view_row as usize);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(r) = codes.get(i).and_then(row) {
        i += 1;
        if is_class(r) {
            out.push((r.code.clone(), at(r, col)));
            let prefix = r.code.as_str();
            i += codes[i..].partition_point(|c| row(c).is_some_and(|x| x.code.starts_with(prefix)));
        }
    }
    out
}

fn value_of(list: &[(String, Decimal)], code: &str) -> Decimal {
    list.iter()
        .find(|(c, _)| c == code)
        .map(|(_, v)| *v)
        .unwrap_or_default()
}

/// The class lines of a fixed block (tables 1 and 4): the catalog's classes of the year plus
/// any stored line whose code is a class code of another source.
fn class_line_codes(ctx: &Context, blk: &Blk, others: &[&[(String, Decimal)]]) -> Vec<String> {
    let mut codes: Vec<String> = ctx
        .catalog
        .classes(ctx.pkg.year)
        .iter()
        .map(|c| c.code.clone())
        .collect();
    for r in &blk.view.rows {
        if r.role == RowRole::FixedInput
            && r.code.len() == 3
            && r.code.bytes().all(|b| b.is_ascii_digit())
            && !codes.contains(&r.code)
        {
            codes.push(r.code.clone());
        }
    }
    for list in others {
        for (c, _) in list.iter() {
            if !codes.contains(c) {
                codes.push(c.clone());
            }
        }
    }
    codes
}

/// Walks two code blocks in code order and calls `f` for each code with the rows each side
/// has. Both list codes in lexicographic order (a parent is a prefix of its children), so one
/// pass over their compact copies pairs them without a map.
fn merge_codes<'a>(
    a: &'a [CodeRow],
    av: &'a [ViewRow],
    b: &'a [CodeRow],
    bv: &'a [ViewRow],
    mut f: impl FnMut(Option<&'a CodeRow>, Option<&'a CodeRow>),
) {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (None, None) => break,
            (Some(x), None) => {
                f(Some(x), None);
                i += 1;
            }
            (None, Some(y)) => {
                f(None, Some(y));
                j += 1;
            }
            (Some(x), Some(y)) => match cmp_codes(x, av, y, bv) {
                Ordering::Equal => {
                    f(Some(x), Some(y));
                    i += 1;
                    j += 1;
                }
                Ordering::Less => {
                    f(Some(x), None);
                    i += 1;
                }
                Ordering::Greater => {
                    f(None, Some(y));
                    j += 1;
                }
            },
        }
    }
}

/// Whether a pair of rows is compared: leaves (and a leaf against a missing row). Groups are
/// sums of leaves, so comparing them too would report one difference at every level.
fn comparable(a: Option<&CodeRow>, b: Option<&CodeRow>) -> bool {
    let group = |r: Option<&CodeRow>| r.is_some_and(|r| r.role == RowRole::Group);
    match (a, b) {
        (Some(_), Some(_)) => !(group(a) && group(b)),
        _ => !group(a) && !group(b),
    }
}

/// The code of a compact row, from its view.
fn code_of<'v>(r: Option<&CodeRow>, v: &'v [ViewRow]) -> Option<&'v ViewRow> {
    r.and_then(|r| v.get(r.view_row as usize))
}

fn code_loc(blk: &Blk, row: Option<&ViewRow>, code: &str, column: &str) -> Location {
    match row {
        Some(r) => blk.loc(r, Some(column)),
        None => Location {
            table: Some(blk.table.key.clone()),
            block: Some(blk.def.key.clone()),
            row: Some(code.to_string()),
            column: Some(column.to_string()),
            ..Location::default()
        },
    }
}

const SOURCES: [(&str, &str); 5] = [
    ("general", "一般公共预算"),
    ("fund", "政府性基金预算"),
    ("capital", "国有资本经营预算"),
    ("special", "财政专户管理资金"),
    ("unit", "单位资金"),
];

/// X1: table 1's class lines = table 3's class rows (and table 2's carryover); table 1's
/// income by source = table 2's 合计 row.
pub fn x1_summary(ctx: &Context, out: &mut Vec<Finding>) {
    let t1e = ctx.block(TableKind::BudgetSummary, "expenditure");
    let t1i = ctx.block(TableKind::BudgetSummary, "income");
    let t2 = ctx.block(TableKind::IncomeSummary, "main");
    let t3 = ctx.block(TableKind::ExpenditureSummary, "main");
    if let (Some(t1e), Some(t3)) = (t1e, t3) {
        let t3c = class_values(ctx, &t3, "total");
        let t2carry = t2
            .map(|b| class_values(ctx, &b, "carryover"))
            .unwrap_or_default();
        // Where table 1 splits its 类 lines like table 3 (上海 单位预算: 人员经费 + 公用经费 =
        // 基本支出, 项目支出), the parts must agree too.
        let split = t1e.col("project").is_some();
        let t3basic = if split {
            class_values(ctx, &t3, "basic")
        } else {
            Vec::new()
        };
        let t3project = if split {
            class_values(ctx, &t3, "project")
        } else {
            Vec::new()
        };
        // The fix writes the one input that makes the line's 合计 right: 当年预算安排 (山西, where
        // 合计 = 当年 + 上年结转) or the 合计 itself when it is typed (上海 部门预算).
        let total_input = matches!(
            t1e.def
                .columns
                .iter()
                .find(|c| c.key == "total")
                .map(|c| &c.kind),
            Some(crate::model::layout::ColumnKind::Input)
        );
        let fix_column = if t1e.col("current").is_some() {
            Some("current")
        } else if total_input {
            Some("total")
        } else {
            None
        };
        for code in class_line_codes(ctx, &t1e, &[&t3c, &t2carry]) {
            let line_total = t1e.cell(&code, "total");
            let line_carry = t1e.cell(&code, "carryover");
            let want = value_of(&t3c, &code);
            let name = ctx
                .catalog
                .name(
                    crate::model::layout::CodeScheme::Function,
                    ctx.pkg.year,
                    &code,
                )
                .unwrap_or(&code)
                .to_string();
            mismatch(
                ctx,
                out,
                "X1",
                Severity::Error,
                t1e.loc_key(&code, Some("total")),
                want,
                line_total,
                format!(
                    "{} 支出“{name}”为 {}，{} {code} 合计为 {}",
                    t1e.name(),
                    wan(line_total),
                    t3.name(),
                    wan(want)
                ),
                fix_column
                    .filter(|_| {
                        keeps_balance(ctx, TableKind::BudgetSummary, false, want - line_total)
                    })
                    .map(|col| {
                        set_line(
                            &t1e,
                            &code,
                            col,
                            if col == "current" {
                                want - line_carry
                            } else {
                                want
                            },
                            format!("按{}改为 {}", t3.name(), wan(want)),
                        )
                    }),
            );
            if split {
                let basic = t1e.cell(&code, "personnel") + t1e.cell(&code, "public");
                let want = value_of(&t3basic, &code);
                mismatch(
                    ctx,
                    out,
                    "X1",
                    Severity::Error,
                    t1e.loc_key(&code, Some("personnel")),
                    want,
                    basic,
                    format!(
                        "{} 支出“{name}”人员经费与公用经费之和为 {}，{} {code} 基本支出为 {}",
                        t1e.name(),
                        wan(basic),
                        t3.name(),
                        wan(want)
                    ),
                    None,
                );
                let project = t1e.cell(&code, "project");
                let want = value_of(&t3project, &code);
                mismatch(
                    ctx,
                    out,
                    "X1",
                    Severity::Error,
                    t1e.loc_key(&code, Some("project")),
                    want,
                    project,
                    format!(
                        "{} 支出“{name}”项目支出为 {}，{} {code} 项目支出为 {}",
                        t1e.name(),
                        wan(project),
                        t3.name(),
                        wan(want)
                    ),
                    keeps_balance(ctx, TableKind::BudgetSummary, false, want - project).then(
                        || {
                            set_line(
                                &t1e,
                                &code,
                                "project",
                                want,
                                format!("按{}改为 {}", t3.name(), wan(want)),
                            )
                        },
                    ),
                );
            }
            if t2.is_some_and(|b| b.col("carryover").is_some()) {
                let carry = value_of(&t2carry, &code);
                mismatch(
                    ctx,
                    out,
                    "X1",
                    Severity::Error,
                    t1e.loc_key(&code, Some("carryover")),
                    carry,
                    line_carry,
                    format!(
                        "{} 支出“{name}”上年结转安排为 {}，{} {code} 上年结转为 {}",
                        t1e.name(),
                        wan(line_carry),
                        t2.map(|b| b.name()).unwrap_or_default(),
                        wan(carry)
                    ),
                    keeps_balance(ctx, TableKind::BudgetSummary, false, carry - line_carry)
                        .then_some(set_line(
                            &t1e,
                            &code,
                            "carryover",
                            carry,
                            format!(
                                "按{}改为 {}",
                                t2.map(|b| b.name()).unwrap_or_default(),
                                wan(carry)
                            ),
                        )),
                );
            }
        }
    }
    if let (Some(t1i), Some(t2)) = (t1i, t2) {
        // Every source column of table 2 that table 1 has as an income line (山西: the five
        // sources and 上年结转; 上海: 财政拨款收入, 事业收入, 事业单位经营收入, 其他收入).
        let RowsDef::Fixed(lines) = &t1i.def.rows else {
            return;
        };
        for c in t2.def.columns.iter().filter(|c| c.key != "total") {
            let Some(line) = lines.iter().find(|l| l.key == c.key) else {
                continue;
            };
            let (line, col) = (line, c.key.as_str());
            let label = SOURCES
                .iter()
                .find(|(k, _)| *k == col)
                .map(|(_, n)| n.to_string())
                .or_else(|| (col == "carryover").then(|| "上年结转".to_string()))
                .or_else(|| c.header.last().cloned())
                .unwrap_or_else(|| col.to_string());
            let is_input = line.kind == LineKind::Input;
            let line = line.key.as_str();
            let have = t1i.cell(line, "amount");
            let want = t2.total(col);
            mismatch(
                ctx,
                out,
                "X1",
                Severity::Error,
                t1i.loc_key(line, Some("amount")),
                want,
                have,
                format!(
                    "{} 收入“{label}”为 {}，{} 合计行{label}为 {}",
                    t1i.name(),
                    wan(have),
                    t2.name(),
                    wan(want)
                ),
                (is_input && keeps_balance(ctx, TableKind::BudgetSummary, true, want - have)).then(
                    || {
                        set_line(
                            &t1i,
                            line,
                            "amount",
                            want,
                            format!("按{}改为 {}", t2.name(), wan(want)),
                        )
                    },
                ),
            );
        }
    }
}

/// X2: tables 2 and 3 carry the same codes with the same 合计 (table 2's 本年收入 plus its
/// 上年结转 is what table 3 spends).
pub fn x2_income_expenditure(ctx: &Context, out: &mut Vec<Finding>) {
    let (Some((t2, s2)), Some((t3, s3))) = (
        ctx.scan(TableKind::IncomeSummary, "main"),
        ctx.scan(TableKind::ExpenditureSummary, "main"),
    ) else {
        return;
    };
    let (v2, v3) = (&t2.view.rows, &t3.view.rows);
    merge_codes(&s2.codes, v2, &s3.codes, v3, |a, b| {
        if !comparable(a, b) {
            return;
        }
        let income = a.map(|r| r.total + r.carryover).unwrap_or_default();
        let spend = b.map(|r| r.total).unwrap_or_default();
        if income == spend {
            return;
        }
        let (ra, rb) = (code_of(a, v2), code_of(b, v3));
        let code = ra.or(rb).map(|r| r.code.as_str()).unwrap_or_default();
        let (n2, n3) = (t2.name(), t3.name());
        let message = match (a, b) {
            (Some(_), None) => {
                format!("科目 {code} 在{n2} 有收入 {}，{n3} 没有该科目", wan(income))
            }
            (None, Some(_)) => format!("科目 {code} 在{n3} 有支出 {}，{n2} 没有该科目", wan(spend)),
            _ => format!(
                "科目 {code} {n2} 合计（含上年结转）为 {}，{n3} 合计为 {}",
                wan(income),
                wan(spend)
            ),
        };
        mismatch(
            ctx,
            out,
            "X2",
            Severity::Error,
            code_loc(&t3, rb, code, "total"),
            income,
            spend,
            message,
            None,
        );
    });
}

/// X3: table 5 = the 一般公共预算 column of table 2; table 4's fund columns = tables 5, 8, 9;
/// table 4's income = table 1's.
pub fn x3_general_and_fiscal(ctx: &Context, out: &mut Vec<Finding>) {
    let t5 = ctx.block(TableKind::GeneralExpenditure, "main");
    let t2_has_general = ctx
        .block(TableKind::IncomeSummary, "main")
        .is_some_and(|b| b.col("general").is_some());
    if !t2_has_general {
        x3_fiscal_income(ctx, out);
    }
    if let (Some((t2, s2)), Some((t5, s5)), true) = (
        ctx.scan(TableKind::IncomeSummary, "main"),
        ctx.scan(TableKind::GeneralExpenditure, "main"),
        t2_has_general,
    ) {
        let (v2, v5) = (&t2.view.rows, &t5.view.rows);
        merge_codes(&s2.codes, v2, &s5.codes, v5, |a, b| {
            if !comparable(a, b) {
                return;
            }
            let general = a.map(|r| r.general).unwrap_or_default();
            let t5v = b.map(|r| r.total).unwrap_or_default();
            if general == t5v {
                return;
            }
            let rb = code_of(b, v5);
            let code = code_of(a, v2)
                .or(rb)
                .map(|r| r.code.as_str())
                .unwrap_or_default();
            mismatch(
                ctx,
                out,
                "X3",
                Severity::Error,
                code_loc(&t5, rb, code, "total"),
                general,
                t5v,
                format!(
                    "科目 {code} {} 合计为 {}，{} 一般公共预算为 {}",
                    t5.name(),
                    wan(t5v),
                    t2.name(),
                    wan(general)
                ),
                None,
            );
        });
    }
    let t4e = ctx.block(TableKind::FiscalSummary, "expenditure");
    if let Some(t4e) = t4e {
        let sources: [(&str, Option<Blk>); 3] = [
            ("general", t5),
            ("fund", ctx.block(TableKind::FundExpenditure, "main")),
            ("capital", ctx.block(TableKind::StateCapital, "expenditure")),
        ];
        for (col, src) in sources {
            let Some(src) = src else { continue };
            let src_name = src.name();
            let vals = class_values(ctx, &src, "total");
            for code in class_line_codes(ctx, &t4e, &[&vals]) {
                let have = t4e.cell(&code, col);
                let want = value_of(&vals, &code);
                mismatch(
                    ctx,
                    out,
                    "X3",
                    Severity::Error,
                    t4e.loc_key(&code, Some(col)),
                    want,
                    have,
                    format!(
                        "{} 支出 {code} {}列为 {}，{src_name} {code} 合计为 {}",
                        t4e.name(),
                        header(&t4e, col),
                        wan(have),
                        wan(want)
                    ),
                    keeps_balance(ctx, TableKind::FiscalSummary, false, want - have).then(|| {
                        set_line(
                            &t4e,
                            &code,
                            col,
                            want,
                            format!("按{src_name}改为 {}", wan(want)),
                        )
                    }),
                );
            }
        }
    }
    let (Some(t4i), Some(t1i)) = (
        ctx.block(TableKind::FiscalSummary, "income"),
        ctx.block(TableKind::BudgetSummary, "income"),
    ) else {
        return;
    };
    for (key, label) in &SOURCES[..3] {
        let have = t4i.cell(key, "amount");
        let want = t1i.cell(key, "amount");
        mismatch(
            ctx,
            out,
            "X3",
            Severity::Error,
            t4i.loc_key(key, Some("amount")),
            want,
            have,
            format!(
                "{} 收入“{label}”为 {}，{} 为 {}",
                t4i.name(),
                wan(have),
                t1i.name(),
                wan(want)
            ),
            keeps_balance(ctx, TableKind::FiscalSummary, true, want - have).then(|| {
                set_line(
                    &t4i,
                    key,
                    "amount",
                    want,
                    format!("按{}改为 {}", t1i.name(), wan(want)),
                )
            }),
        );
    }
}

/// X3 where the income table has one 财政拨款收入 column (上海): per code, it equals what the
/// three function tables (一般公共预算, 政府性基金, 国有资本经营预算) spend together.
fn x3_fiscal_income(ctx: &Context, out: &mut Vec<Finding>) {
    let Some(t2) = ctx.block(TableKind::IncomeSummary, "main") else {
        return;
    };
    if t2.col("fiscal").is_none() {
        return;
    }
    let funds: Vec<Blk> = [
        ctx.block(TableKind::GeneralExpenditure, "main"),
        ctx.block(TableKind::FundExpenditure, "main"),
        ctx.block(TableKind::StateCapital, "expenditure"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if funds.is_empty() {
        return;
    }
    let names: Vec<String> = funds.iter().map(|b| b.name()).collect();
    // Leaf codes of every side; a group is the sum of its leaves, so leaves say it all.
    let leaves = |b: &Blk| -> Vec<(String, Decimal)> {
        let col = b.col("total");
        b.view
            .rows
            .iter()
            .filter(|r| r.role == RowRole::Leaf)
            .map(|r| (r.code.clone(), at(r, col)))
            .collect()
    };
    let mut spent: std::collections::BTreeMap<String, Decimal> = Default::default();
    for b in &funds {
        for (code, v) in leaves(b) {
            *spent.entry(code).or_default() += v;
        }
    }
    let fiscal_col = t2.col("fiscal");
    let mut income: std::collections::BTreeMap<String, (Decimal, &ViewRow)> = Default::default();
    for r in t2.view.rows.iter().filter(|r| r.role == RowRole::Leaf) {
        income.insert(r.code.clone(), (at(r, fiscal_col), r));
    }
    let codes: std::collections::BTreeSet<&String> = spent.keys().chain(income.keys()).collect();
    for code in codes {
        let have = income.get(code).map(|(v, _)| *v).unwrap_or_default();
        let want = spent.get(code).copied().unwrap_or_default();
        mismatch(
            ctx,
            out,
            "X3",
            Severity::Error,
            code_loc(&t2, income.get(code).map(|(_, r)| *r), code, "fiscal"),
            want,
            have,
            format!(
                "科目 {code} {} 财政拨款收入为 {}，{} 合计为 {}",
                t2.name(),
                wan(have),
                names.join("、"),
                wan(want)
            ),
            None,
        );
    }
}

fn header(blk: &Blk, col: &str) -> String {
    blk.def
        .columns
        .iter()
        .find(|c| c.key == col)
        .and_then(|c| c.header.last().cloned())
        .unwrap_or_else(|| col.to_string())
}

/// X4: table 6's 合计 = table 5's 基本支出.
pub fn x4_basic_total(ctx: &Context, out: &mut Vec<Finding>) {
    let (Some(t6), Some(t5)) = (
        ctx.block(TableKind::BasicByEconomic, "main"),
        ctx.block(TableKind::GeneralExpenditure, "main"),
    ) else {
        return;
    };
    let have = t6.total("total");
    let want = t5.total("basic");
    let loc = match t6.view.total() {
        Some(r) => t6.loc(r, Some("total")),
        None => Location::table(&t6.table.key),
    };
    mismatch(
        ctx,
        out,
        "X4",
        Severity::Error,
        loc,
        want,
        have,
        format!(
            "{} 合计为 {}，{} 基本支出合计为 {}",
            t6.name(),
            wan(have),
            t5.name(),
            wan(want)
        ),
        None,
    );
    // 上海 单位预算: table 1 splits 基本支出 into 人员经费 and 公用经费, as the economic table does.
    if let Some(t1e) = ctx.block(TableKind::BudgetSummary, "expenditure")
        && t1e.col("personnel").is_some()
    {
        for (col, label) in [("personnel", "人员经费"), ("public", "公用经费")] {
            let have = t1e.cell("grand_total", col);
            let want = t6.total(col);
            mismatch(
                ctx,
                out,
                "X4",
                Severity::Error,
                t1e.loc_key("grand_total", Some(col)),
                want,
                have,
                format!(
                    "{} 支出总计{label}为 {}，{} 合计{label}为 {}",
                    t1e.name(),
                    wan(have),
                    t6.name(),
                    wan(want)
                ),
                None,
            );
        }
    }
}

/// X4.detail: economic lines that have a function code of their own (hints: they often differ
/// for good reasons).
pub fn x4_details(ctx: &Context, out: &mut Vec<Finding>) {
    let (Some(t6), Some(t5)) = (
        ctx.block(TableKind::BasicByEconomic, "main"),
        ctx.block(TableKind::GeneralExpenditure, "main"),
    ) else {
        return;
    };
    // (where the finding sits, the economic lines, their name, the function items). 离休费 and
    // 退休费 are both paid from 行政/事业单位离退休.
    const PAIRS: [(&str, &[&str], &str, &[&str]); 4] = [
        ("30113", &["30113"], "住房公积金", &["2210201"]),
        (
            "30108",
            &["30108"],
            "机关事业单位基本养老保险缴费",
            &["2080505"],
        ),
        (
            "30302",
            &["30301", "30302"],
            "离休费、退休费",
            &["2080501", "2080502"],
        ),
        ("30110", &["30110"], "职工基本医疗保险缴费", &["21011"]),
    ];
    for (at, econ, label, funcs) in PAIRS {
        let have: Decimal = econ.iter().map(|c| t6.cell(c, "total")).sum();
        let want: Decimal = funcs.iter().map(|c| t5.cell(c, "basic")).sum();
        if have == want {
            continue;
        }
        out.push(finding(
            "X4.detail",
            Severity::Hint,
            t6.loc_key(at, Some("total")),
            Some(wan(want)),
            Some(wan(have)),
            format!(
                "{} {label}（{}）为 {}，{} {} 基本支出为 {}（两者口径可能不同，请核实）",
                t6.name(),
                econ.join("+"),
                wan(have),
                t5.name(),
                funcs.join("+"),
                wan(want)
            ),
        ));
    }
}

/// X5: table 11's 部门合计 = table 6's 公用经费 when every unit is administrative.
pub fn x5_operating_cost(ctx: &Context, out: &mut Vec<Finding>) {
    let all_admin = ctx
        .pkg
        .overview
        .units
        .iter()
        .all(|u| u.kind.is_administrative());
    if !all_admin {
        return;
    }
    x5_combined_table(ctx, out);
    let (Some(t11), Some(t6)) = (
        ctx.block(TableKind::OperatingCost, "main"),
        ctx.block(TableKind::BasicByEconomic, "main"),
    ) else {
        return;
    };
    let have = t11.total("total");
    let want = t6.total("public");
    let leaves: Vec<&ViewRow> = t11
        .view
        .rows
        .iter()
        .filter(|r| r.role == RowRole::Leaf)
        .collect();
    // With one unit, the right value is knowable: the unit's 一般公共预算 takes the difference.
    let fix = match leaves.as_slice() {
        [only] => only.stored.map(|i| {
            let rest =
                only.cell(t11.def, "fund").or_zero() + only.cell(t11.def, "capital").or_zero();
            Fix {
                label: format!("按{} 公用经费改为 {}", t6.name(), wan(want)),
                edit: Edit::SetCell {
                    table: t11.table.key.clone(),
                    block: "main".into(),
                    row: i,
                    column: "general".into(),
                    value: Amount::new(want - rest),
                },
            }
        }),
        _ => None,
    };
    let loc = match t11.view.total() {
        Some(r) => t11.loc(r, Some("total")),
        None => Location::table(&t11.table.key),
    };
    mismatch(
        ctx,
        out,
        "X5",
        Severity::Warning,
        loc,
        want,
        have,
        format!(
            "各单位均为行政（参公）单位，{} 机关运行经费 {} 应等于{} 公用经费 {}",
            t11.name(),
            wan(have),
            t6.name(),
            wan(want)
        ),
        fix,
    );
}

/// X5 for 上海's "三公"经费和机关运行经费预算表 (万元): its 机关运行经费 is the economic table's
/// 公用经费 (元) rounded to 0.01 万元.
fn x5_combined_table(ctx: &Context, out: &mut Vec<Finding>) {
    let (Some(t9), Some(t8)) = (
        ctx.block(TableKind::ThreePublicAndOperating, "main"),
        ctx.block(TableKind::BasicByEconomic, "main"),
    ) else {
        return;
    };
    let Some(line) = first_line(&t9) else { return };
    let have = in_wan(t9.table, t9.cell(&line, "operating_cost"));
    let want = in_wan(t8.table, t8.total("public"));
    if have == want {
        return;
    }
    let mut f = finding(
        "X5",
        Severity::Warning,
        t9.loc_key(&line, Some("operating_cost")),
        Some(wan(want)),
        Some(wan(have)),
        format!(
            "各单位均为行政（参公）单位，{} 机关运行经费 {} 万元应等于{} 公用经费 {} 万元",
            t9.name(),
            wan(have),
            t8.name(),
            wan(want)
        ),
    );
    // The cell is typed in the table's own unit: the 公用经费 in 万元 is written as 万元, and
    // in a table in 元 only when no rounding was needed.
    let value = match t9.table.unit {
        crate::model::layout::Unit::Wan => Some(want),
        crate::model::layout::Unit::Yuan => {
            let yuan = t8.total("public");
            (in_wan(t9.table, yuan) == want).then_some(yuan)
        }
    };
    f.fix = value.map(|v| {
        set_line(
            &t9,
            &line,
            "operating_cost",
            v,
            format!("按{} 公用经费改为 {}", t8.name(), wan(want)),
        )
    });
    out.push(f);
}

/// The key of a one-line fixed block's line (上海's combined 三公 table has one).
fn first_line(blk: &Blk) -> Option<String> {
    match &blk.def.rows {
        RowsDef::Fixed(lines) => lines.first().map(|l| l.key.clone()),
        _ => None,
    }
}

/// X6: tables 12 and 13 against table 3's 项目支出, table 5's and table 1's 上年结转.
pub fn x6_projects(ctx: &Context, out: &mut Vec<Finding>) {
    let t12 = ctx.block(TableKind::ProjectsCurrent, "main");
    let t13 = ctx.block(TableKind::ProjectsCarryover, "main");
    let t3 = ctx.block(TableKind::ExpenditureSummary, "main");
    let total_loc = |b: &Blk, col: &str| match b.view.total() {
        Some(r) => b.loc(r, Some(col)),
        None => Location {
            table: Some(b.table.key.clone()),
            block: Some(b.def.key.clone()),
            column: Some(col.to_string()),
            ..Location::default()
        },
    };
    let cur = t12.map(|b| b.total("total")).unwrap_or_default();
    let carry = t13.map(|b| b.total("total")).unwrap_or_default();
    if let (Some(t12), Some(t3)) = (t12, t3) {
        let want = t3.total("project");
        mismatch(
            ctx,
            out,
            "X6",
            Severity::Error,
            total_loc(&t12, "total"),
            want,
            cur + carry,
            format!(
                "{} 本年项目合计 {} 加{} 上年结转项目合计 {}，与{} 项目支出合计 {} 不符",
                t12.name(),
                wan(cur),
                t13.map(|b| b.name()).unwrap_or_default(),
                wan(carry),
                t3.name(),
                wan(want)
            ),
            None,
        );
        if let Some(t5) = ctx.block(TableKind::GeneralExpenditure, "main") {
            let have = t12.total("general");
            let want = t5.total("project");
            mismatch(
                ctx,
                out,
                "X6",
                Severity::Error,
                total_loc(&t12, "general"),
                want,
                have,
                format!(
                    "{} 一般公共预算项目合计 {}，{} 项目支出合计 {}",
                    t12.name(),
                    wan(have),
                    t5.name(),
                    wan(want)
                ),
                None,
            );
        }
    }
    if let (Some(t13), Some(t1i)) = (t13, ctx.block(TableKind::BudgetSummary, "income")) {
        let want = t1i.cell("carryover", "amount");
        mismatch(
            ctx,
            out,
            "X6",
            Severity::Error,
            total_loc(&t13, "total"),
            want,
            carry,
            format!(
                "{} 上年结转项目合计 {}，{} 上年结转 {}",
                t13.name(),
                wan(carry),
                t1i.name(),
                wan(want)
            ),
            None,
        );
    }
}

/// X7: 公务用车购置及运行费 budgeted while the 国有资产 facts report no vehicle.
pub fn x7_vehicles(ctx: &Context, out: &mut Vec<Finding>) {
    // 山西: a 公务用车购置及运行费 line, 合计 column; 上海: one line, a 公务用车 column.
    let place = if let Some(t) = ctx.block(TableKind::ThreePublic, "main") {
        Some((t, "vehicles".to_string(), "total"))
    } else {
        ctx.block(TableKind::ThreePublicAndOperating, "main")
            .and_then(|t| first_line(&t).map(|l| (t, l, "vehicles")))
    };
    let Some((t, line, col)) = place else {
        return;
    };
    // Buying a car is not running one: only the running cost needs a vehicle on the books
    // (上海's 购置费 is for vehicles the year will buy; 山西 states one sum).
    let running = if col == "vehicles" {
        t.cell(&line, "vehicle_running")
    } else {
        t.cell(&line, col)
    };
    if running > Decimal::ZERO && ctx.pkg.facts.assets.vehicles_total() == 0 {
        out.push(finding(
            "X7",
            Severity::Warning,
            t.loc_key(&line, Some(col)),
            Some("车辆数 > 0".into()),
            Some("0 辆".into()),
            format!(
                "{} 公务用车购置及运行费 {}，但国有资产占有使用情况中公务用车为 0 辆",
                t.name(),
                wan(t.cell(&line, col))
            ),
        ));
    }
}
