//! File-level and structural checks: amounts that cannot be right whatever the other tables say.

use super::{Context, Finding, Location, Severity};
use crate::model::Amount;

fn negative(a: &Amount) -> bool {
    a.value()
        .is_some_and(|v| v.is_sign_negative() && !v.is_zero())
}

/// S1: a negative amount in a table.
pub fn negative_amounts(ctx: &Context, out: &mut Vec<Finding>) {
    for scan in ctx.scans() {
        let rows = ctx
            .pkg
            .table(&scan.table.key)
            .map(|d| d.rows(&scan.block.key))
            .unwrap_or(&[]);
        for (i, col, v) in &scan.negatives {
            let Some(row) = rows.get(*i) else { continue };
            out.push(Finding {
                rule: "S1".into(),
                severity: Severity::Warning,
                location: Location {
                    table: Some(scan.table.key.clone()),
                    block: Some(scan.block.key.clone()),
                    row: Some(if row.code.is_empty() {
                        row.name.clone()
                    } else {
                        row.code.clone()
                    }),
                    stored_row: Some(*i),
                    column: Some(col.clone()),
                    ..Location::default()
                },
                expected: Some("≥ 0".into()),
                actual: Some(v.to_string()),
                message: format!("{}出现负数金额 {v}", scan.table.label()),
                fix: None,
            });
        }
    }
}

/// S1.form: a project form's funds with a negative amount. Apart from the tables' S1, so that
/// an edit of a table does not read a county's thousands of forms again.
pub fn negative_form_funds(ctx: &Context, out: &mut Vec<Finding>) {
    for form in &ctx.pkg.project_forms {
        for (period, funds) in [("实施期", &form.funds_period), ("年度", &form.funds_year)] {
            let fields = [
                ("资金总额", funds.total),
                ("中央财政资金", funds.central),
                ("省级财政资金", funds.provincial),
                ("市县财政资金", funds.local),
                ("单位自筹", funds.self_raised),
                ("其他资金", funds.other),
            ];
            for (name, a) in fields.iter().filter(|(_, a)| negative(a)) {
                out.push(Finding {
                    rule: "S1.form".into(),
                    severity: Severity::Warning,
                    location: Location {
                        form: Some(form.name.clone()),
                        field: Some(format!("{period}{name}")),
                        ..Location::default()
                    },
                    expected: Some("≥ 0".into()),
                    actual: Some(a.or_zero().to_string()),
                    message: format!("“{}”{period}{name}为负数 {}", form.name, a.or_zero()),
                    fix: None,
                });
            }
        }
    }
}
