//! N6: names of 类/款/项 in the text are the catalog's names for the year, at the right level.

use super::bind::Parsed;
use super::section_loc;
use crate::model::edit::Edit;
use crate::rules::{Context, Finding, Fix, Severity, finding};

/// N6: function names in the text are the catalog's current names, at the right level.
pub(super) fn n6_names(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    let year = ctx.pkg.year;
    let cat = ctx.catalog.year(year);
    for section in &parsed.sections {
        let (si, text) = (section.index, section.text);
        // Former names of renamed codes.
        let mut entries: Vec<&crate::catalog::Entry> = cat
            .function
            .values()
            .filter(|e| !e.former_names.is_empty())
            .collect();
        entries.sort_by(|a, b| a.code.cmp(&b.code));
        for e in entries {
            for old in &e.former_names {
                if old.is_empty() || e.name.contains(old.as_str()) {
                    continue;
                }
                if text.contains(old.as_str()) {
                    let mut f = finding(
                        "N6",
                        Severity::Warning,
                        section_loc(section.number, old),
                        Some(e.name.clone()),
                        Some(old.clone()),
                        format!(
                            "情况说明{}使用了科目 {} 的旧名称“{}”，{}年名称为“{}”",
                            section.number, e.code, old, year, e.name
                        ),
                    );
                    f.fix = Some(Fix {
                        label: format!("改为“{}”", e.name),
                        edit: Edit::SetSectionText {
                            index: si,
                            text: text.replace(old.as_str(), &e.name),
                        },
                    });
                    out.push(f);
                }
            }
        }
        // "A（类）B（款）C（项）"
        for (pos, _) in text.match_indices("（类）") {
            let before = &text[..pos];
            let class = cat
                .classes
                .iter()
                .filter(|c| before.ends_with(c.name.as_str()))
                .max_by_key(|c| c.name.len());
            let Some(class) = class else {
                out.push(finding(
                    "N6",
                    Severity::Warning,
                    section_loc(section.number, "（类）"),
                    Some("目录中的类名称".into()),
                    Some(
                        before
                            .chars()
                            .rev()
                            .take(12)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect(),
                    ),
                    format!(
                        "情况说明{}“（类）”前不是{}年目录中的类名称",
                        section.number, year
                    ),
                ));
                continue;
            };
            let rest = &text[pos + "（类）".len()..];
            let Some(k_end) = rest.find("（款）") else {
                continue;
            };
            let kuan_name = rest[..k_end].trim_matches([' ', '\u{3000}']);
            if kuan_name.contains(['。', '\n', '；']) {
                continue;
            }
            let kuan = cat.function.values().find(|e| {
                e.code.len() == 5 && e.code.starts_with(&class.code) && e.name == kuan_name
            });
            let Some(kuan) = kuan else {
                let elsewhere = cat
                    .function
                    .values()
                    .find(|e| e.code.len() == 5 && e.name == kuan_name);
                let why = if kuan_name == class.name {
                    "款名称写成了类名称".to_string()
                } else if let Some(e) = elsewhere {
                    format!("“{kuan_name}”是 {} 的款，不属于 {}", e.code, class.code)
                } else {
                    format!("“{kuan_name}”不是 {} 下的款", class.code)
                };
                out.push(finding(
                    "N6",
                    Severity::Warning,
                    section_loc(section.number, "（款）"),
                    Some(format!("{} 下的款", class.name)),
                    Some(kuan_name.to_string()),
                    format!("情况说明{}：{}", section.number, why),
                ));
                continue;
            };
            let rest2 = &rest[k_end + "（款）".len()..];
            let Some(x_end) = rest2.find("（项）") else {
                continue;
            };
            let xiang_name = rest2[..x_end].trim_matches([' ', '\u{3000}']);
            if xiang_name.contains(['。', '\n', '；']) {
                continue;
            }
            let ok = cat.function.values().any(|e| {
                e.code.len() == 7 && e.code.starts_with(&kuan.code) && e.name == xiang_name
            });
            if !ok {
                out.push(finding(
                    "N6",
                    Severity::Warning,
                    section_loc(section.number, "（项）"),
                    Some(format!("{} 下的项", kuan.name)),
                    Some(xiang_name.to_string()),
                    format!(
                        "情况说明{}：“{xiang_name}”不是 {} {} 下的项",
                        section.number, kuan.code, kuan.name
                    ),
                ));
            }
        }
    }
}
