//! The search line: title search and full-text search over titles and paragraphs, both as
//! you type, both answered by workers.

use std::sync::Arc;

use super::focus::Focus;
use super::jobs::TextIndex;
use super::list::ListPosition;
use super::overlays::Overlay;
use super::related::RelatedRow;
use super::search_line::{MAX_QUERY_CHARS, SearchKind, SearchLine};
use super::state::App;
use crate::domain::fulltext::{TextHit, hits_in, parse_query};
use crate::domain::library::ArticleId;
use crate::domain::sanitize::{is_unsafe, sanitize};
use crate::domain::worker::Job;
use crate::domain::wrap::DisplayLine;

/// How many of the best title matches a keystroke ranks: a screenful and more. The list asks
/// for more as the selection comes near the last one ranked.
const FIRST_ROWS: usize = 200;

impl App {
    /// Opens the search line: the last accepted search of this kind as it was (query,
    /// results, selection), else an empty one where titles list everything and full text
    /// nothing yet (but its index starts building, if it is not built yet).
    pub(super) fn open_search(&mut self, kind: SearchKind) {
        if let Some(mut last) = self.last_search.take_if(|last| last.kind == kind) {
            last.restore = self.list.position;
            last.article = self.open_visit();
            last.reopened = true;
            self.overlays.show_search(last);
            self.refresh_highlights();
            self.preview();
            return;
        }
        let results = match kind {
            SearchKind::Titles => self.library.ids().collect(),
            SearchKind::FullText => Vec::new(),
        };
        self.open_search_with(kind, String::new(), results);
        if kind == SearchKind::FullText && self.background.index == TextIndex::Unbuilt {
            self.edit_query(|_| {});
        }
    }

    /// Opens the search line with `query` and `results`, remembering the list to restore.
    pub(super) fn open_search_with(
        &mut self,
        kind: SearchKind,
        query: String,
        mut results: Vec<ArticleId>,
    ) {
        self.keep_filtered(&mut results);
        let (restore, article) = match self.overlays.search() {
            Some(search) => (search.restore, search.article),
            None => (self.list.position, self.open_visit()),
        };
        let parsed = parse_query(&query);
        self.overlays.show_search(SearchLine {
            kind,
            query,
            snippets: Vec::new(),
            snippet_hits: Vec::new(),
            parsed,
            total: results.len(),
            results,
            closest: false,
            highlights: Vec::new(),
            position: ListPosition::default(),
            restore,
            article,
            reopened: false,
            pending: None,
            growing: false,
            to_the_bottom: false,
            accept_when_ready: false,
        });
        self.refresh_highlights();
    }

    /// A typed character; controls are never typed into the query.
    pub(super) fn type_char(&mut self, c: char) {
        if !is_unsafe(c) {
            self.edit_query(|query| query.push(c));
        }
    }

    /// Pasted text, searched once, on one line and without controls.
    pub(super) fn paste(&mut self, text: &str) {
        let text = sanitize(&text.replace(['\r', '\n'], " "));
        self.edit_query(|query| query.push_str(&text));
    }

    /// Changes the query of the line on top (typed, pasted, or searched again after a
    /// reload) and searches again.
    pub(super) fn edit_query(&mut self, edit: impl FnOnce(&mut String)) {
        let cut = match self.overlays.top_mut() {
            Some(Overlay::Search(search)) => search.edit(edit),
            Some(Overlay::Find(find)) => find.edit(edit),
            _ => return,
        };
        self.query_edited(cut);
    }

    /// The query of the line on top changed (and was `cut` to its longest): a worker is asked
    /// for its matches, or the article's hits are found again.
    pub(super) fn query_edited(&mut self, cut: bool) {
        if self.overlays.find().is_some() {
            self.find_edited(cut);
            return;
        }
        self.message = cut.then(cut_message);
        let Some(search) = self.overlays.search_mut() else {
            return;
        };
        // The closest titles of a dangling link are not wanted once the query changes.
        self.background.closest = None;
        let query = search.query.clone();
        let job = match search.kind {
            SearchKind::Titles => Job::Titles {
                version: self.background.version,
                titles: self.titles.share(),
                query,
                // The filter hides rows the count would include: every match is ranked.
                rows: if self.list.filter.is_active() {
                    usize::MAX
                } else {
                    FIRST_ROWS
                },
            },
            SearchKind::FullText => {
                if self.background.index == TextIndex::Unbuilt {
                    self.background.index = TextIndex::Building;
                }
                Job::FullText {
                    library: Arc::clone(&self.library),
                    version: self.background.version,
                    query,
                }
            }
        };
        let generation = self.submit(job);
        // Answers come after this action, whose effects send the job.
        if let Some(search) = self.overlays.search_mut() {
            search.pending = Some(generation);
            search.growing = false;
            search.to_the_bottom = false;
        }
    }

