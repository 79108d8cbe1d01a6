//! Live reload, the app's side: a worker re-reads the changed files into a new library
//! ([`crate::domain::worker::Job::Reload`]); here it is swapped in and the reader put back on the same
//! articles. Everything done here is linear in the number of articles with small constants
//! (no file is read and no article text is touched).

use std::sync::Arc;

use super::list::ListRow;
use super::state::App;
use crate::app::config::SortOrder;
use crate::domain::library::{ArticleId, Change, Library};
use crate::domain::search::TitleSearch;
use crate::domain::worker::drop_later;
use crate::domain::wrap::DisplayLine;

impl App {
    /// Shows `library`, the reloaded one, whose titles `titles` searches, and puts the open
    /// article, the selection and history back on the same articles, found by path.
    pub(super) fn swap_in(&mut self, library: Arc<Library>, titles: &TitleSearch, change: &Change) {
        // A preview is not where the user is: the article open before the search is. Put it
        // back while its id still names it.
        if let (Some(_), Some(search)) = (change.summary(), self.overlays.search()) {
            self.back_from_preview(search.article);
        }
        let old = std::mem::replace(&mut self.library, library);
        self.reload_done();
        let Some(summary) = change.summary() else {
            // The same articles (a warning may have changed): ids still hold.
            drop_later(old);
            return;
        };
        let old_path = |id: ArticleId| old.get(id).path().to_owned();
        let selected = self.selected_article().map(old_path);
        let current = self.current().map(old_path);
        // Search results and the list's saved position are article ids, which a reload
        // changes; the list is restored by path below.
        let search_again =
            (self.overlays.search()).map(|search| (search.kind, search.query.clone()));
        let restore = (self.overlays.search())
            .and_then(|search| self.article_at(search.restore.selected))
            .map(old_path);
        if let Some(search) = self.overlays.take_search() {
            self.list.position = search.restore;
        }
        // Its results are ids of the old library.
        self.last_search = None;
        let selected = restore.or(selected);
        let library = &self.library;
        self.history
            .renumber(|id| library.find_path(old.get(id).path()));
        drop_later(std::mem::replace(&mut self.titles, titles.share()));
        self.follow_reload(change.clone());
        // Linear in the library (about 20 ms at 100k articles): not needed when only the text
        // of some articles changed, which is what editing a file does.
        if !same_rows(&old, &self.library, change, self.list.sort) {
            self.marks.reload(&old, &self.library);
            self.list.recompute(&self.library, &self.marks);
        }
        // The open article stays where it was read; if it is gone, history's current visit
        // (moved to the nearest surviving one) comes back where it was left.
        let open = match current.and_then(|path| self.library.find_path(&path)) {
            Some(id) => Some((id, self.reader.scroll(), self.related.link_cursor)),
            None => self
                .history
                .current()
                .map(|visit| (visit.article, visit.scroll, visit.link))
                .or((!self.library.is_empty()).then_some((
                    ArticleId::new(0),
                    DisplayLine(0),
                    None,
                ))),
        };
        let was_empty = self.reader.close().is_none();
        match open {
            // The first article of a library that was empty is a new visit, so back works.
            Some((id, _, _)) if was_empty => self.push_visit(id),
            Some((id, scroll, link_cursor)) => self.display(id, scroll, link_cursor),
            // No article: no related pane to make room for.
            None => self.relayout(),
        }
        // A selected story that is gone hands the selection to the open one.
        let row = selected
            .and_then(|path| self.library.find_path(&path))
            .or(self.current())
            .map_or(ListRow(0), |id| self.list.nearest_row(id))
            .min(ListRow(self.list_len().saturating_sub(1)));
        let height = self.list_height();
        self.list.position.select(row, height);
        // A search in progress runs again over the new library, query kept.
        if let Some((kind, query)) = search_again {
            self.open_search(kind);
            self.edit_query(|typed| *typed = query);
        }
        if !self.showing_fetch_end() {
            self.message = Some(format!("library changed: {summary}"));
        }
        drop_later(old);
    }
}

/// Whether the list of `library`, reloaded from `old` by `change`, has the same rows in the same
/// order, with the same marks: nothing was added or removed (so ids hold), no title changed
/// (marks are kept by path and title, and the list may be sorted by title), and the order is
/// not by modification time.
fn same_rows(old: &Library, library: &Library, change: &Change, sort: SortOrder) -> bool {
    change.added.is_empty()
        && change.removed.is_empty()
        && old.len() == library.len()
        && sort != SortOrder::Newest
        && change.changed.iter().all(
            |path| match (old.find_path(path), library.find_path(path)) {
                (Some(before), Some(after)) => {
                    before == after && old.get(before).title() == library.get(after).title()
                }
                _ => false,
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::library::LoadOptions;

    /// A library of `files` in a fresh folder, and that folder.
    fn library(files: &[(&str, &str)]) -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let library = Library::load(dir.path(), LoadOptions::default()).unwrap();
        (dir, library)
    }

    fn reloaded(
        dir: &tempfile::TempDir,
        old: &Library,
        name: &str,
        text: &str,
    ) -> (Library, Change) {
        let path = dir.path().join(name);
        match text {
            "" => std::fs::remove_file(&path).unwrap(),
            text => std::fs::write(&path, text).unwrap(),
        }
        old.reloaded(&[path], LoadOptions::default()).unwrap()
    }

    #[test]
    fn only_a_change_of_text_keeps_the_rows() {
        let files = [("a.txt", "Alpha\nOne."), ("b.txt", "Beta\nTwo.")];
        let (dir, old) = library(&files);
        let (new, change) = reloaded(&dir, &old, "b.txt", "Beta\nTwo, rewritten.");
        assert_eq!(change.changed, ["b.txt"]);
        assert!(same_rows(&old, &new, &change, SortOrder::Path));
        assert!(same_rows(&old, &new, &change, SortOrder::Title));
        assert!(
            !same_rows(&old, &new, &change, SortOrder::Newest),
            "its time changed"
        );

        let (retitled, change) = reloaded(&dir, &new, "b.txt", "Bravo\nTwo.");
        assert!(
            !same_rows(&new, &retitled, &change, SortOrder::Path),
            "a new title"
        );
        let (added, change) = reloaded(&dir, &retitled, "c.txt", "Gamma\nThree.");
        assert!(!same_rows(&retitled, &added, &change, SortOrder::Path));
        let (removed, change) = reloaded(&dir, &added, "a.txt", "");
        assert!(!same_rows(&added, &removed, &change, SortOrder::Path));
    }
}
