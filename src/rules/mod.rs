//! The consistency checker: pure functions from a package to findings. Every rule is a value in
//! [`RULES`] (id, family, severity, description); the findings panel, the command line `check`
//! and the tests all read that one list.

use crate::catalog::Catalog;
use crate::model::Package;
use crate::model::edit::Edit;
use serde::Serialize;

pub mod structure;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 错误
    Error,
    /// 警告
    Warning,
    /// 提示
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Hint => "提示",
        }
    }
}

/// Where a finding is: a table cell, a form field or indicator, or a text section. Every field
/// is optional so one type serves all; unset fields are left out of JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// Table key ("t3").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Block key ("main", "income", "expenditure").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Row code, line key, or name (units, projects, economic lines without a code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// Index of the stored row, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_row: Option<usize>,
    /// Column key ("basic", "total" …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Form: "整体" or a project name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Form field ("年度资金总额", "实施期资金总额" …) or indicator ("实施期/产出指标/成本指标/年成本").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// 情况说明 section number ("五").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl Location {
    pub fn table(table: &str) -> Self {
        Location {
            table: Some(table.to_string()),
            ..Location::default()
        }
    }

    /// A human description of the place, in Chinese ("表3 2014001 基本支出").
    pub fn describe(&self, pkg: &Package) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = &self.table {
            let layout = pkg.layout();
            let def = layout.table(t);
            parts.push(match def {
                Some(d) => format!("表{}", d.number),
                None => t.clone(),
            });
            if let (Some(d), Some(b)) = (def, &self.block)
                && d.blocks.len() > 1
                && let Some(bd) = d.block(b)
            {
                parts.push(bd.caption.clone());
            }
            if let Some(r) = &self.row {
                parts.push(r.clone());
            }
            if let (Some(d), Some(c)) = (def, &self.column) {
                let header = self
                    .block
                    .as_deref()
                    .and_then(|b| d.block(b))
                    .or_else(|| d.blocks.first())
                    .and_then(|b| b.columns.iter().find(|x| &x.key == c))
                    .and_then(|x| x.header.last().cloned())
                    .unwrap_or_else(|| c.clone());
                parts.push(header.replace("{year}", &pkg.year.to_string()));
            }
        }
        if let Some(f) = &self.form {
            parts.push(if f == "整体" {
                "整体绩效目标表".to_string()
            } else {
                format!("“{f}”绩效目标表")
            });
        }
        if let Some(f) = &self.field {
            parts.push(f.clone());
        }
        if let Some(s) = &self.section {
            parts.push(format!("情况说明{s}"));
        }
        parts.join(" ")
    }
}

/// One thing the checker found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Rule id from DOMAIN.md ("F2", "F4.percent" for a variant).
    pub rule: String,
    pub severity: Severity,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    pub message: String,
    /// An edit that makes the finding go away, with its label.
    #[serde(skip)]
    pub fix: Option<Fix>,
}

/// A one-click fix: an undoable edit with a label for its button.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub label: String,
    pub edit: Edit,
}

/// What a rule needs besides the package.
pub struct Context<'a> {
    pub pkg: &'a Package,
    pub catalog: &'a Catalog,
}

/// A rule: a value in [`RULES`].
pub struct Rule {
    pub id: &'static str,
    /// "表内" / "表间" / "表与表单、说明" / "文件".
    pub family: &'static str,
    /// The severity of its main finding (a rule may downgrade a finding to 尾差 hint).
    pub severity: Severity,
    /// One line, in Chinese.
    pub description: &'static str,
    pub check: fn(&Context, &mut Vec<Finding>),
}

/// Every rule, in the order the findings are listed.
pub static RULES: &[Rule] = &[Rule {
    id: "S1",
    family: "文件",
    severity: Severity::Warning,
    description: "金额不应为负数",
    check: structure::negative_amounts,
}];

/// Runs every rule on a package.
pub fn check(pkg: &Package, catalog: &Catalog) -> Vec<Finding> {
    let ctx = Context { pkg, catalog };
    let mut out = Vec::new();
    for rule in RULES {
        (rule.check)(&ctx, &mut out);
    }
    out
}

/// Counts of findings by severity: (errors, warnings, hints).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, h), f| match f.severity {
            Severity::Error => (e + 1, w, h),
            Severity::Warning => (e, w + 1, h),
            Severity::Hint => (e, w, h + 1),
        })
}
