//! The terminal: set up, run the event loop, and always restore — on quit, on error, on panic
//! and on SIGTERM/SIGHUP.

use std::cell::RefCell;
use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;

use crate::app::{Action, App, action_for};
use crate::config::Config;
use crate::keymap::Key;
use crate::library::{Library, LoadOptions};
use crate::reading_state::{ReadingState, Store};
use crate::search::worker::Answer;
use crate::ui::loading::Loading;
use crate::watch::{LibraryWatcher, WatchError};

/// How often the loop wakes without input, to notice a signal or a finished load.
const TICK: Duration = Duration::from_millis(50);

/// Why the reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A termination signal arrived; the shell convention is to exit with 128 + its number.
    Signal(i32),
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Above this many titles, title search runs on its own thread so typing never waits for it.
const BACKGROUND_SEARCH_FROM: usize = 20_000;

/// What wakes the event loop.
enum Message {
    Input(io::Result<Event>),
    Search(Answer),
    /// Files in the articles folder changed.
    Changed(Vec<PathBuf>),
}

/// What the loading thread hands over: the library, and the folder watcher started before
/// the load began so that no change made during it is missed.
type Loaded = (Library, Result<LibraryWatcher, WatchError>);

/// Loads the configured library behind a progress screen, then runs the reader until the
/// user quits or a signal asks it to stop.
/// Reading state is loaded from and saved to `state_file` unless it is `None`.
pub fn run(
    config: Config,
    options: LoadOptions,
    state_file: Option<PathBuf>,
) -> anyhow::Result<Exit> {
    let color = crate::ui::color_allowed(std::env::var_os("NO_COLOR").as_deref());
    let signal = Arc::new(AtomicUsize::new(0));
    for number in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register_usize(number, Arc::clone(&signal), number as usize)?;
    }
    let mut guard = TerminalGuard::enter()?;
    let (sender, events) = mpsc::channel();
    spawn_input_reader(sender.clone());
    panic_if_asked();
    let loaded = load(
        &mut guard.terminal,
        &sender,
        &events,
        &signal,
        &config,
        options,
    )?;
    let Some(((library, watcher), changed)) = loaded else {
        return Ok(exit(&signal));
    };
    let size = guard.terminal.size()?;
    let screen = Rect::new(0, 0, size.width, size.height);
    let (mut store, reading, warning) = match state_file {
        Some(path) => {
            let (store, reading, warning) = Store::open(path);
            (Some(store), reading, warning)
        }
        None => (None, ReadingState::default(), None),
    };
    // The app keeps the marks; the reading state only persists the changes it hands over.
    let reading = Rc::new(RefCell::new(reading));
    let lookup = {
        let reading = Rc::clone(&reading);
        move |path: &str, title: &str| reading.borrow().get(path, title)
    };
    let mut app = App::with_marks(library, config, color, screen, lookup);
    if warning.is_some() {
        app.message = warning;
    }
    let watcher = match watcher {
        Ok(watcher) => Some(watcher),
        Err(err) => {
            app.message = Some(format!("live reload off: {err}"));
            None
        }
    };
    if !changed.is_empty() {
        app.update(Action::FilesChanged(changed));
    }
    if app.library.len() >= BACKGROUND_SEARCH_FROM {
        app.search_in_background(move |answer| {
            let _ = sender.send(Message::Search(answer));
        });
    }
    let result = event_loop(
        &mut guard.terminal,
        &events,
        &mut app,
        &mut store,
        &reading,
        watcher.as_ref(),
        &signal,
    );
    record_marks(&mut app, &reading);
    if let Some(warning) = store
        .as_mut()
        .and_then(|store| store.save(&mut reading.borrow_mut()))
    {
        drop(guard);
        eprintln!("readmore: {}", crate::sanitize::sanitize(&warning));
    }
    result?;
    Ok(exit(&signal))
}

fn exit(signal: &AtomicUsize) -> Exit {
    match signal.load(Ordering::Relaxed) {
        0 => Exit::Quit,
        number => Exit::Signal(i32::try_from(number).unwrap_or(i32::MAX)),
    }
}

