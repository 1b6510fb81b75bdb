//! Classification codes (政府收支分类科目): the validated [`Code`] made where a code enters (file,
//! workbook, grid), and levels and parents by code length.

use std::fmt;

/// The longest code accepted: the deepest classification (收入 项目, 9 digits) with room to
/// spare; anything longer is not a code but pasted text.
pub const MAX_CODE_LEN: usize = 20;

/// Why a piece of text is not a classification code. Shown to the user as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("“{0}”不是科目编码：编码只能由数字组成")]
    NotDigits(String),
    #[error("“{0}”不是科目编码：编码最多 {MAX_CODE_LEN} 位")]
    TooLong(String),
}

/// A classification code: ASCII digits only, at most [`MAX_CODE_LEN`] of them, or empty (a row
/// whose code is not typed yet). Made by [`Code::parse`] wherever a code enters the program, so
/// the rest of it may slice a code by byte position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(String);

impl Code {
    /// Parses a code as typed or stored: surrounding white space is dropped and full-width
    /// digits (０–９, what a Chinese input method types) become ASCII; anything else is refused.
    pub fn parse(text: &str) -> Result<Code, CodeError> {
        let trimmed = text.trim();
        let mut out = String::with_capacity(trimmed.len());
        for c in trimmed.chars() {
            match c {
                '0'..='9' => out.push(c),
                '０'..='９' => out.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                _ => return Err(CodeError::NotDigits(shorten(trimmed))),
            }
        }
        if out.len() > MAX_CODE_LEN {
            return Err(CodeError::TooLong(shorten(trimmed)));
        }
        Ok(Code(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The start of a long text, for a message.
fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// The level of a code among `levels` (code lengths, e.g. [3, 5, 7]): 0 for 类, 1 for 款 …
/// `None` when the length is not one of the levels or the code is not all digits.
pub fn level_of(code: &str, levels: &[usize]) -> Option<usize> {
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    levels.iter().position(|&l| l == code.len())
}

/// The parent of a code: its prefix of the next shorter level.
pub fn parent_of<'a>(code: &'a str, levels: &[usize]) -> Option<&'a str> {
    let lvl = level_of(code, levels)?;
    if lvl == 0 {
        None
    } else {
        Some(&code[..levels[lvl - 1]])
    }
}

/// Whether `ancestor` is a proper prefix-ancestor of `code` in the tree.
pub fn is_ancestor(ancestor: &str, code: &str) -> bool {
    code.len() > ancestor.len() && code.starts_with(ancestor)
}

/// Level names of the function classification.
pub fn function_level_name(level: usize) -> &'static str {
    match level {
        0 => "类",
        1 => "款",
        2 => "项",
        _ => "目",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ascii_digits_and_fullwidth_digits_become_ascii() {
        assert_eq!(Code::parse(" 2014001 ").unwrap().as_str(), "2014001");
        assert_eq!(Code::parse("３０１").unwrap().as_str(), "301");
        assert_eq!(Code::parse("").unwrap().as_str(), "");
        assert!(matches!(Code::parse("30一"), Err(CodeError::NotDigits(_))));
        assert!(matches!(Code::parse("30a"), Err(CodeError::NotDigits(_))));
        assert!(matches!(Code::parse("2 01"), Err(CodeError::NotDigits(_))));
        assert!(matches!(
            Code::parse(&"1".repeat(21)),
            Err(CodeError::TooLong(_))
        ));
        let msg = Code::parse("30一").unwrap_err().to_string();
        assert!(msg.contains("30一") && msg.contains("数字"), "{msg}");
    }

    #[test]
    fn levels_and_parents() {
        let f = [3, 5, 7];
        assert_eq!(level_of("201", &f), Some(0));
        assert_eq!(level_of("20140", &f), Some(1));
        assert_eq!(level_of("2014001", &f), Some(2));
        assert_eq!(level_of("2014", &f), None);
        assert_eq!(level_of("20a", &f), None);
        assert_eq!(parent_of("2014001", &f), Some("20140"));
        assert_eq!(parent_of("20140", &f), Some("201"));
        assert_eq!(parent_of("201", &f), None);
        assert!(is_ancestor("201", "2014001"));
        assert!(!is_ancestor("201", "201"));
    }
}
