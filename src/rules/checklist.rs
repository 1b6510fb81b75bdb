//! The 自查表: the package checked item by item in the shape of a finance bureau's
//! 预算公开情况检查表 (shared/reference/checklist-shape.md) — a group, an item, 合格 / 不合格 /
//! 不适用, and the evidence: the checker's findings on that part, each with its place. Built from
//! the findings, so the checklist and the findings panel never disagree.

use super::Finding;
use crate::model::Package;
use serde::Serialize;

/// The verdict on one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// 合格
    Pass,
    /// 不合格
    Fail,
    /// 不适用: the package has no such part in its layout.
    NotApplicable,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "合格",
            Verdict::Fail => "不合格",
            Verdict::NotApplicable => "不适用",
        }
    }
}

/// One row of the 自查表.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// 及时性, 内容规范性 …
    pub group: String,
    pub item: String,
    pub verdict: Verdict,
    /// What is wrong, one sentence a finding (with its place); empty when 合格.
    pub evidence: Vec<String>,
}

/// The title the bureau's sheet has ("2026年度部门预算公开情况检查表"; 单位预算 for a package in a
/// unit layout).
pub fn title(pkg: &Package) -> String {
    let kind = if pkg.layout().id == crate::model::layout::SHANGHAI_UNIT_ID {
        "单位预算"
    } else {
        "部门预算"
    };
    format!("{}年度{kind}公开情况检查表", pkg.year)
}

fn not_applicable(group: &str, item: &str) -> Item {
    Item {
        group: group.to_string(),
        item: item.to_string(),
        verdict: Verdict::NotApplicable,
        evidence: Vec::new(),
    }
}

/// The items of the package's 自查表. Only the errors and warnings count against an item: a
/// hint (尾差, a figure that often differs for good reasons) is not a fault a bureau marks.
pub fn checklist(pkg: &Package, findings: &[Finding]) -> Vec<Item> {
    let faults: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity != super::Severity::Hint)
        .collect();
    let evidence = |pred: &dyn Fn(&Finding) -> bool| -> Vec<String> {
        faults
            .iter()
            .filter(|f| pred(f))
            .map(|f| {
                let place = f.location.describe(pkg);
                if place.is_empty() {
                    f.message.clone()
                } else {
                    format!("{place}：{}", f.message)
                }
            })
            .collect()
    };
    let item = |group: &str, name: String, present: bool, ev: Vec<String>| Item {
        group: group.to_string(),
        item: name,
        verdict: if !present {
            Verdict::Fail
        } else if ev.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail
        },
        evidence: if present {
            ev
        } else {
            let mut v = vec!["未填写".to_string()];
            v.extend(ev);
            v
        },
    };
    let mut out = Vec::new();
    let content = "内容规范性";
    out.push(item(
        content,
        "封面".into(),
        !pkg.department.name.trim().is_empty(),
        Vec::new(),
    ));
    out.push(item(
        content,
        "主要职能".into(),
        !pkg.overview.duties.is_empty() || !pkg.overview.duties_intro.trim().is_empty(),
        Vec::new(),
    ));
    out.push(item(
        content,
        "机构设置".into(),
        !pkg.overview.organization.trim().is_empty() || !pkg.overview.units.is_empty(),
        Vec::new(),
    ));
    out.push(item(
        content,
        "名词解释".into(),
        !pkg.glossary.is_empty(),
        evidence(&|f| f.message.contains("名词解释")),
    ));
    for def in &pkg.layout().tables {
        let key = def.key.as_str();
        out.push(item(
            content,
            format!("《{}》", def.title_for(pkg.year)),
            true,
            evidence(&|f| f.location.table.as_deref() == Some(key)),
        ));
    }
    for s in &pkg.explanation {
        let number = s.number.as_str();
        let name = if number.is_empty() {
            s.title.clone()
        } else {
            format!("{number}、{}", s.title)
        };
        out.push(item(
            content,
            name,
            !s.text.trim().is_empty(),
            evidence(&|f| f.location.section.as_deref() == Some(number) && !number.is_empty()),
        ));
    }
    // Parts a layout does not publish (上海 has no 整体 form; 山西 no 项目经费情况说明) are
    // 不适用 when the package leaves them empty.
    out.push(
        if pkg.overall_form == crate::model::OverallForm::default() {
            not_applicable(content, "部门整体支出绩效目标申报表")
        } else {
            item(
                content,
                "部门整体支出绩效目标申报表".into(),
                true,
                evidence(&|f| f.location.form.as_deref() == Some("整体")),
            )
        },
    );
    out.push(if pkg.project_notes.is_empty() {
        not_applicable(content, "项目经费情况说明")
    } else {
        item(content, "项目经费情况说明".into(), true, Vec::new())
    });
    out.push(if pkg.project_forms.is_empty() {
        not_applicable(content, "项目支出绩效目标表")
    } else {
        item(
            content,
            "项目支出绩效目标表".into(),
            true,
            evidence(&|f| f.location.form.as_deref().is_some_and(|x| x != "整体")),
        )
    });
    // A fault on no item above (the 概况, the facts) still shows, so nothing is hidden.
    let listed: std::collections::HashSet<&String> =
        out.iter().flat_map(|i| i.evidence.iter()).collect();
    let rest: Vec<String> = evidence(&|_| true)
        .into_iter()
        .filter(|e| !listed.contains(e))
        .collect();
    out.push(item("其他", "其他问题".into(), true, rest));
    out
}

