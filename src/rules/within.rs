//! Rules inside one table (T1–T5): stated totals against computed ones, the balance of the
//! summary tables, code names against the catalog, duplicates, and table 6's economic lines.
//!
//! Totals are never stored: the view computes them. So T1/T2 fire only on amounts that are
//! stored where a computed value belongs (a parent row typed or imported with its own amounts,
//! a value in a sum column or on a sum line) and differ from what the view computes.

use super::{Blk, Context, Finding, Fix, Location, Severity, cell_text, finding, tail_note, wan};
use crate::model::edit::{Edit, RowField};
use crate::model::layout::{BlockDef, RowsDef, TableDef, TableKind};
use crate::model::view::RowRole;
use crate::model::{Amount, Row};
use std::collections::HashSet;

/// Every block of every table, with its stored rows.
fn blocks<'c>(ctx: &'c Context) -> impl Iterator<Item = (Blk<'c>, &'c [Row])> {
    ctx.tables().flat_map(move |(def, view)| {
        let data = ctx.pkg.table(&def.key);
        def.blocks
            .iter()
            .zip(view.blocks.iter())
            .map(move |(b, v)| {
                let rows = data.map(|d| d.rows(&b.key)).unwrap_or(&[]);
                (
                    Blk {
                        table: def,
                        def: b,
                        view: v,
                    },
                    rows,
                )
            })
    })
}

fn clear_cell(blk: &Blk, row: usize, column: &str) -> Fix {
    Fix {
        label: "清除录入的汇总值（改为自动计算）".into(),
        edit: Edit::SetCell {
            table: blk.table.key.clone(),
            block: blk.def.key.clone(),
            row,
            column: column.to_string(),
            value: Amount::EMPTY,
        },
    }
}

/// The scan of every block with its view, for the rules that read scans.
fn scanned<'c, 'a>(
    ctx: &'c Context<'a>,
) -> impl Iterator<Item = (Blk<'c>, &'c crate::rules::scan::BlockScan<'a>)> {
    ctx.tables()
        .flat_map(|(def, view)| {
            def.blocks
                .iter()
                .zip(view.blocks.iter())
                .map(move |(b, v)| Blk {
                    table: def,
                    def: b,
                    view: v,
                })
        })
        .zip(ctx.scans())
}

/// T1: a stored row that is a total (a code with children, a sum line) holding amounts that
/// differ from the sum of its parts.
pub fn t1_row_sums(ctx: &Context, out: &mut Vec<Finding>) {
    for (blk, scan) in scanned(ctx) {
        for &(vi, ci, stated) in &scan.stated {
            let (Some(vr), Some(col)) = (blk.view.rows.get(vi), blk.def.columns.get(ci)) else {
                continue;
            };
            let Some(i) = vr.stored else { continue };
            let computed = vr.cells.get(ci).copied().unwrap_or(Amount::EMPTY);
            let Some(sev) = ctx.grade_in(blk.table, computed.or_zero(), stated, Severity::Error)
            else {
                continue;
            };
            let what = if vr.role == RowRole::Group {
                "其下级明细之和"
            } else {
                "其组成行之和"
            };
            let mut f = finding(
                "T1",
                sev,
                blk.loc(vr, Some(&col.key)),
                Some(cell_text(computed)),
                Some(wan(stated)),
                tail_note(
                    sev,
                    format!(
                        "{} “{}”录入了汇总值 {}，与{} {} 不符",
                        blk.name(),
                        vr.label,
                        wan(stated),
                        what,
                        cell_text(computed)
                    ),
                ),
            );
            f.fix = Some(clear_cell(&blk, i, &col.key));
            out.push(f);
        }
    }
}

