//! Bounded random-input testing on stable Rust (no nightly here for cargo-fuzz): the sample
//! project file and its exported workbook, mutated at random (byte flips, truncation) and by
//! structure (huge numbers, odd codes, deep nesting, repeated and unknown keys, zip parts
//! edited), each run through the real command line entry (`cli::run`: check, export, import)
//! inside `catch_unwind`. Nothing may panic, every run ends with exit 0, 1 or 2, and a refusal
//! says why. The reproducers in tests/fixtures/fuzz/crashers are the seed corpus.
//!
//! `cargo test --test fuzz` runs 2,000 project files and 500 workbooks; a long run is
//! `FUZZ_PROJECTS=100000 FUZZ_WORKBOOKS=20000 cargo test --release --test fuzz -- --nocapture`
//! (`FUZZ_SEED` picks another sequence; `FUZZ_SHARD=k/n` runs every n-th input of the same
//! sequence from the k-th, so n processes side by side run exactly the inputs of one long run).

#[path = "common/rng.rs"]
mod rng;
use rng::{Rng, env_count};

use budget_disclosure::catalog::Catalog;
use budget_disclosure::cli::{self, Command, Format};
use budget_disclosure::io::{sample, xlsx};
use budget_disclosure::rules;
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `FUZZ_SHARD=k/n`: this process runs the inputs whose number is k modulo n.
fn shard() -> (usize, usize) {
    std::env::var("FUZZ_SHARD")
        .ok()
        .and_then(|v| {
            let (k, n) = v.split_once('/')?;
            let (k, n) = (k.parse().ok()?, n.parse().ok()?);
            (k < n).then_some((k, n))
        })
        .unwrap_or((0, 1))
}

/// A line on the way through a long run, so a run cut short still says what it saw.
fn progress(kind: &str, i: usize, t: &Tally, start: Instant) {
    if i > 0 && i.is_multiple_of(10_000) {
        println!(
            "  {kind}: {i} generated, {} run in {:.0?}; panics {}, wrong exit codes {}, hangs {}",
            t.inputs,
            start.elapsed(),
            t.panics.len(),
            t.wrong_exit.len(),
            t.slow.len()
        );
    }
}

/// What a whole run saw.
#[derive(Default, Debug)]
struct Tally {
    inputs: usize,
    panics: Vec<String>,
    wrong_exit: Vec<String>,
    slow: Vec<String>,
    by_exit: [usize; 3],
}

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

thread_local! {
    /// Set while the program runs an input: its panics are counted, others are the test's own.
    static IN_RUN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        // The first frame in this crate's own source says whose panic it is (the place in
        // `info` is often inside rust_decimal).
        let trace = std::backtrace::Backtrace::force_capture().to_string();
        // With line numbers (debug) the frame's file; without (release) its function's path.
        let ours = trace
            .lines()
            .map(str::trim)
            .find(|l| {
                l.starts_with("at ./src/")
                    || l.contains("budget-disclosure/src/")
                    || (l.contains("budget_disclosure::") && !l.contains("budget_disclosure::cli"))
            })
            .unwrap_or("");
        let loc = format!(
            "{} ({ours})",
            info.location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default()
        );
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if !IN_RUN.with(|r| r.get()) {
            eprintln!("the fuzz test itself panicked: {msg} at {loc}");
        }
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{msg} at {loc}");
        }
    }));
}

/// Runs one command line in-process and records what happened.
fn run(t: &mut Tally, label: &str, cmd: Command) -> i32 {
    let start = Instant::now();
    let mut out = Vec::new();
    let mut err = Vec::new();
    IN_RUN.with(|r| r.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| cli::run(cmd, &mut out, &mut err)));
    IN_RUN.with(|r| r.set(false));
    let took = start.elapsed();
    if took > Duration::from_secs(10) {
        t.slow.push(format!("{label}: {took:?}"));
    }
    match result {
        Err(_) => {
            let why = LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default();
            t.panics.push(format!("{label}: {why}"));
            -1
        }
        Ok(code) => {
            // A refusal says why: on stderr, or as the JSON's "error" of `check --format json`.
            let said = !err.is_empty() || String::from_utf8_lossy(&out).contains("\"error\"");
            if !(0..=2).contains(&code) || (code == 2 && !said) {
                t.wrong_exit.push(format!("{label}: exit {code}"));
            } else {
                t.by_exit[code as usize] += 1;
            }
            code
        }
    }
}

