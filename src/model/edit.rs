//! Edits of a package: every change the editor or a one-click fix makes is an [`Edit`]. Applying
//! an edit returns its inverse, which is what undo stores, so one typed value is one step.

use super::money::Amount;
use super::{
    Appendix, Comment, GlossaryEntry, Indicator, KeyTask, OrgUnit, Package, ProjectForm, Row,
    TableData, UnitKind, VehicleCount,
};

/// A text field of a stored table row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowField {
    Code,
    Name,
    Unit,
    GovCode,
    GovName,
}

/// Which performance form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormRef {
    Overall,
    Project(usize),
}

/// Which period of a project form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// 实施期
    Implementation,
    /// 年度
    Year,
}

/// An amount field of a project form's 项目资金.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FundField {
    Total,
    Central,
    Provincial,
    Local,
    SelfRaised,
    Other,
}

/// A text field of a project form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProjectText {
    Heading,
    Name,
    Department,
    Unit,
    Attribute,
    Period,
    Category,
    Overview,
    Basis,
    Necessity,
    Safeguards,
    Plan,
    GoalPeriod,
    GoalYear,
    Leader,
    Handler,
    Phone,
    FilledOn,
}

/// A text field of the 整体 form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OverallText {
    Department,
    Duties,
    StrategicGoal,
    AnnualGoal,
    /// 核心职能 of the key task with this index.
    CoreFunction(usize),
    /// 重点任务 of the key task with this index.
    Task(usize),
}

/// Which part of an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndicatorText {
    Level1,
    Level2,
    Name,
    Value,
}

/// Every free-text field of the package outside the tables and the 情况说明 (whose sections
/// have [`Edit::SetSectionText`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextTarget {
    DepartmentName,
    DepartmentCode,
    /// 本部门职责, one entry.
    Duty(usize),
    /// 机构设置情况.
    Organization,
    /// The text before the numbered duties (上海 主要职能).
    DutiesIntro,
    /// 项目经费情况说明 (上海): the project's name.
    ProjectNoteName(usize),
    /// 项目经费情况说明: part 0–6 (概述, 立项依据, 实施主体, 实施方案, 实施周期, 年度预算安排,
    /// 绩效目标).
    ProjectNotePart(usize, usize),
    /// 内设科室, one entry.
    Office(usize),
    Overall(OverallText),
    Project(usize, ProjectText),
    Indicator {
        form: FormRef,
        period: Period,
        index: usize,
        part: IndicatorText,
    },
    AppendixTitle(usize),
    AppendixText(usize),
    GlossaryTerm(usize),
    GlossaryDefinition(usize),
    /// 国有资产 counts' date ("2025年12月31日").
    AssetsAsOf,
    VehicleCategory(usize),
    /// The name of the 所属单位 with this index.
    UnitName(usize),
    SectionTitle(usize),
}

/// An amount of the 整体 form's 年度预算情况 (万元).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OverallAmount {
    SourceTotal,
    General,
    Fund,
    Capital,
    SocialInsurance,
    Special,
    Unit,
    DirectionTotal,
    Basic,
    Project,
}

/// A fact amount the 情况说明 quotes (万元, or 平方米 for the office area).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FactAmount {
    PriorIncomeTotal,
    PriorExpenditureTotal,
    PriorGeneralExpenditure,
    PriorAbroad,
    PriorReception,
    PriorVehiclePurchase,
    PriorVehicleRunning,
    PriorOperatingCost,
    PriorBasic,
    PriorProject,
    PriorProcurement,
    ProcurementTotal,
    ProcurementGoods,
    ProcurementWorks,
    ProcurementServices,
    OfficeArea,
    /// The package's 尾差 tolerance (万元).
    Tolerance,
}

/// A count (人, 个, 辆, 台) of the 整体 form or of the facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountField {
    InternalDepartments,
    BudgetUnits,
    StaffQuota,
    StaffTotal,
    StaffInQuota,
    StaffOther,
    VehicleQuota,
    /// Vehicles of the category with this index.
    Vehicles(usize),
    EquipmentOver50,
    EquipmentOver100,
    UnitsWithOverallTarget,
}

/// A list of the package that the editor inserts into, removes from and reorders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListRef {
    Duties,
    Offices,
    KeyTasks,
    Indicators(FormRef, Period),
    ProjectForms,
    Appendices,
    Glossary,
    Vehicles,
    /// 所属单位.
    Units,
}

/// One element of a [`ListRef`] list; an item of the wrong kind for the list changes nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(String),
    KeyTask(KeyTask),
    Indicator(Indicator),
    ProjectForm(Box<ProjectForm>),
    Appendix(Appendix),
    Glossary(GlossaryEntry),
    Vehicle(VehicleCount),
    Unit(OrgUnit),
}

macro_rules! item_conversions {
    ($($variant:ident($ty:ty)),*) => {$(
        impl From<$ty> for Item {
            fn from(v: $ty) -> Item {
                Item::$variant(v)
            }
        }
        impl TryFrom<Item> for $ty {
            type Error = ();
            fn try_from(item: Item) -> Result<$ty, ()> {
                match item {
                    Item::$variant(v) => Ok(v),
                    _ => Err(()),
                }
            }
        }
    )*};
}
item_conversions!(
    Text(String),
    KeyTask(KeyTask),
    Indicator(Indicator),
    Appendix(Appendix),
    Glossary(GlossaryEntry),
    Vehicle(VehicleCount),
    Unit(OrgUnit)
);