/// T2: a stored value in a sum column (合计, 小计) that differs from the sum of its columns.
pub fn t2_column_sums(ctx: &Context, out: &mut Vec<Finding>) {
    for (blk, scan) in scanned(ctx) {
        for &(vi, ci, stored) in &scan.stored_sums {
            let (Some(vr), Some(col)) = (blk.view.rows.get(vi), blk.def.columns.get(ci)) else {
                continue;
            };
            let Some(i) = vr.stored else { continue };
            let computed = vr.cells.get(ci).copied().unwrap_or(Amount::EMPTY);
            let Some(sev) = ctx.grade_in(blk.table, computed.or_zero(), stored, Severity::Error)
            else {
                continue;
            };
            let mut f = finding(
                "T2",
                sev,
                blk.loc(vr, Some(&col.key)),
                Some(cell_text(computed)),
                Some(wan(stored)),
                tail_note(
                    sev,
                    format!(
                        "{} “{}”的合计列录入为 {}，各组成列之和为 {}",
                        blk.name(),
                        vr.label,
                        wan(stored),
                        cell_text(computed)
                    ),
                ),
            );
            f.fix = Some(clear_cell(&blk, i, &col.key));
            out.push(f);
        }
    }
}

/// T3: 收入总计 = 支出总计 in tables 1 and 4.
pub fn t3_balance(ctx: &Context, out: &mut Vec<Finding>) {
    for kind in [TableKind::BudgetSummary, TableKind::FiscalSummary] {
        let (Some(inc), Some(exp)) = (ctx.block(kind, "income"), ctx.block(kind, "expenditure"))
        else {
            continue;
        };
        let income = inc.cell("grand_total", "amount");
        let spend = exp.cell("grand_total", "total");
        if let Some(sev) = ctx.grade_in(inc.table, income, spend, Severity::Error) {
            out.push(finding(
                "T3",
                sev,
                exp.loc_key("grand_total", Some("total")),
                Some(wan(income)),
                Some(wan(spend)),
                tail_note(
                    sev,
                    format!(
                        "{} 收支不平衡：收入总计 {}，支出总计 {}",
                        inc.name(),
                        wan(income),
                        wan(spend)
                    ),
                ),
            ));
        }
    }
}

fn stored_loc(blk: &Blk, i: usize, row: &Row) -> Location {
    defs_loc(blk.table, blk.def, i, row)
}

fn defs_loc(table: &TableDef, block: &BlockDef, i: usize, row: &Row) -> Location {
    Location {
        table: Some(table.key.clone()),
        block: Some(block.key.clone()),
        row: Some(if row.code.is_empty() {
            row.name.clone()
        } else {
            row.code.clone()
        }),
        stored_row: Some(i),
        ..Location::default()
    }
}

fn stored_rows<'c>(ctx: &'c Context, table: &TableDef, block: &BlockDef) -> &'c [Row] {
    ctx.pkg
        .table(&table.key)
        .map(|d| d.rows(&block.key))
        .unwrap_or(&[])
}

/// T4: a code row whose name is not the catalog's name for that code and year. Against a
/// verified entry it is a warning whose fix is the catalog's name; against an entry the catalog
/// has not confirmed (written down from the standard list, not read in a published document)
/// only a hint without a fix, since the catalog may be the one that is wrong.
pub fn t4_names(ctx: &Context, out: &mut Vec<Finding>) {
    for scan in ctx.scans() {
        let rows = stored_rows(ctx, scan.table, scan.block);
        for &(i, entry) in &scan.renamed {
            let Some(row) = rows.get(i) else { continue };
            let former = entry.former_names.iter().any(|n| n == &row.name);
            let verified = entry.verified();
            let message = format!(
                "{} 科目 {} {}“{}”，{}年目录名称为“{}”{}",
                scan.table.label(),
                row.code,
                if former {
                    "使用了旧名称"
                } else {
                    "名称为"
                },
                row.name,
                ctx.pkg.year,
                entry.name,
                if verified {
                    ""
                } else {
                    "（目录中此条目尚未经公开文件核实，请以当年正式科目为准）"
                }
            );
            let mut f = finding(
                "T4",
                if verified {
                    Severity::Warning
                } else {
                    Severity::Hint
                },
                defs_loc(scan.table, scan.block, i, row),
                Some(entry.name.clone()),
                Some(row.name.clone()),
                message,
            );
            if verified {
                f.fix = Some(Fix {
                    label: format!("改为“{}”", entry.name),
                    edit: Edit::SetRowField {
                        table: scan.table.key.clone(),
                        block: scan.block.key.clone(),
                        row: i,
                        field: RowField::Name,
                        value: entry.name.clone(),
                    },
                });
            }
            out.push(f);
        }
    }
}

