//! The registry of user commands: each one with its Chinese label, tooltip and shortcut beside
//! it, read by the menus, the toolbar buttons and the key handling alike. A command is queued
//! while the frame is drawn and carried out after it, never in the middle of drawing.

use crate::model::Amount;
use crate::rules::FindingId;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// A user command, recorded by menus, buttons and shortcuts during a frame and carried out by
/// the app after it, so every way of asking does the same thing.
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    /// 新建: ask for year and department.
    New,
    /// 打开: pick a file (native dialog, or the path field when there is none).
    Open,
    OpenPath(PathBuf),
    /// 打开示例: the built-in sample with this index in [`crate::io::sample::SAMPLES`].
    OpenSample(usize),
    Save,
    SaveAs,
    SaveAsPath(PathBuf),
    /// 导出 HTML: the printable page (path asked like 另存为).
    ExportHtml,
    /// 导出 Excel: the workbook of tables, forms and findings.
    ExportXlsx,
    /// 导入 Excel: read a workbook in the exported layout as a new, unsaved document.
    ImportXlsx,
    ImportXlsxPath(PathBuf),
    /// 导入 › 已公开的预算（PDF）: read a published package (PDF or its text) as a new, unsaved
    /// document, and show the import report.
    ImportPublished,
    ImportPublishedPath(PathBuf),
    /// 文件 › 从上年文件新建: next year's package from this year's file (amounts cleared, this
    /// year's figures as 上年数, years in the texts moved on).
    NewFromLastYear,
    NewFromLastYearPath(PathBuf),
    /// 文件 › 导入 › 分类科目: the official list of the package's year, kept in the settings.
    ImportCatalog,
    ImportCatalogPath(PathBuf),
    Undo,
    Redo,
    InsertRow,
    DeleteRow,
    /// 由明细表生成汇总数: fill the summary tables' derivable cells, as one undoable edit.
    DeriveSummaries,
    /// 编辑 › 自动计算本表: switch the table shown to 自动 or back (undoable).
    ToggleAuto,
    /// Apply the fix of this finding (refused when the package has changed since it was drawn).
    Fix(FindingId),
    /// Set the package's 尾差 tolerance (万元).
    SetTolerance(Amount),
    /// Select the cells of this finding.
    GoToFinding(FindingId),
    /// 文件 › 比较…: compare the open package with another version.
    Compare,
    /// 审阅 › 添加批注: write a comment on the selected cell (opens the 审阅 panel).
    AddComment,
    /// 审阅 › 审阅面板: show or hide the list of comments.
    ToggleReview,
    /// 审阅 › 自查表: the finance bureau's check sheet with the verdicts, in a window.
    ToggleChecklist,
    /// 下一处差异 / 上一处差异: go from change to change of the 比较 panel.
    NextChange,
    PreviousChange,
    Quit,
    /// 视图 › 深色主题: switch between the light and the dark theme (kept in the settings).
    ToggleDarkTheme,
}

/// The commands a menu, a button or a key asks for without a parameter, in menu order.
pub const REGISTRY: &[AppCommand] = &[
    AppCommand::New,
    AppCommand::NewFromLastYear,
    AppCommand::Open,
    AppCommand::Save,
    AppCommand::SaveAs,
    AppCommand::ExportXlsx,
    AppCommand::ExportHtml,
    AppCommand::ImportXlsx,
    AppCommand::ImportPublished,
    AppCommand::ImportCatalog,
    AppCommand::Quit,
    AppCommand::Undo,
    AppCommand::Redo,
    AppCommand::InsertRow,
    AppCommand::DeleteRow,
    AppCommand::DeriveSummaries,
    AppCommand::ToggleAuto,
    AppCommand::ToggleDarkTheme,
    AppCommand::AddComment,
    AppCommand::ToggleReview,
    AppCommand::ToggleChecklist,
    AppCommand::NextChange,
    AppCommand::PreviousChange,
    AppCommand::Compare,
];

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    )
}

// Constants, so the shortcut lists below are 'static.
const NEW: [KeyboardShortcut; 1] = [cmd(Key::N)];
const OPEN: [KeyboardShortcut; 1] = [cmd(Key::O)];
const SAVE: [KeyboardShortcut; 1] = [cmd(Key::S)];
const SAVE_AS: [KeyboardShortcut; 1] = [cmd_shift(Key::S)];
const ADD_COMMENT: [KeyboardShortcut; 1] = [KeyboardShortcut::new(
    Modifiers {
        alt: true,
        ctrl: false,
        shift: false,
        mac_cmd: false,
        command: true,
    },
    Key::M,
)];
const UNDO: [KeyboardShortcut; 1] = [cmd(Key::Z)];
const REDO: [KeyboardShortcut; 2] = [cmd(Key::Y), cmd_shift(Key::Z)];
const NEXT_CHANGE: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::NONE, Key::F8)];
const PREVIOUS_CHANGE: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::SHIFT, Key::F8)];

