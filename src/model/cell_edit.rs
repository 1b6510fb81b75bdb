//! The edit a typed or pasted cell means: which cells of a table's view accept input, the text
//! a cell shows and starts editing with, and the [`Edit`] that writes a typed value (a code also
//! sets its catalog name, an economic code its 政府 code, a project's name its form's). The grid
//! calls these; they know nothing of drawing, so they are tested without a window.

use crate::catalog::Catalog;
use crate::model::edit::{Edit, RowField};
use crate::model::layout::{BlockDef, CodeScheme, ColumnKind, RowsDef, TableDef};
use crate::model::money::format_2dp;
use crate::model::view::{RowRole, ViewRow};
use crate::model::{Amount, Package, Row};

/// What a drawn column of a block shows: a label column, or a data column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    Code,
    Name,
    GovName,
    /// The block's data column with this index.
    Data(usize),
}

/// What a cell accepts when typed into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editable {
    No,
    Amount,
    Code,
    Name,
}

/// What a cell accepts, by its block, its view row and its column.
/// The drawn columns of a block: its label columns, then its data columns.
pub fn block_cells(block: &BlockDef) -> Vec<CellKind> {
    use crate::model::layout::LabelColumn;
    let labels = block.labels.iter().map(|l| match l {
        LabelColumn::Code { .. } => CellKind::Code,
        LabelColumn::Name { .. } => CellKind::Name,
        LabelColumn::GovName { .. } => CellKind::GovName,
    });
    labels
        .chain((0..block.columns.len()).map(CellKind::Data))
        .collect()
}

pub fn editable(block: &BlockDef, row: &ViewRow, col: CellKind) -> Editable {
    match col {
        CellKind::Data(i) => {
            let input = matches!(
                block.columns.get(i).map(|c| &c.kind),
                Some(ColumnKind::Input)
            );
            let row_ok = match row.role {
                RowRole::Leaf => row.stored.is_some(),
                RowRole::FixedInput => true,
                _ => false,
            };
            if input && row_ok {
                Editable::Amount
            } else {
                Editable::No
            }
        }
        CellKind::Code => match (&block.rows, row.stored) {
            (RowsDef::Codes { .. }, Some(_)) => Editable::Code,
            _ => Editable::No,
        },
        CellKind::Name => match (&block.rows, row.stored, row.role) {
            (RowsDef::Fixed(_), _, _) => Editable::No,
            (_, Some(_), RowRole::Leaf) => Editable::Name,
            _ => Editable::No,
        },
        CellKind::GovName => Editable::No,
    }
}

/// The text a cell shows.
pub fn cell_text(row: &ViewRow, col: CellKind) -> String {
    match col {
        CellKind::Code => row.code.clone(),
        CellKind::Name => row.label.clone(),
        CellKind::GovName => row.gov_name.clone(),
        CellKind::Data(i) => row
            .cells
            .get(i)
            .and_then(|a| a.value())
            .map(format_2dp)
            .unwrap_or_default(),
    }
}

/// The text the editor starts with (an amount as stored, not rounded for display).
pub fn edit_text(row: &ViewRow, col: CellKind) -> String {
    match col {
        CellKind::Data(i) => row.cells.get(i).map(|a| a.to_string()).unwrap_or_default(),
        _ => cell_text(row, col),
    }
}