/// How many unknown codes of one block are listed one by one; the rest are counted in one
/// summary finding. A block with thousands of codes the catalog lacks means the catalog is
/// incomplete, and thousands of identical warnings would bury every other finding.
pub const UNKNOWN_LISTED: usize = 50;

/// T4.unknown: a code the catalog does not know, or that is not a code of this table's tree.
pub fn t4_unknown(ctx: &Context, out: &mut Vec<Finding>) {
    let year = ctx.pkg.year;
    for scan in ctx.scans() {
        let rows = stored_rows(ctx, scan.table, scan.block);
        let RowsDef::Codes { levels, .. } = &scan.block.rows else {
            continue;
        };
        for &(i, well_formed) in scan.unknown.iter().take(UNKNOWN_LISTED) {
            let Some(row) = rows.get(i) else { continue };
            let message = if well_formed {
                format!(
                    "{} 科目编码 {} 不在{}年分类科目目录中",
                    scan.table.label(),
                    row.code,
                    year
                )
            } else {
                format!(
                    "{} 科目编码“{}”格式不正确（应为 {} 位数字）",
                    scan.table.label(),
                    row.code,
                    levels
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join("/")
                )
            };
            out.push(finding(
                "T4.unknown",
                Severity::Warning,
                defs_loc(scan.table, scan.block, i, row),
                None,
                Some(row.code.clone()),
                message,
            ));
        }
        if let Some(&(i, _)) = scan.unknown.get(UNKNOWN_LISTED)
            && let Some(row) = rows.get(i)
        {
            let all = scan.unknown.len();
            let more = all - UNKNOWN_LISTED;
            out.push(finding(
                "T4.unknown",
                Severity::Warning,
                defs_loc(scan.table, scan.block, i, row),
                None,
                Some(format!("另有 {more} 个")),
                format!(
                    "{} 另有 {more} 个科目编码不在{}年分类科目目录中（自 {} 起，共 {all} 个；请核对目录是否完整）",
                    scan.table.label(), year, row.code
                ),
            ));
        }
    }
    // Fixed blocks: stored rows that are neither a line of the layout nor a class of the year.
    for (blk, rows) in blocks(ctx) {
        let RowsDef::Fixed(lines) = &blk.def.rows else {
            continue;
        };
        let has_classes = lines.iter().any(|l| l.kind.is_classes());
        for (i, row) in rows.iter().enumerate() {
            if lines.iter().any(|l| l.key == row.code) {
                continue;
            }
            let is_class =
                has_classes && ctx.catalog.classes(year).iter().any(|c| c.code == row.code);
            if is_class {
                continue;
            }
            out.push(finding(
                "T4.unknown",
                Severity::Warning,
                stored_loc(&blk, i, row),
                None,
                Some(row.code.clone()),
                format!(
                    "{} 的行“{}”不是本表的固定行，也不是{}年的支出功能分类类级科目",
                    blk.name(),
                    row.code,
                    year
                ),
            ));
        }
    }
}

