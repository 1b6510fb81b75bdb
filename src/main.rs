//! The binary: the command line, or the editor window when no command is given.

use budget_disclosure::cli::{Cli, run};
use clap::Parser;

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(cmd) => run(cmd, &mut std::io::stdout(), &mut std::io::stderr()),
        None => match budget_disclosure::ui::run_app(cli.file) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("无法打开窗口：{e}");
                eprintln!("（命令行功能仍可使用，见 budget-disclosure --help）");
                1
            }
        },
    };
    std::process::exit(code);
}
