//! The start: the library loaded behind a progress screen, and what the app builds over it
//! made on the loading thread, so that the UI thread only draws the first screen.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Instant;

use super::input::is_quit;
use super::signals::Signals;
use super::terminal::TerminalGuard;
use super::{Message, TICK, job_control};
use crate::app::config::Config;
use crate::app::{App, Prepared};
use crate::domain::library::{LoadOptions, startup};
use crate::domain::store::{Snapshot, Store};
use crate::domain::watch::StartupWatch;
use crate::ui::loading::Loading;

/// What the load screen ends with: the library with what the app builds over it, the files
/// that changed meanwhile, what tells start-up the first screen is drawn, and the reading
/// state's store (with the warning opening it gave).
pub(super) struct Loaded {
    pub(super) prepared: Box<Prepared>,
    pub(super) changed: Vec<PathBuf>,
    pub(super) shown: startup::Shown,
    pub(super) store: Store,
    pub(super) warning: Option<String>,
}

/// Starts up on other threads ([`startup`]), drawing a count of files read, so that the
/// terminal answers (quit works) while a large library loads; `None` when the user quit
/// first. The loading thread also builds what the app needs over every article
/// ([`App::prepare`]), with the marks of the reading state at `state_file`, which is opened
/// here meanwhile (`None`: nothing is remembered). The rest of start-up reaches the event loop
/// as [`Message::Startup`].
pub(super) fn load(
    guard: &mut TerminalGuard,
    sender: &Sender<Message>,
    events: &Receiver<Message>,
    signals: &Signals,
    config: &Config,
    (options, cache): (LoadOptions, Option<PathBuf>),
    state_file: Option<PathBuf>,
) -> anyhow::Result<Option<Loaded>> {
    let progress = Arc::new(AtomicUsize::new(0));
    let plan = startup::Plan {
        root: config.articles.clone(),
        options,
        cache,
    };
    let changes = sender.clone();
    let watch = StartupWatch(move |paths| {
        let _ = changes.send(Message::Changed(paths));
    });
    let steps = sender.clone();
    let (snapshots, snapshot) = mpsc::sync_channel::<Snapshot>(1);
    let sort = config.sort;
    let shown = startup::start(plan, watch, Arc::clone(&progress), move |event| {
        let message = match event {
            startup::Event::Loaded(loaded) => Message::Loaded(loaded.map(|library| {
                // The store's marks, or none if it is gone (the UI thread stopped waiting).
                let marks = snapshot.recv().unwrap_or_default();
                let lookup = move |path: &str, title: &str| marks.get(path, title);
                Box::new(App::prepare(library, sort, lookup))
            })),
            other => Message::Startup(other),
        };
        let _ = steps.send(message);
    })?;
    // Without a reading state (--no-state), nothing of this run is remembered. Marks and the
    // last run belong to this library: its canonical folder is their key. The app keeps the
    // marks; the store only persists the changes it hands over.
    let articles = std::fs::canonicalize(&config.articles).unwrap_or(config.articles.clone());
    let (store, warning) = match &state_file {
        Some(path) => Store::open(path, &crate::domain::store::library_key(&articles)),
        None => (Store::disabled(), None),
    };
    let _ = snapshots.send(store.snapshot());
    let mut changed = Vec::new();
    let mut drawn = None;
    loop {
        if signals.exit().is_some() {
            return Ok(None);
        }
        job_control(guard, signals)?;
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
        match events.recv_timeout(TICK) {
            Ok(Message::Input(event)) => {
                if is_quit(config, &event?) {
                    return Ok(None);
                }
            }
            Ok(Message::Loaded(prepared)) => {
                return Ok(Some(Loaded {
                    prepared: prepared?,
                    changed,
                    shown,
                    store,
                    warning,
                }));
            }
            Ok(Message::Changed(paths)) => changed.extend(paths),
            // Start-up emits nothing else before the library, and no job was sent yet.
            Ok(Message::Startup(_) | Message::Work(_) | Message::Wake)
            | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(None),
        }
    }
}
