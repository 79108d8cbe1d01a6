//! What the reader remembers between runs — which articles were read, which are starred, where
//! reading stopped — in an SQLite database, `$XDG_STATE_HOME/readmore/state.db`.
//!
//! Why SQLite, as browsers and newsboat do: several readers can run at once and each change is
//! written as the fields it changed of one row ([`Edit`]: `INSERT … ON CONFLICT DO UPDATE SET
//! read = coalesce(?, read)`…), so two readers merge per field instead of one overwriting the
//! other's marks, and each reader sees the others' changes within a second (the writer thread
//! looks for rows stamped with a newer change number); a crash or `kill -9` loses at
//! most the last batch (under a second); starting and saving cost the same after years of use
//! (rows for files not seen for [`PRUNE_AFTER`] are pruned); and SQLite writes the database in
//! place, so a `state.db` that is a symlink into a dotfiles folder, or one chmod'ed 600, is kept
//! as the user made it.
//!
//! Layout of the table `mark`, one row per article of a library:
//!
//! | column       | meaning                                                            |
//! |--------------|--------------------------------------------------------------------|
//! | `library`    | BLOB: the canonical path of the articles folder ([`library_key`]); |
//! |              | empty for rows of earlier versions no library has adopted yet      |
//! | `path`       | BLOB: the exact bytes of the path (two names that look alike once  |
//! |              | cleaned for display never share a row)                             |
//! | `title`      | TEXT: a rewritten file with another title is another article       |
//! | `read`, `starred` | 0 or 1                                                        |
//! | `scroll`, `lines` | the first line shown out of how many (see [`Remembered`])     |
//! | `updated_at` | unix seconds of the last change (newest wins when importing)       |
//! | `seen_at`    | unix seconds the file was last seen in its library (for pruning)   |
//! | `version`    | the change number of the transaction that last wrote it            |
//!
//! The table `visit` keeps each library's visits of its last run (back/forward history, the
//! article open at quit), and `counter` the last change number given out.
//!
//! The [`Store`] handle never blocks on the disk except in [`Store::snapshot`] (once, at start)
//! and [`Store::flush`] (at quit): a writer thread owns the connection and writes what
//! [`Store::record`] sends it in one transaction per batch.
//!
//! Earlier versions kept one table `article` without a library: its rows move to `mark` as
//! unclaimed, and the first library opened afterwards (by the reader or `state export` /
//! `import --articles`) adopts them, since that is almost always the library they were made
//! in. The old `last-open` file is imported once for the library it names.

mod db;
mod edit;
mod error;
mod exchange;
mod format;
mod legacy;
mod open;
mod snapshot;
mod text;
mod writer;

#[cfg(test)]
mod tests;

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub use edit::Edit;
pub use error::StateError;
pub use exchange::{export, export_to_file, exported, import};
pub use format::{ArticleMarks, Exported, Format, ImportSummary, parse, write};

pub use snapshot::Snapshot;
use writer::{Inbox, WriteJob};

/// The database's name inside readmore's state folder.
pub const FILE_NAME: &str = "state.db";

/// The reading state of earlier versions, imported once from the same folder, then renamed to
/// `state.toml.imported`.
pub const LEGACY_FILE_NAME: &str = "state.toml";

/// How long an article may go unseen in its library before [`Store::prune`] forgets it.
pub const PRUNE_AFTER: Duration = Duration::from_secs(90 * 24 * 60 * 60);

/// The default database: `$XDG_STATE_HOME/readmore/state.db`, else
/// `~/.local/state/readmore/state.db` (a relative `XDG_STATE_HOME` is ignored, see
/// [`crate::domain::paths`]).
pub fn default_path() -> Option<PathBuf> {
    crate::domain::paths::state_dir().map(|dir| dir.join(FILE_NAME))
}

/// The key of a library's rows: its folder, canonical (symlinks resolved) when it exists, so
/// that one library reached by two names shares its marks and two libraries never do.
pub fn library_key(folder: &Path) -> Box<[u8]> {
    let folder = std::fs::canonicalize(folder)
        .or_else(|_| std::path::absolute(folder))
        .unwrap_or_else(|_| folder.to_path_buf());
    folder.as_os_str().as_bytes().into()
}

