//! The edits of the performance forms that are not typing: a 指标值 split into comparator,
//! number and unit and composed back, where an indicator goes in the standard tree, moving one
//! to another group, copying the 实施期 indicators to the 年度 ones, a new form for a project and
//! the table 12 row for a form. The form editors call these; no window here.

use crate::model::edit::{Edit, FormRef, IndicatorText, ListRef, Period, TextTarget};
use crate::model::layout::TableKind;
use crate::model::money::{wan_to_yuan, yuan_to_wan};
use crate::model::{Amount, FormFunds, Indicator, Package, ProjectForm, Row};

/// The standard tree: each 一级指标 with its 二级指标.
pub const STANDARD_TREE: [(&str, &[&str]); 3] = [
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &["经济效益", "社会效益", "生态效益", "可持续影响"],
    ),
    ("满意度指标", &["服务对象满意度"]),
];

/// The comparators offered for a 指标值.
pub const COMPARATORS: [&str; 5] = ["≥", "≤", "=", ">", "<"];
/// The choice that makes a 指标值 qualitative.
pub const QUALITATIVE: &str = "定性";
/// The comparator choice that means none ("完成" as written, with no sign).
pub const NO_COMPARATOR: &str = "（无）";

/// A 指标值 split into what the editor shows: comparator, number and unit, or a qualitative
/// value. Composing the parts gives the stored string back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueParts {
    /// "≥", "≤" … or a word as written ("提高"); empty when none.
    pub comparator: String,
    pub number: String,
    /// The unit and any words after the number ("万元", "%满意").
    pub unit: String,
    /// `Some` for a qualitative value ("定性", "及时").
    pub qualitative: Option<String>,
}

impl ValueParts {
    pub fn split(value: &str) -> ValueParts {
        let s = value.trim();
        if s.is_empty() {
            // A new indicator starts as a quantity: most are one.
            return ValueParts {
                comparator: String::new(),
                number: String::new(),
                unit: String::new(),
                qualitative: None,
            };
        }
        let starts_with_cmp = COMPARATORS.iter().any(|c| s.starts_with(c));
        let digit = s.find(|c: char| c.is_ascii_digit());
        let Some(at) = digit else {
            if starts_with_cmp {
                let cmp = COMPARATORS
                    .iter()
                    .find(|c| s.starts_with(**c))
                    .copied()
                    .unwrap_or_default();
                return ValueParts {
                    comparator: cmp.to_string(),
                    number: String::new(),
                    unit: s[cmp.len()..].trim().to_string(),
                    qualitative: None,
                };
            }
            return ValueParts {
                comparator: String::new(),
                number: String::new(),
                unit: String::new(),
                qualitative: Some(s.to_string()),
            };
        };
        let rest = &s[at..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        ValueParts {
            comparator: s[..at].trim().to_string(),
            number: rest[..len].to_string(),
            unit: rest[len..].trim().to_string(),
            qualitative: None,
        }
    }

    pub fn compose(&self) -> String {
        match &self.qualitative {
            Some(q) => q.clone(),
            None => format!("{}{}{}", self.comparator, self.number, self.unit),
        }
    }
}

/// The place of a group in the standard tree (unknown groups after all standard ones).
pub fn group_rank(l1: &str, l2: &str) -> usize {
    let mut rank = 0;
    for (a, bs) in STANDARD_TREE {
        for b in bs {
            if a == l1 && *b == l2 {
                return rank;
            }
            rank += 1;
        }
    }
    rank
}

/// Where an indicator of group (l1, l2) goes in `list` (with `skip` left out): after the last
/// one of its group, or after the last one of an earlier group.
pub fn position_for(list: &[Indicator], skip: Option<usize>, l1: &str, l2: &str) -> usize {
    let rank = group_rank(l1, l2);
    let rest: Vec<&Indicator> = list
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, x)| x)
        .collect();
    rest.iter()
        .rposition(|x| group_rank(&x.level1, &x.level2) <= rank)
        .map(|p| p + 1)
        .unwrap_or(0)
}