fn tmp_dir(kind: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("budget-fuzz-{kind}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn crashers(ext: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/crashers");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seed corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    v.sort();
    v.into_iter()
        .map(|p| std::fs::read(p).expect("readable seed"))
        .collect()
}

// ---------------------------------------------------------------- project files

const ODD_AMOUNTS: &[&str] = &[
    "999999999999999",
    "-999999999999999",
    "9999999999999.99",
    "99999999999999.99",
    "1e30",
    "79228162514264337593543950335",
    "0.000000000000000000000000001",
    "-0",
    "１２３．４５",
    "",
    "  ",
    "1,000,000",
    "NaN",
    "-",
    ".",
    "0.01",
    "-0.01",
];

const ODD_CODES: &[&str] = &[
    "30一",
    "30１",
    "３０１",
    "",
    "2",
    "20140012014001",
    "a",
    "é",
    "201\u{0}",
    "9999999",
    "30101",
    "50501",
    "0",
    "00000",
    "2014001 ",
    "１",
];

const ODD_TEXTS: &[&str] = &[
    "\u{1b}]0;title\u{7}",
    "\u{1b}[2J",
    "=1+1",
    "<script>",
    "\u{202e}abc",
    "增加（减少）",
    "比2025年预算增加99999999999999999999999999999万元，增长99999999999999.9999999999999%",
    "占0.0000000000000000000000000001%",
    "\"",
    "\\",
];

/// One mutation of a project file's text (or bytes).
fn mutate_project(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(base).into_owned();
    match rng.below(12) {
        0 => {
            // Byte flips.
            let mut b = base.to_vec();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            b
        }
        1 => base[..rng.below(base.len())].to_vec(),
        2 | 3 => replace_quoted(rng, &text, |rng, s| {
            let is_amount = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
            is_amount.then(|| rng.pick(ODD_AMOUNTS).to_string())
        }),
        4 => replace_after(rng, &text, "code: \"", ODD_CODES),
        5 => replace_after(rng, &text, "gov_code: \"", ODD_CODES),
        6 => {
            // Deep nesting at a random place.
            let depth = 1 + rng.below(300);
            let at = char_boundary(&text, rng.below(text.len()));
            format!(
                "{}{}{}{}",
                &text[..at],
                "[".repeat(depth),
                "]".repeat(rng.below(depth + 1)),
                &text[at..]
            )
            .into_bytes()
        }
        7 => {
            // A line repeated (duplicate keys, rows) or dropped.
            let lines: Vec<&str> = text.lines().collect();
            let i = rng.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            if rng.below(2) == 0 {
                out.insert(i, lines[i]);
            } else {
                out.remove(i);
            }
            out.join("\n").into_bytes()
        }
        8 => replace_quoted(rng, &text, |rng, s| {
            (s.chars().count() > 3).then(|| rng.pick(ODD_TEXTS).to_string())
        }),
        9 => {
            // A misspelt key or an unknown field.
            let keys = [
                "\"general\"",
                "\"total\"",
                "\"basic\"",
                "name:",
                "year:",
                "cells:",
            ];
            let k = rng.pick(&keys);
            let mangled = format!("{}x{}", &k[..k.len() - 1], &k[k.len() - 1..]);
            text.replacen(k, &mangled, 1 + rng.below(3)).into_bytes()
        }
        10 if rng.below(2) == 0 => {
            // Counts at the limit of their type (vehicles, staff).
            let keys = [
                "count: ",
                "staff_total: Some(",
                "staff_in_quota: Some(",
                "staff_other: Some(",
                "vehicle_quota: ",
                "equipment_over_50: ",
            ];
            let k = *rng.pick(&keys);
            let v = ["4294967295", "4294967296", "0", "-1"][rng.below(4)];
            match text.find(k) {
                Some(at) => {
                    let start = at + k.len();
                    let end = start
                        + text[start..]
                            .find(|c: char| !c.is_ascii_digit())
                            .unwrap_or(0);
                    format!("{}{v}{}", &text[..start], &text[end..]).into_bytes()
                }
                None => text.into_bytes(),
            }
        }
        10 => {
            let big = ["year: 2026", "tolerance: \"0\""];
            let k = rng.pick(&big);
            let v = match rng.below(4) {
                0 => "year: 99999999999".to_string(),
                1 => "tolerance: \"999999999999999\"".to_string(),
                2 => "year: -1".to_string(),
                _ => "tolerance: \"-5\"".to_string(),
            };
            text.replacen(k, &v, 1).into_bytes()
        }
        _ => {
            // A long text.
            let n = [100, 5_000, 40_000][rng.below(3)];
            replace_quoted(rng, &text, |_, s| (s.len() > 6).then(|| "长".repeat(n)))
        }
    }
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Replaces the content of one quoted string, among a few chosen at random, where `f` offers
/// a value for it.
fn replace_quoted(
    rng: &mut Rng,
    text: &str,
    mut f: impl FnMut(&mut Rng, &str) -> Option<String>,
) -> Vec<u8> {
    let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
    let spans: Vec<(usize, usize)> = quotes
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| (c[0] + 1, c[1]))
        .collect();
    for _ in 0..8 {
        if spans.is_empty() {
            break;
        }
        let (a, b) = spans[rng.below(spans.len())];
        if let Some(v) = f(rng, &text[a..b]) {
            let v = v.replace('"', "\\\"");
            return format!("{}{}{}", &text[..a], v, &text[b..]).into_bytes();
        }
    }
    text.as_bytes().to_vec()
}

