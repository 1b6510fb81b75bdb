//! Next year's package made from this year's: the same layout, department, units, duties,
//! rows (codes, projects, units) and texts, with every amount emptied, the years of the texts
//! moved on, and this year's figures kept as the 上年数 the new text compares with.

use super::comments::Anchor;
use super::layout::{RowsDef, TableKind as K};
use super::{Amount, Comment, FormFunds, Package, PriorYear};
use crate::catalog::Catalog;
use crate::rules::text::{Fig, Fund, value};

/// A code of the old package that the new year's catalog renames or no longer lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeChange {
    /// The table's label ("表3").
    pub table: String,
    pub code: String,
    /// The name the row has.
    pub name: String,
    /// The new year's name; `None` when the new year's catalog does not list the code.
    pub new_name: Option<String>,
}

impl CodeChange {
    /// A Chinese sentence saying what changed.
    pub fn describe(&self, year: i32) -> String {
        match &self.new_name {
            Some(n) => format!(
                "{} 科目 {}“{}”在{year}年目录中名称为“{n}”",
                self.table, self.code, self.name
            ),
            None => format!(
                "{} 科目 {}“{}”不在{year}年分类科目目录中",
                self.table, self.code, self.name
            ),
        }
    }
}

/// The new package and what it asks the user to look at.
#[derive(Clone, Debug)]
pub struct NextYear {
    pub package: Package,
    /// Codes renamed or removed in the new year's catalog.
    pub code_changes: Vec<CodeChange>,
}

/// The author of the review notes the new package carries.
pub const REVIEW_AUTHOR: &str = "从上年文件生成";

/// This year's figures that become next year's 上年数 (万元; a table in 元 converted exactly):
/// the same figures the text rules compare a year-on-year change with.
pub fn prior_of(pkg: &Package, catalog: &Catalog) -> PriorYear {
    // A 自动 table's figures are the computed ones the user saw.
    let pkg = &*super::derive::resolved(pkg, catalog);
    let ctx = crate::rules::Context::new(pkg, catalog);
    let get = |figs: Vec<Fig>| -> Amount {
        value(&ctx, &Fig::First(figs), None)
            .map(Amount::new)
            .unwrap_or(Amount::EMPTY)
    };
    let three = |line: &'static str, col: &'static str| {
        get(vec![
            Fig::Line(K::ThreePublic, "main", line, "total"),
            Fig::Line(K::ThreePublicAndOperating, "main", "budget", col),
        ])
    };
    PriorYear {
        income_total: get(vec![Fig::Line(
            K::BudgetSummary,
            "income",
            "grand_total",
            "amount",
        )]),
        expenditure_total: get(vec![
            Fig::Line(K::BudgetSummary, "expenditure", "grand_total", "total"),
            Fig::Spend(Fund::All, "total"),
        ]),
        general_expenditure: get(vec![Fig::Spend(Fund::General, "total")]),
        abroad: three("abroad", "abroad"),
        reception: three("reception", "reception"),
        vehicle_purchase: three("vehicle_purchase", "vehicle_purchase"),
        vehicle_running: three("vehicle_running", "vehicle_running"),
        operating_cost: get(vec![
            Fig::Total(K::OperatingCost, "main", "total"),
            Fig::Line(
                K::ThreePublicAndOperating,
                "main",
                "budget",
                "operating_cost",
            ),
        ]),
        fiscal: get(vec![
            Fig::Line(K::BudgetSummary, "income", "fiscal", "amount"),
            Fig::Line(K::FiscalSummary, "income", "year_total", "amount"),
        ]),
        basic: get(vec![Fig::Spend(Fund::All, "basic")]),
        project: get(vec![Fig::Spend(Fund::All, "project")]),
        procurement: pkg.facts.procurement.total,
    }
}

