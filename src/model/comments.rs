//! Reviewers' comments (审阅批注): anchored to a place in the package by what the place means
//! (a row's code or key and a column's key, a form and its field, a section and the passage
//! quoted), so a comment stays on its cell when rows are inserted above it, and is kept — listed
//! as 位置已删除 — when its place is deleted. Every change is an [`Edit`], so it can be undone.

use super::edit::Edit;
use super::edit::{CountField, FormRef, Period, TextTarget};
use super::field_edit::Commit;
use super::layout::{RowsDef, TableDef};
use super::view::block_view;
use super::{Indicator, Package};
use crate::catalog::Catalog;
use serde::{Deserialize, Serialize};

/// A reviewer's comment on a place in the package, with its replies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Comment {
    /// Unique in the package; 0 in files written before comments had ids.
    #[serde(skip_serializing_if = "is_zero")]
    pub id: u64,
    /// Where it applies; `None` for a comment known only by its description (older files, the
    /// next-year carry-over, an imported workbook).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    pub author: String,
    /// Where it applies, as a person reads it ("表3 2014001 基本支出"), written when it was made:
    /// it still says where the comment was when the place is gone.
    pub place: String,
    /// When it was made ("2026-11-25 23:40", UTC); empty when not known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub time: String,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    pub resolved: bool,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// A reply in a comment's thread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reply {
    pub author: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub time: String,
    pub text: String,
}

/// The place a comment is on, named by meaning rather than by position.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    /// A table cell: table key, block key, the row's code or line key (or its name for unit and
    /// project rows, or the label of a 合计 row), and the column key (empty for the name).
    Cell {
        table: String,
        block: String,
        row: String,
        column: String,
    },
    /// A field of a performance form: "整体" or the project's name, and the field's label.
    Field { form: String, field: String },
    /// An indicator of a form: the form, 实施期 or 年度 (empty for the 整体 form), and the
    /// indicator's three levels.
    Indicator {
        form: String,
        period: String,
        level1: String,
        level2: String,
        name: String,
    },
    /// A 情况说明 section (its layout id, or its number in files whose sections have no id) and
    /// the passage the comment quotes (empty for the whole section).
    Section { section: String, quote: String },
}

/// Where a comment's place stands now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placement {
    /// The place exists.
    Found,
    /// The section exists but no longer contains the quoted passage.
    QuoteChanged,
    /// The place is gone (the row, form or section was deleted): 位置已删除.
    Deleted,
    /// The comment has no anchor, only its description.
    Unanchored,
}

impl Placement {
    pub fn label(self) -> &'static str {
        match self {
            Placement::Found => "",
            Placement::QuoteChanged => "引文已修改",
            Placement::Deleted => "位置已删除",
            Placement::Unanchored => "",
        }
    }
}

/// The row key a comment uses for a drawn row: its code or line key, else its label.
pub fn row_key(code: &str, label: &str) -> String {
    if code.is_empty() {
        label.to_string()
    } else {
        code.to_string()
    }
}

/// Whether the place of an anchor still exists in the package.
pub fn placement(pkg: &Package, catalog: &Catalog, anchor: Option<&Anchor>) -> Placement {
    let Some(anchor) = anchor else {
        return Placement::Unanchored;
    };
    let found = match anchor {
        Anchor::Cell {
            table,
            block,
            row,
            column,
        } => pkg
            .layout()
            .table(table)
            .is_some_and(|def| cell_exists(pkg, catalog, def, block, row, column)),
        Anchor::Field { form, field: _ } => form == "整体" || pkg.project_form(form).is_some(),
        Anchor::Indicator {
            form,
            period,
            level1,
            level2,
            name,
        } => indicators_of(pkg, form, period).is_some_and(|list| {
            list.iter()
                .any(|i| &i.level1 == level1 && &i.level2 == level2 && &i.name == name)
        }),
        Anchor::Section { section, quote } => {
            let s = pkg.section(section).or_else(|| {
                pkg.explanation
                    .iter()
                    .find(|s| s.number == *section && !section.is_empty())
            });
            match s {
                None => return Placement::Deleted,
                Some(s) if !quote.is_empty() && !s.text.contains(quote.as_str()) => {
                    return Placement::QuoteChanged;
                }
                Some(_) => true,
            }
        }
    };
    if found {
        Placement::Found
    } else {
        Placement::Deleted
    }
}

