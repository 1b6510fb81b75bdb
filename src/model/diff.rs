//! Comparing two versions of a package (文件 › 比较…, `budget-disclosure diff A B`): per table
//! the added, removed and changed rows and cells (old → new and the difference), per form the
//! funds, texts and indicators, per 情况说明 section a word-level diff. Every change carries the
//! [`Edit`] that takes the other version's value (采用此处), so taking it is one undoable step.
//!
//! Compared: table rows and cells, a row renamed under the same code, the tables' notes, 概况
//! (the department, 职责, 机构设置, 内设科室, 所属单位), the 整体 and project forms'
//! indicators, the project forms' funds and texts, the 情况说明 sections, 附件 and 名词解释.
//! Not yet: the facts the 情况说明 quotes (上年数, 政府采购, 国有资产).

use super::edit::{
    Edit, FormRef, FundField, IndicatorText, Item, ListRef, Period, ProjectText, RowField,
    TextTarget,
};
use super::money::Amount;
use super::{FormFunds, Indicator, Package, ProjectForm, Row};
use serde::Serialize;

/// What kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ChangeKind {
    /// 新增: in the other version only.
    Added,
    /// 删除: in this version only.
    Removed,
    /// 修改: in both, different.
    Changed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
            ChangeKind::Changed => "修改",
        }
    }
}

/// A run of a word-level text diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextRun {
    /// "=" same, "-" only in the old text, "+" only in the new.
    pub tag: &'static str,
    pub text: String,
}

/// One difference between version A (this) and version B (the other).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The page it is on ("表3", "“信访工作经费”绩效目标表", "情况说明").
    pub page: String,
    /// Where on the page ("2014001 行政运行 基本支出", "年度 产出指标/数量指标/…", "五").
    pub place: String,
    pub kind: ChangeKind,
    /// A's value (empty when added).
    pub old: String,
    /// B's value (empty when removed).
    pub new: String,
    /// new − old for amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
    /// The word-level diff of a text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<TextRun>,
    /// Applied to A, takes B's value here.
    #[serde(skip)]
    pub take_other: Edit,
    /// When applying many changes: cell and field changes first, then removals (last row
    /// first), then insertions (first row first), so row indices stay right.
    #[serde(skip)]
    order: (u8, i64),
}

impl Change {
    /// One line for the command line and the compare view.
    pub fn line(&self) -> String {
        let mut s = format!("[{}] {} {}", self.kind.label(), self.page, self.place);
        match self.kind {
            ChangeKind::Added => s.push_str(&format!("：{}", self.new)),
            ChangeKind::Removed => s.push_str(&format!("：{}", self.old)),
            ChangeKind::Changed if !self.runs.is_empty() => {
                let parts: Vec<String> = self
                    .runs
                    .iter()
                    .filter(|r| r.tag != "=")
                    .map(|r| format!("{}“{}”", if r.tag == "-" { "删" } else { "增" }, r.text))
                    .collect();
                s.push_str(&format!("：{}", parts.join("，")));
            }
            ChangeKind::Changed => {
                s.push_str(&format!("：{} → {}", self.old, self.new));
                if let Some(d) = &self.difference {
                    s.push_str(&format!("（差 {d}）"));
                }
            }
        }
        s
    }
}

/// Every difference between `a` and `b`, in the order of the package.
pub fn diff(a: &Package, b: &Package) -> Vec<Change> {
    let mut out = Vec::new();
    overview(a, b, &mut out);
    tables(a, b, &mut out);
    notes(a, b, &mut out);
    forms(a, b, &mut out);
    sections(a, b, &mut out);
    appendices(a, b, &mut out);
    out
}

/// Applies every change to `a` (the order that keeps row indices right); the result is `b` in
/// every part the comparison covers.
pub fn apply_all(a: &mut Package, changes: &[Change]) {
    let mut list: Vec<&Change> = changes.iter().collect();
    list.sort_by_key(|c| c.order);
    for c in list {
        c.take_other.clone().apply(a);
    }
}

fn amount_text(a: Amount) -> String {
    if a.is_empty() {
        "（空）".into()
    } else {
        a.display_2dp()
    }
}

