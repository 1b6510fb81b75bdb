//! The binary: the command line, or the editor window when no command is given.

use budget_disclosure::cli::{Cli, run};
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(cmd) => run(cmd, &mut std::io::stdout(), &mut std::io::stderr()),
        None => open_window(cli.file),
    };
    std::process::exit(code);
}

#[cfg(feature = "gui")]
fn open_window(file: Option<std::path::PathBuf>) -> i32 {
    match budget_disclosure::ui::run_app(file) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("无法打开窗口：{e}");
            eprintln!("（命令行功能仍可使用，见 budget-disclosure --help）");
            1
        }
    }
}

/// Built without the `gui` feature: only the command line exists.
#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<std::path::PathBuf>) -> i32 {
    eprintln!("此版本不含编辑窗口（编译时未启用 gui 功能），只能使用命令行：");
    eprintln!("  budget-disclosure --help");
    2
}
