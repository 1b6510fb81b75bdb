//! Layout templates: which tables a region publishes, their titles, columns, kinds of rows and
//! unit. Tables are data, not code, so a second layout (上海's nine tables in 元, say) is a new
//! value of [`Layout`], and rules find tables by [`TableKind`] and columns by key, never by number.

use serde::{Deserialize, Serialize};

/// The unit a table's amounts are stated in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// 万元, two decimals; sums may carry 尾差.
    Wan,
    /// 元; sums are exact.
    Yuan,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Wan => "万元",
            Unit::Yuan => "元",
        }
    }
}

/// What a table means. Rules look tables up by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableKind {
    /// 预算收支总表
    BudgetSummary,
    /// 预算收入总表
    IncomeSummary,
    /// 预算支出总表
    ExpenditureSummary,
    /// 财政拨款收支总表
    FiscalSummary,
    /// 一般公共预算支出预算表
    GeneralExpenditure,
    /// 一般公共预算基本支出分经济科目表
    BasicByEconomic,
    /// 政府性基金预算收入表
    FundIncome,
    /// 政府性基金预算支出表
    FundExpenditure,
    /// 国有资本经营预算收支预算表
    StateCapital,
    /// "三公"经费支出预算表
    ThreePublic,
    /// 机关运行经费预算表
    OperatingCost,
    /// 项目支出预算表（本年预算）
    ProjectsCurrent,
    /// 项目支出预算表（上年结转）
    ProjectsCarryover,
}

/// The kind of rows a block holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowsDef {
    /// Classification codes in a tree: code lengths of the levels (function codes 3/5/7,
    /// economic 3/5, income 3/5/7/9). A 合计 row first, parents computed from their children.
    Codes {
        scheme: CodeScheme,
        levels: Vec<usize>,
    },
    /// Lines fixed by the layout (income sources, 三公 lines), some computed from others.
    Fixed(Vec<FixedLine>),
    /// 部门合计 then one row per unit (机关运行经费).
    Units,
    /// Department › unit › project; department and unit rows are computed.
    Projects,
}

/// Which classification a code column holds (for names and completion).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeScheme {
    Function,
    EconomicDept,
    Income,
}

/// A fixed line of a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedLine {
    /// Stable key stored in the file ("general", "carryover", "201" …).
    pub key: String,
    pub label: String,
    pub kind: LineKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// Typed by the user.
    Input,
    /// The sum of the named lines, computed.
    Sum(Vec<String>),
    /// Stands for the catalog's list of function 类 of the package's year, one input line
    /// each, numbered 一、二、… as published. Its key is the prefix used by [`LineKind::Sum`]
    /// to mean "all class lines".
    Classes,
    /// A caption with no amounts (上年财政拨款结转 in table 4 is one when it is a sum, so this
    /// is for pure headings).
    Heading,
}

/// A data column of a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDef {
    /// Semantic key: "total", "general", "fund", "capital", "special", "unit", "carryover",
    /// "current", "basic", "project", "personnel", "public", "amount".
    pub key: String,
    /// Header path, top level first; equal neighbours are merged when drawn.
    pub header: Vec<String>,
    pub kind: ColumnKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnKind {
    Input,
    /// The sum of the named columns of the same row, computed.
    Sum(Vec<String>),
}

/// The columns at the left of a block that name a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelColumn {
    Code {
        header: Vec<String>,
    },
    Name {
        header: Vec<String>,
    },
    /// 政府预算支出经济科目名称 (table 6).
    GovName {
        header: Vec<String>,
    },
}

impl LabelColumn {
    pub fn header(&self) -> &[String] {
        match self {
            LabelColumn::Code { header }
            | LabelColumn::Name { header }
            | LabelColumn::GovName { header } => header,
        }
    }
}

/// One block of a table: tables 1, 4 and 9 have an income block and an expenditure block side
/// by side; the others have one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockDef {
    /// Key stored in the file ("main", "income", "expenditure").
    pub key: String,
    /// Caption over the block ("收入", "支出"), empty for a single block.
    pub caption: String,
    pub rows: RowsDef,
    pub labels: Vec<LabelColumn>,
    pub columns: Vec<ColumnDef>,
}

