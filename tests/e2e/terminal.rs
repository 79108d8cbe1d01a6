//! Quitting, a panic or a fatal error gives the terminal back as it was; the reader refuses
//! to start without a real terminal.

use portable_pty::{PtySize, native_pty_system};
use std::path::Path;

use crate::pty::{
    BIN, ENABLE_MOUSE, ENTER_ALT_SCREEN, FIXTURES, LEAVE_ALT_SCREEN, Spawn, Tui,
    assert_restored_after, find, find_from, rows_of, shown,
};

#[test]
fn quitting_restores_the_terminal() {
    let mut tui = Tui::start();
    assert!(
        tui.initial_termios.is_cooked(),
        "a new pty starts in canonical mode with echo: {:?}",
        tui.initial_termios
    );
    let running = tui.termios();
    assert!(
        running.is_raw(),
        "the reader runs in raw mode (no ICANON, no ECHO): {running:?}"
    );
    let before_quit = tui.raw_len();
    tui.quit();

    let raw = tui.raw();
    let entered = find(&raw, ENTER_ALT_SCREEN).expect("the alternate screen was entered");
    assert!(
        find(&raw, ENABLE_MOUSE).is_some(),
        "mouse capture was enabled"
    );
    assert!(entered < before_quit);
    assert_restored_after(&raw, before_quit);
    let left = find_from(&raw, LEAVE_ALT_SCREEN, entered).expect("left the alternate screen");
    assert!(
        left >= before_quit,
        "the alternate screen is left only on quit"
    );
    assert!(
        !tui.shared.lock().parser.screen().alternate_screen(),
        "the emulated terminal is back on the main screen"
    );

    let after = tui.termios();
    assert!(after.is_cooked(), "ICANON and ECHO are back on: {after:?}");
    assert_eq!(
        after, tui.initial_termios,
        "the terminal settings are exactly as before"
    );
}

/// A control for `quitting_restores_the_terminal`: the termios probe does see a terminal that
/// a program left in raw mode after it exited.
#[test]
fn the_termios_probe_sees_a_terminal_left_raw() {
    let mut tui = Tui::spawn_program(
        "/bin/sh",
        Spawn {
            args: vec!["-c".to_owned(), "stty raw -echo && echo done".to_owned()],
            env: Vec::new(),
        },
    );
    let status = tui.wait_exit();
    assert!(status.success(), "stty ran: {status}");
    let after = tui.termios();
    assert!(after.is_raw(), "the probe reports raw mode: {after:?}");
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "READMORE_TEST_PANIC: debug only")]
fn a_panic_restores_the_terminal_before_the_message() {
    let mut tui = Tui::spawn(Spawn::panicking());
    let status = tui.wait_exit();
    assert!(!status.success(), "a panic exits non-zero, got {status}");

    let raw = tui.raw();
    let entered = find(&raw, ENTER_ALT_SCREEN).expect("the alternate screen was entered");
    let left = find_from(&raw, LEAVE_ALT_SCREEN, entered).unwrap_or_else(|| {
        panic!(
            "the alternate screen was not left: {}",
            shown(&raw[entered..])
        )
    });
    assert_restored_after(&raw, entered);
    let message = find_from(
        &raw,
        b"READMORE_TEST_PANIC is set: panicking on purpose",
        left,
    );
    assert!(
        message.is_some(),
        "the panic message follows the restoration: {}",
        shown(&raw)
    );
    assert!(tui.termios().is_cooked(), "raw mode is off after a panic");
}

/// Reproduces a bug: on a panic `restore()` runs twice, from the panic hook and again when
/// unwinding drops the `TerminalGuard`. The second `CSI ? 1049 l` is not a no-op: xterm (and
/// vt100) restore the cursor saved on entering the alternate screen (DECRC) even when already
/// on the main screen, so the cursor jumps back above the panic message and the shell prompt
/// and whatever runs next overwrite it.
#[test]
#[cfg_attr(not(debug_assertions), ignore = "READMORE_TEST_PANIC: debug only")]
fn a_panic_message_is_left_above_the_cursor() {
    let mut tui = Tui::spawn(Spawn::panicking());
    tui.wait_exit();
    let raw = tui.raw();
    let message = find(&raw, b"panicking on purpose").expect("the panic message");
    assert!(
        find_from(&raw, LEAVE_ALT_SCREEN, message).is_none(),
        "the terminal is restored again after the panic message: {}",
        shown(&raw[message..])
    );
    let output = tui.shared.lock();
    let screen = output.parser.screen();
    let message_row = rows_of(screen)
        .iter()
        .position(|row| row.contains("panicking on purpose"))
        .expect("the panic message on screen");
    let (cursor_row, _) = screen.cursor_position();
    assert!(
        usize::from(cursor_row) > message_row,
        "the cursor (row {cursor_row}) is below the panic message (row {message_row})"
    );
}

