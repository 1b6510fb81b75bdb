//! The built-in sample packages, embedded in the binary: 长治市屯留区信访局 2026 (山西, 13 tables
//! in 万元) and 上海市普陀区人民政府办公室 2025 单位预算 (上海, 9 tables in 元).

use crate::model::Package;

/// The sample's project file text, exactly as shipped.
pub const SAMPLE_RON: &str = include_str!("../../assets/sample.budget.ron");

/// The 上海 sample (transcribed from the published PDF by tools/transcribe_putuo_office_unit.py).
pub const SHANGHAI_SAMPLE_RON: &str =
    include_str!("../../assets/samples/putuo_office_2025_unit.budget.ron");

/// Every built-in sample: (what 打开示例 shows, its project file text).
pub const SAMPLES: [(&str, &str); 2] = [
    ("山西：长治市屯留区信访局 2026（13张表，万元）", SAMPLE_RON),
    (
        "上海：普陀区人民政府办公室 2025 单位预算（9张表，元）",
        SHANGHAI_SAMPLE_RON,
    ),
];

/// The sample package. The embedded file is checked by tests, so it always parses.
pub fn sample() -> Package {
    super::project::from_str(SAMPLE_RON).unwrap_or_else(|_| Package::new_empty(2026, "示例"))
}

/// The 上海 sample package (checked by tests/shanghai.rs, so it always parses).
pub fn shanghai_sample() -> Package {
    super::project::from_str(SHANGHAI_SAMPLE_RON)
        .unwrap_or_else(|_| Package::new_empty(2025, "示例"))
}

/// A built-in sample by its index in [`SAMPLES`].
pub fn sample_at(index: usize) -> Package {
    match index {
        1 => shanghai_sample(),
        _ => sample(),
    }
}
