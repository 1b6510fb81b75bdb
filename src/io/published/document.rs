//! The printed document: what a published package looks like once read, independent of the
//! layout and of where it came from (a PDF, its text): numbered pages of lines, each line a
//! row of positioned cells. Tables and text parts are found in it by [`super::recognize`].

/// One run of text on a line: a table cell, a code part, a title, a paragraph's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The text, trimmed.
    pub text: String,
    /// Left and right edges, in the source's units (PDF points, or character columns of a
    /// text file); only their order and distances matter.
    pub x0: f32,
    pub x1: f32,
}

impl Cell {
    pub fn center(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// One printed line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Page number, from 1; 0 when the source has no pages (a text file).
    pub page: usize,
    /// Line number on the page (or in the file), from 1, for the import report.
    pub number: usize,
    /// Whether the line starts indented (a new paragraph in running text).
    pub indented: bool,
    /// Height on the page, larger is higher (PDF points; minus the line number in a text
    /// file): a wrapped name belongs to the row it is nearer to.
    pub y: f32,
    pub cells: Vec<Cell>,
}

impl Line {
    /// The line's text with its cells joined, as a reader would quote it.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, c) in self.cells.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&c.text);
        }
        s
    }

    /// The line's text without any white space, with full-width punctuation folded
    /// ([`normalize`]), for comparing with titles and labels.
    pub fn key(&self) -> String {
        normalize(
            &self
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<String>(),
        )
    }

    /// Where the line is, for the report: "第3页第12行", or "第12行" in a text file.
    pub fn place(&self) -> String {
        if self.page == 0 {
            format!("第{}行", self.number)
        } else {
            format!("第{}页第{}行", self.page, self.number)
        }
    }
}

/// Which kind of source a document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Pdf,
    /// Text with cells separated by tabs (as copied from the PDF by a viewer).
    TabText,
    /// Text laid out with spaces, as `pdftotext -layout` writes it.
    LayoutText,
}

/// A whole printed document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub source: SourceKind,
    /// Number of pages (1 for a text file without page breaks).
    pub pages: usize,
    pub lines: Vec<Line>,
}

/// Folds the ways the same words are printed: no white space, full-width brackets, colons,
/// quotes and digits as their plain forms.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '“' | '”' | '"' | '＂' => '"',
            '，' => ',',
            '．' => '.',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether a cell's text is a printed amount: digits with optional thousands separators and
/// decimals ("91,016,775.35", "867.50", "0.00"). Bare integers are codes or counts, not amounts.
pub fn is_amount(s: &str) -> bool {
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return false;
    }
    if int.starts_with(',') || int.ends_with(',') {
        return false;
    }
    let grouped = int.contains(',');
    if grouped {
        let groups: Vec<&str> = int.split(',').collect();
        if groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return false;
        }
    }
    match frac {
        Some(f) => !f.is_empty() && f.len() <= 2 && f.chars().all(|c| c.is_ascii_digit()),
        None => grouped,
    }
}

/// Whether a cell's text is a code or a code part: digits only ("201", "03", "2014001").
pub fn is_code(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.len() <= 9 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_codes_and_words() {
        for a in ["91,016,775.35", "867.50", "0.00", "1,234", "-5.10", "12.5"] {
            assert!(is_amount(a), "{a}");
        }
        for n in [
            "201", "03", "2025年", "1,23.00", "12.345", ",100.00", "合计", "",
        ] {
            assert!(!is_amount(n), "{n}");
        }
        assert!(is_code("2014001") && is_code("03") && !is_code("20a") && !is_code("1.00"));
        assert_eq!(normalize("“三公”经费（万元）：１"), "\"三公\"经费(万元):1");
    }
}