fn difference(old: Amount, new: Amount) -> Option<String> {
    let d = new
        .value()
        .unwrap_or_default()
        .checked_sub(old.value().unwrap_or_default())?;
    let d = Amount::new(d);
    Some(
        if d.value()
            .is_some_and(|v| v.is_sign_positive() && !v.is_zero())
        {
            format!("+{}", d.display_2dp())
        } else {
            d.display_2dp()
        },
    )
}

/// A row's identity in its block: its code (or line key), else its unit and name.
fn row_key(r: &Row) -> String {
    if r.code.is_empty() {
        format!("{}\u{1f}{}", r.unit, r.name)
    } else {
        r.code.clone()
    }
}

fn row_label(r: &Row) -> String {
    [r.code.as_str(), r.name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn tables(a: &Package, b: &Package, out: &mut Vec<Change>) {
    let layout = a.layout();
    let empty = super::TableData::default();
    for def in &layout.tables {
        let ta = a.tables.get(&def.key).unwrap_or(&empty);
        let tb = b.tables.get(&def.key).unwrap_or(&empty);
        let page = def.label().to_string();
        for block in &def.blocks {
            let ra = ta.rows(&block.key);
            let rb = tb.rows(&block.key);
            let header = |key: &str| {
                block
                    .columns
                    .iter()
                    .find(|c| c.key == key)
                    .and_then(|c| c.header.last().cloned())
                    .map(|h| h.replace("{year}", &a.year.to_string()))
                    .unwrap_or_else(|| key.to_string())
            };
            for (i, r) in ra.iter().enumerate() {
                let key = row_key(r);
                match rb.iter().find(|x| row_key(x) == key) {
                    Some(other) => {
                        if !r.code.is_empty() && r.name != other.name {
                            out.push(Change {
                                page: page.clone(),
                                place: format!("{} 名称", row_label(r)),
                                kind: ChangeKind::Changed,
                                old: r.name.clone(),
                                new: other.name.clone(),
                                difference: None,
                                runs: Vec::new(),
                                take_other: Edit::SetRowField {
                                    table: def.key.clone(),
                                    block: block.key.clone(),
                                    row: i,
                                    field: RowField::Name,
                                    value: other.name.clone(),
                                },
                                order: (0, 0),
                            });
                        }
                        let mut cols: Vec<&String> =
                            r.cells.keys().chain(other.cells.keys()).collect();
                        cols.sort();
                        cols.dedup();
                        for col in cols {
                            let (old, new) = (r.cell(col), other.cell(col));
                            if old == new {
                                continue;
                            }
                            out.push(Change {
                                page: page.clone(),
                                place: format!("{} {}", row_label(r), header(col)),
                                kind: ChangeKind::Changed,
                                old: amount_text(old),
                                new: amount_text(new),
                                difference: difference(old, new),
                                runs: Vec::new(),
                                take_other: Edit::SetCell {
                                    table: def.key.clone(),
                                    block: block.key.clone(),
                                    row: i,
                                    column: col.clone(),
                                    value: new,
                                },
                                order: (0, 0),
                            });
                        }
                    }
                    None => out.push(Change {
                        page: page.clone(),
                        place: row_label(r),
                        kind: ChangeKind::Removed,
                        old: row_summary(r),
                        new: String::new(),
                        difference: None,
                        runs: Vec::new(),
                        take_other: Edit::RemoveRow {
                            table: def.key.clone(),
                            block: block.key.clone(),
                            index: i,
                        },
                        order: (1, -(i as i64)),
                    }),
                }
            }
            for (j, r) in rb.iter().enumerate() {
                let key = row_key(r);
                if ra.iter().any(|x| row_key(x) == key) {
                    continue;
                }
                out.push(Change {
                    page: page.clone(),
                    place: row_label(r),
                    kind: ChangeKind::Added,
                    old: String::new(),
                    new: row_summary(r),
                    difference: None,
                    runs: Vec::new(),
                    take_other: Edit::InsertRow {
                        table: def.key.clone(),
                        block: block.key.clone(),
                        index: j,
                        row: r.clone(),
                    },
                    order: (2, j as i64),
                });
            }
        }
    }
}

/// The notes printed under the tables ("注：本表无数据").
fn notes(a: &Package, b: &Package, out: &mut Vec<Change>) {
    for def in &a.layout().tables {
        let na = a
            .tables
            .get(&def.key)
            .map(|t| t.note.as_str())
            .unwrap_or("");
        let nb = b
            .tables
            .get(&def.key)
            .map(|t| t.note.as_str())
            .unwrap_or("");
        if na != nb {
            out.push(text_change(
                &def.label(),
                "表注".into(),
                na,
                nb,
                Edit::SetTableNote {
                    table: def.key.clone(),
                    text: nb.to_string(),
                },
            ));
        }
    }
}

/// A changed text, with its word-level diff.
fn text_change(page: &str, place: String, old: &str, new: &str, take_other: Edit) -> Change {
    Change {
        page: page.to_string(),
        place,
        kind: ChangeKind::Changed,
        old: old.to_string(),
        new: new.to_string(),
        difference: None,
        runs: word_runs(old, new),
        take_other,
        order: (0, 0),
    }
}

/// How one list of the package is compared: its items are matched by key, in order (a longest
/// common subsequence), so an item inserted or removed in the middle is one change, not a
/// change of every item after it.
struct ListSpec<'s, T> {
    page: &'s str,
    list: ListRef,
    key: &'s dyn Fn(&T) -> String,
    /// Plain texts, whose key is the text: an item replaced by another at the same place is a
    /// changed item, not one removed and one added.
    pair: bool,
    place: &'s dyn Fn(usize, &T) -> String,
    text: &'s dyn Fn(&T) -> String,
    /// The edit that makes item `i` of A (the first) equal to the second, `None` when equal.
    set: &'s dyn Fn(usize, &T, &T) -> Option<Edit>,
}

fn list_changes<T: Clone + Into<Item>>(
    spec: &ListSpec<'_, T>,
    a: &[T],
    b: &[T],
    out: &mut Vec<Change>,
) {
    let ka: Vec<String> = a.iter().map(spec.key).collect();
    let kb: Vec<String> = b.iter().map(spec.key).collect();
    let changed = |out: &mut Vec<Change>, i: usize, j: usize| {
        if let Some(edit) = (spec.set)(i, &a[i], &b[j]) {
            let (old, new) = ((spec.text)(&a[i]), (spec.text)(&b[j]));
            out.push(text_change(
                spec.page,
                (spec.place)(i, &a[i]),
                &old,
                &new,
                edit,
            ));
        }
    };
    let removed = |out: &mut Vec<Change>, i: usize| {
        out.push(Change {
            page: spec.page.to_string(),
            place: (spec.place)(i, &a[i]),
            kind: ChangeKind::Removed,
            old: (spec.text)(&a[i]),
            new: String::new(),
            difference: None,
            runs: Vec::new(),
            take_other: Edit::RemoveItem {
                list: spec.list,
                index: i,
            },
            order: (1, -(i as i64)),
        })
    };
    let added = |out: &mut Vec<Change>, j: usize| {
        out.push(Change {
            page: spec.page.to_string(),
            place: (spec.place)(j, &b[j]),
            kind: ChangeKind::Added,
            old: String::new(),
            new: (spec.text)(&b[j]),
            difference: None,
            runs: Vec::new(),
            take_other: Edit::InsertItem {
                list: spec.list,
                index: j,
                item: b[j].clone().into(),
            },
            order: (2, j as i64),
        })
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb) {
        match op {
            similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (0..len).for_each(|k| changed(out, old_index + k, new_index + k)),
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len).for_each(|i| removed(out, i)),
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => (new_index..new_index + new_len).for_each(|j| added(out, j)),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = if spec.pair { old_len.min(new_len) } else { 0 };
                (0..paired).for_each(|k| changed(out, old_index + k, new_index + k));
                (old_index + paired..old_index + old_len).for_each(|i| removed(out, i));
                (new_index + paired..new_index + new_len).for_each(|j| added(out, j));
            }
        }
    }
}

