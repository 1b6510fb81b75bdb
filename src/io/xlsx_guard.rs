//! Bounds on what a workbook may claim, checked inside the zip before the workbook reader
//! (calamine) sees it: the reader builds a dense grid spanning every cell a sheet names, so one
//! cell at XFD1048576 asks for terabytes, and it reserves whatever `uniqueCount` the shared
//! strings claim. A workbook beyond these bounds is refused with its sheet and cell.

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Excel's own limits: no real workbook names a cell beyond them.
pub const MAX_ROW: u64 = 1_048_576;
pub const MAX_COL: u64 = 16_384;
/// The most cells the grid of one sheet may span (first to last filled row × column). The
/// reader allocates about 56 bytes a cell, so this is about 220 MB; the largest sheet of the
/// synthetic county package spans far less.
pub const MAX_SHEET_CELLS: u64 = 4_000_000;
/// The most filled cells in the whole workbook.
pub const MAX_CELLS: u64 = 20_000_000;
/// The most shared strings a workbook may declare.
pub const MAX_STRINGS: u64 = 5_000_000;
/// The most bytes one part of the workbook may unpack to, and all of them together.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// The most characters a cell may hold (Excel's limit).
pub const MAX_TEXT_CHARS: usize = 32_767;

/// A bound the workbook exceeds: where (sheet, cell) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub sheet: String,
    pub cell: Option<String>,
    pub reason: String,
}

/// Checks the workbook's parts against the bounds. `Ok` also when the bytes are not a zip at
/// all: the reader then says so in its own words.
pub fn check(bytes: &[u8]) -> Result<(), Exceeded> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names = sheet_names(&mut zip);
    let mut total_bytes = 0u64;
    let mut total_cells = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let path = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let label = names
            .get(&path.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| path.clone());
        let mut data = Vec::new();
        // A damaged part (a bad checksum at its end, say) is still scanned as far as it reads:
        // the reader stops at the first tag it needs and may never see the damage.
        let _ = entry.take(MAX_PART_BYTES + 1).read_to_end(&mut data);
        let len = data.len() as u64;
        if len > MAX_PART_BYTES {
            return Err(Exceeded {
                sheet: label,
                cell: None,
                reason: format!(
                    "解压后超过 {} MB，不像是预算公开工作簿",
                    MAX_PART_BYTES / 1024 / 1024
                ),
            });
        }
        total_bytes += len;
        if total_bytes > MAX_TOTAL_BYTES {
            return Err(Exceeded {
                sheet: label,
                cell: None,
                reason: format!(
                    "工作簿解压后超过 {} MB，不像是预算公开工作簿",
                    MAX_TOTAL_BYTES / 1024 / 1024
                ),
            });
        }
        total_cells += scan_part(&data, &label)?;
        if total_cells > MAX_CELLS {
            return Err(Exceeded {
                sheet: label,
                cell: None,
                reason: format!("工作簿有超过 {MAX_CELLS} 个非空单元格"),
            });
        }
    }
    Ok(())
}