/// T4.duplicate: the same code, line, unit or project stored twice in one block (it would be
/// counted twice in every total).
pub fn t4_duplicates(ctx: &Context, out: &mut Vec<Finding>) {
    let dup = |table: &TableDef, block: &BlockDef, i: usize, row: &Row, what: &str| {
        finding(
            "T4.duplicate",
            Severity::Error,
            defs_loc(table, block, i, row),
            Some("不重复".into()),
            Some(what.to_string()),
            format!("{} 中“{}”重复出现，会在合计中重复计算", table.label(), what),
        )
    };
    for scan in ctx.scans() {
        let rows = stored_rows(ctx, scan.table, scan.block);
        for &i in &scan.duplicates {
            if let Some(row) = rows.get(i) {
                out.push(dup(scan.table, scan.block, i, row, &row.code));
            }
        }
    }
    for (blk, rows) in blocks(ctx) {
        match &blk.def.rows {
            RowsDef::Codes { .. } => {}
            RowsDef::Fixed(_) => {
                let mut seen: HashSet<&str> = HashSet::new();
                for (i, row) in rows.iter().enumerate() {
                    if !seen.insert(row.code.as_str()) {
                        out.push(dup(blk.table, blk.def, i, row, &row.code));
                    }
                }
            }
            RowsDef::Units => {
                let mut seen: HashSet<&str> = HashSet::new();
                for (i, row) in rows.iter().enumerate() {
                    if !seen.insert(row.name.as_str()) {
                        out.push(dup(blk.table, blk.def, i, row, &row.name));
                    }
                }
            }
            RowsDef::Projects => {
                let mut seen: HashSet<(&str, &str)> = HashSet::with_capacity(rows.len());
                for (i, row) in rows.iter().enumerate() {
                    if !seen.insert((row.unit.as_str(), row.name.as_str())) {
                        out.push(dup(blk.table, blk.def, i, row, &row.name));
                    }
                }
            }
        }
    }
}

/// T5: in table 6, 301/303 lines are 人员经费 and 302 lines 公用经费.
pub fn t5_personnel_public(ctx: &Context, out: &mut Vec<Finding>) {
    let Some(blk) = ctx.block(TableKind::BasicByEconomic, "main") else {
        return;
    };
    let rows = ctx
        .pkg
        .table(&blk.table.key)
        .map(|d| d.rows("main"))
        .unwrap_or(&[]);
    for vr in &blk.view.rows {
        if vr.role != RowRole::Leaf {
            continue;
        }
        let (wrong, right, label) = if vr.code.starts_with("301") || vr.code.starts_with("303") {
            ("public", "personnel", "人员经费")
        } else if vr.code.starts_with("302") {
            ("personnel", "public", "公用经费")
        } else {
            continue;
        };
        let misplaced = vr.cell(blk.def, wrong);
        let Some(m) = misplaced.value().filter(|v| !v.is_zero()) else {
            continue;
        };
        let mut f = finding(
            "T5",
            Severity::Warning,
            blk.loc(vr, Some(wrong)),
            Some("（空）".into()),
            Some(wan(m)),
            format!(
                "{} “{}”（{}）应列{}，却在另一列填了 {}",
                blk.table.label(),
                vr.label,
                vr.code,
                label,
                wan(m)
            ),
        );
        if let Some(i) = vr.stored
            && i < rows.len()
        {
            let keep = vr.cell(blk.def, right).or_zero();
            f.fix = Some(Fix {
                label: format!("移到{label}列"),
                edit: Edit::Batch(vec![
                    Edit::SetCell {
                        table: blk.table.key.clone(),
                        block: "main".into(),
                        row: i,
                        column: right.into(),
                        value: Amount::new(keep + m),
                    },
                    Edit::SetCell {
                        table: blk.table.key.clone(),
                        block: "main".into(),
                        row: i,
                        column: wrong.into(),
                        value: Amount::EMPTY,
                    },
                ]),
            });
        }
        out.push(f);
    }
}