impl BlockDef {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// How many header rows this block needs.
    pub fn header_depth(&self) -> usize {
        let labels = self.labels.iter().map(|l| l.header().len());
        let cols = self.columns.iter().map(|c| c.header.len());
        labels.chain(cols).max().unwrap_or(1)
    }
}

/// One table of a layout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDef {
    /// Key stored in the file ("t1" … "t13").
    pub key: String,
    /// Number as published (1 … 13).
    pub number: u8,
    pub kind: TableKind,
    /// Title with "{year}" for the package's year.
    pub title: String,
    pub unit: Unit,
    pub blocks: Vec<BlockDef>,
    /// Whether the published table carries a row of column numbers (1, 2, 3 …) under the header.
    pub numbered_columns: bool,
}

impl TableDef {
    pub fn title_for(&self, year: i32) -> String {
        self.title.replace("{year}", &year.to_string())
    }

    pub fn block(&self, key: &str) -> Option<&BlockDef> {
        self.blocks.iter().find(|b| b.key == key)
    }

    /// Wide tables print in landscape.
    pub fn is_wide(&self) -> bool {
        let cols: usize = self
            .blocks
            .iter()
            .map(|b| b.labels.len() + b.columns.len())
            .sum();
        cols > 6
    }
}

/// A layout template: the tables of one region's package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub id: String,
    pub name: String,
    pub tables: Vec<TableDef>,
}

impl Layout {
    pub fn table(&self, key: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.key == key)
    }

    pub fn table_of_kind(&self, kind: TableKind) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// The layout a package names; `None` for an unknown id.
    pub fn by_id(id: &str) -> Option<&'static Layout> {
        let l = shanxi_13();
        (l.id == id).then_some(l)
    }
}

pub const SHANXI_13_ID: &str = "shanxi-13";

/// The built-in 山西 layout: the 13 tables of the sample, in 万元.
pub fn shanxi_13() -> &'static Layout {
    static LAYOUT: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();
    LAYOUT.get_or_init(build_shanxi_13)
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn input(key: &str, header: &[&str]) -> ColumnDef {
    ColumnDef {
        key: key.into(),
        header: s(header),
        kind: ColumnKind::Input,
    }
}

fn sum(key: &str, header: &[&str], of: &[&str]) -> ColumnDef {
    ColumnDef {
        key: key.into(),
        header: s(header),
        kind: ColumnKind::Sum(s(of)),
    }
}

fn line(key: &str, label: &str, kind: LineKind) -> FixedLine {
    FixedLine {
        key: key.into(),
        label: label.into(),
        kind,
    }
}

fn function_codes() -> RowsDef {
    RowsDef::Codes {
        scheme: CodeScheme::Function,
        levels: vec![3, 5, 7],
    }
}

fn code_labels(group: &str) -> Vec<LabelColumn> {
    if group.is_empty() {
        vec![
            LabelColumn::Code {
                header: s(&["科目编码"]),
            },
            LabelColumn::Name {
                header: s(&["科目名称"]),
            },
        ]
    } else {
        vec![
            LabelColumn::Code {
                header: s(&[group, "科目编码"]),
            },
            LabelColumn::Name {
                header: s(&[group, "科目名称"]),
            },
        ]
    }
}

/// 合计 / 基本支出 / 项目支出 under a common heading.
fn basic_project(top: &str) -> Vec<ColumnDef> {
    fn h<'a>(top: &'a str, x: &'a str) -> Vec<&'a str> {
        if top.is_empty() {
            vec![x]
        } else {
            vec![top, x]
        }
    }
    vec![
        sum("total", &h(top, "合计"), &["basic", "project"]),
        input("basic", &h(top, "基本支出")),
        input("project", &h(top, "项目支出")),
    ]
}

/// 合计 / 一般公共预算 / 政府性基金预算 / 国有资本经营预算.
fn three_funds(top: &str) -> Vec<ColumnDef> {
    vec![
        sum("total", &[top, "合计"], &["general", "fund", "capital"]),
        input("general", &[top, "一般公共预算"]),
        input("fund", &[top, "政府性基金预算"]),
        input("capital", &[top, "国有资本经营预算"]),
    ]
}

