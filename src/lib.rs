//! 部门预算公开编制器: the model of a department's budget disclosure package, its catalog of
//! classification codes, the consistency rules, file formats, and the editor window.

pub mod catalog;
pub mod cli;
pub mod io;
pub mod model;
pub mod rules;
pub mod synth;
#[cfg(feature = "gui")]
pub mod ui;
