//! Comments on the pages that are not tables: which place a text field is (a form field, an
//! indicator, a 情况说明 section with the passage selected in it), the purple marker at the
//! corner of a commented field, the quoted passages highlighted in a section's text, and the
//! focus moved onto a comment's place when the 审阅 panel goes to it.

use super::style::comment_color;
use crate::model::Package;
use crate::model::comments::{self, Anchor};
use crate::model::edit::{IndicatorText, TextTarget};
use crate::model::field_edit::Commit;
use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Sense, Shape, Stroke, Vec2};

/// The comment state of the page fields, kept between frames.
#[derive(Default)]
pub struct FieldComments {
    /// What the anchors are read from: a copy of the package's forms, sections and comments,
    /// taken when the document's revision changes (the fields are drawn without the package).
    lite: Option<(u64, Package)>,
    /// The place of the field that had focus last (with the passage selected in a section):
    /// what 添加批注 comments on when the page is not a table.
    pub last_place: Option<(Anchor, String)>,
    /// A place whose field takes the focus when it is next drawn (going to a comment).
    pub focus_on: Option<Anchor>,
    /// The places that had focus this frame, and those drawn with a marker (for the tests).
    pub focused: Option<Anchor>,
    pub marked: Vec<Anchor>,
}

/// What a marker click asks of the page: a message for the status line.
pub type MarkerClick = Option<String>;

impl FieldComments {
    /// Starts a frame: renews the copy of what anchors are read from when the document changed.
    pub fn begin_frame(&mut self, pkg: &Package, revision: u64) {
        if self.lite.as_ref().map(|(r, _)| *r) != Some(revision) {
            let lite = Package {
                overall_form: pkg.overall_form.clone(),
                project_forms: pkg.project_forms.clone(),
                explanation: pkg.explanation.clone(),
                comments: pkg.comments.clone(),
                ..Package::default()
            };
            self.lite = Some((revision, lite));
        }
        self.focused = None;
        self.marked.clear();
    }

    /// The passages quoted by comments on the section this field writes to.
    pub fn quotes(&self, commit: Commit) -> Vec<String> {
        let (Some((_, lite)), Commit::Section(i)) = (&self.lite, commit) else {
            return Vec::new();
        };
        let Some(s) = lite.explanation.get(i) else {
            return Vec::new();
        };
        let key = comments::section_key(s);
        lite.comments
            .iter()
            .filter_map(|c| match &c.anchor {
                Some(Anchor::Section { section, quote })
                    if *section == key && !quote.is_empty() =>
                {
                    Some(quote.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// After a field is drawn: takes the focus if a comment's place is this field, records the
    /// place when the field has focus, and draws the marker of its comments.
    pub fn after_field(
        &mut self,
        ui: &egui::Ui,
        resp: &egui::Response,
        id: egui::Id,
        commit: Commit,
        name: &str,
        text: &str,
    ) -> MarkerClick {
        let lite = &self.lite.as_ref()?.1;
        let (anchor, place) = comments::anchor_of(lite, commit, name)?;
        if let Some(target) = &self.focus_on
            && same_place(target, &anchor)
        {
            resp.request_focus();
            resp.scroll_to_me(Some(egui::Align::Center));
            if let Anchor::Section { quote, .. } = target
                && let Some(at) = text.find(quote.as_str())
                && !quote.is_empty()
            {
                let from = text[..at].chars().count();
                let to = from + quote.chars().count();
                let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
                state.cursor.set_char_range(Some(CCursorRange::two(
                    CCursor::new(from),
                    CCursor::new(to),
                )));
                egui::TextEdit::store_state(ui.ctx(), id, state);
            }
            self.focus_on = None;
        }
        if resp.has_focus() {
            let here = match &anchor {
                Anchor::Section { section, .. } => {
                    let quote = selected_text(ui.ctx(), id, text);
                    let s = lite
                        .explanation
                        .iter()
                        .find(|s| comments::section_key(s) == *section);
                    let place = s
                        .map(|s| comments::section_place(s, &quote))
                        .unwrap_or(place.clone());
                    (
                        Anchor::Section {
                            section: section.clone(),
                            quote,
                        },
                        place,
                    )
                }
                _ => (anchor.clone(), place.clone()),
            };
            self.focused = Some(here.0.clone());
            self.last_place = Some(here);
        }
        // An indicator row has several fields: its marker goes on the name only.
        let marks_here = match commit {
            Commit::Text(TextTarget::Indicator { part, .. }) => part == IndicatorText::Name,
            Commit::IndicatorPart { .. } => false,
            _ => true,
        };
        if !marks_here {
            return None;
        }
        let notes: Vec<String> = comments::on_anchor(lite, &anchor)
            .map(|c| {
                let state = if c.resolved { "（已解决）" } else { "" };
                format!("批注 {}{state}：{}", c.author, c.text)
            })
            .collect();
        if notes.is_empty() {
            return None;
        }
        // The grid's mark: a folded purple corner at the top left of the field.
        let tl = resp.rect.left_top();
        ui.painter().add(Shape::convex_polygon(
            vec![tl, tl + Vec2::new(10.0, 0.0), tl + Vec2::new(0.0, 10.0)],
            comment_color(),
            Stroke::NONE,
        ));
        let mark = ui
            .interact(
                egui::Rect::from_min_size(tl, Vec2::splat(10.0)),
                id.with("comment-mark"),
                Sense::click(),
            )
            .on_hover_text(notes.join("\n"));
        let label = format!("批注标记 {place}");
        mark.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        self.marked.push(anchor.clone());
        if mark.clicked() {
            resp.request_focus();
            return Some(notes.join("；"));
        }
        None
    }
}

/// Whether a field of `anchor` is where a comment on `target` is: a section's comment lands on
/// the section whatever passage it quotes.
fn same_place(target: &Anchor, anchor: &Anchor) -> bool {
    match (target, anchor) {
        (Anchor::Section { section: a, .. }, Anchor::Section { section: b, .. }) => a == b,
        _ => target == anchor,
    }
}

/// The text selected in a text field (empty when nothing is).
fn selected_text(ctx: &egui::Context, id: egui::Id, text: &str) -> String {
    let Some(range) = egui::TextEdit::load_state(ctx, id).and_then(|s| s.cursor.char_range())
    else {
        return String::new();
    };
    let r = range.as_sorted_char_range();
    text.chars()
        .skip(r.start.0)
        .take(r.end.0.saturating_sub(r.start.0))
        .collect()
}

/// The layout of a section's text with the quoted passages on a purple ground, underlined.
pub fn highlight_job(ui: &egui::Ui, text: &str, quotes: &[String], wrap: f32) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().widgets.inactive.text_color();
    let plain = TextFormat::simple(font.clone(), color);
    let marked = TextFormat {
        background: comment_color().gamma_multiply(0.22),
        underline: Stroke::new(1.0, comment_color()),
        ..plain.clone()
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for q in quotes.iter().filter(|q| !q.is_empty()) {
        spans.extend(
            text.match_indices(q.as_str())
                .map(|(i, m)| (i, i + m.len())),
        );
    }
    spans.sort_unstable();
    let mut job = LayoutJob::default();
    let mut at = 0;
    for (from, to) in spans {
        let from = from.max(at);
        if to <= from {
            continue;
        }
        job.append(&text[at..from], 0.0, plain.clone());
        job.append(&text[from..to], 0.0, marked.clone());
        at = to;
    }
    job.append(&text[at..], 0.0, plain);
    job.wrap.max_width = wrap;
    job
}
