//! The terminal: set up, run the event loop, and always restore — on quit, on error, on panic
//! and on a signal.

mod handoff;
mod input;
mod signals;
mod start;
mod terminal;
mod timings;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

use crate::app::config::Config;
use crate::app::{Answer, App, Effects, Event as AppEvent, MarkChange, Msg, Prepared};
use crate::domain::library::{LoadError, LoadOptions, startup};
use crate::domain::store::{PRUNE_AFTER, Store};
use crate::domain::watch::LibraryWatcher;
use crate::domain::worker::Workers;
use input::{InputGate, is_suspend, msg_for};
use signals::Signals;
use start::{Loaded, load};
use terminal::TerminalGuard;
use timings::Timings;

/// How often the load screen is redrawn with the count of files read.
const TICK: Duration = Duration::from_millis(50);

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
    /// The library loaded, with what the app builds over it ([`App::prepare`]).
    Loaded(Result<Box<Prepared>, LoadError>),
    /// A later step of start-up: files to reload, the folder watch in place.
    Startup(startup::Event<LibraryWatcher>),
    /// Something to look at that the message does not carry: a signal arrived, the reading
    /// state's store has news (marks other readers changed, a failure), or the watcher failed.
    Wake,
}

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
    let waker = sender.clone();
    signals.wake_on_signals(move || {
        let _ = waker.send(Message::Wake);
    })?;
    let gate = InputGate::default();
    input::spawn_reader(sender.clone(), gate.clone());
    terminal::panic_if_asked();
    let how = (options, cache.map(Path::to_path_buf));
    let loaded = load(
        &mut guard, &sender, &events, &signals, &config, how, state_file,
    )?;
    let Some(loaded) = loaded else {
        return Ok(exit(&signals));
    };
    let size = guard.terminal.size()?;
    let screen = Rect::new(0, 0, size.width, size.height);
    let Loaded {
        prepared,
        changed,
        shown,
        store,
        warning,
    } = loaded;
    let mut app = App::with_prepared(*prepared, config, color, screen);
    let waker = sender.clone();
    store.wake_on_news(move || {
        let _ = waker.send(Message::Wake);
    });
    let watch_sender = sender.clone();
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
    // The warning shows on the first screen; what its update returns (the start's jobs, such
    // as packing the titles) is carried out after it, with the rest of the start's effects.
    let early = warning.map(|warning| app.update(AppEvent::Notify(warning)));
    if let Some(session) = store.session() {
        app.restore_session(&session);
    }
    // The first frame before anything else competes for the cores: start-up's walks, the
    // store's pruning and the first article's jobs all wait for it.
    (outside.guard.terminal).draw(|frame| frame.render_widget(&app, frame.area()))?;
    shown.drawn();
    let keeping = keep_in_store(&store, &app);
    // The watch comes when set up, after the first screen (`startup::Event::Watching`).
    let mut watch = Watch {
        watcher: None,
        wake: watch_sender,
        error: None,
    };
    let result = begin(&mut outside, &mut app, early, changed).and_then(|quit| {
        if quit {
            return Ok(());
        }
        event_loop(&mut outside, &events, &mut app, &mut watch)
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

/// Carries out the start's effects (`early`, returned with a start-up warning, then the first
/// article's jobs, such as its similar stories, packing the titles, and a restored session's),
/// then has the files that changed during the load reloaded. Returns
/// whether the user quit.
fn begin(
    outside: &mut Outside,
    app: &mut App,
    early: Option<Effects>,
    changed: Vec<PathBuf>,
) -> anyhow::Result<bool> {
    let mut quit = false;
    for effects in early.into_iter().chain([app.take_effects()]) {
        quit |= outside.carry_out(app, effects)?;
    }
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

/// Runs the reader until the user quits or a signal ends it. It sleeps on `events` until a
/// message comes, waking on a timer only while something waits for time to pass
/// ([`App::next_timer`]): an idle reader uses no CPU and draws nothing.
fn event_loop(
    outside: &mut Outside,
    events: &Receiver<Message>,
    app: &mut App,
    watch: &mut Watch,
) -> anyhow::Result<()> {
    let mut redraw = true;
    // Since when time has counted towards the app's timers; `None` while none is running.
    let mut counting: Option<Instant> = None;
    let mut timings = Timings::from_env();
    let signals = outside.signals;
    while signals.exit().is_none() {
        redraw |= job_control(outside.guard, signals)?;
        if let Some(err) = watch.new_error() {
            let notify = AppEvent::Notify(format!("live reload: {err}"));
            if timings.update(|| outside.update(app, notify))? {
                return Ok(());
            }
            redraw = true;
        }
        redraw |= app.marks_changed_elsewhere(changes_elsewhere(outside.store));
        if let Some(warning) = outside.store.take_warning() {
            if timings.update(|| outside.update(app, AppEvent::Notify(warning)))? {
                return Ok(());
            }
            redraw = true;
        }
        // Time passes in from here, so that `update` never reads a clock; only a change it
        // makes (the open article now read) is drawn.
        if let Some(since) = counting {
            let now = Instant::now();
            let read = |app: &App| app.current().map(|id| app.remembered(id).read);
            let before = read(app);
            if timings.update(|| outside.update(app, AppEvent::Tick(now - since)))? {
                return Ok(());
            }
            counting = Some(now);
            redraw |= read(app) != before;
        }
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
        timings.turn_done();
        // Time counts from when a timer starts running until it stops.
        let timer = app.next_timer();
        counting = timer.and(counting.or_else(|| Some(Instant::now())));
        let first = match timer {
            Some(left) => match events.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match events.recv() {
                Ok(message) => message,
                Err(_) => return Ok(()),
            },
        };
        // Apply a whole burst of input (key repeat, a paste, a resize storm) before drawing
        // once, so drawing never falls behind the keyboard.
        let burst = std::iter::once(first).chain(events.try_iter()).collect();
        for message in input::coalesce_resizes(burst) {
            // A wake-up only has the loop look again; what it finds says whether to draw.
            redraw |= !matches!(message, Message::Wake);
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
                Message::Changed(paths) | Message::Startup(startup::Event::Changed(paths)) => {
                    Some(Msg::Event(AppEvent::FilesChanged(paths)))
                }
                Message::Startup(startup::Event::Watching(watching)) => {
                    watch.set(outside, app, watching);
                    None
                }
                // The load screen took it: start-up loads once.
                Message::Loaded(_) | Message::Startup(startup::Event::Loaded(_)) => None,
                Message::Wake => None,
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

/// The folder watch, once start-up has set it up.
struct Watch {
    watcher: Option<LibraryWatcher>,
    /// Wakes the event loop when the watcher meets an error.
    wake: Sender<Message>,
    /// The last error told.
    error: Option<String>,
}

impl Watch {
    /// Keeps the watcher start-up set up, or tells the user why live reload is off.
    fn set(
        &mut self,
        outside: &mut Outside,
        app: &mut App,
        watching: Result<LibraryWatcher, String>,
    ) {
        match watching {
            Ok(watcher) => {
                let wake = self.wake.clone();
                watcher.wake_on_error(move || {
                    let _ = wake.send(Message::Wake);
                });
                self.watcher = Some(watcher);
            }
            Err(err) => {
                // Telling quits nothing; a failed hand-off cannot come of it.
                let _ = outside.update(app, AppEvent::Notify(format!("live reload off: {err}")));
            }
        }
    }

    /// The watcher's error, once each time it changes: a watcher that stops (say, at the
    /// system's limit of watches) says so once.
    fn new_error(&mut self) -> Option<String> {
        let error = self.watcher.as_ref().and_then(LibraryWatcher::last_error);
        if error == self.error {
            return None;
        }
        self.error.clone_from(&error);
        error
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
/// Only the articles with marks are named: the store holds a row for no other, and naming
/// every article copied each path and title (some 80 MB at a million articles, `--no-state`
/// or not). An empty library may be an unmounted folder: then nothing is pruned. Listing a
/// large library's keys takes a while, so a thread of its own does it and the first screen
/// does not wait; it is joined before the store's last flush.
fn keep_in_store(store: &Store, app: &App) -> Option<std::thread::JoinHandle<()>> {
    if app.library.is_empty() {
        return None;
    }
    let (store, library) = (store.clone(), Arc::clone(&app.library));
    let remembered = app.remembered_articles();
    let keep = move || {
        let entries = remembered.iter().map(|&id| library.get(id));
        store.mark_seen(entries.map(|e| (e.path(), e.title())));
        store.prune(PRUNE_AFTER);
    };
    std::thread::Builder::new()
        .name("readmore-keep".into())
        .spawn(keep)
        .ok()
}
