//! Bounded random-input testing of `import FILE.pdf` and `import FILE.txt` on stable Rust: the
//! five corpus PDFs, their `pdftotext -layout` text and the 山西 reference text are the seed
//! corpus; each input is a mutation of one of them (byte flips, truncations, lines shuffled,
//! doubled or dropped, numbers made huge or odd, multi-byte characters in codes, PDF
//! dictionaries and content streams edited) run through the real command line entry
//! (`cli::run`) on a worker thread. Nothing may panic, hang (over 10 s) or end with an exit
//! other than 0, 1 or 2; a refusal says why in Chinese; a file the import writes loads again.
//!
//! `cargo test --test fuzz_import` runs a few dozen inputs; a long run is
//! `FUZZ_TEXTS=5000 FUZZ_PDFS=1000 cargo test --release --test fuzz_import -- --nocapture`
//! (`FUZZ_SEED` picks another sequence).

#[path = "common/rng.rs"]
mod rng;
use rng::{Rng, env_count};

use budget_disclosure::cli::{self, Command, Format};
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

const CORPUS: [&str; 5] = [
    "putuo_office_2025_dept",
    "putuo_office_2025_unit",
    "putuo_commerce_2025_dept",
    "putuo_commerce_2025_unit",
    "putuo_finance_2025_dept",
];

/// What a whole run saw.
#[derive(Default, Debug)]
struct Tally {
    inputs: usize,
    panics: Vec<String>,
    wrong_exit: Vec<String>,
    hangs: Vec<String>,
    /// Panics inside the PDF library that the reader caught and reported as a damaged file.
    caught: usize,
    by_exit: [usize; 3],
    slowest: (Duration, String),
}

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());
static PANICS: AtomicUsize = AtomicUsize::new(0);

/// The name of the threads that run inputs: their panics are counted, others are the test's own.
const WORKER: &str = "fuzz-input";

fn quiet_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(WORKER) {
            default(info);
            return;
        }
        PANICS.fetch_add(1, Ordering::SeqCst);
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{msg} at {at}");
        }
    }));
}

/// One command line's result: exit code and what it printed on stderr.
type Outcome = std::thread::Result<(i32, String)>;

/// Runs one command on a worker thread, so a hang is seen (and left behind) rather than
/// stopping the run.
fn run(t: &mut Tally, label: &str, cmd: Command) -> Option<i32> {
    let (tx, rx) = mpsc::channel::<Outcome>();
    let before = PANICS.load(Ordering::SeqCst);
    let start = Instant::now();
    let worker = std::thread::Builder::new().name(WORKER.into());
    let spawned = worker.spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(|| {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let code = cli::run(cmd, &mut out, &mut err);
            (code, String::from_utf8_lossy(&err).into_owned())
        }));
        let _ = tx.send(result);
    });
    if spawned.is_err() {
        panic!("no thread for {label}");
    }
    let result = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(r) => r,
        Err(_) => {
            t.hangs.push(label.to_string());
            return None;
        }
    };
    if start.elapsed() > t.slowest.0 {
        t.slowest = (start.elapsed(), label.to_string());
    }
    let panicked_inside = PANICS.load(Ordering::SeqCst) - before;
    match result {
        Err(_) => {
            let why = LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default();
            t.panics.push(format!("{label}: {why}"));
            None
        }
        Ok((code, err)) => {
            t.caught += panicked_inside;
            let chinese = err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if !(0..=2).contains(&code) || (code == 2 && !chinese) {
                t.wrong_exit
                    .push(format!("{label}: exit {code}: {}", err.trim()));
            } else {
                t.by_exit[code as usize] += 1;
            }
            Some(code)
        }
    }
}

