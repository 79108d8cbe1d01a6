//! Entry point: parse the command line, hand off to `cli::run`, turn the outcome into an exit
//! code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use readmore::cli;

/// mimalloc instead of glibc's malloc: the start decodes millions of small strings on every
/// core, and glibc grows each thread's heap a page at a time (see docs/decisions/allocator.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Places in mimalloc 3's `mi_option_e` (mimalloc.h); the -sys crate names no constants for
/// them, which is why Cargo.toml pins both crates to one exact version.
const MIMALLOC_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MIMALLOC_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Freed memory goes back to the system at once (mimalloc 3 waits a second), and no
/// transparent huge pages: with them the reader on 100k articles kept a quarter more resident,
/// and a million-article start on a machine whose memory the page cache had filled took twice
/// as long while the kernel assembled huge pages (docs/decisions/allocator.md).
fn tune_allocator() {
    // SAFETY: each call sets one integer option; mimalloc allows that from any thread at any
    // time, and the options only steer when memory is returned and how it is mapped.
    unsafe {
        libmimalloc_sys::mi_option_set(MIMALLOC_PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(MIMALLOC_ALLOW_THP, 0);
    }
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