// A form is large, so an Item holds it boxed while the package's list holds it plainly.
impl From<ProjectForm> for Item {
    fn from(v: ProjectForm) -> Item {
        Item::ProjectForm(Box::new(v))
    }
}

impl TryFrom<Item> for ProjectForm {
    type Error = ();
    fn try_from(item: Item) -> Result<ProjectForm, ()> {
        match item {
            Item::ProjectForm(v) => Ok(*v),
            _ => Err(()),
        }
    }
}

/// One change to a package.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Set one amount of a stored row (by index in its block).
    SetCell {
        table: String,
        block: String,
        row: usize,
        column: String,
        value: Amount,
    },
    /// Set a fixed line's amount, creating its stored row when absent (fixed lines are stored
    /// by key, so there may be no row yet).
    SetLineCell {
        table: String,
        block: String,
        line: String,
        column: String,
        value: Amount,
    },
    SetRowField {
        table: String,
        block: String,
        row: usize,
        field: RowField,
        value: String,
    },
    InsertRow {
        table: String,
        block: String,
        index: usize,
        row: Row,
    },
    RemoveRow {
        table: String,
        block: String,
        index: usize,
    },
    /// The undo of an edit that created a stored row (an insert, or the first amount of a
    /// fixed line): removes it, and the block and table entries the edit created, so that the
    /// package is equal to what it was before.
    RemoveCreatedRow {
        table: String,
        block: String,
        index: usize,
        drop_block: bool,
        drop_table: bool,
    },
    /// Replace a 情况说明 section's text.
    /// The note printed under a table ("注：本表无数据"). Writing a note on a table with no stored
    /// entry creates the entry; its undo is [`Edit::RemoveCreatedTable`].
    SetTableNote {
        table: String,
        text: String,
    },
    /// The undo of a note that created a table's entry: removes the entry while it holds no
    /// rows, so that the package is equal to what it was before.
    RemoveCreatedTable {
        table: String,
    },
    SetSectionText {
        index: usize,
        text: String,
    },
    SetFormFund {
        form: usize,
        period: Period,
        field: FundField,
        value: Amount,
    },
    /// Replace one indicator of a form (by index in the period's list).
    SetIndicator {
        form: FormRef,
        period: Period,
        index: usize,
        indicator: Indicator,
    },
    /// Set one text field (forms, 概况, appendices, glossary, facts).
    SetText {
        target: TextTarget,
        text: String,
    },
    /// Set one amount of the 整体 form.
    SetFormAmount {
        field: OverallAmount,
        value: Amount,
    },
    /// Set one fact amount (上年数, 政府采购, office area).
    SetFact {
        field: FactAmount,
        value: Amount,
    },
    /// Set one count; `None` leaves it blank (counts of facts that are plain numbers become 0).
    /// Set the kind (行政, 参公, 事业) of the 所属单位 with this index.
    SetUnitKind {
        index: usize,
        kind: UnitKind,
    },
    SetCount {
        field: CountField,
        value: Option<u32>,
    },
    /// Insert an item into a list at `index` (clamped to the list's length).
    InsertItem {
        list: ListRef,
        index: usize,
        item: Item,
    },
    RemoveItem {
        list: ListRef,
        index: usize,
    },
    /// Move the item at `from` so that it ends at `to`.
    MoveItem {
        list: ListRef,
        from: usize,
        to: usize,
    },
    /// Insert a reviewer's comment at `index` (clamped to the list's length).
    InsertComment {
        index: usize,
        comment: Box<Comment>,
    },
    RemoveComment {
        index: usize,
    },
    /// Replace a comment (a reply, resolve or reopen).
    SetComment {
        index: usize,
        comment: Box<Comment>,
    },
    /// Set a table to 自动 or back. `drop` removes the table's entry when it holds nothing else
    /// (the undo of switching on a table that had no entry, so the package is equal again).
    SetTableAuto {
        table: String,
        auto: bool,
        drop: bool,
    },
    /// Several edits as one undo step (a paste, a fix that touches many cells).
    Batch(Vec<Edit>),
}

impl Edit {
    /// Whether every amount the edit would write is one a file may hold
    /// ([`Amount::in_range`]): a fix computed from large amounts may offer one that is not.
    pub fn amounts_in_range(&self) -> bool {
        match self {
            Edit::SetCell { value, .. }
            | Edit::SetLineCell { value, .. }
            | Edit::SetFormFund { value, .. }
            | Edit::SetFormAmount { value, .. }
            | Edit::SetFact { value, .. } => value.in_range(),
            Edit::InsertRow { row, .. } => row.cells.values().all(Amount::in_range),
            Edit::InsertItem {
                item: Item::ProjectForm(f),
                ..
            } => [&f.funds_period, &f.funds_year].iter().all(|x| {
                [
                    x.total,
                    x.central,
                    x.provincial,
                    x.local,
                    x.self_raised,
                    x.other,
                ]
                .iter()
                .all(Amount::in_range)
            }),
            Edit::Batch(edits) => edits.iter().all(Edit::amounts_in_range),
            _ => true,
        }
    }

