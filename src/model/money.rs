//! Exact money amounts: a cell that may be empty, parsed and validated once.
//!
//! Published tables leave cells empty, and an empty cell is not 0.00, so an [`Amount`] is an
//! `Option<Decimal>`. Amounts are written as strings ("262.76") so that a file keeps the exact
//! digits, including the scale ("168" stays "168", "168.00" stays "168.00").

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The most decimal places an amount may have: 0.01 万元 in tables, 1 分 in forms.
pub const MAX_SCALE: u32 = 2;
/// The most significant digits an amount may have (integer part and decimals together, not
/// counting leading zeros or trailing zeros after the point). 15 is what a workbook's IEEE
/// double keeps exactly: every decimal of at most 15 significant digits comes back from a
/// double unchanged, so an amount the program accepts survives its own xlsx export and import
/// (999999999999999.99 has 17 and would come back as 1000000000000000). A province's whole
/// budget in 元 with 分 has 14 digits, so nothing real is refused; and sums of millions of such
/// amounts stay far inside what a `Decimal` holds (about 7.9 × 10²⁸).
pub const MAX_DIGITS: usize = 15;
/// The most digits before the decimal point (a whole amount of [`MAX_DIGITS`] digits).
pub const MAX_INT_DIGITS: usize = MAX_DIGITS;

/// Why a piece of text is not an amount. Messages are shown to the user as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("“{0}”不是金额：只能包含数字、小数点和负号")]
    NotANumber(String),
    #[error("“{0}”的小数位超过 2 位（金额最多精确到 0.01）")]
    TooManyDecimals(String),
    #[error(
        "“{0}”超过 {MAX_DIGITS} 位有效数字（整数与小数合计），不是合理的金额（Excel 也无法准确保存）"
    )]
    TooLarge(String),
}

/// One money cell: empty, or an exact decimal amount with at most two decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Amount(pub Option<Decimal>);

impl Amount {
    pub const EMPTY: Amount = Amount(None);

    pub fn new(d: Decimal) -> Self {
        Amount(Some(d))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The amount, counting an empty cell as zero (for sums and comparisons).
    pub fn or_zero(&self) -> Decimal {
        self.0.unwrap_or(Decimal::ZERO)
    }

    pub fn value(&self) -> Option<Decimal> {
        self.0
    }

    /// Parses what a user typed or a file holds. Accepts thousands separators (Excel and WPS
    /// copy "1,234.50"), full-width digits and surrounding spaces; an empty string is an empty cell.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
            .map(fullwidth_to_ascii)
            .collect();
        if cleaned.is_empty() {
            return Ok(Amount::EMPTY);
        }
        let body = cleaned.strip_prefix('-').unwrap_or(&cleaned);
        let valid_chars = !body.is_empty()
            && body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.chars().filter(|&c| c == '.').count() <= 1
            && body.chars().any(|c| c.is_ascii_digit());
        if !valid_chars {
            return Err(AmountError::NotANumber(text.trim().to_string()));
        }
        let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
        if frac_part.len() > MAX_SCALE as usize {
            return Err(AmountError::TooManyDecimals(text.trim().to_string()));
        }
        let significant =
            int_part.trim_start_matches('0').len() + frac_part.trim_end_matches('0').len();
        if significant > MAX_DIGITS {
            return Err(AmountError::TooLarge(text.trim().to_string()));
        }
        Decimal::from_str(&cleaned)
            .map(Amount::new)
            .map_err(|_| AmountError::NotANumber(text.trim().to_string()))
    }

    /// Whether the amount is one a file may hold (what [`Amount::parse`] accepts): at most two
    /// decimals and [`MAX_DIGITS`] significant digits. A computed amount (a fix's sum of many
    /// large rows) may not be; such a value must not enter the package, or the file saved
    /// from it would not load.
    pub fn in_range(&self) -> bool {
        let Some(d) = self.0 else { return true };
        let n = d.normalize();
        if n.scale() > MAX_SCALE {
            return false;
        }
        let digits = n.mantissa().unsigned_abs().to_string();
        let significant = if n.is_zero() { 0 } else { digits.len() };
        significant <= MAX_DIGITS
    }

    /// Text for a 万元 table cell: always two decimals, empty for an empty cell.
    pub fn display_2dp(&self) -> String {
        match self.0 {
            Some(d) => format_2dp(d),
            None => String::new(),
        }
    }
}

fn fullwidth_to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '－' => '-',
        _ => c,
    }
}

/// Formats with exactly two decimals, rounding half away from zero as the published tables do.
pub fn format_2dp(d: Decimal) -> String {
    let r = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{:.2}", r)
}

/// Formats with two decimals and thousands separators ("1,234.50"), as the grid shows 万元.
pub fn format_2dp_grouped(d: Decimal) -> String {
    let s = format_2dp(d);
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{frac}")
}

