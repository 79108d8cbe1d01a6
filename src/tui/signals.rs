//! Signals from other processes and from job control. A handler only records the signal, and
//! a thread of its own wakes the event loop (which otherwise sleeps until there is input), which
//! acts on it with the terminal in hand: a signal that
//! ends the process restores the terminal first and exits with 128 + its number, SIGTSTP
//! gives the terminal back while stopped, SIGCONT repaints. Should the event loop be stuck
//! (a long `update`), a watchdog thread restores the terminal and exits after a grace period.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use libc::c_int;

/// Every signal whose default action ends the process and that a handler can catch, except
/// the ones the kernel sends for a fault in the program itself (SIGSEGV, SIGBUS, SIGILL,
/// SIGFPE, SIGTRAP, SIGSYS): once a handler returns, the faulting instruction runs again.
/// SIGPIPE stays ignored, as Rust sets it, so a closed pipe is an error, not an exit.
const TERMINATING: &[c_int] = &[
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGABRT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGTERM,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    libc::SIGVTALRM,
    libc::SIGPROF,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGIO,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGPWR,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGSTKFLT,
];

/// What the signal handlers recorded.
pub struct Signals {
    /// The last terminating signal received, or 0.
    exit: Arc<AtomicUsize>,
    /// SIGTSTP arrived (or ctrl-z was pressed): stop once the terminal is restored.
    stop: Arc<AtomicBool>,
    /// SIGCONT arrived: the screen may have been drawn over while stopped.
    resumed: Arc<AtomicBool>,
    /// The watchdog is not to act: another program (the pager, the editor) has the terminal,
    /// so a signal is its business until it returns, or the event loop has seen the signal
    /// and is exiting (saving the marks may take longer than the grace period).
    attended: Arc<AtomicBool>,
}

/// How long the event loop has to notice a terminating signal and exit cleanly before the
/// watchdog restores the terminal and exits itself.
const GRACE: Duration = Duration::from_secs(1);
/// How often the watchdog looks for a signal.
const WATCH_EVERY: Duration = Duration::from_millis(50);

impl Signals {
    /// Calls `wake` after each signal the handlers record, on a thread of its own, so that the
    /// event loop, asleep on its channel, acts on it at once.
    pub fn wake_on_signals(&self, wake: impl Fn() + Send + 'static) -> io::Result<()> {
        let mut numbers = terminating();
        numbers.extend([libc::SIGTSTP, libc::SIGCONT]);
        let mut signals = signal_hook::iterator::Signals::new(numbers)?;
        std::thread::Builder::new()
            .name("readmore-signals".to_owned())
            .spawn(move || {
                for _ in signals.forever() {
                    wake();
                }
            })
            .map(drop)
    }