/// The edit that sets a text when it differs.
fn set_text(target: TextTarget, old: &str, new: &str) -> Option<Edit> {
    (old != new).then(|| Edit::SetText {
        target,
        text: new.to_string(),
    })
}

/// 概况: the department's name and code, 职责, 机构设置, 内设科室, 所属单位.
fn overview(a: &Package, b: &Package, out: &mut Vec<Change>) {
    let page = "概况";
    let (oa, ob) = (&a.overview, &b.overview);
    for (target, place, ta, tb) in [
        (
            TextTarget::DepartmentName,
            "部门名称",
            &a.department.name,
            &b.department.name,
        ),
        (
            TextTarget::DepartmentCode,
            "部门代码",
            &a.department.code,
            &b.department.code,
        ),
        (
            TextTarget::DutiesIntro,
            "主要职能",
            &oa.duties_intro,
            &ob.duties_intro,
        ),
    ] {
        if let Some(e) = set_text(target, ta, tb) {
            out.push(text_change(page, place.into(), ta, tb, e));
        }
    }
    let plain = |s: &String| s.clone();
    list_changes(
        &ListSpec {
            page,
            list: ListRef::Duties,
            key: &plain,
            pair: true,
            place: &|i, _: &String| format!("职责{}", i + 1),
            text: &plain,
            set: &|i, x: &String, y: &String| set_text(TextTarget::Duty(i), x, y),
        },
        &oa.duties,
        &ob.duties,
        out,
    );
    if let Some(e) = set_text(TextTarget::Organization, &oa.organization, &ob.organization) {
        out.push(text_change(
            page,
            "机构设置".into(),
            &oa.organization,
            &ob.organization,
            e,
        ));
    }
    list_changes(
        &ListSpec {
            page,
            list: ListRef::Offices,
            key: &plain,
            pair: true,
            place: &|i, _: &String| format!("内设科室{}", i + 1),
            text: &plain,
            set: &|i, x: &String, y: &String| set_text(TextTarget::Office(i), x, y),
        },
        &oa.offices,
        &ob.offices,
        out,
    );
    list_changes(
        &ListSpec {
            page,
            list: ListRef::Units,
            key: &|u: &super::OrgUnit| u.name.clone(),
            pair: false,
            place: &|_, u: &super::OrgUnit| format!("所属单位 {}", u.name),
            text: &|u: &super::OrgUnit| format!("{}（{}）", u.name, u.kind.label()),
            set: &|i, x: &super::OrgUnit, y: &super::OrgUnit| {
                (x.kind != y.kind).then_some(Edit::SetUnitKind {
                    index: i,
                    kind: y.kind,
                })
            },
        },
        &oa.units,
        &ob.units,
        out,
    );
}