/// Builds the edit that writes `text` into a cell, or the reason it is refused. `Ok(None)`
/// means nothing changes.
pub fn cell_edit(
    pkg: &Package,
    catalog: &Catalog,
    def: &TableDef,
    block_index: usize,
    row: &ViewRow,
    col: CellKind,
    text: &str,
) -> Result<Option<Edit>, String> {
    let Some(block) = def.blocks.get(block_index) else {
        return Ok(None);
    };
    let table = def.key.clone();
    let bkey = block.key.clone();
    match editable(block, row, col) {
        Editable::No => Err("此单元格由其他数据计算得出，不能直接输入".into()),
        Editable::Amount => {
            let CellKind::Data(i) = col else {
                return Ok(None);
            };
            let value = Amount::parse(text).map_err(|e| e.to_string())?;
            if row.cells.get(i) == Some(&value) && row.role == RowRole::Leaf {
                return Ok(None);
            }
            let column = block.columns[i].key.clone();
            Ok(match (row.role, row.stored) {
                (RowRole::Leaf, Some(r)) => Some(Edit::SetCell {
                    table,
                    block: bkey,
                    row: r,
                    column,
                    value,
                }),
                (RowRole::FixedInput, _) => Some(Edit::SetLineCell {
                    table,
                    block: bkey,
                    line: row.code.clone(),
                    column,
                    value,
                }),
                _ => None,
            })
        }
        Editable::Code => {
            let Some(r) = row.stored else { return Ok(None) };
            // Full-width digits typed through an input method become ASCII; anything else is
            // refused here, where it enters.
            let code = crate::model::codes::Code::parse(text)
                .map_err(|e| e.to_string())?
                .into_string();
            if code == row.code {
                return Ok(None);
            }
            let mut edits = vec![Edit::SetRowField {
                table: table.clone(),
                block: bkey.clone(),
                row: r,
                field: RowField::Code,
                value: code.clone(),
            }];
            if let RowsDef::Codes { scheme, .. } = &block.rows
                && let Some(name) = catalog.name(*scheme, pkg.year, &code)
            {
                edits.push(Edit::SetRowField {
                    table: table.clone(),
                    block: bkey.clone(),
                    row: r,
                    field: RowField::Name,
                    value: name.to_string(),
                });
            }
            // An economic line also gets the 政府 code its unit kind maps it to (table 6 shows
            // both names), so the user never types the second classification by hand.
            if let RowsDef::Codes {
                scheme: CodeScheme::EconomicDept,
                ..
            } = &block.rows
            {
                let kind = pkg
                    .table(&table)
                    .and_then(|t| t.rows(&bkey).get(r))
                    .and_then(|row| row.unit_kind)
                    .unwrap_or_else(|| pkg.main_unit_kind());
                if let Some(gov) = catalog.map_economic(pkg.year, &code, kind) {
                    let gov_name = catalog
                        .gov_entry(pkg.year, &gov)
                        .map(|e| e.name.clone())
                        .unwrap_or_default();
                    for (field, value) in [(RowField::GovCode, gov), (RowField::GovName, gov_name)]
                    {
                        edits.push(Edit::SetRowField {
                            table: table.clone(),
                            block: bkey.clone(),
                            row: r,
                            field,
                            value,
                        });
                    }
                }
            }
            Ok(Some(Edit::Batch(edits)))
        }
        Editable::Name => {
            let Some(r) = row.stored else { return Ok(None) };
            let name = text.trim().to_string();
            if name == row.label {
                return Ok(None);
            }
            let rename_row = Edit::SetRowField {
                table,
                block: bkey,
                row: r,
                field: RowField::Name,
                value: name.clone(),
            };
            // A project of table 12 and its 绩效目标表 are joined by name: renaming one renames
            // the other in the same undo step, so F1 does not lose the pair.
            let form = (def.kind == crate::model::TableKind::ProjectsCurrent)
                .then(|| pkg.project_forms.iter().position(|f| f.name == row.label))
                .flatten();
            Ok(Some(match form {
                Some(i) => Edit::Batch(vec![
                    rename_row,
                    Edit::SetText {
                        target: crate::model::edit::TextTarget::Project(
                            i,
                            crate::model::edit::ProjectText::Name,
                        ),
                        text: name,
                    },
                ]),
                None => rename_row,
            }))
        }
    }
}

