//! What the reader remembers between runs — which articles were read, which are starred, where
//! reading stopped — in an SQLite database, `$XDG_STATE_HOME/readmore/state.db`.
//!
//! Why SQLite, as browsers and newsboat do: several readers can run at once and each change is
//! written as one row (`INSERT … ON CONFLICT DO UPDATE`), so two readers merge per article
//! instead of the last one to quit overwriting the other's marks; a crash or `kill -9` loses at
//! most the last batch (under a second); starting and saving cost the same after years of use
//! (rows for files not seen for [`PRUNE_AFTER`] are pruned); and SQLite writes the database in
//! place, so a `state.db` that is a symlink into a dotfiles folder, or one chmod'ed 600, is kept
//! as the user made it.
//!
//! Layout of the table `article`, one row per article:
//!
//! | column       | meaning                                                            |
//! |--------------|--------------------------------------------------------------------|
//! | `path`       | BLOB: the exact bytes of the path (two names that look alike once  |
//! |              | cleaned for display never share a row)                             |
//! | `title`      | TEXT: a rewritten file with another title is another article       |
//! | `read`, `starred` | 0 or 1                                                        |
//! | `scroll`, `lines` | the first line shown out of how many (see [`Remembered`])     |
//! | `updated_at` | unix seconds of the last change (newest wins when importing)       |
//! | `seen_at`    | unix seconds the file was last seen in a library (for pruning)     |
//!
//! The [`Store`] handle never blocks on the disk except in [`Store::snapshot`] (once, at start)
//! and [`Store::flush`] (at quit): a writer thread owns the connection and writes what
//! [`Store::record`] sends it in one transaction per batch.

mod db;
mod exchange;
mod snapshot;
mod writer;

#[cfg(test)]
mod exchange_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub use exchange::{
    ArticleMarks, Exported, Format, ImportSummary, StateError, export, export_to_file, import,
    parse, write,
};

pub use snapshot::Snapshot;
use writer::WriteJob;

/// The database's name inside readmore's state folder.
pub const FILE_NAME: &str = "state.db";

/// The reading state of earlier versions, imported once from the same folder, then renamed to
/// `state.toml.imported`.
pub const LEGACY_FILE_NAME: &str = "state.toml";

/// How long an article may go unseen in any library before [`Store::prune`] forgets it.
pub const PRUNE_AFTER: Duration = Duration::from_secs(90 * 24 * 60 * 60);

/// The default database: `$XDG_STATE_HOME/readmore/state.db`, else
/// `~/.local/state/readmore/state.db` (a relative `XDG_STATE_HOME` is ignored, see
/// [`crate::paths`]).
pub fn default_path() -> Option<PathBuf> {
    crate::paths::state_dir().map(|dir| dir.join(FILE_NAME))
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

/// A handle on the reading-state database; cheap to clone. A writer thread owns the
/// connection; the last handle dropped writes what is pending and waits for the thread.
#[derive(Debug, Clone)]
pub struct Store {
    /// `None` when the database could not be opened: the store then remembers nothing.
    shared: Option<Arc<Shared>>,
}

#[derive(Debug)]
struct Shared {
    jobs: Sender<WriteJob>,
    /// A writer failure not yet shown (see [`Store::take_warning`]).
    warning: Arc<Mutex<Option<String>>>,
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
    /// Opens or creates the store at `path` (a new database and its folder are private:
    /// modes 600 and 700), and imports an old `state.toml` from the same folder once.
    ///
    /// Never fatal: if the database cannot be opened, the store remembers nothing this run and
    /// the warning (one line, naming the file) says so. A warning also reports an old
    /// `state.toml` that could not be imported (it is moved aside, never lost).
    pub fn open(path: &Path) -> (Store, Option<String>) {
        match db::open(path) {
            Ok((connection, notice)) => {
                let warning = Arc::new(Mutex::new(None));
                let (jobs, receiver) = mpsc::channel();
                let writer = writer::Writer::new(connection, path, Arc::clone(&warning));
                let thread = std::thread::Builder::new()
                    .name("readmore-state".into())
                    .spawn(move || writer.run(&receiver));
                match thread {
                    Ok(thread) => {
                        let shared = Shared {
                            jobs,
                            warning,
                            thread: Some(thread),
                        };
                        let store = Store {
                            shared: Some(Arc::new(shared)),
                        };
                        (store, notice)
                    }
                    Err(err) => (
                        Store::disabled(),
                        Some(exchange::not_saving(path, &err.to_string())),
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

    /// What is remembered of every article, read once at start: waits for the writer to
    /// write what is pending, then reads every row (100k rows well under 100 ms).
    pub fn snapshot(&self) -> Snapshot {
        let Some(shared) = &self.shared else {
            return Snapshot::default();
        };
        let (reply, answer) = mpsc::channel();
        if shared.jobs.send(WriteJob::Snapshot(reply)).is_err() {
            return Snapshot::default();
        }
        answer.recv().unwrap_or_default()
    }

    /// Records one article's marks. Never blocks: the writer thread writes it within a second,
    /// batched with other changes in one transaction, and only this article's row, so another
    /// reader's changes to other articles are kept.
    pub fn record(&self, path: impl AsRef<[u8]>, title: &str, remembered: Remembered) {
        self.send(WriteJob::Record(
            (path.as_ref().into(), title.to_owned()),
            remembered,
        ));
    }

    /// Writes what is pending and waits (at quit); the warning if writing failed.
    pub fn flush(&self) -> Option<String> {
        let shared = self.shared.as_ref()?;
        let (reply, answer) = mpsc::channel();
        let stopped = || Some("reading state not saved: its writer stopped".to_owned());
        if shared.jobs.send(WriteJob::Flush(reply)).is_err() {
            return stopped();
        }
        answer.recv().unwrap_or_else(|_| stopped())
    }

    /// A writer failure since the last call, for the status bar (each failure is reported
    /// once; the writer keeps the changes and tries again).
    pub fn take_warning(&self) -> Option<String> {
        let shared = self.shared.as_ref()?;
        let mut warning = shared
            .warning
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        warning.take()
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

    /// Forgets every article not recorded nor marked seen for `older_than` (normally
    /// [`PRUNE_AFTER`]), so the database does not grow with years of use. Call it after
    /// [`Store::mark_seen`], and only when the library loaded (an unmounted folder must not
    /// make everything look gone). Never blocks.
    pub fn prune(&self, older_than: Duration) {
        self.send(WriteJob::Prune(older_than));
    }

    fn send(&self, job: WriteJob) {
        if let Some(shared) = &self.shared {
            // A writer that stopped has already reported why; nothing more to do here.
            let _ = shared.jobs.send(job);
        }
    }
}
