//! Read, starred and reading positions of the library's articles: the app's one in-memory copy.
//!
//! The app does not own the store that keeps marks between runs. It asks a lookup for what is
//! remembered when an article first appears, and queues every change it makes; the terminal
//! layer drains the queue ([`super::App::take_mark_changes`]) and persists it. Each change says
//! which fields changed ([`Edit`]), so persisting it never undoes another reader's marks; what
//! other readers changed comes back through [`super::App::marks_changed_elsewhere`].

use std::collections::HashMap;

use crate::domain::library::{ArticleId, Library};
use crate::domain::store::{Edit, Remembered};

/// What is remembered of the article at `path` titled `title`, from the store. `Send`: the
/// marks are made on the thread that loads the library ([`super::App::prepare`]).
pub type MarkLookup = Box<dyn Fn(&str, &str) -> Remembered + Send>;

/// One change to persist: the article's path and title (its key in the store), the fields
/// that changed, and the marks it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkChange {
    pub path: String,
    pub title: String,
    pub edit: Edit,
    pub remembered: Remembered,
}

/// Marks by article id, and the changes not handed over yet.
pub struct Marks {
    by_id: Vec<Remembered>,
    changes: Vec<MarkChange>,
    lookup: MarkLookup,
    /// Marks other readers changed for articles this library does not hold (yet): a reload
    /// that brings one in finds them here before the start's lookup.
    elsewhere: HashMap<(String, String), Remembered>,
}

impl Marks {
    /// The marks of every article of `library`, from `lookup`.
    pub fn new(library: &Library, lookup: MarkLookup) -> Self {
        let by_id = library
            .entries()
            .iter()
            .map(|entry| lookup(&entry.path, &entry.title))
            .collect();
        Self {
            by_id,
            changes: Vec::new(),
            lookup,
            elsewhere: HashMap::new(),
        }
    }

    /// What is remembered of article `id`.
    pub fn get(&self, id: ArticleId) -> Remembered {
        self.by_id.get(id.index()).copied().unwrap_or_default()
    }

    /// Changes the marks of article `id` of `library`, queueing the change if there is one.
    pub fn change(
        &mut self,
        library: &Library,
        id: ArticleId,
        change: impl FnOnce(&mut Remembered),
    ) {
        let Some(mark) = self.by_id.get_mut(id.index()) else {
            return;
        };
        let before = *mark;
        change(mark);
        if *mark != before {
            let entry = library.get(id);
            self.changes.push(MarkChange {
                path: entry.path.clone(),
                title: entry.title.clone(),
                edit: Edit::between(before, *mark),
                remembered: *mark,
            });
        }
    }

    /// Renumbers the marks after `old` was reloaded as `library`. An article keeps its marks
    /// when its path and title are unchanged; one that is new, or rewritten under a new title,
    /// is looked up like at start, since the store keys marks by both.
    pub fn reload(&mut self, old: &Library, library: &Library) {
        let by_path: HashMap<&str, (&str, Remembered)> = old
            .entries()
            .iter()
            .zip(&self.by_id)
            .map(|(entry, mark)| (entry.path.as_str(), (entry.title.as_str(), *mark)))
            .collect();
        self.by_id = library
            .entries()
            .iter()
            .map(|entry| match by_path.get(entry.path.as_str()) {
                Some(&(title, mark)) if title == entry.title => mark,
                _ => self.remembered(&entry.path, &entry.title),
            })
            .collect();
    }

    /// Takes the marks another reader gave the article at `path` titled `title` (as the store
    /// has them, this reader's changes applied); true if an article shown changed.
    pub fn changed_elsewhere(
        &mut self,
        library: &Library,
        path: &str,
        title: &str,
        remembered: Remembered,
    ) -> bool {
        let shown = library
            .find_path(path)
            .filter(|&id| library.get(id).title == title)
            .and_then(|id| self.by_id.get_mut(id.index()));
        match shown {
            Some(mark) => std::mem::replace(mark, remembered) != remembered,
            None => {
                self.elsewhere
                    .insert((path.to_owned(), title.to_owned()), remembered);
                false
            }
        }
    }

    /// The store's marks for `path` and `title`, counting changes not handed over yet and
    /// those other readers made since the start.
    fn remembered(&self, path: &str, title: &str) -> Remembered {
        let key = (path.to_owned(), title.to_owned());
        self.changes
            .iter()
            .rev()
            .find(|change| change.path == path && change.title == title)
            .map(|change| change.remembered)
            .or_else(|| self.elsewhere.get(&key).copied())
            .unwrap_or_else(|| (self.lookup)(path, title))
    }

    /// The changes made since the last call, oldest first.
    pub fn take_changes(&mut self) -> Vec<MarkChange> {
        std::mem::take(&mut self.changes)
    }
}
