//! End-to-end tests: the real `readmore` binary in a pseudo terminal.
//!
//! Each test spawns the binary on a fresh pty. A reader thread copies everything the program
//! writes into a shared buffer and feeds it to a `vt100` parser, so a test can check both the
//! screen as a user would see it and the raw bytes (escape sequences, restoration). Tests
//! synchronise by polling the parsed screen (`wait_for`), never by sleeping alone.

#![cfg(unix)]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 35;
const COLS: u16 = 120;
/// How long to wait for the screen to show something.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long the program may take to exit once asked to.
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);
const BIN: &str = env!("CARGO_BIN_EXE_readmore");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
/// crossterm 0.29 `EnableMouseCapture` / `DisableMouseCapture` (event.rs).
const ENABLE_MOUSE: &[u8] = b"\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h";
const DISABLE_MOUSE: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";
const DISABLE_PASTE: &[u8] = b"\x1b[?2004l";

/// `ICANON` and `ECHO` in `termios.c_lflag`.
#[cfg(target_os = "linux")]
const LFLAG_ICANON: u64 = 0o2;
#[cfg(target_os = "linux")]
const LFLAG_ECHO: u64 = 0o10;
#[cfg(not(target_os = "linux"))]
const LFLAG_ICANON: u64 = 0x100;
#[cfg(not(target_os = "linux"))]
const LFLAG_ECHO: u64 = 0x8;

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

/// Terminal requests seen by the emulated terminal that a hostile article might try to make.
#[derive(Debug, Default)]
struct Requests {
    bells: usize,
    titles: Vec<Vec<u8>>,
    clipboard: Vec<Vec<u8>>,
}

impl vt100::Callbacks for Requests {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }

    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }
}

/// Everything the program wrote so far.
struct Output {
    raw: Vec<u8>,
    parser: vt100::Parser<Requests>,
    /// The pty reported end of file: the program and every copy of the slave side are gone.
    closed: bool,
}

struct Shared {
    output: Mutex<Output>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How to start the program.
struct Spawn<'a> {
    args: Vec<String>,
    env: Vec<(&'a str, &'a str)>,
}

impl Spawn<'_> {
    /// The reader on the fixture library.
    fn fixtures() -> Self {
        Self::library(Path::new(FIXTURES))
    }

    /// The reader on the fixtures, told to panic once the terminal is set up.
    fn panicking() -> Self {
        Self {
            env: vec![("READMORE_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
            ..Self::fixtures()
        }
    }

    fn library(path: &Path) -> Self {
        Self {
            args: vec!["--articles".to_owned(), path.display().to_string()],
            env: Vec::new(),
        }
    }
}

/// The program running on a pty. Dropping it kills the program.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    /// The terminal settings before the program started.
    initial_termios: Termios,
    /// `HOME`, `XDG_CONFIG_HOME`, `XDG_STATE_HOME`, `XDG_CACHE_HOME`, `XDG_DATA_HOME` and the
    /// working directory.
    _home: tempfile::TempDir,
}

/// The flags of a termios that matter to the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Termios {
    input: u64,
    output: u64,
    local: u64,
}

impl Termios {
    fn is_raw(self) -> bool {
        self.local & (LFLAG_ICANON | LFLAG_ECHO) == 0
    }

    fn is_cooked(self) -> bool {
        self.local & (LFLAG_ICANON | LFLAG_ECHO) == LFLAG_ICANON | LFLAG_ECHO
    }
}

fn termios_of(master: &dyn MasterPty) -> Termios {
    let termios = master
        .get_termios()
        .expect("the pty master can report the terminal settings");
    Termios {
        input: u64::from(termios.input_flags.bits()),
        output: u64::from(termios.output_flags.bits()),
        local: u64::from(termios.local_flags.bits()),
    }
}

impl Tui {
    fn spawn(spawn: Spawn<'_>) -> Self {
        Self::spawn_program(BIN, spawn)
    }

