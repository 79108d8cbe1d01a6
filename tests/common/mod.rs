//! What the test binaries share: how long a test waits for something before it fails, and the
//! waiting itself. The pty driver beside this file (`pty.rs`) is included by the binaries that
//! drive the reader in a terminal.

use std::time::{Duration, Instant};

/// The environment variable that sets [`timeout`], in whole seconds.
pub const TIMEOUT_VARIABLE: &str = "READMORE_TEST_TIMEOUT_SECS";

/// [`timeout`] when [`TIMEOUT_VARIABLE`] is not set: room for a debug build on a loaded
/// two-core CI machine. A passing test waits only as long as its condition takes, so a large
/// value costs time only when a test fails.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How often [`wait_until`] looks again.
const POLL: Duration = Duration::from_millis(10);

/// How long a test waits for a condition (text on the screen, a file, a process's exit) before
/// it fails.
pub fn timeout() -> Duration {
    match std::env::var(TIMEOUT_VARIABLE) {
        Ok(secs) => Duration::from_secs(secs.trim().parse().unwrap_or_else(|_| {
            panic!("{TIMEOUT_VARIABLE}={secs:?} is not a whole number of seconds")
        })),
        Err(_) => DEFAULT_TIMEOUT,
    }
}

/// Waits until `done` holds, failing the test after [`timeout`] with `what` it waited for.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let limit = timeout();
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?} waiting for {what} ({TIMEOUT_VARIABLE} sets the limit)"
        );
        std::thread::sleep(POLL);
    }
}
