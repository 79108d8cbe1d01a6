//! Watching the articles folder, so that the library can be reloaded when files change.
//!
//! [`LibraryWatcher`] wraps the platform's recommended `notify` watcher. Raw events are
//! filtered down to what can change the library — `*.txt` files and folders, never anything
//! hidden — and debounced: paths are collected until the folder has been quiet for
//! [`QUIET`], so that an editor's save (write a temporary file, rename it over the old one,
//! restore its mode) gives one call. The paths go to
//! [`Library::reload`](crate::domain::library::Library::reload).
//!
//! The folder itself can go away or be replaced while it is watched (`rm -rf lib; mkdir lib`,
//! `mv new lib`, a symbolic link switched with `ln -sfn`): a watch stays on the old folder, so
//! the watcher also watches the folder's parent and checks every [`ROOT_CHECK`] which folder
//! the path names; when that changes it watches the new folder and reports the root, which
//! reloads everything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RemoveKind, RenameMode};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use crate::domain::library::{is_article_file, is_hidden, is_visible};
use crate::domain::sanitize::one_line;

/// How long the folder must be quiet before the collected paths are reported.
pub const QUIET: Duration = Duration::from_millis(200);

/// The longest a path waits while events keep coming, so a long copy still shows progress.
pub const MAX_DELAY: Duration = Duration::from_secs(1);

/// How often the watcher checks that the root path still names the folder it watches.
pub const ROOT_CHECK: Duration = Duration::from_secs(1);

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{path}: cannot watch for changes: {message}")]
    Watch { path: String, message: String },
}

/// Watches an articles folder until dropped.
///
/// Dropping it stops watching: no new call of `on_change` starts afterwards (one that is
/// already running finishes on the watcher's thread).
pub struct LibraryWatcher {
    control: Sender<Control>,
    last_error: Arc<Mutex<Option<String>>>,
    wake: Wake,
}

/// Called on the watcher's thread after each error it keeps.
type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

enum Control {
    Event(notify::Result<Event>),
    Stop,
}

impl LibraryWatcher {
    /// Starts watching `root` and everything below it.
    ///
    /// `on_change` is called on the watcher's own thread with the changed paths, sorted and
    /// each once: `*.txt` files that were created, written, renamed or removed, and folders
    /// (or symbolic links to folders) that appeared, were renamed or were removed, so that a
    /// reload can rescan or drop everything below them. `root` itself is reported when the
    /// system lost events and everything must be rescanned, and when the folder at `root` went
    /// away or was replaced by another (then watched in its place). Paths are `root` made absolute,
    /// joined with the changed path below it. Nothing hidden (any name below `root` starting
    /// with `.`) is ever reported.
    pub fn start(
        root: &Path,
        on_change: impl FnMut(Vec<PathBuf>) + Send + 'static,
    ) -> Result<Self, WatchError> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let fail = |message: String| WatchError::Watch {
            path: root.display().to_string(),
            message,
        };
        match std::fs::metadata(&root) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => return Err(fail("not a folder".to_owned())),
            Err(err) => return Err(fail(err.to_string())),
        }

        let (control, events) = mpsc::channel();
        let sender = control.clone();
        let handler = move |event| {
            // The worker is gone only when the watcher is being dropped.
            let _ = sender.send(Control::Event(event));
        };
        // Symbolic links to folders are not followed, as loading does not follow them.
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher =
            RecommendedWatcher::new(handler, config).map_err(|err| fail(describe(&err)))?;
        let identity = identity(&root);
        let watched = watched_path(&root);
        watcher
            .watch(&watched, RecursiveMode::Recursive)
            .map_err(|err| fail(describe(&err)))?;
        // The parent tells when the root is removed, renamed or replaced; without it (at `/`,
        // or when it cannot be watched) the periodic check still notices, only later.
        if let Some(parent) = root.parent() {
            let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
        }

        // Only after the watch is set: a folder made meanwhile is also seen as an event.
        let mut filter = EventFilter::new(root.clone(), watched);
        filter.remember_folders_below(&root);
        let last_error = Arc::new(Mutex::new(None));
        let wake = Wake::default();
        let worker = Worker {
            watcher,
            filter,
            identity,
            replaced: 0,
            last_error: Arc::clone(&last_error),
            wake: Arc::clone(&wake),
        };
        std::thread::Builder::new()
            .name("readmore-watch".to_owned())
            .spawn(move || worker.run(&events, on_change))
            .map_err(|err| fail(err.to_string()))?;

        Ok(Self {
            control,
            last_error,
            wake,
        })
    }

    /// Calls `wake` whenever the watcher keeps a new [`LibraryWatcher::last_error`] (at once if
    /// it has one already), so that the caller need not look for one on a timer.
    pub fn wake_on_error(&self, wake: impl Fn() + Send + 'static) {
        if self.last_error().is_some() {
            wake();
        }
        *self.wake.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(wake));
    }

    /// The last error the watcher met after it started (for example the system's limit on
    /// watched folders, reached when a new subfolder appeared), or the last time the folder
    /// itself went away or was replaced, as one line naming the path.
    pub fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for LibraryWatcher {
    fn drop(&mut self) {
        // The worker owns the system watch and drops it as it stops; it is not joined, so that
        // a callback blocked on the dropping thread cannot deadlock it.
        let _ = self.control.send(Control::Stop);
    }
}

