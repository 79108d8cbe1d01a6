//! The terminal guard: raw mode, the alternate screen, mouse reporting and bracketed paste are
//! switched on together and always switched off together — on quit, on error, on a panic and
//! on a signal.

use std::fs::File;
use std::io::{self, IsTerminal, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;

/// The terminal readmore draws on.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// What `readmore list`, `show` and `search` are for, as the way out of a refusal.
const PLAIN_TEXT: &str = "`readmore list`, `show` and `search` print plain text";

/// Refuses to start the reader where nobody could see it or type into it, before the
/// terminal is touched: drawn into a file, escape codes would land in it and the reader
/// would wait for keys no one can press (as fzf refuses, rather than as less falls back to
/// printing, since a reader has nothing useful to print).
pub fn check() -> anyhow::Result<()> {
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        anyhow::bail!(
            "the reader needs a terminal that can move its cursor, and TERM=dumb says this one \
             cannot; {PLAIN_TEXT}"
        );
    }
    if !io::stdout().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal, and standard output is not one; {PLAIN_TEXT} to a \
             file or pipe"
        );
    }
    // Keys come from standard input when it is the terminal, else from the controlling
    // terminal, as crossterm reads them.
    if !io::stdin().is_terminal() && File::open("/dev/tty").is_err() {
        anyhow::bail!(
            "the reader needs a terminal to read keys from, and there is none: standard input \
             is not one and this process has no controlling terminal"
        );
    }
    Ok(())
}

/// Whether the terminal is in readmore's state and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal's raw, alternate-screen state; dropping it restores the terminal, so an
/// early return or an error cannot leave it broken.
pub struct TerminalGuard {
    pub terminal: Term,
    /// Whether mouse reporting is on (config `mouse`), each time the terminal is taken.
    mouse: bool,
}

impl TerminalGuard {
    /// Takes over the terminal, after installing the panic hook that gives it back; with
    /// `mouse`, clicks and the wheel come to readmore instead of the terminal's selection.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        enable(mouse)?;
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(Self { terminal, mouse }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }

    /// Gives the terminal back and stops the process, as ctrl-z does in a shell; once
    /// continued, takes the terminal again and repaints all of it (the shell drew over it).
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        let stopped = super::signals::stop_process();
        enable(self.mouse)?;
        self.repaint()?;
        stopped
    }

    /// Gives the terminal back while `program` runs (a pager, an editor), then takes it again
    /// and repaints all of it, as after a suspend.
    pub fn hand_over<T>(&mut self, program: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let result = program();
        enable(self.mouse)?;
        self.repaint()?;
        Ok(result)
    }

    /// Clears the screen and forgets what was drawn, so the next frame paints every cell.
    /// (`Terminal::clear` would ask the terminal where its cursor is, and the answer goes to
    /// the input thread instead: a two-second wait and an error.)
    pub fn repaint(&mut self) -> io::Result<()> {
        let size = self.terminal.size()?;
        self.terminal
            .resize(Rect::new(0, 0, size.width, size.height))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Switches raw mode, the alternate screen, bracketed paste and (with `mouse`) mouse capture
/// on; on failure whatever was switched on is switched off again.
fn enable(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    let mut setup = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste);
    if mouse && setup.is_ok() {
        setup = execute!(stdout, EnableMouseCapture);
    }
    if setup.is_err() {
        restore();
    }
    setup
}

/// Leaves raw mode and the alternate screen and shows the cursor, once: leaving the alternate
/// screen a second time would also restore the saved cursor, moving it back above anything
/// printed since (such as a panic message).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = io::stdout().flush();
}

/// Restores the terminal before the panic message is printed, so the message is readable and
/// the shell is usable afterwards.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Lets the end-to-end tests check restoration after a panic. Only debug builds honour it, so
/// a release binary cannot be made to panic from the environment.
pub fn panic_if_asked() {
    if cfg!(debug_assertions) && std::env::var_os("READMORE_TEST_PANIC").is_some() {
        panic!("READMORE_TEST_PANIC is set: panicking on purpose");
    }
}

/// Lets the end-to-end tests check that a signal restores the terminal while the UI thread is
/// busy: with `READMORE_TEST_STALL=c`, the key `c` keeps the UI thread sleeping for ten
/// minutes. Only debug builds honour it.
pub fn stall_if_asked(event: &crossterm::event::Event) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(stall) = std::env::var_os("READMORE_TEST_STALL") else {
        return;
    };
    if let crossterm::event::Event::Key(key) = event
        && let crossterm::event::KeyCode::Char(c) = key.code
        && stall.to_str() == Some(c.encode_utf8(&mut [0; 4]))
    {
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}