impl AppCommand {
    /// The label of its menu item or button.
    pub fn label(&self) -> &'static str {
        match self {
            AppCommand::New => "新建…",
            AppCommand::Open | AppCommand::OpenPath(_) => "打开…",
            AppCommand::OpenSample(_) => "打开示例",
            AppCommand::Save => "保存",
            AppCommand::SaveAs | AppCommand::SaveAsPath(_) => "另存为…",
            AppCommand::ExportHtml => "导出 HTML…",
            AppCommand::ExportXlsx => "导出 Excel…",
            AppCommand::ImportXlsx | AppCommand::ImportXlsxPath(_) => "导入 Excel…",
            AppCommand::ImportPublished | AppCommand::ImportPublishedPath(_) => {
                "已公开的预算（PDF）…"
            }
            AppCommand::NewFromLastYear | AppCommand::NewFromLastYearPath(_) => "从上年文件新建…",
            AppCommand::ImportCatalog | AppCommand::ImportCatalogPath(_) => {
                "分类科目（Excel/CSV）…"
            }
            AppCommand::Undo => "撤销",
            AppCommand::Redo => "重做",
            AppCommand::InsertRow => "插入行",
            AppCommand::DeleteRow => "删除行",
            AppCommand::DeriveSummaries => "由明细表生成汇总数",
            AppCommand::ToggleAuto => "自动计算本表",
            AppCommand::Fix(_) => "修复",
            AppCommand::SetTolerance(_) => "尾差容差",
            AppCommand::GoToFinding(_) => "转到",
            AppCommand::AddComment => "添加批注",
            AppCommand::Compare => "比较…",
            AppCommand::ToggleReview => "审阅面板",
            AppCommand::ToggleChecklist => "自查表",
            AppCommand::NextChange => "下一处差异",
            AppCommand::PreviousChange => "上一处差异",
            AppCommand::Quit => "退出",
            AppCommand::ToggleDarkTheme => "深色主题",
        }
    }

    /// What it does, shown when the pointer rests on it.
    pub fn tooltip(&self) -> &'static str {
        match self {
            AppCommand::New => "新建一套预算公开材料（选择年度、部门和版式，或从上年文件生成）",
            AppCommand::Open | AppCommand::OpenPath(_) => "打开项目文件（.budget.ron）",
            AppCommand::OpenSample(_) => "打开内置示例（不会改动任何文件）",
            AppCommand::Save => "保存到当前文件（原文件留一份 .bak）",
            AppCommand::SaveAs | AppCommand::SaveAsPath(_) => "保存到另一个文件",
            AppCommand::ExportHtml => "导出可打印的网页，全部表格、表单和情况说明",
            AppCommand::ExportXlsx => "导出 Excel 工作簿：每张表一页，附表单和审核结果",
            AppCommand::ImportXlsx | AppCommand::ImportXlsxPath(_) => {
                "读取按本软件格式导出的 Excel 工作簿，作为新的未保存文件"
            }
            AppCommand::ImportPublished | AppCommand::ImportPublishedPath(_) => {
                "读取已公开的预算 PDF（或其文本），作为新的未保存文件，并列出未能读取的内容"
            }
            AppCommand::NewFromLastYear | AppCommand::NewFromLastYearPath(_) => {
                "选择今年的项目文件，生成下一年度的新文件：金额清空，今年的数填为上年数，情况说明中的年份顺延"
            }
            AppCommand::ImportCatalog | AppCommand::ImportCatalogPath(_) => {
                "导入本年度官方的功能分类、经济分类或收入分类科目表，保存在用户设置中，取代内置目录中这些分类"
            }
            AppCommand::Undo => "撤销上一步修改",
            AppCommand::Redo => "重做撤销的修改",
            AppCommand::InsertRow => "在光标所在行的下方插入一行（在合计等计算行上时插在块末尾）",
            AppCommand::DeleteRow => "删除光标所在的录入行",
            AppCommand::DeriveSummaries => {
                "由明细表的数填写各汇总表中可推出的单元格（一步操作，可撤销）"
            }
            AppCommand::ToggleAuto => {
                "本汇总表中可由明细表推出的单元格自动计算（灰底）；输入的数按输入保留并审核，删除后恢复自动"
            }
            AppCommand::Fix(_) => "一键修复，可撤销",
            AppCommand::SetTolerance(_) => "差额不超过此数（万元）时只作为“尾差”提示，不作为错误",
            AppCommand::GoToFinding(_) => "点击转到相关位置",
            AppCommand::Compare => {
                "与另一版本（上一版、.bak、上年文件）比较，逐处列出差异，可转到或采用对方的值"
            }
            AppCommand::AddComment => "在选中的单元格上写一条审阅批注（保存在项目文件中）",
            AppCommand::ToggleReview => "显示或隐藏审阅批注列表（未解决、已解决，按页分组）",
            AppCommand::NextChange => "转到比较结果中的下一处差异",
            AppCommand::PreviousChange => "转到比较结果中的上一处差异",
            AppCommand::ToggleChecklist => {
                "财政部门检查表的格式：每项合格、不合格或不适用，附依据（由审核结果得出）"
            }
            AppCommand::Quit => "关闭窗口（有未保存的修改时先询问）",
            AppCommand::ToggleDarkTheme => {
                "在浅色（默认，如电子表格）与深色主题之间切换，下次启动时保持"
            }
        }
    }

    /// Its keyboard shortcuts, the first one shown in menus.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        match self {
            AppCommand::New => &NEW,
            AppCommand::Open => &OPEN,
            AppCommand::Save => &SAVE,
            AppCommand::SaveAs => &SAVE_AS,
            AppCommand::Undo => &UNDO,
            AppCommand::Redo => &REDO,
            AppCommand::NextChange => &NEXT_CHANGE,
            AppCommand::PreviousChange => &PREVIOUS_CHANGE,
            AppCommand::AddComment => &ADD_COMMENT,
            _ => &[],
        }
    }

    /// Whether a text being typed keeps the key for itself (the cell editor and the text
    /// editors have their own undo of what is being typed).
    fn yields_to_text_editing(&self) -> bool {
        matches!(self, AppCommand::Undo | AppCommand::Redo)
    }

    /// The first shortcut as text for a menu ("Ctrl+S").
    pub fn shortcut_text(&self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }

    /// A menu item for this command: queues it when clicked (and closes the menu).
    pub fn menu_item(&self, ui: &mut egui::Ui, enabled: bool, queue: &mut Vec<AppCommand>) {
        self.menu_item_labelled(ui, self.label(), enabled, queue);
    }

    /// A menu item with a label of the moment ("撤销 输入").
    pub fn menu_item_labelled(
        &self,
        ui: &mut egui::Ui,
        label: &str,
        enabled: bool,
        queue: &mut Vec<AppCommand>,
    ) {
        let b = egui::Button::new(label).shortcut_text(self.shortcut_text(ui.ctx()));
        if ui
            .add_enabled(enabled, b)
            .on_hover_text(self.tooltip())
            .clicked()
        {
            queue.push(self.clone());
            ui.close();
        }
    }

    /// A toolbar button for this command: queues it when clicked.
    pub fn button(&self, ui: &mut egui::Ui, queue: &mut Vec<AppCommand>) {
        if ui
            .button(self.label())
            .on_hover_text(self.tooltip())
            .clicked()
        {
            queue.push(self.clone());
        }
    }
}

