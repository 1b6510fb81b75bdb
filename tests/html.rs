//! The printable HTML export of the sample: every part of the published document is there, laid
//! out as published, self-contained, printable on A4, and safe against markup in package text.
//!
//! Set HTML_EXPORT_OUT=/some/file.html to keep the sample's export for a look in a browser.

use budget_disclosure::catalog::Catalog;
use budget_disclosure::io::html::{export_html, export_html_to};
use budget_disclosure::io::sample::sample;
use budget_disclosure::model::{
    Amount, GlossaryEntry, Package, ProjectForm, Row, Section, TableKind,
};

fn sample_html() -> String {
    let pkg = sample();
    export_html(&pkg, Catalog::builtin())
}

/// The `<tr>…</tr>` that contains a piece of text.
fn row_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    &html[start..end]
}

/// The `<section …id="key">…</section>` of one table.
fn table_section<'a>(html: &'a str, key: &str) -> &'a str {
    let at = html.find(&format!("id=\"{key}\"")).unwrap();
    let start = html[..at].rfind("<section").unwrap();
    let end = at + html[at..].find("</section>").unwrap();
    &html[start..end]
}

#[test]
fn sample_export_has_every_part_of_the_document() {
    let pkg = sample();
    let html = sample_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>长治市屯留区信访局</h1>"));
    assert!(html.contains("2026年度部门预算公开"));
    assert!(html.contains("<h2>目录</h2>"));
    for part in [
        "第一部分 概况",
        "第二部分 2026年部门预算报表",
        "第三部分 2026年度部门预算情况说明",
        "第四部分 名词解释",
    ] {
        // Once in the 目录, once as the part's heading.
        assert_eq!(html.matches(part).count(), 2, "{part}");
    }
    assert!(
        html.contains("（七）负责组织协调有关单位妥善处理群众集体上访和异常、突发性信访事件。")
    );
    for def in &pkg.layout().tables {
        let title = def.title_for(2026);
        assert!(
            html.contains(&format!("<h3>{title}</h3>")),
            "table {} title",
            def.number
        );
        assert!(html.contains(&format!("<p class=\"tno\">预算公开表{}</p>", def.number)));
    }
    assert_eq!(pkg.layout().tables.len(), 13);
    assert_eq!(html.matches("部门名称：长治市屯留区信访局").count(), 13);
    assert_eq!(html.matches("单位：万元").count(), 13);
    for s in &pkg.explanation {
        assert!(
            html.contains(&format!("<h3>{}、{}</h3>", s.number, s.title)),
            "section {}",
            s.number
        );
    }
    assert_eq!(html.matches("<section class=\"sect\"").count(), 12);
    // Generated sentences are printed as the package holds them.
    assert!(html.contains("比上年减少17.85万元，下降6.36%"));
    // The four forms.
    assert!(html.contains("预算部门（单位）整体支出绩效目标申报表"));
    assert_eq!(html.matches("<section class=\"form\"").count(), 4);
    for name in ["信访工作经费", "信访维稳经费", "信访救助资金"] {
        assert!(html.contains(&format!(
            "<tr><th>项目名称</th><td colspan=\"7\">{name}</td></tr>"
        )));
    }
    // Money in the forms is in 元 with separators, 万元 in the overall form.
    assert!(row_with(&html, "实施期资金总额：").contains("300,000"));
    assert!(html.contains("<td class=\"num\">980,000</td>"));
    assert!(row_with(&html, "其中：基本支出").contains("94.76"));
    // Glossary and appendices.
    assert!(html.contains("十二、<b>财政拨款</b>："));
    assert!(html.contains("山西省政府购买服务指导性目录（B类）"));
    assert!(html.contains("<td>B0101</td>"));
}

#[test]
fn empty_tables_say_so_and_the_others_do_not() {
    let pkg = sample();
    let html = sample_html();
    assert_eq!(html.matches("注：本表无数据").count(), 5);
    for def in &pkg.layout().tables {
        let sect = table_section(&html, &def.key);
        let empty = matches!(
            def.kind,
            TableKind::FundIncome
                | TableKind::FundExpenditure
                | TableKind::StateCapital
                | TableKind::ThreePublic
                | TableKind::ProjectsCarryover
        );
        assert_eq!(
            sect.contains("注：本表无数据"),
            empty,
            "table {}",
            def.number
        );
    }
}

