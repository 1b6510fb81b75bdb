//! The findings panel: counts by severity, the list of findings (click one to go to its cells),
//! one-click fixes; and the marks the grid draws on cells that have findings.

use super::commands::AppCommand;
use super::grid::{Cell, Mark, RowRef, find_cell};
use crate::model::Package;
use crate::model::layout::TableDef;
use crate::model::view::TableView;
use crate::rules::{self, Finding, FindingId, Location, Severity};
use std::collections::HashMap;

/// Which severities are listed.
pub struct FindingsPanel {
    pub show_errors: bool,
    pub show_warnings: bool,
    pub show_hints: bool,
    /// The finding last clicked, highlighted in the list.
    pub selected: Option<FindingId>,
    /// The 尾差 tolerance being typed, with the reason it was refused.
    pub tolerance_text: Option<String>,
    pub tolerance_error: Option<String>,
    /// The listing order of the findings of one revision (revision, count, order).
    order_cache: Option<(u64, usize, Vec<usize>)>,
    /// The findings listed and where each starts, for one revision, width and filter.
    list_cache: Option<(ListKey, Vec<usize>, Vec<f32>)>,
}

/// What the listed findings and their heights depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ListKey {
    revision: u64,
    count: usize,
    width: i32,
    shown: [bool; 3],
}

impl Default for FindingsPanel {
    fn default() -> Self {
        FindingsPanel {
            show_errors: true,
            show_warnings: true,
            show_hints: true,
            selected: None,
            tolerance_text: None,
            tolerance_error: None,
            order_cache: None,
            list_cache: None,
        }
    }
}

/// The text a finding is listed under (also what the UI tests click).
pub fn finding_label(f: &Finding, pkg: &Package) -> String {
    let place = f.location.describe(pkg);
    if place.is_empty() {
        format!("[{}] {}", f.rule, f.message)
    } else {
        format!("[{}] {}：{}", f.rule, place, f.message)
    }
}

impl FindingsPanel {
    /// Forgets the listing kept for a revision: another document, or the same revision
    /// checked again (another catalog), has other findings.
    pub fn forget_listing(&mut self) {
        self.order_cache = None;
        self.list_cache = None;
        self.selected = None;
    }