/// The commands whose shortcut was pressed this frame (the keys are consumed). While text is
/// being typed, undo and redo are left to the text editor.
pub fn consume_shortcuts(ctx: &egui::Context, text_editing: bool) -> Vec<AppCommand> {
    // Shortcuts with more modifiers first: Ctrl+Shift+S must not be taken as Ctrl+S.
    let mut keyed: Vec<(&AppCommand, &KeyboardShortcut)> = REGISTRY
        .iter()
        .filter(|c| !(text_editing && c.yields_to_text_editing()))
        .flat_map(|c| c.shortcuts().iter().map(move |s| (c, s)))
        .collect();
    keyed.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
    let mut cmds = Vec::new();
    ctx.input_mut(|i| {
        for (c, s) in keyed {
            if i.consume_shortcut(s) && !cmds.contains(c) {
                cmds.push(c.clone());
            }
        }
    });
    cmds
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_command_has_a_label_and_a_tooltip_and_no_shortcut_is_taken_twice() {
        let mut seen = std::collections::HashSet::new();
        for c in REGISTRY {
            assert!(!c.label().is_empty() && !c.tooltip().is_empty(), "{c:?}");
            for s in c.shortcuts() {
                assert!(seen.insert(*s), "{c:?}: shortcut used twice");
            }
        }
    }

    #[test]
    fn ctrl_shift_s_is_save_as_not_save() {
        let ctx = egui::Context::default();
        let mut input = egui::RawInput::default();
        let shift_cmd = cmd_shift(Key::S).modifiers;
        input.events.push(egui::Event::Key {
            key: Key::S,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: shift_cmd,
        });
        let mut got = Vec::new();
        let mut out = ctx.run_ui(input, |ui| got = consume_shortcuts(ui.ctx(), false));
        // The font atlas made in the frame is not drawn here.
        out.textures_delta.clear();
        assert_eq!(got, vec![AppCommand::SaveAs]);
    }
}
