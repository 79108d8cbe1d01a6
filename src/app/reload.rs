//! Live reload: re-reading changed files and putting the reader back on the same articles.

use std::path::PathBuf;

use super::state::App;
use super::views::{ListRow, Mode};
use crate::library::{ArticleId, LoadOptions};
use crate::search::TitleSearch;
use crate::wrap::DisplayLine;

impl App {
    /// Re-reads the changed files (the only file reading `update` does: a handful of files,
    /// where a fresh load would read them all), then puts the open article, the selection and
    /// history back on the same articles, found by path.
    pub(super) fn reload(&mut self, paths: &[PathBuf]) {
        let old: Vec<(String, String)> = self
            .library
            .entries()
            .iter()
            .map(|e| (e.path.clone(), e.article.title.clone()))
            .collect();
        let old_path = |id: ArticleId| old[id].0.clone();
        let selected = self.selected_article().map(old_path);
        let current = self.current().map(old_path);
        let options = LoadOptions {
            max_article_bytes: self.config.max_article_bytes,
            follow_symlinks: self.config.follow_symlinks,
            decoding: self.config.encoding,
        };
        // Search results and the list's saved position are article ids, which a reload
        // changes; the list is restored by path below.
        let search_again = match &self.mode {
            Mode::Search(search) => Some((search.kind, search.query.clone())),
            _ => None,
        };
        let restore = match &self.mode {
            Mode::Search(search) => self.article_at(search.restore.selected),
            _ => None,
        }
        .map(old_path);
        let change = self.library.reload(paths, options);
        let Some(summary) = change.summary() else {
            return;
        };
        if search_again.is_some() {
            self.cancel_search();
        }
        let selected = restore.or(selected);
        let library = &self.library;
        self.history.renumber(|id| library.find_path(&old[id].0));
        self.titles = TitleSearch::for_library(&self.library);
        self.fulltext = None;
        if let Some(worker) = &self.worker {
            worker.replace_titles(self.titles.share());
        }
        self.marks.reload(&old, &self.library);
        self.recompute_visible();
        // The open article stays where it was read; if it is gone, history's current visit
        // (moved to the nearest surviving one) comes back where it was left.
        let open = match current.and_then(|path| self.library.find_path(&path)) {
            Some(id) => Some((id, self.reader.scroll, self.reader.link_cursor)),
            None => self
                .history
                .current()
                .map(|visit| (visit.article, visit.scroll, visit.link))
                .or((!self.library.is_empty()).then_some((0, DisplayLine(0), None))),
        };
        let was_empty = self.reader.wrapped.take().is_none();
        match open {
            // The first article of a library that was empty is a new visit, so back works.
            Some((id, _, _)) if was_empty => self.push_visit(id),
            Some((id, scroll, link_cursor)) => self.display(id, scroll, link_cursor),
            None => {}
        }
        let row = selected
            .and_then(|path| self.library.find_path(&path))
            .map_or(ListRow(0), |id| self.nearest_row(id))
            .min(ListRow(self.list_len().saturating_sub(1)));
        let height = self.list_height();
        self.list.position.select(row, height);
        // A search in progress runs again over the new library, query kept.
        if let Some((kind, query)) = search_again {
            self.open_search(kind);
            self.edit_query(|typed| *typed = query);
        }
        self.message = Some(format!("library changed: {summary}"));
    }
}
