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
    by_id: Table,
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
            .map(|entry| lookup(entry.path(), entry.title()))
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
        self.by_id.get(id.index()).unwrap_or_default()
    }

    /// The articles with marks other than the default, in id order.
    pub fn marked(&self) -> Vec<ArticleId> {
        (self.by_id.flags.iter().enumerate())
            .filter(|&(_, &flags)| flags != 0)
            .map(|(index, _)| ArticleId::new(index))
            .collect()
    }

    /// Changes the marks of article `id` of `library`, queueing the change if there is one.
    pub fn change(
        &mut self,
        library: &Library,
        id: ArticleId,
        change: impl FnOnce(&mut Remembered),
    ) {
        let Some(before) = self.by_id.get(id.index()) else {
            return;
        };
        let mut mark = before;
        change(&mut mark);
        if mark != before {
            self.by_id.set(id.index(), mark);
            let entry = library.get(id);
            self.changes.push(MarkChange {
                path: entry.path().to_owned(),
                title: entry.title().to_owned(),
                edit: Edit::between(before, mark),
                remembered: mark,
            });
        }
    }

    /// Renumbers the marks after `old` was reloaded as `library`. An article keeps its marks
    /// when its path and title are unchanged; one that is new, or rewritten under a new title,
    /// is looked up like at start, since the store keys marks by both.
    pub fn reload(&mut self, old: &Library, library: &Library) {
        let by_path: HashMap<&str, (&str, Remembered)> = old
            .entries()
            .zip(self.by_id.iter())
            .map(|(entry, mark)| (entry.path(), (entry.title(), mark)))
            .collect();
        self.by_id = library
            .entries()
            .map(|entry| match by_path.get(entry.path()) {
                Some(&(title, mark)) if title == entry.title() => mark,
                _ => self.remembered(entry.path(), entry.title()),
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
            .filter(|&id| library.get(id).title() == title)
            .and_then(|id| Some((id, self.by_id.get(id.index())?)));
        match shown {
            Some((id, mark)) => {
                self.by_id.set(id.index(), remembered);
                mark != remembered
            }
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

/// The marks of every article, compact: a byte of flags each, and the reading positions of the
/// few articles that have one. At a million articles a `Remembered` each was 24 MB, nearly all
/// of it zeros; this is 1 MB.
#[derive(Default)]
struct Table {
    flags: Vec<u8>,
    /// `(scroll, lines)` by article index, for the articles whose `HAS_PLACE` flag is set.
    places: HashMap<u32, (usize, usize)>,
}

const READ: u8 = 1;
const STARRED: u8 = 2;
const HAS_PLACE: u8 = 4;

impl Table {
    fn get(&self, index: usize) -> Option<Remembered> {
        let flags = *self.flags.get(index)?;
        let (scroll, lines) = if flags & HAS_PLACE == 0 {
            (0, 0)
        } else {
            (self.places.get(&Self::key(index)).copied()).unwrap_or_default()
        };
        Some(Remembered {
            read: flags & READ != 0,
            starred: flags & STARRED != 0,
            scroll,
            lines,
        })
    }

    /// Sets the marks of article `index`, which the table holds.
    fn set(&mut self, index: usize, mark: Remembered) {
        let Some(flags) = self.flags.get_mut(index) else {
            return;
        };
        let place = (mark.scroll, mark.lines);
        let had_place = *flags & HAS_PLACE != 0;
        *flags = [
            (mark.read, READ),
            (mark.starred, STARRED),
            (place != (0, 0), HAS_PLACE),
        ]
        .into_iter()
        .filter(|&(set, _)| set)
        .fold(0, |flags, (_, flag)| flags | flag);
        if place == (0, 0) {
            // Most articles never had a place: looking each one up would hash for nothing.
            if had_place {
                self.places.remove(&Self::key(index));
            }
        } else {
            self.places.insert(Self::key(index), place);
        }
    }

    fn iter(&self) -> impl Iterator<Item = Remembered> + '_ {
        (0..self.flags.len()).filter_map(|index| self.get(index))
    }

    /// Article indexes fit in a `u32` (`ArticleId`).
    fn key(index: usize) -> u32 {
        u32::try_from(index).unwrap_or(u32::MAX)
    }
}

impl FromIterator<Remembered> for Table {
    fn from_iter<I: IntoIterator<Item = Remembered>>(marks: I) -> Self {
        let marks = marks.into_iter();
        let mut table = Table {
            flags: Vec::with_capacity(marks.size_hint().0),
            places: HashMap::new(),
        };
        for mark in marks {
            table.flags.push(0);
            table.set(table.flags.len() - 1, mark);
        }
        table
    }
}

#[cfg(test)]
mod tests;