    /// Applies the edit and returns the edit that undoes it. An edit that names something that
    /// does not exist changes nothing and returns an empty batch.
    pub fn apply(self, pkg: &mut Package) -> Edit {
        let noop = Edit::Batch(Vec::new());
        match self {
            Edit::SetCell {
                table,
                block,
                row,
                column,
                value,
            } => {
                let Some(r) = stored_rows(pkg, &table, &block).and_then(|v| v.get_mut(row)) else {
                    return noop;
                };
                let old = r.cell(&column);
                r.set_cell(&column, value);
                Edit::SetCell {
                    table,
                    block,
                    row,
                    column,
                    value: old,
                }
            }
            Edit::SetLineCell {
                table,
                block,
                line,
                column,
                value,
            } => {
                let existing = stored_rows(pkg, &table, &block)
                    .and_then(|rows| rows.iter_mut().find(|r| r.code == line));
                if let Some(r) = existing {
                    let old = r.cell(&column);
                    r.set_cell(&column, value);
                    return Edit::SetLineCell {
                        table,
                        block,
                        line,
                        column,
                        value: old,
                    };
                }
                if value.is_empty() {
                    // Emptying a line that has no stored row changes nothing.
                    return noop;
                }
                let mut row = Row {
                    code: line,
                    ..Row::default()
                };
                row.set_cell(&column, value);
                let index = usize::MAX;
                Edit::InsertRow {
                    table,
                    block,
                    index,
                    row,
                }
                .apply(pkg)
            }
            Edit::SetRowField {
                table,
                block,
                row,
                field,
                value,
            } => {
                let Some(r) = stored_rows(pkg, &table, &block).and_then(|v| v.get_mut(row)) else {
                    return noop;
                };
                let slot = match field {
                    RowField::Code => &mut r.code,
                    RowField::Name => &mut r.name,
                    RowField::Unit => &mut r.unit,
                    RowField::GovCode => &mut r.gov_code,
                    RowField::GovName => &mut r.gov_name,
                };
                let old = std::mem::replace(slot, value);
                Edit::SetRowField {
                    table,
                    block,
                    row,
                    field,
                    value: old,
                }
            }
            Edit::InsertRow {
                table,
                block,
                index,
                row,
            } => {
                let drop_table = !pkg.tables.contains_key(&table);
                let drop_block = drop_table || !pkg.tables[&table].blocks.contains_key(&block);
                let rows = pkg.table_mut(&table).rows_mut(&block);
                let index = index.min(rows.len());
                rows.insert(index, row);
                Edit::RemoveCreatedRow {
                    table,
                    block,
                    index,
                    drop_block,
                    drop_table,
                }
            }
            Edit::RemoveRow {
                table,
                block,
                index,
            } => Edit::RemoveCreatedRow {
                table,
                block,
                index,
                drop_block: false,
                drop_table: false,
            }
            .apply(pkg),
            Edit::RemoveCreatedRow {
                table,
                block,
                index,
                drop_block,
                drop_table,
            } => {
                let Some(rows) = stored_rows(pkg, &table, &block) else {
                    return noop;
                };
                if index >= rows.len() {
                    return noop;
                }
                let row = rows.remove(index);
                if drop_block && rows.is_empty() {
                    let data = pkg.table_mut(&table);
                    data.blocks.remove(&block);
                    if drop_table && data.blocks.is_empty() {
                        pkg.tables.remove(&table);
                    }
                }
                Edit::InsertRow {
                    table,
                    block,
                    index,
                    row,
                }
            }
            Edit::SetTableNote { table, text } => {
                if pkg.layout().table(&table).is_none() {
                    return noop;
                }
                let Some(t) = pkg.tables.get_mut(&table) else {
                    if text.is_empty() {
                        return noop;
                    }
                    pkg.tables.insert(
                        table.clone(),
                        TableData {
                            note: text,
                            ..TableData::default()
                        },
                    );
                    return Edit::RemoveCreatedTable { table };
                };
                let old = std::mem::replace(&mut t.note, text);
                Edit::SetTableNote { table, text: old }
            }
            Edit::RemoveCreatedTable { table } => {
                let holds_more = pkg
                    .tables
                    .get(&table)
                    .is_none_or(|t| t.auto || t.blocks.values().any(|rows| !rows.is_empty()));
                if holds_more {
                    return noop;
                }
                match pkg.tables.remove(&table) {
                    Some(t) => Edit::SetTableNote {
                        table,
                        text: t.note,
                    },
                    None => noop,
                }
            }
            Edit::SetTableAuto { table, auto, drop } => {
                let created = !pkg.tables.contains_key(&table);
                if created && !auto {
                    return noop;
                }
                let data = pkg.table_mut(&table);
                let old = std::mem::replace(&mut data.auto, auto);
                if old == auto && !created {
                    return noop;
                }
                if drop && !auto && data.blocks.is_empty() && data.note.is_empty() {
                    pkg.tables.remove(&table);
                }
                Edit::SetTableAuto {
                    table,
                    auto: old,
                    drop: created,
                }
            }
            Edit::SetSectionText { index, text } => {
                let Some(s) = pkg.explanation.get_mut(index) else {
                    return noop;
                };
                let old = std::mem::replace(&mut s.text, text);
                Edit::SetSectionText { index, text: old }
            }
            Edit::SetFormFund {
                form,
                period,
                field,
                value,
            } => {
                let Some(f) = pkg.project_forms.get_mut(form) else {
                    return noop;
                };
                let funds = match period {
                    Period::Implementation => &mut f.funds_period,
                    Period::Year => &mut f.funds_year,
                };
                let slot = match field {
                    FundField::Total => &mut funds.total,
                    FundField::Central => &mut funds.central,
                    FundField::Provincial => &mut funds.provincial,
                    FundField::Local => &mut funds.local,
                    FundField::SelfRaised => &mut funds.self_raised,
                    FundField::Other => &mut funds.other,
                };
                let old = std::mem::replace(slot, value);
                Edit::SetFormFund {
                    form,
                    period,
                    field,
                    value: old,
                }
            }
            Edit::SetIndicator {
                form,
                period,
                index,
                indicator,
            } => {
                let list = match (form, period) {
                    (FormRef::Overall, _) => Some(&mut pkg.overall_form.indicators),
                    (FormRef::Project(i), Period::Implementation) => pkg
                        .project_forms
                        .get_mut(i)
                        .map(|f| &mut f.indicators_period),
                    (FormRef::Project(i), Period::Year) => {
                        pkg.project_forms.get_mut(i).map(|f| &mut f.indicators_year)
                    }
                };
                let Some(slot) = list.and_then(|l| l.get_mut(index)) else {
                    return noop;
                };
                let old = std::mem::replace(slot, indicator);
                Edit::SetIndicator {
                    form,
                    period,
                    index,
                    indicator: old,
                }
            }
            Edit::SetText { target, text } => {
                let Some(slot) = text_slot(pkg, target) else {
                    return noop;
                };
                if *slot == text {
                    return noop;
                }
                let old = std::mem::replace(slot, text);
                Edit::SetText { target, text: old }
            }
            Edit::SetFormAmount { field, value } => {
                let s = &mut pkg.overall_form.by_source;
                let d = &mut pkg.overall_form.by_direction;
                let slot = match field {
                    OverallAmount::SourceTotal => &mut s.total,
                    OverallAmount::General => &mut s.general,
                    OverallAmount::Fund => &mut s.fund,
                    OverallAmount::Capital => &mut s.capital,
                    OverallAmount::SocialInsurance => &mut s.social_insurance,
                    OverallAmount::Special => &mut s.special,
                    OverallAmount::Unit => &mut s.unit,
                    OverallAmount::DirectionTotal => &mut d.total,
                    OverallAmount::Basic => &mut d.basic,
                    OverallAmount::Project => &mut d.project,
                };
                if *slot == value {
                    return noop;
                }
                let old = std::mem::replace(slot, value);
                Edit::SetFormAmount { field, value: old }
            }
            Edit::SetFact { field, value } => {
                let f = &mut pkg.facts;
                let slot = match field {
                    FactAmount::PriorIncomeTotal => &mut f.prior_year.income_total,
                    FactAmount::PriorExpenditureTotal => &mut f.prior_year.expenditure_total,
                    FactAmount::PriorGeneralExpenditure => &mut f.prior_year.general_expenditure,
                    FactAmount::PriorAbroad => &mut f.prior_year.abroad,
                    FactAmount::PriorReception => &mut f.prior_year.reception,
                    FactAmount::PriorVehiclePurchase => &mut f.prior_year.vehicle_purchase,
                    FactAmount::PriorVehicleRunning => &mut f.prior_year.vehicle_running,
                    FactAmount::PriorOperatingCost => &mut f.prior_year.operating_cost,
                    FactAmount::PriorBasic => &mut f.prior_year.basic,
                    FactAmount::PriorProject => &mut f.prior_year.project,
                    FactAmount::PriorProcurement => &mut f.prior_year.procurement,
                    FactAmount::ProcurementTotal => &mut f.procurement.total,
                    FactAmount::ProcurementGoods => &mut f.procurement.goods,
                    FactAmount::ProcurementWorks => &mut f.procurement.works,
                    FactAmount::ProcurementServices => &mut f.procurement.services,
                    FactAmount::OfficeArea => &mut f.assets.office_area,
                    FactAmount::Tolerance => &mut pkg.tolerance,
                };
                if *slot == value {
                    return noop;
                }
                let old = std::mem::replace(slot, value);
                Edit::SetFact { field, value: old }
            }
            Edit::SetCount { field, value } => {
                let o = &mut pkg.overall_form;
                let optional = match field {
                    CountField::InternalDepartments => Some(&mut o.internal_departments),
                    CountField::BudgetUnits => Some(&mut o.budget_units),
                    CountField::StaffQuota => Some(&mut o.staff_quota),
                    CountField::StaffTotal => Some(&mut o.staff_total),
                    CountField::StaffInQuota => Some(&mut o.staff_in_quota),
                    CountField::StaffOther => Some(&mut o.staff_other),
                    _ => None,
                };
                if let Some(slot) = optional {
                    if *slot == value {
                        return noop;
                    }
                    let old = std::mem::replace(slot, value);
                    return Edit::SetCount { field, value: old };
                }
                let a = &mut pkg.facts.assets;
                let slot = match field {
                    CountField::VehicleQuota => &mut a.vehicle_quota,
                    CountField::Vehicles(i) => match a.vehicles.get_mut(i) {
                        Some(v) => &mut v.count,
                        None => return noop,
                    },
                    CountField::EquipmentOver50 => &mut a.equipment_over_50,
                    CountField::EquipmentOver100 => &mut a.equipment_over_100,
                    _ => &mut pkg.facts.performance.units_with_overall_target,
                };
                let new = value.unwrap_or(0);
                if *slot == new {
                    return noop;
                }
                let old = std::mem::replace(slot, new);
                Edit::SetCount {
                    field,
                    value: Some(old),
                }
            }
            Edit::SetUnitKind { index, kind } => {
                let Some(u) = pkg.overview.units.get_mut(index) else {
                    return noop;
                };
                if u.kind == kind {
                    return noop;
                }
                let old = std::mem::replace(&mut u.kind, kind);
                Edit::SetUnitKind { index, kind: old }
            }
            Edit::InsertItem { list, index, item } => {
                let inserted = with_list!(pkg, list, v => match item.try_into() {
                    Ok(x) => {
                        let i = index.min(v.len());
                        v.insert(i, x);
                        Some(i)
                    }
                    Err(()) => None,
                });
                match inserted {
                    Some(index) => Edit::RemoveItem { list, index },
                    None => noop,
                }
            }
            Edit::RemoveItem { list, index } => {
                let removed: Option<Item> = with_list!(pkg, list, v => {
                    (index < v.len()).then(|| v.remove(index).into())
                });
                match removed {
                    Some(item) => Edit::InsertItem { list, index, item },
                    None => noop,
                }
            }
            Edit::MoveItem { list, from, to } => {
                let moved = with_list!(pkg, list, v => {
                    if from < v.len() && to < v.len() && from != to {
                        let x = v.remove(from);
                        v.insert(to, x);
                        Some(())
                    } else {
                        None
                    }
                });
                match moved {
                    Some(()) => Edit::MoveItem {
                        list,
                        from: to,
                        to: from,
                    },
                    None => noop,
                }
            }
            Edit::InsertComment { index, comment } => {
                let index = index.min(pkg.comments.len());
                pkg.comments.insert(index, *comment);
                Edit::RemoveComment { index }
            }
            Edit::RemoveComment { index } => {
                if index >= pkg.comments.len() {
                    return noop;
                }
                let comment = Box::new(pkg.comments.remove(index));
                Edit::InsertComment { index, comment }
            }
            Edit::SetComment { index, comment } => match pkg.comments.get_mut(index) {
                Some(slot) if *slot != *comment => Edit::SetComment {
                    index,
                    comment: Box::new(std::mem::replace(slot, *comment)),
                },
                _ => noop,
            },
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| e.apply(pkg)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }
}

/// What an edit changes, as far as the computed views and the checker care: the caches of the
/// editor recompute only this ([`crate::rules::incremental`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    /// Anything may have changed: the department's name (printed in the project tables) or the
    /// 尾差 tolerance (which grades every difference).
    pub all: bool,
    /// Something outside the stored table rows changed (forms, texts, facts, units).
    pub rest: bool,
    /// The stored rows of these blocks changed.
    pub blocks: Vec<BlockTouch>,
}