/// The 自查表 as text, one item a line, the evidence numbered under it.
pub fn to_text(pkg: &Package, items: &[Item]) -> String {
    let mut s = format!(
        "{}\n部门名称：{}  部门编码：{}\n",
        title(pkg),
        pkg.department.name,
        pkg.department.code
    );
    for it in items {
        s.push_str(&format!(
            "{} › {}：{}\n",
            it.group,
            it.item,
            it.verdict.label()
        ));
        for (i, e) in it.evidence.iter().enumerate() {
            s.push_str(&format!("  {}. {e}\n", i + 1));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_samples_faults_fail_their_items_and_the_rest_pass() {
        let pkg = crate::io::sample::sample();
        let findings = crate::rules::check(&pkg, Catalog::builtin());
        let items = checklist(&pkg, &findings);
        let verdict = |name: &str| {
            items
                .iter()
                .find(|i| i.item.contains(name))
                .map(|i| i.verdict)
                .unwrap_or_else(|| panic!("no item {name}"))
        };
        // 情况说明五 quotes 240.65 as the 一般公共预算 total (N1); the project forms have F2/F4.
        assert_eq!(verdict("五、一般公共预算支出情况说明"), Verdict::Fail);
        assert_eq!(verdict("项目支出绩效目标表"), Verdict::Fail);
        // Table 6's 4.09 vs 4.11 is a hint only: not a fault on the checklist.
        assert_eq!(verdict("一般公共预算基本支出"), Verdict::Pass);
        assert_eq!(verdict("预算收支总表"), Verdict::Pass);
        assert_eq!(verdict("封面"), Verdict::Pass);
        let five = items
            .iter()
            .find(|i| i.item.starts_with("五、"))
            .expect("section five");
        assert!(
            five.evidence.iter().any(|e| e.contains("240.65")),
            "{five:?}"
        );
        // Every fault of the checker is evidence on some item.
        let faults = findings
            .iter()
            .filter(|f| f.severity != crate::rules::Severity::Hint)
            .count();
        let listed: usize = items.iter().map(|i| i.evidence.len()).sum();
        assert!(listed >= faults, "{listed} < {faults}");
    }

    #[test]
    fn a_unit_package_has_the_unit_title_and_its_missing_parts_are_not_applicable() {
        let pkg = crate::io::sample::sample_at(1);
        assert_eq!(title(&pkg), "2025年度单位预算公开情况检查表");
        let items = checklist(&pkg, &[]);
        let verdict = |name: &str| items.iter().find(|i| i.item == name).map(|i| i.verdict);
        assert_eq!(
            verdict("部门整体支出绩效目标申报表"),
            Some(Verdict::NotApplicable)
        );
        assert_eq!(verdict("项目支出绩效目标表"), Some(Verdict::NotApplicable));
        assert_eq!(
            title(&crate::io::sample::sample()),
            "2026年度部门预算公开情况检查表"
        );
    }

    #[test]
    fn an_empty_section_is_a_fail_that_says_so() {
        let mut pkg = crate::io::sample::sample();
        pkg.explanation[0].text.clear();
        let items = checklist(&pkg, &[]);
        let first = items
            .iter()
            .find(|i| i.item.starts_with("一、"))
            .expect("section one");
        assert_eq!(first.verdict, Verdict::Fail);
        assert_eq!(first.evidence, vec!["未填写".to_string()]);
    }
}