fn replace_after(rng: &mut Rng, text: &str, prefix: &str, values: &[&str]) -> Vec<u8> {
    let hits: Vec<usize> = text.match_indices(prefix).map(|(i, _)| i).collect();
    if hits.is_empty() {
        return text.as_bytes().to_vec();
    }
    let at = hits[rng.below(hits.len())] + prefix.len();
    let end = at + text[at..].find('"').unwrap_or(0);
    format!("{}{}{}", &text[..at], rng.pick(values), &text[end..]).into_bytes()
}

// ---------------------------------------------------------------- workbooks

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a workbook");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("entry");
            let name = f.name().expect("name").to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("readable");
            (name, data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(name.as_str(), opts).expect("entry");
            z.write_all(data).expect("write");
        }
        z.finish().expect("finish");
    }
    out.into_inner()
}

const FAR_CELLS: &[&str] = &[
    "XFD1048576",
    "A1048576",
    "XFD1",
    "ZZZZ1",
    "A99999999999",
    "AAAAAAAAAAAAA1",
    "B4",
    "A0",
    "",
    "1A",
    "$A$1",
];
const XML_NUMBERS: &[&str] = &[
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "999999999999999.99",
    "1e15",
    "0.1",
    "-0",
    "4294967296",
    "18446744073709551615",
    "1.005",
    "abc",
];

fn mutate_workbook(rng: &mut Rng, base: &[u8], parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    match rng.below(8) {
        0 => {
            let mut b = base.to_vec();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            b
        }
        1 => base[..rng.below(base.len())].to_vec(),
        _ => {
            let mut parts = parts.to_vec();
            let xmls: Vec<usize> = (0..parts.len())
                .filter(|&i| parts[i].0.ends_with(".xml"))
                .collect();
            let i = *rng.pick(&xmls);
            let text = String::from_utf8_lossy(&parts[i].1).into_owned();
            let new = match rng.below(7) {
                0 => replace_attr(rng, &text, " r=\"", FAR_CELLS),
                1 => replace_attr(rng, &text, "<v>", XML_NUMBERS),
                2 => replace_attr(
                    rng,
                    &text,
                    "ref=\"",
                    &["A1:XFD1048576", "A1:A1", "Z9:A1", "A1:"],
                ),
                3 => replace_attr(
                    rng,
                    &text,
                    "uniqueCount=\"",
                    &["4294967295", "18446744073709551615", "999999999", "0", "-1"],
                ),
                4 => {
                    // Byte flips inside one part.
                    let mut b = text.into_bytes();
                    for _ in 0..1 + rng.below(4) {
                        let j = rng.below(b.len());
                        b[j] ^= 1 << rng.below(8);
                    }
                    String::from_utf8_lossy(&b).into_owned()
                }
                5 => text[..char_boundary(&text, rng.below(text.len()))].to_string(),
                _ => replace_attr(rng, &text, "<t>", ODD_CODES),
            };
            parts[i].1 = new.into_bytes();
            if rng.below(10) == 0 {
                let k = rng.below(parts.len());
                parts.remove(k);
            }
            rezip(&parts)
        }
    }
}