#[test]
fn headers_are_merged_and_amounts_come_from_the_view() {
    let html = sample_html();
    let t2 = table_section(&html, "t2");
    assert!(t2.contains(
        "<th colspan=\"2\">项目</th><th colspan=\"6\">本年收入</th><th rowspan=\"2\">上年结转</th>"
    ));
    let t4 = table_section(&html, "t4");
    assert!(t4.contains("<th colspan=\"2\">收入</th><th colspan=\"5\">支出</th>"));
    assert!(t4.contains("<th colspan=\"4\">金额</th>"));
    // Totals are computed: 262.76 = 94.76 + 168.00 in table 3's 合计 row.
    let t3 = table_section(&html, "t3");
    assert!(t3.contains("<tr class=\"total\"><td class=\"code\">合计</td><td class=\"d0\"></td><td class=\"num\">262.76</td><td class=\"num\">94.76</td><td class=\"num\">168.00</td></tr>"));
    // Two blocks side by side, their totals on the same lines as published.
    let t1 = table_section(&html, "t1");
    assert!(row_with(t1, "本年收入合计").contains("本年支出合计"));
    assert!(row_with(t1, "收入总计").contains("支出总计"));
    assert!(row_with(t1, "一、一般公共预算").contains("一、一般公共服务支出"));
    let t4_carry = row_with(t4, "上年财政拨款结转");
    assert!(t4_carry.contains("年终结转"));
    assert!(row_with(t4, "收入总计").contains("支出总计"));
    // Table 12: numbered columns, department and unit rows computed.
    let t12 = table_section(&html, "t12");
    assert!(t12.contains("<tr class=\"colno\"><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td></tr>"));
    assert_eq!(t12.matches("<td class=\"num\">168.00</td>").count(), 4);
}

#[test]
fn print_styles_put_wide_tables_on_landscape_pages() {
    let pkg = sample();
    let html = sample_html();
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("@page wide { size: A4 landscape;"));
    assert!(html.contains(".tbl.wide { page: wide; }"));
    assert!(html.contains(".tbl { break-before: page; }"));
    for def in &pkg.layout().tables {
        let sect = table_section(&html, &def.key);
        let opening = &sect[..sect.find('>').unwrap()];
        assert_eq!(
            opening.contains("wide"),
            def.is_wide(),
            "table {}",
            def.number
        );
    }
    assert!(table_section(&html, "t2").starts_with("<section class=\"tbl wide\""));
    // Self-contained: no scripts, no links, nothing fetched.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("url("));
}

#[test]
fn package_text_cannot_inject_markup() {
    let evil = "<script>alert(\"x\")</script>&<b>";
    let mut pkg = Package::new_empty(2026, evil);
    pkg.overview.duties.push(evil.into());
    pkg.explanation[0].text = format!("第一段{evil}\n第二段");
    pkg.explanation.push(Section {
        id: String::new(),
        number: evil.into(),
        title: evil.into(),
        text: evil.into(),
    });
    pkg.table_mut("t12").rows_mut("main").push(Row {
        name: evil.into(),
        unit: evil.into(),
        cells: [("general".to_string(), Amount::parse("1.00").unwrap())].into(),
        ..Row::default()
    });
    pkg.project_forms.push(ProjectForm {
        name: evil.into(),
        overview: evil.into(),
        heading: evil.into(),
        ..ProjectForm::default()
    });
    pkg.overall_form.strategic_goal = evil.into();
    pkg.glossary.push(GlossaryEntry {
        term: evil.into(),
        definition: evil.into(),
    });
    let html = export_html(&pkg, Catalog::builtin());
    assert!(!html.contains("<script"), "markup leaked");
    assert!(!html.contains("&<b>"));
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;";
    // Title, cover, 目录 ×2 (section), 职责, section heading ×2, texts, table rows (department,
    // unit, project), form heading, name, overview, goal, glossary term and definition…
    assert!(
        html.matches(escaped).count() >= 15,
        "{}",
        html.matches(escaped).count()
    );
    assert!(html.contains(&format!("<title>{escaped}2026年度部门预算公开</title>")));
}

#[test]
fn export_to_a_file_writes_the_same_page() {
    let pkg = sample();
    let dir = std::env::temp_dir().join(format!("bd-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.html");
    export_html_to(&pkg, Catalog::builtin(), &path).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, export_html(&pkg, Catalog::builtin()));
    // Only this test writes the kept copy, so parallel tests never share a temporary file.
    if let Ok(out) = std::env::var("HTML_EXPORT_OUT") {
        export_html_to(&pkg, Catalog::builtin(), std::path::Path::new(&out)).unwrap();
    }
    // A directory that does not exist is an error with the path in its message, not a panic.
    let bad = dir.join("no/such/dir/out.html");
    let err = export_html_to(&pkg, Catalog::builtin(), &bad).unwrap_err();
    assert!(err.to_string().contains("无法写入"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn comments_are_left_out_of_the_published_page_and_appended_on_request() {
    use budget_disclosure::io::html::export_html_with_comments;
    use budget_disclosure::model::comments::{self, Anchor};
    let mut pkg = sample();
    let cat = Catalog::builtin();
    // No comments: the review copy is the published page.
    assert_eq!(export_html_with_comments(&pkg, cat), export_html(&pkg, cat));
    let anchor = Anchor::Section {
        section: "五".into(),
        quote: String::new(),
    };
    comments::add(
        &pkg,
        anchor,
        "情况说明五",
        "王审",
        "2026-11-25 10:00",
        "<占比>请复核",
    )
    .apply(&mut pkg);
    let published = export_html(&pkg, cat);
    assert!(!published.contains("审阅意见"));
    let review = export_html_with_comments(&pkg, cat);
    assert!(review.contains("<h2 class=\"part\" id=\"comments\">审阅意见</h2>"));
    assert!(review.contains("&lt;占比&gt;请复核"));
    assert!(review.trim_end().ends_with("</html>"));
}
