//! Real paragraphs (the 山西 sample's 情况说明 and the five 上海 corpus packages' 编制说明 and
//! 其他相关情况说明, as `pdftotext -layout` gives them with wrapped lines joined) with the
//! figure each number binds to, checked by hand: the lexer and binder give exactly those.
//! `BLESS=1 cargo test --test text_fixtures` rewrites the expectations (then read them).

use budget_disclosure::catalog::Catalog;
use budget_disclosure::model::{Package, Section};
use budget_disclosure::rules::text::{Parsed, Role};
use serde_json::{Value, json};
use std::path::PathBuf;

fn role(r: Role) -> &'static str {
    match r {
        Role::Plain => "plain",
        Role::Share => "share",
        Role::Change(s) if s > 0 => "up",
        Role::Change(_) => "down",
        Role::Threshold => "threshold",
    }
}

/// What the binder makes of a paragraph: one entry per number that is not a year.
fn bindings(meta: &Value, text: &str) -> Value {
    let year = meta["year"]
        .as_i64()
        .and_then(|y| i32::try_from(y).ok())
        .expect("year");
    let mut p = Package::new_empty(year, "某部门");
    p.explanation = vec![Section {
        id: meta["id"].as_str().unwrap_or_default().to_string(),
        number: meta["number"].as_str().unwrap_or_default().to_string(),
        title: meta["title"].as_str().unwrap_or_default().to_string(),
        text: text.to_string(),
    }];
    let parsed = Parsed::new(&p, Catalog::builtin());
    let list: Vec<Value> = parsed.sections[0]
        .claims
        .iter()
        .filter(|b| b.claim.kind != budget_disclosure::rules::text::Kind::Year)
        .map(|b| {
            json!({
                "number": format!("{}{}", b.claim.written, b.claim.unit_label()),
                "role": role(b.claim.role),
                "figure": b.fig.as_ref().map(|f| format!("{f:?}")),
                "prior": b.prior,
            })
        })
        .collect();
    Value::Array(list)
}

#[test]
fn paragraphs_bind_their_numbers_to_the_expected_figures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/texts");
    let bless = std::env::var_os("BLESS").is_some();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{} paragraphs", names.len());
    let mut numbers = 0;
    for txt in names {
        let json_path = txt.with_extension("json");
        let text = std::fs::read_to_string(&txt).expect("text");
        let mut meta: Value =
            serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json"))
                .expect("valid json");
        let got = bindings(&meta, &text);
        if bless {
            meta["bindings"] = got;
            std::fs::write(
                &json_path,
                serde_json::to_string_pretty(&meta).expect("json") + "\n",
            )
            .expect("write");
            continue;
        }
        let want = &meta["bindings"];
        numbers += want.as_array().map_or(0, Vec::len);
        let got = got.as_array().cloned().unwrap_or_default();
        let want = want.as_array().cloned().unwrap_or_default();
        assert_eq!(got.len(), want.len(), "{}: number count", txt.display());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{}", txt.display());
        }
    }
    assert!(bless || numbers > 200, "{numbers} numbers");
}