#[test]
fn a_fatal_start_up_error_leaves_the_terminal_alone() {
    let mut tui = Tui::spawn(Spawn::library(Path::new("/nonexistent")));
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 2, "exit status: {status}");
    let raw = tui.raw();
    assert!(
        !raw.contains(&0x1b),
        "no escape sequence at all: {}",
        shown(&raw)
    );
    let text = String::from_utf8(raw).expect("UTF-8 output");
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "one line of output: {text:?}");
    assert!(
        lines[0].starts_with("error:") && lines[0].contains("/nonexistent"),
        "an error naming the folder: {text:?}"
    );
    assert!(tui.termios().is_cooked());
}

/// Runs the reader outside the pty harness and returns its exit code, stdout and stderr.
fn run_detached(command: &mut std::process::Command) -> (Option<i32>, Vec<u8>, String) {
    let output = command
        .args(["--articles", FIXTURES])
        .env("TERM", "xterm-256color")
        .env_remove("READMORE_TEST_PANIC")
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run readmore");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 on stderr");
    (output.status.code(), output.stdout, stderr)
}

/// Checks the one line of a refusal.
fn assert_refused(stderr: &str, reason: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr:?}");
    assert!(
        lines[0].starts_with("error: the reader needs a terminal") && lines[0].contains(reason),
        "says a terminal is needed and why ({reason}): {stderr:?}"
    );
    assert!(
        !stderr.contains("os error"),
        "no bare system error: {stderr:?}"
    );
    assert!(!stderr.contains('\x1b'), "no escape sequence: {stderr:?}");
}

/// Reproduces a bug: `readmore > file` ran the reader invisibly, writing escape codes into the
/// file and waiting for keys.
#[test]
fn stdout_not_a_terminal_is_refused() {
    let (code, stdout, stderr) =
        run_detached(std::process::Command::new(BIN).stdout(std::process::Stdio::piped()));
    assert_eq!(code, Some(2), "exit status 2: {stderr:?}");
    assert!(stdout.is_empty(), "nothing written: {}", shown(&stdout));
    assert_refused(&stderr, "standard output is not one");
}

/// Reproduces a bug: with no terminal at all (no controlling terminal, standard input not
/// one) the reader failed with "No such device or address (os error 6)".
#[test]
fn no_terminal_to_read_keys_from_is_refused() {
    let pair = native_pty_system()
        .openpty(PtySize::default())
        .expect("open a pty");
    let tty = pair.master.tty_name().expect("the pty has a name");
    let screen = std::fs::OpenOptions::new()
        .write(true)
        .open(&tty)
        .expect("open the pty for writing");
    // `setsid` starts a session with no controlling terminal (and waits for the reader to
    // exit); standard output is the pty.
    let (code, _, stderr) = run_detached(
        std::process::Command::new("setsid")
            .args(["--wait", BIN])
            .stdin(std::process::Stdio::null())
            .stdout(screen),
    );
    assert_eq!(code, Some(2), "exit status 2: {stderr:?}");
    assert_refused(&stderr, "no controlling terminal");
}

#[test]
fn a_dumb_terminal_is_refused() {
    let mut tui = Tui::spawn(Spawn {
        env: vec![("TERM", "dumb")],
        ..Spawn::fixtures()
    });
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 2, "exit status: {status}");
    let raw = tui.raw();
    let text = String::from_utf8(raw).expect("UTF-8 output");
    assert_refused(text.trim_end(), "TERM=dumb");
    assert!(tui.termios().is_cooked(), "the terminal was never touched");
}
