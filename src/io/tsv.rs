//! Tab-separated text as Excel, WPS and LibreOffice put on the clipboard: parsing a pasted block
//! and writing a selected range.

/// Splits pasted text into rows of cells. Excel ends the block with a line break and uses
/// "\r\n"; both are accepted. Cells are trimmed (WPS pads numbers with spaces), and a quoted
/// cell (a cell containing a line break or tab) has its quotes removed.
pub fn parse_tsv(text: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '\t' => {
                row.push(clean_cell(&cell));
                cell.clear();
                at_cell_start = true;
            }
            '\r' => {}
            '\n' => {
                row.push(clean_cell(&cell));
                cell.clear();
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            ' ' | '\u{a0}' if at_cell_start => {}
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(clean_cell(&cell));
        rows.push(row);
    }
    rows
}

fn clean_cell(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
        .to_string()
}

/// Writes rows of cells as tab-separated text with a final line break, as Excel does.
pub fn to_tsv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains(['\t', '\n', '"']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_block_with_crlf_separators_and_spaces() {
        let rows = parse_tsv("1,234.50 \t2\r\n 3\t\r\n");
        assert_eq!(
            rows,
            vec![
                vec!["1,234.50".to_string(), "2".into()],
                vec!["3".into(), "".into()]
            ]
        );
    }

    #[test]
    fn round_trip_keeps_cells() {
        let rows = vec![
            vec!["2014001".to_string(), "行政运行".into(), "19.56".into()],
            vec!["a\tb".to_string(), "".into(), "x".into()],
        ];
        assert_eq!(parse_tsv(&to_tsv(&rows)), rows);
    }

    #[test]
    fn empty_clipboard_is_no_rows() {
        assert!(parse_tsv("").is_empty());
        assert_eq!(parse_tsv("\r\n"), vec![vec![String::new()]]);
    }
}
