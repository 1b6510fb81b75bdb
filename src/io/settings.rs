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
    fn the_reviewer_name_is_kept() {
        let dir = std::env::temp_dir().join(format!("bd-reviewer-{}", std::process::id()));
        assert_eq!(reviewer_name(&dir), None);
        set_reviewer_name(&dir, " 王审 \n").expect("writable temp folder");
        assert_eq!(reviewer_name(&dir).as_deref(), Some("王审"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