    fn spawn_program(program: &str, spawn: Spawn<'_>) -> Self {
        let home = tempfile::tempdir().expect("temp dir");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let initial_termios = termios_of(&*pair.master);

        let mut cmd = CommandBuilder::new(program);
        cmd.args(spawn.args);
        cmd.cwd(home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env_remove("READMORE_TEST_PANIC");
        cmd.env_remove("NO_COLOR");
        for (key, value) in spawn.env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn readmore");
        // Only the child keeps the slave side open, so its exit ends the output with EOF.
        drop(pair.slave);

        let shared = Arc::new(Shared {
            output: Mutex::new(Output {
                raw: Vec::new(),
                parser: vt100::Parser::new_with_callbacks(
                    nonzero(ROWS),
                    nonzero(COLS),
                    0,
                    Requests::default(),
                ),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let reader = pair.master.try_clone_reader().expect("pty reader");
        let pump = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || pump(reader, &shared))
        };
        let writer = pair.master.take_writer().expect("pty writer");
        Self {
            child,
            master: pair.master,
            writer,
            shared,
            reader: Some(pump),
            initial_termios,
            _home: home,
        }
    }

    /// Starts the reader on the fixtures and waits until its event loop is running.
    fn start() -> Self {
        let mut tui = Self::spawn(Spawn::fixtures());
        tui.wait_for_text("Articles 5/5 unread");
        tui.wait_until_ready();
        tui
    }

    /// Waits until the program has handled a key, which proves its event loop (and with it
    /// crossterm's SIGWINCH handler) is running: tab to the reader and shift-tab back.
    fn wait_until_ready(&mut self) {
        self.send("\t");
        self.wait_for("focus on the reader", |screen| {
            status_line(screen).contains(" │ reader │ ")
        });
        self.send("\x1b[Z");
        self.wait_for("focus back on the list", |screen| {
            status_line(screen).contains(" │ list │ ")
        });
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    fn termios(&self) -> Termios {
        termios_of(&*self.master)
    }

    fn send(&mut self, bytes: impl AsRef<[u8]>) {
        self.writer.write_all(bytes.as_ref()).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Sends `Esc` and waits until `cond` shows it was handled, so that the next key cannot be
    /// read together with it as an escape sequence.
    fn send_esc_and_wait(&mut self, what: &str, cond: impl FnMut(&vt100::Screen) -> bool) {
        self.send("\x1b");
        self.wait_for(what, cond);
    }

    /// Waits until `cond` holds for the output, or fails the test after [`TIMEOUT`] showing the
    /// screen and the end of the raw output.
    fn wait_output(&self, what: &str, mut cond: impl FnMut(&Output) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        let mut output = self.shared.lock();
        loop {
            if cond(&output) {
                return;
            }
            let now = Instant::now();
            if now >= deadline {
                let screen = output.parser.screen().contents();
                let tail = &output.raw[output.raw.len().saturating_sub(1500)..];
                let tail = String::from_utf8_lossy(tail).escape_debug().to_string();
                drop(output);
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}\n--- screen ---\n{screen}\n\
                     --- last raw output ---\n{tail}"
                );
            }
            let wait = (deadline - now).min(Duration::from_millis(50));
            output = self
                .shared
                .changed
                .wait_timeout(output, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn wait_for(&self, what: &str, mut cond: impl FnMut(&vt100::Screen) -> bool) {
        self.wait_output(what, |output| cond(output.parser.screen()));
    }

    fn wait_for_text(&self, text: &str) {
        self.wait_for(&format!("{text:?} on screen"), |screen| {
            screen.contents().contains(text)
        });
    }

    /// Waits for the status bar to show `position │ focus`.
    fn wait_for_status(&self, position: &str, focus: &str) {
        let expected = format!("{position} │ {focus} │");
        self.wait_for(&format!("status {expected:?}"), |screen| {
            status_line(screen).contains(&expected)
        });
    }

    fn wait_for_heading(&self, heading: &str) {
        self.wait_for(&format!("reading pane heading {heading:?}"), |screen| {
            reader_heading(screen).as_deref() == Some(heading)
        });
    }

    fn screen_contents(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
    }

    fn raw_len(&self) -> usize {
        self.shared.lock().raw.len()
    }

    /// Resizes the pty (which sends SIGWINCH) and the emulated terminal with it.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.shared
            .lock()
            .parser
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Waits for the program to exit, then for the rest of its output.
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + EXIT_TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "readmore did not exit within {EXIT_TIMEOUT:?}\n--- screen ---\n{}",
                self.screen_contents()
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        self.wait_output("end of output", |output| output.closed);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread does not panic");
        }
        status
    }

    /// Quits with `q` and checks that the program exits cleanly.
    fn quit(&mut self) {
        self.send("q");
        let status = self.wait_exit();
        assert!(status.success(), "quit exits with status 0, got {status}");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The reader thread ends by itself at EOF, now that the child is gone.
    }
}

fn pump(mut reader: Box<dyn Read + Send>, shared: &Shared) {
    let mut buf = [0u8; 8192];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(n) => n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            // Linux reports the slave side closing as EIO.
            Err(_) => 0,
        };
        let mut output = shared.lock();
        if n == 0 {
            output.closed = true;
            shared.changed.notify_all();
            return;
        }
        output.raw.extend_from_slice(&buf[..n]);
        output.parser.process(&buf[..n]);
        drop(output);
        shared.changed.notify_all();
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a non-zero terminal size")
}

// ---------------------------------------------------------------------------------------------
// Reading the screen
// ---------------------------------------------------------------------------------------------

fn rows_of(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The bottom line.
fn status_line(screen: &vt100::Screen) -> String {
    rows_of(screen).pop().unwrap_or_default()
}

fn cell(screen: &vt100::Screen, row: u16, col: u16) -> String {
    screen
        .cell(row, col)
        .map(|cell| cell.contents().to_owned())
        .unwrap_or_default()
}

/// The text lines of the reading pane: the pane right of the list whose top-left corner is on
/// the first row, inside its border and padding.
fn reader_lines(screen: &vt100::Screen) -> Option<Vec<String>> {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let left = (1..cols).find(|&col| cell(screen, 0, col) == "┌")?;
    let bottom = (1..rows).find(|&row| cell(screen, row, left) == "└")?;
    let width = cols.checked_sub(left + 4)?;
    Some(
        screen
            .rows(left + 2, width)
            .skip(1)
            .take(usize::from(bottom - 1))
            .map(|line| line.trim_end().to_owned())
            .collect(),
    )
}

/// The open article's title, from the reading pane's top border (the heading inside the pane
/// scrolls away when an article reopens where reading stopped).
fn reader_heading(screen: &vt100::Screen) -> Option<String> {
    let cols = screen.size().1.get();
    let left = (1..cols).find(|&col| cell(screen, 0, col) == "┌")?;
    let border: String = (left + 1..cols).map(|col| cell(screen, 0, col)).collect();
    let title = border.trim_start_matches('─').trim_start();
    // The border shows the trail (`… › Earlier › Current`): the open article is its last step.
    let trail = title.split(" ─").next()?.trim();
    Some(trail.rsplit(" › ").next()?.to_owned())
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Where `needle` first occurs in `haystack` at or after `from`.
fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    find(haystack.get(from..)?, needle).map(|at| at + from)
}

fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

/// Checks that everything restoring the terminal was written at or after `from`.
fn assert_restored_after(raw: &[u8], from: usize) {
    for (name, sequence) in [
        ("leave the alternate screen", LEAVE_ALT_SCREEN),
        ("show the cursor", SHOW_CURSOR),
        ("disable mouse capture", DISABLE_MOUSE),
        ("disable bracketed paste", DISABLE_PASTE),
    ] {
        assert!(
            find_from(raw, sequence, from).is_some(),
            "no sequence to {name} ({}) after byte {from}; output after it: {}",
            shown(sequence),
            shown(&raw[from.min(raw.len())..]),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn search_open_follow_back_forward_help_and_quit() {
    let mut tui = Tui::start();
    tui.wait_for_heading("Festival of Lights Draws Crowds");
    tui.wait_for_status("1/5", "list");
    let screen = tui.screen_contents();
    for title in [
        "Harbour Bridge Reopens",
        "東京の朝市がにぎわう",
        "Summit Opens in Geneva",
        "Talks Stall Over Water Rights",
    ] {
        assert!(
            screen.contains(title),
            "the list shows {title:?}:\n{screen}"
        );
    }

    tui.send("/");
    tui.wait_for("the search line", |screen| {
        status_line(screen).starts_with('/')
    });
    tui.send("bridge");
    tui.wait_for("\"/bridge\" with 1 match", |screen| {
        let top = rows_of(screen).swap_remove(0);
        status_line(screen).starts_with("/bridge ") && top.contains(" 1 match ")
    });

    tui.send("\r");
    tui.wait_for_heading("Harbour Bridge Reopens");
    tui.wait_for_status("2/5", "reader");
    // Accepting the search gives the list back, with the opened article now read.
    tui.wait_for_text("Articles 4/5 unread");

    // "Read More: Summit  Opens in Geneva" resolves despite the double space.
    tui.send("1");
    tui.wait_for_heading("Summit Opens in Geneva");
    tui.wait_for_status("4/5", "reader");

    tui.send("H");
    tui.wait_for_heading("Harbour Bridge Reopens");
    tui.wait_for_status("2/5", "reader");

    tui.send("L");
    tui.wait_for_heading("Summit Opens in Geneva");
    tui.wait_for_status("4/5", "reader");

    tui.send("?");
    tui.wait_for("the help overlay", |screen| {
        let text = screen.contents();
        text.contains(" Keys ") && text.contains("follow link N")
    });

    tui.send_esc_and_wait("the help overlay to close", |screen| {
        !screen.contents().contains(" Keys ")
    });
    tui.wait_for_heading("Summit Opens in Geneva");

    tui.quit();
}

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
#[cfg_attr(
    not(debug_assertions),
    ignore = "only debug builds honour READMORE_TEST_PANIC"
)]
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
#[cfg_attr(
    not(debug_assertions),
    ignore = "only debug builds honour READMORE_TEST_PANIC"
)]
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

fn assert_signal_restores(signal: &str, exit_code: u32) {
    let mut tui = Tui::start();
    let before = tui.raw_len();
    // The shell's built-in kill: a `kill` executable is not in every minimal image.
    let status = std::process::Command::new("/bin/sh")
        .args(["-c", &format!("kill -s {signal} {}", tui.pid())])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} succeeded");
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), exit_code, "128 + the signal's number");
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
    assert_signal_restores("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    assert_signal_restores("HUP", 129);
}

/// A signal ends the reader and restores the terminal even while the UI thread is busy (here
/// asleep on purpose, as a debug build allows), after a short grace period.
#[test]
fn sigterm_restores_the_terminal_while_the_ui_thread_is_busy() {
    let mut tui = Tui::spawn(Spawn {
        env: vec![("READMORE_TEST_STALL", "x")],
        ..Spawn::fixtures()
    });
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_until_ready();
    tui.send("x");
    // The stall key is read; nothing after it is handled.
    std::thread::sleep(Duration::from_millis(200));
    let before = tui.raw_len();
    let status = std::process::Command::new("/bin/sh")
        .args(["-c", &format!("kill -s TERM {}", tui.pid())])
        .status()
        .expect("run kill");
    assert!(status.success());
    let status = tui.wait_exit();
    assert_eq!(status.exit_code(), 143, "128 + SIGTERM");
    assert_restored_after(&tui.raw(), before);
    assert!(tui.termios().is_cooked(), "raw mode is off");
}

/// Reproduces a bug: only SIGTERM and SIGHUP were handled, so any other signal whose default
/// ends the process left raw mode, the alternate screen and mouse reporting on.
#[test]
fn every_terminating_signal_restores_the_terminal() {
    for (signal, number) in [
        ("INT", 2),
        ("QUIT", 3),
        ("USR1", 10),
        ("USR2", 12),
        ("ALRM", 14),
    ] {
        assert_signal_restores(signal, 128 + number);
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

    for (stop, said) in [
        (None, "stopped with 148"),
        (Some("\x1a"), "stopped again with 148"),
    ] {
        let before = tui.raw_len();
        match stop {
            None => {
                let status = std::process::Command::new("/bin/sh")
                    .args(["-c", &format!("kill -s TSTP {reader}")])
                    .status()
                    .expect("run kill");
                assert!(status.success(), "kill -TSTP succeeded");
            }
            Some(key) => tui.send(key),
        }
        tui.wait_for_text(said);
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

/// Hostile payloads that must never reach the terminal.
const FORBIDDEN: &[(&str, &str)] = &[
    ("OSC 0 title", "]0;pwned"),
    ("OSC 52 clipboard", "]52;"),
    ("OSC 52 data", "aGVsbG8"),
    ("OSC 8 hyperlink", "]8;;"),
    ("OSC 8 target", "http://evil"),
    ("DCS", "\x1bP"),
    ("BEL", "\x07"),
    ("C1 CSI", "\u{9b}"),
    ("C1 OSC", "\u{9d}"),
    ("C1 ST", "\u{9c}"),
    ("bidi override", "\u{202e}"),
    ("payload text", "pwned"),
];

/// A library whose titles, paragraphs and links are full of escape sequences.
fn write_hostile_library(dir: &Path) {
    let osc_title = "\x1b]0;pwned\x07";
    let osc_clipboard = "\x1b]52;c;aGVsbG8=\x07";
    let osc_link = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\";
    let dcs = "\x1bPq#0;2;0;0;0#0~~@@vv@@~~\x1b\\";
    let c1 = "\u{9b}31m\u{9d}0;pwned\u{9c}";
    let alpha = format!(
        "Alpha \x1b[31mRed\x1b[0m Report{osc_title}\u{202e}\x07\n\n\
         Opening \x1b[2Jparagraph with a {osc_link} here and {osc_clipboard}clipboard text.\n\n\
         Read More: Beta {osc_title}Bulletin{c1}\n\n\
         Sixel{dcs} and C1{c1} and bell\x07 and bidi\u{202e} all gone.\n\n\
         Read More: Missing{osc_clipboard} Story\x07\u{202e}\n"
    );
    // Long enough to need paging.
    let mut filler = String::new();
    for n in 1..=40 {
        let para =
            format!("Filler paragraph {n}{osc_title} with{dcs} bells\x07 and{c1} bidi\u{202e}.");
        write!(filler, "{para}\n\n").expect("write to a String");
    }
    let beta = format!(
        "Beta\u{202e} Bulletin\x1b[0m{c1}\n\n{filler}Read More: Alpha Red Report{osc_title}\n"
    );
    let gamma = format!(
        "\x1b]8;;http://evil\x1b\\Gamma\x1b]8;;\x1b\\ Gazette{osc_clipboard}\n\n\
         Gamma text{osc_title}.\n\nRead More: \u{202e}Beta Bulletin{dcs}\n"
    );
    for (name, text) in [
        ("a-alpha.txt", alpha),
        ("b-beta.txt", beta),
        ("c-gamma.txt", gamma),
    ] {
        std::fs::write(dir.join(name), text).expect("write an article");
    }
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let library = tempfile::tempdir().expect("temp dir");
    write_hostile_library(library.path());
    let mut tui = Tui::spawn(Spawn::library(library.path()));
    tui.wait_for_text("Articles 3/3 unread");
    tui.wait_for_heading("Alpha Red Report");
    tui.wait_for_text("Opening paragraph with a click here and clipboard text.");
    tui.wait_for_text("Sixel and C1 and bell and bidi all gone.");

    // Open every article, page through it, and go back to the list.
    let titles = ["Alpha Red Report", "Beta Bulletin", "Gamma Gazette"];
    for (n, title) in titles.iter().enumerate() {
        let position = format!("{}/{}", n + 1, titles.len());
        if n > 0 {
            tui.send("j");
            tui.wait_for_status(&position, "list");
        }
        tui.send("\r");
        tui.wait_for_heading(title);
        tui.wait_for_status(&position, "reader");
        tui.send("fff");
        if *title == "Beta Bulletin" {
            tui.wait_for_text("Filler paragraph 40 with bells and bidi.");
        }
        tui.send("\t\t");
        tui.wait_for_status(&position, "list");
    }

    // Follow a link, then a dangling one whose text lands in the status and search lines.
    tui.send("g\r");
    tui.wait_for_heading("Alpha Red Report");
    tui.send("1");
    tui.wait_for_heading("Beta Bulletin");
    tui.send("H");
    tui.wait_for_heading("Alpha Red Report");
    tui.send("2");
    tui.wait_for("the link text searched for closest titles", |screen| {
        let status = status_line(screen);
        status.starts_with("/Missing Story ") && status.contains("not in library")
    });
    tui.send_esc_and_wait("the search to close", |screen| {
        !status_line(screen).starts_with('/')
    });

    // Type and paste hostile text into the search line.
    tui.send("t");
    tui.wait_for("the search line", |screen| {
        status_line(screen).starts_with('/')
    });
    tui.send("B\u{202e}e\x07");
    tui.send("\x1b[200~\x1b]0;pwned\x07ta\u{202e}\x1b]52;c;aGVsbG8=\x07\x1b[201~");
    tui.wait_for("\"/Beta\" in the search line", |screen| {
        status_line(screen).starts_with("/Beta ")
    });
    tui.send("\r");
    tui.wait_for_heading("Beta Bulletin");
    tui.quit();

    let raw = tui.raw();
    for (name, payload) in FORBIDDEN {
        assert!(
            find(&raw, payload.as_bytes()).is_none(),
            "{name} ({}) reached the terminal",
            payload.escape_debug()
        );
    }
    let output = tui.shared.lock();
    let requests = output.parser.callbacks();
    assert_eq!(requests.bells, 0, "no bell rang");
    assert!(requests.titles.is_empty(), "no title set: {requests:?}");
    assert!(requests.clipboard.is_empty(), "no clipboard write");
}

#[test]
fn resizing_re_lays_out_the_screen() {
    let mut tui = Tui::start();
    tui.wait_for("the full status hints and unwrapped text", |screen| {
        status_line(screen).trim_end().ends_with("q:quit")
            && reader_lines(screen).is_some_and(|lines| {
                lines
                    .iter()
                    .any(|line| line.contains("More than ten thousand") && line.contains("trail"))
            })
    });

    tui.resize(20, 60);
    tui.wait_for("the 60x20 layout", is_60x20_layout);

    // Too narrow even for the whole message: a short one that still names the size needed,
    // and nothing else.
    tui.resize(5, 10);
    tui.wait_for(
        "a too-small message of 10 columns naming the minimum",
        |screen| {
            let rows = rows_of(screen);
            rows.len() == 5
                && rows[0].trim_end() == "need 30x8"
                && screen.contents().trim_end() == rows[0].trim_end()
        },
    );
    tui.resize(5, 40);
    tui.wait_for("the too-small message naming the minimum", |screen| {
        let first = rows_of(screen).swap_remove(0);
        first.starts_with("terminal too small") && first.contains("30x8")
    });

    tui.resize(ROWS, COLS);
    tui.wait_for("the full layout again", |screen| {
        let text = screen.contents();
        !text.contains("terminal too small")
            && text.contains(" Articles 5/5 unread ")
            && status_line(screen).trim_end().ends_with("q:quit")
            && reader_heading(screen).as_deref() == Some("Festival of Lights Draws Crowds")
    });
    tui.quit();
}

#[test]
fn clicking_a_list_row_selects_it_and_focuses_the_list() {
    let mut tui = Tui::start();
    tui.send("\t");
    tui.wait_for_status("1/5", "reader");
    // Row 1 of the screen is the list's top border, row 2 the first folder's heading, row 3
    // its first article, row 4 the second (1-based, as SGR mouse reports are).
    tui.send("\x1b[<0;6;4M\x1b[<0;6;4m");
    tui.wait_for_status("2/5", "list");
    // Wheel down over the list moves the selection by three rows: over the third article
    // and the second folder's heading to its first article.
    tui.send("\x1b[<65;6;4M");
    tui.wait_for_status("4/5", "list");
    // A click on the reading pane focuses it without changing the list.
    tui.send("\x1b[<0;80;10M\x1b[<0;80;10m");
    tui.wait_for_status("4/5", "reader");
    tui.quit();
}

/// The layout of a 60x20 terminal showing the first fixture.
fn is_60x20_layout(screen: &vt100::Screen) -> bool {
    let rows = rows_of(screen);
    let status = status_line(screen);
    rows.len() == 20
        && rows[0].contains("┌ 5/5 unread ")
        && cell(screen, 0, 59) == "┐"
        && cell(screen, 18, 59) == "┘"
        && status.contains("1/5 │ list │")
        // The hints that fit, whole: the last ones dropped, none cut.
        && status.trim_end().ends_with("/:search")
        && !status.contains('…')
        && reader_lines(screen).is_some_and(|lines| {
            lines
                .iter()
                .any(|line| line.contains("More than ten") && !line.contains("trail"))
        })
}

/// Reproduces a bug: `tui::run` reads the terminal size, draws, and only then calls
/// `event::poll` for the first time, which is when crossterm installs its SIGWINCH handler. A
/// resize in between raises no `Event::Resize`, so `App` keeps laying out for the old size
/// while ratatui draws into a buffer of the new one: the panes are cut off and the status bar
/// is missing until the next resize.
#[test]

fn a_resize_right_after_the_first_frame_is_not_lost() {
    let mut tui = Tui::spawn(Spawn::fixtures());
    // The top of the first frame: the program is still drawing it, so it has not polled yet.
    tui.wait_for_text("Articles 5/5 unread");
    tui.resize(20, 60);
    tui.wait_for("the 60x20 layout", is_60x20_layout);
    tui.quit();
}

#[test]
fn reading_state_survives_a_restart() {
    let library = tempfile::tempdir().expect("temp dir");
    let long: String = (1..=80)
        .map(|n| format!("Paragraph number {n}.\n\n"))
        .collect();
    std::fs::write(
        library.path().join("a-long.txt"),
        format!("Long Read\n\n{long}"),
    )
    .unwrap();
    std::fs::write(library.path().join("b-short.txt"), "Short One\n\nBrief.\n").unwrap();
    let state = tempfile::tempdir().expect("temp dir");
    let state_home = state.path().display().to_string();
    let spawn = || Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::library(library.path())
    };

    let mut tui = Tui::spawn(spawn());
    tui.wait_for_text("Articles 2/2 unread");
    tui.wait_until_ready();
    tui.send("\r");
    tui.wait_for_status("1/2", "reader");
    tui.wait_for_text("Articles 1/2 unread");
    tui.send("ff");
    tui.wait_for("the reader scrolled two pages", |screen| {
        reader_lines(screen).is_some_and(|lines| lines[0].starts_with("Paragraph number"))
            && !status_line(screen).is_empty()
    });
    // Let the two page-downs land, then note where reading stopped.
    std::thread::sleep(Duration::from_millis(200));
    let stopped = reader_lines(&tui.shared.lock().parser.screen().clone()).expect("a reading pane")
        [0]
    .clone();
    tui.quit();

    let tui = Tui::spawn(spawn());
    tui.wait_for_text("Articles 1/2 unread");
    tui.wait_for("the article reopened where reading stopped", |screen| {
        reader_lines(screen).is_some_and(|lines| lines[0] == stopped)
    });
    let rows = rows_of(&tui.shared.lock().parser.screen().clone());
    assert!(
        rows[1].contains("▸  Long Read"),
        "read: no unread mark: {:?}",
        rows[1]
    );
    assert!(
        rows[2].contains(" • Short One"),
        "still unread: {:?}",
        rows[2]
    );
    assert!(
        state.path().join("readmore/state.db").is_file(),
        "saved where XDG_STATE_HOME says"
    );
}

/// Writes `(file, title)` articles with a paragraph each into `folder`.
fn write_articles(folder: &Path, articles: &[(&str, &str)]) {
    for (file, title) in articles {
        std::fs::write(
            folder.join(file),
            format!("{title}\n\nA paragraph of {title}.\n"),
        )
        .unwrap();
    }
}

/// Two readers on one library at once: A stars Alpha after B started, and B sees the star
/// without a restart; B marks Bravo read, and A sees that. Neither mark is lost, whatever
/// either reader's automatic read mark does to the article it shows.
#[test]
fn two_readers_at_once_see_each_others_marks_and_lose_none() {
    let library = tempfile::tempdir().expect("temp dir");
    write_articles(
        library.path(),
        &[("a.txt", "Alpha"), ("b.txt", "Bravo"), ("c.txt", "Charlie")],
    );
    let state = tempfile::tempdir().expect("temp dir");
    let state_home = state.path().display().to_string();
    let spawn = || Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::library(library.path())
    };
    let mut b = Tui::spawn(spawn());
    b.wait_for_text("Articles 3/3 unread");
    b.wait_until_ready();
    let mut a = Tui::spawn(spawn());
    a.wait_for_text("Articles 3/3 unread");
    a.wait_until_ready();

    a.send("s");
    a.wait_for_text("marked starred");
    b.wait_for_text("★ Alpha");
    b.send("jm");
    b.wait_for_text("marked read");
    a.wait_for("B's read mark on Bravo, without a restart", |screen| {
        let contents = screen.contents();
        contents.contains(" Bravo") && !contents.contains("• Bravo")
    });
    b.quit();
    a.quit();

    let again = Tui::spawn(spawn());
    again.wait_for_text("★ Alpha");
    let contents = again.screen_contents();
    assert!(
        !contents.contains("• Bravo"),
        "Bravo still read:\n{contents}"
    );
}

/// Each library reopens its own last article, and the history of its last run: `H` goes back
/// to the article read before it.
#[test]
fn each_library_reopens_its_own_last_article_and_history() {
    let (x, y) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    write_articles(
        x.path(),
        &[("1.txt", "X One"), ("2.txt", "X Two"), ("3.txt", "X Three")],
    );
    write_articles(y.path(), &[("1.txt", "Y One"), ("2.txt", "Y Two")]);
    let state = tempfile::tempdir().expect("temp dir");
    let state_home = state.path().display().to_string();
    let spawn = |library: &Path| Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::library(library)
    };

    let mut tui = Tui::spawn(spawn(x.path()));
    tui.wait_for_text("Articles 3/3 unread");
    tui.wait_until_ready();
    tui.send("j\r");
    tui.wait_for_heading("X Two");
    tui.send("J");
    tui.wait_for_heading("X Three");
    tui.quit();

    let mut tui = Tui::spawn(spawn(y.path()));
    tui.wait_for_text("Articles 2/2 unread");
    tui.wait_until_ready();
    tui.send("j\r");
    tui.wait_for_heading("Y Two");
    tui.quit();

    let mut tui = Tui::spawn(spawn(x.path()));
    tui.wait_for_heading("X Three");
    tui.wait_until_ready();
    tui.send("H");
    tui.wait_for_heading("X Two");
    tui.quit();

    let tui = Tui::spawn(spawn(y.path()));
    tui.wait_for_heading("Y Two");
}

#[test]
fn floods_of_input_and_unknown_sequences_are_absorbed() {
    let mut tui = Tui::start();
    // Unknown or malformed sequences from the terminal: ignored, never a crash.
    for junk in [
        "\x1b[99~",
        "\x1bOZ",
        "\x1b[1;9Q",
        "\x1b[<999;1;1M",
        "\u{fffd}",
    ] {
        tui.send(junk);
    }
    // Key repeat: a thousand moves in one burst land on the last row.
    tui.send("j".repeat(1000));
    tui.wait_for_status("5/5", "list");
    // The top row is the first folder's heading, which is no article.
    tui.send("g");
    tui.wait_for_status("-/5", "list");
    // A 990-character paste into the search line is searched once, and shown by its end.
    tui.send("/");
    tui.wait_for("the search line", |screen| {
        status_line(screen).starts_with('/')
    });
    let pasted = format!("{}tail", "x".repeat(990));
    tui.send(format!("\x1b[200~{pasted}\x1b[201~"));
    tui.wait_for("the end of the paste in the search line", |screen| {
        let status = status_line(screen);
        status.contains("xxxtail") && status.contains(" 0 matches ")
    });
    // 10,000 more: the query is cut at 1,000 characters, and the reader says so.
    tui.send(format!("\x1b[200~{}\x1b[201~", "y".repeat(10_000)));
    tui.wait_for("the query cut, with a message", |screen| {
        screen
            .contents()
            .contains("search text cut to 1000 characters")
    });
    tui.send_esc_and_wait("the search closed", |screen| {
        status_line(screen).contains("-/5 │ list │")
    });
    tui.quit();
}

#[test]
fn a_corrupt_state_file_is_moved_aside_and_the_reader_opens() {
    let state = tempfile::tempdir().expect("temp dir");
    let folder = state.path().join("readmore");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("state.toml"), "[[article]\npath = ").unwrap();
    let state_home = state.path().display().to_string();
    let mut tui = Tui::spawn(Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::fixtures()
    });
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_for_text("unreadable reading state moved to");
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|name| name.starts_with("state.toml.bad-")),
        "kept aside: {names:?}"
    );
    tui.quit();
}

