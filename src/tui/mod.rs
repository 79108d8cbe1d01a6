//! The terminal: set up, run the event loop, and always restore — on quit, on error, on panic
//! and on a signal.

mod handoff;
mod input;
mod signals;
mod terminal;
mod timings;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

use crate::app::config::Config;
use crate::app::{Answer, App, Effects, Event as AppEvent, MarkChange, Msg};
use crate::domain::library::{Library, LoadOptions};
use crate::domain::store::{PRUNE_AFTER, Store};
use crate::domain::watch::{LibraryWatcher, WatchError};
use crate::domain::worker::Workers;
use crate::ui::loading::Loading;
use input::{InputGate, is_quit, is_suspend, msg_for};
use signals::Signals;
use terminal::TerminalGuard;
use timings::Timings;

/// How often the loop wakes without input, to notice a signal or a finished load.
const TICK: Duration = Duration::from_millis(50);
/// How often the load screen looks for the loaded library (it is redrawn every [`TICK`]):
/// the first screen follows the load within this.
const LOAD_POLL: Duration = Duration::from_millis(5);
/// How far before the load's start a file's times still count as changed during it: file
/// times come from a clock that may lag the one read here by a tick.
const CLOCK_SLACK: Duration = Duration::from_secs(1);

/// Why the reader stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A termination signal arrived; the shell convention is to exit with 128 + its number.
    Signal(i32),
}

/// What wakes the event loop.
enum Message {
    Input(io::Result<Event>),
    /// A worker's answer.
    Work(Answer),
    /// Files in the articles folder changed.
    Changed(Vec<PathBuf>),
    /// The folder watcher is in place (or could not be set up).
    Watching(Result<LibraryWatcher, WatchError>),
}

/// What the loading thread hands over: the library, and the folder watcher if it was in place
/// first (else it comes later as [`Message::Watching`]).
type Loaded = (Arc<Library>, Option<Result<LibraryWatcher, WatchError>>);

/// Loads the configured library behind a progress screen, then runs the reader until the
/// user quits or a signal asks it to stop.
/// Reading state is loaded from and saved to `state_file` unless it is `None`.
/// The library's metadata is cached under `cache` unless it is `None`.
pub fn run(
    config: Config,
    options: LoadOptions,
    cache: Option<&Path>,
    state_file: Option<PathBuf>,
) -> anyhow::Result<Exit> {
    terminal::check()?;
    let color = crate::ui::color_allowed(std::env::var_os("NO_COLOR").as_deref());
    let signals = Signals::register()?;
    signals.start_watchdog(terminal::restore)?;
    let mut guard = TerminalGuard::enter(config.mouse)?;
    let (sender, events) = mpsc::channel();
    let gate = InputGate::default();
    input::spawn_reader(sender.clone(), gate.clone());
    terminal::panic_if_asked();
    let how = (options, cache.map(Path::to_path_buf));
    let loaded = load(&mut guard, &sender, &events, &signals, &config, how)?;
    let Some(((library, watcher), changed)) = loaded else {
        return Ok(exit(&signals));
    };
    let size = guard.terminal.size()?;
    let screen = Rect::new(0, 0, size.width, size.height);
    // Without a reading state (--no-state), nothing of this run is remembered. Marks and the
    // last run belong to this library: its canonical folder is their key.
    let articles = std::fs::canonicalize(&config.articles).unwrap_or(config.articles.clone());
    let (store, warning) = match &state_file {
        Some(path) => Store::open(path, &crate::domain::store::library_key(&articles)),
        None => (Store::disabled(), None),
    };
    // The app keeps the marks; the store only persists the changes it hands over.
    let snapshot = store.snapshot();
    let lookup = move |path: &str, title: &str| snapshot.get(path, title);
    let mut app = App::with_marks(library, config, color, screen, lookup);
    let workers = Workers::spawn(move |answer| {
        let _ = sender.send(Message::Work(answer));
    });
    let mut outside = Outside {
        guard: &mut guard,
        gate: &gate,
        signals: &signals,
        workers: &workers,
        store: &store,
    };
    if let Some(warning) = warning {
        let effects = app.update(AppEvent::Notify(warning));
        outside.carry_out(&mut app, effects)?;
    }
    let keeping = keep_in_store(&store, &app);
    let mut watcher = watcher.and_then(|watching| watch_or_say(&mut outside, &mut app, watching));
    if let Some(session) = store.session() {
        app.restore_session(&session);
    }
    let result = begin(&mut outside, &mut app, changed).and_then(|quit| {
        if quit {
            return Ok(());
        }
        event_loop(&mut outside, &events, &mut app, &mut watcher)
    });
    signals.set_attended(true);
    if let Some(keeping) = keeping {
        let _ = keeping.join();
    }
    record_marks(app.take_effects().marks, &store);
    if let Some(session) = app.session() {
        store.save_session(session);
    }
    let warnings: Vec<String> = store.flush().into_iter().collect();
    if !warnings.is_empty() {
        drop(guard);
        for warning in warnings {
            // A closed or full stderr must not turn a warning into a panic.
            let _ = writeln!(
                io::stderr(),
                "readmore: {}",
                crate::domain::sanitize::sanitize(&warning)
            );
        }
    }
    result?;
    Ok(exit(&signals))
}