/// The path to give the system watch for `root`: the folder a symbolic link leads to, since
/// a recursive watch does not follow a link, even at its start.
fn watched_path(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Which folder a path names (following symbolic links): device and inode, or `None` when
/// it names no folder.
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    metadata.is_dir().then(|| (metadata.dev(), metadata.ino()))
}

/// One line for a notify error, without notify's debug-printed path list.
fn describe(err: &notify::Error) -> String {
    let text = match &err.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched folders is reached (see fs.inotify.max_user_watches)"
                .to_owned()
        }
        notify::ErrorKind::PathNotFound => "not found".to_owned(),
        notify::ErrorKind::Io(io) => io.to_string(),
        notify::ErrorKind::Generic(text) => text.clone(),
        other => format!("{other:?}"),
    };
    one_line(&text)
}

/// The watcher's thread: collects relevant paths and reports them once the folder is quiet.
struct Worker {
    /// The system watch, owned here so that it can be moved to a replaced root.
    watcher: RecommendedWatcher,
    filter: EventFilter,
    /// The folder being watched, as [`identity`] gives it.
    identity: Option<(u64, u64)>,
    /// How many times the root was replaced, so that each time is a new message.
    replaced: usize,
    last_error: Arc<Mutex<Option<String>>>,
    wake: Wake,
}

impl Worker {
    fn run(mut self, events: &Receiver<Control>, mut on_change: impl FnMut(Vec<PathBuf>)) {
        let mut pending = BTreeSet::new();
        // When the first pending path arrived and when the last one did.
        let mut first = Instant::now();
        let mut last = first;
        let mut next_check = Instant::now() + ROOT_CHECK;
        loop {
            // Checked before receiving: a flood of irrelevant events must not delay them.
            let now = Instant::now();
            if now >= next_check {
                self.check_root(false, &mut pending);
                next_check = now + ROOT_CHECK;
            }
            if !pending.is_empty() && now >= (last + QUIET).min(first + MAX_DELAY) {
                on_change(std::mem::take(&mut pending).into_iter().collect());
                continue;
            }
            let mut deadline = next_check;
            if !pending.is_empty() {
                deadline = deadline.min((last + QUIET).min(first + MAX_DELAY));
            }
            let message = match events.recv_timeout(deadline.saturating_duration_since(now)) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let was_empty = pending.is_empty();
            let collected = match message {
                Control::Stop => return,
                Control::Event(Ok(event)) if self.touches_root(&event) => {
                    self.check_root(true, &mut pending)
                }
                Control::Event(Ok(event)) => self.filter.collect(&event, &mut pending),
                Control::Event(Err(err)) => {
                    let path = err.paths.first().unwrap_or(&self.filter.root);
                    self.say(format!("{}: {}", path.display(), describe(&err)));
                    false
                }
            };
            if collected {
                last = Instant::now();
                if was_empty {
                    first = last;
                }
            }
        }
    }

    /// Whether `event` is about the root path itself being created, removed or renamed (seen
    /// by the watch on the parent, or on the root as it goes).
    fn touches_root(&self, event: &Event) -> bool {
        let structural = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Name(_))
                | EventKind::Modify(ModifyKind::Any)
                | EventKind::Any
                | EventKind::Other
        );
        structural && event.paths.contains(&self.filter.root)
    }

    /// Compares the folder the root path names with the one watched; when they differ (or
    /// `forced`, as the root path itself was removed or renamed: a new folder can reuse the
    /// old one's inode), watches the new folder and reports the root so everything is
    /// reloaded. Returns whether the root was reported.
    fn check_root(&mut self, forced: bool, pending: &mut BTreeSet<PathBuf>) -> bool {
        let now = identity(&self.filter.root);
        if now == self.identity && !(forced && now.is_some()) {
            return false;
        }
        let root = self.filter.root.clone();
        // The old watch may be gone with its folder already: nothing to undo then.
        let _ = self.watcher.unwatch(&self.filter.watched);
        self.filter.watched = watched_path(&root);
        self.identity = now;
        self.filter.folders.clear();
        if now.is_none() {
            self.say(format!(
                "{}: the articles folder is gone; watching for it to come back",
                root.display()
            ));
        } else if let Err(err) = self
            .watcher
            .watch(&self.filter.watched, RecursiveMode::Recursive)
        {
            self.identity = None;
            self.say(format!("{}: {}", root.display(), describe(&err)));
        } else {
            self.filter.remember_folders_below(&root);
            self.replaced += 1;
            let times = match self.replaced {
                1 => String::new(),
                n => format!(" ({n} times)"),
            };
            self.say(format!(
                "{}: the articles folder was replaced{times}; reloading it",
                root.display()
            ));
        }
        pending.insert(root);
        true
    }

    /// Keeps `line` for [`LibraryWatcher::last_error`], and says there is one.
    fn say(&self, line: String) {
        *self
            .last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(one_line(&line));
        if let Some(wake) = &*self.wake.lock().unwrap_or_else(PoisonError::into_inner) {
            wake();
        }
    }
}

