//! The pty driver of the end-to-end tests: the real `readmore` binary in a pseudo terminal.
//!
//! Each test spawns the binary on a fresh pty. A reader thread copies everything the program
//! writes into a shared buffer and feeds it to a `vt100` parser, so a test can check both the
//! screen as a user would see it and the raw bytes (escape sequences, restoration). Tests
//! synchronise by polling the parsed screen (`wait_for`), never by sleeping alone.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use crate::common::{TIMEOUT_VARIABLE, timeout};

pub const ROWS: u16 = 35;
pub const COLS: u16 = 120;
pub const BIN: &str = env!("CARGO_BIN_EXE_readmore");
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
/// ratatui ends every frame it draws by hiding the cursor (the reader never shows one).
pub const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
/// crossterm 0.29 `EnableMouseCapture` / `DisableMouseCapture` (event.rs).
pub const ENABLE_MOUSE: &[u8] = b"\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h";
pub const DISABLE_MOUSE: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";
pub const DISABLE_PASTE: &[u8] = b"\x1b[?2004l";

/// `ICANON` and `ECHO` in `termios.c_lflag`.
#[cfg(target_os = "linux")]
pub const LFLAG_ICANON: u64 = 0o2;
#[cfg(target_os = "linux")]
pub const LFLAG_ECHO: u64 = 0o10;
#[cfg(not(target_os = "linux"))]
pub const LFLAG_ICANON: u64 = 0x100;
#[cfg(not(target_os = "linux"))]
pub const LFLAG_ECHO: u64 = 0x8;

/// Terminal requests seen by the emulated terminal that a hostile article might try to make.
#[derive(Debug, Default)]
pub struct Requests {
    pub bells: usize,
    pub titles: Vec<Vec<u8>>,
    pub clipboard: Vec<Vec<u8>>,
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
pub struct Output {
    pub raw: Vec<u8>,
    pub parser: vt100::Parser<Requests>,
    /// The pty reported end of file: the program and every copy of the slave side are gone.
    pub closed: bool,
}

pub struct Shared {
    pub output: Mutex<Output>,
    pub changed: Condvar,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How to start the program.
pub struct Spawn<'a> {
    pub args: Vec<String>,
    pub env: Vec<(&'a str, &'a str)>,
}

impl Spawn<'_> {
    /// The reader on the fixture library.
    pub fn fixtures() -> Self {
        Self::library(Path::new(FIXTURES))
    }

    /// The reader on the fixtures, told to panic once the terminal is set up.
    pub fn panicking() -> Self {
        Self {
            env: vec![("READMORE_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
            ..Self::fixtures()
        }
    }

    pub fn library(path: &Path) -> Self {
        Self {
            args: vec!["--articles".to_owned(), path.display().to_string()],
            env: Vec::new(),
        }
    }
}

impl<'a> Spawn<'a> {
    /// The reader on `library`, its reading state kept in `state_home` (`XDG_STATE_HOME`).
    pub fn with_state(library: &Path, state_home: &'a str) -> Self {
        Self {
            env: vec![("XDG_STATE_HOME", state_home)],
            ..Self::library(library)
        }
    }
}

/// The program running on a pty. Dropping it kills the program.
pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub shared: Arc<Shared>,
    pub reader: Option<JoinHandle<()>>,
    /// The terminal settings before the program started.
    pub initial_termios: Termios,
    /// `HOME`, `XDG_CONFIG_HOME`, `XDG_STATE_HOME`, `XDG_CACHE_HOME`, `XDG_DATA_HOME` and the
    /// working directory.
    pub _home: tempfile::TempDir,
}

/// The flags of a termios that matter to the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Termios {
    pub input: u64,
    pub output: u64,
    pub local: u64,
}

impl Termios {
    pub fn is_raw(self) -> bool {
        self.local & (LFLAG_ICANON | LFLAG_ECHO) == 0
    }

    pub fn is_cooked(self) -> bool {
        self.local & (LFLAG_ICANON | LFLAG_ECHO) == LFLAG_ICANON | LFLAG_ECHO
    }
}