    /// Installs the handlers.
    pub fn register() -> io::Result<Self> {
        let exit = Arc::new(AtomicUsize::new(0));
        for number in terminating() {
            // Signal numbers are small and positive.
            let value = usize::try_from(number).unwrap_or(usize::MAX);
            signal_hook::flag::register_usize(number, Arc::clone(&exit), value)?;
        }
        let stop = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(libc::SIGTSTP, Arc::clone(&stop))?;
        let resumed = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(libc::SIGCONT, Arc::clone(&resumed))?;
        Ok(Self {
            exit,
            stop,
            resumed,
            attended: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Starts the watchdog: once a terminating signal has waited [`GRACE`] for the event loop
    /// (busy in a long `update`, say), it calls `restore` (which gives the terminal back) and
    /// exits with 128 + the signal's number from its own thread, so no computation can keep
    /// the terminal broken. The terminal is the caller's: signals know none.
    pub fn start_watchdog(&self, restore: fn()) -> io::Result<()> {
        let (exit, attended) = (Arc::clone(&self.exit), Arc::clone(&self.attended));
        std::thread::Builder::new()
            .name("signal watchdog".to_owned())
            .spawn(move || {
                let mut waited = Duration::ZERO;
                loop {
                    std::thread::sleep(WATCH_EVERY);
                    let number = exit.load(Ordering::Relaxed);
                    if number == 0 || attended.load(Ordering::Relaxed) {
                        waited = Duration::ZERO;
                        continue;
                    }
                    waited += WATCH_EVERY;
                    if waited >= GRACE {
                        restore();
                        std::process::exit(i32::try_from(128 + number).unwrap_or(1));
                    }
                }
            })
            .map(drop)
    }

    /// Tells the watchdog whether someone else attends to signals: another program that has
    /// the terminal, or the event loop on its way out.
    pub fn set_attended(&self, attended: bool) {
        self.attended.store(attended, Ordering::Relaxed);
    }

    /// The terminating signal received, if any.
    pub fn exit(&self) -> Option<i32> {
        match self.exit.load(Ordering::Relaxed) {
            0 => None,
            number => Some(i32::try_from(number).unwrap_or(i32::MAX)),
        }
    }

    /// Forgets a SIGINT or SIGQUIT that arrived while another program had the terminal: the
    /// user's ctrl-c was meant for it (as `system(3)` ignores both while it waits).
    pub fn forget_interrupt(&self) {
        for number in [libc::SIGINT, libc::SIGQUIT] {
            let value = usize::try_from(number).unwrap_or(usize::MAX);
            let _ = self
                .exit
                .compare_exchange(value, 0, Ordering::Relaxed, Ordering::Relaxed);
        }
    }

    /// Asks for a stop as SIGTSTP does: ctrl-z reaches a raw-mode terminal as a key.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Whether a stop was asked for since the last call.
    pub fn take_stop(&self) -> bool {
        self.stop.swap(false, Ordering::Relaxed)
    }

    /// Whether the process was continued since the last call.
    pub fn take_resumed(&self) -> bool {
        self.resumed.swap(false, Ordering::Relaxed)
    }
}

/// [`TERMINATING`] and, on Linux, the real-time signals (their default ends the process too;
/// the C library keeps the ones below `SIGRTMIN` for itself).
fn terminating() -> Vec<c_int> {
    let mut signals = TERMINATING.to_vec();
    #[cfg(any(target_os = "linux", target_os = "android"))]
    signals.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    signals
}

/// Stops the process as SIGTSTP's default action does and returns once it is continued.
/// The handler is set aside for the stop and put back after. Raising SIGSTOP instead (as
/// `signal_hook::low_level::emulate_default_handler` does) would freeze a reader that no
/// shell can continue: the kernel discards SIGTSTP in an orphaned process group (a terminal
/// window running readmore itself), so there this returns at once.
pub fn stop_process() -> io::Result<()> {
    // SAFETY: `sigaction` only reads `default` and writes `saved`, two zeroed, properly
    // aligned structs owned by this frame; SIG_DFL and the saved action are valid actions.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut saved: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut saved) != 0 {
            return Err(io::Error::last_os_error());
        }
        let raised = libc::raise(libc::SIGTSTP);
        let error = io::Error::last_os_error();
        libc::sigaction(libc::SIGTSTP, &saved, std::ptr::null_mut());
        if raised != 0 {
            return Err(error);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catchable_terminating_signal_is_handled() {
        let signals = terminating();
        for number in [
            libc::SIGHUP,
            libc::SIGINT,
            libc::SIGQUIT,
            libc::SIGUSR1,
            libc::SIGUSR2,
            libc::SIGALRM,
            libc::SIGTERM,
        ] {
            assert!(signals.contains(&number), "signal {number} is handled");
        }
        for forbidden in signal_hook::consts::FORBIDDEN {
            assert!(!signals.contains(forbidden), "{forbidden} cannot be caught");
        }
        assert!(
            !signals.contains(&libc::SIGPIPE),
            "a closed pipe stays an error"
        );
    }
}