fn exit(signals: &Signals) -> Exit {
    signals.exit().map_or(Exit::Quit, Exit::Signal)
}

/// Loads the library on another thread, drawing a count of files read, so that the terminal
/// answers (quit works) while a large library loads. Returns the library, its watcher and
/// the files that changed meanwhile; `None` when the user quit first.
fn load(
    guard: &mut TerminalGuard,
    sender: &Sender<Message>,
    events: &Receiver<Message>,
    signals: &Signals,
    config: &Config,
    (options, cache): (LoadOptions, Option<PathBuf>),
) -> anyhow::Result<Option<(Loaded, Vec<PathBuf>)>> {
    let progress = Arc::new(AtomicUsize::new(0));
    let (done, loaded) = mpsc::channel();
    let root: PathBuf = config.articles.clone();
    let counter = Arc::clone(&progress);
    let changes = sender.clone();
    std::thread::spawn(move || {
        // Setting up the watch walks the whole folder, as long again as a warm load: it runs
        // beside the load, and what changed before it was in place is looked for afterwards.
        let started = SystemTime::now() - CLOCK_SLACK;
        let watching = {
            let (root, changes) = (root.clone(), changes.clone());
            std::thread::spawn(move || {
                LibraryWatcher::start(&root, move |paths| {
                    let _ = changes.send(Message::Changed(paths));
                })
            })
        };
        // With a metadata cache the first screen shows what it holds at once; the walk that
        // finds what changed since comes after, and those files are reloaded.
        let cached = (cache.as_deref())
            .and_then(|dir| Library::load_cached(&root, options, dir))
            .map(Arc::new);
        let library = match &cached {
            Some(library) => Ok(Arc::clone(library)),
            None => {
                Library::load_with_cache(&root, options, cache.as_deref(), &counter).map(Arc::new)
            }
        };
        let _ = done.send(library);
        if let (Some(library), Some(dir)) = (cached, cache.as_deref())
            && let Ok(stale) = library.stale_paths(dir)
            && !stale.is_empty()
        {
            let _ = changes.send(Message::Changed(stale));
        }
        let watcher = watching.join().unwrap_or_else(|_| {
            Err(WatchError::Watch {
                path: root.display().to_string(),
                message: "the watcher failed to start".to_owned(),
            })
        });
        let watching = watcher.is_ok();
        let _ = changes.send(Message::Watching(watcher));
        if watching {
            let missed = crate::domain::watch::changed_since(&root, started);
            if !missed.is_empty() {
                let _ = changes.send(Message::Changed(missed));
            }
        }
    });
    let mut changed = Vec::new();
    let mut watcher = None;
    let mut drawn = None;
    loop {
        if signals.exit().is_some() {
            return Ok(None);
        }
        job_control(guard, signals)?;
        if let Ok(result) = loaded.try_recv() {
            return Ok(Some(((result?, watcher), changed)));
        }
        if drawn.is_none_or(|at: Instant| at.elapsed() >= TICK) {
            let screen = Loading {
                files: progress.load(Ordering::Relaxed),
                root: &config.articles,
            };
            guard
                .terminal
                .draw(|frame| frame.render_widget(screen, frame.area()))?;
            drawn = Some(Instant::now());
        }
        match events.recv_timeout(LOAD_POLL) {
            Ok(Message::Input(event)) => {
                if is_quit(config, &event?) {
                    return Ok(None);
                }
            }
            Ok(Message::Changed(paths)) => changed.extend(paths),
            Ok(Message::Watching(watching)) => watcher = Some(watching),
            Ok(Message::Work(_)) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(None),
        }
    }
}

