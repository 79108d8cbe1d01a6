//! Entry point: parse the command line, hand off to `cli::run`, turn the outcome into an exit
//! code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use readmore::cli;

/// mimalloc instead of glibc's malloc: the start decodes millions of small strings on every
/// core, and glibc grows each thread's heap a page at a time (see docs/decisions/allocator.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in mimalloc 3's `mi_option_e` (mimalloc.h),
/// which the -sys crate does not name; Cargo.toml pins both crates to one exact version.
const MIMALLOC_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once: mimalloc 3 waits a second, and the reader's
/// start frees the cache file's bytes and the decoding's scratch in bursts (see
/// docs/decisions/allocator.md). Transparent huge pages are off at build time (`no_thp`).
fn tune_allocator() {
    // SAFETY: sets one integer option, which mimalloc reads each time it purges; it allows
    // setting options from any thread at any time.
    unsafe { libmimalloc_sys::mi_option_set(MIMALLOC_PURGE_DELAY, 0) };
}

fn main() -> ExitCode {
    tune_allocator();
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