/// Reproduces a bug: crossterm 0.29 reads at most 1,024 bytes each time its edge-triggered
/// poll wakes and does not drain the rest, so the keys behind a longer burst (a paste without
/// bracketed paste, `tmux paste-buffer`) stay unread until more input arrives: the single `q`
/// below was never seen.
#[test]
fn a_burst_of_ten_thousand_bytes_does_not_stall_the_keyboard() {
    let mut tui = Tui::start();
    tui.send("j".repeat(10_000));
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "quit exits with status 0, got {status}");
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

/// A library for the reading flow: two long articles around a short one.
fn write_flow_library(dir: &Path) {
    let paragraphs = |what: &str, count: usize| -> String {
        (1..=count)
            .map(|n| format!("{what} paragraph {n}.\n\n"))
            .collect()
    };
    std::fs::write(
        dir.join("a-first.txt"),
        format!("First Long\n\n{}", paragraphs("First", 80)),
    )
    .unwrap();
    std::fs::write(dir.join("b-second.txt"), "Second Story\n\nBrief.\n").unwrap();
    std::fs::write(
        dir.join("c-third.txt"),
        format!("Third Story\n\n{}", paragraphs("Third", 60)),
    )
    .unwrap();
}

/// Whether the list row showing `title` is drawn selected (the selection's background).
fn is_selected_row(screen: &vt100::Screen, title: &str) -> bool {
    rows_of(screen).iter().enumerate().any(|(row, text)| {
        text.find(title).is_some_and(|byte| {
            let col = u16::try_from(text[..byte].chars().count()).unwrap();
            let row = u16::try_from(row).unwrap();
            screen
                .cell(row, col)
                .is_some_and(|cell| cell.bgcolor() == vt100::Color::Idx(4))
        })
    })
}

