//! Watching the articles folder, so that the library can be reloaded when files change.
//!
//! [`LibraryWatcher`] wraps the platform's recommended `notify` watcher. Raw events are
//! filtered down to what can change the library — `*.txt` files and folders, never anything
//! hidden — and debounced: paths are collected until the folder has been quiet for
//! [`QUIET`], so that an editor's save (write a temporary file, rename it over the old one,
//! restore its mode) gives one call. The paths go to
//! [`Library::reload`](crate::library::Library::reload).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RemoveKind, RenameMode};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use crate::library::{is_article_file, is_hidden, is_visible};
use crate::sanitize::one_line;

/// How long the folder must be quiet before the collected paths are reported.
pub const QUIET: Duration = Duration::from_millis(200);

/// The longest a path waits while events keep coming, so a long copy still shows progress.
pub const MAX_DELAY: Duration = Duration::from_secs(1);

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
    /// `None` only while dropping.
    watcher: Option<RecommendedWatcher>,
    control: Sender<Message>,
    last_error: Arc<Mutex<Option<String>>>,
}

enum Message {
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
    /// system lost events and everything must be rescanned. Paths are `root` made absolute,
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
            let _ = sender.send(Message::Event(event));
        };
        // Symbolic links to folders are not followed, as loading does not follow them.
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher =
            RecommendedWatcher::new(handler, config).map_err(|err| fail(describe(&err)))?;
        watcher
            .watch(&root, RecursiveMode::Recursive)
            .map_err(|err| fail(describe(&err)))?;

        // Only after the watch is set: a folder made meanwhile is also seen as an event.
        let mut filter = Filter::new(root.clone());
        filter.remember_folders_below(&root);
        let last_error = Arc::new(Mutex::new(None));
        let worker = Worker {
            filter,
            last_error: Arc::clone(&last_error),
        };
        std::thread::Builder::new()
            .name("readmore-watch".to_owned())
            .spawn(move || worker.run(&events, on_change))
            .map_err(|err| fail(err.to_string()))?;

        Ok(Self {
            watcher: Some(watcher),
            control,
            last_error,
        })
    }

    /// The last error the watcher met after it started (for example the system's limit on
    /// watched folders, reached when a new subfolder appeared), as one line naming the path.
    pub fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for LibraryWatcher {
    fn drop(&mut self) {
        // Stop the system watch first, then the worker; the worker is not joined, so that a
        // callback blocked on the dropping thread cannot deadlock it.
        drop(self.watcher.take());
        let _ = self.control.send(Message::Stop);
    }
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
    filter: Filter,
    last_error: Arc<Mutex<Option<String>>>,
}

impl Worker {
    fn run(mut self, events: &Receiver<Message>, mut on_change: impl FnMut(Vec<PathBuf>)) {
        let mut pending = BTreeSet::new();
        // When the first pending path arrived and when the last one did.
        let mut first = Instant::now();
        let mut last = first;
        loop {
            let message = if pending.is_empty() {
                match events.recv() {
                    Ok(message) => message,
                    Err(_) => return,
                }
            } else {
                // Checked before receiving: a flood of irrelevant events must not delay it.
                let deadline = (last + QUIET).min(first + MAX_DELAY);
                let wait = deadline.saturating_duration_since(Instant::now());
                let received = if wait.is_zero() {
                    Err(RecvTimeoutError::Timeout)
                } else {
                    events.recv_timeout(wait)
                };
                match received {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        on_change(std::mem::take(&mut pending).into_iter().collect());
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            match message {
                Message::Stop => return,
                Message::Event(Ok(event)) => {
                    let was_empty = pending.is_empty();
                    if self.filter.collect(&event, &mut pending) {
                        last = Instant::now();
                        if was_empty {
                            first = last;
                        }
                    }
                }
                Message::Event(Err(err)) => {
                    let path = err.paths.first().unwrap_or(&self.filter.root);
                    let line = one_line(&format!("{}: {}", path.display(), describe(&err)));
                    *self
                        .last_error
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner) = Some(line);
                }
            }
        }
    }
}

/// Decides which paths of an event matter, remembering the folders below the root so that a
/// folder's removal or rename can be told from a file's (not every platform says which).
struct Filter {
    root: PathBuf,
    /// Folders and symbolic links to folders below (and including) the root, not hidden.
    folders: BTreeSet<PathBuf>,
    /// Whether the event being collected was relevant (even if its paths were pending).
    touched: bool,
}

impl Filter {
    fn new(root: PathBuf) -> Self {
        Self {
            root,
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
    /// hidden. Some platforms report the canonical path of a symlinked root.
    fn below_root(&self, path: &Path) -> Option<PathBuf> {
        let relative = match path.strip_prefix(&self.root) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) => {
                let canonical = std::fs::canonicalize(&self.root).ok()?;
                path.strip_prefix(canonical).ok()?.to_path_buf()
            }
        };
        is_visible(&relative).then(|| self.root.join(relative))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Receives calls until `want` has been seen (or the time is up); returns every path seen.
    fn collect_until(
        calls: &Receiver<Vec<PathBuf>>,
        want: impl Fn(&BTreeSet<PathBuf>) -> bool,
        within: Duration,
    ) -> BTreeSet<PathBuf> {
        let deadline = Instant::now() + within;
        let mut seen = BTreeSet::new();
        while !want(&seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            match calls.recv_timeout(left) {
                Ok(paths) => seen.extend(paths),
                Err(_) => break,
            }
        }
        seen
    }

    fn watch(root: &Path) -> (LibraryWatcher, Receiver<Vec<PathBuf>>) {
        let (tx, rx) = mpsc::channel();
        let watcher = LibraryWatcher::start(root, move |paths| {
            let _ = tx.send(paths);
        })
        .expect("watching starts");
        (watcher, rx)
    }

    #[test]
    fn txt_changes_are_reported_and_hidden_or_other_files_never() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        let (_watcher, calls) = watch(&root);
        let article = root.join("a.txt");
        let within = Duration::from_secs(2);

        std::fs::write(&article, "Title\nbody").unwrap();
        std::fs::write(root.join(".hidden.txt"), "Hidden").unwrap();
        std::fs::write(root.join(".git").join("x.txt"), "Hidden too").unwrap();
        std::fs::write(root.join("notes.md"), "Markdown").unwrap();
        let seen = collect_until(&calls, |seen| seen.contains(&article), within);
        assert_eq!(seen, BTreeSet::from([article.clone()]), "created");

        std::fs::write(&article, "New title\nbody").unwrap();
        let seen = collect_until(&calls, |seen| seen.contains(&article), within);
        assert_eq!(seen, BTreeSet::from([article.clone()]), "changed");

        std::fs::remove_file(&article).unwrap();
        std::fs::remove_file(root.join("notes.md")).unwrap();
        std::fs::remove_file(root.join(".hidden.txt")).unwrap();
        let seen = collect_until(&calls, |seen| seen.contains(&article), within);
        assert_eq!(seen, BTreeSet::from([article.clone()]), "removed");

        // Any straggling call names the article too.
        let seen = collect_until(&calls, |_| false, QUIET * 2);
        assert!(seen.iter().all(|path| *path == article), "{seen:?}");
    }