/// The articles visited in a library's last run, oldest first, to come back to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    pub visits: Vec<Visit>,
    /// The visit that was open at quit (reopened at the next start).
    pub current: usize,
}

/// One visit: the article's path in its library and the first display line shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub path: String,
    pub scroll: usize,
}
/// What is remembered of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Remembered {
    pub read: bool,
    pub starred: bool,
    /// The first line shown, out of `lines` wrapped lines: kept as a fraction so that a
    /// different terminal width still reopens near the same place.
    pub scroll: usize,
    pub lines: usize,
}

impl Remembered {
    /// The scroll position for an article now wrapped to `lines` lines.
    pub fn scroll_for(&self, lines: usize) -> usize {
        match self.lines {
            0 => 0,
            old if old == lines => self.scroll,
            // Values come from a file: never overflow, never point past the end.
            old => {
                let scaled = u128::from(self.scroll as u64) * lines as u128 / old as u128;
                usize::try_from(scaled).unwrap_or(usize::MAX).min(lines)
            }
        }
    }
}

/// An article's key: the exact bytes of its path, and its title.
pub(crate) type RowKey = (Box<[u8]>, String);

/// A handle on one library's reading state in the database; cheap to clone. A writer thread
/// owns the connection; the last handle dropped writes what is pending and waits for the
/// thread.
#[derive(Debug, Clone)]
pub struct Store {
    /// `None` when the database could not be opened: the store then remembers nothing.
    shared: Option<Arc<Shared>>,
}