/// Imports one input (its exit code returned); what it writes must load and check again.
fn import_one(
    t: &mut Tally,
    dir: &Path,
    n: usize,
    ext: &str,
    bytes: &[u8],
    keep: &Path,
) -> Option<i32> {
    let input = dir.join(format!("input.{ext}"));
    std::fs::write(&input, bytes).expect("write input");
    let output = dir.join("imported.budget.ron");
    let _ = std::fs::remove_file(&output);
    t.inputs += 1;
    let label = format!("{ext} #{n}");
    let failures = t.panics.len() + t.wrong_exit.len() + t.hangs.len();
    let code = run(
        t,
        &label,
        Command::Import {
            input: input.clone(),
            output: output.clone(),
        },
    );
    match code {
        Some(0) => {
            let check = run(
                t,
                &format!("{label} check of the import"),
                Command::Check {
                    files: vec![output.clone()],
                    format: Format::Text,
                    rules: false,
                    layouts: false,
                },
            );
            if check == Some(2) {
                t.wrong_exit
                    .push(format!("{label}: the imported file does not load again"));
            }
        }
        // Nothing is written when the file cannot be read as a package.
        Some(_) if output.exists() => {
            t.wrong_exit
                .push(format!("{label}: refused, yet a file was written"));
        }
        Some(_) => {}
        None => {}
    }
    if t.panics.len() + t.wrong_exit.len() + t.hangs.len() > failures {
        let _ = std::fs::create_dir_all(keep);
        let _ = std::fs::write(keep.join(format!("{n}.{ext}")), bytes);
    }
    code
}

fn report(kind: &str, t: &Tally, took: Duration) {
    println!(
        "fuzz import {kind}: {} inputs in {took:.1?}; panics {}, wrong exit codes {}, hangs (>10 s) {}; \
         exits 0/1/2: {:?}; library panics caught as damaged files {}; slowest {:.1?} ({})",
        t.inputs,
        t.panics.len(),
        t.wrong_exit.len(),
        t.hangs.len(),
        t.by_exit,
        t.caught,
        t.slowest.0,
        t.slowest.1
    );
    for p in t.panics.iter().take(20) {
        println!("  panic: {p}");
    }
    for p in t.wrong_exit.iter().take(20) {
        println!("  exit: {p}");
    }
    for p in t.hangs.iter().take(20) {
        println!("  hang: {p}");
    }
}

fn assert_clean(t: &Tally) {
    assert!(t.panics.is_empty(), "panics: {:#?}", t.panics);
    assert!(t.wrong_exit.is_empty(), "{:#?}", t.wrong_exit);
    assert!(t.hangs.is_empty(), "{:#?}", t.hangs);
}

