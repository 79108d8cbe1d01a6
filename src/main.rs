//! Entry point: parse the command line, hand off to `cli::run`, turn the outcome into an exit
//! code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use readmore::cli;

/// Whether standard output was closed (`>&-`) when the process started. The standard library's
/// start-up puts /dev/null in its place, where all output would vanish behind exit code 0, so
/// this is recorded before that runs.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
#[ctor::ctor(unsafe)]
fn record_closed_stdout() {
    // SAFETY: F_GETFD only reads the descriptor's flags; before main, call nothing but libc.
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    STDOUT_CLOSED.store(closed, Ordering::Relaxed);
}

fn main() -> ExitCode {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        cli::print_error(cli::STDOUT_CLOSED);
        return ExitCode::from(2);
    }
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            cli::print_error(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}