fn cell_exists(
    pkg: &Package,
    catalog: &Catalog,
    def: &TableDef,
    block: &str,
    row: &str,
    column: &str,
) -> bool {
    let Some(bdef) = def.block(block) else {
        return false;
    };
    if !column.is_empty() && bdef.column_index(column).is_none() {
        return false;
    }
    if let RowsDef::Fixed(lines) = &bdef.rows
        && lines.iter().any(|l| l.key == row)
    {
        return true;
    }
    let rows = pkg.table(&def.key).map(|t| t.rows(block)).unwrap_or(&[]);
    block_view(pkg, catalog, bdef, rows)
        .rows
        .iter()
        .any(|r| r.code == row || (r.code.is_empty() && r.label == row))
}

fn indicators_of<'p>(pkg: &'p Package, form: &str, period: &str) -> Option<&'p [Indicator]> {
    if form == "整体" {
        return Some(&pkg.overall_form.indicators);
    }
    let f = pkg.project_form(form)?;
    Some(match period {
        "实施期" => &f.indicators_period,
        _ => &f.indicators_year,
    })
}

/// The key a comment uses for a 情况说明 section: its layout id, or its number in files whose
/// sections have no id (what [`placement`] looks a section up by).
pub fn section_key(s: &super::Section) -> String {
    if s.id.is_empty() {
        s.number.clone()
    } else {
        s.id.clone()
    }
}

/// The form a form reference names: "整体" or the project's name.
fn form_name(pkg: &Package, form: FormRef) -> Option<String> {
    match form {
        FormRef::Overall => Some("整体".into()),
        FormRef::Project(i) => pkg.project_forms.get(i).map(|f| f.name.clone()),
    }
}

/// A form's name as a person reads it in a comment's place.
pub fn form_title(form: &str) -> String {
    if form == "整体" {
        "整体绩效目标表".into()
    } else {
        format!("“{form}”绩效目标表")
    }
}

/// The anchor and description of the place a page's text field writes to (`label` is the
/// field's name as the page shows it): a form field, the indicator a field of an indicator row
/// belongs to, or a 情况说明 section as a whole (the window adds the selected passage). `None`
/// for fields no comment is put on (概况, facts, appendices).
pub fn anchor_of(pkg: &Package, commit: Commit, label: &str) -> Option<(Anchor, String)> {
    let field = |form: String| {
        let place = format!("{} {label}", form_title(&form));
        Some((
            Anchor::Field {
                form,
                field: label.to_string(),
            },
            place,
        ))
    };
    let indicator = |form: FormRef, period: Period, index: usize| {
        let name = form_name(pkg, form)?;
        let list = indicators_of(pkg, &name, period_text(period))?;
        let ind = list.get(index)?;
        let period = match form {
            FormRef::Overall => String::new(),
            FormRef::Project(_) => period_text(period).to_string(),
        };
        let place = format!(
            "{} {}{}/{}/{}",
            form_title(&name),
            if period.is_empty() {
                String::new()
            } else {
                format!("{period} ")
            },
            ind.level1,
            ind.level2,
            ind.name
        );
        Some((
            Anchor::Indicator {
                form: name,
                period,
                level1: ind.level1.clone(),
                level2: ind.level2.clone(),
                name: ind.name.clone(),
            },
            place,
        ))
    };
    match commit {
        Commit::Text(TextTarget::Overall(_)) | Commit::Overall(_) => field("整体".into()),
        Commit::Count(
            CountField::InternalDepartments
            | CountField::BudgetUnits
            | CountField::StaffQuota
            | CountField::StaffTotal
            | CountField::StaffInQuota
            | CountField::StaffOther,
        ) => field("整体".into()),
        Commit::Text(TextTarget::Project(i, _)) | Commit::Fund { form: i, .. } => {
            field(pkg.project_forms.get(i)?.name.clone())
        }
        Commit::Text(TextTarget::Indicator {
            form,
            period,
            index,
            ..
        })
        | Commit::IndicatorPart {
            form,
            period,
            index,
            ..
        } => indicator(form, period, index),
        Commit::Section(i) => {
            let s = pkg.explanation.get(i)?;
            Some((
                Anchor::Section {
                    section: section_key(s),
                    quote: String::new(),
                },
                section_place(s, ""),
            ))
        }
        _ => None,
    }
}

