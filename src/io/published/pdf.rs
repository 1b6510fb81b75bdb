//! Reading a PDF into a [`Document`] with the pure-Rust `pdf_oxide` crate: the characters of
//! each page with their boxes (Chinese text through the fonts' ToUnicode maps), grouped into
//! lines by their baseline and into cells by the gaps between them. Text drawn outside the
//! page (left over from the program that made the PDF, invisible when printed) is dropped, as
//! a viewer never shows it.

use super::PublishedError;
use super::document::{Cell, Document, Line, SourceKind, is_amount};

/// Characters further apart than this fraction of the font size start a new word.
const WORD_GAP: f32 = 0.2;
/// Words closer than this fraction of the font size are one cell ("1. 一般公共预算资金"),
/// unless one of them is an amount: amounts in adjacent columns nearly touch.
const JOIN_GAP: f32 = 0.6;
/// Two characters whose baselines differ by less than this fraction of the font size share a
/// line.
const SAME_LINE: f32 = 0.35;

struct Glyph {
    c: char,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

/// Reads a PDF file's bytes. Every failure is a [`PublishedError`]; a panic inside the PDF
/// library on a malformed file is caught and reported as a damaged file.
pub fn read(bytes: &[u8]) -> Result<Document, PublishedError> {
    check_envelope(bytes)?;
    let owned = bytes.to_vec();
    match std::panic::catch_unwind(move || read_inner(owned)) {
        Ok(r) => r,
        Err(_) => Err(PublishedError::Damaged(
            "读取 PDF 内容时出错（文件结构异常）".into(),
        )),
    }
}

/// The cheap checks a truncated or non-PDF file fails: the header and the end-of-file marker.
fn check_envelope(bytes: &[u8]) -> Result<(), PublishedError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PublishedError::Damaged(
            "不是 PDF 文件（开头没有 %PDF- 标记）".into(),
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(PublishedError::Damaged(format!(
            "文件不完整（{} 字节，结尾没有 %%EOF 标记），可能没有下载完",
            bytes.len()
        )));
    }
    Ok(())
}

fn read_inner(bytes: Vec<u8>) -> Result<Document, PublishedError> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes)
        .map_err(|e| PublishedError::Damaged(format!("无法解析 PDF：{e}")))?;
    let encrypted = doc.is_encrypted();
    // An encrypted file that opens without a password (only copying or printing restricted)
    // is read; one that needs a password to open is refused.
    if encrypted && !doc.authenticate(b"").unwrap_or(false) {
        return Err(PublishedError::Encrypted);
    }
    let pages = doc
        .page_count()
        .map_err(|e| PublishedError::Damaged(format!("无法读取页数：{e}")))?;
    let mut lines = Vec::new();
    for p in 0..pages {
        let chars = match doc.extract_chars(p) {
            Ok(s) => s,
            Err(_) if encrypted => return Err(PublishedError::Encrypted),
            Err(e) => {
                return Err(PublishedError::Damaged(format!(
                    "第{}页无法读取：{e}",
                    p + 1
                )));
            }
        };
        let (llx, lly, urx, ury) =
            doc.get_page_media_box(p)
                .unwrap_or((f32::MIN, f32::MIN, f32::MAX, f32::MAX));
        let glyphs: Vec<Glyph> = chars
            .into_iter()
            .filter(|g| {
                let b = &g.bbox;
                b.y < ury - 1.0 && b.y + b.height > lly && b.x < urx && b.x + b.width > llx
            })
            .map(|g| Glyph {
                c: g.char,
                x0: g.bbox.x,
                x1: g.bbox.x + g.bbox.width,
                y: g.bbox.y,
                size: if g.font_size > 0.0 { g.font_size } else { 10.0 },
            })
            .collect();
        page_lines(p + 1, glyphs, &mut lines);
    }
    if encrypted && lines.is_empty() {
        return Err(PublishedError::Encrypted);
    }
    Ok(Document {
        source: SourceKind::Pdf,
        pages,
        lines,
    })
}

/// A word being built: its text, box and font size.
struct Word {
    text: String,
    x0: f32,
    x1: f32,
    size: f32,
}

/// Groups one page's characters into lines (top to bottom), words and cells (left to right).
fn page_lines(page: usize, mut glyphs: Vec<Glyph>, out: &mut Vec<Line>) {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(r) if (r[0].y - g.y).abs() <= SAME_LINE * r[0].size.min(g.size) => r.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let margin = rows
        .iter()
        .filter_map(|r| {
            r.iter()
                .filter(|g| !g.c.is_whitespace())
                .map(|g| g.x0)
                .reduce(f32::min)
        })
        .reduce(f32::min)
        .unwrap_or(0.0);
    let mut number = 0;
    for mut r in rows {
        r.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let words = words(&r);
        let Some(first) = words.first() else {
            continue;
        };
        let lead = r.iter().take_while(|g| g.c.is_whitespace()).count();
        let indented = lead >= 2 || first.x0 > margin + 1.5 * first.size;
        number += 1;
        out.push(Line {
            page,
            number,
            indented,
            y: r[0].y,
            cells: cells(words),
        });
    }
}

fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut open = false;
    for g in glyphs {
        if g.c.is_whitespace() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(w) if open && g.x0 - w.x1 < WORD_GAP * g.size.min(w.size) => {
                w.text.push(g.c);
                w.x1 = w.x1.max(g.x1);
            }
            _ => out.push(Word {
                text: g.c.to_string(),
                x0: g.x0,
                x1: g.x1,
                size: g.size,
            }),
        }
        open = true;
    }
    out
}

fn cells(words: Vec<Word>) -> Vec<Cell> {
    let mut out: Vec<(Cell, f32, bool)> = Vec::new();
    for w in words {
        let amount = is_amount(&w.text);
        match out.last_mut() {
            Some((c, size, prev_amount))
                if !amount && !*prev_amount && w.x0 - c.x1 < JOIN_GAP * w.size.min(*size) =>
            {
                // A space between words of one cell is kept only between Latin letters and
                // digits ("1. 一般…" keeps its numbering apart from the words).
                if w.x0 - c.x1 > 0.15 * w.size {
                    c.text.push(' ');
                }
                c.text.push_str(&w.text);
                c.x1 = w.x1;
            }
            _ => out.push((
                Cell {
                    text: w.text,
                    x0: w.x0,
                    x1: w.x1,
                },
                w.size,
                amount,
            )),
        }
    }
    out.into_iter().map(|(c, _, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_and_foreign_files_are_refused_before_parsing() {
        let e = read(b"hello").unwrap_err().to_string();
        assert!(e.contains("不是 PDF"), "{e}");
        let e = read(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("不完整"), "{e}");
    }
}