/// The indicator list of a form and period.
pub fn indicator_list(pkg: &Package, form: FormRef, period: Period) -> Option<&Vec<Indicator>> {
    match (form, period) {
        (FormRef::Overall, _) => Some(&pkg.overall_form.indicators),
        (FormRef::Project(i), Period::Implementation) => {
            pkg.project_forms.get(i).map(|f| &f.indicators_period)
        }
        (FormRef::Project(i), Period::Year) => pkg.project_forms.get(i).map(|f| &f.indicators_year),
    }
}

/// The edit that moves indicator `index` under another 一级/二级 (keeping the list grouped).
pub fn move_to_group_edit(
    list: &[Indicator],
    list_ref: ListRef,
    index: usize,
    l1: &str,
    l2: &str,
) -> Edit {
    let ListRef::Indicators(form, period) = list_ref else {
        return Edit::Batch(Vec::new());
    };
    let to = position_for(list, Some(index), l1, l2);
    let target = |part| TextTarget::Indicator {
        form,
        period,
        index,
        part,
    };
    Edit::Batch(vec![
        Edit::SetText {
            target: target(IndicatorText::Level1),
            text: l1.to_string(),
        },
        Edit::SetText {
            target: target(IndicatorText::Level2),
            text: l2.to_string(),
        },
        Edit::MoveItem {
            list: list_ref,
            from: index,
            to,
        },
    ])
}

/// The edit that makes a project form's 年度 indicators a copy of its 实施期 ones.
pub fn copy_indicators_edit(f: &ProjectForm, form: usize) -> Edit {
    let list = ListRef::Indicators(FormRef::Project(form), Period::Year);
    let mut edits: Vec<Edit> = (0..f.indicators_year.len())
        .rev()
        .map(|index| Edit::RemoveItem { list, index })
        .collect();
    edits.extend(
        f.indicators_period
            .iter()
            .enumerate()
            .map(|(index, ind)| Edit::InsertItem {
                list,
                index,
                item: ind.clone().into(),
            }),
    );
    Edit::Batch(edits)
}

/// A new form for a project, with the department's facts filled in and the amount of its
/// table 12 row (万元) as 年度资金 in 元.
pub fn new_form(pkg: &Package, name: &str, amount_wan: Amount) -> ProjectForm {
    let dept = if pkg.department.code.is_empty() {
        pkg.department.name.clone()
    } else {
        format!("{}-{}", pkg.department.code, pkg.department.name)
    };
    let yuan = amount_wan
        .value()
        .map(wan_to_yuan)
        .map(Amount::new)
        .unwrap_or_default();
    let funds = FormFunds {
        total: yuan,
        local: yuan,
        ..FormFunds::default()
    };
    ProjectForm {
        name: name.to_string(),
        department: dept,
        unit: pkg.department.name.clone(),
        attribute: "一次性项目(1年结束)".into(),
        period: "1年".into(),
        category: "其他运转类".into(),
        funds_period: funds.clone(),
        funds_year: funds,
        heading: pkg
            .project_forms
            .first()
            .map(|f| f.heading.clone())
            .unwrap_or_else(|| "项目支出绩效目标表".into()),
        ..ProjectForm::default()
    }
}

/// The table 12 row of a form's project, with its 合计 from the form's 年度资金总额 ÷ 10000.
pub fn row_for_form(pkg: &Package, form: &ProjectForm) -> Row {
    let mut row = Row {
        name: form.name.clone(),
        unit: if form.unit.is_empty() {
            pkg.department.name.clone()
        } else {
            form.unit.clone()
        },
        ..Row::default()
    };
    if let Some(y) = form.funds_year.total.value() {
        let wan = yuan_to_wan(y).round_dp(2);
        row.set_cell("general", Amount::new(wan));
    }
    row
}

pub fn t12_key(pkg: &Package) -> Option<String> {
    pkg.layout()
        .table_of_kind(TableKind::ProjectsCurrent)
        .map(|d| d.key.clone())
}

/// The table 12 row (table key, stored index) of a form's project, found by its name.
pub fn t12_row_of(pkg: &Package, form: usize) -> Option<(String, usize)> {
    let name = &pkg.project_forms.get(form)?.name;
    let key = t12_key(pkg)?;
    let row = pkg
        .table(&key)?
        .rows("main")
        .iter()
        .position(|r| &r.name == name)?;
    Some((key, row))
}