#[test]
fn the_daily_reading_flow() {
    let library = tempfile::tempdir().expect("temp dir");
    write_flow_library(library.path());
    let state = tempfile::tempdir().expect("temp dir");
    let state_home = state.path().display().to_string();
    let spawn = || Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::library(library.path())
    };
    let mut tui = Tui::spawn(spawn());
    tui.wait_for_text("Articles 3/3 unread");
    tui.wait_until_ready();

    // Open the first article and read it to the end: space then reads on into the next
    // unread one, and says so.
    tui.send("\r");
    tui.wait_for_status("1/3", "reader");
    tui.wait_for_text("Articles 2/3 unread");
    tui.send("G");
    tui.wait_for_text("First paragraph 80.");
    tui.send(" ");
    tui.wait_for_heading("Second Story");
    tui.wait_for_text("next unread: Second Story");
    tui.wait_for_status("2/3", "reader");

    // J and K walk the list in order, from the reader.
    tui.send("J");
    tui.wait_for_heading("Third Story");
    tui.wait_for_status("3/3", "reader");
    tui.send("K");
    tui.wait_for_heading("Second Story");

    // Search, open the second result, reopen the search: all as it was.
    tui.send("t");
    tui.wait_for("the title search", |screen| {
        status_line(screen).starts_with('/')
    });
    tui.send("story");
    tui.wait_for("two matches", |screen| {
        rows_of(screen)[0].contains(" 2 matches ")
    });
    tui.send("\x1b[B");
    tui.wait_for_heading("Third Story");
    tui.send("\r");
    tui.wait_for("the search closed on Third Story", |screen| {
        !status_line(screen).starts_with('/')
            && reader_heading(screen).as_deref() == Some("Third Story")
    });
    tui.send("t");
    tui.wait_for("the same search, second result selected", |screen| {
        status_line(screen).starts_with("/story ")
            && rows_of(screen)[0].contains(" 2 matches ")
            && is_selected_row(screen, "Third Story")
    });
    // Moving previews; Esc goes back to the article the search was opened from.
    tui.send("\x1b[A");
    tui.wait_for_heading("Second Story");
    tui.send_esc_and_wait("the search to close", |screen| {
        !status_line(screen).starts_with('/')
    });
    tui.wait_for_heading("Third Story");

    // Read a page, quit, start again: the same article at the same place.
    tui.send("f");
    tui.wait_for("a page down", |screen| {
        reader_lines(screen).is_some_and(|lines| !lines.contains(&"Third paragraph 1.".to_owned()))
    });
    std::thread::sleep(Duration::from_millis(200));
    let shown = reader_lines(&tui.shared.lock().parser.screen().clone()).expect("a reader");
    tui.quit();

    let mut tui = Tui::spawn(spawn());
    tui.wait_for_heading("Third Story");
    tui.wait_for("the same lines again", |screen| {
        reader_lines(screen).is_some_and(|lines| lines == shown)
    });
    tui.wait_for_status("3/3", "list");
    tui.quit();
}

