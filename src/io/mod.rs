//! Reading and writing files: the project file, the built-in sample, exports and imports, and
//! the tab-separated text spreadsheets put on the clipboard.

pub mod html;
pub mod project;
pub mod published;
pub mod sample;
pub mod settings;
pub mod tsv;
pub mod xlsx;
pub mod xlsx_guard;
pub mod xlsx_import;