/// Replaces the text after one occurrence of `prefix` (up to the next `"` or `<`).
fn replace_attr(rng: &mut Rng, text: &str, prefix: &str, values: &[&str]) -> String {
    let hits: Vec<usize> = text.match_indices(prefix).map(|(i, _)| i).collect();
    if hits.is_empty() {
        return text.to_string();
    }
    let at = hits[rng.below(hits.len())] + prefix.len();
    let end = at + text[at..].find(['"', '<']).unwrap_or(text.len() - at);
    format!("{}{}{}", &text[..at], rng.pick(values), &text[end..])
}

// ---------------------------------------------------------------- the runs

fn run_project(t: &mut Tally, dir: &Path, n: usize, bytes: &[u8], export: bool) {
    let file = dir.join("input.budget.ron");
    std::fs::write(&file, bytes).expect("write input");
    t.inputs += 1;
    let label = format!("project #{n}");
    let code = run(
        t,
        &label,
        Command::Check {
            files: vec![file.clone()],
            format: if n.is_multiple_of(2) {
                Format::Text
            } else {
                Format::Json
            },
            rules: false,
            layouts: false,
        },
    );
    if code != 2 && export {
        let out = dir.join("out.xlsx");
        run(
            t,
            &format!("{label} export"),
            Command::Export {
                file: file.clone(),
                output: out.clone(),
                comments: false,
            },
        );
        // Importing the export back is the slowest step: every tenth input.
        if out.exists() && n.is_multiple_of(10) {
            let back = dir.join("back.budget.ron");
            let code = run(
                t,
                &format!("{label} import of its export"),
                Command::Import {
                    input: out.clone(),
                    output: back,
                },
            );
            // The app's own workbook always comes back.
            if code != 0 && code != -1 {
                // Kept for a reproducer: the run's inputs are not otherwise saved.
                let keep = std::env::temp_dir().join("budget-fuzz-failures");
                let _ = std::fs::create_dir_all(&keep);
                let _ = std::fs::copy(&file, keep.join(format!("project-{n}.budget.ron")));
                t.wrong_exit.push(format!(
                    "{label}: own workbook refused (input kept in {})",
                    keep.display()
                ));
            }
        }
        let _ = std::fs::remove_file(out);
    }
}

fn run_workbook(t: &mut Tally, dir: &Path, n: usize, bytes: &[u8]) {
    let file = dir.join("input.xlsx");
    std::fs::write(&file, bytes).expect("write input");
    t.inputs += 1;
    let label = format!("workbook #{n}");
    let out = dir.join("imported.budget.ron");
    let _ = std::fs::remove_file(&out);
    let code = run(
        t,
        &label,
        Command::Import {
            input: file,
            output: out.clone(),
        },
    );
    if code == 0 {
        run(
            t,
            &format!("{label} check"),
            Command::Check {
                files: vec![out],
                format: Format::Text,
                rules: false,
                layouts: false,
            },
        );
    }
}