    #[test]
    fn an_editor_save_burst_is_one_call() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        let article = root.join("a.txt");
        std::fs::write(&article, "Title").unwrap();
        let (_watcher, calls) = watch(&root);

        // Write a hidden temporary file, rename it over the article, change its mode.
        let temp = root.join(".a.txt.swp");
        std::fs::write(&temp, "Title\nnew body").unwrap();
        std::fs::rename(&temp, &article).unwrap();
        let permissions = std::fs::metadata(&article).unwrap().permissions();
        std::fs::set_permissions(&article, permissions).unwrap();
        std::fs::write(&article, "Title\nnewer body").unwrap();

        let first = calls.recv_timeout(Duration::from_secs(2)).expect("a call");
        assert_eq!(first, vec![article]);
        assert!(
            calls.recv_timeout(QUIET * 3).is_err(),
            "no second call for one burst"
        );
    }

    #[test]
    fn folders_are_reported_when_they_appear_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("old/deep")).unwrap();
        std::fs::write(root.join("old/deep/a.txt"), "A").unwrap();
        std::fs::write(root.join("keep.md"), "not an article").unwrap();
        let (_watcher, calls) = watch(&root);
        let within = Duration::from_secs(2);

        // A folder renamed away: the old path is reported though its files had no events.
        let outside = tempfile::tempdir().unwrap();
        std::fs::rename(root.join("old"), outside.path().join("old")).unwrap();
        let old = root.join("old");
        let seen = collect_until(&calls, |seen| seen.contains(&old), within);
        assert_eq!(seen, BTreeSet::from([old]));

        // A folder moved in whole, and a plain new folder.
        std::fs::rename(outside.path().join("old"), root.join("new")).unwrap();
        std::fs::create_dir(root.join("made")).unwrap();
        let (new, made) = (root.join("new"), root.join("made"));
        let seen = collect_until(
            &calls,
            |seen| seen.contains(&new) && seen.contains(&made),
            within,
        );
        assert_eq!(seen, BTreeSet::from([made.clone(), new.clone()]));

        // A removed folder; a removed or renamed non-article file is not reported.
        std::fs::rename(root.join("keep.md"), root.join("kept.md")).unwrap();
        std::fs::remove_dir_all(&new).unwrap();
        let seen = collect_until(&calls, |seen| seen.contains(&new), within);
        assert!(seen.contains(&new), "{seen:?}");
        assert!(
            seen.iter().all(|path| path.starts_with(&new)),
            "only the folder and its files: {seen:?}"
        );
    }

    #[test]
    fn dropping_the_watcher_stops_the_calls() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        let (watcher, calls) = watch(&root);
        drop(watcher);
        std::fs::write(root.join("a.txt"), "A").unwrap();
        assert!(matches!(
            calls.recv_timeout(QUIET * 3),
            Err(RecvTimeoutError::Disconnected)
        ));
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let Err(err) = LibraryWatcher::start(&missing, |_| {}) else {
            panic!("watching a missing folder starts");
        };
        let message = err.to_string();
        assert!(message.contains("nope"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }
}