pub fn termios_of(master: &dyn MasterPty) -> Termios {
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
    pub fn spawn(spawn: Spawn<'_>) -> Self {
        Self::spawn_program(BIN, spawn)
    }

    pub fn spawn_program(program: &str, spawn: Spawn<'_>) -> Self {
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
    pub fn start() -> Self {
        Self::ready(Spawn::fixtures(), "Articles 5/5 unread")
    }

    /// Starts the reader as `spawn` says, waits for `text` on the screen, then until its event
    /// loop is running.
    pub fn ready(spawn: Spawn<'_>, text: &str) -> Self {
        let mut tui = Self::spawn(spawn);
        tui.wait_for_text(text);
        tui.wait_until_ready();
        tui
    }

    /// Waits until the program has handled a key, which proves its event loop (and with it
    /// crossterm's SIGWINCH handler) is running: tab to the reader and shift-tab back.
    pub fn wait_until_ready(&mut self) {
        self.press_for_status("\t", " │ reader │ ");
        self.press_for_status("\x1b[Z", " │ list │ ");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    pub fn termios(&self) -> Termios {
        termios_of(&*self.master)
    }

    pub fn send(&mut self, bytes: impl AsRef<[u8]>) {
        self.writer.write_all(bytes.as_ref()).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Sends `Esc` and waits until `cond` shows it was handled, so that the next key cannot be
    /// read together with it as an escape sequence.
    pub fn send_esc_and_wait(&mut self, what: &str, cond: impl FnMut(&vt100::Screen) -> bool) {
        self.send("\x1b");
        self.wait_for(what, cond);
    }

    /// Waits until `cond` holds for the output, or fails the test after [`timeout`] showing the
    /// screen and the end of the raw output.
    pub fn wait_output(&self, what: &str, mut cond: impl FnMut(&Output) -> bool) {
        let limit = timeout();
        let deadline = Instant::now() + limit;
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
                    "timed out after {limit:?} waiting for {what} ({TIMEOUT_VARIABLE} sets the \
                     limit)\n--- screen ---\n{screen}\n--- last raw output ---\n{tail}"
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

    pub fn wait_for(&self, what: &str, mut cond: impl FnMut(&vt100::Screen) -> bool) {
        self.wait_output(what, |output| cond(output.parser.screen()));
    }

    /// Waits until `cond` holds for a whole frame: the screen as the program left it after
    /// drawing, not part-way through an update.
    pub fn wait_for_frame(&self, what: &str, mut cond: impl FnMut(&vt100::Screen) -> bool) {
        self.wait_output(what, |output| {
            output.raw.ends_with(HIDE_CURSOR) && cond(output.parser.screen())
        });
    }

    pub fn wait_for_text(&self, text: &str) {
        self.wait_for(&format!("{text:?} on screen"), |screen| {
            screen.contents().contains(text)
        });
    }

    /// Waits for the status bar to show `position │ focus`.
    pub fn wait_for_status(&self, position: &str, focus: &str) {
        let expected = format!("{position} │ {focus} │");
        self.wait_for(&format!("status {expected:?}"), |screen| {
            status_line(screen).contains(&expected)
        });
    }

    /// Sends `keys` and waits for the status bar to show `position │ focus`.
    pub fn press_to(&mut self, keys: impl AsRef<[u8]>, position: &str, focus: &str) {
        self.send(keys);
        self.wait_for_status(position, focus);
    }

    /// Sends `keys` and waits for the reading pane to show the article `heading`.
    pub fn press_to_heading(&mut self, keys: impl AsRef<[u8]>, heading: &str) {
        self.send(keys);
        self.wait_for_heading(heading);
    }

    /// Sends `keys` and waits for the article `heading`, at `position`, with the focus on the
    /// reader.
    pub fn press_to_article(&mut self, keys: impl AsRef<[u8]>, heading: &str, position: &str) {
        self.press_to_heading(keys, heading);
        self.wait_for_status(position, "reader");
    }

    /// Sends `keys` and waits for the status line to say `text`.
    pub fn press_for_status(&mut self, keys: impl AsRef<[u8]>, text: &str) {
        self.send(keys);
        self.wait_for(&format!("{text:?} on the status line"), |screen| {
            status_line(screen).contains(text)
        });
    }

    /// Sends `keys` and waits for the status line to be a prompt starting with `prompt`.
    pub fn press_for_prompt(&mut self, keys: impl AsRef<[u8]>, prompt: &str) {
        self.press_for_prompt_saying(keys, prompt, "");
    }

    /// Sends `keys` and waits for the status line to start with `prompt` and say `text`.
    pub fn press_for_prompt_saying(&mut self, keys: impl AsRef<[u8]>, prompt: &str, text: &str) {
        self.send(keys);
        self.wait_for(
            &format!("the prompt {prompt:?} saying {text:?}"),
            |screen| {
                let status = status_line(screen);
                status.starts_with(prompt) && status.contains(text)
            },
        );
    }

    /// Waits until the screen shows every one of `texts`.
    pub fn wait_for_all(&self, what: &str, texts: &[&str]) {
        self.wait_for(what, |screen| {
            let shown = screen.contents();
            texts.iter().all(|text| shown.contains(text))
        });
    }

    /// Asserts that the screen does not show `text`; `what` says why it must not.
    pub fn assert_not_shown(&self, text: &str, what: &str) {
        let screen = self.screen_contents();
        assert!(!screen.contains(text), "{what}:\n{screen}");
    }

    pub fn wait_for_heading(&self, heading: &str) {
        self.wait_for(&format!("reading pane heading {heading:?}"), |screen| {
            reader_heading(screen).as_deref() == Some(heading)
        });
    }

    pub fn screen_contents(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
    }

    pub fn raw_len(&self) -> usize {
        self.shared.lock().raw.len()
    }

    /// Resizes the pty (which sends SIGWINCH) and the emulated terminal with it.
    pub fn resize(&mut self, rows: u16, cols: u16) {
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
    pub fn wait_exit(&mut self) -> ExitStatus {
        let limit = timeout();
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "readmore did not exit within {limit:?} ({TIMEOUT_VARIABLE} sets the limit)\n\
                 --- screen ---\n{}",
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
    pub fn quit(&mut self) {
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

pub fn pump(mut reader: Box<dyn Read + Send>, shared: &Shared) {
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

pub fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a non-zero terminal size")
}

// ---------------------------------------------------------------------------------------------
// Reading the screen
// ---------------------------------------------------------------------------------------------

pub fn rows_of(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The bottom line.
pub fn status_line(screen: &vt100::Screen) -> String {
    rows_of(screen).pop().unwrap_or_default()
}

pub fn cell(screen: &vt100::Screen, row: u16, col: u16) -> String {
    screen
        .cell(row, col)
        .map(|cell| cell.contents().to_owned())
        .unwrap_or_default()
}

/// The text lines of the reading pane: the pane right of the list whose top-left corner is on
/// the first row, inside its border and padding.
pub fn reader_lines(screen: &vt100::Screen) -> Option<Vec<String>> {
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
pub fn reader_heading(screen: &vt100::Screen) -> Option<String> {
    let cols = screen.size().1.get();
    let left = (1..cols).find(|&col| cell(screen, 0, col) == "┌")?;
    let border: String = (left + 1..cols).map(|col| cell(screen, 0, col)).collect();
    let title = border.trim_start_matches('─').trim_start();
    // The border shows the trail (`… › Earlier › Current`): the open article is its last step.
    let trail = title.split(" ─").next()?.trim();
    Some(trail.rsplit(" › ").next()?.to_owned())
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Where `needle` first occurs in `haystack` at or after `from`.
pub fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    find(haystack.get(from..)?, needle).map(|at| at + from)
}

pub fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

/// Checks that everything restoring the terminal was written at or after `from`.
pub fn assert_restored_after(raw: &[u8], from: usize) {
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