    /// The 尾差 tolerance of the package: differences within it are hints, not errors.
    fn tolerance_ui(&mut self, ui: &mut egui::Ui, pkg: &Package, cmds: &mut Vec<AppCommand>) {
        ui.horizontal(|ui| {
            let label = ui
                .label("尾差容差")
                .on_hover_text("差额不超过此数（万元）时只作为“尾差”提示，不作为错误");
            let text = self
                .tolerance_text
                .get_or_insert_with(|| pkg.tolerance.display_2dp());
            let resp = ui
                .add(egui::TextEdit::singleline(text).desired_width(60.0))
                .labelled_by(label.id);
            ui.label("万元");
            if resp.lost_focus() {
                match crate::model::Amount::parse(text) {
                    Ok(a) if a.value().is_some_and(|v| !v.is_sign_negative()) => {
                        self.tolerance_error = None;
                        if a != pkg.tolerance {
                            cmds.push(AppCommand::SetTolerance(a));
                        }
                    }
                    Ok(_) => self.tolerance_error = Some("尾差容差应为不小于 0 的金额".into()),
                    Err(e) => self.tolerance_error = Some(e.to_string()),
                }
            }
            if !resp.has_focus() && self.tolerance_error.is_none() {
                // Follows the document (undo, another file) when not being typed.
                self.tolerance_text = None;
            }
        });
        if let Some(e) = &self.tolerance_error {
            ui.colored_label(super::style::error_text(), e.as_str());
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        findings: &[Finding],
        pkg: &Package,
        revision: u64,
    ) -> Vec<AppCommand> {
        let mut cmds = Vec::new();
        let (e, w, h) = rules::counts(findings);
        ui.horizontal(|ui| {
            ui.heading("检查结果");
        });
        ui.horizontal_wrapped(|ui| {
            let toggle = |ui: &mut egui::Ui, on: &mut bool, sev: Severity, n: usize| {
                let text = egui::RichText::new(format!("{} {n}", sev.label()))
                    .color(super::style::severity_color(sev));
                ui.checkbox(on, text)
                    .on_hover_text(format!("显示或隐藏{}", sev.label()));
            };
            toggle(ui, &mut self.show_errors, Severity::Error, e);
            toggle(ui, &mut self.show_warnings, Severity::Warning, w);
            toggle(ui, &mut self.show_hints, Severity::Hint, h);
        });
        self.tolerance_ui(ui, pkg, &mut cmds);
        ui.separator();
        if findings.is_empty() {
            ui.label(format!(
                "未发现问题（已检查 {} 条规则）。",
                rules::RULES.len()
            ));
            return cmds;
        }
        // Each finding: its severity, place and fix button, then its message wrapped in full.
        // Heights are estimated from the text's length so only the findings in view are laid
        // out (a county package has thousands); the estimate is kept while nothing changes.
        let line_h = ui.spacing().interact_size.y;
        let text_h = ui.text_style_height(&egui::TextStyle::Body);
        let gap = ui.spacing().item_spacing.y;
        let width = (ui.available_width() - 16.0).max(80.0);
        let key = ListKey {
            revision,
            count: findings.len(),
            width: width.round() as i32,
            shown: [self.show_errors, self.show_warnings, self.show_hints],
        };
        if self.list_cache.as_ref().is_none_or(|c| c.0 != key) {
            let order = self.order(findings, pkg, revision);
            let shown: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&i| match findings[i].severity {
                    Severity::Error => self.show_errors,
                    Severity::Warning => self.show_warnings,
                    Severity::Hint => self.show_hints,
                })
                .collect();
            let height_of = |i: usize| {
                let f = &findings[i];
                let lines = |s: &str| (message_width(s) / width).ceil().max(1.0);
                let place = lines(&f.location.describe(pkg));
                let message = lines(&f.message);
                line_h + gap + place * text_h + gap + message * text_h + 8.0 + gap + 6.0
            };
            let mut tops = Vec::with_capacity(shown.len() + 1);
            let mut y = 0.0_f32;
            for &i in &shown {
                tops.push(y);
                y += height_of(i);
            }
            tops.push(y);
            self.list_cache = Some((key, shown, tops));
        }
        let Some((_, shown, tops)) = self.list_cache.take() else {
            return cmds;
        };
        let y = tops.last().copied().unwrap_or(0.0);
        egui::ScrollArea::vertical()
            .id_salt("findings-list")
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                ui.set_min_height(y);
                ui.set_width(width);
                let first = tops
                    .partition_point(|&t| t <= viewport.min.y)
                    .saturating_sub(1);
                let last = tops
                    .partition_point(|&t| t < viewport.max.y)
                    .min(shown.len());
                let origin = ui.max_rect().min;
                for (k, &i) in shown.iter().enumerate().take(last).skip(first) {
                    let rect = egui::Rect::from_min_size(
                        origin + egui::vec2(0.0, tops[k]),
                        egui::vec2(width, tops[k + 1] - tops[k]),
                    );
                    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                        self.finding_ui(ui, &findings[i], pkg, revision, line_h, &mut cmds);
                    });
                }
            });
        self.list_cache = Some((key, shown, tops));
        cmds
    }

    /// The order findings are listed in: 错误, 警告, 提示, each by place (tables in the layout's
    /// order, then forms, then the 情况说明), kept while the package does not change.
    fn order(&mut self, findings: &[Finding], pkg: &Package, revision: u64) -> Vec<usize> {
        if let Some((rev, n, order)) = &self.order_cache
            && *rev == revision
            && *n == findings.len()
        {
            return order.clone();
        }
        let layout = pkg.layout();
        let place = |f: &Finding| {
            let table = f
                .location
                .table
                .as_deref()
                .and_then(|t| layout.tables.iter().position(|d| d.key == t));
            let page = match (table, &f.location.form, &f.location.section) {
                (Some(t), _, _) => t,
                (None, Some(_), _) => 1000,
                (None, None, Some(_)) => 2000,
                _ => 3000,
            };
            (page, f.location.stored_row.unwrap_or(0))
        };
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by_key(|&i| (findings[i].severity, place(&findings[i])));
        self.order_cache = Some((revision, findings.len(), order.clone()));
        order
    }

    fn finding_ui(
        &mut self,
        ui: &mut egui::Ui,
        f: &Finding,
        pkg: &Package,
        revision: u64,
        line_h: f32,
        cmds: &mut Vec<AppCommand>,
    ) {
        let mut hover = finding_label(f, pkg);
        if let Some(x) = &f.expected {
            hover.push_str(&format!("\n应为：{x}"));
        }
        if let Some(x) = &f.actual {
            hover.push_str(&format!("\n实际：{x}"));
        }
        hover.push_str("\n点击转到相关位置");
        ui.horizontal(|ui| {
            ui.set_height(line_h);
            let color = super::style::severity_color(f.severity);
            ui.label(
                egui::RichText::new(f.severity.label())
                    .color(color)
                    .strong(),
            );
            ui.label(egui::RichText::new(format!("[{}]", f.rule)).weak())
                .on_hover_text(hover.clone());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(fix) = &f.fix {
                    // What the fix will write, and where, before it is clicked.
                    let mut preview = format!("{}\n位置：{}", fix.label, f.location.describe(pkg));
                    if let (Some(old), Some(new)) = (&f.actual, &f.expected) {
                        preview.push_str(&format!("\n{old} → {new}"));
                    }
                    preview.push_str("\n（一键修复，可撤销）");
                    if ui.small_button("修复").on_hover_text(preview).clicked() {
                        cmds.push(AppCommand::Fix(f.id(revision)));
                    }
                }
            });
        });
        // The place in full, wrapped: which table, row and column, in the table's words.
        let place = f.location.describe(pkg);
        if !place.is_empty() {
            ui.add(egui::Label::new(egui::RichText::new(place).weak()).wrap())
                .on_hover_text(hover.clone());
        }
        let selected = self.selected.as_ref().is_some_and(|id| id.names(f));
        let resp = ui
            .add(egui::Button::selectable(selected, f.message.as_str()).wrap())
            .on_hover_text(hover);
        if resp.clicked() {
            let id = f.id(revision);
            self.selected = Some(id.clone());
            cmds.push(AppCommand::GoToFinding(id));
        }
    }
}

