//! The user's settings folder (recent files, recovery files, imported catalogs). Found here,
//! below the window, so the command line uses the same folder without egui; it is the folder
//! eframe stores the window's settings in.

use std::path::PathBuf;

/// The name the settings are stored under.
pub const APP_ID: &str = "budget-disclosure";

/// An environment variable naming another settings folder (tests, a portable install).
pub const DIR_VAR: &str = "BUDGET_DISCLOSURE_SETTINGS";

/// The settings folder, `None` when the system has no home folder.
pub fn dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DIR_VAR).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    platform_dir()
}

#[cfg(target_os = "windows")]
fn platform_dir() -> Option<PathBuf> {
    std::env::var_os("APPDATA")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .map(|p| p.join(APP_ID).join("data"))
}

#[cfg(target_os = "macos")]
fn platform_dir() -> Option<PathBuf> {
    std::env::home_dir().map(|p| p.join("Library").join("Application Support").join(APP_ID))
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn platform_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::home_dir().map(|p| p.join(".local").join("share")))
        .map(|p| p.join(APP_ID))
}

/// Where a new file is proposed when there is no open file to put it beside: the user's
/// documents folder (文档), else the home folder, else the folder the program started in —
/// always an absolute path, so the user knows where the file went.
pub fn documents_dir() -> PathBuf {
    let home = std::env::home_dir().filter(|h| h.is_absolute());
    let docs = home
        .as_ref()
        .map(|h| h.join("Documents"))
        .filter(|d| d.is_dir())
        .or_else(|| home.as_ref().map(|h| h.join("文档")).filter(|d| d.is_dir()));
    docs.or(home)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// What the user chose once and the app keeps: the theme of the window.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The dark theme; light (black on white, as in a spreadsheet) is the default.
    pub dark: bool,
}

const PREFERENCES_FILE: &str = "preferences.ron";

impl Preferences {
    /// The preferences kept in `dir`; the defaults when there are none or they cannot be read
    /// (a preference is never worth refusing to start over).
    pub fn load(dir: &std::path::Path) -> Preferences {
        std::fs::read_to_string(dir.join(PREFERENCES_FILE))
            .ok()
            .and_then(|s| ron::from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Keeps the preferences in `dir`, atomically.
    pub fn save(&self, dir: &std::path::Path) -> Result<(), String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| format!("无法保存设置：{e}"))?;
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建设置文件夹：{e}"))?;
        crate::io::project::write_atomic(&dir.join(PREFERENCES_FILE), text.as_bytes())
            .map_err(|e| format!("无法保存设置：{e}"))
    }
}

/// The file in the settings folder that keeps the reviewer's name for comments.
const REVIEWER_FILE: &str = "reviewer.txt";

/// The name the user gave for their comments, asked once; `None` until given.
pub fn reviewer_name(dir: &std::path::Path) -> Option<String> {
    let name = std::fs::read_to_string(dir.join(REVIEWER_FILE)).ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Keeps the reviewer's name for the next sessions.
pub fn set_reviewer_name(dir: &std::path::Path, name: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(REVIEWER_FILE), name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_come_back_as_saved_and_default_to_light() {
        let dir = std::env::temp_dir().join(format!("budget-prefs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!Preferences::load(&dir).dark, "light by default");
        Preferences { dark: true }.save(&dir).expect("saved");
        assert!(Preferences::load(&dir).dark);
        std::fs::write(dir.join(PREFERENCES_FILE), "not ron").expect("written");
        assert_eq!(Preferences::load(&dir), Preferences::default());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_reviewer_name_is_kept() {
        let dir = std::env::temp_dir().join(format!("bd-reviewer-{}", std::process::id()));
        assert_eq!(reviewer_name(&dir), None);
        set_reviewer_name(&dir, " 王审 \n").expect("writable temp folder");
        assert_eq!(reviewer_name(&dir).as_deref(), Some("王审"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