/// Loads the library on another thread, drawing a count of files read, so that the terminal
/// answers (quit works) while a large library loads. Returns the library, its watcher and
/// the files that changed meanwhile; `None` when the user quit first.
fn load(
    terminal: &mut Term,
    sender: &Sender<Message>,
    events: &Receiver<Message>,
    signal: &AtomicUsize,
    config: &Config,
    options: LoadOptions,
) -> anyhow::Result<Option<(Loaded, Vec<PathBuf>)>> {
    let progress = Arc::new(AtomicUsize::new(0));
    let (done, loaded) = mpsc::channel();
    let root: PathBuf = config.articles.clone();
    let counter = Arc::clone(&progress);
    let changes = sender.clone();
    std::thread::spawn(move || {
        let watcher = LibraryWatcher::start(&root, move |paths| {
            let _ = changes.send(Message::Changed(paths));
        });
        let library = Library::load_with_progress(&root, options, &counter);
        let _ = done.send(library.map(|library| (library, watcher)));
    });
    let mut changed = Vec::new();
    loop {
        if signal.load(Ordering::Relaxed) != 0 {
            return Ok(None);
        }
        if let Ok(result) = loaded.try_recv() {
            return Ok(Some((result?, changed)));
        }
        let screen = Loading {
            files: progress.load(Ordering::Relaxed),
            root: &config.articles,
        };
        terminal.draw(|frame| frame.render_widget(screen, frame.area()))?;
        match events.recv_timeout(TICK) {
            Ok(Message::Input(event)) => {
                if is_quit(config, &event?) {
                    return Ok(None);
                }
            }
            Ok(Message::Changed(paths)) => changed.extend(paths),
            Ok(Message::Search(_)) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(None),
        }
    }
}

/// Whether `event` asks to quit while the library is still loading (a quit key or `esc`).
fn is_quit(config: &Config, event: &Event) -> bool {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            key.code == KeyCode::Esc
                || config.keymap.action(Key::from_event(*key)) == Some(Action::Quit)
        }
        _ => false,
    }
}

fn event_loop(
    terminal: &mut Term,
    events: &Receiver<Message>,
    app: &mut App,
    store: &mut Option<Store>,
    reading: &RefCell<ReadingState>,
    watcher: Option<&LibraryWatcher>,
    signal: &AtomicUsize,
) -> anyhow::Result<()> {
    let mut redraw = true;
    let mut watch_error = None;
    while !app.quit && signal.load(Ordering::Relaxed) == 0 {
        // A watcher that stops (say, at the system's limit of watches) says so once.
        let error = watcher.and_then(LibraryWatcher::last_error);
        if error.is_some() && error != watch_error {
            app.message = error.as_ref().map(|err| format!("live reload: {err}"));
            watch_error = error;
            redraw = true;
        }
        record_marks(app, reading);
        if let Some(warning) = store
            .as_mut()
            .and_then(|s| s.save_if_due(&mut reading.borrow_mut()))
        {
            app.message = Some(warning);
            redraw = true;
        }
        // A resize can arrive before crossterm watches for it; the real size always wins.
        let size = terminal.size()?;
        if (app.screen.width, app.screen.height) != (size.width, size.height) {
            app.update(Action::Resize {
                width: size.width,
                height: size.height,
            });
            redraw = true;
        }
        // Only what changed is drawn, and only when something did: an idle reader is silent.
        if std::mem::take(&mut redraw) {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        }
        let first = match events.recv_timeout(TICK) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        redraw = true;
        // Apply a whole burst of input (key repeat, a paste, a resize storm) before drawing
        // once, so drawing never falls behind the keyboard.
        for message in std::iter::once(first).chain(events.try_iter()) {
            let action = match message {
                Message::Input(event) => action_for(app, &event?),
                Message::Search(Answer {
                    generation,
                    ids,
                    complete,
                }) => Some(Action::SearchResults {
                    generation,
                    ids,
                    complete,
                }),
                Message::Changed(paths) => Some(Action::FilesChanged(paths)),
            };
            if let Some(action) = action {
                app.update(action);
            }
            if app.quit {
                break;
            }
        }
    }
    Ok(())
}

/// Applies the app's mark changes to the reading state, which saves them.
fn record_marks(app: &mut App, reading: &RefCell<ReadingState>) {
    let mut reading = reading.borrow_mut();
    for change in app.take_mark_changes() {
        reading.update(&change.path, &change.title, |r| *r = change.remembered);
    }
}

/// Reads terminal events on their own thread. crossterm's blocking read spins forever once the
/// terminal is gone (it retries a read that returns end-of-file); reading elsewhere keeps the
/// loop free to notice SIGHUP and exit, which ends that thread with the process.
fn spawn_input_reader(sender: Sender<Message>) {
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if sender.send(Message::Input(event)).is_err() || failed {
                break;
            }
        }
    });
}

/// Whether the terminal is in readmore's state and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Owns the terminal's raw, alternate-screen state; dropping it restores the terminal, so an
/// early return or an error cannot leave it broken.
struct TerminalGuard {
    terminal: Term,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
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

/// Leaves raw mode and the alternate screen and shows the cursor, once: leaving the alternate
/// screen a second time would also restore the saved cursor, moving it back above anything
/// printed since (such as a panic message).
fn restore() {
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
fn panic_if_asked() {
    if cfg!(debug_assertions) && std::env::var_os("READMORE_TEST_PANIC").is_some() {
        panic!("READMORE_TEST_PANIC is set: panicking on purpose");
    }
}
