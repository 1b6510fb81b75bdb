//! The built-in sample package (长治市屯留区信访局 2026), embedded in the binary.

use crate::model::Package;

/// The sample's project file text, exactly as shipped.
pub const SAMPLE_RON: &str = include_str!("../../assets/sample.budget.ron");

/// The sample package. The embedded file is checked by tests, so it always parses.
pub fn sample() -> Package {
    super::project::from_str(SAMPLE_RON).unwrap_or_else(|_| Package::new_empty(2026, "示例"))
}
