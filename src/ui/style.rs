//! The app's colours and spacing in one place: severities, the grid's lines, shades and
//! selection (for light and dark themes), the messages that refuse or confirm, and row heights.

use crate::rules::Severity;
use egui::Color32;

/// Height of a grid row and of a header line.
pub const ROW_HEIGHT: f32 = 22.0;
pub const HEADER_ROW_HEIGHT: f32 = 24.0;
/// Space between blocks of a table drawn side by side (收入 | 支出).
pub const BLOCK_GAP: f32 = 12.0;
/// The grid's text size.
pub const GRID_FONT_SIZE: f32 = 14.0;

/// The colour of a finding's severity, on marks, counts and messages.
pub fn severity_color(s: Severity) -> Color32 {
    match s {
        Severity::Error => Color32::from_rgb(0xd0, 0x1f, 0x1f),
        Severity::Warning => Color32::from_rgb(0xe0, 0x8a, 0x00),
        // Teal, so a hint mark is not mistaken for the blue cursor.
        Severity::Hint => Color32::from_rgb(0x12, 0x9a, 0x8c),
    }
}

/// A refusal or an error message (a bad amount, a file that cannot be read).
pub fn error_text() -> Color32 {
    severity_color(Severity::Error)
}

/// A confirmation ("已生成", a fix that would clear its finding).
pub const OK_TEXT: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);

/// A count of differences from the compared version (in the navigation).
pub const CHANGE_TEXT: Color32 = Color32::from_rgb(0x6a, 0x3d, 0x9a);

/// The cursor cell's frame.
pub const CURSOR: Color32 = Color32::from_rgb(30, 100, 220);

/// The grid's colours for a theme.
pub struct GridColors {
    pub line: Color32,
    /// Background of computed (read-only) rows.
    pub computed_bg: Color32,
    pub computed_text: Color32,
    pub select_bg: Color32,
}

impl GridColors {
    pub fn for_theme(dark: bool) -> Self {
        if dark {
            GridColors {
                line: Color32::from_gray(70),
                computed_bg: Color32::from_rgb(40, 44, 52),
                computed_text: Color32::from_rgb(170, 190, 220),
                select_bg: Color32::from_rgb(40, 70, 110),
            }
        } else {
            GridColors {
                line: Color32::from_gray(200),
                computed_bg: Color32::from_rgb(236, 239, 244),
                computed_text: Color32::from_rgb(40, 60, 110),
                select_bg: Color32::from_rgb(204, 226, 255),
            }
        }
    }
}

/// The marker of a cell with a reviewer's comment (purple: blue is the cursor).
pub fn comment_color() -> egui::Color32 {
    egui::Color32::from_rgb(0x8a, 0x3f, 0xc0)
}