/// `text` with the years `from` and `from − 1` written as `to` and `to − 1`: a four-digit
/// number standing alone (not part of a longer one), so "2026年" becomes "2027年" and the
/// "2025年" it compared with becomes "2026年", in one pass (no year is moved twice).
pub fn move_years(text: &str, from: i32, to: i32) -> String {
    let (cur, prev) = (from.to_string(), (from - 1).to_string());
    let (new_cur, new_prev) = (to.to_string(), (to - 1).to_string());
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // Digits are ASCII, so start..i is on character boundaries.
            let run = &text[start..i];
            let with = if run == cur {
                Some(&new_cur)
            } else if run == prev {
                Some(&new_prev)
            } else {
                None
            };
            if let Some(w) = with {
                out.push_str(&text[last..start]);
                out.push_str(w);
                last = i;
            }
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Next year's package from `pkg` for `year`.
pub fn next_year(pkg: &Package, year: i32, catalog: &Catalog) -> NextYear {
    let from = pkg.year;
    let mv = |s: &str| move_years(s, from, year);
    let mut next = pkg.clone();
    next.year = year;
    next.facts.prior_year = prior_of(pkg, catalog);
    // This year's 政府采购 and 绩效 amounts are not next year's.
    next.facts.procurement = Default::default();
    next.facts.performance.projects_with_targets_amount = Amount::EMPTY;
    next.facts.assets.as_of = mv(&pkg.facts.assets.as_of);

    let mut code_changes = Vec::new();
    let layout = pkg.layout();
    for def in &layout.tables {
        let Some(data) = next.tables.get_mut(&def.key) else {
            continue;
        };
        data.note = mv(&data.note);
        for block in &def.blocks {
            let scheme = match &block.rows {
                RowsDef::Codes { scheme, .. } => Some(*scheme),
                _ => None,
            };
            for row in data.blocks.get_mut(&block.key).into_iter().flatten() {
                row.cells.clear();
                let Some(scheme) = scheme else { continue };
                if row.code.is_empty() {
                    continue;
                }
                let new_name = catalog.name(scheme, year, &row.code);
                if new_name.is_some_and(|n| n == row.name) || row.name.is_empty() {
                    continue;
                }
                // Only what the new year changes: a name the old year's catalog also disputed
                // is the old file's own matter (T4 reports it).
                let old_name = catalog.name(scheme, from, &row.code);
                if new_name.is_some() && new_name == old_name {
                    continue;
                }
                if new_name.is_none() && old_name.is_none() {
                    continue;
                }
                code_changes.push(CodeChange {
                    table: def.label().to_string(),
                    code: row.code.clone(),
                    name: row.name.clone(),
                    new_name: new_name.map(str::to_string),
                });
            }
        }
        // Rows not in the layout's blocks (kept from an import) are emptied too.
        for rows in data.blocks.values_mut() {
            for row in rows {
                row.cells.clear();
            }
        }
    }

    // Forms: texts and indicators stay as a draft; money is next year's to type.
    next.overall_form.by_source = Default::default();
    next.overall_form.by_direction = Default::default();
    for f in &mut next.project_forms {
        f.funds_period = FormFunds::default();
        f.funds_year = FormFunds::default();
        f.filled_on.clear();
        f.goal_year = mv(&f.goal_year);
        f.goal_period = mv(&f.goal_period);
    }
    for n in &mut next.project_notes {
        for part in [
            &mut n.overview,
            &mut n.basis,
            &mut n.implementer,
            &mut n.plan,
            &mut n.period,
            &mut n.annual_budget,
            &mut n.targets,
        ] {
            *part = mv(part);
        }
    }

    // The texts: years moved on; each section with figures is marked for review, since its
    // amounts are this year's until regenerated or retyped.
    next.comments.clear();
    for s in &mut next.explanation {
        s.title = mv(&s.title);
        s.text = mv(&s.text);
        if s.text.bytes().any(|b| b.is_ascii_digit()) {
            let section = if s.id.is_empty() { &s.number } else { &s.id };
            next.comments.push(Comment {
                id: next.comments.len() as u64 + 1,
                anchor: Some(Anchor::Section {
                    section: section.clone(),
                    quote: String::new(),
                }),
                author: REVIEW_AUTHOR.into(),
                place: format!("第三部分 {} {}", s.number, s.title),
                text: format!("本节数字是{from}年的数；录入{year}年金额后请重新生成或逐项核对"),
                ..Comment::default()
            });
        }
    }
    for c in &code_changes {
        next.comments.push(Comment {
            id: next.comments.len() as u64 + 1,
            author: REVIEW_AUTHOR.into(),
            place: format!("{} {}", c.table, c.code),
            text: c.describe(year),
            ..Comment::default()
        });
    }
    NextYear {
        package: next,
        code_changes,
    }
}
