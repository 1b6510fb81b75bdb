//! C2: template text left in the package: placeholders (XX, 某某, 待填写, ……), the template's
//! either-or words ("增加（减少）"), and a provincial wording (省直, 本厅) in a district or
//! county package.

use super::bind::Parsed;
use super::section_loc;
use crate::rules::{Context, Finding, Location, Severity, finding};

/// Placeholders of a template, with what to say about each.
const PLACEHOLDERS: [&str; 12] = [
    "XX",
    "ＸＸ",
    "xx",
    "某某",
    "待填写",
    "待补充",
    "……",
    "增加（减少）",
    "增加(减少)",
    "增长（下降）",
    "增长(下降)",
    "（减少）",
];

/// Words of a provincial department's template.
const PROVINCIAL: [&str; 4] = ["省直", "本厅", "厅机关", "省级部门"];

/// The first placeholder in a text, if any.
fn placeholder(text: &str) -> Option<&'static str> {
    PLACEHOLDERS.iter().find(|p| text.contains(*p)).copied()
}

/// C2: leftover template text in the explanation, the overview and the glossary.
pub(super) fn c2_leftovers(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    let pkg = ctx.pkg;
    let name = pkg.department.name.as_str();
    let local = ["区", "县", "旗", "镇"].iter().any(|w| name.contains(w));
    let mut texts: Vec<(Location, String, &str)> = Vec::new();
    for s in &parsed.sections {
        texts.push((
            section_loc(s.number, "模板文字"),
            format!("情况说明{}", s.number),
            s.text,
        ));
    }
    for (i, d) in pkg.overview.duties.iter().enumerate() {
        texts.push((
            Location {
                field: Some(format!("部门职责第{}条", i + 1)),
                ..Location::default()
            },
            format!("部门职责第{}条", i + 1),
            d,
        ));
    }
    texts.push((
        Location {
            field: Some("机构设置".into()),
            ..Location::default()
        },
        "机构设置".into(),
        &pkg.overview.organization,
    ));
    for g in &pkg.glossary {
        texts.push((
            Location {
                field: Some("名词解释".into()),
                ..Location::default()
            },
            "名词解释".into(),
            &g.definition,
        ));
    }
    for (loc, what, text) in texts {
        if let Some(p) = placeholder(text) {
            out.push(finding(
                "C2",
                Severity::Warning,
                loc.clone(),
                Some("实际内容".into()),
                Some(p.to_string()),
                format!("{what}留有模板文字“{p}”"),
            ));
        }
        if local && let Some(w) = PROVINCIAL.iter().find(|w| text.contains(*w)) {
            out.push(finding(
                "C2",
                Severity::Warning,
                loc,
                Some(format!("{name}的表述")),
                Some(w.to_string()),
                format!("{what}用了省级部门的表述“{w}”，而本部门是{name}"),
            ));
        }
    }
}
