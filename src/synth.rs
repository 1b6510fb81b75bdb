//! A generator of large synthetic packages (a county-wide consolidation) for benchmarks and
//! stress tests: tens of thousands of code rows, thousands of projects with forms, all totals
//! consistent, so a check of it measures the checker and not a flood of findings.

use crate::catalog::Catalog;
use crate::model::money::Amount;
use crate::model::{
    FormFunds, Indicator, OrgUnit, Package, ProjectForm, Row, UnitKind, chinese_number,
};
use rust_decimal::Decimal;

/// Sizes of a synthetic package.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// 项 rows in each of tables 2, 3 and 5.
    pub codes: usize,
    /// Projects in table 12, each with a form.
    pub projects: usize,
    /// Units (table 11 rows, project owners).
    pub units: usize,
}

impl Size {
    /// The county-wide consolidation of the benchmarks: 3 × 20,000 code rows + 3,000 projects
    /// + 300 units ≈ 63,400 table rows.
    pub const COUNTY: Size = Size {
        codes: 20_000,
        projects: 3_000,
        units: 300,
    };
}

/// A deterministic pseudo-random source (no dependency, same package on every machine).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// An amount in 万元 with two decimals between 0.01 and `max_cents` / 100.
    fn amount(&mut self, max_cents: u64) -> Decimal {
        Decimal::new((self.next() % max_cents + 1) as i64, 2)
    }
}

fn amt(d: Decimal) -> Amount {
    Amount::new(d)
}

fn row(code: String, name: String, cells: &[(&str, Decimal)]) -> Row {
    let mut r = Row {
        code,
        name,
        ..Row::default()
    };
    for (k, v) in cells {
        r.set_cell(k, amt(*v));
    }
    r
}

/// The county package of the benchmarks.
pub fn county() -> Package {
    generate(Size::COUNTY)
}