/// Articles in the library of the frame-time test: enough that building the full-text index
/// (about 100 ms in a debug build) or reloading the library (about 40 ms) inside `update`
/// would take several frames, few enough to load in a couple of seconds.
const TIMED_ARTICLES: usize = 3_000;

/// Full-text search and a live reload, with `READMORE_TIMINGS` on: no single `update` takes
/// more than a frame (16 ms of the UI thread's CPU time: wall time would also count the
/// scheduler's delays on a busy machine), since the index, the search and the reload run on
/// workers. Debug builds are several times slower than release, so this holds with room to
/// spare in a release build.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "only debug builds honour READMORE_TIMINGS"
)]
fn heavy_work_never_holds_an_update_beyond_a_frame() {
    let library = tempfile::tempdir().expect("temp dir");
    readmore_corpus::write_corpus(library.path(), TIMED_ARTICLES).expect("write a corpus");
    let log = tempfile::NamedTempFile::new().expect("temp file");
    let log_path = log.path().display().to_string();
    let mut spawn = Spawn::library(library.path());
    spawn.env.push(("READMORE_TIMINGS", &log_path));
    let mut tui = Tui::spawn(spawn);
    tui.wait_for_status(&format!("1/{TIMED_ARTICLES}"), "list");

    tui.send("F");
    tui.wait_for("the full-text search line", |screen| {
        status_line(screen).starts_with("text/")
    });
    tui.send("korea");
    tui.wait_for("full-text results", |screen| {
        let top = rows_of(screen).swap_remove(0);
        status_line(screen).starts_with("text/korea ") && top.contains(" articles ")
    });
    tui.send_esc_and_wait("the search to close", |screen| {
        !status_line(screen).starts_with("text/")
    });

    std::fs::write(
        library.path().join("0000/0000000a.txt"),
        "Aardvark News\nNew.",
    )
    .expect("add an article");
    tui.wait_for_text("library changed: 1 added");
    tui.wait_for_text("Aardvark News");
    tui.quit();

    let timings = std::fs::read_to_string(log.path()).expect("the timings file");
    let longest: Vec<u64> = timings
        .lines()
        .map(|line| {
            let field = line
                .split(' ')
                .find_map(|field| field.strip_prefix("update_max_cpu_us="))
                .unwrap_or_else(|| panic!("no update time in {line:?}"));
            field.parse().expect("a number of µs")
        })
        .collect();
    assert!(longest.len() > 5, "one line per frame:\n{timings}");
    let slow: Vec<&u64> = longest.iter().filter(|&&us| us > 16_000).collect();
    assert!(slow.is_empty(), "updates over 16 ms: {slow:?}\n{timings}");
}

/// A Windows-1252 story (the BBC and crossref corpora have some) reads `£` and `’`, not `�`.
#[test]
fn a_windows_1252_article_shows_its_pound_signs() {
    let library = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        library.path().join("pound.txt"),
        b"Pound \xa3 Rises\n\nA pint costs \xa34.50, the bank\x92s \x93record\x94.\n",
    )
    .unwrap();
    let tui = Tui::spawn(Spawn {
        // A British locale, whatever the test runner's: the guess follows the locale's region.
        env: vec![("LC_ALL", "en_GB.UTF-8")],
        ..Spawn::library(library.path())
    });
    tui.wait_for_text("Pound £ Rises");
    tui.wait_for_text("A pint costs £4.50, the bank’s “record”.");
    let screen = tui.screen_contents();
    assert!(
        !screen.contains('\u{fffd}'),
        "no replacement character:\n{screen}"
    );
}
/// A stand-in pager that records its arguments, then reads one line from the terminal: a key
/// readmore's input thread stole would never reach it.
fn recording_pager(dir: &Path) -> (String, std::path::PathBuf) {
    let out = dir.join("pager-saw");
    let script = dir.join("pager");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{out}.tmp'\nmv '{out}.tmp' '{out}'\nread answer\n\
             echo \"typed $answer\" >> '{out}'\n",
            out = out.display()
        ),
    )
    .expect("write the pager script");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make it executable");
    (format!("{} --flag", script.display()), out)
}