/// A block whose stored rows changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockTouch {
    pub table: String,
    pub block: String,
    /// Only amounts of these stored rows changed (no row inserted, removed or renamed); `None`
    /// when the rows themselves changed.
    pub cells: Option<Vec<usize>>,
}

impl Touched {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.all && !self.rest && self.blocks.is_empty()
    }

    /// Adds what another change touched.
    pub fn merge(&mut self, other: Touched) {
        self.all |= other.all;
        self.rest |= other.rest;
        for b in other.blocks {
            self.add_block(b);
        }
    }

    fn add_block(&mut self, b: BlockTouch) {
        match self
            .blocks
            .iter_mut()
            .find(|x| x.table == b.table && x.block == b.block)
        {
            Some(x) => match (&mut x.cells, b.cells) {
                (Some(mine), Some(theirs)) => {
                    for r in theirs {
                        if !mine.contains(&r) {
                            mine.push(r);
                        }
                    }
                }
                (cells, _) => *cells = None,
            },
            None => self.blocks.push(b),
        }
    }
}

impl Edit {
    /// What applying this edit may change (the same as what its inverse changes back).
    pub fn touches(&self) -> Touched {
        let mut t = Touched::default();
        self.touch_into(&mut t);
        t
    }

    fn touch_into(&self, t: &mut Touched) {
        let rows = |table: &String, block: &String, cells: Option<Vec<usize>>| BlockTouch {
            table: table.clone(),
            block: block.clone(),
            cells,
        };
        match self {
            Edit::SetCell {
                table, block, row, ..
            } => t.add_block(rows(table, block, Some(vec![*row]))),
            // May create the line's stored row.
            Edit::SetLineCell { table, block, .. }
            | Edit::SetRowField { table, block, .. }
            | Edit::InsertRow { table, block, .. }
            | Edit::RemoveRow { table, block, .. }
            | Edit::RemoveCreatedRow { table, block, .. } => t.add_block(rows(table, block, None)),
            Edit::SetFact {
                field: FactAmount::Tolerance,
                ..
            }
            | Edit::SetText {
                target: TextTarget::DepartmentName,
                ..
            }
            // The N2 rule reads the notes of empty tables.
            | Edit::SetTableNote { .. }
            | Edit::RemoveCreatedTable { .. }
            // Which cells are computed changes with the other tables' amounts.
            | Edit::SetTableAuto { .. } => t.all = true,
            Edit::Batch(edits) => {
                for e in edits {
                    e.touch_into(t);
                }
            }
            _ => t.rest = true,
        }
    }
}

