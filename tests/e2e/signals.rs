//! Signals: every terminating signal restores the terminal, and a stop gives it back until
//! the shell continues the reader.

use crate::common::wait_until;
use crate::pty::{
    BIN, ENABLE_MOUSE, ENTER_ALT_SCREEN, FIXTURES, LEAVE_ALT_SCREEN, Spawn, Tui,
    assert_restored_after, find, find_from, shown, status_line,
};

/// Sends `signal` to the process `pid`.
fn kill(pid: u32, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(pid).expect("a pid fits a pid_t");
    // SAFETY: kill(2) only sends a signal; it reads and writes no memory of this process.
    let sent = unsafe { libc::kill(pid, signal) };
    assert_eq!(
        sent,
        0,
        "kill({pid}, {signal}): {}",
        std::io::Error::last_os_error()
    );
}

/// The exit status a shell reports for a process ended by `signal`: 128 + its number.
fn ended_by(signal: libc::c_int) -> u32 {
    u32::try_from(128 + signal).expect("a signal number is positive")
}

fn assert_signal_restores(signal: &str, number: libc::c_int) {
    let mut tui = Tui::start();
    let before = tui.raw_len();
    kill(tui.pid(), number);
    let status = tui.wait_exit();
    assert_eq!(
        status.exit_code(),
        ended_by(number),
        "128 + the signal's number"
    );
    let raw = tui.raw();
    assert!(
        find(&raw[..before], LEAVE_ALT_SCREEN).is_none(),
        "nothing was restored before the signal"
    );
    assert_restored_after(&raw, before);
    assert!(
        tui.termios().is_cooked(),
        "raw mode is off after SIG{signal}"
    );
    assert!(
        !shown(&raw[before..]).contains("error:"),
        "SIG{signal} is not reported as an error: {}",
        shown(&raw[before..])
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    assert_signal_restores("TERM", libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal() {
    assert_signal_restores("HUP", libc::SIGHUP);
}

/// Whether the main thread of process `pid` (the reader's UI thread) is asleep in
/// `nanosleep`, where the stall key leaves it; its event loop waits on a channel instead.
#[cfg(target_os = "linux")]
fn ui_thread_asleep(pid: u32) -> bool {
    let syscall = std::fs::read_to_string(format!("/proc/{pid}/syscall")).unwrap_or_default();
    let number = (syscall.split_whitespace().next()).and_then(|n| n.parse::<libc::c_long>().ok());
    number.is_some_and(|n| n == libc::SYS_nanosleep || n == libc::SYS_clock_nanosleep)
}

/// A signal ends the reader and restores the terminal even while the UI thread is busy (here
/// asleep on purpose, as a debug build allows), after a short grace period.
#[cfg(target_os = "linux")]
#[test]
fn sigterm_restores_the_terminal_while_the_ui_thread_is_busy() {
    let mut tui = Tui::ready(
        Spawn {
            env: vec![("READMORE_TEST_STALL", "x")],
            ..Spawn::fixtures()
        },
        "Articles 5/5 unread",
    );
    tui.send("x");
    // The stall key is read; nothing after it is handled.
    wait_until("the UI thread asleep on the stall key", || {
        ui_thread_asleep(tui.pid())
    });
    let before = tui.raw_len();
    kill(tui.pid(), libc::SIGTERM);
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), ended_by(libc::SIGTERM), "128 + SIGTERM");
    assert_restored_after(&tui.raw(), before);
    assert!(tui.termios().is_cooked(), "raw mode is off");
}

/// Reproduces a bug: only SIGTERM and SIGHUP were handled, so any other signal whose default
/// ends the process left raw mode, the alternate screen and mouse reporting on.
#[test]
fn every_terminating_signal_restores_the_terminal() {
    for (signal, number) in [
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
    ] {
        assert_signal_restores(signal, number);
    }
}

/// The pid of the only child of `parent`.
#[cfg(target_os = "linux")]
fn child_of(parent: u32) -> u32 {
    let path = format!("/proc/{parent}/task/{parent}/children");
    let children = std::fs::read_to_string(&path).expect("read the children of the shell");
    children
        .split_whitespace()
        .next()
        .and_then(|pid| pid.parse().ok())
        .unwrap_or_else(|| panic!("the shell has a child: {children:?}"))
}

/// The state letter of a process (`T` when stopped).
#[cfg(target_os = "linux")]
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read the stat");
    let after_name = stat.rfind(')').expect("the command name ends with ')'");
    stat[after_name + 1..]
        .trim_start()
        .chars()
        .next()
        .unwrap_or('?')
}

/// Reproduces a bug: SIGTSTP (here `kill -TSTP`, then ctrl-z) stopped the reader with the
/// terminal still raw, on the alternate screen and reporting the mouse, or (ctrl-z) did
/// nothing. A shell with job control runs the reader, says when it stopped, and continues it
/// with `fg` when it reads a line.
#[cfg(target_os = "linux")]
#[test]
fn a_stop_restores_the_terminal_and_a_continue_takes_it_again() {
    let script = "set -m; \"$0\" \"$@\"; echo \"stopped with $?\"; read -r line; fg; \
                  echo \"stopped again with $?\"; read -r line; fg; echo \"exit status $?\"";
    let mut tui = Tui::spawn_program(
        "bash",
        Spawn {
            args: vec![
                "-c".to_owned(),
                script.to_owned(),
                BIN.to_owned(),
                "--articles".to_owned(),
                FIXTURES.to_owned(),
            ],
            env: Vec::new(),
        },
    );
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_until_ready();
    let reader = child_of(tui.pid());

    let stopped = ended_by(libc::SIGTSTP);
    for (stop, said) in [
        (None, format!("stopped with {stopped}")),
        (Some("\x1a"), format!("stopped again with {stopped}")),
    ] {
        let before = tui.raw_len();
        match stop {
            None => kill(reader, libc::SIGTSTP),
            Some(key) => tui.send(key),
        }
        tui.wait_for_text(&said);
        assert_eq!(process_state(reader), 'T', "the reader is stopped");
        assert_restored_after(&tui.raw(), before);
        assert!(
            !tui.shared.lock().parser.screen().alternate_screen(),
            "back on the main screen while stopped"
        );
        assert!(tui.termios().is_cooked(), "cooked while stopped");

        let before = tui.raw_len();
        tui.send("\n");
        tui.wait_for("the reader drawn again", |screen| {
            screen.alternate_screen()
                && screen.contents().contains("Articles 5/5 unread")
                && status_line(screen).contains("1/5 │ list │")
        });
        let raw = tui.raw();
        for (name, sequence) in [
            ("enter the alternate screen", ENTER_ALT_SCREEN),
            ("enable mouse capture", ENABLE_MOUSE),
        ] {
            assert!(
                find_from(&raw, sequence, before).is_some(),
                "no sequence to {name} after the continue"
            );
        }
        assert!(tui.termios().is_raw(), "raw again once continued");
    }
    tui.send("q");
    tui.wait_for_text("exit status 0");
    let status = tui.wait_exit();
    assert!(status.success(), "the shell exits cleanly: {status}");
}
