//! The reading state as the app and the event loop use it: an in-memory copy the app changes
//! as marks change, and a store that sends those changes to [`crate::state`]'s database.
//!
//! A thin layer kept so the callers did not have to change when the state moved from one
//! `state.toml` rewritten whole to an SQLite database written per article; new code can use
//! [`crate::state::Store`] directly.

use std::collections::HashSet;
use std::path::PathBuf;

pub use crate::state::Remembered;
use crate::state::{self, Snapshot};

/// The database's name inside readmore's state folder.
pub const FILE_NAME: &str = state::FILE_NAME;

/// The default database, see [`crate::state::default_path`].
pub fn default_path() -> Option<PathBuf> {
    state::default_path()
}

/// Every article's remembered state, in memory, and which articles changed since the last
/// save.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadingState {
    remembered: Snapshot,
    /// Changed and not yet handed to the store: (path, title).
    changed: HashSet<(String, String)>,
}

impl ReadingState {
    /// The state of the article at `path` titled `title`.
    pub fn get(&self, path: &str, title: &str) -> Remembered {
        self.remembered.get(path, title)
    }

    /// Changes the state of one article; marks it for saving if anything changed.
    pub fn update(&mut self, path: &str, title: &str, change: impl FnOnce(&mut Remembered)) {
        let before = self.remembered.get(path, title);
        let mut after = before;
        change(&mut after);
        if after != before {
            self.remembered.set(path, title, after);
            self.changed.insert((path.to_owned(), title.to_owned()));
        }
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        !self.changed.is_empty()
    }
}

/// Where the state is saved.
#[derive(Debug)]
pub struct Store {
    store: state::Store,
}

impl Store {
    /// Opens the state at `path`, with a warning for the status bar if it could not be opened
    /// (the reader then runs, remembering nothing) or an old `state.toml` not imported.
    pub fn open(path: PathBuf) -> (Self, ReadingState, Option<String>) {
        let (store, warning) = state::Store::open(&path);
        let reading = ReadingState {
            remembered: store.snapshot(),
            changed: HashSet::new(),
        };
        (Self { store }, reading, warning)
    }

    /// Hands the changes to the writer thread (it writes them within a second; this never
    /// waits for the disk), and returns a writer failure not yet shown.
    pub fn save_if_due(&mut self, state: &mut ReadingState) -> Option<String> {
        for (path, title) in state.changed.drain() {
            let remembered = state.remembered.get(&path, &title);
            self.store.record(&path, &title, remembered);
        }
        self.store.take_warning()
    }

    /// Saves now and waits (at quit); the warning if saving failed.
    pub fn save(&mut self, state: &mut ReadingState) -> Option<String> {
        let pending = self.save_if_due(state);
        self.store.flush().or(pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_saved_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let (mut store, mut reading, warning) = Store::open(path.clone());
        assert_eq!(warning, None);
        reading.update("a.txt", "A", |r| r.read = true);
        reading.update("b.txt", "B", |r| r.starred = false);
        assert!(reading.is_dirty(), "a read mark is a change");
        assert_eq!(store.save(&mut reading), None);
        assert!(!reading.is_dirty());
        drop(store);
        let (_, reopened, _) = Store::open(path);
        assert!(reopened.get("a.txt", "A").read);
        assert_eq!(reopened.get("b.txt", "B"), Remembered::default());
    }

    #[test]
    fn unchanged_updates_are_not_changes() {
        let mut reading = ReadingState::default();
        reading.update("a.txt", "A", |r| r.read = false);
        assert!(!reading.is_dirty());
    }
}
