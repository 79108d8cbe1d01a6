//! Entry point: parse the command line, hand off to `cli::run`, turn the outcome into an exit
//! code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use clap::Parser;
use readmore::cli::{self, Cli};

fn main() -> ExitCode {
    match cli::run(Cli::parse()) {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            cli::print_error(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}
