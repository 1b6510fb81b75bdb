//! C3: every change stated in 收支变动, 三公 and 机关运行经费 gives its reason (and no reason is
//! left empty, "主要原因是。"). C4: each 三公 item (出国, 接待, 公车购置, 公车运行) is stated, or
//! the section says there is none.

use super::bind::Parsed;
use super::lex::{Kind, Role};
use super::phrases::Topic;
use super::{quote, section_loc};
use crate::rules::{Context, Finding, Severity, finding};

const REASON_WORDS: [&str; 6] = ["原因", "主要是", "由于", "因为", "系", "用于"];

/// C3: changes with a reason.
pub(super) fn c3_reasons(_ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    for s in &parsed.sections {
        if !matches!(
            s.topic,
            Topic::Overall | Topic::ThreePublic | Topic::Operating
        ) {
            continue;
        }
        // A reason left empty.
        for (pos, w) in s.text.match_indices("原因是") {
            let rest = s.text[pos + w.len()..].trim_start_matches([' ', '：', ':']);
            if rest.is_empty() || rest.starts_with(['。', '；', ';', '，', ',', '\n']) {
                out.push(finding(
                    "C3",
                    Severity::Warning,
                    section_loc(s.number, "原因"),
                    Some("变动原因".into()),
                    Some("（空）".into()),
                    format!("情况说明{}的“原因是”后没有写原因", s.number),
                ));
            }
        }
        // A change with no reason after it in the section (the reason may be a paragraph
        // later, as 上海's 编制说明 gives it).
        let first_change = s.claims.iter().find(|b| {
            matches!(b.claim.role, Role::Change(_))
                && matches!(b.claim.kind, Kind::Money | Kind::Percent)
                && !b.claim.value.is_zero()
        });
        if let Some(b) = first_change {
            let sent = s.bounds.sentence(b.claim.start);
            if !REASON_WORDS.iter().any(|w| s.text[sent..].contains(w)) {
                out.push(finding(
                    "C3",
                    Severity::Warning,
                    section_loc(s.number, "原因"),
                    Some("变动原因".into()),
                    Some("（未说明）".into()),
                    format!(
                        "情况说明{}“{}”：增减变动未说明原因",
                        s.number,
                        quote(s, &b.claim)
                    ),
                ));
            }
        }
    }
}

/// The 三公 items and the words that name each.
const ITEMS: [(&str, &[&str]); 4] = [
    ("因公出国（境）费", &["出国"]),
    ("公务接待费", &["接待"]),
    ("公务用车购置费", &["购置"]),
    ("公务用车运行费", &["运行"]),
];

/// C4: each 三公 item stated (or none at all stated as such).
pub(super) fn c4_three_public_items(_ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    for s in &parsed.sections {
        if s.topic != Topic::ThreePublic || s.text.trim().is_empty() {
            continue;
        }
        let none = [
            "无“三公”经费",
            "无\"三公\"经费",
            "无三公经费",
            "无‘三公’经费",
        ]
        .iter()
        .any(|w| s.text.contains(w));
        if none {
            continue;
        }
        for (item, words) in ITEMS {
            if !words.iter().any(|w| s.text.contains(w)) {
                out.push(finding(
                    "C4",
                    Severity::Warning,
                    section_loc(s.number, item),
                    Some(format!("说明{item}（或无）")),
                    Some("（未说明）".into()),
                    format!("情况说明{}未说明{item}，没有也应写明“无”或 0", s.number),
                ));
            }
        }
    }
}