fn period_text(p: Period) -> &'static str {
    match p {
        Period::Implementation => "实施期",
        Period::Year => "年度",
    }
}

/// A section's place as a person reads it, with the start of the quoted passage.
pub fn section_place(s: &super::Section, quote: &str) -> String {
    let head = if s.number.is_empty() {
        format!("情况说明 {}", s.title)
    } else {
        format!("情况说明 {}、{}", s.number, s.title)
    };
    if quote.is_empty() {
        return head;
    }
    let short: String = quote.chars().take(16).collect();
    let more = if quote.chars().count() > 16 {
        "…"
    } else {
        ""
    };
    format!("{head}：“{short}{more}”")
}

/// The comments on one place (equal anchors; a section's comments with any passage when
/// `anchor` is a section with no passage).
pub fn on_anchor<'p>(pkg: &'p Package, anchor: &'p Anchor) -> impl Iterator<Item = &'p Comment> {
    pkg.comments
        .iter()
        .filter(move |c| match (&c.anchor, anchor) {
            (
                Some(Anchor::Section { section: a, .. }),
                Anchor::Section {
                    section: b,
                    quote: q,
                },
            ) if q.is_empty() => a == b,
            (Some(a), b) => a == b,
            (None, _) => false,
        })
}

/// Gives every comment without an id (files written before comments had ids, an imported
/// workbook), or with an id another comment already has, the next free one, so the window can
/// name each comment by its id.
pub fn number(list: &mut [Comment]) {
    let mut seen = std::collections::HashSet::new();
    let mut next = list.iter().map(|c| c.id).max().unwrap_or(0);
    for c in list.iter_mut() {
        if c.id == 0 || !seen.insert(c.id) {
            next = next.saturating_add(1);
            c.id = next;
            seen.insert(next);
        }
    }
}

/// The next free comment id.
pub fn next_id(pkg: &Package) -> u64 {
    pkg.comments.iter().map(|c| c.id).max().unwrap_or(0) + 1
}

/// The index of the comment with this id.
pub fn index_of(pkg: &Package, id: u64) -> Option<usize> {
    pkg.comments.iter().position(|c| c.id == id)
}

/// The edit that adds a new open comment (at the end of the list, with the next id).
pub fn add(
    pkg: &Package,
    anchor: Anchor,
    place: &str,
    author: &str,
    time: &str,
    text: &str,
) -> Edit {
    Edit::InsertComment {
        index: pkg.comments.len(),
        comment: Box::new(Comment {
            id: next_id(pkg),
            anchor: Some(anchor),
            author: author.to_string(),
            place: place.to_string(),
            time: time.to_string(),
            text: text.to_string(),
            replies: Vec::new(),
            resolved: false,
        }),
    }
}

/// The edit that changes one comment; `None` when there is no comment with this id.
fn change(pkg: &Package, id: u64, f: impl FnOnce(&mut Comment)) -> Option<Edit> {
    let index = index_of(pkg, id)?;
    let mut c = pkg.comments[index].clone();
    f(&mut c);
    Some(Edit::SetComment {
        index,
        comment: Box::new(c),
    })
}

/// The edit that adds a reply to a comment's thread.
pub fn reply(pkg: &Package, id: u64, author: &str, time: &str, text: &str) -> Option<Edit> {
    change(pkg, id, |c| {
        c.replies.push(Reply {
            author: author.to_string(),
            time: time.to_string(),
            text: text.to_string(),
        })
    })
}

/// The edit that marks a comment resolved (or reopens it).
pub fn set_resolved(pkg: &Package, id: u64, resolved: bool) -> Option<Edit> {
    change(pkg, id, |c| c.resolved = resolved)
}