#[test]
fn o_hands_the_terminal_to_the_pager_and_takes_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pager, out) = recording_pager(dir.path());
    let mut tui = Tui::spawn(Spawn {
        env: vec![("PAGER", &pager)],
        ..Spawn::fixtures()
    });
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_until_ready();
    let before = tui.raw_len();
    tui.send("o");
    let deadline = Instant::now() + TIMEOUT;
    while !out.exists() {
        assert!(Instant::now() < deadline, "the pager never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        tui.termios().is_cooked(),
        "the pager gets a cooked terminal"
    );
    // Keys typed now are the pager's: 'e' or 'l' read by readmore would act on them.
    tui.send("hello\r");
    tui.wait_output("the alternate screen entered again", |output| {
        find(&output.raw[before..], ENTER_ALT_SCREEN).is_some()
    });
    tui.wait_for_text("Articles 5/5 unread");
    let saw = std::fs::read_to_string(&out).expect("the pager's record");
    assert_eq!(
        saw,
        format!("--flag\n{FIXTURES}/local/festival-of-lights.txt\ntyped hello\n")
    );
    assert!(tui.termios().is_raw(), "readmore has its raw terminal back");
    assert!(
        find(&tui.raw()[before..], LEAVE_ALT_SCREEN).is_some(),
        "the alternate screen was left for the pager"
    );
    tui.quit();
}

#[test]
fn a_missing_editor_is_one_line_on_the_status_bar() {
    let mut tui = Tui::spawn(Spawn {
        env: vec![("VISUAL", "/no/such/editor"), ("EDITOR", "vi")],
        ..Spawn::fixtures()
    });
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_until_ready();
    tui.send("e");
    tui.wait_for("the failure on the status bar", |screen| {
        status_line(screen).contains("cannot run /no/such/editor")
    });
    tui.quit();
}

#[test]
fn y_copies_the_title_with_one_well_formed_osc_52() {
    let mut tui = Tui::start();
    tui.send("y");
    tui.wait_for_text("copied the title");
    let output = tui.shared.lock();
    assert_eq!(
        output.parser.callbacks().clipboard,
        [b"RmVzdGl2YWwgb2YgTGlnaHRzIERyYXdzIENyb3dkcw==".to_vec()]
    );
    assert!(
        find(
            &output.raw,
            b"\x1b]52;c;RmVzdGl2YWwgb2YgTGlnaHRzIERyYXdzIENyb3dkcw==\x07"
        )
        .is_some()
    );
}

#[test]
fn mouse_false_in_the_config_leaves_mouse_capture_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("articles = {FIXTURES:?}\nmouse = false\n"))
        .expect("write the config");
    let mut tui = Tui::spawn(Spawn {
        args: vec!["--config".to_owned(), config.display().to_string()],
        env: Vec::new(),
    });
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_until_ready();
    assert!(
        find(&tui.raw(), b"\x1b[?1000h").is_none(),
        "no mouse reporting asked for"
    );
    tui.quit();
}

#[test]
fn a_double_click_on_a_list_row_opens_it() {
    let mut tui = Tui::start();
    // SGR mouse reports: press and release of the left button on screen row 4 (the second
    // article, under the first folder's heading), column 5.
    let click = "\x1b[<0;5;4M\x1b[<0;5;4m";
    tui.send(click);
    tui.wait_for_status("2/5", "list");
    tui.send(click);
    tui.wait_for_heading("Harbour Bridge Reopens");
    tui.wait_for_status("2/5", "reader");
    tui.quit();
}

#[test]
fn p_peeks_at_the_selected_link_and_at_the_closest_titles_of_a_dangling_one() {
    let mut tui = Tui::start();
    tui.send("\t");
    tui.wait_for_status("1/5", "reader");
    tui.send("p");
    tui.wait_for_text("peek on");
    tui.send("]");
    tui.wait_for("the peek at Harbour Bridge Reopens", |screen| {
        let text = screen.contents();
        text.contains(" Peek ") && text.contains("The bridge reopened to traffic")
    });
    // Peeking is not visiting: the open article stays.
    tui.wait_for_heading("Festival of Lights Draws Crowds");
    tui.send("]");
    tui.wait_for("the closest titles of the dangling link", |screen| {
        let text = screen.contents();
        text.contains("✗ Night Market Returns To The Quay")
            && text.contains("closest titles:")
            && !text.contains("finding closest titles")
            && !text.contains("The bridge reopened to traffic")
    });
    tui.send("p");
    tui.wait_for("the popup to close", |screen| {
        !screen.contents().contains(" Peek ")
    });
    tui.quit();
}

#[test]
fn m_maps_the_links_and_enter_opens_a_story_as_a_visit() {
    let mut tui = Tui::start();
    tui.send("M");
    tui.wait_for("the link map", |screen| {
        let text = screen.contents();
        text.contains(" Link map ")
            && text.contains("├─ → Harbour Bridge Reopens")
            && text.contains("Night Market Returns To The Quay ✗ not in library")
            && text.contains("(cycle, shown above)")
    });
    tui.send_esc_and_wait("the map to close on esc", |screen| {
        !screen.contents().contains(" Link map ")
    });
    tui.send("M");
    tui.wait_for_text(" Link map ");
    // The first row selected is the first link, Harbour Bridge Reopens; under it, its link
    // to Summit Opens in Geneva.
    tui.send("j");
    tui.send("\r");
    tui.wait_for_heading("Summit Opens in Geneva");
    tui.wait_for_status("4/5", "reader");
    assert!(!tui.screen_contents().contains(" Link map "));
    // A history step, like following a link.
    tui.send("H");
    tui.wait_for_heading("Festival of Lights Draws Crowds");
    tui.send("M");
    tui.wait_for_text(" Link map ");
    tui.send("q");
    tui.wait_for("q to close the map, not quit", |screen| {
        !screen.contents().contains(" Link map ")
    });
    tui.quit();
}

/// A library without a single `Read More` line (as the BBC corpus): two football stories and
/// two about parliament.
fn write_unlinked_library(dir: &Path) {
    for (name, text) in [
        (
            "a-derby.txt",
            "United Win The Derby\n\nThe football club scored twice; the striker and the \
             goalkeeper were the heroes of the derby.\n",
        ),
        (
            "b-budget.txt",
            "Parliament Votes On The Budget\n\nThe minister said the budget vote in \
             parliament would decide the election.\n",
        ),
        (
            "c-striker.txt",
            "City Sign A New Striker\n\nThe football club paid a record fee for the striker \
             before the next derby.\n",
        ),
        (
            "d-campaign.txt",
            "Election Campaign Opens\n\nThe minister and parliament prepare for the election \
             and the budget.\n",
        ),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Without links, the Related pane's similar stories lead from one story to the next: they
/// fill in once the index is built on a worker, and Enter opens one as a visit.
#[test]
fn similar_stories_lead_on_in_a_library_without_links() {
    let library = tempfile::tempdir().expect("temp dir");
    write_unlinked_library(library.path());
    let mut tui = Tui::spawn(Spawn::library(library.path()));
    tui.wait_for_text("Articles 4/4 unread");
    tui.wait_until_ready();
    tui.wait_for_heading("United Win The Derby");
    tui.wait_for("the similar stories", |screen| {
        let rows = rows_of(screen);
        let heading = rows.iter().position(|row| row.contains("│ Similar "));
        heading.is_some_and(|at| {
            rows.get(at + 1)
                .is_some_and(|row| row.contains("City Sign A New Striker"))
        })
    });
    // Focus the related pane (shift-tab from the list), select the first story, open it.
    tui.send("\x1b[Z");
    tui.wait_for_status("1/4", "links");
    tui.send("j");
    tui.send("\r");
    tui.wait_for_heading("City Sign A New Striker");
    tui.wait_for_text("paid a record fee");
    tui.send("\x7f");
    tui.wait_for_heading("United Win The Derby");
    tui.quit();
}

/// With a warm metadata cache the first screen shows what the cache holds; a file changed
/// while the reader was closed is then found by the walk after it and reloaded.
#[test]
fn a_file_changed_while_closed_shows_after_a_start_from_the_cache() {
    let library = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    let cache_home = cache.path().to_str().expect("a UTF-8 temp path");
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let write = |name: &str, text: &str| {
        let path = library.path().join(name);
        std::fs::write(&path, text).unwrap();
        // Old enough for the cache to trust it.
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    };
    write("a.txt", "Alpha Story\n\nFirst.\n");
    write("b.txt", "Beta Story\n\nSecond.\n");
    let start = || {
        Tui::spawn(Spawn {
            env: vec![("XDG_CACHE_HOME", cache_home)],
            ..Spawn::library(library.path())
        })
    };
    let mut tui = start();
    tui.wait_for_text("Beta Story");
    tui.quit();

    write("b.txt", "Gamma Story Written While Closed\n\nThird.\n");
    let mut tui = start();
    tui.wait_for_text("Gamma Story Written While Closed");
    assert!(!tui.screen_contents().contains("Beta Story"));
    tui.quit();
}

// ---------------------------------------------------------------------------------------------
// Feeds in the reader: a server on 127.0.0.1 started by the test, never another address
// ---------------------------------------------------------------------------------------------

/// A feed server on 127.0.0.1. Paths starting with `/held` wait until [`FeedServer::open`]
/// (dropping the gate), so a test can look at the reader mid-fetch; unknown paths are 404s.
struct FeedServer {
    port: u16,
    gate: Option<std::sync::mpsc::Sender<()>>,
}

impl FeedServer {
    fn start(feeds: &[(&str, String)]) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let feeds: Vec<(String, String)> = (feeds.iter())
            .map(|(path, body)| ((*path).to_owned(), body.clone()))
            .collect();
        let (gate, opened) = std::sync::mpsc::channel::<()>();
        let opened = Arc::new(Mutex::new(opened));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (feeds, opened) = (feeds.clone(), Arc::clone(&opened));
                // A thread per request: a held answer must not hold up the others.
                std::thread::spawn(move || {
                    if request.url().starts_with("/held") {
                        let _ = opened.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    }
                    let found = feeds.iter().find(|(path, _)| path == request.url());
                    let response = match found {
                        Some((_, body)) => tiny_http::Response::from_string(body.clone()),
                        None => {
                            tiny_http::Response::from_string("no such feed").with_status_code(404)
                        }
                    };
                    let _ = request.respond(response);
                });
            }
        });
        Self {
            port,
            gate: Some(gate),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn open(&mut self) {
        self.gate = None;
    }
}

