//! File-level and structural checks: amounts that cannot be right whatever the other tables say.

use super::{Context, Finding, Location, Severity};

/// S1: a negative amount anywhere in a table.
pub fn negative_amounts(ctx: &Context, out: &mut Vec<Finding>) {
    for def in &ctx.pkg.layout().tables {
        let Some(data) = ctx.pkg.table(&def.key) else {
            continue;
        };
        for block in &def.blocks {
            for (i, row) in data.rows(&block.key).iter().enumerate() {
                for (col, amount) in &row.cells {
                    if let Some(v) = amount.value()
                        && v.is_sign_negative()
                        && !v.is_zero()
                    {
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
                                column: Some(col.clone()),
                                ..Location::default()
                            },
                            expected: Some("≥ 0".into()),
                            actual: Some(v.to_string()),
                            message: format!("表{}出现负数金额 {v}", def.number),
                            fix: None,
                        });
                    }
                }
            }
        }
    }
}