    /// Asks the worker to rank more title matches when the selection comes within two
    /// screens of the last one ranked (a keystroke ranks only the first [`FIRST_ROWS`]), or
    /// every match when the selection went `to_the_bottom`: the last match is where it goes
    /// once they arrive.
    pub(super) fn rank_more_if_near_the_end(&mut self, to_the_bottom: bool) {
        let height = self.list_height();
        let Some(search) = self.overlays.search() else {
            return;
        };
        let (selected, ranked) = (search.position.selected.0, search.results.len());
        // A request for more rows may be replaced by one for all of them; a new query's may not.
        let busy = search.pending.is_some() && !(to_the_bottom && search.growing);
        if search.kind != SearchKind::Titles
            || busy
            || ranked >= search.total
            || (!to_the_bottom && selected + 2 * height < ranked)
        {
            return;
        }
        let job = Job::Titles {
            version: self.background.version,
            titles: self.titles.share(),
            query: search.query.clone(),
            rows: if to_the_bottom {
                usize::MAX
            } else {
                (2 * ranked).max(selected + 4 * height)
            },
        };
        let generation = self.submit(job);
        if let Some(search) = self.overlays.search_mut() {
            search.pending = Some(generation);
            search.growing = true;
            search.to_the_bottom = to_the_bottom;
        }
    }

    /// The full-text search's answer, if it is for the latest query.
    pub(super) fn receive_text(&mut self, generation: u64, mut hits: Vec<TextHit>) {
        let Some(search) = self.overlays.search() else {
            return;
        };
        if search.pending != Some(generation) || search.kind != SearchKind::FullText {
            return;
        }
        // Results mean the index is built, whatever became of its own message.
        self.background.index = TextIndex::Ready;
        if self.list.filter.is_active() {
            hits.retain(|hit| self.passes_filter(hit.id));
        }
        let Some(search) = self.overlays.search_mut() else {
            return;
        };
        // The query is parsed once per answer, and the snippets' hits found now, never while
        // drawing.
        search.parsed = parse_query(&search.query);
        search.results = hits.iter().map(|hit| hit.id).collect();
        search.total = hits.len();
        search.snippet_hits = (hits.iter())
            .map(|hit| hits_in(&hit.snippet, &search.parsed))
            .collect();
        search.snippets = hits.into_iter().map(|hit| hit.snippet).collect();
        search.position = ListPosition::default();
        search.pending = None;
        let accept = std::mem::take(&mut search.accept_when_ready);
        self.refresh_highlights();
        if accept {
            self.accept_search();
        }
    }

    /// Drops the articles the list's filter hides.
    fn keep_filtered(&self, ids: &mut Vec<ArticleId>) {
        if self.list.filter.is_active() {
            ids.retain(|&id| self.passes_filter(id));
        }
    }

    /// Takes the background search's answer (the first of `total` matches), if it is for the
    /// latest query.
    pub(super) fn receive_results(
        &mut self,
        generation: u64,
        ids: Vec<ArticleId>,
        total: usize,
        complete: bool,
    ) {
        let Some(search) = self.overlays.search_mut() else {
            return;
        };
        if search.pending != Some(generation) {
            return;
        }
        if !complete {
            self.show_results(ids, total);
            return;
        }
        search.pending = None;
        let accept = std::mem::take(&mut search.accept_when_ready);
        if std::mem::take(&mut search.growing) {
            // More rows of the same ranking: the rows above are the same, the selection stays
            // (or goes on to the bottom it was sent to).
            search.results = ids;
            search.total = total;
            if std::mem::take(&mut search.to_the_bottom) {
                let height = self.list_height();
                if let Some(search) = self.overlays.search_mut() {
                    search
                        .position
                        .move_by(isize::MAX, search.results.len(), height);
                }
                self.preview();
            }
            self.refresh_highlights();
        } else {
            self.show_results(ids, total);
        }
        if accept {
            self.accept_search();
        }
    }

    /// Shows `ids`, the first of `total` results, from the top.
    pub(super) fn show_results(&mut self, mut ids: Vec<ArticleId>, total: usize) {
        let shown = ids.len();
        self.keep_filtered(&mut ids);
        if let Some(search) = self.overlays.search_mut() {
            // Only a list holding every result is filtered (see `query_edited`).
            search.total = total - (shown - ids.len());
            search.results = ids;
            search.position = ListPosition::default();
        }
        self.refresh_highlights();
    }

