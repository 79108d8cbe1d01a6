//! Entry point: parse the command line, hand off to `cli::run`, turn the outcome into an exit
//! code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use readmore::cli;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli::run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`readmore list | head -1`) is not a failure.
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            cli::print_error(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}