/// An estimate of a message's drawn width at the body font (Chinese characters are about
/// twice as wide as digits), to know how many lines it wraps to without laying it out.
fn message_width(s: &str) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 7.5 } else { 14.0 })
        .sum()
}

/// The grid cell a location points at, in a table's view.
pub fn location_cell(loc: &Location, def: &TableDef, view: &TableView, year: i32) -> Option<Cell> {
    let row = match (&loc.stored_row, &loc.row) {
        (Some(i), _) => RowRef::Stored(*i),
        (None, Some(k)) => RowRef::Key(k),
        (None, None) => RowRef::First,
    };
    find_cell(
        def,
        view,
        year,
        loc.block.as_deref(),
        row,
        loc.column.as_deref(),
    )
    .or_else(|| {
        // A stored index the view does not show (a fixed line stored by key): try the key.
        loc.row.as_deref().and_then(|k| {
            find_cell(
                def,
                view,
                year,
                loc.block.as_deref(),
                RowRef::Key(k),
                loc.column.as_deref(),
            )
        })
    })
}

/// Marks for every cell of a table that a finding names.
pub fn marks_for_table(
    findings: &[Finding],
    def: &TableDef,
    view: &TableView,
    year: i32,
) -> HashMap<Cell, Mark> {
    let mut marks: HashMap<Cell, Mark> = HashMap::new();
    for f in findings {
        if f.location.table.as_deref() != Some(def.key.as_str()) {
            continue;
        }
        let Some(cell) = location_cell(&f.location, def, view, year) else {
            continue;
        };
        let m = marks.entry(cell).or_insert(Mark {
            severity: f.severity,
            messages: Vec::new(),
        });
        // Severity orders Error < Warning < Hint: the smallest is the worst.
        m.severity = m.severity.min(f.severity);
        m.messages
            .push(format!("{}：{}", f.severity.label(), f.message));
    }
    marks
}