/// 附件 (by title) and 名词解释 (by term).
fn appendices(a: &Package, b: &Package, out: &mut Vec<Change>) {
    list_changes(
        &ListSpec {
            page: "附件",
            list: ListRef::Appendices,
            key: &|x: &super::Appendix| x.title.clone(),
            pair: false,
            place: &|_, x: &super::Appendix| x.title.clone(),
            text: &|x: &super::Appendix| x.text.clone(),
            set: &|i, x: &super::Appendix, y: &super::Appendix| {
                set_text(TextTarget::AppendixText(i), &x.text, &y.text)
            },
        },
        &a.appendices,
        &b.appendices,
        out,
    );
    list_changes(
        &ListSpec {
            page: "名词解释",
            list: ListRef::Glossary,
            key: &|x: &super::GlossaryEntry| x.term.clone(),
            pair: false,
            place: &|_, x: &super::GlossaryEntry| x.term.clone(),
            text: &|x: &super::GlossaryEntry| x.definition.clone(),
            set: &|i, x: &super::GlossaryEntry, y: &super::GlossaryEntry| {
                set_text(
                    TextTarget::GlossaryDefinition(i),
                    &x.definition,
                    &y.definition,
                )
            },
        },
        &a.glossary,
        &b.glossary,
        out,
    );
}