/// The stored rows of a block, without creating the table or block when absent (an edit that
/// names nothing must leave the package equal).
fn stored_rows<'a>(pkg: &'a mut Package, table: &str, block: &str) -> Option<&'a mut Vec<Row>> {
    pkg.tables.get_mut(table)?.blocks.get_mut(block)
}

/// The list of indicators of a form and period (the 整体 form has one list for both).
fn indicators_mut(pkg: &mut Package, form: FormRef, period: Period) -> Option<&mut Vec<Indicator>> {
    match (form, period) {
        (FormRef::Overall, _) => Some(&mut pkg.overall_form.indicators),
        (FormRef::Project(i), Period::Implementation) => pkg
            .project_forms
            .get_mut(i)
            .map(|f| &mut f.indicators_period),
        (FormRef::Project(i), Period::Year) => {
            pkg.project_forms.get_mut(i).map(|f| &mut f.indicators_year)
        }
    }
}

/// Runs `$body` with `$v` bound to the typed vector a [`ListRef`] names; `None` when it does
/// not exist (a form index past the end).
macro_rules! with_list {
    ($pkg:expr, $list:expr, $v:ident => $body:expr) => {
        match $list {
            ListRef::Duties => {
                let $v = &mut $pkg.overview.duties;
                $body
            }
            ListRef::Offices => {
                let $v = &mut $pkg.overview.offices;
                $body
            }
            ListRef::KeyTasks => {
                let $v = &mut $pkg.overall_form.key_tasks;
                $body
            }
            ListRef::Indicators(form, period) => match indicators_mut($pkg, form, period) {
                Some($v) => $body,
                None => None,
            },
            ListRef::ProjectForms => {
                let $v = &mut $pkg.project_forms;
                $body
            }
            ListRef::Appendices => {
                let $v = &mut $pkg.appendices;
                $body
            }
            ListRef::Glossary => {
                let $v = &mut $pkg.glossary;
                $body
            }
            ListRef::Units => {
                let $v = &mut $pkg.overview.units;
                $body
            }
            ListRef::Vehicles => {
                let $v = &mut $pkg.facts.assets.vehicles;
                $body
            }
        }
    };
}
use with_list;

