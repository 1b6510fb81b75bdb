//! The fonts of the editor: egui's defaults plus an embedded CJK font, so Chinese renders on a
//! machine with no Chinese font installed. The app and the UI tests call the same [`install`].

use std::sync::Arc;

/// 文泉驿微米黑 (WenQuanYi Micro Hei), Apache-2.0 or GPLv3 with font exception; see
/// assets/fonts/LICENSE-wqy-microhei.txt.
const WQY_MICROHEI: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

/// The name the CJK font is registered under.
pub const CJK_FONT: &str = "wqy-microhei";

/// Adds the CJK font as a fallback after egui's own fonts, for both proportional and monospace
/// text, so Latin digits keep egui's look and every Chinese glyph is found.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT.to_owned(),
        Arc::new(egui::FontData::from_static(WQY_MICROHEI)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT.to_owned());
    }
    ctx.set_fonts(fonts);
}