/// T5.gov: table 6's 政府经济科目 is the one its 部门经济科目 maps to for the unit's kind.
pub fn t5_gov_mapping(ctx: &Context, out: &mut Vec<Finding>) {
    let Some(blk) = ctx.block(TableKind::BasicByEconomic, "main") else {
        return;
    };
    // A layout that does not print the 政府经济科目 (上海) has nothing to check.
    let shows_gov = blk
        .def
        .labels
        .iter()
        .any(|l| matches!(l, crate::model::layout::LabelColumn::GovName { .. }));
    if !shows_gov {
        return;
    }
    let rows = ctx
        .pkg
        .table(&blk.table.key)
        .map(|d| d.rows("main"))
        .unwrap_or(&[]);
    let year = ctx.pkg.year;
    for vr in &blk.view.rows {
        if vr.role != RowRole::Leaf {
            continue;
        }
        let Some(i) = vr.stored else { continue };
        let Some(row) = rows.get(i) else { continue };
        let kind = row.unit_kind.unwrap_or_else(|| ctx.pkg.main_unit_kind());
        let Some(gov_code) = ctx.catalog.map_economic(year, &row.code, kind) else {
            continue;
        };
        let Some(gov) = ctx.catalog.gov_entry(year, &gov_code) else {
            continue;
        };
        let code_ok = row.gov_code.is_empty() || row.gov_code == gov.code;
        if row.gov_name == gov.name && code_ok {
            continue;
        }
        let mut f = finding(
            "T5.gov",
            Severity::Warning,
            blk.loc(vr, None),
            Some(format!("{} {}", gov.code, gov.name)),
            Some(if row.gov_code.is_empty() {
                row.gov_name.clone()
            } else {
                format!("{} {}", row.gov_code, row.gov_name)
            }),
            format!(
                "{} “{}”（{}，{}单位）对应的政府经济科目应为 {} {}，表中为“{}”",
                blk.table.label(),
                row.name,
                row.code,
                kind.label(),
                gov.code,
                gov.name,
                row.gov_name
            ),
        );
        let mut edits = vec![Edit::SetRowField {
            table: blk.table.key.clone(),
            block: "main".into(),
            row: i,
            field: RowField::GovName,
            value: gov.name.clone(),
        }];
        if !code_ok {
            edits.push(Edit::SetRowField {
                table: blk.table.key.clone(),
                block: "main".into(),
                row: i,
                field: RowField::GovCode,
                value: gov.code.clone(),
            });
        }
        f.fix = Some(Fix {
            label: format!("改为“{}”", gov.name),
            edit: Edit::Batch(edits),
        });
        out.push(f);
    }
}

/// The fund an empty-table note should name for a kind of table ("本部门无政府性基金预算…").
fn fund_word(kind: TableKind) -> Option<&'static str> {
    match kind {
        TableKind::FundIncome | TableKind::FundExpenditure => Some("政府性基金"),
        TableKind::StateCapital => Some("国有资本经营"),
        TableKind::GeneralExpenditure => Some("一般公共预算"),
        TableKind::ThreePublic | TableKind::ThreePublicAndOperating => Some("三公"),
        _ => None,
    }
}

/// T6.note: the note printed under a table names another fund than the table's own (a note
/// copied from the table before it), or calls a table that has data empty.
pub fn t6_table_notes(ctx: &Context, out: &mut Vec<Finding>) {
    const FUNDS: [&str; 2] = ["政府性基金", "国有资本经营"];
    for (def, view) in ctx.tables() {
        let Some(note) = ctx.pkg.table(&def.key).map(|t| t.note.trim()) else {
            continue;
        };
        if note.is_empty() {
            continue;
        }
        let loc = Location {
            table: Some(def.key.clone()),
            field: Some("表下注释".into()),
            ..Location::default()
        };
        let says_empty = note.contains("空表") || note.contains("无数据");
        if says_empty && view.has_data() {
            out.push(finding(
                "T6.note",
                Severity::Error,
                loc.clone(),
                Some("（不注空表）".into()),
                Some(note.to_string()),
                format!("{} 有数据，表下注释却说“{note}”", def.label()),
            ));
        }
        let Some(own) = fund_word(def.kind) else {
            continue;
        };
        let other = FUNDS.iter().find(|w| **w != own && note.contains(**w));
        if let Some(other) = other
            && !note.contains(own)
        {
            out.push(finding(
                "T6.note",
                Severity::Warning,
                loc,
                Some(format!("说明本表（{own}）")),
                Some(note.to_string()),
                format!(
                    "{}（{}）的表下注释说的是“{other}”：“{note}”，疑为套用了别的表的注释",
                    def.label(),
                    def.title_for(ctx.pkg.year)
                ),
            ));
        }
    }
}