/// Carries out the start's effects (the first article's jobs, such as its similar stories, and
/// a restored session's), then has the files that changed during the load reloaded. Returns
/// whether the user quit.
fn begin(outside: &mut Outside, app: &mut App, changed: Vec<PathBuf>) -> anyhow::Result<bool> {
    let effects = app.take_effects();
    let quit = outside.carry_out(app, effects)?;
    if quit || changed.is_empty() {
        return Ok(quit);
    }
    outside.update(app, AppEvent::FilesChanged(changed))
}

/// What the event loop carries the app's effects out with.
struct Outside<'a> {
    guard: &'a mut TerminalGuard,
    gate: &'a InputGate,
    signals: &'a Signals,
    workers: &'a Workers,
    store: &'a Store,
}

impl Outside<'_> {
    /// Does what `update` asked for: jobs onto the worker lanes, mark changes to the store, a
    /// hand-off in the terminal (whose failure the app is told of). Returns whether the user
    /// quit.
    fn carry_out(&mut self, app: &mut App, mut effects: Effects) -> anyhow::Result<bool> {
        let mut quit = false;
        loop {
            for job in effects.jobs {
                self.workers.submit(job);
            }
            record_marks(effects.marks, self.store);
            quit |= effects.quit;
            let Some(handoff) = effects.handoff else {
                return Ok(quit);
            };
            match handoff::perform(self.guard, self.gate, self.signals, handoff)? {
                Some(failure) => effects = app.update(AppEvent::Notify(failure)),
                None => return Ok(quit),
            }
        }
    }

    /// Applies `msg` and carries out its effects; returns whether the user quit.
    fn update(&mut self, app: &mut App, msg: impl Into<Msg>) -> anyhow::Result<bool> {
        let effects = app.update(msg);
        self.carry_out(app, effects)
    }
}

