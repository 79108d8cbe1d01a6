//! Signals that ask the reader to stop. A handler only records the signal; the event loop
//! notices it within a tick, restores the terminal and exits with 128 + its number.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::consts::signal::{SIGHUP, SIGTERM};

/// Signals that end the reader.
const TERMINATING: &[i32] = &[SIGHUP, SIGTERM];

/// What the signal handlers recorded.
pub struct Signals {
    /// The last terminating signal received, or 0.
    exit: Arc<AtomicUsize>,
}

impl Signals {
    /// Installs the handlers.
    pub fn register() -> io::Result<Self> {
        let exit = Arc::new(AtomicUsize::new(0));
        for &number in TERMINATING {
            // Signal numbers are small and positive.
            let value = usize::try_from(number).unwrap_or(usize::MAX);
            signal_hook::flag::register_usize(number, Arc::clone(&exit), value)?;
        }
        Ok(Self { exit })
    }

    /// The terminating signal received, if any.
    pub fn exit(&self) -> Option<i32> {
        match self.exit.load(Ordering::Relaxed) {
            0 => None,
            number => Some(i32::try_from(number).unwrap_or(i32::MAX)),
        }
    }
}