fn expenditure_classes_block(columns: Vec<ColumnDef>, carry_label: &str) -> BlockDef {
    BlockDef {
        key: "expenditure".into(),
        caption: "支出".into(),
        rows: RowsDef::Fixed(vec![
            line("class:", "", LineKind::Classes),
            line("year_total", "本年支出合计", LineKind::Sum(s(&["class:"]))),
            line("year_end_carry", carry_label, LineKind::Input),
            line(
                "grand_total",
                "支出总计",
                LineKind::Sum(s(&["year_total", "year_end_carry"])),
            ),
        ]),
        labels: vec![LabelColumn::Name {
            header: s(&["项目"]),
        }],
        columns,
    }
}

fn build_shanxi_13() -> Layout {
    let t1 = TableDef {
        key: "t1".into(),
        number: 1,
        kind: TableKind::BudgetSummary,
        title: "{year}年预算收支总表".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![
            BlockDef {
                key: "income".into(),
                caption: "收入".into(),
                rows: RowsDef::Fixed(vec![
                    line("general", "一、一般公共预算", LineKind::Input),
                    line("fund", "二、政府性基金预算", LineKind::Input),
                    line("capital", "三、国有资本经营预算", LineKind::Input),
                    line("special", "四、财政专户管理资金", LineKind::Input),
                    line("unit", "五、单位资金", LineKind::Input),
                    line(
                        "year_total",
                        "本年收入合计",
                        LineKind::Sum(s(&["general", "fund", "capital", "special", "unit"])),
                    ),
                    line("carryover", "上年结转", LineKind::Input),
                    line(
                        "grand_total",
                        "收入总计",
                        LineKind::Sum(s(&["year_total", "carryover"])),
                    ),
                ]),
                labels: vec![LabelColumn::Name {
                    header: s(&["项目"]),
                }],
                columns: vec![input("amount", &["{year}年"])],
            },
            expenditure_classes_block(
                vec![
                    sum("total", &["{year}年合计"], &["current", "carryover"]),
                    input("current", &["当年预算安排"]),
                    input("carryover", &["上年结转安排"]),
                ],
                "年终结转",
            ),
        ],
    };
    let t2 = TableDef {
        key: "t2".into(),
        number: 2,
        kind: TableKind::IncomeSummary,
        title: "{year}年预算收入总表".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: function_codes(),
            labels: code_labels("项目"),
            columns: vec![
                sum(
                    "total",
                    &["本年收入", "合计"],
                    &["general", "fund", "capital", "special", "unit"],
                ),
                input("general", &["本年收入", "一般公共预算"]),
                input("fund", &["本年收入", "政府性基金"]),
                input("capital", &["本年收入", "国有资本经营预算"]),
                input("special", &["本年收入", "财政专户管理资金"]),
                input("unit", &["本年收入", "单位资金"]),
                input("carryover", &["上年结转"]),
            ],
        }],
    };
    let codes_basic_project = |key: &str, number: u8, kind, title: &str, top: &str| TableDef {
        key: key.into(),
        number,
        kind,
        title: title.into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: function_codes(),
            labels: code_labels(if top.is_empty() { "" } else { "项目" }),
            columns: basic_project(top),
        }],
    };
    let t3 = codes_basic_project(
        "t3",
        3,
        TableKind::ExpenditureSummary,
        "{year}年预算支出总表",
        "{year}年预算数",
    );
    let t4 = TableDef {
        key: "t4".into(),
        number: 4,
        kind: TableKind::FiscalSummary,
        title: "{year}年财政拨款收支总表".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![
            BlockDef {
                key: "income".into(),
                caption: "收入".into(),
                rows: RowsDef::Fixed(vec![
                    line("general", "一、一般公共预算", LineKind::Input),
                    line("fund", "二、政府性基金预算", LineKind::Input),
                    line("capital", "三、国有资本经营预算", LineKind::Input),
                    line(
                        "year_total",
                        "本年收入合计",
                        LineKind::Sum(s(&["general", "fund", "capital"])),
                    ),
                    line(
                        "carryover",
                        "上年财政拨款结转",
                        LineKind::Sum(s(&[
                            "carryover_general",
                            "carryover_fund",
                            "carryover_capital",
                        ])),
                    ),
                    line("carryover_general", "一、一般公共预算", LineKind::Input),
                    line("carryover_fund", "二、政府性基金预算", LineKind::Input),
                    line("carryover_capital", "三、国有资本经营预算", LineKind::Input),
                    line(
                        "grand_total",
                        "收入总计",
                        LineKind::Sum(s(&["year_total", "carryover"])),
                    ),
                ]),
                labels: vec![LabelColumn::Name {
                    header: s(&["项目"]),
                }],
                columns: vec![input("amount", &["金额"])],
            },
            expenditure_classes_block(
                vec![
                    sum("total", &["金额", "小计"], &["general", "fund", "capital"]),
                    input("general", &["金额", "一般公共预算"]),
                    input("fund", &["金额", "政府性基金预算"]),
                    input("capital", &["金额", "国有资本经营预算"]),
                ],
                "年终结转",
            ),
        ],
    };
    let t5 = codes_basic_project(
        "t5",
        5,
        TableKind::GeneralExpenditure,
        "{year}年一般公共预算支出预算表（不含上年结转）",
        "{year}年预算数",
    );
    let t6 = TableDef {
        key: "t6".into(),
        number: 6,
        kind: TableKind::BasicByEconomic,
        title: "{year}年一般公共预算安排基本支出分经济科目表（不含上年结转）".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: RowsDef::Codes {
                scheme: CodeScheme::EconomicDept,
                levels: vec![3, 5],
            },
            labels: vec![
                LabelColumn::Code {
                    header: s(&["部门预算支出经济科目编码"]),
                },
                LabelColumn::Name {
                    header: s(&["部门预算支出经济科目名称"]),
                },
                LabelColumn::GovName {
                    header: s(&["政府预算支出经济科目名称"]),
                },
            ],
            columns: vec![
                sum(
                    "total",
                    &["{year}年预算数", "合计"],
                    &["personnel", "public"],
                ),
                input("personnel", &["{year}年预算数", "人员经费"]),
                input("public", &["{year}年预算数", "公用经费"]),
            ],
        }],
    };
    let t7 = TableDef {
        key: "t7".into(),
        number: 7,
        kind: TableKind::FundIncome,
        title: "{year}年政府性基金预算收入表（不含上年结转）".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: RowsDef::Codes {
                scheme: CodeScheme::Income,
                levels: vec![3, 5, 7, 9],
            },
            labels: vec![
                LabelColumn::Code {
                    header: s(&["项目", "收入科目编码"]),
                },
                LabelColumn::Name {
                    header: s(&["项目", "科目名称"]),
                },
            ],
            columns: vec![input("amount", &["政府性基金收入预算"])],
        }],
    };
    let t8 = codes_basic_project(
        "t8",
        8,
        TableKind::FundExpenditure,
        "{year}年政府性基金预算支出表（不含上年结转）",
        "",
    );
    let t9 = TableDef {
        key: "t9".into(),
        number: 9,
        kind: TableKind::StateCapital,
        title: "{year}年国有资本经营预算收支预算表（不含上年结转）".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![
            BlockDef {
                key: "income".into(),
                caption: "国有资本经营预算收入".into(),
                rows: RowsDef::Codes {
                    scheme: CodeScheme::Income,
                    levels: vec![3, 5, 7, 9],
                },
                labels: vec![
                    LabelColumn::Code {
                        header: s(&["项目", "收入科目编码"]),
                    },
                    LabelColumn::Name {
                        header: s(&["项目", "科目名称"]),
                    },
                ],
                columns: vec![input("amount", &["国有资本经营收入预算"])],
            },
            BlockDef {
                key: "expenditure".into(),
                caption: "国有资本经营预算支出".into(),
                rows: function_codes(),
                labels: code_labels(""),
                columns: basic_project(""),
            },
        ],
    };
    let t10 = TableDef {
        key: "t10".into(),
        number: 10,
        kind: TableKind::ThreePublic,
        title: "{year}年财政拨款安排“三公”经费支出预算表".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: RowsDef::Fixed(vec![
                line("abroad", "因公出国（境）费", LineKind::Input),
                line("reception", "公务接待费", LineKind::Input),
                line(
                    "vehicles",
                    "公务用车购置及运行费",
                    LineKind::Sum(s(&["vehicle_purchase", "vehicle_running"])),
                ),
                line("vehicle_purchase", "①公务用车购置费", LineKind::Input),
                line("vehicle_running", "②公务用车运行维护费", LineKind::Input),
                line(
                    "total",
                    "合计",
                    LineKind::Sum(s(&["abroad", "reception", "vehicles"])),
                ),
            ]),
            labels: vec![LabelColumn::Name {
                header: s(&["项目"]),
            }],
            columns: three_funds("{year}年预算数"),
        }],
    };
    let t11 = TableDef {
        key: "t11".into(),
        number: 11,
        kind: TableKind::OperatingCost,
        title: "{year}年财政拨款安排机关运行经费预算表".into(),
        unit: Unit::Wan,
        numbered_columns: false,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: RowsDef::Units,
            labels: vec![LabelColumn::Name {
                header: s(&["单位名称"]),
            }],
            columns: three_funds("{year}预算数"),
        }],
    };
    let t12 = TableDef {
        key: "t12".into(),
        number: 12,
        kind: TableKind::ProjectsCurrent,
        title: "{year}年项目支出预算表（本年预算）".into(),
        unit: Unit::Wan,
        numbered_columns: true,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: RowsDef::Projects,
            labels: vec![LabelColumn::Name {
                header: s(&["项目名称"]),
            }],
            columns: vec![
                sum(
                    "total",
                    &["合计"],
                    &["general", "fund", "capital", "special", "unit"],
                ),
                input("general", &["{year}年财政拨款", "一般公共预算"]),
                input("fund", &["{year}年财政拨款", "政府性基金预算"]),
                input("capital", &["{year}年财政拨款", "国有资本经营预算"]),
                input("special", &["财政专户管理资金"]),
                input("unit", &["单位资金"]),
            ],
        }],
    };
    let t13 = TableDef {
        key: "t13".into(),
        number: 13,
        kind: TableKind::ProjectsCarryover,
        title: "{year}年项目支出预算表（上年结转）".into(),
        unit: Unit::Wan,
        numbered_columns: true,
        blocks: vec![BlockDef {
            key: "main".into(),
            caption: String::new(),
            rows: RowsDef::Projects,
            labels: vec![LabelColumn::Name {
                header: s(&["项目名称"]),
            }],
            columns: vec![
                sum("total", &["合计"], &["general", "fund", "capital"]),
                input("general", &["{year}年财政拨款", "一般公共预算"]),
                input("fund", &["{year}年财政拨款", "政府性基金预算"]),
                input("capital", &["{year}年财政拨款", "国有资本经营预算"]),
            ],
        }],
    };
    Layout {
        id: SHANXI_13_ID.into(),
        name: "山西省部门预算公开（13张表，万元）".into(),
        tables: vec![t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanxi_layout_has_13_tables_with_unique_keys_and_valid_sums() {
        let l = shanxi_13();
        assert_eq!(l.tables.len(), 13);
        for (i, t) in l.tables.iter().enumerate() {
            assert_eq!(t.number as usize, i + 1);
            for b in &t.blocks {
                for c in &b.columns {
                    if let ColumnKind::Sum(of) = &c.kind {
                        for k in of {
                            assert!(
                                b.column_index(k).is_some(),
                                "{} {} sums unknown {k}",
                                t.key,
                                c.key
                            );
                        }
                    }
                }
                if let RowsDef::Fixed(lines) = &b.rows {
                    for ln in lines {
                        if let LineKind::Sum(of) = &ln.kind {
                            for k in of {
                                let known = lines.iter().any(|x| &x.key == k);
                                assert!(known, "{} line {} sums unknown {k}", t.key, ln.key);
                            }
                        }
                    }
                }
            }
        }
    }
}