/// An RSS 2.0 feed called `title` with one item per title, a day apart.
fn rss(title: &str, items: &[&str]) -> String {
    let items: String = (items.iter().enumerate())
        .map(|(day, item)| {
            let slug = item.to_lowercase().replace(' ', "-");
            format!(
                "<item><title>{item}</title><link>https://news.example/{slug}</link>\
                 <guid>{slug}</guid><pubDate>Tue, {:02} Jan 2024 03:04:05 GMT</pubDate>\
                 <description>&lt;p&gt;The story of {item}.&lt;/p&gt;</description></item>",
                day + 2
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://news.example/</link>{items}</channel></rss>"
    )
}

/// A library of one article, subscribed to `feeds` (url, folder).
fn subscribed_library(feeds: &[(String, &str)]) -> tempfile::TempDir {
    let library = tempfile::tempdir().expect("temp dir");
    std::fs::write(library.path().join("welcome.txt"), "Welcome\n\nRead on.\n").unwrap();
    std::fs::create_dir(library.path().join(".readmore")).unwrap();
    let toml: String = (feeds.iter())
        .map(|(url, folder)| format!("[[feed]]\nurl = {url:?}\nfolder = {folder:?}\n\n"))
        .collect();
    std::fs::write(library.path().join(".readmore/feeds.toml"), toml).unwrap();
    library
}

#[test]
fn r_fetches_in_the_background_while_typing_goes_on_and_new_stories_arrive_live() {
    let mut server = FeedServer::start(&[(
        "/held/world.xml",
        rss("World", &["Harbour Opens", "Bridge Closes"]),
    )]);
    let library = subscribed_library(&[(server.url("/held/world.xml"), "World")]);
    let mut tui = Tui::spawn(Spawn::library(library.path()));
    tui.wait_for_text("Welcome");
    tui.wait_until_ready();
    tui.send("R");
    tui.wait_for("the fetch under way", |screen| {
        status_line(screen).contains("fetching")
    });
    // The server holds its answer; the reader answers keys meanwhile.
    tui.send("t");
    tui.send("Wel");
    tui.wait_for("the title search answering", |screen| {
        status_line(screen).starts_with("/Wel") && status_line(screen).contains("1 match")
    });
    tui.send_esc_and_wait("the search closed", |screen| {
        status_line(screen).contains("fetching")
    });
    tui.send("R");
    tui.wait_for_text("already fetching");
    server.open();
    tui.wait_for("the fetch's end", |screen| {
        status_line(screen).contains("fetched 1 feed · 2 new")
    });
    tui.wait_for("the new stories, by live reload", |screen| {
        let text = screen.contents();
        text.contains("Harbour Opens") && text.contains("Bridge Closes")
    });
    tui.quit();
}

#[test]
fn the_status_line_counts_feeds_and_new_stories_and_the_help_lists_failures() {
    let mut server = FeedServer::start(&[
        ("/a.xml", rss("Alpha", &["Alpha One", "Alpha Two"])),
        ("/held/c.xml", rss("Gamma", &["Gamma One"])),
    ]);
    let library = subscribed_library(&[
        (server.url("/a.xml"), "Alpha"),
        (server.url("/missing.xml"), "Beta"),
        (server.url("/held/c.xml"), "Gamma"),
    ]);
    let mut tui = Tui::spawn(Spawn::library(library.path()));
    tui.wait_for_text("Welcome");
    tui.wait_until_ready();
    tui.send("R");
    tui.wait_for("two of three feeds in", |screen| {
        status_line(screen).contains("fetching 2/3 · 2 new")
    });
    server.open();
    tui.wait_for("the fetch's end", |screen| {
        status_line(screen).contains("fetched 3 feeds · 3 new · 1 failed")
    });
    tui.send("?");
    tui.send("G");
    tui.wait_for("the failed feed at the end of the help", |screen| {
        let text = screen.contents();
        text.contains("Last fetch: 3 feeds · 3 new · 1 failed")
            && text.contains("missing.xml: failed:")
    });
    tui.send_esc_and_wait("the help closed", |screen| {
        !screen.contents().contains("Last fetch")
    });
    tui.quit();
}

#[test]
fn a_fetched_story_shows_its_date_and_source_and_w_opens_it_in_the_browser() {
    let library = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(library.path().join("World")).unwrap();
    std::fs::write(
        library.path().join("World/2024-01-02-harbour-opens.txt"),
        "Harbour Opens\nSource: https://news.example/harbour?a=1&b=2\n\
         Published: 2024-01-02T03:04:05Z\nFeed: World News https://news.example/feed.xml\n\n\
         The harbour opened.\n",
    )
    .unwrap();
    let out = library.path().join("browser-args");
    let script = library.path().join("browser");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '{0}.part'\nmv '{0}.part' '{0}'\n",
            out.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let browser = script.display().to_string();
    let mut tui = Tui::spawn(Spawn {
        env: vec![("BROWSER", browser.as_str())],
        ..Spawn::library(library.path())
    });
    tui.wait_for("the date, feed and source under the title", |screen| {
        let lines = reader_lines(screen).unwrap_or_default();
        lines
            .iter()
            .any(|l| l == "2 Jan 2024, 03:04 UTC · World News")
            && lines
                .iter()
                .any(|l| l == "Source: https://news.example/harbour?a=1&b=2")
    });
    tui.wait_until_ready();
    tui.send("w");
    tui.wait_for_text("opening https://news.example/harbour?a=1&b=2");
    let deadline = Instant::now() + TIMEOUT;
    let args = loop {
        if let Ok(args) = std::fs::read_to_string(&out) {
            break args;
        }
        assert!(Instant::now() < deadline, "the browser never ran");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(args, "1\nhttps://news.example/harbour?a=1&b=2\n");
    // The terminal stayed the reader's: it still answers keys.
    tui.wait_until_ready();
    tui.quit();
}

#[test]
fn w_without_a_browser_says_so() {
    let library = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        library.path().join("a.txt"),
        "Harbour Opens\nSource: https://news.example/harbour\n\nText.\n",
    )
    .unwrap();
    let mut tui = Tui::spawn(Spawn {
        env: vec![("BROWSER", "")],
        ..Spawn::library(library.path())
    });
    tui.wait_for_text("Harbour Opens");
    tui.wait_until_ready();
    tui.send("w");
    tui.wait_for_text("$BROWSER is not set: the source is https://news.example/harbour");
    tui.quit();
}

// ---------------------------------------------------------------------------------------------
// The daily reading flow at 80x24 and 40x12
// ---------------------------------------------------------------------------------------------

/// The sizes the reading-flow tests run at: rows, columns.
const FLOW_SIZES: [(u16, u16); 2] = [(24, 80), (12, 40)];

/// Starts the reader and resizes its terminal to `rows` x `cols` before any key is pressed.
fn start_sized(spawn: Spawn<'_>, rows: u16, cols: u16) -> Tui {
    let mut tui = Tui::spawn(spawn);
    tui.wait_for_text("Articles");
    tui.resize(rows, cols);
    tui.wait_for(&format!("the screen at {cols}x{rows}"), |screen| {
        status_line(screen).contains(" │ list │")
    });
    tui
}

/// Two folders of one-paragraph stories: `a` holds One, Two, Three; `b` holds Four, Five.
fn write_folders_library(dir: &Path) {
    for (folder, name, title) in [
        ("a", "1", "One"),
        ("a", "2", "Two"),
        ("a", "3", "Three"),
        ("b", "1", "Four"),
        ("b", "2", "Five"),
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        let text = format!("{title}\n\nA paragraph about {title}.\n");
        std::fs::write(dir.join(folder).join(format!("{name}.txt")), text).unwrap();
    }
}

#[test]
fn space_reads_through_the_unread_stories_under_the_filter_at_80x24_and_40x12() {
    for (rows, cols) in FLOW_SIZES {
        let library = tempfile::tempdir().expect("temp dir");
        write_folders_library(library.path());
        let mut tui = start_sized(Spawn::library(library.path()), rows, cols);
        // Nobody pressed a key: the story shown at start is still unread after a while.
        std::thread::sleep(Duration::from_millis(3500));
        tui.wait_for("One still unread", |screen| {
            screen.contents().contains("▸• One")
        });
        tui.send("\r");
        tui.wait_for_status("1/5", "reader");
        tui.send("u");
        tui.wait_for("the filter counts articles", |screen| {
            status_line(screen).contains("showing 4 unread")
        });
        for title in ["Two", "Three", "Four"] {
            tui.send(" ");
            tui.wait_for_heading(title);
            tui.wait_for(&format!("next unread: {title}"), |screen| {
                status_line(screen).contains(&format!("next unread: {title}"))
            });
        }
        // Space past Four leaves it read; Five is the last unread story, then none.
        tui.send(" ");
        tui.wait_for_heading("Five");
        tui.send(" ");
        tui.wait_for("no more unread", |screen| {
            status_line(screen).contains("no more unread")
        });
        tui.quit();
    }
}

#[test]
fn esc_h_l_bracket_enter_and_catch_up_at_80x24_and_40x12() {
    for (rows, cols) in FLOW_SIZES {
        let mut tui = start_sized(Spawn::fixtures(), rows, cols);
        tui.send("l");
        tui.wait_for_status("1/5", "reader");
        tui.send("h");
        tui.wait_for_status("1/5", "list");
        tui.send("\x1b[C");
        tui.wait_for_status("1/5", "reader");
        tui.send("\x1b[D");
        tui.wait_for_status("1/5", "list");
        // Esc backs out: the help closes, then the reader gives the focus back to the list.
        tui.send("?");
        tui.wait_for_text("Keys");
        tui.send_esc_and_wait("the help to close", |screen| {
            !screen.contents().contains("Keys")
        });
        tui.send("\t");
        tui.wait_for_status("1/5", "reader");
        tui.send_esc_and_wait("the focus back on the list", |screen| {
            status_line(screen).contains(" │ list │")
        });
        tui.send("x");
        tui.wait_for("x is not bound", |screen| {
            status_line(screen).contains("x is not bound")
        });
        // `]` then one enter in the list follows the selected link.
        tui.send("]");
        tui.send("\r");
        tui.wait_for_status("2/5", "reader");
        tui.wait_for("Harbour Bridge Reopens open", |screen| {
            reader_lines(screen).is_some_and(|lines| lines[0] == "Harbour Bridge Reopens")
        });
        // Catching up asks first.
        tui.send("C");
        tui.wait_for("the question", |screen| {
            status_line(screen).contains("mark all read")
        });
        tui.send("n");
        tui.wait_for("no", |screen| {
            status_line(screen).contains("nothing marked")
        });
        tui.send("C");
        tui.wait_for("the question again", |screen| {
            status_line(screen).contains("mark all read")
        });
        tui.send("y");
        tui.wait_for("caught up", |screen| {
            status_line(screen).contains("caught up")
        });
        tui.wait_for("no unread mark left", |screen| {
            !screen.contents().contains('•')
        });
        tui.quit();
    }
}

#[test]
fn slash_in_the_reader_works_like_less_at_80x24_and_40x12() {
    for (rows, cols) in FLOW_SIZES {
        let library = tempfile::tempdir().expect("temp dir");
        let body: String = (0..60)
            .map(|i| {
                let fruit = if i == 10 || i == 40 { " apple" } else { "" };
                format!("Paragraph {i}{fruit}.\n\n")
            })
            .collect();
        std::fs::write(library.path().join("long.txt"), format!("Long\n\n{body}")).unwrap();
        let mut tui = start_sized(Spawn::library(library.path()), rows, cols);
        tui.send("\t");
        tui.wait_for_status("1/1", "reader");
        tui.send("/apple\r");
        tui.wait_for("the first hit", |screen| {
            status_line(screen).contains("hit 1 of 2")
        });
        tui.send("/zebra\r");
        tui.wait_for("not found, the last pattern kept", |screen| {
            status_line(screen).contains("not found: zebra")
        });
        tui.send("/");
        tui.wait_for("the last pattern reopened", |screen| {
            let status = status_line(screen);
            status.starts_with("find/apple") && status.contains("enter: find again")
        });
        tui.send("\r");
        tui.wait_for("the next hit", |screen| {
            status_line(screen).contains("hit 2 of 2")
        });
        tui.send("?");
        tui.wait_for("? is still help", |screen| {
            screen.contents().contains("Keys")
        });
        tui.send_esc_and_wait("the help to close", |screen| {
            !screen.contents().contains("Keys")
        });
        tui.quit();
    }
}

/// An editor script that records its last argument's bytes in `out`.
fn recording_editor(dir: &Path) -> (String, PathBuf) {
    let script = dir.join("editor.sh");
    let out = dir.join("editor-saw");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor last; do :; done\nprintf '%s' \"$last\" > '{out}.tmp'\n\
             mv '{out}.tmp' '{out}'\n",
            out = out.display()
        ),
    )
    .expect("write the editor script");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make it executable");
    (script.display().to_string(), out)
}

