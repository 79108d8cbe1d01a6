//! Incremental reload: re-reading only the files a watcher reported as changed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use super::options::within_limit;
use super::walk::{discover_below, read_files};
use super::{
    Entry, Library, LoadOptions, Report, Skipped, Warning, display_path, is_visible, path_order,
};

/// What [`Library::reload`] changed: display paths of articles, each list in path order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Change {
    /// Articles that were not in the library (new files, or files that now load).
    pub added: Vec<String>,
    /// Articles whose title or text changed.
    pub changed: Vec<String>,
    /// Articles no longer in the library (removed files, or files that are now skipped).
    pub removed: Vec<String>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// A short status line such as "1 added, 2 changed, 1 removed" (naming only what
    /// happened); `None` when no article changed.
    pub fn summary(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.added.len(), "added"),
            (self.changed.len(), "changed"),
            (self.removed.len(), "removed"),
        ]
        .into_iter()
        .filter(|&(count, _)| count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

impl Library {
    /// Brings the library up to date with the files at `changed`, re-reading only those.
    ///
    /// The paths are as [`LibraryWatcher`](crate::domain::watch::LibraryWatcher) reports them: below
    /// [`Library::root`], absolute or not; paths elsewhere or hidden are ignored. A file is read
    /// again, or dropped when it is gone; a folder is rescanned whole, or dropped with
    /// everything below it when it is gone; the root itself means everything. Every other
    /// article is kept as it was, unread. Titles, links, backlinks, duplicates, skipped files
    /// and warnings then are what a fresh [`Library::load`] would give, provided nothing else
    /// changed on disk.
    ///
    /// Article ids can change: keep selections and history by path ([`Library::find_path`]).
    /// An in-memory library (no root) is left as it is.
    pub fn reload(&mut self, changed: &[PathBuf], options: LoadOptions) -> Change {
        match self.reloaded(changed, options) {
            Some((library, change)) => {
                *self = library;
                change
            }
            None => Change::default(),
        }
    }

    /// [`Library::reload`] into a new library, leaving this one as it is (it may be on screen
    /// while a worker reloads): the new one shares every unchanged article with it. `None`
    /// when `changed` names nothing below the root, the library has no root, or the result
    /// would hold more articles than a load accepts ([`super::MAX_ARTICLES`]).
    pub fn reloaded(&self, changed: &[PathBuf], options: LoadOptions) -> Option<(Self, Change)> {
        if self.root.as_os_str().is_empty() {
            return None;
        }
        let scopes = self.scopes(changed);
        if scopes.is_empty() {
            return None;
        }
        let started = Instant::now();

        // What the changed parts of the folder hold now.
        let mut files = Vec::new();
        let mut found = Vec::new();
        for scope in &scopes {
            if reachable(&self.root, &scope.relative) {
                let start = self.root.join(&scope.relative);
                discover_below(&self.root, &start, &mut files, &mut found);
            }
        }
        let read = read_files(&self.root, files, options, &AtomicUsize::new(0));
        let counts = read.counts();
        let (mut failed, mut warned, mut fresh) = (read.skipped, read.warnings, read.entries);
        fresh.sort_by_path(path_order);
        found.sort_by(|a, b| path_order(&a.path, &b.path));
        failed.sort_by(|a, b| path_order(&a.path, &b.path));
        warned.sort_by(|a, b| path_order(&a.path, &b.path));

        // Everything in a changed part is replaced by what it holds now.
        let whole = scopes.iter().any(|scope| scope.display.is_empty());
        let displays: HashSet<&str> = scopes.iter().map(|scope| scope.display.as_str()).collect();
        let in_scope = |path: &str| {
            whole
                || displays.contains(path)
                || path
                    .match_indices('/')
                    .any(|(end, _)| displays.contains(&path[..end]))
        };
        let before: HashMap<&str, Entry<'_>> = (self.entries.iter())
            .filter(|entry| in_scope(entry.path()))
            .map(|entry| (entry.path(), entry))
            .collect();
        let kept = self.entries.len() - before.len();
        let mut before = before;
        let mut change = Change::default();
        for entry in fresh.iter() {
            match before.remove(entry.path()) {
                None => change.added.push(entry.path().to_owned()),
                Some(old) if old.differs(entry) => change.changed.push(entry.path().to_owned()),
                Some(_) => {}
            }
        }
        within_limit(&self.root, kept + fresh.len()).ok()?;
        change.removed = before.into_keys().map(str::to_owned).collect();
        change.removed.sort_by(|a, b| path_order(a, b));

        let mut old_failed = self.skipped.clone();
        let old_found: Vec<Skipped> = old_failed
            .drain(..self.discovered.min(old_failed.len()))
            .collect();
        let outside = |list: Vec<Skipped>| -> Vec<Skipped> {
            list.into_iter().filter(|s| !in_scope(&s.path)).collect()
        };
        let found = merge_in_path_order(outside(old_found), found, |s| &s.path);
        let discovered = found.len();
        let mut skipped = found;
        skipped.extend(merge_in_path_order(outside(old_failed), failed, |s| {
            &s.path
        }));
        let warnings: Vec<Warning> = self
            .warnings
            .iter()
            .filter(|warning| !in_scope(&warning.path))
            .cloned()
            .collect();
        let warnings = merge_in_path_order(warnings, warned, |w| &w.path);
        let report = Report::new((skipped, warnings), discovered, started, counts);
        let entries = self.entries.merged(
            |entry| !in_scope(entry.path()),
            fresh,
            |new, old| path_order(new.path(), old.path()) == std::cmp::Ordering::Less,
        );
        let place = (self.root.clone(), self.inside.clone());
        let library = Self::assemble(entries, None, place, options, report);
        Some((library, change))
    }

    /// The parts of the folder that `changed` names, relative to the root, in path order,
    /// without those inside another one.
    fn scopes(&self, changed: &[PathBuf]) -> Vec<Scope> {
        let roots: Vec<PathBuf> = [
            std::path::absolute(&self.root).ok(),
            std::fs::canonicalize(&self.root).ok(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut relative: Vec<PathBuf> = changed
            .iter()
            .filter_map(|path| {
                let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                let relative = roots.iter().find_map(|root| path.strip_prefix(root).ok())?;
                is_visible(relative).then(|| relative.to_path_buf())
            })
            .collect();
        // Path order is walkdir's: component by component, so a folder comes just before
        // everything inside it.
        relative.sort();
        relative.dedup();
        let mut scopes: Vec<Scope> = Vec::with_capacity(relative.len());
        for relative in relative {
            if scopes
                .last()
                .is_some_and(|scope| relative.starts_with(&scope.relative))
            {
                continue;
            }
            let display = display_path(&self.root, &self.root.join(&relative));
            scopes.push(Scope { relative, display });
        }
        scopes
    }
}

/// A changed part of the folder: its path relative to the root, and its display path.
struct Scope {
    relative: PathBuf,
    display: String,
}

/// Whether a walk of `root` reaches `relative`: every folder on the way is a real folder (not
/// a symbolic link, which loading does not follow).
fn reachable(root: &Path, relative: &Path) -> bool {
    relative
        .ancestors()
        .skip(1)
        .filter(|folder| !folder.as_os_str().is_empty())
        .all(|folder| std::fs::symlink_metadata(root.join(folder)).is_ok_and(|m| m.is_dir()))
}

/// Merges `new` into `old`, both in path order.
fn merge_in_path_order<T>(old: Vec<T>, new: Vec<T>, path: impl Fn(&T) -> &str) -> Vec<T> {
    if new.is_empty() {
        return old;
    }
    let mut merged = Vec::with_capacity(old.len() + new.len());
    let mut new = new.into_iter().peekable();
    for item in old {
        while let Some(next) =
            new.next_if(|next| path_order(path(next), path(&item)) == std::cmp::Ordering::Less)
        {
            merged.push(next);
        }
        merged.push(item);
    }
    merged.extend(new);
    merged
}

#[cfg(test)]
mod tests;