/// Decides which paths of an event matter, remembering the folders below the root so that a
/// folder's removal or rename can be told from a file's (not every platform says which).
struct EventFilter {
    root: PathBuf,
    /// The path the system watch was given: `root`, or the folder it links to.
    watched: PathBuf,
    /// Folders and symbolic links to folders below (and including) the root, not hidden.
    folders: BTreeSet<PathBuf>,
    /// Whether the event being collected was relevant (even if its paths were pending).
    touched: bool,
}

impl EventFilter {
    fn new(root: PathBuf, watched: PathBuf) -> Self {
        Self {
            root,
            watched,
            folders: BTreeSet::new(),
            touched: false,
        }
    }

    /// Adds the relevant paths of `event` to `out`; returns whether there were any.
    fn collect(&mut self, event: &Event, out: &mut BTreeSet<PathBuf>) -> bool {
        self.touched = false;
        if event.need_rescan() {
            self.folders.clear();
            self.remember_folders_below(&self.root.clone());
            self.report(self.root.clone(), out);
            return true;
        }
        for (index, path) in event.paths.iter().enumerate() {
            let Some(path) = self.below_root(path) else {
                continue;
            };
            match event.kind {
                // Our own reads open files: never a change.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => self.written(path, out),
                EventKind::Access(_) => {}
                EventKind::Modify(ModifyKind::Data(_)) => self.written(path, out),
                EventKind::Create(_)
                | EventKind::Modify(ModifyKind::Metadata(_))
                | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => self.appeared(path, out),
                EventKind::Modify(ModifyKind::Name(RenameMode::From)) => self.gone(path, out),
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if index == 0 => {
                    self.gone(path, out);
                }
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => self.appeared(path, out),
                EventKind::Remove(RemoveKind::Folder) => {
                    self.forget_folders_below(&path);
                    self.report(path, out);
                }
                // A removed "file" may be a symbolic link to a folder: `gone` knows.
                EventKind::Remove(_) => self.gone(path, out),
                // Renames of unknown direction, and events the platform could not classify.
                EventKind::Modify(_) | EventKind::Any | EventKind::Other => {
                    if std::fs::symlink_metadata(&path).is_ok() {
                        self.appeared(path, out);
                    } else {
                        self.gone(path, out);
                    }
                }
            }
        }
        self.touched
    }

    /// `path` rebased on `root` if it is below it (or is it) and nothing below the root is
    /// hidden. Events below a symbolic link to the root carry the watched (canonical) path.
    fn below_root(&self, path: &Path) -> Option<PathBuf> {
        let relative = path
            .strip_prefix(&self.root)
            .or_else(|_| path.strip_prefix(&self.watched))
            .ok()?;
        is_visible(relative).then(|| self.root.join(relative))
    }

    fn report(&mut self, path: PathBuf, out: &mut BTreeSet<PathBuf>) {
        self.touched = true;
        out.insert(path);
    }

    /// A file's content changed.
    fn written(&mut self, path: PathBuf, out: &mut BTreeSet<PathBuf>) {
        if is_article_file(&path) {
            self.report(path, out);
        }
    }

    /// Something appeared at `path` (or its metadata changed): a `.txt` file, or a folder whose
    /// files a reload must discover.
    fn appeared(&mut self, path: PathBuf, out: &mut BTreeSet<PathBuf>) {
        if is_article_file(&path) {
            self.report(path, out);
        } else if is_folder(&path) {
            self.remember_folders_below(&path);
            self.report(path, out);
        }
    }

    /// Whatever was at `path` is gone: report it if it was a `.txt` file or a folder.
    fn gone(&mut self, path: PathBuf, out: &mut BTreeSet<PathBuf>) {
        let was_folder = self.folders.contains(&path);
        self.forget_folders_below(&path);
        if was_folder || is_article_file(&path) {
            self.report(path, out);
        }
    }

    /// Remembers `start` if it is a folder, and every visible folder below it.
    fn remember_folders_below(&mut self, start: &Path) {
        let walker = walkdir::WalkDir::new(start)
            .follow_links(false)
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker.flatten() {
            let kind = entry.file_type();
            if kind.is_dir() || (kind.is_symlink() && is_folder(entry.path())) {
                self.folders.insert(entry.into_path());
            }
        }
    }

    fn forget_folders_below(&mut self, path: &Path) {
        let below: Vec<PathBuf> = self
            .folders
            .range(path.to_path_buf()..)
            .take_while(|folder| folder.starts_with(path))
            .cloned()
            .collect();
        for folder in below {
            self.folders.remove(&folder);
        }
    }
}

/// A folder, or a symbolic link to one (which loading reports as skipped).
fn is_folder(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| metadata.is_dir())
}

mod startup;
#[cfg(test)]
mod tests;

pub use startup::{StartupWatch, changed_since};