#[test]
fn the_editor_gets_the_real_file_name_and_the_screen_its_visible_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = dir.path().join("library");
    std::fs::create_dir(&library).expect("library folder");
    let name = "a\nb\x1b[31m\u{202e}c\u{e0041}.txt";
    std::fs::write(library.join(name), "Hostile Name\nBody.").expect("write the article");
    let (editor, out) = recording_editor(dir.path());
    let mut tui = Tui::spawn(Spawn {
        env: vec![("VISUAL", &editor)],
        ..Spawn::library(&library)
    });
    tui.wait_for_text("Hostile Name");
    tui.wait_until_ready();
    tui.send("e");
    let deadline = Instant::now() + TIMEOUT;
    while !out.exists() {
        assert!(Instant::now() < deadline, "the editor never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    let saw = std::fs::read(&out).expect("the editor's record");
    assert_eq!(
        saw,
        library.join(name).as_os_str().as_encoded_bytes(),
        "the real name, byte for byte"
    );
    tui.wait_for_text("Hostile Name");
    tui.send("Y");
    tui.wait_for_text("copied the path");
    let contents = tui.screen_contents();
    assert!(
        !contents.contains('\u{202e}') && !contents.contains('\u{e0041}'),
        "{}",
        contents.escape_debug()
    );
    let clipboard = tui.shared.lock().parser.callbacks().clipboard.clone();
    let [copied] = clipboard.as_slice() else {
        panic!("one clipboard write: {clipboard:?}");
    };
    let copied = String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, copied).expect("base64"),
    )
    .expect("UTF-8");
    assert!(
        !copied
            .chars()
            .any(|c| c.is_control() || ('\u{e0000}'..='\u{e007f}').contains(&c)),
        "{copied:?}"
    );
    tui.quit();
}
