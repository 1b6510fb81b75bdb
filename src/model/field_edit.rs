//! What a committed text field means: where its text goes (a text of the package, a section, a
//! form's money, a fact, a count, one part of a 指标值) and the [`Edit`] that writes it there,
//! or why the text is refused. The pages' fields call this; no window here.

use crate::model::edit::{
    CountField, Edit, FactAmount, FormRef, FundField, IndicatorText, OverallAmount, Period,
    ProjectText, RowField, TextTarget,
};
use crate::model::form_edit;
use crate::model::{Amount, Package};

/// Where a field's text goes when it is committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Commit {
    Text(TextTarget),
    /// A 情况说明 section's text.
    Section(usize),
    /// A project form's 项目资金 (元).
    Fund {
        form: usize,
        period: Period,
        field: FundField,
    },
    /// The 整体 form's 年度预算 (万元).
    Overall(OverallAmount),
    Fact(FactAmount),
    Count(CountField),
    /// One part of a 指标值; the other parts stay as they are.
    IndicatorPart {
        form: FormRef,
        period: Period,
        index: usize,
        part: ValuePart,
    },
}

/// The parts a 指标值 is entered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValuePart {
    Number,
    Unit,
    /// The whole value of a qualitative indicator ("定性", "及时").
    Qualitative,
}

/// The edit a committed text makes, or why the text is refused (the field then shows the stored
/// value again).
pub fn commit_edit(pkg: &Package, commit: Commit, text: &str) -> Result<Option<Edit>, String> {
    let amount = |t: &str| Amount::parse(t).map_err(|e| e.to_string());
    Ok(Some(match commit {
        Commit::Text(target @ TextTarget::Project(form, ProjectText::Name)) => {
            let rename = Edit::SetText {
                target,
                text: text.trim().to_string(),
            };
            // The form and its table 12 row are joined by name (F1): renaming one renames both.
            match form_edit::t12_row_of(pkg, form) {
                Some((table, row)) => Edit::Batch(vec![
                    rename,
                    Edit::SetRowField {
                        table,
                        block: "main".into(),
                        row,
                        field: RowField::Name,
                        value: text.trim().to_string(),
                    },
                ]),
                None => rename,
            }
        }
        Commit::Text(target) => Edit::SetText {
            target,
            text: text.to_string(),
        },
        Commit::Section(index) => Edit::SetSectionText {
            index,
            text: text.to_string(),
        },
        Commit::Fund {
            form,
            period,
            field,
        } => {
            let value = amount(text)?;
            let old = pkg.project_forms.get(form).map(|f| {
                let funds = match period {
                    Period::Implementation => &f.funds_period,
                    Period::Year => &f.funds_year,
                };
                match field {
                    FundField::Total => funds.total,
                    FundField::Central => funds.central,
                    FundField::Provincial => funds.provincial,
                    FundField::Local => funds.local,
                    FundField::SelfRaised => funds.self_raised,
                    FundField::Other => funds.other,
                }
            });
            if old == Some(value) {
                return Ok(None);
            }
            Edit::SetFormFund {
                form,
                period,
                field,
                value,
            }
        }
        Commit::Overall(field) => Edit::SetFormAmount {
            field,
            value: amount(text)?,
        },
        Commit::Fact(field) => Edit::SetFact {
            field,
            value: amount(text)?,
        },
        Commit::Count(field) => {
            let t = text.trim();
            let value = if t.is_empty() {
                None
            } else {
                Some(
                    t.parse::<u32>()
                        .map_err(|_| format!("“{t}”不是人数或个数：只能填写 0 或正整数"))?,
                )
            };
            Edit::SetCount { field, value }
        }
        Commit::IndicatorPart {
            form,
            period,
            index,
            part,
        } => {
            let Some(current) = form_edit::indicator_list(pkg, form, period)
                .and_then(|l| l.get(index))
                .map(|i| i.value.clone())
            else {
                return Ok(None);
            };
            let mut parts = form_edit::ValueParts::split(&current);
            match part {
                ValuePart::Number => {
                    let t = text.trim();
                    if !t.is_empty() && rust_decimal::Decimal::from_str_exact(t).is_err() {
                        return Err(format!("“{t}”不是数值：指标值的数值只能是数字"));
                    }
                    parts.number = t.to_string();
                }
                ValuePart::Unit => parts.unit = text.trim().to_string(),
                ValuePart::Qualitative => parts.qualitative = Some(text.trim().to_string()),
            }
            Edit::SetText {
                target: TextTarget::Indicator {
                    form,
                    period,
                    index,
                    part: IndicatorText::Value,
                },
                text: parts.compose(),
            }
        }
    }))
}