fn report(kind: &str, t: &Tally, took: Duration) {
    println!(
        "fuzz {kind}: {} inputs in {took:.1?}; panics {}, wrong exit codes {}, hangs (>10 s) {}; exits 0/1/2: {:?}",
        t.inputs,
        t.panics.len(),
        t.wrong_exit.len(),
        t.slow.len(),
        t.by_exit
    );
    let mut sites: Vec<&str> = t
        .panics
        .iter()
        .filter_map(|p| p.rsplit_once(" (").map(|x| x.1))
        .collect();
    sites.sort();
    sites.dedup();
    println!("  distinct panic sites: {sites:?}");
    for p in t.panics.iter().take(20) {
        println!("  panic: {p}");
    }
    for p in t.wrong_exit.iter().take(20) {
        println!("  exit: {p}");
    }
    for p in t.slow.iter().take(20) {
        println!("  slow: {p}");
    }
}

#[test]
fn mutated_project_files_never_panic() {
    quiet_panics();
    let n = env_count("FUZZ_PROJECTS", 2000);
    let mut rng = Rng(env_count("FUZZ_SEED", 1) as u64);
    let dir = tmp_dir("projects");
    let base = budget_disclosure::io::project::to_string(&sample::sample())
        .expect("sample serializes")
        .into_bytes();
    let mut corpus = crashers(".budget.ron");
    corpus.push(base.clone());
    let start = Instant::now();
    let mut t = Tally::default();
    let (k, of) = shard();
    if k == 0 {
        for (i, seed) in corpus.iter().enumerate() {
            run_project(&mut t, &dir, i, seed, true);
        }
    }
    for i in 0..n {
        progress("project files", i, &t, start);
        let seed = if rng.below(4) == 0 {
            rng.pick(&corpus).clone()
        } else {
            base.clone()
        };
        let mut input = mutate_project(&mut rng, &seed);
        if rng.below(3) == 0 {
            input = mutate_project(&mut rng, &input);
        }
        if i % of != k {
            continue;
        }
        // Export (the slowest step) for every eighth input in the short run.
        let export = n > 10_000 || i.is_multiple_of(8);
        run_project(&mut t, &dir, corpus.len() + i, &input, export);
    }
    report("project files", &t, start.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
    assert!(t.panics.is_empty(), "panics: {:#?}", t.panics);
    assert!(t.wrong_exit.is_empty(), "{:#?}", t.wrong_exit);
    assert!(t.slow.is_empty(), "{:#?}", t.slow);
    // The run reached every stage: some inputs were read and checked, some refused.
    assert!(
        t.by_exit[2] > 0 && t.by_exit[0] + t.by_exit[1] > 0,
        "{:?}",
        t.by_exit
    );
}

#[test]
fn mutated_workbooks_never_panic() {
    quiet_panics();
    let n = env_count("FUZZ_WORKBOOKS", 500);
    let mut rng = Rng(env_count("FUZZ_SEED", 1) as u64 ^ 0x5eed);
    let dir = tmp_dir("workbooks");
    let pkg = sample::sample();
    let catalog = Catalog::builtin();
    let base = xlsx::export(&pkg, catalog, &rules::check(&pkg, catalog)).expect("export");
    let parts = unzip(&base);
    let corpus = crashers(".xlsx");
    let start = Instant::now();
    let mut t = Tally::default();
    let (k, of) = shard();
    if k == 0 {
        for (i, seed) in corpus.iter().enumerate() {
            run_workbook(&mut t, &dir, i, seed);
        }
    }
    for i in 0..n {
        progress("workbooks", i, &t, start);
        let input = if rng.below(5) == 0 {
            let seed = rng.pick(&corpus).clone();
            let mut b = seed;
            let j = rng.below(b.len());
            b[j] ^= 1 << rng.below(8);
            b
        } else {
            mutate_workbook(&mut rng, &base, &parts)
        };
        if i % of != k {
            continue;
        }
        run_workbook(&mut t, &dir, corpus.len() + i, &input);
    }
    report("workbooks", &t, start.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
    assert!(t.panics.is_empty(), "panics: {:#?}", t.panics);
    assert!(t.wrong_exit.is_empty(), "{:#?}", t.wrong_exit);
    assert!(t.slow.is_empty(), "{:#?}", t.slow);
    assert!(t.by_exit[2] > 0 && t.by_exit[0] > 0, "{:?}", t.by_exit);
}
