//! Classification codes (政府收支分类科目): levels and parents by code length.

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
