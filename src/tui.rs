//! The terminal: set up, run the event loop, and always restore — on quit, on error, on panic
//! and on SIGTERM/SIGHUP.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;

use crate::app::{App, action_for};
use crate::config::Config;
use crate::library::Library;

/// How often the loop wakes without input, to notice a termination signal.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Runs the reader until the user quits or a signal asks it to stop.
pub fn run(library: Library, config: Config) -> anyhow::Result<()> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut terminal = TerminalGuard::enter()?;
    let size = terminal.terminal.size()?;
    let mut app = App::new(
        library,
        config,
        color,
        Rect::new(0, 0, size.width, size.height),
    );
    panic_if_asked();
    event_loop(&mut terminal.terminal, &mut app, &stop)
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let events = spawn_input_reader();
    while !app.quit && !stop.load(Ordering::Relaxed) {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        let first = match events.recv_timeout(SIGNAL_POLL) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Apply a whole burst of input (key repeat, a paste, a resize storm) before drawing
        // once, so drawing never falls behind the keyboard.
        for event in std::iter::once(first).chain(events.try_iter()) {
            if let Some(action) = action_for(app, &event?) {
                app.update(action);
            }
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}

/// Reads terminal events on their own thread. crossterm's blocking read spins forever once the
/// terminal is gone (it retries a read that returns end-of-file); reading elsewhere keeps the
/// loop free to notice SIGHUP and exit, which ends that thread with the process.
fn spawn_input_reader() -> Receiver<io::Result<event::Event>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if sender.send(event).is_err() || failed {
                break;
            }
        }
    });
    receiver
}

/// Owns the terminal's raw, alternate-screen state; dropping it restores the terminal, so an
/// early return or an error cannot leave it broken.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        let setup = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match setup {
            Ok(terminal) => Ok(Self { terminal }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call twice.
fn restore() {
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
fn panic_if_asked() {
    if cfg!(debug_assertions) && std::env::var_os("READMORE_TEST_PANIC").is_some() {
        panic!("READMORE_TEST_PANIC is set: panicking on purpose");
    }
}