/// Generates a consistent package of the given size.
pub fn generate(size: Size) -> Package {
    let catalog = Catalog::builtin();
    let mut rng = Lcg(2026);
    let mut p = Package::new_empty(2026, "某县（全县汇总）");
    p.department.code = "999".into();
    p.overview.units = (0..size.units)
        .map(|i| OrgUnit {
            name: format!("某县第{}预算单位", i + 1),
            kind: if i % 5 == 4 {
                UnitKind::Public
            } else {
                UnitKind::Administrative
            },
        })
        .collect();
    let classes: Vec<String> = catalog
        .classes(2026)
        .iter()
        .map(|c| c.code.clone())
        .collect();

    // Function codes: 项 codes spread over every 类, 款 01–99, 项 01–99.
    let mut codes: Vec<String> = Vec::with_capacity(size.codes);
    'outer: for kuan in 1..100 {
        for class in &classes {
            for xiang in 1..100 {
                if codes.len() == size.codes {
                    break 'outer;
                }
                codes.push(format!("{class}{kuan:02}{xiang:02}"));
            }
        }
    }
    codes.sort();

    // Projects, each charged to one code row's 项目支出.
    let project_amounts: Vec<Decimal> = (0..size.projects).map(|_| rng.amount(50_000)).collect();
    let mut t3 = Vec::with_capacity(codes.len());
    let mut t2 = Vec::with_capacity(codes.len());
    let mut t5 = Vec::with_capacity(codes.len());
    let mut basic_total = Decimal::ZERO;
    let mut class_totals: std::collections::BTreeMap<String, Decimal> = Default::default();
    for (i, code) in codes.iter().enumerate() {
        let name = catalog
            .name(crate::model::layout::CodeScheme::Function, 2026, code)
            .map(str::to_string)
            .unwrap_or_else(|| format!("科目{code}"));
        let basic = rng.amount(20_000);
        let project = project_amounts.get(i).copied().unwrap_or(Decimal::ZERO);
        basic_total += basic;
        let total = basic + project;
        *class_totals.entry(code[..3].to_string()).or_default() += total;
        let mut cells: Vec<(&str, Decimal)> = vec![("basic", basic)];
        if !project.is_zero() {
            cells.push(("project", project));
        }
        t3.push(row(code.clone(), name.clone(), &cells));
        t5.push(row(code.clone(), name.clone(), &cells));
        t2.push(row(code.clone(), name, &[("general", total)]));
    }
    let grand: Decimal = class_totals.values().copied().sum();
    p.table_mut("t2").blocks.insert("main".into(), t2);
    p.table_mut("t3").blocks.insert("main".into(), t3);
    p.table_mut("t5").blocks.insert("main".into(), t5);
    for (key, col) in [("t1", "current"), ("t4", "general")] {
        let rows: Vec<Row> = class_totals
            .iter()
            .map(|(c, v)| row(c.clone(), String::new(), &[(col, *v)]))
            .collect();
        p.table_mut(key).blocks.insert("expenditure".into(), rows);
        p.table_mut(key).blocks.insert(
            "income".into(),
            vec![row("general".into(), String::new(), &[("amount", grand)])],
        );
    }

    // Table 6: the basic total split over economic lines; 302 lines are 公用经费.
    let lines: [(&str, &str, &str, &str); 6] = [
        ("30101", "基本工资", "50101", "工资奖金津补贴"),
        ("30102", "津贴补贴", "50101", "工资奖金津补贴"),
        (
            "30108",
            "机关事业单位基本养老保险缴费",
            "50102",
            "社会保障缴费",
        ),
        ("30113", "住房公积金", "50103", "住房公积金"),
        ("30201", "办公费", "50201", "办公经费"),
        ("30302", "退休费", "50905", "离退休费"),
    ];
    let share = (basic_total / Decimal::from(lines.len())).round_dp(2);
    let mut rest = basic_total;
    let mut public_total = Decimal::ZERO;
    let mut t6 = Vec::new();
    for (i, (code, name, gov, gov_name)) in lines.iter().enumerate() {
        let v = if i + 1 == lines.len() { rest } else { share };
        rest -= v;
        let col = if code.starts_with("302") {
            public_total += v;
            "public"
        } else {
            "personnel"
        };
        let mut r = row(code.to_string(), name.to_string(), &[(col, v)]);
        r.gov_code = gov.to_string();
        r.gov_name = gov_name.to_string();
        t6.push(r);
    }
    p.table_mut("t6").blocks.insert("main".into(), t6);

    // Table 11: the 公用经费 split over units.
    let per_unit = (public_total / Decimal::from(size.units.max(1))).round_dp(2);
    let mut rest = public_total;
    let t11: Vec<Row> = p
        .overview
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let v = if i + 1 == size.units { rest } else { per_unit };
            rest -= v;
            let mut r = row(String::new(), u.name.clone(), &[("general", v)]);
            r.name = u.name.clone();
            r
        })
        .collect();
    p.table_mut("t11").blocks.insert("main".into(), t11);

    // Table 12 and one form per project.
    let mut t12 = Vec::with_capacity(size.projects);
    for (i, a) in project_amounts.iter().enumerate() {
        let unit = p.overview.units[i % size.units.max(1)].name.clone();
        let name = format!("专项项目{}", i + 1);
        let mut r = row(String::new(), name.clone(), &[("general", *a)]);
        r.unit = unit.clone();
        t12.push(r);
        let yuan = *a * Decimal::from(10_000);
        let funds = FormFunds {
            total: amt(yuan),
            local: amt(yuan),
            central: amt(Decimal::ZERO),
            provincial: amt(Decimal::ZERO),
            self_raised: amt(Decimal::ZERO),
            other: Amount::EMPTY,
        };
        let ind = |l1: &str, l2: &str, n: &str, v: String| Indicator {
            level1: l1.into(),
            level2: l2.into(),
            name: n.into(),
            value: v,
        };
        let indicators = vec![
            ind(
                "产出指标",
                "数量指标",
                "完成事项数",
                format!("≥{} 件", 10 + i % 90),
            ),
            ind("产出指标", "质量指标", "验收合格率", "≥95%".into()),
            ind("产出指标", "时效指标", "按期完成率", "=100%".into()),
            ind(
                "产出指标",
                "成本指标",
                "项目总成本",
                format!("≤{} 元", yuan.normalize()),
            ),
            ind("效益指标", "社会效益", "服务群众", "定性：优".into()),
            ind("满意度指标", "服务对象满意度", "群众满意度", "≥90%".into()),
        ];
        p.project_forms.push(ProjectForm {
            name,
            department: format!("999-{}", p.department.name),
            unit,
            attribute: "一次性项目(1年结束)".into(),
            period: "1年".into(),
            category: "其他运转类".into(),
            funds_period: funds.clone(),
            funds_year: funds,
            overview: format!("第{}个项目的概况。", chinese_number(i % 99 + 1)),
            goal_period: "完成年度任务。".into(),
            goal_year: "完成年度任务。".into(),
            indicators_period: indicators.clone(),
            indicators_year: indicators,
            ..ProjectForm::default()
        });
    }
    p.table_mut("t12").blocks.insert("main".into(), t12);

    let f = &mut p.overall_form;
    f.department = "999-某县（全县汇总）".into();
    f.budget_units = Some(size.units as u32);
    f.by_source.total = amt(grand);
    f.by_source.general = amt(grand);
    f.by_direction.total = amt(grand);
    f.by_direction.basic = amt(basic_total);
    f.by_direction.project = amt(project_amounts.iter().copied().sum());
    p
}

/// How many stored table rows a package has.
pub fn table_rows(p: &Package) -> usize {
    p.tables
        .values()
        .flat_map(|t| t.blocks.values())
        .map(|rows| rows.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TableKind;

    #[test]
    fn a_small_synthetic_package_is_consistent_in_its_totals() {
        let p = generate(Size {
            codes: 500,
            projects: 50,
            units: 10,
        });
        assert_eq!(p.project_forms.len(), 50);
        let cat = Catalog::builtin();
        let layout = p.layout();
        let def = |k| layout.table_of_kind(k).expect("layout has the table");
        let t3 = crate::model::view::table_view(&p, cat, def(TableKind::ExpenditureSummary));
        let t2 = crate::model::view::table_view(&p, cat, def(TableKind::IncomeSummary));
        let total3 = t3.blocks[0].rows[0].cells[0];
        let total2 = t2.blocks[0].rows[0].cells[0];
        assert_eq!(total2, total3);
        assert!(!total3.is_empty());
    }

    #[test]
    fn the_county_package_has_the_promised_size() {
        let p = county();
        assert!(table_rows(&p) >= 60_000, "{}", table_rows(&p));
        assert!(p.project_forms.len() >= 3_000);
    }
}