fn tmp_dir(kind: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("budget-fuzz-import-{kind}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

// ---------------------------------------------------------------- text

const ODD_NUMBERS: &[&str] = &[
    "99999999999999999999999999999",
    "79228162514264337593543950335",
    "999,999,999,999,999.99",
    "1,000,000,000,000,000",
    "9999999999999999",
    "0.000000000000000000000000001",
    "1.23456789012345678901234567890",
    "1e30",
    "-0",
    "-0.00",
    "--5",
    "1..2",
    ",,,",
    "１２３．４５",
    "12,34,5",
    "NaN",
    "-",
    "—",
    "(12.00)",
    "4294967296",
    "0",
];

const ODD_CHARS: &[&str] = &[
    "一", "１", "Ⅰ", "é", "\u{301}", "\u{200b}", "\u{feff}", "\u{202e}", "𠀀", "\u{0}",
];

const ODD_YEARS: &[&str] = &[
    "99999999999年",
    "0年",
    "２０２６年",
    "-2026年",
    "2147483648年",
    "1年",
    "20261年",
];

/// Lines of a text, kept with their line ends so a mutation keeps the text's shape.
fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte ranges of runs of digits (with separators) in a text.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b',' || b[i] == b'.') {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

fn mutate_text(rng: &mut Rng, text: &str, others: &[String]) -> Vec<u8> {
    let mut ls = lines(text);
    match rng.below(12) {
        0 => {
            let mut b = text.as_bytes().to_vec();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            return b;
        }
        1 => return text[..char_boundary(text, rng.below(text.len() + 1))].into(),
        2 => {
            // Lines dropped, one by one or a block.
            let n = 1 + rng.below(20);
            let at = rng.below(ls.len());
            if rng.below(2) == 0 {
                ls.drain(at..(at + n).min(ls.len()));
            } else {
                for _ in 0..n {
                    if !ls.is_empty() {
                        let i = rng.below(ls.len());
                        ls.remove(i);
                    }
                }
            }
        }
        3 => {
            // A block of lines doubled (a table header repeated, a page twice).
            let n = 1 + rng.below(40);
            let at = rng.below(ls.len());
            let block: Vec<String> = ls[at..(at + n).min(ls.len())].to_vec();
            let to = rng.below(ls.len() + 1);
            ls.splice(to..to, block);
        }
        4 => {
            // Lines out of order: swaps, or one window shuffled.
            if rng.below(2) == 0 {
                for _ in 0..1 + rng.below(30) {
                    let (i, j) = (rng.below(ls.len()), rng.below(ls.len()));
                    ls.swap(i, j);
                }
            } else {
                let n = 2 + rng.below(60);
                let at = rng.below(ls.len());
                let end = (at + n).min(ls.len());
                for i in (at + 1..end).rev() {
                    let j = at + rng.below(i - at + 1);
                    ls.swap(i, j);
                }
            }
        }
        5 | 6 => {
            // Numbers made huge or odd: one, or many at once.
            let spans = number_spans(text);
            if spans.is_empty() {
                return text.into();
            }
            let many = rng.below(3) == 0;
            let mut out = String::with_capacity(text.len());
            let mut last = 0;
            let one = rng.below(spans.len());
            for (k, (a, b)) in spans.iter().enumerate() {
                if k == one || (many && rng.below(4) == 0) {
                    out.push_str(&text[last..*a]);
                    let odd = *rng.pick(ODD_NUMBERS);
                    out.push_str(odd);
                    last = *b;
                }
            }
            out.push_str(&text[last..]);
            return out.into_bytes();
        }
        7 => {
            // Multi-byte characters inside codes (a digit run of a code's length).
            let spans: Vec<(usize, usize)> = number_spans(text)
                .into_iter()
                .filter(|(a, b)| {
                    matches!(b - a, 3 | 5 | 7) && text[*a..*b].bytes().all(|c| c.is_ascii_digit())
                })
                .collect();
            if spans.is_empty() {
                return text.into();
            }
            let mut out = text.to_string();
            for _ in 0..1 + rng.below(5) {
                let spans: Vec<(usize, usize)> = number_spans(&out)
                    .into_iter()
                    .filter(|(a, b)| matches!(b - a, 3 | 5 | 7))
                    .collect();
                if spans.is_empty() {
                    break;
                }
                let (a, b) = spans[rng.below(spans.len())];
                let at = a + rng.below(b - a);
                let c = rng.pick(ODD_CHARS);
                if rng.below(2) == 0 {
                    out.replace_range(at..at + 1, c);
                } else {
                    out.insert_str(at, c);
                }
            }
            return out.into_bytes();
        }
        8 => {
            // Odd characters where cells and pages are separated.
            let odd = ["\t", "\u{c}", "\r", "\t\t\t\t", "  ", "\u{3000}", "\u{85}"];
            for _ in 0..1 + rng.below(10) {
                let i = rng.below(ls.len());
                let at = char_boundary(&ls[i], rng.below(ls[i].len() + 1));
                let s = *rng.pick(&odd);
                ls[i].insert_str(at, s);
            }
        }
        9 => {
            // Years that no budget has.
            let mut out = text.to_string();
            for y in ["2026年", "2025年", "2024年"] {
                if out.contains(y) && rng.below(2) == 0 {
                    let odd = *rng.pick(ODD_YEARS);
                    out = out.replacen(y, odd, 1 + rng.below(50));
                }
            }
            return out.into_bytes();
        }
        10 => {
            // A very long line, or a line of very many cells.
            let i = rng.below(ls.len());
            let s = match rng.below(3) {
                0 => "长".repeat(100_000),
                1 => "1\t".repeat(20_000),
                _ => format!("{}\n", "201 ".repeat(20_000)),
            };
            ls.insert(i, s);
        }
        _ => {
            // Lines from another package spliced in (two layouts in one file).
            let other = lines(rng.pick(others).as_str());
            let n = 1 + rng.below(80);
            let at = rng.below(other.len());
            let block: Vec<String> = other[at..(at + n).min(other.len())].to_vec();
            let to = rng.below(ls.len() + 1);
            ls.splice(to..to, block);
        }
    }
    ls.concat().into_bytes()
}

// ---------------------------------------------------------------- PDF

/// The stream bodies of a PDF: (start of the dictionary, start of the data, end of the data).
fn streams(b: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = find(b, b"stream", i) {
        let mut data = p + 6;
        if b.get(data) == Some(&b'\r') {
            data += 1;
        }
        if b.get(data) == Some(&b'\n') {
            data += 1;
        }
        let Some(end) = find(b, b"endstream", data) else {
            break;
        };
        let dict = rfind(&b[..p], b"obj").unwrap_or(0);
        // "endstream" itself contains "stream": skip over it.
        out.push((dict, data, end));
        i = end + 9;
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(16 << 20)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).expect("in memory");
    z.finish().expect("in memory")
}

/// Rewrites the cross-reference table from where each object now starts, so that an edit
/// that moves bytes is read as the edit and not as a broken file (sometimes left broken on
/// purpose, for the reader's own repair).
fn rebuild_xref(b: &[u8]) -> Vec<u8> {
    let Some(xref) = rfind(b, b"\nxref") else {
        return b.to_vec();
    };
    let Some(trailer) = find(b, b"trailer", xref) else {
        return b.to_vec();
    };
    let mut starts: Vec<Option<usize>> = Vec::new();
    let body = &b[..xref + 1];
    let mut i = 0;
    while let Some(p) = find(body, b" 0 obj", i) {
        let mut s = p;
        while s > 0 && body[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if s < p && (s == 0 || body[s - 1] == b'\n' || body[s - 1] == b'\r') {
            let n: usize = std::str::from_utf8(&body[s..p])
                .ok()
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            if n < 100_000 {
                if starts.len() <= n {
                    starts.resize(n + 1, None);
                }
                starts[n].get_or_insert(s);
            }
        }
        i = p + 6;
    }
    let mut out = b[..xref + 1].to_vec();
    let at = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", starts.len().max(1)).bytes());
    for s in starts.iter().skip(1) {
        match s {
            Some(o) => out.extend(format!("{o:010} 00000 n \n").bytes()),
            None => out.extend(b"0000000000 65535 f \n"),
        }
    }
    let tail = &b[trailer..];
    let cut = find(tail, b"startxref", 0).unwrap_or(tail.len());
    out.extend(&tail[..cut]);
    out.extend(format!("startxref\n{at}\n%%EOF\n").bytes());
    out
}

/// Replaces the integer or real after one occurrence of one of the keys.
fn replace_number_after(rng: &mut Rng, b: &[u8], keys: &[&[u8]], values: &[&str]) -> Vec<u8> {
    let key = rng.pick(keys);
    let mut hits = Vec::new();
    let mut i = 0;
    while let Some(p) = find(b, key, i) {
        hits.push(p + key.len());
        i = p + 1;
        if hits.len() > 2000 {
            break;
        }
    }
    if hits.is_empty() {
        return b.to_vec();
    }
    let mut at = *rng.pick(&hits);
    while at < b.len() && (b[at] == b' ' || b[at] == b'[') {
        at += 1;
    }
    let mut end = at;
    while end < b.len() && (b[end].is_ascii_digit() || b[end] == b'.' || b[end] == b'-') {
        end += 1;
    }
    let mut out = b[..at].to_vec();
    out.extend(rng.pick(values).bytes());
    out.extend(&b[end..]);
    out
}

const PDF_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999999",
    "2147483647",
    "-2147483648",
    "1e308",
    "0.0",
    "3.4e38",
    "-99999.5",
    "NaN",
];

/// One edit inside a page's (decompressed) drawing instructions: coordinates, font sizes and
/// text strings made odd, operators dropped or repeated.
fn mutate_content(rng: &mut Rng, content: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(content).into_owned();
    let mut ls: Vec<String> = text.lines().map(str::to_string).collect();
    if ls.is_empty() {
        return content.to_vec();
    }
    match rng.below(5) {
        0 => {
            // Numbers (positions, sizes, matrices) made odd.
            for _ in 0..1 + rng.below(20) {
                let i = rng.below(ls.len());
                let spans = number_spans(&ls[i]);
                if let Some(&(a, b)) = spans.get(rng.below(spans.len().max(1))) {
                    let v = *rng.pick(PDF_NUMBERS);
                    ls[i].replace_range(a..b, v);
                }
            }
        }
        1 => {
            for _ in 0..1 + rng.below(20) {
                let i = rng.below(ls.len());
                ls.remove(i);
                if ls.is_empty() {
                    break;
                }
            }
        }
        2 => {
            let n = 1 + rng.below(50);
            let at = rng.below(ls.len());
            let block: Vec<String> = ls[at..(at + n).min(ls.len())].to_vec();
            let to = rng.below(ls.len() + 1);
            ls.splice(to..to, block);
        }
        3 => {
            // The glyph codes drawn (hex strings), flipped.
            let mut b = content.to_vec();
            let hex: Vec<usize> = (0..b.len()).filter(|&i| b[i] == b'<').collect();
            for _ in 0..1 + rng.below(30) {
                let at = hex
                    .get(rng.below(hex.len().max(1)))
                    .map(|p| p + 1 + rng.below(4));
                if let Some(c) = at.and_then(|i| b.get_mut(i)) {
                    *c = *rng.pick(b"0123456789ABCDEF");
                }
            }
            return b;
        }
        _ => {
            let ops = [
                "1e30 0 0 1e30 0 0 cm",
                "0 0 0 0 0 0 cm",
                "/F1 1e30 Tf",
                "/F1 0 Tf",
                "/F1 -12 Tf",
                "BT",
                "ET",
                "q",
                "Q",
                "NaN 5 Td",
                "3.4e38 3.4e38 Td",
                "0 Tz",
                "[(a) -99999999 (b)] TJ",
            ];
            for _ in 0..1 + rng.below(10) {
                let i = rng.below(ls.len() + 1);
                ls.insert(i, rng.pick(&ops).to_string());
            }
        }
    }
    ls.join("\n").into_bytes()
}

fn mutate_pdf(rng: &mut Rng, b: &[u8]) -> Vec<u8> {
    match rng.below(9) {
        0 => {
            let mut b = b.to_vec();
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            b
        }
        1 => {
            // Cut short, with an end marker added so the file passes the first look.
            let mut out = b[..rng.below(b.len())].to_vec();
            out.extend(b"\n%%EOF\n");
            out
        }
        2 => b[..rng.below(b.len())].to_vec(),
        3 => {
            let keys: &[&[u8]] = &[
                b"/Length ",
                b"/Count ",
                b"/Size ",
                b"/MediaBox [",
                b"/FirstChar ",
                b"/LastChar ",
                b"/W [",
                b"/Widths [",
                b"/FontBBox [",
                b"/Ascent ",
                b"/DW ",
                b"/Rotate ",
                b"/UserUnit ",
                b" 0 R",
                b"\n",
            ];
            let out = replace_number_after(rng, b, keys, PDF_NUMBERS);
            if rng.below(3) == 0 {
                out
            } else {
                rebuild_xref(&out)
            }
        }
        4 | 5 => {
            // A page's drawing (or a font's ToUnicode map) decompressed, edited, put back.
            let s = streams(b);
            let decodable: Vec<&(usize, usize, usize)> = s
                .iter()
                .filter(|(d, _, _)| find(&b[*d..], b"FlateDecode", 0).is_some_and(|p| p < 200))
                .collect();
            if decodable.is_empty() {
                return b.to_vec();
            }
            let &&(dict, data, end) = rng.pick(&decodable);
            let Some(plain) = inflate(&b[data..end]) else {
                return b.to_vec();
            };
            let edited = deflate(&mutate_content(rng, &plain));
            let mut out = b[..dict].to_vec();
            let head = String::from_utf8_lossy(&b[dict..data]).into_owned();
            // The new length, in place of the old one when it is a direct number.
            let head = match head.find("/Length ") {
                Some(p) => {
                    let s = p + 8;
                    let e = s + head[s..]
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(head.len() - s);
                    if head[e..].trim_start().starts_with("0 R") {
                        head
                    } else {
                        format!("{}{}{}", &head[..s], edited.len(), &head[e..])
                    }
                }
                None => head,
            };
            out.extend(head.bytes());
            out.extend(&edited);
            out.extend(&b[end..]);
            rebuild_xref(&out)
        }
        6 => {
            // References that point at the wrong object: a page its own parent, a missing one.
            let mut out = b.to_vec();
            for _ in 0..1 + rng.below(4) {
                out = replace_number_after(
                    rng,
                    &out,
                    &[
                        b"/Parent ",
                        b"/Kids [",
                        b"/Pages ",
                        b"/Contents ",
                        b"/Font <</F",
                        b"/ToUnicode ",
                    ],
                    &["1", "2", "3", "0", "999999", "4294967297"],
                );
            }
            rebuild_xref(&out)
        }
        7 => {
            // A chunk deleted or doubled.
            let a = rng.below(b.len());
            let n = 1 + rng.below(4096);
            let e = (a + n).min(b.len());
            let mut out = b[..a].to_vec();
            if rng.below(2) == 0 {
                out.extend(&b[a..e]);
            }
            out.extend(&b[a..]);
            if rng.below(2) == 0 {
                rebuild_xref(&out)
            } else {
                out
            }
        }
        _ => {
            // Byte flips near the end (cross-reference table and trailer).
            let mut b = b.to_vec();
            let from = b.len().saturating_sub(3000);
            for _ in 0..1 + rng.below(6) {
                let i = from + rng.below(b.len() - from);
                b[i] ^= 1 << rng.below(8);
            }
            b
        }
    }
}

// ---------------------------------------------------------------- the runs

#[test]
fn mutated_published_texts_never_panic() {
    quiet_panics();
    let n = env_count("FUZZ_TEXTS", 24);
    let mut rng = Rng(env_count("FUZZ_SEED", 1) as u64 ^ 0x7e47);
    let dir = tmp_dir("texts");
    let keep = std::env::temp_dir().join("budget-fuzz-import-failures");
    let mut seeds: Vec<String> =
        vec![std::fs::read_to_string(fixtures().join("shanxi_reference.txt")).expect("山西 text")];
    for name in CORPUS {
        let p = fixtures().join(format!("corpus/{name}.layout.txt"));
        seeds.push(std::fs::read_to_string(p).expect("corpus text"));
    }
    let start = Instant::now();
    let mut t = Tally::default();
    // The seeds themselves import.
    for (i, s) in seeds.iter().enumerate() {
        let code = import_one(&mut t, &dir, i, "txt", s.as_bytes(), &keep);
        assert_eq!(code, Some(0), "seed {i} imports: {t:?}");
    }
    let mut imported = 0;
    for i in 0..n {
        let seed = rng.pick(&seeds).clone();
        let mut input = mutate_text(&mut rng, &seed, &seeds);
        if rng.below(3) == 0
            && let Ok(s) = String::from_utf8(input.clone())
        {
            input = mutate_text(&mut rng, &s, &seeds);
        }
        if import_one(&mut t, &dir, seeds.len() + i, "txt", &input, &keep) == Some(0) {
            imported += 1;
        }
    }
    report("texts", &t, start.elapsed());
    println!("  mutated texts imported: {imported} of {n}");
    let _ = std::fs::remove_dir_all(&dir);
    assert_clean(&t);
    // Both outcomes were reached: some mutations still import, some are refused.
    if n >= 20 {
        assert!(
            imported > 0 && t.by_exit[2] > 0,
            "{imported} {:?}",
            t.by_exit
        );
    }
}

#[test]
fn mutated_published_pdfs_never_panic() {
    quiet_panics();
    let n = env_count("FUZZ_PDFS", 8);
    let mut rng = Rng(env_count("FUZZ_SEED", 1) as u64 ^ 0x9df);
    let dir = tmp_dir("pdfs");
    let keep = std::env::temp_dir().join("budget-fuzz-import-failures");
    let seeds: Vec<Vec<u8>> = CORPUS
        .iter()
        .map(|name| std::fs::read(fixtures().join(format!("corpus/{name}.pdf"))).expect("PDF"))
        .collect();
    let start = Instant::now();
    let mut t = Tally::default();
    // The rebuilt cross-reference table alone changes nothing: the mutations are what is read.
    let rebuilt = rebuild_xref(&seeds[0]);
    let code = import_one(&mut t, &dir, 0, "pdf", &rebuilt, &keep);
    assert_eq!(code, Some(0), "a PDF with its xref rebuilt imports: {t:?}");
    let mut imported = 0;
    for i in 0..n {
        let seed = rng.pick(&seeds);
        let mut input = mutate_pdf(&mut rng, seed);
        if rng.below(4) == 0 {
            input = mutate_pdf(&mut rng, &input);
        }
        if import_one(&mut t, &dir, 1 + i, "pdf", &input, &keep) == Some(0) {
            imported += 1;
        }
    }
    report("PDFs", &t, start.elapsed());
    println!("  mutated PDFs imported: {imported} of {n}");
    let _ = std::fs::remove_dir_all(&dir);
    assert_clean(&t);
}
