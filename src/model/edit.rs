//! Edits of a package: every change the editor or a one-click fix makes is an [`Edit`]. Applying
//! an edit returns its inverse, which is what undo stores, so one typed value is one step.

use super::money::Amount;
use super::{Indicator, Package, Row};

/// A text field of a stored table row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowField {
    Code,
    Name,
    Unit,
    GovCode,
    GovName,
}

/// Which performance form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormRef {
    Overall,
    Project(usize),
}

/// Which period of a project form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// 实施期
    Implementation,
    /// 年度
    Year,
}

/// An amount field of a project form's 项目资金.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundField {
    Total,
    Central,
    Provincial,
    Local,
    SelfRaised,
    Other,
}

/// One change to a package.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Set one amount of a stored row (by index in its block).
    SetCell {
        table: String,
        block: String,
        row: usize,
        column: String,
        value: Amount,
    },
    /// Set a fixed line's amount, creating its stored row when absent (fixed lines are stored
    /// by key, so there may be no row yet).
    SetLineCell {
        table: String,
        block: String,
        line: String,
        column: String,
        value: Amount,
    },
    SetRowField {
        table: String,
        block: String,
        row: usize,
        field: RowField,
        value: String,
    },
    InsertRow {
        table: String,
        block: String,
        index: usize,
        row: Row,
    },
    RemoveRow {
        table: String,
        block: String,
        index: usize,
    },
    /// Replace a 情况说明 section's text.
    SetSectionText { index: usize, text: String },
    SetFormFund {
        form: usize,
        period: Period,
        field: FundField,
        value: Amount,
    },
    /// Replace one indicator of a form (by index in the period's list).
    SetIndicator {
        form: FormRef,
        period: Period,
        index: usize,
        indicator: Indicator,
    },
    /// Several edits as one undo step (a paste, a fix that touches many cells).
    Batch(Vec<Edit>),
}

impl Edit {
    /// Applies the edit and returns the edit that undoes it. An edit that names something that
    /// does not exist changes nothing and returns an empty batch.
    pub fn apply(self, pkg: &mut Package) -> Edit {
        let noop = Edit::Batch(Vec::new());
        match self {
            Edit::SetCell {
                table,
                block,
                row,
                column,
                value,
            } => {
                let rows = pkg.table_mut(&table).rows_mut(&block);
                let Some(r) = rows.get_mut(row) else {
                    return noop;
                };
                let old = r.cell(&column);
                r.set_cell(&column, value);
                Edit::SetCell {
                    table,
                    block,
                    row,
                    column,
                    value: old,
                }
            }
            Edit::SetLineCell {
                table,
                block,
                line,
                column,
                value,
            } => {
                let rows = pkg.table_mut(&table).rows_mut(&block);
                let idx = match rows.iter().position(|r| r.code == line) {
                    Some(i) => i,
                    None => {
                        rows.push(Row {
                            code: line.clone(),
                            ..Row::default()
                        });
                        rows.len() - 1
                    }
                };
                let old = rows[idx].cell(&column);
                rows[idx].set_cell(&column, value);
                Edit::SetLineCell {
                    table,
                    block,
                    line,
                    column,
                    value: old,
                }
            }
            Edit::SetRowField {
                table,
                block,
                row,
                field,
                value,
            } => {
                let rows = pkg.table_mut(&table).rows_mut(&block);
                let Some(r) = rows.get_mut(row) else {
                    return noop;
                };
                let slot = match field {
                    RowField::Code => &mut r.code,
                    RowField::Name => &mut r.name,
                    RowField::Unit => &mut r.unit,
                    RowField::GovCode => &mut r.gov_code,
                    RowField::GovName => &mut r.gov_name,
                };
                let old = std::mem::replace(slot, value);
                Edit::SetRowField {
                    table,
                    block,
                    row,
                    field,
                    value: old,
                }
            }
            Edit::InsertRow {
                table,
                block,
                index,
                row,
            } => {
                let rows = pkg.table_mut(&table).rows_mut(&block);
                let index = index.min(rows.len());
                rows.insert(index, row);
                Edit::RemoveRow {
                    table,
                    block,
                    index,
                }
            }
            Edit::RemoveRow {
                table,
                block,
                index,
            } => {
                let rows = pkg.table_mut(&table).rows_mut(&block);
                if index >= rows.len() {
                    return noop;
                }
                let row = rows.remove(index);
                Edit::InsertRow {
                    table,
                    block,
                    index,
                    row,
                }
            }
            Edit::SetSectionText { index, text } => {
                let Some(s) = pkg.explanation.get_mut(index) else {
                    return noop;
                };
                let old = std::mem::replace(&mut s.text, text);
                Edit::SetSectionText { index, text: old }
            }
            Edit::SetFormFund {
                form,
                period,
                field,
                value,
            } => {
                let Some(f) = pkg.project_forms.get_mut(form) else {
                    return noop;
                };
                let funds = match period {
                    Period::Implementation => &mut f.funds_period,
                    Period::Year => &mut f.funds_year,
                };
                let slot = match field {
                    FundField::Total => &mut funds.total,
                    FundField::Central => &mut funds.central,
                    FundField::Provincial => &mut funds.provincial,
                    FundField::Local => &mut funds.local,
                    FundField::SelfRaised => &mut funds.self_raised,
                    FundField::Other => &mut funds.other,
                };
                let old = std::mem::replace(slot, value);
                Edit::SetFormFund {
                    form,
                    period,
                    field,
                    value: old,
                }
            }
            Edit::SetIndicator {
                form,
                period,
                index,
                indicator,
            } => {
                let list = match (form, period) {
                    (FormRef::Overall, _) => Some(&mut pkg.overall_form.indicators),
                    (FormRef::Project(i), Period::Implementation) => pkg
                        .project_forms
                        .get_mut(i)
                        .map(|f| &mut f.indicators_period),
                    (FormRef::Project(i), Period::Year) => {
                        pkg.project_forms.get_mut(i).map(|f| &mut f.indicators_year)
                    }
                };
                let Some(slot) = list.and_then(|l| l.get_mut(index)) else {
                    return noop;
                };
                let old = std::mem::replace(slot, indicator);
                Edit::SetIndicator {
                    form,
                    period,
                    index,
                    indicator: old,
                }
            }
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| e.apply(pkg)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let mut p = Package::new_empty(2026, "某局");
        let before = p.clone();
        let v = Amount::new(rust_decimal::Decimal::from_str("1.50").unwrap());
        let batch = Edit::Batch(vec![
            Edit::InsertRow {
                table: "t3".into(),
                block: "main".into(),
                index: 0,
                row: Row {
                    code: "2014001".into(),
                    ..Row::default()
                },
            },
            Edit::SetCell {
                table: "t3".into(),
                block: "main".into(),
                row: 0,
                column: "basic".into(),
                value: v,
            },
            Edit::SetLineCell {
                table: "t1".into(),
                block: "income".into(),
                line: "general".into(),
                column: "amount".into(),
                value: v,
            },
            Edit::SetSectionText {
                index: 2,
                text: "新".into(),
            },
        ]);
        let undo = batch.apply(&mut p);
        assert_eq!(p.tables["t3"].rows("main")[0].cell("basic"), v);
        assert_ne!(p, before);
        let redo = undo.apply(&mut p);
        // Undoing a SetLineCell leaves the (now empty) line row behind; amounts are what count.
        assert_eq!(p.tables["t3"].rows("main").len(), 0);
        assert_eq!(p.explanation, before.explanation);
        redo.apply(&mut p);
        assert_eq!(p.tables["t3"].rows("main")[0].cell("basic"), v);
    }
}