/// A new stored row from a pasted line (columns from the paste's first column on). `None` for a
/// line that is only a computed row's label (合计, a 类 with no amounts …) or is blank; an error for
/// a block of fixed lines or a bad amount.
pub fn pasted_row(
    pkg: &Package,
    catalog: &Catalog,
    block: &BlockDef,
    cols: &[CellKind],
    line: &[String],
) -> Result<Option<Row>, String> {
    if matches!(block.rows, RowsDef::Fixed(_)) {
        return Err("超出表格（本表的行是固定的）".into());
    }
    let mut row = Row::default();
    for (col, value) in cols.iter().zip(line) {
        let value = value.trim();
        match col {
            CellKind::Code => row.code = value.to_string(),
            CellKind::Name => row.name = value.to_string(),
            CellKind::GovName => row.gov_name = value.to_string(),
            CellKind::Data(i) => {
                let amount = Amount::parse(value).map_err(|e| e.to_string())?;
                // Sum columns are computed; only typed columns are stored.
                if let Some(c) = block.columns.get(*i)
                    && c.kind == ColumnKind::Input
                {
                    row.set_cell(&c.key, amount);
                }
            }
        }
    }
    if row.code.is_empty() && (row.name.is_empty() || row.name == "合计" || row.name == "部门合计")
    {
        return Ok(None);
    }
    match &block.rows {
        RowsDef::Codes { scheme, .. } => {
            if !row.code.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("“{}”不是科目编码", row.code));
            }
            if row.name.is_empty()
                && let Some(n) = catalog.name(*scheme, pkg.year, &row.code)
            {
                row.name = n.to_string();
            }
        }
        RowsDef::Projects => row.unit = pkg.department.name.clone(),
        RowsDef::Units | RowsDef::Fixed(_) => {}
    }
    Ok(Some(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::view::{TableView, table_view};

    fn sample_view(table: &str) -> (Package, &'static TableDef, TableView) {
        let pkg = crate::io::sample::sample();
        let def = crate::model::layout::shanxi_13()
            .table(table)
            .expect("layout has the table");
        let view = table_view(&pkg, Catalog::builtin(), def);
        (pkg, def, view)
    }

    #[test]
    fn computed_cells_refuse_input_and_input_lines_become_line_edits() {
        let (pkg, def, view) = sample_view("t1");
        let cat = Catalog::builtin();
        let cols = block_cells(&def.blocks[0]);
        let amount_col = cols
            .iter()
            .find(|c| matches!(c, CellKind::Data(_)))
            .expect("data column");
        let total = view.blocks[0].find("year_total").expect("本年收入合计");
        assert!(cell_edit(&pkg, cat, def, 0, total, *amount_col, "1").is_err());
        let carry = view.blocks[0].find("carryover").expect("上年结转");
        match cell_edit(&pkg, cat, def, 0, carry, *amount_col, "1,000.5 ") {
            Ok(Some(Edit::SetLineCell { line, value, .. })) => {
                assert_eq!(line, "carryover");
                assert_eq!(value, Amount::parse("1000.5").unwrap_or_default());
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = cell_edit(&pkg, cat, def, 0, carry, *amount_col, "12.345");
        assert!(err.is_err_and(|e| e.contains("小数位")));
    }

    #[test]
    fn typing_a_code_also_sets_the_catalog_name() {
        let (pkg, def, view) = sample_view("t3");
        let cat = Catalog::builtin();
        let cols = block_cells(&def.blocks[0]);
        let leaf = view.blocks[0].find("2014001").expect("row");
        let code_col = cols
            .iter()
            .find(|c| **c == CellKind::Code)
            .expect("code column");
        match cell_edit(&pkg, cat, def, 0, leaf, *code_col, "2101101") {
            Ok(Some(Edit::Batch(edits))) => {
                assert!(edits.iter().any(|e| matches!(e,
                    Edit::SetRowField { field: RowField::Name, value, .. } if value == "行政单位医疗")));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(cell_edit(&pkg, cat, def, 0, leaf, *code_col, "20a").is_err());
        // A group row (201) is computed: its code is not typed.
        let group = view.blocks[0].find("201").expect("class row");
        assert!(cell_edit(&pkg, cat, def, 0, group, *code_col, "202").is_err());
    }

    #[test]
    fn typing_an_economic_code_also_sets_the_government_code_for_the_unit_kind() {
        let (pkg, def, view) = sample_view("t6");
        let cat = Catalog::builtin();
        let cols = block_cells(&def.blocks[0]);
        let code_col = cols
            .iter()
            .find(|c| **c == CellKind::Code)
            .expect("code column");
        let gov =
            |row: &ViewRow, code: &str| match cell_edit(&pkg, cat, def, 0, row, *code_col, code) {
                Ok(Some(Edit::Batch(edits))) => edits
                    .iter()
                    .filter_map(|e| match e {
                        Edit::SetRowField {
                            field: RowField::GovCode | RowField::GovName,
                            value,
                            ..
                        } => Some(value.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
                other => panic!("unexpected {other:?}"),
            };
        // The 基本工资 line is the main (行政) unit's: retyped as 办公费 it maps to 50201 办公经费.
        let admin = view.blocks[0].find("30101").expect("基本工资");
        assert_eq!(gov(admin, "30201"), ["50201", "办公经费"]);
        // 绩效工资 is a 事业 line in the sample: its 302 line maps to 50502.
        let public = view.blocks[0].find("30107").expect("绩效工资");
        assert_eq!(gov(public, "30201"), ["50502", "商品和服务支出"]);
    }

    #[test]
    fn renaming_a_project_in_table_12_renames_its_form_in_one_step() {
        let (mut pkg, def, view) = sample_view("t12");
        let cat = Catalog::builtin();
        let cols = block_cells(&def.blocks[0]);
        let name_col = cols
            .iter()
            .find(|c| **c == CellKind::Name)
            .expect("name column");
        let row = view.blocks[0]
            .rows
            .iter()
            .find(|r| r.label == "信访工作经费")
            .expect("project row");
        let edit = cell_edit(&pkg, cat, def, 0, row, *name_col, "信访综合工作经费")
            .expect("accepted")
            .expect("an edit");
        let undo = edit.apply(&mut pkg);
        assert!(
            pkg.project_forms
                .iter()
                .any(|f| f.name == "信访综合工作经费")
        );
        assert!(
            pkg.tables["t12"]
                .rows("main")
                .iter()
                .any(|r| r.name == "信访综合工作经费")
        );
        undo.apply(&mut pkg);
        assert!(pkg.project_forms.iter().any(|f| f.name == "信访工作经费"));
    }
}
