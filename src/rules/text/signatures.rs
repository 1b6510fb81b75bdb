//! C9: a project form's 负责人, 经办人 and 填报日期 are plausible: no placeholder for a name, and
//! a date (or a timestamp beginning with one) in the budget year or the year before.

use super::bind::Parsed;
use crate::rules::{Context, Finding, Location, Severity, finding};

/// Whether an empty 负责人 / 经办人 is reported. The published 山西 sample leaves both empty on
/// every form, and its findings are fixed by its tests; turn this on with those tests.
pub const EMPTY_NAMES_ARE_FINDINGS: bool = false;

fn form_loc(form: &str, field: &str) -> Location {
    Location {
        form: Some(form.to_string()),
        field: Some(field.to_string()),
        ..Location::default()
    }
}

/// A name that is filled but not a name: a placeholder, digits, or far too long.
fn implausible_name(name: &str) -> bool {
    let n = name.trim();
    ["XX", "ＸＸ", "xx", "某某", "待填写", "无", "/"]
        .iter()
        .any(|p| n == *p || n.contains("XX") || n.contains("某某"))
        || n.chars().any(|c| c.is_ascii_digit())
        || n.chars().count() > 20
}

/// The year of a 填报日期: "2025年12月17日", "2025-12-17", "2025.12.17", "20251217151538".
fn date_year(date: &str) -> Option<(i32, u32, u32)> {
    let d = date.trim();
    let digits: Vec<&str> = d
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let (y, m, day) = match digits.as_slice() {
        [one] if one.len() >= 8 => (&one[..4], &one[4..6], &one[6..8]),
        [y, m, day, ..] if y.len() == 4 => (*y, *m, *day),
        _ => return None,
    };
    let (y, m, day) = (y.parse().ok()?, m.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&day)).then_some((y, m, day))
}

/// C9: 负责人, 经办人, 填报日期 of the project forms.
pub(super) fn c9_form_fields(ctx: &Context, _parsed: &Parsed, out: &mut Vec<Finding>) {
    c9_forms(ctx, out);
}

/// C9 without the explanation: it reads the forms alone (see [`super::c9_forms_only`]).
pub(super) fn c9_forms(ctx: &Context, out: &mut Vec<Finding>) {
    let year = ctx.pkg.year;
    for f in &ctx.pkg.project_forms {
        for (field, v) in [("负责人", &f.leader), ("经办人", &f.handler)] {
            let empty = v.trim().is_empty();
            if (empty && EMPTY_NAMES_ARE_FINDINGS) || (!empty && implausible_name(v)) {
                out.push(finding(
                    "C9",
                    Severity::Warning,
                    form_loc(&f.name, field),
                    Some("姓名".into()),
                    Some(if empty { "（空）".into() } else { v.clone() }),
                    format!("“{}”绩效目标表的{field}未填写真实姓名", f.name),
                ));
            }
        }
        let d = f.filled_on.trim();
        if d.is_empty() {
            continue;
        }
        let ok = date_year(d).is_some_and(|(y, _, _)| y == year || y == year - 1);
        if !ok {
            out.push(finding(
                "C9",
                Severity::Warning,
                form_loc(&f.name, "填报日期"),
                Some(format!("{}年或{}年的日期", year - 1, year)),
                Some(d.to_string()),
                format!("“{}”绩效目标表的填报日期“{d}”不是编制期内的日期", f.name),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_are_read() {
        assert_eq!(date_year("2025年12月17日"), Some((2025, 12, 17)));
        assert_eq!(date_year("20251217151538"), Some((2025, 12, 17)));
        assert_eq!(date_year("2025-1-5"), Some((2025, 1, 5)));
        assert_eq!(date_year("2025-13-5"), None);
        assert_eq!(date_year("待填写"), None);
        assert!(implausible_name("XX"));
        assert!(implausible_name("张三1"));
        assert!(!implausible_name("张三"));
    }
}