fn row_summary(r: &Row) -> String {
    let cells: Vec<String> = r
        .cells
        .iter()
        .map(|(k, v)| format!("{k}={}", v.display_2dp()))
        .collect();
    cells.join(" ")
}

fn form_page(name: &str) -> String {
    if name == "整体" {
        "整体绩效目标表".into()
    } else {
        format!("“{name}”绩效目标表")
    }
}

fn forms(a: &Package, b: &Package, out: &mut Vec<Change>) {
    indicators(
        "整体",
        FormRef::Overall,
        Period::Year,
        "",
        &a.overall_form.indicators,
        &b.overall_form.indicators,
        out,
    );
    for (i, fa) in a.project_forms.iter().enumerate() {
        let Some(fb) = b.project_forms.iter().find(|f| f.name == fa.name) else {
            continue;
        };
        let page = form_page(&fa.name);
        for (period, pa, pb, label) in [
            (
                Period::Implementation,
                &fa.funds_period,
                &fb.funds_period,
                "实施期资金",
            ),
            (Period::Year, &fa.funds_year, &fb.funds_year, "年度资金"),
        ] {
            for (field, name, va, vb) in funds(pa, pb) {
                if va == vb {
                    continue;
                }
                out.push(Change {
                    page: page.clone(),
                    place: format!("{label}{name}"),
                    kind: ChangeKind::Changed,
                    old: amount_text(va),
                    new: amount_text(vb),
                    difference: difference(va, vb),
                    runs: Vec::new(),
                    take_other: Edit::SetFormFund {
                        form: i,
                        period,
                        field,
                        value: vb,
                    },
                    order: (0, 0),
                });
            }
        }
        for (field, name, ta, tb) in texts(fa, fb) {
            if ta == tb {
                continue;
            }
            out.push(Change {
                page: page.clone(),
                place: name.to_string(),
                kind: ChangeKind::Changed,
                old: ta.to_string(),
                new: tb.to_string(),
                difference: None,
                runs: word_runs(ta, tb),
                take_other: Edit::SetText {
                    target: TextTarget::Project(i, field),
                    text: tb.to_string(),
                },
                order: (0, 0),
            });
        }
        for (period, la, lb, label) in [
            (
                Period::Implementation,
                &fa.indicators_period,
                &fb.indicators_period,
                "实施期",
            ),
            (
                Period::Year,
                &fa.indicators_year,
                &fb.indicators_year,
                "年度",
            ),
        ] {
            indicators(&fa.name, FormRef::Project(i), period, label, la, lb, out);
        }
    }
}

fn funds(a: &FormFunds, b: &FormFunds) -> [(FundField, &'static str, Amount, Amount); 6] {
    [
        (FundField::Total, "总额", a.total, b.total),
        (FundField::Central, "中央", a.central, b.central),
        (FundField::Provincial, "省级", a.provincial, b.provincial),
        (FundField::Local, "市县", a.local, b.local),
        (
            FundField::SelfRaised,
            "单位自筹",
            a.self_raised,
            b.self_raised,
        ),
        (FundField::Other, "其他", a.other, b.other),
    ]
}

fn texts<'p>(
    a: &'p ProjectForm,
    b: &'p ProjectForm,
) -> Vec<(ProjectText, &'static str, &'p str, &'p str)> {
    use ProjectText as T;
    vec![
        (T::Overview, "项目概况", &a.overview, &b.overview),
        (T::Basis, "立项依据", &a.basis, &b.basis),
        (T::Necessity, "必要性", &a.necessity, &b.necessity),
        (T::Safeguards, "保障措施", &a.safeguards, &b.safeguards),
        (T::Plan, "实施计划", &a.plan, &b.plan),
        (
            T::GoalPeriod,
            "实施期总体目标",
            &a.goal_period,
            &b.goal_period,
        ),
        (T::GoalYear, "年度总体目标", &a.goal_year, &b.goal_year),
    ]
}

fn indicator_key(i: &Indicator) -> (&str, &str, &str) {
    (&i.level1, &i.level2, &i.name)
}

