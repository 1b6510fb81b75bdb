//! C1: every part a 预算公开检查 asks for is present and not empty: 职责, 机构设置, each section of
//! the explanation, the 三公 / 机关运行经费 / 政府采购 / 国有资产 / 绩效 explanations, 名词解释.

use super::bind::Parsed;
use super::phrases::Topic;
use super::section_loc;
use crate::rules::{Context, Finding, Location, Severity, finding};

/// The explanations a package must give, with the words that show one is given inside a
/// section about several things (上海's 其他相关情况说明).
const REQUIRED: [(Topic, &str, &[&str]); 5] = [
    (Topic::ThreePublic, "“三公”经费说明", &["三公"]),
    (Topic::Operating, "机关运行经费说明", &["机关运行经费"]),
    (Topic::Procurement, "政府采购情况", &["政府采购"]),
    (
        Topic::Assets,
        "国有资产占有使用情况",
        &["国有资产", "车辆", "公务用车"],
    ),
    (Topic::Performance, "绩效目标（绩效管理）情况", &["绩效"]),
];

fn part_loc(field: &str) -> Location {
    Location {
        field: Some(field.to_string()),
        ..Location::default()
    }
}

/// C1: required parts present and not empty.
pub(super) fn c1_parts(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    let pkg = ctx.pkg;
    let missing = |what: &str| {
        finding(
            "C1",
            Severity::Warning,
            part_loc(what),
            Some(format!("填写{what}")),
            Some("（空）".into()),
            format!("缺少{what}或内容为空"),
        )
    };
    if pkg.overview.duties.iter().all(|d| d.trim().is_empty()) {
        out.push(missing("部门职责"));
    }
    let org = &pkg.overview;
    if org.organization.trim().is_empty() && org.offices.is_empty() && org.units.is_empty() {
        out.push(missing("机构设置"));
    }
    if pkg.glossary.is_empty() {
        out.push(missing("名词解释"));
    }
    for s in &parsed.sections {
        if s.text.trim().is_empty() {
            out.push(finding(
                "C1",
                Severity::Warning,
                section_loc(s.number, s.title),
                Some("说明内容".into()),
                Some("（空）".into()),
                format!("情况说明{}“{}”没有内容", s.number, s.title),
            ));
        }
    }
    for (topic, what, words) in REQUIRED {
        let given = parsed.sections.iter().any(|s| {
            !s.text.trim().is_empty()
                && (s.topic == topic
                    || (s.topic == Topic::Other && words.iter().any(|w| s.text.contains(w))))
        });
        if !given {
            out.push(missing(what));
        }
    }
}