/// The string a [`TextTarget`] names, if it exists.
fn text_slot(pkg: &mut Package, target: TextTarget) -> Option<&mut String> {
    Some(match target {
        TextTarget::DepartmentName => &mut pkg.department.name,
        TextTarget::DepartmentCode => &mut pkg.department.code,
        TextTarget::Duty(i) => pkg.overview.duties.get_mut(i)?,
        TextTarget::Organization => &mut pkg.overview.organization,
        TextTarget::DutiesIntro => &mut pkg.overview.duties_intro,
        TextTarget::ProjectNoteName(i) => &mut pkg.project_notes.get_mut(i)?.name,
        TextTarget::ProjectNotePart(i, k) => {
            let n = pkg.project_notes.get_mut(i)?;
            match k {
                0 => &mut n.overview,
                1 => &mut n.basis,
                2 => &mut n.implementer,
                3 => &mut n.plan,
                4 => &mut n.period,
                5 => &mut n.annual_budget,
                6 => &mut n.targets,
                _ => return None,
            }
        }
        TextTarget::Office(i) => pkg.overview.offices.get_mut(i)?,
        TextTarget::Overall(t) => {
            let o = &mut pkg.overall_form;
            match t {
                OverallText::Department => &mut o.department,
                OverallText::Duties => &mut o.duties,
                OverallText::StrategicGoal => &mut o.strategic_goal,
                OverallText::AnnualGoal => &mut o.annual_goal,
                OverallText::CoreFunction(i) => &mut o.key_tasks.get_mut(i)?.core_function,
                OverallText::Task(i) => &mut o.key_tasks.get_mut(i)?.task,
            }
        }
        TextTarget::Project(i, t) => {
            let f = pkg.project_forms.get_mut(i)?;
            match t {
                ProjectText::Heading => &mut f.heading,
                ProjectText::Name => &mut f.name,
                ProjectText::Department => &mut f.department,
                ProjectText::Unit => &mut f.unit,
                ProjectText::Attribute => &mut f.attribute,
                ProjectText::Period => &mut f.period,
                ProjectText::Category => &mut f.category,
                ProjectText::Overview => &mut f.overview,
                ProjectText::Basis => &mut f.basis,
                ProjectText::Necessity => &mut f.necessity,
                ProjectText::Safeguards => &mut f.safeguards,
                ProjectText::Plan => &mut f.plan,
                ProjectText::GoalPeriod => &mut f.goal_period,
                ProjectText::GoalYear => &mut f.goal_year,
                ProjectText::Leader => &mut f.leader,
                ProjectText::Handler => &mut f.handler,
                ProjectText::Phone => &mut f.phone,
                ProjectText::FilledOn => &mut f.filled_on,
            }
        }
        TextTarget::Indicator {
            form,
            period,
            index,
            part,
        } => {
            let ind = indicators_mut(pkg, form, period)?.get_mut(index)?;
            match part {
                IndicatorText::Level1 => &mut ind.level1,
                IndicatorText::Level2 => &mut ind.level2,
                IndicatorText::Name => &mut ind.name,
                IndicatorText::Value => &mut ind.value,
            }
        }
        TextTarget::AppendixTitle(i) => &mut pkg.appendices.get_mut(i)?.title,
        TextTarget::AppendixText(i) => &mut pkg.appendices.get_mut(i)?.text,
        TextTarget::GlossaryTerm(i) => &mut pkg.glossary.get_mut(i)?.term,
        TextTarget::GlossaryDefinition(i) => &mut pkg.glossary.get_mut(i)?.definition,
        TextTarget::AssetsAsOf => &mut pkg.facts.assets.as_of,
        TextTarget::VehicleCategory(i) => &mut pkg.facts.assets.vehicles.get_mut(i)?.category,
        TextTarget::UnitName(i) => &mut pkg.overview.units.get_mut(i)?.name,
        TextTarget::SectionTitle(i) => &mut pkg.explanation.get_mut(i)?.title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn sample() -> Package {
        crate::io::sample::sample()
    }

    /// Applies `edit`, checks it changed the package, then that its inverse restores it exactly
    /// and that the inverse's inverse redoes it.
    fn round_trip(edit: Edit) -> Package {
        let mut p = sample();
        let before = p.clone();
        let undo = edit.apply(&mut p);
        assert_ne!(p, before, "the edit changed nothing");
        let after = p.clone();
        let redo = undo.apply(&mut p);
        assert_eq!(p, before, "undo did not restore the package");
        redo.apply(&mut p);
        assert_eq!(p, after, "redo did not repeat the edit");
        after
    }

    #[test]
    fn a_table_note_undoes_exactly_also_where_it_created_the_entry() {
        let after = round_trip(Edit::SetTableNote {
            table: "t7".into(),
            text: "注：本表无数据".into(),
        });
        assert_eq!(after.tables["t7"].note, "注：本表无数据");
        // On a package with no entry for the table: the entry is made, and undo removes it.
        let mut p = sample();
        p.tables.remove("t8");
        let before = p.clone();
        let undo = Edit::SetTableNote {
            table: "t8".into(),
            text: "注：本表无数据".into(),
        }
        .apply(&mut p);
        assert_eq!(p.tables["t8"].note, "注：本表无数据");
        assert_eq!(undo, Edit::RemoveCreatedTable { table: "t8".into() });
        let redo = undo.apply(&mut p);
        assert_eq!(p, before);
        redo.apply(&mut p);
        assert_eq!(p.tables["t8"].note, "注：本表无数据");
    }

    #[test]
    fn set_text_reaches_every_kind_of_field_and_undoes() {
        let targets = [
            TextTarget::Duty(2),
            TextTarget::Organization,
            TextTarget::Overall(OverallText::StrategicGoal),
            TextTarget::Overall(OverallText::Task(0)),
            TextTarget::Project(1, ProjectText::Basis),
            TextTarget::Project(0, ProjectText::FilledOn),
            TextTarget::Indicator {
                form: FormRef::Project(2),
                period: Period::Year,
                index: 0,
                part: IndicatorText::Value,
            },
            TextTarget::Indicator {
                form: FormRef::Overall,
                period: Period::Year,
                index: 1,
                part: IndicatorText::Name,
            },
            TextTarget::GlossaryDefinition(3),
            TextTarget::AssetsAsOf,
        ];
        for target in targets {
            let after = round_trip(Edit::SetText {
                target,
                text: "改过的文字".into(),
            });
            let mut q = after.clone();
            // Setting the same text again is no change, so no undo step.
            let inv = Edit::SetText {
                target,
                text: "改过的文字".into(),
            }
            .apply(&mut q);
            assert_eq!(inv, Edit::Batch(Vec::new()), "{target:?}");
        }
        let after = round_trip(Edit::SetText {
            target: TextTarget::Duty(0),
            text: "新职责".into(),
        });
        assert_eq!(after.overview.duties[0], "新职责");
        let mut p = sample();
        let inv = Edit::SetText {
            target: TextTarget::Duty(99),
            text: "x".into(),
        }
        .apply(&mut p);
        assert_eq!(inv, Edit::Batch(Vec::new()));
    }

    #[test]
    fn amounts_facts_and_counts_undo() {
        let v = Amount::new(rust_decimal::Decimal::from(7));
        let after = round_trip(Edit::SetFormAmount {
            field: OverallAmount::Basic,
            value: v,
        });
        assert_eq!(after.overall_form.by_direction.basic, v);
        let after = round_trip(Edit::SetFact {
            field: FactAmount::PriorOperatingCost,
            value: v,
        });
        assert_eq!(after.facts.prior_year.operating_cost, v);
        round_trip(Edit::SetFact {
            field: FactAmount::OfficeArea,
            value: Amount::EMPTY,
        });
        let after = round_trip(Edit::SetCount {
            field: CountField::StaffOther,
            value: Some(3),
        });
        assert_eq!(after.overall_form.staff_other, Some(3));
        let after = round_trip(Edit::SetCount {
            field: CountField::EquipmentOver50,
            value: Some(2),
        });
        assert_eq!(after.facts.assets.equipment_over_50, 2);
        round_trip(Edit::SetCount {
            field: CountField::StaffQuota,
            value: None,
        });
    }

    #[test]
    fn list_items_insert_remove_and_move_undo() {
        let list = ListRef::Indicators(FormRef::Project(0), Period::Implementation);
        let ind = Indicator {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: "新指标".into(),
            value: "≥1 次".into(),
        };
        let after = round_trip(Edit::InsertItem {
            list,
            index: 1,
            item: ind.clone().into(),
        });
        assert_eq!(after.project_forms[0].indicators_period[1], ind);
        let n = sample().project_forms[0].indicators_period.len();
        let after = round_trip(Edit::RemoveItem { list, index: 0 });
        assert_eq!(after.project_forms[0].indicators_period.len(), n - 1);
        let after = round_trip(Edit::MoveItem {
            list,
            from: 0,
            to: 2,
        });
        assert_eq!(
            after.project_forms[0].indicators_period[2],
            sample().project_forms[0].indicators_period[0]
        );
        let after = round_trip(Edit::MoveItem {
            list: ListRef::Duties,
            from: 3,
            to: 0,
        });
        assert_eq!(after.overview.duties[0], sample().overview.duties[3]);
        round_trip(Edit::InsertItem {
            list: ListRef::Duties,
            index: 99,
            item: Item::Text("新职责".into()),
        });
        round_trip(Edit::RemoveItem {
            list: ListRef::Glossary,
            index: 0,
        });
        let after = round_trip(Edit::InsertItem {
            list: ListRef::Units,
            index: 1,
            item: OrgUnit {
                name: "某中心".into(),
                kind: UnitKind::Public,
            }
            .into(),
        });
        assert_eq!(after.overview.units[1].kind, UnitKind::Public);
        let after = round_trip(Edit::SetUnitKind {
            index: 0,
            kind: UnitKind::CivilServiceManaged,
        });
        assert_eq!(after.overview.units[0].kind, UnitKind::CivilServiceManaged);
        round_trip(Edit::SetText {
            target: TextTarget::UnitName(0),
            text: "改名的局".into(),
        });
        round_trip(Edit::InsertItem {
            list: ListRef::KeyTasks,
            index: 0,
            item: KeyTask::default().into(),
        });
        let form = ProjectForm {
            name: "新项目".into(),
            ..ProjectForm::default()
        };
        let after = round_trip(Edit::InsertItem {
            list: ListRef::ProjectForms,
            index: 3,
            item: form.into(),
        });
        assert_eq!(after.project_forms[3].name, "新项目");
        round_trip(Edit::RemoveItem {
            list: ListRef::ProjectForms,
            index: 1,
        });
        // An item of the wrong kind, or a list that does not exist, changes nothing.
        let mut p = sample();
        let before = p.clone();
        for e in [
            Edit::InsertItem {
                list: ListRef::Duties,
                index: 0,
                item: Item::Indicator(Indicator::default()),
            },
            Edit::RemoveItem {
                list: ListRef::Indicators(FormRef::Project(9), Period::Year),
                index: 0,
            },
            Edit::MoveItem {
                list: ListRef::Duties,
                from: 0,
                to: 99,
            },
        ] {
            assert_eq!(e.apply(&mut p), Edit::Batch(Vec::new()));
        }
        assert_eq!(p, before);
    }

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let mut p = Package::new_empty(2026, "某局");
        let before = p.clone();
        let v = Amount::new(rust_decimal::Decimal::from_str("1.50").unwrap());
        let batch = Edit::Batch(vec![
            Edit::InsertRow {
                table: "t3".into(),
                block: "main".into(),
                index: 0,
                row: Row {
                    code: "2014001".into(),
                    ..Row::default()
                },
            },
            Edit::SetCell {
                table: "t3".into(),
                block: "main".into(),
                row: 0,
                column: "basic".into(),
                value: v,
            },
            Edit::SetLineCell {
                table: "t1".into(),
                block: "income".into(),
                line: "general".into(),
                column: "amount".into(),
                value: v,
            },
            Edit::SetSectionText {
                index: 2,
                text: "新".into(),
            },
        ]);
        let undo = batch.apply(&mut p);
        assert_eq!(p.tables["t3"].rows("main")[0].cell("basic"), v);
        assert_ne!(p, before);
        let redo = undo.apply(&mut p);
        // Undoing a SetLineCell leaves the (now empty) line row behind; amounts are what count.
        assert_eq!(p.tables["t3"].rows("main").len(), 0);
        assert_eq!(p.explanation, before.explanation);
        redo.apply(&mut p);
        assert_eq!(p.tables["t3"].rows("main")[0].cell("basic"), v);
    }
}
