//! Start-up: the library shown first, then what changed before the folder watch was in
//! place. With a metadata cache the first screen shows what the cache holds at once, and the
//! walk that finds what changed since comes after; without one the folder is read whole.
//! Setting up the watch walks the whole folder too, as long again as a warm load. Both walks
//! wait until the caller says the first screen is drawn ([`Shown`]): on a machine with few
//! cores they would otherwise take turns with the load and the first frame, which is what the
//! user waits for. They then run side by side, and what changed before the watch was in place
//! is looked for by file times afterwards. Each step is an [`Event`], emitted in order on the
//! caller's channel; the terminal only shows them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, SystemTime};

use super::{Library, LoadError, LoadOptions};

/// How far before the load's start a file's times still count as changed during it: file
/// times come from a clock that may lag the one read here by a tick.
const CLOCK_SLACK: Duration = Duration::from_secs(1);

/// One step of start-up.
#[derive(Debug)]
pub enum Event<W> {
    /// The library to show first: the cache as it is, or, without one, the folder read whole.
    Loaded(Result<Arc<Library>, LoadError>),
    /// Files that changed since what was shown (removed ones too): to be reloaded.
    Changed(Vec<PathBuf>),
    /// The folder watch is in place, or why not (one line naming the folder).
    Watching(Result<W, String>),
}

/// The folder watch, as start-up needs it. Its own reports of changes, once it runs, go
/// wherever it sends them; start-up only sets it up and closes the gap before it.
pub trait FolderWatch: Send + Sync + 'static {
    /// What keeps the watch going.
    type Watcher: Send + 'static;

    /// Sets the watch up on `root`: slow, since it walks the whole folder.
    fn start(&self, root: &Path) -> Result<Self::Watcher, String>;

    /// The files and folders below `root` changed at or after `since`.
    fn changed_since(&self, root: &Path, since: SystemTime) -> Vec<PathBuf>;
}

/// What to load: the articles folder, how, and the metadata cache's folder (none: no cache).
pub struct Plan {
    pub root: PathBuf,
    pub options: LoadOptions,
    pub cache: Option<PathBuf>,
}

/// Tells start-up that the first screen is drawn, so that the walks it held back (the cache's
/// stale files, the watch's setup) may begin: on [`Shown::drawn`], or when dropped (a caller
/// that draws nothing, or gave up).
pub struct Shown(Sender<()>);

impl Shown {
    /// The first screen is on the terminal.
    pub fn drawn(self) {
        let _ = self.0.send(());
    }
}

/// Starts up on threads of its own, emitting each [`Event`] in order: `Loaded` first, then
/// the cache's stale files, then `Watching`, then what the watch missed. Only `Loaded` comes
/// before the returned [`Shown`] is told the first screen is drawn. `files` counts the files
/// read while the folder is read whole, for a progress screen.
pub fn start<F: FolderWatch>(
    plan: Plan,
    watch: F,
    files: Arc<AtomicUsize>,
    emit: impl Fn(Event<F::Watcher>) + Send + 'static,
) -> std::io::Result<Shown> {
    let (shown, drawn) = channel();
    std::thread::Builder::new()
        .name("readmore-load".to_owned())
        .spawn(move || run(&plan, watch, &files, &drawn, &emit))?;
    Ok(Shown(shown))
}

fn run<F: FolderWatch>(
    Plan {
        root,
        options,
        cache,
    }: &Plan,
    watch: F,
    files: &AtomicUsize,
    drawn: &Receiver<()>,
    emit: &dyn Fn(Event<F::Watcher>),
) {
    let started = SystemTime::now() - CLOCK_SLACK;
    let cached = (cache.as_deref())
        .and_then(|dir| Library::from_cache(root, *options, dir))
        .map(Arc::new);
    let library = match &cached {
        Some(library) => Ok(Arc::clone(library)),
        None => {
            Library::load_refreshing_cache(root, *options, cache.as_deref(), files).map(Arc::new)
        }
    };
    emit(Event::Loaded(library));
    // A message or a dropped sender: either way the first screen no longer waits.
    let _ = drawn.recv();
    let watch = Arc::new(watch);
    let setting_up = {
        let (watch, root) = (Arc::clone(&watch), root.clone());
        std::thread::Builder::new()
            .name("readmore-watch-setup".to_owned())
            .spawn(move || watch.start(&root))
    };
    if let (Some(library), Some(dir)) = (cached, cache.as_deref())
        && let Ok(stale) = library.stale_paths(dir)
        && !stale.is_empty()
    {
        emit(Event::Changed(stale));
    }
    let failed = || {
        let path = root.display();
        format!("{path}: cannot watch for changes: the watcher failed to start")
    };
    let watcher = match setting_up {
        Ok(thread) => thread.join().unwrap_or_else(|_| Err(failed())),
        // No thread to spare: set it up on this one.
        Err(_) => watch.start(root),
    };
    let watching = watcher.is_ok();
    emit(Event::Watching(watcher));
    if watching {
        let missed = watch.changed_since(root, started);
        if !missed.is_empty() {
            emit(Event::Changed(missed));
        }
    }
}

#[cfg(test)]
mod tests;