/// The edit that deletes a comment with its replies.
pub fn delete(pkg: &Package, id: u64) -> Option<Edit> {
    Some(Edit::RemoveComment {
        index: index_of(pkg, id)?,
    })
}

/// A reply as one line of text: "作者（时间）：内容" (the 审阅意见 sheet's 回复 column).
pub fn reply_line(r: &Reply) -> String {
    if r.time.is_empty() {
        format!("{}：{}", r.author, r.text)
    } else {
        format!("{}（{}）：{}", r.author, r.time, r.text)
    }
}

/// Reads a line written by [`reply_line`]; a line without "：" is a reply with no author.
pub fn parse_reply_line(line: &str) -> Reply {
    let Some((head, text)) = line.split_once('：') else {
        return Reply {
            text: line.to_string(),
            ..Reply::default()
        };
    };
    let (author, time) = match head.strip_suffix('）').and_then(|h| h.split_once('（')) {
        Some((a, t)) => (a, t),
        None => (head, ""),
    };
    Reply {
        author: author.to_string(),
        time: time.to_string(),
        text: text.to_string(),
    }
}

/// The comments on cells of one table block, by (row key, column key), for the grid's markers.
pub fn on_block<'p>(
    pkg: &'p Package,
    table: &'p str,
    block: &'p str,
) -> impl Iterator<Item = (&'p Comment, &'p str, &'p str)> + 'p {
    pkg.comments.iter().filter_map(move |c| match &c.anchor {
        Some(Anchor::Cell {
            table: t,
            block: b,
            row,
            column,
        }) if t == table && b == block => Some((c, row.as_str(), column.as_str())),
        _ => None,
    })
}

/// The time now as the comments record it: "YYYY-MM-DD HH:MM" in UTC.
pub fn now_text() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    time_text(secs)
}