pub fn t12_has(pkg: &Package, name: &str) -> bool {
    t12_key(pkg)
        .and_then(|k| pkg.table(&k))
        .is_some_and(|t| t.rows("main").iter().any(|r| r.name == name))
}

/// The edit that adds a form's project to table 12, at its end.
pub fn add_row_edit(pkg: &Package, form: &ProjectForm) -> Option<Edit> {
    let key = t12_key(pkg)?;
    let n = pkg.table(&key).map(|t| t.rows("main").len()).unwrap_or(0);
    Some(Edit::InsertRow {
        table: key,
        block: "main".into(),
        index: n,
        row: row_for_form(pkg, form),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_and_compose_as_written() {
        let p = ValueParts::split("≥500人/次");
        assert_eq!(
            (p.comparator.as_str(), p.number.as_str(), p.unit.as_str()),
            ("≥", "500", "人/次")
        );
        assert_eq!(p.compose(), "≥500人/次");
        let p = ValueParts::split("≥ 500 人/次");
        assert_eq!(p.compose(), "≥500人/次");
        let p = ValueParts::split("30完成");
        assert_eq!(
            (p.comparator.as_str(), p.number.as_str(), p.unit.as_str()),
            ("", "30", "完成")
        );
        let p = ValueParts::split("提高99%");
        assert_eq!(p.comparator, "提高");
        assert_eq!(p.unit, "%");
        let p = ValueParts::split("及时");
        assert_eq!(p.qualitative.as_deref(), Some("及时"));
        assert_eq!(p.compose(), "及时");
        // A comparator chosen before the number is typed stays a quantity.
        let p = ValueParts::split("≥");
        assert_eq!(p.qualitative, None);
        assert_eq!(p.comparator, "≥");
    }

    #[test]
    fn moving_to_a_group_keeps_the_list_grouped() {
        let ind = |a: &str, b: &str, n: &str| Indicator {
            level1: a.into(),
            level2: b.into(),
            name: n.into(),
            value: String::new(),
        };
        let mut pkg = Package::default();
        pkg.overall_form.indicators = vec![
            ind("产出指标", "数量指标", "a"),
            ind("产出指标", "质量指标", "b"),
            ind("效益指标", "社会效益", "c"),
            ind("满意度指标", "服务对象满意度", "d"),
        ];
        let list_ref = ListRef::Indicators(FormRef::Overall, Period::Year);
        let e = move_to_group_edit(
            &pkg.overall_form.indicators.clone(),
            list_ref,
            3,
            "产出指标",
            "时效指标",
        );
        let undo = e.apply(&mut pkg);
        let names: Vec<&str> = pkg
            .overall_form
            .indicators
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["a", "b", "d", "c"]);
        assert_eq!(pkg.overall_form.indicators[2].level2, "时效指标");
        undo.apply(&mut pkg);
        assert_eq!(pkg.overall_form.indicators[3].name, "d");
        assert_eq!(pkg.overall_form.indicators[3].level1, "满意度指标");
    }

    #[test]
    fn year_indicators_copy_the_period_ones_as_one_undoable_step() {
        let mut pkg = crate::io::sample::sample();
        let before = pkg.clone();
        // 信访维稳经费's 实施期 values are empty in the published form; its 年度 ones are not.
        let i = 1;
        assert_ne!(
            pkg.project_forms[i].indicators_year,
            pkg.project_forms[i].indicators_period
        );
        let undo = copy_indicators_edit(&pkg.project_forms[i].clone(), i).apply(&mut pkg);
        assert_eq!(
            pkg.project_forms[i].indicators_year,
            before.project_forms[i].indicators_period
        );
        undo.apply(&mut pkg);
        assert_eq!(pkg, before);
    }

    #[test]
    fn a_new_form_takes_the_rows_amount_in_yuan() {
        let pkg = crate::io::sample::sample();
        let f = new_form(
            &pkg,
            "新项目",
            Amount::new(rust_decimal::Decimal::new(1234, 2)),
        );
        assert_eq!(
            f.funds_year.total,
            Amount::new(rust_decimal::Decimal::from(123_400))
        );
        assert!(f.is_one_year());
        let row = row_for_form(&pkg, &pkg.project_forms[2]);
        assert_eq!(row.cell("general").display_2dp(), "40.00");
    }
}
