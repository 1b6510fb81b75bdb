//! Reading a package's text into a [`Document`]: either cells separated by tabs (the shape of
//! text copied out of the PDF, one table row a line), or text laid out with spaces as
//! `pdftotext -layout` writes it (pages separated by form feeds, columns by runs of spaces).

use super::document::{Cell, Document, Line, SourceKind, is_amount};

/// Width of a column of tab-separated text, in the same made-up units for every cell.
const TAB_CELL: f32 = 100.0;

/// Reads text of either shape; the tab shape is chosen when any line holds a tab.
pub fn read(text: &str) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().any(|l| l.contains('\t')) {
        read_tabs(text)
    } else {
        read_layout(text)
    }
}

fn read_tabs(text: &str) -> Document {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let cells: Vec<Cell> = raw
            .split('\t')
            .enumerate()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(col, t)| Cell {
                text: t.trim().to_string(),
                x0: col as f32 * TAB_CELL,
                x1: col as f32 * TAB_CELL + TAB_CELL * 0.9,
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        lines.push(Line {
            page: 0,
            number: i + 1,
            indented: false,
            y: -(i as f32),
            cells,
        });
    }
    Document {
        source: SourceKind::TabText,
        pages: 1,
        lines,
    }
}

/// Display width of a character in a monospaced layout: CJK and full-width forms take two.
fn width(c: char) -> usize {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || c == '“'
        || c == '”';
    if wide { 2 } else { 1 }
}

fn read_layout(text: &str) -> Document {
    let mut lines = Vec::new();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let mut page_count = 0;
    for (p, page) in pages.iter().enumerate() {
        if page.trim().is_empty() && p + 1 == pages.len() {
            continue;
        }
        page_count = p + 1;
        for (i, raw) in page.lines().enumerate() {
            let cells = layout_cells(raw);
            if cells.is_empty() {
                continue;
            }
            let lead = raw.chars().take_while(|c| *c == ' ').count();
            lines.push(Line {
                page: p + 1,
                number: i + 1,
                indented: lead >= 2,
                y: -(i as f32),
                cells,
            });
        }
    }
    Document {
        source: SourceKind::LayoutText,
        pages: page_count.max(1),
        lines,
    }
}

/// Splits a laid-out line into cells at runs of two or more spaces, and between two amounts
/// separated by one space (wide numbers in adjacent columns touch).
fn layout_cells(raw: &str) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    let mut col = 0usize;
    let mut cur = String::new();
    let mut start = 0usize;
    let mut spaces = 0usize;
    let flush = |out: &mut Vec<Cell>, cur: &mut String, start: usize, end: usize| {
        let t = cur.trim();
        if !t.is_empty() {
            out.push(Cell {
                text: t.to_string(),
                x0: start as f32,
                x1: end as f32,
            });
        }
        cur.clear();
    };
    for c in raw.chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += 1;
        } else {
            if spaces >= 2 && !cur.is_empty() {
                flush(&mut out, &mut cur, start, col - spaces);
            }
            if cur.is_empty() {
                start = col;
            } else if spaces == 1 {
                cur.push(' ');
            }
            spaces = 0;
            cur.push(c);
        }
        col += width(c);
    }
    flush(&mut out, &mut cur, start, col - spaces);
    // "82,096,797.42 82,096,797.42" and "91,016,775.35 一、一般公共服务支出": an amount one
    // space from its neighbour is a cell of its own (adjacent columns touch).
    let mut split = Vec::new();
    for cell in out {
        let parts: Vec<&str> = cell.text.split(' ').collect();
        if parts.len() == 1 || !parts.iter().any(|p| is_amount(p)) {
            split.push(cell);
            continue;
        }
        let mut x = cell.x0;
        let mut pending: Option<Cell> = None;
        for p in parts {
            let w: f32 = p.chars().map(|c| width(c) as f32).sum();
            if is_amount(p) {
                split.extend(pending.take());
                split.push(Cell {
                    text: p.to_string(),
                    x0: x,
                    x1: x + w,
                });
            } else {
                match pending.as_mut() {
                    Some(c) => {
                        c.text.push(' ');
                        c.text.push_str(p);
                        c.x1 = x + w;
                    }
                    None => {
                        pending = Some(Cell {
                            text: p.to_string(),
                            x0: x,
                            x1: x + w,
                        })
                    }
                }
            }
            x += w + 1.0;
        }
        split.extend(pending);
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_keep_column_positions() {
        let d = read("项目\t\t本年收入\n201\t一般公共服务支出\t240.65\n");
        assert_eq!(d.source, SourceKind::TabText);
        assert_eq!(d.lines[0].cells[1].text, "本年收入");
        assert!(d.lines[0].cells[1].x0 > d.lines[1].cells[1].x0);
        assert_eq!(d.lines[1].number, 2);
    }

    #[test]
    fn layout_splits_columns_and_touching_amounts() {
        let d =
            read("201   03   01   行政运行               12,029,501.84 12,029,501.84\n\u{c}x  y\n");
        let cells: Vec<&str> = d.lines[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            cells,
            [
                "201",
                "03",
                "01",
                "行政运行",
                "12,029,501.84",
                "12,029,501.84"
            ]
        );
        assert_eq!(d.lines[1].page, 2);
        assert_eq!(d.pages, 2);
    }
}