    pub(super) fn cancel_search(&mut self) {
        if self.overlays.find().is_some() {
            self.cancel_find();
            return;
        }
        if let Some(search) = self.overlays.take_search() {
            self.list.position = search.restore;
            self.back_from_preview(search.article);
        }
        self.message = None;
    }

    pub(super) fn accept_search(&mut self) {
        if self.overlays.find().is_some() {
            self.accept_find();
            return;
        }
        let Some(search) = self.overlays.search_mut() else {
            return;
        };
        let kind = search.kind;
        let text_query = search.parsed.clone();
        if search.pending.is_some() {
            search.accept_when_ready = true;
            return;
        }
        let Some(&id) = search.results.get(search.position.selected.0) else {
            self.message = Some("no matches".to_owned());
            return;
        };
        let article = search.article;
        if let Some(mut search) = self.overlays.take_search() {
            search.reopened = false;
            self.last_search = Some(search);
        }
        // The preview was not a visit: the article chosen is one, after the one left.
        self.back_from_preview(article);
        self.message = None;
        // A full-text search leaves its hits highlighted until the next search of either kind.
        self.reader.hits.query = (kind == SearchKind::FullText).then_some(text_query);
        if self.current() != Some(id) {
            self.open_article(id);
        } else {
            self.chose_the_open_article(id);
            self.reader.find_hits();
            let height = self.list_height();
            self.list.select_article(id, height);
        }
        self.focus_on(Focus::Reader);
        if let Some(first) = self.reader.hits.spans.first().map(|span| span.line) {
            // Bring the first hit into view unless it already is.
            let (scroll, height) = (self.reader.scroll(), self.reader_height());
            if first.0 >= scroll.0 + height || first < scroll {
                let moved = self.reader.go_to_hit(0, height);
                self.reader_moved(moved);
            }
        }
    }

    /// The open article and where it is read, to come back to after previews.
    fn open_visit(&self) -> Option<(ArticleId, DisplayLine, Option<RelatedRow>)> {
        Some((
            self.current()?,
            self.reader.scroll(),
            self.related.link_cursor,
        ))
    }

    /// Shows the selected result in the reader, where reading stopped last time, without
    /// marking it read or visiting it in history.
    pub(super) fn preview(&mut self) {
        let Some(search) = self.overlays.search() else {
            return;
        };
        let Some(&id) = search.results.get(search.position.selected.0) else {
            return;
        };
        if self.current() == Some(id) {
            return;
        }
        let list = self.list.position;
        self.display_where_stopped(id);
        // The list under the results stays as it was, to be restored.
        self.list.position = list;
    }

    /// Puts back the article that was open before previews.
    pub(super) fn back_from_preview(
        &mut self,
        article: Option<(ArticleId, DisplayLine, Option<RelatedRow>)>,
    ) {
        if let Some((id, scroll, link)) = article
            && self.current() != Some(id)
        {
            let list = self.list.position;
            self.display(id, scroll, link);
            self.list.position = list;
        }
    }

    /// Recomputes the matched characters of the visible search results. Done here, not while
    /// drawing, because the matcher needs `&mut` and drawing only reads.
    pub(super) fn refresh_highlights(&mut self) {
        let height = self.list_height();
        let Some(search) = self.overlays.search_mut() else {
            return;
        };
        let start = search.position.offset.0.min(search.results.len());
        let end = (start + height).min(search.results.len());
        search.highlights = match search.kind {
            SearchKind::Titles => search.results[start..end]
                .iter()
                .map(|&id| self.titles.matched_chars(id, &search.query))
                .collect(),
            SearchKind::FullText => search.results[start..end]
                .iter()
                .map(|&id| hit_chars(self.library.get(id).title(), &search.parsed))
                .collect(),
        };
    }
}

/// What the status bar says when a query was cut.
pub(super) fn cut_message() -> String {
    format!("search text cut to {MAX_QUERY_CHARS} characters")
}

/// Char positions in `title` covered by a hit of `query`, for highlighting.
fn hit_chars(title: &str, query: &crate::domain::fulltext::Query) -> Vec<usize> {
    let hits = hits_in(title, query);
    title
        .char_indices()
        .enumerate()
        .filter(|(_, (at, _))| hits.iter().any(|hit| hit.contains(at)))
        .map(|(n, _)| n)
        .collect()
}
