//! N2: an empty table is stated as such in the text ("本部门无“三公”经费预算"), and a table the
//! text calls empty has no data.

use super::bind::Parsed;
use super::lex::{Kind, Role};
use super::phrases::{Fig, Fund};
use super::section_loc;
use crate::model::layout::TableKind;
use crate::model::layout::TableKind as K;
use crate::rules::{Context, Finding, Location, Severity, finding};

struct EmptyStatement {
    kinds: &'static [TableKind],
    what: &'static str,
    /// Words that say it is empty.
    none_words: &'static [&'static str],
    /// Figures whose quoted 0 says it too.
    zero_phrases: &'static [&'static str],
    /// Spending of this fund quoted as 0 ("政府性基金拨款支出预算0万元") says it too.
    zero_fund: Option<Fund>,
}

const EMPTY_STATEMENTS: [EmptyStatement; 4] = [
    EmptyStatement {
        kinds: &[K::FundIncome, K::FundExpenditure],
        what: "政府性基金预算",
        none_words: &["无政府性基金"],
        zero_phrases: &[
            "政府性基金预算拨款收入",
            "政府性基金预算收入",
            "政府性基金预算拨款",
        ],
        zero_fund: Some(Fund::Gov),
    },
    EmptyStatement {
        kinds: &[K::StateCapital],
        what: "国有资本经营预算",
        none_words: &["无国有资本经营"],
        zero_phrases: &[
            "国有资本经营预算拨款收入",
            "国有资本经营预算收入",
            "国有资本经营预算拨款",
        ],
        zero_fund: Some(Fund::Capital),
    },
    EmptyStatement {
        kinds: &[K::ThreePublic],
        what: "“三公”经费",
        none_words: &[
            "无“三公”经费",
            "无\"三公\"经费",
            "无三公经费",
            "无‘三公’经费",
        ],
        zero_phrases: &["“三公”经费", "\"三公\"经费", "三公经费"],
        zero_fund: None,
    },
    EmptyStatement {
        kinds: &[K::ProjectsCarryover],
        what: "上年结转",
        none_words: &["无上年结转"],
        zero_phrases: &["上年结转", "上年结转收入"],
        zero_fund: None,
    },
];

/// Whether the explanation says an empty table's subject is empty: the words, or a quoted 0.
fn stated_empty(parsed: &Parsed, st: &EmptyStatement) -> (bool, Option<String>) {
    let mut says_none_at = None;
    let mut zero = false;
    for section in &parsed.sections {
        if st.none_words.iter().any(|w| section.text.contains(w)) {
            says_none_at = Some(section.number.to_string());
        }
        for l in &section.claims {
            if l.claim.kind == Kind::Money
                && l.claim.role == Role::Plain
                && l.claim.value.is_zero()
                && (l
                    .phrase
                    .is_some_and(|k| st.zero_phrases.contains(&parsed.phrases[k].text.as_str()))
                    || matches!(&l.fig, Some(Fig::Spend(f, _)) if Some(*f) == st.zero_fund))
            {
                zero = true;
            }
        }
    }
    (zero || says_none_at.is_some(), says_none_at)
}

fn has_data(ctx: &Context, kinds: &[TableKind]) -> Option<(u8, bool)> {
    let mut any: Option<(u8, bool)> = None;
    for k in kinds {
        if let Some((def, view)) = ctx.view(*k) {
            let has = view.has_data();
            any = Some(match any {
                None => (def.number, has),
                Some((n, h)) => (if has && !h { def.number } else { n }, h || has),
            });
        }
    }
    any
}

/// N2: the text says a table is empty ("本部门无“三公”经费预算") while it has data.
pub(super) fn n2_empty_tables(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    for st in &EMPTY_STATEMENTS {
        let Some((number, true)) = has_data(ctx, st.kinds) else {
            continue;
        };
        if let (_, Some(section)) = stated_empty(parsed, st) {
            out.push(finding(
                "N2",
                Severity::Error,
                section_loc(&section, st.what),
                Some(format!("表{number} 有数据")),
                Some(format!("无{}", st.what)),
                format!("情况说明{section}称无{}，但表{number} 有数据", st.what),
            ));
        }
    }
}

/// N2.missing: an empty table (7, 8, 9, 10, 13) that the text does not mention as empty.
pub(super) fn n2_missing_statements(ctx: &Context, parsed: &Parsed, out: &mut Vec<Finding>) {
    for st in &EMPTY_STATEMENTS {
        let Some((number, false)) = has_data(ctx, st.kinds) else {
            continue;
        };
        if !stated_empty(parsed, st).0 {
            let key = ctx
                .view(st.kinds[0])
                .map(|(d, _)| d.key.clone())
                .unwrap_or_default();
            out.push(finding(
                "N2.missing",
                Severity::Warning,
                Location::table(&key),
                Some(format!("说明本部门无{}", st.what)),
                Some("（未说明）".into()),
                format!("表{number} 无数据，情况说明中应说明本部门无{}", st.what),
            ));
        }
    }
}