fn indicators(
    form: &str,
    fref: FormRef,
    period: Period,
    period_label: &str,
    la: &[Indicator],
    lb: &[Indicator],
    out: &mut Vec<Change>,
) {
    let page = form_page(form);
    let place = |i: &Indicator| {
        let path = format!("{}/{}/{}", i.level1, i.level2, i.name);
        if period_label.is_empty() {
            path
        } else {
            format!("{period_label} {path}")
        }
    };
    let list = super::edit::ListRef::Indicators(fref, period);
    for (idx, ia) in la.iter().enumerate() {
        match lb.iter().find(|x| indicator_key(x) == indicator_key(ia)) {
            Some(ib) if ib.value != ia.value => out.push(Change {
                page: page.clone(),
                place: place(ia),
                kind: ChangeKind::Changed,
                old: ia.value.clone(),
                new: ib.value.clone(),
                difference: None,
                runs: Vec::new(),
                take_other: Edit::SetText {
                    target: TextTarget::Indicator {
                        form: fref,
                        period,
                        index: idx,
                        part: IndicatorText::Value,
                    },
                    text: ib.value.clone(),
                },
                order: (0, 0),
            }),
            Some(_) => {}
            None => out.push(Change {
                page: page.clone(),
                place: place(ia),
                kind: ChangeKind::Removed,
                old: ia.value.clone(),
                new: String::new(),
                difference: None,
                runs: Vec::new(),
                take_other: Edit::RemoveItem { list, index: idx },
                order: (1, -(idx as i64)),
            }),
        }
    }
    for (idx, ib) in lb.iter().enumerate() {
        if la.iter().any(|x| indicator_key(x) == indicator_key(ib)) {
            continue;
        }
        out.push(Change {
            page: page.clone(),
            place: place(ib),
            kind: ChangeKind::Added,
            old: String::new(),
            new: ib.value.clone(),
            difference: None,
            runs: Vec::new(),
            take_other: Edit::InsertItem {
                list,
                index: idx,
                item: ib.clone().into(),
            },
            order: (2, idx as i64),
        });
    }
}

fn sections(a: &Package, b: &Package, out: &mut Vec<Change>) {
    for (i, sa) in a.explanation.iter().enumerate() {
        let Some(sb) = b
            .explanation
            .iter()
            .find(|s| s.number == sa.number && s.id == sa.id)
        else {
            continue;
        };
        if sa.text == sb.text {
            continue;
        }
        out.push(Change {
            page: "情况说明".into(),
            place: format!("{}、{}", sa.number, sa.title),
            kind: ChangeKind::Changed,
            old: sa.text.clone(),
            new: sb.text.clone(),
            difference: None,
            runs: word_runs(&sa.text, &sb.text),
            take_other: Edit::SetSectionText {
                index: i,
                text: sb.text.clone(),
            },
            order: (0, 0),
        });
    }
}

/// A word-level diff of two texts. Chinese has no spaces between words, so the unit is the
/// character and neighbouring changed characters are joined into one run (a changed figure or
/// phrase reads as one change).
pub fn word_runs(old: &str, new: &str) -> Vec<TextRun> {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_chars(old, new);
    let mut runs: Vec<TextRun> = Vec::new();
    for ch in diff.iter_all_changes() {
        let tag = match ch.tag() {
            similar::ChangeTag::Equal => "=",
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
        };
        match runs.last_mut() {
            Some(r) if r.tag == tag => r.text.push_str(ch.value()),
            _ => runs.push(TextRun {
                tag,
                text: ch.value().to_string(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_figure_is_one_run() {
        let runs = word_runs("基本支出94.76万元", "基本支出95.76万元");
        let changed: Vec<(&str, &str)> = runs
            .iter()
            .filter(|r| r.tag != "=")
            .map(|r| (r.tag, r.text.as_str()))
            .collect();
        assert_eq!(changed, vec![("-", "4"), ("+", "5")]);
    }

    #[test]
    fn the_same_package_has_no_changes() {
        let p = crate::io::sample::sample();
        assert!(diff(&p, &p).is_empty());
    }
}
