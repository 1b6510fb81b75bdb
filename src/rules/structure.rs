//! File-level and structural checks: amounts that cannot be right whatever the other tables say.

use super::{Context, Finding, Location, Severity};
use crate::model::Amount;
use crate::model::layout::{ColumnKind, RowsDef};
use crate::model::view::RowRole;

fn negative(a: &Amount) -> bool {
    a.value()
        .is_some_and(|v| v.is_sign_negative() && !v.is_zero())
}

/// S1: a negative amount anywhere in a table or a project form.
pub fn negative_amounts(ctx: &Context, out: &mut Vec<Finding>) {
    for (def, view) in ctx.tables() {
        let Some(data) = ctx.pkg.table(&def.key) else {
            continue;
        };
        for (block, bv) in def.blocks.iter().zip(&view.blocks) {
            let rows = data.rows(&block.key);
            let mut push = |i: usize, col: &str, v: &Amount| {
                let Some(row) = rows.get(i) else { return };
                let v = v.or_zero();
                out.push(Finding {
                    rule: "S1".into(),
                    severity: Severity::Warning,
                    location: Location {
                        table: Some(def.key.clone()),
                        block: Some(block.key.clone()),
                        row: Some(if row.code.is_empty() {
                            row.name.clone()
                        } else {
                            row.code.clone()
                        }),
                        stored_row: Some(i),
                        column: Some(col.to_string()),
                        ..Location::default()
                    },
                    expected: Some("≥ 0".into()),
                    actual: Some(v.to_string()),
                    message: format!("表{}出现负数金额 {v}", def.number),
                    fix: None,
                });
            };
            if matches!(block.rows, RowsDef::Fixed(_)) {
                // Few rows, and a duplicated line key is not in the view: read the stored rows.
                for (i, row) in rows.iter().enumerate() {
                    for (col, a) in row.cells.iter().filter(|(_, a)| negative(a)) {
                        push(i, col, a);
                    }
                }
                continue;
            }
            let inputs: Vec<usize> = block
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.kind, ColumnKind::Input))
                .map(|(i, _)| i)
                .collect();
            for vr in &bv.rows {
                let Some(i) = vr.stored else { continue };
                let Some(row) = rows.get(i) else { continue };
                // A typed row's view cells are its stored input cells; when it stores nothing
                // else, read the view (contiguous) instead of the stored map.
                let filled = inputs
                    .iter()
                    .filter(|&&c| vr.cells.get(c).is_some_and(|a| !a.is_empty()))
                    .count();
                if vr.role == RowRole::Leaf && row.cells.len() == filled {
                    for &c in &inputs {
                        if let Some(a) = vr.cells.get(c).filter(|a| negative(a)) {
                            push(i, &block.columns[c].key, a);
                        }
                    }
                } else {
                    for (col, a) in row.cells.iter().filter(|(_, a)| negative(a)) {
                        push(i, col, a);
                    }
                }
            }
        }
    }
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
                    rule: "S1".into(),
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
