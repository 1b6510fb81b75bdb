//! The binary: the command line, or the editor window when no command is given.

use budget_disclosure::cli::{Cli, run};
use clap::{CommandFactory, Parser};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(cmd) => run(cmd, &mut std::io::stdout(), &mut std::io::stderr()),
        None => {
            // The window arrives with the editor; until then say how to use the command line.
            let _ = Cli::command().print_help();
            0
        }
    };
    std::process::exit(code);
}