fn event_loop(
    outside: &mut Outside,
    events: &Receiver<Message>,
    app: &mut App,
    watcher: &mut Option<LibraryWatcher>,
) -> anyhow::Result<()> {
    let mut redraw = true;
    let mut watch_error = None;
    let mut last_tick = Instant::now();
    let mut timings = Timings::from_env();
    let signals = outside.signals;
    while signals.exit().is_none() {
        redraw |= job_control(outside.guard, signals)?;
        // A watcher that stops (say, at the system's limit of watches) says so once.
        let error = watcher.as_ref().and_then(LibraryWatcher::last_error);
        if let Some(err) = error.as_ref().filter(|_| error != watch_error) {
            if outside.update(app, AppEvent::Notify(format!("live reload: {err}")))? {
                return Ok(());
            }
            watch_error = error;
            redraw = true;
        }
        redraw |= app.marks_changed_elsewhere(changes_elsewhere(outside.store));
        if let Some(warning) = outside.store.take_warning() {
            if outside.update(app, AppEvent::Notify(warning))? {
                return Ok(());
            }
            redraw = true;
        }
        // Time passes in from here, so that `update` never reads a clock; only a change it
        // makes (the open article now read) is drawn.
        let now = Instant::now();
        let read = |app: &App| app.current().map(|id| app.remembered(id).read);
        let before = read(app);
        if outside.update(app, AppEvent::Tick(now.duration_since(last_tick)))? {
            return Ok(());
        }
        last_tick = now;
        redraw |= read(app) != before;
        // A resize can arrive before crossterm watches for it; the real size always wins.
        let size = outside.guard.terminal.size()?;
        if (app.screen.width, app.screen.height) != (size.width, size.height) {
            let resize = AppEvent::Resize {
                width: size.width,
                height: size.height,
            };
            if timings.update(|| outside.update(app, resize))? {
                return Ok(());
            }
            redraw = true;
        }
        // Only what changed is drawn, and only when something did: an idle reader is silent.
        if std::mem::take(&mut redraw) {
            timings.draw(|| {
                (outside.guard.terminal).draw(|frame| frame.render_widget(&*app, frame.area()))
            })?;
        }
        let first = match events.recv_timeout(TICK) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        redraw = true;
        // Apply a whole burst of input (key repeat, a paste, a resize storm) before drawing
        // once, so drawing never falls behind the keyboard.
        let burst = std::iter::once(first).chain(events.try_iter()).collect();
        for message in input::coalesce_resizes(burst) {
            let msg = match message {
                Message::Input(event) => {
                    let event = event?;
                    terminal::stall_if_asked(&event);
                    if is_suspend(app, &event) {
                        signals.request_stop();
                    }
                    msg_for(&event)
                }
                Message::Work(answer) => Some(Msg::Answer(answer)),
                Message::Changed(paths) => Some(Msg::Event(AppEvent::FilesChanged(paths))),
                Message::Watching(watching) => {
                    *watcher = watch_or_say(outside, app, watching);
                    None
                }
            };
            let Some(msg) = msg else { continue };
            let effects = timings.update(|| app.update(msg));
            if outside.carry_out(app, effects)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The watcher, or `None` after telling the user why live reload is off.
fn watch_or_say(
    outside: &mut Outside,
    app: &mut App,
    watching: Result<LibraryWatcher, WatchError>,
) -> Option<LibraryWatcher> {
    match watching {
        Ok(watcher) => Some(watcher),
        Err(err) => {
            // Telling quits nothing; a failed hand-off cannot come of it.
            let _ = outside.update(app, AppEvent::Notify(format!("live reload off: {err}")));
            None
        }
    }
}

/// Stops when SIGTSTP or ctrl-z asked to, and repaints after a SIGCONT (from a stop of its
/// own or a SIGSTOP); returns whether the screen must be drawn again.
fn job_control(guard: &mut TerminalGuard, signals: &Signals) -> io::Result<bool> {
    if signals.take_stop() {
        guard.suspend()?;
        signals.take_resumed();
        return Ok(true);
    }
    if signals.take_resumed() {
        guard.repaint()?;
        return Ok(true);
    }
    Ok(false)
}

/// Hands the app's mark changes to the store, whose writer thread saves them within a second:
/// only the fields each change set, so another reader's marks on the same article stay.
fn record_marks(changes: Vec<MarkChange>, store: &Store) {
    for change in changes {
        store.record(&change.path, &change.title, change.edit);
    }
}

/// What other readers changed, as the store's writer thread found it (it looks every second,
/// so this never waits for the disk). Called after [`record_marks`], so the store has applied
/// every change of this reader over them. Paths that are not UTF-8 name no article the app
/// shows.
fn changes_elsewhere(store: &Store) -> Vec<(String, String, crate::domain::store::Remembered)> {
    store
        .take_changes_elsewhere()
        .into_iter()
        .filter_map(|(path, title, marks)| {
            Some((String::from_utf8(path.into()).ok()?, title, marks))
        })
        .collect()
}

/// Tells the store which articles exist, so that marks of files gone for long are pruned.
/// An empty library may be an unmounted folder: then nothing is pruned. Listing a large
/// library's keys takes a while, so a thread of its own does it and the first screen does not
/// wait; it is joined before the store's last flush.
fn keep_in_store(store: &Store, app: &App) -> Option<std::thread::JoinHandle<()>> {
    if app.library.is_empty() {
        return None;
    }
    let (store, library) = (store.clone(), Arc::clone(&app.library));
    let keep = move || {
        store.mark_seen(library.entries().iter().map(|e| (&e.path, &e.title)));
        store.prune(PRUNE_AFTER);
    };
    std::thread::Builder::new()
        .name("readmore-keep".into())
        .spawn(keep)
        .ok()
}