/// Seconds since 1970 as "YYYY-MM-DD HH:MM" (UTC), by the civil-from-days algorithm.
pub fn time_text(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: &str) -> Anchor {
        Anchor::Cell {
            table: "t3".into(),
            block: "main".into(),
            row: row.into(),
            column: "basic".into(),
        }
    }

    #[test]
    fn a_reply_line_reads_back() {
        for r in [
            Reply {
                author: "李".into(),
                time: "2026-11-25 10:00".into(),
                text: "已改：见表3".into(),
            },
            Reply {
                author: "王".into(),
                time: String::new(),
                text: "同意".into(),
            },
        ] {
            assert_eq!(parse_reply_line(&reply_line(&r)), r);
        }
    }

    #[test]
    fn comments_without_or_with_repeated_ids_are_numbered() {
        let mut list = vec![
            Comment::default(),
            Comment {
                id: 5,
                ..Comment::default()
            },
            Comment {
                id: 5,
                ..Comment::default()
            },
        ];
        number(&mut list);
        let ids: Vec<u64> = list.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![6, 5, 7]);
    }

    #[test]
    fn time_text_is_the_calendar_date() {
        assert_eq!(time_text(0), "1970-01-01 00:00");
        // 2026-11-25 23:40:00 UTC.
        assert_eq!(time_text(1_795_650_000), "2026-11-25 23:40");
        assert_eq!(time_text(951_782_400), "2000-02-29 00:00");
    }

    #[test]
    fn add_reply_resolve_delete_are_edits_that_undo_exactly() {
        use crate::model::document::{Document, Origin};
        let pkg = crate::io::sample::sample();
        let before = pkg.clone();
        let mut doc = Document::new(pkg, Origin::Sample);
        doc.apply(
            "批注",
            add(&doc.pkg, cell("2014001"), "表3", "张", "t", "请核对"),
        );
        let id = doc.pkg.comments[0].id;
        assert_eq!(id, 1);
        doc.apply(
            "回复",
            reply(&doc.pkg, id, "李", "t", "已改").expect("exists"),
        );
        doc.apply("解决", set_resolved(&doc.pkg, id, true).expect("exists"));
        assert!(doc.pkg.comments[0].resolved);
        assert_eq!(doc.pkg.comments[0].replies[0].text, "已改");
        let resolved = doc.pkg.clone();
        doc.apply("删除", delete(&doc.pkg, id).expect("exists"));
        assert!(doc.pkg.comments.is_empty());
        doc.undo();
        assert_eq!(doc.pkg, resolved);
        for _ in 0..3 {
            doc.undo();
        }
        assert_eq!(doc.pkg, before);
        for _ in 0..3 {
            doc.redo();
        }
        assert_eq!(doc.pkg, resolved);
        assert_eq!(next_id(&doc.pkg), 2);
    }

    #[test]
    fn a_page_field_is_named_by_its_form_indicator_or_section() {
        use crate::model::edit::{FactAmount, FundField, IndicatorText};
        let pkg = crate::io::sample::sample();
        let f = pkg
            .project_forms
            .iter()
            .position(|f| f.name == "信访救助资金")
            .expect("form");
        let fund = Commit::Fund {
            form: f,
            period: Period::Year,
            field: FundField::Total,
        };
        let (a, place) = anchor_of(&pkg, fund, "年度资金总额").expect("a form field");
        assert_eq!(
            a,
            Anchor::Field {
                form: "信访救助资金".into(),
                field: "年度资金总额".into()
            }
        );
        assert_eq!(place, "“信访救助资金”绩效目标表 年度资金总额");
        // Every field of an indicator row names the same indicator.
        let ind = &pkg.project_forms[f].indicators_period[3];
        let want = Anchor::Indicator {
            form: "信访救助资金".into(),
            period: "实施期".into(),
            level1: ind.level1.clone(),
            level2: ind.level2.clone(),
            name: ind.name.clone(),
        };
        for commit in [
            Commit::Text(TextTarget::Indicator {
                form: FormRef::Project(f),
                period: Period::Implementation,
                index: 3,
                part: IndicatorText::Name,
            }),
            Commit::IndicatorPart {
                form: FormRef::Project(f),
                period: Period::Implementation,
                index: 3,
                part: crate::model::field_edit::ValuePart::Unit,
            },
        ] {
            assert_eq!(
                anchor_of(&pkg, commit, "x").map(|(a, _)| a),
                Some(want.clone())
            );
        }
        assert_eq!(
            placement(&pkg, Catalog::builtin(), Some(&want)),
            Placement::Found
        );
        let (a, _) = anchor_of(&pkg, Commit::Section(4), "情况说明五").expect("a section");
        assert_eq!(
            a,
            Anchor::Section {
                section: "五".into(),
                quote: String::new()
            }
        );
        // The facts the 情况说明 quotes are no place a comment goes on.
        assert!(anchor_of(&pkg, Commit::Fact(FactAmount::OfficeArea), "办公用房").is_none());
        assert!(anchor_of(&pkg, Commit::Section(99), "").is_none());
    }

    #[test]
    fn a_deleted_row_or_a_missing_passage_is_reported() {
        let pkg = crate::io::sample::sample();
        let cat = Catalog::builtin();
        assert_eq!(
            placement(&pkg, cat, Some(&cell("2014001"))),
            Placement::Found
        );
        assert_eq!(
            placement(&pkg, cat, Some(&cell("9999999"))),
            Placement::Deleted
        );
        let sec = &pkg.explanation[4];
        let quote: String = sec.text.chars().take(6).collect();
        let a = Anchor::Section {
            section: sec.number.clone(),
            quote,
        };
        assert_eq!(placement(&pkg, cat, Some(&a)), Placement::Found);
        let a = Anchor::Section {
            section: sec.number.clone(),
            quote: "不在原文中的一句".into(),
        };
        assert_eq!(placement(&pkg, cat, Some(&a)), Placement::QuoteChanged);
        let a = Anchor::Field {
            form: "不存在的项目".into(),
            field: "年度资金总额".into(),
        };
        assert_eq!(placement(&pkg, cat, Some(&a)), Placement::Deleted);
        assert_eq!(placement(&pkg, cat, None), Placement::Unanchored);
    }
}