/// Formats 元 with thousands separators and no decimals when whole ("300,000").
pub fn format_yuan(d: Decimal) -> String {
    let neg = d.is_sign_negative() && !d.is_zero();
    let abs = d.abs();
    let whole = abs.trunc();
    let frac = abs - whole;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_zero() {
        let f = format_2dp(frac);
        out.push_str(&f[1..]);
    }
    if neg { format!("-{out}") } else { out }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(d) => write!(f, "{d}"),
            None => Ok(()),
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // Files hold canonical text only: no separators, so "1,000" in a file is suspicious,
        // but accepting it loses nothing and the next save writes it canonically.
        Amount::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// 元 → 万元 (exact).
pub fn yuan_to_wan(yuan: Decimal) -> Decimal {
    yuan / Decimal::from(10_000)
}

/// 万元 → 元 (exact).
pub fn wan_to_yuan(wan: Decimal) -> Decimal {
    wan * Decimal::from(10_000)
}

/// Sums cells the way a published table does: all empty gives empty, otherwise the sum of the
/// amounts present.
pub fn sum_cells<I: IntoIterator<Item = Amount>>(cells: I) -> Amount {
    let mut acc: Option<Decimal> = None;
    for c in cells {
        if let Some(v) = c.0 {
            // The first amount is taken as it is: adding it to zero gives the same value and
            // scale, and views sum mostly empty cells (a county's tables, millions of times).
            // Saturating, though amounts in range (15 digits) cannot overflow a `Decimal` (28
            // digits) in fewer than 10¹³ additions: no input may bring the checker down.
            acc = Some(match acc {
                Some(a) => a.saturating_add(v),
                None => v,
            });
        }
    }
    Amount(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_amounts_have_separators_and_two_decimals() {
        let d = |s: &str| Decimal::from_str_exact(s).expect("literal");
        assert_eq!(format_2dp_grouped(d("1234567.5")), "1,234,567.50");
        assert_eq!(format_2dp_grouped(d("-1234.565")), "-1,234.57");
        assert_eq!(format_2dp_grouped(d("999.99")), "999.99");
        assert_eq!(format_2dp_grouped(d("0")), "0.00");
        // Typing takes the plain number back.
        assert_eq!(
            Amount::parse(&format_2dp_grouped(d("1234567.5"))).ok(),
            Some(Amount::new(d("1234567.5")))
        );
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn parses_plain_separated_and_fullwidth_amounts() {
        assert_eq!(Amount::parse("262.76").unwrap(), Amount::new(dec("262.76")));
        assert_eq!(
            Amount::parse(" 1,234.50 ").unwrap(),
            Amount::new(dec("1234.50"))
        );
        assert_eq!(Amount::parse("１２．５").unwrap(), Amount::new(dec("12.5")));
        assert_eq!(Amount::parse("-3").unwrap(), Amount::new(dec("-3")));
        assert_eq!(Amount::parse("   ").unwrap(), Amount::EMPTY);
    }

    #[test]
    fn keeps_the_scale_as_written() {
        assert_eq!(Amount::parse("168").unwrap().to_string(), "168");
        assert_eq!(Amount::parse("168.00").unwrap().to_string(), "168.00");
    }

    #[test]
    fn refuses_letters_three_decimals_and_huge_numbers() {
        assert!(matches!(
            Amount::parse("12a"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse("1.2.3"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse("-"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse("1.234"),
            Err(AmountError::TooManyDecimals(_))
        ));
        // 15 significant digits is the most an xlsx double keeps exactly.
        assert!(Amount::parse("999999999999999").is_ok());
        assert!(Amount::parse("9999999999999.99").is_ok());
        assert!(Amount::parse("-9999999999999.99").is_ok());
        assert!(Amount::parse("99999999999999.00").is_ok());
        assert!(matches!(
            Amount::parse("99999999999999.99"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Amount::parse("1000000000000000"),
            Err(AmountError::TooLarge(_))
        ));
        let forty = "1".repeat(40);
        assert!(matches!(
            Amount::parse(&forty),
            Err(AmountError::TooLarge(_))
        ));
    }

    #[test]
    fn in_range_agrees_with_what_parse_accepts() {
        for text in [
            "0",
            "0.00",
            "-3",
            "9999999999999.99",
            "999999999999999",
            "1.5",
            "168.00",
        ] {
            assert!(Amount::parse(text).unwrap().in_range(), "{text}");
        }
        for text in ["1000000000000000", "99999999999999.99", "0.001"] {
            assert!(!Amount::new(dec(text)).in_range(), "{text}");
        }
        assert!(Amount::EMPTY.in_range());
    }

    #[test]
    fn empty_sums_stay_empty_and_mixed_sums_add() {
        assert_eq!(sum_cells([Amount::EMPTY, Amount::EMPTY]), Amount::EMPTY);
        assert_eq!(
            sum_cells([
                Amount::EMPTY,
                Amount::new(dec("94.76")),
                Amount::new(dec("168.00"))
            ]),
            Amount::new(dec("262.76"))
        );
    }

    #[test]
    fn formats_two_decimals_and_yuan() {
        assert_eq!(format_2dp(dec("168")), "168.00");
        assert_eq!(format_2dp(dec("0.125")), "0.13");
        assert_eq!(format_yuan(dec("300000")), "300,000");
        assert_eq!(format_yuan(dec("1234.5")), "1,234.50");
        assert_eq!(yuan_to_wan(dec("400000")), dec("40"));
    }
}