/// Scans one part: cell references, the sheet's span, and a shared-string count. Returns the
/// number of filled cells.
fn scan_part(data: &[u8], sheet: &str) -> Result<u64, Exceeded> {
    let exceeded = |cell: Option<String>, reason: String| Exceeded {
        sheet: sheet.to_string(),
        cell,
        reason,
    };
    let mut filled = 0u64;
    // The span of filled cells: (min row, max row, min col, max col), 1-based.
    let mut span: Option<(u64, u64, u64, u64)> = None;
    let (mut row, mut col) = (0u64, 0u64);
    let mut at = 0;
    while let Some(off) = data[at..].iter().position(|&b| b == b'<') {
        let start = at + off + 1;
        let Some(end_off) = data[start..].iter().position(|&b| b == b'>') else {
            break;
        };
        let tag = &data[start..start + end_off];
        at = start + end_off + 1;
        if tag.first().is_some_and(|b| matches!(b, b'/' | b'?' | b'!')) {
            continue;
        }
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        let local = match name.iter().rposition(|&b| b == b':') {
            Some(p) => &name[p + 1..],
            None => name,
        };
        let attrs = &tag[name_len..];
        // Every reference the reader parses is checked, so none overflows its arithmetic.
        for key in [&b"r"[..], b"ref", b"sqref"] {
            if let Some(v) = attr(attrs, key) {
                let shown = || String::from_utf8_lossy(&v[..v.len().min(40)]).into_owned();
                for range in v.split(|b| b.is_ascii_whitespace()) {
                    let mut ends = Vec::new();
                    for part in range.split(|b| *b == b':') {
                        match reference(part) {
                            Ok(rc) => ends.push(rc),
                            Err(why) => return Err(exceeded(Some(shown()), why)),
                        }
                    }
                    // The reader subtracts the start of a range from its end.
                    if let [(r1, c1), (r2, c2)] = ends[..] {
                        let before =
                            |a: Option<u64>, b: Option<u64>| a.zip(b).is_some_and(|(a, b)| b < a);
                        if before(r1, r2) || before(c1, c2) {
                            return Err(exceeded(
                                Some(shown()),
                                "单元格区域的终点在起点之前".to_string(),
                            ));
                        }
                    }
                }
            }
        }
        match local {
            b"row" => {
                row = match attr(attrs, b"r").map(reference) {
                    Some(Ok((r, _))) => r.unwrap_or(row + 1),
                    _ => row + 1,
                };
                col = 0;
            }
            b"c" => {
                let (r, c) = match attr(attrs, b"r").map(reference) {
                    Some(Ok((r, c))) => (r.unwrap_or(row.max(1)), c.unwrap_or(col + 1)),
                    _ => (row.max(1), col + 1),
                };
                col = c;
                // `<c …/>` holds nothing: the reader keeps no cell for it.
                if tag.last() == Some(&b'/') {
                    continue;
                }
                filled += 1;
                let s = span.get_or_insert((r, r, c, c));
                *s = (s.0.min(r), s.1.max(r), s.2.min(c), s.3.max(c));
                let cells = (s.1 - s.0 + 1) * (s.3 - s.2 + 1);
                if cells > MAX_SHEET_CELLS {
                    return Err(exceeded(
                        Some(cell_name(r, c)),
                        format!(
                            "工作表的数据区域跨越 {cells} 个单元格（{}:{}），超过上限 {MAX_SHEET_CELLS}",
                            cell_name(s.0, s.2),
                            cell_name(s.1, s.3)
                        ),
                    ));
                }
            }
            b"sst" => {
                for key in [&b"uniqueCount"[..], b"count"] {
                    if let Some(v) = attr(attrs, key) {
                        let n = std::str::from_utf8(v)
                            .ok()
                            .and_then(|t| t.trim().parse::<u64>().ok());
                        if v.iter().all(u8::is_ascii_digit) && n.is_none_or(|n| n > MAX_STRINGS) {
                            return Err(exceeded(
                                None,
                                format!(
                                    "共享字符串声明了 {} 个（{}），超过上限 {MAX_STRINGS}",
                                    String::from_utf8_lossy(&v[..v.len().min(30)]),
                                    String::from_utf8_lossy(key)
                                ),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(filled)
}

/// The value of an attribute in a tag's attribute text.
fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i < attrs.len() {
        // Skip to the start of a name.
        while i < attrs.len() && (attrs[i].is_ascii_whitespace() || attrs[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < attrs.len() && !matches!(attrs[i], b'=' | b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        let name = &attrs[name_start..i];
        while i < attrs.len() && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= attrs.len() || attrs[i] != b'=' {
            i += 1;
            continue;
        }
        i += 1;
        while i < attrs.len() && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let &quote = attrs.get(i)?;
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let v_start = i + 1;
        let v_len = attrs[v_start..].iter().position(|&b| b == quote)?;
        let value = &attrs[v_start..v_start + v_len];
        i = v_start + v_len + 1;
        if name == key {
            return Some(value);
        }
    }
    None
}

/// A cell reference ("D7", "$D$7", "D", "7"): 1-based row and column where given, refused when
/// beyond Excel's grid. Text that is not a reference at all is left to the reader.
fn reference(text: &[u8]) -> Result<(Option<u64>, Option<u64>), String> {
    let t: Vec<u8> = text.iter().copied().filter(|&b| b != b'$').collect();
    let letters = t.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &t[letters..];
    if !digits.iter().all(u8::is_ascii_digit) {
        return Ok((None, None));
    }
    let shown = String::from_utf8_lossy(&text[..text.len().min(40)]).into_owned();
    let col = if letters == 0 {
        None
    } else if letters > 3 {
        return Err(format!(
            "单元格地址“{shown}”的列超出 Excel 的范围（最多 XFD 列）"
        ));
    } else {
        let c = t[..letters].iter().fold(0u64, |acc, b| {
            acc * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
        });
        if c > MAX_COL {
            return Err(format!(
                "单元格地址“{shown}”的列超出 Excel 的范围（最多 XFD 列）"
            ));
        }
        Some(c)
    };
    let row = if digits.is_empty() {
        None
    } else {
        let r = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
            .filter(|&r| r <= MAX_ROW);
        match r {
            Some(r) => Some(r),
            None => {
                return Err(format!(
                    "单元格地址“{shown}”的行超出 Excel 的范围（最多 {MAX_ROW} 行）"
                ));
            }
        }
    };
    Ok((row, col))
}

/// "D7" from a 1-based row and column.
fn cell_name(row: u64, col: u64) -> String {
    let mut letters = Vec::new();
    let mut c = col;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// Part path (lower case) → sheet name, from the workbook and its relationships; empty when
/// they cannot be read (then messages name the part).
fn sheet_names(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> HashMap<String, String> {
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let entry = zip.by_name(name).ok()?;
        let mut v = Vec::new();
        entry.take(MAX_PART_BYTES).read_to_end(&mut v).ok()?;
        Some(v)
    };
    let (Some(wb), Some(rels)) = (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"))
    else {
        return HashMap::new();
    };
    let mut targets: HashMap<Vec<u8>, String> = HashMap::new();
    for tag in tags(&rels, b"Relationship") {
        if let (Some(id), Some(target)) = (attr(tag, b"Id"), attr(tag, b"Target")) {
            let t = String::from_utf8_lossy(target).to_ascii_lowercase();
            let path = match t.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{t}"),
            };
            targets.insert(id.to_vec(), path);
        }
    }
    let mut out = HashMap::new();
    for tag in tags(&wb, b"sheet") {
        if let (Some(name), Some(id)) = (attr(tag, b"name"), attr(tag, b"r:id"))
            && let Some(path) = targets.get(id)
        {
            out.insert(path.clone(), unescape(&String::from_utf8_lossy(name)));
        }
    }
    out
}

/// The attribute texts of the tags with a local name.
fn tags<'a>(data: &'a [u8], local: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(off) = data[at..].iter().position(|&b| b == b'<') {
        let start = at + off + 1;
        let Some(len) = data[start..].iter().position(|&b| b == b'>') else {
            break;
        };
        let tag = &data[start..start + len];
        at = start + len + 1;
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        let l = match name.iter().rposition(|&b| b == b':') {
            Some(p) => &name[p + 1..],
            None => name,
        };
        if l == local {
            out.push(&tag[name_len..]);
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_excel_pass_and_beyond_it_are_refused() {
        assert_eq!(reference(b"D7"), Ok((Some(7), Some(4))));
        assert_eq!(
            reference(b"$XFD$1048576"),
            Ok((Some(1_048_576), Some(16_384)))
        );
        assert!(reference(b"XFE1").is_err());
        assert!(reference(b"AAAAAAAAAAAAAAAA1").is_err());
        assert!(reference(b"A1048577").is_err());
        assert!(reference(b"A99999999999999999999999").is_err());
        assert_eq!(reference(b"not a ref"), Ok((None, None)));
    }

    #[test]
    fn a_sheet_spanning_too_many_cells_is_refused_at_its_far_cell() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>
            <row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#;
        let e = scan_part(xml, "表3").unwrap_err();
        assert_eq!(e.sheet, "表3");
        assert_eq!(e.cell.as_deref(), Some("XFD1048576"));
        // Empty far cells hold nothing and are allowed.
        let xml = br#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="3"/></row>"#;
        assert_eq!(scan_part(xml, "表3"), Ok(1));
    }

    #[test]
    fn a_range_ending_before_it_starts_is_refused() {
        let xml = br#"<worksheet><dimension ref="Z9:A1"/><sheetData/></worksheet>"#;
        assert!(scan_part(xml, "表1").is_err());
        let xml = br#"<worksheet><dimension ref="A1:Z9"/><sheetData/></worksheet>"#;
        assert!(scan_part(xml, "表1").is_ok());
    }

    #[test]
    fn a_huge_shared_string_count_is_refused() {
        let xml = br#"<sst xmlns="x" count="3" uniqueCount="18446744073709551615"><si/></sst>"#;
        assert!(scan_part(xml, "sharedStrings").is_err());
        let xml = br#"<sst xmlns="x" count="3" uniqueCount="3"><si/></sst>"#;
        assert!(scan_part(xml, "sharedStrings").is_ok());
    }

    #[test]
    fn cell_names_are_excel_names() {
        assert_eq!(cell_name(7, 4), "D7");
        assert_eq!(cell_name(1, 16_384), "XFD1");
        assert_eq!(cell_name(1, 27), "AA1");
    }
}