#[derive(Debug)]
struct Shared {
    jobs: Sender<WriteJob>,
    /// Edits on their way to the database, rows other readers changed, and a failure not yet
    /// shown; shared with the writer thread.
    inbox: Arc<Mutex<Inbox>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        // Closing the channel tells the writer to write what is pending and stop.
        let (closed, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.jobs, closed));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Store {
    /// Opens or creates the database at `path` (a new database and its folder are private:
    /// modes 600 and 700) for the library whose key is `library` ([`library_key`]), and
    /// imports an old `state.toml` from the same folder once. Rows from before marks were
    /// kept per library are adopted by the first library opened; an old `last-open` file
    /// beside the database that names this library becomes its last run, once.
    ///
    /// Never fatal: if the database cannot be opened, the store remembers nothing this run and
    /// the warning (one line, naming the file) says so. A warning also reports an old
    /// `state.toml` that could not be imported (it is moved aside, never lost).
    pub fn open(path: &Path, library: &[u8]) -> (Store, Option<String>) {
        let opened = open::open(path).and_then(|(mut connection, notice)| {
            db::adopt(&mut connection, library).map_err(|err| StateError::Open {
                path: path.to_path_buf(),
                message: err.to_string(),
            })?;
            let folder = path.parent().unwrap_or(Path::new("."));
            let last_open = folder.join(legacy::LAST_OPEN_FILE_NAME);
            legacy::import_last_open(&mut connection, &last_open, library);
            Ok((connection, notice))
        });
        match opened {
            Ok((connection, notice)) => {
                let inbox = Arc::new(Mutex::new(Inbox::default()));
                let (jobs, receiver) = mpsc::channel();
                let writer = writer::Writer::new(connection, path, library, Arc::clone(&inbox));
                let thread = std::thread::Builder::new()
                    .name("readmore-state".into())
                    .spawn(move || writer.run(&receiver));
                match thread {
                    Ok(thread) => {
                        let shared = Shared {
                            jobs,
                            inbox,
                            thread: Some(thread),
                        };
                        let store = Store {
                            shared: Some(Arc::new(shared)),
                        };
                        (store, notice)
                    }
                    Err(err) => (
                        Store::disabled(),
                        Some(error::not_saving(path, &err.to_string())),
                    ),
                }
            }
            Err(err) => (Store::disabled(), Some(format!("{err}; not saving"))),
        }
    }

    /// A store that remembers nothing (`--no-state`, or a database that cannot be opened).
    pub fn disabled() -> Store {
        Store { shared: None }
    }

    /// What is remembered of every article of the library, read once at start: waits for the
    /// writer to write what is pending, then reads every row (100k rows well under 100 ms).
    /// A row whose title is not UTF-8 is skipped, and a warning says so.
    pub fn snapshot(&self) -> Snapshot {
        self.ask(WriteJob::Snapshot).unwrap_or_default()
    }

    /// The visits of the library's last run, if it had any (read once at start).
    pub fn session(&self) -> Option<Session> {
        self.ask(WriteJob::Session).flatten()
    }

    /// Keeps `session` as the library's last run (at quit; written before [`Store::flush`]
    /// returns).
    pub fn save_session(&self, session: Session) {
        self.send(WriteJob::SaveSession(session));
    }

    /// Records one change to an article's marks. Never blocks: the writer thread writes it
    /// within a second, batched with other changes in one transaction, and only the fields
    /// `edit` sets, so what another reader changed in the same row (or any other) is kept.
    pub fn record(&self, path: impl AsRef<[u8]>, title: &str, edit: Edit) {
        let Some(shared) = &self.shared else {
            return;
        };
        if edit.is_empty() {
            return;
        }
        let key = (path.as_ref().into(), title.to_owned());
        writer::lock(&shared.inbox).edit(key, edit, db::now());
        let _ = shared.jobs.send(WriteJob::Changed);
    }

    /// The articles whose marks other readers changed since the last call (the writer looks
    /// every second), as this reader should now show them: its own edits not yet written are
    /// applied over them. Never blocks on the disk.
    pub fn take_changes_elsewhere(&self) -> Vec<(Box<[u8]>, String, Remembered)> {
        let Some(shared) = &self.shared else {
            return Vec::new();
        };
        let fresh = writer::lock(&shared.inbox).take_fresh();
        fresh
            .into_iter()
            .map(|((path, title), remembered)| (path, title, remembered))
            .collect()
    }

    /// Writes what is pending and waits (at quit); the warning if writing failed.
    pub fn flush(&self) -> Option<String> {
        self.shared.as_ref()?;
        self.ask(WriteJob::Flush)
            .unwrap_or_else(|| Some("reading state not saved: its writer stopped".to_owned()))
    }

    /// A failure since the last call, for the status bar (each failure is reported once; the
    /// writer keeps the changes and tries again).
    pub fn take_warning(&self) -> Option<String> {
        let shared = self.shared.as_ref()?;
        writer::lock(&shared.inbox).take_warning()
    }

    /// Calls `wake` (on the writer's thread) whenever there is something to take: marks other
    /// readers changed ([`Store::take_changes_elsewhere`]) or a failure
    /// ([`Store::take_warning`]); so the reader can sleep until then.
    pub fn wake_on_news(&self, wake: impl Fn() + Send + 'static) {
        if let Some(shared) = &self.shared {
            let mut inbox = writer::lock(&shared.inbox);
            inbox.wake = writer::Wake(Some(Box::new(wake)));
            // What came before the wake was set is news too.
            if inbox.has_news() {
                inbox.news();
            }
        }
    }

    /// Notes that these articles (path bytes, title) are in the library now, so that
    /// [`Store::prune`] keeps them. Call it with every article after the library loads (and
    /// after a reload); it never blocks, and rewrites a row at most once a day.
    pub fn mark_seen<P: AsRef<[u8]>, T: AsRef<str>>(
        &self,
        articles: impl IntoIterator<Item = (P, T)>,
    ) {
        let keys = articles
            .into_iter()
            .map(|(path, title)| (path.as_ref().into(), title.as_ref().to_owned()))
            .collect();
        self.send(WriteJob::Seen(keys));
    }

    /// Forgets every article of the library not recorded nor marked seen for `older_than`
    /// (normally [`PRUNE_AFTER`]), so the database does not grow with years of use. Call it
    /// after [`Store::mark_seen`], and only when the library loaded (an unmounted folder must
    /// not make everything look gone). Never blocks.
    pub fn prune(&self, older_than: Duration) {
        self.send(WriteJob::Prune(older_than));
    }

    /// Sends a job that answers, and waits for the answer.
    fn ask<T>(&self, job: impl FnOnce(Sender<T>) -> WriteJob) -> Option<T> {
        let shared = self.shared.as_ref()?;
        let (reply, answer) = mpsc::channel();
        shared.jobs.send(job(reply)).ok()?;
        answer.recv().ok()
    }

    fn send(&self, job: WriteJob) {
        if let Some(shared) = &self.shared {
            // A writer that stopped has already reported why; nothing more to do here.
            let _ = shared.jobs.send(job);
        }
    }
}
